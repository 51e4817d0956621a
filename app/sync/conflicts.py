"""The conflict queue (同步冲突, docs/sync.md#conflicts): list the entries, resolve one.

An entry (``sync_conflict``) says what the branch did and what the centre had. A supervisor
(or an administrator) resolves it at the centre; the resolution is an operation
(``ResolveSyncConflict``) like any other, and the row it changes reaches the branch through
the feed. Choices:

* ``keep_centre`` (field / state / row / centre entries): the centre's row stays as it is;
* ``keep_branch`` (field / state entries): the branch's value of the named ``fields`` (all
  the entry's fields when none are named) is written to the row now, its version bumped;
  (actor entries): the envelope's queued row changes are applied now, as the merge would
  have (inserts inserted, the fields an update changed written with a version bump, deletes
  deleted); ``keep_centre`` rejects them; (scope entries: a row change outside the branch's
  scope or a centre-owned column, docs/sync.md#trust) the same, for the one queued change.
  ``keep_centre`` is refused on an entry whose queued changes insert money (a payment, its
  tenders or allocations): money taken is never dropped, it can only be booked (and then
  reversed or refunded through the ordinary services). Booking runs the apply rules
  (app/sync/apply.py ``book_money``) and takes the payment's other open ``scope`` entries (its
  tenders and allocations) with it;
* ``not_booked`` (scope entries inserting money): reviewed, not booked — money that failed the
  scope proof and was found never taken (a forged PC's) is closed without booking, with its
  payment's other entries; at the centre only, with a required note (docs/sync.md#apply-rules);
* ``reviewed`` (paid_bill / closed_customer / moved_customer — a branch's payment for a
  customer the centre moved to another node, booked and sent on to that node / day_end / receipt — a branch payment stored
  under a new receipt number because the centre held its number already): the payment or the close was looked at
  (refund or keep as prepaid is done with the ordinary services), with a note;
* ``reviewed`` (repointed_undo): a branch reversed or refunded a payment the centre had
  re-pointed meanwhile — booked (money is never refused), the money went out twice: looked at;
* ``reviewed`` (double_undo): a branch reversed or refunded a payment undone already elsewhere —
  its cash booked unlinked (app/sync/apply.py ``_insert_money``), the money went out twice: the
  supervisor settles it with the customer and notes how;
* ``repoint`` (paid_bill / closed_customer / moved_customer): the money of that branch payment that sits in its
  customer's prepaid balance belongs to customer ``account_no`` (the same customer: to its
  open bills; a customer the centre closed: also what it put on that customer's bills, taken
  off by a releasing ``offset``). It moves through the money path, the payment row itself untouched: a pair of
  ``transfer`` rows (prepaid out of the source, into the target; no receipt, no session, no
  cash) when the customers differ, then an ``offset`` (预存抵扣) settling the target's open
  bills with at most that money, all declared by a ``CorrectSyncedPayment`` record (so the
  reconcile accounts for them) beside the ``ResolveSyncConflict`` one
  (docs/sync.md#conflicts, docs/money-path.md).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.domain.codes import CustomerStatus, OpType, PaymentKind, Role
from app.domain.errors import ConcurrentEdit, NotFound, PermissionDenied, RuleViolation, ValidationError
from app.domain.money import format_yuan
from app.domain.text import clean_text
from app.dto.common import Actor
from app.dto.sync import ConflictField, ConflictView
from app.services import audit, hall_rules, ledger
from app.services.customers import FIELD_LABELS as CUSTOMER_LABELS
from app.sync import rows
from app.sync.apply import MoneyNotStored, book_money, rebuild_search_keys, write_fields
from app.write_path import oplog
from db.engine import Database
from db.keys import uuid7
from db.models import Customer, Node, Operation, Payment, PaymentAllocation, SyncConflict, User, utcnow

__all__ = ["CHOICES", "KIND_LABELS", "NOT_BOOKED", "REPOINT", "RepointTarget", "check_node_entry", "get_conflict",
           "list_conflicts", "node_conflicts", "node_repoint_target", "open_count", "repoint_target",
           "resolve_conflict"]

KIND_LABELS: dict[str, str] = {
    "field": "字段冲突", "state": "状态冲突", "paid_bill": "账单已在中心缴清", "closed_customer": "客户已在中心销户",
    "day_end": "日结金额不符", "row": "记录冲突", "centre": "中心维护的数据", "actor": "操作待核准", "apply": "中心未能应用",
    "scope": "超出节点范围", "receipt": "收据号已重编", "held_money": "收费暂未入账",
    "carried": "分支转交的操作", "moved_customer": "客户已转至其他节点",
    "repointed_undo": "已重新指向的收费被退还",
    "double_undo": "同一笔收费被退还两次",
}
TABLE_LABELS: dict[str, str] = {
    "customer": "客户档案", "app_user": "用户", "hall_rules": "营业厅规则", "application": "业务受理",
    "application_suspension": "受理中止", "work_order": "诉求工单", "cashier_session": "收费班次", "outage": "停电信息",
    "payment": "收费", "bill": "账单", "node": "节点", "operation_log": "操作日志", "tariff_version": "电价版本", "application_catalogue": "业务目录",
}
_FIELD_LABELS: dict[str, dict[str, str]] = {"customer": dict(CUSTOMER_LABELS)}
_COMMON_LABELS = {"status": "状态", "note": "备注", "name": "名称", "display_name": "姓名", "role": "角色",
                  "active": "启用", "totals": "各收款方式合计"}

#: the close that does not book (docs/sync.md#conflicts): queued money that failed the scope
#: proof (a forged PC's), reviewed at the centre and left out of the books, with a note
NOT_BOOKED = "not_booked"

#: choices per kind
CHOICES: dict[str, tuple[str, ...]] = {
    "field": ("keep_centre", "keep_branch"), "state": ("keep_centre", "keep_branch"),
    "row": ("keep_centre",), "centre": ("keep_centre",),
    "actor": ("keep_centre", "keep_branch"), "apply": ("keep_centre", "keep_branch"),
    "scope": ("keep_centre", "keep_branch", NOT_BOOKED),
    "paid_bill": ("reviewed", "repoint"), "closed_customer": ("reviewed", "repoint"),
    "moved_customer": ("reviewed", "repoint"), "day_end": ("reviewed",),
    "receipt": ("reviewed",), "held_money": ("reviewed",), "carried": ("reviewed",),
    "repointed_undo": ("reviewed",), "double_undo": ("reviewed",),
}
_REVIEWERS = frozenset({Role.SUPERVISOR, Role.ADMIN})
#: the choice that moves a branch payment's prepaid money to the customer it belongs to
REPOINT = "repoint"
#: the money journal: a queued insert of these is never rejected (docs/sync.md#apply-rules)
_MONEY_TABLES = frozenset({"payment", "payment_tender", "payment_allocation"})
#: entries that hold queued row changes (``detail.changes``)
_QUEUED_KINDS = frozenset({"actor", "apply", "scope"})


@dataclass(frozen=True)
class RepointTarget:
    """The customer a payment's money would be re-pointed to, for the supervisor to confirm."""

    account_no: str
    name: str
    #: the payment's own customer (its open bills get the money)
    same: bool
    #: what the target owes now (principal and late fees of its open bills)
    owed_fen: int
    #: the most that can still be re-pointed from that payment
    limit_fen: int


