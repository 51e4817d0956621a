"""The sync screens through the real main window, by keyboard (docs/sync.md#status, #conflicts):
a branch PC enrolled with the real service on loopback shows 在线 / 待发送 / 上次同步 / 冲突 in the
status bar, syncs on Ctrl+Shift+Y through the TaskRunner and shows 离线 when the centre is gone;
a supervisor at the centre decides a conflict in 同步冲突 with Ctrl+K.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, update

from app.config import Settings
from app.services import auth, customers
from app.services.setup import local_node, open_database
from app.sync import client, nodes
from db.engine import Database
from db.models import Customer, SyncConflict, User
from tests.conftest import ADMIN_PASSWORD, SUPERVISOR_PASSWORD, _setup, valid_resident_id
from tests.sync.loopback import serving
from tests.ui.helpers import ScriptedDialogs
from tests.ui.test_screenshots_cashier import save, themed, window_with  # noqa: F401 — a fixture
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.sync.conflicts import SupervisorPasswordDialog, SyncConflictsModule
from ui.tasks import TaskRunner

pytestmark = pytest.mark.pg
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GRIDCOUNTER_NO_KEYRING", "1")
    yield


@pytest.fixture
def centre(pg_url: str) -> Iterator[Database]:
    db, _ = _setup(pg_url)
    yield db
    db.dispose()


def _branch_supervisor(centre: Database, node_id: uuid.UUID) -> None:
    """super9, a supervisor of the branch (created at the centre, moved to the branch's node)."""
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    auth.create_user(
        centre, admin, auth.UserInput("super9", "钱班长", "2009", "supervisor", SUPERVISOR_PASSWORD)
    )
    auth.logout(centre, admin)
    with centre.write() as s:
        s.execute(update(User).where(User.username == "super9").values(node_id=node_id))


def _ctx(db: Database, settings: Settings, username: str) -> UiContext:
    ctx = UiContext(
        settings=settings, db=db, node=local_node(db), tasks=TaskRunner(), dialogs=ScriptedDialogs()
    )
    ctx.actor = auth.login(db, username, SUPERVISOR_PASSWORD)
    return ctx


def _ready(qtbot, window: MainWindow, role: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: (
            window.sync_feature.role == role
            and (
                role != "branch"
                or (window.sync_feature.bar is not None and window.sync_feature.bar.status is not None)
            )
        ),
        timeout=10000,
    )


@pytest.mark.usefixtures("themed")
def test_branch_status_bar_syncs_on_ctrl_shift_y_and_shows_offline(qtbot, qapp, centre, sqlite_url):
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    view, code = nodes.register_node(centre, admin, "3302", "西湖供电所")
    auth.logout(centre, admin)
    _branch_supervisor(centre, view.node_id)
    settings = Settings(db_url=sqlite_url, sync_interval_seconds=60)  # no tick during the test
    branch = open_database(settings)
    try:
        with serving(centre) as url:
            client.enrol(url, code, branch)
            ctx = _ctx(branch, settings, "super9")
            window, _page = window_with(qtbot, ctx, window_keys_first(ctx))
            _ready(qtbot, window, "branch")
            bar = window.sync_feature.bar
            assert bar is not None and bar.isVisible()
            assert "在线" in bar.link.text() and "上次同步" in bar.last.text()
            before = bar.pending.text()  # the log-in itself may be an operation waiting to be sent
            # a write at the branch: one more operation waiting
            form = customers.CustomerInput(
                "individual",
                "residential",
                "孙丽",
                "ric",
                valid_resident_id(77),
                "urban",
                "220V",
                "8",
                phone="13905710077",
                supply_address="杭州市西湖区转塘街道1号",
            )
            assert ctx.actor is not None
            customers.register_customer(
                branch, ctx.actor, customers.RegisterCustomer(form, confirm_duplicate=True)
            )
            window.sync_feature.sync.refresh()  # type: ignore[union-attr]
            qtbot.waitUntil(lambda: bar.pending.text() != before, timeout=5000)
            save(qtbot, window, "sync_status.png")
            with qtbot.waitSignal(window.sync_feature.sync.finished, timeout=15000) as done:  # type: ignore[union-attr]
                qtbot.keyClick(window, Qt.Key.Key_Y, CTRL_SHIFT)
            assert done.args[0] is not None and done.args[0].sent >= 1
            qtbot.waitUntil(lambda: bar.pending.text() == "待发送 0 条", timeout=5000)
            assert "在线" in bar.link.text()
            # the branch supervisor's 同步冲突 reads the centre's queue for this node through the API
            with centre.write() as s:
                # the customer the branch registered, at the centre now
                cid = s.scalar(select(Customer.id).where(Customer.node_id == view.node_id))
                assert cid is not None
                s.add(
                    SyncConflict(
                        node_id=view.node_id,
                        op_id=uuid.uuid4(),
                        kind="field",
                        tbl="customer",
                        row_key=json.dumps({"id": str(cid)}),
                        detail=json.dumps(
                            {
                                "fields": [
                                    {
                                        "field": "phone",
                                        "base": "13900000001",
                                        "branch": "13900000002",
                                        "centre": "13900000003",
                                    }
                                ]
                            }
                        ),
                        status="open",
                    )
                )
            module = window.sync_feature.conflicts
            assert isinstance(module, SyncConflictsModule) and module.role == "branch"
            with qtbot.waitSignal(module.loaded, timeout=10000):
                assert window.show_module_by_key("sync_conflicts")
            assert module.model.rowCount() == 1 and "13900000002" in module.detail.text()
            module.table.setFocus()
            dialogs: ScriptedDialogs = ctx.dialogs  # type: ignore[assignment]
            seen: list[SupervisorPasswordDialog] = []

            def answer(password: str):  # type: ignore[no-untyped-def]
                def fill_in(dialog):  # type: ignore[no-untyped-def]
                    assert isinstance(dialog, SupervisorPasswordDialog)
                    assert dialog.username.text() == "super9" and dialog.reason.isHidden()
                    seen.append(dialog)
                    dialog.password.setText(password)
                    dialog.accept()
                    return dialog.result()

                return fill_in

            # a wrong password: the centre refuses it, nothing is decided
            dialogs.confirms.append(True)
            dialogs.dialog_handlers.append(answer("Wrong2026"))
            qtbot.keyClick(module.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: "密码错误" in module.error.text(), timeout=10000)
            ctx.tasks.wait_idle(10000)
            assert module.model.rowCount() == 1
            dialogs.confirms.append(True)
            dialogs.dialog_handlers.append(answer(SUPERVISOR_PASSWORD))
            with qtbot.waitSignal(module.loaded, timeout=10000):  # Ctrl+B: the branch's value, at the centre
                qtbot.keyClick(module.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
            assert module.model.rowCount() == 0
            assert len(seen) == 2
            with centre.read() as s:
                [decided] = s.scalars(select(SyncConflict)).all()
            assert (
                decided.status == "resolved"
                and decided.resolution == "keep_branch"
                and decided.resolved_by == "super9"
            )
        # the centre is gone: the next round fails, the indicator says 离线 and why
        with qtbot.waitSignal(window.sync_feature.sync.finished, timeout=15000) as failed:  # type: ignore[union-attr]
            qtbot.keyClick(window, Qt.Key.Key_Y, CTRL_SHIFT)
        assert failed.args[0] is None
        sync = window.sync_feature.sync
        assert sync is not None and sync.timer.interval() == 2 * sync.base_ms  # backing off
        assert window.mode_label.text() == "分支节点"
        qtbot.waitUntil(lambda: "离线" in bar.link.text(), timeout=5000)
        assert "无法连接中心" in bar.link.toolTip()
        ctx.tasks.wait_idle(10000)
    finally:
        branch.dispose()


def window_keys_first(ctx: UiContext) -> str:
    return "customers"


@pytest.mark.usefixtures("themed")
def test_centre_supervisor_decides_a_conflict_with_ctrl_k(qtbot, qapp, centre):
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    view, _code = nodes.register_node(centre, admin, "3302", "西湖供电所")
    auth.logout(centre, admin)
    with centre.write() as s:
        s.add(
            SyncConflict(
                node_id=view.node_id,
                op_id=uuid.uuid4(),
                kind="field",
                tbl="customer",
                row_key=json.dumps({"id": str(uuid.uuid4())}),
                detail=json.dumps(
                    {
                        "fields": [
                            {
                                "field": "phone",
                                "base": "13900000001",
                                "branch": "13900000002",
                                "centre": "13900000003",
                            }
                        ]
                    }
                ),
                status="open",
            )
        )
        s.add(
            SyncConflict(
                node_id=view.node_id,
                op_id=uuid.uuid4(),
                kind="paid_bill",
                tbl="payment",
                row_key=json.dumps({"id": str(uuid.uuid4())}),
                detail=json.dumps(
                    {
                        "receipt_no": "3302-S-000012",
                        "bills": [{"bill_no": "3301-B-000031"}],
                        "excess_fen": 12000,
                    }
                ),
                status="open",
            )
        )
    settings = Settings(db_url=centre.engine.url.render_as_string(hide_password=False))
    ctx = _ctx(centre, settings, "super1")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    _ready(qtbot, window, "centre")
    assert "sync_conflicts" in window.module_keys()
    module = window.sync_feature.conflicts
    assert isinstance(module, SyncConflictsModule)
    with qtbot.waitSignal(module.loaded, timeout=10000):
        assert window.show_module_by_key("sync_conflicts")
    assert module.model.rowCount() == 2
    assert "待处理冲突 2 条" in module.summary.text()
    assert "分支的值" in module.detail.text()
    save(qtbot, window, "sync_conflicts.png")
    module.table.setFocus()
    ctx.dialogs.confirms.append(True)  # type: ignore[attr-defined]
    with qtbot.waitSignal(module.loaded, timeout=10000):
        qtbot.keyClick(module.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert module.model.rowCount() == 1
    with centre.read() as s:
        decided = s.scalars(select(SyncConflict).where(SyncConflict.status == "resolved")).all()
    assert len(decided) == 1 and decided[0].resolved_by == "super1"
    assert any(kind == "confirm" for kind, _t, _x in ctx.dialogs.asked)  # type: ignore[attr-defined]
    ctx.tasks.wait_idle(10000)


def test_a_standalone_database_gets_no_sync_screens(qtbot, ui_ctx):
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not ui_ctx.tasks.pending, timeout=5000)
    assert window.sync_feature.role == "" and window.sync_feature.bar is None
    assert "sync_conflicts" not in window.module_keys()


def test_status_bar_warns_about_the_clock_and_shows_offline(qtbot):
    import datetime as dt

    from app.sync.client import BranchStatus
    from ui.sync.status import SyncStatusBar

    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    bar.show_status(BranchStatus("3302", "https://sync.example.cn", 3, 10, 99, now, now, "", 2, 86400))
    assert (
        bar.link.text() == "● 在线"
        and bar.pending.text() == "待发送 3 条"
        and bar.conflicts.text() == "冲突 2"
    )
    assert not bar.clock.isHidden() and "1440 分钟" in bar.clock.text()
    later = now + dt.timedelta(minutes=1)
    bar.show_status(
        BranchStatus(
            "3302",
            "https://sync.example.cn",
            0,
            10,
            99,
            now,
            later,
            "无法连接中心（ConnectError），稍后自动重试",
            0,
            5,
        )
    )
    assert bar.link.text() == "● 离线" and "无法连接中心" in bar.link.toolTip() and bar.clock.isHidden()


def test_status_bar_shows_a_node_the_centre_stopped_apart_from_offline(qtbot):
    import datetime as dt

    from app.sync.client import REFUSED_PREFIX, BranchStatus
    from ui.sync.status import SyncStatusBar

    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    later = now + dt.timedelta(minutes=1)
    refusal = "中心拒绝了本节点：节点3302已被中心停止同步：电脑被盗"
    bar.show_status(
        BranchStatus("3302", "https://sync.example.cn", 0, 10, 99, now, later, REFUSED_PREFIX + refusal, 0, 0)
    )
    assert bar.link.text() == "● 已停止同步，请联系中心"
    assert bar.link.property("role") == "errorBox" and bar.link.toolTip() == refusal
    bar.show_status(
        BranchStatus(
            "3302", "https://sync.example.cn", 0, 10, 99, now, later, "无法连接中心（ConnectError）", 0, 0
        )
    )
    assert bar.link.text() == "● 离线" and bar.link.property("role") == "error"


def test_a_round_with_refused_envelopes_says_so(qtbot):
    from types import SimpleNamespace

    from app.sync.client import RoundReport
    from ui.sync.status import BranchSync, SyncStatusBar

    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    sync = BranchSync(SimpleNamespace(settings=Settings()), bar)  # type: ignore[arg-type]
    messages: list[str] = []
    sync.statusMessage.connect(messages.append)
    sync._done(RoundReport(sent=2, applied=1, refused=1, messages=("第5–5条：链校验失败",)))
    assert messages and "拒收 1 组" in messages[-1] and "链校验失败" in messages[-1]


def test_conflict_rows_show_words_not_codes(qapp):
    """Tender codes, status values, row images, table names and database error names are shown
    through the screens' label maps, never raw."""
    from app.sync.tables import SYNC_TABLES
    from ui.sync.rows import TABLE_LABELS, conflict_row, table_label

    assert {s.name for s in SYNC_TABLES} <= set(TABLE_LABELS)
    assert table_label("work_order_step") == "工单处理环节"
    day_end = conflict_row(
        {
            "id": "1",
            "kind": "day_end",
            "tbl": "cashier_session",
            "fields": [
                {"name": "cash", "label": "cash", "base": "", "branch": "¥10.00", "centre": "¥5.00"},
                {"name": "card", "label": "card", "base": "", "branch": "¥1.00", "centre": "¥0.00"},
            ],
        }
    )
    assert "现金" in day_end.field and "银行卡" in day_end.field and "cash" not in day_end.branch
    state = conflict_row(
        {
            "id": "2",
            "kind": "state",
            "tbl": "application",
            "summary": "业务受理：中心已将状态改为 suspended，分支在状态 in_progress 下做了修改",
            "fields": [
                {
                    "name": "status",
                    "label": "状态",
                    "base": "in_progress",
                    "branch": "cancelled",
                    "centre": "suspended",
                }
            ],
            "detail": {
                "before": {"status": "in_progress"},
                "after": {"status": "cancelled"},
                "centre": {"status": "suspended"},
            },
        }
    )
    assert "挂起" in state.summary and "受理中" in state.summary and "suspended" not in state.summary
    assert state.branch == "已撤销" and state.centre == "挂起"
    closed = conflict_row(
        {
            "id": "3",
            "kind": "field",
            "tbl": "customer",
            "fields": [{"name": "status", "label": "状态", "branch": "closed", "centre": "normal"}],
        }
    )
    assert closed.branch == "销户" and closed.centre == "正常"
    image = conflict_row(
        {
            "id": "4",
            "kind": "row",
            "tbl": "payment",
            "detail": {
                "branch": {
                    "receipt_no": "3302R0001",
                    "amount_fen": 12345,
                    "id_no": "110101199003071234",
                    "kind": "payment",
                },
                "centre": {"receipt_no": "3302R0001", "amount_fen": 10000},
            },
        }
    )
    assert "收据号 3302R0001" in image.branch and "¥123.45" in image.branch and "{" not in image.branch
    assert "110101199003071234" not in image.branch and "payment" not in image.branch
    failed = conflict_row(
        {
            "id": "5",
            "kind": "apply",
            "tbl": "work_order_step",
            "summary": "第3–3条操作未能按原样应用：UniqueViolation；已记入日志，收费已保留，其余修改（work_order_step）待处理",
        }
    )
    assert "UniqueViolation" not in failed.summary and "记录重复" in failed.summary
    assert "work_order_step" not in failed.summary and "工单处理环节" in failed.summary
