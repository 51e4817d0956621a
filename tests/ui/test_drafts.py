"""Drafts (issue 12 item 10): each form that takes a customer's details is kept on disk as it is
typed, deleted when it is saved or dropped, and offered back after the next log-in.

The store on its own first (atomic, private, per user and node, swept after a week), then one set
of tests per form: 客户登记 (the customers module's form), 业务受理 and 诉求登记 (dialogs answered
through the dialogs seam). The SIGKILL of a real process is in test_drafts_kill.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import func, select

from app.domain.codes import OpType
from app.dto.customers import CustomerView
from app.services.applications import AcceptedApplication
from db.models import Application, Customer, Operation
from tests.conftest import valid_resident_id
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_customers_flow import enter_to, make_module, open_form, press, type_here, type_into
from tests.ui.test_payment_flow import seed_customer, show_modal
from ui.applications.accept_dialog import AcceptDialog, accept_application_dialog, restore_accept_draft
from ui.context import UiContext
from ui.customers.form import CustomerForm
from ui.customers.module import CustomersModule
from ui.drafts import (
    APPLICATION,
    DEBOUNCE_MS,
    REGISTRATION,
    WORK_ORDER,
    Draft,
    DraftStore,
    offer_drafts,
    store_for,
    sweep,
)
from ui.workorders.intake_dialog import IntakeDialog, record_work_order_dialog, restore_intake_draft

RID = valid_resident_id(777)
PHONE = "13712340000"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own data folder: drafts of other tests are not offered here."""
    folder = tmp_path / "data"
    monkeypatch.setenv("GRIDCOUNTER_DATA_DIR", str(folder))
    return folder


def scripted(ctx: UiContext) -> ScriptedDialogs:
    assert isinstance(ctx.dialogs, ScriptedDialogs)
    return ctx.dialogs


def wait_draft(qtbot, store: DraftStore, kind: str, check=lambda d: True) -> Draft:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: (d := store.read(kind)) is not None and check(d), timeout=5000)
    draft = store.read(kind)
    assert draft is not None
    return draft


# ---- the store ------------------------------------------------------------------------------------


