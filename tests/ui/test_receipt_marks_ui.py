"""Receipts that never went out, refunds, and the printer test page, as a clerk sees them
(issue 6 #5, #6, #14)."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from app.services import cashier, payments
from tests.conftest import SUPERVISOR_PASSWORD
from tests.printing import pdfcheck
from tests.ui.helpers import actor_of
from tests.ui.test_customers_flow import make_module, press
from tests.ui.test_payment_flow import (
    close_preview,
    due_of,
    focused,
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
from ui.payments.models import PaymentColumn
from ui.printing.preview import PdfPreviewDialog
from ui.printing.printer import PrintResult
from ui.settings import printer as printer_settings
from ui.settings.printer import PrinterSettingsDialog


def _status(module, receipt_no: str) -> str:  # type: ignore[no-untyped-def]
    tab = module.money.payments.payments_tab
    for row in range(tab.model.rowCount()):
        if tab.model.row_at(row).receipt_no == receipt_no:
            return str(tab.model.index(row, PaymentColumn.STATUS).data())
    raise AssertionError(f"{receipt_no} not in the payments list")


def test_an_unprinted_receipt_is_marked_and_its_first_print_is_no_reprint(
    qtbot, ui_ctx: UiContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    receipt = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))  # the preview was closed: never printed
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.payments.payments_tab
    assert _status(module, receipt.receipt_no) == "未打印"
    assert "未打印收据 1 张" in tab.summary.text()
    seen: dict[str, object] = {}

    def save_and_close(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        seen["before"] = dialog.text()
        scripted(ui_ctx).files.append(str(tmp_path / "first.pdf"))
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # 另存为PDF: copy 1 went out
        qtbot.waitUntil(lambda: len(dialog.issued_copies) == 1, timeout=15000)
        return close_preview(seen)(dialog)

    scripted(ui_ctx).dialog_handlers.append(save_and_close)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # shows the tab, selects the receipt
    assert focused() is tab.table and tab.selected() is not None
    assert tab.reprint_button.text() == "打印收据 (Ctrl+P)"  # not 补打: it never went out
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # prints it
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    wait_idle(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: not tab.loading and _status(module, receipt.receipt_no) == "正常", timeout=10000)

    assert "补打" not in str(seen["before"]) and "补打" not in pdfcheck.text(
        (tmp_path / "first.pdf").read_bytes()
    )
    assert "补打" not in module.message.text()
    assert payments.get_receipt(ui_ctx.db, actor_of(ui_ctx), receipt.payment_id).print_count == 1
    assert "未打印" not in tab.summary.text()
    tab.table.selectRow(0)
    assert tab.reprint_button.text() == "补打收据 (Ctrl+P)"  # the next copy is a reprint


def test_a_refunded_payment_reads_refunded(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx)
    seed_bills(ui_ctx, customer, [200])
    open_shift(ui_ctx)
    actor = actor_of(ui_ctx)
    paid = post_cash(ui_ctx, customer, due_of(ui_ctx, customer))
    payments.record_print(ui_ctx.db, actor, "receipt", paid.payment_id, paid.receipt_no)
    summary = cashier.current_session(ui_ctx.db, actor)
    assert summary is not None
    expected = cashier.session_summary(ui_ctx.db, actor, summary.id).expected_cash_fen
    cashier.close_session(
        ui_ctx.db,
        actor,
        cashier.CloseSession(
            summary.id, summary.version, {"note_1": expected // 100, "coin_1_jiao": expected % 100 // 10}
        ),
    )
    open_shift(ui_ctx)
    back = payments.refund_payment(
        ui_ctx.db,
        actor,
        payments.RefundPayment(
            uuid.uuid4(),
            paid.payment_id,
            "duplicate",
            "重复缴费退回",
            payments.SupervisorApproval("super1", SUPERVISOR_PASSWORD, ""),
        ),
    )
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    assert _status(module, paid.receipt_no) == "已退费"
    assert _status(module, back.receipt_no) == "未打印"  # the refund's own document never went out
    tab = module.money.payments.payments_tab
    row = tab.model.row_of(paid.payment_id)
    tab.table.selectRow(row)
    assert not tab.reverse_button.isEnabled()
    tab.reverse_selected()
    assert "已退费" in module.message.text() and "冲正" not in module.message.text()


def test_the_printer_test_page_names_this_hall_and_the_clerk(qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    printed: list[bytes] = []

    def fake_print(data: bytes, printer: QPrinter, fit: bool = False) -> PrintResult:
        printed.append(data)
        return PrintResult("前台小票机", 1, 203)

    monkeypatch.setattr(printer_settings, "make_printer", lambda name: QPrinter())
    monkeypatch.setattr(printer_settings, "print_pdf", fake_print)
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer="前台小票机")
    dialog = PrinterSettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.test_button.click()
    qtbot.waitUntil(lambda: bool(printed), timeout=15000)
    wait_idle(qtbot, ui_ctx)
    text = pdfcheck.text(printed[0])
    assert ui_ctx.node.name == "城东营业厅" and ui_ctx.actor is not None
    assert "城东营业厅（3301）" in text and "国网杭州供电公司" in text  # this hall, its company
    assert "王小丽" in text and "1001" in text  # the logged-in clerk (clerk1)
    for fixed in ("城东供电营业厅", "王丽（", "陈建国", "330107"):  # the hand-made sample's names
        assert fixed not in text
    assert "打印测试" in text
    assert "测试收据已送打印机" in dialog.status.text()
