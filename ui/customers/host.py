"""The customer view's host interface: how other modules plug into the customers module.

Billing (账单 tab, header figures) and payments (缴费记录 tab, F6 收费, Ctrl+P, 找零) add
themselves to the customer view through ``CustomerHost``; the main window wires them
(``plug_customer_features`` in ui/main_window.py) and hands payments the cashier's 开班 dialog,
offered before the first payment of a session.
Nothing under ui/customers/ imports those modules (tests/test_layers.py checks it).

A feature is a small object built with ``(ctx, host)`` that, in its constructor:

* adds its tabs: ``host.add_tab(widget, title, order=…)`` — ``order`` places it among the
  others (基本信息 0, 变更记录 10, 账单 20, 缴费记录 30; leave gaps); Alt+1…Alt+9 follow the
  position, ``shortcut`` may add a key of its own. The returned ``CustomerTab`` sets the title
  (``set_title``, e.g. a count) and shows the tab;
* adds header widgets: ``host.add_header_widget(w)`` (figures right of the account number) and
  ``host.add_notice(w)`` (a strip under the header, e.g. 找零);
* marks search results: ``host.add_search_marks(source)`` — ``source(customer_ids)`` runs on the
  worker thread after each search and returns ``{customer_id: SearchMark(text, tooltip)}`` for
  the rows to mark (停电); the mark follows the name in the results table;
* adds actions: ``host.add_actions(…)`` (window shortcuts such as F6, listed in the 客户 menu;
  only live while the customers module is shown);
* follows the open customer: ``host.customerChanged`` (a ``CustomerView``, also after the
  record was saved and reopened); ``host.current_customer()`` is the customer shown, if any;
* reports to the clerk: ``host.report(text, error=False)``; ``host.return_to_search()`` puts the
  focus back in the search box (text selected), ready for the next customer;
* follows data changes: ``ctx.changes.changed`` (ui/changes.py) — announce your own writes
  there, reload when another screen's write touches what you show;
* borrows the registration form: ``host.collect_registration(parent, prefill, locked=…)`` shows
  it in a dialog, checks it as a registration would and returns the ``RegisterCustomer`` (None
  if cancelled) for the feature's own transaction (completing a 新装 registers the customer).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QWidget

from app.dto.customers import CustomerView
from app.services.customers import CustomerInput, RegisterCustomer
from ui.customers.search_model import SearchMark

if TYPE_CHECKING:
    from ui.customers.search_panel import MarkSource, SearchPanel
    from ui.customers.view import CustomerViewWidget

__all__ = ["BASIC_ORDER", "HISTORY_ORDER", "CustomerHost", "CustomerTab", "HostModule", "SearchMark"]

#: the customer view's own tabs
BASIC_ORDER = 0
HISTORY_ORDER = 10


class HostModule(Protocol):
    """The side of the customers module (ui/customers/module.py) the host works with."""

    view: CustomerViewWidget
    search: SearchPanel

    def current_customer(self) -> CustomerView | None: ...
    def show_status(self, text: str, error: bool = False) -> None: ...
    def return_to_search(self) -> None: ...
    def tabs_changed(self, tab: CustomerTab, shortcut: str | None) -> None: ...
    def add_feature_actions(self, actions: Sequence[QAction]) -> None: ...
    def collect_registration(
        self, parent: QWidget, prefill: CustomerInput, locked: Sequence[str] = ()
    ) -> RegisterCustomer | None: ...


@dataclass(eq=False)
class CustomerTab:
    """A tab added to the customer view."""

    host: CustomerHost
    widget: QWidget
    order: int

    @property
    def index(self) -> int:
        return self.host.module.view.tabs.indexOf(self.widget)

    def set_title(self, text: str) -> None:
        self.host.module.view.tabs.setTabText(self.index, text)

    def title(self) -> str:
        return self.host.module.view.tabs.tabText(self.index)

    def show(self) -> None:
        self.host.module.view.tabs.setCurrentWidget(self.widget)

    def is_current(self) -> bool:
        return self.host.module.view.tabs.currentWidget() is self.widget


class CustomerHost(QObject):
    """What the customers module offers to the features plugged into its customer view."""

    #: the customer view shows a customer (CustomerView): opened, or reopened after a save
    customerChanged = Signal(object)

    def __init__(self, widget: QWidget, module: HostModule) -> None:
        """``widget`` is the customers module (the parent for a feature's dialogs and
        actions); ``module`` the same object seen through :class:`HostModule`."""
        super().__init__(widget)
        self.widget = widget
        self.module = module
        self.tabs: list[CustomerTab] = []
        self._notices = 0
        # when the view first showed the customer now shown: the start of the handling time
        self._served: tuple[uuid.UUID, dt.datetime] | None = None
        self.customerChanged.connect(self._follow)  # first: the features read it when told

    def current_customer(self) -> CustomerView | None:
        return self.module.current_customer()

    def served_since(self, customer_id: uuid.UUID | None = None) -> dt.datetime | None:
        """When the customer view first showed the customer it shows (naive UTC; a reopen after
        a save keeps it): the start of the handling time a payment or an acceptance sends
        (docs/rules.md#supervisor-dashboard). None when no customer is shown, or when
        ``customer_id`` (the customer the transaction is for) is not the one shown now: a form
        opened for a customer the clerk has since left must not take another's start."""
        current = self.current_customer()
        if current is None or self._served is None or self._served[0] != current.id:
            return None
        if customer_id is not None and customer_id != current.id:
            return None
        return self._served[1]

    def customer_left(self) -> None:
        """The view went back to the search results: the next showing starts a new visit (a
        reopen after a save keeps the start: the edit form is not the results)."""
        self._served = None

    def _follow(self, view: CustomerView) -> None:
        if self._served is None or self._served[0] != view.id:
            self._served = (view.id, dt.datetime.now(dt.UTC).replace(tzinfo=None))

    # -- plugging in -------------------------------------------------------------------
    def register_own_tab(self, widget: QWidget, order: int) -> CustomerTab:
        """A tab the customer view built itself (基本信息, 变更记录)."""
        tab = CustomerTab(self, widget, order)
        self.tabs.append(tab)
        return tab

    def add_tab(
        self, widget: QWidget, title: str, *, order: int = 100, shortcut: str | None = None
    ) -> CustomerTab:
        tab = CustomerTab(self, widget, order)
        position = sum(1 for t in self.tabs if t.order <= order)
        self.tabs.append(tab)
        self.module.view.tabs.insertTab(position, widget, title)
        self.module.tabs_changed(tab, shortcut)
        return tab

    def add_header_widget(self, widget: QWidget) -> None:
        self.module.view.summary_row.addWidget(widget, 0, Qt.AlignmentFlag.AlignBottom)

    def add_notice(self, widget: QWidget) -> None:
        layout = self.module.view.layout()
        assert isinstance(layout, QBoxLayout)
        self._notices += 1
        layout.insertWidget(self._notices, widget)  # under the header, above the tabs

    def add_search_marks(self, source: MarkSource) -> None:
        self.module.search.mark_sources.append(source)

    def add_actions(self, *actions: QAction) -> None:
        self.module.add_feature_actions(actions)

    # -- talking to the clerk ----------------------------------------------------------
    def report(self, text: str, error: bool = False) -> None:
        self.module.show_status(text, error=error)

    def return_to_search(self) -> None:
        self.module.return_to_search()

    # -- the registration form, for another module's transaction ----------------------
    def collect_registration(
        self, parent: QWidget, prefill: CustomerInput, locked: Sequence[str] = ()
    ) -> RegisterCustomer | None:
        """The registration form in a dialog over ``parent``, prefilled from ``prefill`` (the
        fields named in ``locked`` shown but not editable). 确定 checks it as a registration
        would (the fields, the ID number, a supervisor's approval) without saving; returns the
        ``RegisterCustomer`` to submit, or None when the clerk cancelled."""
        return self.module.collect_registration(parent, prefill, locked)
