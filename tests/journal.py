"""Test helper: lift the journal tables' append-only triggers inside one transaction.

Tests of ``verify-log`` play an intruder who edits the operation log behind the application's
back (a superuser who disables triggers, a copied database file). The triggers of migration 0003
refuse that, so such a test lifts them in its own transaction and puts them back before commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

JOURNAL_TABLES = ("payment", "payment_tender", "payment_allocation", "operation_log", "print_record")


@contextmanager
def guards_lifted(session: Session, tables: tuple[str, ...] = JOURNAL_TABLES) -> Iterator[None]:
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        triggers = conn.execute(
            text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trg_%_no_%' "
                f"AND tbl_name IN ({', '.join(repr(t) for t in tables)})"
            )
        ).all()
        for name, _ in triggers:
            conn.execute(text(f"DROP TRIGGER {name}"))
        yield
        for _, sql in triggers:
            conn.execute(text(sql))
        return
    for table in tables:
        conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
    yield
    for table in tables:
        conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
