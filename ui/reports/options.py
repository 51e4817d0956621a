"""The option bar of 报表: which report, the period (今天 / 本月 / 自定义), the grouping of the
collection summary, the arrears list's sort and thresholds, and the bill run to list."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.dto.reports import BillRunInfo
from ui.formatting import yuan
from ui.widgets import FormField, fit_combo_to_items

#: report code → label; the service names the same codes (app.services.reports.REPORTS)
REPORT_LABELS: tuple[tuple[str, str], ...] = (
    ("collection", "营业厅收费汇总"),
    ("arrears", "欠费清单（催费）"),
    ("adjustments", "退补清单"),
    ("reversals", "冲正清单"),
    ("refunds", "退费清单"),
    ("bill_run", "发行账单清单"),
)
PERIODS: tuple[tuple[str, str], ...] = (("today", "今天"), ("month", "本月"), ("custom", "自定义"))
GROUPS: tuple[tuple[str, str], ...] = (("day", "按日"), ("month", "按月"))
SORTS: tuple[tuple[str, str], ...] = (("amount", "按应缴金额"), ("age", "按逾期天数"))


@dataclass(frozen=True)
class Choice:
    """What the bar says to run."""

    report: str
    date_from: dt.date
    date_to: dt.date
    group_by: str
    sort: str
    min_due_text: str  # yuan as typed ("" = no threshold)
    min_age_days: int
    full_phones: bool
    run_id: uuid.UUID | None


def _to_date(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class OptionBar(QWidget):
    """``changed`` when the report or anything that changes which rows are shown is chosen."""

    reportChanged = Signal(str)

    def __init__(self, reports: list[str], may_reveal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportOptions")
        self.report = self._combo("reportChoice", [(c, label) for c, label in REPORT_LABELS if c in reports])
        self.period = self._combo("periodChoice", list(PERIODS))
        self.date_from = self._date("dateFrom")
        self.date_to = self._date("dateTo")
        self.from_field = FormField(self.date_from, self)
        self.to_field = FormField(self.date_to, self)
        self.group = self._combo("groupChoice", list(GROUPS))
        self.sort = self._combo("sortChoice", list(SORTS))
        self.min_due = QLineEdit(self)
        self.min_due.setObjectName("minDue")
        self.min_due.setPlaceholderText(self.tr("不限"))
        self.min_due.setMaximumWidth(110)
        self.min_due_field = FormField(self.min_due, self)
        self.min_age = QSpinBox(self)
        self.min_age.setObjectName("minAge")
        self.min_age.setRange(0, 3650)
        self.min_age.setValue(1)  # 催费: bills past their due date; 0 lists this month's too
        self.min_age.setSuffix(self.tr(" 天"))
        self.full_phones = QCheckBox(self.tr("显示完整电话"), self)
        self.full_phones.setObjectName("fullPhones")
        self.may_reveal = may_reveal  # customer.view_sensitive: a supervisor may ask for full phones
        self.run = self._combo("runChoice", [])
        self.run.setMinimumWidth(420)
        self.labels: dict[str, QLabel] = {}
        self._layout()
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.report.currentIndexChanged.connect(lambda _i: self._report_changed())
        self._period_changed()
        self._report_changed()

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for code, label in items:
            combo.addItem(self.tr(label), code)
        if items:
            fit_combo_to_items(combo, extra=48)
        return combo

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumWidth(130)
        edit.setDate(QDate.currentDate())
        return edit

    def _label(self, key: str, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        self.labels[key] = label
        return label

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        grid.addWidget(self._label("report", self.tr("报表类型(&L)"), self.report), 0, 0)
        grid.addWidget(self.report, 0, 1)
        grid.addWidget(self._label("period", self.tr("期间(&D)"), self.period), 0, 2)
        grid.addWidget(self.period, 0, 3)
        grid.addWidget(self._label("from", self.tr("从"), self.date_from), 0, 4)
        grid.addWidget(self.from_field, 0, 5)
        grid.addWidget(self._label("to", self.tr("至"), self.date_to), 0, 6)
        grid.addWidget(self.to_field, 0, 7)
        grid.addWidget(self._label("group", self.tr("汇总(&G)"), self.group), 0, 8)
        grid.addWidget(self.group, 0, 9)
        grid.setColumnStretch(10, 1)
        grid.addWidget(self._label("sort", self.tr("排序(&O)"), self.sort), 1, 0)
        grid.addWidget(self.sort, 1, 1)
        grid.addWidget(self._label("min_due", self.tr("应缴不少于(元)"), self.min_due), 1, 2)
        grid.addWidget(self.min_due_field, 1, 3)
        grid.addWidget(self._label("min_age", self.tr("逾期不少于"), self.min_age), 1, 4)
        grid.addWidget(self.min_age, 1, 5)
        grid.addWidget(self.full_phones, 1, 6, 1, 3)
        grid.addWidget(self._label("run", self.tr("发行批次(&N)"), self.run), 2, 0)
        grid.addWidget(self.run, 2, 1, 1, 7)

    # ---- state ---------------------------------------------------------------------------------

    def code(self) -> str:
        return str(self.report.currentData())

    def _period_changed(self) -> None:
        today = QDate.currentDate()
        which = self.period.currentData()
        if which == "today":
            self.date_from.setDate(today)
            self.date_to.setDate(today)
        elif which == "month":
            self.date_from.setDate(QDate(today.year(), today.month(), 1))
            self.date_to.setDate(today)
        custom = which == "custom"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)

    def _report_changed(self) -> None:
        code = self.code()
        dated = code not in ("arrears", "bill_run")
        for key, widget in (("period", self.period), ("from", self.from_field), ("to", self.to_field)):
            widget.setVisible(dated)
            self.labels[key].setVisible(dated)
        self.group.setVisible(code == "collection")
        self.labels["group"].setVisible(code == "collection")
        arrears = code == "arrears"
        for key, widget in (("sort", self.sort), ("min_due", self.min_due_field), ("min_age", self.min_age)):
            widget.setVisible(arrears)
            self.labels[key].setVisible(arrears)
        self.full_phones.setVisible(arrears and self.may_reveal)
        self.run.setVisible(code == "bill_run")
        self.labels["run"].setVisible(code == "bill_run")
        self.reportChanged.emit(code)

    def set_runs(self, runs: list[BillRunInfo]) -> None:
        current = self.run.currentData()
        self.run.clear()
        for r in runs:
            kind = self.tr("电费发行") if r.op_type == "ComputeBills" else self.tr("账单导入")
            self.run.addItem(
                f"{r.occurred_at:%Y-%m-%d %H:%M}  {kind}  {r.periods}  "
                f"{r.count} {self.tr('张')}  {yuan(r.total_fen)}  {r.actor}",
                r.op_id,
            )
        if current is not None:
            index = self.run.findData(current)
            if index >= 0:
                self.run.setCurrentIndex(index)

    def choice(self) -> Choice:
        run = self.run.currentData()
        return Choice(
            report=self.code(),
            date_from=_to_date(self.date_from.date()),
            date_to=_to_date(self.date_to.date()),
            group_by=str(self.group.currentData()),
            sort=str(self.sort.currentData()),
            min_due_text=self.min_due.text().strip(),
            min_age_days=self.min_age.value(),
            full_phones=self.may_reveal and self.full_phones.isChecked(),
            run_id=run if isinstance(run, uuid.UUID) else None,
        )

    def fields(self) -> dict[str, FormField]:
        return {"date_from": self.from_field, "date_to": self.to_field, "min_due_fen": self.min_due_field}
