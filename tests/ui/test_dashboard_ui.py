"""看板 (docs/rules.md#supervisor-dashboard) through the real main window and database: the
supervisor opens it on the known day of tests/services/test_dashboard.py, reads the cards, the
charts and the tables, switches to a custom range with the keyboard, refreshes with F5 and
exports xlsx and PDF through the dialogs seam; clerks do not see it.
``test_screenshot_dashboard`` writes docs/screenshots/dashboard.png only under
GRIDCOUNTER_SCREENSHOTS=1."""

from __future__ import annotations

import datetime as dt
import itertools

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from app.services import auth
from app.services.customers import CustomerInput
from tests.conftest import CLERK_PASSWORD, valid_resident_id
from tests.printing import pdfcheck
from tests.services.test_dashboard import known_day
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_screenshots_cashier import save, themed, window_with  # noqa: F401 — the fixture
from ui.context import UiContext
from ui.dashboard.module import DashboardModule
from ui.main_window import MainWindow

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)


def seed(ctx: UiContext) -> None:
    counter = itertools.count(700)

    def form() -> CustomerInput:
        n = next(counter)
        return CustomerInput(
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

    clerk = auth.login(ctx.db, "clerk1", CLERK_PASSWORD)
    clerk2 = auth.login(ctx.db, "clerk2", CLERK_PASSWORD)
    known_day(ctx.db, clerk, clerk2, form)


def open_dashboard(qtbot, ctx: UiContext) -> tuple[MainWindow, DashboardModule]:  # type: ignore[no-untyped-def]
    window, module = window_with(qtbot, ctx, "dashboard")
    assert isinstance(module, DashboardModule)
    qtbot.waitUntil(lambda: module.current is not None and not module.busy, timeout=20000)
    ctx.tasks.wait_idle(10000)
    return window, module


def refreshed(qtbot, ctx: UiContext, module: DashboardModule, before: object) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: module.current is not before and not module.busy, timeout=20000)
    ctx.tasks.wait_idle(10000)


