"""The program's version, from one place: ``[project] version`` in pyproject.toml.

A source checkout reads pyproject.toml itself (an editable install's metadata keeps the version it
was installed with); an installed wheel or the packaged (PyInstaller) app reads the package
metadata built from the same line (the spec must carry it: ``copy_metadata("gridcounter")``).

Also the database side of an upgrade (docs/backup.md#upgrades): which schema revisions this program
knows, so a database written by a newer program is recognised and refused before anything touches it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import RuleViolation
from app.domain.messages import Message

DIST_NAME = "gridcounter"
_ROOT = Path(__file__).resolve().parent.parent
_REV = re.compile(r"^revision\s*=\s*['\"]([0-9a-z_]+)['\"]", re.M)


@functools.cache
def app_version() -> str:
    """``0.1.0``; ``0+unknown`` when neither pyproject.toml nor the package metadata is there."""
    pyproject = _ROOT / "pyproject.toml"
    if pyproject.is_file():
        try:
            with pyproject.open("rb") as fh:
                project = tomllib.load(fh).get("project", {})
            if project.get("name") == DIST_NAME and project.get("version"):
                return str(project["version"])
        except (OSError, tomllib.TOMLDecodeError):
            pass
    import importlib.metadata

    try:
        return importlib.metadata.version(DIST_NAME)
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def schema_head() -> str:
    """The database schema revision this program needs (the newest migration it ships)."""
    from db.migrate import head_revision

    return head_revision()


def version_text() -> str:
    """What ``--version`` prints: program version and schema head."""
    return f"GridCounter {app_version()}（数据库结构版本 {schema_head()}）"


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every Alembic revision this program ships (db/migrations/versions)."""
    from db.migrate import MIGRATIONS

    found = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        match = _REV.search(path.read_text(encoding="utf-8"))
        if match:
            found.add(match.group(1))
    return frozenset(found)


# ---- upgrades (docs/backup.md#upgrades): kept here, light, so main.py can listen before any command ----


class DatabaseTooNew(RuleViolation):
    """The database was upgraded by a newer program than this one: refused, nothing touched."""


class SharedUpgradeNeedsBackup(RuleViolation):
    """A shared (PostgreSQL) database holds an older schema: it is migrated only by ``init-db
    --backup-taken`` on the server, once its administrator has taken a backup; nothing touched
    (app.services.setup.open_database)."""


@dataclass(frozen=True)
class UpgradeNotice:
    """A newer program opened an older database: backed up (SQLite), then migrated; or, shared
    (PostgreSQL), migrated by ``init-db --backup-taken`` after the server-side backup."""

    from_revision: str
    to_revision: str
    version: str
    backup: Path | None = None
    #: PostgreSQL: the administrator confirmed the server-side backup (init-db --backup-taken);
    #: this program never dumps a shared database, and never migrates one without that
    backup_confirmed: bool = False

    @property
    def message(self) -> Message:
        if self.backup is not None:
            return Message(
                "本程序已升级到 GridCounter {version}：数据库结构已从版本 {old} 升级到 {new}。"
                "升级前的数据库已备份并核验：{backup}",
                version=self.version,
                old=self.from_revision,
                new=self.to_revision,
                backup=str(self.backup),
            )
        return Message(
            "本程序已升级到 GridCounter {version}：数据库结构已从版本 {old} 升级到 {new}。"
            "升级前的备份由数据库管理员在服务器上完成并已确认（init-db --backup-taken）。",
            version=self.version,
            old=self.from_revision,
            new=self.to_revision,
        )


#: called with every upgrade notice app.services.setup.open_database makes (main.py prints it on
#: the console, whatever the command; the GUI shows it in a message box as well)
upgrade_listeners: list[Callable[[UpgradeNotice], None]] = []
