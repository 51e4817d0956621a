"""The worklist of service applications (业务受理) and one application opened (issue 9 items 5, 6, 8):
filters, deadline colours, paging; moving an application through its stages by keyboard,
suspending, resuming, cancelling, completing (the customer changes with it) and reprinting.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QWidget
from sqlalchemy import func, select

from app.demo import seed_demo
from app.domain.codes import ApplicationChannel, ApplicationStage, ApplicationStatus, DeadlineStatus
from app.domain.ids import make_credit_code, make_resident_id
from app.dto.applications import ApplicationFilter, ApplicationRow, PageRequest
from app.services import applications as svc
from app.services.application_reads import list_applications
from app.services.customers import CustomerInput, RegisterCustomer, register_customer
from db.models import Application, ApplicationStep, ApplicationSuspension, Customer, PrintRecord
from tests.shots import SHOTS
from tests.ui.helpers import ScriptedDialogs
from ui import palette
from ui.applications.detail import ApplicationDetailDialog, ReasonDialog, StepsModel, SuspensionsModel
from ui.applications.models import ApplicationRole
from ui.applications.module import ApplicationsModule
from ui.applications.worklist import WORK_COLUMNS, WorklistModel
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.module import CustomersModule
from ui.customers.registration_dialog import RegistrationDialog
from ui.main_window import MainWindow, plug_customer_features

DEADLINE = WORK_COLUMNS.index("deadline")


# ---- helpers ------------------------------------------------------------------------------------


def scripted(ctx: UiContext) -> ScriptedDialogs:
    assert isinstance(ctx.dialogs, ScriptedDialogs)
    return ctx.dialogs


def wait_idle(qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=20000)


def activate(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """What ``exec()`` would do, but returning: show, activate, wait until it has the keyboard."""
    widget.show()
    widget.raise_()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5000)


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


def make_worklist(qtbot, ctx: UiContext, page_size: int = 500, registration=None) -> ApplicationsModule:  # type: ignore[no-untyped-def]
    module = ApplicationsModule(ctx, registration=registration, page_size=page_size)
    qtbot.addWidget(module)
    module.resize(1280, 760)
    activate(qtbot, module)
    qtbot.waitUntil(lambda: module.loaded_once and not module.loading, timeout=20000)
    return module


def reload(qtbot, module: ApplicationsModule) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not module.loading, timeout=20000)
    qtbot.waitUntil(lambda: module.ctx.tasks.pending == 0, timeout=20000)


def rows(module: ApplicationsModule) -> list[ApplicationRow]:
    return module.model.rows()


def pick(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def person(ctx: UiContext, name: str, n: int, **extra: object):  # type: ignore[no-untyped-def]
    assert ctx.actor is not None
    data = CustomerInput(
        "individual",
        "residential",
        name,
        "ric",
        make_resident_id("330106", dt.date(1980, 1, 1 + n), f"{n:03d}"),
        "urban",
        "220V",
        "8",
        phone=f"1390000{n:04d}",
        supply_address="杭州市西湖区文三路100号",
        **extra,
    )  # type: ignore[arg-type]
    return register_customer(ctx.db, ctx.actor, RegisterCustomer(data, confirm_duplicate=True))


def large_customer(ctx: UiContext, name: str, manager: str):  # type: ignore[no-untyped-def]
    assert ctx.actor is not None
    data = CustomerInput(
        "organisation",
        "large_industry",
        name,
        "uscc",
        make_credit_code("91330106MA2B3C4D5"),
        "urban",
        "10kV",
        "630",
        customer_manager=manager,
        contact_person="张海峰",
        phone="0571-88776655",
        supply_address="杭州市西湖区西溪路520号",
    )
    return register_customer(ctx.db, ctx.actor, RegisterCustomer(data, confirm_duplicate=True))


def accept(
    ctx: UiContext,
    customer_id: uuid.UUID | None,
    type_code: str,
    values: dict[str, object] | None = None,
    **extra: object,
) -> svc.AcceptedApplication:
    assert ctx.actor is not None
    btype = svc.shipped_catalogue().get(type_code)
    return svc.accept_application(
        ctx.db,
        ctx.actor,
        svc.AcceptApplication(type_code, customer_id, values or {}, btype.documents, **extra),
    )  # type: ignore[arg-type]


def app_row(ctx: UiContext, app_id: uuid.UUID) -> Application:
    with ctx.db.read() as s:
        app = s.get(Application, app_id)
        assert app is not None
        s.expunge(app)
        return app


def steps_of(ctx: UiContext, app_id: uuid.UUID) -> list[tuple[str, str, str, str, str]]:
    with ctx.db.read() as s:
        return [
            (r.action, r.from_stage, r.to_stage, r.done_by, r.remark)
            for r in s.scalars(
                select(ApplicationStep)
                .where(ApplicationStep.application_id == app_id)
                .order_by(ApplicationStep.step_no)
            )
        ]


def customer_row(ctx: UiContext, customer_id: uuid.UUID) -> Customer:
    with ctx.db.read() as s:
        c = s.get(Customer, customer_id)
        assert c is not None
        s.expunge(c)
        return c


def reason(qtbot, text: str = "") -> Callable[[QDialog], int]:  # type: ignore[no-untyped-def]
    """Answers a ReasonDialog by keyboard: the text (if any), then Enter."""

    def answer(dialog: QDialog) -> int:
        assert isinstance(dialog, ReasonDialog), type(dialog).__name__
        activate(qtbot, dialog)
        if text:
            dialog.edit.setText(text)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
        return dialog.result()

    return answer


def open_detail(qtbot, ctx: UiContext, app_id: uuid.UUID, registration=None) -> ApplicationDetailDialog:  # type: ignore[no-untyped-def]
    """The detail shown (not modal: the test drives it), its application read."""
    dialog = ApplicationDetailDialog(ctx, None, app_id, registration=registration)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.detail is not None and not dialog.loading, timeout=20000)
    return dialog


def key_in_detail(
    qtbot,
    dialog: ApplicationDetailDialog,
    key: Qt.Key,  # type: ignore[no-untyped-def]
    modifier=Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key on the detail, then wait for the write and the read after it."""
    activate(qtbot, dialog)
    press(qtbot, key, modifier)
    wait_idle(qtbot, dialog.ctx)
    qtbot.waitUntil(lambda: not dialog.busy and not dialog.loading, timeout=20000)


