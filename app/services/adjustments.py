"""Adjustment bills (退补): a new bill correcting a regular bill, which is never touched.

A credit (negative amount) settles the customer's open bills and the rest becomes prepaid (an
``offset`` payment, :func:`app.services.ledger.settle_credit`); a bill and its adjustments may
not total below zero; at or above the hall rule ``adjustment_approval_fen`` a second person
approves (issue 7 item 7b). Late fees and open items are the ledger's (:mod:`app.domain.ledger`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.adjustments import adjustment_lines, check_adjustment
from app.domain.codes import BillType
from app.domain.errors import NotFound, OverrideRequired, RuleViolation, ValidationError, ValidationErrors
from app.domain.money import format_yuan
from app.domain.periods import utc_at
from app.dto.billing import BillRow
from app.dto.common import Actor
from app.services import audit, auth, hall_rules
from app.services.bill_view import bill_row
from app.services.customers import SupervisorApproval
from app.services.ledger import late_fee_rules, load_ledger, lock_customer, settle_credit
from app.services.permissions import require
from app.write_path import oplog
from app.write_path.numbers import next_number
from db.engine import Database
from db.keys import uuid7
from db.models import Bill, Customer, utcnow

__all__ = ["IssueAdjustment", "issue_adjustment"]


@dataclass(frozen=True)
class IssueAdjustment:
    """退补: a new bill of ``amount_fen`` (negative refunds) correcting ``bill_id``."""

    bill_id: uuid.UUID
    amount_fen: int
    kwh: int
    reason: str
    #: client-generated id of this request (becomes the new bill's id): a retry after a lost
    #: reply, or a double Enter, returns the bill already issued instead of a second one.
    request_id: uuid.UUID | None = None
    #: a second person's approval, needed at or above the hall rule adjustment_approval_fen
    approval: SupervisorApproval | None = None


def _check_adjustment_limits(session: Session, original: Bill, amount: int, kwh: int) -> None:
    """The bill and its adjustments may not total below zero (money or kWh)."""
    adjusted, adjusted_kwh = session.execute(
        select(func.coalesce(func.sum(Bill.amount_fen), 0), func.coalesce(func.sum(Bill.kwh), 0)).where(
            Bill.adjusts_bill_id == original.id
        )
    ).one()
    net = original.amount_fen + int(adjusted)
    if net + amount < 0:
        raise ValidationErrors(
            [
                ValidationError(
                    "amount_fen",
                    "退补后该账单金额为负：原账单 {original}，已退补 {adjusted}，最多可退 {limit}",
                    original=format_yuan(original.amount_fen),
                    adjusted=format_yuan(int(adjusted)),
                    limit=format_yuan(net),
                )
            ]
        )
    net_kwh = int(original.kwh) + int(adjusted_kwh)
    if net_kwh + kwh < 0:
        raise ValidationErrors(
            [
                ValidationError(
                    "kwh",
                    "退补后该账单电量为负：原账单 {original} kWh，已退补 {adjusted} kWh，最多可退 {limit} kWh",
                    original=int(original.kwh),
                    adjusted=int(adjusted_kwh),
                    limit=net_kwh,
                )
            ]
        )


def _adjustment_approver(
    db: Database, actor: Actor, cmd: IssueAdjustment
) -> Actor | None:
    """退补 at or above the hall rule ``adjustment_approval_fen`` needs a second person (issue 7
    item 7b).

    Every refusal that needs no approval comes first, so the supervisor is not asked for a
    password for a 退补 that would be refused anyway (checked again under the lock)."""
    with db.read() as session:
        limit = hall_rules.for_node(session, actor.node_id).adjustment_approval_fen
    if abs(cmd.amount_fen) < limit:
        return None
    with db.read() as session:
        original = session.get(Bill, cmd.bill_id)
        if original is None:
            raise NotFound("账单不存在")
        if original.bill_type != BillType.REGULAR:
            raise RuleViolation("退补账单只能针对正常电费账单开具，请选择原账单")
        _check_adjustment_limits(session, original, cmd.amount_fen, cmd.kwh)
    if cmd.approval is None:
        raise OverrideRequired(
            "amount_fen",
            "退补金额达到{limit}元，需另一位值班长或管理员授权",
            limit=format_yuan(limit, symbol=False),
        )
    return auth.approve(
        db, cmd.approval.username, cmd.approval.password, "bill.approve_adjustment", requester=actor
    )


def _replayed_adjustment(
    session: Session, cmd: IssueAdjustment, original: Bill, today: dt.date
) -> BillRow | None:
    """The bill already issued for ``cmd.request_id``, or None when there is none yet."""
    done = session.get(Bill, cmd.request_id) if cmd.request_id is not None else None
    if done is None:
        return None
    if done.adjusts_bill_id != original.id or done.amount_fen != cmd.amount_fen:
        raise RuleViolation("请求编号已被另一笔业务使用，请关闭窗口后重新办理")
    customer = session.get(Customer, done.customer_id)
    assert customer is not None
    ledger = load_ledger(session, customer.id, customer.kind)
    entry = next(b for b in ledger.bills if b.id == done.id)
    return bill_row(
        done,
        entry,
        ledger.customer_kind,
        today,
        late_fee_rules(session, customer.id),
        {original.id: original.bill_no},
    )


def issue_adjustment(
    db: Database, actor: Actor, cmd: IssueAdjustment, on_date: dt.date | None = None
) -> BillRow:
    """退补: a new bill correcting ``cmd.bill_id`` (the original is never touched).

    Negative amounts refund: the credit settles the customer's open bills, the rest becomes
    prepaid (an ``offset`` payment). The bill and its adjustments may not total below zero.
    The due days and late-fee rules are hall rules."""
    require(actor, "bill.adjust")
    reason = check_adjustment(cmd.amount_fen, cmd.kwh, cmd.reason)
    amount = cmd.amount_fen
    today = on_date or dt.date.today()
    if cmd.request_id is not None:
        # A retry of a request already issued returns its bill, before anyone is asked for a password.
        replayed = _replay_before_approval(db, cmd, today)
        if replayed is not None:
            return replayed
    approver = _adjustment_approver(db, actor, cmd)
    with db.write() as session:
        original = _original_bill(session, cmd.bill_id)
        customer = lock_customer(session, original.customer_id)
        if cmd.request_id is not None:
            # Checked under the customer lock: a concurrent duplicate waits and then finds the bill.
            replayed = _replayed_adjustment(session, cmd, original, today)
            if replayed is not None:
                return replayed
        _check_approval_limit(session, actor, amount, approver)
        _check_adjustment_limits(session, original, amount, cmd.kwh)
        bill = _add_adjustment_bill(session, actor, cmd, original, customer, reason, today, on_date)
        posted_at = None if on_date is None else utc_at(today)
        offset = settle_credit(
            session, actor, customer.id, today, posted_at=posted_at, customer_kind=customer.kind
        )
        oplog.append(
            session,
            actor,
            "IssueAdjustment",
            _adjustment_payload(actor, cmd, approver, original, customer, bill, offset),
            "bill",
            bill.id,
        )
        ledger = load_ledger(session, customer.id, customer.kind)
        rules = late_fee_rules(session, customer.id)
        entry = next(b for b in ledger.bills if b.id == bill.id)
        return bill_row(bill, entry, ledger.customer_kind, today, rules, {original.id: original.bill_no})


def _replay_before_approval(db: Database, cmd: IssueAdjustment, today: dt.date) -> BillRow | None:
    with db.read() as session:
        original = session.get(Bill, cmd.bill_id)
        if original is not None:
            return _replayed_adjustment(session, cmd, original, today)
    return None


def _original_bill(session: Session, bill_id: uuid.UUID) -> Bill:
    original = session.get(Bill, bill_id)
    if original is None:
        raise NotFound("账单不存在")
    if original.bill_type != BillType.REGULAR:
        raise RuleViolation("退补账单只能针对正常电费账单开具，请选择原账单")
    return original


def _check_approval_limit(session: Session, actor: Actor, amount: int, approver: Actor | None) -> None:
    """The approval limit again, in this transaction: an administrator may have lowered it
    since _adjustment_approver read it."""
    limit = hall_rules.for_node(session, actor.node_id).adjustment_approval_fen
    if abs(amount) >= limit and approver is None:
        raise OverrideRequired(
            "amount_fen",
            "退补金额达到{limit}元，需另一位值班长或管理员授权",
            limit=format_yuan(limit, symbol=False),
        )


def _add_adjustment_bill(
    session: Session,
    actor: Actor,
    cmd: IssueAdjustment,
    original: Bill,
    customer: Customer,
    reason: str,
    today: dt.date,
    on_date: dt.date | None,
) -> Bill:
    """The adjustment bill, numbered and flushed."""
    bill_no = next_number(session, actor.node_id, "bill")
    amount = cmd.amount_fen
    lines = adjustment_lines(original.bill_no, original.period, original.amount_fen, cmd.kwh, amount, reason)
    bill = Bill(
        id=cmd.request_id or uuid7(),
        bill_no=bill_no,
        node_id=actor.node_id,
        customer_id=customer.id,
        period=today.strftime("%Y-%m"),
        bill_type=BillType.ADJUSTMENT,
        adjusts_bill_id=original.id,
        reading_id=None,
        tariff_code=original.tariff_code,
        tariff_version_id=original.tariff_version_id,
        kwh=cmd.kwh,
        amount_fen=amount,
        due_date=today + dt.timedelta(days=hall_rules.for_node(session, actor.node_id).bill_due_days),
        issued_at=utcnow() if on_date is None else utc_at(today),
        lines=lines,
        note=reason,
        created_by=actor.username,
    )
    session.add(bill)
    session.flush()
    return bill


def _adjustment_payload(
    actor: Actor,
    cmd: IssueAdjustment,
    approver: Actor | None,
    original: Bill,
    customer: Customer,
    bill: Bill,
    offset: list[tuple[uuid.UUID, int, int]],
) -> dict[str, Any]:
    """The ``IssueAdjustment`` operation's payload (hash-chained: keep its members and order)."""
    return {
        "bill_no": bill.bill_no,
        "adjusts_bill_no": original.bill_no,
        "account_no": customer.account_no,
        "period": bill.period,
        "amount_fen": cmd.amount_fen,
        "kwh": cmd.kwh,
        "reason": bill.note,
        "due_date": bill.due_date.isoformat(),
        **(
            {"approved_by": approver.username, "approval_reason": cmd.approval.reason}
            if approver and cmd.approval
            else {}
        ),
        **({"self_approval": auth.SELF_APPROVAL_NOTE} if approver and auth.self_approved(approver, actor) else {}),
        # for the reconcile (app/services/audit.py)
        "offsets": 1 if offset else 0,
        "offset_fen": sum(p + f for _, p, f in offset),
        "offset_digest": audit.digest_hex(audit.offset_digest(customer.id, offset)),
    }
