"""User management (用户管理) driven by the keyboard: the table model, new / edit / unlock, and
the new clerk logging in."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.errors import AuthenticationFailed
from app.domain.hall_rules import HallRules
from app.services import auth
from tests.conftest import CLERK_PASSWORD
from tests.ui.helpers import ScriptedDialogs, any_text
from tests.ui.test_shell import activate, focused, press, show, type_text
from ui.context import UiContext
from ui.login import LoginDialog
from ui.tasks import TaskRunner
from ui.users.form import UserFormDialog
from ui.users.model import Column, UserRoles, UsersModel
from ui.users.screen import UsersModule


@pytest.fixture
def admin_ctx(ui_ctx: UiContext, login_as) -> UiContext:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    return ui_ctx


def _lock(ctx: UiContext, username: str) -> None:
    for _ in range(HallRules().max_failed_logins):
        with pytest.raises(AuthenticationFailed):
            auth.login(ctx.db, username, "Wrong2026")


def _screen(qtbot, ctx: UiContext) -> UsersModule:  # type: ignore[no-untyped-def]
    screen = UsersModule(ctx)
    screen.resize(1000, 600)
    show(qtbot, screen)
    qtbot.waitUntil(lambda: not screen.loading and screen.model.rowCount() > 0)
    return screen


def _usernames(screen: UsersModule) -> list[str]:
    return [row.username for row in screen.model.rows()]


def test_users_model(qtmodeltester, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    _lock(admin_ctx, "clerk2")
    assert admin_ctx.actor is not None
    rows = auth.list_users(admin_ctx.db, admin_ctx.actor)
    model = UsersModel()
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.columnCount() == len(Column)
    by_name = {model.data(model.index(r, Column.USERNAME)): r for r in range(model.rowCount())}
    clerk2 = by_name["clerk2"]
    assert model.data(model.index(clerk2, Column.ROLE)) == "营业员"
    assert model.data(model.index(clerk2, Column.STATUS)).startswith("已锁定（至 ")
    assert model.data(model.index(clerk2, 0), UserRoles.STATUS) == "locked"
    assert model.data(model.index(clerk2, 0), UserRoles.ROW).username == "clerk2"
    assert model.data(model.index(by_name["super1"], Column.LAST_LOGIN)) == "从未登录"
    assert model.data(model.index(by_name["admin"], Column.STATUS)) == "正常"
    assert model.headerData(Column.EMPLOYEE_NO, Qt.Orientation.Horizontal) == "工号"
    model.set_rows([])
    qtmodeltester.check(model)


def test_admin_creates_clerk_by_keyboard_and_the_clerk_logs_in(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, admin_ctx)
    dialogs: ScriptedDialogs = admin_ctx.dialogs  # type: ignore[assignment]
    assert _usernames(screen) == ["admin", "clerk1", "clerk2", "super1"]

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, UserFormDialog) and dialog.windowTitle() == "新建用户"
        activate(qtbot, dialog)
        assert focused(dialog) is dialog.username
        # First try: a bad user name and a short password; the service answers per field.
        for text in ("9li", "张丽", "1003"):
            type_text(qtbot, dialog, text)
            press(qtbot, dialog, Qt.Key.Key_Return)
        assert focused(dialog) is dialog.role and dialog.role.currentData() == "clerk"
        press(qtbot, dialog, Qt.Key.Key_Return)  # role: 营业员
        press(qtbot, dialog, Qt.Key.Key_Return)  # active: yes
        for text in ("short", "short"):
            type_text(qtbot, dialog, text)
            press(qtbot, dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.fields["username"].error_text() != "")
        assert "小写字母" in dialog.fields["username"].error_text()
        assert dialog.fields["password"].error_text() == "密码至少8位"
        assert dialog.fields["display_name"].error_text() == ""
        assert focused(dialog) is dialog.username
        # Fix them: the wrong field has the focus with its text selected.
        type_text(qtbot, dialog, "zhangli")
        for _ in range(5):
            press(qtbot, dialog, Qt.Key.Key_Return)
        assert focused(dialog) is dialog.password
        type_text(qtbot, dialog, "Zhang2026")
        press(qtbot, dialog, Qt.Key.Key_Return)
        type_text(qtbot, dialog, "Zhang2026")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            press(qtbot, dialog, Qt.Key.Key_Return)
        return dialog.result()

    dialogs.dialog_handlers.append(fill)
    screen.table.setFocus()
    press(qtbot, screen, Qt.Key.Key_Insert)
    assert ("dialog", "新建用户", "UserFormDialog") in dialogs.asked
    qtbot.waitUntil(lambda: "zhangli" in _usernames(screen))
    assert screen.message.text() == "已新建用户 zhangli（张丽）"
    qtbot.waitUntil(lambda: (row := screen.selected_row()) is not None and row.username == "zhangli")

    # The new clerk logs in through the log-in window.
    login_ctx = dataclasses.replace(admin_ctx, actor=None, tasks=TaskRunner(), dialogs=ScriptedDialogs())
    login = LoginDialog(login_ctx)
    show(qtbot, login)
    type_text(qtbot, login, "zhangli")
    press(qtbot, login, Qt.Key.Key_Return)
    type_text(qtbot, login, "Zhang2026")
    with qtbot.waitSignal(login.accepted, timeout=10000):
        press(qtbot, login, Qt.Key.Key_Return)
    assert login.actor is not None
    assert (login.actor.display_name, login.actor.employee_no, login.actor.role) == ("张丽", "1003", "clerk")
    login_ctx.tasks.wait_idle()


def test_form_checks_password_confirmation_and_escape_cancels(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialog = UserFormDialog(admin_ctx)
    show(qtbot, dialog)
    dialog.username.setText("lisi")
    dialog.display_name.setText("李四")
    dialog.employee_no.setText("1004")
    dialog.password.setText("Lisi2026")
    dialog.password_again.setFocus()
    type_text(qtbot, dialog, "Lisi2025")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.fields["password_again"].error_text() == "两次输入的密码不一致"
    assert dialog.result() == 0
    with qtbot.waitSignal(dialog.rejected):
        press(qtbot, dialog, Qt.Key.Key_Escape)
    assert admin_ctx.actor is not None
    assert "lisi" not in [r.username for r in auth.list_users(admin_ctx.db, admin_ctx.actor)]


def test_edit_shows_concurrent_edit(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, admin_ctx)
    dialogs: ScriptedDialogs = admin_ctx.dialogs  # type: ignore[assignment]
    clerk1 = next(r for r in screen.model.rows() if r.username == "clerk1")
    screen.select_user(clerk1.id)
    screen.table.setFocus()

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, UserFormDialog) and dialog.windowTitle() == "编辑用户"
        activate(qtbot, dialog)
        assert dialog.username.isReadOnly() and dialog.username.text() == "clerk1"
        assert focused(dialog) is dialog.display_name
        # Meanwhile another administrator saves the same user.
        assert admin_ctx.actor is not None
        auth.update_user(admin_ctx.db, admin_ctx.actor, clerk1.id, clerk1.version,
                         auth.UserInput("clerk1", "王小丽", "1011", "clerk"))
        type_text(qtbot, dialog, "王晓丽")
        press(qtbot, dialog, Qt.Key.Key_Return)
        dialog.submit()  # save from the middle of the form (same as Enter on the last field)
        qtbot.waitUntil(lambda: dialog.error.text() != "")
        assert "已被他人修改" in dialog.error.text()
        assert dialog.isVisible()  # nothing lost: the form stays open
        with qtbot.waitSignal(dialog.rejected):
            press(qtbot, dialog, Qt.Key.Key_Escape)
        return dialog.result()

    dialogs.dialog_handlers.append(edit)
    press(qtbot, screen, Qt.Key.Key_Return)  # Enter on the list edits the selected user
    assert ("dialog", "编辑用户", "UserFormDialog") in dialogs.asked
    assert ("error", "保存失败", "该用户已被他人修改，请重新打开后再改") in dialogs.asked


def test_edit_resets_password_with_f4(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, admin_ctx)
    dialogs: ScriptedDialogs = admin_ctx.dialogs  # type: ignore[assignment]
    screen.select_user(next(r.id for r in screen.model.rows() if r.username == "clerk2"))
    screen.table.setFocus()

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, UserFormDialog)
        activate(qtbot, dialog)
        dialog.password.setFocus()
        type_text(qtbot, dialog, "Reset2026")
        press(qtbot, dialog, Qt.Key.Key_Return)
        type_text(qtbot, dialog, "Reset2026")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            press(qtbot, dialog, Qt.Key.Key_Return)
        return dialog.result()

    dialogs.dialog_handlers.append(edit)
    press(qtbot, screen, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: screen.message.text() == "已保存用户 clerk2")
    assert auth.login(admin_ctx.db, "clerk2", "Reset2026").username == "clerk2"
    with pytest.raises(AuthenticationFailed):
        auth.login(admin_ctx.db, "clerk2", CLERK_PASSWORD)


def test_unlock_a_locked_clerk(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    _lock(admin_ctx, "clerk2")
    screen = _screen(qtbot, admin_ctx)
    clerk2 = next(r for r in screen.model.rows() if r.username == "clerk2")
    screen.select_user(clerk2.id)
    screen.table.setFocus()
    assert screen.unlock_action.isEnabled()
    press(qtbot, screen, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.message.text() == "已解锁用户 clerk2")
    qtbot.waitUntil(lambda: not screen.loading)
    row = screen.model.row_of(clerk2.id)
    assert screen.model.data(screen.model.index(row, Column.STATUS)) == "正常"
    assert auth.login(admin_ctx.db, "clerk2", CLERK_PASSWORD).username == "clerk2"


def test_filter_and_refresh(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, admin_ctx)
    screen.filter.setFocus()
    type_text(qtbot, screen, "super")
    assert screen.proxy.rowCount() == 1
    press(qtbot, screen, Qt.Key.Key_Down)
    assert focused(screen) is screen.table and screen.selected_row().username == "super1"  # type: ignore[union-attr]
    assert admin_ctx.actor is not None
    auth.create_user(admin_ctx.db, admin_ctx.actor, auth.UserInput("superb", "钱班长", "2002", "supervisor",
                                                                   "Super2027"))
    press(qtbot, screen, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "superb" in _usernames(screen))
    assert screen.proxy.rowCount() == 2 and screen.count_label.text() == "共 5 个用户"


def test_clerk_is_refused_by_the_service(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    screen = UsersModule(ui_ctx)
    show(qtbot, screen)
    qtbot.waitUntil(lambda: bool(dialogs.asked))
    assert any_text(dialogs, "无权执行此操作")
    assert screen.model.rowCount() == 0
