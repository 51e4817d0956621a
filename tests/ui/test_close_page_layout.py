"""The 交班 page on the screens counters really have (issue 6 item 24): 1366×768 and 1024×768,
the theme on, with the refusal card for an unprinted receipt taking its share of the height.

Nothing may sit on anything else (the "收费 N 笔…" line used to land on the 合计 row of the
takings table and on the 备注 label), the count rows keep their height, and at these sizes
the whole count fits without scrolling.
"""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.dto.payments import TenderInput
from app.services import payments
from tests.ui.test_screenshots_cashier import busy_morning, customer, themed, window_with  # noqa: F401 — fixture
from ui.cashier.close_page import ROW_HEIGHT
from ui.cashier.module import CashierModule
from ui.context import UiContext


def _rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size", [(1366, 768), (1024, 768)])
def test_close_page_fits_without_overlap(qtbot, themed, ui_ctx: UiContext, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    busy_morning(ui_ctx)
    assert ui_ctx.actor is not None
    payments.post_payment(
        ui_ctx.db,
        ui_ctx.actor,
        payments.PostPayment(uuid.uuid4(), customer(ui_ctx, 60, "孙七"), (TenderInput("cash", 5000),)),
    )  # never printed
    window, module = window_with(qtbot, ui_ctx, "cashier")
    assert isinstance(module, CashierModule)
    window.resize(*size)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    window.focus_module()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is module.close_page, timeout=10000)
    qtbot.wait(50)
    page = module.close_page
    assert page.refused() and window.width() == size[0] and window.height() == size[1]

    # the check card, top to bottom: each piece ends before the next begins
    order = [
        page.counted_value,
        page.over_short,
        page.tender_table,
        page.counts_label,
        page.note,
        page.confirm_button,
    ]
    rects = [_rect(w, window) for w in order]
    for (upper, a), (lower, b) in zip(
        zip(order, rects, strict=True), zip(order[1:], rects[1:], strict=True), strict=False
    ):
        assert a.bottom() < b.top(), (upper.objectName(), a, lower.objectName(), b)
    assert not _rect(page.note_caption, window).intersects(_rect(page.tender_table, window))
    assert not _rect(page.note_caption, window).intersects(_rect(page.counts_label, window))
    assert page.counts_label.height() >= page.counts_label.heightForWidth(page.counts_label.width())

    # the count grid: every row at its height, one under the other, the total and hint below
    edits = list(page.grid.edits.values())
    assert len(edits) == 12
    for upper, lower in zip(edits, edits[1:], strict=False):
        assert upper.height() == ROW_HEIGHT
        assert _rect(upper, window).bottom() < _rect(lower, window).top()
    assert _rect(edits[-1], window).bottom() < _rect(page.grid.total_label, window).top()
    assert _rect(page.grid.total_label, window).bottom() < _rect(page.hint, window).top()

    # and at 768 pixels nothing has to scroll
    assert page.scroll.verticalScrollBar().maximum() == 0
    ui_ctx.tasks.wait_idle()


def test_a_low_window_scrolls_and_keeps_the_typed_row_in_view(qtbot, themed, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    busy_morning(ui_ctx)
    window, module = window_with(qtbot, ui_ctx, "cashier")
    assert isinstance(module, CashierModule)
    window.resize(1024, 560)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    window.focus_module()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is module.close_page, timeout=10000)
    page = module.close_page
    assert page.scroll.verticalScrollBar().maximum() > 0  # scrolls rather than squeezing
    for _row in range(11):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    last = page.grid.edits["coin_1_fen"]
    assert QApplication.focusWidget() is last and last.height() == ROW_HEIGHT
    viewport = page.scroll.viewport()
    top = last.mapTo(viewport, QPoint(0, 0)).y()
    assert top >= 0 and top + last.height() <= viewport.height()
    ui_ctx.tasks.wait_idle()
