"""Counter payments, reversals, refunds, receipts (docs/money-path.md; docs/rules.md#payments).

Every test runs on SQLite and PostgreSQL. Bills are inserted directly (bill numbers from
app.write_path.numbers, no lines), so these tests do not depend on the tariff engine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
import uuid

import pytest
from sqlalchemy import func, select

from app.domain.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from app.domain.late_fees import late_fee_for
from app.dto.payments import TenderInput
from app.services import adjustments, cashier, customers, ledger, payments
from app.services.customers import SupervisorApproval
from app.write_path import numbers
from db.models import (
    Bill,
    Customer,
    NodeCounter,
    Operation,
    Payment,
    PaymentAllocation,
    PaymentTender,
    PrintRecord,
    utcnow,
)
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD, set_hall_rules

# ---- helpers (also used by test_cashier.py) ---------------------------------------------------


def today() -> dt.date:
    return dt.datetime.now().astimezone().date()


def new_customer(db, settings, actor, form, **overrides):  # type: ignore[no-untyped-def]
    view = customers.register_customer(db, actor, customers.RegisterCustomer(form(**overrides)))
    return view.id


def add_bill(db, actor, customer_id, amount_fen, period="2026-01", due=None):  # type: ignore[no-untyped-def]
    """Insert an issued bill directly (no tariff engine)."""
    with db.write() as s:
        bill = Bill(bill_no=numbers.next_number(s, actor.node_id, "bill"), node_id=actor.node_id,
                    customer_id=customer_id, period=period, bill_type="regular", tariff_code="RES", kwh=100,
                    amount_fen=amount_fen, due_date=due or today() + dt.timedelta(days=10), issued_at=utcnow(),
                    lines="[]", created_by=actor.username)
        s.add(bill)
        s.flush()
        return bill.id


def cash(fen: int) -> TenderInput:
    return TenderInput("cash", fen)


def post(db, settings, actor, customer_id, *tenders, amount=None, request_id=None):  # type: ignore[no-untyped-def]
    cmd = payments.PostPayment(request_id or uuid.uuid4(), customer_id, tuple(tenders), amount)
    return payments.post_payment(db, actor, cmd)


def approval(username="super1", password=SUPERVISOR_PASSWORD) -> SupervisorApproval:  # type: ignore[no-untyped-def]
    return SupervisorApproval(username, password, "")


def reverse(db, settings, actor, payment_id, *, request_id=None, code="wrong_amount", reason="金额输错",  # type: ignore[no-untyped-def]
            appr=None):
    cmd = payments.ReversePayment(request_id or uuid.uuid4(), payment_id, code, reason, appr or approval())
    return payments.reverse_payment(db, actor, cmd)


def refund(db, settings, actor, payment_id, *, request_id=None, appr=None):  # type: ignore[no-untyped-def]
    cmd = payments.RefundPayment(request_id or uuid.uuid4(), payment_id, "customer_request", "客户要求退费",
                                 appr or approval())
    return payments.refund_payment(db, actor, cmd)


def print_receipt(db, actor, receipt):  # type: ignore[no-untyped-def]
    return payments.record_print(db, actor, payments.DOC_RECEIPT, receipt.payment_id, receipt.receipt_no,
                                 "POS-58", "80mm")


def count(db, model, *where) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def ops(db, op_type=None) -> int:  # type: ignore[no-untyped-def]
    return count(db, Operation, *([Operation.op_type == op_type] if op_type else []))


def counter(db, name="receipt") -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(NodeCounter.value).where(NodeCounter.name == name)) or 0


def allocated(db, bill_id) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.coalesce(func.sum(PaymentAllocation.principal_fen), 0))
                            .where(PaymentAllocation.bill_id == bill_id)) or 0)


def ledger_balance(db, settings, customer_id) -> int:  # type: ignore[no-untyped-def]
    """What billing's ledger says now (arrears + late fees − prepaid)."""
    with db.read() as s:
        return ledger.balance_fen(s, customer_id, today())


def money_state(db):  # type: ignore[no-untyped-def]
    """Everything a failed call must leave untouched."""
    return (count(db, Payment), count(db, PaymentTender), count(db, PaymentAllocation), ops(db), counter(db))


@pytest.fixture
def cust(db, settings, clerk, customer_form):  # type: ignore[no-untyped-def]
    return new_customer(db, settings, clerk, customer_form)


@pytest.fixture
def shift(db, settings, clerk):  # type: ignore[no-untyped-def]
    """clerk1's open cashier session (float ¥500)."""
    return cashier.open_session(db, clerk, 50000)


# ---- posting and allocation ---------------------------------------------------------------------


