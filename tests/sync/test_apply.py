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
    Bill,
    CashierSession,
    Customer,
    CustomerSearchKey,
    Operation,
    Payment,
    SyncConflict,
    SyncHeld,
    SyncNode,
    SyncReceived,
    User,
    WorkOrder,
    WorkOrderStep,
)
from tests.sync._branch import Branch, customer_with_bill, make_branch

# ---- set-up --------------------------------------------------------------------------------------


@pytest.fixture
def cust(db, clerk, supervisor, settings, customer_form):  # type: ignore[no-untyped-def]
    return customer_with_bill(db, clerk, supervisor, settings, customer_form)


@pytest.fixture
def branch(db, cust, tmp_path: Path) -> Iterator[Branch]:  # type: ignore[no-untyped-def]
    b = make_branch(db, tmp_path / "branch.db")
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
    _, e2 = pay(branch, actor, cust.id, 100)
    _, e3 = pay(branch, actor, cust.id, 200)
    # e2 carries a customer value the centre cannot store (NOT NULL): its savepoint rolls back,
    # its ops are logged, its payment kept and the rest queued; e1 and e3 apply in the same
    # transaction
    broken = RowChange("customer", {"id": str(cust.id)}, "update", {"id": str(cust.id), "notes": ""},
                       {"id": str(cust.id), "notes": None})
    e2 = dataclasses.replace(e2, changes=(*e2.changes, broken))
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
    bill = bill_of(db, cust.id)
    with db.read() as s:
        image = rows.encode_row("bill", rows.read_image(s, "bill", {"id": bill.id}))
    # e2 also names a row the centre holds with the same content: the run's insert fails on its
    # key, the run goes one by one, and the row is "present, same content: nothing"
    e2 = dataclasses.replace(e2, changes=(RowChange("bill", {"id": str(bill.id)}, "insert", None, image),
                                          *e2.changes))
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


def test_every_op_type_is_classified_for_rule_6() -> None:
    from app.domain.codes import OpType as AllTypes
    from app.services.permissions import _GRANTS

    missing = [t.value for t in AllTypes if t.value not in apply.ACTOR_PERMISSIONS]
    assert not missing, f"classify these operation types in app/sync/apply.py ACTOR_PERMISSIONS: {missing}"
    special = {apply.ANY_USER, apply.NODE_ONLY, apply.CENTRE_ONLY}
    assert all(v in special or v in _GRANTS for v in apply.ACTOR_PERMISSIONS.values())


def test_a_row_the_centre_cannot_store_queues_the_envelope_and_the_stream_goes_on(db, branch, cust):  # type: ignore[no-untyped-def]
    actor, _, e1 = open_shift(branch)
    _, e2 = pay(branch, actor, cust.id, 100)
    _, e3 = pay(branch, actor, cust.id, 200)
    # a payment tender of a payment the centre does not have: the row cannot be stored
    tender = next(c for c in e2.changes if c.tbl == "payment_tender")
    orphan = dataclasses.replace(tender, row_key={"id": str(uuid.uuid4())},
                                 after={**tender.after, "id": str(uuid.uuid4()), "payment_id": str(uuid.uuid4())})
    e2 = dataclasses.replace(e2, changes=(*e2.changes, orphan))
    answers = apply.apply_batch(db, branch.node_id, [e1, e2, e3])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.CONFLICT, Outcome.APPLIED], answers
    assert sync_node(db, branch.node_id).applied_seq == e3.last_seq
    assert count(db, Payment, Payment.customer_id == cust.id) == 2
    (entry,) = conflicts(db, branch.node_id, "row")
    assert entry.tbl == "payment_tender"


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
    _, _, e1 = open_shift(branch)
    bill = bill_of(db, cust.id)
    with db.read() as s:
        image = rows.encode_row("bill", rows.read_image(s, "bill", {"id": bill.id}))
    same = RowChange("bill", {"id": str(bill.id)}, "insert", None, image)
    other = RowChange("bill", {"id": str(bill.id)}, "insert", None, {**image, "amount_fen": 1})
    answer = apply.apply_envelope(db, branch.node_id, dataclasses.replace(e1, changes=(*e1.changes, same, other)))
    assert answer.outcome == Outcome.CONFLICT and answer.conflicts == 1
    (entry,) = conflicts(db, branch.node_id, "row")
    assert entry.tbl == "bill"
    assert bill_of(db, cust.id).amount_fen == 12850


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
    with db.read() as s:
        assert rows.read_image(s, "work_order", {"id": second.id}) == centre_row  # nothing of the row applied
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
