"""Outage notices (停电信息) as they leave app/ (docs/rules.md#outages). Times are naive UTC."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from app.dto.common import RowError


@dataclass(frozen=True)
class OutageView:
    """One outage. ``status`` is what a person reads now (announced / active / ended /
    cancelled, app/domain/outages.py); ``stored_status`` what the row holds."""

    id: uuid.UUID
    outage_no: str
    kind: str
    status: str
    stored_status: str
    starts_at: dt.datetime
    expected_end: dt.datetime
    actual_end: dt.datetime | None
    reason: str
    note: str
    areas: tuple[str, ...]
    lines: tuple[str, ...]
    transformer_areas: tuple[str, ...]
    entered_by: str
    entered_at: dt.datetime
    updated_by: str
    version: int

    @property
    def ends_at(self) -> dt.datetime:
        return self.actual_end or self.expected_end


@dataclass(frozen=True)
class CustomerOutage:
    """An outage covering one customer, and what matched: ``matched_kind`` (area / line /
    transformer_area) and ``matched_value`` (the 台区, 线路 or address prefix)."""

    outage: OutageView
    matched_kind: str
    matched_value: str


@dataclass(frozen=True)
class ImportantCustomer:
    """One 重要客户 to tell in advance; phones masked unless the actor may see them."""

    customer_id: uuid.UUID
    account_no: str
    name: str
    contact_person: str
    phone: str
    phone2: str
    supply_address: str
    supply_line: str
    transformer_area: str
    customer_manager: str


@dataclass(frozen=True)
class ImportantCustomerList:
    """The advance-notice list of one outage (重要客户停电提前告知清单)."""

    outage: OutageView
    rows: tuple[ImportantCustomer, ...]
    hall_name: str
    company: str
    printed_by: str
    printed_at: dt.datetime
    phones_masked: bool


@dataclass(frozen=True)
class OutageImportReport:
    """What a CSV import did: all or nothing; ``errors`` with line (1 = header) and column."""

    ok: bool
    rows: int
    imported: int
    errors: tuple[RowError, ...]
    encoding: str
    numbers: tuple[str, ...] = field(default_factory=tuple)
