"""The supervisor's audit view (审计, issue 10 item 8) driven by keyboard: filter, page, detail,
校验 (F9) on clean and tampered books, the 锚点 tab; and its screenshot."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlalchemy import select, update

from app.dto.payments import TenderInput
from app.services import cashier
from db.models import Customer, Operation
from tests.services.test_audit import _unguarded
from tests.shots import SHOTS
from tests.ui.test_cashier_ui import new_customer, take
from tests.ui.test_screenshots_shell import themed  # noqa: F401 — the fixture
from tests.ui.test_shell import activate, focused, press, type_text
from ui.audit.models import AnchorsModel, OperationsModel
from ui.audit.module import AuditModule
from ui.context import UiContext
from ui.main_window import MainWindow


def _books(ctx: UiContext, login_as) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """clerk1 registers two customers, takes two payments in a session, closes it; super1
    reviews it (the review stores the day-end and review anchors)."""
    login_as(ctx, "clerk1")
    a, b = new_customer(ctx, 1, "张三"), new_customer(ctx, 2, "李四")
    assert ctx.actor is not None
    shift = cashier.open_session(ctx.db, ctx.actor, 50000)
    paid = take(ctx, a, TenderInput("cash", 3000))
    take(ctx, b, TenderInput("cash", 2000))
    summary = cashier.session_summary(ctx.db, ctx.actor, shift.id)
    cash = summary.expected_cash_fen
    cashier.close_session(
        ctx.db,
        ctx.actor,
        cashier.CloseSession(
            shift.id, summary.session.version, {"note_1": cash // 100, "coin_1_jiao": cash % 100 // 10}
        ),
    )
    login_as(ctx, "super1")
    cashier.approve_session(
        ctx.db, ctx.actor, shift.id, cashier.session_summary(ctx.db, ctx.actor, shift.id).session.version
    )
    with ctx.db.read() as s:
        account_a = s.scalar(select(Customer.account_no).where(Customer.id == a))
    return {"account_a": account_a, "receipt": paid.receipt_no}


def _module(qtbot, ctx: UiContext) -> AuditModule:  # type: ignore[no-untyped-def]
    module = AuditModule(ctx)
    qtbot.addWidget(module)
    module.resize(1024, 700)
    activate(qtbot, module)
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0 and module.model.rowCount() > 0, timeout=10000)
    return module


def _wait(qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=20000)


def test_models(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(OperationsModel())
    qtmodeltester.check(AnchorsModel())


def test_filters_paging_and_detail_by_keyboard(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    books = _books(ui_ctx, login_as)
    module = _module(qtbot, ui_ctx)
    everything = module.model.rowCount()
    assert [r.seq for r in module.model.rows()] == sorted((r.seq for r in module.model.rows()), reverse=True)
    assert "ApproveSession" in [r.op_type for r in module.model.rows()[:3]]
    # the first record's payload is in the detail pane, pretty-printed
    qtbot.waitUntil(
        lambda: "审核" in module.detail.toPlainText() or "ApproveSession" in module.detail.toPlainText()
    )

    press(qtbot, module, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused(module) is module.bar.actor_combo
    type_text(qtbot, module, "clerk1")
    press(qtbot, module, Qt.Key.Key_Return)
    _wait(qtbot, ui_ctx)
    rows = module.model.rows()
    assert rows and len(rows) < everything and {r.actor for r in rows} == {"clerk1"}

    press(qtbot, module, Qt.Key.Key_Tab)
    assert focused(module) is module.bar.account_edit
    type_text(qtbot, module, str(books["account_a"]))
    press(qtbot, module, Qt.Key.Key_Return)
    _wait(qtbot, ui_ctx)
    types = {r.op_type for r in module.model.rows()}
    assert types == {"RegisterCustomer", "PostPayment", "PrintDocument"}, types

    # a wrong date is said under its field and nothing is asked
    module.bar.from_edit.setFocus()
    type_text(qtbot, module, "2026-13-40")
    press(qtbot, module, Qt.Key.Key_Return)
    assert module.bar.fields["date_from"].error_text() == "日期格式应为 YYYY-MM-DD"
    assert ui_ctx.tasks.pending == 0 and len(module.model.rows()) == 3
    module.bar.from_edit.clear()

    # an unknown account number: the service says so under the field
    module.bar.account_edit.setFocus()
    module.bar.account_edit.clear()
    type_text(qtbot, module, "999999")
    press(qtbot, module, Qt.Key.Key_Return)
    _wait(qtbot, ui_ctx)
    assert "999999" in module.bar.fields["account_no"].error_text()

    # the payment of A, its detail
    module.bar.account_edit.clear()
    type_text(qtbot, module, str(books["account_a"]))
    index = module.bar.type_combo.findData("PostPayment")
    module.bar.type_combo.setCurrentIndex(index)
    press(qtbot, module, Qt.Key.Key_Return)
    _wait(qtbot, ui_ctx)
    (row,) = module.model.rows()
    assert row.summary.startswith(str(books["receipt"]))
    module.table.setFocus()
    _wait(qtbot, ui_ctx)
    text = module.detail.toPlainText()
    assert f'"receipt_no": "{books["receipt"]}"' in text and "本条哈希" in text

    # paging: ten records a page
    module.bar.account_edit.clear()
    module.bar.actor_combo.setEditText("")
    module.bar.type_combo.setCurrentIndex(0)
    module.bar.account_edit.setFocus()
    press(qtbot, module, Qt.Key.Key_Return)
    _wait(qtbot, ui_ctx)
    assert module.model.rowCount() == everything
    first = module.model.row_at(0)
    module.page_size = 5
    module.refresh()
    _wait(qtbot, ui_ctx)
    assert (
        module.model.rowCount() == 5 and module.next_action.isEnabled() and not module.prev_action.isEnabled()
    )
    module.table.setFocus()
    press(qtbot, module, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    _wait(qtbot, ui_ctx)
    assert module.page == 1 and module.model.row_at(0).seq == first.seq - 5
    assert module.page_label.text().startswith("第 2 页 · 第 6–10 条")
    press(qtbot, module, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    _wait(qtbot, ui_ctx)
    assert module.page == 0 and module.model.row_at(0).op_id == first.op_id
    for _ in range(10):  # to the last page; beyond it Alt+PgDn does nothing
        press(qtbot, module, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
        _wait(qtbot, ui_ctx)
    assert module.page == (everything - 1) // 5 and not module.next_action.isEnabled()
    assert module.model.row_at(module.model.rowCount() - 1).seq == 1


def test_verify_clean_then_tampered_and_anchors(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    _books(ui_ctx, login_as)
    module = _module(qtbot, ui_ctx)
    module.tabs.setCurrentWidget(module.anchor_tab)
    qtbot.waitUntil(lambda: module.anchors_model.rowCount() == 2)
    assert all(module.anchors_model.ok(r) for r in module.anchors_model.rows())
    assert module.tabs.tabText(1) == "锚点 (2)"
    assert {module.anchors_model.text(r, AnchorsModel.STATE) for r in module.anchors_model.rows()} == {
        "与日志一致"
    }

    module.table.setFocus()
    press(qtbot, module, Qt.Key.Key_F9)
    assert module.busy.isVisibleTo(module) and not module.verify_action.isEnabled()  # busy while it runs
    _wait(qtbot, ui_ctx)
    assert not module.busy.isVisibleTo(module) and module.verify_action.isEnabled()
    assert "哈希链完整" in module.verdict.text() and "对账一致" in module.verdict.text(), (
        module.verdict.text()
    )
    assert module.result is not None and module.result.ok and module.findings.count() == 0

    # the owner edits a payment record: the chain breaks at that record, the reconcile says which receipt
    with ui_ctx.db.read() as s:
        op = s.scalar(select(Operation).where(Operation.op_type == "PostPayment").order_by(Operation.seq))
        seq, payload = op.seq, json.loads(op.payload)
    payload["amount_fen"] = 1
    with _unguarded(ui_ctx.db) as s:
        s.execute(
            update(Operation)
            .where(Operation.op_id == op.op_id)
            .values(payload=json.dumps(payload, ensure_ascii=False))
        )
    press(qtbot, module, Qt.Key.Key_F9)
    _wait(qtbot, ui_ctx)
    assert f"第 {seq} 条起断链" in module.verdict.text(), module.verdict.text()
    items = [module.findings.item(i).text() for i in range(module.findings.count())]
    assert module.findings.isVisibleTo(module)
    assert items[0].startswith(f"节点 3301 第 {seq} 条：内容与其哈希不符")
    assert any(payload["receipt_no"] in t for t in items[1:])
    # both anchors lie after the break: the tab says so
    qtbot.waitUntil(lambda: "不符" in module.tabs.tabText(1))
    states = {module.anchors_model.text(r, AnchorsModel.STATE) for r in module.anchors_model.rows()}
    assert states == {f"与日志一致 · 哈希链自第{seq}条断开"}


def test_only_supervisors_and_admins_see_it(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    for user, shown in (("clerk1", False), ("super1", True), ("admin", True)):
        login_as(ui_ctx, user)
        window = MainWindow(ui_ctx)
        qtbot.addWidget(window)
        window.idle.set_timeout_ms(0)
        assert ("audit" in window.module_keys()) is shown, user
        ui_ctx.tasks.wait_idle()
        window.close()


def test_screenshot_audit(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _books(ui_ctx, login_as)
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    window.resize(1280, 800)
    assert window.show_module_by_key("audit")
    module = window.current_module().widget  # type: ignore[union-attr]
    assert isinstance(module, AuditModule)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: module.model.rowCount() > 0 and ui_ctx.tasks.pending == 0, timeout=10000)
    module.verify()
    _wait(qtbot, ui_ctx)
    module.table.selectRow(3)
    _wait(qtbot, ui_ctx)
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "audit.png"
    assert window.grab().save(str(path)) and path.stat().st_size > 10_000
    module.tabs.setCurrentWidget(module.anchor_tab)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "audit_anchors.png"))
    # a counter PC's 1024×768, after the owner edited a payment record
    with ui_ctx.db.read() as s:
        op = s.scalar(select(Operation).where(Operation.op_type == "PostPayment").order_by(Operation.seq))
        payload = json.loads(op.payload)
    payload["amount_fen"] = 1
    with _unguarded(ui_ctx.db) as s:
        s.execute(update(Operation).where(Operation.op_id == op.op_id).values(payload=json.dumps(payload)))
    window.resize(1024, 768)
    module.tabs.setCurrentWidget(module.log_tab)
    module.verify()
    _wait(qtbot, ui_ctx)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / "audit_broken.png"))
    window.close()


def test_every_operation_type_has_a_name_in_the_audit_view():
    """A new operation type shows as its raw code in the filter and the list until it is named."""
    from app.domain.codes import OpType
    from ui.audit.labels import OP_TYPES

    assert {t.value for t in OpType} - set(OP_TYPES) == set()


def test_the_customer_filter_shows_its_work_orders_and_ratings(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    """户号 lists the customer's work orders and ratings too, under their names."""
    from app.domain.codes import RatingKind
    from app.services import ratings
    from app.services import workorders as wo

    books = _books(ui_ctx, login_as)
    login_as(ui_ctx, "clerk1")
    assert ui_ctx.actor is not None
    with ui_ctx.db.read() as s:
        a = s.scalar(select(Customer.id).where(Customer.account_no == books["account_a"]))
        payment_id = s.scalar(select(Operation.entity_id).where(Operation.op_type == "PostPayment"))
    wo.record_work_order(
        ui_ctx.db,
        ui_ctx.actor,
        wo.RecordWorkOrder("complaint", "attitude.counter", "排队无人引导", customer_id=a),
    )
    ratings.record_rating(ui_ctx.db, ui_ctx.actor, ratings.RecordRating(RatingKind.PAYMENT, payment_id, 5))
    login_as(ui_ctx, "super1")
    module = _module(qtbot, ui_ctx)
    module.bar.account_edit.setFocus()
    type_text(qtbot, module, str(books["account_a"]))
    press(qtbot, module, Qt.Key.Key_Return)
    _wait(qtbot, ui_ctx)
    types = {r.op_type for r in module.model.rows()}
    assert {"RegisterCustomer", "PostPayment", "RecordWorkOrder", "RecordRating"} <= types, types
    shown = {
        module.model.data(module.model.index(i, OperationsModel.TYPE)) for i in range(module.model.rowCount())
    }
    assert {"受理工单", "服务评价"} <= shown, shown

