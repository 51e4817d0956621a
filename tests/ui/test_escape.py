"""Esc closes every dialog, as F1 says — wherever the focus is inside it — and the file dialogs
(另存为PDF, CSV import) speak Chinese and start in a sensible folder.

Each dialog of ui/ is opened the way the program opens it, the focus is put on every field,
table and button it has in turn, and Esc is pressed there. The lock screen is the one window
Esc must not close (it is not a dialog to the clerk; it guards the counter)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app.services import bill_view, payments
from app.services import tariffs as tariff_service
from tests.ui.helpers import actor_of
from tests.ui.test_payment_flow import due_of, open_shift, post_cash, seed_bills, seed_customer
from ui.approval_dialog import ApprovalDialog
from ui.billing.adjustment import AdjustmentDialog
from ui.billing_admin.tariff_editor import TariffEditorDialog
from ui.cashier.open_dialog import OpenSessionDialog
from ui.context import UiContext
from ui.customers.duplicate_dialog import DuplicateDialog
from ui.dialogs import Dialogs
from ui.idle_lock import LockScreen
from ui.login import ChangePasswordDialog, LoginDialog
from ui.payments.dialog import PaymentDialog
from ui.payments.reversal import ReversalDialog
from ui.printing.preview import PdfPreviewDialog
from ui.settings.printer import PrinterSettingsDialog
from ui.setup_wizard import SetupWizard
from ui.users.form import UserFormDialog

Factory = Callable[[UiContext], QDialog]


def show_modal(qtbot, dialog: QDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)


def focus_stops(dialog: QDialog) -> list[QWidget]:
    """Every widget of the dialog the clerk can put the keyboard focus on (Tab or click)."""
    stops = []
    for widget in dialog.findChildren(QWidget):
        if widget.window() is not dialog or not widget.isVisibleTo(dialog) or not widget.isEnabled():
            continue
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            stops.append(widget)
    return stops


def name_of(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{type(widget).__name__}#{widget.objectName()}{'「' + label + '」' if label else ''}"


def escape_fails(qtbot, dialog: QDialog) -> list[str]:  # type: ignore[no-untyped-def]
    """Esc from each focus stop; the names of the stops where the dialog stayed open."""
    failures = []
    stops = focus_stops(dialog)
    assert stops, f"{type(dialog).__name__} has nothing to focus"
    for widget in stops:
        show_modal(qtbot, dialog)
        if not widget.isVisible() or not widget.isEnabled():
            continue  # on another page of the dialog
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if QApplication.focusWidget() is not widget:
            continue
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
        if dialog.isVisible():
            failures.append(name_of(widget))
            dialog.hide()
    return failures


def admin(ctx: UiContext, login_as) -> UiContext:  # type: ignore[no-untyped-def]
    login_as(ctx, "admin")
    return ctx


def paid_row(ctx: UiContext):  # type: ignore[no-untyped-def]
    customer = seed_customer(ctx)
    seed_bills(ctx, customer, [200])
    open_shift(ctx)
    post_cash(ctx, customer, due_of(ctx, customer))
    return payments.list_payments(ctx.db, actor_of(ctx), customer.id)[0]


def tariff_editor(ctx: UiContext, login_as) -> QDialog:  # type: ignore[no-untyped-def]
    login_as(ctx, "admin")
    rows = {r.code: r for r in tariff_service.list_tariffs(ctx.db, actor_of(ctx))}
    return TariffEditorDialog(ctx, rows["GCI-TOU"])


def adjustment(ctx: UiContext, login_as) -> QDialog:  # type: ignore[no-untyped-def]
    login_as(ctx, "super1")
    customer = seed_customer(ctx)
    seed_bills(ctx, customer, [200])
    view = bill_view.bill_view(ctx.db, actor_of(ctx), customer.id)
    return AdjustmentDialog(ctx, view, view.bills[0])


def preview(ctx: UiContext, login_as) -> QDialog:  # type: ignore[no-untyped-def]
    from app.printing.receipt import render_receipt
    from app.printing.samples import sample_receipt

    return PdfPreviewDialog(
        ctx, render_receipt(sample_receipt()), "收费收据 3301R00000042", "收据_3301R00000042.pdf"
    )


def payment(ctx: UiContext, login_as) -> QDialog:  # type: ignore[no-untyped-def]
    customer = seed_customer(ctx)
    seed_bills(ctx, customer, [200])
    open_shift(ctx)
    return PaymentDialog(ctx, customer)


DIALOGS: dict[str, Callable[..., QDialog]] = {
    "login": lambda ctx, _l: LoginDialog(ctx),
    "change_password": lambda ctx, _l: ChangePasswordDialog(ctx),
    "user_form": lambda ctx, login_as: UserFormDialog(admin(ctx, login_as)),
    "duplicate": lambda ctx, _l: DuplicateDialog("发现1个疑似重复的客户档案", []),
    "approval": lambda ctx, _l: ApprovalDialog("证件号码校验码错误"),
    "printer_settings": lambda ctx, _l: PrinterSettingsDialog(ctx),
    "tariff_editor": tariff_editor,
    "adjustment": adjustment,
    "preview": preview,
    "payment": payment,
    "reversal": lambda ctx, _l: ReversalDialog(ctx, paid_row(ctx)),
    "open_session": lambda ctx, _l: OpenSessionDialog(ctx),
    "setup_wizard": lambda ctx, _l: SetupWizard(ctx.settings, ctx.db, ctx.tasks, ctx.dialogs),
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_escape_closes_the_dialog_from_every_field(qtbot, ui_ctx: UiContext, login_as, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog = DIALOGS[name](ui_ctx, login_as)
    qtbot.addWidget(dialog)
    rejected: list[bool] = []
    dialog.rejected.connect(lambda: rejected.append(True))
    show_modal(qtbot, dialog)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=15000)
    failures = escape_fails(qtbot, dialog)
    for tabs in dialog.findChildren(QTabWidget):  # every page of a tabbed dialog
        for index in range(tabs.count()):
            show_modal(qtbot, dialog)
            tabs.setCurrentIndex(index)
            failures += [f"{tabs.tabText(index)}: {name}" for name in escape_fails(qtbot, dialog)]
    assert failures == []
    assert rejected
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=15000)


# ---- the dialogs seam's own boxes ----------------------------------------------------------------


def escape_when_shown(qtbot, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Press Esc in the next modal window as soon as it is up (it runs its own event loop)."""

    def press() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, press)
            return
        seen.append(modal.windowTitle())
        target = QApplication.focusWidget() or modal
        qtbot.keyClick(target, Qt.Key.Key_Escape)
        if modal.isVisible():  # Esc did nothing: close it by hand so the test ends, and say so
            seen.append("stayed open")
            if isinstance(modal, QMessageBox) and modal.buttons():
                modal.buttons()[-1].click()
            else:
                modal.done(0)

    QTimer.singleShot(0, press)


