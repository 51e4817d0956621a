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
from app.sync.snapshot import load_snapshot, write_snapshot
from app.sync.tables import SYNC_TABLES
from app.sync.triggers import install_branch_capture
from db.engine import Database
from db.models import (
    ApplicationCatalogueRow,
    AppMeta,
    Bill,
    CashierSession,
    Customer,
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
    raw = gzip.decompress(buf.getvalue()).decode("utf-8").splitlines()
    header = json.loads(raw[0])
    assert set(header) == {"watermark"} and written == len(raw) - 1
    order = [s.name for s in SYNC_TABLES]
    seen = [json.loads(line)["t"] for line in raw[1:]]
    assert seen == sorted(seen, key=order.index)  # parents first
    assert not set(seen) & {s.name for s in SYNC_TABLES if not s.fed}

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
