"""Backups of a SQLite database and restoring one (docs/backup.md).

**Backup** (:func:`backup_database`): SQLite's online backup API copies the live database page by
page into a temporary file in the backup folder. The source connection holds one read transaction
for the whole copy, so the copy is one consistent snapshot; the database is in WAL mode, so the
counters' writes (payments, a day-end close) go on meanwhile — they append to the WAL, which a
reader does not block. The copy is switched to a single file (rollback journal), then **verified**
— ``PRAGMA integrity_check``, the operation log's hash chains and the reconcile of ``verify-log``
(app/services/audit.py), and its chain heads equal to those the snapshot held — and only then
renamed to ``gridcounter-<node>-<YYYYmmdd-HHMMSS>.db``. The newest ``keep`` generations of the node
are kept; older ones are deleted. A PostgreSQL database is never dumped here: the server's
administrator backs it up (:class:`BackupNotPossible` says what to run).

**Restore** (:func:`restore_backup`): the file is verified the same way and copied into a *new*
database file (never over an existing one, never over the live database); an older schema is
migrated in the new file. A branch node's copy is marked (``app_meta`` ``sync_restored_from``)
so the sync refuses to run until the PC is re-enrolled (``main.py enrol URL CODE``,
docs/sync.md#recovery). :func:`compare_with_live` lists what the live database has that the
restored copy lacks: the operations after the copy's last one, and the payments among them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from app.config import Settings, private_dir
from app.domain.codes import OpType
from app.domain.errors import DomainError
from app.domain.messages import Message
from db.engine import Database, create_private_sqlite_file
from db.migrate import head_revision
from db.models import Node, Operation, Payment

__all__ = [
    "BackupError",
    "BackupNotPossible",
    "BackupResult",
    "Gap",
    "RestoreResult",
    "backup_database",
    "compare_with_live",
    "list_backups",
    "postgres_backup_advice",
    "postgres_upgrade_advice",
    "restore_backup",
    "verify_backup",
]

log = logging.getLogger(__name__)

#: ``app_meta`` key of a branch database restored from a backup: the sync refuses to run until the
#: PC is re-enrolled (which makes a new database without it), docs/sync.md#recovery
RESTORED_KEY = "sync_restored_from"
#: pages copied per step of the backup API (4 KiB pages: 16 MiB a step)
STEP_PAGES = 4096
#: a backup of node 3301 taken 2026-12-06 15:30:00: gridcounter-3301-20261206-153000.db
_NAME = re.compile(r"^gridcounter-(?P<node>[0-9A-Za-z]+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.db$")
_PARTIAL_SUFFIX = ".partial"


class BackupError(DomainError):
    """A backup or restore that did not happen (folder missing, not writable, verification
    failed …); nothing was kept, the live database is untouched."""


class BackupNotPossible(BackupError):
    """The database is PostgreSQL (shared mode): it is backed up on the server."""


class BackupCancelled(BackupError):
    """The program ended while a backup was running; the partial file was removed."""


# ---- what a database holds -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainHead:
    node_code: str
    seq: int
    hash: str
    op_type: str = ""
    occurred_at: str = ""


@dataclass(frozen=True)
class Contents:
    """What a snapshot holds, read in one transaction: the node, each node's last operation,
    the payments (count and money kept), the schema revision, whether it is a branch node."""

    node_code: str
    revision: str | None
    heads: tuple[ChainHead, ...]
    payments: int = 0
    payment_fen: int = 0
    branch: bool = False

    def head_text(self) -> str:
        if not self.heads:
            return "（没有操作记录）"
        return "；".join(
            f"节点 {h.node_code} 第 {h.seq} 条（{h.op_type}，{h.occurred_at[:19]}）" for h in self.heads
        )


def _contents(conn: sqlite3.Connection, money: bool = True) -> Contents:
    """Read in ``conn``'s current transaction (raw SQL: the backup's own source connection)."""
    row = conn.execute("SELECT value FROM app_meta WHERE key = 'local_node_code'").fetchone()
    heads = []
    for node_id, code in conn.execute("SELECT id, code FROM node ORDER BY code").fetchall():
        last = conn.execute(
            "SELECT seq, hash, op_type, occurred_at FROM operation_log WHERE node_id = ? "
            "ORDER BY seq DESC LIMIT 1",
            (node_id,),
        ).fetchone()
        if last is not None:
            heads.append(ChainHead(code, int(last[0]), last[1], last[2], last[3]))
    count, total = 0, 0
    if money:
        count, total = conn.execute("SELECT count(*), coalesce(sum(amount_fen), 0) FROM payment").fetchone()
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    branch = (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sync_state'").fetchone()[0]
        and conn.execute("SELECT count(*) FROM sync_state").fetchone()[0]
    )
    return Contents(
        row[0] if row else "",
        revision[0] if revision else None,
        tuple(heads),
        int(count),
        int(total),
        bool(branch),
    )


class _ReadOnlyDatabase:
    """Enough of :class:`db.engine.Database` (``read()``) for the audit, over a SQLite file opened
    read-only: verifying a backup never writes to it (not even a journal mode)."""

    dialect = "sqlite"
    is_sqlite = True

    def __init__(self, path: Path, cancel: threading.Event | None = None) -> None:
        uri = f"file:{quote(str(path))}?mode=ro"

        def connect() -> sqlite3.Connection:
            return _interruptible(sqlite3.connect(uri, uri=True, check_same_thread=False), cancel)

        self.engine = create_engine("sqlite://", poolclass=NullPool, hide_parameters=True, creator=connect)

        @event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None

        @event.listens_for(self.engine, "begin")
        def _on_begin(conn):  # type: ignore[no-untyped-def]
            conn.exec_driver_sql("BEGIN")

        self._read = sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


# ---- verification ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    contents: Contents
    integrity_seconds: float
    audit_seconds: float
    audited: bool


def _interruptible(conn: sqlite3.Connection, cancel: threading.Event | None) -> sqlite3.Connection:
    """A long check on ``conn`` stops soon after ``cancel`` is set (the program is quitting)."""
    if cancel is not None:
        conn.set_progress_handler(lambda: 1 if cancel.is_set() else 0, 10_000)
    return conn


@contextlib.contextmanager
def _interrupted_on(conn: sqlite3.Connection, cancel: threading.Event | None) -> Iterator[None]:
    """``integrity_check`` is one long step that a progress handler cannot stop: a watcher
    interrupts ``conn`` once ``cancel`` is set, until the block ends."""
    if cancel is None:
        yield
        return
    if cancel.is_set():
        raise BackupCancelled("程序退出，备份已取消")
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(0.1) and not done.is_set():
                conn.interrupt()
                done.wait(0.1)

    watcher = threading.Thread(target=watch, name="backup-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def _integrity(path: Path, cancel: threading.Event | None = None) -> None:
    with contextlib.closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
        try:
            with _interrupted_on(conn, cancel):
                rows = [r[0] for r in conn.execute("PRAGMA integrity_check(20)").fetchall()]
        except sqlite3.DatabaseError as exc:
            if cancel is not None and cancel.is_set():
                raise BackupCancelled("程序退出，备份已取消") from None
            raise BackupError(
                "{file} 不是有效的数据库文件：{reason}", file=path.name, reason=str(exc)
            ) from None
    if rows != ["ok"]:
        raise BackupError(
            "{file} 未通过完整性检查（integrity_check）：{problem}",
            file=path.name,
            problem="；".join(rows[:3]),
        )


def verify_backup(
    path: str | Path,
    expect: Contents | None = None,
    *,
    audit: bool = True,
    cancel: threading.Event | None = None,
) -> Verification:
    """Check a backup file: ``PRAGMA integrity_check``; the operation log's hash chains and the
    payment / bill reconcile of ``verify-log`` (when its schema is this program's, ``audit``);
    with ``expect``, the same chain heads as the snapshot it was copied from. Opens it read-only.
    Raises :class:`BackupError` saying what failed."""
    from app.services.audit import run_audit

    path = Path(path)
    if not path.is_file():
        raise BackupError("备份文件 {file} 不存在", file=str(path))
    started = time.perf_counter()
    _integrity(path, cancel)
    integrity_seconds = time.perf_counter() - started
    ro = _ReadOnlyDatabase(path, cancel)
    try:
        try:
            with contextlib.closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
                contents = _contents(conn)
        except sqlite3.Error as exc:  # not a GridCounter database (no alembic_version, no node table …)
            raise BackupError(
                "{file} 不是 GridCounter 数据库：{reason}", file=path.name, reason=type(exc).__name__
            ) from None
        if expect is not None and contents.heads != expect.heads:  # what the snapshot held
            raise BackupError(
                "{file} 的操作记录与备份时的数据库不一致（{copy} ≠ {live}）",
                file=path.name,
                copy=contents.head_text(),
                live=expect.head_text(),
            )
        audit_started = time.perf_counter()
        audited = audit and contents.revision == head_revision()
        if audited:
            try:
                report = run_audit(ro)  # type: ignore[arg-type]  # only read() is used
            except Exception:
                if cancel is not None and cancel.is_set():  # interrupted: the program is quitting
                    raise BackupCancelled("程序退出，备份已取消") from None
                raise
            if not report.ok:
                problem = next(
                    (line for line in report.lines() if "断链" in line or "不符" in line), report.conclusion()
                )
                raise BackupError(
                    "{file} 未通过操作日志核验（verify-log）：{problem}", file=path.name, problem=problem
                )
        audit_seconds = time.perf_counter() - audit_started
    finally:
        ro.dispose()
    return Verification(contents, integrity_seconds, audit_seconds, audited)


# ---- backup ----------------------------------------------------------------------------------------


def postgres_backup_advice(db_url: str) -> Message:
    """What to run instead of ``main.py backup`` on a shared (PostgreSQL) database."""
    return Message(
        "联网模式（PostgreSQL）的数据库由数据库服务器备份，本程序不做备份。请数据库管理员在服务器上：\n"
        "  每日逻辑备份：pg_dump -Fc -f gridcounter-$(date +%Y%m%d).dump {name}\n"
        "  或连续备份：pg_basebackup 基础备份 + WAL 归档（archive_mode=on，archive_command）\n"
        "  恢复：createdb 新库 && pg_restore -d 新库 gridcounter-日期.dump，再运行 main.py --db-url … verify-log\n"
        "详见 README 的“运维：备份与恢复”和 docs/backup.md",
        name=make_url(db_url).database or "gridcounter",
    )


def postgres_upgrade_advice(db_url: str, current: str | None, head: str) -> Message:
    """What the administrator does before a newer program may migrate a shared database: back it
    up on the server, check the dump, then ``init-db --backup-taken --app-role …`` with the owner's
    account (the re-grant: a table the upgrade creates has no rights for the counters' role).
    Said before anything is changed (app.services.setup.open_database)."""
    from app.version import app_version

    return Message(
        "联网模式（PostgreSQL）数据库 {name} 的结构版本为 {current}，本程序（GridCounter {version}）需要 {head}，"
        "须先升级数据库结构。数据库未做任何改动。\n"
        "共享数据库只在服务器上升级，不在柜台电脑上升级，且升级前必须先备份。请数据库管理员：\n"
        "  1. 通知各柜台退出程序（升级期间暂停营业）\n"
        "  2. 在服务器上备份：pg_dump -Fc -f gridcounter-before-{head}.dump {name}\n"
        "  3. 核对备份可读：pg_restore --list gridcounter-before-{head}.dump\n"
        "  4. 用所有者账号升级：gridcounter --db-url postgresql+psycopg://所有者@服务器/{name} "
        "init-db --backup-taken --app-role 柜台账号\n"
        "     （--app-role 为各柜台登录数据库所用的账号：升级新建的表由此授予权限，漏掉则柜台无法使用新表）\n"
        "然后各柜台启动新版本。详见 README 的“运维：备份与恢复”和 docs/backup.md",
        name=make_url(db_url).database or "gridcounter",
        current=current or "—",
        version=app_version(),
        head=head,
    )


@dataclass(frozen=True)
class BackupResult:
    path: Path
    contents: Contents
    bytes: int
    copy_seconds: float
    verify_seconds: float
    removed: tuple[Path, ...] = ()
    #: said beside the result: the folder is on the database's own disk, the log was not audited …
    warnings: tuple[Message, ...] = ()

    @property
    def seconds(self) -> float:
        return self.copy_seconds + self.verify_seconds

    def summary(self) -> str:
        c = self.contents
        return (
            f"备份完成并已核验：{self.path}（{self.bytes / 1_048_576:,.1f} MB，用时 {self.seconds:.1f} 秒）；"
            f"最后一条操作：{c.head_text()}；收费记录 {c.payments} 笔"
        ) + "".join(f"\n注意：{w}" for w in self.warnings)


def sqlite_path(db: Database | str) -> Path:
    """The SQLite file of ``db`` (a database or its URL)."""
    raw = db if isinstance(db, str) else db.url
    url = make_url(raw)
    if not url.drivername.startswith("sqlite") or not url.database or url.database == ":memory:":
        if not url.drivername.startswith("sqlite"):
            raise BackupNotPossible("{advice}", advice=postgres_backup_advice(raw))
        raise BackupNotPossible("只能备份 SQLite 数据库文件")
    return Path(url.database).expanduser().resolve()


def _same_device(a: Path, b: Path) -> bool:
    try:
        return os.stat(a).st_dev == os.stat(b).st_dev
    except OSError:
        return False


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def _usable_folder(folder: Path, needed: int, create: bool = False) -> Path:
    """The backup folder; refuse a missing drive or share, a folder that cannot be written, or one
    without room for the copy — before anything is copied. Only the program's own folder
    (``create``: the default one in the data folder) is created: a configured folder must be there
    already, else an unmounted USB stick's empty mount point would get a folder on the internal disk."""
    if not folder.is_dir():
        if folder.exists():
            raise BackupError("备份位置 {folder} 不是文件夹", folder=str(folder))
        if not create:
            raise BackupError(
                "备份文件夹 {folder} 不存在或无法访问：U 盘未插好，或网络共享未连接？"
                "请检查后重试（新的备份文件夹请先建好），或在设置 backup_dir 中改用其他文件夹",
                folder=str(folder),
            )
        try:
            private_dir(folder)
        except OSError as exc:
            raise BackupError(
                "无法创建备份文件夹 {folder}：{reason}",
                folder=str(folder),
                reason=exc.strerror or type(exc).__name__,
            ) from None
    probe = folder / f".gridcounter-probe-{uuid.uuid4().hex[:8]}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BackupError(
            "无法写入备份文件夹 {folder}：{reason}（只读的 U 盘或没有写权限的网络共享？）",
            folder=str(folder),
            reason=exc.strerror or type(exc).__name__,
        ) from None
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise BackupError(
            "备份文件夹 {folder} 空间不足：需要约 {need} MB，只剩 {free} MB",
            folder=str(folder),
            need=needed // 1_048_576 + 1,
            free=free // 1_048_576,
        )
    return folder


def _remove(path: Path) -> None:
    for p in (
        path,
        path.with_name(path.name + "-journal"),
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-shm"),
    ):
        with contextlib.suppress(OSError):
            p.unlink(missing_ok=True)


def _fsync(path: Path, directory: bool = False) -> None:
    if directory and os.name != "posix":
        return
    try:
        # Windows flushes only a file opened for writing (FlushFileBuffers); a folder is opened
        # read-only (POSIX only, above)
        fd = os.open(path, os.O_RDONLY if directory else os.O_RDWR)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some network file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def list_backups(folder: str | Path, node_code: str | None = None) -> list[Path]:
    """Backups in ``folder`` (of ``node_code``), by name, oldest first (by the time in the name,
    then by the file's time)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        m = _NAME.match(path.name)
        if m and (node_code is None or m["node"] == node_code):
            with contextlib.suppress(OSError):
                found.append((m["stamp"], int(m["n"] or 0), path.stat().st_mtime, path))
    return [p for *_, p in sorted(found)]


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def _finished_backup(path: Path, live: Path) -> bool:
    """Whether ``path`` is a backup this program finished, which pruning may delete: not the
    database being backed up, no ``-wal`` / ``-shm`` / ``-journal`` beside it (a database someone
    has open), and a single rollback-journal file as a backup is written (a database the program
    opened as its database is in WAL mode: bytes 18-19 of the header are 2)."""
    if _same_file(path, live):
        return False
    if any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm", "-journal")):
        return False
    try:
        with path.open("rb") as f:
            header = f.read(20)
    except OSError:
        return False
    return header[:16] == b"SQLite format 3\x00" and header[18:20] == b"\x01\x01"


def _prune(folder: Path, node_code: str, keep: int, *, new: Path, live: Path) -> tuple[Path, ...]:
    """Delete the backups of ``node_code`` beyond the newest ``keep``; ``new`` (the backup just
    written) always counts as one of them whatever the time in its name (a PC clock set back),
    and only finished backups are ever deleted (:func:`_finished_backup`). Never raises."""
    removed = []
    try:
        others = [
            p for p in list_backups(folder, node_code) if not _same_file(p, new) and _finished_backup(p, live)
        ]
        for old in others[: max(0, len(others) - (keep - 1))]:
            try:
                old.unlink()
                removed.append(old)
            except OSError as exc:
                log.warning("old backup %s not removed: %s", old.name, exc.strerror)
        stale = time.time() - 6 * 3600  # partial files a killed backup left behind
        for partial in folder.glob(f".gridcounter-*{_PARTIAL_SUFFIX}"):
            with contextlib.suppress(OSError):
                if partial.stat().st_mtime < stale:
                    _remove(partial)
    except OSError as exc:  # the stick was pulled out after the backup was verified
        log.warning("old backups not pruned: %s", exc.strerror or type(exc).__name__)
    return tuple(removed)


def _copy(
    source: Path,
    target: Path,
    *,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    busy_timeout: float = 30.0,
    step_pages: int = STEP_PAGES,
) -> Contents | None:
    """Copy ``source`` into the new file ``target`` with the backup API, in steps, inside one
    read transaction on the source: one consistent snapshot, while writers go on (WAL). Returns
    the chain heads that snapshot holds (None when ``source`` is not a GridCounter database yet).
    The copy ends as a single file (rollback journal)."""
    create_private_sqlite_file(target)
    src = sqlite3.connect(source, timeout=busy_timeout, isolation_level=None, check_same_thread=False)
    dst = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    try:
        src.execute("BEGIN")  # the snapshot starts at the first read and lasts until COMMIT
        try:
            contents: Contents | None = _contents(src, money=False)
        except sqlite3.OperationalError:  # no tables yet
            contents = None

        def step(_status: int, remaining: int, total: int) -> None:
            if cancel is not None and cancel.is_set():
                raise BackupCancelled("程序退出，备份已取消")
            if progress is not None and total:
                progress((total - remaining) / total)

        dst.execute("PRAGMA journal_mode=OFF")  # a new file no one reads until it is verified
        dst.execute("PRAGMA synchronous=OFF")
        src.backup(dst, pages=step_pages, progress=step)
        src.execute("COMMIT")
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()
    _fsync(target)
    return contents


def backup_database(
    db: Database | str,
    folder: str | Path | None = None,
    *,
    settings: Settings | None = None,
    keep: int | None = None,
    tag: str = "",
    audit: bool = True,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    now: dt.datetime | None = None,
    step_pages: int = STEP_PAGES,
    create: bool = False,
) -> BackupResult:
    """Back up the SQLite database of ``db`` (a database, or its URL) into ``folder`` (default: the settings' backup folder)
    and keep its newest ``keep`` generations (default: ``settings.backup_keep``). Safe while the
    counters work (module docstring). ``tag``: a name suffix for a backup that is not one of the
    generations (``before-0019``: the pre-upgrade backup, never pruned). The folder must exist,
    except the default one (``backups`` in the data folder) or with ``create`` (a folder of the
    program's own). Only reads ``db``'s file (never opened through ``db``: never created, never
    migrated).
    Raises :class:`BackupNotPossible` on PostgreSQL, :class:`BackupError` when it failed (nothing kept)."""
    settings = settings or Settings()
    source = sqlite_path(db)  # BackupNotPossible on PostgreSQL
    if not source.is_file():
        raise BackupError("数据库文件 {file} 不存在，没有可备份的数据库", file=str(source))
    target_folder = Path(folder).expanduser() if folder else settings.resolved_backup_dir
    default = not folder and not settings.backup_dir  # the program's own folder, in its data folder
    if default:
        private_dir(target_folder.parent)
    keep = settings.backup_keep if keep is None else keep
    size = source.stat().st_size
    wal = source.with_name(source.name + "-wal")
    needed = int((size + (wal.stat().st_size if wal.exists() else 0)) * 1.05) + 1_048_576
    target_folder = _usable_folder(target_folder, needed, create=default or create)
    warnings: list[Message] = []
    if not default and _same_device(target_folder, source.parent):
        warnings.append(
            Message(
                "备份文件夹 {folder} 与数据库在同一个磁盘上：磁盘损坏时备份会一起丢失。"
                "如果它应当是 U 盘或网络共享，请检查是否插好或已连接",
                folder=str(target_folder),
            )
        )
    started = time.perf_counter()
    stamp = _stamp(now or dt.datetime.now())
    with contextlib.closing(sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True)) as conn:
        row = conn.execute("SELECT value FROM app_meta WHERE key = 'local_node_code'").fetchone()
    node = row[0] if row else "0000"
    base = f"gridcounter-{node}-{stamp}" + (f"-{tag}" if tag else "")
    final = target_folder / f"{base}.db"
    n = 1
    while final.exists():
        final = target_folder / f"{base}-{n}.db"
        n += 1
    partial = target_folder / f".{final.name}{_PARTIAL_SUFFIX}"
    try:
        snapshot = _copy(
            source,
            partial,
            progress=progress,
            cancel=cancel,
            busy_timeout=float(settings.db_busy_timeout_seconds) * 6,
            step_pages=step_pages,
        )
        copy_seconds = time.perf_counter() - started
        verified = verify_backup(partial, snapshot, audit=audit, cancel=cancel)
        _fsync(partial)
        os.replace(partial, final)
        _fsync(target_folder, directory=True)
        written = final.stat().st_size  # before pruning: the new file is never one it deletes
    except BackupError:
        _remove(partial)
        raise
    except sqlite3.Error as exc:
        _remove(partial)
        raise BackupError("备份失败：{reason}", reason=str(exc)) from None
    except OSError as exc:
        _remove(partial)
        raise BackupError(
            "备份失败，无法写入 {folder}：{reason}",
            folder=str(target_folder),
            reason=exc.strerror or type(exc).__name__,
        ) from None
    except BaseException:
        _remove(partial)
        raise
    verify_seconds = time.perf_counter() - started - copy_seconds
    if audit and not verified.audited:
        warnings.append(
            Message(
                "数据库结构版本（{revision}）与本程序的（{head}）不同：只做了完整性检查，未做操作日志核验",
                revision=verified.contents.revision or "—",
                head=head_revision(),
            )
        )
    removed = _prune(target_folder, node, keep, new=final, live=source) if not tag else ()
    result = BackupResult(
        final, verified.contents, written, copy_seconds, verify_seconds, removed, tuple(warnings)
    )
    log.info(
        "backup %s: %d bytes, copy %.1f s, verify %.1f s, %d old removed",
        final.name,
        result.bytes,
        copy_seconds,
        verify_seconds,
        len(removed),
    )
    return result


# ---- restore ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """What the live database has that the restored copy lacks (it came after the backup)."""

    operations: int = 0
    payments: tuple[tuple[str, int, str], ...] = ()  # (receipt number, amount in fen, posted at)
    copy_newer: bool = False

    @property
    def payment_fen(self) -> int:
        return sum(fen for _, fen, _ in self.payments)

    def lines(self) -> list[str]:
        if self.copy_newer:
            return ["注意：恢复的副本比当前数据库更新（当前数据库缺少副本中的操作）"]
        if not self.operations:
            return ["当前数据库没有备份之后的操作：恢复的副本是完整的"]
        out = [f"当前数据库在备份之后还有 {self.operations} 条操作，恢复的副本中没有"]
        if self.payments:
            shown = "、".join(r for r, _, _ in self.payments[:20]) + ("等" if len(self.payments) > 20 else "")
            out.append(
                f"其中这 {len(self.payments)} 笔收费不在恢复的副本中（合计 ¥{self.payment_fen / 100:,.2f}），"
                f"收据号：{shown}"
            )
        return out


_MONEY_OPS = (OpType.POST_PAYMENT, OpType.REVERSE_PAYMENT, OpType.REFUND_PAYMENT)


def compare_with_live(copy: Contents, live: Database) -> Gap:
    """The operations of ``live`` after the copy's last one (per node), and the payments among
    them (receipt numbers): the work a restore of ``copy`` would lose."""
    by_code = {h.node_code: h for h in copy.heads}
    operations = 0
    payment_ids: list[uuid.UUID | None] = []
    newer = False
    with live.read() as session:
        nodes = session.execute(select(Node.id, Node.code)).all()
        for node_id, code in nodes:
            head = by_code.get(code)
            after = head.seq if head is not None else 0
            live_max = (
                session.scalar(select(func.max(Operation.seq)).where(Operation.node_id == node_id)) or 0
            )
            if head is not None and live_max < head.seq:
                newer = True
                continue
            operations += live_max - after
            payment_ids += session.scalars(
                select(Operation.entity_id).where(
                    Operation.node_id == node_id, Operation.seq > after, Operation.op_type.in_(_MONEY_OPS)
                )
            ).all()
        rows: list[tuple[str | None, int, dt.datetime]] = []
        ids = [i for i in payment_ids if i is not None]
        for chunk in range(0, len(ids), 500):
            rows += session.execute(
                select(Payment.receipt_no, Payment.amount_fen, Payment.posted_at).where(
                    Payment.id.in_(ids[chunk : chunk + 500])
                )
            ).all()
    rows.sort(key=lambda r: (r[2], r[0] or ""))
    return Gap(
        operations,
        tuple((r or "—", int(a), p.isoformat(sep=" ", timespec="seconds")) for r, a, p in rows),
        newer,
    )


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    contents: Contents
    migrated_from: str | None = None
    branch: bool = False
    gap: Gap | None = None
    #: the live SQLite database compared with (None: none given, or not a SQLite file)
    live_path: Path | None = None
    #: why there is no ``gap``: the live database is missing, or could not be read
    live_problem: Message | None = None

    @property
    def live_exists(self) -> bool:
        return self.live_path is not None and self.live_path.exists()

    def comparison_lines(self) -> list[str]:
        """What the comparison with the live database found, or why there was none."""
        if self.live_problem is not None:
            return [self.live_problem]
        return self.gap.lines() if self.gap is not None else []


def _compare_with_live_file(copy: Contents, path: Path) -> tuple[Gap | None, Message | None]:
    """:func:`compare_with_live` on the live SQLite file, opened read-only (never created, never
    migrated: a missing file, an older schema or a damaged file is said, and the restore goes on)."""
    if not path.is_file():
        return None, Message("当前数据库 {file} 不存在：没有可比对的数据库", file=str(path))
    ro = _ReadOnlyDatabase(path)
    try:
        return compare_with_live(copy, ro), None  # type: ignore[arg-type]  # only read() is used
    except Exception as exc:  # a damaged file (not a database), a schema without these tables …
        orig = getattr(exc, "orig", None) or exc
        log.warning("live database %s not compared: %s", path, orig)
        return None, Message("无法与当前数据库比对：{reason}", reason=str(orig).splitlines()[0][:200])
    finally:
        ro.dispose()


def _file_revision(path: Path) -> str | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            "{file} 不是有效的 GridCounter 数据库：{reason}", file=path.name, reason=str(exc)
        ) from None
    return row[0] if row else None


def restore_backup(
    file: str | Path,
    target: str | Path,
    *,
    live: Database | str | Path | None = None,
    progress: Callable[[float], None] | None = None,
) -> RestoreResult:
    """Verify the backup ``file`` and restore it into the NEW database file ``target`` (refused
    when it exists, or when it is the live database). An older schema is migrated in the new file;
    a newer one (a newer program's backup) is refused. A branch node's copy is marked so it never
    syncs before re-enrolment. With ``live`` (the live database, or its SQLite file): what it has
    that the copy lacks — the file is only read, and only when it exists."""
    from app.version import app_version, known_revisions

    file, target = Path(file).expanduser().resolve(), Path(target).expanduser().resolve()
    if not file.is_file():
        raise BackupError("备份文件 {file} 不存在", file=str(file))
    if isinstance(live, Database):
        live_path = sqlite_path(live) if live.is_sqlite else None
    else:
        live_path = Path(live).expanduser().resolve() if live is not None else None
    if target in (live_path, file):
        raise BackupError("不能恢复到正在使用的数据库或备份文件本身：请用 --to 指定一个新的数据库文件")
    for p in (target, *(target.with_name(target.name + s) for s in ("-wal", "-shm", "-journal"))):
        if p.exists():
            raise BackupError("{file} 已存在：恢复只写入新的数据库文件，不覆盖已有文件", file=str(p))
    revision = _file_revision(file)
    if revision is not None and revision not in known_revisions():
        raise BackupError(
            "备份文件 {file} 的数据库结构版本（{revision}）比本程序（GridCounter {version}）新："
            "请用新版本程序恢复",
            file=file.name,
            revision=revision,
            version=app_version(),
        )
    _integrity(file)
    if not target.parent.is_dir():
        raise BackupError("文件夹 {folder} 不存在", folder=str(target.parent))
    partial = target.with_name(f".{target.name}{_PARTIAL_SUFFIX}")
    _remove(partial)
    migrated_from = None
    try:
        _copy(file, partial, progress=progress)
        if revision != head_revision():  # an older program's backup: migrate the new file, not the backup
            from app.services import search
            from db.migrate import upgrade_to_head

            migrated_from = revision or "—"
            fresh = Database(f"sqlite:///{partial}")
            try:  # as open_database does, without its pre-upgrade backup
                upgrade_to_head(fresh.engine)
                search.rebuild_pending_keys(fresh)
            finally:
                fresh.dispose()
            with contextlib.closing(sqlite3.connect(partial, isolation_level=None)) as conn:
                conn.execute("PRAGMA journal_mode=DELETE")
        verified = verify_backup(partial)
        if verified.contents.branch:
            _mark_restored(partial, file.name)
        os.replace(partial, target)
        _fsync(target.parent, directory=True)
    except BaseException:
        _remove(partial)
        raise
    gap, problem = None, None
    if live_path is not None:
        gap, problem = _compare_with_live_file(verified.contents, live_path)
    elif isinstance(live, Database):  # a shared database: compared through its own connection
        try:
            gap = compare_with_live(verified.contents, live)
        except Exception as exc:
            problem = Message("无法与当前数据库比对：{reason}", reason=type(exc).__name__)
    log.info("backup %s restored into %s", file.name, target)
    return RestoreResult(
        target, verified.contents, migrated_from, verified.contents.branch, gap, live_path, problem
    )


RESTORED_MESSAGE = (
    "blocked:本数据库由备份 {file} 恢复，不能再以原身份同步：请向中心索取注册码后运行 "
    "main.py enrol 中心地址 注册码 重新注册（未发送的操作会一并转交）"
)


def _mark_restored(path: Path, backup_name: str) -> None:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)",
            (RESTORED_KEY, f"{backup_name} @ {dt.datetime.now().isoformat(timespec='seconds')}"[:200]),
        )
        conn.execute(
            "UPDATE sync_state SET last_error = ? WHERE id = 1",
            (RESTORED_MESSAGE.format(file=backup_name)[:300],),
        )
        conn.execute("COMMIT")
