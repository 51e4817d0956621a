"""Usage chart of the last 24 months (近24个月用电量), the selected bill's month highlighted.

QtCharts (PySide6-Addons) draws it; where QtCharts cannot be imported (a trimmed install) the
same bars are painted with QPainter, so the bill tab never loses its chart.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui import palette
from ui.i18n import fill

log = logging.getLogger(__name__)

try:
    from PySide6.QtCharts import QBarSet, QCategoryAxis, QChart, QChartView, QStackedBarSeries, QValueAxis
except ImportError:  # pragma: no cover — depends on the installed PySide6 wheels
    HAVE_QTCHARTS = False
    log.warning("QtCharts is not available; the usage chart is painted by hand")
else:
    HAVE_QTCHARTS = True

BAR = QColor(palette.CHART_BAR)
HIGHLIGHT = QColor(palette.CHART_HIGHLIGHT)
AXIS_TEXT = QColor(palette.CHART_AXIS)
GRID = QColor(palette.GRID_LINE)


def short_period(period: str, with_year: bool = True) -> str:
    """"2025-03" → "25年3月" (or "3月"; "Mar 25" / "Mar" in English): axis labels under up to 24
    bars must stay short. The Qt date formats are translatable texts; month names come from the
    UI language's QLocale."""
    year, _, month = period.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return period
    if with_year:
        # Translators: a Qt date format (yy = year, M = month number, MMM = month name).
        fmt = QCoreApplication.translate("UsageChart", "yy年M月")
    else:
        # Translators: a Qt date format (M = month number, MMM = month name).
        fmt = QCoreApplication.translate("UsageChart", "M月")
    return QLocale().toString(QDate(int(year), int(month), 1), fmt)


def axis_labels(periods: Sequence[str]) -> list[str]:
    """One label per bar, "" where none fits: every month up to 12 bars ("3月", the year on
    the first bar and on January), else January and July only ("25年1月")."""
    if len(periods) <= 12:
        return [short_period(p, with_year=i == 0 or p.endswith("-01")) for i, p in enumerate(periods)]
    return [short_period(p) if p[5:7] in ("01", "07") else "" for p in periods]


def nice_max(value: int) -> int:
    """A round top for the value axis: 1, 2 or 5 × 10ⁿ above ``value``."""
    if value <= 0:
        return 10
    step = 1
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


class UsageChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usageChart")
        self.usage: list[tuple[str, int]] = []
        self.highlight = ""
        self.title = QLabel(self.tr("近24个月用电量（kWh）"), self)
        self.title.setObjectName("chartTitle")
        self.title.setStyleSheet("QLabel#chartTitle { font-weight: bold; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        if HAVE_QTCHARTS:
            self.chart = QChart()
            self.chart.setBackgroundRoundness(0)
            self.chart.setMargins(QMargins(4, 4, 4, 4))
            self.chart.legend().setVisible(False)
            self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            self.canvas: QWidget = QChartView(self.chart, self)
            self.canvas.setRenderHint(QPainter.RenderHint.Antialiasing)
        else:
            self.canvas = _PaintedBars(self)
        self.canvas.setObjectName("usageCanvas")
        self.canvas.setMinimumHeight(180)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.canvas, 1)

    @property
    def uses_qtcharts(self) -> bool:
        return HAVE_QTCHARTS

    def set_usage(self, usage: Sequence[tuple[str, int]], highlight: str = "") -> None:
        self.usage = list(usage)[-24:]
        self.highlight = highlight
        total = sum(kwh for _, kwh in self.usage)
        months = len(self.usage)
        if months:
            text = fill(self.tr("近%1个月用电量（kWh）　合计 %2　月均 %3"), months, format(total, ","), format(round(total / months), ","))
            chosen = dict(self.usage).get(highlight)
            if chosen is not None:
                text += fill(self.tr("　%1：%2"), highlight, format(chosen, ","))
            self.title.setText(text)
        else:
            self.title.setText(self.tr("近24个月用电量（kWh）　暂无数据"))
        if HAVE_QTCHARTS:
            self._fill_chart()
        else:
            self.canvas.update()

    def values(self) -> list[int]:
        return [kwh for _, kwh in self.usage]

    def _fill_chart(self) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if not self.usage:
            return
        others = QBarSet(self.tr("用电量"))
        chosen = QBarSet(self.tr("所选账期"))
        others.setColor(BAR)
        others.setBorderColor(BAR)
        chosen.setColor(HIGHLIGHT)
        chosen.setBorderColor(HIGHLIGHT)
        for period, kwh in self.usage:
            mine = period == self.highlight
            others.append(0 if mine else kwh)
            chosen.append(kwh if mine else 0)
        series = QStackedBarSeries()
        series.setBarWidth(0.7)
        series.append(others)
        series.append(chosen)
        chart.addSeries(series)
        label_font = QFont(self.font())
        label_font.setPixelSize(10)
        # A value-based category axis: labels only where they fit (a bar category axis would
        # elide all 24 of them), each centred on its bar (bars stand at 0, 1, 2, …).
        categories = QCategoryAxis()
        categories.setRange(-0.5, len(self.usage) - 0.5)
        categories.setStartValue(-0.5)
        categories.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for i, label in enumerate(axis_labels([p for p, _ in self.usage])):
            if label:
                categories.append(label, i)
        categories.setLabelsFont(label_font)
        categories.setLabelsColor(AXIS_TEXT)
        categories.setGridLineVisible(False)
        values = QValueAxis()
        values.setRange(0, nice_max(max(self.values())))
        values.setLabelFormat("%d")
        values.setTickCount(5)
        values.setLabelsFont(label_font)
        values.setLabelsColor(AXIS_TEXT)
        values.setGridLineColor(GRID)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)


class _PaintedBars(QWidget):
    """The fallback: the same bars with QPainter."""

    def __init__(self, chart: UsageChart) -> None:
        super().__init__(chart)
        self.owner = chart

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 — Qt override
        usage = self.owner.usage
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(palette.SURFACE))
        if not usage:
            return
        font = QFont(self.font())
        font.setPixelSize(10)
        painter.setFont(font)
        left, bottom, top = 44, 34, 8
        plot = QRectF(left, top, max(10, self.width() - left - 8), max(10, self.height() - top - bottom))
        peak = nice_max(max(kwh for _, kwh in usage))
        painter.setPen(QPen(GRID))
        for step in range(5):
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QPen(AXIS_TEXT))
            painter.drawText(QRectF(0, y - 7, left - 4, 14), Qt.AlignmentFlag.AlignRight, f"{peak * step // 4}")
            painter.setPen(QPen(GRID))
        slot = plot.width() / len(usage)
        labels = axis_labels([p for p, _ in usage])
        for i, (period, kwh) in enumerate(usage):
            height = plot.height() * kwh / peak
            bar = QRectF(plot.left() + slot * (i + 0.15), plot.bottom() - height, slot * 0.7, height)
            painter.fillRect(bar, HIGHLIGHT if period == self.owner.highlight else BAR)
            label = labels[i]
            if label:
                painter.setPen(QPen(AXIS_TEXT))
                painter.drawText(QRectF(plot.left() + slot * (i + 0.5) - 24, plot.bottom() + 4, 48, 14),
                                 Qt.AlignmentFlag.AlignHCenter, label)
