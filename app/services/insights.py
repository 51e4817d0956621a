"""Customer insights (客户用电提示) for the customer view and the bill statement (issue 10 item 9;
docs/rules.md#customer-insights): this year's progress through the tiers, the abnormal-usage
flag, and for TOU customers the peak share and the saving of moving some of it to the valley.

The rules are :mod:`app.domain.insights`; this module reads what they need in one read
transaction — the customer's tariff code and connection date, the versions of that tariff
(parsed once per process: versions are never edited) and one query over the customer's bills of
the last 25 months with the corrected bill's period and the reading's per-period kWh.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from decimal import Decimal

from sqlalchemy import case, select
from sqlalchemy.orm import aliased

from app.domain.codes import BillType
from app.domain.errors import NotFound
from app.domain.insights import BillUsage, UsageAlertRules, customer_insights, month_before
from app.domain.periods import local_day
from app.domain.tariffs.catalogue import select_tariff
from app.domain.tariffs.tariff import Tariff
from app.dto.common import Actor
from app.dto.insights import CustomerInsights
from app.services.permissions import require
from app.services.tariffs import parse_version
from db.engine import Database
from db.models import Bill, Customer, MeterReading, TariffVersion

__all__ = ["alert_rules", "insights_of_customer"]

#: the months of bills read back from the end (the alert needs 13, the TOU hint 12, the tier year ≤ 12)
WINDOW_MONTHS = 24

_parsed: dict[uuid.UUID, Tariff] = {}
_parsed_lock = threading.Lock()


def alert_rules(settings: object) -> UsageAlertRules:
    """The abnormal-usage thresholds of this PC's settings (``usage_alert_*``, app/config.py)."""
    return UsageAlertRules(
        rise_percent=int(getattr(settings, "usage_alert_rise_percent", 50)),
        drop_percent=int(getattr(settings, "usage_alert_drop_percent", 50)),
        min_kwh=int(getattr(settings, "usage_alert_min_kwh", 50)),
    )


def _version(row_id: uuid.UUID, row: TariffVersion | None = None) -> Tariff | None:
    with _parsed_lock:
        found = _parsed.get(row_id)
    if found is None and row is not None:
        found = parse_version(row)
        with _parsed_lock:
            _parsed[row_id] = found
    return found


def _period_kwh(text: str | None) -> tuple[tuple[str, int], ...]:
    if not text:
        return ()
    return tuple((str(p), int(Decimal(str(k)))) for p, k in json.loads(text).items())


def insights_of_customer(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    on_date: dt.date | None = None,
    *,
    through: str | None = None,
    rules: UsageAlertRules | None = None,
) -> CustomerInsights:
    """The insights of ``customer_id`` on ``on_date`` (default today): the tier year is
    ``on_date``'s year; with ``through`` (a bill statement's period) that period's year, counting
    only the bills up to it. The tariff is the customer's, the version in force on ``on_date`` or,
    for an earlier year, on its last day."""
    require(actor, "bill.view")
    on_date = on_date or dt.date.today()
    year = int(through[:4]) if through else on_date.year
    priced_on = min(on_date, dt.date(year, 12, 31))
    end = through or f"{on_date:%Y-%m}"
    start = min(f"{year:04d}-01", month_before(end, WINDOW_MONTHS))
    corrected = aliased(Bill)
    with db.read() as session:
        customer = session.execute(
            select(Customer.tariff_code, Customer.created_at).where(Customer.id == customer_id)
        ).first()
        if customer is None:
            raise NotFound("客户不存在")
        code, created_at = customer
        versions = session.execute(
            select(TariffVersion.id, TariffVersion.effective_from).where(TariffVersion.code == code)
        ).all()
        missing = [vid for vid, _ in versions if _version(vid) is None]
        if missing:
            for row in session.scalars(select(TariffVersion).where(TariffVersion.id.in_(missing))):
                _version(row.id, row)
        rows = session.execute(
            select(
                Bill.period,
                Bill.bill_type,
                Bill.kwh,
                corrected.period,
                MeterReading.tou_kwh,
                case((Bill.lines.like('%"prior_year_kwh"%'), Bill.lines), else_=None),
            )
            .outerjoin(corrected, corrected.id == Bill.adjusts_bill_id)
            .outerjoin(MeterReading, MeterReading.id == Bill.reading_id)
            .where(Bill.customer_id == customer_id, Bill.period >= start)
        ).all()
    tariffs = [t for vid, _ in versions if (t := _version(vid)) is not None]
    try:
        tariff: Tariff | None = select_tariff(tariffs, code, priced_on)
    except NotFound:
        tariff = None
    bills = []
    for period, bill_type, kwh, corrected_period, tou_kwh, lines in rows:
        if bill_type == BillType.ADJUSTMENT:
            if corrected_period is not None:
                bills.append(BillUsage(corrected_period, int(kwh), adjustment=True))
            continue
        prior = int(json.loads(lines).get("prior_year_kwh", 0)) if lines else 0
        bills.append(BillUsage(period, int(kwh), prior_year_kwh=prior, period_kwh=_period_kwh(tou_kwh)))
    found = customer_insights(
        bills,
        tariff,
        year,
        rules or UsageAlertRules(),
        through=through,
        connected=local_day(created_at),
    )
    return CustomerInsights(
        customer_id=customer_id,
        on_date=on_date,
        year=year,
        through=through,
        tariff_code=code,
        tier=found.tier,
        alert=found.alert,
        tou=found.tou,
    )
