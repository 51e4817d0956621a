"""Pricing one reading (app/domain/tariffs/pricing.py): the pricer's memory, the months a reading
covers, supply months, and a period split at a price change (issue 6 items 18 and 21)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest

from app.domain.tariffs.catalogue import load_default_catalogue, select_tariff
from app.domain.tariffs.engine import BillContext, compute_bill
from app.domain.tariffs.pricing import (
    Pricer,
    bill_lines_json,
    months_between,
    price_reading,
    supply_months,
)
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.usage import Usage

D = dt.date


class _Book:
    def __init__(self, versions: list[Tariff]) -> None:
        self.versions = versions

    def on(self, code: str, day: dt.date) -> Tariff:
        return select_tariff(self.versions, code, day)


def _catalogue() -> dict[str, Tariff]:
    return {t.code: t for t in load_default_catalogue()}


def test_the_bulk_pricer_is_exactly_compute_bill():
    pricer = Pricer()
    catalogue = _catalogue()
    day = D(2025, 6, 25)
    cases = []
    for kwh in (0, 1, 59, 60, 61, 200, 2000, 2100, 5000):
        for ytd in (0, 2700, 2759, 2760, 4700, 4800, 9000):
            for low in (False, True):
                cases.append((catalogue["RES-TIER"], Usage.of(kwh), Decimal(ytd), low, None))
                cases.append((catalogue["GCI-FLAT"], Usage.of(kwh), Decimal(ytd), False, None))
                cases.append(
                    (
                        catalogue["RES-TOU"],
                        Usage.tou({"peak": kwh, "valley": kwh // 2}),
                        Decimal(ytd),
                        low,
                        None,
                    )
                )
                cases.append(
                    (
                        catalogue["LI-TOU"],
                        Usage.tou({"peak": kwh, "flat": 3}),
                        Decimal(ytd),
                        False,
                        Decimal(400),
                    )
                )
    for _ in range(2):  # the second pass is served from the memory
        for tariff, usage, ytd, low, cap in cases:
            got, _fragment = pricer.price(tariff, usage, day, ytd, low, cap)
            want = compute_bill(
                tariff,
                usage,
                BillContext(bill_date=day, year_to_date_kwh=ytd, low_income=low, capacity_kva=cap),
            )
            assert (got.lines, got.total_fen) == (want.lines, want.total_fen)


@pytest.mark.parametrize(
    ("previous", "period", "months"),
    [
        (None, "2025-03", 1),
        ("", "2025-03", 1),
        ("2025-02", "2025-03", 1),
        ("2025-01", "2025-03", 2),
        ("2024-11", "2025-01", 2),
        ("2025-03", "2025-03", 1),
        ("2020-01", "2025-03", 12),
    ],
)
def test_months_between(previous, period, months):
    assert months_between(previous, period) == months


def test_supply_months_count_the_month_of_connection():
    assert supply_months(None, 2025) == 12
    assert supply_months(D(2025, 1, 31), 2025) == 12
    assert supply_months(D(2025, 3, 10), 2025) == 10
    assert supply_months(D(2025, 12, 1), 2025) == 1
    assert supply_months(D(2024, 3, 10), 2025) == 12


def _two_versions(change: dt.date, split: bool = True) -> tuple[Tariff, Tariff]:
    old = dataclasses.replace(_catalogue()["RES-TIER"], effective_from=D(2000, 1, 1))
    assert old.tiers is not None
    bands = tuple(dataclasses.replace(b, price=b.price + Decimal("0.1")) for b in old.tiers.bands)
    new = dataclasses.replace(
        old, effective_from=change, split_by_days=split, tiers=dataclasses.replace(old.tiers, bands=bands)
    )
    return old, new


def _price(book: _Book, previous: dt.date | None, reading: dt.date, kwh: int, prior=lambda: Decimal(0)):
    return price_reading(
        book,
        Pricer(),
        "RES-TIER",
        f"{reading:%Y-%m}",
        reading,
        previous,
        1,
        Usage.of(kwh),
        Decimal(0),
        prior,
        False,
        None,
        None,
    )


def test_a_reading_without_a_change_inside_is_priced_by_the_pricer():
    old, new = _two_versions(D(2025, 6, 1))
    got = _price(_Book([old, new]), D(2025, 6, 25), D(2025, 7, 25), 300)
    want = compute_bill(
        new, Usage.of(300), BillContext(bill_date=D(2025, 7, 25), year_to_date_kwh=Decimal(0))
    )
    assert (got.comp.lines, got.comp.total_fen, got.tariff, got.extra) == (
        want.lines,
        want.total_fen,
        new,
        "",
    )
    assert got.fragment is not None


def test_a_change_inside_the_period_splits_the_kwh_by_days():
    old, new = _two_versions(D(2025, 6, 11))
    got = _price(_Book([old, new]), D(2025, 5, 26), D(2025, 6, 25), 300)  # 16 days before, 14 after
    parts = json.loads("{" + got.extra[1:] + "}")["parts"]
    assert [(p["days"], p["kwh"], p["version_from"]) for p in parts] == [
        (16, "160", "2000-01-01"),
        (14, "140", "2025-06-11"),
    ]
    assert got.comp.total_fen == sum(p["total_fen"] for p in parts)
    assert got.fragment is None and got.prior_year_kwh == 0 and got.tariff is new
    assert len(got.comp.lines) == len({ln.label for ln in got.comp.lines})  # every line tagged with its part
    stored = json.loads(bill_lines_json(got.comp, Decimal(0), False, None, got.fragment, got.extra))
    assert stored["parts"] == parts and stored["total_fen"] == got.comp.total_fen


def test_without_split_by_days_the_whole_period_takes_the_new_price():
    old, new = _two_versions(D(2025, 6, 11), split=False)
    got = _price(_Book([old, new]), D(2025, 5, 26), D(2025, 6, 25), 300)
    assert got.extra == "" and got.tariff is new


def test_a_first_of_january_change_counts_the_first_part_toward_the_previous_year():
    old, new = _two_versions(D(2026, 1, 1))
    asked = []

    def prior() -> Decimal:
        asked.append(True)
        return Decimal(2000)

    got = _price(_Book([old, new]), D(2025, 12, 17), D(2026, 1, 16), 300, prior)  # 15 days + 15 days
    assert asked == [True]
    assert got.prior_year_kwh == 150 and '"prior_year_kwh":150' in got.extra
    assert got.comp.year_to_date_after_kwh == Decimal(150)
