"""Logged documents from the screens (业务受理回执, 用电申请表, 诉求受理回执): render the next copy
off the UI thread, show it in the preview, and log each copy that really went out (printed, or
saved as PDF) through ``payments.record_print`` — copy 2+ is 补打, as for bill statements
(ui/billing/tab.py). Closing the preview logs nothing.

A feature describes its document with a ``render`` function (run on a worker; returns a
:class:`DocumentCopy`, the copy number peeked from the print records) and calls
``LoggedDocuments(ctx, parent, report).preview(doc_type, doc_id, what, render)``; ``issued``
after a logged copy, ``finished`` when the preview closed (or rendering failed).
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
from ui.context import UiContext
from ui.i18n import fill
from ui.printing.preview import SAVED_PREFIX, PdfPreviewDialog
from ui.printing.printer import PrintFailed, printer_label
from ui.printing.show import render_error
from ui.widgets import alive

#: the paper of these documents (print_record.paper)
DOCUMENT_PAPER = "A4"

Report = Callable[[str, bool], None]


@dataclass(frozen=True)
class DocumentCopy:
    """One rendered copy: the PDF, the copy it is, and the document's number (its doc_no)."""

    pdf: bytes
    copy_no: int
    doc_no: str


@dataclass(frozen=True)
class IssuedDocument:
    doc_type: DocType
    doc_no: str
    what: str  # the document's name, as the report line says it
    info: PrintInfo
    where: str


class _Copies:
    """The preview's CopyLog (ui/printing/preview.py) for one document."""

    def __init__(
        self, ctx: UiContext, doc_type: DocType, doc_id: uuid.UUID, what: str,
        render: Callable[[], DocumentCopy], shown: DocumentCopy,
    ) -> None:
        self.ctx = ctx
        self.doc_type = doc_type
        self.doc_id = doc_id
        self.what = what
        self.render = render
        self.shown = shown

    def prepare(self) -> bytes:
        fresh = self.render()  # another counter may have printed a copy meanwhile
        if fresh.copy_no != self.shown.copy_no:
            self.shown = fresh
        return self.shown.pdf

    def record(self, data: bytes, where: str) -> IssuedDocument:
        actor = self.ctx.actor
        assert actor is not None
        info = payment_service.record_print(
            self.ctx.db, actor, self.doc_type, self.doc_id, self.shown.doc_no, printer=where, paper=DOCUMENT_PAPER
        )
        return IssuedDocument(self.doc_type, self.shown.doc_no, self.what, info, where)


class LoggedDocuments(QObject):
    issued = Signal(object)  # IssuedDocument
    finished = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget, report: Report) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.report = report  # (text, error: bool) -> None
        self.busy = False
        self.last_dialog: PdfPreviewDialog | None = None

    def preview(
        self, doc_type: DocType, doc_id: uuid.UUID, what: str, render: Callable[[], DocumentCopy]
    ) -> bool:
        """Render and preview the next copy of ``what``; False while another is being shown."""
        if self.busy:
            return False
        self.busy = True
        self.ctx.tasks.run(
            render, lambda copy: self._rendered(doc_type, doc_id, what, render, copy), lambda exc: self._failed(exc, what)
        )
        return True

    def _failed(self, exc: BaseException, what: str) -> None:
        # Not the runner's default: render_error words a missing template for the report line.
        self.busy = False
        if alive(self):
            self.report(render_error(exc, what), True)
            self.finished.emit()

    def _rendered(
        self, doc_type: DocType, doc_id: uuid.UUID, what: str, render: Callable[[], DocumentCopy], doc: DocumentCopy
    ) -> None:
        if not alive(self):
            self.busy = False
            return
        title = fill(self.tr("%1 %2"), what, doc.doc_no)
        if doc.copy_no > 1:
            note = fill(self.tr("补打（第%1份）　·　打印或另存为PDF记入打印记录，仅预览不记录"), doc.copy_no)
        else:
            note = self.tr("打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 记入打印记录；仅预览不记录")
        try:
            dialog = PdfPreviewDialog(
                self.ctx, doc.pdf, title, f"{what}_{doc.doc_no}.pdf", self.parent_widget, note=note,
                copies=_Copies(self.ctx, doc_type, doc_id, what, render, doc),
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
        if not isinstance(copy, IssuedDocument):
            return
        if copy.where.startswith(SAVED_PREFIX):
            where = fill(self.tr("已另存为PDF %1"), Path(copy.where[len(SAVED_PREFIX) :]).name)
        else:
            where = fill(self.tr("已送打印机 %1"), printer_label(copy.where))
        reprint = fill(self.tr("（补打，第%1份）"), copy.info.copy_no) if copy.info.reprint else ""
        self.report(fill(self.tr("%1 %2%3 %4"), copy.what, copy.doc_no, reprint, where), False)
        self.issued.emit(copy)
