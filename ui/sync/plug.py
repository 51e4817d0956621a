"""How the sync screens plug into the main window (docs/architecture.md, "Adding a module").

Whether this PC is a branch (a ``sync_state`` row) or a centre (registered branches) is read
on the TaskRunner when the window is built; then a branch gets the status-bar indicator, the
background sync and 立即同步 in the 系统 menu, and supervisors (branch or centre) the 同步冲突
module. A standalone or plain shared-mode database gets nothing.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QStatusBar, QWidget

from app.sync import client
from ui.context import UiContext
from ui.sync.conflicts import SyncConflictsModule, visible_for
from ui.sync.status import BranchSync, SyncStatusBar
from ui.tasks import Failure


class SyncHost(Protocol):
    """What the sync feature needs of the main window."""

    system_menu: QMenu

    def add_module(self, key: str, title: str, widget: QWidget, menu_title: str) -> object: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 — Qt's name

    def addAction(self, action: QAction) -> None: ...  # noqa: N802 — Qt's name


class SyncFeature(QObject):
    """``ready(role)`` once the role is known ("branch", "centre" or "")."""

    ready = Signal(str)

    def __init__(self, ctx: UiContext, host: SyncHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.host = host
        self.role = ""
        self.bar: SyncStatusBar | None = None
        self.sync: BranchSync | None = None
        self.conflicts: SyncConflictsModule | None = None
        db = ctx.db
        ctx.tasks.run(lambda: client.sync_role(db), self._plug, failure=Failure(what="reading the sync role"))

    def _plug(self, role: str) -> None:
        self.role = role
        if role == "branch":
            self.bar = SyncStatusBar()
            self.host.statusBar().insertPermanentWidget(0, self.bar)
            self.sync = BranchSync(self.ctx, self.bar, self)
            self.sync.statusMessage.connect(lambda text: self.host.statusBar().showMessage(text, 8000))
            self.host.addAction(self.sync.action)
            self.host.system_menu.insertAction(self.host.system_menu.actions()[0], self.sync.action)
            self.sync.start()
            mode = getattr(self.host, "mode_label", None)  # 单机模式 would say this PC works alone
            if isinstance(mode, QLabel):
                mode.setText(self.tr("分支节点"))
                mode.setToolTip(self.tr("本机数据库为分支节点，与中心同步"))
        if role and visible_for(self.ctx.actor):
            self.conflicts = SyncConflictsModule(self.ctx, role)
            self.host.add_module(
                "sync_conflicts", self.tr("同步冲突"), self.conflicts, self.tr("同步冲突(&Y)")
            )
        self.ready.emit(role)

    def end_session(self) -> None:
        if self.sync is not None:
            self.sync.end_session()
