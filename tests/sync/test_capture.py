"""Capture on a branch (docs/sync.md#messages, #push): the triggers write each synced row a
transaction changes with its images, the outbox ties them to the transaction's operation records
and hands them out as envelopes. Real services on a real (SQLite) branch database."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from app.dto.payments import TenderInput
from app.services import applications, cashier, customers, payments, workorders
from app.sync import outbox, rows
from app.sync.envelope import Answer, Outcome
from app.sync.triggers import install_branch_capture
from app.write_path import numbers, oplog
from db.engine import Database
from db.models import Bill, Customer, Node, Operation, SyncChange, SyncGroup, SyncState, utcnow
from tests.conftest import CLERK_PASSWORD

# ---- helpers (shared with test_feed.py and test_snapshot.py) -------------------------------------


def make_branch(db: Database) -> uuid.UUID:
    """Turn an initialised SQLite database into an enrolled branch of its own node: sync_state,
    capture triggers, group capture. Returns the node id."""
    with db.write() as s:
        node = s.scalars(sa.select(Node)).one()
        s.add(
            SyncState(
                id=1,
                node_id=node.id,
                server_url="http://centre.invalid",
                incarnation=str(uuid.uuid4()),
                pushed_seq=node.op_seq,
                watermark=0,
                last_error="",
                open_conflicts=0,
                clock_skew_seconds=0,
                applying=0,
            )
        )
        node_id = node.id
    with db.engine.begin() as conn:
        install_branch_capture(conn)
    outbox.enable_group_capture(db)
    return node_id


def add_bill(db: Database, actor: Any, customer_id: uuid.UUID, amount_fen: int) -> uuid.UUID:
    """An issued bill written directly with an operation record (as a bill run would)."""
    with db.write() as s:
        bill = Bill(
            bill_no=numbers.next_number(s, actor.node_id, "bill"),
            node_id=actor.node_id,
            customer_id=customer_id,
            period="2026-01",
            bill_type="regular",
            tariff_code="RES",
            kwh=100,
            amount_fen=amount_fen,
            due_date=dt.date.today() + dt.timedelta(days=10),
            issued_at=utcnow(),
            lines="[]",
            created_by=actor.username,
        )
        s.add(bill)
        s.flush()
        oplog.append(s, actor, "ImportBills", {"bill": str(bill.id)}, "bill", bill.id)
        return bill.id


def groups(db: Database) -> list[tuple[int, int]]:
    with db.read() as s:
        return [
            (int(a), int(b))
            for a, b in s.execute(
                sa.select(SyncGroup.first_seq, SyncGroup.last_seq).order_by(SyncGroup.first_seq)
            )
        ]


def changes(db: Database, group_seq: int | None = None) -> list[SyncChange]:
    with db.read() as s:
        q = sa.select(SyncChange).order_by(SyncChange.id)
        if group_seq is not None:
            q = q.where(SyncChange.group_seq == group_seq)
        return list(s.scalars(q))


def op_seqs(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(sa.select(Node.op_seq)) or 0)


@pytest.fixture
def branch(sqlite_db: tuple[Database, Any]) -> Database:
    db, _ = sqlite_db
    make_branch(db)
    return db


@pytest.fixture
def bclerk(branch: Database) -> Any:
    from app.services import auth

    return auth.login(branch, "clerk1", CLERK_PASSWORD)


def _one_new_group(db: Database, before: list[tuple[int, int]], ops_before: int) -> tuple[int, int]:
    after = groups(db)
    new = [g for g in after if g not in before]
    assert len(new) == 1, new
    first, last = new[0]
    assert (first, last) == (ops_before + 1, op_seqs(db))
    return first, last


# ---- tests ---------------------------------------------------------------------------------------


def test_each_service_call_is_one_group_with_true_images(
    branch: Database, bclerk: Any, customer_form: Any
) -> None:
    db = branch
    # register: customer row (insert) with the values that are in the table
    g0, n0 = groups(db), op_seqs(db)
    view = customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form(name="李四")))
    _, last = _one_new_group(db, g0, n0)
    rows_ = changes(db, last)
    cust = [c for c in rows_ if c.tbl == "customer"]
    assert [c.action for c in cust] == ["insert"]
    assert cust[0].row_key == rows.key_json("customer", {"id": view.id})
    assert cust[0].before is None
    image = rows.decode_row("customer", json.loads(cust[0].after or "{}"))
    with db.read() as s:
        assert image == rows.read_image(s, "customer", {"id": view.id})
    assert "prepaid_fen" not in json.loads(cust[0].after or "{}")

    # update: before and after images, only the changed row
    bill_id = add_bill(db, bclerk, view.id, 12345)
    assert groups(db)[-1][1] == op_seqs(db)
    shift_g, shift_n = groups(db), op_seqs(db)
    cashier.open_session(db, bclerk, 50000)
    _one_new_group(db, shift_g, shift_n)

    # payment: payment, tender, allocation, bill update (paid) in one group; the prepaid trigger's
    # customer update is local only (no change captured)
    g1, n1 = groups(db), op_seqs(db)
    receipt = payments.post_payment(
        db,
        bclerk,
        payments.PostPayment(uuid.uuid4(), view.id, (TenderInput("cash", 20000),), amount_fen=15000),
    )
    _, last = _one_new_group(db, g1, n1)
    got = changes(db, last)
    tables = sorted({c.tbl for c in got})
    assert {"payment", "payment_tender", "payment_allocation"} <= set(tables)
    assert "customer" not in tables  # prepaid_fen changed by the trigger: a local column
    pay = next(c for c in got if c.tbl == "payment")
    decoded = rows.decode_row("payment", json.loads(pay.after or "{}"))
    with db.read() as s:
        assert decoded == rows.read_image(s, "payment", {"id": receipt.payment_id})
    for c in got:
        if c.action == "update":
            before = rows.decode_row(c.tbl, json.loads(c.before or "{}"))
            after = rows.decode_row(c.tbl, json.loads(c.after or "{}"))
            assert before != after
            with db.read() as s:
                assert after == rows.read_image(s, c.tbl, json.loads(c.row_key))
    assert bill_id

    # application and work order: one group each, their rows captured
    g2, n2 = groups(db), op_seqs(db)
    btype = applications.shipped_catalogue().get("rename")
    accepted = applications.accept_application(
        db, bclerk, applications.AcceptApplication("rename", view.id, {"new_name": "李四丰"}, btype.documents)
    )
    _, last = _one_new_group(db, g2, n2)
    assert {"application", "application_step"} <= {c.tbl for c in changes(db, last)}
    assert accepted

    g3, n3 = groups(db), op_seqs(db)
    workorders.record_work_order(
        db,
        bclerk,
        workorders.RecordWorkOrder(
            "complaint", "attitude.counter", "营业厅排队一小时无人引导", customer_id=view.id
        ),
    )
    _, last = _one_new_group(db, g3, n3)
    assert {"work_order", "work_order_step"} <= {c.tbl for c in changes(db, last)}

    # every change belongs to a group
    assert all(c.group_seq is not None for c in changes(db))


def test_rollback_leaves_nothing(branch: Database, bclerk: Any, customer_form: Any) -> None:
    db = branch
    before_groups, before_changes = groups(db), len(changes(db))
    with pytest.raises(RuntimeError), db.write() as s:
        view_values = customers.prepare_registration(db, bclerk, customers.RegisterCustomer(customer_form()))
        customers.insert_customer(s, bclerk, view_values)
        s.flush()
        assert s.scalar(sa.select(sa.func.count()).select_from(SyncChange)) > before_changes
        raise RuntimeError("the clerk cancelled")
    assert groups(db) == before_groups
    assert len(changes(db)) == before_changes


def test_changes_while_applying_are_not_captured(branch: Database, bclerk: Any, customer_form: Any) -> None:
    db = branch
    with db.write() as s:
        s.execute(sa.update(SyncState).values(applying=1))
    customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form()))
    # the group (its operation records) is still recorded, but no row change of it
    assert changes(db, groups(db)[-1][1]) == []
    with db.write() as s:
        s.execute(sa.update(SyncState).values(applying=0))
    customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form()))
    assert [c.tbl for c in changes(db, groups(db)[-1][1])] == ["customer"]


def test_a_write_without_an_operation_is_not_kept(branch: Database) -> None:
    db = branch
    with db.write() as s:
        s.execute(sa.update(Node).values(name="城东营业厅（改）"))
    assert [c for c in changes(db) if c.group_seq is None] == []


def test_pending_envelopes_and_answers(branch: Database, bclerk: Any, customer_form: Any) -> None:
    db = branch
    with db.read() as s:
        start = outbox.pending_count(s)
        pushed0 = s.get(SyncState, 1).pushed_seq  # type: ignore[union-attr]
    ids = [
        customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form())).id
        for _ in range(3)
    ]
    with db.read() as s:
        envs = outbox.pending_envelopes(s)
        assert outbox.pending_count(s) == start + sum(len(e.ops) for e in envs[-3:])
        state = s.get(SyncState, 1)
        assert state is not None
        for env in envs:
            assert env.node_id == str(state.node_id) and env.incarnation == state.incarnation
            for op in env.ops:
                row = s.get(Operation, uuid.UUID(op.op_id))
                assert row is not None
                assert (op.seq, op.payload, op.payload_hash, op.hash, op.prev_hash, op.occurred_at) == (
                    row.seq,
                    row.payload,
                    row.payload_hash,
                    row.hash,
                    row.prev_hash,
                    row.occurred_at,
                )
                assert (
                    oplog.record_hash(
                        uuid.UUID(op.op_id),
                        uuid.UUID(op.node_id),
                        op.seq,
                        op.op_type,
                        op.entity_type,
                        uuid.UUID(op.entity_id) if op.entity_id else None,
                        op.payload_hash,
                        op.actor,
                        op.occurred_at,
                        op.prev_hash,
                    )
                    == op.hash
                )
        mine = envs[-3:]
        assert [c.row_key for e in mine for c in e.changes if c.tbl == "customer"] == [
            {"id": str(i)} for i in ids
        ]
        assert s.execute(sa.select(sa.func.count()).select_from(SyncChange)).scalar_one() > 0
    # a round trip through JSON keeps an envelope whole
    assert type(mine[0]).from_json(mine[0].to_json()) == mine[0]

    first, second, third = mine
    earlier = envs[:-3]
    with db.write() as s:
        # the second answered, the first held: nothing advances past the first
        outbox.record_answers(
            s,
            [Answer(e.first_seq, e.last_seq, Outcome.APPLIED) for e in earlier]
            + [
                Answer(first.first_seq, first.last_seq, Outcome.HELD),
                Answer(second.first_seq, second.last_seq, Outcome.APPLIED),
            ],
        )
    with db.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.pushed_seq == first.first_seq - 1 >= pushed0
        assert [e.first_seq for e in outbox.pending_envelopes(s)] == [first.first_seq, third.first_seq]
        assert outbox.pending_count(s) == len(first.ops) + len(third.ops)
        key = rows.key_json("customer", {"id": ids[1]})
        assert not outbox.has_pending_change(s, "customer", key)
        assert outbox.has_pending_change(s, "customer", rows.key_json("customer", {"id": ids[0]}))
    with db.write() as s:
        outbox.record_answers(
            s,
            [
                Answer(first.first_seq, first.last_seq, Outcome.DUPLICATE),
                Answer(third.first_seq, third.last_seq, Outcome.CONFLICT, conflicts=1),
            ],
        )
    with db.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.pushed_seq == third.last_seq == op_seqs(db)
        assert outbox.pending_envelopes(s) == []
        assert outbox.pending_count(s) == 0
        assert s.execute(sa.select(sa.func.count()).select_from(SyncChange)).scalar_one() == 0
        assert s.execute(sa.select(sa.func.count()).select_from(SyncGroup)).scalar_one() == 0


def test_capture_is_idempotent(branch: Database, bclerk: Any, customer_form: Any) -> None:
    db = branch
    with db.engine.begin() as conn:
        install_branch_capture(conn)
    outbox.enable_group_capture(db)
    g0 = groups(db)
    customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form()))
    new = [g for g in groups(db) if g not in g0]
    assert len(new) == 1
    assert [c.tbl for c in changes(db, new[0][1])] == ["customer"]


def test_keys_with_chinese_text_match_key_json(branch: Database, bclerk: Any) -> None:
    """An outage scope's key holds the 线路 name: the trigger's text equals rows.key_json's."""
    from db.models import Outage, OutageScope

    db = branch
    with db.write() as s:
        outage = Outage(
            outage_no="TD33010009",
            node_id=bclerk.node_id,
            kind="planned",
            status="announced",
            starts_at=utcnow(),
            expected_end=utcnow(),
            ends_at=utcnow(),
            reason="线路检修",
            entered_by="clerk1",
        )
        s.add(outage)
        s.flush()
        s.add(OutageScope(outage_id=outage.id, kind="line", value="10kV城西线"))
        s.flush()
        oplog.append(s, bclerk, "RecordOutage", {"outage": str(outage.id)}, "outage", outage.id)
        oid = outage.id
    [scope] = [c for c in changes(db, groups(db)[-1][1]) if c.tbl == "outage_scope"]
    key = rows.key_json("outage_scope", {"outage_id": oid, "kind": "line", "value": "10kV城西线"})
    assert scope.row_key == key
    with db.read() as s:
        assert outbox.has_pending_change(s, "outage_scope", key)


