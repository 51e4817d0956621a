"""A branch PC for the sync tests: its own SQLite database sharing the centre's reference rows,
the real services run on it, and envelopes built from what they wrote.

The capture triggers (app/sync/triggers.py) are another part; this helper does not depend on
them. It reads every synced table before and after a service call and turns the difference into
row changes with their before / after images (rows.encode_row: the canonical spelling every
decoder accepts), and the operation_log records the call appended into the envelope's ops, as
the branch's outbox would send them (one local transaction = one envelope).

    branch = make_branch(centre_db, tmp_path / "branch.db")
    clerk = branch.actor("bclerk")
    shift, env = branch.run(cashier.open_session, branch.db, clerk, 0)
    answer = apply.apply_envelope(centre_db, branch.node_id, env)
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.config import Settings
from app.dto.common import Actor
from app.services import auth, bill_import, customers
from app.services.setup import open_database
from app.sync import rows
from app.sync.envelope import Envelope, OpRecord, RowChange
from app.sync.tables import SYNC_TABLES
from db.engine import Database
from db.models import AppMeta, Customer, Node, Operation, SyncNode, User, utcnow

BRANCH_CODE = "3302"
BRANCH_PASSWORD = "Branch2026"
#: the branch's users (username, display name, employee no, role)
BRANCH_USERS = (("bclerk", "孙营业", "3001", "clerk"), ("bclerk2", "钱收费", "3003", "clerk"),
                ("bsuper", "周所长", "3002", "supervisor"))

Image = dict[str, dict[str, dict[str, Any]]]  # table -> key text -> encoded row


def _travelling(name: str) -> list[sa.Column[Any]]:
    tbl = rows.table(name)
    local = next(s for s in SYNC_TABLES if s.name == name).local_columns
    return [c for c in tbl.columns if c.name not in local]


def read_all(db: Database) -> Image:
    """Every row of every synced table, encoded, by table and key text."""
    out: Image = {}
    with db.read() as session:
        for s in SYNC_TABLES:
            tbl = rows.table(s.name)
            pk = [c.name for c in tbl.primary_key.columns]
            found: dict[str, dict[str, Any]] = {}
            for row in session.execute(sa.select(*_travelling(s.name))).mappings():
                found[rows.key_json(s.name, {k: row[k] for k in pk})] = rows.encode_row(s.name, row)
            out[s.name] = found
    return out


def copy_rows(src: Database, dst: Database, tables: tuple[str, ...] | None = None) -> int:
    """Upsert every row of the synced tables (or ``tables``) from ``src`` into ``dst``, parents
    first; returns rows written. Set-up only: it overwrites whatever ``dst`` has."""
    image = read_all(src)
    n = 0
    with dst.write() as session:
        for s in SYNC_TABLES:
            if tables is not None and s.name not in tables:
                continue
            for encoded in image[s.name].values():
                rows.upsert_row(session, s.name, rows.decode_row(s.name, encoded))
                n += 1
    return n


def diff(before: Image, after: Image) -> list[RowChange]:
    """Row changes from ``before`` to ``after``: inserts and updates parents first, deletes
    children first."""
    changes: list[RowChange] = []
    for s in SYNC_TABLES:
        old, new = before.get(s.name, {}), after.get(s.name, {})
        for key, image in new.items():
            if key not in old:
                changes.append(RowChange(s.name, json.loads(key), "insert", None, image))
            elif old[key] != image:
                changes.append(RowChange(s.name, json.loads(key), "update", old[key], image))
    for s in reversed(SYNC_TABLES):
        old, new = before.get(s.name, {}), after.get(s.name, {})
        for key, image in old.items():
            if key not in new:
                changes.append(RowChange(s.name, json.loads(key), "delete", image, None))
    return changes


def op_record(op: Operation) -> OpRecord:
    return OpRecord(op_id=str(op.op_id), node_id=str(op.node_id), seq=op.seq, op_type=op.op_type,
                    entity_type=op.entity_type, entity_id=str(op.entity_id) if op.entity_id else "",
                    payload=op.payload, payload_hash=op.payload_hash, actor=op.actor, occurred_at=op.occurred_at,
                    prev_hash=op.prev_hash, hash=op.hash)


@dataclass
class Branch:
    centre: Database
    db: Database
    node_id: uuid.UUID
    incarnation: str
    #: the last seq put into an envelope
    sent_seq: int = 0
    #: the branch clock's offset from the true time (sent_at)
    clock_offset: dt.timedelta = dt.timedelta(0)
    envelopes: list[Envelope] = field(default_factory=list)

    def actor(self, username: str) -> Actor:
        """A service session of the branch user at the branch (no password typed, no op written)."""
        with self.db.read() as session:
            user_id = session.scalar(sa.select(User.id).where(User.username == username))
        assert user_id is not None, username
        return auth.service_actor(self.db, user_id)

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, Envelope]:
        """Call a service on the branch; its result and the envelope of what it wrote."""
        before = read_all(self.db)
        result = fn(*args, **kwargs)
        return result, self.envelope(before)

    def envelope(self, before: Image) -> Envelope:
        """The operations after :attr:`sent_seq` and the row changes since ``before``."""
        after = read_all(self.db)
        with self.db.read() as session:
            ops = tuple(op_record(op) for op in session.scalars(
                sa.select(Operation).where(Operation.node_id == self.node_id, Operation.seq > self.sent_seq)
                .order_by(Operation.seq)))
        assert ops, "the call wrote no operation"
        self.sent_seq = ops[-1].seq
        sent_at = (dt.datetime.now(dt.UTC) + self.clock_offset).isoformat()
        env = Envelope(str(self.node_id), self.incarnation, ops, tuple(diff(before, after)), sent_at)
        self.envelopes.append(env)
        return env


def make_branch(centre: Database, path: Path, code: str = BRANCH_CODE, *,
                customers: Iterable[uuid.UUID] = ()) -> Branch:
    """Register branch node ``code`` at the centre (node row, its users, an active sync_node with
    a new incarnation), then make its SQLite database at ``path``: migrated, every synced row of
    the centre copied (same ids), the node as its own. ``customers``: moved to the branch's node
    at the centre first (a branch may change only the rows of its own customers,
    docs/sync.md#trust)."""
    incarnation = str(uuid.uuid4())
    password = auth.hash_password(BRANCH_PASSWORD)
    with centre.write() as session:
        node = Node(code=code, name="城西供电所", company="国网杭州供电公司", address="", phone="", op_seq=0,
                    op_last_hash="", account_seq=0, created_at=utcnow())
        session.add(node)
        session.flush()
        for username, name, employee_no, role in BRANCH_USERS:
            session.add(User(username=username, display_name=name, employee_no=employee_no, role=role,
                             password_hash=password, node_id=node.id))
        session.add(SyncNode(node_id=node.id, status="active", incarnation=incarnation, applied_seq=0,
                             enrolled_at=utcnow(), created_by="admin"))
        node_id = node.id
        moved = list(customers)
        if moved:
            session.execute(sa.update(Customer).where(Customer.id.in_(moved)).values(node_id=node_id))
    db = open_database(Settings(db_url=f"sqlite:///{path}"))
    copy_rows(centre, db)
    with db.write() as session:
        session.add(AppMeta(key="local_node_code", value=code))
    return Branch(centre, db, node_id, incarnation)



def customer_with_bill(db: Database, clerk: Actor, supervisor: Actor, settings: Settings, form: Any) -> Any:
    """A customer registered at the centre (``form``: the ``customer_form`` fixture) with one
    imported bill of ¥128.50 (an ImportBills op, so the centre's reconcile accounts for it)."""
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(form()))
    report = bill_import.import_bills_csv(
        db, supervisor, f"户号,账期,电量,金额\n{view.account_no},2026-10,100,128.50\n".encode(), settings=settings)
    assert not report.errors, report.errors
    return view
