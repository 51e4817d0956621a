"""Fixtures of the tests that run a centre and a branch: a PostgreSQL centre with its feed triggers, as ``main.py sync-server`` installs them at start; an
empty, migrated SQLite file for a branch to enrol; and the branch's secret in a 0600 file, never
the tester's keyring (every sync test). A module with a ``branch`` of its own (a branch built
from the centre's rows, tests/sync/_branch.py) overrides this one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import Settings
from app.services.setup import open_database
from app.sync import triggers
from db.engine import Database
from tests.conftest import _setup


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDCOUNTER_NO_KEYRING", "1")


@pytest.fixture
def centre(pg_url: str) -> Iterator[Database]:
    db, _ = _setup(pg_url)
    with db.engine.begin() as conn:
        triggers.install_centre_feed(conn)
    yield db
    db.dispose()


@pytest.fixture
def branch(sqlite_url: str) -> Iterator[Database]:
    db = open_database(Settings(db_url=sqlite_url))
    yield db
    db.dispose()
