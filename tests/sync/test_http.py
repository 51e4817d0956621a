"""The sync service's HTTP layer and the branch client (docs/sync.md): enrolment, credentials,
refusals as JSON, size limits, push / pull / status / conflicts, one client round.

The centre is a real PostgreSQL (test fixtures), the branch a real SQLite file; the service runs
in-process (FastAPI's TestClient); tests/sync/test_e2e.py runs it on loopback HTTP.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import uuid
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from app.config import Settings
from app.services import auth
from app.sync import client, feed, nodes, outbox, server, snapshot
from app.sync.tables import synced_names
from db.engine import Database
from db.models import Customer, Node, Operation, Payment, SyncConflict, SyncNode, SyncState
from tests.conftest import ADMIN_PASSWORD
from tests.sync.branchwork import register_branch, take_payments

pytestmark = pytest.mark.pg

URL = "http://127.0.0.1"  # loopback: plain HTTP is allowed to this PC only


@pytest.fixture
def api(centre: Database) -> Iterator[TestClient]:
    with TestClient(server.create_app(centre, max_request_bytes=200_000), raise_server_exceptions=False) as c:
        yield c


def _register(centre: Database, code: str = "3302") -> tuple[nodes.NodeView, str]:
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        return nodes.register_node(centre, admin, code, "西湖供电所")
    finally:
        auth.logout(centre, admin)


def _enrolled(api: TestClient, centre: Database) -> tuple[uuid.UUID, str, str]:
    view, code = _register(centre)
    incarnation = str(uuid.uuid4())
    r = api.post(
        "/v1/enrol",
        json={"code": code, "incarnation": incarnation, "client_time": dt.datetime.now(dt.UTC).isoformat()},
    )
    assert r.status_code == 200, r.text
    return view.node_id, r.json()["secret"], incarnation


def _headers(node_id: uuid.UUID, secret: str, incarnation: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {node_id}:{secret}", "X-GridCounter-Incarnation": incarnation, **extra}


def test_enrol_answers_the_secret_once_and_refuses_a_used_code(api, centre):
    view, code = _register(centre)
    first = api.post("/v1/enrol", json={"code": code, "incarnation": str(uuid.uuid4())})
    assert first.status_code == 200
    body = first.json()
    assert body["node_code"] == "3302" and body["node_id"] == str(view.node_id) and len(body["secret"]) >= 40
    again = api.post("/v1/enrol", json={"code": code, "incarnation": str(uuid.uuid4())})
    assert again.status_code == 403 and "注册码无效" in again.json()["error"]
    assert api.post("/v1/enrol", json={"code": code, "incarnation": "x"}).status_code == 400
    assert (
        api.post("/v1/enrol", content=b"x" * 10_000, headers={"content-type": "application/json"}).status_code
        == 413
    )


def test_requests_without_valid_credentials_get_401_and_json(api, centre):
    node_id, secret, incarnation = _enrolled(api, centre)
    for headers in (
        {},
        {"Authorization": "Basic abc"},
        _headers(node_id, secret + "x", incarnation),
        _headers(uuid.uuid4(), secret, incarnation),
    ):
        r = api.get("/v1/status", headers=headers)
        assert r.status_code == 401 and r.json()["error"] and secret not in r.text
    ok = api.get("/v1/status", headers=_headers(node_id, secret, incarnation))
    assert ok.status_code == 200
    status = ok.json()
    assert status["node_code"] == "3302" and status["status"] == "active" and status["open_conflicts"] == 0
    assert dt.datetime.fromisoformat(status["server_time"]).tzinfo is not None


def test_another_incarnation_blocks_the_node(api, centre):
    node_id, secret, incarnation = _enrolled(api, centre)
    r = api.get("/v1/status", headers=_headers(node_id, secret, str(uuid.uuid4())))
    assert r.status_code == 403 and "旧备份" in r.json()["error"]
    r = api.get("/v1/status", headers=_headers(node_id, secret, incarnation))
    assert r.status_code == 403 and "停止同步" in r.json()["error"]
    with centre.read() as s:
        assert s.get(SyncNode, node_id).status == "blocked"  # type: ignore[union-attr]


def test_a_missing_or_malformed_incarnation_is_a_bad_request_not_a_block(api, centre):
    node_id, secret, incarnation = _enrolled(api, centre)
    auth_only = {"Authorization": f"Bearer {node_id}:{secret}"}
    for headers in (auth_only, {**auth_only, "X-GridCounter-Incarnation": "not-a-uuid"}):
        r = api.get("/v1/status", headers=headers)
        assert r.status_code == 400 and "实例标识" in r.json()["error"]
    with centre.read() as s:
        assert s.get(SyncNode, node_id).status == "active"  # type: ignore[union-attr]
    assert api.get("/v1/status", headers=_headers(node_id, secret, incarnation.upper())).status_code == 200


def test_clock_skew_is_reported(api, centre):
    node_id, secret, incarnation = _enrolled(api, centre)
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    status = api.get(
        "/v1/status", headers=_headers(node_id, secret, incarnation, **{"X-GridCounter-Client-Time": ahead})
    ).json()
    assert 86000 < status["clock_skew_seconds"] < 86500 and "时钟" in status["clock_warning"]


def _branch_envelopes(
    api: TestClient, centre: Database, branch: Database, count: int
) -> tuple[dict[str, str], list]:
    """A branch enrolled through the client, with ``count`` payments' envelopes waiting:
    (request headers, envelopes)."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    with branch.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        incarnation = state.incarnation
    secret = client.load_secret(node_id, incarnation)
    take_payments(branch, count)
    with branch.read() as s:
        envelopes = outbox.pending_envelopes(s)
    return _headers(node_id, secret, incarnation), envelopes


