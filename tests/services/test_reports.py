"""The supervisor's reports (docs/reports.md), on SQLite and PostgreSQL: the collection summary
reconciles with the payment rows; the arrears list, 退补 / 冲正 / 退费 lists and a bill run's
bills say what the journal holds; roles and phone masking."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from app.domain.errors import PermissionDenied, ValidationError
from app.dto.payments import TenderInput
from app.services import adjustments, cashier, reports
from app.services.bill_import import import_bills_csv
from app.services.customers import SupervisorApproval
from db.models import Payment, PaymentTender
from tests.conftest import ADMIN_PASSWORD, set_hall_rules
from tests.services.test_payments import add_bill, cash, new_customer, post, print_receipt, refund, reverse

TODAY = dt.date.today()


@dataclass
class Day:
    a: uuid.UUID
    b: uuid.UUID
    c: uuid.UUID
    phones: dict[uuid.UUID, str]
    receipts: list


def _close(db, actor, session_id):  # type: ignore[no-untyped-def]
    summary = cashier.session_summary(db, actor, session_id)
    cash_fen = summary.expected_cash_fen
    counts = {"note_1": cash_fen // 100, "coin_1_fen": cash_fen % 100}
    return cashier.close_session(db, actor, cashier.CloseSession(session_id, summary.session.version, counts))


def busy_day(db, settings, clerk, clerk2, supervisor, customer_form) -> Day:  # type: ignore[no-untyped-def]
    """clerk1: ¥128.50 with ¥200 cash, ¥50 by card on B, ¥30 cash to prepaid then 冲正; closes.
    clerk2: 退费 of the card payment; ¥40 by QR + ¥10 cash on C's overdue bill (late fee first).
    C has an imported bill 60 days old (overdue, late fee), A is settled, B owes ¥50 again."""
    phones = {}
    ids = []
    for i, name in enumerate(("张三", "李四", "王五")):
        phone = f"1381234{i:04d}"
        cid = new_customer(db, settings, clerk, customer_form, name=name, phone=phone)
        phones[cid] = phone
        ids.append(cid)
    a, b, c = ids
    shift = cashier.open_session(db, clerk, 50000)
    add_bill(db, clerk, a, 12850)
    add_bill(db, clerk, b, 5000)
    with db.read() as s:
        from db.models import Customer

        c_account = s.get(Customer, c).account_no
    issue = TODAY - dt.timedelta(days=60)
    period = issue.strftime("%Y-%m")
    report = import_bills_csv(
        db,
        supervisor,
        f"户号,账期,电量,金额,出账日期\n{c_account},{period},200,108.00,{issue}\n".encode(),
        settings=settings,
    )
    assert report.ok, report.errors
    receipts = [
        post(db, settings, clerk, a, cash(20000)),
        post(db, settings, clerk, b, TenderInput("card", 5000, "6222")),
        post(db, settings, clerk, a, cash(3000)),
    ]
    receipts.append(reverse(db, settings, clerk, receipts[2].payment_id))
    for r in receipts:
        print_receipt(db, clerk, r)
    _close(db, clerk, shift.id)
    cashier.open_session(db, clerk2, 10000)
    receipts.append(refund(db, settings, clerk2, receipts[1].payment_id))
    receipts.append(post(db, settings, clerk2, c, TenderInput("qr", 4000, "QR1"), cash(1000), amount=5000))
    for r in receipts[4:]:
        print_receipt(db, clerk2, r)
    return Day(a, b, c, phones, receipts)


def _journal(db):  # type: ignore[no-untyped-def]
    """Σ of the payment rows themselves (receipts only), per tender and in total."""
    with db.read() as s:
        kinds = ("payment", "reversal", "refund")
        amount, applied, fee, prepaid, change = s.execute(
            select(
                func.sum(Payment.amount_fen),
                func.sum(Payment.applied_fen),
                func.sum(Payment.late_fee_fen),
                func.sum(Payment.prepaid_fen),
                func.sum(Payment.change_fen),
            ).where(Payment.kind.in_(kinds))
        ).one()
        tenders = dict(
            s.execute(
                select(PaymentTender.kind, func.sum(PaymentTender.amount_fen))
                .join(Payment, Payment.id == PaymentTender.payment_id)
                .where(Payment.kind.in_(kinds))
                .group_by(PaymentTender.kind)
            ).all()
        )
    tenders["cash"] = int(tenders.get("cash", 0)) - int(change)
    return (
        int(amount),
        int(applied) - int(fee),
        int(fee),
        int(prepaid),
        {k: int(v) for k, v in tenders.items()},
    )


def test_collection_summary_reconciles_with_the_payment_rows(
    db,
    settings,
    clerk,
    clerk2,
    supervisor,  # type: ignore[no-untyped-def]
    customer_form,
):
    busy_day(db, settings, clerk, clerk2, supervisor, customer_form)
    report = reports.collection_summary(db, supervisor, TODAY, TODAY, "day")
    amount, principal, fee, prepaid, tenders = _journal(db)
    t = report.totals
    assert t.net_fen == amount == 20000 - 7150 + 5000 + 3000 - 3000 - 5000 + 5000
    assert (t.principal_fen, t.late_fee_fen, t.prepaid_fen) == (principal, fee, prepaid)
    assert fee > 0  # C's imported bill is 45 days overdue: the late fee went first
    assert t.principal_fen + t.late_fee_fen + t.prepaid_fen == t.net_fen
    assert {k: v for k, v in t.by_tender.items() if v} == {k: v for k, v in tenders.items() if v}
    assert sum(t.by_tender.values()) == t.net_fen
    assert (t.payments, t.reversals, t.refunds) == (4, 1, 1)
    assert (t.payments_fen, t.reversals_fen, t.refunds_fen) == (12850 + 5000 + 3000 + 5000, -3000, -5000)
    # one row per clerk; the refund counts for clerk2 (who paid it out today), not the card's clerk
    assert [(r.bucket, r.clerk_name) for r in report.rows] == [
        (TODAY.isoformat(), "王小丽"),
        (TODAY.isoformat(), "李明"),
    ]
    one, two = report.rows
    assert (one.net_fen, one.by_tender["card"], one.reversals_fen) == (12850 + 5000, 5000, -3000)
    assert (two.net_fen, two.refunds_fen, two.by_tender["card"], two.by_tender["qr"]) == (
        0,
        -5000,
        -5000,
        4000,
    )
    for field in (
        "payments",
        "payments_fen",
        "reversals",
        "reversals_fen",
        "refunds",
        "refunds_fen",
        "principal_fen",
        "late_fee_fen",
        "prepaid_fen",
        "net_fen",
    ):
        assert sum(getattr(r, field) for r in report.rows) == getattr(t, field), field
    # the day-end reports of the two sessions add up to the same figures
    sessions = cashier.list_sessions(db, supervisor)
    assert sum(cashier.session_summary(db, supervisor, s.id).total_fen for s in sessions) == t.net_fen
    month = reports.collection_summary(db, supervisor, TODAY.replace(day=1), TODAY, "month")
    assert (month.totals.net_fen, month.totals.by_tender) == (t.net_fen, t.by_tender)
    assert [r.bucket for r in month.rows] == [TODAY.strftime("%Y-%m")] * 2
    table = reports.tabulate(report)
    net = [c.key for c in table.columns].index("net_fen")
    assert sum(row[net] for row in table.rows) == table.totals[net] == t.net_fen
    # another day has nothing
    empty = reports.collection_summary(
        db, supervisor, TODAY - dt.timedelta(days=3), TODAY - dt.timedelta(days=1)
    )
    assert empty.rows == () and empty.totals.net_fen == 0


def test_report_rules_and_roles(db, settings, clerk, supervisor, admin):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        reports.collection_summary(db, clerk, TODAY, TODAY)
    with pytest.raises(PermissionDenied):
        reports.undo_list(db, clerk, "refund", TODAY, TODAY)
    with pytest.raises(PermissionDenied):
        reports.adjustment_list(db, clerk, TODAY, TODAY)
    with pytest.raises(PermissionDenied):
        reports.list_bill_runs(db, clerk)
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        reports.collection_summary(db, supervisor, TODAY, TODAY - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="不能超过"):
        reports.collection_summary(db, supervisor, TODAY - dt.timedelta(days=400), TODAY)
    with pytest.raises(ValidationError, match="汇总方式"):
        reports.collection_summary(db, supervisor, TODAY, TODAY, "week")
    assert reports.collection_summary(db, admin, TODAY, TODAY).rows == ()
    assert reports.arrears_list(db, clerk).rows == ()
    with pytest.raises(PermissionDenied):
        reports.arrears_list(db, clerk, full_phones=True)


def test_arrears_list_masks_phones_for_clerks_and_sorts(
    db,
    settings,
    clerk,
    clerk2,
    supervisor,  # type: ignore[no-untyped-def]
    customer_form,
):
    day = busy_day(db, settings, clerk, clerk2, supervisor, customer_form)
    add_bill(db, clerk, day.a, 30000, period="2026-02", due=TODAY - dt.timedelta(days=5))
    listed = reports.arrears_list(db, clerk)
    assert listed.phones_masked
    by_id = {r.customer_id: r for r in listed.rows}
    assert set(by_id) == {day.a, day.b, day.c}
    assert by_id[day.b].due_fen == 5000 and by_id[day.b].age_days == 0  # the refund put the bill back
    assert by_id[day.a].phone == "138****0000" and by_id[day.a].age_days == 5
    # C paid ¥50 today on ¥108 + late fee: the fee to date went first, the rest to principal
    c = by_id[day.c]
    assert c.age_days == 45 and c.late_fee_fen == 0 and c.due_fen == c.arrears_fen
    assert 5800 < c.arrears_fen < 10800
    assert [r.customer_id for r in listed.rows] == [day.a, day.c, day.b]  # largest first
    assert listed.due_fen == sum(r.due_fen for r in listed.rows) == by_id[day.a].due_fen + 5000 + c.due_fen
    assert by_id[day.a].due_fen == 30000 + by_id[day.a].late_fee_fen
    full = reports.arrears_list(db, supervisor, full_phones=True)
    assert {r.phone for r in full.rows} == set(day.phones.values()) and not full.phones_masked
    assert [r.customer_id for r in reports.arrears_list(db, supervisor, sort="age").rows] == [
        day.c,
        day.a,
        day.b,
    ]
    assert [r.customer_id for r in reports.arrears_list(db, clerk, min_due_fen=10000).rows] == [day.a]
    assert [r.customer_id for r in reports.arrears_list(db, clerk, min_age_days=10).rows] == [day.c]
    table = reports.tabulate(listed)
    due = [c.key for c in table.columns].index("due_fen")
    assert sum(r[due] for r in table.rows) == table.totals[due]
    assert all("*" in r[2] for r in table.rows)


def test_arrears_list_includes_late_fees_of_overdue_bills(db, settings, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    cid = new_customer(db, settings, clerk, customer_form, phone="13900001111")
    add_bill(db, clerk, cid, 10000, period="2026-01", due=TODAY - dt.timedelta(days=40))
    add_bill(db, clerk, cid, 2000, period="2026-02", due=TODAY - dt.timedelta(days=10))
    (row,) = reports.arrears_list(db, supervisor).rows
    assert (row.arrears_fen, row.bills, row.age_days, row.age_months, row.oldest_period) == (
        12000,
        2,
        40,
        2,
        "2026-01",
    )
    assert row.late_fee_fen > 0 and row.due_fen == 12000 + row.late_fee_fen
    assert row.phone == "139****1111"


def test_undo_and_adjustment_lists_name_the_approvers(db, settings, clerk, clerk2, supervisor, customer_form):  # type: ignore[no-untyped-def]
    day = busy_day(db, settings, clerk, clerk2, supervisor, customer_form)
    rev = reports.undo_list(db, supervisor, "reversal", TODAY, TODAY)
    (r,) = rev.rows
    assert (r.receipt_no, r.original_receipt_no) == (day.receipts[3].receipt_no, day.receipts[2].receipt_no)
    assert (r.amount_fen, r.clerk_name, r.approved_by, r.reason) == (
        -3000,
        "王小丽",
        "赵班长",
        "金额错误：金额输错",
    )
    assert r.tenders == "现金 -30.00"
    ref = reports.undo_list(db, supervisor, "refund", TODAY, TODAY)
    (f,) = ref.rows
    assert (f.amount_fen, f.clerk_name, f.approved_by, f.original_receipt_no) == (
        -5000,
        "李明",
        "赵班长",
        day.receipts[1].receipt_no,
    )
    assert ref.amount_fen == -5000 and ref.by_tender["card"] == -5000
    # 退补: one small (no approval), one at the approval limit approved by the admin
    set_hall_rules(db, adjustment_approval_fen=10000)
    bill = add_bill(db, clerk, day.b, 8000, period="2026-03")
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(bill, -1000, -10, "抄表错误"))
    adjustments.issue_adjustment(
        db,
        supervisor,
        adjustments.IssueAdjustment(
            bill, 20000, 200, "少计电量", approval=SupervisorApproval("admin", ADMIN_PASSWORD, "核实")
        ),
    )
    adj = reports.adjustment_list(db, supervisor, TODAY, TODAY)
    assert [(x.amount_fen, x.issued_by, x.approved_by) for x in adj.rows] == [
        (-1000, "赵班长", ""),
        (20000, "赵班长", "系统管理员"),
    ]
    assert (adj.amount_fen, adj.charged_fen, adj.credited_fen, adj.kwh) == (19000, 20000, -1000, 190)
    assert adj.rows[0].adjusts_period == "2026-03"


def test_bill_run_bills(db, settings, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    from db.models import Customer

    ids = [new_customer(db, settings, clerk, customer_form) for _ in range(3)]
    with db.read() as s:
        accounts = [s.get(Customer, cid).account_no for cid in ids]
    period = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    lines = "".join(f"{acc},{period},{100 + i},{50 + i}.25\n" for i, acc in enumerate(accounts))
    assert import_bills_csv(db, supervisor, f"户号,账期,电量,金额\n{lines}".encode(), settings=settings).ok
    add_bill(db, clerk, ids[0], 999)  # a bill issued afterwards is not the run's
    (run,) = reports.list_bill_runs(db, supervisor)
    assert (run.op_type, run.count, run.total_fen, run.periods) == (
        "ImportBills",
        3,
        5025 + 5125 + 5225,
        period,
    )
    shift = cashier.open_session(db, clerk, 0)
    post(db, settings, clerk, ids[1], cash(5125))
    report = reports.bill_run_bills(db, supervisor, run.op_id)
    assert [r.account_no for r in report.rows] == accounts
    assert (report.amount_fen, report.kwh, report.paid_fen) == (run.total_fen, 303, 5125)
    assert report.outstanding_fen == report.amount_fen - report.paid_fen
    assert shift is not None
    with pytest.raises(PermissionDenied):
        reports.bill_run_bills(db, clerk, run.op_id)


def test_a_computed_bill_run_lists_its_own_bills(db, settings, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """Two 电费发行 of one period with an adjustment bill numbered between them: each run lists
    exactly the bills it issued (its op's count and total), newest run first."""
    from tests.services.test_billing import _read_and_bill

    views = [new_customer(db, settings, clerk, customer_form) for _ in range(2)]
    with db.read() as s:
        from db.models import Customer

        accounts = [s.get(Customer, cid).account_no for cid in views]
    first = _read_and_bill(
        db, settings, supervisor, accounts[0], "2026-01", "2026-01-25", 100, 300, dt.date(2026, 2, 1)
    )
    (bill,) = [b.id for b in _bills_of(db, views[0])]
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(bill, -500, -5, "抄表错误"))
    second = _read_and_bill(
        db, settings, supervisor, accounts[1], "2026-01", "2026-01-26", 0, 150, dt.date(2026, 2, 2)
    )
    runs = reports.list_bill_runs(db, supervisor)
    assert [(r.op_type, r.count, r.total_fen) for r in runs] == [
        ("ComputeBills", 1, second.total_fen),
        ("ComputeBills", 1, first.total_fen),
    ]
    for run, cid in zip(runs, reversed(views), strict=True):
        listed = reports.bill_run_bills(db, supervisor, run.op_id)
        assert len(listed.rows) == run.count == 1
        assert listed.amount_fen == run.total_fen and listed.rows[0].bill_no == run.first_bill_no
        assert listed.rows[0].account_no == accounts[views.index(cid)]
    with pytest.raises(Exception, match="不存在"):
        reports.bill_run_bills(db, supervisor, uuid.uuid4())


