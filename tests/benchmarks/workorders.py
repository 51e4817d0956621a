"""Benchmark of the work-order list (诉求工单), docs/rules.md#budgets and issue 10:

* ``workorders.list.<dialect>`` — the list over 200,000 work orders (``--quick``: 40,000), any
  filter, first page: p95 ≤ 50 ms. Every filter alone (type, category leaf, category branch,
  stage, status, open only, clerk, assignee, department, customer, date range, each deadline
  colour) and the combinations a supervisor uses (type + open, branch + overdue, clerk + date
  range, assignee + open, stage + overdue), plus the slow shapes: a clerk with no orders and a
  combination nothing matches (the first page then has to look at every candidate row). The
  figure is the worst filter's p95; a ``#`` line gives every filter's.

The orders live in a throwaway database built in the run, as tests/benchmarks/applications.py
does: a handful recorded through the real service (so every column holds what the service
writes), the rest copies of those rows bulk-inserted (:func:`db.bulk.fast_insert`, 10,000 a
batch) with type, category, stage, clerk, assignee, channel, recording time (two years back)
and deadline instants spread the way a hall's history would be (most archived; the open ones
recent, some overdue, some due soon).

``BENCH_WORKORDERS_TINY=1`` (the suite's smoke test): 2,000 rows and a few rounds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from app.config import Settings
from app.dto.common import Actor
from db.engine import Database

LIST_BUDGET_MS = 50.0
CLERKS = tuple(f"clerk{i:02d}" for i in range(1, 13))
ASSIGNEES = tuple(f"抢修{i:02d}" for i in range(1, 21))
DEPARTMENTS = ("城东供电所", "城西供电所", "计量班", "营业班", "用电检查班", "抢修一班", "抢修二班")
#: (type, weight): repairs and enquiries are the bulk of a hall's orders
TYPES = (
    ("repair", 35),
    ("enquiry", 25),
    ("complaint", 15),
    ("suggestion", 10),
    ("report", 5),
    ("praise", 10),
)
NAMES = ("workorders.list.sqlite", "workorders.list.postgresql")


def tiny() -> bool:
    return os.environ.get("BENCH_WORKORDERS_TINY") == "1"


def sizes(quick: bool) -> tuple[int, int]:
    """(work orders, rounds per filter)."""
    if tiny():
        return 2_000, 5
    return (40_000, 20) if quick else (200_000, 60)


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _templates(db: Database, actor: Actor) -> None:
    """A few orders recorded through the service: the row shapes the copies take."""
    from app.services import workorders as svc
    from app.services.customers import CustomerInput, RegisterCustomer, register_customer
    from tests.conftest import valid_resident_id

    form = CustomerInput(
        party_type="individual",
        kind="residential",
        name="基准测试",
        id_type="ric",
        id_number=valid_resident_id(2718281),
        area="urban",
        voltage_level="220V",
        capacity_kva="8",
        phone="13712345678",
        supply_address="浙江省杭州市西湖区文三路123号",
    )
    cid = register_customer(db, actor, RegisterCustomer(form, confirm_duplicate=True)).id
    for cmd in (
        svc.RecordWorkOrder("complaint", "attitude.counter", "排队时间过长", customer_id=cid),
        svc.RecordWorkOrder("repair", "outage.fault", "整栋楼停电", customer_id=cid),
        svc.RecordWorkOrder(
            "report", "conduct.theft", "疑似窃电", anonymous=True, reporter_contact="13900001111"
        ),
        svc.RecordWorkOrder(
            "enquiry", "billing.tariff", "峰谷时段", reporter_name="李女士", reporter_contact="13900002222"
        ),
    ):
        svc.record_work_order(db, actor, cmd)


def populate(db: Database, actor: Actor, total: int, rng: random.Random) -> float:
    """``total`` work orders (the service's few plus bulk copies); returns the seconds it took."""
    from sqlalchemy import func, select, text

    from app.services import workorders as svc
    from db.bulk import fast_insert, new_ids
    from db.models import WorkOrder

    t0 = time.perf_counter()
    _templates(db, actor)
    tree = svc.category_tree(db, actor)
    leaves = [c.code for c in tree.by_code.values() if c.leaf]
    table: Any = WorkOrder.__table__
    with db.read() as s:
        templates = [dict(r) for r in s.execute(select(table)).mappings()]
        have = s.scalar(select(func.count()).select_from(WorkOrder)) or 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    running = ("accepted", "dispatched", "processing")
    left, n, batch = total - have, 0, 10_000
    while left > 0:
        count = min(batch, left)
        ids = new_ids(count)
        rows = []
        for k in range(count):
            t = dict(rng.choice(templates))
            kind = rng.choices([c for c, _ in TYPES], [w for _, w in TYPES])[0]
            # the open ones are recent: the last three weeks; the rest archived over two years
            open_ = rng.random() < 0.12
            age = rng.randrange(0, 21 * 86400) if open_ else rng.randrange(0, 730 * 86400)
            at = now - dt.timedelta(seconds=age)
            stage = (
                rng.choice(("accepted", "dispatched", "processing", "replied", "called_back"))
                if open_
                else "archived"
            )
            soon = overdue = None
            if stage in running:
                span = dt.timedelta(hours=rng.choice((1, 4, 24, 96, 216)))
                overdue, soon = at + span, at + span * 4 / 5
            assigned = stage != "accepted"
            t.update(
                id=ids[k],
                order_no=f"3301X{n:08d}",
                order_type=kind,
                category_code=rng.choice(leaves),
                channel=rng.choice(("counter", "hotline", "app", "phone", "letter")),
                stage=stage,
                status="open" if open_ else "archived",
                accepted_at=at,
                accepted_by=rng.choice(CLERKS),
                assigned_to=rng.choice(ASSIGNEES) if assigned else "",
                assigned_dept=rng.choice(DEPARTMENTS) if assigned else "",
                due_soon_at=soon,
                overdue_at=overdue,
                closed_at=None if open_ else at + dt.timedelta(days=3),
                closed_by="" if open_ else "super1",
                updated_at=at,
                version=1,
            )
            rows.append(t)
            n += 1
        with db.write() as s:
            fast_insert(s, WorkOrder, rows)
        left -= count
    if db.dialect == "postgresql":
        with db.write() as s:
            s.execute(text("ANALYZE work_order"))
    return time.perf_counter() - t0


def _filters(db: Database, rng: random.Random, rounds: int) -> dict[str, list[Any]]:
    from sqlalchemy import select

    from app.domain.codes import DeadlineStatus
    from app.domain.workorders import load_default_categories
    from app.dto.workorders import WorkOrderFilter
    from db.models import WorkOrder

    tree = load_default_categories()  # the shipped tree: the benchmark's hall never changes it
    leaves = [c.code for c in tree.by_code.values() if c.leaf]
    branches = [c for c in tree.roots if not tree.get(c).leaf]
    with db.read() as s:
        customer = s.scalar(select(WorkOrder.customer_id).where(WorkOrder.customer_id.is_not(None)).limit(1))
    today = dt.date.today()
    types = [c for c, _ in TYPES]

    def dates() -> WorkOrderFilter:
        start = today - dt.timedelta(days=rng.randrange(7, 700))
        return WorkOrderFilter(
            accepted_from=start, accepted_to=start + dt.timedelta(days=rng.choice((1, 7, 30)))
        )

    running = ("accepted", "dispatched", "processing")
    make: dict[str, Callable[[], WorkOrderFilter]] = {
        "none": WorkOrderFilter,
        "type": lambda: WorkOrderFilter(order_type=rng.choice(types)),
        "category_leaf": lambda: WorkOrderFilter(category_code=rng.choice(leaves)),
        "category_branch": lambda: WorkOrderFilter(category_code=rng.choice(branches)),
        "stage": lambda: WorkOrderFilter(stage=rng.choice(("accepted", "processing", "replied", "archived"))),
        "status": lambda: WorkOrderFilter(status=rng.choice(("open", "archived"))),
        "open_only": lambda: WorkOrderFilter(open_only=True),
        "clerk": lambda: WorkOrderFilter(clerk=rng.choice(CLERKS)),
        "assignee": lambda: WorkOrderFilter(assignee=rng.choice(ASSIGNEES)),
        "department": lambda: WorkOrderFilter(department=rng.choice(DEPARTMENTS)),
        "customer": lambda: WorkOrderFilter(customer_id=customer),
        "date_range": dates,
        "overdue": lambda: WorkOrderFilter(deadline=DeadlineStatus.OVERDUE),
        "due_soon": lambda: WorkOrderFilter(deadline=DeadlineStatus.DUE_SOON),
        "on_time": lambda: WorkOrderFilter(deadline=DeadlineStatus.ON_TIME),
        "type+open": lambda: WorkOrderFilter(order_type=rng.choice(types), open_only=True),
        "branch+overdue": lambda: WorkOrderFilter(
            category_code=rng.choice(branches), deadline=DeadlineStatus.OVERDUE
        ),
        "clerk+date_range": lambda: dataclasses.replace(dates(), clerk=rng.choice(CLERKS)),
        "assignee+open": lambda: WorkOrderFilter(assignee=rng.choice(ASSIGNEES), open_only=True),
        "stage+overdue": lambda: WorkOrderFilter(stage=rng.choice(running), deadline=DeadlineStatus.OVERDUE),
        "no_match_clerk": lambda: WorkOrderFilter(clerk="nobody"),
        # a stage without a running deadline: nothing is due soon there
        "no_match_combo": lambda: WorkOrderFilter(stage="called_back", deadline=DeadlineStatus.DUE_SOON),
    }
    return {k: [f() for _ in range(rounds)] for k, f in make.items()}


def list_figure(
    db: Database, actor: Actor, total: int, rounds: int, note: Callable[[str], None]
) -> tuple[str, str, str, bool]:
    from app.dto.applications import PageRequest
    from app.services.workorder_reads import list_work_orders

    rng = random.Random(2026)
    per: dict[str, float] = {}
    medians: dict[str, float] = {}
    page = PageRequest(0, 50)
    for kind, filters in _filters(db, rng, rounds + 2).items():
        for f in filters[:2]:  # warm-up: plan cache, category tree
            list_work_orders(db, actor, f, page)
        times = []
        for f in filters[2:]:
            t0 = time.perf_counter()
            list_work_orders(db, actor, f, page)
            times.append((time.perf_counter() - t0) * 1000)
        per[kind], medians[kind] = _p95(times), statistics.median(times)
    worst = max(per, key=per.__getitem__)
    note(
        f"# workorders.list.{db.dialect} p95 per filter (ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in per.items())
        + "; medians: "
        + ", ".join(f"{k} {v:.1f}" for k, v in medians.items())
    )
    p95 = per[worst]
    measured = f"p95 {p95:.1f} ms (worst: {worst}) over {total:,} work orders, {rounds} rounds/filter"
    return f"workorders.list.{db.dialect}", measured, f"p95 ≤ {LIST_BUDGET_MS:.0f} ms", p95 <= LIST_BUDGET_MS


def figures(
    db: Database, settings: Settings, actor: Actor, quick: bool, note: Callable[[str], None]
) -> list[tuple[str, str, str, bool]]:
    """The ``workorders.list.<dialect>`` figure on ``db`` (initialised, empty of work orders)."""
    total, rounds = sizes(quick)
    seconds = populate(db, actor, total, random.Random(20261206))
    note(
        f"# workorders.{db.dialect}: {total:,} work orders built in {seconds:.1f}s "
        "(4 through record_work_order, the rest bulk copies)"
    )
    return [list_figure(db, actor, total, rounds, note)]


def run(report: Any, mode: Any, cluster: object | None) -> None:
    """The group for ``python -m tests.benchmarks``: throwaway databases on SQLite and (with a
    cluster) PostgreSQL, as the applications group builds them."""
    from app.services import auth
    from app.services.setup import SetupInput, initialize, open_database
    from tests.benchmarks import cache

    targets: list[tuple[str, Callable[[], None]]] = []
    path = mode.dir / ("workorders-tiny.db" if tiny() else "workorders.db")
    if report.wanted("workorders.list.sqlite"):
        mode.dir.mkdir(parents=True, exist_ok=True)
        cache._remove_sqlite(path)
        targets.append((f"sqlite:///{path}", lambda: cache._remove_sqlite(path)))
    if cluster is not None and report.wanted("workorders.list.postgresql"):
        cluster.drop_database("gridcounter_bench_wo")  # type: ignore[attr-defined]
        url = cluster.create_database("gridcounter_bench_wo")  # type: ignore[attr-defined]
        targets.append((url, lambda: cluster.drop_database("gridcounter_bench_wo")))  # type: ignore[attr-defined]
    for url, cleanup in targets:
        settings = Settings(db_url=url)
        db = open_database(settings)
        try:
            initialize(
                db, SetupInput(*cache.NODE, "admin", "系统管理员", cache.ADMIN_PASSWORD, cache.ADMIN_PASSWORD)
            )
            admin = auth.login(db, "admin", cache.ADMIN_PASSWORD)
            auth.create_user(db, admin, auth.UserInput("bench", "基准受理员", "9001", "clerk", "Bench2026"))
            clerk = auth.login(db, "bench", "Bench2026")
            for figure in figures(db, settings, clerk, mode.name == "quick", report.note):
                report.figure(*figure)
        finally:
            db.dispose()
            cleanup()
