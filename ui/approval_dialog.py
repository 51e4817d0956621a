"""Supervisor approval on the clerk's screen (主管授权): user name, password, reason.

The dialog only collects; the service checks the credentials and the permission when the
form resubmits. When it refuses, the form opens the dialog again with the error shown,
the user name and reason kept and the password cleared.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.customers import SupervisorApproval
from ui.i18n import fill
from ui.widgets import error_label, muted_label, set_error

MIN_REASON = 4


class ApprovalDialog(QDialog):
    def __init__(self, message: str, parent: QWidget | None = None, *, username: str = "", reason: str = "",
                 error: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("主管授权"))
        self.setModal(True)
        self.setMinimumWidth(460)

        intro, explain = self._build_intro(message)
        form = self._build_form(username, reason, error)
        buttons = self._build_buttons()
        self._layout(intro, explain, form, buttons)

        self._order = [self.username, self.password, self.reason]
        for widget in self._order:
            widget.installEventFilter(self)
        first = self.password if username else self.username
        first.setFocus()

    def _build_intro(self, message: str) -> tuple[QLabel, QLabel]:
        """Why approval is needed (``message``) and what the supervisor is to do."""
        intro = QLabel(message, self)
        intro.setWordWrap(True)
        intro.setObjectName("approvalMessage")
        intro.setProperty("role", "caution")
        intro.setStyleSheet("QLabel#approvalMessage { font-weight: bold; }")
        explain = muted_label(fill(self.tr("请值班长在本机输入自己的账号和密码，并填写放行原因（至少%1个字）。"
                                      "授权人与原因将记入档案和操作日志。"), MIN_REASON), self)
        explain.setWordWrap(True)
        return intro, explain

    def _build_form(self, username: str, reason: str, error: str) -> QFormLayout:
        """授权人, 密码, 授权原因 and the error line (the service's refusal, when reopened)."""
        self.username = QLineEdit(username, self)
        self.username.setPlaceholderText(self.tr("值班长用户名"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("值班长密码"))
        self.reason = QLineEdit(reason, self)
        self.reason.setPlaceholderText(self.tr("如：已核对身份证原件，证号无误"))
        self.reason.setMaxLength(200)
        self.error = error_label(self)
        set_error(self.error, error)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("授权人"), self.username)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("授权原因"), self.reason)
        return form

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(self)
        self.ok_button: QPushButton = buttons.addButton(self.tr("授权并保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    def _layout(self, intro: QLabel, explain: QLabel, form: QFormLayout, buttons: QDialogButtonBox) -> None:
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Enter moves to the next field; on the last one it submits.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and obj in self._order:
            i = self._order.index(obj)  # type: ignore[arg-type]
            if i + 1 < len(self._order):
                self._order[i + 1].setFocus()
            else:
                self.accept()
            return True
        return super().eventFilter(obj, event)

    def set_error(self, message: str) -> None:
        set_error(self.error, message)

    def accept(self) -> None:
        if not self.username.text().strip():
            self.set_error(self.tr("请输入授权人用户名"))
            self.username.setFocus()
            return
        if not self.password.text():
            self.set_error(self.tr("请输入授权人密码"))
            self.password.setFocus()
            return
        if len(self.reason.text().strip()) < MIN_REASON:
            self.set_error(fill(self.tr("请填写至少%1个字的授权原因"), MIN_REASON))
            self.reason.setFocus()
            return
        self.set_error("")
        super().accept()

    def approval(self) -> SupervisorApproval:
        return SupervisorApproval(self.username.text().strip(), self.password.text(), self.reason.text().strip())
