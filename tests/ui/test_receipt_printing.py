"""A receipt counts as printed only when it really went out (money path, review of issue #3).

Printed = the job ran on a printer, or the clerk printed or saved it as PDF from the preview.
Closing the preview is not printing: the cashier's 交班 is refused and names the receipt, and
Ctrl+P on that refusal prints it. A failing printer logs nothing and uses no copy number; a
reprint is copy 2 and says 补打 — also when another copy went out while the preview was open.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.errors import RuleViolation
from app.dto.customers import CustomerView
from app.services import cashier, payments
from tests.ui.test_cashier_ui import make_module as make_cashier
from tests.ui.test_cashier_ui import type_counts
from tests.ui.test_customers_flow import make_module, press
from tests.ui.test_payment_flow import (
    FileChooser,
    due_of,
    keys,
    open_customer,
    open_shift,
    pdf_text,
    post_cash,
    scripted,
    seed_bills,
    seed_customer,
    show_modal,
    wait_idle,
    wait_quote,
)
from tests.ui.test_shell import activate
from tests.ui.test_shell import focused as focused_in
from tests.ui.test_shell import press as press_in
from ui.context import UiContext
from ui.customers.module import CustomersModule
from ui.payments.dialog import PaymentDialog
from ui.printing import printer as printer_module
from ui.printing import receipts as receipts_module
from ui.printing.preview import PdfPreviewDialog
from ui.printing.printer import PrintFailed

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def chooser(tmp_path: Path):  # type: ignore[no-untyped-def]
    chooser = FileChooser(tmp_path)
    previous = printer_module.set_printer_chooser(chooser)
    yield chooser
    printer_module.set_printer_chooser(previous)


def copies_of(ctx: UiContext, payment_id) -> int:  # type: ignore[no-untyped-def]
    assert ctx.actor is not None
    return payments.get_receipt(ctx.db, ctx.actor, payment_id).print_count


def pay_by_keyboard(qtbot, ctx: UiContext, module: CustomersModule, customer: CustomerView,  # type: ignore[no-untyped-def]
                    preview=None) -> dict[str, object]:
    """F6, the due amount in cash, Enter; ``preview`` handles the receipt preview (if one opens)."""
    seen: dict[str, object] = {}

    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        keys(qtbot, f"{due_of(ctx, customer) / 100:.2f}")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        seen["receipt"] = dialog.receipt
        return dialog.result()

    scripted(ctx).dialog_handlers.append(pay)
    if preview is not None:
        scripted(ctx).dialog_handlers.append(preview)
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "receipt" in seen, timeout=15000)
    qtbot.waitUntil(lambda: not module.money.payments.payments_tab.printer.busy, timeout=20000)
    wait_idle(qtbot, ctx)
    return seen


def escape_preview(qtbot, seen: dict[str, object]):  # type: ignore[no-untyped-def]
    def handler(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        seen["note"] = dialog.note.text()
        seen["status"] = dialog.status.text()
        seen["text"] = dialog.text()
        press(qtbot, Qt.Key.Key_Escape)  # 关闭
        assert not dialog.isVisible()
        return dialog.result()

    return handler


@pytest.fixture
def counter(qtbot, ui_ctx: UiContext):  # type: ignore[no-untyped-def]
    """No receipt printer configured (the default); a customer with one bill; an open session."""
    assert ui_ctx.settings.receipt_printer == ""
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200], last_issue=dt.date.today())
    open_shift(ui_ctx, 10000)
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    return customer, module


# ---- closing the preview is not printing ----------------------------------------------------------


def test_esc_on_the_preview_blocks_the_close_until_ctrl_p_prints_it(
        qtbot, ui_ctx: UiContext, counter, chooser: FileChooser) -> None:  # type: ignore[no-untyped-def]
    customer, customers_module = counter
    preview: dict[str, object] = {}
    seen = pay_by_keyboard(qtbot, ui_ctx, customers_module, customer, escape_preview(qtbot, preview))
    receipt = seen["receipt"]
    assert "关闭预览不算已打印" in str(preview["note"]) and "补打" not in str(preview["text"])
    assert copies_of(ui_ctx, receipt.payment_id) == 0  # type: ignore[attr-defined]
    assert "未打印" in customers_module.message.text()

    # 交班 (F8): refused, naming the receipt; the service refuses too.
    module = make_cashier(qtbot, ui_ctx)
    press_in(qtbot, module, Qt.Key.Key_F8)
    page = module.close_page
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is page, timeout=10000)
    assert page.refused() and receipt.receipt_no in page.unprinted_text()  # type: ignore[attr-defined]
    assert "Ctrl+P" in page.unprinted_text() and not page.confirm_button.isEnabled()
    assert focused_in(module) is page.print_button
    with pytest.raises(RuleViolation, match=receipt.receipt_no):  # type: ignore[attr-defined]
        summary = module.summary
        assert summary is not None
        cashier.close_session(ui_ctx.db, ui_ctx.actor, cashier.CloseSession(  # type: ignore[arg-type]
            summary.session.id, summary.session.version, {}, ""))

    # Ctrl+P on the refusal: the preview opens; Esc again changes nothing …
    again: dict[str, object] = {}
    scripted(ui_ctx).dialog_handlers.append(escape_preview(qtbot, again))
    press_in(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: "text" in again and not module.receipts.busy, timeout=15000)
    wait_idle(qtbot, ui_ctx)
    assert page.refused() and copies_of(ui_ctx, receipt.payment_id) == 0  # type: ignore[attr-defined]
    assert "仍有收据未打印" in module.message.text()

    # … Ctrl+P, and Ctrl+P in the preview prints it (the print dialog answered: to a file).
    printed: list[str] = []

    def print_it(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        printed.append(dialog.text())
        press(qtbot, Qt.Key.Key_P, CTRL)
        qtbot.waitUntil(lambda: len(dialog.issued_copies) == 1, timeout=15000)
        assert "已出具第1联" in dialog.note.text()
        press(qtbot, Qt.Key.Key_Escape)
        return dialog.result()

    activate(qtbot, module)
    scripted(ui_ctx).dialog_handlers.append(print_it)
    press_in(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: not page.refused(), timeout=15000)
    wait_idle(qtbot, ui_ctx)
    assert "补打" not in printed[0] and len(chooser.outputs) == 1
    assert copies_of(ui_ctx, receipt.payment_id) == 1  # type: ignore[attr-defined]
    assert module.message.text() == "收据均已打印，请清点钱箱后交班"
    assert page.confirm_button.isEnabled()

    # Now the count closes the session.
    activate(qtbot, module)
    page.focus_first()
    type_counts(qtbot, module, ["1", "", "", "", "", "", "", "", "", "", "", ""])
    scripted(ui_ctx).confirms.append(True)
    press_in(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is module.day_end, timeout=10000)
    wait_idle(qtbot, ui_ctx)
    assert cashier.current_session(ui_ctx.db, ui_ctx.actor) is None  # type: ignore[arg-type]


def test_saving_the_preview_as_pdf_counts_as_issued(qtbot, ui_ctx: UiContext, counter,
                                                    tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    customer, module = counter
    saved: list[str] = []

    def save(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        scripted(ui_ctx).files.append(str(tmp_path / "receipt"))
        press(qtbot, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: len(dialog.issued_copies) == 1, timeout=15000)
        saved.extend(dialog.saved_paths)
        press(qtbot, Qt.Key.Key_Escape)
        return dialog.result()

    receipt = pay_by_keyboard(qtbot, ui_ctx, module, customer, save)["receipt"]
    assert saved == [str(tmp_path / "receipt.pdf")]
    text = pdf_text((tmp_path / "receipt.pdf").read_bytes())
    assert receipt.receipt_no in text and "补打" not in text  # type: ignore[attr-defined]
    assert copies_of(ui_ctx, receipt.payment_id) == 1  # type: ignore[attr-defined]
    assert "另存为PDF receipt.pdf" in module.message.text()
    assert cashier.session_summary(ui_ctx.db, ui_ctx.actor, cashier.current_session(  # type: ignore[arg-type, union-attr]
        ui_ctx.db, ui_ctx.actor).id).unprinted_receipts == ()  # type: ignore[arg-type]


# ---- a failing printer ------------------------------------------------------------------------------


def test_a_failing_printer_logs_nothing_and_the_next_copy_is_still_the_first(
        qtbot, ui_ctx: UiContext, counter, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    customer, module = counter
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer=f"pdf:{tmp_path / 'roll.pdf'}")
    jobs: list[bytes] = []

    def jammed(data: bytes, printer, fit: bool = False):  # type: ignore[no-untyped-def]
        jobs.append(data)
        raise PrintFailed("打印机缺纸")

    monkeypatch.setattr(receipts_module, "print_pdf", jammed)
    preview: dict[str, object] = {}
    receipt = pay_by_keyboard(qtbot, ui_ctx, module, customer, escape_preview(qtbot, preview))["receipt"]
    assert len(jobs) == 1 and preview["status"] == "打印机缺纸"  # the preview opened with the error
    assert copies_of(ui_ctx, receipt.payment_id) == 0  # type: ignore[attr-defined]
    assert "补打" not in str(preview["text"])

    # The printer is fixed: the reprint from 缴费记录 (Ctrl+P, Ctrl+P) is copy 1, not 补打.
    monkeypatch.undo()
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer=f"pdf:{tmp_path / 'roll.pdf'}")
    printer = module.money.payments.payments_tab.printer
    issued: list[object] = []
    printer.issued.connect(issued.append)
    activate(qtbot, module)  # back from the preview
    module.focus_search()
    press(qtbot, Qt.Key.Key_P, CTRL)  # shows 缴费记录 with the receipt selected
    press(qtbot, Qt.Key.Key_P, CTRL)  # prints it
    qtbot.waitUntil(lambda: len(issued) == 1, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    first = issued[0]
    assert (first.info.copy_no, first.info.reprint) == (1, False)  # type: ignore[attr-defined]
    assert "补打" not in pdf_text(first.pdf)  # type: ignore[attr-defined]
    assert (tmp_path / "roll.pdf").read_bytes().startswith(b"%PDF")
    assert copies_of(ui_ctx, receipt.payment_id) == 1  # type: ignore[attr-defined]

    # A reprint: copy 2, and the document says 补打.
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(issued) == 2, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    second = issued[1]
    assert (second.info.copy_no, second.info.reprint) == (2, True)  # type: ignore[attr-defined]
    assert "补打" in pdf_text(second.pdf)  # type: ignore[attr-defined]
    assert "补打，第2联" in module.message.text()
    assert copies_of(ui_ctx, receipt.payment_id) == 2  # type: ignore[attr-defined]


def test_an_unknown_printer_opens_the_preview_and_uses_no_copy_number(
        qtbot, ui_ctx: UiContext, counter) -> None:  # type: ignore[no-untyped-def]
    customer, module = counter
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer="柜台3号热敏打印机（已拆除）")
    preview: dict[str, object] = {}
    receipt = pay_by_keyboard(qtbot, ui_ctx, module, customer, escape_preview(qtbot, preview))["receipt"]
    assert "找不到打印机" in str(preview["status"])
    assert copies_of(ui_ctx, receipt.payment_id) == 0  # type: ignore[attr-defined]


# ---- copy numbers stay honest ---------------------------------------------------------------------


def test_a_copy_that_went_out_elsewhere_meanwhile_turns_the_preview_into_a_reprint(
        qtbot, ui_ctx: UiContext, counter, chooser: FileChooser) -> None:  # type: ignore[no-untyped-def]
    customer, module = counter
    receipt = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    texts: list[str] = []

    def print_after_another_counter(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        texts.append(dialog.text())  # rendered as copy 1
        # Another counter prints copy 1 while this preview is open.
        payments.record_print(ui_ctx.db, ui_ctx.actor, "receipt", receipt.payment_id, receipt.receipt_no)  # type: ignore[arg-type]
        press(qtbot, Qt.Key.Key_P, CTRL)
        qtbot.waitUntil(lambda: len(dialog.issued_copies) == 1, timeout=15000)
        texts.append(dialog.text())  # what was printed: re-rendered as copy 2
        issued = dialog.issued_copies[0]
        assert (issued.info.copy_no, issued.shown_copy_no) == (2, 2)  # type: ignore[attr-defined]
        press(qtbot, Qt.Key.Key_Escape)
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(print_after_another_counter)
    module.money.payments.payments_tab.reload()
    qtbot.waitUntil(lambda: module.money.payments.payments_tab.model.rowCount() == 1, timeout=10000)
    press(qtbot, Qt.Key.Key_P, CTRL)
    press(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(texts) == 2, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    assert "补打" not in texts[0] and "补打" in texts[1]
    assert copies_of(ui_ctx, receipt.payment_id) == 2


def test_the_close_page_prints_receipts_issued_before_a_restart(
        qtbot, ui_ctx: UiContext, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    receipt = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))  # posted before a restart: not in memory
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer=f"pdf:{tmp_path / 'roll.pdf'}")
    module = make_cashier(qtbot, ui_ctx)
    press_in(qtbot, module, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: module.close_page.refused(), timeout=10000)
    assert receipt.receipt_no in module.close_page.unprinted
    press_in(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: "收据均已打印" in module.message.text(), timeout=20000)
    wait_idle(qtbot, ui_ctx)
    assert (tmp_path / "roll.pdf").read_bytes().startswith(b"%PDF")
    assert copies_of(ui_ctx, receipt.payment_id) == 1


def test_a_print_whose_log_fails_still_counts_as_unprinted(qtbot, ui_ctx: UiContext, counter, tmp_path: Path,
                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    customer, module = counter
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer=f"pdf:{tmp_path / 'roll.pdf'}")

    def lost(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise ConnectionError("database went away")

    monkeypatch.setattr(receipts_module.payment_service, "record_print", lost)
    receipt = pay_by_keyboard(qtbot, ui_ctx, module, customer)["receipt"]
    monkeypatch.undo()
    assert (tmp_path / "roll.pdf").read_bytes().startswith(b"%PDF")  # the paper is out …
    assert copies_of(ui_ctx, receipt.payment_id) == 0  # type: ignore[attr-defined]  # … the log is not
    assert "打印记录未能保存" in module.message.text() and "交班前须重新打印" in module.message.text()
    assert receipts_module.unprinted(ui_ctx, [receipt.receipt_no]) == {  # type: ignore[attr-defined]
        receipt.receipt_no: receipt.payment_id}  # type: ignore[attr-defined]
