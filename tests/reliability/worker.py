"""A counter PC as a real process, for the reliability scenarios (tests/reliability).

    python -m tests.reliability.worker pay PLAN.json JOURNAL.jsonl [--resume]
    python -m tests.reliability.worker reverse PLAN.json JOURNAL.jsonl
    python -m tests.reliability.worker billrun PLAN.json JOURNAL.jsonl

PLAN is JSON written by the test (tests/reliability/hall.py): ``db_url``, ``users`` (name →
password), and per mode:

* ``pay``: ``commands`` — each {clerk, request_id, customer_id, amount_fen, tenders} is posted
  with ``app.services.payments.post_payment``. Before each call a ``send`` line goes to the
  journal, after it ``ok`` (receipt) or ``refused`` (a domain refusal). ``--resume`` (after a
  kill -9) starts again at the last command sent without an answer, with the SAME request id.
* ``reverse``: ``payment_ids`` reversed (冲正) by ``clerk`` with ``approver``'s approval.
* ``billrun``: ``app.services.bill_run.compute_bills`` of ``period`` by ``user``; the run's
  progress callback (called inside its unit of work, after the offsets are written) creates the
  ``signal`` file and holds the transaction open ``hold`` seconds — the time a 30,000-bill run
  is open — so the other processes act while the run has read the balances and not committed.

Every mode waits for the ``go`` file when the plan names one (all workers start together).
Lost connections (server restarted, killed backend) are retried with the same request id until
``retry_seconds`` have passed: the payment service is idempotent on it. The journal is line
buffered: a kill -9 loses at most the line being written.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import time
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO, TypeVar

import psycopg
from argon2 import PasswordHasher
from sqlalchemy import exc as sa_exc

from app.config import Settings
from app.domain.errors import DomainError
from app.dto.common import Actor
from app.dto.payments import TenderInput
from app.services import auth, bill_run, payments
from app.services.customers import SupervisorApproval
from db.engine import Database

T = TypeVar("T")

# The test suite's cheaper argon2 parameters (tests/conftest.py): the stored hashes use them.
auth.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def lost_connection(exc: BaseException) -> bool:
    """The database went away (restart, crash, killed backend) — not a refusal, not a bug."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sa_exc.DBAPIError) and seen.connection_invalidated:
            return True
        if isinstance(
            seen,
            sa_exc.OperationalError
            | sa_exc.InterfaceError
            | sa_exc.DisconnectionError
            | psycopg.OperationalError
            | psycopg.InterfaceError
            | sqlite3.OperationalError,
        ):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class Journal:
    def __init__(self, path: Path) -> None:
        self.file: TextIO = open(path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115

    def write(self, **event: Any) -> None:
        event["t"] = round(time.time(), 4)
        self.file.write(json.dumps(event, ensure_ascii=False) + "\n")


class Worker:
    def __init__(self, plan: dict[str, Any], journal: Journal) -> None:
        self.plan = plan
        self.journal = journal
        self.settings = Settings(db_url=plan["db_url"])
        self.db = Database(plan["db_url"])
        self.retry_seconds = float(plan.get("retry_seconds", 60))
        self.actors: dict[str, Actor] = {}
        self.retries = 0

    def retrying(self, what: str, call: Callable[[], T]) -> T:
        """``call()``, again after a lost connection (same arguments: same request id)."""
        deadline = time.monotonic() + self.retry_seconds
        while True:
            try:
                return call()
            except Exception as exc:
                if isinstance(exc, DomainError) or not lost_connection(exc) or time.monotonic() > deadline:
                    raise
                self.retries += 1
                self.journal.write(ev="retry", what=what, error=type(exc).__name__)
                time.sleep(0.2)

    def actor(self, name: str) -> Actor:
        if name not in self.actors:
            password = self.plan["users"][name]
            self.actors[name] = self.retrying(
                f"login {name}", lambda: auth.login(self.db, name, password)
            )
        return self.actors[name]

    def wait_go(self) -> None:
        go = self.plan.get("go")
        self.journal.write(ev="ready")
        if go:
            deadline = time.monotonic() + 120
            while not Path(go).exists():
                if time.monotonic() > deadline:
                    raise SystemExit("no go signal within 120 s")
                time.sleep(0.005)

    # ---- modes ---------------------------------------------------------------------------------

    def pay(self, resume: Path | None) -> None:
        commands = self.plan["commands"]
        start = 0
        if resume is not None:
            start = resume_index(resume)
            self.journal.write(ev="resume", i=start)
        for name in {c["clerk"] for c in commands[start:]}:
            self.actor(name)
        self.wait_go()
        for i in range(start, len(commands)):
            c = commands[i]
            cmd = payments.PostPayment(
                uuid.UUID(c["request_id"]),
                uuid.UUID(c["customer_id"]),
                tuple(TenderInput(k, a, r) for k, a, r in c["tenders"]),
                c["amount_fen"],
            )
            actor = self.actor(c["clerk"])
            self.journal.write(ev="send", i=i, rid=c["request_id"])
            try:
                receipt = self.retrying(
                    c["request_id"],
                    lambda a=actor, c=cmd: payments.post_payment(self.db, a, c),
                )
            except DomainError as exc:
                self.journal.write(ev="refused", i=i, rid=c["request_id"], msg=str(exc))
                continue
            self.journal.write(
                ev="ok",
                i=i,
                rid=c["request_id"],
                receipt_no=receipt.receipt_no,
                payment_id=str(receipt.payment_id),
                amount_fen=receipt.amount_fen,
            )
        self.journal.write(ev="done", retries=self.retries)

    def reverse(self) -> None:
        clerk = self.actor(self.plan["clerk"])
        approver = self.plan["approver"]
        approval = SupervisorApproval(approver, self.plan["users"][approver], "")
        self.wait_go()
        for pid in self.plan["payment_ids"]:
            cmd = payments.ReversePayment(
                uuid.uuid4(), uuid.UUID(pid), "customer_request", "客户要求退回预存", approval
            )
            try:
                receipt = self.retrying(
                    pid, lambda c=cmd: payments.reverse_payment(self.db, clerk, c)
                )
            except DomainError as exc:
                self.journal.write(ev="refused", payment_id=pid, msg=str(exc))
                continue
            self.journal.write(ev="ok", payment_id=pid, receipt_no=receipt.receipt_no)
        self.journal.write(ev="done", retries=self.retries)

    def billrun(self) -> None:
        user = self.actor(self.plan["user"])
        signal, hold = Path(self.plan["signal"]), float(self.plan["hold"])

        def progress(done: int, total: int) -> None:
            if not signal.exists():
                self.journal.write(ev="holding", done=done, total=total)
                signal.write_text("balances read, offsets written, not committed")
                time.sleep(hold)

        self.wait_go()
        started = time.monotonic()
        report = bill_run.compute_bills(
            self.db,
            user,
            self.plan["period"],
            dt.date.fromisoformat(self.plan["issue_date"]),
            progress=progress)
        self.journal.write(
            ev="done",
            bills=report.bills,
            errors=[str(e) for e in report.errors][:5],
            seconds=round(time.monotonic() - started, 3),
        )


def resume_index(journal: Path) -> int:
    """Where a killed ``pay`` worker starts again: the last command sent without an answer."""
    last_sent, answered = -1, set()
    for line in journal.read_text(encoding="utf-8").splitlines() if journal.exists() else []:
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if event.get("ev") == "send":
            last_sent = max(last_sent, event["i"])
        elif event.get("ev") in ("ok", "refused"):
            answered.add(event["i"])
    return last_sent if last_sent >= 0 and last_sent not in answered else last_sent + 1


def main(argv: list[str]) -> int:
    mode, plan_path, journal_path = argv[0], Path(argv[1]), Path(argv[2])
    plan = json.loads(plan_path.read_text(encoding="utf-8"))
    journal = Journal(journal_path)
    worker = Worker(plan, journal)
    try:
        if mode == "pay":
            worker.pay(journal_path if "--resume" in argv else None)
        elif mode == "reverse":
            worker.reverse()
        elif mode == "billrun":
            worker.billrun()
        else:
            raise SystemExit(f"unknown mode {mode}")
    except Exception as exc:
        journal.write(ev="error", error=f"{type(exc).__name__}: {exc}"[:2000])
        traceback.print_exc()
        return 1
    finally:
        worker.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
