"""The figures of the work-order deadlines (docs/rules.md#work-order-deadlines).

:class:`WorkOrderRules` holds them with their defaults and sources; :func:`parse_workorder_rules`
reads what an administrator typed, one message per bad value, as
:func:`app.domain.applications.rules.parse_application_rules` does. Each hall stores its own
figures in the database (``workorder_config``, changed by an administrator through one
``ChangeWorkOrderRules`` operation: :mod:`app.services.workorder_config`); a hall that never
changed them uses the defaults below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from app.domain.errors import ValidationError, ValidationErrors
from app.domain.messages import term

__all__ = [
    "RULE_FIELDS",
    "WorkOrderRules",
    "parse_workorder_rules",
    "rules_from_data",
    "workorder_rules_diff",
]


@dataclass(frozen=True)
class WorkOrderRules:
    """Deadline figures of work orders. Sources (docs/rules.md#work-order-deadlines): the 95598
    practice of State Grid (2021) for complaints and reports, the State Grid service
    commitment on meter tests for metering objections, 十项承诺 art. 3 for repairs; the rest
    are the project's defaults. Every one is configuration."""

    #: 投诉: contact the customer within this many clock hours (weekends and holidays count)
    complaint_contact_hours: int = 24
    #: 投诉: handled and answered within this many working days
    complaint_answer_days: int = 4
    #: 举报: answered within this many working days
    report_answer_days: int = 9
    #: a category with answer_rule "metering_objection" (电能表数据异议): working days
    metering_objection_answer_days: int = 5
    #: 意见/建议: working days (project default)
    suggestion_answer_days: int = 9
    #: 咨询: working days (project default)
    enquiry_answer_days: int = 1
    #: 故障报修: arrival on site within these minutes (城区 / 农村 / 特殊边远地区)
    repair_arrival_urban_minutes: int = 45
    repair_arrival_rural_minutes: int = 90
    repair_arrival_remote_minutes: int = 120
    #: 故障报修: power restored within these hours after arrival (城区 / 农村; 边远 as 农村)
    repair_restore_urban_hours: int = 3
    repair_restore_rural_hours: int = 4
    repair_restore_remote_hours: int = 4

    def to_data(self) -> dict[str, object]:
        """JSON-ready values, for storing the rules and for the operation log."""
        return {name: getattr(self, name) for name, *_ in RULE_FIELDS}


#: The rules as an administrator types them: (name, label, lowest, highest). The bounds keep a
#: typo from becoming policy.
RULE_FIELDS: tuple[tuple[str, str, int, int], ...] = (
    ("complaint_contact_hours", term("投诉联系客户时限（小时）"), 1, 168),
    ("complaint_answer_days", term("投诉答复时限（工作日）"), 1, 60),
    ("report_answer_days", term("举报答复时限（工作日）"), 1, 60),
    ("metering_objection_answer_days", term("电能表数据异议答复时限（工作日）"), 1, 60),
    ("suggestion_answer_days", term("意见建议答复时限（工作日）"), 1, 60),
    ("enquiry_answer_days", term("咨询答复时限（工作日）"), 1, 60),
    ("repair_arrival_urban_minutes", term("城区抢修到达时限（分钟）"), 10, 1440),
    ("repair_arrival_rural_minutes", term("农村抢修到达时限（分钟）"), 10, 1440),
    ("repair_arrival_remote_minutes", term("边远地区抢修到达时限（分钟）"), 10, 2880),
    ("repair_restore_urban_hours", term("城区到达后恢复供电时限（小时）"), 1, 72),
    ("repair_restore_rural_hours", term("农村到达后恢复供电时限（小时）"), 1, 72),
    ("repair_restore_remote_hours", term("边远地区到达后恢复供电时限（小时）"), 1, 168),
)


def parse_workorder_rules(values: Mapping[str, object], base: WorkOrderRules | None = None) -> WorkOrderRules:
    """``base`` with the given rules replaced (whole numbers, text or int, by name). Raises
    ValidationErrors naming every bad rule; an unknown name is a programming error (KeyError)."""
    labels = {name: (label, low, high) for name, label, low, high in RULE_FIELDS}
    changes: dict[str, int] = {}
    errors: list[ValidationError] = []
    for name, raw in values.items():
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
    if errors:
        raise ValidationErrors(errors)
    return replace(base or WorkOrderRules(), **changes)  # type: ignore[arg-type]


def rules_from_data(data: Mapping[str, object] | None) -> WorkOrderRules:
    """The figures as stored (:meth:`WorkOrderRules.to_data`); a figure the data lacks (stored
    before it existed) keeps its default, a name no longer known is ignored."""
    if not data:
        return WorkOrderRules()
    known = {name for name, *_ in RULE_FIELDS}
    return parse_workorder_rules({k: v for k, v in data.items() if k in known})


def workorder_rules_diff(old: WorkOrderRules, new: WorkOrderRules) -> dict[str, dict[str, object]]:
    """The changed figures, ``{name: {"old": …, "new": …}}`` (for the operation log)."""
    before, after = old.to_data(), new.to_data()
    return {k: {"old": before[k], "new": after[k]} for k in after if before[k] != after[k]}
