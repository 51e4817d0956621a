"""The outage module (停电信息): the list of outages, entering and editing them, 送电, cancelling,
the CSV import and the important customers' advance-notice list (docs/rules.md#outages).

Contract with the main window: ``OutagesModule(ctx, parent)``, ``actions()`` (Ctrl+N 发布停电,
Ctrl+G 故障停电, F4 修改, Ctrl+E 登记送电, Ctrl+D 取消停电, Ctrl+I 导入, Ctrl+P 重要客户清单,
F5 刷新), ``focus_search()``, ``statusMessage`` and ``OutagesModule.visible_for(actor)``.
The main window shows it to supervisors (``outage.manage``); clerks meet outages in the customer
view and the search results. Built for a reader without the right, it only lists (the writing
actions are refused by app/services/outages.py anyway).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import OutageStatus
from app.dto.common import Actor
from app.dto.outages import ImportantCustomerList, OutageImportReport, OutageView
from app.services import outages as svc
from app.services.permissions import allowed
from ui.changes import Change
from ui.context import UiContext
from ui.forms import ok_cancel_buttons
from ui.i18n import fill
from ui.outages.form import OutageDialog
from ui.outages.important import ImportantDialog
from ui.outages.models import ImportErrorsModel, OutagesModel
from ui.tables import ForegroundDelegate, make_table
from ui.tasks import Failure
from ui.widgets import ErrorLabel, FormField, heading, muted_label


class CancelDialog(QDialog):
    """The reason a planned outage is cancelled (取消原因), checked by the service."""

    def __init__(self, outage: OutageView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("取消停电 %1"), outage.outage_no))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("cancelReason")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如 施工改期"))
        self.field = FormField(self.reason, self)
        ok, _cancel, buttons = ok_cancel_buttons(
            self, self.tr("确定取消停电"), self.accept, self.tr("返回 (Esc)")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("取消原因"), self))
        layout.addWidget(self.field)
        layout.addLayout(buttons)
        self.resize(420, self.sizeHint().height())


class OutagesModule(QWidget):
    statusMessage = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.setObjectName("outagesModule")
        self.ctx = ctx
        self.can_manage = allowed(ctx.actor, "outage.manage")
        self.loading = False
        self.importing = False
        self.important_open = False
        self._loaded_once = False
        self._build_actions()
        self._build()
        self._update_actions()

    # ---- building ---------------------------------------------------------------------------

    def _action(self, text: str, key: str, slot: Callable[[], None], name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(self.tr("发布停电信息"), "Ctrl+N", self.new_outage, "newOutage")
        self.fault_action = self._action(self.tr("登记故障停电"), "Ctrl+G", self.new_fault, "newFault")
        self.edit_action = self._action(self.tr("修改停电信息"), "F4", self.edit_selected, "editOutage")
        self.end_action = self._action(self.tr("登记送电"), "Ctrl+E", self.end_selected, "endOutage")
        self.cancel_action = self._action(self.tr("取消停电"), "Ctrl+D", self.cancel_selected, "cancelOutage")
        self.import_action = self._action(self.tr("导入停电信息"), "Ctrl+I", self.import_csv, "importOutages")
        self.important_action = self._action(
            self.tr("重要客户清单"), "Ctrl+P", self.show_important, "importantList"
        )
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh, "refreshOutages")

    def _build(self) -> None:
        title = heading(self.tr("停电信息"), 20, True, self)
        self.summary = muted_label("", self)
        self.model = OutagesModel(self)
        self.table = make_table(self, "outagesTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))  # status colours under qt-material
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())
        header = self.table.horizontalHeader()
        for column, width in enumerate((120, 80, 70, 210, 300, 200, 150)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, action, text in (
            ("new", self.new_action, self.tr("发布停电 (Ctrl+N)")),
            ("fault", self.fault_action, self.tr("故障停电 (Ctrl+G)")),
            ("edit", self.edit_action, self.tr("修改 (F4)")),
            ("end", self.end_action, self.tr("送电 (Ctrl+E)")),
            ("cancel", self.cancel_action, self.tr("取消 (Ctrl+D)")),
            ("import", self.import_action, self.tr("导入CSV (Ctrl+I)")),
            ("important", self.important_action, self.tr("重要客户清单 (Ctrl+P)")),
        ):
            if key != "important" and not self.can_manage:
                continue
            button = QPushButton(text, self)
            button.setObjectName(f"outage_{key}_button")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "Ctrl+N"
            button.clicked.connect(action.trigger)
            self.buttons[key] = button
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.errors_caption = QLabel(
            self.tr("导入未完成，文件中的问题（改正后重新导入，一条也没有导入）："), self
        )
        self.errors_caption.setProperty("role", "error")
        self.errors_model = ImportErrorsModel(self)
        self.errors_table = make_table(self, "outageImportErrors")
        self.errors_table.setModel(self.errors_model)
        self.errors_table.setItemDelegate(ForegroundDelegate(self.errors_table))
        self.errors_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors_table.setColumnWidth(0, 60)
        self.errors_table.setColumnWidth(1, 120)
        self.errors_caption.hide()
        self.errors_table.hide()
        self.message = ErrorLabel(self)
        self.status = muted_label("", self)

        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.errors_caption)
        layout.addWidget(self.errors_table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.status)
        self.setFocusProxy(self.table)

    # ---- contract with the main window ------------------------------------------------------

    @staticmethod
    def visible_for(actor: Actor) -> bool:
        """The supervisor's module; clerks meet outages in the customer view and the search."""
        return allowed(actor, "outage.manage")

    def actions(self) -> list[QAction]:  # type: ignore[override]
        manage = (
            [
                self.new_action,
                self.fault_action,
                self.edit_action,
                self.end_action,
                self.cancel_action,
                self.import_action,
            ]
            if self.can_manage
            else []
        )
        return [*manage, self.important_action, self.refresh_action]

    def focus_search(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def can_close(self) -> bool:
        if self.importing:
            self._say(self.tr("正在导入停电信息，请等待完成"))
            return False
        return True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        if not self._loaded_once:
            self.refresh()

    # ---- helpers ----------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        if error:
            self.message.set_message(text)
        else:
            self.message.set_message("")
            self.status.setText(text)
        self.statusMessage.emit(text)

    def _actor(self) -> Actor:
        assert self.ctx.actor is not None
        return self.ctx.actor

    def selected(self) -> OutageView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_actions(self) -> None:
        o = self.selected()
        open_ = o is not None and o.stored_status == OutageStatus.ANNOUNCED and o.status != OutageStatus.ENDED
        for action, on in (
            (self.new_action, self.can_manage),
            (self.fault_action, self.can_manage),
            (self.edit_action, self.can_manage and open_),
            (
                self.end_action,
                self.can_manage and open_ and o is not None and o.status == OutageStatus.ACTIVE,
            ),
            (self.cancel_action, self.can_manage and o is not None and o.status == OutageStatus.ANNOUNCED),
            (self.import_action, self.can_manage and not self.importing),
            (self.important_action, o is not None),
        ):
            action.setEnabled(on)
        keys = {
            "new": self.new_action,
            "fault": self.fault_action,
            "edit": self.edit_action,
            "end": self.end_action,
            "cancel": self.cancel_action,
            "import": self.import_action,
            "important": self.important_action,
        }
        for key, button in self.buttons.items():
            button.setEnabled(keys[key].isEnabled())

    # ---- the list ---------------------------------------------------------------------------

    def refresh(self, select: object | None = None) -> None:
        if self.loading:
            return
        self.loading = True
        db, actor = self.ctx.db, self._actor()
        current = self.selected()
        keep = select if select is not None else (current.id if current is not None else None)

        def done(rows: list[OutageView]) -> None:
            self._loaded_once = True
            self.model.set_rows(rows)
            row = self.model.row_of(keep) if keep is not None else -1
            if rows:
                self.table.selectRow(max(row, 0))
            live = sum(1 for o in rows if o.status == OutageStatus.ACTIVE)
            coming = sum(1 for o in rows if o.status == OutageStatus.ANNOUNCED)
            self.summary.setText(
                fill(self.tr("停电中 %1 条，待停电 %2 条；近30天已结束的也列在下面"), live, coming)
            )
            self._update_actions()

        def idle() -> None:
            self.loading = False

        self.ctx.tasks.run(
            lambda: svc.list_outages(db, actor),
            done,
            always=idle,
            failure=Failure(label=self.message, what="listing outages"),
        )

    # ---- writing ----------------------------------------------------------------------------

    def _open_form(self, dialog: OutageDialog, done_text: str) -> None:
        if self.ctx.dialogs.run(dialog) == QDialog.DialogCode.Accepted and dialog.result_view is not None:
            view = dialog.result_view
            self._say(fill(done_text, view.outage_no))
            self.ctx.changes.announce(Change.OUTAGES, origin=self)
            self.refresh(select=view.id)
        dialog.deleteLater()

    def new_outage(self) -> None:
        if self.can_manage:
            self._open_form(OutageDialog(self.ctx, None, self), self.tr("已发布停电信息 %1"))

    def new_fault(self) -> None:
        if self.can_manage:
            dialog = OutageDialog(self.ctx, None, self)
            dialog.set_fault_now()
            self._open_form(dialog, self.tr("已登记故障停电 %1"))

    def edit_selected(self) -> None:
        o = self.selected()
        if o is not None and self.edit_action.isEnabled():
            self._open_form(OutageDialog(self.ctx, o, self), self.tr("已修改停电信息 %1"))

    def end_selected(self) -> None:
        o = self.selected()
        if o is None or not self.end_action.isEnabled():
            return
        if not self.ctx.dialogs.confirm(
            self, self.tr("登记送电"), fill(self.tr("确认 %1 已恢复送电？送电时间记为现在。"), o.outage_no)
        ):
            return
        db, actor = self.ctx.db, self._actor()
        self.ctx.tasks.run(
            lambda: svc.end_outage(db, actor, svc.EndOutage(o.id, o.version)),
            lambda v: self._written(v, self.tr("%1 已登记送电")),
            failure=Failure(
                label=self.message,
                dialogs=self.ctx.dialogs,
                parent=self,
                title=self.tr("登记送电"),
                what="ending an outage",
            ),
        )

    def cancel_selected(self) -> None:
        o = self.selected()
        if o is None or not self.cancel_action.isEnabled():
            return
        dialog = CancelDialog(o, self)
        try:
            if self.ctx.dialogs.run(dialog) != QDialog.DialogCode.Accepted:
                return
            reason = dialog.reason.text()
        finally:
            dialog.deleteLater()
        db, actor = self.ctx.db, self._actor()
        self.ctx.tasks.run(
            lambda: svc.cancel_outage(db, actor, svc.CancelOutage(o.id, o.version, reason)),
            lambda v: self._written(v, self.tr("%1 已取消")),
            failure=Failure(label=self.message, what="cancelling an outage"),
        )

    def _written(self, view: OutageView, text: str) -> None:
        self._say(fill(text, view.outage_no))
        self.ctx.changes.announce(Change.OUTAGES, origin=self)
        self.refresh(select=view.id)

    # ---- CSV import -------------------------------------------------------------------------

    def import_csv(self) -> None:
        if not self.import_action.isEnabled():
            return
        path = self.ctx.dialogs.open_file(
            self, self.tr("选择停电信息文件"), self.tr("CSV 文件 (*.csv *.txt)")
        )
        if not path:
            return
        db, actor, settings = self.ctx.db, self._actor(), self.ctx.settings
        self.importing = True
        self._update_actions()
        self._say(fill(self.tr("正在导入 %1…"), Path(path).name))

        def idle() -> None:
            self.importing = False
            self._update_actions()

        self.ctx.tasks.run(
            lambda: svc.import_outages_csv(db, actor, Path(path), settings=settings),
            self._imported,
            always=idle,
            failure=Failure(label=self.message, what="importing outages"),
        )

    def _imported(self, report: OutageImportReport) -> None:
        self.errors_model.set_rows(report.errors)
        self.errors_caption.setVisible(not report.ok)
        self.errors_table.setVisible(not report.ok)
        if report.ok:
            self.ctx.changes.announce(Change.OUTAGES, origin=self)
            self._say(
                fill(
                    self.tr("已导入 %1 条停电信息（%2 – %3）"),
                    report.imported,
                    report.numbers[0],
                    report.numbers[-1],
                )
            )
            self.refresh()
        else:
            self._say(
                fill(self.tr("导入未完成：文件中有 %1 处问题，一条也没有导入"), len(report.errors)),
                error=True,
            )

    # ---- important customers ---------------------------------------------------------------

    def show_important(self) -> None:
        o = self.selected()
        if o is None or self.important_open:
            return  # one list at a time (its own Ctrl+P prints it)
        db, actor = self.ctx.db, self._actor()
        self.important_open = True

        def done(data: ImportantCustomerList) -> None:
            dialog = ImportantDialog(self.ctx, data, self)
            try:
                self.ctx.dialogs.run(dialog)
            finally:
                dialog.deleteLater()
                self.important_open = False

        def failed() -> None:
            self.important_open = False

        self.ctx.tasks.run(
            lambda: svc.important_customers_in(db, actor, o.id),
            done,
            failure=Failure(
                label=self.message, status=lambda _m: failed(), what="listing important customers"
            ),
        )
