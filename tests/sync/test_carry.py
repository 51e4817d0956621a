"""A refused branch PC's unsent work carried to the centre after its re-enrolment
(docs/sync.md#recovery): a PC restored from an old backup takes payments, the centre refuses it,
an administrator issues a new code, the PC re-enrols carrying its work — every payment at the
centre exactly once, the money totals matching, the new branch copy holding them, a second
delivery changing nothing.

The centre is a real PostgreSQL, the branch a real SQLite file; the client tests talk to the
service in-process (FastAPI's TestClient), the command-line test to the real service on loopback.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

import main
from app.config import Settings
from app.domain.codes import OpType, PaymentKind
from app.services import audit, auth, payments
from app.services.setup import open_database
from app.sync import carry, client, nodes, recovery, server
from app.write_path import oplog
from db.engine import Database
from db.models import AppMeta, Customer, NodeCounter, Operation, Payment, SyncConflict, SyncNode, SyncState
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD
from tests.sync.branchwork import register_branch, take_payments
from tests.sync.loopback import serving

pytestmark = pytest.mark.pg

URL = "http://127.0.0.1"
CODE = re.compile(r"[A-Z2-7]{5}(?:-[A-Z2-7]{5}){3}")


@pytest.fixture
def api(centre: Database) -> Iterator[TestClient]:
    with TestClient(server.create_app(centre), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)


def _admin(centre: Database):  # type: ignore[no-untyped-def]
    return auth.login(centre, "admin", ADMIN_PASSWORD)


def _new_code(centre: Database, code: str = "3302") -> str:
    admin = _admin(centre)
    try:
        return nodes.issue_code(centre, admin, code)[1]
    finally:
        auth.logout(centre, admin)


def _pay(branch: Database, customer_id: uuid.UUID, fen: int) -> str:
    """A payment at the branch for a customer it holds (no new account number)."""
    clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
    try:
        receipt = payments.post_payment(
            branch,
            clerk,
            payments.PostPayment(uuid.uuid4(), customer_id, (payments.TenderInput("cash", fen),), fen),
        )
    finally:
        auth.logout(branch, clerk)
    return str(receipt.receipt_no)


def _backup(path: Path, to: Path) -> None:
    with sqlite3.connect(path) as src, sqlite3.connect(to) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _restore(backup: Path, path: Path) -> None:
    """The PC's database replaced by the backup (as a restore from an old disk image would)."""
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    os.replace(backup, path)


def _open(path: Path) -> Database:
    db = open_database(Settings(db_url=f"sqlite:///{path}"))
    client.prepare_branch(db)
    return db


def _payments(db: Database) -> dict[uuid.UUID, tuple[str, int]]:
    with db.read() as s:
        return {
            pid: (receipt, amount)
            for pid, receipt, amount in s.execute(
                sa.select(Payment.id, Payment.receipt_no, Payment.amount_fen).where(
                    Payment.kind == PaymentKind.PAYMENT
                )
            )
        }


def _branch_payment_ids(db: Database) -> set[uuid.UUID]:
    """Every payment a branch database took itself (its own PostPayment records)."""
    with db.read() as s:
        return {
            uuid.UUID(json.loads(p)["payment_id"])
            for p in s.scalars(sa.select(Operation.payload).where(Operation.op_type == OpType.POST_PAYMENT))
        }


def _reconciled(centre: Database) -> None:
    with centre.read() as s:
        reports = oplog.verify(s)
        assert all(r.ok for r in reports), [(r.node_code, r.problem) for r in reports if not r.ok]
        rec = audit.reconcile(s)
        assert rec.ok, [str(f) for f in rec.findings]


