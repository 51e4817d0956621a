"""Readings import, bill computation, adjustment bills and the bill view (抄表、核算、退补、账单查询).

docs/rules.md#bills and docs/money-path.md. Every test runs on SQLite and PostgreSQL (the ``db``
fixture). Payments are arranged by inserting rows directly where a test needs money on the
account: the counter-payment service is not what these tests are about.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.domain import periods
from app.domain.errors import PermissionDenied, RuleViolation, ValidationErrors
from app.domain.hall_rules import HallRules
from app.domain.ids import make_credit_code
from app.domain.late_fees import late_fee_for
from app.domain.messages import message_from_data
from app.domain.tariffs.catalogue import load_default_catalogue
from app.services import adjustments, bill_run, bill_view, ledger, readings
from app.services import customers as cs
from db.keys import uuid7
from db.models import Bill, Customer, MeterReading, Operation, Payment, PaymentAllocation
from tests.conftest import set_hall_rules

D = dt.date
HEADER = "户号,抄表日期,上次示数,本次示数"


# ---- helpers ---------------------------------------------------------------------------------


def _customer(db, settings, actor, customer_form, **fields):  # type: ignore[no-untyped-def]
    """A residential customer registered through the service; ``status`` is set directly."""
    status = fields.pop("status", None)
    view = cs.register_customer(db, actor, cs.RegisterCustomer(customer_form(**fields)))
    if status:
        with db.write() as s:
            s.get(Customer, view.id).status = status
    return view


def _org(db, settings, actor, customer_form, n, **kw):  # type: ignore[no-untyped-def]
    values = dict(party_type="organisation", kind="general_ci", name=f"杭州城东机械{n}厂", id_type="uscc",
                  id_number=make_credit_code(f"91330100MA2{n:06d}"), contact_person="王经理",
                  voltage_level="380V", capacity_kva="100")
    values.update(kw)
    return _customer(db, settings, actor, customer_form, **values)


def _csv(lines: list[str], header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode(encoding)


def _import(db, actor, period, lines, header=HEADER, encoding="utf-8"):  # type: ignore[no-untyped-def]
    # the import limits are all the import reads of settings: the defaults
    return readings.import_readings_csv(db, actor, _csv(lines, header, encoding), period, settings=Settings())


def _read_and_bill(db, settings, actor, account, period, day, prev, cur, issue, extra=""):  # type: ignore[no-untyped-def]
    header = HEADER + ("," + extra.split("|")[0] if extra else "")
    line = f"{account},{day},{prev},{cur}" + ("," + extra.split("|")[1] if extra else "")
    report = _import(db, actor, period, [line], header)
    assert report.ok, report.errors
    return bill_run.compute_bills(db, actor, period, issue)


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _ops(db, op_type=None) -> list[Operation]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        stmt = select(Operation).order_by(Operation.seq)
        if op_type:
            stmt = stmt.where(Operation.op_type == op_type)
        return list(s.scalars(stmt))


def _bills(db, customer_id) -> list[Bill]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.scalars(select(Bill).where(Bill.customer_id == customer_id).order_by(Bill.bill_no)))


def _pay_direct(db, customer_id, day, allocations=(), prepaid=0, node_id=None):  # type: ignore[no-untyped-def]
    """Arrange money on the account: a payment row as the counter would write it (no session)."""
    applied = sum(p + f for _, p, f in allocations)
    with db.write() as s:
        node = node_id or s.get(Customer, customer_id).node_id
        pid = uuid7()
        s.add(Payment(id=pid, receipt_no=f"TEST{pid.hex[:12]}", node_id=node, customer_id=customer_id,
                      session_id=None, kind="payment", reverses_id=None, amount_fen=applied + prepaid,
                      tendered_fen=applied + prepaid, change_fen=0, applied_fen=applied,
                      late_fee_fen=sum(f for _, _, f in allocations), prepaid_fen=prepaid,
                      balance_before_fen=0, balance_after_fen=0, posted_at=periods.utc_at(day, 10),
                      posted_by="clerk1"))
        s.flush()
        for bill_id, principal, fee in allocations:
            s.add(PaymentAllocation(payment_id=pid, bill_id=bill_id, principal_fen=principal, late_fee_fen=fee))
    return pid


def _snapshot(db) -> dict:  # type: ignore[no-untyped-def]
    cols = [c.name for c in Bill.__table__.columns]
    with db.read() as s:
        return {b.id: tuple(getattr(b, c) for c in cols) for b in s.scalars(select(Bill))}


# ---- readings CSV import ---------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "label"), [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8-BOM"), ("gbk", "GBK")])
def test_import_accepts_utf8_with_or_without_bom_and_gbk(db, settings, supervisor, customer_form, encoding, label):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    header = "户号,户名,抄表日期,上次示数,本次示数,倍率"  # extra columns (户名) are ignored
    content = _csv([f"{a.account_no},张三,2025-03-25,1000,1210,", f"{b.account_no},李四,2025/3/26,500,530,2"],
                   header, encoding)
    report = readings.import_readings_csv(db, supervisor, content, "2025-03", settings=settings)
    assert report.ok and report.errors == ()
    assert (report.rows, report.imported, report.encoding) == (2, 2, label)
    with db.read() as s:
        got = {r.customer_id: r for r in s.scalars(select(MeterReading))}
    assert (got[a.id].kwh, got[a.id].multiplier, got[a.id].reading_date) == (210, 1, D(2025, 3, 25))
    assert (got[b.id].kwh, got[b.id].multiplier, got[b.id].source) == (60, 2, "csv")
    assert got[a.id].batch_id == report.batch_id
    (op,) = _ops(db, "ImportReadings")
    payload = json.loads(op.payload)
    assert (payload["batch_id"], payload["rows"], payload["period"]) == (str(report.batch_id), 2, "2025-03")


def test_import_tou_columns(db, settings, supervisor, customer_form):
    c = _org(db, settings, supervisor, customer_form, 1, tariff_code="GCI-TOU")
    header = HEADER + ",尖峰,峰,平,谷,深谷"
    report = _import(db, supervisor, "2025-03", [f"{c.account_no},2025-03-25,0,100,10,40,30,15,5"], header)
    assert report.ok, report.errors
    with db.read() as s:
        r = s.scalar(select(MeterReading))
    assert json.loads(r.tou_kwh) == {"critical_peak": 10, "peak": 40, "flat": 30, "valley": 15, "deep_valley": 5}


def _bad_cases(a: str, b: str, closed: str) -> list:  # type: ignore[type-arg]
    """(case, header, lines, line, column, message fragment)."""
    return [
        ("missing_column", "户号,抄表日期,本次示数", [f"{a},2025-03-25,1100"], 1, "上次示数", "缺少必填列"),
        ("unknown_account", HEADER, ["99999999999,2025-03-25,0,10"], 2, "户号", "不存在"),
        ("closed_account", HEADER, [f"{closed},2025-03-25,0,10"], 2, "户号", "已销户"),
        ("backwards", HEADER, [f"{a},2025-03-25,1000,990"], 2, "本次示数", "示数倒走"),
        ("duplicate_row", HEADER, [f"{a},2025-03-25,1000,1100", f"{b},2025-03-25,0,5",
                                   f"{a},2025-03-25,1000,1100"], 4, "户号", "与第 2 行重复"),
        ("bad_number", HEADER, [f"{a},2025-03-25,1000,12x4"], 2, "本次示数", "应为不小于零的整数"),
        ("fraction", HEADER, [f"{a},2025-03-25,1000,1100.5"], 2, "本次示数", "应为不小于零的整数"),
        ("bad_date", HEADER, [f"{a},2025-02-30,1000,1100"], 2, "抄表日期", "无效"),
        ("date_outside_period", HEADER, [f"{a},2025-04-02,1000,1100"], 2, "抄表日期", "不在账期 2025-03 内"),
        ("bad_multiplier", HEADER + ",倍率", [f"{a},2025-03-25,1000,1100,0"], 2, "倍率", "应为正整数"),
        ("previous_mismatch", HEADER, [f"{b},2025-03-25,7,50"], 2, "上次示数", "本次示数 5 不一致"),
        ("tou_sum", HEADER + ",峰,谷", [f"{a},2025-03-25,1000,1100,60,30"], 2, "峰", "各时段电量之和 90"),
        ("empty_file", HEADER, [], 2, "", "没有抄表数据"),
    ]


def test_each_bad_input_gives_its_row_error_and_imports_nothing(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    closed = _customer(db, settings, supervisor, customer_form, name="王五", status="closed")
    # b has a February reading ending at 5; a March file must continue from it.
    assert _import(db, supervisor, "2025-02", [f"{b.account_no},2025-02-25,0,5"]).ok
    n_readings, ops = _count(db, MeterReading), len(_ops(db))
    for case, header, lines, line, column, message in _bad_cases(a.account_no, b.account_no, closed.account_no):
        report = _import(db, supervisor, "2025-03", lines, header)
        assert not report.ok, case
        assert report.imported == 0, case
        hits = [e for e in report.errors if e.line == line and e.column == column and message in e.message]
        assert hits, (case, report.errors)
    assert _count(db, MeterReading) == n_readings
    assert len(_ops(db)) == ops


def test_one_bad_row_keeps_the_good_rows_out_too(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    report = _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-25,0,100", "99999999999,2025-03-25,0,1"])
    assert not report.ok and report.rows == 2 and report.imported == 0
    assert _count(db, MeterReading) == 0


def test_a_reading_for_a_period_that_has_one_is_refused(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form)
    assert _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-25,0,100"]).ok
    report = _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-26,0,100"])
    assert not report.ok and "已有抄表记录" in report.errors[0].message


def test_a_period_before_a_stored_later_one_is_refused(db, settings, supervisor, customer_form):
    """December 0→100 stored, then November 0→500: the register chain and the annual tiers break."""
    a = _customer(db, settings, supervisor, customer_form)
    assert _import(db, supervisor, "2025-12", [f"{a.account_no},2025-12-25,0,100"]).ok
    n_readings, ops = _count(db, MeterReading), len(_ops(db))
    report = _import(db, supervisor, "2025-11", [f"{a.account_no},2025-11-25,0,500"])
    assert not report.ok and report.imported == 0
    assert report.errors[0].column == "户号"
    assert "已有较晚账期（2025-12）" in report.errors[0].message and "退补" in report.errors[0].message
    assert (_count(db, MeterReading), len(_ops(db))) == (n_readings, ops)
    assert _import(db, supervisor, "2026-01", [f"{a.account_no},2026-01-25,100,180"]).ok  # the next one is fine


def test_tou_customer_needs_period_kwh(db, settings, supervisor, customer_form):
    c = _org(db, settings, supervisor, customer_form, 2, tariff_code="GCI-TOU")
    report = _import(db, supervisor, "2025-03", [f"{c.account_no},2025-03-25,0,100"])
    assert not report.ok and "须填写各时段电量" in report.errors[0].message


def test_every_row_error_is_reported_in_one_pass(db, settings, supervisor, customer_form):
    """Issue 6 #22: a backwards reading on one row no longer hides a wrong 上次示数 on the next
    (nor the other checks against the stored data): the whole file is refused with the complete
    list, each error with its line."""
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    c = _org(db, settings, supervisor, customer_form, 3, tariff_code="GCI-TOU")
    d = _customer(db, settings, supervisor, customer_form, name="赵六")
    assert _import(db, supervisor, "2025-02", [f"{a.account_no},2025-02-25,0,1000",
                                               f"{b.account_no},2025-02-25,0,500",
                                               f"{d.account_no},2025-02-25,0,300"]).ok
    n_readings, ops = _count(db, MeterReading), len(_ops(db))
    report = _import(db, supervisor, "2025-03", [
        f"{a.account_no},2025-03-25,1000,990",  # line 2: backwards
        f"{b.account_no},2025-03-25,480,600",  # line 3: 上次示数 480, stored 500
        "99999999999,2025-03-25,0,10",  # line 4: unknown account
        f"{c.account_no},2025-03-25,0,100",  # line 5: TOU customer without period kWh
        f"{d.account_no},2025-13-01,299,280",  # line 6: bad date, backwards and wrong 上次示数 at once
    ])
    assert not report.ok and report.imported == 0 and report.rows == 5
    got = [(e.line, e.column) for e in report.errors]
    assert got == [(2, "本次示数"), (3, "上次示数"), (4, "户号"), (5, "本次示数"),
                   (6, "抄表日期"), (6, "本次示数"), (6, "上次示数")], report.errors
    messages = {(e.line, e.column): e.message for e in report.errors}
    assert messages[(3, "上次示数")] == "上次示数 480 与系统中上期（2025-02）本次示数 500 不一致"
    assert messages[(6, "上次示数")] == "上次示数 299 与系统中上期（2025-02）本次示数 300 不一致"
    assert "须填写各时段电量" in messages[(5, "本次示数")]
    assert (_count(db, MeterReading), len(_ops(db))) == (n_readings, ops)
    # Fixed as the report says, the file goes in at once.
    fixed = _import(db, supervisor, "2025-03", [
        f"{a.account_no},2025-03-25,1000,1090", f"{b.account_no},2025-03-25,500,600",
        f"{d.account_no},2025-03-01,300,380"])
    assert fixed.ok and fixed.imported == 3, fixed.errors


def test_wrong_encoding_and_bad_period(db, settings, supervisor):
    report = readings.import_readings_csv(db, supervisor, "户号,抄表日期".encode("utf-16"), "2025-03", settings=settings)
    assert not report.ok and "UTF-16" in report.errors[0].message
    with pytest.raises(ValidationErrors) as exc:
        readings.import_readings_csv(db, supervisor, _csv([]), "2025-13", settings=settings)
    assert "period" in exc.value.by_field()


def test_clerks_cannot_import_readings(db, settings, clerk):
    with pytest.raises(PermissionDenied):
        readings.import_readings_csv(db, clerk, _csv([]), "2025-03", settings=settings)


# ---- bill computation: worked examples through the service ------------------------------------


def test_annual_tier_straddle_uses_year_to_date_from_earlier_bills(db, settings, supervisor, customer_form):
    c = _customer(db, settings, supervisor, customer_form)
    acc = c.account_no
    _read_and_bill(db, settings, supervisor, acc, "2024-12", "2024-12-25", 0, 500, D(2025, 1, 3))  # last year
    _read_and_bill(db, settings, supervisor, acc, "2025-01", "2025-01-25", 500, 1400, D(2025, 2, 3))
    _read_and_bill(db, settings, supervisor, acc, "2025-02", "2025-02-25", 1400, 2300, D(2025, 3, 3))
    _read_and_bill(db, settings, supervisor, acc, "2025-03", "2025-03-25", 2300, 3200, D(2025, 4, 3))
    report = _read_and_bill(db, settings, supervisor, acc, "2025-04", "2025-04-25", 3200, 3400, D(2025, 5, 3))
    # 2025 so far: 2,700 kWh (December 2024 does not count). 200 kWh more straddle 2,760:
    # 60 kWh × 0.538 = 32.28 and 140 kWh × 0.588 = 82.32, total 114.60.
    assert (report.bills, report.total_fen) == (1, 11460)
    april = _bills(db, c.id)[-1]
    doc = json.loads(april.lines)
    assert doc["ytd_before_kwh"] == "2700"
    assert [ln[0] for ln in doc["lines"]] == ["tier1", "tier2"]
    assert [ln[5] for ln in doc["lines"]] == [3228, 8232]
    # format 2: the explanation is stored with its template; read back it is the same Chinese text
    assert doc["format"] == 2 and message_from_data(doc["lines"][1][6]) == "第二档 140 kWh × 0.5880 = 82.32"
    assert april.due_date == D(2025, 5, 3) + dt.timedelta(days=HallRules().bill_due_days)


def test_low_income_free_kwh(db, settings, supervisor, customer_form):
    c = _customer(db, settings, supervisor, customer_form, low_income="dibao")
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 0, 100, D(2025, 4, 3))
    # 10 kWh free (line priced 0), 90 kWh × 0.538 = 48.42.
    assert report.total_fen == 4842
    view = bill_view.bill_view(db, supervisor, c.id, D(2025, 4, 5))
    (bill,) = view.bills
    assert [(ln.code, ln.quantity, ln.amount_fen) for ln in bill.lines] == [("free", "10", 0), ("tier1", "90", 4842)]
    assert "低保" in bill.note


def test_time_of_use_bill(db, settings, supervisor, customer_form):
    c = _org(db, settings, supervisor, customer_form, 3, tariff_code="GCI-TOU")
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 0, 100,
                            D(2025, 4, 3), "尖峰,峰,平,谷,深谷|10,40,30,15,5")
    # 10×1.3152=13.15, 40×1.0960=43.84, 30×0.6576=19.73, 15×0.2740=4.11, 5×0.2192=1.10 → 81.93
    assert report.total_fen == 8193
    lines = bill_view.bill_view(db, supervisor, c.id, D(2025, 4, 5)).bills[0].lines
    assert [ln.amount_fen for ln in lines] == [1315, 4384, 1973, 411, 110]
    assert lines[0].explanation == "尖峰段 10 kWh × 1.3152 = 13.15"


def test_large_industry_capacity_charge(db, settings, supervisor, customer_form):
    c = _org(db, settings, supervisor, customer_form, 4, kind="large_industry", voltage_level="10kV",
             capacity_kva="315", customer_manager="赵经理")
    assert c.tariff_code == "LI-TOU"
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 0, 250,
                            D(2025, 4, 3), "倍率,峰,平,谷|40,4000,4000,2000")
    # 10,000 kWh (250 × 40): 4000×0.9630 + 4000×0.6018 + 2000×0.2407 = 3852 + 2407.20 + 481.40,
    # plus 基本电费 315 kVA × ¥30 = 9450.00 → 16190.60
    assert report.total_fen == 1619060
    lines = bill_view.bill_view(db, supervisor, c.id, D(2025, 4, 5)).bills[0].lines
    assert lines[-1].code == "capacity" and lines[-1].amount_fen == 945000 and lines[-1].unit == "kVA·月"


def test_bill_run_is_idempotent_per_period_and_numbers_are_gap_free(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    _customer(db, settings, supervisor, customer_form, name="王五")  # no reading
    assert _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-25,0,100"]).ok
    first = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))
    assert (first.bills, first.skipped, first.errors) == (1, 2, ())
    assert _import(db, supervisor, "2025-03", [f"{b.account_no},2025-03-25,0,50"]).ok
    second = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))
    assert (second.bills, second.total_fen, second.skipped) == (1, 2690, 2)  # a is billed already
    third = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))
    assert third.bills == 0
    with db.read() as s:
        numbers = sorted(s.scalars(select(Bill.bill_no)))
    assert numbers == ["3301B00000001", "3301B00000002"]
    runs = _ops(db, "ComputeBills")
    assert len(runs) == 2  # one operation per run that billed; the empty third run wrote none
    payload = json.loads(runs[1].payload)
    assert (payload["period"], payload["count"], payload["total_fen"]) == ("2025-03", 1, 2690)
    assert payload["first_bill_no"] == payload["last_bill_no"] == "3301B00000002"


def test_a_run_that_bills_nothing_writes_no_operation(db, settings, supervisor, customer_form):
    """Issue 6 #20: a bill run with nobody to bill says so and leaves the operation log alone."""
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    assert _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-25,0,100"]).ok
    assert bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3)).bills == 1
    ops = [(o.seq, o.op_type) for o in _ops(db)]
    again = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))
    assert (again.bills, again.total_fen, again.errors) == (0, 0, ())
    empty = bill_run.compute_bills(db, supervisor, "2025-07", D(2025, 8, 3))  # no readings at all
    assert empty.bills == 0
    assert [(o.seq, o.op_type) for o in _ops(db)] == ops


