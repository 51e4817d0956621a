"""Identity in the UI (issue 7 items 5, 7d): a reset password must be changed at the log-in,
and a write refused because the log-in is no longer valid returns to the log-in window."""

from __future__ import annotations

import dataclasses
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.domain.messages import Message
from app.services import auth, cashier
from app.services.permissions import SessionEnded
from app.services.setup import local_node
from db.models import UserSession
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_payment_flow import keys, open_shift, seed_bills, seed_customer, show_modal, wait_quote
from tests.ui.test_shell import activate, focused, press, show, type_text
from ui import idle_lock
from ui.app import Shell
from ui.i18n import install_translators, localize, uninstall_translators
from ui.login import ChangePasswordDialog, LoginDialog
from ui.payments.dialog import PaymentDialog
from ui.tasks import TaskRunner


def _reset_clerk1(db, settings, temp):  # type: ignore[no-untyped-def]
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    row = next(r for r in auth.list_users(db, admin) if r.username == "clerk1")
    auth.update_user(
        db,
        admin,
        row.id,
        row.version,
        auth.UserInput(row.username, row.display_name, row.employee_no, row.role, temp, row.active),
    )


def test_a_reset_password_must_be_changed_before_the_main_window(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    db, settings = ui_ctx.db, ui_ctx.settings
    _reset_clerk1(db, settings, "Temp2026x")
    ctx = dataclasses.replace(ui_ctx, actor=None)
    dialog = show(qtbot, LoginDialog(ctx))
    type_text(qtbot, dialog, "clerk1")
    press(qtbot, dialog, Qt.Key.Key_Return)
    type_text(qtbot, dialog, "Temp2026x")
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(dialog, "change_dialog", None) is not None, timeout=10000)
    change = dialog.change_dialog
    assert isinstance(change, ChangePasswordDialog) and change.forced
    activate(qtbot, change)
    # It cannot be skipped: Esc does nothing, and there is no 取消.
    press(qtbot, change, Qt.Key.Key_Escape)
    assert change.isVisible() and dialog.result() != LoginDialog.DialogCode.Accepted and dialog.actor is None
    change.grab().save("/tmp/identity_forced_change.png")
    assert focused(change) is change.old
    type_text(qtbot, change, "Temp2026x")
    press(qtbot, change, Qt.Key.Key_Return)
    type_text(qtbot, change, "Mine2026yy")
    press(qtbot, change, Qt.Key.Key_Return)
    type_text(qtbot, change, "Mine2026yy")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        press(qtbot, change, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "clerk1"
    assert not auth.password_change_required(db, dialog.actor)
    assert auth.login(db, "clerk1", "Mine2026yy").username == "clerk1"


def test_a_deactivated_clerk_is_sent_back_to_the_login(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    db, settings = sqlite_db
    tasks = TaskRunner()
    shell = Shell(settings, db, tasks, ScriptedDialogs(), node=local_node(db))
    shell.start()
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible(), timeout=10000)
    login = shell.login
    assert login is not None
    activate(qtbot, login)
    type_text(qtbot, login, "clerk1")
    press(qtbot, login, Qt.Key.Key_Return)
    type_text(qtbot, login, CLERK_PASSWORD)
    press(qtbot, login, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.main is not None and shell.main.isVisible(), timeout=10000)
    main = shell.main
    assert main is not None
    main.idle.stop()
    actor = main.ctx.actor
    assert actor is not None and actor.token

    # The administrator deactivates clerk1 on another PC; clerk1's next write is refused.
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    row = next(r for r in auth.list_users(db, admin) if r.username == "clerk1")
    auth.update_user(
        db,
        admin,
        row.id,
        row.version,
        auth.UserInput(row.username, row.display_name, row.employee_no, row.role, "", False),
    )
    errors: list[str] = []
    tasks.run(
        lambda: cashier.open_session(db, actor, 50000),
        lambda _r: None,
        lambda exc: errors.append(str(exc)),
    )
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible(), timeout=10000)
    assert errors and "停用" in errors[0]
    assert shell.main is None and "停用" in shell.login.error.text()
    tasks.wait_idle()
    with db.read() as s:  # the log-out ended the session row
        assert s.scalar(select(UserSession.ended_at).where(UserSession.token == actor.token)) is not None
    shell.login.close()