@pytest.fixture
def demo(ui_ctx: UiContext) -> UiContext:
    """The demo hall: its staff, 80 customers and the demo applications of every type and stage."""
    seed_demo(ui_ctx.db, ui_ctx.settings, customers=80, seed=7, applications=True)
    return ui_ctx


# ---- the worklist -------------------------------------------------------------------------------


def all_rows(ctx: UiContext) -> list[ApplicationRow]:
    assert ctx.actor is not None
    return list(list_applications(ctx.db, ctx.actor, ApplicationFilter(), PageRequest(0, 500)).rows)


def test_each_filter_narrows_the_worklist(qtbot, demo: UiContext) -> None:  # type: ignore[no-untyped-def]
    ctx = demo
    boss = large_customer(ctx, "杭州东方钢铁有限公司", "陈经理")
    by_app = accept(ctx, boss.id, "meter_test", channel=ApplicationChannel.APP)
    everything = all_rows(ctx)
    assert len(everything) > 60
    module = make_worklist(qtbot, ctx)
    f = module.filters
    open_ones = [
        r for r in everything if r.status in (ApplicationStatus.IN_PROGRESS, ApplicationStatus.SUSPENDED)
    ]
    assert {r.id for r in rows(module)} == {r.id for r in open_ones}  # 仅在办 is on at first
    assert 0 < len(open_ones) < len(everything)
    f.open_only.setChecked(False)
    reload(qtbot, module)
    assert len(rows(module)) == len(everything)

    def check(expected: list[ApplicationRow]) -> None:
        reload(qtbot, module)
        assert expected and len(expected) < len(everything)
        assert sorted(str(r.id) for r in rows(module)) == sorted(str(r.id) for r in expected)

    pick(f.type_combo, "rename")
    check([r for r in everything if r.type_code == "rename"])
    pick(f.type_combo, "")
    pick(f.stage_combo, ApplicationStage.SURVEY)
    check([r for r in everything if r.stage == ApplicationStage.SURVEY])
    pick(f.stage_combo, "")
    pick(f.status_combo, ApplicationStatus.SUSPENDED)
    assert not f.open_only.isEnabled()  # a status chosen: 仅在办 does not apply
    check([r for r in everything if r.status == ApplicationStatus.SUSPENDED])
    pick(f.status_combo, "")
    for colour in DeadlineStatus:
        pick(f.deadline_combo, colour)
        check([r for r in everything if r.deadline == colour and r.status == ApplicationStatus.IN_PROGRESS])
    pick(f.deadline_combo, "")
    pick(f.channel_combo, ApplicationChannel.APP)
    check([r for r in everything if r.id == by_app.id])
    pick(f.channel_combo, "")

    qtbot.keyClicks(f.clerk_edit, "demo01")
    qtbot.keyClick(f.clerk_edit, Qt.Key.Key_Return)
    check([r for r in everything if r.accepted_by == "demo01"])
    f.clerk_edit.clear()
    f.manager_edit.setText("陈经理")  # Chinese comes from the input method, not key strokes
    qtbot.keyClick(f.manager_edit, Qt.Key.Key_Return)
    check([r for r in everything if r.customer_manager == "陈经理"])
    assert [r.id for r in rows(module)] == [by_app.id]  # routed to the large customer's manager
    f.manager_edit.clear()

    # acceptance dates: all the demo's were entered today (back-dated only their deadlines)
    today = dt.datetime.now().astimezone().date()
    qtbot.keyClicks(f.from_edit, f"{today + dt.timedelta(days=1):%Y-%m-%d}")
    qtbot.keyClick(f.from_edit, Qt.Key.Key_Return)
    reload(qtbot, module)
    assert rows(module) == [] and module.summary.text().startswith("没有符合条件的申请")
    f.from_edit.setText(f"{today:%Y-%m-%d}")
    f.to_edit.setText(f"{today:%Y-%m-%d}")
    qtbot.keyClick(f.to_edit, Qt.Key.Key_Return)
    reload(qtbot, module)
    assert len(rows(module)) == len(everything)
    f.to_edit.setText("2026-13-01")  # not a date: said under the field, nothing asked
    qtbot.keyClick(f.to_edit, Qt.Key.Key_Return)
    assert f.fields["accepted_to"].error_text() == "日期格式应为 YYYY-MM-DD"
    assert len(rows(module)) == len(everything)
    f.to_edit.setText(f"{today - dt.timedelta(days=1):%Y-%m-%d}")  # before the start
    qtbot.keyClick(f.to_edit, Qt.Key.Key_Return)
    assert f.fields["accepted_to"].error_text() == "结束日期不能早于开始日期"
    assert module.message.text() == "请更正受理日期" and len(rows(module)) == len(everything)
    qtbot.keyClick(f.to_edit, Qt.Key.Key_Down)  # ↓ from a text filter: down to the list
    assert QApplication.focusWidget() is module.table and module.table.currentIndex().row() == 0

    module.clear_filters()
    reload(qtbot, module)
    assert len(rows(module)) == len(open_ones) and f.to_edit.text() == ""


