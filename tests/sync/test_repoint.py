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
from app.services.customers import SupervisorApproval
from app.services.setup import open_database
from app.sync import apply, client, conflicts
from db.engine import Database
from db.models import Bill, Customer, Node, Operation, Payment, PaymentAllocation, PaymentTender, SyncConflict
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD
from tests.sync._branch import BRANCH_PASSWORD, Branch, customer_with_bill, make_branch
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


def test_repoint_to_the_same_customer_pays_its_open_bill(
    db, supervisor, clerk, branch, cust, other, settings
):  # type: ignore[no-untyped-def]
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
        # only what its bill took counts as re-pointed (not the whole ¥128.50)
        record = json.loads(
            s.scalars(
                sa.select(Operation.payload)
                .where(Operation.op_type == OpType.CORRECT_SYNCED_PAYMENT)
                .order_by(Operation.seq.desc())
            ).first()
            or "{}"
        )
        assert record["repoint_fen"] == 6000
        resolved = s.scalars(
            sa.select(Operation.payload).where(Operation.op_type == OpType.RESOLVE_SYNC_CONFLICT)
        ).one()
        assert json.loads(resolved)["repoint"]["amount_fen"] == 6000
    # so the ¥68.50 left in its prepaid can still move (the same payment in a second entry)
    extra_id = _second_entry(db, paid_bill)
    assert conflicts.repoint_target(db, supervisor, extra_id, other.account_no).limit_fen == 12850 - 6000
    entry = conflicts.get_conflict(db, supervisor, extra_id)
    conflicts.resolve_conflict(
        db, supervisor, extra_id, "repoint", entry.version, account_no=other.account_no
    )
    assert _prepaid(db, cust.id) == 0 and _paid(db, other.id) == 12850 - 6000
    chains_ok(db)


def _second_entry(db, entry) -> uuid.UUID:  # type: ignore[no-untyped-def]
    """Another open entry naming the same payment (a payment may sit in two)."""
    with db.write() as s:
        extra = SyncConflict(
            node_id=entry.node_id,
            op_id=uuid.uuid4(),
            kind="closed_customer",
            tbl="payment",
            row_key=entry.row_key,
            detail=json.dumps(entry.detail),
            status="open",
        )
        s.add(extra)
        s.flush()
        return extra.id


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
    with pytest.raises(RuleViolation, match="该冲突已处理"):  # a decided entry is no lookup's business
        conflicts.repoint_target(db, supervisor, paid_bill.id, other.account_no)
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
            # the answer names a customer and what they owe: a supervisor of the node signs in
            with pytest.raises(client.SyncError, match="密码错误"):
                client.remote_repoint_target(branch_db, "super9", "Wrong2026x", row["id"], target.account_no)
            with pytest.raises(client.SyncError, match="值班长密码"):
                client.remote_repoint_target(branch_db, "super9", "", row["id"], target.account_no)
            with pytest.raises(client.SyncError, match="不是本节点在岗的值班长"):
                client.remote_repoint_target(
                    branch_db, "clerk1", CLERK_PASSWORD, row["id"], target.account_no
                )
            with pytest.raises(client.SyncError, match="不存在"):  # not the node's own entry
                client.remote_repoint_target(
                    branch_db, "super9", SUPERVISOR_PASSWORD, str(uuid.uuid4()), target.account_no
                )
            found = client.remote_repoint_target(
                branch_db, "super9", SUPERVISOR_PASSWORD, row["id"], target.account_no
            )
            assert (found["name"], found["same"], found["limit_fen"]) == (target.name, False, 7150)
            with pytest.raises(client.SyncError, match="不存在"):
                client.remote_repoint_target(
                    branch_db, "super9", SUPERVISOR_PASSWORD, row["id"], "9999999999"
                )
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
            with pytest.raises(client.SyncError, match="该冲突已处理"):  # a decided entry names no one
                client.remote_repoint_target(
                    branch_db, "super9", SUPERVISOR_PASSWORD, row["id"], target.account_no
                )
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


# ---- a re-point and a reversal / refund of the same payment: the money goes out once ----------


