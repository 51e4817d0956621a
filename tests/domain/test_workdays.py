"""The working-day calendar (app/domain/workdays.py): docs/rules.md#working-days and
docs/rules.md#deadline-status. Built on the TOU holiday calendar (resources/tariffs/holidays.json):
2025 and 2026 are in the data, 2027 is not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.codes import DeadlineStatus
from app.domain.tariffs.holidays import load_default_holidays
from app.domain.workdays import (
    DeadlineRules,
    SuspendedSpan,
    WorkingDayCalendar,
    add_working_days,
    deadline_status,
    is_working_day,
    load_default_calendar,
    promised_date,
    working_days_between,
)

D = dt.date
CAL = load_default_calendar()


def test_the_calendar_is_the_tou_holiday_table() -> None:
    assert CAL.holidays == load_default_holidays()
    assert CAL.covers(2025) and CAL.covers(2026) and not CAL.covers(2027)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 3, 2), True),  # an ordinary Monday
        (D(2026, 3, 7), False),  # an ordinary Saturday
        (D(2026, 2, 17), False),  # 春节 2026, a weekday off
        (D(2026, 2, 14), True),  # 调休: Saturday worked before 春节 2026
        (D(2026, 2, 28), True),  # 调休: Saturday worked after 春节 2026
        (D(2025, 1, 26), True),  # 调休: a Sunday worked before 春节 2025
        (D(2025, 10, 8), False),  # 国庆节、中秋节 2025, last day off
        (D(2025, 10, 11), True),  # 调休 Saturday after 国庆 2025
        (D(2026, 1, 4), True),  # 调休 Sunday after 元旦 2026
        (D(2027, 1, 1), True),  # 2027 is not in the data: a Friday counts as a working day
        (D(2027, 1, 2), False),  # … and weekends still do not
    ],
)
def test_working_days_are_weekdays_minus_days_off_plus_make_up_days(day: dt.date, working: bool) -> None:
    assert is_working_day(CAL, day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 春节 2025 (off 28 Jan–4 Feb, Sunday 26 Jan worked): Fri → Sun(1) Mon(2) … Wed 5 Feb(3) 6(4) 7(5)
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # …and the make-up Saturday after it: 6(1) 7(2) Sat 8 Feb(3)
        (D(2025, 2, 5), 3, D(2025, 2, 8)),
        # 国庆 2025 (off 1–8 Oct, Sunday 28 Sep worked): Sun(1) Mon(2) Tue(3) … Thu 9 Oct(4) Fri 10(5)
        (D(2025, 9, 26), 5, D(2025, 10, 10)),
        # 春节 2026 (off 15–23 Feb, Saturday 14 Feb worked)
        (D(2026, 2, 12), 5, D(2026, 2, 26)),
        # across the year end: 31 Dec(1), 元旦 1–3 Jan off, Sunday 4 Jan worked(2), Mon 5 Jan(3)
        (D(2025, 12, 30), 3, D(2026, 1, 5)),
        # accepted on a Saturday: counting starts on Monday
        (D(2026, 3, 7), 1, D(2026, 3, 9)),
        (D(2026, 3, 2), 0, D(2026, 3, 2)),
    ],
)
def test_counting_starts_the_working_day_after_acceptance(start: dt.date, n: int, expected: dt.date) -> None:
    assert add_working_days(CAL, start, n) == expected
    assert working_days_between(CAL, start, expected) == n


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(CAL, D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert working_days_between(CAL, D(2026, 3, 9), D(2026, 3, 2)) == 0
    assert working_days_between(CAL, D(2026, 3, 1), D(2026, 3, 31)) == 22
    # October 2026: 国庆 1–7 off, Saturday 10 Oct worked: 22 weekdays − 5 + 1
    assert working_days_between(CAL, D(2026, 9, 30), D(2026, 10, 31)) == 22 - 5 + 1


def test_a_year_missing_from_the_data_counts_weekends_only_and_says_so() -> None:
    promise = promised_date(CAL, D(2026, 12, 30), 5)
    # 31 Dec(1), then 2027 by weekends only: Fri 1 Jan(2), Mon 4(3), Tue 5(4), Wed 6(5)
    assert promise.date == D(2027, 1, 6)
    assert promise.provisional and promise.uncovered_years == (2027,)
    inside = promised_date(CAL, D(2026, 3, 2), 5)
    assert inside.date == D(2026, 3, 9) and not inside.provisional
    assert CAL.uncovered_years(D(2024, 12, 1), D(2027, 1, 1)) == (2024, 2027)


def test_an_empty_calendar_is_weekends_only() -> None:
    from app.domain.tariffs.holidays import HolidayCalendar

    bare = WorkingDayCalendar(HolidayCalendar(()))
    assert add_working_days(bare, D(2026, 2, 12), 5) == D(2026, 2, 19)
    assert promised_date(bare, D(2026, 2, 12), 5).uncovered_years == (2026,)


def test_negative_counts_and_runaway_spans_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        add_working_days(CAL, D(2026, 3, 2), -1)
    with pytest.raises(ValueError):
        working_days_between(CAL, D(2000, 1, 1), D(2026, 1, 1))


# ---- deadline colours ---------------------------------------------------------------------------

ACCEPTED = D(2026, 3, 2)  # Monday; 5 working days → due Monday 9 March


@pytest.mark.parametrize(
    ("today", "used", "status"),
    [
        (D(2026, 3, 2), 0, DeadlineStatus.ON_TIME),
        (D(2026, 3, 4), 2, DeadlineStatus.ON_TIME),
        (D(2026, 3, 5), 3, DeadlineStatus.ON_TIME),  # 2 left of 5: more than 1 day and 20 %
        (D(2026, 3, 6), 4, DeadlineStatus.DUE_SOON),  # 1 left
        (D(2026, 3, 8), 4, DeadlineStatus.DUE_SOON),  # Sunday: nothing used
        (D(2026, 3, 9), 5, DeadlineStatus.DUE_SOON),  # the due day itself is still on time, just
        (D(2026, 3, 10), 6, DeadlineStatus.OVERDUE),
    ],
)
def test_deadline_colour_green_yellow_red(today: dt.date, used: int, status: DeadlineStatus) -> None:
    info = deadline_status(CAL, ACCEPTED, 5, today)
    assert (info.status, info.used, info.left, info.due) == (status, used, 5 - used, D(2026, 3, 9))
    assert not info.suspended and not info.provisional


def test_due_soon_at_twenty_percent_of_a_long_limit() -> None:
    # 22 working days from Monday 2 March 2026 (清明 4–6 April off): 20 % is 4.4 days
    info = deadline_status(CAL, ACCEPTED, 22, add_working_days(CAL, ACCEPTED, 17))
    assert (info.left, info.status) == (5, DeadlineStatus.ON_TIME)
    info = deadline_status(CAL, ACCEPTED, 22, add_working_days(CAL, ACCEPTED, 18))
    assert (info.left, info.status) == (4, DeadlineStatus.DUE_SOON)
    assert info.due == add_working_days(CAL, ACCEPTED, 22)


def test_the_due_soon_threshold_is_configurable() -> None:
    rules = DeadlineRules(due_soon_days=3, due_soon_fraction=Decimal("0"))
    assert deadline_status(CAL, ACCEPTED, 5, D(2026, 3, 4), rules=rules).status == DeadlineStatus.DUE_SOON
    assert deadline_status(CAL, ACCEPTED, 5, D(2026, 3, 3), rules=rules).status == DeadlineStatus.ON_TIME
    with pytest.raises(TypeError):
        DeadlineRules(due_soon_fraction=0.2)  # type: ignore[arg-type]


def test_suspended_days_do_not_count() -> None:
    # Suspended Wednesday 4 March, resumed Monday 9 March: 5, 6 and 9 March do not count.
    spans = [SuspendedSpan(D(2026, 3, 4), D(2026, 3, 9))]
    info = deadline_status(CAL, ACCEPTED, 5, D(2026, 3, 10), spans)
    assert (info.used, info.left, info.status) == (3, 2, DeadlineStatus.ON_TIME)  # 3, 4 and 10 March
    assert info.due == D(2026, 3, 12) and not info.suspended
    # without the suspension the same day is red
    assert deadline_status(CAL, ACCEPTED, 5, D(2026, 3, 10)).status == DeadlineStatus.OVERDUE


def test_a_suspension_still_open_stops_the_clock_and_has_no_due_date() -> None:
    info = deadline_status(CAL, ACCEPTED, 5, D(2026, 4, 30), [SuspendedSpan(D(2026, 3, 4))])
    assert (info.used, info.due, info.suspended, info.status) == (2, None, True, DeadlineStatus.ON_TIME)


def test_suspending_and_resuming_on_one_day_costs_nothing() -> None:
    spans = [SuspendedSpan(D(2026, 3, 4), D(2026, 3, 4))]
    assert deadline_status(CAL, ACCEPTED, 5, D(2026, 3, 10), spans).used == 6


def test_an_overdue_application_keeps_its_due_date_and_later_suspensions_do_not_save_it() -> None:
    info = deadline_status(CAL, ACCEPTED, 5, D(2026, 3, 20), [SuspendedSpan(D(2026, 3, 12))])
    assert info.status == DeadlineStatus.OVERDUE and info.due == D(2026, 3, 9) and info.suspended


def test_a_deadline_running_into_a_missing_year_is_provisional() -> None:
    info = deadline_status(CAL, D(2026, 12, 28), 22, D(2026, 12, 29))
    assert info.provisional and info.uncovered_years == (2027,)
