"""The one read-only table model of ``ui/``: a QAbstractTableModel over a list of frozen DTOs.

A model declares its columns once, each with its header, how a row shows in it, its alignment
and (optionally) its tooltip and sort value::

    class UsersModel(TableModel[UserRow]):
        def __init__(self, parent=None):
            super().__init__(parent)
            self.columns = (
                TableColumn(self.tr("用户名"), lambda r: r.username),
                TableColumn(self.tr("工号"), lambda r: r.employee_no, align=CENTER), …)

        def cell(self, row, column, role):  # colours, fonts, the model's own roles (an IntEnum)
            …

Row count, column count, headers, flags, display/tooltip/alignment, ``RowRole.ROW`` (the DTO),
``set_rows`` (begin/endResetModel) and ``row_at`` are here, once. Every model built on it
passes pytest-qt's ``qtmodeltester.check`` (tests/ui/test_table_models.py and the screens' tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
CENTER = Qt.AlignmentFlag.AlignCenter


class RowRole(IntEnum):
    """Roles every model answers unless its ``cell`` answers the same number first (a model's
    own roles, an IntEnum, start at ``RowRole.SORT + 10`` in new models)."""

    ROW = Qt.ItemDataRole.UserRole + 1  # the DTO of the row
    SORT = Qt.ItemDataRole.UserRole + 2  # a sortable raw value of the cell (fen, date, text)


@dataclass(frozen=True)
class TableColumn(Generic[T]):
    """One column: its (translated) header, how a row shows in it, and how it lines up."""

    header: str
    value: Callable[[T], str]
    align: Qt.AlignmentFlag | None = None
    #: the tooltip, when it says more than the cell (else the cell's text)
    tooltip: Callable[[T], str] | None = None
    #: a sortable raw value (fen, date, text), answered under the model's ``sort_role``
    sort: Callable[[T], Any] | None = None


class TableModel(QAbstractTableModel, Generic[T]):
    """Read-only rows of ``T``; subclasses set ``columns`` and may answer more in ``cell``."""

    #: the role under which ``TableColumn.sort`` (else the cell's text) is answered
    sort_role: int = RowRole.SORT
    #: the alignment of a column that declares none (None: Qt's default, left)
    default_align: Qt.AlignmentFlag | None = None
    #: headers take their column's alignment (the money tables line the header up with the figures)
    align_headers: bool = False
    #: the vertical header numbers the rows 1, 2, …
    row_numbers: bool = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns: Sequence[TableColumn[T]] = ()
        self._rows: list[T] = []

    # ---- to override -----------------------------------------------------------------------------

    def cell(self, row: T, column: int, role: int) -> Any:
        """Colours, fonts and the model's own roles; None when not answered."""
        return None

    # ---- content ---------------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def text(self, row: T, column: int) -> str:
        """What the cell shows (tests and copy actions read it without an index)."""
        return self.columns[column].value(row)

    # ---- QAbstractTableModel -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 — Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802 — Qt's signature
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if self.row_numbers and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._rows):
                return str(section + 1)
            return None
        if not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole and self.align_headers:
            return int(self.columns[section].align or self.default_align or LEFT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or not 0 <= index.row() < len(self._rows)
            or not 0 <= index.column() < len(self.columns)
        ):
            return None
        row, column = self._rows[index.row()], index.column()
        spec = self.columns[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (spec.tooltip or spec.value)(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            answer = self.cell(row, column, role)
            if answer is not None:
                return answer
            align = spec.align or self.default_align
            return None if align is None else int(align)
        answer = self.cell(row, column, role)
        if answer is not None:
            return answer
        if role == RowRole.ROW:
            return row
        if role == self.sort_role:
            return spec.sort(row) if spec.sort is not None else spec.value(row)
        return None
