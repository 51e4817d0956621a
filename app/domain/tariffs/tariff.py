"""Tariffs (电价) as versioned data: one version of one tariff, read and written as a dict.

A tariff is a frozen value loaded from a JSON-able dict (:meth:`Tariff.from_dict`,
:meth:`Tariff.to_dict`), so the admin screen and the database store versions of it; nothing
about a province's prices is code. Three kinds:

``tiered`` — residential tiered pricing (居民阶梯电价, 发改价格〔2011〕2617号)
    Bands of cumulative kWh with a price each. ``basis`` is ``monthly`` (the bill's own kWh
    are laddered, thresholds × the months the bill covers) or ``annual`` (the calendar year's
    cumulative kWh decides the band of each kWh: a bill starts on the ladder where the
    year-to-date usage *before* it ended, so one bill can straddle bands).
``tou`` — time-of-use pricing (峰谷分时电价, 发改价格〔2021〕1093号)
    A price per period (尖峰/峰/平/谷/深谷); the bill is priced from the meter's per-period
    registers. The date-aware period table (day schedules per set of months, with holiday
    overrides such as 深谷 at midday on public holidays) classifies interval data
    (:mod:`app.domain.tariffs.tou`) and explains the bill. Residential TOU
    tariffs may carry tier *markups* (阶梯加价): the year's cumulative total kWh decides how
    many kWh fall into tier 2/3, and those kWh pay the markup on top of their period price.
``flat`` — a single price per kWh (单一制电价).

How a bill is priced from a version is :mod:`app.domain.tariffs.engine`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain.codes import TariffKind
from app.domain.customers import KINDS as CUSTOMER_KINDS
from app.domain.errors import RuleViolation
from app.domain.messages import Message
from app.domain.tariffs.ladder import TierSchedule
from app.domain.tariffs.parsing import (
    as_mapping,
    as_sequence,
    month_list,
    parse_date,
    parse_decimal,
    parse_text,
    path_error,
)
from app.domain.tariffs.periods import DaySchedule, TimeBand, check_cover
from app.domain.tariffs.terms import PERIODS, TARIFF_KINDS


@dataclass(frozen=True)
class PeriodPrice:
    period: str
    price: Decimal


@dataclass(frozen=True)
class Tariff:
    """One version of one tariff. Versions of a code differ by their effective dates."""

    code: str
    name: str
    kind: str  # "tiered" | "tou" | "flat"
    effective_from: dt.date
    effective_to: dt.date | None = None  # last day (inclusive); None: until superseded
    customer_kinds: tuple[str, ...] = ()
    source: str = ""  # the price document (价格文件), shown to the admin
    price: Decimal | None = None  # flat
    tiers: TierSchedule | None = None  # tiered
    period_prices: tuple[PeriodPrice, ...] = ()  # tou
    schedules: tuple[DaySchedule, ...] = ()  # tou
    holiday_bands: tuple[TimeBand, ...] = ()  # tou: replace the day's periods on holidays
    tier_markups: TierSchedule | None = None  # tou: residential 阶梯加价
    low_income_free_kwh: Decimal = Decimal(0)  # per month
    free_kwh_credit_price: Decimal | None = None  # tou: price at which free kWh are credited
    capacity_price: Decimal | None = None  # yuan per kVA per month (基本电费)
    #: annual ladder: a customer connected mid-year has the year's thresholds pro-rated by the
    #: months of supply in that first year (issue 6 item 18; off unless the price document says so)
    prorate_first_year: bool = False
    #: this version taking effect inside a reading period: the period's kWh are split by days
    #: before / after ``effective_from``, each part priced by its own version (issue 6 item 21);
    #: False: the whole period takes the version in force on the reading date
    split_by_days: bool = True

    # -- lookup helpers --
    @property
    def prices(self) -> dict[str, Decimal]:
        return {p.period: p.price for p in self.period_prices}

    def effective_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def schedule_for_month(self, month: int) -> DaySchedule:
        for schedule in self.schedules:
            if month in schedule.months:
                return schedule
        raise RuleViolation("电价 {code} 没有 {month} 月的分时时段表", code=self.code, month=month)

    # -- (de)serialisation --
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tariff:
        """Build and validate a tariff; bad data raises ValidationError (field = the JSON path).

        Numbers may be JSON strings ("0.538"), ints or Decimals; a float raises TypeError
        (load JSON with ``parse_float=Decimal``, as :func:`load_catalogue` does).
        """
        data = as_mapping(data, "tariff")
        code = parse_text(data, "code", "tariff")
        path = code
        name = parse_text(data, "name", path)
        kind = data.get("kind")
        if kind not in TARIFF_KINDS:
            raise path_error(f"{path}.kind", Message("电价类型应为 tiered / tou / flat"))
        effective_from = parse_date(data.get("effective_from"), f"{path}.effective_from")
        effective_to = (
            None if data.get("effective_to") is None else parse_date(data["effective_to"], f"{path}.effective_to")
        )
        if effective_to is not None and effective_to < effective_from:
            raise path_error(f"{path}.effective_to", Message("截止日期早于生效日期"), path)
        customer_kinds = tuple(
            str(k) for k in as_sequence(data.get("customer_kinds", []), f"{path}.customer_kinds")
        )
        for k in customer_kinds:
            if k not in CUSTOMER_KINDS:
                raise path_error(f"{path}.customer_kinds", Message("未知用户类别 {kind}", kind=repr(k)))
        fields: dict[str, Any] = {
            "code": code,
            "name": name,
            "kind": str(kind),
            "effective_from": effective_from,
            "effective_to": effective_to,
            "customer_kinds": customer_kinds,
            "source": parse_text(data, "source", path, required=False),
        }
        free = data.get("low_income_free_kwh")
        fields["low_income_free_kwh"] = (
            Decimal(0) if free is None else parse_decimal(free, f"{path}.low_income_free_kwh")
        )
        if data.get("capacity_price") is not None:
            fields["capacity_price"] = parse_decimal(data["capacity_price"], f"{path}.capacity_price")
        for flag in ("prorate_first_year", "split_by_days"):
            if data.get(flag) is not None:
                if not isinstance(data[flag], bool):
                    raise path_error(f"{path}.{flag}", Message("应为 true 或 false"))
                fields[flag] = data[flag]

        known = {
            "code", "name", "kind", "effective_from", "effective_to", "customer_kinds", "source",
            "low_income_free_kwh", "capacity_price", "prorate_first_year", "split_by_days",
        }  # fmt: skip
        if kind == TariffKind.FLAT:
            known |= {"price"}
            fields["price"] = parse_decimal(data.get("price"), f"{path}.price")
        elif kind == TariffKind.TIERED:
            known |= {"tiers"}
            fields["tiers"] = TierSchedule.from_dict(data.get("tiers"), f"{path}.tiers")
        else:
            known |= {"prices", "schedules", "holiday_periods", "tier_markups", "free_kwh_credit_price"}
            _tou_fields(data, path, fields)
        unknown = sorted(set(data) - known)
        if unknown:
            raise path_error(f"{path}.{unknown[0]}", Message("{kind}不支持字段 {fields}", kind=TARIFF_KINDS[str(kind)],
                                                      fields=", ".join(unknown)), path)
        if fields.get("prorate_first_year"):
            ladder = fields.get("tiers") or fields.get("tier_markups")
            if ladder is None or ladder.basis != "annual":
                raise path_error(f"{path}.prorate_first_year", Message("只有年阶梯电价可以按首年供电月数折算"))
        return cls(**fields)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": None if self.effective_to is None else self.effective_to.isoformat(),
            "customer_kinds": list(self.customer_kinds),
            "source": self.source,
        }
        if self.low_income_free_kwh:
            out["low_income_free_kwh"] = str(self.low_income_free_kwh)
        if self.capacity_price is not None:
            out["capacity_price"] = str(self.capacity_price)
        if self.prorate_first_year:
            out["prorate_first_year"] = True
        if not self.split_by_days:
            out["split_by_days"] = False
        if self.kind == TariffKind.FLAT:
            out["price"] = str(self.price)
        elif self.kind == TariffKind.TIERED:
            assert self.tiers is not None
            out["tiers"] = self.tiers.to_dict()
        else:
            out["prices"] = {p.period: str(p.price) for p in self.period_prices}
            out["schedules"] = [s.to_dict() for s in self.schedules]
            if self.holiday_bands:
                out["holiday_periods"] = [b.to_dict() for b in self.holiday_bands]
            if self.tier_markups is not None:
                out["tier_markups"] = self.tier_markups.to_dict()
            if self.free_kwh_credit_price is not None:
                out["free_kwh_credit_price"] = str(self.free_kwh_credit_price)
        return out


def _tou_fields(data: Mapping[str, Any], path: str, fields: dict[str, Any]) -> None:
    raw_prices = as_mapping(data.get("prices"), f"{path}.prices")
    prices: list[PeriodPrice] = []
    for period in PERIODS:  # stored in canonical order
        if period in raw_prices:
            prices.append(PeriodPrice(period, parse_decimal(raw_prices[period], f"{path}.prices.{period}")))
    unknown = sorted(set(raw_prices) - set(PERIODS))
    if unknown:
        raise path_error(f"{path}.prices", Message("未知时段 {periods}", periods=", ".join(unknown)))
    if not prices:
        raise path_error(f"{path}.prices", Message("至少需要一个时段电价"))
    priced = {p.period for p in prices}

    raw_schedules = as_sequence(data.get("schedules"), f"{path}.schedules")
    schedules = tuple(DaySchedule.from_dict(s, f"{path}.schedules[{i}]") for i, s in enumerate(raw_schedules))
    months = sorted(m for s in schedules for m in s.months)
    if months != list(range(1, 13)):
        missing = sorted(set(range(1, 13)) - set(months))
        detail = Message("缺少 {months} 月", months=month_list(missing)) if missing else Message("有月份重复")
        raise path_error(f"{path}.schedules", Message("时段表应覆盖 1–12 月各一次，{detail}", detail=detail))
    holiday = tuple(
        TimeBand.from_dict(b, f"{path}.holiday_periods[{i}]")
        for i, b in enumerate(as_sequence(data.get("holiday_periods", []), f"{path}.holiday_periods"))
    )
    check_cover(holiday, f"{path}.holiday_periods", whole_day=False)
    for band in [b for s in schedules for b in s.bands] + list(holiday):
        if band.period not in priced:
            raise path_error(f"{path}.prices", Message("时段表用到了{period}，但没有它的电价", period=PERIODS[band.period]), path)

    fields["period_prices"] = tuple(prices)
    fields["schedules"] = schedules
    fields["holiday_bands"] = holiday
    if data.get("tier_markups") is not None:
        markups = TierSchedule.from_dict(data["tier_markups"], f"{path}.tier_markups")
        if markups.bands[0].price != 0:
            raise path_error(f"{path}.tier_markups", Message("第一档加价应为 0"))
        fields["tier_markups"] = markups
    if data.get("free_kwh_credit_price") is not None:
        fields["free_kwh_credit_price"] = parse_decimal(data["free_kwh_credit_price"], f"{path}.free_kwh_credit_price")
    if fields["low_income_free_kwh"] and "free_kwh_credit_price" not in fields:
        raise path_error(f"{path}.free_kwh_credit_price", Message("分时电价设置免费电量时须给出抵扣单价 free_kwh_credit_price"), path)
