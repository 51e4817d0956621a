"""Benchmark of the supervisor's dashboard (看板), docs/rules.md#budgets and issue 10 item 6:

* ``dashboard.month.<dialect>`` — :func:`app.services.dashboard.dashboard` for the last 30 days
  of a hall with 20 clerks and ≈ 50,000 transactions in them (``--quick`` the same; the
  suite's smoke test ``BENCH_DASHBOARD_TINY=1``: 2,000), p95 ≤ 300 ms.

The hall lives in a throwaway database built in the run, as tests/benchmarks/applications.py
builds its own: one customer, payment, application, work order and rating through the real
services (so every column holds what they write), the rest bulk copies
(:func:`db.bulk.fast_insert`, 10,000 a batch). Three months of history, the period being the
last of them, so the queries must find the month and skip the rest: per month 38,000 payments
(+ 300 冲正, 200 退费), 8,000 applications, 3,500 work orders (15 % complaints), a handling
time for 90 % of the payments and applications, a rating for 70 % (5 % skipped); 100,000
customers (``--quick``: 20,000). Applications fall due and work orders are answered across the
period, some late, some still open.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any

from app.config import Settings
from app.dto.common import Actor
from db.engine import Database

BUDGET_MS = 300.0
CLERKS = tuple(f"clerk{i:02d}" for i in range(1, 21))
NAMES = ("dashboard.month.sqlite", "dashboard.month.postgresql")
#: one month of the hall: (payments, reversals, refunds, applications, work orders)
MONTH = (38_000, 300, 200, 8_000, 3_500)


def tiny() -> bool:
    return os.environ.get("BENCH_DASHBOARD_TINY") == "1"


def sizes(quick: bool) -> tuple[float, int, int]:
    """(scale of :data:`MONTH`, customers, rounds)."""
    if tiny():
        return 0.04, 2_000, 5
    return (1.0, 20_000, 20) if quick else (1.0, 100_000, 40)


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _templates(db: Database, actor: Actor) -> None:
    """One of each row through the services: the shapes the copies take."""
    from app.domain.codes import RatingKind
    from app.dto.payments import TenderInput
    from app.services import applications, cashier, payments, ratings, workorders
    from app.services.customers import CustomerInput, RegisterCustomer, register_customer
    from tests.conftest import valid_resident_id
    from tests.services.test_payments import add_bill

    form = CustomerInput(
        party_type="individual",
        kind="residential",
        name="基准测试",
        id_type="ric",
        id_number=valid_resident_id(1618033),
        area="urban",
        voltage_level="220V",
        capacity_kva="8",
        phone="13712345678",
        supply_address="浙江省杭州市西湖区文三路123号",
    )
    cid = register_customer(db, actor, RegisterCustomer(form, confirm_duplicate=True)).id
    add_bill(db, actor, cid, 12850)
    cashier.open_session(db, actor, 50000)
    since = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=4)
    receipt = payments.post_payment(
        db,
        actor,
        payments.PostPayment(uuid.uuid4(), cid, (TenderInput("cash", 20000),), None, served_since=since),
    )
    btype = applications.shipped_catalogue().get("meter_test")
    applications.accept_application(
        db, actor, applications.AcceptApplication("meter_test", cid, {}, btype.documents, served_since=since)
    )
    workorders.record_work_order(
        db,
        actor,
        workorders.RecordWorkOrder("complaint", "attitude.counter", "排队时间过长", customer_id=cid),
    )
    ratings.record_rating(db, actor, ratings.RecordRating(RatingKind.PAYMENT, receipt.payment_id, 5))


def _copies(db: Database, model: Any, count: int, make: Callable[[dict[str, Any], int], None]) -> None:
    """``count`` copies of ``model``'s first row, each changed by ``make(row, n)``."""
    from sqlalchemy import select

    from db.bulk import fast_insert, new_ids

    table: Any = model.__table__
    with db.read() as s:
        template = dict(s.execute(select(table).limit(1)).mappings().one())
    n = 0
    while n < count:
        size = min(10_000, count - n)
        rows = []
        for i, new_id in enumerate(new_ids(size)):
            row = dict(template)
            row["id"] = new_id
            make(row, n + i)
            rows.append(row)
        with db.write() as s:
            fast_insert(s, model, rows)
        n += size


