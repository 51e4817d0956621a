"""Late fees (电费违约金, docs/rules.md#late-fees, 供电营业规则).

Counted per day from the day after the due date up to and including the payment day;
residential 1‰/day; other customers 2‰/day on current-year arrears and 3‰/day on arrears from
an earlier year (current-year = days in the bill's own year, earlier-year = days from 1 January
of the next year); summed exactly, rounded half-up to the fen at the end.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.late_fees import LateFeeRules, late_fee_for, round_fee

D = Decimal
d = dt.date
RULES = LateFeeRules()


def test_rule_late_fee_residential_1_per_mille_per_day() -> None:
    """¥100 due 10 March, paid 25 March: 11–25 March = 15 days × 1‰ × 100 = 1.50."""
    result = late_fee_for(10000, d(2024, 3, 10), d(2024, 3, 25), "residential", RULES, 2024)
    assert (result.fen, result.days) == (150, 15)
    assert result.rate_desc == "居民 1‰/日 × 15 天"
    [segment] = result.breakdown
    assert (segment.first_day, segment.last_day, segment.rate) == (d(2024, 3, 11), d(2024, 3, 25), D("0.001"))


def test_rule_late_fee_other_customers_2_per_mille_per_day_on_current_year_arrears() -> None:
    """一般工商业 ¥1000 due 20 May, paid 19 June: 30 days × 2‰ × 1000 = 60.00."""
    result = late_fee_for(100000, d(2024, 5, 20), d(2024, 6, 19), "general_ci", RULES, 2024)
    assert (result.fen, result.days) == (6000, 30)
    assert result.rate_desc == "当年欠费 2‰/日 × 30 天"


def test_rule_late_fee_other_customers_3_per_mille_per_day_on_earlier_year_arrears() -> None:
    """A 2023 bill still unpaid in 2024: every late day in 2024 is at 3‰.
    ¥1000 due 15 January 2024, paid 25 January: 10 days × 3‰ × 1000 = 30.00."""
    result = late_fee_for(100000, d(2024, 1, 15), d(2024, 1, 25), "large_industry", RULES, bill_year=2023)
    assert (result.fen, result.days) == (3000, 10)
    assert result.rate_desc == "跨年度欠费 3‰/日 × 10 天"
    # the same dates for a bill of 2024 are current-year arrears
    assert late_fee_for(100000, d(2024, 1, 15), d(2024, 1, 25), "large_industry", RULES, 2024).fen == 2000


def test_late_fee_bill_due_in_december_paid_in_february_splits_at_new_year() -> None:
    """Non-residential ¥1000, bill of 2024 due 20 December, paid 10 February 2025:
    21–31 Dec = 11 days × 2‰ × 1000 = 22.00; 1 Jan–10 Feb = 41 days × 3‰ × 1000 = 123.00;
    total 145.00 over 52 days."""
    result = late_fee_for(100000, d(2024, 12, 20), d(2025, 2, 10), "general_ci", RULES, 2024)
    assert (result.fen, result.days) == (14500, 52)
    assert result.rate_desc == "当年欠费 2‰/日 × 11 天；跨年度欠费 3‰/日 × 41 天"
    first, second = result.breakdown
    assert (first.first_day, first.last_day, first.days) == (d(2024, 12, 21), d(2024, 12, 31), 11)
    assert (second.first_day, second.last_day, second.days) == (d(2025, 1, 1), d(2025, 2, 10), 41)
    assert first.description == "当年欠费 2024-12-21至2024-12-31 11 天 × 2‰/日"


def test_late_fee_residential_has_no_year_split() -> None:
    """The same December bill for a household: 52 days × 1‰ × 1000 = 52.00."""
    result = late_fee_for(100000, d(2024, 12, 20), d(2025, 2, 10), "residential", RULES, 2024)
    assert (result.fen, result.days, len(result.breakdown)) == (5200, 52, 1)


def test_late_fee_counts_from_the_day_after_the_due_date_to_the_payment_day() -> None:
    due = d(2024, 3, 10)
    assert late_fee_for(10000, due, d(2024, 3, 9), "residential").fen == 0  # early
    assert late_fee_for(10000, due, due, "residential").fen == 0  # on the due date
    one = late_fee_for(10000, due, d(2024, 3, 11), "residential")
    assert (one.fen, one.days) == (10, 1)  # the next day is the first late day


def test_late_fee_counts_29_february() -> None:
    result = late_fee_for(100000, d(2024, 2, 27), d(2024, 3, 1), "public", RULES, 2024)
    assert result.days == 3  # 28, 29 Feb, 1 Mar
    assert result.fen == 600


def test_late_fee_grace_days_move_the_start_of_counting() -> None:
    """With 3 grace days, a bill due 10 March is free until 13 March; paying on 14 March costs
    one day (the grace days are never charged afterwards)."""
    rules = LateFeeRules(grace_days=3)
    due = d(2024, 3, 10)
    assert late_fee_for(10000, due, d(2024, 3, 13), "residential", rules, 2024).fen == 0
    result = late_fee_for(10000, due, d(2024, 3, 14), "residential", rules, 2024)
    assert (result.fen, result.days) == (10, 1)
    assert result.breakdown[0].first_day == d(2024, 3, 14)


def test_late_fee_grace_days_across_the_year_boundary() -> None:
    """Due 28 December with 5 grace days: counting starts 3 January, all earlier-year 3‰:
    ¥1000 paid 12 January = 10 days × 3‰ = 30.00."""
    rules = LateFeeRules(grace_days=5)
    result = late_fee_for(100000, d(2024, 12, 28), d(2025, 1, 12), "general_ci", rules, 2024)
    assert (result.fen, result.days, result.rate_desc) == (3000, 10, "跨年度欠费 3‰/日 × 10 天")


def test_late_fee_is_rounded_half_up_once_at_the_end() -> None:
    """¥123.45 × 1‰ × 5 days = 0.61725 → 0.62 (rounding each day's 0.12345 first would give 0.60)."""
    assert late_fee_for(12345, d(2024, 3, 10), d(2024, 3, 15), "residential").fen == 62
    # exactly half a fen rounds up: ¥5 × 1‰ × 1 day = 0.005 → 0.01
    assert late_fee_for(500, d(2024, 3, 10), d(2024, 3, 11), "residential").fen == 1


def test_rule_late_fee_minimum_1_yuan_when_enabled() -> None:
    """1996 text: 总额不足1元者按1元收取 — configuration, off by default."""
    due, paid = d(2024, 3, 10), d(2024, 3, 11)
    assert late_fee_for(500, due, paid, "residential").fen == 1  # off: 0.01
    on = LateFeeRules(minimum_enabled=True)
    result = late_fee_for(500, due, paid, "residential", on, 2024)
    assert (result.fen, result.minimum_applied) == (100, True)
    assert result.rate_desc == "居民 1‰/日 × 1 天（不足 ¥1.00，按 ¥1.00 收取）"
    assert late_fee_for(500, due, due, "residential", on, 2024).fen == 0  # no fee → no minimum
    big = late_fee_for(100000, due, paid, "residential", on, 2024)
    assert (big.fen, big.minimum_applied) == (100, False)  # exactly ¥1 is not "below"
    assert (
        late_fee_for(500, due, paid, "residential", LateFeeRules(minimum_enabled=True, minimum_fen=200)).fen
        == 200
    )


def test_late_fee_rates_are_configuration() -> None:
    rules = LateFeeRules(
        residential_rate=D("0.0005"), current_year_rate=D("0.001"), earlier_year_rate=D("0.0015")
    )
    assert late_fee_for(100000, d(2024, 3, 10), d(2024, 3, 20), "residential", rules, 2024).fen == 500
    result = late_fee_for(100000, d(2024, 12, 20), d(2025, 2, 10), "general_ci", rules, 2024)
    assert result.fen == 1100 + 6150  # 11 × 1‰ + 41 × 1.5‰
    assert result.rate_desc == "当年欠费 1‰/日 × 11 天；跨年度欠费 1.5‰/日 × 41 天"


def test_late_fee_zero_or_negative_principal_is_free() -> None:
    assert late_fee_for(0, d(2024, 1, 1), d(2024, 6, 1), "general_ci").fen == 0
    assert late_fee_for(-100, d(2024, 1, 1), d(2024, 6, 1), "general_ci").fen == 0


def test_late_fee_bad_configuration_and_inputs() -> None:
    with pytest.raises(ValidationError):
        LateFeeRules(grace_days=-1)
    with pytest.raises(ValidationError):
        LateFeeRules(residential_rate=D("-0.001"))
    with pytest.raises(ValidationError):
        LateFeeRules(minimum_fen=-1)
    with pytest.raises(TypeError):
        LateFeeRules(residential_rate=0.001)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        late_fee_for(100.0, d(2024, 1, 1), d(2024, 2, 1), "residential")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="用户类别"):
        late_fee_for(100, d(2024, 1, 1), d(2024, 2, 1), "martian")


