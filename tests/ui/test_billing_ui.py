"""The bill tab (账单) and the models of the money screens (issue #3 item 1).

Bills come from readings billed by the real tariff engine (Zhejiang's residential tiers), so
the explanation lines shown are the engine's own. Every model passes qtmodeltester.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt

from app.domain.money import format_yuan
from app.dto_money import AllocationRow, BillLineRow, BillRow, PaymentRow
from app.services import billing
from tests.ui.test_customers_flow import make_module, press
from tests.ui.test_payment_flow import open_customer, recent_periods, seed_bills, seed_customer
from ui.billing.base import RowRole
from ui.billing.chart import UsageChart, axis_labels, nice_max, short_period
from ui.billing.models import BillColumn, BillLinesModel, BillRole, BillsModel, LineColumn
from ui.context import UiContext
from ui.payments.models import AllocationModel, PaymentColumn, PaymentRole, PaymentsModel
from ui.settings.printer import PrinterSettingsDialog


def test_bills_tab_shows_bills_explanation_and_usage(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "李秀英")
    periods = seed_bills(ui_ctx, customer, [180, 230, 260, 310], last_issue=dt.date.today())
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.bills_tab
    view = tab.view
    assert view is not None

    # 账单 tab: newest first, every column filled
    assert module.view.tabs.tabText(module.money.bills_index).startswith("账单 (4")
    assert tab.model.rowCount() == 4
    model = tab.model
    assert [model.data(model.index(r, BillColumn.PERIOD)) for r in range(4)] == periods[::-1]
    newest = view.bills[0]
    assert model.data(model.index(0, BillColumn.KWH)) == "310"
    assert model.data(model.index(0, BillColumn.AMOUNT)) == format_yuan(newest.amount_fen, symbol=False)
    assert model.data(model.index(0, BillColumn.DUE_DATE)) == newest.due_date.isoformat()
    assert model.data(model.index(0, BillColumn.STATUS)) == newest.status

    # overdue bills in red, with their late fee to date
    oldest = model.index(3, BillColumn.LATE_FEE)
    assert model.data(oldest, BillRole.OVERDUE) is True
    assert model.data(oldest, Qt.ItemDataRole.ForegroundRole).name() == "#c62828"
    assert model.data(oldest) == format_yuan(view.bills[3].late_fee_fen, symbol=False)
    assert view.bills[3].late_fee_fen > 0
    assert model.data(model.index(0, BillColumn.STATUS), BillRole.OVERDUE) is False  # not due yet

    # the header band
    band = module.money.band.texts()
    assert band == {"arrears": format_yuan(view.arrears_fen), "late_fee": format_yuan(view.late_fee_fen),
                    "prepaid": format_yuan(view.prepaid_fen), "due": format_yuan(view.due_fen)}

    # the newest bill is selected and explained line by line
    assert tab.selected_bill() == newest
    lines = tab.lines_model
    assert lines.rowCount() == len(newest.lines) >= 1
    explanation = lines.data(lines.index(0, LineColumn.EXPLANATION))
    assert "kWh ×" in explanation and "=" in explanation
    assert lines.data(lines.index(0, LineColumn.AMOUNT)) == format_yuan(newest.lines[0].amount_fen, symbol=False)
    assert periods[-1] in tab.lines_title.text() and newest.bill_no in tab.lines_title.text()
    assert tab.lines_total.text().startswith(f"合计 {format_yuan(newest.amount_fen)}")

    # the usage chart: every month, the selected one highlighted
    assert tab.chart.values() == [180, 230, 260, 310]
    assert tab.chart.highlight == periods[-1]
    assert "合计 980" in tab.chart.title.text()

    # keyboard: Down in the table explains the next (older) bill
    module.view.tabs.setCurrentWidget(tab)
    tab.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert tab.selected_bill() == view.bills[1]
    assert tab.chart.highlight == periods[-2]
    assert lines.data(lines.index(0, LineColumn.ITEM)) == view.bills[1].lines[0].label


def test_a_low_income_household_sees_its_free_allowance_line(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "王五保", low_income="wubao")
    seed_bills(ui_ctx, customer, [120])
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.bills_tab
    rows = tab.lines_model.rows()
    free = next(i for i, line in enumerate(rows) if line.code == "free")  # 低保/五保免费电量
    assert "免费" in tab.lines_model.data(tab.lines_model.index(free, LineColumn.ITEM))
    assert tab.lines_model.data(tab.lines_model.index(free, LineColumn.QUANTITY)).endswith("kWh")
    assert tab.lines_model.data(tab.lines_model.index(free, LineColumn.AMOUNT),
                                Qt.ItemDataRole.ForegroundRole).name() == "#2e7d32"
    charged = sum(int(line.quantity) for line in rows if line.code != "free")
    assert charged + int(rows[free].quantity) == 120  # the free kWh are not charged
    assert "低保/五保户" in tab.lines_total.text()


def test_a_customer_without_bills(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "赵新户")
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.bills_tab
    assert tab.model.rowCount() == 0 and tab.lines_title.text() == "该客户暂无账单"
    assert tab.chart.values() == [] and "暂无数据" in tab.chart.title.text()
    assert module.money.band.texts()["due"] == "¥0.00"
    assert not tab.print_button.isEnabled()


def test_bill_statement_preview_from_the_tab(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_payment_flow import close_preview, scripted

    customer = seed_customer(ui_ctx, "孙明")
    seed_bills(ui_ctx, customer, [200, 220])
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    seen: dict[str, object] = {}
    scripted(ui_ctx).dialog_handlers.append(close_preview(seen))
    module.view.tabs.setCurrentWidget(module.money.bills_tab)
    module.money.bills_tab.print_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    bill = module.money.bills_tab.selected_bill()
    assert bill is not None and bill.bill_no in str(seen["preview_title"])
    assert "孙明" in str(seen["preview_text"])


# ---- models ---------------------------------------------------------------------------------------


def _bill(period: str, status: str, outstanding: int, late_fee: int, bill_type: str = "regular") -> BillRow:
    return BillRow(uuid.uuid4(), f"3301B{period.replace('-', '')}", period, bill_type, 230, 12374,
                   dt.date(2026, 1, 15), dt.datetime(2025, 12, 28, 9, 0), 12374 - outstanding, outstanding,
                   late_fee, status, "RES-TIER",
                   (BillLineRow("tier1", "第一档", "230", "kWh", "0.538", 12374, "第一档 230 kWh × 0.5380 = 123.74"),))


def test_models_pass_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    bills = BillsModel()
    qtmodeltester.check(bills)
    bills.set_bills([_bill("2025-12", "逾期", 12374, 371), _bill("2025-11", "已结清", 0, 0),
                     _bill("2025-10", "部分缴费", 5000, 0, "adjustment")], dt.date(2026, 2, 1))
    qtmodeltester.check(bills)
    assert bills.data(bills.index(2, BillColumn.PERIOD)) == "2025-10 退补"
    assert bills.data(bills.index(0, BillColumn.OUTSTANDING), RowRole.SORT) == 12374
    assert isinstance(bills.data(bills.index(0, 0), RowRole.ROW), BillRow)

    lines = BillLinesModel()
    lines.set_rows(list(_bill("2025-12", "未缴", 1, 0).lines))
    qtmodeltester.check(lines)
    assert lines.total_fen() == 12374

    payments_model = PaymentsModel()
    rows = [PaymentRow(uuid.uuid4(), "3301R00000002", "reversal", -12850, dt.datetime(2026, 1, 5, 10, 1), "王小丽",
                       "现金 -128.50", False, "3301S000001"),
            PaymentRow(uuid.uuid4(), "3301R00000001", "payment", 12850, dt.datetime(2026, 1, 5, 9, 30), "王小丽",
                       "现金 128.50", True, "3301S000001"),
            PaymentRow(uuid.uuid4(), "", "offset", 3000, dt.datetime(2026, 1, 2, 9, 0), "system", "预存抵扣",
                       False, "")]
    payments_model.set_rows(rows)
    qtmodeltester.check(payments_model)
    assert payments_model.data(payments_model.index(1, PaymentColumn.STATUS)) == "已冲正"
    assert payments_model.data(payments_model.index(1, 0), PaymentRole.REVERSIBLE) is False
    assert payments_model.data(payments_model.index(0, PaymentColumn.KIND)) == "冲正"
    assert payments_model.data(payments_model.index(2, 0), PaymentRole.PRINTABLE) is False
    assert payments_model.data(payments_model.index(1, PaymentColumn.AMOUNT), Qt.ItemDataRole.FontRole).strikeOut()

    allocations = AllocationModel()
    allocations.set_rows([AllocationRow(uuid.uuid4(), "3301B00000001", "2025-11", 95, 6340, True),
                          AllocationRow(uuid.uuid4(), "3301B00000002", "2025-12", 0, 3000, False)])
    qtmodeltester.check(allocations)
    assert allocations.total_fen() == 9435
    assert allocations.data(allocations.index(1, 5)) == "部分"


def test_usage_chart_helpers_and_fallback(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert short_period("2025-03") == "25年3月" and short_period("2025-03", with_year=False) == "3月"
    assert axis_labels(["2025-11", "2025-12", "2026-01"]) == ["25年11月", "12月", "26年1月"]
    quarters = axis_labels(recent_periods(24))
    assert len(quarters) == 24 and sum(1 for text in quarters if text) == 4
    assert [nice_max(v) for v in (0, 7, 10, 11, 380, 1200)] == [10, 10, 10, 20, 500, 2000]
    chart = UsageChart()
    qtbot.addWidget(chart)
    chart.set_usage([(p, 100 + i) for i, p in enumerate(recent_periods(30))], recent_periods(30)[-1])
    assert len(chart.values()) == 24  # the last 24 months only
    assert chart.uses_qtcharts
    # the hand-painted fallback (used when QtCharts cannot be imported) draws the same bars
    from ui.billing.chart import _PaintedBars

    painted = _PaintedBars(chart)
    painted.resize(480, 220)
    image = painted.grab().toImage()
    highlight = image.pixelColor(470 - 8, 150)  # inside the last (selected) bar
    assert highlight.name() == "#1565c0"


def test_bill_view_is_exact_to_the_fen(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "钱多多")
    seed_bills(ui_ctx, customer, [2761])  # crosses into the second annual tier within one bill
    view = billing.bill_view(ui_ctx.db, ui_ctx.settings, ui_ctx.actor, customer.id)
    bill = view.bills[0]
    model = BillLinesModel()
    model.set_rows(list(bill.lines))
    assert model.total_fen() == bill.amount_fen


# ---- printer settings ------------------------------------------------------------------------------


def test_printer_settings_save_paper_and_printer(qtbot, ui_ctx: UiContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import dataclasses
    import tomllib

    config = tmp_path / "settings.toml"
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, config_file=str(config), receipt_printer="前台小票机")
    dialog = PrinterSettingsDialog(ui_ctx)
    qtbot.addWidget(dialog)
    assert dialog.printer_name() == "前台小票机"  # kept, though this PC does not know it
    assert "未找到" in dialog.printer_combo.currentText()
    assert dialog.paper() == "80mm"
    dialog.printer_combo.setCurrentIndex(0)  # 不指定: preview every receipt
    assert dialog.printer_name() == "" and not dialog.test_button.isEnabled()
    dialog.paper_buttons["A5"].setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10000)
    assert ui_ctx.settings.receipt_paper == "A5" and ui_ctx.settings.receipt_printer == ""
    stored = tomllib.loads(config.read_text(encoding="utf-8"))
    assert stored["receipt_paper"] == "A5" and stored["receipt_printer"] == ""
