"""The crash report (issue 12 item 11): the unexpected-error dialog offers 保存错误报告…, which writes
a text file for IT through the dialogs seam — reference, version, platform, database kind, the
error and the log's last lines — with no ID number, phone or name in it, even when the log and
the exception carry them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from app.config import Settings
from app.diagnostics import app_version
from tests.conftest import valid_resident_id
from tests.ui.helpers import ScriptedDialogs
from ui.app import UnexpectedErrorHandler

RID = valid_resident_id(9001)
PHONE = "13698765432"
LANDLINE = "0571-88776655"
NAME = "欧阳晓明"


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "log"
    folder.mkdir()
    monkeypatch.setenv("GRIDCOUNTER_LOG_DIR", str(folder))
    lines = [f"2026-12-06 09:00:{n:02d},000 INFO ui.login: user clerk1 logged in" for n in range(40)]
    # an older log line written before the redacting formatter, or by a careless library
    lines += [
        f"2026-12-06 09:01:00,000 WARNING app.x: lookup failed for {RID} / {PHONE}",
        f"2026-12-06 09:01:01,000 WARNING app.x: CustomerInput(name='{NAME}', phone='{LANDLINE}')",
        f"2026-12-06 09:01:02,000 INFO app.y: 户名：{NAME}，联系电话 {LANDLINE}",
        "2026-12-06 09:01:03,000 INFO ui.tasks: the last line before the error",
    ]
    (folder / "gridcounter.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def raise_and_report(qtbot, handler: UnexpectedErrorHandler, dialogs: ScriptedDialogs) -> None:  # type: ignore[no-untyped-def]
    def save_customer() -> None:
        raise ValueError(
            f"could not save CustomerInput(name='{NAME}', id_number='{RID}', phone='{PHONE}') "
            f"— call {LANDLINE}"
        )

    try:
        save_customer()
    except ValueError:
        handler.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: bool(dialogs.asked), timeout=5000)


def test_save_error_report_writes_a_scrubbed_report(qtbot, log_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialogs = ScriptedDialogs()
    dialogs.choices.append(1)  # 保存错误报告…
    target = tmp_path / "out" / "report.txt"
    target.parent.mkdir()
    dialogs.files.append(str(target))
    settings = Settings(db_url="postgresql+psycopg://hall:S3cretPW@db.example.com:5432/gridcounter")
    handler = UnexpectedErrorHandler(dialogs, settings=settings)
    raise_and_report(qtbot, handler, dialogs)
    qtbot.waitUntil(lambda: any(kind == "info" for kind, _, _ in dialogs.asked), timeout=5000)

    kind, title, text = dialogs.asked[0]
    assert (kind, title) == ("choose", "意外错误") and "保存错误报告" in text
    reference = re.search(r"日志编号 (\d{8}-\d{4}-[0-9a-f]{4})", text)
    assert reference is not None
    kind, title, suggested = dialogs.asked[1]
    assert (kind, title) == ("save_file", "保存错误报告")
    assert re.fullmatch(r"gridcounter-report-\d{8}-\d{6}\.txt", Path(suggested).name)
    assert Path(suggested).parent.is_dir()  # Documents, else the home folder
    assert dialogs.asked[2][:2] == ("info", "错误报告已保存") and str(target) in dialogs.asked[2][2]

    report = target.read_text(encoding="utf-8")
    assert f"日志编号 reference: {reference.group(1)}" in report
    assert f"版本 version: {app_version()}" in report and app_version() != "unknown"
    assert "数据库 database: PostgreSQL" in report
    assert re.search(r"^Qt: 6\.", report, re.MULTILINE) and re.search(r"^PySide6: 6\.", report, re.MULTILINE)
    assert re.search(r"^Python: 3\.", report, re.MULTILINE) and "系统 OS: " in report
    assert (
        "ValueError: could not save CustomerInput(" in report and "in save_customer" in report
    )  # the traceback
    assert "user clerk1 logged in" in report and "the last line before the error" in report  # the log tail
    for secret in (RID, PHONE, LANDLINE, NAME, "88776655", "S3cretPW", "db.example.com", "hall:"):
        assert secret not in report, secret


def test_ok_writes_nothing_and_the_tail_is_the_last_lines(qtbot, log_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialogs = ScriptedDialogs()
    dialogs.choices.append(0)  # 确定
    handler = UnexpectedErrorHandler(dialogs, settings=Settings(db_url=f"sqlite:///{tmp_path / 'x.db'}"))
    raise_and_report(qtbot, handler, dialogs)
    qtbot.wait(100)
    assert [kind for kind, _, _ in dialogs.asked] == ["choose"]
    path = handler.save_report(None, ValueError("x"), "20261206-0900-abcd")
    assert path == ""  # the file dialog was cancelled (no file scripted): nothing written

    dialogs.files.append(str(tmp_path / "r.txt"))
    assert handler.save_report(None, ValueError("x"), "20261206-0900-abcd") == str(tmp_path / "r.txt")
    report = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "数据库 database: SQLite" in report and str(tmp_path) not in report.split("== 错误")[0]


def test_a_folder_that_cannot_be_written_is_said(qtbot, log_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialogs = ScriptedDialogs()
    dialogs.files.append(str(tmp_path / "missing" / "r.txt"))
    handler = UnexpectedErrorHandler(dialogs)
    assert handler.save_report(None, ValueError("x"), "") == ""
    assert dialogs.asked[-1][:2] == ("error", "无法保存错误报告")
