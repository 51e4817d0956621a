"""The customer display (客户显示屏) and the satisfaction rating (服务评价), issue 10 item 5
(docs/rules.md#satisfaction-rating).

One screen (the test process's offscreen platform): the rating is the dialog on the clerk's
screen, after the receipt; a skip needs a reason. Two screens: Qt chooses the platform when the
QApplication is made, so those tests run in a child pytest whose offscreen platform has two
virtual screens (``QT_QPA_PLATFORM=offscreen:configfile=…`` with a "screens" list); the outer
tests start it and check its outcome.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from app.config import Settings
from app.domain.codes import RatingKind, RatingVia
from app.dto.payments import TenderInput
from app.services import cashier, payments, ratings
from tests.shots import SHOTS
from tests.ui.test_customers_flow import make_module, press
from tests.ui.test_payment_flow import (
    close_preview,
    due_of,
    keys,
    open_customer,
    open_shift,
    scripted,
    seed_bills,
    seed_customer,
    show_modal,
    wait_quote,
)
from ui.context import UiContext
from ui.customer_display.dialogs import RatingDialog, SkipDialog
from ui.customer_display.display import CustomerDisplay
from ui.customer_display.screens import pick_screen
from ui.customer_display.window import DONE, IDLE, PAYMENT, RATING, THANKS
from ui.customer_facing import DoneTransaction
from ui.payments.dialog import PaymentDialog

ROOT = Path(__file__).resolve().parents[2]
TWO_SCREENS = os.environ.get("GRIDCOUNTER_TWO_SCREENS") == "1"
inside_two_screens = pytest.mark.skipif(not TWO_SCREENS, reason="runs in the two-screen child process")

SCREENS = {
    "screens": [
        {
            "name": "clerk",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        },
        {
            "name": "customer",
            "x": 1366,
            "y": 0,
            "width": 1280,
            "height": 720,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        },
    ]
}


def _display(ctx: UiContext, qtbot) -> tuple[CustomerDisplay, list[tuple[str, bool]]]:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    said: list[tuple[str, bool]] = []
    display = CustomerDisplay(ctx, host, lambda text, error=False: said.append((text, error)))
    ctx.customer_display = display
    return display, said


def _paid(ctx: UiContext, name: str = "张三明"):  # type: ignore[no-untyped-def]
    """A receipt posted through the service (the flow tests take it through F6)."""
    assert ctx.actor is not None
    customer = seed_customer(ctx, name=name)
    seed_bills(ctx, customer, [200])
    if cashier.current_session(ctx.db, ctx.actor) is None:
        open_shift(ctx)
    receipt = payments.post_payment(
        ctx.db,
        ctx.actor,
        payments.PostPayment(uuid.uuid4(), customer.id, (TenderInput("cash", 20000),), None),
    )
    return receipt, DoneTransaction(
        RatingKind.PAYMENT,
        receipt.payment_id,
        receipt.receipt_no,
        receipt.customer_name,
        amount_fen=receipt.amount_fen,
        tendered_fen=receipt.tendered_fen,
        change_fen=receipt.change_fen,
    )


def _stored(ctx: UiContext, payment_id: uuid.UUID):  # type: ignore[no-untyped-def]
    assert ctx.actor is not None
    return ratings.rating_of(ctx.db, ctx.actor, RatingKind.PAYMENT, payment_id)


def _pay_with_cash(qtbot, cash_yuan: int, seen: dict[str, object], display: CustomerDisplay | None = None):  # type: ignore[no-untyped-def]
    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        keys(qtbot, str(cash_yuan))
        if display is not None and display.window is not None:  # the display follows the typing
            window = display.window
            seen["display_page"] = window.page
            seen["display"] = (
                window.pay_customer.text(),
                window.pay_due.text(),
                window.pay_tendered.text(),
                window.pay_change.text(),
            )
            if os.environ.get("GRIDCOUNTER_DISPLAY_SHOTS"):
                window.grab().save(
                    str(Path(os.environ["GRIDCOUNTER_DISPLAY_SHOTS"]) / "customer_display.png")
                )
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        seen["receipt_no"] = dialog.receipt.receipt_no  # type: ignore[union-attr]
        seen["payment_id"] = dialog.receipt.payment_id  # type: ignore[union-attr]
        return dialog.result()

    return pay


# ---- no second screen --------------------------------------------------------------------------


def test_the_customer_screen_is_the_first_that_is_not_the_clerks() -> None:
    on, off = Settings(), Settings(customer_display=False)
    assert pick_screen(["a"], "a", on) is None  # one screen: the dialog
    assert pick_screen(["a", "b", "c"], "a", on) == "b"
    assert pick_screen(["b", "a"], "a", on) == "b"
    assert pick_screen(["a", "b", "c"], "a", Settings(customer_display_screen=3)) == "c"
    assert pick_screen(["a", "b"], "a", Settings(customer_display_screen=1)) is None  # the clerk's own
    assert pick_screen(["a", "b"], "a", Settings(customer_display_screen=5)) is None  # not attached
    assert pick_screen(["a", "b"], "a", off) is None


def test_with_one_screen_the_dialog_asks_after_the_receipt(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    assert len(QGuiApplication.screens()) == 1
    display, said = _display(ui_ctx, qtbot)
    assert display.window is None and not display.on_second_screen
    customer = seed_customer(ui_ctx, name="张三明")
    seed_bills(ui_ctx, customer, [180, 230])
    open_shift(ui_ctx)
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    due = due_of(ui_ctx, customer)
    seen: dict[str, object] = {}

    def rate(dialog: QDialog) -> int:
        assert isinstance(dialog, RatingDialog)
        about = dialog.findChild(QWidget, "ratingAbout").text()  # type: ignore[union-attr]
        seen["about"] = about
        assert [b.text() for b in dialog.pad.values()] == [
            "非常满意",
            "满意",
            "基本满意",
            "不满意",
            "非常不满意",
        ]
        dialog.pad[4].click()  # 满意
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend(
        [_pay_with_cash(qtbot, due // 100 + 1, seen), close_preview(seen), rate]
    )
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: _stored_or_none(ui_ctx, seen) is not None, timeout=15000)
    stored = _stored(ui_ctx, seen["payment_id"])  # type: ignore[arg-type]
    assert (stored.score, stored.via, stored.clerk, stored.transaction_no) == (
        4,
        RatingVia.DIALOG,
        "clerk1",
        seen["receipt_no"],
    )
    # The preview came first, then the rating; the name is masked (the screen faces the customer).
    kinds = [t for kind, t, name in scripted(ui_ctx).asked if kind == "dialog"]
    assert [name for kind, _t, name in scripted(ui_ctx).asked if kind == "dialog"][-1] == "RatingDialog"
    assert len(kinds) == 3
    assert "张*明" in str(seen["about"]) and "张三明" not in str(seen["about"])
    qtbot.waitUntil(
        lambda: any("客户评价已记录" in text for text, _ in said), timeout=10000
    )  # told after the commit


def _stored_or_none(ctx: UiContext, seen: dict[str, object]):  # type: ignore[no-untyped-def]
    return _stored(ctx, seen["payment_id"]) if "payment_id" in seen else None  # type: ignore[arg-type]


def test_a_skip_needs_a_reason_and_esc_does_not_close_the_pad(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    display, _said = _display(ui_ctx, qtbot)
    receipt, done = _paid(ui_ctx)
    seen: dict[str, object] = {}

    def rate(dialog: QDialog) -> int:
        assert isinstance(dialog, RatingDialog)
        dialog.reject()  # Esc: asks for the reason instead of closing (the first skip is cancelled)
        seen["after_esc"] = dialog.result() == QDialog.DialogCode.Accepted or dialog.skip_reason != ""
        dialog.skip_button.click()  # 跳过评价…
        return int(dialog.result())

    def empty_then_cancel(dialog: QDialog) -> int:
        assert isinstance(dialog, SkipDialog)
        dialog.confirm()  # no reason
        seen["empty"] = dialog.field.error_text()
        dialog.edit.setText("走")
        dialog.confirm()  # one character
        seen["short"] = dialog.field.error_text()
        dialog.reject()
        return int(dialog.result())

    def with_reason(dialog: QDialog) -> int:
        assert isinstance(dialog, SkipDialog)
        dialog.findChildren(QWidget)  # the usual reasons are buttons
        dialog.edit.setText("客户赶时间，未评价")
        dialog.confirm()
        return int(dialog.result())

    scripted(ui_ctx).dialog_handlers.extend([rate, empty_then_cancel, with_reason])
    display.ask_rating(done, QWidget())
    qtbot.waitUntil(lambda: _stored(ui_ctx, receipt.payment_id) is not None, timeout=10000)
    assert seen["after_esc"] is False
    assert "至少2个字" in str(seen["empty"]) and "至少2个字" in str(seen["short"])
    stored = _stored(ui_ctx, receipt.payment_id)
    assert (stored.score, stored.via, stored.skip_reason) == (None, RatingVia.SKIPPED, "客户赶时间，未评价")


def test_an_accepted_application_is_rated_after_its_documents(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """F9's accept form, its two previews, then the rating dialog with the promised date."""
    from tests.ui.test_application_accept import choose_type, organisation
    from tests.ui.test_application_accept import close_preview as close_document
    from ui.applications.accept_dialog import AcceptDialog, accept_application_dialog

    display, said = _display(ui_ctx, qtbot)
    org = organisation(ui_ctx, 7)
    parent = make_module(qtbot, ui_ctx)
    seen: dict[str, object] = {}

    def accept(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        choose_type(dialog, "rename")
        dialog.type_fields["new_name"].set_value("杭州城东精密机械有限公司")
        assert dialog.checklist is not None
        dialog.checklist.boxes["id_person_or_org"].setChecked(True)
        dialog.checklist.boxes["rename_proof"].setChecked(True)
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.accepted_application is not None, timeout=10000)
        seen["accepted"] = dialog.accepted_application
        return dialog.result()

    def rate(dialog: QDialog) -> int:
        assert isinstance(dialog, RatingDialog)
        seen["about"] = dialog.findChild(QWidget, "ratingAbout").text()  # type: ignore[union-attr]
        qtbot.keyClick(dialog, Qt.Key.Key_5)  # the keyboard answers too: 5 非常满意
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend(
        [accept, close_document(seen, "receipt"), close_document(seen, "form"), rate]
    )
    accept_application_dialog(ui_ctx, parent, org, report=lambda text, error=False: None)
    qtbot.waitUntil(lambda: any("客户评价已记录" in text for text, _ in said), timeout=15000)
    accepted = seen["accepted"]
    assert ui_ctx.actor is not None
    stored = ratings.rating_of(ui_ctx.db, ui_ctx.actor, RatingKind.APPLICATION, accepted.id)  # type: ignore[attr-defined]
    assert stored is not None and (stored.score, stored.via, stored.transaction_no, stored.customer_id) == (
        5,
        RatingVia.DIALOG,
        accepted.application_no,
        org.id,
    )  # type: ignore[attr-defined]
    about = str(seen["about"])
    assert accepted.promised_date.isoformat() in about and "杭州" in about and org.name not in about  # type: ignore[attr-defined]
    assert "receipt" in seen and "form" in seen  # the documents came first


