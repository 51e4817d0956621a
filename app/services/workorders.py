"""Work orders (诉求工单): record, dispatch, reassign, start, reply, call back and archive, in units
of work with permissions and one operation record each (docs/rules.md#work-order-services).

The rules are the pure ones of :mod:`app.domain.workorders` and :mod:`app.domain.workdays`; this
module checks the form, computes the deadlines, stores the colour instants the list filters on,
and writes. The list, the detail and the supervisor's counts are in
:mod:`app.services.workorder_reads`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain.codes import (
    OpType,
    OutageStatus,
    SessionPurpose,
    WorkOrderAction,
    WorkOrderArea,
    WorkOrderChannel,
    WorkOrderStage,
    WorkOrderType,
    WorkOrderUrgency,
)
from app.domain.errors import ConcurrentEdit, NotFound, PermissionDenied, ValidationError, ValidationErrors
from app.domain.messages import Message, term
from app.domain.phones import normalize_phone
from app.domain.text import clean_text
from app.domain.workdays import WorkingDayCalendar, add_working_days
from app.domain.workorders import (
    Assignment,
    CategoryTree,
    Milestone,
    WorkOrderRules,
    WorkOrderState,
    answer_days,
    answer_milestone,
    apply_action,
    clock_milestone,
    compute_deadlines,
    initial_state,
    needs_callback,
    restore_due,
    running,
    worst,
)
from app.domain.workorders.deadlines import restore_hours
from app.domain.workorders.machine import ACTIONS, RESOLUTION_MAX
from app.dto.common import Actor
from app.services import audit
from app.services.applications import working_calendar
from app.services.outages import outages_for_customer
from app.services.payments import RequestReused
from app.services.permissions import ROLES, check_live, require
from app.services.workorder_config import get_workorder_config, rules_for_node, tree_for_node
from app.write_path import numbers, oplog
from db.engine import Database
from db.models import Customer, Outage, UserSession, WorkOrder, WorkOrderStep

__all__ = [
    "RECORD",
    "RecordWorkOrder",
    "RecordedWorkOrder",
    "WorkOrderCommand",
    "archive_work_order",
    "call_back_work_order",
    "category_tree",
    "dispatch_work_order",
    "milestone_of",
    "reassign_work_order",
    "record_work_order",
    "reply_work_order",
    "start_work_order",
    "workorder_rules",
]

RECORD = "record"  # the first step's action (nothing leads to it)
DESCRIPTION_MAX = 1000
NAME_MAX = 60
NOTE_MAX = 200


def workorder_rules(db: Database, actor: Actor) -> WorkOrderRules:
    """The deadline figures of the actor's hall (defaults and sources:
    docs/rules.md#work-order-deadlines; an administrator changes them,
    app/services/workorder_config.py)."""
    return get_workorder_config(db, actor).rules


def category_tree(db: Database, actor: Actor) -> CategoryTree:
    """The category tree of the actor's hall (the shipped ``resources/workorders/categories.json``
    until an administrator changes it)."""
    return get_workorder_config(db, actor).tree


def _now() -> dt.datetime:
    """Now, aware, in the hall's time zone; tests move it."""
    return dt.datetime.now().astimezone()


