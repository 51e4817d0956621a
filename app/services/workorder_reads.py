"""Work orders read: the list (工单列表) with its filters, one order opened with its steps, and
the overdue / due-soon counts of the supervisor's badge. Writes are in
:mod:`app.services.workorders`.

The list filters on indexed columns only (type, category, stage, status, clerk, assignee,
department, customer, acceptance time, and the deadline colours through the stored
``due_soon_at`` / ``overdue_at`` instants), newest first, one page at a time. The reporter of an
anonymous report and the contact are shown as docs/rules.md#work-order-anonymity says.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy import Select, and_, func, select, union_all
from sqlalchemy.orm import Session

from app.domain.codes import DeadlineStatus, WorkOrderStage, WorkOrderStatus, WorkOrderType
from app.domain.errors import NotFound, ValidationError, ValidationErrors
from app.domain.masking import mask_phone
from app.domain.periods import utc_at
from app.domain.workorders import (
    CategoryTree,
    Milestone,
    WorkOrderState,
    allowed_actions,
    colour,
    needs_callback,
    running,
)
from app.dto.applications import PageRequest
from app.dto.common import Actor
from app.dto.workorders import (
    DeadlineCounts,
    WorkOrderDetail,
    WorkOrderFilter,
    WorkOrderPage,
    WorkOrderRow,
    WorkOrderStepRow,
)
from app.services import workorders as _writes
from app.services.permissions import allowed, require
from app.services.workorder_config import tree_for_node
from db.engine import Database
from db.models import Customer, Outage, WorkOrder, WorkOrderStep

__all__ = ["deadline_counts", "get_work_order", "list_work_orders", "work_orders_of_customer"]

PAGE_MAX = 500
_COLUMNS = (WorkOrder, Customer.account_no, Customer.name, Outage.outage_no)


def _now_utc() -> dt.datetime:
    return _writes.to_utc(_writes._now())


def sees_reporter(actor: Actor, order: WorkOrder) -> bool:
    """The clerk who recorded the order and those who may view contacts see the reporter in
    full (docs/rules.md#work-order-anonymity)."""
    return order.accepted_by == actor.username or allowed(actor, "workorder.view_contact")


def _row(
    tree: CategoryTree,
    actor: Actor,
    order: WorkOrder,
    account_no: str | None,
    name: str | None,
    now: dt.datetime,
    outage_no: str | None = None,
) -> WorkOrderRow:
    shade = None
    if order.due_soon_at is not None and order.overdue_at is not None:
        shade = colour(now, Milestone(order.due_soon_at, order.overdue_at))
    first, answer = running(WorkOrderStage(order.stage))
    clocks = [d for d in (order.contact_due_at, order.arrival_due_at) if first and d is not None]
    if answer and order.restore_due_at is not None:
        clocks.append(order.restore_due_at)
    reporter = order.reporter_name
    if order.anonymous and not sees_reporter(actor, order):
        reporter = ""
    return WorkOrderRow(
        id=order.id,
        order_no=order.order_no,
        order_type=order.order_type,
        category_code=order.category_code,
        category_label=tree.label(order.category_code),
        urgency=order.urgency,
        channel=order.channel,
        customer_id=order.customer_id,
        account_no=account_no or "",
        customer_name=name or "",
        anonymous=order.anonymous,
        reporter_name=reporter,
        stage=order.stage,
        status=order.status,
        assigned_dept=order.assigned_dept,
        assigned_to=order.assigned_to,
        accepted_at=order.accepted_at,
        accepted_by=order.accepted_by,
        answer_due_on=order.answer_due_on if answer else None,
        next_due_at=min(clocks) if clocks else None,
        deadline=str(shade) if shade else "",
        callback_result=order.callback_result,
        version=order.version,
        outage_no=outage_no or "",
    )


def _subtree(tree: CategoryTree, code: str) -> list[str]:
    out = [code]
    for child in tree.get(code).children:
        out += _subtree(tree, child)
    return out


def _filtered(
    f: WorkOrderFilter, now: dt.datetime, first: int, tree: CategoryTree
) -> Select[WorkOrder, str, str, str]:
    """The list's query for ``f``, to be ordered newest first; ``first``: how many rows of that
    order the caller may read (offset + page + 1)."""
    stmt = (
        select(*_COLUMNS)
        .outerjoin(Customer, Customer.id == WorkOrder.customer_id)
        .outerjoin(Outage, Outage.id == WorkOrder.outage_id)
    )
    conditions = []
    if f.order_type:
        conditions.append(WorkOrder.order_type == f.order_type)
    if f.stage:
        conditions.append(WorkOrder.stage == f.stage)
    if f.status:
        conditions.append(WorkOrder.status == f.status)
    elif f.open_only or (f.deadline and not f.stage):
        # A colour implies an open order (only running deadlines have instants); with a stage
        # the (stage, accepted_at, overdue_at, due_soon_at) index answers it alone.
        conditions.append(WorkOrder.status == WorkOrderStatus.OPEN)
    if f.clerk:
        conditions.append(WorkOrder.accepted_by == f.clerk)
    if f.assignee:
        conditions.append(WorkOrder.assigned_to == f.assignee)
    if f.department:
        conditions.append(WorkOrder.assigned_dept == f.department)
    if f.customer_id:
        conditions.append(WorkOrder.customer_id == f.customer_id)
    if f.accepted_from:
        conditions.append(WorkOrder.accepted_at >= utc_at(f.accepted_from, 0))
    if f.accepted_to:
        conditions.append(WorkOrder.accepted_at < utc_at(f.accepted_to + dt.timedelta(days=1), 0))
    if f.deadline == DeadlineStatus.OVERDUE:
        conditions.append(WorkOrder.overdue_at < now)
    elif f.deadline == DeadlineStatus.DUE_SOON:
        conditions += [WorkOrder.due_soon_at <= now, WorkOrder.overdue_at >= now]
    elif f.deadline == DeadlineStatus.ON_TIME:
        conditions.append(WorkOrder.due_soon_at > now)
    if f.category_code:
        codes = _subtree(tree, f.category_code)
        if len(codes) == 1:
            conditions.append(WorkOrder.category_code == codes[0])
        elif f.deadline or f.status or f.open_only:
            # With a status or colour the (status, accepted_at, …) index is walked newest first
            # and the subtree checked per row: the branches below would each walk their
            # category's whole history for the few open orders in it (~110 ms on 200,000).
            conditions.append(WorkOrder.category_code.in_(codes))
        else:
            # A branch: the newest ``first`` of each category, walked on its (category,
            # accepted_at) index, then merged (an IN would sort every matching order first).
            branches = [
                select(WorkOrder.id)
                .where(WorkOrder.category_code == code, *conditions)
                .order_by(WorkOrder.accepted_at.desc(), WorkOrder.id.desc())
                .limit(first)
                .subquery()
                for code in codes
            ]
            conditions = [WorkOrder.id.in_(union_all(*(select(b.c.id) for b in branches)))]
    return stmt.where(and_(*conditions)) if conditions else stmt


def _check_filter(f: WorkOrderFilter, page: PageRequest, tree: CategoryTree) -> None:
    errors = []
    if f.order_type and f.order_type not in {t.value for t in WorkOrderType}:
        errors.append(ValidationError("order_type", "未知的诉求类型"))
    if f.category_code and f.category_code not in tree:
        errors.append(ValidationError("category_code", "未知的诉求分类"))
    if f.stage and f.stage not in {s.value for s in WorkOrderStage}:
        errors.append(ValidationError("stage", "未知的环节"))
    if f.status and f.status not in {s.value for s in WorkOrderStatus}:
        errors.append(ValidationError("status", "未知的工单状态"))
    if f.deadline and f.deadline not in {d.value for d in DeadlineStatus}:
        errors.append(ValidationError("deadline", "未知的时限状态"))
    if f.accepted_from and f.accepted_to and f.accepted_from > f.accepted_to:
        errors.append(ValidationError("accepted_to", "结束日期不能早于开始日期"))
    if page.offset < 0 or not 1 <= page.limit <= PAGE_MAX:
        errors.append(ValidationError("page", "每页应为 1 到 {max} 条", max=PAGE_MAX))
    if errors:
        raise ValidationErrors(errors)


def _rows(
    actor: Actor,
    found: Sequence[tuple[WorkOrder, str | None, str | None, str | None]],
    now: dt.datetime,
    tree: CategoryTree,
) -> tuple[WorkOrderRow, ...]:
    return tuple(_row(tree, actor, order, no, name, now, outage) for order, no, name, outage in found)


def list_work_orders(
    db: Database, actor: Actor, filters: WorkOrderFilter | None = None, page: PageRequest | None = None
) -> WorkOrderPage:
    """The list: work orders matching ``filters``, newest recorded first, one page."""
    require(actor, "workorder.view")
    f, page = filters or WorkOrderFilter(), page or PageRequest()
    now = _now_utc()
    with db.read() as session:
        tree = tree_for_node(session, actor.node_id)  # the hall's tree, deactivated ones included
        _check_filter(f, page, tree)
        rows = session.execute(
            _filtered(f, now, page.offset + page.limit + 1, tree)
            .order_by(WorkOrder.accepted_at.desc(), WorkOrder.id.desc())
            .offset(page.offset)
            .limit(page.limit + 1)
        ).all()
        out = _rows(actor, [tuple(r) for r in rows[: page.limit]], now, tree)  # type: ignore[misc]
        return WorkOrderPage(out, len(rows) > page.limit, page.offset)


def work_orders_of_customer(
    db: Database, actor: Actor, customer_id: uuid.UUID, limit: int = 200
) -> list[WorkOrderRow]:
    """The customer's work orders, newest first (for the customer view)."""
    return list(
        list_work_orders(db, actor, WorkOrderFilter(customer_id=customer_id), PageRequest(0, limit)).rows
    )


def deadline_counts(db: Database, actor: Actor) -> DeadlineCounts:
    """The supervisor's badge: the hall's open orders overdue, and due soon, now. Only the
    orders the supervisor's own node recorded: in a shared database (or at the centre, which
    also holds the branches' orders) another hall's late orders are that hall's to chase."""
    require(actor, "workorder.view")
    now = _now_utc()
    mine = WorkOrder.node_id == actor.node_id
    with db.read() as session:
        overdue = session.scalar(
            select(func.count()).where(WorkOrder.status == WorkOrderStatus.OPEN, WorkOrder.overdue_at < now, mine)
        )
        soon = session.scalar(
            select(func.count()).where(
                WorkOrder.status == WorkOrderStatus.OPEN,
                WorkOrder.due_soon_at <= now,
                WorkOrder.overdue_at >= now,
                mine,
            )
        )
    return DeadlineCounts(int(overdue or 0), int(soon or 0))


def _steps(session: Session, order_id: uuid.UUID) -> tuple[WorkOrderStepRow, ...]:
    steps = session.scalars(
        select(WorkOrderStep).where(WorkOrderStep.work_order_id == order_id).order_by(WorkOrderStep.step_no)
    ).all()
    return tuple(
        WorkOrderStepRow(
            s.step_no,
            s.action,
            s.from_stage,
            s.to_stage,
            s.assigned_dept,
            s.assigned_to,
            s.result,
            s.note,
            s.done_at,
            s.done_by,
        )
        for s in steps
    )


def get_work_order(db: Database, actor: Actor, work_order_id: uuid.UUID) -> WorkOrderDetail:
    """One work order with its steps, what may be done now and its deadlines; the contact in
    full, masked or hidden (docs/rules.md#work-order-anonymity)."""
    require(actor, "workorder.view")
    now = _now_utc()
    with db.read() as session:
        tree = tree_for_node(session, actor.node_id)
        found = session.execute(
            select(*_COLUMNS)
            .outerjoin(Customer, Customer.id == WorkOrder.customer_id)
            .outerjoin(Outage, Outage.id == WorkOrder.outage_id)
            .where(WorkOrder.id == work_order_id)
        ).first()
        if found is None:
            raise NotFound("工单不存在")
        order, no, name, outage_no = found
        callback = needs_callback(WorkOrderType(order.order_type), _writes.has_contact(order))
        state = WorkOrderState(WorkOrderStage(order.stage), order.reopened)
        full = sees_reporter(actor, order)
        contact, hidden = order.reporter_contact, False
        if not full:
            if order.anonymous:
                contact, hidden = "", True
            elif contact:
                contact = mask_phone(contact)
        return WorkOrderDetail(
            row=_row(tree, actor, order, no, name, now, outage_no),
            description=order.description,
            area=order.area,
            reporter_contact=contact,
            contact_hidden=hidden,
            contact_due_at=order.contact_due_at,
            answer_days=order.answer_days,
            arrival_due_at=order.arrival_due_at,
            restore_due_at=order.restore_due_at,
            started_at=order.started_at,
            replied_at=order.replied_at,
            resolution=order.resolution,
            reopened=order.reopened,
            closed_at=order.closed_at,
            closed_by=order.closed_by,
            steps=_steps(session, order.id),
            allowed_actions=tuple(str(a) for a in allowed_actions(state, callback)),
            needs_callback=callback,
        )
