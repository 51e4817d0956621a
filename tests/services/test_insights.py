"""Customer insights read from real bills (docs/rules.md#customer-insights), SQLite and PostgreSQL.

Readings are billed by the bill run, so the tier figures can be checked against what the engine
itself stored on each bill (``ytd_before_kwh``): the insights and the bills must agree.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.insights import UsageAlertRules
from app.services import adjustments, bill_run, customers, readings
from app.services.insights import alert_rules, insights_of_customer
from db.models import Bill

D = Decimal


def _bill(db, actor, settings, account_no: str, period: str, reading: int, kwh: int, **tou: int) -> None:  # type: ignore[no-untyped-def]
    read_on = dt.date(int(period[:4]), int(period[5:7]), 25)
    header, extra = "户号,抄表日期,上次示数,本次示数", ""
    if tou:
        header += "," + ",".join(tou)
        extra = "," + ",".join(str(v) for v in tou.values())
    csv = f"{header}\n{account_no},{read_on.isoformat()},{reading},{reading + kwh}{extra}\n".encode()
    report = readings.import_readings_csv(db, actor, csv, period, settings=settings)
    assert report.ok, report.errors
    assert bill_run.compute_bills(db, actor, period, issue_date=read_on + dt.timedelta(days=3)).bills == 1


def test_insights_of_a_tiered_customer_agree_with_the_bills(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    c = customers.register_customer(db, supervisor, customers.RegisterCustomer(customer_form()))
    usage = [300] * 12 + [300, 300, 300, 300, 300, 300, 300, 300, 1100]  # 2025, then 2026 to September
    reading = 1000
    periods = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 10)]
    for period, kwh in zip(periods, usage, strict=True):
        _bill(db, supervisor, settings, c.account_no, period, reading, kwh)
        reading += kwh
    found = insights_of_customer(db, supervisor, c.id, dt.date(2026, 10, 8))
    assert found.year == 2026 and found.tariff_code == "RES-TIER"
    tier = found.tier
    assert tier is not None and (tier.used_kwh, tier.tier, tier.upper, tier.left_kwh) == (
        3500,
        2,
        D(4800),
        D(1300),
    )
    # the engine's own year-to-date on the newest bill + its kWh is the same figure
    with db.read() as s:
        newest = s.scalars(select(Bill).where(Bill.customer_id == c.id, Bill.period == "2026-09")).one()
        assert int(D(json.loads(newest.lines)["ytd_before_kwh"])) + newest.kwh == tier.used_kwh
    alert = found.alert
    assert alert is not None and alert.period == "2026-09" and alert.kwh == 1100 and alert.direction == "rise"
    assert [c.change_percent for c in alert.comparisons] == [D(267), D(267)]
    assert found.tou is None

    # as of a statement of the June bill: 6 × 300 kWh, no alert for June
    june = insights_of_customer(db, supervisor, c.id, dt.date(2026, 10, 8), through="2026-06")
    assert june.tier is not None and (june.tier.used_kwh, june.tier.tier, june.tier.left_kwh) == (
        1800,
        1,
        D(960),
    )
    assert june.alert is not None and june.alert.period == "2026-06" and not june.alert.abnormal

    # a credit adjustment of the September bill moves both the tier total and the alert (R18a, R19)
    adjustments.issue_adjustment(
        db,
        supervisor,
        adjustments.IssueAdjustment(newest.id, -40000, -800, "抄表错误，更正电量"),
        on_date=dt.date(2026, 10, 8),
    )
    after = insights_of_customer(db, supervisor, c.id, dt.date(2026, 10, 8))
    assert after.tier is not None and after.tier.used_kwh == 2700 and after.tier.tier == 1
    assert after.alert is not None and after.alert.kwh == 300 and not after.alert.abnormal

    # thresholds are this PC's settings
    assert alert_rules(settings) == UsageAlertRules(50, 50, 50)


def test_insights_of_a_tou_customer_read_the_registers(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    c = customers.register_customer(
        db, supervisor, customers.RegisterCustomer(customer_form(tariff_code="RES-TOU"))
    )
    reading = 0
    for m in range(1, 13):
        _bill(db, supervisor, settings, c.account_no, f"2025-{m:02d}", reading, 500, 峰=190, 谷=310)
        reading += 500
    found = insights_of_customer(db, supervisor, c.id, dt.date(2025, 12, 30))
    assert found.tou is not None
    assert (found.tou.months, found.tou.share_percent, found.tou.saving) == (12, D(38), D("5.32"))
    assert found.tier is not None and (found.tier.used_kwh, found.tier.tier) == (6000, 3)
    # a year with no bill yet: nothing used, the TOU hint still from the last 12 months
    january = insights_of_customer(db, supervisor, c.id, dt.date(2026, 1, 10))
    assert january.tier is not None and (january.tier.year, january.tier.used_kwh) == (2026, 0)
    assert january.tou == found.tou


def test_insights_of_a_customer_without_bills(db, supervisor, customer_form):  # type: ignore[no-untyped-def]
    c = customers.register_customer(db, supervisor, customers.RegisterCustomer(customer_form()))
    found = insights_of_customer(db, supervisor, c.id, dt.date(2026, 3, 1))
    assert found.tier is not None and found.tier.used_kwh == 0 and found.alert is None and found.tou is None


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_insights_cost_little_next_to_the_customer_view(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """A smoke figure, not the benchmark: 24 bills, the read stays well under the view's 50 ms."""
    c = customers.register_customer(db, supervisor, customers.RegisterCustomer(customer_form()))
    reading = 0
    for i in range(24):
        period = f"{2024 + i // 12}-{i % 12 + 1:02d}"
        _bill(db, supervisor, settings, c.account_no, period, reading, 250)
        reading += 250
    insights_of_customer(db, supervisor, c.id, dt.date(2025, 12, 30))  # warm: parse the versions once
    times = []
    for _ in range(30):
        start = time.perf_counter()
        insights_of_customer(db, supervisor, c.id, dt.date(2025, 12, 30))
        times.append(time.perf_counter() - start)
    assert sorted(times)[int(len(times) * 0.95) - 1] < 0.05
