"""The audit view's tables: operation records (newest first) and stored anchors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.dto.audit import AnchorRow, OperationRow
from ui import palette
from ui.audit.labels import anchor_state_label, op_type_label, source_label
from ui.formatting import local_time
from ui.i18n import fill
from ui.table_model import CENTER, RIGHT, TableColumn, TableModel


def record_time(occurred_at: str) -> str:
    """The record's stored local time to the second (2026-12-06 18:04:54)."""
    try:
        return dt.datetime.fromisoformat(occurred_at).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return occurred_at


class OperationsModel(TableModel[OperationRow]):
    TIME, NODE, SEQ, TYPE, ACTOR, SUMMARY = range(6)

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.columns = (
            TableColumn(
                self.tr("时间"), lambda r: record_time(r.occurred_at), tooltip=lambda r: r.occurred_at
            ),
            TableColumn(self.tr("节点"), lambda r: r.node_code, align=CENTER),
            TableColumn(self.tr("序号"), lambda r: str(r.seq), align=RIGHT, sort=lambda r: r.seq),
            TableColumn(self.tr("类型"), lambda r: op_type_label(r.op_type), tooltip=lambda r: r.op_type),
            TableColumn(self.tr("操作人"), lambda r: r.actor),
            TableColumn(self.tr("摘要"), lambda r: r.summary),
        )


class AnchorsModel(TableModel[AnchorRow]):
    """Each anchor and whether the log agrees; ``broken`` (node code → the seq its chain breaks
    at, from the last verification) marks anchors at or after the break."""

    NODE, SEQ, HASH, SOURCE, BY, AT, NOTE, STATE = range(8)

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.broken: dict[str, int] = {}
        self.columns = (
            TableColumn(self.tr("节点"), lambda r: r.node_code, align=CENTER),
            TableColumn(self.tr("序号"), lambda r: str(r.seq), align=RIGHT, sort=lambda r: r.seq),
            TableColumn(self.tr("校验码"), lambda r: r.hash[:16], tooltip=lambda r: r.hash),
            TableColumn(self.tr("来源"), lambda r: source_label(r.source)),
            TableColumn(self.tr("记录人"), lambda r: r.recorded_by),
            TableColumn(self.tr("记录时间"), lambda r: local_time(r.recorded_at)),
            TableColumn(self.tr("备注"), lambda r: r.note),
            TableColumn(self.tr("与日志"), self.state_text),
        )

    def state_text(self, row: AnchorRow) -> str:
        text = anchor_state_label(row.status)
        at = self.broken.get(row.node_code)
        if at is not None and row.seq >= at:
            text = f"{text} · " + fill(self.tr("哈希链自第%1条断开"), at)
        return text

    def ok(self, row: AnchorRow) -> bool:
        at = self.broken.get(row.node_code)
        return row.status == "ok" and (at is None or row.seq < at)

    def set_broken(self, broken: dict[str, int]) -> None:
        self.broken = dict(broken)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self.STATE), self.index(self.rowCount() - 1, self.STATE))

    def cell(self, row: AnchorRow, column: int, role: int) -> Any:
        if column == self.STATE and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(palette.OK if self.ok(row) else palette.ERROR)
        return None
