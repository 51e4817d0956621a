"""The period tables of a TOU version checked table by table and row by row, for the admin
screen's structured editor.

The rules are the loader's (:meth:`Tariff.from_dict` stops at the first problem); here every
problem is reported at once, on the path of the table or row it concerns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.domain.errors import ValidationError
from app.domain.messages import Message
from app.domain.tariffs.parsing import as_mapping, as_sequence, month_list, parse_int, path_error
from app.domain.tariffs.periods import TimeBand, band_overlaps, check_cover
from app.domain.tariffs.terms import PERIODS


def _table_errors(raw_bands: Sequence[Any], path: str, priced: set[str], *, whole_day: bool) -> list[ValidationError]:
    """The bands of one table: each band as TimeBand.from_dict reads it, then the day's cover as
    DaySchedule / the holiday table check it, then a price for every period used."""
    errors: list[ValidationError] = []
    bands: list[tuple[int, TimeBand]] = []
    for j, raw in enumerate(raw_bands):
        try:
            bands.append((j, TimeBand.from_dict(raw, f"{path}[{j}]")))
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        return errors
    only = [b for _, b in bands]
    try:
        check_cover(only, path, whole_day=whole_day)
    except ValidationError as exc:
        pairs = band_overlaps(only)
        if not pairs:
            errors.append(exc)  # a gap: the table's message names the uncovered span
        for i, j in pairs:
            a, b = only[i], only[j]
            errors.append(path_error(f"{path}[{j}]", Message("{band} 与第 {row} 行（{other}）重叠", band=b.describe(),
                                                      row=i + 1, other=a.describe())))
    for j, band in bands:
        if band.period not in priced:
            errors.append(path_error(f"{path}[{j}].period", Message("时段表用到了{period}，但没有它的电价",
                                                             period=PERIODS[band.period]), f"{path}[{j}]"))
    return errors


def tou_schedule_errors(data: Mapping[str, Any]) -> list[ValidationError]:
    """Every problem of a TOU version's period tables at once, table by table and row by row.

    The same rules as :meth:`Tariff.from_dict` (which stops at the first): each season's bands
    cover 00:00–24:00 without overlap (:class:`DaySchedule`), every month is in exactly one
    season, holiday bands do not overlap, every period used has a price. Overlaps are reported
    on the later row ("…periods[3]：09:00–12:00 与第 2 行（08:00–11:00）重叠"). Paths start
    with the tariff code like the engine's, so the editor can put each message next to its
    table or row. An empty list means the tables are fine (other fields are not looked at).
    """
    code = data.get("code")
    path = code.strip() if isinstance(code, str) and code.strip() else "tariff"
    raw_prices = data.get("prices")
    priced = {p for p in raw_prices if p in PERIODS} if isinstance(raw_prices, Mapping) else set()
    errors: list[ValidationError] = []
    try:
        raw_schedules = as_sequence(data.get("schedules"), f"{path}.schedules")
    except ValidationError as exc:
        return [exc]
    months: list[int] = []
    months_ok = True
    for i, raw in enumerate(raw_schedules):
        spath = f"{path}.schedules[{i}]"
        try:
            schedule = as_mapping(raw, spath)
            raw_months = [parse_int(m, f"{spath}.months") for m in as_sequence(schedule.get("months"), f"{spath}.months")]
            if not raw_months or any(not 1 <= m <= 12 for m in raw_months) or len(set(raw_months)) != len(raw_months):
                raise path_error(f"{spath}.months", Message("月份应为 1–12 且不重复"))
            months.extend(raw_months)
        except ValidationError as exc:
            errors.append(exc)
            months_ok = False
            if not isinstance(raw, Mapping):
                continue
        try:
            raw_bands = as_sequence(raw.get("periods"), f"{spath}.periods")
        except ValidationError as exc:
            errors.append(exc)
            continue
        errors.extend(_table_errors(raw_bands, f"{spath}.periods", priced, whole_day=True))
    if months_ok:
        missing = sorted(set(range(1, 13)) - set(months))
        twice = sorted({m for m in months if months.count(m) > 1})
        if missing or twice:
            detail = Message.join(
                ([Message("缺少 {months} 月", months=month_list(missing))] if missing else [])
                + ([Message("{months} 月在两个季节中重复", months=month_list(twice))] if twice else []))
            errors.append(path_error(f"{path}.schedules", Message("时段表应覆盖 1–12 月各一次，{detail}", detail=detail)))
    try:
        raw_holiday = as_sequence(data.get("holiday_periods", []), f"{path}.holiday_periods")
    except ValidationError as exc:
        errors.append(exc)
    else:
        errors.extend(_table_errors(raw_holiday, f"{path}.holiday_periods", priced, whole_day=False))
    return errors
