"""A read-only table model over a list of DTOs, shared by the money screens' models.

Subclasses name their columns (an IntEnum), headers, and how a row shows in each column;
alignment, tooltips, the row DTO role and the flags are handled here once.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from shiboken6 import isValid

from app.domain.money import format_yuan

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


def alive(obj: object) -> bool:
    """False once Qt has deleted the widget: a background answer arriving after its dialog
    closed (or its customer view went away) is dropped instead of touching a dead object."""
    return isValid(obj)


def yuan(fen: int) -> str:
    """Amounts in tables: no ¥ (the header says 元), thousands separators, two decimals."""
    return format_yuan(fen, symbol=False)


class RowRole(IntEnum):
    """Roles every money model answers (its own roles start at ``UserRole + 10``)."""

    ROW = Qt.ItemDataRole.UserRole + 1  # the DTO of the row
    SORT = Qt.ItemDataRole.UserRole + 2  # a sortable raw value (fen, date, text)


class RowsModel(QAbstractTableModel, Generic[T]):
    columns: type[IntEnum]
    right_aligned: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    # -- to override -------------------------------------------------------------------
    def headers(self) -> list[str]:
        raise NotImplementedError

    def display(self, row: T, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: T, column: int) -> Any:
        return self.display(row, column)

    def extra(self, row: T, column: int, role: int) -> Any:
        """Colours, fonts and the subclass's own roles; None when not answered."""
        return None

    # -- data --------------------------------------------------------------------------
    def set_rows(self, rows: list[T] | tuple[T, ...]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 — Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if section in self.right_aligned else LEFT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.columns):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column in self.right_aligned else LEFT)
        if role == RowRole.ROW:
            return row
        if role == RowRole.SORT:
            return self.sort_value(row, column)
        return self.extra(row, column, role)
