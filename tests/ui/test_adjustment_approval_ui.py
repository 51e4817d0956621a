"""退补 at or above the limit asks for a second person in the 主管授权 dialog (issue 7 item 7b)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from app.domain.errors import DatabaseBusy
from app.services import auth, bill_view
from tests.conftest import ADMIN_PASSWORD, SUPERVISOR_PASSWORD, set_hall_rules
from tests.ui.helpers import actor_of
from tests.ui.test_billing_ui import adjustments, operations
from tests.ui.test_customers_flow import press
from tests.ui.test_payment_flow import keys, scripted, seed_bills, seed_customer, show_modal
from ui.approval_dialog import ApprovalDialog
from ui.billing import adjustment as adj_module
from ui.billing.adjustment import AdjustmentDialog
from ui.context import UiContext

SUPER2_PASSWORD = "Super2-2026"


def test_a_large_adjustment_is_approved_by_another_supervisor(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    admin = auth.login(ui_ctx.db, "admin", ADMIN_PASSWORD)
    auth.create_user(
        ui_ctx.db, admin, auth.UserInput("super2", "钱班长", "2002", "supervisor", SUPER2_PASSWORD)
    )
    set_hall_rules(ui_ctx.db, adjustment_approval_fen=1000)  # ¥10
    login_as(ui_ctx, "super1")
    customer = seed_customer(ui_ctx, "韩立新")
    seed_bills(ui_ctx, customer, [200])
    view = bill_view.bill_view(ui_ctx.db, actor_of(ui_ctx), customer.id)
    dialog = AdjustmentDialog(ui_ctx, view, view.bills[0])
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    seen: list[str] = []

    def approve_as(username: str, password: str):  # type: ignore[no-untyped-def]
        def answer(approval) -> int:  # type: ignore[no-untyped-def]
            assert isinstance(approval, ApprovalDialog)
            seen.append(approval.error.text())
            if username == "super1":
                approval.resize(approval.sizeHint())
                approval.grab().save("/tmp/identity_adjust_approval.png")
            approval.username.setText(username)
            approval.password.setText(password)
            approval.reason.setText("抄表差错，已核对现场读数")
            approval.accept()
            return approval.result()

        return answer

    scripted(ui_ctx).dialog_handlers.extend(
        [approve_as("super1", SUPERVISOR_PASSWORD), approve_as("super2", SUPER2_PASSWORD)]
    )
    keys(qtbot, "20.00")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "0")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "抄表差错补收")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=15000)
    # First the requester himself (refused: approver ≠ requester), then another supervisor.
    assert seen == ["", "不能由本人授权本人的业务，请由另一位值班长或管理员授权"]
    assert len(adjustments(ui_ctx)) == 1
    payload = json.loads(operations(ui_ctx, "IssueAdjustment")[0].payload)
    assert payload["approved_by"] == "super2" and payload["approval_reason"] == "抄表差错，已核对现场读数"


def test_an_approval_does_not_carry_over_to_an_edited_adjustment(
    qtbot, ui_ctx: UiContext, login_as, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The supervisor approved ¥20; a refusal later (the database was busy) the clerk types
    ¥180 into the same dialog: that entry needs its own approval, not the ¥20 one."""
    admin = auth.login(ui_ctx.db, "admin", ADMIN_PASSWORD)
    auth.create_user(
        ui_ctx.db, admin, auth.UserInput("super2", "钱班长", "2002", "supervisor", SUPER2_PASSWORD)
    )
    set_hall_rules(ui_ctx.db, adjustment_approval_fen=1000)  # ¥10
    login_as(ui_ctx, "super1")
    customer = seed_customer(ui_ctx, "韩立新")
    seed_bills(ui_ctx, customer, [200])
    view = bill_view.bill_view(ui_ctx.db, actor_of(ui_ctx), customer.id)
    dialog = AdjustmentDialog(ui_ctx, view, view.bills[0])
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    asked: list[str] = []

    def approve(approval) -> int:  # type: ignore[no-untyped-def]
        assert isinstance(approval, ApprovalDialog)
        asked.append(approval.username.text())
        approval.username.setText("super2")
        approval.password.setText(SUPER2_PASSWORD)
        approval.reason.setText("抄表差错，已核对现场读数")
        approval.accept()
        return approval.result()

    scripted(ui_ctx).dialog_handlers.extend([approve, approve])
    real = adj_module.adjustment_service.issue_adjustment
    sent: list[object] = []

    def busy_once_approved(db, actor, cmd, **kw):  # type: ignore[no-untyped-def]
        sent.append(cmd)
        if cmd.approval is not None and sum(1 for c in sent if c.approval is not None) == 1:  # type: ignore[attr-defined]
            raise DatabaseBusy()  # refused after the approval: nothing written
        return real(db, actor, cmd, **kw)

    monkeypatch.setattr(adj_module.adjustment_service, "issue_adjustment", busy_once_approved)
    keys(qtbot, "20.00")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "0")
    press(qtbot, Qt.Key.Key_Return)
    keys(qtbot, "抄表差错补收")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(sent) == 2 and not dialog.busy, timeout=15000)
    assert dialog.issued is None and len(asked) == 1 and "数据库正忙" in dialog.error.text()

    dialog.amount_edit.setFocus()
    dialog.amount_edit.selectAll()
    keys(qtbot, "180.00")  # the clerk edits the amount the supervisor did not see
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=15000)
    assert len(asked) == 2  # asked again for ¥180
    assert sent[2].approval is None  # type: ignore[attr-defined]  # the ¥20 approval was not sent with it
    assert [a.amount_fen for a in adjustments(ui_ctx)] == [18000]
    payload = json.loads(operations(ui_ctx, "IssueAdjustment")[0].payload)
    assert payload["approved_by"] == "super2"
