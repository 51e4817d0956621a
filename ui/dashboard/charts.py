"""The dashboard's two charts (QtCharts, as ui/billing/chart.py draws the usage chart): each
clerk's transactions, stacked by kind, and the ratings per score. Where QtCharts cannot be
imported (a trimmed install) the tables under the charts carry the same figures and the chart
says so."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui import palette

log = logging.getLogger(__name__)

try:
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSeries,
        QBarSet,
        QChart,
        QChartView,
        QHorizontalBarSeries,
        QStackedBarSeries,
        QValueAxis,
    )
except ImportError:  # pragma: no cover — depends on the installed PySide6 wheels
    HAVE_QTCHARTS = False
    log.warning("QtCharts is not available; the dashboard shows its tables only")
else:
    HAVE_QTCHARTS = True

AXIS_TEXT = QColor(palette.CHART_AXIS)
GRID = QColor(palette.GRID_LINE)
#: the kinds' colours, in the order of the stacked bars
KIND_COLOURS = (palette.PRIMARY, palette.DANGER, palette.CAUTION, palette.OK, palette.ADJUST)


def nice_max(value: int) -> int:
    """A round top for the value axis: 1, 2 or 5 × 10ⁿ at or above ``value`` (5 when nothing)."""
    if value <= 0:
        return 5
    step = 1
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


class BarChart(QWidget):
    """A titled bar chart: categories along the bottom, one bar set per series (stacked when
    ``stacked``); the legend names the series."""

    def __init__(
        self, name: str, title: str, stacked: bool, parent: QWidget | None = None, *, horizontal: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.stacked = stacked
        self.horizontal = (
            horizontal  # bars to the right, categories down the left (long labels), first on top
        )
        self.categories: list[str] = []
        self.series: list[tuple[str, list[int], str]] = []
        self.title = QLabel(title, self)
        self.title.setObjectName("chartTitle")
        self.title.setStyleSheet("QLabel#chartTitle { font-weight: bold; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        if HAVE_QTCHARTS:
            self.chart = QChart()
            self.chart.setBackgroundRoundness(0)
            self.chart.setMargins(QMargins(2, 2, 2, 2))
            self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            self.canvas: QWidget = QChartView(self.chart, self)
            self.canvas.setRenderHint(QPainter.RenderHint.Antialiasing)
        else:
            self.canvas = QLabel(self.tr("图表不可用（缺少 QtCharts），数字见下方表格"), self)
        self.canvas.setMinimumHeight(200)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.canvas, 1)

    def set_data(self, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]]) -> None:
        """``series``: (name, one value per category, colour)."""
        self.categories = list(categories)
        self.series = [(name, list(values), colour) for name, values, colour in series]
        if HAVE_QTCHARTS:
            self._fill()

    def values(self) -> list[list[int]]:
        return [values for _, values, _ in self.series]

    def _fill(self) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if not self.categories:
            return
        if self.horizontal:
            bars: QBarSeries | QStackedBarSeries | QHorizontalBarSeries = QHorizontalBarSeries()
        else:
            bars = QStackedBarSeries() if self.stacked else QBarSeries()
        bars.setBarWidth(0.7)
        order = slice(None, None, -1) if self.horizontal else slice(None)  # Qt draws the first at the bottom
        for name, values, colour in self.series:
            bar_set = QBarSet(name)
            bar_set.setColor(QColor(colour))
            bar_set.setBorderColor(QColor(colour))
            for v in values[order]:
                bar_set.append(v)
            bars.append(bar_set)
        chart.addSeries(bars)
        font = QFont(self.font())
        font.setPixelSize(10)
        axis = QBarCategoryAxis()
        axis.append(self.categories[order])
        axis.setLabelsFont(font)
        axis.setLabelsColor(AXIS_TEXT)
        axis.setGridLineVisible(False)
        if len(self.categories) > 8 and not self.horizontal:
            axis.setLabelsAngle(
                -90
            )  # a hall's twenty clerks: names upright, in full (slanted, the first and last are dropped)
            axis.setTruncateLabels(False)
        if self.stacked:
            top = max((sum(col) for col in zip(*self.values(), strict=True)), default=0)
        else:
            top = max((max(v, default=0) for v in self.values()), default=0)
        values = QValueAxis()
        peak = nice_max(top)
        values.setRange(0, peak)
        values.setLabelFormat("%d")
        values.setTickCount(peak + 1 if peak <= 5 else 6)  # whole numbers at every tick
        values.setLabelsFont(font)
        values.setLabelsColor(AXIS_TEXT)
        values.setGridLineColor(GRID)
        if self.horizontal:
            chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(axis)
        bars.attachAxis(values)
        chart.legend().setVisible(len(self.series) > 1)
        chart.legend().setFont(font)
