"""The supervisor's dashboard (看板, docs/rules.md#supervisor-dashboard) on a known data set, on
SQLite and PostgreSQL: the figures through the service, the handling time written with the
payment / acceptance, the xlsx read back, the PDF's text, and ``main.py export-dashboard``."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

import main
from app.domain.codes import RatingKind
from app.domain.errors import PermissionDenied, ValidationError
from app.dto.payments import TenderInput
from app.services import applications, cashier, customers, dashboard, payments, ratings, workorders
from app.services.ratings import RecordRating, SkipRating
from db.models import Application, ServiceVisit, WorkOrder
from tests.printing import pdfcheck
from tests.services.test_payments import add_bill

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _pay(db, actor, customer_id, since=None):  # type: ignore[no-untyped-def]
    add_bill(db, actor, customer_id, 12850)
    if cashier.current_session(db, actor) is None:
        cashier.open_session(db, actor, 50000)
    return payments.post_payment(
        db,
        actor,
        payments.PostPayment(
            uuid.uuid4(), customer_id, (TenderInput("cash", 20000),), None, served_since=since
        ),
    )


def _accept(db, actor, customer_id, since=None):  # type: ignore[no-untyped-def]
    btype = applications.shipped_catalogue().get("meter_test")
    return applications.accept_application(
        db,
        actor,
        applications.AcceptApplication("meter_test", customer_id, {}, btype.documents, served_since=since),
    )


def known_day(db, clerk, clerk2, customer_form):  # type: ignore[no-untyped-def]
    """Yesterday and today of a small hall, by hand:

    * clerk1 (柜员一): two payments timed 5 and 3 minutes, rated 非常满意 and 满意; two applications,
      one timed 10 minutes (its rating skipped), one not timed.
    * clerk2: one payment, not timed, rated 不满意; two complaints (工单).
    * application 1 fell due yesterday and was done yesterday (kept); application 2 fell due
      yesterday and is still open (late). Work order 1 was due yesterday, answered today (late);
      work order 2 is due today, not answered (pending).
    * three customers, none closed.
    """
    ids = [
        customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form())).id
        for _ in range(3)
    ]
    now = _utcnow()
    p1 = _pay(db, clerk, ids[0], now - dt.timedelta(seconds=300))
    p2 = _pay(db, clerk, ids[1], now - dt.timedelta(seconds=180))
    p3 = _pay(db, clerk2, ids[2])
    a1 = _accept(db, clerk, ids[0], _utcnow() - dt.timedelta(seconds=600))
    a2 = _accept(db, clerk, ids[1])
    w1 = workorders.record_work_order(
        db,
        clerk2,
        workorders.RecordWorkOrder(
            "complaint", "attitude.counter", "营业厅排队一小时无人引导", customer_id=ids[0]
        ),
    )
    w2 = workorders.record_work_order(
        db,
        clerk2,
        workorders.RecordWorkOrder("complaint", "attitude.counter", "窗口服务态度差", customer_id=ids[1]),
    )
    ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, p1.payment_id, 5))
    ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, p2.payment_id, 4))
    ratings.skip_rating(db, clerk, SkipRating(RatingKind.APPLICATION, a1.id, "客户已离开"))
    ratings.record_rating(db, clerk2, RecordRating(RatingKind.PAYMENT, p3.payment_id, 2))
    with db.write() as s:
        s.execute(
            update(Application)
            .where(Application.id == a1.id)
            .values(
                due_date=YESTERDAY,
                closed_on=YESTERDAY,
                closed_at=now - dt.timedelta(days=1),
                status="archived",
            )
        )
        s.execute(update(Application).where(Application.id == a2.id).values(due_date=YESTERDAY))
        s.execute(
            update(WorkOrder)
            .where(WorkOrder.id == w1.id)
            .values(answer_due_on=YESTERDAY, replied_at=now, stage="replied")
        )
        s.execute(update(WorkOrder).where(WorkOrder.id == w2.id).values(answer_due_on=TODAY, replied_at=None))


def test_the_figures_of_a_known_day(db, clerk, clerk2, supervisor, customer_form):  # type: ignore[no-untyped-def]
    known_day(db, clerk, clerk2, customer_form)
    d = dashboard.dashboard(db, supervisor, YESTERDAY, TODAY)
    one, two = d.clerks
    assert (one.clerk, one.payments, one.reversals, one.refunds, one.applications, one.work_orders) == (
        clerk.username,
        2,
        0,
        0,
        2,
        0,
    )
    assert (two.clerk, two.payments, two.applications, two.work_orders, two.timed) == (
        clerk2.username,
        1,
        0,
        2,
        0,
    )
    assert one.transactions == 4 and two.transactions == 3 and d.totals.transactions == 7
    # handling time: 300 s, 180 s, 600 s (a second or two more for the posting itself)
    assert one.timed == 3
    assert one.avg_seconds is not None and 360 <= one.avg_seconds <= 363
    assert one.median_seconds is not None and 300 <= one.median_seconds <= 302
    assert two.avg_seconds is None and d.totals.timed == 3
    assert (one.ratings, one.skipped, two.ratings, two.skipped) == ({5: 1, 4: 1}, 1, {2: 1}, 0)
    assert d.totals.ratings == {5: 1, 4: 1, 2: 1} and d.totals.skipped == 1
    assert d.totals.satisfied_rate == pytest.approx(200 / 3)
    assert (d.applications.kept, d.applications.late, d.applications.pending, d.applications.rate) == (
        1,
        1,
        0,
        50.0,
    )
    assert (d.work_orders.kept, d.work_orders.late, d.work_orders.pending, d.work_orders.rate) == (
        0,
        1,
        1,
        0.0,
    )
    assert (d.complaints, d.customers) == (2, 3)
    assert d.complaints_per_10k == pytest.approx(20000 / 3)
    # yesterday alone: nothing was done, but two promises fell due
    y = dashboard.dashboard(db, supervisor, YESTERDAY, YESTERDAY)
    assert y.clerks == () and y.totals.transactions == 0 and y.applications.due == 2


def test_handling_time_is_written_with_the_transaction_only(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    now = _utcnow()
    cmd = payments.PostPayment(
        uuid.uuid4(),
        view.id,
        (TenderInput("cash", 20000),),
        None,
        served_since=now - dt.timedelta(seconds=90),
    )
    add_bill(db, clerk, view.id, 12850)
    cashier.open_session(db, clerk, 50000)
    receipt = payments.post_payment(db, clerk, cmd)
    payments.post_payment(db, clerk, cmd)  # a retry: the same receipt, no second visit
    _pay(db, clerk, view.id, now - dt.timedelta(hours=5))  # a view left open for hours: not a visit
    _pay(db, clerk, view.id, now + dt.timedelta(seconds=30))  # a start after the end counts as 0
    with db.read() as s:
        rows = s.execute(
            select(
                ServiceVisit.transaction_id, ServiceVisit.kind, ServiceVisit.seconds, ServiceVisit.clerk
            ).order_by(ServiceVisit.ended_at)
        ).all()
        assert s.scalar(select(func.count()).select_from(ServiceVisit)) == 2
    assert rows[0][:2] == (receipt.payment_id, "payment") and 90 <= rows[0][2] <= 92
    assert rows[0][3] == clerk.username and rows[1][2] == 0


def test_rules_and_roles(db, clerk, supervisor, admin):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        dashboard.dashboard(db, clerk, TODAY, TODAY)
    with pytest.raises(ValidationError, match="结束日期"):
        dashboard.dashboard(db, supervisor, TODAY, YESTERDAY)
    with pytest.raises(ValidationError, match="366"):
        dashboard.dashboard(db, supervisor, TODAY - dt.timedelta(days=400), TODAY)
    empty = dashboard.dashboard(db, admin, TODAY, TODAY)
    assert empty.totals.avg_seconds is None and empty.applications.rate is None
    monday = dt.date(2026, 11, 30)
    assert dashboard.period_of("today", dt.date(2026, 12, 6)) == (dt.date(2026, 12, 6),) * 2
    assert dashboard.period_of("week", dt.date(2026, 12, 6)) == (monday, dt.date(2026, 12, 6))
    assert dashboard.period_of("month", dt.date(2026, 12, 6)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 6))


def test_xlsx_and_pdf_hold_the_figures(db, clerk, clerk2, supervisor, customer_form, tmp_path):  # type: ignore[no-untyped-def]
    known_day(db, clerk, clerk2, customer_form)
    d = dashboard.dashboard(db, supervisor, YESTERDAY, TODAY)
    book = load_workbook(dashboard.export_dashboard(d, tmp_path / "d.xlsx"))
    assert book.sheetnames == ["营业厅服务看板", "营业员业务量与办理时长", "服务评价分布"]
    figures = {r[0]: r[1] for r in book["营业厅服务看板"].iter_rows(values_only=True) if r and r[0]}
    assert figures["业务量（笔）"] == "7"
    assert figures["业务办结按时率"] == "50.0%" and figures["工单答复按时率"] == "0.0%"
    assert figures["满意率"] == "66.7%" and figures["每万户投诉"] == "6666.67"
    volume = [
        r
        for r in book["营业员业务量与办理时长"].iter_rows(values_only=True)
        if r and r[0] in (clerk.display_name, clerk2.display_name, "合计")
    ]
    assert [r[1:8] for r in volume] == [(2, 0, 0, 2, 0, 4, 3), (1, 0, 0, 0, 2, 3, 0), (3, 0, 0, 2, 2, 7, 3)]
    assert volume[0][8] in ("6:00", "6:01", "6:02") and volume[1][8] == "—"
    scores = [r for r in book["服务评价分布"].iter_rows(values_only=True) if r and r[0] == "合计"]
    assert scores[0][1:8] == (1, 1, 0, 1, 0, 3, 1)
    with pytest.raises(ValidationError):
        dashboard.export_dashboard(d, tmp_path / "d.csv")
    text = pdfcheck.text(dashboard.export_dashboard(d, tmp_path / "d.pdf").read_bytes())
    compact = "".join(text.split())
    for expected in (
        "营业厅服务看板",
        "业务办结按时率",
        "50.0%",
        "66.7%",
        "6666.67",
        "各营业员业务量（笔）",
        "评价分布（次）",
        clerk.display_name,
        f"{YESTERDAY.isoformat()}至{TODAY.isoformat()}",
    ):
        assert expected in compact, expected


def test_export_dashboard_command(db, settings, clerk, clerk2, customer_form, tmp_path, capsys, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    known_day(db, clerk, clerk2, customer_form)
    args = [
        "--db-url",
        settings.db_url,
        "export-dashboard",
        "--from",
        YESTERDAY.isoformat(),
        "--to",
        TODAY.isoformat(),
    ]
    assert main.main([*args, str(tmp_path / "d.xlsx")]) == 0
    assert "7 笔业务" in capsys.readouterr().out
    assert load_workbook(tmp_path / "d.xlsx").sheetnames[0] == "营业厅服务看板"
    assert main.main([*args, str(tmp_path / "d.pdf")]) == 0
    assert "营业厅服务看板" in pdfcheck.text((tmp_path / "d.pdf").read_bytes())
    assert main.main([*args, "--user", "clerk1", str(tmp_path / "x.pdf")]) == 2
    assert "无权" in capsys.readouterr().err


def test_a_reopened_work_order_is_not_a_promise_kept(db, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """A 不满意 callback sends the order back to 处理 with a new answer date; its first reply's
    replied_at stays. Until it is answered again it is pending (or late), never kept."""
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    order = workorders.record_work_order(
        db,
        clerk,
        workorders.RecordWorkOrder("complaint", "attitude.counter", "窗口服务态度差", customer_id=view.id),
    )
    with db.write() as s:
        s.execute(
            update(WorkOrder)
            .where(WorkOrder.id == order.id)
            .values(answer_due_on=TODAY, replied_at=_utcnow() - dt.timedelta(days=1), stage="processing")
        )
    d = dashboard.dashboard(db, supervisor, TODAY, TODAY)
    assert (d.work_orders.kept, d.work_orders.late, d.work_orders.pending) == (0, 0, 1)
    assert d.work_orders.rate is None
