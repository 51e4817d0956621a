"""A customer the centre moves to another node (docs/sync.md#scope-moves), on a real PostgreSQL
centre, the real sync service over loopback and two SQLite branches (old node A, new node B).

The centre's feed trigger on ``customer`` writes, in the moving transaction, a ``leave`` for A of
the customer and every row that was A's only through him (children first) and an ``enter`` for B
of the current image of each of those rows (parents first). A's pull removes them (its unsent
work first reaches the centre: the leave waits for it), B's pull brings them, money unchanged."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.config import Settings
from app.services import auth, bill_import, cashier, customers, payments, search, workorders
from app.services.setup import open_database
from app.sync import client, feed, nodes, outbox, rows, triggers
from app.sync.tables import SYNC_TABLES
from db.engine import Database
from db.models import (
    AppMeta,
    Bill,
    CashierSession,
    Customer,
    CustomerSearchKey,
    Node,
    Payment,
    PaymentAllocation,
    PaymentTender,
    ServiceVisit,
    SyncChange,
    SyncConflict,
    SyncFeed,
    SyncState,
    WorkOrder,
    WorkOrderStep,
)
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, SUPERVISOR_PASSWORD
from tests.sync.branchwork import add_branch_user, register_branch
from tests.sync.loopback import serving
from tests.sync.test_feed import add_node

pytestmark = pytest.mark.pg

A, B = "3302", "3303"


@pytest.fixture
def branch_b(tmp_path: Path) -> Iterator[Database]:
    db = open_database(Settings(db_url=f"sqlite:///{tmp_path / 'branch_b.db'}"))
    yield db
    db.dispose()


def _enrol_both(
    centre: Database, url: str, branch_a: Database, branch_b: Database
) -> tuple[uuid.UUID, uuid.UUID]:
    """Branch A (clerk9) and branch B (clerk8), both enrolled over the loopback service."""
    node_a, code_a = register_branch(centre, A)
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        view, code_b = nodes.register_node(centre, admin, B, "城东供电所")
    finally:
        auth.logout(centre, admin)
    add_branch_user(centre, view.node_id, "clerk8", employee_no="1008")
    client.enrol(url, code_a, branch_a)
    client.enrol(url, code_b, branch_b)
    return node_a, view.node_id


def _register_at_centre(centre: Database, form: Any, node_id: uuid.UUID) -> tuple[uuid.UUID, str]:
    """A customer registered at the centre's counter and given to the node (a branch's users
    never write at the centre: their node's operation chain is the branch PC's)."""
    clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
    try:
        view = customers.register_customer(
            centre, clerk, customers.RegisterCustomer(form, confirm_duplicate=True)
        )
    finally:
        auth.logout(centre, clerk)
    _move(centre, view.id, node_id)
    return view.id, view.account_no


def _issue_bills(centre: Database, account_no: str, amounts: list[str]) -> None:
    supervisor = auth.login(centre, "super1", SUPERVISOR_PASSWORD)
    due = dt.date.today() + dt.timedelta(days=20)
    lines = [
        f"{account_no},2026-{m + 1:02d},100,{amount},2026-{m + 1:02d}-05,{due}"
        for m, amount in enumerate(amounts)
    ]
    csv = "户号,账期,电量,金额,出账日期,缴费截止日\n" + "\n".join(lines) + "\n"
    report = bill_import.import_bills_csv(
        centre, supervisor, csv.encode(), settings=Settings(db_url=centre.url)
    )
    assert report.ok, report.errors[:3]


def _pay_at_centre(centre: Database, customer_id: uuid.UUID, fen: int) -> uuid.UUID:
    clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
    if not cashier.current_session(centre, clerk):
        cashier.open_session(centre, clerk, 0)
    rid = uuid.uuid4()
    payments.post_payment(
        centre, clerk, payments.PostPayment(rid, customer_id, (payments.TenderInput("cash", fen),), fen)
    )
    return rid


def _work_order_at_centre(centre: Database, customer_id: uuid.UUID) -> uuid.UUID:
    clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
    try:
        done = workorders.record_work_order(
            centre,
            clerk,
            workorders.RecordWorkOrder(
                "complaint",
                "attitude.counter",
                customer_id=customer_id,
                reporter_contact="13900001111",
                description="营业厅排队一小时无人引导",
            ),
        )
        workorders.dispatch_work_order(
            centre,
            clerk,
            workorders.WorkOrderCommand(done.id, done.version, department="城东营业厅", person="李主管"),
        )
    finally:
        auth.logout(centre, clerk)
    return done.id


def _move(centre: Database, customer_id: uuid.UUID, node_id: uuid.UUID) -> int:
    """The centre moves the customer to another node (an administrator's UPDATE: no service
    moves customers); the moving transaction's id."""
    with centre.write() as s:
        s.execute(
            sa.update(Customer)
            .where(Customer.id == customer_id)
            .values(node_id=node_id, version=Customer.version + 1)
        )
        return int(s.execute(sa.text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())


def _applied_seq(node_id: uuid.UUID) -> Any:
    """The node's applied_seq at the centre (a scalar subquery)."""
    from db.models import SyncNode

    return sa.select(SyncNode.applied_seq).where(SyncNode.node_id == node_id).scalar_subquery()


def _money(db: Database, customer_id: uuid.UUID) -> dict[str, Any]:
    """Everything about the customer's money a copy holds, comparable across databases."""
    with db.read() as s:
        pays = sorted(
            (str(p), a, pre)
            for p, a, pre in s.execute(
                sa.select(Payment.id, Payment.amount_fen, Payment.prepaid_fen).where(
                    Payment.customer_id == customer_id
                )
            )
        )
        ids = [uuid.UUID(p) for p, _a, _pre in pays]
        return {
            "customer": s.get(Customer, customer_id) is not None,
            "prepaid": s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == customer_id)),
            "bills": sorted(
                (str(b), a)
                for b, a in s.execute(
                    sa.select(Bill.id, Bill.amount_fen).where(Bill.customer_id == customer_id)
                )
            ),
            "payments": pays,
            "tendered": s.scalar(
                sa.select(sa.func.sum(PaymentTender.amount_fen)).where(PaymentTender.payment_id.in_(ids))
            )
            if ids
            else None,
            "allocated": sorted(
                (str(a.bill_id), a.principal_fen, a.late_fee_fen)
                for a in s.scalars(sa.select(PaymentAllocation).where(PaymentAllocation.payment_id.in_(ids)))
            )
            if ids
            else [],
        }


