"""Start the counter application: Qt, translations, theme, database, setup, log-in, main window.

``run(settings)`` is what ``main.py`` calls. The database is opened (and migrated) on a
worker thread while the theme is applied; a splash appears only if that takes a while.
Then ``Shell`` walks the windows: first-start setup when the database is new, the log-in
window, the main window, and back to the log-in window on log-out.

Cold-start benchmark (docs/rules.md#budgets, ≤ 2 s): with ``GRIDCOUNTER_EXIT_AT_LOGIN=1`` the program
prints ``login-window-shown <seconds since the process started>`` once the log-in window
is on screen, and exits 0. Keep module-level imports here lean: everything below the log-in
window (main window, modules) is imported when it is first needed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from app.config import APP_NAME, Settings, user_log_dir
from app.diagnostics import log_unexpected, presentable
from app.domain.codes import SessionEndReason
from app.domain.errors import DatabaseFailure, DomainError
from app.dto.common import NodeInfo
from ui.dialogs import Dialogs
from ui.i18n import fill, install_translators, localize
from ui.tasks import Failure, TaskRunner

if TYPE_CHECKING:
    from ui.context import Database, UiContext
    from ui.drafts import Draft
    from ui.login import LoginDialog
    from ui.main_window import MainWindow
    from ui.setup_wizard import SetupWizard

log = logging.getLogger(__name__)

EXIT_AT_LOGIN_ENV = "GRIDCOUNTER_EXIT_AT_LOGIN"


def seconds_since_process_start() -> float:
    """Wall time since this process was created (the interpreter's own start-up included)."""
    try:
        # /proc gives 10 ms resolution; psutil's create_time() rests on the boot time in whole
        # seconds, which can be off by up to a second — too coarse for a 2-second budget.
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields_after_name = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields_after_name[19])  # field 22, starttime (fields start at 3 here)
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        import psutil

        return time.time() - psutil.Process().create_time()


# ---- unexpected errors -------------------------------------------------------------------------


