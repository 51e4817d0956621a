"""Counter keys that work from anywhere in the main window: F7 开班 / F8 交班 from every module,
the question before quitting with a session open, and a barcode scanner's burst that lands on
the customer wherever the focus is — but never steals what is typed into a form field."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from app.services import cashier, customers
from tests.conftest import valid_resident_id
from tests.ui.helpers import ScriptedDialogs
from ui.cashier import module as cashier_module
from ui.cashier.module import CashierModule
from ui.cashier.open_dialog import OpenSessionDialog
from ui.context import UiContext
from ui.customers.module import CustomersModule
from ui.main_window import SCAN_GAP_MS, MainWindow, ScannerFilter


def activate(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitExposed(widget):
        widget.show()
    with qtbot.waitActive(widget):
        widget.activateWindow()


def main_window(qtbot, ctx: UiContext) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    window.idle.set_timeout_ms(0)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    activate(qtbot, window)
    return window


def module_of(window: MainWindow, key: str) -> QWidget:
    return window.modules[window.module_keys().index(key)].widget


def focus_widget() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focus_widget(), key, modifier)


def register(ctx: UiContext, n: int = 1, name: str = "张三") -> customers.CustomerView:
    assert ctx.actor is not None
    form = customers.CustomerInput(
        "individual",
        "residential",
        name,
        "ric",
        valid_resident_id(900 + n),
        "urban",
        "220V",
        "8",
        phone=f"139{n:08d}",
        supply_address="杭州市西湖区文三路100号",
    )
    return customers.register_customer(
        ctx.db, ctx.actor, customers.RegisterCustomer(form, confirm_duplicate=True)
    )


def open_with_float(qtbot, amount: str):  # type: ignore[no-untyped-def]
    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, OpenSessionDialog)
        activate(qtbot, dialog)
        qtbot.keyClicks(dialog.float_edit, amount)
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            qtbot.keyClick(dialog.float_edit, Qt.Key.Key_Return)
        return dialog.result()

    return fill


def wait_idle(qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=15000)


# ---- F7 / F8 from every module -----------------------------------------------------------------


def test_f7_and_f8_work_from_the_customers_module_and_f1_lists_them(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    window = main_window(qtbot, ui_ctx)
    assert window.current_module().key == "customers"  # type: ignore[union-attr]
    cashier_module = module_of(window, "cashier")
    assert isinstance(cashier_module, CashierModule)

    press(qtbot, Qt.Key.Key_F1)
    kind, title, text = dialogs.asked[-1]
    assert (kind, title) == ("info", "快捷键一览")
    assert "F7\t开班" in text and "F8\t交班/日结" in text

    # F7 with the customer search box in front: the 开班 dialog, and the clerk stays here.
    dialogs.dialog_handlers.append(open_with_float(qtbot, "500"))
    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: ("dialog", "开班", "OpenSessionDialog") in dialogs.asked, timeout=10000)
    wait_idle(qtbot, ui_ctx)
    assert ui_ctx.actor is not None
    row = cashier.current_session(ui_ctx.db, ui_ctx.actor)
    assert row is not None and row.float_fen == 50000
    assert window.current_module().key == "customers"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: row.session_no in window.statusBar().currentMessage(), timeout=10000)

    # F7 again, still from the customers module: the session is known, no second dialog.
    activate(qtbot, window)
    window.focus_module()
    asked = len(dialogs.asked)
    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: "无需再开班" in window.statusBar().currentMessage(), timeout=10000)
    assert len(dialogs.asked) == asked

    # F8 from the customers module: the cashier module comes forward with the count.
    window.focus_module()
    press(qtbot, Qt.Key.Key_F8)
    qtbot.waitUntil(
        lambda: cashier_module.session_stack.currentWidget() is cashier_module.close_page, timeout=10000
    )
    assert window.current_module().key == "cashier"  # type: ignore[union-attr]
    assert cashier_module.isVisible()
    wait_idle(qtbot, ui_ctx)


def test_f7_in_another_module_knows_a_session_opened_meanwhile(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """The cashier module was never shown and the session was opened elsewhere (F6's offer):
    F7 asks the database instead of offering a second 开班."""
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    window = main_window(qtbot, ui_ctx)
    assert ui_ctx.actor is not None
    opened = cashier.open_session(ui_ctx.db, ui_ctx.actor, 0)
    press(qtbot, Qt.Key.Key_F7)
    qtbot.waitUntil(
        lambda: f"已在班次 {opened.session_no} 中" in window.statusBar().currentMessage(), timeout=10000
    )
    assert not any(kind == "dialog" for kind, _, _ in dialogs.asked)


def test_the_no_session_hint_names_a_key_that_exists(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """F6 without a session, offer declined: the hint says 按 F7 开班 (there is no 收费 → 开班 menu)."""
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    customer = register(ui_ctx)
    window = main_window(qtbot, ui_ctx)
    module = module_of(window, "customers")
    assert isinstance(module, CustomersModule)
    qtbot.keyClicks(module.search.box, customer.account_no)
    qtbot.keyClick(module.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=10000)
    wait_idle(qtbot, ui_ctx)
    dialogs.choices.append(1)  # 取消
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "请先开班" in module.message.text(), timeout=10000)
    assert "按 F7 开班" in module.message.text()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions() if a.isVisible()]
    assert any(title.startswith("班次") for title in menus)
    wait_idle(qtbot, ui_ctx)


def test_quitting_with_an_open_session_asks_first(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    window = main_window(qtbot, ui_ctx)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    assert ui_ctx.actor is not None
    opened = cashier.open_session(ui_ctx.db, ui_ctx.actor, 10000)

    # The menu's 退出程序 (Ctrl+Shift+Q): asked, "no" keeps the window.
    dialogs.confirms.append(False)
    press(qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(dialogs.asked) == 1, timeout=10000)  # the database is asked off the UI thread
    kind, title, text = dialogs.asked[-1]
    assert (kind, title) == ("confirm", "尚未交班") and opened.session_no in text
    wait_idle(qtbot, ui_ctx)
    assert window.isVisible() and not quits

    # The window's close button: asked again; "no" keeps it, "yes" quits.
    dialogs.confirms.append(False)
    window.close()
    qtbot.waitUntil(lambda: len(dialogs.asked) == 2, timeout=10000)
    wait_idle(qtbot, ui_ctx)
    assert window.isVisible() and not quits and dialogs.asked[-1][1] == "尚未交班"
    dialogs.confirms.append(True)
    window.close()
    qtbot.waitUntil(lambda: quits == [True], timeout=10000)
    assert not window.isVisible()


def test_the_open_session_check_on_quitting_runs_off_the_ui_thread(qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A slow or hung database must not freeze the window while it asks about the session."""
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    window = main_window(qtbot, ui_ctx)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    assert ui_ctx.actor is not None
    cashier.open_session(ui_ctx.db, ui_ctx.actor, 10000)
    real = cashier_module.cashier.current_session
    threads: list[bool] = []

    def recording(db, actor):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread() is threading.main_thread())
        return real(db, actor)

    monkeypatch.setattr(cashier_module.cashier, "current_session", recording)
    dialogs.confirms.append(True)
    window.close()
    qtbot.waitUntil(lambda: quits == [True], timeout=10000)
    assert threads == [False] and dialogs.asked[-1][1] == "尚未交班"


