"""The customers module (客户): search bar on top; results, customer view or form below.

Contract with the main window: ``CustomersModule(ctx)``, ``focus_search()``, ``actions()``
(F2 查询客户, F3 新建客户, F4 编辑档案, shortcuts already set) and ``scan(code)`` (a scanner's
burst caught elsewhere in the window).

Focus returns to the search box, text selected, whenever a customer is done or opened
(after a save, after closing a view), so the next scan or name replaces it at once.
While a form is open the search box is disabled: the form's Esc (or F2) leaves it first.

The customer view's tabs (基本信息 / 变更记录, then those other modules add: 账单 / 缴费记录 …)
are reached from anywhere in the module, the search box included: Alt+1…Alt+9 pick a tab,
Ctrl+PgDown / Ctrl+PgUp step through them (each tab's tooltip says so). They are module-local
shortcuts, not ``actions()``: they are only live while the focus is inside this module, so no
other module's keys can collide.

Other modules plug into the customer view through ``self.host`` (ui/customers/host.py), wired
by the main window; this package imports none of them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.domain.errors import NotFound
from app.domain.text import is_cjk
from app.dto.common import Actor
from app.dto.customers import CustomerView, HistoryEntry
from app.services.customers import (
    CustomerInput,
    RegisterCustomer,
    customer_history,
    get_customer,
    get_customer_by_account,
)
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.form import CustomerForm
from ui.customers.host import BASIC_ORDER, HISTORY_ORDER, CustomerHost, CustomerTab
from ui.customers.registration_dialog import RegistrationDialog
from ui.customers.search_panel import SearchPanel
from ui.customers.view import CustomerViewWidget
from ui.drafts import Draft
from ui.i18n import fill
from ui.tasks import Failure

if TYPE_CHECKING:
    # Only a type for annotations: ui/ never imports db/ at run time (tests/test_layers.py).
    from db.engine import Database

log = logging.getLogger(__name__)

Fetch = Callable[["Database", Actor], CustomerView | None]


class CustomersModule(QWidget):
    #: a short message for the main window's status bar (also shown in the module)
    statusMessage = Signal(str)
    #: a customer view was opened (CustomerView) — features follow it through ``host.customerChanged``
    customerOpened = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customersModule")
        self.ctx = ctx
        self.form: CustomerForm | None = None
        self._page_before_form: QWidget | None = None
        self._open_generation = 0
        self._refresh_generation = 0  # refreshes of the shown customer (see _data_changed)

        self._build_search()
        self._build_pages()
        self._layout()
        self._connect()
        self.setFocusProxy(self.search.box)
        ctx.changes.changed.connect(self._data_changed)

    def _build_search(self) -> None:
        """The search panel with 新建客户 (F3) beside the box and the module's message line under it."""
        self.search = SearchPanel(self.ctx, self)
        self.new_button = QPushButton(self.tr("新建客户 (F3)"), self)
        self.new_button.setObjectName("newCustomerButton")
        self.new_button.setMinimumHeight(38)
        self.new_button.clicked.connect(self.new_customer)
        self.new_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.search.row.addWidget(self.new_button)
        self.message = QLabel(self)
        self.message.setObjectName("moduleMessage")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.search.info.insertWidget(1, self.message)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(20000)
        self._message_timer.timeout.connect(lambda: self.message.setText(""))

    def _build_pages(self) -> None:
        """The customer view with its host (where features plug in), stacked with the results."""
        self.view = CustomerViewWidget(self)
        self.host = CustomerHost(self, self)  # other modules' tabs, figures and actions (the main window plugs them)
        self.customerOpened.connect(self.host.customerChanged)
        for index, order in ((0, BASIC_ORDER), (1, HISTORY_ORDER)):  # 基本信息, 变更记录
            page = self.view.tabs.widget(index)
            assert page is not None
            self.host.register_own_tab(page, order)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.search.results)
        self.stack.addWidget(self.view)
        # back on the search results (Esc, a new search): the visit is over; opening the same
        # customer again later is a new visit with its own handling time
        self.stack.currentChanged.connect(
            lambda _i: self.host.customer_left() if self.stack.currentWidget() is self.search.results else None
        )

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self.search)
        layout.addWidget(self.stack, 1)

    def _connect(self) -> None:
        """Search and view signals, the F-key actions and the tab shortcuts."""
        self.search.openCustomer.connect(self.open_customer)
        self.search.openAccount.connect(self.open_account)
        self.search.userTyped.connect(self._user_typed)
        self.search.cleared.connect(self._show_results)
        self.view.editRequested.connect(self.edit_current)
        self.view.closeRequested.connect(self.close_view)

        self._actions = self._make_actions()
        self.addActions(self._actions)
        self._make_tab_shortcuts()

    # -- contract with the main window -------------------------------------------------
    def _make_actions(self) -> list[QAction]:
        def action(text: str, key: Qt.Key, slot: Callable[[], None], tip: str) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setStatusTip(tip)
            act.triggered.connect(lambda _checked=False: slot())
            return act

        self.search_action = action(self.tr("查询客户"), Qt.Key.Key_F2, self.focus_search,
                                    self.tr("光标回到查询框（可直接扫码）"))
        self.new_action = action(self.tr("新建客户"), Qt.Key.Key_F3, self.new_customer, self.tr("客户建档"))
        self.edit_action = action(self.tr("编辑档案"), Qt.Key.Key_F4, self.edit_current,
                                  self.tr("修改当前打开的客户档案"))
        return [self.search_action, self.new_action, self.edit_action]

    def _make_tab_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.tab_shortcuts: list[QShortcut] = []
        self._alt_shortcuts = 0
        self._own_tab_keys: dict[int, str] = {}  # id(tab widget) -> a feature's own key for it
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self, context=context)
            shortcut.activated.connect(lambda s=step: self.step_tab(s))
            self.tab_shortcuts.append(shortcut)
        self._sync_tab_shortcuts()

    def _sync_tab_shortcuts(self) -> None:
        """Alt+N for every tab up to the ninth, and each tab's tooltip saying its keys."""
        tabs = self.view.tabs
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        while self._alt_shortcuts < min(tabs.count(), 9):
            index = self._alt_shortcuts
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self, context=context)
            shortcut.activated.connect(lambda i=index: self.show_tab(i))
            self.tab_shortcuts.append(shortcut)
            self._alt_shortcuts += 1
        for index in range(min(tabs.count(), 9)):
            tip = fill(self.tr("Alt+%1　·　Ctrl+PgDown / Ctrl+PgUp：下一个 / 上一个标签页"), index + 1)
            own = self._own_tab_keys.get(id(tabs.widget(index)))
            tabs.setTabToolTip(index, f"{own}　·　{tip}" if own else tip)

    def tabs_changed(self, tab: CustomerTab, shortcut: str | None) -> None:
        """The host added ``tab`` (with a key of its own, maybe)."""
        if shortcut:
            key = QShortcut(QKeySequence(shortcut), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            key.activated.connect(lambda t=tab: self.show_tab(t.index))
            self.tab_shortcuts.append(key)
            self._own_tab_keys[id(tab.widget)] = shortcut
        self._sync_tab_shortcuts()

    def add_feature_actions(self, actions: Sequence[QAction]) -> None:
        """A plugged-in feature's actions (F6 收费 …): in ``actions()`` with the module's own."""
        self._actions.extend(actions)
        self.addActions(list(actions))

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return list(self._actions)

    def collect_registration(self, parent: QWidget, prefill: CustomerInput,
                             locked: Sequence[str] = ()) -> RegisterCustomer | None:
        """The host's ``collect_registration``: the registration form in a dialog (see
        ui/customers/registration_dialog.py)."""
        dialog = RegistrationDialog(self.ctx, parent, prefill, locked)
        try:
            accepted = self.ctx.dialogs.run(dialog) == QDialog.DialogCode.Accepted
            return dialog.registration if accepted else None
        finally:
            dialog.deleteLater()

    def can_close(self) -> bool:
        """Asked by the main window before log-out or quit: an unsaved form may object."""
        return self.form is None or self.form.confirm_leave()

    def scan(self, code: str) -> None:
        """A barcode scanner's burst caught outside the search box (the main window's
        ScannerFilter): the code goes into the search box as if scanned there."""
        if self.form is not None:
            if not self.form.confirm_leave():
                return
            self._close_form(refocus=False)
        self.search.focus(select_all=True)
        self.search.submit(code)

    def focus_search(self) -> None:
        if self.form is not None:
            if not self.form.confirm_leave():
                return
            self._close_form()
        self.search.focus(select_all=True)

    # -- opening customers -------------------------------------------------------------
    def open_customer(self, customer_id: uuid.UUID, message: str = "", then_edit: bool = False) -> None:
        self._load(lambda db, actor: get_customer(db, actor, customer_id), message=message, then_edit=then_edit)

    def open_account(self, account_no: str) -> None:
        def fetch(db: Database, actor: Actor) -> CustomerView | None:
            return get_customer_by_account(db, actor, account_no)

        self._load(fetch, not_found=account_no)

    def _load(self, fetch: Fetch, *, message: str = "", not_found: str | None = None,
              then_edit: bool = False) -> None:
        self._open_generation += 1
        gen = self._open_generation
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None

        def work() -> tuple[CustomerView | None, list[HistoryEntry]]:
            view = fetch(db, actor)
            return (view, customer_history(db, actor, view.id)) if view is not None else (None, [])

        self.ctx.tasks.run(work, lambda result: self._loaded(gen, result, message, not_found, then_edit),
                           stale=lambda: gen != self._open_generation,  # a later customer was asked for
                           failure=self._load_failure())

    def _loaded(self, gen: int, result: tuple[CustomerView | None, list[HistoryEntry]], message: str,
                not_found: str | None, then_edit: bool) -> None:
        if gen != self._open_generation:
            return  # the clerk has moved on (typed, or opened another customer)
        view, history = result
        if view is None:
            # Not an account after all (a mobile number is 11 digits too): search it, and open
            # the first hit as Enter on any other text would.
            self._show_results()
            self.search.search_now(open_first=True)
            return
        if self.form is not None:
            self._close_form(refocus=False)
        self.view.set_customer(view, history)
        self.stack.setCurrentWidget(self.view)
        self.customerOpened.emit(view)
        self.search.show_message(fill(self.tr("当前客户：%1　%2　（Esc 清空，继续查询或扫码下一位）"),
            view.account_no, view.name))
        if message:
            self.show_status(message)
        if then_edit:
            self.edit_current()
        else:
            self.search.focus(select_all=True)

    def _load_failure(self) -> Failure:
        """A customer that could not be read: the status line says why."""
        return Failure(status=lambda text: self.show_status(text, error=True), what="opening a customer")

    def return_to_search(self) -> None:
        """After a feature's work (a payment): the search box, text selected, for the next customer."""
        self.search.focus(select_all=True)

    def close_view(self) -> None:
        self._show_results()
        self.search.focus(select_all=True)

    def current_customer(self) -> CustomerView | None:
        return self.view.customer if self.stack.currentWidget() is self.view else None

    # -- the customer view's tabs ------------------------------------------------------
    def _tabs_reachable(self) -> bool:
        if self.current_customer() is not None:
            return True
        if self.form is None:
            self.show_status(self.tr("请先查询并打开客户，再切换标签页"), error=True)
        return False

    def show_tab(self, index: int) -> None:
        """Alt+N: the N-th tab of the open customer; the focus stays where it is (search box)."""
        if self._tabs_reachable() and 0 <= index < self.view.tabs.count():
            self.view.tabs.setCurrentIndex(index)

    def step_tab(self, step: int) -> None:
        """Ctrl+PgDown / Ctrl+PgUp: the next / previous tab, wrapping round."""
        tabs = self.view.tabs
        if self._tabs_reachable() and tabs.count():
            tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())

    # -- forms -------------------------------------------------------------------------
    def new_customer(self) -> None:
        if self.form is not None:
            if not self.form.is_new or self.form.dirty:
                if not self.form.confirm_leave():
                    return
                self._close_form(refocus=False)
            else:
                self.form.focus_first()
                return
        prefill: dict[str, str] = {}
        text = self.search.text().strip()
        last = self.search.last_result
        if text and last is not None and last.query == self.search.text() and not last.rows \
                and any(is_cjk(ch) for ch in text):
            prefill["name"] = text  # searched a name, found nobody: start the record with it
        form = CustomerForm(self.ctx, prefill=prefill)
        form.keep_draft()  # on disk as it is typed (ui/drafts.py)
        self._show_form(form)

    def restore_registration(self, draft: Draft) -> None:
        """A registration kept as a draft when the program stopped (offered after log-in)."""
        if self.form is not None:
            if not self.form.confirm_leave():
                return
            self._close_form(refocus=False)
        form = CustomerForm(self.ctx)
        form.keep_draft()
        form.restore_draft(draft)
        self._show_form(form)

    def edit_current(self) -> None:
        if self.form is not None:
            self.form.focus_first()
            return
        current = self.current_customer()
        if current is not None:
            self._show_form(CustomerForm(self.ctx, current))
            return
        summary = self.search.current_summary()
        if summary is not None and self.stack.currentWidget() is self.search.results:
            self.open_customer(summary.id, then_edit=True)
            return
        self.show_status(self.tr("请先查询并打开客户，再按 F4 编辑档案"), error=True)

    def _show_form(self, form: CustomerForm) -> None:
        self._page_before_form = self.stack.currentWidget()
        self.form = form
        form.saved.connect(self._form_saved)
        form.openExisting.connect(self._open_existing)
        form.closed.connect(self._form_closed)
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        self.search.box.setEnabled(False)
        self.new_button.setEnabled(False)
        form.focus_first()

    def _close_form(self, refocus: bool = True) -> None:
        form, self.form = self.form, None
        if form is None:
            return
        self.stack.removeWidget(form)
        form.deleteLater()
        self.search.box.setEnabled(True)
        self.new_button.setEnabled(True)
        if self._page_before_form is self.view and self.view.customer is not None:
            self.stack.setCurrentWidget(self.view)  # Esc on F3/F4 goes back to the customer shown before
        else:
            self._show_results()
        if refocus:
            self.search.focus(select_all=True)

    def _form_saved(self, view: CustomerView, created: bool) -> None:
        self._close_form(refocus=False)
        self.ctx.changes.announce(Change.CUSTOMER, customer_id=view.id, origin=self)
        if created and view.repeated:  # a restored draft saved before the crash: not registered twice
            message = fill(self.tr("该客户此前已建档（户号 %1），未重复建档"), view.account_no)
        elif created:
            message = fill(self.tr("已建档，户号 %1"), view.account_no)
        else:
            message = fill(self.tr("档案已保存，户号 %1（版本 %2）"), view.account_no, view.version)
        self.open_customer(view.id, message=message)

    def _open_existing(self, customer_id: uuid.UUID) -> None:
        self._close_form(refocus=False)
        self.open_customer(customer_id, message=self.tr("已打开已有档案，未新建"))

    def _form_closed(self) -> None:
        self._close_form()

    def _data_changed(self, changes: Changes) -> None:
        """Another screen changed the customer shown (its status, say): show it as it is now,
        without moving the focus or the page."""
        current = self.current_customer()
        if changes.origin is self or current is None or not changes.touches(Change.CUSTOMER, current.id):
            return
        # A refresh has its own counter: bumping the open counter would discard a customer the
        # clerk is opening (a scan) right now. An open started after this refresh wins instead.
        self._refresh_generation += 1
        gen, opened, customer_id = self._refresh_generation, self._open_generation, current.id
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None

        def work() -> tuple[CustomerView | None, list[HistoryEntry]]:
            try:
                view = get_customer(db, actor, customer_id)
            except NotFound:  # gone from this database (a branch's customer moved to another hall)
                return None, []
            return (view, customer_history(db, actor, view.id)) if view is not None else (None, [])

        def done(result: tuple[CustomerView | None, list[HistoryEntry]]) -> None:
            view, history = result
            shown = self.current_customer()
            stale = gen != self._refresh_generation or opened != self._open_generation
            if not stale and view is None and shown is not None and shown.id == customer_id:
                self._customer_gone(shown)
                return
            if stale or view is None or shown is None or shown.id != view.id:
                return
            self.view.set_customer(view, history)  # the record as it is now, in place
            self.customerOpened.emit(view)

        self.ctx.tasks.run(work, done, failure=self._load_failure(),
                           stale=lambda: gen != self._refresh_generation or opened != self._open_generation)

    def _customer_gone(self, shown: CustomerView) -> None:
        """The customer shown is no longer in this database (the centre moved him to another
        hall: docs/sync.md#scope-moves): the view closes and the clerk is told why, under the
        search box where the customer was named (the feature tabs' own "not found" may follow
        in the status line)."""
        text = fill(
            self.tr("客户 %1 %2 已不在本所档案中（已转至其他营业厅），客户视图已关闭"),
            shown.account_no,
            shown.name,
        )
        self._show_results()
        self.search.show_message(text, error=True)
        self.search.focus(select_all=True)
        self.show_status(text, error=True)

    # -- pages and messages ------------------------------------------------------------
    def _user_typed(self) -> None:
        self._open_generation += 1  # a load still in flight must not pull the page away
        self._show_results()

    def _show_results(self) -> None:
        if self.form is None:
            self.stack.setCurrentWidget(self.search.results)

    def show_status(self, text: str, error: bool = False) -> None:
        self.message.setProperty("role", "error" if error else "ok")  # the style sheet below re-polishes
        self.message.setStyleSheet("QLabel#moduleMessage { font-weight: bold; font-size: 13px; }")
        self.message.setText(text)
        self._message_timer.start()
        self.statusMessage.emit(text)
