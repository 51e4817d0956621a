"""同步冲突 (docs/sync.md#conflicts): the supervisor's list of what a branch did that the centre
could not simply apply, with what the branch did and what the centre had, and the decisions:
保留中心值 (Ctrl+K), 采用分支值 (Ctrl+B), 已复核 (Ctrl+R), 重新指向 (Ctrl+J: a kept branch
payment's money to the customer it belongs to, ui/sync/repoint.py); F5 刷新.

At the centre the screen reads and resolves through ``app.sync.conflicts`` on the database; at a
branch it goes through the centre's HTTP API (``app.sync.client.remote_conflicts`` /
``remote_resolve``) as the logged-in supervisor: the branch's own database does not hold the
queue. A resolution is an operation (ResolveSyncConflict) written at the centre; its row changes
reach the branch with the next pull.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dto.common import Actor
from app.services.permissions import allowed
from app.sync import client, conflicts
from ui.approval_dialog import ApprovalDialog
from ui.changes import Change
from ui.context import UiContext
from ui.formatting import local_time
from ui.i18n import fill
from ui.reason_dialog import ReasonDialog
from ui.sync.repoint import RepointDialog
from ui.sync.rows import ConflictRow, conflict_row, kind_label, table_label
from ui.table_model import CENTER, TableColumn, TableModel
from ui.tables import make_table
from ui.tasks import Failure
from ui.widgets import ErrorLabel, heading, muted_label

#: the decisions offered (``conflicts.resolve_conflict``'s ``choice``)
KEEP_CENTRE = "keep_centre"
KEEP_BRANCH = "keep_branch"
REVIEWED = "reviewed"
REPOINT = "repoint"
#: money that failed the scope proof (a forged PC's), left out of the books with a note: centre only
NOT_BOOKED = "not_booked"


class ConflictsModel(TableModel[ConflictRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("时间"), lambda c: local_time(c.created_at), sort=lambda c: c.created_at),
            TableColumn(self.tr("节点"), lambda c: c.node or "—", align=CENTER),
            TableColumn(
                self.tr("类型"),
                lambda c: kind_label(c.kind, c.kind_text),
                tooltip=lambda c: c.summary or kind_label(c.kind, c.kind_text),
            ),
            TableColumn(
                self.tr("记录"),
                lambda c: table_label(c.tbl, c.table_text) + (f" · {c.field}" if c.field else ""),
            ),
            TableColumn(self.tr("分支的值"), lambda c: c.branch),
            TableColumn(self.tr("中心的值"), lambda c: c.centre),
        )


class SupervisorPasswordDialog(ApprovalDialog):
    """主管授权 for a decision taken at the centre from a branch: the supervisor's user name and
    password (the centre checks them; wrong passwords count toward the account's lockout). The
    approval dialog without its reason: the decision itself is what the operation log records."""

    def __init__(self, message: str, parent: QWidget | None = None, *, username: str = "") -> None:
        super().__init__(message, parent, username=username)
        self.setObjectName("syncResolvePassword")
        self.reason.hide()
        label = self.findChild(QFormLayout)
        if isinstance(label, QFormLayout):
            label.setRowVisible(self.reason, False)
        self._order = [self.username, self.password]
        self.ok_button.setText(self.tr("授权并处理"))

    def _build_intro(self, message: str) -> tuple[QLabel, QLabel]:
        intro, explain = super()._build_intro(message)
        explain.setText(
            self.tr(
                "请值班长输入自己的账号和密码，由中心核对；密码连续输错将按登录规则锁定账户。决定将记入中心的操作日志。"
            )
        )
        return intro, explain

    def accept(self) -> None:
        if not self.username.text().strip():
            self.set_error(self.tr("请输入授权人用户名"))
            self.username.setFocus()
            return
        if not self.password.text():
            self.set_error(self.tr("请输入授权人密码"))
            self.password.setFocus()
            return
        self.set_error("")
        QDialog.accept(self)

    def credentials(self) -> tuple[str, str]:
        return self.username.text().strip(), self.password.text()


def visible_for(actor: Actor | None) -> bool:
    """Supervisors and administrators decide conflicts (the service checks again)."""
    return actor is not None and allowed(actor, "session.approve")


class SyncConflictsModule(QWidget):
    """Contract with the main window: ``actions()``, ``focus_search()``, ``statusMessage``,
    ``badgeChanged(text, short)`` (open conflicts on the navigation item)."""

    statusMessage = Signal(str)
    badgeChanged = Signal(str, str)
    loaded = Signal()

    def __init__(self, ctx: UiContext, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.setObjectName("syncConflictsModule")
        self.ctx = ctx
        self.role = role  # "centre" or "branch"
        self.loading = False
        self.busy = False
        self._generation = 0
        self._build_actions()
        self._build()
        self._update_actions()

    def _action(self, text: str, key: str, slot: Callable[[], None], name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.centre_action = self._action(
            self.tr("保留中心值"), "Ctrl+K", lambda: self.resolve(KEEP_CENTRE), "keepCentre"
        )
        self.branch_action = self._action(
            self.tr("采用分支值"), "Ctrl+B", lambda: self.resolve(KEEP_BRANCH), "keepBranch"
        )
        self.reviewed_action = self._action(
            self.tr("标记已复核"), "Ctrl+R", lambda: self.resolve(REVIEWED), "markReviewed"
        )
        self.repoint_action = self._action(self.tr("重新指向"), "Ctrl+J", self.repoint, "repointPayment")
        self.unbooked_action = self._action(
            self.tr("审核后不入账"), "Ctrl+Shift+U", self.leave_unbooked, "leaveUnbooked"
        )
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh, "refreshConflicts")

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [
            self.centre_action,
            self.branch_action,
            self.reviewed_action,
            self.repoint_action,
            self.unbooked_action,
            self.refresh_action,
        ]

    def _build(self) -> None:
        title = heading(self.tr("同步冲突"), 20, True, self)
        where = (
            self.tr("中心：各分支节点的冲突")
            if self.role == "centre"
            else self.tr("本节点的冲突（经中心读取）")
        )
        self.summary = muted_label(where, self)
        self.model = ConflictsModel(self)
        self.table = make_table(self, "syncConflictsTable")
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._selected())
        for column, width in enumerate((130, 60, 190, 170, 220)):
            self.table.setColumnWidth(column, width)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.detail = QLabel(self)
        self.detail.setObjectName("syncConflictDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = ErrorLabel(self)
        buttons = QHBoxLayout()
        for action, text in (
            (self.centre_action, self.tr("保留中心值 (Ctrl+K)")),
            (self.branch_action, self.tr("采用分支值 (Ctrl+B)")),
            (self.reviewed_action, self.tr("已复核 (Ctrl+R)")),
            (self.repoint_action, self.tr("重新指向 (Ctrl+J)")),
            (self.unbooked_action, self.tr("审核后不入账 (Ctrl+Shift+U)")),
            (self.refresh_action, self.tr("刷新 (F5)")),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"{action.objectName()}Button")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "Ctrl+K"
            button.clicked.connect(action.trigger)
            button.setEnabled(action.isEnabled())
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.error)

    # ---- reading --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        self.refresh()

    def focus_search(self) -> None:
        self.table.setFocus()

    def _fetch(self) -> Callable[[], list[ConflictRow]]:
        db, actor, role, ca_file = self.ctx.db, self.ctx.actor, self.role, self.ctx.settings.sync_ca_file
        allow_http = self.ctx.settings.sync_allow_http
        assert actor is not None

        def fetch() -> list[ConflictRow]:
            items: list[Any]
            if role == "branch":
                items = client.remote_conflicts(db, ca_file=ca_file, allow_http=allow_http)
            else:
                items = list(conflicts.list_conflicts(db, actor, status="open"))
            return [conflict_row(item) for item in items]

        return fetch

    def refresh(self) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        self._update_actions()
        self.ctx.tasks.run(
            self._fetch(),
            self._loaded,
            stale=lambda: generation != self._generation,
            always=self._load_ended,
            failure=Failure(label=self.error, status=self.statusMessage.emit, what="listing sync conflicts"),
        )

    def _load_ended(self) -> None:
        self.loading = False
        self._update_actions()

    def _loaded(self, rows: list[ConflictRow]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        self.error.set_message("")
        count = len(rows)
        self.summary.setText(
            fill(self.tr("待处理冲突 %1 条"), str(count)) if count else self.tr("没有待处理的冲突")
        )
        self.badgeChanged.emit(
            fill(self.tr("待处理 %1 条"), str(count)) if count else "", str(count) if count else ""
        )
        if rows:
            index = next((i for i, r in enumerate(rows) if current is not None and r.id == current.id), 0)
            self.table.selectRow(index)
        self._selected()
        self.loaded.emit()

    def current(self) -> ConflictRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _selected(self) -> None:
        row = self.current()
        if row is None:
            self.detail.setText("")
        else:
            self.detail.setText(
                fill(
                    self.tr("%1：%2\n分支的值：%3\n中心的值：%4"),
                    kind_label(row.kind, row.kind_text),
                    row.summary
                    or (table_label(row.tbl, row.table_text) + (f" · {row.field}" if row.field else "")),
                    row.branch,
                    row.centre,
                )
            )
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.current()
        ready = row is not None and not self.loading and not self.busy
        for action, choice in (
            (self.centre_action, KEEP_CENTRE),
            (self.branch_action, KEEP_BRANCH),
            (self.reviewed_action, REVIEWED),
        ):
            offered = row is not None and (not row.choices or choice in row.choices)
            action.setEnabled(ready and offered)
        for action, choice in ((self.repoint_action, REPOINT), (self.unbooked_action, NOT_BOOKED)):
            offered = row is not None and choice in row.choices  # only where the centre says so
            if choice == NOT_BOOKED:
                offered = offered and self.role == "centre"
            action.setEnabled(ready and offered)
        self.refresh_action.setEnabled(not self.busy)

    # ---- deciding -------------------------------------------------------------------------

    def resolve(self, choice: str) -> None:
        row = self.current()
        if row is None or self.busy or self.loading or (row.choices and choice not in row.choices):
            return
        what = {
            KEEP_CENTRE: self.tr("保留中心值"),
            KEEP_BRANCH: self.tr("采用分支值"),
            REVIEWED: self.tr("标记已复核"),
        }[choice]
        if not self.ctx.dialogs.confirm(
            self,
            self.tr("同步冲突"),
            fill(self.tr("对“%1”%2？此决定将记入操作日志。"), kind_label(row.kind, row.kind_text), what),
        ):
            return
        db, actor, role, ca_file = self.ctx.db, self.ctx.actor, self.role, self.ctx.settings.sync_ca_file
        allow_http = self.ctx.settings.sync_allow_http
        assert actor is not None
        conflict_id, version = row.id, row.version
        username, password = actor.username, ""
        if role == "branch":  # the centre checks the supervisor's own password (主管授权)
            dialog = SupervisorPasswordDialog(
                fill(self.tr("在中心对“%1”%2"), kind_label(row.kind, row.kind_text), what),
                self,
                username=actor.username,
            )
            try:
                accepted = self.ctx.dialogs.run(dialog) == QDialog.DialogCode.Accepted
                username, password = dialog.credentials()
            finally:
                dialog.deleteLater()
            if not accepted:
                return

        def decide() -> ConflictRow:
            if role == "branch":
                return conflict_row(
                    client.remote_resolve(
                        db,
                        username,
                        password,
                        conflict_id,
                        choice,
                        version,
                        ca_file=ca_file,
                        allow_http=allow_http,
                    )
                )
            return conflict_row(
                conflicts.resolve_conflict(db, actor, uuid.UUID(conflict_id), choice, version)
            )

        self.busy = True
        self._update_actions()
        self.ctx.tasks.run(
            decide,
            self._resolved,
            always=self._resolve_ended,
            failure=Failure(label=self.error, status=self.statusMessage.emit, what="resolving a conflict"),
        )

    def leave_unbooked(self) -> None:
        """审核后不入账: money whose branch could not prove the customer was its own (a forged
        PC's) closed without booking, with the supervisor's reason (docs/sync.md#conflicts);
        at the centre only."""
        row = self.current()
        if row is None or self.busy or self.loading or NOT_BOOKED not in row.choices or self.role != "centre":
            return
        dialog = ReasonDialog(
            self,
            self.tr("审核后不入账"),
            self.tr("这笔收费将不记入账目（该项及同一笔收费的其他待处理项一并关闭）。请写明核实的经过："),
            self.tr("不入账"),
            required=True,
        )
        try:
            if self.ctx.dialogs.run(dialog) != QDialog.DialogCode.Accepted:
                return
            note = dialog.text()
        finally:
            dialog.deleteLater()
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        conflict_id, version = row.id, row.version
        self.busy = True
        self._update_actions()
        self.ctx.tasks.run(
            lambda: conflict_row(
                conflicts.resolve_conflict(db, actor, uuid.UUID(conflict_id), NOT_BOOKED, version, note=note)
            ),
            self._resolved,
            always=self._resolve_ended,
            failure=Failure(label=self.error, status=self.statusMessage.emit, what="leaving money unbooked"),
        )

    def repoint(self) -> None:
        """重新指向: the dialog asks for the 户号 (the name shown for confirmation) and the
        amount, then decides at the centre (at a branch: through the API, after 主管授权)."""
        row = self.current()
        if row is None or self.busy or self.loading or REPOINT not in row.choices:
            return
        db, actor, role, ca_file = self.ctx.db, self.ctx.actor, self.role, self.ctx.settings.sync_ca_file
        allow_http = self.ctx.settings.sync_allow_http
        assert actor is not None
        conflict_id, version = row.id, row.version
        credentials = [actor.username, ""]

        def lookup(account_no: str) -> Any:
            if role == "branch":
                return client.remote_repoint_target(
                    db,
                    credentials[0],
                    credentials[1],
                    conflict_id,
                    account_no,
                    ca_file=ca_file,
                    allow_http=allow_http,
                )
            return conflicts.repoint_target(db, actor, uuid.UUID(conflict_id), account_no)

        def decide(account_no: str, amount_fen: int) -> ConflictRow:
            if role == "branch":
                return conflict_row(
                    client.remote_resolve(
                        db,
                        credentials[0],
                        credentials[1],
                        conflict_id,
                        REPOINT,
                        version,
                        account_no=account_no,
                        amount_fen=amount_fen,
                        ca_file=ca_file,
                        allow_http=allow_http,
                    )
                )
            return conflict_row(
                conflicts.resolve_conflict(
                    db,
                    actor,
                    uuid.UUID(conflict_id),
                    REPOINT,
                    version,
                    account_no=account_no,
                    amount_fen=amount_fen,
                )
            )

        def authorise() -> bool:
            if role != "branch":
                return True
            password = SupervisorPasswordDialog(
                fill(self.tr("在中心对“%1”%2"), kind_label(row.kind, row.kind_text), self.tr("重新指向")),
                self,
                username=credentials[0],
            )
            try:
                accepted = self.ctx.dialogs.run(password) == QDialog.DialogCode.Accepted
                credentials[0], credentials[1] = password.credentials()
            finally:
                password.deleteLater()
            return accepted

        dialog = RepointDialog(
            self.ctx, row.summary or kind_label(row.kind, row.kind_text), lookup, decide, authorise, self
        )
        self.busy = True
        self._update_actions()
        try:
            accepted = self.ctx.dialogs.run(dialog) == QDialog.DialogCode.Accepted
            decided = dialog.decided
        finally:
            dialog.deleteLater()
            self._resolve_ended()
        if accepted and decided is not None:
            self._resolved(decided)

    def _resolve_ended(self) -> None:
        self.busy = False
        self._update_actions()

    def _resolved(self, row: ConflictRow) -> None:
        self.statusMessage.emit(fill(self.tr("冲突已处理：%1"), kind_label(row.kind, row.kind_text)))
        self.ctx.changes.announce(Change.CUSTOMER, Change.PAYMENTS, Change.BILLS, origin=self)
        self.refresh()
