"""Counter payments driven by the keyboard, like a clerk at the counter (issue #3 items 2, 4, 5).

Bills come from the real engine: readings imported as CSV and billed by ``compute_bills`` (as a
supervisor). The clerk opens a cashier session, opens the customer, presses F6, types the cash
and Enter; the receipt preview opens; the database holds the payment. Scripted dialogs answer
the modal dialogs (the payment dialog itself is driven with real key presses inside its handler).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy.exc
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app.domain.errors import DatabaseBusy
from app.domain.money import format_yuan
from app.dto.customers import CustomerView
from app.dto.payments import TenderInput
from app.services import auth, bill_run, bill_view, cashier, customers, payments, readings
from app.services.customers import CustomerInput, RegisterCustomer
from db.models import ServiceVisit
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD, set_hall_rules, valid_resident_id
from tests.ui.helpers import ScriptedDialogs, actor_of
from tests.ui.test_customers_flow import make_module, press, type_into
from ui.context import UiContext
from ui.customers.module import CustomersModule
from ui.payments import dialog as dialog_module
from ui.payments.dialog import PaymentDialog
from ui.payments.reversal import ReversalDialog
from ui.printing import printer as printer_module
from ui.printing.preview import PdfPreviewDialog
from ui.printing.printer import PrinterChooser

# ---- helpers (shared with test_billing_ui.py and test_screenshots_money.py) -------------------

_customer_numbers = iter(range(500, 10_000))


def seed_customer(ctx: UiContext, name: str = "张三", address: str = "杭州市西湖区文三路100号3幢2单元501室",
                  **extra: object) -> CustomerView:
    assert ctx.actor is not None
    n = next(_customer_numbers)
    values: dict[str, object] = {"party_type": "individual", "kind": "residential", "name": name, "id_type": "ric",
                                 "id_number": valid_resident_id(n), "area": "urban", "voltage_level": "220V",
                                 "capacity_kva": "8", "phone": f"138{n:08d}", "supply_address": address}
    values.update(extra)
    return customers.register_customer(ctx.db, ctx.actor, RegisterCustomer(
        CustomerInput(**values), confirm_duplicate=True))  # type: ignore[arg-type]


def month_before(period: str, months: int) -> str:
    year, month = int(period[:4]), int(period[5:7])
    index = year * 12 + month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def recent_periods(count: int) -> list[str]:
    """``count`` periods ending last month, oldest first."""
    today = dt.date.today()
    last = month_before(f"{today.year:04d}-{today.month:02d}", 1)
    return [month_before(last, count - 1 - i) for i in range(count)]


def seed_bills(ctx: UiContext, customer: CustomerView, usage: list[int], periods: list[str] | None = None,
               last_issue: dt.date | None = None) -> list[str]:
    """Readings for consecutive months (kWh each) billed by the tariff engine as a supervisor.

    Each month is read on the 25th and billed three days later; ``last_issue`` moves the newest
    bill's issue date (a bill not yet due)."""
    periods = periods or recent_periods(len(usage))
    supervisor = auth.login(ctx.db, "super1", SUPERVISOR_PASSWORD)
    reading = 1000
    for i, (period, kwh) in enumerate(zip(periods, usage, strict=True)):
        read_on = dt.date(int(period[:4]), int(period[5:7]), 25)
        csv = (f"户号,抄表日期,上次示数,本次示数\n{customer.account_no},{read_on.isoformat()},{reading},"
               f"{reading + kwh}\n").encode()
        report = readings.import_readings_csv(ctx.db, supervisor, csv, period, settings=ctx.settings)
        assert report.ok, report.errors
        reading += kwh
        issue = read_on + dt.timedelta(days=3)
        if last_issue is not None and i == len(periods) - 1:
            issue = last_issue
        run = bill_run.compute_bills(ctx.db, supervisor, period, issue_date=issue)
        assert run.bills == 1, run
    return periods


def open_shift(ctx: UiContext, float_fen: int = 50000) -> None:
    assert ctx.actor is not None
    cashier.open_session(ctx.db, ctx.actor, float_fen)


def due_of(ctx: UiContext, customer: CustomerView) -> int:
    assert ctx.actor is not None
    return bill_view.bill_view(ctx.db, ctx.actor, customer.id).due_fen


def scripted(ctx: UiContext) -> ScriptedDialogs:
    assert isinstance(ctx.dialogs, ScriptedDialogs)
    return ctx.dialogs


