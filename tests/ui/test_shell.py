"""The shell, driven by the keyboard: first-start setup, log-in and lockout, the main window
(status bar, modules by role, shortcuts), idle lock, log-out, error handling, translations."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget
from sqlalchemy import text as sa_text

from app.config import Settings
from app.services import auth
from app.services.setup import is_initialized, open_database
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD
from tests.ui.helpers import ScriptedDialogs
from ui.app import Shell, UnexpectedErrorHandler
from ui.context import UiContext
from ui.i18n import install_translators, uninstall_translators
from ui.idle_lock import IdleWatcher
from ui.login import ChangePasswordDialog, LoginDialog
from ui.main_window import MainWindow, short_db_label
from ui.setup_wizard import SetupWizard
from ui.tasks import TaskRunner
from ui.users.screen import UsersModule

ROOT = Path(__file__).resolve().parents[2]


# ---- keyboard helpers -----------------------------------------------------------------------


def focused(window: QWidget) -> QWidget:
    widget = window.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot, window: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the focused widget. Chinese arrives as an input method's commit string, the
    way a pinyin IME delivers it (QTest.keyClicks only knows Latin-1 keys)."""
    widget = focused(window)
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def press(qtbot, window: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(window), key, modifier)


def show(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    activate(qtbot, widget)
    return widget


def activate(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitExposed(widget):
        widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()
    assert QApplication.activeWindow() is widget


# ---- first-start setup ------------------------------------------------------------------------


@pytest.fixture
def empty_db(tmp_path):  # type: ignore[no-untyped-def]
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'new.db'}")
    db = open_database(settings)
    yield db, settings
    db.dispose()


def test_setup_wizard_shows_errors_next_to_fields_then_initialises(qtbot, empty_db) -> None:  # type: ignore[no-untyped-def]
    db, settings = empty_db
    tasks = TaskRunner()
    wizard = SetupWizard(settings, db, tasks, ScriptedDialogs())
    show(qtbot, wizard)
    assert focused(wizard) is wizard.node_code

    for text in ("33a", "城东营业厅", "国网杭州供电公司"):
        type_text(qtbot, wizard, text)
        press(qtbot, wizard, Qt.Key.Key_Return)
    assert focused(wizard) is wizard.admin_username  # Enter walked the hall fields
    press(qtbot, wizard, Qt.Key.Key_Return)  # user name and display name come prefilled
    press(qtbot, wizard, Qt.Key.Key_Return)
    type_text(qtbot, wizard, "Admin2026")
    press(qtbot, wizard, Qt.Key.Key_Return)
    type_text(qtbot, wizard, "Admin2027")
    press(qtbot, wizard, Qt.Key.Key_Return)
    assert focused(wizard) is wizard.demo
    press(qtbot, wizard, Qt.Key.Key_Return)  # Enter on the last field finishes

    qtbot.waitUntil(lambda: wizard.fields["node_code"].error_text() != "")
    assert "4位数字" in wizard.fields["node_code"].error_text()
    assert wizard.fields["admin_password_again"].error_text() == "两次输入的密码不一致"
    assert wizard.fields["node_name"].error_text() == ""
    assert focused(wizard) is wizard.node_code  # the first wrong field, its text selected
    assert wizard.result() == 0 and not is_initialized(db)

    type_text(qtbot, wizard, "3301")  # replaces the selected "33a"
    for _ in range(6):
        press(qtbot, wizard, Qt.Key.Key_Return)
    assert focused(wizard) is wizard.admin_password_again
    type_text(qtbot, wizard, "Admin2026")
    press(qtbot, wizard, Qt.Key.Key_Return)
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        press(qtbot, wizard, Qt.Key.Key_Return)
    assert is_initialized(db)
    assert wizard.node is not None and wizard.node.code == "3301" and wizard.node.name == "城东营业厅"
    assert auth.login(db, "admin", "Admin2026").role == "admin"
    tasks.wait_idle()


def test_setup_wizard_loads_demo_data_off_the_ui_thread(qtbot, empty_db) -> None:  # type: ignore[no-untyped-def]
    db, settings = empty_db
    calls: list[tuple[int, int]] = []

    def fake_seed(db, settings, customers, seed, progress=None):  # type: ignore[no-untyped-def]
        calls.append((customers, seed))
        progress(1000, customers)
        progress(customers, customers)
        return "已生成2000户演示客户；演示营业员账号 demo1 / Demo2026"

    dialogs = ScriptedDialogs()
    wizard = SetupWizard(settings, db, TaskRunner(), dialogs, seed=fake_seed)
    show(qtbot, wizard)
    wizard.node_code.setText("3302")
    wizard.node_name.setText("城西营业厅")
    wizard.company.setText("国网杭州供电公司")
    wizard.admin_password.setText("Admin2026")
    wizard.admin_password_again.setText("Admin2026")
    wizard.demo.setFocus()
    press(qtbot, wizard, Qt.Key.Key_Space)  # tick 载入演示数据
    assert wizard.demo.isChecked()
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        press(qtbot, wizard, Qt.Key.Key_Return)
    assert calls == [(2000, 1)]
    assert ("info", "演示数据已载入", "已生成2000户演示客户；演示营业员账号 demo1 / Demo2026") in dialogs.asked
    assert is_initialized(db)


def test_setup_wizard_progress_names_the_phase(qtbot, empty_db) -> None:  # type: ignore[no-untyped-def]
    """seed_demo reports customers, then months of bills: "5 / 24" must not read as customers."""
    db, settings = empty_db
    wizard = SetupWizard(settings, db, TaskRunner(), ScriptedDialogs())
    show(qtbot, wizard)
    dialog = QProgressDialog(wizard)
    wizard._progress_dialog = dialog
    wizard._progress(1000, 2000)
    assert dialog.labelText() == "正在生成演示客户… 1000 / 2000 户" and dialog.value() == 1000
    wizard._progress(2000, 2000)
    assert "演示客户" in dialog.labelText()
    wizard._progress(5, 24)
    assert dialog.labelText() == "正在生成演示抄表、账单和缴费… 5 / 24 个月"
    assert (dialog.value(), dialog.maximum()) == (5, 24)
    wizard._close_progress()


def test_setup_wizard_with_the_real_demo_loader(qtbot, empty_db) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("app.demo")
    db, settings = empty_db
    dialogs = ScriptedDialogs()
    wizard = SetupWizard(settings, db, TaskRunner(), dialogs)
    show(qtbot, wizard)
    for edit, text in ((wizard.node_code, "3301"), (wizard.node_name, "城东营业厅"), (wizard.company, "国网杭州供电公司"),
                       (wizard.admin_password, ADMIN_PASSWORD), (wizard.admin_password_again, ADMIN_PASSWORD)):
        edit.setText(text)
    wizard.demo.setChecked(True)
    with qtbot.waitSignal(wizard.accepted, timeout=120000):
        wizard.submit()
    kind, title, report = dialogs.asked[-1]
    assert (kind, title) == ("info", "演示数据已载入")
    assert "已导入演示客户" in report
    assert "已生成演示抄表与账单" in report  # the 24 months of bills came with the customers
    with db.read() as session:
        periods = session.execute(sa_text("SELECT COUNT(DISTINCT period) FROM bill")).scalar_one()
    assert periods == 24


# ---- log-in -----------------------------------------------------------------------------------


def _login_dialog(qtbot, ctx: UiContext, message: str = "") -> LoginDialog:  # type: ignore[no-untyped-def]
    ctx.actor = None
    dialog = LoginDialog(ctx, message)
    show(qtbot, dialog)
    return dialog


def _attempt(qtbot, dialog: LoginDialog, password: str) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, dialog, password)
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy)


