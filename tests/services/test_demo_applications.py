"""Demo service applications (app/demo/applications.py): every type of the catalogue in every
status, some overdue and some due soon, through the services; a second run adds none; the
operation log still verifies. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.demo import seed_demo
from app.demo.applications import DEMO_REMARK, seed_applications
from app.domain.codes import ApplicationStatus, CustomerStatus, OpType
from app.domain.errors import PermissionDenied
from app.domain.workdays import promised_date
from app.dto.common import Actor
from app.services import applications as svc
from app.services import auth, customers, dashboard, ledger
from app.write_path import oplog
from db.engine import Database
from db.models import Application, ApplicationStep, Customer, Operation, User

TODAY = dt.datetime.now().astimezone().date()


def _apps(db: Database) -> list[Application]:
    with db.read() as s:
        rows = list(s.scalars(select(Application)))
        for r in rows:
            s.expunge(r)
        return rows


def _counts(db: Database) -> tuple[int, int, int, int]:
    with db.read() as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t))
            for t in (Application, ApplicationStep, Customer, Operation)
        )


def test_every_type_in_every_status_through_the_services(db: Database, settings: Settings) -> None:
    started = time.perf_counter()
    report = seed_demo(db, settings, customers=300, seed=7, applications=True)
    elapsed = time.perf_counter() - started
    assert elapsed < 60, elapsed
    apps = _apps(db)
    assert apps and all(a.remark == DEMO_REMARK for a in apps)
    by_type: dict[str, set[str]] = defaultdict(set)
    for a in apps:
        plan = a.status
        if a.status == ApplicationStatus.IN_PROGRESS:
            plan = "accepted" if a.stage == "accept" else "partway"
        elif a.status == ApplicationStatus.ARCHIVED:
            plan = "completed"
        by_type[a.type_code].add(plan)
    every = {"accepted", "partway", "suspended", "cancelled", "completed"}
    assert {t.code for t in svc.shipped_catalogue().types} == set(by_type)
    assert all(by_type[t] == every for t in by_type), {t: every - s for t, s in by_type.items() if s != every}
    # the report names the count per status
    assert f"已创建演示业务申请 {len(apps)} 件" in report
    for label in ("刚受理", "办理中", "已挂起", "已撤销"):
        assert f"{label} {len(svc.shipped_catalogue().types)} 件" in report
    # 已办结: one per type, and the 减容 / 暂停 completed before each 减容恢复 / 暂停恢复
    assert f"已办结 {len(svc.shipped_catalogue().types) + 10} 件" in report
    assert "未创建" not in report
    # colours: red and yellow among the open ones, by the dates the services computed
    open_ = [a for a in apps if a.status == ApplicationStatus.IN_PROGRESS]
    assert any(a.overdue_from is not None and a.overdue_from <= TODAY for a in open_)
    assert any(a.due_soon_from is not None and a.due_soon_from <= TODAY < a.overdue_from for a in open_)  # type: ignore[operator]
    assert any(a.due_soon_from is not None and a.due_soon_from > TODAY for a in open_)  # and green
    assert all(a.accepted_on <= TODAY for a in apps) and any(a.accepted_on < TODAY for a in apps)
    # staff: demo clerks accept, the demo supervisor cancels
    assert {a.accepted_by for a in apps} == {"demo01", "demo02"}
    assert {a.closed_by for a in apps if a.status == ApplicationStatus.CANCELLED} == {"zhang.bz"}
    # completion effects reached the customers: a paused one, a closed one, new customers
    with db.read() as s:
        done = defaultdict(list)
        for a in apps:
            if a.status == ApplicationStatus.ARCHIVED:
                assert a.customer_id is not None  # a 新装's customer is registered at completion
                done[a.type_code].append(s.get(Customer, a.customer_id))
        assert any(c.status == CustomerStatus.SUSPENDED for c in done["pause"])
        assert all(c.status == CustomerStatus.NORMAL for c in done["pause_resume"])
        assert [c.status for c in done["close"]] == [CustomerStatus.CLOSED]
        assert [c.kind for c in done["res_new"]] == ["residential"]
        accepts = s.scalar(
            select(func.count()).select_from(Operation).where(Operation.op_type == OpType.ACCEPT_APPLICATION)
        )
        assert accepts == len(apps)
        # the operation log verifies
        assert all(r.ok for r in oplog.verify(s))

    # completions are back-dated: most on or before their due day, a few late, so the
    # dashboard's promises-kept figure is plausible (it said 0 of 45 when all were completed today)
    completed = [a for a in apps if a.status == ApplicationStatus.ARCHIVED]
    assert all(a.accepted_on <= a.closed_on <= TODAY for a in completed)  # type: ignore[operator]
    on_time = [a for a in completed if a.closed_on <= a.due_date]  # type: ignore[operator]
    assert len(completed) - len(on_time) >= 1 and len(on_time) >= 0.8 * len(completed)
    with db.read() as s:
        boss = auth.service_actor(db, s.scalar(select(User.id).where(User.username == "zhang.bz")))
    figures = dashboard.dashboard(db, boss, TODAY - dt.timedelta(days=30), TODAY).applications
    assert figures.late >= 1 and figures.kept >= 3 * figures.late, figures
    assert figures.rate is not None and figures.rate >= 0.75

    # a second run adds nothing
    before = _counts(db)
    again = seed_applications(db)
    assert "未新增" in again
    assert _counts(db) == before


def test_customers_in_arrears_are_passed_over_for_the_arrears_types(db: Database, settings: Settings) -> None:
    """With a bill history most demo customers owe something: 过户 / 销户 / 分户 / 并户 still get every
    status, on customers who owe nothing (the services' arrears precondition is not bypassed)."""
    report = seed_demo(db, settings, customers=300, seed=3, months=3, applications=True)
    assert "未创建" not in report
    assert f"已办结 {len(svc.shipped_catalogue().types) + 10} 件" in report
    with db.read() as s:
        for a in s.scalars(select(Application).where(Application.type_code.in_(("transfer", "close")))):
            assert a.customer_id is not None
            assert ledger.balance_fen(s, a.customer_id, TODAY) <= 0
        assert all(r.ok for r in oplog.verify(s))


def test_a_back_dated_acceptance_is_for_service_sessions_only(db: Database, clerk: Actor) -> None:
    """``accepted_on`` (demo data): a clerk's log-in session is refused, nothing saved; a future day is
    refused; a service session gets its deadline from that day."""
    btype = svc.shipped_catalogue().get("res_new")
    values = {"capacity_kva": "8", "voltage_level": "220V", "address": "杭州市西湖区文一路1号"}
    past = TODAY - dt.timedelta(days=30)

    def accept(actor: Actor, day: dt.date) -> svc.AcceptedApplication:
        cmd = svc.AcceptApplication(
            "res_new", None, values, btype.documents, applicant_name="陈新", accepted_on=day
        )
        return svc.accept_application(db, actor, cmd)

    before = _counts(db)
    with pytest.raises(PermissionDenied):
        accept(clerk, past)
    with pytest.raises(ValueError):
        accept(clerk, TODAY + dt.timedelta(days=1))
    assert _counts(db) == before
    assert accept(clerk, TODAY).promised_date == promised_date(svc.working_calendar(), TODAY, 5).date
    with db.read() as s:
        clerk_id = s.scalar(select(User.id).where(User.username == clerk.username))
    service = auth.service_actor(db, clerk_id)  # the same clerk, in a service session
    accepted = accept(service, past)
    assert accepted.promised_date == promised_date(svc.working_calendar(), past, 5).date
    with db.read() as s:
        row = s.get(Application, accepted.id)
        assert row is not None and row.accepted_on == past and row.overdue_from is not None
        assert row.overdue_from <= TODAY
        payload = json.loads(
            s.scalar(
                select(Operation.payload)
                .where(Operation.op_type == OpType.ACCEPT_APPLICATION)
                .order_by(Operation.seq.desc())
                .limit(1)
            )
        )
    assert payload["accepted_on"] == past.isoformat()


def test_a_back_dated_completion_is_for_service_sessions_only(
    db: Database, clerk: Actor, customer_form
) -> None:  # type: ignore[no-untyped-def]
    """``completed_on`` (demo data): a clerk's log-in session is refused and nothing is saved; a
    day after today or before the acceptance is a caller's mistake; a service session closes the
    application on that day."""
    btype = svc.shipped_catalogue().get("meter_move")
    customer_id = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form())).id
    with db.read() as s:
        clerk_id = s.scalar(select(User.id).where(User.username == clerk.username))
    service = auth.service_actor(db, clerk_id)
    accepted_on = TODAY - dt.timedelta(days=20)
    accepted = svc.accept_application(
        db,
        service,
        svc.AcceptApplication(
            "meter_move", customer_id, {"new_location": "院门东侧"}, btype.documents, accepted_on=accepted_on
        ),
    )
    version = accepted.version
    for _ in btype.stages[1:]:
        version = svc.advance_application(db, clerk, svc.ApplicationCommand(accepted.id, version, "已办理"))
    day = accepted_on + dt.timedelta(days=3)
    with pytest.raises(PermissionDenied):
        svc.complete_application(db, clerk, svc.CompleteApplication(accepted.id, version, completed_on=day))
    with pytest.raises(ValueError):
        svc.complete_application(
            db,
            service,
            svc.CompleteApplication(accepted.id, version, completed_on=TODAY + dt.timedelta(days=1)),
        )
    with pytest.raises(ValueError):
        svc.complete_application(
            db,
            service,
            svc.CompleteApplication(accepted.id, version, completed_on=accepted_on - dt.timedelta(days=1)),
        )
    svc.complete_application(db, service, svc.CompleteApplication(accepted.id, version, completed_on=day))
    with db.read() as s:
        app = s.get(Application, accepted.id)
        assert app.status == ApplicationStatus.ARCHIVED and app.closed_on == day
        payload = json.loads(
            s.scalar(
                select(Operation.payload)
                .where(Operation.op_type == OpType.COMPLETE_APPLICATION)
                .order_by(Operation.seq.desc())
            )
        )
        assert payload["on"] == day.isoformat()
