"""The period tables' cells as text: times ("8" / "800" / "8:00" → 08:00), month lists ("2-6、9–11"),
where Ins splits a band, and the module-level ``tr`` of the 时段表 screens.

Pure string ↔ value helpers (no widgets), shared by the table models and the editor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.errors import ValidationError
from ui.i18n import fill

DAY = 24 * 60

_TIME = re.compile(r"\s*(\d{1,2})(?:[:：.]?(\d{2}))?\s*")
_MONTH_SPLIT = re.compile(r"[,，、;；\s]+")
_MONTH_RANGE = re.compile(r"(\d{1,2})\s*(?:[-–—~～至到]\s*(\d{1,2}))?")


def tr(text: str) -> str:
    return QCoreApplication.translate("TariffSchedule", text)


def normalise_time(text: str) -> str | None:
    """"8" / "800" / "0800" / "8:00" → "08:00"; "24:00" is the end of the day; None if not a time."""
    match = _TIME.fullmatch(text or "")
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if minute >= 60 or hour * 60 + minute > DAY:
        return None
    return f"{hour:02d}:{minute:02d}"


def time_problem(text: str) -> str:
    """Why ``text`` is not a time of day ("" when it is one): the message next to the cell."""
    if normalise_time(text) is not None:
        return ""
    match = _TIME.fullmatch(text or "")
    if match is None:
        return fill(tr("时刻格式应为 HH:MM，如 08:00（输入的是“%1”）"), (text or "").strip())
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    shown = f"{hour:02d}:{minute:02d}"
    if minute >= 60:
        return fill(tr("分钟须在 00–59（输入的是 %1）"), shown)
    return fill(tr("时刻须在 00:00–24:00（输入的是 %1）"), shown)


def stored_time(text: str) -> str:
    """What a time cell keeps: "08:00" for a time, else the entry as typed (25:00, 8:75 …), so
    the checks can name it and nothing the administrator typed silently reverts."""
    normal = normalise_time(text)
    if normal is not None:
        return normal
    match = _TIME.fullmatch(text or "")
    if match is None:
        return (text or "").strip()
    return f"{int(match.group(1)):02d}:{int(match.group(2) or 0):02d}"


def time_minutes(text: str) -> int | None:
    value = normalise_time(text)
    if value is None:
        return None
    hh, mm = value.split(":")
    return int(hh) * 60 + int(mm)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_months(text: str) -> list[int] | None:
    """"7、8" / "7,8" / "2-6, 9–11" → the months in the order written; None when not numbers.
    Whether they are 1–12 and appear once is the domain's check."""
    months: list[int] = []
    for token in _MONTH_SPLIT.split((text or "").strip()):
        if not token:
            continue
        match = _MONTH_RANGE.fullmatch(token)
        if match is None:
            return None
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if last < first:
            return None
        months.extend(range(first, last + 1))
    return months


def months_text(months: Sequence[Any]) -> str:
    """[2, 3, 4, 5, 6, 9, 10, 11] → "2–6、9–11" (runs of three or more are ranges)."""
    values = [m for m in months if isinstance(m, int) and not isinstance(m, bool)]
    if len(values) != len(months):
        return "、".join(str(m) for m in months)
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{values[i]}–{values[j]}")
        else:
            out.extend(str(v) for v in values[i:j + 1])
        i = j + 1
    return "、".join(out)


def band_row(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ValidationError("schedules", tr("时段应为 {\"from\", \"to\", \"period\"} 对象"))
    return {key: "" if raw.get(key) is None else str(raw.get(key)) for key in ("from", "to", "period")}


def split_point(start: int, end: int) -> int | None:
    """Where Ins splits the band start–end (end ≤ start wraps past midnight): its middle,
    on the half hour when the band is long enough; None for a one-minute band."""
    length = (end - start) % DAY or DAY
    if length < 2:
        return None
    middle = length // 2
    if length >= 60:
        middle = max(30, (middle // 30) * 30)
    return (start + middle) % DAY
