"""Diagnostics (诊断): what an unexpected error leaves in the log, and what the clerk sees.

A database error's text goes to the log, redacted, under a reference a clerk can read out;
the clerk sees :class:`app.domain.errors.DatabaseFailure` with that reference. The typed
errors themselves live in :mod:`app.domain.errors`.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import re
import secrets
import traceback
from collections.abc import Mapping
from pathlib import Path

from app.domain.errors import DatabaseBusy, DatabaseFailure, DomainError
from app.version import app_version

__all__ = [
    "RedactingFormatter",
    "app_version",
    "crash_report",
    "database_kind",
    "describe",
    "is_database_error",
    "log_unexpected",
    "new_reference",
    "presentable",
    "redact",
    "scrub",
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
#: the same lines inside a repr (``UniqueViolation('…\\nDETAIL:  Key (name)=(张三) already exists.')``),
#: where the line break is the two characters backslash and n
_DETAIL_INLINE = re.compile(
    r"(\\n\s*(?:DETAIL|详细|HINT|CONTEXT):)(?!\s*（已隐藏）)[^\n]*?(?=\\n|'\)|\"\)|$)", re.MULTILINE
)
#: PostgreSQL's DETAIL values wherever they turn up: ``Key (id_number)=(…) already exists``,
#: ``Failing row contains (…)`` (a not-null or check violation: the whole row)
_PG_KEY = re.compile(
    r"(\bKey \([^)\n]*\)=\()[^\n]*?(\)(?: already exists| is not present| is still referenced| conflicts with)|$)",
    re.MULTILINE,
)
_PG_ROW = re.compile(r"(\bFailing row contains )[^\n]*?(?=\\n|$)", re.MULTILINE)
#: SQLAlchemy's ``[parameters: …]`` (an engine without hide_parameters), also inside a repr
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|\\n|'\)|$)", re.DOTALL)
_RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{5}[0-9Xx](?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])")
#: credentials an error may carry: a database URL's password, password=… and PASSWORD '…'
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]+@", re.IGNORECASE)
_PASSWORD_VALUE = re.compile(r"(\bpassword\s*[=:]\s*)(?:'[^']*'|\"[^\"]*\"|[^\s,;)]+)", re.IGNORECASE)
_PASSWORD_SQL = re.compile(r"(\bPASSWORD\s+)'[^']*'", re.IGNORECASE)


def redact(text: str) -> str:
    """``text`` without what may be personal: the driver's DETAIL/HINT lines (PostgreSQL puts the
    offending row's values there) and the ``Key (…)=(…)`` / ``Failing row contains (…)`` values
    wherever they appear (a repr puts them on one line), bound parameters (the app's engines never
    print them: ``hide_parameters=True``, db/engine.py), resident ID and mobile numbers, passwords."""
    text = _URL_PASSWORD.sub(r"\1***@", text)
    text = _PASSWORD_SQL.sub(r"\1'***'", text)
    text = _PASSWORD_VALUE.sub(r"\1***", text)
    text = _DETAIL.sub(r"\1 （已隐藏）", text)
    text = _DETAIL_INLINE.sub(r"\1 （已隐藏）", text)
    text = _PG_KEY.sub(r"\1（已隐藏）\2", text)
    text = _PG_ROW.sub(r"\1（已隐藏）", text)
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


# ---- the crash report (错误报告) -----------------------------------------------------------------
# What the clerk saves from the unexpected-error dialog and hands to IT (issue 12 item 11): the
# reference, the version, the platform, the database kind (never its URL), the error and the log's
# last lines — scrubbed of what may be personal (docs/reliability.md#crash-report).

#: how many of the log's last lines go into a report
REPORT_LOG_LINES = 200
_TAIL_BYTES = 512 * 1024

_RESIDENT_ID_15 = re.compile(
    r"(?<![0-9A-Za-z])\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
)
#: any long run of digits (an ID number of another kind, a bank card)
_LONG_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{15,19}[0-9Xx]?(?![0-9A-Za-z])")
#: a mobile written in groups, with or without +86: 138 1234 5678, +86-138-1234-5678
_MOBILE_GROUPED = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d[- ]\d{4}[- ]\d{4}(?![0-9A-Za-z])")
_MOBILE_86 = re.compile(r"(?<![0-9A-Za-z])\+?86[- ]?1[3-9]\d{9}(?![0-9A-Za-z])")
#: a landline with its area code: 0571-88776655, (0571)88776655, 057188776655, 010-12345678-123
_LANDLINE = re.compile(r"(?<![0-9A-Za-z])\(?0\d{2,3}\)?[- ]?[2-9]\d{6,7}(?:-\d{1,5})?(?![0-9A-Za-z])")
#: ``name='张三'``, ``"phone": "0571…"``, ``contact_person=王经理``: the value of a field that names or
#: reaches a person, as a repr or a log line prints it
_PERSONAL_KEYS = (
    r"\w*name|contact_person|customer_manager|\w*contact|applicant|holder|\w*address|"
    r"description|remark|notes|phone\d?|mobile|id_number|id_no"
)
_KEY_VALUE = re.compile(
    rf"(?<![A-Za-z0-9_])(['\"]?)({_PERSONAL_KEYS})\1(\s*[=:]\s*)('[^'\n]*'|\"[^\"\n]*\"|[^\s,;)}}\]]+)",
    re.IGNORECASE,
)
#: 户名：张三 and the like: a Chinese label, then a name
_LABELLED_NAME = re.compile(
    r"(户名|姓名|联系人|申请人|诉求人|报修人|举报人|客户经理|收款人|代办人|经办人|产权人)(\s*[:：=]\s*|\s+)"
    r"([\u3400-\u9fff·•]{2,12})"
)


def scrub(text: str) -> str:
    """``text`` without what may be personal, for a report that leaves the PC: :func:`redact`
    (driver DETAIL lines, bound parameters, 18-digit ID and mobile numbers) and old 15-digit IDs,
    long numbers, grouped mobiles, landlines, and the values of name / phone / address fields."""
    text = _KEY_VALUE.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(1)}{m.group(3)}（已隐藏）", text)
    text = _LABELLED_NAME.sub(lambda m: f"{m.group(1)}{m.group(2)}（姓名已隐藏）", text)
    text = redact(text)
    text = _RESIDENT_ID_15.sub("（证件号已隐藏）", text)
    text = _LONG_NUMBER.sub("（号码已隐藏）", text)
    text = _MOBILE_86.sub("（手机号已隐藏）", text)
    text = _MOBILE_GROUPED.sub("（手机号已隐藏）", text)
    return _LANDLINE.sub("（电话已隐藏）", text)


def database_kind(url: str) -> str:
    """SQLite or PostgreSQL, from the URL: the kind only, never the host, user or password."""
    scheme = url.split(":", 1)[0].lower()
    if scheme.startswith("postgresql"):
        return "PostgreSQL"
    if scheme.startswith("sqlite"):
        return "SQLite"
    return "unknown"


def log_tail(path: Path, lines: int = REPORT_LOG_LINES) -> list[str]:
    """The last ``lines`` lines of the log file (read from its end: the file may be megabytes)."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - _TAIL_BYTES))
            data = fh.read()
    except OSError as exc:
        return [f"(the log file could not be read: {type(exc).__name__})"]
    text = data.decode("utf-8", errors="replace").splitlines()
    if size > _TAIL_BYTES and text:
        text = text[1:]  # the first line read may be cut
    return text[-lines:] if lines > 0 else []


