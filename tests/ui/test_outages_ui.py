"""停电信息 through the real screens, by keyboard (docs/rules.md#outages): a supervisor enters an
outage (errors under the fields first), imports a CSV with problems, opens the important
customers' list and its print preview; the customer view and the search results show the outage."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from app.services import customers, outages
from tests.conftest import valid_resident_id
from tests.shots import SHOTS
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_customers_flow import type_into
from tests.ui.test_screenshots_cashier import save, themed, window_with  # noqa: F401 — a fixture
from ui.changes import Change
from ui.context import UiContext
from ui.customers.module import CustomersModule
from ui.customers.search_model import SummaryColumn
from ui.outages.form import OutageDialog
from ui.outages.important import ImportantDialog
from ui.outages.module import OutagesModule
from ui.printing.preview import PdfPreviewDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _customer(ctx: UiContext, n: int, name: str, **fields: object) -> uuid.UUID:
    assert ctx.actor is not None
    form = customers.CustomerInput(
        "individual",
        "residential",
        name,
        "ric",
        valid_resident_id(n),
        "urban",
        "220V",
        "8",
        phone=f"1390571{n:04d}",
        supply_address="浙江省杭州市西湖区文三路188号",
        **fields,
    )  # type: ignore[arg-type]
    return customers.register_customer(
        ctx.db, ctx.actor, customers.RegisterCustomer(form, confirm_duplicate=True)
    ).id


def _planned(ctx: UiContext, days: int = 2, **scope: str) -> outages.OutageView:  # type: ignore[name-defined]
    assert ctx.actor is not None
    start = (dt.datetime.now() + dt.timedelta(days=days)).replace(hour=8, minute=0, second=0, microsecond=0)
    return outages.record_outage(
        ctx.db,
        ctx.actor,
        outages.OutageInput(
            "planned",
            start,
            start.replace(hour=17),
            "线路检修",
            **(scope or {"transformer_areas": "文三1号台区"}),
        ),
    )


def _key(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifier)


def test_supervisor_enters_an_outage_by_keyboard(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "super1")
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    seen: dict[str, str] = {}

    def fill_form(dialog: QDialog) -> int:
        assert isinstance(dialog, OutageDialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        editors = {name: field.editor for name, field in dialog.fields.items()}
        # Enter walks kind → start → end → 台区 → 线路 → 区域 → 原因
        walked = ["kind"]
        for name in ("kind", "starts_at", "expected_end", "transformer_areas", "lines", "areas"):
            qtbot.keyClick(editors[name], Qt.Key.Key_Return)
            walked.append(next(n for n, e in editors.items() if e.hasFocus() or e is dialog.focusWidget()))
        seen["walked"] = ",".join(walked)
        # the reason typed, no scope; Enter on the last field saves: refused under 台区
        type_into(qtbot, editors["reason"], "线路检修")
        qtbot.keyClick(editors["note"], Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.fields["transformer_areas"].error_text() != "", timeout=10000)
        seen["error"] = dialog.fields["transformer_areas"].error_text()
        seen["focus"] = "transformer_areas" if editors["transformer_areas"] is dialog.focusWidget() else ""
        type_into(qtbot, editors["transformer_areas"], "文三1号台区、文三2号台区")
        qtbot.keyClick(editors["transformer_areas"], Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: dialog.result_view is not None, timeout=10000)
        return dialog.result()

    dialogs.dialog_handlers.append(fill_form)
    window, module = window_with(qtbot, ui_ctx, "outages")
    assert isinstance(module, OutagesModule)
    window.focus_module()
    _key(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: module.model.rowCount() == 1, timeout=10000)
    assert "请至少填写一个停电范围" in seen["error"] and seen["focus"] == "transformer_areas"
    assert seen["walked"] == "kind,starts_at,expected_end,transformer_areas,lines,areas,reason"
    row = module.model.row_at(0)
    assert (
        row is not None
        and row.transformer_areas == ("文三1号台区", "文三2号台区")
        and row.reason == "线路检修"
    )
    assert "已发布停电信息" in module.status.text()


def test_csv_import_with_problems_lists_them_and_imports_nothing(
    qtbot,
    ui_ctx: UiContext,
    login_as,  # type: ignore[no-untyped-def]
    tmp_path,
) -> None:
    login_as(ui_ctx, "super1")
    path = tmp_path / "停电计划.csv"
    day = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    path.write_bytes(
        (
            "\n".join(
                [
                    outages.TEMPLATE_HEADER,
                    f"计划,{day} 08:00,{day} 17:00,,10kV文三线,,线路检修,",
                    f"停电,{day} 08:00,明天,,,,检修,",
                ]
            )
            + "\n"
        ).encode("gbk")
    )
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    dialogs.files.append(str(path))
    window, module = window_with(qtbot, ui_ctx, "outages")
    assert isinstance(module, OutagesModule)
    window.focus_module()
    _key(qtbot, Qt.Key.Key_I, CTRL)
    qtbot.waitUntil(lambda: module.errors_model.rowCount() > 0, timeout=10000)
    assert module.errors_table.isVisible()
    texts = [(e.line, e.column) for e in module.errors_model.rows()]
    assert (3, "类型") in texts and (3, "预计送电时间") in texts
    assert module.model.rowCount() == 0 and "一条也没有导入" in module.message.text()


def test_clerks_and_admins_have_no_outage_module(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    for user in ("clerk1", "admin", "super1"):
        login_as(ui_ctx, user)
        window = MainWindow(ui_ctx)
        qtbot.addWidget(window)
        assert ("outages" in [p.key for p in window.modules]) == (user == "super1")


def test_important_customers_list_and_its_print_preview(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    _customer(ui_ctx, 1, "文三路第一医院", transformer_area="文三1号台区", important=True)
    _customer(ui_ctx, 2, "张三", transformer_area="文三1号台区")
    login_as(ui_ctx, "super1")
    outage = _planned(ui_ctx)
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    seen: dict[str, object] = {}

    def important(dialog: QDialog) -> int:
        assert isinstance(dialog, ImportantDialog)
        seen["rows"] = [r.name for r in dialog.model.rows()]
        seen["phone"] = dialog.model.rows()[0].phone
        dialog.show()
        # Enter in the list presses the default button, 打印预览 (a modal exec makes Ctrl+P live too)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "preview" in seen or dialog.error.text() != "", timeout=15000)
        seen.setdefault("preview", "ERROR " + dialog.error.text())
        return 0

    def preview(dialog: QDialog) -> int:
        assert isinstance(dialog, PdfPreviewDialog)
        seen["preview"] = dialog.text()
        return 0

    dialogs.dialog_handlers.extend([important, preview])
    window, module = window_with(qtbot, ui_ctx, "outages")
    assert isinstance(module, OutagesModule)
    qtbot.waitUntil(lambda: module.model.rowCount() == 1, timeout=10000)
    window.focus_module()
    _key(qtbot, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: "preview" in seen, timeout=15000)
    assert seen["rows"] == ["文三路第一医院"] and seen["phone"] == "13905710001"  # in full for the supervisor
    preview_text = "".join(str(seen["preview"]).split())
    assert "重要客户停电提前告知清单" in preview_text and outage.outage_no in preview_text
    assert "文三路第一医院" in preview_text and "张三" not in preview_text


def test_customer_view_notice_and_search_mark(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    covered = _customer(ui_ctx, 3, "李停电", transformer_area="文三1号台区")
    _customer(ui_ctx, 4, "李正常", transformer_area="文三9号台区")
    login_as(ui_ctx, "super1")
    _planned(ui_ctx)
    login_as(ui_ctx, "clerk1")
    window, module = window_with(qtbot, ui_ctx, "customers")
    assert isinstance(module, CustomersModule)
    window.focus_module()
    type_into(qtbot, module.search.box, "李")
    qtbot.waitUntil(lambda: module.search.model.rowCount() == 2, timeout=10000)
    model = module.search.model
    name_col = model.column_of(SummaryColumn.NAME)
    names = {model.row_at(r).id: model.data(model.index(r, name_col)) for r in range(2)}  # type: ignore[union-attr]
    assert "⚠停电" in names[covered] and all("停电" not in n for cid, n in names.items() if cid != covered)
    tip = model.data(
        model.index([r for r in range(2) if model.row_at(r).id == covered][0], name_col),  # type: ignore[union-attr]
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "该户所在台区 文三1号台区 计划停电" in tip
    module.open_customer(covered)
    notice = module.findChild(QLabel, "outageNotice")
    assert notice is not None
    qtbot.waitUntil(lambda: notice.isVisible() and "计划停电" in notice.text(), timeout=10000)
    assert "该户所在台区 文三1号台区 计划停电" in notice.text() and "（线路检修）" in notice.text()
    other = [model.row_at(r).id for r in range(2) if model.row_at(r).id != covered][0]  # type: ignore[union-attr]
    module.open_customer(other)
    qtbot.waitUntil(lambda: not notice.isVisible(), timeout=10000)
    # an outage recorded meanwhile (the 停电信息 module announces it): the open view follows
    login_as(ui_ctx, "super1")
    _planned(ui_ctx, 1, transformer_areas="文三9号台区")
    ui_ctx.changes.announce(Change.OUTAGES)
    qtbot.waitUntil(lambda: notice.isVisible() and "文三9号台区" in notice.text(), timeout=10000)


def test_screenshot_outages(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _customer(ui_ctx, 5, "杭州市文三路医院", transformer_area="文三1号台区", important=True)
    login_as(ui_ctx, "super1")
    _planned(ui_ctx, 2, transformer_areas="文三1号台区、文三2号台区", lines="10kV文三线")
    _planned(ui_ctx, 4, areas="浙江省杭州市西湖区古墩路")
    assert ui_ctx.actor is not None
    now = dt.datetime.now().replace(second=0, microsecond=0)
    outages.record_outage(
        ui_ctx.db,
        ui_ctx.actor,
        outages.OutageInput(
            "fault",
            now - dt.timedelta(hours=1),
            now + dt.timedelta(hours=3),
            "变压器故障抢修",
            transformer_areas="文二3号台区",
        ),
    )
    window, module = window_with(qtbot, ui_ctx, "outages")
    assert isinstance(module, OutagesModule)
    qtbot.waitUntil(lambda: module.model.rowCount() == 3, timeout=10000)
    save(qtbot, window, "outages.png")
    assert (SHOTS / "outages.png").exists()
    ui_ctx.tasks.wait_idle()


def test_customer_form_takes_the_supply_point(qtbot, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    """线路 / 台区 / 重要客户 on the edit form: a bad 线路 is refused under its field, then saved."""
    from ui.customers.form import CustomerForm

    cid = _customer(ui_ctx, 7, "王五")
    assert ui_ctx.actor is not None
    view = customers.get_customer(ui_ctx.db, ui_ctx.actor, cid)
    form = CustomerForm(ui_ctx, view)
    qtbot.addWidget(form)
    form.show()
    saved: list[object] = []
    form.saved.connect(lambda v, _created: saved.append(v))
    line = form.fields["supply_line"]
    type_into(qtbot, line, "线路<1>")
    type_into(qtbot, form.fields["transformer_area"], "文三1号台区")
    form.fields["important"].setChecked(True)  # type: ignore[attr-defined]
    form.save()  # (Ctrl+S; the customers flow tests drive the keys)
    qtbot.waitUntil(lambda: form.errors["supply_line"].text() != "", timeout=10000)
    assert "只能包含" in form.errors["supply_line"].text() and not saved
    line.clear()  # type: ignore[attr-defined]
    type_into(qtbot, line, "10kV文三线")
    form.save()
    qtbot.waitUntil(lambda: bool(saved), timeout=10000)
    stored = customers.get_customer(ui_ctx.db, ui_ctx.actor, cid)
    assert (stored.supply_line, stored.transformer_area, stored.important) == (
        "10kV文三线",
        "文三1号台区",
        True,
    )


def test_end_and_cancel_by_keyboard_and_the_customer_view_follows(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "super1")
    assert ui_ctx.actor is not None
    now = dt.datetime.now().replace(second=0, microsecond=0)
    fault = outages.record_outage(
        ui_ctx.db,
        ui_ctx.actor,
        outages.OutageInput(
            "fault",
            now - dt.timedelta(hours=1),
            now + dt.timedelta(hours=3),
            "变压器故障",
            transformer_areas="文二3号台区",
        ),
    )
    planned = _planned(ui_ctx)
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    window, module = window_with(qtbot, ui_ctx, "outages")
    assert isinstance(module, OutagesModule)
    qtbot.waitUntil(lambda: module.model.rowCount() == 2, timeout=10000)
    seen: list[object] = []
    ui_ctx.changes.changed.connect(seen.append)
    window.focus_module()
    module.table.selectRow(module.model.row_of(fault.id))
    assert not module.cancel_action.isEnabled()  # under way: ended, not cancelled
    dialogs.confirms.append(True)
    _key(qtbot, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(
        lambda: module.model.row_at(module.model.row_of(fault.id)).status == "ended",  # type: ignore[union-attr]
        timeout=10000,
    )

    def give_reason(dialog: QDialog) -> int:
        type_into(qtbot, dialog.reason, "施工改期")  # type: ignore[attr-defined]
        dialog.accept()
        return dialog.result()

    dialogs.dialog_handlers.append(give_reason)
    module.table.selectRow(module.model.row_of(planned.id))
    assert not module.end_action.isEnabled()  # not started: cancelled, not ended
    _key(qtbot, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(
        lambda: module.model.row_at(module.model.row_of(planned.id)).status == "cancelled",  # type: ignore[union-attr]
        timeout=10000,
    )
    assert "施工改期" in module.model.row_at(module.model.row_of(planned.id)).note  # type: ignore[union-attr]
    assert len(seen) == 2 and all("outages" in c.kinds for c in seen)  # type: ignore[attr-defined]


def test_an_answer_after_the_customer_view_went_is_dropped(qtbot, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    """Log-out while the outages of the open customer are being read: the answer arrives after
    the notice was deleted and is dropped, not a RuntimeError on a deleted widget."""
    import shiboken6
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ui.outages.customer_hook import CustomerOutages

    covered = _customer(ui_ctx, 5, "王停电", transformer_area="文三1号台区")
    login_as(ui_ctx, "super1")
    _planned(ui_ctx)
    login_as(ui_ctx, "clerk1")

    class Host(QObject):
        customerChanged = Signal(object)

        def __init__(self) -> None:
            super().__init__()
            self.widget = QWidget()
            QVBoxLayout(self.widget)

        def add_notice(self, w: QWidget) -> None:
            self.widget.layout().addWidget(w)

        def add_search_marks(self, source: object) -> None:
            pass

    host = Host()
    hook = CustomerOutages(ui_ctx, host)  # type: ignore[arg-type]
    hook.customer_id = covered
    hook.load()
    shiboken6.delete(host.widget)  # the customer view goes (the notice with it)
    qtbot.waitUntil(lambda: ui_ctx.tasks.pending == 0, timeout=10000)
    qtbot.wait(50)