def test_push_pull_and_limits(api, centre, branch):
    h, envelopes = _branch_envelopes(api, centre, branch, 2)
    assert len(envelopes) >= 2
    body = {"envelopes": [e.to_dict() for e in envelopes]}
    r = api.post("/v1/push", json=body, headers=h)
    assert r.status_code == 200, r.text
    assert {a["outcome"] for a in r.json()["answers"]} <= {"applied", "conflict"}
    again = api.post("/v1/push", json=body, headers=h)  # a retry: the stored answers, nothing applied twice
    assert [a["outcome"] for a in again.json()["answers"]] == ["duplicate"] * len(envelopes)
    assert api.post("/v1/push", json={"envelopes": "x"}, headers=h).status_code == 400
    assert api.post("/v1/push", json={"envelopes": [{"ops": []}]}, headers=h).status_code == 400
    too_many = [body["envelopes"][0]] * (server.MAX_ENVELOPES + 1)
    assert (
        api.post("/v1/push", json={"envelopes": too_many}, headers=h).status_code == 413
    )  # body limit or count
    assert (
        api.get("/v1/pull", params={"after": 0, "limit": server.MAX_PULL_LIMIT + 1}, headers=h).status_code
        == 400
    )  # FastAPI's own validation, in the service's {error, code} shape
    page = api.get("/v1/pull", params={"after": 0, "limit": 2}, headers=h)  # from the start of the feed
    assert page.status_code == 200, page.text
    body = page.json()
    assert (
        0 < len(body["rows"]) <= 2 and body["more"] is True and body["server_time"] and body["watermark"] > 0
    )
    assert {r["tbl"] for r in body["rows"]} <= set(synced_names())


