"""Tariff data and the bill engine (docs/rules.md#tariffs; issue #3 "tariff engine against worked examples").

Every worked example is computed by hand in its docstring or comment: kWh × price, each line
rounded half-up to the fen, total = sum of the lines.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.customers import DEFAULT_TARIFF
from app.domain.errors import NotFound, RuleViolation, ValidationError
from app.domain.tariffs.catalogue import (
    load_catalogue,
    load_default_catalogue,
    parse_catalogue,
    select_tariff,
)
from app.domain.tariffs.engine import BillContext, compute_bill
from app.domain.tariffs.policy import tariff_warnings
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.tou import day_bands, period_at, usage_from_intervals
from app.domain.tariffs.usage import Usage

D = Decimal
CATALOGUE = {t.code: t for t in load_default_catalogue()}
RES_TIER = CATALOGUE["RES-TIER"]
RES_TOU = CATALOGUE["RES-TOU"]
GCI_TOU = CATALOGUE["GCI-TOU"]
LI_TOU = CATALOGUE["LI-TOU"]
DAY = dt.date(2024, 6, 30)


def ctx(**kwargs: Any) -> BillContext:
    kwargs.setdefault("bill_date", DAY)
    return BillContext(**kwargs)


def lines(bill: Any) -> list[tuple[str, Decimal, int]]:
    return [(line.code, line.quantity, line.amount_fen) for line in bill.lines]


def monthly_tiered(**overrides: Any) -> Tariff:
    """A monthly ladder (月阶梯) 0–230 / 231–400 / >400 at the Zhejiang prices."""
    data: dict[str, Any] = {
        "code": "RES-TIER-M",
        "name": "居民月阶梯",
        "kind": "tiered",
        "customer_kinds": ["residential"],
        "effective_from": "2012-07-01",
        "tiers": {
            "basis": "monthly",
            "bands": [
                {"upto_kwh": "230", "price": "0.538"},
                {"upto_kwh": "400", "price": "0.588"},
                {"upto_kwh": None, "price": "0.838"},
            ],
        },
        "low_income_free_kwh": "15",
    }
    data.update(overrides)
    return Tariff.from_dict(data)


# --- default catalogue: the numbers of docs/rules.md#tariffs ---------------------------------------


def test_rule_zhejiang_annual_tiers_2760_and_4800_kwh_at_0538_0588_0838() -> None:
    assert RES_TIER.kind == "tiered"
    assert RES_TIER.tiers is not None and RES_TIER.tiers.basis == "annual"
    assert [(b.upto_kwh, b.price) for b in RES_TIER.tiers.bands] == [
        (D(2760), D("0.538")),
        (D(4800), D("0.588")),
        (None, D("0.838")),
    ]


def test_rule_tier2_at_least_5_fen_and_tier3_about_30_fen_above_tier1_2617() -> None:
    """发改价格〔2011〕2617号: tier 2 at least +¥0.05/kWh, tier 3 about +¥0.30/kWh."""
    assert RES_TIER.tiers is not None
    base, tier2, tier3 = (b.price for b in RES_TIER.tiers.bands)
    assert tier2 - base >= D("0.05")
    assert tier3 - base == D("0.30")
    assert RES_TOU.tier_markups is not None
    assert [b.price for b in RES_TOU.tier_markups.bands] == [D(0), D("0.05"), D("0.30")]


def test_rule_low_income_free_kwh_is_10_to_15_per_month() -> None:
    for tariff in (RES_TIER, RES_TOU):
        assert D(10) <= tariff.low_income_free_kwh <= D(15)
    assert RES_TIER.low_income_free_kwh == D(10)


def test_catalogue_has_every_default_tariff_code_and_the_tou_ones() -> None:
    assert set(DEFAULT_TARIFF.values()) <= set(CATALOGUE)
    assert {"RES-TOU", "GCI-TOU", "LI-TOU", "PUB-FLAT"} <= set(CATALOGUE)
    for kind, code in DEFAULT_TARIFF.items():
        assert kind in CATALOGUE[code].customer_kinds


def test_catalogue_tou_tariffs_have_summer_and_winter_critical_peak_and_holiday_deep_valley() -> None:
    for tariff in (GCI_TOU, LI_TOU):
        months_with_critical = {
            m for s in tariff.schedules for m in s.months if any(b.period == "critical_peak" for b in s.bands)
        }
        assert months_with_critical == {1, 7, 8, 12}
        assert {b.period for b in tariff.holiday_bands} == {"deep_valley"}
    assert RES_TOU.prices == {"peak": D("0.568"), "valley": D("0.288")}


def test_catalogue_passes_the_policy_checks() -> None:
    for tariff in CATALOGUE.values():
        assert tariff_warnings(tariff) == [], tariff.code


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_tariff_round_trips_through_a_json_document(code: str) -> None:
    tariff = CATALOGUE[code]
    text = json.dumps(tariff.to_dict(), ensure_ascii=False)
    assert Tariff.from_dict(json.loads(text)) == tariff


def test_load_catalogue_reads_json_numbers_as_decimal(tmp_path: Path) -> None:
    doc = {"format": "gridcounter.tariffs/1", "tariffs": [monthly_tiered().to_dict()]}
    text = json.dumps(doc).replace('"0.538"', "0.538").replace('"230"', "230")
    path = tmp_path / "cat.json"
    path.write_text(text, encoding="utf-8")
    [tariff] = load_catalogue(path)
    assert tariff.tiers is not None
    assert tariff.tiers.bands[0] == type(tariff.tiers.bands[0])(D(230), D("0.538"))
    assert isinstance(tariff.tiers.bands[0].price, Decimal)


def test_catalogue_rejects_wrong_format_and_duplicate_versions() -> None:
    with pytest.raises(ValidationError, match="格式"):
        parse_catalogue({"format": "other", "tariffs": []})
    one = monthly_tiered().to_dict()
    with pytest.raises(ValidationError, match="两个版本"):
        parse_catalogue({"format": "gridcounter.tariffs/1", "tariffs": [one, one]})


# --- annual tiers ---------------------------------------------------------------------------


def test_annual_tier_first_bill_of_the_year_is_all_tier1() -> None:
    """230 kWh from a year-to-date of 0: 第一档 230 kWh × 0.5380 = 123.74."""
    bill = compute_bill(RES_TIER, Usage.of(230), ctx())
    assert lines(bill) == [("tier1", D(230), 12374)]
    assert bill.lines[0].explanation == "第一档 230 kWh × 0.5380 = 123.74"
    assert bill.total_fen == 12374
    assert bill.year_to_date_after_kwh == D(230)


def test_annual_tier_bill_straddling_tier1_and_tier2() -> None:
    """Year-to-date 2600 kWh, this bill 300 kWh: kWh 2601–2760 are tier 1, 2761–2900 tier 2.

    160 × 0.538 = 86.08; 140 × 0.588 = 82.32; total 168.40.
    """
    bill = compute_bill(RES_TIER, Usage.of(300), ctx(year_to_date_kwh=D(2600)))
    assert lines(bill) == [("tier1", D(160), 8608), ("tier2", D(140), 8232)]
    assert bill.total_fen == 16840
    assert bill.explanation.splitlines() == [
        "第一档 160 kWh × 0.5380 = 86.08",
        "第二档 140 kWh × 0.5880 = 82.32",
        "合计 168.40 元",
    ]


def test_annual_tier_bill_straddling_all_three_tiers() -> None:
    """Year-to-date 2700, this bill 2200 (2701–4900): 60 × 0.538 = 32.28; 2040 × 0.588 = 1199.52;
    100 × 0.838 = 83.80; total 1315.60."""
    bill = compute_bill(RES_TIER, Usage.of(2200), ctx(year_to_date_kwh=D(2700)))
    assert lines(bill) == [("tier1", D(60), 3228), ("tier2", D(2040), 119952), ("tier3", D(100), 8380)]
    assert bill.total_fen == 131560


def test_annual_tier_threshold_kwh_belongs_to_the_lower_tier() -> None:
    """ "≤2760 kWh/yr" is tier 1: the 2760th kWh costs 0.538, the 2761st costs 0.588."""
    assert lines(compute_bill(RES_TIER, Usage.of(1), ctx(year_to_date_kwh=D(2759)))) == [("tier1", D(1), 54)]
    assert lines(compute_bill(RES_TIER, Usage.of(1), ctx(year_to_date_kwh=D(2760)))) == [("tier2", D(1), 59)]
    assert lines(compute_bill(RES_TIER, Usage.of(1), ctx(year_to_date_kwh=D(4800)))) == [("tier3", D(1), 84)]


def test_annual_tier_year_already_in_tier3() -> None:
    bill = compute_bill(RES_TIER, Usage.of(100), ctx(year_to_date_kwh=D(6000)))
    assert lines(bill) == [("tier3", D(100), 8380)]


def test_annual_tier_fractional_kwh() -> None:
    """2759.5 + 1.5 kWh: 0.5 kWh tier 1 (0.269 → 0.27), 1 kWh tier 2 (0.588 → 0.59)."""
    bill = compute_bill(RES_TIER, Usage.of(D("1.5")), ctx(year_to_date_kwh=D("2759.5")))
    assert lines(bill) == [("tier1", D("0.5"), 27), ("tier2", D(1), 59)]
    assert bill.lines[0].explanation == "第一档 0.5 kWh × 0.5380 = 0.27"


@given(st.lists(st.integers(min_value=0, max_value=1500), min_size=1, max_size=12))
def test_annual_tier_kwh_per_tier_do_not_depend_on_how_the_year_is_billed(months: list[int]) -> None:
    """Billing a year month by month (each bill starting at the year-to-date) puts exactly the
    same kWh in each tier as one bill for the whole year."""
    ytd = D(0)
    per_tier: dict[str, Decimal] = {}
    for kwh in months:
        bill = compute_bill(RES_TIER, Usage.of(kwh), ctx(year_to_date_kwh=ytd))
        for line in bill.lines:
            per_tier[line.code] = per_tier.get(line.code, D(0)) + line.quantity
        ytd = bill.year_to_date_after_kwh
    whole = compute_bill(RES_TIER, Usage.of(sum(months)), ctx())
    assert per_tier == {line.code: line.quantity for line in whole.lines}


# --- monthly tiers --------------------------------------------------------------------------


def test_monthly_tier_bill_uses_only_this_months_kwh() -> None:
    """450 kWh on a 230/400 monthly ladder (the year-to-date is irrelevant):
    230 × 0.538 = 123.74; 170 × 0.588 = 99.96; 50 × 0.838 = 41.90; total 265.60."""
    bill = compute_bill(monthly_tiered(), Usage.of(450), ctx(year_to_date_kwh=D(5000)))
    assert lines(bill) == [("tier1", D(230), 12374), ("tier2", D(170), 9996), ("tier3", D(50), 4190)]
    assert bill.total_fen == 26560


def test_monthly_tier_thresholds_scale_with_the_months_a_bill_covers() -> None:
    """A bimonthly bill (months=2) has thresholds 460/800: 500 kWh → 460 × 0.538 = 247.48;
    40 × 0.588 = 23.52; total 271.00."""
    bill = compute_bill(monthly_tiered(), Usage.of(500), ctx(months=2))
    assert lines(bill) == [("tier1", D(460), 24748), ("tier2", D(40), 2352)]
    assert bill.total_fen == 27100


# --- low-income free kWh --------------------------------------------------------------------


def test_low_income_free_kwh_come_off_before_the_tiers() -> None:
    """低保户, 100 kWh, free 10: 10 kWh free (shown, 0.00), 90 × 0.538 = 48.42."""
    bill = compute_bill(RES_TIER, Usage.of(100), ctx(low_income=True))
    assert lines(bill) == [("free", D(10), 0), ("tier1", D(90), 4842)]
    # issue 6 item 25: the explanation says which kWh the allowance took, and their worth
    assert bill.lines[0].explanation == "低保/五保免费电量 10 kWh，从第一档（10 kWh × 0.5380 = 5.38 元）扣除，免收 = 0.00"
    assert bill.total_fen == 4842
    assert bill.year_to_date_after_kwh == D(100)  # free kWh are still metered usage


def test_low_income_free_kwh_are_the_first_kwh_of_the_bill_on_the_ladder() -> None:
    """Year-to-date 2755, 20 kWh: the free 10 are kWh 2756–2765, so the billed 10 (2766–2775)
    are all tier 2: 10 × 0.588 = 5.88."""
    bill = compute_bill(RES_TIER, Usage.of(20), ctx(year_to_date_kwh=D(2755), low_income=True))
    assert lines(bill) == [("free", D(10), 0), ("tier2", D(10), 588)]


def test_low_income_free_kwh_never_exceed_the_usage() -> None:
    bill = compute_bill(RES_TIER, Usage.of(6), ctx(low_income=True))
    assert lines(bill) == [("free", D(6), 0)]
    assert bill.total_fen == 0


def test_low_income_free_kwh_per_month_times_months_on_a_monthly_ladder() -> None:
    """Free 15 kWh/month, bimonthly: 30 free; 300 − 30 = 270 kWh, all within 460: 270 × 0.538
    = 145.26."""
    bill = compute_bill(monthly_tiered(), Usage.of(300), ctx(low_income=True, months=2))
    assert lines(bill) == [("free", D(30), 0), ("tier1", D(270), 14526)]


def test_no_free_kwh_without_the_low_income_flag() -> None:
    assert lines(compute_bill(RES_TIER, Usage.of(100), ctx())) == [("tier1", D(100), 5380)]


def test_low_income_on_a_flat_tariff() -> None:
    flat = Tariff.from_dict(
        {**CATALOGUE["AGR-FLAT"].to_dict(), "code": "X-FLAT", "low_income_free_kwh": "10", "price": "0.5"}
    )
    bill = compute_bill(flat, Usage.of(50), ctx(low_income=True))
    assert lines(bill) == [("free", D(10), 0), ("energy", D(40), 2000)]


# --- time of use ----------------------------------------------------------------------------


def test_tou_bill_prices_each_period_register() -> None:
    """一般工商业分时: 尖峰 200 × 1.3152 = 263.04; 峰 1000 × 1.0960 = 1096.00;
    平 500 × 0.6576 = 328.80; 谷 800 × 0.2740 = 219.20; total 1907.04."""
    usage = Usage.tou({"peak": 1000, "flat": 500, "valley": 800, "critical_peak": 200})
    bill = compute_bill(GCI_TOU, usage, ctx())
    assert lines(bill) == [
        ("critical_peak", D(200), 26304),
        ("peak", D(1000), 109600),
        ("flat", D(500), 32880),
        ("valley", D(800), 21920),
    ]
    assert bill.total_fen == 190704
    assert bill.total_kwh == D(2500)
    assert bill.lines[0].explanation == "尖峰段 200 kWh × 1.3152 = 263.04"


def test_tou_each_line_is_rounded_and_the_total_is_the_sum_of_lines() -> None:
    """Two lines of 0.015 each: rounded per line 0.02 + 0.02 = 0.04 (rounding the exact sum
    0.030 would give 0.03 and the printed lines would not add up)."""
    tariff = Tariff.from_dict(
        {
            **RES_TOU.to_dict(),
            "code": "T",
            "prices": {"peak": "0.0150", "valley": "0.0150"},
            "low_income_free_kwh": None,
            "free_kwh_credit_price": None,
            "tier_markups": None,
        }
    )
    bill = compute_bill(tariff, Usage.tou({"peak": 1, "valley": 1}), ctx())
    assert [line.amount_fen for line in bill.lines] == [2, 2]
    assert bill.total_fen == 4


def test_residential_tou_with_annual_tier_markups() -> None:
    """居民峰谷 + 年阶梯加价: year-to-date 2700, 峰 150 + 谷 50 = 200 kWh (2701–2900):
    峰 150 × 0.568 = 85.20; 谷 50 × 0.288 = 14.40; 140 kWh past 2760 pay the tier-2
    markup 140 × 0.05 = 7.00; total 106.60."""
    bill = compute_bill(RES_TOU, Usage.tou({"peak": 150, "valley": 50}), ctx(year_to_date_kwh=D(2700)))
    assert lines(bill) == [("peak", D(150), 8520), ("valley", D(50), 1440), ("markup2", D(140), 700)]
    assert bill.total_fen == 10660
    assert bill.lines[2].explanation == "第二档加价 140 kWh × 0.0500 = 7.00"


def test_residential_tou_low_income_free_kwh_credited_at_tier1_price() -> None:
    """峰 60 × 0.568 = 34.08; 谷 40 × 0.288 = 11.52; free 10 kWh credited at 0.538 = −5.38;
    total 40.22."""
    bill = compute_bill(RES_TOU, Usage.tou({"peak": 60, "valley": 40}), ctx(low_income=True))
    assert lines(bill) == [("peak", D(60), 3408), ("valley", D(40), 1152), ("free_credit", D(10), -538)]
    assert bill.total_fen == 4022
    assert bill.lines[-1].explanation == "低保/五保免费电量抵扣 10 kWh × 0.5380 = -5.38"


def test_residential_tou_free_credit_never_makes_a_bill_negative() -> None:
    """5 kWh of valley: 5 × 0.288 = 1.44; the credit (5 × 0.538 = 2.69) is capped at 1.44."""
    bill = compute_bill(RES_TOU, Usage.tou({"valley": 5}), ctx(low_income=True))
    assert lines(bill) == [("valley", D(5), 144), ("free_credit", D(5), -144)]
    assert bill.total_fen == 0
    assert "以本期电费为限" in bill.lines[-1].explanation


def test_tou_period_table_by_month() -> None:
    summer, winter, spring = dt.date(2024, 7, 15), dt.date(2024, 1, 15), dt.date(2024, 4, 15)
    at = lambda day, h, m=0: period_at(GCI_TOU, dt.datetime.combine(day, dt.time(h, m)))  # noqa: E731
    assert [at(summer, h) for h in (7, 8, 12, 14, 16, 18, 20, 21, 23)] == [
        "valley", "peak", "valley", "flat", "critical_peak", "peak", "critical_peak", "peak", "valley",
    ]  # fmt: skip
    assert [at(winter, h) for h in (9, 10, 14, 18, 19, 21)] == [
        "critical_peak", "critical_peak", "flat", "critical_peak", "critical_peak", "peak",
    ]  # fmt: skip
    assert [at(spring, h) for h in (0, 7, 8, 10, 11, 13, 16, 17, 21, 22)] == [
        "valley", "valley", "peak", "peak", "valley", "flat", "flat", "peak", "peak", "valley",
    ]  # fmt: skip
    assert at(spring, 7, 59) == "valley" and at(spring, 8, 0) == "peak"


def test_tou_holiday_table_puts_midday_in_deep_valley() -> None:
    """On a public holiday (the working-day calendar supplies the dates) 11:00–15:00 is 深谷;
    the rest of the day follows the month's table."""
    national_day = dt.date(2024, 10, 1)
    holidays = {national_day}

    def at(day: dt.date, h: int) -> str:
        return period_at(GCI_TOU, dt.datetime.combine(day, dt.time(h)), holidays)

    assert [at(national_day, h) for h in (9, 11, 12, 14, 15, 18)] == [
        "peak", "deep_valley", "deep_valley", "deep_valley", "flat", "peak",
    ]  # fmt: skip
    ordinary = dt.date(2024, 10, 9)
    assert [at(ordinary, h) for h in (11, 14)] == ["valley", "flat"]
    new_year = dt.date(2024, 1, 1)  # winter: 09:00–11:00 stays critical peak, 13:00 becomes deep valley
    assert period_at(GCI_TOU, dt.datetime(2024, 1, 1, 10), {new_year}) == "critical_peak"
    assert period_at(GCI_TOU, dt.datetime(2024, 1, 1, 13), {new_year}) == "deep_valley"
    assert [(b.describe(), b.period) for b in day_bands(GCI_TOU, national_day, holidays)] == [
        ("00:00–08:00", "valley"),
        ("08:00–11:00", "peak"),
        ("11:00–15:00", "deep_valley"),
        ("15:00–17:00", "flat"),
        ("17:00–22:00", "peak"),
        ("22:00–24:00", "valley"),
    ]


