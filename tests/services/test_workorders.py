"""Work orders (诉求工单) through the services, on SQLite and PostgreSQL
(docs/rules.md#work-order-services, #work-order-deadlines, #work-order-anonymity)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from app.domain.codes import DeadlineStatus, OpType, WorkOrderStage
from app.domain.errors import ConcurrentEdit, PermissionDenied, RuleViolation, ValidationErrors
from app.domain.workdays import add_working_days
from app.dto.applications import PageRequest
from app.dto.workorders import WorkOrderFilter
from app.services import auth, customers
from app.services import workorder_reads as reads
from app.services import workorders as svc
from app.write_path import oplog
from db.models import Operation, WorkOrder, WorkOrderStep

CST = dt.timezone(dt.timedelta(hours=8))


def _register(db, clerk, form):  # type: ignore[no-untyped-def]
    return customers.register_customer(db, clerk, customers.RegisterCustomer(form)).id


def _record(db, actor, order_type="complaint", category="attitude.counter", **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("description", "营业厅排队一小时无人引导")
    return svc.record_work_order(db, actor, svc.RecordWorkOrder(order_type, category, **kw))


def _cmd(order_id, version, **kw):  # type: ignore[no-untyped-def]
    return svc.WorkOrderCommand(order_id, version, **kw)


def _ops(db, op_type):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [
            json.loads(p)
            for p in s.scalars(
                select(Operation.payload).where(Operation.op_type == op_type).order_by(Operation.seq)
            )
        ]


def _order(db, order_id):  # type: ignore[no-untyped-def]
    with db.read() as s:
        o = s.get(WorkOrder, order_id)
        s.expunge(o)
        return o


def _at(monkeypatch, moment):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(svc, "_now", lambda: moment)


# ---- the whole way ------------------------------------------------------------------------------


def test_complaint_from_record_to_archive_every_step_recorded(db, clerk, supervisor, customer_form):
    cid = _register(db, clerk, customer_form(name="周敏"))
    done = _record(db, clerk, customer_id=cid, reporter_contact="13900001111")
    assert done.order_no == "3301W00000001"
    assert done.contact_due_at is not None and done.answer_due_on is not None
    detail = reads.get_work_order(db, clerk, done.id)
    assert (detail.row.stage, detail.row.status, detail.row.customer_name) == ("accepted", "open", "周敏")
    assert detail.row.reporter_name == "周敏" and detail.allowed_actions == ("dispatch",)
    assert detail.row.deadline == DeadlineStatus.ON_TIME and detail.needs_callback
    assert detail.row.category_label == "服务态度 › 营业厅服务"
    v = svc.dispatch_work_order(
        db, clerk, _cmd(done.id, done.version, department="城东营业厅", person="李主管")
    )
    v = svc.start_work_order(db, clerk, _cmd(done.id, v, note="已电话联系客户"))
    with pytest.raises(ValidationErrors) as caught:
        svc.reply_work_order(db, clerk, _cmd(done.id, v, resolution="好"))
    assert caught.value.errors[0].field == "resolution"
    v = svc.reply_work_order(db, clerk, _cmd(done.id, v, resolution="已增设叫号引导员，向客户致歉"))
    v = svc.call_back_work_order(db, clerk, _cmd(done.id, v, result="satisfied"))
    with pytest.raises(PermissionDenied):  # archiving is the supervisor's review
        svc.archive_work_order(db, clerk, _cmd(done.id, v))
    v = svc.archive_work_order(db, supervisor, _cmd(done.id, v, note="已审核"))
    detail = reads.get_work_order(db, supervisor, done.id)
    assert (detail.row.stage, detail.row.status, detail.row.version) == ("archived", "archived", v)
    assert detail.row.deadline == "" and detail.allowed_actions == () and detail.closed_by == "super1"
    assert (detail.row.assigned_dept, detail.row.assigned_to) == ("城东营业厅", "李主管")
    assert detail.resolution == "已增设叫号引导员，向客户致歉" and detail.row.callback_result == "satisfied"
    assert [(s.action, s.to_stage) for s in detail.steps] == [
        ("record", "accepted"),
        ("dispatch", "dispatched"),
        ("start", "processing"),
        ("reply", "replied"),
        ("callback", "called_back"),
        ("archive", "archived"),
    ]
    assert detail.steps[1].assigned_dept == "城东营业厅" and detail.steps[4].result == "satisfied"
    assert detail.steps[3].note == detail.resolution
    for op in (
        OpType.RECORD_WORK_ORDER,
        OpType.DISPATCH_WORK_ORDER,
        OpType.START_WORK_ORDER,
        OpType.REPLY_WORK_ORDER,
        OpType.CALLBACK_WORK_ORDER,
        OpType.ARCHIVE_WORK_ORDER,
    ):
        assert len(_ops(db, op)) == 1, op
    with db.read() as s:
        assert all(r.ok for r in oplog.verify(s))


def test_the_record_payload_holds_the_row_to_replay_it(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    done = _record(db, clerk, customer_id=cid, reporter_name="周敏", reporter_contact="139-0000-1111")
    row = _order(db, done.id)
    (payload,) = _ops(db, OpType.RECORD_WORK_ORDER)
    for name in (
        "order_no",
        "order_type",
        "category_code",
        "urgency",
        "channel",
        "area",
        "anonymous",
        "reporter_name",
        "description",
        "stage",
        "status",
    ):
        assert payload[name] == getattr(row, name), name
    assert payload["customer_id"] == str(cid) and payload["accepted_at"] == row.accepted_at.isoformat()
    assert payload["answer_due_on"] == row.answer_due_on.isoformat()
    assert payload["overdue_at"] == row.overdue_at.isoformat()
    # the phone as the PII helpers keep it: masked, with its fingerprint, never in full
    assert row.reporter_contact == "13900001111"
    assert payload["reporter_contact"]["masked"] != "13900001111" and "hmac" in payload["reporter_contact"]
    with db.read() as s:
        assert "13900001111" not in s.scalar(select(Operation.payload).where(Operation.entity_id == done.id))


# ---- deadlines and colours ---------------------------------------------------------------------


def test_complaint_contact_deadline_turns_the_order_red_after_24_hours(db, clerk, supervisor, monkeypatch):
    friday = dt.datetime(2026, 3, 6, 16, 0, tzinfo=CST)
    _at(monkeypatch, friday)
    done = _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")
    assert done.contact_due_at == dt.datetime(2026, 3, 6, 8, 0) + dt.timedelta(
        hours=24
    )  # naive UTC, Saturday
    assert done.answer_due_on == dt.date(2026, 3, 12)
    _at(monkeypatch, friday + dt.timedelta(hours=20))
    assert reads.get_work_order(db, clerk, done.id).row.deadline == DeadlineStatus.DUE_SOON
    assert reads.deadline_counts(db, supervisor) == reads.DeadlineCounts(0, 1)
    _at(monkeypatch, friday + dt.timedelta(hours=24, minutes=1))
    assert reads.get_work_order(db, clerk, done.id).row.deadline == DeadlineStatus.OVERDUE
    assert reads.deadline_counts(db, supervisor) == reads.DeadlineCounts(1, 0)
    # contacting the customer (开始处理) stops the contact clock: the answer deadline is green again
    v = svc.dispatch_work_order(db, clerk, _cmd(done.id, done.version, department="营业班"))
    svc.start_work_order(db, clerk, _cmd(done.id, v))
    row = reads.get_work_order(db, clerk, done.id).row
    assert row.deadline == DeadlineStatus.ON_TIME and row.next_due_at is None
    assert reads.deadline_counts(db, supervisor) == reads.DeadlineCounts(0, 0)


def test_the_supervisor_badge_counts_only_the_halls_own_orders(db, clerk, supervisor, monkeypatch):
    """Another hall on the same database (or a branch's orders at the centre) is not this
    supervisor's to chase."""
    import dataclasses

    from db.models import Node

    friday = dt.datetime(2026, 3, 6, 16, 0, tzinfo=CST)
    _at(monkeypatch, friday)
    _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")
    _at(monkeypatch, friday + dt.timedelta(hours=25))
    assert reads.deadline_counts(db, supervisor) == reads.DeadlineCounts(1, 0)
    with db.write() as s:
        other = Node(code="3399", name="另一营业厅")
        s.add(other)
        s.flush()
        other_id = other.id
    elsewhere = dataclasses.replace(supervisor, node_id=other_id)
    assert reads.deadline_counts(db, elsewhere) == reads.DeadlineCounts(0, 0)


def test_dissatisfied_callback_reopens_with_the_answer_limit_again(db, clerk, monkeypatch):
    monday = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    _at(monkeypatch, monday)
    done = _record(
        db, clerk, "report", "conduct.theft", reporter_name="某居民", reporter_contact="13900001111"
    )
    assert done.answer_due_on == dt.date(2026, 3, 13)  # 9 working days
    v = svc.dispatch_work_order(db, clerk, _cmd(done.id, done.version, department="用电检查班"))
    v = svc.start_work_order(db, clerk, _cmd(done.id, v))
    v = svc.reply_work_order(db, clerk, _cmd(done.id, v, resolution="现场核查未发现窃电"))
    assert reads.get_work_order(db, clerk, done.id).row.deadline == ""  # no clock after the reply
    later = dt.datetime(2026, 3, 10, 15, 0, tzinfo=CST)
    _at(monkeypatch, later)
    with pytest.raises(ValidationErrors):
        svc.call_back_work_order(db, clerk, _cmd(done.id, v, result=""))
    v = svc.call_back_work_order(
        db, clerk, _cmd(done.id, v, result="dissatisfied", note="客户称仍有私拉乱接")
    )
    detail = reads.get_work_order(db, clerk, done.id)
    assert detail.row.stage == WorkOrderStage.PROCESSING and detail.reopened == 1
    assert detail.row.answer_due_on == add_working_days(svc.working_calendar(), later.date(), 9)
    assert detail.allowed_actions == ("reply", "reassign") and detail.row.deadline == DeadlineStatus.ON_TIME
    (payload,) = _ops(db, OpType.CALLBACK_WORK_ORDER)
    assert payload["result"] == "dissatisfied" and payload["to_stage"] == "processing"
    assert payload["answer_due_on"] == detail.row.answer_due_on.isoformat() and payload["reopened"] == 1


def test_repair_arrival_by_the_customers_area_and_restoration_from_arrival(
    db, clerk, customer_form, monkeypatch
):
    cid = _register(db, clerk, customer_form(area="rural"))
    night = dt.datetime(2026, 3, 7, 23, 0, tzinfo=CST)
    _at(monkeypatch, night)
    done = _record(db, clerk, "repair", "outage.fault", customer_id=cid, urgency="urgent")
    assert svc.from_utc(done.arrival_due_at, CST) == night + dt.timedelta(minutes=90)
    assert svc.from_utc(done.restore_due_at, CST) == night + dt.timedelta(minutes=90, hours=4)
    assert done.answer_due_on is None and done.contact_due_at is None
    remote = _record(
        db,
        clerk,
        "repair",
        "outage.fault",
        reporter_name="护林站",
        reporter_contact="0571-8888888",
        area="remote",
    )
    assert svc.from_utc(remote.arrival_due_at, CST) == night + dt.timedelta(hours=2)
    v = svc.dispatch_work_order(db, clerk, _cmd(done.id, done.version, department="抢修班"))
    arrived = night + dt.timedelta(minutes=70)
    _at(monkeypatch, arrived)
    svc.start_work_order(db, clerk, _cmd(done.id, v, note="已到达现场"))
    detail = reads.get_work_order(db, clerk, done.id)
    assert detail.area == "rural" and svc.from_utc(detail.started_at, CST) == arrived
    assert svc.from_utc(detail.restore_due_at, CST) == arrived + dt.timedelta(hours=4)
    assert detail.row.next_due_at == detail.restore_due_at


# ---- anonymity ----------------------------------------------------------------------------------


def test_anonymous_report_contact_is_hidden_from_other_clerks(db, clerk, clerk2, supervisor):
    done = _record(
        db,
        clerk,
        "report",
        "conduct.bribery",
        anonymous=True,
        reporter_name="王某",
        reporter_contact="13900002222",
    )
    mine = reads.get_work_order(db, clerk, done.id)  # the recording clerk
    assert (mine.reporter_contact, mine.contact_hidden, mine.row.reporter_name) == (
        "13900002222",
        False,
        "王某",
    )
    boss = reads.get_work_order(db, supervisor, done.id)
    assert (boss.reporter_contact, boss.row.reporter_name) == ("13900002222", "王某")
    other = reads.get_work_order(db, clerk2, done.id)
    assert (other.reporter_contact, other.contact_hidden, other.row.reporter_name) == ("", True, "")
    assert other.row.anonymous
    (listed,) = reads.list_work_orders(db, clerk2).rows
    assert listed.reporter_name == ""
    # an anonymous report with no contact at all: nobody to call back, archived after the reply
    bare = _record(db, clerk2, "report", "conduct.theft", anonymous=True)
    assert not reads.get_work_order(db, supervisor, bare.id).needs_callback


def test_a_named_orders_contact_is_masked_for_other_clerks(db, clerk, clerk2, supervisor):
    done = _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")
    assert reads.get_work_order(db, clerk, done.id).reporter_contact == "13900001111"
    masked = reads.get_work_order(db, clerk2, done.id)
    assert masked.reporter_contact != "13900001111" and masked.reporter_contact.endswith("1111")
    assert not masked.contact_hidden and masked.row.reporter_name == "周敏"
    assert reads.get_work_order(db, supervisor, done.id).reporter_contact == "13900001111"


# ---- bad input, permissions, concurrency --------------------------------------------------------


def test_bad_intake_names_every_field_and_saves_nothing(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    with pytest.raises(ValidationErrors) as caught:
        svc.record_work_order(
            db,
            clerk,
            svc.RecordWorkOrder(
                "gripe",
                "nowhere",
                "  ",
                channel="fax",
                urgency="now",
                reporter_name="周敏",
                reporter_contact="12",
            ),
        )
    fields = {e.field for e in caught.value.errors}
    assert fields == {"order_type", "category_code", "channel", "urgency", "description", "reporter_contact"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(e)) for e in caught.value.errors)
    with pytest.raises(ValidationErrors) as caught:  # only a report may be anonymous, and not with a customer
        _record(db, clerk, "complaint", anonymous=True, customer_id=cid)
    assert {e.field for e in caught.value.errors} == {"anonymous", "customer_id"}
    with pytest.raises(ValidationErrors) as caught:  # no customer: a name and a phone
        _record(db, clerk)
    assert {e.field for e in caught.value.errors} == {"reporter_name", "reporter_contact"}
    with pytest.raises(ValidationErrors) as caught:
        _record(db, clerk, "repair", "outage.fault", reporter_name="某人", reporter_contact="13900001111")
    assert [e.field for e in caught.value.errors] == ["area"]
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkOrder)) == 0
        assert s.scalar(select(func.count()).select_from(WorkOrderStep)) == 0