def open_customer(qtbot, module: CustomersModule, customer: CustomerView) -> None:  # type: ignore[no-untyped-def]
    """Scan the account number + Enter, and wait for the view, its bills and payments."""
    qtbot.keyClicks(module.search.box, customer.account_no)
    qtbot.keyClick(module.search.box, Qt.Key.Key_Return)
    money = module.money
    qtbot.waitUntil(lambda: module.current_customer() is not None
                    and module.current_customer().account_no == customer.account_no  # type: ignore[union-attr]
                    and money.bills.bills_tab.view is not None and money.bills.bills_tab.customer_id == customer.id
                    and not money.bills.bills_tab.loading and not money.payments.payments_tab.loading, timeout=10000)


def wait_idle(qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=15000)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def show_modal(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    """What ``exec()`` would do, but returning: show, activate, wait until it has the keyboard."""
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)


def keys(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the focused widget: ASCII as key strokes, Chinese as input-method commits."""
    widget = focused()
    assert widget is not None
    type_into(qtbot, widget, text)


def wait_quote(qtbot, dialog: PaymentDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog.quote is not None and not dialog.quoting, timeout=10000)


class FileChooser(PrinterChooser):
    """The print dialog answered: 'print' to a PDF file (a real QPrinter, Qt's PDF engine)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.outputs: list[Path] = []
        self.cancel = False

    def choose(self, printer: QPrinter, parent: QWidget | None) -> bool:
        if self.cancel:
            return False
        path = self.folder / f"printed_{len(self.outputs) + 1}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        self.outputs.append(path)
        return True


@pytest.fixture
def chooser(tmp_path: Path):  # type: ignore[no-untyped-def]
    chooser = FileChooser(tmp_path)
    previous = printer_module.set_printer_chooser(chooser)
    yield chooser
    printer_module.set_printer_chooser(previous)


def pdf_text(data: bytes) -> str:
    """The text of a PDF: pypdf when installed, else QtPdf (both read the embedded CJK font)."""
    try:
        from pypdf import PdfReader  # type: ignore[import-not-found]
    except ImportError:
        from ui.printing.printer import load_document

        document, _buffer = load_document(data)
        try:
            return "\n".join(document.getAllText(i).text() for i in range(document.pageCount()))
        finally:
            document.close()
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def close_preview(seen: dict[str, object]) -> Callable[[QDialog], int]:
    def handler(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        seen["preview_title"] = dialog.windowTitle()
        seen["preview_text"] = dialog.text()
        seen["preview_pdf"] = dialog.data
        dialog.close_button.click()
        return dialog.result()

    return handler


@pytest.fixture
def counter(qtbot, ui_ctx: UiContext):  # type: ignore[no-untyped-def]
    """A customer with three bills (the oldest overdue), clerk1's open session, the module."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [180, 230, 260], last_issue=dt.date.today())
    open_shift(ui_ctx)
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    return customer, module


# ---- the whole counter payment ----------------------------------------------------------------


def test_whole_counter_payment_by_keyboard(qtbot, ui_ctx: UiContext, counter) -> None:  # type: ignore[no-untyped-def]
    customer, module = counter
    due = due_of(ui_ctx, customer)
    assert due > 0
    band = module.money.bills.band.texts()
    assert band["due"] == format_yuan(due) and band["arrears"] != "—"
    cash = (due // 10000 + 1) * 10000  # the next round hundred
    seen: dict[str, object] = {}

    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        assert focused() is dialog.tender_edits["cash"]  # the cursor waits in 现金
        assert dialog.amount_edit.text() == f"{due / 100:.2f}"  # 收费金额 = 应缴
        assert dialog.figures["due"].text() == format_yuan(due)
        assert dialog.allocation_model.rowCount() == 3  # oldest first, every bill settled
        assert [r.period for r in dialog.allocation_model.rows()] == sorted(
            r.period for r in dialog.allocation_model.rows())
        assert dialog.capital_label.text().startswith("大写：人民币")
        keys(qtbot, str(cash // 100))
        seen["change"] = dialog.change_label.text()
        seen["request_id"] = dialog.request_id
        press(qtbot, Qt.Key.Key_Return)  # covered: Enter confirms
        assert dialog.posting and not dialog.confirm_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend([pay, close_preview(seen)])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    wait_idle(qtbot, ui_ctx)

    assert seen["change"] == format_yuan(cash - due)
    stored = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)
    assert len(stored) == 1 and stored[0].payment_id == seen["request_id"]
    receipt = payments.get_receipt(ui_ctx.db, actor_of(ui_ctx), stored[0].payment_id)
    assert (receipt.amount_fen, receipt.tendered_fen, receipt.change_fen) == (due, cash, cash - due)
    assert receipt.print_count == 0  # the preview was only closed: nothing went out, nothing logged
    text = str(seen["preview_text"])
    assert receipt.receipt_no in str(seen["preview_title"])
    assert customer.name in text and "补打" not in text
    message = module.message.text()
    assert receipt.receipt_no in message and "未打印" in message and format_yuan(cash - due) in message
    # Everything reloaded: nothing owed any more, the payment listed and selected.
    qtbot.waitUntil(lambda: module.money.bills.band.texts()["due"] == format_yuan(0), timeout=10000)
    assert module.money.payments.payments_tab.model.rowCount() == 1
    assert module.money.bills.bills_tab.view is not None and module.money.bills.bills_tab.view.arrears_fen == 0
    assert "(1)" in module.view.tabs.tabText(module.money.payments.payments_index)
    # The handling time went with the payment, from when the view first showed the customer
    # (docs/rules.md#supervisor-dashboard).
    with ui_ctx.db.read() as s:
        visit = s.execute(sqlalchemy.select(ServiceVisit.started_at, ServiceVisit.transaction_id)).one()
    assert module.host.served_since() is not None
    assert tuple(visit) == (module.host.served_since(), receipt.payment_id)


def test_two_tenders_card_with_reference_and_cash_change(qtbot, ui_ctx: UiContext, counter) -> None:  # type: ignore[no-untyped-def]
    customer, module = counter
    due = due_of(ui_ctx, customer)
    card = 10000
    seen: dict[str, object] = {}

    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        press(qtbot, Qt.Key.Key_Down)  # ↓ from 现金 to 银行卡 (Enter on empty cash would take it all in cash)
        assert focused() is dialog.tender_edits["card"]
        keys(qtbot, "100")
        press(qtbot, Qt.Key.Key_Return)  # a card amount leads to its reference
        assert focused() is dialog.ref_edits["card"]
        keys(qtbot, "POS 889123")
        press(qtbot, Qt.Key.Key_Return)  # not covered yet: on to 扫码
        assert focused() is dialog.tender_edits["qr"]
        assert "还差" in dialog.short_label.text()
        dialog.tender_edits["cash"].setFocus()
        keys(qtbot, "500")
        seen["change"] = dialog.change_fen
        if (dialog.change_fen or 0) >= dialog.rules.large_change_confirm_fen:
            scripted(ui_ctx).confirms.append(True)  # 找零 of ¥100 or more is confirmed (item 8)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend([pay, close_preview(seen)])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    wait_idle(qtbot, ui_ctx)

    assert seen["change"] == card + 50000 - due
    row = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)[0]
    receipt = payments.get_receipt(ui_ctx.db, actor_of(ui_ctx), row.payment_id)
    assert {(t.kind, t.amount_fen, t.reference) for t in receipt.tenders} == {
        ("card", card, "POS 889123"), ("cash", 50000, "")}
    assert receipt.change_fen == card + 50000 - due and receipt.amount_fen == due
    assert "银行卡" in row.tenders and "现金" in row.tenders


class KeyCounter:
    """Presses keys on the focused widget and counts them: the clerk's keystrokes."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0

    def press(self, key: Qt.Key) -> None:
        self.count += 1
        press(self.qtbot, key)

    def type(self, text: str) -> None:
        self.count += len(text)
        keys(self.qtbot, text)


def test_exact_money_is_one_enter_on_the_empty_cash_field(qtbot, ui_ctx: UiContext, counter) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 7: the customer hands over exactly 应缴; the dialog opens with the cursor in
    现金, and ONE key (Enter) takes the exact amount in cash and posts it."""
    customer, module = counter
    due = due_of(ui_ctx, customer)
    seen: dict[str, object] = {}

    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        assert focused() is dialog.tender_edits["cash"] and dialog.tender_edits["cash"].text() == ""
        clerk = KeyCounter(qtbot)
        clerk.press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        seen["keys"] = clerk.count
        seen["cash_text"] = dialog.tender_edits["cash"].text()
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend([pay, close_preview(seen)])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    wait_idle(qtbot, ui_ctx)
    assert seen["keys"] == 1
    assert seen["cash_text"] == f"{due / 100:.2f}"  # the clerk sees what was taken
    row = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)[0]
    receipt = payments.get_receipt(ui_ctx.db, actor_of(ui_ctx), row.payment_id)
    assert (receipt.amount_fen, receipt.tendered_fen, receipt.change_fen) == (due, due, 0)
    assert [(t.kind, t.amount_fen) for t in receipt.tenders] == [("cash", due)]
    assert not any(kind == "confirm" for kind, _, _ in scripted(ui_ctx).asked)


def test_exact_money_for_a_typed_part_payment_and_the_rest_after_a_card(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 7: after typing an amount (收费金额 10 + Enter) the clerk is in 现金 and one
    Enter takes ¥10.00; with a card tender typed first, Enter on empty cash takes only the rest."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200, 240])
    open_shift(ui_ctx)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    clerk = KeyCounter(qtbot)
    dialog.amount_edit.setFocus()
    dialog.amount_edit.selectAll()
    clerk.type("10")
    clerk.press(Qt.Key.Key_Return)  # the amount: on to 现金
    assert focused() is dialog.tender_edits["cash"]
    clerk.press(Qt.Key.Key_Return)  # exact money
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert clerk.count == len("10") + 2
    receipt = dialog.receipt
    assert receipt is not None and (receipt.amount_fen, receipt.tendered_fen, receipt.change_fen) == (1000, 1000, 0)

    second = make_dialog(qtbot, ui_ctx, customer)
    due = second.due_fen
    assert due is not None and due > 3000
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is second.tender_edits["card"]
    keys(qtbot, "30")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is second.ref_edits["card"]
    keys(qtbot, "POS 1234")
    second.tender_edits["cash"].setFocus()
    press(qtbot, Qt.Key.Key_Return)  # the rest in cash, exactly
    qtbot.waitUntil(lambda: second.receipt is not None, timeout=10000)
    receipt = second.receipt
    assert receipt is not None
    assert sorted((t.kind, t.amount_fen) for t in receipt.tenders) == [("card", 3000), ("cash", due - 3000)]
    assert receipt.change_fen == 0


def test_a_missed_decimal_point_asks_before_giving_large_change(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 8: ¥54.34 due, the clerk types 5434 for the cash: the confirmation names the
    change ¥5,379.66; 否 posts nothing and puts the cursor back on 现金; a sensible tender then
    posts without a question, and a confirmed large change posts once."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200, 240])
    open_shift(ui_ctx)
    dialogs = scripted(ui_ctx)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    assert dialog.rules.large_change_confirm_fen == 10000  # the default: ¥100
    dialog.amount_edit.setFocus()
    dialog.amount_edit.selectAll()
    keys(qtbot, "54.34")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "5434")
    assert dialog.change_label.text() == "¥5,379.66" and "请核对现金金额" in dialog.short_label.text()
    dialogs.confirms.append(False)
    press(qtbot, Qt.Key.Key_Return)
    kind, title, text = dialogs.asked[-1]
    assert kind == "confirm" and "找零" in title
    assert "¥5,379.66" in text and "¥54.34" in text and "¥5,434.00" in text
    assert not dialog.posting and dialog.post_attempts == 0 and dialog.receipt is None
    assert focused() is dialog.tender_edits["cash"]
    assert "¥5,379.66" in dialog.error_text("cash")
    assert payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id) == []

    keys(qtbot, "100")  # the field was selected: the clerk retypes
    asked = len(dialogs.asked)
    press(qtbot, Qt.Key.Key_Return)  # change ¥45.66: no question
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert len(dialogs.asked) == asked
    assert dialog.receipt is not None and dialog.receipt.change_fen == 4566

    second = make_dialog(qtbot, ui_ctx, customer)
    second.amount_edit.setFocus()
    second.amount_edit.selectAll()
    keys(qtbot, "54.34")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "154.34")  # exactly ¥100 change: the threshold asks
    dialogs.confirms.append(True)
    press(qtbot, Qt.Key.Key_Return)
    assert "¥100.00" in dialogs.asked[-1][2]
    qtbot.waitUntil(lambda: second.receipt is not None, timeout=10000)
    assert second.receipt is not None and second.receipt.change_fen == 10000 and second.post_attempts == 1


def test_the_large_change_threshold_is_a_hall_rule(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Issue 7 #8: the threshold is the hall's (database), read by the dialog when it opens."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    set_hall_rules(ui_ctx.db, large_change_confirm_fen="20.00")  # ¥20
    dialog = make_dialog(qtbot, ui_ctx, customer)
    due = dialog.due_fen
    assert due is not None
    keys(qtbot, f"{(due + 2500) / 100:.2f}")
    scripted(ui_ctx).confirms.append(True)
    press(qtbot, Qt.Key.Key_Return)
    assert scripted(ui_ctx).asked[-1][0] == "confirm" and "¥25.00" in scripted(ui_ctx).asked[-1][2]
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)

    set_hall_rules(ui_ctx.db, large_change_confirm_fen="0")  # never ask
    second = make_dialog(qtbot, ui_ctx, customer)
    keys(qtbot, "9000")
    asked = len(scripted(ui_ctx).asked)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: second.receipt is not None, timeout=10000)
    assert len(scripted(ui_ctx).asked) == asked


def test_the_change_stays_on_screen_until_esc_or_the_next_customer(qtbot, ui_ctx: UiContext, counter) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 9: after the payment is posted and the receipt printed (here: its preview
    closed) the customer view still shows 找零 in big figures; Esc clears it, and so does
    opening the next customer."""
    customer, module = counter
    due = due_of(ui_ctx, customer)
    cash = (due // 10000 + 1) * 10000
    notice = module.money.payments.change_notice
    assert notice.isHidden()
    seen: dict[str, object] = {}

    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        keys(qtbot, str(cash // 100))
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        return dialog.result()

    def preview(dialog: QDialog) -> int:
        seen["notice_while_printing"] = notice.text()
        return close_preview(seen)(dialog)

    scripted(ui_ctx).dialog_handlers.extend([pay, preview])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    wait_idle(qtbot, ui_ctx)
    change = format_yuan(cash - due)
    assert seen["notice_while_printing"] == f"找零 {change}"
    qtbot.wait(1500)  # well past the moment the dialog used to take the change away
    assert notice.isVisible() and notice.text() == f"找零 {change}"
    assert "40px" in notice.amount.styleSheet()
    assert format_yuan(cash) in notice.details.text() and format_yuan(due) in notice.details.text()
    module.activateWindow()  # what the window system does when the modal dialogs are gone
    qtbot.waitUntil(lambda: QApplication.activeWindow() is module, timeout=5000)
    assert focused() is module.search.box  # ready for the next customer
    press(qtbot, Qt.Key.Key_Escape)
    assert notice.isHidden() and notice.text() == ""

    # Again (a prepayment), and this time the next customer clears it.
    other = seed_customer(ui_ctx, name="李四")
    seed_bills(ui_ctx, other, [120])
    open_customer(qtbot, module, customer)

    def prepay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        dialog.amount_edit.setFocus()
        keys(qtbot, "30")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "50")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        return dialog.result()

    seen.clear()
    scripted(ui_ctx).dialog_handlers.extend([prepay, close_preview(seen)])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    wait_idle(qtbot, ui_ctx)
    assert notice.text() == "找零 ¥20.00"
    module.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is module, timeout=5000)
    open_customer(qtbot, module, other)
    assert notice.isHidden()


def make_dialog(qtbot, ctx: UiContext, customer: CustomerView) -> PaymentDialog:  # type: ignore[no-untyped-def]
    dialog = PaymentDialog(ctx, customer)
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    wait_quote(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.rules_loaded, timeout=10000)
    return dialog


def test_bad_input_gets_chinese_messages_next_to_the_field(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200, 240])
    open_shift(ui_ctx)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    due = dialog.due_fen
    assert due

    def amount(text: str) -> str:
        dialog.amount_edit.setFocus()
        dialog.amount_edit.selectAll()
        keys(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
        return dialog.error_text("amount")

    assert amount("-5") == "收费金额不能为负数"
    assert focused() is dialog.amount_edit  # stays on the field to correct it
    assert amount("0") == "收费金额必须大于零"
    assert amount("12.345") == "收费金额最多两位小数（精确到分）"
    assert amount("200000") == "收费金额不能超过¥100,000.00"
    assert amount("abc") == "收费金额格式不正确，请输入数字，如 128.50"
    assert amount(f"{due / 100:.2f}") == ""
    assert focused() is dialog.tender_edits["cash"]

    keys(qtbot, "1.005")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.error_text("cash") == "现金金额最多两位小数（精确到分）"
    dialog.tender_edits["cash"].selectAll()
    keys(qtbot, "1")
    assert dialog.error_text("cash") == ""  # correcting clears the message at once
    dialog.confirm_button.click()  # cash less than due
    assert dialog.error_text("cash") == f"现金不足，还差 {format_yuan(due - 100)}"
    assert focused() is dialog.tender_edits["cash"]

    dialog.tender_edits["cash"].clear()
    dialog.tender_edits["qr"].setFocus()
    keys(qtbot, f"{(due + 100) / 100:.2f}")
    dialog.confirm()
    assert "超过应收" in dialog.error_text("qr")  # only cash gives change

    dialog.tender_edits["qr"].clear()
    dialog.confirm()
    assert dialog.error_text("cash") == "请输入收款金额（现金、银行卡、扫码或转账）"
    assert dialog.post_attempts == 0 and dialog.receipt is None
    assert payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id) == []
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_double_confirm_posts_once_and_a_retry_reuses_the_request_id(qtbot, ui_ctx: UiContext,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    real = payments.post_payment
    calls: list[uuid.UUID] = []

    def flaky(db, actor, cmd):  # type: ignore[no-untyped-def]
        calls.append(cmd.request_id)
        receipt = real(db, actor, cmd)
        if len(calls) == 1:
            raise ConnectionError("the reply was lost")  # committed, but the clerk never heard
        return receipt

    monkeypatch.setattr(dialog_module.payment_service, "post_payment", flaky)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    keys(qtbot, "500")
    scripted(ui_ctx).confirms.append(True)  # 找零 over ¥100 is confirmed once (item 8) …
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)  # impatient: a second Enter …
    dialog.confirm_button.click()  # … and a click while the first post is in flight
    dialog.confirm()
    qtbot.waitUntil(lambda: not dialog.posting, timeout=10000)
    assert len(calls) == 1 and dialog.receipt is None
    assert "不会重复收费" in dialog.error_text("general")

    dialog.confirm_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # the retry
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert calls == [dialog.request_id, dialog.request_id]
    assert [kind for kind, _, _ in scripted(ui_ctx).asked] == ["confirm"]  # … and not again on the retry
    rows = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)
    assert len(rows) == 1 and rows[0].payment_id == dialog.request_id
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_database_error_after_commit_locks_the_form_and_the_retry_charges_once(
        qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The TaskRunner turns a driver error into DatabaseFailure (a DomainError): its outcome is
    unknown (the connection dropped at COMMIT), so it is not a refusal: same request id, locked."""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    real = payments.post_payment
    calls: list[uuid.UUID] = []

    def lost_at_commit(db, actor, cmd):  # type: ignore[no-untyped-def]
        calls.append(cmd.request_id)
        receipt = real(db, actor, cmd)
        if len(calls) == 1:  # committed, then the connection went away before the reply
            raise sqlalchemy.exc.OperationalError("COMMIT", {}, ConnectionError("server closed the connection"))
        return receipt

    monkeypatch.setattr(dialog_module.payment_service, "post_payment", lost_at_commit)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    first_id = dialog.request_id
    keys(qtbot, "500")
    scripted(ui_ctx).confirms.append(True)  # the large change
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.posting, timeout=10000)
    assert dialog.receipt is None and dialog.request_id == first_id
    assert dialog.unanswered is not None and dialog.unanswered.request_id == first_id
    assert "数据库错误（日志编号" in dialog.error_text("general")
    assert dialog.status.text() == "结果未知：不能修改，重试会原样重发同一笔收费"
    assert not dialog.tender_edits["cash"].isEnabled()  # nothing to edit before the retry

    dialog.confirm_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # 原样重试
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert calls == [first_id, first_id]
    rows = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)
    assert len(rows) == 1 and rows[0].payment_id == first_id  # charged once
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_database_busy_is_a_refusal_and_the_next_confirm_is_a_new_request(
        qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)

    def busy(db, actor, cmd):  # type: ignore[no-untyped-def]
        raise DatabaseBusy()

    monkeypatch.setattr(dialog_module.payment_service, "post_payment", busy)
    dialog = make_dialog(qtbot, ui_ctx, customer)
    first_id = dialog.request_id
    keys(qtbot, "200")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.posting, timeout=10000)
    assert dialog.unanswered is None and dialog.request_id == first_id  # nothing was written
    assert "数据库正忙" in dialog.error_text("general")
    assert dialog.tender_edits["cash"].isEnabled() and not dialog.tender_edits["cash"].isReadOnly()


def test_without_an_open_session_f6_offers_to_open_one(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    dialogs = scripted(ui_ctx)
    dialogs.choices.append(1)  # 取消
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "请先开班" in module.message.text(), timeout=10000)
    assert dialogs.asked[-1][0] == "choose" and "开班" in dialogs.asked[-1][2]

    opened: list[str] = []

    def open_with_float(dialog: QDialog) -> int:
        from ui.cashier.open_dialog import OpenSessionDialog

        assert isinstance(dialog, OpenSessionDialog)
        show_modal(qtbot, dialog)
        keys(qtbot, "300")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.opened is not None, timeout=10000)
        opened.append(dialog.opened.session_no)  # type: ignore[union-attr]
        return dialog.result()

    def cancel_payment(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        opened.append("payment dialog")
        dialog.reject()
        return dialog.result()

    dialogs.choices.append(0)  # 现在开班
    dialogs.dialog_handlers.extend([open_with_float, cancel_payment])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=10000)
    assert cashier.current_session(ui_ctx.db, actor_of(ui_ctx)) is not None


def test_f6_without_a_customer_says_what_to_do(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    press(qtbot, Qt.Key.Key_F6)
    assert "请先查询并打开客户" in module.message.text()
    assert scripted(ui_ctx).asked == []


# ---- printing, reprints -------------------------------------------------------------------------


def post_cash(ctx: UiContext, customer: CustomerView, fen: int):  # type: ignore[no-untyped-def]
    assert ctx.actor is not None
    return payments.post_payment(ctx.db, ctx.actor, payments.PostPayment(
        uuid.uuid4(), customer.id, (TenderInput("cash", fen),)))


def test_ctrl_p_reprints_the_selected_receipt_marked_bu_da(qtbot, ui_ctx: UiContext,
                                                          tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    receipt = post_cash(ui_ctx, customer, due_of(ui_ctx, customer) + 1000)
    payments.record_print(ui_ctx.db, actor_of(ui_ctx), "receipt", receipt.payment_id, receipt.receipt_no)  # copy 1
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    seen: dict[str, object] = {}

    def save_and_close(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        scripted(ui_ctx).files.append(str(tmp_path / "reprint.pdf"))
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 另存为PDF: the copy is issued
        qtbot.waitUntil(lambda: len(dialog.issued_copies) == 1, timeout=15000)
        return close_preview(seen)(dialog)

    scripted(ui_ctx).dialog_handlers.append(save_and_close)

    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # first: shows the tab, selects
    tab = module.money.payments.payments_tab
    assert module.view.tabs.currentWidget() is tab and focused() is tab.table
    assert tab.selected() is not None and tab.selected().receipt_no == receipt.receipt_no  # type: ignore[union-attr]
    assert "再按 Ctrl+P" in module.message.text()
    assert "preview_text" not in seen
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # second: prints
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    wait_idle(qtbot, ui_ctx)

    assert "补打" in str(seen["preview_text"])
    assert "补打" in pdf_text(seen["preview_pdf"])  # type: ignore[arg-type]
    assert "补打" in pdf_text((tmp_path / "reprint.pdf").read_bytes())
    assert payments.get_receipt(ui_ctx.db, actor_of(ui_ctx), receipt.payment_id).print_count == 2
    assert "补打，第2联" in module.message.text() and "另存为PDF" in module.message.text()


def test_preview_prints_through_the_printer_seam_and_a_second_print_is_a_logged_reprint(
        qtbot, ui_ctx: UiContext, chooser: FileChooser) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    receipt = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    texts: list[str] = []

    def print_twice(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        texts.append(dialog.text())
        press(qtbot, Qt.Key.Key_Return)  # 打印 is the default button
        qtbot.waitUntil(lambda: len(dialog.prints) == 1, timeout=15000)
        assert "已发送到打印机" in dialog.status.text()
        press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: len(dialog.prints) == 2, timeout=15000)
        texts.append(dialog.text())  # the document shown is now the reprint
        press(qtbot, Qt.Key.Key_Escape)
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(print_twice)
    module.money.payments.payments_tab.table.selectRow(0)
    module.money.payments.payments_tab.table.setFocus()
    module.view.tabs.setCurrentWidget(module.money.payments.payments_tab)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(texts) == 2, timeout=20000)
    wait_idle(qtbot, ui_ctx)

    assert "补打" not in texts[0] and "补打" in texts[1]
    assert payments.get_receipt(ui_ctx.db, actor_of(ui_ctx), receipt.payment_id).print_count == 2
    assert len(chooser.outputs) == 2
    for path in chooser.outputs:  # what went to the "printer": one page, rasterised
        data = path.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 5000
    assert "已送打印机" in module.message.text()


def test_a_configured_printer_prints_without_asking(qtbot, ui_ctx: UiContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "counter-printer.pdf"
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer=f"pdf:{out}", receipt_paper="A5")
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)

    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        keys(qtbot, str((dialog.due_fen or 0) // 10000 + 1) + "00")  # the next round hundred
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(pay)
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "已送打印机" in module.message.text(), timeout=20000)
    wait_idle(qtbot, ui_ctx)
    assert [kind for kind, _, _ in scripted(ui_ctx).asked] == ["dialog"]  # no preview
    assert out.read_bytes().startswith(b"%PDF")
    from ui.printing.printer import load_document

    document, _buffer = load_document(out.read_bytes())
    size = document.pagePointSize(0)
    document.close()
    short, long = sorted((size.width(), size.height()))
    assert abs(short - 419.5) < 3 and abs(long - 595.3) < 3  # A5 paper, as configured


# ---- reversal -----------------------------------------------------------------------------------


def test_reversal_with_supervisor_approval_on_the_clerks_screen(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    original = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.payments.payments_tab
    module.view.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    assert tab.reverse_button.isEnabled()
    seen: dict[str, object] = {}
    errors: list[str] = []

    def reverse(dialog: QDialog) -> int:
        assert isinstance(dialog, ReversalDialog)
        show_modal(qtbot, dialog)
        assert focused() is dialog.reason_code
        dialog.reason_code.setCurrentIndex(dialog.reason_code.findData("wrong_amount"))
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "金额输错，当面退回")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "clerk2")  # a clerk cannot approve
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, CLERK_PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.attempts == 1 and not dialog.busy, timeout=10000)
        errors.append(dialog.fields["username"].error_text())
        dialog.username.setFocus()
        dialog.username.selectAll()
        keys(qtbot, "super1")
        dialog.password.setFocus()
        keys(qtbot, "wrong-password")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.attempts == 2 and not dialog.busy, timeout=10000)
        errors.append(dialog.fields["password"].error_text())
        assert dialog.password.text() == ""
        keys(qtbot, SUPERVISOR_PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        seen["request_ids"] = dialog.request_id
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend([reverse, close_preview(seen)])
    tab.reverse_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=20000)
    wait_idle(qtbot, ui_ctx)

    assert "无此授权权限" in errors[0]
    assert "用户名或密码错误" in errors[1]
    assert "冲正" in str(seen["preview_text"])
    rows = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)
    kinds = {r.kind: r for r in rows}
    assert set(kinds) == {"payment", "reversal"} and kinds["payment"].reversed
    assert kinds["reversal"].payment_id == seen["request_ids"]
    assert payments.get_receipt(ui_ctx.db, actor_of(ui_ctx), kinds["reversal"].payment_id).reverses_receipt_no \
        == original.receipt_no
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2, timeout=10000)
    reversal_no = tab.model.row_at(tab.model.row_of(kinds["reversal"].payment_id)).receipt_no  # type: ignore[union-attr]
    assert f"冲正凭证 {reversal_no}" in module.message.text() and "未打印" in module.message.text()  # preview closed
    qtbot.waitUntil(lambda: module.money.bills.band.texts()["due"] != format_yuan(0), timeout=10000)

    # Reversing twice: the button is off for a reversed payment, and the service would refuse.
    tab.table.selectRow(tab.model.row_of(original.payment_id))
    assert not tab.reverse_button.isEnabled()


def test_reversal_dialog_checks_its_fields_before_asking_the_service(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    row = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)[0]
    dialog = ReversalDialog(ui_ctx, row)
    qtbot.addWidget(dialog)
    dialog.ok_button.click()
    assert "至少2个字" in dialog.fields["reason"].error_text()
    dialog.reason.setText("收错户了")
    dialog.ok_button.click()
    assert dialog.fields["username"].error_text() == "请值班长输入用户名"
    dialog.username.setText("super1")
    dialog.ok_button.click()
    assert dialog.fields["password"].error_text() == "请值班长输入密码"
    assert dialog.attempts == 0


def test_preview_save_as_pdf_goes_through_the_dialog_seam(qtbot, ui_ctx: UiContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.printing.receipt import render_receipt
    from app.printing.samples import sample_receipt

    data = render_receipt(sample_receipt())
    dialog = PdfPreviewDialog(ui_ctx, data, "收费收据 3301R00000042", "收据_3301R00000042.pdf")
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    scripted(ui_ctx).files.append(str(tmp_path / "saved"))
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.saved_paths), timeout=10000)
    assert dialog.saved_paths == [str(tmp_path / "saved.pdf")]
    assert (tmp_path / "saved.pdf").read_bytes() == data
    assert ("save_file", "另存为PDF", "收据_3301R00000042.pdf") in scripted(ui_ctx).asked
    assert "已保存" in dialog.status.text()
    assert "陈建国" in dialog.text()


def test_login_as_other_clerk_cannot_reverse_someone_elses_payment(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    row = payments.list_payments(ui_ctx.db, actor_of(ui_ctx), customer.id)[0]
    login_as(ui_ctx, "clerk2")
    dialog = ReversalDialog(ui_ctx, row)
    qtbot.addWidget(dialog)
    dialog.reason.setText("收错户了")
    dialog.username.setText("super1")
    dialog.password.setText(SUPERVISOR_PASSWORD)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.attempts == 1 and not dialog.busy, timeout=10000)
    assert dialog.receipt is None
    assert "本人" in dialog.error.text() or "班次" in dialog.error.text()


def test_a_payment_form_for_a_customer_the_clerk_has_left_is_not_timed_from_another(
    qtbot, ui_ctx: UiContext, counter
) -> None:  # type: ignore[no-untyped-def]
    """F6 checks the cashier session on a worker; if the clerk opens the next customer before the
    answer, the form is for the first one: it must not take the second one's start
    (docs/rules.md#supervisor-dashboard, handling time)."""
    customer, module = counter
    other = seed_customer(ui_ctx, "李四", "杭州市西湖区文三路102号")
    module.search.box.clear()
    open_customer(qtbot, module, other)
    assert module.host.served_since() is not None
    seen: dict[str, object] = {}

    def capture(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        seen["customer"] = dialog.customer.id
        seen["served_since"] = dialog.served_since
        return int(QDialog.DialogCode.Rejected)

    scripted(ui_ctx).dialog_handlers.append(capture)
    module.money.payments._run_payment_dialog(customer)  # the answer for the customer left
    wait_idle(qtbot, ui_ctx)
    assert seen["customer"] == customer.id
    assert seen["served_since"] is None
    assert module.host.served_since(other.id) is not None
    assert module.host.served_since(customer.id) is None
