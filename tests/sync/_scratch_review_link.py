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


from pathlib import Path as _P  # noqa: E402

from app.sync import apply as _apply, rows as _rows  # noqa: E402
from app.sync.envelope import RowChange as _RC  # noqa: E402
from db.models import User as _User  # noqa: E402
from tests.sync._branch import make_branch as _mk, read_all as _ra, customer_with_bill as _cwb  # noqa: E402
from app.services import cashier as _cashier  # noqa: E402
import dataclasses as _dc  # noqa: E402
import json as _json  # noqa: E402


def test_branch_rewrites_a_centre_user(db, clerk, supervisor, settings, customer_form, tmp_path):
    cust = _cwb(db, clerk, supervisor, settings, customer_form)  # a CENTRE customer (centre node)
    b = _mk(db, tmp_path / "branch.db")
    image = _ra(b.db)
    actor = b.actor("bclerk")
    _, env = b.run(_cashier.open_session, b.db, actor, 10000)  # a genuine, permitted op
    # a row change the op does not explain: the centre's clerk1 made admin with a known password
    key = next(k for k, r in image["app_user"].items() if r["username"] == "clerk1")
    before = image["app_user"][key]
    after = dict(before, role="admin", password_hash=auth.hash_password("Owned2026x"))
    ckey = next(k for k, r in image["customer"].items() if r["id"] == str(cust.id) or r.get("account_no") == cust.account_no)
    cbefore = image["customer"][ckey]
    cafter = dict(cbefore, phone="13800000000")
    env = _dc.replace(env, changes=env.changes + (
        _RC("app_user", _json.loads(key), "update", before, after),
        _RC("customer", _json.loads(ckey), "update", cbefore, cafter)))
    [ans] = _apply.apply_batch(db, b.node_id, [env])
    with db.read() as s:
        u = s.scalar(select(_User).where(_User.username == "clerk1"))
        phone = s.scalar(select(Customer.phone).where(Customer.id == cust.id))
    print("\nFOREIGN ROWS outcome", ans.outcome, ans.message, "| centre clerk1 role:", u.role, "node is centre:", u.node_id != b.node_id, "| centre customer phone:", phone)
    try:
        a = auth.login(db, "clerk1", "Owned2026x")
        print("login with the branch-chosen password:", a.role)
    except Exception as exc:
        print("login failed", exc)


def test_zz_screens(qtbot, qapp, pg_url):
    from tests.conftest import _setup, SUPERVISOR_PASSWORD
    from tests.ui.helpers import ScriptedDialogs
    from ui.context import UiContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner
    from app.services.setup import local_node
    from app.config import Settings
    from db.models import SyncConflict
    from ui.sync.status import SyncStatusBar
    from app.sync.client import BranchStatus
    centre, _ = _setup(pg_url)
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    view, _code = nodes.register_node(centre, admin, "3302", "西湖供电所")
    auth.logout(centre, admin)
    def add(kind, tbl, detail):
        with centre.write() as s:
            s.add(SyncConflict(node_id=view.node_id, op_id=uuid.uuid4(), kind=kind, tbl=tbl,
                               row_key=_json.dumps({"id": str(uuid.uuid4())}), detail=_json.dumps(detail), status="open"))
    add("day_end", "cashier_session", {"session_no": "3302-S-000003", "branch": {"cash": 120000, "wechat": 3500}, "centre": {"cash": 118000, "wechat": 3500}})
    add("actor", "payment", {"first_seq": 12, "last_seq": 12, "reason": "操作员 bclerk 在中心没有 payment.post 权限", "ops": [], "changes": [{"tbl": "payment"}, {"tbl": "customer"}]})
    add("apply", "customer", {"first_seq": 14, "last_seq": 15, "reason": "UniqueViolation", "ops": [], "changes": [{"tbl": "customer"}]})
    add("row", "work_order_step", {"action": "insert", "after": {"id": "x", "step_no": 3}, "centre": {"id": "x", "step_no": 3, "note": "中心处理"}})
    add("state", "application", {"before": {"status": "accepted", "stage": "survey"}, "after": {"status": "suspended", "stage": "survey"}, "centre": {"status": "closed", "stage": "done"}})
    settings = Settings(db_url=centre.engine.url.render_as_string(hide_password=False))
    ctx = UiContext(settings=settings, db=centre, node=local_node(centre), tasks=TaskRunner(), dialogs=ScriptedDialogs())
    ctx.actor = auth.login(centre, "super1", SUPERVISOR_PASSWORD)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: window.sync_feature.role == "centre", timeout=10000)
    module = window.sync_feature.conflicts
    with qtbot.waitSignal(module.loaded, timeout=10000):
        window.show_module_by_key("sync_conflicts")
    for i in range(module.model.rowCount()):
        module.table.selectRow(i)
        qapp.processEvents()
        window.grab().save(f"/tmp/rv_conf_{i}.png")
        r = module.current()
        print("\nROW", r.kind, "| branch:", r.branch[:120], "| centre:", r.centre[:120], "| choices", r.choices,
              "| enabled", module.centre_action.isEnabled(), module.branch_action.isEnabled(), module.reviewed_action.isEnabled())
    ctx.tasks.wait_idle(10000)
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    import datetime as _d
    now = _d.datetime.now(_d.UTC).replace(tzinfo=None)
    bar.show_status(BranchStatus("3302", "https://sync.example.cn", 0, 10, 99, now, now + _d.timedelta(minutes=1),
        "中心拒绝了本节点：节点3302已被中心停止同步：实例标识与注册时不符（该电脑可能从旧备份恢复，或另一台电脑使用了同一凭据）。请联系中心管理员重新发码并重新注册", 0, 5))
    bar.show(); qapp.processEvents()
    bar.grab().save("/tmp/rv_bar_blocked.png")
    print("BAR", bar.link.text(), bar.pending.text(), bar.last.text(), bar.conflicts.text())
