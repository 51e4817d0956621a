"""The customer's applications (the customer view's 业务 tab), newest first.

期限 says where an application stands against its limit (docs/rules.md#deadline-status) in
words and in colour — 正常 green, 临期 yellow, 超期 red — so it reads without the colour too.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.domain.applications.machine import STAGES, STATUSES
from app.domain.codes import ApplicationStatus, DeadlineStatus
from app.domain.workdays import DEADLINE_LABELS
from app.dto.applications import ApplicationRow
from ui import palette
from ui.formatting import local_time
from ui.i18n import fill, localize
from ui.table_model import CENTER, LEFT, RowRole, TableColumn, TableModel

#: 期限's colours (text, background) by deadline status
DEADLINE_TONES: dict[str, tuple[QColor, QColor]] = {
    DeadlineStatus.ON_TIME: (QColor(palette.TONE_GREEN[0]), QColor(palette.TONE_GREEN[1])),
    DeadlineStatus.DUE_SOON: (QColor(palette.TONE_AMBER[0]), QColor(palette.TONE_AMBER[1])),
    DeadlineStatus.OVERDUE: (QColor(palette.TONE_RED[0]), QColor(palette.TONE_RED[1])),
}
#: 期限 sorts green, yellow, red
DEADLINE_ORDER: dict[str, int] = {status.value: i for i, status in enumerate(DeadlineStatus)}
GREY = QColor(palette.INACTIVE)  # a cancelled application


def _label(labels: dict[str, Any], code: str) -> str:
    return localize(labels[code]) if code in labels else code


class ApplicationColumn(IntEnum):
    APPLICATION_NO = 0
    TYPE = 1
    STAGE = 2
    STATUS = 3
    ACCEPTED_AT = 4
    PROMISED = 5
    DEADLINE = 6
    ACCEPTED_BY = 7


class ApplicationRole(IntEnum):
    APPLICATION_ID = RowRole.SORT + 10
    DEADLINE = RowRole.SORT + 11  # the DeadlineStatus code


class ApplicationsModel(TableModel[ApplicationRow]):
    """One customer's applications as ``applications_of_customer`` reads them."""

    align_headers = True
    default_align = LEFT
    #: the column painted in the deadline colours (a subclass with other columns says which)
    deadline_column: int = ApplicationColumn.DEADLINE

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("受理编号"), lambda r: r.application_no),
            TableColumn(self.tr("业务类型"), lambda r: r.type_name),
            TableColumn(self.tr("当前环节"), lambda r: _label(STAGES, r.stage)),
            TableColumn(self.tr("状态"), lambda r: _label(STATUSES, r.status)),
            TableColumn(
                self.tr("受理时间"),
                lambda r: local_time(r.accepted_at),
                sort=lambda r: r.accepted_at.isoformat(),
            ),
            TableColumn(
                self.tr("承诺办结日期"),
                lambda r: f"{r.promised_date:%Y-%m-%d}",
                CENTER,
                sort=lambda r: r.promised_date.isoformat(),
            ),
            TableColumn(
                self.tr("期限"),
                self.deadline_text,
                CENTER,
                tooltip=self.deadline_tip,
                sort=lambda r: DEADLINE_ORDER.get(r.deadline, -1),
            ),
            TableColumn(self.tr("受理人"), lambda r: r.accepted_by),
        )

    def deadline_text(self, row: ApplicationRow) -> str:
        """正常 / 临期 / 超期."""
        return _label(DEADLINE_LABELS, row.deadline)

    def deadline_tip(self, row: ApplicationRow) -> str:
        text = self.deadline_text(row)
        if row.status == ApplicationStatus.SUSPENDED:
            return fill(self.tr("%1（挂起中，期限暂停计算）"), text)
        if row.due_date is not None and row.status == ApplicationStatus.IN_PROGRESS:
            return fill(self.tr("%1，应于 %2 前办结"), text, f"{row.due_date:%Y-%m-%d}")
        return text

    def cell(self, row: ApplicationRow, column: int, role: int) -> Any:
        if column == self.deadline_column and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            tone = DEADLINE_TONES.get(row.deadline)
            if tone is None:
                return None
            return tone[0] if role == Qt.ItemDataRole.ForegroundRole else tone[1]
        if role == Qt.ItemDataRole.ForegroundRole and row.status == ApplicationStatus.CANCELLED:
            return GREY
        if role == ApplicationRole.APPLICATION_ID:
            return str(row.id)
        if role == ApplicationRole.DEADLINE:
            return row.deadline
        return None