def test_a_process_that_never_enabled_group_capture_still_groups_its_work(
    branch: Database, bclerk: Any, customer_form: Any
) -> None:
    """A second Database object on the same branch file (another process: a command-line tool,
    a crashed-and-restarted counter) writes groups too: the operation log hooks the commit
    itself, so no record is left without a group and never pushed."""
    other = Database(branch.url)
    try:
        clerk = auth_login(other)
        before, ops_before = groups(other), op_seqs(other)
        view = customers.register_customer(other, clerk, customers.RegisterCustomer(customer_form()))
        first, last = _one_new_group(other, before, ops_before)
        assert any(json.loads(c.row_key)["id"] == str(view.id) for c in changes(other, last))
        with other.read() as s:
            assert outbox.pending_count(s) >= last - first + 1
    finally:
        other.dispose()


def auth_login(db: Database) -> Any:
    from app.services import auth

    return auth.login(db, "clerk1", CLERK_PASSWORD)


def test_a_refusal_keeps_the_branch_work(branch: Database, bclerk: Any, customer_form: Any) -> None:
    """docs/sync.md#incarnation: a refused envelope (the node blocked, a restored PC) is not an
    answer the branch may drop its work on — the group, its rows and pushed_seq stay, so the
    payments taken since a restore are still there when an administrator sorts the node out."""
    db = branch
    customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form()))
    with db.read() as s:
        envelopes = outbox.pending_envelopes(s, 10_000)
        before = (outbox.pending_count(s), s.get(SyncState, 1).pushed_seq, len(changes(db)))
    with db.write() as s:
        outbox.record_answers(s, [Answer(e.first_seq, e.last_seq, Outcome.REFUSED, "该节点已被停止同步") for e in envelopes])
    with db.read() as s:
        assert (outbox.pending_count(s), s.get(SyncState, 1).pushed_seq, len(changes(db))) == before
        assert [e.first_seq for e in outbox.pending_envelopes(s, 10_000)] == [e.first_seq for e in envelopes]


