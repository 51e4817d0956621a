"""Alembic environment: used by db.migrate (on start) and by `alembic -c db/alembic.ini`."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds tables, on both databases alike.
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("GRIDCOUNTER_DB_URL")
    if not url:
        raise SystemExit("set sqlalchemy.url or GRIDCOUNTER_DB_URL")
    engine = create_engine(url, hide_parameters=True)  # no bound values in an error (db/engine.py)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
