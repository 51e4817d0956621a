"""New / edit user form (新建用户 / 编辑用户). Saves on a worker thread; errors under the fields."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import Role
from app.domain.errors import ConcurrentEdit
from app.dto.common import UserRow
from app.services import auth
from app.services.permissions import ROLES
from ui.context import UiContext
from ui.formatting import role_label
from ui.forms import ok_cancel_buttons
from ui.tasks import Failure
from ui.widgets import (
    EnterNavigator,
    ErrorLabel,
    FormField,
    clear_errors,
    focus_editor,
    muted,
)

log = logging.getLogger(__name__)


class UserFormDialog(QDialog):
    """Create a user (``row`` is None) or edit one. ``saved`` holds the saved row on accept."""

    def __init__(self, ctx: UiContext, row: UserRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.saved: UserRow | None = None
        self._busy = False
        creating = row is None
        self.setObjectName("userForm")
        self.setWindowTitle(self.tr("新建用户") if creating else self.tr("编辑用户"))
        self._build_editors(creating)
        form = self._build_form(creating)
        buttons = self._build_buttons()
        self._layout(form, buttons)
        self._fill(row)
        self.navigator = EnterNavigator(
            [self.username, self.display_name, self.employee_no, self.role, self.active, self.password,
             self.password_again], self.submit, self)
        focus_editor(self.username if creating else self.display_name)

    def _build_editors(self, creating: bool) -> None:
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setMaxLength(32)
        self.username.setPlaceholderText(self.tr("小写字母开头，如 wangxl"))
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("display_name")
        self.display_name.setMaxLength(30)
        self.employee_no = QLineEdit(self)
        self.employee_no.setObjectName("employee_no")
        self.employee_no.setMaxLength(20)
        self.role = QComboBox(self)
        self.role.setObjectName("role")
        for key in ROLES:
            self.role.addItem(role_label(key), key)
        self.active = QCheckBox(self.tr("启用（停用的账户不能登录）"), self)
        self.active.setObjectName("active")
        self.active.setChecked(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password_again = QLineEdit(self)
        self.password_again.setObjectName("password_again")
        for edit in (self.password, self.password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaxLength(128)
        if not creating:
            self.password.setPlaceholderText(self.tr("留空则不修改"))

    def _build_form(self, creating: bool) -> QFormLayout:
        """Each editor in a FormField (its error under it), labelled."""
        self.fields = {
            "username": FormField(self.username, self),
            "display_name": FormField(self.display_name, self),
            "employee_no": FormField(self.employee_no, self),
            "role": FormField(self.role, self),
            "active": FormField(self.active, self),
            "password": FormField(self.password, self),
            "password_again": FormField(self.password_again, self),
        }
        self.error = ErrorLabel(self)
        self.error.setObjectName("formError")
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("用户名"), self.fields["username"])
        form.addRow(self.tr("姓名"), self.fields["display_name"])
        form.addRow(self.tr("工号"), self.fields["employee_no"])
        form.addRow(self.tr("角色"), self.fields["role"])
        form.addRow(self.tr("状态"), self.fields["active"])
        form.addRow(self.tr("密码") if creating else self.tr("重置密码"), self.fields["password"])
        form.addRow(self.tr("确认密码"), self.fields["password_again"])
        return form

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button, _cancel, buttons = ok_cancel_buttons(
            self, self.tr("保存"), self.submit, self.tr("取消"), name="user")
        return buttons

    def _layout(self, form: QFormLayout, buttons: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(muted(self.tr("密码至少8位，须同时包含字母和数字。Enter 下一项，Esc 取消。"), self))
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(500)

    def _fill(self, row: UserRow | None) -> None:
        """The edited user's values; a new user starts as a clerk."""
        if row is not None:
            self.username.setText(row.username)
            self.username.setReadOnly(True)
            self.display_name.setText(row.display_name)
            self.employee_no.setText(row.employee_no)
            index = self.role.findData(row.role)
            if index >= 0:
                self.role.setCurrentIndex(index)
            self.active.setChecked(row.active)
        else:
            self.role.setCurrentIndex(max(0, self.role.findData(Role.CLERK)))

    # ---- saving ------------------------------------------------------------------------------

    def user_input(self) -> auth.UserInput:
        return auth.UserInput(
            username=self.username.text(), display_name=self.display_name.text(),
            employee_no=self.employee_no.text(), role=str(self.role.currentData() or ""),
            password=self.password.text(), active=self.active.isChecked())

    def submit(self) -> None:
        if self._busy:
            return
        clear_errors(self.fields, self.error)
        data = self.user_input()
        if data.password != self.password_again.text():
            self.fields["password_again"].set_error(self.tr("两次输入的密码不一致"))
            focus_editor(self.password_again)
            return
        self._set_busy(True)
        ctx, actor, row = self.ctx, self.ctx.actor, self.row
        assert actor is not None
        # a concurrent edit also gets a message box: the form holds the old version and must be
        # closed and opened again
        failure = Failure(self.fields, self.error, dialogs=self.ctx.dialogs, box_for=(ConcurrentEdit,),
                          parent=self, title=self.tr("保存失败"), what="saving a user")
        if row is None:
            self.ctx.tasks.run(lambda: auth.create_user(ctx.db, actor, data), self._saved,
                               always=lambda: self._set_busy(False), failure=failure)
        else:
            self.ctx.tasks.run(lambda: auth.update_user(ctx.db, actor, row.id, row.version, data),
                               self._saved, always=lambda: self._set_busy(False), failure=failure)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.save_button.setText(self.tr("正在保存…") if busy else self.tr("保存"))

    def _saved(self, row: UserRow) -> None:
        self._set_busy(False)
        self.saved = row
        log.info("user %s saved", row.username)
        self.accept()


    def reject(self) -> None:
        if not self._busy:
            super().reject()