def test_a_screen_unplugged_while_the_pad_waits_falls_back_to_the_dialog(
    qtbot, ui_ctx: UiContext, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """What ``screenAdded`` / ``screenRemoved`` do: the window follows the screens attached now."""
    display, _said = _display(ui_ctx, qtbot)
    screen = QGuiApplication.primaryScreen()
    monkeypatch.setattr(display, "screen", lambda: screen)  # "plugged in" (the one virtual screen)
    display.place()
    assert display.on_second_screen and display.window is not None
    receipt, done = _paid(ui_ctx)
    display.ask_rating(done, QWidget())
    assert display.pending is done and display.window.page == RATING
    monkeypatch.setattr(display, "screen", lambda: None)  # unplugged
    display.place()
    assert not display.on_second_screen and display.pending is None and not display.skip_action.isEnabled()
    assert _stored(ui_ctx, receipt.payment_id) is None  # the unanswered pad recorded nothing

    def rate(dialog: QDialog) -> int:
        assert isinstance(dialog, RatingDialog)
        dialog.pad[2].click()
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(rate)
    display.ask_rating(done, QWidget())  # now the dialog asks
    qtbot.waitUntil(lambda: _stored(ui_ctx, receipt.payment_id) is not None, timeout=10000)
    assert _stored(ui_ctx, receipt.payment_id).score == 2


# ---- two screens (the child process) ------------------------------------------------------------


def _run_child(tmp_path: Path, test: str, shots: Path | None = None) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "GRIDCOUNTER_TWO_SCREENS": "1"}
    if shots is not None:
        env["GRIDCOUNTER_DISPLAY_SHOTS"] = str(shots)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"{Path(__file__).relative_to(ROOT)}::{test}",
            "-q",
            "-x",
            "-n0",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout, result.stdout[-2000:]


