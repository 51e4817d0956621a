"""Work orders (诉求工单) as the UI sees them: list rows, the detail, its steps, the filters and the
supervisor's badge. Timestamps are naive UTC, as stored; ``answer_due_on`` is a local date."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class WorkOrderRow:
    """One row of the work-order list (or of a customer's orders)."""

    id: uuid.UUID
    order_no: str
    order_type: str  # app.domain.codes.WorkOrderType
    category_code: str
    category_label: str  # 计量 › 电能表数据异议
    urgency: str
    channel: str
    customer_id: uuid.UUID | None
    account_no: str
    customer_name: str
    anonymous: bool
    reporter_name: str  # "" when anonymous and the actor may not see who reported it
    stage: str  # app.domain.codes.WorkOrderStage
    status: str  # open / archived
    assigned_dept: str
    assigned_to: str
    accepted_at: dt.datetime
    accepted_by: str
    answer_due_on: dt.date | None
    next_due_at: dt.datetime | None  # the earliest running clock deadline (contact, arrival, restoration)
    deadline: str  # app.domain.codes.DeadlineStatus, "" when no deadline runs
    callback_result: str
    version: int
    outage_no: str = ""  # the known outage a 故障报修 was linked to, "" when none


@dataclass(frozen=True)
class WorkOrderStepRow:
    step_no: int
    action: str  # "record" or an app.domain.codes.WorkOrderAction
    from_stage: str
    to_stage: str
    assigned_dept: str
    assigned_to: str
    result: str
    note: str
    done_at: dt.datetime
    done_by: str


@dataclass(frozen=True)
class WorkOrderDetail:
    """An opened work order. ``reporter_contact`` is in full for the clerk who recorded it and
    for supervisors; masked for other clerks, or hidden ("" with ``contact_hidden``) when the
    report is anonymous (docs/rules.md#work-order-anonymity)."""

    row: WorkOrderRow
    description: str
    area: str
    reporter_contact: str
    contact_hidden: bool
    contact_due_at: dt.datetime | None
    answer_days: int | None
    arrival_due_at: dt.datetime | None
    restore_due_at: dt.datetime | None
    started_at: dt.datetime | None
    replied_at: dt.datetime | None
    resolution: str
    reopened: int
    closed_at: dt.datetime | None
    closed_by: str
    steps: tuple[WorkOrderStepRow, ...]
    allowed_actions: tuple[str, ...]
    needs_callback: bool


@dataclass(frozen=True)
class WorkOrderFilter:
    """List filters; every one optional. ``category_code`` takes the category's subtree;
    ``accepted_from`` / ``accepted_to`` are local dates (inclusive); ``deadline`` picks open
    orders with a running deadline by colour; ``open_only``: not archived."""

    order_type: str | None = None
    category_code: str | None = None
    stage: str | None = None
    status: str | None = None
    clerk: str | None = None  # the username who recorded it
    assignee: str | None = None  # the person it is assigned to
    department: str | None = None
    accepted_from: dt.date | None = None
    accepted_to: dt.date | None = None
    deadline: str | None = None
    customer_id: uuid.UUID | None = None
    open_only: bool = False


@dataclass(frozen=True)
class WorkOrderPage:
    rows: tuple[WorkOrderRow, ...]
    more: bool
    offset: int = 0


@dataclass(frozen=True)
class DeadlineCounts:
    """The supervisor's badge: open orders overdue and due soon now."""

    overdue: int
    due_soon: int
