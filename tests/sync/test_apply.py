"""docs/sync.md#push and #apply-rules: the centre applies a branch's envelopes.

The centre is the ``db`` fixture (SQLite and PostgreSQL; PostgreSQL is the one that matters);
the branch is a SQLite database sharing its reference rows (tests/sync/_branch.py), on which
the real services run. Tests named ``test_issue_N_…`` are issue 11's numbered tests at the
service level.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.codes import OpType
from app.dto.payments import TenderInput
from app.services import audit, cashier, customers, payments, search, workorders
from app.sync import apply, rows
from app.sync.envelope import Envelope, Outcome, RowChange
from app.write_path import oplog
from db.models import (
    AppMeta,
    Bill,
    CashierSession,
    Customer,
    CustomerSearchKey,
    Node,
    Operation,
    Payment,
    PaymentAllocation,
    PaymentTender,
    SyncConflict,
    SyncHeld,
    SyncNode,
    SyncReceived,
    User,
    WorkOrder,
    WorkOrderStep,
)
from tests.sync._branch import BRANCH_PASSWORD, Branch, customer_with_bill, make_branch, read_all

# ---- set-up --------------------------------------------------------------------------------------


@pytest.fixture
def cust(db, clerk, supervisor, settings, customer_form):  # type: ignore[no-untyped-def]
    return customer_with_bill(db, clerk, supervisor, settings, customer_form)


@pytest.fixture
def branch(db, cust, tmp_path: Path) -> Iterator[Branch]:  # type: ignore[no-untyped-def]
    b = make_branch(db, tmp_path / "branch.db", customers=(cust.id,))
    yield b
    b.db.dispose()


def bill_of(db, customer_id) -> Bill:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(sa.select(Bill).where(Bill.customer_id == customer_id)).one()


def open_shift(branch: Branch, username: str = "bclerk"):  # type: ignore[no-untyped-def]
    actor = branch.actor(username)
    shift, env = branch.run(cashier.open_session, branch.db, actor, 10000)
    return actor, shift, env


def pay(branch: Branch, actor, customer_id, fen: int, kind: str = "cash"):  # type: ignore[no-untyped-def]
    cmd = payments.PostPayment(uuid.uuid4(), customer_id, (TenderInput(kind, fen),), fen)
    return branch.run(payments.post_payment, branch.db, actor, cmd)


def chains_ok(db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        reports = oplog.verify(s)
        assert all(r.ok for r in reports), [(r.node_code, r.problem) for r in reports if not r.ok]
        rec = audit.reconcile(s)
        assert rec.ok, [str(f) for f in rec.findings]


def sync_node(db, node_id) -> SyncNode:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.get(SyncNode, node_id)


def conflicts(db, node_id, kind=None):  # type: ignore[no-untyped-def]
    with db.read() as s:
        stmt = sa.select(SyncConflict).where(SyncConflict.node_id == node_id)
        if kind:
            stmt = stmt.where(SyncConflict.kind == kind)
        return list(s.scalars(stmt))


def count(db, model, *where) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


# ---- push: applied, chain, verify-log ------------------------------------------------------------


def test_push_applies_branch_work_and_centre_verify_log_passes(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, shift, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.APPLIED]
    with db.read() as s:
        row = s.get(Payment, receipt.payment_id)
        assert row is not None and row.receipt_no == receipt.receipt_no and row.receipt_no.startswith("3302R")
        assert s.get(CashierSession, shift.id) is not None
        assert s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == cust.id)) == 0
        node_ops = s.scalars(sa.select(Operation).where(Operation.node_id == branch.node_id)
                             .order_by(Operation.seq)).all()
        assert [o.op_type for o in node_ops] == [OpType.OPEN_SESSION, OpType.POST_PAYMENT]
        assert count(db, SyncReceived, SyncReceived.node_id == branch.node_id) == 2
    assert sync_node(db, branch.node_id).applied_seq == e2.last_seq
    chains_ok(db)  # the branch's chain verifies at the centre, and the books reconcile


def test_issue_1_lost_acknowledgement_same_envelope_twice_one_payment(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    first = apply.apply_batch(db, branch.node_id, [e1, e2])
    again = apply.apply_batch(db, branch.node_id, [e1, e2])  # the reply was lost: the branch retries
    assert [a.outcome for a in first] == [Outcome.APPLIED] * 2
    assert [a.outcome for a in again] == [Outcome.DUPLICATE] * 2
    assert count(db, Payment, Payment.customer_id == cust.id) == 1
    with db.read() as s:
        assert s.get(Payment, receipt.payment_id).receipt_no == receipt.receipt_no
    chains_ok(db)


def test_one_request_naming_an_envelope_twice_applies_it_once(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 12850)
    answers = apply.apply_batch(db, branch.node_id, [e1, e2, e2, e1])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert count(db, Payment, Payment.customer_id == cust.id) == 1
    assert sync_node(db, branch.node_id).status == "active"
    chains_ok(db)


def test_a_failing_envelope_rolls_back_alone_and_the_rest_of_the_request_commits(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    cmd = payments.PostPayment(uuid.uuid4(), cust.id, (TenderInput("cash", 100),), 100)
    _, e2 = branch.run(lambda: (edit_customer(branch.db, actor, cust.id, notes="改"),
                                payments.post_payment(branch.db, actor, cmd)))
    _, e3 = pay(branch, actor, cust.id, 200)
    # e2 (an edit and a payment) carries a customer value the centre cannot store (NOT NULL):
    # its savepoint rolls back, its ops are logged, its payment kept and the rest queued; e1
    # and e3 apply in the same transaction
    e2 = dataclasses.replace(e2, changes=tuple(
        dataclasses.replace(c, after={**c.after, "notes": None}) if c.tbl == "customer" else c for c in e2.changes))
    answers = apply.apply_batch(db, branch.node_id, [e1, e2, e3])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.CONFLICT, Outcome.APPLIED], answers
    assert sync_node(db, branch.node_id).applied_seq == e3.last_seq
    assert count(db, Operation, Operation.node_id == branch.node_id) == e3.last_seq
    (entry,) = conflicts(db, branch.node_id, "apply")
    assert [c["tbl"] for c in json.loads(entry.detail)["changes"]] == ["customer"]
    assert count(db, Payment, Payment.customer_id == cust.id) == 2  # the money is kept


def test_a_run_of_plain_envelopes_with_a_row_the_centre_has_falls_back_one_by_one(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 100)
    _, e3 = pay(branch, actor, cust.id, 200)
    # e3 also names e2's tender, with the same content: the run's insert fails on its key, the
    # run goes one by one, and the row is "present, same content: nothing"
    tender = next(c for c in e2.changes if c.tbl == "payment_tender")
    e3 = dataclasses.replace(e3, changes=(*e3.changes, tender))
    answers = apply.apply_batch(db, branch.node_id, [e1, e2, e3])
    assert [a.outcome for a in answers] == [Outcome.APPLIED] * 3, answers
    assert count(db, Payment, Payment.customer_id == cust.id) == 2
    assert count(db, SyncReceived, SyncReceived.node_id == branch.node_id) == e3.last_seq
    assert sync_node(db, branch.node_id).applied_seq == e3.last_seq
    chains_ok(db)


def test_issue_4_two_workers_of_one_node_at_once_apply_each_op_once(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    envs = [e1] + [pay(branch, actor, cust.id, 1000 + i)[1] for i in range(6)]
    errors: list[BaseException] = []
    results: list[list] = []
    start = threading.Barrier(2)

    def worker() -> None:
        try:
            start.wait()
            results.append(apply.apply_batch(db, branch.node_id, envs))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert count(db, Operation, Operation.node_id == branch.node_id) == envs[-1].last_seq
    assert count(db, Payment, Payment.customer_id == cust.id) == 6
    for answers in results:
        assert all(a.outcome in (Outcome.APPLIED, Outcome.DUPLICATE) for a in answers), answers
    chains_ok(db)


def test_issue_5_out_of_order_is_held_then_applied_in_order_nothing_skipped(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 5000)
    _, e3 = pay(branch, actor, cust.id, 7850)
    held = apply.apply_envelope(db, branch.node_id, e3)
    assert held.outcome == Outcome.HELD
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 1
    assert count(db, Operation, Operation.node_id == branch.node_id) == 0
    answers = apply.apply_batch(db, branch.node_id, [e2, e1])  # n+1 before n again
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.APPLIED]  # e2 was held, then drained
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 0
    with db.read() as s:
        seqs = s.scalars(sa.select(Operation.seq).where(Operation.node_id == branch.node_id)
                         .order_by(Operation.seq)).all()
    assert seqs == list(range(1, e3.last_seq + 1))
    assert count(db, Payment, Payment.customer_id == cust.id) == 2
    assert apply.apply_envelope(db, branch.node_id, e3).outcome == Outcome.DUPLICATE
    chains_ok(db)


# ---- refusals: restored PC, foreign node, chain, actor ---------------------------------------------


def _blocked_by_centre(db, node_id) -> None:  # type: ignore[no-untyped-def]
    sn = sync_node(db, node_id)
    assert sn.status == "blocked" and sn.blocked_reason
    with db.read() as s:
        op = s.scalars(sa.select(Operation).where(Operation.op_type == OpType.BLOCK_SYNC_NODE)).one()
        assert op.actor == "admin" and op.entity_id == node_id


def _held_from_the_old_pc(db, branch, cust):  # type: ignore[no-untyped-def]
    """Envelopes 1–3 of the branch, and its 4th held at the centre (1–3 never arrived)."""
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 100)
    _, e3 = pay(branch, actor, cust.id, 200)
    _, e4 = pay(branch, actor, cust.id, 300)
    assert apply.apply_envelope(db, branch.node_id, e4).outcome == Outcome.HELD
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 1
    return e1, e2, e3


def test_a_held_envelope_of_an_earlier_pc_is_forgotten_at_re_enrolment(db, branch, cust, admin):  # type: ignore[no-untyped-def]
    """The PC is replaced: the new code clears the old PC's held envelopes, so the newly
    enrolled PC's first push drains nothing of the old one and is never blocked by it."""
    from app.sync import nodes

    e1, e2, e3 = _held_from_the_old_pc(db, branch, cust)
    nodes.issue_code(db, admin, "3302")
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 0
    with db.write() as s:  # one held after the code was issued (the old PC still sending): enrol clears it
        s.add(SyncHeld(node_id=branch.node_id, first_seq=e3.last_seq + 1, last_seq=e3.last_seq + 1,
                       envelope=e3.to_json(), received_at=dt.datetime(2026, 1, 1)))
    with db.write() as s:
        s.execute(sa.update(SyncNode).where(SyncNode.node_id == branch.node_id)
                  .values(enrol_code_hash=nodes._sha256("A" * 20), enrol_expires_at=dt.datetime(2099, 1, 1)))
    fresh = str(uuid.uuid4())
    nodes.enrol(db, "A" * 20, fresh)
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 0
    answers = apply.apply_batch(db, branch.node_id, [dataclasses.replace(e, incarnation=fresh) for e in (e1, e2, e3)])
    assert [a.outcome for a in answers] == [Outcome.APPLIED] * 3, answers
    assert sync_node(db, branch.node_id).status == "active"


