"""账单导入: ready-made bills from the central billing system (the page, and the small controller
that runs the import on the task runner). Same look and error table as 抄表导入."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import ValidationErrors
from app.dto.billing import BillImportReport
from app.services import bill_import
from ui.billing_admin.pages import CsvImportPage
from ui.context import UiContext
from ui.formatting import yuan
from ui.i18n import fill
from ui.widgets import EnterNavigator, FormField, focus_editor, heading, muted

_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def read_and_import_bills(db, actor, path: str, issue_date: dt.date, *, settings) -> BillImportReport:  # type: ignore[no-untyped-def]
    """Worker side of 账单导入: the file is streamed off the UI thread too (it may be on a share)."""
    return bill_import.import_bills_csv(db, actor, Path(path), issue_date=issue_date, settings=settings)


class IssueDateField(FormField):
    """出账日期 for rows that do not carry their own (default today)."""

    def __init__(self, parent: QWidget, name: str) -> None:
        edit = QLineEdit(parent)
        edit.setObjectName(name)
        edit.setMaxLength(10)
        edit.setPlaceholderText("YYYY-MM-DD")
        edit.setText(dt.date.today().isoformat())
        edit.setFixedWidth(140)
        super().__init__(edit, parent)
        self.edit = edit

    def value(self) -> dt.date | None:
        m = _DATE_RE.fullmatch(unicodedata.normalize("NFKC", self.edit.text()).strip())
        if m is None:
            return None
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None

    def check(self) -> bool:
        day = self.value()
        if day is None:
            message = self.tr("日期格式应为 YYYY-MM-DD，如 2026-04-03")
        elif day > dt.date.today():
            message = self.tr("出账日期不能晚于今天")
        else:
            message = ""
        self.set_error(message)
        if message:
            focus_editor(self.edit)
        return not message


class BillImportPage(CsvImportPage):
    """Choose a CSV (F12 / Ctrl+O), the default issue date, Enter: the report and its row errors."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "billImport", QCoreApplication.translate("BillImportPage", "账单文件"), "F12")
        self.issue = IssueDateField(self, "billIssueDate")
        self.navigator = EnterNavigator([self.issue.edit], self.importRequested.emit, self)

        date_row = QHBoxLayout()
        date_row.addWidget(QLabel(self.tr("出账日期"), self))
        date_row.addWidget(self.issue, 0, Qt.AlignmentFlag.AlignTop)
        date_row.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignTop)
        issue_hint = muted(self.tr("文件中未填出账日期的行按此日期出账"), self)
        issue_hint.setWordWrap(False)
        issue_hint.setContentsMargins(8, 8, 0, 0)
        date_row.addWidget(issue_hint, 0, Qt.AlignmentFlag.AlignTop)
        date_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("账单导入"), 20, parent=self))
        description = muted(self.tr(
            "导入营销系统等外部核算好的电费账单：必需列 户号、账期（YYYY-MM）、电量(kWh)、金额(元)（最多两位小数）；"
            "可选 出账日期、缴费截止日（默认出账日期后按规定天数）、备注。UTF-8 或 GBK 编码均可。"
            "导入的账单与核算的账单一样计违约金、收费，有预存的自动抵扣。只要有一行出错，整批都不导入。"), self)
        description.setWordWrap(True)
        layout.addWidget(description)
        layout.addLayout(self.file_row)
        layout.addLayout(date_row)
        layout.addWidget(self.result_card, 1)
        layout.addStretch(0)
        layout.addWidget(muted(self.tr("F12 选择文件 · 在出账日期框按 Enter 导入 · 错误表中 ↑↓ 查看各行"), self))

    def show_report(self, report: BillImportReport) -> None:
        encoding = report.encoding.upper() if report.encoding else ""
        if report.ok:
            self.result.setText(fill(self.tr("✔ 已导入 %1 张账单，合计 %2"), str(report.imported), yuan(report.total_fen)))
            detail = (fill(self.tr("账单号 %1 – %2 · 账期 %3 · 电量 %4 kWh · 文件编码 %5"), report.first_bill_no, report.last_bill_no, "、".join(report.periods), f"{report.kwh:,}", encoding))
            if report.offsets:
                detail += fill(self.tr(" · %1 户以预存抵扣 %2"), str(report.offsets), yuan(report.offset_fen))
            self.result_detail.setText(detail)
        self._show_errors(report.ok, report.errors, report.rows, encoding,
                          self.tr("✖ 发现 %1 处错误，未导入任何账单"))

    def show_failure(self, message: str) -> None:
        self._show_failure(message, self.tr("✖ 导入失败，未导入任何账单"))


class BillImportController(QObject):
    """Runs 账单导入 for the module: file choice, the task, the report. ``say`` shows a message,
    ``changed`` lets the module refresh its actions, ``unexpected`` words an error."""

    def __init__(self, ctx: UiContext, page: BillImportPage, say: Callable[[str], None],
                 changed: Callable[[], None], unexpected: Callable[[str, BaseException], str]) -> None:
        super().__init__(page)
        self.ctx, self.page = ctx, page
        self.say, self.changed, self.unexpected = say, changed, unexpected
        self.importing = False
        self.csv_path = ""
        self.last_report: BillImportReport | None = None
        page.chooseRequested.connect(self.choose_file)
        page.importRequested.connect(self.run_import)

    def focus(self) -> None:
        self.page.issue.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.page.issue.edit.selectAll()

    def choose_file(self) -> None:
        if self.importing:
            return
        path = self.ctx.dialogs.open_file(self.page, self.tr("选择账单文件"),
                                          self.tr("账单数据 (*.csv *.txt);;所有文件 (*)"))
        if path:
            self.csv_path = path
            self.page.path.setText(path)
            self.page.path.setToolTip(path)
            self.say(fill(self.tr("已选择 %1，确认出账日期后按 Enter 导入"), Path(path).name))
        self.focus()

    def run_import(self) -> None:
        if self.importing:
            return
        if not self.csv_path:
            self.say(self.tr("请先选择账单文件（F12 或 Ctrl+O）"))
            self.choose_file()
            if not self.csv_path:
                return
        if not self.page.issue.check():
            return
        issue, path = self.page.issue.value(), self.csv_path
        assert issue is not None and self.ctx.actor is not None
        self.importing = True
        self.page.set_busy(True)
        self.changed()
        self.say(fill(self.tr("正在导入 %1 …"), Path(path).name))
        ctx, actor = self.ctx, self.ctx.actor
        ctx.tasks.run(lambda: read_and_import_bills(ctx.db, actor, path, issue, settings=ctx.settings),
                      self._imported, self._failed)

    def _done(self) -> None:
        self.importing = False
        self.page.set_busy(False)
        self.changed()

    def _imported(self, report: BillImportReport) -> None:
        self.last_report = report
        self._done()
        self.page.show_report(report)
        if report.ok:
            self.say(fill(self.tr("账单导入完成：%1 张，合计 %2"), str(report.imported), yuan(report.total_fen)))
        else:
            self.say(fill(self.tr("账单文件有 %1 处错误，未导入任何账单"), str(len(report.errors))))

    def _failed(self, exc: BaseException) -> None:
        # Not the runner's default: an OSError names the file's problem; page and status line.
        self._done()
        message = self.unexpected(self.tr("账单导入失败"), exc)
        if isinstance(exc, ValidationErrors) and "issue_date" in exc.by_field():
            self.page.issue.set_error(exc.by_field()["issue_date"])
        self.page.show_failure(message)
        self.say(message)
