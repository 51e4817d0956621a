"""The work-order list's filter bar: every filter of ``WorkOrderFilter`` (type, category with its
subtree, stage, status, deadline colour, recording clerk, assignee, recording dates, open only).
The combo boxes and 仅在办 apply at once, the text fields on Enter; a date that is not a date is
said under its field and nothing is asked of the database.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from app.domain.codes import DeadlineStatus
from app.domain.workdays import DEADLINE_LABELS
from app.domain.workorders import CategoryTree
from app.domain.workorders.machine import STAGES, STATUSES, TYPES
from app.dto.workorders import WorkOrderFilter
from ui.formatting import parse_day
from ui.i18n import fill, localize
from ui.widgets import FormField


class WorkOrderFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workOrderFilters")
        self.type_combo = self._combo("woFilterType")
        for code, text in TYPES.items():
            self.type_combo.addItem(localize(text), str(code))
        self.category_combo = self._combo("woFilterCategory")
        self.stage_combo = self._combo("woFilterStage")
        for code, text in STAGES.items():
            self.stage_combo.addItem(localize(text), str(code))
        self.status_combo = self._combo("woFilterStatus")
        for code, text in STATUSES.items():
            self.status_combo.addItem(localize(text), str(code))
        self.deadline_combo = self._combo("woFilterDeadline")
        for status in DeadlineStatus:
            self.deadline_combo.addItem(localize(DEADLINE_LABELS[status]), status.value)
        self.clerk_edit = self._line("woFilterClerk", self.tr("用户名"))
        self.assignee_edit = self._line("woFilterAssignee", self.tr("用户名"))
        self.from_edit = self._line("woFilterFrom", self.tr("YYYY-MM-DD"))
        self.to_edit = self._line("woFilterTo", self.tr("YYYY-MM-DD"))
        self.open_only = QCheckBox(self.tr("仅在办"), self)
        self.open_only.setObjectName("woFilterOpenOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self._status_or_open())
        self.status_combo.currentIndexChanged.connect(lambda _i: self._status_or_open())
        self.fields: dict[str, FormField] = {
            "accepted_from": FormField(self.from_edit, self),
            "accepted_to": FormField(self.to_edit, self),
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        cells: list[tuple[str, QWidget]] = [
            (self.tr("类型"), self.type_combo),
            (self.tr("分类"), self.category_combo),
            (self.tr("环节"), self.stage_combo),
            (self.tr("状态"), self.status_combo),
            (self.tr("期限"), self.deadline_combo),
            (self.tr("受理人"), self.clerk_edit),
            (self.tr("处理人"), self.assignee_edit),
            (self.tr("受理日期"), self.fields["accepted_from"]),
            (self.tr("至"), self.fields["accepted_to"]),
        ]
        per_row = 5
        for i, (text, widget) in enumerate(cells):
            row, col = divmod(i, per_row)
            caption = QLabel(text, self)
            caption.setBuddy(widget if not isinstance(widget, FormField) else widget.editor)
            grid.addWidget(caption, row, col * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(widget, row, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.open_only, 1, (len(cells) % per_row) * 2 + 1, Qt.AlignmentFlag.AlignTop)
        for col in range(per_row):
            grid.setColumnStretch(col * 2 + 1, 1)

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

    def set_tree(self, tree: CategoryTree) -> None:
        """The categories, indented by level (a branch takes its whole subtree)."""
        combo = self.category_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部"), "")
        for depth, node in tree.walk():  # deactivated ones too: their old orders are still found
            name = node.name if tree.offered(node.code) else fill(self.tr("%1（已停用）"), node.name)
            combo.addItem("　" * depth + name, node.code)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _status_or_open(self) -> None:
        self.open_only.setEnabled(not self.status_combo.currentData())
        self.changed.emit()

    def line_edits(self) -> tuple[QLineEdit, ...]:
        return (self.clerk_edit, self.assignee_edit, self.from_edit, self.to_edit)

    def combos(self) -> tuple[QComboBox, ...]:
        return (
            self.type_combo,
            self.category_combo,
            self.stage_combo,
            self.status_combo,
            self.deadline_combo,
        )

    def first(self) -> QWidget:
        return self.type_combo

    def set_deadline(self, code: str) -> None:
        """Show the open orders of one colour (the supervisor's badge)."""
        self.blockSignals(True)
        self.status_combo.setCurrentIndex(0)
        self.open_only.setChecked(True)
        self.blockSignals(False)
        self.deadline_combo.setCurrentIndex(max(self.deadline_combo.findData(code), 0))

    def clear(self) -> None:
        self.blockSignals(True)
        for combo in self.combos():
            combo.setCurrentIndex(0)
        for edit in self.line_edits():
            edit.clear()
        self.open_only.setChecked(True)
        for field in self.fields.values():
            field.set_error("")
        self.blockSignals(False)
        self.changed.emit()

    def filters(self) -> WorkOrderFilter | None:
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

        return WorkOrderFilter(
            order_type=code(self.type_combo),
            category_code=code(self.category_combo),
            stage=code(self.stage_combo),
            status=code(self.status_combo),
            clerk=self.clerk_edit.text().strip() or None,
            assignee=self.assignee_edit.text().strip() or None,
            accepted_from=days["accepted_from"],
            accepted_to=days["accepted_to"],
            deadline=code(self.deadline_combo),
            open_only=self.open_only.isChecked(),
        )

    def summary(self) -> str:
        parts = []
        for text, combo in (
            (self.tr("类型"), self.type_combo),
            (self.tr("分类"), self.category_combo),
            (self.tr("环节"), self.stage_combo),
            (self.tr("状态"), self.status_combo),
            (self.tr("期限"), self.deadline_combo),
        ):
            if combo.currentData():
                parts.append(f"{text}：{combo.currentText().strip()}")
        for text, edit in ((self.tr("受理人"), self.clerk_edit), (self.tr("处理人"), self.assignee_edit)):
            if edit.text().strip():
                parts.append(f"{text}：{edit.text().strip()}")
        if self.open_only.isChecked() and self.open_only.isEnabled():
            parts.append(self.tr("仅在办"))
        return " · ".join(parts)