def test_a_held_envelope_of_another_incarnation_is_discarded_when_drained(db, branch, cust):  # type: ignore[no-untyped-def]
    """Held envelopes left by an earlier PC (however they survived) are discarded, not decided:
    deciding one refused it and blocked the newly enrolled PC."""
    e1, e2, e3 = _held_from_the_old_pc(db, branch, cust)
    fresh = str(uuid.uuid4())
    with db.write() as s:
        s.execute(sa.update(SyncNode).where(SyncNode.node_id == branch.node_id).values(incarnation=fresh))
    answers = apply.apply_batch(db, branch.node_id, [dataclasses.replace(e, incarnation=fresh) for e in (e1, e2, e3)])
    assert [a.outcome for a in answers] == [Outcome.APPLIED] * 3, answers
    node = sync_node(db, branch.node_id)
    assert node.status == "active" and node.applied_seq == e3.last_seq
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 0
    assert count(db, Payment, Payment.customer_id == cust.id) == 2


@pytest.mark.parametrize("how", ["block", "revoke"])
def test_blocking_a_node_forgets_its_held_envelopes(db, branch, cust, admin, how):  # type: ignore[no-untyped-def]
    from app.sync import nodes

    _held_from_the_old_pc(db, branch, cust)
    if how == "block":
        assert nodes.block_node(db, branch.node_id, "测试停用")
    else:
        nodes.revoke_node(db, admin, "3302", "电脑丢失")
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 0


class _Orig(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("error", "transient"), [
    (sa.exc.OperationalError("UPDATE", {}, Exception("deadlock detected")), True),
    (sa.exc.OperationalError("INSERT", {}, Exception("database is locked")), True),
    *[(sa.exc.DBAPIError("SELECT", {}, _Orig(state)), True) for state in ("40001", "40P01", "55P03", "57014", "08006")],
    (sa.exc.IntegrityError("INSERT", {}, _Orig("23505")), False),
    (sa.exc.DataError("INSERT", {}, _Orig("22001")), False),
    (sa.exc.ProgrammingError("SELECT", {}, _Orig("42P01")), False),
])
def test_transient_database_errors_are_told_from_content_errors(error, transient) -> None:  # type: ignore[no-untyped-def]
    assert apply.is_transient(error) is transient


@pytest.mark.parametrize("where", ["ops", "row", "run"])
def test_a_transient_database_error_aborts_the_request_and_never_blocks_the_node(  # type: ignore[no-untyped-def]
        db, branch, cust, monkeypatch, where):
    """A deadlock, a lock or statement timeout, a lost connection say nothing about the
    envelope: the whole request is rolled back with no answer (503 over HTTP), nothing is
    queued, the node is not blocked however often it happens; the retry applies it."""
    from app.sync import nodes

    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 100)
    _, e3 = pay(branch, actor, cust.id, 200)
    bclerk = branch.actor("bclerk")
    _, e4 = branch.run(edit_customer, branch.db, bclerk, cust.id, notes="分支备注")
    assert apply.apply_batch(db, branch.node_id, [e1])[0].outcome == Outcome.APPLIED
    deadlock = sa.exc.OperationalError("UPDATE", {}, Exception("deadlock detected"))
    if where == "ops":  # every time, on the second envelope (one by one)
        real_ops = apply._insert_ops

        def flaky_ops(session, node_id, ops):  # type: ignore[no-untyped-def]
            if ops[0].seq == e3.first_seq:
                raise deadlock
            return real_ops(session, node_id, ops)

        monkeypatch.setattr(apply, "_insert_ops", flaky_ops)
        monkeypatch.setattr(apply._Batch, "_apply_run", lambda self, run: False)
    elif where == "row":
        real_change = apply._apply_change

        def flaky_change(session, work, ch):  # type: ignore[no-untyped-def]
            if ch.tbl == "customer":
                raise deadlock
            return real_change(session, work, ch)

        monkeypatch.setattr(apply, "_apply_change", flaky_change)
    else:  # the run of plain envelopes (e2, e3) hits it: not tried again one by one

        def flaky_check(session, by_table):  # type: ignore[no-untyped-def]
            raise deadlock

        monkeypatch.setattr(apply, "_payments_plain", flaky_check)
    for _ in range(3):
        with pytest.raises(nodes.SyncUnavailable) as raised:
            apply.apply_batch(db, branch.node_id, [e2, e3, e4])
        assert raised.value.status == 503
    node = sync_node(db, branch.node_id)
    assert node.status == "active" and node.applied_seq == e1.last_seq
    assert count(db, Payment, Payment.customer_id == cust.id) == 0
    assert conflicts(db, branch.node_id) == []
    assert count(db, SyncReceived, SyncReceived.node_id == branch.node_id) == len(e1.ops)
    monkeypatch.undo()
    answers = apply.apply_batch(db, branch.node_id, [e2, e3, e4])
    assert [a.outcome for a in answers] == [Outcome.APPLIED] * 3, answers
    with db.read() as s:
        assert s.get(Customer, cust.id).notes == "分支备注"


def test_issue_11_restored_pc_detected_by_incarnation(db, branch, cust):  # type: ignore[no-untyped-def]
    _, _, e1 = open_shift(branch)
    old = dataclasses.replace(e1, incarnation=str(uuid.uuid4()))
    answer = apply.apply_envelope(db, branch.node_id, old)
    assert answer.outcome == Outcome.REFUSED and "安装标识" in answer.message
    _blocked_by_centre(db, branch.node_id)
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.REFUSED  # until re-enrolled
    assert count(db, Operation, Operation.node_id == branch.node_id) == 0
    chains_ok(db)


def test_issue_11_restored_pc_detected_by_payload_hash(db, branch, cust, tmp_path):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.APPLIED
    backup = tmp_path / "backup.db"  # the PC is backed up here …
    with sqlite3.connect(branch.db.url.removeprefix("sqlite:///")) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    _, e2 = pay(branch, actor, cust.id, 12850)  # … works on, pushes …
    assert apply.apply_envelope(db, branch.node_id, e2).outcome == Outcome.APPLIED
    # … and is restored from the backup: its next payment reuses seq 2 with another op_id
    from app.config import Settings
    from app.services.setup import open_database

    restored_db = open_database(Settings(db_url=f"sqlite:///{backup}"))
    try:
        restored = Branch(db, restored_db, branch.node_id, branch.incarnation, sent_seq=e1.last_seq)
        _, reused = pay(restored, restored.actor("bclerk"), cust.id, 500)
    finally:
        restored_db.dispose()
    assert reused.first_seq == e2.first_seq and reused.ops[0].op_id != e2.ops[0].op_id
    answer = apply.apply_envelope(db, branch.node_id, reused)
    assert answer.outcome == Outcome.REFUSED
    _blocked_by_centre(db, branch.node_id)
    assert count(db, Payment, Payment.customer_id == cust.id) == 1
    chains_ok(db)


def test_issue_11_same_op_id_other_payload_hash_blocks(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 12850)
    apply.apply_batch(db, branch.node_id, [e1, e2])
    op = e2.ops[0]
    payload = op.payload.replace("12850", "1285")
    forged = dataclasses.replace(e2, ops=(dataclasses.replace(
        op, payload=payload, payload_hash=hashlib.sha256(payload.encode()).hexdigest()),))
    answer = apply.apply_envelope(db, branch.node_id, forged)
    assert answer.outcome == Outcome.REFUSED and "内容不同" in answer.message
    _blocked_by_centre(db, branch.node_id)


def test_push_refuses_ops_of_another_node(db, branch, cust):  # type: ignore[no-untyped-def]
    _, _, e1 = open_shift(branch)
    with db.read() as s:
        other = s.scalar(sa.select(User.node_id).where(User.username == "admin"))
    answer = apply.apply_envelope(db, other, e1)  # authenticated as another node
    assert answer.outcome == Outcome.REFUSED
    assert count(db, Operation, Operation.node_id == branch.node_id) == 0


def test_push_refuses_a_broken_chain_and_blocks(db, branch, cust):  # type: ignore[no-untyped-def]
    _, _, e1 = open_shift(branch)
    op = e1.ops[0]
    bad = dataclasses.replace(e1, ops=(dataclasses.replace(op, actor="bclerk2"),))  # header edited, hash kept
    answer = apply.apply_envelope(db, branch.node_id, bad)
    assert answer.outcome == Outcome.REFUSED and "哈希" in answer.message
    _blocked_by_centre(db, branch.node_id)  # tampered or restored: re-enrolment (docs/sync.md#incarnation)
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.REFUSED
    assert count(db, Operation, Operation.node_id == branch.node_id) == 0


def test_push_refuses_a_payload_hash_mismatch_and_blocks(db, branch, cust):  # type: ignore[no-untyped-def]
    _, _, e1 = open_shift(branch)
    op = e1.ops[0]
    bad = dataclasses.replace(e1, ops=(dataclasses.replace(op, payload=op.payload + " "),))
    answer = apply.apply_envelope(db, branch.node_id, bad)
    assert answer.outcome == Outcome.REFUSED and "哈希" in answer.message
    _blocked_by_centre(db, branch.node_id)


def _deactivate(db, username: str) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        s.execute(sa.update(User).where(User.username == username).values(active=False))


def test_issue_11_actor_deactivated_at_the_centre_never_stalls_the_stream(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    from app.sync import conflicts as sync_conflicts

    _, e1 = branch.run(edit_customer, branch.db, branch.actor("bclerk2"), cust.id, notes="停用前的修改")
    actor, _, e2 = open_shift(branch)
    _, e3 = pay(branch, actor, cust.id, 12850)
    _deactivate(db, "bclerk2")
    answers = apply.apply_batch(db, branch.node_id, [e1, e2, e3])
    assert [a.outcome for a in answers] == [Outcome.CONFLICT, Outcome.APPLIED, Outcome.APPLIED]
    assert sync_node(db, branch.node_id).applied_seq == e3.last_seq
    assert sync_node(db, branch.node_id).status == "active"
    assert count(db, Operation, Operation.node_id == branch.node_id) == e3.last_seq  # the chain went on
    with db.read() as s:
        assert s.get(Customer, cust.id).notes != "停用前的修改"  # not applied …
    (entry,) = conflicts(db, branch.node_id, "actor")  # … but queued whole, with the reason
    detail = json.loads(entry.detail)
    assert "bclerk2" in detail["reason"] and "已停用" in detail["reason"]
    assert [c["tbl"] for c in detail["changes"]] == ["customer"]
    assert count(db, Payment, Payment.customer_id == cust.id) == 1
    # one by one, as the branch's retries would send them: each answer stays final
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.DUPLICATE
    # the supervisor applies the queued changes now
    view = sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version)
    assert view.status == "resolved"
    with db.read() as s:
        assert s.get(Customer, cust.id).notes == "停用前的修改"
    chains_ok(db)


def test_actor_problem_one_envelope_at_a_time_advances_applied_seq(db, branch, cust):  # type: ignore[no-untyped-def]
    _, e1 = branch.run(edit_customer, branch.db, branch.actor("bclerk2"), cust.id, notes="x")
    actor, _, e2 = open_shift(branch)
    _deactivate(db, "bclerk2")
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.CONFLICT
    assert sync_node(db, branch.node_id).applied_seq == e1.last_seq
    assert apply.apply_envelope(db, branch.node_id, e2).outcome == Outcome.APPLIED


