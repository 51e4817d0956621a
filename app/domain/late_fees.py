"""Late fees (电费违约金) per the 供电营业规则.

The rule (供电营业规则, 1996 art. 98; kept in the 2024 revision): a customer who has not paid in
full by the due date pays a late fee counted per day **from the day after the due date up to
the payment day** (逾期之日起计算至交纳日止), accumulated day by day:

* residential customers (居民用户): 1‰ of the arrears per day;
* other customers: 2‰ per day on current-year arrears (当年欠费部分), 3‰ per day on arrears
  carried over from an earlier year (跨年度欠费部分).

Interpretation of "current-year" (the rules leave it to the reader): the arrears of a bill are
*current-year* while the calendar year of the late day is the bill's own year (``bill_year``,
the 账务年度 of the bill — normally the year it was issued) and *earlier-year* from 1 January of
the next year on. So a non-residential bill due on 20 December and paid on 10 February accrues
11 days at 2‰ (21–31 Dec) and 41 days at 3‰ (1 Jan–10 Feb). A residential bill accrues 1‰ on
every day whatever the year.

Configuration (:class:`LateFeeRules`), because provinces and contracts differ:

* the three rates;
* ``grace_days`` (宽限天数): the counting starts after the due date *plus* the grace days, i.e.
  a grace period moves the due date; paying within it costs nothing and paying later never
  charges the grace days;
* a minimum charge: the 1996 text charged ¥1 when the total was under ¥1 (总额不足1元者按1元收取);
  that sentence should be checked against the text in force (docs/rules.md#late-fees), so it is off by
  default and switched on with ``minimum_enabled``.

Rounding: the daily amounts are added exactly (Decimal) and the total is rounded half-up to the
fen once, at the end; the minimum is applied after rounding. The fee is charged on the
``principal_fen`` given: when arrears changed (a partial payment) the caller computes each
stretch with its own principal, adds the stretches' *exact* amounts (``LateFeeResult.exact``)
and rounds the bill's total once (:func:`round_fee`, issue 6 item 17): rounding each stretch on
its own could be a fen off for every partial payment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from app.domain.codes import CustomerKind
from app.domain.customers import KINDS as CUSTOMER_KINDS
from app.domain.errors import Message, ValidationError, term
from app.domain.money import ensure_decimal, ensure_fen, format_yuan, round_half_up

__all__ = ["LateFeeResult", "LateFeeRules", "LateFeeSegment", "late_fee_for", "round_fee"]

PER_MILLE = Decimal("0.001")


def _per_mille(rate: Decimal) -> str:
    return f"{(rate / PER_MILLE).normalize():f}‰"


@dataclass(frozen=True)
class LateFeeRules:
    """Configurable late-fee rules; the defaults are the 供电营业规则 rates."""

    residential_rate: Decimal = Decimal("0.001")  # 居民 1‰/日
    current_year_rate: Decimal = Decimal("0.002")  # 其他用户 当年欠费 2‰/日
    earlier_year_rate: Decimal = Decimal("0.003")  # 其他用户 跨年度欠费 3‰/日
    grace_days: int = 0
    minimum_enabled: bool = False
    minimum_fen: int = 100  # ¥1 (1996 text), applied only when enabled and the fee is positive

    def __post_init__(self) -> None:
        for name in ("residential_rate", "current_year_rate", "earlier_year_rate"):
            rate = ensure_decimal(getattr(self, name), name)
            if rate < 0 or rate >= 1:
                raise ValidationError(name, "违约金日费率应在 0 与 1 之间（如 0.001 表示千分之一）")
            object.__setattr__(self, name, rate)
        if isinstance(self.grace_days, bool) or not isinstance(self.grace_days, int) or self.grace_days < 0:
            raise ValidationError("grace_days", "宽限天数应为不小于零的整数")
        if ensure_fen(self.minimum_fen, "minimum_fen") < 0:
            raise ValidationError("minimum_fen", "最低违约金不能为负数")


@dataclass(frozen=True)
class LateFeeSegment:
    """A run of late days charged at one rate: first_day..last_day inclusive."""

    first_day: dt.date
    last_day: dt.date
    days: int
    rate: Decimal
    amount: Decimal  # exact yuan, not rounded
    label: str  # 居民 / 当年欠费 / 跨年度欠费

    @property
    def description(self) -> str:
        return Message(
            "{label} {first}至{last} {days} 天 × {rate}/日",
            label=term(self.label),
            first=f"{self.first_day:%Y-%m-%d}",
            last=f"{self.last_day:%Y-%m-%d}",
            days=self.days,
            rate=_per_mille(self.rate),
        )


@dataclass(frozen=True)
class LateFeeResult:
    fen: int
    days: int  # late days charged (after grace)
    rate_desc: str  # "居民 1‰/日 × 15 天" or "当年欠费 2‰/日 × 11 天；跨年度欠费 3‰/日 × 41 天"
    breakdown: tuple[LateFeeSegment, ...]
    minimum_applied: bool = False
    exact: Decimal = Decimal(0)  # the unrounded total in yuan (Σ segment amounts)


_ZERO = LateFeeResult(0, 0, Message("未逾期"), ())


def round_fee(exact: Decimal) -> int:
    """An exact late fee (yuan) rounded half-up to the fen: the one rounding of a bill's fee."""
    return int(round_half_up(exact).scaleb(2))


