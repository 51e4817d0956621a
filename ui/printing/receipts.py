"""Issuing a receipt (出具收据): render the next copy, print it or preview it, and log it once it
really went out.

A copy counts as printed (``record_print``, which numbers it; copy 2+ is 补打) only when it left
the program: the print job on a printer ran, or — from the preview — the clerk printed it or saved
it as PDF. Closing the preview logs nothing, so "a session cannot close while any of its receipts
was never printed" (app/services/cashier.py) means what it says.

The copy number is peeked before rendering (``print_count + 1`` from ``get_receipt``), so the
document says 补打 exactly when it will be logged as copy 2+; right before a print or save from
the preview it is peeked again and the document re-rendered if another copy went out meanwhile.
A failed printer logs nothing and consumes no copy number: the preview opens with the error.

Receipts that did not go out are remembered per database for this run (:func:`unprinted`), so the
cashier's close page can print them by number (Ctrl+P) without the customer's screen.
"""

from __future__ import annotations

import logging
import uuid
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from app.domain.codes import DocType, PaymentKind
from app.dto.payments import PrintInfo, Receipt
from app.services import payments as payment_service
from ui.context import UiContext
from ui.formatting import yuan
from ui.i18n import fill
from ui.printing.preview import SAVED_PREFIX, NotLogged, PdfPreviewDialog
from ui.printing.printer import PrintFailed, make_printer, print_pdf, printer_label
from ui.printing.show import render_error
from ui.widgets import alive

log = logging.getLogger(__name__)

DOC_RECEIPT = DocType.RECEIPT
Report = Callable[[str, bool], None]


@dataclass(frozen=True)
class ReceiptCopy:
    """The document of one copy, rendered but not logged yet."""

    receipt: Receipt
    copy_no: int
    pdf: bytes

    @property
    def reprint(self) -> bool:
        return self.copy_no > 1


@dataclass(frozen=True)
class IssuedCopy:
    """A copy that went out and was logged (``info`` is the log's answer)."""

    receipt: Receipt
    info: PrintInfo
    pdf: bytes
    where: str = ""
    shown_copy_no: int = 0  # the copy number the document shows

    @property
    def honest(self) -> bool:
        """The paper shows the copy number the log gave it."""
        return self.info.copy_no == self.shown_copy_no


# ---- receipts that did not go out (this run, per database) ------------------------------------

_unprinted: weakref.WeakKeyDictionary[object, dict[str, uuid.UUID]] = weakref.WeakKeyDictionary()


def _remember(ctx: UiContext, receipt: Receipt) -> None:
    _unprinted.setdefault(ctx.db, {})[receipt.receipt_no] = receipt.payment_id


def _forget(ctx: UiContext, receipt_no: str) -> None:
    _unprinted.get(ctx.db, {}).pop(receipt_no, None)


def unprinted(ctx: UiContext, receipt_nos: Iterable[str]) -> dict[str, uuid.UUID]:
    """Payment ids of those of ``receipt_nos`` this program issued and never got out."""
    known = _unprinted.get(ctx.db, {})
    return {no: known[no] for no in receipt_nos if no in known}


# ---- worker-thread bodies ----------------------------------------------------------------------


def next_copy_no(ctx: UiContext, payment_id: uuid.UUID) -> int:
    assert ctx.actor is not None
    return payment_service.get_receipt(ctx.db, ctx.actor, payment_id).print_count + 1


def render_copy(ctx: UiContext, payment_id: uuid.UUID, receipt: Receipt | None = None,
                copy_no: int | None = None) -> ReceiptCopy:
    """The document of the receipt's next copy (补打 from copy 2 on); nothing is logged."""
    from app.printing.receipt import render_receipt  # ReportLab loads on first use, off the UI thread

    actor = ctx.actor
    assert actor is not None
    if receipt is None or copy_no is None:
        stored = payment_service.get_receipt(ctx.db, actor, payment_id)
        receipt = receipt or stored
        copy_no = copy_no or stored.print_count + 1
    settings = ctx.settings
    pdf = render_receipt(receipt, settings.receipt_paper, reprint=copy_no > 1, copy_no=copy_no,
                         company=ctx.node.company)
    return ReceiptCopy(receipt, copy_no, pdf)


