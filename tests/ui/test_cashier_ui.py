"""The cashier module driven by the keyboard (issue #3 item 3): 开班 with a float, the live
session panel, 交班/日结 by typing the drawer count (over / short), the refusal while receipts
are unprinted, the day-end report, and the supervisor's 班次审核."""

from __future__ import annotations

import importlib.util
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.dto.cashier import SessionRow
from app.dto.payments import TenderInput
from app.services import cashier, customers, payments
from tests.conftest import valid_resident_id
from tests.ui.helpers import ScriptedDialogs, any_text
from tests.ui.test_shell import activate, focused, press, type_text
from ui.cashier.models import (
    SessionColumn,
    SessionRoles,
    SessionsModel,
    TenderColumn,
    TenderRoles,
    TenderTotalsModel,
)
from ui.cashier.module import CashierModule
from ui.cashier.open_dialog import OpenSessionDialog
from ui.context import UiContext

HAS_DAY_END_PDF = importlib.util.find_spec("app.printing.day_end") is not None


# ---- helpers ---------------------------------------------------------------------------------


def make_module(qtbot, ctx: UiContext) -> CashierModule:  # type: ignore[no-untyped-def]
    module = CashierModule(ctx)
    qtbot.addWidget(module)
    module.resize(1280, 800)
    activate(qtbot, module)
    qtbot.waitUntil(lambda: not module.loading_session and not module.loading_sessions, timeout=10000)
    module.focus_search()
    return module


def wait_idle(qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)


def new_customer(ctx: UiContext, n: int = 1, name: str = "张三") -> uuid.UUID:
    assert ctx.actor is not None
    form = customers.CustomerInput("individual", "residential", name, "ric", valid_resident_id(n), "urban", "220V",
                                   "8", phone=f"139{n:08d}", supply_address="杭州市西湖区文三路100号")
    return customers.register_customer(ctx.db, ctx.actor, customers.RegisterCustomer(
        form, confirm_duplicate=True)).id


def take(ctx: UiContext, customer_id: uuid.UUID, *tenders: TenderInput, printed: bool = True):  # type: ignore[no-untyped-def]
    assert ctx.actor is not None
    receipt = payments.post_payment(ctx.db, ctx.actor,
                                    payments.PostPayment(uuid.uuid4(), customer_id, tuple(tenders)))
    if printed:
        payments.record_print(ctx.db, ctx.actor, payments.DOC_RECEIPT, receipt.payment_id, receipt.receipt_no)
    return receipt