def test_permissions(db, clerk, supervisor, admin):
    with pytest.raises(PermissionDenied):
        _record(db, admin, reporter_name="周敏", reporter_contact="13900001111")
    done = _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")
    v = svc.dispatch_work_order(db, clerk, _cmd(done.id, done.version, person="clerk2"))
    with pytest.raises(PermissionDenied):  # reassigning an order someone is on: the supervisor's
        svc.reassign_work_order(db, clerk, _cmd(done.id, v, person="clerk1"))
    v = svc.reassign_work_order(db, supervisor, _cmd(done.id, v, department="营业班", person="clerk1"))
    detail = reads.get_work_order(db, admin, done.id)  # admins may look
    assert (detail.row.assigned_to, detail.row.stage) == ("clerk1", "dispatched")
    assert _ops(db, OpType.REASSIGN_WORK_ORDER)[0]["assigned_to"] == "clerk1"
    with pytest.raises(RuleViolation):  # not before it is replied and called back
        svc.archive_work_order(db, supervisor, _cmd(done.id, v))


def test_a_stale_version_is_refused(db, clerk, clerk2):
    done = _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")
    svc.dispatch_work_order(db, clerk, _cmd(done.id, done.version, department="营业班"))
    with pytest.raises(ConcurrentEdit):
        svc.dispatch_work_order(db, clerk2, _cmd(done.id, done.version, department="抢修班"))


