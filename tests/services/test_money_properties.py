"""Property-based test of the money path (docs/money-path.md) under random counter operations.

Each example gets a fresh database (SQLite, and PostgreSQL through the ``pg`` marker), two
customers, clerk1 with an open cashier session and super1 as the approver, then runs a drawn
sequence of operations: payments (exact, partial, over → prepaid, several tenders, cash with
change, short or non-cash-over tenders that must be refused), new bills (``add_bill``),
adjustment bills (退补, positive or negative, sometimes beyond what the bill allows), reversals
(冲正), closing the session (after printing every receipt) and opening a new one, refunds (退费),
and replays of earlier request ids.

After every step the invariants are computed from the tables, not asked of the services:

* per bill: ``paid`` = Σ principal allocations lies between 0 and the bill's amount (a credit
  bill's amount is negative: amount ≤ paid ≤ 0), the late fee paid lies between 0 and the fee
  accrued (all postings happen today, so that is ``late_fee_for(amount, due, today)``), and
  billing's ledger agrees: outstanding = amount − paid;
* per customer: Σ payment.amount_fen = Σ principal + Σ late fee + Σ prepaid_fen (no fen made
  or lost), prepaid ≥ 0, and billing's ledger has the same prepaid;
* per payment: applied = Σ its allocations, amount = applied + prepaid, Σ tenders = tendered,
  tendered − change = amount; a reversal / refund and its original sum to zero in every column,
  allocation and (net) tender;
* receipt, bill and session numbers are gap-free per node (no hole, no duplicate), up to the
  counter;
* the operation log verifies and has one record per successful service call (none for a replay);
* a refused call (RuleViolation / ValidationError(s)) leaves every table unchanged (app_user
  aside: the supervisor's approval is its own unit of work);
* a replay returns the first receipt (print count and reversed flag are read at replay time)
  and changes nothing;
* a receipt's "balance after" is the balance computed from the tables right after it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.config import Settings
from app.domain import periods
from app.domain.errors import RuleViolation, ValidationError, ValidationErrors
from app.domain.hall_rules import HallRules
from app.domain.late_fees import late_fee_for
from app.dto.common import Actor
from app.dto.payments import Receipt, TenderInput
from app.services import adjustments, auth, bill_import, cashier, ledger, payments
from app.write_path import oplog
from db.engine import Database
from db.models import (
    Base,
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
from tests.conftest import (
    CLERK_PASSWORD,
    SUPERVISOR_PASSWORD,
    _copy_sqlite_template,
    _open_initialised,
    _pg_template,
    set_hall_rules,
)
from tests.services.test_payments import add_bill, approval, cash, new_customer, print_receipt, today

REFUSED = (RuleViolation, ValidationError, ValidationErrors)
UNDO_KINDS = ("reversal", "refund")
RECEIPT_KINDS = ("payment", "reversal", "refund")


# ---- a fresh database per example --------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def fresh_db(request: pytest.FixtureRequest, tmp_path: Any) -> Callable[[], contextlib.AbstractContextManager[
        tuple[Database, Settings]]]:
    """A factory of initialised databases (node 3301, admin / clerk1 / clerk2 / super1), each a
    copy of the run's template (tests/conftest.py)."""
    server = request.getfixturevalue("pg_server") if request.param == "postgresql" else None

    @contextlib.contextmanager
    def make() -> Iterator[tuple[Database, Settings]]:
        name = "t_" + uuid.uuid4().hex[:12]
        if server:
            url = server.create_database(name, _pg_template(server))  # type: ignore[attr-defined]
        else:
            url = f"sqlite:///{tmp_path / name}.db"
            _copy_sqlite_template(tmp_path / f"{name}.db")
        database, settings_ = _open_initialised(url)
        try:
            yield database, settings_
        finally:
            database.dispose()
            if server:
                server.drop_database(name)  # type: ignore[attr-defined]

    return make


