"""Service applications (业务受理) through the services, on SQLite and PostgreSQL
(docs/rules.md#what-the-services-enforce)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select

from app.domain.applications import PreconditionsNotMet, ReasonCode
from app.domain.codes import ApplicationStatus, DeadlineStatus, OpType
from app.domain.errors import ConcurrentEdit, PermissionDenied, RuleViolation, ValidationErrors
from app.domain.ids import make_credit_code
from app.domain.workdays import promised_date
from app.dto.applications import ApplicationFilter, PageRequest
from app.dto.payments import TenderInput
from app.services import application_reads as reads
from app.services import applications as svc
from app.services import cashier, customers, payments
from app.write_path import oplog
from db.models import Application, ApplicationStep, Customer, Operation
from tests.conftest import valid_resident_id
from tests.services.test_payments import add_bill

TODAY = dt.datetime.now().astimezone().date()


def _register(db, clerk, form):  # type: ignore[no-untyped-def]
    return customers.register_customer(db, clerk, customers.RegisterCustomer(form)).id


def _org(customer_form, n: int = 1, **kw):  # type: ignore[no-untyped-def]
    values = dict(
        party_type="organisation",
        kind="general_ci",
        name="杭州城东机械厂",
        id_type="uscc",
        id_number=make_credit_code(f"91330100MA2{n:06d}"),
        contact_person="王经理",
        voltage_level="380V",
        capacity_kva="100",
        tariff_code="GCI-FLAT",
    )
    values.update(kw)
    return customer_form(**values)


def _accept(db, actor, type_code, customer_id=None, values=None, docs=None, **kw):  # type: ignore[no-untyped-def]
    btype = svc.shipped_catalogue().get(type_code)
    cmd = svc.AcceptApplication(
        type_code, customer_id, values or {}, btype.documents if docs is None else docs, **kw
    )
    return svc.accept_application(db, actor, cmd)


def _to_last_stage(db, actor, app_id, version):  # type: ignore[no-untyped-def]
    detail = reads.get_application(db, actor, app_id)
    btype = svc.shipped_catalogue().get(detail.row.type_code)
    for _ in btype.stages[btype.stages.index(detail.row.stage) + 1 :]:
        version = svc.advance_application(db, actor, svc.ApplicationCommand(app_id, version, "现场已勘查"))
    return version


def _ops(db, op_type):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [
            json.loads(p)
            for p in s.scalars(
                select(Operation.payload).where(Operation.op_type == op_type).order_by(Operation.seq)
            )
        ]


def _customer(db, cid):  # type: ignore[no-untyped-def]
    with db.read() as s:
        c = s.get(Customer, cid)
        s.expunge(c)
        return c


def _counts(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Application)),
            s.scalar(select(func.count()).select_from(ApplicationStep)),
            s.scalar(select(func.count()).select_from(Operation)),
        )


# ---- accept, stages, new connection -----------------------------------------------------------


def test_new_connection_through_every_stage_registers_the_customer_at_completion(db, clerk, customer_form):
    accepted = _accept(
        db,
        clerk,
        "res_new",
        None,
        {"capacity_kva": "8", "voltage_level": "220V", "address": "杭州市西湖区文一路1号"},
        applicant_name="陈新",
    )
    assert accepted.application_no == "3301A00000001"
    assert accepted.promised_date == promised_date(svc.working_calendar(), TODAY, 5).date
    detail = reads.get_application(db, clerk, accepted.id)
    assert (detail.row.status, detail.row.stage, detail.row.customer_id) == ("in_progress", "accept", None)
    assert detail.row.customer_name == "陈新" and detail.allowed_actions == ("advance", "suspend", "cancel")
    assert detail.documents["missing"] == [] and detail.row.deadline == DeadlineStatus.ON_TIME
    version = _to_last_stage(db, clerk, accepted.id, accepted.version)
    detail = reads.get_application(db, clerk, accepted.id)
    assert detail.row.stage == "archive" and detail.allowed_actions == ("complete", "suspend", "cancel")
    assert [s.to_stage for s in detail.steps] == ["accept", "survey", "connect", "archive"]
    assert all(s.done_by == "clerk1" for s in detail.steps)
    with pytest.raises(ValidationErrors) as exc:  # a 新装 needs the new customer's record
        svc.complete_application(db, clerk, svc.CompleteApplication(accepted.id, version))
    assert exc.value.errors[0].field == "registration"
    form = customer_form(name="陈新", capacity_kva="1", supply_address="别处")
    svc.complete_application(
        db, clerk, svc.CompleteApplication(accepted.id, version, "已接电", customers.RegisterCustomer(form))
    )
    detail = reads.get_application(db, clerk, accepted.id)
    assert detail.row.status == ApplicationStatus.ARCHIVED and detail.allowed_actions == ()
    customer = _customer(db, detail.row.customer_id)
    # kind, capacity, voltage and address come from the application, the holder from the form
    assert (customer.name, customer.capacity_kva, customer.voltage_level, customer.supply_address) == (
        "陈新",
        8,
        "220V",
        "杭州市西湖区文一路1号",
    )
    assert [r.id for r in reads.applications_of_customer(db, clerk, customer.id)] == [accepted.id]
    done = _ops(db, OpType.COMPLETE_APPLICATION)[0]
    assert done["account_no"] == customer.account_no and done["changes"]["new_customer"] is True
    assert _ops(db, OpType.REGISTER_CUSTOMER)[-1]["application_no"] == accepted.application_no
    with db.read() as s:
        assert all(r.ok for r in oplog.verify(s))


def test_accept_writes_one_operation_with_everything_to_replay(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    before = _counts(db)
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "张三丰"}, channel="hotline", remark="电话受理")
    after = _counts(db)
    assert after == (before[0] + 1, before[1] + 1, before[2] + 1)
    op = _ops(db, OpType.ACCEPT_APPLICATION)[0]
    assert op["application_no"] == accepted.application_no and op["customer_id"] == str(cid)
    assert op["values"] == {"new_name": "张三丰"} and op["channel"] == "hotline"
    assert op["promised_date"] == accepted.promised_date.isoformat() and op["type_code"] == "rename"
    assert op["documents"]["received"] and op["catalogue_version"] >= 1


def test_bad_input_names_every_field_and_saves_nothing(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    before = _counts(db)
    with pytest.raises(ValidationErrors) as exc:
        _accept(db, clerk, "capacity_increase", cid, {"new_capacity_kva": "abc"}, docs=[], channel="fax")
    assert {e.field for e in exc.value.errors} == {"channel", "documents", "new_capacity_kva", "supply_mode"}
    with pytest.raises(ValidationErrors) as exc:  # 新装 is for a new customer
        _accept(db, clerk, "res_new", cid, {"capacity_kva": "5", "voltage_level": "220V", "address": "x"})
    assert {e.field for e in exc.value.errors} == {"customer_id", "applicant_name"}
    with pytest.raises(ValidationErrors) as exc:  # tariff codes are checked against the tariffs
        _accept(db, clerk, "tariff_change", cid, {"new_tariff": "NOPE"})
    assert exc.value.errors[0].field == "new_tariff"
    with pytest.raises(PreconditionsNotMet) as pre:  # a type not for the kind; capacity out of range
        _accept(
            db,
            clerk,
            "pause",
            cid,
            {
                "pause_from": str(TODAY + dt.timedelta(days=10)),
                "pause_to": str(TODAY + dt.timedelta(days=40)),
            },
        )
    assert ReasonCode.KIND in {r.code for r in pre.value.reasons}
    with pytest.raises(PreconditionsNotMet) as pre:
        _accept(db, clerk, "capacity_increase", cid, {"new_capacity_kva": "50", "supply_mode": "low"})
    assert [r.code for r in pre.value.reasons] == [ReasonCode.CAPACITY_RANGE]
    assert _counts(db) == before


def test_application_numbers_are_gap_free(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    first = _accept(db, clerk, "meter_test", cid)
    with pytest.raises(PreconditionsNotMet):  # a second open 校验 of the same customer
        _accept(db, clerk, "meter_test", cid)
    second = _accept(db, clerk, "rename", cid, {"new_name": "李四"})
    assert [first.application_no, second.application_no] == ["3301A00000001", "3301A00000002"]


# ---- completion effects -------------------------------------------------------------------------


def _complete(db, actor, accepted):  # type: ignore[no-untyped-def]
    version = _to_last_stage(db, actor, accepted.id, accepted.version)
    return svc.complete_application(db, actor, svc.CompleteApplication(accepted.id, version, "办结"))


@pytest.mark.parametrize(
    ("type_code", "values", "expected"),
    [
        ("capacity_increase", {"new_capacity_kva": "10", "supply_mode": "low"}, {"capacity_kva": 10}),
        ("rename", {"new_name": "张三丰"}, {"name": "张三丰"}),
        ("tariff_change", {"new_tariff": "RES-TOU"}, {"tariff_code": "RES-TOU", "kind": "residential"}),
        ("close", {"close_date": str(TODAY + dt.timedelta(days=3))}, {"status": "closed"}),
        ("meter_move", {"new_location": "楼道东侧"}, {"capacity_kva": 8, "name": "张三"}),
    ],
)
def test_completion_changes_the_customer_in_the_same_transaction(
    db, clerk, customer_form, type_code, values, expected
):
    cid = _register(db, clerk, customer_form())
    _complete(db, clerk, _accept(db, clerk, type_code, cid, values))
    customer = _customer(db, cid)
    assert {k: getattr(customer, k) for k in expected} == expected
    history = customers.customer_history(db, clerk, cid)
    if type_code != "meter_move":
        assert history[0].op_type == OpType.UPDATE_CUSTOMER
        assert {c[0] for c in history[0].changes} >= {
            customers.FIELD_LABELS[k] for k in expected if k != "kind"
        }
    else:
        assert history[0].op_type == OpType.REGISTER_CUSTOMER  # nothing changed on the record


def test_transfer_changes_the_holder_and_keeps_the_old_one_in_the_history(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form(name="张三"))
    new_id = valid_resident_id(777)
    accepted = _accept(
        db,
        clerk,
        "transfer",
        cid,
        {
            "new_holder_name": "王五",
            "new_holder_id_type": "ric",
            "new_holder_id_number": new_id,
            "new_holder_phone": "13900001111",
        },
    )
    op = _ops(db, OpType.ACCEPT_APPLICATION)[0]
    assert op["values"]["new_holder_id_number"]["masked"] != new_id  # masked in the log (privacy)
    assert reads.get_application(db, clerk, accepted.id).values["new_holder_id_number"] != new_id
    _complete(db, clerk, accepted)
    customer = _customer(db, cid)
    assert (customer.name, customer.id_number, customer.phone) == ("王五", new_id, "13900001111")
    entry = customers.customer_history(db, clerk, cid)[0]
    assert ("户名", "张三", "王五") in entry.changes
    assert customers.find_duplicates  # the search finds the new holder
    from app.services import search

    assert any(r.id == cid for r in search.search_customers(db, clerk, "王五").rows)
    done = _ops(db, OpType.COMPLETE_APPLICATION)[-1]
    assert done["changes"]["holder_changed"] is True
    assert new_id not in json.dumps(done, ensure_ascii=False)


def test_pause_resume_reduction_and_its_restoration(db, clerk, customer_form):
    cid = _register(db, clerk, _org(customer_form))
    pause = {"pause_from": str(TODAY + dt.timedelta(days=10)), "pause_to": str(TODAY + dt.timedelta(days=40))}
    _complete(db, clerk, _accept(db, clerk, "pause", cid, pause))
    assert _customer(db, cid).status == "suspended"
    with pytest.raises(PreconditionsNotMet) as pre:  # already paused
        _accept(db, clerk, "pause", cid, pause)
    assert ReasonCode.ALREADY_PAUSED in {r.code for r in pre.value.reasons}
    _complete(
        db,
        clerk,
        _accept(db, clerk, "pause_resume", cid, {"resume_date": str(TODAY + dt.timedelta(days=41))}),
    )
    assert _customer(db, cid).status == "normal"
    reduce = {
        "new_capacity_kva": "60",
        "reduce_from": str(TODAY + dt.timedelta(days=10)),
        "reduce_to": str(TODAY + dt.timedelta(days=200)),
    }
    _complete(db, clerk, _accept(db, clerk, "capacity_reduction", cid, reduce))
    assert _customer(db, cid).capacity_kva == 60
    with db.read() as s, s.no_autoflush:
        snapshot = svc.customer_snapshot(s, s.get(Customer, cid), TODAY)
    assert snapshot.reduced_from_kva == 100 and len(snapshot.pauses) == 1
    _complete(
        db,
        clerk,
        _accept(db, clerk, "reduction_resume", cid, {"resume_date": str(TODAY + dt.timedelta(days=60))}),
    )
    assert _customer(db, cid).capacity_kva == 100


# ---- arrears --------------------------------------------------------------------------------------


def test_transfer_refused_with_arrears_then_accepted_after_the_payment(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    add_bill(db, clerk, cid, 12850)
    values = {
        "new_holder_name": "王五",
        "new_holder_id_type": "ric",
        "new_holder_id_number": valid_resident_id(778),
    }
    before = _counts(db)
    with pytest.raises(PreconditionsNotMet) as pre:
        _accept(db, clerk, "transfer", cid, values)
    reason = pre.value.reasons[0]
    assert reason.code == ReasonCode.ARREARS and reason.amount_fen == 12850
    assert "128.50" in reason.message and "128.50" in str(pre.value)
    assert _counts(db) == before
    cashier.open_session(db, clerk, 50000)
    payments.post_payment(
        db, clerk, payments.PostPayment(uuid.uuid4(), cid, (TenderInput("cash", 12850),), None)
    )
    accepted = _accept(db, clerk, "transfer", cid, values)
    assert accepted.application_no == "3301A00000001"


# ---- suspend, resume, cancel, forbidden, locking, permissions -------------------------------------


def test_suspend_and_resume_move_the_due_date(db, clerk, customer_form, monkeypatch):
    cid = _register(db, clerk, customer_form())
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "李四"})
    with pytest.raises(ValidationErrors) as exc:
        svc.suspend_application(db, clerk, svc.ApplicationCommand(accepted.id, accepted.version, "等"))
    assert exc.value.errors[0].field == "reason"
    version = svc.suspend_application(
        db, clerk, svc.ApplicationCommand(accepted.id, accepted.version, "客户补资料")
    )
    detail = reads.get_application(db, clerk, accepted.id)
    assert detail.row.status == "suspended" and detail.row.due_date is None
    assert detail.allowed_actions == ("resume", "cancel")
    later = TODAY + dt.timedelta(days=14)
    monkeypatch.setattr(svc, "_today", lambda: later)
    svc.resume_application(db, clerk, svc.ApplicationCommand(accepted.id, version, "资料已补齐"))
    detail = reads.get_application(db, clerk, accepted.id)
    cal = svc.working_calendar()
    suspended_days = sum(cal.is_working_day(TODAY + dt.timedelta(days=i)) for i in range(1, 15))
    assert detail.row.due_date == svc.nth_counted_day(cal, accepted.promised_date, suspended_days)
    assert detail.row.due_date > accepted.promised_date == detail.row.promised_date
    assert detail.suspensions[0].start == TODAY and detail.suspensions[0].end == later
    assert [s.action for s in detail.steps] == ["accept", "suspend", "resume"]


def test_cancel_is_a_supervisors_decision_with_a_reason(db, clerk, supervisor, customer_form):
    cid = _register(db, clerk, customer_form())
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "李四"})
    with pytest.raises(PermissionDenied):
        svc.cancel_application(
            db, clerk, svc.ApplicationCommand(accepted.id, accepted.version, "客户撤回申请")
        )
    with pytest.raises(ValidationErrors):
        svc.cancel_application(db, supervisor, svc.ApplicationCommand(accepted.id, accepted.version, ""))
    svc.cancel_application(
        db, supervisor, svc.ApplicationCommand(accepted.id, accepted.version, "客户撤回申请")
    )
    detail = reads.get_application(db, clerk, accepted.id)
    assert (detail.row.status, detail.close_reason, detail.closed_by) == (
        "cancelled",
        "客户撤回申请",
        "super1",
    )
    assert _customer(db, cid).name == "张三"
    # cancelled: a new application of the same type may start
    _accept(db, clerk, "rename", cid, {"new_name": "李四"})


def test_forbidden_transitions_are_refused_and_nothing_is_half_saved(db, clerk, supervisor, customer_form):
    cid = _register(db, clerk, customer_form())
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "李四"})
    before = _counts(db)
    with pytest.raises(RuleViolation):  # not at the last stage
        svc.complete_application(db, clerk, svc.CompleteApplication(accepted.id, accepted.version))
    with pytest.raises(RuleViolation):  # not suspended
        svc.resume_application(db, clerk, svc.ApplicationCommand(accepted.id, accepted.version))
    assert _counts(db) == before
    assert _customer(db, cid).name == "张三"
    version = svc.cancel_application(
        db, supervisor, svc.ApplicationCommand(accepted.id, accepted.version, "撤回")
    )
    with pytest.raises(RuleViolation, match="已撤销"):
        svc.advance_application(db, clerk, svc.ApplicationCommand(accepted.id, version))
    assert reads.get_application(db, clerk, accepted.id).row.version == version


def test_a_stale_version_is_a_concurrent_edit(db, clerk, clerk2, customer_form):
    cid = _register(db, clerk, customer_form())
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "李四"})
    svc.advance_application(db, clerk, svc.ApplicationCommand(accepted.id, accepted.version))
    before = _counts(db)
    with pytest.raises(ConcurrentEdit):
        svc.advance_application(db, clerk2, svc.ApplicationCommand(accepted.id, accepted.version))
    assert _counts(db) == before


def test_permissions(db, admin, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    with pytest.raises(PermissionDenied):
        _accept(db, admin, "rename", cid, {"new_name": "李四"})
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "李四"})
    with pytest.raises(PermissionDenied):
        svc.advance_application(db, admin, svc.ApplicationCommand(accepted.id, accepted.version))
    assert reads.get_application(db, admin, accepted.id).row.id == accepted.id  # everyone may read


def test_large_customer_is_routed_to_the_customer_manager(db, clerk, customer_form):
    cid = _register(
        db,
        clerk,
        _org(
            customer_form,
            kind="large_industry",
            capacity_kva="400",
            voltage_level="10kV",
            customer_manager="刘经理",
            tariff_code="LI-TOU",
        ),
    )
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "杭州城东机械二厂"})
    assert accepted.customer_manager == "刘经理"
    page = reads.list_applications(db, clerk, ApplicationFilter(customer_manager="刘经理"))
    assert [r.id for r in page.rows] == [accepted.id]


# ---- worklist -------------------------------------------------------------------------------------


def test_worklist_filters_and_deadline_colours(db, clerk, clerk2, customer_form, monkeypatch):
    a = _accept(db, clerk, "rename", _register(db, clerk, customer_form()), {"new_name": "李四"})
    b = _accept(db, clerk2, "meter_test", _register(db, clerk, customer_form()))
    svc.advance_application(db, clerk2, svc.ApplicationCommand(b.id, b.version))
    ids = lambda page: {r.id for r in page.rows}  # noqa: E731
    assert ids(reads.list_applications(db, clerk, ApplicationFilter())) == {a.id, b.id}
    assert ids(reads.list_applications(db, clerk, ApplicationFilter(type_code="rename"))) == {a.id}
    assert ids(reads.list_applications(db, clerk, ApplicationFilter(stage="meter_test"))) == {b.id}
    assert ids(reads.list_applications(db, clerk, ApplicationFilter(clerk="clerk2"))) == {b.id}
    assert ids(
        reads.list_applications(db, clerk, ApplicationFilter(accepted_from=TODAY, accepted_to=TODAY))
    ) == {a.id, b.id}
    assert (
        ids(reads.list_applications(db, clerk, ApplicationFilter(accepted_to=TODAY - dt.timedelta(days=1))))
        == set()
    )
    assert ids(reads.list_applications(db, clerk, ApplicationFilter(deadline="on_time"))) == {a.id, b.id}
    page = reads.list_applications(db, clerk, ApplicationFilter(), PageRequest(0, 1))
    assert len(page.rows) == 1 and page.more
    with pytest.raises(ValidationErrors):
        reads.list_applications(db, clerk, ApplicationFilter(deadline="purple"))
    cal = svc.working_calendar()
    due = svc.nth_counted_day(cal, TODAY, 5)
    monkeypatch.setattr(svc, "_today", lambda: due)
    assert ids(reads.list_applications(db, clerk, ApplicationFilter(deadline="due_soon"))) == {a.id, b.id}
    late = svc.nth_counted_day(cal, TODAY, 6)
    monkeypatch.setattr(svc, "_today", lambda: late)
    page = reads.list_applications(db, clerk, ApplicationFilter(deadline="overdue"))
    assert ids(page) == {a.id, b.id} and {r.deadline for r in page.rows} == {DeadlineStatus.OVERDUE}


def test_new_connection_duplicate_is_caught_at_completion_and_nothing_is_half_saved(db, clerk, customer_form):
    existing = customer_form(name="陈新")
    _register(db, clerk, existing)
    accepted = _accept(
        db,
        clerk,
        "res_new",
        None,
        {"capacity_kva": "5", "voltage_level": "220V", "address": "文一路2号"},
        applicant_name="陈新",
    )
    version = _to_last_stage(db, clerk, accepted.id, accepted.version)
    before = _counts(db)
    same = customers.RegisterCustomer(customer_form(name="陈新", id_number=existing.id_number))
    with pytest.raises(customers.DuplicateSuspected):
        svc.complete_application(db, clerk, svc.CompleteApplication(accepted.id, version, "", same))
    assert _counts(db) == before
    assert reads.get_application(db, clerk, accepted.id).row.status == "in_progress"
    confirmed = customers.RegisterCustomer(same.data, confirm_duplicate=True)
    svc.complete_application(db, clerk, svc.CompleteApplication(accepted.id, version, "", confirmed))
    assert reads.get_application(db, clerk, accepted.id).row.status == "archived"


def test_the_customer_history_names_the_application(db, clerk, customer_form):
    cid = _register(db, clerk, customer_form())
    accepted = _accept(db, clerk, "rename", cid, {"new_name": "张三丰"})
    _complete(db, clerk, accepted)
    entry = customers.customer_history(db, clerk, cid)[0]
    assert (
        entry.summary.startswith(f"业务办结（{accepted.application_no}）")
        and ("户名", "张三", "张三丰") in entry.changes
    )
