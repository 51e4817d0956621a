"""Backups and restore (docs/backup.md): the restore drill, generations, verification, a branch
copy that must re-enrol, the version refusal and the backup before an upgrade. SQLite only:
PostgreSQL is backed up on the server (``main.py backup`` says what to run)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.services import auth, cashier
from app.services.audit import run_audit
from app.services.backup import (
    RESTORED_KEY,
    BackupError,
    backup_database,
    list_backups,
    restore_backup,
    verify_backup,
)
from app.services.setup import open_database, upgrade_notice
from app.sync import client
from app.version import DatabaseTooNew, app_version, upgrade_listeners
from db.engine import Database
from db.models import AppMeta, Node, Payment, SyncState
from tests.conftest import CLERK_PASSWORD
from tests.services.test_payments import cash, new_customer, post

ROOT = Path(__file__).resolve().parents[2]


def _stick(path: Path) -> Path:
    """A backup folder that is there (a configured or given folder is never created: docs/backup.md)."""
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def hall(sqlite_db, customer_form):  # type: ignore[no-untyped-def]
    """An initialised SQLite database, clerk1 logged in with an open session, one customer (the
    payments go to prepaid: a bill inserted behind the log's back would fail the backup's verify-log)."""
    db, settings = sqlite_db
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    cashier.open_session(db, clerk, 50000)
    cust = new_customer(db, settings, clerk, customer_form)
    return db, settings, clerk, cust


def _payments(path: Path) -> tuple[int, int, set[str]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        count, total = conn.execute("SELECT count(*), coalesce(sum(amount_fen), 0) FROM payment").fetchone()
        receipts = {r[0] for r in conn.execute("SELECT receipt_no FROM payment")}
    conn.close()
    return count, total, receipts


def test_restore_drill(hall, tmp_path):  # type: ignore[no-untyped-def]
    """Payments, a backup, more payments, a restore into a new file: the copy verifies, its money
    is exactly the first payments, and the later ones are reported missing by receipt number."""
    db, settings, clerk, cust = hall
    before = [post(db, settings, clerk, cust, cash(fen)) for fen in (12850, 3000, 777)]
    done = backup_database(db, _stick(tmp_path / "backups"), settings=settings, keep=5)
    assert done.path.is_file() and done.path.name.startswith("gridcounter-3301-")
    assert done.contents.payments == 3 and done.contents.payment_fen == 12850 + 3000 + 777
    after = [post(db, settings, clerk, cust, cash(fen)) for fen in (500, 1234)]

    live_file = Path(db.engine.url.database or "")
    live_bytes = hashlib.sha256(live_file.read_bytes()).hexdigest()
    result = restore_backup(done.path, tmp_path / "restored.db", live=db)
    assert hashlib.sha256(live_file.read_bytes()).hexdigest() == live_bytes  # the live file is untouched
    assert result.contents.heads == done.contents.heads  # the backup's last operation is the copy's

    # the invariants, from the restored copy's own tables
    count, total, receipts = _payments(result.path)
    assert (count, total) == (3, 12850 + 3000 + 777)
    assert receipts == {r.receipt_no for r in before}
    restored = open_database(Settings(db_url=f"sqlite:///{result.path}"))
    try:
        report = run_audit(restored)
        assert report.ok, report.lines()
        with restored.read() as s:
            assert s.scalar(select(func.sum(Payment.amount_fen))) == 12850 + 3000 + 777
    finally:
        restored.dispose()

    # what the live database has that the copy lacks: exactly the later payments
    gap = result.gap
    assert gap is not None and not gap.copy_newer
    assert [r for r, _, _ in gap.payments] == [r.receipt_no for r in after]
    assert gap.payment_fen == 500 + 1234
    assert gap.operations >= 2
    text = "\n".join(gap.lines())
    assert "这 2 笔收费不在恢复的副本中" in text and after[0].receipt_no in text


def test_generations_are_kept_and_pruned(hall, tmp_path):  # type: ignore[no-untyped-def]
    import datetime as dt

    db, settings, clerk, cust = hall
    folder = _stick(tmp_path / "usb")
    base = dt.datetime(2026, 12, 1, 18, 0, 0)
    made = [
        backup_database(db, folder, settings=settings, keep=2, now=base + dt.timedelta(days=i)).path
        for i in range(4)
    ]
    tagged = backup_database(db, folder, settings=settings, keep=2, tag="before-0019", audit=False).path
    assert list_backups(folder, "3301") == made[2:]
    assert tagged.exists()  # a pre-upgrade backup is not a generation: never pruned
    assert not list(folder.glob(".*.partial"))
    assert oct(made[-1].stat().st_mode & 0o777) == "0o600"


def test_a_missing_or_unusable_folder_is_refused_clearly(hall, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    db, settings, _clerk, _cust = hall
    monkeypatch.setenv("GRIDCOUNTER_DATA_DIR", str(tmp_path / "fresh-data"))  # not made yet: the default is
    default = backup_database(db, settings=settings)
    assert default.path.parent == tmp_path / "fresh-data" / "backups"
    assert default.warnings == ()  # the default folder is local by design: no warning every 交班
    with pytest.raises(BackupError, match="不存在或无法访问：U 盘未插好"):
        backup_database(db, tmp_path / "no-stick" / "backups", settings=settings)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(BackupError, match="不是文件夹"):
        backup_database(db, tmp_path / "afile", settings=settings)


def test_an_unmounted_stick_gets_no_folder_on_the_internal_disk(hall, tmp_path):  # type: ignore[no-untyped-def]
    """backup_dir = /mnt/usb/backups with the stick not mounted: /mnt/usb is an empty folder on the
    internal disk. The configured folder is never created there: refused, nothing written. A
    configured folder that is there but on the database's own disk is used, with a warning."""
    db, settings, _clerk, _cust = hall
    mount_point = tmp_path / "mnt" / "usb"
    mount_point.mkdir(parents=True)
    stick = Settings(db_url=settings.db_url, backup_dir=str(mount_point / "backups"))
    with pytest.raises(BackupError, match="U 盘未插好，或网络共享未连接"):
        backup_database(db, settings=stick)
    assert list(mount_point.iterdir()) == []
    (mount_point / "backups").mkdir()  # say, made by hand (or by an older version) on the internal disk
    done = backup_database(db, settings=stick)
    assert done.path.parent == mount_point / "backups"
    (warning,) = done.warnings
    assert "与数据库在同一个磁盘上" in warning and "插好" in warning
    assert warning.template.startswith("备份文件夹 {folder} 与数据库在同一个磁盘上")  # translatable
    assert "注意：备份文件夹" in done.summary()


