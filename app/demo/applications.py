"""Demo service applications (演示业务申请): every type of the catalogue in every status its
type has — just accepted, part-way, suspended, cancelled and completed — some overdue and some
due soon, so the worklist and its colours show on first start.

Everything goes through the services (app/services/applications.py) as the demo staff
(app/demo/staff.py): clerks accept and move them, the supervisor cancels. The acceptance day is
back-dated through ``AcceptApplication.accepted_on`` (allowed only to a service session) so the
deadline colours are real; a completed one is accepted so that its due day has passed and
completed (``CompleteApplication.completed_on``) on time, every fifth type a few days late, so
the dashboard's promises-kept figure is plausible. Customers are the demo's own, of a kind the type allows; a customer
that fails a precondition (arrears, not paused …) is skipped for the next one. Idempotent: when
demo applications exist (their remark is :data:`DEMO_REMARK`), nothing is added.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from sqlalchemy import func, select

from app.demo.pools import CUSTOMER_MANAGERS
from app.domain.applications import BusinessType, PreconditionsNotMet
from app.domain.codes import CustomerKind, CustomerStatus
from app.domain.errors import DomainError, ValidationErrors
from app.domain.ids import make_credit_code, make_resident_id
from app.dto.common import Actor
from app.services import applications as svc
from app.services import auth, customers, ledger
from db.engine import Database
from db.models import Application, Customer, User

DEMO_REMARK = "演示数据"
#: the demo plans per type, in this order
PLANS = ("accepted", "partway", "suspended", "cancelled", "completed")
PLAN_LABELS = {
    "accepted": "刚受理",
    "partway": "办理中",
    "suspended": "已挂起",
    "cancelled": "已撤销",
    "completed": "已办结",
}
_CANDIDATES = 12  # customers tried per application before giving up on it
#: what a type needs completed on the customer first
_FIRST = {"reduction_resume": "capacity_reduction", "pause_resume": "pause"}


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def _accepted_on(btype: BusinessType, variant: str | None, plan: str, turn: int, today: dt.date) -> dt.date:
    """The acceptance day: for the open ones due soon (yellow), overdue (red, one type in nine)
    or on time (green, accepted today), turn by turn over the types; a month ago for the
    cancelled ones (a completed one: :func:`_completion`)."""
    limit = btype.limit_days(variant)
    cal = svc.working_calendar()
    # one type in nine has an overdue open application (red in the worklist); a counter that
    # let most of them run late would not look like one on the dashboard
    colours = ("soon", "overdue") if turn % 9 == 0 else (("soon", "today"), ("today", "soon"))[turn % 2]
    want = dict(zip(("accepted", "partway"), colours, strict=True)).get(plan)
    if want == "today":
        return today
    if want is None:
        return today - dt.timedelta(days=30 if plan != "suspended" else 3)
    for k in range(0, 120):
        day = today - dt.timedelta(days=k)
        _due, soon, overdue = svc.deadline_dates(cal, day, limit, ())
        assert soon is not None and overdue is not None
        if want == "soon" and soon <= today < overdue:
            return day
        if want == "overdue" and overdue <= today - dt.timedelta(days=3):
            return day
    return today


def _completion(limit: int, turn: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """(accepted, completed) days of a completed demo application, due 1 to 14 days ago, turn by
    turn over the types: most completed on or before the due day, one in seven (turns 3, 10 …;
    due 8 to 12 days ago) a few days late — so the dashboard's promises-kept figure on demo data is a plausible one."""
    cal = svc.working_calendar()
    late = turn % 7 == 3
    target = today - dt.timedelta(days=8 + turn % 5 if late else 1 + (turn * 5) % 14)
    accepted = target
    for k in range(0, 120):  # the latest acceptance whose due day is not after the target
        day = target - dt.timedelta(days=k)
        due, _soon, _overdue = svc.deadline_dates(cal, day, limit, ())
        assert due is not None
        if due <= target:
            accepted = day
            break
    due = svc.deadline_dates(cal, accepted, limit, ())[0]
    assert due is not None
    if late:
        return accepted, min(today, due + dt.timedelta(days=1 + turn % 3))
    return accepted, max(accepted, due - dt.timedelta(days=turn % 3))


