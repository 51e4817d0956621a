"""Customer insights at the counter (客户用电提示): where the customer stands on this year's tiers,
whether the newest month's usage is abnormal, and for time-of-use customers what moving some peak
use to the valley would save (issue 10 item 9; docs/rules.md#customer-insights).

Pure: the bills come in as :class:`BillUsage` (what the service read of them), the tariff as the
version in force; nothing here touches the database. Every figure is exact (Decimal) until the one
rounding point each rule names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from app.domain.codes import TariffKind
from app.domain.money import round_half_up
from app.domain.tariffs.ladder import TierSchedule, scaled
from app.domain.tariffs.pricing import supply_months
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.terms import TIER_NAMES

__all__ = [
    "AVERAGE",
    "DROP",
    "LAST_YEAR",
    "RISE",
    "MIN_AVERAGE_MONTHS",
    "PEAK_PERIODS",
    "SHIFT_SHARE",
    "TOU_WINDOW_MONTHS",
    "BillUsage",
    "Insights",
    "TierProgress",
    "TouShift",
    "UsageAlert",
    "UsageAlertRules",
    "UsageComparison",
    "customer_insights",
    "monthly_usage",
    "month_before",
    "tier_ladder",
    "tier_progress",
    "tou_shift",
    "usage_alert",
]

#: the trailing average needs at least this many billed months among the 12 before
MIN_AVERAGE_MONTHS = 3
#: the periods counted as peak use (尖峰 and 峰)
PEAK_PERIODS = ("critical_peak", "peak")
#: the share of peak kWh the TOU hint moves to the valley
SHIFT_SHARE = Decimal("0.10")
#: the TOU share and saving are taken over the newest this many billed months
TOU_WINDOW_MONTHS = 12

RISE, DROP = "rise", "drop"
LAST_YEAR, AVERAGE = "last_year", "average"


def month_before(period: str, months: int) -> str:
    """The period ``months`` months before ``period`` (YYYY-MM)."""
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class BillUsage:
    """What the insights need of one bill.

    ``period``: a regular bill's own period; for an adjustment (退补) the period of the bill it
    corrects (R18a: its kWh count there). ``prior_year_kwh``: the part of a regular bill counted
    toward the previous year's tiers (a reading period split at a 1 January price change, R21).
    ``period_kwh``: kWh per TOU period of a regular bill whose meter registers them."""

    period: str
    kwh: int
    adjustment: bool = False
    prior_year_kwh: int = 0
    period_kwh: tuple[tuple[str, int], ...] = ()


# ---- monthly usage ------------------------------------------------------------------------------


def monthly_usage(bills: Iterable[BillUsage]) -> dict[str, int]:
    """kWh per month that has a regular bill: the bills of the month plus the adjustments that
    correct them (either sign, never below 0) — the same figures as the usage chart. A month
    without a regular bill is absent (unknown), not 0."""
    bills = list(bills)
    kwh: dict[str, int] = {}
    for b in bills:
        if not b.adjustment:
            kwh[b.period] = kwh.get(b.period, 0) + b.kwh
    for b in bills:
        if b.adjustment and b.period in kwh:
            kwh[b.period] = max(0, kwh[b.period] + b.kwh)
    return kwh


# ---- tier progress ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TierProgress:
    """Where the customer stands on the year's annual ladder.

    ``bounds`` are the upper thresholds in force (pro-rated in a first year when the version
    says so); ``tier`` is 1-based; ``upper`` the current tier's upper threshold and ``left_kwh``
    what is left to the next tier (both None in the top tier)."""

    year: int
    used_kwh: int
    bounds: tuple[Decimal, ...]
    tier: int
    upper: Decimal | None
    left_kwh: Decimal | None
    supply_months: int = 12

    @property
    def tier_name(self) -> str:
        return TIER_NAMES[self.tier - 1]

    @property
    def top(self) -> bool:
        return self.upper is None


def tier_ladder(tariff: Tariff | None) -> TierSchedule | None:
    """The annual ladder of a version: a tiered tariff's tiers or a TOU tariff's markups (阶梯加价);
    None for a flat tariff or a monthly ladder (no year to progress through)."""
    if tariff is None:
        return None
    ladder = tariff.tiers if tariff.kind == TariffKind.TIERED else tariff.tier_markups
    return ladder if ladder is not None and ladder.basis == "annual" else None


def year_used_kwh(bills: Iterable[BillUsage], year: int, through: str | None = None) -> int:
    """kWh counted toward ``year``'s tiers (R18a, R21): the regular bills of the year's periods
    and the adjustments of them, less the part of a bill counted toward the previous year, plus
    the part of the next year's bills counted toward this one. Only bills up to ``through``
    (a period) count when given."""
    used = 0
    prefix, next_prefix = f"{year:04d}-", f"{year + 1:04d}-"
    for b in bills:
        if through is not None and b.period > through:
            continue
        if b.period.startswith(prefix):
            used += b.kwh - (0 if b.adjustment else b.prior_year_kwh)
        elif b.period.startswith(next_prefix) and not b.adjustment:
            used += b.prior_year_kwh
    return max(used, 0)


def tier_progress(
    bills: Iterable[BillUsage],
    tariff: Tariff | None,
    year: int,
    *,
    through: str | None = None,
    connected: dt.date | None = None,
) -> TierProgress | None:
    """The year's progress through the annual ladder of ``tariff`` (None without one).

    The tier holds its upper threshold (the ladder's bands are inclusive): 2,760 kWh used is still
    第一档 with 0 left; the next kWh is 第二档. A version that pro-rates the first year
    (``prorate_first_year``) scales the thresholds by the months of supply in the customer's
    connection year, whole kWh half-up (R18c)."""
    ladder = tier_ladder(tariff)
    if ladder is None or tariff is None:
        return None
    months = supply_months(connected, year) if tariff.prorate_first_year else 12
    share = Decimal(months) / 12 if months < 12 else Decimal(1)
    bounds = tuple(scaled(b.upto_kwh, share) for b in ladder.bands if b.upto_kwh is not None)
    used = year_used_kwh(bills, year, through)
    tier = next((i for i, upper in enumerate(bounds) if used <= upper), len(bounds)) + 1
    upper = bounds[tier - 1] if tier <= len(bounds) else None
    return TierProgress(
        year=year,
        used_kwh=used,
        bounds=bounds,
        tier=tier,
        upper=upper,
        left_kwh=None if upper is None else upper - used,
        supply_months=months,
    )


# ---- abnormal usage -----------------------------------------------------------------------------


@dataclass(frozen=True)
class UsageAlertRules:
    """When a month's usage is abnormal (this PC's settings ``usage_alert_*``, docs/rules.md#customer-insights).

    Rise: kWh ≥ baseline × (1 + rise_percent / 100); drop: kWh ≤ baseline × (1 − drop_percent /
    100); neither when both the month and the baseline are under ``min_kwh``."""

    rise_percent: int = 50
    drop_percent: int = 50
    min_kwh: int = 50


@dataclass(frozen=True)
class UsageComparison:
    """The month against one baseline: same month last year (``last_year``) or the average of
    the billed months among the 12 before it (``average``, over ``months`` months).
    ``change_percent``: whole percent, half-up (None when the baseline is 0)."""

    basis: str
    baseline_kwh: Decimal
    change_percent: Decimal | None
    direction: str | None  # "rise" / "drop" when it crosses a threshold, else None
    months: int = 1

    @property
    def flagged(self) -> bool:
        return self.direction is not None


@dataclass(frozen=True)
class UsageAlert:
    """The newest billed month compared with last year and with the trailing average."""

    period: str
    kwh: int
    comparisons: tuple[UsageComparison, ...]

    @property
    def abnormal(self) -> bool:
        return any(c.flagged for c in self.comparisons)

    @property
    def direction(self) -> str | None:
        return next((c.direction for c in self.comparisons if c.flagged), None)


def _compare(
    kwh: int, baseline: Decimal, basis: str, rules: UsageAlertRules, months: int = 1
) -> UsageComparison:
    value = Decimal(kwh)
    change = None if baseline == 0 else round_half_up((value - baseline) * 100 / baseline, Decimal(1))
    direction = None
    if max(value, baseline) >= rules.min_kwh:
        if value >= baseline * (100 + rules.rise_percent) / 100 and value > baseline:
            direction = RISE
        elif value <= baseline * (100 - rules.drop_percent) / 100 and value < baseline:
            direction = DROP
    return UsageComparison(basis, baseline, change, direction, months)


def usage_alert(
    bills: Iterable[BillUsage], rules: UsageAlertRules, *, through: str | None = None
) -> UsageAlert | None:
    """The newest month with a regular bill (up to ``through``) against the same month last year
    (when that month was billed) and against the average of the billed months among the 12 before
    it (when there are at least :data:`MIN_AVERAGE_MONTHS`). Months without a bill are unknown and
    left out, never counted as 0. None without a billed month."""
    usage = {p: k for p, k in monthly_usage(bills).items() if through is None or p <= through}
    if not usage:
        return None
    period = max(usage)
    kwh = usage[period]
    comparisons = []
    last_year = month_before(period, 12)
    if last_year in usage:
        comparisons.append(_compare(kwh, Decimal(usage[last_year]), LAST_YEAR, rules))
    window = [usage[p] for p in (month_before(period, n) for n in range(1, 13)) if p in usage]
    if len(window) >= MIN_AVERAGE_MONTHS:
        average = Decimal(sum(window)) / len(window)
        comparisons.append(_compare(kwh, average, AVERAGE, rules, len(window)))
    return UsageAlert(period, kwh, tuple(comparisons))


# ---- time of use: peak share and the saving of a shift to the valley -----------------------------


@dataclass(frozen=True)
class TouShift:
    """Peak use (尖峰 + 峰) over the newest billed months with TOU registers, and what moving
    :data:`SHIFT_SHARE` of it to the valley would save a month at the prices in force.
    ``saving`` is yuan, rounded half-up to the fen once (the monthly average)."""

    months: int
    total_kwh: int
    peak_kwh: int
    saving: Decimal

    @property
    def share(self) -> Decimal:
        return Decimal(self.peak_kwh) / self.total_kwh

    @property
    def share_percent(self) -> Decimal:
        """The peak share in whole percent, half-up."""
        return round_half_up(self.share * 100, Decimal(1))


def tou_shift(
    bills: Iterable[BillUsage], tariff: Tariff | None, *, through: str | None = None
) -> TouShift | None:
    """The peak share and the monthly saving of moving 10 % of the peak kWh to the valley (None
    for a non-TOU tariff, a tariff without a valley price, or no billed month with registers).

    Over the newest :data:`TOU_WINDOW_MONTHS` months (up to ``through``) whose regular bills carry
    per-period kWh: share = (尖峰 + 峰 kWh) / all their kWh; saving a month = Σ over 尖峰 and 峰 of
    10 % × kWh × (period price − 谷 price) / months, rounded half-up to the fen. The tier markups
    do not change (the year's kWh stay the same)."""
    if tariff is None or tariff.kind != TariffKind.TOU:
        return None
    prices: Mapping[str, Decimal] = tariff.prices
    if "valley" not in prices:
        return None
    by_month: dict[str, dict[str, int]] = {}
    for b in bills:
        if b.adjustment or not b.period_kwh or (through is not None and b.period > through):
            continue
        month = by_month.setdefault(b.period, {})
        for period, kwh in b.period_kwh:
            month[period] = month.get(period, 0) + kwh
    chosen = sorted(by_month)[-TOU_WINDOW_MONTHS:]
    totals: dict[str, int] = {}
    for p in chosen:
        for period, kwh in by_month[p].items():
            totals[period] = totals.get(period, 0) + kwh
    total = sum(totals.values())
    if not chosen or total <= 0:
        return None
    peak = sum(totals.get(p, 0) for p in PEAK_PERIODS)
    exact = sum(
        (
            SHIFT_SHARE * totals.get(p, 0) * (prices[p] - prices["valley"])
            for p in PEAK_PERIODS
            if p in prices
        ),
        Decimal(0),
    )
    return TouShift(len(chosen), total, peak, round_half_up(exact / len(chosen)))


# ---- everything at once -------------------------------------------------------------------------


@dataclass(frozen=True)
class Insights:
    tier: TierProgress | None
    alert: UsageAlert | None
    tou: TouShift | None


def customer_insights(
    bills: Iterable[BillUsage],
    tariff: Tariff | None,
    year: int,
    rules: UsageAlertRules,
    *,
    through: str | None = None,
    connected: dt.date | None = None,
) -> Insights:
    """The three insights of one customer (``through``: as of that period, for a bill statement)."""
    bills = list(bills)
    return Insights(
        tier=tier_progress(bills, tariff, year, through=through, connected=connected),
        alert=usage_alert(bills, rules, through=through),
        tou=tou_shift(bills, tariff, through=through),
    )
