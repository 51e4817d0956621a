"""The supervisor's dashboard (看板, docs/rules.md#supervisor-dashboard): one hall's figures for
a period of local days — transactions per clerk and kind, handling time, promises kept,
satisfaction, complaints per 10,000 customers — read in one transaction with a handful of
aggregate queries (each on an index over the period's column), so a month of a busy hall
(≈ 50,000 transactions) stays within 300 ms (tests/benchmarks/dashboard.py).

:func:`period_of` turns 今日 / 本周 / 本月 into dates; :func:`dashboard_tables` lays the figures
out as the report tables that the xlsx export (app/services/report_export.py) writes, a sheet
each.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.codes import ApplicationStatus, CustomerStatus, PaymentKind, WorkOrderStage, WorkOrderType
from app.domain.errors import NotFound, ValidationError
from app.domain.periods import local_date, utc_at
from app.dto.common import Actor
from app.dto.dashboard import SCORE_LABELS, ClerkFigures, Dashboard, PromiseFigures
from app.dto.reports import Column, ReportHeader, ReportTable
from app.printing.dashboard import render_dashboard
from app.services.permissions import require
from app.services.report_export import replace_file, xlsx_book_bytes
from db.engine import Database
from db.models import Application, Customer, Node, Payment, ServiceRating, ServiceVisit, User, WorkOrder

__all__ = [
    "MAX_DAYS",
    "PERIODS",
    "dashboard",
    "dashboard_tables",
    "export_dashboard",
    "minutes_text",
    "percent_text",
    "period_of",
    "summary_lines",
]

#: the period buttons of the screen (自定义 is a date range)
PERIODS = ("today", "week", "month")
#: the longest custom period (a year)
MAX_DAYS = 366
EXPORT_FORMATS = ("xlsx", "pdf")
_UNDO_KINDS = (PaymentKind.PAYMENT, PaymentKind.REVERSAL, PaymentKind.REFUND)
#: the stages at which a work order's latest answer stands (a reopened one is back at 处理)
_REPLIED_STAGES = (WorkOrderStage.REPLIED, WorkOrderStage.CALLED_BACK, WorkOrderStage.ARCHIVED)


def period_of(which: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """今日 (today), 本周 (Monday to today), 本月 (the 1st to today)."""
    day = today or dt.date.today()
    if which == "today":
        return day, day
    if which == "week":
        return day - dt.timedelta(days=day.weekday()), day
    if which == "month":
        return day.replace(day=1), day
    raise ValueError(f"unknown period {which!r}")


def _check_range(date_from: dt.date, date_to: dt.date) -> None:
    if not isinstance(date_from, dt.date) or not isinstance(date_to, dt.date):
        raise ValidationError("date_from", "请选择统计期间")
    if date_to < date_from:
        raise ValidationError("date_to", "结束日期不能早于开始日期")
    if (date_to - date_from).days >= MAX_DAYS:
        raise ValidationError("date_from", "统计期间不能超过{days}天", days=MAX_DAYS)


class _Clerk:
    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.seconds: dict[int, int] = {}  # handling time in seconds → how many
        self.ratings: dict[int, int] = {}
        self.skipped = 0

    def figures(self, clerk: str, name: str) -> ClerkFigures:
        timed = sum(self.seconds.values())
        return ClerkFigures(
            clerk=clerk,
            display_name=name,
            payments=self.counts[PaymentKind.PAYMENT],
            reversals=self.counts[PaymentKind.REVERSAL],
            refunds=self.counts[PaymentKind.REFUND],
            applications=self.counts["application"],
            work_orders=self.counts["work_order"],
            timed=timed,
            avg_seconds=sum(s * n for s, n in self.seconds.items()) / timed if timed else None,
            median_seconds=_median(self.seconds, timed),
            ratings=dict(self.ratings),
            skipped=self.skipped,
        )


def _median(histogram: dict[int, int], count: int) -> float | None:
    """The median of ``count`` values given as value → how many."""
    if not count:
        return None
    low_rank, high_rank = (count - 1) // 2, count // 2  # the middle one or two, 0-based
    low = high = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    assert low is not None and high is not None
    return (low + high) / 2


def _promises(rows: Any, today: dt.date) -> PromiseFigures:
    """``rows``: (due day, the day it was done or None); due today or later and not done: pending."""
    kept = late = pending = 0
    for due, done in rows:
        if done is not None and done <= due:
            kept += 1
        elif done is not None or due < today:
            late += 1
        else:
            pending += 1
    return PromiseFigures(kept, late, pending)


def _read(session: Session, actor: Actor, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    node = actor.node_id
    conn = session.connection()  # Core: the rows are plain tuples, no ORM bookkeeping
    start, end = utc_at(date_from, 0), utc_at(date_to + dt.timedelta(days=1), 0)
    clerks: dict[str, _Clerk] = defaultdict(_Clerk)
    for clerk, kind, n in conn.execute(
        select(Payment.posted_by, Payment.kind, func.count())
        .where(Payment.posted_at >= start, Payment.posted_at < end, Payment.node_id == node)
        .where(Payment.kind.in_(_UNDO_KINDS))
        .group_by(Payment.posted_by, Payment.kind)
    ):
        clerks[clerk].counts[kind] += int(n)
    for clerk, n in conn.execute(
        select(Application.accepted_by, func.count())
        .where(Application.accepted_at >= start, Application.accepted_at < end, Application.node_id == node)
        .group_by(Application.accepted_by)
    ):
        clerks[clerk].counts["application"] += int(n)
    complaints = 0
    for clerk, order_type, n in conn.execute(
        select(WorkOrder.accepted_by, WorkOrder.order_type, func.count())
        .where(WorkOrder.accepted_at >= start, WorkOrder.accepted_at < end, WorkOrder.node_id == node)
        .group_by(WorkOrder.accepted_by, WorkOrder.order_type)
    ):
        clerks[clerk].counts["work_order"] += int(n)
        if order_type == WorkOrderType.COMPLAINT:
            complaints += int(n)
    # handling times as a histogram per clerk (how many took each whole second): the mean and
    # the median exactly, in far fewer rows than the visits
    for clerk, seconds, n in conn.execute(
        select(ServiceVisit.clerk, ServiceVisit.seconds, func.count())
        .where(ServiceVisit.ended_at >= start, ServiceVisit.ended_at < end, ServiceVisit.node_id == node)
        .group_by(ServiceVisit.clerk, ServiceVisit.seconds)
    ):
        clerks[clerk].seconds[int(seconds)] = int(n)
    for clerk, score, n in conn.execute(
        select(ServiceRating.clerk, ServiceRating.score, func.count())
        .where(ServiceRating.rated_at >= start, ServiceRating.rated_at < end, ServiceRating.node_id == node)
        .group_by(ServiceRating.clerk, ServiceRating.score)
    ):
        if score is None:
            clerks[clerk].skipped += int(n)
        else:
            clerks[clerk].ratings[int(score)] = int(n)
    # promises falling due in the period: an application's (date after suspensions; NULL while
    # suspended: the clock stands) and a work order's answer date
    apps = conn.execute(
        select(Application.due_date, Application.closed_on).where(
            Application.due_date >= date_from,
            Application.due_date <= date_to,
            Application.node_id == node,
            Application.status != ApplicationStatus.CANCELLED,
        )
    ).all()
    app_rows = [(due, closed) for due, closed in apps]  # closed_on: the day it was archived
    orders = conn.execute(
        select(WorkOrder.answer_due_on, WorkOrder.replied_at, WorkOrder.stage).where(
            WorkOrder.answer_due_on >= date_from,
            WorkOrder.answer_due_on <= date_to,
            WorkOrder.node_id == node,
        )
    ).all()
    # A 不满意 callback sends the order back to 处理 with a new answer date but keeps the first
    # reply's replied_at: until it is replied again it is open, not kept.
    order_rows = [
        (due, local_date(replied) if replied is not None and stage in _REPLIED_STAGES else None)
        for due, replied, stage in orders
    ]
    customers = conn.scalar(
        select(func.count())
        .select_from(Customer)
        .where(Customer.node_id == node, Customer.status != CustomerStatus.CLOSED)
    )
    names: dict[str, str] = {}
    if clerks:
        names = dict(
            conn.execute(
                select(User.username, User.display_name).where(User.username.in_(list(clerks)))
            ).all()
        )
    return {
        "clerks": clerks,
        "names": names,
        "apps": app_rows,
        "orders": order_rows,
        "complaints": complaints,
        "customers": int(customers or 0),
    }


def dashboard(db: Database, actor: Actor, date_from: dt.date, date_to: dt.date) -> Dashboard:
    """The hall's figures for the local days ``date_from`` … ``date_to`` (both included)."""
    require(actor, "dashboard.view")
    _check_range(date_from, date_to)
    with db.read() as session:
        node = session.get(Node, actor.node_id)
        if node is None:
            raise NotFound("营业厅不存在")
        hall = (node.name, node.code, node.company)
        got = _read(session, actor, date_from, date_to)
    today = dt.date.today()
    clerks: dict[str, _Clerk] = got["clerks"]
    rows = tuple(clerks[c].figures(c, got["names"].get(c, c)) for c in sorted(clerks))
    everyone = _Clerk()
    for c in clerks.values():
        for k, n in c.counts.items():
            everyone.counts[k] += n
        for secs, n in c.seconds.items():
            everyone.seconds[secs] = everyone.seconds.get(secs, 0) + n
        for score, n in c.ratings.items():
            everyone.ratings[score] = everyone.ratings.get(score, 0) + n
        everyone.skipped += c.skipped
    return Dashboard(
        date_from=date_from,
        date_to=date_to,
        hall_name=hall[0],
        node_code=hall[1],
        company=hall[2],
        generated_at=dt.datetime.now().astimezone(),
        generated_by=actor.display_name or actor.username,
        clerks=rows,
        totals=everyone.figures("", "合计"),
        applications=_promises(got["apps"], today),
        work_orders=_promises(got["orders"], today),
        complaints=got["complaints"],
        customers=got["customers"],
    )


