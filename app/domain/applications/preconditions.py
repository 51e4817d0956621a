"""Preconditions of a service application (受理前置条件), docs/rules.md#application-preconditions.

Pure functions over a :class:`CustomerSnapshot` (what the service reads about the customer in
its transaction) and the typed form values (``fields.parse_fields``). Every reason is returned
at once, each with a code the screen can act on (``ARREARS`` carries the amount, so the counter
can offer to take the payment) and the field it concerns. Every figure is a named value of
:class:`ApplicationRules`, defaults from 供电营业规则 (1996).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from app.domain.applications.catalogue import ApplicationCatalogue, BusinessType
from app.domain.applications.rules import ApplicationRules
from app.domain.codes import CustomerKind, CustomerStatus, FieldKind
from app.domain.customers import KINDS, VOLTAGE_LEVELS
from app.domain.errors import RuleViolation
from app.domain.messages import Message, term
from app.domain.money import format_yuan

__all__ = [
    "ApplicationRules",
    "CustomerSnapshot",
    "DateSpan",
    "PreconditionsNotMet",
    "Reason",
    "ReasonCode",
    "add_months",
    "check_preconditions",
    "require_preconditions",
]


@dataclass(frozen=True)
class DateSpan:
    """A period from ``start`` to ``end`` inclusive (a 暂停 taken or booked)."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def days_in_year(self, year: int) -> int:
        low = max(self.start, dt.date(year, 1, 1))
        high = min(self.end, dt.date(year, 12, 31))
        return max(0, (high - low).days + 1)


@dataclass(frozen=True)
class CustomerSnapshot:
    """What the preconditions need to know about an existing customer."""

    kind: CustomerKind
    status: CustomerStatus
    voltage_level: str
    capacity_kva: int
    name: str = ""
    tariff_code: str = ""
    arrears_fen: int = 0  # all that is owed today, late fees included
    open_applications: tuple[str, ...] = ()  # type codes of the customer's open applications
    pauses: tuple[DateSpan, ...] = ()  # 暂停 taken or booked (any year; counted per calendar year)
    #: the last 新装 / 增容 completion or the end of the last 减容 (starts the 2-year lock)
    last_capacity_change: dt.date | None = None
    #: capacity before a 减容 still in force (None: none in force)
    reduced_from_kva: int | None = None


class ReasonCode(StrEnum):
    NO_CUSTOMER = "no_customer"
    CLOSED = "closed"
    KIND = "kind"
    CLOSING = "closing"
    DUPLICATE = "duplicate"
    ARREARS = "arrears"
    DATE_PAST = "date_past"
    DATE_ORDER = "date_order"
    CAPACITY_RANGE = "capacity_range"
    CAPACITY_UP = "capacity_up"
    CAPACITY_DOWN = "capacity_down"
    REDUCTION_TERM = "reduction_term"
    CAPACITY_LOCK = "capacity_lock"
    NOT_PAUSED = "not_paused"
    ALREADY_PAUSED = "already_paused"
    PAUSE_NOTICE = "pause_notice"
    PAUSE_SHORT = "pause_short"
    PAUSE_TOTAL = "pause_total"
    PAUSE_COUNT = "pause_count"
    NOT_REDUCED = "not_reduced"
    SAME_NAME = "same_name"
    SAME_TARIFF = "same_tariff"


@dataclass(frozen=True)
class Reason:
    """One reason an application cannot be accepted; ``field`` the form field it concerns (None:
    the customer); ``amount_fen`` the arrears to settle for ``ARREARS``."""

    code: ReasonCode
    message: Message
    field: str | None = None
    amount_fen: int | None = None


class PreconditionsNotMet(RuleViolation):
    """The application cannot be accepted; ``reasons`` lists every reason."""

    def __init__(self, reasons: tuple[Reason, ...]) -> None:
        super().__init__(Message.join(r.message for r in reasons))
        self.reasons = reasons


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months; the 31st becomes the month's last day (31 Aug + 6 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, _calendar.monthrange(year, month + 1)[1]))


def _date(values: Mapping[str, object], name: str) -> dt.date | None:
    value = values.get(name)
    return value if isinstance(value, dt.date) else None


def _int(values: Mapping[str, object], name: str) -> int | None:
    value = values.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _field_names(btype: BusinessType, kind: FieldKind) -> list[str]:
    return [f.name for f in btype.fields if f.kind == kind]


def _date_reasons(btype: BusinessType, values: Mapping[str, object], today: dt.date) -> list[Reason]:
    out = []
    for spec in btype.fields:
        value = _date(values, spec.name)
        if value is None:
            continue
        if spec.not_past and value < today:
            out.append(
                Reason(
                    ReasonCode.DATE_PAST,
                    Message(
                        "{label}不能早于今天（{today}）", label=term(spec.label), today=today.isoformat()
                    ),
                    spec.name,
                )
            )
        before = _date(values, spec.after) if spec.after else None
        if before is not None and value <= before:
            earlier = btype.field(spec.after or "")
            earlier_label = earlier.label if earlier else spec.after or ""
            out.append(
                Reason(
                    ReasonCode.DATE_ORDER,
                    Message("{label}应晚于{earlier}", label=term(spec.label), earlier=term(earlier_label)),
                    spec.name,
                )
            )
    return out


