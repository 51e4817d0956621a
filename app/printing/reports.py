"""The supervisor's reports on paper (报表打印): any :class:`~app.dto.reports.ReportTable` as an A4
PDF — landscape when the table is wide — with the company and hall, the title, the period,
printed at / by, the summary lines, the table with its header repeated on every page and a
shaded totals row, and "第 x 页 / 共 y 页" in the footer. docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.dto.reports import Column, ReportTable
from app.printing.common import (
    A4_MARGINS,
    SHADE,
    BoldLabel,
    footer_text,
    grid_table,
    money,
    numbered_canvas_factory,
    styles,
)
from app.printing.fonts import cjk_fonts

__all__ = ["cell_text", "render_report"]


def cell_text(column: Column, value: Any) -> str:
    """How a value of ``column`` is written on paper (and on screen): money as 1,280.50, dates
    ISO, times to the second; None as nothing."""
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, int):
        return money(value, symbol=False)
    if column.kind == "datetime" and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if column.kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if column.kind == "int" and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _frame_width(wide: bool) -> float:
    page = landscape(A4) if wide else A4
    return page[0] - A4_MARGINS["leftMargin"] - A4_MARGINS["rightMargin"]


def _heading(table: ReportTable, width: float) -> list[Any]:
    h = table.header
    story: list[Any] = [Paragraph(h.company, styles()["company"])] if h.company else []
    story.append(BoldLabel(h.title, 16, align="center", space_after=2 * mm))
    base = styles()["body"].clone("report_line", fontSize=9, leading=12)
    cells = [
        Paragraph(_escape(f"营业厅：{h.hall_name}（{h.node_code}）"), base.clone("l", alignment=TA_LEFT)),
        Paragraph(_escape(f"统计期间：{h.period_text}"), base.clone("c", alignment=TA_CENTER)),
        Paragraph(
            _escape(f"打印：{h.printed_by}　{h.printed_at:%Y-%m-%d %H:%M}"),
            base.clone("r", alignment=TA_RIGHT),
        ),
    ]
    line = Table([cells], colWidths=[width * 0.27, width * 0.46, width * 0.27])
    line.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # the cells are Paragraphs, but a Table still selects its default font (Helvetica)
                # around each cell, which puts an unembedded Helvetica into the PDF
                ("FONT", (0, 0), (-1, -1), cjk_fonts().regular, 9),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story.append(line)
    for text in table.summary:
        story.append(Paragraph(text, styles()["small"]))
    story.append(Spacer(0, 2 * mm))
    return story


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(column: Column, value: Any, size: float) -> Any:
    """Text columns wrap (Chinese breaks anywhere); figures stay on one line."""
    text = cell_text(column, value)
    if column.kind == "text" and text:
        style = styles()["cell"].clone("report_cell", fontSize=size, leading=size + 2.5)
        return Paragraph(_escape(text), style)
    return text


def _grid(table: ReportTable, width: float) -> Table:
    cols = table.columns
    total_weight = sum(c.width for c in cols) or 1.0
    widths = [width * c.width / total_weight for c in cols]
    size = 7.5 if len(cols) > 10 else 8.5
    head_style = styles()["head"].clone("report_head", fontSize=size, leading=size + 2.5)
    rows: list[list[Any]] = [[Paragraph(c.label, head_style) for c in cols]]
    rows += [[_cell(c, v, size) for c, v in zip(cols, row, strict=True)] for row in table.rows]
    rows.append(
        [
            BoldLabel(cell_text(c, v), size, align="right" if c.kind != "text" else "left")
            if v is not None
            else ""
            for c, v in zip(cols, table.totals, strict=True)
        ]
    )
    numeric = [i for i, c in enumerate(cols) if c.kind in ("money", "int")]
    return grid_table(
        rows,
        widths,
        repeat_rows=1,
        extra=[
            ("FONT", (0, 1), (-1, -1), cjk_fonts().regular, size),
            *[("ALIGN", (i, 1), (i, -1), "RIGHT") for i in numeric],
            ("BACKGROUND", (0, -1), (-1, -1), SHADE),
            ("TOPPADDING", (0, 1), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ],
    )


def render_report(table: ReportTable) -> bytes:
    """``table`` as A4 PDF bytes (landscape when ``table.landscape``)."""
    wide = table.landscape
    width = _frame_width(wide)
    story = [*_heading(table, width), _grid(table, width)]
    if not table.rows:
        story.append(Spacer(0, 3 * mm))
        story.append(Paragraph("本期间无记录。", styles()["body"]))
    h = table.header
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(A4) if wide else A4,
        **A4_MARGINS,
        title=h.title,
        author=h.hall_name,
        creator="GridCounter",
    )
    # the period in the footer only when it is a date range (a bill run's says more than fits)
    footer_left = footer_text(h.title, h.period_text if h.date_to else "")
    footer_right = f"打印时间 {h.printed_at:%Y-%m-%d %H:%M:%S}"
    doc.build(story, canvasmaker=numbered_canvas_factory(footer_left, footer_right))
    return buf.getvalue()
