"""Work-order deadlines and their colours (docs/rules.md#work-order-deadlines).

Two kinds of deadline:

* **clock deadlines**, in hours or minutes, weekends and holidays included: a complaint's contact
  (24 h), a repair's arrival (45 / 90 / 120 min by area) and restoration (3 / 4 h after arrival);
* **answer deadlines**, in working days of the one working-day calendar
  (:mod:`app.domain.workdays`), counted as a service application's limit is: the day of
  acceptance never counts, the last day counts whole.

Each deadline has the instant it turns yellow (临期) and the instant after which it is red
(超期); an order's colour is the worst of the deadlines still running at its stage
(:func:`running`), so two stored instants (the earliest of each) colour and filter it.

Times here are aware datetimes in the hall's time zone; the services store naive UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from app.domain.codes import DeadlineStatus, WorkOrderArea, WorkOrderStage, WorkOrderType
from app.domain.workdays import DeadlineRules, WorkingDayCalendar, add_working_days
from app.domain.workorders.rules import WorkOrderRules

__all__ = [
    "Deadlines",
    "Milestone",
    "answer_days",
    "answer_milestone",
    "arrival_minutes",
    "clock_milestone",
    "colour",
    "compute_deadlines",
    "restore_due",
    "restore_hours",
    "running",
    "worst",
]


def answer_days(order_type: WorkOrderType, answer_rule: str | None, rules: WorkOrderRules) -> int | None:
    """Working days to answer an order of ``order_type`` filed under a category with
    ``answer_rule``; None for a 表扬 (nothing to answer) and a 故障报修 (held to its clock
    deadlines). A metering objection (电能表数据异议) is answered in its own limit whatever its
    type: a complaint about meter data is answered like a meter-test result."""
    if order_type in (WorkOrderType.PRAISE, WorkOrderType.REPAIR):
        return None
    if answer_rule == "metering_objection":
        return rules.metering_objection_answer_days
    return {
        WorkOrderType.COMPLAINT: rules.complaint_answer_days,
        WorkOrderType.REPORT: rules.report_answer_days,
        WorkOrderType.SUGGESTION: rules.suggestion_answer_days,
        WorkOrderType.ENQUIRY: rules.enquiry_answer_days,
    }[order_type]


def arrival_minutes(area: WorkOrderArea, rules: WorkOrderRules) -> int:
    return {
        WorkOrderArea.URBAN: rules.repair_arrival_urban_minutes,
        WorkOrderArea.RURAL: rules.repair_arrival_rural_minutes,
        WorkOrderArea.REMOTE: rules.repair_arrival_remote_minutes,
    }[area]


def restore_hours(area: WorkOrderArea, rules: WorkOrderRules) -> int:
    return {
        WorkOrderArea.URBAN: rules.repair_restore_urban_hours,
        WorkOrderArea.RURAL: rules.repair_restore_rural_hours,
        WorkOrderArea.REMOTE: rules.repair_restore_remote_hours,
    }[area]


def restore_due(area: WorkOrderArea, arrived_at: dt.datetime, rules: WorkOrderRules) -> dt.datetime:
    """Restoration is promised within hours *after arrival* (十项承诺 art. 3)."""
    return arrived_at + dt.timedelta(hours=restore_hours(area, rules))


@dataclass(frozen=True)
class Deadlines:
    """The deadlines of an order at recording; None where its type has none. A repair's
    ``restore_due_at`` is provisional (arrival deadline + restoration hours) until the arrival
    is recorded (:func:`restore_due`)."""

    contact_due_at: dt.datetime | None = None
    answer_due_on: dt.date | None = None
    answer_days: int | None = None
    arrival_due_at: dt.datetime | None = None
    restore_due_at: dt.datetime | None = None
    uncovered_years: tuple[int, ...] = ()  # the answer date was counted by weekends only there

    @property
    def provisional(self) -> bool:
        return bool(self.uncovered_years)


def compute_deadlines(
    calendar: WorkingDayCalendar,
    order_type: WorkOrderType,
    answer_rule: str | None,
    accepted_at: dt.datetime,
    rules: WorkOrderRules,
    area: WorkOrderArea | None = None,
) -> Deadlines:
    """The deadlines of an order accepted at ``accepted_at`` (aware, the hall's time).
    ``area`` is required for a 故障报修."""
    if accepted_at.tzinfo is None:
        raise ValueError("accepted_at must be aware")
    if order_type == WorkOrderType.REPAIR:
        if area is None:
            raise ValueError("a repair needs its area")
        arrival = accepted_at + dt.timedelta(minutes=arrival_minutes(area, rules))
        return Deadlines(arrival_due_at=arrival, restore_due_at=restore_due(area, arrival, rules))
    days = answer_days(order_type, answer_rule, rules)
    contact = (
        accepted_at + dt.timedelta(hours=rules.complaint_contact_hours)
        if order_type == WorkOrderType.COMPLAINT
        else None
    )
    if days is None:
        return Deadlines(contact_due_at=contact)
    day = accepted_at.date()
    due = add_working_days(calendar, day, days)
    return Deadlines(contact, due, days, uncovered_years=calendar.uncovered_years(day, due))


@dataclass(frozen=True)
class Milestone:
    """One deadline's colour change: yellow from ``due_soon_at`` on, red after ``overdue_at``."""

    due_soon_at: dt.datetime
    overdue_at: dt.datetime


def clock_milestone(start: dt.datetime, due: dt.datetime, rules: DeadlineRules | None = None) -> Milestone:
    """A clock deadline from ``start`` to ``due``: yellow once at most ``due_soon_fraction`` of
    the span is left (24 h → yellow after 19 h 12 min; 45 min → after 36 min), red after ``due``."""
    rules = rules or DeadlineRules()
    span = max(due - start, dt.timedelta(0))
    left = dt.timedelta(seconds=int(Decimal(int(span.total_seconds())) * rules.due_soon_fraction))
    return Milestone(due - left, due)


ONE_DAY = dt.timedelta(days=1)


def _midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


def answer_milestone(
    calendar: WorkingDayCalendar,
    due: dt.date,
    limit: int,
    tz: dt.tzinfo,
    rules: DeadlineRules | None = None,
) -> Milestone:
    """An answer deadline of ``limit`` working days that ends on ``due``, coloured as
    :func:`app.domain.workdays.deadline_status` colours an application: red from the midnight
    after the due day; yellow from the start of the working day from which at most
    max(due_soon_days, ⌊limit × due_soon_fraction⌋) working days are left (the due day's
    working days counted back)."""
    rules = rules or DeadlineRules()
    soon = int((Decimal(limit) * rules.due_soon_fraction).to_integral_value(rounding=ROUND_FLOOR))
    threshold = max(rules.due_soon_days, soon)
    day, seen = due, 0
    while seen < threshold:
        if calendar.is_working_day(day):
            seen += 1
        day -= ONE_DAY
    while not calendar.is_working_day(day):
        day -= ONE_DAY
    return Milestone(_midnight(day, tz), _midnight(due + ONE_DAY, tz))


#: Which deadlines run at which stage: the first response (a complaint's contact, a repair's
#: arrival) until the handler starts (开始处理); the answer (or restoration) until the reply.
FIRST_RESPONSE_STAGES = frozenset({WorkOrderStage.ACCEPTED, WorkOrderStage.DISPATCHED})
ANSWER_STAGES = frozenset({WorkOrderStage.ACCEPTED, WorkOrderStage.DISPATCHED, WorkOrderStage.PROCESSING})


def running(stage: WorkOrderStage) -> tuple[bool, bool]:
    """(first response runs, answer runs) at ``stage``."""
    return stage in FIRST_RESPONSE_STAGES, stage in ANSWER_STAGES


def worst(milestones: list[Milestone]) -> Milestone | None:
    """The milestones as one: yellow when any is yellow, red when any is red."""
    if not milestones:
        return None
    return Milestone(min(m.due_soon_at for m in milestones), min(m.overdue_at for m in milestones))


def colour(now: dt.datetime, milestone: Milestone | None) -> DeadlineStatus | None:
    """The colour at ``now``; None when no deadline runs."""
    if milestone is None:
        return None
    if now > milestone.overdue_at:
        return DeadlineStatus.OVERDUE
    if now >= milestone.due_soon_at:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME
