"""Models of the payment screens: the customer's payments (缴费记录) and a payment's allocation."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from app.domain.codes import PaymentKind
from app.dto.payments import AllocationRow, PaymentRow
from ui import palette
from ui.formatting import payment_kind_label, yuan
from ui.i18n import fill
from ui.table_model import LEFT, RIGHT, RowRole, TableColumn, TableModel

RED = QColor(palette.ERROR)
GREY = QColor(palette.VOID)
GREEN = QColor(palette.OK)
AMBER = QColor(palette.UNPRINTED)  # 未打印: the receipt never went out
PARTIAL = QColor(palette.CAUTION)


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


class PaymentsModel(TableModel[PaymentRow]):
    """Payments, reversals, refunds and prepaid offsets of one customer, newest first."""

    align_headers = True
    default_align = LEFT

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._struck = QFont()
        self._struck.setStrikeOut(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self.columns = (
            TableColumn(self.tr("收据号"), lambda r: r.receipt_no or "—"),
            TableColumn(self.tr("时间"), lambda r: f"{r.posted_at:%Y-%m-%d %H:%M:%S}",
                        sort=lambda r: r.posted_at.isoformat()),
            TableColumn(self.tr("类型"), lambda r: payment_kind_label(r.kind)),
            TableColumn(self.tr("金额(元)"), lambda r: yuan(r.amount_fen, symbol=False), RIGHT,
                        sort=lambda r: r.amount_fen),
            TableColumn(self.tr("收款方式"), lambda r: r.tenders),
            TableColumn(self.tr("收费员"), lambda r: r.posted_by),
            TableColumn(self.tr("班次"), lambda r: r.session_no),
            TableColumn(self.tr("状态"), self.status_text),
        )

    def status_text(self, row: PaymentRow) -> str:
        """已冲正 / 已退费 / 正常, and 未打印 while the receipt never went out."""
        if row.reversed:
            status = self.tr("已退费") if row.undone_by == PaymentKind.REFUND else self.tr("已冲正")
        else:
            status = self.tr("正常")
        if unprinted(row):
            return self.tr("未打印") if not row.reversed else fill(self.tr("%1，未打印"), status)
        return status

    def cell(self, row: PaymentRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if unprinted(row) and column in (PaymentColumn.STATUS, PaymentColumn.RECEIPT_NO):
                return AMBER
            if row.reversed:
                return GREY
            if row.amount_fen < 0 or (column == PaymentColumn.KIND and row.kind in (PaymentKind.REVERSAL, PaymentKind.REFUND)):
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
            return row.kind == PaymentKind.PAYMENT and not row.reversed
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


class AllocationModel(TableModel[AllocationRow]):
    """How a payment settles the bills, oldest first (违约金, 本金), as quoted before posting."""

    align_headers = True
    default_align = LEFT

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("账期"), lambda r: r.period),
            TableColumn(self.tr("账单号"), lambda r: r.bill_no),
            TableColumn(self.tr("违约金"), lambda r: yuan(r.late_fee_fen, symbol=False), RIGHT,
                        sort=lambda r: r.late_fee_fen),
            TableColumn(self.tr("本金"), lambda r: yuan(r.principal_fen, symbol=False), RIGHT,
                        sort=lambda r: r.principal_fen),
            TableColumn(self.tr("小计"), lambda r: yuan(r.late_fee_fen + r.principal_fen, symbol=False), RIGHT,
                        sort=lambda r: r.late_fee_fen + r.principal_fen),
            TableColumn(self.tr("结果"), lambda r: self.tr("结清") if r.settles_bill else self.tr("部分")),
        )

    def cell(self, row: AllocationRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == AllocationColumn.RESULT:
            return GREEN if row.settles_bill else PARTIAL
        return None

    def total_fen(self) -> int:
        return sum(r.late_fee_fen + r.principal_fen for r in self._rows)