def test_tou_bill_from_hourly_intervals_on_a_holiday() -> None:
    """1 kWh every hour of National Day: 谷 10, 峰 8, 深谷 4, 平 2. Large-industry prices:
    8 × 0.9630 = 7.70 (7.704); 2 × 0.6018 = 1.20 (1.2036); 10 × 0.2407 = 2.41 (2.407);
    4 × 0.1926 = 0.77 (0.7704); energy 12.08 + 基本电费 1000 kVA × 30 = 30000.00."""
    day = dt.date(2024, 10, 1)
    intervals = [(dt.datetime(2024, 10, 1, h), D(1)) for h in range(24)]
    usage = usage_from_intervals(LI_TOU, intervals, {day})
    assert usage.period_kwh == {"peak": D(8), "flat": D(2), "valley": D(10), "deep_valley": D(4)}
    bill = compute_bill(LI_TOU, usage, ctx(bill_date=dt.date(2024, 10, 31), capacity_kva=D(1000)))
    assert lines(bill) == [
        ("peak", D(8), 770),
        ("flat", D(2), 120),
        ("valley", D(10), 241),
        ("deep_valley", D(4), 77),
        ("capacity", D(1000), 3000000),
    ]
    assert bill.total_fen == 3001208
    assert bill.lines[-1].explanation == "基本电费 1000 kVA·月 × 30.0000 = 30000.00"
    assert bill.lines[-1].kwh == 0 and bill.total_kwh == D(24)