def _approval() -> SupervisorApproval:
    return SupervisorApproval("bsuper", BRANCH_PASSWORD, "")


def _branch_payment(paid_bill) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return uuid.UUID(str(paid_bill.detail["payment_id"]))


def _reverse_at_branch(branch, paid_bill):  # type: ignore[no-untyped-def]
    """The branch clerk reverses the payment (its shift still open); the envelope."""
    actor = branch.actor("bclerk")
    cmd = payments.ReversePayment(
        uuid.uuid4(), _branch_payment(paid_bill), "wrong_customer", "收错户", _approval()
    )
    return branch.run(payments.reverse_payment, branch.db, actor, cmd)


def test_a_payment_the_branch_reversed_cannot_be_repointed(db, supervisor, branch, cust, other, paid_bill):  # type: ignore[no-untyped-def]
    """The branch reversed its own payment (the money went back to the payer) and the reversal
    reached the centre: re-pointing its money as well would pay it out twice."""
    reversal, env = _reverse_at_branch(branch, paid_bill)
    (answer,) = apply.apply_batch(db, branch.node_id, [env])
    assert answer.outcome == "applied"
    money, prepaid = _money(db), _prepaid(db, cust.id)
    with pytest.raises(RuleViolation, match="已冲正") as looked:
        conflicts.repoint_target(db, supervisor, paid_bill.id, other.account_no)
    assert reversal.receipt_no in str(looked.value) and "已复核" in str(looked.value)
    with pytest.raises(RuleViolation, match="已冲正"):
        conflicts.resolve_conflict(
            db, supervisor, paid_bill.id, "repoint", paid_bill.version, account_no=other.account_no
        )
    assert (_money(db), _prepaid(db, cust.id), _paid(db, other.id)) == (money, prepaid, 0)
    conflicts.resolve_conflict(db, supervisor, paid_bill.id, "reviewed", paid_bill.version)
    chains_ok(db)


def test_a_repointed_payment_cannot_be_refunded_at_the_centre(
    db, supervisor, clerk, branch, cust, other, paid_bill
):  # type: ignore[no-untyped-def]
    """The other order, at the centre: the supervisor re-pointed the money, then a clerk refunds
    the branch payment (its shift closed at the branch). The payment's own prepaid_fen is 0, so
    the check of the prepaid it formed says nothing: refused, naming the re-point."""
    from tests.sync.test_apply import _close_shift

    conflicts.resolve_conflict(
        db, supervisor, paid_bill.id, "repoint", paid_bill.version, account_no=other.account_no
    )
    actor = branch.actor("bclerk")
    with branch.db.read() as s:
        pay_row = s.get(Payment, _branch_payment(paid_bill))
        assert pay_row is not None and pay_row.receipt_no is not None
        shift_id, receipt_no = pay_row.session_id, pay_row.receipt_no
    receipt = payments.get_receipt(branch.db, actor, _branch_payment(paid_bill))
    _, printed = branch.run(
        payments.record_print, branch.db, actor, payments.DOC_RECEIPT, receipt.payment_id, receipt_no, "", ""
    )
    _, closed = _close_shift(branch, actor, shift_id)
    assert {a.outcome for a in apply.apply_batch(db, branch.node_id, [printed, closed])} <= {
        "applied",
        "conflict",
    }
    money = _money(db)
    cmd = payments.RefundPayment(
        uuid.uuid4(),
        _branch_payment(paid_bill),
        "wrong_customer",
        "收错户",
        SupervisorApproval("super1", SUPERVISOR_PASSWORD, ""),
    )
    with pytest.raises(RuleViolation, match="重新指向") as refused:
        payments.refund_payment(db, clerk, cmd)
    assert "¥128.50" in str(refused.value) and other.account_no in str(refused.value)
    assert "不能退费" in str(refused.value)
    assert _money(db) == money


