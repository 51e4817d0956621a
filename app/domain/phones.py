"""Phone numbers (联系电话): mobile (手机) and landline (固定电话) in mainland China.

Stored forms, which search and masking rely on:

* mobile ``13812345678`` — 11 digits, ``1[3-9]…``;
* landline ``0571-88886666`` — trunk ``0`` + 2-3 digit area code (区号), dash, 7-8 digit
  local number starting 2-9; with an extension (分机) ``0571-88886666-123``.

Input is forgiving: spaces, dashes, dots, parentheses, full-width digits, ``+86`` / ``0086`` /
``86`` before a mobile, ``+86 571 …`` for landlines, and ``转`` / ``分机`` / ``ext`` / ``#``
before an extension.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.errors import ValidationError

__all__ = ["LANDLINE_RE", "MOBILE_RE", "last_four", "normalize_phone", "phone_digits"]

MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
LANDLINE_RE = re.compile(r"0(?:10|2[0-9]|[3-9][0-9]{2})-[2-9][0-9]{6,7}(?:-[0-9]{1,6})?")

_SEPARATORS = " -.()\t—–"
# Extension markers; "x"/"ext" are the only letters allowed in a phone number.
_EXTENSION_SPLIT = re.compile(r"转|分机|ext\.?|x|#|,", re.IGNORECASE)
_INTERNATIONAL = re.compile(r"^(?:\+86|0086)")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def _area_length(digits: str) -> int | None:
    """Length of the area code including the trunk 0: 010 and 02x are 3, others 4."""
    if len(digits) < 3 or digits[0] != "0":
        return None
    if digits[1] == "2" or digits[1:3] == "10":
        return 3
    if digits[1] in "3456789":
        return 4
    return None  # 00…, 01x other than 010: no such area code


def normalize_phone(value: str, field: str = "phone") -> str:
    """Normalise a mobile or landline number, or raise :class:`ValidationError` (Chinese message).

    An empty value is an error too: callers decide whether the field is optional.
    """
    text = unicodedata.normalize("NFKC", value or "").translate(_ZERO_WIDTH).strip()
    if not text:
        raise ValidationError(field, "电话号码不能为空")

    parts = _EXTENSION_SPLIT.split(text, maxsplit=1)
    main = parts[0].strip()
    extension = parts[1] if len(parts) > 1 else None
    international = _INTERNATIONAL.match(main.lstrip("(")) is not None
    if international:
        main = _INTERNATIONAL.sub("", main.lstrip("("), count=1)
    for ch in main:
        if ch == "+":
            raise ValidationError(field, "电话号码中的“+”只能用于开头的+86")
        if not (ch.isdecimal() and ch.isascii()) and ch not in _SEPARATORS:
            raise ValidationError(field, "电话号码中不能包含“{ch}”", ch=ch)
    groups = re.findall(r"[0-9]+", main)
    digits = "".join(groups)
    if not digits:
        raise ValidationError(field, "电话号码中没有数字")

    ext_digits: str | None = None
    if extension is not None:
        ext_digits = "".join(ch for ch in extension if ch not in _SEPARATORS)
        if not (ext_digits.isdecimal() and ext_digits.isascii() and 1 <= len(ext_digits) <= 6):
            raise ValidationError(field, "分机号应为1到6位数字")

    # Country code before a mobile typed without "+": 8613812345678.
    if not international and len(digits) == 13 and MOBILE_RE.fullmatch(digits[2:]) and digits[:2] == "86":
        digits = digits[2:]
    elif international and MOBILE_RE.fullmatch(digits) is None:
        digits = "0" + digits.lstrip("0")  # "+86 571 …" drops the trunk 0; put it back
    # Some people dial 0 before a mobile from another city; 01[3-9] is never an area code.
    if len(digits) == 12 and digits[:2] == "01" and MOBILE_RE.fullmatch(digits[1:]):
        digits = digits[1:]

    if digits.startswith("1"):
        return _mobile(digits, ext_digits, field)
    if digits.startswith("0"):
        offset = len(digits) - sum(len(g) for g in groups)  # a trunk 0 we put back
        return _landline(digits, groups, offset, ext_digits, field)
    if 7 <= len(digits) <= 8:
        raise ValidationError(field, "固定电话请加区号，例如0571-88886666")
    raise ValidationError(field, "电话号码格式不正确，请输入11位手机号或带区号的固定电话")


def _mobile(digits: str, extension: str | None, field: str) -> str:
    if len(digits) != 11:
        raise ValidationError(field, "手机号码应为11位数字，当前为{count}位", count=len(digits))
    if MOBILE_RE.fullmatch(digits) is None:
        raise ValidationError(field, "手机号码第二位应为3到9")
    if extension is not None:
        raise ValidationError(field, "手机号码不能带分机号")
    return digits


def _landline(digits: str, groups: list[str], offset: int, extension: str | None, field: str) -> str:
    area_len = _area_length(digits)
    if area_len is None:
        raise ValidationError(
            field, "区号“{area}”无效，区号为0开头的3到4位数字，例如010、0571", area=digits[:4]
        )
    area, rest = digits[:area_len], digits[area_len:]

    # "010-2345678-9" (7-digit number + extension) has as many digits as "010-23456789";
    # only a local number typed in one piece before a one-digit last group makes it an extension.
    if (
        extension is None
        and len(rest) == 8
        and len(groups) >= 2
        and len(groups[-1]) == 1
        and len(groups[-2]) >= 7
    ):
        rest, extension = rest[:7], groups[-1]
    if len(rest) > 8 and extension is None:
        # "0571-88886666-123": the extension can only be told apart by the typed grouping.
        local_len = _local_length_from_groups(groups, area_len, offset)
        if local_len is None:
            raise ValidationError(field, "固定电话号码（不含区号）应为7或8位；如有分机号，请用“-”或“转”分开")
        rest, extension = rest[:local_len], rest[local_len:]
        if len(extension) > 6:
            raise ValidationError(field, "分机号应为1到6位数字")
    if not 7 <= len(rest) <= 8:
        raise ValidationError(field, "固定电话号码（不含区号）应为7或8位，当前为{count}位", count=len(rest))
    if rest[0] in "01":
        raise ValidationError(field, "固定电话号码（不含区号）不能以0或1开头")
    result = f"{area}-{rest}"
    return f"{result}-{extension}" if extension else result


def _local_length_from_groups(groups: list[str], area_len: int, offset: int) -> int | None:
    """Find where the local number ends, using the digit groups as typed (None if unclear)."""
    boundary = offset
    candidates = []
    for group in groups[:-1]:
        boundary += len(group)
        local_len = boundary - area_len
        if 7 <= local_len <= 8:
            candidates.append(local_len)
    return candidates[-1] if len(candidates) == 1 else None


def phone_digits(normalized: str) -> str:
    """Digits only (for search): ``0571-88886666`` -> ``057188886666``."""
    return "".join(ch for ch in normalized if ch.isdigit())


def last_four(normalized: str) -> str:
    """Last four digits of the number itself, ignoring an extension (尾号)."""
    parts = normalized.split("-")
    number = parts[1] if len(parts) >= 2 else parts[0]
    return phone_digits(number)[-4:]
