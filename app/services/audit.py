"""The audit that proves the books (账务稽核, issue 7 items 10 and 12). docs/audit.md, docs/privacy.md.

Three checks, run by ``main.py verify-log`` (:func:`run_audit`):

* the hash chain of every node (:func:`app.write_path.oplog.verify`), compared with every anchor — the chain
  head printed on a day-end report and stored at the supervisor's review, typed in by an admin
  from a printed report (:func:`record_anchor`), or given on the command line;
* the reconcile (:func:`reconcile`): every payment, tender, allocation and bill recomputed from the
  operation records' payloads and compared with the tables, plus the invariants the tables must
  keep (prepaid ≥ 0, no bill paid beyond its amount);
* nothing else: what the audit cannot prove is written down in docs/audit.md.

Personal data in operation payloads (:func:`pii_value`): the masked form and a keyed fingerprint
(HMAC-SHA256 with a per-database key in ``app_meta``), never the full ID number or phone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.codes import AnchorSource, OpType, PaymentKind
from app.domain.errors import NotFound, ValidationError, ValidationErrors
from app.domain.masking import mask_id, mask_phone
from app.dto.common import Actor
from app.services.permissions import require
from app.write_path import oplog
from db.engine import Database
from db.keys import uuid7
from db.models import (
    AppMeta,
    Bill,
    CashierSession,
    Customer,
    LogAnchor,
    Node,
    Operation,
    Payment,
    PaymentAllocation,
    PaymentTender,
    utcnow,
)

# ---- anchors (日志锚点) -------------------------------------------------------------------------

#: How many hex digits of the head hash the day-end report prints large (the rest in small print).
SHORT_HEX = 16


@dataclass(frozen=True)
class ChainHead:
    node_code: str
    seq: int
    hash: str

    @property
    def short(self) -> str:
        return self.hash[:SHORT_HEX]


def close_head(session: Session, session_id: uuid.UUID) -> ChainHead | None:
    """The chain head right after a cashier session was closed: its ``CloseSession`` record
    (what the day-end report prints; the same on every reprint)."""
    row = session.execute(
        select(Operation.seq, Operation.hash, Node.code).join(Node, Node.id == Operation.node_id)
        .where(Operation.entity_type == "cashier_session", Operation.entity_id == session_id,
               Operation.op_type == OpType.CLOSE_SESSION).order_by(Operation.seq.desc()).limit(1)).first()
    return ChainHead(row[2], int(row[0]), row[1]) if row else None


def store_review_anchors(session: Session, actor: Actor, cs: CashierSession) -> None:
    """At a supervisor's session review: keep the head printed on the session's day-end report
    ('day_end') and the node's head now ('review') as anchors, in the review's transaction."""
    now = utcnow()
    rows = []
    head = close_head(session, cs.id)
    if head is not None:
        node_id = session.scalar(select(Node.id).where(Node.code == head.node_code))
        rows.append({"node_id": node_id, "seq": head.seq, "hash": head.hash, "source": AnchorSource.DAY_END,
                     "note": cs.session_no})
    node = session.get(Node, actor.node_id, populate_existing=True)
    if node is not None and node.op_seq:
        rows.append({"node_id": node.id, "seq": int(node.op_seq), "hash": node.op_last_hash,
                     "source": AnchorSource.REVIEW,
                     "note": cs.session_no})
    if rows:
        session.execute(insert(LogAnchor), [{"id": uuid7(), "recorded_at": now, "recorded_by": actor.username,
                                             **r} for r in rows])


@dataclass(frozen=True)
class AnchorCheck:
    """What :func:`record_anchor` found: whether the anchor agrees with the log today."""

    node_code: str
    seq: int
    hash: str
    ok: bool
    message: str


def record_anchor(db: Database, actor: Actor, seq: int, digest: str, node_code: str = "",
                  note: str = "") -> AnchorCheck:
    """An admin / supervisor records an anchor typed from a printed day-end report (source
    'manual'). It is stored even when it disagrees with the log (that disagreement is the
    finding, reported now and by every later ``verify-log``)."""
    require(actor, "audit.verify")
    errors = []
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        errors.append(ValidationError("seq", "序号应为正整数"))
    digest = "".join(str(digest or "").split()).lower()  # typed from paper in groups of four
    if not oplog.MIN_ANCHOR_HEX <= len(digest) <= 64 or any(c not in "0123456789abcdef" for c in digest):
        errors.append(ValidationError("hash", "校验码应为{min}到64位十六进制数字", min=oplog.MIN_ANCHOR_HEX))
    if errors:
        raise ValidationErrors(errors)
    anchor = oplog.Anchor(seq, digest, "录入", str(node_code or "").strip())
    note = str(note or "")[:200]
    with db.write() as session:
        node = session.scalar(select(Node).where(Node.code == (anchor.node_code or actor.node_code)))
        if node is None:
            raise NotFound("节点{code}不存在", code=anchor.node_code or actor.node_code)
        op = session.scalar(select(Operation).where(Operation.node_id == node.id, Operation.seq == anchor.seq))
        if op is None:
            ok, message = False, f"日志中没有第{anchor.seq}条（只有{node.op_seq}条）：日志可能被截断"
        elif not op.hash.startswith(anchor.hash):
            ok, message = False, f"第{anchor.seq}条的哈希为 {op.hash[:16]}，与录入的 {anchor.hash[:16]} 不符"
        else:
            ok, message = True, f"第{anchor.seq}条与录入的锚点一致"
        session.execute(insert(LogAnchor).values(
            id=uuid7(), node_id=node.id, seq=anchor.seq, hash=anchor.hash, recorded_at=utcnow(),
            recorded_by=actor.username, source=AnchorSource.MANUAL, note=note))
        oplog.append(session, actor, OpType.RECORD_ANCHOR, {"node_code": node.code, "seq": anchor.seq,
                                                      "hash": anchor.hash, "matches": ok, "note": note},
                     "node", node.id)
        return AnchorCheck(node.code, anchor.seq, anchor.hash, ok, message)


# ---- personal data in payloads (个人信息) ------------------------------------------------------

PII_KEY = "pii_hmac_key"
#: Fields whose full value stays in the customer row only (docs/privacy.md).
PII_FIELDS = {"id_number": "id", "phone": "phone", "phone2": "phone"}


def _pii_key(session: Session) -> bytes:
    # No autoflush: a caller may be half-way through changing a versioned row (UpdateCustomer).
    with session.no_autoflush:
        return _pii_key_unflushed(session)


def _pii_key_unflushed(session: Session) -> bytes:
    found = session.get(AppMeta, PII_KEY)
    if found is None:
        # Databases built without migration 0006's row (create_all in a tool): make one now.
        try:
            with session.begin_nested():
                session.add(AppMeta(key=PII_KEY, value=secrets.token_hex(32)))
        except IntegrityError:
            pass
        found = session.get(AppMeta, PII_KEY, populate_existing=True)
        assert found is not None
    return bytes.fromhex(found.value)


def pii_fingerprint(session: Session, kind: str, value: str) -> str:
    """HMAC-SHA256(key, kind + ":" + value), 32 hex digits. Equal values give equal fingerprints
    within one database (phone and phone2 share the kind ``phone``), so an auditor holding the
    database can check a value against a record; without the key the 10^4–10^8 possible ID
    numbers / phones of a masked form cannot be tried offline."""
    return hmac.new(_pii_key(session), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def pii_value(session: Session, field_name: str, value: Any) -> Any:
    """What an operation payload keeps of ``field_name``'s ``value``: ``{"masked", "hmac"}`` for
    an ID number or phone (empty stays empty), anything else unchanged."""
    kind = PII_FIELDS.get(field_name)
    if kind is None or value in (None, ""):
        return value
    text = str(value)
    masked = mask_id(text) if kind == "id" else mask_phone(text)
    return {"masked": masked, "hmac": pii_fingerprint(session, kind, text)}


def pii_matches(session: Session, field_name: str, recorded: Any, value: str) -> bool:
    """Does ``value`` (e.g. today's customer row) equal what a payload recorded for ``field_name``?"""
    if isinstance(recorded, dict) and "hmac" in recorded:
        return hmac.compare_digest(recorded["hmac"], pii_fingerprint(session, PII_FIELDS[field_name], value))
    return recorded == value


# ---- reconcile (对账) -------------------------------------------------------------------------

_DIGEST_MOD = 1 << 256


def offset_digest(customer_id: Any, posted: Sequence[tuple[Any, int, int]]) -> int:
    """The offset allocations ``posted`` (bill, principal, late fee) of one customer as a number
    that adds up: Σ SHA-256("customer|bill|principal|fee") mod 2^256. A bill run, bills import or
    adjustment records the sum over the offsets it wrote (``offset_digest``, :func:`digest_hex`);
    the reconcile recomputes it over every offset allocation in the table, so a changed amount
    or bill of any offset row shows, without the record listing thousands of rows."""
    cid = uuid.UUID(str(customer_id)).hex
    total = 0
    for bill_id, principal, fee in posted:
        line = f"{cid}|{uuid.UUID(str(bill_id)).hex}|{int(principal)}|{int(fee)}"
        total += int.from_bytes(hashlib.sha256(line.encode()).digest(), "big")
    return total % _DIGEST_MOD


def digest_hex(value: int) -> str:
    return f"{value % _DIGEST_MOD:064x}"



@dataclass(frozen=True)
class Finding:
    """One difference between what the operation records say and what the tables hold."""

    where: str  # e.g. "收费 3301R00000012"
    message: str
    seq: int | None = None  # the operation record that says otherwise, when there is one

    def __str__(self) -> str:
        at = f"（操作日志第{self.seq}条）" if self.seq else ""
        return f"{self.where}：{self.message}{at}"


@dataclass
class ReconcileReport:
    findings: list[Finding] = field(default_factory=list)
    payments: int = 0
    bills: int = 0
    notes: list[str] = field(default_factory=list)  # what could not be checked fully (older records)

    @property
    def ok(self) -> bool:
        return not self.findings


RECEIPT_OPS = (OpType.POST_PAYMENT, OpType.REVERSE_PAYMENT, OpType.REFUND_PAYMENT)
BILL_RANGE_OPS = (OpType.COMPUTE_BILLS, OpType.IMPORT_BILLS)
# CorrectSyncedPayment (app/sync/apply.py): the offset row moving a synced over-payment to prepaid
OFFSET_OPS = (OpType.COMPUTE_BILLS, OpType.IMPORT_BILLS, OpType.ISSUE_ADJUSTMENT, OpType.CORRECT_SYNCED_PAYMENT)
_CHUNK = 500
_KIND_OF: dict[str, str] = {OpType.POST_PAYMENT: PaymentKind.PAYMENT, OpType.REVERSE_PAYMENT: PaymentKind.REVERSAL,
                            OpType.REFUND_PAYMENT: PaymentKind.REFUND}


def own_node_id(session: Session) -> uuid.UUID | None:
    """This database's own node — at the centre, the centre's: app_meta ``local_node_code``,
    else the first node created (as app/sync/apply.centre_actor finds the centre's actor)."""
    meta = session.get(AppMeta, "local_node_code")
    stmt = select(Node.id)
    if meta is not None:
        found = session.scalar(stmt.where(Node.code == meta.value))
        if found is not None:
            return found
    return session.scalar(stmt.order_by(Node.created_at).limit(1))


def _ops(session: Session, types: Sequence[str]) -> list[tuple[Operation, dict[str, Any]]]:
    """The records of ``types`` with their payloads, node by node in log order; then those a
    ``CarryBranchWork`` record holds verbatim (a refused branch PC's work the centre took in as
    its own operation, docs/sync.md#recovery), each under the carrying record's seq. Only the
    centre's own ``CarryBranchWork`` records count: one a branch pushed itself is kept in the
    log (with an ``actor`` entry) but its inner records are not the centre's word."""
    found = [(op, json.loads(op.payload)) for op in session.scalars(
        select(Operation).where(Operation.op_type.in_(types)).order_by(Operation.node_id, Operation.seq))]
    centre = own_node_id(session)
    for carry in session.scalars(select(Operation).where(Operation.op_type == OpType.CARRY_BRANCH_WORK,
                                                         Operation.node_id == centre)
                                 .order_by(Operation.node_id, Operation.seq)):
        for r in json.loads(carry.payload).get("ops", ()):
            if r.get("op_type") in types:
                found.append((Operation(op_id=uuid.UUID(r["op_id"]), node_id=uuid.UUID(r["node_id"]), seq=carry.seq,
                                        op_type=r["op_type"], payload=r["payload"], actor=r.get("actor", "")),
                              json.loads(r["payload"])))
    return found


def _fen(v: Any) -> int:
    return int(v)


def reconcile(session: Session) -> ReconcileReport:
    """Recompute payments, tenders, allocations and bills from the operation records and compare
    them with the tables; then the invariants. Findings in Chinese, in a fixed order (receipts by
    log order, then bills, offsets, balances)."""
    report = ReconcileReport()
    ops = list(_ops(session, (*RECEIPT_OPS, *OFFSET_OPS, "SeedDemoPayments")))
    covered: set[uuid.UUID] = set()  # the receipt rows some operation record accounts for
    _check_receipts(session, ops, report, covered, _not_booked(session))
    _check_demo_payments(session, ops, report, covered)
    _check_transfers(session, ops, report, covered)
    _check_unlogged_receipts(session, report, covered)
    _check_bills(session, ops, report)
    _check_offsets(session, ops, report)
    _check_invariants(session, report)
    return report


_Ops = list[tuple[Operation, dict[str, Any]]]
_Tender = tuple[str, int, Any]  # kind, amount, reference (None: not compared)
_Allocation = tuple[Any, int, int]  # bill id, principal, late fee


@dataclass
class _ReceiptRows:
    """The payment rows of a chunk of receipt records, with their tender and allocation rows."""

    payments: dict[uuid.UUID, Payment] = field(default_factory=dict)
    tenders: dict[uuid.UUID, list[tuple[str, int, str]]] = field(default_factory=lambda: defaultdict(list))
    allocations: dict[uuid.UUID, list[_Allocation]] = field(default_factory=lambda: defaultdict(list))


def _not_booked(session: Session) -> dict[str, tuple[int, str]]:
    """Branch receipts a supervisor at the centre reviewed and left out of the books (审核后不入账,
    docs/sync.md#apply-rules): payment id → (the record's seq, its note). Only the centre's own
    ResolveSyncConflict records count — a branch cannot so explain away its own money."""
    centre = own_node_id(session)
    found: dict[str, tuple[int, str]] = {}
    for op in session.scalars(select(Operation).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT,
                                                      Operation.node_id == centre).order_by(Operation.seq)):
        p = json.loads(op.payload)
        if p.get("choice") == "not_booked":
            for pid in p.get("payments", ()):
                found[str(pid)] = (op.seq, str(p.get("note", "")))
    return found


