"""Models of the change-history tab (变更记录): one row per operation, and its field changes."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.dto import HistoryEntry
from ui import palette

Index = QModelIndex | QPersistentModelIndex


class HistoryRole(IntEnum):
    ENTRY = Qt.ItemDataRole.UserRole + 1  # the HistoryEntry itself
    SEQ = Qt.ItemDataRole.UserRole + 2
    OP_TYPE = Qt.ItemDataRole.UserRole + 3


class HistoryColumn(IntEnum):
    TIME = 0
    OPERATOR = 1
    OPERATION = 2
    SUMMARY = 3


class HistoryModel(QAbstractTableModel):
    """Operations on one customer, newest first (as the service returns them)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[HistoryEntry] = []
        self._headers = [self.tr("时间"), self.tr("操作员"), self.tr("操作"), self.tr("摘要")]
        self._op_names = {"RegisterCustomer": self.tr("建档"), "UpdateCustomer": self.tr("修改档案")}

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry_at(self, row: int) -> HistoryEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 — Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HistoryColumn)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(HistoryColumn):
            return None
        entry = self._rows[index.row()]
        column = HistoryColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == HistoryColumn.TIME:
                return entry.occurred_at
            if column == HistoryColumn.OPERATOR:
                return entry.actor
            if column == HistoryColumn.OPERATION:
                return self._op_names.get(entry.op_type, entry.op_type)
            return entry.summary
        if role == HistoryRole.ENTRY:
            return entry
        if role == HistoryRole.SEQ:
            return entry.seq
        if role == HistoryRole.OP_TYPE:
            return entry.op_type
        return None


class ChangeRole(IntEnum):
    FIELD = Qt.ItemDataRole.UserRole + 1
    OLD = Qt.ItemDataRole.UserRole + 2
    NEW = Qt.ItemDataRole.UserRole + 3


class ChangesModel(QAbstractTableModel):
    """Field-level changes of one history entry: 字段, 原值 → 新值 (sensitive values masked)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []
        self._headers = [self.tr("字段"), self.tr("原值"), self.tr("新值")]
        self._old_color = QColor(palette.REMOVED)
        self._new_color = QColor(palette.OK_DARK)

    def set_changes(self, changes: tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(changes)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return self._headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < 3:
            return None
        field, old, new = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (field, old, new)[index.column()]
            if index.column() == 1 and not value:
                return self.tr("（空）")
            return value
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return self._old_color
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return self._new_color
        if role == ChangeRole.FIELD:
            return field
        if role == ChangeRole.OLD:
            return old
        if role == ChangeRole.NEW:
            return new
        return None