def to_utc(moment: dt.datetime) -> dt.datetime:
    """An aware instant as stored: naive UTC."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def from_utc(stored: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    return stored.replace(tzinfo=dt.UTC).astimezone(tz)


# ---- commands -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordWorkOrder:
    """A work order as the intake form collected it. ``customer_id`` links a customer (found with
    the usual search); a 举报 may be ``anonymous``: no customer, name and contact optional.
    ``area`` (城区 / 农村 / 边远) sets a repair's deadlines; empty takes the linked customer's."""

    order_type: str
    category_code: str
    description: str
    channel: str = WorkOrderChannel.COUNTER
    urgency: str = WorkOrderUrgency.NORMAL
    customer_id: uuid.UUID | None = None
    anonymous: bool = False
    reporter_name: str = ""
    reporter_contact: str = ""
    area: str = ""
    #: 故障报修 only: the known outage covering the linked customer (as the intake's lookup,
    #: :func:`app.services.outages.outages_for_customer`, found it). Such a repair is not
    #: dispatched: it is recorded at 处理 and answered with the outage's expected end.
    outage_id: uuid.UUID | None = None
    #: Generated once per intake dialog: the same request records once and answers with that
    #: order; the same id with other content is refused (as PostPayment.request_id).
    request_id: uuid.UUID | None = None
    #: Back-dated recording for demo data only: a service session (CLI / demo seeder) may name a
    #: past instant (aware); a clerk's log-in session is refused. None: now.
    accepted_at: dt.datetime | None = None


@dataclass(frozen=True)
class RecordedWorkOrder:
    id: uuid.UUID
    order_no: str
    contact_due_at: dt.datetime | None  # naive UTC
    answer_due_on: dt.date | None
    arrival_due_at: dt.datetime | None
    restore_due_at: dt.datetime | None
    provisional: bool  # the answer date crosses a year whose holidays are not entered yet
    version: int


@dataclass(frozen=True)
class WorkOrderCommand:
    """A step on an order: the order and the version the clerk saw. ``department`` / ``person``
    for a dispatch or reassignment, ``resolution`` for a reply, ``result`` for a callback,
    ``note`` the step's remark."""

    work_order_id: uuid.UUID
    expected_version: int
    note: str = ""
    department: str = ""
    person: str = ""
    resolution: str = ""
    result: str = ""


# ---- deadlines ----------------------------------------------------------------------------------


def milestone_of(
    order: WorkOrder, cal: WorkingDayCalendar, tz: dt.tzinfo, rules: WorkOrderRules
) -> Milestone | None:
    """The yellow and red instants (aware) of the deadlines still running at the order's stage
    (docs/rules.md#work-order-deadlines); None when none runs. ``rules``: the figures of the
    order's hall (a restoration's clock starts its hours before the stored due instant)."""
    first, answer = running(WorkOrderStage(order.stage))
    found: list[Milestone] = []
    accepted = from_utc(order.accepted_at, tz)
    if first:
        for due in (order.contact_due_at, order.arrival_due_at):
            if due is not None:
                found.append(clock_milestone(accepted, from_utc(due, tz)))
    if answer:
        if order.answer_due_on is not None and order.answer_days:
            found.append(answer_milestone(cal, order.answer_due_on, order.answer_days, tz))
        if order.restore_due_at is not None and order.area:
            due = from_utc(order.restore_due_at, tz)
            start = due - dt.timedelta(hours=restore_hours(WorkOrderArea(order.area), rules))
            found.append(clock_milestone(start, due))
    return worst(found)


def _store_milestone(order: WorkOrder, cal: WorkingDayCalendar, tz: dt.tzinfo, rules: WorkOrderRules) -> None:
    m = milestone_of(order, cal, tz, rules)
    order.due_soon_at = to_utc(m.due_soon_at) if m else None
    order.overdue_at = to_utc(m.overdue_at) if m else None


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _deadline_payload(order: WorkOrder) -> dict[str, Any]:
    return {
        "contact_due_at": _iso(order.contact_due_at),
        "answer_due_on": _iso(order.answer_due_on),
        "answer_days": order.answer_days,
        "arrival_due_at": _iso(order.arrival_due_at),
        "restore_due_at": _iso(order.restore_due_at),
        "due_soon_at": _iso(order.due_soon_at),
        "overdue_at": _iso(order.overdue_at),
    }


# ---- record -------------------------------------------------------------------------------------


