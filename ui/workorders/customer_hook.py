"""The customer's work orders in the customer view (工单 tab) and the intake key, plugged in through
its host interface (ui/customers/host.py) by the main window.

``CustomerWorkOrders(ctx, host)`` adds the tab 工单 after 业务, titled with the count (工单 (2)),
loads it whenever a customer opens (``work_orders_of_customer``) and reloads it when another
screen announces ``Change.WORK_ORDERS`` for that customer. **F11 登记诉求** opens the intake form
(ui/workorders/intake_dialog.py) with the open customer linked (none open: no customer).
Enter or a double click on a row opens the order (ui/workorders/detail.py).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from app.domain.codes import WorkOrderStatus
from app.dto.customers import CustomerView
from app.dto.workorders import WorkOrderRow
from app.services.permissions import allowed
from app.services.workorder_reads import work_orders_of_customer
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.host import CustomerHost
from ui.i18n import fill
from ui.palette import restyle
from ui.tables import ForegroundDelegate, fit_columns, make_table
from ui.tasks import Failure
from ui.widgets import alive
from ui.workorders.detail import WorkOrderDetailDialog
from ui.workorders.intake_dialog import record_work_order_dialog
from ui.workorders.models import LIST_COLUMNS, WorkOrdersModel

#: where 工单 sits among the customer view's tabs: after 业务 (40)
WORK_ORDERS_ORDER = 50
#: the intake key in the customer view (F2 F3 F4 F6 F9 are taken there; F7 / F8 everywhere)
INTAKE_KEY = Qt.Key.Key_F11


class WorkOrdersTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workOrdersTab")
        self.summary = QLabel(self)
        self.summary.setObjectName("workOrdersTabSummary")
        self.summary.setProperty("role", "muted")
        self.model = WorkOrdersModel(self)
        self.table = make_table(self, "customerWorkOrdersTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))
        self.table.horizontalHeader().setSectionResizeMode(
            LIST_COLUMNS.index("category"), QHeaderView.ResizeMode.Stretch
        )
        self.table.setColumnHidden(LIST_COLUMNS.index("customer"), True)  # the customer is the one open
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)


class CustomerWorkOrders(QObject):
    def __init__(self, ctx: UiContext, host: CustomerHost) -> None:
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.customer_id: uuid.UUID | None = None
        self._generation = 0
        self.page = WorkOrdersTab(host.widget)
        self.model = self.page.model
        self.tab = host.add_tab(self.page, self.tr("工单"), order=WORK_ORDERS_ORDER)
        host.customerChanged.connect(self.customer_opened)
        ctx.changes.changed.connect(self._data_changed)

        self.intake_action = QAction(self.tr("登记诉求"), host.widget)
        self.intake_action.setObjectName("recordWorkOrderAction")
        self.intake_action.setShortcut(QKeySequence(INTAKE_KEY))
        self.intake_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.intake_action.setStatusTip(self.tr("为当前客户登记投诉、举报、意见建议、表扬、咨询或故障报修"))
        self.intake_action.triggered.connect(lambda _checked=False: self.record_work_order())
        host.add_actions(self.intake_action)
        self.page.table.doubleClicked.connect(lambda index: self._open_later(index.row()))
        self.page.table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if (
            watched is self.page.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.page.table.currentIndex().isValid()
        ):
            self._open_later(self.page.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def _open_later(self, row: int) -> None:
        """Open it once the key or click is handled: a modal flow (nested event loops, writes on
        the task runner) run inside an event filter crashed PySide later (a corrupted object
        found by the garbage collector)."""
        QTimer.singleShot(0, self, lambda: self.open_row(row) if alive(self.page) else None)

    def open_row(self, row: int) -> None:
        found = self.model.row_at(row)
        if found is None:
            return
        dialog = WorkOrderDetailDialog(self.ctx, self.host.widget, found.id)
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()

    # -- F11 登记诉求 -----------------------------------------------------------------------
    def record_work_order(self, customer: CustomerView | None = None, order_type: str | None = None) -> None:
        """The intake form for ``customer`` (default: the one shown; none: no customer linked)."""
        actor = self.ctx.actor
        if actor is None or not allowed(actor, "workorder.record"):  # the service refuses it too
            self._report(self.tr("当前角色无权登记诉求（营业员、值班长可以登记）"), True)
            return
        record_work_order_dialog(
            self.ctx,
            self.host.widget,
            customer or self.host.current_customer(),
            self._report,
            order_type,
        )

    def _report(self, text: str, error: bool = False) -> None:
        self.host.report(text, error=error)

    # -- loading -----------------------------------------------------------------------
    def customer_opened(self, view: CustomerView) -> None:
        if view.id != self.customer_id:
            self.model.set_rows([])
            self.page.summary.setText("")
            self.tab.set_title(self.tr("工单"))
        self.load(view.id)

    def load(self, customer_id: uuid.UUID) -> None:
        self._generation += 1
        generation = self._generation
        self.customer_id = customer_id
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: work_orders_of_customer(db, actor, customer_id),
            lambda rows: self._loaded(generation, rows),
            stale=lambda: not alive(self.page) or generation != self._generation,
            failure=Failure(status=self._show_failed, what="reading the customer's work orders"),
        )

    def _data_changed(self, changes: Changes) -> None:
        if self.customer_id is not None and changes.touches(Change.WORK_ORDERS, self.customer_id):
            self.load(self.customer_id)

    def _loaded(self, generation: int, rows: list[WorkOrderRow]) -> None:
        if not alive(self.page) or generation != self._generation:
            return
        self.model.set_rows(rows)
        fit_columns(self.page.table)
        self.tab.set_title(fill(self.tr("工单 (%1)"), len(rows)))
        restyle(self.page.summary, role="muted", strong=False)
        if not rows:
            self.page.summary.setText(self.tr("该客户暂无诉求工单（F11 登记诉求）"))
            return
        open_rows = [r for r in rows if r.status == WorkOrderStatus.OPEN]
        self.page.summary.setText(fill(self.tr("共 %1 件工单，在办 %2 件"), len(rows), len(open_rows)))

    def _show_failed(self, message: str) -> None:
        restyle(self.page.summary, role="error", strong=True)
        self.page.summary.setText(message)
