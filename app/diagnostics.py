"""Diagnostics (诊断): what an unexpected error leaves in the log, and what the clerk sees.

A database error's text goes to the log, redacted, under a reference a clerk can read out;
the clerk sees :class:`app.domain.errors.DatabaseFailure` with that reference. The typed
errors themselves live in :mod:`app.domain.errors`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import traceback

from app.domain.errors import DatabaseBusy, DatabaseFailure, DomainError

__all__ = [
    "RedactingFormatter",
    "describe",
    "is_database_error",
    "log_unexpected",
    "new_reference",
    "presentable",
    "redact",
]

# ---- database errors ---------------------------------------------------------------------------
# A database error's text (SQL, the driver's DETAIL lines, once the bound values too) belongs in
# the log, with nothing personal in it; the clerk sees a calm Chinese sentence and, for an
# unexpected error, the reference of its log entry (docs/rules.md#database-errors, issue 7 #11/#15).

log = logging.getLogger(__name__)


def new_reference(now: dt.datetime | None = None) -> str:
    """A log reference a clerk can read out on the phone: ``20261206-0412-7f3a``."""
    return f"{(now or dt.datetime.now()):%Y%m%d-%H%M}-{secrets.token_hex(2)}"


_DETAIL = re.compile(r"^(\s*(?:DETAIL|详细|HINT|CONTEXT):).*$", re.MULTILINE)
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)
_RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{5}[0-9Xx](?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")


def redact(text: str) -> str:
    """``text`` without what may be personal: the driver's DETAIL/HINT lines (PostgreSQL puts the
    offending row's values there), bound parameters, resident ID and mobile numbers."""
    text = _DETAIL.sub(r"\1 （已隐藏）", text)
    text = _PARAMETERS.sub("[parameters hidden]", text)
    text = _RESIDENT_ID.sub("（证件号已隐藏）", text)
    return _MOBILE.sub("（手机号已隐藏）", text)


def is_database_error(exc: BaseException) -> bool:
    """An error of SQLAlchemy or of a database driver (sqlite3, psycopg)."""
    module = type(exc).__module__
    return module.split(".")[0] in ("sqlalchemy", "sqlite3", "psycopg", "psycopg2")


def describe(exc: BaseException) -> str:
    """Type, redacted text and frames of ``exc`` and the exceptions it was raised from."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        parts.append(
            f"{frames}{type(current).__module__}.{type(current).__qualname__}: {redact(str(current))}"
        )
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\nraised while handling / from:\n".join(reversed(parts))


def log_unexpected(exc: BaseException, what: str) -> str:
    """Log ``exc`` (redacted, with its traceback) under a new reference and return the reference."""
    reference = new_reference()
    log.error("%s [日志编号 %s]\n%s", what, reference, describe(exc))
    return reference


def presentable(exc: BaseException, what: str = "a background task") -> BaseException:
    """``exc`` as the UI should get it: a database error becomes :class:`DatabaseBusy` or
    (logged here, redacted, under its reference) :class:`DatabaseFailure`; others pass."""
    if isinstance(exc, DomainError) or not is_database_error(exc):
        return exc
    from db.engine import is_busy

    if is_busy(exc):
        log.warning("%s: the database was busy (another program held its lock)", what)
        return DatabaseBusy()
    return DatabaseFailure(log_unexpected(exc, f"database error in {what}"))


class RedactingFormatter(logging.Formatter):
    """The log file's formatter: every line, tracebacks included, goes through :func:`redact`."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
