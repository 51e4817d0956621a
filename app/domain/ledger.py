"""The customer's ledger (客户账): bills, what was posted against them, late fees, what is open.

Pure rules over values: the service that reads the rows is :mod:`app.services.ledger`. This is
the one place where "what does this customer owe today" is computed (docs/money-path.md,
"Balance"); payments allocate against :meth:`Ledger.open_items`, the bill view shows them, the
bill run and the imports settle prepaid balances with :func:`plan_offset`.

Late fees after partial payments. The contract's rule is
``late_fee_for(outstanding, due_date, on_date, …)`` per bill. Taken literally, a partial payment
that pays the fee accrued so far plus some principal would be charged again, on the remaining
principal, for the days it already paid for. So the fee is accrued in *stretches*: between two
postings on a bill the principal is constant, and each stretch adds the exact (unrounded)
``late_fee_for(principal, due, end) − late_fee_for(principal, due, start)`` (the same rates, the
same year boundary, the same grace days). The bill's fee is the exact sum rounded to the fen
once (issue 6 item 17), whatever the partial payments; only a posting that settled the whole
fee owed on its day closes what was charged so far (it was collected, rounded, on that day) and
the fee after it is rounded on its own. What is owed is that total minus the late fee already
paid on the bill. The minimum charge (when configured) applies to the bill's total fee, once:
a fee already paid that reached the minimum is not topped up again after a partial payment.

Credit adjustments (退补 with a negative amount, issue 6 item 19) reduce what is due on the
bill they correct (``LedgerBill.credited_fen``), as far as that bill is still unpaid: they are
not money paid by the customer and post no offset. Only a credit larger than what is still
owed on its bill becomes prepaid (an ``offset`` payment moves it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from app.domain.allocation import OpenBill, allocate
from app.domain.codes import BillType
from app.domain.late_fees import LateFeeRules, late_fee_for, round_fee
from app.domain.periods import local_date

__all__ = [
    "Ledger",
    "LedgerBill",
    "OffsetPlan",
    "OpenBillRow",
    "Posting",
    "Standing",
    "accrued_late_fee",
    "late_fee_owed",
    "plan_offset",
    "printed_balance",
]

#: What was posted on a bill on a local day: (day, principal) or (day, principal, late fee).
Posting = tuple[dt.date, int] | tuple[dt.date, int, int]


@dataclass
class LedgerBill:
    """One bill with what has been posted against it (allocations of every payment kind)."""

    id: uuid.UUID
    bill_no: str
    period: str
    bill_type: str
    amount_fen: int
    due_date: dt.date
    issued_at: dt.datetime
    paid_fen: int = 0  # principal settled, reversals netted
    fee_paid_fen: int = 0  # late fee settled, reversals netted
    #: (local day, principal posted[, late fee posted]); a credit adjustment netted against this
    #: bill is a principal event of its issue day
    events: list[Posting] = field(default_factory=list)
    adjusts_id: uuid.UUID | None = None  # an adjustment bill: the bill it corrects
    #: credit of adjustments netted against this bill (positive on the corrected bill, the same
    #: amount negative on the credit adjustment itself): not money paid
    credited_fen: int = 0

    @property
    def outstanding_fen(self) -> int:
        return self.amount_fen - self.paid_fen - self.credited_fen

    @property
    def bill_year(self) -> int:
        """账务年度: the year the bill was issued (late fees: current-year vs earlier-year)."""
        return local_date(self.issued_at).year

    def post(self, day: dt.date, principal_fen: int, late_fee_fen: int) -> None:
        """An allocation posted on local ``day`` (negative: a reversal or refund of one)."""
        self.paid_fen += principal_fen
        self.fee_paid_fen += late_fee_fen
        if principal_fen or late_fee_fen:
            self.events.append((day, principal_fen, late_fee_fen))


def _net_credits(bills: Iterable[LedgerBill]) -> None:
    """Net each credit adjustment against the bill it corrects, as far as that bill is still
    owed (module docstring); what is left of the credit stays a negative outstanding amount."""
    by_id = {b.id: b for b in bills}
    credits = sorted(
        (b for b in by_id.values() if b.amount_fen < 0 and b.adjusts_id is not None),
        key=lambda b: (b.issued_at, b.bill_no),
    )
    for credit in credits:
        original = by_id.get(credit.adjusts_id) if credit.adjusts_id is not None else None
        if original is None:
            continue
        netted = min(-credit.outstanding_fen, max(original.outstanding_fen, 0))
        if netted <= 0:
            continue
        original.credited_fen += netted
        credit.credited_fen -= netted
        original.events.append((local_date(credit.issued_at), netted, 0))


def _with_minimum(fee: int, rules: LateFeeRules) -> int:
    return rules.minimum_fen if rules.minimum_enabled and 0 < fee < rules.minimum_fen else fee


def _charged_late_fee(bill: LedgerBill, customer_kind: str, on_date: dt.date, rules: LateFeeRules) -> int:
    """The bill's late fee up to ``on_date`` before any minimum: stretches summed exactly and
    rounded once, except that a day on which the whole fee owed was paid closes (module doc)."""
    if bill.amount_fen <= 0:
        return 0
    plain = dataclasses.replace(rules, minimum_enabled=False) if rules.minimum_enabled else rules

    def exact(principal: int, day: dt.date) -> Decimal:
        if principal <= 0:
            return Decimal(0)
        return late_fee_for(principal, bill.due_date, day, customer_kind, plain, bill.bill_year).exact

    by_day: dict[dt.date, list[int]] = {}
    for event in bill.events:
        day = min(event[0], on_date)
        posted = by_day.setdefault(day, [0, 0])
        posted[0] += event[1]
        posted[1] += event[2] if len(event) > 2 else 0  # type: ignore[misc]
    principal, prev = bill.amount_fen, bill.due_date
    total = base_exact = Decimal(0)
    base_fen = fee_paid = 0
    for day in sorted(by_day):
        if day > prev:
            total += exact(principal, day) - exact(principal, prev)
            prev = day
        posted_principal, posted_fee = by_day[day]
        principal -= posted_principal
        fee_paid += posted_fee
        charged = base_fen + round_fee(total - base_exact)
        if posted_fee and fee_paid > 0 and fee_paid >= _with_minimum(charged, rules):
            base_fen, base_exact = charged, total  # the fee to this day was collected, rounded
    if on_date > prev:
        total += exact(principal, on_date) - exact(principal, prev)
    return base_fen + round_fee(total - base_exact)


def accrued_late_fee(bill: LedgerBill, customer_kind: str, on_date: dt.date, rules: LateFeeRules) -> int:
    """The bill's whole late fee up to ``on_date`` (paid or not), the minimum included."""
    return _with_minimum(_charged_late_fee(bill, customer_kind, on_date, rules), rules)