def _require_reviewer(actor: Actor) -> None:
    if actor.role not in _REVIEWERS:
        raise PermissionDenied("只有值班长或系统管理员可以处理同步冲突")


def open_count(db: Database, node_id: uuid.UUID | None = None) -> int:
    """Open entries (of one node, or all)."""
    with db.read() as session:
        stmt = sa.select(sa.func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")
        if node_id is not None:
            stmt = stmt.where(SyncConflict.node_id == node_id)
        return int(session.scalar(stmt) or 0)


def list_conflicts(db: Database, actor: Actor, *, status: str | None = "open",
                   node_id: uuid.UUID | None = None, limit: int = 500) -> list[ConflictView]:
    """Entries, oldest first (``status`` None: every entry)."""
    _require_reviewer(actor)
    with db.read() as session:
        stmt = sa.select(SyncConflict).order_by(SyncConflict.created_at, SyncConflict.id).limit(limit)
        if status:
            stmt = stmt.where(SyncConflict.status == status)
        if node_id is not None:
            stmt = stmt.where(SyncConflict.node_id == node_id)
        codes: dict[uuid.UUID, str] = {i: c for i, c in session.execute(sa.select(Node.id, Node.code))}
        return [_view(c, codes.get(c.node_id, "")) for c in session.scalars(stmt)]


def node_conflicts(db: Database, node_id: uuid.UUID, *, status: str | None = "open",
                   limit: int = 500) -> list[ConflictView]:
    """The entries of one node, for that node itself (``GET /v1/conflicts``: the caller is
    authenticated by the node's credentials, not as a user; the entries concern rows the node
    already holds)."""
    with db.read() as session:
        stmt = (sa.select(SyncConflict).where(SyncConflict.node_id == node_id)
                .order_by(SyncConflict.created_at, SyncConflict.id).limit(limit))
        if status:
            stmt = stmt.where(SyncConflict.status == status)
        code = session.scalar(sa.select(Node.code).where(Node.id == node_id)) or ""
        return [_for_node(_view(c, code)) for c in session.scalars(stmt)]


def _for_node(view: ConflictView) -> ConflictView:
    """The node's own view of an entry: what waits for the centre's approval offers the node no
    "keep the branch's" (refused in :func:`resolve_conflict`)."""
    if _centre_approves(view.kind, view.detail):
        return replace(view, choices=tuple(c for c in view.choices if c != "keep_branch"))
    return view


def get_conflict(db: Database, actor: Actor, conflict_id: uuid.UUID) -> ConflictView:
    _require_reviewer(actor)
    with db.read() as session:
        c = session.get(SyncConflict, conflict_id)
        if c is None:
            raise NotFound("同步冲突不存在")
        return _view(c, session.scalar(sa.select(Node.code).where(Node.id == c.node_id)) or "")


def resolve_conflict(db: Database, actor: Actor, conflict_id: uuid.UUID, choice: str, version: int,
                     fields: Sequence[str] = (), *, note: str = "", account_no: str = "",
                     amount_fen: int | None = None) -> ConflictView:
    """Resolve an open entry with ``choice`` (see the module docstring); an operation
    ``ResolveSyncConflict``. ``version`` is the entry's version as shown (optimistic lock).
    ``repoint``: ``account_no`` the customer the money belongs to, ``amount_fen`` how much
    (None: all that is still unspent)."""
    _require_reviewer(actor)
    note = clean_text(note, "note", "备注", max_len=200, required=False)
    if choice == REPOINT:
        account_no = _account(account_no)
    with db.write() as session:
        c = session.scalar(sa.select(SyncConflict).where(SyncConflict.id == conflict_id).with_for_update())
        if c is None:
            raise NotFound("同步冲突不存在")
        if c.version != version:
            raise ConcurrentEdit("该冲突已被他人处理或修改，请刷新后再试")
        if c.status != "open":
            raise RuleViolation("该冲突已处理")
        if choice not in CHOICES.get(c.kind, ()):
            raise ValidationError("choice", "此类冲突不能选择“{choice}”", choice=choice)
        detail = json.loads(c.detail)
        if choice == "keep_centre" and c.kind in _QUEUED_KINDS and _money_inserts(detail):
            # money taken at a counter is never dropped (docs/sync.md#apply-rules): rejecting it
            # would leave the payment in no book, the centre's nor the branch's (its leave removes it)
            raise RuleViolation("该项含分支已收取的款项（收费记录），收费只能入账、不能拒绝：请选择“采用分支值”入账；"
                                "如确需退还，入账后按冲正或退费办理")
        if choice == "keep_centre" and c.kind in ("actor", "apply", "scope", "row") and _inserts(detail) \
                and _money_waits(session, c.node_id):
            # Rejecting a row the branch added (a customer registered there) while the branch's
            # money waits at the centre would leave that money unbookable for good
            # (docs/sync.md#apply-rules, held_money).
            raise RuleViolation("该分支还有收费暂未入账，拒绝此项新增的记录会使其无法入账：请先采用分支值，"
                                "或处理完暂未入账的收费后再拒绝")
        if choice == NOT_BOOKED:
            _may_leave_unbooked(session, actor, c, detail, note)
        if choice == "keep_branch" and _centre_approves(c.kind, detail) and _of_node(session, actor, c.node_id):
            raise PermissionDenied("此项须由中心的值班长或系统管理员核准，分支不能自行采用分支值")
        taken: list[str] = []
        moved: dict[str, Any] = {}
        # the other entries of the same payment (its tenders, allocations): one choice books all
        group = _money_group(session, c, detail) if choice in ("keep_branch", NOT_BOOKED) else []
        if choice == REPOINT:
            moved = _repoint(session, actor, c, detail, account_no, amount_fen)
        elif choice == "keep_branch" and c.kind in _QUEUED_KINDS:
            taken = _apply_queued(session, actor, c, [detail, *(json.loads(g.detail) for g in group)])
        elif choice == "keep_branch":
            taken = _keep_branch(session, c, detail, fields)
        now = utcnow()
        for entry in (c, *group):
            entry.status = "resolved"
            entry.resolution = choice
            entry.resolved_by = actor.username
            entry.resolved_at = now
        session.flush()
        oplog.append(session, actor, OpType.RESOLVE_SYNC_CONFLICT, {
            "conflict_id": str(c.id), "node_id": str(c.node_id), "kind": c.kind, "tbl": c.tbl,
            "row_key": json.loads(c.row_key), "choice": choice, "fields": taken, "note": note,
            **({"repoint": moved} if moved else {}),
            **({"with": [str(g.id) for g in group]} if group else {}),
            # the reconcile (verify-log) reads from this record which receipts were reviewed
            # and not booked, instead of naming them as rows deleted from the books
            **({"payments": sorted(str(p) for p in _money_payments(detail))} if choice == NOT_BOOKED else {}),
        }, "sync_conflict", c.id)
        code = session.scalar(sa.select(Node.code).where(Node.id == c.node_id)) or ""
        return _view(c, code)


# ---- re-pointing a payment ---------------------------------------------------------------------


def _account(account_no: str) -> str:
    account_no = "".join((account_no or "").split())
    if not account_no:
        raise ValidationError("account_no", "请输入户号")
    return account_no


def repoint_target(db: Database, actor: Actor, conflict_id: uuid.UUID, account_no: str) -> RepointTarget:
    """Who ``account_no`` is and how much of the entry's payment can still go there (the
    supervisor confirms the name before re-pointing); refusals as :func:`resolve_conflict`'s."""
    _require_reviewer(actor)
    return _target(db, None, conflict_id, account_no)


def node_repoint_target(db: Database, actor: Actor, node_id: uuid.UUID, conflict_id: uuid.UUID,
                        account_no: str) -> RepointTarget:
    """:func:`repoint_target` for a branch node's own open entry (``POST /v1/conflicts/{id}/repoint``:
    the node's credentials and a supervisor of the node, ``actor``, whose password the
    service checked — the answer names a customer and what they owe)."""
    _require_reviewer(actor)
    return _target(db, node_id, conflict_id, account_no)


def check_node_entry(db: Database, node_id: uuid.UUID, conflict_id: uuid.UUID) -> None:
    """Refuse, before a supervisor's password is checked, a look-up on an entry that is not the
    node's own open, re-pointable one (NotFound / RuleViolation / ValidationError)."""
    with db.read() as session:
        _repointable(session.get(SyncConflict, conflict_id), node_id)


def _repointable(c: SyncConflict | None, node_id: uuid.UUID | None) -> SyncConflict:
    if c is None or (node_id is not None and c.node_id != node_id):
        raise NotFound("同步冲突不存在")
    if c.status != "open":
        raise RuleViolation("该冲突已处理")
    if REPOINT not in CHOICES.get(c.kind, ()):
        raise ValidationError("choice", "此类冲突不能选择“{choice}”", choice=REPOINT)
    return c


def _target(db: Database, node_id: uuid.UUID | None, conflict_id: uuid.UUID, account_no: str) -> RepointTarget:
    account_no = _account(account_no)
    with db.read() as session:
        c = _repointable(session.get(SyncConflict, conflict_id), node_id)
        pay, source = _payment_of(session, json.loads(c.detail))
        target = _target_customer(session, account_no)
        limit = _movable(session, pay, source, c.kind).limit_fen
        owed = ledger.standing(session, target.id, dt.date.today(), target.kind)
        return RepointTarget(target.account_no, target.name, target.id == source.id,
                             owed.arrears_fen + owed.late_fee_fen, limit)


def _payment_of(session: Session, detail: dict[str, Any]) -> tuple[Payment, Customer]:
    pay = session.get(Payment, uuid.UUID(str(detail.get("payment_id"))))
    if pay is None:
        raise RuleViolation("该笔收费在中心不存在，不能重新指向")
    source = session.get(Customer, pay.customer_id)
    if source is None:
        raise NotFound("客户不存在")
    return pay, source


def _target_customer(session: Session, account_no: str) -> Customer:
    target = session.scalar(sa.select(Customer).where(Customer.account_no == account_no))
    if target is None:
        raise ValidationError("account_no", "户号{account_no}不存在", account_no=account_no)
    _refuse_closed(target)
    return target


def _refuse_closed(target: Customer) -> None:
    if target.status == CustomerStatus.CLOSED:
        raise ValidationError("account_no", "户号{account_no}已销户，不能把收费指向它", account_no=target.account_no)


@dataclass(frozen=True)
class _Movable:
    """What of a payment's money can still be re-pointed."""

    #: still in its customer's prepaid balance
    prepaid_fen: int
    #: still on its customer's bills, releasable (closed_customer entries): (bill, principal, late fee)
    on_bills: tuple[tuple[uuid.UUID, int, int], ...] = ()

    @property
    def limit_fen(self) -> int:
        return self.prepaid_fen + sum(p + f for _, p, f in self.on_bills)


def _movable(session: Session, pay: Payment, source: Customer, kind: str) -> _Movable:
    """From the payment and the centre's records of it (CorrectSyncedPayment, entity: the
    payment): what it put in prepaid (its own prepaid part, the excess the centre moved there,
    what earlier re-points released from bills) less what was re-pointed already — never more
    than the customer's prepaid balance now (the rest was spent on bills since). For a customer
    the centre closed, also what the payment still has on that customer's bills (its
    allocations less what corrections took off; never more than the bill holds). A payment
    reversed or refunded (at the branch or the centre) has nothing left to move: its money went
    back to the payer — refused (the callers hold the customer's lock when deciding, as the
    reversal does: one of the two sees the other)."""
    _refuse_undone(session, pay)
    added, moved = int(pay.prepaid_fen), 0
    taken: dict[uuid.UUID, list[int]] = {}
    for text in session.scalars(sa.select(Operation.payload).where(
            Operation.entity_type == "payment", Operation.entity_id == pay.id,
            Operation.op_type == OpType.CORRECT_SYNCED_PAYMENT)):
        record = json.loads(text)
        added += (int(record.get("excess_fen") or 0) + int(record.get("released_fen") or 0)
                  - int(record.get("restored_fen") or 0))
        moved += int(record.get("repoint_fen") or 0)
        for line in (record.get("bills") or []) + (record.get("released") or []):  # amounts taken off the bills
            if line.get("bill_id"):
                off = taken.setdefault(uuid.UUID(str(line["bill_id"])), [0, 0])
                off[0] += int(line.get("principal_fen") or 0)
                off[1] += int(line.get("late_fee_fen") or 0)
    prepaid = session.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == source.id)
                             .execution_options(populate_existing=True))
    in_prepaid = max(0, min(added - moved, int(prepaid or 0)))
    if kind != "closed_customer":
        return _Movable(in_prepaid)
    on_bills: list[tuple[uuid.UUID, int, int]] = []
    for alloc in session.scalars(sa.select(PaymentAllocation).where(PaymentAllocation.payment_id == pay.id)
                                 .order_by(PaymentAllocation.bill_id)):
        off = taken.get(alloc.bill_id, [0, 0])
        held = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(PaymentAllocation.principal_fen), 0))
                              .where(PaymentAllocation.bill_id == alloc.bill_id))
        principal = max(0, min(int(alloc.principal_fen) - off[0], int(held or 0)))
        fee = max(0, int(alloc.late_fee_fen) - off[1])
        if principal or fee:
            on_bills.append((alloc.bill_id, principal, fee))
    return _Movable(in_prepaid, tuple(on_bills))


