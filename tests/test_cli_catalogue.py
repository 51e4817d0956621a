"""``main.py catalogue-export`` / ``catalogue-import`` (docs/rules.md#business-type-catalogue):
in-process through ``main.main([...])`` on SQLite and PostgreSQL, and one subprocess for the exit
code a shell sees."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import main
from app.services import application_catalogue as catalogue
from app.services import applications as svc
from db.engine import Database
from tests.services.test_application_catalogue import changed

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_env_db(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)


def _init(url: str) -> None:
    assert (
        main.main(
            [
                "--db-url",
                url,
                "init-db",
                "--node-code",
                "3301",
                "--node-name",
                "城东营业厅",
                "--company",
                "国网杭州供电公司",
                "--admin-password",
                "Admin2026",
            ]
        )
        == 0
    )


def test_export_edit_import_round_trip(db_url, tmp_path, capsys):  # type: ignore[no-untyped-def]
    _init(db_url)
    out = tmp_path / "catalogue-v1.json"
    assert main.main(["--db-url", db_url, "catalogue-export", str(out)]) == 0
    assert f"已导出业务类型目录第 1 版（18 种业务类型）到 {out}" in capsys.readouterr().out
    assert out.read_text("utf-8") == catalogue.shipped_text()
    edited = tmp_path / "catalogue-v2.json"
    # saved by Notepad: a byte-order mark in front
    edited.write_bytes(
        b"\xef\xbb\xbf" + changed(out.read_text("utf-8"), 2, res_new={"limit_days": 7}).encode()
    )
    assert (
        main.main(["--db-url", db_url, "catalogue-import", str(edited), "--note", "居民新装7个工作日"]) == 0
    )
    printed = capsys.readouterr().out
    assert "已导入业务类型目录第 2 版（18 种业务类型，SHA-256 " in printed
    assert "上一版本为第 1 版" in printed
    db = Database(db_url)
    try:
        assert svc.catalogue_in_force(db).get("res_new").limit_days() == 7
        assert svc.catalogue_in_force(db, 1).get("res_new").limit_days() == 5
    finally:
        db.dispose()
    again = tmp_path / "again.json"
    assert main.main(["--db-url", db_url, "catalogue-export", "--version", "1", str(again)]) == 0
    assert again.read_text("utf-8") == catalogue.shipped_text()
    assert main.main(["--db-url", db_url, "catalogue-export", str(again)]) == 0
    assert json.loads(again.read_text("utf-8"))["version"] == 2


def test_a_bad_file_prints_its_json_path_and_exits_2(sqlite_url, tmp_path, capsys):  # type: ignore[no-untyped-def]
    _init(sqlite_url)
    capsys.readouterr()
    bad = tmp_path / "bad.json"
    bad.write_text(changed(catalogue.shipped_text(), 2, pause={"limit_days": 400}), "utf-8")
    assert main.main(["--db-url", sqlite_url, "catalogue-import", str(bad), "--note", "x"]) == 2
    assert "types[5].limit_days：工作日数应在 0 到 365 之间" in capsys.readouterr().err
    assert (
        main.main(["--db-url", sqlite_url, "catalogue-import", str(tmp_path / "none.json"), "--note", "x"])
        == 2
    )
    assert "none.json" in capsys.readouterr().err
    assert main.main(["--db-url", sqlite_url, "catalogue-export", "--version", "5", str(bad)]) == 2
    assert "业务类型目录第5版不存在" in capsys.readouterr().err
    assert main.main(["--db-url", sqlite_url, "catalogue-export", "--user", "nobody", str(bad)]) == 2
    assert "用户nobody不存在或已停用" in capsys.readouterr().err


def test_a_clerk_cannot_sign_an_import(sqlite_url, tmp_path, capsys):  # type: ignore[no-untyped-def]
    from app.services import auth

    _init(sqlite_url)
    db = Database(sqlite_url)
    try:
        admin = auth.login(db, "admin", "Admin2026")
        auth.create_user(db, admin, auth.UserInput("clerk1", "王小丽", "1001", "clerk", "Clerk2026"))
    finally:
        db.dispose()
    good = tmp_path / "v2.json"
    good.write_text(changed(catalogue.shipped_text(), 2), "utf-8")
    capsys.readouterr()
    assert (
        main.main(["--db-url", sqlite_url, "catalogue-import", str(good), "--note", "x", "--user", "clerk1"])
        == 2
    )
    assert "无权执行此操作" in capsys.readouterr().err


def test_an_uninitialised_database_and_the_shell_exit_code(sqlite_url, tmp_path):  # type: ignore[no-untyped-def]
    assert main.main(["--db-url", sqlite_url, "init-db"]) == 0
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "main.py"),
            "--db-url",
            sqlite_url,
            "catalogue-export",
            str(tmp_path / "x.json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 2
    assert "数据库尚未初始化" in run.stderr


def test_init_db_loads_version_1_into_a_database_set_up_before(sqlite_url, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    with monkeypatch.context() as m:  # an older release set it up: no catalogue stored
        m.setattr(catalogue, "ensure_loaded", lambda db, actor=None: False)
        _init(sqlite_url)
    capsys.readouterr()
    assert main.main(["--db-url", sqlite_url, "init-db"]) == 0
    assert "已载入随程序提供的业务类型目录（第 1 版）" in capsys.readouterr().out
    assert main.main(["--db-url", sqlite_url, "init-db"]) == 0
    assert "业务类型目录" not in capsys.readouterr().out  # once
    db = Database(sqlite_url)
    try:
        with db.read() as s:
            assert [v for v, _ in catalogue.catalogues(s).hashes.items()] == [1]
    finally:
        db.dispose()
