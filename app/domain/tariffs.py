"""Tariffs (电价) as versioned data, and the bill engine (电费计算).

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
    (:func:`period_at`, :func:`usage_from_intervals`) and explains the bill. Residential TOU
    tariffs may carry tier *markups* (阶梯加价): the year's cumulative total kWh decides how
    many kWh fall into tier 2/3, and those kWh pay the markup on top of their period price.
``flat`` — a single price per kWh (单一制电价).

Any kind may carry a capacity charge (基本电费, yuan per kVA per month: two-part tariffs of
large industry). Low-income households (低保户/五保户) get ``low_income_free_kwh`` per month
free (province-specific, 10–15 kWh):

* tiered / flat: the free kWh are taken out *before* the tiers. They are the first kWh of the
  bill on the ladder (they count toward the annual cumulative usage like any kWh, so
  ``year_to_date_kwh`` is always raw metered usage) and are shown as a line priced 0.
* tou: the meter cannot say which period the free kWh were used in, so they are credited in
  money: free kWh × ``free_kwh_credit_price`` (the province's tier-1 price), as a negative
  line, never more than the energy charge before it (a bill is never negative).

Rounding (the only rounding in a bill): each line is rounded half-up to the fen on its own,
and the bill total is the sum of the rounded lines — so the printed lines always add up to the
printed total.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from app.domain.codes import CustomerKind, TariffKind
from app.domain.customers import KINDS as CUSTOMER_KINDS
from app.domain.errors import NotFound, RuleViolation, ValidationError
from app.domain.messages import Message, term
from app.domain.money import ensure_decimal, fen_to_yuan, round_half_up

__all__ = [
    "BASES",
    "CATALOGUE_FORMAT",
    "PERIODS",
    "TARIFF_KINDS",
    "BillComputation",
    "BillContext",
    "BillLine",
    "DaySchedule",
    "Holiday",
    "HolidayCalendar",
    "PeriodPrice",
    "Tariff",
    "TierBand",
    "TierSchedule",
    "TimeBand",
    "Usage",
    "band_overlaps",
    "compute_bill",
    "day_bands",
    "load_catalogue",
    "load_default_catalogue",
    "load_default_holidays",
    "parse_holiday_calendar",
    "parse_catalogue",
    "period_at",
    "select_tariff",
    "tariff_warnings",
    "tou_schedule_errors",
    "usage_from_intervals",
]

TARIFF_KINDS: dict[str, str] = {
    TariffKind.TIERED: term("阶梯电价"), TariffKind.TOU: term("峰谷分时电价"), TariffKind.FLAT: term("单一电价"),
}
BASES: dict[str, str] = {"monthly": term("月阶梯"), "annual": term("年阶梯")}
#: Time-of-use periods, most expensive first (the order of bill lines).
PERIODS: dict[str, str] = {
    "critical_peak": term("尖峰"),
    "peak": term("峰"),
    "flat": term("平"),
    "valley": term("谷"),
    "deep_valley": term("深谷"),
}
#: Names of the bands of a ladder (terms: the English UI shows "tier 1"…).
TIER_NAMES = (term("第一档"), term("第二档"), term("第三档"), term("第四档"), term("第五档"))
#: Units of bill lines (terms: kWh stays kWh, kVA·月 is kVA·month in English).
KWH = term("kWh")
CATALOGUE_FORMAT = "gridcounter.tariffs/1"
DEFAULT_CATALOGUE_PACKAGE = "resources.tariffs"
DEFAULT_CATALOGUE_FILE = "default_catalogue.json"

#: 1093号: the peak:valley ratio should be at least 3:1 (4:1 where the load gap is large).
MIN_PEAK_VALLEY_RATIO = Decimal(3)
#: 1093号: the critical-peak price is at least 20% above the peak price.
MIN_CRITICAL_PEAK_FACTOR = Decimal("1.2")
#: 2617号: tier 2 at least ¥0.05/kWh above tier 1; tier 3 about ¥0.30 above tier 1.
MIN_TIER2_MARKUP = Decimal("0.05")
TIER3_MARKUP = Decimal("0.30")

_MINUTES_PER_DAY = 24 * 60


# --- small parsing helpers (errors name the path of the bad value) --------------------------


def _at(field: str, problem: Message, path: str | None = None) -> ValidationError:
    """A problem of the value at the JSON path ``field``: "RES-TIER.tiers.bands[1]：各档上限应逐档递增".

    The message is ``{path}：{problem}`` with the problem a Message of its own, so the admin
    screen can put the path in words and show the problem, translated, next to the field.
    """
    return ValidationError(field, "{path}：{problem}", path=field if path is None else path, problem=problem)


def _dec(value: object, path: str, *, allow_negative: bool = False) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f'{path}: float is not allowed for money or kWh, use a string such as "0.538"')
    try:
        result = ensure_decimal(value, path)
    except (TypeError, ValueError):
        raise _at(path, Message("不是有效的数字（{value}）", value=repr(value))) from None
    if result < 0 and not allow_negative:
        raise _at(path, Message("不能为负数"))
    return result


def _int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _at(path, Message("应为整数（{value}）", value=repr(value)))
    return value


def _str(data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _at(f"{path}.{key}", Message("应为文本"))
    if required and not value.strip():
        raise _at(f"{path}.{key}", Message("不能为空"))
    return value.strip()


def _date(value: object, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _at(path, Message("日期格式应为 YYYY-MM-DD（{value}）", value=repr(value)))


def _minutes(value: object, path: str) -> int:
    if isinstance(value, str):
        hh, sep, mm = value.strip().partition(":")
        if sep and hh.isdigit() and mm.isdigit() and len(mm) == 2:
            minutes = int(hh) * 60 + int(mm)
            if int(mm) < 60 and 0 <= minutes <= _MINUTES_PER_DAY:
                return minutes
    raise _at(path, Message("时间格式应为 HH:MM，00:00–24:00（{value}）", value=repr(value)))


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _fmt_qty(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _fmt_price(value: Decimal) -> str:
    """Prices are shown with four decimals (0.5380), or more when the tariff has more."""
    exponent = value.normalize().as_tuple().exponent
    places = max(4, -exponent) if isinstance(exponent, int) else 4
    return f"{value:.{places}f}"


def _fmt_amount(fen: int) -> str:
    return f"{fen_to_yuan(fen)}"


def _months(months: Iterable[int]) -> Message:
    """Month numbers as the messages list them: "1、2、3" (", " in English)."""
    return Message.join([str(m) for m in months], "、")


def _mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _at(path, Message("应为对象"))
    return value


def _sequence(value: object, path: str) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise _at(path, Message("应为列表"))
    return value


# --- value types ---------------------------------------------------------------------------


def _scaled(kwh: Decimal, scale: Decimal) -> Decimal:
    """``kwh`` × ``scale``; whole kWh (half-up) when the scale is a fraction."""
    value = kwh * scale
    return value if scale == scale.to_integral_value() else round_half_up(value, Decimal(1))


@dataclass(frozen=True)
class TierBand:
    """One band of a ladder: kWh up to ``upto_kwh`` (cumulative, inclusive) cost ``price``.

    ``upto_kwh`` None is the open top band. For a TOU tariff's markup ladder ``price`` is the
    markup (加价) on top of the period price.
    """

    upto_kwh: Decimal | None
    price: Decimal


@dataclass(frozen=True)
class TierSchedule:
    basis: str  # "monthly" | "annual"
    bands: tuple[TierBand, ...]

    @classmethod
    def from_dict(cls, data: object, path: str) -> TierSchedule:
        data = _mapping(data, path)
        basis = data.get("basis")
        if basis not in BASES:
            raise _at(f"{path}.basis", Message("阶梯周期应为 monthly（月）或 annual（年）"))
        raw_bands = _sequence(data.get("bands"), f"{path}.bands")
        bands: list[TierBand] = []
        previous = Decimal(0)
        for i, raw in enumerate(raw_bands):
            bpath = f"{path}.bands[{i}]"
            band = _mapping(raw, bpath)
            upto_raw = band.get("upto_kwh")
            last = i == len(raw_bands) - 1
            if last:
                if upto_raw is not None:
                    raise _at(f"{bpath}.upto_kwh", Message("最高一档不应设上限（upto_kwh 为 null）"), bpath)
                upto = None
            else:
                if upto_raw is None:
                    raise _at(f"{bpath}.upto_kwh", Message("只有最高一档可以不设上限"), bpath)
                upto = _dec(upto_raw, f"{bpath}.upto_kwh")
                if upto <= previous:
                    raise _at(f"{bpath}.upto_kwh", Message("各档上限应逐档递增"), bpath)
                previous = upto
            bands.append(TierBand(upto, _dec(band.get("price"), f"{bpath}.price")))
        if not bands:
            raise _at(f"{path}.bands", Message("至少需要一档"), path)
        if len(bands) > len(TIER_NAMES):
            raise _at(f"{path}.bands", Message("最多 {count} 档", count=len(TIER_NAMES)), path)
        return cls(str(basis), tuple(bands))

    def to_dict(self) -> dict[str, Any]:
        return {
            "basis": self.basis,
            "bands": [
                {"upto_kwh": None if b.upto_kwh is None else str(b.upto_kwh), "price": str(b.price)}
                for b in self.bands
            ],
        }

    def ladder_start(self, year_to_date_kwh: Decimal) -> Decimal:
        """Where a bill starts on the ladder: the year's usage so far (annual) or 0 (monthly)."""
        return year_to_date_kwh if self.basis == "annual" else Decimal(0)

    def split(
        self, start_kwh: Decimal, kwh: Decimal, months: int | Decimal = 1, annual_share: Decimal = Decimal(1)
    ) -> list[Decimal]:
        """kWh of the range (start, start + kwh] falling in each band (one entry per band).

        Monthly thresholds are multiplied by ``months`` (a bill covering two months has twice
        the allowance of each band; a part of a reading period split at a price change, its
        share of the months); annual thresholds by ``annual_share`` (1, or the months of supply
        / 12 in a customer's first year when the version pro-rates it). A threshold scaled by a
        fraction is rounded half-up to whole kWh.
        """
        scale = Decimal(months) if self.basis == "monthly" else annual_share
        end = start_kwh + kwh
        lower = Decimal(0)
        out: list[Decimal] = []
        for band in self.bands:
            upper = None if band.upto_kwh is None else _scaled(band.upto_kwh, scale)
            lo = max(start_kwh, lower)
            hi = end if upper is None else min(end, upper)
            out.append(max(hi - lo, Decimal(0)))
            if upper is not None:
                lower = upper
        return out


