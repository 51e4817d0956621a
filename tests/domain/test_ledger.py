"""The customer's ledger (app.domain.ledger): late-fee accrual after partial payments, credit
adjustments, open items, the balance and the offset plan (预存抵扣). Pure: no database.

The rules are those of the module docstring of app/domain/ledger.py and docs/money-path.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

from app.domain.codes import BillType, CustomerKind
from app.domain.late_fees import LateFeeRules, late_fee_for, round_fee
from app.domain.ledger import (
    Ledger,
    LedgerBill,
    accrued_late_fee,
    late_fee_owed,
    plan_offset,
    printed_balance,
)

d = dt.date
RULES = LateFeeRules()
MINIMUM = LateFeeRules(minimum_enabled=True, minimum_fen=100)
RES = CustomerKind.RESIDENTIAL
MAR_10, MAR_1 = d(2025, 3, 10), d(2025, 3, 1)
CUSTOMER = uuid.UUID(int=1)


def bill(
    amount_fen: int,
    due: dt.date = MAR_10,
    period: str = "2025-02",
    no: str = "B1",
    adjusts: LedgerBill | None = None,
    issued: dt.date = MAR_1,
) -> LedgerBill:
    return LedgerBill(
        uuid.uuid4(),
        no,
        period,
        BillType.ADJUSTMENT if adjusts else BillType.REGULAR,
        amount_fen,
        due,
        dt.datetime.combine(issued, dt.time(4)),
        adjusts_id=adjusts.id if adjusts else None,
    )


def ledger(*bills: LedgerBill, prepaid_fen: int = 0, kind: str = RES) -> Ledger:
    return Ledger.of(CUSTOMER, kind, bills, prepaid_fen)


# ---- late-fee accrual ---------------------------------------------------------------------------


def test_rule_unpaid_bill_accrues_the_plain_late_fee_to_the_day() -> None:
    """¥100 due 10 March, unpaid on 25 March: 15 days × 1‰ × 100 = 1.50, as late_fee_for says."""
    b = bill(10000)
    assert accrued_late_fee(b, RES, d(2025, 3, 25), RULES) == 150
    assert late_fee_owed(b, RES, d(2025, 3, 25), RULES) == 150
    assert accrued_late_fee(b, RES, d(2025, 3, 10), RULES) == 0  # the due day itself is free


def test_rule_partial_payment_of_fee_and_principal_is_not_charged_again_for_days_paid() -> None:
    """On 20 March the fee so far (10 days × 1‰ × 100 = 1.00) and ¥50 principal are paid; the
    next 10 days accrue on the remaining ¥50 only: 0.50 owed on 30 March, 1.50 accrued in all."""
    b = bill(10000)
    b.post(d(2025, 3, 20), 5000, 100)
    assert accrued_late_fee(b, RES, d(2025, 3, 30), RULES) == 150
    assert late_fee_owed(b, RES, d(2025, 3, 30), RULES) == 50
    assert b.outstanding_fen == 5000


def test_rule_late_fee_stretches_are_summed_exactly_and_rounded_once() -> None:
    """A principal-only partial payment does not close the fee: each stretch adds its exact
    amount and the bill's fee is the exact total rounded once (issue 6 item 17)."""
    due = d(2025, 3, 10)
    b = bill(1250, due)
    b.post(d(2025, 3, 11), 625, 0)
    exact = (
        late_fee_for(1250, due, d(2025, 3, 11), RES, RULES, 2025).exact
        + late_fee_for(625, due, d(2025, 3, 14), RES, RULES, 2025).exact
        - late_fee_for(625, due, d(2025, 3, 11), RES, RULES, 2025).exact
    )
    assert accrued_late_fee(b, RES, d(2025, 3, 14), RULES) == round_fee(exact)


