"""Carrying a refused branch PC's unsent work to the centre (docs/sync.md#recovery).

A branch PC the centre refused — restored from an old backup (another incarnation, a reused
sequence number, another payload hash) or stopped by ``sync-node block`` — keeps its unsent
groups: a refusal is never final for the branch. Once an administrator has issued a new
enrolment code, ``main.py enrol URL CODE`` on that PC (app/sync/recovery.py):

1. writes the unsent envelopes to a **safety copy** beside the database
   (``<database>.carry-<time>.json``, 0600, never overwritten);
2. enrols a new incarnation into a **new database file**, raises its number counters past every
   number the old database issued, and swaps the files: the new database takes the old one's
   path (so the settings, ``--db-url`` and the desktop shortcut need no change), the old one is
   kept as ``<name>.replaced-<time>.db``;
3. delivers the old work as **carried** work (``POST /v1/carry``; the new database remembers
   its pending safety copies in ``app_meta`` — those of an earlier re-enrolment not yet
   delivered are inherited — until the centre has taken in every envelope, so a later sync
   round finishes a delivery that was cut off or held, and retries one the centre refused).

At the centre (:func:`carry_envelopes`) a carried envelope cannot go on the node's sequence (its
seq numbers are taken, or belong to the old incarnation): its row changes are applied by the
push's own machinery (``apply._Batch.apply_rows``: actor, trust, merge, money kept, receipt
clash renumbered) but recorded as the centre's operation ``CarryBranchWork``, whose payload holds
the carried operation records verbatim and the old incarnation — exactly once: an envelope
carried before, or whose op_ids the centre already received through a push, is answered
``duplicate`` and changes nothing. Each carried envelope gets a ``carried`` queue entry for a
supervisor's review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from app.domain.codes import OpType, PaymentKind, SessionStatus
from app.domain.errors import RuleViolation
from app.domain.messages import Message
from app.services.audit import own_node_id
from app.sync import apply
from app.sync.envelope import Answer, Envelope, Outcome
from app.sync.nodes import SyncAuthError, SyncUnavailable
from app.write_path import oplog
from db.engine import Database
from db.models import AppMeta, CashierSession, Node, Operation, SyncReceived, utcnow

__all__ = [
    "CARRY_KEY",
    "CarryReport",
    "CarryState",
    "carried_op_ids",
    "carry_envelopes",
    "carry_state",
    "pending_copies",
    "read_copy",
    "database_path",
    "deliver",
    "set_copies",
    "write_copy",
]

log = logging.getLogger(__name__)

#: app_meta key of a new branch database: the first safety copy (file name, beside the database)
#: whose envelopes are still to be carried to the centre; further ones (an earlier re-enrolment's
#: copy not delivered yet, inherited) under ``sync_carry_file.2``, ``.3`` … in delivery order
CARRY_KEY = "sync_carry_file"
#: app_meta key: the last safety copy the centre took in full
CARRY_DONE_KEY = "sync_carry_done"
#: app_meta key: what the centre answered the last delivery that left copies pending (JSON
#: counts, ``sync-status``)
CARRY_LAST_KEY = "sync_carry_last"
#: entity_type of a ``CarryBranchWork`` record (entity_id: the carried envelope's first op_id)
CARRY_ENTITY = "sync_carry"
#: envelopes per carry request (as a push)
CARRY_BATCH = 200


# ---- the centre ------------------------------------------------------------------------------


def carry_envelopes(
    db: Database, node_id: uuid.UUID, envelopes: list[Envelope], *, now: dt.datetime | None = None
) -> list[Answer]:
    """Take in the carried ``envelopes`` of branch ``node_id`` (authenticated by its new
    enrolment): one answer each — ``applied`` / ``conflict`` (rows applied, recorded as the
    centre's ``CarryBranchWork``, a ``carried`` entry), ``duplicate`` (carried before, or the
    centre already has these op_ids: nothing changed), ``refused`` (not the node's, or its
    records do not match their hashes: nothing applied) or ``held`` (a money row the centre
    cannot store now: the branch sends it again). A node not active when its row is locked
    (blocked meanwhile) is refused as a whole (403, no answers): its copy stays pending. One
    transaction, a savepoint per envelope."""
    now = now or utcnow()
    try:
        with db.write() as session:
            batch = apply._Batch.open(session, node_id, now)  # the node's row locked: one carrier at a time
            if batch.status != "active":
                raise SyncAuthError(403, "该节点未处于正常同步状态，不能接收转交的操作")
            answers = [_carry_one(batch, env) for env in envelopes]
            batch.finish()
    except DBAPIError as exc:
        if apply.is_transient(exc):
            raise SyncUnavailable(503, "中心数据库暂时繁忙，本次转交未处理，将自动重试") from exc
        raise
    return answers


def _answer(env: Envelope, outcome: str, message: str = "", conflicts: int = 0) -> Answer:
    return Answer(env.first_seq, env.last_seq, outcome, str(message), conflicts)


def _bad_records(node_id: uuid.UUID, env: Envelope) -> Message | None:
    """The envelope's records must be the node's and recompute (payload and record hash, linked
    among themselves); they do not continue the centre's chain of the node (that is the point)."""
    if apply._uuid(env.node_id) != node_id:
        return Message("转交的操作不属于本节点")
    prev = None
    for op in env.ops:
        if apply._uuid(op.node_id) != node_id:
            return Message("转交的操作{seq}不属于本节点", seq=op.seq)
        if not apply.payload_ok(op):
            return Message("转交的操作{seq}的内容与其哈希不符", seq=op.seq)
        if not apply.record_ok(node_id, op) or (prev is not None and op.prev_hash != prev):
            return Message("转交的操作{seq}的记录哈希不符", seq=op.seq)
        prev = op.hash
    return None


