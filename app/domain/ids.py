"""Identity-document checks (证件号码校验).

居民身份证 follows GB 11643-1999 (ISO 7064 MOD 11-2 check digit); 统一社会信用代码 follows
GB 32100-2015 (weighted mod-31 check character). Other documents (护照, 港澳/台湾通行证,
外国人永久居留身份证, 其他证件) only get length and character-set rules.

docs/rules.md#id-checks: a check-character, area or date failure on an otherwise well-formed number is
*overridable* — a supervisor may accept it with a recorded reason, because real documents with
odd numbers exist. Hopeless input (empty, wrong length, illegal characters) is not.

We do not call ``stdnum``'s ``validate()``: ``stdnum.cn.ric`` rejects 15-digit IDs and area codes
missing from its table, and ``stdnum.cn.uscc`` rejects codes whose first eight characters are not
digits (real ``N2…`` codes exist). Only its checksum helpers are reused.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from stdnum.cn import ric as _ric
from stdnum.cn import uscc as _uscc

from app.domain.codes import IdType
from app.domain.messages import Message

__all__ = [
    "ID_TYPES",
    "IdCheckResult",
    "check_credit_code",
    "check_id_document",
    "check_resident_id",
    "make_credit_code",
    "make_resident_id",
    "resident_id_birth_date",
    "resident_id_to_18",
    "resident_id_variants",
]

#: code -> Chinese label, in display order (dicts keep insertion order).
ID_TYPES: dict[str, str] = {
    IdType.RIC: "居民身份证",
    IdType.USCC: "统一社会信用代码",
    IdType.PASSPORT: "护照",
    IdType.HKMO: "港澳居民来往内地通行证",
    IdType.TW: "台湾居民来往大陆通行证",
    IdType.PRC_FOREIGN: "外国人永久居留身份证",
    IdType.OTHER: "其他证件",
}

#: GB 32100-2015 alphabet: digits and capitals without I, O, Z, S, V.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_CHARS = frozenset(CREDIT_CODE_ALPHABET)

# Province-level prefixes of GB/T 2260 (plus 81/82/83, used by 港澳台居民居住证). The six-digit
# county code is deliberately not checked: codes are retired and renumbered, and people keep
# their old numbers for life.
_PROVINCE_PREFIXES = frozenset(
    ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42")
    + ("43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82")
    + ("83",)
)

_EARLIEST_BIRTH = _dt.date(1900, 1, 1)


@dataclass(frozen=True)
class IdCheckResult:
    """Outcome of one document-number check (证件号码校验结果)."""

    ok: bool
    #: trimmed, upper-case, full-width -> half-width, inner spaces removed
    normalized: str
    #: Chinese message for the form (translatable, see app/domain/messages.py); None when ok
    message: Message | None
    #: True when only the check character / area / date is wrong (主管可说明原因后放行)
    overridable: bool


def _passed(normalized: str) -> IdCheckResult:
    return IdCheckResult(ok=True, normalized=normalized, message=None, overridable=False)


def _hopeless(normalized: str, message: Message) -> IdCheckResult:
    return IdCheckResult(ok=False, normalized=normalized, message=message, overridable=False)


def _suspicious(normalized: str, messages: list[Message]) -> IdCheckResult:
    return IdCheckResult(ok=False, normalized=normalized, message=Message.join(messages), overridable=True)


def _normalize(value: str, *, drop: str = "") -> str:
    """NFKC (全角转半角), drop all whitespace and the given separators, upper-case."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in text if not ch.isspace() and ch not in drop).upper()


def _first_illegal(text: str, allowed: frozenset[str] | str) -> str | None:
    for ch in text:
        if ch not in allowed:
            return ch
    return None


# --- 居民身份证 ---------------------------------------------------------------------------

_DIGITS = frozenset("0123456789")


def _resident_check_digit(first17: str) -> str:
    # stdnum's helper expects the full number and ignores its last character.
    return _ric.calc_check_digit(first17 + "0")


