"""The bill engine (电费计算): a tariff version, the metered usage and the bill's context in,
the bill's lines out, each with the sentence the clerk reads out.

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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from app.domain.codes import TariffKind
from app.domain.errors import RuleViolation, ValidationError
from app.domain.messages import Message, term
from app.domain.money import fen_to_yuan, round_half_up
from app.domain.tariffs.ladder import scaled
from app.domain.tariffs.parsing import parse_decimal
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.terms import KWH, PERIODS, TIER_NAMES
from app.domain.tariffs.usage import Usage, usage_kwh


def _fmt_qty(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _fmt_price(value: Decimal) -> str:
    """Prices are shown with four decimals (0.5380), or more when the tariff has more."""
    exponent = value.normalize().as_tuple().exponent
    places = max(4, -exponent) if isinstance(exponent, int) else 4
    return f"{value:.{places}f}"


def _fmt_amount(fen: int) -> str:
    return f"{fen_to_yuan(fen)}"


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
        object.__setattr__(self, "year_to_date_kwh", usage_kwh(self.year_to_date_kwh, "year_to_date_kwh"))
        if isinstance(self.months, bool) or not isinstance(self.months, int) or not 1 <= self.months <= 12:
            raise ValidationError("months", "计费月数应为 1–12")
        share = parse_decimal(self.share, "share")
        if not 0 < share <= 1:
            raise ValidationError("share", "分摊比例应在 0 与 1 之间")
        object.__setattr__(self, "share", share)
        if (isinstance(self.supply_months, bool) or not isinstance(self.supply_months, int)
                or not 1 <= self.supply_months <= 12):
            raise ValidationError("supply_months", "供电月数应为 1–12")
        if self.capacity_kva is not None:
            cap = parse_decimal(self.capacity_kva, "capacity_kva")
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
            allowance = scaled(tariff.low_income_free_kwh, Decimal(months))
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