@pytest.mark.skipif(TWO_SCREENS, reason="the parent of the two-screen run")
def test_second_virtual_screen(tmp_path: Path) -> None:
    _run_child(tmp_path, "test_two_screens_payment_then_pad")
    _run_child(tmp_path, "test_two_screens_timeout_skip_and_application")


@pytest.mark.skipif(TWO_SCREENS, reason="the parent of the two-screen run")
def test_screenshot_customer_display(tmp_path: Path) -> None:
    _run_child(tmp_path, "test_two_screens_payment_then_pad", shots=SHOTS)
    for name in ("customer_display.png", "customer_display_rating.png"):
        assert (SHOTS / name).stat().st_size > 10_000, name


@inside_two_screens
def test_two_screens_payment_then_pad(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    screens = QGuiApplication.screens()
    assert [s.name() for s in screens] == ["clerk", "customer"]
    display, said = _display(ui_ctx, qtbot)
    window = display.window
    assert window is not None and window.isVisible() and display.on_second_screen
    assert window.screen().name() == "customer" and window.geometry() == screens[1].geometry()
    assert window.page == IDLE and not window.hasFocus()
    customer = seed_customer(ui_ctx, name="张三明")
    seed_bills(ui_ctx, customer, [180, 230])
    open_shift(ui_ctx)
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    due = due_of(ui_ctx, customer)
    cash = (due // 10000 + 1) * 100  # yuan: the next round hundred
    seen: dict[str, object] = {}
    scripted(ui_ctx).dialog_handlers.extend([_pay_with_cash(qtbot, cash, seen, display), close_preview(seen)])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: display.pending is not None, timeout=15000)
    # While the clerk typed, the display showed the payment, the name masked.
    assert seen["display_page"] == PAYMENT
    name, due_text, tendered, change = seen["display"]  # type: ignore[misc]
    assert name == "客户：张*明"
    assert due_text == f"¥{due / 100:,.2f}" and tendered == f"¥{cash:,.2f}"
    assert change == f"¥{cash - due / 100:,.2f}"
    # The receipt is out: the pad asks, about this receipt.
    assert window.page == RATING and display.skip_action.isEnabled()
    assert str(seen["receipt_no"]) in window.rating_about.text() and "张*明" in window.rating_about.text()
    assert any("Ctrl+Shift+K" in text for text, _ in said)
    if os.environ.get("GRIDCOUNTER_DISPLAY_SHOTS"):
        window.grab().save(str(Path(os.environ["GRIDCOUNTER_DISPLAY_SHOTS"]) / "customer_display_rating.png"))
    qtbot.mouseClick(window.pad[5], Qt.MouseButton.LeftButton)  # 非常满意, by mouse (or finger)
    qtbot.waitUntil(lambda: _stored_or_none(ui_ctx, seen) is not None, timeout=10000)
    stored = _stored(ui_ctx, seen["payment_id"])  # type: ignore[arg-type]
    assert (stored.score, stored.via, stored.clerk, stored.transaction_no) == (
        5,
        RatingVia.PAD,
        "clerk1",
        seen["receipt_no"],
    )
    assert window.page == THANKS and display.pending is None
    # A second press on the thanks page records nothing more.
    window._pressed(1)
    assert _stored(ui_ctx, seen["payment_id"]).score == 5  # type: ignore[arg-type]


@inside_two_screens
def test_two_screens_timeout_skip_and_application(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, rating_timeout_seconds=1)
    display, said = _display(ui_ctx, qtbot)
    window = display.window
    assert window is not None
    # No answer in time: back to idle, nothing recorded.
    receipt, done = _paid(ui_ctx)
    display.show_done(done)
    assert window.page == DONE and "缴费成功" in window.done_title.text()
    display.ask_rating(done, QWidget())
    assert window.page == RATING
    qtbot.waitUntil(lambda: window.page == IDLE, timeout=5000)
    assert display.pending is None and _stored(ui_ctx, receipt.payment_id) is None
    assert not display.skip_action.isEnabled()
    # The clerk skips a waiting rating only with a reason.
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, rating_timeout_seconds=60)
    other, other_done = _paid(ui_ctx, name="李四")

    def reason(dialog: QDialog) -> int:
        assert isinstance(dialog, SkipDialog)
        dialog.edit.setText("客户已离开")
        dialog.confirm()
        return int(dialog.result())

    display.ask_rating(other_done, QWidget())
    scripted(ui_ctx).dialog_handlers.append(reason)
    display.skip_action.trigger()
    qtbot.waitUntil(lambda: _stored(ui_ctx, other.payment_id) is not None, timeout=10000)
    stored = _stored(ui_ctx, other.payment_id)
    assert (stored.score, stored.skip_reason) == (None, "客户已离开") and window.page == IDLE
    # An accepted application: its number and promised date, then the pad.
    assert ui_ctx.actor is not None
    from app.services import applications

    customer = seed_customer(ui_ctx, name="欧阳修")
    btype = applications.shipped_catalogue().get("meter_test")
    accepted = applications.accept_application(
        ui_ctx.db,
        ui_ctx.actor,
        applications.AcceptApplication("meter_test", customer.id, {}, btype.documents),
    )
    shown = DoneTransaction(
        RatingKind.APPLICATION,
        accepted.id,
        accepted.application_no,
        customer.name,
        title="计量装置校验",
        promised_date=accepted.promised_date,
    )
    display.show_done(shown)
    assert accepted.application_no in window.done_lines.text()
    assert accepted.promised_date.isoformat() in window.done_promise.text()
    assert window.done_customer.text() == "客户：欧*修"
    display.ask_rating(shown, QWidget())
    qtbot.mouseClick(window.pad[3], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: ratings.rating_of(ui_ctx.db, ui_ctx.actor, RatingKind.APPLICATION, accepted.id) is not None,
        timeout=10000,
    )
    assert ratings.rating_of(ui_ctx.db, ui_ctx.actor, RatingKind.APPLICATION, accepted.id).score == 3  # type: ignore[union-attr]
    assert dt.date.today() <= accepted.promised_date


