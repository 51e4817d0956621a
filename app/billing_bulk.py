"""The bill run (电费发行): price one period's readings for many customers at once.

Used by :func:`app.services.billing.compute_bills` and by the demo data (app.demo.bills). The
run lives inside the caller's unit of work, so it is all or nothing, and is written for volume
(100,000 customers in well under the 60 s budget on SQLite):

* the customers to bill — a reading for the period and no regular bill yet, so a second run
  of the period bills only the newcomers — are listed once, in account order, and handled in
  chunks read by account range (no long IN lists);
* year-to-date kWh come from one pass over the tables when a good share of the customers is
  billed, else per chunk; prepaid balances are read up front, under a lock
  (:func:`lock_prepaid`);
* every bill is priced by :func:`app.domain.tariffs.engine.compute_bill` with the version in force on
  the reading date (versions parsed once per run); :class:`Pricer` remembers results of cases
  that are provably identical (same tariff, usage and place on the annual ladder);
* bill numbers are reserved per chunk with one counter bump (``next_seq(count=N)``) in account
  order, and rows go in through :func:`insert_ready` (one executemany / COPY per chunk);
* a customer with a prepaid balance has the new bill settled from it at once by an ``offset``
  payment (:func:`app.services.billing.plan_offset`);
* on PostgreSQL a transaction-level advisory lock per period makes concurrent runs of the same
  period wait for each other (SQLite writers are serialised by BEGIN IMMEDIATE).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import json
import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    String,
    Table,
    Uuid,
    and_,
    case,
    exists,
    func,
    select,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased

from app.config import Settings
from app.domain.errors import DomainError, Message, term
from app.domain.messages import message_to_data
from app.domain.money import round_half_up
from app.domain.tariffs.engine import BillComputation, BillContext, compute_bill
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.usage import Usage
from app.dto import Actor
from app.numbers import format_number, next_seq
from app.services import audit
from app.services.tariffs import TariffBook
from db.models import Bill, Customer, MeterReading, Payment, PaymentAllocation, utcnow

CHUNK = 2000
#: From this many bills on, year-to-date kWh and prepaid balances are read in one pass.
SCAN_MIN = 1000
#: 2: a line's label and explanation are stored with their template (app.domain.messages
#: message_to_data), so a bill priced in a Chinese session is shown in English; 1: Chinese text.
LINES_FORMAT = 2

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class IssuedBill:
    id: uuid.UUID
    customer_id: uuid.UUID
    bill_no: str
    amount_fen: int
    due_date: dt.date
    settled_fen: int  # principal settled at issuance from prepaid (offset)
    kwh: int = 0


@dataclass
class RunResult:
    period: str
    issue_date: dt.date
    due_date: dt.date
    bills: int = 0
    total_fen: int = 0
    kwh: int = 0
    offsets: int = 0
    offset_fen: int = 0
    offset_digest: int = 0  # app.services.audit.offset_digest of the offsets written (the reconcile)
    already_billed: int = 0
    no_reading: int = 0
    first_no: str = ""
    last_no: str = ""
    errors: list[str] = field(default_factory=list)
    issued: list[IssuedBill] = field(default_factory=list)
    #: per customer, the offset allocations posted at issuance (collect only)
    offset_allocations: dict[uuid.UUID, list[tuple[uuid.UUID, int, int]]] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return self.already_billed + self.no_reading


#: Order of the fields of one stored bill line (Bill.lines["lines"] holds one list per line).
LINE_FIELDS = ("code", "label", "quantity", "unit", "price", "amount_fen", "explanation")


def _lines_fragment(comp: BillComputation) -> str:
    """The lines as stored (format 2): label and explanation keep their template and parameters."""
    return json.dumps([[ln.code, message_to_data(ln.label), str(ln.quantity), ln.unit, str(ln.price), ln.amount_fen,
                        message_to_data(ln.explanation)]
                       for ln in comp.lines], ensure_ascii=False, separators=(",", ":"))


def bill_lines_json(comp: BillComputation, ytd_before: Decimal, low_income: bool, capacity_kva: int | None,
                    lines_fragment: str | None = None, extra: str = "") -> str:
    """The stored explanation of a bill (Bill.lines): every line exactly as priced and printed
    (:data:`LINE_FIELDS`), and the facts it was priced from that the bill row does not hold
    (the tariff version and the reading are the bill's ``tariff_version_id`` / ``reading_id``).
    Compact: a bill run stores hundreds of thousands of these."""
    lines = lines_fragment if lines_fragment is not None else _lines_fragment(comp)
    return (f'{{"format":{LINES_FORMAT},"ytd_before_kwh":{json.dumps(str(ytd_before))},'
            f'"low_income":{"true" if low_income else "false"},'
            f'"capacity_kva":{"null" if capacity_kva is None else int(capacity_kva)},'
            f'"lines":{lines},"total_fen":{comp.total_fen}{extra}}}')


class Pricer:
    """compute_bill with a memory: a bill run prices thousands of identical cases.

    A bill's lines depend on the year-to-date kWh only through where the bill falls on an
    annual ladder (阶梯). When the tariff has no annual ladder, or the bill's whole range
    (ytd, ytd + kWh] lies inside one band, any other year-to-date with the same property
    gives the same lines, so those cases share one computation; every other case is computed
    afresh. The result is always exactly compute_bill's (a test compares them)."""

    def __init__(self) -> None:
        self._memo: dict[tuple[Any, ...], tuple[BillComputation, str]] = {}

    @staticmethod
    def _ladder_key(tariff: Tariff, ytd: Decimal, total: Decimal) -> Any:
        ladder = tariff.tiers if tariff.kind == "tiered" else tariff.tier_markups if tariff.kind == "tou" else None
        if ladder is None or ladder.basis != "annual":
            return None
        lower = Decimal(0)
        for i, band in enumerate(ladder.bands):
            upper = band.upto_kwh
            if ytd >= lower and (upper is None or ytd + total <= upper):
                return ("band", i)
            if upper is not None:
                lower = upper
        return ("ytd", ytd)

    def price(self, tariff: Tariff, usage: Usage, bill_date: dt.date, ytd: Decimal, low_income: bool,
              capacity_kva: Decimal | None, months: int = 1, supply_months: int = 12) -> tuple[BillComputation, str]:
        """(computation, stored lines fragment)."""
        if tariff.prorate_first_year and supply_months < 12:
            ladder_key: Any = ("ytd", ytd, supply_months)  # pro-rated thresholds: no sharing by band
        else:
            ladder_key = self._ladder_key(tariff, ytd, usage.total_kwh)
        key = (id(tariff), usage.total_kwh, usage.by_period, low_income, capacity_kva, months, ladder_key)
        found = self._memo.get(key)
        if found is None:
            comp = compute_bill(tariff, usage, BillContext(bill_date=bill_date, year_to_date_kwh=ytd,
                                                           low_income=low_income, capacity_kva=capacity_kva,
                                                           months=months, supply_months=supply_months))
            found = (comp, _lines_fragment(comp))
            if len(self._memo) < 200_000:
                self._memo[key] = found
        elif not tariff.effective_on(bill_date):  # pragma: no cover - the book picks versions in force
            raise DomainError("电价 {code} 在 {date} 不适用", code=tariff.code, date=bill_date)
        return found


def months_between(previous_period: str | None, period: str) -> int:
    """How many months a reading covers: from the previous reading's period (a bimonthly reading:
    2); 1 for a customer's first reading; at most 12 (issue 6 item 18)."""
    if not previous_period:
        return 1
    months = (int(period[:4]) * 12 + int(period[5:7])) - (int(previous_period[:4]) * 12 + int(previous_period[5:7]))
    return min(max(months, 1), 12)


def supply_months(connected: dt.date | None, year: int) -> int:
    """Months of supply in ``year`` of a customer connected on ``connected`` (the month of
    connection counts): 12 unless the customer was connected during that year."""
    if connected is None or connected.year != year:
        return 12
    return 13 - connected.month


def _split_kwh(value: int, days: int, total_days: int) -> int:
    return int((Decimal(value) * days / total_days).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def _split_usage(usage: Usage, days: int, total_days: int) -> tuple[Usage, Usage]:
    """The kWh of the first ``days`` of a ``total_days`` reading period, and the rest: whole kWh
    pro rata (half-up), per TOU period when the meter registers them."""
    if usage.by_period:
        first = {p: _split_kwh(int(k), days, total_days) for p, k in usage.by_period}
        rest = {p: int(k) - first[p] for p, k in usage.by_period}
        return Usage.tou(first), Usage.tou(rest)
    first_kwh = _split_kwh(int(usage.total_kwh), days, total_days)
    return Usage.of(first_kwh), Usage.of(int(usage.total_kwh) - first_kwh)


@dataclass(frozen=True)
class PricedReading:
    """A reading priced: the computation (both parts' lines when the period was split at a price
    change), what to store beside the lines, and the version in force on the reading date."""

    comp: BillComputation
    tariff: Tariff
    fragment: str | None = None  # the stored lines, when the Pricer made them
    extra: str = ""  # more stored facts (',"parts":[...]'), JSON members with a leading comma
    prior_year_kwh: int = 0  # kWh of this bill counted toward the previous year's tiers


def price_reading(book: TariffBook, pricer: Pricer, code: str, period: str, reading_date: dt.date,
                  previous_date: dt.date | None, months: int, usage: Usage, ytd_before: Decimal,
                  prior_ytd: Callable[[], Decimal], low_income: bool, capacity: Decimal | None,
                  connected: dt.date | None) -> PricedReading:
    """Price one reading (issue 6 items 18 and 21).

    The version in force on the reading date prices the period — unless it took effect inside
    the period (after the previous reading) and says ``split_by_days``: then the kWh are split
    by days before / after its ``effective_from`` (whole kWh, pro rata) and each part is priced
    by its own version, with its share of the period's months, and counted toward the tiers of
    its own year (the part before a 1 January change toward the previous year: ``prior_ytd``).
    ``capacity`` None: the tariff has no capacity charge."""
    tariff = book.on(code, reading_date)
    year = int(period[:4])
    change = tariff.effective_from
    old: Tariff | None = None
    if previous_date is not None and previous_date < change <= reading_date and tariff.split_by_days:
        try:
            old = book.on(code, change - dt.timedelta(days=1))
        except DomainError:
            old = None  # nothing before this version: the whole period at its price
    if old is None:
        comp, fragment = pricer.price(tariff, usage, reading_date, ytd_before, low_income,
                                      capacity if tariff.capacity_price is not None else None, months,
                                      supply_months(connected, year))
        return PricedReading(comp, tariff, fragment)

    assert previous_date is not None
    total_days = (reading_date - previous_date).days
    days_before = (change - previous_date).days
    first, second = _split_usage(usage, days_before, total_days)
    before_year = (change - dt.timedelta(days=1)).year
    parts = []
    lines = []
    ytd_after_first = ytd_before
    prior_year_kwh = 0
    spans = ((old, first, previous_date, change - dt.timedelta(days=1), days_before, term("调价前")),
             (tariff, second, change, reading_date - dt.timedelta(days=1), total_days - days_before, term("调价后")))
    # The low-income allowance of the whole period is shared out by days in whole kWh (the two
    # parts add up to it) when both versions grant the same monthly allowance.
    free_first: Decimal | None = None
    free_parts: dict[int, Decimal] = {}
    if low_income and old.low_income_free_kwh == tariff.low_income_free_kwh:
        allowance = tariff.low_income_free_kwh * months
        free_first = round_half_up(allowance * days_before / total_days, Decimal(1))
        free_parts = {id(old): free_first, id(tariff): allowance - free_first}
    for version, part_usage, day1, day2, days, tag in spans:
        part_year = day2.year if version is old else year
        if version is old and before_year < year:
            ytd = prior_ytd()
            prior_year_kwh = int(part_usage.total_kwh)
        else:
            ytd = ytd_after_first
        part = compute_bill(version, part_usage, BillContext(
            bill_date=day2 if version is old else reading_date, year_to_date_kwh=ytd, low_income=low_income,
            months=months, share=Decimal(days) / total_days,
            capacity_kva=capacity if version.capacity_price is not None else None,
            supply_months=supply_months(connected, part_year),
            free_kwh=None if free_first is None else free_parts[id(version)]))
        if version is old and before_year == year:
            ytd_after_first = ytd_before + part_usage.total_kwh
        lines += [dataclasses.replace(
            ln, label=Message("{label}（{tag}）", label=term(ln.label), tag=tag),
            explanation=Message("{explanation}（{first}至{last}，{days} 天 {kwh} kWh，按 {version_from} 起执行的价格）",
                                explanation=term(ln.explanation), first=day1.isoformat(), last=day2.isoformat(),
                                days=days, kwh=part_usage.total_kwh, version_from=version.effective_from.isoformat()))
                  for ln in part.lines]
        parts.append({"from": day1.isoformat(), "to": day2.isoformat(), "days": days,
                      "kwh": str(part_usage.total_kwh), "version_from": version.effective_from.isoformat(),
                      "year": part_year, "total_fen": part.total_fen})
    comp = BillComputation(tariff.code, tariff.name, tariff.effective_from, usage.total_kwh, tuple(lines),
                           sum(ln.amount_fen for ln in lines), ytd_before + usage.total_kwh - prior_year_kwh)
    extra = f',"parts":{json.dumps(parts, ensure_ascii=False, separators=(",", ":"))}'
    if prior_year_kwh:
        extra += f',"prior_year_kwh":{prior_year_kwh}'
    return PricedReading(comp, tariff, None, extra, prior_year_kwh)


_id_lock = threading.Lock()
_id_clock = [0, 0]  # last millisecond used, next 12-bit sequence value in it


def _as_date(value: Any) -> dt.date | None:
    """A date read through a scalar subquery (SQLite hands it back as ISO text)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def local_day(utc_naive: Any) -> dt.date | None:
    """The local day of a stored naive-UTC timestamp (the customer's 建档 time)."""
    if utc_naive is None:
        return None
    from app.services.billing import local_date  # billing imports us

    if not isinstance(utc_naive, dt.datetime):
        utc_naive = dt.datetime.fromisoformat(str(utc_naive))
    return local_date(utc_naive)


def _id_values(count: int) -> list[int]:
    with _id_lock:
        now = time.time_ns() // 1_000_000
        if now > _id_clock[0]:
            _id_clock[0], _id_clock[1] = now, 0
        start = _id_clock[0] * 4096 + _id_clock[1]  # (ms, seq) as one number
        _id_clock[0], _id_clock[1] = divmod(start + count, 4096)
    # Uniqueness only needs the random bits to differ between batches and processes, which
    # a fresh 128-bit OS seed per batch gives; they carry no secret.
    bits = random.Random(int.from_bytes(os.urandom(16), "big")).getrandbits
    version_variant = 0x7 << 76 | 0b10 << 62
    return [((n >> 12) & 0xFFFF_FFFF_FFFF) << 80 | (n & 0xFFF) << 64 | version_variant | bits(62)
            for n in range(start, start + count)]


def new_ids(count: int) -> list[uuid.UUID]:
    """``count`` UUIDv7 keys (RFC 9562), increasing: like :func:`db.keys.uuid7` (time-ordered,
    a 12-bit sequence within the millisecond, 62 random bits) without its per-id cost — one
    clock read and one ``urandom`` seed per batch."""
    if count <= 0:
        return []
    out: list[uuid.UUID] = []
    new = object.__new__
    setattr_ = object.__setattr__
    unknown = uuid.SafeUUID.unknown
    for value in _id_values(count):
        u = new(uuid.UUID)
        setattr_(u, "int", value)
        setattr_(u, "is_safe", unknown)
        out.append(u)
    return out


def new_hex_ids(count: int) -> list[str]:
    """:func:`new_ids` as 32 hex digits — what SQLite stores and PostgreSQL's uuid input reads —
    for rows that go straight to :func:`fast_insert`."""
    return [f"{v:032x}" for v in _id_values(count)] if count > 0 else []


def _uuid_text(v: Any) -> Any:
    """A Uuid value in storage form (32 hex digits; it may arrive as stored text already)."""
    return v if v is None or v.__class__ is str else f"{v.int:032x}"


def _sqlite_converter(column: Any) -> Callable[[Any], Any] | None:
    """How SQLAlchemy itself stores a column's Python value on SQLite (Uuid: 32 hex digits,
    DateTime: ISO text with microseconds, Date: ISO text, Boolean: 0/1); None: as is."""
    kind = type(column.type)
    if issubclass(kind, Uuid):
        return _uuid_text
    if issubclass(kind, DateTime):
        return lambda v: None if v is None else v.isoformat(" ", "microseconds")
    if issubclass(kind, Date):
        return lambda v: None if v is None else v.isoformat()
    if issubclass(kind, Boolean):
        return lambda v: None if v is None else int(v)
    return None


def stored_datetime(value: dt.datetime) -> str:
    """A naive UTC timestamp as SQLAlchemy stores it on SQLite (PostgreSQL reads the same text)."""
    return value.isoformat(" ", "microseconds")


def insert_ready(session: Session, model: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT rows whose values are already in storage form, in the session's transaction.

    ``columns`` names every column of the table (any order); values: Uuid as 32 hex digits,
    DateTime as :func:`stored_datetime` text, Date as ISO text, Boolean as 0/1, the rest as
    is — exactly what SQLAlchemy writes on SQLite, and text PostgreSQL's COPY reads. The hot
    loops of the bill run and the demo data build these tuples directly: no per-value
    conversion on the way. SQLite: one ``executemany``; PostgreSQL: ``COPY … FROM STDIN``."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    if sorted(columns) != sorted(c.name for c in table.columns):
        raise ValueError(f"insert_ready into {table.name}: columns {sorted(columns)} do not match the table")
    dbapi = session.connection().connection.dbapi_connection
    assert dbapi is not None
    if session.get_bind().dialect.name == "sqlite":
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        cur = dbapi.cursor()
        try:
            cur.executemany(sql, rows)
        finally:
            cur.close()
        return
    pg: Any = dbapi  # psycopg 3
    with pg.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row(r)


def fast_insert(session: Session, model: Any, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT many rows (dicts of Python values) in the session's transaction, without the ORM's
    per-row cost: each value converted as SQLAlchemy would store it, then :func:`insert_ready`.

    Every column must be given (no Python-side defaults are applied); a Uuid column takes a
    ``uuid.UUID`` or its 32 hex digits (:func:`new_hex_ids`)."""
    if not rows:
        return
    table = cast(Table, model.__table__)
    columns = [c.name for c in table.columns]
    missing = set(columns) - set(rows[0])
    if missing:
        raise ValueError(f"fast_insert into {table.name}: missing columns {sorted(missing)}")
    converters = [_sqlite_converter(c) for c in table.columns]
    tuples = list(map(itemgetter(*columns), rows))
    by_column = list(zip(*tuples, strict=True))
    for i, conv in enumerate(converters):
        if conv is _uuid_text:  # 32 hex digits already (new_hex_ids, raw reads) pass as they are
            by_column[i] = tuple(v if v is None or v.__class__ is str else f"{v.int:032x}" for v in by_column[i])
        elif conv is not None:
            memo: dict[Any, Any] = {}  # dates and issue times repeat across a batch
            by_column[i] = tuple(memo[v] if v in memo else memo.setdefault(v, conv(v)) for v in by_column[i])
    insert_ready(session, model, columns, list(zip(*by_column, strict=True)))


BILL_COLUMNS = ("id", "bill_no", "node_id", "customer_id", "period", "bill_type", "adjusts_bill_id", "reading_id",
                "tariff_code", "tariff_version_id", "kwh", "amount_fen", "due_date", "issued_at", "lines", "note",
                "created_by")


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _unbilled(period: str) -> Any:
    return ~exists().where(and_(Bill.customer_id == MeterReading.customer_id, Bill.period == period,
                                Bill.bill_type == "regular"))


def count_pending(session: Session, period: str) -> tuple[int, int]:
    """(customers a run of ``period`` would bill, readings of ``period`` already billed): what the
    bill run's confirmation says before anything is written (电费核算 asks with these figures)."""
    conn = session.connection()
    # One pass over the period's readings (there is no index on the period alone).
    readings, billed = conn.execute(
        select(func.count(), func.coalesce(func.sum(case((~_unbilled(period), 1), else_=0)), 0))
        .select_from(MeterReading).where(MeterReading.period == period)).one()
    return int(readings) - int(billed), int(billed)


def latest_pending_period(session: Session) -> str | None:
    """The latest period with readings, when some of them have no bill yet; else None.

    Only the latest period is looked at: readings come in month after month, so an older
    period with readings still unbilled is an exception the supervisor types in."""
    conn = session.connection()
    latest = conn.scalar(select(func.max(MeterReading.period)))
    if latest is None:
        return None
    unbilled = conn.scalar(select(MeterReading.id).where(MeterReading.period == latest, _unbilled(latest)).limit(1))
    return str(latest) if unbilled is not None else None


def lock_prepaid(conn: Any, period: str, todo: Sequence[Any], scan: bool) -> dict[uuid.UUID, int]:
    """Lock the customers of ``todo`` ((id, account_no) rows, in account order) who have a prepaid
    balance, and return their balances (``customer.prepaid_fen``) as read under the lock.

    The run spends these balances (offset payments): without the lock a reversal or refund of
    a prepayment committing meanwhile left the run spending money that was gone (issue 7 #1).
    Locked in account order — the order the bills import locks in — so two lockers never wait
    for each other in a circle; only customers with a balance, so counter payments for everyone
    else go on during the run. PostgreSQL: SELECT … FOR UPDATE (a waiting lock re-reads the row,
    so the balance returned is the committed one). SQLite: FOR UPDATE is not rendered; the run's
    BEGIN IMMEDIATE already keeps every other writer out until it commits."""
    query = (select(Customer.id, Customer.prepaid_fen).where(Customer.prepaid_fen > 0)
             .order_by(Customer.account_no).with_for_update(of=Customer))
    if scan:
        rows = conn.execute(query.join(MeterReading, and_(MeterReading.customer_id == Customer.id,
                                                          MeterReading.period == period))
                            .where(_unbilled(period))).all()
        wanted = {row[0] for row in todo}
        return {cid: int(amount) for cid, amount in rows if cid in wanted}
    out: dict[uuid.UUID, int] = {}
    for part in _chunks(todo, 900):  # todo is in account order: so are the locks across parts
        out.update({cid: int(amount) for cid, amount in
                    conn.execute(query.where(Customer.id.in_([row[0] for row in part]))).all()})
    return out


def run_bills(session: Session, settings: Settings, actor: Actor, period: str, issue_date: dt.date,
              issued_at: dt.datetime | None = None, *, book: TariffBook | None = None, chunk: int = CHUNK,
              collect: bool = False, count_skipped: bool = True, progress: Progress | None = None,
              only: Collection[uuid.UUID] | None = None, known_ytd: Mapping[uuid.UUID, int] | None = None,
              known_prepaid: Mapping[uuid.UUID, int] | None = None) -> RunResult:
    """Bill every customer with a reading for ``period`` and no regular bill for it yet.

    ``only``: just these customers. ``known_ytd`` / ``known_prepaid`` (customer id → year-to-date
    kWh before ``period`` / prepaid balance, complete for the customers billed) spare the two
    lookups for a caller that keeps them itself (the demo data); the services never pass them."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # hundreds of thousands of short-lived rows: cyclic GC passes would only cost time
    try:
        return _run_bills(session, settings, actor, period, issue_date, issued_at or utcnow(),
                          book or TariffBook.load(session), chunk, collect, count_skipped, progress, only,
                          known_ytd, known_prepaid)
    finally:
        if gc_was_enabled:
            gc.enable()


def _run_bills(session: Session, settings: Settings, actor: Actor, period: str, issue_date: dt.date,
               issued_at: dt.datetime, book: TariffBook, chunk: int, collect: bool, count_skipped: bool,
               progress: Progress | None, only: Collection[uuid.UUID] | None,
               known_ytd: Mapping[uuid.UUID, int] | None, known_prepaid: Mapping[uuid.UUID, int] | None
               ) -> RunResult:
    from app.services import hall_rules
    from app.services.billing import load_open_ledgers, plan_offset  # billing imports us

    hall = hall_rules.for_node(session, actor.node_id)  # the rules of the hall issuing the bills
    due = issue_date + dt.timedelta(days=hall.bill_due_days)
    result = RunResult(period, issue_date, due)
    conn = session.connection()  # Core rows: the ORM's per-row loading is not needed here
    if conn.dialect.name == "postgresql":
        # Two supervisors starting the same period's run: the second waits here, and then sees
        # the first one's bills (SQLite writers are serialised by BEGIN IMMEDIATE already).
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"gridcounter.bills.{period}"})
    year_start = f"{period[:4]}-01"

    if count_skipped:
        result.already_billed = conn.scalar(
            select(func.count()).select_from(MeterReading)
            .where(MeterReading.period == period, ~_unbilled(period))) or 0
        result.no_reading = conn.scalar(
            select(func.count()).select_from(Customer)
            .where(Customer.status != "closed",
                   ~exists().where(and_(MeterReading.customer_id == Customer.id, MeterReading.period == period)))
        ) or 0

    # Who is to be billed, in account order (the order of the bill numbers). The chunks below
    # read their rows by account range: no long IN lists, the same index walk as this query.
    pending = (select(MeterReading.customer_id, Customer.account_no)
               .join(Customer, Customer.id == MeterReading.customer_id)
               .where(MeterReading.period == period, _unbilled(period)).order_by(Customer.account_no))
    if only is not None and len(only) <= SCAN_MIN:  # a few named customers: look them up by key
        todo = [row for part in _chunks(list(only), 900)
                for row in conn.execute(pending.where(MeterReading.customer_id.in_(part))).all()]
        todo.sort(key=lambda row: row[1])
    else:
        todo = list(conn.execute(pending).all())
        if only is not None:
            todo = [row for row in todo if row[0] in only]
    total = len(todo)
    done = 0
    node_code = actor.node_code

    ytd_query = (select(Bill.customer_id, func.sum(Bill.kwh))
                 .where(Bill.bill_type == "regular", Bill.period >= year_start, Bill.period < period)
                 .group_by(Bill.customer_id))
    # Year-to-date kWh also count adjustment bills (退补, either sign) by the period of the bill
    # they correct, and leave out the part of a split bill counted toward the previous year
    # (issue 6 items 18, 19 and 21): both are rare, read apart from the plain sum.
    corrected = aliased(Bill)
    adjust_query = (select(Bill.customer_id, func.sum(Bill.kwh))
                    .join(corrected, corrected.id == Bill.adjusts_bill_id)
                    .where(Bill.bill_type == "adjustment", Bill.kwh != 0, corrected.period >= year_start,
                           corrected.period < period)
                    .group_by(Bill.customer_id))
    year = int(period[:4])
    changes_at_new_year = any(dt.date(year - 1, 10, 1) < t.effective_from <= dt.date(year, 1, 1)
                              for t in book.tariffs)
    prior_query = (select(Bill.customer_id, Bill.lines)
                   .where(Bill.bill_type == "regular", Bill.period >= year_start, Bill.period < period,
                          Bill.period <= f"{year}-03", Bill.lines.like('%"prior_year_kwh"%')))

    def adjusted_ytd(base: Mapping[uuid.UUID, int], ids: Collection[uuid.UUID] | None) -> dict[uuid.UUID, int]:
        out = {cid: int(v or 0) for cid, v in base.items()}
        extra = adjust_query if ids is None else adjust_query.where(Bill.customer_id.in_(ids))
        for cid, kwh in conn.execute(extra).all():
            out[cid] = out.get(cid, 0) + int(kwh or 0)
        if changes_at_new_year:
            prior = prior_query if ids is None else prior_query.where(Bill.customer_id.in_(ids))
            for cid, doc in conn.execute(prior).all():
                out[cid] = out.get(cid, 0) - int(json.loads(doc).get("prior_year_kwh", 0))
        return out

    def previous_year_kwh(cid: uuid.UUID) -> Decimal:
        """kWh of the year before ``period``'s, all of it (a split bill's first part)."""
        last = f"{year - 1}-01"
        regular = conn.scalar(select(func.coalesce(func.sum(Bill.kwh), 0)).where(
            Bill.customer_id == cid, Bill.bill_type == "regular", Bill.period >= last, Bill.period < year_start))
        adjusted = conn.scalar(select(func.coalesce(func.sum(Bill.kwh), 0))
                               .join(corrected, corrected.id == Bill.adjusts_bill_id)
                               .where(Bill.customer_id == cid, Bill.bill_type == "adjustment",
                                      corrected.period >= last, corrected.period < year_start))
        return Decimal(int(regular or 0) + int(adjusted or 0))
    # Billing a good share of the customers: one pass over the tables beats thousands of
    # per-customer index probes (each customer has years of bills and payments).
    scan = total >= SCAN_MIN and total * 10 >= (conn.scalar(select(func.count()).select_from(Customer)) or 0)
    all_ytd: Mapping[uuid.UUID, int] = known_ytd if known_ytd is not None else (
        adjusted_ytd(dict(conn.execute(ytd_query).all()), None) if scan else {})
    all_prepaid: Mapping[uuid.UUID, int] = (known_prepaid if known_prepaid is not None
                                            else lock_prepaid(conn, period, todo, scan and only is None))
    bulk_ytd = known_ytd is not None or scan
    pricer = Pricer()
    usages: dict[int, Usage] = {}
    earlier = aliased(MeterReading)
    previous_period = (select(func.max(earlier.period))
                       .where(earlier.customer_id == MeterReading.customer_id, earlier.period < period)
                       .correlate(MeterReading).scalar_subquery())
    before = aliased(MeterReading)
    previous_date = (select(before.reading_date)
                     .where(before.customer_id == MeterReading.customer_id, before.period == previous_period)
                     .correlate(MeterReading).scalar_subquery())

    for part in _chunks(todo, chunk):
        by_account = {account_no: cid for cid, account_no in part}
        ids = list(by_account.values())
        # The reading id is only copied into the bill: read it as stored (no UUID object per row).
        readings = [(rid, by_account[account_no], rdate, kwh, tou, account_no, *rest) for
                    rid, rdate, kwh, tou, account_no, *rest in conn.execute(
            select(type_coerce(MeterReading.id, String), MeterReading.reading_date, MeterReading.kwh,
                   MeterReading.tou_kwh, Customer.account_no, Customer.kind, Customer.low_income,
                   Customer.capacity_kva, Customer.tariff_code, Customer.created_at, previous_period,
                   previous_date)
            .join(Customer, Customer.id == MeterReading.customer_id)
            .where(MeterReading.period == period, Customer.account_no >= part[0][1],
                   Customer.account_no <= part[-1][1], _unbilled(period))
            .order_by(Customer.account_no)).all() if account_no in by_account]
        ytd = all_ytd if bulk_ytd else adjusted_ytd(
            dict(conn.execute(ytd_query.where(Bill.customer_id.in_(ids))).all()), ids)
        prepaid = {cid: all_prepaid[cid] for cid in ids if all_prepaid.get(cid, 0) > 0}

        priced: list[tuple[Any, BillComputation, uuid.UUID, str]] = []
        for r in readings:
            (_, cid, rdate, kwh, tou, account_no, kind, low_income, capacity, code, created, prev_period,
             prev_date) = r
            try:
                by_period = json.loads(tou) if tou else None
                if by_period:
                    usage = Usage.tou({p: int(v) for p, v in by_period.items()})
                else:
                    usage = usages.get(kwh) or usages.setdefault(kwh, Usage.of(int(kwh)))
                if usage.total_kwh != kwh:
                    raise DomainError("分时电量合计 {tou_kwh} 与总电量 {kwh} 不一致", tou_kwh=usage.total_kwh, kwh=kwh)
                ytd_before = Decimal(int(ytd.get(cid) or 0))
                low = low_income != "none"
                priced_reading = price_reading(
                    book, pricer, code, period, rdate, _as_date(prev_date), months_between(prev_period, period),
                    usage, ytd_before, functools.partial(previous_year_kwh, cid), low,
                    Decimal(capacity) if capacity is not None else None, local_day(created))
            except DomainError as exc:
                result.errors.append(Message("户号 {account_no}：{problem}", account_no=account_no, problem=exc.message))
                continue
            comp, tariff = priced_reading.comp, priced_reading.tariff
            version_id = book.version_id(tariff)
            has_capacity = any(ln.code == "capacity" for ln in comp.lines)
            lines = bill_lines_json(comp, ytd_before, low, capacity if has_capacity else None,
                                    priced_reading.fragment, priced_reading.extra)
            priced.append((r, comp, version_id, lines))

        if priced:
            first = next_seq(session, actor.node_id, "bill", count=len(priced))
            ids_ = new_ids(len(priced))
            node_hex, due_text, issued_text = actor.node_id.hex, due.isoformat(), stored_datetime(issued_at)
            rows: list[tuple[Any, ...]] = []
            issued: list[tuple[uuid.UUID, uuid.UUID, str, int, int]] = []
            for i, (r, comp, version_id, lines) in enumerate(priced):
                bill_no = format_number("bill", node_code, first + i)
                bill_id, cid, kwh = ids_[i], r[1], int(r[3])
                rows.append((f"{bill_id.int:032x}", bill_no, node_hex, f"{cid.int:032x}", period, "regular", None,
                             _uuid_text(r[0]), comp.tariff_code, f"{version_id.int:032x}", kwh, comp.total_fen,
                             due_text, issued_text, lines, "", actor.username))
                issued.append((bill_id, cid, bill_no, comp.total_fen, kwh))
                result.bills += 1
                result.total_fen += comp.total_fen
                result.kwh += kwh
            result.first_no = result.first_no or issued[0][2]
            result.last_no = issued[-1][2]
            insert_ready(session, Bill, BILL_COLUMNS, rows)
            settled: dict[uuid.UUID, int] = {}
            if prepaid:
                kinds = {r[1]: r[6] for r, _, _, _ in priced if r[1] in prepaid}
                payments, allocations = [], []
                # the offset pays late fees by the customer's own hall rules, as every counter does
                owners = hall_rules.for_customers(session, kinds)
                for cid, ledger in load_open_ledgers(session, kinds, prepaid).items():
                    owner = owners.get(cid, hall)
                    plan = plan_offset(ledger, actor, issue_date, owner.late_fee_first, owner.late_fee_rules(),
                                       issued_at)
                    if plan is None:
                        continue
                    payments.append(plan.payment)
                    allocations.extend(plan.allocations)
                    result.offsets += 1
                    result.offset_digest += audit.offset_digest(cid, plan.posted)
                    if collect:
                        result.offset_allocations[cid] = plan.posted
                    for bill_id, principal, fee in plan.posted:
                        result.offset_fen += principal + fee
                        settled[bill_id] = settled.get(bill_id, 0) + principal
                fast_insert(session, Payment, payments)
                fast_insert(session, PaymentAllocation, allocations)
            if collect:
                result.issued.extend(IssuedBill(bill_id, cid, bill_no, amount, due, settled.get(bill_id, 0), kwh)
                                     for bill_id, cid, bill_no, amount, kwh in issued)
        done += len(part)
        if progress:
            progress(done, total)
    return result


__all__ = [
    "CHUNK", "IssuedBill", "Pricer", "RunResult", "bill_lines_json", "fast_insert", "insert_ready", "new_hex_ids",
    "new_ids", "run_bills", "stored_datetime",
]