def late_fee_owed(bill: LedgerBill, customer_kind: str, on_date: dt.date, rules: LateFeeRules) -> int:
    """What is still owed of the bill's late fee: its total (minimum applied once, to the
    total) minus the late fee already paid on it."""
    return max(0, accrued_late_fee(bill, customer_kind, on_date, rules) - bill.fee_paid_fen)


@dataclass(frozen=True)
class OpenBillRow(OpenBill):
    """An open bill for :func:`app.domain.allocation.allocate` (``id`` is ``str(bill_id)``),
    with what the counter shows besides."""

    bill_id: uuid.UUID | None = None
    bill_no: str = ""
    bill_type: str = BillType.REGULAR
    amount_fen: int = 0
    paid_fen: int = 0


def printed_balance(arrears_fen: int, late_fee_fen: int, prepaid_fen: int) -> int:
    """The balance printed on receipts: arrears + late fees − prepaid (negative = credit)."""
    return arrears_fen + late_fee_fen - prepaid_fen


@dataclass(frozen=True)
class Standing:
    """Where the customer stands on one day (账户状况): the open bills with their late fee to
    that day, and the totals. Read from a :class:`Ledger` by :meth:`Ledger.standing`."""

    items: tuple[OpenBillRow, ...]  # open bills, oldest first
    arrears_fen: int  # Σ outstanding principal (credits left over count negative)
    late_fee_fen: int  # Σ late fee owed
    prepaid_fen: int  # Σ payment.prepaid_fen

    @property
    def balance_fen(self) -> int:
        """arrears + late fees − prepaid, as printed on receipts (negative = credit)."""
        return printed_balance(self.arrears_fen, self.late_fee_fen, self.prepaid_fen)