def _birth_date_text(normalized: str) -> str | None:
    """YYYYMMDD part of a well-formed 15/18-digit ID, 15-digit IDs assumed 19YY."""
    if len(normalized) == 18 and normalized[:17].isdigit():
        return normalized[6:14]
    if len(normalized) == 15 and normalized.isdigit():
        return "19" + normalized[6:12]
    return None


def _parse_yyyymmdd(text: str) -> _dt.date | None:
    try:
        return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def resident_id_birth_date(value: str) -> _dt.date | None:
    """出生日期 encoded in a 15- or 18-digit 居民身份证号, or None.

    Returns the date even when the check digit is wrong (it is still what the card says);
    None when the number is malformed or the date part is not a real date.
    """
    text = _birth_date_text(_normalize(value, drop="-"))
    return _parse_yyyymmdd(text) if text is not None else None


def check_resident_id(value: str, *, today: _dt.date | None = None) -> IdCheckResult:
    """Check a 居民身份证号 (GB 11643-1999).

    18 digits (the last may be X) with an ISO 7064 MOD 11-2 check digit, or a 15-digit
    old-style number (all digits, birth date 19YYMMDD). ``today`` exists for tests.
    """
    label = Message("居民身份证号")
    number = _normalize(value, drop="-")
    if not number:
        return _hopeless(number, Message("{label}不能为空", label=label))
    allowed = _DIGITS | {"X"}
    bad = _first_illegal(number, allowed)
    if bad is not None:
        return _hopeless(
            number, Message("{label}只能由数字和末位的X组成，不能包含“{bad}”", label=label, bad=bad)
        )
    if len(number) not in (15, 18):
        return _hopeless(
            number, Message("{label}应为18位（旧证15位），当前为{count}位", label=label, count=len(number))
        )
    if "X" in number[:-1] or (len(number) == 15 and number.endswith("X")):
        where = Message("15位旧身份证号不能包含X") if len(number) == 15 else Message("X只能出现在最后一位")
        return _hopeless(number, Message("{label}格式错误：{where}", label=label, where=where))

    problems: list[Message] = []
    if number[:2] not in _PROVINCE_PREFIXES:
        problems.append(
            Message("{label}前两位“{prefix}”不是有效的省级行政区划代码", label=label, prefix=number[:2])
        )
    date_text = _birth_date_text(number)
    assert date_text is not None  # format checked above
    birth = _parse_yyyymmdd(date_text)
    if birth is None:
        problems.append(Message("{label}中的出生日期“{date}”不是有效日期", label=label, date=date_text))
    elif birth < _EARLIEST_BIRTH:
        problems.append(Message("{label}中的出生日期“{date}”早于1900年", label=label, date=date_text))
    elif birth > (today or _dt.date.today()):
        problems.append(Message("{label}中的出生日期“{date}”晚于今天", label=label, date=date_text))
    if len(number) == 18:
        expected = _resident_check_digit(number[:17])
        if number[17] != expected:
            problems.append(Message("{label}校验码错误，应为 {expected}", label=label, expected=expected))
    return _suspicious(number, problems) if problems else _passed(number)


def make_resident_id(area6: str, birth: _dt.date, seq3: str) -> str:
    """Build a valid 18-digit 居民身份证号 (demo data). Odd ``seq3`` means male by convention."""
    if not (len(area6) == 6 and area6.isdigit() and area6[:2] in _PROVINCE_PREFIXES):
        raise ValueError(f"area6 must be six digits starting with a province code, got {area6!r}")
    if not (len(seq3) == 3 and seq3.isdigit()):
        raise ValueError(f"seq3 must be three digits, got {seq3!r}")
    if not _EARLIEST_BIRTH <= birth <= _dt.date.today():
        raise ValueError(f"birth must be between 1900-01-01 and today, got {birth}")
    first17 = f"{area6}{birth:%Y%m%d}{seq3}"
    return first17 + _resident_check_digit(first17)


def resident_id_to_18(value: str) -> str | None:
    """The 18-digit form of a 居民身份证号 (GB 11643-1999 §4 upgrade of the 15-digit numbers).

    A 15-digit old number gets ``19`` inserted before its year and the MOD 11-2 check digit
    appended; an 18-digit number comes back normalised. None when it is neither (wrong length,
    letters where digits belong).
    """
    number = _normalize(value, drop="-")
    if len(number) == 15 and number.isdigit():
        first17 = number[:6] + "19" + number[6:]
        return first17 + _resident_check_digit(first17)
    if len(number) == 18 and number[:17].isdigit() and (number[17].isdigit() or number[17] == "X"):
        return number
    return None


