"""退费 after the cashier session closed, from the customer's 缴费记录 tab by the keyboard.

The dialog opens as a refund straight away (the payment's session is no longer open), so the
supervisor types the password once; a payment of an open session still opens as 冲正.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.cashier import DENOMINATIONS
from app.domain.money import format_yuan
from app.dto.payments import PaymentRow
from app.services import cashier, payments
from tests.conftest import SUPERVISOR_PASSWORD
from tests.ui.helpers import actor_of
from tests.ui.test_customers_flow import make_module, press
from tests.ui.test_payment_flow import (
    close_preview,
    due_of,
    focused,
    keys,
    open_customer,
    open_shift,
    post_cash,
    scripted,
    seed_bills,
    seed_customer,
    show_modal,
    wait_idle,
)
from ui.context import UiContext
from ui.i18n import install_translators, uninstall_translators
from ui.payments.reversal import ReversalDialog


def _close_shift(ctx: UiContext) -> None:
    assert ctx.actor is not None
    row = cashier.current_session(ctx.db, ctx.actor)
    assert row is not None
    counts = {code: 0 for code in DENOMINATIONS}
    cashier.close_session(ctx.db, ctx.actor, cashier.CloseSession(row.id, row.version, counts, "测试结班"))


def test_after_close_the_dialog_opens_as_a_refund_and_asks_once(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    original = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    payments.record_print(ui_ctx.db, actor_of(ui_ctx), "receipt", original.payment_id, original.receipt_no)
    _close_shift(ui_ctx)
    open_shift(ui_ctx)  # the refund leaves the clerk's new drawer

    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.payments.payments_tab
    module.view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    tab.table.selectRow(0)
    seen: dict[str, object] = {}

    def refund(dialog: QDialog) -> int:
        assert isinstance(dialog, ReversalDialog)
        show_modal(qtbot, dialog)
        seen["kind_on_open"] = dialog.kind
        seen["heading"] = dialog.heading.text()
        qtbot.waitUntil(lambda: dialog.session_checked, timeout=10000)  # the clerk's session is open
        assert focused() is dialog.reason_code
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "客户多缴，当面退回现金")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "super1")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, SUPERVISOR_PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        seen["attempts"] = dialog.attempts
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend([refund, close_preview(seen)])
    tab.reverse_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=20000)
    wait_idle(qtbot, ui_ctx)

    assert seen["kind_on_open"] == "refund" and "退费" in str(seen["heading"])
    assert seen["attempts"] == 1  # one password, no failed reversal first
    kinds = {r.kind for r in payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)}
    assert kinds == {"payment", "refund"}
    assert "退费" in str(seen["preview_text"])


def test_a_payment_of_an_open_session_opens_as_a_reversal(ui_ctx: UiContext) -> None:
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [120])
    open_shift(ui_ctx)
    post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    rows = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)
    assert [(r.kind, r.session_open) for r in rows] == [("payment", True)]
    _close_shift_printed(ui_ctx, rows[0])
    assert [r.session_open for r in payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)] == [False]


def _close_shift_printed(ctx: UiContext, row: PaymentRow) -> None:
    payments.record_print(ctx.db, actor_of(ctx), "receipt", row.payment_id, row.receipt_no)
    _close_shift(ctx)


def test_a_refund_without_an_open_session_says_so_before_asking_anything(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 23: the original session closed and the clerk has not opened a new one: the
    refund dialog says, in refund words, that the money would leave the clerk's own open
    session, and asks for no reason and no supervisor password."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    original = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    payments.record_print(ui_ctx.db, actor_of(ui_ctx), "receipt", original.payment_id, original.receipt_no)
    _close_shift(ui_ctx)  # … and no new session

    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.payments.payments_tab
    module.view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    tab.table.selectRow(0)
    seen: dict[str, object] = {}

    def refund(dialog: QDialog) -> int:
        assert isinstance(dialog, ReversalDialog)
        show_modal(qtbot, dialog)
        assert dialog.kind == "refund"
        qtbot.waitUntil(lambda: dialog.session_checked, timeout=10000)
        seen["message"] = dialog.error.text()
        seen["asks"] = [w.isEnabled() for w in (dialog.reason_code, dialog.reason, dialog.username,
                                               dialog.password, dialog.ok_button)]
        press(qtbot, Qt.Key.Key_Return)  # nothing to confirm
        assert dialog.isVisible() and dialog.attempts == 0
        press(qtbot, Qt.Key.Key_Escape)
        seen["closed"] = not dialog.isVisible()
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(refund)
    tab.reverse_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "closed" in seen, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    message = str(seen["message"])
    assert "退费" in message and "开班" in message and "收费前" not in message
    assert seen["asks"] == [False] * 5
    assert seen["closed"] is True
    assert [r.kind for r in payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)] == ["payment"]
    assert not any(kind == "confirm" for kind, _, _ in scripted(ui_ctx).asked)


def test_reason_drop_down_shows_every_reason_unclipped(qtbot, ui_ctx: UiContext, qapp) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 24: with the theme on, the reason box and its list are wide enough for 金额错误,
    重复收费, 客户要求 (they showed as 金额错, 重复收, 客户要)."""
    from PySide6.QtGui import QFont, QFontMetrics

    from app.config import Settings
    from ui.theme import apply_theme

    style_sheet, font, palette = qapp.styleSheet(), QFont(qapp.font()), qapp.palette()
    apply_theme(qapp, Settings())
    try:
        customer = seed_customer(ui_ctx)
        seed_bills(ui_ctx, customer, [120])
        open_shift(ui_ctx)
        post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
        row = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)[0]
        for kind in ("reversal", "refund"):
            dialog = ReversalDialog(ui_ctx, row, None, kind=kind)
            qtbot.addWidget(dialog)
            show_modal(qtbot, dialog)
            combo = dialog.reason_code
            texts = [combo.itemText(i) for i in range(combo.count())]
            assert {"金额错误", "重复收费", "客户要求"} <= set(texts)
            widest = max(QFontMetrics(combo.font()).horizontalAdvance(t) for t in texts)
            assert combo.width() >= widest + 40, (kind, combo.width(), widest)  # text + the arrow
            combo.showPopup()
            view = combo.view()
            qtbot.waitUntil(view.isVisible, timeout=5000)
            for i, text in enumerate(texts):
                rect = view.visualRect(view.model().index(i, 0))
                needed = QFontMetrics(view.font()).horizontalAdvance(text)
                assert rect.width() >= needed + 16, (text, rect.width(), needed)
            combo.hidePopup()
            dialog.reject()
            wait_idle(qtbot, ui_ctx)
    finally:
        qapp.setStyleSheet(style_sheet)
        qapp.setFont(font)
        qapp.setPalette(palette)


