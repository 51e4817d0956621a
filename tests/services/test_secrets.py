"""The shared-mode database password kept in the OS keyring (app/secrets.py, store-db-password)."""

from __future__ import annotations

import io

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy.engine import make_url

import main
from app import secrets
from app.config import Settings
from app.services.setup import open_database


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring():  # type: ignore[no-untyped-def]
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


URL = "postgresql+psycopg://hall@db.example:5433/gridcounter"


def test_a_stored_password_fills_a_url_without_one(memory_keyring):
    bare = secrets.store_password("postgresql+psycopg://hall:S3cret@db.example:5433/gridcounter", "S3cret")
    assert bare == URL  # what the admin writes into settings.toml
    assert memory_keyring.store == {("GridCounter", "hall@db.example:5433/gridcounter"): "S3cret"}
    assert make_url(secrets.with_stored_password(URL)).password == "S3cret"
    # A password written in the URL wins; other servers, users and SQLite are left alone.
    assert secrets.with_stored_password("postgresql+psycopg://hall:Other@db.example:5433/gridcounter").endswith(
        "hall:Other@db.example:5433/gridcounter")
    assert make_url(secrets.with_stored_password("postgresql+psycopg://hall@db.example/other")).password is None
    assert secrets.with_stored_password("sqlite:///x.db") == "sqlite:///x.db"


def test_without_a_keyring_the_url_is_used_as_written_and_storing_says_why():
    previous = keyring.get_keyring()
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    try:
        assert secrets.with_stored_password(URL) == URL
        with pytest.raises(secrets.KeyringUnavailable, match="没有可用的系统钥匙串"):
            secrets.store_password(URL, "S3cret")
    finally:
        keyring.set_keyring(previous)


def test_store_db_password_command_then_the_database_opens_with_it(memory_keyring, pg_url, monkeypatch, capsys):
    url = make_url(pg_url)
    with_user = url._replace(username=url.username or "postgres", password=None).render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("S3cret-PW\n"))
    assert main.main(["--db-url", with_user, "store-db-password"]) == 0
    out = capsys.readouterr().out
    assert "密码已保存到系统钥匙串" in out and "S3cret-PW" not in out
    db = open_database(Settings(db_url=with_user))  # the throwaway cluster trusts local users
    try:
        assert db.engine.url.password == "S3cret-PW"  # taken from the keyring
        assert "S3cret-PW" not in db.display_url
    finally:
        db.dispose()


def test_store_db_password_refuses_sqlite_and_empty(memory_keyring, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    assert main.main(["--db-url", "sqlite:///x.db", "store-db-password"]) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main.main(["--db-url", URL, "store-db-password"]) == 2
    err = capsys.readouterr().err
    assert "PostgreSQL" in err and "密码不能为空" in err
