"""The customer display and the satisfaction rating as the features use them
(``ctx.customer_display``, ui/customer_facing.py; docs/rules.md#satisfaction-rating).

With a second screen (``QGuiApplication.screens()``, settings ``customer_display`` and
``customer_display_screen``) the window goes full screen there and follows the counter: the
payment being taken, the finished transaction, then the rating pad. A press records the score;
no press within ``rating_timeout_seconds`` returns to idle and records nothing; the next
customer's payment replaces an unanswered pad the same way. The clerk may skip the waiting
rating with a reason (跳过评价…, Ctrl+Shift+K). A screen plugged in or out moves the window or
falls back to the dialog.

Without a second screen the rating is the dialog on the clerk's screen (through the dialogs
seam), which closes only with an answer or a reasoned skip.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QDialog, QWidget

from app.domain.codes import RatingVia
from app.dto.ratings import RatingRecord
from app.services import ratings as rating_service
from ui.context import UiContext
from ui.customer_display.dialogs import RatingDialog, SkipDialog
from ui.customer_display.screens import pick_screen
from ui.customer_display.window import CustomerDisplayWindow
from ui.customer_facing import DoneTransaction
from ui.i18n import fill
from ui.tasks import Failure
from ui.widgets import alive

log = logging.getLogger(__name__)

#: (text, error) -> None: the main window's status bar
Report = Callable[[str, bool], None]

#: how long 感谢您的评价 stays before the idle page
THANKS_MS = 4000


class CustomerDisplay(QObject):
    """``rated(RatingRecord)`` after a rating or a skip was stored."""

    rated = Signal(object)

    def __init__(self, ctx: UiContext, window: QWidget, report: Report) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.host_window = window
        self.report = report
        self.window: CustomerDisplayWindow | None = None
        self.closed = False  # the clerk logged out: the screens no longer bring the window back
        self.pending: DoneTransaction | None = None
        self.seconds_left = 0
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._tick)
        self.thanks = QTimer(self)
        self.thanks.setSingleShot(True)
        self.thanks.setInterval(THANKS_MS)
        self.thanks.timeout.connect(self.idle)
        self.skip_action = QAction(self.tr("跳过评价…"), window)
        self.skip_action.setObjectName("skipRatingAction")
        self.skip_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.skip_action.setStatusTip(self.tr("客户显示屏上的评价客户没有作答：填写原因后跳过"))
        self.skip_action.setEnabled(False)
        self.skip_action.triggered.connect(lambda _checked=False: self.skip_pending())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # bound methods: Qt drops the connections when this object goes (a log-out)
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)
        self.place()

    # -- the screen -------------------------------------------------------------------------
    def screen(self) -> QScreen | None:
        return pick_screen(QGuiApplication.screens(), QGuiApplication.primaryScreen(), self.ctx.settings)

    @property
    def on_second_screen(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def _screens_changed(self, _screen: QScreen) -> None:
        QTimer.singleShot(0, self, self.place)  # a removed screen is still listed while its signal runs

    def place(self) -> None:
        """Open, move or hide the window for the screens attached now."""
        screen = None if self.closed else self.screen()
        if screen is None:
            if self.window is not None:
                self.window.hide()
            self._drop_pending()
            return
        if self.window is None:
            self.window = CustomerDisplayWindow(self.ctx.node, self._pad_pressed, self.host_window)
        self.window.restyle_for(screen)
        self.window.setScreen(screen)
        self.window.setGeometry(screen.geometry())
        self.window.show()
        log.info("customer display on screen %s", screen.name())

    def close(self) -> None:
        """The clerk logs out or quits: the window goes (and nothing waits for a rating). The
        old main window lives on, hidden, until the next log-in: a screen plugged in or out
        meanwhile must not show its display again."""
        self.closed = True
        self._drop_pending()
        if self.window is not None and alive(self.window):
            self.window.close()

    # -- following the counter ---------------------------------------------------------------
    def follow_payment(
        self, customer_name: str, due_fen: int | None, tendered_fen: int, change_fen: int | None
    ) -> None:
        if not self.on_second_screen:
            return
        self._drop_pending()  # the next customer: an unanswered pad records nothing
        self.thanks.stop()  # the last customer's 感谢 must not turn this page into the idle one
        assert self.window is not None
        self.window.show_payment(customer_name, due_fen, tendered_fen, change_fen)

    def idle(self) -> None:
        self.thanks.stop()
        if self.on_second_screen and self.pending is None:
            assert self.window is not None
            self.window.show_idle()

    def show_done(self, done: DoneTransaction) -> None:
        if self.on_second_screen:
            self._drop_pending()
            self.thanks.stop()
            assert self.window is not None
            self.window.show_done(done)

    def ask_rating(self, done: DoneTransaction, parent: QWidget) -> None:
        if self.on_second_screen:
            assert self.window is not None
            self.thanks.stop()
            self.pending = done
            self.seconds_left = max(1, self.ctx.settings.rating_timeout_seconds)
            self.window.show_rating(done, self.seconds_left)
            self.tick.start()
            self.skip_action.setEnabled(True)
            self.report(
                fill(
                    self.tr("请客户在显示屏上评价（%1）；客户不评价时按 Ctrl+Shift+K 填写原因跳过"),
                    done.number,
                ),
                False,
            )
            return
        dialog = RatingDialog(done, self.ctx.dialogs, parent)
        try:
            self.ctx.dialogs.run(dialog)
            score, reason = dialog.score, dialog.skip_reason
        finally:
            dialog.deleteLater()
        if score is not None:
            self._record(done, score, RatingVia.DIALOG)
        elif reason:
            self._skip(done, reason)
        else:  # closed by other means than its own buttons (it refuses Esc): nothing to store
            log.info("rating dialog of %s closed without an answer", done.number)

    # -- the pad ----------------------------------------------------------------------------
    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0:
            self.timed_out()
        elif self.window is not None:
            self.window.set_countdown(self.seconds_left)

    def timed_out(self) -> None:
        """No answer in time: back to idle, nothing recorded."""
        done = self.pending
        self._drop_pending()
        self.idle()
        if done is not None:
            self.report(fill(self.tr("客户未评价（%1），显示屏已返回欢迎页"), done.number), False)

    def _drop_pending(self) -> None:
        self.pending = None
        self.tick.stop()
        self.skip_action.setEnabled(False)

    def _pad_pressed(self, score: int) -> None:
        done = self.pending
        if done is None:
            return
        self._drop_pending()
        self._record(done, score, RatingVia.PAD)
        if self.window is not None:
            self.window.show_thanks()
        self.thanks.start()

    def skip_pending(self) -> None:
        """跳过评价…: the clerk says why the waiting rating is not given."""
        done = self.pending
        if done is None:
            self.report(self.tr("当前没有等待客户作答的评价"), True)
            return
        self.tick.stop()  # the pad waits while the clerk types
        dialog = SkipDialog(done.number, self.host_window)
        try:
            accepted = self.ctx.dialogs.run(dialog) == QDialog.DialogCode.Accepted and bool(dialog.reason)
            reason = dialog.reason
        finally:
            dialog.deleteLater()
        if not accepted:
            if self.pending is done:
                self.tick.start()
            return
        if self.pending is done:
            self._drop_pending()
            self.idle()
        self._skip(done, reason)

    # -- storing ----------------------------------------------------------------------------
    def _record(self, done: DoneTransaction, score: int, via: str) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        cmd = rating_service.RecordRating(done.kind, done.transaction_id, score, via)
        self.ctx.tasks.run(
            lambda: rating_service.record_rating(db, actor, cmd),
            self._stored,
            failure=Failure(status=self._failed, what="recording a satisfaction rating"),
        )

    def _skip(self, done: DoneTransaction, reason: str) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        cmd = rating_service.SkipRating(done.kind, done.transaction_id, reason)
        self.ctx.tasks.run(
            lambda: rating_service.skip_rating(db, actor, cmd),
            self._stored,
            failure=Failure(status=self._failed, what="skipping a satisfaction rating"),
        )

    def _stored(self, record: RatingRecord) -> None:
        if record.score is None:
            self.report(
                fill(self.tr("已跳过评价（%1）：%2"), record.transaction_no, record.skip_reason), False
            )
        else:
            self.report(fill(self.tr("客户评价已记录（%1）"), record.transaction_no), False)
        self.rated.emit(record)

    def _failed(self, text: str) -> None:
        self.report(fill(self.tr("评价未能保存：%1"), text), True)
