"""The two printed documents of an application (业务受理回执, 用电申请表), rendered from the stored
application as the real path prints them, with the copy number the next print will log.

Rendering reads only; a copy counts as printed when the UI logs it (``payments.record_print``
with ``DocType.APPLICATION_RECEIPT`` / ``APPLICATION_FORM``) after it really went out, as for
receipts (ui/printing/receipts.py). Copy 2+ says 补打.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.codes import DocType
from app.dto.common import Actor
from app.printing.application_form import render_application_form
from app.printing.application_receipt import application_print, render_application_receipt
from app.services import application_reads, applications
from app.services.permissions import require
from app.services.setup import local_node
from db.engine import Database
from db.models import PrintRecord, User

#: what each document type renders with
APPLICATION_DOCUMENTS = (DocType.APPLICATION_RECEIPT, DocType.APPLICATION_FORM)


@dataclass(frozen=True)
class RenderedDocument:
    doc_type: DocType
    application_id: uuid.UUID
    application_no: str
    copy_no: int  # the copy this PDF is (peeked: logged only when it goes out)
    pdf: bytes

    @property
    def reprint(self) -> bool:
        return self.copy_no > 1


def render_document(
    db: Database, actor: Actor, application_id: uuid.UUID, doc_type: DocType, node_code: str = ""
) -> RenderedDocument:
    """The next copy of ``doc_type`` for the application, from what is stored (the detail as
    ``get_application`` shows it to this actor: ID numbers and phones masked on paper anyway)."""
    require(actor, "application.view")
    if doc_type not in APPLICATION_DOCUMENTS:
        raise ValueError(f"not an application document: {doc_type}")
    detail = application_reads.get_application(db, actor, application_id)
    node = local_node(db, node_code)
    with db.read() as session:
        clerk = session.scalar(select(User).where(User.username == detail.row.accepted_by))
        printed = session.scalar(
            select(func.count())
            .select_from(PrintRecord)
            .where(PrintRecord.doc_type == doc_type, PrintRecord.doc_id == application_id)
        )
    copy_no = int(printed or 0) + 1
    printable = application_print(
        detail,
        applications.catalogue_in_force(db, detail.catalogue_version),
        hall_name=node.name,
        node_code=node.code,
        company=node.company,
        clerk_name=clerk.display_name if clerk else detail.row.accepted_by,
        clerk_no=clerk.employee_no if clerk else "",
        printed_at=dt.datetime.now(),
    )
    render = render_application_receipt if doc_type == DocType.APPLICATION_RECEIPT else render_application_form
    pdf = render(printable, reprint=copy_no > 1, copy_no=copy_no)
    return RenderedDocument(doc_type, application_id, detail.row.application_no, copy_no, pdf)