def test_actor_problem_keeps_the_money_and_queues_the_rest(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    from app.sync import conflicts as sync_conflicts

    actor, shift, e1 = open_shift(branch, "bclerk2")
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    _print(branch, actor, receipt)
    _, e4 = _close_shift(branch, actor, shift.id)
    _deactivate(db, "bclerk2")
    answers = apply.apply_batch(db, branch.node_id, branch.envelopes)
    assert all(a.outcome == Outcome.CONFLICT for a in answers), answers
    assert sync_node(db, branch.node_id).applied_seq == e4.last_seq
    with db.read() as s:
        assert s.get(Payment, receipt.payment_id).amount_fen == 12850  # the money is kept
        assert s.get(CashierSession, shift.id).status == "open"  # its close waits in the queue
    entries = conflicts(db, branch.node_id, "actor")
    assert len(entries) == len(branch.envelopes)
    close = next(e for e in entries if any(c["tbl"] == "cashier_session" for c in json.loads(e.detail)["changes"]))
    sync_conflicts.resolve_conflict(db, supervisor, close.id, "keep_branch", close.version)
    with db.read() as s:
        assert s.get(CashierSession, shift.id).status == "closed"
    chains_ok(db)


def test_an_op_the_role_may_not_do_is_logged_and_queued(db, branch, cust):  # type: ignore[no-untyped-def]
    _, shift, e1 = open_shift(branch)
    with db.write() as s:  # the centre made the clerk an administrator: admins take no payments
        s.execute(sa.update(User).where(User.username == "bclerk").values(role="admin"))
    answer = apply.apply_envelope(db, branch.node_id, e1)
    assert answer.outcome == Outcome.CONFLICT
    (entry,) = conflicts(db, branch.node_id, "actor")
    assert OpType.OPEN_SESSION in json.loads(entry.detail)["reason"]
    assert count(db, Operation, Operation.node_id == branch.node_id) == 1
    with db.read() as s:  # the session's opening is kept: the payments of the shift need it
        assert s.get(CashierSession, shift.id) is not None


def _centre_only_work(branch: Branch, customer_id) -> None:  # type: ignore[no-untyped-def]
    """A branch transaction of a type only the centre does (demo data), changing a customer."""
    actor = branch.actor("bsuper")
    with branch.db.write() as s:
        rows.update_row(s, "customer", {"id": customer_id}, {"notes": "演示数据"})
        oplog.append(s, actor, OpType.SEED_DEMO_DATA, {"customers": 1}, "customer", customer_id)


def test_a_centre_only_op_type_is_logged_and_its_changes_queued(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    from app.sync import conflicts as sync_conflicts

    _, env = branch.run(_centre_only_work, branch, cust.id)
    actor, _, e2 = open_shift(branch)
    answers = apply.apply_batch(db, branch.node_id, [env, e2])
    assert [a.outcome for a in answers] == [Outcome.CONFLICT, Outcome.APPLIED]
    assert sync_node(db, branch.node_id).applied_seq == e2.last_seq
    (entry,) = conflicts(db, branch.node_id, "actor")
    assert OpType.SEED_DEMO_DATA in json.loads(entry.detail)["reason"]
    with db.read() as s:
        assert s.get(Customer, cust.id).notes != "演示数据"
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_centre", entry.version)
    with db.read() as s:
        assert s.get(Customer, cust.id).notes != "演示数据"
    chains_ok(db)


def test_the_nodes_own_supervisor_cannot_approve_what_waits_for_the_centre(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    """An ``actor`` entry (an operation only the centre may do, or a user the centre refused)
    waits for the centre's approval; a branch supervisor resolving through the sync service
    (POST /v1/conflicts/{id}/resolve) must not approve it for his own node — the check would be
    the node vouching for itself. Keeping the centre's is his to choose; the centre approves."""
    from app.domain.errors import PermissionDenied
    from app.services import auth
    from app.sync import conflicts as sync_conflicts
    from app.sync import nodes

    _, env = branch.run(_centre_only_work, branch, cust.id)
    apply.apply_batch(db, branch.node_id, [env])
    (entry,) = conflicts(db, branch.node_id, "actor")
    (mine,) = sync_conflicts.node_conflicts(db, branch.node_id)
    assert "keep_branch" not in mine.choices  # the branch's screen does not offer it
    service = nodes.node_actor(db, branch.node_id, "bsuper", BRANCH_PASSWORD)
    try:
        with pytest.raises(PermissionDenied, match="中心"):
            sync_conflicts.resolve_conflict(db, service, entry.id, "keep_branch", entry.version)
    finally:
        auth.logout(db, service)
    with db.read() as s:
        assert s.get(Customer, cust.id).notes != "演示数据"
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version)  # the centre may
    with db.read() as s:
        assert s.get(Customer, cust.id).notes == "演示数据"


def test_every_op_type_is_classified_for_rule_6() -> None:
    from app.domain.codes import OpType as AllTypes
    from app.services.permissions import _GRANTS

    missing = [t.value for t in AllTypes if t.value not in apply.ACTOR_PERMISSIONS]
    assert not missing, f"classify these operation types in app/sync/apply.py ACTOR_PERMISSIONS: {missing}"
    special = {apply.ANY_USER, apply.NODE_ONLY, apply.CENTRE_ONLY, apply.CENTRE_APPROVAL}
    assert all(v in special or v in _GRANTS for v in apply.ACTOR_PERMISSIONS.values())


def test_a_money_row_the_centre_cannot_store_gets_no_final_answer_and_nothing_after_it(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    """Payments are insert-only and always kept: a money row the centre cannot insert (here a
    tender of a payment it does not have) is never queued away with a final answer; the
    envelope and the rest of the request stay with the branch, which sends them again."""
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 100)
    _, e3 = pay(branch, actor, cust.id, 200)
    tender = next(c for c in e2.changes if c.tbl == "payment_tender")
    orphan = dataclasses.replace(tender, row_key={"id": str(uuid.uuid4())},
                                 after={**tender.after, "id": str(uuid.uuid4()), "payment_id": str(uuid.uuid4())})
    bad = dataclasses.replace(e2, changes=(*e2.changes, orphan))
    answers = apply.apply_batch(db, branch.node_id, [e1, bad, e3])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.HELD, Outcome.HELD], answers
    assert not any(a.outcome in Outcome.FINAL for a in answers[1:])
    assert "收费" in answers[1].message
    node = sync_node(db, branch.node_id)
    assert node.applied_seq == e1.last_seq and node.status == "active"
    assert count(db, Payment, Payment.customer_id == cust.id) == 0
    assert count(db, SyncHeld, SyncHeld.node_id == branch.node_id) == 0
    # a supervisor sees it: one open held_money entry, however often the branch sends it again
    assert apply.apply_batch(db, branch.node_id, [bad, e3])[0].outcome == Outcome.HELD
    (held,) = conflicts(db, branch.node_id)
    assert (held.kind, held.status) == ("held_money", "open")
    from app.sync import conflicts as sync_conflicts

    assert "暂无法入账" in sync_conflicts.get_conflict(db, supervisor, held.id).summary
    # sent again as the branch holds them (the orphan was a forgery): both applied, nothing lost,
    # and the entry closes itself
    answers = apply.apply_batch(db, branch.node_id, [e2, e3])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.APPLIED], answers
    assert count(db, Payment, Payment.customer_id == cust.id) == 2
    assert [(c.kind, c.status, c.resolution) for c in conflicts(db, branch.node_id)] == [
        ("held_money", "resolved", "applied")]
    chains_ok(db)


def test_a_branch_payment_whose_receipt_no_the_centre_holds_is_kept_renumbered(db, branch, cust, tmp_path):  # type: ignore[no-untyped-def]
    """The centre holds the branch's receipt number for another payment (a PC set up again
    that continues the node's operation numbers but whose receipt counter was fitted from a
    scope lacking one of its receipts): the branch's payment is stored as <number>-C1,
    tenders and allocations with it, a ``receipt`` entry names both numbers, the centre's
    correcting record lets the reconcile account for it, and the stream goes on."""
    from app.config import Settings
    from app.services.setup import open_database

    actor, _, e1 = open_shift(branch)
    backup = tmp_path / "before-first-receipt.db"
    with sqlite3.connect(branch.db.url.removeprefix("sqlite:///")) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    first, e2 = pay(branch, actor, cust.id, 100)
    assert [a.outcome for a in apply.apply_batch(db, branch.node_id, [e1, e2])] == [Outcome.APPLIED] * 2
    with branch.db.read() as s:
        op_seq, op_hash = s.execute(sa.select(Node.op_seq, Node.op_last_hash).where(Node.id == branch.node_id)).one()
    pc_db = open_database(Settings(db_url=f"sqlite:///{backup}"))
    try:
        with pc_db.write() as s:  # the node's operation numbers go on; its receipt counter does not know receipt 1
            s.execute(sa.update(Node).where(Node.id == branch.node_id).values(op_seq=op_seq, op_last_hash=op_hash))
        pc = Branch(db, pc_db, branch.node_id, branch.incarnation, sent_seq=e2.last_seq)
        pc_actor = pc.actor("bclerk")
        receipt, e3 = pay(pc, pc_actor, cust.id, 5000)
        _, e4 = pay(pc, pc_actor, cust.id, 300)
    finally:
        pc_db.dispose()
    assert receipt.receipt_no == first.receipt_no
    answers = apply.apply_batch(db, branch.node_id, [e3, e4])
    assert [a.outcome for a in answers] == [Outcome.CONFLICT, Outcome.APPLIED], answers
    assert sync_node(db, branch.node_id).applied_seq == e4.last_seq
    renumbered = f"{first.receipt_no}-C1"
    with db.read() as s:
        stored = s.get(Payment, receipt.payment_id)
        assert stored is not None and stored.receipt_no == renumbered and stored.amount_fen == 5000
        assert s.scalar(sa.select(sa.func.sum(PaymentTender.amount_fen))
                        .where(PaymentTender.payment_id == receipt.payment_id)) == 5000
        assert s.get(Payment, first.payment_id).receipt_no == first.receipt_no
    (entry,) = conflicts(db, branch.node_id, "receipt")
    detail = json.loads(entry.detail)
    assert (detail["receipt_no"], detail["centre_receipt_no"]) == (first.receipt_no, renumbered)
    from app.sync import conflicts as sync_conflicts

    assert sync_conflicts.CHOICES["receipt"] == ("reviewed",)
    with db.read() as s:
        view = sync_conflicts._view(s.get(SyncConflict, entry.id), "3302")
    assert first.receipt_no in view.summary and renumbered in view.summary
    chains_ok(db)


def test_a_row_the_centre_cannot_store_queues_the_envelope_and_the_stream_goes_on(  # type: ignore[no-untyped-def]
        db, branch, cust, clerk, customer_form):
    """Not money: a customer edit the centre cannot store (an account number another customer
    holds at the centre) is queued as an ``apply`` entry and the stream goes on."""
    other = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    bclerk = branch.actor("bclerk")
    _, e1 = branch.run(edit_customer, branch.db, bclerk, cust.id, notes="分支备注")
    ch = next(c for c in e1.changes if c.tbl == "customer")
    bad = dataclasses.replace(ch, after={**ch.after, "account_no": other.account_no})
    e1 = dataclasses.replace(e1, changes=(bad,))
    actor, _, e2 = open_shift(branch)
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    assert answers[0].outcome == Outcome.CONFLICT and answers[1].outcome == Outcome.APPLIED, answers
    assert sync_node(db, branch.node_id).applied_seq == e2.last_seq
    assert [c.kind for c in conflicts(db, branch.node_id)] == ["apply"]


