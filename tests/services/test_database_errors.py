"""Database errors reach people calmly (issue 7 #11, #15).

* #11: SQL parameters (ID numbers, phones, password hashes) never reach the log or a screen;
  an unexpected database error shows "数据库错误（日志编号 …）" and the log entry carries that
  reference.
* #15: when another program holds the SQLite write lock, a write gives up after the busy
  timeout (seconds, not 30) with the typed ``DatabaseBusy`` error, and a retry of the same
  payment afterwards posts exactly once.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.diagnostics import RedactingFormatter, presentable, redact
from app.domain.errors import DatabaseBusy, DatabaseFailure
from app.services import auth, cashier, customers, payments
from app.services.setup import open_database
from db.models import Payment
from tests.conftest import CLERK_PASSWORD

ID_NUMBER = "110101199003077578"
PHONE = "13912345678"
PASSWORD_HASH = "$argon2id$v=19$m=1024,t=1,p=1$c2VjcmV0c2FsdA$aGFzaGhhc2hoYXNo"
REFERENCE = re.compile(r"\d{8}-\d{4}-[0-9a-f]{4}")


def _provoke_integrity_error(db) -> DBAPIError:  # type: ignore[no-untyped-def]
    """A duplicate key whose value and neighbours are personal data (PostgreSQL's DETAIL line
    repeats the key value; the bound parameters hold the rest)."""
    with db.write() as s:
        s.execute(text("INSERT INTO app_meta (key, value) VALUES (:k, :v)"), {"k": ID_NUMBER, "v": PHONE})
    try:
        with db.write() as s:
            s.execute(
                text("INSERT INTO app_meta (key, value) VALUES (:k, :v)"),
                {"k": ID_NUMBER, "v": PASSWORD_HASH},
            )
    except DBAPIError as exc:
        return exc
    raise AssertionError("the duplicate key was accepted")


def _provoke_operational_error(db) -> DBAPIError:  # type: ignore[no-untyped-def]
    try:
        with db.read() as s:
            s.execute(
                text("SELECT value FROM no_such_table WHERE phone = :p AND id_number = :i"),
                {"p": PHONE, "i": ID_NUMBER},
            )
    except DBAPIError as exc:
        return exc
    raise AssertionError("the query ran")


def _personal(text_: str) -> list[str]:
    return [v for v in (ID_NUMBER, PHONE, PASSWORD_HASH) if v in text_]


@pytest.mark.parametrize("provoke", [_provoke_integrity_error, _provoke_operational_error])
def test_a_database_error_keeps_personal_data_out_of_the_log_and_the_message(
    db, caplog, tmp_path, provoke
) -> None:  # type: ignore[no-untyped-def]
    exc = provoke(db)
    assert _personal(str(exc).split("\nDETAIL")[0]) == []  # hide_parameters: the SQL, not its values

    log_file = tmp_path / "gridcounter.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    try:
        with caplog.at_level(logging.INFO):
            shown = presentable(exc, "saving a customer")
            # Code elsewhere that logs the raw exception still writes nothing personal to the file.
            logging.getLogger("elsewhere").error("raw", exc_info=exc)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()

    assert isinstance(shown, DatabaseFailure)
    assert shown.message.startswith(f"数据库错误（日志编号 {shown.reference}）")
    assert REFERENCE.fullmatch(shown.reference)
    assert _personal(shown.message) == []
    ours = [r for r in caplog.records if shown.reference in r.getMessage()]
    assert len(ours) == 1 and ours[0].levelno == logging.ERROR
    logged = ours[0].getMessage()
    assert "saving a customer" in logged and type(exc.orig).__name__ in logged  # the administrator's clue
    assert _personal(logged) == []
    written = log_file.read_text(encoding="utf-8")
    assert shown.reference in written and "Traceback" in written
    assert _personal(written) == []


def test_redact_hides_detail_lines_parameters_ids_and_phones() -> None:
    raw = (
        '(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint "uq"\n'
        f"DETAIL:  Key (id_number)=({ID_NUMBER}) already exists.\n"
        "[SQL: INSERT INTO customer (phone) VALUES (%(phone)s)]\n"
        f"[parameters: {{'phone': '{PHONE}'}}]\n"
        f"客户 {ID_NUMBER[:-1]}x 的电话 {PHONE}"
    )
    out = redact(raw)
    assert _personal(out) == [] and ID_NUMBER[:-1] not in out
    assert "duplicate key value violates unique constraint" in out and "[SQL: INSERT INTO customer" in out


# ---- the database is busy (SQLite) --------------------------------------------------------------

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
print("released", flush=True)
"""


