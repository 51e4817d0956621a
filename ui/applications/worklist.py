"""The worklist's pieces (业务工单): its table model and its filter bar.

``WorklistModel`` shows more than the customer view's 业务 tab (户号, 户名/申请人, 渠道, 客户经理)
with the same 期限 colours (ui/applications/models.py). ``FilterBar`` holds every filter of
``ApplicationFilter`` (docs/rules.md#工作单与办理): the combo boxes and 仅在办 apply at once,
the text fields (受理人, 客户经理, 受理日期) on Enter; a date that is not a date is said under its
field and nothing is asked of the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.applications import ApplicationCatalogue
from app.domain.applications.machine import CHANNELS, STAGES, STATUSES
from app.domain.codes import ApplicationStatus, DeadlineStatus
from app.domain.workdays import DEADLINE_LABELS
from app.dto.applications import ApplicationFilter, ApplicationRow
from ui.applications.models import ApplicationsModel, _label
from ui.formatting import local_time, parse_day
from ui.i18n import fill, localize
from ui.table_model import CENTER, TableColumn
from ui.widgets import FormField

#: the worklist's columns, in order
WORK_COLUMNS = (
    "application_no",
    "type",
    "account_no",
    "customer",
    "stage",
    "deadline",
    "promised",
    "accepted_by",
    "channel",
    "customer_manager",
)


def stage_and_status(row: ApplicationRow) -> str:
    """现场勘查 while in progress, 现场勘查 · 挂起 when suspended, 已撤销 / 已归档 once closed (one
    column, for a narrow screen; the stage a cancelled one stopped at is in its tooltip)."""
    stage = _label(STAGES, row.stage)
    if row.status == ApplicationStatus.IN_PROGRESS:
        return stage
    if row.status == ApplicationStatus.SUSPENDED:
        return f"{stage} · {_label(STATUSES, row.status)}"
    return _label(STATUSES, row.status)


class WorklistModel(ApplicationsModel):
    """The worklist's rows: every application the filters let through, one page."""

    deadline_column = WORK_COLUMNS.index("deadline")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(
                self.tr("受理编号"),
                lambda r: r.application_no,
                tooltip=lambda r: fill(self.tr("%1　受理于 %2"), r.application_no, local_time(r.accepted_at)),
            ),
            TableColumn(self.tr("业务类型"), lambda r: r.type_name),
            TableColumn(self.tr("户号"), lambda r: r.account_no or "—", CENTER),
            TableColumn(self.tr("户名 / 申请人"), lambda r: r.customer_name),  # takes the room left
            TableColumn(
                self.tr("环节 · 状态"),
                stage_and_status,
                tooltip=lambda r: f"{_label(STAGES, r.stage)} · {_label(STATUSES, r.status)}",
            ),
            TableColumn(self.tr("期限"), self.deadline_text, CENTER, tooltip=self.deadline_tip),
            TableColumn(self.tr("承诺办结"), lambda r: f"{r.promised_date:%Y-%m-%d}", CENTER),
            TableColumn(self.tr("受理人"), lambda r: r.accepted_by),
            TableColumn(self.tr("渠道"), lambda r: _label(CHANNELS, r.channel)),
            TableColumn(self.tr("客户经理"), lambda r: r.customer_manager or "—"),
        )

    def counts(self) -> dict[str, int]:
        """How many rows of this page are green, yellow, red (open ones only)."""
        out = {status.value: 0 for status in DeadlineStatus}
        for row in self.rows():
            if (
                row.status in (ApplicationStatus.IN_PROGRESS, ApplicationStatus.SUSPENDED)
                and row.deadline in out
            ):
                out[row.deadline] += 1
        return out

    def row_of(self, row: ApplicationRow) -> int:
        for i, shown in enumerate(self.rows()):
            if shown.id == row.id:
                return i
        return -1