def _check_receipts(session: Session, ops: _Ops, report: ReconcileReport, covered: set[uuid.UUID],
                    not_booked: dict[str, tuple[int, str]]) -> None:
    """Receipts (收费 / 冲正 / 退费): one operation each, the row equal to what it recorded; a
    branch's receipt the centre reviewed and did not book is a note, not a finding."""
    post_payload = {p["payment_id"]: p for op, p in ops if op.op_type == "PostPayment"}
    # a branch payment the centre stored under a new receipt number (its number was taken there)
    renumbered = {p["payment_id"]: p["renumbered_to"] for op, p in ops
                  if op.op_type == OpType.CORRECT_SYNCED_PAYMENT and "renumbered_to" in p}
    # a branch's second undo of one payment, stored without its link and its allocations
    # (app/sync/apply.py _insert_money, docs/sync.md#apply-rules)
    unlinked = {p["payment_id"] for op, p in ops if op.op_type == OpType.CORRECT_SYNCED_PAYMENT and p.get("unlinked")}
    receipt_ops = [(op, p) for op, p in ops if op.op_type in RECEIPT_OPS]
    for start in range(0, len(receipt_ops), _CHUNK):
        chunk = receipt_ops[start:start + _CHUNK]
        rows = _load_receipt_rows(session, [uuid.UUID(q["payment_id"]) for _, q in chunk])
        for op, p in chunk:
            pid = uuid.UUID(p["payment_id"])
            covered.add(pid)
            where = f"收费凭证 {p.get('receipt_no') or p['payment_id']}"
            row = rows.payments.get(pid)
            if row is None:
                if p["payment_id"] in not_booked:
                    seq, note = not_booked[p["payment_id"]]
                    report.notes.append(f"{where} 经中心审核后不入账（操作日志第{seq}条：{note}）")
                    continue
                report.findings.append(Finding(where, "操作记录有此笔，收费表中却没有（记录被删除）", op.seq))
                continue
            want, tenders, allocations = _recorded_receipt(op, p, post_payload)
            if op.op_type != OpType.POST_PAYMENT and p["payment_id"] in unlinked:
                want.update(reverses_id=None, prepaid_fen=0)  # None: not compared (the row has no link)
                allocations = []
            if op.op_type == OpType.POST_PAYMENT and p["payment_id"] in renumbered:
                want["receipt_no"] = renumbered[p["payment_id"]]
            _compare_payment_row(report, where, op, row, want)
            _compare_receipt_lines(report, where, op, row, tenders, allocations, rows.tenders.get(pid, []),
                                   rows.allocations.get(pid, []))


