"""Idle lock (锁屏): after N minutes without keyboard or mouse input the counter locks.

``IdleWatcher`` is an application-wide event filter that restarts a single-shot timer on
every input event. ``LockScreen`` covers the main window (an application-modal, frameless
dialog, so no shortcut of the window underneath can fire) until the same user types their
password. Wrong passwords count toward the account lockout; once the account is locked the
session ends and the counter goes back to the log-in window.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import SessionEndReason
from app.domain.errors import AuthenticationFailed
from app.services import auth
from ui.context import UiContext
from ui.i18n import fill, localize
from ui.login import account_blocked
from ui.tasks import Failure, show_failure
from ui.widgets import EnterNavigator, ErrorLabel, focus_editor, heading, muted

log = logging.getLogger(__name__)

#: the lock timed out while an unlock was being checked: look again this much later
RETRY_TIMEOUT_MS = 1000

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
    QEvent.Type.InputMethod,
})


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without input anywhere in the application.

    ``timeout_ms`` <= 0 disables the watcher (settings.idle_lock_minutes = 0).
    """

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = max(0, minutes) * 60_000
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def set_timeout_ms(self, msecs: int) -> None:
        """Change the timeout (tests use milliseconds instead of minutes)."""
        self.timeout_ms = max(0, msecs)
        if self._running:
            self.stop()
            self.start()

    def start(self) -> None:
        if self._running or self.timeout_ms <= 0:
            return
        app = QApplication.instance()
        if app is None:
            return
        app.installEventFilter(self)
        self._running = True
        self._timer.start(self.timeout_ms)

    def stop(self) -> None:
        if not self._running:
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()
        self._running = False

    def _fire(self) -> None:
        self.stop()
        log.info("idle for %d ms: locking the screen", self.timeout_ms)
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if self._running and event.type() in _INPUT_EVENTS:
            self._timer.start(self.timeout_ms)
        return False


class LockScreen(QDialog):
    """Covers the window until the logged-in user's password is typed.

    ``unlocked``: the password was right. ``end_session(message)``: the account got locked
    (or disabled) or the clerk chose to log out; ``message`` goes to the log-in window.
    Esc and Alt+F4 do nothing here.
    """

    unlocked = Signal()
    end_session = Signal(str)

    def __init__(self, ctx: UiContext, cover: QWidget | None = None) -> None:
        super().__init__(cover)
        assert ctx.actor is not None
        self.ctx = ctx
        self._busy = False
        self._finished = False
        self._ending = False  # the lock timed out: the session is being ended, no unlock now
        self.setObjectName("lockScreen")
        self.setWindowTitle(self.tr("屏幕已锁定"))
        self.setWindowFlags(Qt.WindowType.Dialog | Qt.WindowType.FramelessWindowHint)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setStyleSheet("QFrame#lockCard { border-radius: 6px; }")  # colours: ui/palette.py
        if cover is not None:
            self.setGeometry(cover.frameGeometry())
        else:
            self.resize(960, 640)
        card = self._build_card()
        self._layout(card)
        EnterNavigator([self.password], self.submit, self)
        self.password.setFocus()
        self._start_timeout()

    def _build_card(self) -> QFrame:
        """屏幕已锁定, who is away, the password, 注销 and 解锁."""
        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setFixedWidth(440)
        actor = self.ctx.actor
        assert actor is not None
        self.password = QLineEdit(card)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.password.setMaxLength(128)
        self.error = ErrorLabel(card)
        self.error.setObjectName("lockError")
        buttons = self._build_buttons(card)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 22)
        card_layout.setSpacing(12)
        card_layout.addWidget(heading(self.tr("屏幕已锁定"), 22, parent=card))
        card_layout.addWidget(muted(
            fill(self.tr("%1（工号 %2）暂时离开。请输入该用户的密码解锁。"), actor.display_name, actor.employee_no), card))
        card_layout.addWidget(self.password)
        card_layout.addWidget(self.error)
        card_layout.addLayout(buttons)
        return card

    def _build_buttons(self, card: QFrame) -> QHBoxLayout:
        self.unlock_button = QPushButton(self.tr("解锁"), card)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)
        self.logout_button = QPushButton(self.tr("注销（换人登录）"), card)
        self.logout_button.setAutoDefault(False)
        self.logout_button.clicked.connect(lambda: self._end(""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.logout_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        return buttons

    def _layout(self, card: QFrame) -> None:
        """The card in the middle, a little above centre."""
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _start_timeout(self) -> None:
        """Locked for too long: the log-in session ends (its row too, reason "idle"), so a PC
        left locked overnight holds no valid session (issue 7 item 5). 0 never ends it."""
        self.timeout = QTimer(self)
        self.timeout.setSingleShot(True)
        self.timeout.timeout.connect(self._timed_out)
        minutes = self.ctx.settings.idle_lock_logout_minutes
        if minutes > 0:
            self.timeout.start(minutes * 60_000)

    def _timed_out(self) -> None:
        if self._finished or self._ending:
            return
        if self._busy:
            # An unlock is in flight: look again once it has answered (a wrong password
            # must not keep a long-locked counter's session alive).
            self.timeout.start(RETRY_TIMEOUT_MS)
            return
        # From here the session ends: an unlock typed now would open a screen whose log-in
        # is being ended under it.
        self._ending = True
        self.unlock_button.setEnabled(False)
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        message = self.tr("锁屏时间过长，已自动注销，请重新登录")
        # The session ends whatever the answer; a failed log-out is only logged (nowhere to show it).
        ctx.tasks.run(lambda: auth.logout(ctx.db, actor, SessionEndReason.IDLE), lambda _r: None,
                      always=lambda: self._end(message), failure=Failure(what="ending an idle log-in"))

    def submit(self) -> None:
        if self._busy or self._finished or self._ending:
            return
        password = self.password.text()
        if not password:
            self.error.set_message(self.tr("请输入密码"))
            focus_editor(self.password)
            return
        self._busy = True
        self.unlock_button.setEnabled(False)
        self.error.set_message("")
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        ctx.tasks.run(lambda: auth.unlock_screen(ctx.db, actor, password), self._done, self._failed)

    def _done(self, _result: object) -> None:
        self._busy = False
        self._finished = True
        log.info("screen unlocked by %s", self.ctx.actor.username if self.ctx.actor else "?")
        self.accept()
        self.unlocked.emit()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.unlock_button.setEnabled(not self._ending)
        self.password.clear()
        # Beyond the runner's display: a blocked account ends the session.
        if isinstance(exc, AuthenticationFailed) and account_blocked(exc):
            self._end(localize(exc.message))  # a Signal(str) would flatten the Message
            return
        show_failure(exc, Failure(label=self.error, what="unlocking the screen"))
        focus_editor(self.password)

    def _end(self, message: str) -> None:
        if self._busy or self._finished:
            return
        self._finished = True
        super().reject()
        self.end_session.emit(message)

    # Esc and window-close do not lift the lock.
    def reject(self) -> None:
        return

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt override
        if self._finished:
            super().closeEvent(event)
        else:
            event.ignore()