def test_two_part_tariff_needs_the_contracted_capacity() -> None:
    with pytest.raises(ValidationError) as info:
        compute_bill(LI_TOU, Usage.tou({"peak": 1}), ctx())
    assert info.value.field == "capacity_kva"


def test_tou_bill_refuses_readings_without_periods_or_for_unpriced_periods() -> None:
    with pytest.raises(ValidationError, match="各时段电量"):
        compute_bill(GCI_TOU, Usage.of(100), ctx())
    with pytest.raises(ValidationError, match="深谷"):
        compute_bill(RES_TOU, Usage.tou({"peak": 1, "deep_valley": 1}), ctx())
    assert compute_bill(GCI_TOU, Usage.of(0), ctx()).total_fen == 0


def test_rule_peak_valley_ratio_below_3_to_1_is_a_warning_not_an_error() -> None:
    """发改价格〔2021〕1093号: peak:valley ≥ 3:1 for commercial & industrial customers."""
    data = {**GCI_TOU.to_dict(), "prices": {**GCI_TOU.to_dict()["prices"], "valley": "0.4000"}}
    tariff = Tariff.from_dict(data)  # loads: the admin decides
    warnings = tariff_warnings(tariff)
    assert any("峰谷价差比 2.74:1 低于 3:1" in w for w in warnings)
    exactly_3 = Tariff.from_dict(
        {**data, "prices": {**data["prices"], "valley": "0.3653", "deep_valley": "0.3"}}
    )
    assert not any("峰谷" in w for w in tariff_warnings(exactly_3))  # 1.0960 / 0.3653 = 3.0002