def test_a_transient_database_error_answers_503_and_the_retry_applies(api, centre, branch, monkeypatch):
    """A deadlock while applying: 503, no answers, the node not blocked; the next push applies."""
    from app.sync import apply

    h, envelopes = _branch_envelopes(api, centre, branch, 1)
    body = {"envelopes": [e.to_dict() for e in envelopes]}

    def deadlock(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise sa.exc.OperationalError("INSERT", {}, Exception("deadlock detected"))

    with monkeypatch.context() as m:
        m.setattr(apply, "_insert_ops", deadlock)
        m.setattr(apply._Batch, "_apply_run", deadlock)
        r = api.post("/v1/push", json=body, headers=h)
    assert r.status_code == 503 and "answers" not in r.json(), r.text
    r = api.post("/v1/push", json=body, headers=h)
    assert r.status_code == 200 and {a["outcome"] for a in r.json()["answers"]} <= {"applied", "conflict"}, (
        r.text
    )


def test_snapshot_streams_gzip_ndjson(api, centre):
    node_id, secret, incarnation = _enrolled(api, centre)
    r = api.get("/v1/snapshot", headers=_headers(node_id, secret, incarnation))
    assert r.status_code == 200 and r.headers["content-type"] == "application/gzip"
    lines = [json.loads(line) for line in gzip.decompress(r.content).decode().splitlines()]
    assert "watermark" in lines[0] and lines[0]["format"] == snapshot.FORMAT
    assert any(isinstance(line, dict) and line.get("t") == "node" for line in lines[1:])
    assert lines[-1] == {"end": sum(len(line) for line in lines if isinstance(line, list))}


def test_conflicts_of_the_node_through_its_supervisor(api, centre, caplog):
    node_id, secret, incarnation = _enrolled(api, centre)
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    auth.create_user(centre, admin, auth.UserInput("super9", "钱班长", "2009", "supervisor", "Super2026x"))
    with centre.write() as s:  # the user belongs to the branch (it came up with the branch's data)
        from db.models import User

        s.execute(User.__table__.update().where(User.username == "super9").values(node_id=node_id))
        mine = SyncConflict(
            node_id=node_id,
            op_id=uuid.uuid4(),
            kind="field",
            tbl="customer",
            row_key=json.dumps({"id": str(uuid.uuid4())}),
            detail=json.dumps({"fields": [{"field": "phone", "base": "1", "branch": "2", "centre": "3"}]}),
            status="open",
        )
        s.add(mine)
        s.flush()
        mine_id = mine.id
    h = _headers(node_id, secret, incarnation)
    listed = api.get("/v1/conflicts", headers=h)
    assert listed.status_code == 200, listed.text
    [row] = listed.json()["conflicts"]
    assert row["id"] == str(mine_id)
    clerk = api.post(
        f"/v1/conflicts/{mine_id}/resolve",
        json={
            "choice": "keep_centre",
            "version": row["version"],
            "username": "clerk1",
            "password": "Clerk2026",
        },
        headers=h,
    )  # not a supervisor of the branch
    assert clerk.status_code == 403
    other = api.post(
        f"/v1/conflicts/{uuid.uuid4()}/resolve",
        json={"choice": "keep_centre", "version": 1, "username": "super9", "password": "Super2026x"},
        headers=h,
    )
    assert other.status_code == 404
    # naming the supervisor is not enough: the centre wants their password
    named = api.post(
        f"/v1/conflicts/{mine_id}/resolve",
        json={"choice": "keep_centre", "version": row["version"]},
        headers={**h, "X-GridCounter-User": "super9"},
    )
    assert named.status_code == 400 and named.json()["code"] == "password_required"
    with caplog.at_level(logging.DEBUG):
        wrong = api.post(
            f"/v1/conflicts/{mine_id}/resolve",
            json={
                "choice": "keep_centre",
                "version": row["version"],
                "username": "super9",
                "password": "Guess1234",
            },
            headers=h,
        )
    assert wrong.status_code == 400 and "密码错误" in wrong.json()["error"] and "Guess1234" not in wrong.text
    assert "Guess1234" not in caplog.text
    with centre.read() as s:
        from db.models import User

        user = s.scalar(select(User).where(User.username == "super9"))
        assert user is not None and user.failed_attempts == 1  # counted as a log-in's
        assert s.get(SyncConflict, mine_id).status == "open"  # type: ignore[union-attr]
        failed = s.scalars(select(Operation).where(Operation.op_type == "AuthFailed")).all()
        assert failed and all(op.node_id != node_id for op in failed)  # never in the branch's chain
    done = api.post(
        f"/v1/conflicts/{mine_id}/resolve",
        json={
            "choice": "keep_centre",
            "version": row["version"],
            "username": "super9",
            "password": "Super2026x",
        },
        headers=h,
    )
    assert done.status_code == 200, done.text
    assert done.json()["conflict"]["status"] == "resolved"


def test_client_enrols_and_runs_a_round(api, centre, branch):
    node_id, code = register_branch(centre)
    outcome = client.enrol(URL, code, branch, http=api)
    assert outcome.node_code == "3302" and outcome.node_id == node_id
    with branch.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.server_url == URL and state.watermark == outcome.watermark
    assert client.is_branch(branch) and client.sync_role(branch) == "branch"
    assert client.load_secret(state.node_id, state.incarnation)  # 0600 file (no keyring in tests)
    with pytest.raises(client.SyncError):  # enrolled already
        client.enrol(URL, "AAAAA-AAAAA-AAAAA-AAAAA", branch, http=api)
    take_payments(branch, 101)  # more than one push request (200 envelopes each)
    waiting = client.branch_status(branch).pending
    assert waiting > 200
    report = client.sync_round(branch, http=api)
    assert report.sent > 200 and report.applied + report.conflicts == report.sent and report.pending == 0
    again = client.sync_round(branch, http=api)
    assert again.sent == 0
    status = client.branch_status(branch)
    assert status.online and status.last_error == "" and status.node_code == "3302" and status.pending == 0


def test_client_records_the_error_when_the_centre_is_unreachable(api, centre, branch):
    client.enrol(URL, register_branch(centre)[1], branch, http=api)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with httpx.Client(transport=httpx.MockTransport(refuse)) as dead, pytest.raises(client.SyncError) as info:
        client.sync_round(branch, http=dead)
    assert "无法连接中心" in str(info.value)
    status = client.branch_status(branch)
    assert not status.online and "无法连接中心" in status.last_error


def test_stale_branch_pushes_first_then_reloads(api, centre, branch):
    """Behind the feed's retention horizon (docs/sync.md#stale-nodes): the round pushes what is
    waiting first, then reloads a fresh snapshot keeping the operation log, counters and
    incarnation; the work done at the branch is still there (it came back from the centre)."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    with branch.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        incarnation = state.incarnation
    receipts = take_payments(branch, 1)
    client.sync_round(branch, http=api)  # in step
    receipts += take_payments(branch, 1, first=1)  # waiting to be pushed when the branch is found stale
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    nodes.register_node(centre, admin, "3309", "龙坞供电所")  # a central change, fed to every branch
    auth.logout(centre, admin)
    with centre.write() as s:
        assert feed.prune_feed(s, dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1)) > 0
    with branch.read() as s:
        ops_before = s.scalar(select(func.count()).select_from(Operation))
        seq_before = s.scalar(select(Node.op_seq).where(Node.id == node_id))
    report = client.sync_round(branch, http=api)
    assert report.reloaded and report.sent >= 1 and report.pending == 0  # pushed before the reload
    with branch.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None and state.incarnation == incarnation
        assert s.scalar(select(func.count()).select_from(Operation)) == ops_before  # the log kept
        assert s.scalar(select(Node.op_seq).where(Node.id == node_id)) == seq_before  # the counters kept
        assert sorted(s.scalars(select(Payment.receipt_no))) == sorted(receipts)  # came back from the centre
        assert s.scalar(select(Node.code).where(Node.code == "3309")) == "3309"  # the central change
    assert client.sync_round(branch, http=api).reloaded is False


def test_a_failed_snapshot_after_enrolment_says_to_ask_for_a_new_code(api, centre, branch, monkeypatch):
    node_id, code = register_branch(centre)

    def broken(db, node, counted=None):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    real = server.snapshot.iter_snapshot
    monkeypatch.setattr(server.snapshot, "iter_snapshot", broken)
    with pytest.raises(client.SyncError) as info:
        client.enrol(URL, code, branch, http=api)
    assert "新的注册码" in str(info.value) and "500" in str(info.value)
    assert not client.is_branch(branch)  # nothing half-loaded: the same empty database enrols again
    monkeypatch.setattr(server.snapshot, "iter_snapshot", real)
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    _, again = nodes.issue_code(centre, admin, "3302")
    auth.logout(centre, admin)
    assert client.enrol(URL, again, branch, http=api).node_id == node_id


def test_a_snapshot_stream_that_breaks_off_leaves_no_half_enrolled_database(centre, branch, monkeypatch):
    """The centre streams while it reads and the branch loads while it receives: a stream that
    breaks off after some rows (the service failed half-way) is refused, nothing of it kept.
    (The real service on loopback: the broken response is what a branch PC would see.)"""
    from tests.sync.loopback import serving

    node_id, code = register_branch(centre)
    real = server.snapshot.iter_snapshot

    def dies(db, node, counted=None):  # type: ignore[no-untyped-def]
        pieces = real(db, node, counted)
        yield next(pieces)  # the header, then a table and its rows, then the service dies
        yield next(pieces)
        raise RuntimeError("connection to the database lost")

    monkeypatch.setattr(server.snapshot, "iter_snapshot", dies)
    with serving(centre) as base:
        with pytest.raises(client.SyncError) as info:
            client.enrol(base, code, branch)
        assert "新的注册码" in str(info.value)
        assert not client.is_branch(branch)
        with branch.read() as s:
            assert s.scalar(select(func.count()).select_from(Node)) == 0
        monkeypatch.setattr(server.snapshot, "iter_snapshot", real)
        admin = auth.login(centre, "admin", ADMIN_PASSWORD)
        _, again = nodes.issue_code(centre, admin, "3302")
        auth.logout(centre, admin)
        assert client.enrol(base, again, branch).node_id == node_id


def _stale(centre: Database) -> None:
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    nodes.register_node(centre, admin, "3309", "龙坞供电所")  # a central change, then pruned
    auth.logout(centre, admin)
    with centre.write() as s:  # behind the feed's retention horizon
        assert feed.prune_feed(s, dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1)) > 0


def _held(branch: Database) -> tuple[int, int, int]:
    with branch.read() as s:
        state = s.get(SyncState, 1)
        assert state is not None
        return (
            int(s.scalar(select(func.count()).select_from(Customer)) or 0),
            int(s.scalar(select(func.count()).select_from(Payment)) or 0),
            int(state.watermark),
        )


def test_a_reload_that_fails_half_way_keeps_the_old_copy(api, centre, branch, monkeypatch):
    """The delete, the kept rows and the snapshot load are one transaction: a load that fails
    half-way (or a kill) leaves the branch's customers and payments, and the next round reloads."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 2)
    client.sync_round(branch, http=api)
    before = _held(branch)
    assert before[0] == 2 and before[1] == 2
    _stale(centre)
    real_insert = snapshot._TableLoad.insert

    def failing(self, session, batch):  # type: ignore[no-untyped-def]
        if self.name == "payment":
            raise RuntimeError("disk full")
        return real_insert(self, session, batch)

    monkeypatch.setattr(snapshot._TableLoad, "insert", failing)
    with pytest.raises(RuntimeError):
        client.sync_round(branch, http=api)
    assert _held(branch) == before  # nothing of the reload committed
    with branch.read() as s:
        guards = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert set(client._journal_guards()) <= guards  # the append-only guards are all back
    monkeypatch.setattr(snapshot._TableLoad, "insert", real_insert)
    assert client.sync_round(branch, http=api).reloaded
    assert _held(branch)[:2] == (2, 2)


def test_a_payment_taken_while_the_snapshot_downloads_aborts_the_reload(api, centre, branch, monkeypatch):
    """The 'nothing unanswered' check is repeated under the reload's write lock: a payment taken
    during the download is not erased; the reload waits for the next round."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 1)
    client.sync_round(branch, http=api)
    _stale(centre)
    real_download = client._download_snapshot
    taken: list[str] = []

    def download_then_pay(link, out):  # type: ignore[no-untyped-def]
        rows = real_download(link, out)
        if not taken:
            taken.extend(take_payments(branch, 1, first=1))  # the clerk goes on working meanwhile
        return rows

    monkeypatch.setattr(client, "_download_snapshot", download_then_pay)
    with pytest.raises(client.SyncError) as info:
        client.sync_round(branch, http=api)
    assert "未被确认的操作" in str(info.value)
    with branch.read() as s:
        assert taken[0] in set(s.scalars(select(Payment.receipt_no)))
        assert outbox.pending_count(s) > 0
    report = client.sync_round(branch, http=api)  # pushes the payment first, then reloads
    assert report.reloaded and report.pending == 0
    with branch.read() as s:
        assert taken[0] in set(s.scalars(select(Payment.receipt_no)))  # came back from the centre


def test_the_reload_lifts_only_the_synced_journal_guards(branch):
    names = client._journal_guards()
    assert "trg_payment_no_update" in names and "trg_payment_no_delete" in names
    assert not any("operation_log" in n or n.startswith("trg_sync") for n in names)
    with branch.write() as s:
        every = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        assert set(names) <= every  # each name is a real guard
        with pytest.raises(RuntimeError), client._guards_lifted(s):
            inside = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
            assert "trg_operation_log_no_update" in inside and "trg_operation_log_no_delete" in inside
            assert not set(names) & inside
            raise RuntimeError("fails inside")
        after = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        assert after == every  # put back even when the reload failed


def test_an_enrolment_killed_before_the_end_leaves_an_empty_database(api, centre, branch, monkeypatch):
    """The snapshot, the node's counters, sync_state and the capture triggers are one
    transaction: no half-enrolled database ("已初始化为独立营业厅") is ever left behind."""
    node_id, code = register_branch(centre)

    def killed(conn):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the PC switched off after the load

    monkeypatch.setattr(client.triggers, "install_branch_capture", killed)
    with pytest.raises(KeyboardInterrupt):
        client.enrol(URL, code, branch, http=api)
    with branch.read() as s:
        assert s.scalar(select(func.count()).select_from(Node)) == 0
        assert s.get(SyncState, 1) is None
    monkeypatch.undo()
    monkeypatch.setenv("GRIDCOUNTER_NO_KEYRING", "1")
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    _, again = nodes.issue_code(centre, admin, "3302")
    auth.logout(centre, admin)
    assert client.enrol(URL, again, branch, http=api).node_id == node_id


def test_a_new_code_revokes_the_enrolled_pcs_secret(api, centre):
    """sync-node code for a replaced or stolen PC: the old PC's secret stops working at once and
    the node is pending until the new enrolment."""
    node_id, secret, incarnation = _enrolled(api, centre)
    assert api.get("/v1/status", headers=_headers(node_id, secret, incarnation)).status_code == 200
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        view, again = nodes.issue_code(centre, admin, "3302")
    finally:
        auth.logout(centre, admin)
    assert view.status == "pending"
    assert api.get("/v1/status", headers=_headers(node_id, secret, incarnation)).status_code == 401
    new_incarnation = str(uuid.uuid4())
    r = api.post("/v1/enrol", json={"code": again, "incarnation": new_incarnation})
    assert r.status_code == 200
    assert (
        api.get("/v1/status", headers=_headers(node_id, r.json()["secret"], new_incarnation)).status_code
        == 200
    )


def test_blocking_a_node_revokes_its_credentials(api, centre):
    node_id, secret, incarnation = _enrolled(api, centre)
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        with pytest.raises(nodes.ValidationErrors):
            nodes.revoke_node(centre, admin, "3302", " ")
        view = nodes.revoke_node(centre, admin, "3302", "电脑被盗")
    finally:
        auth.logout(centre, admin)
    assert view.status == "blocked" and view.blocked_reason == "电脑被盗"
    with centre.read() as s:
        sync = s.get(SyncNode, node_id)
        assert sync is not None and sync.secret_hash == "" and sync.status == "blocked"
        [op] = s.scalars(select(Operation).where(Operation.op_type == "BlockSyncNode")).all()
        assert op.actor == "admin"
    assert api.get("/v1/status", headers=_headers(node_id, secret, incarnation)).status_code == 401


def test_plain_http_only_to_this_pc_unless_allowed(api, centre, branch):
    """The link carries the node's secret and supervisors' passwords: http:// is refused except to
    loopback, unless the setting sync_allow_http (or main.py --allow-http) says so."""
    for url in ("http://127.0.0.1:8443", "http://[::1]:8443", "http://localhost", "https://sync.example.cn"):
        assert client._base(url) == url
    for url in ("http://sync.example.cn:8443", "http://10.0.0.5", "http://127.0.0.1.example.cn"):
        with pytest.raises(client.SyncError) as info:
            client._base(url)
        assert "https://" in str(info.value) and "sync_allow_http" in str(info.value)
        assert client._base(url, allow_http=True) == url
    node_id, code = register_branch(centre)
    with pytest.raises(client.SyncError):  # refused before anything is sent: the code is still valid
        client.enrol("http://testserver", code, branch, http=api)
    client.enrol("http://testserver", code, branch, http=api, allow_http=True)
    with pytest.raises(client.SyncError):
        client.sync_round(branch, http=api)
    assert "https://" in client.branch_status(branch).last_error
    assert client.sync_round(branch, http=api, allow_http=True).pending == 0
    assert Settings().sync_allow_http is False


def test_the_service_refuses_plain_http_on_a_network_address(centre):
    server.check_plain_http("127.0.0.1", False, False)
    server.check_plain_http("::1", False, False)
    server.check_plain_http("0.0.0.0", True, False)  # TLS
    server.check_plain_http("0.0.0.0", False, True)  # behind a TLS proxy
    with pytest.raises(ValueError, match="--behind-proxy"):
        server.check_plain_http("0.0.0.0", False, False)
    with pytest.raises(ValueError, match="--cert"):
        server.serve(centre, "192.0.2.1:8443")


def test_a_refused_node_is_kept_apart_from_an_offline_one(api, centre, branch):
    """A 401/403 (blocked, credentials revoked) is kept in last_error with a stable prefix, so the
    status bar can say 已停止同步 instead of 离线; a network failure is not."""
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        nodes.revoke_node(centre, admin, "3302", "电脑被盗")
    finally:
        auth.logout(centre, admin)
    with pytest.raises(client.SyncError) as info:
        client.sync_round(branch, http=api)
    assert info.value.status == 401
    status = client.branch_status(branch)
    assert status.refused and not status.online
    assert status.last_error.startswith(client.REFUSED_PREFIX) and not status.error_text.startswith("blocked")
    assert "中心拒绝了本节点" in status.error_text

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with httpx.Client(transport=httpx.MockTransport(refuse)) as dead, pytest.raises(client.SyncError):
        client.sync_round(branch, http=dead)
    assert not client.branch_status(branch).refused  # merely offline


@pytest.mark.parametrize("lost", [httpx.ReadTimeout, httpx.RemoteProtocolError])
def test_a_lost_enrolment_answer_says_the_code_may_be_used(api, centre, branch, lost):
    node_id, code = register_branch(centre)

    def answer_lost(request: httpx.Request) -> httpx.Response:
        api.post("/v1/enrol", content=request.content, headers={"content-type": "application/json"})
        raise lost("lost", request=request)  # the centre enrolled the PC; its answer never came

    with (
        httpx.Client(transport=httpx.MockTransport(answer_lost)) as http,
        pytest.raises(client.SyncError) as info,
    ):
        client.enrol(URL, code, branch, http=http)
    assert "注册码可能已被使用，请向中心索取新的注册码" in str(info.value) and "稍后自动重试" not in str(
        info.value
    )
    assert not client.is_branch(branch)


def test_an_enrolment_that_never_reached_the_centre_may_be_retried(api, centre, branch):
    node_id, code = register_branch(centre)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with httpx.Client(transport=httpx.MockTransport(refuse)) as http, pytest.raises(client.SyncError) as info:
        client.enrol(URL, code, branch, http=http)
    assert "无法连接中心" in str(info.value)
    assert client.enrol(URL, code, branch, http=api).node_id == node_id  # the code is still good


def test_fastapis_own_validation_errors_are_short_and_do_not_echo_the_input(api, centre):
    node_id, secret, incarnation = _enrolled(api, centre)
    h = _headers(node_id, secret, incarnation)
    probe = "110101199003071234"
    for r in (
        api.get("/v1/pull", params={"after": probe + "x", "limit": 10}, headers=h),
        api.get("/v1/conflicts", params={"status": probe}, headers=h),
        api.post(
            "/v1/push", content=b"[" + probe.encode(), headers={**h, "content-type": "application/json"}
        ),
        api.post(f"/v1/conflicts/{probe}/resolve", json={}, headers=h),
    ):
        assert r.status_code == 400, r.text
        body = r.json()
        assert set(body) == {"error", "code"} and body["code"] == "bad_request"
        assert "请求格式无效" in body["error"] and probe not in r.text
