"""Lock order of writes that touch the node row (PostgreSQL).

Every write takes the actor's user row (check_live, FOR SHARE) before the node row
(oplog.append); a log-in attempt locks the user row and then appends to the node's chain. A
write that updated the node row first (register_customer's account_seq, change_hall_rules'
node lock) and only later reached check_live deadlocked with a failed log-in of the same user.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

import app.services.customers as customers
import app.services.hall_rules as hall_rules
from app.domain.errors import AuthenticationFailed
from app.services import auth
from db.engine import Database


def _race(write: Callable[[], object], login: Callable[[], object]) -> dict[str, str]:
    """Run ``write`` (which pauses while holding its first locks) and, meanwhile, ``login``."""
    out: dict[str, str] = {}

    def run_write() -> None:
        try:
            write()
            out["write"] = "ok"
        except Exception as exc:  # the result is asserted below
            out["write"] = repr(exc)[:300]

    def run_login() -> None:
        time.sleep(0.3)  # the write is inside its transaction by now
        try:
            login()
            out["login"] = "logged in"
        except AuthenticationFailed:
            out["login"] = "refused"
        except Exception as exc:
            out["login"] = repr(exc)[:300]

    threads = [threading.Thread(target=run_write), threading.Thread(target=run_login)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return out


def _pg_only(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite serialises whole writes)")


def test_hall_rules_save_and_failed_login_do_not_deadlock(db, settings, admin, monkeypatch):  # type: ignore[no-untyped-def]
    _pg_only(db)
    real = hall_rules.parse_rules

    def slow(values, old=None):  # type: ignore[no-untyped-def]
        time.sleep(1.0)  # the save is inside its transaction here
        return real(values, old)

    monkeypatch.setattr(hall_rules, "parse_rules", slow)
    other = Database(settings.db_url)
    try:
        out = _race(
            lambda: hall_rules.change_hall_rules(db, admin, 0, {"bill_due_days": "20"}),
            lambda: auth.login(other, "admin", "wrong-password-1"),
        )
    finally:
        other.dispose()
    assert out == {"write": "ok", "login": "refused"}


def test_register_customer_and_failed_login_do_not_deadlock(db, settings, clerk, customer_form, monkeypatch):  # type: ignore[no-untyped-def]
    _pg_only(db)
    real = customers._keys

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(1.0)  # the account number has been issued from the node row here
        return real(*args, **kwargs)

    monkeypatch.setattr(customers, "_keys", slow)
    other = Database(settings.db_url)
    try:
        out = _race(
            lambda: customers.register_customer(
                db, clerk, customers.RegisterCustomer(customer_form())
            ),
            lambda: auth.login(other, "clerk1", "wrong-password-1"),
        )
    finally:
        other.dispose()
    assert out == {"write": "ok", "login": "refused"}