@pytest.mark.parametrize("with_another", [False, True], ids=["alone", "in-a-run"])
def test_a_branch_reversal_of_a_repointed_payment_is_booked_and_flagged(  # type: ignore[no-untyped-def]
    db, supervisor, branch, cust, other, paid_bill, with_another
):
    """The supervisor re-pointed the money before the branch's reversal arrived: the centre
    cannot refuse money, so the reversal is booked — and a review entry says the money went
    out twice (alone, and in a run of plain envelopes applied at once)."""
    conflicts.resolve_conflict(
        db, supervisor, paid_bill.id, "repoint", paid_bill.version, account_no=other.account_no
    )
    reversal, env = _reverse_at_branch(branch, paid_bill)
    envs = [env]
    if with_another:  # another plain envelope after it: the two go as one run
        actor = branch.actor("bclerk")
        _, second = pay(branch, actor, cust.id, 100)
        envs.append(second)
    answers = apply.apply_batch(db, branch.node_id, envs)
    assert answers[0].outcome == "conflict"
    with db.read() as s:
        assert s.get(Payment, reversal.payment_id) is not None  # booked as sent
    (entry,) = conflicts.list_conflicts(db, supervisor)
    assert (entry.kind, entry.choices, entry.kind_label) == (
        "repointed_undo",
        ("reviewed",),
        "已重新指向的收费被退还",
    )
    assert entry.detail["reverses_id"] == str(_branch_payment(paid_bill))
    assert entry.detail["repoint_fen"] == 12850 and entry.detail["to_account_nos"] == [other.account_no]
    assert (
        reversal.receipt_no in entry.summary and other.account_no in entry.summary and "冲正" in entry.summary
    )
    assert "repoint" not in entry.choices
    conflicts.resolve_conflict(db, supervisor, entry.id, "reviewed", entry.version, note="已与客户核对")
    chains_ok(db)


# ---- undoing a paid_bill payment that was never re-pointed: the bill keeps the centre's payment ----


