"""报表 (docs/reports.md) through the real main window and database, driven with the keyboard:
the supervisor runs the collection summary, exports it to xlsx and CSV through the dialogs seam
and reads the files back; a clerk sees only the arrears list, phones masked; the bill run's
bills; the print preview. ``test_screenshot_reports`` writes docs/screenshots/reports.png only
under GRIDCOUNTER_SCREENSHOTS=1."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
from decimal import Decimal

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import auth, reports
from app.services.customers import CustomerInput
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD, valid_resident_id
from tests.services.test_reports import busy_day
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_screenshots_cashier import save, themed, window_with  # noqa: F401 — the fixture
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.printing.preview import PdfPreviewDialog
from ui.reports.module import ReportsModule

TODAY = dt.date.today()


def seed(ctx: UiContext) -> None:
    """The busy day of tests/services/test_reports.py on this database."""
    db, settings = ctx.db, ctx.settings
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    clerk2 = auth.login(db, "clerk2", CLERK_PASSWORD)
    supervisor = auth.login(db, "super1", SUPERVISOR_PASSWORD)
    counter = itertools.count(500)

    def form(**overrides):  # type: ignore[no-untyped-def]
        n = next(counter)
        base = CustomerInput(
            party_type="individual",
            kind="residential",
            name="张三",
            id_type="ric",
            id_number=valid_resident_id(n),
            area="urban",
            voltage_level="220V",
            capacity_kva="8",
            phone=f"139{n:08d}",
            supply_address="浙江省杭州市西湖区文三路123号",
        )
        return dataclasses.replace(base, **overrides)

    busy_day(db, settings, clerk, clerk2, supervisor, form)


def open_module(qtbot, ctx: UiContext) -> tuple[MainWindow, ReportsModule]:  # type: ignore[no-untyped-def]
    window, module = window_with(qtbot, ctx, "reports")
    assert isinstance(module, ReportsModule)
    return window, module


def run(qtbot, ctx: UiContext, module: ReportsModule) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(module.options.report, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not module.busy and module.current is not None, timeout=20000)
    ctx.tasks.wait_idle(10000)


def choose(qtbot, combo, code: str) -> None:  # type: ignore[no-untyped-def]
    """Pick ``code`` in ``combo`` with the keyboard (Home, then ↓ until it is current)."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == code:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == code


