"""The sync command line (main.py): sync-node add / code / list at the centre, sync-server's
refusal of SQLite, and enrol / sync / sync-status on a branch against the real service on
loopback (in-process through ``main.main([...])``; one real subprocess for the exit code).

"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

import main
from app.config import Settings
from app.services.setup import open_database
from app.sync.client import branch_status, prepare_branch
from db.engine import Database
from db.models import Operation, SyncNode
from tests.conftest import _setup
from tests.sync.branchwork import add_branch_user, take_payments
from tests.sync.loopback import serving

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"[A-Z2-7]{5}(?:-[A-Z2-7]{5}){3}")


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    monkeypatch.setenv("GRIDCOUNTER_NO_KEYRING", "1")
    yield


@pytest.fixture
def centre_url(pg_url: str) -> Iterator[str]:
    db, _ = _setup(pg_url)
    db.dispose()
    yield pg_url


@pytest.mark.pg
def test_sync_node_add_code_and_list(centre_url, capsys):
    assert main.main(["--db-url", centre_url, "sync-node", "add", "3302", "西湖供电所"]) == 0
    out = capsys.readouterr().out
    first = CODE.search(out)
    assert first and "3302" in out and "只显示这一次" in out
    assert main.main(["--db-url", centre_url, "sync-node", "code", "3302"]) == 0
    second = CODE.search(capsys.readouterr().out)
    assert second and second.group() != first.group()
    assert main.main(["--db-url", centre_url, "sync-node", "list"]) == 0
    listing = capsys.readouterr().out
    assert "3302" in listing and "待注册" in listing and second.group() not in listing
    assert main.main(["--db-url", centre_url, "sync-node", "add", "33", "x"]) == 2
    assert "4位数字" in capsys.readouterr().err
    assert main.main(["--db-url", centre_url, "sync-node", "code", "3999"]) == 2


@pytest.mark.pg
def test_sync_node_block_revokes_a_stolen_pc(centre_url, capsys):
    assert main.main(["--db-url", centre_url, "sync-node", "add", "3302", "西湖供电所"]) == 0
    capsys.readouterr()
    with pytest.raises(SystemExit):  # the reason is required
        main.main(["--db-url", centre_url, "sync-node", "block", "3302"])
    capsys.readouterr()
    db = Database(centre_url)
    try:
        with db.write() as s:  # as if a PC had enrolled
            s.execute(update(SyncNode).values(status="active", secret_hash="a" * 64))
        assert main.main(["--db-url", centre_url, "sync-node", "block", "3302", "--reason", "电脑被盗"]) == 0
        assert "已停止同步" in capsys.readouterr().out
        with db.read() as s:
            [sync] = s.scalars(select(SyncNode)).all()
            assert sync.status == "blocked" and sync.secret_hash == "" and sync.blocked_reason == "电脑被盗"
            assert s.scalar(
                select(func.count()).select_from(Operation).where(Operation.op_type == "BlockSyncNode")
            )
        assert main.main(["--db-url", centre_url, "sync-node", "list"]) == 0
        assert "已停止" in capsys.readouterr().out
        assert main.main(["--db-url", centre_url, "sync-node", "block", "3999", "--reason", "x y"]) == 2
    finally:
        db.dispose()


@pytest.mark.pg
def test_enrol_sync_and_status_against_the_service_on_loopback(centre_url, sqlite_url, capsys):
    assert main.main(["--db-url", centre_url, "sync-node", "add", "3302", "西湖供电所"]) == 0
    code = CODE.search(capsys.readouterr().out)
    assert code
    centre = Database(centre_url)
    with centre.read() as s:
        node_id = s.scalar(select(SyncNode.node_id))
    assert node_id is not None
    add_branch_user(centre, node_id)  # the branch hall's clerk
    try:
        with serving(centre) as url:
            assert main.main(["--db-url", sqlite_url, "sync-status"]) == 2
            assert "不是分支节点" in capsys.readouterr().err
            assert main.main(["--db-url", sqlite_url, "enrol", url, code.group()]) == 0
            assert "已注册为分支节点 3302" in capsys.readouterr().out
            assert main.main(["--db-url", sqlite_url, "enrol", url, code.group()]) == 2  # enrolled already
            capsys.readouterr()
            branch = open_database(Settings(db_url=sqlite_url))
            assert prepare_branch(branch)  # as main.py and the GUI do when they open a branch database
            try:
                take_payments(branch, 1)  # a customer and a payment at the branch
                waiting = branch_status(branch).pending
            finally:
                branch.dispose()
            assert waiting >= 3
            assert main.main(["--db-url", sqlite_url, "sync"]) == 0
            out = capsys.readouterr().out
            sent = re.search(r"发送 (\d+) 组（成功 (\d+)", out)
            assert sent and int(sent.group(1)) >= 1 and sent.group(1) == sent.group(2), out
            assert "暂存 0 组" in out and "接收" in out and "待处理冲突 0 条" in out and "待发送 0 条" in out
        assert main.main(["--db-url", sqlite_url, "sync"]) == 1  # the service is gone
        assert "无法连接中心" in capsys.readouterr().err
        assert main.main(["--db-url", sqlite_url, "sync-status"]) == 0
        out = capsys.readouterr().out
        assert (
            "分支节点 3302" in out
            and "待发送操作 0 条" in out
            and "无法连接中心" in out
            and "上次同步 从未" not in out
        )
    finally:
        centre.dispose()


def test_sync_server_refuses_sqlite_with_a_clear_message(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    run = subprocess.run(
        [sys.executable, "main.py", "sync-server", "--db-url", url, "--listen", "127.0.0.1:0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "PostgreSQL" in run.stderr and "SQLite" in run.stderr
    assert not (tmp_path / "x.db").exists()  # nothing created


@pytest.mark.pg
def test_sync_server_refuses_plain_http_on_a_network_address(centre_url):
    run = subprocess.run(
        [sys.executable, "main.py", "sync-server", "--db-url", centre_url, "--listen", "0.0.0.0:8443"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and "--behind-proxy" in run.stderr and "--cert" in run.stderr


def test_sync_exits_3_when_the_centre_refused_envelopes(sqlite_url, monkeypatch, capsys):
    from app.sync import client

    report = client.RoundReport(sent=2, applied=1, refused=1, messages=("第5–5条：链校验失败",))
    monkeypatch.setattr(client, "sync_round", lambda *a, **k: report)
    assert main.main(["--db-url", sqlite_url, "sync"]) == 3
    captured = capsys.readouterr()
    assert "拒收：第5–5条：链校验失败" in captured.out and "拒收 1 组" in captured.err
    monkeypatch.setattr(client, "sync_round", lambda *a, **k: client.RoundReport(sent=1, applied=1))
    assert main.main(["--db-url", sqlite_url, "sync"]) == 0


def test_the_systemd_unit_is_hardened_and_runs_a_valid_command():
    unit = (ROOT / "packaging" / "gridcounter-sync.service").read_text(encoding="utf-8")
    settings = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and not line.startswith(("#", " "))
    )
    for key, value in {
        "CapabilityBoundingSet": "",
        "PrivateDevices": "true",
        "ProtectKernelTunables": "true",
        "ProtectKernelModules": "true",
        "ProtectControlGroups": "true",
        "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
        "RestrictNamespaces": "true",
        "LockPersonality": "true",
        "SystemCallFilter": "@system-service",
        "ProtectHome": "true",
        "NoNewPrivileges": "true",
    }.items():
        assert settings.get(key) == value, key
    assert "store-db-password" not in unit  # ProtectHome hides the service user's keyring
    assert "chmod 0640" in unit and "root:gridcounter" in unit
    command = unit.split("ExecStart=", 1)[1].split("\nRestart", 1)[0].replace("\\\n", " ").split()
    args = main._parser().parse_args(command[2:])
    assert args.command == "sync-server" and args.cert and args.key


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(c) for c in children]
    return found


@pytest.mark.pg
@pytest.mark.skipif(sys.platform != "linux", reason="reads the worker processes from /proc")
def test_sync_server_with_two_worker_processes_serves_a_branch_and_stops_them(centre_url, sqlite_url, capsys):
    import os
    import signal
    import socket
    import time

    assert main.main(["--db-url", centre_url, "sync-node", "add", "3302", "西湖供电所"]) == 0
    code = CODE.search(capsys.readouterr().out)
    assert code
    centre = Database(centre_url)
    with centre.read() as s:
        node_id = s.scalar(select(SyncNode.node_id))
    add_branch_user(centre, node_id)
    centre.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "main.py", "--db-url", centre_url, "sync-server", "--listen", f"127.0.0.1:{port}",
         "--workers", "2"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        text=True, env={**os.environ, "GRIDCOUNTER_NO_KEYRING": "1"})
    try:
        assert proc.stdout is not None
        assert "同步服务已启动" in proc.stdout.readline()
        deadline = time.monotonic() + 60
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = _children(proc.pid)
        assert len(workers) >= 2, workers  # uvicorn's supervisor and its two worker processes
        url = f"http://127.0.0.1:{port}"
        assert main.main(["--db-url", sqlite_url, "enrol", url, code.group()]) == 0
        branch = open_database(Settings(db_url=sqlite_url))
        try:
            assert prepare_branch(branch)
            take_payments(branch, 2)
        finally:
            branch.dispose()
        capsys.readouterr()
        for _ in range(3):  # several requests: whichever worker answers, every one is applied once
            assert main.main(["--db-url", sqlite_url, "sync"]) == 0
        assert "待发送 0 条" in capsys.readouterr().out
        centre = Database(centre_url)
        try:
            with centre.read() as s:
                applied = s.scalar(select(SyncNode.applied_seq).where(SyncNode.node_id == node_id))
                logged = s.scalar(select(func.count()).select_from(Operation).where(Operation.node_id == node_id))
            assert applied and applied == logged
        finally:
            centre.dispose()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    def gone(pid: int) -> bool:
        try:
            return "zombie" in Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            return True

    # the supervisor stopped its workers: none left behind (a worker may still be finishing its
    # exit on a loaded machine — seen in a full suite run — but not for long)
    deadline = time.monotonic() + 15
    while not all(gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(gone(pid) for pid in workers), workers