def type_counts(qtbot, module: CashierModule, counts: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Type one count per denomination row (empty = just Enter), the way a clerk goes down the grid."""
    page = module.close_page
    for code, text in zip(page.grid.edits, counts, strict=True):
        assert focused(module) is page.grid.edits[code], f"focus should be on {code}"
        if text:
            type_text(qtbot, module, text)
        press(qtbot, module, Qt.Key.Key_Return)


def open_close_page(qtbot, module: CashierModule) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, module, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is module.close_page, timeout=10000)


def current(ctx: UiContext) -> SessionRow | None:
    assert ctx.actor is not None
    return cashier.current_session(ctx.db, ctx.actor)


# ---- models ----------------------------------------------------------------------------------


def test_tender_totals_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = TenderTotalsModel()
    model.set_totals({"cash": 12850, "card": 0, "qr": 3000, "transfer": -500})
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.rowCount() == 5  # four tenders and the total
    assert model.data(model.index(0, TenderColumn.TENDER)) == "现金"
    assert model.data(model.index(0, TenderColumn.AMOUNT)) == "¥128.50"
    assert model.data(model.index(3, TenderColumn.AMOUNT)) == "-¥5.00"
    assert model.data(model.index(4, TenderColumn.TENDER)) == "合计"
    assert model.data(model.index(4, TenderColumn.AMOUNT), TenderRoles.AMOUNT_FEN) == 15350
    assert model.data(model.index(2, 0), TenderRoles.KIND) == "qr"
    model.set_totals(None)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_sessions_model(qtmodeltester, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    db = ui_ctx.db
    assert ui_ctx.actor is not None
    s1 = cashier.open_session(db, ui_ctx.actor, 50000)
    cashier.close_session(db, ui_ctx.actor, cashier.CloseSession(s1.id, s1.version, {"note_100": 5, "note_1": 2}))
    login_as(ui_ctx, "clerk2")
    cashier.open_session(db, ui_ctx.actor, 0)
    login_as(ui_ctx, "super1")
    rows = cashier.list_sessions(db, ui_ctx.actor)
    model = SessionsModel()
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == len(SessionColumn)
    closed = model.row_of(s1.id)
    assert model.data(model.index(closed, SessionColumn.OVER_SHORT)) == "长款 ¥2.00"
    assert model.data(model.index(closed, SessionColumn.COUNTED)) == "¥502.00"
    assert model.data(model.index(closed, SessionColumn.EXPECTED)) == "¥500.00"
    assert model.data(model.index(closed, SessionColumn.STATUS)) == "已交班，待审核"
    assert model.data(model.index(closed, 0), SessionRoles.STATUS) == "closed"
    assert model.data(model.index(closed, 0), SessionRoles.OVER_SHORT_FEN) == 200
    assert model.data(model.index(closed, 0), SessionRoles.ROW).session_no == s1.session_no
    other = 1 - closed
    assert model.data(model.index(other, SessionColumn.OVER_SHORT)) == ""
    assert model.data(model.index(other, SessionColumn.STATUS)) == "进行中"
    assert model.headerData(SessionColumn.OVER_SHORT, Qt.Orientation.Horizontal) == "长短款"
    model.set_rows([])
    qtmodeltester.check(model)


# ---- 开班 ------------------------------------------------------------------------------------


def test_open_session_with_a_float_by_keyboard(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    module = make_module(qtbot, ui_ctx)
    assert module.panel.status.text() == "未开班"
    assert module.panel.empty.isVisibleTo(module) and not module.panel.body.isVisibleTo(module)
    assert module.tabs.count() == 1 and not module.tabs.tabBar().isVisible()  # a clerk: no review tab

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, OpenSessionDialog)
        activate(qtbot, dialog)
        assert focused(dialog) is dialog.float_edit
        type_text(qtbot, dialog, "5OO")  # letter O for zero: refused next to the field
        press(qtbot, dialog, Qt.Key.Key_Return)
        assert "格式不正确" in dialog.field.error_text()
        assert focused(dialog) is dialog.float_edit and dialog.float_edit.selectedText() == "5OO"
        type_text(qtbot, dialog, "500")
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            press(qtbot, dialog, Qt.Key.Key_Return)
        return dialog.result()

    dialogs.dialog_handlers.append(fill)
    press(qtbot, module, Qt.Key.Key_F7)
    assert ("dialog", "开班", "OpenSessionDialog") in dialogs.asked
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    row = current(ui_ctx)
    assert row is not None and row.float_fen == 50000 and row.status == "open"
    assert module.message.text() == f"已开班：班次 {row.session_no}，备用金 ¥500.00"
    assert module.panel.status.text() == "进行中"
    assert row.session_no in module.panel.session_line.text()
    assert module.panel.float_value.text() == "¥500.00"
    assert module.panel.expected_value.text() == "¥500.00"
    assert module.panel.total_value.text() == "¥0.00"

    # F7 again: one open session per clerk, said calmly without a dialog.
    asked = len(dialogs.asked)
    activate(qtbot, module)  # the closed dialog hands the activation back (offscreen: by hand)
    press(qtbot, module, Qt.Key.Key_F7)
    assert len(dialogs.asked) == asked
    assert module.message.text() == f"已在班次 {row.session_no} 中，无需再开班"


def test_open_dialog_escape_cancels(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    module = make_module(qtbot, ui_ctx)

    def cancel(dialog: QDialog) -> int:
        activate(qtbot, dialog)
        type_text(qtbot, dialog, "300")
        with qtbot.waitSignal(dialog.rejected):
            press(qtbot, dialog, Qt.Key.Key_Escape)
        return dialog.result()

    dialogs.dialog_handlers.append(cancel)
    press(qtbot, module, Qt.Key.Key_F7)
    wait_idle(qtbot, ui_ctx)
    assert current(ui_ctx) is None and module.summary is None


def test_f8_without_a_session_says_so(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    press(qtbot, module, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: "没有进行中的班次" in module.message.text(), timeout=10000)
    assert module.session_stack.currentWidget() is module.panel


# ---- 交班 / 日结 ------------------------------------------------------------------------------


def test_live_summary_per_tender(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    assert ui_ctx.actor is not None
    cashier.open_session(ui_ctx.db, ui_ctx.actor, 50000)
    cid = new_customer(ui_ctx)
    take(ui_ctx, cid, TenderInput("cash", 20000))
    take(ui_ctx, cid, TenderInput("qr", 3050))
    module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    tenders = module.panel.tenders
    assert [tenders.data(tenders.index(r, 1)) for r in range(tenders.rowCount())] == \
        ["¥200.00", "¥0.00", "¥30.50", "¥0.00", "¥230.50"]
    assert module.panel.total_value.text() == "¥230.50"
    assert module.panel.expected_value.text() == "¥700.00"
    assert module.panel.counts_detail.text() == "收费 2 笔　冲正 0 笔　退费 0 笔"
    assert module.panel.unprinted.isHidden()
    # A payment taken elsewhere shows after F5.
    take(ui_ctx, cid, TenderInput("cash", 1000), printed=False)
    press(qtbot, module, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: module.panel.total_value.text() == "¥240.50", timeout=10000)
    assert module.panel.unprinted.isVisibleTo(module)
    assert "有 1 张收据尚未打印" in module.panel.unprinted.text()


def test_close_by_typing_the_count_over_and_short(qtbot, ui_ctx: UiContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    assert ui_ctx.actor is not None
    session = cashier.open_session(ui_ctx.db, ui_ctx.actor, 50000)
    cid = new_customer(ui_ctx)
    take(ui_ctx, cid, TenderInput("cash", 15000))  # ¥150 cash, change is not in the drawer
    take(ui_ctx, cid, TenderInput("card", 9900, "6222****1234"))  # card: not in the drawer
    module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)

    open_close_page(qtbot, module)
    page = module.close_page
    assert not page.refused()
    assert page.expected_value.text() == "¥650.00" and page.float_value.text() == "¥500.00"
    assert page.net_cash_value.text() == "¥150.00"
    assert focused(module) is page.grid.edits["note_100"]
    # 6×100 + 2×20 + 1×5 + 4×1 + 1×0.5 = 649.50: 短款 ¥0.50
    type_counts(qtbot, module, ["6", "", "2", "", "1", "4", "", "1", "", "", "", ""])
    assert focused(module) is page.note
    assert page.counted_value.text() == "¥649.50"
    assert page.grid.total_label.text() == "¥649.50"
    assert page.grid.subtotals["note_20"].text() == "¥40.00"
    assert page.over_short.text() == "短款 ¥0.50"
    assert "#c62828" in page.over_short.styleSheet()
    # The clerk finds two more 1-jiao coins and a 1-yuan coin: back up the grid and fix it.
    page.grid.edits["coin_1_jiao"].setFocus()
    type_text(qtbot, module, "7")
    assert page.counted_value.text() == "¥650.20"
    assert page.over_short.text() == "长款 ¥0.20"
    assert "#1565c0" in page.over_short.styleSheet()
    press(qtbot, module, Qt.Key.Key_Return)
    assert focused(module) is page.grid.edits["coin_5_fen"]  # the 分 rows follow the 角 row
    for _fen_row in range(3):
        press(qtbot, module, Qt.Key.Key_Return)
    assert focused(module) is page.note
    type_text(qtbot, module, "长款待查")
    dialogs.confirms.append(True)
    dialogs.files.append(str(tmp_path / "day_end.pdf"))
    press(qtbot, module, Qt.Key.Key_Return)  # Enter on the note confirms

    assert any(kind == "confirm" and "长款 ¥0.20" in text and "¥650.00" in text for kind, _, text in dialogs.asked)
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is module.day_end, timeout=10000)
    assert module.day_end.result.text() == "长款 ¥0.20"
    assert module.message.text() == f"班次 {session.session_no} 已交班：长款 ¥0.20"
    wait_idle(qtbot, ui_ctx)
    assert current(ui_ctx) is None
    login_rows = cashier.list_sessions(ui_ctx.db, ui_ctx.actor)
    closed = next(r for r in login_rows if r.id == session.id)
    assert (closed.status, closed.counted_cash_fen, closed.expected_cash_fen, closed.over_short_fen) == \
        ("closed", 65020, 65000, 20)
    report = cashier.day_end_report(ui_ctx.db, ui_ctx.actor, session.id)
    assert report.counts == {"note_100": 6, "note_20": 2, "note_5": 1, "note_1": 4, "coin_5_jiao": 1,
                             "coin_1_jiao": 7}
    assert report.extra.get("note") == "长款待查"

    # The day-end report: the preview when the PDF template exists, else a calm message.
    if HAS_DAY_END_PDF:
        qtbot.waitUntil(lambda: any(k == "dialog" and t == "PdfPreviewDialog" for k, _, t in dialogs.asked),
                        timeout=10000)
        assert any(k == "dialog" and f"日结报表 {session.session_no}" in title for k, title, _ in dialogs.asked)
    else:
        assert any_text(dialogs, "日结报表打印组件不可用")
        assert "班次数据已保存" in module.day_end.pdf_status.text()

    # Esc goes back to the panel; the clerk may open the next session.
    press(qtbot, module, Qt.Key.Key_Escape)
    assert module.session_stack.currentWidget() is module.panel
    assert module.panel.status.text() == "未开班"


def test_a_day_with_fen_cash_balances_with_fen_coins(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Issue 6 item 10: ¥54.37 taken in cash, no float: 50 + 4×1 元 + 3 角 + 5 分 + 2 分 balances
    (without the 分 rows the best the clerk could type was 短款 ¥0.07)."""
    assert ui_ctx.actor is not None
    session = cashier.open_session(ui_ctx.db, ui_ctx.actor, 0)
    take(ui_ctx, new_customer(ui_ctx), TenderInput("cash", 5437))
    module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    open_close_page(qtbot, module)
    page = module.close_page
    assert page.expected_value.text() == "¥54.37"
    assert [page.grid.edits[c] for c in ("coin_5_fen", "coin_2_fen", "coin_1_fen")] == \
        list(page.grid.edits.values())[-3:]
    type_counts(qtbot, module, ["", "1", "", "", "", "4", "", "", "3", "1", "1", ""])
    assert focused(module) is page.note
    assert page.grid.subtotals["coin_2_fen"].text() == "¥0.02"
    assert page.counted_value.text() == "¥54.37"
    assert page.over_short.text() == "账实相符"
    ui_ctx.dialogs.confirms.append(True)  # type: ignore[attr-defined]
    press(qtbot, module, Qt.Key.Key_Return)
    wait_idle(qtbot, ui_ctx)
    closed = next(r for r in cashier.list_sessions(ui_ctx.db, ui_ctx.actor) if r.id == session.id)
    assert (closed.status, closed.over_short_fen) == ("closed", 0)
    assert cashier.day_end_report(ui_ctx.db, ui_ctx.actor, session.id).counts == {
        "note_50": 1, "note_1": 4, "coin_1_jiao": 3, "coin_5_fen": 1, "coin_2_fen": 1}


def test_close_refused_while_receipts_are_unprinted(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    assert ui_ctx.actor is not None
    session = cashier.open_session(ui_ctx.db, ui_ctx.actor, 10000)
    cid = new_customer(ui_ctx)
    first = take(ui_ctx, cid, TenderInput("cash", 5000), printed=False)
    second = take(ui_ctx, cid, TenderInput("qr", 2500), printed=False)
    take(ui_ctx, cid, TenderInput("cash", 100))  # printed: not listed
    module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)

    open_close_page(qtbot, module)
    page = module.close_page
    assert page.refused()
    text = page.unprinted_text()
    assert "以下 2 张收据尚未打印，不能交班" in text
    assert first.receipt_no in text and second.receipt_no in text
    assert not page.confirm_button.isEnabled()
    assert module.message.text() == "有 2 张收据未打印，不能交班"
    # Typing the count and pressing Enter on the note does not close.
    page.focus_first()
    type_counts(qtbot, module, ["1", "1", "", "", "", "1", "", "", "", "", "", ""])
    press(qtbot, module, Qt.Key.Key_Return)
    assert page.error.text() == "有未打印的收据，不能交班"
    assert not any(kind == "confirm" for kind, _, _ in dialogs.asked)
    assert current(ui_ctx) is not None

    # Print them, go back (Esc, the typed count is given up), F8 again: now it may close.
    for receipt in (first, second):
        payments.record_print(ui_ctx.db, ui_ctx.actor, payments.DOC_RECEIPT, receipt.payment_id, receipt.receipt_no)
    dialogs.confirms.append(True)  # 放弃点钞
    press(qtbot, module, Qt.Key.Key_Escape)
    assert module.session_stack.currentWidget() is module.panel
    open_close_page(qtbot, module)
    assert not page.refused() and page.confirm_button.isEnabled()
    assert page.grid.counts() == dict.fromkeys(page.grid.edits, 0)

    # A receipt posted on another screen while counting: the service refuses and the page lists it.
    type_counts(qtbot, module, ["1", "1", "", "", "", "1", "", "", "", "", "", ""])
    late = take(ui_ctx, cid, TenderInput("cash", 700), printed=False)
    dialogs.confirms.append(True)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.refused() and late.receipt_no in page.unprinted_text(), timeout=10000)
    assert page.grid.counts()["note_100"] == 1  # the typed count is kept
    assert cashier.current_session(ui_ctx.db, ui_ctx.actor).id == session.id  # type: ignore[union-attr]