def test_an_apply_entry_waits_for_the_centre_too(db, branch, cust, clerk, customer_form):  # type: ignore[no-untyped-def]
    """An envelope queued whole because a row could not be stored (``apply``) is queued before
    the scope check: it may hold rows outside the node's scope (a forged PC provokes the error
    on purpose). Its own supervisor keeps the centre's, never takes the branch's."""
    from app.domain.errors import PermissionDenied
    from app.services import auth
    from app.sync import conflicts as sync_conflicts
    from app.sync import nodes

    other = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    bclerk = branch.actor("bclerk")
    _, e1 = branch.run(edit_customer, branch.db, bclerk, cust.id, notes="分支备注")
    ch = next(c for c in e1.changes if c.tbl == "customer")
    bad = dataclasses.replace(ch, after={**ch.after, "account_no": other.account_no})
    foreign = dataclasses.replace(ch, row_key={"id": str(other.id)}, before={**ch.before, "id": str(other.id)},
                                  after={**ch.before, "id": str(other.id), "notes": "越权修改"})
    apply.apply_batch(db, branch.node_id, [dataclasses.replace(e1, changes=(bad, foreign))])
    (entry,) = conflicts(db, branch.node_id, "apply")
    assert str(other.id) in entry.detail  # the foreign edit waits in it, unchecked
    (mine,) = sync_conflicts.node_conflicts(db, branch.node_id)
    assert "keep_branch" not in mine.choices
    service = nodes.node_actor(db, branch.node_id, "bsuper", BRANCH_PASSWORD)
    try:
        with pytest.raises(PermissionDenied, match="中心"):
            sync_conflicts.resolve_conflict(db, service, entry.id, "keep_branch", entry.version)
    finally:
        auth.logout(db, service)
    with db.read() as s:
        assert s.get(Customer, other.id).notes != "越权修改"


# ---- apply rules ----------------------------------------------------------------------------------


def _edit_form(view, **changes):  # type: ignore[no-untyped-def]
    base = customers.CustomerInput(
        party_type=view.party_type, kind=view.kind, name=view.name, id_type=view.id_type, id_number=None,
        area=view.area, voltage_level=view.voltage_level, capacity_kva=str(view.capacity_kva),
        tariff_code=view.tariff_code, low_income=view.low_income, vip=view.vip,
        customer_manager=view.customer_manager, contact_person=view.contact_person, phone=None, phone2=None,
        supply_address=view.supply_address, meter_no=view.meter_no, notes=view.notes,
    )
    return dataclasses.replace(base, **changes)


def edit_customer(db, actor, customer_id, **changes):  # type: ignore[no-untyped-def]
    view = customers.get_customer(db, actor, customer_id)
    return customers.update_customer(db, actor, customers.UpdateCustomer(view.id, view.version,
                                                                          _edit_form(view, **changes)))


def test_issue_7_customer_edited_at_branch_and_centre_merges_field_by_field(db, branch, cust, clerk):  # type: ignore[no-untyped-def]
    bclerk = branch.actor("bclerk")
    _, env = branch.run(edit_customer, branch.db, bclerk, cust.id, name="张三丰", meter_no="M778899",
                        notes="分支备注")
    edit_customer(db, clerk, cust.id, name="张三峰", contact_person="李四")  # the centre, meanwhile
    with db.read() as s:
        version_before = s.get(Customer, cust.id).version
    answer = apply.apply_envelope(db, branch.node_id, env)
    assert answer.outcome == Outcome.CONFLICT and answer.conflicts == 1
    with db.read() as s:
        c = s.get(Customer, cust.id)
        assert c.meter_no == "M778899" and c.notes == "分支备注"  # only the branch changed these
        assert c.contact_person == "李四"  # only the centre changed this
        assert c.name == "张三峰"  # both: the centre's value stays until resolved …
        assert c.version == version_before + 1
        keys = set(s.scalars(sa.select(CustomerSearchKey.key).where(CustomerSearchKey.customer_id == cust.id)))
    (entry,) = conflicts(db, branch.node_id, "field")  # … and nothing vanishes: the queue has it
    detail = json.loads(entry.detail)
    assert [f["field"] for f in detail["fields"]] == ["name"]
    assert detail["fields"][0]["branch"] == "张三丰" and detail["fields"][0]["centre"] == "张三峰"
    assert any("M778899".lower() in k.lower() for k in keys)  # search keys rebuilt from the merged row
    found = search.search_customers(db, clerk, "M778899")
    assert [r.id for r in found.rows] == [cust.id]
    # exactly the merged row's keys: the branch's old meter number and the centre's old name
    # are gone (deleted by their full key, app/sync/apply.py refresh_search_keys)
    from app.domain.search_keys import customer_keys

    with db.read() as s:
        c = s.get(Customer, cust.id)
        assert keys == set(customer_keys(account_no=c.account_no, name=c.name, phones=[c.phone, c.phone2],
                                         id_number=c.id_number, meter_no=c.meter_no, address=c.supply_address))
    assert cust.id not in [r.id for r in search.search_customers(db, clerk, cust.meter_no).rows]
    chains_ok(db)


def test_state_row_whose_status_the_centre_moved_is_queued_whole(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    actor, shift, e1 = open_shift(branch)
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.APPLIED
    version = cashier.session_summary(db, supervisor, shift.id).session.version
    cashier.close_session(db, supervisor, cashier.CloseSession(shift.id, version, {"note_100": 1}))  # at the centre
    _, e2 = branch.run(cashier.close_session, branch.db, actor, cashier.CloseSession(
        shift.id, cashier.session_summary(branch.db, actor, shift.id).session.version, {"note_100": 1, "coin_1": 3}))
    answer = apply.apply_envelope(db, branch.node_id, e2)
    assert answer.outcome == Outcome.CONFLICT
    (entry,) = conflicts(db, branch.node_id, "state")
    with db.read() as s:
        assert s.get(CashierSession, shift.id).counted_cash_fen == 10000  # the centre's close stands
    assert json.loads(entry.detail)["after"]["counted_cash_fen"] == 10300
    chains_ok(db)


def _print(branch: Branch, actor, receipt) -> None:  # type: ignore[no-untyped-def]
    branch.run(payments.record_print, branch.db, actor, payments.DOC_RECEIPT, receipt.payment_id,
               receipt.receipt_no, "POS-58", "80mm")


def _close_shift(branch: Branch, actor, shift_id):  # type: ignore[no-untyped-def]
    version = cashier.session_summary(branch.db, actor, shift_id).session.version
    return branch.run(cashier.close_session, branch.db, actor,
                      cashier.CloseSession(shift_id, version, {"note_100": 2, "note_50": 1}))


def test_day_end_totals_match_the_payments_received_nothing_queued(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, shift, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 12850)
    card, _ = pay(branch, actor, cust.id, 3000, "card")
    _print(branch, actor, receipt)
    _print(branch, actor, card)
    _close_shift(branch, actor, shift.id)
    answers = apply.apply_batch(db, branch.node_id, branch.envelopes)
    assert all(a.outcome == Outcome.APPLIED for a in answers), answers
    assert conflicts(db, branch.node_id) == []
    with db.read() as s:
        assert apply.centre_totals(s, shift.id)["cash"] == 12850


def test_day_end_totals_mismatch_is_a_day_end_conflict(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, shift, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 12850)
    _print(branch, actor, receipt)
    _, close = _close_shift(branch, actor, shift.id)
    # the close claims ¥1.00 more cash than the payments the centre received for the session
    changes = tuple(dataclasses.replace(c, after={**c.after, "totals": json.dumps(
        {**json.loads(c.after["totals"]), "cash": 12950})}) if c.tbl == "cashier_session" else c
        for c in close.changes)
    branch.envelopes[-1] = dataclasses.replace(close, changes=changes)
    answers = apply.apply_batch(db, branch.node_id, branch.envelopes)
    assert answers[-1].outcome == Outcome.CONFLICT
    (entry,) = conflicts(db, branch.node_id, "day_end")
    detail = json.loads(entry.detail)
    assert detail["branch"]["cash"] == 12950 and detail["centre"]["cash"] == 12850


def test_issue_8_payment_on_a_bill_paid_centrally_is_kept_excess_to_prepaid(db, branch, cust, clerk):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 0)  # the centre takes the bill's payment first …
    payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust.id, (TenderInput("cash", 12850),), None))
    actor, _, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 12850)  # … and the branch, offline, takes it again
    answers = apply.apply_batch(db, branch.node_id, branch.envelopes)
    assert answers[-1].outcome == Outcome.CONFLICT
    bill = bill_of(db, cust.id)
    with db.read() as s:
        kept = s.get(Payment, receipt.payment_id)
        assert kept is not None and kept.amount_fen == 12850  # the money is kept as taken
        assert s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == cust.id)) == 12850
        paid = s.scalar(sa.text("SELECT sum(principal_fen) FROM payment_allocation WHERE bill_id = :b"),
                        {"b": bill.id if db.dialect == "postgresql" else bill.id.hex})
        assert int(paid) == bill.amount_fen
        corr = s.scalars(sa.select(Operation).where(Operation.op_type == OpType.CORRECT_SYNCED_PAYMENT)).one()
        assert corr.actor == "admin" and json.loads(corr.payload)["excess_fen"] == 12850
    (entry,) = conflicts(db, branch.node_id, "paid_bill")
    assert json.loads(entry.detail)["receipt_no"] == receipt.receipt_no
    chains_ok(db)  # verify-log: chains intact, the reconcile accounts for the correction


def test_issue_8_payment_for_a_customer_closed_centrally_is_kept_and_queued(db, branch, cust):  # type: ignore[no-untyped-def]
    with db.write() as s:  # 销户 at the centre (the closing application's effect on the record)
        s.execute(sa.update(Customer).where(Customer.id == cust.id).values(status="closed"))
    actor, _, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 12850)
    answers = apply.apply_batch(db, branch.node_id, branch.envelopes)
    assert answers[-1].outcome == Outcome.CONFLICT
    with db.read() as s:
        assert s.get(Payment, receipt.payment_id) is not None
    (entry,) = conflicts(db, branch.node_id, "closed_customer")
    assert json.loads(entry.detail)["amount_fen"] == 12850


@pytest.mark.parametrize("offset", [dt.timedelta(days=1), -dt.timedelta(days=365)])
def test_issue_9_branch_clock_off_by_a_day_or_a_year_warns_order_unaffected(db, branch, cust, offset):  # type: ignore[no-untyped-def]
    branch.clock_offset = offset
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 12850)
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.APPLIED]
    assert all("时钟" in a.message for a in answers)
    skew = sync_node(db, branch.node_id).clock_skew_seconds
    assert abs(skew - offset.total_seconds()) < 120
    assert [a.outcome for a in apply.apply_batch(db, branch.node_id, [e1, e2])] == [Outcome.DUPLICATE] * 2
    branch.clock_offset = dt.timedelta(0)
    _, e3 = pay(branch, actor, cust.id, 100)
    assert apply.apply_envelope(db, branch.node_id, e3).message == ""
    chains_ok(db)


def test_insert_only_row_present_same_content_nothing_other_content_conflict(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 100)
    assert [a.outcome for a in apply.apply_batch(db, branch.node_id, [e1, e2])] == [Outcome.APPLIED] * 2
    _, e3 = pay(branch, actor, cust.id, 200)
    tender = next(c for c in e2.changes if c.tbl == "payment_tender")
    same = tender
    other = dataclasses.replace(tender, after={**tender.after, "amount_fen": 1})
    answer = apply.apply_envelope(db, branch.node_id, dataclasses.replace(e3, changes=(*e3.changes, same, other)))
    assert answer.outcome == Outcome.CONFLICT and answer.conflicts == 1
    (entry,) = conflicts(db, branch.node_id, "row")
    assert entry.tbl == "payment_tender"
    with db.read() as s:
        assert rows.read_image(s, "payment_tender", rows.key_of("payment_tender", tender.row_key))["amount_fen"] == 100


