"""docs/sync.md#conflicts, re-pointing a payment: the money of a branch payment that the centre
put into its customer's prepaid balance moves, through the money path, to the customer it
belongs to — checked from the tables (money totals unchanged, source prepaid down, target bills
paid), the operation log and the reconcile; and the refusals."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.config import Settings
from app.domain.codes import CustomerStatus, OpType, PaymentKind
from app.domain.errors import ConcurrentEdit, RuleViolation, ValidationError
from app.dto.payments import TenderInput
from app.services import audit, auth, bill_import, cashier, ledger, payments
from app.services.setup import open_database
from app.sync import apply, client, conflicts
from db.engine import Database
from db.models import Bill, Customer, Node, Operation, Payment, PaymentAllocation, PaymentTender, SyncConflict
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD
from tests.sync._branch import Branch, customer_with_bill, make_branch
from tests.sync.branchwork import add_branch_user, register_branch
from tests.sync.loopback import serving
from tests.sync.test_apply import chains_ok, open_shift, pay


@pytest.fixture
def cust(db, clerk, supervisor, settings, customer_form):  # type: ignore[no-untyped-def]
    return customer_with_bill(db, clerk, supervisor, settings, customer_form)


@pytest.fixture
def other(db, clerk, supervisor, settings, customer_form):  # type: ignore[no-untyped-def]
    """The customer the branch clerk meant: an open customer with a bill of ¥128.50."""
    return customer_with_bill(db, clerk, supervisor, settings, customer_form)


@pytest.fixture
def branch(db, cust, tmp_path: Path) -> Iterator[Branch]:  # type: ignore[no-untyped-def]
    b = make_branch(db, tmp_path / "branch.db", customers=(cust.id,))
    yield b
    b.db.dispose()


def make_paid_bill(db, branch, cust, clerk, supervisor, meanwhile=lambda: None):  # type: ignore[no-untyped-def]
    """The centre takes the ¥128.50 bill of ``cust``; the branch, offline, takes it again: the
    centre keeps the branch payment and moves its ¥128.50 to the customer's prepaid balance.
    ``meanwhile`` runs at the centre before the branch's payment arrives."""
    cashier.open_session(db, clerk, 0)
    payments.post_payment(
        db, clerk, payments.PostPayment(uuid.uuid4(), cust.id, (TenderInput("cash", 12850),), None)
    )
    actor, _, _ = open_shift(branch)
    pay(branch, actor, cust.id, 12850)
    meanwhile()
    apply.apply_batch(db, branch.node_id, branch.envelopes)
    (entry,) = conflicts.list_conflicts(db, supervisor)
    assert entry.kind == "paid_bill" and "repoint" in entry.choices
    return entry


@pytest.fixture
def paid_bill(db, branch, cust, clerk, supervisor):  # type: ignore[no-untyped-def]
    return make_paid_bill(db, branch, cust, clerk, supervisor)


def _money(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Σ amount of every payment row, Σ tenders, Σ change: what the counters took."""
    with db.read() as s:
        amount = s.scalar(sa.select(sa.func.coalesce(sa.func.sum(Payment.amount_fen), 0)))
        tendered = s.scalar(sa.select(sa.func.coalesce(sa.func.sum(PaymentTender.amount_fen), 0)))
        change = s.scalar(sa.select(sa.func.coalesce(sa.func.sum(Payment.change_fen), 0)))
        return int(amount), int(tendered), int(change)


def _prepaid(db, customer_id) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        stored = s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == customer_id))
        summed = s.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Payment.prepaid_fen), 0)).where(
                Payment.customer_id == customer_id
            )
        )
        assert stored == summed
        return int(stored)


def _paid(db, customer_id) -> int:  # type: ignore[no-untyped-def]
    """Σ principal allocated to the customer's bills."""
    with db.read() as s:
        return int(
            s.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(PaymentAllocation.principal_fen), 0))
                .join(Bill, Bill.id == PaymentAllocation.bill_id)
                .where(Bill.customer_id == customer_id)
            )
        )


