"""The payment dialog when the amount due changed meanwhile, and after a lost answer (issue 7
items 2 and 3), driven by the keyboard like a clerk at the counter."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.money import format_yuan
from app.dto.customers import CustomerView
from app.dto.payments import TenderInput
from app.services import payments
from tests.ui.helpers import actor_of
from tests.ui.test_customers_flow import make_module, press
from tests.ui.test_payment_flow import (
    keys,
    make_dialog,
    open_customer,
    open_shift,
    scripted,
    seed_bills,
    seed_customer,
    show_modal,
    wait_quote,
)
from ui.context import UiContext
from ui.payments import dialog as dialog_module

_post_payment = payments.post_payment  # before a test wraps it


def _other_counter_pays(ctx: UiContext, customer: CustomerView, fen: int) -> payments.Receipt:
    """Another counter (the same clerk at the next PC) takes a payment while the dialog is open."""
    return _post_payment(
        ctx.db,
        actor_of(ctx),
        payments.PostPayment(uuid.uuid4(), customer.id, (TenderInput("cash", fen),), fen),
    )


def _record(monkeypatch, ctx: UiContext) -> tuple[list[payments.PostPayment], list[list[str]]]:  # type: ignore[no-untyped-def]
    """The commands the dialog sends, and the buttons of every question with choices."""
    sent: list[payments.PostPayment] = []
    offered: list[list[str]] = []
    real_post = _post_payment

    def post(db, actor, cmd):  # type: ignore[no-untyped-def]
        sent.append(cmd)
        return real_post(db, actor, cmd)

    monkeypatch.setattr(dialog_module.payment_service, "post_payment", post)
    dialogs = scripted(ctx)
    real_choose = dialogs.choose

    def choose(parent, title, text, buttons, default=0):  # type: ignore[no-untyped-def]
        offered.append(list(buttons))
        return real_choose(parent, title, text, buttons, default)

    monkeypatch.setattr(dialogs, "choose", choose)
    return sent, offered


def test_a_changed_due_is_named_and_the_clerk_takes_what_is_due_now(
    qtbot,
    ui_ctx: UiContext,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200, 240])
    open_shift(ui_ctx)
    sent, offered = _record(monkeypatch, ui_ctx)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    shown = dialog.due_fen
    assert shown and shown > 5000
    other = _other_counter_pays(ui_ctx, customer, 5000)
    scripted(ui_ctx).choices.append(0)  # 按当前应缴 … 收费
    press(qtbot, Qt.Key.Key_Return)  # empty 现金 + Enter: the exact money the clerk was shown
    qtbot.waitUntil(lambda: len(sent) == 1 and not dialog.posting, timeout=10000)
    kind, title, text = scripted(ui_ctx).asked[-1]
    assert (kind, title) == ("choose", "应缴金额已变化")
    now = shown - 5000
    assert text.startswith(
        f"应缴从 {format_yuan(shown)} 变为 {format_yuan(now)}："
        f"王小丽 {other.posted_at.strftime('%H:%M')} 收费 ¥50.00"
    )
    assert offered[-1] == [
        f"按当前应缴 {format_yuan(now)} 收费",
        f"仍收 {format_yuan(shown)}，{format_yuan(5000)} 转入预存",
        "取消收费",
    ]
    assert dialog.receipt is None and dialog.isVisible()
    # the amount now says what is due now; the cursor waits in 现金 with the old figure selected
    assert dialog.amount_edit.text() == f"{now / 100:.2f}"
    assert dialog.focusWidget() is dialog.tender_edits["cash"]
    assert dialog.tender_edits["cash"].selectedText() == f"{shown / 100:.2f}"
    keys(qtbot, f"{now / 100:.2f}")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert dialog.receipt.amount_fen == now and dialog.receipt.balance_after_fen == 0  # type: ignore[union-attr]
    assert [c.quoted_due_fen for c in sent] == [shown, now]
    assert sent[0].request_id != sent[1].request_id  # the edited payment is a new request
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_when_another_counter_settled_everything_the_money_can_go_to_prepaid(  # type: ignore[no-untyped-def]
    qtbot, ui_ctx: UiContext, monkeypatch
) -> None:
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    sent, offered = _record(monkeypatch, ui_ctx)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    shown = dialog.due_fen
    assert shown
    _other_counter_pays(ui_ctx, customer, shown)
    scripted(ui_ctx).choices.append(0)  # 仍收 …，转入预存
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert offered == [[f"仍收 {format_yuan(shown)}，{format_yuan(shown)} 转入预存", "取消收费"]]
    assert (dialog.receipt.amount_fen, dialog.receipt.prepaid_fen) == (shown, shown)  # type: ignore[union-attr]
    assert [c.quoted_due_fen for c in sent] == [shown, 0]


def test_cancel_when_the_due_changed_posts_nothing(qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    sent, offered = _record(monkeypatch, ui_ctx)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    _other_counter_pays(ui_ctx, customer, dialog.due_fen or 0)
    scripted(ui_ctx).choices.append(1)  # 取消收费
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.receipt is None
    assert len(sent) == 1 and len(payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)) == 1


def test_after_a_lost_answer_the_form_is_locked_and_enter_resends_the_same_request(  # type: ignore[no-untyped-def]
    qtbot, ui_ctx: UiContext, monkeypatch
) -> None:
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    sent, _offered = _record(monkeypatch, ui_ctx)
    recording = dialog_module.payment_service.post_payment

    def lose_first(db, actor, cmd):  # type: ignore[no-untyped-def]
        receipt = recording(db, actor, cmd)
        if len(sent) == 1:
            raise ConnectionError("the reply was lost")  # committed, but the clerk never heard
        return receipt

    monkeypatch.setattr(dialog_module.payment_service, "post_payment", lose_first)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    press(qtbot, Qt.Key.Key_Return)  # exact cash, confirm
    qtbot.waitUntil(lambda: len(sent) == 1 and not dialog.posting, timeout=10000)
    assert dialog.receipt is None and "不会重复收费" in dialog.error_text("general")
    assert dialog.status.text() == "结果未知：不能修改，重试会原样重发同一笔收费"
    assert dialog.confirm_button.text() == "原样重试 (Enter)"
    # the form does not invite editing: the fields are greyed, typing changes nothing
    amount = dialog.amount_edit.text()
    assert dialog.focusWidget() is dialog.confirm_button
    keys(qtbot, "9")
    dialog.amount_edit.setFocus()
    assert dialog.focusWidget() is dialog.confirm_button
    assert dialog.amount_edit.text() == amount
    assert not any(edit.isEnabled() for edit in dialog._order())
    # Esc asks first (the payment may be in); the clerk stays
    press(qtbot, Qt.Key.Key_Escape)
    assert scripted(ui_ctx).asked[-1][:2] == ("confirm", "收费结果未知") and dialog.isVisible()
    dialog.confirm_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # the retry
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert len(sent) == 2 and sent[0] == sent[1]  # exactly the same request
    assert len(payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)) == 1


def test_after_cancelling_a_changed_due_the_customer_view_shows_the_books_as_they_are_now(  # type: ignore[no-untyped-def]
    qtbot, ui_ctx: UiContext
) -> None:
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    shown = module.money.bills.band.texts()["due"]
    assert shown != format_yuan(0)
    seen: dict[str, object] = {}

    def pay(dialog: QDialog) -> int:
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        _other_counter_pays(ui_ctx, customer, dialog.due_fen or 0)  # the next counter, a moment earlier
        scripted(ui_ctx).choices.append(1)  # 取消收费
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        seen["receipt"] = dialog.receipt
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(pay)
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "receipt" in seen, timeout=15000)
    assert seen["receipt"] is None
    qtbot.waitUntil(lambda: module.money.bills.band.texts()["due"] == format_yuan(0), timeout=10000)
    qtbot.waitUntil(lambda: module.money.payments.payments_tab.model.rowCount() == 1, timeout=10000)
