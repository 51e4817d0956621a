"""The payments tab of the customer view (缴费记录): every payment, reversal and refund.

Buttons: 补打收据 (Ctrl+P, through the module's action) and 冲正/退费… (supervisor approval).
``changed`` is emitted after a reversal or refund so the bills and the header band reload.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.codes import PaymentKind
from app.dto.payments import PaymentRow
from app.services import payments as payment_service
from ui.context import UiContext
from ui.formatting import yuan
from ui.i18n import fill
from ui.palette import restyle
from ui.payments.models import PaymentColumn, PaymentsModel, unprinted
from ui.payments.reversal import ReversalDialog
from ui.printing.receipts import ReceiptPrinter
from ui.tables import fit_columns, make_table
from ui.tasks import Failure
from ui.widgets import alive

log = logging.getLogger(__name__)


class PaymentsTab(QWidget):
    changed = Signal()
    loaded = Signal(object)  # list[PaymentRow]

    def __init__(self, ctx: UiContext, report: Callable[[str, bool], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentsTab")
        self.ctx = ctx
        self.report = report
        self.customer_id: uuid.UUID | None = None
        self.loading = False
        self._generation = 0
        self._select_after_load: uuid.UUID | None = None
        self.printer = ReceiptPrinter(ctx, self, report)
        self.printer.finished.connect(self.reload)  # the print count / status may have changed

        self.summary = QLabel(self)
        self.summary.setObjectName("paymentsSummary")
        self.summary.setProperty("role", "muted")
        self.reprint_button = QPushButton(self.tr("补打收据 (Ctrl+P)"), self)
        self.reprint_button.setObjectName("reprintButton")
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.reverse_button = QPushButton(self.tr("冲正/退费…"), self)
        self.reverse_button.setObjectName("reverseButton")
        self.reverse_button.clicked.connect(self.reverse_selected)
        for button in (self.reprint_button, self.reverse_button):
            button.setAutoDefault(True)
            button.setEnabled(False)

        self.model = PaymentsModel(self)
        self.table = make_table(self, "paymentsTable")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(PaymentColumn.STATUS, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.doubleClicked.connect(lambda _index: self.reprint_selected())
        fit_columns(self.table)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.reprint_button)
        top.addWidget(self.reverse_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    # -- loading -----------------------------------------------------------------------
    def clear(self) -> None:
        self._generation += 1
        self.customer_id = None
        self.loading = False
        self.model.set_rows([])
        self.summary.setText("")
        self._selected(QItemSelection(), QItemSelection())

    def load(self, customer_id: uuid.UUID, select: uuid.UUID | None = None) -> None:
        if customer_id != self.customer_id:
            self.clear()
        elif select is None and self.selected() is not None:
            select = self.selected().payment_id  # type: ignore[union-attr]
        self._generation += 1
        generation = self._generation
        self.customer_id = customer_id
        self.loading = True
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(lambda: payment_service.list_payments(db, actor, customer_id),
                           lambda rows: self._loaded(generation, rows, select),
                           stale=lambda: not alive(self) or generation != self._generation,
                           failure=Failure(status=self._show_failed, what="reading the payments"))

    def reload(self, select: uuid.UUID | None = None) -> None:
        if self.customer_id is not None:
            self.load(self.customer_id, select)

    def _loaded(self, generation: int, rows: list[PaymentRow], select: uuid.UUID | None) -> None:
        if not alive(self) or generation != self._generation:
            return
        self.loading = False
        self.model.set_rows(rows)
        fit_columns(self.table)
        payments = [r for r in rows if r.kind == PaymentKind.PAYMENT]
        undone = [r for r in rows if r.kind in (PaymentKind.REVERSAL, PaymentKind.REFUND)]
        parts = [fill(self.tr("共 %1 笔收费，合计 %2"),
            len(payments), yuan(sum(r.amount_fen for r in payments)))]
        if undone:
            parts.append(fill(self.tr("冲正/退费 %1 笔"), len(undone)))
        waiting = [r for r in rows if unprinted(r)]
        if waiting:
            parts.append(fill(self.tr("未打印收据 %1 张（选中后按 Ctrl+P 打印）"), len(waiting)))
        restyle(self.summary, role="muted", strong=False)
        self.summary.setText("　·　".join(parts) if rows else self.tr("暂无缴费记录"))
        row = self.model.row_of(select) if select is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        self._selected(QItemSelection(), QItemSelection())
        self.loaded.emit(rows)

    def _show_failed(self, message: str) -> None:
        """Where a failed read shows: the summary line."""
        self.loading = False
        restyle(self.summary, role="error", strong=True)
        self.summary.setText(message)

    # -- selection ---------------------------------------------------------------------
    def selected(self) -> PaymentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_first(self) -> bool:
        if self.model.rowCount() == 0:
            return False
        self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self.selected()
        self.reprint_button.setEnabled(row is not None and bool(row.receipt_no))
        # A receipt that never went out is printed, not reprinted: its first copy is no 补打.
        first = row is not None and unprinted(row)
        self.reprint_button.setText(self.tr("打印收据 (Ctrl+P)") if first else self.tr("补打收据 (Ctrl+P)"))
        self.reverse_button.setEnabled(row is not None and row.kind == PaymentKind.PAYMENT and not row.reversed)

    # -- actions -----------------------------------------------------------------------
    def reprint_selected(self) -> bool:
        row = self.selected()
        if row is None or not row.receipt_no:
            self.report(self.tr("请先在缴费记录中选中要打印的收据"), True)
            return False
        if not self.printer.issue(row.payment_id):
            self.report(self.tr("上一张收据还在出具，请稍候"), True)
            return False
        return True

    def reverse_selected(self) -> None:
        row = self.selected()
        if row is None or row.kind != PaymentKind.PAYMENT:
            self.report(self.tr("请选中一笔收费记录再办理冲正"), True)
            return
        if row.reversed:
            self.report(self.tr("该笔收费已退费") if row.undone_by == PaymentKind.REFUND
                        else self.tr("该笔收费已冲正"), True)
            return
        # 冲正 while the payment's session is open, 退费 after its close: start on the right one
        # instead of letting the supervisor type a password for a reversal that must fail.
        dialog = ReversalDialog(self.ctx, row, self, kind=PaymentKind.REVERSAL if row.session_open else PaymentKind.REFUND)
        try:
            result = self.ctx.dialogs.run(dialog)
            receipt = dialog.receipt
        finally:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted or receipt is None:
            return
        what = self.tr("退费") if receipt.kind == PaymentKind.REFUND else self.tr("冲正")
        self.report(fill(self.tr("已%1：收据 %2，凭证 %3"), what, row.receipt_no, receipt.receipt_no), False)
        self.changed.emit()
        self.reload(select=receipt.payment_id)
        self.printer.issue(receipt.payment_id, receipt)
