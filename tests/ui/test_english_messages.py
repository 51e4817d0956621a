"""Messages raised by services reach the English UI in English (issue #6 item 27).

The services raise Chinese templates with parameters (app/domain/messages.py); the UI
translates them where it shows them (ui.i18n.localize via ErrorLabel / FormField / the
customer form's error labels / Dialogs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.domain.errors import Message, ValidationError, ValidationErrors, term
from app.domain.ids import make_resident_id
from app.domain.money import parse_amount
from app.domain.text import clean_text
from tests.ui.test_customers_flow import count_customers, enter_to, make_module, open_form, press, type_here
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
