"""What travels between a branch and the centre (docs/sync.md#messages).

An :class:`Envelope` is one local transaction of a branch: its operation records, verbatim
(hash chain included, so the centre can verify the branch's chain), and the row changes the
transaction made, as images captured by triggers. The centre answers each envelope with an
:class:`Answer`. A pull returns a :class:`FeedPage`. Everything is plain JSON: the HTTP layer
(app/sync/server.py, client.py) only moves these dicts.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Answer", "Envelope", "FeedPage", "FeedRow", "OpRecord", "Outcome", "RowChange"]


class Outcome:
    """An envelope's fate at the centre (``Answer.outcome``)."""

    APPLIED = "applied"  # applied in full
    CONFLICT = "conflict"  # applied, but part of it waits in the conflict queue (sync_conflict)
    DUPLICATE = "duplicate"  # seen before with the same payload hash: the stored answer again
    HELD = "held"  # a gap before it: kept, applied when the gap is filled
    REFUSED = "refused"  # not applied (bad chain, foreign node, restored PC, …): see message

    #: answers after which the branch may drop a group's row images and move past it. A refusal
    #: is not one: the centre has not taken the work (the node is blocked, or the centre could
    #: not store it), so the branch keeps it — a restored PC's payments taken since the restore
    #: must not vanish with the refusal of its first envelope (docs/sync.md#incarnation).
    FINAL = frozenset({APPLIED, CONFLICT, DUPLICATE})


@dataclass(frozen=True)
class OpRecord:
    """One operation_log row as the branch wrote it (every column, as text / int)."""

    op_id: str
    node_id: str
    seq: int
    op_type: str
    entity_type: str
    entity_id: str  # "" when none
    payload: str
    payload_hash: str
    actor: str
    occurred_at: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class RowChange:
    """One row a transaction wrote: ``before`` / ``after`` are the row's images as JSON objects
    (column -> value as the trigger saw it; app/sync/rows.py decodes either database's form).
    insert: before None; delete: after None."""

    tbl: str
    row_key: dict[str, Any]
    action: str  # insert / update / delete
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Envelope:
    """One local transaction of a branch, pushed as a unit."""

    node_id: str
    incarnation: str
    ops: tuple[OpRecord, ...]
    changes: tuple[RowChange, ...] = ()
    #: the branch's wall clock when it sent the batch (ISO with offset): for the skew warning only
    sent_at: str = ""

    @property
    def first_seq(self) -> int:
        return self.ops[0].seq

    @property
    def last_seq(self) -> int:
        return self.ops[-1].seq

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Envelope:
        ops = tuple(OpRecord(**o) for o in data["ops"])
        if not ops:
            raise ValueError("an envelope carries at least one operation")
        seqs = [o.seq for o in ops]
        if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
            raise ValueError("an envelope's operations must have consecutive sequence numbers")
        changes = tuple(RowChange(**c) for c in data.get("changes", ()))
        return cls(str(data["node_id"]), str(data["incarnation"]), ops, changes, str(data.get("sent_at", "")))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Envelope:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True)
class Answer:
    """The centre's decision on one envelope."""

    first_seq: int
    last_seq: int
    outcome: str
    message: str = ""
    #: how many conflict-queue entries this envelope produced (outcome CONFLICT)
    conflicts: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        return cls(int(data["first_seq"]), int(data["last_seq"]), str(data["outcome"]),
                   str(data.get("message", "")), int(data.get("conflicts", 0)))


@dataclass(frozen=True)
class FeedRow:
    """One row of the centre's change feed (``sync_feed``)."""

    id: int
    tbl: str
    row_key: dict[str, Any]
    action: str
    image: dict[str, Any] | None
    #: the writing transaction at the centre: a branch that must leave a row for later holds its
    #: watermark there (docs/sync.md#pull-watermark)
    txid: int = 0


@dataclass(frozen=True)
class FeedPage:
    """A pull's answer: rows after the caller's watermark up to ``watermark`` (exclusive of
    nothing: every feed row with id ≤ watermark that the caller may see is in this page or an
    earlier one). ``more``: call again at once. ``stale``: the caller's watermark is behind the
    retention horizon: take a fresh snapshot (docs/sync.md#stale-nodes)."""

    rows: tuple[FeedRow, ...]
    watermark: int
    more: bool = False
    stale: bool = False
    server_time: str = ""
    open_conflicts: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedPage:
        rows = tuple(FeedRow(**r) for r in data.get("rows", ()))
        return cls(rows, int(data["watermark"]), bool(data.get("more")), bool(data.get("stale")),
                   str(data.get("server_time", "")), int(data.get("open_conflicts", 0)))


@dataclass(frozen=True)
class Snapshot:
    """A branch's initial (or fresh) copy: rows per table in dependency order, and the feed
    watermark they are consistent with."""

    watermark: int
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
