"""The customer view's host interface (ui/customers/host.py) and the change announcements
(ui/changes.py): how billing, payments and the cashier — and the modules to come — plug into
the customers module without it importing them (issue 8 item 2)."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.domain.ids import make_resident_id
from app.dto.customers import CustomerView
from tests.ui.test_customers_flow import seed
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.host import CustomerHost
from ui.customers.module import CustomersModule
from ui.main_window import plug_customer_features


class WorkOrders(QObject):
    """A module to come, plugged in the way the main window plugs billing and payments."""

    def __init__(self, ctx: UiContext, host: CustomerHost) -> None:
        super().__init__(host)
        self.page = QWidget()
        self.page.setObjectName("workOrdersTab")
        self.tab = host.add_tab(self.page, "工单", order=15, shortcut="Ctrl+Shift+W")
        self.figure = QLabel("在办工单 0")
        self.figure.setObjectName("workOrderFigure")
        host.add_header_widget(self.figure)
        self.notice = QLabel("有一张工单待回访")
        host.add_notice(self.notice)
        self.action = QAction("派工", host.widget)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F9))
        host.add_actions(self.action)
        self.customers: list[CustomerView] = []
        self.changes: list[Changes] = []
        host.customerChanged.connect(self.customers.append)
        ctx.changes.changed.connect(self.changes.append)


def bare_module(qtbot, ctx: UiContext) -> CustomersModule:  # type: ignore[no-untyped-def]
    module = CustomersModule(ctx)
    qtbot.addWidget(module)
    module.resize(1280, 800)
    module.show()
    return module


def titles(module: CustomersModule) -> list[str]:
    tabs = module.view.tabs
    return [tabs.tabText(i) for i in range(tabs.count())]


def test_the_customer_view_alone_has_its_own_tabs_and_keys(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = bare_module(qtbot, ui_ctx)
    assert titles(module) == ["基本信息", "变更记录"]
    assert [a.shortcut().toString() for a in module.actions()] == ["F2", "F3", "F4"]


def test_the_main_window_plugs_bills_and_payments_in_tab_order(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = bare_module(qtbot, ui_ctx)
    features = plug_customer_features(ui_ctx, module.host)
    assert titles(module) == ["基本信息", "变更记录", "账单", "缴费记录", "业务", "工单"]
    assert (features.bills.bills_index, features.payments.payments_index) == (2, 3)
    assert [a.shortcut().toString() for a in module.actions()] == ["F2", "F3", "F4", "F6", "Ctrl+P", "F9", "F11"]
    assert features.bills.band.parentWidget() is module.view.header
    assert all("Alt+" in module.view.tabs.tabToolTip(i) for i in range(5))


def test_a_feature_adds_a_tab_a_figure_and_an_action_and_follows_the_customer(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    module = bare_module(qtbot, ui_ctx)
    orders = WorkOrders(ui_ctx, module.host)
    plug_customer_features(ui_ctx, module.host)  # after it: its order still puts 工单 third

    assert titles(module) == ["基本信息", "变更记录", "工单", "账单", "缴费记录", "业务", "工单"]
    tabs = module.view.tabs
    assert orders.tab.index == 2
    assert tabs.tabToolTip(2).startswith("Ctrl+Shift+W") and "Alt+3" in tabs.tabToolTip(2)
    assert "Alt+4" in tabs.tabToolTip(3) and "Alt+5" in tabs.tabToolTip(4)
    assert orders.figure.parentWidget() is module.view.header
    assert orders.notice.parentWidget() is module.view
    assert orders.action in module.actions()
    orders.tab.set_title("工单 (2)")
    assert orders.tab.title() == "工单 (2)"

    person = seed(ui_ctx, "赵六", make_resident_id("330106", dt.date(1982, 4, 2), "017"), "13900001111")
    module.open_customer(person.id)
    qtbot.waitUntil(lambda: len(orders.customers) == 1, timeout=10000)
    assert orders.customers[0].id == person.id
    assert module.host.current_customer() is not None and module.host.current_customer().id == person.id  # type: ignore[union-attr]

    # Alt+3 and the feature's own key reach its tab, from the search box.
    module.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is module)
    module.search.box.setFocus()
    qtbot.keyClick(module.search.box, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert orders.tab.is_current()
    module.view.tabs.setCurrentIndex(0)
    qtbot.keyClick(
        module.search.box,
        Qt.Key.Key_W,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert orders.tab.is_current()

    module.host.report("已派工")
    assert module.message.text() == "已派工"
    ui_ctx.tasks.wait_idle(10000)


def test_another_screen_changing_the_customer_refreshes_the_view_in_place(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = bare_module(qtbot, ui_ctx)
    orders = WorkOrders(ui_ctx, module.host)
    person = seed(ui_ctx, "钱七", make_resident_id("330106", dt.date(1979, 8, 9), "038"), "13900002222")
    module.open_customer(person.id)
    qtbot.waitUntil(lambda: len(orders.customers) == 1, timeout=10000)
    module.view.tabs.setCurrentIndex(orders.tab.index)

    ui_ctx.changes.announce(Change.PAYMENTS, customer_id=person.id)  # not about the record: nothing to do
    ui_ctx.changes.announce(Change.CUSTOMER, customer_id=uuid.uuid4())  # another customer: nothing either
    ui_ctx.tasks.wait_idle(10000)
    assert len(orders.customers) == 1

    ui_ctx.changes.announce(Change.CUSTOMER, customer_id=person.id, origin=orders)
    qtbot.waitUntil(lambda: len(orders.customers) == 2, timeout=10000)
    assert orders.customers[1].id == person.id
    assert orders.tab.is_current()  # shown where the clerk was
    assert [c.kinds for c in orders.changes] == [
        frozenset({Change.PAYMENTS}),
        frozenset({Change.CUSTOMER}),
        frozenset({Change.CUSTOMER}),
    ]


def test_changes_say_what_they_touch() -> None:
    someone, other = uuid.uuid4(), uuid.uuid4()
    change = Changes(frozenset({Change.BILLS, Change.PAYMENTS}), customer_id=someone)
    assert change.touches(Change.BILLS) and change.touches(Change.PAYMENTS, someone)
    assert not change.touches(Change.PAYMENTS, other) and not change.touches(Change.SESSION)
    assert Changes(frozenset({Change.SESSION})).touches(Change.SESSION, other)  # not about one customer


def test_the_record_times_are_shown_in_local_time(qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """建档时间 / 最后修改 are stored in UTC; a counter in China reads them 8 hours later
    (they were shown in UTC; found in the issue 8 review)."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        module = bare_module(qtbot, ui_ctx)
        person = seed(ui_ctx, "孙八", make_resident_id("330106", dt.date(1981, 2, 3), "051"), "13900003333")
        module.open_customer(person.id)
        qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=10000)
        view = module.current_customer()
        assert view is not None
        local = view.created_at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        utc = f"{view.created_at:%Y-%m-%d %H:%M}"
        assert local != utc  # 8 hours apart
        assert module.view.values["created_at"].text() == local
        assert module.view.values["updated_at"].text().startswith(local[:13])
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    ui_ctx.tasks.wait_idle(10000)


def test_a_customer_opened_again_after_esc_is_a_new_visit(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Handling time (docs/rules.md#supervisor-dashboard): Esc back to the search results ends the
    visit; the same account opened again later (the next person in the queue paying for it)
    is timed from then, not from the first opening hours before."""
    module = bare_module(qtbot, ui_ctx)
    person = seed(ui_ctx, "赵六", make_resident_id("330106", dt.date(1982, 4, 2), "017"), "13900001111")
    opened: list[CustomerView] = []
    module.host.customerChanged.connect(opened.append)
    module.open_customer(person.id)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10000)
    first = module.host.served_since()
    assert first is not None
    module.close_view()
    assert module.host.served_since() is None
    module.open_customer(person.id)
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=10000)
    again = module.host.served_since()
    assert again is not None and again > first
    ui_ctx.tasks.wait_idle(10000)