def test_bill_run_outlook_counts_and_defaults_to_the_latest_period_to_bill(db, settings, supervisor, clerk,
                                                                            customer_form):
    """Issue 6 #20: the confirmation's figures, and the period the page starts with."""
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    _customer(db, settings, supervisor, customer_form, name="王五")  # never read
    assert bill_run.bill_run_outlook(db, supervisor) is None  # no readings yet
    assert _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-25,0,100",
                                               f"{b.account_no},2025-03-25,0,50"]).ok
    assert bill_run.bill_run_outlook(db, supervisor) == bill_run.BillRunOutlook("2025-03", 2, 0)
    assert bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3)).bills == 2
    assert bill_run.bill_run_outlook(db, supervisor) is None  # everything imported is billed
    assert bill_run.bill_run_outlook(db, supervisor, "2025-03") == bill_run.BillRunOutlook("2025-03", 0, 2)
    assert _import(db, supervisor, "2025-04", [f"{a.account_no},2025-04-25,100,180"]).ok
    assert bill_run.bill_run_outlook(db, supervisor) == bill_run.BillRunOutlook("2025-04", 1, 0)
    assert bill_run.bill_run_outlook(db, supervisor, "2025-05") == bill_run.BillRunOutlook("2025-05", 0, 0)
    with pytest.raises(ValidationErrors):
        bill_run.bill_run_outlook(db, supervisor, "2025-13")
    with pytest.raises(PermissionDenied):
        bill_run.bill_run_outlook(db, clerk)