def test_rule_critical_peak_below_peak_plus_20_percent_is_a_warning() -> None:
    """1093号: critical peak ≥ peak × 1.2 (1.0960 × 1.2 = 1.3152)."""
    prices = GCI_TOU.to_dict()["prices"]
    low = Tariff.from_dict({**GCI_TOU.to_dict(), "prices": {**prices, "critical_peak": "1.3151"}})
    assert any("尖峰电价 1.3151 低于峰段电价的 1.2 倍" in w for w in tariff_warnings(low))
    assert tariff_warnings(GCI_TOU) == []  # exactly +20% passes


def test_peak_valley_ratio_rule_does_not_apply_to_residential_tou() -> None:
    """1093号 is about commercial & industrial tariffs; Zhejiang's residential 0.568/0.288 is ~2:1."""
    assert tariff_warnings(RES_TOU) == []
    as_commercial = Tariff.from_dict({**RES_TOU.to_dict(), "customer_kinds": ["general_ci"]})
    assert any("峰谷价差比" in w for w in tariff_warnings(as_commercial))


def test_tier_markup_warning_when_tier2_is_less_than_5_fen_above_tier1() -> None:
    tariff = monthly_tiered(
        tiers={
            "basis": "monthly",
            "bands": [{"upto_kwh": 230, "price": "0.538"}, {"upto_kwh": None, "price": "0.558"}],
        }
    )
    assert any("第二档" in w for w in tariff_warnings(tariff))


