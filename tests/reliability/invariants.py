"""The money invariants, read from the tables (not asked of the services).

``check_invariants(db_url)`` returns the problems in words (empty: the books hold):

* no fen made or lost: per payment Σ tenders = tendered, tendered − change = amount, change ≥ 0,
  applied = Σ allocations, amount = applied + prepaid change; per customer Σ amount =
  Σ principal + Σ late fee + Σ prepaid change;
* prepaid ≥ 0 for every customer (and equal to ``customer.prepaid_fen`` where that column exists);
* no bill over-paid: 0 ≤ principal paid ≤ amount (a credit bill: amount ≤ paid ≤ 0), and billing's
  ledger leaves no regular bill owing less than zero;
* a reversal / refund mirrors its original (every column and allocation), at most one per original;
* receipt, bill and cashier-session numbers gap-free per node (1 … counter, no hole, no duplicate);
* one operation record per effect: every receipt payment has exactly one PostPayment /
  ReversePayment / RefundPayment record naming it, and no such record names a missing payment;
* ``app.write_path.oplog.verify`` clean; the reconcile (``app.services.audit.reconcile``, when that module
  exists) clean — else a visible note (see :func:`reconcile_note`).

tests/services/test_money_properties.py checks the same ideas in-process after every step (with
the late-fee bounds, which need the run's settings); this module is for other processes' work.
"""

from __future__ import annotations

import importlib
import uuid
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select

from app.services import ledger
from app.write_path import oplog
from db.engine import Database
from db.models import (
    Bill,
    CashierSession,
    Customer,
    Node,
    NodeCounter,
    Operation,
    Payment,
    PaymentAllocation,
    PaymentTender,
)

RECEIPT_KINDS = ("payment", "reversal", "refund")
OP_OF_KIND = {"payment": "PostPayment", "reversal": "ReversePayment", "refund": "RefundPayment"}

#: Set by :func:`check_invariants` when the reconcile could not run (the module is missing).
reconcile_note: str = ""


def _gaps(label: str, node_code: str, letter: str, numbers: list[str], counter: int) -> list[str]:
    seqs: list[int] = []
    bad: list[str] = []
    for number in numbers:
        node, sep, seq = number.partition(letter)
        if node != node_code or not sep or not seq.isdigit():
            bad.append(number)
        else:
            seqs.append(int(seq))
    problems = [f"{label} {n}: not a number of node {node_code}" for n in bad[:5]]
    dup = sorted(n for n, c in Counter(seqs).items() if c > 1)
    if dup:
        problems.append(f"{label} numbers of node {node_code} used twice: {dup[:10]}")
    missing = sorted(set(range(1, counter + 1)) - set(seqs))
    if missing:
        problems.append(
            f"{label} numbers of node {node_code} missing (holes): {missing[:10]}"
            f"{' …' if len(missing) > 10 else ''} (counter {counter})"
        )
    beyond = sorted(s for s in set(seqs) if s > counter or s < 1)
    if beyond:
        problems.append(f"{label} numbers of node {node_code} beyond the counter {counter}: {beyond[:10]}")
    return problems


def _reconcile(session: Any) -> list[str]:
    """The audit's reconcile (issue 7 item 10 b), built in parallel: used when it exists."""
    global reconcile_note
    try:
        audit = importlib.import_module("app.services.audit")
    except ModuleNotFoundError:
        reconcile_note = "reconcile: skipped (app.services.audit does not exist yet)"
        return []
    reconcile = getattr(audit, "reconcile", None)
    if reconcile is None:
        reconcile_note = "reconcile: skipped (app.services.audit has no reconcile)"
        return []
    reconcile_note = ""
    report = reconcile(session)
    findings = getattr(report, "findings", report)
    return [
        f"reconcile: {getattr(f, 'where', '')} {getattr(f, 'message', f)}".strip() for f in findings or ()
    ]


def check_invariants(db_url: str) -> list[str]:
    """Every invariant above, on the database at ``db_url``; the problems in words."""
    db = Database(db_url)
    try:
        return _check(db)
    finally:
        db.dispose()


