"""Engine and unit-of-work factory for SQLite (standalone / branch) and PostgreSQL (shared)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

#: How long a write waits for another program's SQLite write lock before it gives up (seconds).
#: Short enough that the clerk hears "the database is busy" in a few seconds, not after 30.
DEFAULT_BUSY_TIMEOUT = 5.0

#: The oldest SQLite the program runs on: the write path's counters and log sequence use
#: UPDATE … RETURNING (3.35). The packages bundle their own (docs/packaging.md); a source run
#: takes the Python's, which on an older Linux can be older (UOS 20: 3.27, Kylin V10: 3.31).
MIN_SQLITE = (3, 35, 0)


class SqliteTooOld(RuntimeError):
    """This Python's SQLite library is older than :data:`MIN_SQLITE`."""


def check_sqlite_version(version: tuple[int, int, int] | None = None) -> None:
    import sqlite3

    version = version or sqlite3.sqlite_version_info
    if version < MIN_SQLITE:
        raise SqliteTooOld(
            "SQLite {} 过旧：本程序需要 SQLite {} 或更新。请安装打包版（自带新版 SQLite），"
            "或换用更新的 Python".format(".".join(map(str, version)), ".".join(map(str, MIN_SQLITE)))
        )


#: SQLSTATE of PostgreSQL's lock_not_available (a lock_timeout or NOWAIT ran out).
_PG_LOCK_NOT_AVAILABLE = "55P03"


def is_busy(exc: BaseException) -> bool:
    """Did ``exc`` fail because another connection held the lock it needed (SQLITE_BUSY /
    SQLITE_LOCKED, PostgreSQL lock_not_available)? Nothing was written by that statement."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (extended codes keep the low byte)
    if getattr(orig, "sqlstate", None) == _PG_LOCK_NOT_AVAILABLE:
        return True
    text = str(orig).lower() if type(orig).__module__.startswith("sqlite3") else ""
    return "database is locked" in text or "database is busy" in text


#: A new database file and the folders made for it: this OS user only (issue 7 #13). SQLite gives
#: the -wal and -shm files the database file's permissions.
_FILE_MODE, _DIR_MODE = 0o600, 0o700


def create_private_sqlite_file(path: Path) -> None:
    """Create the folders up to ``path`` (0700 each) and an empty database file (0600), unless
    the file exists already: SQLite would otherwise create it with the umask's 0644."""
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=_DIR_MODE, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, _DIR_MODE)  # mkdir's mode is masked by the umask
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE)
    except FileExistsError:
        return
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, _FILE_MODE)


def _sqlite_engine(url: str, echo: bool, busy_timeout: float) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
        create_private_sqlite_file(Path(parsed.database).expanduser())
    # hide_parameters: an error's text (logged, and once shown on screens) carries the SQL
    # but never the values bound to it — ID numbers, phones, password hashes.
    engine = create_engine(url, echo=echo, hide_parameters=True,
                           connect_args={"timeout": busy_timeout, "check_same_thread": False})
    busy_ms = max(0, int(busy_timeout * 1000))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # pysqlite's own transaction handling begins lazily and never for SELECT; we take
        # over (SQLAlchemy's documented recipe) so a unit of work is one real transaction.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # Money lives here: a power cut after COMMIT must not lose the transaction (docs/rules.md#all-or-nothing).
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={busy_ms}")
        cur.execute("PRAGMA cache_size=-32768")  # 32 MiB page cache: search keys stay hot
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that
        # reads and then writes can fail with SQLITE_BUSY instead of waiting its turn.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def make_engine(url: str, echo: bool = False, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    if url.startswith("sqlite"):
        # said before anything is opened: otherwise the first write fails deep inside with
        # 'near "RETURNING": syntax error'
        check_sqlite_version()
        return _sqlite_engine(url, echo, busy_timeout)
    return create_engine(url, echo=echo, hide_parameters=True, pool_pre_ping=True, pool_size=5, max_overflow=5)


def url_without_password(url: str) -> str:
    """``url`` as text with the password masked (***): for logs, messages and the status bar."""
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "（无法解析的数据库地址）"


class Database:
    """Owns the engine; hands out units of work (one Session, one transaction each).

    ``busy_timeout`` (seconds) is how long a SQLite write waits for another program's write
    lock. ``busy_error`` makes the error a unit of work raises when the lock stayed taken
    (the application passes its typed, user-presentable error; the database layer cannot
    import it); without it the driver's OperationalError goes up unchanged.
    """

    def __init__(self, url: str, echo: bool = False, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
                 busy_error: Callable[[], Exception] | None = None) -> None:
        self.url = url
        self.busy_error = busy_error
        self.engine = make_engine(url, echo, busy_timeout)
        self.dialect = self.engine.dialect.name
        write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def display_url(self) -> str:
        """The URL without its password, for the status bar and logs."""
        return url_without_password(self.url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A read-write unit of work: commits on success, rolls back on any exception."""
        with self._busy_translated(), self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._busy_translated(), self._read() as session, session.begin():
            yield session

    @contextmanager
    def _busy_translated(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            if self.busy_error is None or not is_busy(exc):
                raise
            log.warning("database busy: another connection held the lock beyond the busy timeout")
            raise self.busy_error() from None

    def dispose(self) -> None:
        self.engine.dispose()
