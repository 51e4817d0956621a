"""What the payments list and a reprint know of a payment (issue 6 #5, #14): undone by a reversal
(已冲正) or by a refund (已退费), and whether its receipt ever went out (未打印)."""

from __future__ import annotations

import pytest

from app.services import cashier, payments
from tests.services.test_payments import (
    _close,
    add_bill,
    cash,
    new_customer,
    post,
    print_receipt,
    refund,
    reverse,
)


@pytest.fixture
def cust(db, settings, clerk, customer_form):  # type: ignore[no-untyped-def]
    return new_customer(db, settings, clerk, customer_form)


@pytest.fixture
def shift(db, settings, clerk):  # type: ignore[no-untyped-def]
    return cashier.open_session(db, clerk, 50000)


def test_a_refunded_payment_is_refunded_not_reversed(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 12850)
    paid = post(db, settings, clerk, cust, cash(13000))
    print_receipt(db, clerk, paid)
    _close(db, clerk, shift.id)
    cashier.open_session(db, clerk, 20000)
    back = refund(db, settings, clerk, paid.payment_id)

    stored = payments.get_receipt(db, clerk, paid.payment_id)
    assert (stored.reversed, stored.undone_by) == (True, "refund")
    rows = {row.payment_id: row for row in payments.list_payments(db, clerk, cust)}
    assert (rows[paid.payment_id].reversed, rows[paid.payment_id].undone_by) == (True, "refund")
    assert (rows[back.payment_id].reversed, rows[back.payment_id].undone_by) == (False, "")


def test_a_reversed_payment_is_reversed(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 5000)
    paid = post(db, settings, clerk, cust, cash(5000))
    reverse(db, settings, clerk, paid.payment_id)
    assert payments.get_receipt(db, clerk, paid.payment_id).undone_by == "reversal"
    row = next(r for r in payments.list_payments(db, clerk, cust) if r.payment_id == paid.payment_id)
    assert (row.reversed, row.undone_by) == (True, "reversal")


def test_a_receipt_is_unprinted_until_a_copy_went_out(db, settings, clerk, cust, shift):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 5000)
    first = post(db, settings, clerk, cust, cash(3000), amount=3000)
    second = post(db, settings, clerk, cust, cash(2000))
    rows = {r.payment_id: r for r in payments.list_payments(db, clerk, cust)}
    assert not rows[first.payment_id].printed and not rows[second.payment_id].printed
    print_receipt(db, clerk, second)
    rows = {r.payment_id: r for r in payments.list_payments(db, clerk, cust)}
    assert (rows[first.payment_id].printed, rows[second.payment_id].printed) == (False, True)
    print_receipt(db, clerk, first)
    assert all(r.printed for r in payments.list_payments(db, clerk, cust))
