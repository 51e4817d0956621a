"""Upgrading a shared (PostgreSQL) database (docs/backup.md#upgrades): the backup comes first.

A newer program meeting an older shared schema never migrates it on its own: ``init-db`` prints
the pg_dump to run and refuses (exit 2, nothing changed) until it is run with ``--backup-taken``;
the GUI start of a counter PC says to upgrade on the server and exits. A new, empty database is
created by ``init-db`` (or the first start) with no flag — the packaging test's path."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from app.config import Settings
from db.migrate import head_revision
from tests.conftest import ADMIN_PASSWORD, _setup
from tests.services.test_backup import _downgrade

pytestmark = pytest.mark.pg


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


@pytest.fixture
def older(pg_url: str) -> str:
    """A shared database in use (node 3301, its users) at the previous schema revision."""
    db, _settings = _setup(pg_url)
    _downgrade(db, "0018")
    db.dispose()
    assert _revision(pg_url) == "0018"
    return pg_url


def test_init_db_refuses_an_older_shared_schema_until_the_backup_is_taken(older, capsys, monkeypatch):
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    assert main.main(["--db-url", older, "init-db"]) == 2
    out, err = capsys.readouterr()
    assert "pg_dump -Fc -f gridcounter-before-" in err and "init-db --backup-taken --app-role" in err
    assert "pg_restore --list" in err and "数据库未做任何改动" in err
    assert "已迁移" not in out + err
    assert _revision(older) == "0018"  # said before anything changed

    assert main.main(["--db-url", older, "init-db", "--backup-taken"]) == 0
    out, err = capsys.readouterr()
    assert _revision(older) == head_revision()
    assert "数据库结构已从版本 0018 升级到" in err and "已确认（init-db --backup-taken）" in err
    assert "数据库已迁移到最新版本" in out


def test_other_commands_never_migrate_an_older_shared_schema(older, capsys, monkeypatch):
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    assert main.main(["--db-url", older, "verify-log"]) != 0
    assert "init-db --backup-taken" in capsys.readouterr().err
    assert _revision(older) == "0018"


def test_a_new_empty_shared_database_is_created_without_the_flag(pg_url, capsys, monkeypatch):
    """As tests/packaging/test_package.py runs it: init-db --node-code on a fresh database."""
    import main

    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    assert _revision(pg_url) is None
    args = ["--db-url", pg_url, "init-db", "--node-code", "3302", "--node-name", "城西供电营业厅"]
    assert main.main([*args, "--company", "国网杭州供电公司", "--admin-password", ADMIN_PASSWORD]) == 0
    out, err = capsys.readouterr()
    assert _revision(pg_url) == head_revision() and "已初始化节点 3302" in out and "pg_dump" not in err


def test_the_gui_start_of_a_counter_pc_says_to_upgrade_on_the_server(older, qapp, capsys):  # type: ignore[no-untyped-def]
    from app.version import SharedUpgradeNeedsBackup
    from tests.ui.helpers import ScriptedDialogs
    from tests.ui.test_backup_ui import _App
    from ui.app import _open, _Startup
    from ui.tasks import TaskRunner

    settings = Settings(db_url=older)
    with pytest.raises(SharedUpgradeNeedsBackup) as refused:
        _open(settings)  # the start-up's worker: open_database as the GUI calls it
    assert _revision(older) == "0018"
    dialogs = ScriptedDialogs()
    app = _App()
    _Startup(app, settings, TaskRunner(), dialogs, exit_at_login=False).failed(refused.value)  # type: ignore[arg-type]
    kind, title, said = dialogs.asked[-1]
    assert (kind, title) == ("error", "数据库需要在服务器上升级")
    assert "柜台电脑不升级共享数据库" in said and "pg_dump -Fc" in said and "init-db --backup-taken" in said
    assert "init-db --backup-taken" in capsys.readouterr().err
    assert app.codes == [1]