# ---- reading the tables --------------------------------------------------------------------------


def snapshot(db: Database) -> dict[str, list[str]]:
    """Every row of every table but app_user (an approval updates the approver's login state)."""
    with db.read() as s:
        return {t.name: sorted(repr(tuple(r)) for r in s.execute(select(t)).all())
                for t in Base.metadata.sorted_tables if t.name != "app_user"}


def op_count(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Operation)) or 0


@dataclasses.dataclass
class Tables:
    bills: list[Any]
    payments: list[Payment]
    allocations: list[Any]
    tenders: list[Any]
    kinds: dict[uuid.UUID, str]


def read_tables(db: Database) -> Tables:
    with db.read() as s:
        bills = list(s.execute(select(Bill.id, Bill.bill_no, Bill.customer_id, Bill.amount_fen, Bill.due_date,
                                      Bill.issued_at)).all())
        pays = list(s.scalars(select(Payment)).all())
        s.expunge_all()
        allocs = list(s.execute(select(PaymentAllocation.payment_id, PaymentAllocation.bill_id,
                                       PaymentAllocation.principal_fen, PaymentAllocation.late_fee_fen)).all())
        tenders = list(s.execute(select(PaymentTender.payment_id, PaymentTender.kind,
                                        PaymentTender.amount_fen)).all())
        kinds = {cid: kind for cid, kind in s.execute(select(Customer.id, Customer.kind)).all()}
    return Tables(bills, pays, allocs, tenders, kinds)


def accrued_fee(settings: Settings, kind: str, amount: int, due: dt.date, issued_at: dt.datetime) -> int:
    """All postings happen today: the fee accrued on a bill is the one on its whole amount."""
    if amount <= 0:
        return 0
    return late_fee_for(amount, due, today(), kind, HallRules().late_fee_rules(),
                        periods.local_date(issued_at).year).fen


def balance_from_tables(db: Database, settings: Settings, customer_id: uuid.UUID) -> int:
    """arrears + late fees owed − prepaid, from the rows (what a receipt prints as "after")."""
    t = read_tables(db)
    paid: dict[uuid.UUID, int] = defaultdict(int)
    fee_paid: dict[uuid.UUID, int] = defaultdict(int)
    for _, bill_id, principal, fee in t.allocations:
        paid[bill_id] += principal
        fee_paid[bill_id] += fee
    arrears = fees = 0
    for bill_id, _, cid, amount, due, issued_at in t.bills:
        if cid != customer_id:
            continue
        arrears += amount - paid[bill_id]
        fees += max(0, accrued_fee(settings, t.kinds[cid], amount, due, issued_at) - fee_paid[bill_id])
    prepaid = sum(p.prepaid_fen for p in t.payments if p.customer_id == customer_id)
    return arrears + fees - prepaid


def _seq(number: str, letter: str) -> int:
    node, _, seq = number.partition(letter)
    assert node == "3301" and seq.isdigit(), number
    return int(seq)


