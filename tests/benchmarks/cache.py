"""Benchmark databases, built once and cached under ``.bench-cache/`` in the project root.

``full``: 1,000,000 demo customers; ``quick``: 20,000 (a separate cache). Each mode has a SQLite
file and a PostgreSQL cluster (its own datadir, fixed port, fsync off) holding the same data
(same generator, same seed, same node), plus a small initialised SQLite file for the cold-start
figure. ``build.json`` beside them says what was built; a build is redone when the schema head
(``db.migrate.head_revision()``), the generator version, the size or the seed changes, or one
of the sources the data derive from (generator, search keys, pinyin, address words …).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".bench-cache"
SEED = 20261123
NODE = ("3301", "城东营业厅", "国网杭州供电公司")
ADMIN_PASSWORD = "BenchAdmin2026"
PG_DBNAME = "gridcounter_bench"


def isolate_environment() -> None:
    """Keep the app's settings, logs and data folders (and Qt's) out of the user's home."""
    home = CACHE / "home"
    for var, sub in (("GRIDCOUNTER_DATA_DIR", "data"), ("GRIDCOUNTER_CONFIG_DIR", "config"),
                     ("GRIDCOUNTER_LOG_DIR", "log"), ("GRIDCOUNTER_QT_MATERIAL_DIR", "qt-material")):
        os.environ[var] = str(home / sub)
        (home / sub).mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for var in ("GRIDCOUNTER_DB_URL", "GRIDCOUNTER_NODE"):
        os.environ.pop(var, None)


@dataclass(frozen=True)
class Mode:
    name: str  # full / quick
    customers: int
    pg_port: int

    @property
    def dir(self) -> Path:
        return CACHE / self.name

    @property
    def sqlite_path(self) -> Path:
        return self.dir / "gridcounter.db"

    @property
    def sqlite_url(self) -> str:
        return f"sqlite:///{self.sqlite_path}"

    @property
    def pg_datadir(self) -> Path:
        return self.dir / "pg" / "data"


FULL = Mode("full", 1_000_000, 55471)
QUICK = Mode("quick", 20_000, 55472)


#: Sources that decide what the cached rows hold: the generator and the key derivation.
DATA_SOURCES = ("app/demo/generator.py", "app/demo/pools.py", "app/domain/search_keys.py", "app/domain/pinyin.py",
                "app/domain/text.py", "app/domain/phones.py", "app/domain/ids.py")


def _sources_digest() -> str:
    digest = hashlib.sha256()
    for rel in DATA_SOURCES:
        path = ROOT / rel
        digest.update(rel.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:16]


def _fingerprint(customers: int) -> dict[str, Any]:
    """What a cached build must match: schema head, generator version, size, seed, and the
    sources the rows and search keys derive from (a change to customer_keys changes the keys)."""
    from app.demo import GENERATOR_VERSION
    from db.migrate import head_revision

    return {"schema": head_revision(), "generator": GENERATOR_VERSION, "customers": customers, "seed": SEED,
            "sources": _sources_digest()}


