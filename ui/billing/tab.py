"""The bill tab of the customer view (账单): bills, the selected bill explained, usage chart.

One ``bill_view.bill_view`` call (off the UI thread) per opened customer fills the table, the
header band figures (``loaded`` signal) and the 24-month chart. Selecting a bill shows how it
was computed line by line and highlights its month in the chart.

退补 (Ctrl+T, only for roles with ``bill.adjust``) opens :class:`AdjustmentDialog` on the
selected bill; afterwards the tab reloads with the new adjustment bill selected and emits
``changed`` (a refund may have settled bills or made prepaid: the payments tab should reload).

打印账单明细 previews the statement; every copy that goes out of the preview (printed, or saved
as PDF) is logged with ``payments.record_print`` (a ``PrintDocument`` operation; copy 2+ is a
reprint). Closing the preview logs nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import BillType
from app.dto.billing import BillRow, BillView
from app.dto.insights import CustomerInsights
from app.dto.payments import PrintInfo
from app.services import bill_view as bill_view_service
from app.services import payments as payment_service
from app.services.insights import insights_of_customer
from app.services.permissions import allowed
from ui.billing.adjustment import AdjustmentDialog
from ui.billing.chart import UsageChart
from ui.billing.models import BillColumn, BillLinesModel, BillsModel, LineColumn, is_overdue
from ui.context import UiContext
from ui.formatting import bill_type_label, yuan
from ui.i18n import fill
from ui.palette import restyle
from ui.printing.preview import PdfPreviewDialog
from ui.printing.printer import SAVED_PREFIX, PrintFailed, printer_label
from ui.printing.show import render_error
from ui.tables import ColumnFit, make_table
from ui.tasks import Failure
from ui.widgets import alive

log = logging.getLogger(__name__)

ADJUST_KEY = "Ctrl+T"  # 退补 (tuìbǔ); free in the customer module and the main window
DOC_BILL_STATEMENT = payment_service.DOC_BILL_STATEMENT
STATEMENT_PAPER = "A4"


@dataclass(frozen=True)
class StatementCopy:
    """One copy of a bill statement that went out (``where``: a printer, or ``pdf:`` + a file)."""

    bill_no: str
    info: PrintInfo
    where: str


class StatementCopies:
    """The preview's CopyLog (ui/printing/preview.py) for one bill statement: every copy that
    goes out is logged, and the copy about to go out says 补打 exactly when it will be logged
    as copy 2+ (the count is read again before each copy: another counter may have printed)."""

    def __init__(self, ctx: UiContext, bill: BillRow, pdf: bytes, copy_no: int,
                 render: Callable[[int], bytes]) -> None:
        self.ctx = ctx
        self.bill = bill
        self.pdf = pdf
        self.copy_no = copy_no  # the copy number ``pdf`` was rendered for
        self.render = render

    def prepare(self) -> bytes:
        actor = self.ctx.actor
        assert actor is not None
        next_no = payment_service.print_count(self.ctx.db, actor, DOC_BILL_STATEMENT, self.bill.id) + 1
        if next_no != self.copy_no:
            self.pdf, self.copy_no = self.render(next_no), next_no
        return self.pdf

    def record(self, data: bytes, where: str) -> StatementCopy:
        actor = self.ctx.actor
        assert actor is not None
        info = payment_service.record_print(self.ctx.db, actor, DOC_BILL_STATEMENT, self.bill.id, self.bill.bill_no,
                                            printer=where, paper=STATEMENT_PAPER)
        return StatementCopy(self.bill.bill_no, info, where)


class BillsTab(QWidget):
    loaded = Signal(object)  # BillView
    failed = Signal(str)
    changed = Signal()  # an adjustment bill was issued: balances and payments (offsets) moved

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billsTab")
        self.ctx = ctx
        self.customer_id: uuid.UUID | None = None
        self.address = ""  # the supply address, printed on the bill statement
        self.view: BillView | None = None
        self.loading = False
        self.printing = False
        self._generation = 0

        self._build_toolbar()
        self._build_bills_table()
        explain = self._build_explanation()
        self._build_panes(explain)
        self._layout()
        self.clear()

    def _build_toolbar(self) -> None:
        """The summary line, 退补… (with its window shortcut), 打印账单明细 and the notice line."""
        self.summary = QLabel(self)
        self.summary.setObjectName("billsSummary")
        self.summary.setProperty("role", "muted")
        self.print_button = QPushButton(self.tr("打印账单明细"), self)
        self.print_button.setObjectName("printBillButton")
        self.print_button.setAutoDefault(True)
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_statement)
        self.adjust_button = QPushButton(fill(self.tr("退补… (%1)"), ADJUST_KEY), self)
        self.adjust_button.setObjectName("adjustBillButton")
        self.adjust_button.setAutoDefault(True)
        self.adjust_button.clicked.connect(self.adjust_selected)
        # A window shortcut on a widget of this tab: live only while the tab is showing.
        self.adjust_action = QAction(self.tr("退补…"), self)
        self.adjust_action.setObjectName("adjustAction")
        self.adjust_action.setShortcut(QKeySequence(ADJUST_KEY))
        self.adjust_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.adjust_action.setStatusTip(self.tr("为选中的账单开具退补账单（补收或退还）"))
        self.adjust_action.triggered.connect(lambda _checked=False: self.adjust_selected())
        self.addAction(self.adjust_action)
        self.notice = QLabel(self)
        self.notice.setObjectName("billsNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setVisible(False)

    def _build_bills_table(self) -> None:
        """The customer's bills, newest first; selecting one explains it below."""
        self.model = BillsModel(self)
        self.table = make_table(self, "billsTable")
        self.table.setModel(self.model)
        # At 1024×768 every column stays in view (违约金 and 状态 were scrolled away); the bill
        # number gives way first.
        self.table_fit = ColumnFit(self.table, yielding=[BillColumn.BILL_NO, BillColumn.DUE_DATE], minimum=80)
        self.table.selectionModel().selectionChanged.connect(self._selected)

    def _build_explanation(self) -> QFrame:
        """How the selected bill was reckoned (计算过程): its lines and their total."""
        self.lines_model = BillLinesModel(self)
        self.lines_title = QLabel(self.tr("选中一张账单查看计算过程"), self)
        self.lines_title.setObjectName("linesTitle")
        self.lines_title.setStyleSheet("QLabel#linesTitle { font-weight: bold; }")
        self.lines_table = make_table(self, "billLinesTable")
        self.lines_table.setModel(self.lines_model)
        self.lines_table.setAlternatingRowColors(False)
        # 计算过程 is what the clerk reads out: it takes the room left and wraps when narrow.
        self.lines_table.setWordWrap(True)
        self.lines_fit = ColumnFit(self.lines_table, yielding=[LineColumn.EXPLANATION, LineColumn.ITEM],
                                   grow=LineColumn.EXPLANATION, minimum=100, wrap_rows=True)
        self.lines_total = QLabel(self)
        self.lines_total.setObjectName("linesTotal")
        self.lines_total.setWordWrap(True)
        self.lines_total.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        explain = QFrame(self)
        explain.setObjectName("explainPanel")
        explain_layout = QVBoxLayout(explain)
        explain_layout.setContentsMargins(0, 4, 0, 0)
        explain_layout.setSpacing(4)
        explain_layout.addWidget(self.lines_title)
        explain_layout.addWidget(self.lines_table, 1)
        explain_layout.addWidget(self.lines_total)
        return explain

    def _build_panes(self, explain: QFrame) -> None:
        """The usage chart, and the splitters: bills above, the explanation beside the chart below."""
        self.chart = UsageChart(self)

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(explain)
        lower.addWidget(self.chart)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.adjust_button)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

    # -- loading -----------------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.customer_id = None
        self.view = None
        self.loading = False
        self.model.set_bills([])
        self.lines_model.set_rows([])
        self.chart.set_usage([])
        self.summary.setText("")
        self.lines_total.setText("")
        self.print_button.setEnabled(False)
        self.notify("")
        self._update_actions()

    def load(self, customer_id: uuid.UUID, select: uuid.UUID | None = None) -> None:
        """Read the customer's bills; ``select`` (a bill id) is selected afterwards, else the
        bill selected now stays selected."""
        selected = self.selected_bill()
        keep = selected.id if selected is not None and customer_id == self.customer_id else None
        keep = select or keep
        if customer_id != self.customer_id:
            self.clear()
        self._generation += 1
        generation = self._generation
        self.customer_id = customer_id
        self.loading = True
        self.summary.setText(self.tr("正在读取账单…"))
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(lambda: bill_view_service.bill_view(db, actor, customer_id),
                           lambda view: self._loaded(generation, view, keep),
                           stale=lambda: not alive(self) or generation != self._generation,
                           failure=Failure(status=self._show_failed, what="reading the bills"))

    def reload(self) -> None:
        if self.customer_id is not None:
            self.load(self.customer_id)

    def _loaded(self, generation: int, view: BillView, keep: uuid.UUID | None) -> None:
        if not alive(self) or generation != self._generation:
            return
        self.loading = False
        self.set_view(view, keep)
        self.loaded.emit(view)

    def _show_failed(self, message: str) -> None:
        """Where a failed read shows: the summary line, and the customer view's status line."""
        self.loading = False
        self.summary.setText(message)
        restyle(self.summary, role="error", strong=True)
        self.failed.emit(message)

    def set_view(self, view: BillView, keep: uuid.UUID | None = None) -> None:
        self.view = view
        self.model.set_bills(view.bills, view.on_date)
        # 退补冲减 only for a customer with a credit adjustment netted against a bill (issue 6 #19)
        self.table.setColumnHidden(BillColumn.CREDITED, not any(b.credited_fen > 0 for b in view.bills))
        self.table_fit.schedule()
        open_bills = [b for b in view.bills if b.outstanding_fen > 0 or b.late_fee_fen > 0]
        overdue = [b for b in view.bills if is_overdue(b, view.on_date)]
        parts = [fill(self.tr("共 %1 张账单"), len(view.bills))]
        if open_bills:
            parts.append(fill(self.tr("未结清 %1 张"), len(open_bills)))
        if overdue:
            parts.append(fill(self.tr("逾期 %1 张"), len(overdue)))
        parts.append(fill(self.tr("违约金计至 %1"), view.on_date.isoformat()))
        restyle(self.summary, role="muted", strong=False)
        self.summary.setText("　·　".join(parts))
        self.chart.set_usage(view.usage)
        row = self.model.row_of(keep) if keep is not None else -1
        if view.bills:
            self.table.selectRow(row if row >= 0 else 0)
        else:
            self.lines_model.set_rows([])
            self.lines_title.setText(self.tr("该客户暂无账单"))
            self.lines_total.setText("")
        self.print_button.setEnabled(bool(view.bills))
        self._update_actions()

    # -- selection ---------------------------------------------------------------------
    def selected_bill(self) -> BillRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        bill = self.selected_bill()
        self._update_actions()
        if bill is None:
            return
        self.lines_model.set_rows(list(bill.lines))
        kind = "" if bill.bill_type == BillType.REGULAR else f"（{bill_type_label(bill.bill_type)}）"
        self.lines_title.setText(fill(self.tr("%1 账单%2　%3　电价 %4　%5 kWh"),
            bill.period, kind, bill.bill_no, bill.tariff_code, format(bill.kwh, ",")))
        total = self.lines_model.total_fen()
        parts = [fill(self.tr("合计 %1"), yuan(total))]
        if total != bill.amount_fen:
            parts.append(fill(self.tr("（账单金额 %1）"), yuan(bill.amount_fen)))
        parts.append(fill(self.tr("已缴 %1，欠费 %2，违约金 %3"),
            yuan(bill.paid_fen), yuan(bill.outstanding_fen), yuan(bill.late_fee_fen)))
        if bill.adjusts_bill_no:
            parts.append(fill(self.tr("更正账单 %1"), bill.adjusts_bill_no))
        if bill.note:
            parts.append(bill.note)
        self.lines_total.setText("；".join(parts))
        self.chart.set_usage(self.view.usage if self.view else [], bill.period)

    # -- messages ----------------------------------------------------------------------
    def notify(self, text: str, error: bool = False) -> None:
        """A line under the summary: what the last adjustment or print did (or why not)."""
        self.notice.setProperty("role", "error" if error else "ok")  # the style sheet below re-polishes
        self.notice.setStyleSheet("QLabel#billsNotice { font-weight: bold; }")
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- 退补 --------------------------------------------------------------------------
    def can_adjust(self) -> bool:
        actor = self.ctx.actor
        return actor is not None and allowed(actor, "bill.adjust")

    def _update_actions(self) -> None:
        """退补 is shown only to roles that may issue it (the service checks again), and only
        enabled with a bill selected."""
        can = self.can_adjust()
        enabled = can and self.view is not None and self.selected_bill() is not None
        self.adjust_button.setVisible(can)
        self.adjust_button.setEnabled(enabled)
        self.adjust_action.setVisible(can)
        self.adjust_action.setEnabled(enabled)

    def adjust_selected(self) -> None:
        if not self.can_adjust():
            self.notify(self.tr("当前角色无权开具退补账单，请值班长办理"), error=True)
            return
        view, bill = self.view, self.selected_bill()
        if view is None or bill is None or self.customer_id is None or self.loading:
            self.notify(fill(self.tr("请先选中要更正的账单，再按 %1 退补"), ADJUST_KEY), error=True)
            return
        if bill.bill_type != BillType.REGULAR:
            self.notify(fill(self.tr("退补账单不能再退补：请选中原账单 %1"), bill.adjusts_bill_no or ""), error=True)
            return
        dialog = AdjustmentDialog(self.ctx, view, bill, self)
        try:
            result = self.ctx.dialogs.run(dialog)
            issued = dialog.issued
        finally:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted or issued is None:
            self.table.setFocus()
            return
        what = self.tr("补收") if issued.amount_fen > 0 else self.tr("退还")
        self.notify(fill(self.tr("已开具退补账单 %1：%2 %3，更正账单 %4"),
            issued.bill_no, what, yuan(abs(issued.amount_fen)), bill.bill_no))
        self.changed.emit()
        self.load(self.customer_id, select=issued.id)
        self.table.setFocus()

    # -- printing ----------------------------------------------------------------------
    def print_statement(self) -> None:
        view, bill = self.view, self.selected_bill()
        if view is None or bill is None or self.printing:
            return
        company, address, ctx = self.ctx.node.company, self.address, self.ctx
        actor = ctx.actor
        assert actor is not None

        found: list[CustomerInsights] = []  # the tier progress and TOU share as of the bill, read once

        def render_copy(copy_no: int) -> bytes:
            from app.printing.bill_statement import render_bill_statement

            return render_bill_statement(view, bill.id, company=company, address=address, reprint=copy_no > 1,
                                         copy_no=copy_no, insights=found[0] if found else None)

        def render() -> tuple[bytes, int]:
            if not found:
                found.append(insights_of_customer(ctx.db, actor, view.customer_id, view.on_date, through=bill.period))
            copy_no = payment_service.print_count(ctx.db, actor, DOC_BILL_STATEMENT, bill.id) + 1
            return render_copy(copy_no), copy_no

        self.printing = True
        self.ctx.tasks.run(render, lambda done: self._show_statement(view, bill, done[0], done[1], render_copy),
                           self._render_failed)

    def _render_failed(self, exc: BaseException) -> None:
        # Not the runner's default: render_error words a missing document template.
        self.printing = False
        if alive(self):
            self._print_failed(render_error(exc, self.tr("账单明细")))

    def _show_statement(self, view: BillView, bill: BillRow, data: bytes, copy_no: int,
                        render_copy: Callable[[int], bytes]) -> None:
        self.printing = False
        if not alive(self):
            return
        title = fill(self.tr("账单明细 %1"), bill.bill_no)
        note = fill(self.tr("%1　户号 %2　·　打印或另存为PDF记入打印记录（第2份起为补打），仅预览不记录"),
            view.name, view.account_no)
        try:
            dialog = PdfPreviewDialog(self.ctx, data, title, f"账单_{view.account_no}_{bill.period}.pdf", self,
                                      note=note, copies=StatementCopies(self.ctx, bill, data, copy_no, render_copy))
        except PrintFailed as exc:
            self.ctx.dialogs.error(self, title, exc.message)
            return
        dialog.issued.connect(self._statement_issued)
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()

    def _statement_issued(self, copy: object) -> None:
        if not alive(self) or not isinstance(copy, StatementCopy):
            return
        if copy.where.startswith(SAVED_PREFIX):
            where = fill(self.tr("已另存为PDF %1"), copy.where[len(SAVED_PREFIX):])
        else:
            where = fill(self.tr("已送打印机 %1"), printer_label(copy.where))
        reprint = fill(self.tr("（补打，第%1份）"), copy.info.copy_no) if copy.info.reprint else ""
        self.notify(fill(self.tr("账单明细 %1%2 %3"), copy.bill_no, reprint, where))

    def _print_failed(self, message: str) -> None:
        self.summary.setText(message)
        restyle(self.summary, role="error", strong=True)
