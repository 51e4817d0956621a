"""业务类型目录 (the administrator's catalogue screen): versions and their types, export through
the dialogs seam, importing a changed catalogue that new applications then follow while an
application accepted under version 1 keeps its own; a bad file's errors with their JSON paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services import application_catalogue as catalogue
from app.services import application_reads as reads
from app.services import applications as svc
from app.services import auth, customers
from tests.conftest import CLERK_PASSWORD
from tests.services.test_application_catalogue import changed
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_shell import press, show
from ui.applications.catalogue_admin import CatalogueAdminModule, ImportDialog, TypeColumn, VersionColumn
from ui.context import UiContext


@pytest.fixture
def admin_ctx(ui_ctx: UiContext, login_as) -> UiContext:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    return ui_ctx


def _screen(qtbot, ctx: UiContext) -> CatalogueAdminModule:  # type: ignore[no-untyped-def]
    screen = CatalogueAdminModule(ctx)
    screen.resize(1000, 640)
    show(qtbot, screen)
    qtbot.waitUntil(
        lambda: not screen.loading and screen.versions.rowCount() > 0 and screen.types.rowCount() > 0
    )
    return screen


def _cell(model, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return model.data(model.index(row, column))


def _importing(qtbot, path: str, note: str):  # type: ignore[no-untyped-def]
    """A dialog handler: pick ``path`` with 浏览…, type the note, press 导入, wait for the answer."""

    def handle(dialog: QDialog) -> int:
        assert isinstance(dialog, ImportDialog)
        dialog.ctx.dialogs.files.append(path)  # type: ignore[attr-defined]
        dialog.browse()
        dialog.note_edit.setText(note)
        dialog.ok.click()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
        handle.dialog = dialog  # type: ignore[attr-defined]
        return dialog.result()

    return handle


def test_a_changed_catalogue_is_imported_and_new_applications_follow_it(  # type: ignore[no-untyped-def]
    qtbot, admin_ctx: UiContext, customer_form, tmp_path: Path
) -> None:
    db = admin_ctx.db
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    cid = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form())).id
    docs = svc.shipped_catalogue().get("meter_test").documents
    old = svc.accept_application(
        db, clerk, svc.AcceptApplication("meter_test", cid, {"description": "快"}, docs)
    )

    screen = _screen(qtbot, admin_ctx)
    assert _cell(screen.versions, 0, VersionColumn.VERSION) == "第1版"
    assert _cell(screen.versions, 0, VersionColumn.STATE) == "现行"
    assert screen.types.rowCount() == 18
    meter = next(r for r in range(18) if _cell(screen.types, r, TypeColumn.CODE) == "meter_test")
    assert _cell(screen.types, meter, TypeColumn.NAME) == "计量装置校验"
    assert _cell(screen.types, meter, TypeColumn.LIMIT) == "5"
    assert _cell(screen.types, meter, TypeColumn.STAGES) == "受理 1 → 校验检测 3 → 答复客户 1 → 归档 0"
    hv = next(r for r in range(18) if _cell(screen.types, r, TypeColumn.CODE) == "hv_new")
    assert _cell(screen.types, hv, TypeColumn.LIMIT) == "22/32"  # 单电源 / 双电源
    assert "大工业" in _cell(screen.types, hv, TypeColumn.KINDS)

    # 导出 (Ctrl+E): the selected version's file, as stored
    dialogs = admin_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    exported = tmp_path / "v1.json"
    dialogs.files.append(str(exported))
    screen.version_table.setFocus()
    press(qtbot, screen, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: exported.exists() and "已导出第1版" in screen.message.text())
    assert dialogs.asked[-1] == ("save_file", "导出业务类型目录", "业务类型目录-第1版.json")
    assert exported.read_text("utf-8") == catalogue.shipped_text()

    # 导入新版本 (Ctrl+I): 计量装置校验 takes 8 working days from version 2 on
    edited = tmp_path / "v2.json"
    edited.write_text(changed(exported.read_text("utf-8"), 2, meter_test={"limit_days": 8}), "utf-8")
    handler = _importing(qtbot, str(edited), "计量装置校验时限改为8个工作日")
    dialogs.dialog_handlers.append(handler)
    press(qtbot, screen, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert handler.dialog.result() == QDialog.DialogCode.Accepted  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: screen.versions.rowCount() == 2 and screen.shown_version == 2)
    assert [_cell(screen.versions, r, VersionColumn.STATE) for r in range(2)] == ["现行", "历史"]
    assert _cell(screen.versions, 0, VersionColumn.NOTE) == "计量装置校验时限改为8个工作日"
    assert _cell(screen.types, meter, TypeColumn.LIMIT) == "8"
    assert "已导入第2版（18 种业务类型）" in screen.message.text()

    # the accept form's promise and a new application follow version 2; the old one keeps 1
    assert svc.promise_for(db, clerk, "meter_test").limit_days == 8
    other = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form(name="李四"))).id
    new = svc.accept_application(
        db, clerk, svc.AcceptApplication("meter_test", other, {"description": "慢"}, docs)
    )
    old_detail, new_detail = (
        reads.get_application(db, clerk, old.id),
        reads.get_application(db, clerk, new.id),
    )
    assert (old_detail.catalogue_version, old_detail.limit_days) == (1, 5)
    assert (new_detail.catalogue_version, new_detail.limit_days) == (2, 8)

    # selecting version 1 shows its types again
    screen.version_table.selectRow(1)
    qtbot.waitUntil(lambda: screen.shown_version == 1)
    assert _cell(screen.types, meter, TypeColumn.LIMIT) == "5"
    screen.grab().save(str(tmp_path / "catalogue_admin.png"))


def test_a_bad_file_shows_its_json_paths_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    qtbot, admin_ctx: UiContext, tmp_path: Path
) -> None:
    screen = _screen(qtbot, admin_ctx)
    data = json.loads(catalogue.shipped_text())
    data["version"] = 2
    data["types"][5]["limit_days"] = 400
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    dialog = ImportDialog(admin_ctx, screen)
    qtbot.addWidget(dialog)
    dialog.ok.click()  # no file yet
    assert dialog.file_field.error_text() == "请选择目录文件"
    dialog.path_edit.setText(str(bad))
    dialog.ok.click()  # no note, and a limit out of range
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.note_field.error_text() == "请填写版本说明"
    assert dialog.errors.text() == "types[5].limit_days：工作日数应在 0 到 365 之间"
    dialog.resize(640, 300)
    dialog.grab().save(str(tmp_path / "catalogue_import_errors.png"))
    dialog.note_edit.setText("暂停时限")
    dialog.path_edit.setText(str(tmp_path / "missing.json"))
    dialog.ok.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.file_field.error_text() == "文件 missing.json 不存在"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert [v.version for v in catalogue.list_versions(admin_ctx.db, admin_ctx.actor)] == [1]  # type: ignore[arg-type]


def test_only_administrators_see_the_module(ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    assert ui_ctx.actor is not None and not CatalogueAdminModule.visible_for(ui_ctx.actor)
    login_as(ui_ctx, "super1")
    assert not CatalogueAdminModule.visible_for(ui_ctx.actor)
    login_as(ui_ctx, "admin")
    assert CatalogueAdminModule.visible_for(ui_ctx.actor)