def test_centre_tables_changed_at_a_branch_are_refused_into_the_queue(db, branch, cust):  # type: ignore[no-untyped-def]
    _, _, e1 = open_shift(branch)
    with db.read() as s:
        tariff = s.execute(sa.text("SELECT id FROM tariff_version LIMIT 1")).scalar()
    change = RowChange("tariff_version", {"id": str(tariff)}, "update", {"id": str(tariff), "note": ""},
                       {"id": str(tariff), "note": "分支改的"})
    answer = apply.apply_envelope(db, branch.node_id, dataclasses.replace(e1, changes=(*e1.changes, change)))
    assert answer.outcome == Outcome.CONFLICT
    (entry,) = conflicts(db, branch.node_id, "centre")
    assert entry.tbl == "tariff_version"


def test_envelope_round_trips_through_json_and_applies(db, branch, cust):  # type: ignore[no-untyped-def]
    _, _, e1 = open_shift(branch)
    answer = apply.apply_envelope(db, branch.node_id, Envelope.from_json(e1.to_json()))
    assert answer.outcome == Outcome.APPLIED


def _order_version(db, order_id) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.get(WorkOrder, order_id).version)


def test_work_order_advanced_at_the_branch_applies_and_a_moved_status_is_a_state_conflict(db, branch, cust, clerk):  # type: ignore[no-untyped-def]
    bclerk = branch.actor("bclerk")
    first, e1 = branch.run(workorders.record_work_order, branch.db, bclerk, workorders.RecordWorkOrder(
        "complaint", "attitude.counter", "营业厅排队一小时无人引导", customer_id=cust.id))
    second, e2 = branch.run(workorders.record_work_order, branch.db, bclerk, workorders.RecordWorkOrder(
        "complaint", "attitude.counter", "窗口少开", customer_id=cust.id))
    _, e3 = branch.run(workorders.dispatch_work_order, branch.db, bclerk, workorders.WorkOrderCommand(
        first.id, _order_version(branch.db, first.id), department="营业班"))
    assert [a.outcome for a in apply.apply_batch(db, branch.node_id, [e1, e2, e3])] == [Outcome.APPLIED] * 3
    with db.read() as s:
        assert s.get(WorkOrder, first.id).stage == "dispatched"
    # the centre dispatches the second order while the branch, offline, dispatches it elsewhere
    workorders.dispatch_work_order(db, clerk, workorders.WorkOrderCommand(
        second.id, _order_version(db, second.id), department="用电检查班"))
    _, e4 = branch.run(workorders.dispatch_work_order, branch.db, bclerk, workorders.WorkOrderCommand(
        second.id, _order_version(branch.db, second.id), department="营业班"))
    with db.read() as s:
        centre_row = rows.read_image(s, "work_order", {"id": second.id})
        steps_before = count(db, WorkOrderStep, WorkOrderStep.work_order_id == second.id)
    answer = apply.apply_envelope(db, branch.node_id, e4)
    assert answer.outcome == Outcome.CONFLICT and answer.conflicts == 2
    (entry,) = conflicts(db, branch.node_id, "state")
    assert entry.tbl == "work_order"
    with db.read() as s:  # nothing of the row applied; its version moved on so the feed sends it back
        now = rows.read_image(s, "work_order", {"id": second.id})
        assert {**now, "version": centre_row["version"]} == centre_row and now["version"] == centre_row["version"] + 1
    # the branch's step has the step number the centre's dispatch took: it waits in the queue, whole
    assert count(db, WorkOrderStep, WorkOrderStep.work_order_id == second.id) == steps_before
    (step,) = conflicts(db, branch.node_id, "row")
    assert step.tbl == "work_order_step" and json.loads(step.detail)["after"]["assigned_dept"] == "营业班"
    chains_ok(db)


def test_branch_log_in_bookkeeping_is_taken_without_conflict_or_version_bump(db, branch, cust):  # type: ignore[no-untyped-def]
    from app.services import auth
    from tests.sync._branch import BRANCH_PASSWORD

    with db.read() as s:
        before = s.scalars(sa.select(User).where(User.username == "bclerk")).one()
    _, env = branch.run(auth.login, branch.db, "bclerk", BRANCH_PASSWORD)
    assert [o.op_type for o in env.ops] == [OpType.LOGIN]
    assert apply.apply_envelope(db, branch.node_id, env).outcome == Outcome.APPLIED
    with db.read() as s:
        after = s.scalars(sa.select(User).where(User.username == "bclerk")).one()
    assert after.last_login_at is not None and after.last_login_at != before.last_login_at
    assert after.version == before.version
    chains_ok(db)


def test_issue_3_batch_cut_short_then_retried_whole_no_duplicates_nothing_skipped(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    envs = [e1] + [pay(branch, actor, cust.id, 100 * (i + 1))[1] for i in range(4)]
    first = apply.apply_batch(db, branch.node_id, envs[:2])  # the service died after two envelopes
    assert [a.outcome for a in first] == [Outcome.APPLIED] * 2
    again = apply.apply_batch(db, branch.node_id, envs)
    assert [a.outcome for a in again] == [Outcome.DUPLICATE] * 2 + [Outcome.APPLIED] * 3
    assert count(db, Payment, Payment.customer_id == cust.id) == 4
    assert count(db, Operation, Operation.node_id == branch.node_id) == envs[-1].last_seq
    chains_ok(db)


def test_customer_registered_at_the_branch_arrives_searchable(db, branch, clerk, customer_form):  # type: ignore[no-untyped-def]
    form = customer_form(name="欧阳分支", phone="13900001111")
    view, env = branch.run(customers.register_customer, branch.db, branch.actor("bclerk"),
                           customers.RegisterCustomer(form))
    assert view.account_no.startswith("3302")
    assert apply.apply_envelope(db, branch.node_id, env).outcome == Outcome.APPLIED
    assert [r.id for r in search.search_customers(db, clerk, "欧阳分支").rows] == [view.id]
    assert [r.id for r in search.search_customers(db, clerk, view.account_no).rows] == [view.id]
    chains_ok(db)


# ---- trust: scope, centre-owned columns and operations, op-type tables (docs/sync.md#trust) -----


def _forged(db, tbl: str, key: dict, **changes) -> RowChange:  # type: ignore[no-untyped-def]
    """An update of the centre's row ``key`` of ``tbl`` with ``changes``, images as a branch sends them."""
    with db.read() as s:
        before = rows.encode_row(tbl, rows.read_image(s, tbl, key))
    after = {**before, **rows.encode_row(tbl, changes)}
    return RowChange(tbl, rows.encode_row(tbl, key), "update", before, after)


def test_reviewer_case_a_genuine_envelope_carrying_a_centre_admin_and_a_centre_customer_applies_neither(
        db, branch, cust, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """A genuine OpenSession envelope with two extra row changes: the centre's clerk1 made an
    administrator with a chosen password, and the phone of a customer of the centre's own node."""
    from app.domain.errors import DomainError
    from app.services import auth
    from app.sync import conflicts as sync_conflicts

    own = customers.register_customer(db, clerk, customers.RegisterCustomer(
        customer_form(name="中心客户", phone="13811112222"), confirm_duplicate=True))
    with db.read() as s:
        clerk1 = s.scalars(sa.select(User).where(User.username == "clerk1")).one()
        clerk1_before = rows.read_image(s, "app_user", {"id": clerk1.id})
        phone_before = s.get(Customer, own.id).phone
    _, shift, e1 = open_shift(branch)
    admin = _forged(db, "app_user", {"id": clerk1.id}, role="admin", password_hash=auth.hash_password("Forged2026"))
    phone = _forged(db, "customer", {"id": own.id}, phone="13999999999")
    answer = apply.apply_envelope(db, branch.node_id, dataclasses.replace(e1, changes=(*e1.changes, admin, phone)))
    assert answer.outcome == Outcome.CONFLICT and answer.conflicts == 2  # not "applied"
    with db.read() as s:
        clerk1_now = rows.read_image(s, "app_user", {"id": clerk1.id})
        assert {**clerk1_now, "version": clerk1_before["version"]} == clerk1_before  # only re-sent (version + 1)
        assert s.get(Customer, own.id).phone == phone_before
        assert s.get(CashierSession, shift.id) is not None  # the genuine work applies
    with pytest.raises(DomainError):
        auth.login(db, "clerk1", "Forged2026")
    entries = conflicts(db, branch.node_id, "scope")
    assert sorted(e.tbl for e in entries) == ["app_user", "customer"]
    for e in entries:  # the images and why, for the supervisor
        detail = json.loads(e.detail)
        assert "不属于本节点" in detail["reason"] and detail["changes"][0]["after"] and detail["centre"]
    node = sync_node(db, branch.node_id)
    assert node.status == "active" and node.applied_seq == e1.last_seq  # not blocked
    for e in entries:
        view = sync_conflicts.resolve_conflict(db, supervisor, e.id, "keep_centre", e.version)
        assert view.status == "resolved" and view.kind_label == "超出节点范围"
        assert "超出该节点的范围" in view.summary and view.choices == ("keep_centre", "keep_branch")
    with db.read() as s:
        assert s.get(User, clerk1.id).role == "clerk"
    chains_ok(db)


def test_a_customer_moved_centrally_while_the_branch_was_offline_is_queued_and_a_supervisor_applies_it(
        db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    from app.sync import conflicts as sync_conflicts

    _, e1 = branch.run(edit_customer, branch.db, branch.actor("bclerk"), cust.id, notes="分支离线时的备注")
    with db.read() as s:
        centre_node = s.scalar(sa.select(User.node_id).where(User.username == "clerk1"))
    with db.write() as s:  # the centre moved the customer to its own node meanwhile
        s.execute(sa.update(Customer).where(Customer.id == cust.id).values(node_id=centre_node))
    actor, _, e2 = open_shift(branch)
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    assert [a.outcome for a in answers] == [Outcome.CONFLICT, Outcome.APPLIED]  # the honest branch goes on
    with db.read() as s:
        assert s.get(Customer, cust.id).notes != "分支离线时的备注"
    (entry,) = conflicts(db, branch.node_id, "scope")
    assert entry.tbl == "customer"
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version)
    with db.read() as s:
        assert s.get(Customer, cust.id).notes == "分支离线时的备注"
    chains_ok(db)


def test_money_of_a_customer_out_of_scope_is_queued_and_the_node_goes_on(db, branch, cust):  # type: ignore[no-untyped-def]
    with db.read() as s:
        centre_node = s.scalar(sa.select(User.node_id).where(User.username == "clerk1"))
    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    with db.write() as s:
        s.execute(sa.update(Customer).where(Customer.id == cust.id).values(node_id=centre_node))
    _, e3 = pay(branch, actor, cust.id, 100)
    answers = apply.apply_batch(db, branch.node_id, [e1, e2, e3])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.CONFLICT, Outcome.CONFLICT], answers
    assert count(db, Payment, Payment.customer_id == cust.id) == 0  # the supervisor decides
    tables = sorted(e.tbl for e in conflicts(db, branch.node_id, "scope"))
    assert tables.count("payment") == 2 and "payment_tender" in tables and "payment_allocation" in tables
    assert sync_node(db, branch.node_id).status == "active"


def _moved_away(db, customer_id, to_node, from_node) -> None:  # type: ignore[no-untyped-def]
    """The centre moves the customer to another node. On PostgreSQL through the real feed
    trigger (its ``leave`` for the old node is the centre's record that he was that node's); a
    SQLite centre has no feed triggers, so the same ``leave`` row is written as the trigger would."""
    from app.sync import triggers
    from db.models import SyncFeed

    if db.dialect == "postgresql":
        with db.engine.begin() as conn:
            triggers.install_centre_feed(conn)
    with db.write() as s:
        s.execute(sa.update(Customer).where(Customer.id == customer_id).values(node_id=to_node,
                                                                               version=Customer.version + 1))
        if db.dialect != "postgresql":  # the leave records the node's applied_seq at the move
            applied = s.scalar(sa.select(SyncNode.applied_seq).where(SyncNode.node_id == from_node))
            s.add(SyncFeed(txid=1, tbl="customer", row_key=rows.key_json("customer", {"id": customer_id}),
                           action="leave", image=json.dumps({"applied_seq": applied}), scope_node=from_node,
                           origin_node=None))


def _centre_node(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(sa.select(User.node_id).where(User.username == "clerk1"))


def _replace_payment(env: Envelope, **values) -> Envelope:  # type: ignore[no-untyped-def]
    """The envelope with its payment row's after-image changed (a forged PC's push)."""
    changes = []
    for ch in env.changes:
        if ch.tbl == "payment":
            ch = dataclasses.replace(ch, after={**ch.after, **rows.encode_row("payment", values)})
        changes.append(ch)
    return dataclasses.replace(env, changes=tuple(changes))


def test_money_a_branch_took_for_a_customer_moved_away_meanwhile_is_booked_and_flagged(  # type: ignore[no-untyped-def]
        db, branch, cust, supervisor):
    """Branch A takes ¥128.50 offline; the centre moves the customer to another node; A pushes.
    The payment, its tender and its allocation are A's own money: stored at once (the new node
    gets them through the feed), flagged ``moved_customer``, never queued for rejection."""
    from app.sync import conflicts as sync_conflicts

    actor, shift, e1 = open_shift(branch)
    assert apply.apply_batch(db, branch.node_id, [e1])[0].outcome == Outcome.APPLIED  # the drawer opened, pushed
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    _moved_away(db, cust.id, _centre_node(db), branch.node_id)
    answers = apply.apply_batch(db, branch.node_id, [e2])
    assert [a.outcome for a in answers] == [Outcome.CONFLICT], answers
    with db.read() as s:
        stored = s.get(Payment, receipt.payment_id)
        assert stored is not None and stored.amount_fen == 12850 and stored.session_id == shift.id
        assert s.scalar(sa.select(sa.func.sum(PaymentTender.amount_fen))
                        .where(PaymentTender.payment_id == receipt.payment_id)) == 12850
        assert s.get(Customer, cust.id).prepaid_fen == 0
    assert count(db, PaymentAllocation, PaymentAllocation.payment_id == receipt.payment_id) == 1
    assert conflicts(db, branch.node_id, "scope") == []
    (entry,) = conflicts(db, branch.node_id, "moved_customer")
    assert entry.tbl == "payment"
    view = sync_conflicts.get_conflict(db, supervisor, entry.id)
    assert view.kind_label == "客户已转至其他节点" and view.choices == ("reviewed", "repoint")
    assert cust.account_no in view.summary and "3301" in view.summary
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, "reviewed", entry.version)
    assert sync_node(db, branch.node_id).applied_seq == e2.last_seq
    chains_ok(db)


@pytest.mark.parametrize("forged", ["customer", "session", "node_id"])
def test_forged_money_for_a_customer_not_the_nodes_is_still_queued_and_cannot_be_rejected(  # type: ignore[no-untyped-def]
        db, branch, cust, clerk, supervisor, customer_form, forged):
    """The exception for money of a customer moved away covers only the node's own money: a
    payment for a customer that never was the node's, or naming another node's cashier session
    or node, is queued as before; and no queued money insert can be rejected (keep_centre)."""
    from app.domain.errors import RuleViolation
    from app.sync import conflicts as sync_conflicts

    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    centre_node = _centre_node(db)
    if forged == "customer":  # the centre's own customer, never the branch's
        own = customers.register_customer(db, clerk, customers.RegisterCustomer(
            customer_form(name="中心自有客户", phone="13811113333"), confirm_duplicate=True))
        e2 = _replace_payment(e2, customer_id=own.id)
    else:
        _moved_away(db, cust.id, centre_node, branch.node_id)
        if forged == "session":
            cashier.open_session(db, clerk, 0)
            with db.read() as s:
                other = s.scalar(sa.select(CashierSession.id).where(CashierSession.node_id == centre_node))
            e2 = _replace_payment(e2, session_id=other)
        else:
            e2 = _replace_payment(e2, node_id=centre_node)
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.CONFLICT], answers
    assert count(db, Payment, Payment.id == receipt.payment_id) == 0
    assert conflicts(db, branch.node_id, "moved_customer") == []
    entries = conflicts(db, branch.node_id, "scope")
    assert sorted(e.tbl for e in entries) == ["payment", "payment_allocation", "payment_tender"]
    assert sync_node(db, branch.node_id).status == "active"
    for e in entries:
        view = sync_conflicts.get_conflict(db, supervisor, e.id)
        # booked, or (failing the scope proof) closed as reviewed, not booked — never rejected
        assert view.choices == ("keep_branch", sync_conflicts.NOT_BOOKED)
        with pytest.raises(RuleViolation, match="收费只能入账"):
            sync_conflicts.resolve_conflict(db, supervisor, e.id, "keep_centre", e.version)
    assert all(e.status == "open" for e in conflicts(db, branch.node_id, "scope"))


