"""Printing an application's documents (业务受理回执, 用电申请表) from the screens, through the
shared logged-document preview (ui/printing/documents.py): each copy that went out is a print
record, copy 2+ is 补打.

``ApplicationDocuments(ctx, parent, report).show(application_id, doc_type)``; ``issued`` after
a logged copy, ``finished`` when the preview closed (or rendering failed).
"""

from __future__ import annotations

import uuid

from app.domain.codes import DocType
from app.services import application_prints
from ui.printing.documents import DocumentCopy, LoggedDocuments


class ApplicationDocuments(LoggedDocuments):
    def title_of(self, doc_type: DocType) -> str:
        return self.tr("业务受理回执") if doc_type == DocType.APPLICATION_RECEIPT else self.tr("用电申请表")

    def show(self, application_id: uuid.UUID, doc_type: DocType) -> bool:
        """Render and preview the next copy; False while another is being shown."""
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None

        def render() -> DocumentCopy:
            doc = application_prints.render_document(ctx.db, actor, application_id, doc_type, ctx.settings.node_code)
            return DocumentCopy(doc.pdf, doc.copy_no, doc.application_no)

        return self.preview(doc_type, application_id, self.title_of(doc_type), render)