def _load_receipt_rows(session: Session, ids: list[uuid.UUID]) -> _ReceiptRows:
    """The rows of ``ids``: three queries per chunk of records."""
    rows = _ReceiptRows()
    rows.payments.update((r.id, r) for r in session.scalars(select(Payment).where(Payment.id.in_(ids))))
    for pid, k, a, r in session.execute(select(PaymentTender.payment_id, PaymentTender.kind,
                                               PaymentTender.amount_fen, PaymentTender.reference)
                                        .where(PaymentTender.payment_id.in_(ids))):
        rows.tenders[pid].append((k, int(a), r))
    for pid, b, pr, fe in session.execute(select(PaymentAllocation.payment_id, PaymentAllocation.bill_id,
                                                 PaymentAllocation.principal_fen, PaymentAllocation.late_fee_fen)
                                          .where(PaymentAllocation.payment_id.in_(ids))):
        rows.allocations[pid].append((b, int(pr), int(fe)))
    return rows


def _recorded_receipt(op: Operation, p: dict[str, Any], post_payload: dict[str, dict[str, Any]]
                      ) -> tuple[dict[str, Any], list[_Tender], list[_Allocation] | None]:
    """What the record says of its payment row (field → value, checked in this order), its
    tenders and its allocations (None: an undo whose original record is not in the log)."""
    want: dict[str, Any] = {"kind": _KIND_OF[op.op_type], "receipt_no": p.get("receipt_no"),
                            "customer_id": p.get("customer_id"), "amount_fen": p.get("amount_fen")}
    allocations: list[_Allocation] | None
    if op.op_type == "PostPayment":
        want.update(tendered_fen=p["tendered_fen"], change_fen=p["change_fen"], prepaid_fen=p["prepaid_fen"])
        allocations = [(a["bill_id"], _fen(a["principal_fen"]), _fen(a["late_fee_fen"])) for a in p["allocations"]]
        tenders: list[_Tender] = [(t["kind"], _fen(t["amount_fen"]), t.get("reference", "")) for t in p["tenders"]]
        return want, tenders, allocations
    want["reverses_id"] = p.get("reverses_id")
    original = post_payload.get(p.get("reverses_id", ""))
    if "allocations" in p:
        allocations = [(a["bill_id"], _fen(a["principal_fen"]), _fen(a["late_fee_fen"])) for a in p["allocations"]]
        want["prepaid_fen"] = p["prepaid_fen"]
    elif original is not None:  # older records: the undo negates the original exactly
        allocations = [(a["bill_id"], -_fen(a["principal_fen"]), -_fen(a["late_fee_fen"]))
                       for a in original["allocations"]]
        want["prepaid_fen"] = -_fen(original["prepaid_fen"])
    else:
        allocations = None
    tenders = [(t["kind"], _fen(t["amount_fen"]), t.get("reference")) for t in p["tenders"]]
    return want, tenders, allocations


