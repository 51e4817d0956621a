"""Personal data in SQL errors (issue 12 item 11's gap): a real IntegrityError, on SQLite and on
PostgreSQL, with a customer's name and ID number in the statement, never reaches a crash report
or the log — the app's engines hide the bound parameters (``hide_parameters=True``), and the
report drops any ``[parameters: …]`` block and the values PostgreSQL's DETAIL lines quote
(``Key (name)=(…)``, ``Failing row contains (…)``) from engines or drivers that do not."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from app.diagnostics import RedactingFormatter, crash_report, describe
from app.services import customers
from tests.conftest import valid_resident_id

NAME = "司马相如"
RID = valid_resident_id(90210)
ADDRESS = "成都市锦江区琴台路88号"


def _report(exc: BaseException, tmp_path: Path, *log_lines: str) -> str:
    log_file = tmp_path / "gridcounter.log"
    log_file.write_text("\n".join(log_lines) + "\n", encoding="utf-8")
    return crash_report(exc, "20261206-1800-abcd", log_file=log_file, db_kind="test")


def _absent(report: str) -> None:
    for personal in (NAME, RID, ADDRESS, "琴台路"):
        assert personal not in report, personal


def test_a_services_integrity_error_carries_no_parameters(db, clerk, customer_form, monkeypatch, tmp_path):
    taken = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form())).account_no
    # the account number sequence hands out a number already issued: the insert fails
    monkeypatch.setattr(customers, "_issue_account_no", lambda _session, _node: taken)
    form = customer_form(name=NAME, id_number=RID, supply_address=ADDRESS)
    with pytest.raises(IntegrityError) as caught:
        customers.register_customer(db, clerk, customers.RegisterCustomer(form))
    exc = caught.value
    assert "hide_parameters" in str(exc)  # the engine's own: no values in the text at all
    _absent(str(exc))
    _absent(_report(exc, tmp_path, f"ERROR x: registering failed: {exc!r}"))


@pytest.fixture
def scratch(db_url: str):  # type: ignore[no-untyped-def]
    """An engine made as a tool would (no hide_parameters) over a scratch table."""
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text("CREATE TABLE scratch_person (name VARCHAR(60) UNIQUE, id_number VARCHAR(30) NOT NULL)")
        )
        conn.execute(text("INSERT INTO scratch_person VALUES (:n, :i)"), {"n": NAME, "i": RID})
    yield engine
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE scratch_person"))
    engine.dispose()


@pytest.mark.parametrize(
    "values",
    [
        {"n": NAME, "i": RID},  # unique violation: PostgreSQL's DETAIL quotes the key
        {"n": NAME + "乙", "i": None},  # not-null: PostgreSQL's DETAIL quotes the failing row
    ],
)
def test_an_engine_without_hidden_parameters_is_scrubbed_in_the_report(scratch, values, tmp_path):
    with pytest.raises(IntegrityError) as caught, scratch.begin() as conn:
        conn.execute(text("INSERT INTO scratch_person VALUES (:n, :i)"), {"n": values["n"], "i": values["i"]})
    exc = caught.value
    assert NAME in str(exc)  # the statement's parameters name her
    if scratch.dialect.name == "postgresql":  # and the driver's own DETAIL line: not a parameter
        assert NAME in str(exc.orig) and (
            "Key (name)=" in str(exc.orig) or "Failing row contains" in str(exc.orig)
        )
    report = _report(exc, tmp_path, f"ERROR x: failed: {exc!r}", f"ERROR x: driver said {exc.orig!r}")
    _absent(report)
    assert "[SQL: INSERT INTO scratch_person" in report  # what IT needs stays
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed: %r / %s", (exc.orig, exc), None)
    _absent(RedactingFormatter().format(record))
    _absent(describe(exc))


@pytest.mark.parametrize(
    "line",
    [
        f"ERROR sync: push refused: DETAIL:  Key (id_number)=({RID}) already exists.",
        f"WARNING x: Key (name, supply_address)=({NAME}, {ADDRESS}) is not present in table",
        f"ERROR x: null value in column; Failing row contains (0190, {NAME}, ric, {RID}, {ADDRESS}).",
        f"ERROR x: {{'name': '{NAME}'}} [parameters: ('{NAME}', '{RID}')]\\n(Background on this error)",
    ],
)
def test_postgresql_detail_values_on_one_line_are_scrubbed(line: str, tmp_path: Path) -> None:
    report = crash_report(None, "", log_file=_log(tmp_path, line), db_kind="PostgreSQL")
    _absent(report)
    assert "隐藏" in report or "hidden" in report


def _log(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "gridcounter.log"
    path.write_text(line + "\n", encoding="utf-8")
    return path


ROOT = Path(__file__).resolve().parent.parent


def test_every_engine_the_program_makes_hides_its_parameters() -> None:
    """Each ``create_engine(`` call of the program passes ``hide_parameters=True``."""
    found = []
    for folder in ("app", "db", "ui", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            for match in re.finditer(r"create_engine\(", source):
                call = source[match.end() : source.find("\n\n", match.end())]
                name = path.relative_to(ROOT).as_posix()
                found.append(name)
                assert "hide_parameters=True" in call.split(")\n")[0], f"{name}: create_engine without it"
    assert "db/engine.py" in found and "db/migrations/env.py" in found
