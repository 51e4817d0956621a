"""The tables of the outage module: outages, important customers, the import's row errors."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from app.domain.codes import OutageStatus
from app.dto.common import RowError
from app.dto.outages import ImportantCustomer, OutageView
from ui import palette
from ui.formatting import local_time
from ui.i18n import localize
from ui.outages.outage_text import kind_label, period, scope_text, status_label
from ui.table_model import CENTER, RowRole, TableColumn, TableModel

_STATUS_COLOURS: dict[str, str] = {
    OutageStatus.ACTIVE: palette.ERROR,
    OutageStatus.ANNOUNCED: palette.WARNING,
    OutageStatus.ENDED: palette.INK_SOFT,
    OutageStatus.CANCELLED: palette.INK_SOFT,
}


class OutagesModel(TableModel[OutageView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("编号"), lambda o: o.outage_no),
            TableColumn(self.tr("类型"), lambda o: kind_label(o.kind), align=CENTER),
            TableColumn(self.tr("状态"), lambda o: status_label(o.status), align=CENTER),
            TableColumn(self.tr("停电时间"), lambda o: period(o, year=True), sort=lambda o: o.starts_at),
            TableColumn(self.tr("停电范围"), scope_text),
            TableColumn(self.tr("原因"), lambda o: o.reason + (f"（{o.note}）" if o.note else "")),
            TableColumn(self.tr("录入"), lambda o: f"{o.entered_by} {local_time(o.entered_at)}"),
        )

    def row_of(self, outage_id: object) -> int:
        return next((i for i, o in enumerate(self.rows()) if o.id == outage_id), -1)

    def cell(self, row: OutageView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor(_STATUS_COLOURS.get(row.status, palette.INK))
        return None


class ImportantModel(TableModel[ImportantCustomer]):
    row_numbers = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("户号"), lambda c: c.account_no),
            TableColumn(self.tr("户名"), lambda c: c.name),
            TableColumn(self.tr("联系人"), lambda c: c.contact_person),
            TableColumn(self.tr("联系电话"), lambda c: "　".join(p for p in (c.phone, c.phone2) if p)),
            TableColumn(self.tr("台区"), lambda c: c.transformer_area),
            TableColumn(self.tr("线路"), lambda c: c.supply_line),
            TableColumn(self.tr("用电地址"), lambda c: c.supply_address),
        )


class ImportErrorsModel(TableModel[RowError]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("行号"), lambda e: str(e.line) if e.line else "—", align=CENTER),
            TableColumn(self.tr("列"), lambda e: e.column or "—"),
            TableColumn(self.tr("问题"), lambda e: localize(e.message)),
        )

    def cell(self, row: RowError, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QColor(palette.ERROR)
        return None


__all__ = ["ImportErrorsModel", "ImportantModel", "OutagesModel", "RowRole"]