def test_escape_closes_the_seams_message_boxes(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialogs = Dialogs()
    seen: list[str] = []
    escape_when_shown(qtbot, seen)
    assert dialogs.confirm(None, "确认", "确定吗？") is False
    escape_when_shown(qtbot, seen)
    dialogs.info(None, "提示", "已保存")
    escape_when_shown(qtbot, seen)
    dialogs.error(None, "错误", "保存失败")
    escape_when_shown(qtbot, seen)
    assert dialogs.choose(None, "尚未开班", "您还没有打开收费班次。", ["现在开班", "取消"]) == -1
    assert seen == ["确认", "提示", "错误", "尚未开班"]
    # Enter still picks the default, a click its button; the window's close button is "none".
    QTimer.singleShot(0, lambda: qtbot.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Return))
    assert dialogs.choose(None, "尚未开班", "您还没有打开收费班次。", ["现在开班", "取消"]) == 0
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().close())  # type: ignore[union-attr]
    assert dialogs.choose(None, "尚未开班", "您还没有打开收费班次。", ["现在开班", "取消"]) == -1


# ---- file dialogs --------------------------------------------------------------------------------


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    from ui.i18n import install_translators, uninstall_translators

    install_translators(qapp, "zh_CN")
    yield
    uninstall_translators(qapp)


def texts(dialog: QFileDialog) -> list[str]:
    return [w.text() for w in dialog.findChildren(QLabel)] + [
        b.text() for b in dialog.findChildren(QPushButton)
    ]


def test_file_dialogs_speak_chinese_and_start_in_documents(qtbot, chinese) -> None:  # type: ignore[no-untyped-def]
    dialogs = Dialogs()
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    expected = documents if documents and Path(documents).is_dir() else QDir.homePath()
    assert dialogs.start_dir() == expected

    save = dialogs.file_dialog(
        None, "另存为PDF", "PDF 文件 (*.pdf)", save=True, suggested="收据_3301R00000042.pdf"
    )
    qtbot.addWidget(save)
    assert save.testOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own: translated, same everywhere
    assert Path(save.directory().absolutePath()) == Path(expected)
    shown = texts(save)
    assert {"查找范围：", "文件名：", "文件类型：", "保存", "取消"} <= set(shown)
    assert not any(re.search(r"Look in|File name|Files of type|&Save|Cancel", t) for t in shown), shown
    assert save.defaultSuffix() == "pdf" and save.selectedFiles()[0].endswith("收据_3301R00000042.pdf")

    open_ = dialogs.file_dialog(None, "选择抄表数据文件", "CSV 文件 (*.csv);;所有文件 (*)", save=False)
    qtbot.addWidget(open_)
    assert {"查找范围：", "文件名：", "文件类型：", "打开", "取消"} <= set(texts(open_))
    assert open_.fileMode() == QFileDialog.FileMode.ExistingFile


def test_file_dialogs_remember_the_last_folder_and_close_on_escape(qtbot, chinese, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialogs = Dialogs()
    folder = tmp_path / "报表"
    folder.mkdir()

    def type_name_and_enter() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, QFileDialog):
            QTimer.singleShot(20, type_name_and_enter)
            return
        name = modal.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(folder / "日结报表"))
        qtbot.keyClick(name, Qt.Key.Key_Return)

    QTimer.singleShot(0, type_name_and_enter)
    path = dialogs.save_file(None, "另存为PDF", "日结报表.pdf", "PDF 文件 (*.pdf)")
    assert Path(path) == folder / "日结报表.pdf"  # the suffix of the filter is added
    assert dialogs.last_dir == str(folder) and dialogs.start_dir() == str(folder)
    again = dialogs.file_dialog(None, "选择账单文件", "CSV 文件 (*.csv)", save=False)
    qtbot.addWidget(again)
    assert Path(again.directory().absolutePath()) == folder

    seen: list[str] = []
    escape_when_shown(qtbot, seen)
    assert dialogs.open_file(None, "选择账单文件", "CSV 文件 (*.csv)") == ""
    assert seen == ["选择账单文件"]
    escape_when_shown(qtbot, seen)
    assert dialogs.save_file(None, "另存为PDF", "收据.pdf", "PDF 文件 (*.pdf)") == ""
    assert seen == ["选择账单文件", "另存为PDF"]
    assert dialogs.last_dir == str(folder)  # a cancelled dialog changes nothing


def test_the_lock_screen_is_the_one_window_escape_does_not_close(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    lock = LockScreen(ui_ctx)
    qtbot.addWidget(lock)
    show_modal(qtbot, lock)
    for widget in focus_stops(lock):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Escape)
        assert lock.isVisible()
