"""Printing a work order's acknowledgement (诉求受理回执) from the screens: render the next copy off
the UI thread (``workorder_prints.render_receipt``), show it in the preview, and log each copy
that really went out (printed, or saved as PDF) with ``payments.record_print(…,
DocType.WORKORDER_RECEIPT, …)`` — copy 2+ is 补打. The work-order twin of
ui/applications/printing.py (a feature package does not import another's).

``ReceiptPrinter(ctx, parent, report).show(work_order_id)``; ``issued`` after a logged copy,
``finished`` when the preview closed (or rendering failed).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.codes import DocType
from app.dto.payments import PrintInfo
from app.services import payments as payment_service
from app.services import workorder_prints
from app.services.workorder_prints import RenderedReceipt
from ui.context import UiContext
from ui.i18n import fill
from ui.printing.preview import SAVED_PREFIX, PdfPreviewDialog
from ui.printing.printer import PrintFailed, printer_label
from ui.printing.show import render_error
from ui.widgets import alive

RECEIPT_PAPER = "A4"
Report = Callable[[str, bool], None]


@dataclass(frozen=True)
class IssuedReceipt:
    order_no: str
    info: PrintInfo
    where: str


class _Copies:
    """The preview's CopyLog (ui/printing/preview.py) for one order's acknowledgement."""

    def __init__(self, ctx: UiContext, shown: RenderedReceipt) -> None:
        self.ctx = ctx
        self.shown = shown

    def prepare(self) -> bytes:
        actor = self.ctx.actor
        assert actor is not None
        fresh = workorder_prints.render_receipt(
            self.ctx.db, actor, self.shown.work_order_id, self.ctx.settings.node_code
        )
        if fresh.copy_no != self.shown.copy_no:  # another counter printed a copy meanwhile
            self.shown = fresh
        return self.shown.pdf

    def record(self, data: bytes, where: str) -> IssuedReceipt:
        actor = self.ctx.actor
        assert actor is not None
        shown = self.shown
        info = payment_service.record_print(
            self.ctx.db,
            actor,
            DocType.WORKORDER_RECEIPT,
            shown.work_order_id,
            shown.order_no,
            printer=where,
            paper=RECEIPT_PAPER,
        )
        return IssuedReceipt(shown.order_no, info, where)


class ReceiptPrinter(QObject):
    issued = Signal(object)  # IssuedReceipt
    finished = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget, report: Report) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.report = report
        self.busy = False
        self.last_dialog: PdfPreviewDialog | None = None

    def show(self, work_order_id: uuid.UUID) -> bool:
        """Render and preview the next copy; False while another is being shown."""
        if self.busy:
            return False
        self.busy = True
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: workorder_prints.render_receipt(ctx.db, actor, work_order_id, ctx.settings.node_code),
            self._rendered,
            self._failed,
        )
        return True

    def _failed(self, exc: BaseException) -> None:
        # Not the runner's default: render_error words a missing template for the report line.
        self.busy = False
        if alive(self):
            self.report(render_error(exc, self.tr("受理回执")), True)
            self.finished.emit()

    def _rendered(self, doc: RenderedReceipt) -> None:
        if not alive(self):
            self.busy = False
            return
        what = self.tr("诉求受理回执")
        title = fill(self.tr("%1 %2"), what, doc.order_no)
        if doc.reprint:
            note = fill(self.tr("补打（第%1份）　·　打印或另存为PDF记入打印记录，仅预览不记录"), doc.copy_no)
        else:
            note = self.tr("打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 记入打印记录；仅预览不记录")
        try:
            dialog = PdfPreviewDialog(
                self.ctx,
                doc.pdf,
                title,
                f"{what}_{doc.order_no}.pdf",
                self.parent_widget,
                note=note,
                copies=_Copies(self.ctx, doc),
            )
        except PrintFailed as exc:
            self.busy = False
            self.report(exc.message, True)
            self.finished.emit()
            return
        dialog.issued.connect(self._issued)
        self.last_dialog = dialog
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()
            self.busy = False
            self.finished.emit()

    def _issued(self, copy: object) -> None:
        if not isinstance(copy, IssuedReceipt):
            return
        if copy.where.startswith(SAVED_PREFIX):
            where = fill(self.tr("已另存为PDF %1"), Path(copy.where[len(SAVED_PREFIX) :]).name)
        else:
            where = fill(self.tr("已送打印机 %1"), printer_label(copy.where))
        reprint = fill(self.tr("（补打，第%1份）"), copy.info.copy_no) if copy.info.reprint else ""
        self.report(fill(self.tr("受理回执 %1%2 %3"), copy.order_no, reprint, where), False)
        self.issued.emit(copy)