def carried_op_ids(session: Session, first_op_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Of these first op_ids, those carried already: a ``CarryBranchWork`` record *of the
    centre's own node* names each (a record of that type a branch pushed itself is stored with
    an ``actor`` entry but proves nothing)."""
    centre = own_node_id(session)
    if centre is None:
        return set()
    return set(
        session.scalars(
            sa.select(Operation.entity_id).where(
                Operation.op_type == OpType.CARRY_BRANCH_WORK,
                Operation.node_id == centre,
                Operation.entity_type == CARRY_ENTITY,
                Operation.entity_id.in_(first_op_ids),
            )
        )
    )


def _carry_one(batch: apply._Batch, env: Envelope) -> Answer:
    session, node_id = batch.session, batch.node_id
    if batch.stalled is not None:  # an earlier envelope's money is not stored: the rest waits (order)
        return _answer(env, Outcome.HELD, batch.stalled.message)
    if not env.ops:
        return _answer(env, Outcome.REFUSED, Message("该批次没有操作记录"))
    bad = _bad_records(node_id, env)
    if bad is not None:
        log.warning(
            "sync: carried envelope %s–%s of node %s refused: %s",
            env.first_seq,
            env.last_seq,
            node_id,
            bad.template,
        )
        return _answer(env, Outcome.REFUSED, bad)
    ids = [apply._uuid(op.op_id) for op in env.ops]
    if carried_op_ids(session, ids[:1]):
        return _answer(env, Outcome.DUPLICATE, Message("这批操作已转交过，未重复入账"))
    received = {
        r.op_id: r for r in session.scalars(sa.select(SyncReceived).where(SyncReceived.op_id.in_(ids)))
    }
    if received:
        same = len(received) == len(ids) and all(
            received[i].payload_hash == op.payload_hash and received[i].node_id == node_id
            for i, op in zip(ids, env.ops, strict=True)
        )
        if same:  # the centre has this work already (pushed before the PC was restored or blocked)
            return _answer(env, Outcome.DUPLICATE, Message("中心已有这批操作，未重复入账"))
        return _answer(
            env,
            Outcome.REFUSED,
            Message(
                "中心已收到过其中的操作但内容不同（第{seq}条起），未应用；请核对安全副本", seq=env.first_seq
            ),
        )
    problem = batch._actor_problem(env.ops)
    untrusted = batch.untrusted(env, {})
    kind = "actor"
    work: apply._Work | None = None
    entry: apply._Conflict | None = None
    for attempt in ("fast", "careful", "queued"):
        try:
            with session.begin_nested():
                work = batch.apply_rows(env, problem, kind, untrusted, careful=attempt != "fast")
                entry = _record(batch, env, work)
            break
        except apply._Retry:
            continue
        except apply._MoneyNotStored as exc:  # never dropped: the branch sends it again
            log.error(
                "sync: carried envelope %s–%s of node %s: a %s row the centre cannot insert (%s)",
                env.first_seq,
                env.last_seq,
                node_id,
                exc.tbl,
                exc.error,
            )
            batch.stalled = _answer(
                env,
                Outcome.HELD,
                Message(
                    "中心无法记录转交的收费（{error}），未应用，将在下次同步时重试；请联系中心管理员",
                    error=exc.error,
                ),
            )
            batch._note_held_money(env, exc)
            return batch.stalled
        except (IntegrityError, DataError) as exc:
            if attempt == "queued":  # not final: the branch keeps the copy and sends it again
                log.error(
                    "sync: carried envelope %s–%s of node %s cannot be recorded: %s",
                    env.first_seq,
                    env.last_seq,
                    node_id,
                    type(exc).__name__,
                )
                batch.stalled = _answer(
                    env,
                    Outcome.HELD,
                    Message(
                        "中心无法记录转交的操作（{error}），未应用，将在下次同步时重试；请联系中心管理员",
                        error=type(exc).__name__,
                    ),
                )
                return batch.stalled
            problem = Message("中心无法按原样应用（{error}），已转入待处理", error=type(exc).__name__)
            kind = "apply"
    assert work is not None and entry is not None
    batch._release_held_money(env)
    batch.store_entries([*work.conflicts, entry])
    outcome = Outcome.CONFLICT if work.conflicts else Outcome.APPLIED
    log.info(
        "sync: node %s carried envelope %s–%s (incarnation %s): %s",
        node_id,
        env.first_seq,
        env.last_seq,
        env.incarnation,
        outcome,
    )
    return _answer(env, outcome, Message("已作为转交的操作入账"), conflicts=len(work.conflicts) + 1)


def _payments(env: Envelope) -> list[dict[str, Any]]:
    out = []
    for ch in env.changes:
        if ch.tbl == "payment" and ch.action == "insert" and ch.after is not None:
            kind = ch.after.get("kind")
            if kind == PaymentKind.OFFSET:
                continue
            out.append(
                {
                    "payment_id": str(ch.after.get("id")),
                    "receipt_no": ch.after.get("receipt_no"),
                    "kind": kind,
                    "amount_fen": ch.after.get("amount_fen"),
                    "customer_id": str(ch.after.get("customer_id")),
                    "session_id": str(ch.after.get("session_id") or ""),
                }
            )
    return out


def _closed_sessions(session: Session, payments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The carried payments taken in a cashier session the centre holds as closed already (the
    original PC closed it, its day-end totals reconciled without them): the supervisor must know
    the session's takings at the centre no longer match its close."""
    ids = {apply._uuid(p["session_id"]) for p in payments if p["session_id"]}
    if not ids:
        return []
    closed = {
        sid: no
        for sid, no in session.execute(
            sa.select(CashierSession.id, CashierSession.session_no).where(
                CashierSession.id.in_(ids), CashierSession.status != SessionStatus.OPEN
            )
        )
    }
    return [
        {"receipt_no": p["receipt_no"], "amount_fen": p["amount_fen"], "session_no": closed[sid]}
        for p in payments
        if p["session_id"] and (sid := apply._uuid(p["session_id"])) in closed
    ]