def test_a_run_for_named_customers_only(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    assert _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-25,0,100",
                                               f"{b.account_no},2025-03-25,0,50"]).ok
    report = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3), customer_ids=[a.id])
    assert (report.bills, report.skipped) == (1, 0)
    assert [len(_bills(db, a.id)), len(_bills(db, b.id))] == [1, 0]
    again = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3), customer_ids=[a.id, b.id])
    assert (again.bills, again.skipped) == (1, 1)  # a was billed already


def test_unpriceable_customers_are_listed_and_the_rest_are_billed(db, settings, supervisor, customer_form):
    a = _customer(db, settings, supervisor, customer_form, name="张三")
    b = _customer(db, settings, supervisor, customer_form, name="李四")
    with db.write() as s:  # registration refuses unknown codes; a tariff withdrawn later looks like this
        s.get(Customer, b.id).tariff_code = "NO-SUCH"
    assert _import(db, supervisor, "2025-03", [f"{a.account_no},2025-03-25,0,100",
                                               f"{b.account_no},2025-03-25,0,100"]).ok
    report = bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 4, 3))
    assert report.bills == 1 and len(report.errors) == 1
    assert b.account_no in report.errors[0] and "没有生效的版本" in report.errors[0]


def test_only_supervisors_and_admins_compute(db, settings, clerk):
    with pytest.raises(PermissionDenied):
        bill_run.compute_bills(db, clerk, "2025-03", D(2025, 4, 3))


