"""Customers as the UI sees them: search hits, the customer view, change history."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CustomerSummary:
    """One row of the search result table (identifying fields are masked)."""

    id: uuid.UUID
    account_no: str
    name: str
    kind: str
    status: str
    phone_masked: str
    address: str
    id_masked: str
    matched_by: str = ""


@dataclass(frozen=True)
class SearchResult:
    query: str
    rows: list[CustomerSummary]
    more: bool  # more customers match than were returned
    elapsed_ms: float = 0.0


@dataclass(frozen=True)
class CustomerView:
    """The customer view (客户视图) header and editable fields.

    ``id_number`` / ``phone`` / ``phone2`` hold the full values only when the actor may see
    them (``sensitive_visible``); otherwise they are empty and the masked forms carry the info.
    """

    id: uuid.UUID
    account_no: str
    party_type: str
    kind: str
    name: str
    id_type: str
    id_number: str
    id_masked: str
    id_overridden: bool
    area: str
    voltage_level: str
    capacity_kva: int
    tariff_code: str
    status: str
    low_income: str
    vip: bool
    large_customer: bool
    customer_manager: str
    contact_person: str
    phone: str
    phone_masked: str
    phone2: str
    phone2_masked: str
    supply_address: str
    meter_no: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    sensitive_visible: bool
    flags: tuple[str, ...] = field(default_factory=tuple)
    #: the supply point (docs/rules.md#outages)
    supply_line: str = ""
    transformer_area: str = ""
    important: bool = False
    #: a registration's request that registered this customer before (a restored draft, a
    #: retry): nothing was written now (app/services/customers.register_customer)
    repeated: bool = False


@dataclass(frozen=True)
class HistoryEntry:
    """One change in the customer's history tab (变更记录), from the operation log."""

    seq: int
    occurred_at: str
    actor: str
    op_type: str
    summary: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, old, new), sensitive values masked
