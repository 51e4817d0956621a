"""Demo work orders (演示诉求工单): every type at every stage it reaches — just recorded, dispatched,
being processed, replied, called back, archived, and reopened after a 不满意 callback — some
overdue and some due soon, so the work-order list, its colours and the supervisor's badge show.

Called only when asked (like :func:`app.demo.applications.seed_applications`): ``seed_workorders(db)``
after the demo staff exist (``seed_demo``). Everything goes through the services
(app/services/workorders.py) as the demo staff: the clerks record and work the orders, the
supervisor archives. The recording time is back-dated through ``RecordWorkOrder.accepted_at``
(allowed only to a service session) so the deadline colours are real. Idempotent: when demo
orders exist (their description ends with :data:`DEMO_MARK`), nothing is added.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable

from sqlalchemy import func, select

from app.domain.codes import WorkOrderType
from app.domain.workorders import needs_callback
from app.dto.common import Actor
from app.services import auth
from app.services import workorders as svc
from db.engine import Database
from db.models import Customer, User, WorkOrder

__all__ = ["DEMO_MARK", "PLANS", "seed_workorders"]

DEMO_MARK = "（演示数据）"
#: how far each order goes
PLANS = ("recorded", "dispatched", "processing", "replied", "called_back", "archived", "reopened")
PLAN_LABELS = {
    "recorded": "刚受理",
    "dispatched": "已派单",
    "processing": "处理中",
    "replied": "已回复",
    "called_back": "已回访",
    "archived": "已归档",
    "reopened": "不满意重办",
}
#: (type, category, description) of the demo orders
SUBJECTS: tuple[tuple[WorkOrderType, str, str], ...] = (
    (WorkOrderType.COMPLAINT, "attitude.counter", "营业厅排队时间过长，叫号机故障无人处理"),
    (WorkOrderType.COMPLAINT, "metering.data", "本月电量比上月多一倍，怀疑电能表走快"),
    (WorkOrderType.REPORT, "conduct.theft", "邻居疑似私拉电线窃电"),
    (WorkOrderType.SUGGESTION, "billing.payment", "建议增加自助缴费终端"),
    (WorkOrderType.PRAISE, "attitude.field", "抢修人员冒雨抢修，服务热情"),
    (WorkOrderType.ENQUIRY, "billing.tariff", "咨询峰谷电价的执行时段"),
    (WorkOrderType.REPAIR, "outage.fault", "整栋楼突然停电"),
)
#: (hours before now) per plan and turn: late enough for red, or for yellow, or just now
_AGES = {"recorded": (30.0, 20.0, 0.7), "dispatched": (50.0, 0.2, 21.0)}


def _actors(db: Database) -> dict[str, Actor]:
    with db.read() as session:
        users = {
            u.username: u.id
            for u in session.scalars(select(User).where(User.username.in_(("demo01", "demo02", "zhang.bz"))))
        }
    return {name: auth.service_actor(db, uid) for name, uid in users.items()}


def seed_workorders(db: Database) -> str:
    """Create the demo work orders (see the module's doc); returns the report line."""
    with db.read() as session:
        existing = session.scalar(
            select(func.count()).select_from(WorkOrder).where(WorkOrder.description.endswith(DEMO_MARK))
        )
        pool = list(
            session.scalars(select(Customer.id).order_by(Customer.account_no).limit(len(SUBJECTS) * 8))
        )
    if existing:
        return f"演示诉求工单已存在（{existing} 件），未新增"
    actors = _actors(db)
    if len(actors) < 3:
        return "演示人员不存在，未创建演示诉求工单"
    clerks, boss = [actors["demo01"], actors["demo02"]], actors["zhang.bz"]
    now = dt.datetime.now().astimezone()
    made: Counter[str] = Counter()
    n = 0
    for si, (kind, category, text) in enumerate(SUBJECTS):
        for plan in PLANS:
            n += 1
            clerk = clerks[n % 2]
            customer = pool[n % len(pool)] if pool and n % 3 else None
            anonymous = kind == WorkOrderType.REPORT and n % 2 == 0
            callback = needs_callback(kind, not anonymous)
            if plan in ("called_back", "reopened") and not callback:
                continue  # nobody to call back
            hours = _AGES.get(plan, (72.0, 72.0, 72.0))[si % 3]
            cmd = svc.RecordWorkOrder(
                kind.value,
                category,
                text + DEMO_MARK,
                channel=("counter", "hotline", "app", "phone", "letter")[n % 5],
                urgency="urgent" if kind == WorkOrderType.REPAIR else "normal",
                customer_id=None if anonymous else customer,
                anonymous=anonymous,
                reporter_name="" if anonymous or customer else "李女士",
                reporter_contact="" if anonymous or customer else f"139{n:08d}",
                area="urban" if kind == WorkOrderType.REPAIR and customer is None else "",
                accepted_at=now - dt.timedelta(hours=hours),
            )
            done = svc.record_work_order(db, clerk, cmd)
            _move(db, clerk, boss, plan, done.id, done.version, callback)
            made[plan] += 1
    total = sum(made.values())
    parts = "，".join(f"{PLAN_LABELS[p]} {made[p]} 件" for p in PLANS)
    return f"已创建演示诉求工单 {total} 件（{parts}）"


def _move(
    db: Database, clerk: Actor, boss: Actor, plan: str, order_id: uuid.UUID, version: int, callback: bool
) -> None:
    def step(fn: Callable[[Database, Actor, svc.WorkOrderCommand], int], actor: Actor, **kw: str) -> None:
        nonlocal version
        version = fn(db, actor, svc.WorkOrderCommand(order_id, version, **kw))

    order = PLANS.index(plan)
    if order >= 1:
        step(svc.dispatch_work_order, clerk, department="城东供电所", person="刘师傅")
    if order >= 2:
        step(svc.start_work_order, clerk, note="已联系客户")
    if order >= 3:
        step(svc.reply_work_order, clerk, resolution="已核实情况并处理，已向客户说明")
    if plan == "reopened":
        step(svc.call_back_work_order, clerk, result="dissatisfied", note="客户认为问题未解决")
        return
    if plan in ("called_back", "archived"):
        if callback:
            step(
                svc.call_back_work_order,
                clerk,
                result="satisfied" if plan == "archived" else "basically_satisfied",
            )
        if plan == "archived":
            step(svc.archive_work_order, boss, note="审核归档")
