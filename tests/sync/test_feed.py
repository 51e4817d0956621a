"""The centre's change feed and the branch's pull (docs/sync.md#tables, #pull-watermark,
#stale-nodes): feed triggers on a real PostgreSQL centre, the watermark under concurrent
transactions (issue 11, test 10), pruning, and applying pages on a real SQLite branch."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from app.config import Settings
from app.dto.payments import TenderInput
from app.services import auth, cashier, customers, payments, search
from app.services.setup import open_database
from app.sync import feed, outbox, rows
from app.sync.envelope import FeedPage, FeedRow
from app.sync.snapshot import load_snapshot, write_snapshot
from app.sync.tables import SYNC_TABLES
from app.sync.triggers import install_centre_feed
from db.engine import Database
from db.models import (
    AppMeta,
    Customer,
    Node,
    Outage,
    OutageScope,
    Payment,
    PrintRecord,
    SyncChange,
    SyncFeed,
    SyncState,
    TariffVersion,
    User,
    utcnow,
)
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, _setup, set_hall_rules
from tests.sync.test_capture import add_bill

pytestmark = pytest.mark.pg

BRANCH_CODE = "3302"

# ---- the centre (shared with test_snapshot.py) ---------------------------------------------------


def add_node(db: Database, code: str, name: str) -> tuple[uuid.UUID, Any]:
    """A second node at the centre with a clerk of its own (username ``clerk<code>``), logged in."""
    with db.write() as s:
        node = Node(code=code, name=name, company="国网杭州供电公司")
        s.add(node)
        s.flush()
        s.add(
            User(
                username=f"clerk{code}",
                display_name="周所长",
                employee_no=f"9{code}",
                role="clerk",
                password_hash=auth.hash_password(CLERK_PASSWORD),
                node_id=node.id,
            )
        )
        node_id = node.id
    return node_id, auth.login(db, f"clerk{code}", CLERK_PASSWORD)


@pytest.fixture
def centre(pg_url: str) -> Iterator[Database]:
    db, _ = _setup(pg_url)
    with db.engine.begin() as conn:
        install_centre_feed(conn)
        install_centre_feed(conn)  # idempotent
    yield db
    db.dispose()


def feed_rows(db: Database, **where: Any) -> list[SyncFeed]:
    with db.read() as s:
        q = sa.select(SyncFeed).order_by(SyncFeed.id)
        for k, v in where.items():
            q = q.where(getattr(SyncFeed, k) == v)
        return list(s.scalars(q))


def pull_all(db: Database, node_id: uuid.UUID, after: int, limit: int = 1000) -> tuple[list[FeedRow], int]:
    got: list[FeedRow] = []
    while True:
        with db.read() as s:
            page = feed.read_feed(s, node_id, after, limit)
        assert not page.stale
        got.extend(page.rows)
        assert page.watermark >= after
        after = page.watermark
        if not page.more:
            return got, after


def current_xmin(db: Database) -> int:
    with db.read() as s:
        return int(
            s.execute(sa.text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar_one()
        )


# ---- the feed's rows -----------------------------------------------------------------------------


def test_service_writes_feed_rows_with_scope_and_images(centre: Database, customer_form: Any) -> None:
    db = centre
    branch_node, bclerk = add_node(db, BRANCH_CODE, "城西供电所")
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)  # a clerk of the centre's node 3301
    own_node = clerk.node_id

    view = customers.register_customer(db, bclerk, customers.RegisterCustomer(customer_form(name="钱七")))
    [cust] = feed_rows(db, tbl="customer", row_key=rows.key_json("customer", {"id": view.id}))
    assert (cust.action, cust.scope_node, cust.origin_node) == ("insert", branch_node, None)
    image = json.loads(cust.image or "{}")
    assert "prepaid_fen" not in image
    with db.read() as s:
        assert rows.decode_row("customer", image) == rows.read_image(s, "customer", {"id": view.id})

    # a payment for the branch's customer taken at the centre: every row scoped to the customer's node
    add_bill(db, clerk, view.id, 10000)
    cashier.open_session(db, clerk, 0)
    before = feed_rows(db)[-1].id
    receipt = payments.post_payment(
        db,
        clerk,
        payments.PostPayment(uuid.uuid4(), view.id, (TenderInput("cash", 15000),), amount_fen=15000),
    )
    new = [r for r in feed_rows(db) if r.id > before]
    by_tbl = {r.tbl: r for r in new}
    assert {"payment", "payment_tender", "payment_allocation"} <= set(by_tbl)
    for t in ("payment", "payment_tender", "payment_allocation"):
        assert by_tbl[t].scope_node == branch_node, t
    assert rows.decode_row("payment", json.loads(by_tbl["payment"].image or "{}"))["id"] == receipt.payment_id
    # the prepaid balance moved (trigger), but it is a local column: no customer row in the feed
    assert "customer" not in by_tbl
    with db.read() as s:
        assert s.get(Customer, view.id).prepaid_fen == 5000  # type: ignore[union-attr]
    # node counters are local: the op_seq bumps of all these operations fed nothing
    assert not [r for r in feed_rows(db, tbl="node") if r.action == "update"]

    # users and hall rules by their node_id; tariffs for everyone
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    auth.create_user(db, admin, auth.UserInput("clerk9", "孙九", "1009", "clerk", CLERK_PASSWORD))
    [user] = [
        r for r in feed_rows(db, tbl="app_user") if json.loads(r.image or "{}").get("username") == "clerk9"
    ]
    assert user.scope_node == own_node
    set_hall_rules(db, bill_due_days=17)
    assert {r.scope_node for r in feed_rows(db, tbl="hall_rules")} == {own_node}
    with db.write() as s:
        tariff = s.scalars(sa.select(TariffVersion)).first()
        assert tariff is not None
        s.execute(
            sa.insert(TariffVersion).values(
                **{
                    **rows.read_image(s, "tariff_version", {"id": tariff.id}),  # type: ignore[dict-item]
                    "id": uuid.uuid4(),
                    "effective_from": dt.date(2031, 1, 1),
                }
            )
        )
    assert [r.scope_node for r in feed_rows(db, tbl="tariff_version")] == [None]

    # a branch's change applied at the centre names its origin
    with db.engine.begin() as conn:
        conn.execute(
            sa.text("SELECT set_config('gridcounter.origin_node', :n, true)"), {"n": str(branch_node)}
        )
        conn.execute(sa.update(Node).where(Node.id == branch_node).values(phone="0571-1234567"))
    [origin] = [r for r in feed_rows(db, tbl="node") if r.action == "update"]
    assert origin.origin_node == branch_node and origin.scope_node is None

    # a print is pushed up, never fed back
    with db.write() as s:
        s.add(
            PrintRecord(
                doc_type="receipt",
                doc_id=receipt.payment_id,
                doc_no="X",
                copy_no=1,
                reprint=False,
                printed_by="clerk1",
            )
        )
    assert feed_rows(db, tbl="print_record") == []

    # the pull: the branch gets its customer's rows, the centre's own node does not
    got, _ = pull_all(db, branch_node, 0)
    tables = {r.tbl for r in got}
    assert {"customer", "payment", "payment_tender", "payment_allocation", "tariff_version"} <= tables
    assert not tables & {s.name for s in SYNC_TABLES if not s.fed}
    assert "hall_rules" not in tables  # the centre's node's rules
    assert {rows.decode_row("app_user", r.image or {})["node_id"] for r in got if r.tbl == "app_user"} == {
        branch_node
    }
    other, _ = pull_all(db, own_node, 0)
    assert not {r.tbl for r in other} & {"customer", "payment"}
    assert {"app_user", "hall_rules", "tariff_version"} <= {r.tbl for r in other}
    assert [r.id for r in got] == sorted(r.id for r in got)


# ---- the watermark (test 10 of the issue) -------------------------------------------------------


def _rename(conn: sa.Connection, code: str, name: str) -> None:
    conn.execute(sa.update(Node).where(Node.code == code).values(name=name))


def test_watermark_race_a_transaction_that_commits_late_is_not_skipped(centre: Database) -> None:
    db = centre
    add_node(db, BRANCH_CODE, "城西供电所")
    start = current_xmin(db)
    with db.engine.connect() as a, db.engine.connect() as b:
        a.begin()
        _rename(a, "3301", "A 写的")  # A: the smaller transaction id and the smaller feed id
        b.begin()
        _rename(b, BRANCH_CODE, "B 写的")
        b_txid = _txid(b)
        b.commit()
        a_txid = _txid(a)
        assert a_txid < b_txid
        [rb] = [r for r in _all_feed(db) if r.txid >= start]  # B's row is committed, A's is not visible
        with db.read() as s:
            page = feed.read_feed(s, uuid.uuid4(), start)
        assert page.rows == () and page.watermark <= a_txid  # the pull stops before A: not past it
        a.commit()
    [ra] = [r for r in _all_feed(db) if r.txid == a_txid]
    assert ra.id < rb.id  # A's row has the smaller feed id, yet it committed last
    with db.read() as s:
        page2 = feed.read_feed(s, uuid.uuid4(), page.watermark)
    assert [r.id for r in page2.rows] == [ra.id, rb.id]
    assert page2.watermark > b_txid


def _txid(conn: sa.Connection) -> int:
    return int(conn.execute(sa.text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())


def _all_feed(db: Database) -> list[Any]:
    with db.engine.connect() as c:  # another connection: sees committed rows only
        return list(c.execute(sa.select(SyncFeed.id, SyncFeed.txid, SyncFeed.tbl).order_by(SyncFeed.id)))


def test_full_page_ends_at_a_transaction_boundary(centre: Database) -> None:
    db = centre
    for code in ("3302", "3303", "3304", "3305", "3306"):
        add_node(db, code, f"供电所{code}")
    start = current_xmin(db)
    plan = [("3302", "3303"), ("3304", "3305"), ("3302", "3303", "3304", "3305", "3306")]
    txids = []
    for codes in plan:
        with db.engine.begin() as conn:
            for code in codes:
                _rename(conn, code, f"改名{code}{len(codes)}")
            txids.append(int(conn.execute(sa.text("SELECT pg_current_xact_id()::text::bigint")).scalar_one()))
    pages = []
    after = start
    while True:
        with db.read() as s:
            page = feed.read_feed(s, uuid.uuid4(), after, limit=3)
        pages.append(page)
        after = page.watermark
        if not page.more:
            break
    sizes = [len(p.rows) for p in pages if p.rows]
    assert sizes == [2, 2, 5]  # never half a transaction; a transaction bigger than a page goes whole
    assert pages[0].watermark == txids[1] and pages[1].watermark == txids[2]
    assert pages[2].watermark == txids[2] + 1


def test_threaded_stress_every_row_pulled_once(centre: Database) -> None:
    db = centre
    codes = [f"34{i:02d}" for i in range(4)]
    for code in codes:
        add_node(db, code, f"供电所{code}")
    start = current_xmin(db)
    writes_per_thread = 12
    errors: list[BaseException] = []
    done = threading.Event()

    def writer(code: str, seed: int) -> None:
        rnd = random.Random(seed)
        try:
            for i in range(writes_per_thread):
                with db.engine.connect() as conn:
                    conn.begin()
                    _rename(conn, code, f"{code}-{i}")
                    if rnd.random() < 0.3:
                        _rename(conn, code, f"{code}-{i}b")  # two rows in one transaction
                    time.sleep(rnd.uniform(0, 0.02))  # commit in random order
                    conn.commit()
        except BaseException as exc:  # noqa: BLE001 — reported by the main thread
            errors.append(exc)

    pulled: list[int] = []

    def reader() -> None:
        after = start
        try:
            while True:
                finished = done.is_set()
                with db.read() as s:
                    page = feed.read_feed(s, uuid.uuid4(), after, limit=4)
                pulled.extend(r.id for r in page.rows)
                assert page.watermark >= after
                after = page.watermark
                if finished and not page.more:
                    return
                time.sleep(0.002)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(c, n)) for n, c in enumerate(codes)]
    r = threading.Thread(target=reader)
    r.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    r.join(timeout=60)
    assert not errors, errors
    everything = [row.id for row in _all_feed(db) if row.txid >= start]
    assert len(everything) >= len(codes) * writes_per_thread
    assert len(pulled) == len(set(pulled))  # no row twice
    assert set(pulled) == set(everything)  # none missed


# ---- retention -----------------------------------------------------------------------------------


def test_prune_records_the_horizon_and_old_watermarks_are_stale(centre: Database) -> None:
    db = centre
    add_node(db, BRANCH_CODE, "城西供电所")
    old = current_xmin(db)
    with db.engine.begin() as conn:
        _rename(conn, "3301", "一")
    cut = max(r.txid for r in _all_feed(db))
    with db.write() as s:
        assert feed.prune_feed(s, utcnow() - dt.timedelta(days=1)) == 0  # nothing that old
        deleted = feed.prune_feed(s, utcnow() + dt.timedelta(seconds=5))
    assert deleted >= 1 and feed_rows(db) == []
    with db.engine.begin() as conn:
        _rename(conn, BRANCH_CODE, "二")
    with db.read() as s:
        assert s.get(AppMeta, feed.HORIZON_KEY).value == str(cut + 1)  # type: ignore[union-attr]
        stale = feed.read_feed(s, uuid.uuid4(), old)
        fresh = feed.read_feed(s, uuid.uuid4(), cut + 1)
    assert stale.stale and stale.rows == () and stale.watermark == old
    assert not fresh.stale and [r.tbl for r in fresh.rows] == ["node"]


# ---- the branch applies pages --------------------------------------------------------------------


@pytest.fixture
def linked(centre: Database, sqlite_url: str, customer_form: Any) -> Iterator[dict[str, Any]]:
    """A centre with a branch node (a customer with a bill and a payment), and that branch's
    SQLite database loaded from its snapshot, enrolled and capturing."""
    branch_node, bclerk = add_node(centre, BRANCH_CODE, "城西供电所")
    view = customers.register_customer(centre, bclerk, customers.RegisterCustomer(customer_form(name="吴十")))
    buf = io.BytesIO()
    write_snapshot(centre, branch_node, buf)
    branch = open_database(Settings(db_url=sqlite_url))
    buf.seek(0)
    watermark = load_snapshot(branch, buf)
    with branch.write() as s:
        s.add(AppMeta(key="local_node_code", value=BRANCH_CODE))
    make_branch_for(branch, branch_node, watermark)
    yield {
        "centre": centre,
        "branch": branch,
        "node": branch_node,
        "bclerk": bclerk,
        "customer": view.id,
        "watermark": watermark,
    }
    branch.dispose()


def make_branch_for(db: Database, node_id: uuid.UUID, watermark: int) -> None:
    from app.sync.triggers import install_branch_capture

    with db.write() as s:
        s.add(
            SyncState(
                id=1,
                node_id=node_id,
                server_url="http://centre.invalid",
                incarnation=str(uuid.uuid4()),
                pushed_seq=0,
                watermark=watermark,
                last_error="",
                open_conflicts=0,
                clock_skew_seconds=0,
                applying=0,
            )
        )
    with db.engine.begin() as conn:
        install_branch_capture(conn)
    outbox.enable_group_capture(db)


def rename_customer(db: Database, actor: Any, cid: uuid.UUID, name: str, customer_form: Any) -> None:
    with db.read() as s:
        row = s.get(Customer, cid)
        assert row is not None
        version, form = row.version, customer_form(name=name, id_number=row.id_number, phone=row.phone)
    customers.update_customer(db, actor, customers.UpdateCustomer(cid, version, form))


def _pull_into_branch(link: dict[str, Any]) -> int:
    centre, branch = link["centre"], link["branch"]
    applied = 0
    while True:
        with branch.read() as s:
            after = s.get(SyncState, 1).watermark  # type: ignore[union-attr]
        with centre.read() as s:
            page = feed.read_feed(s, link["node"], after)
        with branch.write() as s:
            applied += feed.apply_page(s, page)
        if not page.more:
            return applied


def _branch_changes(branch: Database) -> int:
    with branch.read() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(SyncChange)) or 0)


def test_apply_page_brings_central_changes_without_capturing_them(
    linked: dict[str, Any], customer_form: Any
) -> None:
    centre, branch, bclerk, cid = linked["centre"], linked["branch"], linked["bclerk"], linked["customer"]
    clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
    # centre: a new customer for the branch, an edit of the existing one, a bill and a payment
    # taken at the centre's own counter (its cashier session is not in the branch's scope)
    new = customers.register_customer(
        centre, bclerk, customers.RegisterCustomer(customer_form(name="郑十一"))
    )
    rename_customer(centre, bclerk, cid, "吴十改", customer_form)
    add_bill(centre, clerk, new.id, 8000)
    cashier.open_session(centre, clerk, 0)
    receipt = payments.post_payment(
        centre,
        clerk,
        payments.PostPayment(uuid.uuid4(), new.id, (TenderInput("cash", 10000),), amount_fen=10000),
    )
    changes_before = _branch_changes(branch)

    assert _pull_into_branch(linked) > 0

    assert _branch_changes(branch) == changes_before  # nothing pulled is pushed back
    with branch.read() as s, centre.read() as c:
        for key in ({"id": cid}, {"id": new.id}):
            assert rows.read_image(s, "customer", key) == rows.read_image(c, "customer", key)
        # the branch's own payment trigger recomputed the prepaid balance
        assert s.get(Customer, new.id).prepaid_fen == c.get(Customer, new.id).prepaid_fen == 2000  # type: ignore[union-attr]
        pay = s.get(Payment, receipt.payment_id)
        assert pay is not None and pay.session_id is None  # the centre's session stays at the centre
        state = s.get(SyncState, 1)
        assert state is not None and state.applying == 0 and state.watermark > linked["watermark"]
    # search keys were rebuilt for the customers the page touched
    bactor = auth.login(branch, f"clerk{BRANCH_CODE}", CLERK_PASSWORD)
    assert [r.id for r in search.search_customers(branch, bactor, "吴十改").rows] == [cid]
    assert [r.id for r in search.search_customers(branch, bactor, "郑十一").rows] == [new.id]
    assert search.search_customers(branch, bactor, "吴十 ").rows == [] or all(
        r.id == cid for r in search.search_customers(branch, bactor, "吴十").rows
    )


def test_apply_page_guards(linked: dict[str, Any], customer_form: Any) -> None:
    centre, branch, cid = linked["centre"], linked["branch"], linked["customer"]
    bactor = auth.login(branch, f"clerk{BRANCH_CODE}", CLERK_PASSWORD)
    with branch.read() as s:
        local = rows.read_image(s, "customer", {"id": cid})
        assert local is not None
    key = {"id": str(cid)}
    older = FeedRow(
        1,
        "customer",
        key,
        "update",
        rows.encode_row("customer", {**local, "name": "旧名", "version": local["version"] - 1}),
    )
    with branch.write() as s:
        assert feed.apply_page(s, FeedPage((older,), linked["watermark"])) == 0
    with branch.read() as s:
        assert rows.read_image(s, "customer", {"id": cid}) == local  # a redelivery never rolls back
        assert s.get(SyncState, 1).watermark == linked["watermark"]  # type: ignore[union-attr]

    # a local change not yet answered: the centre's image of that row waits
    rename_customer(branch, bactor, cid, "吴十所改", customer_form)
    with branch.read() as s:
        assert outbox.has_pending_change(s, "customer", rows.key_json("customer", {"id": cid}))
        mine = rows.read_image(s, "customer", {"id": cid})
    newer = FeedRow(
        2, "customer", key, "update", rows.encode_row("customer", {**local, "name": "中心改", "version": 99})
    )
    with branch.write() as s:
        assert feed.apply_page(s, FeedPage((newer,), linked["watermark"])) == 0
    with branch.read() as s:
        assert rows.read_image(s, "customer", {"id": cid}) == mine

    # tombstones: a central delete removes the branch's copy (outage scope rows, non-ASCII keys)
    with centre.write() as s:
        outage = Outage(
            outage_no="TD33010001",
            node_id=linked["node"],
            kind="planned",
            status="announced",
            starts_at=utcnow(),
            expected_end=utcnow() + dt.timedelta(hours=4),
            ends_at=utcnow() + dt.timedelta(hours=4),
            reason="线路检修",
            entered_by="admin",
        )
        s.add(outage)
        s.flush()
        s.add(OutageScope(outage_id=outage.id, kind="line", value="10kV城西线"))
        oid = outage.id
    _pull_into_branch(linked)
    with branch.read() as s:
        assert s.get(OutageScope, (oid, "line", "10kV城西线")) is not None
    with centre.write() as s:
        s.execute(sa.delete(OutageScope).where(OutageScope.outage_id == oid))
    [tomb] = feed_rows(centre, tbl="outage_scope", action="delete")
    assert tomb.row_key == rows.key_json(
        "outage_scope", {"outage_id": oid, "kind": "line", "value": "10kV城西线"}
    )
    assert tomb.image is None
    _pull_into_branch(linked)
    with branch.read() as s:
        assert s.get(OutageScope, (oid, "line", "10kV城西线")) is None
        assert s.get(Outage, oid) is not None