@dataclass(frozen=True)
class TimeBand:
    """Minutes [start, end) of a day belong to ``period``.

    ``start`` is 0..1439, ``end`` 1..1440 (24:00). ``end <= start`` wraps past midnight, so
    22:00–08:00 is one band.
    """

    start: int
    end: int
    period: str

    def pieces(self) -> list[tuple[int, int]]:
        if self.end > self.start:
            return [(self.start, self.end)]
        return [(self.start, _MINUTES_PER_DAY), (0, self.end)]

    def contains(self, minute: int) -> bool:
        return any(lo <= minute < hi for lo, hi in self.pieces())

    def describe(self) -> str:
        return f"{_hhmm(self.start)}–{_hhmm(self.end)}"

    @classmethod
    def from_dict(cls, data: object, path: str) -> TimeBand:
        data = _mapping(data, path)
        start = _minutes(data.get("from"), f"{path}.from")
        end = _minutes(data.get("to"), f"{path}.to") or _MINUTES_PER_DAY  # "00:00" as an end is 24:00
        if start == _MINUTES_PER_DAY:
            raise _at(f"{path}.from", Message("起始时间不能是 24:00"))
        if start == end:
            raise _at(f"{path}.to", Message("起止时间相同"), path)
        period = data.get("period")
        if period not in PERIODS:
            raise _at(f"{path}.period", Message("未知时段 {period}（应为 {periods}）", period=repr(period),
                                                periods="/".join(PERIODS)))
        return cls(start, end, str(period))

    def to_dict(self) -> dict[str, str]:
        return {"from": _hhmm(self.start), "to": _hhmm(self.end), "period": self.period}


