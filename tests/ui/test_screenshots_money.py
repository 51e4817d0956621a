"""Screenshots of the money screens for the README (docs/screenshots/*.png), qt-material applied.

bills.png — the bill tab with a bill explained and 24 months of usage; payment.png — the payment
dialog with two tenders and the change; receipt_preview.png — the receipt in the QtPdf preview.
Each test drives the real widgets into the state it shows and saves ``QWidget.grab()``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from app.dto.payments import TenderInput
from app.services import bill_view, payments
from tests.shots import SHOTS
from tests.ui.test_customers_flow import press
from tests.ui.test_payment_flow import (
    close_preview,
    keys,
    open_customer,
    open_shift,
    scripted,
    seed_bills,
    seed_customer,
    show_modal,
    wait_idle,
    wait_quote,
)
from tests.ui.test_screenshots_customers import make_module, themed  # noqa: F401 — the fixture
from ui.context import UiContext
from ui.payments.dialog import PaymentDialog
from ui.printing.preview import PdfPreviewDialog

#: a household's year: more in summer (air conditioning) and winter (heating)
SEASON = {1: 330, 2: 300, 3: 210, 4: 175, 5: 190, 6: 260, 7: 420, 8: 455, 9: 320, 10: 215, 11: 200, 12: 290}


def save(qtbot, widget: QWidget, name: str, min_size: tuple[int, int]) -> Path:  # type: ignore[no-untyped-def]
    qtbot.wait(80)  # let layouts and the chart settle
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    pixmap = widget.grab()
    assert pixmap.width() >= min_size[0] and pixmap.height() >= min_size[1]
    assert pixmap.save(str(path))
    assert path.stat().st_size > 10_000
    return path


def household(ctx: UiContext, months: int = 24):  # type: ignore[no-untyped-def]
    """陈建国 with 24 months of bills: all paid but the last three (the oldest of them overdue)."""
    customer = seed_customer(ctx, "陈建国", "杭州市上城区望江街道清泰街128号望江花园3幢2单元502室")
    today = dt.date.today()
    from tests.ui.test_payment_flow import recent_periods

    periods = recent_periods(months)
    usage = [SEASON[int(p[5:7])] for p in periods]
    seed_bills(ctx, customer, usage, periods, last_issue=today - dt.timedelta(days=2))
    open_shift(ctx)
    assert ctx.actor is not None
    view = bill_view.bill_view(ctx.db, ctx.actor, customer.id)
    settled = sorted(view.bills, key=lambda b: b.period)[:-3]
    amount = sum(b.outstanding_fen + b.late_fee_fen for b in settled)
    payments.post_payment(ctx.db, ctx.actor, payments.PostPayment(
        uuid.uuid4(), customer.id, (TenderInput("transfer", amount, "ICBC 20250612"),), amount))
    return customer


def test_screenshot_bills(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    customer = household(themed)
    module = make_module(qtbot, themed)
    open_customer(qtbot, module, customer)
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)
    tab.splitter.setSizes([330, 300])
    # the bill where the year's consumption crosses into the second tier: two lines
    two_lines = next((i for i, b in enumerate(tab.view.bills) if len(b.lines) > 1), 0)  # type: ignore[union-attr]
    tab.table.selectRow(two_lines)
    tab.table.setFocus()
    assert tab.lines_model.rowCount() >= 1 and len(tab.chart.values()) == 24
    assert module.money.bills.band.texts()["due"] != "—"
    save(qtbot, module, "bills.png", (1200, 760))


def test_screenshot_payment_dialog_and_receipt_preview(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    customer = household(themed)
    module = make_module(qtbot, themed)
    open_customer(qtbot, module, customer)
    seen: dict[str, object] = {}

    def pay(dialog: QDialog) -> int:
        assert isinstance(dialog, PaymentDialog)
        show_modal(qtbot, dialog)
        wait_quote(qtbot, dialog)
        dialog.tender_edits["qr"].setFocus()
        keys(qtbot, "200")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "微信 4200001987202611")
        dialog.tender_edits["cash"].setFocus()
        keys(qtbot, str(((dialog.due_fen or 0) - 20000) // 10000 + 1) + "00")  # the rest, rounded up to ¥100
        qtbot.waitUntil(lambda: dialog.change_fen is not None and not dialog.quoting, timeout=10000)
        save(qtbot, dialog, "payment.png", (860, 600))
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
        return dialog.result()

    def preview(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        qtbot.wait(300)  # QPdfView renders pages asynchronously
        save(qtbot, dialog, "receipt_preview.png", (520, 680))
        return close_preview(seen)(dialog)

    scripted(themed).dialog_handlers.extend([pay, preview])
    press(qtbot, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=20000)
    wait_idle(qtbot, themed)
    assert "陈建国" in str(seen["preview_text"])
