"""班次审核: F9 returns a closed session with a comment; the clerk sees it (issue 7 item 7c)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services import cashier
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_cashier_ui import make_module
from tests.ui.test_shell import press, type_text
from ui.cashier.review import ReturnSessionDialog
from ui.context import UiContext

COMMENT = "短款10元，请营业员当日补齐"


def test_supervisor_returns_a_session_and_the_clerk_sees_the_comment(
    qtbot, ui_ctx: UiContext, login_as
) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    db = ui_ctx.db
    assert ui_ctx.actor is not None
    s1 = cashier.open_session(db, ui_ctx.actor, 50000)
    cashier.close_session(
        db, ui_ctx.actor, cashier.CloseSession(s1.id, s1.version, {"note_100": 4, "note_50": 1, "note_20": 2})
    )
    login_as(ui_ctx, "super1")
    module = make_module(qtbot, ui_ctx)
    module.tabs.setCurrentWidget(module.review)
    qtbot.waitUntil(lambda: module.review.model.rowCount() == 1, timeout=10000)
    assert module.return_action.isEnabled()

    shots: list[str] = []

    def answer(dialog) -> int:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, ReturnSessionDialog)
        dialog.resize(dialog.sizeHint())
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.edit.setFocus()
        press(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # empty: refused
        assert "至少4个字" in dialog.error.text() and dialog.result() == 0
        type_text(qtbot, dialog, COMMENT)
        dialog.grab().save("/tmp/identity_return_dialog.png")
        shots.append("dialog")
        press(qtbot, dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        return dialog.result()

    dialogs.dialog_handlers.append(answer)
    press(qtbot, module, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: module.message.text() == f"班次 {s1.session_no} 已退回", timeout=10000)
    row = next(r for r in cashier.list_sessions(db, ui_ctx.actor) if r.id == s1.id)
    assert (row.status, row.review_comment) == ("returned", COMMENT)

    review = module.review
    review.status_filter.setCurrentIndex(review.status_filter.findText("已退回"))
    qtbot.waitUntil(lambda: not module.loading_sessions and review.model.rowCount() == 1, timeout=10000)
    review.select(s1.id)
    assert "已由 赵班长 退回" in review.detail.text() and COMMENT in review.detail.text()
    assert not module.return_action.isEnabled() and module.approve_action.isEnabled()
    module.grab().save("/tmp/identity_review_returned.png")

    # The clerk opens the cashier module: the returned session and its comment are shown.
    login_as(ui_ctx, "clerk1")
    clerk_module = make_module(qtbot, ui_ctx)
    qtbot.waitUntil(lambda: COMMENT in clerk_module.returned_notice, timeout=10000)
    assert s1.session_no in clerk_module.message.text() and "赵班长" in clerk_module.message.text()
    clerk_module.grab().save("/tmp/identity_clerk_returned.png")