def _compare_payment_row(report: ReconcileReport, where: str, op: Operation, row: Payment,
                         want: dict[str, Any]) -> None:
    """The first field of ``row`` that differs from the record is a finding; else the payment counts."""
    have = {"kind": row.kind, "receipt_no": row.receipt_no, "customer_id": str(row.customer_id),
            "amount_fen": row.amount_fen, "tendered_fen": row.tendered_fen, "change_fen": row.change_fen,
            "prepaid_fen": row.prepaid_fen, "reverses_id": str(row.reverses_id) if row.reverses_id else None}
    for key, value in want.items():
        if value is not None and have[key] != value:
            report.findings.append(Finding(where, f"{_LABELS.get(key, key)}为 {have[key]}，操作记录为 {value}", op.seq))
            return
    report.payments += 1


def _compare_receipt_lines(report: ReconcileReport, where: str, op: Operation, row: Payment,
                           tenders: list[_Tender], allocations: list[_Allocation] | None,
                           rows_t: list[tuple[str, int, str]], rows_a: list[_Allocation]) -> None:
    """Tender rows and allocation rows against the record; the row's applied amount against its allocations."""
    f = report.findings
    got_t = Counter((k, int(a), r if tenders and tenders[0][2] is not None else None) for k, a, r in rows_t)
    if got_t != Counter((k, a, r) for k, a, r in tenders):
        f.append(Finding(where, f"收款方式明细与操作记录不符（表中 {_tender_text(got_t)}，"
                                f"记录 {_tender_text(Counter(tenders))}）", op.seq))
    got_a = Counter((str(b), int(pr), int(fe)) for b, pr, fe in rows_a)
    if allocations is None:
        report.notes.append(f"{where} 的原收费记录不在日志中，销账明细只核对了合计")
    elif got_a != Counter(allocations):
        f.append(Finding(where, f"销账明细与操作记录不符（表中 {len(rows_a)} 行合计 "
                                f"{sum(int(x[1]) + int(x[2]) for x in rows_a)} 分，记录 {len(allocations)} 行合计 "
                                f"{sum(a[1] + a[2] for a in allocations)} 分）", op.seq))
    applied = sum(int(x[1]) + int(x[2]) for x in rows_a)
    if row.applied_fen != applied or row.late_fee_fen != sum(int(x[2]) for x in rows_a):
        f.append(Finding(where, f"销账金额 {row.applied_fen} 分与销账明细合计 {applied} 分不符", op.seq))