# --- flat -----------------------------------------------------------------------------------


def test_flat_bill_one_price() -> None:
    """一般工商业单一制 1234 kWh × 0.6644 = 819.8696 → 819.87."""
    bill = compute_bill(CATALOGUE["GCI-FLAT"], Usage.of(1234), ctx())
    assert lines(bill) == [("energy", D(1234), 81987)]
    assert bill.lines[0].explanation == "电度电费 1234 kWh × 0.6644 = 819.87"


def test_flat_bill_rounds_half_up_to_the_fen() -> None:
    """2 kWh × 0.6125 = 1.2250 → 1.23 (half-up; banker's rounding would give 1.22)."""
    tariff = Tariff.from_dict({**CATALOGUE["AGR-FLAT"].to_dict(), "price": "0.6125"})
    assert compute_bill(tariff, Usage.of(2), ctx()).total_fen == 123


def test_zero_usage_gives_an_empty_bill() -> None:
    bill = compute_bill(RES_TIER, Usage.of(0), ctx())
    assert bill.lines == () and bill.total_fen == 0
    assert bill.explanation == "本期无用电\n合计 0.00 元"


@settings(max_examples=200)
@given(
    code=st.sampled_from(sorted(CATALOGUE)),
    kwh=st.lists(st.decimals(min_value=0, max_value=100000, places=2), min_size=5, max_size=5),
    ytd=st.decimals(min_value=0, max_value=20000, places=1),
    low_income=st.booleans(),
    months=st.integers(min_value=1, max_value=2),
)
def test_bill_total_is_the_sum_of_its_lines(
    code: str, kwh: list[Decimal], ytd: Decimal, low_income: bool, months: int
) -> None:
    tariff = CATALOGUE[code]
    if tariff.kind == "tou":
        usage = Usage.tou({p.period: k for p, k in zip(tariff.period_prices, kwh, strict=False)})
    else:
        usage = Usage.of(kwh[0])
    bill = compute_bill(
        tariff, usage, ctx(year_to_date_kwh=ytd, low_income=low_income, months=months, capacity_kva=D(400))
    )
    assert bill.total_fen == sum(line.amount_fen for line in bill.lines)
    assert bill.total_fen >= 0
    for line in bill.lines:
        assert line.explanation.endswith(f"{abs(line.amount_fen) // 100}.{abs(line.amount_fen) % 100:02d}")
    if tariff.kind != "tou":
        assert sum((line.kwh for line in bill.lines), D(0)) == usage.total_kwh


