"""The supervisor's audit view (审计, issue 10 item 8): operation records, the verification, anchors."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OperationFilter:
    """What the audit view's list is narrowed to; every member empty / None = no condition.

    ``account_no`` is resolved to the customer (an unknown number is a ValidationError on the
    field); ``date_from`` / ``date_to`` are days in the local time zone, both included."""

    actor: str = ""
    account_no: str = ""
    op_type: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    node_code: str = ""


@dataclass(frozen=True)
class OperationRow:
    """One operation record in the list (newest first)."""

    op_id: uuid.UUID
    node_code: str
    seq: int
    op_type: str
    entity_type: str
    entity_id: uuid.UUID | None
    actor: str
    occurred_at: str  # as stored: local time with its UTC offset
    summary: str  # a short line out of the payload (receipt no, account no, …)


@dataclass(frozen=True)
class OperationPage:
    rows: list[OperationRow]
    page: int  # 0-based
    page_size: int
    has_more: bool


@dataclass(frozen=True)
class OperationDetail:
    """One record as stored; personal data in ``payload_text`` is masked / fingerprinted
    (docs/privacy.md; full values in records older than that change are masked for display)."""

    row: OperationRow
    payload_text: str  # pretty-printed JSON
    payload_hash: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainResult:
    node_code: str
    records: int
    ok: bool
    first_broken_seq: int | None
    problem: str
    head_seq: int
    head_hash: str
    anchors_checked: int


@dataclass(frozen=True)
class AuditResult:
    """The chain verification and the reconcile, as ``main.py verify-log`` runs them."""

    ok: bool
    chains: list[ChainResult]
    reconcile_ok: bool
    payments: int
    bills: int
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the report as verify-log prints it, conclusion included
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AnchorRow:
    """A stored anchor (日志锚点) and whether the record at its seq still carries its hash."""

    id: uuid.UUID
    node_code: str
    seq: int
    hash: str
    recorded_at: dt.datetime
    recorded_by: str
    source: str  # day_end / review / manual
    note: str
    #: "ok": the record at seq has this hash; "mismatch": it has another; "missing": no such record
    status: str
