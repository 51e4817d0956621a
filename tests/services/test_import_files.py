"""Bad import files (issue 7 #14): the readings and bills imports read the file as a stream.

A cell over the csv module's 128 KB field limit and a NUL character (PostgreSQL refuses it with
a DataError naming the SQL) are row errors with their line, like any other; a file over the
size limit is refused before it is read (little memory, at once), and one with more data rows
than the row limit is refused without reading the rest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.config import Settings
from app.services import readings
from app.services.bill_import import import_bills_csv
from db.models import Bill, MeterReading

READINGS_HEADER = "户号,抄表日期,上次示数,本次示数"
BILLS_HEADER = "户号,账期,电量,金额"


def _last_period() -> tuple[str, str]:
    today = dt.date.today()
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=20)
    return f"{last:%Y-%m}", last.isoformat()


def _readings(db, actor, content, settings=None):  # type: ignore[no-untyped-def]
    period, _ = _last_period()
    return readings.import_readings_csv(db, actor, content, period, settings=settings or Settings())  # default limits unless a test sets its own


def _bills(db, settings, actor, content):  # type: ignore[no-untyped-def]
    return import_bills_csv(db, actor, content, settings=settings)


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_cell_over_128_kb_is_a_row_error_in_both_imports(db, settings, supervisor) -> None:  # type: ignore[no-untyped-def]
    period, day = _last_period()
    huge = "9" * 200_000
    readings = f"{READINGS_HEADER}\nA1,{day},1,2\n{huge},{day},1,2\nA3,{day},1,{huge}\n".encode()
    report = _readings(db, supervisor, readings)
    assert not report.ok and report.imported == 0
    too_long = [e for e in report.errors if "单元格内容过长" in e.message]
    assert [e.line for e in too_long] == [3, 4]
    assert "131072" in too_long[0].message

    bills = f"{BILLS_HEADER}\nB1,{period},10,5.00\nB2,{period},{huge},5.00\n".encode()
    report = _bills(db, settings, supervisor, bills)
    assert not report.ok and [e.line for e in report.errors if "单元格内容过长" in e.message] == [3]
    assert _count(db, MeterReading) == 0 and _count(db, Bill) == 0


def test_a_nul_character_is_a_row_error_on_both_engines(db, settings, supervisor) -> None:  # type: ignore[no-untyped-def]
    period, day = _last_period()
    readings = f"{READINGS_HEADER}\nA\x001,{day},1,2\nA2,{day},1\x00,2\n".encode()
    report = _readings(db, supervisor, readings)
    assert not report.ok
    nul = [(e.line, e.column) for e in report.errors if "空字符" in e.message]
    assert nul == [(2, "户号"), (3, "上次示数")]

    bills = f"{BILLS_HEADER},备注\nB\x001,{period},10,5.00,x\nB2,{period},10,5.00,备\x00注\n".encode()
    report = _bills(db, settings, supervisor, bills)
    assert not report.ok
    assert [(e.line, e.column) for e in report.errors if "空字符" in e.message] == [(2, "户号"), (3, "备注")]
    assert _count(db, MeterReading) == 0 and _count(db, Bill) == 0


def _write_big_file(path: Path, header: str, row: str, size: int) -> None:
    line = (row + "\n").encode()
    with path.open("wb") as fh:
        fh.write((header + "\n").encode())
        written = 0
        block = line * (1_048_576 // len(line))
        while written < size:
            fh.write(block)
            written += len(block)


@pytest.mark.parametrize("which", ["readings", "bills"])
def test_a_50_mb_file_is_refused_at_once_by_its_size(sqlite_db, tmp_path, which) -> None:  # type: ignore[no-untyped-def]
    from app.services import auth
    from tests.conftest import SUPERVISOR_PASSWORD

    db, settings = sqlite_db
    supervisor = auth.login(db, "super1", SUPERVISOR_PASSWORD)
    period, day = _last_period()
    path = tmp_path / "big.csv"
    if which == "readings":
        _write_big_file(path, READINGS_HEADER, f"1000000001,{day},100,200", 50 * 1024 * 1024)
    else:
        _write_big_file(path, BILLS_HEADER, f"1000000001,{period},100,50.00", 50 * 1024 * 1024)
    tracemalloc.start()
    started = time.monotonic()
    try:
        if which == "readings":
            report = _readings(db, supervisor, path, settings)
        else:
            report = _bills(db, settings, supervisor, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 2
    assert peak < 5 * 1024 * 1024, peak
    assert not report.ok and len(report.errors) == 1
    error = report.errors[0]
    assert (
        error.line == 0
        and error.message.startswith("文件过大（5")
        and "超过导入上限 20.0 MB" in error.message
    )


def test_the_limits_are_settings_and_a_file_over_the_row_limit_is_refused(sqlite_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.services import auth
    from tests.conftest import SUPERVISOR_PASSWORD

    db, settings = sqlite_db
    supervisor = auth.login(db, "super1", SUPERVISOR_PASSWORD)
    period, day = _last_period()
    rows = "".join(f"{1000000000 + i},{day},100,200\n" for i in range(30))
    path = tmp_path / "rows.csv"
    path.write_text(READINGS_HEADER + "\n" + rows, encoding="utf-8")
    small = dataclasses.replace(settings, import_max_rows=25)
    report = _readings(db, supervisor, path, small)
    assert not report.ok and [(e.line, e.message) for e in report.errors] == [
        (0, "文件的数据行超过 25 行（导入上限），请分成几个文件分批导入")
    ]
    tiny = dataclasses.replace(settings, import_max_mb=0)
    assert "超过导入上限 0.0 MB" in _bills(db, tiny, supervisor, path).errors[0].message


def test_a_file_is_streamed_from_its_path(db, settings, supervisor, tmp_path, customer_form) -> None:  # type: ignore[no-untyped-def]
    from app.services import customers

    customer = customers.register_customer(
        db, supervisor, customers.RegisterCustomer(customer_form())
    )
    _, day = _last_period()
    path = tmp_path / "readings.csv"
    path.write_bytes(f"{READINGS_HEADER}\n{customer.account_no},{day},100,200\n".encode("gbk"))
    report = _readings(db, supervisor, path)
    assert report.ok and report.imported == 1 and report.encoding == "GBK"


def test_gbk_is_recognised_when_it_first_shows_after_the_first_megabyte(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.services.csv_files import CsvLimits, open_csv

    path = tmp_path / "late.csv"
    path.write_bytes(b"a,b\n" + b"x,y\n" * 150_000 + b"\n" * 150_000 + "中文,谷\n".encode("gbk"))
    with open_csv(path, CsvLimits()) as source:
        records = list(source.records())
    assert (
        source.encoding == "GBK"
        and records[-1].cells == ["中文", "谷"]
        and records[-1].line == 300_002
        and len(records) == 150_002
    )
    with open_csv(b"\xef\xbb\xbfa,b\n1,2\n", CsvLimits()) as source:
        assert source.encoding == "UTF-8-BOM" and [r.cells for r in source.records()] == [
            ["a", "b"],
            ["1", "2"],
        ]
