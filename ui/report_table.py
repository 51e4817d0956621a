"""The table of a report on screen: the columns of a :class:`~app.dto.reports.ReportTable`, its
rows and its totals row (bold, last)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from app.dto.reports import Column, ReportTable
from ui.formatting import yuan
from ui.table_model import LEFT, RIGHT, TableColumn, TableModel

#: A row on screen: the values and whether it is the totals row.
Row = tuple[tuple[Any, ...], bool]


def cell_text(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, int):
        return yuan(value, symbol=False)
    if column.kind == "datetime" and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if column.kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if column.kind == "int" and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _column(index: int, column: Column) -> TableColumn[Row]:
    numeric = column.kind in ("money", "int")
    return TableColumn(
        column.label,
        lambda r: cell_text(column, r[0][index]),
        align=RIGHT if numeric else LEFT,
        sort=lambda r: (r[1], r[0][index] if r[0][index] is not None else ""),
    )


class ReportModel(TableModel[Row]):
    """Read-only rows of the report; the totals row is bold."""

    align_headers = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: ReportTable | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def show(self, table: ReportTable | None) -> None:
        self.table = table
        self.beginResetModel()
        self.columns = tuple(_column(i, c) for i, c in enumerate(table.columns)) if table else ()
        self.endResetModel()
        rows: list[Row] = [(r, False) for r in table.rows] if table else []
        if table is not None:
            rows.append((table.totals, True))
        self.set_rows(rows)

    def cell(self, row: Row, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row[1]:
            return self._bold
        return None
