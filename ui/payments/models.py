"""Models of the payment screens: the customer's payments (缴费记录) and a payment's allocation."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from app.dto_money import AllocationRow, PaymentRow
from ui import palette
from ui.billing.base import RowRole, RowsModel, yuan
from ui.i18n import fill

RED = QColor(palette.ERROR)
GREY = QColor(palette.VOID)
GREEN = QColor(palette.OK)
AMBER = QColor(palette.UNPRINTED)  # 未打印: the receipt never went out
PARTIAL = QColor(palette.CAUTION)


def kind_label(kind: str) -> str:
    labels = {"payment": "收费", "reversal": "冲正", "refund": "退费", "offset": "预存抵扣"}
    return QCoreApplication.translate("Payments", labels.get(kind, kind))


def unprinted(row: PaymentRow) -> bool:
    """A receipt (offsets have none) that never went out: its next copy is the first, not 补打."""
    return bool(row.receipt_no) and not row.printed


class PaymentColumn(IntEnum):
    RECEIPT_NO = 0
    POSTED_AT = 1
    KIND = 2
    AMOUNT = 3
    TENDERS = 4
    CLERK = 5
    SESSION = 6
    STATUS = 7


class PaymentRole(IntEnum):
    PAYMENT_ID = RowRole.SORT + 10
    REVERSIBLE = RowRole.SORT + 11  # a payment not yet reversed (the 冲正 button may try it)
    PRINTABLE = RowRole.SORT + 12  # has a receipt number (offsets have none)
    UNPRINTED = RowRole.SORT + 13  # has a receipt that never went out (its next copy is the first)


class PaymentsModel(RowsModel[PaymentRow]):
    """Payments, reversals, refunds and prepaid offsets of one customer, newest first."""

    columns = PaymentColumn
    right_aligned = frozenset({PaymentColumn.AMOUNT})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._bold = QFont()
        self._bold.setBold(True)

    def headers(self) -> list[str]:
        return [self.tr("收据号"), self.tr("时间"), self.tr("类型"), self.tr("金额(元)"), self.tr("收款方式"),
                self.tr("收费员"), self.tr("班次"), self.tr("状态")]

    def display(self, row: PaymentRow, column: int) -> str:
        match column:
            case PaymentColumn.RECEIPT_NO:
                return row.receipt_no or "—"
            case PaymentColumn.POSTED_AT:
                return f"{row.posted_at:%Y-%m-%d %H:%M:%S}"
            case PaymentColumn.KIND:
                return kind_label(row.kind)
            case PaymentColumn.AMOUNT:
                return yuan(row.amount_fen)
            case PaymentColumn.TENDERS:
                return row.tenders
            case PaymentColumn.CLERK:
                return row.posted_by
            case PaymentColumn.SESSION:
                return row.session_no
            case PaymentColumn.STATUS:
                return self.status_text(row)
        return ""

    def status_text(self, row: PaymentRow) -> str:
        """已冲正 / 已退费 / 正常, and 未打印 while the receipt never went out."""
        if row.reversed:
            status = self.tr("已退费") if row.undone_by == "refund" else self.tr("已冲正")
        else:
            status = self.tr("正常")
        if unprinted(row):
            return self.tr("未打印") if not row.reversed else fill(self.tr("%1，未打印"), status)
        return status

    def sort_value(self, row: PaymentRow, column: int) -> Any:
        if column == PaymentColumn.AMOUNT:
            return row.amount_fen
        if column == PaymentColumn.POSTED_AT:
            return row.posted_at.isoformat()
        return self.display(row, column)

    def extra(self, row: PaymentRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if unprinted(row) and column in (PaymentColumn.STATUS, PaymentColumn.RECEIPT_NO):
                return AMBER
            if row.reversed:
                return GREY
            if row.amount_fen < 0 or (column == PaymentColumn.KIND and row.kind in ("reversal", "refund")):
                return RED
            return None
        if role == Qt.ItemDataRole.FontRole and row.reversed and column == PaymentColumn.AMOUNT:
            return self._struck
        if role == Qt.ItemDataRole.FontRole and unprinted(row) and column == PaymentColumn.STATUS:
            return self._bold
        if role == PaymentRole.UNPRINTED:
            return unprinted(row)
        if role == PaymentRole.PAYMENT_ID:
            return str(row.payment_id)
        if role == PaymentRole.REVERSIBLE:
            return row.kind == "payment" and not row.reversed
        if role == PaymentRole.PRINTABLE:
            return bool(row.receipt_no)
        return None

    def row_of(self, payment_id: object) -> int:
        for i, row in enumerate(self._rows):
            if row.payment_id == payment_id:
                return i
        return -1


class AllocationColumn(IntEnum):
    PERIOD = 0
    BILL_NO = 1
    LATE_FEE = 2
    PRINCIPAL = 3
    TOTAL = 4
    RESULT = 5


class AllocationModel(RowsModel[AllocationRow]):
    """How a payment settles the bills, oldest first (违约金, 本金), as quoted before posting."""

    columns = AllocationColumn
    right_aligned = frozenset({AllocationColumn.LATE_FEE, AllocationColumn.PRINCIPAL, AllocationColumn.TOTAL})

    def headers(self) -> list[str]:
        return [self.tr("账期"), self.tr("账单号"), self.tr("违约金"), self.tr("本金"), self.tr("小计"),
                self.tr("结果")]

    def display(self, row: AllocationRow, column: int) -> str:
        match column:
            case AllocationColumn.PERIOD:
                return row.period
            case AllocationColumn.BILL_NO:
                return row.bill_no
            case AllocationColumn.LATE_FEE:
                return yuan(row.late_fee_fen)
            case AllocationColumn.PRINCIPAL:
                return yuan(row.principal_fen)
            case AllocationColumn.TOTAL:
                return yuan(row.late_fee_fen + row.principal_fen)
            case AllocationColumn.RESULT:
                return self.tr("结清") if row.settles_bill else self.tr("部分")
        return ""

    def sort_value(self, row: AllocationRow, column: int) -> Any:
        return {AllocationColumn.LATE_FEE: row.late_fee_fen, AllocationColumn.PRINCIPAL: row.principal_fen,
                AllocationColumn.TOTAL: row.late_fee_fen + row.principal_fen}.get(
            AllocationColumn(column), self.display(row, column))

    def extra(self, row: AllocationRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == AllocationColumn.RESULT:
            return GREEN if row.settles_bill else PARTIAL
        return None

    def total_fen(self) -> int:
        return sum(r.late_fee_fen + r.principal_fen for r in self._rows)
