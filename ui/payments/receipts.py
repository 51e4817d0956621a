"""Issuing a receipt (出具收据): log the copy, render it, print it or preview it.

Every copy goes the same road, on a worker thread: ``record_print`` first (copy 2+ is a reprint),
then ``render_receipt`` with that copy number, so a reprint always says 补打. Then, on the UI
thread: with a receipt printer configured (settings.receipt_printer) the copy prints directly;
without one — or when that printer fails — the preview opens (打印 / 另存为PDF / 关闭), and any
further print from the preview is again a logged, re-rendered 补打 copy.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.dto_money import PrintInfo, Receipt
from app.services import payments as payment_service
from ui.billing.base import alive
from ui.context import UiContext
from ui.printing.printer import PrintFailed, PrintResult, make_printer, print_pdf, printer_label
from ui.printing.show import render_error, show_pdf

log = logging.getLogger(__name__)

DOC_RECEIPT = "receipt"
Report = Callable[[str, bool], None]


@dataclass(frozen=True)
class IssuedCopy:
    receipt: Receipt
    info: PrintInfo
    pdf: bytes


def issue_copy(ctx: UiContext, payment_id: uuid.UUID, receipt: Receipt | None = None) -> IssuedCopy:
    """Worker-thread body: log one copy of the receipt and render it (补打 from copy 2 on)."""
    from app.printing.receipt import render_receipt  # ReportLab loads on first use, off the UI thread

    actor = ctx.actor
    assert actor is not None
    if receipt is None:
        receipt = payment_service.get_receipt(ctx.db, actor, payment_id)
    settings = ctx.settings
    info = payment_service.record_print(ctx.db, actor, DOC_RECEIPT, payment_id, receipt.receipt_no,
                                        printer=settings.receipt_printer[:80], paper=settings.receipt_paper)
    pdf = render_receipt(receipt, settings.receipt_paper, reprint=info.reprint, copy_no=info.copy_no,
                         company=ctx.node.company)
    return IssuedCopy(receipt, info, pdf)


class ReceiptPrinter(QObject):
    """``issued(IssuedCopy)`` after a copy was logged and rendered; ``finished()`` when done."""

    issued = Signal(object)
    finished = Signal()

    def __init__(self, ctx: UiContext, parent_widget: QWidget, report: Report) -> None:
        super().__init__(parent_widget)
        self.ctx = ctx
        self.parent_widget = parent_widget
        self.report = report
        self.busy = False
        self.last: IssuedCopy | None = None
        self.last_preview_text = ""

    def issue(self, payment_id: uuid.UUID, receipt: Receipt | None = None) -> bool:
        """Start one copy; False when a copy is still being issued (no second log line)."""
        if self.busy:
            return False
        self.busy = True
        self.ctx.tasks.run(lambda: issue_copy(self.ctx, payment_id, receipt), self._issued, self._failed)
        return True

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        if not alive(self):
            return
        self.report(render_error(exc, self.tr("收据")), True)
        self.finished.emit()

    def _issued(self, copy: IssuedCopy) -> None:
        if not alive(self):
            self.busy = False
            return
        self.last = copy
        self.issued.emit(copy)
        name = self.ctx.settings.receipt_printer
        if not name:
            self._preview(copy)
            return
        try:
            printer = make_printer(name)
        except PrintFailed as exc:
            self._preview(copy, error=exc.message)
            return
        self._printer = printer  # alive while the worker paints on it

        def done(result: PrintResult) -> None:
            self.busy = False
            self._printer = None
            if not alive(self):
                return
            self.report(self._printed_text(copy, result.printer), False)
            self.finished.emit()

        def failed(exc: BaseException) -> None:
            self._printer = None
            if not alive(self):
                self.busy = False
                return
            message = exc.message if isinstance(exc, PrintFailed) else self.tr("打印机出错：{0}").format(exc)
            log.warning("receipt %s did not print on %s: %s", copy.receipt.receipt_no, name, exc)
            self._preview(copy, error=message)

        self.ctx.tasks.run(lambda: print_pdf(copy.pdf, printer, fit=True), done, failed)

    def _printed_text(self, copy: IssuedCopy, printer: str) -> str:
        reprint = self.tr("（补打，第{0}联）").format(copy.info.copy_no) if copy.info.reprint else ""
        return self.tr("收据 {0}{1} 已送打印机 {2}").format(copy.receipt.receipt_no, reprint, printer_label(printer))

    def _preview(self, copy: IssuedCopy, error: str = "") -> None:
        receipt = copy.receipt
        ctx = self.ctx

        def next_copy() -> bytes:
            again = issue_copy(ctx, receipt.payment_id, receipt)
            self.last = again
            return again.pdf

        kind = {"payment": self.tr("收费收据"), "reversal": self.tr("冲正凭证"), "refund": self.tr("退费凭证")}
        title = self.tr("{0} {1}").format(kind.get(receipt.kind, self.tr("收据")), receipt.receipt_no)
        note = self.tr("{0}　户号 {1}　{2}　{3}").format(
            receipt.customer_name, receipt.account_no,
            self.tr("补打（第{0}联）").format(copy.info.copy_no) if copy.info.reprint else self.tr("第1联"),
            ctx.settings.receipt_paper)
        if not ctx.settings.receipt_printer:
            note += self.tr("　·　未设置收据打印机（系统 → 打印机设置）")
        dialog = show_pdf(ctx, self.parent_widget, copy.pdf, title, f"收据_{receipt.receipt_no}.pdf",
                          printer_name=ctx.settings.receipt_printer, note=note, error=error, next_copy=next_copy)
        self.busy = False
        if dialog is not None:
            self.last_preview_text = dialog.text()
            if dialog.prints:
                self.report(self._printed_text(self.last or copy, dialog.prints[-1].printer), False)
        self.finished.emit()
