"""Pricing one reading into a bill (电费核算): the stored lines, the pricer with a memory, and a
reading priced across a price change (issue 6 items 18 and 21).

Used by the bill run (:mod:`app.services.bill_run`); the rules themselves are
:func:`app.domain.tariffs.engine.compute_bill`, and the versions in force come from a
:class:`VersionsInForce` (the service's :class:`app.services.tariffs.TariffBook`). Pure: no database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from app.domain.codes import TariffKind
from app.domain.errors import DomainError, Message, term
from app.domain.messages import message_to_data
from app.domain.money import round_half_up
from app.domain.tariffs.engine import BillComputation, BillContext, compute_bill
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.usage import Usage

__all__ = [
    "LINES_FORMAT",
    "LINE_FIELDS",
    "PricedReading",
    "Pricer",
    "VersionsInForce",
    "bill_lines_json",
    "months_between",
    "price_reading",
    "supply_months",
]


class VersionsInForce(Protocol):
    """The versions of the tariffs (the bill run's TariffBook)."""

    def on(self, code: str, day: dt.date) -> Tariff:
        """The version of ``code`` in force on ``day`` (a DomainError when there is none)."""
        ...


#: 2: a line's label and explanation are stored with their template (app.domain.messages
#: message_to_data), so a bill priced in a Chinese session is shown in English; 1: Chinese text.
LINES_FORMAT = 2


#: Order of the fields of one stored bill line (Bill.lines["lines"] holds one list per line).
LINE_FIELDS = ("code", "label", "quantity", "unit", "price", "amount_fen", "explanation")


def _lines_fragment(comp: BillComputation) -> str:
    """The lines as stored (format 2): label and explanation keep their template and parameters."""
    return json.dumps(
        [
            [
                ln.code,
                message_to_data(ln.label),
                str(ln.quantity),
                ln.unit,
                str(ln.price),
                ln.amount_fen,
                message_to_data(ln.explanation),
            ]
            for ln in comp.lines
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def bill_lines_json(
    comp: BillComputation,
    ytd_before: Decimal,
    low_income: bool,
    capacity_kva: int | None,
    lines_fragment: str | None = None,
    extra: str = "",
) -> str:
    """The stored explanation of a bill (Bill.lines): every line exactly as priced and printed
    (:data:`LINE_FIELDS`), and the facts it was priced from that the bill row does not hold
    (the tariff version and the reading are the bill's ``tariff_version_id`` / ``reading_id``).
    Compact: a bill run stores hundreds of thousands of these."""
    lines = lines_fragment if lines_fragment is not None else _lines_fragment(comp)
    return (
        f'{{"format":{LINES_FORMAT},"ytd_before_kwh":{json.dumps(str(ytd_before))},'
        f'"low_income":{"true" if low_income else "false"},'
        f'"capacity_kva":{"null" if capacity_kva is None else int(capacity_kva)},'
        f'"lines":{lines},"total_fen":{comp.total_fen}{extra}}}'
    )


class Pricer:
    """compute_bill with a memory: a bill run prices thousands of identical cases.

    A bill's lines depend on the year-to-date kWh only through where the bill falls on an
    annual ladder (阶梯). When the tariff has no annual ladder, or the bill's whole range
    (ytd, ytd + kWh] lies inside one band, any other year-to-date with the same property
    gives the same lines, so those cases share one computation; every other case is computed
    afresh. The result is always exactly compute_bill's (a test compares them)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[Any, ...], tuple[BillComputation, str]] = {}

    @staticmethod
    def _ladder_key(tariff: Tariff, ytd: Decimal, total: Decimal) -> Any:
        ladder = (
            tariff.tiers
            if tariff.kind == TariffKind.TIERED
            else tariff.tier_markups
            if tariff.kind == TariffKind.TOU
            else None
        )
        if ladder is None or ladder.basis != "annual":
            return None
        lower = Decimal(0)
        for i, band in enumerate(ladder.bands):
            upper = band.upto_kwh
            if ytd >= lower and (upper is None or ytd + total <= upper):
                return ("band", i)
            if upper is not None:
                lower = upper
        return ("ytd", ytd)

    def price(
        self,
        tariff: Tariff,
        usage: Usage,
        bill_date: dt.date,
        ytd: Decimal,
        low_income: bool,
        capacity_kva: Decimal | None,
        months: int = 1,
        supply_months: int = 12,
    ) -> tuple[BillComputation, str]:
        """(computation, stored lines fragment)."""
        if tariff.prorate_first_year and supply_months < 12:
            ladder_key: Any = ("ytd", ytd, supply_months)  # pro-rated thresholds: no sharing by band
        else:
            ladder_key = self._ladder_key(tariff, ytd, usage.total_kwh)
        key = (id(tariff), usage.total_kwh, usage.by_period, low_income, capacity_kva, months, ladder_key)
        found = self._memo.get(key)
        if found is None:
            comp = compute_bill(
                tariff,
                usage,
                BillContext(
                    bill_date=bill_date,
                    year_to_date_kwh=ytd,
                    low_income=low_income,
                    capacity_kva=capacity_kva,
                    months=months,
                    supply_months=supply_months,
                ),
            )
            found = (comp, _lines_fragment(comp))
            if len(self._memo) < 200_000:
                self._memo[key] = found
        elif not tariff.effective_on(bill_date):  # pragma: no cover - the book picks versions in force
            raise DomainError("电价 {code} 在 {date} 不适用", code=tariff.code, date=bill_date)
        return found


def months_between(previous_period: str | None, period: str) -> int:
    """How many months a reading covers: from the previous reading's period (a bimonthly reading:
    2); 1 for a customer's first reading; at most 12 (issue 6 item 18)."""
    if not previous_period:
        return 1
    months = (int(period[:4]) * 12 + int(period[5:7])) - (
        int(previous_period[:4]) * 12 + int(previous_period[5:7])
    )
    return min(max(months, 1), 12)


def supply_months(connected: dt.date | None, year: int) -> int:
    """Months of supply in ``year`` of a customer connected on ``connected`` (the month of
    connection counts): 12 unless the customer was connected during that year."""
    if connected is None or connected.year != year:
        return 12
    return 13 - connected.month


def _split_kwh(value: int, days: int, total_days: int) -> int:
    return int((Decimal(value) * days / total_days).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def _split_usage(usage: Usage, days: int, total_days: int) -> tuple[Usage, Usage]:
    """The kWh of the first ``days`` of a ``total_days`` reading period, and the rest: whole kWh
    pro rata (half-up), per TOU period when the meter registers them."""
    if usage.by_period:
        first = {p: _split_kwh(int(k), days, total_days) for p, k in usage.by_period}
        rest = {p: int(k) - first[p] for p, k in usage.by_period}
        return Usage.tou(first), Usage.tou(rest)
    first_kwh = _split_kwh(int(usage.total_kwh), days, total_days)
    return Usage.of(first_kwh), Usage.of(int(usage.total_kwh) - first_kwh)


@dataclass(frozen=True)
class PricedReading:
    """A reading priced: the computation (both parts' lines when the period was split at a price
    change), what to store beside the lines, and the version in force on the reading date."""

    comp: BillComputation
    tariff: Tariff
    fragment: str | None = None  # the stored lines, when the Pricer made them
    extra: str = ""  # more stored facts (',"parts":[...]'), JSON members with a leading comma
    prior_year_kwh: int = 0  # kWh of this bill counted toward the previous year's tiers


def price_reading(
    book: VersionsInForce,
    pricer: Pricer,
    code: str,
    period: str,
    reading_date: dt.date,
    previous_date: dt.date | None,
    months: int,
    usage: Usage,
    ytd_before: Decimal,
    prior_ytd: Callable[[], Decimal],
    low_income: bool,
    capacity: Decimal | None,
    connected: dt.date | None,
) -> PricedReading:
    """Price one reading (issue 6 items 18 and 21).

    The version in force on the reading date prices the period — unless it took effect inside
    the period (after the previous reading) and says ``split_by_days``: then the kWh are split
    by days before / after its ``effective_from`` (whole kWh, pro rata) and each part is priced
    by its own version, with its share of the period's months, and counted toward the tiers of
    its own year (the part before a 1 January change toward the previous year: ``prior_ytd``).
    ``capacity`` None: the tariff has no capacity charge."""
    tariff = book.on(code, reading_date)
    year = int(period[:4])
    old = _version_before_split(book, code, tariff, previous_date, reading_date)
    if old is None:
        comp, fragment = pricer.price(
            tariff,
            usage,
            reading_date,
            ytd_before,
            low_income,
            capacity if tariff.capacity_price is not None else None,
            months,
            supply_months(connected, year),
        )
        return PricedReading(comp, tariff, fragment)
    assert previous_date is not None
    split = _Split(old, tariff, previous_date, reading_date, year, months, low_income, capacity, connected)
    return _price_split(split, usage, ytd_before, prior_ytd)


def _version_before_split(
    book: VersionsInForce,
    code: str,
    tariff: Tariff,
    previous_date: dt.date | None,
    reading_date: dt.date,
) -> Tariff | None:
    """The version before ``tariff`` when the period is split at its start, else None."""
    change = tariff.effective_from
    if previous_date is not None and previous_date < change <= reading_date and tariff.split_by_days:
        try:
            return book.on(code, change - dt.timedelta(days=1))
        except DomainError:
            return None  # nothing before this version: the whole period at its price
    return None


@dataclass(frozen=True)
class _Split:
    """A reading period split at a price change: what both parts are priced with."""

    old: Tariff
    tariff: Tariff
    previous_date: dt.date
    reading_date: dt.date
    year: int
    months: int
    low_income: bool
    capacity: Decimal | None
    connected: dt.date | None

    @property
    def change(self) -> dt.date:
        return self.tariff.effective_from

    @property
    def total_days(self) -> int:
        return (self.reading_date - self.previous_date).days

    @property
    def days_before(self) -> int:
        return (self.change - self.previous_date).days


@dataclass(frozen=True)
class _Span:
    """One part of a split period: its version, kWh and days."""

    version: Tariff
    usage: Usage
    first_day: dt.date
    last_day: dt.date
    days: int
    tag: Message


def _spans(split: _Split, usage: Usage) -> tuple[_Span, _Span]:
    """The part before the change and the part from it on (kWh pro rata by days)."""
    first, second = _split_usage(usage, split.days_before, split.total_days)
    change = split.change
    return (
        _Span(
            split.old,
            first,
            split.previous_date,
            change - dt.timedelta(days=1),
            split.days_before,
            term("调价前"),
        ),
        _Span(
            split.tariff,
            second,
            change,
            split.reading_date - dt.timedelta(days=1),
            split.total_days - split.days_before,
            term("调价后"),
        ),
    )


def _shared_allowance(split: _Split) -> tuple[Decimal | None, dict[int, Decimal]]:
    """The low-income allowance of the whole period shared out by days in whole kWh (the two
    parts add up to it) when both versions grant the same monthly allowance."""
    old, tariff = split.old, split.tariff
    if split.low_income and old.low_income_free_kwh == tariff.low_income_free_kwh:
        allowance = tariff.low_income_free_kwh * split.months
        free_first = round_half_up(allowance * split.days_before / split.total_days, Decimal(1))
        return free_first, {id(old): free_first, id(tariff): allowance - free_first}
    return None, {}


def _price_split(
    split: _Split, usage: Usage, ytd_before: Decimal, prior_ytd: Callable[[], Decimal]
) -> PricedReading:
    """Each part priced by its own version, the lines of both, and the parts stored beside them."""
    before_year = (split.change - dt.timedelta(days=1)).year
    parts = []
    lines: list[Any] = []
    ytd_after_first = ytd_before
    prior_year_kwh = 0
    free_first, free_parts = _shared_allowance(split)
    for span in _spans(split, usage):
        is_old = span.version is split.old
        part_year = span.last_day.year if is_old else split.year
        if is_old and before_year < split.year:
            ytd = prior_ytd()
            prior_year_kwh = int(span.usage.total_kwh)
        else:
            ytd = ytd_after_first
        free = None if free_first is None else free_parts[id(span.version)]
        part = _price_span(split, span, ytd, part_year, free)
        if is_old and before_year == split.year:
            ytd_after_first = ytd_before + span.usage.total_kwh
        lines += _span_lines(span, part)
        parts.append(_span_record(span, part_year, part.total_fen))
    tariff = split.tariff
    comp = BillComputation(
        tariff.code,
        tariff.name,
        tariff.effective_from,
        usage.total_kwh,
        tuple(lines),
        sum(ln.amount_fen for ln in lines),
        ytd_before + usage.total_kwh - prior_year_kwh,
    )
    extra = f',"parts":{json.dumps(parts, ensure_ascii=False, separators=(",", ":"))}'
    if prior_year_kwh:
        extra += f',"prior_year_kwh":{prior_year_kwh}'
    return PricedReading(comp, tariff, None, extra, prior_year_kwh)


def _price_span(
    split: _Split, span: _Span, ytd: Decimal, part_year: int, free_kwh: Decimal | None
) -> BillComputation:
    version = span.version
    return compute_bill(
        version,
        span.usage,
        BillContext(
            bill_date=span.last_day if version is split.old else split.reading_date,
            year_to_date_kwh=ytd,
            low_income=split.low_income,
            months=split.months,
            share=Decimal(span.days) / split.total_days,
            capacity_kva=split.capacity if version.capacity_price is not None else None,
            supply_months=supply_months(split.connected, part_year),
            free_kwh=free_kwh,
        ),
    )


def _span_lines(span: _Span, part: BillComputation) -> list[Any]:
    """The part's lines, labelled with their part and explained with its days and version."""
    return [
        dataclasses.replace(
            ln,
            label=Message("{label}（{tag}）", label=term(ln.label), tag=span.tag),
            explanation=Message(
                "{explanation}（{first}至{last}，{days} 天 {kwh} kWh，按 {version_from} 起执行的价格）",
                explanation=term(ln.explanation),
                first=span.first_day.isoformat(),
                last=span.last_day.isoformat(),
                days=span.days,
                kwh=span.usage.total_kwh,
                version_from=span.version.effective_from.isoformat(),
            ),
        )
        for ln in part.lines
    ]


def _span_record(span: _Span, part_year: int, total_fen: int) -> dict[str, Any]:
    """What is stored of one part (the bill's ``parts``)."""
    return {
        "from": span.first_day.isoformat(),
        "to": span.last_day.isoformat(),
        "days": span.days,
        "kwh": str(span.usage.total_kwh),
        "version_from": span.version.effective_from.isoformat(),
        "year": part_year,
        "total_fen": total_fen,
    }