def test_repoint_moves_the_excess_to_the_other_customers_bill(db, supervisor, cust, other, paid_bill):  # type: ignore[no-untyped-def]
    money = _money(db)
    assert _prepaid(db, cust.id) == 12850 and _prepaid(db, other.id) == 0 and _paid(db, other.id) == 0
    target = conflicts.repoint_target(db, supervisor, paid_bill.id, other.account_no)
    assert (target.name, target.same, target.owed_fen, target.limit_fen) == (other.name, False, 12850, 12850)
    done = conflicts.resolve_conflict(
        db, supervisor, paid_bill.id, "repoint", paid_bill.version, account_no=other.account_no
    )
    assert (done.status, done.resolution, done.resolved_by) == ("resolved", "repoint", "super1")
    assert _money(db) == money  # no cash in or out, the day's takings untouched
    assert _prepaid(db, cust.id) == 0
    assert _prepaid(db, other.id) == 0 and _paid(db, other.id) == 12850  # the money paid the other's bill
    with db.read() as s:
        assert ledger.standing(s, other.id, __import__("datetime").date.today()).arrears_fen == 0
        transfers = s.scalars(sa.select(Payment).where(Payment.kind == PaymentKind.TRANSFER)).all()
        assert sorted((t.customer_id == cust.id, t.prepaid_fen) for t in transfers) == [
            (False, 12850),
            (True, -12850),
        ]
        assert all(t.session_id is None and t.receipt_no is None and t.amount_fen == 0 for t in transfers)
        resolved = s.scalars(
            sa.select(Operation).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT)
        ).one()
        record = json.loads(resolved.payload)
        assert record["choice"] == "repoint" and record["repoint"]["to_account_no"] == other.account_no
        assert record["repoint"]["amount_fen"] == 12850 and record["repoint"]["applied_fen"] == 12850
        money_ops = [
            json.loads(op.payload)
            for op in s.scalars(
                sa.select(Operation)
                .where(Operation.op_type == OpType.CORRECT_SYNCED_PAYMENT)
                .order_by(Operation.seq)
            )
        ]
        assert [p.get("repoint_fen") for p in money_ops] == [None, 12850]
        assert s.get(SyncConflict, paid_bill.id).status == "resolved"  # type: ignore[union-attr]
    chains_ok(db)  # hash chains, and the reconcile accounts for the transfer and the offset
    # the customer's payment list names the movement (no receipt, nothing to reverse)
    rows = [r for r in payments.list_payments(db, supervisor, cust.id) if r.kind == PaymentKind.TRANSFER]
    assert [(r.tenders, r.amount_fen, r.receipt_no) for r in rows] == [("预存转移", 0, "")]
    # a transfer row no record declares (written outside the log) is a reconcile finding
    with db.write() as s:
        s.add(
            Payment(
                id=uuid.uuid4(),
                receipt_no=None,
                node_id=transfers[0].node_id,
                customer_id=other.id,
                session_id=None,
                kind=PaymentKind.TRANSFER,
                reverses_id=None,
                amount_fen=0,
                tendered_fen=0,
                change_fen=0,
                applied_fen=0,
                late_fee_fen=0,
                prepaid_fen=100,
                balance_before_fen=0,
                balance_after_fen=-100,
                posted_at=transfers[0].posted_at,
                posted_by="super1",
            )
        )
    with db.read() as s:
        assert any("操作日志中没有对应记录" in f.message for f in audit.reconcile(s).findings)


def test_repoint_to_the_same_customer_pays_its_open_bill(db, supervisor, clerk, branch, cust, settings):  # type: ignore[no-untyped-def]
    def next_bill() -> None:  # the centre bills November while the branch is offline
        report = bill_import.import_bills_csv(
            db,
            supervisor,
            f"户号,账期,电量,金额\n{cust.account_no},2026-11,50,60.00\n".encode(),
            settings=settings,
        )
        assert not report.errors

    paid_bill = make_paid_bill(db, branch, cust, clerk, supervisor, next_bill)
    money = _money(db)
    paid_before = _paid(db, cust.id)
    target = conflicts.repoint_target(db, supervisor, paid_bill.id, cust.account_no)
    assert target.same and target.owed_fen == 6000 and target.limit_fen == 12850
    conflicts.resolve_conflict(
        db, supervisor, paid_bill.id, "repoint", paid_bill.version, account_no=f" {cust.account_no} "
    )
    assert _money(db) == money
    assert _paid(db, cust.id) == paid_before + 6000  # the new bill, from the excess
    assert _prepaid(db, cust.id) == 12850 - 6000  # the rest stays prepaid
    with db.read() as s:
        assert (
            s.scalar(
                sa.select(sa.func.count()).select_from(Payment).where(Payment.kind == PaymentKind.TRANSFER)
            )
            == 0
        )
    chains_ok(db)


