"""Table model over CustomerSummary rows (search results, duplicate candidates)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.dto import CustomerSummary
from ui.customers.common import domain_label, kind_label, status_color, status_label

Index = QModelIndex | QPersistentModelIndex


class SummaryRole(IntEnum):
    """Custom data roles of :class:`CustomerSummaryModel`."""

    SUMMARY = Qt.ItemDataRole.UserRole + 1  # the CustomerSummary itself
    CUSTOMER_ID = Qt.ItemDataRole.UserRole + 2
    ACCOUNT_NO = Qt.ItemDataRole.UserRole + 3
    STATUS = Qt.ItemDataRole.UserRole + 4  # status code (normal / suspended / closed)


class SummaryColumn(IntEnum):
    ACCOUNT = 0
    NAME = 1
    KIND = 2
    STATUS = 3
    PHONE = 4
    ID = 5
    ADDRESS = 6
    MATCHED = 7


SEARCH_COLUMNS = (SummaryColumn.ACCOUNT, SummaryColumn.NAME, SummaryColumn.KIND, SummaryColumn.STATUS,
                  SummaryColumn.PHONE, SummaryColumn.ADDRESS, SummaryColumn.MATCHED)
#: The duplicate dialog also says why each record matched (证件号码, 15/18位, 户名+电话).
DUPLICATE_COLUMNS = (SummaryColumn.ACCOUNT, SummaryColumn.NAME, SummaryColumn.PHONE, SummaryColumn.ID,
                     SummaryColumn.ADDRESS, SummaryColumn.MATCHED)


class CustomerSummaryModel(QAbstractTableModel):
    """Read-only rows of :class:`CustomerSummary`; phone and ID arrive masked from the service."""

    def __init__(self, columns: tuple[SummaryColumn, ...] = SEARCH_COLUMNS, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._columns = columns
        self._rows: list[CustomerSummary] = []
        self._headers = {
            SummaryColumn.ACCOUNT: self.tr("户号"),
            SummaryColumn.NAME: self.tr("户名"),
            SummaryColumn.KIND: self.tr("类别"),
            SummaryColumn.STATUS: self.tr("状态"),
            SummaryColumn.PHONE: self.tr("电话"),
            SummaryColumn.ID: self.tr("证件号码"),
            SummaryColumn.ADDRESS: self.tr("地址"),
            SummaryColumn.MATCHED: self.tr("匹配项"),
        }
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content -----------------------------------------------------------------------
    def set_rows(self, rows: list[CustomerSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[CustomerSummary]:
        return list(self._rows)

    def row_at(self, row: int) -> CustomerSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def column_of(self, column: SummaryColumn) -> int:
        return self._columns.index(column)

    # -- QAbstractTableModel -----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._headers[self._columns[section]]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == SummaryColumn.STATUS:
            return status_color(row.status)
        if role == Qt.ItemDataRole.FontRole and column in (SummaryColumn.ACCOUNT, SummaryColumn.NAME):
            return self._bold
        if role == SummaryRole.SUMMARY:
            return row
        if role == SummaryRole.CUSTOMER_ID:
            return row.id
        if role == SummaryRole.ACCOUNT_NO:
            return row.account_no
        if role == SummaryRole.STATUS:
            return row.status
        return None

    def _text(self, row: CustomerSummary, column: SummaryColumn) -> str:
        if column == SummaryColumn.ACCOUNT:
            return row.account_no
        if column == SummaryColumn.NAME:
            return row.name
        if column == SummaryColumn.KIND:
            return kind_label(row.kind)
        if column == SummaryColumn.STATUS:
            return status_label(row.status)
        if column == SummaryColumn.PHONE:
            return row.phone_masked
        if column == SummaryColumn.ID:
            return row.id_masked
        if column == SummaryColumn.ADDRESS:
            return row.address
        return domain_label(row.matched_by) if row.matched_by else ""