def resident_id_variants(value: str) -> tuple[str, ...]:
    """Every stored number that names the same person as this 居民身份证号, itself first.

    The same person may have been registered with the old 15-digit card or the 18-digit one,
    and an 18-digit number may have been stored with a mistyped check digit that a supervisor
    let through. Two different people never share the first 17 digits (area, birth date,
    sequence), so the variants are: the 18-digit body with each of the 11 check characters,
    plus the 15-digit form when the birth year is 19xx (the only years 15-digit cards encode).
    An exact list keeps the duplicate query on the ``id_number`` index. Anything that is not a
    well-formed 15/18-digit number has no variants but itself.
    """
    number = _normalize(value, drop="-")
    full = resident_id_to_18(number)
    if full is None:
        return (number,) if number else ()
    body = full[:17]
    forms = [number, *(body + check for check in "0123456789X")]
    if body[6:8] == "19":
        forms.append(body[:6] + body[8:])
    return tuple(dict.fromkeys(forms))


# --- 统一社会信用代码 -----------------------------------------------------------------------


def _credit_check_char(body17: str) -> str:
    return _uscc.calc_check_digit(body17)


def check_credit_code(value: str) -> IdCheckResult:
    """Check a 统一社会信用代码 (GB 32100-2015): 18 characters, weighted mod-31 check character.

    The first eight characters are not required to be digits (e.g. ``N2…`` 农村集体经济组织).
    """
    label = Message("统一社会信用代码")
    code = _normalize(value, drop="-")
    if not code:
        return _hopeless(code, Message("{label}不能为空", label=label))
    bad = _first_illegal(code, _CREDIT_CODE_CHARS)
    if bad is not None:
        if bad in "IOZSV":
            return _hopeless(
                code,
                Message(
                    "{label}只能由数字和大写字母组成（不使用字母I、O、Z、S、V），不能包含“{bad}”",
                    label=label,
                    bad=bad,
                ),
            )
        return _hopeless(
            code, Message("{label}只能由数字和大写字母组成，不能包含“{bad}”", label=label, bad=bad)
        )
    if len(code) != 18:
        return _hopeless(code, Message("{label}应为18位，当前为{count}位", label=label, count=len(code)))
    expected = _credit_check_char(code[:17])
    if code[17] != expected:
        return _suspicious(
            code, [Message("{label}校验码错误，应为 {expected}", label=label, expected=expected)]
        )
    return _passed(code)


def make_credit_code(body17: str) -> str:
    """Append the GB 32100 check character to 17 body characters (demo data)."""
    body = body17.upper()
    if len(body) != 17 or _first_illegal(body, _CREDIT_CODE_CHARS) is not None:
        raise ValueError(f"body17 must be 17 characters from {CREDIT_CODE_ALPHABET}, got {body17!r}")
    return body + _credit_check_char(body)


# --- other documents: length and character set only ---------------------------------------

_HKMO_RE = re.compile(r"[HM]\d{8}(\d{2})?")  # new cards H/M+8 digits; old ones H/M+10 digits
_TW_RE = re.compile(r"\d{8}(\d{2}[A-Z]?)?")  # 8 digits since 2015; older 10 digits (+ letter)
_FOREIGN_OLD_RE = re.compile(r"[A-Z]{3}\d{12}")  # 2004/2017 cards: nationality letters + 12 digits
_FOREIGN_NEW_RE = re.compile(r"9\d{16}[\dX]")  # 2023 cards: 18 digits starting with 9
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _check_passport(value: str) -> IdCheckResult:
    label = Message("护照号码")
    number = _normalize(value, drop="-")
    if not number:
        return _hopeless(number, Message("{label}不能为空", label=label))
    bad = _first_illegal(number, _ALNUM)
    if bad is not None:
        return _hopeless(
            number, Message("{label}只能由字母和数字组成，不能包含“{bad}”", label=label, bad=bad)
        )
    if not 5 <= len(number) <= 20:
        return _hopeless(
            number, Message("{label}应为5到20位，当前为{count}位", label=label, count=len(number))
        )
    return _passed(number)


