"""review scratch (delete me)"""
from __future__ import annotations

import datetime as dt
import uuid

import httpx
import pytest
from sqlalchemy import func, select

from app.services import auth, payments
from app.sync import client, feed, nodes, server
from db.models import Customer, Payment, SyncState, Bill
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD
from tests.sync.branchwork import add_branch_user, register_branch, take_payments
from tests.sync.test_http import URL, _enrolled, _headers, api, branch, centre, _no_keyring  # noqa: F401

pytestmark = pytest.mark.pg


def _stale(centre):
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    nodes.register_node(centre, admin, str(3300 + len(str(uuid.uuid4())) % 7 + __import__("random").randint(10, 90)), "龙坞供电所")
    auth.logout(centre, admin)
    with centre.write() as s:
        feed.prune_feed(s, dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1))


def test_reload_failure_after_delete_leaves_branch_empty(api, centre, branch, monkeypatch):
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 2)
    client.sync_round(branch, http=api)
    _stale(centre)
    with branch.read() as s:
        before = s.scalar(select(func.count()).select_from(Customer)), s.scalar(select(func.count()).select_from(Payment))
    def boom(db, f):
        raise RuntimeError("simulated failure in load_snapshot (e.g. constraint, disk full)")
    monkeypatch.setattr(client.snapshot, "load_snapshot", boom)
    with pytest.raises(Exception) as info:
        client.sync_round(branch, http=api)
    with branch.read() as s:
        after = s.scalar(select(func.count()).select_from(Customer)), s.scalar(select(func.count()).select_from(Payment))
        trig = s.execute(__import__("sqlalchemy").text("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE 'trg_%_no_%'")).scalar()
    print("\nRELOAD-FAIL before (customers, payments)", before, "after", after, "guards", trig, "error:", info.value)
    st = client.branch_status(branch)
    print("status online", st.online, "last_error", st.last_error)


def test_clerk_payment_during_snapshot_download_is_wiped(api, centre, branch, monkeypatch):
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 1)
    client.sync_round(branch, http=api)
    _stale(centre)
    with branch.read() as s:
        cid = s.scalar(select(Customer.id))
    real = client._download_snapshot
    rid = uuid.uuid4()
    def download(link, out):
        n = real(link, out)
        clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)  # the clerk works while the download runs
        payments.post_payment(branch, clerk, payments.PostPayment(rid, cid, (payments.TenderInput("cash", 777),), 777))
        return n
    monkeypatch.setattr(client, "_download_snapshot", download)
    report = client.sync_round(branch, http=api)
    with branch.read() as s:
        local = s.get(Payment, rid)
    st = client.branch_status(branch)
    print("\nRACE reloaded", report.reloaded, "payment row at branch after reload:", local is not None, "pending", st.pending)
    monkeypatch.setattr(client, "_download_snapshot", real)
    r2 = client.sync_round(branch, http=api)
    with branch.read() as s:
        local = s.get(Payment, rid)
    with centre.read() as s:
        central = s.get(Payment, rid)
    print("after next round: branch has it", local is not None, "centre has it", central is not None, r2.summary())


def test_chunked_body_over_limit(api, centre):
    node_id, secret, inc = _enrolled(api, centre)
    h = _headers(node_id, secret, inc)
    def gen():
        yield b'{"envelopes": ['
        for _ in range(300):
            yield b'"' + b"x" * 1000 + b'",'
        yield b'"x"]}'
    r = api.post("/v1/push", content=gen(), headers={**h, "content-type": "application/json"})
    print("\nCHUNKED over limit ->", r.status_code, r.text[:200])
    r = api.post("/v1/enrol", content=(b for b in [b'{"code":"', b"A" * 5000, b'"}']), headers={"content-type": "application/json"})
    print("CHUNKED enrol over 4k ->", r.status_code, r.text[:200])
    r = api.get("/v1/pull", params={"after": -1}, headers=h)
    print("pull after=-1 ->", r.status_code, r.text[:300])
    r = api.post("/v1/push", content=b"{not json", headers={**h, "content-type": "application/json"})
    print("bad json ->", r.status_code, r.text[:300])
    r = api.post("/v1/enrol", json=["x"])
    print("enrol list ->", r.status_code, r.text[:300])
    r = api.post(f"/v1/conflicts/{uuid.uuid4()}/resolve", json={"choice": "x", "version": "abc"}, headers=h)
    print("resolve bad ->", r.status_code, r.text[:300])
    r = api.get("/v1/status", headers={"Authorization": f"Bearer {node_id}:{secret}"})
    print("status without incarnation ->", r.status_code, r.text[:300])
    r = api.get("/v1/status", headers=h)
    print("status after ->", r.status_code, r.text[:300])


def test_enrol_response_lost(api, centre, branch):
    node_id, code = register_branch(centre)
    def lose(request):
        # the centre commits, the answer never arrives
        api.post("/v1/enrol", content=request.content, headers={"content-type": "application/json"})
        raise httpx.ReadTimeout("timed out", request=request)
    with httpx.Client(transport=httpx.MockTransport(lose)) as flaky, pytest.raises(client.SyncError) as info:
        client.enrol(URL, code, branch, http=flaky)
    print("\nLOST enrol answer message:", info.value)
    with pytest.raises(client.SyncError) as info2:
        client.enrol(URL, code, branch, http=api)
    print("retry with same code:", info2.value)


def test_guards_come_back_on_rollback(api, centre, branch):
    import sqlalchemy as sa
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    q = sa.text("SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE 'trg_%_no_%'")
    with branch.read() as s:
        n0 = s.execute(q).scalar()
        names = [r[0] for r in s.execute(sa.text("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE 'trg_%_no_%'"))]
    with pytest.raises(RuntimeError):
        with branch.write() as s:
            with client._guards_lifted(s):
                raise RuntimeError("x")
    with branch.read() as s:
        n1 = s.execute(q).scalar()
    print("\nGUARDS", n0, "->", n1, names)