def test_a_branch_changes_only_log_in_bookkeeping_and_its_own_passwords_of_users(db, branch, cust):  # type: ignore[no-untyped-def]
    from app.services import auth
    from tests.sync._branch import BRANCH_PASSWORD

    _, e1 = branch.run(auth.change_own_password, branch.db, branch.actor("bclerk"), BRANCH_PASSWORD, "Changed2026")
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.APPLIED
    with db.read() as s:  # the password changed at the branch holds at the centre
        bclerk = s.scalars(sa.select(User).where(User.username == "bclerk")).one()
        assert auth._check_password(bclerk, "Changed2026")
    _, e2 = branch.run(auth.login, branch.db, "bclerk2", BRANCH_PASSWORD)
    promoted = _forged(db, "app_user", {"id": bclerk.id}, role="supervisor", active=True)
    answer = apply.apply_envelope(db, branch.node_id, dataclasses.replace(e2, changes=(*e2.changes, promoted)))
    assert answer.outcome == Outcome.CONFLICT
    (entry,) = conflicts(db, branch.node_id, "scope")
    assert "role" in json.loads(entry.detail)["reason"]
    with db.read() as s:
        assert s.get(User, bclerk.id).role == "clerk"


def test_user_and_rule_administration_at_a_branch_waits_for_the_centre(db, branch, cust):  # type: ignore[no-untyped-def]
    from app.services import hall_rules

    with branch.db.write() as s:  # the branch's own administrator (set up at the branch only)
        s.execute(sa.update(User).where(User.username == "bsuper").values(role="admin"))
    bsuper = branch.actor("bsuper")
    _, env = branch.run(hall_rules.change_hall_rules, branch.db, bsuper, 0, {"max_failed_logins": 9})
    assert {op.op_type for op in env.ops} == {OpType.CHANGE_HALL_RULES}
    answer = apply.apply_envelope(db, branch.node_id, env)
    assert answer.outcome == Outcome.CONFLICT
    (entry,) = conflicts(db, branch.node_id, "actor")
    assert [c["tbl"] for c in json.loads(entry.detail)["changes"]] == ["hall_rules"]
    with db.read() as s:
        assert s.execute(sa.text("SELECT count(*) FROM hall_rules WHERE node_id = :n"),
                         {"n": branch.node_id if db.dialect == "postgresql" else branch.node_id.hex}).scalar() == 0
    assert sync_node(db, branch.node_id).applied_seq == env.last_seq


def test_a_row_in_a_table_the_operation_does_not_write_is_queued(db, branch, cust):  # type: ignore[no-untyped-def]
    _, _, e1 = open_shift(branch)
    edit = _forged(db, "customer", {"id": cust.id}, notes="搭车修改")  # in scope, but OpenSession writes no customer
    answer = apply.apply_envelope(db, branch.node_id, dataclasses.replace(e1, changes=(*e1.changes, edit)))
    assert answer.outcome == Outcome.CONFLICT
    (entry,) = conflicts(db, branch.node_id, "scope")
    assert entry.tbl == "customer" and OpType.OPEN_SESSION in json.loads(entry.detail)["reason"]
    with db.read() as s:
        assert s.get(Customer, cust.id).notes != "搭车修改"


# -- the op-type tables: every type a branch produces, run on a branch, writes only its tables

def _wo_step(branch: Branch, fn, actor, order_id, **kw):  # type: ignore[no-untyped-def]
    return branch.run(fn, branch.db, actor, workorders.WorkOrderCommand(
        order_id, _order_version(branch.db, order_id), **kw))


def _scenario_money(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    from app.domain.codes import RatingKind
    from app.services import ratings
    from app.services.customers import SupervisorApproval
    from tests.sync._branch import BRANCH_PASSWORD

    actor, shift, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 12850)
    _print(branch, actor, receipt)
    branch.run(ratings.record_rating, branch.db, actor, ratings.RecordRating(RatingKind.PAYMENT, receipt.payment_id, 5))
    second, _ = pay(branch, actor, cust.id, 100)
    _print(branch, actor, second)
    extra, _ = pay(branch, actor, cust.id, 200)
    _print(branch, actor, extra)
    reversal, _ = branch.run(payments.reverse_payment, branch.db, actor, payments.ReversePayment(
        uuid.uuid4(), extra.payment_id, "wrong_amount", "金额输错", SupervisorApproval("bsuper", BRANCH_PASSWORD, "")))
    _print(branch, actor, reversal)
    branch.run(ratings.skip_rating, branch.db, actor, ratings.SkipRating(RatingKind.PAYMENT, second.payment_id, "顾客已离开"))
    _close_shift(branch, actor, shift.id)
    sup = branch.actor("bsuper")
    version = cashier.session_summary(branch.db, sup, shift.id).session.version
    branch.run(cashier.return_session, branch.db, sup, shift.id, version, "短款说明")
    version = cashier.session_summary(branch.db, sup, shift.id).session.version
    branch.run(cashier.approve_session, branch.db, sup, shift.id, version)
    branch.run(audit.record_anchor, branch.db, sup, 1, "0" * 16, note="日结报表")


