"""Customer flows driven by the keyboard, like a clerk at the counter (issue #2 items 4–6)."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit

from app.domain.ids import make_resident_id
from app.services import customers as customer_service
from app.services.customers import CustomerInput, RegisterCustomer, get_customer, get_customer_by_account
from app.services.search import search_customers
from app.services.setup import local_node
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD
from tests.ui.helpers import ScriptedDialogs, actor_of
from ui.approval_dialog import ApprovalDialog
from ui.context import UiContext
from ui.customers import search_panel
from ui.customers.duplicate_dialog import DuplicateDialog
from ui.customers.module import CustomersModule
from ui.main_window import plug_customer_features
from ui.tasks import TaskRunner

RID_ZHANG = make_resident_id("330106", dt.date(1980, 5, 1), "123")
RID_OTHER = make_resident_id("330102", dt.date(1975, 3, 9), "045")
RID_ZHANG_15 = RID_ZHANG[:6] + RID_ZHANG[8:17]  # the same person's old 15-digit card


def bad_check_digit(rid: str) -> str:
    return rid[:-1] + ("1" if rid[-1] != "1" else "2")


def seed(ctx: UiContext, name: str, rid: str, phone: str, address: str = "杭州市西湖区文三路100号",
         **extra: Any) -> customer_service.CustomerView:
    assert ctx.actor is not None
    data = CustomerInput("individual", "residential", name, "ric", rid, "urban", "220V", "8", phone=phone,
                         supply_address=address, **extra)
    return customer_service.register_customer(ctx.db, ctx.actor,
                                              RegisterCustomer(data, confirm_duplicate=True))


def make_module(qtbot, ctx: UiContext) -> CustomersModule:  # type: ignore[no-untyped-def]
    module = CustomersModule(ctx)
    # As the main window does: billing, payments and the cashier plug into the customer view.
    module.money = plug_customer_features(ctx, module.host)  # the features, for the tests to reach
    qtbot.addWidget(module)
    module.resize(1280, 800)
    with qtbot.waitExposed(module):
        module.show()
    module.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is module)
    module.focus_search()
    return module


@pytest.fixture
def module(qtbot, ui_ctx: UiContext) -> CustomersModule:  # type: ignore[no-untyped-def]
    return make_module(qtbot, ui_ctx)


def focused() -> object:
    return QApplication.focusWidget()


def type_into(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """ASCII as key strokes; Chinese the way it really arrives, as an input-method commit (拼音输入法)."""
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def type_here(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    type_into(qtbot, widget, text)


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def wait_view(qtbot, module: CustomersModule, account: str | None = None) -> None:  # type: ignore[no-untyped-def]
    def ready() -> bool:
        current = module.current_customer()
        return current is not None and (account is None or current.account_no == account)

    qtbot.waitUntil(ready, timeout=10000)


def wait_idle(qtbot, ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=10000)


def count_customers(ctx: UiContext, text: str) -> int:
    assert ctx.actor is not None
    return len(search_customers(ctx.db, ctx.actor, text).rows)


def open_form(qtbot, module: CustomersModule):  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: module.form is not None and module.stack.currentWidget() is module.form)
    return module.form


def enter_to(qtbot, form, name: str) -> None:  # type: ignore[no-untyped-def]
    """Press Enter until the named field has the focus (the clerk's way through the form)."""
    for _ in range(25):
        if focused() is form.fields[name]:
            return
        press(qtbot, Qt.Key.Key_Return)
    raise AssertionError(f"Enter never reached {name}; focus is on {focused()!r}")


# ---- registration ------------------------------------------------------------------------


def test_register_individual_residential_by_keyboard(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    assert focused() is form.fields["party_type"]
    assert not module.search.box.isEnabled()  # one job at a time: the form first
    enter_to(qtbot, form, "name")
    type_here(qtbot, "张三")
    enter_to(qtbot, form, "id_number")
    type_here(qtbot, RID_ZHANG)
    enter_to(qtbot, form, "phone")
    type_here(qtbot, "13812345678")
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州市西湖区文三路100号")
    enter_to(qtbot, form, "capacity_kva")
    type_here(qtbot, "8")
    assert form.value("tariff_code") == "RES-TIER"  # pre-filled from the kind
    enter_to(qtbot, form, "notes")
    press(qtbot, Qt.Key.Key_Return)  # Enter on the last field saves
    assert form.saving and not form.save_button.isEnabled()

    wait_view(qtbot, module)
    view = module.current_customer()
    assert view is not None and view.name == "张三"
    assert module.message.text() == f"已建档，户号 {view.account_no}"
    assert module.form is None
    assert focused() is module.search.box and module.search.box.selectedText() == module.search.box.text()
    assert module.view.account_label.text() == view.account_no
    assert module.view.id_label.text().endswith(view.id_masked)  # a clerk sees it masked
    assert module.view.history_model.rowCount() == 1

    stored = get_customer(ui_ctx.db, actor_of(ui_ctx), view.id)
    assert (stored.kind, stored.party_type, stored.capacity_kva, stored.tariff_code) == \
        ("residential", "individual", 8, "RES-TIER")
    assert stored.phone_masked == "138****5678"
    assert [r.account_no for r in search_customers(ui_ctx.db, actor_of(ui_ctx), "zs").rows] == [view.account_no]


def test_bad_input_shows_chinese_messages_under_fields_and_saves_nothing(
        qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    enter_to(qtbot, form, "id_number")
    type_here(qtbot, RID_ZHANG)
    enter_to(qtbot, form, "phone")
    type_here(qtbot, "1381234")
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.error_text("name") != "", timeout=10000)

    assert form.error_text("name") == "姓名不能为空"
    assert "11位" in form.error_text("phone")
    assert "至少需要4个字" in form.error_text("supply_address")
    assert "合同容量" in form.error_text("capacity_kva")
    assert form.error_text("id_number") == ""
    assert focused() is form.fields["name"]  # the first field with a problem
    assert form.save_button.isEnabled()
    assert count_customers(ui_ctx, RID_ZHANG) == 0

    # Fixing the fields clears their messages on the next save.
    type_here(qtbot, "张三")
    form.fields["phone"].setFocus()
    form.fields["phone"].selectAll()
    type_here(qtbot, "13812345678")
    form.fields["supply_address"].setFocus()
    type_here(qtbot, "市西湖区文三路100号")
    form.fields["capacity_kva"].setFocus()
    type_here(qtbot, "8")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_view(qtbot, module)
    assert count_customers(ui_ctx, RID_ZHANG) == 1


def fill_approval(username: str, password: str, reason: str, seen: list[str] | None = None):  # type: ignore[no-untyped-def]
    def handler(dialog: QDialog) -> int:
        assert isinstance(dialog, ApprovalDialog)
        if seen is not None:
            seen.append(dialog.error.text() if not dialog.error.isHidden() else "")
        for edit, text in ((dialog.username, username), (dialog.password, password), (dialog.reason, reason)):
            edit.clear()
            edit.insert(text)
        dialog.ok_button.click()
        return dialog.result()

    return handler


def reject_approval(seen: list[str]):  # type: ignore[no-untyped-def]
    def handler(dialog: QDialog) -> int:
        assert isinstance(dialog, ApprovalDialog)
        seen.append(dialog.error.text() if not dialog.error.isHidden() else "")
        dialog.cancel_button.click()
        return dialog.result()

    return handler


def register_with_bad_check_digit(qtbot, module: CustomersModule):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    enter_to(qtbot, form, "name")
    type_here(qtbot, "李四")
    enter_to(qtbot, form, "id_number")
    type_here(qtbot, bad_check_digit(RID_OTHER))
    enter_to(qtbot, form, "phone")
    type_here(qtbot, "13900001111")
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州市上城区解放路8号")
    enter_to(qtbot, form, "capacity_kva")
    type_here(qtbot, "6")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.error_text("id_number") != "", timeout=10000)
    return form


def test_bad_check_digit_needs_supervisor_approval(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    form = register_with_bad_check_digit(qtbot, module)
    assert "校验码错误" in form.error_text("id_number")
    assert "值班长授权" in form.error_text("id_number")
    assert form.approve_button.isVisible() and focused() is form.approve_button
    assert count_customers(ui_ctx, "李四") == 0

    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    seen: list[str] = []
    dialogs.dialog_handlers.append(fill_approval("super1", "wrong-password", "已核对身份证原件", seen))
    dialogs.dialog_handlers.append(fill_approval("super1", SUPERVISOR_PASSWORD, "已核对身份证原件", seen))
    press(qtbot, Qt.Key.Key_Return)  # on 主管授权…

    wait_view(qtbot, module)
    assert seen[0] == ""
    assert "用户名或密码错误" in seen[1]  # the wrong password was shown in the reopened dialog
    view = module.current_customer()
    assert view is not None and view.id_overridden and "证件例外" in view.flags
    assert "证件例外" in module.view.chip_texts
    history = module.view.history_model.entry_at(0)
    assert history is not None and any(c[0] == "授权人" and c[2] == "super1" for c in history.changes)


def test_a_clerk_cannot_approve_an_id_override(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    form = register_with_bad_check_digit(qtbot, module)
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    seen: list[str] = []
    dialogs.dialog_handlers.append(fill_approval("clerk2", CLERK_PASSWORD, "我看过原件了", seen))
    dialogs.dialog_handlers.append(reject_approval(seen))
    form.approve_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10000)
    wait_idle(qtbot, ui_ctx)

    assert "无此授权权限" in seen[1]
    assert "授权未通过" in form.error_text("id_number")
    assert module.form is form and module.current_customer() is None
    assert count_customers(ui_ctx, "李四") == 0


def test_approval_dialog_checks_the_reason_length(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ApprovalDialog("证件号码校验码错误")
    qtbot.addWidget(dialog)
    dialog.username.insert("super1")
    dialog.password.insert("x")
    dialog.reason.insert("核对")
    dialog.ok_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "至少4个字" in dialog.error.text()


# ---- duplicates --------------------------------------------------------------------------


def register_same_id(qtbot, module: CustomersModule):  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    form.fields["name"].setFocus()
    type_here(qtbot, "张叁")
    form.fields["id_number"].setFocus()
    type_here(qtbot, RID_ZHANG)
    form.fields["phone"].setFocus()
    type_here(qtbot, "13700001234")
    form.fields["supply_address"].setFocus()
    type_here(qtbot, "杭州市拱墅区湖墅南路9号")
    form.fields["capacity_kva"].setFocus()
    type_here(qtbot, "8")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    return form


def test_duplicate_open_existing(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    existing = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    shown: list[list[str]] = []

    def open_existing(dialog: QDialog) -> int:
        assert isinstance(dialog, DuplicateDialog)
        shown.append([s.account_no for s in dialog.model.rows()])
        assert dialog.model.data(dialog.model.index(0, 3)) == existing.id_masked  # masked ID column
        dialog.open_button.click()
        return dialog.result()

    dialogs.dialog_handlers.append(open_existing)
    register_same_id(qtbot, module)
    wait_view(qtbot, module, existing.account_no)
    assert shown == [[existing.account_no]]
    assert module.form is None
    assert count_customers(ui_ctx, RID_ZHANG) == 1


def keys_in_dialog(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier,  # type: ignore[no-untyped-def]
                   seen: list[tuple[DuplicateDialog, bool]]):
    """Run the dialog modally, as the real dialog seam does, and answer it with one key stroke.

    ``seen`` gets (dialog, answered by that key)."""
    def handler(dialog: QDialog) -> int:
        assert isinstance(dialog, DuplicateDialog)

        def strike() -> None:
            by_key = False
            try:
                dialog.activateWindow()
                qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
                if QApplication.focusWidget() is dialog.table:  # the clerk's eyes are on the matches
                    qtbot.keyClick(dialog.table, key, modifier)
                    # A mnemonic "animates" the click: the button is released 100 ms later.
                    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
                    by_key = True
            finally:
                seen.append((dialog, by_key))
                if dialog.isVisible():  # the key did nothing: end the dialog, the test fails below
                    dialog.done(-1)

        QTimer.singleShot(0, strike)
        return dialog.exec()

    return handler


def test_duplicate_dialog_buttons_have_mnemonics(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = DuplicateDialog("发现1个疑似重复的客户档案", [])
    qtbot.addWidget(dialog)
    assert dialog.open_button.text() == "打开已有档案(&O)"
    assert dialog.create_button.text() == "仍然建档(&R)"
    assert dialog.cancel_button.text() == "取消(&C)"


def test_duplicate_create_anyway(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    existing = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    seen: list[tuple[DuplicateDialog, bool]] = []
    dialogs.dialog_handlers.append(keys_in_dialog(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier, seen))
    register_same_id(qtbot, module)
    wait_view(qtbot, module)
    view = module.current_customer()
    assert view is not None and view.account_no != existing.account_no and view.name == "张叁"
    assert count_customers(ui_ctx, RID_ZHANG) == 2
    assert [by_key for _, by_key in seen] == [True] and seen[0][0].choice.value == "create"  # Alt+R


@pytest.mark.parametrize(("stored", "typed"), [(RID_ZHANG_15, RID_ZHANG), (RID_ZHANG, RID_ZHANG_15)],
                         ids=["stored15-typed18", "stored18-typed15"])
def test_duplicate_warning_for_the_same_id_in_its_other_form(qtbot, module: CustomersModule, ui_ctx: UiContext,
                                                           stored: str, typed: str) -> None:  # type: ignore[no-untyped-def]
    existing = seed(ui_ctx, "张三", stored, "13812345678")
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    seen: list[tuple[DuplicateDialog, bool]] = []
    dialogs.dialog_handlers.append(keys_in_dialog(qtbot, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier, seen))
    form = open_form(qtbot, module)
    enter_to(qtbot, form, "name")
    type_here(qtbot, "张叁")
    enter_to(qtbot, form, "id_number")
    type_here(qtbot, typed)
    enter_to(qtbot, form, "phone")
    type_here(qtbot, "13700001234")
    enter_to(qtbot, form, "supply_address")
    type_here(qtbot, "杭州市拱墅区湖墅南路9号")
    enter_to(qtbot, form, "capacity_kva")
    type_here(qtbot, "8")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.banner_message != "", timeout=10000)

    assert [by_key for _, by_key in seen] == [True]  # the warning came up, and Alt+C cancelled it
    assert seen[0][0].choice.value == "cancel"
    model = seen[0][0].model
    assert [s.account_no for s in model.rows()] == [existing.account_no]
    assert model.data(model.index(0, model.columnCount() - 1)) == "证件号码（15/18位）"
    assert "疑似重复" in form.banner_message and module.form is form
    assert count_customers(ui_ctx, "张叁") == 0


def test_duplicate_cancel_keeps_the_form(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    form = register_same_id(qtbot, module)  # no handler: the dialog is cancelled
    qtbot.waitUntil(lambda: form.banner_message != "", timeout=10000)
    assert "疑似重复" in form.banner_message
    assert module.form is form and count_customers(ui_ctx, RID_ZHANG) == 1


# ---- search ------------------------------------------------------------------------------


def wait_rows(qtbot, module: CustomersModule, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: module.search.last_result is not None and module.search.last_result.query == text,
                    timeout=10000)
    return [s.name for s in module.search.model.rows()]


def test_search_by_pinyin_partial_name_and_last_four_digits(qtbot, module: CustomersModule,
                                                            ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    seed(ui_ctx, "王五", RID_OTHER, "13900002222", "杭州市滨江区江南大道88号")
    box = module.search.box
    qtbot.keyClicks(box, "zs")
    assert wait_rows(qtbot, module, "zs") == ["张三"]
    assert module.search.model.data(module.search.model.index(0, 6)) == "拼音首字母"
    assert module.search.hint.text() == "共1条"
    assert "毫秒" in module.search.elapsed.text()

    press(qtbot, Qt.Key.Key_Escape)
    assert box.text() == "" and module.search.model.rowCount() == 0
    type_into(qtbot, box, "三")
    assert wait_rows(qtbot, module, "三") == ["张三"]

    box.selectAll()
    qtbot.keyClicks(box, "2222")
    assert wait_rows(qtbot, module, "2222") == ["王五"]
    assert module.search.model.data(module.search.model.index(0, 4)) == "139****2222"

    box.selectAll()
    type_into(qtbot, box, "滨江")
    assert wait_rows(qtbot, module, "滨江") == ["王五"]


def test_keyboard_walk_through_results(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    second = seed(ui_ctx, "张伟", RID_OTHER, "13900002222")
    type_into(qtbot, module.search.box, "张")
    assert sorted(wait_rows(qtbot, module, "张")) == ["张三", "张伟"]
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is module.search.table
    rows = module.search.model.rows()
    target = 1 if rows[1].id == second.id else 0
    for _ in range(target):
        press(qtbot, Qt.Key.Key_Down)
    assert module.search.table.currentIndex().row() == target
    press(qtbot, Qt.Key.Key_Return)
    wait_view(qtbot, module, second.account_no)
    assert focused() is module.search.box  # ready for the next customer

    # Esc inside the view closes it; focus back in the search box.
    module.view.tabs.setFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert module.stack.currentWidget() is module.search.results and focused() is module.search.box
    # Esc from the table: back to the search box, cleared.
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is module.search.table
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is module.search.box and module.search.box.text() == ""


def test_enter_opens_the_first_result_once_this_texts_results_arrive(qtbot, module: CustomersModule,
                                                                    ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    wang = seed(ui_ctx, "王五", RID_OTHER, "13900002222")
    module.search.set_interval(5000)  # the debounce would not fire on its own within the test
    type_into(qtbot, module.search.box, "王五")
    press(qtbot, Qt.Key.Key_Return)
    wait_view(qtbot, module, wang.account_no)


def test_scanner_types_account_and_enter_opens_it(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    wang = seed(ui_ctx, "王五", RID_OTHER, "13900002222")
    qtbot.keyClicks(module.search.box, wang.account_no)  # the scanner is faster than the debounce
    qtbot.keyClick(module.search.box, Qt.Key.Key_Return)
    wait_view(qtbot, module, wang.account_no)
    assert module.view.name_label.text() == "王五"
    assert focused() is module.search.box and module.search.box.selectedText() == wang.account_no

    # The next scan replaces the selected text and opens the next customer.
    zhang = get_customer_by_account(ui_ctx.db, actor_of(ui_ctx), "33010000001")
    assert zhang is not None
    qtbot.keyClicks(module.search.box, zhang.account_no)
    qtbot.keyClick(module.search.box, Qt.Key.Key_Enter)
    wait_view(qtbot, module, zhang.account_no)


def test_eleven_digits_that_are_no_account_fall_back_to_search(qtbot, module: CustomersModule,
                                                               ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    wang = seed(ui_ctx, "王五", RID_OTHER, "13900002222")
    qtbot.keyClicks(module.search.box, "13900002222")  # a mobile number is 11 digits too
    qtbot.keyClick(module.search.box, Qt.Key.Key_Return)
    wait_view(qtbot, module, wang.account_no)

    module.search.box.selectAll()
    qtbot.keyClicks(module.search.box, "33019999999")
    qtbot.keyClick(module.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "没有找到" in module.search.hint.text(), timeout=10000)
    assert module.current_customer() is None
    assert module.stack.currentWidget() is module.search.results


def test_newer_keystroke_discards_older_results(qtbot, module: CustomersModule, ui_ctx: UiContext,
                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    seed(ui_ctx, "张伟", RID_OTHER, "13900002222")
    real = search_panel.search_customers
    started: list[str] = []
    finished: list[str] = []
    lock = threading.Lock()

    def slow_for_old_text(db, actor, text, limit=50):  # type: ignore[no-untyped-def]
        with lock:
            started.append(text)
        if text == "张":
            time.sleep(0.5)  # the first keystroke's answer comes back last
        result = real(db, actor, text, limit)
        with lock:
            finished.append(text)
        return result

    monkeypatch.setattr(search_panel, "search_customers", slow_for_old_text)
    module.search.set_interval(0)
    type_into(qtbot, module.search.box, "张")
    qtbot.waitUntil(lambda: "张" in started)
    type_into(qtbot, module.search.box, "三")
    qtbot.waitUntil(lambda: finished == ["张三", "张"], timeout=10000)
    wait_idle(qtbot, ui_ctx)

    assert [s.name for s in module.search.model.rows()] == ["张三"]
    assert module.search.last_result is not None and module.search.last_result.query == "张三"
    assert module.search.discarded == 1


# ---- edit and conflicts ------------------------------------------------------------------


def second_context(ui_ctx: UiContext, username: str, password: str) -> UiContext:
    from app.services import auth

    ctx = UiContext(settings=ui_ctx.settings, db=ui_ctx.db, node=local_node(ui_ctx.db), tasks=TaskRunner(),
                    dialogs=ScriptedDialogs())
    ctx.actor = auth.login(ui_ctx.db, username, password)
    return ctx


def open_and_edit(qtbot, module: CustomersModule, account: str):  # type: ignore[no-untyped-def]
    module.focus_search()
    qtbot.keyClicks(module.search.box, account)
    qtbot.keyClick(module.search.box, Qt.Key.Key_Return)
    wait_view(qtbot, module, account)
    press(qtbot, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: module.form is not None)
    return module.form


def test_edit_keeps_masked_fields_when_left_empty(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    zhang = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    form = open_and_edit(qtbot, module, zhang.account_no)
    assert form.fields["name"].text() == "张三" and focused() is form.fields["name"]
    for name, masked in (("id_number", zhang.id_masked), ("phone", "138****5678")):
        edit = form.fields[name]
        assert isinstance(edit, QLineEdit)
        assert edit.text() == "" and masked in edit.placeholderText() and "不修改请留空" in edit.placeholderText()
    assert not form.fields["party_type"].isEnabled()
    form.fields["contact_person"].setFocus()
    type_here(qtbot, "张小三")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: module.form is None and "档案已保存" in module.message.text(), timeout=10000)
    wait_view(qtbot, module)
    stored = get_customer(ui_ctx.db, actor_of(ui_ctx), zhang.id)
    assert stored.contact_person == "张小三" and stored.version == 2
    assert stored.id_masked == zhang.id_masked and stored.phone_masked == "138****5678"  # kept
    assert module.view.history_model.rowCount() == 2
    entry = module.view.history_model.entry_at(0)
    assert entry is not None and [c[0] for c in entry.changes] == ["联系人"]
    assert module.view.changes_model.rowCount() == 1  # the newest change is selected and shown


def test_supervisor_sees_full_numbers_in_the_edit_form(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    zhang = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    login_as(ui_ctx, "super1")
    module = make_module(qtbot, ui_ctx)
    form = open_and_edit(qtbot, module, zhang.account_no)
    assert form.fields["id_number"].text() == RID_ZHANG
    assert form.fields["phone"].text() == "13812345678"
    assert RID_ZHANG in module.view.id_label.text()


def test_edit_conflict_second_save_is_refused(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    zhang = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    ctx2 = second_context(ui_ctx, "clerk2", CLERK_PASSWORD)
    first = make_module(qtbot, ui_ctx)
    form1 = open_and_edit(qtbot, first, zhang.account_no)
    second = make_module(qtbot, ctx2)
    form2 = open_and_edit(qtbot, second, zhang.account_no)
    assert form1.view.version == form2.view.version == 1

    # clerk1 saves first.
    first.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is first)
    form1.fields["phone"].setFocus()
    type_here(qtbot, "13600009999")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: first.form is None, timeout=10000)

    # clerk2, still looking at version 1, changes the name: refused, loudly, in the form.
    second.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is second)
    form2.fields["name"].setFocus()
    form2.fields["name"].selectAll()
    type_here(qtbot, "张三丰")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form2.banner_message != "", timeout=10000)
    assert "已被他人修改" in form2.banner_message and "未保存" in form2.banner_message
    assert form2.banner.isVisible() and form2.reload_button.isVisible()
    assert focused() is form2.reload_button
    assert second.form is form2
    assert form2 is not None

    stored = get_customer(ui_ctx.db, actor_of(ui_ctx), zhang.id)
    assert stored.name == "张三" and stored.phone_masked == "136****9999" and stored.version == 2

    # Reload shows the current record (version 2); nothing was overwritten.
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form2.view is not None and form2.view.version == 2, timeout=10000)
    name_edit, phone_edit = form2.fields["name"], form2.fields["phone"]
    assert isinstance(name_edit, QLineEdit) and isinstance(phone_edit, QLineEdit)
    assert name_edit.text() == "张三" and "136****9999" in phone_edit.placeholderText()
    assert "最新档案" in form2.banner_message
    wait_idle(qtbot, ctx2)


# ---- form keyboard details ---------------------------------------------------------------


def test_esc_on_a_dirty_form_asks_first(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    form = open_form(qtbot, module)
    enter_to(qtbot, form, "name")
    type_here(qtbot, "赵六")
    dialogs.confirms.append(False)
    press(qtbot, Qt.Key.Key_Escape)
    assert module.form is form and dialogs.asked[-1][0] == "confirm"
    dialogs.confirms.append(True)
    press(qtbot, Qt.Key.Key_Escape)
    assert module.form is None and focused() is module.search.box

    # An untouched form closes without a question.
    asked = len(dialogs.asked)
    open_form(qtbot, module)
    press(qtbot, Qt.Key.Key_Escape)
    assert module.form is None and len(dialogs.asked) == asked


def test_double_submit_is_impossible(qtbot, module: CustomersModule, ui_ctx: UiContext, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui.customers import form as form_module

    calls: list[str] = []
    real = form_module.register_customer

    def counting(db, actor, cmd):  # type: ignore[no-untyped-def]
        calls.append(cmd.data.name)
        time.sleep(0.2)
        return real(db, actor, cmd)

    monkeypatch.setattr(form_module, "register_customer", counting)
    form = open_form(qtbot, module)
    form.set_value("name", "孙七")
    form.set_value("id_number", RID_OTHER)
    form.set_value("phone", "13911112222")
    form.set_value("supply_address", "杭州市余杭区文一西路1号")
    form.set_value("capacity_kva", "8")
    form.fields["notes"].setFocus()
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Return)
    form.save_button.click()
    assert not form.save_button.isEnabled()
    wait_view(qtbot, module)
    wait_idle(qtbot, ui_ctx)
    assert calls == ["孙七"] and count_customers(ui_ctx, "孙七") == 1


def test_party_type_filters_id_types_and_kind_prefills_tariff(qtbot, module: CustomersModule) -> None:  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    id_type = form.fields["id_type"]
    assert isinstance(id_type, QComboBox)
    assert [id_type.itemData(i) for i in range(id_type.count())][0] == "ric"
    press(qtbot, Qt.Key.Key_Down)  # on 客户类型: 个人 -> 单位
    assert form.value("party_type") == "organisation"
    assert [id_type.itemData(i) for i in range(id_type.count())] == ["uscc", "other"]
    assert form.value("kind") == "general_ci" and form.value("tariff_code") == "GCI-FLAT"
    assert "*" in form._labels["contact_person"].text()  # 单位 needs a contact person
    form.set_value("kind", "large_industry")
    assert form.value("tariff_code") == "LI-TOU"
    assert "*" in form._labels["customer_manager"].text()
    form.set_value("tariff_code", "SPECIAL-1")
    form.set_value("kind", "public")
    assert form.value("tariff_code") == "SPECIAL-1"  # the clerk's own code is not overwritten


def test_f4_without_a_customer_says_what_to_do(qtbot, module: CustomersModule) -> None:  # type: ignore[no-untyped-def]
    press(qtbot, Qt.Key.Key_F4)
    assert module.form is None and "请先查询并打开客户" in module.message.text()


def test_actions_contract(qtbot, module: CustomersModule) -> None:  # type: ignore[no-untyped-def]
    shortcuts = {a.text(): a.shortcut().toString() for a in module.actions()}
    assert shortcuts == {"查询客户": "F2", "新建客户": "F3", "编辑档案": "F4", "收费": "F6", "打印/补打收据": "Ctrl+P",
                         "业务受理": "F9", "登记诉求": "F11"}
    module.view.tabs.setFocus()
    press(qtbot, Qt.Key.Key_F2)
    assert focused() is module.search.box


def test_f3_from_a_view_and_esc_returns_to_that_customer(qtbot, module: CustomersModule,
                                                         ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    zhang = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    qtbot.keyClicks(module.search.box, zhang.account_no)
    press(qtbot, Qt.Key.Key_Return)
    wait_view(qtbot, module, zhang.account_no)
    press(qtbot, Qt.Key.Key_F3)
    assert module.form is not None and module.form.is_new
    press(qtbot, Qt.Key.Key_Escape)  # untouched: no question
    assert module.form is None and module.current_customer() is not None
    assert focused() is module.search.box

    # In the history tab, Esc closes the view too.
    module.view.tabs.setCurrentIndex(1)
    module.view.history_table.setFocus()
    press(qtbot, Qt.Key.Key_Escape)
    assert module.current_customer() is None and focused() is module.search.box


def test_more_than_the_limit_asks_for_more_text(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    for i, name in enumerate(("张三", "张伟", "张晓明")):
        seed(ui_ctx, name, make_resident_id("330106", dt.date(1970 + i, 1, 1), "111"), f"1391111222{i}")
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, search_limit=2)
    module = make_module(qtbot, ui_ctx)
    type_into(qtbot, module.search.box, "张")
    wait_rows(qtbot, module, "张")
    assert module.search.model.rowCount() == 2
    assert module.search.hint.text() == "超过2条，请输入更多内容"


def test_a_search_that_stopped_looking_says_so_instead_of_more_than_the_limit(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    from app.dto.customers import SearchResult

    module = make_module(qtbot, ui_ctx)
    panel = module.search
    # Two common words that rarely meet: the service stops looking and answers "more", no rows.
    panel._on_result(panel.generation, SearchResult("王 公望街", [], True, 12.0))
    assert panel.hint.text() == "已列出0条，可能还有，请输入更多内容"
    assert "已查看的部分中没有同时符合的" in panel.results.placeholder.text()


# ---- keyboard paths added after review ---------------------------------------------------


def test_customer_view_tabs_by_keyboard_from_the_search_box(qtbot, module: CustomersModule,
                                                            ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    tabs = module.view.tabs
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # nobody open yet
    assert "请先查询并打开客户" in module.message.text()

    zhang = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    qtbot.keyClicks(module.search.box, zhang.account_no)
    press(qtbot, Qt.Key.Key_Return)
    wait_view(qtbot, module, zhang.account_no)
    assert focused() is module.search.box
    names = [tabs.tabText(i).split(" (")[0] for i in range(tabs.count())]
    assert names[:2] == ["基本信息", "变更记录"] and tabs.count() >= 2
    for i in range(tabs.count()):
        assert f"Alt+{i + 1}" in tabs.tabToolTip(i) and "Ctrl+PgDown" in tabs.tabToolTip(i)

    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 1 and focused() is module.search.box  # still ready for the next scan
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 2 % tabs.count()
    tabs.setCurrentIndex(0)
    press(qtbot, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)  # wraps round to the last tab
    assert tabs.currentIndex() == tabs.count() - 1
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 0

    # From inside the view too (the history table has the focus).
    module.view.history_table.setFocus()
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 1


def test_tab_keys_do_nothing_while_a_form_is_open(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    zhang = seed(ui_ctx, "张三", RID_ZHANG, "13812345678")
    qtbot.keyClicks(module.search.box, zhang.account_no)
    press(qtbot, Qt.Key.Key_Return)
    wait_view(qtbot, module, zhang.account_no)
    form = open_form(qtbot, module)
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert module.view.tabs.currentIndex() == 0 and focused() is form.fields["party_type"] and module.form is form


def test_approval_button_has_a_mnemonic(qtbot, module: CustomersModule, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    form = register_with_bad_check_digit(qtbot, module)
    assert form.approve_button.text() == "主管授权(&A)…"
    dialogs = ui_ctx.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    seen: list[str] = []
    dialogs.dialog_handlers.append(reject_approval(seen))
    form.fields["name"].setFocus()  # anywhere in the form
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=2000)  # the button animates its click
    assert dialogs.asked[-1][2] == "ApprovalDialog"


def tariff_items(form) -> list[str]:  # type: ignore[no-untyped-def]
    combo = form.fields["tariff_code"]
    assert isinstance(combo, QComboBox) and combo.isEditable()
    return [combo.itemData(i) for i in range(combo.count())]


def press_routed(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    """A key as the window system delivers it: to an open popup (the completer list) first."""
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key)


def test_tariff_field_offers_the_catalogue_and_typing_filters(qtbot, module: CustomersModule,
                                                              ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    qtbot.waitUntil(lambda: tariff_items(form) == ["RES-TIER", "RES-TOU"], timeout=10000)
    combo = form.fields["tariff_code"]
    assert combo.currentText() == "RES-TIER　居民生活用电阶梯电价（年阶梯）"
    assert form.value("tariff_code") == "RES-TIER" and not form.dirty
    form.set_value("name", "张三")
    form.set_value("id_number", RID_ZHANG)
    form.set_value("phone", "13812345678")
    form.set_value("supply_address", "杭州市西湖区文三路100号")
    form.set_value("capacity_kva", "8")
    enter_to(qtbot, form, "tariff_code")
    assert combo.lineEdit().selectedText() == combo.currentText()  # typing replaces it
    qtbot.keyClicks(combo, "tou")
    popup = form.tariff_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert form.tariff_completer.completionCount() == 1  # only RES-TOU among the residential tariffs
    press_routed(qtbot, Qt.Key.Key_Return)  # takes the first match
    assert not popup.isVisible() and form.value("tariff_code") == "RES-TOU"
    assert focused() is combo  # this Enter chose; the next one moves on
    press_routed(qtbot, Qt.Key.Key_Return)
    assert focused() is form.fields["meter_no"]

    # Another kind: the list follows it; the clerk's own choice is kept and checked on save.
    form.set_value("kind", "agricultural")
    assert tariff_items(form) == ["AGR-FLAT"] and form.value("tariff_code") == "RES-TOU"
    form.set_value("kind", "residential")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_view(qtbot, module)
    current = module.current_customer()
    assert current is not None
    assert get_customer(ui_ctx.db, actor_of(ui_ctx), current.id).tariff_code == "RES-TOU"


def test_tariff_not_in_the_catalogue_gets_a_message_under_the_field(qtbot, module: CustomersModule,
                                                                    ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    form = open_form(qtbot, module)
    qtbot.waitUntil(lambda: len(tariff_items(form)) == 2, timeout=10000)
    form.set_value("name", "张三")
    form.set_value("id_number", RID_ZHANG)
    form.set_value("phone", "13812345678")
    form.set_value("supply_address", "杭州市西湖区文三路100号")
    form.set_value("capacity_kva", "8")
    enter_to(qtbot, form, "tariff_code")
    qtbot.keyClicks(form.fields["tariff_code"], "NOPE-123")  # no match: no list pops up
    press_routed(qtbot, Qt.Key.Key_Return)
    assert focused() is form.fields["meter_no"]
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.error_text("tariff_code") != "", timeout=10000)
    assert "电价目录中没有现行的电价代码“NOPE-123”" in form.error_text("tariff_code")
    assert "RES-TIER" in form.error_text("tariff_code")
    assert focused() is form.fields["tariff_code"] and count_customers(ui_ctx, "张三") == 0

    # Fixing it by typing part of a name (拼音输入法 commits Chinese) and taking the match.
    tariff = form.fields["tariff_code"]
    assert isinstance(tariff, QComboBox) and (tariff_line := tariff.lineEdit()) is not None
    tariff_line.selectAll()
    type_here(qtbot, "阶梯电价")
    qtbot.waitUntil(form.tariff_completer.popup().isVisible)
    press_routed(qtbot, Qt.Key.Key_Return)
    assert form.value("tariff_code") == "RES-TIER"
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_view(qtbot, module)
    assert count_customers(ui_ctx, "张三") == 1
