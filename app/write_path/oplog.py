"""The operation log (操作日志): one record per business operation, hash-chained per node.

``append`` runs inside the caller's unit of work, so the record commits or rolls back
together with the rows it describes. The node row's counter is bumped with
UPDATE … RETURNING, which locks the row until commit: the sequence is gap-free and the
chain is linear even with many counters writing to one PostgreSQL database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain.codes import AnchorSource
from app.dto.common import Actor, OperationInfo
from app.services.permissions import check_live
from app.sync import outbox
from db.keys import uuid7
from db.models import AppMeta, LogAnchor, Node, Operation


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_hash(
    op_id: uuid.UUID, node_id: uuid.UUID, seq: int, op_type: str, entity_type: str,
    entity_id: uuid.UUID | None, payload_hash: str, actor: str, occurred_at: str, prev_hash: str,
) -> str:
    parts = [str(op_id), str(node_id), str(seq), op_type, entity_type, str(entity_id or ""),
             payload_hash, actor, occurred_at, prev_hash]
    return _sha256("\x1f".join(parts))


def append(
    session: Session, actor: Actor, op_type: str, payload: dict[str, Any],
    entity_type: str = "", entity_id: uuid.UUID | None = None, op_id: uuid.UUID | None = None,
    *, identity_checked: bool = False,
) -> OperationInfo:
    # Every write passes through here: the actor's log-in session, active flag and role are
    # re-read in this transaction (issue 7 item 5). Only the log-in code itself, which has just
    # checked the password in this transaction, passes ``identity_checked``.
    if not identity_checked:
        check_live(session, actor)
    row = session.execute(
        update(Node).where(Node.id == actor.node_id).values(op_seq=Node.op_seq + 1)
        .returning(Node.op_seq, Node.op_last_hash)
    ).one()
    seq, prev_hash = int(row[0]), row[1]
    op_id = op_id or uuid7()
    body = canonical_json(payload)
    payload_hash = _sha256(body)
    occurred_at = dt.datetime.now().astimezone().isoformat(timespec="microseconds")
    digest = record_hash(op_id, actor.node_id, seq, op_type, entity_type, entity_id, payload_hash,
                         actor.username, occurred_at, prev_hash)
    session.add(Operation(
        op_id=op_id, node_id=actor.node_id, seq=seq, op_type=op_type, entity_type=entity_type,
        entity_id=entity_id, payload=body, payload_hash=payload_hash, actor=actor.username,
        occurred_at=occurred_at, prev_hash=prev_hash, hash=digest,
    ))
    session.execute(update(Node).where(Node.id == actor.node_id).values(op_last_hash=digest))
    # A branch's outbox groups a transaction's records (app/sync/outbox.py; nothing on a
    # database that is not a branch).
    outbox.note_append(session, seq)
    return OperationInfo(op_id=op_id, seq=seq, op_type=op_type)


@dataclass(frozen=True)
class Anchor:
    """A checkpoint of a node's chain kept outside the log (日志锚点): the record at ``seq`` has
    the hash ``hash`` — the full 64 hex digits, or a prefix of them (at least
    :data:`MIN_ANCHOR_HEX`) as printed on a day-end report. ``node_code`` "" = the only node /
    the database's own node; ``source`` says where it came from (shown in the report)."""

    seq: int
    hash: str
    source: str = "命令行"
    node_code: str = ""


#: A typed anchor needs at least this many hex digits (64 bits): a shorter one is too easy to match.
MIN_ANCHOR_HEX = 16


def parse_anchor(text: str) -> Anchor:
    """``SEQ:HASH`` or ``NODE:SEQ:HASH`` (``verify-log --anchor``); ValueError in Chinese."""
    parts = [p.strip() for p in str(text).strip().split(":")]
    node = ""
    if len(parts) == 3:
        node, parts = parts[0], parts[1:]
    if len(parts) != 2 or not parts[0].isdigit() or int(parts[0]) < 1:
        raise ValueError("锚点格式应为 序号:哈希（或 节点:序号:哈希），如 1234:3f9a0c…")
    digest = parts[1].lower()
    if len(digest) < MIN_ANCHOR_HEX or len(digest) > 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"锚点哈希应为 {MIN_ANCHOR_HEX} 到 64 位十六进制数字")
    return Anchor(int(parts[0]), digest, "命令行", node)


@dataclass(frozen=True)
class ChainReport:
    node_code: str
    records: int
    ok: bool
    first_broken_seq: int | None = None
    problem: str = ""
    #: the last record's seq and hash as walked (the chain head to print or anchor)
    head_seq: int = 0
    head_hash: str = ""
    #: anchors compared with the chain (stored ones and those given)
    anchors_checked: int = 0