class FilterBar(QWidget):
    """The worklist's filters. ``changed`` when one of them changed (a combo, 仅在办, Enter in a
    text field); ``filters()`` the ApplicationFilter they make, or None while a date is wrong
    (its message is shown under it)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("worklistFilters")
        self.type_combo = self._combo("filterType")
        self.stage_combo = self._combo("filterStage")
        for code, label in STAGES.items():
            self.stage_combo.addItem(localize(label), code)
        self.status_combo = self._combo("filterStatus")
        for code, label in STATUSES.items():
            self.status_combo.addItem(localize(label), code)
        self.deadline_combo = self._combo("filterDeadline")
        for status in DeadlineStatus:
            self.deadline_combo.addItem(localize(DEADLINE_LABELS[status]), status.value)
        self.channel_combo = self._combo("filterChannel")
        for code, label in CHANNELS.items():
            self.channel_combo.addItem(localize(label), code)
        self.clerk_edit = self._line("filterClerk", self.tr("用户名"))
        self.manager_edit = self._line("filterManager", self.tr("姓名"))
        self.from_edit = self._line("filterFrom", self.tr("YYYY-MM-DD"))
        self.to_edit = self._line("filterTo", self.tr("YYYY-MM-DD"))
        self.open_only = QCheckBox(self.tr("仅在办"), self)
        self.open_only.setObjectName("filterOpenOnly")
        self.open_only.setToolTip(self.tr("只列受理中和挂起的申请"))
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self._status_or_open())
        self.status_combo.currentIndexChanged.connect(lambda _i: self._status_or_open())
        self.fields: dict[str, FormField] = {
            "accepted_from": FormField(self.from_edit, self),
            "accepted_to": FormField(self.to_edit, self),
        }
        self._layout()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(self.tr("全部"), "")
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        return combo

    def _line(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(40)
        edit.setToolTip(self.tr("回车筛选"))
        edit.returnPressed.connect(self.changed.emit)
        return edit

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        cells: list[tuple[str, QWidget]] = [
            (self.tr("业务类型"), self.type_combo),
            (self.tr("环节"), self.stage_combo),
            (self.tr("状态"), self.status_combo),
            (self.tr("期限"), self.deadline_combo),
            (self.tr("渠道"), self.channel_combo),
            (self.tr("受理人"), self.clerk_edit),
            (self.tr("客户经理"), self.manager_edit),
            (self.tr("受理日期"), self.fields["accepted_from"]),
            (self.tr("至"), self.fields["accepted_to"]),
        ]
        per_row = 5
        for i, (text, widget) in enumerate(cells):
            row, col = divmod(i, per_row)
            label = QLabel(text, self)
            label.setBuddy(widget if not isinstance(widget, FormField) else widget.editor)
            grid.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(widget, row, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.open_only, 1, (len(cells) % per_row) * 2 + 1, Qt.AlignmentFlag.AlignTop)
        for col in range(per_row):
            grid.setColumnStretch(col * 2 + 1, 1)
        self.setTabOrder(self.type_combo, self.stage_combo)

    def set_catalogue(self, catalogue: ApplicationCatalogue) -> None:
        """The type list, from the catalogue in force (its names are its own labels)."""
        combo = self.type_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部"), "")
        for btype in catalogue.types:
            combo.addItem(localize(btype.name), btype.code)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _status_or_open(self) -> None:
        """A status chosen makes 仅在办 moot (the service ignores it then): shown disabled."""
        self.open_only.setEnabled(not self.status_combo.currentData())
        self.changed.emit()

    def line_edits(self) -> tuple[QLineEdit, ...]:
        return (self.clerk_edit, self.manager_edit, self.from_edit, self.to_edit)

    def first(self) -> QWidget:
        return self.type_combo

    def clear(self) -> None:
        """Every filter back to 全部, 仅在办 on."""
        self.blockSignals(True)
        for combo in (
            self.type_combo,
            self.stage_combo,
            self.status_combo,
            self.deadline_combo,
            self.channel_combo,
        ):
            combo.setCurrentIndex(0)
        for edit in (self.clerk_edit, self.manager_edit, self.from_edit, self.to_edit):
            edit.clear()
        self.open_only.setChecked(True)
        for field in self.fields.values():
            field.set_error("")
        self.blockSignals(False)
        self.changed.emit()

    def filters(self) -> ApplicationFilter | None:
        days: dict[str, dt.date | None] = {}
        wrong = False
        for name, field in self.fields.items():
            editor = field.editor
            assert isinstance(editor, QLineEdit)
            try:
                days[name] = parse_day(editor.text())
                field.set_error("")
            except ValueError:
                field.set_error(self.tr("日期格式应为 YYYY-MM-DD"))
                wrong = True
        if wrong:
            return None
        if days["accepted_from"] and days["accepted_to"] and days["accepted_from"] > days["accepted_to"]:
            self.fields["accepted_to"].set_error(self.tr("结束日期不能早于开始日期"))
            return None

        def code(combo: QComboBox) -> str | None:
            return combo.currentData() or None

        return ApplicationFilter(
            type_code=code(self.type_combo),
            stage=code(self.stage_combo),
            status=code(self.status_combo),
            clerk=self.clerk_edit.text().strip() or None,
            accepted_from=days["accepted_from"],
            accepted_to=days["accepted_to"],
            deadline=code(self.deadline_combo),
            customer_manager=self.manager_edit.text().strip() or None,
            channel=code(self.channel_combo),
            open_only=self.open_only.isChecked(),
        )

    def summary(self) -> str:
        """The filters in force, in words (for the count line): 业务类型：更名 · 期限：超期 …"""
        parts = []
        for text, combo in (
            (self.tr("类型"), self.type_combo),
            (self.tr("环节"), self.stage_combo),
            (self.tr("状态"), self.status_combo),
            (self.tr("期限"), self.deadline_combo),
            (self.tr("渠道"), self.channel_combo),
        ):
            if combo.currentData():
                parts.append(f"{text}：{combo.currentText()}")
        for text, edit in ((self.tr("受理人"), self.clerk_edit), (self.tr("客户经理"), self.manager_edit)):
            if edit.text().strip():
                parts.append(f"{text}：{edit.text().strip()}")
        if self.from_edit.text().strip() or self.to_edit.text().strip():
            parts.append(
                f"{self.tr('受理日期')}：{self.from_edit.text().strip() or '…'}～{self.to_edit.text().strip() or '…'}"
            )
        if self.open_only.isChecked() and self.open_only.isEnabled():
            parts.append(self.tr("仅在办"))
        return " · ".join(parts)