def _checked(cmd: RecordWorkOrder, tree: CategoryTree) -> tuple[str, str, str, str]:
    """The form's fields cleaned: (description, reporter name, contact, area); ValidationErrors
    naming every bad field."""
    errors: list[ValidationError] = []
    if cmd.order_type not in {t.value for t in WorkOrderType}:
        errors.append(ValidationError("order_type", "请选择诉求类型"))
    if cmd.category_code not in tree:
        errors.append(ValidationError("category_code", "请选择诉求分类"))
    elif not tree.offered(cmd.category_code):
        errors.append(ValidationError("category_code", "该诉求分类已停用，请另选"))
    if cmd.channel not in {c.value for c in WorkOrderChannel}:
        errors.append(ValidationError("channel", "请选择受理渠道"))
    if cmd.urgency not in {u.value for u in WorkOrderUrgency}:
        errors.append(ValidationError("urgency", "请选择紧急程度"))
    description = name = contact = ""
    try:
        description = clean_text(
            cmd.description, "description", "诉求内容", max_len=DESCRIPTION_MAX, multiline=True
        )
    except ValidationError as exc:
        errors.append(exc)
    try:
        name = clean_text(cmd.reporter_name, "reporter_name", "诉求人", max_len=NAME_MAX, required=False)
    except ValidationError as exc:
        errors.append(exc)
    if (cmd.reporter_contact or "").strip():
        try:
            contact = normalize_phone(cmd.reporter_contact, "reporter_contact")
        except ValidationError as exc:
            errors.append(exc)
    if cmd.anonymous:
        if cmd.order_type != WorkOrderType.REPORT:
            errors.append(ValidationError("anonymous", "只有举报可以匿名"))
        if cmd.customer_id is not None:
            errors.append(ValidationError("customer_id", "匿名举报不能关联客户"))
    elif cmd.customer_id is None:
        if not name and not (cmd.reporter_name or "").strip():
            errors.append(ValidationError("reporter_name", "请选择客户或填写诉求人"))
        if not contact and not (cmd.reporter_contact or "").strip():
            errors.append(ValidationError("reporter_contact", "请填写联系电话（未关联客户时必填）"))
    area = cmd.area or ""
    if area and area not in {a.value for a in WorkOrderArea}:
        errors.append(ValidationError("area", "未知的区域"))
    if cmd.order_type == WorkOrderType.REPAIR and not area and cmd.customer_id is None:
        errors.append(ValidationError("area", "故障报修须选择所在区域（城区、农村或边远地区）"))
    if cmd.outage_id is not None:
        if cmd.order_type != WorkOrderType.REPAIR:
            errors.append(ValidationError("outage_id", "只有故障报修可以关联停电"))
        elif cmd.customer_id is None:
            errors.append(ValidationError("outage_id", "关联停电须先关联客户"))
    if cmd.request_id is not None and not isinstance(cmd.request_id, uuid.UUID):
        errors.append(ValidationError("request_id", "请求编号格式不正确"))
    if errors:
        raise ValidationErrors(errors)
    return description, name, contact, area


def _step(
    session: Session,
    order: WorkOrder,
    actor: Actor,
    action: str,
    before: WorkOrderStage | None,
    after: WorkOrderStage,
    *,
    assignment: Assignment | None = None,
    result: str = "",
    note: str = "",
    at: dt.datetime,
) -> None:
    step_no = (
        session.scalar(select(func.max(WorkOrderStep.step_no)).where(WorkOrderStep.work_order_id == order.id))
        or 0
    ) + 1
    session.add(
        WorkOrderStep(
            work_order_id=order.id,
            step_no=step_no,
            action=action,
            from_stage=str(before) if before else "",
            to_stage=str(after),
            assigned_dept=assignment.department.strip() if assignment else "",
            assigned_to=assignment.person.strip() if assignment else "",
            result=result,
            note=note,
            done_at=at,
            done_by=actor.username,
        )
    )


