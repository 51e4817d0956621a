"""Ready-made bills import (账单导入): bills computed by the central billing system, issued here.

docs/rules.md#bills (bills come from meter readings or are imported ready-made) and
docs/money-path.md#ready-made-bills-csv. Every test runs on SQLite and PostgreSQL (the
``db`` fixture). An imported bill must behave exactly like a computed one: bill view, ledger,
late fees, payments, the prepaid offset at issuance and the year-to-date of later bills.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select

from app.domain import periods
from app.domain.errors import PermissionDenied, ValidationErrors
from app.domain.hall_rules import HallRules
from app.domain.late_fees import late_fee_for
from app.dto.payments import TenderInput
from app.services import bill_run, bill_view, cashier, ledger, payments, readings
from app.services import customers as cs
from app.services.bill_import import TEMPLATE_HEADER, import_bills_csv
from db.keys import uuid7
from db.models import Bill, Customer, MeterReading, Operation, Payment, PaymentAllocation

D = dt.date
HEADER = "户号,账期,电量,金额"
TODAY = dt.date.today()


# ---- helpers ---------------------------------------------------------------------------------


def _customer(db, settings, actor, customer_form, status=None, **fields):  # type: ignore[no-untyped-def]
    view = cs.register_customer(db, actor, cs.RegisterCustomer(customer_form(**fields)))
    if status:
        with db.write() as s:
            s.get(Customer, view.id).status = status
    return view


def _csv(lines: list[str], header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def _import(db, settings, actor, lines, header=HEADER, encoding="utf-8", issue_date=None):  # type: ignore[no-untyped-def]
    return import_bills_csv(db, actor, _csv(lines, header, encoding), issue_date=issue_date, settings=settings)


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _ops(db, op_type=None) -> list[Operation]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        stmt = select(Operation).order_by(Operation.seq)
        if op_type:
            stmt = stmt.where(Operation.op_type == op_type)
        return list(s.scalars(stmt))


def _bills(db, customer_id=None) -> list[Bill]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        stmt = select(Bill).order_by(Bill.bill_no)
        if customer_id is not None:
            stmt = stmt.where(Bill.customer_id == customer_id)
        return list(s.scalars(stmt))


def _prepay(db, customer_id, fen):  # type: ignore[no-untyped-def]
    """Money paid ahead (预存): a payment row as the counter writes it, nothing allocated."""
    with db.write() as s:
        node = s.get(Customer, customer_id).node_id
        pid = uuid7()
        s.add(Payment(id=pid, receipt_no=f"TEST{pid.hex[:12]}", node_id=node, customer_id=customer_id,
                      session_id=None, kind="payment", reverses_id=None, amount_fen=fen, tendered_fen=fen,
                      change_fen=0, applied_fen=0, late_fee_fen=0, prepaid_fen=fen, balance_before_fen=0,
                      balance_after_fen=-fen, posted_at=periods.utc_at(TODAY - dt.timedelta(days=1), 10),
                      posted_by="clerk1"))


# ---- good files --------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "label"), [("gbk", "GBK"), ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8-BOM")])
def test_a_good_file_issues_regular_bills(db, settings, supervisor, customer_form, encoding, label):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    lines = [f"{a.account_no},2025-03,230,123.74,2025-04-03,2025-04-18,国网营销系统 3 月账单",
             f"{b.account_no},2025/3,0,0,2025-04-03,,",
             f"{a.account_no},202504,1200,\"1,288.50\",20250503,,"]
    report = _import(db, settings, supervisor, lines, TEMPLATE_HEADER, encoding)
    assert report.ok and report.errors == (), report.errors
    assert (report.rows, report.imported, report.encoding) == (3, 3, label)
    assert (report.total_fen, report.kwh, report.periods) == (12374 + 128850, 1430, ("2025-03", "2025-04"))
    assert (report.first_bill_no, report.last_bill_no) == ("3301B00000001", "3301B00000003")

    march, april = _bills(db, a.id)
    assert (march.bill_no, march.period, march.bill_type, march.kwh, march.amount_fen) == (
        "3301B00000001", "2025-03", "regular", 230, 12374)
    assert (march.due_date, march.issued_at.date()) == (D(2025, 4, 18), periods.utc_at(D(2025, 4, 3)).date())
    assert march.reading_id is None and march.tariff_version_id is None and march.adjusts_bill_id is None
    assert march.tariff_code == a.tariff_code and march.created_by == "super1"
    assert march.note == "导入账单：国网营销系统 3 月账单"
    doc = json.loads(march.lines)
    assert (doc["source"], doc["batch_id"], doc["total_fen"]) == ("import", str(report.batch_id), 12374)
    assert doc["lines"] == [["imported", "电费（导入）", "230", "kWh", "", 12374,
                             "外部核算系统出账，导入本系统：电量 230 kWh，金额 123.74 元"]]
    assert april.due_date == D(2025, 5, 3) + dt.timedelta(days=HallRules().bill_due_days)  # default: + bill_due_days
    (zero,) = _bills(db, b.id)
    assert (zero.period, zero.kwh, zero.amount_fen, zero.note) == ("2025-03", 0, 0, "导入账单")

    (op,) = _ops(db, "ImportBills")
    payload = json.loads(op.payload)
    assert (op.entity_type, op.entity_id, op.actor) == ("bill_batch", report.batch_id, "super1")
    assert payload["count"] == 3 and payload["total_fen"] == 141224 and payload["periods"] == ["2025-03", "2025-04"]
    assert (payload["first_bill_no"], payload["last_bill_no"], payload["encoding"]) == (
        "3301B00000001", "3301B00000003", label)
    assert _count(db, MeterReading) == 0  # no reading is made up


def test_issue_date_defaults_to_today_or_the_one_given(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    b = _customer(db, settings, supervisor, customer_form)
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    assert _import(db, settings, supervisor, [f"{a.account_no},{last_month},10,5.38"]).ok
    (bill,) = _bills(db, a.id)
    assert periods.local_date(bill.issued_at) == TODAY
    assert bill.due_date == TODAY + dt.timedelta(days=HallRules().bill_due_days)
    day = TODAY.replace(day=1)
    assert _import(db, settings, supervisor, [f"{b.account_no},{last_month},10,5.38"], issue_date=day).ok
    (bill,) = _bills(db, b.id)
    assert periods.local_date(bill.issued_at) == day
    with pytest.raises(ValidationErrors) as exc:
        _import(db, settings, supervisor, [f"{b.account_no},{last_month},10,5.38"],
                issue_date=TODAY + dt.timedelta(days=1))
    assert exc.value.by_field() == {"issue_date": "出账日期不能晚于今天"}


def test_bill_numbers_continue_the_gap_free_series_of_computed_bills(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    b = _customer(db, settings, supervisor, customer_form)
    reading = readings.import_readings_csv(db, supervisor, "户号,抄表日期,上次示数,本次示数\n"
                                          f"{a.account_no},2025-03-25,0,100\n".encode(), "2025-03", settings=settings)
    assert reading.ok
    assert bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3)).bills == 1
    report = _import(db, settings, supervisor, [f"{b.account_no},2025-03,100,53.80,2025-04-03"],
                     HEADER + ",出账日期")
    assert report.ok and report.first_bill_no == "3301B00000002"
    assert [b.bill_no for b in _bills(db)] == ["3301B00000001", "3301B00000002"]


# ---- errors: each kind, and nothing written ----------------------------------------------------


def _bad_cases(a: str, b: str, closed: str) -> list:  # type: ignore[type-arg]
    """(case, header, lines, line, column, message fragment). ``b`` has a 2025-03 bill already,
    ``a`` has none."""
    full = HEADER + ",出账日期,缴费截止日,备注"
    future = (TODAY.replace(day=28) + dt.timedelta(days=10)).strftime("%Y-%m")
    tomorrow = TODAY + dt.timedelta(days=1)
    return [
        ("missing_column", "户号,账期,金额", [f"{a},2025-03,12.00"], 1, "电量", "缺少必填列“电量”"),
        ("unknown_account", HEADER, ["99999999999,2025-03,10,5.38"], 2, "户号", "户号 99999999999 不存在"),
        ("closed_account", HEADER, [f"{closed},2025-03,10,5.38"], 2, "户号", "已销户"),
        ("long_account", HEADER, ["1" * 21 + ",2025-03,10,5.38"], 2, "户号", "户号过长"),
        ("empty_account", HEADER, [",2025-03,10,5.38"], 2, "户号", "户号不能为空"),
        ("bad_period", HEADER, [f"{a},2025-13,10,5.38"], 2, "账期", "账期“2025-13”无效"),
        ("text_period", HEADER, [f"{a},三月,10,5.38"], 2, "账期", "格式应为 YYYY-MM"),
        ("future_period", HEADER, [f"{a},{future},10,5.38"], 2, "账期", "尚未开始"),
        ("bad_kwh", HEADER, [f"{a},2025-03,12x,5.38"], 2, "电量", "不是数字"),
        ("negative_kwh", HEADER, [f"{a},2025-03,-10,5.38"], 2, "电量", "电量不能为负数"),
        ("fraction_kwh", HEADER, [f"{a},2025-03,10.5,5.38"], 2, "电量", "应为整数 kWh"),
        ("bad_amount", HEADER, [f"{a},2025-03,10,5.3a"], 2, "金额", "金额格式不正确"),
        ("three_decimals", HEADER, [f"{a},2025-03,10,5.385"], 2, "金额", "最多两位小数"),
        ("negative_amount", HEADER, [f"{a},2025-03,10,-5.38"], 2, "金额", "不能为负数（退费请开退补账单）"),
        ("zero_amount", HEADER, [f"{a},2025-03,10,0"], 2, "金额", "金额不能为零"),
        ("empty_amount", HEADER, [f"{a},2025-03,10,"], 2, "金额", "请输入金额"),
        ("huge_amount", HEADER, [f"{a},2025-03,10,99999999999"], 2, "金额", "不能超过"),
        ("duplicate_row", HEADER, [f"{a},2025-03,10,5.38", f"{a},2025-04,10,5.38", f"{a},2025-03,11,5.92"],
         4, "户号", "与第 2 行重复"),
        ("existing_bill", HEADER, [f"{b},2025-03,10,5.38"], 2, "账期", "在 2025-03 已有电费账单 3301B"),
        ("later_bill", HEADER, [f"{b},2025-02,10,5.38"], 2, "账期", "已有较晚账期（2025-03）"),
        ("bad_issue_date", full, [f"{a},2025-03,10,5.38,2025-02-30,,"], 2, "出账日期", "无效"),
        ("issue_before_period", full, [f"{a},2025-03,10,5.38,2025-02-27,,"], 2, "出账日期", "早于账期 2025-03"),
        ("issue_in_future", full, [f"{a},2025-03,10,5.38,{tomorrow},,"], 2, "出账日期", "晚于今天"),
        ("bad_due_date", full, [f"{a},2025-03,10,5.38,2025-04-03,2025-04-31,"], 2, "缴费截止日", "无效"),
        ("due_before_issue", full, [f"{a},2025-03,10,5.38,2025-04-03,2025-04-02,"], 2, "缴费截止日",
         "早于出账日期 2025-04-03"),
        ("due_too_late", full, [f"{a},2025-03,10,5.38,2025-04-03,2026-06-01,"], 2, "缴费截止日", "超过一年"),
        ("long_remark", full, [f"{a},2025-03,10,5.38,2025-04-03,,{'很' * 101}"], 2, "备注", "不能超过100个字"),
        ("emoji_remark", full, [f"{a},2025-03,10,5.38,2025-04-03,,好😀"], 2, "备注", "表情符号"),
        ("empty_file", HEADER, [], 2, "", "没有账单数据"),
    ]


def test_each_bad_input_gives_its_row_error_and_imports_nothing(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    closed = _customer(db, settings, supervisor, customer_form, name="王五", status="closed")
    assert _import(db, settings, supervisor, [f"{b.account_no},2025-03,10,5.38,2025-04-03"], HEADER + ",出账日期").ok
    bills, ops, snapshot = _count(db, Bill), len(_ops(db)), [(x.id, x.amount_fen) for x in _bills(db)]
    for case, header, lines, line, column, message in _bad_cases(a.account_no, b.account_no, closed.account_no):
        report = _import(db, settings, supervisor, lines, header)
        assert not report.ok and report.imported == 0 and report.batch_id is None, case
        hits = [e for e in report.errors if e.line == line and e.column == column and message in e.message]
        assert hits, (case, report.errors)
    assert (_count(db, Bill), len(_ops(db))) == (bills, ops)
    assert [(x.id, x.amount_fen) for x in _bills(db)] == snapshot
    assert _count(db, Payment) == 0


def test_one_bad_row_keeps_the_good_rows_out_and_the_numbers_unused(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    b = _customer(db, settings, supervisor, customer_form)
    ops = len(_ops(db))
    report = _import(db, settings, supervisor, [f"{a.account_no},2025-03,100,53.80",
                                                f"{b.account_no},2025-03,100,53.80", "99999999999,2025-03,1,0.54"])
    assert not report.ok and (report.rows, report.imported) == (3, 0)
    assert [(e.line, e.column) for e in report.errors] == [(4, "户号")]
    assert (_count(db, Bill), len(_ops(db))) == (0, ops)
    # The counter was not touched: the next import starts at 1.
    report = _import(db, settings, supervisor, [f"{a.account_no},2025-03,100,53.80"])
    assert report.ok and report.first_bill_no == "3301B00000001"


def test_every_row_error_is_reported_at_once(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    report = _import(db, settings, supervisor, [f"{a.account_no},2025-13,1x,-1", f"{a.account_no},2025-03,1,0.54"])
    assert not report.ok
    assert {(e.line, e.column) for e in report.errors} == {(2, "账期"), (2, "电量"), (2, "金额")}


def test_an_existing_bill_from_the_tariff_engine_is_refused_too(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    assert readings.import_readings_csv(db, supervisor, "户号,抄表日期,上次示数,本次示数\n"
                                       f"{a.account_no},2025-03-25,0,100\n".encode(), "2025-03", settings=settings).ok
    bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))
    report = _import(db, settings, supervisor, [f"{a.account_no},2025-03,100,53.80"])
    assert not report.ok and "已有电费账单 3301B00000001" in report.errors[0].message
    assert _count(db, Bill) == 1


def test_an_imported_bill_stops_the_bill_run_billing_that_period_again(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    assert readings.import_readings_csv(db, supervisor, "户号,抄表日期,上次示数,本次示数\n"
                                       f"{a.account_no},2025-03-25,0,100\n".encode(), "2025-03", settings=settings).ok
    assert _import(db, settings, supervisor, [f"{a.account_no},2025-03,100,53.80,2025-04-03"],
                   HEADER + ",出账日期").ok
    assert bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3)).bills == 0
    assert _count(db, Bill) == 1


def test_wrong_encoding_and_empty_header(db, settings, supervisor):
    report = import_bills_csv(db, supervisor, "户号,账期".encode("utf-16"), settings=settings)
    assert not report.ok and "UTF-16" in report.errors[0].message
    report = import_bills_csv(db, supervisor, b"", settings=settings)
    assert not report.ok and report.errors[0].message == "文件为空，没有表头"
    assert len(_ops(db, "ImportBills")) == 0


def test_clerks_cannot_import_bills(db, settings, clerk):
    with pytest.raises(PermissionDenied):
        import_bills_csv(db, clerk, _csv([]), settings=settings)


# ---- behaves like a computed bill ---------------------------------------------------------------


def test_imported_bill_in_the_bill_view_with_its_line_and_late_fee(db, settings, supervisor, clerk, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    report = _import(db, settings, supervisor, [f"{a.account_no},2025-03,230,123.74,2025-04-03,2025-04-18,"],
                     HEADER + ",出账日期,缴费截止日,备注")
    assert report.ok
    on = D(2025, 5, 18)
    view = bill_view.bill_view(db, clerk, a.id, on)
    (bill,) = view.bills
    assert (bill.bill_no, bill.period, bill.bill_type, bill.kwh, bill.amount_fen) == (
        "3301B00000001", "2025-03", "regular", 230, 12374)
    assert (bill.due_date, bill.outstanding_fen, bill.status, bill.note) == (D(2025, 4, 18), 12374, "逾期", "导入账单")
    (line,) = bill.lines
    assert (line.code, line.label, line.quantity, line.unit, line.amount_fen) == (
        "imported", "电费（导入）", "230", "kWh", 12374)
    assert "230 kWh" in line.explanation and "123.74 元" in line.explanation
    # 违约金: residential 1‰ a day from the day after the due date, as for any bill.
    want = late_fee_for(12374, D(2025, 4, 18), on, "residential", HallRules().late_fee_rules(), 2025).fen
    assert want > 0 and bill.late_fee_fen == want and view.late_fee_fen == want
    assert view.arrears_fen == 12374 and view.usage == (("2025-03", 230),)


def test_a_payment_settles_an_imported_bill(db, settings, supervisor, clerk, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    assert _import(db, settings, supervisor, [f"{a.account_no},{last_month},230,123.74"]).ok
    cashier.open_session(db, clerk, 50000)
    receipt = payments.post_payment(db, clerk, payments.PostPayment(
        uuid.uuid4(), a.id, (TenderInput("cash", 20000),), None))
    assert (receipt.amount_fen, receipt.change_fen, receipt.applied_fen) == (12374, 20000 - 12374, 12374)
    (alloc,) = receipt.allocations
    assert (alloc.bill_no, alloc.principal_fen, alloc.settles_bill) == ("3301B00000001", 12374, True)
    (bill,) = bill_view.bill_view(db, clerk, a.id).bills
    assert (bill.paid_fen, bill.outstanding_fen, bill.status) == (12374, 0, "已结清")


def test_prepaid_balance_settles_an_imported_bill_at_once(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    b = _customer(db, settings, supervisor, customer_form)
    _prepay(db, a.id, 10000)  # ¥100 paid ahead
    _prepay(db, b.id, 2000)  # ¥20: part of the bill
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    report = _import(db, settings, supervisor, [f"{a.account_no},{last_month},100,53.80",
                                                f"{b.account_no},{last_month},100,53.80"])
    assert report.ok and (report.offsets, report.offset_fen) == (2, 5380 + 2000)
    with db.read() as s:
        offsets = {p.customer_id: p for p in s.scalars(select(Payment).where(Payment.kind == "offset"))}
        allocs = {p.customer_id: [(x.principal_fen, x.late_fee_fen) for x in s.scalars(
            select(PaymentAllocation).where(PaymentAllocation.payment_id == p.id))] for p in offsets.values()}
        assert ledger.balance(s, a.id, TODAY) == (0, 0, 4620)
        assert ledger.balance(s, b.id, TODAY) == (3380, 0, 0)
    offset = offsets[a.id]
    assert offset.receipt_no is None and offset.session_id is None and offset.amount_fen == 0
    assert (offset.applied_fen, offset.prepaid_fen) == (5380, -5380)
    assert allocs == {a.id: [(5380, 0)], b.id: [(2000, 0)]}
    assert bill_view.bill_view(db, supervisor, a.id).bills[0].status == "已结清"
    assert bill_view.bill_view(db, supervisor, b.id).bills[0].status == "部分缴费"
    (op,) = _ops(db, "ImportBills")
    assert (json.loads(op.payload)["offsets"], json.loads(op.payload)["offset_fen"]) == (2, 7380)


def test_imported_kwh_counts_toward_the_annual_tiers_of_later_computed_bills(db, settings, supervisor,
                                                                             customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    assert _import(db, settings, supervisor, [f"{a.account_no},2025-01,2700,1452.60,2025-02-03"],
                   HEADER + ",出账日期").ok
    assert readings.import_readings_csv(db, supervisor, "户号,抄表日期,上次示数,本次示数\n"
                                       f"{a.account_no},2025-02-25,0,200\n".encode(), "2025-02", settings=settings).ok
    run = bill_run.compute_bills(db, supervisor, "2025-02", D(2025, 3, 3))
    # 2,700 kWh imported for January: 60 kWh × 0.538 = 32.28 and 140 kWh × 0.588 = 82.32.
    assert (run.bills, run.total_fen) == (1, 11460)
    feb = _bills(db, a.id)[-1]
    assert json.loads(feb.lines)["ytd_before_kwh"] == "2700"
