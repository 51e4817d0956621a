"""开班 (open a cashier session): the float (备用金) counted into the drawer, Enter to open."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import ValidationError
from app.domain.money import parse_amount
from app.dto.cashier import SessionRow
from app.services import cashier
from ui.context import UiContext
from ui.forms import ok_cancel_buttons
from ui.tasks import Failure
from ui.widgets import EnterNavigator, ErrorLabel, FormField, focus_editor, heading, muted

log = logging.getLogger(__name__)


class OpenSessionDialog(QDialog):
    """``opened`` holds the new session when the dialog is accepted."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.opened: SessionRow | None = None
        self._busy = False
        self.setObjectName("openSessionDialog")
        self.setWindowTitle(self.tr("开班"))

        self.float_edit = QLineEdit(self)
        self.float_edit.setObjectName("floatAmount")
        self.float_edit.setPlaceholderText(self.tr("如 500 或 500.00；没有备用金填 0"))
        self.float_edit.setMaxLength(20)
        self.field = FormField(self.float_edit, self)
        self.error = ErrorLabel(self)
        self.error.setObjectName("formError")

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.addRow(self.tr("备用金（元）"), self.field)

        self.open_button, _cancel, buttons = ok_cancel_buttons(
            self, self.tr("开班"), self.submit, self.tr("取消"), name="openSession")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("开班：清点备用金"), 18, parent=self))
        layout.addWidget(muted(self.tr("请清点放入钱箱的备用金（找零用）。开班后才能收费；交班时系统按"
                                       "“备用金 + 现金净收”核对钱箱。Enter 开班，Esc 取消。"), self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        self.navigator = EnterNavigator([self.float_edit], self.submit, self)
        focus_editor(self.float_edit)

    def submit(self) -> None:
        if self._busy:
            return
        self.field.set_error("")
        self.error.set_message("")
        try:
            float_fen = parse_amount(self.float_edit.text(), "float_fen", self.tr("备用金"), allow_zero=True)
        except ValidationError as exc:
            self.field.set_error(exc.message)
            focus_editor(self.float_edit)
            return
        self._set_busy(True)
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        ctx.tasks.run(lambda: cashier.open_session(ctx.db, actor, float_fen), self._opened,
                      always=lambda: self._set_busy(False),
                      failure=Failure({"float_fen": self.field}, self.error, what="opening a cashier session"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.open_button.setEnabled(not busy)
        self.open_button.setText(self.tr("正在开班…") if busy else self.tr("开班"))

    def _opened(self, row: SessionRow) -> None:
        self._set_busy(False)
        self.opened = row
        self.accept()


    def reject(self) -> None:
        if not self._busy:
            super().reject()


def open_session(ctx: UiContext, parent: QWidget) -> bool:
    """开班 from another module (the payment flow offers it when no session is open): True when
    the clerk opened one. The main window hands it to the customer view's payments feature."""
    dialog = OpenSessionDialog(ctx, parent)
    try:
        return ctx.dialogs.run(dialog) == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
