"""Screenshots of the customer screens for the README (docs/screenshots/*.png), with qt-material applied.

Each test drives the real module into the state it shows and saves ``QWidget.grab()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox

from app.domain.ids import make_credit_code, make_resident_id
from app.services.customers import (
    CustomerInput,
    RegisterCustomer,
    SupervisorApproval,
    UpdateCustomer,
    register_customer,
    update_customer,
)
from tests.conftest import SUPERVISOR_PASSWORD
from tests.shots import SHOTS
from ui.context import UiContext
from ui.customers.module import CustomersModule
from ui.main_window import plug_customer_features
from ui.theme import apply_theme

SIZE = (1280, 800)


@pytest.fixture
def themed(qapp, ui_ctx: UiContext) -> Iterator[UiContext]:  # type: ignore[no-untyped-def]
    """qt-material as the product applies it; the application's look is restored afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved = (app.styleSheet(), app.font(), app.palette(), app.style().name())
    apply_theme(app, ui_ctx.settings)
    yield ui_ctx
    sheet, font, palette, style = saved
    app.setStyleSheet(sheet)
    app.setFont(font)
    app.setPalette(palette)
    app.setStyle(style)


def _input(name: str, rid: str, phone: str, address: str, **extra: object) -> CustomerInput:
    values: dict[str, object] = {"party_type": "individual", "kind": "residential", "name": name, "id_type": "ric",
                                 "id_number": rid, "area": "urban", "voltage_level": "220V", "capacity_kva": "8",
                                 "phone": phone, "supply_address": address}
    values.update(extra)
    return CustomerInput(**values)  # type: ignore[arg-type]


def seed_hall(ctx: UiContext) -> None:
    people = [
        ("张三", "13812345678", "杭州市西湖区文三路100号3幢2单元501室"),
        ("张伟", "13905712288", "杭州市上城区解放路188号1单元302室"),
        ("张晓明", "15867001234", "杭州市拱墅区湖墅南路66号7幢101室"),
        ("张丽华", "13757109876", "杭州市滨江区江南大道1088号5幢1202室"),
        ("张建国", "0571-87654321", "杭州市余杭区临平街道迎宾路15号"),
        ("张秀英", "18958001122", "杭州市萧山区城厢街道人民路21号"),
        ("张志强", "13605813344", "杭州市西湖区转塘街道美院南街8号"),
    ]
    assert ctx.actor is not None
    for i, (name, phone, address) in enumerate(people):
        rid = make_resident_id("330106", dt.date(1960 + i * 5, 1 + i, 3 + i), f"{201 + i * 2:03d}")
        extra: dict[str, object] = {"low_income": "dibao"} if name == "张秀英" else {}
        register_customer(ctx.db, ctx.actor, RegisterCustomer(
            _input(name, rid, phone, address, **extra), confirm_duplicate=True))
    register_customer(ctx.db, ctx.actor, RegisterCustomer(CustomerInput(
        "organisation", "general_ci", "杭州张记五金建材有限公司", "uscc", make_credit_code("91330106MA2B3C4D5"),
        "urban", "380V", "400", customer_manager="陈经理", contact_person="张海峰", phone="0571-88776655",
        supply_address="杭州市西湖区西溪路520号"), confirm_duplicate=True))


def make_module(qtbot, ctx: UiContext) -> CustomersModule:  # type: ignore[no-untyped-def]
    module = CustomersModule(ctx)
    # As the main window does: billing, payments and the cashier plug into the customer view.
    module.money = plug_customer_features(ctx, module.host)  # the features, for the tests to reach
    qtbot.addWidget(module)
    module.setWindowTitle("GridCounter — 客户")
    module.resize(*SIZE)
    with qtbot.waitExposed(module):
        module.show()
    module.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is module)
    module.focus_search()
    return module


def commit_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def save_shot(qtbot, module: CustomersModule, name: str) -> Path:  # type: ignore[no-untyped-def]
    qtbot.wait(50)  # let layouts settle after the last change
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    pixmap = module.grab()
    assert pixmap.width() >= 1200 and pixmap.height() >= 760
    assert pixmap.save(str(path))
    assert path.stat().st_size > 10_000
    return path