def test_supervisor_runs_and_exports_the_collection_summary(qtbot, ui_ctx: UiContext, login_as, tmp_path):  # type: ignore[no-untyped-def]
    seed(ui_ctx)
    login_as(ui_ctx, "super1")
    _window, module = open_module(qtbot, ui_ctx)
    assert [module.options.report.itemData(i) for i in range(module.options.report.count())] == list(
        reports.REPORTS
    )
    choose(qtbot, module.options.report, "collection")
    assert not module.print_action.isEnabled()
    run(qtbot, ui_ctx, module)
    expected = reports.collection_summary(ui_ctx.db, ui_ctx.actor, TODAY, TODAY)
    model = module.model
    assert model.rowCount() == len(expected.rows) + 1  # the clerks, then the totals row
    net = [c.key for c in module.current.columns].index("net_fen")  # type: ignore[union-attr]
    assert (
        model.index(model.rowCount() - 1, net).data() == "178.50" == f"{expected.totals.net_fen / 100:,.2f}"
    )
    assert model.index(0, 1).data() == "王小丽"
    assert "净收合计 178.50" in module.summary.text()
    # 自定义: the end before the start is refused under its field; a range without receipts is empty
    choose(qtbot, module.options.period, "custom")
    assert module.options.date_from.isEnabled() and module.options.date_to.isEnabled()
    module.options.date_from.setFocus()
    qtbot.keyClick(module.options.date_from, Qt.Key.Key_Home)  # the year section
    qtbot.keyClick(module.options.date_from, Qt.Key.Key_Up)
    assert module.options.choice().date_from > TODAY
    qtbot.keyClick(module.options.date_from, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not module.busy, timeout=10000)
    ui_ctx.tasks.wait_idle(10000)
    assert module.options.to_field.error_text() == "结束日期不能早于开始日期"
    qtbot.keyClick(module.options.date_from, Qt.Key.Key_Home)
    qtbot.keyClick(module.options.date_from, Qt.Key.Key_Down)
    qtbot.keyClick(module.options.date_from, Qt.Key.Key_Down)
    module.options.date_to.setFocus()
    qtbot.keyClick(module.options.date_to, Qt.Key.Key_Home)
    qtbot.keyClick(module.options.date_to, Qt.Key.Key_Down)
    chosen = module.options.choice()
    assert chosen.date_from <= chosen.date_to < TODAY
    run(qtbot, ui_ctx, module)
    assert not module.options.to_field.error_text()
    assert model.rowCount() == 1 and model.index(0, net).data() == "0.00"  # the totals row alone
    choose(qtbot, module.options.period, "today")
    # month grouping, by keyboard
    choose(qtbot, module.options.group, "month")
    run(qtbot, ui_ctx, module)
    assert model.index(0, 0).data() == TODAY.strftime("%Y-%m")
    # export: xlsx then CSV, the file names answered through the dialogs seam
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.files.extend([str(tmp_path / "汇总.xlsx"), str(tmp_path / "汇总")])
    qtbot.keyClick(module.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    ui_ctx.tasks.wait_idle(10000)
    qtbot.keyClick(
        module.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    ui_ctx.tasks.wait_idle(10000)
    qtbot.waitUntil(lambda: (tmp_path / "汇总.csv").exists(), timeout=10000)
    saved = [a for a in dialogs.asked if a[0] == "save_file"]
    assert [a[2] for a in saved] == [
        f"营业厅收费汇总表_{TODAY.isoformat()}.xlsx",
        f"营业厅收费汇总表_{TODAY.isoformat()}.csv",
    ]
    ws = load_workbook(tmp_path / "汇总.xlsx").active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, row in enumerate(values) if row[0] == "月份")
    total = values[-1]
    assert total[0] == "合计" and Decimal(str(total[net])) == Decimal("178.50")
    assert sum(Decimal(str(r[net])) for r in values[head + 1 : -1]) == Decimal("178.50")
    assert ws.freeze_panes == f"A{head + 2}"
    rows = list(csv.reader(io.StringIO((tmp_path / "汇总.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[0][0] == "月份" and rows[-1][0] == "合计" and rows[-1][net] == "178.50"
    assert sum(Decimal(r[net]) for r in rows[1:-1]) == Decimal("178.50")


def test_clerk_sees_only_the_arrears_list_with_masked_phones(qtbot, ui_ctx: UiContext):  # type: ignore[no-untyped-def]
    seed(ui_ctx)  # logged in as clerk1
    _window, module = open_module(qtbot, ui_ctx)
    assert module.options.report.count() == 1 and module.options.code() == "arrears"
    assert not module.options.full_phones.isVisible()
    run(qtbot, ui_ctx, module)
    phone = [c.key for c in module.current.columns].index("phone")  # type: ignore[union-attr]
    shown = [module.model.index(r, phone).data() for r in range(module.model.rowCount() - 1)]
    assert len(shown) == 1 and all("****" in p for p in shown)  # overdue only (逾期不少于 1 天): 王五
    # 0 days: the refunded bill not yet due is listed too
    module.options.min_age.setFocus()
    qtbot.keyClick(module.options.min_age, Qt.Key.Key_Down)
    assert module.options.min_age.value() == 0
    run(qtbot, ui_ctx, module)
    assert module.model.rowCount() == 3
    assert "联系电话已脱敏" in module.summary.text()
    # a threshold typed wrong is refused under its field, nothing runs
    module.options.min_due.setFocus()
    qtbot.keyClicks(module.options.min_due, "abc")
    qtbot.keyClick(module.options.min_due, Qt.Key.Key_F5)
    assert module.options.min_due_field.error_text()
    module.options.min_due.clear()
    qtbot.keyClicks(module.options.min_due, "100")
    run(qtbot, ui_ctx, module)
    assert module.model.rowCount() == 1  # only the totals row: nobody owes ¥100


def test_supervisor_may_ask_for_full_phones(qtbot, ui_ctx: UiContext, login_as):  # type: ignore[no-untyped-def]
    seed(ui_ctx)
    login_as(ui_ctx, "super1")
    _window, module = open_module(qtbot, ui_ctx)
    choose(qtbot, module.options.report, "arrears")
    assert module.options.full_phones.isVisible() and not module.options.full_phones.isChecked()
    run(qtbot, ui_ctx, module)
    phone = [c.key for c in module.current.columns].index("phone")  # type: ignore[union-attr]
    assert "****" in module.model.index(0, phone).data()
    module.options.full_phones.setFocus()
    qtbot.keyClick(module.options.full_phones, Qt.Key.Key_Space)
    assert module.options.full_phones.isChecked()
    run(qtbot, ui_ctx, module)
    assert module.model.index(0, phone).data() == "13812340002"  # 王五, 45 days overdue
    assert "含完整联系电话" in module.summary.text()


def test_bill_run_bills_and_print_preview(qtbot, ui_ctx: UiContext, login_as):  # type: ignore[no-untyped-def]
    seed(ui_ctx)
    login_as(ui_ctx, "super1")
    _window, module = open_module(qtbot, ui_ctx)
    choose(qtbot, module.options.report, "bill_run")
    qtbot.waitUntil(lambda: module.options.run.count() == 1, timeout=10000)
    run(qtbot, ui_ctx, module)
    assert module.model.rowCount() == 2 and module.model.index(1, 0).data() == "共 1 张"
    seen: list[tuple[bytes, str]] = []

    def look(dialog) -> int:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, PdfPreviewDialog)
        seen.append((dialog.data, dialog.windowTitle()))
        return 0

    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.dialog_handlers.append(look)
    qtbot.keyClick(module.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert seen[0][0].startswith(b"%PDF") and "发行账单清单" in seen[0][1]


def test_screenshot_reports(qtbot, ui_ctx: UiContext, login_as, themed):  # type: ignore[no-untyped-def]  # noqa: F811
    seed(ui_ctx)
    login_as(ui_ctx, "super1")
    window, page = window_with(qtbot, ui_ctx, "reports")
    assert isinstance(page, ReportsModule)
    run(qtbot, ui_ctx, page)
    QApplication.processEvents()
    save(qtbot, window, "reports.png")