def test_issue_date_before_the_period_is_refused(db, settings, supervisor):
    with pytest.raises(ValidationErrors):
        bill_run.compute_bills(db, supervisor, "2025-03", D(2025, 2, 28))


# ---- prepaid offset at issuance, adjustments, immutability ------------------------------------


def test_prepaid_balance_settles_a_new_bill_at_issuance(db, settings, supervisor, customer_form):
    c = _customer(db, settings, supervisor, customer_form)
    _pay_direct(db, c.id, D(2025, 3, 1), prepaid=10000)  # ¥100 paid ahead
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 0, 100, D(2025, 4, 3))
    assert report.total_fen == 5380
    with db.read() as s:
        offset = s.scalar(select(Payment).where(Payment.kind == "offset"))
        allocs = list(s.scalars(select(PaymentAllocation).where(PaymentAllocation.payment_id == offset.id)))
        arrears, fee, prepaid = ledger.balance(s, c.id, D(2025, 4, 3))
    assert offset.receipt_no is None and offset.session_id is None and offset.amount_fen == 0
    assert (offset.applied_fen, offset.prepaid_fen) == (5380, -5380)
    assert [(a.principal_fen, a.late_fee_fen) for a in allocs] == [(5380, 0)]
    assert (arrears, fee, prepaid) == (0, 0, 4620)
    bill = bill_view.bill_view(db, supervisor, c.id, D(2025, 4, 3)).bills[0]
    assert (bill.paid_fen, bill.outstanding_fen, bill.status) == (5380, 0, "已结清")


def test_prepaid_smaller_than_the_bill_settles_part(db, settings, supervisor, customer_form):
    c = _customer(db, settings, supervisor, customer_form)
    _pay_direct(db, c.id, D(2025, 3, 1), prepaid=2000)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 0, 100, D(2025, 4, 3))
    view = bill_view.bill_view(db, supervisor, c.id, D(2025, 4, 10))
    assert (view.arrears_fen, view.prepaid_fen, view.bills[0].status) == (3380, 0, "部分缴费")


def _one_bill(db, settings, supervisor, customer_form, kwh=100, **kw):  # type: ignore[no-untyped-def]
    c = _customer(db, settings, supervisor, customer_form, **kw)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 0, kwh, D(2025, 4, 3))
    return c, _bills(db, c.id)[0]


def test_adjustment_bill_references_the_original_and_never_edits_it(db, settings, supervisor, customer_form):
    c, original = _one_bill(db, settings, supervisor, customer_form)
    before = _snapshot(db)
    ops = len(_ops(db))
    row = adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(original.id, 1076, 20, "抄表差错补收"), on_date=D(2025, 4, 20))
    assert len(_ops(db)) == ops + 1 and _ops(db)[-1].op_type == "IssueAdjustment"
    assert (row.bill_type, row.amount_fen, row.kwh, row.adjusts_bill_no) == ("adjustment", 1076, 20, original.bill_no)
    assert row.due_date == D(2025, 4, 20) + dt.timedelta(days=HallRules().bill_due_days)
    assert row.note == "抄表差错补收" and row.lines[0].code == "adjustment"
    after = _snapshot(db)
    assert {k: v for k, v in after.items() if k in before} == before  # the original is untouched
    view = bill_view.bill_view(db, supervisor, c.id, D(2025, 4, 20))
    assert view.arrears_fen == 5380 + 1076
    assert [b.bill_type for b in view.bills] == ["adjustment", "regular"]  # newest first


def test_an_adjustment_sent_twice_with_its_request_id_is_issued_once(db, settings, supervisor, customer_form):
    c, original = _one_bill(db, settings, supervisor, customer_form)
    request = uuid.uuid4()
    cmd = adjustments.IssueAdjustment(original.id, 1076, 20, "抄表差错补收", request_id=request)
    first = adjustments.issue_adjustment(db, supervisor, cmd, on_date=D(2025, 4, 20))
    ops, bills = len(_ops(db)), _count(db, Bill)
    again = adjustments.issue_adjustment(db, supervisor, cmd, on_date=D(2025, 4, 20))  # the reply was lost
    assert (again.id, again.bill_no) == (first.id, first.bill_no) == (request, first.bill_no)
    assert (len(_ops(db)), _count(db, Bill)) == (ops, bills)
    with pytest.raises(RuleViolation, match="请求编号已被另一笔业务使用"):
        adjustments.issue_adjustment(db, supervisor, dataclasses.replace(cmd, amount_fen=999),
                                 on_date=D(2025, 4, 20))