def test_screenshot_search(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]
    seed_hall(themed)
    module = make_module(qtbot, themed)
    commit_text(module.search.box, "张")
    qtbot.waitUntil(lambda: module.search.last_result is not None and module.search.last_result.query == "张",
                    timeout=10000)
    assert module.search.model.rowCount() == 8
    qtbot.keyClick(module.search.box, Qt.Key.Key_Down)
    qtbot.keyClick(module.search.table, Qt.Key.Key_Down)
    save_shot(qtbot, module, "search.png")


def test_screenshot_register_with_errors(qtbot, themed: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, themed)
    qtbot.keyClick(module.search.box, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: module.form is not None)
    form = module.form
    assert form is not None
    commit_text(form.fields["name"], "王小明")
    qtbot.keyClicks(form.fields["id_number"], "33010619900307123X")
    qtbot.keyClicks(form.fields["phone"], "1381234567")
    commit_text(form.fields["supply_address"], "杭州")
    form.fields["phone"].setFocus()
    qtbot.keyClick(form.fields["phone"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.error_text("phone") != "" and not form.saving, timeout=10000)
    assert form.error_text("supply_address") and form.error_text("capacity_kva")
    tariff = form.fields["tariff_code"]
    assert isinstance(tariff, QComboBox)
    qtbot.waitUntil(lambda: tariff.count() == 2, timeout=10000)  # the catalogue's residential tariffs
    assert tariff.currentText().startswith("RES-TIER")
    save_shot(qtbot, module, "register.png")


def test_screenshot_customer_view_with_history(qtbot, themed: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    ctx = themed
    seed_hall(ctx)
    assert ctx.actor is not None
    rid = make_resident_id("330102", dt.date(1958, 8, 16), "046")
    odd = rid[:-1] + ("1" if rid[-1] != "1" else "2")  # a real card with a misprinted check digit
    view = register_customer(ctx.db, ctx.actor, RegisterCustomer(
        _input("欧阳秀兰", odd, "13516881234", "杭州市上城区清波街道河坊街230号2单元401室", low_income="wubao",
               vip=True, meter_no="3301002389561", contact_person="欧阳明（儿子）", phone2="0571-87001234"),
        approval=SupervisorApproval("super1", SUPERVISOR_PASSWORD, "已核对身份证原件，系证件印制问题")))
    changed = update_customer(ctx.db, ctx.actor, UpdateCustomer(view.id, view.version, CustomerInput(
        "individual", "residential", "欧阳秀兰", "ric", None, "urban", "220V", "10", phone=None, phone2=None,
        low_income="wubao", vip=True, meter_no="3301002389561", contact_person="欧阳明（儿子）",
        supply_address="杭州市上城区清波街道河坊街230号2单元401室", notes="独居老人，催费请联系其子")))
    login_as(ctx, "super1")
    update_customer(ctx.db, ctx.actor, UpdateCustomer(view.id, changed.version, CustomerInput(
        "individual", "residential", "欧阳秀兰", "ric", odd, "urban", "220V", "10", phone="13516885678",
        phone2="0571-87001234", low_income="wubao", vip=True, meter_no="3301002389561",
        contact_person="欧阳明（儿子）", supply_address="杭州市上城区清波街道河坊街230号2单元401室",
        notes="独居老人，催费请联系其子")))
    login_as(ctx, "clerk1")

    module = make_module(qtbot, ctx)
    qtbot.keyClicks(module.search.box, view.account_no)
    qtbot.keyClick(module.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=10000)
    assert module.view.history_model.rowCount() == 3
    assert {"五保户", "VIP", "证件例外"} <= set(module.view.chip_texts)
    save_shot(qtbot, module, "customer_view_basic.png")
    module.view.tabs.setCurrentIndex(1)
    module.view.history_table.selectRow(1)
    save_shot(qtbot, module, "customer_view.png")