def _refuse_undone(session: Session, pay: Payment) -> None:
    undo = session.execute(sa.select(Payment.kind, Payment.receipt_no).where(Payment.reverses_id == pay.id)
                           .limit(1)).first()
    if undo is None:
        return
    if undo.kind == PaymentKind.REVERSAL:
        raise RuleViolation("该笔收费已冲正（{receipt_no}），钱已退还付款人，不能再重新指向；请选择“已复核”",
                            receipt_no=undo.receipt_no or "")
    raise RuleViolation("该笔收费已退费（{receipt_no}），钱已退还付款人，不能再重新指向；请选择“已复核”",
                        receipt_no=undo.receipt_no or "")


def _release(session: Session, actor: Actor, source: Customer, money: _Movable, amount: int,
             reason: str) -> tuple[uuid.UUID | None, list[tuple[uuid.UUID, int, int]]]:
    """Take what ``amount`` needs beyond the prepaid part off the closed customer's bills back
    into its prepaid balance: an ``offset`` row with negative allocations (as the centre's
    correction of an over-paid bill); the printed balance does not change (arrears and prepaid
    both rise). Returns the row's id and the lines taken off (positive)."""
    need = amount - money.prepaid_fen
    lines: list[tuple[uuid.UUID, int, int]] = []
    for bill_id, principal, fee in reversed(money.on_bills):  # the newest bill first
        if need <= 0:
            break
        p = min(principal, need)
        f = min(fee, need - p)
        need -= p + f
        lines.append((bill_id, p, f))
    total, fees = sum(p + f for _, p, f in lines), sum(f for _, _, f in lines)
    if not total:
        return None, []
    before = ledger.balance_fen(session, source.id, dt.date.today())
    rid = uuid7()
    session.add(Payment(id=rid, receipt_no=None, node_id=actor.node_id, customer_id=source.id, session_id=None,
                        kind=PaymentKind.OFFSET, reverses_id=None, amount_fen=0, tendered_fen=0, change_fen=0,
                        applied_fen=-total, late_fee_fen=-fees, prepaid_fen=total, balance_before_fen=before,
                        balance_after_fen=before, posted_at=utcnow(), posted_by=actor.username,
                        reason_code="sync_repoint", reason=reason[:200]))
    session.flush()
    for bill_id, p, f in lines:
        session.add(PaymentAllocation(payment_id=rid, bill_id=bill_id, principal_fen=-p, late_fee_fen=-f))
    session.flush()
    return rid, lines


