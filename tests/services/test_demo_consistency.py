"""Demo data that a clerk can believe (issue 6 #26), checked from the tables.

* every counter payment lies inside its cashier session's hours (opened ≤ posted ≤ closed);
* nothing is dated after the seeding time: payments, receipts' prints, session closes and
  approvals, bills, readings;
* a customer's 建档时间 (created_at) lies before its first reading month and its first bill,
  whether the history came with the customers (``seed_demo(months=…)``) or was added to
  customers loaded earlier (``seed_bills``);
* ``main.py seed-demo`` prints its progress on lines of their own when its output is not a
  terminal (no carriage returns in a log).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.demo import history_start, seed_demo
from app.demo.bills import seed_bills
from app.domain.periods import utc_at
from db.engine import Database
from db.models import Bill, CashierSession, Customer, MeterReading, Payment, PrintRecord

ROOT = Path(__file__).resolve().parents[2]
MONTHS = 4


def _check_tables(db: Database, seeded_at: dt.datetime) -> None:
    with db.read() as s:
        # Payments inside their sessions' hours.
        outside = s.execute(
            select(Payment.receipt_no, Payment.posted_at, CashierSession.opened_at, CashierSession.closed_at)
            .join(CashierSession, CashierSession.id == Payment.session_id)
            .where((Payment.posted_at < CashierSession.opened_at) | (Payment.posted_at > CashierSession.closed_at))
        ).all()
        assert outside == []
        assert s.scalar(select(func.count()).select_from(Payment).where(Payment.kind == "payment",
                                                                          Payment.session_id.is_(None))) == 0
        # Nothing after the seeding time.
        for column in (Payment.posted_at, PrintRecord.printed_at, CashierSession.opened_at,
                       CashierSession.closed_at, CashierSession.approved_at, Bill.issued_at,
                       MeterReading.created_at):
            latest = s.scalar(select(func.max(column)))
            assert latest is not None and latest <= seeded_at, (column, latest, seeded_at)
        # 建档时间 before the first reading month and the first bill.
        first_bill = (select(Bill.customer_id, func.min(Bill.issued_at).label("issued"))
                      .group_by(Bill.customer_id).subquery())
        late = s.execute(select(Customer.account_no, Customer.created_at, first_bill.c.issued)
                         .join(first_bill, first_bill.c.customer_id == Customer.id)
                         .where(Customer.created_at >= first_bill.c.issued)).all()
        assert late == []
        first_reading = (select(MeterReading.customer_id, func.min(MeterReading.period).label("period"))
                         .group_by(MeterReading.customer_id).subquery())
        rows = s.execute(select(Customer.created_at, Customer.updated_at, first_reading.c.period)
                         .join(first_reading, first_reading.c.customer_id == Customer.id)).all()
        assert rows
        for created, updated, period in rows:
            assert created < utc_at(dt.date(int(period[:4]), int(period[5:7]), 1), 8)
            assert updated >= created


def test_history_added_to_loaded_customers_is_consistent(db, settings) -> None:  # type: ignore[no-untyped-def]
    """Seeded at 10:00 today: today's payments after 10:00 must not exist (they did: a payment
    dated later in the day than the seeding, outside its session, which closed at the seeding)."""
    seed_demo(db, settings, customers=150, seed=11, applications=False)
    seeded_at = utc_at(dt.date.today(), 10)
    seed_bills(db, settings, months=MONTHS, seed=5, now=seeded_at)
    _check_tables(db, seeded_at)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Payment)) > 100
        # payments go up to yesterday, not beyond
        last = s.scalar(select(func.max(Payment.posted_at)).where(Payment.kind == "payment"))
    assert last is not None and last < utc_at(dt.date.today(), 0)


def test_customers_loaded_with_their_history_are_registered_before_it(db, settings) -> None:  # type: ignore[no-untyped-def]
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    seed_demo(db, settings, customers=60, seed=3, months=3, applications=False)
    _check_tables(db, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    start = history_start(3)
    with db.read() as s:
        created = list(s.scalars(select(Customer.created_at)))
    assert len(created) == 60 and all(c < start for c in created) and max(created) < before
    assert len(set(created)) > 50  # spread out, not one moment


def test_history_start_is_the_first_month_of_the_history() -> None:
    assert history_start(24, dt.date(2026, 12, 6)) == utc_at(dt.date(2024, 12, 1), 8)
    assert history_start(1, dt.date(2026, 1, 31)) == utc_at(dt.date(2025, 12, 1), 8)
    assert history_start(12, dt.date(2026, 1, 1)) == utc_at(dt.date(2025, 1, 1), 8)


def test_seed_demo_progress_is_one_line_per_step_when_not_a_terminal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    env = {k: v for k, v in os.environ.items() if k not in ("GRIDCOUNTER_DB_URL", "GRIDCOUNTER_ADMIN_PASSWORD")}
    env["PYTHONIOENCODING"] = "utf-8"

    def cli(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db-url", url, *args], capture_output=True,
                              cwd=ROOT, env=env, timeout=300)

    init = cli("init-db", "--node-code", "3301", "--node-name", "城东营业厅", "--company", "国网杭州供电公司",
               "--admin-password", "Admin#12345678")
    assert init.returncode == 0, init.stderr.decode()
    # three months keep it quick: the progress format is the same for 24 (the default)
    run = cli("seed-demo", "--customers", "200", "--months", "3")
    assert run.returncode == 0, run.stderr.decode()
    out = run.stdout.decode("utf-8")
    assert "\r" not in out
    lines = out.splitlines()
    assert lines[0] == "演示客户 200/200"
    assert lines[1:4] == [f"演示账单（月份） {n}/3" for n in range(1, 4)]
    assert lines[4].startswith("已导入演示客户 200 户")
    db = Database(url)
    try:
        _check_tables(db, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    finally:
        db.dispose()


@pytest.mark.parametrize("tty", [True, False])
def test_progress_printer(capsys, tty: bool) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    import main

    progress = main._SeedProgress(tty)
    for done in (100, 200):
        progress(done, 200)
    for done in (1, 2):
        progress(done, 2)
    progress.end()
    out = capsys.readouterr().out
    if tty:
        assert out == "\r演示客户 100/200\r演示客户 200/200\n\r演示账单（月份） 1/2\r演示账单（月份） 2/2\n"
    else:
        assert out == "演示客户 100/200\n演示客户 200/200\n演示账单（月份） 1/2\n演示账单（月份） 2/2\n"
