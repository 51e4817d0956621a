"""Customer insights in the customer view (docs/rules.md#customer-insights): the tier-year figure in
the header, the abnormal-usage warning whose 办理计量装置校验 opens the accept form on 计量装置校验,
the TOU hint, and a reload when bills change.

Bills come from readings billed by the real bill run (tests/ui/test_payment_flow.seed_bills), the
customer view is the one the main window builds (plug_customer_features).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services import auth, bill_run, readings
from tests.conftest import SUPERVISOR_PASSWORD
from tests.shots import SHOTS
from tests.ui.test_customers_flow import make_module
from tests.ui.test_payment_flow import open_customer, recent_periods, seed_bills, seed_customer, wait_idle
from tests.ui.test_screenshots_customers import themed  # noqa: F401 — the fixture
from ui.applications.accept_dialog import AcceptDialog
from ui.context import UiContext
from ui.insights.customer_hook import CustomerInsightsHint, kwh_text
from ui.workorders.intake_dialog import IntakeDialog


def last_day_of(period: str) -> dt.date:
    year, month = int(period[:4]), int(period[5:7])
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def open_with_insights(qtbot, ctx: UiContext, customer, on: dt.date):  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ctx)
    hint = module.money.insights
    assert isinstance(hint, CustomerInsightsHint)
    hint.today = lambda: on
    open_customer(qtbot, module, customer)
    qtbot.waitUntil(
        lambda: hint.customer_id == customer.id and not hint.loading and hint.insights is not None,
        timeout=10000,
    )
    return module, hint


def test_the_header_shows_this_years_tier_progress(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "周立新")
    periods = recent_periods(12)
    usage = [230] * 12
    seed_bills(ui_ctx, customer, usage, periods)
    on = last_day_of(periods[-1])
    module, hint = open_with_insights(qtbot, ui_ctx, customer, on)
    used = sum(k for p, k in zip(periods, usage, strict=True) if p.startswith(f"{on.year}-"))
    assert used <= 2760  # at most 12 × 230
    assert hint.figure.isVisible()
    assert hint.figure.caption.text() == f"{on.year} 年阶梯"
    assert hint.figure.value.text() == f"已用 {kwh_text(used)} / 2,760 kWh 第一档"
    assert f"距下一档还有 {kwh_text(2760 - used)} kWh" in hint.figure.toolTip()
    # a steady household: no warning, not TOU: no notice at all
    assert not hint.notice.isVisible()


def test_an_abnormal_month_warns_and_offers_a_meter_test(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "吴海燕")
    periods = recent_periods(13)
    usage = [200] * 12 + [620]  # the newest month: +210 % against last year and the average
    seed_bills(ui_ctx, customer, usage, periods)
    module, hint = open_with_insights(qtbot, ui_ctx, customer, last_day_of(periods[-1]))
    notice = hint.notice
    assert notice.isVisible() and notice.alert_label.isVisible()
    text = notice.alert_label.text()
    assert text.startswith(f"用电量异常增加：{periods[-1]} 用电 620 kWh")
    assert "比去年同月 200 kWh 高 210%" in text and "比近 12 个月月均 200 kWh 高 210%" in text
    assert notice.meter_test_button.isVisible() and notice.meter_test_button.isEnabled()
    assert notice.work_order_button.isVisible()  # 诉求工单: the intake form for the customer
    assert not notice.tou_label.isVisible()

    seen: list[str] = []

    def look(dialog: QDialog) -> int:
        assert isinstance(dialog, AcceptDialog)
        seen.append(dialog.type_combo.currentData())
        seen.append(dialog.customer_label.text())
        return QDialog.DialogCode.Rejected

    ui_ctx.dialogs.dialog_handlers.append(look)  # type: ignore[attr-defined]
    qtbot.mouseClick(notice.meter_test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    assert seen[0] == "meter_test"
    assert customer.account_no in seen[1]
    wait_idle(qtbot, ui_ctx)

    def intake(dialog: QDialog) -> int:
        assert isinstance(dialog, IntakeDialog)
        seen.append(dialog.customer_label.text())
        return QDialog.DialogCode.Rejected

    ui_ctx.dialogs.dialog_handlers.append(intake)  # type: ignore[attr-defined]
    qtbot.mouseClick(notice.work_order_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=10000)
    assert customer.account_no in seen[2]  # the customer linked
    wait_idle(qtbot, ui_ctx)


def test_a_new_bill_reloads_the_insights(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Change.BILLS for the customer (a bill run announced by another screen) reloads them."""
    customer = seed_customer(ui_ctx, "郑国强")
    periods = recent_periods(3)
    seed_bills(ui_ctx, customer, [300, 300], periods[:2])
    module, hint = open_with_insights(qtbot, ui_ctx, customer, last_day_of(periods[-1]))
    before = hint.insights
    assert before is not None and before.alert is not None and before.alert.period == periods[1]
    supervisor = auth.login(ui_ctx.db, "super1", SUPERVISOR_PASSWORD)
    read_on = dt.date(int(periods[2][:4]), int(periods[2][5:7]), 25)
    csv = f"户号,抄表日期,上次示数,本次示数\n{customer.account_no},{read_on},1600,1700\n".encode()
    assert readings.import_readings_csv(ui_ctx.db, supervisor, csv, periods[2], settings=ui_ctx.settings).ok
    assert bill_run.compute_bills(ui_ctx.db, supervisor, periods[2], issue_date=read_on).bills == 1
    from ui.changes import Change

    ui_ctx.changes.announce(Change.BILLS, customer_id=customer.id)
    qtbot.waitUntil(
        lambda: (
            hint.insights is not None
            and hint.insights.alert is not None
            and hint.insights.alert.period == periods[2]
            and not hint.loading
        ),
        timeout=10000,
    )
    assert hint.insights.alert.kwh == 100  # type: ignore[union-attr]


