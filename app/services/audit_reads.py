"""Reads of the supervisor's audit view (审计, issue 10 item 8; docs/audit.md#the-audit-view).

* :func:`list_operations`: the operation log filtered by clerk, customer, type, date and node,
  newest first, a page at a time;
* :func:`operation_detail`: one record as stored (personal data is masked / fingerprinted in the
  payload, docs/privacy.md; the full values of records older than that change are masked here
  for display, never the other way round);
* :func:`verify`: the chain verification and the reconcile, exactly what ``main.py verify-log``
  runs (:func:`app.services.audit.run_audit`), as a DTO;
* :func:`list_anchors`: the stored anchors and whether the record at each one's seq carries its hash.

Permission ``audit.view`` (supervisors and administrators).

How the list stays fast on a large log: records are ordered by ``op_id`` (a UUIDv7, time-ordered,
the primary key), and a date range becomes a range of ``op_id`` (the first UUIDv7 of the day's
first and of the next day's first millisecond), so both use the primary key's index. A customer
is matched through the ``(entity_type, entity_id)`` index: the records about the customer row
and about the customer's payments, bills, applications, work orders and their prints, the
customer's service ratings, and the outages that concern the customer (those his work orders
were linked to, and those whose scope covers his supply point).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, literal, select, union_all
from sqlalchemy.orm import Session

from app.domain.codes import DocType, OpType
from app.domain.errors import NotFound, ValidationError, ValidationErrors
from app.domain.masking import mask_id, mask_phone
from app.dto.audit import (
    AnchorRow,
    AuditResult,
    ChainResult,
    OperationDetail,
    OperationFilter,
    OperationPage,
    OperationRow,
)
from app.dto.common import Actor
from app.services import audit
from app.services.outages import covers_supply_point
from app.services.permissions import require
from db.engine import Database
from db.models import (
    Application,
    Bill,
    Customer,
    LogAnchor,
    Node,
    Operation,
    OutageScope,
    Payment,
    ServiceRating,
    User,
    WorkOrder,
)

PAGE_SIZE = 100
MAX_PAGE_SIZE = 500

#: the entity types whose records are about one customer (entity_id: the customer's own row, or
#: one of its payments, bills, applications; a print names the document it printed)
CUSTOMER_ENTITY_TYPES = (
    "customer",
    "payment",
    "bill",
    "application",
    DocType.RECEIPT,
    DocType.BILL_STATEMENT,
    DocType.APPLICATION_RECEIPT,
    DocType.APPLICATION_FORM,
    "work_order",
    DocType.WORKORDER_RECEIPT,
    "service_rating",
    "outage",
)

#: payload members shown, in this order, as the row's short summary
_SUMMARY_KEYS = (
    "receipt_no",
    "reverses_receipt_no",
    "account_no",
    "application_no",
    "bill_no",
    "doc_no",
    "session_no",
    "username",
    "seq",
)


# ---- the list ----------------------------------------------------------------------------------


def op_id_floor(moment: dt.datetime) -> uuid.UUID:
    """The smallest UUIDv7 of ``moment``'s millisecond: every record written at or after
    ``moment`` has an op_id at least this (db/keys.py)."""
    ms = int(moment.timestamp() * 1000)
    return uuid.UUID(int=((ms & ((1 << 48) - 1)) << 80) | (0x7 << 76) | (0b10 << 62))


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in the local time zone (the records' occurred_at is local time)."""
    return dt.datetime.combine(day, dt.time()).astimezone()


