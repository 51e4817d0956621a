"""Cashier sessions (收费班次): rows, running summaries and the day-end report."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from app.dto.payments import PaymentRow


@dataclass(frozen=True)
class SessionRow:
    id: uuid.UUID
    session_no: str
    username: str
    clerk_name: str
    opened_at: dt.datetime
    float_fen: int
    status: str  # open / closed / approved
    closed_at: dt.datetime | None
    counted_cash_fen: int | None
    expected_cash_fen: int | None
    over_short_fen: int | None
    approved_by: str | None
    version: int
    #: the supervisor's review comment (退回 reason, or how a shortage was handled) and who wrote it
    review_comment: str = ""
    reviewed_by: str = ""


@dataclass(frozen=True)
class SessionSummary:
    """Running totals of a session (for the close screen and the day-end report)."""

    session: SessionRow
    by_tender: dict[str, int]  # net per tender kind
    payments: int
    reversals: int
    refunds: int
    total_fen: int
    expected_cash_fen: int
    unprinted_receipts: tuple[str, ...]  # receipt numbers never printed: closing is refused


@dataclass(frozen=True)
class DayEndReport:
    """The day-end report (日结报表) printed at close and handed to the head cashier."""

    summary: SessionSummary
    counts: dict[str, int]  # denomination code -> count
    counted_cash_fen: int
    over_short_fen: int
    receipts: tuple[PaymentRow, ...]
    hall_name: str
    node_code: str
    printed_at: dt.datetime
    extra: dict[str, Any] = field(default_factory=dict)