class LockHolder:
    """Another program (a backup tool, another counter program) holding the write lock."""

    def __init__(self, url: str) -> None:
        path = make_url(url).database
        assert path
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"

    def release(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            assert self.proc.stdout.readline().strip() == "released"
            self.proc.wait(10)


@pytest.fixture
def lock_holder(sqlite_db) -> Iterator[type[LockHolder]]:  # type: ignore[no-untyped-def]
    made: list[LockHolder] = []

    def make(url: str) -> LockHolder:
        holder = LockHolder(url)
        made.append(holder)
        return holder

    yield make  # type: ignore[misc]
    for holder in made:
        holder.release()


def test_a_payment_under_another_programs_write_lock_is_refused_in_seconds_and_retried_once(
    sqlite_db, customer_form, lock_holder
) -> None:  # type: ignore[no-untyped-def]
    db, settings = sqlite_db
    assert settings.db_busy_timeout_seconds == 5  # the default: a few seconds, not 30
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    cashier.open_session(db, clerk, 50000)
    customer = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    cmd = payments.PostPayment(uuid.uuid4(), customer.id, (payments.TenderInput("cash", 10000),))

    holder = lock_holder(settings.db_url)
    started = time.monotonic()
    with pytest.raises(DatabaseBusy) as refused:
        payments.post_payment(db, clerk, cmd)
    waited = time.monotonic() - started
    assert 4.5 <= waited < 6.5, waited
    assert (
        refused.value.message
        == "数据库正忙：另一个程序正在写入数据库（例如备份或另一台柜台程序），请稍后重试"
    )
    assert refused.value.__cause__ is None and "SQL" not in str(refused.value)
    with pytest.raises(DatabaseBusy):  # the log-in says the same, not raw SQL
        auth.login(db, "clerk1", CLERK_PASSWORD)

    holder.release()
    first = payments.post_payment(db, clerk, cmd)  # the clerk's retry: same request id
    again = payments.post_payment(db, clerk, cmd)
    assert again.receipt_no == first.receipt_no
    with db.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(Payment).where(Payment.customer_id == customer.id)) == 1
        )


def test_the_busy_timeout_is_a_setting(sqlite_db, lock_holder) -> None:  # type: ignore[no-untyped-def]
    db, settings = sqlite_db
    quick = open_database(dataclasses.replace(settings, db_busy_timeout_seconds=1))
    try:
        lock_holder(settings.db_url)
        started = time.monotonic()
        with pytest.raises(DatabaseBusy), quick.write() as s:
            s.execute(text("UPDATE app_meta SET value = value"))
        assert time.monotonic() - started < 2.5
    finally:
        quick.dispose()


def test_a_busy_error_outside_a_unit_of_work_is_presented_as_busy(sqlite_db, lock_holder) -> None:  # type: ignore[no-untyped-def]
    """Migrations and other raw engine work: the task runner's translation says "busy" too."""
    db, settings = sqlite_db
    quick = open_database(dataclasses.replace(settings, db_busy_timeout_seconds=1))
    try:
        lock_holder(settings.db_url)
        with pytest.raises(DBAPIError) as raw, quick.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        assert isinstance(presentable(raw.value), DatabaseBusy)
    finally:
        quick.dispose()


def test_the_log_file_formatter_is_the_redacting_one(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import main

    monkeypatch.setenv("GRIDCOUNTER_LOG_DIR", str(tmp_path))
    root = logging.getLogger()
    before = [h for h in root.handlers if getattr(h, "_gridcounter", None) != "file"]
    saved = [h for h in root.handlers if h not in before]
    for h in saved:  # main() ran in this process already: set up afresh, put it back after
        root.removeHandler(h)
    main._setup_logging()
    added = [h for h in root.handlers if h not in before]
    try:
        assert added and all(isinstance(h.formatter, RedactingFormatter) for h in added)
        logging.getLogger("x").warning("客户电话 %s", PHONE)
        for h in added:
            h.flush()
        assert PHONE not in Path(tmp_path / "gridcounter.log").read_text(encoding="utf-8")
    finally:
        for h in added:
            root.removeHandler(h)
            h.close()
        for h in saved:
            root.addHandler(h)
