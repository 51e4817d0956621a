"""Review findings on the applications screens (issue 9): F9 pressed twice opens one form, the
worklist's F9 tells its outcome and who may not accept, a closed application's attachments
take nothing."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.codes import ApplicationStatus
from app.services import applications as svc
from app.services import auth
from tests.conftest import SUPERVISOR_PASSWORD
from tests.ui.test_application_accept import choose_type, scripted, show_modal
from tests.ui.test_application_worklist import (
    accept,
    activate,
    app_row,
    make_worklist,
    open_detail,
    person,
    press,
    reason,
)
from tests.ui.test_customers_flow import make_module
from tests.ui.test_payment_flow import open_customer, seed_customer
from ui.applications.accept_dialog import AcceptDialog, accept_application_dialog
from ui.applications.detail import ApplicationDetailDialog
from ui.changes import Changes
from ui.context import UiContext


def _accept_dialogs(ctx: UiContext) -> list[tuple[str, str, str]]:
    return [a for a in scripted(ctx).asked if a[0] == "dialog" and a[2] == "AcceptDialog"]


def test_f9_pressed_twice_before_the_form_is_read_opens_one_form(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, name="张三")
    module = make_module(qtbot, ui_ctx)
    open_customer(qtbot, module, customer)
    ui_ctx.tasks.wait_idle(10000)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    # an impatient clerk (or key repeat): the second F9 comes before the catalogue is read
    accept_application_dialog(ui_ctx, module, customer)
    accept_application_dialog(ui_ctx, module, customer)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    assert len(_accept_dialogs(ui_ctx)) == 1
    # once the form is closed, F9 opens it again
    accept_application_dialog(ui_ctx, module, customer)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    assert len(_accept_dialogs(ui_ctx)) == 2


def test_the_worklists_f9_tells_the_number_accepted(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_worklist(qtbot, ui_ctx)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        show_modal(qtbot, dialog)
        choose_type(dialog, "res_new")
        dialog.applicant_edit.setText("李四")
        dialog.type_fields["capacity_kva"].set_value("8")
        dialog.type_fields["address"].set_value("杭州市西湖区文三路200号")
        assert dialog.checklist is not None
        for box in dialog.checklist.boxes.values():
            box.setChecked(True)
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.accepted_application is not None, timeout=10000)
        seen["accepted"] = dialog.accepted_application
        return dialog.result()

    def close(dialog: QDialog) -> int:
        dialog.reject()
        return dialog.result()

    scripted(ui_ctx).dialog_handlers.extend([fill, close, close])
    activate(qtbot, module)
    module.focus_search()
    press(qtbot, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "accepted" in seen, timeout=15000)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    accepted = seen["accepted"]
    assert isinstance(accepted, svc.AcceptedApplication)
    assert accepted.application_no in module.message.text()


def test_an_administrator_is_told_the_worklists_f9_is_not_his(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    module = make_worklist(qtbot, ui_ctx)
    activate(qtbot, module)
    module.focus_search()
    press(qtbot, Qt.Key.Key_F9)
    ui_ctx.tasks.wait_idle(10000)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    assert "无权受理" in module.message.text()
    assert not _accept_dialogs(ui_ctx)


def test_a_closed_application_opened_takes_no_attachment(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    zhang = person(ui_ctx, "张三", 12)
    accepted = accept(ui_ctx, zhang.id, "meter_test")
    detail = open_detail(qtbot, ui_ctx, accepted.id)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    assert detail.attachments.file_button.isEnabled()  # in progress: documents may be added
    row = app_row(ui_ctx, accepted.id)
    supervisor = auth.login(ui_ctx.db, "super1", SUPERVISOR_PASSWORD)
    svc.cancel_application(ui_ctx.db, supervisor, svc.ApplicationCommand(row.id, row.version, "客户撤回申请"))
    detail.load()
    qtbot.waitUntil(
        lambda: detail.detail is not None and detail.detail.row.status == ApplicationStatus.CANCELLED,
        timeout=10000,
    )
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    panel = detail.attachments
    assert not panel.file_button.isEnabled() and not panel.paste_button.isEnabled()
    assert "申请已关闭" in panel.summary.text()


def test_esc_right_after_a_step_still_tells_the_other_screens(qtbot, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Esc while the step is being written waits for it: the step is committed either way, and
    the worklist and the customer view must hear of it (they would show the old stage)."""
    zhang = person(ui_ctx, "张三", 13)
    accepted = accept(ui_ctx, zhang.id, "rename", {"new_name": "张叁"})
    module = make_worklist(qtbot, ui_ctx)
    seen: list[Changes] = []
    ui_ctx.changes.changed.connect(seen.append)
    dialogs = scripted(ui_ctx)
    advance = svc.advance_application

    def slow_advance(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.5)  # a busy database: the answer comes after the Esc
        return advance(*args, **kwargs)

    monkeypatch.setattr(svc, "advance_application", slow_advance)

    def drive(dialog: QDialog) -> int:
        assert isinstance(dialog, ApplicationDetailDialog)
        activate(qtbot, dialog)
        qtbot.waitUntil(lambda: dialog.detail is not None and not dialog.loading, timeout=20000)
        dialogs.dialog_handlers.append(reason(qtbot, "资料齐全"))
        dialog.advance()
        assert dialog.busy
        activate(qtbot, dialog)
        press(qtbot, Qt.Key.Key_Escape)  # at once, before the answer
        if not dialog.isVisible():  # closed: exec() returns now and the dialog is deleted
            return dialog.result()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
        press(qtbot, Qt.Key.Key_Escape)
        return dialog.result()

    dialogs.dialog_handlers.append(drive)
    module.open_application(accepted.id)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=20000)
    assert app_row(ui_ctx, accepted.id).stage == "handle"
    assert [sorted(c.kinds) for c in seen] == [["applications"]]


def test_f9_in_the_main_window_opens_the_form_from_both_modules(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.show()
    for key in ("customers", "applications"):
        asked = len(_accept_dialogs(ui_ctx))
        window.show_module_by_key(key)
        activate(qtbot, window)
        qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=20000)
        press(qtbot, Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=20000)
        assert len(_accept_dialogs(ui_ctx)) == asked + 1, key


def test_a_read_started_before_a_step_does_not_bring_the_old_stage_back(
    qtbot, ui_ctx: UiContext, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """After a refusal the detail reads the application again; a step written meanwhile answers
    first with the newer state, and the older read must not overwrite it (its version would be
    refused as 已被他人修改 on the next key)."""
    zhang = person(ui_ctx, "张三", 14)
    accepted = accept(ui_ctx, zhang.id, "rename", {"new_name": "张叁"})
    detail = open_detail(qtbot, ui_ctx, accepted.id)
    catalogue_in_force = svc.catalogue_in_force

    def slow_catalogue(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(0.6)  # the read has the application already, the catalogue comes slowly
        return catalogue_in_force(*args, **kwargs)

    monkeypatch.setattr(svc, "catalogue_in_force", slow_catalogue)
    detail.load()  # as after a refusal (_refused)
    scripted(ui_ctx).dialog_handlers.append(reason(qtbot, ""))
    detail.advance()
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=20000)
    assert app_row(ui_ctx, accepted.id).stage == "handle"
    assert detail.detail is not None and detail.detail.row.stage == "handle"
    assert detail.facts["stage"].text() == "业务办理"
    assert not detail.loading
