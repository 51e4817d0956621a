"""Models of the change-history tab (变更记录): one row per operation, and its field changes."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.domain.codes import OpType
from app.dto.customers import HistoryEntry
from ui import palette
from ui.table_model import RowRole, TableColumn, TableModel


class HistoryRole(IntEnum):
    ENTRY = RowRole.ROW  # the HistoryEntry itself
    SEQ = Qt.ItemDataRole.UserRole + 2
    OP_TYPE = Qt.ItemDataRole.UserRole + 3


class HistoryColumn(IntEnum):
    TIME = 0
    OPERATOR = 1
    OPERATION = 2
    SUMMARY = 3


class HistoryModel(TableModel[HistoryEntry]):
    """Operations on one customer, newest first (as the service returns them)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._op_names: dict[str, str] = {OpType.REGISTER_CUSTOMER: self.tr("建档"), OpType.UPDATE_CUSTOMER: self.tr("修改档案")}
        self.columns = (
            TableColumn(self.tr("时间"), lambda e: e.occurred_at),
            TableColumn(self.tr("操作员"), lambda e: e.actor),
            TableColumn(self.tr("操作"), lambda e: self._op_names.get(e.op_type, e.op_type)),
            TableColumn(self.tr("摘要"), lambda e: e.summary),
        )

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.set_rows(entries)

    def entry_at(self, row: int) -> HistoryEntry | None:
        return self.row_at(row)

    def cell(self, entry: HistoryEntry, column: int, role: int) -> Any:
        if role == HistoryRole.SEQ:
            return entry.seq
        if role == HistoryRole.OP_TYPE:
            return entry.op_type
        return None


class ChangeRole(IntEnum):
    FIELD = Qt.ItemDataRole.UserRole + 1
    OLD = Qt.ItemDataRole.UserRole + 2
    NEW = Qt.ItemDataRole.UserRole + 3


class ChangesModel(TableModel[tuple[str, str, str]]):
    """Field-level changes of one history entry: 字段, 原值 → 新值 (sensitive values masked)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._old_color = QColor(palette.REMOVED)
        self._new_color = QColor(palette.OK_DARK)
        self.columns = (
            TableColumn(self.tr("字段"), lambda c: c[0]),
            TableColumn(self.tr("原值"), lambda c: c[1] or self.tr("（空）")),
            TableColumn(self.tr("新值"), lambda c: c[2]),
        )

    def set_changes(self, changes: tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]]) -> None:
        self.set_rows(changes)

    def cell(self, change: tuple[str, str, str], column: int, role: int) -> Any:
        field, old, new = change
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return self._old_color
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return self._new_color
        if role == ChangeRole.FIELD:
            return field
        if role == ChangeRole.OLD:
            return old
        if role == ChangeRole.NEW:
            return new
        return None