def test_a_cash_refund_from_an_empty_drawer_is_refused_in_the_dialog(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Issue 7 item 6: the new session's float is ¥0, so the cash cannot go back to the customer;
    the dialog says so (the drawer, the amount) and nothing is written."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    due = due_of(ui_ctx, customer)
    original = post_cash(ui_ctx, customer, due)
    payments.record_print(ui_ctx.db, actor_of(ui_ctx), "receipt", original.payment_id, original.receipt_no)
    _close_shift(ui_ctx)
    open_shift(ui_ctx, 0)  # an empty drawer

    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.payments.payments_tab
    module.view.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10000)
    tab.table.selectRow(0)
    seen: dict[str, object] = {}

    def refund(dialog: QDialog) -> int:
        assert isinstance(dialog, ReversalDialog)
        show_modal(qtbot, dialog)
        qtbot.waitUntil(lambda: dialog.session_checked, timeout=10000)
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "客户多缴，当面退回现金")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "super1")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, SUPERVISOR_PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.error.text()), timeout=10000)
        seen["error"] = dialog.error.text()
        seen["receipt"] = dialog.receipt
        dialog.reject()
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(refund)
    tab.reverse_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "error" in seen, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    assert str(seen["error"]).startswith(f"钱箱现金不足：需付出现金 {format_yuan(due)}，本班钱箱现有 ¥0.00")
    assert seen["receipt"] is None
    kinds = [r.kind for r in payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)]
    assert kinds == ["payment"]


def test_a_reversal_turned_refund_explains_it_in_the_ui_language(qtbot, ui_ctx: UiContext, qapp) -> None:  # type: ignore[no-untyped-def]
    """The session closed while the 冲正 dialog was open: the service refuses and the dialog
    becomes a 退费, saying why in English on an English desktop, not in Chinese."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [120])
    open_shift(ui_ctx)
    post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    row = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)[0]
    assert row.session_open
    install_translators(qapp, "en")
    try:
        dialog = ReversalDialog(ui_ctx, row, kind="reversal")
        qtbot.addWidget(dialog)
        show_modal(qtbot, dialog)
        _close_shift_printed(ui_ctx, row)  # closed meanwhile (the list said it was open)
        open_shift(ui_ctx)
        dialog.reason_code.setFocus()
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "客户多缴，当面退回")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "super1")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, SUPERVISOR_PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.kind == "refund" and not dialog.busy, timeout=10000)
        text = dialog.error.text()
        assert text.startswith("The session of the original payment is closed, so it cannot be reversed")
        assert "Changed to a refund" in text and "结班" not in text
    finally:
        uninstall_translators(qapp)