def test_the_live_database_is_never_pruned(sqlite_db, tmp_path):  # type: ignore[no-untyped-def]
    """After a dead disk the clerk pointed db_url at the newest backup on the stick: that file,
    open as the database, is named like a generation — a backup with keep=1 must not delete it."""
    import datetime as dt

    db, settings = sqlite_db
    folder = _stick(tmp_path / "stick")
    first = backup_database(db, folder, settings=settings, now=dt.datetime(2026, 11, 1, 18, 0, 0)).path
    assert first.name == "gridcounter-3301-20261101-180000.db"
    live = Database(f"sqlite:///{first}")  # the program works on it (WAL, -wal / -shm beside it)
    try:
        with live.write() as s:
            s.execute(select(func.count()).select_from(Node))
        done = backup_database(
            live, folder, settings=settings, keep=1, now=dt.datetime(2026, 11, 2, 18, 0, 0)
        )
        assert first.exists() and done.path.exists() and done.removed == ()
        live.dispose()  # closed: no -wal beside it, but it is the database being backed up …
        again = backup_database(
            live, folder, settings=settings, keep=1, now=dt.datetime(2026, 11, 3, 18, 0, 0)
        )
        assert first.exists() and again.removed == (done.path,)
        # … and, once the program has opened it, it is in WAL mode: not a finished backup, whoever backs up
        other = backup_database(db, folder, settings=settings, keep=1, now=dt.datetime(2026, 11, 4, 18, 0, 0))
        assert first.exists() and other.removed == (again.path,)
    finally:
        live.dispose()


