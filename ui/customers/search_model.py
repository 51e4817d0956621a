"""Table model over CustomerSummary rows (search results, duplicate candidates)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from app.dto.customers import CustomerSummary
from ui import palette
from ui.customers.common import kind_label, status_color
from ui.formatting import customer_status_label, domain_label
from ui.table_model import RowRole, TableColumn, TableModel


@dataclass(frozen=True)
class SearchMark:
    """A feature's mark on one search result (停电 …): a short ``text`` after the name, in the
    warning colour, and the ``tooltip`` saying more. Features add them through the host."""

    text: str
    tooltip: str = ""


class SummaryRole(IntEnum):
    """Custom data roles of :class:`CustomerSummaryModel`."""

    SUMMARY = RowRole.ROW  # the CustomerSummary itself
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


_NO_MARK = SearchMark("")


class CustomerSummaryModel(TableModel[CustomerSummary]):
    """Read-only rows of :class:`CustomerSummary`; phone and ID arrive masked from the service."""

    row_numbers = True

    def __init__(self, columns: tuple[SummaryColumn, ...] = SEARCH_COLUMNS, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._kinds = columns
        self.marks: dict[uuid.UUID, SearchMark] = {}
        every: dict[SummaryColumn, TableColumn[CustomerSummary]] = {
            SummaryColumn.ACCOUNT: TableColumn(self.tr("户号"), lambda r: r.account_no),
            # a feature's mark (停电 …) follows the name, its tooltip says more
            SummaryColumn.NAME: TableColumn(
                self.tr("户名"), lambda r: f"{r.name}　{self._mark(r).text}" if r.id in self.marks else r.name,
                tooltip=lambda r: self._mark(r).tooltip or r.name),
            SummaryColumn.KIND: TableColumn(self.tr("类别"), lambda r: kind_label(r.kind)),
            SummaryColumn.STATUS: TableColumn(self.tr("状态"), lambda r: customer_status_label(r.status)),
            SummaryColumn.PHONE: TableColumn(self.tr("电话"), lambda r: r.phone_masked),
            SummaryColumn.ID: TableColumn(self.tr("证件号码"), lambda r: r.id_masked),
            SummaryColumn.ADDRESS: TableColumn(self.tr("地址"), lambda r: r.address),
            SummaryColumn.MATCHED: TableColumn(
                self.tr("匹配项"), lambda r: domain_label(r.matched_by) if r.matched_by else ""),
        }
        self.columns = tuple(every[column] for column in columns)
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content -----------------------------------------------------------------------
    def clear(self) -> None:
        self.set_rows([])

    def set_rows(self, rows: Iterable[CustomerSummary], marks: Mapping[uuid.UUID, SearchMark] | None = None) -> None:
        self.marks = dict(marks or {})
        super().set_rows(rows)

    def _mark(self, row: CustomerSummary) -> SearchMark:
        return self.marks.get(row.id, _NO_MARK)

    def column_of(self, column: SummaryColumn) -> int:
        return self._kinds.index(column)

    def cell(self, row: CustomerSummary, column: int, role: int) -> Any:
        kind = self._kinds[column]
        if role == Qt.ItemDataRole.ForegroundRole and kind == SummaryColumn.STATUS:
            return status_color(row.status)
        if role == Qt.ItemDataRole.ForegroundRole and kind == SummaryColumn.NAME and row.id in self.marks:
            return QColor(palette.ERROR)
        if role == Qt.ItemDataRole.FontRole and kind in (SummaryColumn.ACCOUNT, SummaryColumn.NAME):
            return self._bold
        if role == SummaryRole.CUSTOMER_ID:
            return row.id
        if role == SummaryRole.ACCOUNT_NO:
            return row.account_no
        if role == SummaryRole.STATUS:
            return row.status
        return None
