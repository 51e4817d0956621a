"""The work-order state machine (app/domain/workorders/machine.py): docs/rules.md#work-order-state-machine.
Every (stage, action) pair is either allowed, with its result, or refused."""

from __future__ import annotations

import pytest

from app.domain.codes import WorkOrderAction, WorkOrderResult, WorkOrderStage, WorkOrderStatus, WorkOrderType
from app.domain.errors import RuleViolation, ValidationError
from app.domain.workorders import (
    Assignment,
    WorkOrderState,
    allowed_actions,
    apply_action,
    initial_state,
    needs_callback,
)

S, A = WorkOrderStage, WorkOrderAction
TO_DEPT = Assignment(department="城东供电所")

#: (stage, action, callback needed) -> the stage after, for every allowed move.
ALLOWED = {
    (S.ACCEPTED, A.DISPATCH, True): S.DISPATCHED,
    (S.ACCEPTED, A.DISPATCH, False): S.DISPATCHED,
    (S.DISPATCHED, A.START, True): S.PROCESSING,
    (S.DISPATCHED, A.START, False): S.PROCESSING,
    (S.DISPATCHED, A.REASSIGN, True): S.DISPATCHED,
    (S.DISPATCHED, A.REASSIGN, False): S.DISPATCHED,
    (S.PROCESSING, A.REPLY, True): S.REPLIED,
    (S.PROCESSING, A.REPLY, False): S.REPLIED,
    (S.PROCESSING, A.REASSIGN, True): S.PROCESSING,
    (S.PROCESSING, A.REASSIGN, False): S.PROCESSING,
    (S.REPLIED, A.CALLBACK, True): S.CALLED_BACK,
    (S.REPLIED, A.ARCHIVE, False): S.ARCHIVED,
    (S.CALLED_BACK, A.ARCHIVE, True): S.ARCHIVED,
    (S.CALLED_BACK, A.ARCHIVE, False): S.ARCHIVED,
}
CASES = [(stage, action, cb) for stage in S for action in A for cb in (True, False)]


def _apply(stage: WorkOrderStage, action: WorkOrderAction, callback: bool) -> WorkOrderState:
    return apply_action(
        WorkOrderState(stage),
        action,
        callback=callback,
        assignment=TO_DEPT,
        resolution="已更换表计并核对示数",
        result=WorkOrderResult.SATISFIED,
    )


@pytest.mark.parametrize(("stage", "action", "callback"), CASES, ids=lambda v: str(v))
def test_every_transition_is_allowed_or_refused(
    stage: WorkOrderStage, action: WorkOrderAction, callback: bool
) -> None:
    expected = ALLOWED.get((stage, action, callback))
    assert (action in allowed_actions(WorkOrderState(stage), callback)) == (expected is not None)
    if expected is None:
        with pytest.raises(RuleViolation):
            _apply(stage, action, callback)
    else:
        after = _apply(stage, action, callback)
        assert after.stage == expected
        assert after.status == (WorkOrderStatus.ARCHIVED if expected == S.ARCHIVED else WorkOrderStatus.OPEN)


def test_the_whole_way_accepted_to_archived() -> None:
    state = initial_state()
    assert state == WorkOrderState(S.ACCEPTED) and state.status == WorkOrderStatus.OPEN
    for action in (A.DISPATCH, A.START, A.REPLY, A.CALLBACK, A.ARCHIVE):
        state = apply_action(
            state,
            action,
            callback=True,
            assignment=TO_DEPT,
            resolution="已处理",
            result=WorkOrderResult.BASICALLY_SATISFIED,
        )
    assert state.stage == S.ARCHIVED and allowed_actions(state, True) == ()


def test_dissatisfied_callback_reopens_to_processing() -> None:
    state = apply_action(
        WorkOrderState(S.REPLIED), A.CALLBACK, callback=True, result=WorkOrderResult.DISSATISFIED
    )
    assert state == WorkOrderState(S.PROCESSING, reopened=1)
    state = apply_action(state, A.REPLY, callback=True, resolution="再次上门处理")
    state = apply_action(state, A.CALLBACK, callback=True, result=WorkOrderResult.DISSATISFIED)
    assert state.reopened == 2 and state.stage == S.PROCESSING


def test_dispatch_needs_a_department_or_a_person() -> None:
    with pytest.raises(ValidationError, match="处理部门或处理人") as caught:
        apply_action(WorkOrderState(S.ACCEPTED), A.DISPATCH, callback=True, assignment=Assignment("  ", ""))
    assert caught.value.field == "assignee"
    assert (
        apply_action(
            WorkOrderState(S.ACCEPTED), A.DISPATCH, callback=True, assignment=Assignment(person="zhangsan")
        ).stage
        == S.DISPATCHED
    )
    with pytest.raises(ValidationError):
        apply_action(
            WorkOrderState(S.DISPATCHED), A.REASSIGN, callback=True, assignment=Assignment("部" * 61)
        )


def test_reply_needs_its_resolution() -> None:
    for text in ("", " 好 ", "字" * 1001):
        with pytest.raises(ValidationError, match="处理结果") as caught:
            apply_action(WorkOrderState(S.PROCESSING), A.REPLY, callback=True, resolution=text)
        assert caught.value.field == "resolution"


def test_callback_needs_a_known_result() -> None:
    for result in (None, "", "great"):
        with pytest.raises(ValidationError, match="回访结果"):
            apply_action(WorkOrderState(S.REPLIED), A.CALLBACK, callback=True, result=result)


def test_refusals_say_why() -> None:
    with pytest.raises(RuleViolation, match="已归档"):
        apply_action(WorkOrderState(S.ARCHIVED), A.DISPATCH, callback=True)
    with pytest.raises(RuleViolation, match="须先回访"):
        apply_action(WorkOrderState(S.REPLIED), A.ARCHIVE, callback=True)
    with pytest.raises(RuleViolation, match="“受理”环节时不能回复客户"):
        apply_action(WorkOrderState(S.ACCEPTED), A.REPLY, callback=True, resolution="已处理")


@pytest.mark.parametrize(
    ("kind", "contact", "expected"),
    [
        (WorkOrderType.COMPLAINT, True, True),
        (WorkOrderType.REPAIR, True, True),
        (WorkOrderType.SUGGESTION, True, True),
        (WorkOrderType.REPORT, True, True),
        (WorkOrderType.REPORT, False, False),  # anonymous, no contact: nobody to call
        (WorkOrderType.PRAISE, True, False),
        (WorkOrderType.ENQUIRY, True, False),
    ],
)
def test_which_orders_are_called_back(kind: WorkOrderType, contact: bool, expected: bool) -> None:
    assert needs_callback(kind, contact) is expected
