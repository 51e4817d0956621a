"""Qt item models of billing administration: an import's row errors, and tariff versions."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.domain.tariffs.terms import TARIFF_KINDS
from app.dto_money import RowError, TariffVersionRow
from ui import palette
from ui.i18n import fill, localize

_Index = QModelIndex | QPersistentModelIndex
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("TariffKinds", TARIFF_KINDS.get(kind, kind))


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


# ---- import row errors (导入错误) -----------------------------------------------------------------


class RowErrorRoles(IntEnum):
    ERROR = Qt.ItemDataRole.UserRole + 1  # the RowError
    LINE = Qt.ItemDataRole.UserRole + 2  # int line number (1 = header)


class RowErrorColumn(IntEnum):
    LINE = 0
    COLUMN = 1
    MESSAGE = 2


class RowErrorsModel(_TableBase):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("行号"), self.tr("列"), self.tr("问题")]
        self._rows: list[RowError] = []

    def set_errors(self, errors: tuple[RowError, ...] | list[RowError]) -> None:
        self.beginResetModel()
        self._rows = sorted(errors, key=lambda e: (e.line, e.column))
        self.endResetModel()

    def errors(self) -> list[RowError]:
        return list(self._rows)

    def _count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        error = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == RowErrorColumn.LINE:
                return fill(self.tr("第 %1 行"), str(error.line)) if error.line > 0 else self.tr("整个文件")
            if column == RowErrorColumn.COLUMN:
                return localize(error.column) or "—"
            return localize(error.message)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RowErrorColumn.LINE, RowErrorColumn.COLUMN):
            return _CENTER
        if role == Qt.ItemDataRole.ForegroundRole and column == RowErrorColumn.MESSAGE:
            return QBrush(QColor(palette.ERROR))
        if role == RowErrorRoles.ERROR:
            return error
        if role == RowErrorRoles.LINE:
            return error.line
        return None


# ---- tariff versions (电价版本) ------------------------------------------------------------------


class TariffRoles(IntEnum):
    ROW = Qt.ItemDataRole.UserRole + 1  # the TariffVersionRow
    VERSION_ID = Qt.ItemDataRole.UserRole + 2  # str(uuid)
    STATE = Qt.ItemDataRole.UserRole + 3  # "current" / "future" / "past"


class TariffColumn(IntEnum):
    CODE = 0
    NAME = 1
    KIND = 2
    EFFECTIVE_FROM = 3
    EFFECTIVE_TO = 4
    STATE = 5
    CREATED_BY = 6


def version_states(rows: list[TariffVersionRow], today: dt.date) -> dict[uuid.UUID, str]:
    """现行 (the version a bill dated today uses), 待生效 (starts later), 已停用 (superseded/ended).

    Same rule as app.domain.tariffs.catalogue.select_tariff: among versions covering today, the latest
    start wins."""
    states: dict[uuid.UUID, str] = {}
    by_code: dict[str, list[TariffVersionRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    for versions in by_code.values():
        covering = [v for v in versions
                    if v.effective_from <= today and (v.effective_to is None or today <= v.effective_to)]
        current = max(covering, key=lambda v: v.effective_from) if covering else None
        for v in versions:
            if current is not None and v.id == current.id:
                states[v.id] = "current"
            elif v.effective_from > today:
                states[v.id] = "future"
            else:
                states[v.id] = "past"
    return states


class TariffVersionsModel(_TableBase):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [self.tr("编码"), self.tr("名称"), self.tr("类型"), self.tr("生效日期"),
                        self.tr("截止日期"), self.tr("状态"), self.tr("创建人")]
        self._rows: list[TariffVersionRow] = []
        self._states: dict[uuid.UUID, str] = {}

    def set_rows(self, rows: list[TariffVersionRow], today: dt.date | None = None) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda r: (r.code, r.effective_from))
        self._states = version_states(self._rows, today or dt.date.today())
        self.endResetModel()

    def rows(self) -> list[TariffVersionRow]:
        return list(self._rows)

    def row_at(self, row: int) -> TariffVersionRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, version_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == version_id), -1)

    def state_label(self, state: str) -> str:
        return {"current": self.tr("现行"), "future": self.tr("待生效"), "past": self.tr("已停用")}.get(state, state)

    def _count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        state = self._states.get(row.id, "past")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == TariffColumn.CODE:
                return row.code
            if column == TariffColumn.NAME:
                return row.name
            if column == TariffColumn.KIND:
                return kind_label(row.kind)
            if column == TariffColumn.EFFECTIVE_FROM:
                return row.effective_from.isoformat()
            if column == TariffColumn.EFFECTIVE_TO:
                return row.effective_to.isoformat() if row.effective_to else self.tr("长期")
            if column == TariffColumn.STATE:
                return self.state_label(state)
            if column == TariffColumn.CREATED_BY:
                return row.created_by
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                TariffColumn.EFFECTIVE_FROM, TariffColumn.EFFECTIVE_TO, TariffColumn.STATE, TariffColumn.KIND):
            return _CENTER
        if role == Qt.ItemDataRole.ForegroundRole and column == TariffColumn.STATE:
            return QBrush(QColor({"current": palette.OK_DARK, "future": palette.ACCENT}.get(state, palette.INACTIVE)))
        if role == TariffRoles.ROW:
            return row
        if role == TariffRoles.VERSION_ID:
            return str(row.id)
        if role == TariffRoles.STATE:
            return state
        return None
