"""Billing administration (电费管理): 抄表导入, 账单导入, 电费核算 and, for administrators, 电价管理.

Contract with the main window: ``BillingAdminModule(ctx, parent)``, ``actions()`` (F9 抄表导入,
F12 账单导入, F10 电费核算, F11 电价管理, Ctrl+O 选择文件 (of the import page shown), Ins 新建电价版本,
F5 刷新), ``can_close()``,
``focus_search()``, ``statusMessage`` and ``BillingAdminModule.visible_for(actor)``.
Every service call runs on the task runner; the services enforce the roles.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.config import Settings
from app.domain.errors import ValidationError, ValidationErrors
from app.dto.billing import BillRunReport, TariffVersionRow
from app.dto.common import Actor, ImportReport
from app.services import bill_run, readings
from app.services import tariffs as tariff_service
from app.services.permissions import allowed
from ui.billing_admin.bill_import import BillImportController, BillImportPage
from ui.billing_admin.pages import ComputePage, ImportPage, TariffsPage, _button
from ui.billing_admin.tariff_day import attach_day_preview
from ui.billing_admin.tariff_editor import TariffEditorDialog
from ui.context import UiContext
from ui.i18n import fill, localize
from ui.tasks import Failure
from ui.widgets import error_message

log = logging.getLogger(__name__)


def read_and_import(db, actor: Actor, path: str, period: str, *, settings: Settings) -> ImportReport:  # type: ignore[no-untyped-def]
    """Worker side of 抄表导入: the file is streamed off the UI thread too (it may be on a share)."""
    return readings.import_readings_csv(db, actor, Path(path), period, settings=settings)


def period_message(exc: BaseException) -> str:
    """The message about the period field, when the service refused the period."""
    if isinstance(exc, ValidationErrors):
        return localize(exc.by_field().get("period", ""))
    if isinstance(exc, ValidationError) and exc.field == "period":
        return localize(exc.message)
    return ""


class _Progress(QObject):
    """Lives on the UI thread; the bill run calls ``report`` from the worker and Qt queues the
    signal back here."""

    changed = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        self.changed.emit(done, total)


class BillingAdminModule(QWidget):
    statusMessage = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.ctx = ctx
        self.setObjectName("billingAdminModule")
        actor = ctx.actor
        self.can_import = allowed(actor, "bill.import")
        self.can_compute = allowed(actor, "bill.compute")
        self.can_manage_tariffs = allowed(actor, "tariff.manage")
        # Supervisors may read the catalogue (bill.view); only administrators add versions.
        self.can_view_tariffs = self.can_manage_tariffs or allowed(actor, "bill.view")
        self.importing = False
        self.computing = False
        self.loading_tariffs = False
        self.csv_path = ""
        self.last_import: ImportReport | None = None
        self.last_run: BillRunReport | None = None
        self.last_outlook: bill_run.BillRunOutlook | None = None
        self._default_period_loading = False
        self.default_period_loaded = False

        self._build_actions()
        self._build_pages()
        self._add_tabs()
        self._build_layout()
        self._tariffs_loaded = False
        self._update_actions()

    # ---- building ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        """The module's keys (F9 抄表导入, F12 账单导入, F10 电费核算, F11 电价管理, Ins, F5, Ctrl+O)."""
        self.import_action = self._action(self.tr("抄表导入"), [QKeySequence(Qt.Key.Key_F9)], self.choose_and_import)
        self.bills_action = self._action(self.tr("账单导入"), [QKeySequence(Qt.Key.Key_F12)],
                                         self.choose_and_import_bills)
        self.choose_action = self._action(self.tr("选择导入文件"), [QKeySequence("Ctrl+O")], self.choose_file)
        self.compute_action = self._action(self.tr("电费核算"), [QKeySequence(Qt.Key.Key_F10)], self.go_compute)
        self.tariffs_action = self._action(self.tr("电价管理"), [QKeySequence(Qt.Key.Key_F11)], self.go_tariffs)
        self.new_version_action = self._action(self.tr("新建电价版本"), [QKeySequence(Qt.Key.Key_Insert)],
                                               self.new_version)
        self.refresh_action = self._action(self.tr("刷新"), [QKeySequence(Qt.Key.Key_F5)], self.refresh)

    def _build_pages(self) -> None:
        """The tab widget and every page (whether each is shown depends on the actor's rights)."""
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("billingTabs")
        self.tabs.setDocumentMode(True)
        self.import_page = ImportPage(self)
        self.import_page.chooseRequested.connect(self.choose_file)
        self.import_page.importRequested.connect(self.run_import)
        self.bills_page = BillImportPage(self)
        self.bills = BillImportController(self.ctx, self.bills_page, self._say, self._update_actions, self._unexpected)
        self.compute_page = ComputePage(self)
        self.compute_page.computeRequested.connect(self.run_compute)
        self.tariffs_page = TariffsPage(self)
        # 某日时段 under the version detail (pages.py owns the page; the preview lives in tariff_day.py).
        self.day_preview = attach_day_preview(self.tariffs_page, self.tariffs_page.detail, self.tariffs_page.selected)

    def _add_tabs(self) -> None:
        """The pages the actor may use, with the tariff page's buttons for those who manage tariffs."""
        if self.can_import:
            self.tabs.addTab(self.import_page, self.tr("抄表导入 (F9)"))
            self.tabs.addTab(self.bills_page, self.tr("账单导入 (F12)"))
        if self.can_compute:
            self.tabs.addTab(self.compute_page, self.tr("电费核算 (F10)"))
        if self.can_view_tariffs:
            if self.can_manage_tariffs:
                self.tariffs_page.add_button("new", _button(self.tr("新建版本 (Ins)"), "newTariffButton", self))
                self.tariffs_page.buttons["new"].clicked.connect(self.new_version_action.trigger)
            self.tariffs_page.add_button("refresh", _button(self.tr("刷新 (F5)"), "refreshTariffsButton", self))
            self.tariffs_page.buttons["refresh"].clicked.connect(self.refresh_action.trigger)
            self.tabs.addTab(self.tariffs_page, self.tr("电价管理 (F11)"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())

    def _build_layout(self) -> None:
        """The tabs over the status line."""
        self.message = QLabel(self)
        self.message.setObjectName("billingMessage")
        self.message.setStyleSheet("padding: 0 20px 6px 20px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    # ---- contract with the main window ------------------------------------------------------

    @staticmethod
    def visible_for(actor: Actor) -> bool:
        """Supervisors and administrators (抄表导入、账单导入、电费核算; 电价管理 for administrators)."""
        return allowed(actor, "bill.import") or allowed(actor, "bill.compute") or allowed(actor, "tariff.manage")

    def actions(self) -> list[QAction]:  # type: ignore[override]
        result: list[QAction] = []
        if self.can_import:
            result += [self.import_action, self.bills_action, self.choose_action]
        if self.can_compute:
            result.append(self.compute_action)
        if self.can_view_tariffs:
            result.append(self.tariffs_action)
        if self.can_manage_tariffs:
            result.append(self.new_version_action)
        return [*result, self.refresh_action]

    def can_close(self) -> bool:
        """An import or a bill run writes in one transaction: let it finish first."""
        if self.importing or self.bills.importing or self.computing:
            self._say(self.tr("正在导入或核算，请等待完成后再退出"))
            return False
        return True

    def focus_search(self) -> None:
        page = self.tabs.currentWidget()
        if page is self.import_page:
            focus = self.import_page.period.edit
            focus.setFocus(Qt.FocusReason.ShortcutFocusReason)
            focus.selectAll()
        elif page is self.bills_page:
            self.bills.focus()
        elif page is self.compute_page:
            self.compute_page.period.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.compute_page.period.edit.selectAll()
        elif page is self.tariffs_page:
            self.tariffs_page.focus_table()

    # ---- helpers ------------------------------------------------------------------------------

    def _action(self, text: str, shortcuts: list[QKeySequence], slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(shortcuts)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.statusMessage.emit(text)

    def _unexpected(self, title: str, exc: BaseException) -> str:
        """The message of a failed task (see ui.widgets.error_message); a file that cannot be
        read says so."""
        if isinstance(exc, OSError):
            return fill(self.tr("无法读取文件：%1"), exc.strerror or str(exc))
        return error_message(exc, "a billing-administration task")  # the log is English; ``title`` is for the screen

    def _actor(self) -> Actor:
        assert self.ctx.actor is not None
        return self.ctx.actor

    def _update_actions(self) -> None:
        self.import_action.setEnabled(self.can_import and not self.importing)
        self.bills_action.setEnabled(self.can_import and not self.bills.importing)
        self.choose_action.setEnabled(self.can_import)
        self.compute_action.setEnabled(self.can_compute)
        self.new_version_action.setEnabled(
            self.can_manage_tariffs and self.tabs.currentWidget() is self.tariffs_page
            and self.tariffs_page.selected() is not None)
        if "new" in self.tariffs_page.buttons:
            self.tariffs_page.buttons["new"].setEnabled(self.new_version_action.isEnabled())
        self.import_page.set_busy(self.importing)
        self.compute_page.set_busy(self.computing)

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.tariffs_page and not self._tariffs_loaded:
            self.refresh_tariffs()
        if self.tabs.currentWidget() is self.compute_page:
            self.load_default_period()
        self._update_actions()
        self.focus_search()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        if self.tabs.currentWidget() is self.tariffs_page and not self._tariffs_loaded:
            self.refresh_tariffs()
        if self.tabs.currentWidget() is self.compute_page:
            self.load_default_period()

    def refresh(self) -> None:
        if self.tabs.currentWidget() is self.tariffs_page:
            self.refresh_tariffs()

    # ---- 抄表导入 ----------------------------------------------------------------------------

    def choose_and_import(self) -> None:
        """F9: to the import page, pick the file; then Enter in the period imports."""
        if not self.can_import:
            return
        self.tabs.setCurrentWidget(self.import_page)
        self.choose_file()

    def choose_and_import_bills(self) -> None:
        """F12: to 账单导入, pick the file; then Enter in the issue date imports."""
        if not self.can_import:
            return
        self.tabs.setCurrentWidget(self.bills_page)
        self.bills.choose_file()

    def choose_file(self) -> None:
        """Ctrl+O: the file of the import page shown (抄表导入 unless 账单导入 is shown)."""
        if self.can_import and self.tabs.currentWidget() is self.bills_page:
            self.bills.choose_file()
            return
        if not self.can_import or self.importing:
            return
        self.tabs.setCurrentWidget(self.import_page)
        path = self.ctx.dialogs.open_file(self, self.tr("选择抄表数据文件"),
                                          self.tr("抄表数据 (*.csv *.txt);;所有文件 (*)"))
        if path:
            self.csv_path = path
            self.import_page.path.setText(path)
            self.import_page.path.setToolTip(path)
            self._say(fill(self.tr("已选择 %1，确认抄表期间后按 Enter 导入"), Path(path).name))
        self.focus_search()

    def run_import(self) -> None:
        if not self.can_import or self.importing:
            return
        page = self.import_page
        if not self.csv_path:
            self._say(self.tr("请先选择抄表文件（F9 或 Ctrl+O）"))
            self.choose_file()
            if not self.csv_path:
                return
        if not page.period.check():
            return
        period, path = page.period.value(), self.csv_path
        self.importing = True
        self._update_actions()
        self._say(fill(self.tr("正在导入 %1 …"), Path(path).name))
        ctx, actor = self.ctx, self._actor()
        ctx.tasks.run(lambda: read_and_import(ctx.db, actor, path, period, settings=ctx.settings), self._imported, self._import_failed)

    def _imported(self, report: ImportReport) -> None:
        self.importing = False
        self.last_import = report
        self._update_actions()
        self.import_page.show_report(report)
        if report.ok:
            self._say(fill(self.tr("抄表导入完成：%1 行"), str(report.imported)))
        else:
            self._say(fill(self.tr("抄表文件有 %1 处错误，未导入任何数据"), str(len(report.errors))))

    def _import_failed(self, exc: BaseException) -> None:
        # Not the runner's default: an OSError names the file's problem; page and status line.
        self.importing = False
        self._update_actions()
        message = self._unexpected(self.tr("抄表导入失败"), exc)
        period_error = period_message(exc)
        if period_error:
            self.import_page.period.set_error(period_error)
        self.import_page.show_failure(message)
        self._say(message)

    # ---- 电费核算 ----------------------------------------------------------------------------

    def go_compute(self) -> None:
        if not self.can_compute:
            return
        self.tabs.setCurrentWidget(self.compute_page)
        self.focus_search()

    def load_default_period(self) -> None:
        """The period field starts at the latest imported period that still has customers to
        bill (read off the UI thread, each time the page is shown, so a period just imported is
        offered); a period the supervisor typed is kept."""
        if not self.can_compute or self._default_period_loading or self.compute_page.period_edited:
            return
        self._default_period_loading = True
        ctx, actor = self.ctx, self._actor()

        def answered() -> None:
            self._default_period_loading = False
            self.default_period_loaded = True

        def done(outlook: bill_run.BillRunOutlook | None) -> None:
            edit = self.compute_page.period.edit
            if outlook is not None and not self.compute_page.period_edited:
                edit.setText(outlook.period)
                if edit.hasFocus():
                    edit.selectAll()

        # The default period is only a suggestion: a failed read is logged, not shown.
        ctx.tasks.run(lambda: bill_run.bill_run_outlook(ctx.db, actor), done, always=answered,
                      failure=Failure(what="reading the default bill-run period"))

    def run_compute(self) -> None:
        """Enter: count who would be billed, then ask with that number; nothing to bill is said
        at once, without a question and without a run."""
        if not self.can_compute or self.computing:
            return
        page = self.compute_page
        if not page.period.check():
            return
        period = page.period.value()
        self.computing = True
        self._update_actions()
        ctx, actor = self.ctx, self._actor()
        ctx.tasks.run(lambda: bill_run.bill_run_outlook(ctx.db, actor, period), self._outlook_ready,
                      self._compute_failed)

    def _outlook_ready(self, outlook: bill_run.BillRunOutlook | None) -> None:
        self.computing = False
        self._update_actions()
        if outlook is None:
            return
        self.last_outlook = outlook
        period = outlook.period
        if not outlook.to_bill:
            self.compute_page.show_nothing_to_bill(period, outlook.already_billed)
            self._say(fill(self.tr("%1 期没有需要出账的客户，未执行核算"), period))
            return
        question = fill(self.tr("为 %1 期已抄表、尚未出账的 %2 户客户计算并发行电费账单？"), period, f"{outlook.to_bill:,}")
        if outlook.already_billed:
            question += "\n" + fill(self.tr("（另有 %1 户本期已出账，将跳过）"), f"{outlook.already_billed:,}")
        question += "\n" + self.tr("账单发行后不可修改，更正须开退补账单。")
        if not self.ctx.dialogs.confirm(self, self.tr("电费核算"), question):
            self.focus_search()
            return
        self.computing = True
        self._update_actions()
        self._say(fill(self.tr("正在核算 %1 期电费…"), period))
        ctx, actor = self.ctx, self._actor()
        progress = _Progress(self)
        progress.changed.connect(self._compute_progress)
        self._progress: _Progress | None = progress
        ctx.tasks.run(lambda: bill_run.compute_bills(ctx.db, actor, period, progress=progress.report),
                      self._computed, self._compute_failed)

    def _compute_progress(self, done: int, total: int) -> None:
        if self.computing and total:
            self.compute_page.run_button.setText(fill(self.tr("正在核算… %1 / %2"), f"{done:,}", f"{total:,}"))

    def _drop_progress(self) -> None:
        progress, self._progress = getattr(self, "_progress", None), None
        if progress is not None:
            progress.deleteLater()

    def _computed(self, report: BillRunReport) -> None:
        self._drop_progress()
        self.computing = False
        self.last_run = report
        self._update_actions()
        self.compute_page.show_report(report)
        self._say(fill(self.tr("%1 期电费核算完成：发行 %2 张账单"), report.period, str(report.bills)))

    def _compute_failed(self, exc: BaseException) -> None:
        # Not the runner's default: the progress closes; page and status line.
        self._drop_progress()
        self.computing = False
        self._update_actions()
        message = self._unexpected(self.tr("电费核算失败"), exc)
        period_error = period_message(exc)
        if period_error:
            self.compute_page.period.set_error(period_error)
        self.compute_page.show_failure(message)
        self._say(message)

    # ---- 电价管理 ----------------------------------------------------------------------------

    def go_tariffs(self) -> None:
        if not self.can_view_tariffs:
            return
        self.tabs.setCurrentWidget(self.tariffs_page)
        self.tariffs_page.focus_table()

    def refresh_tariffs(self, keep: uuid.UUID | None = None) -> None:
        if not self.can_view_tariffs or self.loading_tariffs:
            return
        self.loading_tariffs = True
        current = self.tariffs_page.selected()
        keep = keep or (current.id if current else None)
        ctx, actor = self.ctx, self._actor()

        def done(rows: list[TariffVersionRow]) -> None:
            self.loading_tariffs = False
            self._tariffs_loaded = True
            self.tariffs_page.set_rows(rows, keep)
            self._update_actions()

        def settle() -> None:
            self.loading_tariffs = False

        ctx.tasks.run(lambda: tariff_service.list_tariffs(ctx.db, actor), done, always=settle,
                      failure=Failure(status=self._say, dialogs=self.ctx.dialogs, parent=self,
                                      title=self.tr("读取电价目录失败"), what="reading the tariffs"))

    def new_version(self) -> None:
        if not self.can_manage_tariffs:
            return
        if self.tabs.currentWidget() is not self.tariffs_page:
            self.go_tariffs()
            return
        base = self.tariffs_page.selected()
        if base is None:
            self._say(self.tr("请先在列表中选择作为底稿的电价版本"))
            return
        latest = max(r.effective_from for r in self.tariffs_page.model.rows() if r.code == base.code)
        dialog = TariffEditorDialog(self.ctx, base, self, latest=latest)
        try:
            result = self.ctx.dialogs.run(dialog)
            saved = dialog.saved
        finally:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and saved is not None:
            text = fill(self.tr("已保存电价 %1 的新版本，%2 起生效"), saved.code, saved.effective_from.isoformat())
            if saved.warnings:
                sep = self.tr("；")
                text += sep + sep.join(localize(w) for w in saved.warnings)
            self._say(text)
            self.refresh_tariffs(keep=saved.id)
        self.tariffs_page.focus_table()