def _check_cover(bands: Sequence[TimeBand], path: str, *, whole_day: bool) -> None:
    pieces = sorted((lo, hi) for band in bands for lo, hi in band.pieces())
    cursor = 0
    for lo, hi in pieces:
        if lo < cursor:
            raise _at(path, Message("时段在 {time} 处重叠", time=_hhmm(lo)))
        if whole_day and lo > cursor:
            raise _at(path, Message("{start}–{end} 没有划分时段", start=_hhmm(cursor), end=_hhmm(lo)))
        cursor = hi
    if whole_day and cursor != _MINUTES_PER_DAY:
        raise _at(path, Message("{start}–{end} 没有划分时段", start=_hhmm(cursor), end="24:00"))


@dataclass(frozen=True)
class DaySchedule:
    """The periods of a day (they cover 00:00–24:00 exactly) in the listed months."""

    name: str
    months: tuple[int, ...]
    bands: tuple[TimeBand, ...]

    @classmethod
    def from_dict(cls, data: object, path: str) -> DaySchedule:
        data = _mapping(data, path)
        name = _str(data, "name", path, required=False) or path
        months = tuple(_int(m, f"{path}.months") for m in _sequence(data.get("months"), f"{path}.months"))
        if not months or any(not 1 <= m <= 12 for m in months) or len(set(months)) != len(months):
            raise _at(f"{path}.months", Message("月份应为 1–12 且不重复"))
        raw_bands = _sequence(data.get("periods"), f"{path}.periods")
        bands = tuple(TimeBand.from_dict(b, f"{path}.periods[{i}]") for i, b in enumerate(raw_bands))
        _check_cover(bands, f"{path}.periods", whole_day=True)
        return cls(name, months, bands)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "months": list(self.months), "periods": [b.to_dict() for b in self.bands]}


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
        data = _mapping(data, "tariff")
        code = _str(data, "code", "tariff")
        path = code
        name = _str(data, "name", path)
        kind = data.get("kind")
        if kind not in TARIFF_KINDS:
            raise _at(f"{path}.kind", Message("电价类型应为 tiered / tou / flat"))
        effective_from = _date(data.get("effective_from"), f"{path}.effective_from")
        effective_to = (
            None if data.get("effective_to") is None else _date(data["effective_to"], f"{path}.effective_to")
        )
        if effective_to is not None and effective_to < effective_from:
            raise _at(f"{path}.effective_to", Message("截止日期早于生效日期"), path)
        customer_kinds = tuple(
            str(k) for k in _sequence(data.get("customer_kinds", []), f"{path}.customer_kinds")
        )
        for k in customer_kinds:
            if k not in CUSTOMER_KINDS:
                raise _at(f"{path}.customer_kinds", Message("未知用户类别 {kind}", kind=repr(k)))
        fields: dict[str, Any] = {
            "code": code,
            "name": name,
            "kind": str(kind),
            "effective_from": effective_from,
            "effective_to": effective_to,
            "customer_kinds": customer_kinds,
            "source": _str(data, "source", path, required=False),
        }
        free = data.get("low_income_free_kwh")
        fields["low_income_free_kwh"] = (
            Decimal(0) if free is None else _dec(free, f"{path}.low_income_free_kwh")
        )
        if data.get("capacity_price") is not None:
            fields["capacity_price"] = _dec(data["capacity_price"], f"{path}.capacity_price")
        for flag in ("prorate_first_year", "split_by_days"):
            if data.get(flag) is not None:
                if not isinstance(data[flag], bool):
                    raise _at(f"{path}.{flag}", Message("应为 true 或 false"))
                fields[flag] = data[flag]

        known = {
            "code", "name", "kind", "effective_from", "effective_to", "customer_kinds", "source",
            "low_income_free_kwh", "capacity_price", "prorate_first_year", "split_by_days",
        }  # fmt: skip
        if kind == TariffKind.FLAT:
            known |= {"price"}
            fields["price"] = _dec(data.get("price"), f"{path}.price")
        elif kind == TariffKind.TIERED:
            known |= {"tiers"}
            fields["tiers"] = TierSchedule.from_dict(data.get("tiers"), f"{path}.tiers")
        else:
            known |= {"prices", "schedules", "holiday_periods", "tier_markups", "free_kwh_credit_price"}
            _tou_fields(data, path, fields)
        unknown = sorted(set(data) - known)
        if unknown:
            raise _at(f"{path}.{unknown[0]}", Message("{kind}不支持字段 {fields}", kind=TARIFF_KINDS[str(kind)],
                                                      fields=", ".join(unknown)), path)
        if fields.get("prorate_first_year"):
            ladder = fields.get("tiers") or fields.get("tier_markups")
            if ladder is None or ladder.basis != "annual":
                raise _at(f"{path}.prorate_first_year", Message("只有年阶梯电价可以按首年供电月数折算"))
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
    raw_prices = _mapping(data.get("prices"), f"{path}.prices")
    prices: list[PeriodPrice] = []
    for period in PERIODS:  # stored in canonical order
        if period in raw_prices:
            prices.append(PeriodPrice(period, _dec(raw_prices[period], f"{path}.prices.{period}")))
    unknown = sorted(set(raw_prices) - set(PERIODS))
    if unknown:
        raise _at(f"{path}.prices", Message("未知时段 {periods}", periods=", ".join(unknown)))
    if not prices:
        raise _at(f"{path}.prices", Message("至少需要一个时段电价"))
    priced = {p.period for p in prices}

    raw_schedules = _sequence(data.get("schedules"), f"{path}.schedules")
    schedules = tuple(DaySchedule.from_dict(s, f"{path}.schedules[{i}]") for i, s in enumerate(raw_schedules))
    months = sorted(m for s in schedules for m in s.months)
    if months != list(range(1, 13)):
        missing = sorted(set(range(1, 13)) - set(months))
        detail = Message("缺少 {months} 月", months=_months(missing)) if missing else Message("有月份重复")
        raise _at(f"{path}.schedules", Message("时段表应覆盖 1–12 月各一次，{detail}", detail=detail))
    holiday = tuple(
        TimeBand.from_dict(b, f"{path}.holiday_periods[{i}]")
        for i, b in enumerate(_sequence(data.get("holiday_periods", []), f"{path}.holiday_periods"))
    )
    _check_cover(holiday, f"{path}.holiday_periods", whole_day=False)
    for band in [b for s in schedules for b in s.bands] + list(holiday):
        if band.period not in priced:
            raise _at(f"{path}.prices", Message("时段表用到了{period}，但没有它的电价", period=PERIODS[band.period]), path)

    fields["period_prices"] = tuple(prices)
    fields["schedules"] = schedules
    fields["holiday_bands"] = holiday
    if data.get("tier_markups") is not None:
        markups = TierSchedule.from_dict(data["tier_markups"], f"{path}.tier_markups")
        if markups.bands[0].price != 0:
            raise _at(f"{path}.tier_markups", Message("第一档加价应为 0"))
        fields["tier_markups"] = markups
    if data.get("free_kwh_credit_price") is not None:
        fields["free_kwh_credit_price"] = _dec(data["free_kwh_credit_price"], f"{path}.free_kwh_credit_price")
    if fields["low_income_free_kwh"] and "free_kwh_credit_price" not in fields:
        raise _at(f"{path}.free_kwh_credit_price", Message("分时电价设置免费电量时须给出抵扣单价 free_kwh_credit_price"), path)


