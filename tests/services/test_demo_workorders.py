"""Demo work orders (app/demo/workorders.py): every type at every stage it reaches, some overdue
and some due soon, through the services; a second run adds none; the operation log still
verifies. SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from app.config import Settings
from app.demo import seed_demo
from app.demo.workorders import DEMO_MARK, seed_workorders
from app.domain.codes import WorkOrderStage, WorkOrderType
from app.services import auth
from app.services import workorder_reads as reads
from app.write_path import oplog
from db.engine import Database
from db.models import User, WorkOrder, WorkOrderStep


def test_demo_work_orders_at_every_stage_with_colours(db: Database, settings: Settings) -> None:
    assert seed_workorders(db) == "演示人员不存在，未创建演示诉求工单"
    seed_demo(db, settings, customers=40, seed=7)
    report = seed_workorders(db)
    assert report.startswith("已创建演示诉求工单")
    with db.read() as s:
        orders = list(s.scalars(select(WorkOrder)))
        steps = s.scalar(select(func.count()).select_from(WorkOrderStep))
        boss_id = s.scalar(select(User.id).where(User.username == "zhang.bz"))
    assert orders and all(o.description.endswith(DEMO_MARK) for o in orders)
    stages: dict[str, set[str]] = defaultdict(set)
    for o in orders:
        stages[o.order_type].add(o.stage)
    assert set(stages) == {t.value for t in WorkOrderType}
    assert stages[WorkOrderType.COMPLAINT] == {s.value for s in WorkOrderStage}
    assert any(o.reopened for o in orders) and any(o.anonymous for o in orders)
    assert steps and steps > len(orders)
    boss = auth.service_actor(db, boss_id)
    counts = reads.deadline_counts(db, boss)
    assert counts.overdue > 0 and counts.due_soon > 0
    assert seed_workorders(db).startswith("演示诉求工单已存在")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkOrder)) == len(orders)
        assert all(r.ok for r in oplog.verify(s))
