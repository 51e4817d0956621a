"""Screenshot of the adjustment dialog (退补) for the README: docs/screenshots/adjustment.png.

The household of the bills screenshot (24 months, the last three unpaid); the supervisor opens
退补 on an unpaid bill with Ctrl+T and types a 补收 for kWh missed at the last reading. The
dialog is saved filled in, before confirming; then it is confirmed and the new bill checked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services import auth
from tests.conftest import SUPERVISOR_PASSWORD
from tests.ui.test_customers_flow import press
from tests.ui.test_payment_flow import keys, open_customer, scripted, show_modal, wait_idle
from tests.ui.test_screenshots_customers import make_module, themed  # noqa: F401 — the fixture
from tests.ui.test_screenshots_money import household, save
from ui.billing.adjustment import AdjustmentDialog
from ui.context import UiContext


def test_screenshot_adjustment_dialog(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    customer = household(themed)
    themed.actor = auth.login(themed.db, "super1", SUPERVISOR_PASSWORD)  # 值班长
    module = make_module(qtbot, themed)
    open_customer(qtbot, module, customer)
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)
    assert tab.view is not None
    unpaid = next(i for i, b in enumerate(tab.view.bills) if b.outstanding_fen > 0 and i > 0)
    tab.table.selectRow(unpaid)
    tab.table.setFocus()
    seen: dict[str, object] = {}

    def adjust(dialog: QDialog) -> int:
        assert isinstance(dialog, AdjustmentDialog)
        show_modal(qtbot, dialog)
        keys(qtbot, "35.80")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "65")
        press(qtbot, Qt.Key.Key_Return)
        keys(qtbot, "抄表差错：本次示数少抄 65 kWh，按原电价补收")
        assert dialog.capital_label.text() == "补收 人民币叁拾伍元捌角整"
        assert not any(dialog.error_text(name) for name in ("amount_fen", "kwh", "reason", "general"))
        seen["path"] = save(qtbot, dialog, "adjustment.png", (600, 420))
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.issued is not None, timeout=10000)
        seen["issued"] = dialog.issued
        return dialog.result()

    scripted(themed).dialog_handlers.append(adjust)
    press(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "issued" in seen, timeout=20000)
    qtbot.waitUntil(lambda: tab.selected_bill() is not None and tab.selected_bill().bill_type == "adjustment"  # type: ignore[union-attr]
                    and not tab.loading, timeout=10000)
    wait_idle(qtbot, themed)
    assert tab.selected_bill().amount_fen == 3580  # type: ignore[union-attr]
