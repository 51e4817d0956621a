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
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.dto import Actor, OperationInfo
from app.services.permissions import check_live
from db.keys import uuid7
from db.models import Node, Operation


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
    return OperationInfo(op_id=op_id, seq=seq, op_type=op_type)


@dataclass(frozen=True)
class ChainReport:
    node_code: str
    records: int
    ok: bool
    first_broken_seq: int | None = None
    problem: str = ""


def verify(session: Session, batch: int = 5000) -> list[ChainReport]:
    """Walk every node's chain in sequence order and report the first broken link."""
    reports = []
    for node in session.scalars(select(Node).order_by(Node.code)):
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
                if op.seq != expected_seq:
                    broken = (expected_seq, f"序号不连续：缺少第{expected_seq}条，下一条是第{op.seq}条")
                elif _sha256(op.payload) != op.payload_hash:
                    broken = (op.seq, "内容与其哈希不符（记录内容被修改）")
                elif op.prev_hash != prev:
                    broken = (op.seq, "前一记录哈希不符（链条断开或记录被删除/替换）")
                elif record_hash(op.op_id, op.node_id, op.seq, op.op_type, op.entity_type, op.entity_id,
                                 op.payload_hash, op.actor, op.occurred_at, op.prev_hash) != op.hash:
                    broken = (op.seq, "记录哈希不符（记录头被修改）")
                if broken:
                    break
                prev, expected_seq = op.hash, op.seq + 1
            session.expunge_all()
        if broken is None and node.op_seq != count:
            broken = (count + 1, f"节点计数为{node.op_seq}，但日志只有{count}条（末尾记录丢失）")
        elif broken is None and node.op_last_hash != prev:
            broken = (count, "节点记录的最后哈希与日志末条不符")
        reports.append(ChainReport(node.code, count, broken is None,
                                   broken[0] if broken else None, broken[1] if broken else ""))
    return reports
