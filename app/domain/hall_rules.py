"""Hall rules (营业厅业务规则): the money and safety rules every counter of a hall must share.

Late-fee rates, due and grace days, the late-fee minimum, the per-payment limit, the large-change
confirmation, the log-in lockout. They used to live in each PC's settings.toml, so two counters on
one PostgreSQL database could charge one customer different late fees; now they are one row per
node in the database (``hall_rules``, docs/hall-rules.md), read inside the service's transaction
and changed only by an administrator through one logged operation (``ChangeHallRules``).

:class:`HallRules` is the typed value; its defaults are the old settings defaults, so a database
without a row behaves exactly as an unconfigured PC did. :func:`parse_rules` turns what a person
typed into a new value, with one Chinese message per bad field (templates, see messages.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.domain.errors import ValidationError, ValidationErrors
from app.domain.late_fees import LateFeeRules
from app.domain.messages import term
from app.domain.money import format_yuan, parse_amount

__all__ = ["FIELDS", "HallRules", "RuleField", "parse_rules", "rules_diff"]


@dataclass(frozen=True)
class HallRules:
    """One hall's rules. Money in fen, daily rates as Decimal (0.001 = 1‰), never float."""

    #: 违约金日费率: 居民; 其他用户当年欠费; 其他用户跨年度欠费 (供电营业规则 defaults).
    late_fee_residential_rate: Decimal = Decimal("0.001")
    late_fee_current_year_rate: Decimal = Decimal("0.002")
    late_fee_earlier_year_rate: Decimal = Decimal("0.003")
    late_fee_grace_days: int = 0
    late_fee_minimum: bool = False
    late_fee_minimum_fen: int = 100  # ¥1, charged only when late_fee_minimum is on
    #: a payment pays late fees before principal (the usual practice)
    late_fee_first: bool = True
    bill_due_days: int = 15
    max_payment_fen: int = 10_000_000  # ¥100,000 per payment event (also the float's limit)
    #: cash change at or above this asks the clerk to confirm (a missed decimal point); 0 never asks
    large_change_confirm_fen: int = 10_000
    #: 5 wrong passwords lock the account for this many minutes (docs/rules.md#passwords-and-lockout)
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    #: four eyes: a hall with one supervisor may let him approve his own requests (logged)
    allow_self_approval_single_supervisor: bool = False
    #: 退补 whose amount (either sign) is at or above this needs a second person's approval; 0: always
    adjustment_approval_fen: int = 50_000  # ¥500

    def late_fee_rules(self) -> LateFeeRules:
        return LateFeeRules(
            residential_rate=self.late_fee_residential_rate,
            current_year_rate=self.late_fee_current_year_rate,
            earlier_year_rate=self.late_fee_earlier_year_rate,
            grace_days=self.late_fee_grace_days,
            minimum_enabled=self.late_fee_minimum,
            minimum_fen=self.late_fee_minimum_fen,
        )

    def to_data(self) -> dict[str, Any]:
        """JSON-ready values (rates as text, money as int fen): for the operation log."""
        return {f.name: _data(getattr(self, f.name)) for f in dataclasses.fields(self)}


def _data(value: object) -> object:
    return format(value, "f") if isinstance(value, Decimal) else value


@dataclass(frozen=True)
class RuleField:
    """How one rule is typed in: ``kind`` is rate, yuan (stored as fen), int or bool."""

    name: str
    label: str
    kind: str
    minimum: int = 0
    maximum: int | None = None