def tariff_warnings(tariff: Tariff) -> list[str]:
    """Policy checks an admin should see before saving a version — warnings, not errors.

    Published tariffs sometimes differ from the national guidance (a province may use 4:1),
    so these never block: 2617号 tier markups (tier 2 ≥ tier 1 + ¥0.05, tier 3 ≈ tier 1 +
    ¥0.30), and for tariffs of commercial & industrial customers (the scope of 1093号)
    peak:valley ≥ 3:1 and critical peak ≥ peak × 1.2.
    """
    warnings: list[str] = []
    ladder = tariff.tiers if tariff.kind == TariffKind.TIERED else tariff.tier_markups
    if ladder is not None and len(ladder.bands) >= 2:
        base = ladder.bands[0].price
        tier2 = ladder.bands[1].price - base
        if tier2 < MIN_TIER2_MARKUP:
            warnings.append(
                Message("第二档比第一档只高 {markup} 元/kWh，低于 {minimum} 元（发改价格〔2011〕2617号）",
                        markup=tier2, minimum=MIN_TIER2_MARKUP)
            )
        if len(ladder.bands) >= 3:
            tier3 = ladder.bands[2].price - base
            if tier3 < tier2:
                warnings.append(Message("第三档电价低于第二档"))
            elif abs(tier3 - TIER3_MARKUP) > MIN_TIER2_MARKUP:
                warnings.append(Message("第三档比第一档高 {markup} 元/kWh，与约 {standard} 元的标准相差较大",
                                        markup=tier3, standard=TIER3_MARKUP))
    if tariff.kind == TariffKind.TOU:
        prices = tariff.prices
        commercial = not tariff.customer_kinds or any(k != CustomerKind.RESIDENTIAL for k in tariff.customer_kinds)
        peak, valley, critical = prices.get("peak"), prices.get("valley"), prices.get("critical_peak")
        if (
            commercial
            and peak is not None
            and valley is not None
            and valley > 0
            and peak / valley < MIN_PEAK_VALLEY_RATIO
        ):
            ratio = round_half_up(peak / valley, Decimal("0.01"))
            warnings.append(Message("峰谷价差比 {ratio}:1 低于 {minimum}:1（发改价格〔2021〕1093号）", ratio=ratio,
                                    minimum=MIN_PEAK_VALLEY_RATIO))
        if (
            commercial
            and critical is not None
            and peak is not None
            and critical < peak * MIN_CRITICAL_PEAK_FACTOR
        ):
            warnings.append(
                Message("尖峰电价 {critical} 低于峰段电价的 {factor} 倍（{minimum}）", critical=critical,
                        factor=MIN_CRITICAL_PEAK_FACTOR, minimum=peak * MIN_CRITICAL_PEAK_FACTOR)
            )
        if "deep_valley" in prices and valley is not None and prices["deep_valley"] > valley:
            warnings.append(Message("深谷电价高于谷段电价"))
    return warnings


# --- versions and catalogue ----------------------------------------------------------------


def select_tariff(versions: Iterable[Tariff], code: str, on_date: dt.date) -> Tariff:
    """The version of ``code`` effective on ``on_date``.

    When several versions cover the date (an open-ended version and a newer one starting
    later), the one with the latest ``effective_from`` wins: a new version supersedes the
    old one from its start date without the admin having to close the old one first.
    """
    candidates = [t for t in versions if t.code == code and t.effective_on(on_date)]
    if not candidates:
        raise NotFound("电价 {code} 在 {date} 没有生效的版本", code=code, date=on_date.isoformat())
    return max(candidates, key=lambda t: t.effective_from)


def parse_catalogue(data: Mapping[str, Any]) -> list[Tariff]:
    """Tariffs of a catalogue document ``{"format": CATALOGUE_FORMAT, "tariffs": [...]}``."""
    data = _mapping(data, "catalogue")
    if data.get("format") != CATALOGUE_FORMAT:
        raise ValidationError("format", "电价目录格式应为 {format}", format=CATALOGUE_FORMAT)
    tariffs = [
        Tariff.from_dict(_mapping(t, f"tariffs[{i}]"))
        for i, t in enumerate(_sequence(data.get("tariffs"), "tariffs"))
    ]
    seen: set[tuple[str, dt.date]] = set()
    for t in tariffs:
        if (t.code, t.effective_from) in seen:
            raise ValidationError(t.code, "电价 {code} 有两个版本同在 {date} 生效", code=t.code, date=t.effective_from)
        seen.add((t.code, t.effective_from))
    return tariffs


def load_catalogue(path: str | Path) -> list[Tariff]:
    """Read a JSON catalogue file (UTF-8); numbers are read as Decimal, never float."""
    with open(path, encoding="utf-8-sig") as fh:
        data = json.load(fh, parse_float=Decimal)
    return parse_catalogue(data)


