"""Benchmarks of a branch's link to the centre (docs/sync.md, issue 11), through the real sync
service on loopback HTTP in front of PostgreSQL:

* ``sync.snapshot`` — the initial snapshot of a branch with 50,000 customers and 24 months of bills
  and payments (``--quick``: 5,000): ``main.py enrol``'s path — the code traded for a secret, the
  snapshot streamed (gzip NDJSON) and loaded into a new SQLite file: ≤ 2 min.
* ``sync.round_idle`` — a sync round when nothing changed on either side (push nothing, one pull
  answered empty): p95 of 30 rounds ≤ 200 ms.

The centre's customers are demo data (app.demo, 24 months of readings, bills and payments),
moved to the branch's node before the feed triggers are installed, so they are the branch's
scope. ``BENCH_SYNC_TINY=1`` (the suite's smoke test): 300 customers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.config import Settings

NAMES = ("sync.snapshot", "sync.round_idle")
SNAPSHOT_BUDGET_S = 120.0
IDLE_BUDGET_MS = 200.0


class _Phases(logging.Handler):
    """The phase timings the centre's service and the branch's loader log (INFO) during an
    enrolment, kept for the report."""

    LOGGERS = ("app.sync.server", "app.sync.snapshot")

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.levels: list[int] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "snapshot" in record.getMessage():
            self.lines.append(record.getMessage())

    def __enter__(self) -> _Phases:
        for name in self.LOGGERS:
            logger = logging.getLogger(name)
            self.levels.append(logger.level)
            logger.setLevel(logging.INFO)
            logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name, level in zip(self.LOGGERS, self.levels, strict=True):
            logger = logging.getLogger(name)
            logger.removeHandler(self)
            logger.setLevel(level)


@contextlib.contextmanager
def service_process(url: str, workers: int = 1) -> Iterator[str]:
    """``main.py sync-server`` in a process of its own on loopback, as a centre runs it (the
    service and a branch PC never share an interpreter); the base URL. Its log lines naming the
    snapshot are kept in ``service_process.lines``. ``BENCH_SYNC_IN_PROCESS=1`` serves from a
    thread of this process instead (tests/sync/loopback.py), for comparison."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    main = Path(__file__).resolve().parents[2] / "main.py"
    proc = subprocess.Popen([sys.executable, str(main), "-v", "--db-url", url, "sync-server", "--listen",
                             f"127.0.0.1:{port}", "--workers", str(workers)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace")
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if "同步服务已启动" in line:
                ready.set()
            elif "snapshot" in line:
                lines.append(line.strip().split(": ", 1)[-1])

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not ready.wait(60) or proc.poll() is not None:
            raise RuntimeError(f"the sync service did not start (exit {proc.poll()})")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        reader.join(5)
        service_process.lines = lines  # type: ignore[attr-defined]


def customers_for(mode: Any) -> int:
    if os.environ.get("BENCH_SYNC_TINY") == "1":
        return 300
    return 5_000 if getattr(mode, "name", "") == "quick" or getattr(mode, "quick", False) else 50_000


def run(report: Any, mode: Any, cluster: Any) -> None:
    from app.demo import seed_demo
    from app.services import auth
    from app.services.setup import SetupInput, initialize, open_database
    from app.sync import client, nodes, triggers
    from db.models import Bill, Customer, Node, Payment, SyncState
    from tests.benchmarks import cache
    from tests.sync.loopback import serving

    if cluster is None:
        raise RuntimeError("the sync benchmarks need PostgreSQL (the centre)")
    n = customers_for(mode)
    name = "gridcounter_bench_sync_link"
    cluster.drop_database(name)
    url = cluster.create_database(name)
    settings = Settings(db_url=url)
    centre = open_database(settings)
    os.environ["GRIDCOUNTER_NO_KEYRING"] = "1"
    try:
        initialize(centre, SetupInput(*cache.NODE, "admin", "系统管理员", cache.ADMIN_PASSWORD, cache.ADMIN_PASSWORD))
        t0 = time.perf_counter()
        seed_demo(centre, settings, customers=n, months=24)
        admin = auth.login(centre, "admin", cache.ADMIN_PASSWORD)
        view, code = nodes.register_node(centre, admin, "3302", "龙坞供电所")
        with centre.write() as s:  # the demo customers are the branch's area
            s.execute(sa.update(Customer).values(node_id=view.node_id))
            counts = {m.__tablename__: s.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Customer, Bill, Payment)}
        with centre.engine.begin() as conn:
            triggers.install_centre_feed(conn)
        report.note(f"# sync: centre of {counts['customer']:,} customers, {counts['bill']:,} bills, "
                    f"{counts['payment']:,} payments (24 months) built in {time.perf_counter() - t0:.0f}s")
        in_process = os.environ.get("BENCH_SYNC_IN_PROCESS") == "1"
        service_process.lines = []  # type: ignore[attr-defined]
        with tempfile.TemporaryDirectory() as tmp, (serving(centre) if in_process else service_process(url)) as base:
            branch = open_database(Settings(db_url=f"sqlite:///{Path(tmp) / 'branch.db'}"))
            try:
                phases = _Phases()
                t = time.perf_counter()
                with phases:
                    outcome = client.enrol(base, code, branch)
                seconds = time.perf_counter() - t
                with branch.read() as s:
                    loaded = s.scalar(sa.select(sa.func.count()).select_from(Customer))
                    assert s.get(SyncState, 1) is not None and s.scalar(sa.select(Node.code).where(
                        Node.id == view.node_id)) == "3302"
                assert loaded == counts["customer"], (loaded, counts)
                report.figure("sync.snapshot", f"{seconds:.1f} s for {n:,} customers ({outcome.rows:,} rows)",
                              f"≤ {SNAPSHOT_BUDGET_S:.0f} s at 50,000", seconds <= SNAPSHOT_BUDGET_S)
                report.note("# sync.snapshot: the service " + ("in a thread of the benchmark's own process "
                            "(BENCH_SYNC_IN_PROCESS=1)" if in_process else "in its own process (main.py sync-server), "
                            "as at a centre"))
                for line in phases.lines:
                    report.note(f"# sync.snapshot: {line}")
                report.note(f"# sync.snapshot: load average {'/'.join(f'{x:.1f}' for x in os.getloadavg())} after it; "
                            "the centre streams while it reads and the branch loads while it receives, so "
                            "the two phases overlap (two cores shared with whatever else runs)")
                if n < 50_000:
                    report.note(f"# sync.snapshot: {n:,} customers, not the budget's 50,000: linear ×{50_000 / n:.0f} "
                                f"would be {seconds * 50_000 / n:.0f} s (the full run measures 50,000)")
                client.sync_round(branch)
                times = []
                for _ in range(30):
                    t = time.perf_counter()
                    done = client.sync_round(branch)
                    times.append((time.perf_counter() - t) * 1000)
                    assert done.sent == 0 and done.received == 0, done.summary()
                p95 = statistics.quantiles(times, n=20)[18]
                report.figure("sync.round_idle", f"p95 {p95:.1f} ms (median {statistics.median(times):.1f})",
                              f"p95 ≤ {IDLE_BUDGET_MS:.0f} ms", p95 <= IDLE_BUDGET_MS)
            finally:
                branch.dispose()
        for line in getattr(service_process, "lines", []):
            report.note(f"# sync.snapshot (service): {line}")
    finally:
        centre.dispose()
        cluster.drop_database(name)
