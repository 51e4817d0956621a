"""A one-line reason / remark prompt shared by the screens (application steps, 同步冲突)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.applications.machine import REASON_MAX, REASON_MIN
from ui.forms import ok_cancel_buttons
from ui.i18n import fill
from ui.widgets import FormField

__all__ = ["ReasonDialog"]


class ReasonDialog(QDialog):
    """One line of text: a remark (may be empty) or a reason (REASON_MIN..REASON_MAX characters),
    for an application's step, a supervisor's decision in 同步冲突 … Enter confirms, Esc cancels."""

    def __init__(
        self, parent: QWidget | None, title: str, prompt: str, ok_text: str, *, required: bool
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(title)
        self.required = required
        self.edit = QLineEdit(self)
        self.edit.setObjectName("reasonEdit")
        self.edit.setMaxLength(REASON_MAX)
        self.edit.setMinimumWidth(420)
        self.edit.setPlaceholderText(
            fill(self.tr("必填，%1–%2 个字"), REASON_MIN, REASON_MAX)
            if required
            else fill(self.tr("可不填，最多 %1 个字"), REASON_MAX)
        )
        self.field = FormField(self.edit, self)
        self.ok, self.cancel, row = ok_cancel_buttons(
            self, ok_text, self.submit, self.tr("取消"), name="reason"
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, self))
        layout.addWidget(self.field)
        layout.addLayout(row)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str:
        return self.edit.text().strip()

    def submit(self) -> None:
        if self.required and len(self.text()) < REASON_MIN:
            self.field.set_error(fill(self.tr("请填写原因（至少 %1 个字）"), REASON_MIN))
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()
