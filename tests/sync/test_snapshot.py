"""A branch's snapshot (docs/sync.md#enrolment step 3): written from a real PostgreSQL centre
holding several nodes' data, loaded into a fresh migrated SQLite; only the branch's scope
arrives, balances and search work there, and the watermark is the header's."""

from __future__ import annotations

import gzip
import io
import json
import uuid
from typing import Any

import pytest
import sqlalchemy as sa

from app.config import Settings
from app.dto.payments import TenderInput
from app.services import auth, cashier, customers, payments, search, workorders
from app.services.setup import open_database
from app.sync import rows
from app.sync.feed import outside_references, rebuild_search_keys
from app.sync.snapshot import FORMAT, SnapshotIncomplete, load_snapshot, scope_condition, write_snapshot
from app.sync.tables import SYNC_TABLES
from app.sync.triggers import install_branch_capture
from db.engine import Database
from db.models import (
    ApplicationCatalogueRow,
    AppMeta,
    Bill,
    CashierSession,
    Customer,
    CustomerSearchKey,
    Node,
    Payment,
    PaymentAllocation,
    PaymentTender,
    SyncChange,
    TariffVersion,
    User,
    WorkOrder,
)
from tests.conftest import CLERK_PASSWORD
from tests.sync.test_capture import add_bill
from tests.sync.test_feed import add_node, centre  # noqa: F401 — the centre fixture

pytestmark = pytest.mark.pg


def _ids(db: Database, model: Any, where: Any = None) -> set[Any]:
    with db.read() as s:
        q = sa.select(model.id)
        return set(s.scalars(q if where is None else q.where(where)))


def _populate(db: Database, customer_form: Any) -> dict[str, Any]:
    """Three nodes' customers, bills, payments (some taken at another node's counter, some with
    an excess to prepaid), a work order, users; tariffs and the catalogue from the setup."""
    centre_clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    cashier.open_session(db, centre_clerk, 0)
    out: dict[str, Any] = {}
    for code, name in (("3302", "城西供电所"), ("3303", "城北供电所")):
        node_id, clerk = add_node(db, code, name)
        cashier.open_session(db, clerk, 10000)
        ids = []
        for i in range(3):
            cid = customers.register_customer(
                db, clerk, customers.RegisterCustomer(customer_form(name=f"{name[:2]}{'甲乙丙'[i]}户"))
            ).id
            ids.append(cid)
            add_bill(db, clerk, cid, 5000 + 100 * i)
            add_bill(db, clerk, cid, 7000)
            # at its own counter, with an excess to prepaid; then one at the centre's counter
            payments.post_payment(
                db,
                clerk,
                payments.PostPayment(
                    uuid.uuid4(), cid, (TenderInput("cash", 9000 + 1000 * i),), amount_fen=9000 + 1000 * i
                ),
            )
            payments.post_payment(
                db,
                centre_clerk,
                payments.PostPayment(uuid.uuid4(), cid, (TenderInput("cash", 5000),), amount_fen=5000),
            )
        workorders.record_work_order(
            db,
            clerk,
            workorders.RecordWorkOrder(
                "complaint", "attitude.counter", "营业厅排队一小时无人引导", customer_id=ids[0]
            ),
        )
        out[code] = (node_id, ids)
    centre_cid = customers.register_customer(
        db, centre_clerk, customers.RegisterCustomer(customer_form(name="中心户"))
    ).id
    add_bill(db, centre_clerk, centre_cid, 3000)
    out["3301"] = (centre_clerk.node_id, [centre_cid])
    return out


