"""The working-day calendar (工作日历): promised dates and deadline colours of service applications.

One calendar for the whole program: it is the holiday table of the TOU tariffs
(:class:`app.domain.tariffs.holidays.HolidayCalendar`, ``resources/tariffs/holidays.json``), read
as working days — Monday to Friday, minus the days off (放假) of the State Council's notice, plus
its make-up working days (调休上班). A year the table does not list is counted by weekends only,
and every answer that touched such a year says so (``uncovered_years``), so the screen can warn
that the date is provisional. The rules, the counting convention and its sources:
docs/rules.md#working-days and docs/rules.md#deadline-status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from app.domain.codes import DeadlineStatus
from app.domain.messages import term
from app.domain.tariffs.holidays import HolidayCalendar, load_default_holidays

__all__ = [
    "DEADLINE_LABELS",
    "DeadlineInfo",
    "DeadlineRules",
    "PromisedDate",
    "SuspendedSpan",
    "WorkingDayCalendar",
    "add_working_days",
    "deadline_status",
    "is_working_day",
    "load_default_calendar",
    "promised_date",
    "working_days_between",
]

ONE_DAY = dt.timedelta(days=1)
#: What the colours say (the worklist shows them green / yellow / red).
DEADLINE_LABELS: dict[str, str] = {
    DeadlineStatus.ON_TIME: term("正常"),
    DeadlineStatus.DUE_SOON: term("临期"),
    DeadlineStatus.OVERDUE: term("超期"),
}
#: A promise or a count never runs longer than this (a typo of a limit, a suspension never
#: ended); the loops stop instead of walking to the end of time.
MAX_SPAN_DAYS = 3660


@dataclass(frozen=True)
class WorkingDayCalendar:
    """Working days from the shared holiday calendar (docs/rules.md#working-days)."""

    holidays: HolidayCalendar
    _days_off: frozenset[dt.date] = field(init=False, repr=False, compare=False)
    _workdays: frozenset[dt.date] = field(init=False, repr=False, compare=False)
    _years: frozenset[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # All years at once: a make-up day may fall in the year before its holiday's entry.
        object.__setattr__(self, "_days_off", self.holidays.days_off())
        object.__setattr__(self, "_workdays", self.holidays.workdays())
        object.__setattr__(self, "_years", frozenset(self.holidays.years))

    def covers(self, year: int) -> bool:
        """Whether the State Council's arrangement for ``year`` is in the data."""
        return year in self._years

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._workdays:
            return True
        if day in self._days_off:
            return False
        return day.weekday() < 5

    def uncovered_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years between two dates (either order) that the data does not list: counted by
        weekends only, so a date computed across them is provisional."""
        low, high = sorted((first.year, last.year))
        return tuple(y for y in range(low, high + 1) if not self.covers(y))


def load_default_calendar() -> WorkingDayCalendar:
    """Working days of the shipped holiday calendar (``resources/tariffs/holidays.json``)."""
    return WorkingDayCalendar(load_default_holidays())


def is_working_day(calendar: WorkingDayCalendar, day: dt.date) -> bool:
    return calendar.is_working_day(day)


def add_working_days(calendar: WorkingDayCalendar, start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start``: ``start`` itself never counts, whether it is a
    working day or not (an application accepted on Saturday through the APP starts counting on
    Monday). ``n == 0`` is ``start``. docs/rules.md#working-days."""
    if n < 0:
        raise ValueError("n must be >= 0")
    day = start
    left = n
    while left:
        day += ONE_DAY
        if calendar.is_working_day(day):
            left -= 1
        if (day - start).days > MAX_SPAN_DAYS:
            raise ValueError("working-day span too long")
    return day


def working_days_between(calendar: WorkingDayCalendar, start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``), so that
    ``working_days_between(c, s, add_working_days(c, s, n)) == n``."""
    if end <= start:
        return 0
    if (end - start).days > MAX_SPAN_DAYS:
        raise ValueError("working-day span too long")
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if calendar.is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


@dataclass(frozen=True)
class PromisedDate:
    """A promised completion date; ``uncovered_years`` non-empty means it was counted by weekends
    only for those years (show it as provisional: 该年节假日安排未录入)."""

    date: dt.date
    uncovered_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.uncovered_years)


def promised_date(calendar: WorkingDayCalendar, accepted: dt.date, limit_days: int) -> PromisedDate:
    """The date promised to the customer: ``limit_days`` working days counted from the working
    day after acceptance (docs/rules.md#working-days)."""
    due = add_working_days(calendar, accepted, limit_days)
    return PromisedDate(due, calendar.uncovered_years(accepted, due))


@dataclass(frozen=True)
class SuspendedSpan:
    """An application was suspended (挂起) on ``start`` and resumed on ``end`` (None: still
    suspended). The working days after ``start`` up to and including ``end`` do not count: the
    day of suspension counts (work happened that day) and, as after acceptance, counting
    resumes on the working day after the resumption."""

    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class DeadlineRules:
    """When an application turns yellow (临期): at most ``due_soon_days`` working days left, or at
    most ``due_soon_fraction`` of its limit left (docs/rules.md#deadline-status)."""

    due_soon_days: int = 1
    due_soon_fraction: Decimal = Decimal("0.2")

    def __post_init__(self) -> None:
        if isinstance(self.due_soon_fraction, float):
            raise TypeError("due_soon_fraction must be a Decimal, not a float")


@dataclass(frozen=True)
class DeadlineInfo:
    """Where an application stands against its limit on ``today``.

    ``used``: working days counted so far (suspended days excluded); ``left``: limit − used
    (negative when overdue); ``due``: the date the limit runs out, None while suspended (the
    clock has stopped, so there is no date yet); ``suspended``: the clock is stopped today."""

    status: DeadlineStatus
    limit_days: int
    used: int
    left: int
    due: dt.date | None
    suspended: bool
    uncovered_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.uncovered_years)


def _counts(calendar: WorkingDayCalendar, day: dt.date, spans: Sequence[SuspendedSpan]) -> bool:
    return calendar.is_working_day(day) and not any(s.covers(day) for s in spans)


def deadline_status(
    calendar: WorkingDayCalendar,
    accepted: dt.date,
    limit_days: int,
    today: dt.date,
    suspensions: Iterable[SuspendedSpan] = (),
    rules: DeadlineRules | None = None,
) -> DeadlineInfo:
    """Green / yellow / red for an application accepted on ``accepted`` with ``limit_days``
    working days, on ``today`` (for a finished application, pass the day it finished).

    Working days inside a suspension do not count. Red (超期) once more working days were used
    than the limit allows — the due day itself is still on time; yellow (临期) when
    ``left <= due_soon_days`` or ``left <= limit × due_soon_fraction``; green otherwise."""
    rules = rules or DeadlineRules()
    spans = tuple(suspensions)
    if (today - accepted).days > MAX_SPAN_DAYS:
        raise ValueError("working-day span too long")
    used = 0
    day = accepted + ONE_DAY
    while day <= today:
        if _counts(calendar, day, spans):
            used += 1
        day += ONE_DAY
    suspended_now = any(s.start <= today and (s.end is None or today < s.end) for s in spans)
    due: dt.date | None = None
    if used >= limit_days:
        # Walk back to the day the last allowed working day was used.
        count, day = 0, accepted
        while count < limit_days:
            day += ONE_DAY
            if _counts(calendar, day, spans):
                count += 1
        due = day
    elif not any(s.end is None for s in spans):
        count, day = used, today
        while count < limit_days:
            day += ONE_DAY
            if _counts(calendar, day, spans):
                count += 1
            if (day - today).days > MAX_SPAN_DAYS:
                raise ValueError("working-day span too long")
        due = day
    left = limit_days - used
    if left < 0:
        status = DeadlineStatus.OVERDUE
    elif left <= rules.due_soon_days or Decimal(left) <= Decimal(limit_days) * rules.due_soon_fraction:
        status = DeadlineStatus.DUE_SOON
    else:
        status = DeadlineStatus.ON_TIME
    last = max(today, due) if due else today
    return DeadlineInfo(
        status, limit_days, used, left, due, suspended_now, calendar.uncovered_years(accepted, last)
    )
