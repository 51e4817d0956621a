"""Demo readings, bills and payments (演示抄表、账单与缴费).

``seed_bills(db, settings, months=24)`` gives every customer of the database ``months`` months of
history ending at ``until_period`` (default: last month):

* monthly meter readings with realistic usage — residential 80–400 kWh a month with summer and
  winter peaks, commercial and industrial load from the contracted capacity, current-transformer
  multipliers (倍率) for large customers, per-period kWh (尖峰/峰/平/谷/深谷) for TOU tariffs;
* bills computed and issued month by month through the real bill run
  (:func:`app.services.bill_run.run_bills`: tariff versions, annual tiers with year-to-date usage,
  low-income free kWh, capacity charges, prepaid offsets at issuance);
* payments at the counter: one closed and approved cashier session per month for the demo clerk,
  receipts numbered from the node's receipt counter, tenders (cash with change, QR, card,
  transfer), allocation oldest bill first with late fees for late payers, a few customers paying
  ahead (预存). About 30 % of customers leave their last 1–3 bills unpaid, so arrears and late
  fees show up in the customer view.

Every month is one unit of work with its operation records (ImportReadings, ComputeBills and,
per cashier session, SeedDemoPayments — demo postings are summarised, not logged one by one).
Customers that already have readings in the range are left alone, so running it twice adds
nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import json
import random
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session

from app.config import Settings
from app.demo.loader import established_at
from app.demo.staff import admin_actor, ensure_demo_staff
from app.domain.allocation import OpenBill, allocate
from app.domain.cashier import DENOMINATIONS
from app.domain.codes import (
    Area,
    BillType,
    CustomerKind,
    CustomerStatus,
    DocType,
    OpType,
    PaymentKind,
    ReadingSource,
    Role,
    SessionStatus,
    TariffKind,
    TenderKind,
)
from app.domain.errors import NotFound
from app.domain.hall_rules import HallRules
from app.domain.late_fees import LateFeeRules
from app.domain.ledger import LedgerBill, late_fee_owed
from app.domain.periods import local_date, utc_at
from app.dto.common import Actor
from app.services import audit, hall_rules
from app.services.bill_run import RunResult, run_bills
from app.services.tariffs import TariffBook, ensure_default_catalogue
from app.write_path import oplog
from app.write_path.numbers import format_number, next_number, next_seq
from db.bulk import insert_ready, new_hex_ids, stored_datetime
from db.engine import Database
from db.keys import uuid7
from db.models import (
    Bill,
    CashierSession,
    Customer,
    MeterReading,
    Payment,
    PaymentAllocation,
    PaymentTender,
    PrintRecord,
    User,
    utcnow,
)

Progress = Callable[[int, int], None]

READING_DAY = 25
MONTHS_PER_UNIT = 6
ISSUE_DAY = 3
FLOAT_FEN = 50_000  # ¥500 备用金
#: Residential usage by calendar month (air conditioning in summer, heating in winter).
SEASON = {1: 1.25, 2: 1.15, 3: 0.9, 4: 0.8, 5: 0.85, 6: 1.05, 7: 1.45, 8: 1.5, 9: 1.1, 10: 0.85, 11: 0.9,
          12: 1.2}
SEASON_CI = {m: 1 + (f - 1) * 0.4 for m, f in SEASON.items()}
SEASON_AGRI = {1: 0.5, 2: 0.5, 3: 0.8, 4: 1.0, 5: 1.3, 6: 1.5, 7: 1.8, 8: 1.7, 9: 1.2, 10: 0.9, 11: 0.6, 12: 0.5}
#: Share of a TOU customer's kWh per period (normalised over the periods its tariff prices).
TOU_SHARE = {"critical_peak": 0.06, "peak": 0.34, "flat": 0.30, "valley": 0.25, "deep_valley": 0.05}
TENDER_MIX = ((TenderKind.QR, 0.45), (TenderKind.CASH, 0.35), (TenderKind.CARD, 0.12), (TenderKind.TRANSFER, 0.08))
# Column orders of the rows written with insert_ready (values in storage form).
READING_COLUMNS = ("id", "customer_id", "period", "reading_date", "previous", "current", "multiplier", "kwh",
                   "tou_kwh", "source", "batch_id", "created_by", "created_at")
PAYMENT_COLUMNS = ("id", "receipt_no", "node_id", "customer_id", "session_id", "kind", "reverses_id", "amount_fen",
                   "tendered_fen", "change_fen", "applied_fen", "late_fee_fen", "prepaid_fen", "balance_before_fen",
                   "balance_after_fen", "posted_at", "posted_by", "reason_code", "reason", "approved_by",
                   "request_hash")
TENDER_COLUMNS = ("id", "payment_id", "kind", "amount_fen", "reference")
ALLOCATION_COLUMNS = ("id", "payment_id", "bill_id", "principal_fen", "late_fee_fen")
PRINT_COLUMNS = ("id", "doc_type", "doc_id", "doc_no", "copy_no", "reprint", "printed_at", "printed_by", "printer",
                 "paper")


def _month_add(period: str, months: int) -> str:
    y, m = int(period[:4]), int(period[5:7]) - 1 + months
    return f"{y + m // 12:04d}-{m % 12 + 1:02d}"


def _first(period: str) -> dt.date:
    return dt.date(int(period[:4]), int(period[5:7]), 1)


@dataclass
class _Customer:
    id: uuid.UUID
    hex: str
    kind: str
    tariff_code: str
    base_kwh: float
    multiplier: int
    register: int
    season: dict[int, float]
    profile: str  # prepay / ontime / late / arrears
    unpaid_recent: int
    vacant: bool
    prepaid: int = 0
    ytd_year: int = 0
    ytd_kwh: int = 0  # regular bills' kWh of ytd_year so far (annual tiers)
    open: dict[uuid.UUID, LedgerBill] = field(default_factory=dict)


#: A scheduled counter payment: (day, sequence, customer, pays the bills up to this period).
_Event = tuple[dt.date, int, "_Customer", str]


@dataclass
class _SessionTotals:
    id: uuid.UUID
    hex: str
    session_no: str
    month: str
    by_tender: dict[str, int] = field(default_factory=lambda: {TenderKind.CASH: 0, TenderKind.CARD: 0,
                                                              TenderKind.QR: 0, TenderKind.TRANSFER: 0})
    count: int = 0
    total: int = 0
    first_receipt: str = ""
    last_receipt: str = ""


@dataclass
class _Stats:
    customers: int = 0
    skipped_customers: int = 0
    readings: int = 0
    bills: int = 0
    billed_fen: int = 0
    offsets: int = 0
    payments: int = 0
    paid_fen: int = 0
    late_fee_fen: int = 0
    errors: list[str] = field(default_factory=list)


class _Seeder:
    def __init__(self, db: Database, settings: Settings, actor: Actor, clerk: User, approver: str, seed: int,
                 today: dt.date, now: dt.datetime) -> None:
        self.db, self.settings, self.actor, self.clerk, self.approver = db, settings, actor, clerk, approver
        self.rng = random.Random(seed)
        self.today = today
        #: the seeding time: nothing seeded is dated after it (payments, closes, bills)
        self.now = now
        #: (customer id hex, account number) of customers whose 建档时间 is after the history starts
        self.backdate: list[tuple[str, str]] = []
        with db.read() as session:
            self.hall: HallRules = hall_rules.for_node(session, actor.node_id)
        self.rules: LateFeeRules = self.hall.late_fee_rules()
        self.events: list[_Event] = []
        self.event_seq = 0
        self.sessions: dict[str, _SessionTotals] = {}
        self.stats = _Stats()
        self.customers: list[_Customer] = []
        self.by_id: dict[uuid.UUID, _Customer] = {}
        self.id_pool: list[str] = []

    # -- customers and their habits --
    def load_customers(self, session: Session, first_period: str) -> None:
        rows = session.execute(
            select(Customer.id, Customer.kind, Customer.tariff_code, Customer.capacity_kva, Customer.status,
                   Customer.area, Customer.created_at, Customer.account_no)
            .where(Customer.status != CustomerStatus.CLOSED).order_by(Customer.account_no)).all()
        history_start = utc_at(_first(first_period), 8)
        busy = set(session.scalars(select(MeterReading.customer_id).where(MeterReading.period >= first_period)
                                   .distinct()))
        last = dict(session.execute(
            select(MeterReading.customer_id, func.max(MeterReading.current)).group_by(MeterReading.customer_id)
        ).all())
        prepaid = dict(session.execute(
            select(Payment.customer_id, func.sum(Payment.prepaid_fen)).group_by(Payment.customer_id)).all())
        year = int(first_period[:4])
        ytd = dict(session.execute(
            select(Bill.customer_id, func.sum(Bill.kwh))
            .where(Bill.bill_type == BillType.REGULAR, Bill.period >= f"{year:04d}-01", Bill.period < first_period)
            .group_by(Bill.customer_id)).all())
        rng = self.rng
        for cid, kind, code, capacity, status, area, created_at, account_no in rows:
            if cid in busy:
                self.stats.skipped_customers += 1
                continue
            if created_at >= history_start:
                self.backdate.append((cid.hex, account_no))
            base, multiplier, season = self._load(kind, int(capacity))
            r = rng.random()
            if r < 0.03:
                profile, unpaid = "prepay", 0
            elif r < 0.70:
                # Village households often settle a quarter at a time at the 供电所.
                quarterly = kind == CustomerKind.RESIDENTIAL and area == Area.RURAL and rng.random() < 0.6
                profile, unpaid = "quarterly" if quarterly else "ontime", 0
            elif r < 0.80:
                profile, unpaid = "late", 0
            else:
                profile, unpaid = "arrears", 1 if r < 0.90 else 2 if r < 0.96 else 3
            c = _Customer(cid, cid.hex, kind, code, base, multiplier, int(last.get(cid) or rng.randrange(0, 20000)),
                          season, profile, unpaid, vacant=status == CustomerStatus.SUSPENDED or rng.random() < 0.02,
                          prepaid=int(prepaid.get(cid) or 0), ytd_year=year, ytd_kwh=int(ytd.get(cid) or 0))
            self.customers.append(c)
            self.by_id[cid] = c
        self.stats.customers = len(self.customers)

    def _load(self, kind: str, capacity: int) -> tuple[float, int, dict[int, float]]:
        rng = self.rng
        if kind == CustomerKind.RESIDENTIAL:
            return 80 + 320 * rng.betavariate(2, 3), 1, SEASON
        share: dict[str, float] = {CustomerKind.GENERAL_CI: rng.uniform(0.03, 0.15),
                                   CustomerKind.LARGE_INDUSTRY: rng.uniform(0.2, 0.45),
                                   CustomerKind.AGRICULTURAL: rng.uniform(0.02, 0.08),
                                   CustomerKind.PUBLIC: rng.uniform(0.05, 0.15)}
        hours = 720 * share[kind]
        base = capacity * hours
        multiplier = 1
        if capacity >= 50:
            multiplier = 200 if base > 200_000 else 100 if base > 50_000 else 40 if base > 10_000 else 20
        return base, multiplier, SEASON_AGRI if kind == CustomerKind.AGRICULTURAL else SEASON_CI

    # -- readings --
    def readings(self, session: Session, book: TariffBook, period: str, batch_id: uuid.UUID) -> int:
        rng = self.rng
        day = _first(period).replace(day=READING_DAY)
        month = day.month
        now = stored_datetime(self.now)
        day_text = day.isoformat()
        rows: list[tuple[Any, ...]] = []
        ids = new_hex_ids(len(self.customers))
        batch_hex = batch_id.hex
        user = self.actor.username
        for c, rid in zip(self.customers, ids, strict=True):
            target = 0.0 if c.vacant else c.base_kwh * c.season[month] * rng.uniform(0.85, 1.15)
            advance = int(round(target / c.multiplier))
            kwh = advance * c.multiplier
            tou = None
            try:
                tariff = book.on(c.tariff_code, day)
            except NotFound:
                tariff = None
            if tariff is not None and tariff.kind == TariffKind.TOU and kwh:
                tou = json.dumps(self._tou_split(kwh, list(tariff.prices)), separators=(",", ":"))
            rows.append((rid, c.hex, period, day_text, c.register, c.register + advance, c.multiplier, kwh, tou,
                         ReadingSource.DEMO, batch_hex, user, now))
            c.register += advance
        insert_ready(session, MeterReading, READING_COLUMNS, rows)
        return len(rows)

    def _tou_split(self, kwh: int, periods: list[str]) -> dict[str, int]:
        weights = [TOU_SHARE.get(p, 0.2) * self.rng.uniform(0.8, 1.2) for p in periods]
        total = sum(weights)
        out: dict[str, int] = {}
        left = kwh
        for p, w in zip(periods[:-1], weights[:-1], strict=True):
            share = min(left, int(kwh * w / total))
            out[p] = share
            left -= share
        out[periods[-1]] = left
        return out

    def backdate_customers(self, session: Session, history_start: dt.datetime) -> None:
        """建档时间 before the history: customers registered (or loaded) after its start get a
        registration time before it (as :func:`app.demo.loader.established_at` gives at load)."""
        if not self.backdate:
            return
        table = Customer.__table__
        for start in range(0, len(self.backdate), 20_000):
            rows = []
            for cid_hex, account_no in self.backdate[start:start + 20_000]:
                seq = int(account_no[-7:]) if account_no[-7:].isdigit() else start
                stamp = established_at(history_start, seq)
                rows.append({"b_id": uuid.UUID(cid_hex), "b_at": stamp})
            session.execute(table.update().where(table.c.id == bindparam("b_id"))  # type: ignore[attr-defined]
                            .values(created_at=bindparam("b_at"), updated_at=bindparam("b_at")), rows)
        self.backdate.clear()

    # -- payments --
    def schedule(self, c: _Customer, period: str, issue: dt.date, due: dt.date, last_period: str) -> None:
        if c.profile == "arrears" and period > _month_add(last_period, -c.unpaid_recent):
            return
        if c.profile == "quarterly" and int(period[5:7]) % 3:
            return  # paid with the quarter's last bill
        rng = self.rng
        late = c.profile == "late" or (c.profile == "arrears" and rng.random() < 0.3)
        if late:
            day = due + dt.timedelta(days=rng.randint(1, 40))
        else:
            day = issue + dt.timedelta(days=rng.randint(0, max(0, (due - issue).days - 1)))
        if day >= self.today:
            return  # paid today or later: not yet, at the seeding time (a payment is never dated ahead)
        self.event_seq += 1
        heapq.heappush(self.events, (day, self.event_seq, c, period))

    def post_due(self, session: Session, before: dt.date | None) -> None:
        """Post the scheduled payments dated before ``before`` (all when None), in date order."""
        batch: list[_Event] = []
        while self.events and (before is None or self.events[0][0] < before):
            batch.append(heapq.heappop(self.events))
        if not batch:
            return
        payments: list[tuple[Any, ...]] = []
        allocations: list[tuple[Any, ...]] = []
        tenders: list[tuple[Any, ...]] = []
        prints: list[tuple[Any, ...]] = []
        pending: list[tuple[list[Any], _SessionTotals]] = []
        rng = self.rng
        node_id, clerk, rules = self.actor.node_id, self.clerk.username, self.rules
        node_hex = node_id.hex
        late_fee_first = self.hall.late_fee_first
        limit = self.hall.max_payment_fen
        for day, _, c, upto_period in batch:
            to_pay: int | None = None  # what the customer hands over in all (set on the first pass)
            # Above the per-payment limit (hall rule max_payment_fen) the money comes as several
            # transfers, each one payment event and receipt, applied oldest bill first.
            while to_pay is None or to_pay > 0:
                owing: list[tuple[LedgerBill, int, int]] = []  # (bill, principal owed, late fee owed)
                arrears = fees = 0
                open_bills = list(c.open.values())
                if len(open_bills) > 1:
                    open_bills.sort(key=lambda b: (b.period, b.bill_no))
                for b in open_bills:
                    fee = late_fee_owed(b, c.kind, day, rules) if day > b.due_date or b.fee_paid_fen else 0
                    outstanding = b.outstanding_fen
                    arrears += outstanding
                    fees += fee
                    if b.period <= upto_period and (outstanding > 0 or fee > 0):
                        owing.append((b, max(outstanding, 0), fee))
                due = sum(p + f for _, p, f in owing)
                if to_pay is None:
                    if due <= 0:
                        break
                    to_pay = (due // 5000 + 2) * 5000 if c.profile == "prepay" else due  # ¥50–100 ahead
                amount = min(to_pay, limit)
                to_pay -= amount
                if amount >= due:  # everything owed is settled (what allocate gives too), the rest is prepaid
                    paid = [(b, p, f, True) for b, p, f in owing]
                    to_prepaid = amount - due
                else:
                    by_no = {b.bill_no: b for b, _, _ in owing}
                    allocation = allocate(amount, [OpenBill(b.bill_no, b.period, b.due_date, p, f)
                                                   for b, p, f in owing], late_fee_first)
                    paid = [(by_no[i.bill_id], i.principal_fen, i.late_fee_fen, i.settles_bill)
                            for i in allocation.items]
                    to_prepaid = allocation.prepaid_fen
                big = amount > 2_000_000 or c.kind == CustomerKind.LARGE_INDUSTRY
                kind = TenderKind.TRANSFER if big else self._tender_kind()
                tendered = amount
                if kind == TenderKind.CASH and rng.random() < 0.7:
                    tendered = -(-amount // 1000) * 1000 if amount % 1000 else amount
                    if tendered == amount and rng.random() < 0.5:
                        tendered += 5000
                posted_at = utc_at(day, 8 + int(rng.random() * 9), int(rng.random() * 60))
                totals = self._session_for(session, f"{day.year:04d}-{day.month:02d}")
                pid = self._id()
                before_balance = arrears + fees - c.prepaid
                late_fee = sum(f for _, _, f, _ in paid)
                # PAYMENT_COLUMNS order; the receipt number is filled in below.
                row = [pid, None, node_hex, c.hex, totals.hex, PaymentKind.PAYMENT, None, amount, tendered,
                       tendered - amount, amount - to_prepaid, late_fee, to_prepaid, before_balance,
                       before_balance - amount, stored_datetime(posted_at), clerk, "", "", None, None]
                pending.append((row, totals))
                tenders.append((self._id(), pid, kind, tendered,
                                "" if kind == TenderKind.CASH else f"DEMO{rng.randrange(10**11, 10**12)}"))
                for bill, principal, fee, settled in paid:
                    if not principal and not fee:
                        continue
                    allocations.append((self._id(), pid, bill.id.hex, principal, fee))
                    bill.paid_fen += principal
                    bill.fee_paid_fen += fee
                    bill.events.append((day, principal, fee))
                    if settled and bill.outstanding_fen <= 0:
                        del c.open[bill.id]
                c.prepaid += to_prepaid
                totals.by_tender[kind] += amount
                totals.count += 1
                totals.total += amount
                self.stats.payments += 1
                self.stats.paid_fen += amount
                self.stats.late_fee_fen += late_fee
        if not pending:
            return
        first = next_seq(session, node_id, "receipt", count=len(pending))
        code = self.actor.node_code
        for i, (row, totals) in enumerate(pending):
            receipt_no = format_number("receipt", code, first + i)
            row[1] = receipt_no
            totals.first_receipt = totals.first_receipt or receipt_no
            totals.last_receipt = receipt_no
            payments.append(tuple(row))
            prints.append((self._id(), DocType.RECEIPT, row[0], receipt_no, 1, 0, row[15], clerk, "演示打印机",
                           "80mm"))
        insert_ready(session, Payment, PAYMENT_COLUMNS, payments)
        insert_ready(session, PaymentTender, TENDER_COLUMNS, tenders)
        insert_ready(session, PaymentAllocation, ALLOCATION_COLUMNS, allocations)
        insert_ready(session, PrintRecord, PRINT_COLUMNS, prints)

    def _id(self) -> str:
        if not self.id_pool:
            self.id_pool = new_hex_ids(20_000)
            self.id_pool.reverse()
        return self.id_pool.pop()

    def take_bills(self, run: RunResult, period: str, issue: dt.date, issued_at: dt.datetime,
                   last_period: str) -> None:
        """Track the month's new bills (and the offsets the run posted) and schedule payments."""
        for b in run.issued:
            c = self.by_id.get(b.customer_id)
            if c is None:
                continue
            entry = LedgerBill(b.id, b.bill_no, period, BillType.REGULAR, b.amount_fen, b.due_date, issued_at)
            c.ytd_kwh += b.kwh
            for bill_id, principal, fee in run.offset_allocations.get(b.customer_id, ()):
                target = entry if bill_id == b.id else c.open.get(bill_id)
                if target is not None:
                    target.paid_fen += principal
                    target.fee_paid_fen += fee
                    target.events.append((issue, principal, fee))
                c.prepaid -= principal + fee
            if entry.outstanding_fen > 0:
                c.open[b.id] = entry
                self.schedule(c, period, issue, b.due_date, last_period)
            for bill_id in [k for k, v in c.open.items() if v.outstanding_fen <= 0]:
                del c.open[bill_id]

    def _tender_kind(self) -> str:
        r = self.rng.random()
        for kind, share in TENDER_MIX:
            if r < share:
                return kind
            r -= share
        return TenderKind.QR

    def _session_for(self, session: Session, month: str) -> _SessionTotals:
        found = self.sessions.get(month)
        if found is None:
            sid = uuid7()
            number = next_number(session, self.actor.node_id, "session")
            session.execute(insert(CashierSession).values(
                id=sid, session_no=number, node_id=self.actor.node_id, user_id=self.clerk.id,
                username=self.clerk.username, opened_at=utc_at(_first(month), 8), float_fen=FLOAT_FEN,
                status=SessionStatus.OPEN, note="演示数据", version=1))
            found = self.sessions[month] = _SessionTotals(sid, sid.hex, number, month)
        return found

    def close_sessions(self, session: Session) -> None:
        for month, totals in sorted(self.sessions.items()):
            end = _first(_month_add(month, 1)) - dt.timedelta(days=1)
            closed = min(utc_at(end, 18), self.now)
            expected = FLOAT_FEN + totals.by_tender[TenderKind.CASH]
            counts, counted = _count(expected)
            session.execute(
                update(CashierSession).where(CashierSession.id == totals.id).values(
                    status=SessionStatus.APPROVED, closed_at=closed, counted=json.dumps(counts), counted_cash_fen=counted,
                    expected_cash_fen=expected, over_short_fen=counted - expected,
                    totals=json.dumps(totals.by_tender), approved_by=self.approver, approved_at=closed,
                    version=CashierSession.version + 1))
            oplog.append(session, self.actor, OpType.SEED_DEMO_PAYMENTS, {
                "session_no": totals.session_no, "month": month, "clerk": self.clerk.username,
                "payments": totals.count, "total_fen": totals.total, "by_tender": totals.by_tender,
                "first_receipt_no": totals.first_receipt, "last_receipt_no": totals.last_receipt,
            }, "cashier_session", totals.id)


