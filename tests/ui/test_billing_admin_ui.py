"""Billing administration driven by the keyboard (issue #3): 抄表导入 with a per-row error report
and nothing imported on error, 电费核算 with its report, and 电价管理 (list the default
catalogue, view a version, save a new version after a validation error)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from app.dto_money import RowError
from app.services import customers
from app.services import tariffs as tariff_service
from db.models import Bill, MeterReading
from tests.conftest import valid_resident_id
from tests.ui.helpers import ScriptedDialogs, any_text
from tests.ui.test_shell import activate, focused, press, type_text
from ui.billing_admin.models import (
    RowErrorColumn,
    RowErrorRoles,
    RowErrorsModel,
    TariffColumn,
    TariffRoles,
    TariffVersionsModel,
)
from ui.billing_admin.module import BillingAdminModule
from ui.billing_admin.pages import previous_period
from ui.billing_admin.tariff_editor import TariffEditorDialog
from ui.billing_admin.tariff_view import path_label, tariff_html
from ui.context import UiContext

PERIOD = previous_period()
DAY = f"{PERIOD}-20"


@pytest.fixture
def super_ctx(ui_ctx: UiContext, login_as) -> UiContext:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "super1")
    return ui_ctx


@pytest.fixture
def admin_ctx(ui_ctx: UiContext, login_as) -> UiContext:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    return ui_ctx


def make_module(qtbot, ctx: UiContext) -> BillingAdminModule:  # type: ignore[no-untyped-def]
    module = BillingAdminModule(ctx)
    qtbot.addWidget(module)
    module.resize(1280, 800)
    activate(qtbot, module)
    module.focus_search()
    return module


def accounts(ctx: UiContext, n: int = 2) -> list[str]:
    assert ctx.actor is not None
    out = []
    for i in range(n):
        form = customers.CustomerInput("individual", "residential", ["张三", "李四", "王五"][i % 3], "ric",
                                       valid_resident_id(100 + i), "urban", "220V", "8", phone=f"1390000{i:04d}",
                                       supply_address="杭州市西湖区文三路100号")
        out.append(customers.register_customer(ctx.db, ctx.settings, ctx.actor, customers.RegisterCustomer(
            form, confirm_duplicate=True)).account_no)
    return out


def readings(ctx: UiContext) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(MeterReading)) or 0


def bills(ctx: UiContext) -> int:
    with ctx.db.read() as s:
        return s.scalar(select(func.count()).select_from(Bill)) or 0


def write_csv(path: Path, rows: list[str], encoding: str = "utf-8-sig") -> str:
    path.write_bytes(("户号,抄表日期,上次示数,本次示数\n" + "\n".join(rows) + "\n").encode(encoding))
    return str(path)


# ---- models ----------------------------------------------------------------------------------


def test_row_errors_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RowErrorsModel()
    model.set_errors([RowError(3, "本次示数", "本次示数 90 小于上次示数 100（示数倒走）"),
                      RowError(1, "户号", "缺少必填列“户号”"), RowError(0, "", "无法识别文件编码")])
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert [model.data(model.index(r, RowErrorColumn.LINE)) for r in range(3)] == ["整个文件", "第 1 行", "第 3 行"]
    assert model.data(model.index(0, RowErrorColumn.COLUMN)) == "—"
    assert model.data(model.index(2, RowErrorColumn.MESSAGE)).endswith("（示数倒走）")
    assert model.data(model.index(2, 0), RowErrorRoles.LINE) == 3
    assert model.data(model.index(2, 0), RowErrorRoles.ERROR).column == "本次示数"
    assert model.headerData(RowErrorColumn.MESSAGE, Qt.Orientation.Horizontal) == "问题"
    model.set_errors([])
    qtmodeltester.check(model)


def test_tariff_versions_model(qtmodeltester, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    assert admin_ctx.actor is not None
    rows = tariff_service.list_tariffs(admin_ctx.db, admin_ctx.actor)
    model = TariffVersionsModel()
    model.set_rows(rows, today=dt.date(2026, 3, 1))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows) >= 4 and model.columnCount() == len(TariffColumn)
    codes = [model.data(model.index(r, TariffColumn.CODE)) for r in range(model.rowCount())]
    assert {"RES-TIER", "RES-TOU", "GCI-FLAT", "GCI-TOU"} <= set(codes)
    res = codes.index("RES-TIER")
    assert model.data(model.index(res, TariffColumn.KIND)) == "阶梯电价"
    assert model.data(model.index(res, TariffColumn.EFFECTIVE_FROM)) == "2012-07-01"
    assert model.data(model.index(res, TariffColumn.EFFECTIVE_TO)) == "长期"
    assert model.data(model.index(res, TariffColumn.STATE)) == "现行"
    assert model.data(model.index(res, 0), TariffRoles.STATE) == "current"
    assert model.data(model.index(res, 0), TariffRoles.ROW).code == "RES-TIER"
    model.set_rows([])
    qtmodeltester.check(model)


def test_tariff_html_and_paths(admin_ctx: UiContext) -> None:
    assert admin_ctx.actor is not None
    rows = {r.code: r for r in tariff_service.list_tariffs(admin_ctx.db, admin_ctx.actor)}
    tiered = tariff_html(rows["RES-TIER"].data)
    for text in ("居民生活用电阶梯电价", "≤ 2760 kWh/年", "2761 – 4800 kWh/年", "4800 kWh/年 以上", "0.538", "0.838",
                 "每月免费 10 kWh", "2012-07-01"):
        assert text in tiered, text
    tou = tariff_html(rows["GCI-TOU"].data)
    for text in ("尖峰", "深谷", "法定节假日", "时段划分"):
        assert text in tou, text
    assert path_label("RES-TOU.schedules[0].periods[1].to", "RES-TOU") == "时段表1·时段2·结束时间"
    assert path_label("RES-TIER.tiers.bands[2].price", "RES-TIER") == "阶梯·第三档·电价"


# ---- 抄表导入 ----------------------------------------------------------------------------------


def test_import_with_errors_shows_rows_and_imports_nothing(qtbot, super_ctx: UiContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = super_ctx.dialogs  # type: ignore[assignment]
    a, b = accounts(super_ctx)
    bad = write_csv(tmp_path / "bad.csv", [
        f"{a},{DAY},1000,1230",  # fine on its own
        f"{b},{DAY},2000,1900",  # backwards
        f"{a},{DAY},1230,1300",  # duplicate account
        f"99999999999,{DAY},0,10",  # unknown account: found only after the file checks
        f"{b},2020-13-01,0,10",  # bad date
    ], encoding="gbk")
    module = make_module(qtbot, super_ctx)
    assert module.tabs.currentWidget() is module.import_page
    assert focused(module) is module.import_page.period.edit
    assert module.import_page.period.value() == PERIOD

    dialogs.files.append(bad)
    press(qtbot, module, Qt.Key.Key_F9)
    assert ("open_file", "选择抄表数据文件", "") in dialogs.asked
    assert module.import_page.path.text() == bad
    assert focused(module) is module.import_page.period.edit
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.last_import is not None, timeout=10000)

    report = module.last_import
    assert report is not None and not report.ok and report.imported == 0
    page = module.import_page
    assert page.result.text().startswith("✖ 发现") and "未导入任何数据" in page.result.text()
    assert "GBK" in page.result_detail.text()
    errors = page.errors
    assert errors.rowCount() == len(report.errors) >= 3
    shown = [(errors.data(errors.index(r, 0)), errors.data(errors.index(r, 1)), errors.data(errors.index(r, 2)))
             for r in range(errors.rowCount())]
    assert ("第 3 行", "本次示数", "本次示数 1900 小于上次示数 2000（示数倒走）") in shown
    assert any(line == "第 4 行" and column == "户号" and "重复" in message for line, column, message in shown)
    assert any(line == "第 6 行" and column == "抄表日期" for line, column, _ in shown)
    assert page.error_table.isVisibleTo(module) and focused(module) is page.error_table
    assert module.message.text() == f"抄表文件有 {len(report.errors)} 处错误，未导入任何数据"
    assert readings(super_ctx) == 0

    # A file whose rows are fine but an account is unknown: still nothing imported.
    unknown = write_csv(tmp_path / "unknown.csv", [f"{a},{DAY},1000,1230", f"99999999999,{DAY},0,10"])
    dialogs.files.append(unknown)
    press(qtbot, module, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.last_import is not None and module.last_import.rows == 2, timeout=10000)
    assert errors.rowCount() == 1
    assert errors.data(errors.index(0, 2)) == "户号 99999999999 不存在"
    assert readings(super_ctx) == 0


def test_good_csv_imports_then_compute_bills(qtbot, super_ctx: UiContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = super_ctx.dialogs  # type: ignore[assignment]
    a, b = accounts(super_ctx)
    good = write_csv(tmp_path / "good.csv", [f"{a},{DAY},1000,1230", f"{b},{DAY},500,620"])
    module = make_module(qtbot, super_ctx)
    # Period first: a typo is refused next to the field, nothing runs.
    dialogs.files.append(good)
    press(qtbot, module, Qt.Key.Key_F9)
    module.import_page.period.edit.selectAll()
    type_text(qtbot, module, "2026-13")
    press(qtbot, module, Qt.Key.Key_Return)
    assert module.import_page.period.error_text() == "期间格式应为 YYYY-MM（年-月），如 2026-03"
    assert module.last_import is None and super_ctx.tasks.pending == 0
    module.import_page.period.edit.selectAll()
    type_text(qtbot, module, PERIOD)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.last_import is not None, timeout=10000)
    page = module.import_page
    assert page.period.error_text() == ""
    assert page.result.text() == "✔ 已导入 2 行抄表数据"
    assert "UTF-8" in page.result_detail.text().upper()
    assert not page.error_table.isVisibleTo(module)
    assert module.message.text() == "抄表导入完成：2 行"
    assert readings(super_ctx) == 2

    # 电费核算 (F10): Enter in the period, confirm, the report.
    press(qtbot, module, Qt.Key.Key_F10)
    assert module.tabs.currentWidget() is module.compute_page
    assert focused(module) is module.compute_page.period.edit
    dialogs.confirms.append(True)
    press(qtbot, module, Qt.Key.Key_Return)
    assert any(kind == "confirm" and PERIOD in text and "不可修改" in text for kind, _, text in dialogs.asked)
    qtbot.waitUntil(lambda: module.last_run is not None, timeout=20000)
    run = module.last_run
    assert run is not None and run.bills == 2 and not run.errors
    compute = module.compute_page
    assert compute.result.text() == f"✔ {PERIOD} 期已发行 2 张电费账单"
    assert f"账单合计 <b>¥{run.total_fen // 100:,}.{run.total_fen % 100:02d}</b>" in compute.figures.text()
    # 230 + 120 kWh at 0.538 (first tier of the year) = 188.30
    assert run.total_fen == 18830
    assert module.message.text() == f"{PERIOD} 期电费核算完成：发行 2 张账单"
    assert bills(super_ctx) == 2

    # Run again: nothing left to bill, said plainly.
    module.compute_page.period.edit.setFocus()
    dialogs.confirms.append(True)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.last_run is not None and module.last_run.bills == 0, timeout=20000)
    assert compute.result.text() == f"{PERIOD} 期没有需要出账的客户"
    assert bills(super_ctx) == 2

    # Declining the confirmation runs nothing.
    asked = len(dialogs.asked)
    press(qtbot, module, Qt.Key.Key_Return)
    assert len(dialogs.asked) == asked + 1 and super_ctx.tasks.pending == 0


# ---- 电价管理 ----------------------------------------------------------------------------------


def test_admin_lists_catalogue_and_saves_a_new_version(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = admin_ctx.dialogs  # type: ignore[assignment]
    module = make_module(qtbot, admin_ctx)
    press(qtbot, module, Qt.Key.Key_F11)
    page = module.tariffs_page
    qtbot.waitUntil(lambda: page.model.rowCount() >= 4, timeout=10000)
    assert focused(module) is page.table
    codes = [r.code for r in page.model.rows()]
    assert {"RES-TIER", "RES-TOU", "GCI-FLAT", "GCI-TOU"} <= set(codes)
    # ↓ to RES-TIER: the detail follows the selection.
    while page.selected() is not None and page.selected().code != "RES-TIER":  # type: ignore[union-attr]
        press(qtbot, module, Qt.Key.Key_Down)
    base = page.selected()
    assert base is not None and base.code == "RES-TIER"
    assert "≤ 2760 kWh/年" in page.detail.toPlainText() and "0.538" in page.detail.toPlainText()

    seen: dict[str, str] = {}

    def edit(dialog: QDialog) -> int:
        assert isinstance(dialog, TariffEditorDialog)
        activate(qtbot, dialog)
        assert focused(dialog) is dialog.editors["effective_from"]
        start = dialog.editors["effective_from"].text()
        assert dt.date.fromisoformat(start) > dt.date.today()
        # Down the form with Enter to the second tier's threshold; type one below the first.
        for _ in range(6):
            press(qtbot, dialog, Qt.Key.Key_Return)
        assert focused(dialog) is dialog.editors["tiers.bands[1].upto_kwh"]
        type_text(qtbot, dialog, "2000")
        for _ in range(3):
            press(qtbot, dialog, Qt.Key.Key_Return)
        assert focused(dialog) is dialog.editors["low_income_free_kwh"]
        press(qtbot, dialog, Qt.Key.Key_Return)  # the last field saves: checked first, here
        seen["tier2"] = dialog.field_error("tiers.bands[1].upto_kwh")
        assert focused(dialog) is dialog.editors["tiers.bands[1].upto_kwh"]
        assert admin_ctx.tasks.pending == 0  # nothing sent
        # Fix it, raise the first-tier price, save: a policy warning is confirmed, then saved.
        type_text(qtbot, dialog, "4800")
        dialog.editors["tiers.bands[0].price"].setFocus()
        dialog.editors["tiers.bands[0].price"].selectAll()
        type_text(qtbot, dialog, "0.548")
        dialog.editors["name"].setFocus()
        dialog.editors["name"].selectAll()
        type_text(qtbot, dialog, "居民生活用电阶梯电价（年阶梯，2027年调整）")
        dialogs.confirms.append(True)
        with qtbot.waitSignal(dialog.accepted, timeout=10000):
            press(qtbot, dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        seen["warnings"] = dialog.warnings.text()
        return dialog.result()

    dialogs.dialog_handlers.append(edit)
    press(qtbot, module, Qt.Key.Key_Insert)
    assert seen["tier2"] == "各档上限应逐档递增"
    assert "第二档比第一档只高 0.040 元/kWh" in seen["warnings"]
    assert any(kind == "confirm" and "第二档比第一档" in text for kind, _, text in dialogs.asked)
    qtbot.waitUntil(lambda: "已保存电价 RES-TIER 的新版本" in module.message.text(), timeout=10000)
    qtbot.waitUntil(lambda: not module.loading_tariffs and page.selected() is not None
                    and page.selected().id != base.id, timeout=10000)  # type: ignore[union-attr]
    new = page.selected()
    assert new is not None and new.code == "RES-TIER" and new.created_by == "admin"
    assert new.data["tiers"]["bands"][0]["price"] == "0.548"
    assert new.name == "居民生活用电阶梯电价（年阶梯，2027年调整）"
    row = page.model.row_of(new.id)
    assert page.model.data(page.model.index(row, TariffColumn.STATE)) == "待生效"
    assert admin_ctx.actor is not None
    stored = tariff_service.get_tariff_version(admin_ctx.db, admin_ctx.actor, new.id)
    assert stored.data["tiers"]["bands"][1]["upto_kwh"] == "4800"
    base_again = tariff_service.get_tariff_version(admin_ctx.db, admin_ctx.actor, base.id)
    assert base_again.data == base.data  # the old version is never edited


def test_tariff_editor_json_tab_shows_chinese_errors(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    assert admin_ctx.actor is not None
    rows = {r.code: r for r in tariff_service.list_tariffs(admin_ctx.db, admin_ctx.actor)}
    dialog = TariffEditorDialog(admin_ctx, rows["GCI-TOU"])
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.editors["prices.peak"].setText("1.09x")
    dialog.tabs.setCurrentIndex(1)  # the form's edits carry over to the JSON
    assert '"peak": "1.09x"' in dialog.json_edit.toPlainText()
    dialog.submit()
    assert dialog.json_error.text() == "时段电价·峰：不是有效的数字（'1.09x'）"
    # Broken JSON: the line and column, and the form tab cannot be entered until fixed.
    text = dialog.json_edit.toPlainText().replace('"1.09x"', '1.09,')
    dialog.json_edit.setPlainText(text)
    dialog.tabs.setCurrentIndex(0)
    assert dialog.tabs.currentIndex() == 1
    assert dialog.json_error.text().startswith("JSON 格式错误：第 ")
    dialog.json_edit.setPlainText(text.replace("1.09,,", '"1.0900",'))
    dialog.tabs.setCurrentIndex(0)
    assert dialog.tabs.currentIndex() == 0 and dialog.editors["prices.peak"].text() == "1.0900"
    # A date that is not a date, under its field.
    dialog.editors["effective_from"].setText("2027-02-30")
    dialog.submit()
    assert dialog.field_error("effective_from") == "日期格式应为 YYYY-MM-DD（'2027-02-30'）"
    with qtbot.waitSignal(dialog.rejected):
        press(qtbot, dialog, Qt.Key.Key_Escape)


def test_new_version_must_start_after_the_latest(qtbot, admin_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    assert admin_ctx.actor is not None
    rows = {r.code: r for r in tariff_service.list_tariffs(admin_ctx.db, admin_ctx.actor)}
    dialog = TariffEditorDialog(admin_ctx, rows["GCI-FLAT"])
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.editors["effective_from"].setText(rows["GCI-FLAT"].effective_from.isoformat())
    dialog.submit()  # valid data: the service refuses the date
    qtbot.waitUntil(lambda: dialog.field_error("effective_from") != "", timeout=10000)
    assert "新版本的生效日期须晚于" in dialog.field_error("effective_from")
    assert dialog.isVisible() and dialog.saved is None


# ---- roles -----------------------------------------------------------------------------------


def test_roles(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    assert ui_ctx.actor is not None
    assert not BillingAdminModule.visible_for(ui_ctx.actor)  # clerk
    login_as(ui_ctx, "super1")
    assert BillingAdminModule.visible_for(ui_ctx.actor)
    module = make_module(qtbot, ui_ctx)
    assert [module.tabs.tabText(i) for i in range(module.tabs.count())] == \
        ["抄表导入 (F9)", "账单导入 (F12)", "电费核算 (F10)", "电价管理 (F11)"]
    assert "new" not in module.tariffs_page.buttons  # supervisors read the catalogue only
    assert [a.shortcut().toString() for a in module.actions()] == ["F9", "F12", "Ctrl+O", "F10", "F11", "F5"]
    press(qtbot, module, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: module.tariffs_page.model.rowCount() >= 4, timeout=10000)
    press(qtbot, module, Qt.Key.Key_Insert)  # not a supervisor's key
    assert not any(kind == "dialog" for kind, _, _ in ui_ctx.dialogs.asked)  # type: ignore[attr-defined]
    login_as(ui_ctx, "admin")
    admin = make_module(qtbot, ui_ctx)
    assert [a.text() for a in admin.actions()] == ["抄表导入", "账单导入", "选择导入文件", "电费核算", "电价管理",
                                                   "新建电价版本", "刷新"]
    assert not any_text(ui_ctx.dialogs, "无权")  # type: ignore[arg-type]
