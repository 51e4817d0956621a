"""Re-enrolling a branch PC the centre refused, carrying its unsent work (docs/sync.md#recovery).

``main.py enrol URL CODE`` on a branch database (:func:`reenrol`): the old database locked
against every other program (an exclusive SQLite lock, held until the swap), its unsent
envelopes to a safety copy beside it (app/sync/carry.py ``write_copy``; the copies of an earlier
re-enrolment not delivered yet are inherited), a new incarnation enrolled into a new database
file whose counters start past every number the old one issued, the files swapped (the new
database takes the old one's path, so the settings, ``--db-url`` and the desktop shortcut need no
change; the old one is kept as ``<name>.replaced-<time>.db``, linked there before the new one
replaces it, so a database is at the path at every moment), then one sync round, which carries
the copies to the centre first (client.sync_round, carry.deliver).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from app.config import Settings
from app.services.setup import open_database
from app.sync import carry, client, counters, outbox
from app.sync.envelope import Envelope
from db.engine import Database
from db.models import Node, SyncState

__all__ = ["ReenrolOutcome", "SwapFailed", "reenrol"]

log = logging.getLogger(__name__)

#: seconds to wait for the old database's lock (another program's transaction to end)
LOCK_WAIT_SECONDS = 2.0
#: the trigger that stops writes into a replaced database (a program that still had it open)
GUARD_TRIGGER = "gridcounter_replaced_guard"


class SwapFailed(client.SyncError):
    """The enrolment went through (the code is used) but the new database could not take the
    old one's path: the old database is still there, untouched; the message names the files."""


@dataclass(frozen=True)
class ReenrolOutcome:
    node_code: str
    database: Path
    old_database: Path
    copy: Path | None
    envelopes: int
    rows: int
    report: carry.CarryReport = field(default_factory=carry.CarryReport)
    error: str = ""
    #: safety copies of an earlier re-enrolment not delivered yet, carried on (file paths)
    inherited: tuple[Path, ...] = ()
    #: a copy of work written into the old database during the re-enrolment (after the swap)
    late_copy: Path | None = None


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