def test_escape_with_a_typed_count_asks_first(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    assert ui_ctx.actor is not None
    cashier.open_session(ui_ctx.db, ui_ctx.actor, 0)
    module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    open_close_page(qtbot, module)
    type_text(qtbot, module, "3")
    dialogs.confirms.append(False)
    press(qtbot, module, Qt.Key.Key_Escape)
    assert module.session_stack.currentWidget() is module.close_page
    assert focused(module) is module.close_page.grid.edits["note_100"]
    assert not module.can_close() and any_text(dialogs, "点钞尚未提交")  # log-out asks too (answered no)
    dialogs.confirms.append(True)
    assert module.can_close()
    assert module.session_stack.currentWidget() is module.panel


def test_ctrl_enter_confirms_from_anywhere_and_bad_counts_stay_on_their_row(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    assert ui_ctx.actor is not None
    cashier.open_session(ui_ctx.db, ui_ctx.actor, 10000)
    module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    open_close_page(qtbot, module)
    page = module.close_page
    press(qtbot, module, Qt.Key.Key_Return)
    page.grid.edits["note_50"].setText("+")  # the validator lets a lone sign through while typing
    assert page.counted_value.text() == "¥0.00"
    press(qtbot, module, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.grid.errors["note_50"].text() == "50元的张（枚）数请填写整数"
    assert focused(module) is page.grid.edits["note_50"]
    assert not any(kind == "confirm" for kind, _, _ in dialogs.asked)
    page.grid.edits["note_50"].setText("2")
    assert page.over_short.text() == "账实相符"
    dialogs.confirms.append(False)  # "not yet": nothing is closed, the count stays
    press(qtbot, module, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert any(kind == "confirm" and "账实相符" in text for kind, _, text in dialogs.asked)
    assert current(ui_ctx) is not None and page.grid.counts()["note_50"] == 2
    assert module.session_stack.currentWidget() is page


# ---- 班次审核 ---------------------------------------------------------------------------------


def test_supervisor_reviews_and_approves(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    db = ui_ctx.db
    assert ui_ctx.actor is not None
    s1 = cashier.open_session(db, ui_ctx.actor, 50000)
    cashier.close_session(db, ui_ctx.actor, cashier.CloseSession(s1.id, s1.version, {"note_100": 4, "note_50": 1,
                                                                                    "note_20": 2}))
    login_as(ui_ctx, "clerk2")
    s2 = cashier.open_session(db, ui_ctx.actor, 20000)
    login_as(ui_ctx, "super1")

    module = make_module(qtbot, ui_ctx)
    assert module.tabs.count() == 2 and module.tabs.tabText(1) == "班次审核"
    assert CashierModule.visible_for(ui_ctx.actor)
    module.tabs.setCurrentWidget(module.review)
    qtbot.waitUntil(lambda: module.review.model.rowCount() == 1, timeout=10000)  # 待审核 by default
    review = module.review
    assert review.status_filter.currentText() == "待审核"
    assert focused(module) is review.table
    assert review.selected().id == s1.id  # type: ignore[union-attr]
    assert "短款 ¥10.00" in review.detail.text()
    assert review.count_label.text() == "共 1 个班次，1 个待审核"
    assert module.approve_action.isEnabled()

    # F10 asks, the supervisor says yes, the session is approved.
    dialogs.confirms.append(True)
    press(qtbot, module, Qt.Key.Key_F10)
    assert any(kind == "confirm" and s1.session_no in text and "短款 ¥10.00" in text
               for kind, _, text in dialogs.asked)
    qtbot.waitUntil(lambda: module.message.text() == f"班次 {s1.session_no} 已审核通过", timeout=10000)
    qtbot.waitUntil(lambda: not module.loading_sessions and review.model.rowCount() == 0, timeout=10000)
    approved = next(r for r in cashier.list_sessions(db, ui_ctx.actor) if r.id == s1.id)
    assert approved.status == "approved" and approved.approved_by == "赵班长"

    # All sessions: the open one cannot be approved; the approved one shows its approver.
    review.status_filter.setCurrentIndex(review.status_filter.findText("全部"))
    qtbot.waitUntil(lambda: not module.loading_sessions and review.model.rowCount() == 2, timeout=10000)
    review.select(s2.id)
    assert not module.approve_action.isEnabled()
    press(qtbot, module, Qt.Key.Key_F10)
    review.select(s1.id)
    row = review.model.row_of(s1.id)
    assert review.model.data(review.model.index(row, SessionColumn.STATUS)) == "已审核"
    assert review.model.data(review.model.index(row, SessionColumn.APPROVED_BY)) == "赵班长"
    assert "已由 赵班长 审核" in review.detail.text()

    # Enter on a closed session opens its day-end report.
    review.focus_table()
    press(qtbot, module, Qt.Key.Key_Return)
    wait_idle(qtbot, ui_ctx)
    if HAS_DAY_END_PDF:
        assert any(k == "dialog" and t == "PdfPreviewDialog" and s1.session_no in title
                   for k, title, t in dialogs.asked)
    else:
        assert any_text(dialogs, "日结报表打印组件不可用")


def test_roles(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    assert ui_ctx.actor is not None
    assert CashierModule.visible_for(ui_ctx.actor)  # clerk
    clerk = make_module(qtbot, ui_ctx)
    assert [a.text() for a in clerk.actions()] == ["开班", "交班/日结", "刷新"]
    assert [a.shortcut().toString() for a in clerk.actions()] == ["F7", "F8", "F5"]
    login_as(ui_ctx, "admin")
    assert CashierModule.visible_for(ui_ctx.actor)  # reviews sessions, takes no money
    admin = make_module(qtbot, ui_ctx)
    assert admin.tabs.count() == 1 and admin.tabs.currentWidget() is admin.review
    assert [a.text() for a in admin.actions()] == ["审核通过", "退回", "日结报表", "刷新"]
    press(qtbot, admin, Qt.Key.Key_F7)  # not an admin's key: nothing happens
    assert admin.summary is None
    QApplication.processEvents()


def _tiny_pdf(text: str) -> bytes:
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# ---- printing the day-end report: logged when it went out, copy 2+ says 补打 ----------------


def day_end_records(ctx: UiContext, session_id: uuid.UUID) -> list[tuple[str, int, bool, str]]:
    from db.models import PrintRecord

    with ctx.db.read() as s:
        rows = s.query(PrintRecord).filter(PrintRecord.doc_type == "day_end", PrintRecord.doc_id == session_id)
        return sorted((r.doc_no, r.copy_no, r.reprint, r.printer) for r in rows)


def preview_handler(qtbot, seen: list[dict[str, object]], *actions: str):  # type: ignore[no-untyped-def]
    """Answer the preview by keyboard: each action is "print" (Ctrl+P: the print dialog answers
    to a PDF file) or "save" (Ctrl+S: the file name comes from ``dialogs.files``); then Esc."""
    from tests.ui.test_customers_flow import press as press_focused
    from tests.ui.test_payment_flow import show_modal
    from ui.printing.preview import PdfPreviewDialog

    def handler(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        show_modal(qtbot, dialog)
        info: dict[str, object] = {"title": dialog.windowTitle(), "note": dialog.note.text(),
                                   "shown": [dialog.text()]}
        for n, action in enumerate(actions, start=1):
            press_focused(qtbot, Qt.Key.Key_P if action == "print" else Qt.Key.Key_S, CTRL)
            qtbot.waitUntil(lambda n=n: len(dialog.issued_copies) == n and not dialog.busy, timeout=20000)
            info["shown"].append(dialog.text())  # type: ignore[attr-defined]
        info["issued"] = list(dialog.issued_copies)
        info["note_after"] = dialog.note.text()
        press_focused(qtbot, Qt.Key.Key_Escape)  # 关闭
        assert not dialog.isVisible()
        seen.append(info)
        return dialog.result()

    return handler


CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def chooser(tmp_path):  # type: ignore[no-untyped-def]
    from tests.ui.test_payment_flow import FileChooser
    from ui.printing import printer as printer_module

    chooser = FileChooser(tmp_path)
    previous = printer_module.set_printer_chooser(chooser)
    yield chooser
    printer_module.set_printer_chooser(previous)


def closed_session(ctx: UiContext) -> SessionRow:
    assert ctx.actor is not None
    s1 = cashier.open_session(ctx.db, ctx.actor, 50000)
    cashier.close_session(ctx.db, ctx.actor, cashier.CloseSession(s1.id, s1.version, {"note_100": 5}))
    return s1


def review_selected(qtbot, module: CashierModule, session_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    module.tabs.setCurrentWidget(module.review)
    qtbot.waitUntil(lambda: not module.loading_sessions and module.review.model.rowCount() >= 1, timeout=10000)
    module.review.select(session_id)
    module.review.focus_table()
    assert module.report_action.isEnabled()


@pytest.mark.skipif(not HAS_DAY_END_PDF, reason="the day-end template is not installed")
def test_supervisor_prints_a_day_end_report_twice_the_second_says_buda(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx: UiContext, login_as, chooser, tmp_path) -> None:
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    s1 = closed_session(ui_ctx)
    login_as(ui_ctx, "super1")
    module = make_module(qtbot, ui_ctx)
    review_selected(qtbot, module, s1.id)
    seen: list[dict[str, object]] = []

    # Ctrl+P: the preview; Esc closes it — closing is not printing, nothing is logged.
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen))
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=15000)
    wait_idle(qtbot, ui_ctx)
    assert seen[0]["title"] == f"打印预览 — 日结报表 {s1.session_no}"
    assert "补打" not in seen[0]["shown"][0] and "关闭预览不算打印" in str(seen[0]["note"])  # type: ignore[index]
    assert day_end_records(ui_ctx, s1.id) == []
    assert "未打印" in module.message.text() and not chooser.outputs

    # Ctrl+P, Ctrl+P: printed (to a file, through the print dialog seam) — copy 1, no 补打.
    activate(qtbot, module)
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen, "print"))
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    # (a print job is a raster of the pages: what went out is what the preview shows after it)
    assert len(chooser.outputs) == 1 and chooser.outputs[0].read_bytes().startswith(b"%PDF")
    first = str(seen[1]["shown"][-1])  # type: ignore[index]
    assert "收费日结报表" in first and s1.session_no in first and "补打" not in first
    assert [r[:3] for r in day_end_records(ui_ctx, s1.id)] == [(s1.session_no, 1, False)]
    assert module.message.text().startswith(f"日结报表 {s1.session_no} 已送打印机") and "补打" not in module.message.text()
    assert "已打印第1次；再次打印为补打（第2次打印）" in str(seen[1]["note_after"])

    # The supervisor prints it again: the preview already shows 补打, the paper says so, it is copy 2.
    activate(qtbot, module)
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen, "print"))
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    assert "补打（第2次打印）" in str(seen[2]["note"])
    assert "补打" in seen[2]["shown"][0]  # type: ignore[index]
    second = str(seen[2]["shown"][-1])  # type: ignore[index]
    assert "补打" in second and "第2次打印" in second and s1.session_no in second
    assert len(chooser.outputs) == 2
    records = day_end_records(ui_ctx, s1.id)
    assert [r[:3] for r in records] == [(s1.session_no, 1, False), (s1.session_no, 2, True)]
    assert "（补打，第2次打印）" in module.message.text()

    # Closing the preview once more logs nothing.
    activate(qtbot, module)
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen))
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=15000)
    wait_idle(qtbot, ui_ctx)
    assert len(day_end_records(ui_ctx, s1.id)) == 2 and len(chooser.outputs) == 2