def _repoint(session: Session, actor: Actor, c: SyncConflict, detail: dict[str, Any], account_no: str,
             amount_fen: int | None) -> dict[str, Any]:
    """Move up to the unspent money of the entry's payment to ``account_no``'s open bills (its
    prepaid balance for the rest); the payment row is never touched. Returns what the
    ResolveSyncConflict record says of it."""
    pay, _ = _payment_of(session, detail)
    found = _target_customer(session, account_no)
    # both customers locked in one order (id), so two re-points crossing each other cannot deadlock
    locked = {cid: ledger.lock_customer(session, cid) for cid in sorted({pay.customer_id, found.id})}
    source, target = locked[pay.customer_id], locked[found.id]
    _refuse_closed(target)  # again, under the lock
    money = _movable(session, pay, source, c.kind)
    limit = money.limit_fen
    amount = limit if amount_fen is None else int(amount_fen)
    if limit <= 0:
        raise ValidationError("amount_fen", "该笔收费已没有可重新指向的金额（已用于账单或已转出）")
    if amount <= 0:
        raise ValidationError("amount_fen", "重新指向的金额必须大于零")
    if amount > limit:
        raise ValidationError("amount_fen", "金额不能超过该笔收费尚未使用的{limit}", limit=format_yuan(limit))
    today, now = dt.date.today(), utcnow()
    same = target.id == source.id
    reason = f"同步收费 {pay.receipt_no or pay.id} 重新指向"
    release_id, released = _release(session, actor, source, money, amount, reason)
    transfers: list[uuid.UUID] = []
    if not same:
        for customer, change in ((source, -amount), (target, amount)):
            before = ledger.balance_fen(session, customer.id, today)
            tid = uuid7()
            session.add(Payment(id=tid, receipt_no=None, node_id=actor.node_id, customer_id=customer.id,
                                session_id=None, kind=PaymentKind.TRANSFER, reverses_id=None, amount_fen=0,
                                tendered_fen=0, change_fen=0, applied_fen=0, late_fee_fen=0, prepaid_fen=change,
                                balance_before_fen=before, balance_after_fen=before - change, posted_at=now,
                                posted_by=actor.username, reason_code="sync_repoint", reason=reason[:200]))
            session.flush()
            transfers.append(tid)
    # the target's open bills get at most the re-pointed money (its own prepaid stays as it was)
    book = ledger.load_ledger(session, target.id, target.kind)
    hall = hall_rules.for_customer(session, target.id)
    offset = ledger.offset_payment(replace(book, prepaid_fen=min(book.prepaid_fen, amount)), actor, today,
                                   hall.late_fee_first, hall.late_fee_rules(), now)
    if offset is None and same:
        raise ValidationError("account_no", "户号{account_no}没有未缴的账单，该笔钱已在其预存中，无需重新指向",
                              account_no=account_no)
    posted = offset.posted if offset is not None else []
    if offset is not None:
        balance = ledger.balance_fen(session, target.id, today)
        offset.payment["balance_before_fen"] = offset.payment["balance_after_fen"] = balance
        ledger.insert_offsets(session, [offset])
    applied = sum(p + f for _, p, f in posted)
    if same:
        # only what its bills took is re-pointed: the rest stays in its prepaid as it was, and
        # can still move later (a record of the whole amount would lock it there for good)
        amount = applied
    released_fen = sum(p + f for _, p, f in released)
    moved = {"payment_id": str(pay.id), "receipt_no": pay.receipt_no, "from_account_no": source.account_no,
             "to_account_no": target.account_no, "amount_fen": amount, "applied_fen": applied,
             "released_fen": released_fen}
    digest = (audit.offset_digest(source.id, [(b, -p, -f) for b, p, f in released])
              + audit.offset_digest(target.id, posted))
    oplog.append(session, actor, OpType.CORRECT_SYNCED_PAYMENT, {
        "payment_id": str(pay.id), "receipt_no": pay.receipt_no, "customer_id": str(source.id),
        "conflict_id": str(c.id), "to_customer_id": str(target.id), "repoint_fen": amount,
        "transfer_ids": [str(t) for t in transfers],
        "release_id": str(release_id) if release_id else None, "released_fen": released_fen,
        "released": [{"bill_id": str(b), "principal_fen": p, "late_fee_fen": f} for b, p, f in released],
        "correction_id": str(offset.payment["id"]) if offset is not None else None,
        "settled": [{"bill_id": str(b), "principal_fen": p, "late_fee_fen": f} for b, p, f in posted],
        "offsets": (1 if offset is not None else 0) + (1 if release_id else 0), "offset_fen": applied - released_fen,
        "offset_digest": audit.digest_hex(digest),
    }, "payment", pay.id)
    return moved