def verify(session: Session, batch: int = 5000, anchors: Sequence[Anchor] = (),
           stored_anchors: bool = True) -> list[ChainReport]:
    """Walk every node's chain in sequence order and report the first broken link.

    Every anchor of the node — those stored in ``log_anchor`` (unless ``stored_anchors`` is
    False) and ``anchors`` — is compared with the record at its seq: a different hash means the
    chain was recomputed after an edit; a seq beyond the last record means the tail was cut off
    (docs/audit.md)."""
    nodes = list(session.scalars(select(Node).order_by(Node.code)))
    own = _own_node_code(session, nodes)
    reports = []
    for node in nodes:
        mine = _node_anchors(session, node, anchors, own, stored_anchors)
        walk = _walk_chain(session, node, mine, batch)
        broken = walk.broken if walk.broken is not None else _tail_problem(node, mine, walk)
        reports.append(ChainReport(node.code, walk.count, broken is None,
                                   broken[0] if broken else None, broken[1] if broken else "",
                                   head_seq=walk.last_seq if broken is None else 0,
                                   head_hash=walk.prev if broken is None else "",
                                   anchors_checked=len(mine)))
    return reports


def _node_anchors(session: Session, node: Node, anchors: Sequence[Anchor], own: str,
                  stored_anchors: bool) -> list[Anchor]:
    """The anchors given for the node, then those stored for it."""
    mine = [a for a in anchors if (a.node_code or own) == node.code]
    if stored_anchors:
        mine += [Anchor(int(seq), h, _SOURCES.get(src, src))
                 for seq, h, src in session.execute(select(LogAnchor.seq, LogAnchor.hash, LogAnchor.source)
                                                    .where(LogAnchor.node_id == node.id))]
    return mine


@dataclass(frozen=True)
class _Walk:
    """How far a node's chain held: the last good hash, records read, last seq read, the break."""

    prev: str
    count: int
    last_seq: int
    broken: tuple[int, str] | None


def _walk_chain(session: Session, node: Node, mine: list[Anchor], batch: int) -> _Walk:
    """Read the node's records in seq order, ``batch`` at a time, up to the first broken link."""
    by_seq: dict[int, list[Anchor]] = {}
    for a in mine:
        by_seq.setdefault(a.seq, []).append(a)
    prev, expected_seq, count = "", 1, 0
    broken: tuple[int, str] | None = None
    last_seq = 0
    while broken is None:
        rows = session.scalars(
            select(Operation).where(Operation.node_id == node.id, Operation.seq > last_seq)
            .order_by(Operation.seq).limit(batch)
        ).all()
        if not rows:
            break
        for op in rows:
            count += 1
            last_seq = op.seq
            broken = _link_problem(op, prev, expected_seq, by_seq)
            if broken:
                break
            prev, expected_seq = op.hash, op.seq + 1
        session.expunge_all()
    return _Walk(prev, count, last_seq, broken)


def _link_problem(op: Operation, prev: str, expected_seq: int,
                  by_seq: dict[int, list[Anchor]]) -> tuple[int, str] | None:
    """What is wrong with one record (its seq, hashes and anchors), or None."""
    if op.seq != expected_seq:
        return (expected_seq, f"序号不连续：缺少第{expected_seq}条，下一条是第{op.seq}条")
    if _sha256(op.payload) != op.payload_hash:
        return (op.seq, "内容与其哈希不符（记录内容被修改）")
    if op.prev_hash != prev:
        return (op.seq, "前一记录哈希不符（链条断开或记录被删除/替换）")
    if record_hash(op.op_id, op.node_id, op.seq, op.op_type, op.entity_type, op.entity_id,
                   op.payload_hash, op.actor, op.occurred_at, op.prev_hash) != op.hash:
        return (op.seq, "记录哈希不符（记录头被修改）")
    for a in by_seq.get(op.seq, ()):
        if not op.hash.startswith(a.hash.lower()):
            return (op.seq, f"与锚点不符：{a.source}记下第{op.seq}条的哈希为 {a.hash[:16]}，"
                            f"日志中为 {op.hash[:16]}（该处之前的记录被改动后整条链被重新计算）")
    return None


def _tail_problem(node: Node, mine: list[Anchor], walk: _Walk) -> tuple[int, str] | None:
    """A chain intact as far as it goes may still have lost its end (an anchor beyond it, the
    node's counter or last hash)."""
    count = walk.count
    beyond = [a for a in mine if a.seq > count]
    if beyond:
        a = max(beyond, key=lambda x: x.seq)
        return (count + 1, f"日志被截断：{a.source}记下了第{a.seq}条（哈希 {a.hash[:16]}），"
                           f"但日志只有{count}条（末尾记录被删除）")
    if node.op_seq != count:
        return (count + 1, f"节点计数为{node.op_seq}，但日志只有{count}条（末尾记录丢失）")
    if node.op_last_hash != walk.prev:
        return (count, "节点记录的最后哈希与日志末条不符")
    return None


_SOURCES: dict[str, str] = {AnchorSource.DAY_END: "日结报表锚点", AnchorSource.REVIEW: "班次审核锚点",
                            AnchorSource.MANUAL: "录入的锚点"}


def _own_node_code(session: Session, nodes: Sequence[Node]) -> str:
    """The node a command-line anchor without a node code belongs to: the database's own
    (app_meta 'local_node_code'), else the only node."""
    meta = session.get(AppMeta, "local_node_code")
    if meta is not None and any(n.code == meta.value for n in nodes):
        return meta.value
    return nodes[0].code if len(nodes) == 1 else ""
