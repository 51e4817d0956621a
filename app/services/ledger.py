"""Reading and locking the customer's ledger (客户账) in the caller's unit of work.

The rules are :mod:`app.domain.ledger`; this module loads :class:`~app.domain.ledger.Ledger`
values from the rows (one customer, or many for the bill run and the imports), locks the
customer before a posting, and writes the ``offset`` payment (预存抵扣) a plan asks for. Every
function runs inside a Session the caller opened (docs/money-path.md).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from app.domain.codes import PaymentKind
from app.domain.errors import NotFound
from app.domain.late_fees import LateFeeRules
from app.domain.ledger import Ledger, LedgerBill, OpenBillRow, Standing, plan_offset
from app.domain.periods import local_date
from app.dto.common import Actor
from app.services import hall_rules
from db.bulk import fast_insert, in_chunks
from db.keys import uuid7
from db.models import Bill, Customer, Payment, PaymentAllocation, utcnow

__all__ = [
    "OffsetPayment",
    "balance",
    "balance_fen",
    "late_fee_rules",
    "load_ledger",
    "load_open_ledgers",
    "insert_offsets",
    "lock_customer",
    "offset_payment",
    "open_bills",
    "settle_credit",
    "standing",
]


def late_fee_rules(session: Session, customer_id: uuid.UUID) -> LateFeeRules:
    """The late-fee rules of the hall that owns the customer (rates, grace days, minimum), read
    in the caller's unit of work (hall rules, docs/hall-rules.md)."""
    return hall_rules.for_customer(session, customer_id).late_fee_rules()


#: the advisory locks that order a customer's move against the writers under him (the same
#: class and bucket as app/sync/triggers.py MOVE_LOCK_CLASS / _bucket; docs/sync.md#scope-moves)
MOVE_LOCK_CLASS = 20611


