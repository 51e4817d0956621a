"""Applying payments to bills and tendering (docs/rules.md#payments).

Oldest bill first; late fee before principal is configuration; excess → prepaid (预存);
only cash may exceed what is due and gives change.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.allocation import (
    TENDER_KINDS,
    Allocation,
    AllocationItem,
    OpenBill,
    Tender,
    allocate,
    amount_due,
    apply_prepaid,
    net_by_tender,
    tender_change,
)
from app.domain.errors import ValidationError

d = dt.date
# Listed newest first on purpose: allocation must sort them.
MAY = OpenBill("b-05", "2024-05", d(2024, 6, 20), 20000, 0)
APRIL = OpenBill("b-04", "2024-04", d(2024, 5, 20), 10000, 300)
MARCH = OpenBill("b-03", "2024-03", d(2024, 4, 20), 5000, 450)
BILLS = [MAY, APRIL, MARCH]  # due: 5450 + 10300 + 20000 = 35750


def items(allocation: Allocation) -> list[tuple[str, int, int]]:
    return [(i.bill_id, i.late_fee_fen, i.principal_fen) for i in allocation.items]


def test_rule_payment_settles_the_oldest_bill_first() -> None:
    result = allocate(35750, BILLS)
    assert items(result) == [("b-03", 450, 5000), ("b-04", 300, 10000), ("b-05", 0, 20000)]
    assert result.prepaid_fen == 0
    assert all(i.settles_bill for i in result.items)
    assert amount_due(BILLS) == 35750


def test_partial_payment_late_fee_first() -> None:
    """¥120: March 450 + 5000, then April late fee 300, then 6250 of April's principal."""
    result = allocate(12000, BILLS, late_fee_first=True)
    assert items(result) == [("b-03", 450, 5000), ("b-04", 300, 6250)]
    assert [i.settles_bill for i in result.items] == [True, False]
    assert result.prepaid_fen == 0


def test_partial_payment_principal_first() -> None:
    """Principal before late fee, bill by bill: ¥52 covers March's principal and 200 of its fee."""
    result = allocate(5200, BILLS, late_fee_first=False)
    assert items(result) == [("b-03", 200, 5000)]
    result = allocate(12000, BILLS, late_fee_first=False)
    assert items(result) == [("b-03", 450, 5000), ("b-04", 0, 6550)]


def test_partial_payment_smaller_than_the_oldest_late_fee() -> None:
    assert items(allocate(100, BILLS)) == [("b-03", 100, 0)]
    assert items(allocate(100, BILLS, late_fee_first=False)) == [("b-03", 0, 100)]


def test_rule_excess_payment_becomes_prepaid_balance() -> None:
    result = allocate(40000, BILLS)
    assert result.prepaid_fen == 40000 - 35750
    assert result.applied_fen == 35750 and result.total_fen == 40000


def test_payment_with_no_open_bills_is_all_prepaid() -> None:
    assert allocate(5000, []) == Allocation((), 5000)


def test_bills_of_the_same_period_are_ordered_by_due_date_then_as_given() -> None:
    adjust = OpenBill("adj", "2024-03", d(2024, 4, 25), 100, 0)  # 退补 bill of the same period
    early = OpenBill("early", "2024-03", d(2024, 4, 10), 100, 0)
    twin = OpenBill("twin", "2024-03", d(2024, 4, 10), 100, 0)
    result = allocate(250, [adjust, early, twin])
    assert items(result) == [("early", 0, 100), ("twin", 0, 100), ("adj", 0, 50)]


def test_settled_bills_with_nothing_owed_are_skipped() -> None:
    empty = OpenBill("zero", "2024-01", d(2024, 2, 20), 0, 0)
    assert items(allocate(100, [empty, MARCH])) == [("b-03", 100, 0)]


def test_zero_payment_allocates_nothing() -> None:
    assert allocate(0, BILLS) == Allocation((), 0)


def test_allocate_refuses_negative_float_and_duplicate_bills() -> None:
    with pytest.raises(ValidationError, match="负数"):
        allocate(-1, BILLS)
    with pytest.raises(TypeError):
        allocate(100.0, BILLS)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        allocate(100, [MARCH, MARCH])
    with pytest.raises(ValueError):
        OpenBill("x", "2024-01", d(2024, 2, 1), -1, 0)
    with pytest.raises(TypeError):
        OpenBill("x", "2024-01", d(2024, 2, 1), 10.5, 0)  # type: ignore[arg-type]


def test_apply_prepaid_settles_open_bills_like_a_payment() -> None:
    """预存抵扣: a balance of ¥60 settles March (54.50), then April's late fee (3.00) and 2.50
    of April's principal; nothing remains. A balance above everything owed keeps the rest."""
    result = apply_prepaid(6000, BILLS)
    assert items(result) == [("b-03", 450, 5000), ("b-04", 300, 250)]
    assert result.prepaid_fen == 0
    big = apply_prepaid(50000, BILLS)
    assert big.prepaid_fen == 50000 - 35750
    with pytest.raises(ValueError):
        apply_prepaid(-1, BILLS)


