"""The work-order module (诉求工单): the list of orders, opened one by one, and the supervisor's
badge of overdue / due-soon orders.

Contract with the main window: ``WorkOrdersModule(ctx, parent)``; ``actions()`` (F9 登记诉求,
F5 刷新, Ctrl+PgDown / Ctrl+PgUp 翻页, Ctrl+F 筛选, Ctrl+Shift+F 清除筛选, Ctrl+Shift+O 超期工单);
``focus_search()``; ``statusMessage`` for the status bar; ``badgeChanged(text)`` — for a
supervisor (``workorder.reassign``), the overdue and due-soon counts
(``workorder_reads.deadline_counts``) read at start and every ``BADGE_INTERVAL_MS`` (5 minutes),
which the main window shows on the module's navigation item and in the status bar (issue 10
item 4; docs/rules.md#at-the-counter).

The list reads one page at a time on a worker thread (``list_work_orders``), newest first; the
期限 column is green / yellow / red. Enter or a double click opens the order
(ui/workorders/detail.py). It reloads when any screen announces ``Change.WORK_ORDERS``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.codes import DeadlineStatus
from app.domain.workorders import CategoryTree
from app.dto.applications import PageRequest
from app.dto.workorders import DeadlineCounts, WorkOrderFilter, WorkOrderPage, WorkOrderRow
from app.services import workorders as service
from app.services.permissions import allowed
from app.services.workorder_reads import deadline_counts, list_work_orders
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.i18n import fill
from ui.palette import restyle
from ui.tables import ColumnFit, ForegroundDelegate, make_table
from ui.tasks import Failure
from ui.widgets import alive, heading, muted
from ui.workorders.detail import WorkOrderDetailDialog
from ui.workorders.filters import WorkOrderFilterBar
from ui.workorders.intake_dialog import record_work_order_dialog
from ui.workorders.models import LIST_COLUMNS, WorkOrdersModel

PAGE_SIZE = 50
#: how often the supervisor's badge is read again
BADGE_INTERVAL_MS = 5 * 60 * 1000
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class WorkOrdersModule(QWidget):
    statusMessage = Signal(str)
    badgeChanged = Signal(
        str, str
    )  # ("超期 3 · 临期 5", the short "超3 临5" for a narrow list), "" when none

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        page_size: int = PAGE_SIZE,
        badge_interval_ms: int = BADGE_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workOrdersModule")
        self.ctx = ctx
        self.page_size = page_size
        self.offset = 0
        self.more = False
        self.loading = False
        self.loaded_once = False
        self._generation = 0
        self._select_id: uuid.UUID | None = None
        self.tree: CategoryTree | None = None
        self.counts: DeadlineCounts | None = None
        self.badge_text = ""
        self.detail: WorkOrderDetailDialog | None = None
        self._build()
        ctx.changes.changed.connect(self._data_changed)
        self.badge_timer = QTimer(self)
        self.badge_timer.setObjectName("workOrderBadgeTimer")
        self.badge_timer.setInterval(badge_interval_ms)
        self.badge_timer.timeout.connect(self.refresh_badge)
        self.refresh()
        if self.supervises():
            self.badge_timer.start()
            self.refresh_badge()

    # ---- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.new_action = self._action(self.tr("登记诉求"), "F9", self.new_order)
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh)
        self.next_action = self._action(self.tr("下一页"), "Ctrl+PgDown", self.next_page)
        self.prev_action = self._action(self.tr("上一页"), "Ctrl+PgUp", self.prev_page)
        self.filter_action = self._action(self.tr("筛选"), "Ctrl+F", self.focus_filters)
        self.clear_action = self._action(self.tr("清除筛选"), "Ctrl+Shift+F", self.clear_filters)
        self.overdue_action = self._action(self.tr("超期工单"), "Ctrl+Shift+O", self.show_overdue)
        self.open_action = self._action(self.tr("打开工单"), None, self.open_selected)
        self.next_action.setEnabled(False)
        self.prev_action.setEnabled(False)

        self.filters = WorkOrderFilterBar(self)
        self.filters.changed.connect(self.first_page)
        for edit in self.filters.line_edits():
            edit.installEventFilter(self)
        self.model = WorkOrdersModel(self)
        self.table = make_table(self, "workOrdersTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))
        col = LIST_COLUMNS.index
        self.fit = ColumnFit(
            self.table,
            yielding=[col("channel"), col("accepted_by"), col("assignee"), col("category"), col("customer")],
            grow=col("customer"),
            padding=6,
        )
        self.table.doubleClicked.connect(lambda _index: self._open_later())
        self.table.installEventFilter(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("workOrdersSummary")
        self.summary.setProperty("role", "muted")
        self.badge = QPushButton(self)
        self.badge.setObjectName("workOrderBadge")
        self.badge.setAutoDefault(False)
        self.badge.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.badge.setStyleSheet("text-transform: none;")
        self.badge.setToolTip(
            self.tr("超期、临期的在办工单（每 5 分钟刷新）；点击列出超期工单 (Ctrl+Shift+O)")
        )
        self.badge.clicked.connect(self.show_overdue)
        self.badge.hide()
        self.message = QLabel(self)
        self.message.setObjectName("workOrdersMessage")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("诉求工单"), 20, parent=self))
        top.addSpacing(12)
        top.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.badge)
        self.buttons: dict[str, QPushButton] = {}
        for key, action in (
            ("new", self.new_action),
            ("prev", self.prev_action),
            ("next", self.next_action),
            ("refresh", self.refresh_action),
        ):
            key_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            text = f"{action.text()} ({key_text})" if key in ("new", "refresh") else action.text()
            button = QPushButton(text, self)
            button.setObjectName(f"workOrders_{key}")
            button.setAutoDefault(False)
            button.setStyleSheet("text-transform: none;")
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            button.setEnabled(action.isEnabled())
            self.buttons[key] = button
            top.addWidget(button)
        hint = muted(
            self.tr(
                "Enter/双击 打开工单 · F9 登记诉求 · F5 刷新 · Ctrl+PgDown/PgUp 翻页 · "
                "Ctrl+F 筛选 · Ctrl+Shift+F 清除筛选 · Ctrl+Shift+O 超期工单"
            ),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.message)
        layout.addLayout(bottom)
        self.setFocusProxy(self.table)

    def _action(self, text: str, key: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # ---- contract with the main window ----------------------------------------------------------
    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [
            self.new_action,
            self.open_action,
            self.refresh_action,
            self.next_action,
            self.prev_action,
            self.filter_action,
            self.clear_action,
            self.overdue_action,
        ]

    def focus_search(self) -> None:
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
        else:
            self.focus_filters()

    def focus_filters(self) -> None:
        self.filters.first().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def clear_filters(self) -> None:
        self.filters.clear()

    def show_overdue(self) -> None:
        """The supervisor's list: open orders past a deadline."""
        self.filters.set_deadline(DeadlineStatus.OVERDUE)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---- the supervisor's badge -----------------------------------------------------------------
    def supervises(self) -> bool:
        """The badge is raised to those who reassign orders (值班长)."""
        actor = self.ctx.actor
        return actor is not None and allowed(actor, "workorder.reassign")

    def end_session(self) -> None:
        """Log-out / quit (ui/main_window.py): the badge is read no more."""
        self.badge_timer.stop()

    def refresh_badge(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        if actor is None or not self.supervises():
            return
        self.ctx.tasks.run(
            lambda: deadline_counts(db, actor),
            self._badge_read,
            stale=lambda: not alive(self),
            failure=Failure(what="reading the work-order deadline counts"),  # the list says the rest
        )

    def _badge_read(self, counts: DeadlineCounts) -> None:
        self.counts = counts
        if counts.overdue or counts.due_soon:
            text = fill(self.tr("超期 %1 · 临期 %2"), counts.overdue, counts.due_soon)
        else:
            text = ""
        self.badge.setText(text)
        self.badge.setVisible(bool(text))
        restyle(self.badge, role="error" if counts.overdue else "caution", strong=True)
        if text != self.badge_text:
            self.badge_text = text
            short = fill(self.tr("超%1 临%2"), counts.overdue, counts.due_soon) if text else ""
            self.badgeChanged.emit(text, short)

    # ---- loading --------------------------------------------------------------------------------
    def first_page(self) -> None:
        self.offset = 0
        self.load()

    def refresh(self) -> None:
        """F5: this page again, and the badge."""
        self.load()
        if self.loaded_once:
            self.refresh_badge()  # a supervisor's only

    def next_page(self) -> None:
        if self.more and not self.loading:
            self.offset += self.page_size
            self.load()

    def prev_page(self) -> None:
        if self.offset > 0 and not self.loading:
            self.offset = max(0, self.offset - self.page_size)
            self.load()

    def load(self) -> None:
        filters = self.filters.filters()
        if filters is None:
            self.show_status(self.tr("请更正受理日期"), error=True)
            return
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        page = PageRequest(self.offset, self.page_size)
        need_tree = self.tree is None

        def work() -> tuple[WorkOrderPage, CategoryTree | None]:
            return list_work_orders(db, actor, filters, page), service.category_tree(
                db, actor
            ) if need_tree else None

        def answered() -> None:
            self.loading = False

        self.ctx.tasks.run(
            work,
            lambda result: self._loaded(generation, filters, result),
            always=answered,
            stale=lambda: not alive(self) or generation != self._generation,
            failure=Failure(
                status=lambda text: self.show_status(text, error=True),
                fields=self.filters.fields,
                what="reading the work orders",
            ),
        )

    def _loaded(
        self, generation: int, filters: WorkOrderFilter, result: tuple[WorkOrderPage, CategoryTree | None]
    ) -> None:
        page, tree = result
        if tree is not None:
            self.tree = tree
            self.filters.set_tree(tree)
        current = self._current_row()
        keep = self._select_id or (current.id if current is not None else None)
        self._select_id = None
        self.model.set_rows(page.rows)
        self.more = page.more
        self.loaded_once = True
        self.next_action.setEnabled(page.more)
        self.prev_action.setEnabled(page.offset > 0)
        self._update_summary(page)
        if keep is not None:
            for i, row in enumerate(page.rows):
                if row.id == keep:
                    self.table.selectRow(i)
                    break
        if not self.table.currentIndex().isValid() and page.rows and self.table.hasFocus():
            self.table.selectRow(0)

    def _update_summary(self, page: WorkOrderPage) -> None:
        n = len(page.rows)
        restyle(self.summary, role="muted")
        if not n:
            text = self.tr("没有符合条件的工单") if page.offset == 0 else self.tr("本页没有工单")
        else:
            counts = self.model.counts()
            text = fill(
                self.tr("第 %1–%2 条%3 · 本页在办：超期 %4 · 临期 %5 · 正常 %6"),
                page.offset + 1,
                page.offset + n,
                self.tr("（后面还有）") if page.more else "",
                counts[DeadlineStatus.OVERDUE],
                counts[DeadlineStatus.DUE_SOON],
                counts[DeadlineStatus.ON_TIME],
            )
        where = self.filters.summary()
        self.summary.setText(f"{text}　　{where}" if where else text)
        self.summary.setToolTip(self.summary.text())

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(Change.WORK_ORDERS) and self.loaded_once:
            self.load()
            self.refresh_badge()

    # ---- rows -----------------------------------------------------------------------------------
    def _current_row(self) -> WorkOrderRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if (
            watched in self.filters.line_edits()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.focus_search()
            return True
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        ):
            self._open_later()
            return True
        return super().eventFilter(watched, event)

    def _open_later(self) -> None:
        """Open the order once the key or click is handled: a modal flow (nested event loops,
        writes on the task runner) run inside an event filter crashed PySide later."""
        QTimer.singleShot(0, self, lambda: self.open_selected() if alive(self) else None)

    def open_selected(self) -> None:
        row = self._current_row()
        if row is None:
            self.show_status(self.tr("请先在列表中选择一件工单"), error=True)
            return
        self.open_order(row.id)

    def open_order(self, work_order_id: uuid.UUID) -> None:
        self._select_id = work_order_id
        dialog = WorkOrderDetailDialog(self.ctx, self, work_order_id)
        self.detail = dialog
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            self.detail = None
            dialog.deleteLater()
        if alive(self):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- new order ------------------------------------------------------------------------------
    def new_order(self) -> None:
        """F9: the intake form without a customer (a reporter typed, or an anonymous 举报)."""
        actor = self.ctx.actor
        if actor is None or not allowed(actor, "workorder.record"):  # the service refuses it too
            self.show_status(self.tr("当前角色无权登记诉求（营业员、值班长可以登记）"), error=True)
            return
        record_work_order_dialog(self.ctx, self, None, report=self.show_status)

    # ---- messages -------------------------------------------------------------------------------
    def show_status(self, text: str, error: bool = False) -> None:
        restyle(self.message, role="error" if error else "ok", strong=True)
        self.message.setText(text)
        self.statusMessage.emit(text)
