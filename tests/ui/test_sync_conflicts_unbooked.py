"""审核后不入账 in 同步冲突 (docs/sync.md#conflicts): money a branch could not prove was its own
customer's (a forged PC's payment for a centre customer) is closed without booking, by keyboard,
with the supervisor's reason — at the centre, checked from the tables."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.config import Settings
from app.services import customers
from app.sync import apply
from db.models import Payment, SyncConflict
from tests.sync.test_apply import _replace_payment, branch, cust, open_shift, pay  # noqa: F401 — fixtures
from tests.ui.test_sync_screens import _ctx
from ui.reason_dialog import ReasonDialog
from ui.sync.conflicts import SyncConflictsModule


def test_ctrl_shift_u_leaves_forged_money_unbooked_with_a_reason(qtbot, db, branch, cust, clerk, customer_form):  # type: ignore[no-untyped-def]  # noqa: F811
    if db.is_sqlite:
        pytest.skip("the centre is PostgreSQL (the SQLite variant of the db fixture is not a centre)")
    actor, _, e1 = open_shift(branch)
    receipt, e2 = pay(branch, actor, cust.id, 12850)
    own = customers.register_customer(db, clerk, customers.RegisterCustomer(
        customer_form(name="中心自有客户", phone="13811113333"), confirm_duplicate=True))
    apply.apply_batch(db, branch.node_id, [e1, _replace_payment(e2, customer_id=own.id)])

    ctx = _ctx(db, Settings(db_url=db.url), "super1")
    module = SyncConflictsModule(ctx, "centre")
    qtbot.addWidget(module)
    module.show()
    with qtbot.waitSignal(module.loaded, timeout=10000):
        module.refresh()
    rows = module.model.rows()
    index = next(i for i, r in enumerate(rows) if r.kind == "scope" and r.tbl == "payment")
    module.table.selectRow(index)
    assert module.unbooked_action.isEnabled() and not module.centre_action.isEnabled()

    seen: list[tuple[bool, str]] = []

    def answer(dialog: QDialog) -> int:  # no assert in here: it runs inside a Qt slot
        if not isinstance(dialog, ReasonDialog):
            return int(QDialog.DialogCode.Rejected)
        dialog.submit()  # empty: refused under the field, the dialog stays
        seen.append((dialog.result() == QDialog.DialogCode.Accepted, dialog.field.error_text()))
        dialog.edit.setText("核实：该户从未在分支缴费，记录系伪造")
        dialog.submit()
        return int(dialog.result())

    ctx.dialogs.run = answer  # type: ignore[method-assign]
    with qtbot.waitSignal(module.loaded, timeout=10000):
        qtbot.keyClick(module.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert seen and not seen[0][0] and "原因" in seen[0][1]
    with db.read() as s:
        entries = s.execute(sa.select(SyncConflict.status, SyncConflict.resolution)
                            .where(SyncConflict.node_id == branch.node_id, SyncConflict.kind == "scope")).all()
        assert set(entries) == {("resolved", "not_booked")}
        assert s.scalar(sa.select(sa.func.count()).select_from(Payment).where(Payment.id == receipt.payment_id)) == 0
