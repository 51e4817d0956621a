"""Bulk loading of demo customers (演示数据批量导入), without going through
:func:`app.services.customers.register_customer` one row at a time.

The rows are exactly what the service would write: account numbers are the node code plus the
7-digit ``node.account_seq`` (advanced by the whole range up front, as ``_issue_account_no``
does one at a time), UUIDv7 ids, search keys from :func:`app.domain.search_keys.customer_keys`,
``version`` 1. The whole load is ONE transaction that ends with ONE ``SeedDemoData`` record
in the operation log, so the hash chain stays valid and a failure leaves nothing behind.

Speed (1,000,000 customers, ~18 million search keys; measured figures in the report):

* Generation is pure Python and about as costly as the writes, so for big loads it runs in a
  worker process (:mod:`app.demo.worker`) that streams batches through a pipe while this
  process writes: two cores both work. The data do not depend on it (one generator, one
  sequence; the worker only moves where it runs).
* Each batch's search keys are sorted (as ``key\\tcustomer_id\\tkind`` lines: tab sorts below
  every printable character, so line order is (key, customer_id) order, which is also SQLite's
  BINARY and PostgreSQL's "C" collation order): B-tree inserts then walk the index front to
  back instead of jumping around. Measured on SQLite: sorted batches 46 s for 18 M keys;
  unsorted 105 s; staging in a TEMP table and one ``INSERT … SELECT … ORDER BY`` 87 s.
* SQLite: ``executemany`` on the driver connection, ``foreign_keys`` off (the rows are
  generated consistent; 18 M parent probes are pure cost), ``synchronous=OFF`` and a 512 MiB
  cache for the load; all restored afterwards, and the WAL is checkpointed with
  ``synchronous=FULL`` back in force.
* PostgreSQL: ``COPY`` (the key lines are already COPY text). When the load is bigger than
  what is there, the search-key primary key and foreign key are dropped and re-created after
  the load (one sort instead of millions of B-tree inserts), as pg_restore does.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import pickle
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.schema import AddConstraint, DropConstraint

from app.demo.generator import GENERATOR_VERSION, CustomerGenerator
from app.domain.codes import Area, CustomerKind, LowIncome, OpType
from app.domain.pinyin import name_initials
from app.domain.search_keys import customer_keys
from app.dto.common import Actor
from app.services.permissions import check_live
from app.write_path import oplog
from db.engine import Database
from db.keys import uuid7
from db.models import Customer, CustomerSearchKey, Node, utcnow

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

#: Customer columns in the order the loaders write them.
COLUMNS = (
    "id", "account_no", "node_id", "party_type", "kind", "name", "id_type", "id_number", "area",
    "voltage_level", "capacity_kva", "tariff_code", "status", "low_income", "vip", "customer_manager",
    "contact_person", "phone", "phone2", "supply_address", "meter_no", "notes", "supply_line", "transformer_area",
    "important", "created_at", "updated_at", "version",
)
_VALUE_FIELDS = COLUMNS[3:25]  # party_type … important, straight from the generator

BATCH = 20_000
#: Below this many customers the worker process costs more than it saves.
PARALLEL_MIN = 50_000
MAX_SEQ = 9_999_999  # 户号 = node code + 7 digits


@dataclass
class LoadStats:
    count: int = 0
    first_account: str = ""
    last_account: str = ""
    keys: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    rural_residential: int = 0
    low_income: Counter[str] = field(default_factory=Counter)
    vip: int = 0
    large: int = 0
    status: Counter[str] = field(default_factory=Counter)
    generate_seconds: float = 0.0
    write_seconds: float = 0.0
    parallel: bool = False
    op_seq: int = 0

    def merge(self, other: LoadStats) -> None:
        self.keys += other.keys
        self.kinds.update(other.kinds)
        self.rural_residential += other.rural_residential
        self.low_income.update(other.low_income)
        self.vip += other.vip
        self.large += other.large
        self.status.update(other.status)
        self.generate_seconds += other.generate_seconds


@dataclass(frozen=True)
class Plan:
    """What to generate: picklable, handed to the worker process."""

    seed: int
    count: int
    node_code: str
    node_hex: str
    first_seq: int
    batch: int = BATCH
    #: demo history starts here (UTC): each customer's 建档时间 is set before it (None: now)
    established_before: dt.datetime | None = None


#: A demo customer's 建档时间 lies up to this many days before the start of its history.
ESTABLISHED_SPREAD_DAYS = 1460


def established_at(before: dt.datetime, index: int) -> dt.datetime:
    """建档时间 of the ``index``-th demo customer whose history starts at ``before``: 1 to
    :data:`ESTABLISHED_SPREAD_DAYS` days earlier, at ``before``'s time of day plus up to 9 hours
    (``before`` is a working day's 08:00, so office hours). Spread by a multiplicative hash of
    the index, not a random stream, so the generated customers stay the same for a seed."""
    h = (index * 2654435761) & 0xFFFFFFFF
    return before - dt.timedelta(days=1 + h % ESTABLISHED_SPREAD_DAYS) + dt.timedelta(minutes=(h >> 16) % 540)


class _Initials:
    """name_initials with a bounded per-name memo (a million names, ~100k distinct)."""

    def __init__(self) -> None:
        self.memo: dict[str, list[str]] = {}

    def __call__(self, name: str) -> list[str]:
        found = self.memo.get(name)
        if found is None:
            if len(self.memo) > 400_000:
                self.memo.clear()
            found = self.memo[name] = name_initials(name)
        return found


def sqlite_datetime(value: dt.datetime) -> str:
    """SQLAlchemy's SQLite DateTime storage format (what the ORM writes); PostgreSQL parses it."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


#: (customer rows in COLUMNS order, search keys, that batch's stats). The keys are sorted
#: (key, customer_id, kind) tuples, or the same as ``key\tcustomer_id\tkind`` lines joined by
#: newlines (text mode: cheap to pickle, and already COPY text).
Batch = tuple[list[tuple[Any, ...]], "list[tuple[str, str, int]] | str", LoadStats]


def produce(plan: Plan, text_keys: bool = False) -> Iterator[Batch]:
    """The batches of ``plan``, generated in this process.

    UUIDs are 32 hex digits: SQLAlchemy's ``Uuid`` storage on SQLite, and text PostgreSQL's
    uuid input accepts."""
    gen = CustomerGenerator(plan.seed)
    initials = _Initials()
    values = itemgetter(*_VALUE_FIELDS)
    code, node_id, first_seq = plan.node_code, plan.node_hex, plan.first_seq
    before = plan.established_before
    for start in range(0, plan.count, plan.batch):
        t0 = time.perf_counter()
        stats = LoadStats()
        kinds, status, low_income = stats.kinds, stats.status, stats.low_income
        now = sqlite_datetime(utcnow())
        rows: list[tuple[Any, ...]] = []
        keys: list[tuple[str, str, int]] = []
        for i in range(start, min(plan.count, start + plan.batch)):
            v = gen.customer(i)
            account_no = f"{code}{first_seq + i:07d}"
            cid = uuid7().hex
            name = v["name"]
            own = customer_keys(
                account_no=account_no, name=name, phones=[v["phone"], v["phone2"]], id_number=v["id_number"],
                meter_no=v["meter_no"], address=v["supply_address"], initials=initials(name))
            keys.extend(zip(own, repeat(cid), own.values()))
            created = now if before is None else sqlite_datetime(established_at(before, first_seq + i))
            rows.append((cid, account_no, node_id, *values(v), created, created, 1))
            kind = v["kind"]
            kinds[kind] += 1
            status[v["status"]] += 1
            if v["low_income"] != LowIncome.NONE:
                low_income[v["low_income"]] += 1
            if kind == CustomerKind.RESIDENTIAL and v["area"] == Area.RURAL:
                stats.rural_residential += 1
            if v["vip"]:
                stats.vip += 1
            if v["customer_manager"]:
                stats.large += 1
        # Stable sort on the key alone gives (key, customer_id) order: a customer's ids are
        # UUIDv7s issued in increasing order in this process, and ties keep that order.
        keys.sort(key=_first)
        stats.keys = len(keys)
        if text_keys:
            keys_text = "\n".join([f"{k}\t{c}\t{kd}" for k, c, kd in keys])
            # Cleaned text never holds these; the line format (and COPY text) relies on it.
            if keys_text.count("\t") != 2 * len(keys) or "\\" in keys_text or "\r" in keys_text:
                raise ValueError("a search key contains a tab, backslash or line break")
            stats.generate_seconds = time.perf_counter() - t0
            yield rows, keys_text, stats
        else:
            stats.generate_seconds = time.perf_counter() - t0
            yield rows, keys, stats


_first = itemgetter(0)


def _idle_cores() -> float:
    cores = os.cpu_count() or 1
    try:
        return cores - os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows: no load average
        return cores - 1.0


def use_worker(count: int, parallel: bool | None = None) -> bool:
    """Generate in a worker process? ``None``: when the load is big and a second core is idle
    (on a busy machine the pipe's pickling is pure overhead), and we are not a frozen
    executable (which cannot run ``python -m``)."""
    if parallel is None:
        return count >= PARALLEL_MIN and _idle_cores() >= 1.5 and not getattr(sys, "frozen", False)
    return parallel


def batches(plan: Plan, parallel: bool, text_keys: bool = False) -> Iterator[Batch]:
    """The batches of ``plan``: from a worker process (``parallel``), else generated here.
    Keys from the worker always come as text (pickling 18 M tuples would cost more)."""
    if not parallel:
        yield from produce(plan, text_keys)
        return
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "app.demo.worker"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env=env, cwd=root)
    except OSError as exc:  # no child processes here (sandbox): generate in-process
        log.warning("demo generator worker unavailable (%s); generating in-process", exc)
        yield from produce(plan, text_keys)
        return
    assert proc.stdin is not None and proc.stdout is not None
    try:
        pickle.dump(plan, proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        proc.stdin.close()
        while True:
            try:
                tag, payload = pickle.load(proc.stdout)
            except EOFError:
                raise RuntimeError(f"演示数据生成进程意外退出（退出码 {proc.wait()}）") from None
            if tag == "batch":
                yield payload
            elif tag == "done":
                break
            else:
                raise RuntimeError(f"演示数据生成进程出错：\n{payload}")
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def _reserve_accounts(session: Session, node_id: Any, count: int) -> tuple[Node, int]:
    """Advance node.account_seq by ``count`` (row-locked, like ``_issue_account_no``)."""
    node = session.get(Node, node_id)
    assert node is not None
    row = session.execute(update(Node).where(Node.id == node_id)
                          .values(account_seq=Node.account_seq + count)
                          .returning(Node.account_seq)).one()
    last = int(row[0])
    if last > MAX_SEQ:
        raise ValueError(f"节点{node.code}的户号序列将超过{MAX_SEQ}，无法再生成{count}户")
    return node, last - count + 1


def _plan(session: Session, actor: Actor, seed: int, count: int, stats: LoadStats,
          established_before: dt.datetime | None = None) -> Plan:
    check_live(session, actor)  # user row before node row, the lock order of oplog.append
    node, first_seq = _reserve_accounts(session, actor.node_id, count)
    session.flush()
    stats.first_account = f"{node.code}{first_seq:07d}"
    stats.last_account = f"{node.code}{first_seq + count - 1:07d}"
    return Plan(seed, count, node.code, node.id.hex, first_seq, established_before=established_before)


def _finish(session: Session, actor: Actor, seed: int, stats: LoadStats) -> None:
    info = oplog.append(session, actor, OpType.SEED_DEMO_DATA, {
        "count": stats.count, "seed": seed, "generator_version": GENERATOR_VERSION,
        "first_account": stats.first_account, "last_account": stats.last_account,
        "search_keys": stats.keys, "kinds": dict(sorted(stats.kinds.items())),
    }, "node", actor.node_id)
    session.flush()
    stats.op_seq = info.seq


def _split_line(line: str) -> list[str]:
    return line.split("\t")


# --- SQLite ---------------------------------------------------------------------------------

_SQLITE_LOAD_PRAGMAS = (
    "PRAGMA foreign_keys=OFF",
    "PRAGMA synchronous=OFF",
    "PRAGMA cache_size=-524288",  # 512 MiB: the indexes being filled stay in memory
)
_SQLITE_RESTORE = ("foreign_keys", "synchronous", "cache_size")


def _sqlite_pragmas(dbapi: Any, pragmas: tuple[str, ...]) -> None:
    cur = dbapi.cursor()
    for pragma in pragmas:
        cur.execute(pragma)
    cur.close()


def load_sqlite(db: Database, actor: Actor, seed: int, count: int, progress: Progress | None,
                stats: LoadStats, parallel: bool | None = None, established_before: dt.datetime | None = None
                ) -> None:
    engine = db.engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.connect() as conn:
        dbapi: Any = conn.connection.dbapi_connection
        cur = dbapi.cursor()
        restore = tuple(f"PRAGMA {name}={cur.execute(f'PRAGMA {name}').fetchone()[0]}"
                        for name in _SQLITE_RESTORE)
        cur.close()
        # Outside any transaction: SQLite ignores foreign_keys / synchronous changes inside one.
        _sqlite_pragmas(dbapi, _SQLITE_LOAD_PRAGMAS)
        try:
            with conn.begin(), Session(bind=conn) as session:
                plan = _plan(session, actor, seed, count, stats, established_before)
                _sqlite_write(dbapi, plan, progress, stats, parallel)
                t0 = time.perf_counter()
                _finish(session, actor, seed, stats)
                stats.write_seconds += time.perf_counter() - t0
        finally:
            _sqlite_pragmas(dbapi, restore)
        t0 = time.perf_counter()
        # The WAL holds the whole load, committed without fsync: a power cut before this point
        # loses the load as a whole (WAL frames are checksummed; a torn commit is discarded).
        # The checkpoint, with synchronous=FULL back in force, syncs it into the database file.
        cur = dbapi.cursor()
        busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        cur.close()
        if busy:  # a reader held the WAL: SQLite's next checkpoint finishes (and syncs) it
            log.warning("demo load committed, but the WAL checkpoint was blocked by a reader")
        stats.write_seconds += time.perf_counter() - t0


def _sqlite_write(dbapi: Any, plan: Plan, progress: Progress | None, stats: LoadStats,
                  parallel: bool | None) -> None:
    cur = dbapi.cursor()
    insert_customer = f"INSERT INTO customer ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
    insert_key = "INSERT INTO customer_search_key (key, customer_id, kind) VALUES (?, ?, ?)"
    # Secondary indexes of an empty-ish customer table are cheaper built once, sorted, after
    # the load (the DDL is part of the transaction, and re-created from its own stored SQL).
    existing = cur.execute("SELECT count(*) FROM customer").fetchone()[0]
    indexes = cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customer' "
                          "AND sql IS NOT NULL").fetchall() if existing < plan.count else []
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    done = 0
    stats.parallel = use_worker(plan.count, parallel)
    for rows, keys, batch_stats in batches(plan, stats.parallel):
        t0 = time.perf_counter()
        cur.executemany(insert_customer, rows)
        if isinstance(keys, str):
            # Text from the worker: kind arrives as text; SMALLINT's integer affinity stores it
            # as an integer, as the ORM would.
            cur.executemany(insert_key, map(_split_line, keys.split("\n")))
        else:
            cur.executemany(insert_key, keys)
        stats.write_seconds += time.perf_counter() - t0
        stats.merge(batch_stats)
        done += len(rows)
        stats.count = done
        if progress:
            progress(done, plan.count)
    t0 = time.perf_counter()
    for _, sql in indexes:
        cur.execute(sql)
    stats.write_seconds += time.perf_counter() - t0
    cur.close()


