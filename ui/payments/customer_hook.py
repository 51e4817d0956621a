"""Payments in the customer view (客户视图中的收费), plugged in through its host interface
(ui/customers/host.py) by the main window.

``CustomerPayments(ctx, host, bills, open_session)`` adds to the customer view the tab 缴费记录
and the 找零 notice under the header, loads the tab whenever a customer opens, and provides
the module's actions:

* F6 收费 — the payment dialog for the open customer (the clerk needs an open cashier session:
  without one, 开班 is offered first);
* Ctrl+P 打印/补打收据 — the selected receipt of 缴费记录 (first press on another tab shows the
  tab with the latest receipt selected; the next press prints it).

After a payment the receipt is logged, rendered and printed (or previewed). Payments,
reversals and refunds are announced on ``ctx.changes`` (bills, payments, session), so the bills
tab and the header figures (ui/billing/customer_hook.py) reload themselves; this tab reloads
when another screen announces a change of payments (an adjustment's offset).

With a customer display (``ctx.customer_display``, ui/customer_facing.py) the payment dialog
feeds it as the clerk types; after the commit it shows the payment done, and once the receipt is
out the customer is asked for the satisfaction rating (docs/rules.md#satisfaction-rating).

``bills`` (the bills plug-in) gives the payment dialog the bills already on screen;
``open_session(parent)`` is the cashier's 开班 dialog (ui/cashier/open_dialog.py), offered when
the clerk has no open session; without it the clerk is told to press F7.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.domain.codes import CustomerStatus, RatingKind
from app.dto.billing import BillView
from app.dto.cashier import SessionRow
from app.dto.customers import CustomerView
from app.dto.payments import Receipt
from app.services import cashier as cashier_service
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customer_facing import DoneTransaction
from ui.customers.host import CustomerHost
from ui.formatting import yuan
from ui.i18n import fill
from ui.payments.change_notice import ChangeNotice
from ui.payments.dialog import PaymentDialog
from ui.payments.tab import PaymentsTab

log = logging.getLogger(__name__)

#: where 缴费记录 sits among the customer view's tabs (ui/customers/host.py)
PAYMENTS_ORDER = 30

#: the cashier's 开班 dialog: True when a session was opened
OpenSession = Callable[[QWidget], bool]


class BillsOnScreen(Protocol):
    """What payments needs of the bills feature (ui/billing/customer_hook.CustomerBills): the
    bills already on screen, so the payment dialog opens without reading them again. A protocol,
    so payments does not import billing's UI."""

    def bills_of(self, customer: CustomerView) -> BillView | None: ...


