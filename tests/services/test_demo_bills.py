"""Demo readings, bills and payments (app.demo.bills): a small run on SQLite and PostgreSQL.

The load writes rows in bulk, outside the services' per-call path, so these tests check that
what it leaves behind is exactly what the services would have produced: consistent ledgers,
gap-free numbers, closed and approved sessions, referential integrity.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
from sqlalchemy import func, select, text

from app.demo import seed_demo
from app.demo.bills import seed_bills
from app.domain.hall_rules import HallRules
from app.services import bill_view, ledger
from db.models import (
    Bill,
    CashierSession,
    Customer,
    MeterReading,
    Operation,
    Payment,
    PaymentAllocation,
    PaymentTender,
    PrintRecord,
)

UNTIL = "2025-06"
MONTHS = 8


@pytest.fixture
def seeded(db, settings):  # type: ignore[no-untyped-def]
    seed_demo(db, settings, customers=120, seed=7)
    progress: list[tuple[int, int]] = []
    report = seed_bills(db, settings, months=MONTHS, until_period=UNTIL, seed=3,
                        progress=lambda done, total: progress.append((done, total)))
    return report, progress


def _scalar(db, stmt):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(stmt)


def test_every_active_customer_gets_readings_and_bills(db, settings, seeded):
    report, progress = seeded
    assert progress[-1] == (MONTHS, MONTHS) and len(progress) == MONTHS
    active = _scalar(db, select(func.count()).select_from(Customer).where(Customer.status != "closed"))
    assert _scalar(db, select(func.count()).select_from(MeterReading)) == active * MONTHS
    assert _scalar(db, select(func.count()).select_from(Bill)) == active * MONTHS
    assert "已生成演示抄表与账单：2024-11 至 2025-06" in report
    with db.read() as s:
        periods = sorted(set(s.scalars(select(Bill.period))))
        assert periods[0] == "2024-11" and periods[-1] == UNTIL and len(periods) == MONTHS
        # Residential usage is 80–400 kWh a month give or take the season; vacant homes use none.
        res = list(s.scalars(select(Bill.kwh).join(Customer, Customer.id == Bill.customer_id)
                             .where(Customer.kind == "residential", Bill.kwh > 0)))
        assert 60 <= sorted(res)[len(res) // 2] <= 500
        # Bill numbers are gap-free in one series.
        numbers = sorted(int(n[5:]) for n in s.scalars(select(Bill.bill_no)))
        assert numbers == list(range(1, len(numbers) + 1))


def test_ledgers_add_up_and_older_bills_are_mostly_paid(db, settings, seeded):
    on = dt.date.today()
    with db.read() as s:
        customers = list(s.scalars(select(Customer.id).where(Customer.status != "closed")))
        arrears_customers = 0
        old_open = old_total = 0
        for cid in customers:
            book = ledger.load_ledger(s, cid)
            for b in book.bills:
                assert 0 <= b.paid_fen <= b.amount_fen, b.bill_no  # never over-allocated
                if b.period <= "2025-02":
                    old_total += 1
                    old_open += b.outstanding_fen > 0
            arrears, fees, prepaid = ledger.balance(s, cid, on)
            assert arrears >= 0 and fees >= 0 and prepaid >= 0
            arrears_customers += arrears > 0
        # Payments: amount = applied + prepaid; applied = Σ allocations; within the counter limit.
        for p in s.scalars(select(Payment)):
            allocs = list(s.scalars(select(PaymentAllocation).where(PaymentAllocation.payment_id == p.id)))
            assert p.applied_fen == sum(a.principal_fen + a.late_fee_fen for a in allocs)
            assert p.late_fee_fen == sum(a.late_fee_fen for a in allocs)
            if p.kind == "payment":
                assert p.amount_fen == p.applied_fen + p.prepaid_fen <= HallRules().max_payment_fen
                assert p.tendered_fen - p.change_fen == p.amount_fen and p.receipt_no
            else:
                assert p.kind == "offset" and p.receipt_no is None and p.applied_fen == -p.prepaid_fen
    assert old_open / old_total < 0.15  # most older bills are settled
    assert 0.15 <= arrears_customers / len(customers) <= 0.6  # recent arrears for a good share


def test_payments_sit_in_closed_approved_sessions_with_gap_free_receipts(db, settings, seeded):
    with db.read() as s:
        sessions = list(s.scalars(select(CashierSession)))
        assert sessions and {x.status for x in sessions} == {"approved"}
        assert {x.username for x in sessions} == {"demo01"}
        for x in sessions:
            totals = json.loads(x.totals)
            taken = s.scalar(select(func.coalesce(func.sum(Payment.amount_fen), 0))
                             .where(Payment.session_id == x.id)) or 0
            assert sum(totals.values()) == taken
            assert x.expected_cash_fen == x.float_fen + totals["cash"]
            assert -10 < x.over_short_fen <= 0  # fen below 1 角 cannot be counted in notes and coins
        receipts = sorted(int(n[5:]) for n in s.scalars(select(Payment.receipt_no).where(Payment.kind == "payment")))
        assert receipts == list(range(1, len(receipts) + 1))
        tenders = Counter(s.scalars(select(PaymentTender.kind)))
        assert tenders["cash"] and tenders["qr"]
        assert s.scalar(select(func.count()).select_from(PrintRecord)) == len(receipts)
        assert s.scalar(select(func.count()).select_from(Payment).where(Payment.late_fee_fen > 0))  # late payers
        ops = Counter(s.scalars(select(Operation.op_type)))
    assert ops["ComputeBills"] == ops["ImportReadings"] == MONTHS
    assert ops["SeedDemoPayments"] == len(sessions)


def test_bill_view_of_a_demo_customer(db, settings, admin, seeded):
    with db.read() as s:
        cid = s.scalar(select(Customer.id).where(Customer.kind == "residential", Customer.status == "normal")
                       .order_by(Customer.account_no).limit(1))
    view = bill_view.bill_view(db, admin, cid)
    assert len(view.bills) == MONTHS and len(view.usage) == MONTHS
    for b in view.bills:
        assert b.paid_fen + b.outstanding_fen == b.amount_fen and b.lines and b.note


def test_integrity_and_a_second_run_adds_nothing(db, settings, seeded):
    if db.is_sqlite:
        with db.read() as s:
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
    bills = _scalar(db, select(func.count()).select_from(Bill))
    report = seed_bills(db, settings, months=MONTHS, until_period=UNTIL, seed=3)
    assert "跳过" in report
    assert _scalar(db, select(func.count()).select_from(Bill)) == bills


def test_bad_arguments(db, settings):
    with pytest.raises(ValueError):
        seed_bills(db, settings, months=0)
    with pytest.raises(ValueError):
        seed_bills(db, settings, until_period="2999-01")
