"""Printing a work order's acknowledgement (诉求受理回执) from the screens, through the shared
logged-document preview (ui/printing/documents.py): each copy that went out is a print record
(``DocType.WORKORDER_RECEIPT``), copy 2+ is 补打.

``ReceiptPrinter(ctx, parent, report).show(work_order_id)``; ``issued`` after a logged copy,
``finished`` when the preview closed (or rendering failed).
"""

from __future__ import annotations

import uuid

from app.domain.codes import DocType
from app.services import workorder_prints
from ui.printing.documents import DocumentCopy, LoggedDocuments


class ReceiptPrinter(LoggedDocuments):
    def show(self, work_order_id: uuid.UUID) -> bool:
        """Render and preview the next copy; False while another is being shown."""
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None

        def render() -> DocumentCopy:
            doc = workorder_prints.render_receipt(ctx.db, actor, work_order_id, ctx.settings.node_code)
            return DocumentCopy(doc.pdf, doc.copy_no, doc.order_no)

        return self.preview(DocType.WORKORDER_RECEIPT, work_order_id, self.tr("诉求受理回执"), render)