def _resolve(session: Session, flt: OperationFilter) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The customer of the account number and the node of the node code (ValidationErrors)."""
    errors = []
    customer_id = node_id = None
    account_no = flt.account_no.strip()
    if account_no:
        customer_id = session.scalar(select(Customer.id).where(Customer.account_no == account_no))
        if customer_id is None:
            errors.append(ValidationError("account_no", "户号{account_no}不存在", account_no=account_no))
    if flt.node_code.strip():
        node_id = session.scalar(select(Node.id).where(Node.code == flt.node_code.strip()))
        if node_id is None:
            errors.append(ValidationError("node_code", "节点{code}不存在", code=flt.node_code.strip()))
    if flt.op_type and flt.op_type not in {t.value for t in OpType}:
        errors.append(ValidationError("op_type", "没有这种操作类型"))
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        errors.append(ValidationError("date_to", "结束日期不能早于开始日期"))
    if errors:
        raise ValidationErrors(errors)
    return customer_id, node_id


def _customer_condition(session: Session, customer_id: uuid.UUID) -> ColumnElement[bool]:
    """Records about the customer: its own row, its payments, bills, applications and work
    orders (and their prints), its service ratings (of any transaction), the outages its work
    orders were linked to and the outages whose scope covers its supply point (线路, 台区 or
    address; as the outage screens match them). Bill runs and imports (of bills, of outages)
    name no customer; they are not matched."""
    customer = session.get(Customer, customer_id)
    assert customer is not None  # resolved just before
    ids = union_all(
        select(literal(customer_id, Payment.id.type)),
        select(Payment.id).where(Payment.customer_id == customer_id),
        select(Bill.id).where(Bill.customer_id == customer_id),
        select(Application.id).where(Application.customer_id == customer_id),
        select(WorkOrder.id).where(WorkOrder.customer_id == customer_id),
        select(ServiceRating.id).where(ServiceRating.customer_id == customer_id),
        select(WorkOrder.outage_id).where(
            WorkOrder.customer_id == customer_id, WorkOrder.outage_id.is_not(None)
        ),
        select(OutageScope.outage_id).where(
            covers_supply_point(customer.supply_line, customer.transformer_area, customer.supply_address)
        ),
    ).subquery()
    return and_(Operation.entity_type.in_(CUSTOMER_ENTITY_TYPES), Operation.entity_id.in_(select(ids.c[0])))


def _conditions(session: Session, flt: OperationFilter) -> list[ColumnElement[bool]]:
    customer_id, node_id = _resolve(session, flt)
    where: list[ColumnElement[bool]] = []
    if flt.actor.strip():
        where.append(Operation.actor == flt.actor.strip())
    if flt.op_type:
        where.append(Operation.op_type == flt.op_type)
    if node_id is not None:
        where.append(Operation.node_id == node_id)
    if customer_id is not None:
        where.append(_customer_condition(session, customer_id))
    if flt.date_from is not None:
        where.append(Operation.op_id >= op_id_floor(_day_start(flt.date_from)))
    if flt.date_to is not None:
        where.append(Operation.op_id < op_id_floor(_day_start(flt.date_to + dt.timedelta(days=1))))
    return where


def _summary(payload: dict[str, Any]) -> str:
    values = [str(payload[k]) for k in _SUMMARY_KEYS if payload.get(k) not in (None, "")]
    return " · ".join(values[:3])


def _row(op: Operation, node_code: str, payload: dict[str, Any] | None = None) -> OperationRow:
    if payload is None:
        payload = _payload(op.payload)
    return OperationRow(
        op.op_id,
        node_code,
        int(op.seq),
        op.op_type,
        op.entity_type,
        op.entity_id,
        op.actor,
        op.occurred_at,
        _summary(payload),
    )


def _payload(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def list_operations(
    db: Database, actor: Actor, flt: OperationFilter | None = None, page: int = 0, page_size: int = PAGE_SIZE
) -> OperationPage:
    """A page of the records ``flt`` selects, newest first (``has_more``: a next page exists)."""
    require(actor, "audit.view")
    flt = flt or OperationFilter()
    page = max(0, int(page))
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    with db.read() as session:
        where = _conditions(session, flt)
        result = session.execute(
            select(Operation, Node.code)
            .join(Node, Node.id == Operation.node_id)
            .where(*where)
            .order_by(Operation.op_id.desc())
            .offset(page * page_size)
            .limit(page_size + 1)
        ).all()
        rows = [_row(op, code) for op, code in result[:page_size]]
    return OperationPage(rows, page, page_size, len(result) > page_size)


def actors(db: Database, actor: Actor) -> list[str]:
    """The user names the filter offers (every user; records of deleted users are found by typing)."""
    require(actor, "audit.view")
    with db.read() as session:
        return list(session.scalars(select(User.username).order_by(User.username)))


# ---- one record --------------------------------------------------------------------------------


def _mask_value(key: str, value: Any) -> Any:
    kind = audit.PII_FIELDS.get(key)
    if isinstance(value, str) and value:
        return mask_id(value) if kind == "id" else mask_phone(value)
    if isinstance(value, list):  # UpdateCustomer's changes: [old, new]
        return [_mask_value(key, v) for v in value]
    return value  # {"masked", "hmac"} as stored, or empty


def masked_payload(value: Any) -> Any:
    """The payload with any full ID number or phone (records older than docs/privacy.md's change)
    masked as the screens mask them; masked / fingerprinted values stay as stored."""
    if isinstance(value, dict):
        return {
            k: _mask_value(k, v) if k in audit.PII_FIELDS else masked_payload(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [masked_payload(v) for v in value]
    return value


def operation_detail(db: Database, actor: Actor, op_id: uuid.UUID) -> OperationDetail:
    require(actor, "audit.view")
    with db.read() as session:
        found = session.execute(
            select(Operation, Node.code)
            .join(Node, Node.id == Operation.node_id)
            .where(Operation.op_id == op_id)
        ).first()
        if found is None:
            raise NotFound("操作记录不存在")
        op, code = found
        try:
            parsed: Any = json.loads(op.payload)
        except ValueError:
            parsed = None
        text = (
            op.payload
            if parsed is None
            else json.dumps(masked_payload(parsed), ensure_ascii=False, indent=2, sort_keys=True)
        )
        payload = parsed if isinstance(parsed, dict) else {}
        return OperationDetail(_row(op, code, payload), text, op.payload_hash, op.prev_hash, op.hash)


# ---- verification and anchors --------------------------------------------------------------------


def verify(db: Database, actor: Actor) -> AuditResult:
    """The chain of every node against every stored anchor, and the reconcile: what
    ``main.py verify-log`` runs and prints (``lines``), as a DTO."""
    require(actor, "audit.view")
    report = audit.run_audit(db)
    chains = [
        ChainResult(
            c.node_code,
            c.records,
            c.ok,
            c.first_broken_seq,
            c.problem,
            c.head_seq,
            c.head_hash,
            c.anchors_checked,
        )
        for c in report.chains
    ]
    rec = report.reconcile
    return AuditResult(
        report.ok,
        chains,
        rec.ok,
        rec.payments,
        rec.bills,
        [str(f) for f in rec.findings],
        list(rec.notes),
        [*report.lines(), report.conclusion()],
    )


def list_anchors(db: Database, actor: Actor, limit: int = 1000) -> list[AnchorRow]:
    """The stored anchors, newest first, each compared with the record at its seq."""
    require(actor, "audit.view")
    with db.read() as session:
        rows = session.execute(
            select(LogAnchor, Node.code, Operation.hash)
            .join(Node, Node.id == LogAnchor.node_id)
            .outerjoin(
                Operation, and_(Operation.node_id == LogAnchor.node_id, Operation.seq == LogAnchor.seq)
            )
            .order_by(LogAnchor.recorded_at.desc(), LogAnchor.id.desc())
            .limit(limit)
        ).all()
        out = []
        for a, code, op_hash in rows:
            status = (
                "missing" if op_hash is None else "ok" if op_hash.startswith(a.hash.lower()) else "mismatch"
            )
            out.append(
                AnchorRow(
                    a.id, code, int(a.seq), a.hash, a.recorded_at, a.recorded_by, a.source, a.note, status
                )
            )
        return out