def _owed(db, customer_id) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(arrears, prepaid) of the customer today."""
    import datetime as dt

    with db.read() as s:
        owed = ledger.standing(s, customer_id, dt.date.today())
        return owed.arrears_fen, owed.prepaid_fen


def test_a_branch_reversal_of_a_paid_bill_payment_leaves_the_bill_paid(  # type: ignore[no-untyped-def]
    db, supervisor, branch, cust, paid_bill
):
    """The branch took ¥128.50 for a bill the centre had settled; the centre moved it off the
    bill into prepaid (paid_bill). The branch then reverses its payment (the money goes back):
    the reversal takes its allocation off the bill, which the centre's correction had already
    done — the bill would show as owing ¥128.50 and the customer hold ¥128.50 of prepaid. The
    correction is undone with the payment: the bill stays paid (by the centre's payment), the
    prepaid the correction formed is gone."""
    assert (_paid(db, cust.id), _owed(db, cust.id)) == (12850, (0, 12850))
    _, env = _reverse_at_branch(branch, paid_bill)
    (answer,) = apply.apply_batch(db, branch.node_id, [env])
    assert answer.outcome in ("applied", "conflict")
    assert _paid(db, cust.id) == 12850
    assert _owed(db, cust.id) == (0, 0)
    assert _prepaid(db, cust.id) == 0
    chains_ok(db)


def test_a_paid_bill_reversal_in_a_run_of_plain_envelopes_leaves_the_bill_paid(  # type: ignore[no-untyped-def]
    db, supervisor, branch, cust, paid_bill
):
    _, env = _reverse_at_branch(branch, paid_bill)
    actor = branch.actor("bclerk")
    _, second = pay(branch, actor, cust.id, 100)
    apply.apply_batch(db, branch.node_id, [env, second])
    assert _paid(db, cust.id) == 12850
    assert _owed(db, cust.id) == (0, 100)
    chains_ok(db)


def test_a_branch_payment_is_refunded_at_the_branch_not_at_the_centre(  # type: ignore[no-untyped-def]
    db, supervisor, clerk, branch, cust, paid_bill
):
    """The branch's shift closed; a centre clerk may not refund its payment (the branch holds the
    drawer and may refund it offline: the money would go out twice, docs/sync.md#apply-rules) —
    refused naming the branch, nothing written. The branch refunds it, and the refund arriving
    at the centre leaves the bill paid by the centre's payment."""
    from tests.sync.test_apply import _close_shift

    actor = branch.actor("bclerk")
    with branch.db.read() as s:
        pay_row = s.get(Payment, _branch_payment(paid_bill))
        assert pay_row is not None and pay_row.receipt_no is not None
        shift_id, receipt_no = pay_row.session_id, pay_row.receipt_no
    _, printed = branch.run(
        payments.record_print, branch.db, actor, payments.DOC_RECEIPT, pay_row.id, receipt_no, "", ""
    )
    _, closed = _close_shift(branch, actor, shift_id)
    apply.apply_batch(db, branch.node_id, [printed, closed])
    money, owed = _money(db), _owed(db, cust.id)
    cmd = payments.RefundPayment(
        uuid.uuid4(),
        _branch_payment(paid_bill),
        "wrong_customer",
        "收错户",
        SupervisorApproval("super1", SUPERVISOR_PASSWORD, ""),
    )
    with pytest.raises(RuleViolation, match="该笔缴费由城西供电所收取，请到该网点办理退费"):
        payments.refund_payment(db, clerk, cmd)
    assert (_money(db), _owed(db, cust.id)) == (money, owed)
    _, opened = branch.run(cashier.open_session, branch.db, actor, 20000)
    refund, env = branch.run(
        payments.refund_payment,
        branch.db,
        actor,
        payments.RefundPayment(
            uuid.uuid4(), _branch_payment(paid_bill), "wrong_customer", "收错户", _approval()
        ),
    )
    assert [a.outcome for a in apply.apply_batch(db, branch.node_id, [opened, env])] == ["applied", "applied"]
    assert _money(db)[0] == money[0] - 12850
    assert _paid(db, cust.id) == 12850
    assert _owed(db, cust.id) == (0, 0)
    assert _prepaid(db, cust.id) == 0
    with pytest.raises(RuleViolation, match="已退费"):
        conflicts.resolve_conflict(
            db, supervisor, paid_bill.id, "repoint", paid_bill.version, account_no=cust.account_no
        )
    assert refund.receipt_no
    chains_ok(db)


def test_a_centre_refund_is_refused_once_the_corrected_excess_was_spent(  # type: ignore[no-untyped-def]
    db, supervisor, clerk, branch, cust, paid_bill, settings
):
    """The ¥128.50 the correction put in prepaid settled the customer's next bill (the import
    offsets it): refunding the branch payment would pay out money no longer there — refused,
    naming what the payment formed, as for a payment's own prepaid part."""
    from tests.sync.test_apply import _close_shift

    report = bill_import.import_bills_csv(
        db,
        supervisor,
        f"户号,账期,电量,金额\n{cust.account_no},2026-11,100,128.50\n".encode(),
        settings=settings,
    )
    assert not report.errors
    assert _owed(db, cust.id) == (0, 0)  # the new bill paid from the prepaid
    actor = branch.actor("bclerk")
    with branch.db.read() as s:
        pay_row = s.get(Payment, _branch_payment(paid_bill))
        assert pay_row is not None and pay_row.receipt_no is not None
        shift_id, receipt_no = pay_row.session_id, pay_row.receipt_no
    _, printed = branch.run(
        payments.record_print, branch.db, actor, payments.DOC_RECEIPT, pay_row.id, receipt_no, "", ""
    )
    _, closed = _close_shift(branch, actor, shift_id)
    apply.apply_batch(db, branch.node_id, [printed, closed])
    money = _money(db)
    cmd = payments.RefundPayment(
        uuid.uuid4(),
        _branch_payment(paid_bill),
        "wrong_customer",
        "收错户",
        SupervisorApproval("super1", SUPERVISOR_PASSWORD, ""),
    )
    # the branch's payment is refunded at the branch only (refused first, naming it); the check
    # of the prepaid it formed stays for a payment of a hall without sync
    with pytest.raises(RuleViolation, match="请到该网点办理退费"):
        payments.refund_payment(db, clerk, cmd)
    assert _money(db) == money