def _count(cash_fen: int) -> tuple[dict[str, int], int]:
    """A drawer count of ``cash_fen`` in notes and coins (fen below 1 角 cannot be counted)."""
    counts: dict[str, int] = {}
    left = cash_fen
    for code, d in DENOMINATIONS.items():
        if code == "coin_1":
            continue
        n, left = divmod(left, d.fen)
        if n:
            counts[code] = n
    return counts, cash_fen - left


def _demo_people(db: Database, settings: Settings) -> tuple[Actor, User, str]:
    actor = admin_actor(db, settings)
    ensure_demo_staff(db, actor)
    with db.read() as session:
        clerk = session.scalar(select(User).where(User.username == "demo01"))
        if clerk is None or clerk.role != Role.CLERK:
            clerk = session.scalar(select(User).where(User.role == Role.CLERK, User.active.is_(True))
                                   .order_by(User.created_at).limit(1))
        if clerk is None:
            raise NotFound("没有可用的营业员账号来登记演示缴费")
        approver = session.scalar(select(User.username).where(User.role == Role.SUPERVISOR).limit(1)) or actor.username
        session.expunge(clerk)
    return actor, clerk, approver


@contextmanager
def _units(db: Database) -> Iterator[Callable[[], AbstractContextManager[Session]]]:
    """Units of work for the load. SQLite: one connection with synchronous=OFF for the load (as
    the customer loader does: a crash loses the load, never half of a month — each month is one
    transaction and WAL frames are checksummed), then a checkpoint with FULL back in force.
    PostgreSQL: ordinary units of work with asynchronous commit."""
    if not db.is_sqlite:
        @contextmanager
        def pg_unit() -> Iterator[Session]:
            with db.write() as session:
                session.execute(text("SET LOCAL synchronous_commit = off"))
                yield session

        yield pg_unit
        return
    engine = db.engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.connect() as conn:
        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None
        cur = dbapi.cursor()
        restore = [f"PRAGMA {name}={cur.execute(f'PRAGMA {name}').fetchone()[0]}"
                   for name in ("synchronous", "foreign_keys", "cache_size")]
        # Outside a transaction, or SQLite ignores them. The rows are generated consistent (a
        # test runs foreign_key_check after a load); the checks would only cost time here.
        for pragma in ("PRAGMA synchronous=OFF", "PRAGMA foreign_keys=OFF", "PRAGMA cache_size=-1048576"):
            cur.execute(pragma)
        cur.close()

        @contextmanager
        def sqlite_unit() -> Iterator[Session]:
            with conn.begin(), Session(bind=conn) as session:
                yield session

        try:
            yield sqlite_unit
        finally:
            cur = dbapi.cursor()
            for pragma in restore:
                cur.execute(pragma)
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.close()