# --- usage ----------------------------------------------------------------------------------


def test_usage_refuses_negative_float_and_inconsistent_readings() -> None:
    with pytest.raises(ValidationError, match="负数"):
        Usage.of(-1)
    with pytest.raises(TypeError):
        Usage.of(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Usage.tou({"peak": 1.5})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="不一致"):
        Usage(D(10), (("peak", D(4)), ("valley", D(5))))
    with pytest.raises(ValidationError, match="未知"):
        Usage.tou({"noon": 1})


def test_context_refuses_bad_months_and_negative_year_to_date() -> None:
    with pytest.raises(ValidationError):
        ctx(months=0)
    with pytest.raises(ValidationError):
        ctx(year_to_date_kwh=D(-1))


# --- versions -------------------------------------------------------------------------------


def _version(start: str, end: str | None, price: str) -> Tariff:
    return Tariff.from_dict(
        {**CATALOGUE["GCI-FLAT"].to_dict(), "effective_from": start, "effective_to": end, "price": price}
    )


def test_select_tariff_picks_the_version_effective_on_the_date() -> None:
    old = _version("2023-01-01", "2023-12-31", "0.70")
    new = _version("2024-01-01", None, "0.66")
    versions = [new, old, CATALOGUE["AGR-FLAT"]]
    assert select_tariff(versions, "GCI-FLAT", dt.date(2023, 12, 31)) is old  # end date inclusive
    assert select_tariff(versions, "GCI-FLAT", dt.date(2024, 1, 1)) is new
    with pytest.raises(NotFound, match="2022-12-31"):
        select_tariff(versions, "GCI-FLAT", dt.date(2022, 12, 31))
    with pytest.raises(NotFound):
        select_tariff(versions, "NOPE", dt.date(2024, 1, 1))