def load_default_catalogue() -> list[Tariff]:
    """The catalogue shipped in ``resources/tariffs/default_catalogue.json``."""
    text = resources.files(DEFAULT_CATALOGUE_PACKAGE).joinpath(DEFAULT_CATALOGUE_FILE).read_text("utf-8")
    return parse_catalogue(json.loads(text, parse_float=Decimal))


# --- usage and time-of-use classification --------------------------------------------------


@dataclass(frozen=True)
class Usage:
    """Metered kWh of one bill: the total, and per TOU period when the meter registers them.

    Build TOU usage with :meth:`Usage.tou`, which adds the periods up. Given both, they must
    agree. kWh are Decimal (or int); negative kWh are refused.
    """

    total_kwh: Decimal
    by_period: tuple[tuple[str, Decimal], ...] = ()

    def __post_init__(self) -> None:
        total = _usage_kwh(self.total_kwh, "total_kwh")
        object.__setattr__(self, "total_kwh", total)
        periods: list[tuple[str, Decimal]] = []
        for period, kwh in self.by_period:
            if period not in PERIODS:
                raise ValidationError("usage", "未知分时时段 {period}", period=repr(period))
            periods.append((period, _usage_kwh(kwh, period)))
        if len({p for p, _ in periods}) != len(periods):
            raise ValidationError("usage", "分时电量中有重复的时段")
        if periods and sum((k for _, k in periods), Decimal(0)) != total:
            raise ValidationError("usage", "各时段电量之和与总电量不一致")
        object.__setattr__(self, "by_period", tuple(sorted(periods, key=lambda p: list(PERIODS).index(p[0]))))

    @classmethod
    def of(cls, kwh: Decimal | int) -> Usage:
        return cls(_usage_kwh(kwh, "kwh"))

    @classmethod
    def tou(cls, by_period: Mapping[str, Decimal | int]) -> Usage:
        items = [(p, _usage_kwh(k, p)) for p, k in by_period.items()]
        return cls(sum((k for _, k in items), Decimal(0)), tuple(items))

    @property
    def period_kwh(self) -> dict[str, Decimal]:
        return dict(self.by_period)


def _usage_kwh(value: object, what: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{what}: kWh must not be a float")
    try:
        kwh = ensure_decimal(value, what)
    except (TypeError, ValueError):
        raise ValidationError("usage", "电量不是有效数字（{value}）", value=repr(value)) from None
    if kwh < 0:
        raise ValidationError("usage", "电量不能为负数")
    return kwh


def day_bands(tariff: Tariff, day: dt.date, holidays: Iterable[dt.date] = ()) -> list[TimeBand]:
    """The day's effective periods, in time order: the month's schedule with the holiday
    overrides cut in when ``day`` is a holiday (a working-day calendar supplies ``holidays``)."""
    if tariff.kind != TariffKind.TOU:
        raise RuleViolation("电价 {code} 不是分时电价", code=tariff.code)
    base = tariff.schedule_for_month(day.month).bands
    overrides = tariff.holiday_bands if day in set(holidays) else ()
    # Minute-resolution painting keeps the override logic obvious; 1440 cells is nothing.
    cells: list[str] = [""] * _MINUTES_PER_DAY
    for band in (*base, *overrides):
        for lo, hi in band.pieces():
            cells[lo:hi] = [band.period] * (hi - lo)
    bands: list[TimeBand] = []
    start = 0
    for minute in range(1, _MINUTES_PER_DAY + 1):
        if minute == _MINUTES_PER_DAY or cells[minute] != cells[start]:
            bands.append(TimeBand(start, minute, cells[start]))
            start = minute
    return bands


def period_at(tariff: Tariff, moment: dt.datetime, holidays: Iterable[dt.date] = ()) -> str:
    """The TOU period of the minute ``moment`` falls in."""
    minute = moment.hour * 60 + moment.minute
    day = moment.date()
    if day in set(holidays):
        for band in tariff.holiday_bands:
            if band.contains(minute):
                return band.period
    for band in tariff.schedule_for_month(day.month).bands:
        if band.contains(minute):
            return band.period
    raise RuleViolation("电价 {code} 的时段表没有覆盖 {time}", code=tariff.code, time=f"{moment:%H:%M}")  # pragma: no cover - validated


def usage_from_intervals(
    tariff: Tariff, intervals: Iterable[tuple[dt.datetime, Decimal]], holidays: Iterable[dt.date] = ()
) -> Usage:
    """Sum interval readings (load profile: start time, kWh) into per-period usage.

    Each interval is classified by its start time, so intervals must not straddle a period
    boundary (15-, 30- and 60-minute intervals on the hour never do with the shipped tables).
    """
    holiday_set = frozenset(holidays)
    totals: dict[str, Decimal] = {}
    for start, kwh in intervals:
        period = period_at(tariff, start, holiday_set)
        totals[period] = totals.get(period, Decimal(0)) + _usage_kwh(kwh, "interval")
    return Usage.tou(totals)


# --- the bill engine -----------------------------------------------------------------------


@dataclass(frozen=True)
class BillContext:
    """What the bill needs besides the kWh.

    ``bill_date`` picks nothing by itself (see :func:`select_tariff`) but must fall within
    the tariff version's dates. ``year_to_date_kwh`` is the metered usage of the bill's
    calendar year before this bill (annual tiers). ``months`` is how many months the bill
    covers (bimonthly reading: 2), scaling monthly thresholds, free kWh and capacity charges.
    ``share`` is the part of those months this computation prices (a reading period split at a
    price change: its days / the period's days; 1 otherwise). ``supply_months`` is how many
    months of the bill's year the customer is supplied (12, or fewer in the first year of a
    customer connected mid-year): annual thresholds are × supply_months / 12 when the version
    says ``prorate_first_year``.
    """

    bill_date: dt.date
    year_to_date_kwh: Decimal = Decimal(0)
    low_income: bool = False
    months: int = 1
    capacity_kva: Decimal | None = None
    share: Decimal = Decimal(1)
    supply_months: int = 12
    #: the low-income allowance of this computation when the caller shared out a period's
    #: allowance itself (the parts of a split reading period); None: per month × months × share
    free_kwh: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "year_to_date_kwh", _usage_kwh(self.year_to_date_kwh, "year_to_date_kwh"))
        if isinstance(self.months, bool) or not isinstance(self.months, int) or not 1 <= self.months <= 12:
            raise ValidationError("months", "计费月数应为 1–12")
        share = _dec(self.share, "share")
        if not 0 < share <= 1:
            raise ValidationError("share", "分摊比例应在 0 与 1 之间")
        object.__setattr__(self, "share", share)
        if (isinstance(self.supply_months, bool) or not isinstance(self.supply_months, int)
                or not 1 <= self.supply_months <= 12):
            raise ValidationError("supply_months", "供电月数应为 1–12")
        if self.capacity_kva is not None:
            cap = _dec(self.capacity_kva, "capacity_kva")
            object.__setattr__(self, "capacity_kva", cap)


