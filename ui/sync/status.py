"""The branch's sync indicator in the status bar (docs/sync.md#status) and the background sync.

``SyncStatusBar`` shows 在线 / 离线 / 已停止同步 (the centre refused the node), 待发送 N 条, 上次同步 HH:MM, 冲突 N and a clock warning.
``BranchSync`` runs a round (app/sync/client.sync_round) every ``sync_interval_seconds`` on the
TaskRunner — never on the UI thread — and at once on 立即同步 (Ctrl+Shift+Y); one round at a
time; a failed round leaves its message in ``sync_state.last_error`` and the indicator 离线,
and the next tick tries again, the interval doubling per failure up to ten minutes (every
round is safe to repeat: the centre answers a repeated envelope ``duplicate``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from app.sync import client
from app.sync.client import BranchStatus, RoundReport
from ui.changes import Change
from ui.context import UiContext
from ui.formatting import local_time
from ui.i18n import fill
from ui.palette import restyle
from ui.tasks import Failure
from ui.widgets import alive

SYNC_SHORTCUT = "Ctrl+Shift+Y"
#: the longest wait between background rounds while the centre cannot be reached
MAX_BACKOFF_MS = 10 * 60 * 1000


class SyncStatusBar(QWidget):
    """The permanent status-bar widget of a branch PC."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.link = QLabel(self.tr("同步状态读取中…"), self)
        self.link.setObjectName("syncLink")
        self.pending = QLabel(self)
        self.pending.setObjectName("syncPending")
        self.last = QLabel(self)
        self.last.setObjectName("syncLast")
        self.conflicts = QLabel(self)
        self.conflicts.setObjectName("syncConflicts")
        self.clock = QLabel(self)
        self.clock.setObjectName("syncClock")
        restyle(self.clock, role="warning", strong=True)
        self.clock.hide()
        for label in (self.link, self.pending, self.last, self.conflicts, self.clock):
            layout.addWidget(label)
        self.status: BranchStatus | None = None
        # the status bar squeezes its permanent widgets when the window is narrow: this one keeps
        # its text whole (the database label, which elides, gives way)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)

    def set_syncing(self) -> None:
        self.link.setText(self.tr("同步中…"))
        restyle(self.link, role="accent", strong=False)
        self._keep_whole()

    def show_status(self, status: BranchStatus) -> None:
        self.status = status
        if status.online:
            self.link.setText(self.tr("● 在线"))
            restyle(self.link, role="ok", strong=True)
            self.link.setToolTip(fill(self.tr("中心 %1"), status.server_url))
        elif status.refused:  # the centre refused this node (blocked, credentials revoked)
            self.link.setText(self.tr("● 已停止同步，请联系中心"))
            restyle(self.link, role="errorBox", strong=True)
            self.link.setToolTip(status.error_text)
        else:
            self.link.setText(self.tr("● 离线"))
            restyle(self.link, role="error", strong=True)
            self.link.setToolTip(status.error_text or fill(self.tr("尚未与中心 %1 同步"), status.server_url))
        self.pending.setText(fill(self.tr("待发送 %1 条"), str(status.pending)))
        restyle(self.pending, role="caution" if status.pending else "soft", strong=False)
        if status.last_sync_at is None:
            self.last.setText(self.tr("尚未同步"))
        else:
            today = local_time(dt.datetime.now(dt.UTC), "%Y-%m-%d") == local_time(
                status.last_sync_at, "%Y-%m-%d"
            )
            self.last.setText(
                fill(
                    self.tr("上次同步 %1"),
                    local_time(status.last_sync_at, "%H:%M" if today else "%m-%d %H:%M"),
                )
            )
            self.last.setToolTip(local_time(status.last_sync_at, "%Y-%m-%d %H:%M:%S"))
        self.conflicts.setText(fill(self.tr("冲突 %1"), str(status.open_conflicts)))
        restyle(
            self.conflicts,
            role="error" if status.open_conflicts else "soft",
            strong=bool(status.open_conflicts),
        )
        if status.clock_warning:
            minutes = abs(status.clock_skew_seconds) // 60
            self.clock.setText(fill(self.tr("⚠ 本机时钟偏差约 %1 分钟"), str(minutes)))
            self.clock.setToolTip(self.tr("本机时钟与中心不一致，请校准；只影响显示，不影响同步顺序"))
        self.clock.setVisible(status.clock_warning)
        self._keep_whole()

    def _keep_whole(self) -> None:
        """Each label at least as wide as its text: a crowded status bar must not cut 12:21 to 12."""
        for label in (self.link, self.pending, self.last, self.conflicts, self.clock):
            label.setMinimumWidth(label.sizeHint().width())