def test_a_clerk_cannot_back_date_an_order(db, clerk):
    with pytest.raises(PermissionDenied):
        _record(
            db,
            clerk,
            reporter_name="周敏",
            reporter_contact="13900001111",
            accepted_at=dt.datetime.now().astimezone() - dt.timedelta(days=3),
        )


def test_praise_and_enquiry_are_archived_after_the_reply(db, clerk, supervisor):
    done = _record(
        db, clerk, "praise", "attitude.counter", reporter_name="周敏", reporter_contact="13900001111"
    )
    assert (done.answer_due_on, done.contact_due_at) == (None, None)
    v = svc.dispatch_work_order(db, clerk, _cmd(done.id, done.version, department="营业班"))
    v = svc.start_work_order(db, clerk, _cmd(done.id, v))
    v = svc.reply_work_order(db, clerk, _cmd(done.id, v, resolution="已转达表扬"))
    assert reads.get_work_order(db, clerk, done.id).allowed_actions == ("archive",)
    svc.archive_work_order(db, supervisor, _cmd(done.id, v))


# ---- the list -----------------------------------------------------------------------------------


def test_list_filters_and_paging(db, clerk, clerk2, supervisor, customer_form, monkeypatch):
    cid = _register(db, clerk, customer_form())
    monday = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    _at(monkeypatch, monday)
    a = _record(db, clerk, customer_id=cid)  # complaint, 服务态度
    b = _record(db, clerk2, "complaint", "metering.data", reporter_name="甲", reporter_contact="13900000001")
    c = _record(db, clerk2, "enquiry", "billing.tariff", reporter_name="乙", reporter_contact="13900000002")
    _at(monkeypatch, monday + dt.timedelta(days=1))
    d = _record(db, clerk, "repair", "outage.fault", customer_id=cid)
    svc.dispatch_work_order(db, clerk, _cmd(b.id, b.version, department="计量班", person="张工"))

    def ids(**kw):  # type: ignore[no-untyped-def]
        return [r.id for r in reads.list_work_orders(db, supervisor, WorkOrderFilter(**kw)).rows]

    assert ids() == [d.id, c.id, b.id, a.id]  # newest first
    assert ids(order_type="complaint") == [b.id, a.id]
    assert ids(category_code="metering") == [b.id]  # a branch takes its subtree
    assert ids(category_code="metering.data") == [b.id]
    assert ids(stage="dispatched") == [b.id]
    assert ids(clerk="clerk2") == [c.id, b.id]
    assert ids(assignee="张工") == [b.id] and ids(department="计量班") == [b.id]
    assert ids(customer_id=cid) == [d.id, a.id]
    assert ids(accepted_from=dt.date(2026, 3, 3), accepted_to=dt.date(2026, 3, 3)) == [d.id]
    assert ids(open_only=True, status="archived") == []
    assert [r.id for r in reads.work_orders_of_customer(db, clerk, cid)] == [d.id, a.id]
    # Tuesday 10:00: the repair (arrival 45 min, recorded at 9:00) and both complaints (contact
    # within 24 h of Monday 9:00, not started) are overdue; the enquiry (1 working day: yellow
    # from the start) is due soon
    _at(monkeypatch, dt.datetime(2026, 3, 3, 10, 0, tzinfo=CST))
    assert ids(deadline="overdue") == [d.id, b.id, a.id]
    assert ids(deadline="due_soon") == [c.id]
    assert ids(stage="accepted", deadline="overdue") == [d.id, a.id]  # b is dispatched
    assert ids(stage="archived", deadline="overdue") == []
    assert ids(category_code="outage", deadline="overdue") == [d.id]  # a branch with a colour
    assert reads.deadline_counts(db, supervisor) == reads.DeadlineCounts(3, 1)
    _at(monkeypatch, dt.datetime(2026, 3, 2, 10, 0, tzinfo=CST))
    assert ids(deadline="on_time") == [d.id, b.id, a.id]
    page = reads.list_work_orders(db, supervisor, WorkOrderFilter(), PageRequest(0, 3))
    assert len(page.rows) == 3 and page.more
    page = reads.list_work_orders(db, supervisor, WorkOrderFilter(), PageRequest(3, 3))
    assert [r.id for r in page.rows] == [a.id] and not page.more
    with pytest.raises(ValidationErrors) as caught:
        reads.list_work_orders(db, supervisor, WorkOrderFilter(deadline="pink", category_code="x", stage="z"))
    assert {e.field for e in caught.value.errors} == {"deadline", "category_code", "stage"}


