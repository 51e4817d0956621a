"""The holiday calendar (法定节假日): the State Council's yearly arrangement of days off and
make-up working days.

TOU tariffs cut their holiday bands into public holidays, so the day's periods depend on it;
the shipped calendar is ``resources/tariffs/holidays.json``, beside the catalogue.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from app.domain.errors import ValidationError
from app.domain.messages import Message
from app.domain.tariffs.catalogue import DEFAULT_CATALOGUE_PACKAGE
from app.domain.tariffs.parsing import as_mapping, as_sequence, parse_date, parse_int, parse_text, path_error

HOLIDAYS_FORMAT = "gridcounter.holidays/1"
DEFAULT_HOLIDAYS_FILE = "holidays.json"


@dataclass(frozen=True)
class Holiday:
    """One holiday of a year as the State Council's notice arranges it (放假调休安排).

    ``first``–``last`` are the days off (放假, weekends inside included); ``statutory`` the
    statutory holidays themselves (法定假日, a subset); ``workdays`` the make-up working days
    (调休上班), which are working days, not holidays.
    """

    name: str
    first: dt.date
    last: dt.date
    statutory: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()

    @property
    def days_off(self) -> tuple[dt.date, ...]:
        return tuple(self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1))


@dataclass(frozen=True)
class HolidayCalendar:
    """The public holidays of the years a notice has been published for (the shipped
    ``resources/tariffs/holidays.json``). A year it does not list is unknown, not holiday-free."""

    holidays: tuple[Holiday, ...]
    source: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({h.first.year for h in self.holidays}))

    def covers(self, year: int) -> bool:
        return year in self.years

    def _of(self, years: Iterable[int] | None) -> list[Holiday]:
        wanted = None if years is None else set(years)
        return [h for h in self.holidays if wanted is None or h.first.year in wanted]

    def days_off(self, years: Iterable[int] | None = None, *, statutory_only: bool = False) -> frozenset[dt.date]:
        """The holiday dates of ``years`` (all years when None): the days off, or only the
        statutory days."""
        return frozenset(d for h in self._of(years) for d in (h.statutory if statutory_only else h.days_off))

    def workdays(self, years: Iterable[int] | None = None) -> frozenset[dt.date]:
        """The make-up working days (调休上班) of ``years``."""
        return frozenset(d for h in self._of(years) for d in h.workdays)

    def holiday_on(self, day: dt.date) -> Holiday | None:
        return next((h for h in self.holidays if h.first <= day <= h.last), None)


def parse_holiday_calendar(data: Mapping[str, Any]) -> HolidayCalendar:
    """A calendar document ``{"format": HOLIDAYS_FORMAT, "years": [{"year", "holidays": […]}]}``.

    Each holiday: ``name``, ``from`` / ``to`` (days off, inclusive), ``statutory`` (dates
    inside from–to), ``workdays`` (make-up working days, outside every holiday). Dates belong
    to their entry's year (a Spring Festival that starts in late January still does)."""
    data = as_mapping(data, "holidays")
    if data.get("format") != HOLIDAYS_FORMAT:
        raise ValidationError("format", "节假日日历格式应为 {format}", format=HOLIDAYS_FORMAT)
    holidays: list[Holiday] = []
    seen_years: set[int] = set()
    for i, raw_year in enumerate(as_sequence(data.get("years"), "years")):
        ypath = f"years[{i}]"
        entry = as_mapping(raw_year, ypath)
        year = parse_int(entry.get("year"), f"{ypath}.year")
        if year in seen_years:
            raise path_error(f"{ypath}.year", Message("{year} 年出现了两次", year=year), ypath)
        seen_years.add(year)
        for j, raw in enumerate(as_sequence(entry.get("holidays"), f"{ypath}.holidays")):
            hpath = f"{ypath}.holidays[{j}]"
            item = as_mapping(raw, hpath)
            first = parse_date(item.get("from"), f"{hpath}.from")
            last = parse_date(item.get("to"), f"{hpath}.to")
            if first.year != year or last < first or (last - first).days > 15:
                raise path_error(hpath, Message("放假日期应在 {year} 年内、起止有序且不超过 16 天", year=year))
            statutory = tuple(parse_date(d, f"{hpath}.statutory") for d in as_sequence(item.get("statutory", []),
                                                                                 f"{hpath}.statutory"))
            if any(not first <= d <= last for d in statutory):
                raise path_error(f"{hpath}.statutory", Message("法定假日应在放假期间内"))
            workdays = tuple(parse_date(d, f"{hpath}.workdays") for d in as_sequence(item.get("workdays", []),
                                                                               f"{hpath}.workdays"))
            holidays.append(Holiday(parse_text(item, "name", hpath), first, last, statutory, workdays))
    holidays.sort(key=lambda h: h.first)
    for a, b in zip(holidays, holidays[1:], strict=False):
        if b.first <= a.last:
            raise ValidationError("years", "{a}（{a_first}–{a_last}）与{b}（{b_first}–{b_last}）的放假日期重叠",
                                  a=a.name, a_first=a.first, a_last=a.last, b=b.name, b_first=b.first, b_last=b.last)
    off = frozenset(d for h in holidays for d in h.days_off)
    for h in holidays:
        clash = [d for d in h.workdays if d in off]
        if clash:
            raise ValidationError("years", "{name}的调休上班日 {day} 同时是放假日", name=h.name, day=clash[0])
    source = data.get("source", "")
    return HolidayCalendar(tuple(holidays), source if isinstance(source, str) else "")


def load_default_holidays() -> HolidayCalendar:
    """The calendar shipped in ``resources/tariffs/holidays.json``."""
    text = resources.files(DEFAULT_CATALOGUE_PACKAGE).joinpath(DEFAULT_HOLIDAYS_FILE).read_text("utf-8")
    return parse_holiday_calendar(json.loads(text))