def _bills_of(db, customer_id):  # type: ignore[no-untyped-def]
    from db.models import Bill

    with db.read() as s:
        return list(s.scalars(select(Bill).where(Bill.customer_id == customer_id)))


def test_a_cut_arrears_list_says_so(db, settings, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    for n, amount in enumerate((3000, 2000, 1000)):
        add_bill(
            db,
            clerk,
            new_customer(db, settings, clerk, customer_form),
            amount,
            due=TODAY - dt.timedelta(days=n),
        )
    cut = reports.arrears_list(db, supervisor, limit=2)
    assert [r.arrears_fen for r in cut.rows] == [3000, 2000] and cut.matched == 3 and cut.arrears_fen == 5000
    assert "共 3 户，仅列前 2 户" in reports.tabulate(cut).summary[0]


def test_a_late_fee_left_after_the_principal_is_on_the_list(db, settings, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """With 违约金 not taken first (hall rule late_fee_first off), paying exactly the principal of
    an overdue bill leaves its late fee owed: the customer stays on the arrears list."""
    set_hall_rules(db, late_fee_first=False)
    cid = new_customer(db, settings, clerk, customer_form)
    add_bill(db, clerk, cid, 10000, due=TODAY - dt.timedelta(days=30))
    cashier.open_session(db, clerk, 0)
    post(db, settings, clerk, cid, cash(10000), amount=10000)
    (row,) = reports.arrears_list(db, supervisor).rows
    assert row.arrears_fen == 0 and row.late_fee_fen > 0 and row.due_fen == row.late_fee_fen
    assert row.age_days == 30
