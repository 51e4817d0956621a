"""A business hall for the reliability scenarios, built through the services in the test process.

Node 3301 (tests.conftest._setup: admin, clerk1, clerk2, super1), plus clerk3 and clerk4; every
clerk named gets an open cashier session with a float large enough for any change given here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import Settings
from app.services import auth, cashier, customers
from db.engine import Database
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, SUPERVISOR_PASSWORD, _setup, valid_resident_id

REPO = Path(__file__).resolve().parents[2]
USERS = {
    "clerk1": CLERK_PASSWORD,
    "clerk2": CLERK_PASSWORD,
    "clerk3": CLERK_PASSWORD,
    "clerk4": CLERK_PASSWORD,
    "super1": SUPERVISOR_PASSWORD,
}
FLOAT_FEN = 5_000_000  # ¥50,000 in every drawer: change is never short here


@dataclass
class Hall:
    url: str
    db: Database
    settings: Settings
    customers: list[uuid.UUID] = field(default_factory=list)


def customer_input(n: int) -> customers.CustomerInput:
    return customers.CustomerInput(
        party_type="individual",
        kind="residential",
        name="测试户" + "".join("零一二三四五六七八九"[int(d)] for d in str(n)),
        id_type="ric",
        id_number=valid_resident_id(50_000 + n),
        area="urban",
        voltage_level="220V",
        capacity_kva="8",
        phone=f"138{n:08d}",
        supply_address=f"浙江省杭州市西湖区文三路{n}号",
    )


def open_hall(url: str, clerks: Sequence[str] = ("clerk1",), n_customers: int = 1) -> Hall:
    db, settings = _setup(url)
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    for name, no in (("clerk3", "1003"), ("clerk4", "1004")):
        auth.create_user(db, admin, auth.UserInput(name, f"柜员{no}", no, "clerk", CLERK_PASSWORD))
    for name in clerks:
        cashier.open_session(db, auth.login(db, name, CLERK_PASSWORD), FLOAT_FEN)
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    hall = Hall(url, db, settings)
    for n in range(n_customers):
        view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_input(n)))
        hall.customers.append(view.id)
    return hall


def today() -> dt.date:
    return dt.datetime.now().astimezone().date()


# ---- worker processes -------------------------------------------------------------------------


def command(
    clerk: str,
    customer_id: uuid.UUID,
    tenders: Iterable[tuple[str, int, str]],
    amount_fen: int | None,
    request_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    """One payment command of a worker's plan (JSON)."""
    return {
        "clerk": clerk,
        "request_id": str(request_id or uuid.uuid4()),
        "customer_id": str(customer_id),
        "amount_fen": amount_fen,
        "tenders": [list(t) for t in tenders],
    }


def write_plan(path: Path, url: str, **plan: Any) -> Path:
    path.write_text(json.dumps({"db_url": url, "users": USERS, **plan}, ensure_ascii=False))
    return path


def start_worker(mode: str, plan: Path, journal: Path, *extra: str) -> subprocess.Popen[bytes]:
    """``python -m tests.reliability.worker MODE PLAN JOURNAL …`` from the repository root."""
    err = open(journal.with_suffix(".stderr"), "ab")  # noqa: SIM115 - the child owns it
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.worker", mode, str(plan), str(journal), *extra],
        cwd=REPO,
        stdout=err,
        stderr=err,
        env={**os.environ},
    )


def read_journal(path: Path) -> list[dict[str, Any]]:
    """The journal's complete lines (a kill -9 may leave half a line at the end)."""
    if not path.exists():
        return []
    out = []
    for line in path.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


def wait_for(
    predicate: Any,
    timeout: float,
    what: str,
    procs: Sequence[subprocess.Popen[bytes]] = (),
    interval: float = 0.02,
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        for p in procs:
            if p.poll() not in (None, 0):
                raise AssertionError(f"worker {p.args} exited with {p.returncode} while waiting for {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def finish(procs: Sequence[subprocess.Popen[bytes]], timeout: float) -> None:
    """Wait for the workers; kill the rest on time-out (and fail)."""
    deadline = time.monotonic() + timeout
    try:
        for p in procs:
            p.wait(max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        for p in procs:
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()
        raise AssertionError(f"workers did not finish within {timeout} s") from None
    bad = [(p.args, p.returncode) for p in procs if p.returncode != 0]
    assert not bad, f"workers failed: {bad}"


def stderr_of(journal: Path) -> str:
    path = journal.with_suffix(".stderr")
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""