def check_invariants(db: Database, settings: Settings, expected_ops: int) -> None:
    t = read_tables(db)
    by_id = {p.id: p for p in t.payments}
    allocs_of: dict[uuid.UUID, list[tuple[uuid.UUID, int, int]]] = defaultdict(list)
    paid: dict[uuid.UUID, int] = defaultdict(int)
    fee_paid: dict[uuid.UUID, int] = defaultdict(int)
    for payment_id, bill_id, principal, fee in t.allocations:
        allocs_of[payment_id].append((bill_id, principal, fee))
        paid[bill_id] += principal
        fee_paid[bill_id] += fee
    tenders_of: dict[uuid.UUID, list[tuple[str, int]]] = defaultdict(list)
    for payment_id, kind, amount in t.tenders:
        tenders_of[payment_id].append((kind, amount))

    # Per bill.
    for bill_id, bill_no, cid, amount, due, issued_at in t.bills:
        low, high = (0, amount) if amount >= 0 else (amount, 0)
        assert low <= paid[bill_id] <= high, f"bill {bill_no}: paid {paid[bill_id]} outside [{low}, {high}]"
        accrued = accrued_fee(settings, t.kinds[cid], amount, due, issued_at)
        assert 0 <= fee_paid[bill_id] <= accrued, f"bill {bill_no}: late fee paid {fee_paid[bill_id]} / {accrued}"

    # Per customer, and billing's ledger agrees with the rows.
    with db.read() as s:
        for cid in t.kinds:
            mine = [p for p in t.payments if p.customer_id == cid]
            money = sum(p.amount_fen for p in mine)
            principal = sum(pr for p in mine for _, pr, _ in allocs_of[p.id])
            fees = sum(f for p in mine for _, _, f in allocs_of[p.id])
            prepaid = sum(p.prepaid_fen for p in mine)
            assert money == principal + fees + prepaid, (cid, money, principal, fees, prepaid)
            assert prepaid >= 0, f"prepaid balance {prepaid} < 0"
            book = ledger.load_ledger(s, cid)
            assert book.prepaid_fen == prepaid
            rows = {b[0]: b for b in t.bills if b[2] == cid}
            assert {b.id for b in book.bills} == set(rows)
            for b in book.bills:
                # a credit adjustment nets against the bill it corrects (issue 6 item 19): what it
                # takes off one bill it adds to the other, never more than that bill still owed
                assert b.paid_fen == paid[b.id], b
                assert b.outstanding_fen == rows[b.id][3] - paid[b.id] - b.credited_fen, b
                assert b.credited_fen == 0 or (b.credited_fen < 0) == (rows[b.id][3] < 0), b
                assert b.outstanding_fen >= 0 or rows[b.id][3] < 0, b
            assert sum(b.credited_fen for b in book.bills) == 0
        reports = oplog.verify(s)
        counters = {name: value for name, value in s.execute(select(NodeCounter.name, NodeCounter.value))}
        session_nos = list(s.scalars(select(CashierSession.session_no)))
        node_ops = s.scalar(select(Node.op_seq))
    assert all(r.ok for r in reports), reports
    assert op_count(db) == node_ops == expected_ops, (op_count(db), node_ops, expected_ops)

    # Per payment.
    for p in t.payments:
        allocs = allocs_of[p.id]
        assert p.applied_fen == sum(pr + f for _, pr, f in allocs), p.receipt_no
        assert p.late_fee_fen == sum(f for _, _, f in allocs), p.receipt_no
        assert p.amount_fen == p.applied_fen + p.prepaid_fen, p.receipt_no
        if p.kind in RECEIPT_KINDS:
            assert p.receipt_no is not None and p.session_id is not None
            assert sum(a for _, a in tenders_of[p.id]) == p.tendered_fen, p.receipt_no
            assert p.tendered_fen - p.change_fen == p.amount_fen and p.change_fen >= 0, p.receipt_no
            if p.kind == "payment":
                assert p.amount_fen > 0 and all(a > 0 for _, a in tenders_of[p.id])
        else:
            assert p.kind == "offset" and p.receipt_no is None and p.session_id is None
            assert p.amount_fen == 0 and not tenders_of[p.id]
        if p.reverses_id is not None:
            assert p.kind in UNDO_KINDS
            o = by_id[p.reverses_id]
            assert o.kind == "payment"
            for column in ("amount_fen", "applied_fen", "late_fee_fen", "prepaid_fen"):
                assert getattr(p, column) + getattr(o, column) == 0, (column, p.receipt_no, o.receipt_no)
            assert Counter(allocs) == Counter((b, -pr, -f) for b, pr, f in allocs_of[o.id]), p.receipt_no
            net: Counter[str] = Counter()
            for kind, amount in tenders_of[o.id] + tenders_of[p.id]:
                net[kind] += amount
            net["cash"] -= o.change_fen + p.change_fen
            assert not +net and not -net, (p.receipt_no, net)
        else:
            assert p.kind in ("payment", "offset"), p.kind
    assert len({p.reverses_id for p in t.payments if p.reverses_id}) == sum(1 for p in t.payments if p.reverses_id)

    # Gap-free numbers per node (one node here).
    receipts = sorted(_seq(p.receipt_no, "R") for p in t.payments if p.receipt_no is not None)
    assert receipts == list(range(1, counters.get("receipt", 0) + 1)), receipts
    bill_seqs = sorted(_seq(b[1], "B") for b in t.bills)
    assert bill_seqs == list(range(1, counters.get("bill", 0) + 1)), bill_seqs
    sessions = sorted(_seq(no, "S") for no in session_nos)
    assert sessions == list(range(1, counters.get("session", 0) + 1)), sessions