class UnexpectedErrorHandler(QObject):
    """Logs every unhandled exception with its context and shows one calm message at a time.

    Installed as ``sys.excepthook`` (PySide6 routes exceptions raised in slots and event
    handlers there), ``threading.excepthook`` and the task runner's fallback. The message is
    shown from the event loop, never from inside a paint or an event handler.
    """

    _report = Signal(object, str)  # the exception, the reference of its log entry ("" if none)

    def __init__(self, dialogs: Dialogs, parent: QObject | None = None, *, settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        #: for the error report's database kind (never its URL)
        self.settings = settings
        self._showing = False
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.exit(130)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        self._report_unexpected(exc, "unexpected error on the UI thread")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        thread = args.thread.name if args.thread else "?"
        if args.exc_value is not None:
            self._report_unexpected(args.exc_value, f"unexpected error in thread {thread}")

    def task_error(self, exc: BaseException) -> None:
        """A background task failed and its caller had no error handler."""
        self._report_unexpected(exc, "background task failed unexpectedly")

    def _report_unexpected(self, exc: BaseException, what: str) -> None:
        # The log gets the redacted traceback under a reference; the screen gets the reference.
        # A database error becomes DatabaseBusy / DatabaseFailure (logged there) on the way.
        exc = presentable(exc, what)
        reference = "" if isinstance(exc, DomainError) else log_unexpected(exc, what)
        self._report.emit(exc, reference)

    def message_for(self, exc: BaseException, reference: str = "") -> tuple[str, str]:
        if isinstance(exc, DatabaseFailure):
            return self.tr("数据库错误"), localize(exc.message)
        if isinstance(exc, DomainError):
            return self.tr("提示"), localize(exc.message)
        return self.tr("意外错误"), fill(self.tr(
            "程序遇到意外问题（日志编号 %2），详细信息已记录到日志（%1）。\n"
            "刚才的操作可能没有完成，请核对后重试；程序可以继续使用。如问题反复出现，请把日志编号告诉系统管理员。"
        ), str(user_log_dir() / "gridcounter.log"), reference or "—")

    def _show(self, exc: BaseException, reference: str = "") -> None:
        if self._showing:  # one message at a time; the rest are in the log
            return
        self._showing = True
        try:
            title, text = self.message_for(exc, reference)
            parent = QApplication.activeWindow()
            if isinstance(exc, DomainError):
                self.dialogs.error(parent, title, text)
            else:
                text += "\n" + self.tr("需要时可按“保存错误报告…”，把报告文件交给系统管理员（报告中不含客户的证件号码、电话和姓名）。")
                answer = self.dialogs.choose(parent, title, text, [self.tr("确定"), self.tr("保存错误报告…")], default=0)
                if answer == 1:
                    self.save_report(parent, exc, reference)
        except Exception:  # noqa: BLE001 — the error reporter itself must never raise
            log.exception("could not show the error message")
        finally:
            self._showing = False


    def save_report(self, parent: QWidget | None, exc: BaseException, reference: str) -> str:
        """Ask where (the dialogs seam), write the error report there; returns the path ("" if none)."""
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QDir, QStandardPaths, qVersion

        from app.diagnostics import crash_report, database_kind

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if not folder or not os.path.isdir(folder):
            folder = QDir.homePath()
        name = f"gridcounter-report-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        path = self.dialogs.save_file(parent, self.tr("保存错误报告"), os.path.join(folder, name),
                                      self.tr("文本文件 (*.txt)"))
        if not path:
            return ""
        kind = database_kind(self.settings.resolved_db_url) if self.settings is not None else "unknown"
        text = crash_report(exc, reference, log_file=user_log_dir() / "gridcounter.log", db_kind=kind,
                            components={"Qt": qVersion(), "PySide6": pyside_version})
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as error:
            log.warning("the error report could not be written: %s", type(error).__name__)
            self.dialogs.error(parent, self.tr("无法保存错误报告"),
                               fill(self.tr("错误报告没有保存：%1\n请换一个文件夹（如U盘）再试。"), error.strerror or ""))
            return ""
        log.info("error report %s saved", reference or "—")
        self.dialogs.info(parent, self.tr("错误报告已保存"),
                          fill(self.tr("已保存到：\n%1\n请把这个文件交给系统管理员。"), path))
        return path


# ---- the window flow ---------------------------------------------------------------------------


