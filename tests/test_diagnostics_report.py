"""The crash report's pieces (app/diagnostics.py, issue 12 item 11): what is scrubbed, the version,
the database kind, the log's tail."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.diagnostics import app_version, crash_report, database_kind, log_tail, scrub
from tests.conftest import valid_resident_id

ROOT = Path(__file__).resolve().parent.parent
RID = valid_resident_id(31337)


@pytest.mark.parametrize(
    "text, gone",
    [
        (f"id {RID} here", RID),
        (f"id {RID[:-1]}X here", RID[:-1]),
        ("old card 330106800501123 here", "330106800501123"),  # 15 digits, before 1999
        ("mobile 13812345678.", "13812345678"),
        ("mobile 138 1234 5678", "1234 5678"),
        ("mobile +86-138-1234-5678", "1234-5678"),
        ("mobile +8613812345678", "13812345678"),
        ("landline 0571-88776655 ext", "88776655"),
        ("landline (010)62345678", "62345678"),
        ("landline 057188776655", "88776655"),
        ("repr CustomerInput(name='欧阳晓明', kind='residential')", "欧阳晓明"),
        ('json {"applicant_name": "欧阳晓明"}', "欧阳晓明"),
        ("kv reporter_name=欧阳晓明, x=1", "欧阳晓明"),
        ("kv contact_person=王经理", "王经理"),
        ("kv supply_address='杭州市西湖区文三路100号'", "文三路"),
        ("label 户名：欧阳晓明，", "欧阳晓明"),
        ("label 联系人 王经理", "王经理"),
        ("bank 6222021234567890123", "6222021234567890123"),
    ],
)
def test_scrub_hides_numbers_and_names(text: str, gone: str) -> None:
    out = scrub(text)
    assert gone not in out and "隐藏" in out


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-06 15:20:11,123 ERROR ui.app: unexpected error [日志编号 20261206-1520-ab12]",
        'File "/usr/lib/python3.11/site-packages/x.py", line 1234, in save',
        "receipt 20261206-0001 of 3301; amount 12850 fen; account 3301000123",
        "sqlite3.OperationalError: database is locked",
    ],
)
def test_scrub_leaves_what_it_needs(text: str) -> None:
    assert scrub(text) == text


def test_the_version_is_pyprojects() -> None:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        assert app_version() == tomllib.load(fh)["project"]["version"]


def test_the_database_kind_never_the_url() -> None:
    assert database_kind("postgresql+psycopg://hall:pw@db/gc") == "PostgreSQL"
    assert database_kind("sqlite:////home/x/gridcounter.db") == "SQLite"
    assert database_kind("mysql://x") == "unknown"


def test_the_tail_reads_the_last_lines_of_a_big_log(tmp_path: Path) -> None:
    log = tmp_path / "gridcounter.log"
    log.write_text("".join(f"line {n} {'x' * 100}\n" for n in range(20000)), encoding="utf-8")
    tail = log_tail(log, 5)
    assert [line.split()[1] for line in tail] == ["19995", "19996", "19997", "19998", "19999"]
    assert log_tail(tmp_path / "missing.log", 5)[0].startswith("(the log file could not be read")


def test_a_report_without_an_exception(tmp_path: Path) -> None:
    log = tmp_path / "gridcounter.log"
    log.write_text(f"a line with {RID}\n", encoding="utf-8")
    report = crash_report(None, "", log_file=log, db_kind="SQLite")
    assert "日志编号 reference: —" in report and "== 错误 error ==\n—" in report
    assert RID not in report and "a line with （证件号已隐藏）" in report


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("invalid interpolation syntax in 'postgresql+psycopg://gc_app:Gc%402026%21@db.example.cn/gc'", "Gc%402026%21"),
        ("connection failed: host=db user=gc password=S3cret dbname=gc", "S3cret"),
        ("ALTER ROLE gridcounter_app PASSWORD 'S3cret'", "S3cret"),
    ],
)
def test_passwords_never_reach_the_log_or_a_report(text: str, secret: str) -> None:
    from app.diagnostics import redact

    assert secret not in redact(text) and secret not in scrub(text)


def test_a_database_password_with_url_escapes_reaches_alembic_intact() -> None:
    """ConfigParser interpolates '%': '@' and '!' in a password (URL-encoded %40, %21) once made
    every PostgreSQL upgrade fail with the URL, password and all, in the error."""
    from sqlalchemy import create_engine

    from db.migrate import alembic_config

    url = "postgresql+psycopg://gc_app:Gc%402026%21@db.example.cn/gc"
    assert alembic_config(create_engine(url)).get_main_option("sqlalchemy.url") == url
