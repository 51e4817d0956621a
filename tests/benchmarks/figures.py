"""The measurements: search as you type, the customer view, cold start, resident memory.

Each figure is a :class:`Figure` (name, measured, budget, ok); ``__main__`` prints them one per
line. Query samples are drawn from the data (the same accounts on SQLite and PostgreSQL, whose
data are identical), warmed up, then timed through ``app.services.search.search_customers`` —
session, SQL and DTO building included, as the search box calls it.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.pinyin import name_initials
from app.domain.text import address_words, is_cjk

QUERIES_PER_KIND = 250
WARMUP_PER_KIND = 30
SEARCH_BUDGET_MS = 50.0
#: Kinds held to a tighter budget than SEARCH_BUDGET_MS (issue 6 item 16: a run of address
#: words as the bill prints it, 79号荷花一区12幢, on a busy machine).
SEARCH_BUDGETS_MS = {"address_multiword": 20.0}
VIEW_BUDGET_MS = 50.0
LOAD_BUDGET_S = 180.0
STARTUP_BUDGET_S = 2.0
MEMORY_BUDGET_MB = 400.0

KINDS = ("account_prefix", "account_exact", "name_1char", "name_2char", "name_3char", "pinyin_initials",
         "phone_full", "phone_last4", "id_number", "address_word", "meter_no", "address_multiword")
#: Kinds where the sampled customer must be among the results (a correctness side-check).
EXACT_KINDS = {"account_exact": "account_no", "phone_full": "phone", "id_number": "id_number",
               "meter_no": "meter_no"}


@dataclass(frozen=True)
class Figure:
    name: str
    measured: str
    budget: str
    ok: bool


@dataclass(frozen=True)
class Sampled:
    """The fields of one sampled customer the query builders need."""

    account_no: str
    name: str
    party_type: str
    phone: str
    id_number: str
    supply_address: str
    meter_no: str


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def sample_customers(db: object, count: int, total: int, rng: random.Random) -> list[Sampled]:
    """``count`` random customers of the seeded range (account numbers 3301 0000001 …)."""
    from sqlalchemy import select

    from db.models import Customer

    seqs = rng.sample(range(1, total + 1), min(count, total))
    accounts = [f"3301{seq:07d}" for seq in seqs]
    found: dict[str, Sampled] = {}
    with db.read() as session:  # type: ignore[attr-defined]
        for start in range(0, len(accounts), 500):
            for c in session.scalars(select(Customer).where(Customer.account_no.in_(accounts[start:start + 500]))):
                found[c.account_no] = Sampled(c.account_no, c.name, c.party_type, c.phone, c.id_number,
                                              c.supply_address, c.meter_no)
    return [found[a] for a in accounts if a in found]


def _cjk_runs(name: str) -> list[str]:
    return [run for run in re.split(r"[^\u3400-\u9fff]+", name) if run]


def build_queries(people: list[Sampled], rng: random.Random, per_kind: int) -> dict[str, list[tuple[str, Sampled]]]:
    """What clerks type, per kind: (query text, the customer it was drawn from)."""
    out: dict[str, list[tuple[str, Sampled]]] = {k: [] for k in KINDS}

    def take(kind: str, query: str, who: Sampled) -> None:
        if query and len(out[kind]) < per_kind:
            out[kind].append((query, who))

    for who in people:
        acct = who.account_no
        take("account_prefix", acct[:rng.randint(5, 10)], who)
        take("account_exact", acct, who)
        runs = _cjk_runs(who.name)
        chars = "".join(runs)
        if chars:
            take("name_1char", rng.choice(chars), who)
        two = [r[i:i + 2] for r in runs for i in range(len(r) - 1)]
        if two:
            take("name_2char", rng.choice(two), who)
        three = [r[i:i + 3] for r in runs for i in range(len(r) - 2)]
        if three:
            take("name_3char", rng.choice(three), who)
        if who.party_type == "individual" and chars and all(is_cjk(ch) or ch == "·" for ch in who.name):
            initials = name_initials(who.name)
            if initials and len(initials[0]) >= 2:
                take("pinyin_initials", initials[0][:rng.randint(2, len(initials[0]))], who)
        take("phone_full", who.phone, who)
        digits = "".join(ch for ch in who.phone if ch.isdigit())
        take("phone_last4", digits[-4:], who)
        take("id_number", who.id_number, who)
        words = [w for w in address_words(who.supply_address) if not any(ch.isdigit() for ch in w)]
        if words:
            take("address_word", rng.choice(words), who)
        take("meter_no", who.meter_no, who)
        # 2–3 words in a row as on the bill (西湖区文三路); its own generator keeps the other kinds' draws.
        all_words, own = address_words(who.supply_address), random.Random(who.account_no)
        if len(all_words) >= 2:
            first = own.randrange(len(all_words) - 1)
            take("address_multiword", "".join(all_words[first:first + own.randint(2, 3)]), who)
    return out


def search_figures(db: object, actor: object, dialect: str, queries: dict[str, list[tuple[str, Sampled]]],
                   warmup: dict[str, list[tuple[str, Sampled]]], note: Callable[[str], None]) -> list[Figure]:
    from app.services.search import search_customers

    figures = []
    for kind in KINDS:
        for text, _ in warmup[kind]:
            search_customers(db, actor, text)  # type: ignore[arg-type]
        times: list[float] = []
        misses = 0
        for text, who in queries[kind]:
            t0 = time.perf_counter()
            result = search_customers(db, actor, text)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t0) * 1000)
            if kind in EXACT_KINDS and who.account_no not in {r.account_no for r in result.rows}:
                misses += 1
        value = p95(times)
        budget = SEARCH_BUDGETS_MS.get(kind, SEARCH_BUDGET_MS)
        figures.append(Figure(f"search.{dialect}.{kind}", f"p95={value:.1f}ms", f"budget={budget:.0f}ms",
                              value <= budget))
        if misses:
            note(f"# search.{dialect}.{kind}: the sampled customer was not among the first page "
                 f"for {misses}/{len(queries[kind])} queries")
        note(f"#   {kind}: n={len(times)} median={statistics.median(times):.2f}ms max={max(times):.1f}ms "
             f"e.g. {queries[kind][0][0]!r}")
    return figures


def view_figure(db: object, actor: object, dialect: str, ids: list[uuid.UUID]) -> Figure:
    """Open the customer view: the customer and its history (bills etc. join it when they exist)."""
    from app.services.customers import customer_history, get_customer

    for cid in ids[:WARMUP_PER_KIND]:
        get_customer(db, actor, cid)  # type: ignore[arg-type]
        customer_history(db, actor, cid)  # type: ignore[arg-type]
    times = []
    for cid in ids[WARMUP_PER_KIND:]:
        t0 = time.perf_counter()
        get_customer(db, actor, cid)  # type: ignore[arg-type]
        customer_history(db, actor, cid)  # type: ignore[arg-type]
        times.append((time.perf_counter() - t0) * 1000)
    value = p95(times)
    return Figure(f"view.{dialect}.open_customer", f"p95={value:.1f}ms", f"budget={VIEW_BUDGET_MS:.0f}ms",
                  value <= VIEW_BUDGET_MS)


def customer_ids(db: object, accounts: list[str]) -> list[uuid.UUID]:
    from sqlalchemy import select

    from db.models import Customer

    with db.read() as session:  # type: ignore[attr-defined]
        found = dict(session.execute(select(Customer.account_no, Customer.id)
                                     .where(Customer.account_no.in_(accounts))).tuples().all())
    return [found[a] for a in accounts if a in found]


def load_figure(entry: dict[str, object], full: bool, rebuilt: bool) -> tuple[Figure, str]:
    seconds = float(entry.get("seconds", 0.0) or 0.0)  # type: ignore[arg-type]
    customers = int(entry.get("customers", 0) or 0)  # type: ignore[call-overload]
    when = "built in this run" if rebuilt else f"cached build of {entry.get('built_at', '?')}"
    if full:
        measured = f"{seconds:.1f}s"
        value = seconds
    else:
        value = seconds * 1_000_000 / customers if customers else float("inf")
        measured = f"est={value:.0f}s(from_{customers // 1000}k)"
    note = f"# load.sqlite: {customers:,} customers in {seconds:.1f}s ({entry.get('rate', '?')}/s), {when}"
    return Figure("load.sqlite.1m_customers", measured, f"budget={LOAD_BUDGET_S:.0f}s", value <= LOAD_BUDGET_S), note


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def startup_figure(db_path: Path, root: Path, note: Callable[[str], None], runs: int = 5) -> Figure:
    """Median of ``runs`` cold starts to the log-in window (ui/app.py's exit-at-login hook)."""
    env = _child_env()
    env["GRIDCOUNTER_EXIT_AT_LOGIN"] = "1"
    values: list[float] = []
    walls: list[float] = []
    problem = ""
    for _ in range(runs):
        t0 = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, "main.py", "--db-url", f"sqlite:///{db_path}"], cwd=root, env=env,
                                  capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            problem = "timed out after 120 s"
            break
        walls.append(time.perf_counter() - t0)
        found = re.search(r"login-window-shown\s+([0-9.]+)", proc.stdout + proc.stderr)
        if not found:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            problem = f"exit code {proc.returncode}; no 'login-window-shown' line; " + " | ".join(tail)
            break
        values.append(float(found.group(1)))
    budget = f"budget={STARTUP_BUDGET_S:.0f}s"
    if problem or not values:
        note(f"# startup.login_window: {problem}")
        return Figure("startup.login_window", "missing", budget, False)
    median = statistics.median(values)
    note(f"# startup.login_window: runs {', '.join(f'{v:.2f}' for v in values)}s; "
         f"process wall (start to exit) median {statistics.median(walls):.2f}s")
    return Figure("startup.login_window", f"median={median:.2f}s", budget, median <= STARTUP_BUDGET_S)


def memory_figure(db_url: str, searches: int, total: int, root: Path, note: Callable[[str], None]) -> Figure:
    """RSS of a process holding the big SQLite database open, the Qt UI loaded, after searches."""
    proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.memory_probe", db_url, str(searches), str(total)],
                          cwd=root, env=_child_env(), capture_output=True, text=True, timeout=900)
    line = next((ln for ln in reversed(proc.stdout.splitlines()) if ln.startswith("{")), "")
    if proc.returncode != 0 or not line:
        raise RuntimeError(f"memory probe failed (exit {proc.returncode}): {proc.stderr.strip()[-800:]}")
    data = json.loads(line)
    rss, peak = float(data["rss_mb"]), float(data["peak_mb"])
    note(f"# memory: {total:,}-customer SQLite database, {data['searches']} searches + {data['views']} customer views; "
         f"{data['ui_modules']} ui modules imported, main window {data['main_window']}; peak RSS {peak:.0f}MB"
         + (f"; not importable: {', '.join(data['ui_failed'])}" if data["ui_failed"] else ""))
    return Figure("memory.rss.sqlite", f"rss={rss:.0f}MB", f"budget={MEMORY_BUDGET_MB:.0f}MB", rss <= MEMORY_BUDGET_MB)