def test_a_clock_set_back_never_prunes_the_new_backup(hall, tmp_path):  # type: ignore[no-untyped-def]
    """The PC's clock says 2000-01-01: the new backup's name sorts oldest. It is kept (it counts as
    one of the generations), its size read, and the older-named ones beyond ``keep`` go."""
    import datetime as dt

    db, settings, _clerk, _cust = hall
    folder = _stick(tmp_path / "usb")
    made = [
        backup_database(db, folder, settings=settings, keep=3, now=dt.datetime(2026, 12, d, 18, 0, 0)).path
        for d in (1, 2, 3)
    ]
    done = backup_database(db, folder, settings=settings, keep=2, now=dt.datetime(2000, 1, 1, 8, 0, 0))
    assert done.path.exists() and done.bytes == done.path.stat().st_size > 0
    assert done.removed == tuple(made[:2])
    assert sorted(list_backups(folder, "3301")) == sorted([done.path, made[2]])


def test_a_damaged_or_altered_backup_is_refused(hall, tmp_path):  # type: ignore[no-untyped-def]
    db, settings, clerk, cust = hall
    post(db, settings, clerk, cust, cash(12850))
    good = backup_database(db, _stick(tmp_path / "b"), settings=settings).path

    altered = tmp_path / "altered.db"
    altered.write_bytes(good.read_bytes())
    with sqlite3.connect(altered) as conn:  # a payment changed behind the log's back
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE payment SET amount_fen = amount_fen + 100")
    conn.close()
    with pytest.raises(BackupError, match="verify-log"):
        verify_backup(altered)
    with pytest.raises(BackupError, match="verify-log"):
        restore_backup(altered, tmp_path / "r1.db")
    assert not (tmp_path / "r1.db").exists() and not list(tmp_path.glob(".r1.db*"))

    damaged = tmp_path / "damaged.db"
    raw = bytearray(good.read_bytes())
    raw[len(raw) // 2 : len(raw) // 2 + 8192] = os.urandom(8192)
    damaged.write_bytes(bytes(raw))
    with pytest.raises(BackupError):
        restore_backup(damaged, tmp_path / "r2.db")
    assert not (tmp_path / "r2.db").exists()


def test_restore_never_overwrites(hall, tmp_path):  # type: ignore[no-untyped-def]
    db, settings, _clerk, _cust = hall
    good = backup_database(db, _stick(tmp_path / "b"), settings=settings).path
    live = Path(db.engine.url.database or "")
    with pytest.raises(BackupError, match="不能恢复到正在使用的数据库"):
        restore_backup(good, live, live=db)
    (tmp_path / "exists.db").write_bytes(b"keep me")
    with pytest.raises(BackupError, match="已存在"):
        restore_backup(good, tmp_path / "exists.db")
    assert (tmp_path / "exists.db").read_bytes() == b"keep me"


def test_a_restored_branch_copy_does_not_sync_until_re_enrolled(hall, tmp_path):  # type: ignore[no-untyped-def]
    """A branch node's copy is marked: the sync refuses before any request (the centre would see
    sequence numbers it has already), the status says ⛔ and how to re-enrol."""
    db, settings, _clerk, _cust = hall
    with db.write() as s:
        node_id = s.scalar(select(Node.id).where(Node.code == "3301"))
        s.add(
            SyncState(
                id=1,
                node_id=node_id,
                server_url="https://sync.example.cn:8443",
                incarnation=str(uuid.uuid4()),
            )
        )
    good = backup_database(db, _stick(tmp_path / "b"), settings=settings).path
    result = restore_backup(good, tmp_path / "restored.db")
    assert result.branch
    restored = open_database(Settings(db_url=f"sqlite:///{result.path}"))
    try:
        with restored.read() as s:
            assert good.name in s.get(AppMeta, RESTORED_KEY).value  # type: ignore[union-attr]
        status = client.branch_status(restored)
        assert status.refused and "main.py enrol" in status.error_text

        def no_request(request: httpx.Request) -> httpx.Response:
            raise AssertionError("a restored copy must not contact the centre")

        with pytest.raises(client.SyncError, match="由备份恢复"):
            client.sync_round(restored, http=httpx.Client(transport=httpx.MockTransport(no_request)))
        status = client.branch_status(restored)
        assert status.refused and "重新注册" in status.error_text
    finally:
        restored.dispose()
    with db.read() as s:  # the live database is not marked
        assert s.get(AppMeta, RESTORED_KEY) is None


# ---- a backup while another process keeps taking payments ---------------------------------------------

_WRITER = r"""
import json, sys, time, uuid
from pathlib import Path
from app.config import Settings
from app.dto.payments import TenderInput
from app.services import auth, payments
from app.services.setup import open_database
url, customer, stop, password = sys.argv[1], uuid.UUID(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
db = open_database(Settings(db_url=url))
clerk = auth.login(db, "clerk1", password)
out = []
print("ready", flush=True)
while not stop.exists():
    started = time.time()
    r = payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), customer, (TenderInput("cash", 100),), None))
    out.append((started, time.time() - started, r.receipt_no))
    time.sleep(0.02)
print(json.dumps(out), flush=True)
"""


@pytest.mark.slow
def test_a_backup_while_another_process_takes_payments(hall, tmp_path):  # type: ignore[no-untyped-def]
    """Another process posts a payment every ~20 ms during the whole backup (slowed down to last
    seconds): none waits long, the copy verifies (chain + reconcile), and it holds exactly the
    payments posted before its snapshot, every later one missing from it and present live."""
    db, settings, clerk, cust = hall
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, settings.db_url, str(cust), str(stop), CLERK_PASSWORD],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        started = time.time()
        done = backup_database(
            db, _stick(tmp_path / "b"), settings=settings, step_pages=1, progress=lambda _f: time.sleep(0.01)
        )
        ended = time.time()
        time.sleep(0.3)
    finally:
        stop.write_text("")
        out, _ = writer.communicate(timeout=60)
    assert writer.returncode == 0
    posted = json.loads(out.strip().splitlines()[-1])
    during = [p for p in posted if started <= p[0] <= ended - done.verify_seconds]
    assert done.copy_seconds > 1.0 and len(during) >= 10, (done.copy_seconds, len(during))
    worst = max(p[1] for p in posted)
    assert worst < 1.0, f"a payment waited {worst:.2f} s during the backup"
    count, _total, receipts = _payments(done.path)
    assert count == done.contents.payments
    all_receipts = [p[2] for p in posted]
    in_copy = [r for r in all_receipts if r in receipts]
    assert in_copy == all_receipts[: len(in_copy)]  # a prefix: one consistent moment
    assert 0 < len(in_copy) < len(all_receipts)
    result = restore_backup(done.path, tmp_path / "r.db", live=db)
    assert [r for r, _, _ in result.gap.payments] == all_receipts[len(in_copy) :]  # type: ignore[union-attr]
    print(
        f"backup during payments: copy {done.copy_seconds:.1f} s, {len(during)} payments meanwhile, "
        f"worst payment {worst * 1000:.0f} ms"
    )


