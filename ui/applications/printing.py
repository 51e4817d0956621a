"""Printing an application's documents (业务受理回执, 用电申请表) from the screens: render the
next copy off the UI thread, show it in the preview, and log each copy that really went out
(printed, or saved as PDF) — copy 2+ is 补打, as for bill statements (ui/billing/tab.py).

``ApplicationDocuments(ctx, parent, report).show(application_id, doc_type)``; ``issued`` after
a logged copy, ``finished`` when the preview closed (or rendering failed).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.domain.codes import DocType
from app.dto.payments import PrintInfo
from app.services import application_prints
from app.services import payments as payment_service
from app.services.application_prints import RenderedDocument
from ui.context import UiContext
from ui.i18n import fill
from ui.printing.preview import SAVED_PREFIX, PdfPreviewDialog
from ui.printing.printer import PrintFailed, printer_label
from ui.printing.show import render_error
from ui.widgets import alive

#: the paper of both documents (print_record.paper)
DOCUMENT_PAPER = "A4"


@dataclass(frozen=True)
class IssuedDocument:
    doc_type: DocType
    application_no: str
    info: PrintInfo
    where: str


class _Copies:
    """The preview's CopyLog (ui/printing/preview.py) for one document of one application."""

    def __init__(self, ctx: UiContext, shown: RenderedDocument) -> None:
        self.ctx = ctx
        self.shown = shown

    def _render(self) -> RenderedDocument:
        actor = self.ctx.actor
        assert actor is not None
        return application_prints.render_document(
            self.ctx.db, actor, self.shown.application_id, self.shown.doc_type, self.ctx.settings.node_code
        )

    def prepare(self) -> bytes:
        fresh = self._render()  # another counter may have printed a copy meanwhile
        if fresh.copy_no != self.shown.copy_no:
            self.shown = fresh
        return self.shown.pdf

    def record(self, data: bytes, where: str) -> IssuedDocument:
        actor = self.ctx.actor
        assert actor is not None
        shown = self.shown
        info = payment_service.record_print(
            self.ctx.db, actor, shown.doc_type, shown.application_id, shown.application_no,
            printer=where, paper=DOCUMENT_PAPER,
        )
        return IssuedDocument(shown.doc_type, shown.application_no, info, where)


class ApplicationDocuments(QObject):
    issued = Signal(object)  # IssuedDocument
    finished = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget, report) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.report = report  # (text, error: bool) -> None
        self.busy = False
        self.last_dialog: PdfPreviewDialog | None = None

    def title_of(self, doc_type: DocType) -> str:
        return self.tr("业务受理回执") if doc_type == DocType.APPLICATION_RECEIPT else self.tr("用电申请表")

    def show(self, application_id: uuid.UUID, doc_type: DocType) -> bool:
        """Render and preview the next copy; False while another is being shown."""
        if self.busy:
            return False
        self.busy = True
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: application_prints.render_document(ctx.db, actor, application_id, doc_type, ctx.settings.node_code),
            self._rendered,
            self._failed,
        )
        return True

    def _failed(self, exc: BaseException) -> None:
        # Not the runner's default: render_error words a missing template for the report line.
        self.busy = False
        if alive(self):
            self.report(render_error(exc, self.tr("业务单据")), True)
            self.finished.emit()

    def _rendered(self, doc: RenderedDocument) -> None:
        if not alive(self):
            self.busy = False
            return
        what = self.title_of(doc.doc_type)
        title = fill(self.tr("%1 %2"), what, doc.application_no)
        if doc.copy_no > 1:
            note = fill(self.tr("补打（第%1份）　·　打印或另存为PDF记入打印记录，仅预览不记录"), doc.copy_no)
        else:
            note = self.tr("打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 记入打印记录；仅预览不记录")
        try:
            dialog = PdfPreviewDialog(self.ctx, doc.pdf, title, f"{what}_{doc.application_no}.pdf",
                                      self.parent_widget, note=note, copies=_Copies(self.ctx, doc))
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
            where = fill(self.tr("已另存为PDF %1"), Path(copy.where[len(SAVED_PREFIX):]).name)
        else:
            where = fill(self.tr("已送打印机 %1"), printer_label(copy.where))
        reprint = fill(self.tr("（补打，第%1份）"), copy.info.copy_no) if copy.info.reprint else ""
        self.report(fill(self.tr("%1 %2%3 %4"), self.title_of(copy.doc_type), copy.application_no, reprint, where),
                    False)
        self.issued.emit(copy)
