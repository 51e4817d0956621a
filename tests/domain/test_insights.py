"""Customer insights (docs/rules.md#customer-insights): tier progress, abnormal usage, the TOU shift.

Worked by hand against the shipped catalogue (Zhejiang: annual ladder 2,760 / 4,800 kWh; RES-TOU
峰 0.568 / 谷 0.288; GCI-TOU 尖峰 1.3152, 峰 1.0960, 谷 0.2740).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from app.domain.insights import (
    MIN_AVERAGE_MONTHS,
    BillUsage,
    UsageAlertRules,
    customer_insights,
    monthly_usage,
    tier_progress,
    tou_shift,
    usage_alert,
)
from app.domain.tariffs.catalogue import load_default_catalogue

D = Decimal
CATALOGUE = {t.code: t for t in load_default_catalogue()}
RES_TIER = CATALOGUE["RES-TIER"]
RES_TOU = CATALOGUE["RES-TOU"]
GCI_TOU = CATALOGUE["GCI-TOU"]
GCI_FLAT = CATALOGUE["GCI-FLAT"]
RULES = UsageAlertRules()


def months(year: int, kwh: list[int], first_month: int = 1) -> list[BillUsage]:
    return [BillUsage(f"{year:04d}-{first_month + i:02d}", k) for i, k in enumerate(kwh)]


# ---- tier progress --------------------------------------------------------------------------------


def test_rule_tier_progress_counts_the_years_bills_against_the_thresholds_in_force() -> None:
    bills = months(2026, [260] * 10)  # 2,600 kWh by October
    progress = tier_progress(bills, RES_TIER, 2026)
    assert progress is not None
    assert (progress.used_kwh, progress.tier, progress.tier_name) == (2600, 1, "第一档")
    assert progress.bounds == (D(2760), D(4800))
    assert (progress.upper, progress.left_kwh) == (D(2760), D(160))


def test_rule_tier_progress_the_threshold_itself_is_still_the_lower_tier() -> None:
    at = tier_progress([BillUsage("2026-05", 2760)], RES_TIER, 2026)
    over = tier_progress([BillUsage("2026-05", 2761)], RES_TIER, 2026)
    top = tier_progress([BillUsage("2026-05", 4801)], RES_TIER, 2026)
    assert at is not None and (at.tier, at.left_kwh) == (1, D(0))
    assert over is not None and (over.tier, over.upper, over.left_kwh) == (2, D(4800), D(2039))
    assert top is not None and (top.tier, top.upper, top.left_kwh, top.top) == (3, None, None, True)


def test_rule_tier_progress_year_boundary_counts_only_the_years_periods() -> None:
    """On 10 January 2026 with bills through December 2025, 2026 has used nothing yet."""
    bills = months(2025, [300] * 12)
    progress = tier_progress(bills, RES_TIER, 2026)
    assert progress is not None and (progress.used_kwh, progress.tier, progress.left_kwh) == (0, 1, D(2760))
    last_year = tier_progress(bills, RES_TIER, 2025)
    assert last_year is not None and (last_year.used_kwh, last_year.tier) == (3600, 2)


def test_rule_tier_progress_a_split_bill_counts_its_first_part_toward_the_previous_year() -> None:
    """R21: 100 of the January bill's 400 kWh were priced on 2025's ladder."""
    bills = [*months(2025, [200] * 12), BillUsage("2026-01", 400, prior_year_kwh=100)]
    p2026 = tier_progress(bills, RES_TIER, 2026)
    p2025 = tier_progress(bills, RES_TIER, 2025)
    assert p2026 is not None and p2026.used_kwh == 300
    assert p2025 is not None and p2025.used_kwh == 2500
    # as of December (a statement of the December bill) the January part is not there yet
    dec = tier_progress(bills, RES_TIER, 2025, through="2025-12")
    assert dec is not None and dec.used_kwh == 2400


def test_rule_tier_progress_adjustments_count_toward_the_year_of_the_bill_they_correct() -> None:
    """R18a: an adjustment issued in January for a December bill counts toward December's year."""
    bills = [
        *months(2025, [250] * 12),
        BillUsage("2025-12", -50, adjustment=True),
        BillUsage("2026-01", 300),
        BillUsage("2026-01", 20, adjustment=True),
    ]
    p2025 = tier_progress(bills, RES_TIER, 2025)
    p2026 = tier_progress(bills, RES_TIER, 2026)
    assert p2025 is not None and p2025.used_kwh == 2950
    assert p2026 is not None and p2026.used_kwh == 320