def test_snapshot_carries_the_branch_scope(centre: Database, sqlite_url: str, customer_form: Any) -> None:  # noqa: F811
    data = _populate(centre, customer_form)
    node_id, mine = data["3302"]
    buf = io.BytesIO()
    written = write_snapshot(centre, node_id, buf)
    raw = [json.loads(line) for line in gzip.decompress(buf.getvalue()).decode("utf-8").splitlines()]
    header = raw[0]
    assert header == {"watermark": header["watermark"], "format": FORMAT}
    assert raw[-1] == {"end": written} and written == sum(len(x) for x in raw if isinstance(x, list))
    order = [s.name for s in SYNC_TABLES]
    seen = [x["t"] for x in raw[1:-1] if isinstance(x, dict)]
    assert seen == sorted(seen, key=order.index) == [s.name for s in SYNC_TABLES if s.fed]  # parents first
    for x in raw[1:-1]:  # a table's line names its columns; each row is their values in that order
        if isinstance(x, dict):
            columns = x["c"]
        else:
            assert x and all(isinstance(r, list) and len(r) == len(columns) for r in x)

    branch = open_database(Settings(db_url=sqlite_url))  # a fresh migrated database
    with branch.engine.begin() as conn:
        install_branch_capture(conn)  # installed before enrolment: the load is still no local change
    buf.seek(0)
    assert load_snapshot(branch, buf) == header["watermark"]

    with branch.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(SyncChange)) == 0
    # only the branch's customers and what hangs off them
    assert _ids(branch, Customer) == set(mine)
    assert _ids(branch, Bill) == _ids(centre, Bill, Bill.customer_id.in_(mine))
    assert _ids(branch, Payment) == _ids(centre, Payment, Payment.customer_id.in_(mine))
    pays = _ids(centre, Payment, Payment.customer_id.in_(mine))
    assert _ids(branch, PaymentTender) == _ids(centre, PaymentTender, PaymentTender.payment_id.in_(pays))
    assert _ids(branch, PaymentAllocation) == _ids(
        centre, PaymentAllocation, PaymentAllocation.payment_id.in_(pays)
    )
    assert _ids(branch, WorkOrder) == _ids(centre, WorkOrder, WorkOrder.customer_id.in_(mine))
    assert _ids(branch, User) == _ids(centre, User, User.node_id == node_id)
    assert _ids(branch, CashierSession) == _ids(centre, CashierSession, CashierSession.node_id == node_id)
    # what every node needs
    assert _ids(branch, Node) == _ids(centre, Node)
    assert _ids(branch, TariffVersion) == _ids(centre, TariffVersion) != set()
    with branch.read() as s, centre.read() as c:
        assert set(s.scalars(sa.select(ApplicationCatalogueRow.version))) == set(
            c.scalars(sa.select(ApplicationCatalogueRow.version))
        )
        # the prepaid balances: recomputed by the branch's own payment trigger, equal to the centre's
        balances = dict(s.execute(sa.select(Customer.id, Customer.prepaid_fen)).all())
        assert balances == dict(
            c.execute(sa.select(Customer.id, Customer.prepaid_fen).where(Customer.id.in_(mine))).all()
        )
        assert sum(balances.values()) > 0
        # a payment taken at the centre's counter names a session the branch does not hold
        centre_sessions = set(
            c.scalars(sa.select(CashierSession.id).where(CashierSession.node_id != node_id))
        )
        moved = [p for p in s.scalars(sa.select(Payment)) if p.session_id is None]
        assert moved and all(c.get(Payment, p.id).session_id in centre_sessions for p in moved)  # type: ignore[union-attr]
        # every loaded row reads back as the centre holds it (types and spellings survive)
        for model in (
            Customer,
            Bill,
            Payment,
            PaymentTender,
            PaymentAllocation,
            WorkOrder,
            User,
            TariffVersion,
        ):
            name = model.__tablename__
            for key in s.scalars(sa.select(model.id)):
                here, there = rows.read_image(s, name, {"id": key}), rows.read_image(c, name, {"id": key})
                assert here is not None and there is not None
                if name == "payment" and here["session_id"] is None:
                    there["session_id"] = None
                assert here == there, name
        # the node counters are the branch's own: not copied
        assert {n.op_seq for n in s.scalars(sa.select(Node))} == {0}

    # the branch's clerk logs in there and finds a loaded customer by name
    with branch.write() as s:
        s.add(AppMeta(key="local_node_code", value="3302"))
    bclerk = auth.login(branch, "clerk3302", CLERK_PASSWORD)
    found = search.search_customers(branch, bclerk, "城西乙户")
    assert [r.id for r in found.rows] == [mine[1]]
    with branch.read() as s:
        account = s.get(Customer, mine[2]).account_no  # type: ignore[union-attr]
    assert [r.id for r in search.search_customers(branch, bclerk, account).rows] == [mine[2]]
    branch.dispose()


def _stored(db: Database, name: str, columns: list[str]) -> list[tuple[Any, ...]]:
    """The values as SQLite stores them (no type processing: hex UUIDs, time text, 0/1)."""
    with db.engine.connect() as conn:
        names = ", ".join(f'"{c}"' for c in columns)
        return sorted((tuple(r) for r in conn.exec_driver_sql(f'SELECT {names} FROM "{name}"')), key=repr)


