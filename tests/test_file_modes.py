"""Files the program creates are this OS user's only (issue 7 item 13): 0600 files, 0700 folders.

The database (and its -wal / -shm), the log and settings.toml hold personal data and money. The
test runs with the common umask 022, under which they used to come out 0644 / 0755.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

import main
from app import config
from app.config import Settings, save_settings
from app.services.setup import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def home(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Fresh data / config / log folders (not there yet) under a temporary HOME, umask 022."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for kind in ("DATA", "CONFIG", "LOG"):
        monkeypatch.setenv(f"GRIDCOUNTER_{kind}_DIR", str(tmp_path / ".gc" / kind.lower()))
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    old = os.umask(0o022)
    yield tmp_path / ".gc"
    os.umask(old)


def test_default_database_and_its_wal_files_are_private(home):  # type: ignore[no-untyped-def]
    db = open_database(Settings())  # the default SQLite file in the data folder
    try:
        with db.write() as s:
            s.execute(text("CREATE TABLE IF NOT EXISTS t_probe (x int)"))
            s.execute(text("INSERT INTO t_probe VALUES (1)"))
        folder = home / "data"
        assert _mode(folder) == 0o700
        for name in ("gridcounter.db", "gridcounter.db-wal", "gridcounter.db-shm"):
            assert (folder / name).exists(), name
            assert _mode(folder / name) == 0o600, name
    finally:
        db.dispose()


def test_an_existing_world_readable_default_database_is_tightened(home):  # type: ignore[no-untyped-def]
    folder = home / "data"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    (folder / "gridcounter.db").touch()
    os.chmod(folder / "gridcounter.db", 0o644)
    open_database(Settings()).dispose()
    assert (_mode(folder), _mode(folder / "gridcounter.db")) == (0o700, 0o600)


def test_a_database_file_elsewhere_is_created_private(home, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "hall" / "branch" / "gc.db"
    open_database(Settings(db_url=f"sqlite:///{path}")).dispose()
    assert (_mode(path), _mode(path.parent), _mode(path.parent.parent)) == (0o600, 0o700, 0o700)


def test_settings_file_and_config_folder_are_private(home):  # type: ignore[no-untyped-def]
    save_settings(Settings(), language="zh_CN", db_url="postgresql+psycopg://gc@hall/gridcounter")
    path = home / "config" / "settings.toml"
    assert (_mode(path), _mode(path.parent)) == (0o600, 0o700)
    os.chmod(path, 0o644)  # written by an earlier version
    save_settings(Settings(), language="en")
    assert _mode(path) == 0o600


def test_log_file_folder_and_rotated_files_are_private(home):  # type: ignore[no-untyped-def]
    root = logging.getLogger()
    before = list(root.handlers)
    for h in before:  # a fresh process: no GridCounter handler yet
        if getattr(h, "_gridcounter", None):
            root.removeHandler(h)
    try:
        main._setup_logging()
        ours = [h for h in root.handlers if getattr(h, "_gridcounter", None) == "file"]
        assert len(ours) == 1
        handler = ours[0]
        logging.getLogger("gridcounter.test").warning("probe")
        handler.flush()
        log = home / "log" / "gridcounter.log"
        assert (_mode(log), _mode(log.parent)) == (0o600, 0o700)
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        handler.doRollover()
        logging.getLogger("gridcounter.test").warning("after rotation")
        handler.flush()
        assert _mode(log) == 0o600 and _mode(log.with_name("gridcounter.log.1")) == 0o600
    finally:
        for h in list(root.handlers):
            if h not in before:
                root.removeHandler(h)
                h.close()
        for h in before:
            if h not in root.handlers:
                root.addHandler(h)


def test_selftest_creates_its_folders_private(home):  # type: ignore[no-untyped-def]
    from app.selftest import _folders

    _folders()
    assert _mode(home / "data") == 0o700 and _mode(home / "log") == 0o700
    assert config.user_data_dir() == home / "data"
