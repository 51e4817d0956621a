"""``main.py report NAME FILE`` (docs/reports.md): a report written as xlsx, CSV or PDF from the
command line, in-process through ``main.main([...])``."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

import main
from app.services import reports
from tests.printing import pdfcheck
from tests.services.test_reports import TODAY, busy_day


@pytest.fixture(autouse=True)
def no_env_db(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)


def test_report_command_writes_each_format(
    db,
    settings,
    clerk,
    clerk2,
    supervisor,
    customer_form,
    tmp_path,  # type: ignore[no-untyped-def]
    capsys,
):
    busy_day(db, settings, clerk, clerk2, supervisor, customer_form)
    net = reports.collection_summary(db, supervisor, TODAY, TODAY).totals.net_fen
    url = settings.db_url
    day = TODAY.isoformat()
    assert (
        main.main(
            [
                "--db-url",
                url,
                "report",
                "collection",
                "--from",
                day,
                "--to",
                day,
                "--user",
                "super1",
                str(tmp_path / "c.csv"),
            ]
        )
        == 0
    )
    assert "营业厅收费汇总表：2 行" in capsys.readouterr().out
    rows = list(csv.reader(io.StringIO((tmp_path / "c.csv").read_bytes().decode("utf-8-sig"))))
    assert rows[-1][0] == "合计" and rows[-1][-1] == f"{net / 100:.2f}"
    assert main.main(["--db-url", url, "report", "arrears", str(tmp_path / "a.xlsx")]) == 0
    ws = load_workbook(tmp_path / "a.xlsx").active
    assert ws["A1"].value == "欠费清单（催费）"
    assert main.main(["--db-url", url, "report", "bill_run", str(tmp_path / "b.pdf")]) == 0
    assert "发行账单清单" in pdfcheck.text((tmp_path / "b.pdf").read_bytes())
    assert main.main(["--db-url", url, "report", "refunds", "--user", "clerk1", str(tmp_path / "r.csv")]) == 2
    assert "无权" in capsys.readouterr().err