def record_work_order(db: Database, actor: Actor, cmd: RecordWorkOrder) -> RecordedWorkOrder:
    """Record (受理) a work order: the form is checked (ValidationErrors naming each field), the
    deadlines computed from the rules, and the numbered row, its first step and one
    RecordWorkOrder operation (everything to replay it; the contact as the PII helpers keep it)
    written in one unit of work."""
    require(actor, "workorder.record")
    with db.read() as session:
        tree, rules = tree_for_node(session, actor.node_id), rules_for_node(session, actor.node_id)
    description, name, contact, area = _checked(cmd, tree)
    same = (
        cmd.order_type,
        cmd.category_code,
        cmd.customer_id,
        cmd.anonymous,
        description,
        contact,
        cmd.outage_id,
    )
    if cmd.request_id is not None:
        with db.read() as session:
            existing = _by_request(session, cmd.request_id)
            if existing is not None:
                return _repeated(existing, same, tree, rules)
    # The outages service's coverage query (not cancelled, not over, covering the customer).
    if (
        cmd.outage_id is not None
        and cmd.customer_id is not None
        and cmd.outage_id not in {c.outage.id for c in outages_for_customer(db, actor, cmd.customer_id)}
    ):
        raise ValidationErrors([ValidationError("outage_id", "该停电未覆盖此客户，或已结束、已取消")])
    try:
        return _record(db, actor, cmd, tree, description, name, contact, area)
    except IntegrityError:
        if cmd.request_id is None:
            raise
        # A concurrent duplicate of this request committed first: answer with its order.
        with db.read() as session:
            existing = _by_request(session, cmd.request_id)
            if existing is None:
                raise
            return _repeated(existing, same, tree, rules)


def _by_request(session: Session, request_id: uuid.UUID) -> WorkOrder | None:
    return session.scalar(select(WorkOrder).where(WorkOrder.request_id == request_id))


def _repeated(
    order: WorkOrder, same: tuple[Any, ...], tree: CategoryTree, rules: WorkOrderRules
) -> RecordedWorkOrder:
    """The order a request id already recorded, when the request is the same; else refused."""
    was = (
        order.order_type,
        order.category_code,
        order.customer_id,
        order.anonymous,
        order.description,
        order.reporter_contact,
        order.outage_id,
    )
    if was != same:
        raise RequestReused(
            Message(
                "请求编号已用于另一张内容不同的工单（{order_no}），本次未登记。请关闭窗口后重新登记",
                order_no=order.order_no,
            )
        )
    tz = _now().tzinfo or dt.UTC
    order_type = WorkOrderType(order.order_type)
    provisional = compute_deadlines(
        working_calendar(),
        order_type,
        tree.answer_rule(order.category_code),
        from_utc(order.accepted_at, tz),
        rules,
        WorkOrderArea(order.area) if order_type == WorkOrderType.REPAIR and order.area else None,
    ).provisional
    return RecordedWorkOrder(
        order.id,
        order.order_no,
        order.contact_due_at,
        order.answer_due_on,
        order.arrival_due_at,
        order.restore_due_at,
        provisional,
        order.version,
    )


