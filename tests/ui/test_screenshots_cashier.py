"""Screenshots of the cashier and billing administration screens (docs/screenshots/*.png), in
the real main window with the theme applied and the modules it builds for the logged-in role.

Each test drives the screen into the state it shows; look at the PNGs after a layout change.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from app.config import Settings
from app.dto.payments import TenderInput
from app.services import cashier, customers, payments
from app.services import tariffs as tariff_service
from tests.conftest import valid_resident_id
from tests.shots import SHOTS
from tests.ui.helpers import ScriptedDialogs
from ui.billing_admin.module import BillingAdminModule
from ui.billing_admin.pages import previous_period
from ui.billing_admin.tariff_editor import TariffEditorDialog
from ui.cashier.module import CashierModule
from ui.context import UiContext
from ui.i18n import install_translators, uninstall_translators
from ui.main_window import MainWindow
from ui.theme import apply_theme


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    style_sheet, font, palette = qapp.styleSheet(), QFont(qapp.font()), qapp.palette()
    install_translators(qapp, "zh_CN")
    apply_theme(qapp, Settings())
    yield qapp
    uninstall_translators(qapp)
    qapp.setStyleSheet(style_sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)


def window_with(qtbot, ctx: UiContext, key: str) -> tuple[MainWindow, QWidget]:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    window.resize(1280, 800)
    assert ctx.actor is not None
    keys = [page.key for page in window.modules]
    assert len(keys) == len(set(keys)), keys  # each module once in the navigation
    with qtbot.waitExposed(window):
        window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    assert window.show_module_by_key(key)
    page = window.current_module()
    assert page is not None
    return window, page.widget


def save(qtbot, widget: QWidget, name: str) -> Path:  # type: ignore[no-untyped-def]
    qtbot.wait(80)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 10_000
    return path


def customer(ctx: UiContext, n: int, name: str) -> uuid.UUID:
    assert ctx.actor is not None
    form = customers.CustomerInput("individual", "residential", name, "ric", valid_resident_id(n), "urban", "220V",
                                   "8", phone=f"1390571{n:04d}", supply_address="杭州市上城区解放路188号")
    return customers.register_customer(ctx.db, ctx.actor,
                                       customers.RegisterCustomer(form, confirm_duplicate=True)).id


def take(ctx: UiContext, cid: uuid.UUID, *tenders: TenderInput) -> None:
    assert ctx.actor is not None
    receipt = payments.post_payment(ctx.db, ctx.actor,
                                    payments.PostPayment(uuid.uuid4(), cid, tuple(tenders)))
    payments.record_print(ctx.db, ctx.actor, payments.DOC_RECEIPT, receipt.payment_id, receipt.receipt_no)


def busy_morning(ctx: UiContext) -> None:
    """clerk1's session: ¥500 float, cash with change, a card, QR and a transfer."""
    assert ctx.actor is not None
    cashier.open_session(ctx.db, ctx.actor, 50000)
    people = [customer(ctx, 10 + i, name) for i, name in enumerate(("张三", "李秀英", "王建国", "陈丽华"))]
    take(ctx, people[0], TenderInput("cash", 12850))
    take(ctx, people[1], TenderInput("cash", 30000))
    take(ctx, people[2], TenderInput("card", 45620, "6222****8812"))
    take(ctx, people[3], TenderInput("qr", 8830, "WX4200001234"))
    take(ctx, people[0], TenderInput("cash", 6700), TenderInput("qr", 3000, "ZFB2088001"))
    take(ctx, people[1], TenderInput("transfer", 120000, "网银 20260312"))


def test_screenshot_cashier_close(qtbot, themed, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    busy_morning(ui_ctx)
    window, module = window_with(qtbot, ui_ctx, "cashier")
    assert isinstance(module, CashierModule)
    qtbot.waitUntil(lambda: module.summary is not None, timeout=10000)
    window.focus_module()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: module.session_stack.currentWidget() is module.close_page, timeout=10000)
    # expected 500 + 128.50 + 300 + 67 = 995.50; counted 995.00 → 短款 ¥0.50
    for text in ("8", "2", "3", "3", "", "5", "", "", ""):
        if text:
            qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert module.close_page.over_short.text() == "短款 ¥0.50"
    module.close_page.note.setText("短款五角，已自行补齐")
    save(qtbot, window, "cashier_close.png")
    ui_ctx.tasks.wait_idle()


