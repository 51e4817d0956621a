"""Money (金额): integer fen (分) in storage, :class:`~decimal.Decimal` in code, never float.

* :func:`parse_amount` turns what a clerk types ("128.5", "¥1,280.50", full-width "１２８．５")
  into fen, or raises a :class:`~app.domain.errors.ValidationError` with a Chinese message.
* :func:`fen_to_yuan`, :func:`yuan_to_fen`, :func:`format_yuan` convert and display.
* :func:`round_half_up` is the one rounding rule of the money path (四舍五入): amounts are
  rounded at defined points only (each bill line, a late fee's total), never on the way.
* :func:`chinese_capital` writes the 大写金额 printed on receipts, following the
  《支付结算办法》 annex 《正确填写票据和结算凭证的基本规定》 (中国人民银行, 1997).

A ``float`` anywhere on this path raises ``TypeError``: 0.1 + 0.2 is not 0.3, and a binary
fraction cannot hold most fen amounts exactly.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.errors import ValidationError, term

__all__ = [
    "FEN",
    "MAX_CAPITAL_FEN",
    "chinese_capital",
    "ensure_decimal",
    "ensure_fen",
    "fen_to_yuan",
    "format_yuan",
    "parse_amount",
    "round_half_up",
    "yuan_to_fen",
]

#: One fen expressed in yuan: the quantum of every money amount.
FEN = Decimal("0.01")

#: Largest amount :func:`chinese_capital` writes: 9999 万亿 元 (just under 10^16 yuan) in fen.
MAX_CAPITAL_FEN = 10**18 - 1


def _reject_float(value: object, what: str) -> None:
    if isinstance(value, float):
        raise TypeError(f"{what} must not be a float (got {value!r}); use Decimal, int fen or text")


def ensure_fen(value: object, what: str = "amount_fen") -> int:
    """Return ``value`` if it is an int amount of fen; ``TypeError`` for float, bool or others."""
    _reject_float(value, what)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int number of fen, got {type(value).__name__}")
    return value


def ensure_decimal(value: object, what: str = "value") -> Decimal:
    """Return ``value`` as a finite Decimal; int and numeric text are accepted, float is not."""
    _reject_float(value, what)
    if isinstance(value, bool):
        raise TypeError(f"{what} must be a Decimal, got bool")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{what} is not a number: {value!r}") from None
    else:
        raise TypeError(f"{what} must be a Decimal, int or numeric text, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"{what} must be finite, got {value!r}")
    return result


def round_half_up(value: Decimal, exp: Decimal | str = FEN) -> Decimal:
    """Round ``value`` half away from zero (四舍五入) to the quantum ``exp`` (default: one fen).

    ``round_half_up(Decimal("2.345"))`` is 2.35 and ``round_half_up(Decimal("-2.345"))`` is
    -2.35 (Decimal's ROUND_HALF_UP rounds the magnitude, the way people round by hand).
    """
    _reject_float(value, "value")
    _reject_float(exp, "exp")
    if not isinstance(value, Decimal):
        raise TypeError(f"round_half_up needs a Decimal, got {type(value).__name__}")
    quantum = Decimal(exp) if isinstance(exp, str) else exp
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def fen_to_yuan(fen: int) -> Decimal:
    """12850 → Decimal('128.50') (always two decimal places)."""
    ensure_fen(fen, "fen")
    return Decimal(fen).scaleb(-2).quantize(FEN)


def yuan_to_fen(yuan: Decimal) -> int:
    """Decimal yuan → int fen, rounding half-up to the fen (Decimal('0.005') → 1)."""
    _reject_float(yuan, "yuan")
    if not isinstance(yuan, Decimal):
        raise TypeError(f"yuan_to_fen needs a Decimal, got {type(yuan).__name__}")
    if not yuan.is_finite():
        raise ValueError(f"yuan must be finite, got {yuan!r}")
    return int(round_half_up(yuan).scaleb(2))


def format_yuan(fen: int, symbol: bool = True) -> str:
    """12850 → "¥128.50"; 128050 → "¥1,280.50"; -500 → "-¥5.00" (symbol=False drops the ¥)."""
    ensure_fen(fen, "fen")
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{'¥' if symbol else ''}{yuan:,}.{cents:02d}"


# --- parsing -------------------------------------------------------------------------------

# After NFKC: full-width digits, "．", "，" and "￥" become ASCII / "¥". U+2212 MINUS SIGN and
# the ideographic full stop are not folded by NFKC, so they are mapped here.
_EXTRA_FOLD = str.maketrans({"\u2212": "-", "\u3002": ".", "\u00a0": " "})
_PREFIXES = ("¥", "rmb", "cny")
_SUFFIXES = ("元", "rmb", "cny")
_PLAIN = re.compile(r"(?P<int>\d*)(?:\.(?P<frac>\d*))?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
# 16 yuan digits: the largest amount chinese_capital writes (and far below BIGINT fen).
_MAX_INT_DIGITS = 16


def _strip_currency(text: str) -> str:
    low = text.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix):
            text, low = text[len(prefix) :].strip(), low[len(prefix) :].strip()
            break
    for suffix in _SUFFIXES:
        if low.endswith(suffix):
            text = text[: -len(suffix)].strip()
            break
    return text


def parse_amount(
    text: str | Decimal,
    field: str,
    label: str = "金额",
    max_fen: int | None = None,
    allow_zero: bool = False,
) -> int:
    """Parse a yuan amount typed by a person into int fen.

    Accepted: "128.5", "128.50", "128", "0.5", ".5", "¥1,280.50", "￥1280.5", "RMB 12",
    "12元", full-width "１２８．５０", surrounding spaces; a Decimal is taken as yuan.
    Refused with a :class:`ValidationError` on ``field`` whose message names ``label``:
    empty text, anything that is not a plain decimal number (letters, "1e3", "NaN", "inf",
    two points, badly placed thousands separators), negative amounts, more than two decimal
    places unless the extra digits are zeros ("12.345" is refused, "12.340" is 12.34 exactly:
    nothing is rounded away), zero unless ``allow_zero``, and amounts above ``max_fen``.
    A float (or any other type) raises ``TypeError``: it is a programming error, not input.
    """
    _reject_float(text, "text")
    if max_fen is not None:
        ensure_fen(max_fen, "max_fen")
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise ValidationError(field, "{label}格式不正确，请输入数字，如 128.50", label=term(label))
        raw = format(text, "f")
    elif isinstance(text, str):
        raw = text
    else:
        raise TypeError(f"parse_amount needs text or Decimal yuan, got {type(text).__name__}")

    cleaned = unicodedata.normalize("NFKC", raw).translate(_EXTRA_FOLD).strip()
    if not cleaned:
        raise ValidationError(field, "请输入{label}", label=term(label))
    negative = False
    if cleaned.startswith("-"):
        negative, cleaned = True, cleaned[1:].strip()
    cleaned = _strip_currency(cleaned)
    if cleaned.startswith("-"):  # "¥-12"
        negative, cleaned = True, cleaned[1:].strip()
    elif cleaned.startswith("+"):
        cleaned = cleaned[1:].strip()

    int_part, _, frac_part = cleaned.partition(".")
    if "," in int_part:
        if not _GROUPED.fullmatch(int_part):
            raise ValidationError(field, "{label}的千分位分隔符位置不正确，如 1,280.50", label=term(label))
        cleaned = int_part.replace(",", "") + ("." + frac_part if "." in cleaned else "")
    match = _PLAIN.fullmatch(cleaned)
    if match is None or not (match["int"] or match["frac"]):
        raise ValidationError(field, "{label}格式不正确，请输入数字，如 128.50", label=term(label))
    if negative and (match["int"].strip("0") or (match["frac"] or "").strip("0")):
        raise ValidationError(field, "{label}不能为负数", label=term(label))

    if len(match["int"].lstrip("0")) > _MAX_INT_DIGITS:
        raise ValidationError(field, "{label}过大", label=term(label))
    frac = match["frac"] or ""
    if len(frac) > 2:
        if frac[2:].strip("0"):
            raise ValidationError(field, "{label}最多两位小数（精确到分）", label=term(label))
        frac = frac[:2]
    fen = int(match["int"] or "0") * 100 + int(frac.ljust(2, "0"))

    if fen == 0 and not allow_zero:
        raise ValidationError(field, "{label}必须大于零", label=term(label))
    if max_fen is not None and fen > max_fen:
        raise ValidationError(field, "{label}不能超过{limit}", label=term(label), limit=format_yuan(max_fen))
    return fen


# --- 大写金额 ------------------------------------------------------------------------------

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("仟", "佰", "拾", "")


def _group4(n: int) -> str:
    """1..9999 in capitals: zeros between digits collapse to one 零; trailing zeros vanish."""
    out: list[str] = []
    pending_zero = False
    for digit, unit in zip(f"{n:04d}", _SMALL_UNITS, strict=True):
        if digit == "0":
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[int(digit)] + unit)
    return "".join(out)


def _integer_capital(n: int) -> str:
    """Whole yuan 1.. in capitals, grouping by 万 (10^4) and 亿 (10^8).

    A 零 joins two groups when the lower part is non-zero but shorter than its slot:
    1_0000_0001 → 壹亿零壹, 1_0001_0000 → 壹亿零壹万, 10_7000 → 壹拾万柒仟 (no zero needed).
    """
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        return (
            _integer_capital(high)
            + "亿"
            + (("零" if low < 10**7 else "") + _integer_capital(low) if low else "")
        )
    if n >= 10**4:
        high, low = divmod(n, 10**4)
        return _group4(high) + "万" + (("零" if low < 10**3 else "") + _group4(low) if low else "")
    return _group4(n)


def chinese_capital(fen: int, prefix: bool = False) -> str:
    """The 大写金额 of ``fen`` as printed on receipts (12850 → 壹佰贰拾捌元伍角整).

    Rules (《正确填写票据和结算凭证的基本规定》, with the choices the rules leave open fixed):

    * digits 壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, 元角分; 拾 always carries its digit (壹拾);
    * zeros inside the yuan part are written as a single 零 (6,007.14 → 陆仟零柒元壹角肆分);
      the rules allow dropping the 零 where 万/元 is 0 but 仟/角 is not — we always keep
      the forms shown first in the rules' examples: 壹拾万柒仟元 (no zero after 万 when 仟 is
      non-zero) and 壹仟陆佰捌拾元零叁角贰分 (a 零 after 元 when the units digit is 0);
    * 角 = 0 and 分 ≠ 0 → 零 after 元 (325.04 → 叁佰贰拾伍元零肆分);
    * an amount ending at 元 or at 角 ends with 整 (壹仟元整, 壹仟元零伍角整 — the rules make
      整 optional after 角; we always write it); an amount with 分 has no 整;
    * below one yuan there is no 元 (0.50 → 伍角整, 0.05 → 伍分); zero is 零元整;
    * ``prefix=True`` prepends 人民币; a negative amount (a reversal) is prefixed with 负.

    Amounts up to 9999 万亿 元 are written; beyond that ``ValueError``.
    """
    ensure_fen(fen, "fen")
    if abs(fen) > MAX_CAPITAL_FEN:
        raise ValueError(f"amount too large for capitals: {fen} fen")
    sign = "负" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(rest, 10)

    parts: list[str] = []
    if yuan:
        parts.append(_integer_capital(yuan) + "元")
    if jiao:
        if yuan and yuan % 10 == 0:
            parts.append("零")
        parts.append(_DIGITS[jiao] + "角")
    if fen_digit:
        if yuan and not jiao:
            parts.append("零")
        parts.append(_DIGITS[fen_digit] + "分")
    elif yuan or jiao:
        parts.append("整")
    else:
        parts.append("零元整")
    return ("人民币" if prefix else "") + sign + "".join(parts)