def _inserts(detail: dict[str, Any]) -> bool:
    """Does the queued change add a row (a registration, a new record)?"""
    return detail.get("action") == "insert" or any(ch.get("action") == "insert" for ch in detail.get("changes") or [])


def _money_inserts(detail: dict[str, Any]) -> bool:
    """Does the queued change insert a money row (a payment, its tender or allocation)?"""
    return any(ch.get("action") == "insert" and ch.get("tbl") in _MONEY_TABLES for ch in detail.get("changes") or [])


def _money_waits(session: Session, node_id: uuid.UUID) -> bool:
    return session.scalar(sa.select(sa.literal(1)).where(
        SyncConflict.node_id == node_id, SyncConflict.kind == "held_money", SyncConflict.status == "open"
    ).limit(1)) is not None


def _keep_branch(session: Session, c: SyncConflict, detail: dict[str, Any], fields: Sequence[str]) -> list[str]:
    """Write the branch's values of ``fields`` (all of the entry's when empty) to the row."""
    if c.kind == "field":
        branch = {f["field"]: f["branch"] for f in detail.get("fields", [])}
    else:  # state: every field the branch changed
        before, after = detail.get("before") or {}, detail.get("after") or {}
        branch = {k: v for k, v in after.items() if before.get(k) != v and k not in ("version", "updated_at")}
    chosen = list(fields) or list(branch)
    unknown = [f for f in chosen if f not in branch]
    if unknown:
        raise ValidationError("fields", "字段{field}不在此冲突中", field=unknown[0])
    key = rows.key_of(c.tbl, json.loads(c.row_key))
    centre = rows.read_image(session, c.tbl, key)
    if centre is None:
        raise RuleViolation("该记录在中心已不存在，只能保留中心的处理")
    values = rows.decode_row(c.tbl, {f: branch[f] for f in chosen})
    if values:
        write_fields(session, c.tbl, key, values, centre)
        if c.tbl == "customer":
            rebuild_search_keys(session, key["id"])
    return chosen