def test_rule_tier_progress_missing_months_and_zero_usage() -> None:
    bills = [BillUsage("2026-01", 0), BillUsage("2026-04", 500), BillUsage("2026-09", 0)]
    progress = tier_progress(bills, RES_TIER, 2026)
    assert progress is not None and (progress.used_kwh, progress.tier, progress.left_kwh) == (500, 1, D(2260))
    none = tier_progress([], RES_TIER, 2026)
    assert none is not None and (none.used_kwh, none.tier) == (0, 1)


def test_rule_tier_progress_first_year_prorating_follows_the_version() -> None:
    """R18c: connected in August → 5 months → 1,150 / 2,000 kWh; later years 12 months."""
    prorating = dataclasses.replace(RES_TIER, prorate_first_year=True)
    bills = [BillUsage("2026-08", 600), BillUsage("2026-09", 700)]
    progress = tier_progress(bills, prorating, 2026, connected=dt.date(2026, 8, 3))
    assert progress is not None
    assert progress.bounds == (D(1150), D(2000)) and progress.supply_months == 5
    assert (progress.used_kwh, progress.tier, progress.left_kwh) == (1300, 2, D(700))
    later = tier_progress(bills, prorating, 2027, connected=dt.date(2026, 8, 3))
    assert later is not None and later.bounds == (D(2760), D(4800))
    plain = tier_progress(bills, RES_TIER, 2026, connected=dt.date(2026, 8, 3))
    assert plain is not None and plain.bounds == (D(2760), D(4800))


def test_rule_tier_progress_tou_tariffs_progress_through_their_markup_ladder() -> None:
    progress = tier_progress(months(2026, [300] * 10), RES_TOU, 2026)
    assert progress is not None and (progress.used_kwh, progress.tier, progress.left_kwh) == (
        3000,
        2,
        D(1800),
    )


def test_rule_tier_progress_none_for_flat_tou_without_ladder_and_monthly_ladders() -> None:
    bills = months(2026, [300] * 3)
    assert tier_progress(bills, GCI_FLAT, 2026) is None
    assert tier_progress(bills, GCI_TOU, 2026) is None
    assert tier_progress(bills, None, 2026) is None
    assert RES_TIER.tiers is not None
    monthly = dataclasses.replace(RES_TIER, tiers=dataclasses.replace(RES_TIER.tiers, basis="monthly"))
    assert tier_progress(bills, monthly, 2026) is None


# ---- abnormal usage -------------------------------------------------------------------------------


def test_rule_abnormal_usage_a_rise_against_last_year_and_the_average() -> None:
    """July 2026 820 kWh; July 2025 400 kWh (+105 %); the 12 months before average 410 (+100 %)."""
    bills = [*months(2025, [410] * 12, 1), *months(2026, [410] * 6), BillUsage("2026-07", 820)]
    bills[6] = BillUsage("2025-07", 400)  # last July
    alert = usage_alert(bills, RULES)
    assert alert is not None and alert.abnormal and alert.direction == "rise"
    assert (alert.period, alert.kwh) == ("2026-07", 820)
    last_year, average = alert.comparisons
    assert (last_year.basis, last_year.baseline_kwh, last_year.change_percent) == (
        "last_year",
        D(400),
        D(105),
    )
    assert average.basis == "average" and average.months == 12
    assert average.baseline_kwh == D(4910) / 12 and average.change_percent == D(100)  # 820 / 409.17 − 1
    assert last_year.flagged and average.flagged