def test_part_of_the_money_then_the_rest_through_another_entry(db, supervisor, cust, other, paid_bill):  # type: ignore[no-untyped-def]
    conflicts.resolve_conflict(
        db,
        supervisor,
        paid_bill.id,
        "repoint",
        paid_bill.version,
        account_no=other.account_no,
        amount_fen=5000,
    )
    assert _prepaid(db, cust.id) == 7850 and _paid(db, other.id) == 5000
    # the same payment is also in a closed_customer entry: only what is left can still move
    with db.write() as s:
        extra = SyncConflict(
            node_id=paid_bill.node_id,
            op_id=uuid.uuid4(),
            kind="closed_customer",
            tbl="payment",
            row_key=paid_bill.row_key,
            detail=json.dumps(paid_bill.detail),
            status="open",
        )
        s.add(extra)
        s.flush()
        extra_id = extra.id
    entry = conflicts.get_conflict(db, supervisor, extra_id)
    assert conflicts.repoint_target(db, supervisor, extra_id, other.account_no).limit_fen == 7850
    with pytest.raises(ValidationError, match="128.50|78.50") as too_much:
        conflicts.resolve_conflict(
            db, supervisor, extra_id, "repoint", entry.version, account_no=other.account_no, amount_fen=7851
        )
    assert too_much.value.field == "amount_fen" and "¥78.50" in str(too_much.value)
    conflicts.resolve_conflict(
        db, supervisor, extra_id, "repoint", entry.version, account_no=other.account_no
    )
    assert _prepaid(db, cust.id) == 0 and _paid(db, other.id) == 12850
    chains_ok(db)


def test_a_payment_for_a_customer_closed_centrally_goes_to_the_right_one(db, supervisor, branch, cust, other):  # type: ignore[no-untyped-def]
    """issue 11 test 8's case: the centre closed the customer, the branch took ¥128.50 onto its
    open bill. Re-pointed, the money leaves that bill (a releasing offset, the bill owes again)
    and pays the other customer's bill; the payment row stays as it was."""
    with db.write() as s:  # 销户 at the centre (the closing application's effect on the record)
        s.execute(sa.update(Customer).where(Customer.id == cust.id).values(status=CustomerStatus.CLOSED))
    actor, _, _ = open_shift(branch)
    receipt, _ = pay(branch, actor, cust.id, 12850)
    apply.apply_batch(db, branch.node_id, branch.envelopes)
    (entry,) = conflicts.list_conflicts(db, supervisor)
    assert entry.kind == "closed_customer" and entry.choices == ("reviewed", "repoint")
    assert _paid(db, cust.id) == 12850 and _prepaid(db, cust.id) == 0
    with db.read() as s:
        row_before = s.get(Payment, receipt.payment_id)
        assert row_before is not None
        image = (row_before.amount_fen, row_before.prepaid_fen, row_before.customer_id)
    money = _money(db)
    found = conflicts.repoint_target(db, supervisor, entry.id, other.account_no)
    assert (found.name, found.limit_fen) == (other.name, 12850)
    with pytest.raises(ValidationError, match="已销户"):  # the closed customer itself is no target
        conflicts.resolve_conflict(
            db, supervisor, entry.id, "repoint", entry.version, account_no=cust.account_no
        )
    conflicts.resolve_conflict(
        db, supervisor, entry.id, "repoint", entry.version, account_no=other.account_no
    )
    assert _money(db) == money
    assert _paid(db, cust.id) == 0 and _prepaid(db, cust.id) == 0  # the closed customer's bill owes again
    assert _paid(db, other.id) == 12850 and _prepaid(db, other.id) == 0
    with db.read() as s:
        row = s.get(Payment, receipt.payment_id, populate_existing=True)
        assert row is not None and (row.amount_fen, row.prepaid_fen, row.customer_id) == image
        record = json.loads(
            s.scalars(
                sa.select(Operation.payload).where(
                    Operation.op_type == OpType.CORRECT_SYNCED_PAYMENT,
                    Operation.entity_id == receipt.payment_id,
                )
            ).one()
        )
        assert record["released_fen"] == 12850 and record["repoint_fen"] == 12850 and record["offsets"] == 2
    chains_ok(db)  # the releasing offset and the transfer are accounted for