def _centre_approves(kind: str, detail: dict[str, Any]) -> bool:
    """Entries that wait for the centre's approval (docs/sync.md#trust): an ``actor`` entry
    (an operation only the centre may do, or an actor the centre refused), an ``apply`` entry
    (an envelope queued whole, before the scope check: it may hold rows outside the node's
    scope) and a ``scope`` entry changing rows outside the node's scope (queued money is booked
    by anyone: it is never dropped, and the node's drawer accounts for it)."""
    return kind in ("actor", "apply") or (kind == "scope" and not _money_inserts(detail))


def _of_node(session: Session, actor: Actor, node_id: uuid.UUID) -> bool:
    """Does ``actor`` act for node ``node_id``: signed in there, or its user — a branch's
    supervisor resolving through the sync service acts in a session on the centre's node
    (app/sync/nodes.py node_actor): whose user it is decides, not where the session runs."""
    if actor.node_id == node_id:
        return True
    return session.scalar(sa.select(User.node_id).where(User.id == actor.user_id)) == node_id


def _may_leave_unbooked(session: Session, actor: Actor, c: SyncConflict, detail: dict[str, Any], note: str) -> None:
    """"Reviewed, not booked" only for queued money that failed the scope proof, decided at the
    centre (not by the node whose money it is, :func:`_of_node`), with the reason written down."""
    if c.kind != "scope" or not _money_inserts(detail):
        raise ValidationError("choice", "此类冲突不能选择“{choice}”", choice=NOT_BOOKED)
    if _of_node(session, actor, c.node_id):
        raise PermissionDenied("收费不入账只能由中心的值班长或系统管理员决定")
    if not note:
        raise ValidationError("note", "不入账须填写理由（核实的经过）")


def _payment_id(ch: dict[str, Any]) -> uuid.UUID | None:
    """The payment a queued money insert belongs to (itself, or its tender's / allocation's)."""
    after = ch.get("after") or {}
    value = after.get("id") if ch.get("tbl") == "payment" else after.get("payment_id")
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _money_payments(detail: dict[str, Any]) -> set[uuid.UUID]:
    """The payments whose rows (payment, tender, allocation) the entry's changes insert."""
    return {p for ch in detail.get("changes") or [] if ch.get("action") == "insert"
            and ch.get("tbl") in _MONEY_TABLES for p in [_payment_id(ch)] if p is not None}


def _money_group(session: Session, c: SyncConflict, detail: dict[str, Any]) -> list[SyncConflict]:
    """The other open ``scope`` entries of the node holding rows of the same payment (its
    tenders and allocations, or the payment of a tender), locked; decided with ``c``."""
    if c.kind != "scope":
        return []
    wanted = _money_payments(detail)
    if not wanted:
        return []
    candidates = session.execute(sa.select(SyncConflict.id, SyncConflict.detail).where(
        SyncConflict.node_id == c.node_id, SyncConflict.kind == "scope", SyncConflict.status == "open",
        SyncConflict.tbl.in_(sorted(_MONEY_TABLES)), SyncConflict.id != c.id))
    ids = [i for i, text in candidates if any(ch.get("action") == "insert" and _payment_id(ch) in wanted
                                               for ch in json.loads(text).get("changes") or [])]
    if not ids:
        return []
    # Only the payment's own entries are locked, and not waited for: this choice holds ``c``
    # already, and another supervisor deciding one of them at the same time would then want
    # ``c`` (a cycle, 40P01): he goes on, this one is told to refresh.
    try:
        return list(session.scalars(sa.select(SyncConflict).where(SyncConflict.id.in_(ids),
                                                                  SyncConflict.status == "open")
                                    .order_by(SyncConflict.created_at, SyncConflict.id)
                                    .with_for_update(nowait=True).execution_options(populate_existing=True)))
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        raise ConcurrentEdit("该笔收费的其他待处理项正在被他人处理，请刷新后再试") from exc


