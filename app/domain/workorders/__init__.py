"""Work orders (诉求工单): the pure rules, docs/rules.md#work-orders.

* :mod:`.categories` — the category tree as data (``resources/workorders/categories.json``);
* :mod:`.rules` — the deadline figures, configurable, with their sources;
* :mod:`.deadlines` — the deadlines of an order and their colours;
* :mod:`.machine` — stages and the allowed transitions (受理 → 派单 → 处理 → 回复 → 回访 → 归档).

Working days are those of :mod:`app.domain.workdays` (one calendar for the whole program).
"""

from __future__ import annotations

from app.domain.workorders.categories import (
    Category,
    CategoryTree,
    add_category,
    category_changes,
    load_default_categories,
    parse_categories,
    rename_category,
    set_category_active,
)
from app.domain.workorders.deadlines import (
    Deadlines,
    Milestone,
    answer_days,
    answer_milestone,
    clock_milestone,
    colour,
    compute_deadlines,
    restore_due,
    running,
    worst,
)
from app.domain.workorders.machine import (
    Assignment,
    WorkOrderState,
    allowed_actions,
    apply_action,
    initial_state,
    needs_callback,
)
from app.domain.workorders.rules import (
    RULE_FIELDS,
    WorkOrderRules,
    parse_workorder_rules,
    rules_from_data,
    workorder_rules_diff,
)

__all__ = [
    "RULE_FIELDS",
    "Assignment",
    "Category",
    "CategoryTree",
    "Deadlines",
    "Milestone",
    "WorkOrderRules",
    "WorkOrderState",
    "add_category",
    "allowed_actions",
    "answer_days",
    "answer_milestone",
    "apply_action",
    "category_changes",
    "clock_milestone",
    "colour",
    "compute_deadlines",
    "initial_state",
    "load_default_categories",
    "needs_callback",
    "parse_categories",
    "parse_workorder_rules",
    "rename_category",
    "restore_due",
    "rules_from_data",
    "running",
    "set_category_active",
    "workorder_rules_diff",
    "worst",
]
