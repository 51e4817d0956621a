"""Days and billing periods (日期与账期).

Timestamps are stored as naive UTC; the days the rules count (due dates, late-fee days, the
day a payment was posted) are local calendar days. A billing period (账期) is a month,
written ``YYYY-MM``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from typing import Any

from app.domain.errors import ValidationError, ValidationErrors

__all__ = ["check_period", "local_date", "local_day", "period_bounds", "utc_at"]

_PERIOD_RE = re.compile(r"(\d{4})-(\d{2})")


@functools.lru_cache(maxsize=4096)
def _utc_offset(utc_hour: dt.datetime) -> dt.timedelta:
    offset = utc_hour.replace(tzinfo=dt.UTC).astimezone().utcoffset()
    return offset or dt.timedelta(0)


def local_date(utc_naive: dt.datetime) -> dt.date:
    """The local calendar day of a stored (naive UTC) timestamp."""
    hour = utc_naive.replace(minute=0, second=0, microsecond=0)
    return (utc_naive + _utc_offset(hour)).date()


@functools.lru_cache(maxsize=8192)
def _local_offset(day: dt.date, hour: int) -> dt.timedelta:
    return dt.datetime.combine(day, dt.time(hour)).astimezone().utcoffset() or dt.timedelta(0)


def utc_at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """Naive UTC timestamp of a local day and time (how historical postings are stored)."""
    return dt.datetime.combine(day, dt.time(hour, minute)) - _local_offset(day, hour)


def local_day(utc_naive: Any) -> dt.date | None:
    """The local day of a stored naive-UTC timestamp read as a raw column value (SQLite may hand
    it back as ISO text); None stays None."""
    if utc_naive is None:
        return None
    if not isinstance(utc_naive, dt.datetime):
        utc_naive = dt.datetime.fromisoformat(str(utc_naive))
    return local_date(utc_naive)


def check_period(period: str) -> str:
    """``period`` as ``YYYY-MM`` (full-width digits fold), or a ValidationErrors on "period"."""
    text = unicodedata.normalize("NFKC", period or "").strip()
    m = _PERIOD_RE.fullmatch(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2099:
        raise ValidationErrors([ValidationError("period", "账期格式应为 YYYY-MM，如 2026-03")])
    return text


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a (checked) period."""
    year, month = int(period[:4]), int(period[5:7])
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)
