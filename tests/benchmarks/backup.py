"""Benchmark of the SQLite backup (docs/backup.md, issue 12 budget):

* ``backup.sqlite_1m`` — :func:`app.services.backup.backup_database` of the benchmark's SQLite
  database (1,000,000 demo customers; ``--quick``: 20,000) while another process takes payments:
  copy (backup API) + verification (integrity_check, verify-log) ≤ 60 s;
* ``backup.payment_during`` — that process's payment latency while the backup runs (a payment
  every 50 ms through the real service, in a cashier session): every payment accepted, the
  slowest ≤ 1 s (the clerk must not notice).

The backup reads a scratch copy of the cached database (the payments write to it, the cache
stays as built). ``BENCH_BACKUP_DB=path`` uses another SQLite file instead (copied, migrated to
head in the copy), e.g. an existing 1M database built for an older schema.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.benchmarks import cache

NAMES = ("backup.sqlite_1m", "backup.payment_during")
BUDGET_SECONDS = 60.0
PAYMENT_BUDGET_SECONDS = 1.0
BENCH_PASSWORD = "Bench2026"

_WRITER = r"""
import json, sys, time, uuid
from pathlib import Path
from app.config import Settings
from app.dto.payments import TenderInput
from app.services import auth, payments
from app.services.setup import open_database
url, customer, stop, password = sys.argv[1], uuid.UUID(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
db = open_database(Settings(db_url=url))
clerk = auth.login(db, "benchbk", password)
out, failed = [], 0
print("ready", flush=True)
while not stop.exists():
    started = time.time()
    try:
        payments.post_payment(db, clerk, payments.PostPayment(uuid.uuid4(), customer, (TenderInput("cash", 100),), None))
        out.append((started, time.time() - started))
    except Exception as exc:
        failed += 1
        print(f"# payment failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
    time.sleep(0.05)
print(json.dumps({"payments": out, "failed": failed}), flush=True)
"""


def _scratch(mode: cache.Mode, note: Any) -> Path:
    """A copy of the source database to back up (and to take payments in)."""
    source = Path(os.environ["BENCH_BACKUP_DB"]) if os.environ.get("BENCH_BACKUP_DB") else mode.sqlite_path
    if not os.environ.get("BENCH_BACKUP_DB"):
        cache.ensure_sqlite(mode, note)
    target = mode.dir / "backup-bench" / "live.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    cache._remove_sqlite(target)
    started = time.perf_counter()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)  # the source may be in WAL mode with a -wal beside it: a byte copy would miss it
    src.close()
    dst.close()
    note(f"# backup: scratch copy of {source} ({target.stat().st_size / 1_048_576:,.0f} MB) in "
         f"{time.perf_counter() - started:.1f} s")
    return target


def _prepare(url: str, note: Any) -> tuple[str, Any]:
    """Migrate if needed; a clerk with an open session; a customer to pay for. Returns (customer id, settings)."""
    from sqlalchemy import select

    from app.config import Settings
    from app.services import auth, cashier
    from app.services.setup import open_database
    from db.models import Customer

    settings = Settings(db_url=url, backup_dir="")
    started = time.perf_counter()
    db = open_database(settings, upgrade_backup=False)
    note(f"# backup: opened (migrated to head if needed) in {time.perf_counter() - started:.1f} s")
    try:
        admin = auth.login(db, "admin", cache.ADMIN_PASSWORD)
        auth.create_user(db, admin, auth.UserInput("benchbk", "备份基准收费员", "9101", "clerk", BENCH_PASSWORD))
        clerk = auth.login(db, "benchbk", BENCH_PASSWORD)
        cashier.open_session(db, clerk, 0)
        with db.read() as s:
            customer = s.scalar(select(Customer.id).order_by(Customer.account_no).limit(1))
    finally:
        db.dispose()
    return str(customer), settings


def run(report: Any, mode: cache.Mode) -> None:
    from app.config import Settings
    from app.services.backup import backup_database
    from app.services.setup import open_database

    live = _scratch(mode, report.note)
    url = f"sqlite:///{live}"
    customer, _settings = _prepare(url, report.note)
    folder = live.parent / "backups"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()  # a backup folder is never created but the default one (docs/backup.md)
    stop = live.parent / "stop"
    stop.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(cache.ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, url, customer, str(stop), BENCH_PASSWORD],
                              stdout=subprocess.PIPE, text=True, cwd=cache.ROOT, env=env)
    db = open_database(Settings(db_url=url), upgrade_backup=False)
    try:
        assert writer.stdout is not None
        if writer.stdout.readline().strip() != "ready":
            raise RuntimeError("the payment process did not start")
        time.sleep(1.0)  # a few payments before
        started = time.time()
        result = backup_database(db, folder, settings=Settings(db_url=url), keep=1)
        ended = time.time()
        time.sleep(0.5)
    finally:
        stop.write_text("")
        out, _ = writer.communicate(timeout=120)
        db.dispose()
    answer = json.loads(out.strip().splitlines()[-1])
    during = [seconds for at, seconds in answer["payments"] if started <= at <= ended]
    size_mb = result.bytes / 1_048_576
    total = result.seconds
    report.figure("backup.sqlite_1m",
                  f"{total:.1f} s (copy {result.copy_seconds:.1f} + verify {result.verify_seconds:.1f}), "
                  f"{size_mb:,.0f} MB, {mode.customers:,} customers",
                  f"≤ {BUDGET_SECONDS:.0f} s", total <= BUDGET_SECONDS)
    if during:
        worst = max(during)
        p95 = sorted(during)[max(0, int(len(during) * 0.95) - 1)]
        measured = (f"{len(during)} payments, median {statistics.median(during) * 1000:.0f} ms, "
                    f"p95 {p95 * 1000:.0f} ms, max {worst * 1000:.0f} ms, {answer['failed']} failed")
        ok = answer["failed"] == 0 and worst <= PAYMENT_BUDGET_SECONDS
    else:
        measured, ok = "no payment during the backup", False
    report.figure("backup.payment_during", measured, f"max ≤ {PAYMENT_BUDGET_SECONDS:.0f} s", ok)
    report.note(f"# backup: {result.path.name}; integrity_check + verify-log included in the total; "
                f"{len(answer['payments'])} payments in all")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()  # a backup folder is never created but the default one (docs/backup.md)
    cache._remove_sqlite(live)
