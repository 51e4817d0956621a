"""Every printed document (``main.py print-samples DIR``), and hand-made DTOs for unit tests.

:func:`render_samples` runs the real services on a scratch SQLite database — set up a hall,
register customers, import readings and bill them with the tariff engine, open a cashier
session, take payments (one with two tenders, one settling months of overdue bills with late
fees), reverse one, close the session with a drawer count, refund a *different* payment in the
next session, reprint, accept a 过户 (业务受理回执 and 用电申请表) — and prints each document from what the services return. A sample can
only show what the product prints, and the samples agree with each other (receipt numbers,
amounts on the receipts and the day-end report). Needs no set-up PC: the database is temporary.

:func:`sample_receipt`, :func:`sample_day_end` and :func:`sample_bill_view` build DTOs in
memory for the printing unit tests, the printing benchmark and the printer test print; their
figures follow the same rules as the services' (``applied_fen`` = principal + late fee).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.allocation import TENDER_KINDS
from app.domain.cashier import DENOMINATIONS
from app.domain.codes import (
    Area,
    BillType,
    CustomerKind,
    DocType,
    IdType,
    PartyType,
    PaymentKind,
    Role,
    SessionStatus,
    TenderKind,
)
from app.domain.money import chinese_capital, format_yuan
from app.dto.billing import BillLineRow, BillRow, BillView
from app.dto.cashier import DayEndReport, SessionRow, SessionSummary
from app.dto.payments import AllocationRow, PaymentRow, Receipt, TenderRow

if TYPE_CHECKING:
    from app.config import Settings
    from app.dto.common import Actor
    from app.dto.customers import CustomerView
    from app.dto.payments import TenderInput
    from app.services.customers import SupervisorApproval
    from db.engine import Database

__all__ = ["COMPANY", "SAMPLE_NAMES", "render_samples", "sample_bill_view", "sample_day_end", "sample_receipt",
           "printer_test_receipt"]

COMPANY = "国网杭州供电公司"
HALL = "城东供电营业厅"
NODE = "3301"
CUSTOMER_ID = uuid.UUID("0192f7a0-0000-7000-8000-000000000001")
ACCOUNT = "33010012345"
NAME = "陈建国"
ADDRESS = "浙江省杭州市上城区望江街道清泰街128号望江花园3幢2单元502室"


def _uuid(n: int) -> uuid.UUID:
    return uuid.UUID(int=(0x0192F7A0_0000_7000_8000 << 48) + n)


def _bill_no(seq: int) -> str:
    return f"{NODE}B{seq:08d}"


def sample_receipt(kind: str = PaymentKind.PAYMENT, allocations: int = 2, receipt_seq: int = 42) -> Receipt:
    """A counter payment of ¥128.50 in cash (two bills, one with a late fee 0.95), or with
    ``allocations`` > 2 a customer settling many months at once; ``kind`` "reversal" /
    "refund" gives the receipt that undoes it."""
    allocs: list[AllocationRow] = []
    if allocations <= 2:
        allocs = [
            AllocationRow(_uuid(1187), _bill_no(1187), "2026-09", 95, 6340, True),
            AllocationRow(_uuid(1234), _bill_no(1234), "2026-10", 0, 6415, True),
        ][:allocations]
    else:
        for i in range(allocations):  # the oldest first, the newest 2026-10
            year, month = divmod(2026 * 12 + 9 - (allocations - 1) + i, 12)
            allocs.append(AllocationRow(_uuid(900 + i), _bill_no(900 + 37 * i), f"{year}-{month + 1:02d}",
                                        120 + 13 * (allocations - i), 5630 + (i * 977) % 4100,
                                        i < allocations - 1))
    late = sum(a.late_fee_fen for a in allocs)
    applied = sum(a.principal_fen for a in allocs) + late  # to bills: principal + late fee, as stored
    amount = applied
    before = amount + (3050 if allocations > 2 else 0)  # the newest bill is paid in part
    tendered = -(-amount // 10000) * 10000 if amount > 10000 else 10000
    # A cash tender is the cash handed over (as the services store it); the change goes back.
    tenders: tuple[TenderRow, ...] = (TenderRow(TenderKind.CASH, TENDER_KINDS[TenderKind.CASH], tendered, ""),)
    if allocations > 2:
        tenders = (TenderRow(TenderKind.CARD, TENDER_KINDS[TenderKind.CARD], amount - 20000, "6222021202031234567"),
                   TenderRow(TenderKind.QR, TENDER_KINDS[TenderKind.QR], 20000, "微信 4200002071202611231234567890"))
        tendered = 0
    receipt = Receipt(
        payment_id=_uuid(10_000 + receipt_seq), receipt_no=f"{NODE}R{receipt_seq:08d}", kind=PaymentKind.PAYMENT,
        customer_id=CUSTOMER_ID, account_no=ACCOUNT, customer_name=NAME, address=ADDRESS,
        amount_fen=amount, amount_capital=chinese_capital(amount), tendered_fen=tendered,
        change_fen=tendered - amount if tendered else 0, applied_fen=applied, late_fee_fen=late, prepaid_fen=0,
        balance_before_fen=before, balance_after_fen=before - amount, tenders=tenders, allocations=tuple(allocs),
        hall_name=HALL, node_code=NODE, clerk_name="王丽", clerk_no="330107", session_no=f"{NODE}S000017",
        posted_at=dt.datetime(2026, 11, 23, 10, 42, 15), lookup_code=f"GC|{NODE}R{receipt_seq:08d}|{amount}",
    )
    if kind == PaymentKind.PAYMENT:
        return receipt
    undo_seq = receipt_seq + 3
    return Receipt(
        payment_id=_uuid(10_000 + undo_seq), receipt_no=f"{NODE}R{undo_seq:08d}", kind=kind,
        customer_id=CUSTOMER_ID, account_no=ACCOUNT, customer_name=NAME, address=ADDRESS,
        amount_fen=-amount, amount_capital=chinese_capital(-amount), tendered_fen=-amount, change_fen=0,
        applied_fen=-applied, late_fee_fen=-late, prepaid_fen=0, balance_before_fen=0,
        balance_after_fen=amount,
        # what goes back: each tender net of the change (the services' _net_by_kind)
        tenders=tuple(TenderRow(t.kind, t.label,
                                -(t.amount_fen - (receipt.change_fen if t.kind == TenderKind.CASH else 0)),
                                t.reference) for t in tenders),
        allocations=tuple(AllocationRow(a.bill_id, a.bill_no, a.period, -a.late_fee_fen, -a.principal_fen, False)
                          for a in allocs),
        hall_name=HALL, node_code=NODE, clerk_name="王丽", clerk_no="330107",
        session_no=f"{NODE}S000017" if kind == PaymentKind.REVERSAL else f"{NODE}S000019",
        posted_at=(dt.datetime(2026, 11, 23, 10, 51, 3) if kind == PaymentKind.REVERSAL
                   else dt.datetime(2026, 11, 25, 9, 5, 40)),
        reverses_receipt_no=receipt.receipt_no,
        reason=("收错户：客户报错户号，应缴户号 33010012354" if kind == PaymentKind.REVERSAL
                else "客户要求：重复缴费，退回现金"),
        approved_by="李强", lookup_code=f"GC|{NODE}R{undo_seq:08d}|{-amount}",
    )


def printer_test_receipt(hall_name: str, node_code: str, clerk_name: str, clerk_no: str = "",
                       now: dt.datetime | None = None) -> Receipt:
    """The printer settings' test receipt: the layout of a real payment, printed with this hall,
    its node code and the logged-in clerk; the customer and the number say it is a test page."""
    base = sample_receipt()
    number = f"{node_code}-TEST"
    return dataclasses.replace(
        base, receipt_no=number, hall_name=hall_name, node_code=node_code, clerk_name=clerk_name,
        clerk_no=clerk_no, session_no="—", customer_name="打印测试", account_no="—",
        address="本页为打印机测试，不是缴费凭证", posted_at=now or dt.datetime.now().replace(microsecond=0),
        lookup_code=f"GC|{number}|{base.amount_fen}")


def sample_day_end() -> DayEndReport:
    """A clerk's day: ~40 receipts (cash, card, QR, transfer), one reversal, a drawer 短款 ¥0.50."""
    rng = random.Random(20261123)
    session = f"{NODE}S000017"
    opened = dt.datetime(2026, 11, 23, 8, 25, 4)
    t = opened + dt.timedelta(minutes=10)
    rows: list[PaymentRow] = []
    by_tender = dict.fromkeys(TENDER_KINDS, 0)
    for seq in range(31, 71):
        t += dt.timedelta(minutes=rng.randint(3, 16), seconds=rng.randint(0, 59))
        amount = rng.choice([3850, 6415, 8920, 12850, 15630, 20000, 23710, 30000, 45260, 100000])
        kind = rng.choices(list(TENDER_KINDS), weights=[50, 20, 25, 5])[0]
        by_tender[kind] += amount
        rows.append(PaymentRow(_uuid(20_000 + seq), f"{NODE}R{seq:08d}", PaymentKind.PAYMENT, amount, t, "王丽",
                               f"{TENDER_KINDS[kind]} {format_yuan(amount, False)}", False, session))
    # receipt 42 was reversed by 45 (收错户)
    i42 = next(i for i, r in enumerate(rows) if r.receipt_no.endswith("42"))
    r42 = rows[i42]
    rows[i42] = PaymentRow(r42.payment_id, r42.receipt_no, PaymentKind.PAYMENT, 12850, r42.posted_at, "王丽",
                           "现金 128.50", True, session)
    kind42 = next(k for k, v in TENDER_KINDS.items() if r42.tenders.startswith(v))
    by_tender[kind42] -= r42.amount_fen
    by_tender[TenderKind.CASH] += 12850
    i45 = next(i for i, r in enumerate(rows) if r.receipt_no.endswith("45"))
    r45 = rows[i45]
    kind45 = next(k for k, v in TENDER_KINDS.items() if r45.tenders.startswith(v))
    by_tender[kind45] -= r45.amount_fen
    by_tender[TenderKind.CASH] -= 12850
    rows[i45] = PaymentRow(r45.payment_id, r45.receipt_no, PaymentKind.REVERSAL, -12850, r45.posted_at, "王丽",
                           "现金 -128.50", False, session)
    float_fen = 50000
    expected = float_fen + by_tender[TenderKind.CASH]
    counted_target = expected - 50
    counts: dict[str, int] = {}
    rest = counted_target
    for code, d in DENOMINATIONS.items():
        if code == "coin_1":
            n = min(rest // d.fen, 7)
        elif code == "note_1":
            n = min(rest // d.fen, 6)
        else:
            n = rest // d.fen
        counts[code] = n
        rest -= n * d.fen
    counted = sum(n * DENOMINATIONS[c].fen for c, n in counts.items())
    closed = t + dt.timedelta(minutes=25)
    row = SessionRow(
        id=_uuid(17), session_no=session, username="wangli", clerk_name="王丽", opened_at=opened,
        float_fen=float_fen, status=SessionStatus.CLOSED, closed_at=closed, counted_cash_fen=counted,
        expected_cash_fen=expected, over_short_fen=counted - expected, approved_by=None, version=3,
    )
    summary = SessionSummary(
        session=row, by_tender=by_tender, payments=sum(r.kind == PaymentKind.PAYMENT for r in rows), reversals=1,
        refunds=0, total_fen=sum(r.amount_fen for r in rows), expected_cash_fen=expected, unprinted_receipts=(),
    )
    return DayEndReport(
        summary=summary, counts=counts, counted_cash_fen=counted, over_short_fen=counted - expected,
        receipts=tuple(rows), hall_name=HALL, node_code=NODE, printed_at=closed + dt.timedelta(minutes=1),
        extra={"company": COMPANY, "clerk_no": "330107", "status_label": "已结班",
               "note": "短款 0.50 元为找零误差，已说明", "head_cashier": "赵敏"},
    )


def _line(code: str, label: str, kwh: int, price: str, fen: int) -> BillLineRow:
    amount = format_yuan(fen, False)
    return BillLineRow(code, label, str(kwh), "kWh", price, fen, f"{label} {kwh} kWh × {price} = {amount}")


# Monthly kWh of a three-person flat in Hangzhou: air conditioning in summer, heating in winter.
_SEASON = {1: 265, 2: 240, 3: 175, 4: 150, 5: 160, 6: 215, 7: 395, 8: 430, 9: 300, 10: 190, 11: 165, 12: 215}


def sample_bill_view() -> BillView:
    """24 months of residential bills under Zhejiang's annual tiers; the newest (2026-10) is overdue
    and crosses from 第一档 into 第二档."""
    rng = random.Random(2026)
    on_date = dt.date(2026, 11, 23)
    bills: list[BillRow] = []
    usage: list[tuple[str, int]] = []
    seq = 200
    for i in range(24):
        year, month = divmod(2024 * 12 + 10 + i, 12)
        month += 1
        period = f"{year}-{month:02d}"
        kwh = _SEASON[month] + rng.randint(-25, 25)
        seq += 41
        issued = dt.datetime(year + (month == 12), month % 12 + 1, 5, 2, 0)
        due = issued.date() + dt.timedelta(days=15)
        lines: tuple[BillLineRow, ...]
        if period == "2026-10":
            kwh = 236
            lines = (_line("tier1", "第一档", 80, "0.5380", 4304), _line("tier2", "第二档", 156, "0.5880", 9173))
            status, paid, outstanding, late = "逾期", 0, 13477, 40
        else:
            fen = int((kwh * 538 + 5) // 10)
            lines = (_line("tier1", "第一档", kwh, "0.5380", fen),)
            status, paid, outstanding, late = "已结清", fen, 0, 0
        amount = sum(x.amount_fen for x in lines)
        bills.append(BillRow(
            id=_uuid(30_000 + i), bill_no=_bill_no(seq), period=period, bill_type=BillType.REGULAR, kwh=kwh,
            amount_fen=amount, due_date=due, issued_at=issued, paid_fen=paid, outstanding_fen=outstanding,
            late_fee_fen=late, status=status, tariff_code="ZJ-RES-TIER-2026", lines=lines,
        ))
        usage.append((period, kwh))
    bills.reverse()
    return BillView(
        customer_id=CUSTOMER_ID, account_no=ACCOUNT, name=NAME, on_date=on_date,
        arrears_fen=sum(b.outstanding_fen for b in bills), late_fee_fen=sum(b.late_fee_fen for b in bills),
        prepaid_fen=0, bills=tuple(bills), usage=tuple(usage),
    )


# ---- the samples, from the real services ------------------------------------------------------

#: The files :func:`render_samples` writes, and what each one is.
SAMPLE_NAMES: dict[str, str] = {
    "receipt_80mm.pdf": "收费凭证（80mm），两种收款方式，含违约金",
    "receipt_80mm_reprint.pdf": "同一凭证补打（第2次打印，80mm）",
    "receipt_80mm_reversal.pdf": "另一笔收费的冲正凭证（80mm）",
    "receipt_a5.pdf": "结清多月欠费（末月部分缴费）的收费凭证（A5）",
    "receipt_a5_reprint.pdf": "第一张凭证补打（第3次打印，A5）",
    "receipt_a5_refund.pdf": "又一笔收费（已结班）的退费凭证（A5）",
    "day_end.pdf": "上述收费所在班次的日结报表",
    "day_end_reprint.pdf": "日结报表补打（退费之后）",
    "bill_statement.pdf": "多月欠费客户的逾期账单明细（缴费前打印）",
    "application_receipt.pdf": "结清欠费后受理的过户申请的业务受理回执（一证受理，缺件承诺后补）",
    "application_form.pdf": "同一过户申请预填的用电申请表（待客户签字）",
    "report_collection.pdf": "当日营业厅收费汇总表（含冲正、退费，值班长打印）",
}

_SAMPLE_PASSWORD = "Sample2026"  # a scratch database that lives for one call


def _period_before(period: str, months: int) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _recent_periods(count: int, today: dt.date) -> list[str]:
    """``count`` billing periods ending last month, oldest first."""
    last = _period_before(f"{today.year:04d}-{today.month:02d}", 1)
    return [_period_before(last, count - 1 - i) for i in range(count)]


def _drawer_count(cash_fen: int) -> dict[str, int]:
    """The drawer as a clerk counts it: largest denominations first."""
    counts: dict[str, int] = {}
    rest = cash_fen
    for code, d in sorted(DENOMINATIONS.items(), key=lambda kv: -kv[1].fen):
        if d.fen <= rest:
            counts[code], rest = divmod(rest, d.fen)
    return counts


def render_samples(out_dir: Path) -> list[Path]:
    """Write every document type and paper variant as PDF into ``out_dir`` (the names of
    :data:`SAMPLE_NAMES`); returns the paths. See the module docstring."""
    import tempfile

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gridcounter-samples-") as scratch:
        docs = _run_the_counter(Path(scratch) / "samples.db")
    paths: list[Path] = []
    for name in SAMPLE_NAMES:
        path = out / name
        path.write_bytes(docs[name])
        paths.append(path)
    return paths


def _run_the_counter(db_file: Path) -> dict[str, bytes]:
    """A day at the counter of a scratch hall; returns the PDF of each sample by file name.

    The story is told in order (the receipt numbers, the log and the day-end report depend on it)."""
    from app.config import Settings
    from app.services.setup import open_database

    settings = Settings(db_url=f"sqlite:///{db_file}")
    db = open_database(settings)
    try:
        counter = _open_hall(db, settings)
        chen, li, zhou, wang = _register_customers(counter)
        _bill_recent_months(counter, chen, li, zhou, wang)
        return _the_day(counter, chen, li, zhou, wang)
    finally:
        db.dispose()


@dataclasses.dataclass
class _Counter:
    """The scratch hall: its services' handles, its people, and the documents printed so far."""

    db: Database
    settings: Settings
    company: str
    clerk: Actor
    supervisor: Actor
    approval: SupervisorApproval
    docs: dict[str, bytes] = dataclasses.field(default_factory=dict)

    def issue(self, receipt_id: uuid.UUID, paper: str, name: str = "") -> None:
        """Print a receipt as the counter does: log the copy, render what the log numbered."""
        from app.printing.receipt import render_receipt
        from app.services import payments

        stored = payments.get_receipt(self.db, self.clerk, receipt_id)
        info = payments.record_print(self.db, self.clerk, payments.DOC_RECEIPT, receipt_id, stored.receipt_no,
                                     "POS-80" if paper == "80mm" else "HP-LaserJet-A5", paper)
        pdf = render_receipt(stored, paper, reprint=info.reprint, copy_no=info.copy_no, company=self.company)
        if name:
            self.docs[name] = pdf

    def post(self, customer: CustomerView, tenders: tuple[TenderInput, ...], amount: int | None = None) -> uuid.UUID:
        from app.services import payments

        cmd = payments.PostPayment(uuid.uuid4(), customer.id, tenders, amount)
        return payments.post_payment(self.db, self.clerk, cmd).payment_id

    def due(self, customer: CustomerView) -> int:
        from app.services import bill_view

        return bill_view.bill_view(self.db, self.clerk, customer.id).due_fen


def _open_hall(db: Database, settings: Settings) -> _Counter:
    """Set up the hall (node 3301), its admin, a clerk (王丽) and a supervisor (李强)."""
    from app.services import auth, customers
    from app.services.setup import SetupInput, initialize

    node = initialize(db, SetupInput(NODE, HALL, COMPANY, "admin", "系统管理员", _SAMPLE_PASSWORD,
                                     _SAMPLE_PASSWORD))
    admin = auth.login(db, "admin", _SAMPLE_PASSWORD)
    for username, name, number, role in (("wangli", "王丽", "330107", Role.CLERK),
                                          ("liqiang", "李强", "330021", Role.SUPERVISOR)):
        auth.create_user(db, admin, auth.UserInput(username, name, number, role, _SAMPLE_PASSWORD))
    clerk = auth.login(db, "wangli", _SAMPLE_PASSWORD)
    supervisor = auth.login(db, "liqiang", _SAMPLE_PASSWORD)
    approval = customers.SupervisorApproval("liqiang", _SAMPLE_PASSWORD, "")
    return _Counter(db, settings, node.company, clerk, supervisor, approval)


def _register_customers(counter: _Counter) -> tuple[CustomerView, ...]:
    """陈建国, 李明华, 周晓燕 and 王秀英, residents of Hangzhou's 上城区."""
    from app.domain.ids import make_resident_id
    from app.services import customers

    def register(n: int, name: str, address: str, phone: str) -> CustomerView:
        data = customers.CustomerInput(
            party_type=PartyType.INDIVIDUAL, kind=CustomerKind.RESIDENTIAL, name=name, id_type=IdType.RIC,
            id_number=make_resident_id("330102", dt.date(1968, 3, 1) + dt.timedelta(days=911 * n),
                                       f"{100 + 2 * n + 1:03d}"),
            area=Area.URBAN, voltage_level="220V", capacity_kva="8", phone=phone, supply_address=address)
        return customers.register_customer(counter.db, counter.clerk,
                                           customers.RegisterCustomer(data, True))

    return (register(1, NAME, ADDRESS, "13857101234"),
            register(2, "李明华", "浙江省杭州市上城区望江街道近江家园5幢1单元301室", "13957102345"),
            register(3, "周晓燕", "浙江省杭州市上城区四季青街道钱江新城嘉里公寓2幢1802室", "13605713456"),
            register(4, "王秀英", "浙江省杭州市上城区南星街道复兴南苑11幢3单元602室", "13732104567"))


def _bill_recent_months(counter: _Counter, chen: CustomerView, li: CustomerView, zhou: CustomerView,
                        wang: CustomerView) -> None:
    """Readings on the 25th, billed three days later (due 15 days after), one run a month:
    陈建国 owes three months, 王秀英 eight; 李明华 and 周晓燕 only last month's bill."""
    from app.services import bill_run, readings

    today = dt.date.today()
    periods = _recent_periods(8, today)
    registers = {c.account_no: 3000 + 1700 * i for i, c in enumerate((chen, li, zhou, wang))}
    rng = random.Random(20261123)
    for i, period in enumerate(periods):
        read_on = dt.date(int(period[:4]), int(period[5:7]), 25)
        owing = [wang] + ([chen] if i >= len(periods) - 3 else []) + (
            [li, zhou] if i == len(periods) - 1 else [])
        rows = ["户号,抄表日期,上次示数,本次示数"]
        for c in owing:
            kwh = _SEASON[read_on.month] + rng.randint(-30, 30)
            rows.append(f"{c.account_no},{read_on.isoformat()},{registers[c.account_no]},"
                        f"{registers[c.account_no] + kwh}")
            registers[c.account_no] += kwh
        imported = readings.import_readings_csv(counter.db, counter.supervisor, ("\n".join(rows) + "\n").encode(),
                                               period, settings=counter.settings)
        if not imported.ok:
            raise RuntimeError(f"sample readings refused: {imported.errors}")
        run = bill_run.compute_bills(counter.db, counter.supervisor, period,
                                    issue_date=min(read_on + dt.timedelta(days=3), today))
        if run.errors or run.bills != len(owing):
            raise RuntimeError(f"sample bill run {period}: {run}")


def _the_day(counter: _Counter, chen: CustomerView, li: CustomerView, zhou: CustomerView,
             wang: CustomerView) -> dict[str, bytes]:
    """The first session (statement, four payments, a reversal, reprints, close), then a refund
    in the next session and a reprinted day-end report."""
    from app.dto.payments import TenderInput
    from app.services import cashier

    first = cashier.open_session(counter.db, counter.clerk, 50000)
    _statement_before_paying(counter, wang)

    # 陈建国 settles everything: ¥100 by WeChat QR, the rest in cash with change.
    owed = counter.due(chen)
    qr = 10000 if owed > 15000 else owed // 200 * 100
    cash = -(-(owed - qr) // 5000) * 5000
    chen_paid = counter.post(chen, (TenderInput(TenderKind.QR, qr, "微信 4200002071202611231234567890"),
                                    TenderInput(TenderKind.CASH, cash)))
    counter.issue(chen_paid, "80mm", "receipt_80mm.pdf")

    _pay_and_reverse(counter, li)

    # 周晓燕 pays her bill and ¥50 into prepaid.
    zhou_amount = counter.due(zhou) + 5000
    zhou_paid = counter.post(zhou, (TenderInput(TenderKind.CASH, -(-zhou_amount // 10000) * 10000),), zhou_amount)
    counter.issue(zhou_paid, "80mm")

    _pay_in_part_by_card(counter, wang)

    # 陈建国 lost his receipt: two more copies, each marked 补打.
    counter.issue(chen_paid, "80mm", "receipt_80mm_reprint.pdf")
    counter.issue(chen_paid, "A5", "receipt_a5_reprint.pdf")

    _close_session(counter, first)
    _refund_in_next_session(counter, zhou_paid)
    _reprint_day_end(counter, first)
    _accept_a_transfer(counter, chen)
    _print_the_day_summary(counter)
    return counter.docs


def _print_the_day_summary(counter: _Counter) -> None:
    """The supervisor prints the day's collection summary (docs/reports.md)."""
    from app.printing.reports import render_report
    from app.services import reports

    today = dt.date.today()
    summary = reports.collection_summary(counter.db, counter.supervisor, today, today)
    counter.docs["report_collection.pdf"] = render_report(reports.tabulate(summary))


def _statement_before_paying(counter: _Counter, wang: CustomerView) -> None:
    """王秀英 asks what she owes: the statement of her newest overdue bill, before she pays."""
    from app.printing.bill_statement import render_bill_statement
    from app.services import bill_view, payments

    view = bill_view.bill_view(counter.db, counter.clerk, wang.id)
    overdue = next(b for b in view.bills if b.status == bill_view.STATUS_OVERDUE)
    copy = payments.record_print(counter.db, counter.clerk, payments.DOC_BILL_STATEMENT, overdue.id, overdue.bill_no)
    from app.services.insights import insights_of_customer

    found = insights_of_customer(counter.db, counter.clerk, wang.id, view.on_date, through=overdue.period)
    counter.docs["bill_statement.pdf"] = render_bill_statement(
        view, overdue.id, company=counter.company, address=wang.supply_address, reprint=copy.reprint,
        copy_no=copy.copy_no, insights=found)


def _pay_and_reverse(counter: _Counter, li: CustomerView) -> None:
    """李明华 pays last month's bill; the number was keyed for the wrong account: 冲正."""
    from app.dto.payments import TenderInput
    from app.services import payments

    li_paid = counter.post(li, (TenderInput(TenderKind.CASH, -(-counter.due(li) // 1000) * 1000),))
    counter.issue(li_paid, "80mm")
    reversal = payments.reverse_payment(counter.db, counter.clerk, payments.ReversePayment(
        uuid.uuid4(), li_paid, "wrong_customer", "客户报错户号，应缴户号为邻户", counter.approval))
    counter.issue(reversal.payment_id, "80mm", "receipt_80mm_reversal.pdf")


def _pay_in_part_by_card(counter: _Counter, wang: CustomerView) -> None:
    """王秀英 pays a round sum by bank card: her older bills are settled, the newest in part."""
    from app.dto.payments import TenderInput

    wang_due = counter.due(wang)
    wang_amount = wang_due // 10000 * 10000
    if wang_amount == wang_due:
        wang_amount -= 5000
    wang_paid = counter.post(wang, (TenderInput(TenderKind.CARD, wang_amount, "6222021202031234567"),), wang_amount)
    counter.issue(wang_paid, "A5", "receipt_a5.pdf")


def _close_session(counter: _Counter, first: SessionRow) -> None:
    """结班: the drawer is counted, the day-end report printed and signed."""
    from app.printing.day_end import render_day_end
    from app.services import cashier, payments

    db, clerk = counter.db, counter.clerk
    summary = cashier.session_summary(db, clerk, first.id)
    report = cashier.close_session(db, clerk, cashier.CloseSession(
        first.id, summary.session.version, _drawer_count(summary.expected_cash_fen)))
    copy = payments.record_print(db, clerk, payments.DOC_DAY_END, first.id, first.session_no)
    counter.docs["day_end.pdf"] = render_day_end(report, reprint=copy.reprint, copy_no=copy.copy_no)


def _refund_in_next_session(counter: _Counter, zhou_paid: uuid.UUID) -> None:
    """Next session: 周晓燕 had paid online as well; her counter payment is refunded (退费)."""
    from app.services import cashier, payments

    cashier.open_session(counter.db, counter.clerk, 50000)
    refund = payments.refund_payment(counter.db, counter.clerk, payments.RefundPayment(
        uuid.uuid4(), zhou_paid, "duplicate", "客户已通过网上国网缴纳，柜台收费退回", counter.approval))
    counter.issue(refund.payment_id, "A5", "receipt_a5_refund.pdf")


def _reprint_day_end(counter: _Counter, first: SessionRow) -> None:
    """The head cashier asks for the day-end report again."""
    from app.printing.day_end import render_day_end
    from app.services import cashier, payments

    again = cashier.day_end_report(counter.db, counter.clerk, first.id)
    copy = payments.record_print(counter.db, counter.clerk, payments.DOC_DAY_END, first.id, first.session_no)
    counter.docs["day_end_reprint.pdf"] = render_day_end(again, reprint=copy.reprint, copy_no=copy.copy_no)


def _accept_a_transfer(counter: _Counter, chen: CustomerView) -> None:
    """陈建国, his arrears settled, hands the account to his daughter (过户): his and her ID cards
    are received, the property certificate is promised under 一证受理; the counter prints the
    业务受理回执 and the 用电申请表 from the stored application."""
    from app.domain.ids import make_resident_id
    from app.services import application_prints, applications

    cmd = applications.AcceptApplication(
        "transfer", chen.id,
        values={"new_holder_name": "陈静", "new_holder_id_type": IdType.RIC,
                "new_holder_id_number": make_resident_id("330102", dt.date(1994, 5, 17), "204"),
                "new_holder_phone": "13805719876"},
        documents=("id_person_or_org", "new_holder_id"), commitment_signed=True,
        remark="父女间过户，房产证原件办理中")
    accepted = applications.accept_application(counter.db, counter.clerk, cmd)
    for doc_type, name in ((DocType.APPLICATION_RECEIPT, "application_receipt.pdf"),
                           (DocType.APPLICATION_FORM, "application_form.pdf")):
        doc = application_prints.render_document(counter.db, counter.clerk, accepted.id, doc_type, NODE)
        counter.docs[name] = doc.pdf
