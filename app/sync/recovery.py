"""Re-enrolling a branch PC the centre refused, carrying its unsent work (docs/sync.md#recovery).

``main.py enrol URL CODE`` on a branch database (:func:`reenrol`): the unsent envelopes to a
safety copy beside the database (app/sync/carry.py ``write_copy``), a new incarnation enrolled
into a new database file whose counters start past every number the old one issued, the files
swapped (the new database takes the old one's path, so the settings, ``--db-url`` and the
desktop shortcut need no change; the old one is kept as ``<name>.replaced-<time>.db``), then one
sync round, which carries the copy to the centre first (client.sync_round, carry.deliver).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from app.config import Settings
from app.services.setup import open_database
from app.sync import carry, client, counters, outbox
from db.engine import Database
from db.models import AppMeta, Node, SyncState

__all__ = ["ReenrolOutcome", "reenrol"]

log = logging.getLogger(__name__)


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


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


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
    then untouched, the safety copy kept)."""
    path = carry.database_path(db)
    with db.read() as session:
        state = session.get(SyncState, 1)
        if state is None:
            raise client.SyncError("本机不是分支节点（尚未注册到中心）")
        node_id, old_incarnation = state.node_id, state.incarnation
        node_code = session.scalar(sa.select(Node.code).where(Node.id == node_id)) or ""
        envelopes = outbox.pending_envelopes(session, 1 << 30)
        numbers = counters.highest_numbers(session, node_id)  # every number this PC ever issued
    copy = (
        carry.write_copy(path, envelopes, node_code=node_code, incarnation=old_incarnation)
        if envelopes
        else None
    )
    if copy is not None and progress:
        progress(f"未发送的 {len(envelopes)} 组操作已写入安全副本 {copy}")
    db.dispose()
    if any(p.exists() for p in _sidecars(path)):  # another program still has the database open
        raise client.SyncError(
            "数据库 {path} 仍被其他程序使用：请先关闭本机所有柜台程序，再重新注册", path=str(path)
        )
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
            if copy is not None:
                session.add(AppMeta(key=carry.CARRY_KEY, value=copy.name[:200]))
    except BaseException:
        new.dispose()
        for p in (fresh, *_sidecars(fresh)):
            p.unlink(missing_ok=True)
        raise
    new.dispose()
    old = path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}")
    os.replace(path, old)  # kept, under a name that says what it is
    os.replace(fresh, path)
    _mark_replaced(old, path)
    log.info("branch node %s re-enrolled; the old database kept as %s", node_code, old.name)
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
        except client.SyncError as exc:  # the new database keeps the copy's name: the next round delivers it
            error = str(exc)
    finally:
        new.dispose()
    return ReenrolOutcome(node_code, path, old, copy, len(envelopes), enrolled.rows, report, error)


def _mark_replaced(old: Path, new: Path) -> None:
    """The replaced database says so in its status (⛔ in the status bar, ``sync-status``)."""
    import sqlite3

    try:
        with sqlite3.connect(old) as conn:
            conn.execute(
                "UPDATE sync_state SET last_error = ? WHERE id = 1",
                (f"blocked:本数据库已停用，已由重新注册的 {new.name} 接替；未发送的操作已转交中心"[:300],),
            )
        conn.close()
    except sqlite3.Error as exc:  # only a label: the swap is done
        log.warning("could not mark the replaced database: %s", type(exc).__name__)
