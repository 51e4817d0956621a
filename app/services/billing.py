"""Meter readings, bill computation, adjustment bills and the bill view (抄表、核算、退补、账单查询).

See docs/money-path.md (the contract). The ledger functions :func:`open_bills` and
:func:`balance` are the one place where "what does this customer owe today" is computed; the
payments service allocates against them, the bill view shows them.

Late fees after partial payments. The contract's rule is
``late_fee_for(outstanding, due_date, on_date, …)`` per bill. Taken literally, a partial payment
that pays the fee accrued so far plus some principal would be charged again, on the remaining
principal, for the days it already paid for. So the fee is accrued in *stretches*: between two
postings on a bill the principal is constant, and each stretch adds the exact (unrounded)
``late_fee_for(principal, due, end) − late_fee_for(principal, due, start)`` (the same rates, the
same year boundary, the same grace days). The bill's fee is the exact sum rounded to the fen
once (issue 6 item 17), whatever the partial payments; only a posting that settled the whole
fee owed on its day closes what was charged so far (it was collected, rounded, on that day) and
the fee after it is rounded on its own. What is owed is that total minus the late fee already
paid on the bill. The minimum charge (when configured) applies to the bill's total fee, once:
a fee already paid that reached the minimum is not topped up again after a partial payment.

Credit adjustments (退补 with a negative amount, issue 6 item 19) reduce what is due on the
bill they correct (``LedgerBill.credited_fen``), as far as that bill is still unpaid: they are
not money paid by the customer and post no offset. Only a credit larger than what is still
owed on its bill becomes prepaid (an ``offset`` payment moves it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app import oplog
from app.billing_bulk import fast_insert, new_ids
from app.config import Settings
from app.domain.allocation import OpenBill, allocate
from app.domain.errors import NotFound, RuleViolation, ValidationError, ValidationErrors
from app.domain.late_fees import LateFeeRules, late_fee_for, round_fee
from app.domain.messages import Message, message_from_data, message_to_data, term
from app.domain.money import format_yuan
from app.domain.tariffs.terms import PERIODS
from app.domain.text import clean_text
from app.dto import Actor
from app.dto_money import BillLineRow, BillRow, BillRunReport, BillView, ImportReport, RowError
from app.errors import OverrideRequired
from app.numbers import next_number
from app.services import audit, auth, hall_rules
from app.services.csv_files import CsvFile, CsvLimits, CsvSource, ImportTooLarge, Record, open_csv
from app.services.customers import SupervisorApproval
from app.services.permissions import require
from db.engine import Database
from db.keys import uuid7
from db.models import Bill, Customer, MeterReading, Payment, PaymentAllocation, TariffVersion, utcnow


@dataclass(frozen=True)
class IssueAdjustment:
    """退补: a new bill of ``amount_fen`` (negative refunds) correcting ``bill_id``."""

    bill_id: uuid.UUID
    amount_fen: int
    kwh: int
    reason: str
    #: client-generated id of this request (becomes the new bill's id): a retry after a lost
    #: reply, or a double Enter, returns the bill already issued instead of a second one.
    request_id: uuid.UUID | None = None
    #: a second person's approval, needed at or above the hall rule adjustment_approval_fen
    approval: SupervisorApproval | None = None


# ---- time helpers (timestamps are naive UTC in the database; days are local) -----------------


@functools.lru_cache(maxsize=4096)
def _utc_offset(utc_hour: dt.datetime) -> dt.timedelta:
    offset = utc_hour.replace(tzinfo=dt.UTC).astimezone().utcoffset()
    return offset or dt.timedelta(0)


def local_date(utc_naive: dt.datetime) -> dt.date:
    """The local calendar day of a stored (naive UTC) timestamp."""
    hour = utc_naive.replace(minute=0, second=0, microsecond=0)
    return (utc_naive + _utc_offset(hour)).date()


@functools.lru_cache(maxsize=8192)
def _local_offset(day: dt.date, hour: int) -> dt.timedelta:
    return dt.datetime.combine(day, dt.time(hour)).astimezone().utcoffset() or dt.timedelta(0)


def utc_at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """Naive UTC timestamp of a local day and time (how historical postings are stored)."""
    return dt.datetime.combine(day, dt.time(hour, minute)) - _local_offset(day, hour)


# ---- the ledger: per-bill paid / outstanding / late fee ------------------------------------


def late_fee_rules(session: Session, customer_id: uuid.UUID) -> LateFeeRules:
    """The late-fee rules of the hall that owns the customer (rates, grace days, minimum), read
    in the caller's unit of work (hall rules, docs/hall-rules.md)."""
    return hall_rules.for_customer(session, customer_id).late_fee_rules()


@dataclass
class LedgerBill:
    """One bill with what has been posted against it (allocations of every payment kind)."""

    id: uuid.UUID
    bill_no: str
    period: str
    bill_type: str
    amount_fen: int
    due_date: dt.date
    issued_at: dt.datetime
    paid_fen: int = 0  # principal settled, reversals netted
    fee_paid_fen: int = 0  # late fee settled, reversals netted
    #: (local day, principal posted[, late fee posted]); a credit adjustment netted against this
    #: bill is a principal event of its issue day
    events: list[tuple[dt.date, int] | tuple[dt.date, int, int]] = field(default_factory=list)
    adjusts_id: uuid.UUID | None = None  # an adjustment bill: the bill it corrects
    #: credit of adjustments netted against this bill (positive on the corrected bill, the same
    #: amount negative on the credit adjustment itself): not money paid
    credited_fen: int = 0

    @property
    def outstanding_fen(self) -> int:
        return self.amount_fen - self.paid_fen - self.credited_fen

    @property
    def bill_year(self) -> int:
        """账务年度: the year the bill was issued (late fees: current-year vs earlier-year)."""
        return local_date(self.issued_at).year


def _net_credits(by_id: dict[uuid.UUID, LedgerBill]) -> None:
    """Net each credit adjustment against the bill it corrects, as far as that bill is still
    owed (module docstring); what is left of the credit stays a negative outstanding amount."""
    credits = sorted((b for b in by_id.values() if b.amount_fen < 0 and b.adjusts_id is not None),
                     key=lambda b: (b.issued_at, b.bill_no))
    for credit in credits:
        original = by_id.get(credit.adjusts_id) if credit.adjusts_id is not None else None
        if original is None:
            continue
        netted = min(-credit.outstanding_fen, max(original.outstanding_fen, 0))
        if netted <= 0:
            continue
        original.credited_fen += netted
        credit.credited_fen -= netted
        original.events.append((local_date(credit.issued_at), netted, 0))