def test_a_tou_customer_sees_the_peak_share_and_the_saving(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    customer = seed_customer(ui_ctx, "孙丽华", tariff_code="RES-TOU")
    supervisor = auth.login(ui_ctx.db, "super1", SUPERVISOR_PASSWORD)
    periods = recent_periods(12)
    reading = 0
    for period in periods:
        read_on = dt.date(int(period[:4]), int(period[5:7]), 25)
        csv = (
            f"户号,抄表日期,上次示数,本次示数,峰,谷\n{customer.account_no},{read_on},{reading},{reading + 500},"
            f"190,310\n"
        ).encode()
        assert readings.import_readings_csv(ui_ctx.db, supervisor, csv, period, settings=ui_ctx.settings).ok
        assert bill_run.compute_bills(ui_ctx.db, supervisor, period, issue_date=read_on).bills == 1
        reading += 500
    module, hint = open_with_insights(qtbot, ui_ctx, customer, last_day_of(periods[-1]))
    assert hint.notice.isVisible() and hint.notice.tou_label.isVisible()
    # 峰 190 of 500 kWh = 38 %; 19 kWh × (0.568 − 0.288) = 5.32 a month
    assert hint.notice.tou_label.text() == "峰时用电占 38%，移 10% 到谷时每月约省 ¥5.32（近 12 个月）"
    assert not hint.notice.alert_label.isVisible()
    assert hint.figure.isVisible()  # RES-TOU's markups follow the annual ladder too


def test_screenshot_customer_insights(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """docs/screenshots/customer_insights.png (only with GRIDCOUNTER_SCREENSHOTS=1): a household whose
    newest month is abnormal, with the tier figure in the header and the warning under it."""
    ctx = themed
    customer = seed_customer(ctx, "陈建国", "杭州市上城区望江街道清泰街128号望江花园3幢2单元502室")
    periods = recent_periods(13)
    season = {
        1: 330,
        2: 300,
        3: 210,
        4: 175,
        5: 190,
        6: 260,
        7: 420,
        8: 455,
        9: 320,
        10: 215,
        11: 200,
        12: 290,
    }
    usage = [season[int(p[5:7])] for p in periods]
    usage[-1] = usage[-1] * 3
    seed_bills(ctx, customer, usage, periods)
    module, hint = open_with_insights(qtbot, ctx, customer, last_day_of(periods[-1]))
    assert hint.notice.alert_label.isVisible()
    qtbot.wait(80)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "customer_insights.png"
    assert module.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_the_statement_printed_from_the_bills_tab_carries_the_tier_progress(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """Through the real tab: the statement of the newest bill, its tier line as of that bill."""
    import re

    from tests.printing import pdfcheck
    from tests.ui.test_payment_flow import close_preview, scripted

    customer = seed_customer(ui_ctx, "冯晓梅")
    periods = recent_periods(4)
    usage = [410, 380, 395, 420]
    seed_bills(ui_ctx, customer, usage, periods)
    module, hint = open_with_insights(qtbot, ui_ctx, customer, last_day_of(periods[-1]))
    seen: dict[str, object] = {}
    scripted(ui_ctx).dialog_handlers.append(close_preview(seen))
    tab = module.money.bills.bills_tab
    module.view.tabs.setCurrentWidget(tab)
    tab.print_statement()
    qtbot.waitUntil(lambda: "preview_pdf" in seen, timeout=15000)
    text = pdfcheck.text(seen["preview_pdf"])  # type: ignore[arg-type]
    year = periods[-1][:4]
    used = sum(k for p, k in zip(periods, usage, strict=True) if p.startswith(year))
    found = re.search(r"本年阶梯（(\d{4})年，截至([\d-]+)）：已用([\d,]+)/2,760kWh，第一档", text)
    assert found is not None, text
    assert found.groups() == (year, periods[-1], f"{used:,}")
    wait_idle(qtbot, ui_ctx)
