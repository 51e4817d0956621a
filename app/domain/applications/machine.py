"""The application state machine (docs/rules.md#application-state-machine).

An application is *in progress* (受理中) at one of its type's stages, *suspended* (挂起: the
deadline clock stops), *cancelled* (已撤销, with a reason) or *archived* (已归档: completed at its
last stage). From in progress: advance to the next stage, complete at the last stage, suspend,
cancel; from suspended: resume or cancel; nothing from cancelled or archived.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.applications.catalogue import BusinessType
from app.domain.codes import ApplicationAction, ApplicationChannel, ApplicationStage, ApplicationStatus
from app.domain.errors import RuleViolation, ValidationError
from app.domain.messages import term

__all__ = [
    "ACTIONS",
    "CHANNELS",
    "STAGES",
    "STATUSES",
    "ApplicationState",
    "allowed_actions",
    "apply_action",
    "initial_state",
]

STATUSES: dict[str, str] = {
    ApplicationStatus.IN_PROGRESS: term("受理中"),
    ApplicationStatus.SUSPENDED: term("挂起"),
    ApplicationStatus.CANCELLED: term("已撤销"),
    ApplicationStatus.ARCHIVED: term("已归档"),
}
STAGES: dict[str, str] = {
    ApplicationStage.ACCEPT: term("受理"),
    ApplicationStage.SURVEY: term("现场勘查"),
    ApplicationStage.SUPPLY_PLAN: term("答复供电方案"),
    ApplicationStage.DESIGN_REVIEW: term("设计审查"),
    ApplicationStage.MIDWAY_CHECK: term("中间检查"),
    ApplicationStage.COMPLETION_CHECK: term("竣工验收"),
    ApplicationStage.CONNECT: term("装表接电"),
    ApplicationStage.HANDLE: term("业务办理"),
    ApplicationStage.METER_TEST: term("校验检测"),
    ApplicationStage.REPLY: term("答复客户"),
    ApplicationStage.ARCHIVE: term("归档"),
}
ACTIONS: dict[str, str] = {
    ApplicationAction.ADVANCE: term("进入下一环节"),
    ApplicationAction.SUSPEND: term("挂起"),
    ApplicationAction.RESUME: term("恢复办理"),
    ApplicationAction.CANCEL: term("撤销"),
    ApplicationAction.COMPLETE: term("办结归档"),
}
CHANNELS: dict[str, str] = {
    ApplicationChannel.COUNTER: term("营业厅"),
    ApplicationChannel.APP: term("网上国网"),
    ApplicationChannel.HOTLINE: term("95598"),
    ApplicationChannel.MANAGER_VISIT: term("客户经理上门"),
}
#: A reason for suspending or cancelling: at least this many characters, at most REASON_MAX.
REASON_MIN = 2
REASON_MAX = 200


@dataclass(frozen=True)
class ApplicationState:
    status: ApplicationStatus
    stage: ApplicationStage


def initial_state(btype: BusinessType) -> ApplicationState:
    """A newly accepted application: in progress at its first stage (受理)."""
    return ApplicationState(ApplicationStatus.IN_PROGRESS, btype.stages[0])


def _check_stage(btype: BusinessType, state: ApplicationState) -> None:
    if state.stage not in btype.stages:
        raise RuleViolation("{type}没有“{stage}”环节", type=term(btype.name), stage=STAGES[state.stage])


def allowed_actions(btype: BusinessType, state: ApplicationState) -> tuple[ApplicationAction, ...]:
    """What may be done from ``state``, in the order a screen offers them."""
    _check_stage(btype, state)
    if state.status == ApplicationStatus.IN_PROGRESS:
        last = state.stage == btype.stages[-1]
        first = ApplicationAction.COMPLETE if last else ApplicationAction.ADVANCE
        return (first, ApplicationAction.SUSPEND, ApplicationAction.CANCEL)
    if state.status == ApplicationStatus.SUSPENDED:
        return (ApplicationAction.RESUME, ApplicationAction.CANCEL)
    return ()


def apply_action(
    btype: BusinessType, state: ApplicationState, action: ApplicationAction, *, reason: str = ""
) -> ApplicationState:
    """The state after ``action``. A forbidden action raises RuleViolation; suspending and
    cancelling need a reason (ValidationError on ``reason``)."""
    if action not in allowed_actions(btype, state):
        if state.status in (ApplicationStatus.CANCELLED, ApplicationStatus.ARCHIVED):
            raise RuleViolation(
                "申请{status}，不能再{action}", status=STATUSES[state.status], action=ACTIONS[action]
            )
        raise RuleViolation(
            "申请{status}（{stage}环节）时不能{action}",
            status=STATUSES[state.status],
            stage=STAGES[state.stage],
            action=ACTIONS[action],
        )
    if action in (ApplicationAction.SUSPEND, ApplicationAction.CANCEL):
        text = reason.strip()
        if not REASON_MIN <= len(text) <= REASON_MAX:
            raise ValidationError(
                "reason",
                "{action}原因应为 {low}–{high} 个字",
                action=ACTIONS[action],
                low=REASON_MIN,
                high=REASON_MAX,
            )
    if action == ApplicationAction.ADVANCE:
        return replace(state, stage=btype.stages[btype.stages.index(state.stage) + 1])
    if action == ApplicationAction.COMPLETE:
        return replace(state, status=ApplicationStatus.ARCHIVED)
    if action == ApplicationAction.SUSPEND:
        return replace(state, status=ApplicationStatus.SUSPENDED)
    if action == ApplicationAction.RESUME:
        return replace(state, status=ApplicationStatus.IN_PROGRESS)
    return replace(state, status=ApplicationStatus.CANCELLED)
