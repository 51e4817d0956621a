"""Issue 11 test 6 (docs/sync.md#stale-nodes, #apply-rules): a branch three weeks offline while
tariffs and bills change at the centre.

Before the link goes down the branch holds a customer of its own with a bill issued centrally.
Offline, the branch takes the bill's payment and two more; meanwhile the centre takes the same
bill's payment at its own counter, adds a tariff version and issues new bills, and prunes its
change feed past the branch's watermark (three weeks is beyond the 14-day retention). When the
link is back, one round: every branch payment is at the centre once — the one on the bill the
centre had already settled kept, its excess moved to prepaid and flagged for review — and the
stale branch is reloaded with the central changes, its own operation log whole."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from app.config import Settings
from app.services import auth, bill_import, cashier, payments, tariffs
from app.services.setup import open_database
from app.sync import client, feed
from app.write_path import oplog
from db.engine import Database
from db.models import (
    Bill,
    Customer,
    Node,
    Operation,
    Payment,
    PaymentAllocation,
    SyncConflict,
    TariffVersion,
    User,
)
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, SUPERVISOR_PASSWORD
from tests.sync.branchwork import register_branch, take_payments
from tests.sync.loopback import serving

pytestmark = pytest.mark.pg


def _issue_bills(centre: Database, account_no: str, months: list[tuple[str, str]]) -> None:
    """Bills for the customer through the centre's bill import (periods and amounts)."""
    supervisor = auth.login(centre, "super1", SUPERVISOR_PASSWORD)
    due = dt.date.today() + dt.timedelta(days=20)
    rows = [f"{account_no},{period},100,{amount},{period}-05,{due}" for period, amount in months]
    csv = "户号,账期,电量,金额,出账日期,缴费截止日\n" + "\n".join(rows) + "\n"
    report = bill_import.import_bills_csv(centre, supervisor, csv.encode(), settings=Settings(db_url=centre.url))
    assert report.ok, report.errors[:3]


def _month(back: int) -> str:
    today = dt.date.today()
    n = today.year * 12 + today.month - 1 - back
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def test_issue_11_test_6_three_weeks_offline_while_the_centre_changes(centre: Database, branch: Database) -> None:
    with serving(centre) as url:
        node_id, code = register_branch(centre)
        client.enrol(url, code, branch)
        take_payments(branch, 1, fen=500)  # registers the branch's customer (and a prepayment)
        assert client.sync_round(branch).pending == 0
        with centre.read() as s:
            customer_id, account_no = s.execute(sa.select(Customer.id, Customer.account_no)
                                                .where(Customer.node_id == node_id)).one()
        _issue_bills(centre, account_no, [(_month(2), "123.45")])
        client.sync_round(branch)
        with branch.read() as s:
            (bill_id,) = s.scalars(sa.select(Bill.id).where(Bill.customer_id == customer_id)).all()

        # ---- the link is down for three weeks ----
        clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
        branch_rids = []
        for fen in (12_345, 2_000, 3_000):  # the bill in full, then two prepayments
            rid = uuid.uuid4()
            payments.post_payment(branch, clerk, payments.PostPayment(rid, customer_id,
                                                                      (payments.TenderInput("cash", fen),), fen))
            branch_rids.append(rid)
        with branch.read() as s:
            branch_ops = list(s.scalars(sa.select(Operation.seq).where(Operation.node_id == node_id)
                                        .order_by(Operation.seq)))
        centre_clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
        cashier.open_session(centre, centre_clerk, 0)
        payments.post_payment(centre, centre_clerk, payments.PostPayment(
            uuid.uuid4(), customer_id, (payments.TenderInput("cash", 12_345),), 12_345))  # the same bill, centrally
        admin = auth.login(centre, "admin", ADMIN_PASSWORD)
        data: dict[str, Any] = dict(next(t.data for t in tariffs.list_tariffs(centre, admin)
                                         if t.code == "RES-TIER"))
        data["effective_from"] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
        new_tariff = tariffs.save_tariff_version(centre, admin, tariffs.SaveTariffVersion(data)).id
        _issue_bills(centre, account_no, [(_month(1), "88.80")])
        with centre.write() as s:  # three weeks later: the feed kept 14 days, the branch is behind it
            assert feed.prune_feed(s, dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1)) > 0

        # ---- the link is back: one round ----
        report = client.sync_round(branch)
        assert report.reloaded and report.pending == 0, report.summary()

    with centre.read() as s:
        at_centre = {pid: fen for pid, fen in s.execute(sa.select(Payment.id, Payment.amount_fen)
                                                        .where(Payment.customer_id == customer_id,
                                                               Payment.kind == "payment"))}
        for rid, fen in zip(branch_rids, (12_345, 2_000, 3_000), strict=True):
            assert at_centre[rid] == fen  # every branch payment kept, once
        flags = s.execute(sa.select(SyncConflict.kind).where(SyncConflict.node_id == node_id)).scalars().all()
        assert "paid_bill" in flags  # the bill paid on both sides: kept and flagged for review
        centre_prepaid = s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == customer_id))
        centre_log = list(s.scalars(sa.select(Operation.seq).where(Operation.node_id == node_id)
                                    .order_by(Operation.seq)))
        settled = s.scalar(sa.select(sa.func.count()).select_from(Bill).where(Bill.customer_id == customer_id))
        on_bill = s.scalar(sa.select(sa.func.sum(PaymentAllocation.principal_fen + PaymentAllocation.late_fee_fen))
                           .where(PaymentAllocation.bill_id == bill_id))
        allocated = s.scalar(sa.select(sa.func.sum(PaymentAllocation.principal_fen + PaymentAllocation.late_fee_fen))
                             .join(Payment, Payment.id == PaymentAllocation.payment_id)
                             .where(Payment.customer_id == customer_id))
        assert all(r.ok for r in oplog.verify(s))
    assert on_bill == 12_345  # paid at both counters, settled once: the excess was moved to prepaid
    # every fen taken is on a bill or prepaid: 500 + 12,345 × 2 + 2,000 + 3,000
    assert centre_prepaid == 500 + 2 * 12_345 + 2_000 + 3_000 - allocated
    assert centre_log[: len(branch_ops)] == branch_ops  # nothing the branch did offline is missing
    with branch.read() as s:
        assert s.get(TariffVersion, new_tariff) is not None  # the central tariff change arrived
        assert s.scalar(sa.select(sa.func.count()).select_from(Bill).where(Bill.customer_id == customer_id)) == settled
        assert s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == customer_id)) == centre_prepaid
        assert set(branch_rids) <= set(s.scalars(sa.select(Payment.id)))
        assert list(s.scalars(sa.select(Operation.seq).where(Operation.node_id == node_id)
                              .order_by(Operation.seq)))[: len(branch_ops)] == branch_ops
        assert all(r.ok for r in oplog.verify(s) if r.node_code == code)