def _check_demo_payments(session: Session, ops: _Ops, report: ReconcileReport, covered: set[uuid.UUID]) -> None:
    """Demo payments (演示数据): one record per demo session, with its count and total."""
    for op, p in ops:
        if op.op_type != OpType.SEED_DEMO_PAYMENTS:
            continue
        sid = session.scalar(select(CashierSession.id).where(CashierSession.session_no == p["session_no"]))
        ids = list(session.execute(select(Payment.id, Payment.amount_fen)
                                   .where(Payment.session_id == sid, Payment.kind == PaymentKind.PAYMENT)))
        covered.update(i for i, _ in ids)
        total = sum(int(a) for _, a in ids)
        if len(ids) != p["payments"] or total != p["total_fen"]:
            report.findings.append(Finding(f"演示班次 {p['session_no']}", f"收费 {len(ids)} 笔合计 {total} 分，"
                                           f"操作记录为 {p['payments']} 笔 {p['total_fen']} 分", op.seq))
        report.payments += len(ids)


def _check_transfers(session: Session, ops: _Ops, report: ReconcileReport, covered: set[uuid.UUID]) -> None:
    """预存转移 (a branch payment re-pointed, app/sync/conflicts.py): the pair of ``transfer``
    rows a CorrectSyncedPayment record names moves its ``repoint_fen`` out of one customer's
    prepaid balance into another's, and nothing else."""
    for op, p in ops:
        ids = p.get("transfer_ids") if op.op_type == OpType.CORRECT_SYNCED_PAYMENT else None
        if not ids:
            continue
        wanted = [uuid.UUID(str(i)) for i in ids]
        found = {r.id: r for r in session.scalars(select(Payment).where(Payment.id.in_(wanted)))}
        amount = int(p.get("repoint_fen") or 0)
        changes = sorted(int(r.prepaid_fen) for r in found.values())
        if (len(found) != 2 or changes != [-amount, amount]
                or any(r.kind != PaymentKind.TRANSFER or r.amount_fen or r.applied_fen for r in found.values())):
            report.findings.append(Finding(f"预存转移 {p.get('receipt_no') or p.get('payment_id')}",
                                           f"转移明细与操作记录的 {amount} 分不符", op.seq))
        covered.update(found)