def test_screenshot_sessions(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    db = ui_ctx.db
    counts = [{"note_100": 9, "note_50": 1, "note_20": 2, "note_10": 3, "note_1": 4},
              {"note_100": 5, "note_20": 1, "coin_5_jiao": 1},
              {"note_100": 12, "note_10": 1, "note_5": 1, "coin_1": 3}]
    names = ["clerk1", "clerk2", "clerk1", "clerk2"]
    first_closed = None
    for i, username in enumerate(names):
        login_as(ui_ctx, username)
        assert ui_ctx.actor is not None
        session = cashier.open_session(db, ui_ctx.actor, 50000 if i % 2 == 0 else 30000)
        if i < 3:
            cid = customer(ui_ctx, 40 + i, ["赵敏", "钱多多", "孙立"][i])
            take(ui_ctx, cid, TenderInput("cash", [45000, 22050, 70300][i]))
            take(ui_ctx, cid, TenderInput("qr", [9900, 0, 12345][i] or 100))
            cashier.close_session(db, ui_ctx.actor, cashier.CloseSession(session.id, session.version, counts[i],
                                                                        "" if i else "长款待查"))
            first_closed = first_closed or session
    login_as(ui_ctx, "super1")
    assert ui_ctx.actor is not None and first_closed is not None
    approved = next(r for r in cashier.list_sessions(db, ui_ctx.actor) if r.id == first_closed.id)
    cashier.approve_session(db, ui_ctx.actor, approved.id, approved.version)

    window, module = window_with(qtbot, ui_ctx, "cashier")
    assert isinstance(module, CashierModule)
    module.tabs.setCurrentWidget(module.review)
    review = module.review
    review.status_filter.setCurrentIndex(review.status_filter.findText("全部"))
    qtbot.waitUntil(lambda: not module.loading_sessions and review.model.rowCount() == 4, timeout=10000)
    closed = [r for r in review.model.rows() if r.status == "closed"]
    review.select(closed[-1].id)
    review.focus_table()
    save(qtbot, window, "sessions.png")
    ui_ctx.tasks.wait_idle()


def test_screenshot_readings_import(qtbot, themed, ui_ctx: UiContext, login_as, tmp_path) -> None:  # type: ignore[no-untyped-def]
    accounts = []
    for i, name in enumerate(("张三", "李四", "王五", "赵六")):
        cid = customer(ui_ctx, 60 + i, name)
        assert ui_ctx.actor is not None
        accounts.append(customers.get_customer(ui_ctx.db, ui_ctx.actor, cid).account_no)
    login_as(ui_ctx, "super1")
    day = f"{previous_period()}-18"
    rows = [f"{accounts[0]},{day},3120,3356", f"{accounts[1]},{day},8800,8650", f"{accounts[2]},{day},1200,1288",
            f"{accounts[0]},{day},3356,3400", f"{accounts[3]},2026/02/30,560,610", f"{accounts[3]},{day},560,",
            f"33019999999,{day},0,120"]
    path = tmp_path / "抄表_本月.csv"
    path.write_bytes(("户号,抄表日期,上次示数,本次示数\n" + "\n".join(rows) + "\n").encode("gbk"))
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    dialogs.files.append(str(path))
    window, module = window_with(qtbot, ui_ctx, "billing")
    assert isinstance(module, BillingAdminModule)
    window.focus_module()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F9)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.last_import is not None, timeout=10000)
    assert module.last_import is not None
    assert not module.last_import.ok and module.import_page.errors.rowCount() >= 4
    save(qtbot, window, "readings_import.png")
    ui_ctx.tasks.wait_idle()


def test_screenshot_tariffs(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    assert ui_ctx.actor is not None
    rows = {r.code: r for r in tariff_service.list_tariffs(ui_ctx.db, ui_ctx.actor)}
    data = dict(rows["RES-TIER"].data)
    data.update(effective_from="2027-01-01", name="居民生活用电阶梯电价（年阶梯，2027年调整）",
                tiers={"basis": "annual", "bands": [{"upto_kwh": "2760", "price": "0.548"},
                                                    {"upto_kwh": "4800", "price": "0.598"},
                                                    {"upto_kwh": None, "price": "0.848"}]})
    tariff_service.save_tariff_version(ui_ctx.db, ui_ctx.actor, tariff_service.SaveTariffVersion(data))
    window, module = window_with(qtbot, ui_ctx, "billing")
    assert isinstance(module, BillingAdminModule)
    window.focus_module()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F11)
    page = module.tariffs_page
    qtbot.waitUntil(lambda: page.model.rowCount() >= 5, timeout=10000)
    target = next(r for r in page.model.rows() if r.code == "GCI-TOU")
    page.set_rows(page.model.rows(), target.id)
    # 某日时段: National Day 2026 shows the holiday override (11:00–15:00 深谷).
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    preview = module.day_preview
    assert QApplication.focusWidget() is preview.date_edit
    qtbot.keyClicks(preview.date_edit, "20261001")
    qtbot.waitUntil(lambda: "国庆节" in preview.summary.text(), timeout=5000)
    assert "11:00–15:00 深谷" in preview.bands_text()
    page.table.setFocus()
    save(qtbot, window, "tariffs.png")
    ui_ctx.tasks.wait_idle()


def test_screenshot_tariff_editor(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    """The 时段表 tab of a new GCI-TOU version: seasons, the summer bands and their day strip,
    the holiday bands."""
    login_as(ui_ctx, "admin")
    assert ui_ctx.actor is not None
    rows = {r.code: r for r in tariff_service.list_tariffs(ui_ctx.db, ui_ctx.actor)}
    dialog = TariffEditorDialog(ui_ctx, rows["GCI-TOU"])
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert dialog.page_kind() == "schedule" and dialog.schedule is not None
    assert QApplication.focusWidget() is dialog.schedule.seasons_table
    qtbot.keyClick(dialog.schedule.seasons_table, Qt.Key.Key_Home)
    assert dialog.schedule.current_season() == 0
    save(qtbot, dialog, "tariff_editor.png")
    dialog.reject()