def seed_bills(db: Database, settings: Settings, months: int = 24, until_period: str | None = None, seed: int = 1,
               progress: Progress | None = None, now: dt.datetime | None = None) -> str:
    """Readings, bills and payments for the last ``months`` months; returns a report (Chinese).

    ``now`` (naive UTC; default the clock): the seeding time. Nothing is dated after it, and
    payments stop the day before it (a session of today would still be open)."""
    if not 1 <= months <= 120:
        raise ValueError("months must be 1..120")
    started = time.perf_counter()
    now = now or utcnow()
    today = local_date(now)
    last_period = until_period or _month_add(today.strftime("%Y-%m"), -1)
    if _first(last_period) > today:
        raise ValueError("until_period must not be in the future")
    first_period = _month_add(last_period, -(months - 1))
    actor, clerk, approver = _demo_people(db, settings)
    ensure_default_catalogue(db, actor)
    seeder = _Seeder(db, settings, actor, clerk, approver, seed, today, now)
    with db.read() as session:
        seeder.load_customers(session, first_period)
        book = TariffBook.load(session)
    stats = seeder.stats
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of short-lived rows and a big live state: cyclic GC would only cost time
    try:
        _load(db, settings, seeder, actor, book, first_period, last_period, months, today, progress)
    finally:
        if gc_was_enabled:
            gc.enable()
        gc.collect()
    elapsed = time.perf_counter() - started
    return _report(stats, seeder, first_period, last_period, elapsed, db)