def test_a_pulled_row_that_clashes_with_a_local_one_does_not_stop_the_pull(
    branch: Database, bclerk: Any, customer_form: Any
) -> None:
    """docs/sync.md#pull-watermark: the centre's step 1 of a work order the branch also numbered
    step 1 (the order in conflict) clashes with the branch's own row on (work_order_id, step_no).
    It is left out and the rest of the page — and the watermark — go on; before, the whole page
    failed every round and the branch received nothing from the centre again."""
    from app.sync import feed
    from app.sync.envelope import FeedPage, FeedRow
    from db.models import WorkOrderStep

    db = branch
    view = customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form()))
    order = workorders.record_work_order(db, bclerk, workorders.RecordWorkOrder(
        "complaint", "attitude.counter", "营业厅排队一小时无人引导", customer_id=view.id))
    with db.write() as s:  # the branch's work is answered: nothing pending
        outbox.record_answers(s, [Answer(e.first_seq, e.last_seq, Outcome.APPLIED)
                                  for e in outbox.pending_envelopes(s, 10_000)])
    with db.read() as s:
        mine = rows.read_image(s, "work_order_step", {"id": s.scalar(sa.select(WorkOrderStep.id).where(
            WorkOrderStep.work_order_id == order.id))})
        customer = rows.read_image(s, "customer", {"id": view.id})
        watermark = s.get(SyncState, 1).watermark  # type: ignore[union-attr]
    assert mine is not None and customer is not None
    theirs = rows.encode_row("work_order_step", {**mine, "id": uuid.uuid4(), "note": "中心的环节"})
    renamed = rows.encode_row("customer", {**customer, "notes": "中心备注", "version": customer["version"] + 1})
    page = FeedPage((FeedRow(1, "work_order_step", {"id": theirs["id"]}, "insert", theirs, txid=watermark + 1),
                     FeedRow(2, "customer", {"id": str(view.id)}, "update", renamed, txid=watermark + 2)),
                    watermark + 3)
    with db.write() as s:
        assert feed.apply_page(s, page) == 1
    with db.read() as s:
        steps = s.scalar(sa.select(sa.func.count()).select_from(WorkOrderStep).where(
            WorkOrderStep.work_order_id == order.id))
        assert steps == 1, steps  # the branch's own step; the centre's clashing one left out
        assert s.get(SyncState, 1).watermark == watermark + 3  # type: ignore[union-attr]
        assert s.get(Customer, view.id).notes == "中心备注"  # type: ignore[union-attr]
