"""时段表: a time-of-use version's period tables edited as tables, not JSON.

A season (季节) is a set of months with a day table of bands (start–end HH:MM, a period that has
a price); the holiday table (节假日时段) cuts its bands into the day on public holidays. Keys,
the same in every table: Ins adds a row (a band is split in two at its middle, so the day stays
covered), Del removes one (a season's band is merged into the band before it), F2 / Enter or
just typing edits a cell, Enter confirms, Tab moves to the next cell.

Checks are the domain's (``app.domain.tariffs.tou_checks.tou_schedule_errors``: whole-day cover, no
overlap, every month in exactly one season, periods with a price); each message is shown under
the table it concerns and on the offending row (red, with a tooltip).

This module holds the editor widget (:class:`ScheduleEditor`); its parts live beside it:
``schedule_text`` (cells as text), ``schedule_models`` (the table models), ``schedule_tables``
(delegates and the keyboard table), ``schedule_messages`` (which message goes where).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import ValidationError
from app.domain.tariffs.terms import PERIODS
from app.domain.tariffs.tou_checks import tou_schedule_errors
from ui.billing_admin.schedule_messages import hidden_errors, row_lines, sort_messages
from ui.billing_admin.schedule_models import BandColumn, BandsModel, SeasonColumn, SeasonsModel
from ui.billing_admin.schedule_tables import (
    CellDelegate,
    EditTable,
    PeriodDelegate,
    TimeDelegate,
    small_button,
)
from ui.billing_admin.schedule_text import band_row, months_text, time_problem, tr
from ui.billing_admin.tariff_day import DayStrip
from ui.i18n import fill
from ui.widgets import ErrorLabel, muted


class ScheduleEditor(QWidget):
    """Seasons (left, top), the selected season's bands (right) with its day drawn under them,
    and the holiday bands (left, bottom). ``load(data)`` / ``write(data)`` move a version dict in
    and out; ``show_errors`` puts the domain's messages in place."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleEditor")
        self.code = ""
        self._data: dict[str, Any] = {}
        self._seasons: list[dict[str, Any]] = []
        self._holiday: list[dict[str, str]] = []
        self._periods: list[str] = list(PERIODS)
        self._live = False  # after a failed check, every edit checks again
        self._band_messages: dict[int, dict[int | None, list[str]]] = {}
        #: the tables as first loaded: Esc asks before it throws away changes to them
        self._first: tuple[str, str] | None = None

        self._build_seasons()
        self._build_band_tables()
        self._build_buttons()
        self._connect()
        self._build_layout()

    # ---- building ---------------------------------------------------------------------------------

    def _build_seasons(self) -> None:
        """The seasons table (name, months) and the message under it."""
        self.seasons_model = SeasonsModel(self)
        self.seasons_table = EditTable(self, "seasonsTable")
        self.seasons_table.setModel(self.seasons_model)
        self.seasons_table.setItemDelegate(CellDelegate(self.seasons_table))
        self.seasons_table.setColumnWidth(SeasonColumn.NAME, 150)
        self.season_error = ErrorLabel(self)
        self.season_error.setObjectName("seasonError")

    def _build_band_tables(self) -> None:
        """The selected season's bands and the holiday bands, their messages, and the day strips."""
        self.bands_model = BandsModel(self, whole_day=True)
        self.bands_table = EditTable(self, "bandsTable")
        self.bands_table.setModel(self.bands_model)
        self.holiday_model = BandsModel(self, whole_day=False)
        self.holiday_table = EditTable(self, "holidayTable")
        self.holiday_table.setModel(self.holiday_model)
        for table in (self.bands_table, self.holiday_table):
            table.setItemDelegateForColumn(BandColumn.FROM, TimeDelegate(table))
            table.setItemDelegateForColumn(BandColumn.TO, TimeDelegate(table))
            table.setItemDelegateForColumn(BandColumn.PERIOD, PeriodDelegate(lambda: self._periods, table))
            table.setColumnWidth(BandColumn.FROM, 90)
            table.setColumnWidth(BandColumn.TO, 90)
        self.bands_error = ErrorLabel(self)
        self.bands_error.setObjectName("bandsError")
        self.holiday_error = ErrorLabel(self)
        self.holiday_error.setObjectName("holidayError")
        self.bands_title = QLabel(self)
        self.bands_title.setObjectName("bandsTitle")
        self.bands_title.setStyleSheet("font-weight: bold;")
        self.strip = DayStrip(self)
        self.holiday_strip = DayStrip(self)
        self.holiday_strip.setObjectName("holidayStrip")
        self.holiday_strip_label = muted(tr("法定节假日（此季节）"), self)

    def _build_buttons(self) -> None:
        """Ins / Del under each table, for the mouse (the keys work in the tables themselves)."""
        self.buttons: dict[str, QPushButton] = {
            "add_season": small_button(tr("添加季节 (Ins)"), "addSeasonButton", self,
                                       tr("在季节表中按 Ins：复制当前季节的时段，再填写月份")),
            "remove_season": small_button(tr("删除季节 (Del)"), "removeSeasonButton", self,
                                          tr("在季节表中按 Del")),
            "add_band": small_button(tr("添加时段 (Ins)"), "addBandButton", self,
                                     tr("在时段表中按 Ins：把当前时段从中间拆成两段")),
            "remove_band": small_button(tr("删除时段 (Del)"), "removeBandButton", self,
                                        tr("在时段表中按 Del：时间并入上一段")),
            "add_holiday": small_button(tr("添加 (Ins)"), "addHolidayButton", self, tr("在节假日表中按 Ins")),
            "remove_holiday": small_button(tr("删除 (Del)"), "removeHolidayButton", self, tr("在节假日表中按 Del")),
        }

    def _connect(self) -> None:
        """Buttons and Ins / Del to the row actions; a new current season or an edit redraws."""
        self.buttons["add_season"].clicked.connect(self.add_season)
        self.buttons["remove_season"].clicked.connect(self.remove_season)
        self.buttons["add_band"].clicked.connect(self.add_band)
        self.buttons["remove_band"].clicked.connect(self.remove_band)
        self.buttons["add_holiday"].clicked.connect(self.add_holiday)
        self.buttons["remove_holiday"].clicked.connect(self.remove_holiday)
        self.seasons_table.insertRequested.connect(self.add_season)
        self.seasons_table.removeRequested.connect(self.remove_season)
        self.bands_table.insertRequested.connect(self.add_band)
        self.bands_table.removeRequested.connect(self.remove_band)
        self.holiday_table.insertRequested.connect(self.add_holiday)
        self.holiday_table.removeRequested.connect(self.remove_holiday)
        self.seasons_table.selectionModel().currentRowChanged.connect(lambda *_: self._bind_season())
        for model in (self.seasons_model, self.bands_model, self.holiday_model):
            model.edited.connect(self._edited)

    def _bar(self, *keys: str) -> QHBoxLayout:
        box = QHBoxLayout()
        box.setSpacing(6)
        for key in keys:
            box.addWidget(self.buttons[key])
        box.addStretch(1)
        return box

    def _title(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet("font-weight: bold;")
        return label

    def _left_column(self) -> QVBoxLayout:
        """Seasons above, holiday bands below."""
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(self._title(tr("季节（月份组）")))
        left.addWidget(self.seasons_table, 3)
        left.addLayout(self._bar("add_season", "remove_season"))
        left.addWidget(self.season_error)
        left.addSpacing(8)
        left.addWidget(self._title(tr("节假日时段（法定节假日覆盖当日时段，可为空）")))
        left.addWidget(self.holiday_table, 2)
        left.addLayout(self._bar("add_holiday", "remove_holiday"))
        left.addWidget(self.holiday_error)
        return left

    def _right_column(self) -> QVBoxLayout:
        """The selected season's bands, its day strip, and the same day on a holiday."""
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.bands_title)
        right.addWidget(self.bands_table, 1)
        right.addLayout(self._bar("add_band", "remove_band"))
        right.addWidget(self.bands_error)
        right.addWidget(self.strip)
        right.addWidget(self.holiday_strip_label)
        right.addWidget(self.holiday_strip)
        return right

    def _build_layout(self) -> None:
        """The hint on top, then the two columns side by side."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.addLayout(self._left_column(), 0, 0)
        grid.addLayout(self._right_column(), 0, 1)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 8, 4, 4)
        layout.setSpacing(8)
        layout.addWidget(muted(tr("每个季节是一组月份和一张覆盖 00:00–24:00 的时段表，每个月恰好属于一个季节；"
                                  "节假日时段在法定节假日覆盖当日的时段。表格中 Ins 添加（拆分）一行、Del 删除一行，"
                                  "Enter / F2 或直接输入修改，Tab 到下一张表。"), self))
        layout.addLayout(grid, 1)
        self.setTabOrder(self.seasons_table, self.bands_table)
        self.setTabOrder(self.bands_table, self.holiday_table)

    # ---- data in and out ------------------------------------------------------------------------

    def load(self, data: Mapping[str, Any]) -> None:
        """Take the tables of a version dict. A shape the tables cannot show (schedules not a
        list, a band not an object) is a ValidationError for the JSON tab to report."""
        schedules = data.get("schedules", [])
        holiday = data.get("holiday_periods", [])
        if not isinstance(schedules, list) or not isinstance(holiday, list):
            raise ValidationError("schedules", tr("时段表（schedules、holiday_periods）应为列表"))
        seasons: list[dict[str, Any]] = []
        for raw in schedules:
            if not isinstance(raw, Mapping):
                raise ValidationError("schedules", tr("每个季节应为 {\"name\", \"months\", \"periods\"} 对象"))
            months = raw.get("months", [])
            periods = raw.get("periods", [])
            if not isinstance(months, list) or not isinstance(periods, list):
                raise ValidationError("schedules", tr("季节的 months、periods 应为列表"))
            seasons.append({"name": str(raw.get("name") or ""), "months": list(months),
                            "periods": [band_row(b) for b in periods]})
        self._data = copy.deepcopy(dict(data))
        self.code = str(data.get("code") or "")
        prices = data.get("prices")
        self._periods = [p for p in PERIODS if isinstance(prices, Mapping) and p in prices]
        self._seasons = seasons
        self._holiday = [band_row(b) for b in holiday]
        for model in (self.bands_model, self.holiday_model):
            model.periods = self._periods
        current = max(self.seasons_table.currentIndex().row(), 0)
        self.seasons_model.set_seasons(self._seasons)
        self.holiday_model.set_rows(self._holiday)
        self._band_messages = {}
        self._live = False
        if self._first is None:
            self._first = self._tables()
        self._show_messages([], focus=False)
        self.seasons_table.go_to(min(current, len(self._seasons) - 1))
        self._bind_season()
        if self._bad_times():
            self.check(focus=False)

    def write(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """``data`` with the tables written in (holiday_periods left out when empty)."""
        out = copy.deepcopy(dict(data))
        out["schedules"] = [{"name": s["name"], "months": list(s["months"]),
                             "periods": [dict(b) for b in s["periods"]]} for s in self._seasons]
        if self._holiday:
            out["holiday_periods"] = [dict(b) for b in self._holiday]
        else:
            out.pop("holiday_periods", None)
        return out

    def periods(self) -> list[str]:
        return list(self._periods)

    def commit_editing(self) -> None:
        for table in (self.seasons_table, self.bands_table, self.holiday_table):
            table.commit_editing()

    def current_season(self) -> int:
        return self.seasons_table.currentIndex().row()

    def select_season(self, row: int) -> None:
        self.seasons_table.go_to(row)

    # ---- rows -------------------------------------------------------------------------------------

    def add_season(self) -> None:
        row = self.seasons_model.insert_season(self.current_season())
        self.seasons_table.go_to(row, SeasonColumn.MONTHS)
        self.seasons_table.setFocus()

    def remove_season(self) -> None:
        row = self.current_season()
        if row < 0:
            return
        self.seasons_model.remove_season(row)
        self.seasons_table.go_to(min(row, self.seasons_model.rowCount() - 1))
        self._bind_season()
        self.seasons_table.setFocus()

    def add_band(self) -> None:
        if self.current_season() < 0:
            return
        row = self.bands_model.insert_band(self.bands_table.currentIndex().row())
        self.bands_table.go_to(row, BandColumn.FROM)
        self.bands_table.setFocus()

    def remove_band(self) -> None:
        row = self.bands_table.currentIndex().row()
        self.bands_model.remove_band(row)
        self.bands_table.go_to(min(row, self.bands_model.rowCount() - 1), BandColumn.FROM)
        self.bands_table.setFocus()

    def add_holiday(self) -> None:
        row = self.holiday_model.insert_band(self.holiday_table.currentIndex().row())
        self.holiday_table.go_to(row, BandColumn.FROM)
        self.holiday_table.setFocus()

    def remove_holiday(self) -> None:
        row = self.holiday_table.currentIndex().row()
        self.holiday_model.remove_band(row)
        self.holiday_table.go_to(min(row, self.holiday_model.rowCount() - 1), BandColumn.FROM)
        self.holiday_table.setFocus()

    def _bind_season(self) -> None:
        row = self.current_season()
        if 0 <= row < len(self._seasons):
            season = self._seasons[row]
            if self.bands_model.rows() is not season["periods"]:
                self.bands_model.set_rows(season["periods"])
            self.bands_title.setText(fill(tr("「%1」的时段（%2）"), season["name"] or tr("未命名"), fill(tr("%1 月"), months_text(season["months"]) or "—")))
            self.bands_table.setEnabled(True)
        else:
            self.bands_model.set_rows([])
            self.bands_title.setText(tr("时段（请先添加季节）"))
            self.bands_table.setEnabled(False)
        self._show_band_messages(row)
        self._draw()

    def _draw(self) -> None:
        bands = self.bands_model.time_bands()
        self.strip.set_bands(bands)
        holiday = self.holiday_model.time_bands()
        self.holiday_strip.set_bands([*bands, *holiday])
        self.holiday_strip.setVisible(bool(holiday))
        self.holiday_strip_label.setVisible(bool(holiday))

    def _edited(self) -> None:
        self._bind_season() if self.sender() is self.seasons_model else self._draw()
        if self._live or self._bad_times():
            self.check(focus=False)  # a time the tables cannot take is explained at once
        self.edited.emit()

    # ---- leaving ----------------------------------------------------------------------------------

    def _tables(self) -> tuple[str, str]:
        return repr([(s["name"], list(s["months"]), [dict(b) for b in s["periods"]]) for s in self._seasons]), \
            repr([dict(b) for b in self._holiday])

    def changed(self) -> bool:
        """Whether the tables differ from what was loaded first (what Esc would throw away)."""
        self.commit_editing()
        return self._first is not None and self._tables() != self._first

    def may_discard(self) -> bool:
        """True when closing may throw the tables' changes away: nothing changed, or the
        administrator said so (through the dialogs seam of the window's context)."""
        if not self.changed():
            return True
        dialogs = getattr(getattr(self.window(), "ctx", None), "dialogs", None)
        if dialogs is None:
            return True
        return bool(dialogs.confirm(self.window(), tr("放弃修改"),
                                    tr("时段表已修改，尚未保存。\n放弃这些修改并关闭吗？")))

    # ---- errors -----------------------------------------------------------------------------------

    def errors(self) -> list[ValidationError]:
        """The domain's checks on the tables as they stand (prices from the loaded version),
        and what they leave out behind a row they cannot read (see ``schedule_messages.hidden_errors``)."""
        return self._with_hidden(tou_schedule_errors(self.write(self._data)))

    def _bad_times(self) -> bool:
        return any(time_problem(b[key]) for rows in [*(s["periods"] for s in self._seasons), self._holiday]
                   for b in rows for key in ("from", "to"))

    def _with_hidden(self, errors: Sequence[ValidationError]) -> list[ValidationError]:
        out = list(errors)
        seen = {(e.field, e.message) for e in out}
        hidden = hidden_errors(self.code, self._seasons, self._holiday, self._periods)
        out += [e for e in hidden if (e.field, e.message) not in seen]
        return out

    def check(self, *, focus: bool = True) -> bool:
        """Run the checks and show the result; True when the tables are fine."""
        errors = self.errors()
        self._show_messages(errors, focus=focus)
        return not errors

    def show_errors(self, errors: Sequence[ValidationError]) -> list[ValidationError]:
        """Show the messages about the tables; returns the ones that are about something else."""
        return self._show_messages(self._with_hidden(errors), focus=True)

    def clear_errors(self) -> None:
        self._live = False
        self._show_messages([], focus=False)

    def _show_messages(self, errors: Sequence[ValidationError], *, focus: bool) -> list[ValidationError]:
        placed = sort_messages(errors, self.code, self._seasons, self._holiday)
        if len(placed.others) < len(errors):
            self._live = True
        self._band_messages = placed.bands
        self._show_season_messages(placed.season_rows, placed.season_table, placed.bands)
        self.holiday_model.set_errors({row: "；".join(texts) for row, texts in placed.holiday_rows.items()})
        self.holiday_error.set_message("\n".join(placed.holiday_table + row_lines(placed.holiday_rows)))
        if focus and placed.bands and self.current_season() not in placed.bands:
            self.select_season(min(placed.bands))  # show the first season whose bands are wrong
        self._show_band_messages(self.current_season())
        if focus:
            self._focus_first_error(placed.season_rows, placed.season_table, placed.holiday_rows,
                                    placed.holiday_table)
        return placed.others

    def _show_season_messages(self, season_rows: dict[int, list[str]], season_table: list[str],
                              bands: dict[int, dict[int | None, list[str]]]) -> None:
        """Seasons: their own messages, and a mark on a season whose bands are wrong."""
        marks = {row: "；".join(texts) for row, texts in season_rows.items()}
        for row in bands:
            marks.setdefault(row, tr("此季节的时段表有误"))
        self.seasons_model.set_errors(marks)
        lines = season_table + [fill(tr("第 %1 行（%2）：%3"), str(row + 1), self._season_name(row), "；".join(texts))
                                for row, texts in sorted(season_rows.items())]
        # Every error at once: another season's band errors are listed here in full.
        for row in sorted(bands):
            if row == self.current_season():
                continue
            messages = bands[row]
            details = list(messages.get(None, [])) + row_lines(messages)
            lines.append(fill(tr("「%1」的时段表：%2"), self._season_name(row), "；".join(details)))
        self.season_error.set_message("\n".join(lines))

    def _focus_first_error(self, season_rows: dict[int, list[str]], season_table: list[str],
                           holiday_rows: dict[int, list[str]], holiday_table: list[str]) -> None:
        """Put the cursor on the first wrong row: the current season's bands, else the seasons,
        else the holiday table."""
        if self.current_season() in self._band_messages:
            rows = [r for r in self._band_messages[self.current_season()] if r is not None]
            self.bands_table.go_to(min(rows) if rows else max(self.bands_table.currentIndex().row(), 0))
            self.bands_table.setFocus()
        elif season_rows or season_table:
            self.seasons_table.go_to(min(season_rows) if season_rows else 0, SeasonColumn.MONTHS)
            self.seasons_table.setFocus()
        elif holiday_rows or holiday_table:
            self.holiday_table.go_to(min(holiday_rows) if holiday_rows else 0)
            self.holiday_table.setFocus()

    def _season_name(self, row: int) -> str:
        if 0 <= row < len(self._seasons):
            return self._seasons[row]["name"] or fill(tr("季节%1"), str(row + 1))
        return fill(tr("季节%1"), str(row + 1))

    def _show_band_messages(self, season: int) -> None:
        messages = self._band_messages.get(season, {})
        self.bands_model.set_errors({row: "；".join(texts) for row, texts in messages.items() if row is not None})
        self.bands_error.set_message("\n".join(list(messages.get(None, [])) + row_lines(messages)))

    def has_errors(self) -> bool:
        """Whether any message is on show (a table's or a row's)."""
        return bool(self._band_messages) or any(
            label.text() for label in (self.season_error, self.bands_error, self.holiday_error)) or any(
            model.error_at(r) for model in (self.seasons_model, self.holiday_model) for r in range(model.rowCount()))

    def band_error(self, row: int) -> str:
        """The message on a band row of the selected season ("" when fine)."""
        return self.bands_model.error_at(row)
