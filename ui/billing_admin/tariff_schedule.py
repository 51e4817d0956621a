"""时段表: a time-of-use version's period tables edited as tables, not JSON.

A season (季节) is a set of months with a day table of bands (start–end HH:MM, a period that has
a price); the holiday table (节假日时段) cuts its bands into the day on public holidays. Keys,
the same in every table: Ins adds a row (a band is split in two at its middle, so the day stays
covered), Del removes one (a season's band is merged into the band before it), F2 / Enter or
just typing edits a cell, Enter confirms, Tab moves to the next cell.

Checks are the domain's (``app.domain.tariffs.tou_schedule_errors``: whole-day cover, no
overlap, every month in exactly one season, periods with a price); each message is shown under
the table it concerns and on the offending row (red, with a tooltip).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainter, QPen, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import Message, ValidationError
from app.domain.tariffs import PERIODS, TimeBand, band_overlaps, tou_schedule_errors
from ui import palette
from ui.billing_admin.tariff_day import DayStrip, period_color, period_name
from ui.billing_admin.tariff_view import PATH_TEMPLATE, short_message
from ui.i18n import fill
from ui.widgets import ErrorLabel, muted

_Index = QModelIndex | QPersistentModelIndex
_DAY = 24 * 60
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ERROR_BACKGROUND = QColor(palette.ERROR_CELL)
_ERROR_TEXT = QColor(palette.ERROR)
_ERROR_WASH = QColor(palette.ERROR)
_ERROR_WASH.setAlpha(56)  # translucent over a cell qt-material painted
_TIME = re.compile(r"\s*(\d{1,2})(?:[:：.]?(\d{2}))?\s*")
_MONTH_SPLIT = re.compile(r"[,，、;；\s]+")
_MONTH_RANGE = re.compile(r"(\d{1,2})\s*(?:[-–—~～至到]\s*(\d{1,2}))?")


def tr(text: str) -> str:
    return QCoreApplication.translate("TariffSchedule", text)


# ---- text <-> values ---------------------------------------------------------------------------


def normalise_time(text: str) -> str | None:
    """"8" / "800" / "0800" / "8:00" → "08:00"; "24:00" is the end of the day; None if not a time."""
    match = _TIME.fullmatch(text or "")
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if minute >= 60 or hour * 60 + minute > _DAY:
        return None
    return f"{hour:02d}:{minute:02d}"


def time_problem(text: str) -> str:
    """Why ``text`` is not a time of day ("" when it is one): the message next to the cell."""
    if normalise_time(text) is not None:
        return ""
    match = _TIME.fullmatch(text or "")
    if match is None:
        return fill(tr("时刻格式应为 HH:MM，如 08:00（输入的是“%1”）"), (text or "").strip())
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    shown = f"{hour:02d}:{minute:02d}"
    if minute >= 60:
        return fill(tr("分钟须在 00–59（输入的是 %1）"), shown)
    return fill(tr("时刻须在 00:00–24:00（输入的是 %1）"), shown)


def stored_time(text: str) -> str:
    """What a time cell keeps: "08:00" for a time, else the entry as typed (25:00, 8:75 …), so
    the checks can name it and nothing the administrator typed silently reverts."""
    normal = normalise_time(text)
    if normal is not None:
        return normal
    match = _TIME.fullmatch(text or "")
    if match is None:
        return (text or "").strip()
    return f"{int(match.group(1)):02d}:{int(match.group(2) or 0):02d}"


def _minutes(text: str) -> int | None:
    value = normalise_time(text)
    if value is None:
        return None
    hh, mm = value.split(":")
    return int(hh) * 60 + int(mm)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_months(text: str) -> list[int] | None:
    """"7、8" / "7,8" / "2-6, 9–11" → the months in the order written; None when not numbers.
    Whether they are 1–12 and appear once is the domain's check."""
    months: list[int] = []
    for token in _MONTH_SPLIT.split((text or "").strip()):
        if not token:
            continue
        match = _MONTH_RANGE.fullmatch(token)
        if match is None:
            return None
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if last < first:
            return None
        months.extend(range(first, last + 1))
    return months


