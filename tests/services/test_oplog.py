"""The operation log (操作日志), docs/rules.md#all-or-nothing and docs/audit.md.

One record per business operation, written in the same transaction as its rows; a
gap-free sequence and a hash chain per node; ``verify`` finds the first broken link.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import uuid

import pytest
from sqlalchemy import delete, func, select, update

from app.config import Settings
from app.domain.errors import (
    ConcurrentEdit,
    DuplicateSuspected,
    OverrideRequired,
    PermissionDenied,
    ValidationErrors,
)
from app.dto.common import Actor
from app.services import auth
from app.services import customers as cs
from app.write_path import oplog
from db.engine import Database
from db.models import Customer, Node, Operation, User
from tests.conftest import CLERK_PASSWORD, _setup, valid_resident_id
from tests.journal import guards_lifted


def _ops(db) -> list[Operation]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.scalars(select(Operation).order_by(Operation.seq)))


def _register(db, settings, actor, data, **kw):  # type: ignore[no-untyped-def]
    return cs.register_customer(db, actor, cs.RegisterCustomer(data, **kw))


def _edit(view):  # type: ignore[no-untyped-def]
    return cs.CustomerInput(view.party_type, view.kind, view.name, view.id_type, None, view.area,
                            view.voltage_level, str(view.capacity_kva), view.tariff_code, phone=None, phone2=None,
                            supply_address=view.supply_address, notes="改")


def _verify(db) -> oplog.ChainReport:  # type: ignore[no-untyped-def]
    with db.read() as s:
        (report,) = oplog.verify(s)
    return report


# Log-in bookkeeping is audited too (docs/rules.md#passwords-and-lockout), so the fixtures' own log-ins add records.
# Counts and sequence numbers are therefore read from the log, never assumed.
AUTH_OPS = frozenset({"Login", "AuthFailed", "LockUser"})


def _business(ops: list[Operation]) -> list[Operation]:
    return [op for op in ops if op.op_type not in AUTH_OPS]


def _op_count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Operation)) or 0


# ---- one record per operation, in the same transaction --------------------------------------


def test_initial_setup_logs_the_node_and_each_user(db):
    ops = _ops(db)
    business = _business(ops)
    assert [op.op_type for op in business] == ["InitializeNode", "CreateUser", "LoadTariffCatalogue",
                                               "ImportApplicationCatalogue", "CreateUser", "CreateUser", "CreateUser"]
    created = [json.loads(op.payload)["username"] for op in business if op.op_type == "CreateUser"]
    assert created == ["admin", "clerk1", "clerk2", "super1"]
    # Anything else in the setup log is the admin logging in to create the other users.
    assert {(op.op_type, op.actor) for op in ops if op.op_type in AUTH_OPS} <= {("Login", "admin")}


def _user_id(db, name: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(User.id).where(User.username == name))



def _change_password(db: Database, st: Settings, clerk: Actor) -> uuid.UUID:
    """clerk1 changes their own password; the id of the user it touched."""
    auth.change_own_password(db, clerk, CLERK_PASSWORD, "Brand-new-2026")
    return clerk.user_id


WRITES = {
    "RegisterCustomer": lambda db, st, admin, clerk, form: (
        None, lambda: _register(db, st, clerk, form()).id),
    "UpdateCustomer": lambda db, st, admin, clerk, form: (
        (view := _register(db, st, clerk, form())),
        lambda: cs.update_customer(db, clerk, cs.UpdateCustomer(view.id, view.version, _edit(view))).id),
    "CreateUser": lambda db, st, admin, clerk, form: (
        None, lambda: auth.create_user(db, admin, auth.UserInput("newbie", "新人", "1003", "clerk", "Newbie2026")).id),
    "UpdateUser": lambda db, st, admin, clerk, form: (
        None, lambda: auth.update_user(db, admin, _user_id(db, "clerk2"), 1,
                                       auth.UserInput("clerk2", "李明明", "1002", "clerk")).id),
    "UnlockUser": lambda db, st, admin, clerk, form: (
        None, lambda: auth.unlock_user(db, admin, _user_id(db, "clerk2")).id),
    "ChangePassword": lambda db, st, admin, clerk, form: (
        None, lambda: _change_password(db, st, clerk)),
}


@pytest.mark.parametrize("op_type", list(WRITES))
def test_every_service_write_appends_exactly_one_record(db, settings, admin, clerk, customer_form, op_type):
    _, run = WRITES[op_type](db, settings, admin, clerk, customer_form)
    before = _ops(db)
    entity_id = run()
    after = _ops(db)
    assert len(after) == len(before) + 1
    new = after[-1]
    assert new.op_type == op_type and new.entity_id == entity_id and new.seq == before[-1].seq + 1
    assert new.op_id.version == 7  # UUIDv7
    assert _verify(db).ok


def test_register_record_carries_the_account_number_and_values(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form(name="赵六"))
    new = _ops(db)[-1]
    payload = json.loads(new.payload)
    assert payload["account_no"] == view.account_no and payload["name"] == "赵六"
    assert new.actor == "clerk1" and new.entity_type == "customer"
    assert new.occurred_at[:4].isdigit() and ("+" in new.occurred_at[19:] or "-" in new.occurred_at[19:])


def _failing_writes(db, settings, admin, clerk, clerk2, customer_form):  # type: ignore[no-untyped-def]
    first = _register(db, settings, clerk, customer_form(id_number=valid_resident_id(500), name="钱七",
                                                         phone="13800000007"))
    cs.update_customer(db, clerk, cs.UpdateCustomer(first.id, first.version, _edit(first)))
    bad_id = valid_resident_id(501)[:17] + ("0" if valid_resident_id(501)[17] != "0" else "1")
    return [
        (ValidationErrors, lambda: _register(db, settings, clerk, customer_form(name=""))),
        (OverrideRequired, lambda: _register(db, settings, clerk, customer_form(id_number=bad_id))),
        (DuplicateSuspected, lambda: _register(db, settings, clerk, customer_form(id_number=valid_resident_id(500)))),
        (ConcurrentEdit, lambda: cs.update_customer(db, clerk2,
                                                    cs.UpdateCustomer(first.id, first.version, _edit(first)))),
        (PermissionDenied, lambda: auth.create_user(db, clerk, auth.UserInput("x1", "某", "1", "clerk", "Abcdefg1"))),
        (ValidationErrors, lambda: auth.create_user(db, admin, auth.UserInput("clerk1", "某", "1", "clerk", "Abcdefg1"))),
    ]


def test_failed_operations_append_nothing(db, settings, admin, clerk, clerk2, customer_form):
    cases = _failing_writes(db, settings, admin, clerk, clerk2, customer_form)
    before = _ops(db)
    for error, run in cases:
        with pytest.raises(error):
            run()
    assert [op.op_id for op in _ops(db)] == [op.op_id for op in before]
    assert _verify(db).ok


def test_a_crash_after_the_rows_rolls_back_rows_record_and_numbers(db, settings, clerk, customer_form, monkeypatch):
    """The customer row, its search keys, the account number and the log record commit together."""
    _register(db, settings, clerk, customer_form())

    def boom(*_a, **_k):  # type: ignore[no-untyped-def]
        raise RuntimeError("power cut")

    monkeypatch.setattr(cs.oplog, "append", boom)
    with pytest.raises(RuntimeError):
        _register(db, settings, clerk, customer_form(name="孙八"))
    monkeypatch.undo()
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 1
        assert s.scalar(select(Node.account_seq)) == 1
    again = _register(db, settings, clerk, customer_form(name="孙八"))
    assert again.account_no == "33010000002"
    seqs = [op.seq for op in _ops(db)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_crash_inside_append_rolls_back_the_sequence(db, settings, clerk, customer_form, monkeypatch):
    real_add = None

    def add_then_fail(session, *a, **k):  # type: ignore[no-untyped-def]
        real_add(session, *a, **k)
        raise RuntimeError("disk full")

    real_add = oplog.append
    before = _ops(db)
    monkeypatch.setattr(cs.oplog, "append", add_then_fail)
    with pytest.raises(RuntimeError):
        _register(db, settings, clerk, customer_form())
    monkeypatch.undo()
    assert [op.op_id for op in _ops(db)] == [op.op_id for op in before]
    _register(db, settings, clerk, customer_form())
    after = _ops(db)
    assert len(after) == len(before) + 1
    assert after[-1].op_type == "RegisterCustomer" and after[-1].seq == before[-1].seq + 1
    report = _verify(db)
    assert report.ok and report.records == len(before) + 1


# ---- sequence and chain ---------------------------------------------------------------------


def test_sequence_is_gap_free_and_each_record_links_to_the_previous(db, settings, clerk, customer_form):
    for _ in range(4):
        _register(db, settings, clerk, customer_form())
    ops = _ops(db)
    assert [op.seq for op in ops] == list(range(1, len(ops) + 1))
    assert ops[0].prev_hash == ""
    for prev, op in zip(ops, ops[1:], strict=False):
        assert op.prev_hash == prev.hash
        assert op.hash == oplog.record_hash(op.op_id, op.node_id, op.seq, op.op_type, op.entity_type,
                                            op.entity_id, op.payload_hash, op.actor, op.occurred_at, op.prev_hash)
    with db.read() as s:
        node = s.scalar(select(Node))
        assert (node.op_seq, node.op_last_hash) == (ops[-1].seq, ops[-1].hash)
    assert len({op.op_id for op in ops}) == len(ops)


def test_verify_reports_an_intact_chain(db, settings, clerk, customer_form):
    before = _op_count(db)
    _register(db, settings, clerk, customer_form())
    report = _verify(db)
    head = _ops(db)[-1]
    assert report == oplog.ChainReport("3301", before + 1, True, None, "", head_seq=head.seq, head_hash=head.hash)


def test_verify_walks_the_chain_in_batches(db, settings, clerk, customer_form):
    before = _op_count(db)
    for _ in range(3):
        _register(db, settings, clerk, customer_form())
    with db.read() as s:
        (small,) = oplog.verify(s, batch=2)
    assert small.ok and small.records == before + 3 > 2
    assert small == _verify(db)


# ---- tampering ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Chain:
    db: object
    last: int  # seq of the last record
    registrations: list[int]  # seqs of the four RegisterCustomer records, in order

    def seq_of(self, op_type: str, username: str) -> int:
        """The seq of the one ``op_type`` record whose payload names ``username``."""
        (seq,) = [op.seq for op in _ops(self.db)
                  if op.op_type == op_type and json.loads(op.payload).get("username") == username]
        return seq


@pytest.fixture
def chain(db, settings, clerk, customer_form) -> Chain:  # type: ignore[no-untyped-def]
    """The setup records (and the fixtures' log-ins), then four registrations, seqs 1..last."""
    for _ in range(4):
        _register(db, settings, clerk, customer_form())
    ops = _ops(db)
    assert [op.seq for op in ops] == list(range(1, len(ops) + 1)) and _verify(db).ok
    registrations = [op.seq for op in ops if op.op_type == "RegisterCustomer"]
    assert len(registrations) == 4 and registrations[-1] == ops[-1].seq
    return Chain(db, ops[-1].seq, registrations)


def _tamper(db, *stmts) -> oplog.ChainReport:  # type: ignore[no-untyped-def]
    with db.write() as s, guards_lifted(s):  # an intruder past the append-only triggers
        for stmt in stmts:
            s.execute(stmt)
    return _verify(db)


def _op_at(chain: Chain, seq: int) -> Operation:
    (op,) = [op for op in _ops(chain.db) if op.seq == seq]
    return op


def test_edited_payload_is_reported_at_its_seq(chain):
    seq = chain.registrations[1]
    report = _tamper(chain.db, update(Operation).where(Operation.seq == seq)
                     .values(payload=Operation.payload.concat(" ")))
    assert not report.ok and report.first_broken_seq == seq and "内容" in report.problem


def test_edited_payload_with_recomputed_payload_hash_is_reported(chain):
    seq = chain.registrations[1]
    original = _op_at(chain, seq).payload
    forged = original.replace("张三", "张四")
    assert forged != original
    report = _tamper(chain.db, update(Operation).where(Operation.seq == seq)
                     .values(payload=forged, payload_hash=oplog._sha256(forged)))
    assert not report.ok and report.first_broken_seq == seq


def test_deleted_middle_record_is_reported_as_a_gap(chain):
    seq = chain.registrations[0]
    assert 1 < seq < chain.last
    report = _tamper(chain.db, delete(Operation).where(Operation.seq == seq))
    assert not report.ok and report.first_broken_seq == seq and f"缺少第{seq}条" in report.problem


def test_changed_hash_is_reported(chain):
    seq = chain.seq_of("CreateUser", "clerk2")
    report = _tamper(chain.db, update(Operation).where(Operation.seq == seq).values(hash="0" * 64))
    assert not report.ok and report.first_broken_seq == seq


def test_changed_header_is_reported(chain):
    seq = chain.registrations[2]
    report = _tamper(chain.db, update(Operation).where(Operation.seq == seq).values(actor="super1"))
    assert not report.ok and report.first_broken_seq == seq and "记录头" in report.problem


def test_deleted_last_record_is_reported(chain):
    report = _tamper(chain.db, delete(Operation).where(Operation.seq == chain.last))
    assert not report.ok and report.first_broken_seq == chain.last and "末尾" in report.problem


def test_deleted_last_record_with_rewound_counter_is_reported(chain):
    """The counter agrees with the shortened log, but the node's last hash does not."""
    report = _tamper(chain.db, delete(Operation).where(Operation.seq == chain.last),
                     update(Node).values(op_seq=chain.last - 1))
    assert not report.ok and report.first_broken_seq == chain.last - 1


def test_replaced_record_is_reported_at_the_next_link(chain):
    """Rewriting a whole record consistently still breaks the next record's prev_hash."""
    seq = chain.seq_of("CreateUser", "clerk2")
    assert seq < chain.last
    op = _op_at(chain, seq)
    payload = op.payload.replace("clerk2", "clerk9")
    assert payload != op.payload
    payload_hash = oplog._sha256(payload)
    digest = oplog.record_hash(op.op_id, op.node_id, op.seq, op.op_type, op.entity_type, op.entity_id,
                               payload_hash, op.actor, op.occurred_at, op.prev_hash)
    assert digest != op.hash
    report = _tamper(chain.db, update(Operation).where(Operation.seq == seq)
                     .values(payload=payload, payload_hash=payload_hash, hash=digest))
    assert not report.ok and report.first_broken_seq == seq + 1 and "前一记录" in report.problem


# ---- concurrency ----------------------------------------------------------------------------


def _register_concurrently(db, settings, actors, customer_form, n):  # type: ignore[no-untyped-def]
    forms = [customer_form(name=f"并发{chr(0x4E00 + i)}") for i in range(n)]
    start = threading.Barrier(n, timeout=30)
    results: list[object] = [None] * n

    def work(i: int) -> None:
        start.wait()
        try:
            results[i] = _register(db, settings, actors[i % len(actors)], forms[i])
        except Exception as exc:  # noqa: BLE001 - asserted below
            results[i] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.pg
def test_concurrent_registrations_on_postgresql_keep_the_log_gap_free(pg_url, customer_form):
    n = 8
    db, settings = _setup(pg_url)
    try:
        actors = [auth.login(db, u, CLERK_PASSWORD) for u in ("clerk1", "clerk2")]
        results = _register_concurrently(db, settings, actors, customer_form, n)
        assert all(isinstance(r, cs.CustomerView) for r in results), results
        accounts = sorted(r.account_no for r in results)  # type: ignore[union-attr]
        assert accounts == [f"3301{i:07d}" for i in range(1, n + 1)]
        ops = _ops(db)
        assert [op.seq for op in ops] == list(range(1, len(ops) + 1))
        assert sum(op.op_type == "RegisterCustomer" for op in ops) == n
        report = _verify(db)
        assert report.ok and report.records == len(ops)
    finally:
        db.dispose()


def test_concurrent_registrations_on_sqlite_keep_the_log_gap_free(sqlite_db, customer_form):
    db, settings = sqlite_db
    actors = [auth.login(db, "clerk1", CLERK_PASSWORD)]
    results = _register_concurrently(db, settings, actors, customer_form, 6)
    assert all(isinstance(r, cs.CustomerView) for r in results), results
    assert len({r.account_no for r in results}) == 6  # type: ignore[union-attr]
    assert _verify(db).ok


def test_actor_on_another_node_gets_its_own_chain(db, settings, clerk, customer_form):
    """Two nodes in one database (a shared PostgreSQL for several halls): one chain each."""
    east_records = _op_count(db)  # all on node 3301 so far
    with db.write() as s:
        s.add(Node(code="3302", name="城西营业厅", company="", op_seq=0, op_last_hash="", account_seq=0))
    with db.write() as s:
        west = s.scalar(select(Node).where(Node.code == "3302"))
        # A user of that hall logs in there (a hand-built Actor is refused: issue 7 item 5).
        s.execute(update(User).where(User.username == "clerk2").values(node_id=west.id))
    west_clerk = auth.login(db, "clerk2", CLERK_PASSWORD)
    assert west_clerk.node_code == "3302"
    view = _register(db, settings, west_clerk, customer_form())
    assert view.account_no == "33020000001"
    with db.read() as s:
        reports = {r.node_code: r for r in oplog.verify(s)}
    assert reports["3301"].ok and reports["3301"].records == east_records
    assert reports["3302"].ok and reports["3302"].records == 2  # the log-in and the registration
