"""Backups from the counter program (docs/backup.md): automatically after every 交班, and on
demand from the supervisor's 系统 → 立即备份数据库 (Ctrl+Shift+B).

The copy runs on a worker of its own (one thread, not the shared pool: a backup of a large
database takes tens of seconds, and payments, searches and prints go on meanwhile). A failed
backup never fails the 交班 that started it: it is reported (status line and a message box).
When the program quits during a backup, the backup is cancelled and its partial file removed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.errors import DomainError
from app.services.backup import BackupNotPossible, BackupResult, backup_database
from ui.context import UiContext
from ui.i18n import fill, localize
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class BackupRunner(QObject):
    """One backup at a time, on its own thread. An automatic backup asked for while another runs
    (a 交班 during the supervisor's backup) is queued and runs once that one ends: the close's
    work is in it, the running one may have been copied before it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.tasks = TaskRunner(self.pool)
        self.cancel = threading.Event()
        self.running = False
        #: the automatic backup to run when the running one ends (one is enough: it copies all)
        self.queued: tuple[UiContext, QWidget | None, Callable[[str], None] | None] | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def stop(self, msecs: int = 15000) -> None:
        """The program ends: cancel a running backup (its partial file is removed) and wait for it."""
        self.queued = None
        self.cancel.set()
        self.pool.waitForDone(msecs)

    def start(
        self,
        ctx: UiContext,
        parent: QWidget | None,
        *,
        automatic: bool,
        say: Callable[[str], None] | None = None,
    ) -> bool:
        """Back up ``ctx.db`` into the settings' backup folder. ``automatic`` (after a 交班): only
        on SQLite and when ``backup_after_close`` is on; a success is only said on the status line.
        Returns False when nothing was started (an automatic one asked for during another backup
        is queued: it starts when that one ends)."""
        settings, db, dialogs = ctx.settings, ctx.db, ctx.dialogs
        if automatic and (not db.is_sqlite or not settings.backup_after_close):
            return False
        if self.running:
            if automatic:
                self.queued = (ctx, parent, say)
            elif say is not None:
                say(QCoreApplication.translate("Backup", "正在备份数据库，请稍候…"))
            return False
        self.running = True
        self.cancel.clear()
        if say is not None and not automatic:
            say(QCoreApplication.translate("Backup", "正在备份数据库（可继续收费）…"))

        def work() -> BackupResult:
            return backup_database(db, settings=settings, cancel=self.cancel)

        def alive() -> bool:  # the screen that asked may be gone (logged out) when the answer comes
            return parent is None or shiboken6.isValid(parent)

        def done(result: BackupResult) -> None:
            if not alive():
                return
            text = fill(
                QCoreApplication.translate("Backup", "数据库已备份并核验：%1（%2 MB，用时 %3 秒）"),
                str(result.path),
                f"{result.bytes / 1_048_576:,.1f}",
                f"{result.seconds:.1f}",
            )
            for warning in result.warnings:
                text += "\n" + fill(QCoreApplication.translate("Backup", "注意：%1"), localize(warning))
            if say is not None:
                say(text)
            if not automatic:
                dialogs.info(parent, QCoreApplication.translate("Backup", "备份数据库"), text)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, BackupNotPossible):  # shared mode: what the server's administrator runs
                dialogs.info(
                    parent, QCoreApplication.translate("Backup", "备份数据库"), localize(exc.message)
                )
                return
            reason = localize(exc.message) if isinstance(exc, DomainError) else type(exc).__name__
            if not isinstance(exc, DomainError):
                log.error("backup failed", exc_info=exc)
            if self.cancel.is_set() or not alive():
                return
            text = (
                fill(QCoreApplication.translate("Backup", "交班已完成，但自动备份失败：%1"), reason)
                if automatic
                else fill(QCoreApplication.translate("Backup", "备份失败：%1"), reason)
            )
            if say is not None:
                say(text)
            dialogs.error(parent, QCoreApplication.translate("Backup", "备份失败"), text)

        def finished() -> None:
            self.running = False
            if self.queued is not None:  # after this one's answer is shown
                QTimer.singleShot(0, self, self._start_queued)

        self.tasks.run(work, done, failed, always=finished)
        return True

    def _start_queued(self) -> None:
        queued, self.queued = self.queued, None
        if queued is not None and not self.cancel.is_set() and not self.running:
            ctx, parent, say = queued
            self.start(ctx, parent, automatic=True, say=say)


_RUNNER: list[BackupRunner] = []


def backup_runner() -> BackupRunner:
    """The program's backup runner (made on first use, owned by the application)."""
    if not _RUNNER:
        _RUNNER.append(BackupRunner(QApplication.instance()))
    return _RUNNER[0]
