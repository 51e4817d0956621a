"""Models of the bill tab (账单): the bills, and the explanation lines of one bill."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from app.dto_money import BillLineRow, BillRow
from ui import palette
from ui.billing.base import RowRole, RowsModel, yuan
from ui.i18n import MESSAGE_CONTEXT, localize

OVERDUE_FG = QColor(palette.ERROR)
OVERDUE_BG = QColor(palette.ERROR_BG)
SETTLED_FG = QColor(palette.OK)
PARTIAL_FG = QColor(palette.CAUTION)
ADJUST_FG = QColor(palette.ADJUST)

#: bill statuses as the service words them
OVERDUE, UNPAID, PARTIAL, SETTLED = "逾期", "未缴", "部分缴费", "已结清"


def bill_type_label(code: str) -> str:
    return {"regular": QCoreApplication.translate("Billing", "正常"),
            "adjustment": QCoreApplication.translate("Billing", "退补")}.get(code, code)


def is_overdue(bill: BillRow, today: dt.date | None = None) -> bool:
    if bill.status == OVERDUE:
        return True
    return bill.outstanding_fen > 0 and bill.due_date < (today or dt.date.today())


class BillColumn(IntEnum):
    PERIOD = 0
    BILL_NO = 1
    KWH = 2
    AMOUNT = 3
    CREDITED = 4  # credit adjustments netted against the bill (退补冲减): not money paid
    DUE_DATE = 5
    PAID = 6
    OUTSTANDING = 7
    LATE_FEE = 8
    STATUS = 9


class BillRole(IntEnum):
    BILL_ID = RowRole.SORT + 10
    OVERDUE = RowRole.SORT + 11


class BillsModel(RowsModel[BillRow]):
    """Every bill of the customer, newest first (as the service returns them); overdue in red."""

    columns = BillColumn
    right_aligned = frozenset({BillColumn.KWH, BillColumn.AMOUNT, BillColumn.CREDITED, BillColumn.PAID,
                               BillColumn.OUTSTANDING, BillColumn.LATE_FEE})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.on_date: dt.date | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_bills(self, bills: tuple[BillRow, ...] | list[BillRow], on_date: dt.date | None = None) -> None:
        self.on_date = on_date
        self.set_rows(list(bills))

    def headers(self) -> list[str]:
        return [self.tr("账期"), self.tr("账单号"), self.tr("电量(kWh)"), self.tr("电费(元)"), self.tr("退补冲减(元)"),
                self.tr("缴费截止日"),
                self.tr("已缴(元)"), self.tr("欠费(元)"), self.tr("违约金(元)"), self.tr("状态")]

    def display(self, bill: BillRow, column: int) -> str:
        match column:
            case BillColumn.PERIOD:
                return bill.period if bill.bill_type == "regular" else f"{bill.period} {bill_type_label(bill.bill_type)}"
            case BillColumn.BILL_NO:
                return bill.bill_no
            case BillColumn.KWH:
                return f"{bill.kwh:,}"
            case BillColumn.AMOUNT:
                return yuan(bill.amount_fen)
            case BillColumn.CREDITED:
                # on the corrected bill, what its credit adjustments took off (as a negative)
                return yuan(-bill.credited_fen) if bill.credited_fen > 0 else ""
            case BillColumn.DUE_DATE:
                return bill.due_date.isoformat()
            case BillColumn.PAID:
                return yuan(bill.paid_fen)
            case BillColumn.OUTSTANDING:
                return yuan(bill.outstanding_fen)
            case BillColumn.LATE_FEE:
                return yuan(bill.late_fee_fen)
            case BillColumn.STATUS:
                return QCoreApplication.translate("Billing", bill.status)
        return ""

    def sort_value(self, bill: BillRow, column: int) -> Any:
        return {BillColumn.KWH: bill.kwh, BillColumn.AMOUNT: bill.amount_fen,
                BillColumn.CREDITED: max(bill.credited_fen, 0), BillColumn.PAID: bill.paid_fen,
                BillColumn.OUTSTANDING: bill.outstanding_fen, BillColumn.LATE_FEE: bill.late_fee_fen,
                BillColumn.DUE_DATE: bill.due_date.isoformat()}.get(BillColumn(column), self.display(bill, column))

    def extra(self, bill: BillRow, column: int, role: int) -> Any:
        overdue = is_overdue(bill, self.on_date)
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return OVERDUE_FG
            if column == BillColumn.STATUS:
                return {SETTLED: SETTLED_FG, PARTIAL: PARTIAL_FG}.get(bill.status)
            if column == BillColumn.PERIOD and bill.bill_type != "regular" or column == BillColumn.CREDITED:
                return ADJUST_FG
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_BG if overdue else None
        if role == Qt.ItemDataRole.FontRole:
            if column == BillColumn.STATUS or (overdue and column in (BillColumn.OUTSTANDING, BillColumn.LATE_FEE)):
                return self._bold
            return None
        if role == BillRole.BILL_ID:
            return str(bill.id)
        if role == BillRole.OVERDUE:
            return overdue
        return None

    def row_of(self, bill_id: object) -> int:
        for i, bill in enumerate(self._rows):
            if bill.id == bill_id:
                return i
        return -1


class LineColumn(IntEnum):
    ITEM = 0
    QUANTITY = 1
    PRICE = 2
    AMOUNT = 3
    EXPLANATION = 4


class BillLinesModel(RowsModel[BillLineRow]):
    """How one bill was computed, line by line (每档/每时段 电量 × 电价 = 金额, 免费电量, 退补)."""

    columns = LineColumn
    right_aligned = frozenset({LineColumn.QUANTITY, LineColumn.PRICE, LineColumn.AMOUNT})

    def headers(self) -> list[str]:
        return [self.tr("项目"), self.tr("数量"), self.tr("单价(元)"), self.tr("金额(元)"), self.tr("计算过程")]

    def display(self, line: BillLineRow, column: int) -> str:
        match column:
            case LineColumn.ITEM:
                return localize(line.label)  # a Message from format 2 on; older bills keep their Chinese
            case LineColumn.QUANTITY:
                unit = QCoreApplication.translate(MESSAGE_CONTEXT, line.unit) if line.unit else ""
                return f"{line.quantity} {unit}".strip() if line.quantity else ""
            case LineColumn.PRICE:
                return line.price
            case LineColumn.AMOUNT:
                return yuan(line.amount_fen)
            case LineColumn.EXPLANATION:
                return localize(line.explanation)
        return ""

    def sort_value(self, line: BillLineRow, column: int) -> Any:
        return line.amount_fen if column == LineColumn.AMOUNT else self.display(line, column)

    def extra(self, line: BillLineRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and (line.amount_fen < 0 or line.code == "free"):
            return SETTLED_FG  # a free allowance (低保/五保免费电量) or a refund lowers the bill
        return None

    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self._rows)