def crash_report(
    exc: BaseException | None,
    reference: str,
    *,
    log_file: Path,
    db_kind: str,
    components: Mapping[str, str] | None = None,
    lines: int = REPORT_LOG_LINES,
    now: dt.datetime | None = None,
) -> str:
    """The text of an error report a clerk can send to IT: no personal data (:func:`scrub`).
    ``components``: versions the caller knows of (Qt, PySide6: app/ does not import Qt)."""
    now = now or dt.datetime.now().astimezone()
    head = [
        "GridCounter 错误报告 / error report",
        f"时间 time: {now:%Y-%m-%d %H:%M:%S %z}",
        f"日志编号 reference: {reference or '—'}",
        f"版本 version: {app_version()}",
        f"系统 OS: {platform.platform()} ({platform.machine()})",
        f"Python: {platform.python_version()} ({platform.python_implementation()})",
        *(f"{name}: {version}" for name, version in (components or {}).items()),
        f"数据库 database: {db_kind}",
    ]
    error = describe(exc) if exc is not None else "—"
    tail = log_tail(log_file, lines)
    body = [
        "",
        "== 错误 error ==",
        error,
        "",
        f"== 日志最后 {len(tail)} 行 / last {len(tail)} lines of {log_file.name} ==",
        *tail,
    ]
    return "\n".join(head) + "\n" + scrub("\n".join(body)) + "\n"
