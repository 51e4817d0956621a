"""The hall's work-order deadlines and category tree (工单时限与诉求分类), for the administrator.

``WorkOrderConfigDialog(ctx)`` reads the figures and the tree of this PC's hall (they live in the
database, one set per hall: app/services/workorder_config.py) and saves them as one
``ChangeWorkOrderRules`` and/or ``ChangeWorkOrderCategories`` operation. Two tabs:

* 时限 — one line per figure; Enter moves to the next and saves on the last. A bad value is
  refused with its message under the field and nothing is saved.
* 诉求分类 — the tree (↑/↓ to choose). Type a name, then 添加大类 (Alt+A), 添加小类 under the chosen
  category's top (Alt+B), 改名 (Alt+R); 停用 / 启用 (Alt+D) takes a category out of the intake
  form or back. Categories are never deleted: orders keep theirs.

Ctrl+S saves both, Esc cancels; Ctrl+1 / Ctrl+2 switch tabs. A change made meanwhile by another
administrator is refused (optimistic locking), never overwritten.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ConcurrentEdit, ValidationError
from app.domain.workorders import (
    RULE_FIELDS,
    CategoryTree,
    add_category,
    category_changes,
    rename_category,
    set_category_active,
)
from app.services import workorder_config as config_service
from app.services.workorder_config import WorkOrderConfigView
from ui import palette
from ui.context import UiContext
from ui.forms import ok_cancel_buttons
from ui.i18n import fill, localize
from ui.tasks import Failure
from ui.widgets import EnterNavigator, ErrorLabel, FormField, alive, clear_errors, heading, muted

log = logging.getLogger(__name__)

_CODE_ROLE = Qt.ItemDataRole.UserRole


class WorkOrderConfigDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workOrderConfigDialog")
        self.ctx = ctx
        self.view: WorkOrderConfigView | None = None
        self.saved: WorkOrderConfigView | None = None
        self.tree: CategoryTree | None = None  # the tree as edited here
        self.busy = False
        self.setWindowTitle(self.tr("工单时限与诉求分类"))
        self.setModal(True)
        self.setMinimumWidth(760)
        self.header = heading(self.tr("工单时限与诉求分类"), 18, parent=self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("woConfigTabs")
        self.tabs.addTab(self._build_rules_tab(), self.tr("时限"))
        self.tabs.addTab(self._build_tree_tab(), self.tr("诉求分类"))
        self.status = muted(self.tr("正在读取…"), self)
        self.status.setObjectName("woConfigStatus")
        self.error = ErrorLabel(self)
        self.save_button, _cancel, buttons = ok_cancel_buttons(
            self, self.tr("保存"), self.submit, self.tr("取消"), name="woConfig"
        )
        # Enter is the form's (next field / the buttons of the tree tab): saving is Ctrl+S
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(
            muted(
                self.tr(
                    "本厅所有柜台共用；保存后新登记的工单按新时限和分类办理，已登记工单的期限不变；"
                    "每次修改记入操作日志。Ctrl+1 / Ctrl+2 切换页，Ctrl+S 保存，Esc 取消。"
                ),
                self,
            )
        )
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit)
        QShortcut(QKeySequence("Ctrl+1"), self, activated=lambda: self._show_tab(0))
        QShortcut(QKeySequence("Ctrl+2"), self, activated=lambda: self._show_tab(1))
        for key, button in (
            ("Alt+A", self.add_top_button),
            ("Alt+B", self.add_sub_button),
            ("Alt+R", self.rename_button),
            ("Alt+D", self.toggle_button),
        ):
            QShortcut(QKeySequence(key), self, activated=button.click)
        self.navigator = EnterNavigator(list(self.editors.values()), self.submit, self)
        self._load()

    # ---- the figures -------------------------------------------------------------------------

    def _build_rules_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(4)
        self.editors: dict[str, QLineEdit] = {}
        self.fields: dict[str, FormField] = {}
        for name, label, low, high in RULE_FIELDS:
            editor = QLineEdit(page)
            editor.setObjectName(name)
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
            editor.setMaximumWidth(120)
            editor.setEnabled(False)  # until the figures are read
            editor.setToolTip(fill(self.tr("%1 到 %2"), low, high))
            self.editors[name] = editor
            field = FormField(editor, page)
            self.fields[name] = field
            form.addRow(localize(label), field)
        return page

    # ---- the tree ----------------------------------------------------------------------------

    def _build_tree_tab(self) -> QWidget:
        page = QWidget(self)
        self.category_view = QTreeWidget(page)
        self.category_view.setObjectName("woCategoryTree")
        self.category_view.setHeaderLabels([self.tr("分类"), self.tr("状态"), self.tr("代码")])
        self.category_view.setColumnWidth(0, 190)
        self.category_view.setColumnWidth(1, 80)
        self.category_view.currentItemChanged.connect(self._chosen)
        self.name_edit = QLineEdit(page)
        self.name_edit.setObjectName("woCategoryName")
        self.name_edit.setPlaceholderText(self.tr("分类名称"))
        self.name_field = FormField(self.name_edit, page)
        self.add_top_button = self._button(page, self.tr("添加大类 (Alt+A)"), "woAddTop", self.add_top)
        self.add_sub_button = self._button(page, self.tr("添加小类 (Alt+B)"), "woAddSub", self.add_sub)
        self.rename_button = self._button(page, self.tr("改名 (Alt+R)"), "woRename", self.rename)
        self.toggle_button = self._button(page, self.tr("停用 (Alt+D)"), "woToggle", self.toggle_active)
        self.tree_error = ErrorLabel(page)
        side = QVBoxLayout()
        side.addWidget(self.name_field)
        for button in (self.add_top_button, self.add_sub_button, self.rename_button, self.toggle_button):
            side.addWidget(button)
        side.addWidget(
            muted(self.tr("先在列表中选定分类，输入名称后添加或改名；停用的分类不再供新工单选择。"), page)
        )
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.category_view, 5)
        row.addLayout(side, 2)
        layout = QVBoxLayout(page)
        layout.addLayout(row, 1)
        layout.addWidget(self.tree_error)
        return page

    def _button(self, parent: QWidget, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setEnabled(False)
        button.clicked.connect(slot)
        return button

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        if index == 0 and self.editors:
            next(iter(self.editors.values())).setFocus()
        elif index == 1:
            self.category_view.setFocus()

    def _fill_tree(self, select: str | None = None) -> None:
        assert self.tree is not None
        tree = self.tree
        view = self.category_view
        view.blockSignals(True)
        view.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for _depth, node in tree.walk():
            parent = items.get(node.parent) if node.parent else None
            state = self.tr("在用") if node.active else self.tr("已停用")
            if node.active and not tree.offered(node.code):
                state = self.tr("上级已停用")
            item = QTreeWidgetItem([node.name, state, node.code])
            item.setData(0, _CODE_ROLE, node.code)
            if not tree.offered(node.code):
                for col in range(3):
                    item.setForeground(col, QColor(palette.INACTIVE))  # not offered for new orders
            if parent is None:
                view.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[node.code] = item
        view.expandAll()
        view.blockSignals(False)
        chosen = items.get(select or "") or view.topLevelItem(0)
        view.setCurrentItem(chosen)
        self._chosen(chosen)

    def current_code(self) -> str | None:
        item = self.category_view.currentItem()
        return str(item.data(0, _CODE_ROLE)) if item is not None else None

    def _chosen(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        if item is None or self.tree is None:
            return
        node = self.tree.get(str(item.data(0, _CODE_ROLE)))
        self.name_edit.setText(node.name)
        self.toggle_button.setText(self.tr("停用 (Alt+D)") if node.active else self.tr("启用 (Alt+D)"))

    def _edit(self, change: object) -> None:
        """Apply one change to the edited tree (a callable returning (tree, code to select));
        a bad name shows under the name field."""
        self.name_field.set_error("")
        self.tree_error.set_message("")
        try:
            tree, code = change()  # type: ignore[operator]
        except ValidationError as exc:
            self.name_field.set_error(exc.message)
            self._make_room()
            self.name_edit.setFocus()
            self.name_edit.selectAll()
            return
        self.tree = tree
        self._fill_tree(code)
        self.category_view.setFocus()

    def add_top(self) -> None:
        assert self.tree is not None
        self._edit(lambda: add_category(self.tree, None, self.name_edit.text()))  # type: ignore[arg-type]

    def add_sub(self) -> None:
        """A sub-category under the chosen category's top (the intake offers two levels)."""
        code = self.current_code()
        if self.tree is None or code is None:
            return
        top = self.tree.path(code)[0].code
        self._edit(lambda: add_category(self.tree, top, self.name_edit.text()))  # type: ignore[arg-type]

    def rename(self) -> None:
        code = self.current_code()
        if self.tree is None or code is None:
            return
        self._edit(lambda: (rename_category(self.tree, code, self.name_edit.text()), code))  # type: ignore[arg-type]

    def toggle_active(self) -> None:
        code = self.current_code()
        if self.tree is None or code is None:
            return
        active = self.tree.get(code).active
        self._edit(lambda: (set_category_active(self.tree, code, not active), code))  # type: ignore[arg-type]

    # ---- reading -----------------------------------------------------------------------------

    def _load(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: config_service.get_workorder_config(db, actor),
            self._loaded,
            stale=lambda: not alive(self),
            always=lambda: self.status.setText(""),
            failure=Failure(label=self.error, what="reading the work-order configuration"),
        )

    def _loaded(self, view: WorkOrderConfigView) -> None:
        self.view = view
        self.tree = view.tree
        self.header.setText(fill(self.tr("工单时限与诉求分类　%1（%2）"), self.ctx.node.name, view.node_code))
        for name, editor in self.editors.items():
            editor.setText(str(getattr(view.rules, name)))
            editor.setEnabled(True)
        if view.version:
            when = view.updated_at.strftime("%Y-%m-%d %H:%M") if view.updated_at else ""
            self.status.setText(
                fill(self.tr("第 %1 版，%2 由 %3 修改（时间为 UTC）"), view.version, when, view.updated_by)
            )
        else:
            self.status.setText(self.tr("尚未修改过：以下为默认时限和分类"))
        self._fill_tree()
        for button in (
            self.save_button,
            self.add_top_button,
            self.add_sub_button,
            self.rename_button,
            self.toggle_button,
        ):
            button.setEnabled(True)
        first = next(iter(self.editors.values()))
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        first.selectAll()

    # ---- saving ------------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """The figures as typed (the service parses and checks every one)."""
        return {name: editor.text() for name, editor in self.editors.items()}

    def tree_changed(self) -> bool:
        if self.view is None or self.tree is None:
            return False
        try:
            return bool(category_changes(self.view.tree, self.tree))
        except ValidationError:
            return True

    def submit(self) -> None:
        if self.busy or self.view is None:
            return
        clear_errors(self.fields, self.error)
        self.tree_error.set_message("")
        self._set_busy(True)
        db, actor, version, values = self.ctx.db, self.ctx.actor, self.view.version, self.values()
        tree = self.tree if self.tree_changed() else None
        assert actor is not None
        self.ctx.tasks.run(
            lambda: config_service.change_workorder_config(db, actor, version, rules=values, tree=tree),
            self._saved,
            stale=lambda: not alive(self),
            always=self._answered,
            # a concurrent edit also gets a message box: the dialog holds the old version and
            # must be closed and opened again; a refused tree (field "categories") goes to the
            # error line
            failure=Failure(
                self.fields,
                self.error,
                dialogs=self.ctx.dialogs,
                box_for=(ConcurrentEdit,),
                parent=self,
                title=self.tr("保存失败"),
                what="saving the work-order configuration",
            ),
        )

    def _answered(self) -> None:
        """Runs before the answer is shown: on a failure the figures' tab comes forward, so the
        messages under the figures are seen and the first bad one can take the cursor."""
        self._set_busy(False)
        if self.saved is None:
            self.tabs.setCurrentIndex(0)
            QTimer.singleShot(0, self._make_room)  # after the messages are in place

    def _make_room(self) -> None:
        """Grow to show the messages just put under the fields (never shrink)."""
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)
        self.save_button.setText(self.tr("正在保存…") if busy else self.tr("保存"))

    def _saved(self, view: WorkOrderConfigView) -> None:
        self.saved = self.view = view
        log.info("work-order configuration of node %s saved, version %s", view.node_code, view.version)
        self.accept()

    def reject(self) -> None:
        if not self.busy:
            super().reject()
