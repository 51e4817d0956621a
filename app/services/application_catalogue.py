"""The business-type catalogue (业务类型目录) as versions in the database
(docs/rules.md#business-type-catalogue).

The ``application_catalogue`` table keeps every version an administrator loaded, as the JSON
text the domain parser (:func:`app.domain.applications.parse_catalogue`) accepted; rows are
never edited (migration 0011). The highest version is in force: a new application is accepted
under it and records its number (``application.catalogue_version``); its later steps, the
worklist, the detail and its printouts follow the application's own version.

The shipped file (``resources/applications/catalogue.json``) is version 1: loaded by
:func:`app.services.setup.initialize` on a new database, and on an older database the first
time the catalogue in force is asked for (:func:`in_force`) while the table is empty. One
``ImportApplicationCatalogue`` operation records each version with its full content, so a
replay on another database stores the same text.

Parsing is cached by (version, SHA-256): a read costs one small query for the versions'
numbers and hashes (so a version another counter has just imported is seen at once) and no
parse.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.applications import ApplicationCatalogue, parse_catalogue
from app.domain.applications.catalogue import DEFAULT_FILE, DEFAULT_PACKAGE
from app.domain.codes import ApplicationStatus, OpType
from app.domain.errors import NotFound, ValidationError, ValidationErrors
from app.domain.messages import Message, term
from app.domain.tariffs.parsing import path_error
from app.dto.common import Actor
from app.services.permissions import check_live, require
from app.write_path import oplog
from db.engine import Database
from db.models import Application, ApplicationCatalogueRow

__all__ = [
    "MAX_CONTENT_CHARS",
    "NOTE_MAX",
    "CatalogueVersionRow",
    "Catalogues",
    "catalogues",
    "ensure_loaded",
    "export_version",
    "import_version",
    "in_force",
    "list_versions",
    "lock_versions",
    "parse_text",
    "read_file",
    "shipped_catalogue",
    "shipped_text",
    "version",
]

log = logging.getLogger(__name__)

NOTE_MAX = 200  # the column's length
MAX_CONTENT_CHARS = 2_000_000  # the shipped file is ~40 KB
SHIPPED_NOTE = "随程序提供的业务类型目录（resources/applications/catalogue.json）"
_OPEN = (ApplicationStatus.IN_PROGRESS, ApplicationStatus.SUSPENDED)

# ---- parsing, cached by (version, sha256) --------------------------------------------------------

_parsed: dict[tuple[int, str], ApplicationCatalogue] = {}
_parsed_lock = threading.Lock()
_PARSED_MAX = 64
_load_lock = threading.Lock()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shipped_text() -> str:
    """The shipped catalogue file's text, as stored for version 1."""
    return resources.files(DEFAULT_PACKAGE).joinpath(DEFAULT_FILE).read_text("utf-8")


