"""Metered kWh of one bill (:class:`Usage`): the total, and per TOU period when the meter has
registers for them.

Kept apart from the engine because the interval classifier (:mod:`app.domain.tariffs.tou`)
builds usage too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from app.domain.errors import ValidationError
from app.domain.money import ensure_decimal
from app.domain.tariffs.terms import PERIODS


@dataclass(frozen=True)
class Usage:
    """Metered kWh of one bill: the total, and per TOU period when the meter registers them.

    Build TOU usage with :meth:`Usage.tou`, which adds the periods up. Given both, they must
    agree. kWh are Decimal (or int); negative kWh are refused.
    """

    total_kwh: Decimal
    by_period: tuple[tuple[str, Decimal], ...] = ()

    def __post_init__(self) -> None:
        total = usage_kwh(self.total_kwh, "total_kwh")
        object.__setattr__(self, "total_kwh", total)
        periods: list[tuple[str, Decimal]] = []
        for period, kwh in self.by_period:
            if period not in PERIODS:
                raise ValidationError("usage", "未知分时时段 {period}", period=repr(period))
            periods.append((period, usage_kwh(kwh, period)))
        if len({p for p, _ in periods}) != len(periods):
            raise ValidationError("usage", "分时电量中有重复的时段")
        if periods and sum((k for _, k in periods), Decimal(0)) != total:
            raise ValidationError("usage", "各时段电量之和与总电量不一致")
        object.__setattr__(self, "by_period", tuple(sorted(periods, key=lambda p: list(PERIODS).index(p[0]))))

    @classmethod
    def of(cls, kwh: Decimal | int) -> Usage:
        return cls(usage_kwh(kwh, "kwh"))

    @classmethod
    def tou(cls, by_period: Mapping[str, Decimal | int]) -> Usage:
        items = [(p, usage_kwh(k, p)) for p, k in by_period.items()]
        return cls(sum((k for _, k in items), Decimal(0)), tuple(items))

    @property
    def period_kwh(self) -> dict[str, Decimal]:
        return dict(self.by_period)


def usage_kwh(value: object, what: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{what}: kWh must not be a float")
    try:
        kwh = ensure_decimal(value, what)
    except (TypeError, ValueError):
        raise ValidationError("usage", "电量不是有效数字（{value}）", value=repr(value)) from None
    if kwh < 0:
        raise ValidationError("usage", "电量不能为负数")
    return kwh
