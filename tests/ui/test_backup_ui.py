"""Backups from the counter program (docs/backup.md): the supervisor's 立即备份数据库 (Ctrl+Shift+B),
the automatic backup after a 交班 (never failing the close), the version in 关于."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.dto.payments import TenderInput
from app.services import cashier
from app.services.backup import list_backups
from app.version import app_version
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_cashier_ui import make_module, new_customer, open_close_page, take, type_counts
from tests.ui.test_shell import _main, press
from ui.backup import backup_runner
from ui.context import UiContext


def _use_folder(ctx: UiContext, folder: Path) -> None:
    import dataclasses

    ctx.settings = dataclasses.replace(ctx.settings, backup_dir=str(folder))


def _wait_backup(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not backup_runner().running, timeout=20000)


def test_about_shows_the_version(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    window = _main(qtbot, ui_ctx)
    press(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    kind, title, text = dialogs.asked[-1]
    assert (kind, title) == ("info", "关于 GridCounter")
    assert f"版本 {app_version()}" in text and "数据库结构 0019" in text


def test_the_supervisor_backs_up_from_the_menu(qtbot, ui_ctx: UiContext, login_as, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    assert not hasattr(_main(qtbot, ui_ctx), "backup_action")  # a clerk has no such entry
    login_as(ui_ctx, "super1")
    (tmp_path / "usb").mkdir()  # a configured folder is never created (only the default one)
    _use_folder(ui_ctx, tmp_path / "usb")
    window = _main(qtbot, ui_ctx)
    assert window.backup_action.shortcut().toString() == "Ctrl+Shift+B"
    assert window.backup_action in window.system_menu.actions()
    press(
        qtbot, window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    _wait_backup(qtbot)
    made = list_backups(tmp_path / "usb", "3301")
    assert len(made) == 1
    kind, title, text = dialogs.asked[-1]
    assert (kind, title) == ("info", "备份数据库") and "已备份并核验" in text and str(made[0]) in text

    # the folder is a USB stick that was pulled out: a clear message, nothing kept
    _use_folder(ui_ctx, tmp_path / "gone" / "usb")
    window.ctx.settings = ui_ctx.settings
    window.backup_now()
    _wait_backup(qtbot)
    kind, title, text = dialogs.asked[-1]
    assert (kind, title) == ("error", "备份失败") and "U 盘未插好" in text


def test_a_close_is_followed_by_a_backup_and_a_failed_one_is_reported(
    qtbot, ui_ctx: UiContext, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    assert ui_ctx.actor is not None
    folder = tmp_path / "backups"
    folder.mkdir()
    _use_folder(ui_ctx, folder)
    cashier.open_session(ui_ctx.db, ui_ctx.actor, 50000)
    take(ui_ctx, new_customer(ui_ctx), TenderInput("cash", 15000))
    module = make_module(qtbot, ui_ctx)
    statuses: list[str] = []
    module.statusMessage.connect(statuses.append)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    open_close_page(qtbot, module)
    type_counts(qtbot, module, ["6", "", "", "1", "", "", "", "", "", "", "", ""])  # ¥650: 账实相符
    dialogs.confirms.append(True)
    dialogs.files.append(str(tmp_path / "day_end.pdf"))
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is module.day_end, timeout=10000)
    qtbot.waitUntil(lambda: len(list_backups(folder, "3301")) == 1, timeout=20000)
    _wait_backup(qtbot)
    assert any("已备份并核验" in s for s in statuses)
    assert (
        "备份" not in module.message.text()
    )  # the status bar only: the module's line keeps the close's messages

    # the next close, with the backup folder gone: the close is done, the failed backup reported
    _use_folder(ui_ctx, tmp_path / "pulled-out" / "backups")
    module.ctx.settings = ui_ctx.settings
    press(qtbot, module, Qt.Key.Key_Escape)
    cashier.open_session(ui_ctx.db, ui_ctx.actor, 0)
    module.refresh_session()
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    open_close_page(qtbot, module)
    type_counts(qtbot, module, ["", "", "", "", "", "", "", "", "", "", "", ""])
    dialogs.confirms.append(True)
    dialogs.files.append(str(tmp_path / "day_end2.pdf"))
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: any(k == "error" and "自动备份失败" in t for k, _, t in dialogs.asked), timeout=20000
    )
    assert cashier.current_session(ui_ctx.db, ui_ctx.actor) is None  # the close itself went through
    assert any("交班已完成，但自动备份失败" in s for s in statuses)


def test_a_close_during_another_backup_queues_one_more(qtbot, ui_ctx: UiContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A 交班 while the supervisor's backup runs: the automatic backup is not dropped (the running
    copy may predate the close) but runs once that one ends."""
    from ui.backup import BackupRunner

    folder = tmp_path / "usb"
    folder.mkdir()
    _use_folder(ui_ctx, folder)
    runner = BackupRunner()
    said: list[str] = []
    try:
        assert runner.start(ui_ctx, None, automatic=False, say=said.append)
        assert not runner.start(ui_ctx, None, automatic=True, say=said.append)  # queued, not started yet
        qtbot.waitUntil(lambda: len(list_backups(folder, "3301")) == 2, timeout=15000)
        qtbot.waitUntil(lambda: not runner.running, timeout=15000)
        assert sum("已备份并核验" in s for s in said) == 2
        assert all("同一个磁盘" in s for s in said if "已备份并核验" in s)  # the folder is on this disk
    finally:
        runner.stop()


class _App:
    """Stands in for the QApplication a start-up ends: the real one's exit() would end every later
    test's event loops in this process (qtbot waits would time out)."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    def exit(self, code: int = 0) -> None:
        self.codes.append(code)


def test_the_start_says_the_database_was_backed_up_and_upgraded(qtbot, sqlite_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """open_database's notice (tests/services/test_backup.py makes a real one) is shown once at start."""

    from app.services import setup
    from app.services.setup import local_node
    from app.version import UpgradeNotice
    from ui.app import _Startup
    from ui.tasks import TaskRunner

    db, settings = sqlite_db
    backup = tmp_path / "gridcounter-3301-20261206-080000-before-0019.db"
    setup._NOTICES[db] = UpgradeNotice("0018", "0019", app_version(), backup=backup)
    dialogs = ScriptedDialogs()
    startup = _Startup(_App(), settings, TaskRunner(), dialogs, exit_at_login=False)  # type: ignore[arg-type]
    startup.opened((db, local_node(db)))
    assert startup.shell is not None and startup.shell.login is not None
    qtbot.addWidget(startup.shell.login)
    kind, title, text = dialogs.asked[0]
    assert (kind, title) == ("info", "程序已升级")
    assert "数据库结构已从版本 0018 升级到 0019" in text and str(backup) in text


def test_the_gui_start_says_why_it_refuses_a_newer_database(qapp, capsys):  # type: ignore[no-untyped-def]
    from app.config import Settings
    from app.version import DatabaseTooNew
    from ui.app import _Startup
    from ui.tasks import TaskRunner

    dialogs = ScriptedDialogs()
    app = _App()
    startup = _Startup(app, Settings(), TaskRunner(), dialogs, exit_at_login=False)  # type: ignore[arg-type]
    startup.failed(
        DatabaseTooNew("该数据库已被更新版本的 GridCounter 升级（数据库结构版本 {current}）…", current="0099")
    )
    kind, title, text = dialogs.asked[-1]
    assert (kind, title) == ("error", "无法打开数据库") and "0099" in text
    assert "已被更新版本的 GridCounter 升级" in capsys.readouterr().err
    assert app.codes == [1]  # the program exits