def test_a_pc_enrolled_again_continues_the_node_numbers(centre: Database, branch: Database, tmp_path: Any) -> None:
    """docs/sync.md#enrolment: a replacement PC (or one restored and re-enrolled) raises its number
    counters past what the node already issued — in its snapshot and anywhere at the centre (a
    customer the centre moved to another hall is not in the snapshot but keeps his numbers): it
    never hands out a receipt or account number the centre already holds."""
    with serving(centre) as url:
        node_id, code = register_branch(centre)
        client.enrol(url, code, branch)
        first = take_payments(branch, 2)
        assert client.sync_round(branch).pending == 0
        with centre.write() as s:  # the newest customer moves to another hall: out of the area
            newest = s.scalar(sa.select(Customer.id).where(Customer.node_id == node_id)
                              .order_by(Customer.account_no.desc()).limit(1))
            centre_node = s.scalar(sa.select(Node.id).where(Node.id != node_id).order_by(Node.code).limit(1))
            s.execute(sa.update(Customer).where(Customer.id == newest).values(node_id=centre_node))
        admin = auth.login(centre, "admin", ADMIN_PASSWORD)
        from app.sync import nodes

        _, again = nodes.issue_code(centre, admin, "3302")
        auth.logout(centre, admin)
        replacement = open_database(Settings(db_url=f"sqlite:///{tmp_path / 'replacement.db'}"))
        try:
            client.enrol(url, again, replacement)
            later = take_payments(replacement, 1, first=2)
            assert later[0] > max(first), (later, first)
            assert client.sync_round(replacement).pending == 0
            with centre.read() as s:
                accounts = list(s.scalars(sa.select(Customer.account_no).where(Customer.account_no.like("3302%"))))
                receipts = list(s.scalars(sa.select(Payment.receipt_no).where(Payment.receipt_no.like("3302%"))))
                queued = s.scalar(sa.select(sa.func.count()).select_from(SyncConflict)
                                  .where(SyncConflict.node_id == node_id))
            assert len(accounts) == len(set(accounts)) == 3  # the moved customer's number not given again
            assert len(receipts) == len(set(receipts)) == 3 and all("-C" not in r for r in receipts)
            assert queued == 0
        finally:
            replacement.dispose()


