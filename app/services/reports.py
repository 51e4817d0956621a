"""The supervisor's daily reports (报表), read only: docs/reports.md.

* :func:`collection_summary` — 营业厅收费汇总: every receipt of the hall in a date range, per day
  (or month) and clerk: payments, 冲正 and 退费 apart and netted, net per tender, principal /
  late fee / prepaid. A reversal or refund counts on the day it was issued, for the clerk who
  issued it (the money left that drawer on that day).
* :func:`arrears_list` — 欠费清单 for 催费: customers of the hall who owe, with late fee to
  date, the oldest open period and its age; by amount or age, with thresholds. Clerks may run
  it; phones are masked unless a supervisor asks for them (docs/privacy.md).
* :func:`adjustment_list` (退补), :func:`undo_list` (冲正 / 退费) with who approved.
* :func:`list_bill_runs` and :func:`bill_run_bills` — the bills one bill run (or import) issued.
* :func:`tabulate` lays any of them out as a :class:`~app.dto.reports.ReportTable`, what the
  printout (app/printing/reports.py), the export (app/services/report_export.py) and the screen
  show.

Every figure is read in one transaction; money is integer fen.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain.allocation import TENDER_KINDS
from app.domain.codes import BillType, PaymentKind, TenderKind
from app.domain.errors import NotFound, ValidationError
from app.domain.masking import mask_phone
from app.domain.periods import local_date, utc_at
from app.dto.common import Actor
from app.dto.reports import (
    AdjustmentItem,
    AdjustmentReport,
    ArrearsReport,
    ArrearsRow,
    BillRunInfo,
    CollectionReport,
    CollectionRow,
    Column,
    ReportHeader,
    ReportTable,
    RunBillItem,
    RunBillsReport,
    UndoItem,
    UndoReport,
)
from app.services import hall_rules
from app.services.ledger import load_open_ledgers
from app.services.payments import REASON_CODES, RECEIPT_KINDS, local_time
from app.services.permissions import require
from db.engine import Database
from db.models import (
    Bill,
    CashierSession,
    Customer,
    Node,
    Operation,
    Payment,
    PaymentAllocation,
    PaymentTender,
    User,
)

__all__ = [
    "GROUPS",
    "MAX_DAYS",
    "REPORTS",
    "adjustment_list",
    "arrears_list",
    "bill_run_bills",
    "bill_run_info",
    "collection_summary",
    "list_bill_runs",
    "tabulate",
    "undo_list",
]

#: The reports by code, as the screen and the command line name them.
REPORTS: dict[str, str] = {
    "collection": "营业厅收费汇总表",
    "arrears": "欠费清单（催费）",
    "adjustments": "退补清单",
    "reversals": "冲正清单",
    "refunds": "退费清单",
    "bill_run": "发行账单清单",
}
GROUPS = ("day", "month")
#: The longest date range of one report (a year and a day: a leap year's whole year).
MAX_DAYS = 366
_SORTS = ("amount", "age")


# ---- common -----------------------------------------------------------------------------------------


def _check_range(date_from: dt.date, date_to: dt.date) -> None:
    if not isinstance(date_from, dt.date) or not isinstance(date_to, dt.date):
        raise ValidationError("date_from", "请选择查询日期")
    if date_to < date_from:
        raise ValidationError("date_to", "结束日期不能早于开始日期")
    if (date_to - date_from).days >= MAX_DAYS:
        raise ValidationError("date_from", "查询期间不能超过{days}天", days=MAX_DAYS)


def _utc_range(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Stored (naive UTC) bounds of the local days ``date_from`` … ``date_to``: [start, end)."""
    return utc_at(date_from, 0), utc_at(date_to + dt.timedelta(days=1), 0)


def _names(session: Session, usernames: Iterable[str | None]) -> dict[str, str]:
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    return dict(
        session.execute(select(User.username, User.display_name).where(User.username.in_(wanted))).all()
    )


