"""重新指向 in 同步冲突 through the real main window, by keyboard (docs/sync.md#conflicts): Ctrl+J
asks for the 户号, Enter shows the customer's name and what can move, a refusal shows under
its field, Enter on the amount moves the money at the centre (PostgreSQL) — checked from the
tables."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.config import Settings
from app.dto.payments import TenderInput
from app.services import auth, cashier, payments
from app.sync import nodes
from db.engine import Database
from db.models import Bill, Customer, Operation, PaymentAllocation, SyncConflict
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, SUPERVISOR_PASSWORD, _setup
from tests.sync._branch import customer_with_bill
from tests.ui.test_screenshots_cashier import themed  # noqa: F401 — a fixture
from tests.ui.test_sync_screens import _ctx, _ready
from ui.main_window import MainWindow
from ui.sync.conflicts import SyncConflictsModule
from ui.sync.repoint import RepointDialog

pytestmark = pytest.mark.pg
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GRIDCOUNTER_NO_KEYRING", "1")
    yield


@pytest.fixture
def centre(pg_url: str) -> Iterator[Database]:
    db, _ = _setup(pg_url)
    yield db
    db.dispose()


@pytest.mark.usefixtures("themed")
def test_ctrl_j_repoints_a_payment_to_the_customer_named_by_account(qtbot, qapp, centre, customer_form):  # type: ignore[no-untyped-def]
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    view, _code = nodes.register_node(centre, admin, "3302", "西湖供电所")
    auth.logout(centre, admin)
    source, target, _receipt = _payment_entry(centre, view.node_id, customer_form)
    settings = Settings(db_url=centre.engine.url.render_as_string(hide_password=False))
    ctx = _ctx(centre, settings, "super1")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    _ready(qtbot, window, "centre")
    module = window.sync_feature.conflicts
    assert isinstance(module, SyncConflictsModule)
    with qtbot.waitSignal(module.loaded, timeout=10000):
        assert window.show_module_by_key("sync_conflicts")
    assert module.model.rowCount() == 1
    assert module.repoint_action.isEnabled() and not module.branch_action.isEnabled()
    assert module.repoint_action.shortcut().toString() == "Ctrl+J"
    shots = os.environ.get("REPOINT_SHOTS", "")
    if shots:
        qtbot.wait(100)
        window.grab().save(f"{shots}/repoint_module.png")
    seen: list[RepointDialog] = []

    def drive(dialog: QDialog) -> int:
        assert isinstance(dialog, RepointDialog)
        seen.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.focusWidget() is dialog.account  # the 户号 first
        # an account that does not exist: refused under the 户号
        qtbot.keyClicks(dialog.account, "9999999999")
        qtbot.keyClick(dialog.account, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "不存在" in dialog.account_field.error_text(), timeout=10000)
        if shots:
            qtbot.wait(100)
            dialog.grab().save(f"{shots}/repoint_unknown.png")
        dialog.account.selectAll()
        qtbot.keyClicks(dialog.account, target.account_no)
        qtbot.keyClick(dialog.account, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "王五" in dialog.who.text(), timeout=10000)
        assert "¥71.50" in dialog.who.text() and dialog.account_field.error_text() == ""
        assert dialog.focusWidget() is dialog.amount and dialog.amount.text() == "71.50"
        # more than is left of that payment: refused under the amount
        qtbot.keyClicks(dialog.amount, "80")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        assert "71.50" in dialog.amount_field.error_text()
        if shots:
            qtbot.wait(100)
            dialog.grab().save(f"{shots}/repoint_dialog.png")
        dialog.amount.selectAll()
        qtbot.keyClicks(dialog.amount, "71.50")
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
        return dialog.result()

    ctx.dialogs.dialog_handlers.append(drive)  # type: ignore[attr-defined]
    module.table.setFocus()
    with qtbot.waitSignal(module.loaded, timeout=15000):
        qtbot.keyClick(module.table, Qt.Key.Key_J, CTRL)
    assert len(seen) == 1
    assert module.model.rowCount() == 0 and "重新指向" not in module.error.text()
    with centre.read() as s:
        entry = s.scalars(sa.select(SyncConflict)).one()
        assert (entry.status, entry.resolution, entry.resolved_by) == ("resolved", "repoint", "super1")
        assert s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == source.id)) == 0
        paid = s.scalar(
            sa.select(sa.func.sum(PaymentAllocation.principal_fen))
            .join(Bill, Bill.id == PaymentAllocation.bill_id)
            .where(Bill.customer_id == target.id)
        )
        assert paid == 7150
        op = s.scalars(sa.select(Operation).where(Operation.op_type == "ResolveSyncConflict")).one()
        assert json.loads(op.payload)["repoint"]["to_account_no"] == target.account_no
    ctx.tasks.wait_idle(10000)


def _payment_entry(centre: Database, node_id: uuid.UUID, customer_form) -> tuple[object, object, object]:  # type: ignore[no-untyped-def]
    """李四 paid ¥200 on a ¥128.50 bill (¥71.50 prepaid), and a paid_bill entry of ``node_id``
    naming that payment; 王五 owes ¥128.50. Returns (李四, 王五, receipt)."""
    settings = Settings(db_url=centre.engine.url.render_as_string(hide_password=False))
    clerk = auth.login(centre, "clerk1", CLERK_PASSWORD)
    sup = auth.login(centre, "super1", SUPERVISOR_PASSWORD)
    source = customer_with_bill(centre, clerk, sup, settings, lambda: customer_form(name="李四"))
    target = customer_with_bill(centre, clerk, sup, settings, lambda: customer_form(name="王五"))
    cashier.open_session(centre, clerk, 0)
    receipt = payments.post_payment(
        centre, clerk, payments.PostPayment(uuid.uuid4(), source.id, (TenderInput("cash", 20000),), 20000)
    )
    with centre.write() as s:
        s.add(
            SyncConflict(
                node_id=node_id,
                op_id=uuid.uuid4(),
                kind="paid_bill",
                tbl="payment",
                row_key=json.dumps({"id": str(receipt.payment_id)}),
                detail=json.dumps(
                    {
                        "payment_id": str(receipt.payment_id),
                        "receipt_no": receipt.receipt_no,
                        "customer_id": str(source.id),
                        "excess_fen": 7150,
                        "bills": [],
                    }
                ),
                status="open",
            )
        )
    return source, target, receipt


def test_a_branch_supervisor_repoints_through_the_centre_by_keyboard(
    qtbot, qapp, centre, sqlite_url, customer_form
):  # type: ignore[no-untyped-def]
    from app.services.setup import open_database
    from app.sync import client
    from tests.sync.loopback import serving
    from tests.ui.test_screenshots_cashier import window_with
    from tests.ui.test_sync_screens import _branch_supervisor, window_keys_first
    from ui.sync.conflicts import SupervisorPasswordDialog

    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    view, code = nodes.register_node(centre, admin, "3302", "西湖供电所")
    auth.logout(centre, admin)
    _branch_supervisor(centre, view.node_id)
    source, target, _receipt = _payment_entry(centre, view.node_id, customer_form)
    settings = Settings(db_url=sqlite_url, sync_interval_seconds=60)
    branch = open_database(settings)
    try:
        with serving(centre) as url:
            client.enrol(url, code, branch)
            ctx = _ctx(branch, settings, "super9")
            window, _page = window_with(qtbot, ctx, window_keys_first(ctx))
            _ready(qtbot, window, "branch")
            module = window.sync_feature.conflicts
            assert isinstance(module, SyncConflictsModule) and module.role == "branch"
            with qtbot.waitSignal(module.loaded, timeout=10000):
                assert window.show_module_by_key("sync_conflicts")
            assert module.model.rowCount() == 1 and module.repoint_action.isEnabled()
            passwords: list[SupervisorPasswordDialog] = []

            def password(text: str):  # type: ignore[no-untyped-def]
                def answer(dialog: QDialog) -> int:
                    assert isinstance(dialog, SupervisorPasswordDialog)
                    passwords.append(dialog)
                    dialog.password.setText(text)
                    dialog.accept()
                    return dialog.result()

                return answer

            def drive(dialog: QDialog) -> int:
                assert isinstance(dialog, RepointDialog)
                dialog.show()
                qtbot.waitExposed(dialog)
                # the lookup names a customer and what they owe: 主管授权 before it, at the first
                # Enter; a wrong password is refused under the 户号 and asked again next time
                ctx.dialogs.dialog_handlers.append(password("Wrong2026x"))  # type: ignore[attr-defined]
                qtbot.keyClicks(dialog.account, "9999999999")
                qtbot.keyClick(dialog.account, Qt.Key.Key_Return)
                qtbot.waitUntil(lambda: "密码错误" in dialog.account_field.error_text(), timeout=10000)
                assert len(passwords) == 1 and "王五" not in dialog.who.text()
                ctx.dialogs.dialog_handlers.append(password(SUPERVISOR_PASSWORD))  # type: ignore[attr-defined]
                dialog.account.setFocus()
                qtbot.keyClick(dialog.account, Qt.Key.Key_Return)
                # the centre's refusal, under the 户号, in its own words
                qtbot.waitUntil(lambda: "不存在" in dialog.account_field.error_text(), timeout=10000)
                assert "中心返回错误" not in dialog.account_field.error_text() and len(passwords) == 2
                dialog.account.selectAll()
                qtbot.keyClicks(dialog.account, target.account_no)
                qtbot.keyClick(dialog.account, Qt.Key.Key_Return)
                qtbot.waitUntil(lambda: "王五" in dialog.who.text(), timeout=10000)
                assert dialog.amount.text() == "71.50"
                qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # the same sign-in decides
                qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=15000)
                return dialog.result()

            ctx.dialogs.dialog_handlers.append(drive)  # type: ignore[attr-defined]
            module.table.setFocus()
            with qtbot.waitSignal(module.loaded, timeout=20000):
                qtbot.keyClick(module.table, Qt.Key.Key_J, CTRL)
            assert len(passwords) == 2 and module.model.rowCount() == 0
            ctx.tasks.wait_idle(10000)
    finally:
        branch.dispose()
    with centre.read() as s:
        entry = s.scalars(sa.select(SyncConflict)).one()
        assert (entry.status, entry.resolution, entry.resolved_by) == ("resolved", "repoint", "super9")
        assert s.scalar(sa.select(Customer.prepaid_fen).where(Customer.id == source.id)) == 0
        paid = s.scalar(
            sa.select(sa.func.sum(PaymentAllocation.principal_fen))
            .join(Bill, Bill.id == PaymentAllocation.bill_id)
            .where(Bill.customer_id == target.id)
        )
        assert paid == 7150
