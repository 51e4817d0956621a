"""Models of the bill tab (账单): the bills, and the explanation lines of one bill."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from app.domain.codes import BillType
from app.dto.billing import BillLineRow, BillRow
from ui import palette
from ui.formatting import bill_type_label, yuan
from ui.i18n import MESSAGE_CONTEXT, localize
from ui.table_model import LEFT, RIGHT, RowRole, TableColumn, TableModel

OVERDUE_FG = QColor(palette.ERROR)
OVERDUE_BG = QColor(palette.ERROR_BG)
SETTLED_FG = QColor(palette.OK)
PARTIAL_FG = QColor(palette.CAUTION)
ADJUST_FG = QColor(palette.ADJUST)

#: bill statuses as the service words them
OVERDUE, UNPAID, PARTIAL, SETTLED = "逾期", "未缴", "部分缴费", "已结清"


def is_overdue(bill: BillRow, today: dt.date | None = None) -> bool:
    if bill.status == OVERDUE:
        return True
    return bill.outstanding_fen > 0 and bill.due_date < (today or dt.date.today())


def _period(bill: BillRow) -> str:
    return bill.period if bill.bill_type == BillType.REGULAR else f"{bill.period} {bill_type_label(bill.bill_type)}"


def _quantity(line: BillLineRow) -> str:
    unit = QCoreApplication.translate(MESSAGE_CONTEXT, line.unit) if line.unit else ""
    return f"{line.quantity} {unit}".strip() if line.quantity else ""


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


class BillsModel(TableModel[BillRow]):
    """Every bill of the customer, newest first (as the service returns them); overdue in red."""

    align_headers = True
    default_align = LEFT

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.on_date: dt.date | None = None
        self._bold = QFont()
        self._bold.setBold(True)
        self.columns = (
            TableColumn(self.tr("账期"), _period),
            TableColumn(self.tr("账单号"), lambda b: b.bill_no),
            TableColumn(self.tr("电量(kWh)"), lambda b: f"{b.kwh:,}", RIGHT, sort=lambda b: b.kwh),
            TableColumn(self.tr("电费(元)"), lambda b: yuan(b.amount_fen, symbol=False), RIGHT,
                        sort=lambda b: b.amount_fen),
            # on the corrected bill, what its credit adjustments took off (as a negative)
            TableColumn(self.tr("退补冲减(元)"),
                        lambda b: yuan(-b.credited_fen, symbol=False) if b.credited_fen > 0 else "", RIGHT,
                        sort=lambda b: max(b.credited_fen, 0)),
            TableColumn(self.tr("缴费截止日"), lambda b: b.due_date.isoformat()),
            TableColumn(self.tr("已缴(元)"), lambda b: yuan(b.paid_fen, symbol=False), RIGHT,
                        sort=lambda b: b.paid_fen),
            TableColumn(self.tr("欠费(元)"), lambda b: yuan(b.outstanding_fen, symbol=False), RIGHT,
                        sort=lambda b: b.outstanding_fen),
            TableColumn(self.tr("违约金(元)"), lambda b: yuan(b.late_fee_fen, symbol=False), RIGHT,
                        sort=lambda b: b.late_fee_fen),
            TableColumn(self.tr("状态"), lambda b: QCoreApplication.translate("Billing", b.status)),
        )

    def set_bills(self, bills: tuple[BillRow, ...] | list[BillRow], on_date: dt.date | None = None) -> None:
        self.on_date = on_date
        self.set_rows(list(bills))

    def cell(self, bill: BillRow, column: int, role: int) -> Any:
        overdue = is_overdue(bill, self.on_date)
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return OVERDUE_FG
            if column == BillColumn.STATUS:
                return {SETTLED: SETTLED_FG, PARTIAL: PARTIAL_FG}.get(bill.status)
            if column == BillColumn.PERIOD and bill.bill_type != BillType.REGULAR or column == BillColumn.CREDITED:
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


class BillLinesModel(TableModel[BillLineRow]):
    """How one bill was computed, line by line (每档/每时段 电量 × 电价 = 金额, 免费电量, 退补)."""

    align_headers = True
    default_align = LEFT

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            # a Message from format 2 on; older bills keep their Chinese
            TableColumn(self.tr("项目"), lambda line: localize(line.label)),
            TableColumn(self.tr("数量"), _quantity, RIGHT),
            TableColumn(self.tr("单价(元)"), lambda line: line.price, RIGHT),
            TableColumn(self.tr("金额(元)"), lambda line: yuan(line.amount_fen, symbol=False), RIGHT,
                        sort=lambda line: line.amount_fen),
            TableColumn(self.tr("计算过程"), lambda line: localize(line.explanation)),
        )

    def cell(self, line: BillLineRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and (line.amount_fen < 0 or line.code == "free"):
            return SETTLED_FG  # a free allowance (低保/五保免费电量) or a refund lowers the bill
        return None

    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self._rows)