def test_login_by_keyboard(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialog = _login_dialog(qtbot, ui_ctx)
    assert "城东营业厅" in dialog.hall_label.text() and "3301" in dialog.hall_label.text()
    assert focused(dialog) is dialog.username
    type_text(qtbot, dialog, "clerk1")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert focused(dialog) is dialog.password
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        _attempt(qtbot, dialog, CLERK_PASSWORD)
    assert dialog.actor is not None
    assert (dialog.actor.username, dialog.actor.role, dialog.actor.employee_no) == ("clerk1", "clerk", "1001")


def test_login_failure_shows_remaining_attempts_and_locks_after_five(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialog = _login_dialog(qtbot, ui_ctx)
    type_text(qtbot, dialog, "clerk2")
    press(qtbot, dialog, Qt.Key.Key_Return)
    for left in (4, 3, 2, 1):
        _attempt(qtbot, dialog, "Wrong2026")
        assert dialog.error.isVisibleTo(dialog)
        assert dialog.error.text() == f"用户名或密码错误，还可尝试{left}次"
        assert dialog.password.text() == "" and focused(dialog) is dialog.password
    assert dialog.error.palette().color(dialog.error.foregroundRole()).name() == "#c62828"  # red
    _attempt(qtbot, dialog, "Wrong2026")
    assert "账户已锁定15分钟" in dialog.error.text()
    _attempt(qtbot, dialog, CLERK_PASSWORD)  # the right password no longer helps
    assert "账户已锁定" in dialog.error.text()
    assert dialog.result() == 0 and dialog.actor is None


def test_login_asks_for_missing_fields_and_escape_quits(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialog = _login_dialog(qtbot, ui_ctx, message="账户已锁定")
    assert dialog.error.text() == "账户已锁定"  # a message handed over from the lock screen
    dialog.password.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.fields["username"].error_text() == "请输入用户名"
    assert focused(dialog) is dialog.username
    with qtbot.waitSignal(dialog.rejected):
        press(qtbot, dialog, Qt.Key.Key_Escape)


# ---- main window ------------------------------------------------------------------------------


def _main(qtbot, ctx: UiContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    window.idle.set_timeout_ms(0)
    show(qtbot, window)
    return window


def _nav(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def _customers_available() -> bool:
    try:
        import ui.customers.module  # noqa: F401
    except ImportError:
        return False
    return True


def test_main_window_status_bar_and_clerk_modules(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = _main(qtbot, ui_ctx)
    assert window.windowTitle() == "GridCounter 电力营业厅柜台业务系统 — 城东营业厅"
    assert window.node_label.text() == "城东营业厅（节点 3301）"
    assert window.mode_label.text() == "单机模式"
    assert window.db_label.text().startswith("数据库 SQLite ") and window.db_label.text().endswith("test.db")
    assert window.db_label.toolTip() == ui_ctx.db.display_url
    assert window.user_label.text() == "王小丽（工号 1001 · 营业员）"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \S+ \d{2}:\d{2}:\d{2}", window.clock.text())
    assert "用户管理" not in _nav(window) and "users" not in window.module_keys()
    assert ("客户" in _nav(window)) == _customers_available()
    menus = [a.text() for a in window.menuBar().actions() if a.isVisible()]
    assert "用户(&U)" not in menus
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+L", "Ctrl+Shift+P", "Ctrl+Q"} <= shortcuts
    press(qtbot, window, Qt.Key.Key_F1)  # every shortcut, listed from the menus
    kind, title, text = ui_ctx.dialogs.asked[-1]  # type: ignore[attr-defined]
    assert (kind, title) == ("info", "快捷键一览")
    assert "Ctrl+L\t锁定屏幕" in text and "Ctrl+Q\t注销（返回登录）" in text
    if _customers_available():
        assert "Ctrl+1\t客户" in text and "F3\t新建客户" in text


def test_main_window_admin_sees_user_management_and_switches_by_keyboard(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx: UiContext, login_as) -> None:
    login_as(ui_ctx, "admin")
    window = _main(qtbot, ui_ctx)
    assert "用户管理" in _nav(window)
    assert window.user_label.text() == "系统管理员（工号 0001 · 系统管理员）"
    users_index = window.module_keys().index("users")
    press(qtbot, window, getattr(Qt.Key, f"Key_{users_index + 1}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_module().key == "users"  # type: ignore[union-attr]
    assert window.nav.currentRow() == users_index
    users = window.current_module().widget  # type: ignore[union-attr]
    assert isinstance(users, UsersModule)
    qtbot.waitUntil(lambda: users.model.rowCount() == 4)
    if _customers_available():
        # Only the current module's shortcuts are live: F4 means "edit user" here, not "edit customer".
        customers = window.modules[window.module_keys().index("customers")]
        assert all(not a.shortcuts() for a in customers.actions)
        assert customers.menu is not None and not customers.menu.menuAction().isVisible()
        press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert window.current_module().key == "customers"  # type: ignore[union-attr]
        assert [a.shortcut().toString() for a in customers.actions] == ["F2", "F3", "F4", "F6", "Ctrl+P", "F9", "F11"]
    ui_ctx.tasks.wait_idle()


def test_main_window_without_the_customers_module(qtbot, ui_ctx: UiContext, login_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "ui.customers.module", None)  # as if not installed
    window = _main(qtbot, ui_ctx)
    # a clerk keeps the cashier module, the worklist and 报表 (the arrears list)
    assert _nav(window) == ["收费班次", "业务受理", "诉求工单", "报表"]
    login_as(ui_ctx, "admin")
    admin_window = _main(qtbot, ui_ctx)
    assert _nav(admin_window) == [
        "收费班次", "电费管理", "业务受理", "诉求工单", "报表", "看板", "用户管理", "业务类型目录", "审计"
    ]
    assert admin_window.modules[0].switch_action.shortcut().toString() == "Ctrl+1"
    ui_ctx.tasks.wait_idle()


def test_short_db_label() -> None:
    assert short_db_label("sqlite:////home/wang/.local/share/GridCounter/gridcounter.db") == \
        "SQLite …/GridCounter/gridcounter.db"
    assert short_db_label("postgresql+psycopg://gc:***@10.1.2.3:5432/gridcounter") == \
        "PostgreSQL 10.1.2.3:5432/gridcounter"
    assert len(short_db_label("postgresql://u:***@" + "h" * 80 + "/db")) == 46


def test_change_own_password(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = _main(qtbot, ui_ctx)
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, ChangePasswordDialog)
        activate(qtbot, dialog)  # not addWidget: the window deletes its dialogs itself
        for text in (CLERK_PASSWORD, "Newpass2026", "Newpass2025"):
            type_text(qtbot, dialog, text)
            press(qtbot, dialog, Qt.Key.Key_Return)
        assert dialog.fields["new_password_again"].error_text() == "两次输入的密码不一致"
        type_text(qtbot, dialog, "Newpass2026")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            press(qtbot, dialog, Qt.Key.Key_Return)
        return dialog.result()

    dialogs.dialog_handlers.append(fill)
    press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ("dialog", "修改密码", "ChangePasswordDialog") in dialogs.asked
    assert auth.login(ui_ctx.db, "clerk1", "Newpass2026").username == "clerk1"


def test_wrong_current_password_five_times_ends_the_session(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = _main(qtbot, ui_ctx)
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]

    def guess(dialog: QDialog) -> int:
        assert isinstance(dialog, ChangePasswordDialog)
        activate(qtbot, dialog)
        for attempt in range(5):
            qtbot.waitUntil(dialog.ok_button.isEnabled)
            if attempt < 4:
                assert dialog.isVisible()
            dialog.old.setText("Wrong2026")
            dialog.new.setText("Newpass2026")
            dialog.again.setText("Newpass2026")
            dialog.submit()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        return dialog.result()

    dialogs.dialog_handlers.append(guess)
    with qtbot.waitSignal(window.logged_out) as blocker:
        press(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "账户已锁定" in blocker.args[0] and not window.isVisible()


# ---- idle lock --------------------------------------------------------------------------------


def test_idle_lock_engages_and_unlocks_with_the_password(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = _main(qtbot, ui_ctx)
    window.idle.set_timeout_ms(150)
    window.idle.start()
    qtbot.waitUntil(lambda: window.lock is not None and window.lock.isVisible(), timeout=5000)
    lock = window.lock
    assert lock is not None and not window.idle.running
    assert lock.geometry() == window.frameGeometry()  # covers the window
    press(qtbot, lock, Qt.Key.Key_Escape)
    assert lock.isVisible()  # Esc does not lift the lock
    type_text(qtbot, lock, "Wrong2026")
    press(qtbot, lock, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.error.text() != "")
    assert lock.error.text() == "用户名或密码错误，还可尝试4次"
    type_text(qtbot, lock, CLERK_PASSWORD)
    press(qtbot, lock, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.lock is None)
    assert window.idle.running  # counting again; the lock screen is gone
    assert window.statusBar().currentMessage() == "已解锁"
    window.idle.stop()


def test_ctrl_l_locks_and_lockout_ends_the_session(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = _main(qtbot, ui_ctx)
    press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = window.lock
    assert lock is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is lock)
    with qtbot.waitSignal(window.logged_out, timeout=20000) as blocker:
        for _ in range(5):
            qtbot.waitUntil(lock.unlock_button.isEnabled)
            type_text(qtbot, lock, "Wrong2026")
            press(qtbot, lock, Qt.Key.Key_Return)
    assert "账户已锁定" in blocker.args[0]
    assert not window.isVisible()


def test_lockout_under_an_open_dialog_closes_it(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = _main(qtbot, ui_ctx)
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    seen: dict[str, object] = {}

    def idle_while_open(dialog: QDialog) -> int:
        activate(qtbot, dialog)
        window.idle.set_timeout_ms(100)  # the clerk walks away with the dialog open
        window.idle.start()
        qtbot.waitUntil(lambda: window.lock is not None and window.lock.isVisible(), timeout=5000)
        lock = window.lock
        assert lock is not None
        with qtbot.waitSignal(window.logged_out, timeout=20000) as blocker:
            for _ in range(5):
                qtbot.waitUntil(lock.unlock_button.isEnabled)
                lock.password.setText("Wrong2026")
                lock.submit()
        seen["message"] = blocker.args[0]
        seen["dialog_visible"] = dialog.isVisible()
        return dialog.result()

    dialogs.dialog_handlers.append(idle_while_open)
    window.change_password()
    assert "账户已锁定" in str(seen["message"])
    assert seen["dialog_visible"] is False and not window.isVisible()


def test_idle_watcher_is_off_when_minutes_is_zero(qapp) -> None:  # type: ignore[no-untyped-def]
    watcher = IdleWatcher(0)
    watcher.start()
    assert not watcher.running
    assert IdleWatcher(5).timeout_ms == 300_000


# ---- the whole flow ---------------------------------------------------------------------------


def test_shell_setup_login_logout_quit(qtbot, empty_db) -> None:  # type: ignore[no-untyped-def]
    db, settings = empty_db
    tasks = TaskRunner()
    shell = Shell(settings, db, tasks, ScriptedDialogs(), node=None)
    shell.start()
    wizard = shell.wizard
    assert wizard is not None
    activate(qtbot, wizard)
    wizard.node_code.setText("3301")
    wizard.node_name.setText("城东营业厅")
    wizard.company.setText("国网杭州供电公司")
    wizard.admin_password.setText(ADMIN_PASSWORD)
    wizard.admin_password_again.setText(ADMIN_PASSWORD)
    wizard.submit()
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible(), timeout=10000)

    login = shell.login
    assert login is not None
    activate(qtbot, login)
    type_text(qtbot, login, "admin")
    press(qtbot, login, Qt.Key.Key_Return)
    type_text(qtbot, login, ADMIN_PASSWORD)
    press(qtbot, login, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.main is not None and shell.main.isVisible(), timeout=10000)
    main = shell.main
    assert main is not None and shell.login is None and shell.window is main
    main.idle.stop()
    assert "用户管理" in _nav(main)
    activate(qtbot, main)
    press(qtbot, main, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # 注销
    qtbot.waitUntil(lambda: shell.login is not None and shell.login.isVisible())
    assert shell.main is None and shell.window is shell.login

    again = shell.login
    assert again is not None and again is not login
    with qtbot.waitSignal(shell.finished) as blocker:
        qtbot.keyClick(again.username, Qt.Key.Key_Escape)
    assert blocker.args == [0]
    again.close()
    tasks.wait_idle()


def test_cold_start_hook_prints_and_exits(sqlite_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, settings = sqlite_db
    env = {**os.environ, "GRIDCOUNTER_EXIT_AT_LOGIN": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db-url", settings.db_url],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"login-window-shown \d+\.\d{3}\n", done.stdout)

    broken = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db-url", f"sqlite:///{tmp_path}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1
    assert "database-open-failed" in broken.stderr


def test_a_failed_start_on_postgresql_keeps_the_password_out_of_the_log(tmp_path) -> None:  # type: ignore[no-untyped-def]
    logs = tmp_path / "log"
    env = {**os.environ, "GRIDCOUNTER_EXIT_AT_LOGIN": "1", "QT_QPA_PLATFORM": "offscreen",
           "GRIDCOUNTER_LOG_DIR": str(logs), "GRIDCOUNTER_CONFIG_DIR": str(tmp_path / "config"),
           "GRIDCOUNTER_DATA_DIR": str(tmp_path / "data")}
    url = "postgresql+psycopg://hall:S3cretPW@127.0.0.1:9/gridcounter?connect_timeout=3"  # port 9: nothing listens
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db-url", url],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "database-open-failed" in done.stderr
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs.rglob("*") if p.is_file())
    assert "could not open the database postgresql+psycopg://hall:***@127.0.0.1:9" in written
    assert "S3cretPW" not in written + done.stderr + done.stdout


# ---- errors and translations ------------------------------------------------------------------


def test_unexpected_error_is_logged_and_shown_calmly(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    dialogs = ScriptedDialogs()
    handler = UnexpectedErrorHandler(dialogs)
    try:
        raise ValueError("boom")
    except ValueError:
        handler.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(dialogs.asked))
    kind, title, text = dialogs.asked[0]
    assert (kind, title) == ("choose", "意外错误")  # 确定 or 保存错误报告… (issue 12 item 11)
    reference = re.search(r"日志编号 (\d{8}-\d{4}-[0-9a-f]{4})", text)
    assert "已记录到日志" in text and reference is not None
    assert "boom" not in text  # an exception's own text may carry personal data: only the log has it
    assert "unexpected error on the UI thread" in caplog.text and reference.group(1) in caplog.text
    assert "ValueError: boom" in caplog.text


def test_translations(qapp) -> None:  # type: ignore[no-untyped-def]
    try:
        loaded = install_translators(qapp, "en")
        assert any(path.endswith("gridcounter_en.qm") for path in loaded)
        assert QCoreApplication.translate("LoginDialog", "登录") == "Log in"
        assert QCoreApplication.translate("MainWindow", "单机模式") == "Standalone"
        loaded = install_translators(qapp, "zh_CN")
        assert any(path.endswith("qtbase_zh_CN.qm") for path in loaded)
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        uninstall_translators(qapp)



def test_module_level_translations_are_found_under_their_context(qapp) -> None:  # type: ignore[no-untyped-def]
    """Texts translated through a module's tr() wrapper live in gridcounter_domain_en.ts."""
    import datetime as dt

    from ui.billing_admin import tariff_day

    try:
        install_translators(qapp, "en")
        assert QCoreApplication.translate("TariffDay", "周一") == "Mon"
        assert QCoreApplication.translate("CsvImportPage", "开始导入 (Enter)") == "Start import (Enter)"
        assert QCoreApplication.translate("Cashier", "已保存，但打印记录未能保存（%1）") != "已保存，但打印记录未能保存（%1）"
        assert tariff_day.weekday_label(dt.date(2026, 12, 2)) == "Wed"
        assert QCoreApplication.translate("TariffSchedule", "时段") != "时段"
    finally:
        uninstall_translators(qapp)