def _check_hkmo(value: str) -> IdCheckResult:
    label = Message("港澳居民来往内地通行证号码")
    number = _normalize(value, drop="-")
    if not number:
        return _hopeless(number, Message("{label}不能为空", label=label))
    bad = _first_illegal(number, _ALNUM)
    if bad is not None:
        return _hopeless(
            number, Message("{label}只能由字母和数字组成，不能包含“{bad}”", label=label, bad=bad)
        )
    if _HKMO_RE.fullmatch(number) is None:
        return _hopeless(
            number,
            Message("{label}应为H或M开头，后接8位数字（旧证10位），当前为{count}位", label=label, count=len(number)),
        )
    return _passed(number)


def _check_tw(value: str) -> IdCheckResult:
    label = Message("台湾居民来往大陆通行证号码")
    # Old cards print a trailing letter in parentheses, e.g. 1234567801(B).
    number = _normalize(value, drop="-()")
    if not number:
        return _hopeless(number, Message("{label}不能为空", label=label))
    bad = _first_illegal(number, _ALNUM)
    if bad is not None:
        return _hopeless(number, Message("{label}只能由数字组成，不能包含“{bad}”", label=label, bad=bad))
    if _TW_RE.fullmatch(number) is None:
        return _hopeless(
            number, Message("{label}应为8位数字（旧证10位），当前为{count}位", label=label, count=len(number))
        )
    return _passed(number)


def _check_foreign_permanent(value: str) -> IdCheckResult:
    label = Message("外国人永久居留身份证号码")
    number = _normalize(value, drop="-")
    if not number:
        return _hopeless(number, Message("{label}不能为空", label=label))
    bad = _first_illegal(number, _ALNUM)
    if bad is not None:
        return _hopeless(
            number, Message("{label}只能由字母和数字组成，不能包含“{bad}”", label=label, bad=bad)
        )
    if _FOREIGN_OLD_RE.fullmatch(number) is None and _FOREIGN_NEW_RE.fullmatch(number) is None:
        return _hopeless(
            number,
            Message(
                "{label}应为9开头的18位数字（2023版），或3位字母加12位数字（旧版），当前为{count}位",
                label=label,
                count=len(number),
            ),
        )
    return _passed(number)


def _check_other(value: str) -> IdCheckResult:
    label = Message("其他证件号码")
    # Other documents (军官证 "军字第123456号" …) may contain Chinese; keep inner spaces out.
    number = _normalize(value)
    if not number:
        return _hopeless(number, Message("{label}不能为空", label=label))
    for ch in number:
        if not (ch in _ALNUM or ch in "-()（）" or "\u4e00" <= ch <= "\u9fff"):
            return _hopeless(
                number, Message("{label}只能包含汉字、字母、数字和括号，不能包含“{ch}”", label=label, ch=ch)
            )
    if not 2 <= len(number) <= 30:
        return _hopeless(
            number, Message("{label}应为2到30位，当前为{count}位", label=label, count=len(number))
        )
    return _passed(number)


def check_id_document(id_type: str, value: str) -> IdCheckResult:
    """Check a document number by type (one of :data:`ID_TYPES`)."""
    if id_type == IdType.RIC:
        return check_resident_id(value)
    if id_type == IdType.USCC:
        return check_credit_code(value)
    checker = _OTHER_CHECKERS.get(id_type)
    if checker is None:
        return _hopeless(_normalize(value), Message("不支持的证件类型“{id_type}”", id_type=id_type))
    return checker(value)


_OTHER_CHECKERS: dict[str, Callable[[str], IdCheckResult]] = {
    IdType.PASSPORT: _check_passport,
    IdType.HKMO: _check_hkmo,
    IdType.TW: _check_tw,
    IdType.PRC_FOREIGN: _check_foreign_permanent,
    IdType.OTHER: _check_other,
}