def _scenario_customers(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import valid_resident_id

    actor = branch.actor("bclerk")
    form = customers.CustomerInput("individual", "residential", "分支新户", "ric", valid_resident_id(8123), "urban",
                                   "220V", "8", phone="13905720001", supply_address="杭州市西湖区转塘街道2号")
    view, _ = branch.run(customers.register_customer, branch.db, actor, customers.RegisterCustomer(form, True))
    branch.run(edit_customer, branch.db, actor, view.id, notes="分支改")
    branch.run(edit_customer, branch.db, actor, cust.id, notes="老户改")


def _scenario_log_in(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    from app.domain.errors import DomainError
    from app.services import auth
    from tests.sync._branch import BRANCH_PASSWORD

    actor, _ = branch.run(auth.login, branch.db, "bclerk", BRANCH_PASSWORD)
    branch.run(auth.change_own_password, branch.db, actor, BRANCH_PASSWORD, "Changed2026")
    branch.run(auth.logout, branch.db, actor)
    for _ in range(10):  # wrong passwords until the lock-out
        before = read_all(branch.db)
        with pytest.raises(DomainError):
            auth.login(branch.db, "bclerk2", "Wrong2026")
        env = branch.envelope(before)
        if OpType.LOCK_USER in {op.op_type for op in env.ops}:
            break


def _scenario_work_orders(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    clerk, sup = branch.actor("bclerk"), branch.actor("bsuper")
    order, _ = branch.run(workorders.record_work_order, branch.db, clerk, workorders.RecordWorkOrder(
        "complaint", "attitude.counter", "营业厅排队一小时无人引导", customer_id=cust.id))
    _wo_step(branch, workorders.dispatch_work_order, clerk, order.id, department="营业班")
    _wo_step(branch, workorders.reassign_work_order, sup, order.id, department="用电检查班")
    _wo_step(branch, workorders.start_work_order, clerk, order.id)
    _wo_step(branch, workorders.reply_work_order, clerk, order.id, resolution="已增开窗口")
    _wo_step(branch, workorders.call_back_work_order, clerk, order.id, result="satisfied")
    _wo_step(branch, workorders.archive_work_order, sup, order.id)


def _scenario_outages(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    from app.config import Settings
    from app.services import outages

    sup = branch.actor("bsuper")
    start = dt.datetime.now().replace(microsecond=0) - dt.timedelta(hours=1)
    data = outages.OutageInput("planned", start, start + dt.timedelta(hours=4), "线路检修", areas="杭州市西湖区转塘")
    first, _ = branch.run(outages.record_outage, branch.db, sup, data)
    first, _ = branch.run(outages.update_outage, branch.db, sup, outages.UpdateOutage(
        first.id, first.version, dataclasses.replace(data, reason="线路检修（延长）")))
    branch.run(outages.end_outage, branch.db, sup, outages.EndOutage(first.id, first.version))
    later = start + dt.timedelta(days=2)
    second, _ = branch.run(outages.record_outage, branch.db, sup, dataclasses.replace(
        data, starts_at=later, expected_end=later + dt.timedelta(hours=4)))
    branch.run(outages.cancel_outage, branch.db, sup, outages.CancelOutage(second.id, second.version, "改期"))
    day = f"{later:%Y-%m-%d}"
    csv = f"{outages.TEMPLATE_HEADER}\n计划,{day} 08:00,{day} 17:00,浙江省杭州市西湖区古墩路,,,线路检修,\n"
    report, _ = branch.run(outages.import_outages_csv, branch.db, sup, csv.encode("utf-8"),
                           settings=Settings(db_url="sqlite://"))
    assert not report.errors, report.errors


def _scenario_administration(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    from app.services import hall_rules

    with branch.db.write() as s:  # the branch's own administrator (set up at the branch only)
        s.execute(sa.update(User).where(User.username == "bsuper").values(role="admin"))
    from app.services import auth, workorder_config

    admin = branch.actor("bsuper")
    branch.run(hall_rules.change_hall_rules, branch.db, admin, 0, {"max_failed_logins": 9})
    branch.run(workorder_config.change_workorder_config, branch.db, admin, 0, rules={"complaint_answer_days": "6"})
    user, _ = branch.run(auth.create_user, branch.db, admin, auth.UserInput("bclerk3", "赵收费", "3004", "clerk",
                                                                             "Branch2026"))
    branch.run(auth.update_user, branch.db, admin, user.id, user.version,
               auth.UserInput("bclerk3", "赵收费", "3004", "clerk", active=False))
    branch.run(auth.unlock_user, branch.db, admin, user.id)


def _app_step(branch: Branch, fn, actor, app_id, cmd_type=None, **kw):  # type: ignore[no-untyped-def]
    from app.services import applications

    with branch.db.read() as s:
        version = s.scalar(sa.text("SELECT version FROM application WHERE id = :i"), {"i": app_id.hex})
    return branch.run(fn, branch.db, actor, (cmd_type or applications.ApplicationCommand)(app_id, version, **kw))


def _scenario_applications(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    from app.domain.errors import DomainError
    from app.services import application_attachments, applications

    clerk = branch.actor("bclerk")
    btype = applications.shipped_catalogue().get("meter_test")
    accept = applications.AcceptApplication("meter_test", cust.id, {"description": "表走得快"}, btype.documents)
    first, _ = branch.run(applications.accept_application, branch.db, clerk, accept)
    branch.run(application_attachments.attach_document, branch.db, clerk, application_attachments.AttachDocument(
        first.id, "申请书.pdf", b"%PDF-1.4 test", "file"))
    _app_step(branch, applications.suspend_application, clerk, first.id, remark="等待客户补资料")
    _app_step(branch, applications.resume_application, clerk, first.id)
    for _ in range(8):  # to the last stage
        before = read_all(branch.db)
        try:
            _app_step(branch, applications.advance_application, clerk, first.id)
        except DomainError:
            assert read_all(branch.db) == before
            break
    _app_step(branch, applications.complete_application, clerk, first.id, applications.CompleteApplication,
              remark="已校验")
    second, _ = branch.run(applications.accept_application, branch.db, clerk, accept)
    _app_step(branch, applications.cancel_application, branch.actor("bsuper"), second.id, remark="客户撤回")


def _scenario_bills(branch: Branch, cust) -> None:  # type: ignore[no-untyped-def]
    from app.config import Settings
    from app.services import bill_import, bill_run, readings

    sup, settings = branch.actor("bsuper"), Settings(db_url="sqlite://")
    csv = f"户号,账期,电量,金额\n{cust.account_no},2026-11,90,99.50\n".encode()
    report, _ = branch.run(bill_import.import_bills_csv, branch.db, sup, csv, settings=settings)
    assert not report.errors, report.errors
    reading, _ = branch.run(readings.import_readings_csv, branch.db, sup,
                            f"户号,抄表日期,上次示数,本次示数\n{cust.account_no},2026-08-25,0,100\n".encode(), "2026-08",
                            settings=settings)
    assert reading.ok
    run, _ = branch.run(bill_run.compute_bills, branch.db, sup, "2026-08", dt.date(2026, 9, 3))
    assert run.bills == 1


_SCENARIOS = {
    "money": (_scenario_money, {OpType.OPEN_SESSION, OpType.POST_PAYMENT, OpType.PRINT_DOCUMENT,
                                OpType.RECORD_RATING, OpType.SKIP_RATING, OpType.CLOSE_SESSION,
                                OpType.RETURN_SESSION, OpType.APPROVE_SESSION, OpType.REVERSE_PAYMENT,
                                OpType.RECORD_ANCHOR}),
    "customers": (_scenario_customers, {OpType.REGISTER_CUSTOMER, OpType.UPDATE_CUSTOMER}),
    "log_in": (_scenario_log_in, {OpType.LOGIN, OpType.CHANGE_PASSWORD, OpType.LOGOUT, OpType.AUTH_FAILED,
                                  OpType.LOCK_USER}),
    "work_orders": (_scenario_work_orders, {OpType.RECORD_WORK_ORDER, OpType.DISPATCH_WORK_ORDER,
                                            OpType.REASSIGN_WORK_ORDER, OpType.START_WORK_ORDER,
                                            OpType.REPLY_WORK_ORDER, OpType.CALLBACK_WORK_ORDER,
                                            OpType.ARCHIVE_WORK_ORDER}),
    "outages": (_scenario_outages, {OpType.RECORD_OUTAGE, OpType.UPDATE_OUTAGE, OpType.END_OUTAGE,
                                    OpType.CANCEL_OUTAGE, OpType.IMPORT_OUTAGES}),
    "administration": (_scenario_administration, {OpType.CHANGE_HALL_RULES, OpType.CHANGE_WORK_ORDER_RULES,
                                                  OpType.CREATE_USER,
                                                  OpType.UPDATE_USER, OpType.UNLOCK_USER}),
    "bills": (_scenario_bills, {OpType.IMPORT_BILLS, OpType.IMPORT_READINGS, OpType.COMPUTE_BILLS}),
    "applications": (_scenario_applications, {OpType.ACCEPT_APPLICATION, OpType.ATTACH_DOCUMENT,
                                              OpType.SUSPEND_APPLICATION, OpType.RESUME_APPLICATION,
                                              OpType.ADVANCE_APPLICATION, OpType.COMPLETE_APPLICATION,
                                              OpType.CANCEL_APPLICATION}),
}


@pytest.mark.parametrize("name", sorted(_SCENARIOS))
def test_each_operation_type_run_on_a_branch_writes_only_its_tables(db, branch, cust, name):  # type: ignore[no-untyped-def]
    scenario, expected = _SCENARIOS[name]
    scenario(branch, cust)
    seen = {op.op_type for env in branch.envelopes for op in env.ops}
    assert expected <= seen, expected - seen
    for env in branch.envelopes:
        allowed = set().union(*(apply.OP_TABLES[op.op_type] for op in env.ops))
        written = {c.tbl for c in env.changes}
        assert written <= allowed, ([op.op_type for op in env.ops], written - allowed)
    answers = apply.apply_batch(db, branch.node_id, branch.envelopes)
    assert all(a.outcome in (Outcome.APPLIED, Outcome.CONFLICT) for a in answers), answers
    assert conflicts(db, branch.node_id, "scope") == []  # an honest branch's work is in its scope
    assert sync_node(db, branch.node_id).status == "active"


def test_op_tables_name_every_type_a_branch_may_push_and_only_synced_tables() -> None:
    from app.sync.tables import synced_names

    pushable = {t for t, p in apply.ACTOR_PERMISSIONS.items() if p != apply.CENTRE_ONLY}
    assert pushable <= set(apply.OP_TABLES), pushable - set(apply.OP_TABLES)
    assert set().union(*apply.OP_TABLES.values()) <= set(synced_names())
    # every type a branch pushes is run on a branch by a scenario above, but these (their tables
    # are those of a type that is: an adjustment writes what a bill import does, a refund what a
    # reversal does, the categories what the work-order figures do)
    not_scripted = {OpType.ISSUE_ADJUSTMENT, OpType.REFUND_PAYMENT, OpType.CHANGE_WORK_ORDER_CATEGORIES}
    scripted = set().union(*(types for _, types in _SCENARIOS.values()))
    assert pushable == scripted | not_scripted, (pushable - scripted - not_scripted, scripted - pushable)


def test_queued_money_booked_by_a_supervisor_goes_through_the_apply_rules_in_one_choice(  # type: ignore[no-untyped-def]
        db, branch, cust, clerk, supervisor):
    """The branch takes ¥128.50 offline; the centre moves the customer away with no ``leave``
    of his for the branch (the retention path: no proof, the money is queued) and its own
    counter collects the same bill. Booking the payment entry books its tender and allocation
    with it (one choice, the three entries resolved) under the apply rules: the bill's excess
    goes to the customer's prepaid by a correcting entry, a ``paid_bill`` entry is opened, and
    the reconcile finds nothing over-paid."""
    from app.sync import conflicts as sync_conflicts

    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    with db.write() as s:  # moved, no leave row
        s.execute(sa.update(Customer).where(Customer.id == cust.id).values(node_id=_centre_node(db)))
    cashier.open_session(db, clerk, 0)
    payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust.id, (TenderInput("cash", 12850),), 12850))
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.CONFLICT], answers
    entries = conflicts(db, branch.node_id, "scope")
    assert sorted(e.tbl for e in entries) == ["payment", "payment_allocation", "payment_tender"]
    (entry,) = [e for e in entries if e.tbl == "payment"]
    view = sync_conflicts.get_conflict(db, supervisor, entry.id)
    assert view.choices == ("keep_branch", sync_conflicts.NOT_BOOKED)
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version)
    assert {(e.status, e.resolution) for e in conflicts(db, branch.node_id, "scope")} == {("resolved", "keep_branch")}
    with db.read() as s:
        assert s.get(Payment, receipt.payment_id).amount_fen == 12850
        assert s.scalar(sa.select(sa.func.sum(PaymentTender.amount_fen))
                        .where(PaymentTender.payment_id == receipt.payment_id)) == 12850
        assert s.get(Customer, cust.id).prepaid_fen == 12850  # the excess, not a bill paid twice
    (paid,) = conflicts(db, branch.node_id, "paid_bill")
    assert paid.status == "open" and json.loads(paid.detail)["excess_fen"] == 12850
    chains_ok(db)


def test_two_supervisors_booking_entries_of_one_payment_at_once_do_not_deadlock(  # type: ignore[no-untyped-def]
        db, branch, cust, supervisor):
    """One supervisor books the payment's entry while another holds its tender's entry (deciding
    it): the first must not wait, holding its own entry, for one the other will then want — two
    such choices at once closed a cycle (40P01). It is told the payment is being decided and
    to refresh; once the other is done it books the three entries as one."""
    if db.dialect != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    from app.domain.errors import ConcurrentEdit
    from app.sync import conflicts as sync_conflicts

    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 100)
    with db.write() as s:  # moved, no leave row: the money is queued
        s.execute(sa.update(Customer).where(Customer.id == cust.id).values(node_id=_centre_node(db)))
    apply.apply_batch(db, branch.node_id, [e1, e2])
    entries = {e.tbl: e for e in conflicts(db, branch.node_id, "scope")}
    outcome: list[BaseException | None] = []

    def book() -> None:
        try:
            sync_conflicts.resolve_conflict(db, supervisor, entries["payment"].id, "keep_branch",
                                            entries["payment"].version)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    with db.engine.connect() as conn:
        held = conn.begin()
        conn.execute(sa.select(SyncConflict.id).where(SyncConflict.id == entries["payment_tender"].id)
                     .with_for_update())
        worker = threading.Thread(target=book)
        worker.start()
        worker.join(timeout=10)
        alive = worker.is_alive()
        held.rollback()
    worker.join(timeout=30)
    assert not alive, "the choice waited on an entry another supervisor holds"
    assert len(outcome) == 1 and isinstance(outcome[0], ConcurrentEdit), outcome
    sync_conflicts.resolve_conflict(db, supervisor, entries["payment"].id, "keep_branch", entries["payment"].version)
    assert {e.status for e in conflicts(db, branch.node_id, "scope")} == {"resolved"}


def test_queued_money_whose_receipt_number_the_centre_holds_is_booked_renumbered(  # type: ignore[no-untyped-def]
        db, branch, cust, clerk, supervisor):
    """A queued payment whose receipt number the centre holds meanwhile is booked under
    ``<number>-C1`` with a ``receipt`` entry (the apply rule), not refused for ever."""
    from app.sync import conflicts as sync_conflicts

    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 100)
    with db.write() as s:
        s.execute(sa.update(Customer).where(Customer.id == cust.id).values(node_id=_centre_node(db)))
    assert [a.outcome for a in apply.apply_batch(db, branch.node_id, [e1, e2])] == [Outcome.APPLIED, Outcome.CONFLICT]
    cashier.open_session(db, clerk, 0)
    held = payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust.id, (TenderInput("cash", 50),), 50))
    (queued,) = [e for e in conflicts(db, branch.node_id, "scope") if e.tbl == "payment"]
    detail = json.loads(queued.detail)  # the branch's number is one the centre holds (a re-enrolled PC's counter)
    detail["changes"][0]["after"]["receipt_no"] = held.receipt_no
    with db.write() as s:
        s.execute(sa.update(SyncConflict).where(SyncConflict.id == queued.id)
                  .values(detail=json.dumps(detail, ensure_ascii=False)))
    (entry,) = [e for e in conflicts(db, branch.node_id, "scope") if e.tbl == "payment_tender"]
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version)
    with db.read() as s:
        assert s.get(Payment, receipt.payment_id).receipt_no == f"{held.receipt_no}-C1"
    (renumbered,) = conflicts(db, branch.node_id, "receipt")
    assert json.loads(renumbered.detail)["centre_receipt_no"] == f"{held.receipt_no}-C1"
    assert all(e.status == "resolved" for e in conflicts(db, branch.node_id, "scope"))


