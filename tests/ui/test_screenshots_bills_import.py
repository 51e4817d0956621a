"""Screenshot of 账单导入 with an error report (docs/screenshots/bills_import.png), in the real main
window with the theme applied; look at the PNG after a layout change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import customers
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_screenshots_cashier import customer, save, themed, window_with  # noqa: F401 — a fixture
from ui.billing_admin.module import BillingAdminModule
from ui.billing_admin.pages import previous_period
from ui.context import UiContext


def test_screenshot_bills_import(qtbot, themed, ui_ctx: UiContext, login_as, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    accounts = []
    for i, name in enumerate(("张三", "李四", "王五", "赵六")):
        cid = customer(ui_ctx, 80 + i, name)
        assert ui_ctx.actor is not None
        accounts.append(customers.get_customer(ui_ctx.db, ui_ctx.actor, cid).account_no)
    login_as(ui_ctx, "super1")
    period = previous_period()
    rows = [f"{accounts[0]},{period},236,126.97,,营销系统 {period} 账单",
            f"{accounts[1]},{period},180,96.845,,",
            f"{accounts[2]},{period},88,-47.34,,",
            f"{accounts[0]},{period},236,126.97,,",
            f"{accounts[3]},2026年13月,50,26.90,,",
            f"{accounts[3]},{period},50,26.90,{period}-01,",
            f"33019999999,{period},120,64.56,,"]
    path = tmp_path / "营销系统账单_本月.csv"
    path.write_bytes(("户号,账期,电量(kWh),金额(元),缴费截止日,备注\n" + "\n".join(rows) + "\n").encode("gbk"))
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    dialogs.files.append(str(path))
    window, module = window_with(qtbot, ui_ctx, "billing")
    assert isinstance(module, BillingAdminModule)
    window.focus_module()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F12)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.bills.last_report is not None, timeout=10000)
    assert module.bills.last_report is not None
    assert not module.bills.last_report.ok and module.bills_page.errors.rowCount() >= 5
    save(qtbot, window, "bills_import.png")
    ui_ctx.tasks.wait_idle()
