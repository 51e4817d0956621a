"""The customer module's item models pass pytest-qt's model tester (every item model must)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from app.domain.errors import DuplicateSuspected
from app.domain.ids import make_resident_id
from app.dto.customers import CustomerSummary, HistoryEntry
from app.services.customers import (
    CustomerInput,
    RegisterCustomer,
    UpdateCustomer,
    customer_history,
    register_customer,
    update_customer,
)
from app.services.search import search_customers
from ui.customers.history_model import ChangeRole, ChangesModel, HistoryColumn, HistoryModel, HistoryRole
from ui.customers.search_model import (
    DUPLICATE_COLUMNS,
    CustomerSummaryModel,
    SummaryColumn,
    SummaryRole,
)


def summary(n: int, status: str = "normal") -> CustomerSummary:
    return CustomerSummary(uuid.uuid4(), f"330100000{n:02d}", f"客户{n}", "residential", status, "138****5678",
                           f"杭州市西湖区文三路{n}号", "330106********1232", "名称")


def seed(ctx) -> list[CustomerSummary]:  # type: ignore[no-untyped-def]
    rows = []
    for i, name in enumerate(("张三", "张伟", "张三丰")):
        rid = make_resident_id("330106", dt.date(1980, 1, 1 + i), f"{100 + i}")
        view = register_customer(ctx.db, ctx.actor, RegisterCustomer(CustomerInput(
            "individual", "residential", name, "ric", rid, "urban", "220V", "8", phone=f"1381234567{i}",
            supply_address="杭州市西湖区文三路100号"), confirm_duplicate=True))
        rows.append(view)
    return search_customers(ctx.db, ctx.actor, "张").rows


def test_search_model_passes_the_model_tester(qtmodeltester, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    model = CustomerSummaryModel()
    qtmodeltester.check(model)  # empty
    rows = seed(ui_ctx)
    assert len(rows) == 3
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.set_rows([summary(1), summary(2, "suspended"), summary(3, "closed")])
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_duplicate_dialog_model_passes_the_model_tester(qtmodeltester, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    """The duplicate dialog's column variant (DUPLICATE_COLUMNS) is a model of its own shape."""
    model = CustomerSummaryModel(DUPLICATE_COLUMNS)
    qtmodeltester.check(model)  # empty
    seed(ui_ctx)
    rid = make_resident_id("330106", dt.date(1980, 1, 1), "100")
    with pytest.raises(DuplicateSuspected) as exc:  # same person, old 15-digit card, plus a name+phone match
        register_customer(ui_ctx.db, ui_ctx.actor, RegisterCustomer(CustomerInput(
            "individual", "residential", "张伟", "ric", rid[:6] + rid[8:17], "urban", "220V", "8",
            phone="13812345671", supply_address="杭州市西湖区文三路100号")))
    matches = exc.value.matches
    assert [m.matched_by for m in matches] == ["证件号码（15/18位）", "户名+电话"]
    model.set_rows(matches)
    qtmodeltester.check(model)
    assert model.columnCount() == len(DUPLICATE_COLUMNS)
    assert model.data(model.index(0, model.column_of(SummaryColumn.MATCHED))) == "证件号码（15/18位）"
    model.set_rows([summary(1), summary(2, "suspended"), summary(3, "closed")])
    qtmodeltester.check(model)
    model.clear()
    qtmodeltester.check(model)


def test_search_model_columns_and_roles(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = CustomerSummaryModel()
    rows = [summary(1), summary(2, "suspended")]
    model.set_rows(rows)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["户号", "户名", "类别", "状态", "电话", "地址", "匹配项"]
    first = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert first == ["33010000001", "客户1", "居民生活", "正常", "138****5678", "杭州市西湖区文三路1号", "名称"]
    index = model.index(1, model.column_of(SummaryColumn.STATUS))
    assert model.data(index) == "暂停"
    assert isinstance(model.data(index, Qt.ItemDataRole.ForegroundRole), QColor)
    assert model.data(index, SummaryRole.SUMMARY) is rows[1]
    assert model.data(index, SummaryRole.CUSTOMER_ID) == rows[1].id
    assert model.data(index, SummaryRole.ACCOUNT_NO) == "33010000002"
    assert model.data(index, SummaryRole.STATUS) == "suspended"
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None

    dup = CustomerSummaryModel(DUPLICATE_COLUMNS)
    dup.set_rows(rows)
    assert [dup.headerData(c, Qt.Orientation.Horizontal) for c in range(dup.columnCount())] == \
        ["户号", "户名", "电话", "证件号码", "地址", "匹配项"]
    assert dup.data(dup.index(0, 3)) == "330106********1232"


def test_history_models_pass_the_model_tester(qtmodeltester, ui_ctx) -> None:  # type: ignore[no-untyped-def]
    seed(ui_ctx)
    first = search_customers(ui_ctx.db, ui_ctx.actor, "张三丰").rows[0]
    view = update_customer(ui_ctx.db, ui_ctx.actor, UpdateCustomer(
        first.id, 1, CustomerInput("individual", "residential", "张三丰", "ric", None, "rural", "220V", "10",
                                   phone=None, phone2=None, supply_address="杭州市西湖区文三路101号")))
    assert view.version == 2
    entries = customer_history(ui_ctx.db, ui_ctx.actor, first.id)
    assert [e.op_type for e in entries] == ["UpdateCustomer", "RegisterCustomer"]

    model = HistoryModel()
    qtmodeltester.check(model)
    model.set_entries(entries)
    qtmodeltester.check(model)
    assert model.data(model.index(0, HistoryColumn.OPERATION)) == "修改档案"
    assert model.data(model.index(1, HistoryColumn.OPERATION)) == "建档"
    assert model.data(model.index(0, HistoryColumn.OPERATOR)) == "clerk1"
    assert model.data(model.index(0, 0), HistoryRole.ENTRY) is entries[0]
    assert model.data(model.index(0, 0), HistoryRole.OP_TYPE) == "UpdateCustomer"
    assert model.data(model.index(0, 0), HistoryRole.SEQ) == entries[0].seq

    changes = ChangesModel()
    qtmodeltester.check(changes)
    changes.set_changes(entries[0].changes)
    qtmodeltester.check(changes)
    fields = [changes.data(changes.index(r, 0)) for r in range(changes.rowCount())]
    assert set(fields) == {"城乡类别", "合同容量", "用电地址"}
    row = fields.index("合同容量")
    assert (changes.data(changes.index(row, 1)), changes.data(changes.index(row, 2))) == ("8", "10")
    assert changes.data(changes.index(row, 0), ChangeRole.FIELD) == "合同容量"
    assert changes.data(changes.index(row, 2), ChangeRole.NEW) == "10"
    assert changes.data(changes.index(row, 1), ChangeRole.OLD) == "8"

    # Registration rows have no old value: shown as （空）.
    changes.set_changes(entries[1].changes)
    qtmodeltester.check(changes)
    assert changes.data(changes.index(0, 1)) == "（空）"


def test_history_model_with_synthetic_entries(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = HistoryModel()
    model.set_entries([HistoryEntry(i, f"2026-11-2{i} 10:00:00", "clerk1", "UpdateCustomer", f"修改档案：备注{i}",
                                    (("备注", "", f"第{i}次"),)) for i in range(5)])
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "时间"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
