"""Work-order deadlines, rules and categories (app/domain/workorders/): docs/rules.md#work-order-deadlines
and docs/rules.md#work-order-categories. The working days are the shared calendar's
(resources/tariffs/holidays.json: 2025 and 2026)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.domain.codes import DeadlineStatus, WorkOrderArea, WorkOrderStage, WorkOrderType
from app.domain.errors import ValidationError, ValidationErrors
from app.domain.workdays import load_default_calendar
from app.domain.workorders import (
    Milestone,
    WorkOrderRules,
    answer_days,
    answer_milestone,
    clock_milestone,
    colour,
    compute_deadlines,
    load_default_categories,
    parse_categories,
    parse_workorder_rules,
    restore_due,
    running,
    worst,
)

CAL = load_default_calendar()
CST = dt.timezone(dt.timedelta(hours=8))
RULES = WorkOrderRules()


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=CST)


# ---- complaint: contact within 24 h, answer within 4 working days ------------------------------


def test_complaint_contact_24_hours_across_a_weekend() -> None:
    """Clock hours: a complaint taken on Friday afternoon is contacted by Saturday afternoon."""
    d = compute_deadlines(CAL, WorkOrderType.COMPLAINT, None, at(2026, 3, 6, 16, 30), RULES)
    assert d.contact_due_at == at(2026, 3, 7, 16, 30)  # a Saturday: weekends count


def test_complaint_answer_4_working_days_skips_the_weekend() -> None:
    d = compute_deadlines(CAL, WorkOrderType.COMPLAINT, None, at(2026, 3, 6, 16, 30), RULES)
    # Friday: Mon 9, Tue 10, Wed 11, Thu 12
    assert (d.answer_due_on, d.answer_days) == (dt.date(2026, 3, 12), 4)


def test_complaint_answer_across_spring_festival_and_make_up_days() -> None:
    """春节 2026: Saturday 14 February is worked (调休), 15–23 February off; accepted Friday 13th."""
    d = compute_deadlines(CAL, WorkOrderType.COMPLAINT, None, at(2026, 2, 13, 10, 0), RULES)
    assert CAL.is_working_day(dt.date(2026, 2, 14)) and not CAL.is_working_day(dt.date(2026, 2, 23))
    # 14 (调休 Saturday), then 24, 25, 26
    assert d.answer_due_on == dt.date(2026, 2, 26)
    assert d.contact_due_at == at(2026, 2, 14, 10, 0)  # the 24 h do not stop for the holiday


def test_acceptance_on_a_holiday_starts_counting_the_next_working_day() -> None:
    d = compute_deadlines(CAL, WorkOrderType.COMPLAINT, None, at(2025, 10, 3, 9, 0), RULES)  # 国庆
    # 10-9 (Thu) 10-10, 10-11 (调休 Saturday), 10-13
    assert d.answer_due_on == dt.date(2025, 10, 13)


def test_report_answer_9_working_days_and_no_contact_deadline() -> None:
    d = compute_deadlines(CAL, WorkOrderType.REPORT, None, at(2026, 3, 2, 9, 0), RULES)
    assert d.contact_due_at is None
    assert (d.answer_due_on, d.answer_days) == (dt.date(2026, 3, 13), 9)


def test_metering_objection_answer_5_working_days_whatever_the_type() -> None:
    tree = load_default_categories()
    rule = tree.answer_rule("metering.data")
    assert rule == "metering_objection"
    for kind in (WorkOrderType.COMPLAINT, WorkOrderType.ENQUIRY, WorkOrderType.SUGGESTION):
        d = compute_deadlines(CAL, kind, rule, at(2026, 3, 2, 9, 0), RULES)
        assert (d.answer_due_on, d.answer_days) == (dt.date(2026, 3, 9), 5)
    # a complaint about meter data keeps its 24 h contact
    assert compute_deadlines(CAL, WorkOrderType.COMPLAINT, rule, at(2026, 3, 2, 9, 0), RULES).contact_due_at


def test_praise_has_no_deadline() -> None:
    assert answer_days(WorkOrderType.PRAISE, None, RULES) is None
    d = compute_deadlines(CAL, WorkOrderType.PRAISE, None, at(2026, 3, 2, 9, 0), RULES)
    assert (d.contact_due_at, d.answer_due_on, d.arrival_due_at, d.restore_due_at) == (None,) * 4


def test_an_answer_date_in_a_year_not_in_the_calendar_is_provisional() -> None:
    d = compute_deadlines(CAL, WorkOrderType.REPORT, None, at(2026, 12, 28, 9, 0), RULES)
    assert d.answer_due_on and d.answer_due_on.year == 2027 and d.provisional and d.uncovered_years == (2027,)


# ---- repair: arrival by area, restoration after arrival ---------------------------------------


@pytest.mark.parametrize(
    ("area", "arrive", "restore"),
    [
        (WorkOrderArea.URBAN, at(2026, 3, 7, 23, 45), at(2026, 3, 8, 2, 45)),  # 45 min + 3 h
        (WorkOrderArea.RURAL, at(2026, 3, 8, 0, 30), at(2026, 3, 8, 4, 30)),  # 90 min + 4 h
        (WorkOrderArea.REMOTE, at(2026, 3, 8, 1, 0), at(2026, 3, 8, 5, 0)),  # 2 h + 4 h
    ],
)
def test_repair_arrival_by_area_and_restoration_after_arrival(
    area: WorkOrderArea, arrive: dt.datetime, restore: dt.datetime
) -> None:
    d = compute_deadlines(
        CAL, WorkOrderType.REPAIR, None, at(2026, 3, 7, 23, 0), RULES, area
    )  # Saturday night
    assert (d.arrival_due_at, d.restore_due_at) == (arrive, restore)
    assert d.answer_due_on is None and d.contact_due_at is None


def test_restoration_counts_from_the_actual_arrival() -> None:
    assert restore_due(WorkOrderArea.URBAN, at(2026, 3, 7, 23, 20), RULES) == at(2026, 3, 8, 2, 20)
    assert restore_due(WorkOrderArea.RURAL, at(2026, 3, 7, 23, 20), RULES) == at(2026, 3, 8, 3, 20)


def test_a_repair_needs_its_area_and_an_aware_time() -> None:
    with pytest.raises(ValueError):
        compute_deadlines(CAL, WorkOrderType.REPAIR, None, at(2026, 3, 7, 23, 0), RULES)
    with pytest.raises(ValueError):
        compute_deadlines(CAL, WorkOrderType.COMPLAINT, None, dt.datetime(2026, 3, 7, 23, 0), RULES)


def test_rules_are_configurable() -> None:
    rules = parse_workorder_rules({"complaint_answer_days": "6", "repair_arrival_urban_minutes": 30})
    d = compute_deadlines(CAL, WorkOrderType.COMPLAINT, None, at(2026, 3, 2, 9, 0), rules)
    assert d.answer_due_on == dt.date(2026, 3, 10)
    r = compute_deadlines(CAL, WorkOrderType.REPAIR, None, at(2026, 3, 2, 9, 0), rules, WorkOrderArea.URBAN)
    assert r.arrival_due_at == at(2026, 3, 2, 9, 30)
    assert set(RULES.to_data()) >= {
        "complaint_contact_hours",
        "report_answer_days",
        "repair_restore_rural_hours",
    }


def test_bad_rule_values_name_every_field() -> None:
    with pytest.raises(ValidationErrors) as caught:
        parse_workorder_rules(
            {"complaint_answer_days": "0", "report_answer_days": "x", "enquiry_answer_days": True}
        )
    assert {e.field for e in caught.value.errors} == {
        "complaint_answer_days",
        "report_answer_days",
        "enquiry_answer_days",
    }
    assert "投诉答复时限" in str(caught.value.errors[0])


# ---- colours ------------------------------------------------------------------------------------


def test_clock_deadline_turns_yellow_with_a_fifth_left_and_red_after_it() -> None:
    m = clock_milestone(at(2026, 3, 6, 16, 0), at(2026, 3, 7, 16, 0))
    assert m.due_soon_at == at(2026, 3, 7, 11, 12)  # 19 h 12 min in: 4 h 48 min (20 %) left
    assert colour(at(2026, 3, 7, 11, 11), m) == DeadlineStatus.ON_TIME
    assert colour(at(2026, 3, 7, 11, 12), m) == DeadlineStatus.DUE_SOON
    assert colour(at(2026, 3, 7, 16, 0), m) == DeadlineStatus.DUE_SOON  # the due instant is still on time
    assert colour(at(2026, 3, 7, 16, 1), m) == DeadlineStatus.OVERDUE


def test_answer_deadline_colours_like_an_application() -> None:
    # 4 working days due Thursday 12 March: yellow on Wednesday 11th (one day left), red from Friday
    m = answer_milestone(CAL, dt.date(2026, 3, 12), 4, CST)
    assert m == Milestone(at(2026, 3, 11, 0, 0), at(2026, 3, 13, 0, 0))
    # 9 working days (a report) due Friday 13 March: yellow when 1 left (⌊9 × 0.2⌋ = 1)
    assert answer_milestone(CAL, dt.date(2026, 3, 13), 9, CST).due_soon_at == at(2026, 3, 12, 0, 0)


def test_answer_deadline_yellow_day_skips_back_over_a_holiday() -> None:
    # due 24 February 2026 (Tuesday after 春节), one day left on the last working day before it: 14 February
    m = answer_milestone(CAL, dt.date(2026, 2, 24), 2, CST)
    assert m.due_soon_at == at(2026, 2, 14, 0, 0)


def test_the_worst_running_deadline_colours_the_order() -> None:
    contact = Milestone(at(2026, 3, 7, 11, 0), at(2026, 3, 7, 16, 0))
    answer = Milestone(at(2026, 3, 11, 0, 0), at(2026, 3, 13, 0, 0))
    both = worst([contact, answer])
    assert colour(at(2026, 3, 8, 9, 0), both) == DeadlineStatus.OVERDUE  # contact missed
    assert colour(at(2026, 3, 8, 9, 0), answer) == DeadlineStatus.ON_TIME
    assert worst([]) is None and colour(at(2026, 3, 8, 9, 0), None) is None


def test_which_deadlines_run_at_each_stage() -> None:
    assert running(WorkOrderStage.ACCEPTED) == (True, True)
    assert running(WorkOrderStage.DISPATCHED) == (True, True)
    assert running(WorkOrderStage.PROCESSING) == (False, True)
    for stage in (WorkOrderStage.REPLIED, WorkOrderStage.CALLED_BACK, WorkOrderStage.ARCHIVED):
        assert running(stage) == (False, False)


# ---- categories ---------------------------------------------------------------------------------


def test_the_shipped_category_tree() -> None:
    tree = load_default_categories()
    tops = [tree.get(c).name for c in tree.roots]
    assert tops[:6] == ["供电质量", "停电", "电费", "服务态度", "业扩", "计量"]
    assert tree.label("metering.data") == "计量 › 电能表数据异议"
    assert tree.label("gone.away") == "gone.away"
    assert tree.answer_rule("billing.amount") is None
    assert all(tree.get(c).parent is None for c in tree.roots)
    walked = list(tree.walk())
    assert walked[0] == (0, tree.get("quality")) and walked[1] == (1, tree.get("quality.voltage_low"))
    assert len(walked) == len(tree.by_code)


@pytest.mark.parametrize(
    ("categories", "message"),
    [
        ([{"code": "a", "name": "甲"}, {"code": "a", "name": "乙"}], "重复"),
        ([{"code": "a", "name": "甲", "children": [{"code": "b.c", "name": "乙"}]}], "上级代码"),
        ([{"code": "A", "name": "甲"}], "代码不正确"),
        ([{"code": "a", "name": ""}], "名称"),
        ([{"code": "a", "name": "甲", "answer_rule": "fast"}], "时限规则未知"),
        ([], "不能为空"),
    ],
)
def test_a_bad_category_file_is_refused(categories: list[object], message: str) -> None:
    data = {"format": "gridcounter.workorder_categories/1", "version": 1, "categories": categories}
    with pytest.raises(ValidationError, match=message):
        parse_categories(json.loads(json.dumps(data)))


def test_a_category_inherits_its_parents_answer_rule() -> None:
    tree = parse_categories(
        {
            "format": "gridcounter.workorder_categories/1",
            "version": 2,
            "categories": [
                {
                    "code": "m",
                    "name": "计量",
                    "answer_rule": "metering_objection",
                    "children": [{"code": "m.x", "name": "示数"}],
                }
            ],
        }
    )
    assert tree.answer_rule("m.x") == "metering_objection" and tree.version == 2


def test_an_admin_edits_the_tree_without_losing_a_code() -> None:
    from app.domain.workorders import add_category, category_changes, rename_category, set_category_active

    tree = load_default_categories()
    grown, code = add_category(tree, "metering", "表计烧坏")
    assert code == "metering.c1" and grown.label(code) == "计量 › 表计烧坏"
    assert grown.answer_rule("metering.data") == "metering_objection"
    with pytest.raises(ValidationError, match="同一上级下已有"):
        add_category(grown, "metering", "表计烧坏")
    with pytest.raises(ValidationError) as caught:
        rename_category(grown, "other", " ")
    assert caught.value.field == "name"
    off = set_category_active(rename_category(grown, "metering", "计量装置"), "metering", False)
    # a deactivated branch is not offered, nor is anything under it; it still has its label
    assert not off.offered("metering") and not off.offered("metering.data") and off.offered("billing")
    assert off.label("metering.data") == "计量装置 › 电能表数据异议"
    assert all(not c.code.startswith("metering") for _, c in off.walk_offered())
    # stored and read back as the file's format
    back = parse_categories(off.to_data())
    assert back.by_code == off.by_code and back.roots == off.roots
    assert category_changes(tree, off) == {
        "added": [{"code": "metering.c1", "name": "表计烧坏", "parent": "metering"}],
        "renamed": [{"code": "metering", "old": "计量", "new": "计量装置"}],
        "deactivated": [{"code": "metering", "name": "计量装置"}],
    }
    with pytest.raises(ValidationError, match="不能删除"):
        category_changes(grown, tree)
