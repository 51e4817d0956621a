"""The service applications module (业务受理): the worklist of applications, opened one by one.

Contract with the main window: ``ApplicationsModule(ctx, parent, registration=host)`` —
``registration`` is the customer view's host (ui/customers/host.py), which shows the customers
module's registration form when a 新装 / 临时用电 is completed; ``actions()`` (F9 新建申请,
F5 刷新, Ctrl+PgDown / Ctrl+PgUp 下一页 / 上一页, Ctrl+F 筛选, Ctrl+Shift+F 清除筛选) and
``focus_search()``; ``statusMessage`` for the status bar.

The worklist (docs/rules.md#工作单与办理) reads one page at a time on a worker thread
(``application_reads.list_applications``), newest accepted first; the 期限 column is green /
yellow / red. Enter or a double click opens the application (ui/applications/detail.py). It
reloads when any screen announces ``Change.APPLICATIONS``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.applications import ApplicationCatalogue
from app.domain.codes import DeadlineStatus
from app.dto.applications import ApplicationFilter, ApplicationPage, ApplicationRow, PageRequest
from app.services.application_reads import list_applications
from app.services.applications import catalogue_in_force
from app.services.permissions import allowed
from ui.applications.accept_dialog import accept_application_dialog
from ui.applications.detail import ApplicationDetailDialog, RegistrationHost
from ui.applications.worklist import WORK_COLUMNS, FilterBar, WorklistModel
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.i18n import fill
from ui.palette import restyle
from ui.tables import ColumnFit, ForegroundDelegate, make_table
from ui.tasks import Failure
from ui.widgets import alive, heading, muted

log = logging.getLogger(__name__)

PAGE_SIZE = 50
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ApplicationsModule(QWidget):
    statusMessage = Signal(str)

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        registration: RegistrationHost | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicationsModule")
        self.ctx = ctx
        self.registration = registration
        self.page_size = page_size
        self.offset = 0
        self.more = False
        self.loading = False
        self.loaded_once = False
        self._generation = 0
        self._select_id: uuid.UUID | None = None
        self.catalogue: ApplicationCatalogue | None = None
        self.detail: ApplicationDetailDialog | None = None  # the one open (for tests)
        self._build()
        ctx.changes.changed.connect(self._data_changed)
        self.refresh()

    # ---- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        self._build_actions()
        self.filters = FilterBar(self)
        self.filters.changed.connect(self.first_page)
        for edit in self.filters.line_edits():
            edit.installEventFilter(self)  # ↓ from a text filter goes down to the list
        self.model = WorklistModel(self)
        self.table = make_table(self, "worklistTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))  # 期限 colours under qt-material
        # columns inside the viewport on a 1024 px counter PC: 客户经理 and 渠道 give way first
        # (elided, the tooltip whole), then the name and 业务类型; the name takes any room left
        col = WORK_COLUMNS.index
        self.fit = ColumnFit(
            self.table,
            yielding=[col("customer_manager"), col("channel"), col("customer"), col("type")],
            grow=col("customer"),
            padding=6,
        )
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("worklistSummary")
        self.summary.setProperty("role", "muted")
        self.message = QLabel(self)
        self.message.setObjectName("worklistMessage")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("业务受理"), 20, parent=self))
        top.addSpacing(12)
        top.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        self.buttons: dict[str, QPushButton] = {}
        for key, action in (
            ("new", self.new_action),
            ("prev", self.prev_action),
            ("next", self.next_action),
            ("refresh", self.refresh_action),
        ):
            button = QPushButton(
                self._button_text(action) if key in ("new", "refresh") else action.text(), self
            )
            button.setToolTip(self._button_text(action))
            button.setObjectName(f"worklist_{key}")
            button.setAutoDefault(False)
            button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "F9"
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            button.setEnabled(action.isEnabled())
            self.buttons[key] = button
            top.addWidget(button)
        hint = muted(
            self.tr(
                "Enter/双击 打开申请 · F9 新建申请 · F5 刷新 · Ctrl+PgDown/PgUp 翻页 · "
                "Ctrl+F 筛选 · Ctrl+Shift+F 清除筛选 · 筛选框中 ↓ 回到列表"
            ),
            self,
        )
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

    def _build_actions(self) -> None:
        self.new_action = self._action(self.tr("新建申请"), "F9", self.new_application)
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh)
        self.next_action = self._action(self.tr("下一页"), "Ctrl+PgDown", self.next_page)
        self.prev_action = self._action(self.tr("上一页"), "Ctrl+PgUp", self.prev_page)
        self.filter_action = self._action(self.tr("筛选"), "Ctrl+F", self.focus_filters)
        self.clear_action = self._action(self.tr("清除筛选"), "Ctrl+Shift+F", self.clear_filters)
        self.open_action = self._action(self.tr("打开申请"), None, self.open_selected)
        self.next_action.setEnabled(False)
        self.prev_action.setEnabled(False)

    def _action(self, text: str, key: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _button_text(self, action: QAction) -> str:
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        return f"{action.text()} ({key})" if key else action.text()

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
        ]

    def focus_search(self) -> None:
        """The table (first row selected) when it has rows, else the filters."""
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

    # ---- loading --------------------------------------------------------------------------------
    def first_page(self) -> None:
        self.offset = 0
        self.load()

    def refresh(self) -> None:
        """F5: this page again, and the catalogue in force (an administrator may have imported a
        version with new types since)."""
        self.catalogue = None
        self.load()

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
        if filters is None:  # a date the clerk must correct first (said under it)
            self.show_status(self.tr("请更正受理日期"), error=True)
            return
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        page = PageRequest(self.offset, self.page_size)
        need_catalogue = self.catalogue is None

        def work() -> tuple[ApplicationPage, ApplicationCatalogue | None]:
            cat = catalogue_in_force(db) if need_catalogue else None
            return list_applications(db, actor, filters, page), cat

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
                what="reading the worklist",
            ),
        )

    def _loaded(
        self,
        generation: int,
        filters: ApplicationFilter,
        result: tuple[ApplicationPage, ApplicationCatalogue | None],
    ) -> None:
        page, cat = result
        if cat is not None:
            self.catalogue = cat
            self.filters.set_catalogue(cat)
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

    def _update_summary(self, page: ApplicationPage) -> None:
        n = len(page.rows)
        restyle(self.summary, role="muted")
        if not n:
            text = self.tr("没有符合条件的申请") if page.offset == 0 else self.tr("本页没有申请")
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

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(Change.APPLICATIONS) and self.loaded_once:
            self.load()

    # ---- rows -----------------------------------------------------------------------------------
    def _current_row(self) -> ApplicationRow | None:
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
            # Opened after the key event returns, not inside it: a modal dialog running writes
            # from inside an event filter crashed the garbage collector later (ui/workorders)
            QTimer.singleShot(0, self, lambda: self.open_selected() if alive(self) else None)
            return True
        return super().eventFilter(watched, event)

    def open_selected(self) -> None:
        row = self._current_row()
        if row is None:
            self.show_status(self.tr("请先在列表中选择一笔申请"), error=True)
            return
        self.open_application(row.id)

    def open_application(self, application_id: uuid.UUID) -> None:
        """The application screen, modal; the worklist reloads when it changed something."""
        self._select_id = application_id
        dialog = ApplicationDetailDialog(self.ctx, self, application_id, registration=self.registration)
        self.detail = dialog
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            self.detail = None
            dialog.deleteLater()
        if alive(self):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---- new application ------------------------------------------------------------------------
    def new_application(self) -> None:
        """F9: the accept form (ui/applications/accept_dialog.py) for a new customer's 新装 /
        临时用电; the outcome on the message line, and the worklist follows its announcement."""
        actor = self.ctx.actor
        if actor is None or not allowed(actor, "application.accept"):  # the service refuses it too
            self.show_status(self.tr("当前角色无权受理业务（营业员、值班长可以受理）"), error=True)
            return
        accept_application_dialog(self.ctx, self, None, report=self.show_status)

    # ---- messages -------------------------------------------------------------------------------
    def show_status(self, text: str, error: bool = False) -> None:
        restyle(self.message, role="error" if error else "ok", strong=True)
        self.message.setText(text)
        self.statusMessage.emit(text)