def record_copy(ctx: UiContext, copy: ReceiptCopy, where: str) -> IssuedCopy:
    """Log ``copy`` after it went out to ``where`` (a printer's name, or SAVED_PREFIX + a file)."""
    assert ctx.actor is not None
    receipt = copy.receipt
    # The service shortens a long path to its end (the file name).
    info = payment_service.record_print(ctx.db, ctx.actor, DOC_RECEIPT, receipt.payment_id, receipt.receipt_no,
                                        printer=where, paper=ctx.settings.receipt_paper)
    if info.copy_no != copy.copy_no:
        # Another counter issued a copy between our peek and our log: the paper shows the wrong
        # copy number (never happens to one clerk: a ReceiptPrinter issues one copy at a time).
        log.error("receipt %s went out as copy %d but was logged as copy %d", receipt.receipt_no,
                  copy.copy_no, info.copy_no)
    return IssuedCopy(receipt, info, copy.pdf, where, copy.copy_no)


def print_copy(ctx: UiContext, copy: ReceiptCopy, printer: QPrinter, name: str) -> IssuedCopy:
    """Print on the configured receipt printer, then log; a failed job raises and logs nothing."""
    print_pdf(copy.pdf, printer, fit=True)
    try:
        return record_copy(ctx, copy, name)
    except Exception as exc:
        raise NotLogged(exc) from exc


class _PreviewCopies:
    """The preview's :class:`~ui.printing.preview.CopyLog` for one receipt."""

    def __init__(self, ctx: UiContext, shown: ReceiptCopy) -> None:
        self.ctx = ctx
        self.shown = shown

    def prepare(self) -> bytes:
        copy_no = next_copy_no(self.ctx, self.shown.receipt.payment_id)
        if copy_no != self.shown.copy_no:  # a copy went out since this one was rendered
            self.shown = render_copy(self.ctx, self.shown.receipt.payment_id, self.shown.receipt, copy_no)
        return self.shown.pdf

    def record(self, data: bytes, where: str) -> IssuedCopy:
        assert data is self.shown.pdf
        return record_copy(self.ctx, self.shown, where)


# ---- the UI side -------------------------------------------------------------------------------