def test_negative_adjustment_settles_open_bills_then_becomes_prepaid(db, settings, supervisor, customer_form):
    c, original = _one_bill(db, settings, supervisor, customer_form)  # ¥53.80 unpaid
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(original.id, -2000, -37, "多抄退还"), on_date=D(2025, 4, 10))
    view = bill_view.bill_view(db, supervisor, c.id, D(2025, 4, 10))
    assert (view.arrears_fen, view.prepaid_fen) == (3380, 0)
    regular = next(b for b in view.bills if b.bill_type == "regular")
    credit = next(b for b in view.bills if b.bill_type == "adjustment")
    # issue 6 item 19: the credit lowers what is due on the bill it corrects; nothing was paid
    # (not 已缴 ¥20.00 / 部分缴费) and no zero-amount 预存抵扣 payment is written.
    assert (regular.paid_fen, regular.credited_fen, regular.outstanding_fen, regular.status) == (0, 2000, 3380, "未缴")
    assert (credit.outstanding_fen, credit.credited_fen, credit.status) == (0, -2000, "已结清")
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Payment).where(Payment.customer_id == c.id)) == 0
        (open_bill,) = ledger.open_bills(s, c.id, D(2025, 4, 10))
    assert (open_bill.bill_id, open_bill.principal_outstanding_fen, open_bill.paid_fen) == (original.id, 3380, 0)
    # On a paid bill, a refund becomes prepaid balance (预存).
    c2, bill2 = _one_bill(db, settings, supervisor, customer_form, kwh=50)
    _pay_direct(db, c2.id, D(2025, 4, 5), [(bill2.id, bill2.amount_fen, 0)])
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(bill2.id, -1000, -19, "多抄退还"), on_date=D(2025, 4, 10))
    with db.read() as s:
        assert ledger.balance(s, c2.id, D(2025, 4, 10)) == (0, 0, 1000)
    # the bill run settles the next bill from that prepaid balance (the bulk ledger nets credits too)
    _read_and_bill(db, settings, supervisor, c2.account_no, "2025-04", "2025-04-25", 50, 70, D(2025, 5, 3))
    with db.read() as s:
        assert ledger.balance(s, c2.id, D(2025, 5, 3)) == (1076 - 1000, 0, 0)


@pytest.mark.parametrize(("amount", "kwh", "reason", "field"), [
    (0, 0, "补收", "amount_fen"), (-99999, 0, "退还", "amount_fen"), (100, 1, "", "reason"),
    (Decimal("1.5"), 1, "补收", "amount_fen"),
    # issue 6 item 19: the kWh sign agrees with the amount; no more kWh refunded than billed
    (-1176, 20, "多抄退还", "kwh"), (1176, -20, "少抄补收", "kwh"), (-100, -101, "多抄退还", "kwh"),
])
def test_bad_adjustments_are_refused(db, settings, supervisor, customer_form, amount, kwh, reason, field):
    _, original = _one_bill(db, settings, supervisor, customer_form)
    ops = len(_ops(db))
    with pytest.raises(ValidationErrors) as exc:
        adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(original.id, amount, kwh, reason))
    assert field in exc.value.by_field()
    assert len(_ops(db)) == ops


def test_adjustments_need_a_supervisor_and_a_regular_bill(db, settings, supervisor, clerk, customer_form):
    _, original = _one_bill(db, settings, supervisor, customer_form)
    with pytest.raises(PermissionDenied):
        adjustments.issue_adjustment(db, clerk, adjustments.IssueAdjustment(original.id, 100, 1, "补收"))
    adj = adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(original.id, 100, 1, "补收"))
    with pytest.raises(RuleViolation):
        adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(adj.id, 100, 1, "补收"))