def populate(
    db: Database, actor: Actor, scale: float, customers: int, rng: random.Random
) -> tuple[int, float]:
    """Three months of the hall; returns (transactions in the last 30 days, seconds it took)."""
    from sqlalchemy import select, text

    from db.models import Application, Customer, Payment, ServiceRating, ServiceVisit, WorkOrder

    t0 = time.perf_counter()
    _templates(db, actor)
    node = actor.node_id
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    today = dt.date.today()
    _copies(db, Customer, customers - 1, lambda r, n: r.update(account_no=f"33019{n:010d}"))
    with db.read() as s:
        cids = list(s.scalars(select(Customer.id)))
    payments, reversals, refunds, apps, orders = (int(v * scale) for v in MONTH)
    in_period = 0
    timed: list[tuple[str, str, uuid.UUID, dt.datetime]] = []  # for visits and ratings

    def at(month: int) -> dt.datetime:
        return now - dt.timedelta(days=30 * month, seconds=rng.randrange(0, 29 * 86400))

    for month in range(3):  # 0: the period (the last 30 days), 1 and 2: history
        kinds = ["payment"] * payments + ["reversal"] * reversals + ["refund"] * refunds
        made: list[tuple[str, dt.datetime]] = []

        def payment(
            r: dict[str, Any], n: int, kinds: list[str] = kinds, made: list[Any] = made, m: int = month
        ) -> None:
            when, clerk = at(m), rng.choice(CLERKS)
            r.update(
                receipt_no=None,
                customer_id=rng.choice(cids),
                session_id=None,
                kind=kinds[n],
                reverses_id=None,
                prepaid_fen=0,
                posted_at=when,
                posted_by=clerk,
                request_hash=None,
            )
            if kinds[n] == "payment":
                made.append((clerk, when))
                timed.append(("payment", clerk, r["id"], when))

        _copies(db, Payment, len(kinds), payment)

        def application(r: dict[str, Any], n: int, m: int = month) -> None:
            when, clerk = at(m), rng.choice(CLERKS)
            due = when.date() + dt.timedelta(days=rng.randrange(3, 40))
            done = rng.random() < 0.7 and due - dt.timedelta(days=5) <= today
            closed = min(today, due + dt.timedelta(days=rng.choice((-5, -2, 0, 0, 1, 3)))) if done else None
            r.update(
                application_no=f"3301B{m}{n:08d}",
                accepted_at=when,
                accepted_on=when.date(),
                accepted_by=clerk,
                promised_date=due,
                due_date=due,
                due_soon_from=due - dt.timedelta(days=3),
                overdue_from=due + dt.timedelta(days=1),
                status="archived" if closed else "in_progress",
                closed_on=closed,
                closed_at=utc_of(closed) if closed else None,
                version=1,
            )
            timed.append(("application", clerk, r["id"], when))

        def utc_of(day: dt.date) -> dt.datetime:
            return dt.datetime.combine(day, dt.time(2))

        _copies(db, Application, apps, application)

        def order(r: dict[str, Any], n: int, m: int = month) -> None:
            when = at(m)
            due = when.date() + dt.timedelta(days=rng.choice((1, 5, 10)))
            replied = when + dt.timedelta(days=rng.randrange(0, 12)) if rng.random() < 0.8 else None
            r.update(
                order_no=f"3301X{m}{n:08d}",
                order_type="complaint" if rng.random() < 0.15 else "enquiry",
                accepted_at=when,
                accepted_by=rng.choice(CLERKS),
                answer_due_on=due,
                replied_at=replied if replied is None or replied < now else None,
                customer_id=rng.choice(cids),
                version=1,
            )

        _copies(db, WorkOrder, orders, order)
        if month == 0:
            in_period = len(kinds) + apps + orders
    visits = [t for t in timed if rng.random() < 0.9]
    _copies(db, ServiceVisit, len(visits), lambda r, n: _visit(r, visits[n], rng))
    rated = [t for t in timed if rng.random() < 0.7]
    _copies(db, ServiceRating, len(rated), lambda r, n: _rating(r, rated[n], n, rng))
    if db.dialect == "postgresql":
        # what autovacuum has long done on a server with a month of data: statistics, and the
        # visibility map that lets the customer count be read from its index alone
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in (
                "payment",
                "application",
                "work_order",
                "service_visit",
                "service_rating",
                "customer",
            ):
                conn.execute(text(f"VACUUM ANALYZE {table}"))
    _ = node
    return in_period, time.perf_counter() - t0


def _visit(r: dict[str, Any], t: tuple[str, str, uuid.UUID, dt.datetime], rng: random.Random) -> None:
    kind, clerk, tid, when = t
    seconds = int(rng.lognormvariate(5.4, 0.5))  # a median around 3½ minutes
    r.update(
        kind=kind,
        clerk=clerk,
        transaction_id=tid,
        started_at=when - dt.timedelta(seconds=seconds),
        ended_at=when,
        seconds=seconds,
    )


def _rating(
    r: dict[str, Any], t: tuple[str, str, uuid.UUID, dt.datetime], n: int, rng: random.Random
) -> None:
    kind, clerk, tid, when = t
    skipped = rng.random() < 0.05
    r.update(
        kind=kind,
        clerk=clerk,
        transaction_id=tid,
        transaction_no=f"R{n:09d}",
        score=None if skipped else rng.choices((5, 4, 3, 2, 1), (60, 28, 8, 3, 1))[0],
        via="skipped" if skipped else "pad",
        skip_reason="客户已离开" if skipped else "",
        rated_at=when + dt.timedelta(seconds=20),
    )