def test_the_load_stores_every_row_as_sqlalchemy_writes_it(
    centre: Database,  # noqa: F811
    sqlite_url: str,
    customer_form: Any,
) -> None:
    """The branch binds the stream's values as they come (PostgreSQL spells them): every fed
    table holds, byte for byte and storage class for storage class, what SQLAlchemy's SQLite
    types write for the centre's rows — as the loader that decoded each value in Python did —
    with references outside the scope fitted as the pull's fit_references fits them; the search
    keys are those feed.rebuild_search_keys builds."""
    data = _populate(centre, customer_form)
    node_id, mine = data["3302"]
    buf = io.BytesIO()
    write_snapshot(centre, node_id, buf)
    buf.seek(0)
    branch = open_database(Settings(db_url=sqlite_url))
    load_snapshot(branch, buf)
    dialect = branch.engine.dialect
    checked = 0
    for s in SYNC_TABLES:
        if not s.fed:
            continue
        tbl = rows.table(s.name)
        columns = [c for c in tbl.columns if c.name not in s.local_columns]
        where = scope_condition(s, tbl, node_id)
        with centre.read() as c:
            found = c.execute(
                sa.select(*columns) if where is None else sa.select(*columns).where(where)
            ).all()
        refs = {fk.parent.name: fk for fk in outside_references(s.name)}
        expected = []
        for row in found:
            values = []
            keep = True
            for col, value in zip(columns, row, strict=True):
                fk = refs.get(col.name)
                if fk is not None and value is not None:
                    target = rows.table(fk.column.table.name)
                    with branch.read() as b:
                        held = b.execute(
                            sa.select(target.c[fk.column.name]).where(target.c[fk.column.name] == value)
                        ).first()
                    if held is None:
                        keep = keep and fk.parent.nullable
                        value = None
                bind = col.type.dialect_impl(dialect).bind_processor(dialect)
                stored = bind(value) if bind is not None and value is not None else value
                values.append(int(stored) if isinstance(stored, bool) else stored)
            if keep:
                expected.append(tuple(values))
        assert _stored(branch, s.name, [c.name for c in columns]) == sorted(expected, key=repr), s.name
        checked += len(expected)
    assert checked > 40
    with branch.write() as s:  # rebuilding the keys the pull's way changes nothing
        before = set(
            s.execute(
                sa.select(CustomerSearchKey.key, CustomerSearchKey.customer_id, CustomerSearchKey.kind)
            ).all()
        )
        rebuild_search_keys(s, mine)
        after = set(
            s.execute(
                sa.select(CustomerSearchKey.key, CustomerSearchKey.customer_id, CustomerSearchKey.kind)
            ).all()
        )
        assert before == after and {r[1] for r in before} == set(mine)
    branch.dispose()


@pytest.mark.parametrize("cut", ["end", "half"])
def test_a_snapshot_that_ends_short_loads_nothing(
    centre: Database,  # noqa: F811
    sqlite_url: str,
    customer_form: Any,
    cut: str,
) -> None:
    """The centre streams as it reads: a stream that breaks off (the gzip cut half-way) or ends
    without its ``end`` line is refused and the transaction rolls back — no half-loaded copy."""
    node_id, _mine = _populate(centre, customer_form)["3302"]
    buf = io.BytesIO()
    write_snapshot(centre, node_id, buf)
    if cut == "end":  # a well-formed gzip whose last line is missing
        lines = gzip.decompress(buf.getvalue()).splitlines(keepends=True)
        assert json.loads(lines[-1]) == {"end": sum(len(json.loads(x)) for x in lines if x.startswith(b"["))}
        data = gzip.compress(b"".join(lines[:-1]))
    else:
        data = buf.getvalue()[: len(buf.getvalue()) // 2]
    branch = open_database(Settings(db_url=sqlite_url))
    with pytest.raises(SnapshotIncomplete):
        load_snapshot(branch, io.BytesIO(data))
    with branch.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Node)) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(Customer)) == 0
        triggers = set(s.scalars(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        indexes = s.scalar(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'index'"))
    assert "trg_payment_prepaid" in triggers and indexes  # what the load lifted is back
    buf.seek(0)
    assert load_snapshot(branch, buf) > 0  # the whole stream loads into the same database
    branch.dispose()


def test_a_column_the_branch_does_not_know_is_left_out(
    centre: Database,  # noqa: F811
    sqlite_url: str,
    customer_form: Any,
) -> None:
    """A centre a version ahead sends a column this branch's schema lacks: its values are left
    out (the others bound by their position in the table's column line), the rows load whole."""
    node_id, mine = _populate(centre, customer_form)["3302"]
    buf = io.BytesIO()
    write_snapshot(centre, node_id, buf)
    lines = [json.loads(x) for x in gzip.decompress(buf.getvalue()).splitlines()]
    table = None
    for i, x in enumerate(lines):
        if isinstance(x, dict) and "t" in x:
            table = x["t"]
            if table == "customer":
                x["c"].insert(1, "added_later")
        elif isinstance(x, list) and table == "customer":
            lines[i] = [[r[0], "新列", *r[1:]] for r in x]
    changed = gzip.compress(b"".join(json.dumps(x, ensure_ascii=False).encode() + b"\n" for x in lines))
    branch = open_database(Settings(db_url=sqlite_url))
    load_snapshot(branch, io.BytesIO(changed))
    with branch.read() as s, centre.read() as c:
        assert _ids(branch, Customer) == set(mine)
        for key in mine:
            assert rows.read_image(s, "customer", {"id": key}) == rows.read_image(c, "customer", {"id": key})
    branch.dispose()