def test_no_service_updates_an_issued_bill(db, settings, supervisor, clerk, customer_form):
    """Bills are immutable (docs/rules.md#bills): every service that follows only inserts."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    c, original = _one_bill(db, settings, supervisor, customer_form)
    updates = []

    def watch(session, flush_context, instances):  # type: ignore[no-untyped-def]
        updates.extend(o for o in session.dirty if isinstance(o, Bill))

    event.listen(Session, "before_flush", watch)
    try:
        before = _snapshot(db)
        _pay_direct(db, c.id, D(2025, 4, 5), prepaid=500)
        assert _import(db, supervisor, "2025-04", [f"{c.account_no},2025-04-25,100,180"]).ok
        bill_run.compute_bills(db, supervisor, "2025-04", D(2025, 5, 3))
        adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(original.id, -100, -2, "退还"))
        bill_view.bill_view(db, clerk, c.id)
        assert {k: v for k, v in _snapshot(db).items() if k in before} == before
    finally:
        event.remove(Session, "before_flush", watch)
    assert updates == []


# ---- the bill view: paid / outstanding / late fee ---------------------------------------------


def _december_bills(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    res = _customer(db, settings, supervisor, customer_form, name="张三")
    org = _org(db, settings, supervisor, customer_form, 7)
    assert _import(db, supervisor, "2025-11", [f"{res.account_no},2025-11-25,0,200",
                                               f"{org.account_no},2025-11-25,0,100"]).ok
    bill_run.compute_bills(db, supervisor, "2025-11", D(2025, 12, 5))  # due 2025-12-20
    return res, org


def test_late_fees_across_a_year_boundary_residential_vs_others(db, settings, supervisor, clerk, customer_form):
    res, org = _december_bills(db, settings, supervisor, customer_form)
    on = D(2026, 1, 10)
    rv = bill_view.bill_view(db, clerk, res.id, on)
    ov = bill_view.bill_view(db, clerk, org.id, on)
    (rb,), (ob,) = rv.bills, ov.bills
    assert (rb.amount_fen, ob.amount_fen) == (10760, 6644)
    assert rb.due_date == D(2025, 12, 20)
    # Residential: 1‰ a day from 21 Dec to 10 Jan (21 days) on ¥107.60 = 2.2596 → 2.26.
    assert rb.late_fee_fen == 226
    # Others: 2‰ for 21–31 Dec (11 days, current year) + 3‰ for 1–10 Jan (10 days, earlier year)
    # on ¥66.44 = 1.46168 + 1.9932 = 3.45488 → 3.45.
    assert ob.late_fee_fen == 345
    assert ob.late_fee_fen == late_fee_for(6644, D(2025, 12, 20), on, "general_ci", bill_year=2025).fen
    for view, bill in ((rv, rb), (ov, ob)):
        assert (bill.paid_fen, bill.outstanding_fen, bill.status) == (0, bill.amount_fen, "逾期")
        assert (view.arrears_fen, view.late_fee_fen, view.prepaid_fen) == (bill.amount_fen, bill.late_fee_fen, 0)
        assert view.due_fen == bill.amount_fen + bill.late_fee_fen
    # Within the due date: no late fee, status 未缴.
    early = bill_view.bill_view(db, clerk, res.id, D(2025, 12, 20)).bills[0]
    assert (early.late_fee_fen, early.status) == (0, "未缴")


def test_grace_days_and_minimum_from_the_hall_rules(db, settings, supervisor, clerk, customer_form):
    res, _ = _december_bills(db, settings, supervisor, customer_form)
    # 1 day late: ¥0.11 by the rate, ¥1 with the 1996 minimum switched on.
    assert bill_view.bill_view(db, clerk, res.id, D(2025, 12, 21)).bills[0].late_fee_fen == 11
    set_hall_rules(db, late_fee_grace_days=5)
    assert bill_view.bill_view(db, clerk, res.id, D(2025, 12, 25)).bills[0].late_fee_fen == 0
    set_hall_rules(db, late_fee_grace_days=0, late_fee_minimum=True)
    assert bill_view.bill_view(db, clerk, res.id, D(2025, 12, 21)).bills[0].late_fee_fen == 100


def test_partial_payment_is_not_charged_twice_for_the_same_days(db, settings, supervisor, clerk, customer_form):
    res, _ = _december_bills(db, settings, supervisor, customer_form)
    (bill,) = _bills(db, res.id)
    # Paid on 30 Dec: the late fee to that day (10 days × 1‰ × 107.60 = 1.08) and ¥50 of principal.
    _pay_direct(db, res.id, D(2025, 12, 30), [(bill.id, 5000, 108)])
    row = bill_view.bill_view(db, clerk, res.id, D(2026, 1, 9)).bills[0]
    assert (row.paid_fen, row.outstanding_fen, row.status) == (5000, 5760, "逾期")
    # From 31 Dec to 9 Jan (10 days) on the remaining ¥57.60: 0.576 → 0.58 (issue 6 item 17: the
    # fee paid on 30 Dec settled 21–30 Dec; the rest is rounded once, not 1.15 − 0.58 = 0.57).
    # Charging late_fee_for(57.60, due, 9 Jan) = 1.15 would bill 21–30 Dec a second time.
    assert row.late_fee_fen == 58
    with db.read() as s:
        (open_bill,) = ledger.open_bills(s, res.id, D(2026, 1, 9))
        assert ledger.balance(s, res.id, D(2026, 1, 9)) == (5760, 58, 0)
    assert (open_bill.bill_no, open_bill.period, open_bill.principal_outstanding_fen, open_bill.late_fee_fen) == (
        bill.bill_no, "2025-11", 5760, 58)
    assert open_bill.id == str(bill.id) and open_bill.bill_id == bill.id


def test_rule_17_late_fee_is_rounded_once_per_bill_whatever_the_partial_payments(
        db, settings, supervisor, clerk, customer_form):
    """Issue 6 item 17: the stretches between partial payments are added exactly and the bill's
    fee is rounded once. ¥107.60 due 20 Dec; ¥1.00 of principal paid on 22 Dec (no fee); on
    23 Dec: 2 days × 1‰ × 107.60 = 0.2152 plus 1 day × 1‰ × 106.60 = 0.1066, 0.3218 → 0.32
    (rounding the stretches on their own gave 0.22 + (0.32 − 0.21) = 0.33)."""
    res, _ = _december_bills(db, settings, supervisor, customer_form)
    (bill,) = _bills(db, res.id)
    _pay_direct(db, res.id, D(2025, 12, 22), [(bill.id, 100, 0)])
    row = bill_view.bill_view(db, clerk, res.id, D(2025, 12, 23)).bills[0]
    assert (row.outstanding_fen, row.late_fee_fen) == (10660, 32)


def test_rule_17_minimum_late_fee_applies_to_the_bill_total_once(db, settings, supervisor, clerk, customer_form):
    """Issue 6 item 17: with the ¥1 minimum switched on, a customer who paid the ¥1 minimum
    (0.11 accrued) and ¥50 of principal on 21 Dec owes, on 9 Jan, only what the bill's whole
    fee exceeds ¥1: 0.1076 + 19 days × 1‰ × 57.60 = 1.202 → 1.20, less 1.00 paid = 0.20 (the
    minimum was charged again on the 0.20 before)."""
    res, _ = _december_bills(db, settings, supervisor, customer_form)
    set_hall_rules(db, late_fee_minimum=True)
    (bill,) = _bills(db, res.id)
    assert bill_view.bill_view(db, clerk, res.id, D(2025, 12, 21)).bills[0].late_fee_fen == 100
    _pay_direct(db, res.id, D(2025, 12, 21), [(bill.id, 5000, 100)])
    assert bill_view.bill_view(db, clerk, res.id, D(2025, 12, 25)).bills[0].late_fee_fen == 0
    assert bill_view.bill_view(db, clerk, res.id, D(2026, 1, 9)).bills[0].late_fee_fen == 20


def test_bill_view_with_explanation_and_usage(db, settings, supervisor, clerk, customer_form):
    c = _customer(db, settings, supervisor, customer_form)
    reading = 0
    for i in range(26):  # 2023-11 … 2025-12
        year, month = 2023 + (10 + i) // 12, (10 + i) % 12 + 1
        period = f"{year:04d}-{month:02d}"
        nxt = D(year + month // 12, month % 12 + 1, 3)
        kwh = 100 + i
        _read_and_bill(db, settings, supervisor, c.account_no, period, f"{period}-25", reading, reading + kwh, nxt)
        reading += kwh
    bills = _bills(db, c.id)
    for b in bills[:-1]:  # paid on the due date: no late fee
        _pay_direct(db, c.id, b.due_date, [(b.id, b.amount_fen, 0)])
    ops = len(_ops(db))
    view = bill_view.bill_view(db, clerk, c.id, D(2026, 1, 10))
    assert len(_ops(db)) == ops  # reading writes nothing
    assert len(view.bills) == 26 and view.bills[0].period == "2025-12"
    assert [b.status for b in view.bills[1:]] == ["已结清"] * 25 and view.bills[0].status == "未缴"
    assert view.arrears_fen == bills[-1].amount_fen
    assert len(view.usage) == 24 and view.usage[0] == ("2024-01", 102) and view.usage[-1] == ("2025-12", 125)
    newest = view.bills[0]
    assert "抄表 2025-12-25" in newest.note and "RES-TIER" in newest.note and "本年此前累计用电" in newest.note
    assert sum(ln.amount_fen for ln in newest.lines) == newest.amount_fen
    assert all(ln.explanation for b in view.bills for ln in b.lines)


def test_everyone_may_view_bills(db, settings, supervisor, clerk, admin, customer_form):
    c, _ = _one_bill(db, settings, supervisor, customer_form)
    for actor in (clerk, supervisor, admin):
        assert bill_view.bill_view(db, actor, c.id, D(2025, 4, 5)).arrears_fen == 5380


def test_hall_rules_rates_can_be_changed(db, settings, supervisor, clerk, customer_form):
    res, _ = _december_bills(db, settings, supervisor, customer_form)
    set_hall_rules(db, late_fee_residential_rate="0.002")
    assert bill_view.bill_view(db, clerk, res.id, D(2026, 1, 10)).bills[0].late_fee_fen == 452


def test_default_settings_object_is_accepted(db, supervisor, customer_form):
    settings = Settings()
    _, original = _one_bill(db, settings, supervisor, customer_form)
    assert adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(original.id, 10, 0, "补收")).amount_fen == 10


def test_unknown_customer(db, settings, clerk):
    from app.domain.errors import NotFound

    with pytest.raises(NotFound):
        bill_view.bill_view(db, clerk, uuid.uuid4())


@pytest.mark.pg
def test_two_bill_runs_at_once_on_postgresql_bill_each_customer_once(pg_url, customer_form):
    """Two supervisors start the same period together: the second run waits for the first and
    then finds nothing left to bill (no customer is billed twice, no bill number is lost)."""
    import threading

    from app.services import auth
    from tests.conftest import ADMIN_PASSWORD, _setup

    db, settings = _setup(pg_url)
    try:
        admin = auth.login(db, "admin", ADMIN_PASSWORD)
        accounts = [_customer(db, settings, admin, customer_form, name="张三").account_no for _ in range(30)]
        assert _import(db, admin, "2025-03", [f"{acc},2025-03-25,0,{100 + i}" for i, acc in enumerate(accounts)]).ok
        barrier = threading.Barrier(2, timeout=20)
        reports: list[object] = []

        def run() -> None:
            barrier.wait()
            try:
                reports.append(bill_run.compute_bills(db, admin, "2025-03", D(2025, 4, 3)))
            except Exception as exc:  # noqa: BLE001 - asserted below
                reports.append(exc)

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert sorted(r.bills for r in reports) == [0, 30], reports  # type: ignore[union-attr]
        with db.read() as s:
            numbers = sorted(s.scalars(select(Bill.bill_no)))
        assert numbers == [f"3301B{i:08d}" for i in range(1, 31)]
    finally:
        db.dispose()


# ---- issue 6 items 18, 19, 21, 25: what counts toward the tiers, and how a period is priced ----


def _new_res_tier_version(db, admin, effective_from, tier1="0.558", tier2="0.608", tier3="0.858", **extra):  # type: ignore[no-untyped-def]
    """A new RES-TIER version through the admin's service (prices as given)."""
    from app.services import tariffs as ts

    data = {t.code: t for t in load_default_catalogue()}["RES-TIER"].to_dict()
    data["effective_from"] = effective_from
    bands = data["tiers"]["bands"]
    for band, price in zip(bands, (tier1, tier2, tier3), strict=True):
        band["price"] = price
    data["source"] = f"测试调价：第一档 {tier1}"
    data.update(extra)
    return ts.save_tariff_version(db, admin, ts.SaveTariffVersion(data))


