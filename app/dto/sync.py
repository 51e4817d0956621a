"""Sync (docs/sync.md): the conflict queue as the UI and the HTTP service show it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ConflictField:
    """One field of a row both sides changed: its value before the branch's edit (``base``),
    the branch's and the centre's, as display text."""

    name: str
    label: str
    base: str
    branch: str
    centre: str


@dataclass(frozen=True)
class ConflictView:
    """One entry of the conflict queue (sync_conflict): what the branch did, what the centre had."""

    id: uuid.UUID
    node_id: uuid.UUID
    node_code: str
    op_id: uuid.UUID
    kind: str  # field / state / paid_bill / closed_customer / day_end / row / centre / actor / apply / scope / receipt
    kind_label: str
    tbl: str
    table_label: str
    row_key: str
    summary: str  # one line, Chinese
    status: str  # open / resolved
    resolution: str
    resolved_by: str
    resolved_at: dt.datetime | None
    created_at: dt.datetime
    version: int
    fields: tuple[ConflictField, ...] = ()
    #: the stored detail (JSON object), for a screen that wants more than ``fields``
    detail: dict[str, Any] = field(default_factory=dict)
    #: the choices a supervisor has for this entry (keep_centre / keep_branch / reviewed)
    choices: tuple[str, ...] = ()
