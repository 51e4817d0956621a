"""What the clerk sees when the database fails (issue 7 #11, #15), driven by the keyboard.

* The log-in, the idle lock and the users screen show an unexpected database error as
  "数据库错误（日志编号 …）" — never the SQL or a value bound to it — and the log entry carries
  that reference.
* Another program holding the SQLite write lock: the log-in and the payment dialog say in
  Chinese that the database is busy, within seconds; the payment's retry (Enter again, same
  request id) posts exactly once.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from app.services import auth
from app.services.setup import open_database
from db.models import Payment
from tests.conftest import CLERK_PASSWORD
from tests.services.test_database_errors import ID_NUMBER, PHONE, LockHolder
from tests.ui.helpers import actor_of
from tests.ui.test_billing_admin_ui import super_ctx  # noqa: F401 — a fixture
from tests.ui.test_payment_flow import keys, make_dialog, open_shift, seed_bills, seed_customer
from tests.ui.test_payment_flow import press as press_focused
from tests.ui.test_shell import _attempt, _login_dialog, _main, press, type_text
from ui.context import UiContext
from ui.payments import dialog as dialog_module
from ui.users.screen import UsersModule

BUSY = "数据库正忙：另一个程序正在写入数据库（例如备份或另一台柜台程序），请稍后重试"
REFERENCE = re.compile(r"数据库错误（日志编号 (\d{8}-\d{4}-[0-9a-f]{4})）")


def _db_error(ctx: UiContext) -> DBAPIError:
    """A real driver error whose statement was bound to an ID number and a phone."""
    try:
        with ctx.db.read() as s:
            s.execute(
                text("SELECT value FROM no_such_table WHERE phone = :p AND id_number = :i"),
                {"p": PHONE, "i": ID_NUMBER},
            )
    except DBAPIError as exc:
        return exc
    raise AssertionError("the query ran")


def _raiser(exc: BaseException):  # type: ignore[no-untyped-def]
    def fail(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise exc

    return fail


def _check_shown_and_logged(shown: str, caplog) -> None:  # type: ignore[no-untyped-def]
    found = REFERENCE.search(shown)
    assert found is not None, shown
    assert (
        PHONE not in shown
        and ID_NUMBER not in shown
        and "SELECT" not in shown
        and "no_such_table" not in shown
    )
    ours = [r.getMessage() for r in caplog.records if found.group(1) in r.getMessage()]
    assert [m for m in ours if "no_such_table" in m]  # the administrator's clue is in that log entry
    assert PHONE not in caplog.text and ID_NUMBER not in caplog.text


@pytest.fixture
def quick_ctx(ui_ctx: UiContext) -> Iterator[UiContext]:
    """The UI over the same file with a 1-second busy timeout (the setting), so tests wait little."""
    normal = ui_ctx.db
    settings = dataclasses.replace(ui_ctx.settings, db_busy_timeout_seconds=1)
    ui_ctx.db = open_database(settings)
    ui_ctx.settings = settings
    yield ui_ctx
    ui_ctx.tasks.wait_idle(10000)
    ui_ctx.db.dispose()
    ui_ctx.db = normal


def test_login_shows_a_database_error_calmly_with_its_log_reference(
    qtbot, ui_ctx, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(auth, "login", _raiser(_db_error(ui_ctx)))
    dialog = _login_dialog(qtbot, ui_ctx)
    type_text(qtbot, dialog, "clerk1")
    press(qtbot, dialog, Qt.Key.Key_Return)
    with caplog.at_level(logging.INFO):
        _attempt(qtbot, dialog, CLERK_PASSWORD)
    assert dialog.error.isVisibleTo(dialog)
    _check_shown_and_logged(dialog.error.text(), caplog)
    assert dialog.actor is None


def test_idle_lock_and_users_screen_show_the_reference_not_the_sql(
    qtbot,
    ui_ctx,
    login_as,
    monkeypatch,  # type: ignore[no-untyped-def]
    caplog,
) -> None:
    window = _main(qtbot, ui_ctx)
    monkeypatch.setattr(auth, "unlock_screen", _raiser(_db_error(ui_ctx)))
    window.lock_screen()
    qtbot.waitUntil(lambda: window.lock is not None and window.lock.isVisible(), timeout=5000)
    lock = window.lock
    assert lock is not None
    with caplog.at_level(logging.INFO):
        type_text(qtbot, lock, CLERK_PASSWORD)
        press(qtbot, lock, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: lock.error.text() != "", timeout=5000)
    _check_shown_and_logged(lock.error.text(), caplog)

    caplog.clear()
    login_as(ui_ctx, "admin")
    monkeypatch.setattr(auth, "list_users", _raiser(_db_error(ui_ctx)))
    screen = UsersModule(ui_ctx)
    qtbot.addWidget(screen)
    with caplog.at_level(logging.INFO):
        screen.refresh()
        qtbot.waitUntil(lambda: bool(ui_ctx.dialogs.asked), timeout=5000)
    kind, _title, shown = ui_ctx.dialogs.asked[-1]
    assert kind == "error"
    _check_shown_and_logged(shown, caplog)


def test_login_says_the_database_is_busy_while_another_program_writes(qtbot, quick_ctx) -> None:  # type: ignore[no-untyped-def]
    holder = LockHolder(quick_ctx.settings.db_url)
    try:
        dialog = _login_dialog(qtbot, quick_ctx)
        type_text(qtbot, dialog, "clerk1")
        press(qtbot, dialog, Qt.Key.Key_Return)
        _attempt(qtbot, dialog, CLERK_PASSWORD)
        assert dialog.error.text() == BUSY and dialog.actor is None
    finally:
        holder.release()
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        _attempt(qtbot, dialog, CLERK_PASSWORD)  # the lock is gone: the same log-in works


def test_a_payment_while_the_database_is_busy_says_so_and_the_retry_posts_once(
    qtbot,
    quick_ctx,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    customer = seed_customer(quick_ctx)
    seed_bills(quick_ctx, customer, [200])
    open_shift(quick_ctx)
    real = dialog_module.payment_service.post_payment
    requests: list[object] = []

    def recording(db, actor, cmd):  # type: ignore[no-untyped-def]
        requests.append(cmd.request_id)
        return real(db, actor, cmd)

    monkeypatch.setattr(dialog_module.payment_service, "post_payment", recording)
    dialog = make_dialog(qtbot, quick_ctx, customer)
    keys(qtbot, f"{dialog.due_fen / 100:.2f}")
    holder = LockHolder(quick_ctx.settings.db_url)
    try:
        press_focused(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(requests) and not dialog.posting, timeout=10000)
        assert dialog.receipt is None
        assert dialog.error_text("general") == BUSY
    finally:
        holder.release()
    dialog.confirm_button.setFocus()
    press_focused(qtbot, Qt.Key.Key_Return)  # the clerk's retry
    qtbot.waitUntil(lambda: dialog.receipt is not None, timeout=10000)
    assert requests == [dialog.request_id, dialog.request_id]
    with quick_ctx.db.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(Payment).where(Payment.customer_id == customer.id)) == 1
        )
    assert actor_of(quick_ctx).username == "clerk1"


# ---- bad import files through the bills import page (issue 7 #14) --------------------------------


def test_bills_import_page_lists_a_nul_and_an_oversized_cell_by_row_and_refuses_a_big_file(  # type: ignore[no-untyped-def]
    qtbot,
    super_ctx,  # noqa: F811 — the fixture
    tmp_path,
) -> None:
    import dataclasses as dc

    from tests.ui.test_bill_import_ui import HEADER, PERIOD, counts
    from tests.ui.test_billing_admin_ui import accounts, make_module
    from ui.billing_admin.models import RowErrorColumn

    a, b = accounts(super_ctx)
    path = tmp_path / "账单_坏.csv"
    path.write_bytes(
        (
            f"{HEADER}\n{a},{PERIOD},230,123.74,,正常\n{b},{PERIOD},120,64.00,,备\x00注\n"
            f"{a},{PERIOD},{'9' * 200_000},1.00,,\n"
        ).encode()
    )
    module = make_module(qtbot, super_ctx)
    page = module.bills_page
    super_ctx.dialogs.files.append(str(path))
    press(qtbot, module, Qt.Key.Key_F12)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.bills.last_report is not None, timeout=10000)
    model = page.error_table.model()

    def shown() -> list[tuple[str, str, str]]:
        return [
            tuple(
                model.index(r, c).data()
                for c in (RowErrorColumn.LINE, RowErrorColumn.COLUMN, RowErrorColumn.MESSAGE)
            )
            for r in range(model.rowCount())
        ]  # type: ignore[misc]

    assert shown() == [
        ("第 3 行", "备注", "含有空字符（NUL），文件可能已损坏或不是文本格式的 CSV"),
        ("第 4 行", "—", "单元格内容过长（超过 131072 个字符），无法读取；请检查该行"),
    ]
    assert counts(super_ctx) == (0, 0)
    module.resize(1100, 700)
    module.grab().save(str(tmp_path / "bad_rows.png"))

    super_ctx.settings = dc.replace(super_ctx.settings, import_max_mb=1)
    path.write_bytes(f"{HEADER}\n".encode() + f"{a},{PERIOD},230,123.74,,\n".encode() * 60_000)
    module.bills.last_report = None
    super_ctx.dialogs.files.append(str(path))
    press(qtbot, module, Qt.Key.Key_F12)
    press(qtbot, module, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: module.bills.last_report is not None, timeout=10000)
    assert shown() == [("整个文件", "—", "文件过大（1.9 MB），超过导入上限 1.0 MB；请分成几个文件分批导入")]
    qtbot.wait(200)
    module.grab().save(str(tmp_path / "too_big.png"))