def test_exact_payment_settles_the_bill_and_fills_the_receipt(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    bill = add_bill(db, clerk, cust, 12850)
    quote = payments.quote_payment(db, clerk, cust, 12850)
    assert (quote.due_fen, quote.arrears_fen, quote.late_fee_fen, quote.to_prepaid_fen) == (12850, 12850, 0, 0)
    assert [(a.bill_id, a.principal_fen, a.settles_bill) for a in quote.allocations] == [(bill, 12850, True)]

    r = post(db, settings, clerk, cust, cash(20000))
    assert r.kind == "payment"
    assert r.receipt_no == "3301R00000001"
    assert (r.amount_fen, r.tendered_fen, r.change_fen, r.applied_fen, r.prepaid_fen) == (12850, 20000, 7150, 12850, 0)
    assert r.amount_capital == "壹佰贰拾捌元伍角整"
    assert (r.balance_before_fen, r.balance_after_fen) == (12850, 0)
    assert [(a.bill_id, a.principal_fen, a.late_fee_fen, a.settles_bill) for a in r.allocations] == [
        (bill, 12850, 0, True)]
    assert r.allocations[0].bill_no.startswith("3301B")
    assert [(t.kind, t.label, t.amount_fen) for t in r.tenders] == [("cash", "现金", 20000)]
    assert (r.hall_name, r.node_code, r.clerk_name, r.clerk_no) == ("城东营业厅", "3301", "王小丽", "1001")
    assert r.session_no == shift.session_no == "3301S000001"
    assert r.lookup_code == "GC|3301R00000001|12850"
    assert r.posted_at.tzinfo is not None and abs(r.posted_at - dt.datetime.now().astimezone()) < dt.timedelta(
        minutes=1)
    assert (r.print_count, r.reversed) == (0, False)
    assert allocated(db, bill) == 12850
    assert payments.quote_payment(db, clerk, cust, 0).due_fen == 0
    assert payments.get_receipt(db, clerk, r.payment_id) == r


def test_a_reprint_says_settled_when_a_credit_adjustment_lowered_the_bill(db, settings, clerk, supervisor, cust, shift):  # type: ignore[no-untyped-def]
    """Found by the money property test: the stored receipt compared what was paid with the
    bill's face amount, ignoring a 退补 credit issued before the payment, so 补打 said the bill
    was still open while the first print said 结清."""
    bill = add_bill(db, clerk, cust, 382)
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(bill, -67, 0, "抄表差错退还"))
    r = post(db, settings, clerk, cust, cash(315))
    assert [(a.principal_fen, a.settles_bill) for a in r.allocations] == [(315, True)]
    # a later 补收 is a bill of its own: the receipt still says what it said
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(bill, 1000, 5, "抄表差错补收"))
    again = payments.get_receipt(db, clerk, r.payment_id)
    assert [(a.principal_fen, a.settles_bill) for a in again.allocations] == [(315, True)]
    assert again == r