def _subtree(db: Database, customer_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Row images of the customer and every fed row under him (table -> key text -> image)."""
    out: dict[str, dict[str, Any]] = {}
    with db.read() as s:
        image = rows.read_image(s, "customer", {"id": customer_id})
        if image is not None:
            out["customer"] = {str(customer_id): rows.encode_row("customer", image)}
        for d, cond in triggers.dependents("customer"):
            sql = f"SELECT d.id FROM {d.name} d WHERE {cond}"
            root = customer_id.hex if db.is_sqlite else customer_id
            for (pk,) in s.execute(sa.text(sql), {"root": root}):
                key = {"id": uuid.UUID(str(pk))}
                found = rows.read_image(s, d.name, key)
                assert found is not None
                if d.name == "payment":
                    found = {**found, "session_id": None}  # a session of another node stays there
                out.setdefault(d.name, {})[rows.key_json(d.name, key)] = rows.encode_row(d.name, found)
    return out


def _same(copy: dict[str, dict[str, Any]], centre: dict[str, dict[str, Any]]) -> None:
    assert {t: set(v) for t, v in copy.items()} == {t: set(v) for t, v in centre.items()}
    for tbl, found in centre.items():
        for key, image in found.items():
            differ = {c: (copy[tbl][key].get(c), v) for c, v in image.items() if copy[tbl][key].get(c) != v}
            assert not differ, (tbl, differ)


def _searchable(db: Database, username: str, text: str) -> list[uuid.UUID]:
    actor = auth.login(db, username, CLERK_PASSWORD)
    try:
        return [r.id for r in search.search_customers(db, actor, text).rows]
    finally:
        auth.logout(db, actor)


def _watermark(db: Database) -> int:
    with db.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        return int(state.watermark)


def _changes(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(SyncChange)) or 0)


def test_a_moved_customer_leaves_the_old_branch_and_arrives_whole_at_the_new_one(
    centre: Database, branch: Database, branch_b: Database, customer_form: Any
) -> None:
    with serving(centre) as url:
        node_a, node_b = _enrol_both(centre, url, branch, branch_b)
        moved, moved_no = _register_at_centre(centre, customer_form(name="冯小满"), node_a)
        stays, stays_no = _register_at_centre(centre, customer_form(name="陈留守"), node_a)
        _issue_bills(centre, moved_no, ["120.00", "80.50"])
        _issue_bills(centre, stays_no, ["66.00"])
        _pay_at_centre(centre, moved, 12_000 + 8_050 + 5_000)  # both bills, then prepaid
        _pay_at_centre(centre, stays, 6_600)
        complaint = _work_order_at_centre(
            centre, moved
        )  # a complaint about him, dispatched: an order and steps
        client.sync_round(branch)
        client.sync_round(branch_b)
        with branch.read() as s:
            assert s.get(WorkOrder, complaint) is not None
        before_move = _money(centre, moved)
        assert before_move["prepaid"] == 5_000 and len(before_move["bills"]) == 2
        assert _money(branch, moved) == before_move  # A holds him, with his bills and payments
        assert not _money(branch_b, moved)["customer"]
        stays_money = _money(branch, stays)

        txid = _move(centre, moved, node_b)

        # the feed: in the moving transaction, leaves for A children first, enters for B parents first
        with centre.read() as s:
            written = s.scalars(sa.select(SyncFeed).where(SyncFeed.txid == txid).order_by(SyncFeed.id)).all()
        leaves = [(r.tbl, r.image) for r in written if r.action == feed.LEAVE]
        enters = [r.tbl for r in written if r.action == feed.ENTER]
        assert {r.scope_node for r in written if r.action == feed.LEAVE} == {node_a}
        assert {r.scope_node for r in written if r.action in (feed.ENTER, "update")} == {node_b}
        assert all(image is None for t, image in leaves if t != "customer")
        # the customer's own leave records how far the centre had applied A's operations
        with centre.read() as s:
            applied = s.scalar(sa.select(_applied_seq(node_a)))
        assert [json.loads(image or "{}") for t, image in leaves if t == "customer"] == [
            {"applied_seq": applied}
        ]
        order = [s.name for s in SYNC_TABLES]
        assert [order.index(t) for t, _i in leaves] == sorted(
            (order.index(t) for t, _i in leaves), reverse=True
        )
        assert [order.index(t) for t in enters] == sorted(order.index(t) for t in enters)
        assert leaves[-1][0] == "customer"
        assert {"bill", "payment", "payment_tender", "payment_allocation"} <= set(enters)
        assert len(enters) == len(leaves) - 1  # every row under him, once each way

        changes = _changes(branch)
        report = client.sync_round(branch)
        assert report.received > 0 and report.pending == 0, report.summary()
        gone = _money(branch, moved)
        assert not gone["customer"] and gone["bills"] == [] and gone["payments"] == [], gone
        with branch.read() as s:
            assert not s.scalars(
                sa.select(PaymentTender).where(
                    PaymentTender.payment_id.in_([uuid.UUID(p) for p, _a, _pre in before_move["payments"]])
                )
            ).all()
            assert (
                s.scalar(
                    sa.select(sa.func.count())
                    .select_from(CustomerSearchKey)
                    .where(CustomerSearchKey.customer_id == moved)
                )
                == 0
            )
        assert _changes(branch) == changes  # nothing of the removal goes back up
        assert _money(branch, stays) == stays_money  # his neighbour untouched
        assert _searchable(branch, "clerk9", "冯小满") == []
        with branch.read() as s:
            assert s.get(WorkOrder, complaint) is None
            assert not s.scalars(
                sa.select(WorkOrderStep).where(WorkOrderStep.work_order_id == complaint)
            ).all()
        assert _searchable(branch, "clerk9", "陈留守") == [stays]

        client.sync_round(branch_b)
        assert _money(branch_b, moved) == _money(centre, moved) == before_move  # money unchanged
        _same(_subtree(branch_b, moved), _subtree(centre, moved))
        assert _searchable(branch_b, "clerk8", "冯小满") == [moved]

        # and back again: A gets him whole, B lets him go
        _move(centre, moved, node_a)
        client.sync_round(branch)
        client.sync_round(branch_b)
        assert _money(branch, moved) == before_move
        _same(_subtree(branch, moved), _subtree(centre, moved))
        assert not _money(branch_b, moved)["customer"] and _money(branch_b, moved)["payments"] == []
        assert _searchable(branch, "clerk9", "冯小满") == [moved]
        assert _searchable(branch_b, "clerk8", "冯小满") == []
        # A goes on serving him: a payment at A reaches the centre as an ordinary one
        clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
        cashier.open_session(branch, clerk, 0)
        rid = uuid.uuid4()
        payments.post_payment(
            branch, clerk, payments.PostPayment(rid, moved, (payments.TenderInput("cash", 8_050),), 8_050)
        )
        assert client.sync_round(branch).pending == 0
    with centre.read() as s:
        assert s.get(Payment, rid) is not None
        assert not s.scalars(sa.select(SyncConflict).where(SyncConflict.node_id == node_a)).all()
    assert _money(branch, moved) == _money(centre, moved)


def _close_drawer(db: Database, username: str) -> None:
    """Print the session's receipts and close it (交班)."""
    clerk = auth.login(db, username, CLERK_PASSWORD)
    shift = cashier.current_session(db, clerk)
    assert shift is not None
    for no, pid in cashier.unprinted_receipts(db, clerk, shift.id).items():
        payments.record_print(db, clerk, "receipt", pid, no)
    with db.read() as s:
        version = s.scalar(sa.select(CashierSession.version).where(CashierSession.id == shift.id))
    cashier.close_session(db, clerk, cashier.CloseSession(shift.id, int(version or 0), {"note_50": 3}))


def test_money_the_old_branch_took_reaches_the_centre_before_the_customer_leaves(
    centre: Database, branch: Database, branch_b: Database, customer_form: Any
) -> None:
    with serving(centre) as url:
        node_a, node_b = _enrol_both(centre, url, branch, branch_b)
        moved, moved_no = _register_at_centre(centre, customer_form(name="褚先付"), node_a)
        _issue_bills(centre, moved_no, ["150.00"])
        client.sync_round(branch)
        client.sync_round(branch_b)

        # offline at A: the bill paid at A's counter; meanwhile the centre moves him to B
        clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
        cashier.open_session(branch, clerk, 0)
        # the drawer's opening reached the centre before the move: money taken in it is A's
        # own (docs/sync.md#trust, "Money of a customer moved away")
        assert client.sync_round(branch).pending == 0
        rid = uuid.uuid4()
        served = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=3)  # a timed visit too
        payments.post_payment(
            branch,
            clerk,
            payments.PostPayment(
                rid, moved, (payments.TenderInput("cash", 15_000),), 15_000, served_since=served
            ),
        )
        with branch.read() as s:
            visits = s.scalar(sa.select(sa.func.count()).select_from(ServiceVisit)) or 0
        assert visits == 1
        txid = _move(centre, moved, node_b)

        # a pull before the push: the leave is held, the unsent payment stays, the watermark waits
        with branch.read() as s:
            after = int(s.get(SyncState, 1).watermark)  # type: ignore[union-attr]
        with centre.read() as s:
            page = feed.read_feed(s, node_a, after)
        assert any(r.action == feed.LEAVE for r in page.rows)
        with branch.write() as s:
            feed.apply_page(s, page)
        assert _watermark(branch) <= txid
        with branch.read() as s:
            assert s.get(Payment, rid) is not None and s.get(Customer, moved) is not None
            assert outbox.pending_count(s) > 0

        # the next round pushes first: the money is at the centre; the drawer is still open at A,
        # whose close sums that payment: the leave waits for the close, the feed goes on
        report = client.sync_round(branch)
        assert report.pending == 0, report.summary()
        assert _watermark(branch) > txid
        # booked at the centre at once (A's own money, though the customer is B's now), flagged
        # for review, never queued for a supervisor to apply or reject; B gets it with the feed
        with centre.read() as s:
            kept = s.get(Payment, rid)
            assert kept is not None and kept.amount_fen == 15_000 and kept.customer_id == moved
            entries = s.scalars(sa.select(SyncConflict).where(SyncConflict.node_id == node_a)).all()
        assert [(e.kind, e.tbl, e.status) for e in entries] == [("moved_customer", "payment", "open")]
        client.sync_round(branch_b)
        assert _money(branch_b, moved) == _money(centre, moved)
        with branch_b.read() as s:
            assert s.get(Payment, rid) is not None
            assert s.scalar(sa.select(Bill.amount_fen).where(Bill.customer_id == moved)) == 15_000
            assert (
                sum(
                    s.scalars(
                        sa.select(PaymentAllocation.principal_fen).where(PaymentAllocation.payment_id == rid)
                    )
                )
                == 15_000
            )
        with branch.read() as s:
            assert s.get(Payment, rid) is not None and s.get(Customer, moved) is not None
            waiting = s.scalars(sa.select(AppMeta.value).where(AppMeta.key.like("leave:%"))).all()
        assert [json.loads(w)["t"] for w in waiting] == ["customer"]
        _close_drawer(branch, "clerk9")
        with branch.read() as s:
            totals = json.loads(
                s.scalar(sa.select(CashierSession.totals).where(CashierSession.node_id == node_a)) or "{}"
            )
        assert totals.get("cash") == 15_000  # the close counted the money A took

        assert client.sync_round(branch).pending == 0
        with branch.read() as s:
            assert s.get(Customer, moved) is None and s.get(Payment, rid) is None
            assert not s.scalars(sa.select(AppMeta.key).where(AppMeta.key.like("leave:%"))).all()
            # the hall's own records stay, without the customer who left
            assert (s.scalar(sa.select(sa.func.count()).select_from(ServiceVisit)) or 0) == visits
            assert (
                s.scalar(
                    sa.select(sa.func.count())
                    .select_from(ServiceVisit)
                    .where(ServiceVisit.customer_id == moved)
                )
                == 0
            )
            assert (
                s.scalar(sa.select(CashierSession.status).where(CashierSession.node_id == node_a)) == "closed"
            )

        client.sync_round(branch_b)
    at_centre = _money(centre, moved)
    assert any(p == str(rid) for p, _a, _pre in at_centre["payments"])
    assert at_centre["allocated"] and sum(a[1] for a in at_centre["allocated"]) == 15_000
    assert at_centre["tendered"] == 15_000 and at_centre["prepaid"] == 0
    assert _money(branch_b, moved) == at_centre  # B holds him with the money A took
    with centre.read() as s:  # A's day-end matches: the centre holds every payment of the drawer
        entries = s.scalars(sa.select(SyncConflict).where(SyncConflict.node_id == node_a)).all()
    assert [(e.kind, e.tbl) for e in entries] == [("moved_customer", "payment")]