def _capacity_field(btype: BusinessType) -> str | None:
    names = _field_names(btype, FieldKind.KVA)
    return names[0] if names else None


def check_preconditions(
    btype: BusinessType,
    catalogue: ApplicationCatalogue,
    customer: CustomerSnapshot | None,
    values: Mapping[str, object],
    today: dt.date,
    rules: ApplicationRules | None = None,
) -> tuple[Reason, ...]:
    """Every reason ``btype`` cannot be accepted today for ``customer`` (None for a new
    customer) with the typed form ``values``; empty when it can."""
    rules = rules or ApplicationRules()
    reasons = _date_reasons(btype, values, today)
    checks = set(btype.checks)
    cap_name = _capacity_field(btype)
    requested = _int(values, cap_name) if cap_name else None

    if btype.new_customer:
        kind = values.get("customer_kind", btype.kinds[0] if len(btype.kinds) == 1 else None)
        if kind is not None and kind not in btype.kinds:
            reasons.append(
                Reason(
                    ReasonCode.KIND,
                    Message(
                        "{type}不适用于{kind}客户",
                        type=term(btype.name),
                        kind=KINDS.get(str(kind), term(str(kind))),
                    ),
                    "customer_kind",
                )
            )
        voltage = values.get("voltage_level")
    else:
        if customer is None:
            return (Reason(ReasonCode.NO_CUSTOMER, Message("{type}须先选择客户", type=term(btype.name))),)
        voltage = values.get("voltage_level", customer.voltage_level)
        if customer.status == CustomerStatus.CLOSED:
            reasons.append(
                Reason(ReasonCode.CLOSED, Message("客户已销户，不能办理{type}", type=term(btype.name)))
            )
        if customer.kind not in btype.kinds:
            reasons.append(
                Reason(
                    ReasonCode.KIND,
                    Message("{type}不适用于{kind}客户", type=term(btype.name), kind=KINDS[customer.kind]),
                )
            )
        open_types = [catalogue.get(c) for c in customer.open_applications if c in catalogue.codes]
        closing = next((t for t in open_types if t.exclusive), None)
        if closing is not None:
            reasons.append(
                Reason(
                    ReasonCode.CLOSING,
                    Message("客户正在办理{type}，不能再办理其他业务", type=term(closing.name)),
                )
            )
        if btype.code in customer.open_applications and (closing is None or closing.code != btype.code):
            reasons.append(
                Reason(ReasonCode.DUPLICATE, Message("客户已有一笔未办结的{type}申请", type=term(btype.name)))
            )
        if btype.exclusive and btype.code not in customer.open_applications:
            others = [t for t in open_types if t.code != btype.code]
            if others:
                reasons.append(
                    Reason(
                        ReasonCode.CLOSING,
                        Message("客户还有未办结的{type}申请，须先办结或撤销", type=term(others[0].name)),
                    )
                )
        reasons += _customer_checks(btype, checks, customer, values, today, rules, requested)

    if "capacity_range" in checks and requested is not None and isinstance(voltage, str):
        low, high = rules.capacity_ranges.get(voltage, (1, 2_000_000))
        if not low <= requested <= high:
            reasons.append(
                Reason(
                    ReasonCode.CAPACITY_RANGE,
                    Message(
                        "{voltage}供电的容量应在 {low}–{high} kVA 之间",
                        voltage=term(VOLTAGE_LEVELS.get(voltage, voltage)),
                        low=low,
                        high=high,
                    ),
                    cap_name,
                )
            )
    return tuple(reasons)


