"""The table models of the 时段表 editor: a season's (or the holiday table's) bands, and the seasons.

Both edit the caller's lists in place (the rows of a version dict) and carry a message per row,
shown red with a tooltip; ``edited`` fires after every change.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.domain.errors import ValidationError
from app.domain.tariffs.periods import TimeBand
from app.domain.tariffs.terms import PERIODS
from ui import palette
from ui.billing_admin.schedule_text import (
    DAY,
    hhmm,
    months_text,
    parse_months,
    split_point,
    stored_time,
    time_minutes,
    tr,
)
from ui.billing_admin.tariff_day import period_color, period_name
from ui.i18n import fill

_Index = QModelIndex | QPersistentModelIndex
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ERROR_BACKGROUND = QColor(palette.ERROR_CELL)
_ERROR_TEXT = QColor(palette.ERROR)


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
    # Not on ui/table_model.TableModel: that model shows read-only rows of frozen DTOs, while
    # these tables are edited in place (setData, flags with ItemIsEditable, rows added and
    # removed, an error per row), which TableModel deliberately does not offer.
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
            start, end = time_minutes(band["from"]), time_minutes(band["to"])
            point = split_point(start, end % DAY) if start is not None and end is not None else None
            if point is None:
                # Nothing sensible to split: an empty band after it for the admin to fill in.
                new = {"from": band["to"], "to": band["to"], "period": band["period"]}
            else:
                new = {"from": hhmm(point), "to": band["to"], "period": band["period"]}
                band["to"] = hhmm(point)
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