def test_rule_18_adjustment_kwh_count_toward_the_annual_tier_total(db, settings, supervisor, clerk, customer_form):
    """A 退补 of +100 kWh on January's 2,700 kWh: February's 100 kWh start at 2,800, all tier 2:
    100 × 0.588 = 58.80 (without the adjustment: 60 × 0.538 + 40 × 0.588 = 55.80). The usage
    chart shows January as 2,800 kWh (item 19)."""
    c = _customer(db, settings, supervisor, customer_form)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-01", "2025-01-25", 0, 2700, D(2025, 2, 3))
    (january,) = _bills(db, c.id)
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(january.id, 5380, 100, "少抄补收"),
                             on_date=D(2025, 2, 10))
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-02", "2025-02-25", 2700, 2800,
                            D(2025, 3, 3))
    assert report.total_fen == 5880
    february = next(b for b in _bills(db, c.id) if b.period == "2025-02" and b.bill_type == "regular")
    assert json.loads(february.lines)["ytd_before_kwh"] == "2800"
    view = bill_view.bill_view(db, clerk, c.id, D(2025, 3, 5))
    assert dict(view.usage)["2025-01"] == 2800


def test_rule_19_a_credit_adjustment_takes_kwh_off_the_tier_total_and_the_chart(
        db, settings, supervisor, clerk, customer_form):
    """−100 kWh on January's 2,800: February's 100 kWh start at 2,700 → 60 × 0.538 + 40 × 0.588
    = 32.28 + 23.52 = 55.80; the chart shows January as 2,700 kWh."""
    c = _customer(db, settings, supervisor, customer_form)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-01", "2025-01-25", 0, 2800, D(2025, 2, 3))
    (january,) = _bills(db, c.id)
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(january.id, -5380, -100, "多抄退还"),
                             on_date=D(2025, 2, 10))
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-02", "2025-02-25", 2800, 2900,
                            D(2025, 3, 3))
    assert report.total_fen == 5580
    assert dict(bill_view.bill_view(db, clerk, c.id, D(2025, 3, 5)).usage)["2025-01"] == 2700


def test_rule_18_a_reading_covering_two_months_scales_the_monthly_free_kwh(db, settings, supervisor, customer_form):
    """低保户 read in January and then in March (two months): 2 × 10 = 20 kWh free; 180 × 0.538 =
    96.84 (one month's 10 kWh gave 190 × 0.538 = 102.22)."""
    c = _customer(db, settings, supervisor, customer_form, low_income="dibao")
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-01", "2025-01-25", 0, 100, D(2025, 2, 3))
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 100, 300,
                            D(2025, 4, 3))
    assert report.total_fen == 9684
    march = next(b for b in _bills(db, c.id) if b.period == "2025-03")
    assert [(ln[0], ln[2]) for ln in json.loads(march.lines)["lines"]] == [("free", "20"), ("tier1", "180")]


def test_rule_18_mid_year_connection_prorates_annual_thresholds_when_the_version_says_so(
        db, settings, supervisor, admin, customer_form):
    """A version with prorate_first_year; a customer connected (建档) on 10 August 2025 has 5 months
    of supply: thresholds 1,150 / 2,000. September 1,100 kWh, October 200 kWh: 50 × 0.538 +
    150 × 0.588 = 26.90 + 88.20 = 115.10 (12-month thresholds: 200 × 0.538 = 107.60)."""
    _new_res_tier_version(db, admin, "2025-01-01", "0.538", "0.588", "0.838", prorate_first_year=True)
    c = _customer(db, settings, supervisor, customer_form)
    with db.write() as s:
        s.get(Customer, c.id).created_at = dt.datetime(2025, 8, 10, 2, 0)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-09", "2025-09-25", 0, 1100, D(2025, 10, 3))
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-10", "2025-10-25", 1100, 1300,
                            D(2025, 11, 3))
    assert report.total_fen == 11510
    # the next year is a full year of supply: the 12-month thresholds again
    _read_and_bill(db, settings, supervisor, c.account_no, "2026-01", "2026-01-25", 1300, 2500, D(2026, 2, 3))
    (jan26,) = [b for b in _bills(db, c.id) if b.period == "2026-01"]
    assert jan26.amount_fen == 1200 * 538 // 10


