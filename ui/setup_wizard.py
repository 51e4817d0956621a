"""First-start setup (首次设置): this counter's node, the hall, the administrator, demo data.

One page, not a multi-page wizard: the service validates everything at once, and every
message must be visible next to its field (a node-code error should not hide on page 1
while the clerk looks at page 2). Enter walks the fields; Enter on the last one finishes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from app.config import Settings
from app.dto.common import NodeInfo
from app.services.setup import SetupInput, initialize
from ui.dialogs import Dialogs
from ui.forms import ok_cancel_buttons
from ui.i18n import fill
from ui.tasks import Failure, TaskRunner
from ui.widgets import (
    EnterNavigator,
    ErrorLabel,
    FormField,
    clear_errors,
    error_message,
    focus_editor,
    heading,
    keep_height_for_width,
    muted,
)

if TYPE_CHECKING:
    from ui.context import Database  # the one sanctioned db type, via UiContext's module

log = logging.getLogger(__name__)

DEMO_CUSTOMERS = 2000
DEMO_SEED = 1
#: Months of readings, bills and counter payments each demo customer gets (docs/rules.md#demo-data).
DEMO_MONTHS = 24

#: ``seed(db, settings, customers=, seed=, progress=) -> report``; tests pass a fake.
SeedFunction = Callable[..., str]


def _default_seed(db: Database, settings: Settings, customers: int, seed: int,
                  progress: Callable[[int, int], None] | None = None) -> str:
    from app.demo import seed_demo  # heavy (name tables, bill engine): imported only when asked for

    return seed_demo(db, settings, customers=customers, seed=seed, progress=progress, months=DEMO_MONTHS,
                     applications=True)


class _Progress(QObject):
    """Carries the worker thread's progress to the UI thread (a queued signal)."""

    changed = Signal(int, int)