def test_partial_payment_goes_to_the_oldest_bill_first(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    newer = add_bill(db, clerk, cust, 5000, period="2026-02")
    older = add_bill(db, clerk, cust, 10000, period="2026-01")
    r = post(db, settings, clerk, cust, TenderInput("card", 12000, "6222****1234"), amount=12000)
    assert [(a.bill_id, a.principal_fen, a.settles_bill) for a in r.allocations] == [
        (older, 10000, True), (newer, 2000, False)]
    assert (r.change_fen, r.prepaid_fen, r.balance_before_fen, r.balance_after_fen) == (0, 0, 15000, 3000)
    assert ledger_balance(db, settings, cust) == r.balance_after_fen
    assert r.tenders[0].reference == "6222****1234"
    quote = payments.quote_payment(db, clerk, cust, 0)
    assert (quote.due_fen, quote.arrears_fen) == (3000, 3000)
    assert payments.get_receipt(db, clerk, r.payment_id) == r  # a reprint says what the first print said


def test_over_payment_becomes_prepaid(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    bill = add_bill(db, clerk, cust, 10000)
    quote = payments.quote_payment(db, clerk, cust, 15000)
    assert quote.to_prepaid_fen == 5000
    r = post(db, settings, clerk, cust, cash(15000), amount=15000)
    assert (r.applied_fen, r.prepaid_fen, r.change_fen, r.balance_after_fen) == (10000, 5000, 0, -5000)
    assert allocated(db, bill) == 10000
    # Nothing owed: the whole tender is prepayment (预存) without change.
    r2 = post(db, settings, clerk, cust, TenderInput("qr", 3000, "wx4200001"))
    assert (r2.amount_fen, r2.applied_fen, r2.prepaid_fen, r2.allocations) == (3000, 0, 3000, ())
    assert (r2.balance_before_fen, r2.balance_after_fen) == (-5000, -8000)
    assert ledger_balance(db, settings, cust) == -8000
    assert payments.quote_payment(db, clerk, cust, 0).prepaid_before_fen == 8000


def test_existing_prepaid_is_applied_with_the_payment(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    post(db, settings, clerk, cust, cash(5000))  # prepaid ¥50
    bill = add_bill(db, clerk, cust, 8000)  # inserted directly: no offset ran
    quote = payments.quote_payment(db, clerk, cust, 3000)
    assert (quote.due_fen, quote.prepaid_before_fen, quote.to_prepaid_fen) == (3000, 5000, -5000)
    r = post(db, settings, clerk, cust, cash(3000))
    assert (r.amount_fen, r.applied_fen, r.prepaid_fen, r.balance_before_fen, r.balance_after_fen) == (
        3000, 8000, -5000, 3000, 0)
    assert allocated(db, bill) == 8000


def test_multi_tender_with_cash_change(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 12850)
    r = post(db, settings, clerk, cust, TenderInput("card", 5000, "6222"), TenderInput("qr", 2850, "ali-1"),
             cash(10000))
    assert (r.amount_fen, r.tendered_fen, r.change_fen) == (12850, 17850, 5000)
    assert [(t.kind, t.amount_fen) for t in r.tenders] == [("card", 5000), ("qr", 2850), ("cash", 10000)]
    assert payments.get_receipt(db, clerk, r.payment_id) == r
    summary = cashier.session_summary(db, clerk, shift.id)
    assert summary.by_tender == {"cash": 5000, "card": 5000, "qr": 2850, "transfer": 0}
    assert summary.expected_cash_fen == 50000 + 5000
    (row,) = payments.list_payments(db, clerk, cust)
    assert row.tenders == "现金 50.00 / 银行卡 50.00 / 扫码支付 28.50"


@pytest.mark.parametrize("late_fee_first", [True, False])
def test_late_fee_first_is_a_hall_rule(db, settings, clerk, cust, shift, late_fee_first):  # type: ignore[no-untyped-def]
    """docs/rules.md#late-fees: late fee 1‰/day for residential customers; late fee before principal is configurable."""
    set_hall_rules(db, late_fee_first=late_fee_first)
    due = today() - dt.timedelta(days=30)
    bill = add_bill(db, clerk, cust, 10000, due=due)
    fee = late_fee_for(10000, due, today(), "residential").fen
    assert fee == 300  # 30 days × 1‰ × ¥100
    quote = payments.quote_payment(db, clerk, cust, 5000)
    assert (quote.arrears_fen, quote.late_fee_fen, quote.due_fen) == (10000, 300, 10300)
    with db.read() as s:  # the quote is billing's ledger, read once
        assert ledger.balance(s, cust, today()) == (10000, 300, 0)
    r = post(db, settings, clerk, cust, cash(5000), amount=5000)
    expected = (300, 4700) if late_fee_first else (0, 5000)
    assert [(a.late_fee_fen, a.principal_fen) for a in quote.allocations] == [expected]
    assert [(a.bill_id, a.late_fee_fen, a.principal_fen) for a in r.allocations] == [(bill, *expected)]
    assert (r.late_fee_fen, r.applied_fen, r.balance_before_fen, r.balance_after_fen) == (
        expected[0], 5000, 10300, 5300)
    assert ledger_balance(db, settings, cust) == r.balance_after_fen  # the receipt agrees with the ledger
    # Paying what is due now settles everything.
    rest = payments.quote_payment(db, clerk, cust, 0).due_fen
    r2 = post(db, settings, clerk, cust, cash(rest))
    assert r2.balance_after_fen == 0 and r2.allocations[0].settles_bill
    assert payments.get_receipt(db, clerk, r.payment_id) == r
    assert payments.get_receipt(db, clerk, r2.payment_id) == r2
    assert allocated(db, bill) == 10000
    rev = reverse(db, settings, clerk, r.payment_id)  # the late fee it paid is owed again
    assert [(a.late_fee_fen, a.principal_fen) for a in rev.allocations] == [(-expected[0], -expected[1])]
    assert rev.balance_after_fen == ledger_balance(db, settings, cust) == 5000


# ---- idempotency and concurrency ------------------------------------------------------------------


def test_same_command_twice_posts_once(db, settings, clerk, cust, shift, customer_form):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 12850)
    cmd = payments.PostPayment(uuid.uuid4(), cust, (cash(13000),))
    first = payments.post_payment(db, clerk, cmd)
    state = money_state(db)
    again = payments.post_payment(db, clerk, cmd)
    assert again == first
    assert money_state(db) == state  # no second row, no second op record, no number used
    assert count(db, Payment, Payment.id == cmd.request_id) == 1
    other = new_customer(db, settings, clerk, customer_form)
    with pytest.raises(RuleViolation, match="请求编号"):
        payments.post_payment(db, clerk, dataclasses.replace(cmd, customer_id=other))


def _race(*calls):  # type: ignore[no-untyped-def]
    """Run the calls at once from threads; return their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, fn):  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _slow_ledger(monkeypatch):  # type: ignore[no-untyped-def]
    """Widen the window between reading the balance and writing the payment."""
    real = payments.standing

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        owed = real(*args, **kwargs)
        time.sleep(0.3)
        return owed

    monkeypatch.setattr(payments, "standing", slow)


def test_concurrent_duplicate_of_one_request_posts_once(db, settings, clerk, cust, shift, monkeypatch):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 12850)
    _slow_ledger(monkeypatch)
    cmd = payments.PostPayment(uuid.uuid4(), cust, (cash(20000),))
    a, b = _race(lambda: payments.post_payment(db, clerk, cmd),
                 lambda: payments.post_payment(db, clerk, cmd))
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    assert a.receipt_no == b.receipt_no == "3301R00000001"  # type: ignore[union-attr]
    assert count(db, Payment) == 1 and ops(db, "PostPayment") == 1 and counter(db) == 1


def test_duplicate_that_loses_the_insert_race_returns_the_winner(db, settings, clerk, cust, shift, monkeypatch):  # type: ignore[no-untyped-def]
    """The IntegrityError path: both saw no row, the loser's insert collides on the primary key."""
    add_bill(db, clerk, cust, 12850)
    cmd = payments.PostPayment(uuid.uuid4(), cust, (cash(20000),))
    first = payments.post_payment(db, clerk, cmd)
    real = payments._existing
    calls = []

    def blind_once(session, request_id):  # type: ignore[no-untyped-def]
        calls.append(request_id)
        return None if len(calls) == 1 else real(session, request_id)

    monkeypatch.setattr(payments, "_existing", blind_once)
    again = payments.post_payment(db, clerk, cmd)
    assert len(calls) == 2  # the blind check, then the lookup after the IntegrityError
    assert again.receipt_no == first.receipt_no
    assert count(db, Payment) == 1 and ops(db, "PostPayment") == 1
    assert counter(db) == 1  # the loser's receipt number was rolled back


def test_two_counters_paying_one_bill_never_over_allocate(db, settings, clerk, clerk2, cust, shift, monkeypatch):  # type: ignore[no-untyped-def]
    """Two sessions pay the same ¥100 bill at once: the customer lock serialises them, the
    second finds nothing owed and its money becomes prepaid."""
    bill = add_bill(db, clerk, cust, 10000)
    cashier.open_session(db, clerk2, 0)
    _slow_ledger(monkeypatch)
    a, b = _race(lambda: post(db, settings, clerk, cust, cash(10000), amount=10000),
                 lambda: post(db, settings, clerk2, cust, cash(10000), amount=10000))
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    assert allocated(db, bill) == 10000
    assert sorted((r.applied_fen, r.prepaid_fen) for r in (a, b)) == [(0, 10000), (10000, 0)]  # type: ignore[union-attr]
    assert sorted(r.receipt_no for r in (a, b)) == ["3301R00000001", "3301R00000002"]  # type: ignore[union-attr]
    assert payments.quote_payment(db, clerk, cust, 0).prepaid_before_fen == 10000


# ---- receipt numbers -------------------------------------------------------------------------------


def test_receipt_numbers_are_gap_free_across_reversals_and_failures(db, settings, clerk, cust, shift, monkeypatch):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 10000)
    r1 = post(db, settings, clerk, cust, cash(10000))
    r2 = post(db, settings, clerk, cust, cash(2000))
    r3 = reverse(db, settings, clerk, r2.payment_id)
    # Refused before a number is taken …
    with pytest.raises(ValidationError):
        post(db, settings, clerk, cust, cash(0))
    # … and a failure after the number was taken rolls it back with everything else.
    state = money_state(db)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(payments.oplog, "append", broken)
    with pytest.raises(RuntimeError):
        post(db, settings, clerk, cust, cash(1000))
    monkeypatch.undo()
    assert money_state(db) == state
    r4 = post(db, settings, clerk, cust, cash(1000))
    assert [r.receipt_no for r in (r1, r2, r3, r4)] == [f"3301R{n:08d}" for n in (1, 2, 3, 4)]


# ---- reversal (冲正) and refund (退费) --------------------------------------------------------------


def test_reversal_negates_the_payment_in_the_same_session(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    bill = add_bill(db, clerk, cust, 12850)
    r = post(db, settings, clerk, cust, TenderInput("card", 2850), cash(20000))
    before = ops(db)
    rev = reverse(db, settings, clerk, r.payment_id, code="wrong_customer", reason="收错户了")
    assert ops(db) == before + 1 and ops(db, "ReversePayment") == 1
    assert rev.kind == "reversal" and rev.reverses_receipt_no == r.receipt_no
    assert (rev.amount_fen, rev.applied_fen, rev.prepaid_fen, rev.change_fen) == (-12850, -12850, 0, 0)
    assert rev.amount_capital == "负壹佰贰拾捌元伍角整"
    assert sorted((t.kind, t.amount_fen) for t in rev.tenders) == [("card", -2850), ("cash", -10000)]
    assert [(a.bill_id, a.principal_fen, a.settles_bill) for a in rev.allocations] == [(bill, -12850, False)]
    assert (rev.balance_before_fen, rev.balance_after_fen) == (0, 12850)
    assert ledger_balance(db, settings, cust) == 12850
    assert (rev.reason, rev.approved_by, rev.session_no) == ("收错户：收错户了", "赵班长", shift.session_no)
    assert allocated(db, bill) == 0
    assert payments.get_receipt(db, clerk, r.payment_id).reversed
    summary = cashier.session_summary(db, clerk, shift.id)
    assert (summary.by_tender["cash"], summary.by_tender["card"], summary.payments, summary.reversals) == (0, 0, 1, 1)
    rows = payments.list_payments(db, clerk, cust)
    assert [(row.kind, row.reversed) for row in rows] == [("reversal", False), ("payment", True)]


def test_reversal_needs_a_supervisor(db, settings, clerk, clerk2, cust, shift):  # type: ignore[no-untyped-def]
    r = post(db, settings, clerk, cust, cash(1000))
    state = money_state(db)
    with pytest.raises(PermissionDenied, match="无此授权权限"):
        reverse(db, settings, clerk, r.payment_id, appr=approval("clerk2", CLERK_PASSWORD))
    with pytest.raises(AuthenticationFailed, match="密码错误"):
        reverse(db, settings, clerk, r.payment_id, appr=approval(password="wrong-pass1"))
    assert money_state(db)[:3] == state[:3] and counter(db) == state[4]
    with pytest.raises(ValidationError, match="原因") as exc:
        reverse(db, settings, clerk, r.payment_id, code="bogus")
    assert exc.value.field == "reason_code"
    with pytest.raises(ValidationError, match="至少2个字") as exc:
        reverse(db, settings, clerk, r.payment_id, reason=" 错 ")
    assert exc.value.field == "reason"
    assert count(db, Payment) == 1


def test_reverse_twice_is_refused_but_a_replay_is_answered(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    r = post(db, settings, clerk, cust, cash(1000))
    rid = uuid.uuid4()
    rev = reverse(db, settings, clerk, r.payment_id, request_id=rid)
    assert reverse(db, settings, clerk, r.payment_id, request_id=rid) == rev  # replay: same receipt
    with pytest.raises(RuleViolation, match="该笔收费已冲正"):
        reverse(db, settings, clerk, r.payment_id)
    with pytest.raises(RuleViolation, match="只能对收费凭证"):
        reverse(db, settings, clerk, rev.payment_id)
    with pytest.raises(NotFound):
        reverse(db, settings, clerk, uuid.uuid4())
    assert count(db, Payment) == 2 and ops(db, "ReversePayment") == 1


def test_concurrent_reversals_of_one_payment_reverse_once(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    r = post(db, settings, clerk, cust, cash(1000))
    a, b = _race(lambda: reverse(db, settings, clerk, r.payment_id),
                 lambda: reverse(db, settings, clerk, r.payment_id))
    outcomes = sorted(type(x).__name__ for x in (a, b))
    assert outcomes == ["Receipt", "RuleViolation"], (a, b)
    assert "已冲正" in str(next(x for x in (a, b) if isinstance(x, RuleViolation)))
    assert count(db, Payment, Payment.kind == "reversal") == 1


def test_only_the_session_owner_reverses(db, settings, clerk, clerk2, cust, shift):  # type: ignore[no-untyped-def]
    r = post(db, settings, clerk, cust, cash(1000))
    cashier.open_session(db, clerk2, 0)
    with pytest.raises(RuleViolation, match="本人"):
        reverse(db, settings, clerk2, r.payment_id)


def _close(db, clerk, session_id):  # type: ignore[no-untyped-def]
    summary = cashier.session_summary(db, clerk, session_id)
    cash_fen = summary.expected_cash_fen
    return cashier.close_session(db, clerk, cashier.CloseSession(
        session_id, summary.session.version, {"note_1": cash_fen // 100, "coin_1_jiao": cash_fen % 100 // 10}))


def _hall_clerk(db, code: str):  # type: ignore[no-untyped-def]
    """Another hall ``code`` on this database (shared mode) with its clerk ``clerk9``, signed in."""
    from app.services import auth
    from db.models import Node
    from tests.sync.branchwork import add_branch_user

    with db.write() as s:
        node = Node(code=code, name="西湖供电所")
        s.add(node)
        s.flush()
        node_id = node.id
    add_branch_user(db, node_id)
    return node_id, auth.login(db, "clerk9", CLERK_PASSWORD)


def test_a_payment_of_a_sync_branch_is_undone_only_at_that_branch(  # type: ignore[no-untyped-def]
        db, settings, clerk, cust, shift):
    """Halls sharing the database undo each other's payments; once the hall that took a payment
    is registered as a sync branch (``sync_node``), its drawer and the customer's receipt are at
    the branch PC, which may undo it offline: here it is refused, naming the hall, nothing
    written (docs/sync.md#apply-rules)."""
    from db.models import SyncNode

    node_id, clerk9 = _hall_clerk(db, "3305")
    other_shift = cashier.open_session(db, clerk9, 0)
    shared = post(db, settings, clerk9, cust, cash(1000))
    branch_paid = post(db, settings, clerk9, cust, cash(2000))
    print_receipt(db, clerk9, shared)
    print_receipt(db, clerk9, branch_paid)
    _close(db, clerk9, other_shift.id)
    undone = refund(db, settings, clerk, shared.payment_id)  # shared mode: as before
    assert undone.amount_fen == -1000
    with db.write() as s:  # the hall becomes a branch: registered at this (centre) database
        s.add(SyncNode(node_id=node_id, status="active", version=1))
    before = (ops(db), count(db, Payment), counter(db))
    with pytest.raises(RuleViolation, match="该笔缴费由西湖供电所收取，请到该网点办理退费"):
        refund(db, settings, clerk, branch_paid.payment_id)
    assert (ops(db), count(db, Payment), counter(db)) == before
    # nor reversed here, not even by the clerk of that hall signed in at the centre (its shift
    # open in the centre's copy): the drawer is at the branch PC
    cashier.open_session(db, clerk9, 0)
    third = post(db, settings, clerk9, cust, cash(500))
    before = (ops(db), count(db, Payment), counter(db))
    with pytest.raises(RuleViolation, match="该笔缴费由西湖供电所收取，请到该网点办理冲正"):
        reverse(db, settings, clerk9, third.payment_id)
    assert (ops(db), count(db, Payment), counter(db)) == before


def test_a_branch_pc_undoes_only_its_own_nodes_payments(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    """At a branch PC (a ``sync_state`` row) a payment another node took (it came with the
    snapshot or the pull) is undone at that node only; the branch's own payments as usual."""
    from db.models import SyncState

    _, clerk9 = _hall_clerk(db, "3305")
    other_shift = cashier.open_session(db, clerk9, 0)
    theirs = post(db, settings, clerk9, cust, cash(1000))
    print_receipt(db, clerk9, theirs)
    _close(db, clerk9, other_shift.id)
    ours = post(db, settings, clerk, cust, cash(2000))
    with db.write() as s:  # this database is node 3301's branch PC
        s.add(SyncState(id=1, node_id=clerk.node_id, server_url="https://centre.invalid", incarnation=str(uuid.uuid4())))
    before = (ops(db), count(db, Payment), counter(db))
    with pytest.raises(RuleViolation, match="该笔缴费由西湖供电所收取，请到该网点办理退费"):
        refund(db, settings, clerk, theirs.payment_id)
    assert (ops(db), count(db, Payment), counter(db)) == before
    assert reverse(db, settings, clerk, ours.payment_id).amount_fen == -2000


def test_after_close_a_refund_instead_of_a_reversal(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    bill = add_bill(db, clerk, cust, 12850)
    r = post(db, settings, clerk, cust, cash(13000))
    with pytest.raises(RuleViolation, match="请办理冲正"):
        refund(db, settings, clerk, r.payment_id)
    print_receipt(db, clerk, r)
    _close(db, clerk, shift.id)
    with pytest.raises(RuleViolation, match="已结班，不能冲正，请办理退费"):
        reverse(db, settings, clerk, r.payment_id)
    with pytest.raises(RuleViolation, match="请先开班"):
        refund(db, settings, clerk, r.payment_id)
    new_shift = cashier.open_session(db, clerk, 20000)
    before = ops(db)
    ref = refund(db, settings, clerk, r.payment_id)
    assert ops(db) == before + 1 and ops(db, "RefundPayment") == 1
    assert (ref.kind, ref.amount_fen, ref.session_no, ref.receipt_no) == (
        "refund", -12850, new_shift.session_no, "3301R00000002")
    assert allocated(db, bill) == 0
    summary = cashier.session_summary(db, clerk, new_shift.id)
    assert (summary.refunds, summary.by_tender["cash"], summary.expected_cash_fen) == (1, -12850, 20000 - 12850)
    with pytest.raises(RuleViolation, match="该笔收费已退费"):
        refund(db, settings, clerk, r.payment_id)


def test_reversal_refused_when_its_prepaid_was_used(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 10000)
    r = post(db, settings, clerk, cust, cash(15000), amount=15000)  # ¥50 to prepaid
    later = add_bill(db, clerk, cust, 8000, period="2026-02")
    with db.write() as s:  # the prepaid settles the next bill (预存抵扣, as billing does at issuance)
        offset = Payment(id=uuid.uuid4(), receipt_no=None, node_id=clerk.node_id, customer_id=cust, session_id=None,
                         kind="offset", amount_fen=0, tendered_fen=0, change_fen=0, applied_fen=5000, late_fee_fen=0,
                         prepaid_fen=-5000, balance_before_fen=3000, balance_after_fen=3000, posted_at=utcnow(),
                         posted_by="system")
        s.add(offset)
        s.flush()
        s.add(PaymentAllocation(payment_id=offset.id, bill_id=later, principal_fen=5000, late_fee_fen=0))
    state = money_state(db)
    with pytest.raises(RuleViolation, match="已被使用"):
        reverse(db, settings, clerk, r.payment_id)
    assert money_state(db) == state
    rows = payments.list_payments(db, clerk, cust)
    assert rows[0].kind == "offset" and rows[0].receipt_no == "" and rows[0].tenders == "预存抵扣"


# ---- printing ---------------------------------------------------------------------------------------


def test_prints_are_counted_and_copies_are_reprints(db, settings, clerk, supervisor, cust, shift):  # type: ignore[no-untyped-def]
    r = post(db, settings, clerk, cust, cash(1000))
    before = ops(db)
    first = print_receipt(db, clerk, r)
    second = payments.record_print(db, supervisor, payments.DOC_RECEIPT, r.payment_id, r.receipt_no)
    assert (first.copy_no, first.reprint, second.copy_no, second.reprint) == (1, False, 2, True)
    assert ops(db) == before + 2 and ops(db, "PrintDocument") == 2
    assert payments.get_receipt(db, clerk, r.payment_id).print_count == 2
    with pytest.raises(NotFound):
        payments.record_print(db, clerk, payments.DOC_RECEIPT, uuid.uuid4(), "3301R99999999")
    with pytest.raises(NotFound):
        payments.get_receipt(db, clerk, uuid.uuid4())


def test_bill_statement_prints_are_counted_under_the_bill_number(db, clerk, cust):  # type: ignore[no-untyped-def]
    bill_id = add_bill(db, clerk, cust, 5000)
    assert payments.print_count(db, clerk, payments.DOC_BILL_STATEMENT, bill_id) == 0
    first = payments.record_print(db, clerk, payments.DOC_BILL_STATEMENT, bill_id, "whatever the screen said")
    again = payments.record_print(db, clerk, payments.DOC_BILL_STATEMENT, bill_id, "")
    assert (first.copy_no, again.copy_no, again.reprint) == (1, 2, True)
    assert payments.print_count(db, clerk, payments.DOC_BILL_STATEMENT, bill_id) == 2
    with db.read() as s:
        nos = set(s.scalars(select(PrintRecord.doc_no).where(PrintRecord.doc_id == bill_id)))
        assert nos == {s.get(Bill, bill_id).bill_no}  # the number comes from the bill, not the caller
    with pytest.raises(NotFound, match="账单不存在"):
        payments.record_print(db, clerk, payments.DOC_BILL_STATEMENT, uuid.uuid4(), "3301B99999999")


def test_a_long_printer_path_is_kept_by_its_end(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    r = post(db, settings, clerk, cust, cash(1000))
    where = "saved:/home/营业员/文档/收据存档/" + "很长的目录名/" * 12 + "3301R00000001.pdf"
    payments.record_print(db, clerk, payments.DOC_RECEIPT, r.payment_id, r.receipt_no, printer=where)
    with db.read() as s:
        stored = s.scalar(select(PrintRecord.printer).where(PrintRecord.doc_id == r.payment_id))
    assert len(stored) == 80 and stored.startswith("...") and stored.endswith("3301R00000001.pdf")


# ---- permissions and bad input (docs/rules.md#bad-input: a clear message, nothing half-saved) ----------------------


def test_admin_takes_no_money(db, settings, admin, cust):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        post(db, settings, admin, cust, cash(100))
    with pytest.raises(PermissionDenied):
        cashier.open_session(db, admin, 0)


def test_posting_needs_an_open_session(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    state = money_state(db)
    with pytest.raises(RuleViolation, match="请先开班"):
        post(db, settings, clerk, cust, cash(100))
    assert money_state(db) == state


BAD_POSTS = {
    "zero amount": (dict(tenders=(cash(0),)), ValidationError, "现金金额必须大于零"),
    "negative tender": (dict(tenders=(TenderInput("card", -500),)), ValidationError, "银行卡金额必须大于零"),
    "negative amount": (dict(tenders=(cash(500),), amount=-500), ValidationError, "收款金额必须大于零"),
    "zero payment amount": (dict(tenders=(cash(500),), amount=0), ValidationError, "收款金额必须大于零"),
    "float amount": (dict(tenders=(TenderInput("cash", 12.5),)), ValidationError, "格式不正确"),  # type: ignore[arg-type]
    "no tender": (dict(tenders=()), ValidationError, "请选择收款方式"),
    "unknown tender": (dict(tenders=(TenderInput("cheque", 100),)), ValidationError, "未知收款方式：cheque"),
    "cash less than due": (dict(tenders=(cash(10000),)), ValidationError, "现金不足，还差 ¥28.50"),
    "card less than due": (dict(tenders=(TenderInput("card", 10000),)), ValidationError, "付款金额不足，还差 ¥28.50"),
    "non-cash over due": (dict(tenders=(TenderInput("qr", 20000),)), ValidationError, "超过应收"),
    "amount over limit": (dict(tenders=(cash(10_000_001),), amount=10_000_001), ValidationError, "单笔收费上限"),
    "tender over limit": (dict(tenders=(cash(10_000_001),)), ValidationError, "单笔收费上限"),
    "tendered total over limit": (dict(tenders=(cash(10_000_000), cash(10_000_000))), ValidationError,
                                  "实收合计超过单笔收费上限"),
    "reference too long": (dict(tenders=(TenderInput("card", 12850, "9" * 41),)), ValidationError, "不能超过40"),
}


@pytest.mark.parametrize("case", list(BAD_POSTS))
def test_bad_payment_input_is_refused_with_nothing_saved(db, settings, clerk, cust, shift, case):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 12850)
    kwargs, error, message = BAD_POSTS[case]
    state = money_state(db)
    with pytest.raises(error, match=message) as exc:
        post(db, settings, clerk, cust, *kwargs["tenders"], amount=kwargs.get("amount"))
    assert exc.value.field in ("tenders", "amount")
    assert money_state(db) == state


def test_closed_account_and_unknown_customer_are_refused(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 12850)
    with db.write() as s:
        s.get(Customer, cust).status = "closed"
    state = money_state(db)
    with pytest.raises(RuleViolation, match="已销户"):
        post(db, settings, clerk, cust, cash(20000))
    with pytest.raises(RuleViolation, match="已销户"):
        payments.quote_payment(db, clerk, cust, 100)
    with pytest.raises(NotFound):
        post(db, settings, clerk, uuid.uuid4(), cash(100))
    assert money_state(db) == state
    with pytest.raises(ValidationError, match="不能为负数"):
        payments.quote_payment(db, clerk, cust, -1)


def test_one_operation_record_per_call(db, settings, clerk, supervisor, cust):  # type: ignore[no-untyped-def]
    start = ops(db)
    s = cashier.open_session(db, clerk, 0)
    r = post(db, settings, clerk, cust, cash(1000))
    rev = reverse(db, settings, clerk, r.payment_id)
    print_receipt(db, clerk, r)
    print_receipt(db, clerk, rev)
    _close(db, clerk, s.id)
    cashier.approve_session(db, supervisor, s.id, cashier.session_summary(db, supervisor, s.id).session.version)
    with db.read() as sess:
        types = list(sess.scalars(select(Operation.op_type).order_by(Operation.seq).offset(start)))
    assert types == ["OpenSession", "PostPayment", "ReversePayment", "PrintDocument", "PrintDocument",
                     "CloseSession", "ApproveSession"]
