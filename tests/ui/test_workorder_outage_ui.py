"""The 故障报修 intake links the known outage covering the customer (docs/rules.md#outages):
关联停电 is shown checked with the notice, reached and toggled by keyboard, and recording links
the order instead of dispatching it; one intake dialog records once (its request id)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app.domain.codes import WorkOrderStage
from app.services import outages
from app.services import workorders as svc
from db.models import WorkOrder
from tests.shots import SHOTS
from tests.ui.test_payment_flow import seed_customer, show_modal
from tests.ui.test_workorders_ui import wait_detail
from ui.context import UiContext
from ui.workorders.detail import WorkOrderDetailDialog
from ui.workorders.intake_dialog import IntakeDialog, _load, recorded_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _key(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def test_a_repair_is_linked_to_the_covering_outage_by_keyboard(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "super1")
    now = dt.datetime.now().replace(second=0, microsecond=0)
    outage = outages.record_outage(
        ui_ctx.db,
        ui_ctx.actor,  # type: ignore[arg-type]
        outages.OutageInput(
            "fault",
            now - dt.timedelta(hours=1),
            now + dt.timedelta(hours=3),
            "变压器故障",
            transformer_areas="文三1号台区",
        ),
    )
    login_as(ui_ctx, "clerk1")
    customer = seed_customer(ui_ctx, name="王五", transformer_area="文三1号台区")
    dialog = IntakeDialog(ui_ctx, _load(ui_ctx), customer, order_type="repair")
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    dialog.look_for_outage()
    qtbot.waitUntil(lambda: dialog.outage_box.isVisible(), timeout=10000)
    assert outage.outage_no in dialog.outage_box.text() and dialog.outage_box.isChecked()
    assert dialog.outage_label.isVisible() and "变压器故障" in dialog.outage_label.text()
    dialog.major_combo.setCurrentIndex(dialog.major_combo.findData("outage"))
    dialog.minor_combo.setCurrentIndex(dialog.minor_combo.findData("outage.fault"))
    dialog.description_edit.setPlainText("家中突然停电")
    QApplication.processEvents()
    dialog.grab().save(str(SHOTS / "workorder_intake_outage.png"))
    # Enter from 所在区域 reaches 关联停电; Space unchecks and checks it again
    dialog.area_combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.area_combo, timeout=5000)
    _key(qtbot, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.outage_box
    _key(qtbot, Qt.Key.Key_Space)
    assert not dialog.outage_box.isChecked() and dialog.command().outage_id is None
    assert "前到达现场" in dialog.deadline_label.text()  # unlinked: dispatched as usual
    _key(qtbot, Qt.Key.Key_Space)
    assert dialog.outage_box.isChecked() and dialog.command().outage_id == outage.id
    assert "已知停电，不派单" in dialog.deadline_label.text()
    # a complaint never carries the link, and the box is not offered
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("complaint"))
    assert not dialog.outage_box.isVisible() and dialog.command().outage_id is None
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("repair"))
    dialog.major_combo.setCurrentIndex(dialog.major_combo.findData("outage"))
    dialog.minor_combo.setCurrentIndex(dialog.minor_combo.findData("outage.fault"))
    assert dialog.outage_box.isVisible()
    dialog.outage_box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.outage_box, timeout=5000)
    _key(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog.recorded is not None, timeout=10000)
    recorded = dialog.recorded
    assert recorded is not None and dialog.linked_outage_no == outage.outage_no
    with ui_ctx.db.read() as s:
        order = s.get(WorkOrder, recorded.id)
        assert order is not None
        assert order.outage_id == outage.id and order.stage == WorkOrderStage.PROCESSING
        assert order.request_id == dialog.request_id
    text = recorded_text(recorded, "故障报修", dialog.linked_outage_no)
    assert f"已关联停电 {outage.outage_no}，不派单" in text and "恢复供电" in text
    assert "到达现场" not in text
    # the same dialog's command again (a double submission) records nothing new
    again = dialog.command()
    assert svc.record_work_order(ui_ctx.db, ui_ctx.actor, again).id == recorded.id  # type: ignore[arg-type]
    with ui_ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkOrder)) == 1
    # the order's screen names the outage it was linked to instead of a dispatch
    detail = WorkOrderDetailDialog(ui_ctx, None, recorded.id)
    qtbot.addWidget(detail)
    show_modal(qtbot, detail)
    wait_detail(qtbot, detail, WorkOrderStage.PROCESSING)
    assert detail.facts["assignee"].text() == f"关联停电 {outage.outage_no}（不派单）"
    detail.reject()