def test_select_tariff_newer_open_version_supersedes_an_older_open_one() -> None:
    old = _version("2023-01-01", None, "0.70")
    new = _version("2024-07-01", None, "0.66")
    assert select_tariff([old, new], "GCI-FLAT", dt.date(2024, 6, 30)) is old
    assert select_tariff([old, new], "GCI-FLAT", dt.date(2024, 7, 1)) is new


def test_compute_bill_refuses_a_version_not_effective_on_the_bill_date() -> None:
    with pytest.raises(RuleViolation, match="不适用"):
        compute_bill(_version("2025-01-01", None, "0.6"), Usage.of(1), ctx())


# --- validation of tariff data --------------------------------------------------------------


def _broken(base: Tariff, mutate: Any) -> ValidationError:
    data = copy.deepcopy(base.to_dict())
    mutate(data)
    with pytest.raises(ValidationError) as info:
        Tariff.from_dict(data)
    return info.value


def test_tou_day_schedule_must_cover_the_whole_day() -> None:
    err = _broken(GCI_TOU, lambda d: d["schedules"][2]["periods"].pop(3))
    assert "13:00–17:00 没有划分时段" in err.message
    assert err.field == "GCI-TOU.schedules[2].periods"


def test_tou_day_schedule_must_not_overlap() -> None:
    err = _broken(GCI_TOU, lambda d: d["schedules"][2]["periods"][1].update({"to": "12:00"}))
    assert "11:00 处重叠" in err.message


def test_tou_schedules_must_cover_each_month_once() -> None:
    assert "缺少 7、8 月" in _broken(GCI_TOU, lambda d: d["schedules"].pop(0)).message
    assert "重复" in _broken(GCI_TOU, lambda d: d["schedules"][0]["months"].append(1)).message


def test_tou_periods_in_the_table_need_a_price() -> None:
    err = _broken(GCI_TOU, lambda d: d["prices"].pop("deep_valley"))
    assert "深谷" in err.message


def test_tou_wrapping_band_and_time_format() -> None:
    assert RES_TOU.schedules[0].bands[1].describe() == "22:00–08:00"
    assert (
        "HH:MM" in _broken(RES_TOU, lambda d: d["schedules"][0]["periods"][0].update({"from": "8"})).message
    )
    assert (
        "HH:MM"
        in _broken(RES_TOU, lambda d: d["schedules"][0]["periods"][0].update({"from": "08:60"})).message
    )


def test_tier_bands_must_increase_and_only_the_top_band_is_open() -> None:
    def swap(d: dict[str, Any]) -> None:
        d["tiers"]["bands"][1]["upto_kwh"] = "2000"

    assert "递增" in _broken(RES_TIER, swap).message
    assert (
        "最高一档" in _broken(RES_TIER, lambda d: d["tiers"]["bands"][2].update({"upto_kwh": "9000"})).message
    )
    assert (
        "只有最高一档"
        in _broken(RES_TIER, lambda d: d["tiers"]["bands"][0].update({"upto_kwh": None})).message
    )
    assert "monthly" in _broken(RES_TIER, lambda d: d["tiers"].update({"basis": "weekly"})).message


def test_tariff_data_errors_name_the_field() -> None:
    err = _broken(RES_TIER, lambda d: d["tiers"]["bands"][1].update({"price": "abc"}))
    assert err.field == "RES-TIER.tiers.bands[1].price"
    assert "负数" in _broken(RES_TIER, lambda d: d["tiers"]["bands"][1].update({"price": "-0.1"})).message
    assert "类型" in _broken(RES_TIER, lambda d: d.update({"kind": "block"})).message
    assert "截止日期" in _broken(RES_TIER, lambda d: d.update({"effective_to": "2000-01-01"})).message
    assert "不支持字段" in _broken(RES_TIER, lambda d: d.update({"prices": {}})).message
    assert "用户类别" in _broken(RES_TIER, lambda d: d.update({"customer_kinds": ["alien"]})).message
    assert (
        "第一档加价"
        in _broken(RES_TOU, lambda d: d["tier_markups"]["bands"][0].update({"price": "0.01"})).message
    )
    assert "抵扣单价" in _broken(RES_TOU, lambda d: d.pop("free_kwh_credit_price")).message