def _check_unlogged_receipts(session: Session, report: ReconcileReport, covered: set[uuid.UUID]) -> None:
    """Every receipt row is accounted for by an operation record."""
    for pid, receipt_no in session.execute(select(Payment.id, Payment.receipt_no)
                                           .where(Payment.kind != PaymentKind.OFFSET).order_by(Payment.receipt_no)):
        if pid not in covered:
            report.findings.append(Finding(f"收费凭证 {receipt_no or pid}",
                                           "收费表中有此笔，操作日志中没有对应记录（在日志之外写入）"))


def _check_bills(session: Session, ops: _Ops, report: ReconcileReport) -> None:
    """Bills: each run / import covers a gap-free range of its node's bill numbers, each
    adjustment is one bill, and together they account for every bill in the table."""
    declared_bills = 0
    for op, p in ops:
        if op.op_type in BILL_RANGE_OPS and p.get("count"):
            declared_bills += int(p["count"])
            _check_bill_range(session, op, p, report.findings)
        elif op.op_type == "IssueAdjustment":
            declared_bills += 1
            _check_adjustment_bill(session, op, p, report.findings)
    stored_bills = session.scalar(select(func.count()).select_from(Bill)) or 0
    report.bills = int(stored_bills)
    if stored_bills != declared_bills:
        report.findings.append(Finding("账单", f"账单表有 {stored_bills} 张，操作记录说明了 {declared_bills} 张"))


def _check_bill_range(session: Session, op: Operation, p: dict[str, Any], f: list[Finding]) -> None:
    count, total, kwh = session.execute(
        select(func.count(), func.coalesce(func.sum(Bill.amount_fen), 0), func.coalesce(func.sum(Bill.kwh), 0))
        .where(Bill.node_id == op.node_id, Bill.bill_no >= p["first_bill_no"],
               Bill.bill_no <= p["last_bill_no"])).one()
    where = f"账单 {p['first_bill_no']}–{p['last_bill_no']}"
    if int(count) != p["count"]:
        f.append(Finding(where, f"共 {count} 张，操作记录为 {p['count']} 张", op.seq))
    elif int(total) != p["total_fen"]:
        f.append(Finding(where, f"金额合计 {total} 分，操作记录为 {p['total_fen']} 分（账单金额被改动）", op.seq))
    elif "kwh" in p and int(kwh) != p["kwh"]:
        f.append(Finding(where, f"电量合计 {kwh} kWh，操作记录为 {p['kwh']} kWh", op.seq))