def test_a_restored_and_blocked_pc_re_enrols_carrying_every_payment_once(api, centre, branch, tmp_path):
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    with branch.read() as s:
        old_incarnation = s.get(SyncState, 1).incarnation  # type: ignore[union-attr]
    take_payments(branch, 1)
    client.sync_round(branch, http=api)
    take_payments(branch, 1, first=1)  # A: not sent yet when the PC is backed up
    backup = tmp_path / "backup.db"
    _backup(path, backup)
    client.sync_round(branch, http=api)  # the centre has A now
    with branch.read() as s:
        first = s.scalar(sa.select(Customer.id).order_by(Customer.account_no).limit(1))
    assert first is not None
    d = _pay(branch, first, 7_700)  # the original PC goes on: receipt n+1 …
    client.sync_round(branch, http=api)
    original = _branch_payment_ids(branch)
    branch.dispose()

    _restore(backup, path)  # … and is restored from the backup
    restored = _open(path)
    receipts = take_payments(restored, 2, first=2, fen=20_000)  # B, C: B reuses d's receipt number
    assert d in receipts
    admin = _admin(centre)
    try:  # the administrator stops the PC (a restore reported), then issues a new code
        nodes.revoke_node(centre, admin, "3302", "电脑从旧备份恢复")
    finally:
        auth.logout(centre, admin)
    with pytest.raises(client.SyncError) as refused:
        client.sync_round(restored, http=api)
    assert refused.value.status == 401
    with restored.read() as s:
        waiting = client.outbox.pending_envelopes(s, 10_000)
    assert len(waiting) >= 4  # A (the centre has it) and B, C (it has not)
    taken_here = _branch_payment_ids(restored)
    everything = original | taken_here
    before_centre = _payments(centre)
    assert not (taken_here - original) & set(before_centre)  # B and C are not at the centre

    outcome = recovery.reenrol(restored, URL, _new_code(centre), http=api)

    assert not outcome.error and outcome.report.done
    # the safety copy holds every unsent envelope, beside the database
    assert outcome.copy is not None and outcome.copy.parent == path.parent
    assert len(carry.read_copy(outcome.copy)) == len(waiting)
    assert (outcome.copy.stat().st_mode & 0o777) == 0o600
    # A was there already; B and C (a registration and a payment each) were carried
    assert outcome.report.present >= 2 and outcome.report.carried >= 4 and outcome.report.refused == 0
    assert outcome.report.present + outcome.report.carried == len(waiting)
    assert outcome.report.payments == 2 and outcome.report.payment_fen == 40_000
    # every payment at the centre exactly once, the money matching
    at_centre = _payments(centre)
    assert set(at_centre) == everything
    with centre.read() as s:
        assert s.scalar(
            sa.select(sa.func.count()).select_from(Payment).where(Payment.kind == PaymentKind.PAYMENT)
        ) == len(everything)
    taken = {**_payments_of(path.with_name(outcome.old_database.name)), **before_centre}
    assert sum(a for _, a in at_centre.values()) == sum(taken[p][1] for p in everything)
    # B's receipt number was the original PC's: stored under a new one, flagged
    renumbered = [r for r, _ in at_centre.values() if r.startswith(d + "-C")]
    assert len(renumbered) == 1
    with centre.read() as s:
        kinds = [k for (k,) in s.execute(sa.select(SyncConflict.kind).where(SyncConflict.node_id == node_id))]
        carried_ops = s.scalars(
            sa.select(Operation).where(Operation.op_type == OpType.CARRY_BRANCH_WORK)
        ).all()
        assert s.get(SyncNode, node_id).status == "active"  # type: ignore[union-attr]
    assert kinds.count("carried") == outcome.report.carried and "receipt" in kinds
    assert len(carried_ops) == outcome.report.carried
    payload = json.loads(carried_ops[0].payload)
    assert payload["incarnation"] == old_incarnation and payload["node_code"] == "3302"
    carried_ids = {op["op_id"] for c in carried_ops for op in json.loads(c.payload)["ops"]}
    with centre.read() as s:  # the carried records are not on the node's sequence
        assert not s.scalar(
            sa.select(sa.func.count())
            .select_from(Operation)
            .where(Operation.op_id.in_([uuid.UUID(i) for i in carried_ids]))
        )
    _reconciled(centre)  # verify-log: the chains hold, and the carried receipts are accounted for

    # the new database took the old one's path and holds every payment of the branch's customers
    new = _open(path)
    try:
        assert set(_payments(new)) == everything
        with new.read() as s:
            assert s.get(SyncState, 1).incarnation != old_incarnation  # type: ignore[union-attr]
            assert s.get(AppMeta, carry.CARRY_KEY) is None  # delivered in full
            counter = s.get(NodeCounter, (node_id, "receipt"))
            assert counter is not None and counter.value >= max(int(r[-8:]) for r in receipts)
        # the new incarnation's receipts start past every number already given (carried ones too)
        fresh = _pay(new, first, 1_000)
        assert fresh not in {r for r, _ in at_centre.values()} and "-C" not in fresh
        report = client.sync_round(new, http=api)
        assert report.refused == 0 and report.carry is None and report.applied + report.conflicts >= 1
        with centre.read() as s:
            assert s.scalar(sa.select(Payment.receipt_no).where(Payment.receipt_no == fresh)) == fresh
        # a second delivery of the carried work changes nothing
        again = carry.carry_envelopes(centre, node_id, carry.read_copy(outcome.copy))
        assert {a.outcome for a in again} == {"duplicate"}
        assert len(_payments(centre)) == len(everything) + 1
        with centre.read() as s:
            assert s.scalar(
                sa.select(sa.func.count())
                .select_from(Operation)
                .where(Operation.op_type == OpType.CARRY_BRANCH_WORK)
            ) == len(carried_ops)
        _reconciled(centre)
    finally:
        new.dispose()
    # the old database is kept, its unsent work still in it, and says it was replaced
    old = Database(f"sqlite:///{outcome.old_database}")
    try:
        with old.read() as s:
            assert len(client.outbox.pending_envelopes(s, 10_000)) == len(waiting)
            assert s.get(SyncState, 1).last_error.startswith(client.REFUSED_PREFIX)  # type: ignore[union-attr]
    finally:
        old.dispose()


