"""The prepaid balance cannot be spent twice (issue 7 item 1).

The bill run settles new bills from prepaid money (预存抵扣). It used to read the balances
without locking the customers: a clerk's reversal of a ¥500 prepayment committing meanwhile left
the customer at a negative prepaid balance with the new bill shown as paid. Now the run locks
the customers whose balance it spends, and the database keeps the balance itself
(``customer.prepaid_fen``, kept by a trigger on ``payment``, CHECK >= 0), so a writer that
still races fails loudly instead of silently.

Both engines. The race is made deterministic: the bill run is held right after it has read the
balances (and, with the fix, locked the customers) while the reversal is started.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.domain.errors import RuleViolation
from app.services import bill_run, bill_view, cashier, readings
from db.keys import uuid7
from db.models import Customer, Payment, utcnow
from tests.services.test_payments import cash, new_customer, post, reverse

D = dt.date


def _prepaid(db, customer_id) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(Σ payment.prepaid_fen, customer.prepaid_fen)."""
    with db.read() as s:
        total = s.scalar(
            select(func.coalesce(func.sum(Payment.prepaid_fen), 0)).where(Payment.customer_id == customer_id)
        )
        column = s.scalar(select(Customer.prepaid_fen).where(Customer.id == customer_id))
    return int(total or 0), int(column)


def test_a_reversal_during_the_bill_run_cannot_leave_prepaid_negative(
    db, settings, clerk, supervisor, customer_form, monkeypatch
):
    c = new_customer(db, settings, clerk, customer_form)
    with db.read() as s:
        account = s.get(Customer, c).account_no
    cashier.open_session(db, clerk, 50000)
    prepayment = post(db, settings, clerk, c, cash(50000))  # nothing owed: ¥500 to prepaid
    assert prepayment.prepaid_fen == 50000
    report = readings.import_readings_csv(
        db, supervisor, f"户号,抄表日期,上次示数,本次示数\n{account},2025-03-25,0,100\n".encode(), "2025-03", settings=settings,
    )
    assert report.ok, report.errors

    reached, release = threading.Event(), threading.Event()
    original = bill_run.next_seq

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        # The run has read the balances (and, with the fix, locked their customers) and is about
        # to number and insert the bills (an inserted bill's foreign key would lock the customer).
        reached.set()
        release.wait(30)
        return original(*args, **kwargs)

    monkeypatch.setattr(bill_run, "next_seq", held)
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["run"] = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))
        except Exception as exc:  # noqa: BLE001 - reported by the assertions
            outcome["run"] = exc

    def undo() -> None:
        try:
            outcome["reversal"] = reverse(db, settings, clerk, prepayment.payment_id)
        except Exception as exc:  # noqa: BLE001
            outcome["reversal"] = exc

    runner = threading.Thread(target=run)
    runner.start()
    assert reached.wait(60), outcome
    reversal = threading.Thread(target=undo)
    reversal.start()
    reversal.join(3)  # before the fix the reversal commits here, under the run's feet
    release.set()
    runner.join(60)
    reversal.join(60)
    assert not runner.is_alive() and not reversal.is_alive()

    assert not isinstance(outcome["run"], Exception), outcome  # the run waited for nobody's money
    total, column = _prepaid(db, c)
    assert total >= 0, f"prepaid went negative: {total} fen ({outcome})"
    assert column == total
    with db.read() as s:
        paid_from_prepaid = -int(
            s.scalar(
                select(func.coalesce(func.sum(Payment.prepaid_fen), 0)).where(
                    Payment.customer_id == c, Payment.kind == "offset"
                )
            )
            or 0
        )
    bill = bill_view.bill_view(db, supervisor, c, D(2025, 4, 3)).bills[0]
    if isinstance(outcome["reversal"], Exception):
        # The run went first: the bill is settled from the prepayment, which can then no longer
        # be reversed in full.
        assert isinstance(outcome["reversal"], RuleViolation), outcome
        assert (paid_from_prepaid, bill.paid_fen, bill.status) == (5380, 5380, "已结清")
        assert total == 50000 - 5380
    else:
        # The reversal went first: the run found no money to spend.
        assert paid_from_prepaid == 0 and bill.paid_fen == 0 and total == 0