def _record(batch: apply._Batch, env: Envelope, work: apply._Work) -> apply._Conflict:
    """The centre's ``CarryBranchWork`` record of a carried envelope (its records verbatim, the
    old incarnation) and the ``carried`` entry a supervisor reviews."""
    session = batch.session
    code = session.scalar(sa.select(Node.code).where(Node.id == batch.node_id)) or ""
    tables = dict(Counter(ch.tbl for ch in env.changes))
    payments = _payments(env)
    with batch.as_centre():
        info = oplog.append(
            session,
            batch.centre_actor(),
            OpType.CARRY_BRANCH_WORK,
            {
                "node_id": str(batch.node_id),
                "node_code": code,
                "incarnation": env.incarnation,
                "current_incarnation": batch.incarnation,
                "first_seq": env.first_seq,
                "last_seq": env.last_seq,
                "ops": [dataclasses.asdict(op) for op in env.ops],
                "tables": tables,
                "queued": len(work.conflicts),
                "payments": len(payments),
                "payment_fen": sum(int(p["amount_fen"] or 0) for p in payments),
            },
            CARRY_ENTITY,
            apply._uuid(env.ops[0].op_id),
        )
    total = sum(int(p["amount_fen"] or 0) for p in payments if p["kind"] == PaymentKind.PAYMENT)
    text = f"{len(env.ops)}条操作，其中收费{len(payments)}笔（¥{total / 100:,.2f}）"
    if work.conflicts:
        text += f"，另有{len(work.conflicts)}项转入待处理"
    late = _closed_sessions(session, payments)
    if late:
        sessions = "、".join(dict.fromkeys(str(p["session_no"]) for p in late))
        text += f"；其中{len(late)}笔属于中心已日结的班次{sessions}，该班次的日结合计不含这些收费，请核对"
    detail = {
        "first_seq": env.first_seq,
        "last_seq": env.last_seq,
        "incarnation": env.incarnation,
        "carry_op_id": str(info.op_id),
        "carry_seq": info.seq,
        "sent_at": env.sent_at,
        "ops": [
            {"seq": op.seq, "op_type": op.op_type, "actor": op.actor, "occurred_at": op.occurred_at}
            for op in env.ops
        ],
        "tables": tables,
        "payments": payments,
        "closed_sessions": late,
        "queued": len(work.conflicts),
        "outcome_text": text,
    }
    key = {"node_id": str(batch.node_id), "seq": env.first_seq, "incarnation": env.incarnation}
    return apply._Conflict(
        "carried",
        "operation_log",
        json.dumps(key, sort_keys=True)[:200],
        detail,
        apply._uuid(env.ops[0].op_id),
    )