# ---- as tables (xlsx sheets, the PDF's tables, the screen's tables) ---------------------------------


def minutes_text(seconds: float | None) -> str:
    """A handling time as 分:秒 (``4:05``); "—" when nothing was timed."""
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _header(d: Dashboard, title: str) -> ReportHeader:
    return ReportHeader(
        title=title,
        hall_name=d.hall_name,
        node_code=d.node_code,
        company=d.company,
        period_text=d.period_text,
        printed_at=d.generated_at,
        printed_by=d.generated_by,
        date_from=d.date_from,
        date_to=d.date_to,
    )


def summary_lines(d: Dashboard) -> tuple[str, ...]:
    t = d.totals
    rate = d.complaints_per_10k
    return (
        f"业务量 {t.transactions:,} 笔（收费 {t.payments:,}，冲正 {t.reversals:,}，退费 {t.refunds:,}，"
        f"业务受理 {t.applications:,}，工单 {t.work_orders:,}）",
        f"平均办理时长 {minutes_text(t.avg_seconds)}（中位数 {minutes_text(t.median_seconds)}，"
        f"计时 {t.timed:,} 笔）",
        f"业务办结按时率 {percent_text(d.applications.rate)}（按时 {d.applications.kept}，"
        f"超期 {d.applications.late}，未到期 {d.applications.pending}）；工单答复按时率 "
        f"{percent_text(d.work_orders.rate)}（按时 {d.work_orders.kept}，超期 {d.work_orders.late}，"
        f"未到期 {d.work_orders.pending}）",
        f"满意率 {percent_text(t.satisfied_rate)}（评价 {t.rated:,}，跳过 {t.skipped:,}）",
        f"投诉 {d.complaints} 件，客户 {d.customers:,} 户，每万户投诉 "
        + ("—" if rate is None else f"{rate:.2f}"),
    )