def _header(
    session: Session,
    actor: Actor,
    code: str,
    period_text: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> ReportHeader:
    node = session.get(Node, actor.node_id)
    if node is None:
        raise NotFound("营业厅不存在")
    return ReportHeader(
        title=REPORTS[code],
        hall_name=node.name,
        node_code=node.code,
        company=node.company,
        period_text=period_text,
        printed_at=dt.datetime.now().astimezone(),
        printed_by=actor.display_name or actor.username,
        date_from=date_from,
        date_to=date_to,
    )


def _range_text(date_from: dt.date, date_to: dt.date) -> str:
    if date_from == date_to:
        return date_from.isoformat()
    return f"{date_from.isoformat()} 至 {date_to.isoformat()}"


def _net_tenders(tenders: Iterable[tuple[str, int]], change_fen: int) -> dict[str, int]:
    """Net per tender of one receipt: cash kept is cash received minus change handed back."""
    net: dict[str, int] = {}
    for kind, amount in tenders:
        net[kind] = net.get(kind, 0) + int(amount)
    if change_fen:
        net[TenderKind.CASH] = net.get(TenderKind.CASH, 0) - change_fen
    return net


def _tender_text(net: dict[str, int]) -> str:
    order = list(TENDER_KINDS)
    return " / ".join(
        f"{TENDER_KINDS.get(k, k)} {v / 100:.2f}"
        for k, v in sorted(net.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
        if v
    )


# ---- 收费汇总 --------------------------------------------------------------------------------------------


class _Sums:
    """The running figures of one row of the collection summary."""

    def __init__(self) -> None:
        self.count = {k: 0 for k in RECEIPT_KINDS}
        self.amount = {k: 0 for k in RECEIPT_KINDS}
        self.by_tender: dict[str, int] = dict.fromkeys(TENDER_KINDS, 0)
        self.principal = self.late_fee = self.prepaid = 0

    def add(self, p: Any, net: dict[str, int]) -> None:
        self.count[p.kind] += 1
        self.amount[p.kind] += int(p.amount_fen)
        for kind, amount in net.items():
            self.by_tender[kind] = self.by_tender.get(kind, 0) + amount
        self.principal += int(p.applied_fen) - int(p.late_fee_fen)
        self.late_fee += int(p.late_fee_fen)
        self.prepaid += int(p.prepaid_fen)

    def row(self, bucket: str, clerk: str, clerk_name: str) -> CollectionRow:
        return CollectionRow(
            bucket=bucket,
            clerk=clerk,
            clerk_name=clerk_name,
            payments=self.count[PaymentKind.PAYMENT],
            payments_fen=self.amount[PaymentKind.PAYMENT],
            reversals=self.count[PaymentKind.REVERSAL],
            reversals_fen=self.amount[PaymentKind.REVERSAL],
            refunds=self.count[PaymentKind.REFUND],
            refunds_fen=self.amount[PaymentKind.REFUND],
            by_tender=dict(self.by_tender),
            principal_fen=self.principal,
            late_fee_fen=self.late_fee,
            prepaid_fen=self.prepaid,
            net_fen=sum(self.amount.values()),
        )


def collection_summary(
    db: Database, actor: Actor, date_from: dt.date, date_to: dt.date, group_by: str = "day"
) -> CollectionReport:
    """营业厅收费汇总: the hall's receipts (收费, 冲正, 退费; not 预存抵扣, which moves no money)
    posted on local days ``date_from`` … ``date_to``, one row per day (``group_by`` "day") or
    month ("month") and clerk, and the grand total."""
    require(actor, "report.view")
    _check_range(date_from, date_to)
    if group_by not in GROUPS:
        raise ValidationError("group_by", "汇总方式不正确")
    start, end = _utc_range(date_from, date_to)
    with db.read() as session:
        header = _header(session, actor, "collection", _range_text(date_from, date_to), date_from, date_to)
        payments = session.execute(
            select(
                Payment.id,
                Payment.kind,
                Payment.amount_fen,
                Payment.change_fen,
                Payment.applied_fen,
                Payment.late_fee_fen,
                Payment.prepaid_fen,
                Payment.posted_at,
                Payment.posted_by,
            )
            .where(
                Payment.node_id == actor.node_id,
                Payment.kind.in_(RECEIPT_KINDS),
                Payment.posted_at >= start,
                Payment.posted_at < end,
            )
            .order_by(Payment.posted_at)
        ).all()
        tenders: dict[uuid.UUID, list[tuple[str, int]]] = defaultdict(list)
        for pid, kind, amount in session.execute(
            select(PaymentTender.payment_id, PaymentTender.kind, PaymentTender.amount_fen)
            .join(Payment, Payment.id == PaymentTender.payment_id)
            .where(
                Payment.node_id == actor.node_id,
                Payment.kind.in_(RECEIPT_KINDS),
                Payment.posted_at >= start,
                Payment.posted_at < end,
            )
        ):
            tenders[pid].append((kind, int(amount)))
        names = _names(session, {p.posted_by for p in payments})
    groups: dict[tuple[str, str], _Sums] = {}
    total = _Sums()
    for p in payments:
        day = local_date(p.posted_at)
        bucket = day.isoformat() if group_by == "day" else day.strftime("%Y-%m")
        net = _net_tenders(tenders.get(p.id, ()), int(p.change_fen))
        groups.setdefault((bucket, p.posted_by), _Sums()).add(p, net)
        total.add(p, net)
    rows = tuple(
        sums.row(bucket, clerk, names.get(clerk, clerk)) for (bucket, clerk), sums in sorted(groups.items())
    )
    return CollectionReport(header=header, group_by=group_by, rows=rows, totals=total.row("合计", "", ""))


# ---- 欠费清单 ---------------------------------------------------------------------------------------------


def arrears_list(
    db: Database,
    actor: Actor,
    on_date: dt.date | None = None,
    *,
    sort: str = "amount",
    min_due_fen: int = 0,
    min_age_days: int = 0,
    full_phones: bool = False,
    limit: int = 20000,
) -> ArrearsReport:
    """欠费清单 on ``on_date`` (default today): every customer of the hall whose arrears, late fees
    and prepaid leave something to pay (``due_fen`` > 0), at least ``min_due_fen`` and at least
    ``min_age_days`` past the due date of the oldest open bill; ``sort`` "amount" (largest
    first) or "age" (oldest first). Phones are masked unless ``full_phones`` and the actor may see
    them (``customer.view_sensitive``, docs/privacy.md)."""
    require(actor, "report.arrears")
    if sort not in _SORTS:
        raise ValidationError("sort", "排序方式不正确")
    for field, value in (("min_due_fen", min_due_fen), ("min_age_days", min_age_days)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError(field, "筛选条件应为不小于0的数")
    if full_phones:
        require(actor, "customer.view_sensitive")
    today = on_date or dt.date.today()
    with db.read() as session:
        header = _header(session, actor, "arrears", f"截至 {today.isoformat()}", None, today)
        rules = hall_rules.for_node(session, actor.node_id).late_fee_rules()
        paid = func.coalesce(func.sum(PaymentAllocation.principal_fen), 0)
        owing = (
            session.execute(
                select(Bill.customer_id)
                .join(Customer, Customer.id == Bill.customer_id)
                .outerjoin(PaymentAllocation, PaymentAllocation.bill_id == Bill.id)
                .outerjoin(Payment, Payment.id == PaymentAllocation.payment_id)
                .where(Customer.node_id == actor.node_id, Bill.amount_fen > 0)
                .group_by(Bill.id, Bill.customer_id)
                # principal unpaid, or paid after the due date (a late fee may be left: the ledger says)
                .having(or_(Bill.amount_fen - paid > 0, func.max(Payment.posted_at) > Bill.due_date))
            )
            .scalars()
            .all()
        )
        ids = sorted(set(owing))
        people: dict[uuid.UUID, Any] = {}
        for part in _chunks(ids):
            for c in session.execute(
                select(
                    Customer.id,
                    Customer.account_no,
                    Customer.name,
                    Customer.kind,
                    Customer.phone,
                    Customer.supply_address,
                    Customer.prepaid_fen,
                ).where(Customer.id.in_(part))
            ):
                people[c.id] = c
        ledgers = load_open_ledgers(
            session,
            {cid: people[cid].kind for cid in ids},
            {cid: int(people[cid].prepaid_fen) for cid in ids},
        )
    rows: list[ArrearsRow] = []
    for cid, ledger in ledgers.items():
        standing = ledger.standing(today, rules)
        open_items = [i for i in standing.items if i.principal_outstanding_fen > 0 or i.late_fee_fen > 0]
        due = standing.balance_fen
        if not open_items or due <= 0 or due < min_due_fen:
            continue
        oldest = min(open_items, key=lambda i: (i.due_date, i.period))
        age = max(0, (today - oldest.due_date).days)
        if age < min_age_days:
            continue
        c = people[cid]
        phone = c.phone or ""
        rows.append(
            ArrearsRow(
                customer_id=cid,
                account_no=c.account_no,
                name=c.name,
                address=c.supply_address,
                phone=phone if full_phones else (mask_phone(phone) if phone else ""),
                arrears_fen=max(standing.arrears_fen, 0),
                late_fee_fen=standing.late_fee_fen,
                prepaid_fen=standing.prepaid_fen,
                due_fen=due,
                bills=len(open_items),
                oldest_period=min(i.period for i in open_items),
                oldest_due=oldest.due_date,
                age_days=age,
                age_months=len({i.period for i in open_items}),
            )
        )
    if sort == "amount":
        rows.sort(key=lambda r: (-r.due_fen, -r.age_days, r.account_no))
    else:
        rows.sort(key=lambda r: (-r.age_days, -r.due_fen, r.account_no))
    matched = len(rows)
    rows = rows[: max(1, limit)]
    return ArrearsReport(
        header=header,
        on_date=today,
        sort=sort,
        min_due_fen=min_due_fen,
        min_age_days=min_age_days,
        phones_masked=not full_phones,
        rows=tuple(rows),
        arrears_fen=sum(r.arrears_fen for r in rows),
        late_fee_fen=sum(r.late_fee_fen for r in rows),
        prepaid_fen=sum(r.prepaid_fen for r in rows),
        due_fen=sum(r.due_fen for r in rows),
        matched=matched,
    )


def _chunks(items: Sequence[Any], size: int = 900) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---- 退补清单 ---------------------------------------------------------------------------------------------


def adjustment_list(db: Database, actor: Actor, date_from: dt.date, date_to: dt.date) -> AdjustmentReport:
    """退补清单: the adjustment bills the hall issued on local days ``date_from`` … ``date_to``,
    with the bill each corrects, who issued it and who approved it (the second person of a 退补
    at or above the hall rule ``adjustment_approval_fen``, from its ``IssueAdjustment`` record)."""
    require(actor, "report.view")
    _check_range(date_from, date_to)
    start, end = _utc_range(date_from, date_to)
    original = aliased(Bill)
    with db.read() as session:
        header = _header(session, actor, "adjustments", _range_text(date_from, date_to), date_from, date_to)
        found = session.execute(
            select(Bill, Customer.account_no, Customer.name, original.bill_no, original.period)
            .join(Customer, Customer.id == Bill.customer_id)
            .outerjoin(original, original.id == Bill.adjusts_bill_id)
            .where(
                Bill.node_id == actor.node_id,
                Bill.bill_type == BillType.ADJUSTMENT,
                Bill.issued_at >= start,
                Bill.issued_at < end,
            )
            .order_by(Bill.issued_at, Bill.bill_no)
        ).all()
        approvers: dict[uuid.UUID, str] = {}
        for part in _chunks([b.id for b, *_ in found]):
            for entity_id, payload in session.execute(
                select(Operation.entity_id, Operation.payload).where(
                    Operation.entity_type == "bill",
                    Operation.op_type == "IssueAdjustment",
                    Operation.entity_id.in_(part),
                )
            ):
                approver = json.loads(payload).get("approved_by")
                if entity_id is not None and approver:
                    approvers[entity_id] = str(approver)
        names = _names(session, [b.created_by for b, *_ in found] + list(approvers.values()))
    rows = tuple(
        AdjustmentItem(
            bill_id=b.id,
            bill_no=b.bill_no,
            issued_at=local_time(b.issued_at),
            account_no=account,
            name=name,
            adjusts_bill_no=orig_no or "",
            adjusts_period=orig_period or "",
            kwh=int(b.kwh),
            amount_fen=int(b.amount_fen),
            reason=b.note,
            issued_by=names.get(b.created_by, b.created_by),
            approved_by=names.get(approvers.get(b.id, ""), approvers.get(b.id, "")),
        )
        for b, account, name, orig_no, orig_period in found
    )
    return AdjustmentReport(
        header=header,
        rows=rows,
        kwh=sum(r.kwh for r in rows),
        amount_fen=sum(r.amount_fen for r in rows),
        charged_fen=sum(r.amount_fen for r in rows if r.amount_fen > 0),
        credited_fen=sum(r.amount_fen for r in rows if r.amount_fen < 0),
    )


# ---- 冲正 / 退费清单 ----------------------------------------------------------------------------------------


def undo_list(db: Database, actor: Actor, kind: str, date_from: dt.date, date_to: dt.date) -> UndoReport:
    """冲正清单 (``kind`` "reversal") or 退费清单 ("refund"): the hall's receipts of that kind
    issued on local days ``date_from`` … ``date_to``, each with the payment it undid, the reason,
    the clerk and the supervisor who approved it."""
    require(actor, "report.view")
    if kind not in (PaymentKind.REVERSAL, PaymentKind.REFUND):
        raise ValidationError("kind", "报表类型不正确")
    _check_range(date_from, date_to)
    start, end = _utc_range(date_from, date_to)
    code = "reversals" if kind == PaymentKind.REVERSAL else "refunds"
    original = aliased(Payment)
    with db.read() as session:
        header = _header(session, actor, code, _range_text(date_from, date_to), date_from, date_to)
        found = session.execute(
            select(
                Payment,
                original.receipt_no,
                original.posted_at,
                Customer.account_no,
                Customer.name,
                CashierSession.session_no,
            )
            .join(Customer, Customer.id == Payment.customer_id)
            .outerjoin(original, original.id == Payment.reverses_id)
            .outerjoin(CashierSession, CashierSession.id == Payment.session_id)
            .where(
                Payment.node_id == actor.node_id,
                Payment.kind == kind,
                Payment.posted_at >= start,
                Payment.posted_at < end,
            )
            .order_by(Payment.posted_at, Payment.receipt_no)
        ).all()
        tenders: dict[uuid.UUID, list[tuple[str, int]]] = defaultdict(list)
        for part in _chunks([p.id for p, *_ in found]):
            for pid, t_kind, amount in session.execute(
                select(PaymentTender.payment_id, PaymentTender.kind, PaymentTender.amount_fen).where(
                    PaymentTender.payment_id.in_(part)
                )
            ):
                tenders[pid].append((t_kind, int(amount)))
        names = _names(session, [p.posted_by for p, *_ in found] + [p.approved_by for p, *_ in found])
    rows: list[UndoItem] = []
    by_tender: dict[str, int] = dict.fromkeys(TENDER_KINDS, 0)
    for p, orig_no, orig_at, account, name, session_no in found:
        net = _net_tenders(tenders.get(p.id, ()), int(p.change_fen))
        for t_kind, amount in net.items():
            by_tender[t_kind] = by_tender.get(t_kind, 0) + amount
        label = REASON_CODES.get(p.reason_code, p.reason_code)
        reason = f"{label}：{p.reason}" if label and p.reason and p.reason != label else (label or p.reason)
        rows.append(
            UndoItem(
                payment_id=p.id,
                receipt_no=p.receipt_no or "",
                kind=p.kind,
                posted_at=local_time(p.posted_at),
                original_receipt_no=orig_no or "",
                original_posted_at=local_time(orig_at) if orig_at else None,
                account_no=account,
                name=name,
                amount_fen=int(p.amount_fen),
                tenders=_tender_text(net),
                reason=reason,
                clerk_name=names.get(p.posted_by, p.posted_by),
                approved_by=names.get(p.approved_by, p.approved_by) if p.approved_by else "",
                session_no=session_no or "",
            )
        )
    return UndoReport(
        header=header,
        kind=kind,
        rows=tuple(rows),
        amount_fen=sum(r.amount_fen for r in rows),
        by_tender=by_tender,
    )


# ---- 发行账单 ----------------------------------------------------------------------------------------------

_RUN_OPS = ("ComputeBills", "ImportBills")


def _run_info(op: Operation, names: dict[str, str]) -> BillRunInfo:
    data = json.loads(op.payload)
    periods = data.get("periods") or ([data["period"]] if data.get("period") else [])
    count = data.get("count", data.get("imported", data.get("rows", 0)))
    return BillRunInfo(
        op_id=op.op_id,
        op_type=op.op_type,
        occurred_at=dt.datetime.fromisoformat(op.occurred_at),
        actor=names.get(op.actor, op.actor),
        periods="、".join(str(p) for p in periods),
        count=int(count or 0),
        total_fen=int(data.get("total_fen") or 0),
        first_bill_no=str(data.get("first_bill_no") or ""),
        last_bill_no=str(data.get("last_bill_no") or ""),
    )


def list_bill_runs(db: Database, actor: Actor, limit: int = 100) -> list[BillRunInfo]:
    """The hall's bill runs (电费发行) and bill imports (账单导入), newest first."""
    require(actor, "report.view")
    with db.read() as session:
        ops = list(
            session.scalars(
                select(Operation)
                .where(Operation.node_id == actor.node_id, Operation.op_type.in_(_RUN_OPS))
                .order_by(Operation.seq.desc())
                .limit(max(1, min(limit, 1000)))
            )
        )
        names = _names(session, [op.actor for op in ops])
    return [info for info in (_run_info(op, names) for op in ops) if info.first_bill_no]


def bill_run_info(db: Database, actor: Actor, op_id: uuid.UUID) -> BillRunInfo:
    require(actor, "report.view")
    with db.read() as session:
        op = session.get(Operation, op_id)
        if op is None or op.node_id != actor.node_id or op.op_type not in _RUN_OPS:
            raise NotFound("该次发行不存在")
        return _run_info(op, _names(session, [op.actor]))


def bill_run_bills(db: Database, actor: Actor, op_id: uuid.UUID) -> RunBillsReport:
    """The bills one bill run or import issued: the node's bills numbered from its first to its
    last bill number (the counter is held by the run's transaction until it commits, so nothing
    else takes a number in between), with what has been paid on each since."""
    require(actor, "report.view")
    with db.read() as session:
        op = session.get(Operation, op_id)
        if op is None or op.node_id != actor.node_id or op.op_type not in _RUN_OPS:
            raise NotFound("该次发行不存在")
        run = _run_info(op, _names(session, [op.actor]))
        when = f"{run.occurred_at:%Y-%m-%d %H:%M}"
        header = _header(session, actor, "bill_run", f"账期 {run.periods}　发行于 {when}　{run.actor}")
        paid = (
            select(PaymentAllocation.bill_id, func.sum(PaymentAllocation.principal_fen).label("paid"))
            .group_by(PaymentAllocation.bill_id)
            .subquery()
        )
        found = session.execute(
            select(Bill, Customer.account_no, Customer.name, func.coalesce(paid.c.paid, 0))
            .join(Customer, Customer.id == Bill.customer_id)
            .outerjoin(paid, paid.c.bill_id == Bill.id)
            .where(
                and_(
                    Bill.node_id == actor.node_id,
                    Bill.bill_no >= run.first_bill_no,
                    Bill.bill_no <= run.last_bill_no,
                    Bill.bill_type == BillType.REGULAR,
                )
            )
            .order_by(Bill.bill_no)
        ).all()
    rows = tuple(
        RunBillItem(
            bill_id=b.id,
            bill_no=b.bill_no,
            account_no=account,
            name=name,
            period=b.period,
            kwh=int(b.kwh),
            amount_fen=int(b.amount_fen),
            due_date=b.due_date,
            paid_fen=int(paid_fen),
            outstanding_fen=int(b.amount_fen) - int(paid_fen),
        )
        for b, account, name, paid_fen in found
    )
    return RunBillsReport(
        header=header,
        run=run,
        rows=rows,
        kwh=sum(r.kwh for r in rows),
        amount_fen=sum(r.amount_fen for r in rows),
        paid_fen=sum(r.paid_fen for r in rows),
        outstanding_fen=sum(r.outstanding_fen for r in rows),
    )


# ---- the one table -----------------------------------------------------------------------------------------

AnyReport = CollectionReport | ArrearsReport | AdjustmentReport | UndoReport | RunBillsReport


def tabulate(report: AnyReport) -> ReportTable:
    """``report`` as header, typed columns, rows and a totals row (money in fen, dates as dates)."""
    if isinstance(report, CollectionReport):
        return _collection_table(report)
    if isinstance(report, ArrearsReport):
        return _arrears_table(report)
    if isinstance(report, AdjustmentReport):
        return _adjustment_table(report)
    if isinstance(report, UndoReport):
        return _undo_table(report)
    return _bill_run_table(report)


def _collection_table(r: CollectionReport) -> ReportTable:
    tender_cols = tuple(Column(f"tender_{k}", str(label), "money") for k, label in TENDER_KINDS.items())
    columns = (
        Column("bucket", "日期" if r.group_by == "day" else "月份", "text", 1.0),
        Column("clerk", "收费员", "text", 1.0),
        Column("payments", "收费笔数", "int", 0.7),
        Column("payments_fen", "收费金额", "money"),
        Column("reversals", "冲正笔数", "int", 0.7),
        Column("reversals_fen", "冲正金额", "money"),
        Column("refunds", "退费笔数", "int", 0.7),
        Column("refunds_fen", "退费金额", "money"),
        *tender_cols,
        Column("principal_fen", "电费本金", "money"),
        Column("late_fee_fen", "违约金", "money"),
        Column("prepaid_fen", "预存", "money"),
        Column("net_fen", "净收合计", "money"),
    )

    def cells(row: CollectionRow) -> tuple[Any, ...]:
        return (
            row.bucket,
            row.clerk_name,
            row.payments,
            row.payments_fen,
            row.reversals,
            row.reversals_fen,
            row.refunds,
            row.refunds_fen,
            *(row.by_tender.get(k, 0) for k in TENDER_KINDS),
            row.principal_fen,
            row.late_fee_fen,
            row.prepaid_fen,
            row.net_fen,
        )

    t = r.totals
    summary = (
        f"按{'日' if r.group_by == 'day' else '月'}、收费员汇总；冲正、退费计入办理当日（金额为负）。",
        f"净收合计 {t.net_fen / 100:,.2f} 元 = 收费 {t.payments_fen / 100:,.2f} − 冲正 "
        f"{-t.reversals_fen / 100:,.2f} − 退费 {-t.refunds_fen / 100:,.2f}；"
        f"其中电费本金 {t.principal_fen / 100:,.2f}，违约金 {t.late_fee_fen / 100:,.2f}，"
        f"预存 {t.prepaid_fen / 100:,.2f}。",
    )
    return ReportTable(
        "collection", r.header, columns, tuple(cells(row) for row in r.rows), cells(t), summary
    )


def _arrears_table(r: ArrearsReport) -> ReportTable:
    columns = (
        Column("account_no", "户号", "text", 1.2),
        Column("name", "户名", "text", 1.6),
        Column("phone", "联系电话", "text", 1.1),
        Column("due_fen", "应缴合计", "money"),
        Column("arrears_fen", "欠费本金", "money"),
        Column("late_fee_fen", "违约金", "money"),
        Column("prepaid_fen", "预存", "money"),
        Column("age_days", "逾期天数", "int", 0.7),
        Column("age_months", "欠费月数", "int", 0.7),
        Column("bills", "欠费笔数", "int", 0.7),
        Column("oldest_period", "最早欠费账期", "text", 0.9),
        Column("oldest_due", "最早缴费截止日", "date", 1.0),
        Column("address", "用电地址", "text", 2.2),
    )
    rows = tuple(
        (
            x.account_no,
            x.name,
            x.phone,
            x.due_fen,
            x.arrears_fen,
            x.late_fee_fen,
            x.prepaid_fen,
            x.age_days,
            x.age_months,
            x.bills,
            x.oldest_period,
            x.oldest_due,
            x.address,
        )
        for x in r.rows
    )
    totals = (
        f"共 {len(r.rows)} 户",
        None,
        None,
        r.due_fen,
        r.arrears_fen,
        r.late_fee_fen,
        r.prepaid_fen,
        None,
        None,
        sum(x.bills for x in r.rows),
        None,
        None,
        None,
    )
    filters = [f"按{'应缴金额从大到小' if r.sort == 'amount' else '逾期天数从长到短'}排序"]
    if r.min_due_fen:
        filters.append(f"应缴不少于 {r.min_due_fen / 100:,.2f} 元")
    if r.min_age_days:
        filters.append(f"逾期不少于 {r.min_age_days} 天")
    filters.append("违约金计至 " + r.on_date.isoformat())
    if r.matched > len(r.rows):
        filters.append(f"共 {r.matched} 户，仅列前 {len(r.rows)} 户（合计为所列各户）")
    summary = (
        "；".join(filters) + "。",
        "联系电话已脱敏。" if r.phones_masked else "含完整联系电话，请妥善保管，用后销毁。",
    )
    return ReportTable("arrears", r.header, columns, rows, totals, summary)


def _adjustment_table(r: AdjustmentReport) -> ReportTable:
    columns = (
        Column("bill_no", "退补账单号", "text", 1.3),
        Column("issued_at", "开具时间", "datetime", 1.45),
        Column("account_no", "户号", "text", 1.1),
        Column("name", "户名", "text", 1.0),
        Column("adjusts_bill_no", "原账单号", "text", 1.3),
        Column("adjusts_period", "原账期", "text", 0.7),
        Column("kwh", "退补电量", "int", 0.8),
        Column("amount_fen", "退补金额", "money"),
        Column("reason", "原因", "text", 2.0),
        Column("issued_by", "经办人", "text", 0.8),
        Column("approved_by", "审批人", "text", 0.8),
    )
    rows = tuple(
        (
            x.bill_no,
            x.issued_at,
            x.account_no,
            x.name,
            x.adjusts_bill_no,
            x.adjusts_period,
            x.kwh,
            x.amount_fen,
            x.reason,
            x.issued_by,
            x.approved_by,
        )
        for x in r.rows
    )
    totals = (f"共 {len(r.rows)} 笔", None, None, None, None, None, r.kwh, r.amount_fen, None, None, None)
    summary = (
        f"补收 {r.charged_fen / 100:,.2f} 元，退还 {-r.credited_fen / 100:,.2f} 元，"
        f"合计 {r.amount_fen / 100:,.2f} 元。",
    )
    return ReportTable("adjustments", r.header, columns, rows, totals, summary)


def _undo_table(r: UndoReport) -> ReportTable:
    word = "冲正" if r.kind == PaymentKind.REVERSAL else "退费"
    columns = (
        Column("receipt_no", f"{word}凭证号", "text", 1.2),
        Column("posted_at", f"{word}时间", "datetime", 1.45),
        Column("original_receipt_no", "原收费凭证号", "text", 1.2),
        Column("original_posted_at", "原收费时间", "datetime", 1.45),
        Column("account_no", "户号", "text", 1.1),
        Column("name", "户名", "text", 0.9),
        Column("amount_fen", f"{word}金额", "money"),
        Column("tenders", "退款方式", "text", 1.2),
        Column("reason", "原因", "text", 1.6),
        Column("clerk_name", "经办人", "text", 0.7),
        Column("approved_by", "审批人", "text", 0.7),
        Column("session_no", "班次号", "text", 1.0),
    )
    rows = tuple(
        (
            x.receipt_no,
            x.posted_at,
            x.original_receipt_no,
            x.original_posted_at,
            x.account_no,
            x.name,
            x.amount_fen,
            x.tenders,
            x.reason,
            x.clerk_name,
            x.approved_by,
            x.session_no,
        )
        for x in r.rows
    )
    totals = (
        f"共 {len(r.rows)} 笔",
        None,
        None,
        None,
        None,
        None,
        r.amount_fen,
        None,
        None,
        None,
        None,
        None,
    )
    by = "，".join(f"{TENDER_KINDS.get(k, k)} {v / 100:,.2f}" for k, v in r.by_tender.items() if v)
    summary = (f"{word}合计 {r.amount_fen / 100:,.2f} 元" + (f"（{by}）" if by else "") + "。",)
    code = "reversals" if r.kind == PaymentKind.REVERSAL else "refunds"
    return ReportTable(code, r.header, columns, rows, totals, summary)


def _bill_run_table(r: RunBillsReport) -> ReportTable:
    columns = (
        Column("bill_no", "账单号", "text", 1.3),
        Column("account_no", "户号", "text", 1.1),
        Column("name", "户名", "text", 1.1),
        Column("period", "账期", "text", 0.7),
        Column("kwh", "电量(kWh)", "int", 0.8),
        Column("amount_fen", "电费金额", "money"),
        Column("due_date", "缴费截止日", "date", 1.0),
        Column("paid_fen", "已缴本金", "money"),
        Column("outstanding_fen", "未缴本金", "money"),
    )
    rows = tuple(
        (
            x.bill_no,
            x.account_no,
            x.name,
            x.period,
            x.kwh,
            x.amount_fen,
            x.due_date,
            x.paid_fen,
            x.outstanding_fen,
        )
        for x in r.rows
    )
    totals = (
        f"共 {len(r.rows)} 张",
        None,
        None,
        None,
        r.kwh,
        r.amount_fen,
        None,
        r.paid_fen,
        r.outstanding_fen,
    )
    run = r.run
    summary = (
        f"{'电费发行' if run.op_type == 'ComputeBills' else '账单导入'}：账单号 {run.first_bill_no} 至 "
        f"{run.last_bill_no}，发行记录 {run.count} 张、{run.total_fen / 100:,.2f} 元。",
    )
    return ReportTable("bill_run", r.header, columns, rows, totals, summary, landscape=False)