#: the order money rows are booked in (a payment before its tenders and allocations)
_MONEY_ORDER = {"payment": 0, "payment_tender": 1, "payment_allocation": 2}


def _apply_queued(session: Session, actor: Actor, c: SyncConflict, details: Sequence[dict[str, Any]]) -> list[str]:
    """Apply queued row changes (an ``actor`` / ``apply`` entry's, a ``scope`` entry's and those
    of the entries booked with it) in their order (parents first, as captured); the tables
    touched. Money inserts are booked last, payments first, under the apply rules
    (app/sync/apply.py ``book_money``: a receipt number taken is re-numbered, an over-paid
    bill's excess goes to prepaid, a closed customer is flagged), their new entries written."""
    touched: list[str] = []
    customers: set[uuid.UUID] = set()
    money: list[tuple[str, dict[str, Any]]] = []
    try:
        with session.begin_nested():
            for ch in (ch for detail in details for ch in detail.get("changes", [])):
                tbl, action = ch["tbl"], ch["action"]
                key = rows.key_of(tbl, ch["row_key"])
                centre = rows.read_image(session, tbl, key)
                if action == "insert":
                    after = rows.decode_row(tbl, ch["after"])
                    if centre is None and tbl in _MONEY_TABLES:
                        money.append((tbl, after))
                    elif centre is None:
                        rows.insert_row(session, tbl, after)
                    elif any(centre.get(k) != v for k, v in after.items() if k in centre):
                        raise RuleViolation("记录{key}在中心已存在且内容不同，只能保留中心的处理", key=ch["row_key"])
                elif centre is None:
                    raise RuleViolation("该记录在中心已不存在，只能保留中心的处理")
                elif action == "delete":
                    rows.delete_row(session, tbl, key)
                else:
                    before, after = rows.decode_row(tbl, ch["before"] or {}), rows.decode_row(tbl, ch["after"] or {})
                    values = {k: v for k, v in after.items()
                              if before.get(k) != v and k not in ("version", "updated_at") and k not in key}
                    if values:
                        write_fields(session, tbl, key, values, centre)
                if tbl == "customer" and action != "delete":
                    customers.add(key["id"])
                if tbl not in touched:
                    touched.append(tbl)
            if money:
                money.sort(key=lambda m: _MONEY_ORDER[m[0]])
                entries = book_money(session, actor, c.node_id, c.op_id, money)
                if entries:
                    session.execute(rows.table("sync_conflict").insert(), entries)
            session.flush()
    except MoneyNotStored as exc:
        raise RuleViolation("该笔收费在中心无法入账（{error}），请先处理同一分支更早的待处理项",
                            error=exc.error) from exc
    except IntegrityError as exc:
        raise RuleViolation("排队的修改无法应用（{error}），请先处理同一分支更早的待处理项",
                            error=type(exc.orig).__name__ if exc.orig else "IntegrityError") from exc
    for customer_id in customers:
        rebuild_search_keys(session, customer_id)
    return touched


# ---- views ---------------------------------------------------------------------------------------


def _label(tbl: str, name: str) -> str:
    return _FIELD_LABELS.get(tbl, {}).get(name) or _COMMON_LABELS.get(name) or name


