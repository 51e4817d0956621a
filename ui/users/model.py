"""The users table (Qt item model over ``list[UserRow]``)."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from app.dto import UserRow
from app.services.permissions import ROLES
from ui import palette
from ui.i18n import fill

_Index = QModelIndex | QPersistentModelIndex


class UserRoles(IntEnum):
    """Custom item data roles of ``UsersModel``."""

    ROW = Qt.ItemDataRole.UserRole + 1  # the UserRow itself
    USER_ID = Qt.ItemDataRole.UserRole + 2
    STATUS = Qt.ItemDataRole.UserRole + 3  # "active" / "locked" / "disabled"


class Column(IntEnum):
    USERNAME = 0
    NAME = 1
    EMPLOYEE_NO = 2
    ROLE = 3
    STATUS = 4
    LAST_LOGIN = 5


def role_label(role: str) -> str:
    """The role's name on screen; translated here, the service's label as fallback."""
    labels = {
        "clerk": QCoreApplication.translate("Roles", "营业员"),
        "supervisor": QCoreApplication.translate("Roles", "值班长"),
        "admin": QCoreApplication.translate("Roles", "系统管理员"),
    }
    return labels.get(role) or ROLES.get(role, role)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def local_time(value: dt.datetime | None) -> str:
    """Stored times are naive UTC; the counter shows local time."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def user_status(row: UserRow, now: dt.datetime | None = None) -> str:
    if not row.active:
        return "disabled"
    if row.locked_until is not None and row.locked_until > (now or _utc_now()):
        return "locked"
    return "active"


class UsersModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[UserRow] = []
        self._headers = [self.tr("用户名"), self.tr("姓名"), self.tr("工号"), self.tr("角色"),
                         self.tr("状态"), self.tr("最近登录")]

    # ---- content ---------------------------------------------------------------------------

    def set_rows(self, rows: list[UserRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[UserRow]:
        return list(self._rows)

    def row_at(self, row: int) -> UserRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, user_id: uuid.UUID) -> int:
        for i, row in enumerate(self._rows):
            if row.id == user_id:
                return i
        return -1

    def status_text(self, row: UserRow) -> str:
        status = user_status(row)
        if status == "disabled":
            return self.tr("已停用")
        if status == "locked":
            assert row.locked_until is not None
            return fill(self.tr("已锁定（至 %1）"), local_time(row.locked_until)[-5:])
        return self.tr("正常")

    # ---- QAbstractTableModel ---------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS:
            status = user_status(row)
            if status == "locked":
                return QBrush(QColor(palette.ERROR))
            if status == "disabled":
                return QBrush(QColor(palette.INACTIVE))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.EMPLOYEE_NO, Column.LAST_LOGIN):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == UserRoles.ROW:
            return row
        if role == UserRoles.USER_ID:
            return str(row.id)
        if role == UserRoles.STATUS:
            return user_status(row)
        return None

    def _text(self, row: UserRow, column: int) -> str:
        if column == Column.USERNAME:
            return row.username
        if column == Column.NAME:
            return row.display_name
        if column == Column.EMPLOYEE_NO:
            return row.employee_no
        if column == Column.ROLE:
            return role_label(row.role)
        if column == Column.STATUS:
            return self.status_text(row)
        if column == Column.LAST_LOGIN:
            return local_time(row.last_login_at) or self.tr("从未登录")
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
