"""A day of a time-of-use tariff made visible: the 24-hour strip of periods (``DayStrip``) and
the 某日时段 preview under the version detail (``TariffDayPreview``): pick a date, see that day's
bands — a public holiday shows the holiday override, a summer day the summer table.

The bands come from ``app.services.tariffs.tariff_day`` (``day_bands`` with the shipped holiday
calendar, resources/tariffs/holidays.json)."""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QKeySequence, QPainter, QPaintEvent, QPen, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import TariffKind
from app.domain.errors import DomainError
from app.domain.tariffs.periods import TimeBand
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.terms import PERIODS
from app.dto.billing import TariffVersionRow
from app.services import tariffs as tariff_service
from ui import palette
from ui.i18n import fill, localize

log = logging.getLogger(__name__)

#: One colour per period, dark (expensive, warm) to cool (cheap); white text on all but 平.
PERIOD_COLORS: dict[str, str] = palette.PERIOD_COLORS


def tr(text: str) -> str:
    return QCoreApplication.translate("TariffDay", text)


def period_name(period: str) -> str:
    return tr(PERIODS[period]) if period in PERIODS else period


def period_color(period: str) -> QColor:
    return QColor(PERIOD_COLORS.get(period, palette.VOID))


def text_color(period: str) -> QColor:
    return QColor(palette.ON_LIGHT) if period == "flat" else QColor(palette.ON_DARK)


def bands_text(bands: Sequence[TimeBand]) -> str:
    """"00:00–08:00 谷 · 08:00–11:00 峰 · …" in time order."""
    return " · ".join(f"{b.describe()} {period_name(b.period)}" for b in bands)


def weekday_label(day: dt.date) -> str:
    # Whole words, not 周 + a character: the English build must not read "Weekday 三".
    return (tr("周一"), tr("周二"), tr("周三"), tr("周四"), tr("周五"), tr("周六"), tr("周日"))[day.weekday()]


def paint_order(bands: Sequence[TimeBand]) -> list[tuple[int, int, str]]:
    """Minute spans to paint, later bands over earlier ones (a holiday table over a season's);
    spans of the same period that touch are merged so a label is drawn once."""
    cells: list[str] = [""] * (24 * 60)
    for band in bands:
        for lo, hi in band.pieces():
            cells[lo:hi] = [band.period] * (hi - lo)
    spans: list[tuple[int, int, str]] = []
    start = 0
    for minute in range(1, 24 * 60 + 1):
        if minute == 24 * 60 or cells[minute] != cells[start]:
            spans.append((start, minute, cells[start]))
            start = minute
    return spans


class DayStrip(QWidget):
    """00:00–24:00 as a coloured bar, a period's name inside its span when it fits, the time of
    each change underneath. Uncovered minutes are left white with a hatched border."""

    BAR = 24

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayStrip")
        self._bands: list[TimeBand] = []
        self.setMinimumHeight(self.sizeHint().height())

    def set_bands(self, bands: Sequence[TimeBand]) -> None:
        self._bands = list(bands)
        text = bands_text(self._bands)
        self.setToolTip(text)
        self.setAccessibleName(text)
        self.update()

    def bands(self) -> list[TimeBand]:
        return list(self._bands)

    def sizeHint(self) -> QSize:  # noqa: N802 — Qt override
        return QSize(480, self.BAR + 3 + QFontMetrics(self.font()).height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 — Qt override
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 — Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = QFontMetrics(self.font())
        width = self.width() - 2
        scale = width / (24 * 60)

        def x(minute: int) -> float:
            return 1 + minute * scale

        bar = QRectF(x(0), 0, width, self.BAR)
        painter.fillRect(bar, QColor(palette.SURFACE))
        spans = paint_order(self._bands) if self._bands else [(0, 24 * 60, "")]
        for lo, hi, period in spans:
            rect = QRectF(x(lo), 0, x(hi) - x(lo), self.BAR)
            if period:
                painter.fillRect(rect, period_color(period))
                name = period_name(period)
                if metrics.horizontalAdvance(name) + 6 <= rect.width():
                    painter.setPen(text_color(period))
                    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), name)
            else:
                painter.fillRect(rect, QColor(palette.STRIP_EMPTY))
        painter.setPen(QPen(QColor(palette.CHART_BAR), 1))
        painter.drawRect(bar.adjusted(0, 0, -1, -1))
        # The time of every change (and both ends), skipping one that would overlap its left neighbour.
        painter.setPen(QColor(palette.MUTED))
        marks = sorted({0, 24 * 60, *(lo for lo, _, _ in spans)})
        right_edge = float("-inf")
        top = self.BAR + 2
        for minute in marks:
            label = f"{minute // 60:02d}:{minute % 60:02d}"
            w = metrics.horizontalAdvance(label)
            left = min(max(x(minute) - w / 2, 0.0), self.width() - w - 1.0)
            if left < right_edge + 4:
                continue
            painter.drawLine(int(x(minute)), self.BAR - 4, int(x(minute)), self.BAR)
            painter.drawText(QRectF(left, top, w + 1, metrics.height()), int(Qt.AlignmentFlag.AlignLeft), label)
            right_edge = left + w
        painter.end()