def test_a_logged_out_clerk_cannot_record(db, clerk):
    auth.logout(db, clerk)
    with pytest.raises(PermissionDenied):
        _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")


def _fold(payloads):  # type: ignore[no-untyped-def]
    """What another database would rebuild from the operations alone."""
    first, *rest = payloads
    row = dict(
        first,
        started_at=None,
        replied_at=None,
        closed_at=None,
        resolution="",
        callback_result="",
        assigned_dept="",
        assigned_to="",
        reopened=0,
        version=1,
    )
    for p in rest:
        assert p["base_version"] == row["version"]
        row["version"] += 1
        row["stage"] = p["to_stage"]
        row["status"] = "archived" if p["to_stage"] == "archived" else "open"
        for key in (
            "assigned_dept",
            "assigned_to",
            "resolution",
            "reopened",
            "contact_due_at",
            "answer_due_on",
            "answer_days",
            "arrival_due_at",
            "restore_due_at",
            "due_soon_at",
            "overdue_at",
        ):
            if key in p:
                row[key] = p[key]
        if "result" in p:
            row["callback_result"] = p["result"]
        at = {"start": "started_at", "reply": "replied_at", "archive": "closed_at"}.get(p["action"])
        if at:
            row[at] = p["at"]
    return row


def test_the_operations_rebuild_the_order(db, clerk, supervisor, monkeypatch):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    _at(monkeypatch, start)
    done = _record(
        db,
        clerk,
        "repair",
        "outage.fault",
        reporter_name="陈先生",
        reporter_contact="13900001111",
        area="urban",
    )
    steps = [
        (svc.dispatch_work_order, clerk, {"department": "抢修班", "person": "刘师傅"}),
        (svc.reassign_work_order, supervisor, {"person": "王师傅"}),
        (svc.start_work_order, clerk, {"note": "已到达"}),
        (svc.reply_work_order, clerk, {"resolution": "更换熔断器后恢复供电"}),
        (svc.call_back_work_order, clerk, {"result": "dissatisfied"}),
        (svc.reply_work_order, clerk, {"resolution": "更换表箱进线"}),
        (svc.call_back_work_order, clerk, {"result": "satisfied"}),
        (svc.archive_work_order, supervisor, {}),
    ]
    v = done.version
    for i, (fn, actor, kw) in enumerate(steps, start=1):
        _at(monkeypatch, start + dt.timedelta(minutes=20 * i))
        v = fn(db, actor, _cmd(done.id, v, **kw))
    with db.read() as s:
        payloads = [
            json.loads(p)
            for p in s.scalars(
                select(Operation.payload).where(Operation.entity_id == done.id).order_by(Operation.seq)
            )
        ]
    rebuilt = _fold(payloads)
    row = _order(db, done.id)
    for name in (
        "order_no",
        "order_type",
        "category_code",
        "urgency",
        "channel",
        "area",
        "anonymous",
        "reporter_name",
        "description",
        "stage",
        "status",
        "assigned_dept",
        "assigned_to",
        "resolution",
        "callback_result",
        "reopened",
        "answer_days",
        "version",
    ):
        assert rebuilt[name] == getattr(row, name), name
    for name in (
        "accepted_at",
        "started_at",
        "replied_at",
        "closed_at",
        "contact_due_at",
        "arrival_due_at",
        "restore_due_at",
        "due_soon_at",
        "overdue_at",
        "answer_due_on",
    ):
        value = getattr(row, name)
        assert rebuilt[name] == (value.isoformat() if value is not None else None), name
    assert row.reopened == 1 and row.stage == "archived" and row.assigned_to == "王师傅"
