"""Demo data (演示数据): realistic synthetic customers and demo staff accounts.

``seed_demo(db, settings, customers=N, seed=S)`` is what ``main.py seed-demo`` runs. The same
seed gives the same customers (names, IDs, phones, addresses …) on SQLite and PostgreSQL;
account numbers continue the node's sequence, so seeding twice adds a second batch (with the
same seed, the same people a second time).
"""

from __future__ import annotations

import datetime as dt
import time

from app.config import Settings
from app.demo.applications import seed_applications
from app.demo.generator import GENERATOR_VERSION, CustomerGenerator
from app.demo.loader import LoadStats, Progress, load_postgres, load_sqlite
from app.demo.staff import DEMO_PASSWORD, DEMO_STAFF, admin_actor, ensure_demo_staff
from app.demo.workorders import seed_workorders
from app.domain import customers as rules
from app.domain.codes import CustomerKind
from db.engine import Database

__all__ = ["DEMO_PASSWORD", "DEMO_STAFF", "GENERATOR_VERSION", "CustomerGenerator", "admin_actor",
           "ensure_demo_staff", "seed_demo"]


def seed_demo(db: Database, settings: Settings, customers: int = 2000, seed: int = 20261123,
              progress: Progress | None = None, parallel: bool | None = None, months: int = 0,
              applications: bool = False) -> str:
    """Load ``customers`` demo customers and the demo staff accounts; returns a report (Chinese).

    ``applications`` (main.py seed-demo and the first-start offer pass True; the benchmarks and the
    reliability hall keep their customers as generated): then the demo service applications (:func:`app.demo.applications.seed_applications`:
    every type in every status, some overdue, some due soon; none added when they exist already;
    completing them changes some customers and registers the 新装 ones), and the demo work
    orders (:func:`app.demo.workorders.seed_workorders`: every type and stage, some overdue).

    ``months``: then give every customer of the database that many months of readings, bills
    and counter payments up to last month (:func:`app.demo.bills.seed_bills`; 0 = none).
    ``progress`` sees the customers (done, total), then the months (done, total).
    ``parallel``: generate in a worker process (``None``: decide by size and idle cores)."""
    if customers < 0:
        raise ValueError("customers must be >= 0")
    if not 0 <= months <= 120:
        raise ValueError("months must be 0..120")
    actor = admin_actor(db, settings)
    staff = ensure_demo_staff(db, actor)
    stats = LoadStats()
    started = time.perf_counter()
    if customers:
        loader = load_sqlite if db.is_sqlite else load_postgres
        # With history, the customers were registered (建档) before their first reading month.
        loader(db, actor, seed, customers, progress, stats, parallel,
               history_start(months) if months else None)
    elapsed = time.perf_counter() - started
    report = _report(stats, staff, seed, elapsed, db)
    if months:
        from app.demo.bills import seed_bills  # the tariff engine loads only when bills are asked for

        report += "\n" + seed_bills(db, settings, months=months, seed=seed, progress=progress)
    # after the bills: a customer in arrears fails 过户 / 销户 … and the next one is taken
    if applications:
        report += "\n" + seed_applications(db)
        report += "\n" + seed_workorders(db)
    return report


def history_start(months: int, today: dt.date | None = None) -> dt.datetime:
    """When ``months`` months of demo history up to last month begin: 08:00 (local, stored as
    UTC) on the first day of the first month (what :func:`app.demo.bills.seed_bills` covers)."""
    from app.domain.periods import utc_at

    today = today or dt.date.today()
    index = today.year * 12 + today.month - 1 - months  # last month is months − 1 before the first
    return utc_at(dt.date(index // 12, index % 12 + 1, 1), 8)


def _pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "0%"


def _report(stats: LoadStats, staff: list[tuple[str, str, str, bool]], seed: int, elapsed: float,
            db: Database) -> str:
    n = stats.count
    lines = []
    if n:
        rate = n / elapsed if elapsed > 0 else 0.0
        lines.append(f"已导入演示客户 {n:,} 户（随机种子 {seed}，生成器版本 {GENERATOR_VERSION}），"
                     f"户号 {stats.first_account} 至 {stats.last_account}")
        for kind, label in rules.KINDS.items():
            count = stats.kinds.get(kind, 0)
            extra = ""
            if kind == CustomerKind.RESIDENTIAL:
                extra = (f"，其中农村 {stats.rural_residential:,} 户，低保户 {stats.low_income['dibao']:,} 户，"
                         f"五保户 {stats.low_income['wubao']:,} 户")
            lines.append(f"  {label}：{count:,} 户（{_pct(count, n)}）{extra}")
        lines.append(f"  大客户 {stats.large:,} 户（均已指定客户经理），VIP {stats.vip:,} 户；"
                     f"暂停 {stats.status['suspended']:,} 户，销户 {stats.status['closed']:,} 户")
        lines.append(f"  检索键 {stats.keys:,} 条；操作日志记录 SeedDemoData（第 {stats.op_seq} 条）")
        lines.append(f"用时 {elapsed:.1f} 秒，约 {rate:,.0f} 户/秒（生成 {stats.generate_seconds:.1f} 秒，"
                     f"写入 {stats.write_seconds:.1f} 秒，{'SQLite' if db.is_sqlite else 'PostgreSQL'}，"
                     f"{'生成与写入并行' if stats.parallel else '单进程'}）")
    else:
        lines.append("未导入客户（--customers 0）")
    lines.append(f"演示账号（初始密码均为 {DEMO_PASSWORD}）：")
    for username, display, role, created in staff:
        note = "" if created else "（账号已存在，密码未改动）"
        lines.append(f"  {username}  {role}  {display}{note}")
    return "\n".join(lines)