def read_file(path: str | Path) -> str:
    """A catalogue file's text (UTF-8; a byte-order mark from Notepad is not an error)."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ValidationErrors([ValidationError("file", "文件 {name} 不存在", name=name)]) from None
    except PermissionError:
        raise ValidationErrors([ValidationError("file", "没有读取文件 {name} 的权限", name=name)]) from None
    except OSError:
        raise ValidationErrors([ValidationError("file", "无法读取文件 {name}", name=name)]) from None
    if len(data) > MAX_CONTENT_CHARS * 4:
        raise ValidationErrors(
            [ValidationError("file", "目录文件过大（超过{max}个字符）", max=MAX_CONTENT_CHARS)]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationErrors([ValidationError("file", "文件不是 UTF-8 编码的文本")]) from None


def parse_text(text: str) -> ApplicationCatalogue:
    """A catalogue document's text parsed by the domain parser. Every problem is a
    ValidationErrors whose error names the JSON path of the bad value, in Chinese."""
    if len(text) > MAX_CONTENT_CHARS:
        raise ValidationErrors(
            [ValidationError("content", "目录文件过大（超过{max}个字符）", max=MAX_CONTENT_CHARS)]
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationErrors(
            [
                ValidationError(
                    "content",
                    "不是有效的 JSON：第{line}行第{column}列附近有误",
                    line=exc.lineno,
                    column=exc.colno,
                )
            ]
        ) from None
    try:
        return parse_catalogue(data)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from None


def _cached(
    version_no: int, sha: str, content: str | None = None, session: Session | None = None
) -> ApplicationCatalogue:
    """The parsed version; ``content`` (or a read through ``session``) only on a cache miss."""
    key = (version_no, sha)
    found = _parsed.get(key)
    if found is not None:
        return found
    if content is None:
        assert session is not None
        content = session.scalar(
            select(ApplicationCatalogueRow.content).where(ApplicationCatalogueRow.version == version_no)
        )
        if content is None:
            raise NotFound("业务类型目录第{version}版不存在", version=version_no)
    parsed = parse_text(content)
    with _parsed_lock:
        if len(_parsed) >= _PARSED_MAX:
            _parsed.pop(next(iter(_parsed)))
        _parsed[key] = parsed
    return parsed


@functools.cache
def shipped_catalogue() -> ApplicationCatalogue:
    """The shipped file parsed, once per process (what version 1 is; the tests' reference)."""
    text = shipped_text()
    parsed = parse_text(text)
    with _parsed_lock:
        return _parsed.setdefault((parsed.version, _sha256(text)), parsed)


# ---- the versions of one database ----------------------------------------------------------------


@dataclass(frozen=True)
class Catalogues:
    """The versions stored in one database, read in one unit of work: ``newest`` and any other by
    number (parsed once per process, by (version, sha256))."""

    session: Session
    hashes: Mapping[int, str]  # version -> sha256

    @property
    def newest_version(self) -> int | None:
        return max(self.hashes) if self.hashes else None

    @property
    def newest(self) -> ApplicationCatalogue:
        """The version in force (the shipped file while an old database has none stored)."""
        newest = self.newest_version
        if newest is None:
            return shipped_catalogue()
        return _cached(newest, self.hashes[newest], session=self.session)

    def get(self, version_no: int) -> ApplicationCatalogue:
        """Version ``version_no``: an application's own. A number this database does not hold
        (an application replayed from a database with more versions) reads as the newest."""
        sha = self.hashes.get(version_no)
        if sha is None:
            if self.hashes:
                log.warning("catalogue version %s is not stored; the newest is used", version_no)
            return self.newest
        return _cached(version_no, sha, session=self.session)


def catalogues(session: Session) -> Catalogues:
    """The versions' numbers and hashes, one small query (the table holds a handful of rows)."""
    rows = session.execute(select(ApplicationCatalogueRow.version, ApplicationCatalogueRow.sha256)).all()
    return Catalogues(session, {int(v): str(s) for v, s in rows})


# ---- loading the shipped version -----------------------------------------------------------------


def _store(
    session: Session, actor: Actor, text: str, parsed: ApplicationCatalogue, note: str, source: str
) -> str:
    sha = _sha256(text)
    session.add(
        ApplicationCatalogueRow(
            version=parsed.version, content=text, sha256=sha, loaded_by=actor.username, note=note
        )
    )
    session.flush()
    oplog.append(
        session,
        actor,
        OpType.IMPORT_APPLICATION_CATALOGUE,
        {
            "version": parsed.version,
            "sha256": sha,
            "source": source,
            "note": note,
            "types": len(parsed.types),
            "content": text,
        },
        "application_catalogue",
        None,
    )
    with _parsed_lock:
        _parsed.setdefault((parsed.version, sha), parsed)
    return sha


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ApplicationCatalogueRow)) or 0


def ensure_loaded(db: Database, actor: Actor | None = None) -> bool:
    """Store the shipped file as version 1 when the table is empty (a new database at setup, an
    older one on first use). ``actor`` signs it; without one, the node's first administrator
    through a service session of its own. Returns whether it loaded."""
    with db.read() as session:
        if _count(session):
            return False
    if actor is None:
        from app.services.auth import logout
        from app.services.tariffs import system_actor

        system = system_actor(db)
        try:
            return ensure_loaded(db, system)
        finally:
            logout(db, system)
    text = shipped_text()
    parsed = parse_text(text)
    with _load_lock:
        try:
            with db.write() as session:
                if _count(session):
                    return False
                _store(session, actor, text, parsed, SHIPPED_NOTE, "shipped")
                return True
        except IntegrityError:
            # another counter on the same PostgreSQL database stored it at the same moment
            with db.read() as session:
                if _count(session):
                    return False
            raise


# ---- the version in force, against an import at the same moment ---------------------------------

#: PostgreSQL advisory lock of the catalogue's versions (a fixed key of its own).
_VERSIONS_LOCK_KEY = int.from_bytes(hashlib.sha256(b"gridcounter:application_catalogue").digest()[:8]) >> 1


def lock_versions(session: Session, *, exclusive: bool) -> None:
    """Serialise an import (``exclusive``) against the acceptances that check the version in
    force (shared) in their transactions. SQLite writers are serialised already; on PostgreSQL
    an import's check for open applications of a withdrawn type and an acceptance's check that
    its version is still the newest would otherwise each miss the other's uncommitted row."""
    if session.get_bind().dialect.name == "postgresql":
        fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        session.execute(text(f"SELECT {fn}(:k)"), {"k": _VERSIONS_LOCK_KEY})


def newest_version(session: Session) -> int | None:
    """The number of the version in force, None while none is stored."""
    return session.scalar(select(func.max(ApplicationCatalogueRow.version)))


# ---- reads ---------------------------------------------------------------------------------------


def in_force(db: Database) -> ApplicationCatalogue:
    """The newest version (the one a new application is accepted under). Loads the shipped
    file first on a database that has none stored."""
    with db.read() as session:
        cats = catalogues(session)
        if cats.hashes:
            return cats.newest
    ensure_loaded(db)
    with db.read() as session:
        return catalogues(session).newest


def version(db: Database, n: int) -> ApplicationCatalogue:
    """Version ``n`` exactly (NotFound when it is not stored)."""
    with db.read() as session:
        sha = session.scalar(
            select(ApplicationCatalogueRow.sha256).where(ApplicationCatalogueRow.version == n)
        )
        if sha is None:
            if n == 1 and not _count(session):
                return shipped_catalogue()  # an older database before its first use
            raise NotFound("业务类型目录第{version}版不存在", version=n)
        return _cached(n, sha, session=session)