class ReceiptPrinter(QObject):
    """``issued(IssuedCopy)`` after a copy went out and was logged; ``finished()`` when done."""

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
        self._printer: QPrinter | None = None

    def issue(self, payment_id: uuid.UUID, receipt: Receipt | None = None) -> bool:
        """Start one copy; False when a copy is still being issued (no second copy at once)."""
        if self.busy:
            return False
        self.busy = True
        if receipt is not None and receipt.print_count == 0:
            _remember(self.ctx, receipt)  # even if rendering fails, the close page can retry it
        ctx = self.ctx
        self.ctx.tasks.run(lambda: render_copy(ctx, payment_id, receipt), self._rendered, self._failed)
        return True

    def _done(self) -> None:
        self.busy = False
        self.finished.emit()

    def _failed(self, exc: BaseException) -> None:
        # Not the runner's default: render_error words a missing template; the print queue goes on.
        self.busy = False
        if not alive(self):
            return
        self.report(render_error(exc, self.tr("收据")), True)
        self.finished.emit()

    def _issued(self, copy: IssuedCopy) -> None:
        self.last = copy
        _forget(self.ctx, copy.receipt.receipt_no)
        self.issued.emit(copy)

    def _rendered(self, copy: ReceiptCopy) -> None:
        if not alive(self):
            self.busy = False
            return
        if not copy.reprint:
            _remember(self.ctx, copy.receipt)  # until it went out
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
        ctx = self.ctx

        def done(issued: IssuedCopy) -> None:
            self._printer = None
            if not alive(self):
                self.busy = False
                return
            self._issued(issued)
            self.report(self._printed_text(issued), not issued.honest)
            self._done()

        def failed(exc: BaseException) -> None:
            # Not the runner's default: a receipt printed but not logged still counts as unprinted.
            self._printer = None
            if not alive(self):
                self.busy = False
                return
            if isinstance(exc, NotLogged):
                # The paper is out but the log is not: the receipt still counts as never printed.
                log.error("receipt %s printed but not logged", copy.receipt.receipt_no, exc_info=exc.cause)
                self.report(fill(self.tr("收据 %1 已送打印机，但打印记录未能保存（%2），交班前须重新打印"),
                    copy.receipt.receipt_no, render_error(exc.cause, self.tr("打印记录"))), True)
                self._done()
                return
            message = exc.message if isinstance(exc, PrintFailed) else fill(self.tr("打印机出错：%1"), exc)
            log.warning("receipt %s did not print on %s: %s", copy.receipt.receipt_no, name, exc)
            self._preview(copy, error=message)  # nothing was logged: the copy number is still free

        self.ctx.tasks.run(lambda: print_copy(ctx, copy, printer, name), done, failed)

    def _where(self, where: str) -> str:
        if where.startswith(SAVED_PREFIX):
            return fill(self.tr("已另存为PDF %1"), Path(where[len(SAVED_PREFIX):]).name)
        return fill(self.tr("已送打印机 %1"), printer_label(where))

    def _printed_text(self, copy: IssuedCopy) -> str:
        reprint = fill(self.tr("（补打，第%1联）"), copy.info.copy_no) if copy.info.reprint else ""
        text = fill(self.tr("收据 %1%2 %3"), copy.receipt.receipt_no, reprint, self._where(copy.where))
        if not copy.honest:
            text += fill(self.tr("；该收据同时在别处打印，纸面联次（第%1联）有误，请收回后补打"), copy.shown_copy_no)
        return text

    def _note(self, copy_no: int, printed: int = 0) -> str:
        if printed:
            return fill(self.tr("已出具第%1联；再次打印为补打（第%2联）"), printed, printed + 1)
        if copy_no > 1:
            return fill(self.tr("补打（第%1联）"), copy_no)
        # Saving as PDF counts as issued: it is a deliberate act of the clerk (a hall without a
        # roll printer hands the customer the file or prints it elsewhere). Closing does not.
        return self.tr("第1联　·　关闭预览不算已打印：请打印 (Ctrl+P) 或另存为PDF (Ctrl+S)，否则不能交班")

    def _preview(self, copy: ReceiptCopy, error: str = "") -> None:
        receipt = copy.receipt
        ctx = self.ctx
        kind = {PaymentKind.PAYMENT: self.tr("收费收据"), PaymentKind.REVERSAL: self.tr("冲正凭证"),
                PaymentKind.REFUND: self.tr("退费凭证")}
        title = fill(self.tr("%1 %2"), kind.get(receipt.kind, self.tr("收据")), receipt.receipt_no)
        head = fill(self.tr("%1　户号 %2　%3"), receipt.customer_name, receipt.account_no, ctx.settings.receipt_paper)
        if not ctx.settings.receipt_printer:
            head += self.tr("　·　未设置收据打印机（系统 → 打印机设置）")

        def note(printed: int = 0) -> str:
            return f"{head}\n{self._note(copy.copy_no, printed)}"

        copies = _PreviewCopies(ctx, copy)
        issued: list[IssuedCopy] = []

        def on_issued(dialog: PdfPreviewDialog, done: IssuedCopy) -> None:
            issued.append(done)
            self._issued(done)
            dialog.note.setText(note(done.info.copy_no))

        try:
            dialog = PdfPreviewDialog(ctx, copy.pdf, title, f"收据_{receipt.receipt_no}.pdf", self.parent_widget,
                                      printer_name=ctx.settings.receipt_printer, note=note(), error=error,
                                      copies=copies)
        except PrintFailed as exc:
            dialog = None
            ctx.dialogs.error(self.parent_widget, title, exc.message)
        if dialog is not None:
            dialog.issued.connect(lambda done, d=dialog: on_issued(d, done))
            try:
                ctx.dialogs.run(dialog)
                self.last_preview_text = dialog.text()
            finally:
                dialog.deleteLater()
        self.busy = False
        if issued:
            self.report(self._printed_text(issued[-1]), not issued[-1].honest)
        elif not copy.reprint:
            self.report(self._unprinted_text(receipt), True)
        self.finished.emit()

    def _unprinted_text(self, receipt: Receipt) -> str:
        # Right after a payment this replaces "已收费 …，找零 …" in the status line: keep the figures.
        figures = yuan(receipt.amount_fen)
        if receipt.change_fen:
            figures += fill(self.tr("，找零 %1"), yuan(receipt.change_fen))
        kind = {PaymentKind.REVERSAL: self.tr("冲正凭证"),
                PaymentKind.REFUND: self.tr("退费凭证")}.get(receipt.kind, self.tr("收据"))
        return fill(self.tr("%1 %2（%3）未打印：交班前须打印（缴费记录中选中按 Ctrl+P，或交班时按 Ctrl+P）"),
            kind, receipt.receipt_no, figures)
