"""Scratch review tests (delete after the review)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import uuid

import pytest
import sqlalchemy as sa

from app.dto.payments import TenderInput
from app.services import cashier, payments
from app.sync import apply, conflicts as sync_conflicts, rows, triggers
from app.sync.envelope import Outcome, RowChange
from db.models import Customer, Payment, PaymentTender, SyncConflict, SyncNode
from tests.sync._branch import Branch
from tests.sync.test_apply import (  # noqa: F401 - fixtures
    _centre_only_work,
    branch,
    conflicts,
    count,
    cust,
    edit_customer,
    open_shift,
    pay,
    sync_node,
)


def test_R1_restored_pc_new_payments_in_same_request_refused_final(db, branch, cust, tmp_path):
    """A restored PC: the first envelope reuses a seq (block). Its genuinely new payments later in
    the SAME request get REFUSED, which the branch's outbox treats as final and drops."""
    actor, _, e1 = open_shift(branch)
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.APPLIED
    backup = tmp_path / "backup.db"
    with sqlite3.connect(branch.db.url.removeprefix("sqlite:///")) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    _, e2 = pay(branch, actor, cust.id, 12850)
    assert apply.apply_envelope(db, branch.node_id, e2).outcome == Outcome.APPLIED
    from app.config import Settings
    from app.services.setup import open_database

    restored_db = open_database(Settings(db_url=f"sqlite:///{backup}"))
    try:
        restored = Branch(db, restored_db, branch.node_id, branch.incarnation, sent_seq=e1.last_seq)
        ra = restored.actor("bclerk")
        _, reused = pay(restored, ra, cust.id, 500)
        new_money = [pay(restored, ra, cust.id, 700 + i)[1] for i in range(3)]  # real cash taken after restore
    finally:
        restored_db.dispose()
    answers = apply.apply_batch(db, branch.node_id, [reused, *new_money])
    print([a.outcome for a in answers])
    assert all(a.outcome == Outcome.REFUSED for a in answers)
    assert all(a.outcome in Outcome.FINAL for a in answers)  # the branch drops every group (outbox.record_answers)
    assert count(db, Payment, Payment.customer_id == cust.id) == 1  # the 3 new payments are nowhere at the centre


def test_R2_branch_payment_that_cannot_be_inserted_is_queued_as_row_with_only_keep_centre(db, branch, cust, clerk):
    """A branch payment whose receipt_no the centre already holds (e.g. counters fitted from a
    scope that no longer holds every receipt of the node): the payment is not stored and can
    only be 'kept centre' (rejected)."""
    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 5000)
    # the centre holds a payment with that receipt number already
    cashier.open_session(db, clerk, 0)
    centre_receipt = payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust.id,
                                                                           (TenderInput("cash", 100),), 100))
    # the branch's receipt number collides with one the centre holds
    e2 = dataclasses.replace(e2, changes=tuple(
        dataclasses.replace(c, after={**c.after, "receipt_no": centre_receipt.receipt_no})
        if c.tbl == "payment" else c for c in e2.changes))
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    print([(a.outcome, a.message) for a in answers])
    assert answers[1].outcome in (Outcome.CONFLICT, Outcome.APPLIED)
    assert sync_node(db, branch.node_id).applied_seq == e2.last_seq  # final: the branch drops the group
    with db.read() as s:
        assert s.get(Payment, receipt.payment_id) is None  # the branch's 50.00 is not in the books
        kinds = [(c.kind, c.tbl) for c in s.scalars(sa.select(SyncConflict))]
    print(kinds)
    assert ("row", "payment") in kinds
    assert sync_conflicts.CHOICES["row"] == ("keep_centre",)  # the only way out rejects the money


@pytest.mark.pg
def test_R3_keep_centre_never_reaches_the_branch(db, branch, cust, supervisor):
    """Actor entry resolved keep_centre: the centre writes nothing, so nothing is fed: the
    branch keeps its rejected edit for ever."""
    if db.dialect != "postgresql":
        pytest.skip("feed is PG")
    with db.engine.begin() as conn:
        triggers.install_centre_feed(conn)
    _, env = branch.run(_centre_only_work, branch, cust.id)
    answers = apply.apply_batch(db, branch.node_id, [env])
    assert answers[0].outcome == Outcome.CONFLICT
    key = rows.key_json("customer", {"id": cust.id})
    with db.read() as s:
        fed_before = s.scalar(sa.text("SELECT count(*) FROM sync_feed WHERE tbl='customer' AND row_key=:k"), {"k": key})
    (entry,) = conflicts(db, branch.node_id, "actor")
    sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_centre", entry.version)
    with db.read() as s:
        fed_after = s.scalar(sa.text("SELECT count(*) FROM sync_feed WHERE tbl='customer' AND row_key=:k"), {"k": key})
        centre_notes = s.get(Customer, cust.id).notes
    with branch.db.read() as s:
        branch_notes = s.get(Customer, cust.id).notes
    print(fed_before, fed_after, repr(centre_notes), repr(branch_notes))
    assert fed_after == fed_before  # nothing goes back to the branch
    assert branch_notes == "演示数据" and centre_notes != branch_notes  # diverged, silently, for good


def test_R4_field_conflict_twice_keep_centre_branch_version_ahead(db, branch, cust, clerk, supervisor):
    """Branch edits the same field twice offline, the centre once: both envelopes are field
    conflicts (no central write). The branch's local version (base+2) is above the centre's
    (base+1): the centre's image is 'older' for apply_page's version guard and is skipped."""
    bclerk = branch.actor("bclerk")
    _, e1 = branch.run(edit_customer, branch.db, bclerk, cust.id, notes="分支一")
    _, e2 = branch.run(edit_customer, branch.db, bclerk, cust.id, notes="分支二")
    edit_customer(db, clerk, cust.id, notes="中心")
    answers = apply.apply_batch(db, branch.node_id, [e1, e2])
    print([(a.outcome, a.conflicts) for a in answers])
    with db.read() as s:
        centre = s.get(Customer, cust.id)
        cv, cn = centre.version, centre.notes
    with branch.db.read() as s:
        b = s.get(Customer, cust.id)
        bv, bn = b.version, b.notes
    print("centre", cv, cn, "branch", bv, bn)
    assert bv > cv  # feed.apply_page: int(values['version']) < local version -> the centre's row is ignored
    for entry in conflicts(db, branch.node_id, "field"):
        sync_conflicts.resolve_conflict(db, supervisor, entry.id, "keep_centre", entry.version)
    with db.read() as s:
        assert s.get(Customer, cust.id).version == cv  # keep_centre wrote nothing: no newer image ever comes
