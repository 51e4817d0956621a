"""docs/sync.md#conflicts: the queue as a supervisor sees it, and its resolution as an operation."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.domain.codes import OpType
from app.domain.errors import ConcurrentEdit, NotFound, PermissionDenied, RuleViolation, ValidationError
from app.dto.payments import TenderInput
from app.services import cashier, customers, payments, search
from app.sync import apply, conflicts
from app.sync.envelope import Outcome
from app.write_path import oplog
from db.models import CashierSession, Customer, Operation
from tests.sync._branch import Branch, customer_with_bill, make_branch
from tests.sync.test_apply import edit_customer, open_shift, pay


@pytest.fixture
def cust(db, clerk, supervisor, settings, customer_form):  # type: ignore[no-untyped-def]
    return customer_with_bill(db, clerk, supervisor, settings, customer_form)


@pytest.fixture
def branch(db, cust, tmp_path: Path) -> Iterator[Branch]:  # type: ignore[no-untyped-def]
    b = make_branch(db, tmp_path / "branch.db", customers=(cust.id,))
    yield b
    b.db.dispose()


@pytest.fixture
def field_conflict(db, branch, cust, clerk):  # type: ignore[no-untyped-def]
    """The customer's name and notes edited at the branch and, differently, at the centre;
    its meter number only at the branch."""
    _, env = branch.run(edit_customer, branch.db, branch.actor("bclerk"), cust.id, name="张三丰", notes="分支备注",
                        meter_no="M1001")
    edit_customer(db, clerk, cust.id, name="张三峰", notes="中心备注")
    assert apply.apply_envelope(db, branch.node_id, env).outcome == Outcome.CONFLICT
    return cust


def test_list_shows_what_the_branch_did_and_what_the_centre_had(db, supervisor, field_conflict):  # type: ignore[no-untyped-def]
    (entry,) = conflicts.list_conflicts(db, supervisor)
    assert entry.kind == "field" and entry.kind_label == "字段冲突" and entry.table_label == "客户档案"
    assert entry.node_code == "3302" and entry.status == "open"
    by_name = {f.name: f for f in entry.fields}
    assert set(by_name) == {"name", "notes"}
    assert by_name["name"].label == customers.FIELD_LABELS["name"]
    assert (by_name["name"].branch, by_name["name"].centre) == ("张三丰", "张三峰")
    assert "分支与中心都修改了" in entry.summary
    assert entry.choices == ("keep_centre", "keep_branch")
    assert conflicts.open_count(db) == 1 == conflicts.open_count(db, entry.node_id)
    assert conflicts.open_count(db, uuid.uuid4()) == 0
    assert [c.id for c in conflicts.node_conflicts(db, entry.node_id)] == [entry.id]  # the branch's own view
    assert conflicts.node_conflicts(db, uuid.uuid4()) == []
    assert conflicts.get_conflict(db, supervisor, entry.id).summary == entry.summary


def test_only_a_supervisor_or_admin_lists_and_resolves(db, clerk, supervisor, admin, field_conflict):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        conflicts.list_conflicts(db, clerk)
    (entry,) = conflicts.list_conflicts(db, admin)
    with pytest.raises(PermissionDenied):
        conflicts.resolve_conflict(db, clerk, entry.id, "keep_centre", entry.version)
    assert conflicts.open_count(db) == 1


def test_keep_branch_per_field_writes_the_branch_value_as_an_operation(db, supervisor, clerk, field_conflict):  # type: ignore[no-untyped-def]
    cust = field_conflict
    (entry,) = conflicts.list_conflicts(db, supervisor)
    with db.read() as s:
        version = s.get(Customer, cust.id).version
    done = conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version, fields=("name",))
    assert done.status == "resolved" and done.resolution == "keep_branch" and done.resolved_by == "super1"
    with db.read() as s:
        c = s.get(Customer, cust.id)
        assert c.name == "张三丰"  # the branch's value, as chosen …
        assert c.notes == "中心备注"  # … the other field keeps the centre's
        assert c.meter_no == "M1001"
        assert c.version == version + 1
        op = s.scalars(sa.select(Operation).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT)).one()
        assert op.actor == "super1"
        payload = json.loads(op.payload)
        assert payload["choice"] == "keep_branch" and payload["fields"] == ["name"]
        assert "张三" not in op.payload  # field names only, no values
        assert all(r.ok for r in oplog.verify(s))
    assert [r.id for r in search.search_customers(db, clerk, "张三丰").rows] == [cust.id]
    assert conflicts.open_count(db) == 0
    assert conflicts.list_conflicts(db, supervisor) == []
    assert len(conflicts.list_conflicts(db, supervisor, status="resolved")) == 1


def test_keep_centre_changes_nothing(db, supervisor, field_conflict):  # type: ignore[no-untyped-def]
    (entry,) = conflicts.list_conflicts(db, supervisor)
    with db.read() as s:
        before = s.get(Customer, field_conflict.id).version
    conflicts.resolve_conflict(db, supervisor, entry.id, "keep_centre", entry.version)
    with db.read() as s:
        c = s.get(Customer, field_conflict.id)
        assert (c.name, c.notes, c.version) == ("张三峰", "中心备注", before)


def test_stale_version_and_second_resolution_are_refused(db, supervisor, field_conflict):  # type: ignore[no-untyped-def]
    (entry,) = conflicts.list_conflicts(db, supervisor)
    with pytest.raises(ConcurrentEdit):
        conflicts.resolve_conflict(db, supervisor, entry.id, "keep_centre", entry.version + 5)
    done = conflicts.resolve_conflict(db, supervisor, entry.id, "keep_centre", entry.version)
    with pytest.raises(RuleViolation):
        conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", done.version)
    with pytest.raises(NotFound):
        conflicts.resolve_conflict(db, supervisor, uuid.uuid4(), "keep_centre", 1)


def test_unknown_field_and_wrong_choice_are_refused(db, supervisor, field_conflict):  # type: ignore[no-untyped-def]
    (entry,) = conflicts.list_conflicts(db, supervisor)
    with pytest.raises(ValidationError):
        conflicts.resolve_conflict(db, supervisor, entry.id, "reviewed", entry.version)
    with pytest.raises(ValidationError):
        conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version, fields=("phone",))
    assert conflicts.open_count(db) == 1


def test_paid_bill_review_is_marked_reviewed_with_a_note(db, branch, cust, clerk, supervisor):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 0)
    payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), cust.id, (TenderInput("cash", 12850),), None))
    actor, _, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 12850)
    apply.apply_batch(db, branch.node_id, branch.envelopes)
    (entry,) = conflicts.list_conflicts(db, supervisor)
    assert entry.kind == "paid_bill" and receipt.receipt_no in entry.summary and "¥128.50" in entry.summary
    assert entry.choices == ("reviewed", "repoint")
    with pytest.raises(ValidationError):
        conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version)
    done = conflicts.resolve_conflict(db, supervisor, entry.id, "reviewed", entry.version, note="已电话告知，保留预存")
    assert done.resolution == "reviewed"
    with db.read() as s:
        op = s.scalars(sa.select(Operation).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT)).one()
        assert json.loads(op.payload)["note"] == "已电话告知，保留预存"


def test_state_conflict_keep_branch_applies_the_branch_close(db, branch, cust, supervisor):  # type: ignore[no-untyped-def]
    actor, shift, e1 = open_shift(branch)
    apply.apply_envelope(db, branch.node_id, e1)
    version = cashier.session_summary(db, supervisor, shift.id).session.version
    cashier.close_session(db, supervisor, cashier.CloseSession(shift.id, version, {"note_100": 1}))
    _, e2 = branch.run(cashier.close_session, branch.db, actor, cashier.CloseSession(
        shift.id, cashier.session_summary(branch.db, actor, shift.id).session.version, {"note_100": 1, "coin_1": 3}))
    apply.apply_envelope(db, branch.node_id, e2)
    (entry,) = conflicts.list_conflicts(db, supervisor)
    assert entry.kind == "state" and "counted_cash_fen" in {f.name for f in entry.fields}
    with db.read() as s:
        row_version = s.get(CashierSession, shift.id).version
    conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version, fields=("counted_cash_fen",))
    with db.read() as s:
        cs = s.get(CashierSession, shift.id)
        assert cs.counted_cash_fen == 10300 and cs.version == row_version + 1


def test_actor_entry_is_listed_with_its_reason_and_applied_as_an_operation(db, supervisor, branch, cust):  # type: ignore[no-untyped-def]
    from db.models import User

    _, env = branch.run(edit_customer, branch.db, branch.actor("bclerk2"), cust.id, notes="停用前")
    with db.write() as s:
        s.execute(sa.update(User).where(User.username == "bclerk2").values(active=False))
    assert apply.apply_envelope(db, branch.node_id, env).outcome == Outcome.CONFLICT
    (entry,) = conflicts.list_conflicts(db, supervisor)
    assert entry.kind == "actor" and entry.kind_label == "操作待核准"
    assert entry.choices == ("keep_centre", "keep_branch")
    assert "已停用" in entry.summary and "客户档案" in entry.summary
    done = conflicts.resolve_conflict(db, supervisor, entry.id, "keep_branch", entry.version)
    assert done.resolution == "keep_branch"
    with db.read() as s:
        assert s.get(Customer, cust.id).notes == "停用前"
        op = s.scalars(sa.select(Operation).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT)).one()
        assert json.loads(op.payload)["fields"] == ["customer"]
        assert all(r.ok for r in oplog.verify(s))
    # a keep_branch on an entry whose row the centre changed meanwhile is still field by field:
    # the version is bumped, so an editor holding the old version gets the optimistic-lock refusal
    with db.read() as s:
        assert s.get(Customer, cust.id).version >= 2


def test_a_registration_whose_payments_wait_cannot_be_rejected(db, supervisor, branch, customer_form):  # type: ignore[no-untyped-def]
    """docs/sync.md#apply-rules (held_money): a customer registered at the branch by a clerk the
    centre has deactivated is queued (an 'actor' entry), so the payment taken for him cannot be
    stored and waits (held_money, visible). Rejecting the registration would leave that money
    unbookable for good: refused while it waits; taking the branch's registration lets the
    payment in, and the held_money entry closes itself."""
    from db.models import Payment, SyncConflict, User

    actor, _, e1 = open_shift(branch, "bclerk2")
    view, e2 = branch.run(customers.register_customer, branch.db, actor,
                          customers.RegisterCustomer(customer_form(), confirm_duplicate=True))
    _, e3 = pay(branch, actor, view.id, 500)
    assert apply.apply_envelope(db, branch.node_id, e1).outcome == Outcome.APPLIED
    with db.write() as s:
        s.execute(sa.update(User).where(User.username == "bclerk2").values(active=False))
    answers = apply.apply_batch(db, branch.node_id, [e2, e3])
    assert [a.outcome for a in answers] == [Outcome.CONFLICT, Outcome.HELD], answers
    entries = {c.kind: c for c in conflicts.list_conflicts(db, supervisor)}
    assert set(entries) == {"actor", "held_money"}
    with pytest.raises(RuleViolation, match="暂未入账"):
        conflicts.resolve_conflict(db, supervisor, entries["actor"].id, "keep_centre", entries["actor"].version)
    conflicts.resolve_conflict(db, supervisor, entries["actor"].id, "keep_branch", entries["actor"].version)
    with db.write() as s:  # the clerk is back (the payment's actor is checked too)
        s.execute(sa.update(User).where(User.username == "bclerk2").values(active=True))
    assert apply.apply_batch(db, branch.node_id, [e3])[0].outcome in (Outcome.APPLIED, Outcome.CONFLICT)
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Payment).where(Payment.customer_id == view.id)) == 1
        held = s.scalars(sa.select(SyncConflict).where(SyncConflict.kind == "held_money")).one()
        assert (held.status, held.resolution) == ("resolved", "applied")


def test_reviewed_not_booked_is_only_for_queued_money(db, supervisor, field_conflict):  # type: ignore[no-untyped-def]
    (c,) = conflicts.list_conflicts(db, supervisor)
    view = conflicts.get_conflict(db, supervisor, c.id)
    assert conflicts.NOT_BOOKED not in view.choices
    with pytest.raises(ValidationError):
        conflicts.resolve_conflict(db, supervisor, c.id, conflicts.NOT_BOOKED, c.version, note="不入账")
