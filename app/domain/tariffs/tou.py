"""Time-of-use classification: which period a minute of a given day falls in.

A day's periods are its month's schedule with the holiday bands cut in on public holidays (the
caller supplies the holiday dates, e.g. from :mod:`app.domain.tariffs.holidays`); interval data
(load profiles) is summed into per-period :class:`Usage` by the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from app.domain.codes import TariffKind
from app.domain.errors import RuleViolation
from app.domain.tariffs.periods import TimeBand
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.terms import MINUTES_PER_DAY
from app.domain.tariffs.usage import Usage, usage_kwh


def day_bands(tariff: Tariff, day: dt.date, holidays: Iterable[dt.date] = ()) -> list[TimeBand]:
    """The day's effective periods, in time order: the month's schedule with the holiday
    overrides cut in when ``day`` is a holiday (a working-day calendar supplies ``holidays``)."""
    if tariff.kind != TariffKind.TOU:
        raise RuleViolation("电价 {code} 不是分时电价", code=tariff.code)
    base = tariff.schedule_for_month(day.month).bands
    overrides = tariff.holiday_bands if day in set(holidays) else ()
    # Minute-resolution painting keeps the override logic obvious; 1440 cells is nothing.
    cells: list[str] = [""] * MINUTES_PER_DAY
    for band in (*base, *overrides):
        for lo, hi in band.pieces():
            cells[lo:hi] = [band.period] * (hi - lo)
    bands: list[TimeBand] = []
    start = 0
    for minute in range(1, MINUTES_PER_DAY + 1):
        if minute == MINUTES_PER_DAY or cells[minute] != cells[start]:
            bands.append(TimeBand(start, minute, cells[start]))
            start = minute
    return bands


def period_at(tariff: Tariff, moment: dt.datetime, holidays: Iterable[dt.date] = ()) -> str:
    """The TOU period of the minute ``moment`` falls in."""
    minute = moment.hour * 60 + moment.minute
    day = moment.date()
    if day in set(holidays):
        for band in tariff.holiday_bands:
            if band.contains(minute):
                return band.period
    for band in tariff.schedule_for_month(day.month).bands:
        if band.contains(minute):
            return band.period
    raise RuleViolation("电价 {code} 的时段表没有覆盖 {time}", code=tariff.code, time=f"{moment:%H:%M}")  # pragma: no cover - validated


def usage_from_intervals(
    tariff: Tariff, intervals: Iterable[tuple[dt.datetime, Decimal]], holidays: Iterable[dt.date] = ()
) -> Usage:
    """Sum interval readings (load profile: start time, kWh) into per-period usage.

    Each interval is classified by its start time, so intervals must not straddle a period
    boundary (15-, 30- and 60-minute intervals on the hour never do with the shipped tables).
    """
    holiday_set = frozenset(holidays)
    totals: dict[str, Decimal] = {}
    for start, kwh in intervals:
        period = period_at(tariff, start, holiday_set)
        totals[period] = totals.get(period, Decimal(0)) + usage_kwh(kwh, "interval")
    return Usage.tou(totals)
