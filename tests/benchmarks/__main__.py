"""``python -m tests.benchmarks [--quick] [--only NAME] [--rebuild]`` — the project's benchmarks.

Prints a header (machine, database versions) and then ONE LINE PER FIGURE::

    search.sqlite.name_2char                 p95=3.1ms        budget=50ms      ok

``measured`` and ``budget`` per docs/rules.md#budgets; the verdict is ``ok`` or ``over``. Lines starting
with ``#`` are context (build progress, medians, misses). Budgets are read, not asserted: the
exit code is 0 even when a figure is over budget, and non-zero only when something failed to
run (the failing group prints ``error`` lines and the reason).

Databases: 1,000,000 demo customers on SQLite and on a PostgreSQL cluster (``--quick``: 20,000),
built once and cached under ``.bench-cache/`` (see :mod:`tests.benchmarks.cache`). ``--only``
takes a substring or glob of figure names, e.g. ``--only search.sqlite`` or ``--only 'startup*'``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import os
import platform
import random
import signal
import sqlite3
import sys
import traceback
from collections.abc import Callable

from tests.benchmarks import cache
from tests.benchmarks.cache import FULL, QUICK, Mode

SEARCH_KINDS = ("account_prefix", "account_exact", "name_1char", "name_2char", "name_3char", "pinyin_initials",
                "phone_full", "phone_last4", "id_number", "address_word", "meter_no", "address_multiword")


def _names() -> list[str]:
    names = []
    for dialect in ("sqlite", "postgresql"):
        names += [f"search.{dialect}.{k}" for k in SEARCH_KINDS]
        names.append(f"view.{dialect}.open_customer")
    names += ["load.sqlite.1m_customers", "startup.login_window", "memory.rss.sqlite",
              "payment.post_and_receipt.sqlite", "payment.post_and_receipt.postgresql",
              "receipt.pdf.80mm", "receipt.pdf.A5", "billview.sqlite", "billview.postgresql",
              "bills.compute_100k"]
    names += [f"applications.{what}.{dialect}" for what in ("worklist", "accept_and_receipt")
              for dialect in ("sqlite", "postgresql")]
    names += ["workorders.list.sqlite", "workorders.list.postgresql"]
    names += ["dashboard.month.sqlite", "dashboard.month.postgresql"]
    names += ["sync.push_apply_10k", "sync.50_branches", "sync.snapshot", "sync.round_idle"]
    names += ["backup.sqlite_1m", "backup.payment_during"]
    names += ["package.startup.login_window", "package.folder_size"]
    return names


class Report:
    def __init__(self, only: str | None) -> None:
        self.only = only
        self.errors = 0

    def wanted(self, name: str) -> bool:
        return self.only is None or self.only in name or fnmatch.fnmatch(name, self.only)

    def any_wanted(self, prefix: str) -> bool:
        return any(self.wanted(n) for n in _names() if n.startswith(prefix))

    @staticmethod
    def note(text: str) -> None:
        print(text if text.startswith("#") else f"# {text}", flush=True)

    def figure(self, name: str, measured: str, budget: str, ok: bool) -> None:
        if self.wanted(name):
            print(f"{name:<40} {measured:<24} {budget:<16} {'ok' if ok else 'over'}", flush=True)

    def failed(self, prefix: str, exc: BaseException) -> None:
        self.errors += 1
        self.note(f"# ERROR in {prefix}: {type(exc).__name__}: {exc}")
        for line in traceback.format_exc().strip().splitlines()[-6:]:
            self.note(f"#   {line}")
        for name in _names():
            if name.startswith(prefix) and self.wanted(name):
                print(f"{name:<40} {'error':<24} {'-':<16} over", flush=True)

    def guarded(self, prefix: str, fn: Callable[[], None]) -> None:
        if not self.any_wanted(prefix):
            return
        try:
            fn()
        except Exception as exc:
            self.failed(prefix, exc)


def _header(mode: Mode) -> None:
    import psutil

    try:
        load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        load = "n/a"
    ram = psutil.virtual_memory().total / 2**30
    print(f"# GridCounter benchmarks — {mode.name} ({mode.customers:,} customers), "
          f"{dt.datetime.now():%Y-%m-%d %H:%M}", flush=True)
    print(f"# machine: {os.cpu_count()} cores, {ram:.1f} GiB RAM, load average {load}; "
          f"{platform.platform()}; Python {platform.python_version()}", flush=True)
    print(f"# SQLite {sqlite3.sqlite_version}", flush=True)


def _clerk(db: object, settings: object) -> object:
    from app.services import auth

    return auth.login(db, "demo01", "Demo1234")  # type: ignore[arg-type]


def _run_queries(report: Report, mode: Mode, url: str, dialect: str) -> None:
    from app.config import Settings
    from app.services.setup import open_database
    from tests.benchmarks import figures as fig

    settings = Settings(db_url=url)
    db = open_database(settings)
    try:
        actor = _clerk(db, settings)
        rng = random.Random(2026)  # the same customers and queries on both databases
        people = fig.sample_customers(db, 3000, mode.customers, rng)
        queries = fig.build_queries(people[:1500], rng, fig.QUERIES_PER_KIND)
        warmup = fig.build_queries(people[1500:], rng, fig.WARMUP_PER_KIND)
        if report.any_wanted(f"search.{dialect}"):
            for f in fig.search_figures(db, actor, dialect, queries, warmup, report.note):
                report.figure(f.name, f.measured, f.budget, f.ok)
        if report.wanted(f"view.{dialect}.open_customer"):
            ids = fig.customer_ids(db, [p.account_no for p in people[:fig.QUERIES_PER_KIND + fig.WARMUP_PER_KIND]])
            f = fig.view_figure(db, actor, dialect, ids)
            report.figure(f.name, f.measured, f.budget, f.ok)
    finally:
        db.dispose()


def _payments(report: Report, mode: Mode, cluster: object | None) -> None:
    """Payment and bill-view benchmarks, on throwaway databases (they write customers and bills)."""
    from app.config import Settings
    from app.services import auth
    from app.services.setup import SetupInput, initialize, open_database
    from tests.benchmarks import money_billing, money_payments

    targets: list[tuple[str, Callable[[], None]]] = []
    path = mode.dir / "payments.db"
    if report.wanted("payment.post_and_receipt.sqlite") or report.wanted("billview.sqlite"):
        cache._remove_sqlite(path)
        targets.append((f"sqlite:///{path}", lambda: cache._remove_sqlite(path)))
    if cluster is not None and (report.wanted("payment.post_and_receipt.postgresql")
                                or report.wanted("billview.postgresql")):
        cluster.drop_database("gridcounter_bench_pay")  # type: ignore[attr-defined]
        url = cluster.create_database("gridcounter_bench_pay")  # type: ignore[attr-defined]
        targets.append((url, lambda: cluster.drop_database("gridcounter_bench_pay")))  # type: ignore[attr-defined]
    for url, cleanup in targets:
        settings = Settings(db_url=url)
        db = open_database(settings)
        try:
            initialize(db, SetupInput(*cache.NODE, "admin", "系统管理员", cache.ADMIN_PASSWORD, cache.ADMIN_PASSWORD))
            admin = auth.login(db, "admin", cache.ADMIN_PASSWORD)
            auth.create_user(db, admin, auth.UserInput("bench", "基准收费员", "9001", "clerk", "Bench2026"))
            clerk = auth.login(db, "bench", "Bench2026")
            dialect = db.dialect
            if report.wanted(f"payment.post_and_receipt.{dialect}"):
                for name, measured, budget, ok in money_payments.figures(db, settings, clerk, mode is QUICK):
                    report.figure(name, measured, budget, ok)
            if report.wanted(f"billview.{dialect}"):
                report.figure(*money_billing.billview_figure(db, settings, admin, mode is QUICK))
        finally:
            db.dispose()
            cleanup()


def _applications(report: Report, mode: Mode, cluster: object | None) -> None:
    """Application benchmarks, on throwaway databases (100,000 applications built in the run)."""
    from app.config import Settings
    from app.services import auth
    from app.services.setup import SetupInput, initialize, open_database
    from tests.benchmarks import applications

    targets: list[tuple[str, Callable[[], None]]] = []
    path = mode.dir / ("applications-tiny.db" if applications.tiny() else "applications.db")
    if report.any_wanted("applications") and any(report.wanted(f"applications.{w}.sqlite")
                                                 for w in ("worklist", "accept_and_receipt")):
        mode.dir.mkdir(parents=True, exist_ok=True)
        cache._remove_sqlite(path)
        targets.append((f"sqlite:///{path}", lambda: cache._remove_sqlite(path)))
    if cluster is not None and any(report.wanted(f"applications.{w}.postgresql")
                                   for w in ("worklist", "accept_and_receipt")):
        cluster.drop_database("gridcounter_bench_apps")  # type: ignore[attr-defined]
        url = cluster.create_database("gridcounter_bench_apps")  # type: ignore[attr-defined]
        targets.append((url, lambda: cluster.drop_database("gridcounter_bench_apps")))  # type: ignore[attr-defined]
    for url, cleanup in targets:
        settings = Settings(db_url=url)
        db = open_database(settings)
        try:
            initialize(db, SetupInput(*cache.NODE, "admin", "系统管理员", cache.ADMIN_PASSWORD, cache.ADMIN_PASSWORD))
            admin = auth.login(db, "admin", cache.ADMIN_PASSWORD)
            auth.create_user(db, admin, auth.UserInput("bench", "基准受理员", "9001", "clerk", "Bench2026"))
            clerk = auth.login(db, "bench", "Bench2026")
            for figure in applications.figures(db, settings, clerk, mode is QUICK, report.wanted, report.note):
                report.figure(*figure)
        finally:
            db.dispose()
            cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20,000 customers (a separate cache)")
    parser.add_argument("--only", metavar="NAME", help="figures whose name contains NAME (or matches the glob)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached databases")
    args = parser.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the benchmark cluster is still shut down cleanly.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    cache.isolate_environment()
    mode = QUICK if args.quick else FULL
    report = Report(args.only)
    _header(mode)

    need_sqlite = any(report.any_wanted(p) for p in ("search.sqlite", "view.sqlite", "load.sqlite", "memory"))
    need_pg = any(report.any_wanted(p) for p in ("search.postgresql", "view.postgresql",
                                                 "payment.post_and_receipt.postgresql", "billview.postgresql",
                                                 "applications.worklist.postgresql",
                                                 "applications.accept_and_receipt.postgresql",
                                                 "workorders.list.postgresql",
                                                 "dashboard.month.postgresql", "sync."))

    cluster = None
    if need_pg:
        try:
            cluster = cache.start_pg(mode, report.note)
            report.note(f"# PostgreSQL {cache.pg_server_version(cluster)} (benchmark cluster on port {cluster.port}, "
                        f"fsync off, default settings otherwise)")
        except Exception as exc:
            report.failed("search.postgresql", exc)
            report.failed("view.postgresql", exc)
            report.failed("payment.post_and_receipt.postgresql", exc)
            report.failed("billview.postgresql", exc)
            report.failed("applications.worklist.postgresql", exc)
            report.failed("applications.accept_and_receipt.postgresql", exc)
            report.failed("workorders.list.postgresql", exc)
            report.failed("dashboard.month.postgresql", exc)
            report.failed("sync.", exc)
    else:
        report.note("# PostgreSQL: not needed for the selected figures")

    sqlite_entry: dict[str, object] = {}
    sqlite_rebuilt = False
    if need_sqlite:
        try:
            sqlite_entry, sqlite_rebuilt = cache.ensure_sqlite(mode, report.note, args.rebuild)
        except Exception as exc:
            for prefix in ("search.sqlite", "view.sqlite", "load.sqlite", "memory"):
                report.failed(prefix, exc)
            need_sqlite = False

    try:
        if need_sqlite:
            from tests.benchmarks import figures as fig

            def load() -> None:
                f, note = fig.load_figure(sqlite_entry, mode is FULL, sqlite_rebuilt)
                report.note(note)
                report.figure(f.name, f.measured, f.budget, f.ok)

            report.guarded("load.sqlite", load)
            report.guarded("search.sqlite", lambda: _run_queries(report, mode, mode.sqlite_url, "sqlite"))
            report.guarded("view.sqlite", lambda: _run_queries(report, mode, mode.sqlite_url, "sqlite")
                           if not report.any_wanted("search.sqlite") else None)

        if cluster is not None and (report.any_wanted("search.postgresql") or report.any_wanted("view.postgresql")):
            def pg_queries() -> None:
                url, entry, rebuilt = cache.ensure_pg(mode, cluster, report.note, args.rebuild)
                report.note(f"# load.postgresql: {entry.get('customers', 0):,} customers in {entry.get('seconds')}s, "
                            + ("built in this run" if rebuilt else f"cached build of {entry.get('built_at')}"))
                _run_queries(report, mode, url, "postgresql")

            report.guarded("search.postgresql", pg_queries)
            report.guarded("view.postgresql", lambda: _run_queries(
                report, mode, cache.ensure_pg(mode, cluster, report.note)[0], "postgresql")
                if not report.any_wanted("search.postgresql") else None)

        def startup() -> None:
            from tests.benchmarks import figures as fig

            path = cache.ensure_startup_db(report.note)
            f = fig.startup_figure(path, cache.ROOT, report.note)
            report.figure(f.name, f.measured, f.budget, f.ok)

        report.guarded("startup", startup)

        if need_sqlite:
            def memory() -> None:
                from tests.benchmarks import figures as fig

                f = fig.memory_figure(mode.sqlite_url, 330, mode.customers, cache.ROOT, report.note)
                report.figure(f.name, f.measured, f.budget, f.ok)

            report.guarded("memory", memory)

        def receipts() -> None:
            from tests.benchmarks import money_printing

            for name, measured, budget, ok in money_printing.figures(mode is QUICK):
                report.figure(name, measured, budget, ok)

        report.guarded("receipt", receipts)
        # Last: the payment benchmark imports tests.conftest (cheap password hashing, temp dirs).
        report.guarded("payment", lambda: _payments(report, mode, cluster))
        report.guarded("billview", lambda: _payments(report, mode, cluster)
                       if not report.any_wanted("payment") else None)

        def compute() -> None:
            from tests.benchmarks import money_billing

            report.figure(*money_billing.compute_figure(mode is QUICK))

        report.guarded("bills.compute", compute)
        report.guarded("applications", lambda: _applications(report, mode, cluster))

        def workorders() -> None:
            from tests.benchmarks import workorders as wo

            if report.any_wanted("workorders"):
                wo.run(report, mode, cluster)

        report.guarded("workorders", workorders)

        def dashboards() -> None:
            from tests.benchmarks import dashboard

            if report.any_wanted("dashboard"):
                dashboard.run(report, mode, cluster)

        report.guarded("dashboard", dashboards)

        def sync() -> None:
            from tests.benchmarks import sync_apply

            if report.wanted("sync.push_apply_10k") or report.wanted("sync.50_branches"):
                sync_apply.run(report, mode, cluster)

        report.guarded("sync.", sync)

        def sync_link() -> None:
            from tests.benchmarks import sync_link as link

            if report.wanted("sync.snapshot") or report.wanted("sync.round_idle"):
                link.run(report, mode, cluster)

        report.guarded("sync.", sync_link)

        def backups() -> None:
            from tests.benchmarks import backup

            backup.run(report, mode)

        report.guarded("backup.", backups)

        def package() -> None:
            from tests.benchmarks import packaging

            packaging.run(report)

        report.guarded("package", package)
    finally:
        if cluster is not None:
            cache.stop_pg(cluster)
    if report.errors:
        report.note(f"# {report.errors} group(s) failed to run")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