# ---- versions and upgrades -----------------------------------------------------------------------------


def test_the_version_comes_from_pyproject() -> None:
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as fh:
        assert app_version() == tomllib.load(fh)["project"]["version"]
    out = subprocess.run(
        [sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert app_version() in out and "GridCounter" in out


def _stamp(path: Path, revision: str) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()


def test_a_newer_database_is_refused_untouched(sqlite_db, tmp_path):  # type: ignore[no-untyped-def]
    db, settings = sqlite_db
    path = Path(db.engine.url.database or "")
    db.dispose()
    _stamp(path, "0099_future")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    backups = tmp_path / "backups"
    with pytest.raises(DatabaseTooNew, match="已被更新版本的 GridCounter 升级.*数据库未做任何改动"):
        open_database(Settings(db_url=settings.db_url, backup_dir=str(backups)))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not backups.exists()
    env = {**os.environ, "GRIDCOUNTER_BACKUP_DIR": str(backups)}
    cli = subprocess.run(
        [sys.executable, "main.py", "--db-url", settings.db_url, "verify-log"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert cli.returncode == 2 and "请安装最新版本的程序" in cli.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_an_older_database_is_backed_up_then_migrated(hall, tmp_path):  # type: ignore[no-untyped-def]
    """An older revision (0018: the real downgrade of 0019) opened by this program: a verified
    backup first (still at 0018), then the migration, and the notice for the GUI and console."""
    from alembic import command

    from db.migrate import alembic_config, head_revision, migration_connection

    db, settings, clerk, cust = hall
    post(db, settings, clerk, cust, cash(12850))
    path = Path(db.engine.url.database or "")
    cfg = alembic_config(db.engine)
    with migration_connection(db.engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0018")
    db.dispose()
    heard = []
    upgrade_listeners.append(heard.append)
    try:
        again = open_database(Settings(db_url=settings.db_url, backup_dir=str(_stick(tmp_path / "bk"))))
    finally:
        upgrade_listeners.remove(heard.append)
    try:
        notice = upgrade_notice(again)
        assert notice is not None and heard == [notice]
        assert (notice.from_revision, notice.to_revision) == ("0018", head_revision())
        assert notice.backup is not None and notice.backup.parent == tmp_path / "bk"
        assert "升级前的数据库已备份并核验" in notice.message and str(notice.backup) in notice.message
        with sqlite3.connect(f"file:{notice.backup}?mode=ro", uri=True) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0018"
            assert conn.execute("SELECT count(*) FROM payment").fetchone()[0] == 1
        conn.close()
        assert run_audit(again).ok
    finally:
        again.dispose()
    # restoring that old backup migrates the new file, never the backup
    result = restore_backup(notice.backup, tmp_path / "restored.db")
    assert result.migrated_from == "0018"
    with sqlite3.connect(f"file:{notice.backup}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0018"
    conn.close()
    assert path.exists()


# ---- the commands ------------------------------------------------------------------------------------


def test_backup_and_restore_commands(hall, tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    db, settings, clerk, cust = hall
    first = post(db, settings, clerk, cust, cash(2000))
    assert (
        main.main(["--db-url", settings.db_url, "backup", str(_stick(tmp_path / "usb")), "--keep", "3"]) == 0
    )
    out = capsys.readouterr().out
    assert "备份完成并已核验" in out and "收费记录 1 笔" in out
    (made,) = list_backups(tmp_path / "usb")
    later = post(db, settings, clerk, cust, cash(3000))

    target = tmp_path / "restored.db"
    assert main.main(["--db-url", settings.db_url, "restore", str(made), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert f"已核验并恢复到新的数据库文件：{target}" in out
    assert "备份中的收费记录 1 笔，合计 ¥20.00" in out
    assert f"其中这 1 笔收费不在恢复的副本中（合计 ¥30.00），收据号：{later.receipt_no}" in out
    assert first.receipt_no not in out.split("收据号：")[-1]
    assert "原数据库未改动" in out and f"sqlite:///{target}" in out
    # again to the same file: refused, nothing changed
    assert main.main(["--db-url", settings.db_url, "restore", str(made), "--to", str(target)]) == 1
    assert "已存在" in capsys.readouterr().err
    # a folder on a stick that is not there
    assert main.main(["--db-url", settings.db_url, "backup", str(tmp_path / "E" / "gridcounter")]) == 1
    assert "U 盘未插好" in capsys.readouterr().err


def _revision(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_restore_reads_the_live_database_only_if_there_and_never_migrates_it(
    hall, tmp_path, capsys, monkeypatch
):  # type: ignore[no-untyped-def]
    """The comparison with the live database opens its file read-only, without open_database: a
    missing one is not created (a new PC after a dead disk), a damaged one is said and the restore
    goes on, an older one is not migrated; each message is true."""
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    db, settings, clerk, cust = hall
    post(db, settings, clerk, cust, cash(2000))
    made = backup_database(db, _stick(tmp_path / "usb"), settings=settings).path

    # a new PC: the data folder is there, the database file is not
    new_pc = _stick(tmp_path / "new-pc") / "gridcounter.db"
    assert main.main(["--db-url", f"sqlite:///{new_pc}", "restore", str(made)]) == 0
    out = capsys.readouterr().out
    assert not new_pc.exists() and not list(new_pc.parent.glob("gridcounter.db*"))
    (restored,) = new_pc.parent.glob("gridcounter.restored-*.db")
    assert f"当前数据库 {new_pc} 不存在：没有可比对的数据库" in out
    assert "恢复的副本是完整的" not in out and "原数据库未改动" not in out
    assert f"sqlite:///{restored}" in out

    # a damaged live database: said, the restore goes on, the file untouched
    damaged = tmp_path / "damaged" / "gridcounter.db"
    _stick(damaged.parent)
    damaged.write_bytes(b"not a database " * 512)
    target = tmp_path / "r-damaged.db"
    assert main.main(["--db-url", f"sqlite:///{damaged}", "restore", str(made), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert "无法与当前数据库比对：file is not a database" in out and target.exists()
    assert f"原数据库未改动：{damaged}" in out and "恢复的副本是完整的" not in out
    assert damaged.read_bytes() == b"not a database " * 512

    # an older live database (0018): compared, not migrated
    live = Path(db.engine.url.database or "")
    later = post(db, settings, clerk, cust, cash(3000))
    _downgrade(db, "0018")
    db.dispose()
    target = tmp_path / "r-old.db"
    assert main.main(["--db-url", settings.db_url, "restore", str(made), "--to", str(target)]) == 0
    out = capsys.readouterr().out
    assert _revision(live) == "0018"
    assert f"收据号：{later.receipt_no}" in out and f"原数据库未改动：{live}" in out


def test_a_backup_never_migrates_or_creates_the_database(hall, tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    """``main.py backup`` by a newer program copies the older database as it is (its schema
    revision kept, the log audit said to be skipped); a missing database is not created."""
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    db, settings, _clerk, _cust = hall
    live = Path(db.engine.url.database or "")
    _downgrade(db, "0018")
    db.dispose()
    folder = _stick(tmp_path / "usb")
    assert main.main(["--db-url", settings.db_url, "backup", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "备份完成并已核验" in out and "只做了完整性检查，未做操作日志核验" in out
    (made,) = list_backups(folder)
    assert _revision(live) == "0018" and _revision(made) == "0018"

    missing = tmp_path / "gone" / "gridcounter.db"
    assert main.main(["--db-url", f"sqlite:///{missing}", "backup", str(folder)]) == 1
    assert "没有可备份的数据库" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_the_commands_run_without_a_console(hall, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The windowed Windows executable has no console: sys.stdout is None."""
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    _db, settings, _clerk, _cust = hall
    assert main.main(["--db-url", settings.db_url, "backup", str(_stick(tmp_path / "usb"))]) == 0
    assert main._backup_progress() is None and not main._stdout_is_tty()


def test_a_backup_file_is_flushed_through_a_writable_handle(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Windows flushes a file only through a handle opened for writing (FlushFileBuffers)."""
    from app.services import backup

    opened: list[tuple[str, int]] = []
    real_open = os.open
    monkeypatch.setattr(
        backup.os, "open", lambda p, flags, *a: opened.append((str(p), flags)) or real_open(p, flags, *a)
    )
    f = tmp_path / "x.db"
    f.write_bytes(b"x")
    backup._fsync(f)
    backup._fsync(tmp_path, directory=True)
    assert opened[0] == (str(f), os.O_RDWR)
    if os.name == "posix":
        assert opened[1] == (str(tmp_path), os.O_RDONLY)


def test_backup_on_a_shared_database_says_what_to_run(capsys, monkeypatch):  # type: ignore[no-untyped-def]
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    url = "postgresql+psycopg://gridcounter_app@db.example.cn/gridcounter"
    assert main.main(["--db-url", url, "backup"]) == 2  # the database is not even opened
    err = capsys.readouterr().err
    assert "pg_dump -Fc" in err and "gridcounter" in err and "pg_basebackup" in err and "WAL" in err


def test_a_cancelled_backup_leaves_nothing(hall, tmp_path):  # type: ignore[no-untyped-def]
    """The program quits during a backup: the copy stops at the next step (or the check is
    interrupted), and no file is left in the folder, partial or not."""
    import threading

    from app.services.backup import BackupCancelled

    db, settings, _clerk, _cust = hall
    cancel = threading.Event()
    with pytest.raises(BackupCancelled):
        backup_database(
            db,
            _stick(tmp_path / "b"),
            settings=settings,
            step_pages=1,
            cancel=cancel,
            progress=lambda f: cancel.set() if f > 0.3 else None,
        )
    assert list((tmp_path / "b").iterdir()) == []
    cancel.set()  # set before the verification: the integrity check is interrupted at once
    with pytest.raises(BackupCancelled):
        verify_backup(backup_database(db, _stick(tmp_path / "c"), settings=settings).path, cancel=cancel)


def test_backup_settings(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from app.config import SettingsError, load_settings

    monkeypatch.setenv("GRIDCOUNTER_BACKUP_DIR", str(tmp_path / "stick"))
    config = tmp_path / "settings.toml"
    config.write_text("backup_keep = 30\nbackup_after_close = false\n", encoding="utf-8")
    s = load_settings(config)
    assert (s.backup_keep, s.backup_after_close, s.resolved_backup_dir) == (30, False, tmp_path / "stick")
    config.write_text("backup_keep = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="backup_keep"):
        load_settings(config)


def _downgrade(db, revision: str) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from db.migrate import alembic_config, migration_connection

    cfg = alembic_config(db.engine)
    with migration_connection(db.engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_the_console_hears_of_the_upgrade_whatever_the_command(sqlite_db, tmp_path):  # type: ignore[no-untyped-def]
    db, settings = sqlite_db
    _downgrade(db, "0018")
    db.dispose()
    env = {**os.environ, "GRIDCOUNTER_BACKUP_DIR": str(_stick(tmp_path / "bk"))}
    env.pop("GRIDCOUNTER_DB_URL", None)
    cli = subprocess.run(
        [sys.executable, "main.py", "--db-url", settings.db_url, "verify-log"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert cli.returncode == 0, cli.stderr
    assert "数据库结构已从版本 0018 升级到 0019" in cli.stderr and "升级前的数据库已备份并核验" in cli.stderr
    (made,) = (tmp_path / "bk").glob("gridcounter-3301-*-before-0019.db")
    assert str(made) in cli.stderr


@pytest.mark.pg
def test_a_shared_database_is_migrated_only_once_its_backup_is_confirmed(pg_url):  # type: ignore[no-untyped-def]
    """An older shared schema: refused with what to run (pg_dump, then init-db --backup-taken),
    before anything is changed; migrated when the backup is said to be taken."""
    from sqlalchemy import text

    from app.version import SharedUpgradeNeedsBackup
    from tests.conftest import _setup

    db, settings = _setup(pg_url)
    _downgrade(db, "0018")
    db.dispose()
    heard: list[object] = []
    upgrade_listeners.append(heard.append)
    try:
        with pytest.raises(SharedUpgradeNeedsBackup) as refused:
            open_database(settings)
        said = str(refused.value)
        assert "pg_dump -Fc -f gridcounter-before-" in said and "init-db --backup-taken" in said
        assert "数据库未做任何改动" in said and "不在柜台电脑上升级" in said
        assert heard == []
        again = open_database(settings, backup_taken=True)
    finally:
        upgrade_listeners.remove(heard.append)
    try:
        notice = upgrade_notice(again)
        assert notice is not None and heard == [notice] and notice.backup is None and notice.backup_confirmed
        assert notice.from_revision == "0018" and "init-db --backup-taken" in notice.message
        with again.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == notice.to_revision
            )
    finally:
        again.dispose()
