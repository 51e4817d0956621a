"""The supervisor's dashboard on paper (看板, docs/rules.md#supervisor-dashboard): A4 portrait —
the hall, the period, printed at / by, the figures (指标), transactions per clerk and kind with
the handling time and a bar chart of each clerk's transactions, the satisfaction per clerk and
score with a bar chart of the scores. The tables are the ones the xlsx export writes
(:func:`app.services.dashboard.dashboard_tables`), laid out as the reports print them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from app.dto.dashboard import SCORE_LABELS, Dashboard
from app.dto.reports import ReportTable
from app.printing.common import build_a4, footer_text, section
from app.printing.fonts import cjk_fonts
from app.printing.reports import _frame_width, _grid, _heading

__all__ = ["bar_chart", "render_dashboard"]

BAR = colors.HexColor("#2f6fb3")


def bar_chart(title: str, labels: Sequence[str], values: Sequence[int], width: float) -> Drawing:
    """Horizontal bars, one per label (top to bottom in the given order), the value at each bar's end."""
    font = cjk_fonts().regular
    rows = max(1, len(labels))
    bar_h = 5.5 * mm
    height = rows * bar_h + 16 * mm
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 5 * mm, title, fontName=font, fontSize=9))
    chart = HorizontalBarChart()
    chart.x = 28 * mm
    chart.y = 6 * mm
    chart.width = width - chart.x - 14 * mm
    chart.height = rows * bar_h
    # ReportLab draws the first category at the bottom: reversed, the list reads top down
    chart.data = [list(reversed([int(v) for v in values])) or [0]]
    chart.categoryAxis.categoryNames = list(reversed(list(labels))) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    top = max([int(v) for v in values] or [0])
    if top == 0:
        chart.valueAxis.valueMax = 1
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def render_dashboard(d: Dashboard, tables: Sequence[ReportTable]) -> bytes:
    """``d`` as A4 PDF bytes; ``tables`` are its figures, volume and ratings tables as
    :func:`app.services.dashboard.dashboard_tables` lays them out."""
    figures, volume, ratings = tables
    width = _frame_width(False)
    story: list[Any] = [*_heading(figures, width)]
    story.append(section("一、指标"))
    story.append(_grid(figures, width))
    story.append(Spacer(0, 4 * mm))
    story.append(section("二、营业员业务量与办理时长"))
    story.append(_grid(volume, width))
    story.append(Spacer(0, 2 * mm))
    names = [c.display_name for c in d.clerks]
    story.append(
        KeepTogether(bar_chart("各营业员业务量（笔）", names, [c.transactions for c in d.clerks], width))
    )
    story.append(Spacer(0, 4 * mm))
    story.append(section("三、服务评价分布"))
    story.append(_grid(ratings, width))
    story.append(Spacer(0, 2 * mm))
    scores = [d.totals.ratings.get(s, 0) for s in SCORE_LABELS]
    labels = [*SCORE_LABELS.values(), "跳过"]
    story.append(KeepTogether(bar_chart("评价分布（次）", labels, [*scores, d.totals.skipped], width)))
    return build_a4(
        story,
        title="营业厅服务看板",
        author=d.hall_name,
        footer_left=footer_text("营业厅服务看板", d.period_text),
        footer_right=f"打印时间 {d.generated_at:%Y-%m-%d %H:%M:%S}",
    )
