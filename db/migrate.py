"""Schema management: Alembic upgrade to head on start, and a cheap "already at head?" check.

Loading Alembic's script directory costs ~100 ms, so the start-up path first compares the
stored revision with the head revision read from the versions folder's file names.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_REV = re.compile(r"^revision\s*=\s*['\"]([0-9a-z_]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*['\"]?([0-9a-z_]+|None)['\"]?", re.M)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config  # imported only when a migration really runs

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    """The single head, from the version files (a linear history is a project rule)."""
    revs: dict[str, str] = {}
    for path in (MIGRATIONS / "versions").glob("*.py"):
        body = path.read_text(encoding="utf-8")
        rev, down = _REV.search(body), _DOWN.search(body)
        if rev and down:
            revs[rev.group(1)] = down.group(1)
    heads = set(revs) - set(revs.values())
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(engine: Engine) -> bool:
    """Bring the schema to head. Returns True when a migration ran."""
    if current_revision(engine) == head_revision():
        return False
    log.info("migrating %s to %s", engine.url.render_as_string(hide_password=True), head_revision())
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True
