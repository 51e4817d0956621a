"""The command line (main.py): init-db, verify-log, selftest.

In-process through ``main.main([...])`` on SQLite and PostgreSQL, plus one real subprocess
so the exit codes are what a shell script sees.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

import main
from app.services import auth
from app.services.setup import is_initialized
from db.engine import Database
from db.migrate import current_revision, head_revision
from db.models import Operation
from tests.journal import guards_lifted

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Admin2026"


@pytest.fixture(autouse=True)
def no_env_db(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)
    monkeypatch.delenv("GRIDCOUNTER_ADMIN_PASSWORD", raising=False)


def _init(url: str) -> int:
    return main.main(["--db-url", url, "init-db", "--node-code", "3301", "--node-name", "城东营业厅",
                      "--company", "国网杭州供电公司", "--admin-password", PASSWORD])


def _tamper_payload(url: str, seq: int) -> None:
    db = Database(url)
    try:
        with db.write() as s, guards_lifted(s):  # an intruder past the append-only triggers
            s.execute(update(Operation).where(Operation.seq == seq).values(payload=Operation.payload.concat(" ")))
    finally:
        db.dispose()


def test_init_db_migrates_an_empty_database(db_url, capsys):
    assert main.main(["--db-url", db_url, "init-db"]) == 0
    assert "数据库已迁移到最新版本" in capsys.readouterr().out
    db = Database(db_url)
    try:
        assert current_revision(db.engine) == head_revision()
        assert not is_initialized(db)
    finally:
        db.dispose()


def test_init_db_with_node_code_and_admin_password_initialises(db_url, capsys):
    assert _init(db_url) == 0
    assert "已初始化节点 3301 城东营业厅" in capsys.readouterr().out
    db = Database(db_url)
    try:
        admin = auth.login(db, "admin", PASSWORD)
        assert admin.role == "admin" and admin.node_code == "3301"
    finally:
        db.dispose()
    # A second run changes nothing.
    assert _init(db_url) == 0
    assert "已初始化，未做更改" in capsys.readouterr().out


@pytest.mark.parametrize("code", ["33", "33a1", "330101", "٣٣٠١", "3 301"])
def test_init_db_rejects_a_bad_node_code_with_exit_2(sqlite_url, capsys, code):
    rc = main.main(["--db-url", sqlite_url, "init-db", "--node-code", code, "--admin-password", PASSWORD])
    assert rc == 2
    assert "节点编码为4位数字" in capsys.readouterr().err
    db = Database(sqlite_url)
    try:
        assert not is_initialized(db)
    finally:
        db.dispose()


def test_init_db_folds_a_full_width_node_code(sqlite_url, capsys):
    rc = main.main(["--db-url", sqlite_url, "init-db", "--node-code", "３３０１", "--node-name", "城东营业厅",
                    "--company", "国网杭州供电公司", "--admin-password", PASSWORD])
    assert rc == 0 and "已初始化节点 3301" in capsys.readouterr().out


def test_init_db_rejects_a_weak_admin_password_with_exit_2(sqlite_url, capsys):
    rc = main.main(["--db-url", sqlite_url, "init-db", "--node-code", "3301", "--admin-password", "123"])
    assert rc == 2
    assert "密码至少8位" in capsys.readouterr().err


def test_init_db_takes_the_admin_password_from_the_environment(sqlite_url, monkeypatch):
    monkeypatch.setenv("GRIDCOUNTER_ADMIN_PASSWORD", PASSWORD)
    assert main.main(["--db-url", sqlite_url, "init-db", "--node-code", "3301", "--node-name", "城东营业厅",
                      "--company", "国网杭州供电公司"]) == 0


def test_database_url_from_the_environment(sqlite_url, monkeypatch, capsys):
    monkeypatch.setenv("GRIDCOUNTER_DB_URL", sqlite_url)
    assert main.main(["init-db"]) == 0
    assert Path(sqlite_url.removeprefix("sqlite:///")).name in capsys.readouterr().out


def test_verify_log_reports_an_intact_chain_with_exit_0(db_url, capsys):
    _init(db_url)
    capsys.readouterr()
    assert main.main(["--db-url", db_url, "verify-log"]) == 0
    assert "节点 3301: 4 条记录，哈希链完整" in capsys.readouterr().out


def test_verify_log_after_tampering_exits_1_naming_the_broken_seq(db_url, capsys):
    _init(db_url)
    _tamper_payload(db_url, 2)
    capsys.readouterr()
    assert main.main(["--db-url", db_url, "verify-log"]) == 1
    out = capsys.readouterr().out
    assert "第 2 条起断链" in out and "内容与其哈希不符" in out


def test_verify_log_on_an_empty_database(sqlite_url, capsys):
    assert main.main(["--db-url", sqlite_url, "verify-log"]) == 0
    assert "没有操作日志" in capsys.readouterr().out


def test_selftest_prints_a_report(sqlite_url, capsys):
    _init(sqlite_url)
    capsys.readouterr()
    rc = main.main(["--db-url", sqlite_url, "selftest"])
    out = capsys.readouterr().out
    assert out.startswith("GridCounter 自检报告")
    assert "== 数据库" in out and "结论:" in out
    assert rc == (0 if "结论: 通过" in out else 1)


def test_an_sqlite_older_than_3_35_is_named_not_met_with_a_syntax_error(sqlite_url, capsys, monkeypatch):
    """UPDATE … RETURNING needs SQLite 3.35: a source run on UOS 20 / Kylin V10's Python (3.27 /
    3.31) must say so, in selftest and before any command opens the database, instead of
    failing its first write with 'near "RETURNING": syntax error'."""
    import sqlite3

    _init(sqlite_url)
    capsys.readouterr()
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 34, 1))
    assert main.main(["--db-url", sqlite_url, "selftest"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] SQLite 3.34.1 过旧：本程序需要 SQLite 3.35.0 或更新" in out, out
    assert "结论: 存在失败项" in out
    from db.engine import Database, SqliteTooOld

    with pytest.raises(SqliteTooOld, match="过旧"):
        Database(sqlite_url)


def test_repeated_runs_in_one_process_do_not_stack_log_handlers(sqlite_url):
    root = logging.getLogger()
    main.main(["--db-url", sqlite_url, "verify-log"])
    count = len(root.handlers)
    main.main(["--db-url", sqlite_url, "verify-log"])
    main.main(["--db-url", sqlite_url, "verify-log"])
    assert len(root.handlers) == count


def test_unknown_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main.main(["frobnicate"])
    assert exc.value.code == 2


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GRIDCOUNTER_DB_URL", "GRIDCOUNTER_ADMIN_PASSWORD")}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)


def test_exit_codes_seen_by_a_shell(sqlite_url):
    bad = _cli("--db-url", sqlite_url, "init-db", "--node-code", "abc", "--admin-password", PASSWORD)
    assert bad.returncode == 2 and "节点编码为4位数字" in bad.stderr
    good = _cli("--db-url", sqlite_url, "init-db", "--node-code", "3301", "--node-name", "城东营业厅",
                "--company", "国网杭州供电公司", "--admin-password", PASSWORD)
    assert good.returncode == 0, good.stderr
    ok = _cli("--db-url", sqlite_url, "verify-log")
    assert ok.returncode == 0 and "哈希链完整" in ok.stdout
    _tamper_payload(sqlite_url, 1)
    broken = _cli("--db-url", sqlite_url, "verify-log")
    assert broken.returncode == 1 and "第 1 条起断链" in broken.stdout


def test_seed_demo_loads_customers_with_their_bills_and_keeps_the_chain(sqlite_url, capsys):
    from sqlalchemy import func, select

    from db.models import Application, Bill, Customer, Payment

    assert _init(sqlite_url) == 0
    assert main.main(["--db-url", sqlite_url, "seed-demo", "--customers", "40", "--months", "3", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "已导入演示客户 40 户" in out and "已生成演示抄表与账单" in out
    db = Database(sqlite_url)
    try:
        with db.read() as s:
            billed = s.scalar(select(func.count(func.distinct(Bill.customer_id))))
            # the loader's 40 and the customers the completed demo 新装 applications registered
            registered = s.scalar(select(func.count()).select_from(Application).where(
                Application.status == "archived", Application.type_code.in_(("res_new", "lv_new", "hv_new", "temporary"))))
            assert registered == 4 and "已创建演示业务申请" in out
            assert s.scalar(select(func.count()).select_from(Customer)) == 40 + registered
            assert billed and billed >= 30  # closed accounts may have no current bills
            assert s.scalar(select(func.count(func.distinct(Bill.period)))) == 3
            assert s.scalar(select(func.count()).select_from(Payment)) > 0
    finally:
        db.dispose()
    assert main.main(["--db-url", sqlite_url, "verify-log"]) == 0


def test_seed_demo_refuses_an_absurd_month_count(sqlite_url, capsys):
    assert _init(sqlite_url) == 0
    assert main.main(["--db-url", sqlite_url, "seed-demo", "--customers", "1", "--months", "500"]) == 2
    assert "--months" in capsys.readouterr().err


def test_seed_demo_refuses_a_negative_customer_count(sqlite_url, capsys):
    assert _init(sqlite_url) == 0
    assert main.main(["--db-url", sqlite_url, "seed-demo", "--customers", "-5", "--months", "0"]) == 2
    assert "--customers" in capsys.readouterr().err


def test_a_bogus_database_url_is_a_message_not_a_traceback(capsys):
    assert main.main(["--db-url", "bogus://x", "selftest"]) == 2
    err = capsys.readouterr().err
    assert "数据库地址无效" in err and "Traceback" not in err


def test_an_unusable_setting_is_a_message_naming_the_key(tmp_path, sqlite_url, capsys):
    config = tmp_path / "settings.toml"
    config.write_text('receipt_paper = "A4"\n', encoding="utf-8")
    assert main.main(["--config", str(config), "--db-url", sqlite_url, "selftest"]) == 2
    err = capsys.readouterr().err
    assert "设置有误" in err and "receipt_paper" in err


def test_seed_demo_refuses_a_database_with_real_customers_unless_forced(sqlite_url, customer_form, capsys):
    from app.services import customers as cs

    assert _init(sqlite_url) == 0
    db = Database(sqlite_url)
    try:
        admin = auth.login(db, "admin", PASSWORD)
        cs.register_customer(db, admin, cs.RegisterCustomer(customer_form()))
    finally:
        db.dispose()
    assert main.main(["--db-url", sqlite_url, "seed-demo", "--customers", "5", "--months", "0"]) == 2
    assert "正式客户" in capsys.readouterr().err
    assert main.main(["--db-url", sqlite_url, "seed-demo", "--customers", "5", "--months", "0", "--force"]) == 0
