"""Cashier sessions (收费班次): open with a float, close with a count, day-end report, approval.

CONTRACT (bodies being written): see docs/money-path.md.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.config import Settings
from app.dto import Actor
from app.dto_money import DayEndReport, SessionRow, SessionSummary
from db.engine import Database


@dataclass(frozen=True)
class CloseSession:
    session_id: uuid.UUID
    expected_version: int
    counts: dict[str, int]  # app.domain.cashier.DENOMINATIONS code -> count
    note: str = ""


def current_session(db: Database, actor: Actor) -> SessionRow | None:
    raise NotImplementedError


def open_session(db: Database, settings: Settings, actor: Actor, float_fen: int) -> SessionRow:
    raise NotImplementedError


def session_summary(db: Database, actor: Actor, session_id: uuid.UUID) -> SessionSummary:
    raise NotImplementedError


def close_session(db: Database, actor: Actor, cmd: CloseSession) -> DayEndReport:
    raise NotImplementedError


def approve_session(db: Database, actor: Actor, session_id: uuid.UUID, expected_version: int) -> SessionRow:
    raise NotImplementedError


def list_sessions(db: Database, actor: Actor, status: str | None = None) -> list[SessionRow]:
    raise NotImplementedError


def day_end_report(db: Database, actor: Actor, session_id: uuid.UUID) -> DayEndReport:
    raise NotImplementedError