def _record(
    db: Database,
    actor: Actor,
    cmd: RecordWorkOrder,
    tree: CategoryTree,
    description: str,
    name: str,
    contact: str,
    area: str,
) -> RecordedWorkOrder:
    now = _now()
    accepted = now
    if cmd.accepted_at is not None:
        if cmd.accepted_at.tzinfo is None or cmd.accepted_at > now:  # no form sends it: a caller's mistake
            raise ValueError("accepted_at must be aware and not in the future")
        accepted = cmd.accepted_at.astimezone(now.tzinfo)
    cal = working_calendar()
    with db.write() as session:
        check_live(session, actor)
        # the figures of the recording hall, read in this unit of work (the tree was checked
        # before; a category deactivated meanwhile is still a known one)
        rules = rules_for_node(session, actor.node_id)
        if (
            accepted != now
            and session.scalar(select(UserSession.purpose).where(UserSession.token == actor.token))
            != SessionPurpose.SERVICE
        ):
            raise PermissionDenied(
                "当前角色（{role}）无权执行此操作", role=term(ROLES.get(actor.role, actor.role))
            )
        customer = None
        if cmd.customer_id is not None:
            customer = session.get(Customer, cmd.customer_id)
            if customer is None:
                raise ValidationErrors([ValidationError("customer_id", "客户不存在")])
        order_type = WorkOrderType(cmd.order_type)
        if order_type == WorkOrderType.REPAIR and not area:
            area = WorkOrderArea(customer.area).value if customer is not None else ""
        deadlines = compute_deadlines(
            cal,
            order_type,
            tree.answer_rule(cmd.category_code),
            accepted,
            rules,
            WorkOrderArea(area) if order_type == WorkOrderType.REPAIR else None,
        )
        state = initial_state()
        outage = None
        if cmd.outage_id is not None:
            # Checked again under the write: it may have been ended or cancelled since.
            outage = session.get(Outage, cmd.outage_id)
            if (
                outage is None
                or outage.status in (OutageStatus.CANCELLED, OutageStatus.ENDED)
                or outage.ends_at <= to_utc(now)
            ):
                raise ValidationErrors([ValidationError("outage_id", "该停电未覆盖此客户，或已结束、已取消")])
            # Known cause: no crew is dispatched; the order is at 处理 from the start and its
            # restoration is the outage's expected end (docs/rules.md#outages).
            state = WorkOrderState(WorkOrderStage.PROCESSING)

        def utc(value: dt.datetime | None) -> dt.datetime | None:
            return to_utc(value) if value is not None else None

        order = WorkOrder(
            order_no=numbers.next_number(session, actor.node_id, "work_order"),
            node_id=actor.node_id,
            order_type=order_type.value,
            category_code=cmd.category_code,
            urgency=cmd.urgency,
            channel=cmd.channel,
            area=area if order_type == WorkOrderType.REPAIR else "",
            customer_id=customer.id if customer else None,
            anonymous=cmd.anonymous,
            reporter_name=name or (customer.name if customer else ""),
            reporter_contact=contact,
            description=description,
            stage=state.stage.value,
            status=state.status.value,
            contact_due_at=utc(deadlines.contact_due_at),
            answer_due_on=deadlines.answer_due_on,
            answer_days=deadlines.answer_days,
            arrival_due_at=utc(deadlines.arrival_due_at) if outage is None else None,
            restore_due_at=utc(deadlines.restore_due_at) if outage is None else outage.ends_at,
            started_at=to_utc(accepted) if outage is not None else None,
            outage_id=outage.id if outage is not None else None,
            request_id=cmd.request_id,
            accepted_at=to_utc(accepted),
            accepted_by=actor.username,
        )
        _store_milestone(order, cal, now.tzinfo or dt.UTC, rules)
        session.add(order)
        session.flush()
        _step(
            session,
            order,
            actor,
            RECORD,
            None,
            state.stage,
            note="已知停电 " + outage.outage_no if outage is not None else "",
            at=order.accepted_at,
        )
        oplog.append(
            session,
            actor,
            OpType.RECORD_WORK_ORDER,
            {
                "id": str(order.id),
                "order_no": order.order_no,
                "order_type": order.order_type,
                "category_code": order.category_code,
                "urgency": order.urgency,
                "channel": order.channel,
                "area": order.area,
                "customer_id": str(customer.id) if customer else None,
                "account_no": customer.account_no if customer else "",
                "anonymous": order.anonymous,
                "reporter_name": order.reporter_name,
                "reporter_contact": audit.pii_value(session, "phone", contact),
                "description": description,
                "stage": order.stage,
                "status": order.status,
                "accepted_at": order.accepted_at.isoformat(),
                "started_at": _iso(order.started_at),
                "outage_id": str(outage.id) if outage is not None else None,
                "outage_no": outage.outage_no if outage is not None else "",
                "request_id": str(cmd.request_id) if cmd.request_id is not None else None,
                **_deadline_payload(order),
            },
            "work_order",
            order.id,
        )
        return RecordedWorkOrder(
            order.id,
            order.order_no,
            order.contact_due_at,
            order.answer_due_on,
            order.arrival_due_at,
            order.restore_due_at,
            deadlines.provisional,
            order.version,
        )


# ---- transitions --------------------------------------------------------------------------------