# ---- the branch: the safety copy -------------------------------------------------------------


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def database_path(db: Database) -> Path:
    """The SQLite file of a branch database."""
    url = make_url(db.url)
    if not url.drivername.startswith("sqlite") or not url.database or url.database == ":memory:":
        raise RuleViolation("分支节点的数据库应为本机 SQLite 文件")
    return Path(url.database).resolve()


def write_copy(db_path: Path, envelopes: list[Envelope], *, node_code: str, incarnation: str) -> Path:
    """The unsent ``envelopes`` as a JSON file beside the database (0600, created anew: an
    existing file is never overwritten). Returns its path."""
    stamp = _stamp()
    n = 0
    while True:
        path = db_path.with_name(f"{db_path.name}.carry-{stamp}{f'-{n}' if n else ''}.json")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            n += 1
            continue
        break
    body = {
        "format": "gridcounter-carry/1",
        "node_code": node_code,
        "incarnation": incarnation,
        "database": db_path.name,
        "written_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "envelopes": [e.to_dict() for e in envelopes],
    }
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(body, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def read_copy(path: Path) -> list[Envelope]:
    with open(path, encoding="utf-8") as fh:
        body = json.load(fh)
    return [Envelope.from_dict(e) for e in body.get("envelopes", ())]


# ---- the branch: the pending copies ----------------------------------------------------------


def _copy_keys(session: Session) -> list[tuple[int, str, str]]:
    rows = session.execute(
        sa.select(AppMeta.key, AppMeta.value).where(
            sa.or_(AppMeta.key == CARRY_KEY, AppMeta.key.like(f"{CARRY_KEY}.%"))
        )
    )
    out = []
    for key, value in rows:
        suffix = key[len(CARRY_KEY) + 1 :]
        if key == CARRY_KEY or suffix.isdigit():
            out.append((int(suffix) if suffix else 1, key, value))
    return sorted(out)


def pending_copies(session: Session) -> list[str]:
    """The safety copies (file names beside the database) still to be carried, in order."""
    return [value for _, _, value in _copy_keys(session) if value]


def set_copies(session: Session, names: list[str]) -> None:
    """Remember ``names`` (in delivery order) as the pending safety copies, in place of any."""
    for _, key, _ in _copy_keys(session):
        session.execute(sa.delete(AppMeta).where(AppMeta.key == key))
    session.flush()
    for i, name in enumerate(dict.fromkeys(names), start=1):
        session.add(AppMeta(key=CARRY_KEY if i == 1 else f"{CARRY_KEY}.{i}", value=name[:200]))


@dataclass(frozen=True)
class CarryState:
    """The carry as ``sync-status`` shows it without contacting the centre."""

    copies: tuple[str, ...] = ()
    refused: int = 0  # the last delivery's answers that keep the copies pending
    held: int = 0


def carry_state(db: Database) -> CarryState:
    with db.read() as session:
        copies = tuple(pending_copies(session))
        meta = session.get(AppMeta, CARRY_LAST_KEY)
    last: dict[str, Any] = {}
    if copies and meta is not None:
        try:
            last = json.loads(meta.value)
        except ValueError:
            last = {}
    return CarryState(copies, int(last.get("refused", 0)), int(last.get("held", 0)))


# ---- the branch: delivering the copies (client.sync_round; app/sync/recovery.py re-enrols) -----


@dataclass(frozen=True)
class CarryReport:
    """What the centre answered for carried envelopes."""

    carried: int = 0  # applied now (as CarryBranchWork)
    present: int = 0  # the centre had them already (duplicate)
    refused: int = 0
    held: int = 0
    payments: int = 0
    payment_fen: int = 0
    messages: tuple[str, ...] = ()
    pending: int = 0  # safety copies still to be carried after this delivery

    @property
    def done(self) -> bool:
        """The centre took in every envelope of every copy (a refused one is not taken in: its
        copy stays pending and is sent again)."""
        return not self.held and not self.refused and not self.pending


def deliver(db: Database, post: Callable[[list[Envelope]], list[Answer]]) -> CarryReport | None:
    """Carry the safety copies the database names (``app_meta``, oldest first) with ``post``
    (one request per :data:`CARRY_BATCH` envelopes). A copy is done — forgotten — when the
    centre took in every envelope (applied, conflict or duplicate); one with a ``refused`` or
    ``held`` answer, or a missing file, stays pending and is sent again next round (exactly once
    at the centre: an envelope taken in before is answered ``duplicate``). A ``held`` answer
    stops the delivery (order). None: nothing to carry."""
    with db.read() as session:
        names = pending_copies(session)
    if not names:
        return None
    folder = database_path(db)
    counts: Counter[str] = Counter()
    messages: list[str] = []
    pays, fen = 0, 0
    done: list[str] = []
    for name in names:
        path = folder.with_name(name)
        if not path.is_file():
            counts[Outcome.HELD] += 1
            messages.append(f"找不到待转交的安全副本 {path}，请联系中心管理员")
            break
        envelopes = read_copy(path)
        before = counts[Outcome.HELD] + counts[Outcome.REFUSED]
        for start in range(0, len(envelopes), CARRY_BATCH):
            part = envelopes[start : start + CARRY_BATCH]
            answers = post(part)
            for env, a in zip(part, answers, strict=True):
                counts[a.outcome] += 1
                if a.outcome in (Outcome.APPLIED, Outcome.CONFLICT):
                    for p in _payments(env):
                        if p["kind"] == PaymentKind.PAYMENT:
                            pays += 1
                            fen += int(p["amount_fen"] or 0)
                if a.outcome in (Outcome.REFUSED, Outcome.HELD) and a.message:
                    messages.append(f"转交第{a.first_seq}–{a.last_seq}条：{a.message}")
            if counts[Outcome.HELD]:
                break
        if counts[Outcome.HELD] + counts[Outcome.REFUSED] == before:
            done.append(name)
        if counts[Outcome.HELD]:
            break
    left = [n for n in names if n not in done]
    report = CarryReport(
        counts[Outcome.APPLIED] + counts[Outcome.CONFLICT],
        counts[Outcome.DUPLICATE],
        counts[Outcome.REFUSED],
        counts[Outcome.HELD],
        pays,
        fen,
        tuple(messages),
        len(left),
    )
    with db.write() as session:
        set_copies(session, left)
        session.execute(sa.delete(AppMeta).where(AppMeta.key == CARRY_LAST_KEY))
        if done:
            session.execute(sa.delete(AppMeta).where(AppMeta.key == CARRY_DONE_KEY))
            session.add(AppMeta(key=CARRY_DONE_KEY, value=done[-1][:200]))
        if left:
            last = {"refused": report.refused, "held": report.held, "copies": len(left)}
            session.add(AppMeta(key=CARRY_LAST_KEY, value=json.dumps(last)))
    return report
