"""The money features of the customers module (客户模块中的电费与收费).

``CustomerMoney(ctx, module)`` adds to the customer view the tabs 账单 and 缴费记录 and the
header figures 欠费 / 违约金 / 预存 / 应缴, loads them whenever a customer opens, and provides
the module's actions:

* F6 收费 — the payment dialog for the open customer (the clerk needs an open cashier session:
  without one, 开班 is offered first);
* Ctrl+P 打印/补打收据 — the selected receipt of 缴费记录 (first press on another tab shows the
  tab with the latest receipt selected; the next press prints it).

After a payment the receipt is logged, rendered and printed (or previewed), and the tabs and
figures reload.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QBoxLayout, QDialog

from app.domain.money import format_yuan
from app.dto import CustomerView
from app.dto_money import BillView, Receipt, SessionRow
from app.services import cashier as cashier_service
from ui.billing.band import MoneyBand
from ui.billing.tab import BillsTab
from ui.context import UiContext
from ui.i18n import fill
from ui.payments.change_notice import ChangeNotice
from ui.payments.dialog import PaymentDialog
from ui.payments.tab import PaymentsTab

if TYPE_CHECKING:
    from ui.customers.module import CustomersModule

log = logging.getLogger(__name__)


class CustomerMoney(QObject):
    def __init__(self, ctx: UiContext, module: CustomersModule) -> None:
        super().__init__(module)
        self.ctx = ctx
        self.module = module
        view = module.view
        self.bills_tab = BillsTab(ctx, view)
        self.payments_tab = PaymentsTab(ctx, self._report, view)
        self.bills_index = view.tabs.addTab(self.bills_tab, self.tr("账单"))
        self.payments_index = view.tabs.addTab(self.payments_tab, self.tr("缴费记录"))
        self.band = MoneyBand(view.header)
        view.summary_row.addWidget(self.band, 0, Qt.AlignmentFlag.AlignBottom)
        self.paying = False
        self.last_dialog: PaymentDialog | None = None
        # 找零 stays under the header after the dialog closes, until Esc or the next customer.
        self.change_notice = ChangeNotice(view)
        view_layout = view.layout()
        assert isinstance(view_layout, QBoxLayout)
        view_layout.insertWidget(1, self.change_notice)

        module.customerOpened.connect(self.customer_opened)
        self.bills_tab.loaded.connect(self._bills_loaded)
        self.bills_tab.failed.connect(lambda message: self.band.set_view(None, message))
        self.payments_tab.changed.connect(self.reload)
        # An adjustment may settle bills from prepaid (an offset payment): 缴费记录 must show it.
        self.bills_tab.changed.connect(lambda: self.payments_tab.reload())
        self.payments_tab.loaded.connect(self._payments_loaded)

        self.pay_action = QAction(self.tr("收费"), module)
        self.pay_action.setObjectName("payAction")
        self.pay_action.setShortcut(QKeySequence(Qt.Key.Key_F6))
        self.pay_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.pay_action.setStatusTip(self.tr("为当前客户收费（现金、银行卡、扫码、转账）"))
        self.pay_action.triggered.connect(lambda _checked=False: self.take_payment())
        self.print_action = QAction(self.tr("打印/补打收据"), module)
        self.print_action.setObjectName("reprintAction")
        self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.print_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.print_action.setStatusTip(self.tr("打印缴费记录中选中的收据（再次打印标记为补打）"))
        self.print_action.triggered.connect(lambda _checked=False: self.print_receipt())

    def actions(self) -> list[QAction]:
        return [self.pay_action, self.print_action]

    # -- loading -----------------------------------------------------------------------
    def customer_opened(self, view: CustomerView) -> None:
        self.change_notice.clear()  # the next customer
        if self.bills_tab.customer_id != view.id:
            self.band.set_view(None)
            self.module.view.tabs.setTabText(self.bills_index, self.tr("账单"))
            self.module.view.tabs.setTabText(self.payments_index, self.tr("缴费记录"))
        self.bills_tab.address = view.supply_address
        self.bills_tab.load(view.id)
        self.payments_tab.load(view.id)

    def reload(self) -> None:
        self.bills_tab.reload()
        self.payments_tab.reload()

    def _bills_loaded(self, view: BillView) -> None:
        self.band.set_view(view)
        open_count = sum(1 for b in view.bills if b.outstanding_fen > 0)
        text = fill(self.tr("账单 (%1)"), len(view.bills))
        if open_count:
            text = fill(self.tr("账单 (%1，欠%2)"), len(view.bills), open_count)
        self.module.view.tabs.setTabText(self.bills_index, text)

    def _payments_loaded(self, rows: list[object]) -> None:
        self.module.view.tabs.setTabText(self.payments_index, fill(self.tr("缴费记录 (%1)"), len(rows)))

    def _report(self, text: str, error: bool = False) -> None:
        self.module.show_status(text, error=error)

    # -- F6 收费 -----------------------------------------------------------------------
    def take_payment(self) -> None:
        customer = self.module.current_customer()
        if customer is None:
            self._report(self.tr("请先查询并打开客户，再按 F6 收费"), True)
            return
        if self.paying:
            return
        if customer.status == "closed":
            self._report(fill(self.tr("户号 %1 已销户，不能收费"), customer.account_no), True)
            return
        self.paying = True
        self.change_notice.clear()  # the next payment
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(lambda: cashier_service.current_session(ctx.db, actor),
                           lambda session: self._session_checked(customer, session),
                           lambda exc: self._session_check_failed(customer, exc))

    def _session_check_failed(self, customer: CustomerView, exc: BaseException) -> None:
        if not isinstance(exc, NotImplementedError):
            log.warning("checking the cashier session failed: %s", exc)
        # The service checks it again when posting, and says 请先开班 if needed.
        self._session_checked(customer, None, checked=False)

    def _session_checked(self, customer: CustomerView, session: SessionRow | None, checked: bool = True) -> None:
        if checked and session is None and not self._open_session():
            self.paying = False
            return
        try:
            self._run_payment_dialog(customer)
        finally:
            self.paying = False

    def _open_session(self) -> bool:
        """No open session: offer 开班 (the cashier module's dialog) before taking money."""
        title = self.tr("尚未开班")
        try:
            from ui.cashier.open_dialog import OpenSessionDialog
        except ImportError:
            self.ctx.dialogs.info(self.module, title, self.tr("请先开班（按 F7 开班）"))
            self._report(self.tr("请先开班（按 F7 开班）"), True)
            return False
        choice = self.ctx.dialogs.choose(self.module, title, self.tr(
            "您还没有打开收费班次，收费前需要先开班并登记备用金。"), [self.tr("现在开班"), self.tr("取消")])
        if choice != 0:
            self._report(self.tr("请先开班（按 F7 开班）"), True)
            return False
        dialog = OpenSessionDialog(self.ctx, self.module)
        try:
            accepted = self.ctx.dialogs.run(dialog) == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if not accepted:
            self._report(self.tr("请先开班（按 F7 开班）"), True)
        return accepted

    def _run_payment_dialog(self, customer: CustomerView) -> None:
        bills = self.bills_tab.view if self.bills_tab.customer_id == customer.id else None
        dialog = PaymentDialog(self.ctx, customer, bills, self.module)
        self.last_dialog = dialog
        try:
            self.ctx.dialogs.run(dialog)
            receipt = dialog.receipt
            change = dialog.entry().change_fen if receipt is not None else None
            attempted = dialog.post_attempts > 0
        finally:
            dialog.deleteLater()
        if receipt is None:
            if attempted:  # refused (e.g. 应缴 changed meanwhile) or unanswered: show the books as they are now
                self.bills_tab.reload()
                self.payments_tab.reload()
            self.module.search.focus(select_all=True)
            return
        self._paid(receipt, change)

    def _paid(self, receipt: Receipt, change: int | None) -> None:
        parts = [fill(self.tr("已收费 %1"), format_yuan(receipt.amount_fen))]
        if receipt.change_fen or change:
            parts.append(fill(self.tr("找零 %1"), format_yuan(receipt.change_fen)))
        parts.append(fill(self.tr("收据 %1"), receipt.receipt_no))
        self._report("，".join(parts), False)
        self.change_notice.show_receipt(receipt)
        self.module.search.focus(select_all=True)  # ready for the next customer (and Esc clears 找零)
        self.bills_tab.reload()
        self.payments_tab.reload(select=receipt.payment_id)
        self.payments_tab.printer.issue(receipt.payment_id, receipt)

    # -- Ctrl+P 补打 -------------------------------------------------------------------
    def print_receipt(self) -> None:
        if self.module.current_customer() is None:
            self._report(self.tr("请先查询并打开客户，再在缴费记录中选择收据"), True)
            return
        tabs = self.module.view.tabs
        if tabs.currentWidget() is not self.payments_tab or self.payments_tab.selected() is None:
            tabs.setCurrentWidget(self.payments_tab)
            if self.payments_tab.selected() is None and not self.payments_tab.select_first():
                self._report(self.tr("该客户暂无可打印的收据"), True)
                return
            self.payments_tab.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._report(fill(self.tr("已选中收据 %1，再按 Ctrl+P 打印"),
                self.payments_tab.selected().receipt_no), False)  # type: ignore[union-attr]
            return
        self.payments_tab.reprint_selected()