_OPS = {
    WorkOrderAction.DISPATCH: OpType.DISPATCH_WORK_ORDER,
    WorkOrderAction.REASSIGN: OpType.REASSIGN_WORK_ORDER,
    WorkOrderAction.START: OpType.START_WORK_ORDER,
    WorkOrderAction.REPLY: OpType.REPLY_WORK_ORDER,
    WorkOrderAction.CALLBACK: OpType.CALLBACK_WORK_ORDER,
    WorkOrderAction.ARCHIVE: OpType.ARCHIVE_WORK_ORDER,
}
_PERMISSIONS = {
    WorkOrderAction.DISPATCH: "workorder.process",
    WorkOrderAction.REASSIGN: "workorder.reassign",
    WorkOrderAction.START: "workorder.process",
    WorkOrderAction.REPLY: "workorder.process",
    WorkOrderAction.CALLBACK: "workorder.process",
    WorkOrderAction.ARCHIVE: "workorder.archive",
}


def _load(session: Session, order_id: uuid.UUID, expected_version: int) -> WorkOrder:
    order = session.scalar(
        select(WorkOrder)
        .where(WorkOrder.id == order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise NotFound("工单不存在")
    if order.version != expected_version:
        raise ConcurrentEdit(
            "工单{order_no}已被他人办理（当前版本{version}），您的操作未保存。请重新打开后再办理",
            order_no=order.order_no,
            version=order.version,
        )
    return order


def _note(text: str, name: str, max_len: int, label: str = "备注") -> str:
    try:
        return clean_text(text, name, label, max_len=max_len, required=False, multiline=True)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from None


def has_contact(order: WorkOrder) -> bool:
    """Someone can be called back: a contact was taken or a customer is linked."""
    return bool(order.reporter_contact) or order.customer_id is not None


def _transition(db: Database, actor: Actor, cmd: WorkOrderCommand, action: WorkOrderAction) -> int:
    require(actor, _PERMISSIONS[action])
    note = _note(cmd.note, "note", NOTE_MAX)
    resolution = (
        _note(cmd.resolution, "resolution", RESOLUTION_MAX, label="处理结果")
        if action == WorkOrderAction.REPLY
        else ""
    )
    assignment = (
        Assignment(cmd.department.strip(), cmd.person.strip())
        if action in (WorkOrderAction.DISPATCH, WorkOrderAction.REASSIGN)
        else None
    )
    now = _now()
    tz = now.tzinfo or dt.UTC
    cal = working_calendar()
    try:
        with db.write() as session:
            check_live(session, actor)
            order = _load(session, cmd.work_order_id, cmd.expected_version)
            # the recording hall's figures and tree, read before the order changes (a read
            # after would autoflush it half-changed)
            rules, tree = rules_for_node(session, order.node_id), tree_for_node(session, order.node_id)
            before = WorkOrderState(WorkOrderStage(order.stage), order.reopened)
            callback = needs_callback(WorkOrderType(order.order_type), has_contact(order))
            try:
                after = apply_action(
                    before,
                    action,
                    callback=callback,
                    assignment=assignment,
                    resolution=resolution,
                    result=cmd.result or None,
                )
            except ValidationError as exc:  # a form field, as every service reports them
                raise ValidationErrors([exc]) from None
            at = to_utc(now)
            payload: dict[str, Any] = {
                "id": str(order.id),
                "order_no": order.order_no,
                "base_version": order.version,
                "action": str(action),
                "from_stage": before.stage.value,
                "to_stage": after.stage.value,
                "at": at.isoformat(),
                "note": note,
            }
            if assignment is not None:
                order.assigned_dept, order.assigned_to = assignment.department, assignment.person
                payload.update(assigned_dept=assignment.department, assigned_to=assignment.person)
            if action == WorkOrderAction.START:
                order.started_at = at
                if order.order_type == WorkOrderType.REPAIR and order.area:
                    # arrived on site: restoration is promised within hours after arrival
                    order.restore_due_at = to_utc(restore_due(WorkOrderArea(order.area), now, rules))
            elif action == WorkOrderAction.REPLY:
                order.replied_at, order.resolution = at, resolution
                payload["resolution"] = resolution
            elif action == WorkOrderAction.CALLBACK:
                order.callback_result = cmd.result
                payload["result"] = cmd.result
                if after.stage == WorkOrderStage.PROCESSING:  # 不满意: reopened, the clock starts again
                    order.reopened = after.reopened
                    _reopen_deadlines(order, cal, now, rules, tree)
            elif action == WorkOrderAction.ARCHIVE:
                order.closed_at, order.closed_by = at, actor.username
            order.stage, order.status = after.stage.value, after.status.value
            _store_milestone(order, cal, tz, rules)
            payload.update(_deadline_payload(order), reopened=order.reopened)
            session.flush()  # version_id_col: a concurrent change fails here (StaleDataError)
            _step(
                session,
                order,
                actor,
                str(action),
                before.stage,
                after.stage,
                assignment=assignment,
                result=cmd.result if action == WorkOrderAction.CALLBACK else "",
                note=resolution if action == WorkOrderAction.REPLY else note,
                at=at,
            )
            oplog.append(session, actor, _OPS[action], payload, "work_order", order.id)
            session.flush()
            return order.version
    except StaleDataError as exc:
        raise ConcurrentEdit("该工单刚被他人办理，您的操作未保存。请重新打开后再办理") from exc


def _reopen_deadlines(
    order: WorkOrder, cal: WorkingDayCalendar, now: dt.datetime, rules: WorkOrderRules, tree: CategoryTree
) -> None:
    """A 不满意 callback reopens the order to 处理 with its answer limit again, counted from the
    reopening (a repair: its restoration hours from now) (docs/rules.md#work-order-deadlines)."""
    if order.order_type == WorkOrderType.REPAIR and order.area:
        order.restore_due_at = to_utc(restore_due(WorkOrderArea(order.area), now, rules))
        return
    rule = tree.answer_rule(order.category_code) if order.category_code in tree else None
    days = order.answer_days or answer_days(WorkOrderType(order.order_type), rule, rules)
    if days:
        order.answer_days = days
        order.answer_due_on = add_working_days(cal, now.date(), days)


def dispatch_work_order(db: Database, actor: Actor, cmd: WorkOrderCommand) -> int:
    """派单 to a department or a person (``cmd.department`` / ``cmd.person``). Returns the new version."""
    return _transition(db, actor, cmd, WorkOrderAction.DISPATCH)


def reassign_work_order(db: Database, actor: Actor, cmd: WorkOrderCommand) -> int:
    """改派 while dispatched or being processed: a supervisor's decision."""
    return _transition(db, actor, cmd, WorkOrderAction.REASSIGN)


def start_work_order(db: Database, actor: Actor, cmd: WorkOrderCommand) -> int:
    """开始处理: the handler has contacted the customer or arrived on site (a repair's
    restoration deadline is counted from now)."""
    return _transition(db, actor, cmd, WorkOrderAction.START)


def reply_work_order(db: Database, actor: Actor, cmd: WorkOrderCommand) -> int:
    """回复 with the resolution (``cmd.resolution``, 2–1000 characters): the answer deadline is met."""
    return _transition(db, actor, cmd, WorkOrderAction.REPLY)


def call_back_work_order(db: Database, actor: Actor, cmd: WorkOrderCommand) -> int:
    """回访 with the customer's verdict (``cmd.result``); 不满意 reopens the order to 处理."""
    return _transition(db, actor, cmd, WorkOrderAction.CALLBACK)


def archive_work_order(db: Database, actor: Actor, cmd: WorkOrderCommand) -> int:
    """归档: a supervisor closes the order after the callback (or after the reply when it needs none)."""
    return _transition(db, actor, cmd, WorkOrderAction.ARCHIVE)


#: For the screens: what each action is called.
ACTION_LABELS = {RECORD: term("受理"), **ACTIONS}