def test_a_duplicate_employee_no_is_shown_next_to_the_field(qtbot, ui_ctx, login_as) -> None:  # type: ignore[no-untyped-def]
    from ui.users.form import UserFormDialog

    login_as(ui_ctx, "admin")
    dialog = show(qtbot, UserFormDialog(ui_ctx))
    dialog.username.setText("lisi")
    dialog.display_name.setText("李四")
    dialog.employee_no.setText("1001")  # 王小丽's
    dialog.password.setText("Lisi2026")
    dialog.password_again.setText("Lisi2026")
    dialog.password_again.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.fields["employee_no"].error_text() != "", timeout=10000)
    assert dialog.fields["employee_no"].error_text() == "工号“1001”已被王小丽使用"
    assert dialog.result() == 0
    dialog.grab().save("/tmp/identity_employee_no.png")
    assert "lisi" not in [r.username for r in auth.list_users(ui_ctx.db, ui_ctx.actor)]


def test_a_long_lock_ends_the_session_row(qtbot, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_shell import _main

    window = _main(qtbot, ui_ctx)
    actor = ui_ctx.actor
    window.lock_screen()
    lock = window.lock
    assert lock is not None and lock.timeout.isActive()  # 60 minutes by default
    with qtbot.waitSignal(window.logged_out, timeout=10000) as blocker:
        lock.timeout.start(10)  # the test does not wait an hour
    assert blocker.args == ["锁屏时间过长，已自动注销，请重新登录"]
    with ui_ctx.db.read() as s:
        row = s.get(UserSession, actor.token)
        assert row.ended_at is not None and row.ended_reason == "idle"


def _logged_in(qtbot, sqlite_db):  # type: ignore[no-untyped-def]
    """The shell with clerk1 logged in through the log-in window; its idle lock stopped."""
    db, settings = sqlite_db
    tasks = TaskRunner()
    shell = Shell(settings, db, tasks, ScriptedDialogs(), node=local_node(db))
    shell.start()
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible(), timeout=10000)
    login = shell.login
    assert login is not None
    activate(qtbot, login)
    type_text(qtbot, login, "clerk1")
    press(qtbot, login, Qt.Key.Key_Return)
    type_text(qtbot, login, CLERK_PASSWORD)
    press(qtbot, login, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.main is not None and shell.main.isVisible(), timeout=10000)
    main = shell.main
    assert main is not None
    main.idle.stop()
    return shell, main, tasks


def test_a_session_ended_while_a_payment_dialog_posts_closes_the_dialog(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """The dialog that sent the refused write is busy until its on_error runs, and a busy
    dialog refuses to close: session_ended must come after it, or it stays over the log-in."""
    db, settings = sqlite_db
    shell, main, tasks = _logged_in(qtbot, sqlite_db)
    customer = seed_customer(main.ctx)
    seed_bills(main.ctx, customer, [200])
    open_shift(main.ctx)
    dialog = PaymentDialog(main.ctx, customer, parent=main)
    show_modal(qtbot, dialog)
    wait_quote(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.rules_loaded, timeout=10000)
    keys(qtbot, "200")

    admin = auth.login(db, "admin", ADMIN_PASSWORD)  # deactivated on another PC
    row = next(r for r in auth.list_users(db, admin) if r.username == "clerk1")
    auth.update_user(
        db,
        admin,
        row.id,
        row.version,
        auth.UserInput(row.username, row.display_name, row.employee_no, row.role, "", False),
    )
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Return)  # 确认收费: refused, the log-in is over
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert dialog.receipt is None and dialog.result() == QDialog.DialogCode.Rejected
    assert shell.main is None and "停用" in shell.login.error.text()
    tasks.wait_idle()
    shell.login.close()


