"""The customer view's 业务 tab (ui/applications/): the customer's applications with their
deadline colours, plugged in through the host interface (issue 9 item 7)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from app.domain.codes import DeadlineStatus
from app.domain.ids import make_resident_id
from app.dto.applications import ApplicationRow
from app.services import applications as svc
from tests.ui.test_customers_flow import make_module, seed
from ui import palette
from ui.applications.customer_hook import CustomerApplications
from ui.applications.models import ApplicationColumn, ApplicationRole, ApplicationsModel
from ui.changes import Change
from ui.context import UiContext
from ui.customers.module import CustomersModule

TODAY = dt.datetime.now().astimezone().date()


def accept(ctx: UiContext, customer_id: uuid.UUID, type_code: str = "meter_test", values=None):  # type: ignore[no-untyped-def]
    assert ctx.actor is not None
    btype = svc.shipped_catalogue().get(type_code)
    cmd = svc.AcceptApplication(type_code, customer_id, values or {}, btype.documents)
    return svc.accept_application(ctx.db, ctx.actor, cmd)


def feature(module: CustomersModule) -> CustomerApplications:
    found = module.host.findChildren(CustomerApplications)
    assert len(found) == 1
    return found[0]


def person(ctx: UiContext, name: str, n: int):  # type: ignore[no-untyped-def]
    return seed(ctx, name, make_resident_id("330106", dt.date(1980, 1, 1 + n), f"{n:03d}"), f"1390000{n:04d}")


def cells(model: ApplicationsModel, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    return [model.data(model.index(r, column), role) for r in range(model.rowCount())]


def test_the_tab_comes_after_payments_with_alt_5(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    tabs = module.view.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "基本信息",
        "变更记录",
        "账单",
        "缴费记录",
        "业务",
        "工单",
    ]
    apps = feature(module)
    assert apps.tab.index == 4 and "Alt+5" in tabs.tabToolTip(4)
    module.open_customer(person(ui_ctx, "周七", 15).id)
    qtbot.waitUntil(lambda: apps.tab.title() == "业务 (0)", timeout=10000)
    module.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is module)
    module.search.box.setFocus()
    qtbot.keyClick(module.search.box, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert apps.tab.is_current()
    ui_ctx.tasks.wait_idle(10000)


def test_the_tab_lists_the_customers_applications_with_their_deadline(
    qtbot, ui_ctx: UiContext, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Accepted on three days so that, on ``now``, one is overdue, one due soon and one on time."""
    zhang, li = person(ui_ctx, "张三", 11), person(ui_ctx, "李四", 12)
    cal = svc.working_calendar()
    now = svc.nth_counted_day(cal, TODAY, 10)
    soon = svc.nth_counted_day(cal, TODAY, 5)  # its 5th working day (of 5) is ``now``
    for day, type_code, values in (
        (TODAY, "meter_test", None),
        (soon, "rename", {"new_name": "张叁"}),
        (now, "reading_dispute", {"disputed_period": "2026-10", "description": "读数偏高"}),
    ):
        monkeypatch.setattr(svc, "_today", lambda day=day: day)
        accept(ui_ctx, zhang.id, type_code, values)
    monkeypatch.setattr(svc, "_today", lambda: now)
    accept(ui_ctx, li.id)

    module = make_module(qtbot, ui_ctx)
    apps = feature(module)
    module.open_customer(zhang.id)
    qtbot.waitUntil(lambda: apps.model.rowCount() == 3, timeout=10000)
    assert apps.tab.title() == "业务 (3)"
    model = apps.model
    assert cells(model, ApplicationColumn.TYPE) == ["电能表数据异议", "更名", "计量装置校验"]  # newest first
    assert cells(model, ApplicationColumn.STAGE) == ["受理"] * 3
    assert cells(model, ApplicationColumn.STATUS) == ["受理中"] * 3
    assert cells(model, ApplicationColumn.ACCEPTED_BY) == ["clerk1"] * 3
    assert all(str(no).strip() for no in cells(model, ApplicationColumn.APPLICATION_NO))
    assert cells(model, ApplicationColumn.DEADLINE, ApplicationRole.DEADLINE) == [
        DeadlineStatus.ON_TIME,
        DeadlineStatus.DUE_SOON,
        DeadlineStatus.OVERDUE,
    ]
    assert cells(model, ApplicationColumn.DEADLINE) == ["正常", "临期", "超期"]  # words, not colour alone
    colours = [c.name() for c in cells(model, ApplicationColumn.DEADLINE, Qt.ItemDataRole.ForegroundRole)]  # type: ignore[attr-defined]
    assert colours == [
        QColor(c).name() for c in (palette.TONE_GREEN[0], palette.TONE_AMBER[0], palette.TONE_RED[0])
    ]
    backgrounds = [c.name() for c in cells(model, ApplicationColumn.DEADLINE, Qt.ItemDataRole.BackgroundRole)]  # type: ignore[attr-defined]
    assert backgrounds == [
        QColor(c).name() for c in (palette.TONE_GREEN[1], palette.TONE_AMBER[1], palette.TONE_RED[1])
    ]
    assert "应于" in cells(model, ApplicationColumn.DEADLINE, Qt.ItemDataRole.ToolTipRole)[1]  # type: ignore[operator]
    row = model.row_at(2)
    assert row is not None
    accepted = row.accepted_at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    assert model.text(row, ApplicationColumn.ACCEPTED_AT) == accepted  # local time
    assert model.text(row, ApplicationColumn.PROMISED) == f"{row.promised_date:%Y-%m-%d}"
    assert "共 3 笔业务" in apps.page.summary.text()

    # Another customer: the tab follows.
    module.open_customer(li.id)
    qtbot.waitUntil(lambda: apps.model.rowCount() == 1, timeout=10000)
    assert apps.tab.title() == "业务 (1)"
    assert cells(model, ApplicationColumn.DEADLINE) == ["正常"]
    ui_ctx.tasks.wait_idle(10000)


