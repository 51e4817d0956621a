"""The bill tab (账单) and the models of the money screens (issue #3 item 1).

Bills come from readings billed by the real tariff engine (Zhejiang's residential tiers), so
the explanation lines shown are the engine's own. Every model passes qtmodeltester. 退补
(adjustment bills, supervisors only) is driven with the keyboard through its dialog; every
print of a bill statement is logged (print_record + a PrintDocument operation).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.domain.money import format_yuan
from app.dto.billing import BillLineRow, BillRow
from app.dto.payments import AllocationRow, PaymentRow
from app.services import adjustments as adjustment_service
from app.services import bill_view
from db.models import Bill, Operation, Payment, PrintRecord
from tests.ui.helpers import actor_of
from tests.ui.test_customers_flow import make_module, press
from tests.ui.test_payment_flow import (  # noqa: F401 — chooser is a fixture
    FileChooser,
    chooser,
    focused,
    keys,
    open_customer,
    recent_periods,
    scripted,
    seed_bills,
    seed_customer,
    show_modal,
    wait_idle,
)
from ui.billing.adjustment import AMOUNT, KWH, REASON, AdjustmentDialog, parse_kwh, parse_signed_amount
from ui.billing.chart import UsageChart, axis_labels, nice_max, short_period
from ui.billing.models import BillColumn, BillLinesModel, BillRole, BillsModel, LineColumn
from ui.context import UiContext
from ui.payments.models import AllocationModel, PaymentColumn, PaymentRole, PaymentsModel
from ui.settings.printer import PrinterSettingsDialog
from ui.table_model import RowRole


def test_bills_tab_shows_bills_explanation_and_usage(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "李秀英")
    periods = seed_bills(ui_ctx, customer, [180, 230, 260, 310], last_issue=dt.date.today())
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.bills.bills_tab
    view = tab.view
    assert view is not None

    # 账单 tab: newest first, every column filled
    assert module.view.tabs.tabText(module.money.bills.bills_index).startswith("账单 (4")
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
    band = module.money.bills.band.texts()
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
    tab = module.money.bills.bills_tab
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
    tab = module.money.bills.bills_tab
    assert tab.model.rowCount() == 0 and tab.lines_title.text() == "该客户暂无账单"
    assert tab.chart.values() == [] and "暂无数据" in tab.chart.title.text()
    assert module.money.bills.band.texts()["due"] == "¥0.00"
    assert not tab.print_button.isEnabled()


def test_bill_statement_preview_from_the_tab(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_payment_flow import close_preview, scripted

    customer = seed_customer(ui_ctx, "孙明")
    seed_bills(ui_ctx, customer, [200, 220])
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    seen: dict[str, object] = {}
    scripted(ui_ctx).dialog_handlers.append(close_preview(seen))
    module.view.tabs.setCurrentWidget(module.money.bills.bills_tab)
    module.money.bills.bills_tab.print_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "preview_text" in seen, timeout=15000)
    bill = module.money.bills.bills_tab.selected_bill()
    assert bill is not None and bill.bill_no in str(seen["preview_title"])
    assert "孙明" in str(seen["preview_text"])
    wait_idle(qtbot, ui_ctx)
    assert print_records(ui_ctx) == []  # only looked at: closing the preview logs nothing


# ---- printing a bill statement is logged --------------------------------------------------------


def print_records(ctx: UiContext) -> list[tuple[str, str, int, bool]]:
    with ctx.db.read() as s:
        rows = s.scalars(select(PrintRecord).order_by(PrintRecord.copy_no)).all()
        return [(r.doc_type, r.doc_no, r.copy_no, r.reprint) for r in rows]


def operations(ctx: UiContext, op_type: str) -> list[Operation]:
    with ctx.db.read() as s:
        rows = list(s.scalars(select(Operation).where(Operation.op_type == op_type).order_by(Operation.seq)))
        s.expunge_all()
        return rows


def test_printing_a_bill_statement_writes_a_print_record(qtbot, ui_ctx: UiContext,  # type: ignore[no-untyped-def]
                                                         chooser: FileChooser, monkeypatch) -> None:  # noqa: F811
    from app.printing import bill_statement

    rendered: list[tuple[bool, int]] = []
    real_render = bill_statement.render_bill_statement

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        rendered.append((kwargs.get("reprint", False), kwargs.get("copy_no", 1)))
        return real_render(*args, **kwargs)

    monkeypatch.setattr(bill_statement, "render_bill_statement", spy)
    customer = seed_customer(ui_ctx, "周文")
    seed_bills(ui_ctx, customer, [200, 220])
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)
    tab.table.selectRow(1)
    bill = tab.selected_bill()
    assert bill is not None
    notes: list[str] = []

    def print_twice(dialog: QDialog) -> int:
        from ui.printing.preview import PdfPreviewDialog

        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        notes.append(dialog.note.text())
        press(qtbot, Qt.Key.Key_Return)  # 打印 is the default button
        qtbot.waitUntil(lambda: len(dialog.issued_copies) == 1, timeout=15000)
        press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # a second copy: 补打
        qtbot.waitUntil(lambda: len(dialog.issued_copies) == 2, timeout=15000)
        notes.append(tab.notice.text())
        press(qtbot, Qt.Key.Key_Escape)
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(print_twice)
    tab.print_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(notes) == 2, timeout=20000)
    wait_idle(qtbot, ui_ctx)

    assert print_records(ui_ctx) == [("bill_statement", bill.bill_no, 1, False),
                                     ("bill_statement", bill.bill_no, 2, True)]
    logged = operations(ui_ctx, "PrintDocument")
    assert len(logged) == 2 and all(op.entity_id == bill.id and op.actor == "clerk1" for op in logged)
    assert [json.loads(op.payload)["reprint"] for op in logged] == [False, True]
    assert len(chooser.outputs) == 2  # both copies went to the "printer"
    assert "记入打印记录" in notes[0]
    assert notes[1].startswith(f"账单明细 {bill.bill_no}（补打，第2份）") and "已送打印机" in notes[1]
    assert rendered == [(False, 1), (True, 2)]  # the second paper itself says 补打


# ---- 退补 (adjustment bills) ------------------------------------------------------------------------


def test_signed_amount_and_kwh_parsing() -> None:
    assert parse_signed_amount("12.5") == 1250 and parse_signed_amount("+12") == 1200
    assert parse_signed_amount("-12.50") == -1250 and parse_signed_amount("¥-0.05") == -5
    assert parse_signed_amount("－１２") == -1200 and parse_signed_amount("\u22121,280.50") == -128050
    assert parse_kwh("0") == 0 and parse_kwh("-20") == -20 and parse_kwh("35 kWh") == 35 and parse_kwh("7度") == 7
    for text in ("", "abc", "1.234", "0", "-0.00", "1e3", "12.5.1"):
        with pytest.raises(ValidationError) as exc:
            parse_signed_amount(text)
        assert exc.value.field == AMOUNT
    for text in ("", "1.5", "abc", "--2"):
        with pytest.raises(ValidationError) as exc:
            parse_kwh(text)
        assert exc.value.field == KWH


def adjustments(ctx: UiContext) -> list[Bill]:
    with ctx.db.read() as s:
        rows = list(s.scalars(select(Bill).where(Bill.bill_type == "adjustment")))
        s.expunge_all()
        return rows


def test_a_supervisor_issues_an_adjustment_by_keyboard(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "super1")
    customer = seed_customer(ui_ctx, "吴建华")
    seed_bills(ui_ctx, customer, [200, 240], last_issue=dt.date.today())
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)
    assert tab.adjust_button.isVisible() and tab.adjust_button.isEnabled()
    before = tab.view
    assert before is not None
    original = before.bills[1]  # the older bill, unpaid
    assert original.outstanding_fen > 1250
    tab.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert tab.selected_bill() == original
    seen: dict[str, object] = {}

    def adjust(dialog: QDialog) -> int:
        assert isinstance(dialog, AdjustmentDialog)
        show_modal(qtbot, dialog)
        assert dialog.bill == original and original.bill_no in dialog.windowTitle()
        assert focused() is dialog.amount_edit  # the cursor waits in 退补金额
        keys(qtbot, "-12.5")
        assert dialog.capital_label.text() == "退还 人民币壹拾贰元伍角整"
        seen["outcome"] = dialog.outcome.text()
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is dialog.kwh_edit and dialog.kwh_edit.selectedText() == "0"
        keys(qtbot, "-23")
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is dialog.reason_edit
        keys(qtbot, "抄表差错，本次示数多抄 23 kWh")
        press(qtbot, Qt.Key.Key_Return)  # Enter on the last field confirms
        assert dialog.busy and not dialog.confirm_button.isEnabled()
        press(qtbot, Qt.Key.Key_Return)  # impatient: a second Enter issues nothing more
        qtbot.waitUntil(lambda: dialog.issued is not None, timeout=10000)
        seen["issued"] = dialog.issued
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(adjust)
    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "issued" in seen, timeout=15000)
    issued = seen["issued"]
    assert isinstance(issued, BillRow)
    # The tab reloads and selects the new adjustment bill, explained by its adjustment line.
    qtbot.waitUntil(lambda: tab.view is not None and len(tab.view.bills) == 3 and not tab.loading
                    and tab.selected_bill() is not None and tab.selected_bill().id == issued.id,  # type: ignore[union-attr]
                    timeout=10000)
    wait_idle(qtbot, ui_ctx)
    outcome = str(seen["outcome"])
    assert "新开退补账单（退还）¥12.50" in outcome and "冲减该账单欠费 ¥12.50" in outcome
    assert "不计为客户缴费" in outcome
    assert f"{format_yuan(original.amount_fen)} → {format_yuan(original.amount_fen - 1250)}" in outcome
    selected = tab.selected_bill()
    assert selected is not None
    assert (selected.bill_type, selected.amount_fen, selected.kwh, selected.adjusts_bill_no) == (
        "adjustment", -1250, -23, original.bill_no)
    lines = tab.lines_model
    assert lines.rowCount() == 1 and lines.rows()[0].code == "adjustment"
    assert lines.data(lines.index(0, LineColumn.ITEM)) == "退补电费（退还）"
    assert "抄表差错" in lines.data(lines.index(0, LineColumn.EXPLANATION))
    assert "（退补）" in tab.lines_title.text() and f"更正账单 {original.bill_no}" in tab.lines_total.text()
    assert tab.notice.text() == f"已开具退补账单 {issued.bill_no}：退还 ¥12.50，更正账单 {original.bill_no}"
    assert tab.window().focusWidget() is tab.table  # back in the table, ready for the next key

    # the ledger: the refund took ¥12.50 off what the corrected bill owes (issue 6 item 19:
    # not a payment); the header band follows
    after = bill_view.bill_view(ui_ctx.db, actor_of(ui_ctx), customer.id)
    assert after.due_fen == before.due_fen - 1250 and after.arrears_fen < before.arrears_fen
    assert module.money.bills.band.texts()["due"] == format_yuan(after.due_fen)
    # one adjustment bill, one IssueAdjustment operation by the supervisor
    assert [(b.bill_no, b.amount_fen) for b in adjustments(ui_ctx)] == [(issued.bill_no, -1250)]
    ops = operations(ui_ctx, "IssueAdjustment")
    assert len(ops) == 1 and ops[0].actor == "super1" and ops[0].entity_id == issued.id
    payload = json.loads(ops[0].payload)
    assert (payload["bill_no"], payload["adjusts_bill_no"], payload["amount_fen"], payload["kwh"]) == (
        issued.bill_no, original.bill_no, -1250, -23)

    # an adjustment bill is not adjusted again: the action says which bill to pick
    module.activateWindow()
    qtbot.waitUntil(lambda: focused() is tab.table, timeout=5000)
    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert tab.notice.text() == f"退补账单不能再退补：请选中原账单 {original.bill_no}"
    assert len(adjustments(ui_ctx)) == 1


def test_rule_19_credit_adjustment_kwh_sign_and_how_the_credit_is_shown(qtbot, ui_ctx: UiContext,  # type: ignore[no-untyped-def]
                                                                        login_as) -> None:
    """Issue 6 item 19: −¥11.76 with +20 kWh is refused next to the kWh field, in Chinese, and
    nothing is issued; with −20 kWh the credit lowers what the bill owes — shown as 退补冲减, not
    as 已缴 / 部分缴费, with no 预存抵扣 payment — and the usage chart loses the 20 kWh."""
    login_as(ui_ctx, "super1")
    customer = seed_customer(ui_ctx, "郑丽娟")
    seed_bills(ui_ctx, customer, [200, 240], last_issue=dt.date.today())
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)
    before = tab.view
    assert before is not None
    original = before.bills[1]
    chart_before = dict(before.usage)[original.period]
    assert tab.table.isColumnHidden(BillColumn.CREDITED)
    tab.table.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert tab.selected_bill() == original
    seen: dict[str, object] = {}

    def adjust(dialog: QDialog) -> int:
        assert isinstance(dialog, AdjustmentDialog)
        show_modal(qtbot, dialog)
        keys(qtbot, "-11.76")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "20")
        press(qtbot, Qt.Key.Key_Return)
        seen["error"] = dialog.error_text(KWH)
        assert focused() is dialog.kwh_edit  # the cursor stays on the wrong field
        dialog.reason_edit.setFocus()
        keys(qtbot, "多抄退还")
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter: still refused
        assert dialog.attempts == 0 and dialog.error_text(KWH) == seen["error"]
        dialog.kwh_edit.setFocus()
        dialog.kwh_edit.selectAll()
        keys(qtbot, "-20")
        assert dialog.error_text(KWH) == ""  # the message goes as soon as the field is corrected
        press(qtbot, Qt.Key.Key_Return)
        assert focused() is dialog.reason_edit
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.issued is not None, timeout=10000)
        seen["issued"] = dialog.issued
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(adjust)
    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "issued" in seen, timeout=15000)
    assert seen["error"] == "退还金额对应的退补电量应为负数或 0，如 -20（补收电量请把金额填为正数）"
    qtbot.waitUntil(lambda: tab.view is not None and len(tab.view.bills) == 3 and not tab.loading, timeout=10000)
    wait_idle(qtbot, ui_ctx)
    model = tab.model
    row = model.row_of(original.id)
    assert model.data(model.index(row, BillColumn.PAID)) == "0.00"
    assert model.data(model.index(row, BillColumn.CREDITED)) == "-11.76"
    assert not tab.table.isColumnHidden(BillColumn.CREDITED)  # shown only when a bill has a credit
    assert model.data(model.index(row, BillColumn.OUTSTANDING)) == format_yuan(
        original.outstanding_fen - 1176, symbol=False)
    assert model.data(model.index(row, BillColumn.STATUS)) in ("未缴", "逾期")
    with ui_ctx.db.read() as s:
        assert s.scalars(select(Payment).where(Payment.customer_id == customer.id)).all() == []
    assert dict(tab.view.usage)[original.period] == chart_before - 20  # type: ignore[union-attr]
    assert tab.chart.values()[list(dict(tab.view.usage)).index(original.period)] == chart_before - 20  # type: ignore[union-attr]


def test_rule_19_credit_on_a_settled_bill_says_where_the_money_goes(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """A credit on a bill already paid lowers nothing on it: the dialog says it goes to the other
    open bills, else to prepaid — never that it was paid."""
    from app.dto.billing import BillView

    settled = _bill("2025-11", "已结清", 0, 0)
    for arrears, expected in ((0, "该账单已无欠费，退还的 ¥5.00转入预存"),
                              (3000, "该账单已无欠费，退还的 ¥5.00先冲抵该户其他未结清的账单，再转入预存")):
        view = BillView(uuid.uuid4(), "33010000009", "周敏", dt.date(2026, 1, 5), arrears, 0, 0, (settled,), ())
        dialog = AdjustmentDialog(ui_ctx, view, settled)
        qtbot.addWidget(dialog)
        dialog.amount_edit.setText("-5")
        dialog.refresh()
        assert expected in dialog.outcome.text() and "冲减该账单欠费" not in dialog.outcome.text()


def test_a_clerk_does_not_get_the_adjustment_action(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "郑小红")
    seed_bills(ui_ctx, customer, [200])
    module = make_module(qtbot, ui_ctx)  # clerk1 (营业员)
    open_customer(qtbot, module, customer)
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)
    assert tab.print_button.isVisible()
    assert not tab.adjust_button.isVisible() and not tab.adjust_action.isEnabled()
    tab.table.setFocus()
    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not any(kind == "dialog" for kind, _, _ in scripted(ui_ctx).asked)
    tab.adjust_selected()  # even when reached some other way, nothing opens
    assert "无权" in tab.notice.text() and not scripted(ui_ctx).asked
    assert adjustments(ui_ctx) == [] and operations(ui_ctx, "IssueAdjustment") == []


def test_bad_adjustments_get_chinese_messages_next_to_the_field(qtbot, ui_ctx: UiContext,  # type: ignore[no-untyped-def]
                                                                login_as) -> None:
    login_as(ui_ctx, "super1")
    customer = seed_customer(ui_ctx, "冯国强")
    seed_bills(ui_ctx, customer, [200])
    view = bill_view.bill_view(ui_ctx.db, actor_of(ui_ctx), customer.id)
    dialog = AdjustmentDialog(ui_ctx, view, view.bills[0])
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)

    def amount(text: str) -> str:
        dialog.amount_edit.setFocus()
        dialog.amount_edit.selectAll()
        press(qtbot, Qt.Key.Key_Delete)
        keys(qtbot, text)
        press(qtbot, Qt.Key.Key_Return)
        return dialog.error_text(AMOUNT)

    assert amount("") == "请输入退补金额"
    assert focused() is dialog.amount_edit  # stays on the field to correct it
    assert amount("abc") == "退补金额格式不正确，请输入数字，如 128.50"
    assert amount("1.234") == "退补金额最多两位小数（精确到分）"
    assert amount("0") == "退补金额不能为零"
    assert focused() is dialog.amount_edit and dialog.capital_label.text() == "—"
    keys(qtbot, "5")
    assert dialog.error_text(AMOUNT) == ""  # correcting clears the message at once

    # Ctrl+Enter with the other fields wrong: every message under its own field, nothing sent
    dialog.amount_edit.selectAll()
    keys(qtbot, "abc")
    dialog.kwh_edit.setFocus()
    dialog.kwh_edit.selectAll()
    keys(qtbot, "1.5")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.error_text(AMOUNT) == "退补金额格式不正确，请输入数字，如 128.50"
    assert dialog.error_text(KWH) == "退补电量应为整数 kWh，如 20 或 -20"
    assert dialog.error_text(REASON) == "请填写退补原因（至少2个字）"
    assert focused() is dialog.amount_edit  # the first wrong field
    assert dialog.attempts == 0

    # The service's own refusal (the bill would total below zero) lands under the amount.
    bill = view.bills[0]
    too_much = (bill.amount_fen + 100) / 100
    dialog.amount_edit.selectAll()
    keys(qtbot, f"-{too_much:.2f}")
    assert dialog.limit.isVisibleTo(dialog) and format_yuan(bill.amount_fen) in dialog.limit.text()
    dialog.kwh_edit.setFocus()
    dialog.kwh_edit.selectAll()
    keys(qtbot, "0")
    dialog.reason_edit.setFocus()
    keys(qtbot, "多抄退还")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.attempts == 1, timeout=10000)
    assert dialog.error_text(AMOUNT).startswith("退补后该账单金额为负")
    assert focused() is dialog.amount_edit and dialog.issued is None and dialog.isVisible()
    assert adjustments(ui_ctx) == [] and operations(ui_ctx, "IssueAdjustment") == []
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_a_lost_answer_is_retried_with_enter_and_issues_one_bill(qtbot, ui_ctx: UiContext, login_as,
                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "super1")
    customer = seed_customer(ui_ctx, "蒋文静")
    seed_bills(ui_ctx, customer, [200])
    view = bill_view.bill_view(ui_ctx.db, actor_of(ui_ctx), customer.id)
    dialog = AdjustmentDialog(ui_ctx, view, view.bills[0])
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    real = adjustment_service.issue_adjustment
    calls: list[object] = []

    def committed_then_lost(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(real(*args, **kwargs))  # the bill is issued …
        if len(calls) == 1:
            raise ConnectionError("network dropped before the answer")  # … and the answer lost
        return calls[-1]

    monkeypatch.setattr(adjustment_service, "issue_adjustment", committed_then_lost)
    keys(qtbot, "8.80")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "16")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "漏抄补收")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.attempts == 1, timeout=10000)
    assert "退补结果未确认" in dialog.error.text() and dialog.issued is None
    assert focused() is dialog.confirm_button
    press(qtbot, Qt.Key.Key_Return)  # try again
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=10000)
    assert len(adjustments(ui_ctx)) == 1 and len(operations(ui_ctx, "IssueAdjustment")) == 1
    # mypy keeps the `issued is None` narrowing from above across the wait.
    assert dialog.issued.id == dialog.request_id  # type: ignore[attr-defined]


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
    view = bill_view.bill_view(ui_ctx.db, actor_of(ui_ctx), customer.id)
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


def test_printer_drop_down_shows_a_long_printer_name_unclipped(qtbot, ui_ctx: UiContext, qapp) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 24: with the theme on, the printer box and its list are as wide as the
    longest entry (a long queue name with its （当前设置，系统中未找到） mark)."""
    import dataclasses

    from PySide6.QtGui import QFont, QFontMetrics

    from app.config import Settings
    from ui.theme import apply_theme

    style_sheet, font, palette = qapp.styleSheet(), QFont(qapp.font()), qapp.palette()
    apply_theme(qapp, Settings())
    try:
        ui_ctx.settings = dataclasses.replace(ui_ctx.settings, receipt_printer="营业厅二号窗口 EPSON TM-T82III 热敏小票机")
        dialog = PrinterSettingsDialog(ui_ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        combo = dialog.printer_combo
        texts = [combo.itemText(i) for i in range(combo.count())]
        widest = max(QFontMetrics(combo.font()).horizontalAdvance(t) for t in texts)
        assert combo.width() >= widest + 40, (combo.width(), widest)
        combo.showPopup()
        view = combo.view()
        qtbot.waitUntil(view.isVisible, timeout=5000)
        for i, text in enumerate(texts):
            rect = view.visualRect(view.model().index(i, 0))
            assert rect.width() >= QFontMetrics(view.font()).horizontalAdvance(text) + 16, text
        combo.hidePopup()
    finally:
        qapp.setStyleSheet(style_sheet)
        qapp.setFont(font)
        qapp.setPalette(palette)