def _copy_bill(s: Session, customer_id: uuid.UUID, bill_id: uuid.UUID) -> None:
    """A new bill of the customer written at the centre (a copy of his bill, another period)."""
    base = s.scalars(sa.select(Bill).where(Bill.customer_id == customer_id).order_by(Bill.period)).first()
    assert base is not None
    image = rows.read_image(s, "bill", {"id": base.id})
    assert image is not None
    rows.insert_row(s, "bill", {**image, "id": bill_id, "bill_no": f"{base.bill_no}C", "period": "2026-12"})


@pytest.mark.parametrize("first", ["bill", "move"])
def test_a_bill_written_at_the_centre_while_its_customer_moves_reaches_the_new_node(
    centre: Database, branch: Database, branch_b: Database, customer_form: Any, first: str
) -> None:
    """Two real PostgreSQL transactions at once (docs/sync.md#scope-moves, "Writers during a
    move"): a bill inserted for the customer and his move to B, in both orders — the one
    started first holds its transaction open while the other runs. A bill is insert-only and
    never fed again, so it must reach B either in the move's enters (the move waited for the
    bill) or with its own feed row scoped to B (the bill waited for the move)."""
    with serving(centre) as url:
        node_a, node_b = _enrol_both(centre, url, branch, branch_b)
        moved, moved_no = _register_at_centre(centre, customer_form(name="孔并发"), node_a)
        _issue_bills(centre, moved_no, ["50.00"])
        client.sync_round(branch)
        client.sync_round(branch_b)
        bill_id = uuid.uuid4()
        errors: list[BaseException] = []

        def other() -> None:
            try:
                if first == "bill":
                    _move(centre, moved, node_b)
                else:
                    with centre.write() as s:
                        _copy_bill(s, moved, bill_id)
            except BaseException as exc:  # reported by the test's thread
                errors.append(exc)

        with centre.engine.connect() as conn:
            held = conn.begin()
            s = Session(bind=conn)
            if first == "bill":
                _copy_bill(s, moved, bill_id)
            else:
                s.execute(
                    sa.update(Customer)
                    .where(Customer.id == moved)
                    .values(node_id=node_b, version=Customer.version + 1)
                )
            s.flush()
            worker = threading.Thread(target=other)
            worker.start()
            worker.join(timeout=2.0)
            waited = worker.is_alive()  # serialised: it waits for the transaction held here
            held.commit()
            s.close()
        worker.join(timeout=60)
        assert not worker.is_alive() and not errors, errors

        client.sync_round(branch_b)
        client.sync_round(branch)
    with branch_b.read() as s:
        assert s.get(Customer, moved) is not None
        got = s.get(Bill, bill_id)
        assert got is not None and got.amount_fen == 5_000
    with branch.read() as s:
        assert s.get(Customer, moved) is None and s.get(Bill, bill_id) is None
    assert _money(branch_b, moved) == _money(centre, moved)
    assert waited  # the two were serialised: the second waited for the first's commit


