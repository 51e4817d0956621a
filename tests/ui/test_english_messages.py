"""Messages raised by services reach the English UI in English (issue #6 item 27).

The services raise Chinese templates with parameters (app/domain/messages.py); the UI
translates them where it shows them (ui.i18n.localize via ErrorLabel / FormField / the
customer form's error labels / Dialogs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import Message, ValidationError, ValidationErrors, term
from app.domain.ids import make_resident_id
from app.domain.money import parse_amount
from app.domain.tariffs.catalogue import load_default_catalogue
from app.domain.tariffs.engine import BillContext, compute_bill
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.tou_checks import tou_schedule_errors
from app.domain.tariffs.usage import Usage
from app.domain.text import clean_text
from app.services import bill_view
from tests.ui.helpers import actor_of
from tests.ui.test_customers_flow import count_customers, enter_to, make_module, open_form, press, type_here
from tests.ui.test_payment_flow import seed_bills, seed_customer
from ui.billing.chart import axis_labels
from ui.billing.models import BillLinesModel, LineColumn
from ui.billing_admin.tariff_view import friendly_message, short_message, tariff_html
from ui.context import UiContext
from ui.i18n import install_translators, localize, uninstall_translators
from ui.widgets import ErrorLabel, FormField, show_errors


@pytest.fixture
def english(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    install_translators(qapp, "en")
    yield
    uninstall_translators(qapp)


def _raised(fn, *args, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        fn(*args, **kwargs)
    return info.value


def test_service_messages_in_english(english) -> None:  # type: ignore[no-untyped-def]
    assert localize(_raised(clean_text, "", "name", "姓名", max_len=30).message) == "Name is required"
    assert (
        localize(_raised(clean_text, "x" * 31, "notes", "备注", max_len=30).message)
        == "Notes cannot be longer than 30 characters"
    )
    assert localize(_raised(parse_amount, "12.345", "cash", "现金").message).endswith(
        "takes at most two decimal places (to the fen)"
    )
    assert localize(_raised(parse_amount, "", "amount").message) == "Enter the amount"
    both = ValidationErrors(
        [_raised(clean_text, "", "name", "姓名", max_len=30), ValidationError("role", "请选择角色")]
    )
    assert localize(both.message) == "Name is required; Choose a role"
    # Not (yet) translated: the Chinese text, never a raw template.
    assert localize(Message("尚无译文{n}", n=3)) == "尚无译文3"
    assert localize("已经翻译好的界面文字") == "已经翻译好的界面文字"


def test_chinese_ui_shows_the_chinese_text(qapp) -> None:  # type: ignore[no-untyped-def]
    install_translators(qapp, "zh_CN")
    try:
        msg = Message("{label}不能超过{max_len}个字", label=term("备注"), max_len=500)
        assert localize(msg) == "备注不能超过500个字"
    finally:
        uninstall_translators(qapp)


def test_shared_error_widgets_translate_what_they_are_given(qtbot, english) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    field = FormField(QLineEdit())
    general = ErrorLabel()
    qtbot.addWidget(field)
    qtbot.addWidget(general)
    exc = ValidationErrors(
        [_raised(clean_text, "", "name", "姓名", max_len=30), ValidationError("elsewhere", "请选择角色")]
    )
    show_errors({"name": field}, exc, general)
    assert field.error.text() == "Name is required" and field.editor.toolTip() == "Name is required"
    assert general.text() == "Choose a role"


RID_SHORT = make_resident_id("330106", dt.date(1980, 5, 1), "123")[:17]
RID_BAD_CHECK = make_resident_id("330102", dt.date(1975, 3, 9), "045")


def test_customer_form_shows_service_errors_in_english(qtbot, english, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    form = open_form(qtbot, module)
    enter_to(qtbot, form, "name")
    type_here(qtbot, "张三")
    enter_to(qtbot, form, "id_number")
    type_here(qtbot, RID_SHORT)
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.error_text("id_number") != "", timeout=10000)

    assert (
        form.error_text("id_number")
        == "Resident ID number must have 18 characters (15 on old cards); it has 17"
    )
    assert form.error_text("phone") == "Phone is required"
    assert form.error_text("supply_address") == "Supply address needs at least 4 characters"
    assert form.error_text("capacity_kva") == "Enter the contract capacity as a whole number (kVA)"
    assert count_customers(ui_ctx, "张三") == 0


def test_override_request_is_english_with_its_nested_reason(qtbot, english, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = make_module(qtbot, ui_ctx)
    form = open_form(qtbot, module)
    enter_to(qtbot, form, "name")
    type_here(qtbot, "李四")
    enter_to(qtbot, form, "id_number")
    wrong = RID_BAD_CHECK[:-1] + ("1" if RID_BAD_CHECK[-1] != "1" else "2")
    type_here(qtbot, wrong)
    enter_to(qtbot, form, "phone")
    type_here(qtbot, "13900001111")
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州市上城区解放路8号")
    enter_to(qtbot, form, "capacity_kva")
    type_here(qtbot, "6")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.error_text("id_number") != "", timeout=10000)

    assert form.error_text("id_number") == (
        f"The check character of the resident ID number is wrong; it should be {RID_BAD_CHECK[-1]}. "
        "If the document is certainly right, a supervisor must approve it with a reason"
    )
    assert form.approve_button.isVisible()
    form.grab().save("/tmp/i18n_form_en.png")


def test_login_refusal_in_english(qtbot, english, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.test_shell import _attempt, _login_dialog, press, type_text

    dialog = _login_dialog(qtbot, ui_ctx)
    type_text(qtbot, dialog, "clerk2")
    press(qtbot, dialog, Qt.Key.Key_Return)
    _attempt(qtbot, dialog, "Wrong2026")
    assert dialog.error.text() == "Wrong user name or password; 4 attempts left"


# ---- bills: explanation lines, tier names, chart month labels (stored with their template) ---------


def _bill_lines(ui_ctx: UiContext, name: str, kwh: int) -> BillLinesModel:  # type: ignore[no-untyped-def]
    """A bill priced by the real bill run and read back by the bill view (the stored lines)."""
    customer = seed_customer(ui_ctx, name)
    seed_bills(ui_ctx, customer, [kwh])  # crosses into the second annual tier within one bill
    view = bill_view.bill_view(ui_ctx.db, actor_of(ui_ctx), customer.id)
    model = BillLinesModel()
    model.set_rows(list(view.bills[0].lines))
    return model


def _column(model: BillLinesModel, column: int) -> list[str]:
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_bill_explanation_lines_and_tier_names_in_english(qtbot, ui_ctx: UiContext, english) -> None:  # type: ignore[no-untyped-def]
    model = _bill_lines(ui_ctx, "钱多多", 2761)
    assert _column(model, LineColumn.ITEM) == ["Tier 1", "Tier 2"]
    assert _column(model, LineColumn.EXPLANATION) == [
        "Tier 1 2760 kWh × 0.5380 = 1484.88",
        "Tier 2 1 kWh × 0.5880 = 0.59",
    ]
    assert _column(model, LineColumn.QUANTITY) == ["2760 kWh", "1 kWh"]


def test_chinese_bill_explanation_is_unchanged(qtbot, ui_ctx: UiContext, qapp) -> None:  # type: ignore[no-untyped-def]
    install_translators(qapp, "zh_CN")
    try:
        model = _bill_lines(ui_ctx, "钱多多", 2761)
        assert _column(model, LineColumn.ITEM) == ["第一档", "第二档"]
        assert _column(model, LineColumn.EXPLANATION) == [
            "第一档 2760 kWh × 0.5380 = 1484.88",
            "第二档 1 kWh × 0.5880 = 0.59",
        ]
    finally:
        uninstall_translators(qapp)


def test_bills_stored_before_templates_keep_their_chinese_text(english) -> None:  # type: ignore[no-untyped-def]
    doc = {
        "format": 1,
        "lines": [["tier1", "第一档", "230", "kWh", "0.5380", 12374, "第一档 230 kWh × 0.5380 = 123.74"]],
    }
    model = BillLinesModel()
    model.set_rows(list(bill_view.line_rows(doc)))
    assert _column(model, LineColumn.EXPLANATION) == ["第一档 230 kWh × 0.5380 = 123.74"]


def test_engine_explanations_in_english(english) -> None:  # type: ignore[no-untyped-def]
    """Low-income allowance, time-of-use periods, markups, the total, a split period's part."""
    tariffs = {t.code: t for t in load_default_catalogue()}
    tiered = next(t for t in tariffs.values() if t.kind == "tiered" and t.low_income_free_kwh)
    comp = compute_bill(tiered, Usage.of(100), BillContext(tiered.effective_from, low_income=True))
    english_text = localize(comp.explanation).split("\n")
    assert english_text[0].startswith(
        f"Low-income allowance {tiered.low_income_free_kwh} kWh, taken from tier 1 ("
    )
    assert english_text[0].endswith("CNY), not charged = 0.00")
    assert english_text[-1] == f"Total {comp.total_fen // 100}.{comp.total_fen % 100:02d} CNY"
    assert comp.explanation.split("\n")[-1].startswith("合计 ")  # the Chinese text, as before

    tou = next(t for t in tariffs.values() if t.kind == "tou" and t.tier_markups is not None)
    usage = Usage.tou({p.period: 1500 for p in tou.period_prices})
    comp = compute_bill(tou, usage, BillContext(tou.effective_from, year_to_date_kwh=Decimal(5000)))
    labels = [localize(line.label) for line in comp.lines]
    assert labels[: len(tou.period_prices)] == [
        {
            "critical_peak": "Critical peak",
            "peak": "Peak",
            "flat": "Flat",
            "valley": "Valley",
            "deep_valley": "Deep valley",
        }[p.period]
        for p in tou.period_prices
    ]
    assert any(label.endswith("markup") and label.startswith("Tier ") for label in labels)
    assert all(isinstance(line.explanation, Message) for line in comp.lines)