bill_strategy = st.builds(
    OpenBill,
    id=st.uuids().map(str),
    period=st.sampled_from([f"2024-{m:02d}" for m in range(1, 13)]),
    due_date=st.dates(min_value=d(2024, 1, 1), max_value=d(2025, 1, 31)),
    principal_outstanding_fen=st.integers(min_value=0, max_value=10**7),
    late_fee_fen=st.integers(min_value=0, max_value=10**5),
)


@given(
    payment=st.integers(min_value=0, max_value=10**8),
    bills=st.lists(bill_strategy, max_size=8, unique_by=lambda b: b.id),
    late_fee_first=st.booleans(),
)
def test_allocation_conserves_money(payment: int, bills: list[OpenBill], late_fee_first: bool) -> None:
    result = allocate(payment, bills, late_fee_first)
    assert sum(i.late_fee_fen + i.principal_fen for i in result.items) + result.prepaid_fen == payment
    assert result.prepaid_fen >= 0
    by_id = {b.id: b for b in bills}
    for item in result.items:
        bill = by_id[item.bill_id]
        assert 0 <= item.late_fee_fen <= bill.late_fee_fen
        assert 0 <= item.principal_fen <= bill.principal_outstanding_fen
    # prepaid only when every bill is settled; every bill but the last touched is settled
    if result.prepaid_fen:
        assert result.applied_fen == amount_due(bills)
    assert all(i.settles_bill for i in result.items[:-1])
    # oldest first
    order = [(by_id[i.bill_id].period, by_id[i.bill_id].due_date) for i in result.items]
    assert order == sorted(order)


# --- tenders --------------------------------------------------------------------------------


def test_rule_tender_kinds_cash_card_qr_transfer() -> None:
    assert list(TENDER_KINDS) == ["cash", "card", "qr", "transfer"]


def test_cash_exact_and_with_change() -> None:
    assert tender_change(12850, [Tender("cash", 12850)]) == 0
    assert tender_change(12850, [Tender("cash", 20000)]) == 7150


def test_card_qr_transfer_exact_give_no_change() -> None:
    for kind in ("card", "qr", "transfer"):
        assert tender_change(12850, [Tender(kind, 12850)]) == 0


def test_card_plus_cash_change_comes_from_the_cash_only() -> None:
    """Due 128.50: card 100.00 leaves 28.50; cash 50.00 → change 21.50."""
    assert tender_change(12850, [Tender("cash", 5000), Tender("card", 10000)]) == 2150
    assert net_by_tender(12850, [Tender("cash", 5000), Tender("card", 10000)]) == {
        "cash": 2850,
        "card": 10000,
        "qr": 0,
        "transfer": 0,
    }


def test_several_cash_tenders_add_up() -> None:
    assert tender_change(12850, [Tender("cash", 10000), Tender("cash", 5000)]) == 2150


def test_non_cash_over_the_amount_due_is_refused() -> None:
    with pytest.raises(ValidationError, match="只有现金可以找零") as info:
        tender_change(12850, [Tender("card", 12851)])
    assert info.value.field == "tenders"
    with pytest.raises(ValidationError, match="超过应收"):
        tender_change(12850, [Tender("qr", 10000), Tender("transfer", 5000), Tender("cash", 100)])


def test_rule_cash_short_is_refused_with_xianjin_buzu() -> None:
    with pytest.raises(ValidationError) as info:
        tender_change(12850, [Tender("card", 10000), Tender("cash", 2000)])
    assert info.value.message == "现金不足，还差 ¥8.50"
    with pytest.raises(ValidationError) as info:
        tender_change(12850, [Tender("cash", 12849)])
    assert info.value.message == "现金不足，还差 ¥0.01"


def test_non_cash_short_without_cash_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        tender_change(12850, [Tender("card", 10000)])
    assert info.value.message == "付款金额不足，还差 ¥28.50"


def test_tender_edge_cases() -> None:
    with pytest.raises(ValidationError, match="收款方式"):
        tender_change(100, [])
    with pytest.raises(ValidationError, match="大于零"):
        Tender("cash", 0)
    with pytest.raises(ValidationError, match="未知"):
        Tender("cheque", 100)
    with pytest.raises(TypeError):
        Tender("cash", 100.0)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="应收金额"):
        tender_change(0, [Tender("cash", 100)])


@given(
    due=st.integers(min_value=1, max_value=10**7),
    non_cash=st.lists(
        st.tuples(st.sampled_from(["card", "qr", "transfer"]), st.integers(min_value=1, max_value=10**6)),
        max_size=3,
    ),
    cash=st.lists(st.integers(min_value=1, max_value=10**7), max_size=3),
)
def test_tendering_conserves_money(due: int, non_cash: list[tuple[str, int]], cash: list[int]) -> None:
    tenders = [Tender(k, a) for k, a in non_cash] + [Tender("cash", a) for a in cash]
    try:
        change = tender_change(due, tenders)
    except ValidationError:
        non_cash_total = sum(a for _, a in non_cash)
        assert non_cash_total > due or non_cash_total + sum(cash) < due
        return
    assert 0 <= change <= sum(cash)
    assert sum(t.amount_fen for t in tenders) - change == due
    assert sum(net_by_tender(due, tenders).values()) == due


def test_allocation_item_total() -> None:
    assert AllocationItem("b", 3, 4, False).total_fen == 7
