"""User management screen (用户管理): list, new (Ins / Ctrl+N), edit (Enter / F4), unlock, refresh."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dto.common import UserRow
from app.services import auth
from ui.context import UiContext
from ui.i18n import fill
from ui.tasks import Failure
from ui.users.form import UserFormDialog
from ui.users.model import Column, UserRoles, UsersModel, user_status
from ui.widgets import heading, muted, widen_to_headers

log = logging.getLogger(__name__)


class UsersModule(QWidget):
    """The administrator's user list. ``actions()`` carry the module's shortcuts."""

    statusMessage = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("usersModule")
        self._build_model()
        self.loading = False
        self._build_actions()
        self._build_filter()
        self._build_table()
        top = self._build_title()
        bar = self._build_bar()
        self._layout(top, bar)
        self._update_actions()
        self.refresh()

    def _build_model(self) -> None:
        """The users, filtered on any column as the administrator types."""
        self.model = UsersModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _build_actions(self) -> None:
        self.new_action = self._action(self.tr("新建用户"), [QKeySequence(Qt.Key.Key_Insert),
                                                            QKeySequence("Ctrl+N")], self.new_user)
        self.edit_action = self._action(self.tr("编辑用户"), [QKeySequence(Qt.Key.Key_F4)], self.edit_user)
        self.unlock_action = self._action(self.tr("解锁用户"), [QKeySequence("Ctrl+U")], self.unlock_selected)
        self.refresh_action = self._action(self.tr("刷新"), [QKeySequence(Qt.Key.Key_F5)], self.refresh)

    def _build_filter(self) -> None:
        self.filter = QLineEdit(self)
        self.filter.setObjectName("usersFilter")
        self.filter.setPlaceholderText(self.tr("筛选：用户名、姓名、工号"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setMaximumWidth(320)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.installEventFilter(self)

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.USERNAME, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in ((Column.USERNAME, 150), (Column.NAME, 140), (Column.EMPLOYEE_NO, 110),
                              (Column.ROLE, 120), (Column.STATUS, 170)):
            self.table.setColumnWidth(column, width)
        widen_to_headers(self.table)
        self.table.doubleClicked.connect(lambda _index: self.edit_user())
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())

    def _build_title(self) -> QHBoxLayout:
        """用户管理 and how many users there are."""
        self.count_label = muted("", self)
        self.count_label.setObjectName("usersCount")
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(heading(self.tr("用户管理"), 20, parent=self))
        top.addSpacing(12)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        return top

    def _build_bar(self) -> QHBoxLayout:
        """The filter, then one button per action (enabled with it)."""
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(self.filter, 1)
        bar.addStretch(0)
        self.buttons: dict[str, QPushButton] = {}
        for key, action in (("new", self.new_action), ("edit", self.edit_action),
                            ("unlock", self.unlock_action), ("refresh", self.refresh_action)):
            button = QPushButton(self._button_text(action), self)
            button.setObjectName(f"{key}UserButton")
            button.setAutoDefault(False)
            button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "Ins", "F5"
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
            self.buttons[key] = button
            bar.addWidget(button)
        return bar

    def _layout(self, top: QHBoxLayout, bar: QHBoxLayout) -> None:
        self.hint = muted(self.tr("Ins 新建 · Enter/F4 编辑 · Ctrl+U 解锁 · F5 刷新 · 在筛选框按 ↓ 进入列表"), self)
        self.message = QLabel("", self)
        self.message.setObjectName("usersMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.message)
        layout.addLayout(bottom)

    # ---- module API (same shape as the customers module) ------------------------------------

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [self.new_action, self.edit_action, self.unlock_action, self.refresh_action]

    def focus_search(self) -> None:
        """Focus lands in the table (or the filter box when the list is empty)."""
        if self.proxy.rowCount() and self.isVisible():
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
        else:
            self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---- helpers -------------------------------------------------------------------------------

    def _action(self, text: str, shortcuts: list[QKeySequence], slot) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        action.setShortcuts(shortcuts)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _button_text(self, action: QAction) -> str:
        keys = action.shortcuts()
        key = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        return f"{action.text()} ({key})" if key else action.text()

    def selected_row(self) -> UserRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, UserRoles.ROW)
        return row if isinstance(row, UserRow) else None

    def select_user(self, user_id: uuid.UUID) -> None:
        source_row = self.model.row_of(user_id)
        if source_row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)

    def _update_actions(self) -> None:
        row = self.selected_row()
        self.edit_action.setEnabled(row is not None and not self.loading)
        self.unlock_action.setEnabled(row is not None and not self.loading and user_status(row) == "locked")
        self.refresh_action.setEnabled(not self.loading)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.statusMessage.emit(text)

    def _failure(self, title: str) -> Failure:
        """A failure of this screen shows in a message box titled ``title``."""
        return Failure(dialogs=self.ctx.dialogs, parent=self, title=title, what="the users screen")

    # ---- flows ----------------------------------------------------------------------------------

    def refresh(self, select: uuid.UUID | None = None) -> None:
        if self.loading:
            return
        current = self.selected_row()
        keep = select or (current.id if current else None)
        self.loading = True
        self._update_actions()
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None

        def done(rows: list[UserRow]) -> None:
            had_focus = self.table.hasFocus()
            self.model.set_rows(rows)
            self.count_label.setText(fill(self.tr("共 %1 个用户"), str(len(rows))))
            if keep is not None:
                self.select_user(keep)
            elif self.proxy.rowCount():
                self.table.selectRow(0)
            if had_focus:
                self.table.setFocus()
            self._update_actions()

        def settle() -> None:
            self.loading = False
            self._update_actions()

        ctx.tasks.run(lambda: auth.list_users(ctx.db, actor), done, always=settle,
                      failure=self._failure(self.tr("读取用户列表失败")))

    def new_user(self) -> None:
        self._open_form(None)

    def edit_user(self) -> None:
        row = self.selected_row()
        if row is None:
            self._say(self.tr("请先在列表中选择一个用户"))
            return
        self._open_form(row)

    def _open_form(self, row: UserRow | None) -> None:
        dialog = UserFormDialog(self.ctx, row, self)
        try:
            result = self.ctx.dialogs.run(dialog)
            saved = dialog.saved
        finally:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and saved is not None:
            if row is None:
                self._say(fill(self.tr("已新建用户 %1（%2）"), saved.username, saved.display_name))
            else:
                self._say(fill(self.tr("已保存用户 %1"), saved.username))
            self.refresh(select=saved.id)
        self.table.setFocus()

    def unlock_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            self._say(self.tr("请先在列表中选择一个用户"))
            return
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None

        def done(saved: UserRow) -> None:
            self._say(fill(self.tr("已解锁用户 %1"), saved.username))
            self.refresh(select=saved.id)

        ctx.tasks.run(lambda: auth.unlock_user(ctx.db, actor, row.id), done,
                      failure=self._failure(self.tr("解锁失败")))

    # ---- keyboard -------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.table and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_user()
                return True
            if watched is self.filter and key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.proxy.rowCount():
                    self.table.setFocus()
                    if not self.table.currentIndex().isValid():
                        self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
