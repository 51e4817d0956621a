"""Key columns stay in view at 1024×768 (issue 6 #24): 班次审核, 电价管理 and the bill
explanation (账单 → 计算过程), in the real main window with the theme applied.

Each test drives the screen at the smallest supported window size, writes a PNG (see
tests/shots.py; look at it after a layout change) and checks that every key column lies inside
the table's viewport with the horizontal scroll bar at its start: nothing the supervisor or the
clerk needs is scrolled away, and a column that gives way is elided, not cut off.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from app.dto.payments import TenderInput
from app.services import cashier
from tests.ui.test_payment_flow import open_customer, recent_periods, seed_bills, seed_customer
from tests.ui.test_screenshots_cashier import customer, save, take, themed, window_with  # noqa: F401 — fixture
from ui.billing.models import BillColumn, LineColumn
from ui.billing_admin.models import TariffColumn
from ui.billing_admin.module import BillingAdminModule
from ui.cashier.models import SessionColumn
from ui.cashier.module import CashierModule
from ui.context import UiContext

SIZE = (1024, 768)


def small_window(qtbot, ctx: UiContext, key: str):  # type: ignore[no-untyped-def]
    window, module = window_with(qtbot, ctx, key)
    window.resize(*SIZE)
    qtbot.waitUntil(lambda: window.width() == SIZE[0] and window.height() == SIZE[1], timeout=5000)
    QApplication.processEvents()
    return window, module


def out_of_view(table: QTableView, columns: list[int]) -> list[str]:
    """Headers of ``columns`` not wholly inside the viewport (as the table shows them now)."""
    QApplication.processEvents()
    model = table.model()
    bar = table.horizontalScrollBar()
    width = table.viewport().width()
    hidden = []
    for column in columns:
        left = table.horizontalHeader().sectionViewportPosition(column)
        right = left + table.columnWidth(column)
        if table.isColumnHidden(column) or left < 0 or right > width or bar.value() != 0 or bar.maximum() > 0:
            hidden.append(str(model.headerData(int(column), Qt.Orientation.Horizontal)))
    return hidden


def test_session_review_keeps_its_key_columns_at_1024(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db = ui_ctx.db
    for i, username in enumerate(("clerk1", "clerk2")):
        login_as(ui_ctx, username)
        assert ui_ctx.actor is not None
        session = cashier.open_session(db, ui_ctx.actor, 50000)
        cid = customer(ui_ctx, 70 + i, ["赵敏", "钱多多"][i])
        take(ui_ctx, cid, TenderInput("cash", [45000, 22050][i]))
        cashier.close_session(db, ui_ctx.actor, cashier.CloseSession(
            session.id, session.version, {"note_100": 9, "note_50": 1 - i, "note_20": 2}, "长款待查" if i else ""))
    login_as(ui_ctx, "super1")
    window, module = small_window(qtbot, ui_ctx, "cashier")
    assert isinstance(module, CashierModule)
    module.tabs.setCurrentWidget(module.review)
    review = module.review
    review.status_filter.setCurrentIndex(review.status_filter.findText("全部"))
    qtbot.waitUntil(lambda: not module.loading_sessions and review.model.rowCount() == 2, timeout=10000)
    review.focus_table()
    save(qtbot, window, "sessions_1024.png")
    key = [SessionColumn.SESSION_NO, SessionColumn.CLERK, SessionColumn.CLOSED, SessionColumn.EXPECTED,
           SessionColumn.COUNTED, SessionColumn.OVER_SHORT, SessionColumn.STATUS]
    assert out_of_view(review.table, key) == []
    ui_ctx.tasks.wait_idle()


def test_tariffs_keep_their_key_columns_at_1024(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    login_as(ui_ctx, "admin")
    window, module = small_window(qtbot, ui_ctx, "billing")
    assert isinstance(module, BillingAdminModule)
    module.go_tariffs()
    page = module.tariffs_page
    qtbot.waitUntil(lambda: page.model.rowCount() >= 4, timeout=10000)
    page.focus_table()
    save(qtbot, window, "tariffs_1024.png")
    key = [TariffColumn.CODE, TariffColumn.NAME, TariffColumn.KIND, TariffColumn.EFFECTIVE_FROM,
           TariffColumn.EFFECTIVE_TO, TariffColumn.STATE]
    assert out_of_view(page.table, key) == []
    ui_ctx.tasks.wait_idle()


def test_bill_explanation_keeps_its_key_columns_at_1024(qtbot, themed, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    person = seed_customer(ui_ctx, "陈建国", "杭州市上城区望江街道清泰街128号望江花园3幢2单元502室")
    periods = recent_periods(12)
    seed_bills(ui_ctx, person, [330, 300, 210, 175, 190, 260, 420, 455, 320, 215, 200, 290], periods,
               last_issue=dt.date.today() - dt.timedelta(days=2))
    window, module = small_window(qtbot, ui_ctx, "customers")
    module.money = window.customer_features  # what the main window plugged in (open_customer waits on it)
    open_customer(qtbot, module, person)  # type: ignore[arg-type]
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    two_lines = next((i for i, b in enumerate(tab.view.bills) if len(b.lines) > 1), 0)
    tab.table.selectRow(two_lines)
    tab.table.setFocus()
    qtbot.waitUntil(lambda: tab.lines_model.rowCount() >= 1, timeout=5000)
    qtbot.wait(600)
    save(qtbot, window, "bills_1024.png")
    # 退补冲减 shows only for a customer with a credit adjustment; this household has none
    assert tab.table.isColumnHidden(BillColumn.CREDITED)
    assert out_of_view(tab.table, [c for c in BillColumn if c != BillColumn.CREDITED]) == []
    lines = tab.lines_table
    assert out_of_view(lines, list(LineColumn)) == []
    # 计算过程 wraps rather than being cut: each row is as tall as its explanation needs.
    for row in range(tab.lines_model.rowCount()):
        assert lines.rowHeight(row) >= lines.sizeHintForRow(row)
    ui_ctx.tasks.wait_idle()