def test_quitting_without_a_session_does_not_ask(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    window = main_window(qtbot, ui_ctx)
    quits: list[bool] = []
    window.quit_requested.connect(lambda: quits.append(True))
    window.quit_app()
    qtbot.waitUntil(lambda: quits == [True], timeout=10000)
    assert not dialogs.asked


# ---- a barcode scanner's burst ---------------------------------------------------------------


def send_key(widget: QWidget, key: Qt.Key, text: str, stamp: int) -> bool:
    """One key press and release with the window system's time stamp (ms)."""
    press_event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
    press_event.setTimestamp(stamp)
    QApplication.sendEvent(widget, press_event)
    release = QKeyEvent(QEvent.Type.KeyRelease, key, Qt.KeyboardModifier.NoModifier, text)
    release.setTimestamp(stamp + 1)
    QApplication.sendEvent(widget, release)
    return press_event.isAccepted()


def burst(code: str, start: int, gap: int) -> None:
    """``code`` then Enter, ``gap`` ms between keys, into whatever has the focus."""
    stamp = start
    for digit in code:
        send_key(focus_widget(), getattr(Qt.Key, f"Key_{digit}"), digit, stamp)
        stamp += gap
    send_key(focus_widget(), Qt.Key.Key_Return, "\r", stamp)


def test_a_scanner_burst_lands_on_the_customer_from_anywhere(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    first, second = register(ui_ctx, 1, "张三"), register(ui_ctx, 2, "李四")
    window = main_window(qtbot, ui_ctx)
    module = module_of(window, "customers")
    assert isinstance(module, CustomersModule)

    # The focus on the module list (not the search box): the scanner's 户号 opens the customer.
    window.nav.setFocus()
    assert focus_widget() is window.nav
    burst(first.account_no, 1_000_000, 8)
    qtbot.waitUntil(
        lambda: (
            module.current_customer() is not None and module.current_customer().account_no == first.account_no
        ),
        timeout=10000,
    )  # type: ignore[union-attr]
    assert window.current_module().key == "customers"  # type: ignore[union-attr]
    wait_idle(qtbot, ui_ctx)

    # From another module (the cashier panel's button has the focus): back to the customer.
    window.show_module(window.module_keys().index("cashier"))
    wait_idle(qtbot, ui_ctx)
    assert not module.isVisible()
    assert focus_widget().window() is window
    burst(second.account_no, 2_000_000, 5)
    qtbot.waitUntil(
        lambda: (
            module.current_customer() is not None
            and module.current_customer().account_no == second.account_no
        ),
        timeout=10000,
    )  # type: ignore[union-attr]
    assert window.current_module().key == "customers"  # type: ignore[union-attr]
    assert module.search.box.text() == second.account_no
    wait_idle(qtbot, ui_ctx)


def test_a_real_fast_burst_is_caught_too(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Key events without a window-system time stamp fall back to the clock: QTest's typing is
    a scanner's speed, the same keys a tenth of a second apart are a person's."""
    customer = register(ui_ctx, 3, "王五")
    window = main_window(qtbot, ui_ctx)
    module = module_of(window, "customers")
    assert isinstance(module, CustomersModule)
    window.nav.setFocus()
    for digit in customer.account_no[:-1]:  # a person, slowly: nothing is taken
        qtbot.keyClick(window.nav, getattr(Qt.Key, f"Key_{digit}"))
        qtbot.wait(SCAN_GAP_MS * 3)
    qtbot.keyClick(window.nav, customer.account_no[-1])
    qtbot.wait(SCAN_GAP_MS * 3)
    qtbot.keyClick(window.nav, Qt.Key.Key_Return)
    qtbot.wait(200)
    assert module.search.box.text() == "" and module.current_customer() is None
    qtbot.keyClicks(window.nav, customer.account_no)  # the scanner
    qtbot.keyClick(window.nav, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=10000)
    wait_idle(qtbot, ui_ctx)


def test_a_person_typing_digits_outside_a_field_is_not_a_scan(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = register(ui_ctx, 4)
    window = main_window(qtbot, ui_ctx)
    module = module_of(window, "customers")
    assert isinstance(module, CustomersModule)
    window.nav.setFocus()
    burst(customer.account_no, 3_000_000, 120)  # 120 ms a key: a person
    qtbot.wait(200)
    assert module.search.box.text() == "" and module.current_customer() is None
    burst("1234", 4_000_000, 5)  # too short for a code: Enter is left alone
    qtbot.wait(200)
    assert module.search.box.text() == ""
    wait_idle(qtbot, ui_ctx)


def test_a_burst_into_a_form_field_is_never_stolen(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """The customer form's phone field: a scanner (or a fast typist) fills the field, nothing else."""
    other = register(ui_ctx, 5)
    window = main_window(qtbot, ui_ctx)
    module = module_of(window, "customers")
    assert isinstance(module, CustomersModule)
    press(qtbot, Qt.Key.Key_F3)  # new customer form
    assert module.form is not None
    target = module.form.fields["phone"]
    assert isinstance(target, QLineEdit)
    target.setFocus()
    assert focus_widget() is target
    burst(other.account_no, 5_000_000, 3)
    assert target.text() == other.account_no
    assert module.form is not None  # still filling in the form, no customer opened
    assert module.search.box.text() == ""
    wait_idle(qtbot, ui_ctx)

    # The search box itself: the scanner's own path (unchanged), not doubled.
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    dialogs.confirms.append(True)  # give up the form
    press(qtbot, Qt.Key.Key_F2)
    assert focus_widget() is module.search.box
    burst(other.account_no, 6_000_000, 3)
    qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=10000)
    assert module.search.box.text() == other.account_no
    wait_idle(qtbot, ui_ctx)


def test_a_burst_in_a_dialog_is_left_to_the_dialog(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = main_window(qtbot, ui_ctx)
    module = module_of(window, "customers")
    assert isinstance(module, CustomersModule)
    dialog = OpenSessionDialog(ui_ctx, window)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    assert focus_widget() is dialog.float_edit
    dialog.open_button.setFocus()  # not an editable field, but another window: untouched
    stamps = iter(range(7_000_000, 7_000_100, 3))
    for digit in "33010000001":
        send_key(dialog.open_button, getattr(Qt.Key, f"Key_{digit}"), digit, next(stamps))
    assert module.search.box.text() == ""
    dialog.reject()


def test_scanner_filter_timing_rules(qapp) -> None:  # type: ignore[no-untyped-def]
    """Within SCAN_GAP_MS of the last key is a scanner's speed; a millisecond more is a person's."""
    window = QWidget()
    scanner = ScannerFilter(window, clock=lambda: 0.0)
    assert not scanner._fast(0)  # no key before
    scanner.last_ms = 100.0
    assert scanner._fast(100 + SCAN_GAP_MS) and not scanner._fast(101 + SCAN_GAP_MS)
    assert not scanner._fast(99)  # a clock going backwards is no burst
    window.deleteLater()