# ---- the counter -----------------------------------------------------------------------------------


def same_receipt(first: Receipt, again: Receipt) -> bool:
    """A replay reads the print count and the reversed / refunded marks at replay time."""
    return dataclasses.replace(first, print_count=again.print_count, reversed=again.reversed,
                               undone_by=again.undone_by) == again


@dataclasses.dataclass
class Hall:
    db: Database
    settings: Settings
    clerk: Actor
    supervisor: Actor
    customers: list[uuid.UUID]
    session_id: uuid.UUID | None
    ops: int
    regular_bills: list[uuid.UUID] = dataclasses.field(default_factory=list)
    receipts: dict[uuid.UUID, Receipt] = dataclasses.field(default_factory=dict)  # first answer per request
    unprinted: list[Receipt] = dataclasses.field(default_factory=list)
    commands: list[Any] = dataclasses.field(default_factory=list)  # replayable commands
    adjustments: dict[uuid.UUID, Any] = dataclasses.field(default_factory=dict)
    imported: set[uuid.UUID] = dataclasses.field(default_factory=set)
    log: list[str] = dataclasses.field(default_factory=list)

    def say(self, line: str) -> None:
        """The step log, printed with a failing example."""
        self.log.append(line)
        note(line)

    def attempt(self, label: str, call: Callable[[], Any], must_refuse: bool = False) -> Any:
        """Run a service call; a refusal must leave every table as it was."""
        before = snapshot(self.db)
        try:
            result = call()
        except REFUSED as exc:
            after = snapshot(self.db)
            changed = [name for name in before if before[name] != after[name]]
            assert not changed, f"refused {label} ({exc!r}) changed {changed}"
            self.say(f"{label}: refused {exc}")
            event(f"refused: {label.split(' ')[0]} — {str(exc)[:8]}")
            return None
        assert not must_refuse, f"{label} should have been refused"
        self.say(f"{label}: ok")
        event(f"ok: {label.split(' ')[0]}")
        return result

    def posted(self, receipt: Receipt, cmd: Any) -> None:
        self.ops += 1
        self.receipts[cmd.request_id] = receipt
        self.commands.append(cmd)
        self.unprinted.append(receipt)
        after = balance_from_tables(self.db, self.settings, receipt.customer_id)
        assert receipt.balance_after_fen == after, (receipt.receipt_no, receipt.balance_after_fen, after)


def tenders_for(data: st.DataObject, amount: int) -> tuple[tuple[TenderInput, ...], bool]:
    """Tenders paying ``amount`` and whether they must be refused."""
    shape = data.draw(st.sampled_from(["cash", "cash", "card", "split", "split_qr", "short", "noncash_over"]),
                      label="tender shape")
    change = data.draw(st.sampled_from([0, 0, 50, 1, 10000]), label="change")
    if shape == "cash":
        return (cash(amount + change),), False
    if shape == "card":
        return (TenderInput("card", amount, "6222****0001"),), False
    if shape in ("split", "split_qr") and amount > 1:
        part = data.draw(st.integers(1, amount - 1), label="first tender")
        if shape == "split":
            return (TenderInput("card", part, "6222"), cash(amount - part + change)), False
        return (TenderInput("qr", part, "wx1"), TenderInput("transfer", amount - part, "tf1")), False
    if shape == "short" and amount > 1:
        return (cash(data.draw(st.integers(1, amount - 1), label="short cash")),), True
    if shape == "noncash_over":
        return (TenderInput("qr", amount + 1, "wx2"),), True
    return (cash(amount),), False