def test_rule_minimum_late_fee_applies_to_the_bill_total_once() -> None:
    """With the ¥1 minimum: 2 days on ¥100 (0.20) is charged 1.00; once that and ¥50 are paid,
    the fee after it is not topped up to the minimum again; only a total over ¥1 is owed."""
    b = bill(10000)
    assert late_fee_owed(b, RES, d(2025, 3, 12), MINIMUM) == 100
    b.post(d(2025, 3, 12), 5000, 100)
    assert late_fee_owed(b, RES, d(2025, 3, 20), MINIMUM) == 0  # 0.20 + 8 days × 0.05 = 0.60 < 1.00
    # 0.20 + 49 days × 1‰ × 50 = 2.65 in all, 1.00 of it paid
    assert late_fee_owed(b, RES, d(2025, 4, 30), MINIMUM) == 165


def test_rule_non_residential_bill_of_an_earlier_year_accrues_at_the_earlier_year_rate() -> None:
    """一般工商业, a 2024 bill still unpaid in January 2025: 3‰/day on the days of 2025."""
    b = bill(100000, d(2025, 1, 15), "2024-12", issued=d(2024, 12, 20))
    assert b.bill_year == 2024
    assert accrued_late_fee(b, CustomerKind.GENERAL_CI, d(2025, 1, 25), RULES) == 3000


def test_rule_credit_bill_and_settled_bill_accrue_no_late_fee() -> None:
    credit = bill(-500, adjusts=bill(1000))
    assert accrued_late_fee(credit, RES, d(2025, 6, 1), RULES) == 0
    paid = bill(10000)
    paid.post(d(2025, 3, 5), 10000, 0)  # paid before it was due
    assert late_fee_owed(paid, RES, d(2025, 6, 1), RULES) == 0


# ---- credit adjustments (退补 with a negative amount) ------------------------------------------------


def test_rule_credit_adjustment_reduces_what_the_corrected_bill_owes() -> None:
    original = bill(5000)
    credit = bill(-2000, adjusts=original, no="B2", issued=d(2025, 3, 5))
    book = ledger(original, credit)
    assert (original.outstanding_fen, original.credited_fen) == (3000, 2000)
    assert credit.outstanding_fen == 0
    assert book.arrears_fen == 3000


def test_rule_credit_beyond_what_the_corrected_bill_still_owes_stays_a_credit() -> None:
    """¥40 of the ¥50 bill is paid: a ¥20 credit nets ¥10 against it, ¥10 stays to move as prepaid."""
    original = bill(5000)
    original.post(d(2025, 3, 8), 4000, 0)
    credit = bill(-2000, adjusts=original, no="B2", issued=d(2025, 3, 9))
    book = ledger(original, credit)
    assert original.outstanding_fen == 0
    assert credit.outstanding_fen == -1000
    assert book.arrears_fen == -1000


def test_rule_credit_stops_the_late_fee_from_its_issue_day() -> None:
    """The credit is a principal event of its issue day: the late fee runs on what is left."""
    original = bill(10000)
    credit = bill(-10000, adjusts=original, no="B2", issued=d(2025, 3, 20))
    book = ledger(original, credit)
    assert original.outstanding_fen == 0
    assert late_fee_owed(book.bills[0], RES, d(2025, 4, 30), RULES) == 100  # 10 days × 1‰ × 100


# ---- open items and the balance --------------------------------------------------------------------


def test_rule_open_items_are_the_bills_with_principal_or_late_fee_owed_oldest_first() -> None:
    march = bill(3000, d(2025, 4, 10), "2025-03", "B3")
    january = bill(1000, d(2025, 2, 10), "2025-01", "B1")
    february = bill(2000, d(2025, 3, 10), "2025-02", "B2")
    january.post(d(2025, 2, 5), 1000, 0)  # settled on time: not open
    february.post(d(2025, 3, 20), 2000, 0)  # settled late: its fee is still owed
    book = ledger(march, january, february)
    assert [b.bill_no for b in book.bills] == ["B1", "B2", "B3"]
    items = book.open_items(d(2025, 4, 1), RULES)
    assert [(i.bill_no, i.principal_outstanding_fen, i.late_fee_fen) for i in items] == [
        ("B2", 0, 20),
        ("B3", 3000, 0),
    ]  # 10 days × 1‰ × 20.00 = 0.20
    assert items[0].id == str(february.id) and items[0].bill_id == february.id


