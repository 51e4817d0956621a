"""The acknowledgement of a work order (诉求受理回执), rendered from the stored order as the real
path prints it, with the copy number the next print will log.

Rendering reads only; a copy counts as printed when the UI logs it (``payments.record_print``
with ``DocType.WORKORDER_RECEIPT``) after it really went out, as for the application documents
(app/services/application_prints.py). Copy 2+ says 补打.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.codes import DocType
from app.dto.common import Actor
from app.printing.workorder_receipt import render_workorder_receipt, workorder_print
from app.services import workorder_reads
from app.services.permissions import require
from app.services.setup import local_node
from db.engine import Database
from db.models import PrintRecord, User

__all__ = ["RenderedReceipt", "render_receipt"]


@dataclass(frozen=True)
class RenderedReceipt:
    work_order_id: uuid.UUID
    order_no: str
    copy_no: int  # the copy this PDF is (peeked: logged only when it goes out)
    pdf: bytes
    doc_type: DocType = DocType.WORKORDER_RECEIPT

    @property
    def reprint(self) -> bool:
        return self.copy_no > 1


def render_receipt(
    db: Database, actor: Actor, work_order_id: uuid.UUID, node_code: str = ""
) -> RenderedReceipt:
    """The next copy of the order's acknowledgement, from what is stored (the detail as
    ``get_work_order`` shows it to this actor; the phone is masked on paper anyway)."""
    require(actor, "workorder.view")
    detail = workorder_reads.get_work_order(db, actor, work_order_id)
    node = local_node(db, node_code)
    with db.read() as session:
        clerk = session.scalar(select(User).where(User.username == detail.row.accepted_by))
        printed = session.scalar(
            select(func.count())
            .select_from(PrintRecord)
            .where(PrintRecord.doc_type == DocType.WORKORDER_RECEIPT, PrintRecord.doc_id == work_order_id)
        )
    copy_no = int(printed or 0) + 1
    printable = workorder_print(
        detail,
        hall_name=node.name,
        node_code=node.code,
        company=node.company,
        clerk_name=clerk.display_name if clerk else detail.row.accepted_by,
        clerk_no=clerk.employee_no if clerk else "",
        printed_at=dt.datetime.now(),
    )
    pdf = render_workorder_receipt(printable, reprint=copy_no > 1, copy_no=copy_no)
    return RenderedReceipt(work_order_id, detail.row.order_no, copy_no, pdf)
