"""Where the 时段表 editor shows each message: the domain's errors sorted by the table and row they
are about, and the errors the domain leaves out behind a row it cannot read.

No widgets: the editor (``tariff_schedule.ScheduleEditor``) puts the sorted texts on its labels
and models. Paths are the domain's (``GCI-TOU.schedules[0].periods[2].to``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from app.domain.errors import Message, ValidationError
from app.domain.tariffs.periods import TimeBand, band_overlaps
from app.domain.tariffs.terms import PERIODS
from ui.billing_admin.schedule_text import time_problem, tr
from ui.billing_admin.tariff_view import PATH_TEMPLATE, short_message
from ui.i18n import fill

_BAND = re.compile(r"schedules\[(\d+)\]\.periods(?:\[(\d+)\](?:\.(\w+))?)?")
_SEASON = re.compile(r"schedules\[(\d+)\](?:\.\w+)?")
_HOLIDAY = re.compile(r"holiday_periods(?:\[(\d+)\](?:\.(\w+))?)?")


@dataclass
class SortedMessages:
    """The texts of a list of errors, by place; ``others`` are the errors not about the tables."""

    season_rows: dict[int, list[str]] = field(default_factory=dict)
    season_table: list[str] = field(default_factory=list)
    holiday_rows: dict[int, list[str]] = field(default_factory=dict)
    holiday_table: list[str] = field(default_factory=list)
    #: season -> band row (None: the season's table as a whole) -> texts
    bands: dict[int, dict[int | None, list[str]]] = field(default_factory=dict)
    others: list[ValidationError] = field(default_factory=list)


def relative_path(code: str, path: str) -> str:
    """``path`` without the tariff code (or the "tariff" a version without a code has)."""
    if code and (path == code or path.startswith(code + ".")):
        return path[len(code) + 1:]
    if path.startswith("tariff."):
        return path[len("tariff."):]
    return path


def band_text(rows: list[dict[str, str]], row: int | None, key: str | None, text: str) -> str:
    """A time the tables cannot take, said plainly (时刻须在 00:00–24:00), with its column."""
    if row is None or key not in ("from", "to") or not 0 <= row < len(rows):
        return text
    problem = time_problem(rows[row][key])
    if not problem:
        return text
    return fill(tr("%1：%2"), tr("起始") if key == "from" else tr("结束"), problem)


def sort_messages(errors: Sequence[ValidationError], code: str, seasons: list[dict[str, Any]],
                  holiday: list[dict[str, str]]) -> SortedMessages:
    """Each error's short text filed under the table / row its path names."""
    out = SortedMessages()
    for exc in errors:
        path = relative_path(code, exc.field)
        text = short_message(exc)
        m = _BAND.fullmatch(path)
        if m:
            season = int(m.group(1))
            row = int(m.group(2)) if m.group(2) is not None else None
            if 0 <= season < len(seasons):
                text = band_text(seasons[season]["periods"], row, m.group(3), text)
            out.bands.setdefault(season, {}).setdefault(row, []).append(text)
            continue
        m = _SEASON.fullmatch(path)
        if m:
            out.season_rows.setdefault(int(m.group(1)), []).append(text)
            continue
        if path == "schedules":
            out.season_table.append(text)
            continue
        m = _HOLIDAY.fullmatch(path)
        if m:
            if m.group(1) is None:
                out.holiday_table.append(text)
            else:
                row = int(m.group(1))
                out.holiday_rows.setdefault(row, []).append(band_text(holiday, row, m.group(2), text))
            continue
        out.others.append(exc)
    return out


def row_lines(rows: dict[int | None, list[str]] | dict[int, list[str]]) -> list[str]:
    """"第 2 行：…" for each numbered row, in row order (a None row, the whole table, is left out)."""
    return [fill(tr("第 %1 行：%2"), str(row + 1), "；".join(texts))
            for row, texts in sorted((r, t) for r, t in rows.items() if r is not None)]


def hidden_errors(code: str, seasons: list[dict[str, Any]], holiday: list[dict[str, str]],
                  priced: Sequence[str]) -> list[ValidationError]:
    """The domain stops a table's checks at a row it cannot read (25:00); the other rows'
    overlaps and unpriced periods are reported here too, so every error shows at once
    (gaps are not: the unreadable row may be what fills them)."""
    path = code or "tariff"
    tables = [(f"{path}.schedules[{i}].periods", s["periods"]) for i, s in enumerate(seasons)]
    tables.append((f"{path}.holiday_periods", holiday))
    out: list[ValidationError] = []
    for table_path, rows in tables:
        parsed: list[tuple[int, TimeBand]] = []
        for j, raw in enumerate(rows):
            try:
                parsed.append((j, TimeBand.from_dict(raw, f"{table_path}[{j}]")))
            except ValidationError:
                continue
        if len(parsed) == len(rows):
            continue  # the domain checked this table in full
        bands = [b for _, b in parsed]
        for i, j in band_overlaps(bands):
            (row_a, a), (row_b, b) = parsed[i], parsed[j]
            out.append(ValidationError(f"{table_path}[{row_b}]", PATH_TEMPLATE, path=f"{table_path}[{row_b}]",
                                       problem=Message("{band} 与第 {row} 行（{other}）重叠", band=b.describe(),
                                                       row=row_a + 1, other=a.describe())))
        for row, band in parsed:
            if band.period not in priced:
                out.append(ValidationError(f"{table_path}[{row}].period", PATH_TEMPLATE, path=f"{table_path}[{row}]",
                                           problem=Message("时段表用到了{period}，但没有它的电价",
                                                           period=PERIODS[band.period])))
    return out