def test_rule_abnormal_usage_thresholds_are_inclusive_and_configurable() -> None:
    history = months(2025, [200] * 12)
    just = usage_alert([*history, BillUsage("2026-01", 300)], RULES)  # +50 % exactly
    under = usage_alert([*history, BillUsage("2026-01", 299)], RULES)
    assert just is not None and just.abnormal
    assert under is not None and not under.abnormal
    strict = UsageAlertRules(rise_percent=100, drop_percent=30, min_kwh=50)
    assert not usage_alert([*history, BillUsage("2026-01", 300)], strict).abnormal  # type: ignore[union-attr]
    drop = usage_alert([*history, BillUsage("2026-01", 140)], strict)
    assert drop is not None and drop.direction == "drop" and drop.comparisons[0].change_percent == D(-30)


def test_rule_abnormal_usage_zero_usage_is_a_drop_and_tiny_users_do_not_flag() -> None:
    history = months(2025, [300] * 12)
    zero = usage_alert([*history, BillUsage("2026-01", 0)], RULES)
    assert zero is not None and zero.direction == "drop" and zero.comparisons[0].change_percent == D(-100)
    tiny = usage_alert([*months(2025, [10] * 12), BillUsage("2026-01", 40)], RULES)  # +300 %, under 50 kWh
    assert tiny is not None and not tiny.abnormal and tiny.comparisons[0].change_percent == D(300)
    from_nothing = usage_alert([*months(2025, [0] * 12), BillUsage("2026-01", 80)], RULES)
    assert from_nothing is not None and from_nothing.direction == "rise"
    assert from_nothing.comparisons[0].change_percent is None  # no percentage of 0
    all_zero = usage_alert([*months(2025, [0] * 12), BillUsage("2026-01", 0)], RULES)
    assert all_zero is not None and not all_zero.abnormal


def test_rule_abnormal_usage_missing_months_are_unknown_not_zero() -> None:
    """Only January and March 2025 billed before: no average (needs 3 months); last year's
    January compares. A gap does not pull the average down."""
    sparse = [BillUsage("2025-01", 300), BillUsage("2025-03", 300), BillUsage("2026-01", 320)]
    alert = usage_alert(sparse, RULES)
    assert alert is not None and [c.basis for c in alert.comparisons] == ["last_year"]
    gaps = [BillUsage(f"2025-{m:02d}", 300) for m in (3, 6, 9)] + [BillUsage("2026-01", 320)]
    alert = usage_alert(gaps, RULES)
    assert alert is not None and [(c.basis, c.baseline_kwh, c.months) for c in alert.comparisons] == [
        ("average", D(300), MIN_AVERAGE_MONTHS)
    ]
    lone = usage_alert([BillUsage("2026-01", 320)], RULES)
    assert lone is not None and lone.comparisons == () and not lone.abnormal
    assert usage_alert([], RULES) is None


def test_rule_abnormal_usage_compares_the_month_with_its_adjustments_across_the_year_boundary() -> None:
    """The newest month is December 2025 corrected by −300 kWh in January: 100 kWh against last
    December's 400 (a drop), and a January statement as of December sees the same."""
    bills = [
        *months(2024, [400] * 12),
        *months(2025, [400] * 11),
        BillUsage("2025-12", 400),
        BillUsage("2025-12", -300, adjustment=True),
    ]
    assert monthly_usage(bills)["2025-12"] == 100
    alert = usage_alert(bills, RULES)
    assert alert is not None and alert.period == "2025-12" and alert.kwh == 100 and alert.direction == "drop"
    older = usage_alert([*bills, BillUsage("2026-01", 400)], RULES, through="2025-12")
    assert older == alert


# ---- TOU: the peak share and the saving of moving 10 % to the valley ------------------------------