def _check_adjustment_bill(session: Session, op: Operation, p: dict[str, Any], f: list[Finding]) -> None:
    bill = session.scalar(select(Bill).where(Bill.bill_no == p["bill_no"]))
    where = f"退补账单 {p['bill_no']}"
    if bill is None:
        f.append(Finding(where, "操作记录有此张，账单表中却没有", op.seq))
    elif bill.amount_fen != p["amount_fen"] or bill.kwh != p["kwh"]:
        f.append(Finding(where, f"金额 {bill.amount_fen} 分 / {bill.kwh} kWh，操作记录为 "
                                f"{p['amount_fen']} 分 / {p['kwh']} kWh", op.seq))


def _check_offsets(session: Session, ops: _Ops, report: ReconcileReport) -> None:
    """Offsets (预存抵扣): no receipt; each bill run / import / adjustment declares how many and
    how much (and, newer ones, a digest of the rows); each offset row is consistent in itself."""
    undeclared = _check_offset_totals(session, ops, report)
    undigested = sum(1 for op, p in ops if op.op_type in OFFSET_OPS and p.get("offsets") and "offset_digest" not in p)
    if undigested:
        report.notes.append(f"{undigested} 条较早的出账/导入/退补记录未记下抵扣明细摘要：预存抵扣按笔数与金额合计核对")
    elif not undeclared:
        _check_offset_digest(session, ops, report)
    _check_offset_rows(session, report)


def _check_offset_totals(session: Session, ops: _Ops, report: ReconcileReport) -> int:
    """The offsets' count and sum against the records'; returns how many records declare none."""
    declared_n = declared_fen = 0
    undeclared = 0
    for op, p in ops:
        if op.op_type in OFFSET_OPS:
            if "offset_fen" in p:
                declared_n += int(p.get("offsets", 0))
                declared_fen += int(p["offset_fen"])
            else:
                undeclared += 1
    n, applied_sum = session.execute(select(func.count(), func.coalesce(func.sum(Payment.applied_fen), 0))
                                     .where(Payment.kind == PaymentKind.OFFSET)).one()
    if undeclared:
        report.notes.append(f"{undeclared} 条较早的退补记录未记下预存抵扣金额：预存抵扣只核对了每笔自身的一致性")
    elif (int(n), int(applied_sum)) != (declared_n, declared_fen):
        report.findings.append(Finding("预存抵扣", f"表中 {n} 笔合计 {applied_sum} 分，"
                                                 f"操作记录为 {declared_n} 笔 {declared_fen} 分"))
    return undeclared


def _check_offset_digest(session: Session, ops: _Ops, report: ReconcileReport) -> None:
    """Σ of the records' offset digests against the digest of every offset allocation row."""
    declared_digest = sum(int(p["offset_digest"], 16) for op, p in ops
                          if op.op_type in OFFSET_OPS and p.get("offsets")) % _DIGEST_MOD
    table_digest = 0
    for cid, bill_id, principal, fee in session.execute(
            select(Payment.customer_id, PaymentAllocation.bill_id, PaymentAllocation.principal_fen,
                   PaymentAllocation.late_fee_fen).join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(Payment.kind == PaymentKind.OFFSET).execution_options(yield_per=5000)):
        table_digest += offset_digest(cid, [(bill_id, principal, fee)])
    if table_digest % _DIGEST_MOD != declared_digest:
        report.findings.append(Finding("预存抵扣", "抵扣明细与操作记录的摘要不符（某笔预存抵扣的客户、账单或金额被改动）"))


def _check_offset_rows(session: Session, report: ReconcileReport) -> None:
    """The first offset whose amount, prepaid change and allocations disagree."""
    alloc_sum = (select(PaymentAllocation.payment_id, func.sum(PaymentAllocation.principal_fen).label("p"),
                        func.sum(PaymentAllocation.late_fee_fen).label("f"))
                 .group_by(PaymentAllocation.payment_id).subquery())
    bad = session.execute(
        select(Payment.id, Payment.customer_id, Payment.applied_fen, Payment.prepaid_fen, alloc_sum.c.p, alloc_sum.c.f)
        .outerjoin(alloc_sum, alloc_sum.c.payment_id == Payment.id)
        .where(Payment.kind == PaymentKind.OFFSET)
        .where((Payment.amount_fen != 0) | (Payment.prepaid_fen != -Payment.applied_fen)
               | (func.coalesce(alloc_sum.c.p, 0) + func.coalesce(alloc_sum.c.f, 0) != Payment.applied_fen)
               | (func.coalesce(alloc_sum.c.f, 0) != Payment.late_fee_fen)).limit(1)).first()
    if bad is not None:
        report.findings.append(Finding(f"预存抵扣 {bad[0]}", f"抵扣 {bad[2]} 分、预存变动 {bad[3]} 分与其销账明细 "
                                                           f"{int(bad[4] or 0) + int(bad[5] or 0)} 分不一致"))