class SetupWizard(QDialog):
    """``accepted`` once the database is initialised (``self.node``); ``rejected`` = quit."""

    def __init__(self, settings: Settings, db: Database, tasks: TaskRunner, dialogs: Dialogs,
                 seed: SeedFunction | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.db = db
        self.tasks = tasks
        self.dialogs = dialogs
        self.seed = seed or _default_seed
        self.node: NodeInfo | None = None
        self.demo_report = ""
        self._busy = False
        self._progress_dialog: QProgressDialog | None = None
        self._progress_total, self._progress_phase = -1, 0
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("首次设置 — GridCounter 电力营业厅柜台业务系统"))
        self._build_editors()
        self._build_fields()
        hall = self._build_hall_group()
        admin = self._build_admin_group()
        buttons = self._build_buttons()
        self._layout(hall, admin, buttons)
        self._connect_keys()

    def _line(self, name: str, max_len: int, placeholder: str = "", password: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setMaxLength(max_len)
        edit.setPlaceholderText(placeholder)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _build_editors(self) -> None:
        line = self._line
        self.node_code = line("node_code", 8, self.tr("4位数字，如 3301"))
        self.node_name = line("node_name", 60, self.tr("如 城东营业厅"))
        self.company = line("company", 60, self.tr("如 国网杭州供电公司"))
        self.admin_username = line("admin_username", 32)
        self.admin_username.setText("admin")
        self.admin_display_name = line("admin_display_name", 30)
        self.admin_display_name.setText(self.tr("系统管理员"))
        self.admin_password = line("admin_password", 128, self.tr("至少8位，含字母和数字"), password=True)
        self.admin_password_again = line("admin_password_again", 128, self.tr("再输入一次"), password=True)
        self.demo = QCheckBox(fill(self.tr("载入演示数据（%1户演示客户及其%2个月的账单和缴费、演示营业员账号，供培训和试用）"), str(DEMO_CUSTOMERS), str(DEMO_MONTHS)), self)
        self.demo.setObjectName("demo")

    def _build_fields(self) -> None:
        """Each editor in a FormField (its error under it), and the general error line."""
        self.fields = {name: FormField(getattr(self, name), self) for name in (
            "node_code", "node_name", "company", "admin_username", "admin_display_name", "admin_password",
            "admin_password_again")}
        self.error = ErrorLabel(self)
        self.error.setObjectName("setupError")

    def _build_hall_group(self) -> QGroupBox:
        """营业厅: node code, name, company."""
        hall = QGroupBox(self.tr("营业厅"), self)
        hall.setProperty("setup", True)  # QGroupBox[setup="true"]::title in the style sheet
        hall_form = QFormLayout(hall)
        self._tune(hall_form)
        hall_form.addRow(self._label(self.tr("节点编码")), self.fields["node_code"])
        hall_form.addRow(self._label(self.tr("营业厅名称")), self.fields["node_name"])
        hall_form.addRow(self._label(self.tr("供电公司")), self.fields["company"])
        return hall

    def _build_admin_group(self) -> QGroupBox:
        """系统管理员: the first account."""
        admin = QGroupBox(self.tr("系统管理员"), self)
        admin.setProperty("setup", True)
        admin_form = QFormLayout(admin)
        self._tune(admin_form)
        admin_form.addRow(self._label(self.tr("用户名")), self.fields["admin_username"])
        admin_form.addRow(self._label(self.tr("姓名")), self.fields["admin_display_name"])
        admin_form.addRow(self._label(self.tr("密码")), self.fields["admin_password"])
        admin_form.addRow(self._label(self.tr("确认密码")), self.fields["admin_password_again"])
        return admin

    def _build_buttons(self) -> QHBoxLayout:
        self.finish_button, self.quit_button, buttons = ok_cancel_buttons(
            self, self.tr("完成设置"), self.submit, self.tr("退出"), name="setup")
        buttons.insertWidget(0, muted(self.tr("Enter 下一项 · Esc 退出"), self))
        return buttons

    def _layout(self, hall: QGroupBox, admin: QGroupBox, buttons: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("欢迎使用 GridCounter 电力营业厅柜台业务系统"), 20, parent=self))
        layout.addWidget(muted(self.tr(
            "这是本数据库第一次启动。请填写本营业厅的信息，并创建系统管理员账户；管理员登录后可再添加营业员。"
            "节点编码是本营业厅户号的前缀，设置后不能修改。"), self))
        layout.addWidget(muted(fill(self.tr("数据库：%1"), self.db.display_url), self))
        layout.addWidget(hall)
        layout.addWidget(admin)
        layout.addWidget(self.demo)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # The demo check box does not wrap: wide enough for its English text too.
        self.setMinimumWidth(max(620, self.demo.sizeHint().width() + 56))
        keep_height_for_width(self)

    def _connect_keys(self) -> None:
        """Enter down the fields; on the last one it finishes."""
        EnterNavigator([self.node_code, self.node_name, self.company, self.admin_username,
                        self.admin_display_name, self.admin_password, self.admin_password_again, self.demo],
                       self.submit, self)
        self.node_code.setFocus()

    def _label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setMinimumWidth(84)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    @staticmethod
    def _tune(form: QFormLayout) -> None:
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        form.setContentsMargins(16, 18, 16, 12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def setup_input(self) -> SetupInput:
        return SetupInput(self.node_code.text(), self.node_name.text(), self.company.text(),
                          self.admin_username.text(), self.admin_display_name.text(),
                          self.admin_password.text(), self.admin_password_again.text())

    # ---- flow -----------------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.finish_button.setEnabled(not busy)
        self.quit_button.setEnabled(not busy)
        self.finish_button.setText(self.tr("正在设置…") if busy else self.tr("完成设置"))

    def submit(self) -> None:
        if self._busy:
            return
        clear_errors(self.fields, self.error)
        data = self.setup_input()
        self._set_busy(True)
        db = self.db
        self.tasks.run(lambda: initialize(db, data), self._initialized, always=lambda: self._set_busy(False),
                       failure=Failure(self.fields, self.error, what="first-start setup"))

    def _initialized(self, node: NodeInfo) -> None:
        self.node = node
        log.info("initialised node %s %s", node.code, node.name)
        if self.demo.isChecked():
            self._set_busy(True)  # the runner's ``always`` released it: the demo data loads next
            self._load_demo()
        else:
            self.accept()

    def _load_demo(self) -> None:
        progress = QProgressDialog(self.tr("正在生成演示数据…"), "", 0, DEMO_CUSTOMERS, self)
        progress.setObjectName("demoProgress")
        progress.setWindowTitle(self.tr("载入演示数据"))
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(420)
        progress.setValue(0)
        progress.show()
        self._progress_dialog = progress
        self._progress_total, self._progress_phase = -1, 0
        relay = _Progress(self)
        relay.changed.connect(self._progress)
        db, settings, seed = self.db, self.settings, self.seed
        self.tasks.run(
            lambda: seed(db, settings, customers=DEMO_CUSTOMERS, seed=DEMO_SEED,
                         progress=lambda done, total: relay.changed.emit(int(done), int(total))),
            self._demo_done, self._demo_failed)

    def _progress(self, done: int, total: int) -> None:
        dialog = self._progress_dialog
        if dialog is None:
            return
        # Label first: a modal QProgressDialog.setValue() runs the event loop, which may
        # deliver the end of the job (and close this dialog) before it returns.
        # seed_demo reports the customers first, then the months of bills: a new total means
        # the next phase, and the label says which one so "5 / 24" is not read as customers.
        if total != self._progress_total:
            self._progress_total = total
            self._progress_phase += 1
        text = (self.tr("正在生成演示客户… %1 / %2 户") if self._progress_phase <= 1
                else self.tr("正在生成演示抄表、账单和缴费… %1 / %2 个月"))
        dialog.setLabelText(fill(text, str(done), str(total)))
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def _close_progress(self) -> None:
        if self._progress_dialog is not None:
            self._progress_dialog.close()
            self._progress_dialog.deleteLater()
            self._progress_dialog = None

    def _demo_done(self, report: str) -> None:
        self._close_progress()
        self.demo_report = str(report)
        self.dialogs.info(self, self.tr("演示数据已载入"), self.demo_report)
        self._set_busy(False)
        self.accept()

    def _demo_failed(self, exc: BaseException) -> None:
        # Not the runner's default: the setup itself succeeded, so the message says the demo data
        # is optional and the wizard still closes.
        self._close_progress()
        detail = error_message(exc, "loading demo data")
        self.dialogs.error(self, self.tr("载入演示数据失败"), fill(self.tr(
            "系统已完成设置，但演示数据未能载入：%1\n可稍后运行 “main.py seed-demo” 再载入。"), detail))
        self._set_busy(False)
        self.accept()

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def focus_first_error(self) -> None:
        for field in self.fields.values():
            if field.error_text():
                focus_editor(field.editor)
                return