@dataclass(frozen=True)
class Ledger:
    """Every bill of one customer that matters (oldest first) and the prepaid balance."""

    customer_id: uuid.UUID
    customer_kind: str
    bills: tuple[LedgerBill, ...]  # oldest first
    prepaid_fen: int

    @classmethod
    def of(
        cls, customer_id: uuid.UUID, customer_kind: str, bills: Iterable[LedgerBill], prepaid_fen: int
    ) -> Ledger:
        """The ledger of ``bills`` with their postings in: credit adjustments are netted against
        the bills they correct, and the bills ordered by period, due date and number."""
        bills = list(bills)
        _net_credits(bills)
        return cls(
            customer_id,
            customer_kind,
            tuple(sorted(bills, key=lambda b: (b.period, b.due_date, b.bill_no))),
            prepaid_fen,
        )

    @property
    def arrears_fen(self) -> int:
        """Σ outstanding principal of every bill (a credit left over counts negative)."""
        return sum(b.outstanding_fen for b in self.bills)

    def open_items(self, on_date: dt.date, rules: LateFeeRules) -> list[OpenBillRow]:
        """The bills with principal or late fee owed on ``on_date``, oldest first."""
        out = []
        for b in self.bills:
            outstanding = b.outstanding_fen
            fee = late_fee_owed(b, self.customer_kind, on_date, rules)
            if outstanding > 0 or fee > 0:
                out.append(
                    OpenBillRow(
                        id=str(b.id),
                        period=b.period,
                        due_date=b.due_date,
                        principal_outstanding_fen=max(outstanding, 0),
                        late_fee_fen=fee,
                        bill_id=b.id,
                        bill_no=b.bill_no,
                        bill_type=b.bill_type,
                        amount_fen=b.amount_fen - b.credited_fen,
                        paid_fen=b.paid_fen,
                    )
                )
        return out

    def standing(self, on_date: dt.date, rules: LateFeeRules) -> Standing:
        """Open items and totals on ``on_date`` (one pass over the late fees)."""
        items = self.open_items(on_date, rules)
        return Standing(tuple(items), self.arrears_fen, sum(i.late_fee_fen for i in items), self.prepaid_fen)


@dataclass(frozen=True)
class OffsetPlan:
    """预存抵扣: what an ``offset`` payment would post, and the balance it leaves unchanged."""

    posted: list[tuple[uuid.UUID, int, int]]  # (bill_id, principal_fen, late_fee_fen)
    balance_fen: int  # arrears + late fees − prepaid on the day: a transfer does not change it

    @property
    def applied_fen(self) -> int:
        return sum(p + f for _, p, f in self.posted)

    @property
    def late_fee_fen(self) -> int:
        return sum(f for _, _, f in self.posted)


def plan_offset(
    ledger: Ledger, on_date: dt.date, late_fee_first: bool, rules: LateFeeRules
) -> OffsetPlan | None:
    """Settle open bills from the prepaid balance and from credit bills (negative adjustments),
    oldest first, as one ``offset`` payment: no receipt, no session, no money in or out. Each
    credit bill is settled whole (its negative outstanding posted back to zero); the money they
    and the prepaid balance make is allocated by :func:`app.domain.allocation.allocate`. None
    when there is nothing to settle."""
    credits = [b for b in ledger.bills if b.outstanding_fen < 0]
    available = ledger.prepaid_fen + sum(-b.outstanding_fen for b in credits)
    items = ledger.open_items(on_date, rules)
    if available <= 0 or not (items or credits):
        return None
    allocation = allocate(available, items, late_fee_first)
    posted = [(b.id, b.outstanding_fen, 0) for b in credits]
    by_id = {item.id: item.bill_id for item in items if item.bill_id is not None}
    posted += [(by_id[i.bill_id], i.principal_fen, i.late_fee_fen) for i in allocation.items if i.total_fen]
    if not posted:
        return None
    balance = printed_balance(ledger.arrears_fen, sum(i.late_fee_fen for i in items), ledger.prepaid_fen)
    return OffsetPlan(posted, balance)