def _values(
    btype: BusinessType,
    c: Customer | None,
    today: dt.date,
    n: int,
    tariffs: dict[str, list[str]],
    others: list[Customer],
) -> dict[str, object]:
    later = today + dt.timedelta(days=7)
    code = btype.code
    if code == "res_new":
        return {"capacity_kva": "8", "voltage_level": "220V", "address": f"杭州市西湖区文一西路{n}号"}
    if code in ("lv_new", "temporary"):
        out: dict[str, object] = {
            "customer_kind": "general_ci",
            "capacity_kva": "50",
            "voltage_level": "380V",
            "address": f"杭州市余杭区良渚街道工地{n}号",
        }
        if code == "temporary":
            out.update(use_from=later.isoformat(), use_to=(later + dt.timedelta(days=90)).isoformat())
        return out
    if code == "hv_new":
        return {
            "customer_kind": "general_ci",
            "capacity_kva": "630",
            "voltage_level": "10kV",
            "supply_mode": "single",
            "address": f"杭州市钱塘区新园路{n}号",
        }
    assert c is not None
    cap = int(c.capacity_kva)
    if code == "capacity_increase":
        low = c.voltage_level in ("220V", "380V")
        step = 2 if c.voltage_level == "220V" else 20 if low else 200
        return {"new_capacity_kva": str(cap + step), "supply_mode": "low" if low else "single"}
    if code == "capacity_reduction":
        return {
            "new_capacity_kva": str(max(1, cap // 2)),
            "reduce_from": later.isoformat(),
            "reduce_to": (later + dt.timedelta(days=240)).isoformat(),
        }
    if code == "pause":
        return {"pause_from": later.isoformat(), "pause_to": (later + dt.timedelta(days=60)).isoformat()}
    if code in ("pause_resume", "reduction_resume"):
        return {"resume_date": later.isoformat()}
    if code == "transfer":
        return {
            "new_holder_name": "林嘉怡",
            "new_holder_id_type": "ric",
            "new_holder_id_number": make_resident_id(
                "330106", dt.date(1986, 5, 1 + n % 28), f"{n % 1000:03d}"
            ),
            "new_holder_phone": f"1375710{n % 10000:04d}",
        }
    if code == "rename":
        return {"new_name": "更名后" + c.name[:20] if c.name != "更名后" else "新户名"}
    if code == "close":
        return {"close_date": later.isoformat()}
    if code == "tariff_change":
        return {"new_tariff": next((t for t in tariffs.get(c.kind, ()) if t != c.tariff_code), c.tariff_code)}
    if code == "meter_move":
        return {"new_location": "表箱移至院门东侧墙面"}
    if code == "split":
        return {"new_accounts": "2"}
    if code == "merge":
        # another account of the same kind, not closed (a closed one is refused)
        other = next(
            (o for o in others if o.id != c.id and o.kind == c.kind and o.status == CustomerStatus.NORMAL), c
        )
        return {"merge_account_no": other.account_no}
    if code == "meter_test":
        return {"meter_no": c.meter_no or "", "description": "客户认为电能表走快，申请校验"}
    if code == "reading_dispute":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return {"disputed_period": f"{last.year:04d}-{last.month:02d}", "description": "上月电量明显偏高"}
    return {}


def _registration(btype: BusinessType, n: int, values: dict[str, object]) -> customers.RegisterCustomer:
    if btype.code == "res_new":
        data = customers.CustomerInput(
            party_type="individual",
            kind="residential",
            name="陈新民",
            id_type="ric",
            id_number=make_resident_id("330106", dt.date(1990, 3, 1 + n % 28), f"{(n + 500) % 1000:03d}"),
            area="urban",
            voltage_level="220V",
            capacity_kva="8",
            phone=f"1395710{n % 10000:04d}",
            supply_address=str(values["address"]),
        )
    else:
        data = customers.CustomerInput(
            party_type="organisation",
            kind="general_ci",
            name=f"杭州演示实业有限公司{n}",
            id_type="uscc",
            id_number=make_credit_code(f"91330100MA2D{n % 100000:05d}"),
            area="urban",
            voltage_level=str(values["voltage_level"]),
            capacity_kva=str(values["capacity_kva"]),
            tariff_code="GCI-FLAT",
            contact_person="周经理",
            customer_manager=CUSTOMER_MANAGERS[n % len(CUSTOMER_MANAGERS)],
            phone=f"1385710{n % 10000:04d}",
            supply_address=str(values["address"]),
        )
    return customers.RegisterCustomer(data, confirm_duplicate=True)


def _settled(db: Database, fits: Iterator[Customer], today: dt.date, owing: set[uuid.UUID]) -> Iterator[Customer]:
    """The customers of ``fits`` without arrears today (most demo customers with a bill history
    owe something: they fail the arrears precondition and are not picked). ``owing`` remembers
    who owes across the run — seeding applications takes no money, so a debt stays — instead of
    reading the same ledgers again for every type and status (it was most of seed-demo's time)."""
    for c in fits:
        if c.id in owing:
            continue
        with db.read() as session:
            owed = ledger.balance_fen(session, c.id, today)
        if owed <= 0:
            yield c
        else:
            owing.add(c.id)


def _actors(db: Database) -> dict[str, Actor]:
    with db.read() as session:
        users = {
            u.username: u.id
            for u in session.scalars(select(User).where(User.username.in_(("demo01", "demo02", "zhang.bz"))))
        }
    return {name: auth.service_actor(db, uid) for name, uid in users.items()}


def seed_applications(db: Database) -> str:
    """Create the demo applications (see the module's doc); returns the report line."""
    with db.read() as session:
        existing = session.scalar(
            select(func.count()).select_from(Application).where(Application.remark == DEMO_REMARK)
        )
        pool = list(session.scalars(select(Customer).order_by(Customer.account_no)))
        for row in pool:
            session.expunge(row)
    if existing:
        return f"演示业务申请已存在（{existing} 件），未新增"
    actors = _actors(db)
    clerks, boss = [actors["demo01"], actors["demo02"]], actors["zhang.bz"]
    today = _today()
    tariffs = {
        str(k): [t.code for t in customers.tariff_options(db, clerks[0], str(k))] for k in CustomerKind
    }
    used: set[uuid.UUID] = set()
    owing: set[uuid.UUID] = set()
    made: Counter[str] = Counter()
    missing: list[str] = []
    n = 0
    for ti, btype in enumerate(svc.catalogue_in_force(db).types):
        for plan in PLANS:
            n += 1
            clerk = clerks[n % 2]
            if btype.new_customer:
                candidates: Sequence[Customer | None] = [None]
            else:
                # residential customers first where the type allows them: the few others are
                # kept for the types only they may apply for (减容, 暂停 …)
                ordered = (
                    sorted(pool, key=lambda c: c.kind != CustomerKind.RESIDENTIAL)
                    if (CustomerKind.RESIDENTIAL in btype.kinds)
                    else pool
                )
                fits: Iterator[Customer] = (
                    c
                    for c in ordered
                    if c.kind in btype.kinds and c.status == CustomerStatus.NORMAL and c.id not in used
                )
                if "arrears" in btype.checks:  # 过户 / 销户 …: customers who owe nothing
                    fits = _settled(db, fits, today, owing)
                candidates = list(itertools.islice(fits, _CANDIDATES))
            done = False
            for c in candidates:
                # others: not those this run changed (one of them is closed now)
                values = _values(btype, c, today, n, tariffs, [o for o in pool if o.id not in used])
                variant = str(values[btype.variant_field]) if btype.variant_field else None
                if btype.code in _FIRST and c is not None:
                    # a 减容恢复 needs a 减容 in force, a 暂停恢复 a pause: that one, completed first
                    try:
                        _first(db, clerk, _FIRST[btype.code], c, today, n, tariffs, pool)
                    except DomainError:
                        used.add(c.id)
                        continue
                    made["completed"] += 1
                accepted_on, completed_on = _accepted_on(btype, variant, plan, ti, today), None
                if plan == "completed":
                    accepted_on, completed_on = _completion(btype.limit_days(variant), ti, today)
                cmd = svc.AcceptApplication(
                    btype.code,
                    c.id if c else None,
                    values,
                    btype.documents,
                    applicant_name="陈新民" if c is None else "",
                    remark=DEMO_REMARK,
                    accepted_on=accepted_on,
                )
                try:
                    accepted = svc.accept_application(db, clerk, cmd)
                except (PreconditionsNotMet, ValidationErrors):
                    if c is not None:
                        used.add(c.id)
                    continue
                if c is not None:
                    used.add(c.id)
                try:
                    _move(
                        db, clerk, boss, btype, plan, accepted.id, accepted.version, n, values, completed_on
                    )
                except DomainError:
                    missing.append(f"{btype.name}/{PLAN_LABELS[plan]}")
                    done = True
                    break
                made[plan] += 1
                done = True
                break
            if not done:
                missing.append(f"{btype.name}/{PLAN_LABELS[plan]}")
    total = sum(made.values())
    parts = "，".join(f"{PLAN_LABELS[p]} {made[p]} 件" for p in PLANS)
    line = f"已创建演示业务申请 {total} 件（{parts}）"
    if missing:
        line += f"；无合适客户未创建：{'、'.join(missing)}"
    return line


def _first(
    db: Database,
    clerk: Actor,
    code: str,
    c: Customer,
    today: dt.date,
    n: int,
    tariffs: dict[str, list[str]],
    pool: list[Customer],
) -> None:
    btype = svc.catalogue_in_force(db).get(code)
    values = _values(btype, c, today, n, tariffs, pool)
    variant = str(values[btype.variant_field]) if btype.variant_field else None
    # accepted a month ago, completed on time (before the application that needs it)
    accepted_on = today - dt.timedelta(days=30)
    due = svc.deadline_dates(svc.working_calendar(), accepted_on, btype.limit_days(variant), ())[0]
    accepted = svc.accept_application(
        db,
        clerk,
        svc.AcceptApplication(
            btype.code,
            c.id,
            values,
            btype.documents,
            remark=DEMO_REMARK,
            accepted_on=accepted_on,
        ),
    )
    completed_on = min(today, due) if due is not None else today
    _move(db, clerk, clerk, btype, "completed", accepted.id, accepted.version, n, values, completed_on)


def _move(
    db: Database,
    clerk: Actor,
    boss: Actor,
    btype: BusinessType,
    plan: str,
    app_id: uuid.UUID,
    version: int,
    n: int,
    values: dict[str, object],
    completed_on: dt.date | None = None,
) -> None:
    """Move the application as ``plan`` says; a completion on ``completed_on`` (back-dated)."""

    def step(fn: Callable[[Database, Actor, svc.ApplicationCommand], int], actor: Actor, remark: str) -> None:
        nonlocal version
        version = fn(db, actor, svc.ApplicationCommand(app_id, version, remark))

    if plan == "accepted":
        return
    if plan in ("partway", "suspended") or (plan == "cancelled" and n % 2):
        step(svc.advance_application, clerk, "现场已勘查")
    if plan == "suspended":
        step(svc.suspend_application, clerk, "客户要求暂缓办理，待补充资料")
    elif plan == "cancelled":
        step(svc.cancel_application, boss, "客户申请撤回")
    elif plan == "completed":
        for _ in btype.stages[1:]:
            step(svc.advance_application, clerk, "已办理")
        registration = _registration(btype, n, values) if btype.effect.new_customer else None
        svc.complete_application(
            db,
            clerk,
            svc.CompleteApplication(app_id, version, "办结归档", registration, completed_on=completed_on),
        )


__all__ = ["DEMO_REMARK", "PLANS", "seed_applications"]