def _check_invariants(session: Session, report: ReconcileReport) -> None:
    """The invariants every table state must keep: prepaid ≥ 0, no bill paid beyond its amount."""
    neg = session.execute(select(Customer.account_no, func.sum(Payment.prepaid_fen))
                          .join(Customer, Customer.id == Payment.customer_id).group_by(Customer.account_no)
                          .having(func.sum(Payment.prepaid_fen) < 0).order_by(Customer.account_no).limit(1)).first()
    if neg is not None:
        report.findings.append(Finding(f"户号 {neg[0]}", f"预存余额为负（{neg[1]} 分）"))
    paid = (select(PaymentAllocation.bill_id, func.sum(PaymentAllocation.principal_fen).label("paid"))
            .group_by(PaymentAllocation.bill_id).subquery())
    over = session.execute(select(Bill.bill_no, Bill.amount_fen, paid.c.paid).join(paid, paid.c.bill_id == Bill.id)
                           .where(((Bill.amount_fen >= 0) & ((paid.c.paid > Bill.amount_fen) | (paid.c.paid < 0)))
                                  | ((Bill.amount_fen < 0) & ((paid.c.paid < Bill.amount_fen) | (paid.c.paid > 0))))
                           .order_by(Bill.bill_no).limit(1)).first()
    if over is not None:
        report.findings.append(Finding(f"账单 {over[0]}", f"已缴本金 {over[2]} 分超出账单金额 {over[1]} 分"))


_LABELS = {"kind": "类型", "receipt_no": "凭证号", "customer_id": "客户", "amount_fen": "收款金额（分）",
           "tendered_fen": "实收（分）", "change_fen": "找零（分）", "prepaid_fen": "预存变动（分）",
           "reverses_id": "所冲正的收费"}


def _tender_text(c: Counter[tuple[str, int, Any]]) -> str:
    by: dict[str, int] = defaultdict(int)
    for (kind, amount, _), n in c.items():
        by[kind] += amount * n
    return "、".join(f"{k} {v} 分" for k, v in sorted(by.items())) or "无"


# ---- everything at once (verify-log) -----------------------------------------------------------


@dataclass(frozen=True)
class AuditReport:
    chains: list[oplog.ChainReport]
    reconcile: ReconcileReport

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.chains) and self.reconcile.ok

    def lines(self) -> list[str]:
        """The report in Chinese, as verify-log prints it."""
        out = []
        for r in self.chains:
            anchors = f"，{r.anchors_checked} 个锚点一致" if r.anchors_checked else ""
            if r.ok:
                out.append(f"节点 {r.node_code}: {r.records} 条记录，哈希链完整{anchors}"
                           f"（链头 第{r.head_seq}条 {r.head_hash[:SHORT_HEX]}）")
            else:
                out.append(f"节点 {r.node_code}: 第 {r.first_broken_seq} 条起断链 — {r.problem}（已检查 {r.records} 条）")
        if not self.chains:
            out.append("没有操作日志")
        rec = self.reconcile
        if rec.ok:
            out.append(f"对账：{rec.payments} 笔收费、{rec.bills} 张账单与操作记录一致，账务完整")
        else:
            out.append(f"对账不符：{rec.findings[0]}")
            if len(rec.findings) > 1:
                out.append(f"（另有 {len(rec.findings) - 1} 处不符）")
        out += [f"说明：{n}" for n in rec.notes[:5]]
        return out

    def conclusion(self) -> str:
        """The last line verify-log prints (and the audit view shows)."""
        return "结论：完整" if self.ok else "结论：发现不符，请按上面第一处核查（docs/audit.md）"


def run_audit(db: Database, anchors: Sequence[oplog.Anchor] = ()) -> AuditReport:
    """Chain + anchors + reconcile, in one read (``main.py verify-log`` / ``main.py audit``)."""
    with db.read() as session:
        chains = oplog.verify(session, anchors=anchors)
    with db.read() as session:
        rec = reconcile(session)
    return AuditReport(chains, rec)
