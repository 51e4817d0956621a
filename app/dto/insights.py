"""Customer insights (客户用电提示) of one customer: the figures of app/domain/insights.py with
what they were computed for."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from app.domain.insights import TierProgress, TouShift, UsageAlert


@dataclass(frozen=True)
class CustomerInsights:
    customer_id: uuid.UUID
    on_date: dt.date
    #: the tier year (the year of ``on_date``, or of ``through``)
    year: int
    #: as of this period (a bill statement), None: every bill
    through: str | None
    tariff_code: str
    tier: TierProgress | None
    alert: UsageAlert | None
    tou: TouShift | None