def _text(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _fen(value: Any) -> str:
    return f"¥{int(value) / 100:,.2f}"


def _view(c: SyncConflict, node_code: str) -> ConflictView:
    detail: dict[str, Any] = json.loads(c.detail)
    fields: tuple[ConflictField, ...] = ()
    table = TABLE_LABELS.get(c.tbl, c.tbl)
    if c.kind == "field":
        fields = tuple(ConflictField(f["field"], _label(c.tbl, f["field"]), _text(f["base"]), _text(f["branch"]),
                                     _text(f["centre"])) for f in detail.get("fields", []))
        summary = f"{table}：分支与中心都修改了" + "、".join(f.label for f in fields)
    elif c.kind == "state":
        before, after, centre = detail.get("before") or {}, detail.get("after") or {}, detail.get("centre") or {}
        fields = tuple(ConflictField(k, _label(c.tbl, k), _text(before.get(k)), _text(v), _text(centre.get(k)))
                       for k, v in sorted(after.items())
                       if before.get(k) != v and k not in ("version", "updated_at"))
        summary = (f"{table}：中心已将状态改为 {_text(centre.get('status'))}，"
                   f"分支在状态 {_text(before.get('status'))} 下做了修改")
    elif c.kind == "paid_bill":
        bills = "、".join(b.get("bill_no", "") for b in detail.get("bills", []))
        summary = (f"收费 {detail.get('receipt_no') or ''}：账单 {bills} 已在中心缴清，"
                   f"超出的 {_fen(detail.get('excess_fen', 0))} 已转为预存，请复核（退费、保留预存，或重新指向应得的户号）")
    elif c.kind == "closed_customer":
        summary = (f"收费 {detail.get('receipt_no') or ''}：户号 {detail.get('account_no', '')} 已在中心销户，"
                   f"分支收取 {_fen(detail.get('amount_fen', 0))}，请复核（或重新指向应得的户号）")
    elif c.kind == "moved_customer":
        summary = (f"收费 {detail.get('receipt_no') or ''}（{_fen(detail.get('amount_fen') or 0)}）："
                   f"户号 {detail.get('account_no', '')} 在分支收费后已由中心转至节点 {detail.get('node_code', '')}，"
                   "该笔收费已在中心入账并随客户转至新节点，请复核（或重新指向应得的户号）")
    elif c.kind == "repointed_undo":  # docs/sync.md#conflicts, re-pointing a payment
        undo = "退费" if detail.get("kind") == PaymentKind.REFUND else "冲正"
        summary = (f"分支对收费 {detail.get('reverses_receipt_no') or ''} 办理了{undo}"
                   f"（{detail.get('receipt_no') or ''}，{_fen(abs(int(detail.get('amount_fen') or 0)))}），"
                   f"而中心已把该笔收费中的 {_fen(detail.get('repoint_fen') or 0)} 重新指向户号 "
                   f"{'、'.join(detail.get('to_account_nos') or [])}：这笔钱既退还了付款人又记入了他户，"
                   f"户号 {detail.get('account_no', '')} 因此重新欠费；{undo}已入账，请复核并与相关客户核对")
    elif c.kind == "double_undo":  # docs/sync.md#apply-rules, two undos of one payment
        undo = "退费" if detail.get("kind") == PaymentKind.REFUND else "冲正"
        first = "退费" if detail.get("first_undo_kind") == PaymentKind.REFUND else "冲正"
        summary = (f"收费 {detail.get('reverses_receipt_no') or ''} 已由节点 {detail.get('first_undo_node_code', '')} "
                   f"{first}（{detail.get('first_undo_receipt_no') or ''}），分支又办理了{undo}"
                   f"（{detail.get('receipt_no') or ''}，{_fen(abs(int(detail.get('amount_fen') or 0)))}）："
                   f"这笔钱退还了两次。分支的{undo}已按其钱箱付出入账（不再冲减账单和预存），"
                   f"户号 {detail.get('account_no', '')} 多收回的款项请与客户核对追回，处理后标记已复核")
    elif c.kind == "receipt":
        summary = (f"收费 {detail.get('receipt_no') or ''}（{_fen(detail.get('amount_fen') or 0)}）："
                   f"该收据号在中心已被另一笔收费使用，已按收据号 {detail.get('centre_receipt_no') or ''} 入账，"
                   "请核对客户手中的收据")
    elif c.kind == "held_money":
        summary = (f"分支第{detail.get('first_seq', '')}–{detail.get('last_seq', '')}条操作中的收费中心暂无法入账"
                   f"（{detail.get('error', '')}）：分支保留并在每次同步时重发；请先处理阻碍它的待处理项"
                   "（如该客户的建档），入账后此项自动关闭")
    elif c.kind == "carried":  # docs/sync.md#recovery
        summary = (f"重新注册前未能发送的第{detail.get('first_seq', '')}–{detail.get('last_seq', '')}条操作"
                   f"由新注册的电脑转交：{detail.get('outcome_text', '')}；请复核")
    elif c.kind == "day_end":
        b, m = detail.get("branch", {}), detail.get("centre", {})
        fields = tuple(ConflictField(k, k, "", _fen(b.get(k, 0)), _fen(m.get(k, 0)))
                       for k in sorted(set(b) | set(m)) if b.get(k, 0) != m.get(k, 0))
        summary = f"班次 {detail.get('session_no', '')} 的日结合计与中心收到的收费不符"
    elif c.kind in ("actor", "apply"):
        changes = detail.get("changes", [])
        tables = "、".join(dict.fromkeys(TABLE_LABELS.get(ch["tbl"], ch["tbl"]) for ch in changes)) or "无"
        what = "未通过操作员核对" if c.kind == "actor" else "未能按原样应用"
        summary = (f"第{detail.get('first_seq', '')}–{detail.get('last_seq', '')}条操作{what}："
                   f"{detail.get('reason', '')}；已记入日志，收费已保留，其余修改（{tables}）待处理")
    elif c.kind == "scope":
        summary = (f"{table}：分支的{_ACTIONS.get(_first_action(detail), '修改')}超出该节点的范围，未应用："
                   f"{detail.get('reason', '')}；"
                   + ("含收费，只能核实后应用（入账后可冲正或退费）" if _money_inserts(detail) else "请核实后应用或拒绝"))
    elif c.kind == "centre":
        summary = f"{table}：由中心维护，分支的修改未应用"
    else:
        summary = f"{table}：分支的{_ACTIONS.get(detail.get('action', ''), '修改')}与中心的记录不一致，未应用"
    return ConflictView(
        id=c.id, node_id=c.node_id, node_code=node_code, op_id=c.op_id, kind=c.kind,
        kind_label=KIND_LABELS.get(c.kind, c.kind), tbl=c.tbl, table_label=table, row_key=c.row_key,
        summary=summary, status=c.status, resolution=c.resolution, resolved_by=c.resolved_by,
        resolved_at=c.resolved_at, created_at=c.created_at if c.created_at else dt.datetime.min, version=c.version,
        fields=fields, detail=detail, choices=_choices(c.kind, detail),
    )


def _choices(kind: str, detail: dict[str, Any]) -> tuple[str, ...]:
    """The entry's choices; never ``keep_centre`` for queued money (it can only be booked)."""
    choices = CHOICES.get(kind, ("keep_centre",))
    if kind in _QUEUED_KINDS and _money_inserts(detail):
        choices = tuple(c for c in choices if c != "keep_centre")
    else:  # "reviewed, not booked" is for queued money alone
        choices = tuple(c for c in choices if c != NOT_BOOKED)
    return choices


def _first_action(detail: dict[str, Any]) -> str:
    changes = detail.get("changes") or [{}]
    return str(changes[0].get("action", ""))


_ACTIONS = {"insert": "新增", "update": "修改", "delete": "删除"}
