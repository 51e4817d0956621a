"""Qt item models of the cashier screens: takings per tender, and the sessions under review."""

from __future__ import annotations

import uuid
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.allocation import TENDER_KINDS
from app.dto_money import SessionRow
from ui import palette
from ui.cashier.common import (
    STATUS_COLORS,
    local_time,
    over_short_color,
    over_short_text,
    status_label,
    tender_label,
    yuan,
)

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
SHORT_TIME = "%m-%d %H:%M"  # the table; the tooltip and the detail line have the year


class _TableBase(QAbstractTableModel):
    headers: list[str] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def _count(self) -> int:
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


# ---- takings per tender (本班次收款汇总) --------------------------------------------------------


class TenderRoles(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1  # "cash" / "card" / … ; "" on the total row
    AMOUNT_FEN = Qt.ItemDataRole.UserRole + 2


class TenderColumn(IntEnum):
    TENDER = 0
    AMOUNT = 1


class TenderTotalsModel(_TableBase):
    """One row per tender kind (every kind, zeros included, in TENDER_KINDS order) and a total row."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("收款方式"), self.tr("净收金额")]
        self._rows: list[tuple[str, int]] = []

    def set_totals(self, by_tender: dict[str, int] | None) -> None:
        self.beginResetModel()
        if by_tender is None:
            self._rows = []
        else:
            kinds = list(TENDER_KINDS) + [k for k in by_tender if k not in TENDER_KINDS]
            self._rows = [(k, by_tender.get(k, 0)) for k in kinds]
            self._rows.append(("", sum(by_tender.values())))
        self.endResetModel()

    def _count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, amount = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == TenderColumn.TENDER:
                return tender_label(kind) if kind else self.tr("合计")
            return yuan(amount)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TenderColumn.AMOUNT:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and not kind:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == TenderColumn.AMOUNT and amount < 0:
            return QBrush(QColor(palette.ERROR))
        if role == TenderRoles.KIND:
            return kind
        if role == TenderRoles.AMOUNT_FEN:
            return amount
        return None


# ---- sessions (班次审核) --------------------------------------------------------------------------


class SessionRoles(IntEnum):
    ROW = Qt.ItemDataRole.UserRole + 1  # the SessionRow
    SESSION_ID = Qt.ItemDataRole.UserRole + 2  # str(uuid)
    STATUS = Qt.ItemDataRole.UserRole + 3  # open / closed / approved
    OVER_SHORT_FEN = Qt.ItemDataRole.UserRole + 4  # int or None
    SORT = Qt.ItemDataRole.UserRole + 5  # a sortable value of the cell


class SessionColumn(IntEnum):
    SESSION_NO = 0
    CLERK = 1
    OPENED = 2
    CLOSED = 3
    FLOAT = 4
    EXPECTED = 5
    COUNTED = 6
    OVER_SHORT = 7
    STATUS = 8
    APPROVED_BY = 9


class SessionsModel(_TableBase):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("班次号"), self.tr("营业员"), self.tr("开班时间"), self.tr("交班时间"),
                        self.tr("备用金"), self.tr("应有现金"), self.tr("实点现金"), self.tr("长短款"),
                        self.tr("状态"), self.tr("审核人")]
        self._rows: list[SessionRow] = []

    def set_rows(self, rows: list[SessionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[SessionRow]:
        return list(self._rows)

    def row_at(self, row: int) -> SessionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, session_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == session_id), -1)

    def _count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (SessionColumn.FLOAT, SessionColumn.EXPECTED, SessionColumn.COUNTED,
                          SessionColumn.OVER_SHORT):
                return _RIGHT
            if column in (SessionColumn.OPENED, SessionColumn.CLOSED, SessionColumn.STATUS):
                return _CENTER
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == SessionColumn.OVER_SHORT and row.over_short_fen is not None:
                return QBrush(QColor(over_short_color(row.over_short_fen)))
            if column == SessionColumn.STATUS:
                return QBrush(QColor(STATUS_COLORS.get(row.status, palette.TONE_GREY)[0]))
            return None
        if role == Qt.ItemDataRole.FontRole and column in (SessionColumn.OVER_SHORT, SessionColumn.STATUS):
            if column == SessionColumn.STATUS and row.status != "closed":
                return None
            if column == SessionColumn.OVER_SHORT and not row.over_short_fen:
                return None
            font = QFont()
            font.setBold(True)
            return font
        if role == SessionRoles.ROW:
            return row
        if role == SessionRoles.SESSION_ID:
            return str(row.id)
        if role == SessionRoles.STATUS:
            return row.status
        if role == SessionRoles.OVER_SHORT_FEN:
            return row.over_short_fen
        if role == SessionRoles.SORT:
            return self._sort_key(row, column)
        return None

    def _text(self, row: SessionRow, column: int) -> str:
        if column == SessionColumn.SESSION_NO:
            return row.session_no
        if column == SessionColumn.CLERK:
            return row.clerk_name or row.username
        if column == SessionColumn.OPENED:
            return local_time(row.opened_at, SHORT_TIME)
        if column == SessionColumn.CLOSED:
            return local_time(row.closed_at, SHORT_TIME)
        if column == SessionColumn.FLOAT:
            return yuan(row.float_fen)
        if column == SessionColumn.EXPECTED:
            return yuan(row.expected_cash_fen)
        if column == SessionColumn.COUNTED:
            return yuan(row.counted_cash_fen)
        if column == SessionColumn.OVER_SHORT:
            return over_short_text(row.over_short_fen)
        if column == SessionColumn.STATUS:
            return status_label(row.status)
        if column == SessionColumn.APPROVED_BY:
            return row.approved_by or ""
        return ""

    def _tooltip(self, row: SessionRow, column: int) -> str:
        if column == SessionColumn.CLERK:
            return f"{row.clerk_name}（{row.username}）"
        if column == SessionColumn.OPENED:
            return local_time(row.opened_at, "%Y-%m-%d %H:%M:%S")
        if column == SessionColumn.CLOSED:
            return local_time(row.closed_at, "%Y-%m-%d %H:%M:%S")
        return self._text(row, column)

    @staticmethod
    def _sort_key(row: SessionRow, column: int) -> Any:
        money: dict[int, int | None] = {SessionColumn.FLOAT: row.float_fen, SessionColumn.EXPECTED: row.expected_cash_fen,
                 SessionColumn.COUNTED: row.counted_cash_fen, SessionColumn.OVER_SHORT: row.over_short_fen}
        if column in money:
            value = money[column]
            return -(10**15) if value is None else value
        if column == SessionColumn.OPENED:
            return row.opened_at.isoformat()
        if column == SessionColumn.CLOSED:
            return row.closed_at.isoformat() if row.closed_at else ""
        return SessionsModel._text_static(row, column)

    @staticmethod
    def _text_static(row: SessionRow, column: int) -> str:
        texts: dict[int, str] = {SessionColumn.SESSION_NO: row.session_no, SessionColumn.CLERK: row.username,
                                 SessionColumn.STATUS: row.status, SessionColumn.APPROVED_BY: row.approved_by or ""}
        return texts.get(column, "")