class _Lock:
    """An exclusive SQLite lock on the old database, from reading its unsent groups until the
    swap: no other program can read or write it meanwhile (a counter program started now gets
    "database busy" and loses nothing). Exclusive locking mode, and the journal switched from
    WAL to a rollback journal, so that at the swap no ``-wal`` of the old file lies beside the
    path the new database takes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = sqlite3.connect(
            str(path), timeout=LOCK_WAIT_SECONDS, isolation_level=None, check_same_thread=False
        )
        try:
            self.conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            self.conn.execute("BEGIN EXCLUSIVE")  # held until the connection closes (exclusive mode)
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise client.SyncError(
                    "数据库 {path} 仍被其他程序使用：请先关闭本机所有柜台程序，再重新注册", path=str(path)
                ) from None
            raise

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        conn = self.conn
        assert conn is not None
        engine = sa.create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool, hide_parameters=True)
        with Session(engine) as session:
            yield session

    def settle(self) -> None:
        """Everything of the old database in its main file, no ``-wal`` left (the lock stays)."""
        assert self.conn is not None
        self.conn.execute("PRAGMA journal_mode=TRUNCATE")
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists():
            raise client.SyncError(
                "无法整理数据库 {path} 的日志文件，请关闭本机所有柜台程序后重试", path=str(self.path)
            )

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def reenrol(
    db: Database,
    url: str,
    code: str,
    *,
    http: httpx.Client | None = None,
    ca_file: str = "",
    allow_http: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ReenrolOutcome:
    """Re-enrol the branch PC whose database ``db`` the centre refused, with a new ``code``
    (docs/sync.md#recovery). ``db`` is disposed; the new database takes its path. Raises
    :class:`app.sync.client.SyncError` when the enrolment itself failed (the old database is
    then untouched, the safety copy kept), :class:`SwapFailed` when the enrolment went through
    but the files could not be swapped (the old database still at its path)."""
    path = carry.database_path(db)
    db.dispose()
    lock = _Lock(path)
    try:
        with lock.session() as session:
            state = session.get(SyncState, 1)
            if state is None:
                raise client.SyncError("本机不是分支节点（尚未注册到中心）")
            node_id, old_incarnation = state.node_id, state.incarnation
            node_code = session.scalar(sa.select(Node.code).where(Node.id == node_id)) or ""
            envelopes = outbox.pending_envelopes(session, 1 << 30)
            numbers = counters.highest_numbers(session, node_id)  # every number this PC ever issued
            inherited = carry.pending_copies(session)  # an earlier re-enrolment's, not delivered yet
        lock.settle()
        copy = (
            carry.write_copy(path, envelopes, node_code=node_code, incarnation=old_incarnation)
            if envelopes
            else None
        )
        if copy is not None and progress:
            progress(f"未发送的 {len(envelopes)} 组操作已写入安全副本 {copy}")
        if inherited and progress:
            progress(f"上次重新注册的安全副本尚未转交完，一并转交：{'、'.join(inherited)}")
        copies = [*inherited, *([copy.name] if copy is not None else [])]
        stamp = carry._stamp()
        fresh = path.with_name(f"{path.stem}.enrolling-{stamp}{path.suffix}")
        new = open_database(Settings(db_url=f"sqlite:///{fresh}"))
        try:
            enrolled = client.enrol(url, code, new, http=http, ca_file=ca_file, allow_http=allow_http)
            if enrolled.node_id != node_id:
                raise client.SyncError(
                    "该注册码属于节点{new}，本机数据库属于节点{old}：请向中心索取节点{old}的注册码",
                    new=enrolled.node_code,
                    old=node_code,
                )
            with new.write() as session:  # past every number the old database issued (carried ones too)
                counters.fit_counters(session, node_id, numbers)
                carry.set_copies(session, copies)
        except BaseException:
            new.dispose()
            for p in (fresh, *_sidecars(fresh)):
                p.unlink(missing_ok=True)
            raise
        new.dispose()
        old = _unused(path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}"))
        _swap(lock, path, fresh, old, copies)
    finally:
        lock.close()
        journal = path.with_name(path.name + "-journal")
        if journal.exists() and journal.stat().st_size == 0:  # the lock's empty rollback journal
            journal.unlink(missing_ok=True)
    _mark_replaced(old, path)
    log.info("branch node %s re-enrolled; the old database kept as %s", node_code, old.name)
    late = _late_work(old, path, envelopes, node_code, old_incarnation)
    if late is not None and progress:
        progress(f"重新注册期间写入原数据库的操作已写入安全副本 {late}")
    new = open_database(Settings(db_url=f"sqlite:///{path}"))
    report = carry.CarryReport()
    error = ""
    try:
        client.prepare_branch(new)
        if progress:
            progress("正在转交未发送的操作并同步…")
        try:
            round_report = client.sync_round(new, http=http, ca_file=ca_file, allow_http=allow_http)
            report = round_report.carry or report
        except client.SyncError as exc:  # the new database names the copies: the next round delivers them
            error = str(exc)
    finally:
        new.dispose()
    return ReenrolOutcome(
        node_code,
        path,
        old,
        copy,
        len(envelopes),
        enrolled.rows,
        report,
        error,
        tuple(path.with_name(n) for n in inherited),
        late,
    )


def _unused(name: Path) -> Path:
    """``name``, or ``name`` with -2, -3 … before the suffix when a file has it already (two
    re-enrolments within one second name their old databases alike)."""
    candidate, n = name, 1
    while candidate.exists():
        n += 1
        candidate = name.with_name(f"{name.stem}-{n}{name.suffix}")
    return candidate


def _keep(path: Path, old: Path) -> None:
    """The old database under its new name as well (a hard link; a copy where the file system
    has none): until the new one replaces it, the old one is still at its path."""
    try:
        os.link(path, old)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares)
        shutil.copy2(path, old)


def _swap(lock: _Lock, path: Path, fresh: Path, old: Path, copies: list[str]) -> None:
    """The new database to the old one's path, the old one kept as ``old``: linked there first,
    then replaced at the path in one step — a database is at the path at every moment (a kill in
    between leaves the old one at both names). An error: :class:`SwapFailed` naming the files."""
    kept = False
    try:
        _keep(path, old)
        kept = True
        try:
            os.replace(fresh, path)
        except PermissionError:
            # Windows cannot replace a file that is open — and it is, by the lock. Without the lock
            # the replace succeeds only if no other program has the old file open either.
            lock.close()
            os.replace(fresh, path)
    except OSError as exc:
        if kept and path.exists():
            old.unlink(missing_ok=True)  # only a second name of the old database, still at its path
        log.error("re-enrolment: the new database could not take the old one's path: %s", type(exc).__name__)
        raise SwapFailed(
            "注册码已用掉，但新数据库未能替换原数据库（{error}）：原数据库仍在 {path}，未改动；"
            "已注册的新数据库为 {fresh}；未发送的操作在安全副本 {copies} 中。请关闭本机所有柜台程序，"
            "向中心索取新的注册码后再执行一次 enrol（安全副本会一并转交），之后可删除 {fresh}",
            error=type(exc).__name__,
            path=str(path),
            fresh=str(fresh),
            copies="、".join(copies) or "（无）",
        ) from None


def _mark_replaced(old: Path, new: Path) -> None:
    """The replaced database says so in its status (⛔ in the status bar, ``sync-status``), and
    refuses new operations: a program that still had it open cannot write work there that
    nothing would carry."""
    message = "本数据库已由重新注册的新数据库接替，不能再写入：请关闭并重新启动柜台程序"
    try:
        with sqlite3.connect(old) as conn:
            conn.execute(
                "UPDATE sync_state SET last_error = ? WHERE id = 1",
                (f"blocked:本数据库已停用，已由重新注册的 {new.name} 接替；未发送的操作已转交中心"[:300],),
            )
            conn.execute(
                f"CREATE TRIGGER IF NOT EXISTS {GUARD_TRIGGER} BEFORE INSERT ON operation_log "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        conn.close()
    except sqlite3.Error as exc:  # only a label and a guard: the swap is done
        log.warning("could not mark the replaced database: %s", type(exc).__name__)


def _late_work(
    old: Path, path: Path, copied: list[Envelope], node_code: str, incarnation: str
) -> Path | None:
    """The old database's unsent groups read again after the swap: any the safety copy lacks
    (written while the re-enrolment ran) go to one more copy, added to the new database's list."""
    seen = {e.ops[0].op_id for e in copied if e.ops}
    db = Database(f"sqlite:///{old}")
    try:
        with db.read() as session:
            later = [
                e for e in outbox.pending_envelopes(session, 1 << 30) if e.ops and e.ops[0].op_id not in seen
            ]
    finally:
        db.dispose()
    if not later:
        return None
    late = carry.write_copy(path, later, node_code=node_code, incarnation=incarnation)
    log.warning(
        "re-enrolment: %d groups written to the old database meanwhile, copied to %s", len(later), late.name
    )
    new = Database(f"sqlite:///{path}")
    try:
        with new.write() as session:
            carry.set_copies(session, [*carry.pending_copies(session), late.name])
    finally:
        new.dispose()
    return late