def _load(db: Database, settings: Settings, seeder: _Seeder, actor: Actor, book: TariffBook, first_period: str,
          last_period: str, months: int, today: dt.date, progress: Progress | None) -> None:
    stats = seeder.stats
    with _units(db) as unit:
        with unit() as session:
            seeder.backdate_customers(session, utc_at(_first(first_period), 8))
        # A few months per transaction: pages shared by every month (the indexes) are written
        # once per unit, not once per month; a crash loses whole units only.
        for start in range(0, months, MONTHS_PER_UNIT):
            with unit() as session:
                for n in range(start, min(months, start + MONTHS_PER_UNIT)):
                    period = _month_add(first_period, n)
                    issue = min(_first(_month_add(period, 1)).replace(day=ISSUE_DAY), today)
                    issued_at = min(utc_at(issue, 8), seeder.now)
                    seeder.post_due(session, issue)
                    batch_id = uuid7()
                    count = seeder.readings(session, book, period, batch_id)
                    stats.readings += count
                    oplog.append(session, actor, OpType.IMPORT_READINGS, {
                        "batch_id": str(batch_id), "period": period, "rows": count, "source": ReadingSource.DEMO},
                        "reading_batch", batch_id)
                    year = int(period[:4])
                    for c in seeder.customers:
                        if c.ytd_year != year:
                            c.ytd_year, c.ytd_kwh = year, 0
                    run = run_bills(
                        session, actor, period, issue, issued_at, book=book, collect=True,
                        count_skipped=False, only=seeder.by_id.keys(),
                        known_ytd={c.id: c.ytd_kwh for c in seeder.customers},
                        known_prepaid={c.id: c.prepaid for c in seeder.customers if c.prepaid > 0})
                    oplog.append(session, actor, OpType.COMPUTE_BILLS, {
                        "period": period, "issue_date": issue.isoformat(), "due_date": run.due_date.isoformat(),
                        "count": run.bills, "total_fen": run.total_fen, "kwh": run.kwh,
                        "first_bill_no": run.first_no, "last_bill_no": run.last_no, "offsets": run.offsets,
                        "offset_fen": run.offset_fen, "offset_digest": audit.digest_hex(run.offset_digest),
                        "errors": len(run.errors), "source": "demo"},
                        "bill_run", None)
                    stats.bills += run.bills
                    stats.billed_fen += run.total_fen
                    stats.offsets += run.offsets
                    stats.errors.extend(run.errors)
                    seeder.take_bills(run, period, issue, issued_at, last_period)
                    if progress:
                        progress(n + 1, months)
        with unit() as session:
            seeder.post_due(session, None)
            seeder.close_sessions(session)


