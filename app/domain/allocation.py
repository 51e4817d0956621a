"""Applying money to bills (销账) and tendering (收款方式、找零).

:func:`allocate` — a payment settles the **oldest** open bill first (by billing period, then due
date, then the order given), and within each bill the late fee before the principal when
``late_fee_first`` is set (the usual practice, and the default), else principal before late fee.
Bills are settled one after another: bill 1 is settled completely (both parts) before bill 2
receives anything. Whatever is left after every open bill is settled becomes prepaid balance
(预存电费). Money is conserved exactly: ``sum(item totals) + prepaid == payment``.

:func:`apply_prepaid` — the same rules applied to a customer's prepaid balance (预存抵扣): when a
bill is issued (or the balance is applied at the counter) the balance settles open bills oldest
first exactly like a payment of that amount; the result's ``prepaid_fen`` is the balance that
remains. It is a transfer inside the customer's account, so no tender and no receipt of new
money is involved, and the caller records it as its own posting.

:func:`tender_change` — one payment event may mix tenders (cash, bank card, QR, transfer).
Card, QR and transfer are exact electronic amounts: together they may not exceed what is due.
Only cash may exceed what remains after them, and the excess is the change (找零).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.codes import TenderKind
from app.domain.errors import ValidationError, term
from app.domain.money import ensure_fen, format_yuan

__all__ = [
    "NON_CASH_KINDS",
    "TENDER_KINDS",
    "Allocation",
    "AllocationItem",
    "OpenBill",
    "Tender",
    "allocate",
    "amount_due",
    "apply_prepaid",
    "net_by_tender",
    "tender_change",
]

#: Tender kinds (收款方式). The QR channel (WeChat / Alipay / UnionPay) is a payment reference
#: detail, not a separate kind: for the drawer and the day-end report they are one tender.
TENDER_KINDS: dict[str, str] = {
    TenderKind.CASH: term("现金"),
    TenderKind.CARD: term("银行卡"),
    TenderKind.QR: term("扫码支付"),
    TenderKind.TRANSFER: term("转账"),
}
NON_CASH_KINDS = frozenset(TENDER_KINDS) - {TenderKind.CASH}


@dataclass(frozen=True)
class OpenBill:
    """An open (not fully paid) bill as the allocation sees it.

    ``period`` is the billing period as "YYYY-MM" (it must sort chronologically); the late
    fee is the one computed to the payment day (:func:`app.domain.late_fees.late_fee_for`).
    """

    id: str
    period: str
    due_date: dt.date
    principal_outstanding_fen: int
    late_fee_fen: int = 0

    def __post_init__(self) -> None:
        for name in ("principal_outstanding_fen", "late_fee_fen"):
            if ensure_fen(getattr(self, name), name) < 0:
                raise ValueError(f"{name} of bill {self.id} is negative")

    @property
    def total_fen(self) -> int:
        return self.principal_outstanding_fen + self.late_fee_fen


@dataclass(frozen=True)
class AllocationItem:
    bill_id: str
    late_fee_fen: int
    principal_fen: int
    settles_bill: bool  # the bill's principal and late fee are both paid in full

    @property
    def total_fen(self) -> int:
        return self.late_fee_fen + self.principal_fen


@dataclass(frozen=True)
class Allocation:
    items: tuple[AllocationItem, ...]
    prepaid_fen: int  # 预存: payment left after every open bill is settled

    @property
    def applied_fen(self) -> int:
        return sum(item.total_fen for item in self.items)

    @property
    def total_fen(self) -> int:
        return self.applied_fen + self.prepaid_fen


def amount_due(bills: Iterable[OpenBill]) -> int:
    """Everything owed: principal plus late fees of the open bills."""
    return sum(b.total_fen for b in bills)


def _ordered(bills: Sequence[OpenBill]) -> list[OpenBill]:
    ids = [b.id for b in bills]
    if len(set(ids)) != len(ids):
        raise ValueError("the same bill is listed twice")
    return sorted(bills, key=lambda b: (b.period, b.due_date))  # stable: ties keep input order


def allocate(payment_fen: int, bills: Sequence[OpenBill], late_fee_first: bool = True) -> Allocation:
    """Apply ``payment_fen`` to ``bills``, oldest first; see the module docstring."""
    ensure_fen(payment_fen, "payment_fen")
    if payment_fen < 0:
        raise ValidationError("amount", "收款金额不能为负数")
    remaining = payment_fen
    items: list[AllocationItem] = []
    for bill in _ordered(bills):
        if remaining == 0:
            break
        if bill.total_fen == 0:
            continue
        parts = [bill.late_fee_fen, bill.principal_outstanding_fen]
        if not late_fee_first:
            parts.reverse()
        paid: list[int] = []
        for owed in parts:
            take = min(owed, remaining)
            paid.append(take)
            remaining -= take
        late_fee, principal = paid if late_fee_first else paid[::-1]
        items.append(
            AllocationItem(
                bill_id=bill.id,
                late_fee_fen=late_fee,
                principal_fen=principal,
                settles_bill=late_fee + principal == bill.total_fen,
            )
        )
    return Allocation(tuple(items), remaining)


def apply_prepaid(
    prepaid_balance_fen: int, bills: Sequence[OpenBill], late_fee_first: bool = True
) -> Allocation:
    """Settle open bills from a prepaid balance (预存抵扣), oldest first, like a payment.

    ``prepaid_fen`` of the result is the balance left over; nothing new is received.
    """
    ensure_fen(prepaid_balance_fen, "prepaid_balance_fen")
    if prepaid_balance_fen < 0:
        raise ValueError("a prepaid balance cannot be negative")
    return allocate(prepaid_balance_fen, bills, late_fee_first)


# --- tenders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tender:
    kind: str  # a key of TENDER_KINDS
    amount_fen: int

    def __post_init__(self) -> None:
        ensure_fen(self.amount_fen, "amount_fen")
        if self.kind not in TENDER_KINDS:
            raise ValidationError("tenders", "未知收款方式：{kind}", kind=self.kind)
        if self.amount_fen <= 0:
            raise ValidationError("tenders", "{tender}金额必须大于零", tender=TENDER_KINDS[self.kind])


def tender_change(due_fen: int, tenders: Sequence[Tender]) -> int:
    """The change (找零) to hand back when ``tenders`` pay ``due_fen``.

    * card / QR / transfer together must not exceed ``due_fen`` ("非现金金额超过应收");
    * cash must cover what they leave ("现金不足"), or, with no cash at all, the tenders must
      cover the amount ("付款金额不足");
    * change = cash − (due − non-cash), never more than the cash given.
    """
    ensure_fen(due_fen, "due_fen")
    if due_fen <= 0:
        raise ValidationError("amount", "应收金额必须大于零")
    if not tenders:
        raise ValidationError("tenders", "请选择收款方式并输入金额")
    non_cash = sum(t.amount_fen for t in tenders if t.kind != TenderKind.CASH)
    cash = sum(t.amount_fen for t in tenders if t.kind == TenderKind.CASH)
    if non_cash > due_fen:
        raise ValidationError(
            "tenders",
            "银行卡/扫码/转账金额合计 {non_cash} 超过应收 {due}，只有现金可以找零",
            non_cash=format_yuan(non_cash),
            due=format_yuan(due_fen),
        )
    remaining = due_fen - non_cash
    if cash < remaining:
        short = format_yuan(remaining - cash)
        if cash:
            raise ValidationError("tenders", "现金不足，还差 {short}", short=short)
        raise ValidationError("tenders", "付款金额不足，还差 {short}", short=short)
    return cash - remaining


def net_by_tender(due_fen: int, tenders: Sequence[Tender]) -> dict[str, int]:
    """What each tender kind actually contributes to ``due_fen`` (cash net of the change).

    These are the amounts a cashier session totals per tender; they add up to ``due_fen``.
    """
    change = tender_change(due_fen, tenders)
    totals = dict.fromkeys(TENDER_KINDS, 0)
    for tender in tenders:
        totals[tender.kind] += tender.amount_fen
    totals[TenderKind.CASH] -= change
    return totals