class TariffDayPreview(QFrame):
    """某日时段: a date (QDateEdit, typed or stepped with ↑↓) and the selected TOU version's
    bands that day. Hidden for versions that are not time-of-use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tariffDayPreview")
        self.setProperty("panel", "white")
        self.tariff: Tariff | None = None
        self.day_info: tariff_service.TariffDay | None = None
        title = QLabel(tr("某日时段 (Ctrl+D)"), self)
        title.setProperty("role", "accent")
        title.setStyleSheet("font-weight: bold; border: none;")
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("tariffDayDate")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumWidth(130)
        self.date_edit.setDate(QDate.currentDate())
        self.date_edit.setToolTip(tr("输入 8 位数字（如 20261001），或用 ←→ 选年/月/日、↑↓ 调整；Alt+↓ 打开日历"))
        self.date_edit.dateChanged.connect(lambda *_: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("tariffDaySummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setProperty("role", "ink")
        self.summary.setStyleSheet("border: none;")
        self.summary.setWordWrap(True)
        self.strip = DayStrip(self)
        self.note = QLabel(self)
        self.note.setObjectName("tariffDayNote")
        self.note.setProperty("role", "warning")
        self.note.setStyleSheet("border: none;")
        self.note.setWordWrap(True)
        self.note.hide()

        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(title)
        top.addWidget(self.date_edit)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.strip)
        layout.addWidget(self.note)
        self.hide()

    # ---- input ---------------------------------------------------------------------------------

    def set_row(self, row: TariffVersionRow | None) -> None:
        self.set_data(row.data if row is not None else None)

    def set_data(self, data: Mapping[str, Any] | None) -> None:
        tariff: Tariff | None = None
        if data is not None and data.get("kind") == TariffKind.TOU:
            try:
                tariff = Tariff.from_dict(data)
            except (DomainError, TypeError, ValueError):
                tariff = None  # the detail above already says what is wrong with it
        self.tariff = tariff
        self.setVisible(tariff is not None)
        self.refresh()

    def day(self) -> dt.date:
        q = self.date_edit.date()
        return dt.date(q.year(), q.month(), q.day())

    def set_day(self, day: dt.date) -> None:
        self.date_edit.setDate(QDate(day.year, day.month, day.day))

    def focus_date(self) -> None:
        if not self.isVisible():
            return
        self.date_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        # Year selected: eight digits (20261001) type the whole date, section by section.
        self.date_edit.setSelectedSection(QDateTimeEdit.Section.YearSection)

    # ---- output --------------------------------------------------------------------------------

    def bands(self) -> list[TimeBand]:
        return list(self.day_info.bands) if self.day_info is not None else []

    def bands_text(self) -> str:
        return bands_text(self.bands())

    def refresh(self) -> None:
        if self.tariff is None:
            self.day_info = None
            self.strip.set_bands([])
            self.summary.setText("")
            self.note.hide()
            return
        day = self.day()
        try:
            info = tariff_service.tariff_day(self.tariff, day)
        except DomainError as exc:
            self.day_info = None
            self.strip.set_bands([])
            self.summary.setText("")
            self.note.setText(localize(exc.message))
            self.note.show()
            return
        self.day_info = info
        self.strip.set_bands(info.bands)
        head = f"<b>{day.isoformat()} {weekday_label(day)}</b>"
        season = fill(tr("「%1」时段表"), html.escape(info.season))
        if info.holiday:
            kind = tr("法定假日") if info.statutory else tr("放假")
            if info.has_holiday_bands:
                rule = fill(tr("节假日时段覆盖%1"), season)
            else:
                rule = fill(tr("此版本没有节假日时段，按%1"), season)
            text = f"{head} · <span style='color:{palette.HOLIDAY}'>{html.escape(info.holiday)}（{kind}）</span> · {rule}"
        elif info.workday:
            text = f"{head} · {tr('调休上班日')} · {fill(tr('按%1'), season)}"
        else:
            text = f"{head} · {fill(tr('按%1'), season)}"
        self.summary.setText(text)
        notes: list[str] = []
        if not info.calendar_known:
            known = "、".join(str(y) for y in tariff_service.holiday_years())
            notes.append(fill(tr("%1 年的法定节假日安排尚未收录（已收录 %2 年），按非节假日显示"), str(day.year), known))
        if not info.in_effect:
            notes.append(fill(tr("该日不在此版本的生效期间内（%1 起）"), self.tariff.effective_from.isoformat()))
        self.note.setText("；".join(notes))
        self.note.setVisible(bool(notes))


def attach_day_preview(page: QWidget, detail: QWidget,
                       selected: Callable[[], TariffVersionRow | None]) -> TariffDayPreview:
    """Put a ``TariffDayPreview`` right under ``detail`` (the version's HTML) and keep it on the
    version ``selected()`` returns: it follows every refresh of the detail. Ctrl+D on the page
    focuses its date."""
    preview = TariffDayPreview(page)
    split = detail.parentWidget()
    if isinstance(split, QSplitter):
        index = split.indexOf(detail)
        box = QWidget(split)
        box.setObjectName("tariffDetailBox")
        split.insertWidget(index, box)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(detail, 1)
        layout.addWidget(preview)
        split.setCollapsible(index, False)
        sizes = split.sizes()
        if len(sizes) == 2 and sum(sizes) > 0:
            split.setSizes([250, 480])  # five versions listed; the detail and the day below them
    elif page.layout() is not None:
        page.layout().addWidget(preview)  # type: ignore[union-attr]
    if hasattr(detail, "textChanged"):
        detail.textChanged.connect(lambda: preview.set_row(selected()))
    shortcut = QShortcut(QKeySequence("Ctrl+D"), page)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(preview.focus_date)
    preview.set_row(selected())
    return preview
