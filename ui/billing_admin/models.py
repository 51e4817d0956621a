"""Qt item models of billing administration: an import's row errors, and tariff versions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from app.dto.billing import TariffVersionRow
from app.dto.common import RowError
from ui import palette
from ui.formatting import tariff_kind_label
from ui.i18n import fill, localize
from ui.table_model import CENTER, TableColumn, TableModel

# ---- import row errors (导入错误) -----------------------------------------------------------------


class RowErrorRoles(IntEnum):
    ERROR = Qt.ItemDataRole.UserRole + 1  # the RowError
    LINE = Qt.ItemDataRole.UserRole + 2  # int line number (1 = header)


class RowErrorColumn(IntEnum):
    LINE = 0
    COLUMN = 1
    MESSAGE = 2


class RowErrorsModel(TableModel[RowError]):
    row_numbers = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("行号"), self._line, CENTER),
            TableColumn(self.tr("列"), lambda e: localize(e.column) or "—", CENTER),
            TableColumn(self.tr("问题"), lambda e: localize(e.message)),
        )

    def _line(self, error: RowError) -> str:
        return fill(self.tr("第 %1 行"), str(error.line)) if error.line > 0 else self.tr("整个文件")

    def set_errors(self, errors: tuple[RowError, ...] | list[RowError]) -> None:
        self.set_rows(sorted(errors, key=lambda e: (e.line, e.column)))

    def errors(self) -> list[RowError]:
        return self.rows()

    def cell(self, error: RowError, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == RowErrorColumn.MESSAGE:
            return QBrush(QColor(palette.ERROR))
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


class TariffVersionsModel(TableModel[TariffVersionRow]):
    row_numbers = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._states: dict[uuid.UUID, str] = {}
        self.columns = (
            TableColumn(self.tr("编码"), lambda r: r.code),
            TableColumn(self.tr("名称"), lambda r: r.name),
            TableColumn(self.tr("类型"), lambda r: tariff_kind_label(r.kind), CENTER),
            TableColumn(self.tr("生效日期"), lambda r: r.effective_from.isoformat(), CENTER),
            TableColumn(self.tr("截止日期"),
                        lambda r: r.effective_to.isoformat() if r.effective_to else self.tr("长期"), CENTER),
            TableColumn(self.tr("状态"), lambda r: self.state_label(self.state_of(r)), CENTER),
            TableColumn(self.tr("创建人"), lambda r: r.created_by),
        )

    def set_rows(self, rows: Iterable[TariffVersionRow], today: dt.date | None = None) -> None:
        ordered = sorted(rows, key=lambda r: (r.code, r.effective_from))
        self._states = version_states(ordered, today or dt.date.today())
        super().set_rows(ordered)

    def row_of(self, version_id: uuid.UUID) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == version_id), -1)

    def state_of(self, row: TariffVersionRow) -> str:
        return self._states.get(row.id, "past")

    def state_label(self, state: str) -> str:
        return {"current": self.tr("现行"), "future": self.tr("待生效"), "past": self.tr("已停用")}.get(state, state)

    def cell(self, row: TariffVersionRow, column: int, role: int) -> Any:
        state = self.state_of(row)
        if role == Qt.ItemDataRole.ForegroundRole and column == TariffColumn.STATE:
            return QBrush(QColor({"current": palette.OK_DARK, "future": palette.ACCENT}.get(state, palette.INACTIVE)))
        if role == TariffRoles.VERSION_ID:
            return str(row.id)
        if role == TariffRoles.STATE:
            return state
        return None