def test_tariff_data_refuses_float_prices() -> None:
    data = RES_TIER.to_dict()
    data["tiers"]["bands"][0]["price"] = 0.538
    with pytest.raises(TypeError):
        Tariff.from_dict(data)


# --- issue 6 items 18 and 25: months of a reading, first-year pro-rating, free kWh explained ----


def test_rule_25_free_kwh_explanation_names_each_tier_it_took_from() -> None:
    """Year-to-date 2755, free 10: kWh 2756–2760 are tier 1 (5 × 0.538 = 2.69), 2761–2765 tier 2
    (5 × 0.588 = 2.94); the line says so."""
    bill = compute_bill(RES_TIER, Usage.of(20), ctx(year_to_date_kwh=D(2755), low_income=True))
    assert bill.lines[0].explanation == (
        "低保/五保免费电量 10 kWh，从第一档（5 kWh × 0.5380 = 2.69 元）、第二档（5 kWh × 0.5880 = 2.94 元）扣除，免收 = 0.00"
    )


def test_rule_18_a_two_month_reading_doubles_the_monthly_free_kwh_on_an_annual_ladder() -> None:
    """低保户, a reading covering two months (months=2) on the annual ladder: 2 × 10 = 20 kWh free,
    80 × 0.538 = 43.04."""
    bill = compute_bill(RES_TIER, Usage.of(100), ctx(low_income=True, months=2))
    assert lines(bill) == [("free", D(20), 0), ("tier1", D(80), 4304)]


def test_rule_18_first_year_prorating_is_off_by_default_and_read_from_the_tariff_data() -> None:
    assert RES_TIER.prorate_first_year is False
    data = RES_TIER.to_dict()
    assert "prorate_first_year" not in data
    data["prorate_first_year"] = True
    tariff = Tariff.from_dict(data)
    assert tariff.prorate_first_year is True and tariff.to_dict()["prorate_first_year"] is True
    with pytest.raises(ValidationError, match="应为 true 或 false") as exc:
        Tariff.from_dict({**data, "prorate_first_year": "yes"})
    assert exc.value.field == "RES-TIER.prorate_first_year"
    flat = CATALOGUE["GCI-FLAT"].to_dict()
    with pytest.raises(ValidationError, match="只有年阶梯电价"):
        Tariff.from_dict({**flat, "prorate_first_year": True})


def test_rule_18_customer_connected_mid_year_gets_prorated_annual_thresholds() -> None:
    """Connected in August: 5 months of supply, thresholds 2760 × 5/12 = 1150 and 4800 × 5/12 =
    2000. Year-to-date 1100, 200 kWh: 50 × 0.538 = 26.90, 150 × 0.588 = 88.20. Without the
    tariff's prorate_first_year the 12-month thresholds stay."""
    prorating = Tariff.from_dict({**RES_TIER.to_dict(), "prorate_first_year": True})
    context = ctx(year_to_date_kwh=D(1100), supply_months=5)
    assert lines(compute_bill(prorating, Usage.of(200), context)) == [("tier1", D(50), 2690), ("tier2", D(150), 8820)]
    assert lines(compute_bill(RES_TIER, Usage.of(200), context)) == [("tier1", D(200), 10760)]
    with pytest.raises(ValidationError):
        ctx(supply_months=13)


def test_rule_21_split_by_days_is_tariff_data_default_true() -> None:
    assert RES_TIER.split_by_days is True
    data = {**RES_TIER.to_dict(), "split_by_days": False}
    assert Tariff.from_dict(data).to_dict()["split_by_days"] is False
    with pytest.raises(ValidationError):
        Tariff.from_dict({**data, "split_by_days": 1})


def test_rule_21_a_share_of_a_monthly_period_scales_thresholds_and_free_kwh_to_whole_kwh() -> None:
    """Half of a one-month period (share 1/2) on the monthly ladder: thresholds 115 / 200, free
    15 × 1/2 = 7.5 → 8 kWh. 150 kWh, low income: 8 free, 107 × 0.538 = 57.566 → 57.57,
    35 × 0.588 = 20.58."""
    bill = compute_bill(monthly_tiered(), Usage.of(150), ctx(low_income=True, share=D(1) / 2))
    assert lines(bill) == [("free", D(8), 0), ("tier1", D(107), 5757), ("tier2", D(35), 2058)]