class CustomerPayments(QObject):
    def __init__(self, ctx: UiContext, host: CustomerHost, bills: BillsOnScreen | None = None,
                 open_session: OpenSession | None = None) -> None:
        super().__init__(host)
        self.ctx = ctx
        self.host = host
        self.bills = bills
        self.open_session = open_session
        module = host.widget
        self.payments_tab = PaymentsTab(ctx, self._report, module)
        self.tab = host.add_tab(self.payments_tab, self.tr("缴费记录"), order=PAYMENTS_ORDER)
        self.paying = False
        self.last_dialog: PaymentDialog | None = None
        # 找零 stays under the header after the dialog closes, until Esc or the next customer.
        self.change_notice = ChangeNotice(module)
        host.add_notice(self.change_notice)

        host.customerChanged.connect(self.customer_opened)
        # A reversal or refund: the bills and the figures move too (everyone reloads, this tab included).
        self.payments_tab.changed.connect(lambda: self._announce(Change.PAYMENTS, Change.BILLS, Change.SESSION))
        self.payments_tab.loaded.connect(self._payments_loaded)
        ctx.changes.changed.connect(self._data_changed)

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
        host.add_actions(self.pay_action, self.print_action)

    @property
    def payments_index(self) -> int:
        return self.tab.index

    # -- loading -----------------------------------------------------------------------
    def customer_opened(self, view: CustomerView) -> None:
        if self.payments_tab.customer_id != view.id:
            self.change_notice.clear()  # the next customer; a refresh of this one keeps 找零
            self.tab.set_title(self.tr("缴费记录"))
        self.payments_tab.load(view.id)

    def _announce(self, *kinds: Change, origin: object | None = None) -> None:
        self.ctx.changes.announce(*kinds, customer_id=self.payments_tab.customer_id, origin=origin)

    def _data_changed(self, changes: Changes) -> None:
        if changes.origin is self or self.payments_tab.customer_id is None:
            return
        if changes.touches(Change.PAYMENTS, self.payments_tab.customer_id):
            self.payments_tab.reload()

    def _payments_loaded(self, rows: list[object]) -> None:
        self.tab.set_title(fill(self.tr("缴费记录 (%1)"), len(rows)))

    def _report(self, text: str, error: bool = False) -> None:
        self.host.report(text, error=error)

    # -- F6 收费 -----------------------------------------------------------------------
    def take_payment(self) -> None:
        customer = self.host.current_customer()
        if customer is None:
            self._report(self.tr("请先查询并打开客户，再按 F6 收费"), True)
            return
        if self.paying:
            return
        if customer.status == CustomerStatus.CLOSED:
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
        parent = self.host.widget
        if self.open_session is None:
            self.ctx.dialogs.info(parent, title, self.tr("请先开班（按 F7 开班）"))
            self._report(self.tr("请先开班（按 F7 开班）"), True)
            return False
        choice = self.ctx.dialogs.choose(parent, title, self.tr(
            "您还没有打开收费班次，收费前需要先开班并登记备用金。"), [self.tr("现在开班"), self.tr("取消")])
        if choice != 0:
            self._report(self.tr("请先开班（按 F7 开班）"), True)
            return False
        accepted = self.open_session(parent)
        if accepted:
            self.ctx.changes.announce(Change.SESSION, origin=self)
        else:
            self._report(self.tr("请先开班（按 F7 开班）"), True)
        return accepted

    def _run_payment_dialog(self, customer: CustomerView) -> None:
        bills = self.bills.bills_of(customer) if self.bills is not None else None
        dialog = PaymentDialog(self.ctx, customer, bills, self.host.widget)
        dialog.served_since = self.host.served_since(customer.id)  # the customer paid for
        self.last_dialog = dialog
        try:
            self.ctx.dialogs.run(dialog)
            receipt = dialog.receipt
            change = dialog.entry().change_fen if receipt is not None else None
            attempted = dialog.post_attempts > 0
        finally:
            dialog.deleteLater()
        if receipt is None:
            if self.ctx.customer_display is not None:
                self.ctx.customer_display.idle()
            if attempted:  # refused (e.g. 应缴 changed meanwhile) or unanswered: show the books as they are now
                self._announce(Change.BILLS, Change.PAYMENTS)
            self.host.return_to_search()
            return
        self._paid(receipt, change)

    def _paid(self, receipt: Receipt, change: int | None) -> None:
        parts = [fill(self.tr("已收费 %1"), yuan(receipt.amount_fen))]
        if receipt.change_fen or change:
            parts.append(fill(self.tr("找零 %1"), yuan(receipt.change_fen)))
        parts.append(fill(self.tr("收据 %1"), receipt.receipt_no))
        self._report("，".join(parts), False)
        self.change_notice.show_receipt(receipt)
        self.host.return_to_search()  # ready for the next customer (and Esc clears 找零)
        # The bills and figures reload on the announcement; this tab reloads with the new receipt selected.
        self._announce(Change.PAYMENTS, Change.BILLS, Change.SESSION, origin=self)
        self.payments_tab.reload(select=receipt.payment_id)
        self._ask_rating_after_printing(receipt)
        self.payments_tab.printer.issue(receipt.payment_id, receipt)

    def _ask_rating_after_printing(self, receipt: Receipt) -> None:
        """The customer display shows the payment done; the rating is asked once the receipt is
        out (docs/rules.md#satisfaction-rating), so the clerk's preview and the rating dialog
        never stack."""
        display = self.ctx.customer_display
        if display is None:
            return
        done = DoneTransaction(RatingKind.PAYMENT, receipt.payment_id, receipt.receipt_no, receipt.customer_name,
                               amount_fen=receipt.amount_fen, tendered_fen=receipt.tendered_fen,
                               change_fen=receipt.change_fen)
        display.show_done(done)
        printer = self.payments_tab.printer

        def printed() -> None:
            printer.finished.disconnect(printed)
            display.ask_rating(done, self.host.widget)

        if printer.busy:  # another copy is still going out: this one is not issued, ask now
            display.ask_rating(done, self.host.widget)
        else:
            printer.finished.connect(printed)

    # -- Ctrl+P 补打 -------------------------------------------------------------------
    def print_receipt(self) -> None:
        if self.host.current_customer() is None:
            self._report(self.tr("请先查询并打开客户，再在缴费记录中选择收据"), True)
            return
        if not self.tab.is_current() or self.payments_tab.selected() is None:
            self.tab.show()
            if self.payments_tab.selected() is None and not self.payments_tab.select_first():
                self._report(self.tr("该客户暂无可打印的收据"), True)
                return
            self.payments_tab.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._report(fill(self.tr("已选中收据 %1，再按 Ctrl+P 打印"),
                self.payments_tab.selected().receipt_no), False)  # type: ignore[union-attr]
            return
        self.payments_tab.reprint_selected()