class BranchSync(QObject):
    """The background sync of a branch PC. ``statusMessage(text)``: for the window's status bar.
    ``finished(report or None)``: a round ended (tests wait on it)."""

    statusMessage = Signal(str)
    finished = Signal(object)

    def __init__(self, ctx: UiContext, bar: SyncStatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bar = bar
        self.running = False
        self.action = QAction(self.tr("立即同步"), self)
        self.action.setObjectName("syncNowAction")
        self.action.setShortcut(QKeySequence(SYNC_SHORTCUT))
        self.action.triggered.connect(lambda _checked=False: self.sync_now())
        self.base_ms = max(5, int(ctx.settings.sync_interval_seconds)) * 1000
        self.failures = 0
        self.timer = QTimer(self)
        self.timer.setInterval(self.base_ms)
        self.timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def end_session(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        """Re-read the state (no network)."""
        db = self.ctx.db
        self.ctx.tasks.run(
            lambda: client.branch_status(db), self._show, failure=Failure(what="reading the sync state")
        )

    def _show(self, status: BranchStatus) -> None:
        if alive(self.bar):
            self.bar.show_status(status)

    def sync_now(self) -> None:
        if self.running:
            return
        self.running = True
        self.action.setEnabled(False)
        self.bar.set_syncing()
        db, ca_file, allow_http = (
            self.ctx.db,
            self.ctx.settings.sync_ca_file,
            self.ctx.settings.sync_allow_http,
        )
        self.ctx.tasks.run(
            lambda: client.sync_round(db, ca_file=ca_file, allow_http=allow_http),
            self._done,
            always=self._always,
            failure=Failure(status=self._failed, what="a sync round"),
        )

    def _always(self) -> None:
        self.running = False
        self.action.setEnabled(True)
        self.refresh()

    def _failed(self, text: str) -> None:
        # back off while the link is down: the interval doubles per failed round, up to
        # MAX_BACKOFF_MS; 立即同步 still tries at once
        self.failures += 1
        self.timer.setInterval(
            min(self.base_ms * 2 ** min(self.failures, 10), max(self.base_ms, MAX_BACKOFF_MS))
        )
        self.statusMessage.emit(fill(self.tr("同步未完成：%1"), text))
        self.finished.emit(None)

    def _done(self, report: RoundReport) -> None:
        self.failures = 0
        self.timer.setInterval(self.base_ms)
        if report.received or report.reloaded:  # central changes arrived: open screens re-read
            self.ctx.changes.announce(
                Change.CUSTOMER,
                Change.BILLS,
                Change.PAYMENTS,
                Change.APPLICATIONS,
                Change.WORK_ORDERS,
                Change.OUTAGES,
                origin=self,
            )
        if report.refused:  # envelopes the centre refused: never silently
            self.statusMessage.emit(
                fill(
                    self.tr("同步完成，但中心拒收 %1 组操作：%2"),
                    str(report.refused),
                    report.messages[0] if report.messages else "—",
                )
            )
        elif report.sent or report.received or report.held:
            self.statusMessage.emit(
                fill(
                    self.tr("同步完成：发送 %1 组，接收 %2 条，暂存 %3 组"),
                    str(report.sent),
                    str(report.received),
                    str(report.held),
                )
            )
        self.finished.emit(report)