def test_the_balance_column_follows_every_payment(db, settings, clerk, supervisor, customer_form):
    """customer.prepaid_fen == Σ payment.prepaid_fen through payments, offsets and reversals."""
    c = new_customer(db, settings, clerk, customer_form)
    with db.read() as s:
        account = s.get(Customer, c).account_no
    cashier.open_session(db, clerk, 50000)
    first = post(db, settings, clerk, c, cash(20000))
    post(db, settings, clerk, c, cash(3000))
    assert _prepaid(db, c) == (23000, 23000)
    readings.import_readings_csv(
        db, supervisor, f"户号,抄表日期,上次示数,本次示数\n{account},2025-03-25,0,100\n".encode(), "2025-03", settings=settings,
    )
    bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))  # offset ¥53.80
    assert _prepaid(db, c) == (23000 - 5380, 23000 - 5380)
    with pytest.raises(RuleViolation):  # its ¥200 is partly spent now
        reverse(db, settings, clerk, first.payment_id)
    assert _prepaid(db, c) == (17620, 17620)


def test_the_database_refuses_a_negative_prepaid_balance(db, settings, clerk, customer_form):
    """A payment row that would spend more prepaid money than there is fails, whoever writes it."""
    c = new_customer(db, settings, clerk, customer_form)
    with db.read() as s:
        node_id = s.get(Customer, c).node_id

    def spend(prepaid_fen: int) -> None:
        with db.write() as s:
            s.add(
                Payment(
                    id=uuid7(),
                    receipt_no=None,
                    node_id=node_id,
                    customer_id=c,
                    session_id=None,
                    kind="offset",
                    reverses_id=None,
                    amount_fen=0,
                    tendered_fen=0,
                    change_fen=0,
                    applied_fen=0,
                    late_fee_fen=0,
                    prepaid_fen=prepaid_fen,
                    balance_before_fen=0,
                    balance_after_fen=0,
                    posted_at=utcnow(),
                    posted_by="clerk1",
                )
            )

    with pytest.raises(IntegrityError):
        spend(-1)
    with db.write() as s:  # money in (an amount kept as prepaid), then more out than in
        s.add(
            Payment(
                id=uuid7(),
                receipt_no=f"T{uuid.uuid4().hex[:10]}",
                node_id=node_id,
                customer_id=c,
                session_id=None,
                kind="payment",
                reverses_id=None,
                amount_fen=1000,
                tendered_fen=1000,
                change_fen=0,
                applied_fen=0,
                late_fee_fen=0,
                prepaid_fen=1000,
                balance_before_fen=0,
                balance_after_fen=-1000,
                posted_at=utcnow(),
                posted_by="clerk1",
            )
        )
    with pytest.raises(IntegrityError):
        spend(-1001)
    spend(-1000)
    assert _prepaid(db, c) == (0, 0)
    with pytest.raises(IntegrityError), db.write() as s:  # nor can the column be set below zero
        s.execute(Customer.__table__.update().where(Customer.id == c).values(prepaid_fen=-5))


@pytest.mark.parametrize("scan", [False, True], ids=["by-customer", "one-pass"])
def test_the_bill_run_locks_exactly_the_customers_whose_prepaid_it_spends(
    db, settings, clerk, supervisor, customer_form, scan
):
    """Both ways the run reads balances (a few customers / a one-pass scan) lock the customers with
    a balance and only them, and return the balance under the lock. PostgreSQL: a second
    connection cannot lock them (NOWAIT) until the run's transaction ends."""
    ids = [new_customer(db, settings, clerk, customer_form) for _ in range(3)]
    with db.read() as s:
        accounts = {cid: s.get(Customer, cid).account_no for cid in ids}
    cashier.open_session(db, clerk, 50000)
    post(db, settings, clerk, ids[0], cash(700))  # prepaid ¥7
    post(db, settings, clerk, ids[2], cash(300))  # prepaid ¥3; ids[1] has none
    lines = "".join(f"{accounts[cid]},2025-03-25,0,100\n" for cid in ids)
    assert readings.import_readings_csv(
        db, supervisor, f"户号,抄表日期,上次示数,本次示数\n{lines}".encode(), "2025-03", settings=settings,
    ).ok
    todo = sorted(((cid, accounts[cid]) for cid in ids), key=lambda row: row[1])
    with db.write() as s:
        found = bill_run.lock_prepaid(s.connection(), "2025-03", todo, scan)
        assert found == {ids[0]: 700, ids[2]: 300}
        if db.dialect == "postgresql":
            from sqlalchemy.exc import OperationalError

            other = db.engine.connect()
            try:
                for cid, locked in ((ids[0], True), (ids[1], False), (ids[2], True)):
                    probe = select(Customer.id).where(Customer.id == cid).with_for_update(nowait=True)
                    if locked:
                        with pytest.raises(OperationalError, match="lock"):
                            other.execute(probe)
                    else:
                        other.execute(probe)
                    other.rollback()
            finally:
                other.close()