def _payments_of(path: Path) -> dict[uuid.UUID, tuple[str, int]]:
    db = Database(f"sqlite:///{path}")
    try:
        return _payments(db)
    finally:
        db.dispose()


def test_carried_work_through_http_is_taken_once_and_a_second_carry_is_a_duplicate(api, centre, branch):
    """The carry endpoint with the node's new credentials: the envelopes of the old incarnation
    (their seq numbers on the node's sequence are taken) are applied once; again: duplicates."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 2)  # never sent
    with branch.read() as s:
        envelopes = client.outbox.pending_envelopes(s, 1000)
    branch.dispose()
    fresh = open_database(Settings(db_url=f"sqlite:///{carry.database_path(branch)}.new"))
    try:
        client.enrol(URL, _new_code(centre), fresh, http=api)
        with fresh.read() as s:
            state = s.get(SyncState, 1)
            assert state is not None
            incarnation = state.incarnation
        headers = {
            "Authorization": f"Bearer {node_id}:{client.load_secret(node_id, incarnation)}",
            "X-GridCounter-Incarnation": incarnation,
        }
        body = {"envelopes": [e.to_dict() for e in envelopes]}
        first = api.post("/v1/carry", json=body, headers=headers)
        assert first.status_code == 200, first.text
        assert {a["outcome"] for a in first.json()["answers"]} <= {"applied", "conflict"}
        count = len(_payments(centre))
        assert count == 2
        second = api.post("/v1/carry", json=body, headers=headers)
        assert {a["outcome"] for a in second.json()["answers"]} == {"duplicate"}
        assert len(_payments(centre)) == count
        # another node's op records are refused, and a tampered one
        forged = dict(body["envelopes"][0])
        forged["ops"] = [{**forged["ops"][0], "payload": forged["ops"][0]["payload"] + " "}]
        bad = api.post("/v1/carry", json={"envelopes": [forged]}, headers=headers)
        assert bad.json()["answers"][0]["outcome"] == "refused"
        # the old credentials do not carry anything
        old = api.post(
            "/v1/carry", json=body, headers={**headers, "X-GridCounter-Incarnation": envelopes[0].incarnation}
        )
        assert old.status_code in (401, 403)
    finally:
        fresh.dispose()
    _reconciled(centre)


def test_a_failed_re_enrolment_leaves_the_old_database_untouched(api, centre, branch):
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 1)
    with branch.read() as s:
        waiting = len(client.outbox.pending_envelopes(s, 1000))
    with pytest.raises(client.SyncError):
        recovery.reenrol(branch, URL, code, http=api)  # the used code: refused by the centre
    leftovers = sorted(p.name for p in path.parent.iterdir() if p.name != path.name)
    assert not any(".enrolling-" in n or ".replaced-" in n for n in leftovers), leftovers
    assert len([n for n in leftovers if ".carry-" in n]) == 1  # the safety copy stays
    again = _open(path)
    try:
        with again.read() as s:
            assert len(client.outbox.pending_envelopes(s, 1000)) == waiting
    finally:
        again.dispose()


def test_cli_enrol_on_a_refused_pc_carries_its_work(centre, sqlite_url, tmp_path, capsys):
    """The restored PC pushes, is refused (its seq numbers are the original PC's) and blocked;
    ``sync-node code`` and ``enrol`` on that PC carry its payment; ``sync`` afterwards has
    nothing left to carry."""
    node_id, _ = register_branch(centre)  # clerk9 of the branch
    centre_url = centre.url
    assert main.main(["--db-url", centre_url, "sync-node", "code", "3302"]) == 0
    code = CODE.search(capsys.readouterr().out)
    assert code
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    with serving(centre) as url:
        assert main.main(["--db-url", sqlite_url, "enrol", url, code.group()]) == 0
        branch = _open(path)
        take_payments(branch, 1)
        client.sync_round(branch)
        backup = tmp_path / "backup.db"
        _backup(path, backup)
        with branch.read() as s:
            customer = s.scalar(sa.select(Customer.id))
        assert customer is not None
        _pay(branch, customer, 3_300)
        client.sync_round(branch)
        branch.dispose()
        _restore(backup, path)
        restored = _open(path)
        _pay(restored, customer, 4_400)  # the same seq and receipt number as the 3,300 one
        restored.dispose()
        capsys.readouterr()
        assert main.main(["--db-url", sqlite_url, "sync"]) == 1  # refused, the node blocked
        capsys.readouterr()
        with centre.read() as s:
            assert s.get(SyncNode, node_id).status == "blocked"  # type: ignore[union-attr]
        assert main.main(["--db-url", centre_url, "sync-node", "code", "3302"]) == 0
        second = CODE.search(capsys.readouterr().out)
        assert second
        assert main.main(["--db-url", sqlite_url, "enrol", url, second.group()]) == 0
        out = capsys.readouterr().out
        assert "已重新注册为分支节点 3302" in out and "安全副本" in out and "原数据库已保留为" in out
        assert re.search(r"中心入账 [1-9]\d* 组（收费 1 笔，合计 ¥44\.00）", out), out
        assert main.main(["--db-url", sqlite_url, "sync"]) == 0
        assert "转交旧操作" not in capsys.readouterr().out
    amounts = sorted(a for _, a in _payments(centre).values())
    assert amounts == [3_300, 4_400, 10_000]
    _reconciled(centre)


def test_a_delivery_cut_off_after_the_swap_is_finished_by_the_next_round(api, centre, branch, monkeypatch):
    """The new database names the safety copy until the centre has answered every envelope: a
    re-enrolment whose round failed (the link dropped) loses nothing, the next round carries it."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 2)  # never sent
    taken = _branch_payment_ids(branch)
    real_round = client.sync_round

    def dropped(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise client.SyncError("无法连接中心（ConnectError），稍后自动重试")

    monkeypatch.setattr(client, "sync_round", dropped)
    outcome = recovery.reenrol(branch, URL, _new_code(centre), http=api)
    monkeypatch.setattr(client, "sync_round", real_round)
    assert outcome.error and not set(_payments(centre)) & taken
    new = _open(path)
    try:
        with new.read() as s:
            meta = s.get(AppMeta, carry.CARRY_KEY)
            assert meta is not None and outcome.copy is not None and meta.value == outcome.copy.name
        report = client.sync_round(new, http=api)
        assert report.carry is not None and report.carry.done and report.carry.payments == 2
        assert set(_payments(centre)) == taken and set(_payments(new)) == taken
        assert client.sync_round(new, http=api).carry is None  # done: not carried again
        with new.read() as s:
            assert s.get(AppMeta, carry.CARRY_KEY) is None
    finally:
        new.dispose()
    _reconciled(centre)


def test_re_enrolment_refuses_while_another_program_has_the_database_open(api, centre, branch):
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 1)
    counter = _open(path)  # the counter program, still running
    try:
        with counter.read() as s:
            waiting = len(client.outbox.pending_envelopes(s, 1000))
            with pytest.raises(client.SyncError, match="仍被其他程序使用"):
                recovery.reenrol(branch, URL, _new_code(centre), http=api)
            assert len(client.outbox.pending_envelopes(s, 1000)) == waiting
    finally:
        counter.dispose()
    assert not [p for p in path.parent.iterdir() if ".enrolling-" in p.name or ".replaced-" in p.name]
    with centre.read() as s:
        assert s.get(SyncNode, node_id).status != "active"  # type: ignore[union-attr]  # the code is unused


# ---- the reviewer's findings (carry / re-enrolment path) --------------------------------------


def _dropped(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise client.SyncError("无法连接中心（ConnectError），稍后自动重试")


def _pending_names(db: Database) -> list[str]:
    with db.read() as s:
        return carry.pending_copies(s)


def test_re_enrolling_again_before_the_first_carry_finished_carries_both_copies(
    api, centre, branch, monkeypatch
):
    """The first re-enrolment's round is cut off (exit 1: "every later round carries it"); the
    administrator runs ``enrol`` again with another code anyway: the first safety copy is
    carried on into the newest database, with the second one, and the centre gets every payment."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 2)  # never sent
    first_work = _branch_payment_ids(branch)
    real_round = client.sync_round
    monkeypatch.setattr(client, "sync_round", _dropped)
    first = recovery.reenrol(branch, URL, _new_code(centre), http=api)
    monkeypatch.setattr(client, "sync_round", real_round)
    assert first.error and first.copy is not None
    middle = _open(path)
    take_payments(middle, 1, first=2, fen=5_000)  # the clerk goes on in the new database, offline
    second_work = _branch_payment_ids(middle)
    assert _pending_names(middle) == [first.copy.name]
    middle.dispose()

    second = recovery.reenrol(_open(path), URL, _new_code(centre), http=api)

    assert not second.error and second.report.done, second.report
    assert second.inherited == (first.copy,) and second.copy is not None
    assert second.report.payments == 3 and second.report.payment_fen == 25_000
    assert set(_payments(centre)) == first_work | second_work
    new = _open(path)
    try:
        assert _pending_names(new) == []
        assert set(_payments(new)) == first_work | second_work
        with new.read() as s:
            assert s.get(AppMeta, carry.CARRY_DONE_KEY).value == second.copy.name  # type: ignore[union-attr]
    finally:
        new.dispose()
    _reconciled(centre)


def test_a_counter_program_started_during_the_re_enrolment_gets_database_busy_and_loses_nothing(
    api, centre, branch, monkeypatch
):
    """The old database is locked from reading its unsent groups until the swap: a counter
    program started meanwhile can neither read nor write it (a clear "database busy"); after
    the swap it works in the new database; the replaced file refuses writes."""
    from app.domain.errors import DatabaseBusy

    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 1)  # never sent
    with branch.read() as s:
        old_incarnation = s.get(SyncState, 1).incarnation  # type: ignore[union-attr]
    counter = open_database(Settings(db_url=f"sqlite:///{path}", db_busy_timeout_seconds=1))
    counter.dispose()  # opened before the re-enrolment, no connection yet (as the program at rest)
    real_enrol = client.enrol
    tried: list[str] = []

    def enrol_while_a_clerk_starts(*args, **kwargs):  # type: ignore[no-untyped-def]
        with pytest.raises(DatabaseBusy):
            auth.login(counter, "clerk9", CLERK_PASSWORD)
        tried.append("busy")
        return real_enrol(*args, **kwargs)

    monkeypatch.setattr(client, "enrol", enrol_while_a_clerk_starts)
    outcome = recovery.reenrol(branch, URL, _new_code(centre), http=api)
    monkeypatch.setattr(client, "enrol", real_enrol)
    assert tried == ["busy"] and not outcome.error and outcome.report.done
    assert outcome.late_copy is None
    try:  # the same program, once the swap is done, works in the new database
        client.prepare_branch(counter)
        take_payments(counter, 1, first=1, fen=3_000)
        with counter.read() as s:
            assert s.get(SyncState, 1).incarnation != old_incarnation  # type: ignore[union-attr]
            assert client.outbox.pending_count(s) > 0
        client.sync_round(counter, http=api)
    finally:
        counter.dispose()
    assert sorted(a for _, a in _payments(centre).values()) == [3_000, 10_000]
    # a program that still had the replaced file open could not write work into it
    old = Database(f"sqlite:///{outcome.old_database}")
    try:
        with old.read() as s:
            before = client.outbox.pending_count(s)
        with pytest.raises(Exception, match="重新注册的新数据库接替"):
            take_payments(old, 1, first=5)
        with old.read() as s:
            assert client.outbox.pending_count(s) == before
    finally:
        old.dispose()


def test_work_written_into_the_old_file_after_the_copy_is_carried_too(api, centre, branch, monkeypatch):
    """After the swap the replaced file's unsent groups are read again: any the safety copy lacks
    (here written by a program the guard did not stop) go to one more copy, carried as well."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 1)
    late_ids: set[uuid.UUID] = set()

    def written_meanwhile(old: Path, new: Path) -> None:  # instead of the label and the guard
        db = open_database(Settings(db_url=f"sqlite:///{old}"))
        try:
            take_payments(db, 1, first=1, fen=6_600)
            late_ids.update(_branch_payment_ids(db))
        finally:
            db.dispose()

    monkeypatch.setattr(recovery, "_mark_replaced", written_meanwhile)
    outcome = recovery.reenrol(branch, URL, _new_code(centre), http=api)
    assert outcome.late_copy is not None and outcome.late_copy.parent == path.parent
    assert not outcome.error and outcome.report.done and outcome.report.payments == 2
    assert set(_payments(centre)) == late_ids
    _reconciled(centre)


def test_a_node_refused_as_a_whole_keeps_the_copy_pending(api, centre, branch, monkeypatch, capsys):
    """A node not active when the carry takes its row answers 403 (no per-envelope refusal); a
    copy with a refused answer stays pending, shows in sync-status and is sent again."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 1)
    taken = _branch_payment_ids(branch)
    monkeypatch.setattr(client, "sync_round", _dropped)
    outcome = recovery.reenrol(branch, URL, _new_code(centre), http=api)
    monkeypatch.undo()
    assert outcome.copy is not None
    envelopes = carry.read_copy(outcome.copy)
    with centre.write() as s:
        s.execute(sa.update(SyncNode).where(SyncNode.node_id == node_id).values(status="blocked"))
    with pytest.raises(nodes.SyncAuthError) as refused:
        carry.carry_envelopes(centre, node_id, envelopes)
    assert refused.value.status == 403
    with centre.write() as s:
        s.execute(sa.update(SyncNode).where(SyncNode.node_id == node_id).values(status="active"))
    new = _open(path)
    try:
        # every envelope answered refused (as a node-level refusal once was): not done, kept
        def refusing(part):  # type: ignore[no-untyped-def]
            return [carry._answer(e, "refused", "该节点未处于正常同步状态") for e in part]

        report = carry.deliver(new, refusing)
        assert report is not None and report.refused == len(envelopes) and not report.done
        assert _pending_names(new) == [outcome.copy.name]
        state = carry.carry_state(new)
        assert state.copies == (outcome.copy.name,) and state.refused == len(envelopes)
    finally:
        new.dispose()
    capsys.readouterr()
    assert main.main(["--db-url", f"sqlite:///{path}", "sync-status"]) == 0
    out = capsys.readouterr().out
    assert "待转交中心的安全副本 1 个" in out and f"拒收 {len(envelopes)} 组" in out, out
    new = _open(path)
    try:
        report = client.sync_round(new, http=api).carry  # the next round carries it
        assert report is not None and report.done and report.payments == 1
        assert _pending_names(new) == [] and carry.carry_state(new).copies == ()
    finally:
        new.dispose()
    assert set(_payments(centre)) == taken


def test_a_carried_envelope_the_centre_cannot_record_is_held_not_refused(api, centre, branch, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 1)
    with branch.read() as s:
        envelopes = client.outbox.pending_envelopes(s, 1000)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise IntegrityError("INSERT …", {}, Exception("constraint"))

    monkeypatch.setattr(carry, "_record", broken)
    answers = carry.carry_envelopes(centre, node_id, envelopes)
    assert {a.outcome for a in answers} == {"held"}
    monkeypatch.undo()
    answers = carry.carry_envelopes(centre, node_id, envelopes)  # sent again: taken in
    assert {a.outcome for a in answers} <= {"applied", "conflict"}
    assert len(_payments(centre)) == 1


def _swap_setup(api, centre, branch):  # type: ignore[no-untyped-def]
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    path = carry.database_path(branch)
    take_payments(branch, 1)
    with branch.read() as s:
        waiting = len(client.outbox.pending_envelopes(s, 1000))
    return path, waiting


def _still_the_old_database(path: Path, waiting: int) -> None:
    old = _open(path)
    try:
        with old.read() as s:
            assert len(client.outbox.pending_envelopes(s, 1000)) == waiting
    finally:
        old.dispose()


def test_a_swap_that_cannot_replace_the_file_leaves_the_old_database_and_says_what_to_do(
    api, centre, branch, monkeypatch
):
    path, waiting = _swap_setup(api, centre, branch)

    def refused(src, dst):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "another process has the file open")

    monkeypatch.setattr(recovery.os, "replace", refused)
    with pytest.raises(recovery.SwapFailed) as failed:
        recovery.reenrol(branch, URL, _new_code(centre), http=api)
    monkeypatch.undo()
    text = str(failed.value)
    fresh = [p for p in path.parent.iterdir() if ".enrolling-" in p.name]
    copies = [p for p in path.parent.iterdir() if ".carry-" in p.name]
    assert len(fresh) == 1 and len(copies) == 1
    assert "注册码已用掉" in text and str(fresh[0]) in text and copies[0].name in text and str(path) in text
    assert not [p for p in path.parent.iterdir() if ".replaced-" in p.name]  # the second name removed
    _still_the_old_database(path, waiting)


def test_a_kill_during_the_swap_leaves_a_database_at_the_path(api, centre, branch, monkeypatch):
    path, waiting = _swap_setup(api, centre, branch)
    real_replace = os.replace

    def killed(src, dst):  # type: ignore[no-untyped-def]
        if ".enrolling-" in str(src):
            raise SystemExit("killed")  # the process dies here
        return real_replace(src, dst)

    monkeypatch.setattr(recovery.os, "replace", killed)
    with pytest.raises(SystemExit):
        recovery.reenrol(branch, URL, _new_code(centre), http=api)
    monkeypatch.undo()
    assert path.is_file()
    _still_the_old_database(path, waiting)


def test_a_platform_that_cannot_replace_an_open_file_swaps_once_the_lock_is_released(
    api, centre, branch, monkeypatch
):
    """Windows refuses to replace a file that is open — the lock holds it open: the lock is
    released and the replace tried once more (it succeeds only if no other program has it open)."""
    path, waiting = _swap_setup(api, centre, branch)
    real_replace = os.replace
    calls: list[str] = []

    def windows(src, dst):  # type: ignore[no-untyped-def]
        calls.append(str(src))
        if len(calls) == 1:
            raise PermissionError(13, "the file is open")
        return real_replace(src, dst)

    monkeypatch.setattr(recovery.os, "replace", windows)
    outcome = recovery.reenrol(branch, URL, _new_code(centre), http=api)
    monkeypatch.undo()
    assert len(calls) == 2 and not outcome.error and outcome.report.done
    assert outcome.old_database.is_file()
    _reconciled(centre)


def test_a_carry_record_a_branch_pushed_itself_counts_for_nothing(api, centre, branch):
    """A ``CarryBranchWork`` record on the branch's own node (rule 6 keeps such a record, with an
    actor entry) neither marks an envelope as carried nor lends its inner records to reconcile."""
    import hashlib

    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 1)
    with branch.read() as s:
        envelopes = client.outbox.pending_envelopes(s, 1000)
    post = next(op for e in envelopes for op in e.ops if op.op_type == OpType.POST_PAYMENT)
    forged_payload = json.loads(post.payload)
    forged_payload["amount_fen"] = 1
    inner = {**dataclasses.asdict(post), "payload": json.dumps(forged_payload)}
    payload = json.dumps({"ops": [inner]})
    with centre.write() as s:
        s.add(
            Operation(
                op_id=uuid.uuid4(),
                node_id=node_id,
                seq=999_999,
                op_type=OpType.CARRY_BRANCH_WORK,
                entity_type=carry.CARRY_ENTITY,
                entity_id=uuid.UUID(envelopes[0].ops[0].op_id),
                payload=payload,
                payload_hash=hashlib.sha256(payload.encode()).hexdigest(),
                actor="clerk9",
                occurred_at="2026-12-06T10:00:00+08:00",
                prev_hash="0" * 64,
                hash="f" * 64,
            )
        )
    answers = carry.carry_envelopes(centre, node_id, envelopes)
    assert {a.outcome for a in answers} <= {"applied", "conflict"}, answers
    assert len(_payments(centre)) == 1
    with centre.read() as s:
        rec = audit.reconcile(s)
    assert rec.ok, [str(f) for f in rec.findings]


def test_a_carried_payment_in_a_session_the_centre_holds_closed_is_flagged(api, centre, branch):
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 2)  # one session: opened, two customers registered and paid
    with branch.read() as s:
        envelopes = client.outbox.pending_envelopes(s, 1000)
    last = max(i for i, e in enumerate(envelopes) if any(op.op_type == OpType.POST_PAYMENT for op in e.ops))
    carry.carry_envelopes(centre, node_id, envelopes[:last])
    with centre.write() as s:  # the original PC closed that session at the centre meanwhile
        from db.models import CashierSession

        s.execute(sa.update(CashierSession).values(status="closed"))
    answers = carry.carry_envelopes(centre, node_id, envelopes[last:])
    assert answers[0].outcome in ("applied", "conflict")
    with centre.read() as s:
        details = [
            json.loads(d)
            for d in s.scalars(
                sa.select(SyncConflict.detail).where(
                    SyncConflict.kind == "carried", SyncConflict.node_id == node_id
                )
            )
        ]
    flagged = [d for d in details if d.get("closed_sessions")]
    assert len(flagged) == 1 and len(flagged[0]["closed_sessions"]) == 1
    assert "已日结的班次" in flagged[0]["outcome_text"]
    assert all(not d.get("closed_sessions") for d in details if d is not flagged[0])