def test_rule_21_a_price_change_inside_the_reading_period_splits_the_usage_by_days(
        db, settings, supervisor, clerk, admin, customer_form):
    """New prices from 1 June; reading 16 May → 15 June (30 days, 300 kWh): 16 days before
    (160 kWh × 0.538 = 86.08) and 14 days after (140 kWh × 0.558 = 78.12), 164.20 in all (the whole
    period at the new price was 300 × 0.558 = 167.40). The explanation shows both parts."""
    _new_res_tier_version(db, admin, "2025-06-01")
    c = _customer(db, settings, supervisor, customer_form)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-05", "2025-05-16", 0, 100, D(2025, 5, 20))
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-06", "2025-06-15", 100, 400,
                            D(2025, 6, 20))
    assert report.total_fen == 8608 + 7812
    row = bill_view.bill_view(db, clerk, c.id, D(2025, 6, 20)).bills[0]
    assert [(ln.code, ln.quantity, ln.price, ln.amount_fen) for ln in row.lines] == [
        ("tier1", "160", "0.538", 8608), ("tier1", "140", "0.558", 7812)]
    assert row.lines[0].explanation == (
        "第一档 160 kWh × 0.5380 = 86.08（2025-05-16至2025-05-31，16 天 160 kWh，按 2012-07-01 起执行的价格）")
    assert row.lines[1].explanation == (
        "第一档 140 kWh × 0.5580 = 78.12（2025-06-01至2025-06-14，14 天 140 kWh，按 2025-06-01 起执行的价格）")
    assert [ln.label for ln in row.lines] == ["第一档（调价前）", "第一档（调价后）"]
    assert "2025-05-16至2025-05-31 16 天 160 kWh 按 2012-07-01 起执行的价格计 ¥86.08" in row.note
    assert "2025-06-01至2025-06-14 14 天 140 kWh 按 2025-06-01 起执行的价格计 ¥78.12" in row.note


def test_rule_21_without_split_by_days_the_whole_period_takes_the_new_price(
        db, settings, supervisor, admin, customer_form):
    _new_res_tier_version(db, admin, "2025-06-01", split_by_days=False)
    c = _customer(db, settings, supervisor, customer_form)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-05", "2025-05-16", 0, 100, D(2025, 5, 20))
    report = _read_and_bill(db, settings, supervisor, c.account_no, "2025-06", "2025-06-15", 100, 400,
                            D(2025, 6, 20))
    assert report.total_fen == 300 * 558 // 10


def test_rule_21_each_part_counts_toward_its_own_years_tiers(db, settings, supervisor, clerk, admin, customer_form):
    """New prices from 1 January 2025; 2024 used 2,750 kWh. The reading 25 Dec → 25 Jan (31 days,
    310 kWh): 7 days (70 kWh) are 2024's — at 2024's place on the ladder: 10 × 0.538 + 60 ×
    0.588 = 40.66 — and 24 days (240 kWh) are 2025's, from 0: 240 × 0.558 = 133.92. February then
    starts 2025's ladder at 240 kWh, not 310."""
    _new_res_tier_version(db, admin, "2025-01-01")
    c = _customer(db, settings, supervisor, customer_form)
    acc = c.account_no
    _read_and_bill(db, settings, supervisor, acc, "2024-11", "2024-11-25", 0, 2700, D(2024, 12, 3))
    _read_and_bill(db, settings, supervisor, acc, "2024-12", "2024-12-25", 2700, 2750, D(2025, 1, 3))
    report = _read_and_bill(db, settings, supervisor, acc, "2025-01", "2025-01-25", 2750, 3060, D(2025, 2, 3))
    assert report.total_fen == 4066 + 13392
    _read_and_bill(db, settings, supervisor, acc, "2025-02", "2025-02-25", 3060, 3160, D(2025, 3, 3))
    february = next(b for b in _bills(db, c.id) if b.period == "2025-02")
    assert json.loads(february.lines)["ytd_before_kwh"] == "240"
    january = bill_view.bill_view(db, clerk, c.id, D(2025, 3, 5)).bills[1]
    assert "计入 2024 年阶梯" in january.note and "计入 2025 年阶梯" in january.note


def test_rule_25_bill_view_says_which_kwh_the_free_allowance_took(db, settings, supervisor, clerk, customer_form):
    c = _customer(db, settings, supervisor, customer_form, low_income="dibao")
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-03", "2025-03-25", 0, 100, D(2025, 4, 3))
    (bill,) = bill_view.bill_view(db, clerk, c.id, D(2025, 4, 5)).bills
    assert bill.lines[0].explanation == "低保/五保免费电量 10 kWh，从第一档（10 kWh × 0.5380 = 5.38 元）扣除，免收 = 0.00"


def test_rule_21_a_split_period_shares_the_low_income_allowance_by_days(
        db, settings, supervisor, admin, customer_form):
    """The 10 free kWh of the month are shared by days in whole kWh that add up to 10: read on
    31 May and 20 June (20 days), new prices from 1 June: 1 day before → 10 × 1/20 = 0.5 → 1 kWh,
    the other 9 after (each part rounding on its own gave 1 + round(9.5) = 11)."""
    _new_res_tier_version(db, admin, "2025-06-01")
    c = _customer(db, settings, supervisor, customer_form, low_income="dibao")
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-05", "2025-05-31", 0, 100, D(2025, 6, 2))
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-06", "2025-06-20", 100, 400, D(2025, 6, 22))
    june = next(b for b in _bills(db, c.id) if b.period == "2025-06")
    free = [Decimal(ln[2]) for ln in json.loads(june.lines)["lines"] if ln[0] == "free"]
    assert free == [Decimal(1), Decimal(9)]


def test_rule_19_the_bill_run_offsets_prepaid_against_what_a_credit_left_owing(
        db, settings, supervisor, clerk, customer_form):
    """¥53.80 unpaid (due 18 April), a −¥20.00 credit on 5 April (owes 33.80), then ¥10.00
    prepaid: the bill run of 3 May offsets the ¥10.00 (bulk ledger) — the late fee first, 15 days ×
    1‰ × 33.80 = 0.507 → 0.51 (on the lowered principal, not 53.80), then 9.49 of principal — and
    the credit is not counted a second time."""
    c, original = _one_bill(db, settings, supervisor, customer_form)
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(original.id, -2000, -37, "多抄退还"), on_date=D(2025, 4, 5))
    _pay_direct(db, c.id, D(2025, 4, 6), prepaid=1000)
    _read_and_bill(db, settings, supervisor, c.account_no, "2025-04", "2025-04-25", 100, 180, D(2025, 5, 3))
    view = bill_view.bill_view(db, clerk, c.id, D(2025, 5, 3))
    march = next(b for b in view.bills if b.bill_no == original.bill_no)
    assert (march.paid_fen, march.credited_fen, march.outstanding_fen) == (949, 2000, 2431)
    assert (view.arrears_fen, view.prepaid_fen) == (2431 + 4304, 0)
