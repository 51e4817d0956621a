"""Qt item models of the cashier screens: takings per tender, and the sessions under review."""

from __future__ import annotations

import uuid
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.allocation import TENDER_KINDS
from app.domain.codes import SessionStatus
from app.dto.cashier import SessionRow
from ui import palette
from ui.cashier.common import STATUS_COLORS, over_short_color, over_short_text
from ui.formatting import SECONDS, SHORT_TIME, local_time, session_status_label, tender_label, yuan
from ui.table_model import CENTER, RIGHT, TableColumn, TableModel

# ---- takings per tender (本班次收款汇总) --------------------------------------------------------


class TenderRoles(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1  # "cash" / "card" / … ; "" on the total row
    AMOUNT_FEN = Qt.ItemDataRole.UserRole + 2


class TenderColumn(IntEnum):
    TENDER = 0
    AMOUNT = 1


class TenderTotalsModel(TableModel[tuple[str, int]]):
    """One row per tender kind (every kind, zeros included, in TENDER_KINDS order) and a total row."""

    row_numbers = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("收款方式"), lambda r: tender_label(r[0]) if r[0] else self.tr("合计")),
            TableColumn(self.tr("净收金额"), lambda r: yuan(r[1]), RIGHT),
        )

    def set_totals(self, by_tender: dict[str, int] | None) -> None:
        rows: list[tuple[str, int]] = []
        if by_tender is not None:
            kinds = list(TENDER_KINDS) + [k for k in by_tender if k not in TENDER_KINDS]
            rows = [(k, by_tender.get(k, 0)) for k in kinds]
            rows.append(("", sum(by_tender.values())))
        self.set_rows(rows)

    def cell(self, row: tuple[str, int], column: int, role: int) -> Any:
        kind, amount = row
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


class SessionsModel(TableModel[SessionRow]):
    row_numbers = True
    sort_role = SessionRoles.SORT

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("班次号"), lambda r: r.session_no),
            TableColumn(self.tr("营业员"), lambda r: r.clerk_name or r.username,
                        tooltip=lambda r: f"{r.clerk_name}（{r.username}）", sort=lambda r: r.username),
            TableColumn(self.tr("开班时间"), lambda r: local_time(r.opened_at, SHORT_TIME), CENTER,
                        tooltip=lambda r: local_time(r.opened_at, SECONDS), sort=lambda r: r.opened_at.isoformat()),
            TableColumn(self.tr("交班时间"), lambda r: local_time(r.closed_at, SHORT_TIME), CENTER,
                        tooltip=lambda r: local_time(r.closed_at, SECONDS),
                        sort=lambda r: r.closed_at.isoformat() if r.closed_at else ""),
            TableColumn(self.tr("备用金"), lambda r: yuan(r.float_fen), RIGHT, sort=lambda r: _fen_key(r.float_fen)),
            TableColumn(self.tr("应有现金"), lambda r: yuan(r.expected_cash_fen), RIGHT,
                        sort=lambda r: _fen_key(r.expected_cash_fen)),
            TableColumn(self.tr("实点现金"), lambda r: yuan(r.counted_cash_fen), RIGHT,
                        sort=lambda r: _fen_key(r.counted_cash_fen)),
            TableColumn(self.tr("长短款"), lambda r: over_short_text(r.over_short_fen), RIGHT,
                        sort=lambda r: _fen_key(r.over_short_fen)),
            TableColumn(self.tr("状态"), lambda r: session_status_label(r.status), CENTER, sort=lambda r: r.status),
            TableColumn(self.tr("审核人"), lambda r: r.approved_by or ""),
        )

    def row_of(self, session_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == session_id), -1)

    def cell(self, row: SessionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == SessionColumn.OVER_SHORT and row.over_short_fen is not None:
                return QBrush(QColor(over_short_color(row.over_short_fen)))
            if column == SessionColumn.STATUS:
                return QBrush(QColor(STATUS_COLORS.get(row.status, palette.TONE_GREY)[0]))
            return None
        if role == Qt.ItemDataRole.FontRole and column in (SessionColumn.OVER_SHORT, SessionColumn.STATUS):
            if column == SessionColumn.STATUS and row.status != SessionStatus.CLOSED:
                return None
            if column == SessionColumn.OVER_SHORT and not row.over_short_fen:
                return None
            font = QFont()
            font.setBold(True)
            return font
        if role == SessionRoles.SESSION_ID:
            return str(row.id)
        if role == SessionRoles.STATUS:
            return row.status
        if role == SessionRoles.OVER_SHORT_FEN:
            return row.over_short_fen
        return None


def _fen_key(value: int | None) -> int:
    """Sorts a session not yet counted below every amount."""
    return -(10**15) if value is None else value