@given(
    principal=st.integers(min_value=1, max_value=10**9),
    due=st.dates(min_value=d(2020, 1, 1), max_value=d(2030, 12, 31)),
    late=st.integers(min_value=0, max_value=800),
    kind=st.sampled_from(["residential", "general_ci", "large_industry", "agricultural", "public"]),
)
def test_late_fee_matches_a_day_by_day_sum(principal: int, due: dt.date, late: int, kind: str) -> None:
    """Independent check: walk the days one by one and add each day's rate."""
    pay = due + dt.timedelta(days=late)
    result = late_fee_for(principal, due, pay, kind, RULES, due.year)
    exact = D(0)
    day = due + dt.timedelta(days=1)
    while day <= pay:
        rate = D("0.001") if kind == "residential" else (D("0.002") if day.year == due.year else D("0.003"))
        exact += D(principal) * rate
        day += dt.timedelta(days=1)
    assert result.days == late
    assert result.fen == int((exact / 100).quantize(D("0.01"), rounding="ROUND_HALF_UP") * 100)
    assert sum(s.days for s in result.breakdown) == late


def test_rule_17_exact_amounts_let_the_ledger_round_a_bill_once() -> None:
    """Issue 6 item 17: ``exact`` is the unrounded fee, so stretches with different principals add
    up exactly and the bill's fee is rounded once: ¥107.60 for 2 days (0.2152) then ¥106.60 for
    1 day (0.1066) is 0.3218 → 0.32, where the rounded results give 0.22 + (0.32 − 0.21) = 0.33."""
    due = d(2025, 12, 20)
    first = late_fee_for(10760, due, d(2025, 12, 22), "residential", RULES, 2025)
    assert (first.exact, first.fen) == (D("0.2152"), 22)
    rest = (
        late_fee_for(10660, due, d(2025, 12, 23), "residential", RULES, 2025).exact
        - late_fee_for(10660, due, d(2025, 12, 22), "residential", RULES, 2025).exact
    )
    assert rest == D("0.1066")
    assert round_fee(first.exact + rest) == 32
    assert round_fee(D("0.005")) == 1 and round_fee(D("0.0049")) == 0
