"""The users table (Qt item model over ``list[UserRow]``)."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from app.dto.common import UserRow
from ui import palette
from ui.formatting import local_time, role_label
from ui.i18n import fill
from ui.table_model import CENTER, TableColumn, TableModel


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


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def user_status(row: UserRow, now: dt.datetime | None = None) -> str:
    if not row.active:
        return "disabled"
    if row.locked_until is not None and row.locked_until > (now or _utc_now()):
        return "locked"
    return "active"


class UsersModel(TableModel[UserRow]):
    row_numbers = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("用户名"), lambda r: r.username),
            TableColumn(self.tr("姓名"), lambda r: r.display_name),
            TableColumn(self.tr("工号"), lambda r: r.employee_no, CENTER),
            TableColumn(self.tr("角色"), lambda r: role_label(r.role)),
            TableColumn(self.tr("状态"), self.status_text),
            TableColumn(self.tr("最近登录"), lambda r: local_time(r.last_login_at) or self.tr("从未登录"), CENTER),
        )

    # ---- content ---------------------------------------------------------------------------

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

    def cell(self, row: UserRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS:
            status = user_status(row)
            if status == "locked":
                return QBrush(QColor(palette.ERROR))
            if status == "disabled":
                return QBrush(QColor(palette.INACTIVE))
            return None
        if role == UserRoles.USER_ID:
            return str(row.id)
        if role == UserRoles.STATUS:
            return user_status(row)
        return None
