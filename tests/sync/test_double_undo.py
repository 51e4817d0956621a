"""docs/sync.md#apply-rules, two undos of one payment: a branch's payment refunded at the centre
(before the rule that only the taking branch undoes it, or by an old database) and refunded
again, offline, at the branch. The centre cannot link the branch's refund (``reverses_id`` is
unique); it must neither hold the branch's stream for good nor lose the cash that left the
branch's drawer: booked unlinked, a ``double_undo`` entry for a supervisor, the later work
applied, the reconcile clean."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.services import auth, cashier, ledger, payments, reports
from app.services.customers import SupervisorApproval
from app.sync import apply, conflicts
from app.sync.envelope import Outcome
from db.models import Bill, Customer, Operation, Payment, PaymentAllocation, PaymentTender
from tests.conftest import SUPERVISOR_PASSWORD
from tests.sync._branch import BRANCH_PASSWORD, Branch, customer_with_bill, make_branch
from tests.sync.test_apply import _close_shift, chains_ok, open_shift, pay, sync_node


@pytest.fixture
def cust(db, clerk, supervisor, settings, customer_form):  # type: ignore[no-untyped-def]
    return customer_with_bill(db, clerk, supervisor, settings, customer_form)


@pytest.fixture
def branch(db, cust, tmp_path: Path) -> Iterator[Branch]:  # type: ignore[no-untyped-def]
    b = make_branch(db, tmp_path / "branch.db", customers=(cust.id,))
    yield b
    b.db.dispose()


def _refund_cmd(payment_id: uuid.UUID, username: str, password: str) -> payments.RefundPayment:
    return payments.RefundPayment(
        uuid.uuid4(),
        payment_id,
        "customer_request",
        "客户要求退费",
        SupervisorApproval(username, password, ""),
    )


def _paid_on_bills(db, customer_id) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(
            s.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(PaymentAllocation.principal_fen), 0))
                .join(Bill, Bill.id == PaymentAllocation.bill_id)
                .where(Bill.customer_id == customer_id)
            )
        )


def test_a_payment_refunded_at_the_centre_and_again_at_the_branch_never_wedges_the_branch(  # type: ignore[no-untyped-def]
    db, clerk, supervisor, branch, cust, monkeypatch
):
    actor, shift, e1 = open_shift(branch)
    paid, e2 = pay(branch, actor, cust.id, 12850)
    _, printed = branch.run(
        payments.record_print,
        branch.db,
        actor,
        payments.DOC_RECEIPT,
        paid.payment_id,
        paid.receipt_no,
        "",
        "",
    )
    _, closed = _close_shift(branch, actor, shift.id)
    assert {a.outcome for a in apply.apply_batch(db, branch.node_id, [e1, e2, printed, closed])} <= {
        Outcome.APPLIED,
        Outcome.CONFLICT,
    }
    # the centre refunds the branch's payment — as a database without the rule did
    monkeypatch.setattr(payments, "_refuse_other_node", lambda *_: None)
    cashier.open_session(db, clerk, 20000)
    first = payments.refund_payment(db, clerk, _refund_cmd(paid.payment_id, "super1", SUPERVISOR_PASSWORD))
    monkeypatch.undo()
    # the branch, offline, refunds it too (a new shift), then goes on working
    _, opened = branch.run(cashier.open_session, branch.db, actor, 20000)
    second, refunded = branch.run(
        payments.refund_payment, branch.db, actor, _refund_cmd(paid.payment_id, "bsuper", BRANCH_PASSWORD)
    )
    later, e_later = pay(branch, actor, cust.id, 500)
    answers = apply.apply_batch(db, branch.node_id, [opened, refunded, e_later])
    assert [a.outcome for a in answers] == [Outcome.APPLIED, Outcome.CONFLICT, Outcome.APPLIED], answers
    assert sync_node(db, branch.node_id).applied_seq == e_later.last_seq  # nothing held
    with db.read() as s:
        stored = s.get(Payment, second.payment_id)
        assert stored is not None and s.get(Payment, later.payment_id) is not None
        assert (stored.kind, stored.reverses_id, stored.amount_fen, stored.receipt_no) == (
            "refund",
            None,
            -12850,
            second.receipt_no,
        )
        assert (stored.applied_fen, stored.prepaid_fen) == (0, 0)
        assert not s.scalars(
            sa.select(PaymentAllocation).where(PaymentAllocation.payment_id == stored.id)
        ).all()
        tenders = s.execute(
            sa.select(PaymentTender.kind, PaymentTender.amount_fen).where(
                PaymentTender.payment_id == stored.id
            )
        ).all()
        assert [tuple(t) for t in tenders] == [("cash", -12850)]  # the cash that left the branch's drawer
        # the branch's new shift at the centre holds the refund and the later payment, as the branch's
        assert apply.centre_totals(s, stored.session_id)["cash"] == -12850 + 500
        # the bill: paid by the payment, unpaid by the first refund (once), then 5.00
        assert _paid_on_bills(db, cust.id) == 500
        owed = ledger.standing(s, cust.id, dt.date.today())
        assert owed.prepaid_fen == 0
        assert s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == cust.id)) == 0
    # the takings: the branch's refund in the branch's hall, the centre's in the centre's
    bsuper = auth.login(db, "bsuper", BRANCH_PASSWORD)
    today = dt.datetime.now().astimezone().date()
    at_branch = reports.collection_summary(db, bsuper, today, today)
    at_centre = reports.collection_summary(db, supervisor, today, today)
    assert (at_branch.totals.refunds, at_branch.totals.refunds_fen) == (1, -12850), at_branch.totals
    assert at_branch.totals.net_fen == 12850 - 12850 + 500
    assert (at_centre.totals.refunds, at_centre.totals.refunds_fen) == (1, -12850), at_centre.totals
    assert (
        at_branch.totals.refunds + at_centre.totals.refunds,
        at_branch.totals.refunds_fen + at_centre.totals.refunds_fen,
    ) == (2, -25700)  # the money went out twice, and both refunds are in the books
    (entry,) = [e for e in conflicts.list_conflicts(db, supervisor) if e.kind == "double_undo"]
    assert (entry.choices, entry.kind_label, entry.status) == (("reviewed",), "同一笔收费被退还两次", "open")
    assert entry.detail["reverses_id"] == str(paid.payment_id)
    assert entry.detail["first_undo_receipt_no"] == first.receipt_no
    assert [a["principal_fen"] for a in entry.detail["allocations"]] == [-12850]
    assert paid.receipt_no in entry.summary and first.receipt_no in entry.summary
    assert second.receipt_no in entry.summary and cust.account_no in entry.summary
    assert not [e for e in conflicts.list_conflicts(db, supervisor) if e.kind == "held_money"]
    chains_ok(db)  # verify-log: the chains, and the reconcile (its invariants) clean
    conflicts.resolve_conflict(
        db, supervisor, entry.id, "reviewed", entry.version, note="已与客户核对，追回多退款项"
    )
    with db.read() as s:
        records = s.scalars(
            sa.select(Operation.payload).where(Operation.op_type == "ResolveSyncConflict")
        ).all()
    assert any(json.loads(r)["kind"] == "double_undo" for r in records)
    chains_ok(db)


def test_a_second_undo_booked_by_a_supervisor_is_stored_unlinked_too(  # type: ignore[no-untyped-def]
    db, clerk, supervisor, branch, cust, monkeypatch
):
    """The same rows booked from the queue (``keep_branch`` on queued money runs
    ``apply.book_money``): unlinked, its allocations listed in the entry, not stored."""
    from app.sync import rows

    actor, shift, e1 = open_shift(branch)
    paid, e2 = pay(branch, actor, cust.id, 12850)
    _, printed = branch.run(
        payments.record_print,
        branch.db,
        actor,
        payments.DOC_RECEIPT,
        paid.payment_id,
        paid.receipt_no,
        "",
        "",
    )
    _, closed = _close_shift(branch, actor, shift.id)
    apply.apply_batch(db, branch.node_id, [e1, e2, printed, closed])
    monkeypatch.setattr(payments, "_refuse_other_node", lambda *_: None)
    cashier.open_session(db, clerk, 20000)
    payments.refund_payment(db, clerk, _refund_cmd(paid.payment_id, "super1", SUPERVISOR_PASSWORD))
    _, opened = branch.run(cashier.open_session, branch.db, actor, 20000)
    second, refunded = branch.run(
        payments.refund_payment, branch.db, actor, _refund_cmd(paid.payment_id, "bsuper", BRANCH_PASSWORD)
    )
    apply.apply_batch(db, branch.node_id, [opened])
    order = {"payment": 0, "payment_tender": 1, "payment_allocation": 2}
    changes = sorted(
        ((c.tbl, rows.decode_row(c.tbl, c.after)) for c in refunded.changes if c.tbl in order and c.after),
        key=lambda c: order[c[0]],
    )
    assert [t for t, _ in changes].count("payment_allocation") == 1
    with db.write() as s:
        entries = apply.book_money(s, supervisor, branch.node_id, uuid.uuid4(), changes)
    assert [e["kind"] for e in entries] == ["double_undo"]
    assert [a["principal_fen"] for a in json.loads(entries[0]["detail"])["allocations"]] == [-12850]
    with db.read() as s:
        stored = s.get(Payment, second.payment_id)
        assert stored is not None and stored.reverses_id is None and stored.amount_fen == -12850
        assert not s.scalars(
            sa.select(PaymentAllocation).where(PaymentAllocation.payment_id == stored.id)
        ).all()
    assert _paid_on_bills(db, cust.id) == 0