def test_a_forced_log_out_closes_a_dialog_that_is_still_busy(qtbot, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    shell, main, tasks = _logged_in(qtbot, sqlite_db)
    customer = seed_customer(main.ctx)
    seed_bills(main.ctx, customer, [200])
    dialog = PaymentDialog(main.ctx, customer, parent=main)
    show_modal(qtbot, dialog)
    wait_quote(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.rules_loaded, timeout=10000)
    dialog.posting = True  # a post in flight: the dialog refuses done() on its own
    dialog.done(QDialog.DialogCode.Rejected)
    assert dialog.isVisible()
    main.logout("", force=True)
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible(), timeout=10000)
    assert not dialog.isVisible()
    dialog.posting = False
    tasks.wait_idle()
    shell.login.close()


def test_session_ended_carries_the_message_in_the_ui_language_and_shows_no_second_box(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    unexpected: list[BaseException] = []
    tasks = TaskRunner(on_unexpected=unexpected.append)
    install_translators(qapp, "en")
    try:

        def refused() -> None:
            raise SessionEnded("该账户已停用，请联系管理员")

        with qtbot.waitSignal(tasks.session_ended, timeout=10000) as signal:
            tasks.run(refused, lambda _r: None)  # no on_error: the main window alone answers
        assert signal.args is not None
        message = signal.args[0]
        assert message == localize(Message("该账户已停用，请联系管理员")) and "停用" not in message
        assert unexpected == []  # not a second box on top of the return to the log-in
    finally:
        uninstall_translators(qapp)


def test_a_lock_timing_out_while_an_unlock_is_checked_looks_again(qtbot, ui_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The long-lock log-out came while a (wrong) password was being checked: it was dropped
    for good, and the counter stayed locked with a valid session all night."""
    from tests.ui.test_shell import _main

    window = _main(qtbot, ui_ctx)
    window.lock_screen()
    lock = window.lock
    assert lock is not None
    real = idle_lock.auth.unlock_screen
    release = threading.Event()

    def slow_unlock(db, actor, password):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(db, actor, password)

    monkeypatch.setattr(idle_lock.auth, "unlock_screen", slow_unlock)
    try:
        qtbot.keyClicks(lock.password, "wrong-password")
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        assert lock._busy
        lock.timeout.start(1)  # the hour is up while the password is checked
        qtbot.wait(50)
        assert lock.timeout.isActive()  # looks again shortly
    finally:
        release.set()
    with qtbot.waitSignal(window.logged_out, timeout=10000) as blocker:
        pass
    assert blocker.args == ["锁屏时间过长，已自动注销，请重新登录"]


def test_no_unlock_once_the_lock_has_timed_out(qtbot, ui_ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The long-lock log-out is under way: a password typed now does not unlock a screen whose
    session is being ended."""
    from tests.ui.test_shell import _main

    window = _main(qtbot, ui_ctx)
    window.lock_screen()
    lock = window.lock
    assert lock is not None
    real_logout = idle_lock.auth.logout
    release = threading.Event()
    unlocks: list[str] = []

    def slow_logout(db, actor, reason):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real_logout(db, actor, reason)

    monkeypatch.setattr(idle_lock.auth, "logout", slow_logout)
    monkeypatch.setattr(idle_lock.auth, "unlock_screen", lambda *args: unlocks.append("asked"))
    unlocked: list[bool] = []
    lock.unlocked.connect(lambda: unlocked.append(True))
    try:
        lock.timeout.start(1)
        qtbot.wait(50)
        qtbot.keyClicks(lock.password, CLERK_PASSWORD)
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
        qtbot.wait(50)
        assert unlocks == [] and not unlocked and lock.isVisible()
    finally:
        release.set()
    with qtbot.waitSignal(window.logged_out, timeout=10000) as blocker:
        pass
    assert blocker.args == ["锁屏时间过长，已自动注销，请重新登录"] and not unlocked