def test_refusals(db, supervisor, clerk, cust, other, paid_bill):  # type: ignore[no-untyped-def]
    money, before = _money(db), _prepaid(db, cust.id)

    def refused(exc: type[Exception], field: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
        version = kwargs.pop("version", paid_bill.version)
        with pytest.raises(exc) as info:
            conflicts.resolve_conflict(db, supervisor, paid_bill.id, "repoint", version, **kwargs)
        if field:
            assert getattr(info.value, "field", None) == field
        return str(info.value)

    assert "不存在" in refused(ValidationError, "account_no", account_no="9999999999")
    assert refused(ValidationError, "account_no", account_no="  ") == "请输入户号"
    with pytest.raises(ValidationError, match="不存在"):
        conflicts.repoint_target(db, supervisor, paid_bill.id, "9999999999")
    assert "¥128.50" in refused(ValidationError, "amount_fen", account_no=other.account_no, amount_fen=12851)
    assert "大于零" in refused(ValidationError, "amount_fen", account_no=other.account_no, amount_fen=0)
    with db.write() as s:
        s.execute(sa.update(Customer).where(Customer.id == other.id).values(status=CustomerStatus.CLOSED))
    assert "已销户" in refused(ValidationError, "account_no", account_no=other.account_no)
    with pytest.raises(ValidationError, match="已销户"):
        conflicts.repoint_target(db, supervisor, paid_bill.id, other.account_no)
    # the same customer with nothing open: the money is already where it belongs
    assert "没有未缴的账单" in refused(ValidationError, "account_no", account_no=cust.account_no)
    with pytest.raises(conflicts.PermissionDenied):
        conflicts.resolve_conflict(
            db, clerk, paid_bill.id, "repoint", paid_bill.version, account_no=cust.account_no
        )
    with db.write() as s:
        s.execute(sa.update(Customer).where(Customer.id == other.id).values(status=CustomerStatus.NORMAL))
    # a stale version (someone decided meanwhile), then twice
    refused(ConcurrentEdit, account_no=other.account_no, version=paid_bill.version + 1)
    assert (_money(db), _prepaid(db, cust.id)) == (money, before)  # nothing half-done
    done = conflicts.resolve_conflict(
        db, supervisor, paid_bill.id, "repoint", paid_bill.version, account_no=other.account_no
    )
    refused(ConcurrentEdit, account_no=other.account_no)  # the version shown before
    refused(RuleViolation, account_no=other.account_no, version=done.version)
    # other kinds cannot be re-pointed
    assert "repoint" not in conflicts.CHOICES["field"] and "repoint" not in conflicts.CHOICES["day_end"]


@pytest.mark.pg
def test_a_branch_supervisor_repoints_through_the_centre_on_loopback(
    centre: Database, sqlite_url, customer_form
):  # type: ignore[no-untyped-def]
    """At a branch the target's name and the limit come from the centre (node credentials), and
    the re-pointing is a resolve with the supervisor's password checked at the centre."""
    settings = Settings(db_url=centre.engine.url.render_as_string(hide_password=False))
    clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
    sup = auth.login(centre, "super1", SUPERVISOR_PASSWORD)
    source = customer_with_bill(centre, clerk, sup, settings, customer_form)
    target = customer_with_bill(centre, clerk, sup, settings, customer_form)
    node_id, code = register_branch(centre)
    add_branch_user(centre, node_id, "super9", "supervisor", SUPERVISOR_PASSWORD, "2009")
    cashier.open_session(centre, clerk, 0)
    # ¥200 for a ¥128.50 bill: ¥71.50 to prepaid (stands in for the branch payment the entry names)
    receipt = payments.post_payment(
        centre, clerk, payments.PostPayment(uuid.uuid4(), source.id, (TenderInput("cash", 20000),), 20000)
    )
    with centre.write() as s:
        entry = SyncConflict(
            node_id=node_id,
            op_id=uuid.uuid4(),
            kind="paid_bill",
            tbl="payment",
            row_key=json.dumps({"id": str(receipt.payment_id)}),
            detail=json.dumps(
                {
                    "payment_id": str(receipt.payment_id),
                    "receipt_no": receipt.receipt_no,
                    "customer_id": str(source.id),
                    "excess_fen": 0,
                    "bills": [],
                }
            ),
            status="open",
        )
        s.add(entry)
        s.flush()
        entry_id = entry.id
    with centre.write() as s:  # both customers are the branch's (its snapshot and feed carry them)
        s.execute(sa.update(Customer).where(Customer.id.in_([source.id, target.id])).values(node_id=node_id))
    money = _money(centre)
    branch_db = open_database(Settings(db_url=sqlite_url))
    try:
        with serving(centre) as url:
            client.enrol(url, code, branch_db)
            assert _prepaid(branch_db, source.id) == 7150 and _paid(branch_db, target.id) == 0  # as enrolled
            [row] = client.remote_conflicts(branch_db)
            assert row["id"] == str(entry_id) and "repoint" in row["choices"]
            found = client.remote_repoint_target(branch_db, row["id"], target.account_no)
            assert (found["name"], found["same"], found["limit_fen"]) == (target.name, False, 7150)
            with pytest.raises(client.SyncError, match="不存在"):
                client.remote_repoint_target(branch_db, row["id"], "9999999999")
            with pytest.raises(client.SyncError, match="密码错误"):
                client.remote_resolve(
                    branch_db,
                    "super9",
                    "Wrong2026x",
                    row["id"],
                    "repoint",
                    row["version"],
                    account_no=target.account_no,
                )
            with pytest.raises(client.SyncError, match="¥71.50"):
                client.remote_resolve(
                    branch_db,
                    "super9",
                    SUPERVISOR_PASSWORD,
                    row["id"],
                    "repoint",
                    row["version"],
                    account_no=target.account_no,
                    amount_fen=7151,
                )
            done = client.remote_resolve(
                branch_db,
                "super9",
                SUPERVISOR_PASSWORD,
                row["id"],
                "repoint",
                row["version"],
                account_no=target.account_no,
            )
            assert (done["status"], done["resolution"], done["resolved_by"]) == (
                "resolved",
                "repoint",
                "super9",
            )
            # the rows reach the branch with its next pull: the same balances there
            client.sync_round(branch_db)
            assert _prepaid(branch_db, source.id) == 0 and _prepaid(branch_db, target.id) == 0
            assert _paid(branch_db, target.id) == 7150
            with pytest.raises(client.SyncError, match="已被他人处理"):  # twice: the version shown is stale
                client.remote_resolve(
                    branch_db,
                    "super9",
                    SUPERVISOR_PASSWORD,
                    row["id"],
                    "repoint",
                    row["version"],
                    account_no=target.account_no,
                )
    finally:
        branch_db.dispose()
    assert _money(centre) == money
    assert _prepaid(centre, source.id) == 0 and _paid(centre, target.id) == 7150
    with centre.read() as s:
        op = s.scalars(sa.select(Operation).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT)).one()
        centre_node = s.scalar(sa.select(Node.id).where(Node.code == "3301"))
        assert op.actor == "super9" and op.node_id == centre_node  # in the centre's chain, never the branch's
        assert json.loads(op.payload)["repoint"]["amount_fen"] == 7150
    chains_ok(centre)