@pytest.mark.skipif(not HAS_DAY_END_PDF, reason="the day-end template is not installed")
def test_two_copies_from_one_preview_and_save_as_pdf(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx: UiContext, login_as, chooser, tmp_path) -> None:
    """Saved as PDF counts as issued; a second copy from the same preview is re-rendered as 补打
    (the saved files are the documents themselves: their text is read back)."""
    from tests.ui.test_payment_flow import pdf_text

    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    s1 = closed_session(ui_ctx)
    login_as(ui_ctx, "super1")
    module = make_module(qtbot, ui_ctx)
    review_selected(qtbot, module, s1.id)
    seen: list[dict[str, object]] = []
    dialogs.files.extend([str(tmp_path / "day_end_copy1"), str(tmp_path / "day_end_copy3.pdf")])
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen, "save", "print", "save"))
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    saved = pdf_text((tmp_path / "day_end_copy1.pdf").read_bytes())
    third = pdf_text((tmp_path / "day_end_copy3.pdf").read_bytes())
    assert "收费日结报表" in saved and s1.session_no in saved and "补打" not in saved
    assert "补打" in third and "第3次打印" in third and "补打时间" in third and s1.session_no in third
    shown = seen[0]["shown"]
    assert "补打" not in shown[1] and "第2次打印" in shown[2] and "第3次打印" in shown[3]  # type: ignore[index]
    assert len(chooser.outputs) == 1
    records = day_end_records(ui_ctx, s1.id)
    assert [r[1:3] for r in records] == [(1, False), (2, True), (3, True)]
    assert records[0][3].startswith("saved:") and records[0][3].endswith("day_end_copy1.pdf")