def test_forged_money_can_be_closed_reviewed_not_booked_with_a_note_at_the_centre(  # type: ignore[no-untyped-def]
        db, branch, cust, clerk, supervisor, customer_form):
    from app.domain.errors import ValidationError
    from app.sync import conflicts as sync_conflicts

    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    own = customers.register_customer(db, clerk, customers.RegisterCustomer(
        customer_form(name="中心自有客户", phone="13811113333"), confirm_duplicate=True))
    e2 = _replace_payment(e2, customer_id=own.id)
    apply.apply_batch(db, branch.node_id, [e1, e2])
    (entry,) = [e for e in conflicts(db, branch.node_id, "scope") if e.tbl == "payment_allocation"]
    with pytest.raises(ValidationError, match="理由"):
        sync_conflicts.resolve_conflict(db, supervisor, entry.id, sync_conflicts.NOT_BOOKED, entry.version)
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, sync_conflicts.NOT_BOOKED, entry.version,
                                    note="核实：该户从未在分支缴费，记录系伪造")
    assert {(e.status, e.resolution) for e in conflicts(db, branch.node_id, "scope")} == {("resolved", "not_booked")}
    assert count(db, Payment, Payment.id == receipt.payment_id) == 0
    with db.read() as s:
        record = s.scalars(sa.select(Operation).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT)).one()
        assert "伪造" in json.loads(record.payload)["note"] and len(json.loads(record.payload)["with"]) == 2
        assert all(r.ok for r in oplog.verify(s))
        assert json.loads(record.payload)["payments"] == [str(receipt.payment_id)]
        # the branch's log still names the payment: verify-log says it was reviewed and not
        # booked (a note with the reason), not that a row was deleted from the books
        report = audit.reconcile(s)
        assert report.findings == []
        assert any(n.startswith(f"收费凭证 {receipt.receipt_no} 经中心审核后不入账") and "伪造" in n
                   for n in report.notes)
        # the note comes from the centre's own record only: read as another node's database,
        # the same record explains nothing
        meta = s.get(AppMeta, "local_node_code")
        assert meta is not None
        meta.value = s.scalar(sa.select(Node.code).where(Node.id == branch.node_id))
        s.flush()
        assert [f.where for f in audit.reconcile(s).findings] == [f"收费凭证 {receipt.receipt_no}"]
        s.rollback()


def test_the_nodes_own_supervisor_cannot_leave_its_money_unbooked_through_the_service(  # type: ignore[no-untyped-def]
        db, branch, cust, clerk, customer_form):
    """审核后不入账 is decided at the centre, never by the node whose money it is. A branch
    supervisor resolving through the sync service (POST /v1/conflicts/{id}/resolve) acts in a
    service session on the centre's node: the refusal must look at whose user it is, or the
    branch could drop the cash it took from the books."""
    from app.domain.errors import PermissionDenied
    from app.services import auth
    from app.sync import conflicts as sync_conflicts
    from app.sync import nodes

    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    own = customers.register_customer(db, clerk, customers.RegisterCustomer(
        customer_form(name="中心自有客户", phone="13811113334"), confirm_duplicate=True))
    apply.apply_batch(db, branch.node_id, [e1, _replace_payment(e2, customer_id=own.id)])
    (entry,) = [e for e in conflicts(db, branch.node_id, "scope") if e.tbl == "payment"]
    service = nodes.node_actor(db, branch.node_id, "bsuper", BRANCH_PASSWORD)
    try:
        with pytest.raises(PermissionDenied, match="中心"):
            sync_conflicts.resolve_conflict(db, service, entry.id, sync_conflicts.NOT_BOOKED, entry.version,
                                            note="分支自称未收款")
    finally:
        auth.logout(db, service)
    assert {e.status for e in conflicts(db, branch.node_id, "scope")} == {"open"}


def test_moved_money_is_bounded_by_what_the_node_could_have_known(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    """Branch takes ¥200 for the ¥128.50 bill (¥71.50 prepaid) and closes its shift; the centre
    moves the customer away; later the branch opens a new shift and refunds that payment, and
    takes another payment in it. The new shift was opened after the move (its opening is past
    the node's applied_seq the leave recorded): nothing of it is the node's proven money — the
    refund and the payment are queued, the customer's prepaid and bill at the centre untouched.
    A refund naming a payment that is not the node's own is never proof either."""
    from app.sync import conflicts as sync_conflicts

    actor, shift, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 20000)
    _print(branch, actor, receipt)
    _close_shift(branch, actor, shift.id)
    answers = apply.apply_batch(db, branch.node_id, list(branch.envelopes))
    assert {a.outcome for a in answers} <= {Outcome.APPLIED, Outcome.CONFLICT}, answers
    with db.read() as s:
        assert s.get(Customer, cust.id).prepaid_fen == 7150
    _moved_away(db, cust.id, _centre_node(db), branch.node_id)
    actor2 = branch.actor("bclerk")
    _, e4 = branch.run(cashier.open_session, branch.db, actor2, 50000)  # a float that can pay ¥200 back
    approval = payments.SupervisorApproval("bsuper", BRANCH_PASSWORD, "")
    refund, e5 = branch.run(payments.refund_payment, branch.db, actor2, payments.RefundPayment(
        uuid.uuid4(), receipt.payment_id, "customer_request", "客户要求退费", approval))
    later, e6 = pay(branch, actor2, cust.id, 100)
    answers = apply.apply_batch(db, branch.node_id, [e4, e5, e6])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.CONFLICT, Outcome.CONFLICT], answers
    assert count(db, Payment, Payment.id.in_([refund.payment_id, later.payment_id])) == 0
    assert conflicts(db, branch.node_id, "moved_customer") == []
    with db.read() as s:
        assert s.get(Customer, cust.id).prepaid_fen == 7150
    views = [sync_conflicts.get_conflict(db, supervisor, e.id) for e in conflicts(db, branch.node_id, "scope")]
    assert views and all(v.choices == ("keep_branch", sync_conflicts.NOT_BOOKED) for v in views)
    chains_ok_but = [e for e in conflicts(db, branch.node_id) if e.kind not in ("scope", "day_end")]
    assert chains_ok_but == []


def test_a_moved_customers_refund_of_a_payment_not_the_nodes_own_is_queued(db, branch, cust, clerk):  # type: ignore[no-untyped-def]
    """A reversal or refund is the node's counter money only when it undoes the node's own
    earlier payment of that customer, which the centre holds."""
    actor, shift, e1 = open_shift(branch)
    assert apply.apply_batch(db, branch.node_id, [e1])[0].outcome == Outcome.APPLIED
    receipt, e2 = pay(branch, actor, cust.id, 100)
    cashier.open_session(db, clerk, 0)
    centre_pay = payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust.id,
                                                                       (TenderInput("cash", 100),), 100))
    approval = payments.SupervisorApproval("bsuper", BRANCH_PASSWORD, "")
    reversal, e3 = branch.run(payments.reverse_payment, branch.db, actor, payments.ReversePayment(
        uuid.uuid4(), receipt.payment_id, "wrong_amount", "金额有误", approval))
    _moved_away(db, cust.id, _centre_node(db), branch.node_id)
    forged = _replace_payment(e3, reverses_id=centre_pay.payment_id)  # names the centre's payment
    answers = apply.apply_batch(db, branch.node_id, [e2, forged])
    assert [a.outcome for a in answers] == [Outcome.CONFLICT, Outcome.CONFLICT], answers
    assert count(db, Payment, Payment.id == receipt.payment_id) == 1  # the node's own payment: booked
    assert count(db, Payment, Payment.id == reversal.payment_id) == 0  # its "reversal": queued
    assert [e.tbl for e in conflicts(db, branch.node_id, "moved_customer")] == ["payment"]