# --- PostgreSQL -------------------------------------------------------------------------------

def load_postgres(db: Database, actor: Actor, seed: int, count: int, progress: Progress | None,
                  stats: LoadStats, parallel: bool | None = None, established_before: dt.datetime | None = None
                  ) -> None:
    table = cast(Table, CustomerSearchKey.__table__)
    with db.engine.connect() as conn, conn.begin(), Session(bind=conn) as session:
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
        dbapi: Any = conn.connection.dbapi_connection
        plan = _plan(session, actor, seed, count, stats, established_before)
        existing = session.scalar(select(func.count()).select_from(Customer)) or 0
        rebuild = existing < count  # re-creating the index sorts the whole table: worth it then
        constraints = [table.primary_key, *table.foreign_key_constraints]
        if rebuild:
            for constraint in reversed(constraints):
                conn.execute(DropConstraint(constraint))
        done = 0
        stats.parallel = use_worker(plan.count, parallel)
        with dbapi.cursor() as cur:
            for rows, keys, batch_stats in batches(plan, stats.parallel, text_keys=True):
                t0 = time.perf_counter()
                with cur.copy(f"COPY customer ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                if keys:
                    with cur.copy("COPY customer_search_key (key, customer_id, kind) FROM STDIN") as copy:
                        copy.write(keys)
                        copy.write("\n")
                stats.write_seconds += time.perf_counter() - t0
                stats.merge(batch_stats)
                done += len(rows)
                stats.count = done
                if progress:
                    progress(done, count)
        t0 = time.perf_counter()
        if rebuild:
            for constraint in constraints:
                conn.execute(AddConstraint(constraint))
        _finish(session, actor, seed, stats)
        conn.execute(text("ANALYZE customer"))
        conn.execute(text("ANALYZE customer_search_key"))
        stats.write_seconds += time.perf_counter() - t0