@pytest.mark.skipif(not HAS_DAY_END_PDF, reason="the day-end template is not installed")
def test_a_reprint_after_another_screen_printed_says_buda(  # type: ignore[no-untyped-def]
        qtbot, ui_ctx: UiContext, login_as, chooser, monkeypatch) -> None:
    """The clerk printed the report at the close on another PC; the supervisor's copy is 补打."""
    from ui.cashier import day_end_print

    rendered: list[tuple[bool, int]] = []
    original = day_end_print.render_day_end_pdf

    def spy(report, reprint=False, copy_no=1):  # type: ignore[no-untyped-def]
        rendered.append((reprint, copy_no))
        return original(report, reprint=reprint, copy_no=copy_no)

    monkeypatch.setattr(day_end_print, "render_day_end_pdf", spy)
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    s1 = closed_session(ui_ctx)
    payments.record_print(ui_ctx.db, ui_ctx.actor, payments.DOC_DAY_END, s1.id, s1.session_no)  # type: ignore[arg-type]
    login_as(ui_ctx, "super1")
    module = make_module(qtbot, ui_ctx)
    review_selected(qtbot, module, s1.id)
    seen: list[dict[str, object]] = []
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen, "print"))
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=20000)
    wait_idle(qtbot, ui_ctx)
    assert rendered == [(True, 2)]
    assert [r[1:3] for r in day_end_records(ui_ctx, s1.id)] == [(1, False), (2, True)]


