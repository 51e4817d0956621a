"""Meter readings, bill computation, adjustment bills and the bill view (抄表、核算、退补、账单查询).

CONTRACT (bodies being written): see docs/money-path.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from app.config import Settings
from app.dto import Actor
from app.dto_money import BillRow, BillRunReport, BillView, ImportReport
from db.engine import Database


@dataclass(frozen=True)
class IssueAdjustment:
    """退补: a new bill of ``amount_fen`` (negative refunds) correcting ``bill_id``."""

    bill_id: uuid.UUID
    amount_fen: int
    kwh: int
    reason: str


def import_readings_csv(db: Database, actor: Actor, content: bytes, period: str) -> ImportReport:
    """All-or-nothing import of one period's readings (UTF-8 with/without BOM, or GBK)."""
    raise NotImplementedError


def compute_bills(db: Database, settings: Settings, actor: Actor, period: str,
                  issue_date: dt.date | None = None) -> BillRunReport:
    """Bill every customer that has a reading for ``period`` and no bill yet."""
    raise NotImplementedError


def issue_adjustment(db: Database, actor: Actor, cmd: IssueAdjustment) -> BillRow:
    raise NotImplementedError


def bill_view(db: Database, settings: Settings, actor: Actor, customer_id: uuid.UUID,
              on_date: dt.date | None = None) -> BillView:
    raise NotImplementedError