def _per_query(db: Database, actor: Actor, first: dt.date, last: dt.date) -> str:
    """One more round with each statement timed (execute and fetch: the cursor's rows are read
    before the next statement starts)."""
    from sqlalchemy import event

    from app.services.dashboard import dashboard

    spent: list[tuple[str, float]] = []

    def before(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        conn.info["dash_t0"] = time.perf_counter()
        words = statement.split()
        table = words[words.index("FROM") + 1] if "FROM" in words else "?"
        spent.append((table, 0.0))

    def after(conn: Any, *_: Any) -> None:
        table, _ms = spent[-1]
        spent[-1] = (table, (time.perf_counter() - conn.info["dash_t0"]) * 1000)

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    try:
        t0 = time.perf_counter()
        dashboard(db, actor, first, last)
        total = (time.perf_counter() - t0) * 1000
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)
    return ", ".join(f"{t} {ms:.1f}" for t, ms in spent) + f"; whole call {total:.1f}"


def figure(
    db: Database, actor: Actor, total: int, rounds: int, note: Callable[[str], None]
) -> tuple[str, str, str, bool]:
    from app.services.dashboard import dashboard

    first, last = dt.date.today() - dt.timedelta(days=29), dt.date.today()
    for _ in range(2):  # warm-up
        d = dashboard(db, actor, first, last)
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        d = dashboard(db, actor, first, last)
        times.append((time.perf_counter() - t0) * 1000)
    p95 = _p95(times)
    note(f"# dashboard.month.{db.dialect} per query (ms, one round): " + _per_query(db, actor, first, last))
    measured = (
        f"p95 {p95:.1f} ms, median {statistics.median(times):.1f} ms over {rounds} rounds "
        f"({d.totals.transactions:,} transactions, {d.totals.timed:,} timed, {len(d.clerks)} clerks "
        f"in the month; {total:,} built; fastest round {min(times):.1f} ms, load average "
        f"{os.getloadavg()[0]:.1f})"
    )
    return f"dashboard.month.{db.dialect}", measured, f"p95 ≤ {BUDGET_MS:.0f} ms", p95 <= BUDGET_MS


def figures(
    db: Database,
    settings: Settings,
    actor: Actor,
    supervisor: Actor,
    quick: bool,
    note: Callable[[str], None],
) -> list[tuple[str, str, str, bool]]:
    scale, customers, rounds = sizes(quick)
    in_period, seconds = populate(db, actor, scale, customers, random.Random(20261206))
    note(
        f"# dashboard.{db.dialect}: three months built in {seconds:.1f}s "
        f"({in_period:,} transactions in the last 30 days, {customers:,} customers)"
    )
    return [figure(db, supervisor, in_period, rounds, note)]


def run(report: Any, mode: Any, cluster: object | None) -> None:
    """The group for ``python -m tests.benchmarks``: throwaway databases on SQLite and (with a
    cluster) PostgreSQL, as the work-order group builds them."""
    from app.services import auth
    from app.services.setup import SetupInput, initialize, open_database
    from tests.benchmarks import cache

    targets: list[tuple[str, Callable[[], None]]] = []
    path = mode.dir / ("dashboard-tiny.db" if tiny() else "dashboard.db")
    if report.wanted("dashboard.month.sqlite"):
        mode.dir.mkdir(parents=True, exist_ok=True)
        cache._remove_sqlite(path)
        targets.append((f"sqlite:///{path}", lambda: cache._remove_sqlite(path)))
    if cluster is not None and report.wanted("dashboard.month.postgresql"):
        cluster.drop_database("gridcounter_bench_dash")  # type: ignore[attr-defined]
        url = cluster.create_database("gridcounter_bench_dash")  # type: ignore[attr-defined]
        targets.append((url, lambda: cluster.drop_database("gridcounter_bench_dash")))  # type: ignore[attr-defined]
    for url, cleanup in targets:
        settings = Settings(db_url=url)
        db = open_database(settings)
        try:
            initialize(
                db, SetupInput(*cache.NODE, "admin", "系统管理员", cache.ADMIN_PASSWORD, cache.ADMIN_PASSWORD)
            )
            admin = auth.login(db, "admin", cache.ADMIN_PASSWORD)
            auth.create_user(db, admin, auth.UserInput("bench", "基准营业员", "9001", "clerk", "Bench2026"))
            auth.create_user(
                db, admin, auth.UserInput("boss", "基准值班长", "9002", "supervisor", "Bench2026")
            )
            clerk = auth.login(db, "bench", "Bench2026")
            boss = auth.login(db, "boss", "Bench2026")
            for f in figures(db, settings, clerk, boss, mode.name == "quick", report.note):
                report.figure(*f)
        finally:
            db.dispose()
            cleanup()