def test_chart_month_labels_follow_the_ui_language(qapp) -> None:  # type: ignore[no-untyped-def]
    install_translators(qapp, "en")
    try:
        assert axis_labels(["2025-11", "2025-12", "2026-01"]) == ["Nov 25", "Dec", "Jan 26"]
    finally:
        uninstall_translators(qapp)
    install_translators(qapp, "zh_CN")
    try:
        assert axis_labels(["2025-11", "2025-12", "2026-01"]) == ["25年11月", "12月", "26年1月"]
    finally:
        uninstall_translators(qapp)


def test_tariff_screens_in_english(english) -> None:  # type: ignore[no-untyped-def]
    tiered = next(t for t in load_default_catalogue() if t.kind == "tiered")
    html_text = tariff_html(tiered.to_dict())
    assert "Tier 1" in html_text and "第一档" not in html_text
    data = tiered.to_dict()
    bands = data["tiers"]["bands"]
    bands[1]["upto_kwh"] = bands[0]["upto_kwh"]  # not increasing
    with pytest.raises(ValidationError) as info:
        Tariff.from_dict(data)
    assert short_message(info.value) == "The tier limits must increase tier by tier"
    assert (
        friendly_message(info.value, tiered.code)
        == "Tiers·Tier 2: The tier limits must increase tier by tier"
    )
    problems = tou_schedule_errors(
        {
            "code": "X",
            "prices": {"peak": "1"},
            "schedules": [
                {
                    "months": list(range(1, 12)),
                    "periods": [{"from": "00:00", "to": "24:00", "period": "peak"}],
                }
            ],
        }
    )
    assert [short_message(p) for p in problems] == [
        "The period tables must cover each month 1–12 exactly once; missing months: 12"
    ]


def test_tariff_editor_field_error_in_english(qtbot, english, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    """A tier limit typed below the one before it: the engine's "path：problem" message is shown
    under the field as the translated problem, the path left out."""
    from app.services import tariffs as tariff_service
    from tests.ui.test_shell import activate, type_text
    from tests.ui.test_shell import press as press_on
    from ui.billing_admin.tariff_editor import TariffEditorDialog

    login_as(ui_ctx, "admin")
    rows = {r.code: r for r in tariff_service.list_tariffs(ui_ctx.db, ui_ctx.actor)}
    dialog = TariffEditorDialog(ui_ctx, rows["RES-TIER"])
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    limit = dialog.editors["tiers.bands[1].upto_kwh"]
    limit.setFocus()
    limit.selectAll()
    type_text(qtbot, dialog, "100")
    press_on(qtbot, dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.field_error("tiers.bands[1].upto_kwh") == "The tier limits must increase tier by tier"
    assert dialog.saved is None and ui_ctx.tasks.pending == 0
    dialog.grab().save("/tmp/i18n2_tariff_editor_en.png")
