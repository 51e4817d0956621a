"""DTOs of the money path (issue 3): tariffs, bills, payments, receipts, cashier sessions.

Amounts are integer fen everywhere; the UI formats them with app.domain.money.format_yuan.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TariffVersionRow:
    id: uuid.UUID
    code: str
    name: str
    kind: str  # tiered / tou / flat
    effective_from: dt.date
    effective_to: dt.date | None
    created_by: str
    created_at: dt.datetime
    data: dict[str, Any]  # Tariff.to_dict()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file: line number (1 = header), column, Chinese message."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    ok: bool
    rows: int  # data rows read
    imported: int  # rows written (0 when not ok: nothing is half-imported)
    errors: tuple[RowError, ...]
    encoding: str
    batch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class BillImportReport(ImportReport):
    """账单导入: an :class:`ImportReport` with the figures of the bills issued (0 / "" when not ok)."""

    total_fen: int = 0
    kwh: int = 0
    first_bill_no: str = ""
    last_bill_no: str = ""
    periods: tuple[str, ...] = ()
    offsets: int = 0  # customers whose prepaid settled (part of) an imported bill at once
    offset_fen: int = 0


@dataclass(frozen=True)
class BillRunReport:
    period: str
    bills: int
    total_fen: int
    skipped: int  # customers with no reading, or already billed
    errors: tuple[str, ...]
    elapsed_s: float


@dataclass(frozen=True)
class BillLineRow:
    code: str
    label: str
    quantity: str  # Decimal as text, for display
    unit: str
    price: str
    amount_fen: int
    explanation: str  # "第一档 230 kWh × 0.5380 = 123.74"


@dataclass(frozen=True)
class BillRow:
    id: uuid.UUID
    bill_no: str
    period: str
    bill_type: str  # regular / adjustment
    kwh: int
    amount_fen: int
    due_date: dt.date
    issued_at: dt.datetime
    paid_fen: int  # principal settled (reversals netted)
    outstanding_fen: int  # principal still owed
    late_fee_fen: int  # late fee to the view date on the outstanding principal
    status: str  # 已结清 / 未缴 / 部分缴费 / 逾期
    tariff_code: str
    lines: tuple[BillLineRow, ...]
    note: str = ""
    adjusts_bill_no: str = ""
    #: credit adjustments (退补退还) netted against this bill: they lower what is due, they are
    #: not money paid (negative on the credit adjustment itself)
    credited_fen: int = 0


@dataclass(frozen=True)
class BillView:
    """The bill tab of the customer view: every bill newest first, balance and 24-month usage."""

    customer_id: uuid.UUID
    account_no: str
    name: str
    on_date: dt.date
    arrears_fen: int  # outstanding principal, all bills
    late_fee_fen: int  # to on_date
    prepaid_fen: int  # 预存余额
    bills: tuple[BillRow, ...]
    usage: tuple[tuple[str, int], ...]  # (period, kWh), oldest first, last 24 months

    @property
    def due_fen(self) -> int:
        """What settles everything today (arrears + late fees − prepaid), never below zero."""
        return max(0, self.arrears_fen + self.late_fee_fen - self.prepaid_fen)


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


@dataclass(frozen=True)
class SessionRow:
    id: uuid.UUID
    session_no: str
    username: str
    clerk_name: str
    opened_at: dt.datetime
    float_fen: int
    status: str  # open / closed / approved
    closed_at: dt.datetime | None
    counted_cash_fen: int | None
    expected_cash_fen: int | None
    over_short_fen: int | None
    approved_by: str | None
    version: int
    #: the supervisor's review comment (退回 reason, or how a shortage was handled) and who wrote it
    review_comment: str = ""
    reviewed_by: str = ""


@dataclass(frozen=True)
class SessionSummary:
    """Running totals of a session (for the close screen and the day-end report)."""

    session: SessionRow
    by_tender: dict[str, int]  # net per tender kind
    payments: int
    reversals: int
    refunds: int
    total_fen: int
    expected_cash_fen: int
    unprinted_receipts: tuple[str, ...]  # receipt numbers never printed: closing is refused


@dataclass(frozen=True)
class DayEndReport:
    """The day-end report (日结报表) printed at close and handed to the head cashier."""

    summary: SessionSummary
    counts: dict[str, int]  # denomination code -> count
    counted_cash_fen: int
    over_short_fen: int
    receipts: tuple[PaymentRow, ...]
    hall_name: str
    node_code: str
    printed_at: dt.datetime
    extra: dict[str, Any] = field(default_factory=dict)
