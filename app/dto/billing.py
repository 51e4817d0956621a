"""Tariff versions, bills and their lines, bill runs and bill-file imports."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from app.dto.common import ImportReport


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