def test_the_store_writes_atomically_privately_per_user_and_node(tmp_path: Path) -> None:
    store = DraftStore("3301", "clerk1", root=tmp_path / "drafts")
    other_user = DraftStore("3301", "clerk2", root=tmp_path / "drafts")
    other_node = DraftStore("3302", "clerk1", root=tmp_path / "drafts")
    assert store.write(REGISTRATION, {"name": "张三", "id_number": RID, "vip": True}, {"x": "1"}, "张三")
    draft = store.read(REGISTRATION)
    assert draft is not None and draft.fields == {"name": "张三", "id_number": RID, "vip": True}
    assert draft.context == {"x": "1"} and draft.summary == "张三"
    assert dt.datetime.now(dt.UTC) - draft.saved_at < dt.timedelta(seconds=30)
    assert other_user.pending() == [] and other_node.pending() == []
    path = store.path(REGISTRATION)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (path.parent, path.parent.parent, tmp_path / "drafts"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    inode = path.stat().st_ino
    store.write(REGISTRATION, {"name": "张三丰"})
    assert path.stat().st_ino != inode  # replaced by a rename, never rewritten in place
    assert [p.name for p in path.parent.iterdir()] == ["registration.json"]  # no temporary file left
    store.delete(REGISTRATION)
    assert store.read(REGISTRATION) is None and store.pending() == []
    store.delete(REGISTRATION)  # twice: no error


def test_an_odd_user_name_stays_inside_the_drafts_folder(tmp_path: Path) -> None:
    store = DraftStore("../..", "../../etc", root=tmp_path / "drafts")
    store.write(WORK_ORDER, {"a": "b"})
    assert (tmp_path / "drafts") in store.path(WORK_ORDER).resolve().parents


def test_an_unreadable_draft_is_removed_without_logging_its_content(tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    store = DraftStore("3301", "clerk1", root=tmp_path / "drafts")
    store.write(APPLICATION, {"x": "y"})
    store.path(APPLICATION).write_text(
        '{"format": 1, "kind": "application", "fields": {"id": "' + RID, "utf-8"
    )
    assert store.read(APPLICATION) is None and not store.path(APPLICATION).exists()
    assert "unreadable" in caplog.text and RID not in caplog.text


def test_drafts_older_than_a_week_are_swept(tmp_path: Path) -> None:
    root = tmp_path / "drafts"
    fresh, old = DraftStore("3301", "clerk1", root=root), DraftStore("3301", "clerk2", root=root)
    fresh.write(REGISTRATION, {"a": "1"})
    old.write(REGISTRATION, {"a": "2"})
    week_ago = time.time() - 8 * 86400
    os.utime(old.path(REGISTRATION), (week_ago, week_ago))
    leftover = fresh.folder / ".work_order.abc.tmp"  # a crash in the middle of a write
    leftover.write_text("{", "utf-8")
    os.utime(leftover, (time.time() - 7200, time.time() - 7200))
    assert sweep(root) == 2
    assert fresh.read(REGISTRATION) is not None and old.read(REGISTRATION) is None and not leftover.exists()


def test_the_age_is_said_in_minutes_hours_or_days() -> None:
    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)

    def age(minutes: int) -> str:
        return Draft(REGISTRATION, now - dt.timedelta(minutes=minutes), {}).age_text(now)

    assert (age(0), age(12), age(150), age(3 * 24 * 60)) == (
        "不到 1 分钟前",
        "12 分钟前",
        "2 小时前",
        "3 天前",
    )


# ---- 客户登记 ----------------------------------------------------------------------------------------


def fill_registration(qtbot, module: CustomersModule):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    enter_to(qtbot, form, "name")
    type_here(qtbot, "欧阳晓明")
    enter_to(qtbot, form, "id_number")
    type_here(qtbot, RID)
    enter_to(qtbot, form, "phone")
    type_here(qtbot, PHONE)
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州市西湖区文三路100号")
    enter_to(qtbot, form, "capacity_kva")
    type_here(qtbot, "8")
    return form


def test_a_registration_is_kept_as_typed_and_deleted_when_saved(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    store = store_for(ui_ctx)
    form = open_form(qtbot, module)
    qtbot.wait(700)
    assert store.read(REGISTRATION) is None  # a form as it opened is no draft
    enter_to(qtbot, form, "name")
    type_here(qtbot, "欧阳")
    assert store.read(REGISTRATION) is None  # not on every keystroke: 500 ms after the last one
    draft = wait_draft(qtbot, store, REGISTRATION)
    assert draft.fields["name"] == "欧阳" and draft.summary == "欧阳"
    type_here(qtbot, "晓明")
    press(qtbot, Qt.Key.Key_Return)  # the focus leaves the field: written at once, no wait
    draft = store.read(REGISTRATION)
    assert draft is not None and draft.fields["name"] == "欧阳晓明"
    enter_to(qtbot, form, "id_number")
    type_here(qtbot, RID)
    enter_to(qtbot, form, "phone")
    type_here(qtbot, PHONE)
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州市西湖区文三路100号")
    enter_to(qtbot, form, "capacity_kva")
    type_here(qtbot, "8")
    draft = wait_draft(qtbot, store, REGISTRATION, lambda d: d.fields["capacity_kva"] == "8")
    assert draft.fields == {name: form.value(name) for name in form.fields}
    assert draft.fields["id_number"] == RID and draft.fields["phone"] == PHONE

    form.save()
    qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=10000)
    assert store.read(REGISTRATION) is None and not store.path(REGISTRATION).exists()


def test_a_registration_dropped_with_esc_loses_its_draft_kept_when_the_clerk_stays(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    store = store_for(ui_ctx)
    fill_registration(qtbot, module)
    wait_draft(qtbot, store, REGISTRATION, lambda d: d.fields["capacity_kva"] == "8")
    scripted(ui_ctx).confirms.append(False)  # 放弃录入？ no: the form and its draft stay
    press(qtbot, Qt.Key.Key_Escape)
    assert module.form is not None and store.read(REGISTRATION) is not None
    scripted(ui_ctx).confirms.append(True)  # yes: dropped on purpose
    press(qtbot, Qt.Key.Key_Escape)
    assert module.form is None and store.read(REGISTRATION) is None


def test_an_edit_is_no_draft(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    customer = seed_customer(ui_ctx, name="李四")
    module.open_customer(customer.id)
    qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=10000)
    module.edit_current()
    assert module.form is not None and module.form.draft is None


def test_a_kept_registration_is_offered_and_restored_exactly(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    store = store_for(ui_ctx)
    form = fill_registration(qtbot, module)
    form.set_value("vip", True)
    form.set_value("kind", "agriculture")  # the tariff follows the kind
    values = {name: form.value(name) for name in form.fields}
    wait_draft(qtbot, store, REGISTRATION, lambda d: d.fields == values)
    module._close_form(refocus=False)  # as if the program had stopped: the draft stays

    dialogs = scripted(ui_ctx)
    dialogs.choices.append(-1)  # Esc: asked again at the next start
    assert offer_drafts(ui_ctx, module, {REGISTRATION: module.restore_registration}) == []
    assert module.form is None and store.read(REGISTRATION) is not None
    kind, title, text = dialogs.asked[-1]
    assert (kind, title) == ("choose", "恢复未保存的录入")
    assert text.startswith("上次未保存的客户登记（不到 1 分钟前）：欧阳晓明")

    dialogs.choices.append(0)  # 恢复
    assert offer_drafts(ui_ctx, module, {REGISTRATION: module.restore_registration}) == [REGISTRATION]
    restored = module.form
    assert restored is not None and restored is not form
    qtbot.waitUntil(lambda: restored.value("tariff_code") == values["tariff_code"], timeout=5000)
    assert {name: restored.value(name) for name in restored.fields} == values
    assert restored.dirty  # Esc asks before dropping it
    assert restored.banner_message == "已恢复不到 1 分钟前的草稿，请与客户核对后再保存。"
    restored.set_value("notes", "恢复后继续填写")
    wait_draft(qtbot, store, REGISTRATION, lambda d: d.fields["notes"] == "恢复后继续填写")

    module._close_form(refocus=False)
    dialogs.choices.append(1)  # 丢弃
    assert offer_drafts(ui_ctx, module, {REGISTRATION: module.restore_registration}) == []
    assert module.form is None and store.read(REGISTRATION) is None


def test_a_restored_registration_saved_before_the_crash_is_not_registered_twice(
    qtbot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Saved, committed, and the program stopped before the form heard of it: the draft is still
    offered; restored and saved again (even past the duplicate question) it opens that customer."""
    module = make_module(qtbot, ui_ctx)
    store = store_for(ui_ctx)
    form = fill_registration(qtbot, module)
    lost: list[CustomerView] = []
    answered = CustomerForm._on_saved

    def crash_first(self: CustomerForm, view: CustomerView) -> None:
        if not lost:  # the first answer never reaches the form: the process died before it
            lost.append(view)
            return
        answered(self, view)

    monkeypatch.setattr(CustomerForm, "_on_saved", crash_first)
    form.save()
    qtbot.waitUntil(lambda: bool(lost), timeout=10000)
    assert lost[0].id == form.request_id and not lost[0].repeated
    assert form.draft is not None
    form.draft.active = False  # the process is gone: its keeper writes no more
    module._close_form(refocus=False)
    draft = store.read(REGISTRATION)
    assert draft is not None and draft.context["request_id"] == str(form.request_id)

    dialogs = scripted(ui_ctx)
    dialogs.choices.append(0)  # 恢复
    assert offer_drafts(ui_ctx, module, {REGISTRATION: module.restore_registration}) == [REGISTRATION]
    restored = module.form
    assert restored is not None and restored.request_id == lost[0].id
    restored.save()
    qtbot.waitUntil(
        lambda: (c := module.current_customer()) is not None and c.id == lost[0].id, timeout=10000
    )
    assert module.message.text() == f"该客户此前已建档（户号 {lost[0].account_no}），未重复建档"
    assert not any(kind == "dialog" and title == "疑似重复建档" for kind, title, _ in dialogs.asked)
    with ui_ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Customer).where(Customer.id_number == RID)) == 1
        registered = (
            select(func.count()).select_from(Operation).where(Operation.op_type == OpType.REGISTER_CUSTOMER)
        )
        assert s.scalar(registered) == 1
    assert store.read(REGISTRATION) is None


def test_the_shell_offers_every_kind_to_a_clerk(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    from ui.app import draft_restorers
    from ui.main_window import MainWindow

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.idle.stop()
    assert set(draft_restorers(ui_ctx, window)) == {REGISTRATION, APPLICATION, WORK_ORDER}


# ---- 业务受理 ----------------------------------------------------------------------------------------


def test_an_application_is_kept_as_typed_restored_and_deleted_when_accepted(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    store = store_for(ui_ctx)
    dialogs = scripted(ui_ctx)
    seen: dict[str, object] = {}

    def typed_then_lost(dialog: QDialog) -> int:
        """The clerk types; the program stops before 受理 (the dialog is never rejected)."""
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        dialog.applicant_edit.setFocus()
        type_into(qtbot, dialog.applicant_edit, "欧阳晓明")
        dialog.type_fields["capacity_kva"].editor.setFocus()
        type_into(qtbot, dialog.type_fields["capacity_kva"].editor, "8")
        dialog.type_fields["address"].editor.setFocus()
        type_into(qtbot, dialog.type_fields["address"].editor, "杭州市西湖区文三路200号")
        assert dialog.checklist is not None
        dialog.checklist.boxes["id_person"].setChecked(True)
        dialog.remark_edit.setText("客户下午再来补产权证明")
        seen["fields"] = dialog._draft_fields()
        wait_draft(qtbot, store, APPLICATION, lambda d: d.fields == seen["fields"])
        dialog.hide()
        return QDialog.DialogCode.Rejected

    dialogs.dialog_handlers.append(typed_then_lost)
    accept_application_dialog(ui_ctx, parent, None)
    qtbot.waitUntil(lambda: "fields" in seen, timeout=15000)
    ui_ctx.tasks.wait_idle(10000)
    draft = store.read(APPLICATION)
    assert draft is not None and draft.context["customer_id"] == ""
    assert draft.context["request_id"]  # the form's request id goes with it
    assert draft.summary == "低压居民新装　欧阳晓明"
    assert json.dumps(draft.fields, ensure_ascii=False).count("文三路200号") == 1

    def restored_then_accepted(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        seen["restored"] = dialog._draft_fields()
        assert dialog.type_fields["address"].editor.text() == "杭州市西湖区文三路200号"
        assert dialog.checklist is not None
        dialog.checklist.boxes["property"].setChecked(True)
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.accepted_application is not None, timeout=15000)
        seen["accepted"] = dialog.accepted_application
        return dialog.result()

    reports: list[str] = []
    dialogs.dialog_handlers.append(restored_then_accepted)
    restore_accept_draft(ui_ctx, parent, draft, lambda text, _error=False: reports.append(text))
    qtbot.waitUntil(lambda: "accepted" in seen, timeout=20000)
    assert seen["restored"] == seen["fields"]  # exactly as it was typed
    assert store.read(APPLICATION) is None
    ui_ctx.tasks.wait_idle(10000)


def test_an_application_for_a_customer_comes_back_with_the_customer_and_esc_drops_it(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, name="王五")
    parent = QWidget()
    qtbot.addWidget(parent)
    store = store_for(ui_ctx)
    dialogs = scripted(ui_ctx)
    seen: dict[str, object] = {}

    def typed_then_lost(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("capacity_increase"))
        field = dialog.type_fields["new_capacity_kva"].editor
        field.setFocus()
        type_into(qtbot, field, "16")
        seen["fields"] = dialog._draft_fields()
        wait_draft(qtbot, store, APPLICATION, lambda d: d.fields == seen["fields"])
        dialog.hide()
        return QDialog.DialogCode.Rejected

    dialogs.dialog_handlers.append(typed_then_lost)
    accept_application_dialog(ui_ctx, parent, customer)
    qtbot.waitUntil(lambda: "fields" in seen, timeout=15000)
    ui_ctx.tasks.wait_idle(10000)
    draft = store.read(APPLICATION)
    assert draft is not None and draft.context["customer_id"] == str(customer.id)

    def restored_then_cancelled(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        seen["customer"] = dialog.customer
        seen["restored"] = dialog._draft_fields()
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)  # 取消
        return dialog.result()

    dialogs.dialog_handlers.append(restored_then_cancelled)
    restore_accept_draft(ui_ctx, parent, draft, lambda _text, _error=False: None)
    qtbot.waitUntil(lambda: "restored" in seen, timeout=15000)
    assert seen["restored"] == seen["fields"]
    restored_customer = seen["customer"]
    assert restored_customer is not None and restored_customer.id == customer.id  # type: ignore[attr-defined]
    assert store.read(APPLICATION) is None  # Esc dropped it
    ui_ctx.tasks.wait_idle(10000)


def test_a_restored_application_accepted_before_the_crash_is_not_accepted_twice(
    qtbot, ui_ctx: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The program stops after the acceptance was committed and before the form heard of it (the
    draft is still on disk): the restored form, accepted again, answers with that application."""
    parent = QWidget()
    qtbot.addWidget(parent)
    store = store_for(ui_ctx)
    dialogs = scripted(ui_ctx)
    seen: dict[str, object] = {}
    lost: list[AcceptedApplication] = []
    answered = AcceptDialog._accepted

    def crash_first(self: AcceptDialog, accepted: AcceptedApplication) -> None:
        if not lost:  # the first answer never reaches the form: the process died before it
            lost.append(accepted)
            return
        answered(self, accepted)

    monkeypatch.setattr(AcceptDialog, "_accepted", crash_first)

    def committed_then_lost(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        dialog.applicant_edit.setFocus()
        type_into(qtbot, dialog.applicant_edit, "欧阳晓明")
        dialog.type_fields["capacity_kva"].editor.setFocus()
        type_into(qtbot, dialog.type_fields["capacity_kva"].editor, "8")
        dialog.type_fields["address"].editor.setFocus()
        type_into(qtbot, dialog.type_fields["address"].editor, "杭州市西湖区文三路200号")
        assert dialog.checklist is not None
        for box in dialog.checklist.boxes.values():
            box.setChecked(True)
        seen["request"] = dialog.request_id
        dialog.submit()  # Ctrl+Enter: committed...
        qtbot.waitUntil(lambda: bool(lost), timeout=15000)
        dialog.hide()  # ...and the program is gone before the form closed: its keeper writes no more
        dialog.draft.timer.stop()
        dialog.draft.active = False
        return QDialog.DialogCode.Rejected

    dialogs.dialog_handlers.append(committed_then_lost)
    accept_application_dialog(ui_ctx, parent, None)
    qtbot.waitUntil(lambda: bool(lost), timeout=20000)
    ui_ctx.tasks.wait_idle(10000)
    first = lost[0]
    assert first.id == seen["request"] and not first.repeated
    draft = store.read(APPLICATION)
    assert draft is not None and draft.context["request_id"] == str(seen["request"])

    def restored_then_accepted_again(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        seen["restored_request"] = dialog.request_id
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.accepted_application is not None, timeout=15000)
        seen["accepted"] = dialog.accepted_application
        return dialog.result()

    reports: list[str] = []
    dialogs.dialog_handlers.append(restored_then_accepted_again)
    restore_accept_draft(ui_ctx, parent, draft, lambda text, _error=False: reports.append(text))
    qtbot.waitUntil(lambda: "accepted" in seen and bool(reports), timeout=20000)
    ui_ctx.tasks.wait_idle(10000)
    again = seen["accepted"]
    assert isinstance(again, AcceptedApplication)
    assert seen["restored_request"] == seen["request"]
    assert again.repeated and (again.id, again.application_no) == (first.id, first.application_no)
    assert "此前已受理" in reports[0] and first.application_no in reports[0]
    with ui_ctx.db.read() as s:  # one application, one acceptance record
        assert s.scalar(select(func.count()).select_from(Application)) == 1
        accepts = (
            select(func.count()).select_from(Operation).where(Operation.op_type == OpType.ACCEPT_APPLICATION)
        )
        assert s.scalar(accepts) == 1
    assert store.read(APPLICATION) is None  # the draft is done with


# ---- 诉求登记 ----------------------------------------------------------------------------------------


def test_a_work_order_is_kept_restored_with_its_request_and_deleted_when_recorded(
    qtbot, ui_ctx: UiContext
) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, name="赵六")
    parent = QWidget()
    qtbot.addWidget(parent)
    store = store_for(ui_ctx)
    dialogs = scripted(ui_ctx)
    seen: dict[str, object] = {}

    def typed_then_lost(dialog: QDialog) -> int:
        assert isinstance(dialog, IntakeDialog)
        show_modal(qtbot, dialog)
        dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("repair"))
        dialog.area_combo.setCurrentIndex(dialog.area_combo.findData("rural"))
        dialog.major_combo.setCurrentIndex(1)
        dialog.contact_edit.setFocus()
        type_into(qtbot, dialog.contact_edit, "0571-88776655")
        dialog.description_edit.setFocus()
        type_into(qtbot, dialog.description_edit, "家里整栋楼停电，邻居家有电")
        seen["fields"] = dialog._draft_fields()
        seen["request"] = str(dialog.request_id)
        wait_draft(qtbot, store, WORK_ORDER, lambda d: d.fields == seen["fields"])
        dialog.hide()
        return QDialog.DialogCode.Rejected

    dialogs.dialog_handlers.append(typed_then_lost)
    record_work_order_dialog(ui_ctx, parent, customer)
    qtbot.waitUntil(lambda: "fields" in seen, timeout=15000)
    ui_ctx.tasks.wait_idle(10000)
    draft = store.read(WORK_ORDER)
    assert draft is not None
    assert draft.context == {"customer_id": str(customer.id), "request_id": seen["request"]}
    assert draft.summary == "故障报修　赵六"

    def restored_then_recorded(dialog: QDialog) -> int:
        assert isinstance(dialog, IntakeDialog)
        show_modal(qtbot, dialog)
        seen["restored"] = dialog._draft_fields()
        seen["restored_request"] = str(dialog.request_id)
        seen["status"] = dialog.status.text()
        seen["customer"] = dialog.customer
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.recorded is not None, timeout=15000)
        seen["recorded"] = dialog.recorded
        return dialog.result()

    dialogs.dialog_handlers.append(restored_then_recorded)
    dialogs.dialog_handlers.append(lambda dialog: QDialog.DialogCode.Rejected)  # the receipt preview
    restore_intake_draft(ui_ctx, parent, draft, lambda _text, _error=False: None)
    qtbot.waitUntil(lambda: "recorded" in seen, timeout=20000)
    assert seen["restored"] == seen["fields"] and seen["restored_request"] == seen["request"]
    assert seen["status"] == "已恢复不到 1 分钟前的草稿，请与客户核对后再登记。"
    assert seen["customer"].id == customer.id  # type: ignore[attr-defined]
    assert store.read(WORK_ORDER) is None
    ui_ctx.tasks.wait_idle(10000)


def test_a_work_order_cancelled_with_esc_leaves_no_draft(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    store = store_for(ui_ctx)
    seen: dict[str, object] = {}

    def typed_then_cancelled(dialog: QDialog) -> int:
        assert isinstance(dialog, IntakeDialog)
        show_modal(qtbot, dialog)
        dialog.name_edit.setFocus()
        type_into(qtbot, dialog.name_edit, "钱七")
        wait_draft(qtbot, store, WORK_ORDER)
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
        seen["done"] = True
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.append(typed_then_cancelled)
    record_work_order_dialog(ui_ctx, parent, None)
    qtbot.waitUntil(lambda: "done" in seen, timeout=15000)
    assert store.read(WORK_ORDER) is None
    ui_ctx.tasks.wait_idle(10000)


def test_a_dialog_closed_by_a_forced_log_out_keeps_its_draft(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """The lock screen's 注销 and a session ended elsewhere close open dialogs with done(), not
    reject(): that is no cancel, so the work is kept for the next log-in."""
    from ui.workorders.intake_dialog import _load

    store = store_for(ui_ctx)
    dialog = IntakeDialog(ui_ctx, _load(ui_ctx), None)
    qtbot.addWidget(dialog)
    show_modal(qtbot, dialog)
    type_into(qtbot, dialog.name_edit, "钱七")
    wait_draft(qtbot, store, WORK_ORDER, lambda d: d.fields["reporter_name"] == "钱七")
    QDialog.done(dialog, QDialog.DialogCode.Rejected)  # as MainWindow._close_dialogs does
    qtbot.wait(DEBOUNCE_MS + 200)
    assert store.read(WORK_ORDER) is not None