class Shell(QObject):
    """Setup → log-in → main window → (log-out) → log-in … ``finished(code)`` ends the program."""

    finished = Signal(int)

    def __init__(self, settings: Settings, db: Database, tasks: TaskRunner, dialogs: Dialogs,
                 node: NodeInfo | None, exit_at_login: bool = False,
                 seed: Callable[..., str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.db = db
        self.tasks = tasks
        self.dialogs = dialogs
        self.node = node
        self.exit_at_login = exit_at_login
        self.seed = seed
        self.window: QWidget | None = None
        self._retired: QWidget | None = None
        self.wizard: SetupWizard | None = None
        self.login: LoginDialog | None = None
        self.main: MainWindow | None = None
        self.ctx: UiContext | None = None

    def start(self) -> None:
        if self.node is None:
            self.show_setup()
        else:
            self.show_login()

    def _replace(self, window: QWidget) -> None:
        # The window being replaced may still be on the call stack (a modal dialog's exec()
        # or a task callback that ends the session), so it is only hidden now and deleted at
        # the next switch, when nothing of it can be running any more.
        old, self.window = self.window, window
        if self._retired is not None:
            self._retired.deleteLater()
            self._retired = None
        if old is not None and old is not window:
            old.hide()
            self._retired = old

    def show_setup(self) -> None:
        from ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.settings, self.db, self.tasks, self.dialogs, seed=self.seed)
        wizard.accepted.connect(self._setup_done)
        wizard.rejected.connect(lambda: self.finished.emit(0))
        self.wizard = wizard
        self._replace(wizard)
        wizard.show()
        wizard.raise_()
        wizard.activateWindow()

    def _setup_done(self) -> None:
        from app.services.setup import local_node

        db, code = self.db, self.settings.node_code

        def ready(node: NodeInfo) -> None:
            self.node = node
            self.wizard = None
            self.show_login()

        self.tasks.run(lambda: local_node(db, code), ready, self._fatal)

    def show_login(self, message: str = "") -> None:
        from ui.context import UiContext
        from ui.login import LoginDialog

        assert self.node is not None
        ctx = UiContext(settings=self.settings, db=self.db, node=self.node, tasks=self.tasks, dialogs=self.dialogs)
        self.ctx = ctx
        dialog = LoginDialog(ctx, message)
        dialog.accepted.connect(lambda: self.show_main(ctx, dialog))
        dialog.rejected.connect(lambda: self.finished.emit(0))
        if self.exit_at_login:
            dialog.first_shown.connect(lambda: QTimer.singleShot(0, self._report_cold_start))
        self.login = dialog
        self.main = None
        self._replace(dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _report_cold_start(self) -> None:
        QApplication.processEvents()
        print(f"login-window-shown {seconds_since_process_start():.3f}", flush=True)
        self.finished.emit(0)

    def show_main(self, ctx: UiContext, dialog: LoginDialog) -> None:
        from ui.main_window import MainWindow

        ctx.actor = dialog.actor
        window = MainWindow(ctx)
        window.logged_out.connect(lambda message: self._end_session(ctx, message))
        window.quit_requested.connect(lambda: self._end_session(ctx, None))
        # A write refused because the log-in is no longer valid returns to the log-in window.
        self.tasks.session_ended.connect(lambda message: window.logout(message, force=True))
        self.main = window
        self.login = None
        self._replace(window)
        window.showMaximized()
        window.raise_()
        window.activateWindow()
        window.focus_module()
        # After a crash or a power cut: the forms this user was filling, offered back (ui/drafts.py).
        QTimer.singleShot(0, window, lambda: self.offer_drafts(ctx, window))

    def offer_drafts(self, ctx: UiContext, window: MainWindow) -> None:
        from ui.drafts import offer_drafts
        from ui.widgets import alive

        if not alive(window) or self.main is not window:
            return
        try:
            offer_drafts(ctx, window, draft_restorers(ctx, window))
        except Exception:  # noqa: BLE001 — a broken draft must never keep the counter from working
            log.exception("the drafts could not be offered")

    def _end_session(self, ctx: UiContext, message: str | None) -> None:
        """Log-out, the lock screen's 注销 and quitting end the server-side session row, so its
        token can write nothing more (issue 7 item 5). ``message`` None: the program ends."""
        from app.services import auth

        actor = ctx.actor
        with contextlib.suppress(RuntimeError, TypeError):  # nothing connected
            self.tasks.session_ended.disconnect()

        def after(_result: object = None) -> None:
            if message is None:
                self.finished.emit(0)
            else:
                self.show_login(message)

        if actor is None:
            after()
            return
        # The quit goes on whatever the answer; a failed log-out is only logged.
        self.tasks.run(lambda: auth.logout(self.db, actor, SessionEndReason.LOGOUT), lambda _r: None,
                       always=after, failure=Failure(what="ending the log-in session"))

    def _fatal(self, exc: BaseException) -> None:
        # Not the runner's default: a fatal start-up error; the program exits.
        log.error("start-up failed", exc_info=exc)
        text = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        self.dialogs.error(self.window, self.tr("无法继续"), text)
        self.finished.emit(1)


def draft_restorers(ctx: UiContext, window: MainWindow) -> dict[str, Callable[[Draft], None]]:
    """How each kind of draft goes back into its form, for the modules this user has: the
    registration into the customers module's form, an application / a work order into its
    dialog over the main window (the customer read again first)."""
    from app.services.permissions import allowed
    from ui import drafts

    assert ctx.actor is not None
    restorers: dict[str, Callable[[Draft], None]] = {}

    def report(text: str, _error: bool = False) -> None:
        window.statusBar().showMessage(text, 10000)

    customers = next((page.widget for page in window.modules if page.key == "customers"), None)
    restore_registration = getattr(customers, "restore_registration", None)
    if callable(restore_registration) and allowed(ctx.actor, "customer.register"):
        def registration(draft: Draft) -> None:
            window.show_module_by_key("customers")
            restore_registration(draft)

        restorers[drafts.REGISTRATION] = registration
    if allowed(ctx.actor, "application.accept"):
        from ui.applications.accept_dialog import restore_accept_draft

        restorers[drafts.APPLICATION] = lambda draft: restore_accept_draft(ctx, window, draft, report)
    if allowed(ctx.actor, "workorder.record"):
        from ui.workorders.intake_dialog import restore_intake_draft

        restorers[drafts.WORK_ORDER] = lambda draft: restore_intake_draft(ctx, window, draft, report)
    return restorers


# ---- start-up ----------------------------------------------------------------------------------


def _open(settings: Settings) -> tuple[Database, NodeInfo | None]:
    """Worker thread: open + migrate the database, and find this PC's node if set up."""
    from app.config import moved_rules
    from app.services.hall_rules import seed_from_settings
    from app.services.setup import is_initialized, local_node, open_database

    db = open_database(settings)
    try:
        from app.sync.client import prepare_branch

        prepare_branch(db)  # a branch PC: every write becomes an envelope (docs/sync.md) from the first
        node = local_node(db, settings.node_code) if is_initialized(db) else None
        if node is not None and moved_rules(settings):  # the hall rules an old settings.toml still holds
            try:
                seed_from_settings(db, node.id, moved_rules(settings))
            except Exception:  # never keeps the counter from starting: the database's rules apply
                log.exception("hall rules not copied from settings.toml")
    except BaseException:
        db.dispose()
        raise
    return db, node


def _splash(app: QApplication) -> QWidget:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
    from PySide6.QtWidgets import QSplashScreen

    pixmap = QPixmap(460, 150)
    from ui import palette

    pixmap.fill(QColor(palette.PRIMARY))
    painter = QPainter(pixmap)
    painter.setPen(QColor(palette.ON_DARK))
    font = QFont(app.font())
    font.setPixelSize(22)
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRect(24, 28, 420, 40), int(Qt.AlignmentFlag.AlignLeft),
                     QCoreApplication.translate("Startup", "GridCounter 电力营业厅柜台业务系统"))
    font.setPixelSize(14)
    font.setBold(False)
    painter.setFont(font)
    painter.drawText(QRect(24, 96, 420, 30), int(Qt.AlignmentFlag.AlignLeft),
                     QCoreApplication.translate("Startup", "正在打开数据库…"))
    painter.end()
    splash = QSplashScreen(pixmap)
    splash.show()
    return splash


class _Startup:
    """Opening the database on a worker, behind a splash if it takes long; then the shell."""

    def __init__(self, app: QApplication, settings: Settings, tasks: TaskRunner, dialogs: Dialogs, *,
                 exit_at_login: bool) -> None:
        self.app, self.settings, self.tasks, self.dialogs = app, settings, tasks, dialogs
        self.exit_at_login = exit_at_login
        self.db: Database | None = None
        self.failed_to_open = False
        self.splash: QWidget | None = None
        self.shell: Shell | None = None

    def _close_splash(self) -> None:
        splash, self.splash = self.splash, None
        if splash is not None:
            splash.close()

    def opened(self, result: tuple[Database, NodeInfo | None]) -> None:
        db, node = result
        self.db = db
        self._close_splash()
        from app.services.setup import upgrade_notice

        notice = upgrade_notice(db)  # backed up, then migrated (docs/backup.md#upgrades); the console heard it too
        if notice is not None and not self.exit_at_login:
            self.dialogs.info(None, QCoreApplication.translate("Startup", "程序已升级"), localize(notice.message))
        if node is None and self.exit_at_login:
            print("login-window-not-shown: the database is not set up yet", file=sys.stderr, flush=True)
            self.app.exit(2)
            return
        shell = Shell(self.settings, db, self.tasks, self.dialogs, node, exit_at_login=self.exit_at_login)
        shell.finished.connect(self.app.exit)
        self.shell = shell
        shell.start()

    def failed(self, exc: BaseException) -> None:
        # Not the runner's default: the database cannot be opened; the program exits.
        self.failed_to_open = True
        self._close_splash()
        log.error("could not open the database %s", self.settings.display_db_url, exc_info=exc)
        detail = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        if isinstance(exc, DomainError):  # e.g. a database a newer version upgraded: said on the console too
            print(detail, file=sys.stderr, flush=True)
        if self.exit_at_login:  # the benchmark runs unattended: no message box to wait on
            print(f"database-open-failed: {detail}", file=sys.stderr, flush=True)
            self.app.exit(1)
            return
        from app.version import SharedUpgradeNeedsBackup

        if isinstance(exc, SharedUpgradeNeedsBackup):
            # A counter PC never migrates a shared database: the administrator does, on the
            # server, after a backup (docs/backup.md#upgrades); the text says what to run.
            self.dialogs.error(None, QCoreApplication.translate("Startup", "数据库需要在服务器上升级"),
                               fill(QCoreApplication.translate(
                                   "Startup", "本程序是新版本，联网数据库还是旧版本。柜台电脑不升级共享数据库，"
                                   "程序将退出。\n\n%1"), detail))
            self.app.exit(1)
            return
        self.dialogs.error(None, QCoreApplication.translate("Startup", "无法打开数据库"),
                           fill(QCoreApplication.translate(
                               "Startup", "GridCounter 无法打开数据库，程序将退出。\n请检查数据库文件或网络连接后重试；"
                               "如问题持续，请联系系统管理员。\n\n详细信息：%1"), detail))
        self.app.exit(1)

    def maybe_splash(self) -> None:
        if self.db is None and not self.failed_to_open:
            self.splash = _splash(self.app)


def _application(settings: Settings) -> QApplication:
    from ui.input_method import fcitx_fallback_applied

    app = QApplication.instance()
    if app is None:
        with fcitx_fallback_applied():  # a Fcitx desktop: type through its IBus frontend (ui/input_method.py)
            app = QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)  # the log-in window closes before the main window opens
    install_translators(app, settings.language)
    return app


def _sweep_drafts() -> None:
    """Forms kept as drafts (ui/drafts.py) more than a week ago: deleted (they hold personal data)."""
    from ui.drafts import sweep

    try:
        sweep()
    except Exception:  # noqa: BLE001 — never keeps the counter from starting
        log.exception("old drafts not swept")


def run(settings: Settings) -> int:
    app = _application(settings)
    dialogs = Dialogs()
    handler = UnexpectedErrorHandler(dialogs, app, settings=settings)
    handler.install()
    _sweep_drafts()
    tasks = TaskRunner(on_unexpected=handler.task_error)
    startup = _Startup(app, settings, tasks, dialogs, exit_at_login=os.environ.get(EXIT_AT_LOGIN_ENV) == "1")
    tasks.run(lambda: _open(settings), startup.opened, startup.failed)

    from ui.theme import apply_theme

    apply_theme(app, settings)
    QTimer.singleShot(400, startup.maybe_splash)
    try:
        code = app.exec()
    finally:
        tasks.wait_idle(10000)
        if startup.db is not None:
            startup.db.dispose()
    log.info("GridCounter exits with code %s", code)
    return int(code)
