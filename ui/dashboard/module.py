"""看板 (docs/rules.md#supervisor-dashboard): the supervisor's view of the hall for 今日 / 本周 /
本月 or a custom range — figure cards (业务量, 平均办理时长, 按时率, 满意率, 每万户投诉), a chart
of each clerk's transactions by kind and one of the ratings, the tables behind them, and 导出
xlsx / PDF through the dialogs seam. Read on the task runner; F5 refreshes, and so does a timer
every few minutes while the screen is shown.

Contract with the main window: ``DashboardModule(ctx, parent)``, ``actions()``,
``statusMessage``, ``focus_search()`` and ``DashboardModule.visible_for(actor)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dto.common import Actor
from app.dto.dashboard import SCORE_LABELS, Dashboard
from app.services import dashboard as service
from app.services.permissions import allowed
from ui import palette
from ui.context import UiContext
from ui.dashboard.charts import KIND_COLOURS, BarChart
from ui.i18n import fill
from ui.report_table import ReportModel
from ui.tables import fit_columns, make_table
from ui.tasks import Failure
from ui.widgets import ErrorLabel, heading, muted

#: how often the shown dashboard reads the figures again
REFRESH_MS = 5 * 60 * 1000


class FigureCard(QFrame):
    """One figure: a caption, the value large, a line of detail."""

    def __init__(self, name: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(
            f"QFrame#{name} {{ background: {palette.PANEL_BG}; border: 1px solid {palette.PANEL_BORDER};"
            " border-radius: 4px; }"
        )
        self.caption = QLabel(caption, self)
        self.caption.setStyleSheet(f"color: {palette.INK_SOFT};")
        self.value = QLabel("—", self)
        self.value.setObjectName("figureValue")
        self.value.setStyleSheet(f"font-size: 22px; font-weight: bold; color: {palette.ACCENT};")
        self.detail = muted("", self)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_figure(self, value: str, detail: str) -> None:
        self.value.setText(value)
        self.detail.setText(detail)


class DashboardModule(QWidget):
    statusMessage = Signal(str)

    @staticmethod
    def visible_for(actor: Actor) -> bool:
        return allowed(actor, "dashboard.view")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.ctx = ctx
        self.setObjectName("dashboardModule")
        self.current: Dashboard | None = None
        self.busy = False
        self.period = "today"
        #: today's date (tests move it): 今日 / 本周 / 本月 and their date boxes are computed from
        #: it at every refresh, so a dashboard left open past midnight moves on to the new day
        self.today: Callable[[], dt.date] = dt.date.today
        self._generation = 0
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self._build()
        self._choose("today", load=False)

    # ---- construction ------------------------------------------------------------------------------

    def _action(self, text: str, keys: list[QKeySequence], slot: Callable[[], None], name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _button(self, action: QAction, name: str) -> QPushButton:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        button = QPushButton(fill("%1 (%2)", action.text(), keys), self)
        button.setObjectName(name)
        button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "Ctrl+E"
        button.clicked.connect(action.trigger)
        return button

    def _build(self) -> None:
        self.refresh_action = self._action(
            self.tr("刷新"), [QKeySequence(Qt.Key.Key_F5)], self.refresh, "refreshDashboard"
        )
        self.xlsx_action = self._action(
            self.tr("导出 xlsx"), [QKeySequence("Ctrl+E")], lambda: self.export("xlsx"), "exportDashboardXlsx"
        )
        self.pdf_action = self._action(
            self.tr("导出 PDF"),
            [QKeySequence("Ctrl+Shift+E")],
            lambda: self.export("pdf"),
            "exportDashboardPdf",
        )
        self.title = heading(self.tr("服务看板"), 18, parent=self)
        self.subtitle = muted("", self)
        self.subtitle.setObjectName("dashboardSubtitle")
        self.period_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        for code, text in (
            ("today", self.tr("今日")),
            ("week", self.tr("本周")),
            ("month", self.tr("本月")),
            ("custom", self.tr("自定义")),
        ):
            button = QPushButton(text, self)
            button.setObjectName(f"period_{code}")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, c=code: self._choose(c))
            group.addButton(button)
            bar.addWidget(button)
            self.period_buttons[code] = button
        self.date_from = self._date("dateFrom")
        self.date_to = self._date("dateTo")
        bar.addSpacing(8)
        bar.addWidget(QLabel(self.tr("从"), self))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("至"), self))
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        self.refresh_button = self._button(self.refresh_action, "refreshButton")
        self.xlsx_button = self._button(self.xlsx_action, "xlsxButton")
        self.pdf_button = self._button(self.pdf_action, "pdfButton")
        self.error = ErrorLabel(self)

        self.cards = {
            "volume": FigureCard("cardVolume", self.tr("业务量（笔）"), self),
            "handling": FigureCard("cardHandling", self.tr("平均办理时长"), self),
            "applications": FigureCard("cardApplications", self.tr("业务办结按时率"), self),
            "work_orders": FigureCard("cardWorkOrders", self.tr("工单答复按时率"), self),
            "satisfaction": FigureCard("cardSatisfaction", self.tr("满意率"), self),
            "complaints": FigureCard("cardComplaints", self.tr("每万户投诉"), self),
        }
        self.card_grid = QGridLayout()
        self.card_grid.setSpacing(8)
        self._card_columns = 0
        self._place_cards(6)

        self.volume_chart = BarChart(
            "volumeChart", self.tr("各营业员业务量（笔）"), stacked=True, parent=self
        )
        self.rating_chart = BarChart(
            "ratingChart", self.tr("服务评价分布（次）"), stacked=False, parent=self, horizontal=True
        )
        charts = QHBoxLayout()
        charts.setSpacing(12)
        charts.addWidget(self.volume_chart, 3)
        charts.addWidget(self.rating_chart, 2)
        self.charts = charts

        self.volume_model = ReportModel(self)
        self.rating_model = ReportModel(self)
        self.volume_table = make_table(self, "volumeTable")
        self.volume_table.setModel(self.volume_model)
        self.rating_table = make_table(self, "ratingTable")
        self.rating_table.setModel(self.rating_model)
        for table in (self.volume_table, self.rating_table):
            table.setSortingEnabled(False)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("dashboardTabs")
        self.tabs.addTab(self.volume_table, self.tr("业务量与办理时长"))
        self.tabs.addTab(self.rating_table, self.tr("服务评价"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 12)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.subtitle, 1)
        for button in (self.refresh_button, self.xlsx_button, self.pdf_button):
            top.addWidget(button)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addLayout(self.card_grid)
        layout.addLayout(charts, 3)
        layout.addWidget(self.tabs, 2)
        self._update_actions()

    def _place_cards(self, columns: int) -> None:
        """The six cards in one row, or in two rows of three on a narrow window."""
        if columns == self._card_columns:
            return
        self._card_columns = columns
        for card in self.cards.values():
            self.card_grid.removeWidget(card)
        for i, card in enumerate(self.cards.values()):
            self.card_grid.addWidget(card, i // columns, i % columns)
        for i in range(6):
            self.card_grid.setColumnStretch(i, 1 if i < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 — Qt override
        super().resizeEvent(event)
        self._place_cards(6 if event.size().width() >= 1000 else 3)

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumWidth(120)
        edit.setDate(QDate.currentDate())
        edit.dateChanged.connect(lambda _d: self._custom_changed())
        return edit

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [self.refresh_action, self.xlsx_action, self.pdf_action]

    def focus_search(self) -> None:
        self.period_buttons[self.period].setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        self.timer.start()
        if self.current is None and not self.busy:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 — Qt override
        super().hideEvent(event)
        self.timer.stop()

    # ---- the period --------------------------------------------------------------------------------

    def _choose(self, code: str, load: bool = True) -> None:
        self.period = code
        self.period_buttons[code].setChecked(True)
        custom = code == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        if not custom:
            self._show_dates(*service.period_of(code, self.today()))
        else:
            self.date_from.setFocus()
        if load:
            self.refresh()

    def _show_dates(self, first: dt.date, last: dt.date) -> None:
        """The date boxes of 今日 / 本周 / 本月 (not a custom period's: those are the user's)."""
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            if edit.date() != QDate(day.year, day.month, day.day):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)

    def _custom_changed(self) -> None:
        if self.period == "custom":
            self.refresh()

    def dates(self) -> tuple[dt.date, dt.date]:
        if self.period != "custom":
            return service.period_of(self.period, self.today())  # 今日 after midnight is the new day
        a, b = self.date_from.date(), self.date_to.date()
        return dt.date(a.year(), a.month(), a.day()), dt.date(b.year(), b.month(), b.day())

    # ---- reading -----------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.statusMessage.emit(text)

    def _update_actions(self) -> None:
        has = self.current is not None
        self.refresh_action.setEnabled(not self.busy)
        self.xlsx_action.setEnabled(has and not self.busy)
        self.pdf_action.setEnabled(has and not self.busy)
        self.refresh_button.setEnabled(not self.busy)
        self.xlsx_button.setEnabled(has and not self.busy)
        self.pdf_button.setEnabled(has and not self.busy)

    def refresh(self) -> None:
        # Not refused while a read runs: a period chosen meanwhile must be read, not dropped
        # (the buttons would say 本月 over 今日's figures); the newer read makes the older stale.
        self.error.set_message("")
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        first, last = self.dates()
        if self.period != "custom":
            self._show_dates(first, last)  # the day may have changed since they were set
        self.busy = True
        self._generation += 1
        generation = self._generation
        self._update_actions()

        def always() -> None:
            self.busy = False
            self._update_actions()

        self.ctx.tasks.run(
            lambda: service.dashboard(db, actor, first, last),
            self.show_dashboard,
            failure=Failure(label=self.error, status=self._say, what="reading the dashboard"),
            always=always,
            stale=lambda: generation != self._generation,
        )

    def show_dashboard(self, d: Dashboard) -> None:
        self.current = d
        t = d.totals
        self.subtitle.setText(
            fill(
                self.tr("%1（%2）　%3　更新于 %4"),
                d.hall_name,
                d.node_code,
                d.period_text,
                d.generated_at.strftime("%H:%M:%S"),
            )
        )
        c = self.cards
        c["volume"].show_figure(
            f"{t.transactions:,}",
            fill(
                self.tr("收费 %1　受理 %2　工单 %3"),
                f"{t.payments:,}",
                f"{t.applications:,}",
                f"{t.work_orders:,}",
            ),
        )
        c["handling"].show_figure(
            service.minutes_text(t.avg_seconds),
            fill(self.tr("中位数 %1　计时 %2 笔"), service.minutes_text(t.median_seconds), f"{t.timed:,}"),
        )
        for key, promise in (("applications", d.applications), ("work_orders", d.work_orders)):
            c[key].show_figure(
                service.percent_text(promise.rate),
                fill(self.tr("按时 %1　超期 %2　未到期 %3"), promise.kept, promise.late, promise.pending),
            )
        c["satisfaction"].show_figure(
            service.percent_text(t.satisfied_rate),
            fill(self.tr("评价 %1　跳过 %2"), f"{t.rated:,}", f"{t.skipped:,}"),
        )
        rate = d.complaints_per_10k
        c["complaints"].show_figure(
            "—" if rate is None else f"{rate:.2f}",
            fill(self.tr("投诉 %1 件　客户 %2 户"), d.complaints, f"{d.customers:,}"),
        )
        names = [f.display_name for f in d.clerks]
        kinds = (
            (self.tr("收费"), [f.payments for f in d.clerks]),
            (self.tr("冲正"), [f.reversals for f in d.clerks]),
            (self.tr("退费"), [f.refunds for f in d.clerks]),
            (self.tr("业务受理"), [f.applications for f in d.clerks]),
            (self.tr("工单"), [f.work_orders for f in d.clerks]),
        )
        self.volume_chart.set_data(
            names,
            [(name, values, colour) for (name, values), colour in zip(kinds, KIND_COLOURS, strict=True)],
        )
        labels = [self.tr(label) for label in SCORE_LABELS.values()] + [self.tr("跳过")]
        counts = [t.ratings.get(s, 0) for s in SCORE_LABELS] + [t.skipped]
        self.rating_chart.set_data(labels, [(self.tr("次数"), counts, palette.PRIMARY)])
        _figures, volume, ratings = service.dashboard_tables(d)
        self.volume_model.show(volume)
        self.rating_model.show(ratings)
        fit_columns(self.volume_table)
        fit_columns(self.rating_table)
        self._update_actions()
        self._say(fill(self.tr("看板已更新：%1"), d.period_text))

    # ---- export ------------------------------------------------------------------------------------

    def export(self, kind: str) -> None:
        d = self.current
        if d is None or self.busy:
            return
        filters = self.tr("Excel 工作簿 (*.xlsx)") if kind == "xlsx" else self.tr("PDF 文件 (*.pdf)")
        stem = fill(self.tr("服务看板_%1"), d.period_text.replace(" 至 ", "_"))
        path = self.ctx.dialogs.save_file(self, self.tr("导出看板"), f"{stem}.{kind}", filters)
        if not path:
            return
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"

        def done(written: Path) -> None:
            self._say(fill(self.tr("已导出：%1"), str(written)))

        self.ctx.tasks.run(
            lambda: service.export_dashboard(d, path),
            done,
            failure=Failure(label=self.error, status=self._say, what="exporting the dashboard"),
        )