def months_text(months: Sequence[Any]) -> str:
    """[2, 3, 4, 5, 6, 9, 10, 11] → "2–6、9–11" (runs of three or more are ranges)."""
    values = [m for m in months if isinstance(m, int) and not isinstance(m, bool)]
    if len(values) != len(months):
        return "、".join(str(m) for m in months)
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{values[i]}–{values[j]}")
        else:
            out.extend(str(v) for v in values[i:j + 1])
        i = j + 1
    return "、".join(out)


def _band_row(raw: object) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ValidationError("schedules", tr("时段应为 {\"from\", \"to\", \"period\"} 对象"))
    return {key: "" if raw.get(key) is None else str(raw.get(key)) for key in ("from", "to", "period")}


def split_point(start: int, end: int) -> int | None:
    """Where Ins splits the band start–end (end ≤ start wraps past midnight): its middle,
    on the half hour when the band is long enough; None for a one-minute band."""
    length = (end - start) % _DAY or _DAY
    if length < 2:
        return None
    middle = length // 2
    if length >= 60:
        middle = max(30, (middle // 30) * 30)
    return (start + middle) % _DAY


# ---- models -------------------------------------------------------------------------------------


class ScheduleRoles(IntEnum):
    ERROR = Qt.ItemDataRole.UserRole + 1  # the row's message, "" when fine
    PERIOD = Qt.ItemDataRole.UserRole + 2  # a band's period key ("peak")


class BandColumn(IntEnum):
    FROM = 0
    TO = 1
    PERIOD = 2


class SeasonColumn(IntEnum):
    NAME = 0
    MONTHS = 1


class _EditableBase(QAbstractTableModel):
    headers: list[str] = []
    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._errors: dict[int, str] = {}

    def _count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count()

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemNeverHasChildren)

    def set_errors(self, errors: Mapping[int, str]) -> None:
        self._errors = dict(errors)
        if self._count():
            self.dataChanged.emit(self.index(0, 0), self.index(self._count() - 1, len(self.headers) - 1))

    def error_at(self, row: int) -> str:
        return self._errors.get(row, "")

    def _common(self, row: int, role: int) -> Any:
        error = self._errors.get(row, "")
        if role == ScheduleRoles.ERROR:
            return error
        if error and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(_ERROR_BACKGROUND)
        if error and role == Qt.ItemDataRole.ToolTipRole:
            return error
        return None


class BandsModel(_EditableBase):
    """The bands of one table as editable rows {"from", "to", "period"} (text as in the JSON).

    The rows list is the caller's (a season's ``periods``): edits land in it directly."""

    def __init__(self, parent: QObject | None = None, *, whole_day: bool = True) -> None:
        super().__init__(parent)
        self.whole_day = whole_day
        self.headers = [tr("起始"), tr("结束"), tr("时段")]
        self._rows: list[dict[str, str]] = []
        self.periods: list[str] = list(PERIODS)  # those with a price: what a new band may use

    def set_rows(self, rows: list[dict[str, str]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._errors = {}
        self.endResetModel()

    def rows(self) -> list[dict[str, str]]:
        return self._rows

    def _count(self) -> int:
        return len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        band = self._rows[index.row()]
        column = index.column()
        common = self._common(index.row(), role)
        if common is not None or role == ScheduleRoles.ERROR:
            return common
        key = ("from", "to", "period")[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return period_name(band["period"]) if column == BandColumn.PERIOD else band[key]
        if role == Qt.ItemDataRole.EditRole:
            return band[key]
        if role == ScheduleRoles.PERIOD:
            return band["period"]
        if role == Qt.ItemDataRole.DecorationRole and column == BandColumn.PERIOD:
            return period_color(band["period"])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _CENTER if column != BandColumn.PERIOD else None
        if role == Qt.ItemDataRole.ForegroundRole and self._errors.get(index.row()):
            return QBrush(_ERROR_TEXT)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not 0 <= index.row() < len(self._rows):
            return False
        column = index.column()
        text = "" if value is None else str(value)
        if column == BandColumn.PERIOD:
            if text not in PERIODS:
                return False
            new = text
        else:
            # A time outside 00:00–24:00 is kept as typed and marked (the checks, run at once,
            # say why next to the table): refusing it silently put the old value back.
            new = stored_time(text)
            if not new:
                return False
        key = ("from", "to", "period")[column]
        if self._rows[index.row()][key] == new:
            return True
        self._rows[index.row()][key] = new
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def insert_band(self, row: int) -> int:
        """A new band after ``row``: the band split at its middle (a table stays covered), or a
        whole-day band (a season) / 11:00–15:00 of the cheapest period (holidays) when empty.
        Returns the new row."""
        if not self._rows:
            period = self.periods[-1] if self.periods else "valley"
            new = {"from": "00:00", "to": "24:00", "period": period} if self.whole_day else \
                {"from": "11:00", "to": "15:00", "period": period}
            at = 0
        else:
            row = min(max(row, 0), len(self._rows) - 1)
            band = self._rows[row]
            start, end = _minutes(band["from"]), _minutes(band["to"])
            point = split_point(start, end % _DAY) if start is not None and end is not None else None
            if point is None:
                # Nothing sensible to split: an empty band after it for the admin to fill in.
                new = {"from": band["to"], "to": band["to"], "period": band["period"]}
            else:
                new = {"from": _hhmm(point), "to": band["to"], "period": band["period"]}
                band["to"] = _hhmm(point)
            at = row + 1
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, new)
        self._errors = {}
        self.endInsertRows()
        if at:
            self.dataChanged.emit(self.index(at - 1, 0), self.index(at - 1, 2))
        self.edited.emit()
        return at

    def remove_band(self, row: int) -> None:
        """Remove ``row``; in a season's table the band before it takes over its time."""
        if not 0 <= row < len(self._rows):
            return
        removed = self._rows[row]
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._errors = {}
        self.endRemoveRows()
        if self.whole_day and self._rows:
            previous = self._rows[row - 1] if row > 0 else None
            if previous is not None and previous["to"] == removed["from"]:
                previous["to"] = removed["to"]
                self.dataChanged.emit(self.index(row - 1, 0), self.index(row - 1, 2))
            elif row == 0 and self._rows[0]["from"] == removed["to"]:
                self._rows[0]["from"] = removed["from"]
                self.dataChanged.emit(self.index(0, 0), self.index(0, 2))
        self.edited.emit()

    def time_bands(self) -> list[TimeBand]:
        """The rows that parse, for drawing (the checks report the others)."""
        out: list[TimeBand] = []
        for i, raw in enumerate(self._rows):
            try:
                out.append(TimeBand.from_dict(raw, f"periods[{i}]"))
            except ValidationError:
                continue
        return out


class SeasonsModel(_EditableBase):
    """Seasons {"name", "months": [int], "periods": [band rows]}; name and months editable."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = [tr("季节"), tr("月份")]
        self._seasons: list[dict[str, Any]] = []

    def set_seasons(self, seasons: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._seasons = seasons
        self._errors = {}
        self.endResetModel()

    def seasons(self) -> list[dict[str, Any]]:
        return self._seasons

    def _count(self) -> int:
        return len(self._seasons)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._seasons):
            return None
        season = self._seasons[index.row()]
        column = index.column()
        common = self._common(index.row(), role)
        if common is not None or role == ScheduleRoles.ERROR:
            return common
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            if column == SeasonColumn.NAME:
                return season["name"]
            text = months_text(season["months"])
            return text if role == Qt.ItemDataRole.EditRole or not text else fill(tr("%1 月"), text)
        if role == Qt.ItemDataRole.ForegroundRole and self._errors.get(index.row()):
            return QBrush(_ERROR_TEXT)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not 0 <= index.row() < len(self._seasons):
            return False
        season = self._seasons[index.row()]
        text = "" if value is None else str(value).strip()
        if index.column() == SeasonColumn.NAME:
            if season["name"] == text:
                return True
            season["name"] = text
        else:
            months = parse_months(text)
            if months is None:
                self._errors[index.row()] = tr("月份请写成数字，如 7、8 或 2-6、9-11")
                self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 1))
                return False
            if season["months"] == months:
                return True
            season["months"] = months
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def insert_season(self, row: int) -> int:
        """A new season after ``row`` with a copy of that season's bands and no months yet."""
        at = min(max(row + 1, 0), len(self._seasons))
        bands = copy.deepcopy(self._seasons[row]["periods"]) if 0 <= row < len(self._seasons) else []
        self.beginInsertRows(QModelIndex(), at, at)
        self._seasons.insert(at, {"name": tr("新季节"), "months": [], "periods": bands})
        self._errors = {}
        self.endInsertRows()
        self.edited.emit()
        return at

    def remove_season(self, row: int) -> None:
        if not 0 <= row < len(self._seasons):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._seasons[row]
        self._errors = {}
        self.endRemoveRows()
        self.edited.emit()


# ---- delegates and the table --------------------------------------------------------------------


class _Delegate(QStyledItemDelegate):
    """Enter confirms at once: Qt's own delegate commits on the next turn of the event loop, so
    Ctrl+S right after Enter (or a tab switch) would read the old value and then commit twice."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        if index.data(ScheduleRoles.ERROR):
            # qt-material paints item backgrounds itself, so the model's BackgroundRole is not
            # enough: a translucent red over the cell and a red underline mark the row.
            painter.save()
            painter.fillRect(option.rect, _ERROR_WASH)
            painter.setPen(QPen(_ERROR_TEXT, 2))
            painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
            painter.restore()

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(editor, QWidget)
                and not (isinstance(editor, QComboBox) and editor.view().isVisible())):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


class TimeDelegate(_Delegate):
    """HH:MM in a line edit; "8", "800" and "8:00" are accepted and written as 08:00."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        edit = QLineEdit(parent)
        edit.setObjectName("bandTimeEditor")
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,2}[:：.]?\d{0,2}"), edit))
        edit.setMaxLength(5)
        return edit


class PeriodDelegate(_Delegate):
    """A combo box of the periods that have a price (↑↓ to choose, Enter to confirm)."""

    def __init__(self, periods: Callable[[], list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.periods = periods

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("bandPeriodEditor")
        for key in self.periods():
            combo.addItem(period_name(key), key)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        key = index.data(ScheduleRoles.PERIOD)
        at = editor.findData(key)
        if at < 0 and key:
            editor.addItem(fill(tr("%1（无电价）"), period_name(str(key))), key)
            at = editor.count() - 1
        editor.setCurrentIndex(max(at, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class EditTable(QTableView):
    """A small editable table for the keyboard: Ins / Del ask for a row to be added / removed,
    Enter (or F2, or typing) edits the current cell."""

    insertRequested = Signal()
    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setTabKeyNavigation(False)  # Tab leaves the table; ←→↑↓ move inside it
        self.verticalHeader().setDefaultSectionSize(30)
        self.verticalHeader().setMinimumWidth(28)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            if key == Qt.Key.Key_Insert:
                self.insertRequested.emit()
                return
            if key == Qt.Key.Key_Delete:
                self.removeRequested.emit()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
                self.edit(self.currentIndex())
                return
        super().keyPressEvent(event)

    def commit_editing(self) -> None:
        """Write an open cell editor into the model (Ctrl+S while typing in a cell)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def go_to(self, row: int, column: int = 0) -> None:
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)


def _small_button(text: str, name: str, parent: QWidget, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are Ins / Del in the table
    button.setStyleSheet("text-transform: none; padding: 2px 10px;")
    button.setToolTip(tip)
    return button


# ---- the editor ----------------------------------------------------------------------------------


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

        self.seasons_model = SeasonsModel(self)
        self.seasons_table = EditTable(self, "seasonsTable")
        self.seasons_table.setModel(self.seasons_model)
        self.seasons_table.setItemDelegate(_Delegate(self.seasons_table))
        self.seasons_table.setColumnWidth(SeasonColumn.NAME, 150)
        self.season_error = ErrorLabel(self)
        self.season_error.setObjectName("seasonError")

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

        self.buttons: dict[str, QPushButton] = {
            "add_season": _small_button(tr("添加季节 (Ins)"), "addSeasonButton", self,
                                        tr("在季节表中按 Ins：复制当前季节的时段，再填写月份")),
            "remove_season": _small_button(tr("删除季节 (Del)"), "removeSeasonButton", self,
                                           tr("在季节表中按 Del")),
            "add_band": _small_button(tr("添加时段 (Ins)"), "addBandButton", self,
                                      tr("在时段表中按 Ins：把当前时段从中间拆成两段")),
            "remove_band": _small_button(tr("删除时段 (Del)"), "removeBandButton", self,
                                         tr("在时段表中按 Del：时间并入上一段")),
            "add_holiday": _small_button(tr("添加 (Ins)"), "addHolidayButton", self, tr("在节假日表中按 Ins")),
            "remove_holiday": _small_button(tr("删除 (Del)"), "removeHolidayButton", self, tr("在节假日表中按 Del")),
        }
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

        def bar(*keys: str) -> QHBoxLayout:
            box = QHBoxLayout()
            box.setSpacing(6)
            for key in keys:
                box.addWidget(self.buttons[key])
            box.addStretch(1)
            return box

        def title(text: str) -> QLabel:
            label = QLabel(text, self)
            label.setStyleSheet("font-weight: bold;")
            return label

        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(title(tr("季节（月份组）")))
        left.addWidget(self.seasons_table, 3)
        left.addLayout(bar("add_season", "remove_season"))
        left.addWidget(self.season_error)
        left.addSpacing(8)
        left.addWidget(title(tr("节假日时段（法定节假日覆盖当日时段，可为空）")))
        left.addWidget(self.holiday_table, 2)
        left.addLayout(bar("add_holiday", "remove_holiday"))
        left.addWidget(self.holiday_error)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.bands_title)
        right.addWidget(self.bands_table, 1)
        right.addLayout(bar("add_band", "remove_band"))
        right.addWidget(self.bands_error)
        right.addWidget(self.strip)
        right.addWidget(self.holiday_strip_label)
        right.addWidget(self.holiday_strip)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
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
                            "periods": [_band_row(b) for b in periods]})
        self._data = copy.deepcopy(dict(data))
        self.code = str(data.get("code") or "")
        prices = data.get("prices")
        self._periods = [p for p in PERIODS if isinstance(prices, Mapping) and p in prices]
        self._seasons = seasons
        self._holiday = [_band_row(b) for b in holiday]
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
        and what they leave out behind a row they cannot read (see :meth:`_behind_bad_rows`)."""
        return self._with_hidden(tou_schedule_errors(self.write(self._data)))

    def _bad_times(self) -> bool:
        return any(time_problem(b[key]) for rows in [*(s["periods"] for s in self._seasons), self._holiday]
                   for b in rows for key in ("from", "to"))

    def _with_hidden(self, errors: Sequence[ValidationError]) -> list[ValidationError]:
        out = list(errors)
        seen = {(e.field, e.message) for e in out}
        out += [e for e in self._behind_bad_rows() if (e.field, e.message) not in seen]
        return out

    def _behind_bad_rows(self) -> list[ValidationError]:
        """The domain stops a table's checks at a row it cannot read (25:00); the other rows'
        overlaps and unpriced periods are reported here too, so every error shows at once
        (gaps are not: the unreadable row may be what fills them)."""
        path = self.code or "tariff"
        tables = [(f"{path}.schedules[{i}].periods", s["periods"]) for i, s in enumerate(self._seasons)]
        tables.append((f"{path}.holiday_periods", self._holiday))
        out: list[ValidationError] = []
        for table_path, rows in tables:
            parsed: list[tuple[int, TimeBand]] = []
            for j, raw in enumerate(rows):
                try:
                    parsed.append((j, TimeBand.from_dict(raw, f"{table_path}[{j}]")))
                except ValidationError:
                    continue
            if len(parsed) == len(rows):
                continue  # the domain checked this table in full
            bands = [b for _, b in parsed]
            for i, j in band_overlaps(bands):
                (row_a, a), (row_b, b) = parsed[i], parsed[j]
                out.append(ValidationError(f"{table_path}[{row_b}]", PATH_TEMPLATE, path=f"{table_path}[{row_b}]",
                                           problem=Message("{band} 与第 {row} 行（{other}）重叠", band=b.describe(),
                                                           row=row_a + 1, other=a.describe())))
            for row, band in parsed:
                if band.period not in self._periods:
                    out.append(ValidationError(f"{table_path}[{row}].period", PATH_TEMPLATE, path=f"{table_path}[{row}]",
                                               problem=Message("时段表用到了{period}，但没有它的电价",
                                                               period=PERIODS[band.period])))
        return out

    def _band_text(self, rows: list[dict[str, str]], row: int | None, field: str | None, text: str) -> str:
        """A time the tables cannot take, said plainly (时刻须在 00:00–24:00), with its column."""
        if row is None or field not in ("from", "to") or not 0 <= row < len(rows):
            return text
        problem = time_problem(rows[row][field])
        if not problem:
            return text
        return fill(tr("%1：%2"), tr("起始") if field == "from" else tr("结束"), problem)

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

    def _relative(self, path: str) -> str:
        if self.code and (path == self.code or path.startswith(self.code + ".")):
            return path[len(self.code) + 1:]
        if path.startswith("tariff."):
            return path[len("tariff."):]
        return path

    def _show_messages(self, errors: Sequence[ValidationError], *, focus: bool) -> list[ValidationError]:
        season_rows: dict[int, list[str]] = {}
        season_table: list[str] = []
        holiday_rows: dict[int, list[str]] = {}
        holiday_table: list[str] = []
        bands: dict[int, dict[int | None, list[str]]] = {}
        others: list[ValidationError] = []
        for exc in errors:
            path = self._relative(exc.field)
            text = short_message(exc)
            m = re.fullmatch(r"schedules\[(\d+)\]\.periods(?:\[(\d+)\](?:\.(\w+))?)?", path)
            if m:
                season = int(m.group(1))
                row = int(m.group(2)) if m.group(2) is not None else None
                if 0 <= season < len(self._seasons):
                    text = self._band_text(self._seasons[season]["periods"], row, m.group(3), text)
                bands.setdefault(season, {}).setdefault(row, []).append(text)
                continue
            m = re.fullmatch(r"schedules\[(\d+)\](?:\.\w+)?", path)
            if m:
                season_rows.setdefault(int(m.group(1)), []).append(text)
                continue
            if path == "schedules":
                season_table.append(text)
                continue
            m = re.fullmatch(r"holiday_periods(?:\[(\d+)\](?:\.(\w+))?)?", path)
            if m:
                if m.group(1) is None:
                    holiday_table.append(text)
                else:
                    row = int(m.group(1))
                    holiday_rows.setdefault(row, []).append(self._band_text(self._holiday, row, m.group(2), text))
                continue
            others.append(exc)
        if len(others) < len(errors):
            self._live = True
        self._band_messages = bands
        # Seasons: their own messages, and a mark on a season whose bands are wrong.
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
            details = list(messages.get(None, [])) + [
                fill(tr("第 %1 行：%2"), str(r + 1), "；".join(t))
                for r, t in sorted((r, t) for r, t in messages.items() if r is not None)]
            lines.append(fill(tr("「%1」的时段表：%2"), self._season_name(row), "；".join(details)))
        self.season_error.set_message("\n".join(lines))
        self.holiday_model.set_errors({row: "；".join(texts) for row, texts in holiday_rows.items()})
        self.holiday_error.set_message("\n".join(
            holiday_table + [fill(tr("第 %1 行：%2"), str(row + 1), "；".join(texts))
                             for row, texts in sorted(holiday_rows.items())]))
        if focus and bands and self.current_season() not in bands:
            self.select_season(min(bands))  # show the first season whose bands are wrong
        self._show_band_messages(self.current_season())
        if focus:
            if self.current_season() in bands:
                rows = [r for r in bands[self.current_season()] if r is not None]
                self.bands_table.go_to(min(rows) if rows else max(self.bands_table.currentIndex().row(), 0))
                self.bands_table.setFocus()
            elif season_rows or season_table:
                self.seasons_table.go_to(min(season_rows) if season_rows else 0, SeasonColumn.MONTHS)
                self.seasons_table.setFocus()
            elif holiday_rows or holiday_table:
                self.holiday_table.go_to(min(holiday_rows) if holiday_rows else 0)
                self.holiday_table.setFocus()
        return others

    def _season_name(self, row: int) -> str:
        if 0 <= row < len(self._seasons):
            return self._seasons[row]["name"] or fill(tr("季节%1"), str(row + 1))
        return fill(tr("季节%1"), str(row + 1))

    def _show_band_messages(self, season: int) -> None:
        messages = self._band_messages.get(season, {})
        self.bands_model.set_errors({row: "；".join(texts) for row, texts in messages.items() if row is not None})
        lines = list(messages.get(None, []))
        lines += [fill(tr("第 %1 行：%2"), str(row + 1), "；".join(texts))
                  for row, texts in sorted((r, t) for r, t in messages.items() if r is not None)]
        self.bands_error.set_message("\n".join(lines))

    def has_errors(self) -> bool:
        """Whether any message is on show (a table's or a row's)."""
        return bool(self._band_messages) or any(
            label.text() for label in (self.season_error, self.bands_error, self.holiday_error)) or any(
            model.error_at(r) for model in (self.seasons_model, self.holiday_model) for r in range(model.rowCount()))

    def band_error(self, row: int) -> str:
        """The message on a band row of the selected season ("" when fine)."""
        return self.bands_model.error_at(row)
