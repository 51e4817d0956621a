"""Payments: quotes, tenders, receipts, payment rows and their print state."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class AllocationRow:
    bill_id: uuid.UUID
    bill_no: str
    period: str
    late_fee_fen: int
    principal_fen: int
    settles_bill: bool


@dataclass(frozen=True)
class PaymentQuote:
    """What a payment of ``amount_fen`` would do, shown before the clerk confirms."""

    customer_id: uuid.UUID
    on_date: dt.date
    due_fen: int
    arrears_fen: int
    late_fee_fen: int
    prepaid_before_fen: int
    amount_fen: int
    allocations: tuple[AllocationRow, ...]
    to_prepaid_fen: int
    #: when the figures were read (naive UTC, like the stored timestamps): a payment sends it
    #: back with ``due_fen`` so a change in between can be named (PostPayment.quoted_at)
    quoted_at: dt.datetime | None = None


@dataclass(frozen=True)
class TenderInput:
    kind: str  # cash / card / qr / transfer (app.domain.allocation.TENDER_KINDS)
    amount_fen: int
    reference: str = ""  # card / QR / transfer reference


@dataclass(frozen=True)
class TenderRow:
    kind: str
    label: str
    amount_fen: int
    reference: str


@dataclass(frozen=True)
class Receipt:
    """Everything a printed receipt (收费凭证) shows; also the answer of post/reverse/refund."""

    payment_id: uuid.UUID
    receipt_no: str
    kind: str  # payment / reversal / refund
    customer_id: uuid.UUID
    account_no: str
    customer_name: str
    address: str
    amount_fen: int
    amount_capital: str  # 壹佰贰拾捌元伍角整
    tendered_fen: int
    change_fen: int
    applied_fen: int
    late_fee_fen: int
    prepaid_fen: int
    balance_before_fen: int
    balance_after_fen: int
    tenders: tuple[TenderRow, ...]
    allocations: tuple[AllocationRow, ...]
    hall_name: str
    node_code: str
    clerk_name: str
    clerk_no: str
    session_no: str
    posted_at: dt.datetime  # local time
    reverses_receipt_no: str = ""
    reason: str = ""
    approved_by: str = ""
    reversed: bool = False  # undone later: a reversal (冲正) or a refund (退费) of it exists
    print_count: int = 0
    lookup_code: str = ""  # encoded in the QR code: node + receipt number + amount
    undone_by: str = ""  # "reversal" / "refund" when ``reversed``, else ""

    @property
    def principal_fen(self) -> int:
        """电费本金: the money applied to bills minus the late fees (``applied_fen`` holds both)."""
        return self.applied_fen - self.late_fee_fen


@dataclass(frozen=True)
class PaymentRow:
    payment_id: uuid.UUID
    receipt_no: str
    kind: str
    amount_fen: int
    posted_at: dt.datetime
    posted_by: str
    tenders: str  # "现金 100.00 / 扫码 28.50"
    reversed: bool  # undone later: a reversal (冲正) or a refund (退费) of it exists
    session_no: str
    session_open: bool = False  # its cashier session still open: 冲正 is possible, else 退费
    undone_by: str = ""  # "reversal" / "refund" when ``reversed``, else ""
    printed: bool = True  # its receipt went out at least once (offsets have no receipt: True)


@dataclass(frozen=True)
class PrintInfo:
    copy_no: int
    reprint: bool  # copy_no > 1: the document is marked 补打