def step_pay(c: Hall, data: st.DataObject) -> None:
    customer = data.draw(st.sampled_from(c.customers), label="customer")
    due = payments.quote_payment(c.db, c.clerk, customer, 0).due_fen
    mode = data.draw(st.sampled_from(["settle", "exact", "partial", "over", "any"]), label="amount mode")
    amount: int | None
    if mode == "settle":
        amount = None
    elif mode == "exact":
        amount = due or data.draw(st.integers(1, 30000), label="amount")
    elif mode == "partial":
        amount = data.draw(st.integers(1, max(1, due - 1)), label="amount")
    elif mode == "over":
        amount = due + data.draw(st.integers(1, 30000), label="excess")
    else:
        amount = data.draw(st.integers(1, 60000), label="amount")
    effective = amount if amount is not None else (due or data.draw(st.integers(1, 30000), label="prepay"))
    tenders, refuse = tenders_for(data, effective)
    if amount is None and not due:
        refuse = False  # nothing owed: whatever is tendered is prepayment
    refuse = refuse or c.session_id is None
    if not refuse and c.session_id is not None and not (amount is None and not due):
        # change comes out of the drawer, which cannot go below zero (issue 7 item 6)
        change = sum(t.amount_fen for t in tenders) - effective
        refuse = change > cashier.session_summary(c.db, c.clerk, c.session_id).expected_cash_fen
    cmd = payments.PostPayment(uuid.uuid4(), customer, tenders, amount)
    r = c.attempt(f"pay {amount} ({mode}, due {due}) {tenders}",
                  lambda: payments.post_payment(c.db, c.clerk, cmd), must_refuse=False)
    if r is None:
        assert refuse, f"payment refused unexpectedly: {c.log[-1]}"
        return
    assert not refuse, f"payment should have been refused: {tenders} for {effective}"
    assert r.kind == "payment" and r.amount_fen == (amount if amount is not None else (due or r.tendered_fen))
    c.posted(r, cmd)


def month(back: int) -> str:
    """The period ``back`` months before the current one (YYYY-MM)."""
    n = today().year * 12 + today().month - 1 - back
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def step_bill(c: Hall, data: st.DataObject) -> None:
    """A bill inserted directly (no offset: prepaid is pooled with the next payment)."""
    customer = data.draw(st.sampled_from(c.customers), label="customer")
    amount = data.draw(st.integers(1, 50000), label="bill amount")
    period = month(data.draw(st.integers(1, 4), label="months back"))
    due = today() + dt.timedelta(days=data.draw(st.integers(-60, 15), label="due in days"))
    c.regular_bills.append(add_bill(c.db, c.clerk, customer, amount, period=period, due=due))
    c.say(f"bill {amount} {period} due {due}")