def lock_customer(session: Session, customer_id: uuid.UUID) -> Customer:
    """The customer row, locked until commit on PostgreSQL (SQLite writers are serialised by
    BEGIN IMMEDIATE): balances read after this cannot change under us. populate_existing: the
    row is re-read under the lock even if this Session saw it earlier.

    On PostgreSQL the customer's move lock is taken **shared first** (docs/sync.md#scope-moves,
    "Writers during a move"): a writer always takes bucket, then row, so a move holding the
    bucket (several customers moved in one transaction) never waits for a row this writer holds
    while the writer waits for the bucket — no deadlock; the writer waits for the move."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock_shared(:cls, get_byte(uuid_send(CAST(:id AS uuid)), 15))"),
            {"cls": MOVE_LOCK_CLASS, "id": str(customer_id)},
        )
    customer = session.scalar(
        select(Customer)
        .where(Customer.id == customer_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if customer is None:
        raise NotFound("客户不存在")
    return customer


# ---- loading ------------------------------------------------------------------------------------

_BILL_COLUMNS = (
    Bill.id,
    Bill.bill_no,
    Bill.period,
    Bill.bill_type,
    Bill.amount_fen,
    Bill.due_date,
    Bill.issued_at,
    Bill.adjusts_bill_id,
)
_POSTING_COLUMNS = (
    Payment.id,
    Payment.prepaid_fen,
    Payment.posted_at,
    PaymentAllocation.bill_id,
    PaymentAllocation.principal_fen,
    PaymentAllocation.late_fee_fen,
)


def _ledger_bill(row: Sequence[Any]) -> LedgerBill:
    """A LedgerBill from a row of :data:`_BILL_COLUMNS`."""
    return LedgerBill(row[0], row[1], row[2], row[3], int(row[4]), row[5], row[6], adjusts_id=row[7])


def load_ledger(
    session: Session,
    customer_id: uuid.UUID,
    customer_kind: str | None = None,
    bills: Sequence[Bill] | None = None,
) -> Ledger:
    """Every bill of the customer with its postings, and the prepaid balance.

    Three queries (two when the caller passes the kind); ``bills`` may be passed when the
    caller has loaded the customer's Bill rows already (the bill view)."""
    kind = customer_kind or session.scalar(select(Customer.kind).where(Customer.id == customer_id))
    if kind is None:
        raise NotFound("客户不存在")
    if bills is None:
        rows = session.execute(select(*_BILL_COLUMNS).where(Bill.customer_id == customer_id)).all()
        by_id = {r[0]: _ledger_bill(r) for r in rows}
    else:
        by_id = {
            b.id: LedgerBill(
                b.id,
                b.bill_no,
                b.period,
                b.bill_type,
                int(b.amount_fen),
                b.due_date,
                b.issued_at,
                adjusts_id=b.adjusts_bill_id,
            )
            for b in bills
        }
    postings = session.execute(
        select(*_POSTING_COLUMNS)
        .outerjoin(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .where(Payment.customer_id == customer_id)
    ).all()
    prepaid = 0
    seen: set[uuid.UUID] = set()
    for payment_id, payment_prepaid, posted_at, bill_id, principal, fee in postings:
        if payment_id not in seen:
            seen.add(payment_id)
            prepaid += int(payment_prepaid)
        bill = by_id.get(bill_id) if bill_id is not None else None
        if bill is not None:
            bill.post(local_date(posted_at), int(principal), int(fee))
    return Ledger.of(customer_id, str(kind), by_id.values(), prepaid)


def load_open_ledgers(
    session: Session, kinds: dict[uuid.UUID, str], prepaid: dict[uuid.UUID, int]
) -> dict[uuid.UUID, Ledger]:
    """Ledgers of many customers (``kinds``: id → kind; ``prepaid``: id → balance) holding only
    the bills that may still owe or be owed something: principal not settled, or a posting
    after the due date (only then can a late fee have accrued). Settled, on-time bills add
    nothing to arrears, late fees or allocations, so the bill run skips loading them."""
    conn = session.connection()
    paid = func.coalesce(func.sum(PaymentAllocation.principal_fen), 0)
    bills: dict[uuid.UUID, dict[uuid.UUID, LedgerBill]] = {cid: {} for cid in kinds}
    for part in in_chunks(list(kinds)):
        rows = conn.execute(
            select(Bill.customer_id, *_BILL_COLUMNS)
            .outerjoin(PaymentAllocation, PaymentAllocation.bill_id == Bill.id)
            .outerjoin(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(Bill.customer_id.in_(part))
            .group_by(Bill.id)
            .having(or_(Bill.amount_fen - paid != 0, func.max(Payment.posted_at) > Bill.due_date))
        ).all()
        by_bill: dict[uuid.UUID, LedgerBill] = {}
        for r in rows:
            by_bill[r[1]] = bills[r[0]][r[1]] = _ledger_bill(r[1:])
        for id_part in in_chunks(list(by_bill)):
            for bill_id, principal, fee, posted_at in conn.execute(
                select(
                    PaymentAllocation.bill_id,
                    PaymentAllocation.principal_fen,
                    PaymentAllocation.late_fee_fen,
                    Payment.posted_at,
                )
                .join(Payment, Payment.id == PaymentAllocation.payment_id)
                .where(PaymentAllocation.bill_id.in_(id_part))
            ).all():
                by_bill[bill_id].post(local_date(posted_at), int(principal), int(fee))
    return {cid: Ledger.of(cid, kinds[cid], bills[cid].values(), prepaid.get(cid, 0)) for cid in kinds}


# ---- what is owed -------------------------------------------------------------------------------


def standing(
    session: Session, customer_id: uuid.UUID, on_date: dt.date, customer_kind: str | None = None
) -> Standing:
    """Open bills and totals of the customer on ``on_date``, from one ledger read. Runs inside
    the caller's unit of work (lock the customer row first when about to post)."""
    return load_ledger(session, customer_id, customer_kind).standing(
        on_date, late_fee_rules(session, customer_id)
    )


def open_bills(session: Session, customer_id: uuid.UUID, on_date: dt.date) -> list[OpenBillRow]:
    """The customer's open bills (principal or late fee owed on ``on_date``), oldest first.

    Rows are :class:`app.domain.allocation.OpenBill` (``id`` = ``str(bill_id)``) with
    ``bill_id``, ``bill_no``, ``bill_type``, ``amount_fen`` and ``paid_fen`` besides."""
    return list(standing(session, customer_id, on_date).items)


def balance(session: Session, customer_id: uuid.UUID, on_date: dt.date) -> tuple[int, int, int]:
    """(arrears_fen, late_fee_fen, prepaid_fen) on ``on_date``.

    arrears = Σ outstanding principal; late fee = Σ late fee owed; prepaid = Σ payment.prepaid_fen.
    The receipt's "balance" is ``arrears + late_fee − prepaid`` (:func:`balance_fen`)."""
    now = standing(session, customer_id, on_date)
    return now.arrears_fen, now.late_fee_fen, now.prepaid_fen


def balance_fen(session: Session, customer_id: uuid.UUID, on_date: dt.date) -> int:
    """arrears + late fees − prepaid (negative = credit), as printed on receipts."""
    return standing(session, customer_id, on_date).balance_fen


# ---- 预存抵扣 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OffsetPayment:
    """An ``offset`` payment (预存抵扣) ready to insert: the payment row and its allocations."""

    payment: dict[str, Any]
    allocations: list[dict[str, Any]]
    posted: list[tuple[uuid.UUID, int, int]]  # (bill_id, principal_fen, late_fee_fen)


def offset_payment(
    ledger: Ledger,
    actor: Actor,
    on_date: dt.date,
    late_fee_first: bool,
    rules: LateFeeRules,
    posted_at: dt.datetime,
) -> OffsetPayment | None:
    """The rows of :func:`app.domain.ledger.plan_offset`'s plan: ``amount_fen`` 0 (no money in
    or out), ``prepaid_fen`` = −applied, no receipt, no session. None when there is nothing to
    settle."""
    plan = plan_offset(ledger, on_date, late_fee_first, rules)
    if plan is None:
        return None
    applied = plan.applied_fen
    payment_id = uuid7()
    payment = {
        "id": payment_id,
        "receipt_no": None,
        "node_id": actor.node_id,
        "customer_id": ledger.customer_id,
        "session_id": None,
        "kind": PaymentKind.OFFSET.value,
        "reverses_id": None,
        "amount_fen": 0,
        "tendered_fen": 0,
        "change_fen": 0,
        "applied_fen": applied,
        "late_fee_fen": plan.late_fee_fen,
        "prepaid_fen": -applied,
        "balance_before_fen": plan.balance_fen,
        "balance_after_fen": plan.balance_fen,
        "posted_at": posted_at,
        "posted_by": actor.username,
        "reason_code": "",
        "reason": "预存抵扣",
        "approved_by": None,
        "request_hash": None,
    }
    allocations = [
        {"id": uuid7(), "payment_id": payment_id, "bill_id": bill_id, "principal_fen": p, "late_fee_fen": f}
        for bill_id, p, f in plan.posted
    ]
    return OffsetPayment(payment, allocations, plan.posted)


def settle_credit(
    session: Session,
    actor: Actor,
    customer_id: uuid.UUID,
    on_date: dt.date,
    posted_at: dt.datetime | None = None,
    rules: LateFeeRules | None = None,
    customer_kind: str | None = None,
) -> list[tuple[uuid.UUID, int, int]]:
    """预存抵扣 for one customer (:func:`offset_payment`), in the caller's unit of work.

    Returns the allocations posted as (bill_id, principal_fen, late_fee_fen); empty when there
    was nothing to settle."""
    ledger = load_ledger(session, customer_id, customer_kind)
    hall = hall_rules.for_customer(session, customer_id)
    offset = offset_payment(
        ledger, actor, on_date, hall.late_fee_first, rules or hall.late_fee_rules(), posted_at or utcnow()
    )
    if offset is None:
        return []
    insert_offsets(session, [offset])
    return offset.posted


def insert_offsets(session: Session, offsets: Iterable[OffsetPayment]) -> None:
    """Write offset payments and their allocations (two bulk inserts)."""
    offsets = list(offsets)
    fast_insert(session, Payment, [o.payment for o in offsets])
    fast_insert(session, PaymentAllocation, [a for o in offsets for a in o.allocations])
