"""账单导入 driven by the keyboard: F12 picks the file, Enter in the issue date imports; a file with
errors shows them row by row and imports nothing; the corrected file issues the bills, which
the customer's bill view then shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.services import bill_view
from db.models import Bill, Operation
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_billing_admin_ui import accounts, make_module, super_ctx  # noqa: F401 — a fixture
from tests.ui.test_shell import focused, press, type_text
from ui.billing_admin.pages import previous_period
from ui.context import UiContext

PERIOD = previous_period()
HEADER = "户号,账期,电量(kWh),金额(元),缴费截止日,备注"


def write_csv(path: Path, rows: list[str], encoding: str = "gbk") -> str:
    path.write_bytes((HEADER + "\n" + "\n".join(rows) + "\n").encode(encoding))
    return str(path)


def counts(ctx: UiContext) -> tuple[int, int]:
    with ctx.db.read() as s:
        return (s.scalar(select(func.count()).select_from(Bill)) or 0,
                s.scalar(select(func.count()).select_from(Operation).where(Operation.op_type == "ImportBills")) or 0)


def test_bill_import_by_keyboard(qtbot, super_ctx: UiContext, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    dialogs: ScriptedDialogs = super_ctx.dialogs  # type: ignore[assignment]
    a, b = accounts(super_ctx)
    bad = write_csv(tmp_path / "账单_有错.csv", [
        f"{a},{PERIOD},230,123.74,,国网营销系统",  # fine on its own
        f"{b},{PERIOD},120,64.567,,",  # three decimals
        f"{a},{PERIOD},230,123.74,,",  # duplicate
        f"99999999999,{PERIOD},10,5.38,,",  # unknown: found only after the file checks
    ])
    module = make_module(qtbot, super_ctx)
    page = module.bills_page

    dialogs.files.append(bad)
    press(qtbot, module, Qt.Key.Key_F12)
    assert module.tabs.currentWidget() is page
    assert ("open_file", "选择账单文件", "") in dialogs.asked
    assert page.path.text() == bad
    assert focused(module) is page.issue.edit
    assert page.issue.edit.text() == dt.date.today().isoformat()
    # A bad issue date is refused next to the field; nothing runs.
    page.issue.edit.selectAll()
    type_text(qtbot, module, "2026-02-30")
    press(qtbot, module, Qt.Key.Key_Return)
    assert page.issue.error_text() == "日期格式应为 YYYY-MM-DD，如 2026-04-03"
    assert module.bills.last_report is None and super_ctx.tasks.pending == 0
    page.issue.edit.selectAll()
    type_text(qtbot, module, dt.date.today().isoformat())
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.bills.last_report is not None, timeout=10000)

    report = module.bills.last_report
    assert report is not None and not report.ok and report.imported == 0
    assert page.issue.error_text() == ""
    assert page.result.text() == f"✖ 发现 {len(report.errors)} 处错误，未导入任何账单"
    assert "GBK" in page.result_detail.text()
    errors = page.errors
    shown = [tuple(errors.data(errors.index(r, c)) for c in range(3)) for r in range(errors.rowCount())]
    assert ("第 3 行", "金额", "金额最多两位小数（精确到分）") in shown
    assert any(line == "第 4 行" and column == "户号" and "与第 2 行重复" in text for line, column, text in shown)
    assert page.error_table.isVisibleTo(module) and focused(module) is page.error_table
    press(qtbot, module, Qt.Key.Key_Down)  # ↓ walks the errors
    assert page.error_table.currentIndex().row() == 1
    assert module.message.text() == f"账单文件有 {len(report.errors)} 处错误，未导入任何账单"
    assert counts(super_ctx) == (0, 0)

    # The corrected file (UTF-8 this time) through Ctrl+O on this page: the bills are issued.
    good = write_csv(tmp_path / "账单.csv", [f"{a},{PERIOD},230,123.74,,国网营销系统", f"{b},{PERIOD},120,64.56,,"],
                     "utf-8-sig")
    dialogs.files.append(good)
    press(qtbot, module, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert page.path.text() == good and focused(module) is page.issue.edit
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.bills.last_report is not None and module.bills.last_report.ok, timeout=10000)
    assert page.result.text() == "✔ 已导入 2 张账单，合计 ¥188.30"
    assert "3301B00000001 – 3301B00000002" in page.result_detail.text() and PERIOD in page.result_detail.text()
    assert "UTF-8" in page.result_detail.text()
    assert not page.error_table.isVisibleTo(module)
    assert module.message.text() == "账单导入完成：2 张，合计 ¥188.30"
    assert counts(super_ctx) == (2, 1)

    # The bill view shows the imported bill with its line.
    assert super_ctx.actor is not None
    with super_ctx.db.read() as s:
        customer_id = s.scalar(select(Bill.customer_id).where(Bill.bill_no == "3301B00000001"))
    (bill,) = bill_view.bill_view(super_ctx.db, super_ctx.actor, customer_id).bills
    assert (bill.amount_fen, bill.status, bill.note) == (12374, "未缴", "导入账单：国网营销系统")
    assert [ln.label for ln in bill.lines] == ["电费（导入）"]

    # Importing the same file again: every row already has its bill, nothing is issued.
    dialogs.files.append(good)
    press(qtbot, module, Qt.Key.Key_F12)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not module.bills.last_report.ok, timeout=10000)  # type: ignore[union-attr]
    assert errors.rowCount() == 2 and all("已有电费账单" in e.message for e in errors.errors())
    assert counts(super_ctx) == (2, 1)


def test_the_readings_page_keeps_its_own_file(qtbot, super_ctx: UiContext, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Ctrl+O picks the file of the page shown: 抄表导入 and 账单导入 do not share a path."""
    dialogs: ScriptedDialogs = super_ctx.dialogs  # type: ignore[assignment]
    module = make_module(qtbot, super_ctx)
    dialogs.files.append(str(tmp_path / "readings.csv"))
    press(qtbot, module, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert module.csv_path.endswith("readings.csv") and module.bills.csv_path == ""
    assert dialogs.asked[-1] == ("open_file", "选择抄表数据文件", "")
    module.tabs.setCurrentWidget(module.bills_page)
    assert focused(module) is module.bills_page.issue.edit
    dialogs.files.append(str(tmp_path / "bills.csv"))
    press(qtbot, module, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert module.bills.csv_path.endswith("bills.csv") and module.csv_path.endswith("readings.csv")
    assert dialogs.asked[-1] == ("open_file", "选择账单文件", "")