def step_import(c: Hall, data: st.DataObject) -> None:
    """账单导入 of this month's bill: the customer's prepaid settles it at once (an offset)."""
    customer = data.draw(st.sampled_from(c.customers), label="customer")
    amount = data.draw(st.integers(0, 50000), label="imported amount")
    with c.db.read() as s:
        account_no = s.scalar(select(Customer.account_no).where(Customer.id == customer))
    issue = today() - dt.timedelta(days=data.draw(st.integers(0, today().day - 1), label="issued days ago"))
    csv = (f"户号,账期,电量,金额,出账日期\n{account_no},{month(0)},{100 if amount else 0},"
           f"{amount // 100}.{amount % 100:02d},{issue.isoformat()}\n").encode()
    before = snapshot(c.db)
    report = bill_import.import_bills_csv(c.db, c.supervisor, csv, settings=c.settings)
    if not report.ok:  # a second bill for this month
        assert snapshot(c.db) == before, "a refused import changed tables"
        assert customer in c.imported, report.errors
        c.say(f"import {amount}: refused {report.errors[0].message}")
        return
    assert customer not in c.imported and report.imported == 1 and report.total_fen == amount
    c.imported.add(customer)
    c.ops += 1
    with c.db.read() as s:
        c.regular_bills.append(s.scalars(select(Bill.id).where(Bill.bill_no == report.first_bill_no)).one())
    c.say(f"import {amount} issued {issue}: offsets {report.offsets} ({report.offset_fen})")
    event(f"ok: import (offset: {bool(report.offsets)})")


def step_adjust(c: Hall, data: st.DataObject) -> None:
    if not c.regular_bills:
        return step_bill(c, data)
    bill_id = data.draw(st.sampled_from(c.regular_bills), label="adjusted bill")
    with c.db.read() as s:
        net = int(s.scalar(select(func.coalesce(func.sum(Bill.amount_fen), 0))
                           .where((Bill.id == bill_id) | (Bill.adjusts_bill_id == bill_id))) or 0)
    amount = data.draw(st.one_of(st.integers(1, 20000), st.integers(-(net + 500), -1)).filter(bool),
                       label="adjustment")
    cmd = adjustments.IssueAdjustment(bill_id, amount, 0, "抄表错误更正", request_id=uuid.uuid4())
    row = c.attempt(f"adjust {amount} (net {net})",
                    lambda: adjustments.issue_adjustment(c.db, c.supervisor, cmd))
    if row is None:
        assert net + amount < 0, f"adjustment refused unexpectedly: {c.log[-1]}"
        return
    assert net + amount >= 0 and row.amount_fen == amount and row.id == cmd.request_id
    c.ops += 1
    c.adjustments[cmd.request_id] = row
    c.commands.append(cmd)


def _undo_cmd(kind: str, payment_id: uuid.UUID) -> Any:
    if kind == "reversal":
        return payments.ReversePayment(uuid.uuid4(), payment_id, "wrong_amount", "金额输错", approval())
    return payments.RefundPayment(uuid.uuid4(), payment_id, "customer_request", "客户要求退费", approval())


def step_undo(c: Hall, data: st.DataObject, kind: str) -> None:
    originals = [r for r in c.receipts.values() if r.kind == "payment"]
    if not originals:
        return step_pay(c, data)
    original = data.draw(st.sampled_from(originals), label=f"{kind} of")
    cmd = _undo_cmd(kind, original.payment_id)
    call = payments.reverse_payment if kind == "reversal" else payments.refund_payment
    r = c.attempt(f"{kind} {original.receipt_no}", lambda: call(c.db, c.clerk, cmd))
    if r is None:
        return
    assert r.kind == kind and r.amount_fen == -original.amount_fen and r.reverses_receipt_no == original.receipt_no
    c.posted(r, cmd)


