"""The figures of the application preconditions (docs/rules.md#application-preconditions).

:class:`ApplicationRules` holds them with their defaults (供电营业规则 1996);
:func:`parse_application_rules` reads what an administrator typed, one message per bad value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from app.domain.customers import MAX_CAPACITY_KVA, VOLTAGE_LEVELS
from app.domain.errors import ValidationError, ValidationErrors
from app.domain.messages import term

__all__ = ["DEFAULT_CAPACITY_RANGES", "RULE_FIELDS", "ApplicationRules", "parse_application_rules"]


#: Capacity (kVA) each supply voltage suits. The low-voltage bands follow the supply-mode guidance
#: of the 1996 供电营业规则 (single-phase 220 V below 10 kW, three-phase low voltage up to 100 kW or
#: 50 kVA of transformer); the high-voltage bands are the project's defaults. They are loose on
#: purpose: they catch typos, local practice differs, and a hall configures them
#: (docs/rules.md#application-preconditions).
DEFAULT_CAPACITY_RANGES: Mapping[str, tuple[int, int]] = {
    "220V": (1, 10),
    "380V": (1, 100),
    "10kV": (50, 10_000),
    "20kV": (50, 20_000),
    "35kV": (1_000, 100_000),
    "110kV": (5_000, 500_000),
    "220kV": (50_000, 2_000_000),
}


@dataclass(frozen=True)
class ApplicationRules:
    """The figures of the preconditions (docs/rules.md#application-preconditions); defaults from
    供电营业规则 1996 (the 2024 revision has not been checked article by article)."""

    #: art. 24: 暂停 applied for this many days before it starts
    pause_notice_days: int = 5
    #: art. 24: each 暂停 at least this many days
    pause_min_days: int = 15
    #: art. 24: at most six months of 暂停 in a calendar year, counted as 183 days
    pause_max_days_per_year: int = 183
    #: art. 24: at most twice a calendar year
    pause_max_per_year: int = 2
    #: art. 23: a 减容 lasts from 6 months to 2 years
    reduction_min_months: int = 6
    reduction_max_months: int = 24
    #: arts. 23–24: no 减容 / 暂停 within 2 years of a 新装 / 增容 / the end of a 减容
    capacity_lock_months: int = 24
    #: kVA range per supply voltage
    capacity_ranges: Mapping[str, tuple[int, int]] = field(
        default_factory=lambda: dict(DEFAULT_CAPACITY_RANGES)
    )

    def to_data(self) -> dict[str, object]:
        """JSON-ready values, for storing the rules and for the operation log."""
        data: dict[str, object] = {name: getattr(self, name) for name, *_ in RULE_FIELDS}
        data["capacity_ranges"] = {v: list(r) for v, r in self.capacity_ranges.items()}
        return data


#: The whole-number rules as an administrator types them: (name, label, lowest, highest). The
#: bounds keep a typo from becoming policy.
RULE_FIELDS: tuple[tuple[str, str, int, int], ...] = (
    ("pause_notice_days", term("暂停提前申请天数"), 0, 60),
    ("pause_min_days", term("每次暂停最少天数"), 1, 366),
    ("pause_max_days_per_year", term("每年暂停累计最多天数"), 1, 366),
    ("pause_max_per_year", term("每年暂停最多次数"), 1, 12),
    ("reduction_min_months", term("减容最短月数"), 1, 120),
    ("reduction_max_months", term("减容最长月数"), 1, 120),
    ("capacity_lock_months", term("新装、增容、减容期满后不得减容或暂停的月数"), 0, 120),
)


def parse_application_rules(
    values: Mapping[str, object], base: ApplicationRules | None = None
) -> ApplicationRules:
    """``base`` with the given rules replaced: whole numbers (text or int) by name, and
    ``capacity_ranges`` as ``{voltage: [low, high]}``. Raises ValidationErrors naming every bad
    rule; an unknown name is a programming error (KeyError)."""
    labels = {name: (label, low, high) for name, label, low, high in RULE_FIELDS}
    changes: dict[str, object] = {}
    errors: list[ValidationError] = []
    for name, raw in values.items():
        if name == "capacity_ranges":
            try:
                changes[name] = _parse_ranges(raw)
            except ValidationError as exc:
                errors.append(exc)
            continue
        label, low, high = labels[name]
        number: int | None = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            number = raw
        elif isinstance(raw, str) and raw.strip().isdigit():
            number = int(raw.strip())
        if number is None or not low <= number <= high:
            errors.append(
                ValidationError(
                    name, "{label}应为 {low} 到 {high} 之间的整数", label=term(label), low=low, high=high
                )
            )
        else:
            changes[name] = number
    rules = replace(base or ApplicationRules(), **changes)  # type: ignore[arg-type]
    if not errors and rules.reduction_min_months > rules.reduction_max_months:
        errors.append(ValidationError("reduction_max_months", "减容最长月数不能少于最短月数"))
    if not errors and rules.pause_min_days > rules.pause_max_days_per_year:
        errors.append(
            ValidationError("pause_max_days_per_year", "每年暂停累计最多天数不能少于每次暂停最少天数")
        )
    if errors:
        raise ValidationErrors(errors)
    return rules


def _parse_ranges(raw: object) -> dict[str, tuple[int, int]]:
    if not isinstance(raw, Mapping):
        raise ValidationError("capacity_ranges", "各电压等级的容量范围格式错误")
    out: dict[str, tuple[int, int]] = {}
    for voltage, pair in raw.items():
        ok = (
            voltage in VOLTAGE_LEVELS
            and isinstance(pair, list | tuple)
            and len(pair) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
            and 1 <= pair[0] <= pair[1] <= MAX_CAPACITY_KVA
        )
        if not ok:
            raise ValidationError(
                "capacity_ranges",
                "{voltage}的容量范围应为 1 到 {max} kVA 之间、下限不大于上限的两个整数",
                voltage=term(VOLTAGE_LEVELS.get(str(voltage), str(voltage))),
                max=MAX_CAPACITY_KVA,
            )
        out[voltage] = (pair[0], pair[1])
    return out