def test_rule_balance_is_arrears_plus_late_fees_minus_prepaid() -> None:
    b = bill(10000)
    standing = ledger(b, prepaid_fen=300).standing(d(2025, 3, 25), RULES)
    assert (standing.arrears_fen, standing.late_fee_fen, standing.prepaid_fen) == (10000, 150, 300)
    assert standing.balance_fen == printed_balance(10000, 150, 300) == 9850
    assert [i.bill_id for i in standing.items] == [b.id]


# ---- the offset plan (预存抵扣) ---------------------------------------------------------------------


def test_rule_offset_settles_open_bills_oldest_first_from_prepaid() -> None:
    older, newer = bill(2000, d(2025, 3, 10), "2025-02", "B1"), bill(2000, d(2025, 4, 10), "2025-03", "B2")
    book = ledger(newer, older, prepaid_fen=3000)
    plan = plan_offset(book, d(2025, 3, 5), late_fee_first=True, rules=RULES)
    assert plan is not None
    assert plan.posted == [(older.id, 2000, 0), (newer.id, 1000, 0)]
    assert (plan.applied_fen, plan.late_fee_fen) == (3000, 0)
    assert plan.balance_fen == 4000 - 3000  # a transfer: the balance it leaves is the one before


def test_rule_offset_pays_the_late_fee_first_when_the_hall_says_so() -> None:
    b = bill(10000)  # 15 days late on 25 March: 1.50 late fee
    book = ledger(b, prepaid_fen=1000)
    first = plan_offset(book, d(2025, 3, 25), late_fee_first=True, rules=RULES)
    assert first is not None and first.posted == [(b.id, 850, 150)]
    principal_first = plan_offset(book, d(2025, 3, 25), late_fee_first=False, rules=RULES)
    assert principal_first is not None and principal_first.posted == [(b.id, 1000, 0)]


def test_rule_offset_moves_a_leftover_credit_to_the_open_bills() -> None:
    """The credit bill is posted back to zero; its money settles the other open bill."""
    original = bill(5000, no="B1")
    original.post(d(2025, 3, 8), 5000, 0)
    credit = bill(-2000, adjusts=original, no="B2", issued=d(2025, 3, 9))
    other = bill(1500, d(2025, 4, 10), "2025-03", "B3")
    book = ledger(original, credit, other)
    plan = plan_offset(book, d(2025, 3, 9), late_fee_first=True, rules=RULES)
    assert plan is not None
    assert plan.posted == [(credit.id, -2000, 0), (other.id, 1500, 0)]
    assert plan.applied_fen == -500  # what is left (¥5) stays as prepaid


def test_rule_no_offset_without_prepaid_or_credit_or_open_bills() -> None:
    assert plan_offset(ledger(bill(1000)), d(2025, 3, 5), True, RULES) is None  # nothing to pay with
    paid = bill(1000)
    paid.post(d(2025, 3, 5), 1000, 0)
    assert plan_offset(ledger(paid, prepaid_fen=500), d(2025, 3, 6), True, RULES) is None  # nothing owed


def test_ledger_bill_post_records_only_postings_that_move_money() -> None:
    b = bill(1000)
    b.post(d(2025, 3, 1), 0, 0)
    b.post(d(2025, 3, 2), 400, 0)
    b.post(d(2025, 3, 3), -400, 0)  # a reversal
    assert (b.paid_fen, b.fee_paid_fen, b.events) == (
        0,
        0,
        [(d(2025, 3, 2), 400, 0), (d(2025, 3, 3), -400, 0)],
    )
    assert dataclasses.replace(b, paid_fen=1000).outstanding_fen == 0