def test_the_supervisor_reads_and_exports_the_dashboard(qtbot, ui_ctx: UiContext, login_as, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seed(ui_ctx)
    login_as(ui_ctx, "super1")
    _window, module = open_dashboard(qtbot, ui_ctx)
    # 今日: everything of the known day was done today
    assert module.period_buttons["today"].isChecked() and not module.date_from.isEnabled()
    cards = {k: (c.value.text(), c.detail.text()) for k, c in module.cards.items()}
    assert cards["volume"][0] == "7" and "收费 3" in cards["volume"][1] and "工单 2" in cards["volume"][1]
    assert cards["handling"][0] in ("6:00", "6:01", "6:02") and "计时 3 笔" in cards["handling"][1]
    assert cards["satisfaction"] == ("66.7%", "评价 3　跳过 1")
    assert cards["applications"][0] == "—"  # none fell due today
    assert cards["work_orders"] == ("—", "按时 0　超期 0　未到期 1")
    assert cards["complaints"] == ("6666.67", "投诉 2 件　客户 3 户")
    # the charts: per clerk, stacked by kind (收费, 冲正, 退费, 业务受理, 工单); the scores
    assert module.volume_chart.categories == [c.display_name for c in module.current.clerks]  # type: ignore[union-attr]
    assert module.volume_chart.values() == [[2, 1], [0, 0], [0, 0], [2, 0], [0, 2]]
    assert module.rating_chart.categories[0] == "非常满意" and module.rating_chart.values() == [
        [1, 1, 0, 1, 0, 1]
    ]
    assert module.volume_model.rowCount() == 3 and module.rating_model.rowCount() == 3
    # 自定义 from yesterday: the promises that fell due yesterday count
    before = module.current
    qtbot.mouseClick(module.period_buttons["custom"], Qt.MouseButton.LeftButton)
    refreshed(qtbot, ui_ctx, module, before)
    assert module.date_from.isEnabled() and module.date_from.hasFocus()
    before = module.current
    module.date_from.setDate(QDate(YESTERDAY.year, YESTERDAY.month, YESTERDAY.day))
    refreshed(qtbot, ui_ctx, module, before)
    assert module.cards["applications"].value.text() == "50.0%"
    assert module.cards["applications"].detail.text() == "按时 1　超期 1　未到期 0"
    assert module.cards["work_orders"].value.text() == "0.0%"
    # F5 reads again
    before = module.current
    qtbot.keyClick(module.period_buttons["custom"], Qt.Key.Key_F5)
    refreshed(qtbot, ui_ctx, module, before)
    # export through the dialogs seam, and read the files back
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.files.extend([str(tmp_path / "看板.xlsx"), str(tmp_path / "看板")])
    qtbot.keyClick(module.period_buttons["custom"], Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (tmp_path / "看板.xlsx").exists(), timeout=20000)
    book = load_workbook(tmp_path / "看板.xlsx")
    figures = {r[0]: r[1] for r in book["营业厅服务看板"].iter_rows(values_only=True) if r and r[0]}
    assert figures["业务办结按时率"] == "50.0%" and figures["业务量（笔）"] == "7"
    qtbot.keyClick(
        module.period_buttons["custom"],
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: (tmp_path / "看板.pdf").exists(), timeout=20000)
    ui_ctx.tasks.wait_idle(10000)
    text = "".join(pdfcheck.text((tmp_path / "看板.pdf").read_bytes()).split())
    assert "营业厅服务看板" in text and "50.0%" in text and "6666.67" in text
    saved = [a for a in dialogs.asked if a[0] == "save_file"]
    assert saved[0][2].startswith("服务看板_") and saved[0][2].endswith(".xlsx")


def test_clerks_have_no_dashboard(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    assert "dashboard" not in [page.key for page in window.modules]


def test_screenshot_dashboard(qtbot, ui_ctx: UiContext, login_as, themed):  # type: ignore[no-untyped-def]  # noqa: F811
    seed(ui_ctx)
    login_as(ui_ctx, "super1")
    window, module = open_dashboard(qtbot, ui_ctx)
    QApplication.processEvents()
    save(qtbot, window, "dashboard.png")


def test_a_period_chosen_while_a_read_runs_is_the_one_shown(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    """本周 / 本月 clicked while 今日 is still being read: the figures shown are of the period the
    buttons say, not the older read's."""
    login_as(ui_ctx, "super1")
    _window, module = open_dashboard(qtbot, ui_ctx)
    from app.services import dashboard as service

    which = next((p for p in ("week", "month") if service.period_of(p)[0] != TODAY), None)
    if which is None:
        return  # a Monday the 1st: every period is today
    module.refresh()  # 今日 being read
    assert module.busy
    module.period_buttons[which].click()
    qtbot.waitUntil(lambda: not module.busy, timeout=20000)
    ui_ctx.tasks.wait_idle(10000)
    assert module.period_buttons[which].isChecked()
    assert module.current is not None
    assert (module.current.date_from, module.current.date_to) == service.period_of(which)


def test_a_dashboard_left_open_past_midnight_moves_on_to_the_new_day(
    qtbot, ui_ctx: UiContext, login_as
) -> None:  # type: ignore[no-untyped-def]
    """今日 / 本周 / 本月 and their date boxes follow the clock at each refresh (the timer's, F5):
    left open on a Sunday night, 今日 shows Monday after midnight, and 本周 starts again."""
    login_as(ui_ctx, "super1")
    _window, module = open_dashboard(qtbot, ui_ctx)
    day = [dt.date(2026, 3, 8)]  # a Sunday
    module.today = lambda: day[0]
    module.period_buttons["week"].click()
    qtbot.waitUntil(lambda: not module.busy, timeout=20000)
    assert (module.date_from.date(), module.date_to.date()) == (QDate(2026, 3, 2), QDate(2026, 3, 8))
    assert module.current is not None and module.current.date_to == dt.date(2026, 3, 8)
    day[0] = dt.date(2026, 3, 9)  # past midnight: Monday
    module.timer.timeout.emit()  # the refresh timer
    qtbot.waitUntil(lambda: not module.busy, timeout=20000)
    assert (module.date_from.date(), module.date_to.date()) == (QDate(2026, 3, 9), QDate(2026, 3, 9))
    assert (module.current.date_from, module.current.date_to) == (dt.date(2026, 3, 9), dt.date(2026, 3, 9))
    module.period_buttons["today"].click()
    qtbot.waitUntil(lambda: not module.busy, timeout=20000)
    day[0] = dt.date(2026, 4, 1)
    module.refresh()  # F5
    qtbot.waitUntil(lambda: not module.busy, timeout=20000)
    assert (module.date_from.date(), module.date_to.date()) == (QDate(2026, 4, 1), QDate(2026, 4, 1))
    # a custom period is the user's: the clock leaves it alone
    module.period_buttons["custom"].click()
    module.date_from.setDate(QDate(2026, 1, 5))
    qtbot.waitUntil(lambda: not module.busy, timeout=20000)
    day[0] = dt.date(2026, 4, 2)
    module.refresh()
    qtbot.waitUntil(lambda: not module.busy, timeout=20000)
    assert (module.date_from.date(), module.date_to.date()) == (QDate(2026, 1, 5), QDate(2026, 4, 1))
    ui_ctx.tasks.wait_idle(10000)
