"""Issue 7 items 2, 3, 6 (both engines): a payment carries the quote the clerk saw; a request id
reused with other content is refused; cash never leaves a drawer that does not hold it."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from app.domain.errors import RuleViolation, ValidationError
from app.dto.payments import TenderInput
from app.services import cashier, payments
from db.models import Payment
from tests.services.test_payments import (
    _close,
    _race,
    _slow_ledger,
    add_bill,
    allocated,
    approval,
    cash,
    count,
    money_state,
    new_customer,
    print_receipt,
    refund,
    reverse,
)


@pytest.fixture
def cust(db, settings, clerk, customer_form):  # type: ignore[no-untyped-def]
    return new_customer(db, settings, clerk, customer_form)


def _quoted_post(db, settings, actor, cust, quote, *tenders, amount=None, request_id=None):  # type: ignore[no-untyped-def]
    cmd = payments.PostPayment(
        request_id or uuid.uuid4(),
        cust,
        tuple(tenders),
        quote.due_fen if amount is None else amount,
        quote.due_fen,
        quote.quoted_at,
    )
    return payments.post_payment(db, actor, cmd)


# ---- item 2: the quoted balance ---------------------------------------------------------------------


def test_three_clerks_paying_one_quote_one_settles_the_others_are_told(  # type: ignore[no-untyped-def]
    db, settings, clerk, clerk2, supervisor, cust, monkeypatch
):
    bill = add_bill(db, clerk, cust, 10000)
    for actor in (clerk, clerk2, supervisor):
        cashier.open_session(db, actor, 50000)
    quote = payments.quote_payment(db, clerk, cust, 0)
    assert quote.due_fen == 10000 and quote.quoted_at is not None
    _slow_ledger(monkeypatch)
    results = _race(
        *[
            lambda a=a: _quoted_post(db, settings, a, cust, quote, cash(10000))
            for a in (clerk, clerk2, supervisor)
        ]
    )
    done = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, payments.QuoteChanged)]
    assert len(done) == 1 and len(refused) == 2, results
    assert allocated(db, bill) == 10000
    assert count(db, Payment) == 1  # nothing went silently to prepaid
    winner = done[0].clerk_name  # type: ignore[union-attr]
    for err in refused:
        assert (err.quoted_due_fen, err.due_fen) == (10000, 0)
        assert str(err).startswith("应缴从 ¥100.00 变为 ¥0.00：")
        assert f"{winner} " in str(err) and "收费 ¥100.00" in str(err)
        assert err.code == "应缴从 {quoted} 变为 {due}：{changes}"


def test_a_stale_quote_names_the_change_and_the_clerk_chooses(db, settings, clerk, clerk2, cust):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 10000)
    cashier.open_session(db, clerk, 50000)
    cashier.open_session(db, clerk2, 50000)
    seen = payments.quote_payment(db, clerk2, cust, 0)
    first = _quoted_post(
        db, settings, clerk, cust, payments.quote_payment(db, clerk, cust, 0), cash(10000)
    )
    state = money_state(db)
    with pytest.raises(payments.QuoteChanged) as caught:
        _quoted_post(db, settings, clerk2, cust, seen, cash(10000))
    assert money_state(db) == state
    assert f"王小丽 {first.posted_at.strftime('%H:%M')} 收费 ¥100.00" in str(caught.value)
    # "keep as prepaid": the same money against what is due now (¥0)
    now = payments.quote_payment(db, clerk2, cust, 10000)
    kept = _quoted_post(db, settings, clerk2, cust, now, cash(10000), amount=10000)
    assert (kept.applied_fen, kept.prepaid_fen) == (0, 10000)
    # a bill issued after the quote is named too
    seen = payments.quote_payment(db, clerk, cust, 0)
    assert seen.due_fen == 0
    add_bill(db, clerk, cust, 25000, period="2026-02")
    with pytest.raises(
        payments.QuoteChanged, match=r"应缴从 ¥0.00 变为 ¥150.00：\d\d:\d\d 出账 3301B\d+（2026-02）¥250.00"
    ):
        _quoted_post(db, settings, clerk, cust, seen, cash(1000), amount=1000)
    # "apply to what is due now"
    now = payments.quote_payment(db, clerk, cust, 0)
    paid = _quoted_post(db, settings, clerk, cust, now, cash(15000))
    assert paid.balance_after_fen == 0


# ---- item 3: an idempotency key reused with other content --------------------------------------------


def test_a_request_id_reused_with_other_content_is_refused(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 12850)
    cashier.open_session(db, clerk, 50000)
    cmd = payments.PostPayment(uuid.uuid4(), cust, (cash(13000),), 12850)
    first = payments.post_payment(db, clerk, cmd)
    state = money_state(db)
    assert payments.post_payment(db, clerk, cmd) == first  # a retry: the first receipt
    for other in (
        dataclasses.replace(cmd, amount_fen=12000),
        dataclasses.replace(cmd, tenders=(cash(20000),)),
        dataclasses.replace(cmd, tenders=(TenderInput("card", 12850, "6222"),)),
        dataclasses.replace(cmd, quoted_due_fen=12850),
    ):
        with pytest.raises(
            payments.RequestReused, match="请求编号已用于另一笔内容不同的业务（凭证 3301R00000001）"
        ):
            payments.post_payment(db, clerk, other)
    assert money_state(db) == state


def test_a_reversal_request_id_reused_with_another_reason_is_refused(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 50000)
    r = payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust, (cash(1000),)))
    request_id = uuid.uuid4()
    first = reverse(db, settings, clerk, r.payment_id, request_id=request_id)
    assert reverse(db, settings, clerk, r.payment_id, request_id=request_id) == first
    with pytest.raises(payments.RequestReused):
        reverse(db, settings, clerk, r.payment_id, request_id=request_id, code="duplicate", reason="重复收费")


# ---- item 6: the drawer cannot go below zero --------------------------------------------------------


def test_a_cash_refund_beyond_the_drawer_is_refused(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 0)
    add_bill(db, clerk, cust, 49432)
    r = payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust, (cash(49432),)))
    print_receipt(db, clerk, r)
    _close(db, clerk, shift.id)
    empty = cashier.open_session(db, clerk, 0)
    state = money_state(db)
    with pytest.raises(RuleViolation, match=r"钱箱现金不足：需付出现金 ¥494.32，本班钱箱现有 ¥0.00"):
        refund(db, settings, clerk, r.payment_id)
    assert money_state(db) == state
    # refused before the supervisor's password is checked (a wrong one is not even looked at)
    with pytest.raises(RuleViolation, match="钱箱现金不足"):
        refund(db, settings, clerk, r.payment_id, appr=approval(password="wrong"))
    assert cashier.session_summary(db, clerk, empty.id).expected_cash_fen == 0
    # a card payment in this session does not put cash in the drawer either
    payments.post_payment(
        db, clerk, payments.PostPayment(uuid.uuid4(), cust, (TenderInput("card", 60000),))
    )
    with pytest.raises(RuleViolation, match="钱箱现金不足"):
        refund(db, settings, clerk, r.payment_id)
    payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust, (cash(50000),)))
    ref = refund(db, settings, clerk, r.payment_id)  # now the drawer holds ¥500
    assert ref.amount_fen == -49432
    assert cashier.session_summary(db, clerk, empty.id).expected_cash_fen == 50000 - 49432


def test_change_beyond_the_drawer_is_refused(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 0)
    add_bill(db, clerk, cust, 12850)
    state = money_state(db)
    with pytest.raises(
        ValidationError, match="钱箱现金不足以找零：需找零 ¥71.50，本班钱箱现有 ¥0.00"
    ) as caught:
        payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust, (cash(20000),)))
    assert caught.value.field == "tenders" and money_state(db) == state
    r = payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust, (cash(12850),)))
    assert r.change_fen == 0


def test_two_cash_refunds_cannot_race_past_the_drawer(db, settings, clerk, clerk2, cust, monkeypatch):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 0)
    originals = [
        payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust, (cash(40000),)))
        for _ in range(2)
    ]
    for r in originals:
        print_receipt(db, clerk, r)
    _close(db, clerk, shift.id)
    drawer = cashier.open_session(db, clerk, 50000)  # enough for one of them
    _slow_ledger(monkeypatch)
    results = _race(
        *[lambda r=r: refund(db, settings, clerk, r.payment_id, appr=approval()) for r in originals]
    )
    assert sorted(type(x).__name__ for x in results) == ["Receipt", "RuleViolation"], results
    assert "钱箱现金不足" in str(next(x for x in results if isinstance(x, RuleViolation)))
    assert cashier.session_summary(db, clerk, drawer.id).expected_cash_fen == 10000
