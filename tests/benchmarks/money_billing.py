"""Benchmarks of the bill side of the money path (issue 3 budgets).

``figures(db, settings, actor, quick)`` returns ``(name, measured, budget, ok)`` rows:

* ``billview.<dialect>`` — p95 of :func:`app.services.bill_view.bill_view` for a customer with 24
  bills (explanation lines, payments and prepaid offsets on the account), on the database given.
  A benchmark customer (户名 基准测试户) is created once, with readings and bills in 2013–2014
  so that no real or demo period is touched; later runs reuse it.
* ``bills.compute_100k`` — wall time of :func:`app.services.bill_run.compute_bills` for one month
  of 100,000 customers on a throwaway SQLite database (seeded with the demo customer loader,
  with the previous month billed, so year-to-date and prepaid lookups have history to read).
  ``quick`` uses 5,000 customers and scales linearly; the measured text says so.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from app.config import Settings
from app.domain import periods
from app.dto.common import Actor
from app.services import bill_run, bill_view, readings
from app.services import customers as cs
from app.services.setup import SetupInput, initialize, open_database
from app.write_path.numbers import next_number
from db.bulk import fast_insert, new_ids
from db.engine import Database
from db.models import CashierSession, Customer, MeterReading, Payment, utcnow

BENCH_NAME = "基准测试户"
VIEW_BUDGET_MS = 50.0
COMPUTE_BUDGET_S = 60.0
COMPUTE_CUSTOMERS = 100_000
QUICK_CUSTOMERS = 5_000


def _bench_form() -> cs.CustomerInput:
    from app.domain.ids import make_resident_id

    return cs.CustomerInput(
        party_type="individual", kind="residential", name=BENCH_NAME, id_type="ric",
        id_number=make_resident_id("330106", dt.date(1990, 1, 1), "999"), area="urban", voltage_level="220V",
        capacity_kva="8", phone="13999999999", supply_address="浙江省杭州市西湖区文三路999号",
        notes="性能基准测试用户（账单查询）",
    )


def _periods() -> list[str]:
    return [f"{2013 + i // 12:04d}-{i % 12 + 1:02d}" for i in range(24)]


def _bench_customer(db: Database, settings: Settings, actor: Actor) -> Customer:
    """The benchmark customer with 24 months of bills, created on first use."""
    with db.read() as s:
        found = s.scalar(select(Customer).where(Customer.name == BENCH_NAME, Customer.notes.like("性能基准%")))
        if found is not None and s.scalar(select(MeterReading.id).where(MeterReading.customer_id == found.id,
                                                                          MeterReading.period == "2014-12")):
            return found
    if found is None:
        view = cs.register_customer(db, actor, cs.RegisterCustomer(_bench_form(), confirm_duplicate=True))
        with db.read() as s:
            found = s.get(Customer, view.id)
    assert found is not None
    # A prepayment that covers about 22 of the 24 bills: the bills are settled by offsets at
    # issuance (allocations on the account), and the last ones stay open with late fees.
    with db.write() as s:
        sid = new_ids(1)[0]
        s.add(CashierSession(id=sid, session_no=next_number(s, actor.node_id, "session"), node_id=actor.node_id,
                             user_id=actor.user_id, username=actor.username, opened_at=utcnow(), float_fen=0,
                             status="approved", closed_at=utcnow(), note="性能基准测试", version=1))
        s.flush()
        fast_insert(s, Payment, [{
            "id": new_ids(1)[0], "receipt_no": next_number(s, actor.node_id, "receipt"), "node_id": actor.node_id,
            "customer_id": found.id, "session_id": sid, "kind": "payment", "reverses_id": None,
            "amount_fen": 290_000, "tendered_fen": 290_000, "change_fen": 0, "applied_fen": 0, "late_fee_fen": 0,
            "prepaid_fen": 290_000, "balance_before_fen": 0, "balance_after_fen": -290_000,
            "posted_at": periods.utc_at(dt.date(2013, 1, 2)), "posted_by": actor.username, "reason_code": "",
            "reason": "性能基准测试预存", "approved_by": None, "request_hash": None}])
    reading = 0
    for i, period in enumerate(_periods()):
        kwh = 150 + (i * 37) % 200
        content = f"户号,抄表日期,上次示数,本次示数\n{found.account_no},{period}-25,{reading},{reading + kwh}\n"
        report = readings.import_readings_csv(db, actor, content.encode(), period, settings=settings)
        assert report.ok, report.errors
        year, month = int(period[:4]), int(period[5:])
        issue = dt.date(year + month // 12, month % 12 + 1, 3)
        bill_run.compute_bills(db, actor, period, issue, customer_ids=[found.id])
        reading += kwh
    return found


def _bill_view_p95(db: Database, settings: Settings, actor: Actor, runs: int) -> tuple[float, int]:
    customer = _bench_customer(db, settings, actor)
    on = dt.date(2015, 3, 1)
    view = bill_view.bill_view(db, actor, customer.id, on)  # warm up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        bill_view.bill_view(db, actor, customer.id, on)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.quantiles(times, n=20)[-1], len(view.bills)


def _compute_seconds(customers: int) -> float:
    """Seconds for compute_bills of one month for ``customers`` on a throwaway SQLite database."""
    from app.demo import admin_actor, seed_demo

    with tempfile.TemporaryDirectory(prefix="gridcounter-bench-bills-") as tmp:
        settings = Settings(db_url=f"sqlite:///{Path(tmp) / 'bench.db'}")
        db = open_database(settings)
        try:
            initialize(db, SetupInput("3301", "城东营业厅", "国网杭州供电公司", "admin", "系统管理员",
                                      "Bench2026", "Bench2026"))
            seed_demo(db, settings, customers=customers, seed=11)
            actor = admin_actor(db, settings)
            with db.write() as s:
                rows = s.execute(select(Customer.id, Customer.tariff_code)
                                 .where(Customer.status != "closed")).all()
                register = [1000] * len(rows)
                for month, (period, day) in enumerate((("2025-05", dt.date(2025, 5, 25)),
                                                       ("2025-06", dt.date(2025, 6, 25)))):
                    batch = []
                    for i, (rid, (cid, code)) in enumerate(zip(new_ids(len(rows)), rows, strict=True)):
                        kwh = 80 + (i * 7919 + month * 104729) % 320  # 80–400 kWh, spread like real usage
                        tou = None
                        if code.endswith("TOU"):
                            tou = f'{{"peak":{kwh // 2},"flat":{kwh // 4},"valley":{kwh - kwh // 2 - kwh // 4}}}'
                        batch.append({
                            "id": rid, "customer_id": cid, "period": period, "reading_date": day,
                            "previous": register[i], "current": register[i] + kwh, "multiplier": 1, "kwh": kwh,
                            "tou_kwh": tou, "source": "demo", "batch_id": None, "created_by": "bench",
                            "created_at": utcnow()})
                        register[i] += kwh
                    fast_insert(s, MeterReading, batch)
            bill_run.compute_bills(db, actor, "2025-05", dt.date(2025, 6, 3))  # history
            t0 = time.perf_counter()
            report = bill_run.compute_bills(db, actor, "2025-06", dt.date(2025, 7, 3))
            elapsed = time.perf_counter() - t0
            assert report.bills == len(rows), report
            return elapsed
        finally:
            db.dispose()


def billview_figure(db: Database, settings: Settings, actor: Actor, quick: bool) -> tuple[str, str, str, bool]:
    """``billview.<dialect>``; ``actor`` may register customers and import / compute bills."""
    p95, bills = _bill_view_p95(db, settings, actor, 40 if quick else 200)
    return (f"billview.{db.dialect}", f"p95 {p95:.1f} ms（{bills} 张账单含明细）", f"≤ {VIEW_BUDGET_MS:.0f} ms",
            p95 <= VIEW_BUDGET_MS)


def compute_figure(quick: bool) -> tuple[str, str, str, bool]:
    """``bills.compute_100k`` on its own throwaway SQLite database."""
    n = QUICK_CUSTOMERS if quick else COMPUTE_CUSTOMERS
    seconds = _compute_seconds(n)
    scaled = seconds * COMPUTE_CUSTOMERS / n
    measured = (f"{scaled:.1f} s（按 {n:,} 户实测 {seconds:.2f} s 线性折算）" if quick
                else f"{seconds:.1f} s（{n:,} 户）")
    return ("bills.compute_100k", measured, f"≤ {COMPUTE_BUDGET_S:.0f} s", scaled <= COMPUTE_BUDGET_S)


def figures(db: Database, settings: Settings, actor: Actor, quick: bool) -> list[tuple[str, str, str, bool]]:
    return [billview_figure(db, settings, actor, quick), compute_figure(quick)]


if __name__ == "__main__":  # python -m tests.benchmarks.money_billing [--full] [DB_URL]
    import sys

    from app.demo import admin_actor

    full = "--full" in sys.argv
    urls = [a for a in sys.argv[1:] if not a.startswith("--")]
    with tempfile.TemporaryDirectory(prefix="gridcounter-bench-") as tmp:
        url = urls[0] if urls else f"sqlite:///{Path(tmp) / 'view.db'}"
        bench_settings = Settings(db_url=url)
        bench_db = open_database(bench_settings)
        if not urls:
            initialize(bench_db, SetupInput("3301", "城东营业厅", "国网杭州供电公司", "admin", "系统管理员",
                                            "Bench2026", "Bench2026"))
        for row in figures(bench_db, bench_settings, admin_actor(bench_db, bench_settings), quick=not full):
            print(" | ".join(str(x) for x in row))
        bench_db.dispose()