def test_a_move_that_meets_a_writer_needing_the_customer_gives_up_instead_of_deadlocking(
    centre: Database, customer_form: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer holds the customer's move lock (it wrote a bill under him) and then needs his
    row, which the move has updated already: the move does not wait for the lock (a cycle
    PostgreSQL would break by aborting either side, the clerk's work perhaps), it tries for a
    while and gives up with 55P03; the writer's work commits, the customer stays where he was."""
    node_a, _clerk_a = add_node(centre, A, "城西供电所")
    node_b, _clerk_b = add_node(centre, B, "城东供电所")
    moved, moved_no = _register_at_centre(centre, customer_form(name="卢让路"), node_a)
    _issue_bills(centre, moved_no, ["30.00"])
    monkeypatch.setattr(triggers, "MOVE_LOCK_TRIES", 10)  # 0.5 s
    with centre.engine.begin() as conn:
        triggers.install_centre_feed(conn)
    bill_id = uuid.uuid4()
    errors: list[BaseException] = []

    def move() -> None:
        try:
            _move(centre, moved, node_b)
        except BaseException as exc:
            errors.append(exc)

    with centre.engine.connect() as conn:
        held = conn.begin()
        s = Session(bind=conn)
        _copy_bill(s, moved, bill_id)
        s.flush()
        worker = threading.Thread(target=move)
        worker.start()
        worker.join(timeout=0.3)  # the move has his row and tries for the lock
        s.execute(
            sa.update(Customer)
            .where(Customer.id == moved)
            .values(notes="交费时更正", version=Customer.version + 1)
        )
        held.commit()
        s.close()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert len(errors) == 1, errors  # the app calls it busy (DatabaseBusy): lock not available
    chain: list[BaseException] = []
    current: BaseException | None = errors[0]
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    states = [getattr(getattr(e, "orig", None), "sqlstate", None) for e in chain]
    assert "55P03" in states and any("迁移未执行" in str(e) for e in chain), chain
    with centre.read() as r:
        customer = r.get(Customer, moved)
        assert customer is not None and customer.node_id == node_a and customer.notes == "交费时更正"
        assert r.get(Bill, bill_id) is not None
        assert (
            r.scalar(
                sa.select(SyncFeed.scope_node).where(
                    SyncFeed.tbl == "bill",
                    SyncFeed.action == "insert",
                    SyncFeed.row_key == rows.key_json("bill", {"id": bill_id}),
                )
            )
            == node_a
        )
        assert not r.scalars(
            sa.select(SyncFeed).where(SyncFeed.action == feed.LEAVE, SyncFeed.scope_node == node_a)
        ).all()


def test_a_customer_view_open_when_its_customer_leaves_closes_with_a_message(
    qtbot: Any,
    qapp: Any,
    centre: Database,
    sqlite_url: str,
    customer_form: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The clerk at A has the customer open when the pull removes him: the view closes with a
    clear message in the module's status line; no feature tab fails unexpectedly."""
    from PySide6.QtCore import Qt

    from app.services.setup import local_node
    from tests.ui.helpers import ScriptedDialogs
    from tests.ui.test_screenshots_cashier import window_with
    from tests.ui.test_sync_screens import CTRL_SHIFT, _ready
    from ui.context import UiContext
    from ui.customers.module import CustomersModule
    from ui.tasks import TaskRunner

    settings = Settings(db_url=sqlite_url, sync_interval_seconds=60)  # no timer tick during the test
    branch = open_database(settings)
    caplog.set_level(logging.ERROR)
    try:
        with serving(centre) as url:
            node_a, code = register_branch(centre, A)
            client.enrol(url, code, branch)
            moved, moved_no = _register_at_centre(centre, customer_form(name="卫离所"), node_a)
            _issue_bills(centre, moved_no, ["99.00"])
            assert client.sync_round(branch).pending == 0
            ctx = UiContext(
                settings=settings,
                db=branch,
                node=local_node(branch),
                tasks=TaskRunner(),
                dialogs=ScriptedDialogs(),
            )
            ctx.actor = auth.login(branch, "clerk9", CLERK_PASSWORD)
            window, page = window_with(qtbot, ctx, "customers")
            _ready(qtbot, window, "branch")
            assert isinstance(page, CustomersModule)
            page.open_customer(moved)
            qtbot.waitUntil(lambda: getattr(page.current_customer(), "id", None) == moved, timeout=10000)
            ctx.tasks.wait_idle(10000)

            with centre.read() as s:  # to the centre's own hall
                centre_node = s.scalar(sa.select(Node.id).where(Node.code == "3301"))
            assert centre_node is not None
            _move(centre, moved, centre_node)
            with qtbot.waitSignal(window.sync_feature.sync.finished, timeout=15000):  # type: ignore[union-attr]
                qtbot.keyClick(window, Qt.Key.Key_Y, CTRL_SHIFT)
            qtbot.waitUntil(lambda: page.current_customer() is None, timeout=10000)
            ctx.tasks.wait_idle(10000)
            qtbot.wait(50)
            window.grab().save("/tmp/scope_move_view_closed.png")
            hint = page.search.hint.text()
            assert "已不在本所档案中" in hint and moved_no in hint, hint
            with branch.read() as s:
                assert s.get(Customer, moved) is None
            # opening him again (a scan of his account number) says he is not here, quietly
            page.open_customer(moved)
            ctx.tasks.wait_idle(10000)
            assert page.current_customer() is None
    finally:
        branch.dispose()
    unexpected = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not unexpected, [r.getMessage() for r in unexpected]


def test_a_row_given_to_another_customer_moves_with_the_rows_under_it(
    centre: Database, customer_form: Any
) -> None:
    """Not only customers: any row whose scope column now names another node's row (a work
    order given to a customer of another branch) leaves the old node with its steps and enters
    the new one — written by the same trigger, in the same transaction."""
    node_a, _clerk_a = add_node(centre, A, "城西供电所")
    node_b, _clerk_b = add_node(centre, B, "城东供电所")
    first, _no = _register_at_centre(centre, customer_form(name="蒋一"), node_a)
    second, _no = _register_at_centre(centre, customer_form(name="沈二"), node_b)
    order = _work_order_at_centre(centre, first)
    with centre.read() as s:
        steps = set(s.scalars(sa.select(WorkOrderStep.id).where(WorkOrderStep.work_order_id == order)))
    assert steps
    with centre.write() as s:
        s.execute(
            sa.update(WorkOrder)
            .where(WorkOrder.id == order)
            .values(customer_id=second, version=WorkOrder.version + 1)
        )
        txid = int(s.execute(sa.text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())
    with centre.read() as s:
        written = s.scalars(sa.select(SyncFeed).where(SyncFeed.txid == txid).order_by(SyncFeed.id)).all()
    key = rows.key_json("work_order", {"id": order})
    step_keys = {rows.key_json("work_order_step", {"id": i}) for i in steps}
    assert [(r.tbl, r.row_key, r.action, r.scope_node) for r in written if r.tbl == "work_order"] == [
        ("work_order", key, "update", node_b),
        ("work_order", key, feed.LEAVE, node_a),
    ]
    assert {
        r.row_key
        for r in written
        if r.tbl == "work_order_step" and r.action == feed.ENTER and r.scope_node == node_b
    } == step_keys
    assert {
        r.row_key
        for r in written
        if r.tbl == "work_order_step" and r.action == feed.LEAVE and r.scope_node == node_a
    } == step_keys
    # and a change that moves nothing writes nothing more
    with centre.write() as s:
        s.execute(sa.update(WorkOrder).where(WorkOrder.id == order).values(version=WorkOrder.version + 1))
        again = int(s.execute(sa.text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())
    with centre.read() as s:
        assert [r.action for r in s.scalars(sa.select(SyncFeed).where(SyncFeed.txid == again))] == ["update"]


def test_a_leave_waiting_for_the_drawer_is_void_when_the_customer_comes_back(
    centre: Database, branch: Database, branch_b: Database, customer_form: Any
) -> None:
    with serving(centre) as url:
        node_a, node_b = _enrol_both(centre, url, branch, branch_b)
        moved, moved_no = _register_at_centre(centre, customer_form(name="韩往返"), node_a)
        _issue_bills(centre, moved_no, ["42.00"])
        client.sync_round(branch)
        clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
        cashier.open_session(branch, clerk, 0)
        payments.post_payment(
            branch,
            clerk,
            payments.PostPayment(uuid.uuid4(), moved, (payments.TenderInput("cash", 4_200),), 4_200),
        )
        assert client.sync_round(branch).pending == 0  # his payment is at the centre, in A's open drawer

        _move(centre, moved, node_b)
        client.sync_round(branch)
        with branch.read() as s:  # waiting for the drawer's close
            assert s.get(Customer, moved) is not None
            assert s.scalars(sa.select(AppMeta.key).where(AppMeta.key.like("leave:%"))).all()
        _move(centre, moved, node_a)  # back before the drawer closed
        client.sync_round(branch)
        with branch.read() as s:
            assert not s.scalars(sa.select(AppMeta.key).where(AppMeta.key.like("leave:%"))).all()
        _close_drawer(branch, "clerk9")
        assert client.sync_round(branch).pending == 0
        client.sync_round(branch)
    assert _money(branch, moved)["customer"]  # still A's: nothing removed him
    assert _money(branch, moved) == _money(centre, moved)
    _same(_subtree(branch, moved), _subtree(centre, moved))


def _twin(centre: Database, customer_id: uuid.UUID, account_no: str) -> uuid.UUID:
    """A second customer whose id falls in the same move-lock bucket (its last byte) as
    ``customer_id``'s: his row copied under another id, account and meter number."""
    twin = uuid.UUID(bytes=uuid.uuid4().bytes[:15] + customer_id.bytes[15:])
    with centre.write() as s:
        image = rows.read_image(s, "customer", {"id": customer_id})
        assert image is not None
        rows.insert_row(
            s, "customer", {**image, "id": twin, "account_no": account_no, "meter_no": f"M{account_no}"}
        )
    return twin


def test_a_move_of_several_customers_in_one_transaction_and_a_counter_payment_never_deadlock(
    centre: Database, customer_form: Any
) -> None:
    """Two real PostgreSQL connections: one transaction moves C1 then C2 (the same lock bucket)
    while the centre's clerk posts a payment for C2. The writer takes the bucket's shared lock
    before it locks C2's row (ledger.lock_customer), so it waits for the move instead of holding
    the row the move needs next: both complete, no 40P01."""
    node_a, _clerk_a = add_node(centre, A, "城西供电所")
    node_b, _clerk_b = add_node(centre, B, "城东供电所")
    c1, _ = _register_at_centre(centre, customer_form(name="甲批量"), node_a)
    c2 = _twin(centre, c1, "9900000001")
    assert c1.bytes[15] == c2.bytes[15]
    payment: list[uuid.UUID] = []
    errors: list[BaseException] = []

    def post() -> None:
        try:
            payment.append(_pay_at_centre(centre, c2, 5_000))
        except BaseException as exc:
            errors.append(exc)

    with centre.engine.connect() as conn:
        held = conn.begin()
        s = Session(bind=conn)
        s.execute(
            sa.update(Customer).where(Customer.id == c1).values(node_id=node_b, version=Customer.version + 1)
        )
        s.flush()
        worker = threading.Thread(target=post)
        worker.start()
        worker.join(timeout=1.5)  # the payment waits for the move's bucket, holding nothing of C2
        s.execute(
            sa.update(Customer).where(Customer.id == c2).values(node_id=node_b, version=Customer.version + 1)
        )
        held.commit()
        s.close()
    worker.join(timeout=60)
    assert not worker.is_alive() and not errors, errors
    with centre.read() as r:
        assert {r.get(Customer, c).node_id for c in (c1, c2)} == {node_b}  # type: ignore[union-attr]
        pay = r.get(Payment, payment[0])
        assert pay is not None and pay.customer_id == c2
        assert r.get(Customer, c2).prepaid_fen == 5_000  # type: ignore[union-attr]
        # the payment came after the move: its own feed row goes to B, the new node
        assert (
            r.scalar(
                sa.select(SyncFeed.scope_node).where(
                    SyncFeed.tbl == "payment",
                    SyncFeed.row_key == rows.key_json("payment", {"id": payment[0]}),
                )
            )
            == node_b
        )