@dataclass(frozen=True)
class BillLine:
    """One line of a bill: quantity × price = amount, with the sentence the clerk reads out."""

    code: str  # tier1…tier5, free, critical_peak…deep_valley, markup2…, free_credit, capacity
    label: str
    quantity: Decimal
    unit: str  # "kWh" or "kVA·月"
    price: Decimal  # yuan per unit
    amount_fen: int
    explanation: str

    @property
    def kwh(self) -> Decimal:
        """kWh of an energy line; 0 for a capacity line (its quantity is kVA·months)."""
        return self.quantity if self.unit == "kWh" else Decimal(0)


@dataclass(frozen=True)
class BillComputation:
    tariff_code: str
    tariff_name: str
    tariff_effective_from: dt.date
    total_kwh: Decimal
    lines: tuple[BillLine, ...]
    total_fen: int
    year_to_date_after_kwh: Decimal

    @property
    def explanation(self) -> str:
        """The lines' explanations and the total, one per line (a Message: the UI translates it)."""
        body = [line.explanation for line in self.lines] or [Message("本期无用电")]
        total = Message("合计 {amount} 元", amount=_fmt_amount(self.total_fen))
        return Message.join([*body, total], sep="\n")


def _line(code: str, label: str, quantity: Decimal, price: Decimal, unit: str = KWH) -> BillLine:
    amount = round_half_up(quantity * price)
    fen = int(amount.scaleb(2))
    text = Message("{label} {qty} {unit} × {price} = {amount}", label=term(label), qty=_fmt_qty(quantity),
                   unit=term(unit), price=_fmt_price(price), amount=_fmt_amount(fen))
    return BillLine(code, label, quantity, unit, price, fen, text)


def compute_bill(tariff: Tariff, usage: Usage, context: BillContext) -> BillComputation:
    """Price ``usage`` under ``tariff``; see the module docstring for the rules and rounding."""
    if not tariff.effective_on(context.bill_date):
        raise RuleViolation(
            "电价 {code}（{start} 起）在 {date} 不适用，请选择当日有效的版本",
            code=tariff.code, start=tariff.effective_from, date=context.bill_date,
        )
    months: int | Decimal = context.months
    if context.share != 1:
        months = context.months * context.share
    annual_share = Decimal(1)
    if tariff.prorate_first_year and context.supply_months < 12:
        annual_share = Decimal(context.supply_months) / 12
    total = usage.total_kwh
    start = context.year_to_date_kwh
    free = Decimal(0)
    if context.low_income:
        allowance = context.free_kwh
        if allowance is None:
            allowance = _scaled(tariff.low_income_free_kwh, Decimal(months))
        free = min(total, allowance)
    lines: list[BillLine] = []

    if tariff.kind == TariffKind.FLAT:
        assert tariff.price is not None
        if free:
            lines.append(_free_line(free, [(term("电度电费"), free, tariff.price)]))
        if total - free:
            lines.append(_line("energy", term("电度电费"), total - free, tariff.price))
    elif tariff.kind == TariffKind.TIERED:
        assert tariff.tiers is not None
        ladder = tariff.tiers.ladder_start(start)
        if free:
            taken = tariff.tiers.split(ladder, free, months, annual_share)
            lines.append(_free_line(free, [(TIER_NAMES[i], kwh, band.price) for i, (kwh, band)
                                           in enumerate(zip(taken, tariff.tiers.bands, strict=True)) if kwh]))
        split = tariff.tiers.split(ladder + free, total - free, months, annual_share)
        for i, (kwh, band) in enumerate(zip(split, tariff.tiers.bands, strict=True)):
            if kwh:
                lines.append(_line(f"tier{i + 1}", TIER_NAMES[i], kwh, band.price))
    else:
        _tou_lines(tariff, usage, start, months, free, lines, annual_share)

    if tariff.capacity_price is not None:
        if context.capacity_kva is None:
            raise ValidationError("capacity_kva", "电价 {code} 含基本电费，需要用户的合同容量（kVA）", code=tariff.code)
        kva_months = context.capacity_kva * months
        if context.share != 1:
            kva_months = round_half_up(kva_months)
        lines.append(_line("capacity", term("基本电费"), kva_months, tariff.capacity_price, term("kVA·月")))

    return BillComputation(
        tariff_code=tariff.code,
        tariff_name=tariff.name,
        tariff_effective_from=tariff.effective_from,
        total_kwh=total,
        lines=tuple(lines),
        total_fen=sum(line.amount_fen for line in lines),
        year_to_date_after_kwh=start + total,
    )


def _free_line(free: Decimal, taken: Sequence[tuple[str, Decimal, Decimal]]) -> BillLine:
    """The low-income allowance (低保/五保免费电量): priced 0, and the explanation says which kWh
    it took — the first kWh of the bill on the ladder — and what they would have cost (issue 6
    item 25): "低保/五保免费电量 15 kWh，从第一档（15 kWh × 0.5380 = 8.07 元）扣除，免收 = 0.00"."""
    parts = []
    for name, kwh, price in taken:
        fen = int(round_half_up(kwh * price).scaleb(2))
        parts.append(Message("{name}（{qty} kWh × {price} = {amount} 元）", name=term(name), qty=_fmt_qty(kwh),
                             price=_fmt_price(price), amount=_fmt_amount(fen)))
    text = Message("低保/五保免费电量 {qty} kWh，从{parts}扣除，免收 = 0.00", qty=_fmt_qty(free),
                   parts=Message.join(parts, "、"))
    return BillLine("free", term("低保/五保免费电量"), free, "kWh", Decimal(0), 0, text)


