"""Log-in (登录) and change-own-password (修改密码) dialogs.

Both check the password on a worker thread (argon2 takes ~50 ms, a PostgreSQL round trip
may take longer): the dialog only disables its inputs while the answer is on its way.
"""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import AuthenticationFailed
from app.dto.common import Actor
from app.services import auth
from ui.context import UiContext
from ui.forms import ok_cancel_buttons
from ui.i18n import fill, localize
from ui.tasks import Failure, show_failure
from ui.widgets import (
    EnterNavigator,
    ErrorLabel,
    FormField,
    clear_errors,
    focus_editor,
    heading,
    muted,
)

log = logging.getLogger(__name__)

APP_TITLE = "GridCounter"


class LoginDialog(QDialog):
    """User name + password. Enter logs in, Esc quits the program.

    ``accepted`` means ``self.actor`` holds the logged-in user; ``rejected`` means the
    clerk chose to quit.
    """

    #: Emitted once, when the window is first shown (the cold-start benchmark hook).
    first_shown = Signal()

    def __init__(self, ctx: UiContext, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self._busy = False
        self._shown_once = False
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("登录 — GridCounter 电力营业厅柜台业务系统"))
        banner = self._build_banner()
        form = self._build_form()
        buttons = self._build_buttons()
        self._layout(banner, form, buttons)
        EnterNavigator([self.username, self.password], self.submit, self)
        if message:
            self.error.set_message(message)
        self.username.setFocus()

    def _build_banner(self) -> QFrame:
        """The product, this hall and its company."""
        node = self.ctx.node
        banner = QFrame(self)
        banner.setObjectName("loginBanner")
        banner_layout = QVBoxLayout(banner)
        banner_layout.setContentsMargins(28, 22, 28, 20)
        banner_layout.setSpacing(4)
        product = heading(self.tr("GridCounter 电力营业厅柜台业务系统"), 19, parent=banner)
        self.hall_label = heading(fill(self.tr("%1（节点 %2）"), node.name, node.code), 15, bold=False, parent=banner)
        self.hall_label.setObjectName("hallLabel")
        company = QLabel(node.company, banner)
        banner_layout.addWidget(product)
        banner_layout.addWidget(self.hall_label)
        if node.company:
            banner_layout.addWidget(company)
        return banner

    def _build_form(self) -> QFormLayout:
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("用户名"))
        self.username.setMaxLength(32)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setPlaceholderText(self.tr("密码"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(128)
        self.fields = {"username": FormField(self.username, self), "password": FormField(self.password, self)}
        self.error = ErrorLabel(self)
        self.error.setObjectName("loginError")
        self.error.setMinimumHeight(0)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(12)
        form.addRow(self.tr("用户名"), self.fields["username"])
        form.addRow(self.tr("密码"), self.fields["password"])
        return form

    def _build_buttons(self) -> QHBoxLayout:
        self.login_button, self.quit_button, buttons = ok_cancel_buttons(
            self, self.tr("登录"), self.submit, self.tr("退出"), name="login")
        return buttons

    def _layout(self, banner: QFrame, form: QFormLayout, buttons: QHBoxLayout) -> None:
        """The banner across the top; the form, the buttons and the hint under it."""
        self.hint = muted(fill(self.tr("%1 · Enter 登录 · Esc 退出"), self._mode_label()), self)
        body = QVBoxLayout()
        body.setContentsMargins(32, 24, 32, 20)
        body.setSpacing(12)
        body.addLayout(form)
        body.addWidget(self.error)
        body.addLayout(buttons)
        body.addWidget(self.hint)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(banner)
        outer.addLayout(body)
        self.setMinimumWidth(480)

    def _mode_label(self) -> str:
        return self.tr("联网模式") if self.ctx.settings.mode == "shared" else self.tr("单机模式")

    # ---- flow ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.username, self.password, self.login_button, self.quit_button):
            widget.setEnabled(not busy)
        self.login_button.setText(self.tr("正在登录…") if busy else self.tr("登录"))

    def submit(self) -> None:
        if self._busy:
            return
        clear_errors(self.fields, self.error)
        username = self.username.text().strip()
        password = self.password.text()
        if not username:
            self.fields["username"].set_error(self.tr("请输入用户名"))
            focus_editor(self.username)
            return
        if not password:
            self.fields["password"].set_error(self.tr("请输入密码"))
            focus_editor(self.password)
            return
        self._set_busy(True)
        db = self.ctx.db

        def work() -> tuple[Actor, bool]:
            actor = auth.login(db, username, password)
            return actor, auth.password_change_required(db, actor)

        self.ctx.tasks.run(work, self._logged_in, always=self._next_try,
                           failure=Failure(label=self.error, what="log-in"))

    def _next_try(self) -> None:
        """Either way the form is editable again, the password cleared (typed anew next time)."""
        self._set_busy(False)
        self.password.clear()
        focus_editor(self.password if self.username.text().strip() else self.username)

    def _logged_in(self, result: tuple[Actor, bool]) -> None:
        actor, must_change = result
        log.info("user %s logged in", actor.username)
        if must_change:
            self._force_password_change(actor)
            return
        self.actor = actor
        self.accept()

    def _force_password_change(self, actor: Actor) -> None:
        """An administrator reset the password: a new one first, no way around it (the
        services also refuse every write until it is changed)."""
        dialog = ChangePasswordDialog(dataclasses.replace(self.ctx, actor=actor), self, forced=True)
        self.change_dialog = dialog

        def finished(code: int) -> None:
            self.change_dialog = None
            dialog.deleteLater()
            if code == QDialog.DialogCode.Accepted:
                self.actor = actor
                self.accept()
                return
            # Locked by wrong current passwords: stay at the log-in with the reason.
            self.error.set_message(dialog.blocked_message or self.tr("请修改密码后再登录"))
            focus_editor(self.password)

        dialog.finished.connect(finished)
        dialog.open()

    def reject(self) -> None:
        if self._busy:  # the answer is on its way; quitting now would drop it
            return
        super().reject()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.first_shown.emit()


def account_blocked(exc: AuthenticationFailed) -> bool:
    """Whether a failed password check left the account locked or disabled."""
    return exc.blocked


class ChangePasswordDialog(QDialog):
    """The logged-in user changes their own password (Ctrl+Shift+P).

    Wrong current passwords count toward the lockout like any log-in; when the account gets
    locked the dialog closes with ``blocked_message`` set and the session should end.
    """

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, *, forced: bool = False) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.ctx = ctx
        self._busy = False
        #: after an administrator's reset (issue 7 item 7d): no 取消, Esc does nothing
        self.forced = forced
        self.blocked_message = ""
        self.setWindowTitle(self.tr("修改密码"))
        form = self._build_form()
        self.ok_button, cancel, buttons = ok_cancel_buttons(self, self.tr("修改"), self.submit, self.tr("取消"))
        cancel.setVisible(not forced)
        self._layout(form, buttons)
        EnterNavigator([self.old, self.new, self.again], self.submit, self)
        self.old.setFocus()

    def _build_form(self) -> QFormLayout:
        self.old = QLineEdit(self)
        self.new = QLineEdit(self)
        self.again = QLineEdit(self)
        for edit in (self.old, self.new, self.again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(128)
        self.fields = {"old_password": FormField(self.old, self), "new_password": FormField(self.new, self),
                       "new_password_again": FormField(self.again, self)}
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("当前密码"), self.fields["old_password"])
        form.addRow(self.tr("新密码"), self.fields["new_password"])
        form.addRow(self.tr("确认新密码"), self.fields["new_password_again"])
        return form

    def _layout(self, form: QFormLayout, buttons: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        who = self.ctx.actor
        assert who is not None
        if self.forced:
            layout.addWidget(heading(self.tr("管理员已重置您的密码，请设置新密码后继续"), 16, parent=self))
        layout.addWidget(muted(fill(self.tr("用户：%1（%2）"), who.display_name, who.username), self))
        layout.addLayout(form)
        layout.addWidget(muted(self.tr("新密码至少8位，须同时包含字母和数字。"), self))
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(440)

    def submit(self) -> None:
        if self._busy:
            return
        clear_errors(self.fields, self.error)
        old, new, again = self.old.text(), self.new.text(), self.again.text()
        if not old:
            self.fields["old_password"].set_error(self.tr("请输入当前密码"))
            focus_editor(self.old)
            return
        if new != again:
            self.fields["new_password_again"].set_error(self.tr("两次输入的密码不一致"))
            focus_editor(self.again)
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        ctx.tasks.run(lambda: auth.change_own_password(ctx.db, actor, old, new),
                      self._done, self._failed)

    def _done(self, _result: object) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        self.ctx.dialogs.info(self, self.tr("修改密码"), self.tr("密码已修改，下次登录请使用新密码。"))
        self.done(QDialog.DialogCode.Accepted)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        # Beyond the runner's display: a blocked account closes the dialog (the log-in says why),
        # a wrong current password is cleared for the next try.
        if isinstance(exc, AuthenticationFailed) and account_blocked(exc):
            self.blocked_message = localize(exc.message)
            self.done(QDialog.DialogCode.Rejected)
        elif isinstance(exc, AuthenticationFailed):
            self.fields["old_password"].set_error(exc.message)
            self.old.clear()
            focus_editor(self.old)
        else:
            show_failure(exc, Failure(self.fields, self.error, what="changing the password"))

    def reject(self) -> None:
        # Esc / 取消; a forced change after a reset cannot be skipped.
        if not self._busy and not self.forced:
            super().reject()