def tou(period: str, **kwh: int) -> BillUsage:
    return BillUsage(period, sum(kwh.values()), period_kwh=tuple(kwh.items()))


def test_rule_tou_shift_peak_share_and_saving_at_the_prices_in_force() -> None:
    """RES-TOU, 12 months of 峰 190 / 谷 310: share 190/500 = 38 %; moving 19 kWh a month saves
    19 × (0.568 − 0.288) = 5.32 yuan a month."""
    bills = [tou(f"2025-{m:02d}", peak=190, valley=310) for m in range(1, 13)]
    shift = tou_shift(bills, RES_TOU)
    assert shift is not None
    assert (shift.months, shift.total_kwh, shift.peak_kwh, shift.share_percent) == (12, 6000, 2280, D(38))
    assert shift.saving == D("5.32")


def test_rule_tou_shift_counts_critical_peak_and_rounds_once_at_the_end() -> None:
    """GCI-TOU, 3 months: 尖峰 10+11+12 = 33, 峰 100+101+103 = 304 kWh. Exact: 0.1 × (33 × 1.0412
    + 304 × 0.8220) = 28.42476 over 3 months = 9.47492 → 9.47. Rounding each month first would
    give (9.26 + 9.45 + 9.72) / 3 = 9.4767 → 9.48."""
    bills = [
        tou("2026-01", critical_peak=10, peak=100, flat=200, valley=90),
        tou("2026-02", critical_peak=11, peak=101, flat=200, valley=88),
        tou("2026-03", critical_peak=12, peak=103, flat=200, valley=85),
    ]
    shift = tou_shift(bills, GCI_TOU)
    assert shift is not None
    assert (shift.peak_kwh, shift.total_kwh) == (337, 1200)
    assert shift.saving == D("9.47")
    assert shift.share_percent == D(28)  # 28.08 %


def test_rule_tou_shift_takes_the_newest_twelve_months_and_skips_months_without_registers() -> None:
    old = [tou(f"2024-{m:02d}", peak=1000, valley=0) for m in range(1, 13)]
    recent = [tou(f"2025-{m:02d}", peak=100, valley=100) for m in range(1, 13)]
    plain = [BillUsage("2026-01", 400)]  # an imported bill without registers
    shift = tou_shift([*old, *recent, *plain], RES_TOU)
    assert shift is not None and shift.months == 12 and shift.share_percent == D(50)
    as_of = tou_shift([*old, *recent], RES_TOU, through="2024-12")
    assert as_of is not None and as_of.share_percent == D(100)


def test_rule_tou_shift_none_for_non_tou_tariffs_zero_usage_and_no_valley() -> None:
    bills = [tou("2026-01", peak=100, valley=100)]
    assert tou_shift(bills, RES_TIER) is None
    assert tou_shift(bills, GCI_FLAT) is None
    assert tou_shift(bills, None) is None
    assert tou_shift([tou("2026-01", peak=0, valley=0)], RES_TOU) is None
    assert tou_shift([BillUsage("2026-01", 300)], RES_TOU) is None
    no_valley = dataclasses.replace(
        RES_TOU, period_prices=tuple(p for p in RES_TOU.period_prices if p.period != "valley")
    )
    assert tou_shift(bills, no_valley) is None


def test_rule_customer_insights_puts_the_three_together() -> None:
    bills = [tou(f"2026-{m:02d}", peak=190, valley=310) for m in range(1, 11)]
    found = customer_insights(bills, RES_TOU, 2026, RULES)
    assert found.tier is not None and found.tier.used_kwh == 5000 and found.tier.tier == 3
    assert found.alert is not None and not found.alert.abnormal
    assert found.tou is not None and found.tou.share_percent == D(38)
    flat = customer_insights(months(2026, [100] * 3), GCI_FLAT, 2026, RULES)
    assert flat.tier is None and flat.tou is None and flat.alert is not None