def _charged_late_fee(bill: LedgerBill, customer_kind: str, on_date: dt.date, rules: LateFeeRules) -> int:
    """The bill's late fee up to ``on_date`` before any minimum: stretches summed exactly and
    rounded once, except that a day on which the whole fee owed was paid closes (module doc)."""
    if bill.amount_fen <= 0:
        return 0
    plain = dataclasses.replace(rules, minimum_enabled=False) if rules.minimum_enabled else rules

    def exact(principal: int, day: dt.date) -> Decimal:
        if principal <= 0:
            return Decimal(0)
        return late_fee_for(principal, bill.due_date, day, customer_kind, plain, bill.bill_year).exact

    by_day: dict[dt.date, list[int]] = {}
    for event in bill.events:
        day = min(event[0], on_date)
        posted = by_day.setdefault(day, [0, 0])
        posted[0] += event[1]
        posted[1] += event[2] if len(event) > 2 else 0  # type: ignore[misc]
    principal, prev = bill.amount_fen, bill.due_date
    total = base_exact = Decimal(0)
    base_fen = fee_paid = 0
    for day in sorted(by_day):
        if day > prev:
            total += exact(principal, day) - exact(principal, prev)
            prev = day
        posted_principal, posted_fee = by_day[day]
        principal -= posted_principal
        fee_paid += posted_fee
        charged = base_fen + round_fee(total - base_exact)
        if posted_fee and fee_paid > 0 and fee_paid >= _with_minimum(charged, rules):
            base_fen, base_exact = charged, total  # the fee to this day was collected, rounded
    if on_date > prev:
        total += exact(principal, on_date) - exact(principal, prev)
    return base_fen + round_fee(total - base_exact)


def _with_minimum(fee: int, rules: LateFeeRules) -> int:
    return rules.minimum_fen if rules.minimum_enabled and 0 < fee < rules.minimum_fen else fee


def accrued_late_fee(bill: LedgerBill, customer_kind: str, on_date: dt.date, rules: LateFeeRules) -> int:
    """The bill's whole late fee up to ``on_date`` (paid or not), the minimum included."""
    return _with_minimum(_charged_late_fee(bill, customer_kind, on_date, rules), rules)


def late_fee_owed(bill: LedgerBill, customer_kind: str, on_date: dt.date, rules: LateFeeRules) -> int:
    """What is still owed of the bill's late fee: its total (minimum applied once, to the
    total) minus the late fee already paid on it."""
    return max(0, accrued_late_fee(bill, customer_kind, on_date, rules) - bill.fee_paid_fen)


@dataclass(frozen=True)
class OpenBillRow(OpenBill):
    """An open bill for :func:`app.domain.allocation.allocate` (``id`` is ``str(bill_id)``),
    with what the counter shows besides."""

    bill_id: uuid.UUID | None = None
    bill_no: str = ""
    bill_type: str = "regular"
    amount_fen: int = 0
    paid_fen: int = 0


@dataclass(frozen=True)
class Ledger:
    customer_id: uuid.UUID
    customer_kind: str
    bills: tuple[LedgerBill, ...]  # oldest first
    prepaid_fen: int


_BILL_COLUMNS = (Bill.id, Bill.bill_no, Bill.period, Bill.bill_type, Bill.amount_fen, Bill.due_date, Bill.issued_at,
                 Bill.adjusts_bill_id)
_POSTING_COLUMNS = (Payment.customer_id, Payment.id, Payment.prepaid_fen, Payment.posted_at,
                    PaymentAllocation.bill_id, PaymentAllocation.principal_fen, PaymentAllocation.late_fee_fen)


def _build_ledger(customer_id: uuid.UUID, kind: str, by_id: dict[uuid.UUID, LedgerBill],
                  postings: Iterable[Any]) -> Ledger:
    prepaid = 0
    seen: set[uuid.UUID] = set()
    for _, payment_id, payment_prepaid, posted_at, bill_id, principal, fee in postings:
        if payment_id not in seen:
            seen.add(payment_id)
            prepaid += int(payment_prepaid)
        bill = by_id.get(bill_id) if bill_id is not None else None
        if bill is None:
            continue
        bill.paid_fen += int(principal)
        bill.fee_paid_fen += int(fee)
        if principal or fee:
            bill.events.append((local_date(posted_at), int(principal), int(fee)))
    _net_credits(by_id)
    ordered = sorted(by_id.values(), key=lambda b: (b.period, b.due_date, b.bill_no))
    return Ledger(customer_id, kind, tuple(ordered), prepaid)