def test_day_end_report_opens_in_the_preview_and_prints_are_logged(qtbot, ui_ctx: UiContext,  # type: ignore[no-untyped-def]
                                                                    monkeypatch, tmp_path) -> None:
    """The preview path after the close, independent of the day-end template (a stand-in PDF
    is rendered): closing logs nothing, saving is copy 1, the next copy is rendered as 补打."""
    from ui.cashier import day_end_print

    rendered: list[tuple[str, bool, int]] = []

    def render(report, reprint=False, copy_no=1):  # type: ignore[no-untyped-def]
        rendered.append((report.summary.session.session_no, reprint, copy_no))
        return _tiny_pdf(f"day end {report.summary.session.session_no} copy {copy_no}" + (" reprint" if reprint else ""))

    monkeypatch.setattr(day_end_print, "render_day_end_pdf", render)
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    assert ui_ctx.actor is not None
    session = cashier.open_session(ui_ctx.db, ui_ctx.actor, 20000)
    module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    seen: list[dict[str, object]] = []

    dialogs.dialog_handlers.append(preview_handler(qtbot, seen))  # Esc: not printed
    open_close_page(qtbot, module)
    type_counts(qtbot, module, ["2", "", "", "", "", "", "", "", "", "", "", ""])
    dialogs.confirms.append(True)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    wait_idle(qtbot, ui_ctx)
    assert seen[0]["title"] == f"打印预览 — 日结报表 {session.session_no}"
    assert module.day_end.result.text() == "账实相符"
    assert day_end_records(ui_ctx, session.id) == []
    assert "未打印" in module.day_end.pdf_status.text() and "Ctrl+P" in module.day_end.pdf_status.text()

    # Ctrl+P shows it again from the rendered bytes (no second render); Ctrl+S saves it: copy 1.
    dialogs.files.append(str(tmp_path / "report.pdf"))
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen, "save"))
    activate(qtbot, module)
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    wait_idle(qtbot, ui_ctx)
    assert rendered == [(session.session_no, False, 1)]
    assert [r[:3] for r in day_end_records(ui_ctx, session.id)] == [(session.session_no, 1, False)]
    assert module.message.text() == f"日结报表 {session.session_no} 已另存为PDF {tmp_path / 'report.pdf'}"
    assert module.day_end.pdf_status.text() == module.message.text()

    # Ctrl+P again: copy 2 is rendered as 补打 before it is shown.
    dialogs.dialog_handlers.append(preview_handler(qtbot, seen))
    activate(qtbot, module)
    press(qtbot, module, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=10000)
    wait_idle(qtbot, ui_ctx)
    assert rendered[-1] == (session.session_no, True, 2)
    assert "reprint" in seen[2]["shown"][0]  # type: ignore[index]
    assert len(day_end_records(ui_ctx, session.id)) == 1
