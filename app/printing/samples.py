"""Every printed document with realistic demo data (``main.py print-samples DIR``).

The DTOs are built in memory — no database — so a hall can check its templates, fonts and
printers on a PC that is not set up yet. The builders are also what the printing tests and
the printing benchmark use.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

from app.domain.allocation import TENDER_KINDS
from app.domain.cashier import DENOMINATIONS
from app.domain.money import chinese_capital, format_yuan
from app.dto_money import (
    AllocationRow,
    BillLineRow,
    BillRow,
    BillView,
    DayEndReport,
    PaymentRow,
    Receipt,
    SessionRow,
    SessionSummary,
    TenderRow,
)

__all__ = ["COMPANY", "render_samples", "sample_bill_view", "sample_day_end", "sample_receipt"]

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


def sample_receipt(kind: str = "payment", allocations: int = 2, receipt_seq: int = 42) -> Receipt:
    """A counter payment of ¥128.50 in cash (two bills, one with a late fee), or with
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
    applied = sum(a.principal_fen for a in allocs)
    late = sum(a.late_fee_fen for a in allocs)
    amount = applied + late
    before = amount + (3050 if allocations > 2 else 0)  # the newest bill is paid in part
    tendered = -(-amount // 10000) * 10000 if amount > 10000 else 10000
    tenders: tuple[TenderRow, ...] = (TenderRow("cash", TENDER_KINDS["cash"], amount, ""),)
    if allocations > 2:
        tenders = (TenderRow("card", TENDER_KINDS["card"], amount - 20000, "6222021202031234567"),
                   TenderRow("qr", TENDER_KINDS["qr"], 20000, "微信 4200002071202611231234567890"))
        tendered = 0
    receipt = Receipt(
        payment_id=_uuid(10_000 + receipt_seq), receipt_no=f"{NODE}R{receipt_seq:08d}", kind="payment",
        customer_id=CUSTOMER_ID, account_no=ACCOUNT, customer_name=NAME, address=ADDRESS,
        amount_fen=amount, amount_capital=chinese_capital(amount), tendered_fen=tendered,
        change_fen=tendered - amount if tendered else 0, applied_fen=applied, late_fee_fen=late, prepaid_fen=0,
        balance_before_fen=before, balance_after_fen=before - amount, tenders=tenders, allocations=tuple(allocs),
        hall_name=HALL, node_code=NODE, clerk_name="王丽", clerk_no="330107", session_no=f"{NODE}S000017",
        posted_at=dt.datetime(2026, 11, 23, 10, 42, 15), lookup_code=f"GC|{NODE}R{receipt_seq:08d}|{amount}",
    )
    if kind == "payment":
        return receipt
    undo_seq = receipt_seq + 3
    return Receipt(
        payment_id=_uuid(10_000 + undo_seq), receipt_no=f"{NODE}R{undo_seq:08d}", kind=kind,
        customer_id=CUSTOMER_ID, account_no=ACCOUNT, customer_name=NAME, address=ADDRESS,
        amount_fen=-amount, amount_capital=chinese_capital(-amount), tendered_fen=-amount, change_fen=0,
        applied_fen=-applied, late_fee_fen=-late, prepaid_fen=0, balance_before_fen=0,
        balance_after_fen=amount,
        tenders=tuple(TenderRow(t.kind, t.label, -t.amount_fen, t.reference) for t in tenders),
        allocations=tuple(AllocationRow(a.bill_id, a.bill_no, a.period, -a.late_fee_fen, -a.principal_fen, False)
                          for a in allocs),
        hall_name=HALL, node_code=NODE, clerk_name="王丽", clerk_no="330107",
        session_no=f"{NODE}S000017" if kind == "reversal" else f"{NODE}S000019",
        posted_at=dt.datetime(2026, 11, 23, 10, 51, 3) if kind == "reversal" else dt.datetime(2026, 11, 25, 9, 5, 40),
        reverses_receipt_no=receipt.receipt_no,
        reason="收错户：客户报错户号，应缴户号 33010012354" if kind == "reversal" else "客户要求：重复缴费，退回现金",
        approved_by="李强", lookup_code=f"GC|{NODE}R{undo_seq:08d}|{-amount}",
    )


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
        rows.append(PaymentRow(_uuid(20_000 + seq), f"{NODE}R{seq:08d}", "payment", amount, t, "王丽",
                               f"{TENDER_KINDS[kind]} {format_yuan(amount, False)}", False, session))
    # receipt 42 was reversed by 45 (收错户)
    i42 = next(i for i, r in enumerate(rows) if r.receipt_no.endswith("42"))
    r42 = rows[i42]
    rows[i42] = PaymentRow(r42.payment_id, r42.receipt_no, "payment", 12850, r42.posted_at, "王丽",
                           "现金 128.50", True, session)
    kind42 = next(k for k, v in TENDER_KINDS.items() if r42.tenders.startswith(v))
    by_tender[kind42] -= r42.amount_fen
    by_tender["cash"] += 12850
    i45 = next(i for i, r in enumerate(rows) if r.receipt_no.endswith("45"))
    r45 = rows[i45]
    kind45 = next(k for k, v in TENDER_KINDS.items() if r45.tenders.startswith(v))
    by_tender[kind45] -= r45.amount_fen
    by_tender["cash"] -= 12850
    rows[i45] = PaymentRow(r45.payment_id, r45.receipt_no, "reversal", -12850, r45.posted_at, "王丽",
                           "现金 -128.50", False, session)
    float_fen = 50000
    expected = float_fen + by_tender["cash"]
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
        float_fen=float_fen, status="closed", closed_at=closed, counted_cash_fen=counted,
        expected_cash_fen=expected, over_short_fen=counted - expected, approved_by=None, version=3,
    )
    summary = SessionSummary(
        session=row, by_tender=by_tender, payments=sum(r.kind == "payment" for r in rows), reversals=1,
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
            id=_uuid(30_000 + i), bill_no=_bill_no(seq), period=period, bill_type="regular", kwh=kwh,
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


def render_samples(out_dir: Path) -> list[Path]:
    """Write every document type and paper variant as PDF into ``out_dir``; returns the paths."""
    from app.printing.bill_statement import render_bill_statement
    from app.printing.day_end import render_day_end
    from app.printing.receipt import render_receipt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    payment = sample_receipt()
    view = sample_bill_view()
    docs: list[tuple[str, bytes]] = [
        ("receipt_80mm.pdf", render_receipt(payment, "80mm", company=COMPANY)),
        ("receipt_80mm_reprint.pdf", render_receipt(payment, "80mm", reprint=True, copy_no=2, company=COMPANY)),
        ("receipt_80mm_reversal.pdf", render_receipt(sample_receipt("reversal"), "80mm", company=COMPANY)),
        ("receipt_a5.pdf", render_receipt(sample_receipt(allocations=4, receipt_seq=57), "A5", company=COMPANY)),
        ("receipt_a5_reprint.pdf", render_receipt(payment, "A5", reprint=True, copy_no=3, company=COMPANY)),
        ("receipt_a5_refund.pdf", render_receipt(sample_receipt("refund"), "A5", company=COMPANY)),
        ("day_end.pdf", render_day_end(sample_day_end())),
        ("day_end_reprint.pdf", render_day_end(sample_day_end(), reprint=True, copy_no=2)),
        ("bill_statement.pdf", render_bill_statement(view, view.bills[0].id, company=COMPANY)),
    ]
    paths: list[Path] = []
    for name, pdf in docs:
        path = out / name
        path.write_bytes(pdf)
        paths.append(path)
    return paths
