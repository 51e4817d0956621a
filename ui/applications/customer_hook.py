"""The customer's service applications in the customer view (业务 tab), plugged in through its
host interface (ui/customers/host.py) by the main window.

``CustomerApplications(ctx, host, take_payment)`` adds the tab 业务 after 缴费记录, titled with
the count (业务 (3)), loads it whenever a customer opens and reloads it when another screen
announces ``Change.APPLICATIONS`` for that customer (ui/changes.py). F9 业务受理 opens the accept
form (ui/applications/accept_dialog.py) for the customer shown, or for a new customer when none
is; ``take_payment`` (the payments feature's F6, handed in by the main window) is its 先收费.
Enter or a double click on a row opens the application (ui/applications/detail.py).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from app.domain.codes import ApplicationStatus
from app.dto.applications import ApplicationRow
from app.dto.customers import CustomerView
from app.services.application_reads import applications_of_customer
from app.services.permissions import allowed
from ui.applications.accept_dialog import TakePayment, accept_application_dialog
from ui.applications.detail import ApplicationDetailDialog
from ui.applications.models import ApplicationColumn, ApplicationsModel
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.host import CustomerHost
from ui.i18n import fill
from ui.palette import restyle
from ui.tables import ForegroundDelegate, fit_columns, make_table
from ui.tasks import Failure
from ui.widgets import alive

#: where 业务 sits among the customer view's tabs (ui/customers/host.py): after 缴费记录 (30)
APPLICATIONS_ORDER = 40


class ApplicationsTab(QWidget):
    """A summary line over the table of the customer's applications."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicationsTab")
        self.summary = QLabel(self)
        self.summary.setObjectName("applicationsSummary")
        self.summary.setProperty("role", "muted")
        self.model = ApplicationsModel(self)
        self.table = make_table(self, "applicationsTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))  # the 期限 colours under qt-material
        self.table.horizontalHeader().setSectionResizeMode(
            ApplicationColumn.ACCEPTED_BY, QHeaderView.ResizeMode.Stretch
        )
        fit_columns(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)


class CustomerApplications(QObject):
    def __init__(self, ctx: UiContext, host: CustomerHost, take_payment: TakePayment | None = None) -> None:
        super().__init__(host)  # lives as long as the host: the main window keeps no reference
        self.ctx = ctx
        self.host = host
        self.take_payment = take_payment
        self.customer_id: uuid.UUID | None = None
        self._generation = 0
        self.page = ApplicationsTab(host.widget)
        self.model = self.page.model
        self.tab = host.add_tab(self.page, self.tr("业务"), order=APPLICATIONS_ORDER)
        host.customerChanged.connect(self.customer_opened)
        ctx.changes.changed.connect(self._data_changed)

        self.accept_action = QAction(self.tr("业务受理"), host.widget)
        self.accept_action.setObjectName("acceptApplicationAction")
        self.accept_action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        self.accept_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.accept_action.setStatusTip(self.tr("为当前客户受理业务申请（未打开客户时受理新装、临时用电）"))
        self.accept_action.triggered.connect(lambda _checked=False: self.accept_application())
        host.add_actions(self.accept_action)
        self.page.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.page.table.installEventFilter(self)

    # -- opening one -------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if watched is self.page.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.page.table.currentIndex().isValid():
            row = self.page.table.currentIndex().row()
            # after the key event returns, not inside it (see ui/applications/module.py)
            QTimer.singleShot(0, self, lambda: self.open_row(row) if alive(self.page) else None)
            return True
        return super().eventFilter(watched, event)

    def open_row(self, row: int) -> None:
        """The application screen over the customer view (completing a 新装 needs the host)."""
        found = self.model.row_at(row)
        if found is None:
            return
        dialog = ApplicationDetailDialog(self.ctx, self.host.widget, found.id, registration=self.host)
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()

    # -- F9 业务受理 ------------------------------------------------------------------------
    def accept_application(self, type_code: str | None = None) -> None:
        """The accept form for the customer shown (None: a new customer's 新装 / 临时用电), on
        ``type_code`` when given (the usage insights offer 计量装置校验: ``meter_test``)."""
        actor = self.ctx.actor
        if actor is None or not allowed(actor, "application.accept"):  # the service refuses it too
            self._report(self.tr("当前角色无权受理业务（营业员、值班长可以受理）"), True)
            return
        accept_application_dialog(
            self.ctx,
            self.host.widget,
            self.host.current_customer(),
            self.take_payment,
            self._report,
            type_code,
            served_since=self.host.served_since(),
        )

    def _report(self, text: str, error: bool = False) -> None:
        self.host.report(text, error=error)

    # -- loading -----------------------------------------------------------------------
    def customer_opened(self, view: CustomerView) -> None:
        if view.id != self.customer_id:
            self.model.set_rows([])
            self.page.summary.setText("")
            self.tab.set_title(self.tr("业务"))
        self.load(view.id)

    def load(self, customer_id: uuid.UUID) -> None:
        self._generation += 1
        generation = self._generation
        self.customer_id = customer_id
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: applications_of_customer(db, actor, customer_id),
            lambda rows: self._loaded(generation, rows),
            stale=lambda: not alive(self.page) or generation != self._generation,
            failure=Failure(status=self._show_failed, what="reading the customer's applications"),
        )

    def reload(self) -> None:
        if self.customer_id is not None:
            self.load(self.customer_id)

    def _data_changed(self, changes: Changes) -> None:
        if self.customer_id is not None and changes.touches(Change.APPLICATIONS, self.customer_id):
            self.reload()

    def _loaded(self, generation: int, rows: list[ApplicationRow]) -> None:
        if not alive(self.page) or generation != self._generation:
            return
        self.model.set_rows(rows)
        fit_columns(self.page.table)
        self.tab.set_title(fill(self.tr("业务 (%1)"), len(rows)))
        restyle(self.page.summary, role="muted", strong=False)
        if not rows:
            self.page.summary.setText(self.tr("该客户暂无业务申请"))
            return
        open_rows = [
            r for r in rows if r.status in (ApplicationStatus.IN_PROGRESS, ApplicationStatus.SUSPENDED)
        ]
        self.page.summary.setText(fill(self.tr("共 %1 笔业务，在办 %2 笔"), len(rows), len(open_rows)))

    def _show_failed(self, message: str) -> None:
        """Where a failed read shows: the summary line."""
        restyle(self.page.summary, role="error", strong=True)
        self.page.summary.setText(message)