def late_fee_for(
    principal_fen: int,
    due_date: dt.date,
    pay_date: dt.date,
    customer_kind: str,
    rules: LateFeeRules | None = None,
    bill_year: int | None = None,
) -> LateFeeResult:
    """The late fee on ``principal_fen`` of arrears paid on ``pay_date`` (see module doc).

    ``bill_year`` defaults to the due date's year; it only matters for non-residential
    customers (which days are current-year and which earlier-year).
    """
    rules = rules or LateFeeRules()
    ensure_fen(principal_fen, "principal_fen")
    if customer_kind not in CUSTOMER_KINDS:
        raise ValidationError("customer_kind", "未知用户类别：{kind}", kind=customer_kind)
    if bill_year is None:
        bill_year = due_date.year
    elif isinstance(bill_year, bool) or not isinstance(bill_year, int):
        raise TypeError(f"bill_year must be an int year, got {bill_year!r}")
    first_day = due_date + dt.timedelta(days=rules.grace_days + 1)
    if principal_fen <= 0 or pay_date < first_day:
        return _ZERO

    principal = Decimal(principal_fen).scaleb(-2)
    segments: list[LateFeeSegment] = []

    def add(first: dt.date, last: dt.date, rate: Decimal, label: str) -> None:
        if last < first:
            return
        days = (last - first).days + 1
        segments.append(LateFeeSegment(first, last, days, rate, principal * rate * days, label))

    if customer_kind == CustomerKind.RESIDENTIAL:
        add(first_day, pay_date, rules.residential_rate, term("居民"))
    else:
        year_end = dt.date(bill_year, 12, 31)
        add(first_day, min(pay_date, year_end), rules.current_year_rate, term("当年欠费"))
        add(
            max(first_day, year_end + dt.timedelta(days=1)),
            pay_date,
            rules.earlier_year_rate,
            term("跨年度欠费"),
        )

    exact = sum((s.amount for s in segments), Decimal(0))
    fen = round_fee(exact)
    minimum_applied = rules.minimum_enabled and 0 < fen < rules.minimum_fen
    if minimum_applied:
        fen = rules.minimum_fen
    desc: str = Message.join(
        [
            Message(
                "{label} {rate}/日 × {days} 天", label=term(s.label), rate=_per_mille(s.rate), days=s.days
            )
            for s in segments
        ]
    )
    if minimum_applied:
        desc = Message(
            "{desc}（不足 {minimum}，按 {minimum} 收取）", desc=desc, minimum=format_yuan(rules.minimum_fen)
        )
    return LateFeeResult(
        fen=fen,
        days=sum(s.days for s in segments),
        rate_desc=desc,
        breakdown=tuple(segments),
        minimum_applied=minimum_applied,
        exact=exact,
    )
