"""ID checks (docs/rules.md#id-checks): 居民身份证 GB 11643-1999, 统一社会信用代码 GB 32100-2015."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.ids import (
    CREDIT_CODE_ALPHABET,
    ID_TYPES,
    check_credit_code,
    check_id_document,
    check_resident_id,
    make_credit_code,
    make_resident_id,
    resident_id_birth_date,
    resident_id_to_18,
    resident_id_variants,
)

# Independent of the module (which reuses stdnum): the weights and table printed in GB 11643.
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_TABLE = "10X98765432"


def gb11643_check(first17: str) -> str:
    return _RIC_TABLE[sum(int(d) * w for d, w in zip(first17, _RIC_WEIGHTS, strict=True)) % 11]


def gb32100_check(body17: str) -> str:
    weights = [pow(3, i, 31) for i in range(17)]  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(body17, weights, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


# --- 居民身份证 ---------------------------------------------------------------------------

# 11010519491231002X is the example printed in GB 11643-1999; 360426199101010071 is stdnum's.
PUBLISHED_RESIDENT_IDS = ["11010519491231002X", "360426199101010071"]


@pytest.mark.parametrize("number", PUBLISHED_RESIDENT_IDS)
def test_resident_id_published_examples_pass_mod_11_2(number: str) -> None:
    result = check_resident_id(number)
    assert result.ok and result.message is None and not result.overridable
    assert result.normalized == number
    assert gb11643_check(number[:17]) == number[17]


def test_resident_id_lower_case_x_is_upper_cased() -> None:
    result = check_resident_id("11010519491231002x")
    assert result.ok and result.normalized == "11010519491231002X"


def test_resident_id_full_width_digits_become_half_width() -> None:
    result = check_resident_id("１１０１０５１９４９１２３１００２Ｘ")
    assert result.ok and result.normalized == "11010519491231002X"


def test_resident_id_spaces_inside_and_around_are_removed() -> None:
    result = check_resident_id("  110105 19491231 002X\u3000")
    assert result.ok and result.normalized == "11010519491231002X"


def test_resident_id_wrong_check_digit_is_overridable_and_names_the_right_one() -> None:
    result = check_resident_id("110105194912310021")
    assert not result.ok and result.overridable
    assert result.message == "居民身份证号校验码错误，应为 X"


def test_resident_id_fifteen_digit_old_id_is_accepted_as_is() -> None:
    result = check_resident_id("110105491231002")
    assert result.ok and result.normalized == "110105491231002"
    assert resident_id_birth_date("110105491231002") == dt.date(1949, 12, 31)


def test_resident_id_fifteen_digit_with_impossible_date_is_overridable() -> None:
    result = check_resident_id("110105491331002")
    assert not result.ok and result.overridable
    assert "出生日期“19491331”不是有效日期" in (result.message or "")


def test_resident_id_fifteen_digits_cannot_contain_x() -> None:
    result = check_resident_id("11010549123100X")
    assert not result.ok and not result.overridable


def test_resident_id_unknown_area_code_is_fine() -> None:
    # 119999 is in no area table; only the province prefix 11 is checked.
    number = make_resident_id("119999", dt.date(1980, 5, 17), "123")
    assert check_resident_id(number).ok


def test_resident_id_invalid_province_prefix_is_overridable() -> None:
    first17 = "00010519491231002"
    result = check_resident_id(first17 + gb11643_check(first17))
    assert not result.ok and result.overridable
    assert "不是有效的省级行政区划代码" in (result.message or "")


def test_resident_id_impossible_birth_date_is_overridable() -> None:
    first17 = "11010519490230002"  # 30 February
    result = check_resident_id(first17 + gb11643_check(first17))
    assert not result.ok and result.overridable
    assert "出生日期“19490230”不是有效日期" in (result.message or "")


def test_resident_id_birth_date_in_the_future_is_overridable() -> None:
    first17 = "11010520300101002"
    result = check_resident_id(first17 + gb11643_check(first17), today=dt.date(2025, 1, 1))
    assert not result.ok and result.overridable
    assert "晚于今天" in (result.message or "")


def test_resident_id_birth_date_before_1900_is_overridable() -> None:
    first17 = "11010518991231002"
    result = check_resident_id(first17 + gb11643_check(first17))
    assert not result.ok and result.overridable
    assert "早于1900年" in (result.message or "")


def test_resident_id_several_problems_are_all_reported() -> None:
    result = check_resident_id("11010519491331002X")
    assert result.overridable
    assert "不是有效日期" in (result.message or "") and "校验码错误" in (result.message or "")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("11010519491231002X1", "当前为19位"),
        ("1101051949123", "当前为13位"),
        ("1101051949123A002X", "不能包含“A”"),
        ("张三", "不能包含“张”"),
        ("11010519491231002X😀", "不能包含“😀”"),
        ("110105194912310X2X", "X只能出现在最后一位"),
        ("'; DROP TABLE customers;--", "不能包含“'”"),
    ],
)
def test_resident_id_hopeless_input_is_not_overridable(value: str, fragment: str) -> None:
    result = check_resident_id(value)
    assert not result.ok and not result.overridable
    assert fragment in (result.message or "")


def test_resident_id_birth_date_is_read_from_18_digit_ids() -> None:
    assert resident_id_birth_date("11010519491231002X") == dt.date(1949, 12, 31)
    assert resident_id_birth_date("11010519491331002X") is None
    assert resident_id_birth_date("abc") is None


_AREAS = st.builds(
    lambda prov, rest: prov + rest,
    st.sampled_from(["11", "31", "33", "44", "51", "65", "81", "83"]),
    st.text("0123456789", min_size=4, max_size=4),
)
_BIRTHS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today())
_SEQS = st.text("0123456789", min_size=3, max_size=3)


@given(_AREAS, _BIRTHS, _SEQS)
def test_resident_id_made_by_make_resident_id_always_passes(area: str, birth: dt.date, seq: str) -> None:
    number = make_resident_id(area, birth, seq)
    result = check_resident_id(number)
    assert result.ok, result.message
    assert gb11643_check(number[:17]) == number[17]
    assert resident_id_birth_date(number) == birth


@given(_AREAS, _BIRTHS, _SEQS, st.integers(0, 17), st.sampled_from("0123456789X"))
def test_resident_id_any_single_character_change_fails_overridably(
    area: str, birth: dt.date, seq: str, position: int, replacement: str
) -> None:
    number = make_resident_id(area, birth, seq)
    if position < 17 and replacement == "X":
        replacement = "0" if number[position] != "0" else "1"
    if number[position] == replacement:
        return
    changed = number[:position] + replacement + number[position + 1 :]
    result = check_resident_id(changed)
    assert not result.ok and result.overridable


@given(st.text(max_size=40))
def test_resident_id_check_never_raises_and_ok_means_well_formed(value: str) -> None:
    result = check_resident_id(value)
    assert result.ok == (result.message is None)
    if result.ok:
        assert len(result.normalized) in (15, 18)


def test_make_resident_id_rejects_bad_parts() -> None:
    with pytest.raises(ValueError):
        make_resident_id("0001", dt.date(1990, 1, 1), "001")
    with pytest.raises(ValueError):
        make_resident_id("990000", dt.date(1990, 1, 1), "001")
    with pytest.raises(ValueError):
        make_resident_id("330106", dt.date(1990, 1, 1), "1")


# --- 统一社会信用代码 -----------------------------------------------------------------------

# Published codes; each check character verified by computing it (see gb32100_check).
PUBLISHED_CREDIT_CODES = [
    "91350100M000100Y43",  # example on zh.wikipedia 统一社会信用代码
    "91110000600037341L",  # python-stdnum's doctest
    "914403001922038216",  # 华为技术有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
    "91440300708461136T",  # 深圳市腾讯计算机系统有限公司
    "91330100716105852F",  # 阿里巴巴（中国）网络技术有限公司
]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_credit_code_published_examples_pass_mod_31(code: str) -> None:
    assert gb32100_check(code[:17]) == code[17]
    result = check_credit_code(code)
    assert result.ok and result.normalized == code


def test_credit_code_starting_with_letters_n2_is_accepted() -> None:
    # 农村集体经济组织 codes start with N2; stdnum.cn.uscc.validate() rejects them.
    body = "N2330106MF0000001"
    code = body + gb32100_check(body)
    assert code == "N2330106MF00000010"
    assert check_credit_code(code).ok


def test_credit_code_lower_case_and_spaces_are_normalised() -> None:
    result = check_credit_code(" 91350100 m000100 y43 ")
    assert result.ok and result.normalized == "91350100M000100Y43"


def test_credit_code_full_width_is_normalised() -> None:
    assert check_credit_code("９１３５０１００Ｍ０００１００Ｙ４３").ok


def test_credit_code_wrong_check_character_is_overridable() -> None:
    result = check_credit_code("91350100M000100Y44")
    assert not result.ok and result.overridable
    assert result.message == "统一社会信用代码校验码错误，应为 3"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "不能为空"),
        ("9135", "当前为4位"),
        ("91350100M000100Y431", "当前为19位"),
        ("91350100M000100I43", "不使用字母I、O、Z、S、V"),
        ("91350100M000100Y4#", "不能包含“#”"),
        ("某某公司", "不能包含“某”"),
    ],
)
def test_credit_code_hopeless_input_is_not_overridable(value: str, fragment: str) -> None:
    result = check_credit_code(value)
    assert not result.ok and not result.overridable
    assert fragment in (result.message or "")


_CREDIT_BODIES = st.text(CREDIT_CODE_ALPHABET, min_size=17, max_size=17)


@given(_CREDIT_BODIES)
def test_credit_code_made_by_make_credit_code_always_passes(body: str) -> None:
    code = make_credit_code(body)
    assert code[17] == gb32100_check(body)
    assert check_credit_code(code).ok


@given(_CREDIT_BODIES, st.integers(0, 17), st.sampled_from(CREDIT_CODE_ALPHABET))
def test_credit_code_any_single_character_change_fails_overridably(
    body: str, position: int, replacement: str
) -> None:
    code = make_credit_code(body)
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    result = check_credit_code(changed)
    assert not result.ok and result.overridable


def test_make_credit_code_rejects_bad_body() -> None:
    with pytest.raises(ValueError):
        make_credit_code("9135010")
    with pytest.raises(ValueError):
        make_credit_code("91350100M000100IO")


# --- dispatch and other documents ----------------------------------------------------------


def test_id_types_are_in_display_order() -> None:
    assert list(ID_TYPES) == ["ric", "uscc", "passport", "hkmo", "tw", "prc_foreign", "other"]
    assert ID_TYPES["ric"] == "居民身份证"


def test_id_document_dispatches_resident_id_and_credit_code() -> None:
    assert check_id_document("ric", "11010519491231002X").ok
    assert check_id_document("uscc", "91350100M000100Y43").ok
    assert check_id_document("ric", "110105194912310021").overridable


@pytest.mark.parametrize(
    ("id_type", "value", "normalized"),
    [
        ("passport", "E12345678", "E12345678"),
        ("passport", "ej1234567", "EJ1234567"),
        ("passport", "G 1234 5678", "G12345678"),
        ("hkmo", "H12345678", "H12345678"),
        ("hkmo", "m1234567890", "M1234567890"),
        ("tw", "12345678", "12345678"),
        ("tw", "1234567801(B)", "1234567801B"),
        ("prc_foreign", "USA110079010112", "USA110079010112"),
        ("prc_foreign", "911000197001010011", "911000197001010011"),
        ("other", "军字第123456号", "军字第123456号"),
    ],
)
def test_id_document_other_types_pass_length_and_charset_rules(
    id_type: str, value: str, normalized: str
) -> None:
    result = check_id_document(id_type, value)
    assert result.ok, result.message
    assert result.normalized == normalized


@pytest.mark.parametrize(
    ("id_type", "value", "fragment"),
    [
        ("passport", "", "护照号码不能为空"),
        ("passport", "E12", "应为5到20位，当前为3位"),
        ("passport", "E1234567#", "不能包含“#”"),
        ("hkmo", "X12345678", "H或M开头"),
        ("hkmo", "H1234", "H或M开头"),
        ("tw", "1234", "应为8位数字"),
        ("tw", "1234567８a", "应为8位数字"),
        ("prc_foreign", "11010519491231002X", "9开头的18位数字"),
        ("other", "😀😀", "不能包含“😀”"),
        ("other", "A", "应为2到30位"),
        ("unknown", "123", "不支持的证件类型"),
    ],
)
def test_id_document_other_types_say_what_is_wrong(id_type: str, value: str, fragment: str) -> None:
    result = check_id_document(id_type, value)
    assert not result.ok and not result.overridable
    assert fragment in (result.message or "")


@given(st.sampled_from(["passport", "hkmo", "tw", "prc_foreign", "other"]), st.text(max_size=40))
def test_id_document_other_types_are_never_overridable(id_type: str, value: str) -> None:
    result = check_id_document(id_type, value)
    assert not result.overridable
    assert result.ok == (result.message is None)


# --- 15-digit old numbers and their 18-digit form (duplicate detection, docs/rules.md#duplicates) --------


def test_resident_id_15_digits_upgrade_to_18_with_the_mod_11_2_check_digit() -> None:
    # GB 11643-1999's example 11010519491231002X was, as a 15-digit card, 110105491231002.
    assert resident_id_to_18("110105491231002") == "11010519491231002X"
    assert resident_id_to_18("１１０１０５４９１２３１００２") == "11010519491231002X"  # full-width
    assert resident_id_to_18("11010519491231002x") == "11010519491231002X"  # already 18: normalised
    upgraded = resident_id_to_18("330106800501123")
    assert upgraded == make_resident_id("330106", dt.date(1980, 5, 1), "123")
    assert upgraded is not None and gb11643_check(upgraded[:17]) == upgraded[17]


@pytest.mark.parametrize("value", ["", "12345", "11010549123100X", "1101051949123100AX", "张三"])
def test_resident_id_to_18_refuses_what_is_no_resident_id(value: str) -> None:
    assert resident_id_to_18(value) is None


def test_resident_id_variants_cover_both_forms_both_ways() -> None:
    old, new = "110105491231002", "11010519491231002X"
    assert old in resident_id_variants(new) and new in resident_id_variants(old)
    assert resident_id_variants(new)[0] == new and resident_id_variants(old)[0] == old
    # a mistyped check digit (a supervisor-approved exception) still names the same person
    assert "110105194912310021" in resident_id_variants(new)
    assert len(resident_id_variants(new)) == 12  # itself, 11 check characters (one is itself), the 15-digit form


def test_resident_id_variants_have_no_15_digit_form_after_1999() -> None:
    born_2001 = make_resident_id("330106", dt.date(2001, 2, 3), "456")
    variants = resident_id_variants(born_2001)
    assert all(len(v) == 18 for v in variants)
    # 330106010203456 is a 15-digit card of someone born in 1901, not this person.
    assert "330106010203456" not in variants


@pytest.mark.parametrize("value", ["E12345678", "12345", ""])
def test_resident_id_variants_of_anything_else_is_just_itself(value: str) -> None:
    assert resident_id_variants(value) == ((value,) if value else ())


@given(st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)), st.integers(0, 999))
def test_resident_id_every_19xx_number_round_trips_through_its_15_digit_form(birth: dt.date, seq: int) -> None:
    full = make_resident_id("330106", birth, f"{seq:03d}")
    short = full[:6] + full[8:17]
    assert resident_id_to_18(short) == full
    assert short in resident_id_variants(full) and full in resident_id_variants(short)


def test_wrong_shape_of_other_id_documents_never_repeats_the_number() -> None:
    """Personal data never reaches an error message: a wrongly shaped 港澳/台湾/外国人永居 number
    is described by its length, not echoed back."""
    from app.domain.ids import _check_foreign_permanent, _check_hkmo, _check_tw

    for check, value in ((_check_hkmo, "H1234567890123"), (_check_tw, "12345"), (_check_foreign_permanent, "ABC12")):
        result = check(value)
        assert not result.ok and result.message
        assert value not in str(result.message)
