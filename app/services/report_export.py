"""A report as a file (报表导出): xlsx for Excel / WPS, CSV for anything else (docs/reports.md).

* **xlsx** (openpyxl): a title block (report, hall, period, printed at / by, the summary
  lines), then the header row — frozen, with a filter — the rows and a bold totals row. Money is
  a number in yuan with the ``#,##0.00`` format (Decimal fen / 100, never a float computed
  from text), counts are integers, dates and times real Excel dates.
* **CSV**: UTF-8 with a BOM (Excel in a Chinese locale otherwise reads it as GBK), CRLF line
  ends, one header row, the rows, then the totals row; money as plain ``1280.50`` (no
  thousands separator, so it reads back as a number), dates ISO. The importers of this program
  read the same encoding (app/services/csv_files.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.domain.errors import ValidationError
from app.dto.reports import Column, ReportTable

__all__ = ["FORMATS", "csv_bytes", "export_report", "replace_file", "xlsx_book_bytes", "xlsx_bytes"]

FORMATS = ("xlsx", "csv")
MONEY_FORMAT = "#,##0.00"
_CENT = Decimal("0.01")


def _yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(_CENT)


def _excel_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "money" and isinstance(value, int):
        return _yuan(value)
    if column.kind == "datetime" and isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: the local time as printed
    return value


#: a cell text starting so is a formula to Excel / WPS (CSV), or to openpyxl ("=", xlsx)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # typed text (a reason) stays text: no formula runs when the file is opened
    if column.kind == "money" and isinstance(value, int):
        return str(_yuan(value))
    if column.kind == "datetime" and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def csv_bytes(table: ReportTable) -> bytes:
    """The header row, the rows and the totals row as UTF-8 CSV with a BOM."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.label for c in table.columns])
    for row in (*table.rows, table.totals):
        writer.writerow([_csv_value(c, v) for c, v in zip(table.columns, row, strict=True)])
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: ReportTable) -> bytes:
    """The report as one worksheet (named after it), typed cells, frozen header row."""
    return xlsx_book_bytes((table,))


def xlsx_book_bytes(tables: Sequence[ReportTable]) -> bytes:
    """Several reports in one workbook, a worksheet each (the dashboard's sections)."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    for i, table in enumerate(tables):
        _sheet(first if i == 0 else wb.create_sheet(), table)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(ws: Any, table: ReportTable) -> None:
    h = table.header
    ws.title = h.title[:31]
    lines: list[list[Any]] = [
        [h.title],
        [f"营业厅：{h.hall_name}（{h.node_code}）", None, None, f"统计期间：{h.period_text}"],
        [f"打印：{h.printed_by}", None, None, f"{h.printed_at:%Y-%m-%d %H:%M:%S}"],
        *([text] for text in table.summary),
    ]
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            if value is not None:
                ws.cell(r, c, value).data_type = "s"
    ws["A1"].font = Font(bold=True, size=14)
    head_row = len(lines) + 2  # a blank row between the title block and the table
    body = [
        [_excel_value(c, v) for c, v in zip(table.columns, row, strict=True)]
        for row in (*table.rows, table.totals)
    ]
    for r, values in enumerate([[c.label for c in table.columns], *body], start=head_row):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would store "=…" (a typed reason) as a formula
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="EEEEEE")
    for cell in ws[head_row]:
        cell.font = bold
        cell.fill = shade
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    last = head_row + len(body)
    for cell in ws[last]:
        cell.font = bold
        cell.fill = shade
    for i, column in enumerate(table.columns, start=1):
        letter = get_column_letter(i)
        fmt = {
            "money": MONEY_FORMAT,
            "int": "#,##0",
            "date": "yyyy-mm-dd",
            "datetime": "yyyy-mm-dd hh:mm:ss",
        }.get(column.kind)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=head_row + 1, max_row=last, min_col=i, max_col=i):
                cell.number_format = fmt
        ws.column_dimensions[letter].width = max(
            10.0, min(48.0, 12.0 * column.width + (8 if column.kind == "datetime" else 0))
        )
    ws.freeze_panes = ws.cell(row=head_row + 1, column=1)
    if table.rows:
        ws.auto_filter.ref = f"A{head_row}:{get_column_letter(len(table.columns))}{last - 1}"
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.orientation = "landscape" if table.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def export_report(table: ReportTable, path: str | os.PathLike[str]) -> Path:
    """Write ``table`` to ``path``; its suffix (.xlsx / .csv) says the format. The file is
    written next to its place and renamed over it, so a failed export leaves no half file."""
    target = Path(path)
    kind = target.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValidationError("path", "请选择 xlsx 或 csv 文件")
    data = xlsx_bytes(table) if kind == "xlsx" else csv_bytes(table)
    return replace_file(target, data)


def replace_file(target: Path, data: bytes) -> Path:
    """Write ``data`` next to ``target`` and rename it over it: a failed write leaves no half file."""
    part = target.with_name(target.name + ".part")
    part.write_bytes(data)
    os.replace(part, target)
    return target