def _report(stats: _Stats, seeder: _Seeder, first: str, last: str, elapsed: float, db: Database) -> str:
    from app.domain.money import format_yuan

    arrears_customers = sum(1 for c in seeder.customers if any(b.outstanding_fen > 0 for b in c.open.values()))
    lines = [
        f"已生成演示抄表与账单：{first} 至 {last}，{stats.customers:,} 户"
        + (f"（{stats.skipped_customers:,} 户已有该期间数据，跳过）" if stats.skipped_customers else ""),
        f"  抄表 {stats.readings:,} 条，账单 {stats.bills:,} 张，合计 {format_yuan(stats.billed_fen)}；"
        f"预存抵扣 {stats.offsets:,} 笔",
        f"  柜台缴费 {stats.payments:,} 笔，合计 {format_yuan(stats.paid_fen)}（含违约金 "
        f"{format_yuan(stats.late_fee_fen)}），收费班次 {len(seeder.sessions)} 个（已日结、已审核）",
        f"  有欠费的客户 {arrears_customers:,} 户（{arrears_customers / max(1, stats.customers) * 100:.0f}%）",
    ]
    if stats.errors:
        lines.append(f"  未能计费 {len(stats.errors)} 条，例如：{stats.errors[0]}")
    lines.append(f"用时 {elapsed:.1f} 秒（{'SQLite' if db.is_sqlite else 'PostgreSQL'}）")
    return "\n".join(lines)


__all__ = ["seed_bills"]
