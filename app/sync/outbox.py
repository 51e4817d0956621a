"""The branch's outbox (docs/sync.md#push): local transactions not yet answered by the centre.

The capture triggers (app/sync/triggers.py) write a ``sync_change`` row per row changed. At
commit, :func:`enable_group_capture`'s hook ties them to the transaction's operation records
(``session.info["sync_seqs"]``, filled by app/write_path/oplog.py): one ``sync_group`` (first..last
seq) and ``sync_change.group_seq = last_seq``. A transaction that wrote synced rows but no
operation record (a log-in's bookkeeping on its user row) is not pushed: its changes are dropped at
commit, as the centre applies only what an operation stands for.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from app.sync.envelope import Answer, Envelope, OpRecord, Outcome, RowChange
from db.engine import Database
from db.models import Node, Operation, SyncChange, SyncGroup, SyncSeen, SyncState

__all__ = [
    "enable_group_capture",
    "has_pending_change",
    "pending_count",
    "pending_envelopes",
    "record_answers",
]

_SEQS = "sync_seqs"


def _before_commit(session: Session) -> None:
    session.flush()  # rows still pending in the unit of work reach their triggers first
    seqs: list[int] = session.info.pop(_SEQS, [])
    unassigned = SyncChange.group_seq.is_(None)
    if not seqs:
        session.execute(sa.delete(SyncChange).where(unassigned))
        return
    first, last = min(seqs), max(seqs)
    session.execute(sa.insert(SyncGroup).values(first_seq=first, last_seq=last))
    session.execute(sa.update(SyncChange).where(unassigned).values(group_seq=last))


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_SEQS, None)


def _before_commit_if_branch(session: Session) -> None:
    if _SEQS not in session.info:  # the database-wide hook (enable_group_capture) ran first
        return
    if session.get_bind().dialect.name != "sqlite" or session.scalar(sa.select(SyncState.id).limit(1)) is None:
        session.info.pop(_SEQS, None)  # not a branch: nothing is captured, nothing to group
        return
    _before_commit(session)


def note_append(session: Session, seq: int) -> None:
    """Called by the operation log for every record it appends (app/write_path/oplog.py).

    The first record of a unit of work hooks that session's commit, so whichever process
    writes to a branch database — the counter, a command-line tool, a test worker — its
    transaction becomes a group without anyone having to remember :func:`enable_group_capture`:
    a record without a group would never be pushed."""
    seqs = session.info.get(_SEQS)
    if seqs is None:
        seqs = session.info[_SEQS] = []
        if not event.contains(session, "before_commit", _before_commit_if_branch):
            event.listen(session, "before_commit", _before_commit_if_branch)
            event.listen(session, "after_rollback", _forget)
    seqs.append(seq)


def enable_group_capture(db: Database) -> None:
    """From now on every committed write of ``db`` that appended operation records writes its
    ``sync_group`` and labels its ``sync_change`` rows (idempotent)."""
    # Only the write units of work: a read one must never take SQLite's write lock.
    maker: sessionmaker[Session] = db._write  # noqa: SLF001 — db's units of work
    # Remembered on the maker itself: SQLAlchemy keys its registry by the target's id(), which a
    # new maker may share with a collected one, so event.contains() alone can answer wrongly.
    if getattr(maker, "_gridcounter_grouping", False):
        return
    event.listen(maker, "before_commit", _before_commit)
    event.listen(maker, "after_rollback", _forget)
    maker._gridcounter_grouping = True  # type: ignore[attr-defined]


def _state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        raise LookupError("this database is not enrolled as a branch (no sync_state)")
    return state


def _op_record(op: Operation) -> OpRecord:
    return OpRecord(
        op_id=str(op.op_id),
        node_id=str(op.node_id),
        seq=int(op.seq),
        op_type=op.op_type,
        entity_type=op.entity_type,
        entity_id=str(op.entity_id or ""),
        payload=op.payload,
        payload_hash=op.payload_hash,
        actor=op.actor,
        occurred_at=op.occurred_at,
        prev_hash=op.prev_hash,
        hash=op.hash,
    )


def _change(row: SyncChange) -> RowChange:
    return RowChange(
        tbl=row.tbl,
        row_key=json.loads(row.row_key),
        action=row.action,
        before=json.loads(row.before) if row.before else None,
        after=json.loads(row.after) if row.after else None,
    )


def pending_envelopes(session: Session, limit: int = 200) -> list[Envelope]:
    """The groups after ``sync_state.pushed_seq`` in seq order (at most ``limit``), each an
    envelope of its operation records (verbatim) and its row changes."""
    state = _state(session)
    groups = session.execute(
        sa.select(SyncGroup.first_seq, SyncGroup.last_seq)
        .where(SyncGroup.last_seq > state.pushed_seq)
        .order_by(SyncGroup.first_seq)
        .limit(limit)
    ).all()
    sent_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    envelopes = []
    for first, last in groups:
        ops = session.scalars(
            sa.select(Operation)
            .where(Operation.node_id == state.node_id, Operation.seq.between(first, last))
            .order_by(Operation.seq)
        ).all()
        changes = session.scalars(
            sa.select(SyncChange).where(SyncChange.group_seq == last).order_by(SyncChange.id)
        ).all()
        envelopes.append(
            Envelope(
                node_id=str(state.node_id),
                incarnation=state.incarnation,
                ops=tuple(_op_record(o) for o in ops),
                changes=tuple(_change(c) for c in changes),
                sent_at=sent_at,
            )
        )
    return envelopes


def record_answers(session: Session, answers: list[Answer]) -> None:
    """Take the centre's answers: a final one drops its group and the group's row images;
    ``pushed_seq`` then advances over the contiguous answered prefix (everything below the first
    group still waiting). HELD and REFUSED answers change nothing: the group stays, with its
    images, until the centre takes it."""
    state = _state(session)
    final = [a for a in answers if a.outcome in Outcome.FINAL]
    for a in final:
        _note_base_versions(session, a)
        session.execute(sa.delete(SyncChange).where(SyncChange.group_seq.between(a.first_seq, a.last_seq)))
        session.execute(sa.delete(SyncGroup).where(SyncGroup.last_seq.between(a.first_seq, a.last_seq)))
    if not final:
        return
    waiting = session.scalar(sa.select(sa.func.min(SyncGroup.first_seq)))
    if waiting is not None:
        done = int(waiting) - 1
    else:  # nothing waits: every record of the node up to its counter is answered
        done = int(session.scalar(sa.select(Node.op_seq).where(Node.id == state.node_id)) or 0)
    if done > state.pushed_seq:
        state.pushed_seq = done
        session.flush()


def _note_base_versions(session: Session, answer: Answer) -> None:
    """Before an answered group's images go: for each versioned row it edited, the version the
    edit started from is the newest of the centre's this branch knows, unless a newer one was
    pulled meanwhile (``sync_seen``; app/sync/feed.py compares pulled images with it)."""
    for tbl, row_key, before in session.execute(
        sa.select(SyncChange.tbl, SyncChange.row_key, SyncChange.before)
        .where(SyncChange.group_seq.between(answer.first_seq, answer.last_seq), SyncChange.before.is_not(None))
        .order_by(SyncChange.id)
    ):
        version = json.loads(before or "{}").get("version")
        if version is None or tbl == "application_catalogue":
            continue
        if session.get(SyncSeen, (tbl, row_key)) is None:
            session.add(SyncSeen(tbl=tbl, row_key=row_key, version=int(version)))
            session.flush()


def pending_count(session: Session) -> int:
    """Operation records not yet answered by the centre (in groups still waiting)."""
    return int(
        session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(SyncGroup.last_seq - SyncGroup.first_seq + 1), 0))
        )
        or 0
    )


def has_pending_change(session: Session, tbl: str, row_key: str) -> bool:
    """Has a local change of the row (``row_key``: :func:`app.sync.rows.key_json` text) not yet
    been answered by the centre?"""
    return (
        session.scalar(
            sa.select(sa.literal(1)).where(SyncChange.tbl == tbl, SyncChange.row_key == row_key).limit(1)
        )
        is not None
    )