def dashboard_tables(d: Dashboard) -> tuple[ReportTable, ...]:
    """业务量 (per clerk and kind, with handling time), 服务评价 (per clerk and score), 指标
    (the hall's figures): what the xlsx writes as sheets and the PDF prints."""
    volume_cols = (
        Column("clerk", "营业员", "text", 1.2),
        Column("payments", "收费", "int", 0.7),
        Column("reversals", "冲正", "int", 0.7),
        Column("refunds", "退费", "int", 0.7),
        Column("applications", "业务受理", "int", 0.8),
        Column("work_orders", "工单", "int", 0.7),
        Column("transactions", "合计", "int", 0.7),
        Column("timed", "计时笔数", "int", 0.8),
        Column("avg", "平均时长", "text", 0.8),
        Column("median", "时长中位数", "text", 0.9),
    )

    def volume(c: ClerkFigures) -> tuple[Any, ...]:
        return (
            c.display_name,
            c.payments,
            c.reversals,
            c.refunds,
            c.applications,
            c.work_orders,
            c.transactions,
            c.timed,
            minutes_text(c.avg_seconds),
            minutes_text(c.median_seconds),
        )

    rating_cols = (
        Column("clerk", "营业员", "text", 1.2),
        *(Column(f"score_{s}", label, "int", 0.8) for s, label in SCORE_LABELS.items()),
        Column("rated", "评价数", "int", 0.7),
        Column("skipped", "跳过", "int", 0.6),
        Column("satisfied", "满意率", "text", 0.7),
    )

    def rating(c: ClerkFigures) -> tuple[Any, ...]:
        return (
            c.display_name,
            *(c.ratings.get(s, 0) for s in SCORE_LABELS),
            c.rated,
            c.skipped,
            percent_text(c.satisfied_rate),
        )

    rate = d.complaints_per_10k
    figure_cols = (
        Column("figure", "指标", "text", 1.6),
        Column("value", "数值", "text", 1.0),
        Column("detail", "说明", "text", 2.4),
    )
    t = d.totals
    figure_rows = (
        ("业务量（笔）", f"{t.transactions:,}", "收费、冲正、退费、业务受理、工单登记之和"),
        ("平均办理时长", minutes_text(t.avg_seconds), f"打开客户至出据/受理，计时 {t.timed:,} 笔"),
        ("办理时长中位数", minutes_text(t.median_seconds), ""),
        (
            "业务办结按时率",
            percent_text(d.applications.rate),
            f"本期到期 {d.applications.due}：按时 {d.applications.kept}，超期 {d.applications.late}；"
            f"未到期 {d.applications.pending}",
        ),
        (
            "工单答复按时率",
            percent_text(d.work_orders.rate),
            f"本期到期 {d.work_orders.due}：按时 {d.work_orders.kept}，超期 {d.work_orders.late}；"
            f"未到期 {d.work_orders.pending}",
        ),
        (
            "满意率",
            percent_text(t.satisfied_rate),
            f"非常满意、满意占评价数，评价 {t.rated:,}，跳过 {t.skipped:,}",
        ),
        (
            "每万户投诉",
            "—" if rate is None else f"{rate:.2f}",
            f"投诉工单 {d.complaints} 件 ÷ 在册客户 {d.customers:,} 户 × 10000",
        ),
    )
    summary = summary_lines(d)
    return (
        ReportTable(
            "dashboard_figures",
            _header(d, "营业厅服务看板"),
            figure_cols,
            figure_rows,
            (
                "统计期间",
                f"{(d.date_to - d.date_from).days + 1} 天",
                f"{d.period_text}，{d.hall_name}（{d.node_code}）",
            ),
            summary,
        ),
        ReportTable(
            "dashboard_volume",
            _header(d, "营业员业务量与办理时长"),
            volume_cols,
            tuple(volume(c) for c in d.clerks),
            volume(t),
            summary[:2],
        ),
        ReportTable(
            "dashboard_ratings",
            _header(d, "服务评价分布"),
            rating_cols,
            tuple(rating(c) for c in d.clerks),
            rating(t),
            summary[3:4],
        ),
    )


def export_dashboard(d: Dashboard, path: str | os.PathLike[str]) -> Path:
    """Write ``d`` to ``path``: .xlsx (a sheet per section) or .pdf (A4 with charts)."""
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in EXPORT_FORMATS:
        raise ValidationError("path", "请选择 xlsx 或 pdf 文件")
    tables = dashboard_tables(d)
    data = xlsx_book_bytes(tables) if kind == "xlsx" else render_dashboard(d, tables)
    return replace_file(target, data)
