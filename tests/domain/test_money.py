"""Money (docs/rules.md#money: integer fen in the database, Decimal in code, never float)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.money import (
    MAX_CAPITAL_FEN,
    chinese_capital,
    ensure_decimal,
    ensure_fen,
    fen_to_yuan,
    format_yuan,
    parse_amount,
    round_half_up,
    yuan_to_fen,
)

# --- parse_amount ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("128.5", 12850),
        ("128.50", 12850),
        ("128", 12800),
        ("128.", 12800),
        ("0.5", 50),
        (".5", 50),
        ("0.01", 1),
        ("¥1,280.50", 128050),
        ("￥1280.5", 128050),
        ("¥ 12", 1200),
        ("RMB 12.30", 1230),
        ("cny12", 1200),
        ("12元", 1200),
        ("  12.3  ", 1230),
        ("１２８．５０", 12850),  # full-width digits and point (全角)
        ("￥１，２８０．５", 128050),  # full-width comma too
        ("1,234,567.89", 123456789),
        ("0012.5", 1250),
        ("+5", 500),
        ("12.340", 1234),  # exact: the third decimal is a zero, nothing is rounded away
        ("12.3400", 1234),
    ],
)
def test_parse_amount_accepts_what_clerks_type(text: str, fen: int) -> None:
    assert parse_amount(text, "amount", "收款金额") == fen


def test_parse_amount_takes_decimal_yuan() -> None:
    assert parse_amount(Decimal("128.5"), "amount") == 12850
    assert parse_amount(Decimal("1E+2"), "amount") == 10000


def _error(text: object, **kwargs: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_amount(text, "amount", "收款金额", **kwargs)  # type: ignore[arg-type]
    assert info.value.field == "amount"
    return info.value


@pytest.mark.parametrize("text", ["-1", "-0.01", "－5", "−5", "¥-12", "-¥12"])
def test_parse_amount_rejects_negative(text: str) -> None:
    assert _error(text).message == "收款金额不能为负数"


@pytest.mark.parametrize("text", ["0", "0.00", "¥0", "-0", ".0"])
def test_parse_amount_rejects_zero_unless_allowed(text: str) -> None:
    assert _error(text).message == "收款金额必须大于零"
    assert parse_amount(text, "amount", allow_zero=True) == 0


@pytest.mark.parametrize("text", ["12.345", "0.001", "1.999", "12.3401"])
def test_parse_amount_rejects_more_than_two_decimals(text: str) -> None:
    assert _error(text).message == "收款金额最多两位小数（精确到分）"


@pytest.mark.parametrize(
    "text", ["abc", "12a", "1e3", "NaN", "nan", "inf", "Infinity", "1.2.3", ".", "¥", "12 34", "0x10", "一百"]
)
def test_parse_amount_rejects_non_numbers(text: str) -> None:
    assert "格式不正确" in _error(text).message


@pytest.mark.parametrize("text", ["1,2,80", "12,80.5", ",5", "1,2345"])
def test_parse_amount_rejects_misplaced_thousands_separators(text: str) -> None:
    assert "千分位" in _error(text).message


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_parse_amount_asks_for_a_value_when_empty(text: str) -> None:
    assert _error(text).message == "请输入收款金额"


def test_parse_amount_rejects_amounts_over_the_configured_limit() -> None:
    assert parse_amount("50000", "amount", max_fen=5_000_000) == 5_000_000
    assert _error("50000.01", max_fen=5_000_000).message == "收款金额不能超过¥50,000.00"


def test_parse_amount_rejects_absurdly_long_numbers() -> None:
    assert _error("9" * 5000).message == "收款金额过大"


def test_parse_amount_rejects_non_finite_decimal() -> None:
    assert "格式不正确" in _error(Decimal("NaN")).message
    assert "格式不正确" in _error(Decimal("Infinity")).message


@pytest.mark.parametrize("bad", [128.5, 0.1, float("nan")])
def test_parse_amount_refuses_float_with_type_error(bad: float) -> None:
    with pytest.raises(TypeError):
        parse_amount(bad, "amount")  # type: ignore[arg-type]


def test_parse_amount_refuses_int_since_fen_or_yuan_would_be_ambiguous() -> None:
    with pytest.raises(TypeError):
        parse_amount(128, "amount")  # type: ignore[arg-type]


# --- conversions and rounding ---------------------------------------------------------------


def test_fen_to_yuan_is_exact_decimal_with_two_places() -> None:
    assert fen_to_yuan(12850) == Decimal("128.50")
    assert str(fen_to_yuan(12850)) == "128.50"
    assert str(fen_to_yuan(1)) == "0.01"
    assert str(fen_to_yuan(-5)) == "-0.05"
    assert str(fen_to_yuan(0)) == "0.00"


def test_yuan_to_fen_rounds_half_up() -> None:
    assert yuan_to_fen(Decimal("128.5")) == 12850
    assert yuan_to_fen(Decimal("0.005")) == 1
    assert yuan_to_fen(Decimal("0.0049")) == 0
    assert yuan_to_fen(Decimal("-0.005")) == -1


@pytest.mark.parametrize(
    ("value", "exp", "expected"),
    [
        ("2.345", "0.01", "2.35"),
        ("2.335", "0.01", "2.34"),  # half-up, not banker's rounding (which gives 2.34 too)
        ("2.325", "0.01", "2.33"),  # banker's would give 2.32
        ("0.125", "0.01", "0.13"),
        ("-2.345", "0.01", "-2.35"),
        ("0.53805", "0.0001", "0.5381"),
        ("2.5", "1", "3"),
    ],
)
def test_round_half_up(value: str, exp: str, expected: str) -> None:
    assert round_half_up(Decimal(value), exp) == Decimal(expected)
    assert round_half_up(Decimal(value), Decimal(exp)) == Decimal(expected)


def test_rounding_refuses_float() -> None:
    with pytest.raises(TypeError):
        round_half_up(2.345)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        yuan_to_fen(0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fen_to_yuan(1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ensure_fen(True)
    with pytest.raises(TypeError):
        ensure_decimal(0.5)


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "¥0.00"),
        (1, "¥0.01"),
        (12850, "¥128.50"),
        (128050, "¥1,280.50"),
        (123456789, "¥1,234,567.89"),
        (-500, "-¥5.00"),
    ],
)
def test_format_yuan(fen: int, text: str) -> None:
    assert format_yuan(fen) == text
    assert format_yuan(fen, symbol=False) == text.replace("¥", "")


@given(st.integers(min_value=0, max_value=10**15))
def test_format_then_parse_round_trips(fen: int) -> None:
    assert parse_amount(format_yuan(fen), "amount", allow_zero=True) == fen


# --- 大写金额 --------------------------------------------------------------------------------

#: Examples printed in 《正确填写票据和结算凭证的基本规定》 (支付结算办法 附件, 中国人民银行).
#: Where the rules allow two forms we print the first one, and always 整 after 角.
PBOC_EXAMPLES = [
    (140950, "壹仟肆佰零玖元伍角整"),  # rule 4(1): a 0 inside the number is written 零
    (600714, "陆仟零柒元壹角肆分"),  # rule 4(2): several 0s in a row → one 零
    (168032, "壹仟陆佰捌拾元零叁角贰分"),  # rule 4(3): 元位 is 0, 角 is not → 零 after 元
    (10700053, "壹拾万柒仟元零伍角叁分"),  # rule 4(3): 万位 is 0, 仟 is not → no 零 after 万
    (1640902, "壹万陆仟肆佰零玖元零贰分"),  # rule 4(4): 角 is 0, 分 is not → 零 after 元
    (32504, "叁佰贰拾伍元零肆分"),  # rule 4(4)
]

CAPITAL_VECTORS = [
    # the receipt examples of the issue / design
    (12850, "壹佰贰拾捌元伍角整"),
    (100000, "壹仟元整"),
    (100050, "壹仟元零伍角整"),
    (1000005, "壹万元零伍分"),
    (10010, "壹佰元零壹角整"),
    (0, "零元整"),
    # below one yuan: no 元
    (1, "壹分"),
    (5, "伍分"),
    (10, "壹角整"),
    (50, "伍角整"),
    (55, "伍角伍分"),
    (99, "玖角玖分"),
    # yuan, 角, 分 combinations
    (100, "壹元整"),
    (101, "壹元零壹分"),
    (110, "壹元壹角整"),
    (111, "壹元壹角壹分"),
    (1000, "壹拾元整"),  # 拾 always carries its 壹
    (1060, "壹拾元零陆角整"),
    (1500, "壹拾伍元整"),
    (1508, "壹拾伍元零捌分"),
    (10000, "壹佰元整"),
    (10500, "壹佰零伍元整"),
    (11000, "壹佰壹拾元整"),
    (101000, "壹仟零壹拾元整"),
    (100100, "壹仟零壹元整"),
    (110000, "壹仟壹佰元整"),
    # across the 万 group
    (1000000, "壹万元整"),
    (1000100, "壹万零壹元整"),
    (1001000, "壹万零壹拾元整"),
    (1010000, "壹万零壹佰元整"),
    (1100000, "壹万壹仟元整"),
    (3000500, "叁万零伍元整"),
    (10000000, "壹拾万元整"),
    (10001000, "壹拾万零壹拾元整"),
    (12000008, "壹拾贰万元零捌分"),
    (20000000, "贰拾万元整"),
    (100000000, "壹佰万元整"),
    (100000010, "壹佰万元零壹角整"),
    (540000100, "伍佰肆拾万零壹元整"),
    (1000000000, "壹仟万元整"),
    (1000010000, "壹仟万零壹佰元整"),
    # across the 亿 group
    (1_0000_0000_00, "壹亿元整"),
    (1_0000_0001_00, "壹亿零壹元整"),
    (1_0000_1000_00, "壹亿零壹仟元整"),
    (1_0001_0000_00, "壹亿零壹万元整"),
    (1_0010_0000_00, "壹亿零壹拾万元整"),
    (1_1000_0000_00, "壹亿壹仟万元整"),
    (1_0000_0000_01, "壹亿元零壹分"),
    (10_0000_0000_00, "壹拾亿元整"),
    (10_0100_0000_00, "壹拾亿零壹佰万元整"),
    (1234_5678_9012_34, "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分"),
    (1_0000_0000_0000_00, "壹万亿元整"),
    (1_0100_0000_0000_00, "壹万零壹佰亿元整"),
    (MAX_CAPITAL_FEN, "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize(("fen", "capital"), PBOC_EXAMPLES)
def test_chinese_capital_matches_the_pboc_examples(fen: int, capital: str) -> None:
    """《支付结算办法》附件《正确填写票据和结算凭证的基本规定》 第四条:

    (1) 阿拉伯数字中间有"0"时，中文大写金额要写"零"字；
    (2) 中间连续有几个"0"时，中文大写金额中间可以只写一个"零"字；
    (3) 万位或元位是"0"……但千位、角位不是"0"时，可以只写一个零字，也可以不写"零"字
        (we write 零 after 元 and none after 万, the first forms of the examples);
    (4) 角位是"0"，而分位不是"0"时，"元"后面应写"零"字.
    第二条: 到"元"为止的在"元"之后写"整"字，在"角"之后可以不写"整"字 (we write it)，
    有"分"的，"分"后面不写"整"字.
    """
    assert chinese_capital(fen) == capital


@pytest.mark.parametrize(("fen", "capital"), CAPITAL_VECTORS)
def test_chinese_capital_vectors(fen: int, capital: str) -> None:
    """Zeros inside amounts collapse to one 零, including across the 万 and 亿 groups; 零 joins
    two groups only when the lower group is shorter than four digits; 角 without 分 and whole
    yuan end with 整; 分 without 角 has a 零 after 元; 拾 is written 壹拾."""
    assert chinese_capital(fen) == capital
    assert _decode_capital(capital) == fen


def test_chinese_capital_prefix_and_negative() -> None:
    assert chinese_capital(12850, prefix=True) == "人民币壹佰贰拾捌元伍角整"
    assert chinese_capital(-12850) == "负壹佰贰拾捌元伍角整"


def test_chinese_capital_refuses_float_and_huge_amounts() -> None:
    with pytest.raises(TypeError):
        chinese_capital(128.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        chinese_capital(MAX_CAPITAL_FEN + 1)


# An independent decoder: capitals back to fen, so the property test below checks meaning, not
# just "no exception".
_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def _decode_section(text: str) -> int:
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        else:
            total += digit * _UNIT[ch]
            digit = 0
    return total + digit


def _decode_integer(text: str) -> int:
    if "亿" in text:
        high, low = text.rsplit("亿", 1)
        return _decode_integer(high) * 10**8 + _decode_integer(low)
    if "万" in text:
        high, low = text.rsplit("万", 1)
        return _decode_section(high) * 10**4 + _decode_section(low)
    return _decode_section(text)


def _decode_capital(text: str) -> int:
    text = text.removesuffix("整")
    if text == "零元":
        return 0
    yuan_text, _, rest = text.rpartition("元")
    fen = _decode_integer(yuan_text) * 100
    if m := re.search(r"(.)角", rest):
        fen += _DIGIT[m.group(1)] * 10
    if m := re.search(r"(.)分", rest):
        fen += _DIGIT[m.group(1)]
    return fen


@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_capital_never_raises_and_decodes_back(fen: int) -> None:
    text = chinese_capital(fen)
    assert _decode_capital(text) == fen
    assert "零零" not in text
    if fen:
        assert not re.search(r"零[元万亿整]", text)  # no dangling zero before a unit or the end
    assert text.endswith("整") == (fen % 10 == 0)  # 整 exactly when there are no 分
    assert set(text) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整")


@given(st.integers(min_value=0, max_value=MAX_CAPITAL_FEN))
def test_chinese_capital_whole_range_decodes_back(fen: int) -> None:
    assert _decode_capital(chinese_capital(fen)) == fen
