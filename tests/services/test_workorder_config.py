"""A hall's work-order deadline figures and category tree, kept in the database (issue 10 items
1–2): an administrator changes them through one logged operation; the services record new orders
with them; orders already recorded keep their deadlines and categories. Both engines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.domain.codes import OpType
from app.domain.errors import ConcurrentEdit, PermissionDenied, ValidationErrors
from app.domain.workorders import add_category, rename_category, set_category_active
from app.dto.workorders import WorkOrderFilter
from app.services import workorder_config as config
from app.services import workorder_reads as reads
from app.services import workorders as svc
from db.models import Operation, WorkOrderConfigRow
from tests.services.test_workorders import CST, _at, _cmd, _record


def _ops(db, op_type):  # type: ignore[no-untyped-def]
    with db.read() as s:
        rows = s.scalars(select(Operation).where(Operation.op_type == op_type).order_by(Operation.seq)).all()
        return [(op.actor, json.loads(op.payload)) for op in rows]


def test_defaults_until_an_admin_changes_them(db, clerk, admin):  # type: ignore[no-untyped-def]
    view = config.get_workorder_config(db, clerk)
    assert view.version == 0 and view.rules.complaint_answer_days == 4
    assert view.tree.label("metering.data") == "计量 › 电能表数据异议"
    with db.read() as s:
        assert s.get(WorkOrderConfigRow, clerk.node_id) is None


def test_changed_figures_apply_to_new_orders_only(db, clerk, supervisor, admin, monkeypatch):  # type: ignore[no-untyped-def]
    monday = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CST)
    _at(monkeypatch, monday)
    before = _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")
    assert before.answer_due_on == dt.date(2026, 3, 6)  # 4 working days
    view = config.change_workorder_config(
        db, admin, 0, rules={"complaint_answer_days": "6", "repair_arrival_urban_minutes": 30}
    )
    assert view.version == 1 and view.rules.complaint_answer_days == 6
    assert svc.workorder_rules(db, clerk).repair_arrival_urban_minutes == 30
    after = _record(db, clerk, reporter_name="周敏", reporter_contact="13900001111")
    assert after.answer_due_on == dt.date(2026, 3, 10)  # 6 working days
    repair = _record(
        db,
        clerk,
        "repair",
        "outage.fault",
        reporter_name="周敏",
        reporter_contact="13900001111",
        area="urban",
    )
    assert repair.arrival_due_at == (monday + dt.timedelta(minutes=30)).astimezone(dt.UTC).replace(
        tzinfo=None
    )
    # the order recorded before keeps its deadline; a step on it does not recompute it
    v = svc.dispatch_work_order(db, clerk, _cmd(before.id, before.version, department="营销班"))
    detail = reads.get_work_order(db, supervisor, before.id)
    assert detail.row.answer_due_on == dt.date(2026, 3, 6) and detail.row.version == v
    ((who, payload),) = _ops(db, OpType.CHANGE_WORK_ORDER_RULES)
    assert who == admin.username and payload["version"] == 1
    assert payload["changes"] == {
        "complaint_answer_days": {"old": 4, "new": 6},
        "repair_arrival_urban_minutes": {"old": 45, "new": 30},
    }


def test_bad_figures_are_refused_by_field_and_nothing_is_saved(db, admin):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        config.change_workorder_config(
            db,
            admin,
            0,
            rules={"complaint_answer_days": "0", "enquiry_answer_days": "x", "report_answer_days": "7"},
        )
    assert {e.field for e in caught.value.errors} == {"complaint_answer_days", "enquiry_answer_days"}
    assert "投诉答复时限（工作日）应为 1 到 60 之间的整数" in str(caught.value)
    assert config.get_workorder_config(db, admin).version == 0
    assert _ops(db, OpType.CHANGE_WORK_ORDER_RULES) == []


def test_only_an_admin_changes_them_and_a_stale_version_is_refused(db, clerk, supervisor, admin):  # type: ignore[no-untyped-def]
    for who in (clerk, supervisor):
        with pytest.raises(PermissionDenied):
            config.change_workorder_config(db, who, 0, rules={"complaint_answer_days": 5})
    config.change_workorder_config(db, admin, 0, rules={"complaint_answer_days": 5})
    with pytest.raises(ConcurrentEdit):
        config.change_workorder_config(db, admin, 0, rules={"complaint_answer_days": 7})
    assert config.get_workorder_config(db, admin).rules.complaint_answer_days == 5
    # saving the same values again changes nothing and logs nothing
    assert config.change_workorder_config(db, admin, 1, rules={"complaint_answer_days": "5"}).version == 1
    assert len(_ops(db, OpType.CHANGE_WORK_ORDER_RULES)) == 1


def test_the_category_tree_is_changed_in_the_app(db, clerk, supervisor, admin):  # type: ignore[no-untyped-def]
    old = _record(
        db, clerk, "complaint", "billing.late_fee", reporter_name="周敏", reporter_contact="13900001111"
    )
    tree = config.get_workorder_config(db, admin).tree
    tree, top = add_category(tree, None, "新能源")
    tree, sub = add_category(tree, top, "充电桩报装")
    tree = rename_category(tree, "billing.late_fee", "电费违约金")
    tree = set_category_active(tree, "billing.late_fee", False)
    view = config.change_workorder_config(db, admin, 0, tree=tree)
    assert (top, sub) == ("c1", "c1.c1")
    assert view.version == 1 and view.tree.version == 2
    assert view.tree.label(sub) == "新能源 › 充电桩报装"
    # the answer rule of 电能表数据异议 is kept
    assert view.tree.answer_rule("metering.data") == "metering_objection"
    # the old order keeps its code and shows the new name
    assert reads.get_work_order(db, clerk, old.id).row.category_label == "电费 › 电费违约金"
    assert [
        r.id for r in reads.list_work_orders(db, supervisor, WorkOrderFilter(category_code="billing")).rows
    ] == [old.id]
    # a deactivated category is not offered for new orders; a new one is
    with pytest.raises(ValidationErrors) as caught:
        _record(
            db, clerk, "complaint", "billing.late_fee", reporter_name="周敏", reporter_contact="13900001111"
        )
    assert [(e.field, e.message) for e in caught.value.errors] == [
        ("category_code", "该诉求分类已停用，请另选")
    ]
    new = _record(db, clerk, "complaint", sub, reporter_name="周敏", reporter_contact="13900001111")
    assert reads.get_work_order(db, clerk, new.id).row.category_label == "新能源 › 充电桩报装"
    ((who, payload),) = _ops(db, OpType.CHANGE_WORK_ORDER_CATEGORIES)
    assert who == admin.username and payload["tree_version"] == 2
    assert payload["changes"] == {
        "added": [
            {"code": "c1", "name": "新能源", "parent": None},
            {"code": "c1.c1", "name": "充电桩报装", "parent": "c1"},
        ],
        "renamed": [{"code": "billing.late_fee", "old": "违约金", "new": "电费违约金"}],
        "deactivated": [{"code": "billing.late_fee", "name": "电费违约金"}],
    }
    # reactivated: offered again
    tree = set_category_active(view.tree, "billing.late_fee", True)
    config.change_workorder_config(db, admin, view.version, tree=tree)
    _record(db, clerk, "complaint", "billing.late_fee", reporter_name="周敏", reporter_contact="13900001111")


def test_a_tree_that_drops_a_category_is_refused(db, admin):  # type: ignore[no-untyped-def]
    from app.domain.workorders import CategoryTree

    tree = config.get_workorder_config(db, admin).tree
    by_code = {c: n for c, n in tree.by_code.items() if c != "other"}
    dropped = CategoryTree(tree.version, tree.source, tuple(r for r in tree.roots if r != "other"), by_code)
    with pytest.raises(ValidationErrors) as caught:
        config.change_workorder_config(db, admin, 0, tree=dropped)
    assert caught.value.errors[0].field == "categories"
    assert config.get_workorder_config(db, admin).version == 0