def _check(db: Database) -> list[str]:
    problems: list[str] = []
    with db.read() as s:
        nodes = {nid: code for nid, code in s.execute(select(Node.id, Node.code))}
        counters = {
            (nid, name): int(v)
            for nid, name, v in s.execute(select(NodeCounter.node_id, NodeCounter.name, NodeCounter.value))
        }
        bills = s.execute(
            select(Bill.id, Bill.bill_no, Bill.node_id, Bill.customer_id, Bill.amount_fen, Bill.bill_type)
        ).all()
        pays = s.execute(
            select(
                Payment.id,
                Payment.receipt_no,
                Payment.node_id,
                Payment.customer_id,
                Payment.session_id,
                Payment.kind,
                Payment.reverses_id,
                Payment.amount_fen,
                Payment.tendered_fen,
                Payment.change_fen,
                Payment.applied_fen,
                Payment.late_fee_fen,
                Payment.prepaid_fen,
            )
        ).all()
        allocs = s.execute(
            select(
                PaymentAllocation.payment_id,
                PaymentAllocation.bill_id,
                PaymentAllocation.principal_fen,
                PaymentAllocation.late_fee_fen,
            )
        ).all()
        tenders = s.execute(
            select(PaymentTender.payment_id, PaymentTender.kind, PaymentTender.amount_fen)
        ).all()
        sessions = s.execute(select(CashierSession.session_no, CashierSession.node_id)).all()
        ops = s.execute(
            select(Operation.op_type, Operation.entity_type, Operation.entity_id).where(
                Operation.entity_type == "payment"
            )
        ).all()
        customers = {row[0]: row for row in s.execute(select(Customer.id, Customer.account_no))}
        stored_prepaid: dict[uuid.UUID, int] | None = None
        if hasattr(Customer, "prepaid_fen"):  # a balance column kept by the database (issue 7 item 1)
            stored_prepaid = {
                cid: int(v or 0) for cid, v in s.execute(select(Customer.id, Customer.prepaid_fen))
            }  # type: ignore[attr-defined]
        ledgers = {cid: ledger.load_ledger(s, cid) for cid in {b.customer_id for b in bills}}
        for report in oplog.verify(s):
            if not report.ok:
                problems.append(
                    f"verify-log: node {report.node_code} broken at {report.first_broken_seq}: "
                    f"{report.problem}"
                )
        problems += _reconcile(s)

    def who(cid: uuid.UUID) -> str:
        return customers[cid][1] if cid in customers else str(cid)

    by_id = {p.id: p for p in pays}
    allocs_of: dict[uuid.UUID, list[tuple[uuid.UUID, int, int]]] = defaultdict(list)
    paid: dict[uuid.UUID, int] = defaultdict(int)
    for payment_id, bill_id, principal, fee in allocs:
        allocs_of[payment_id].append((bill_id, principal, fee))
        paid[bill_id] += principal
    tenders_of: dict[uuid.UUID, list[tuple[str, int]]] = defaultdict(list)
    for payment_id, kind, amount in tenders:
        tenders_of[payment_id].append((kind, amount))

    # Per payment: no fen made or lost.
    for p in pays:
        name = p.receipt_no or f"{p.kind} {p.id}"
        mine = allocs_of[p.id]
        if p.applied_fen != sum(pr + f for _, pr, f in mine):
            problems.append(
                f"{name}: applied {p.applied_fen} ≠ Σ allocations {sum(pr + f for _, pr, f in mine)}"
            )
        if p.late_fee_fen != sum(f for _, _, f in mine):
            problems.append(f"{name}: late fee {p.late_fee_fen} ≠ Σ allocated fees")
        if p.amount_fen != p.applied_fen + p.prepaid_fen:
            problems.append(
                f"{name}: amount {p.amount_fen} ≠ applied {p.applied_fen} + prepaid {p.prepaid_fen}"
            )
        if p.kind in RECEIPT_KINDS:
            if p.receipt_no is None or p.session_id is None:
                problems.append(f"{name}: a {p.kind} without receipt number or cashier session")
            tendered = sum(a for _, a in tenders_of[p.id])
            if tendered != p.tendered_fen:
                problems.append(f"{name}: Σ tenders {tendered} ≠ tendered {p.tendered_fen}")
            if p.tendered_fen - p.change_fen != p.amount_fen or p.change_fen < 0:
                problems.append(
                    f"{name}: tendered {p.tendered_fen} − change {p.change_fen} ≠ amount {p.amount_fen}"
                )
            if p.kind == "payment" and (p.amount_fen <= 0 or any(a <= 0 for _, a in tenders_of[p.id])):
                problems.append(f"{name}: a payment of {p.amount_fen} / non-positive tender")
        elif p.kind == "offset":
            if p.amount_fen != 0 or tenders_of[p.id] or p.receipt_no is not None:
                problems.append(f"{name}: an offset moves money in or out or has a receipt")
        else:
            problems.append(f"{name}: unknown kind {p.kind}")
        if p.reverses_id is not None:
            o = by_id.get(p.reverses_id)
            if p.kind not in ("reversal", "refund") or o is None or o.kind != "payment":
                problems.append(f"{name}: undoes {p.reverses_id}, which is not a payment")
            else:
                for column in ("amount_fen", "applied_fen", "late_fee_fen", "prepaid_fen"):
                    if getattr(p, column) + getattr(o, column) != 0:
                        problems.append(f"{name}: {column} does not mirror {o.receipt_no}")
                if Counter(allocs_of[p.id]) != Counter((b, -pr, -f) for b, pr, f in allocs_of[o.id]):
                    problems.append(f"{name}: allocations do not mirror {o.receipt_no}")
        elif p.kind in ("reversal", "refund"):
            problems.append(f"{name}: a {p.kind} of nothing")
    undone = Counter(p.reverses_id for p in pays if p.reverses_id is not None)
    problems += [
        f"payment {by_id[i].receipt_no if i in by_id else i} undone {n} times"
        for i, n in undone.items()
        if n > 1
    ]

    # Per customer: prepaid ≥ 0, money = principal + fees + prepaid.
    per_customer: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for p in pays:
        per_customer[p.customer_id].append(p)
    for cid, mine in per_customer.items():
        money = sum(p.amount_fen for p in mine)
        principal = sum(pr for p in mine for _, pr, _ in allocs_of[p.id])
        fees = sum(f for p in mine for _, _, f in allocs_of[p.id])
        prepaid = sum(p.prepaid_fen for p in mine)
        if money != principal + fees + prepaid:
            problems.append(
                f"customer {who(cid)}: Σ amount {money} ≠ principal {principal} + fees {fees} "
                f"+ prepaid {prepaid}"
            )
        if prepaid < 0:
            problems.append(f"customer {who(cid)}: prepaid balance {prepaid} < 0")
        if stored_prepaid is not None and stored_prepaid.get(cid, 0) != prepaid:
            problems.append(
                f"customer {who(cid)}: stored prepaid {stored_prepaid.get(cid)} ≠ Σ postings {prepaid}"
            )

    # Per bill: never over-paid.
    for bill_id, bill_no, _, _, amount, _ in bills:
        low, high = (0, amount) if amount >= 0 else (amount, 0)
        if not low <= paid[bill_id] <= high:
            problems.append(f"bill {bill_no}: principal paid {paid[bill_id]} outside [{low}, {high}]")
    for cid, book in ledgers.items():
        for b in book.bills:
            if b.outstanding_fen < 0 and b.amount_fen >= 0:
                problems.append(
                    f"bill {b.bill_no} of {who(cid)}: outstanding {b.outstanding_fen} < 0 (over-paid)"
                )

    # Gap-free numbers per node.
    for nid, code in nodes.items():
        problems += _gaps(
            "receipt",
            code,
            "R",
            [p.receipt_no for p in pays if p.node_id == nid and p.receipt_no],
            counters.get((nid, "receipt"), 0),
        )
        problems += _gaps(
            "bill", code, "B", [b.bill_no for b in bills if b.node_id == nid], counters.get((nid, "bill"), 0)
        )
        problems += _gaps(
            "session", code, "S", [no for no, n in sessions if n == nid], counters.get((nid, "session"), 0)
        )

    # One operation record per effect.
    ops_of: dict[uuid.UUID, list[str]] = defaultdict(list)
    for op_type, _, entity_id in ops:
        ops_of[entity_id].append(op_type)
    for p in pays:
        if p.kind in OP_OF_KIND:
            mine_ops = [t for t in ops_of.get(p.id, []) if t == OP_OF_KIND[p.kind]]
            if len(mine_ops) != 1:
                problems.append(f"{p.receipt_no}: {len(mine_ops)} {OP_OF_KIND[p.kind]} records (want 1)")
    for entity_id, types in ops_of.items():
        if entity_id not in by_id and any(t in OP_OF_KIND.values() for t in types):
            problems.append(f"operation {types} names payment {entity_id}, which does not exist")
    return problems


__all__ = ["check_invariants", "reconcile_note"]