def _tou_lines(
    tariff: Tariff,
    usage: Usage,
    start: Decimal,
    months: int | Decimal,
    free: Decimal,
    lines: list[BillLine],
    annual_share: Decimal = Decimal(1),
) -> None:
    prices = tariff.prices
    readings = usage.period_kwh
    if usage.total_kwh and not readings:
        raise ValidationError("usage", "分时电价 {code} 需要各时段电量（尖峰/峰/平/谷/深谷）", code=tariff.code)
    for period, kwh in readings.items():
        if period not in prices:
            raise ValidationError(
                "usage", "电价 {code} 没有{period}时段，不能计入 {kwh} kWh", code=tariff.code, period=PERIODS[period],
                kwh=kwh,
            )
    for period, kwh in readings.items():
        if kwh:
            lines.append(_line(period, Message("{period}段", period=PERIODS[period]), kwh, prices[period]))
    if tariff.tier_markups is not None:
        ladder = tariff.tier_markups
        split = ladder.split(ladder.ladder_start(start), usage.total_kwh, months, annual_share)
        for i, (kwh, band) in enumerate(zip(split, tariff.tier_markups.bands, strict=True)):
            if kwh and band.price:
                lines.append(_line(f"markup{i + 1}", Message("{tier}加价", tier=TIER_NAMES[i]), kwh, band.price))
    if free:
        assert tariff.free_kwh_credit_price is not None
        price = tariff.free_kwh_credit_price
        charged = sum(line.amount_fen for line in lines)
        full = int(round_half_up(free * price).scaleb(2))
        credit = min(full, charged)
        text = Message("低保/五保免费电量抵扣 {qty} kWh × {price} = {amount}", qty=_fmt_qty(free),
                       price=_fmt_price(price), amount=_fmt_amount(-full))
        if credit < full:
            text = Message(
                "低保/五保免费电量抵扣 {qty} kWh × {price} = {amount}，以本期电费为限 = {credit}",
                qty=_fmt_qty(free), price=_fmt_price(price), amount=_fmt_amount(full), credit=_fmt_amount(-credit),
            )
        lines.append(BillLine("free_credit", term("低保/五保免费电量抵扣"), free, "kWh", price, -credit, text))


# --- the period tables checked table by table (the admin screen's structured editor) ---------


