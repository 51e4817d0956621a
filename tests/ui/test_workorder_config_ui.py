"""The admin's work-order deadlines and category tree screen (issue 10 items 1–2), with the keyboard."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import workorder_config
from tests.ui.helpers import actor_of
from tests.ui.test_payment_flow import keys, press, show_modal
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.settings.workorder_config import WorkOrderConfigDialog
from ui.workorders.intake_dialog import IntakeDialog, _load


def _open(qtbot, ctx: UiContext) -> WorkOrderConfigDialog:  # type: ignore[no-untyped-def]
    dialog = WorkOrderConfigDialog(ctx)
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=10000)
    return dialog


def _ctrl(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)


def _alt(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)


def test_the_admin_changes_a_figure_and_the_tree_with_the_keyboard(
    qtbot, ui_ctx: UiContext, login_as
) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    dialog = _open(qtbot, ui_ctx)
    first = dialog.editors["complaint_contact_hours"]
    assert QApplication.focusWidget() is first and first.selectedText() == "24"
    press(qtbot, Qt.Key.Key_Return)  # Enter: the next figure
    assert QApplication.focusWidget() is dialog.editors["complaint_answer_days"]
    keys(qtbot, "6")
    _ctrl(qtbot, Qt.Key.Key_2)  # the tree tab
    assert QApplication.focusWidget() is dialog.category_view and dialog.current_code() == "quality"
    # ↓ to 电费 › 违约金, then rename and deactivate it
    for _ in range(13):
        press(qtbot, Qt.Key.Key_Down)
    assert dialog.current_code() == "billing.late_fee" and dialog.name_edit.text() == "违约金"
    dialog.name_edit.setFocus()
    dialog.name_edit.selectAll()
    keys(qtbot, "电费违约金")
    _alt(qtbot, Qt.Key.Key_R)  # 改名
    assert dialog.tree is not None and dialog.tree.get("billing.late_fee").name == "电费违约金"
    _alt(qtbot, Qt.Key.Key_D)  # 停用
    assert not dialog.tree.get("billing.late_fee").active
    # a sub-category of 电费 with a name its siblings have: refused under the name field
    dialog.name_edit.setFocus()
    dialog.name_edit.selectAll()
    keys(qtbot, "电价执行")
    _alt(qtbot, Qt.Key.Key_B)
    assert dialog.name_field.error_text() == "同一上级下已有名为“电价执行”的分类"
    dialog.name_edit.selectAll()
    keys(qtbot, "分时电价")
    _alt(qtbot, Qt.Key.Key_B)  # 添加小类 under 电费
    assert dialog.name_field.error_text() == "" and dialog.current_code() == "billing.c1"
    _ctrl(qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10000)
    view = workorder_config.get_workorder_config(ui_ctx.db, actor_of(ui_ctx))
    assert view.version == 1 and view.rules.complaint_answer_days == 6
    assert view.tree.label("billing.c1") == "电费 › 分时电价"
    assert not view.tree.offered("billing.late_fee")
    # the intake form of a clerk offers the new category and not the deactivated one
    login_as(ui_ctx, "clerk1")
    intake = IntakeDialog(ui_ctx, _load(ui_ctx), None)
    qtbot.addWidget(intake)
    intake.major_combo.setCurrentIndex(intake.major_combo.findData("billing"))
    minors = [intake.minor_combo.itemData(i) for i in range(intake.minor_combo.count())]
    assert "billing.c1" in minors and "billing.late_fee" not in minors
    assert intake.rules.complaint_answer_days == 6


def test_a_bad_figure_shows_under_its_field_and_nothing_is_saved(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    dialog = _open(qtbot, ui_ctx)
    dialog.editors["enquiry_answer_days"].setText("0")
    _ctrl(qtbot, Qt.Key.Key_2)  # saved from the other tab: the figures' tab comes back
    _ctrl(qtbot, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: bool(dialog.fields["enquiry_answer_days"].error_text()), timeout=10000)
    assert (
        dialog.fields["enquiry_answer_days"].error_text() == "咨询答复时限（工作日）应为 1 到 60 之间的整数"
    )
    assert dialog.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is dialog.editors["enquiry_answer_days"]
    assert (
        dialog.saved is None
        and workorder_config.get_workorder_config(ui_ctx.db, actor_of(ui_ctx)).version == 0
    )
    # the dialog grows to show the message: the field in error keeps its height
    bad, good = dialog.editors["enquiry_answer_days"], dialog.editors["complaint_contact_hours"]
    qtbot.waitUntil(lambda: bad.height() >= good.height(), timeout=5000)
    if os.environ.get("GRIDCOUNTER_SHOTS"):
        dialog.grab().save(os.environ["GRIDCOUNTER_SHOTS"])
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_only_the_admin_menu_offers_it(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    clerk_window = MainWindow(ui_ctx)
    qtbot.addWidget(clerk_window)
    clerk_window.idle.set_timeout_ms(0)
    assert not hasattr(clerk_window, "workorder_config_action")
    login_as(ui_ctx, "admin")
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    assert window.workorder_config_action.text() == "工单时限与诉求分类…"
    assert window.workorder_config_action.shortcut().toString() == "Ctrl+Shift+J"
    ui_ctx.tasks.wait_idle()
