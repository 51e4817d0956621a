"""The bill view (账单查询): every bill of a customer with what was paid, what is owed, the late
fee to a day, the line-by-line explanation and the usage of the last 24 months.

The figures come from the customer's ledger (:mod:`app.domain.ledger`, read by
:mod:`app.services.ledger`); this module only shapes them into DTOs.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import BillType
from app.domain.errors import NotFound
from app.domain.late_fees import LateFeeRules
from app.domain.ledger import LedgerBill, late_fee_owed
from app.domain.messages import message_from_data
from app.domain.money import format_yuan
from app.dto.billing import BillLineRow, BillRow, BillView
from app.dto.common import Actor
from app.services.ledger import late_fee_rules, load_ledger
from app.services.permissions import require
from db.engine import Database
from db.models import Bill, Customer, MeterReading, TariffVersion

__all__ = [
    "STATUS_OVERDUE",
    "STATUS_PARTIAL",
    "STATUS_SETTLED",
    "STATUS_UNPAID",
    "bill_row",
    "bill_view",
    "line_rows",
]

STATUS_SETTLED, STATUS_UNPAID, STATUS_PARTIAL, STATUS_OVERDUE = "已结清", "未缴", "部分缴费", "逾期"


def line_rows(doc: dict[str, Any]) -> tuple[BillLineRow, ...]:
    """The stored lines (app.domain.tariffs.pricing.LINE_FIELDS order) as DTOs; label and explanation are
    Messages again from format 2 on (format 1 stored the Chinese text, which stays as it is)."""
    return tuple(
        BillLineRow(
            code=code,
            label=message_from_data(label),
            quantity=qty,
            unit=unit,
            price=price,
            amount_fen=int(fen),
            explanation=message_from_data(text),
        )
        for code, label, qty, unit, price, fen, text in doc.get("lines", ())
    )


@dataclass(frozen=True)
class _Facts:
    """What a regular bill was priced from, for its explanation header (note)."""

    readings: dict[uuid.UUID, tuple[dt.date, int, int, int, int]]  # id -> date, previous, current, ×, kWh
    versions: dict[uuid.UUID, tuple[str, str, dt.date]]  # id -> code, name, effective_from


def _load_facts(session: Session, bills: Sequence[Bill]) -> _Facts:
    reading_ids = [b.reading_id for b in bills if b.reading_id is not None]
    version_ids = list({b.tariff_version_id for b in bills if b.tariff_version_id is not None})
    readings: dict[uuid.UUID, tuple[dt.date, int, int, int, int]] = {}
    versions: dict[uuid.UUID, tuple[str, str, dt.date]] = {}
    if reading_ids:
        for rid, day, prev, cur, mult, kwh in session.execute(
            select(
                MeterReading.id,
                MeterReading.reading_date,
                MeterReading.previous,
                MeterReading.current,
                MeterReading.multiplier,
                MeterReading.kwh,
            ).where(MeterReading.id.in_(reading_ids))
        ):
            readings[rid] = (day, int(prev), int(cur), int(mult), int(kwh))
    if version_ids:
        for vid, code, name, start in session.execute(
            select(
                TariffVersion.id, TariffVersion.code, TariffVersion.name, TariffVersion.effective_from
            ).where(TariffVersion.id.in_(version_ids))
        ):
            versions[vid] = (code, name, start)
    return _Facts(readings, versions)


def _regular_note(bill: Bill, doc: dict[str, Any], facts: _Facts) -> str:
    parts = []
    version = facts.versions.get(bill.tariff_version_id) if bill.tariff_version_id else None
    if version:
        parts.append(f"执行电价：{version[1]}（{version[0]}，{version[2].isoformat()} 起执行的版本）")
    reading = facts.readings.get(bill.reading_id) if bill.reading_id else None
    if reading:
        day, prev, cur, mult, kwh = reading
        times = f" × 倍率 {mult}" if mult != 1 else ""
        parts.append(f"抄表 {day.isoformat()}：示数 {prev} → {cur}{times}，电量 {kwh} kWh")
    for part in doc.get("parts", ()):
        # issue 6 item 21: a price change inside the reading period, each part by its version
        parts.append(
            f"{part['from']}至{part['to']} {part['days']} 天 {part['kwh']} kWh 按 {part['version_from']} "
            f"起执行的价格计 {format_yuan(int(part['total_fen']))}（计入 {part['year']} 年阶梯）"
        )
    ytd = doc.get("ytd_before_kwh")
    if ytd and Decimal(ytd) > 0:
        parts.append(f"本年此前累计用电 {ytd} kWh")
    if doc.get("low_income"):
        parts.append("低保/五保户")
    if doc.get("capacity_kva"):
        parts.append(f"合同容量 {doc['capacity_kva']} kVA")
    return "；".join(parts)


def _status(entry: LedgerBill, fee: int, on_date: dt.date, grace_days: int) -> str:
    outstanding = entry.outstanding_fen
    if outstanding <= 0 and fee <= 0:
        return STATUS_SETTLED
    if on_date > entry.due_date + dt.timedelta(days=grace_days):
        return STATUS_OVERDUE
    if entry.paid_fen > 0:
        return STATUS_PARTIAL
    return STATUS_UNPAID


def bill_row(
    bill: Bill,
    entry: LedgerBill,
    kind: str,
    on_date: dt.date,
    rules: LateFeeRules,
    bill_nos: dict[uuid.UUID, str],
    facts: _Facts | None = None,
) -> BillRow:
    doc = json.loads(bill.lines) if bill.lines else {}
    fee = late_fee_owed(entry, kind, on_date, rules)
    note = bill.note
    if bill.bill_type == BillType.REGULAR and not note and facts is not None:
        note = _regular_note(bill, doc, facts)
    return BillRow(
        id=bill.id,
        bill_no=bill.bill_no,
        period=bill.period,
        bill_type=bill.bill_type,
        kwh=int(bill.kwh),
        amount_fen=int(bill.amount_fen),
        due_date=bill.due_date,
        issued_at=bill.issued_at,
        paid_fen=entry.paid_fen,
        outstanding_fen=entry.outstanding_fen,
        late_fee_fen=fee,
        credited_fen=entry.credited_fen,
        status=_status(entry, fee, on_date, rules.grace_days),
        tariff_code=bill.tariff_code,
        lines=line_rows(doc),
        note=note,
        adjusts_bill_no=bill_nos.get(bill.adjusts_bill_id, "") if bill.adjusts_bill_id else "",
    )


def _usage(bills: Sequence[Bill], months: int = 24) -> tuple[tuple[str, int], ...]:
    """(period, kWh) of the last ``months`` months up to the newest regular bill, oldest first;
    a month without a bill shows 0 (no months before the first bill). Adjustment bills (退补)
    add their kWh, either sign, to the month of the bill they correct (issue 6 item 19)."""
    kwh: dict[str, int] = {}
    period_of = {b.id: b.period for b in bills if b.bill_type == BillType.REGULAR}
    for b in bills:
        if b.bill_type == BillType.REGULAR:
            kwh[b.period] = kwh.get(b.period, 0) + int(b.kwh)
    for b in bills:
        corrected = period_of.get(b.adjusts_bill_id) if b.adjusts_bill_id is not None else None
        if b.bill_type == BillType.ADJUSTMENT and corrected is not None:
            kwh[corrected] = max(0, kwh.get(corrected, 0) + int(b.kwh))
    if not kwh:
        return ()
    first, last = min(kwh), max(kwh)
    year, month = int(last[:4]), int(last[5:7])
    out = []
    for _ in range(months):
        period = f"{year:04d}-{month:02d}"
        if period < first:
            break
        out.append((period, kwh.get(period, 0)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(out))


def bill_view(db: Database, actor: Actor, customer_id: uuid.UUID, on_date: dt.date | None = None) -> BillView:
    """Every bill of the customer (newest first) with paid / outstanding / late fee to
    ``on_date`` (default today), the line-by-line explanation, the balance and 24 months of
    usage. Five small queries."""
    require(actor, "bill.view")
    on_date = on_date or dt.date.today()
    with db.read() as session:
        customer = session.execute(
            select(Customer.id, Customer.account_no, Customer.name, Customer.kind).where(
                Customer.id == customer_id
            )
        ).first()
        if customer is None:
            raise NotFound("客户不存在")
        rules = late_fee_rules(session, customer_id)
        bills = list(session.scalars(select(Bill).where(Bill.customer_id == customer_id)))
        ledger = load_ledger(session, customer_id, customer.kind, bills)
        facts = _load_facts(session, bills)
    entries = {b.id: b for b in ledger.bills}
    bill_nos = {b.id: b.bill_no for b in bills}
    bills.sort(key=lambda b: (b.period, b.issued_at, b.bill_no), reverse=True)
    rows = tuple(
        bill_row(b, entries[b.id], ledger.customer_kind, on_date, rules, bill_nos, facts) for b in bills
    )
    return BillView(
        customer_id=customer.id,
        account_no=customer.account_no,
        name=customer.name,
        on_date=on_date,
        arrears_fen=sum(r.outstanding_fen for r in rows),
        late_fee_fen=sum(r.late_fee_fen for r in rows),
        prepaid_fen=ledger.prepaid_fen,
        bills=rows,
        usage=_usage(bills),
    )