def band_overlaps(bands: Sequence[TimeBand]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of bands that share at least one minute (wrap-around bands
    included): which rows of a table :func:`_check_cover` refused for overlapping."""
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(bands):
        for j in range(i + 1, len(bands)):
            if any(lo < hi2 and lo2 < hi for lo, hi in a.pieces() for lo2, hi2 in bands[j].pieces()):
                pairs.append((i, j))
    return pairs


def _table_errors(raw_bands: Sequence[Any], path: str, priced: set[str], *, whole_day: bool) -> list[ValidationError]:
    """The bands of one table: each band as TimeBand.from_dict reads it, then the day's cover as
    DaySchedule / the holiday table check it, then a price for every period used."""
    errors: list[ValidationError] = []
    bands: list[tuple[int, TimeBand]] = []
    for j, raw in enumerate(raw_bands):
        try:
            bands.append((j, TimeBand.from_dict(raw, f"{path}[{j}]")))
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        return errors
    only = [b for _, b in bands]
    try:
        _check_cover(only, path, whole_day=whole_day)
    except ValidationError as exc:
        pairs = band_overlaps(only)
        if not pairs:
            errors.append(exc)  # a gap: the table's message names the uncovered span
        for i, j in pairs:
            a, b = only[i], only[j]
            errors.append(_at(f"{path}[{j}]", Message("{band} 与第 {row} 行（{other}）重叠", band=b.describe(),
                                                      row=i + 1, other=a.describe())))
    for j, band in bands:
        if band.period not in priced:
            errors.append(_at(f"{path}[{j}].period", Message("时段表用到了{period}，但没有它的电价",
                                                             period=PERIODS[band.period]), f"{path}[{j}]"))
    return errors


def tou_schedule_errors(data: Mapping[str, Any]) -> list[ValidationError]:
    """Every problem of a TOU version's period tables at once, table by table and row by row.

    The same rules as :meth:`Tariff.from_dict` (which stops at the first): each season's bands
    cover 00:00–24:00 without overlap (:class:`DaySchedule`), every month is in exactly one
    season, holiday bands do not overlap, every period used has a price. Overlaps are reported
    on the later row ("…periods[3]：09:00–12:00 与第 2 行（08:00–11:00）重叠"). Paths start
    with the tariff code like the engine's, so the editor can put each message next to its
    table or row. An empty list means the tables are fine (other fields are not looked at).
    """
    code = data.get("code")
    path = code.strip() if isinstance(code, str) and code.strip() else "tariff"
    raw_prices = data.get("prices")
    priced = {p for p in raw_prices if p in PERIODS} if isinstance(raw_prices, Mapping) else set()
    errors: list[ValidationError] = []
    try:
        raw_schedules = _sequence(data.get("schedules"), f"{path}.schedules")
    except ValidationError as exc:
        return [exc]
    months: list[int] = []
    months_ok = True
    for i, raw in enumerate(raw_schedules):
        spath = f"{path}.schedules[{i}]"
        try:
            schedule = _mapping(raw, spath)
            raw_months = [_int(m, f"{spath}.months") for m in _sequence(schedule.get("months"), f"{spath}.months")]
            if not raw_months or any(not 1 <= m <= 12 for m in raw_months) or len(set(raw_months)) != len(raw_months):
                raise _at(f"{spath}.months", Message("月份应为 1–12 且不重复"))
            months.extend(raw_months)
        except ValidationError as exc:
            errors.append(exc)
            months_ok = False
            if not isinstance(raw, Mapping):
                continue
        try:
            raw_bands = _sequence(raw.get("periods"), f"{spath}.periods")
        except ValidationError as exc:
            errors.append(exc)
            continue
        errors.extend(_table_errors(raw_bands, f"{spath}.periods", priced, whole_day=True))
    if months_ok:
        missing = sorted(set(range(1, 13)) - set(months))
        twice = sorted({m for m in months if months.count(m) > 1})
        if missing or twice:
            detail = Message.join(
                ([Message("缺少 {months} 月", months=_months(missing))] if missing else [])
                + ([Message("{months} 月在两个季节中重复", months=_months(twice))] if twice else []))
            errors.append(_at(f"{path}.schedules", Message("时段表应覆盖 1–12 月各一次，{detail}", detail=detail)))
    try:
        raw_holiday = _sequence(data.get("holiday_periods", []), f"{path}.holiday_periods")
    except ValidationError as exc:
        errors.append(exc)
    else:
        errors.extend(_table_errors(raw_holiday, f"{path}.holiday_periods", priced, whole_day=False))
    return errors


# --- the holiday calendar (法定节假日) --------------------------------------------------------

HOLIDAYS_FORMAT = "gridcounter.holidays/1"
DEFAULT_HOLIDAYS_FILE = "holidays.json"


@dataclass(frozen=True)
class Holiday:
    """One holiday of a year as the State Council's notice arranges it (放假调休安排).

    ``first``–``last`` are the days off (放假, weekends inside included); ``statutory`` the
    statutory holidays themselves (法定假日, a subset); ``workdays`` the make-up working days
    (调休上班), which are working days, not holidays.
    """

    name: str
    first: dt.date
    last: dt.date
    statutory: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()

    @property
    def days_off(self) -> tuple[dt.date, ...]:
        return tuple(self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1))


@dataclass(frozen=True)
class HolidayCalendar:
    """The public holidays of the years a notice has been published for (the shipped
    ``resources/tariffs/holidays.json``). A year it does not list is unknown, not holiday-free."""

    holidays: tuple[Holiday, ...]
    source: str = ""

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({h.first.year for h in self.holidays}))

    def covers(self, year: int) -> bool:
        return year in self.years

    def _of(self, years: Iterable[int] | None) -> list[Holiday]:
        wanted = None if years is None else set(years)
        return [h for h in self.holidays if wanted is None or h.first.year in wanted]

    def days_off(self, years: Iterable[int] | None = None, *, statutory_only: bool = False) -> frozenset[dt.date]:
        """The holiday dates of ``years`` (all years when None): the days off, or only the
        statutory days."""
        return frozenset(d for h in self._of(years) for d in (h.statutory if statutory_only else h.days_off))

    def workdays(self, years: Iterable[int] | None = None) -> frozenset[dt.date]:
        """The make-up working days (调休上班) of ``years``."""
        return frozenset(d for h in self._of(years) for d in h.workdays)

    def holiday_on(self, day: dt.date) -> Holiday | None:
        return next((h for h in self.holidays if h.first <= day <= h.last), None)


def parse_holiday_calendar(data: Mapping[str, Any]) -> HolidayCalendar:
    """A calendar document ``{"format": HOLIDAYS_FORMAT, "years": [{"year", "holidays": […]}]}``.

    Each holiday: ``name``, ``from`` / ``to`` (days off, inclusive), ``statutory`` (dates
    inside from–to), ``workdays`` (make-up working days, outside every holiday). Dates belong
    to their entry's year (a Spring Festival that starts in late January still does)."""
    data = _mapping(data, "holidays")
    if data.get("format") != HOLIDAYS_FORMAT:
        raise ValidationError("format", "节假日日历格式应为 {format}", format=HOLIDAYS_FORMAT)
    holidays: list[Holiday] = []
    seen_years: set[int] = set()
    for i, raw_year in enumerate(_sequence(data.get("years"), "years")):
        ypath = f"years[{i}]"
        entry = _mapping(raw_year, ypath)
        year = _int(entry.get("year"), f"{ypath}.year")
        if year in seen_years:
            raise _at(f"{ypath}.year", Message("{year} 年出现了两次", year=year), ypath)
        seen_years.add(year)
        for j, raw in enumerate(_sequence(entry.get("holidays"), f"{ypath}.holidays")):
            hpath = f"{ypath}.holidays[{j}]"
            item = _mapping(raw, hpath)
            first = _date(item.get("from"), f"{hpath}.from")
            last = _date(item.get("to"), f"{hpath}.to")
            if first.year != year or last < first or (last - first).days > 15:
                raise _at(hpath, Message("放假日期应在 {year} 年内、起止有序且不超过 16 天", year=year))
            statutory = tuple(_date(d, f"{hpath}.statutory") for d in _sequence(item.get("statutory", []),
                                                                                 f"{hpath}.statutory"))
            if any(not first <= d <= last for d in statutory):
                raise _at(f"{hpath}.statutory", Message("法定假日应在放假期间内"))
            workdays = tuple(_date(d, f"{hpath}.workdays") for d in _sequence(item.get("workdays", []),
                                                                               f"{hpath}.workdays"))
            holidays.append(Holiday(_str(item, "name", hpath), first, last, statutory, workdays))
    holidays.sort(key=lambda h: h.first)
    for a, b in zip(holidays, holidays[1:], strict=False):
        if b.first <= a.last:
            raise ValidationError("years", "{a}（{a_first}–{a_last}）与{b}（{b_first}–{b_last}）的放假日期重叠",
                                  a=a.name, a_first=a.first, a_last=a.last, b=b.name, b_first=b.first, b_last=b.last)
    off = frozenset(d for h in holidays for d in h.days_off)
    for h in holidays:
        clash = [d for d in h.workdays if d in off]
        if clash:
            raise ValidationError("years", "{name}的调休上班日 {day} 同时是放假日", name=h.name, day=clash[0])
    source = data.get("source", "")
    return HolidayCalendar(tuple(holidays), source if isinstance(source, str) else "")


def load_default_holidays() -> HolidayCalendar:
    """The calendar shipped in ``resources/tariffs/holidays.json``."""
    text = resources.files(DEFAULT_CATALOGUE_PACKAGE).joinpath(DEFAULT_HOLIDAYS_FILE).read_text("utf-8")
    return parse_holiday_calendar(json.loads(text))