def _read_info(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_info(path: Path, key: str, entry: dict[str, Any]) -> None:
    data = _read_info(path)
    data[key] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _matches(entry: dict[str, Any], fingerprint: dict[str, Any]) -> bool:
    return all(entry.get(k) == v for k, v in fingerprint.items())


def _initialise_and_seed(url: str, customers: int, log: Any) -> dict[str, Any]:
    """Migrate, set up node 3301 and load the demo data; returns the build entry."""
    from app.config import Settings
    from app.demo import seed_demo
    from app.services.setup import SetupInput, initialize, open_database

    fingerprint = _fingerprint(customers)  # of the sources this build runs, taken before it runs
    settings = Settings(db_url=url)
    db = open_database(settings)
    try:
        initialize(db, SetupInput(*NODE, "admin", "系统管理员", ADMIN_PASSWORD, ADMIN_PASSWORD))
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 15 or done == total:
                last[0] = now
                log(f"  … {done:,}/{total:,}")

        started = time.perf_counter()
        report = seed_demo(db, settings, customers=customers, seed=SEED, progress=progress)
        seconds = time.perf_counter() - started
    finally:
        db.dispose()
    return {**fingerprint, "seconds": round(seconds, 2), "rate": round(customers / seconds),
            "built_at": dt.datetime.now().isoformat(timespec="seconds"), "report": report}


# --- SQLite ----------------------------------------------------------------------------------


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _sqlite_schema_ok(path: Path) -> bool:
    import sqlite3

    from db.migrate import head_revision

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            return row is not None and row[0] == head_revision()
    except sqlite3.Error:
        return False


def ensure_sqlite(mode: Mode, log: Any, rebuild: bool = False) -> tuple[dict[str, Any], bool]:
    """The SQLite build entry, and whether it was (re)built in this run."""
    info_path = mode.dir / "build.json"
    entry = _read_info(info_path).get("sqlite", {})
    fresh = (not rebuild and mode.sqlite_path.exists() and _matches(entry, _fingerprint(mode.customers))
             and _sqlite_schema_ok(mode.sqlite_path))
    if fresh:
        return entry, False
    log(f"# building the SQLite benchmark database: {mode.customers:,} customers → {mode.sqlite_path}")
    mode.dir.mkdir(parents=True, exist_ok=True)
    _remove_sqlite(mode.sqlite_path)
    entry = _initialise_and_seed(mode.sqlite_url, mode.customers, log)
    _write_info(info_path, "sqlite", entry)
    return entry, True


def ensure_startup_db(log: Any) -> Path:
    """A small initialised SQLite database (200 demo customers) for the cold-start figure."""
    path = CACHE / "startup" / "gridcounter.db"
    info_path = path.parent / "build.json"
    entry = _read_info(info_path).get("sqlite", {})
    if path.exists() and _matches(entry, _fingerprint(200)) and _sqlite_schema_ok(path):
        return path
    log(f"# building the cold-start database → {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_sqlite(path)
    _write_info(info_path, "sqlite", _initialise_and_seed(f"sqlite:///{path}", 200, log))
    return path


# --- PostgreSQL -------------------------------------------------------------------------------


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _running_port(datadir: Path) -> int | None:
    """The port of a postmaster already running on ``datadir`` (postmaster.pid: pid, …, port)."""
    try:
        lines = (datadir / "postmaster.pid").read_text().splitlines()
        pid, port = int(lines[0]), int(lines[3])
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    # Its postmaster lives: give it time to answer (still starting, or a machine busy with a
    # whole test suite — a 0.5 s probe timed out once and a second server was started on the
    # same datadir and port, failing the run).
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if _port_open(port):
            return port
        time.sleep(0.25)
    return None


def start_pg(mode: Mode, log: Any) -> Any:
    """Start (or reuse) the mode's cluster. Raises tests.pgcluster.PgUnavailable.

    The data live in the datadir, so the port is only a preference: when another server holds
    it, the cluster starts on a free one."""
    from tests.pgcluster import PgCluster, PgUnavailable, find_pg_bin, start_cluster

    running = _running_port(mode.pg_datadir)
    if running is not None:
        as_user = "postgres" if os.geteuid() == 0 else None
        return PgCluster(mode.pg_datadir, running, find_pg_bin(), as_user, owned_tmp=False)
    port = mode.pg_port if not _port_open(mode.pg_port) else None
    try:
        return start_cluster(mode.pg_datadir, port)
    except PgUnavailable as exc:
        if (mode.pg_datadir / "PG_VERSION").exists():
            raise PgUnavailable(f"{exc} — if the cached cluster is damaged, delete {mode.pg_datadir.parent} "
                                "and run again (it is rebuilt)") from exc
        raise


def stop_pg(cluster: Any) -> None:
    """A clean (fast) shutdown: with fsync off, an immediate one would leave recovery to chance."""
    subprocess.run(cluster._cmd("pg_ctl", "-D", str(cluster.datadir), "-m", "fast", "-w", "stop"),
                   capture_output=True, check=False)


def pg_server_version(cluster: Any) -> str:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres") as conn:
        row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"


def _pg_has_db(cluster: Any) -> bool:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres") as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DBNAME,)).fetchone() is not None


def ensure_pg(mode: Mode, cluster: Any, log: Any, rebuild: bool = False) -> tuple[str, dict[str, Any], bool]:
    """(URL, build entry, rebuilt?) of the mode's PostgreSQL benchmark database."""
    import psycopg

    info_path = mode.dir / "build.json"
    entry = _read_info(info_path).get("postgresql", {})
    url = cluster.url_for(PG_DBNAME)
    if not rebuild and _matches(entry, _fingerprint(mode.customers)) and _pg_has_db(cluster):
        return url, entry, False
    log(f"# building the PostgreSQL benchmark database: {mode.customers:,} customers (port {cluster.port})")
    cluster.drop_database(PG_DBNAME)
    cluster.create_database(PG_DBNAME)
    entry = _initialise_and_seed(url, mode.customers, log)
    # Visibility map and statistics, as autovacuum would leave them on a settled server.
    with psycopg.connect(f"host=127.0.0.1 port={cluster.port} user=postgres dbname={PG_DBNAME}",
                         autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        # An autovacuum ANALYZE started during the load holds a snapshot older than the last
        # batches, and VACUUM then leaves their pages not all-visible: every index-only scan
        # over them visits the heap (seen: a third of customer_search_key, 20,000 heap
        # fetches to count 20,000 keys). Vacuum again until the map is whole, as autovacuum would.
        for _ in range(30):
            lagging = conn.execute("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relpages > 1000 "
                                   "AND relallvisible < relpages * 0.99").fetchone()
            if not lagging or not lagging[0]:
                break
            time.sleep(2)
            conn.execute("VACUUM")
    _write_info(info_path, "postgresql", entry)
    return url, entry, True
