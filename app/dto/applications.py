"""Service applications (业务受理) as the UI sees them: worklist rows, the detail, its steps."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ApplicationRow:
    """One row of the worklist (or of the customer view's 业务 tab)."""

    id: uuid.UUID
    application_no: str
    type_code: str
    type_name: str
    customer_id: uuid.UUID | None
    account_no: str  # "" for a 新装 not completed yet
    customer_name: str  # the customer's, or the applicant's for a 新装
    channel: str
    status: str  # app.domain.codes.ApplicationStatus
    stage: str  # app.domain.codes.ApplicationStage
    accepted_at: dt.datetime
    accepted_by: str
    promised_date: dt.date  # printed on the receipt
    due_date: dt.date | None  # today's due date (moved by suspensions; None while suspended)
    deadline: str  # app.domain.codes.DeadlineStatus: the colour
    customer_manager: str
    version: int


@dataclass(frozen=True)
class ApplicationStepRow:
    step_no: int
    action: str  # "accept" or an app.domain.codes.ApplicationAction
    from_stage: str
    to_stage: str
    from_status: str
    to_status: str
    done_at: dt.datetime
    done_by: str
    remark: str


@dataclass(frozen=True)
class SuspensionRow:
    start: dt.date
    end: dt.date | None
    reason: str


@dataclass(frozen=True)
class ApplicationDetail:
    """An opened application: the row, its own field values (typed values as text, ID numbers
    masked unless the actor may see them), the documents, every step, the suspensions, what may
    be done now and where it stands against its limit."""

    row: ApplicationRow
    catalogue_version: int
    variant: str
    limit_days: int
    values: dict[str, object]
    documents: dict[str, object]
    steps: tuple[ApplicationStepRow, ...]
    suspensions: tuple[SuspensionRow, ...]
    allowed_actions: tuple[str, ...]
    used_days: int
    left_days: int
    remark: str = ""
    close_reason: str = ""
    closed_at: dt.datetime | None = None
    closed_by: str = ""
    result: dict[str, object] = field(default_factory=dict)
    attachments: int = 0  # documents attached (app/services/application_attachments.py)


@dataclass(frozen=True)
class ApplicationFilter:
    """Worklist filters; every one optional. ``accepted_from`` / ``accepted_to`` are local dates
    (inclusive); ``deadline`` picks in-progress applications by colour (suspended ones have no
    running clock); ``open_only``: in progress or suspended."""

    type_code: str | None = None
    stage: str | None = None
    status: str | None = None
    clerk: str | None = None  # the username who accepted it
    accepted_from: dt.date | None = None
    accepted_to: dt.date | None = None
    deadline: str | None = None
    customer_manager: str | None = None
    channel: str | None = None
    open_only: bool = False


@dataclass(frozen=True)
class PageRequest:
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class ApplicationPage:
    rows: tuple[ApplicationRow, ...]
    more: bool  # more rows match beyond this page
    offset: int = 0


@dataclass(frozen=True)
class AttachmentRow:
    """A document attached to an application (受理资料附件), without its bytes."""

    id: uuid.UUID
    application_id: uuid.UUID
    seq: int  # 1, 2, … in the order added
    document_code: str  # the catalogue document it is, or ""
    document_name: str  # that document's name in the application's catalogue version, or ""
    file_name: str
    media_type: str  # application/pdf, image/jpeg, image/png, image/tiff
    size: int  # bytes
    sha256: str
    source: str  # file / scanner / clipboard
    added_at: dt.datetime  # naive UTC
    added_by: str


@dataclass(frozen=True)
class AttachmentContent:
    """An attachment's bytes, for the preview."""

    file_name: str
    media_type: str
    content: bytes
