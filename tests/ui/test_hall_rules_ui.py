"""The admin's hall-rules screen (营业厅业务规则, issue 7 #8), driven with the keyboard."""

from __future__ import annotations

import os
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import hall_rules
from tests.ui.helpers import actor_of
from tests.ui.test_payment_flow import keys, press, show_modal
from tests.ui.test_screenshots_shell import _save, themed
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.settings.hall_rules import HallRulesDialog

__all__ = ["themed"]  # the screenshot's fixture


def _open(qtbot, ctx: UiContext) -> HallRulesDialog:  # type: ignore[no-untyped-def]
    dialog = HallRulesDialog(ctx)
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=10000)
    return dialog


def test_the_admin_edits_a_rule_with_the_keyboard(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    dialog = _open(qtbot, ui_ctx)
    rate = dialog.editors["late_fee_residential_rate"]
    assert QApplication.focusWidget() is rate and rate.text() == "0.001" and rate.selectedText() == "0.001"
    keys(qtbot, "0.0015")
    press(qtbot, Qt.Key.Key_Return)  # Enter: the next field
    assert QApplication.focusWidget() is dialog.editors["late_fee_current_year_rate"]
    for _ in range(6):  # on to 缴费期限 (the check boxes are stops too)
        press(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.editors["bill_due_days"]
    keys(qtbot, "20")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=10000)
    assert dialog.result() == dialog.DialogCode.Accepted
    rules = hall_rules.get_rules(ui_ctx.db, actor_of(ui_ctx))
    assert rules.version == 1
    assert (rules.rules.late_fee_residential_rate, rules.rules.bill_due_days) == (Decimal("0.0015"), 20)


def test_a_bad_value_is_shown_under_its_field_and_nothing_is_saved(
    qtbot, ui_ctx: UiContext, login_as
) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    dialog = _open(qtbot, ui_ctx)
    dialog.editors["max_payment_fen"].setFocus()
    dialog.editors["max_payment_fen"].selectAll()  # type: ignore[union-attr]
    keys(qtbot, "abc")
    dialog.editors["lockout_minutes"].setFocus()
    dialog.editors["lockout_minutes"].selectAll()  # type: ignore[union-attr]
    keys(qtbot, "0")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(dialog.fields["lockout_minutes"].error_text()), timeout=10000)
    assert "单笔收费上限" in dialog.fields["max_payment_fen"].error_text()
    assert dialog.fields["lockout_minutes"].error_text() == "账户锁定分钟数应为 1 到 1440 之间的整数"
    assert dialog.fields["late_fee_residential_rate"].error_text() == ""
    assert QApplication.focusWidget() is dialog.editors["max_payment_fen"]  # the first bad field
    assert dialog.isVisible() and dialog.saved is None
    assert hall_rules.get_rules(ui_ctx.db, actor_of(ui_ctx)).version == 0
    if os.environ.get("GRIDCOUNTER_SHOTS"):
        dialog.grab().save(os.environ["GRIDCOUNTER_SHOTS"])
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_only_the_admin_menu_offers_the_hall_rules(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    clerk_window = MainWindow(ui_ctx)
    qtbot.addWidget(clerk_window)
    clerk_window.idle.set_timeout_ms(0)
    assert not hasattr(clerk_window, "hall_rules_action")
    login_as(ui_ctx, "admin")
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    assert window.hall_rules_action.text() == "营业厅业务规则…"
    assert window.hall_rules_action.shortcut().toString() == "Ctrl+Shift+G"
    ui_ctx.tasks.wait_idle()


def test_screenshot_hall_rules(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    dialog = _open(qtbot, ui_ctx)
    dialog.editors["lockout_minutes"].setText("0")  # type: ignore[union-attr]
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.fields["lockout_minutes"].error_text()), timeout=10000)
    _save(qtbot, dialog, "hall_rules.png")


def test_the_first_start_after_the_upgrade_seeds_the_rules_from_settings_toml(
    ui_ctx: UiContext, tmp_path, caplog
) -> None:  # type: ignore[no-untyped-def]
    """ui.app._open (the start-up task) copies an old settings.toml's hall rules once, logged."""
    import logging

    from app.config import load_settings
    from ui.app import _open

    path = tmp_path / "settings.toml"
    path.write_text(
        f'db_url = "{ui_ctx.settings.db_url}"\nlate_fee_grace_days = 3\nmax_payment_fen = 500000\n',
        encoding="utf-8",
    )
    with caplog.at_level(logging.INFO):
        db, node = _open(load_settings(path))
    try:
        assert node is not None and node.code == "3301"
        rules = hall_rules.get_rules(db, actor_of(ui_ctx))
        assert (rules.version, rules.updated_by) == (1, "system")
        assert (rules.rules.late_fee_grace_days, rules.rules.max_payment_fen) == (3, 500000)
        assert "seeded from this PC's settings.toml" in caplog.text
        path.write_text(f'db_url = "{ui_ctx.settings.db_url}"\nlate_fee_grace_days = 9\n', encoding="utf-8")
        db.dispose()
        db, _ = _open(load_settings(path))  # the next start (or the next PC): the database wins
        assert hall_rules.get_rules(db, actor_of(ui_ctx)).rules.late_fee_grace_days == 3
    finally:
        db.dispose()