def _customer_checks(
    btype: BusinessType,
    checks: set[str],
    customer: CustomerSnapshot,
    values: Mapping[str, object],
    today: dt.date,
    rules: ApplicationRules,
    requested: int | None,
) -> list[Reason]:
    out: list[Reason] = []
    if "arrears" in checks and customer.arrears_fen > 0:
        out.append(
            Reason(
                ReasonCode.ARREARS,
                Message(
                    "客户尚欠电费 {amount}，结清后才能办理{type}",
                    amount=format_yuan(customer.arrears_fen),
                    type=term(btype.name),
                ),
                amount_fen=customer.arrears_fen,
            )
        )
    cap_name = _capacity_field(btype)
    if "capacity_up" in checks and requested is not None and requested <= customer.capacity_kva:
        out.append(
            Reason(
                ReasonCode.CAPACITY_UP,
                Message("增容后容量应大于现有容量 {capacity} kVA", capacity=customer.capacity_kva),
                cap_name,
            )
        )
    if "capacity_down" in checks and requested is not None and requested >= customer.capacity_kva:
        out.append(
            Reason(
                ReasonCode.CAPACITY_DOWN,
                Message("减容后容量应小于现有容量 {capacity} kVA", capacity=customer.capacity_kva),
                cap_name,
            )
        )
    start = next(
        (v for v in (_date(values, n) for n in ("pause_from", "reduce_from")) if v is not None), None
    )
    if "reduction_term" in checks:
        first, last = _date(values, "reduce_from"), _date(values, "reduce_to")
        if first and last and last > first:
            low, high = (
                add_months(first, rules.reduction_min_months),
                add_months(first, rules.reduction_max_months),
            )
            if not low <= last <= high:
                out.append(
                    Reason(
                        ReasonCode.REDUCTION_TERM,
                        Message(
                            "减容期限应为 {low} 个月到 {high} 个月（结束日期 {first}–{last}）",
                            low=rules.reduction_min_months,
                            high=rules.reduction_max_months,
                            first=low.isoformat(),
                            last=high.isoformat(),
                        ),
                        "reduce_to",
                    )
                )
    if "capacity_lockout" in checks and customer.last_capacity_change is not None and start is not None:
        free = add_months(customer.last_capacity_change, rules.capacity_lock_months)
        if start < free:
            out.append(
                Reason(
                    ReasonCode.CAPACITY_LOCK,
                    Message(
                        "新装、增容或减容期满后 {months} 个月内不能办理{type}（{free} 起可以办理）",
                        months=rules.capacity_lock_months,
                        type=term(btype.name),
                        free=free.isoformat(),
                    ),
                )
            )
    if "not_paused" in checks and customer.status == CustomerStatus.SUSPENDED:
        out.append(Reason(ReasonCode.ALREADY_PAUSED, Message("客户已处于暂停状态")))
    if "paused" in checks and customer.status != CustomerStatus.SUSPENDED:
        out.append(Reason(ReasonCode.NOT_PAUSED, Message("客户不在暂停状态，无需恢复")))
    if "reduced" in checks and customer.reduced_from_kva is None:
        out.append(Reason(ReasonCode.NOT_REDUCED, Message("客户没有正在执行的减容，无需恢复")))
    if "name_differs" in checks and str(values.get("new_name", "")).strip() == customer.name.strip():
        out.append(Reason(ReasonCode.SAME_NAME, Message("新户名与现户名相同"), "new_name"))
    if "tariff_differs" in checks and values.get("new_tariff") == customer.tariff_code:
        out.append(Reason(ReasonCode.SAME_TARIFF, Message("新电价与现行电价相同"), "new_tariff"))
    if "pause_limits" in checks:
        out += _pause_reasons(customer, values, today, rules)
    return out


def _pause_reasons(
    customer: CustomerSnapshot, values: Mapping[str, object], today: dt.date, rules: ApplicationRules
) -> list[Reason]:
    first, last = _date(values, "pause_from"), _date(values, "pause_to")
    if first is None or last is None or last < first:
        return []
    out: list[Reason] = []
    earliest = today + dt.timedelta(days=rules.pause_notice_days)
    if today <= first < earliest:
        out.append(
            Reason(
                ReasonCode.PAUSE_NOTICE,
                Message(
                    "暂停应提前 {days} 天申请，最早从 {earliest} 开始",
                    days=rules.pause_notice_days,
                    earliest=earliest.isoformat(),
                ),
                "pause_from",
            )
        )
    span = DateSpan(first, last)
    if span.days < rules.pause_min_days:
        out.append(
            Reason(
                ReasonCode.PAUSE_SHORT,
                Message(
                    "每次暂停不得少于 {days} 天（本次 {this} 天）", days=rules.pause_min_days, this=span.days
                ),
                "pause_to",
            )
        )
    for year in range(first.year, last.year + 1):
        taken = [p for p in customer.pauses if p.days_in_year(year)]
        if len(taken) + 1 > rules.pause_max_per_year:
            out.append(
                Reason(
                    ReasonCode.PAUSE_COUNT,
                    Message(
                        "{year} 年已暂停 {count} 次，每年最多 {max} 次",
                        year=year,
                        count=len(taken),
                        max=rules.pause_max_per_year,
                    ),
                    "pause_from",
                )
            )
        total = sum(p.days_in_year(year) for p in taken) + span.days_in_year(year)
        if total > rules.pause_max_days_per_year:
            out.append(
                Reason(
                    ReasonCode.PAUSE_TOTAL,
                    Message(
                        "{year} 年暂停累计将达 {total} 天，超过每年 {max} 天（六个月）",
                        year=year,
                        total=total,
                        max=rules.pause_max_days_per_year,
                    ),
                    "pause_to",
                )
            )
    return out


def require_preconditions(
    btype: BusinessType,
    catalogue: ApplicationCatalogue,
    customer: CustomerSnapshot | None,
    values: Mapping[str, object],
    today: dt.date,
    rules: ApplicationRules | None = None,
) -> None:
    """:func:`check_preconditions`, raising :class:`PreconditionsNotMet` with every reason."""
    reasons = check_preconditions(btype, catalogue, customer, values, today, rules)
    if reasons:
        raise PreconditionsNotMet(reasons)