#: Every rule, in the order the admin screen shows them. Bounds keep a typo from becoming policy:
#: a due period of a year, a lockout of a day and a ¥1,000,000 payment are the outer limits.
FIELDS: tuple[RuleField, ...] = (
    RuleField("late_fee_residential_rate", "居民违约金日费率", "rate"),
    RuleField("late_fee_current_year_rate", "其他用户当年欠费日费率", "rate"),
    RuleField("late_fee_earlier_year_rate", "其他用户跨年度欠费日费率", "rate"),
    RuleField("late_fee_grace_days", "违约金宽限天数", "int", 0, 365),
    RuleField("late_fee_minimum", "收取最低违约金", "bool"),
    RuleField("late_fee_minimum_fen", "最低违约金", "yuan", 0, 100_000),
    RuleField("late_fee_first", "先收违约金后收本金", "bool"),
    RuleField("bill_due_days", "缴费期限天数", "int", 1, 365),
    RuleField("max_payment_fen", "单笔收费上限", "yuan", 1, 100_000_000),
    RuleField("large_change_confirm_fen", "大额找零确认金额", "yuan", 0, 100_000_000),
    RuleField("max_failed_logins", "连续登录失败次数上限", "int", 1, 20),
    RuleField("lockout_minutes", "账户锁定分钟数", "int", 1, 1440),
    RuleField("allow_self_approval_single_supervisor", "仅一名值班长时允许本人审批", "bool"),
    RuleField("adjustment_approval_fen", "退补需另一人审批的金额", "yuan", 0, 100_000_000),
)
_BY_NAME = {f.name: f for f in FIELDS}
#: A daily rate of 1% is more than three times the highest legal rate (3‰): anything above is a typo.
MAX_RATE = Decimal("0.01")
assert set(_BY_NAME) == {f.name for f in dataclasses.fields(HallRules)}


def _parse_one(spec: RuleField, raw: object) -> object:
    label = term(spec.label)
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("1", "true", "yes", "on", "是"):
            return True
        if text in ("0", "false", "no", "off", "否", ""):
            return False
        raise ValidationError(spec.name, "{label}应为“是”或“否”", label=label)
    if spec.kind == "rate":
        text = str(raw).strip()
        try:
            rate = Decimal(text)
        except InvalidOperation:
            rate = Decimal("NaN")
        if not text or not rate.is_finite():
            raise ValidationError(
                spec.name, "{label}应为小数形式的日费率，如 0.001 表示千分之一", label=label
            )
        if not Decimal(0) <= rate <= MAX_RATE:
            raise ValidationError(
                spec.name,
                "{label}应在 0 与 {maximum} 之间（0.001 表示千分之一）",
                label=label,
                maximum=str(MAX_RATE),
            )
        return rate.normalize() if rate else Decimal(0)
    if spec.kind == "yuan":
        if isinstance(raw, int) and not isinstance(raw, bool):
            fen = raw
        else:
            fen = parse_amount(str(raw), spec.name, spec.label, allow_zero=True)
        if fen < spec.minimum or (spec.maximum is not None and fen > spec.maximum):
            raise ValidationError(
                spec.name,
                "{label}应在 {low} 与 {high} 之间",
                label=label,
                low=format_yuan(spec.minimum),
                high=format_yuan(spec.maximum or 0),
            )
        return fen
    if isinstance(raw, bool):
        raise ValidationError(spec.name, "{label}应为整数", label=label)
    try:
        number = raw if isinstance(raw, int) else int(str(raw).strip())
    except ValueError:
        raise ValidationError(spec.name, "{label}应为整数", label=label) from None
    if number < spec.minimum or (spec.maximum is not None and number > spec.maximum):
        raise ValidationError(
            spec.name,
            "{label}应为 {low} 到 {high} 之间的整数",
            label=label,
            low=spec.minimum,
            high=spec.maximum,
        )
    return number


def parse_rules(values: Mapping[str, object], base: HallRules | None = None) -> HallRules:
    """``base`` with the given fields replaced. Text as a person types it (rates "0.001", money
    in yuan "100.00", whole numbers, 是/否), or already-typed values (Decimal, int fen, bool).

    Raises :class:`ValidationErrors` naming every bad field; an unknown name is a programming
    error (KeyError)."""
    changes: dict[str, object] = {}
    errors: list[ValidationError] = []
    for name, raw in values.items():
        spec = _BY_NAME[name]
        if isinstance(raw, float):
            raise TypeError(f"{name}: float is not accepted, pass text or Decimal")
        try:
            changes[name] = _parse_one(spec, raw)
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationErrors(errors)
    return dataclasses.replace(base or HallRules(), **changes)  # type: ignore[arg-type]


def rules_diff(old: HallRules, new: HallRules) -> dict[str, list[object]]:
    """{name: [old, new]} for every rule that changed (JSON-ready): the operation's payload."""
    before, after = old.to_data(), new.to_data()
    return {k: [before[k], after[k]] for k in before if before[k] != after[k]}
