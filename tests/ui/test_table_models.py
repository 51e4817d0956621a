"""The one read-only table model base (ui/table_model.py, issue 8 item 6) and the formatting
module's money/time functions. The screens' models are checked with qtmodeltester in their own
test files (customers, users, cashier, billing, billing admin)."""

from __future__ import annotations

import datetime as dt
import inspect
import pkgutil
from dataclasses import dataclass
from enum import IntEnum
from importlib import import_module
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt

import ui
from ui.formatting import local_time, yuan
from ui.table_model import CENTER, RIGHT, RowRole, TableColumn, TableModel


@dataclass(frozen=True)
class Item:
    name: str
    fen: int


class ItemRole(IntEnum):
    FEN = RowRole.SORT + 10


class ItemsModel(TableModel[Item]):
    align_headers = True
    row_numbers = True

    def __init__(self) -> None:
        super().__init__()
        self.columns = (
            TableColumn("名称", lambda r: r.name, tooltip=lambda r: f"名称：{r.name}"),
            TableColumn("金额(元)", lambda r: yuan(r.fen, symbol=False), RIGHT, sort=lambda r: r.fen),
            TableColumn("状态", lambda r: "欠费" if r.fen < 0 else "正常", CENTER),
        )

    def cell(self, row: Item, column: int, role: int) -> Any:
        if role == ItemRole.FEN:
            return row.fen
        return None


ROWS = [Item("甲", 12850), Item("乙", -500), Item("丙", 128050)]


def test_the_base_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    qtmodeltester.check(model, force_py=True)  # empty
    model.set_rows(ROWS)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


def test_columns_declared_once_answer_every_role(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = ItemsModel()
    with qtbot.waitSignals([model.modelAboutToBeReset, model.modelReset]):
        model.set_rows(ROWS)
    assert (model.rowCount(), model.columnCount()) == (3, 3)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    index = model.index(1, 1)
    assert model.data(index) == "-5.00"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == "-5.00"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "名称：甲"
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(index, RowRole.ROW) == ROWS[1]
    assert model.data(index, RowRole.SORT) == -500
    assert model.data(model.index(1, 0), RowRole.SORT) == "乙"  # no sort value: the text
    assert model.data(index, ItemRole.FEN) == -500
    assert model.headerData(1, Qt.Orientation.Horizontal) == "金额(元)"
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"
    assert model.headerData(3, Qt.Orientation.Vertical) is None
    assert model.row_at(2) == ROWS[2] and model.row_at(3) is None and model.row_at(-1) is None
    assert model.rows() == ROWS
    assert model.data(QModelIndex()) is None
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable


def test_every_read_only_table_model_of_ui_is_built_on_the_base() -> None:
    """One base: no other QAbstractTableModel subclass in ui/, except the time-band tables of
    the tariff editor, which edit the caller's own lists in place (not frozen DTOs)."""
    editable = {"_EditableBase"}
    others = []
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        module = import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, QAbstractItemModel):
                continue
            if (
                issubclass(cls, QAbstractTableModel)
                and not issubclass(cls, TableModel)
                and not any(base.__name__ in editable for base in cls.__mro__)
            ):
                others.append(f"{module.__name__}.{name}")
    assert others == []


def test_money_and_time_formatting() -> None:
    assert yuan(128050) == "¥1,280.50"
    assert yuan(-500, symbol=False) == "-5.00"
    assert yuan(None) == ""
    naive_utc = dt.datetime(2026, 12, 6, 4, 30)
    aware = naive_utc.replace(tzinfo=dt.UTC)
    assert local_time(naive_utc) == local_time(aware) == aware.astimezone().strftime("%Y-%m-%d %H:%M")
    assert local_time(None) == ""
    assert local_time(naive_utc, "%m-%d %H:%M") == aware.astimezone().strftime("%m-%d %H:%M")
