"""The audit view's filter bar: 操作人, 户号, 类型, 日期 from / to. Enter in any field applies
(a combo box applies when a value is chosen); a date that is not a date is said under its field
and nothing is asked of the database."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from app.dto.audit import OperationFilter
from ui.audit.labels import all_op_types, op_type_label
from ui.formatting import parse_day
from ui.widgets import FormField


class AuditFilterBar(QWidget):
    """``changed`` when the filters should be applied; ``filters()`` the OperationFilter, or
    None while a date is wrong. ``fields`` are the service's field names (errors land there)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditFilterBar")
        self.actor_combo = QComboBox(self)
        self.actor_combo.setObjectName("auditFilterActor")
        self.actor_combo.setEditable(True)
        self.actor_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        actor_line = self.actor_combo.lineEdit()
        assert actor_line is not None
        actor_line.setPlaceholderText(self.tr("全部"))
        actor_line.setMaxLength(32)
        actor_line.returnPressed.connect(self.changed.emit)
        self.actor_combo.activated.connect(lambda _i: self.changed.emit())
        self.account_edit = self._line("auditFilterAccount", self.tr("户号"), 20)
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("auditFilterType")
        self.type_combo.addItem(self.tr("全部"), "")
        for code in all_op_types():
            self.type_combo.addItem(op_type_label(code), code)
        self.type_combo.activated.connect(lambda _i: self.changed.emit())
        self.from_edit = self._line("auditFilterFrom", self.tr("YYYY-MM-DD"), 10)
        self.to_edit = self._line("auditFilterTo", self.tr("YYYY-MM-DD"), 10)
        for edit in (self.from_edit, self.to_edit):
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("YYYY-MM-DD") + 28)
        self.fields: dict[str, FormField] = {
            "actor": FormField(self.actor_combo, self),
            "account_no": FormField(self.account_edit, self),
            "op_type": FormField(self.type_combo, self),
            "date_from": FormField(self.from_edit, self),
            "date_to": FormField(self.to_edit, self),
        }
        self._layout()

    def _line(self, name: str, placeholder: str, length: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(length)
        edit.setToolTip(self.tr("回车筛选"))
        edit.returnPressed.connect(self.changed.emit)
        return edit

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        cells = [
            (self.tr("操作人(&R)"), "actor"),
            (self.tr("户号(&H)"), "account_no"),
            (self.tr("类型(&L)"), "op_type"),
            (self.tr("日期(&D)"), "date_from"),
            (self.tr("至"), "date_to"),
        ]
        for col, (text, name) in enumerate(cells):
            label = QLabel(text, self)
            label.setBuddy(self.fields[name].editor)
            label.setMinimumHeight(self.fields[name].editor.sizeHint().height())  # level with the field
            grid.addWidget(label, 0, col * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(self.fields[name], 0, col * 2 + 1, Qt.AlignmentFlag.AlignTop)
        for col, stretch in enumerate((3, 3, 3, 1, 1)):
            grid.setColumnStretch(col * 2 + 1, stretch)

    def set_actors(self, names: list[str]) -> None:
        """The user names offered (typing another name works too)."""
        current = self.actor_combo.currentText()
        self.actor_combo.blockSignals(True)
        self.actor_combo.clear()
        self.actor_combo.addItem("")
        self.actor_combo.addItems(names)
        self.actor_combo.setEditText(current)
        self.actor_combo.blockSignals(False)

    def first(self) -> QWidget:
        return self.actor_combo

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.set_error("")

    def filters(self) -> OperationFilter | None:
        self.clear_errors()
        days: dict[str, dt.date | None] = {}
        wrong = False
        for name, edit in (("date_from", self.from_edit), ("date_to", self.to_edit)):
            try:
                days[name] = parse_day(edit.text())
            except ValueError:
                self.fields[name].set_error(self.tr("日期格式应为 YYYY-MM-DD"))
                wrong = True
        if wrong:
            return None
        return OperationFilter(
            actor=self.actor_combo.currentText().strip(),
            account_no=self.account_edit.text().strip(),
            op_type=self.type_combo.currentData() or "",
            date_from=days["date_from"],
            date_to=days["date_to"],
        )
