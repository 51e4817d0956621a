"""Outage notices (停电信息): the rules without a database (docs/rules.md#outages).

* A customer's supply point is its 线路 (``supply_line``) and 台区 (``transformer_area``), as
  the grid names them; :func:`clean_supply_point` checks what is typed.
* An outage covers a customer when one of its scopes names the customer's 线路 or 台区, or is
  a 区域 (an address prefix) the customer's supply address starts with: :func:`covers`.
* Status: ``cancelled`` and ``ended`` are decisions stored on the outage; an announced outage
  is ``active`` from its start until it ends (the actual end once recorded, else the
  expected end): :func:`effective_status`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from app.domain.codes import OutageKind, OutageScopeKind, OutageStatus
from app.domain.errors import ValidationError, term

KINDS: dict[str, str] = {OutageKind.PLANNED: "计划停电", OutageKind.FAULT: "故障停电"}
STATUSES: dict[str, str] = {
    OutageStatus.ANNOUNCED: "已发布",
    OutageStatus.ACTIVE: "停电中",
    OutageStatus.ENDED: "已送电",
    OutageStatus.CANCELLED: "已取消",
}
SCOPE_KINDS: dict[str, str] = {
    OutageScopeKind.AREA: "区域",
    OutageScopeKind.LINE: "线路",
    OutageScopeKind.TRANSFORMER_AREA: "台区",
}

#: 线路 / 台区 as stored on the customer (Customer.supply_line / transformer_area).
MAX_SUPPLY_POINT = 40
#: one scope value (OutageScope.value); a 区域 is an address prefix, longer than a line's name
MAX_SCOPE_VALUE = 60
MAX_SCOPES = 50
MAX_REASON = 200
#: the longest outage one notice may announce (a longer one is several notices)
MAX_DURATION = dt.timedelta(days=7)
#: how far ahead the customer view and the search results look for a planned outage
DEFAULT_HORIZON_DAYS = 7

# Letters, digits, CJK and the few marks grid names use: 10kV文三线、#2配变、城西-3、1号台区(东)
_SUPPLY_POINT = re.compile(
    r"^[0-9A-Za-z\u3400-\u9fff#＃\-_.·/()（）]+(?: [0-9A-Za-z\u3400-\u9fff#＃\-_.·/()（）]+)*$"
)


def clean_supply_point(value: str | None, field: str, label: str, *, max_len: int = MAX_SUPPLY_POINT) -> str:
    """A 线路 or 台区 name: NFKC (全角转半角), trimmed, single spaces; letters, digits, Chinese
    characters and ``# - _ . · / ( )`` only; at most ``max_len`` characters. Empty is allowed."""
    text = " ".join(unicodedata.normalize("NFKC", value or "").split())
    if not text:
        return ""
    if len(text) > max_len:
        raise ValidationError(field, "{label}不能超过{max_len}个字", label=term(label), max_len=max_len)
    if not _SUPPLY_POINT.match(text):
        raise ValidationError(field, "{label}只能包含汉字、字母、数字和 # - _ . · / ( )", label=term(label))
    return text


def clean_area_prefix(value: str | None, field: str = "areas") -> str:
    """A 区域: the start of a supply address (杭州市西湖区文三路), at least 4 characters so that
    one short word cannot cover a whole city by mistake."""
    text = address_key(value or "")
    if len(text) > MAX_SCOPE_VALUE:
        raise ValidationError(
            field, "区域“{value}”不能超过{max_len}个字", value=text[:20], max_len=MAX_SCOPE_VALUE
        )
    if len(text) < 4:
        raise ValidationError(
            field, "区域“{value}”过短：请写出地址开头至少4个字，如 杭州市西湖区文三路", value=text
        )
    if not all(ch.isalnum() or ch in "#-_.·/()（）" for ch in text):
        raise ValidationError(field, "区域“{value}”含有不能用于地址的字符", value=text[:20])
    return text


#: what clean_address (app/domain/text.py) stores in place of NFKC's ASCII forms
_STORED_FORMS = str.maketrans({",": "，", "(": "（", ")": "）"})


def address_key(address: str) -> str:
    """The supply address as a 区域 prefix is compared with it: NFKC, no spaces, and the
    brackets and commas full-width as a stored address keeps them (clean_address), so that the
    covering queries, which compare the stored address without its spaces in SQL, agree."""
    return "".join(unicodedata.normalize("NFKC", address or "").split()).translate(_STORED_FORMS)


def effective_status(stored: str, starts_at: dt.datetime, ends_at: dt.datetime, now: dt.datetime) -> str:
    """The status a person reads: a stored cancel or end stands; an announced outage is active
    from its start and ended after its (expected or actual) end."""
    if stored in (OutageStatus.CANCELLED, OutageStatus.ENDED):
        return stored
    if now < starts_at:
        return OutageStatus.ANNOUNCED
    if now < ends_at:
        return OutageStatus.ACTIVE
    return OutageStatus.ENDED


def check_times(starts_at: dt.datetime | None, expected_end: dt.datetime | None) -> list[ValidationError]:
    """Start and expected end: both given, end after start, at most :data:`MAX_DURATION` apart."""
    errors: list[ValidationError] = []
    if starts_at is None:
        errors.append(ValidationError("starts_at", "请填写停电开始时间"))
    if expected_end is None:
        errors.append(ValidationError("expected_end", "请填写预计送电时间"))
    if starts_at is not None and expected_end is not None:
        if expected_end <= starts_at:
            errors.append(ValidationError("expected_end", "预计送电时间应晚于停电开始时间"))
        elif expected_end - starts_at > MAX_DURATION:
            errors.append(
                ValidationError(
                    "expected_end", "一次停电不能超过{days}天，请分成几条发布", days=MAX_DURATION.days
                )
            )
    return errors


def covers(scopes: Iterable[tuple[str, str]], supply_line: str, transformer_area: str, address: str) -> bool:
    """Does an outage with ``scopes`` ((kind, value) pairs) cover this supply point?"""
    key = address_key(address)
    for kind, value in scopes:
        if kind == OutageScopeKind.LINE and supply_line and value == supply_line:
            return True
        if kind == OutageScopeKind.TRANSFORMER_AREA and transformer_area and value == transformer_area:
            return True
        if kind == OutageScopeKind.AREA and value and key.startswith(value):
            return True
    return False


def split_list(text: str | None) -> list[str]:
    """A list typed in one field or CSV cell: separated by 、，,；; or line breaks."""
    parts = re.split(r"[、，,；;\n]+", unicodedata.normalize("NFKC", text or "").replace("、", ","))
    seen: dict[str, None] = {}
    for part in parts:
        part = " ".join(part.split())
        if part:
            seen.setdefault(part, None)
    return list(seen)


__all__ = [
    "DEFAULT_HORIZON_DAYS",
    "KINDS",
    "MAX_DURATION",
    "MAX_REASON",
    "MAX_SCOPES",
    "MAX_SUPPLY_POINT",
    "SCOPE_KINDS",
    "STATUSES",
    "address_key",
    "check_times",
    "clean_area_prefix",
    "clean_supply_point",
    "covers",
    "effective_status",
    "split_list",
]