def test_the_tab_reloads_on_an_applications_announcement(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    wang, other = person(ui_ctx, "王五", 13), person(ui_ctx, "赵六", 14)
    module = make_module(qtbot, ui_ctx)
    apps = feature(module)
    module.open_customer(wang.id)
    qtbot.waitUntil(lambda: apps.tab.title() == "业务 (0)", timeout=10000)
    assert apps.page.summary.text() == "该客户暂无业务申请"

    accept(ui_ctx, wang.id)  # written elsewhere (the acceptance screen to come)
    ui_ctx.changes.announce(Change.PAYMENTS, customer_id=wang.id)  # not about applications
    ui_ctx.changes.announce(Change.APPLICATIONS, customer_id=other.id)  # another customer
    ui_ctx.tasks.wait_idle(10000)
    QApplication.processEvents()
    assert apps.model.rowCount() == 0

    ui_ctx.changes.announce(Change.APPLICATIONS, customer_id=wang.id)
    qtbot.waitUntil(lambda: apps.model.rowCount() == 1, timeout=10000)
    assert apps.tab.title() == "业务 (1)"
    ui_ctx.tasks.wait_idle(10000)


def _row(n: int, deadline: str, status: str = "in_progress", due: dt.date | None = TODAY) -> ApplicationRow:
    return ApplicationRow(
        id=uuid.uuid4(),
        application_no=f"YW2026{n:06d}",
        type_code="rename",
        type_name="更名",
        customer_id=uuid.uuid4(),
        account_no="1000000001",
        customer_name="张三",
        channel="counter",
        status=status,
        stage="handle",
        accepted_at=dt.datetime(2026, 3, 2, 1, 30),
        accepted_by="clerk1",
        promised_date=TODAY,
        due_date=due,
        deadline=deadline,
        customer_manager="",
        version=1,
    )


@pytest.mark.parametrize("rows", [0, 4])
def test_the_model_passes_qtmodeltester(qtmodeltester, rows: int) -> None:  # type: ignore[no-untyped-def]
    model = ApplicationsModel()
    model.set_rows(
        [
            _row(1, DeadlineStatus.ON_TIME),
            _row(2, DeadlineStatus.DUE_SOON),
            _row(3, DeadlineStatus.OVERDUE, "archived"),
            _row(4, DeadlineStatus.ON_TIME, "suspended", None),
        ][:rows]
    )
    qtmodeltester.check(model)
    if rows:
        assert cells(model, ApplicationColumn.STATUS) == ["受理中", "受理中", "已归档", "挂起"]
        assert cells(model, ApplicationColumn.STAGE)[0] == "业务办理"
        assert "挂起" in cells(model, ApplicationColumn.DEADLINE, Qt.ItemDataRole.ToolTipRole)[3]  # type: ignore[operator]