def _edit_notes(db: Database, actor: Any, customer_id: uuid.UUID, notes: str) -> None:
    from dataclasses import replace

    from app.services import customers
    from tests.sync.test_apply import _edit_form

    view = customers.get_customer(db, actor, customer_id)
    form = replace(_edit_form(view), notes=notes)
    customers.update_customer(db, actor, customers.UpdateCustomer(view.id, view.version, form))


def test_the_centres_answer_reaches_a_branch_that_edited_twice(centre: Database, branch: Database) -> None:
    """docs/sync.md#pull-watermark: the branch edits a customer twice offline (its local version
    two ahead), the centre once: the same field, so a conflict and the centre's value stays. The
    branch must get the centre's row — comparing the centre's version with the branch's own
    count ignored it (the centre's one edit looked older than the branch's two)."""
    with serving(centre) as url:
        node_id, code = register_branch(centre)
        client.enrol(url, code, branch)
        take_payments(branch, 1, fen=500)
        client.sync_round(branch)
        with centre.read() as s:
            customer_id = s.scalar(sa.select(Customer.id).where(Customer.node_id == node_id))
        clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
        _edit_notes(branch, clerk, customer_id, "分支一")
        _edit_notes(branch, clerk, customer_id, "分支二")
        _edit_notes(centre, auth.login(centre, "clerk1", CLERK_PASSWORD), customer_id, "中心")
        report = client.sync_round(branch)
        assert report.conflicts >= 1 and report.pending == 0, report.summary()
        client.sync_round(branch)
    with centre.read() as s:
        at_centre = s.execute(sa.select(Customer.notes, Customer.version).where(Customer.id == customer_id)).one()
    with branch.read() as s:
        at_branch = s.execute(sa.select(Customer.notes, Customer.version).where(Customer.id == customer_id)).one()
    assert at_centre.notes == "中心" and tuple(at_branch) == tuple(at_centre)


def test_a_change_the_centre_queues_without_writing_goes_back_to_the_branch(centre: Database, branch: Database) -> None:
    """docs/sync.md#conflicts: the branch's clerk edits a customer offline while the centre
    deactivates that clerk: the edit is an ``actor`` entry, nothing of it written at the
    centre. The centre's current row goes back to the branch with the same round's pull (the
    centre's value stays until resolved), and a keep_centre resolution leaves both alike."""
    from app.sync import conflicts as sync_conflicts

    with serving(centre) as url:
        node_id, code = register_branch(centre)
        client.enrol(url, code, branch)
        take_payments(branch, 1, fen=500)
        client.sync_round(branch)
        with centre.read() as s:
            customer_id = s.scalar(sa.select(Customer.id).where(Customer.node_id == node_id))
            centre_notes = s.scalar(sa.select(Customer.notes).where(Customer.id == customer_id))
        _edit_notes(branch, auth.login(branch, "clerk9", CLERK_PASSWORD), customer_id, "分支改的备注")
        with centre.write() as s:  # the centre deactivates the clerk meanwhile
            s.execute(sa.update(User).where(User.username == "clerk9").values(active=False, version=User.version + 1))
        report = client.sync_round(branch)
        assert report.conflicts >= 1 and report.pending == 0, report.summary()
        with branch.read() as s:
            assert s.scalar(sa.select(Customer.notes).where(Customer.id == customer_id)) == centre_notes
        supervisor = auth.login(centre, "super1", SUPERVISOR_PASSWORD)
        with centre.read() as s:  # the edit's entry, and the log-in's (its user bookkeeping)
            entries = s.scalars(sa.select(SyncConflict).where(SyncConflict.node_id == node_id,
                                                              SyncConflict.kind == "actor")).all()
        assert any(e.tbl == "customer" for e in entries)
        for entry in entries:
            sync_conflicts.resolve_conflict(centre, supervisor, entry.id, "keep_centre", entry.version)
        client.sync_round(branch)
    with centre.read() as s:
        at_centre = s.execute(sa.select(Customer.notes, Customer.version).where(Customer.id == customer_id)).one()
    with branch.read() as s:
        at_branch = s.execute(sa.select(Customer.notes, Customer.version).where(Customer.id == customer_id)).one()
    assert at_centre.notes == centre_notes and tuple(at_branch) == tuple(at_centre)