def test_the_thanks_page_does_not_wipe_the_next_customers_payment(
    qtbot, ui_ctx: UiContext, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """感谢您的评价 stays 4 s, then the idle page; a payment (or its 缴费成功 page) that begins
    meanwhile must stay on the customer's screen, not be replaced by the welcome page."""
    display, _said = _display(ui_ctx, qtbot)
    screen = QGuiApplication.primaryScreen()
    monkeypatch.setattr(display, "screen", lambda: screen)  # a second screen, as in the test above
    display.place()
    window = display.window
    assert window is not None and display.on_second_screen
    display.thanks.setInterval(50)
    receipt, done = _paid(ui_ctx)
    display.ask_rating(done, QWidget())
    window.pad[5].click()
    assert window.page == THANKS
    display.follow_payment("李四", 12000, 20000, 8000)  # the next customer, within the 4 s
    assert window.page == PAYMENT
    qtbot.wait(200)
    assert window.page == PAYMENT  # still the payment being taken
    # and the same for the finished page of a quick payment
    qtbot.waitUntil(lambda: _stored(ui_ctx, receipt.payment_id) is not None, timeout=10000)
    other, other_done = _paid(ui_ctx, name="王五")
    display.ask_rating(other_done, QWidget())
    window.pad[4].click()
    assert window.page == THANKS
    display.show_done(done)
    qtbot.wait(200)
    assert window.page == DONE


def test_a_closed_display_stays_closed_when_screens_change(qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """After log-out the old main window is kept (hidden) until the next log-in: a screen
    plugged in meanwhile must not bring its customer display back on the customer's screen."""
    display, _said = _display(ui_ctx, qtbot)
    screen = QGuiApplication.primaryScreen()
    monkeypatch.setattr(display, "screen", lambda: screen)
    display.place()
    assert display.on_second_screen
    display.close()  # the clerk logged out
    assert not display.on_second_screen
    display.place()  # what screenAdded / screenRemoved run
    assert not display.on_second_screen