def _postings(customer_ids: Sequence[uuid.UUID]) -> Any:
    return (select(*_POSTING_COLUMNS)
            .outerjoin(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
            .where(Payment.customer_id.in_(customer_ids)))


def load_ledger(session: Session, customer_id: uuid.UUID, customer_kind: str | None = None,
                bills: Sequence[Bill] | None = None) -> Ledger:
    """Every bill of the customer with its postings, and the prepaid balance.

    Three queries (two when the caller passes the kind); ``bills`` may be passed when the
    caller has loaded the customer's Bill rows already (the bill view)."""
    kind = customer_kind or session.scalar(select(Customer.kind).where(Customer.id == customer_id))
    if kind is None:
        raise NotFound("客户不存在")
    if bills is None:
        rows = session.execute(select(*_BILL_COLUMNS).where(Bill.customer_id == customer_id)).all()
        by_id = {r[0]: LedgerBill(r[0], r[1], r[2], r[3], int(r[4]), r[5], r[6], adjusts_id=r[7]) for r in rows}
    else:
        by_id = {b.id: LedgerBill(b.id, b.bill_no, b.period, b.bill_type, int(b.amount_fen), b.due_date,
                                  b.issued_at, adjusts_id=b.adjusts_bill_id) for b in bills}
    postings = session.execute(_postings([customer_id])).all()
    return _build_ledger(customer_id, str(kind), by_id, postings)


def load_open_ledgers(session: Session, kinds: dict[uuid.UUID, str],
                      prepaid: dict[uuid.UUID, int]) -> dict[uuid.UUID, Ledger]:
    """Ledgers of many customers (``kinds``: id → kind; ``prepaid``: id → balance) holding only
    the bills that may still owe or be owed something: principal not settled, or a posting
    after the due date (only then can a late fee have accrued). Settled, on-time bills add
    nothing to arrears, late fees or allocations, so the bill run skips loading them."""
    conn = session.connection()
    paid = func.coalesce(func.sum(PaymentAllocation.principal_fen), 0)
    bills: dict[uuid.UUID, dict[uuid.UUID, LedgerBill]] = {cid: {} for cid in kinds}
    for part in _in_chunks(list(kinds)):
        rows = conn.execute(
            select(Bill.customer_id, *_BILL_COLUMNS)
            .outerjoin(PaymentAllocation, PaymentAllocation.bill_id == Bill.id)
            .outerjoin(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(Bill.customer_id.in_(part)).group_by(Bill.id)
            .having(or_(Bill.amount_fen - paid != 0, func.max(Payment.posted_at) > Bill.due_date))).all()
        by_bill: dict[uuid.UUID, LedgerBill] = {}
        for r in rows:
            by_bill[r[1]] = bills[r[0]][r[1]] = LedgerBill(r[1], r[2], r[3], r[4], int(r[5]), r[6], r[7],
                                                           adjusts_id=r[8])
        ids = list(by_bill)
        for id_part in _in_chunks(ids):
            for bill_id, principal, fee, posted_at in conn.execute(
                    select(PaymentAllocation.bill_id, PaymentAllocation.principal_fen,
                           PaymentAllocation.late_fee_fen, Payment.posted_at)
                    .join(Payment, Payment.id == PaymentAllocation.payment_id)
                    .where(PaymentAllocation.bill_id.in_(id_part))).all():
                bill = by_bill[bill_id]
                bill.paid_fen += int(principal)
                bill.fee_paid_fen += int(fee)
                if principal or fee:
                    bill.events.append((local_date(posted_at), int(principal), int(fee)))
    for customer_bills in bills.values():
        _net_credits(customer_bills)
    return {cid: Ledger(cid, kinds[cid],
                        tuple(sorted(bills[cid].values(), key=lambda b: (b.period, b.due_date, b.bill_no))),
                        prepaid.get(cid, 0)) for cid in kinds}


def open_items(ledger: Ledger, on_date: dt.date, rules: LateFeeRules) -> list[OpenBillRow]:
    out = []
    for b in ledger.bills:
        outstanding = b.outstanding_fen
        fee = late_fee_owed(b, ledger.customer_kind, on_date, rules)
        if outstanding > 0 or fee > 0:
            out.append(OpenBillRow(id=str(b.id), period=b.period, due_date=b.due_date,
                                   principal_outstanding_fen=max(outstanding, 0), late_fee_fen=fee,
                                   bill_id=b.id, bill_no=b.bill_no, bill_type=b.bill_type,
                                   amount_fen=b.amount_fen - b.credited_fen, paid_fen=b.paid_fen))
    return out


def open_bills(session: Session, customer_id: uuid.UUID, on_date: dt.date, settings: Settings) -> list[OpenBillRow]:
    """The customer's open bills (principal or late fee owed on ``on_date``), oldest first.

    Rows are :class:`app.domain.allocation.OpenBill` (``id`` = ``str(bill_id)``) with
    ``bill_id``, ``bill_no``, ``bill_type``, ``amount_fen`` and ``paid_fen`` besides. Runs inside
    the caller's unit of work (lock the customer row first when about to post)."""
    return open_items(load_ledger(session, customer_id), on_date, late_fee_rules(session, customer_id))


def balance(session: Session, customer_id: uuid.UUID, on_date: dt.date, settings: Settings) -> tuple[int, int, int]:
    """(arrears_fen, late_fee_fen, prepaid_fen) on ``on_date``.

    arrears = Σ outstanding principal; late fee = Σ late fee owed; prepaid = Σ payment.prepaid_fen.
    The receipt's "balance" is ``arrears + late_fee − prepaid`` (:func:`balance_fen`)."""
    ledger = load_ledger(session, customer_id)
    rules = late_fee_rules(session, customer_id)
    arrears = sum(b.outstanding_fen for b in ledger.bills)
    fees = sum(r.late_fee_fen for r in open_items(ledger, on_date, rules))
    return arrears, fees, ledger.prepaid_fen


def balance_fen(session: Session, customer_id: uuid.UUID, on_date: dt.date, settings: Settings) -> int:
    """arrears + late fees − prepaid (negative = credit), as printed on receipts."""
    arrears, fees, prepaid = balance(session, customer_id, on_date, settings)
    return arrears + fees - prepaid


def lock_customer(session: Session, customer_id: uuid.UUID) -> Customer:
    """The customer row, locked until commit on PostgreSQL (SQLite writers are serialised by
    BEGIN IMMEDIATE): balances read after this cannot change under us. populate_existing: the
    row is re-read under the lock even if this Session saw it earlier."""
    customer = session.scalar(select(Customer).where(Customer.id == customer_id).with_for_update()
                              .execution_options(populate_existing=True))
    if customer is None:
        raise NotFound("客户不存在")
    return customer


@dataclass(frozen=True)
class OffsetPlan:
    """An ``offset`` payment (预存抵扣) ready to insert: the payment row and its allocations."""

    payment: dict[str, Any]
    allocations: list[dict[str, Any]]
    posted: list[tuple[uuid.UUID, int, int]]  # (bill_id, principal_fen, late_fee_fen)


def plan_offset(ledger: Ledger, actor: Actor, on_date: dt.date, late_fee_first: bool, rules: LateFeeRules,
                posted_at: dt.datetime) -> OffsetPlan | None:
    """Settle open bills from the prepaid balance and from credit bills (negative adjustments),
    oldest first, as one ``offset`` payment: no receipt, no session, no money in or out
    (``amount_fen`` 0; ``prepaid_fen`` = −applied). None when there is nothing to settle."""
    credits = [b for b in ledger.bills if b.outstanding_fen < 0]
    available = ledger.prepaid_fen + sum(-b.outstanding_fen for b in credits)
    items = open_items(ledger, on_date, rules)
    if available <= 0 or not (items or credits):
        return None
    allocation = allocate(available, items, late_fee_first)
    posted = [(b.id, b.outstanding_fen, 0) for b in credits]
    by_id = {item.id: item.bill_id for item in items if item.bill_id is not None}
    posted += [(by_id[i.bill_id], i.principal_fen, i.late_fee_fen) for i in allocation.items if i.total_fen]
    if not posted:
        return None
    applied = sum(p + f for _, p, f in posted)
    arrears = sum(b.outstanding_fen for b in ledger.bills)
    balance_now = arrears + sum(i.late_fee_fen for i in items) - ledger.prepaid_fen  # a transfer: unchanged
    payment_id = uuid7()
    payment = {
        "id": payment_id, "receipt_no": None, "node_id": actor.node_id, "customer_id": ledger.customer_id,
        "session_id": None, "kind": "offset", "reverses_id": None, "amount_fen": 0, "tendered_fen": 0,
        "change_fen": 0, "applied_fen": applied, "late_fee_fen": sum(f for _, _, f in posted),
        "prepaid_fen": -applied, "balance_before_fen": balance_now, "balance_after_fen": balance_now,
        "posted_at": posted_at, "posted_by": actor.username, "reason_code": "", "reason": "预存抵扣",
        "approved_by": None, "request_hash": None,
    }
    allocations = [{"id": uuid7(), "payment_id": payment_id, "bill_id": bill_id, "principal_fen": p,
                    "late_fee_fen": f} for bill_id, p, f in posted]
    return OffsetPlan(payment, allocations, posted)


def settle_credit(session: Session, actor: Actor, customer_id: uuid.UUID, on_date: dt.date, settings: Settings,
                  posted_at: dt.datetime | None = None, rules: LateFeeRules | None = None,
                  customer_kind: str | None = None) -> list[tuple[uuid.UUID, int, int]]:
    """预存抵扣 for one customer (:func:`plan_offset`), in the caller's unit of work.

    Returns the allocations posted as (bill_id, principal_fen, late_fee_fen); empty when there
    was nothing to settle."""
    ledger = load_ledger(session, customer_id, customer_kind)
    hall = hall_rules.for_customer(session, customer_id)
    plan = plan_offset(ledger, actor, on_date, hall.late_fee_first, rules or hall.late_fee_rules(),
                       posted_at or utcnow())
    if plan is None:
        return []
    fast_insert(session, Payment, [plan.payment])
    fast_insert(session, PaymentAllocation, plan.allocations)
    return plan.posted


# ---- readings CSV import (抄表数据导入) -------------------------------------------------------

COL_ACCOUNT, COL_DATE, COL_PREVIOUS, COL_CURRENT, COL_MULTIPLIER = "户号", "抄表日期", "上次示数", "本次示数", "倍率"
REQUIRED_COLUMNS = (COL_ACCOUNT, COL_DATE, COL_PREVIOUS, COL_CURRENT)
TOU_COLUMNS: dict[str, str] = {label: code for code, label in PERIODS.items()}  # 尖峰 → critical_peak …
MAX_REPORTED_ERRORS = 1000
MAX_MULTIPLIER = 1_000_000
_PERIOD_RE = re.compile(r"(\d{4})-(\d{2})")
_DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def check_period(period: str) -> str:
    text = unicodedata.normalize("NFKC", period or "").strip()
    m = _PERIOD_RE.fullmatch(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2099:
        raise ValidationErrors([ValidationError("period", "账期格式应为 YYYY-MM，如 2026-03")])
    return text


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    year, month = int(period[:4]), int(period[5:7])
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _parse_int(text: str) -> int | None:
    """A non-negative whole number (full-width digits fold; "1234.00" is 1234); else None."""
    t = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not t:
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        return None
    return int(value)


def _parse_date(text: str) -> dt.date | None:
    t = unicodedata.normalize("NFKC", text).strip()
    m = _DATE_RE.fullmatch(t)
    if m is None and len(t) == 8 and t.isdigit():
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", t)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass
class _ParsedRow:
    line: int
    account_no: str
    reading_date: dt.date
    previous: int
    current: int
    multiplier: int
    kwh: int
    tou: dict[str, int] | None


@dataclass
class _RowFacts:
    """What a row says as far as it could be read: the database checks run on every row with an
    account, whatever else is wrong with it, so one pass reports every error of the file."""

    line: int
    account_no: str
    reading_date: dt.date | None
    previous: int | None
    kwh: int | None
    tou: dict[str, int] | None


_TOU_TERMS = {"尖峰": term("尖峰"), "峰": term("峰"), "平": term("平"), "谷": term("谷"), "深谷": term("深谷")}


def _tou_term(label: str) -> Message:
    """A time-of-use period's name (尖峰 …) as a translatable term."""
    return _TOU_TERMS.get(label) or term(label)


def _in_chunks(items: Sequence[Any], size: int = 900) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def import_readings_csv(db: Database, actor: Actor, content: CsvSource, period: str,
                        settings: Settings | None = None) -> ImportReport:
    """All-or-nothing import of one period's readings (UTF-8 with/without BOM, or GBK).

    Columns 户号, 抄表日期, 上次示数, 本次示数 are required; 倍率 and the TOU columns
    尖峰/峰/平/谷/深谷 are optional. Every problem is reported with its line (1 = the header),
    column and a Chinese message, and any problem imports nothing. ``content`` is the file's
    bytes or (streamed, never read whole) its path; a file over the size or row limits of
    ``settings`` is refused before it is read through. Op ImportReadings."""
    require(actor, "bill.import")
    period = check_period(period)
    first_day, last_day = period_bounds(period)
    errors: list[RowError] = []

    def fail(encoding: str, rows: int = 0) -> ImportReport:
        return ImportReport(False, rows, 0, tuple(errors[:MAX_REPORTED_ERRORS]), encoding)

    try:
        source = open_csv(content, CsvLimits.of(settings))
    except ValidationError as exc:
        errors.append(RowError(0 if isinstance(exc, ImportTooLarge) else 1, "", exc.message))
        return fail("")
    with source:
        encoding = source.encoding
        try:
            outcome = _read_readings(source, period, first_day, last_day, errors)
        except ValidationError as exc:  # too many rows: the rest of the file is not read
            errors[:] = [RowError(0, "", exc.message)]
            return fail(encoding)
    if outcome is None:
        return fail(encoding)
    parsed, facts, tou_cols, data_rows = outcome
    if data_rows == 0:
        errors.append(RowError(2, "", Message("文件中没有抄表数据")))
        return fail(encoding, data_rows)
    if errors:
        # Refused already; the rows are still checked against the stored data so that the
        # report lists every error of the file at once (issue 6 #22).
        with db.read() as session:
            errors.extend(_stored_data_errors(session, period, facts, tou_cols)[0])
        errors.sort(key=lambda e: e.line)  # stable: a row's own errors before its stored-data ones
        return fail(encoding, data_rows)

    try:
        return _write_readings(db, actor, source.sha256, period, parsed, facts, tou_cols, encoding, data_rows)
    except IntegrityError:
        # Another supervisor imported readings of the same customers and period meanwhile.
        return ImportReport(False, data_rows, 0, (RowError(1, "", Message(
            "其他用户刚刚导入了本期的抄表数据，请核对后重新导入")),), encoding)


def header_index(header: Record, names: list[str], required: Sequence[str], encoding: str,
                 errors: list[RowError]) -> dict[str, int] | None:
    """Column name → index, or None (with the header's errors) when the header is unusable."""
    if header.problem is not None:
        errors.append(RowError(1, "", header.problem))
        return None
    if not any(h.strip() for h in header.cells):
        errors.append(RowError(1, "", Message("文件为空，没有表头")))
        return None
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in index and name:
            errors.append(RowError(1, name, Message("表头中“{name}”列出现了两次", name=name)))
        index.setdefault(name, i)
    for col in required:
        if col not in index:
            if encoding == "GBK":
                errors.append(RowError(1, col, Message("缺少必填列“{column}”（文件编码识别为 {encoding}）",
                                                       column=col, encoding=encoding)))
            else:
                errors.append(RowError(1, col, Message("缺少必填列“{column}”", column=col)))
    return None if errors else index


def record_problem(record: Record, header: list[str]) -> RowError:
    """The row error of a row that could not be read (a cell too long, a NUL character)."""
    column = header[record.cell] if 0 <= record.cell < len(header) else ""
    assert record.problem is not None
    return RowError(record.line, column, record.problem)


def _read_readings(source: CsvFile, period: str, first_day: dt.date, last_day: dt.date, errors: list[RowError],
                   ) -> tuple[list[_ParsedRow], list[_RowFacts], list[tuple[str, str]], int] | None:
    """The rows checked on their own (no database), or None when the header is unusable."""
    records = source.records()
    header = next(records, None)
    if header is None:
        errors.append(RowError(1, "", Message("文件为空，没有表头")))
        return None
    names = [unicodedata.normalize("NFKC", h).strip().lstrip("\ufeff") for h in header.cells]
    found = header_index(header, names, REQUIRED_COLUMNS, source.encoding, errors)
    if found is None:
        return None
    index = found
    tou_cols = [(label, code) for label, code in TOU_COLUMNS.items() if label in index]

    def cell(row: list[str], col: str) -> str:
        i = index.get(col)
        return row[i].strip() if i is not None and i < len(row) else ""

    parsed: list[_ParsedRow] = []
    facts: list[_RowFacts] = []
    first_line: dict[str, int] = {}
    data_rows = 0
    today = dt.date.today()
    for record in records:
        line, row = record.line, record.cells
        data_rows += 1
        if record.problem is not None:
            errors.append(record_problem(record, names))
            continue
        row_errors: list[RowError] = []
        account = unicodedata.normalize("NFKC", cell(row, COL_ACCOUNT)).strip()
        if not account:
            row_errors.append(RowError(line, COL_ACCOUNT, Message("户号不能为空")))
        elif account in first_line:
            row_errors.append(RowError(line, COL_ACCOUNT, Message("户号 {account} 与第 {line} 行重复",
                                                                  account=account, line=first_line[account])))
        else:
            first_line[account] = line
            facts.append(_RowFacts(line, account, None, None, None, None))
        raw_date = cell(row, COL_DATE)
        reading_date = _parse_date(raw_date)
        if reading_date is None:
            row_errors.append(RowError(line, COL_DATE, Message("日期“{value}”无效，格式应为 YYYY-MM-DD", value=raw_date)))
        elif not first_day <= reading_date <= last_day:
            row_errors.append(RowError(line, COL_DATE, Message("抄表日期 {date} 不在账期 {period} 内",
                                                               date=str(reading_date), period=period)))
        elif reading_date > today:
            row_errors.append(RowError(line, COL_DATE, Message("抄表日期 {date} 晚于今天", date=str(reading_date))))
        values: dict[str, int] = {}
        for col in (COL_PREVIOUS, COL_CURRENT):
            raw = cell(row, col)
            value = _parse_int(raw)
            if value is None:
                name = term("上次示数") if col == COL_PREVIOUS else term("本次示数")
                message = (Message("{label}不能为空", label=name) if not raw
                           else Message("{label}“{value}”应为不小于零的整数", label=name, value=raw))
                row_errors.append(RowError(line, col, message))
            else:
                values[col] = value
        multiplier = 1
        raw_mult = cell(row, COL_MULTIPLIER)
        if raw_mult:
            parsed_mult = _parse_int(raw_mult)
            if parsed_mult is None or not 1 <= parsed_mult <= MAX_MULTIPLIER:
                row_errors.append(RowError(line, COL_MULTIPLIER, Message("倍率“{value}”应为正整数", value=raw_mult)))
            else:
                multiplier = parsed_mult
        kwh: int | None = None
        if len(values) == 2:
            if values[COL_CURRENT] < values[COL_PREVIOUS]:
                row_errors.append(RowError(line, COL_CURRENT, Message(
                    "本次示数 {current} 小于上次示数 {previous}（示数倒走）",
                    current=values[COL_CURRENT], previous=values[COL_PREVIOUS])))
            else:
                kwh = (values[COL_CURRENT] - values[COL_PREVIOUS]) * multiplier
        tou: dict[str, int] | None = None
        if any(cell(row, label) for label, _ in tou_cols):
            tou = {}
            for label, code in tou_cols:
                raw = cell(row, label)
                value = _parse_int(raw) if raw else 0
                if value is None:
                    row_errors.append(RowError(line, label, Message("{period}电量“{value}”应为不小于零的整数",
                                                                    period=_tou_term(label), value=raw)))
                else:
                    tou[code] = value
            if kwh is not None and len(tou) == len(tou_cols) and sum(tou.values()) != kwh:
                row_errors.append(RowError(line, tou_cols[0][0], Message(
                    "各时段电量之和 {total} 与总电量 {kwh}（(本次示数−上次示数)×倍率）不一致",
                    total=sum(tou.values()), kwh=kwh)))
        if facts and facts[-1].line == line:
            facts[-1] = _RowFacts(line, account, reading_date, values.get(COL_PREVIOUS), kwh,
                                  {k: v for k, v in tou.items() if v} if tou else None)
        if row_errors:
            errors.extend(row_errors)
            continue
        assert reading_date is not None and kwh is not None
        parsed.append(_ParsedRow(line, account, reading_date, values[COL_PREVIOUS], values[COL_CURRENT],
                                 multiplier, kwh, {k: v for k, v in tou.items() if v} if tou else None))
    return parsed, facts, tou_cols, data_rows


def _stored_data_errors(session: Session, period: str, rows: list[_RowFacts],
                        tou_cols: list[tuple[str, str]]) -> tuple[list[RowError], dict[str, uuid.UUID]]:
    """The checks of the rows against the stored data (the account, the period's reading, the
    register chain, the tariff's time-of-use periods), every applicable one for every row: a
    row's other problems do not hide these, nor one of these another. Also the customer id of
    each account found."""
    from app.services.tariffs import TariffBook

    errors: list[RowError] = []
    customers: dict[str, tuple[uuid.UUID, str, str]] = {}
    for part in _in_chunks([r.account_no for r in rows]):
        for cid, account_no, status, code in session.execute(
                select(Customer.id, Customer.account_no, Customer.status, Customer.tariff_code)
                .where(Customer.account_no.in_(part))):
            customers[account_no] = (cid, status, code)
    ids = [c[0] for c in customers.values()]
    existing: set[uuid.UUID] = set()
    last: dict[uuid.UUID, tuple[str, int]] = {}
    newer: dict[uuid.UUID, str] = {}
    later = aliased(MeterReading)
    for part in _in_chunks(ids):
        existing.update(session.scalars(select(MeterReading.customer_id).where(
            MeterReading.customer_id.in_(part), MeterReading.period == period)))
        # A period slipped in before a later one would break the register chain (the later
        # reading's 上次示数 no longer follows) and the year-to-date kWh of bills already issued.
        for cid, newest_period in session.execute(
                select(MeterReading.customer_id, func.max(MeterReading.period))
                .where(MeterReading.customer_id.in_(part), MeterReading.period > period)
                .group_by(MeterReading.customer_id)):
            newer[cid] = newest_period
        newest = (select(func.max(later.period)).where(later.customer_id == MeterReading.customer_id,
                                                       later.period < period).scalar_subquery())
        for cid, last_period, cur in session.execute(
                select(MeterReading.customer_id, MeterReading.period, MeterReading.current)
                .where(MeterReading.customer_id.in_(part), MeterReading.period == newest)):
            last[cid] = (last_period, int(cur))
    book = TariffBook.load(session)
    _, last_day = period_bounds(period)
    for p in rows:
        found = customers.get(p.account_no)
        if found is None:
            errors.append(RowError(p.line, COL_ACCOUNT, Message("户号 {account} 不存在", account=p.account_no)))
            continue
        cid, status, code = found
        if status == "closed":
            errors.append(RowError(p.line, COL_ACCOUNT, Message("户号 {account} 已销户，不能导入抄表数据",
                                                                account=p.account_no)))
            continue
        if cid in existing:
            errors.append(RowError(p.line, COL_ACCOUNT, Message("户号 {account} 在 {period} 已有抄表记录",
                                                                account=p.account_no, period=period)))
            continue
        if cid in newer:
            errors.append(RowError(p.line, COL_ACCOUNT, Message(
                "户号 {account} 已有较晚账期（{latest}）的抄表记录，不能补录 {period} 的抄表；更正已出账的电量请办理退补",
                account=p.account_no, latest=newer[cid], period=period)))
            continue
        if p.previous is not None and cid in last and last[cid][1] != p.previous:
            errors.append(RowError(p.line, COL_PREVIOUS, Message(
                "上次示数 {previous} 与系统中上期（{last_period}）本次示数 {last_current} 不一致",
                previous=p.previous, last_period=last[cid][0], last_current=last[cid][1])))
        try:
            tariff = book.on(code, p.reading_date or last_day)
        except NotFound:
            continue  # the bill run reports a missing tariff; the reading itself is fine
        if tariff.kind == "tou" and p.kwh != 0:
            if not p.tou:
                errors.append(RowError(p.line, tou_cols[0][0] if tou_cols else COL_CURRENT, Message(
                    "户号 {account} 执行分时电价（{tariff}），须填写各时段电量（{periods}）",
                    account=p.account_no, tariff=code,
                    periods=Message.join([_tou_term(PERIODS[c]) for c in tariff.prices], sep="/"))))
                continue
            unpriced = [c for c in p.tou if c not in tariff.prices]
            if unpriced:
                errors.append(RowError(p.line, PERIODS[unpriced[0]], Message(
                    "户号 {account} 的电价 {tariff} 没有{period}时段",
                    account=p.account_no, tariff=code, period=_tou_term(PERIODS[unpriced[0]]))))
    return errors, {account_no: found[0] for account_no, found in customers.items()}


def _write_readings(db: Database, actor: Actor, sha256: str, period: str, parsed: list[_ParsedRow],
                    facts: list[_RowFacts], tou_cols: list[tuple[str, str]], encoding: str,
                    data_rows: int) -> ImportReport:
    with db.write() as session:
        errors, customers = _stored_data_errors(session, period, facts, tou_cols)
        if errors:
            errors.sort(key=lambda e: e.line)
            return ImportReport(False, data_rows, 0, tuple(errors[:MAX_REPORTED_ERRORS]), encoding)
        batch_id = uuid7()
        now = utcnow()
        fast_insert(session, MeterReading, [{
            "id": rid, "customer_id": customers[p.account_no], "period": period,
            "reading_date": p.reading_date, "previous": p.previous, "current": p.current,
            "multiplier": p.multiplier, "kwh": p.kwh,
            "tou_kwh": json.dumps(p.tou, separators=(",", ":")) if p.tou else None,
            "source": "csv", "batch_id": batch_id, "created_by": actor.username, "created_at": now,
        } for p, rid in zip(parsed, new_ids(len(parsed)), strict=True)])
        oplog.append(session, actor, "ImportReadings", {
            "batch_id": str(batch_id), "period": period, "rows": len(parsed), "kwh": sum(p.kwh for p in parsed),
            "encoding": encoding, "sha256": sha256,
        }, "reading_batch", batch_id)
    return ImportReport(True, data_rows, len(parsed), (), encoding, batch_id)


# ---- the bill run (电费发行) -------------------------------------------------------------------


def compute_bills(db: Database, settings: Settings, actor: Actor, period: str,
                  issue_date: dt.date | None = None, progress: Callable[[int, int], None] | None = None,
                  customer_ids: Sequence[uuid.UUID] | None = None) -> BillRunReport:
    """Bill every customer that has a reading for ``period`` and no bill yet.

    One unit of work, one ``ComputeBills`` operation. Customers whose bill cannot be priced
    (no tariff version in force, TOU tariff without period kWh …) are listed in ``errors`` and
    stay unbilled; a later run bills them once the data is fixed. ``customer_ids`` limits the
    run to those customers (``skipped`` then counts the ones among them not billed)."""
    from app import billing_bulk
    from app.services.tariffs import _ensure_lazily

    require(actor, "bill.compute")
    period = check_period(period)
    today = dt.date.today()
    issue = issue_date or today
    first_day, _ = period_bounds(period)
    if issue < first_day:
        raise ValidationErrors([ValidationError("issue_date", "发行日期 {date} 早于账期 {period}",
                                                date=str(issue), period=period)])
    _ensure_lazily(db, actor)
    started = time.perf_counter()
    issued_at = utcnow() if issue == today else utc_at(issue)
    with db.write() as session:
        result = billing_bulk.run_bills(session, settings, actor, period, issue, issued_at, progress=progress,
                                        only=None if customer_ids is None else set(customer_ids),
                                        count_skipped=customer_ids is None)
        if customer_ids is not None:
            result.already_billed = len(set(customer_ids)) - result.bills - len(result.errors)
        if not result.bills:
            # Nothing was written: no operation either (the report says nothing was billed).
            return BillRunReport(period, 0, 0, result.skipped, tuple(result.errors), time.perf_counter() - started)
        oplog.append(session, actor, "ComputeBills", {
            "period": period, "issue_date": issue.isoformat(), "due_date": result.due_date.isoformat(),
            "count": result.bills, "total_fen": result.total_fen, "kwh": result.kwh,
            "first_bill_no": result.first_no, "last_bill_no": result.last_no,
            "offsets": result.offsets, "offset_fen": result.offset_fen, "errors": len(result.errors),
            "offset_digest": audit.digest_hex(result.offset_digest),
            **({"customers": len(set(customer_ids))} if customer_ids is not None else {}),
        }, "bill_run", None)
    return BillRunReport(period, result.bills, result.total_fen, result.skipped, tuple(result.errors),
                         time.perf_counter() - started)


@dataclass(frozen=True)
class BillRunOutlook:
    """What a bill run of ``period`` would do, read before it is confirmed."""

    period: str
    to_bill: int  # customers with a reading for the period and no bill for it yet
    already_billed: int  # readings of the period whose customer has its bill


def bill_run_outlook(db: Database, actor: Actor, period: str | None = None) -> BillRunOutlook | None:
    """电费核算's figures before the run. ``period`` None: the latest period with readings that
    still has customers to bill (the page's default), or None when there is no such period."""
    from app import billing_bulk

    require(actor, "bill.compute")
    with db.read() as session:
        if period is None:
            period = billing_bulk.latest_pending_period(session)
            if period is None:
                return None
        else:
            period = check_period(period)
        to_bill, billed = billing_bulk.count_pending(session, period)
    return BillRunOutlook(period, to_bill, billed)


# ---- adjustment bills (退补) -------------------------------------------------------------------


def _check_adjustment_limits(session: Session, original: Bill, amount: int, kwh: int) -> None:
    """The bill and its adjustments may not total below zero (money or kWh)."""
    adjusted, adjusted_kwh = session.execute(
        select(func.coalesce(func.sum(Bill.amount_fen), 0), func.coalesce(func.sum(Bill.kwh), 0))
        .where(Bill.adjusts_bill_id == original.id)).one()
    net = original.amount_fen + int(adjusted)
    if net + amount < 0:
        raise ValidationErrors([ValidationError(
            "amount_fen", "退补后该账单金额为负：原账单 {original}，已退补 {adjusted}，最多可退 {limit}",
            original=format_yuan(original.amount_fen), adjusted=format_yuan(int(adjusted)),
            limit=format_yuan(net))])
    net_kwh = int(original.kwh) + int(adjusted_kwh)
    if net_kwh + kwh < 0:
        raise ValidationErrors([ValidationError(
            "kwh", "退补后该账单电量为负：原账单 {original} kWh，已退补 {adjusted} kWh，最多可退 {limit} kWh",
            original=int(original.kwh), adjusted=int(adjusted_kwh), limit=net_kwh)])


def _adjustment_approver(db: Database, settings: Settings, actor: Actor, cmd: IssueAdjustment) -> Actor | None:
    """退补 at or above the hall rule ``adjustment_approval_fen`` needs a second person (issue 7
    item 7b).

    Every refusal that needs no approval comes first, so the supervisor is not asked for a
    password for a 退补 that would be refused anyway (checked again under the lock)."""
    with db.read() as session:
        limit = hall_rules.for_node(session, actor.node_id).adjustment_approval_fen
    if abs(cmd.amount_fen) < limit:
        return None
    with db.read() as session:
        original = session.get(Bill, cmd.bill_id)
        if original is None:
            raise NotFound("账单不存在")
        if original.bill_type != "regular":
            raise RuleViolation("退补账单只能针对正常电费账单开具，请选择原账单")
        _check_adjustment_limits(session, original, cmd.amount_fen, cmd.kwh)
    if cmd.approval is None:
        raise OverrideRequired("amount_fen", "退补金额达到{limit}元，需另一位值班长或管理员授权",
                               limit=format_yuan(limit, symbol=False))
    return auth.approve(db, settings, cmd.approval.username, cmd.approval.password, "bill.approve_adjustment",
                        requester=actor)


def _replayed_adjustment(session: Session, cmd: IssueAdjustment, original: Bill, today: dt.date) -> BillRow | None:
    """The bill already issued for ``cmd.request_id``, or None when there is none yet."""
    done = session.get(Bill, cmd.request_id) if cmd.request_id is not None else None
    if done is None:
        return None
    if done.adjusts_bill_id != original.id or done.amount_fen != cmd.amount_fen:
        raise RuleViolation("请求编号已被另一笔业务使用，请关闭窗口后重新办理")
    customer = session.get(Customer, done.customer_id)
    assert customer is not None
    ledger = load_ledger(session, customer.id, customer.kind)
    entry = next(b for b in ledger.bills if b.id == done.id)
    return _bill_row(done, entry, ledger.customer_kind, today, late_fee_rules(session, customer.id),
                     {original.id: original.bill_no})


def issue_adjustment(db: Database, actor: Actor, cmd: IssueAdjustment, settings: Settings | None = None,
                     on_date: dt.date | None = None) -> BillRow:
    """退补: a new bill correcting ``cmd.bill_id`` (the original is never touched).

    Negative amounts refund: the credit settles the customer's open bills, the rest becomes
    prepaid (an ``offset`` payment). The bill and its adjustments may not total below zero.
    ``settings`` gives the due days and late-fee rules (defaults when omitted)."""
    require(actor, "bill.adjust")
    settings = settings or Settings()
    errors: list[ValidationError] = []
    amount = cmd.amount_fen
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors.append(ValidationError("amount_fen", "退补金额应为整数分（不能是小数）"))
    elif amount == 0:
        errors.append(ValidationError("amount_fen", "退补金额不能为零"))
    elif abs(amount) > 10**12:
        errors.append(ValidationError("amount_fen", "退补金额过大"))
    if isinstance(cmd.kwh, bool) or not isinstance(cmd.kwh, int):
        errors.append(ValidationError("kwh", "退补电量应为整数 kWh"))
    elif isinstance(amount, int) and not isinstance(amount, bool) and amount * cmd.kwh < 0:
        # issue 6 item 19: 补收 adds kWh, 退还 takes them back (0 kWh: a money-only correction)
        errors.append(ValidationError("kwh", "退补电量与金额方向不一致：补收金额对应正电量，退还金额对应负电量（或 0）"))
    reason = ""
    try:
        reason = clean_text(cmd.reason, "reason", "退补原因", max_len=200)
        if len(reason) < 2:
            errors.append(ValidationError("reason", "请填写退补原因"))
    except ValidationError as exc:
        errors.append(exc)
    if errors:
        raise ValidationErrors(errors)
    today = on_date or dt.date.today()
    if cmd.request_id is not None:
        # A retry of a request already issued returns its bill, before anyone is asked for a password.
        with db.read() as session:
            original = session.get(Bill, cmd.bill_id)
            if original is not None:
                replayed = _replayed_adjustment(session, cmd, original, today)
                if replayed is not None:
                    return replayed
    approver = _adjustment_approver(db, settings, actor, cmd)
    with db.write() as session:
        original = session.get(Bill, cmd.bill_id)
        if original is None:
            raise NotFound("账单不存在")
        if original.bill_type != "regular":
            raise RuleViolation("退补账单只能针对正常电费账单开具，请选择原账单")
        customer = lock_customer(session, original.customer_id)
        if cmd.request_id is not None:
            # Checked under the customer lock: a concurrent duplicate waits and then finds the bill.
            replayed = _replayed_adjustment(session, cmd, original, today)
            if replayed is not None:
                return replayed
        # The approval limit again, in this transaction: an administrator may have lowered it
        # since _adjustment_approver read it.
        limit = hall_rules.for_node(session, actor.node_id).adjustment_approval_fen
        if abs(amount) >= limit and approver is None:
            raise OverrideRequired("amount_fen", "退补金额达到{limit}元，需另一位值班长或管理员授权",
                                   limit=format_yuan(limit, symbol=False))
        _check_adjustment_limits(session, original, amount, cmd.kwh)
        bill_no = next_number(session, actor.node_id, "bill")
        sign = "补收" if amount > 0 else "退还"
        explanation = Message("退补（{sign}）账单 {bill_no}（{period}）{kwh} kWh，{amount} 元：{reason}",
                              sign=term(sign), bill_no=original.bill_no, period=original.period, kwh=cmd.kwh,
                              amount=format_yuan(amount, symbol=False), reason=reason)
        lines = json.dumps({
            "format": 2,
            "adjusts": {"bill_no": original.bill_no, "period": original.period, "amount_fen": original.amount_fen},
            "reason": reason,
            "lines": [["adjustment", message_to_data(Message("退补电费（{sign}）", sign=term(sign))), str(cmd.kwh), "kWh",
                       "", amount, message_to_data(explanation)]],
            "total_fen": amount,
        }, ensure_ascii=False, separators=(",", ":"))
        bill = Bill(id=cmd.request_id or uuid7(), bill_no=bill_no, node_id=actor.node_id, customer_id=customer.id,
                    period=today.strftime("%Y-%m"), bill_type="adjustment", adjusts_bill_id=original.id,
                    reading_id=None, tariff_code=original.tariff_code,
                    tariff_version_id=original.tariff_version_id, kwh=cmd.kwh, amount_fen=amount,
                    due_date=today + dt.timedelta(days=hall_rules.for_node(session, actor.node_id).bill_due_days),
                    issued_at=utcnow() if on_date is None else utc_at(today), lines=lines, note=reason,
                    created_by=actor.username)
        session.add(bill)
        session.flush()
        posted_at = None if on_date is None else utc_at(today)
        offset = settle_credit(session, actor, customer.id, today, settings, posted_at=posted_at,
                               customer_kind=customer.kind)
        oplog.append(session, actor, "IssueAdjustment", {
            "bill_no": bill_no, "adjusts_bill_no": original.bill_no, "account_no": customer.account_no,
            "period": bill.period, "amount_fen": amount, "kwh": cmd.kwh, "reason": reason,
            "due_date": bill.due_date.isoformat(),
            **({"approved_by": approver.username, "approval_reason": cmd.approval.reason}
               if approver and cmd.approval else {}),
            **({"self_approval": auth.SELF_APPROVAL_NOTE} if approver and auth.self_approved(approver, actor) else {}),
            # for the reconcile (app/services/audit.py)
            "offsets": 1 if offset else 0, "offset_fen": sum(p + f for _, p, f in offset),
            "offset_digest": audit.digest_hex(audit.offset_digest(customer.id, offset)),
        }, "bill", bill.id)
        ledger = load_ledger(session, customer.id, customer.kind)
        rules = late_fee_rules(session, customer.id)
        entry = next(b for b in ledger.bills if b.id == bill.id)
        return _bill_row(bill, entry, ledger.customer_kind, today, rules, {original.id: original.bill_no})


# ---- the bill view (账单查询) ------------------------------------------------------------------

STATUS_SETTLED, STATUS_UNPAID, STATUS_PARTIAL, STATUS_OVERDUE = "已结清", "未缴", "部分缴费", "逾期"


def _line_rows(doc: dict[str, Any]) -> tuple[BillLineRow, ...]:
    """The stored lines (app.billing_bulk.LINE_FIELDS order) as DTOs; label and explanation are
    Messages again from format 2 on (format 1 stored the Chinese text, which stays as it is)."""
    return tuple(BillLineRow(code=code, label=message_from_data(label), quantity=qty, unit=unit, price=price,
                             amount_fen=int(fen), explanation=message_from_data(text))
                 for code, label, qty, unit, price, fen, text in doc.get("lines", ()))


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
                select(MeterReading.id, MeterReading.reading_date, MeterReading.previous, MeterReading.current,
                       MeterReading.multiplier, MeterReading.kwh).where(MeterReading.id.in_(reading_ids))):
            readings[rid] = (day, int(prev), int(cur), int(mult), int(kwh))
    if version_ids:
        for vid, code, name, start in session.execute(
                select(TariffVersion.id, TariffVersion.code, TariffVersion.name, TariffVersion.effective_from)
                .where(TariffVersion.id.in_(version_ids))):
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
        parts.append(f"{part['from']}至{part['to']} {part['days']} 天 {part['kwh']} kWh 按 {part['version_from']} "
                     f"起执行的价格计 {format_yuan(int(part['total_fen']))}（计入 {part['year']} 年阶梯）")
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


def _bill_row(bill: Bill, entry: LedgerBill, kind: str, on_date: dt.date, rules: LateFeeRules,
              bill_nos: dict[uuid.UUID, str], facts: _Facts | None = None) -> BillRow:
    doc = json.loads(bill.lines) if bill.lines else {}
    fee = late_fee_owed(entry, kind, on_date, rules)
    note = bill.note
    if bill.bill_type == "regular" and not note and facts is not None:
        note = _regular_note(bill, doc, facts)
    return BillRow(
        id=bill.id, bill_no=bill.bill_no, period=bill.period, bill_type=bill.bill_type, kwh=int(bill.kwh),
        amount_fen=int(bill.amount_fen), due_date=bill.due_date, issued_at=bill.issued_at,
        paid_fen=entry.paid_fen, outstanding_fen=entry.outstanding_fen, late_fee_fen=fee, credited_fen=entry.credited_fen,
        status=_status(entry, fee, on_date, rules.grace_days), tariff_code=bill.tariff_code,
        lines=_line_rows(doc), note=note,
        adjusts_bill_no=bill_nos.get(bill.adjusts_bill_id, "") if bill.adjusts_bill_id else "",
    )


def _usage(bills: Sequence[Bill], months: int = 24) -> tuple[tuple[str, int], ...]:
    """(period, kWh) of the last ``months`` months up to the newest regular bill, oldest first;
    a month without a bill shows 0 (no months before the first bill). Adjustment bills (退补)
    add their kWh, either sign, to the month of the bill they correct (issue 6 item 19)."""
    kwh: dict[str, int] = {}
    period_of = {b.id: b.period for b in bills if b.bill_type == "regular"}
    for b in bills:
        if b.bill_type == "regular":
            kwh[b.period] = kwh.get(b.period, 0) + int(b.kwh)
    for b in bills:
        corrected = period_of.get(b.adjusts_bill_id) if b.adjusts_bill_id is not None else None
        if b.bill_type == "adjustment" and corrected is not None:
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


def bill_view(db: Database, settings: Settings, actor: Actor, customer_id: uuid.UUID,
              on_date: dt.date | None = None) -> BillView:
    """Every bill of the customer (newest first) with paid / outstanding / late fee to
    ``on_date`` (default today), the line-by-line explanation, the balance and 24 months of
    usage. Five small queries."""
    require(actor, "bill.view")
    on_date = on_date or dt.date.today()
    with db.read() as session:
        customer = session.execute(select(Customer.id, Customer.account_no, Customer.name, Customer.kind)
                                   .where(Customer.id == customer_id)).first()
        if customer is None:
            raise NotFound("客户不存在")
        rules = late_fee_rules(session, customer_id)
        bills = list(session.scalars(select(Bill).where(Bill.customer_id == customer_id)))
        ledger = load_ledger(session, customer_id, customer.kind, bills)
        facts = _load_facts(session, bills)
    entries = {b.id: b for b in ledger.bills}
    bill_nos = {b.id: b.bill_no for b in bills}
    bills.sort(key=lambda b: (b.period, b.issued_at, b.bill_no), reverse=True)
    rows = tuple(_bill_row(b, entries[b.id], ledger.customer_kind, on_date, rules, bill_nos, facts) for b in bills)
    return BillView(
        customer_id=customer.id, account_no=customer.account_no, name=customer.name, on_date=on_date,
        arrears_fen=sum(r.outstanding_fen for r in rows), late_fee_fen=sum(r.late_fee_fen for r in rows),
        prepaid_fen=ledger.prepaid_fen, bills=rows, usage=_usage(bills),
    )


__all__ = [
    "IssueAdjustment", "Ledger", "LedgerBill", "OpenBillRow", "accrued_late_fee", "balance", "balance_fen",
    "bill_view", "check_period", "compute_bills", "import_readings_csv", "issue_adjustment",
    "late_fee_owed", "late_fee_rules", "load_ledger", "load_open_ledgers", "local_date", "open_bills", "open_items", "settle_credit",
    "utc_at",
]