def step_close(c: Hall, data: st.DataObject) -> None:
    if c.session_id is None:
        return step_open(c, data)
    sid = c.session_id
    if len(c.unprinted) > 0 and data.draw(st.booleans(), label="close before printing"):
        summary = cashier.session_summary(c.db, c.clerk, sid)
        c.attempt("close with unprinted receipts", lambda: cashier.close_session(
            c.db, c.clerk, cashier.CloseSession(sid, summary.session.version, {})), must_refuse=True)
    for r in c.unprinted:
        print_receipt(c.db, c.clerk, r)
        c.ops += 1
    c.unprinted.clear()
    summary = cashier.session_summary(c.db, c.clerk, sid)
    counted = max(0, summary.expected_cash_fen)
    cashier.close_session(c.db, c.clerk, cashier.CloseSession(
        sid, summary.session.version, {"note_1": counted // 100, "coin_1_jiao": counted % 100 // 10}))
    c.ops += 1
    c.session_id = None
    c.say(f"close {summary.session.session_no}")
    if data.draw(st.booleans(), label="reopen at once"):
        step_open(c, data)


def step_open(c: Hall, data: st.DataObject) -> None:
    float_fen = data.draw(st.sampled_from([0, 50000]), label="float")
    row = c.attempt("open session", lambda: cashier.open_session(c.db, c.clerk, float_fen))
    if row is None:
        assert c.session_id is not None, "open refused without an open session"
        return
    assert c.session_id is None, "a second open session"
    c.session_id = row.id
    c.ops += 1


def step_replay(c: Hall, data: st.DataObject) -> None:
    if not c.commands:
        return step_pay(c, data)
    cmd = data.draw(st.sampled_from(c.commands), label="replayed command")
    before = snapshot(c.db)
    if isinstance(cmd, adjustments.IssueAdjustment):
        row = adjustments.issue_adjustment(c.db, c.supervisor, cmd)
        assert cmd.request_id is not None
        first = c.adjustments[cmd.request_id]
        assert (row.id, row.bill_no, row.amount_fen) == (first.id, first.bill_no, first.amount_fen)
    elif isinstance(cmd, payments.PostPayment) and data.draw(st.booleans(), label="other customer"):
        other = next(x for x in c.customers if x != cmd.customer_id)
        c.attempt("replay for another customer", lambda: payments.post_payment(
            c.db, c.clerk, dataclasses.replace(cmd, customer_id=other)), must_refuse=True)
    else:
        if isinstance(cmd, payments.PostPayment):
            again = payments.post_payment(c.db, c.clerk, cmd)
        elif isinstance(cmd, payments.ReversePayment):
            again = payments.reverse_payment(c.db, c.clerk, cmd)
        else:
            again = payments.refund_payment(c.db, c.clerk, cmd)
        first = c.receipts[cmd.request_id]
        assert same_receipt(first, again), f"replay of {first.receipt_no}:\n{first}\n{again}"
    after = snapshot(c.db)
    assert before == after, [name for name in before if before[name] != after[name]]
    c.say(f"replay {type(cmd).__name__}")


STEPS: dict[str, Callable[[Hall, st.DataObject], None]] = {
    "pay": step_pay,
    "bill": step_bill,
    "adjust": step_adjust,
    "import": step_import,
    "reverse": lambda c, d: step_undo(c, d, "reversal"),
    "refund": lambda c, d: step_undo(c, d, "refund"),
    "close": step_close,
    "replay": step_replay,
}
WEIGHTED = ["pay"] * 4 + ["bill"] * 2 + ["adjust", "import", "reverse", "refund", "close", "replay"]


@pytest.mark.slow
@hsettings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_money_path_invariants_hold_under_random_counter_operations(fresh_db, customer_form, data):  # type: ignore[no-untyped-def]
    late_fee_first = data.draw(st.booleans(), label="late_fee_first")
    with fresh_db() as (db, base_settings):
        settings_ = base_settings
        set_hall_rules(db, late_fee_first=late_fee_first)
        clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
        supervisor = auth.login(db, "super1", SUPERVISOR_PASSWORD)
        customers = [new_customer(db, settings_, clerk, customer_form) for _ in range(2)]
        shift = cashier.open_session(db, clerk, 50000)
        c = Hall(db, settings_, clerk, supervisor, customers, shift.id, op_count(db))
        for _ in range(2):
            step_bill(c, data)
        check_invariants(db, settings_, c.ops)
        for _ in range(data.draw(st.integers(1, 20), label="steps")):
            name = data.draw(st.sampled_from(WEIGHTED), label="operation")
            STEPS[name](c, data)
            check_invariants(db, settings_, c.ops)
