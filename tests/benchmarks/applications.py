"""Benchmarks of service applications (业务受理), docs/rules.md#budgets and issue 9:

* ``applications.worklist.<dialect>`` — the worklist over 100,000 applications (``--quick``:
  20,000), any filter, first page: p95 ≤ 50 ms. Every filter of the screen alone (type, stage,
  status, clerk, date range, each deadline colour, channel, customer manager, open only) and
  the combinations a supervisor uses (type + open, type + overdue, clerk + stage, clerk + date
  range, stage + due soon), plus the slow shapes: a rare channel, a rare customer manager, a
  clerk and a manager with no applications and a combination nothing matches (the first page then has to look
  at every candidate row). The figure is the worst filter's p95; a ``#`` line gives every
  filter's.
* ``applications.accept_and_receipt.<dialect>`` — accept an application and have the
  业务受理回执 PDF ready: p95 ≤ 100 ms. One round is what the counter does on 受理:
  ``accept_application`` and ``application_prints.render_document`` (the stored application
  read back and rendered as the screen's preview renders it).

The applications live in a throwaway database built in the run (not cached: the build takes
seconds). A handful are accepted through the real service, so every column holds what the
service writes; the rest are copies of those rows bulk-inserted (:func:`db.bulk.fast_insert`,
10,000 rows a batch) with their type, stage, status, clerk, channel, customer manager (3 % of
them: the large customers'), acceptance time (two years back) and deadline dates spread the
way a hall's history would be. The accept rounds run after the worklist figure, on
the same database (so they insert into a 100,000-row table with all its indexes).

``BENCH_APPLICATIONS_TINY=1`` (the suite's smoke test): 2,000 rows and a few rounds.
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

WORKLIST_BUDGET_MS = 50.0
ACCEPT_BUDGET_MS = 100.0
CLERKS = tuple(f"clerk{i:02d}" for i in range(1, 13))
MANAGERS = ("周经理", "吴经理", "郑经理", "冯经理")
#: Where applications come in: mostly the counter (the 客户经理上门 ones are the rare channel).
CHANNELS = (("counter", 85), ("app", 9), ("hotline", 5), ("manager_visit", 1))


def tiny() -> bool:
    return os.environ.get("BENCH_APPLICATIONS_TINY") == "1"


def sizes(quick: bool) -> tuple[int, int, int]:
    """(applications, worklist rounds per filter, accept rounds)."""
    if tiny():
        return 2_000, 5, 5
    return (20_000, 20, 40) if quick else (100_000, 60, 200)


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _templates(db: Database, actor: Actor) -> None:
    """A few applications accepted through the service: the row shapes the copies take."""
    from app.services import applications as svc
    from app.services.customers import CustomerInput, RegisterCustomer, register_customer
    from tests.conftest import valid_resident_id

    cat = svc.shipped_catalogue()
    form = CustomerInput(
        party_type="individual",
        kind="residential",
        name="基准测试",
        id_type="ric",
        id_number=valid_resident_id(3141592),
        area="urban",
        voltage_level="220V",
        capacity_kva="8",
        phone="13712345678",
        supply_address="浙江省杭州市西湖区文三路123号",
    )
    cid = register_customer(db, actor, RegisterCustomer(form, confirm_duplicate=True)).id
    svc.accept_application(
        db,
        actor,
        svc.AcceptApplication(
            "meter_test", cid, {"description": "表计走字偏快"}, cat.get("meter_test").documents
        ),
    )
    svc.accept_application(
        db,
        actor,
        svc.AcceptApplication("rename", cid, {"new_name": "基准测试改"}, cat.get("rename").documents),
    )
    for i in range(3):
        svc.accept_application(db, actor, _new_connection(cat, i))


def _new_connection(cat: Any, i: int) -> Any:
    from app.services import applications as svc

    return svc.AcceptApplication(
        "res_new",
        None,
        {"capacity_kva": "8", "voltage_level": "220V", "address": f"杭州市西湖区文一路{i + 1}号"},
        cat.get("res_new").documents,
        applicant_name="陈新",
    )


def populate(db: Database, actor: Actor, total: int, rng: random.Random) -> float:
    """``total`` applications (the service's few plus bulk copies); returns the seconds it took."""
    from sqlalchemy import func, select

    from app.services import applications as svc
    from db.bulk import fast_insert, new_ids
    from db.models import Application

    t0 = time.perf_counter()
    _templates(db, actor)
    cat = svc.shipped_catalogue()
    table: Any = Application.__table__
    with db.read() as s:
        templates = [dict(r) for r in s.execute(select(table)).mappings()]
        have = s.scalar(select(func.count()).select_from(Application)) or 0
    codes = list(cat.codes)
    limits = {c: min(cat.get(c).limits.values()) for c in codes}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    left = total - have
    batch = 10_000
    n = 0
    while left > 0:
        count = min(batch, left)
        ids = new_ids(count)
        rows = []
        for k in range(count):
            t = dict(rng.choice(templates))
            code = rng.choice(codes)
            stages = [str(x) for x in cat.get(code).stages]
            at = now - dt.timedelta(seconds=rng.randrange(0, 730 * 86400))
            on = at.date()
            limit = limits[code]
            due = on + dt.timedelta(days=limit * 7 // 5)
            status = rng.choices(("in_progress", "archived", "suspended", "cancelled"), (60, 30, 5, 5))[0]
            stage = stages[-1] if status == "archived" else rng.choice(stages[:-1] or stages)
            closed = status in ("archived", "cancelled")
            closed_at = at + dt.timedelta(days=rng.randrange(1, max(2, limit * 2))) if closed else None
            if closed_at is not None and closed_at > now:
                closed_at = now
            large = rng.random() < 0.03
            t.update(
                id=ids[k],
                channel=rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
                customer_manager=rng.choice(MANAGERS) if large else "",
                application_no=f"3301B{n:08d}",
                type_code=code,
                status=status,
                stage=stage,
                accepted_at=at,
                accepted_on=on,
                accepted_by=rng.choice(CLERKS),
                limit_days=limit,
                promised_date=due,
                due_date=None if status == "suspended" else due,
                due_soon_from=None if status == "suspended" else due - dt.timedelta(days=3),
                overdue_from=None if status == "suspended" else due + dt.timedelta(days=1),
                closed_at=closed_at,
                closed_on=closed_at.date() if closed_at else None,
                closed_by=rng.choice(CLERKS) if closed else "",
                close_reason="客户撤回申请" if status == "cancelled" else "",
                updated_at=closed_at or at,
                version=1,
            )
            if t["customer_id"] is None and status == "archived":
                t["status"] = "in_progress"  # a 新装 gets its customer at completion
            rows.append(t)
            n += 1
        with db.write() as s:
            fast_insert(s, Application, rows)
        left -= count
    if db.dialect == "postgresql":
        with db.write() as s:
            from sqlalchemy import text

            s.execute(text("ANALYZE application"))
    return time.perf_counter() - t0


def _filters(rng: random.Random, rounds: int) -> dict[str, list[Any]]:
    from app.domain.codes import DeadlineStatus
    from app.dto.applications import ApplicationFilter
    from app.services import applications as svc

    cat = svc.shipped_catalogue()
    codes = list(cat.codes)
    today = dt.date.today()

    def dates() -> ApplicationFilter:
        start = today - dt.timedelta(days=rng.randrange(7, 700))
        return ApplicationFilter(
            accepted_from=start, accepted_to=start + dt.timedelta(days=rng.choice((1, 7, 30)))
        )

    make: dict[str, Callable[[], ApplicationFilter]] = {
        "none": ApplicationFilter,
        "type": lambda: ApplicationFilter(type_code=rng.choice(codes)),
        "stage": lambda: ApplicationFilter(stage=str(rng.choice(cat.get(rng.choice(codes)).stages))),
        "clerk": lambda: ApplicationFilter(clerk=rng.choice(CLERKS)),
        "date_range": dates,
        "overdue": lambda: ApplicationFilter(deadline=DeadlineStatus.OVERDUE),
        "due_soon": lambda: ApplicationFilter(deadline=DeadlineStatus.DUE_SOON),
        "on_time": lambda: ApplicationFilter(deadline=DeadlineStatus.ON_TIME),
        "status": lambda: ApplicationFilter(
            status=rng.choice(("in_progress", "archived", "suspended", "cancelled"))
        ),
        "channel": lambda: ApplicationFilter(channel=rng.choice(("app", "hotline"))),
        "channel_rare": lambda: ApplicationFilter(channel="manager_visit"),
        "manager": lambda: ApplicationFilter(customer_manager=rng.choice(MANAGERS)),
        "open_only": lambda: ApplicationFilter(open_only=True),
        "type+open": lambda: ApplicationFilter(type_code=rng.choice(codes), open_only=True),
        "type+overdue": lambda: ApplicationFilter(
            type_code=rng.choice(codes), deadline=DeadlineStatus.OVERDUE
        ),
        "clerk+stage": lambda: ApplicationFilter(
            clerk=rng.choice(CLERKS), stage=str(rng.choice(cat.get(rng.choice(codes)).stages))
        ),
        "clerk+date_range": lambda: dataclasses.replace(dates(), clerk=rng.choice(CLERKS)),
        "stage+due_soon": lambda: ApplicationFilter(
            stage=str(rng.choice(cat.get(rng.choice(codes)).stages)), deadline=DeadlineStatus.DUE_SOON
        ),
        "no_match_clerk": lambda: ApplicationFilter(clerk="nobody"),
        # a manager with no applications yet (newly assigned): every row is looked at
        "no_match_manager": lambda: ApplicationFilter(customer_manager="卫经理"),
        # a stage the type does not have: nothing matches, every row of the type is a candidate
        "no_match_combo": lambda: ApplicationFilter(type_code="rename", stage="design_review"),
    }
    return {k: [f() for _ in range(rounds)] for k, f in make.items()}


def worklist_figure(
    db: Database, actor: Actor, total: int, rounds: int, note: Callable[[str], None]
) -> tuple[str, str, str, bool]:
    from app.dto.applications import PageRequest
    from app.services.application_reads import list_applications

    rng = random.Random(2026)
    per: dict[str, float] = {}
    medians: dict[str, float] = {}
    page = PageRequest(0, 50)
    for kind, filters in _filters(rng, rounds + 2).items():
        for f in filters[:2]:  # warm-up: plan cache, catalogue
            list_applications(db, actor, f, page)
        times = []
        for f in filters[2:]:
            t0 = time.perf_counter()
            list_applications(db, actor, f, page)
            times.append((time.perf_counter() - t0) * 1000)
        per[kind], medians[kind] = _p95(times), statistics.median(times)
    worst = max(per, key=per.__getitem__)
    note(
        f"# applications.worklist.{db.dialect} p95 per filter (ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in per.items())
        + "; medians: "
        + ", ".join(f"{k} {v:.1f}" for k, v in medians.items())
    )
    p95 = per[worst]
    measured = f"p95 {p95:.1f} ms (worst: {worst}) over {total:,} applications, {rounds} rounds/filter"
    return (
        f"applications.worklist.{db.dialect}",
        measured,
        f"p95 ≤ {WORKLIST_BUDGET_MS:.0f} ms",
        p95 <= WORKLIST_BUDGET_MS,
    )


def accept_figure(db: Database, actor: Actor, rounds: int) -> tuple[str, str, str, bool]:
    from app.domain.codes import DocType
    from app.services import application_prints, applications

    cat = applications.catalogue_in_force(db)

    def one(i: int) -> tuple[float, float]:
        t0 = time.perf_counter()
        accepted = applications.accept_application(db, actor, _new_connection(cat, i))
        t1 = time.perf_counter()
        pdf = application_prints.render_document(db, actor, accepted.id, DocType.APPLICATION_RECEIPT).pdf
        assert pdf.startswith(b"%PDF")
        return (t1 - t0) * 1000, (time.perf_counter() - t0) * 1000

    one(0)  # warm-up: first ReportLab use, fonts, QR code
    accept_ms, total_ms = [], []
    for i in range(rounds):
        a, t = one(i + 1)
        accept_ms.append(a)
        total_ms.append(t)
    p95 = _p95(total_ms)
    measured = (
        f"p95 {p95:.1f} ms, median {statistics.median(total_ms):.1f} ms over {rounds} rounds "
        f"(accept + render from the stored application; accept alone p95 {_p95(accept_ms):.1f} ms)"
    )
    return (
        f"applications.accept_and_receipt.{db.dialect}",
        measured,
        f"p95 ≤ {ACCEPT_BUDGET_MS:.0f} ms",
        p95 <= ACCEPT_BUDGET_MS,
    )


def figures(
    db: Database,
    settings: Settings,
    actor: Actor,
    quick: bool,
    wanted: Callable[[str], bool],
    note: Callable[[str], None],
) -> list[tuple[str, str, str, bool]]:
    """The wanted ``applications.*.<dialect>`` figures on ``db`` (initialised, empty of applications);
    ``actor`` may accept applications."""
    total, wl_rounds, acc_rounds = sizes(quick)
    out = []
    if wanted(f"applications.worklist.{db.dialect}"):
        seconds = populate(db, actor, total, random.Random(20261206))
        note(
            f"# applications.{db.dialect}: {total:,} applications built in {seconds:.1f}s "
            "(5 through accept_application, the rest bulk copies)"
        )
        out.append(worklist_figure(db, actor, total, wl_rounds, note))
    if wanted(f"applications.accept_and_receipt.{db.dialect}"):
        out.append(accept_figure(db, actor, acc_rounds))
    return out
