"""The shared-mode database password in the OS keyring (系统钥匙串), not in settings.toml.

An administrator runs ``main.py store-db-password`` once per counter PC: the password is saved
under the URL's user, host, port and database, and ``db_url`` in settings.toml (or
``GRIDCOUNTER_DB_URL``) is written without it. On start, a PostgreSQL URL that names a user
but no password gets it from the keyring. Where no keyring exists (a headless Linux box), the
URL is used as written and ``store-db-password`` says so: a password in the URL keeps working.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import URL, make_url

log = logging.getLogger(__name__)
SERVICE = "GridCounter"


class KeyringUnavailable(RuntimeError):
    """No usable OS keyring on this machine (the message is Chinese)."""


def keyring_entry(url: URL) -> str:
    """The keyring user name for ``url``: who connects where (never the password)."""
    return f"{url.username}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _needs_password(url: URL) -> bool:
    return url.get_backend_name() == "postgresql" and bool(url.username) and not url.password


def _keyring():  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        raise KeyringUnavailable("本机没有可用的系统钥匙串（如 Windows 凭据管理器）；请把密码写在数据库地址中")
    return keyring


def with_stored_password(db_url: str) -> str:
    """``db_url`` with the keyring's password filled in when the URL has none; else unchanged."""
    try:
        url = make_url(db_url)
    except Exception:  # a bad URL is reported by whoever opens it
        return db_url
    if not _needs_password(url):
        return db_url
    try:
        password = _keyring().get_password(SERVICE, keyring_entry(url))
    except Exception as exc:  # no keyring, a locked one, a broken backend: connect as written
        log.info("no database password from the keyring for %s: %s", keyring_entry(url), exc)
        return db_url
    if not password:
        return db_url
    return url.set(password=password).render_as_string(hide_password=False)


def store_password(db_url: str, password: str) -> str:
    """Save ``password`` for ``db_url``'s user and server; returns the URL to configure (no password)."""
    url = make_url(db_url)
    if url.get_backend_name() != "postgresql" or not url.username:
        raise ValueError("只有带用户名的 PostgreSQL 数据库地址需要保存密码，如 postgresql+psycopg://用户@服务器/gridcounter")
    if not password:
        raise ValueError("密码不能为空")
    bare = url._replace(password=None)  # URL.set() treats None as "keep"
    _keyring().set_password(SERVICE, keyring_entry(bare), password)
    return bare.render_as_string(hide_password=False)
