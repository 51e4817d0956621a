"""Who acts and what was recorded: the actor, the node, users, operation-log entries, file-import reports."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    """Who is doing it: the logged-in user on this PC's node."""

    user_id: uuid.UUID
    username: str
    display_name: str
    role: str  # clerk / supervisor / admin
    employee_no: str
    node_id: uuid.UUID
    node_code: str
    #: the server-side log-in session (db.models.UserSession) this actor works in; every write
    #: checks it (app.services.permissions.check_live), so a hand-built Actor is refused.
    token: str = field(default="", repr=False)


@dataclass(frozen=True)
class NodeInfo:
    id: uuid.UUID
    code: str
    name: str
    company: str


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    username: str
    display_name: str
    employee_no: str
    role: str
    active: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None
    version: int


@dataclass(frozen=True)
class OperationInfo:
    op_id: uuid.UUID
    seq: int
    op_type: str


@dataclass(frozen=True)
class RowError:
    """One problem in an imported file: line number (1 = header), column, Chinese message."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    ok: bool
    rows: int  # data rows read
    imported: int  # rows written (0 when not ok: nothing is half-imported)
    errors: tuple[RowError, ...]
    encoding: str
    batch_id: uuid.UUID | None = None
