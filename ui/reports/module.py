"""报表 (docs/reports.md): the supervisor's daily reports — 营业厅收费汇总, 欠费清单, 退补 / 冲正 /
退费清单, 发行账单清单 — chosen in the option bar, run on the task runner, shown in a table
with its totals row, printed through the preview (Ctrl+P) and exported to xlsx (Ctrl+E) or
CSV (Ctrl+Shift+E) through the dialogs seam. Clerks see the arrears list only, phones masked.

Contract with the main window: ``ReportsModule(ctx, parent)``, ``actions()``,
``statusMessage``, ``focus_search()`` and ``ReportsModule.visible_for(actor)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import ValidationError
from app.domain.money import parse_amount
from app.dto.common import Actor
from app.dto.reports import ReportTable
from app.printing.reports import render_report
from app.services import report_export, reports
from app.services.permissions import allowed
from ui.context import UiContext
from ui.i18n import fill
from ui.printing.show import show_pdf_later
from ui.report_table import ReportModel
from ui.reports.options import Choice, OptionBar
from ui.tables import fit_columns, make_table
from ui.tasks import Failure, show_failure
from ui.widgets import ErrorLabel, heading, muted


class ReportsModule(QWidget):
    statusMessage = Signal(str)

    @staticmethod
    def visible_for(actor: Actor) -> bool:
        return allowed(actor, "report.view") or allowed(actor, "report.arrears")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.ctx = ctx
        self.setObjectName("reportsModule")
        self.full = allowed(ctx.actor, "report.view")
        codes = [code for code in reports.REPORTS if self.full or code == "arrears"]
        self.options = OptionBar(codes, allowed(ctx.actor, "customer.view_sensitive"), self)
        self.options.reportChanged.connect(self._report_changed)
        self.model = ReportModel(self)
        self.table = make_table(self, "reportTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.title = heading(self.tr("报表"), 18, parent=self)
        self.summary = muted("", self)
        self.summary.setObjectName("reportSummary")
        self.summary.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.current: ReportTable | None = None
        self.busy = False
        self._generation = 0
        self._runs_loaded = False
        self._build_actions()
        self._layout()
        self._update_actions()

    # ---- construction ----------------------------------------------------------------------------

    def _action(self, text: str, keys: list[QKeySequence], slot: Callable[[], None], name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.run_action = self._action(
            self.tr("查询"),
            [QKeySequence(Qt.Key.Key_F5), QKeySequence("Ctrl+Return")],
            self.run_report,
            "runReport",
        )
        self.print_action = self._action(
            self.tr("打印"), [QKeySequence("Ctrl+P")], self.print_report, "printReport"
        )
        self.xlsx_action = self._action(
            self.tr("导出 xlsx"), [QKeySequence("Ctrl+E")], lambda: self.export("xlsx"), "exportXlsx"
        )
        self.csv_action = self._action(
            self.tr("导出 CSV"), [QKeySequence("Ctrl+Shift+E")], lambda: self.export("csv"), "exportCsv"
        )

    def _button(self, action: QAction, name: str) -> QPushButton:
        button = QPushButton(
            fill(
                "%1 (%2)", action.text(), action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            ),
            self,
        )
        button.setObjectName(name)
        button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "Ctrl+P", "xlsx"
        button.clicked.connect(action.trigger)
        return button

    def _layout(self) -> None:
        self.run_button = self._button(self.run_action, "runButton")
        self.run_button.setDefault(True)
        self.print_button = self._button(self.print_action, "printButton")
        self.xlsx_button = self._button(self.xlsx_action, "xlsxButton")
        self.csv_button = self._button(self.csv_action, "csvButton")
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.run_button, self.print_button, self.xlsx_button, self.csv_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.options)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [self.run_action, self.print_action, self.xlsx_action, self.csv_action]

    def focus_search(self) -> None:
        self.options.report.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        if self.options.code() == "bill_run" and not self._runs_loaded:
            self._load_runs()

    # ---- running -----------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.statusMessage.emit(text)

    def _update_actions(self) -> None:
        has = self.current is not None
        self.run_action.setEnabled(not self.busy)
        for action in (self.print_action, self.xlsx_action, self.csv_action):
            action.setEnabled(has and not self.busy)
        for button, action in (
            (self.run_button, self.run_action),
            (self.print_button, self.print_action),
            (self.xlsx_button, self.xlsx_action),
            (self.csv_button, self.csv_action),
        ):
            button.setEnabled(action.isEnabled())

    def _report_changed(self, code: str) -> None:
        self.current = None
        self.model.show(None)
        self.summary.setText("")
        self.error.set_message("")
        self._update_actions()
        if code == "bill_run" and self.isVisible():
            self._load_runs()

    def _load_runs(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self._runs_loaded = True

        def done(runs: list) -> None:  # type: ignore[type-arg]
            self.options.set_runs(runs)
            if not runs:
                self.error.set_message(self.tr("尚无电费发行或账单导入记录"))

        self.ctx.tasks.run(
            lambda: reports.list_bill_runs(db, actor),
            done,
            failure=Failure(label=self.error, what="listing the bill runs"),
        )

    def _fetch(self, c: Choice) -> Callable[[], ReportTable]:
        """The service call of ``c`` (checked here first: a threshold typed in yuan)."""
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        if c.report == "collection":
            return lambda: reports.tabulate(
                reports.collection_summary(db, actor, c.date_from, c.date_to, c.group_by)
            )
        if c.report == "arrears":
            min_due = (
                parse_amount(c.min_due_text, "min_due_fen", "应缴金额", allow_zero=True)
                if c.min_due_text
                else 0
            )
            return lambda: reports.tabulate(
                reports.arrears_list(
                    db,
                    actor,
                    dt.date.today(),
                    sort=c.sort,
                    min_due_fen=min_due,
                    min_age_days=c.min_age_days,
                    full_phones=c.full_phones,
                )
            )
        if c.report == "adjustments":
            return lambda: reports.tabulate(reports.adjustment_list(db, actor, c.date_from, c.date_to))
        if c.report in ("reversals", "refunds"):
            kind = "reversal" if c.report == "reversals" else "refund"
            return lambda: reports.tabulate(reports.undo_list(db, actor, kind, c.date_from, c.date_to))
        if c.run_id is None:
            raise ValidationError("run", "请选择发行批次")
        run_id = c.run_id
        return lambda: reports.tabulate(reports.bill_run_bills(db, actor, run_id))

    def run_report(self) -> None:
        if self.busy:
            return
        for field in self.options.fields().values():
            field.set_error("")
        self.error.set_message("")
        failure = Failure(
            fields=self.options.fields(), label=self.error, status=self._say, what="running a report"
        )
        try:
            fetch = self._fetch(self.options.choice())
        except ValidationError as exc:
            show_failure(exc, failure)
            return
        self.busy = True
        self._generation += 1
        generation = self._generation
        self._update_actions()
        self._say(self.tr("正在生成报表…"))

        def always() -> None:
            self.busy = False
            self._update_actions()

        self.ctx.tasks.run(
            fetch, self._show, failure=failure, always=always, stale=lambda: generation != self._generation
        )

    def _show(self, table: ReportTable) -> None:
        self.current = table
        self.model.show(table)
        fit_columns(self.table)
        h = table.header
        self.title.setText(h.title)
        lines = [
            fill(self.tr("%1（%2）　%3　共 %4 行"), h.hall_name, h.node_code, h.period_text, len(table.rows)),
            *table.summary,
        ]
        self.summary.setText("\n".join(lines))
        self._update_actions()
        self._say(fill(self.tr("%1：共 %2 行"), h.title, len(table.rows)))
        self.table.setFocus()

    # ---- printing and export -------------------------------------------------------------------------

    def _file_stem(self) -> str:
        assert self.current is not None
        h = self.current.header
        when = h.date_to.isoformat() if h.date_to else f"{h.printed_at:%Y-%m-%d}"
        if h.date_from and h.date_to and h.date_from != h.date_to:
            when = f"{h.date_from.isoformat()}_{h.date_to.isoformat()}"
        return f"{h.title}_{when}"

    def print_report(self) -> None:
        table = self.current
        if table is None or self.busy:
            return
        show_pdf_later(
            self.ctx,
            self,
            lambda: render_report(table),
            table.header.title,
            f"{self._file_stem()}.pdf",
            on_error=self.error.set_message,
        )

    def export(self, kind: str) -> None:
        table = self.current
        if table is None or self.busy:
            return
        filters = self.tr("Excel 工作簿 (*.xlsx)") if kind == "xlsx" else self.tr("CSV 文件 (*.csv)")
        path = self.ctx.dialogs.save_file(self, self.tr("导出报表"), f"{self._file_stem()}.{kind}", filters)
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"

        def done(written: Path) -> None:
            self._say(fill(self.tr("已导出：%1"), str(written)))

        self.ctx.tasks.run(
            lambda: report_export.export_report(table, path),
            done,
            failure=Failure(label=self.error, status=self._say, what="exporting a report"),
        )