@dataclass(frozen=True)
class CatalogueVersionRow:
    version: int
    loaded_at: dt.datetime  # naive UTC
    loaded_by: str
    note: str
    sha256: str
    type_count: int
    in_force: bool


def list_versions(db: Database, actor: Actor) -> list[CatalogueVersionRow]:
    """Every stored version, newest first (the administrator's screen)."""
    require(actor, "catalogue.manage")
    ensure_loaded(db, actor)
    with db.read() as session:
        rows = session.scalars(
            select(ApplicationCatalogueRow).order_by(ApplicationCatalogueRow.version.desc())
        ).all()
        newest = rows[0].version if rows else None
        return [
            CatalogueVersionRow(
                r.version,
                r.loaded_at,
                r.loaded_by,
                r.note,
                r.sha256,
                len(_cached(r.version, r.sha256, r.content).types),
                r.version == newest,
            )
            for r in rows
        ]


def export_version(db: Database, actor: Actor, n: int | None = None) -> str:
    """Version ``n`` (default: the one in force) as its stored JSON text, byte for byte what was
    imported: edit it, raise ``version`` and import it as the next one."""
    require(actor, "catalogue.manage")
    ensure_loaded(db, actor)
    with db.read() as session:
        query = select(ApplicationCatalogueRow.content)
        if n is None:
            query = query.order_by(ApplicationCatalogueRow.version.desc()).limit(1)
        else:
            query = query.where(ApplicationCatalogueRow.version == n)
        content = session.scalar(query)
    if content is None:
        raise NotFound("业务类型目录第{version}版不存在", version=n)
    return content


# ---- the administrator's import ------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedVersion:
    version: int
    sha256: str
    type_count: int
    previous: int | None


def import_version(db: Database, actor: Actor, text: str, note: str) -> ImportedVersion:
    """Store ``text`` (a catalogue document) as the next version, in force from now on.

    Refused, with every reason a ValidationErrors names (the JSON path for the file's own
    problems): a document the domain parser rejects; a ``version`` not above the newest stored;
    a type left out while open applications (in progress or suspended) are of it — withdraw a
    type once its applications are closed (docs/rules.md#business-type-catalogue); an empty or
    too long note."""
    require(actor, "catalogue.manage")
    note = (note or "").strip()
    errors: list[ValidationError] = []
    if not note:
        errors.append(ValidationError("note", "请填写版本说明"))
    elif len(note) > NOTE_MAX:
        errors.append(ValidationError("note", "版本说明不能超过{max_len}个字", max_len=NOTE_MAX))
    parsed: ApplicationCatalogue | None = None
    try:
        parsed = parse_text(text)
    except ValidationErrors as exc:
        errors += exc.errors
    if errors:
        raise ValidationErrors(errors)
    assert parsed is not None
    ensure_loaded(db, actor)
    try:
        return _import(db, actor, text, parsed, note)
    except IntegrityError:
        # another administrator stored this number a moment ago (PostgreSQL: both saw the same newest)
        raise ValidationErrors(
            [
                path_error(
                    "version",
                    Message(
                        "版本号（{version}）刚被他人导入，请重新导出最新版本后再修改", version=parsed.version
                    ),
                )
            ]
        ) from None


def _import(
    db: Database, actor: Actor, text: str, parsed: ApplicationCatalogue, note: str
) -> ImportedVersion:
    with db.write() as session:
        check_live(session, actor)  # lock order as every write: the user row first
        lock_versions(session, exclusive=True)  # acceptances under the old newest finish first
        newest = newest_version(session)
        if newest is not None and parsed.version <= newest:
            raise ValidationErrors(
                [
                    path_error(
                        "version",
                        Message(
                            "版本号（{version}）应大于当前最新版本（{newest}）",
                            version=parsed.version,
                            newest=newest,
                        ),
                    )
                ]
            )
        still_open = session.execute(
            select(Application.type_code, func.count())
            .where(Application.status.in_(_OPEN), Application.type_code.not_in(parsed.codes))
            .group_by(Application.type_code)
            .order_by(Application.type_code)
        ).all()
        if still_open:
            current = catalogues(session)
            names = Message.join(
                (
                    Message(
                        "{type}（{count}件）",
                        type=term(_type_name(current, code)),
                        count=count,
                    )
                    for code, count in still_open
                ),
                "、",
            )
            raise ValidationErrors(
                [
                    path_error(
                        "types",
                        Message(
                            "新版本删去了仍有在办申请的业务类型：{types}。请待这些申请办结或撤销后再删去",
                            types=names,
                        ),
                    )
                ]
            )
        sha = _store(session, actor, text, parsed, note, "import")
        return ImportedVersion(parsed.version, sha, len(parsed.types), newest)


def _type_name(cats: Catalogues, code: str) -> str:
    for n in sorted(cats.hashes, reverse=True):
        cat = cats.get(n)
        if code in cat.codes:
            return cat.get(code).name
    return code
