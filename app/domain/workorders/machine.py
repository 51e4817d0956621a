"""The work-order state machine (docs/rules.md#work-order-state-machine).

受理 → 派单 → 处理 → 回复 → 回访 → 归档. Dispatching names a department or a person (or both);
a supervisor may reassign (改派) while it is dispatched or being processed; the reply carries the
resolution; the callback the customer's verdict, and 不满意 reopens the order to 处理. An order
that cannot or need not be called back (表扬, 咨询, an order with no contact) is archived from
回复 directly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.codes import (
    WorkOrderAction,
    WorkOrderArea,
    WorkOrderChannel,
    WorkOrderResult,
    WorkOrderStage,
    WorkOrderStatus,
    WorkOrderType,
    WorkOrderUrgency,
)
from app.domain.errors import RuleViolation, ValidationError
from app.domain.messages import term

__all__ = [
    "ACTIONS",
    "AREAS",
    "CHANNELS",
    "STATUSES",
    "TYPES",
    "URGENCIES",
    "RESULTS",
    "STAGES",
    "Assignment",
    "WorkOrderState",
    "allowed_actions",
    "apply_action",
    "initial_state",
    "needs_callback",
]

TYPES: dict[str, str] = {
    WorkOrderType.COMPLAINT: term("投诉"),
    WorkOrderType.REPORT: term("举报"),
    WorkOrderType.SUGGESTION: term("意见建议"),
    WorkOrderType.PRAISE: term("表扬"),
    WorkOrderType.ENQUIRY: term("咨询"),
    WorkOrderType.REPAIR: term("故障报修"),
}
CHANNELS: dict[str, str] = {
    WorkOrderChannel.COUNTER: term("营业厅"),
    WorkOrderChannel.HOTLINE: term("95598"),
    WorkOrderChannel.APP: term("网上国网"),
    WorkOrderChannel.PHONE: term("电话"),
    WorkOrderChannel.LETTER: term("信函"),
}
URGENCIES: dict[str, str] = {
    WorkOrderUrgency.NORMAL: term("一般"),
    WorkOrderUrgency.URGENT: term("紧急"),
    WorkOrderUrgency.CRITICAL: term("特急"),
}
AREAS: dict[str, str] = {
    WorkOrderArea.URBAN: term("城区"),
    WorkOrderArea.RURAL: term("农村"),
    WorkOrderArea.REMOTE: term("特殊边远地区"),
}
STATUSES: dict[str, str] = {
    WorkOrderStatus.OPEN: term("在办"),
    WorkOrderStatus.ARCHIVED: term("已归档"),
}
STAGES: dict[str, str] = {
    WorkOrderStage.ACCEPTED: term("受理"),
    WorkOrderStage.DISPATCHED: term("派单"),
    WorkOrderStage.PROCESSING: term("处理"),
    WorkOrderStage.REPLIED: term("回复"),
    WorkOrderStage.CALLED_BACK: term("回访"),
    WorkOrderStage.ARCHIVED: term("归档"),
}
ACTIONS: dict[str, str] = {
    WorkOrderAction.DISPATCH: term("派单"),
    WorkOrderAction.REASSIGN: term("改派"),
    WorkOrderAction.START: term("开始处理"),
    WorkOrderAction.REPLY: term("回复客户"),
    WorkOrderAction.CALLBACK: term("回访"),
    WorkOrderAction.ARCHIVE: term("归档"),
}
RESULTS: dict[str, str] = {
    WorkOrderResult.SATISFIED: term("满意"),
    WorkOrderResult.BASICALLY_SATISFIED: term("基本满意"),
    WorkOrderResult.DISSATISFIED: term("不满意"),
}
RESOLUTION_MIN = 2
RESOLUTION_MAX = 1000
ASSIGNEE_MAX = 60


@dataclass(frozen=True)
class WorkOrderState:
    stage: WorkOrderStage
    reopened: int = 0  # times a 不满意 callback sent it back to 处理

    @property
    def status(self) -> WorkOrderStatus:
        return WorkOrderStatus.ARCHIVED if self.stage == WorkOrderStage.ARCHIVED else WorkOrderStatus.OPEN


@dataclass(frozen=True)
class Assignment:
    """Who handles the order: a department (处理部门), a person (处理人, a username), or both."""

    department: str = ""
    person: str = ""

    def check(self) -> None:
        if not (self.department.strip() or self.person.strip()):
            raise ValidationError("assignee", "请指定处理部门或处理人")
        for name, value in (("department", self.department), ("person", self.person)):
            if len(value.strip()) > ASSIGNEE_MAX:
                raise ValidationError(name, "处理部门或处理人不能超过{max_len}个字", max_len=ASSIGNEE_MAX)


def initial_state() -> WorkOrderState:
    return WorkOrderState(WorkOrderStage.ACCEPTED)


def needs_callback(order_type: WorkOrderType, has_contact: bool) -> bool:
    """A 表扬 or 咨询 is not called back, nor an order nobody can be reached for (an anonymous
    report without a contact); everything else is, before it is archived."""
    return has_contact and order_type not in (WorkOrderType.PRAISE, WorkOrderType.ENQUIRY)


def allowed_actions(state: WorkOrderState, callback: bool) -> tuple[WorkOrderAction, ...]:
    """What may be done at ``state``, in the order a screen offers them; ``callback``: the
    order needs a callback (:func:`needs_callback`)."""
    stage = state.stage
    if stage == WorkOrderStage.ACCEPTED:
        return (WorkOrderAction.DISPATCH,)
    if stage == WorkOrderStage.DISPATCHED:
        return (WorkOrderAction.START, WorkOrderAction.REASSIGN)
    if stage == WorkOrderStage.PROCESSING:
        return (WorkOrderAction.REPLY, WorkOrderAction.REASSIGN)
    if stage == WorkOrderStage.REPLIED:
        return (WorkOrderAction.CALLBACK,) if callback else (WorkOrderAction.ARCHIVE,)
    if stage == WorkOrderStage.CALLED_BACK:
        return (WorkOrderAction.ARCHIVE,)
    return ()


def apply_action(
    state: WorkOrderState,
    action: WorkOrderAction,
    *,
    callback: bool,
    assignment: Assignment | None = None,
    resolution: str = "",
    result: str | None = None,
) -> WorkOrderState:
    """The state after ``action``. A forbidden action raises RuleViolation naming the stage; a
    dispatch or reassignment needs an assignment, a reply its resolution (2–1000 characters),
    a callback its result (ValidationError on the field)."""
    if action not in allowed_actions(state, callback):
        if state.stage == WorkOrderStage.ARCHIVED:
            raise RuleViolation("工单已归档，不能再{action}", action=ACTIONS[action])
        if action == WorkOrderAction.ARCHIVE and state.stage == WorkOrderStage.REPLIED:
            raise RuleViolation("工单须先回访，才能归档")
        raise RuleViolation(
            "工单在“{stage}”环节时不能{action}", stage=STAGES[state.stage], action=ACTIONS[action]
        )
    if action in (WorkOrderAction.DISPATCH, WorkOrderAction.REASSIGN):
        (assignment or Assignment()).check()
        stage = WorkOrderStage.DISPATCHED if action == WorkOrderAction.DISPATCH else state.stage
        return replace(state, stage=stage)
    if action == WorkOrderAction.START:
        return replace(state, stage=WorkOrderStage.PROCESSING)
    if action == WorkOrderAction.REPLY:
        if not RESOLUTION_MIN <= len(resolution.strip()) <= RESOLUTION_MAX:
            raise ValidationError(
                "resolution", "处理结果应为 {low}–{high} 个字", low=RESOLUTION_MIN, high=RESOLUTION_MAX
            )
        return replace(state, stage=WorkOrderStage.REPLIED)
    if action == WorkOrderAction.CALLBACK:
        if result not in RESULTS:
            raise ValidationError("result", "请选择回访结果")
        if result == WorkOrderResult.DISSATISFIED:
            return replace(state, stage=WorkOrderStage.PROCESSING, reopened=state.reopened + 1)
        return replace(state, stage=WorkOrderStage.CALLED_BACK)
    return replace(state, stage=WorkOrderStage.ARCHIVED)