def test_rows_show_the_deadline_colours_and_the_summary_counts_them(qtbot, demo: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_worklist(qtbot, demo)
    model = module.model
    seen: dict[str, str] = {}
    for r in range(model.rowCount()):
        index = model.index(r, DEADLINE)
        code = model.data(index, ApplicationRole.DEADLINE)
        seen[code] = model.data(index, Qt.ItemDataRole.ForegroundRole).name()
        assert model.data(index) == {"on_time": "正常", "due_soon": "临期", "overdue": "超期"}[code]
    assert seen == {
        DeadlineStatus.ON_TIME: QColor(palette.TONE_GREEN[0]).name(),
        DeadlineStatus.DUE_SOON: QColor(palette.TONE_AMBER[0]).name(),
        DeadlineStatus.OVERDUE: QColor(palette.TONE_RED[0]).name(),
    }
    counts = model.counts()
    assert all(counts[c] > 0 for c in DeadlineStatus)
    text = module.summary.text()
    assert f"超期 {counts['overdue']} · 临期 {counts['due_soon']} · 正常 {counts['on_time']}" in text
    assert text.startswith(f"第 1–{model.rowCount()} 条") and "仅在办" in text


def test_paging_with_the_keys(qtbot, demo: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_worklist(qtbot, demo, page_size=10)
    module.filters.open_only.setChecked(False)
    reload(qtbot, module)
    total = len(all_rows(demo))
    first = [r.id for r in rows(module)]
    assert len(first) == 10 and module.next_action.isEnabled() and not module.prev_action.isEnabled()
    assert module.summary.text().startswith("第 1–10 条（后面还有）")
    module.focus_search()
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    reload(qtbot, module)
    second = [r.id for r in rows(module)]
    assert len(second) == 10 and not set(first) & set(second)
    assert module.summary.text().startswith("第 11–20 条") and module.prev_action.isEnabled()
    press(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    reload(qtbot, module)
    assert [r.id for r in rows(module)] == first
    seen = 0
    while True:  # to the last page: the next key stops there
        seen += len(rows(module))
        if not module.next_action.isEnabled():
            break
        press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        reload(qtbot, module)
    assert seen == total
    offset = module.offset
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    reload(qtbot, module)
    assert module.offset == offset


def test_the_worklist_reloads_on_an_announcement_and_f9_without_the_accept_form(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    zhang = person(ui_ctx, "张三", 11)
    module = make_worklist(qtbot, ui_ctx)
    assert rows(module) == [] and module.summary.text().startswith("没有符合条件的申请")
    accept(ui_ctx, zhang.id, "meter_test")
    ui_ctx.changes.announce(Change.APPLICATIONS, customer_id=zhang.id)
    reload(qtbot, module)
    assert [r.customer_name for r in rows(module)] == ["张三"]
    try:
        import ui.applications.accept_dialog  # noqa: F401
    except ModuleNotFoundError:
        module.focus_search()
        press(qtbot, Qt.Key.Key_F9)
        assert module.message.text() == "受理界面尚未安装，暂不能新建申请"


def test_the_main_window_offers_the_worklist(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    assert "applications" in window.module_keys()
    page = window.modules[window.module_keys().index("applications")]
    assert page.title == "业务受理"
    assert isinstance(page.widget, ApplicationsModule)
    assert page.widget.registration is not None  # the customer view's host: 新装 registers through it
    assert not page.actions[0].shortcuts()  # only the module shown has its keys live
    window.show_module(window.module_keys().index("applications"))
    assert page.actions[0].shortcut().toString() == "F9" and page.actions[0].text() == "新建申请"
    wait_idle(qtbot, ui_ctx)


# ---- the application screen ---------------------------------------------------------------------


def test_enter_opens_an_application_and_a_rename_goes_through_every_stage_by_keyboard(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    zhang = person(ui_ctx, "张三", 11)
    accepted = accept(ui_ctx, zhang.id, "rename", {"new_name": "张叁"})
    module = make_worklist(qtbot, ui_ctx)
    opened: list[ApplicationDetailDialog] = []
    dialogs = scripted(ui_ctx)

    def drive(dialog: QDialog) -> int:
        assert isinstance(dialog, ApplicationDetailDialog)
        opened.append(dialog)
        activate(qtbot, dialog)
        qtbot.waitUntil(lambda: dialog.detail is not None and not dialog.loading, timeout=20000)
        assert dialog.facts["customer"].text() == f"{zhang.account_no}　张三"
        assert dialog.facts["stage"].text() == "受理"
        assert dialog.findChild(QWidget, "value_new_name").text() == "张叁"  # type: ignore[union-attr]
        assert dialog.buttons["advance"].isEnabled() and not dialog.buttons["resume"].isEnabled()
        dialogs.dialog_handlers.append(reason(qtbot, "资料齐全，转业务办理"))
        key_in_detail(qtbot, dialog, Qt.Key.Key_F2)
        assert dialog.facts["stage"].text() == "业务办理"
        assert dialog.message.text() == "已推进到「业务办理」"
        dialogs.dialog_handlers.append(reason(qtbot))
        key_in_detail(qtbot, dialog, Qt.Key.Key_F2)
        assert dialog.facts["stage"].text() == "归档"
        assert dialog.buttons["complete"].isVisible() and not dialog.buttons["advance"].isVisible()
        dialogs.dialog_handlers.append(reason(qtbot, "已办结"))
        key_in_detail(qtbot, dialog, Qt.Key.Key_F9)
        assert dialog.facts["status"].text() == "已归档"
        assert not any(
            dialog.buttons[a].isEnabled() for a in ("advance", "complete", "suspend", "resume", "cancel")
        )
        assert dialog.steps_model.rowCount() == 4
        assert dialog.tabs.tabText(1) == "办理记录 (4)"
        activate(qtbot, dialog)
        press(qtbot, Qt.Key.Key_Escape)
        return dialog.result()

    customers = CustomersModule(ui_ctx)  # the customer's view open elsewhere follows the completion
    plug_customer_features(ui_ctx, customers.host)
    qtbot.addWidget(customers)
    customers.open_customer(zhang.id)
    qtbot.waitUntil(lambda: customers.current_customer() is not None, timeout=20000)
    dialogs.dialog_handlers.append(drive)
    seen: list[Changes] = []
    ui_ctx.changes.changed.connect(seen.append)
    module.focus_search()
    press(qtbot, Qt.Key.Key_Return)  # Enter on the row opens it (once the key event returned)
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    wait_idle(qtbot, ui_ctx)

    app = app_row(ui_ctx, accepted.id)
    assert app.status == ApplicationStatus.ARCHIVED and app.closed_by == "clerk1"
    assert steps_of(ui_ctx, accepted.id) == [
        ("accept", "", "accept", "clerk1", ""),
        ("advance", "accept", "handle", "clerk1", "资料齐全，转业务办理"),
        ("advance", "handle", "archive", "clerk1", ""),
        ("complete", "archive", "archive", "clerk1", "已办结"),
    ]
    assert customer_row(ui_ctx, zhang.id).name == "张叁"  # the customer changed with the completion
    qtbot.waitUntil(lambda: customers.current_customer().name == "张叁", timeout=20000)  # type: ignore[union-attr]
    assert [sorted(c.kinds) for c in seen] == [
        ["applications"],
        ["applications"],
        ["applications", "customer"],
    ]
    assert all(c.customer_id == zhang.id for c in seen)
    # the worklist (仅在办) followed the announcements: the archived one left it
    reload(qtbot, module)
    assert rows(module) == []


def test_suspend_needs_a_reason_and_resume_restarts_the_clock(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    zhang = person(ui_ctx, "张三", 11)
    accepted = accept(ui_ctx, zhang.id, "meter_test")
    dialog = open_detail(qtbot, ui_ctx, accepted.id)
    dialogs = scripted(ui_ctx)

    def empty_then_reason(d: QDialog) -> int:
        assert isinstance(d, ReasonDialog)
        activate(qtbot, d)
        qtbot.keyClick(d.edit, Qt.Key.Key_Return)  # empty: refused under the field
        assert d.field.error_text() == "请填写原因（至少 2 个字）" and d.result() == 0
        qtbot.keyClicks(d.edit, "ok")
        d.edit.setText("客户要求暂缓")
        qtbot.keyClick(d.edit, Qt.Key.Key_Return)
        return d.result()

    dialogs.dialog_handlers.append(empty_then_reason)
    key_in_detail(qtbot, dialog, Qt.Key.Key_F3)
    assert dialog.facts["status"].text() == "挂起"
    assert dialog.facts["due"].text() == "挂起中，期限暂停计算"
    assert dialog.buttons["resume"].isEnabled() and not dialog.buttons["advance"].isEnabled()
    assert dialog.suspensions_model.rowCount() == 1 and dialog.tabs.tabText(2) == "挂起记录 (1)"
    assert app_row(ui_ctx, accepted.id).status == ApplicationStatus.SUSPENDED

    dialogs.dialog_handlers.append(reason(qtbot))
    key_in_detail(qtbot, dialog, Qt.Key.Key_F4)
    assert dialog.facts["status"].text() == "受理中"
    assert app_row(ui_ctx, accepted.id).status == ApplicationStatus.IN_PROGRESS
    with ui_ctx.db.read() as s:
        spans = s.scalars(
            select(ApplicationSuspension).where(ApplicationSuspension.application_id == accepted.id)
        ).all()
        assert [(x.reason, x.end is not None) for x in spans] == [("客户要求暂缓", True)]
    assert [a for a, *_ in steps_of(ui_ctx, accepted.id)] == ["accept", "suspend", "resume"]
    assert dialog.suspensions_model.data(dialog.suspensions_model.index(0, 1)) != "挂起中"


def test_a_clerk_may_not_cancel_a_supervisor_may(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    zhang = person(ui_ctx, "张三", 11)
    accepted = accept(ui_ctx, zhang.id, "meter_test")
    dialog = open_detail(qtbot, ui_ctx, accepted.id)
    dialogs = scripted(ui_ctx)
    assert dialog.buttons["cancel"].isEnabled()
    key_in_detail(qtbot, dialog, Qt.Key.Key_F6)
    assert "撤销须由值班长办理" in dialog.message.text() and "无权" in dialog.message.text()
    assert not dialogs.asked  # no reason asked for a refusal
    assert app_row(ui_ctx, accepted.id).status == ApplicationStatus.IN_PROGRESS

    login_as(ui_ctx, "super1")
    boss_view = open_detail(qtbot, ui_ctx, accepted.id)
    dialogs.dialog_handlers.append(reason(qtbot, "客户申请撤回"))
    key_in_detail(qtbot, boss_view, Qt.Key.Key_F6)
    assert boss_view.facts["status"].text() == "已撤销"
    assert boss_view.findChild(QWidget, "value_close_reason").text() == "客户申请撤回"  # type: ignore[union-attr]
    app = app_row(ui_ctx, accepted.id)
    assert (app.status, app.close_reason, app.closed_by) == (
        ApplicationStatus.CANCELLED,
        "客户申请撤回",
        "super1",
    )

    # the clerk's screen still shows the application in progress (its old version): F2 is
    # refused by the service, the message says why and the application is read again
    login_as(ui_ctx, "clerk1")
    assert dialog.facts["status"].text() == "受理中" and dialog.buttons["advance"].isEnabled()
    dialogs.dialog_handlers.append(reason(qtbot))
    key_in_detail(qtbot, dialog, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: dialog.facts["status"].text() == "已撤销", timeout=20000)
    assert "已被他人办理" in dialog.message.text()
    assert not dialog.buttons["advance"].isEnabled()
    assert app_row(ui_ctx, accepted.id).stage == ApplicationStage.ACCEPT  # nothing written


def test_completing_a_new_connection_registers_the_customer_through_the_form(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    accepted = accept(
        ui_ctx,
        None,
        "res_new",
        {"capacity_kva": "8", "voltage_level": "220V", "address": "杭州市西湖区文一西路9号"},
        applicant_name="陈新民",
    )
    assert ui_ctx.actor is not None
    version = accepted.version
    for _ in svc.shipped_catalogue().get("res_new").stages[1:]:
        version = svc.advance_application(
            ui_ctx.db, ui_ctx.actor, svc.ApplicationCommand(accepted.id, version)
        )
    customers = CustomersModule(ui_ctx)
    plug_customer_features(ui_ctx, customers.host)
    qtbot.addWidget(customers)
    dialog = open_detail(qtbot, ui_ctx, accepted.id, registration=customers.host)
    assert dialog.facts["customer"].text() == "陈新民（申请人，尚未建档）"
    dialogs = scripted(ui_ctx)
    rid = make_resident_id("330106", dt.date(1990, 3, 9), "517")

    def register(d: QDialog) -> int:
        assert isinstance(d, RegistrationDialog)
        activate(qtbot, d)
        form = d.form
        assert form.value("name") == "陈新民" and form.value("supply_address") == "杭州市西湖区文一西路9号"
        assert form.value("capacity_kva") == "8" and form.value("voltage_level") == "220V"
        assert not form.fields["capacity_kva"].isEnabled() and not form.fields["kind"].isEnabled()
        id_edit = form.fields["id_number"]
        assert isinstance(id_edit, QLineEdit)
        qtbot.keyClick(id_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # nothing typed yet
        wait_idle(qtbot, ui_ctx)
        qtbot.waitUntil(lambda: not form.saving)
        assert form.error_text("id_number") and d.result() == 0  # checked, not accepted
        qtbot.keyClicks(id_edit, rid)
        phone = form.fields["phone"]
        assert isinstance(phone, QLineEdit)
        qtbot.keyClicks(phone, "13957100001")
        with qtbot.waitSignal(d.accepted, timeout=20000):
            qtbot.keyClick(phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        return d.result()

    dialogs.dialog_handlers.extend([register, reason(qtbot, "已装表接电")])
    with ui_ctx.db.read() as s:
        before = s.scalar(select(func.count()).select_from(Customer))
    key_in_detail(qtbot, dialog, Qt.Key.Key_F9)
    assert dialog.facts["status"].text() == "已归档", dialog.message.text()
    app = app_row(ui_ctx, accepted.id)
    assert app.status == ApplicationStatus.ARCHIVED and app.customer_id is not None
    new = customer_row(ui_ctx, app.customer_id)
    assert (new.name, new.kind, new.capacity_kva, new.voltage_level, new.supply_address, new.id_number) == (
        "陈新民",
        "residential",
        8,
        "220V",
        "杭州市西湖区文一西路9号",
        rid,
    )
    assert dialog.message.text() == f"已办结归档，新客户户号 {new.account_no}"
    assert dialog.facts["customer"].text() == f"{new.account_no}　陈新民"
    with ui_ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == before + 1


def test_a_new_connection_that_looks_like_an_existing_customer_is_asked_about(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    """The registration passes its own checks; the completing transaction finds the ID number on
    file (疑似重复): the clerk is asked, declining leaves it open, confirming completes it."""
    existing = person(ui_ctx, "陈新民", 21)
    accepted = accept(
        ui_ctx,
        None,
        "res_new",
        {"capacity_kva": "8", "voltage_level": "220V", "address": "杭州市西湖区文一西路9号"},
        applicant_name="陈新民",
    )
    assert ui_ctx.actor is not None
    version = accepted.version
    for _ in svc.shipped_catalogue().get("res_new").stages[1:]:
        version = svc.advance_application(
            ui_ctx.db, ui_ctx.actor, svc.ApplicationCommand(accepted.id, version)
        )
    customers = CustomersModule(ui_ctx)
    qtbot.addWidget(customers)
    dialog = open_detail(qtbot, ui_ctx, accepted.id, registration=customers.host)
    dialogs = scripted(ui_ctx)

    def register(d: QDialog) -> int:
        assert isinstance(d, RegistrationDialog)
        form = d.form
        form.set_value("id_number", make_resident_id("330106", dt.date(1980, 1, 22), "021"))  # 陈新民's own
        form.set_value("phone", "13957100002")
        with qtbot.waitSignal(d.accepted, timeout=20000):
            form.save()
        return d.result()

    with ui_ctx.db.read() as s:
        assert s.get(Customer, existing.id).id_number == make_resident_id(
            "330106", dt.date(1980, 1, 22), "021"
        )  # type: ignore[union-attr]
    dialogs.dialog_handlers.extend([register, reason(qtbot)])
    dialogs.confirms.append(False)
    key_in_detail(qtbot, dialog, Qt.Key.Key_F9)
    assert (
        dialogs.asked[-1][:2] == ("confirm", "可能重复建档") and existing.account_no in dialogs.asked[-1][2]
    )
    assert dialog.message.text() == "未办结：可能与已有客户重复"
    assert app_row(ui_ctx, accepted.id).status == ApplicationStatus.IN_PROGRESS

    dialogs.dialog_handlers.extend([register, reason(qtbot)])
    dialogs.confirms.append(True)
    key_in_detail(qtbot, dialog, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: dialog.facts["status"].text() == "已归档", timeout=20000)
    app = app_row(ui_ctx, accepted.id)
    assert app.status == ApplicationStatus.ARCHIVED and app.customer_id not in (None, existing.id)


@pytest.fixture
def chooser(tmp_path):  # type: ignore[no-untyped-def]
    """The print dialog answered: to a PDF file (tests/ui/test_payment_flow.py)."""
    from tests.ui.test_payment_flow import FileChooser
    from ui.printing import printer as printer_module

    chooser = FileChooser(tmp_path)
    previous = printer_module.set_printer_chooser(chooser)
    yield chooser
    printer_module.set_printer_chooser(previous)


def test_reprinting_the_receipt_logs_a_print_record(qtbot, ui_ctx: UiContext, chooser) -> None:  # type: ignore[no-untyped-def]
    from app.domain.codes import DocType
    from app.services import payments

    zhang = person(ui_ctx, "张三", 11)
    accepted = accept(ui_ctx, zhang.id, "meter_test")
    assert ui_ctx.actor is not None
    payments.record_print(
        ui_ctx.db,
        ui_ctx.actor,
        DocType.APPLICATION_RECEIPT,
        accepted.id,
        accepted.application_no,
        printer="前台",
        paper="A4",
    )  # the copy given at acceptance
    dialog = open_detail(qtbot, ui_ctx, accepted.id)
    dialogs = scripted(ui_ctx)
    issued: list[object] = []

    def print_it(preview: QDialog) -> int:
        from ui.printing.preview import PdfPreviewDialog

        assert isinstance(preview, PdfPreviewDialog)
        assert "补打（第2份）" in preview.note.text()
        activate(qtbot, preview)
        press(qtbot, Qt.Key.Key_Return)  # 打印 is the default button
        qtbot.waitUntil(lambda: len(preview.issued_copies) == 1, timeout=20000)
        issued.extend(preview.issued_copies)
        press(qtbot, Qt.Key.Key_Escape)
        return preview.result()

    dialogs.dialog_handlers.append(print_it)
    activate(qtbot, dialog)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(issued) == 1, timeout=30000)
    wait_idle(qtbot, ui_ctx)
    with ui_ctx.db.read() as s:
        records = [
            (r.doc_type, r.doc_no, r.copy_no, r.reprint)
            for r in s.scalars(select(PrintRecord).order_by(PrintRecord.copy_no))
        ]
    assert records == [
        (DocType.APPLICATION_RECEIPT, accepted.application_no, 1, False),
        (DocType.APPLICATION_RECEIPT, accepted.application_no, 2, True),
    ]
    assert len(chooser.outputs) == 1
    assert "业务受理回执" in dialog.message.text() and "补打" in dialog.message.text()


def test_enter_in_the_customer_views_tab_opens_the_application(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    from ui.applications.customer_hook import CustomerApplications

    zhang = person(ui_ctx, "张三", 11)
    accept(ui_ctx, zhang.id, "meter_test")
    customers = CustomersModule(ui_ctx)
    plug_customer_features(ui_ctx, customers.host)
    qtbot.addWidget(customers)
    activate(qtbot, customers)
    feature = customers.host.findChildren(CustomerApplications)[0]
    customers.open_customer(zhang.id)
    qtbot.waitUntil(lambda: feature.model.rowCount() == 1, timeout=20000)
    feature.tab.show()
    table = feature.page.table
    table.setFocus()
    table.selectRow(0)
    opened: list[ApplicationDetailDialog] = []

    def look(d: QDialog) -> int:
        assert isinstance(d, ApplicationDetailDialog)
        opened.append(d)
        qtbot.waitUntil(lambda: d.detail is not None, timeout=20000)
        assert d.registration is customers.host
        return QDialog.DialogCode.Rejected

    scripted(ui_ctx).dialog_handlers.append(look)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20000)
    wait_idle(qtbot, ui_ctx)


def test_the_models_pass_the_model_tester(qtbot, qtmodeltester, demo: UiContext) -> None:  # type: ignore[no-untyped-def]
    assert demo.actor is not None
    page = list_applications(demo.db, demo.actor, ApplicationFilter(), PageRequest(0, 100))
    model = WorklistModel()
    model.set_rows(page.rows)
    qtmodeltester.check(model)
    from app.services.application_reads import get_application

    with demo.db.read() as s:
        suspended = s.scalar(select(Application.id).where(Application.status == ApplicationStatus.SUSPENDED))
    assert suspended is not None
    detail = get_application(demo.db, demo.actor, suspended)
    steps = StepsModel()
    steps.set_rows(detail.steps)
    qtmodeltester.check(steps)
    spans = SuspensionsModel()
    spans.set_rows(detail.suspensions)
    qtmodeltester.check(spans)
    assert steps.rowCount() >= 2 and spans.rowCount() == 1


# ---- screenshots (docs/screenshots/ with GRIDCOUNTER_SCREENSHOTS=1) --------------------------------


@pytest.fixture
def themed(qapp, demo: UiContext) -> Iterator[UiContext]:  # type: ignore[no-untyped-def]
    from ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved = (app.styleSheet(), app.font(), app.palette(), app.style().name())
    apply_theme(app, demo.settings)
    yield demo
    sheet, font, pal, style = saved
    app.setStyleSheet(sheet)
    app.setFont(font)
    app.setPalette(pal)
    app.setStyle(style)


def test_screenshot_application_worklist(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]
    boss = large_customer(themed, "杭州东方钢铁有限公司", "陈经理")
    accept(themed, boss.id, "meter_test", channel=ApplicationChannel.MANAGER_VISIT)  # routed: 客户经理 shown
    module = make_worklist(qtbot, themed)
    assert rows(module)[0].customer_manager == "陈经理"
    module.resize(1100, 760)
    module.focus_search()
    QApplication.processEvents()
    codes = {r.deadline for r in rows(module)}
    assert codes == {c.value for c in DeadlineStatus}
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert module.grab().save(str(SHOTS / "application_worklist.png"))


def test_screenshot_application_detail(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]
    ctx = themed
    assert ctx.actor is not None
    accepted = accept(
        ctx,
        None,
        "hv_new",
        {
            "customer_kind": "general_ci",
            "capacity_kva": "630",
            "voltage_level": "10kV",
            "supply_mode": "single",
            "address": "杭州市钱塘区新园路88号",
        },
        applicant_name="杭州钱塘新材料有限公司",
    )
    version = accepted.version
    for remark in ("资料齐全，已受理", "现场勘查完成，具备供电条件", "供电方案已答复客户"):
        version = svc.advance_application(
            ctx.db, ctx.actor, svc.ApplicationCommand(accepted.id, version, remark)
        )
    version = svc.suspend_application(
        ctx.db, ctx.actor, svc.ApplicationCommand(accepted.id, version, "等待客户提交设计图纸")
    )
    svc.resume_application(ctx.db, ctx.actor, svc.ApplicationCommand(accepted.id, version, "图纸已提交"))
    dialog = open_detail(qtbot, ctx, accepted.id)
    dialog.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    assert dialog.steps_model.rowCount() == 6
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "application_detail.png"))


def _scan_png(title: str, size: tuple[int, int], colour: str) -> bytes:
    """A scanned-card look-alike as PNG bytes (a title and lines on a tinted page)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(QPen(QColor("#34495e"), 4))
    painter.drawRect(8, 8, size[0] - 16, size[1] - 16)
    font = QFont()
    font.setPixelSize(40)
    painter.setFont(font)
    painter.drawText(40, 90, title)
    for i in range(4):
        painter.drawLine(40, 150 + 50 * i, size[0] - 60 - 40 * i, 150 + 50 * i)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_screenshot_application_attachments(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]
    """The application screen's 附件 tab: a 过户's scanned documents, one previewed."""
    from app.services import application_attachments as attachments

    ctx = themed
    assert ctx.actor is not None
    accepted = accept(
        ctx,
        None,
        "res_new",
        {"capacity_kva": "8", "voltage_level": "220V", "address": "杭州市上城区望江路12号"},
        applicant_name="沈丽华",
    )
    for name, code, size, colour in (
        ("身份证正面.png", "id_person", (856, 540), "#dfe8f1"),
        ("房产证.png", "property", (600, 840), "#f3ead7"),
    ):
        attachments.attach_document(
            ctx.db,
            ctx.actor,
            attachments.AttachDocument(accepted.id, name, _scan_png(name[:-4], size, colour), "scanner", code),
        )
    dialog = open_detail(qtbot, ctx, accepted.id)
    dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
    panel = dialog.attachments
    assert panel is not None
    qtbot.waitUntil(lambda: len(panel.model.rows()) == 2)
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.preview.showing() == "image")
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "application_attachments.png"))
