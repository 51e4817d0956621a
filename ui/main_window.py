"""The main window (主窗口): module list on the left, the module on the right, menus holding
every action with its shortcut, and the status bar (node, mode, database, clerk, clock).

Modules are plain widgets with ``actions()`` (their own shortcuts) and ``focus_search()``.
Only the current module's shortcuts are live: two modules may both use F4 for "edit", and
Qt would otherwise report an ambiguous shortcut and run neither. A module's
``global_actions()`` are the exception (F7 开班 / F8 交班 of the cashier module): they stay live
in every module, sit in the always-visible 班次 menu, and a module that needs to be seen to
finish one (F8's count) emits ``showRequested``.

A barcode scanner's burst (digits + Enter, faster than anyone types) lands on the customer
from anywhere in the window; see :class:`ScannerFilter`. Quitting with a cashier session
still open asks first (``confirm_quit(answer)`` of the modules, answered through a callback).

Modules plug into the shell, not into each other: billing, payments and the cashier add their
tabs, figures and actions to the customer view through its host interface
(ui/customers/host.py), wired here by :func:`plug_customer_features`; a write announces what it
changed on ``ctx.changes`` (ui/changes.py) and every open screen decides whether to reload.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services.permissions import allowed
from ui.context import UiContext
from ui.i18n import fill
from ui.idle_lock import IdleWatcher, LockScreen
from ui.login import ChangePasswordDialog
from ui.palette import restyle
from ui.users.model import role_label
from ui.widgets import StatusClock, heading, muted

if TYPE_CHECKING:
    from ui.billing.customer_hook import CustomerBills
    from ui.customers.host import CustomerHost
    from ui.insights.customer_hook import CustomerInsightsHint
    from ui.payments.customer_hook import CustomerPayments
    from ui.workorders.customer_hook import CustomerWorkOrders

log = logging.getLogger(__name__)


@dataclass
class CustomerFeatures:
    """What the other modules added to the customer view (kept for tests and for the window)."""

    bills: CustomerBills
    payments: CustomerPayments
    insights: CustomerInsightsHint | None = None
    work_orders: CustomerWorkOrders | None = None


def plug_customer_features(ctx: UiContext, host: CustomerHost) -> CustomerFeatures:
    """Plug billing, payments and the cashier into the customer view, in tab order. A new
    module (service applications, work orders, sync status) adds one line here: its feature
    object built with ``(ctx, host)`` (see ui/customers/host.py)."""
    from ui.applications.customer_hook import CustomerApplications
    from ui.billing.customer_hook import CustomerBills
    from ui.cashier.open_dialog import open_session
    from ui.insights.customer_hook import CustomerInsightsHint
    from ui.outages.customer_hook import CustomerOutages
    from ui.payments.customer_hook import CustomerPayments
    from ui.workorders.customer_hook import CustomerWorkOrders

    bills = CustomerBills(ctx, host)  # 账单 tab, header figures
    payments = CustomerPayments(ctx, host, bills=bills, open_session=partial(open_session, ctx))  # 缴费记录, F6, Ctrl+P
    applications = CustomerApplications(ctx, host, take_payment=payments.take_payment)  # 业务, F9 受理
    work_orders = CustomerWorkOrders(ctx, host)  # 工单, F11 登记诉求
    # 阶梯进度 in the header, abnormal usage (→ 计量装置校验 or a work order) and the TOU hint
    insights = CustomerInsightsHint(
        ctx, host, offer_meter_test=lambda _customer: applications.accept_application("meter_test"),
        offer_work_order=work_orders.record_work_order,
    )
    CustomerOutages(ctx, host)  # 停电 notice under the header, 停电 mark on the search results
    return CustomerFeatures(bills, payments, insights, work_orders)


@dataclass
class ModulePage:
    key: str
    title: str
    widget: QWidget
    actions: list[QAction]
    switch_action: QAction
    menu: QMenu | None = None
    saved_shortcuts: dict[int, list[QKeySequence]] = field(default_factory=dict)
    global_actions: list[QAction] = field(default_factory=list)


#: A scanner "types" a whole code in a few milliseconds a key; a person needs 80 ms or more.
SCAN_GAP_MS = 30
#: Shorter bursts are not taken for a scan (two digits pressed together by a person).
SCAN_MIN_DIGITS = 6

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def is_editable(widget: QWidget | None) -> bool:
    """Does typing into ``widget`` change its text (a form field the clerk is filling in)?"""
    if widget is None:
        return False
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QAbstractItemView):
        return False  # a cell being edited has its own editor widget with the focus
    # Any other text input (an editor of a custom widget) asks for the input method.
    return widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


class ScannerFilter(QObject):
    """Catches a barcode scanner's burst (digits then Enter, each key within ``SCAN_GAP_MS``
    of the last) wherever the focus is in ``window`` — a table, a button, the module list —
    and emits ``scanned(code)`` instead of letting the keys scatter.

    Installed on the application (key events go to the focus widget, never to the window).
    Keys for a form field (a line edit, spin box, editable combo box… with the focus) are
    never touched: a phone number typed or scanned into a field stays in that field. Nor is
    anything in another window (a dialog, the lock screen, a menu). The first digit of a
    run passes through (a person's single key still does what it did); the digits after it
    that come at scanner speed are held back, and Enter at the end hands the code over.
    """

    scanned = Signal(str)

    def __init__(self, window: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(window)
        self.window = window
        self.clock = clock
        self.digits: list[str] = []
        self.last_ms: float | None = None

    def reset(self) -> None:
        self.digits = []
        self.last_ms = None

    def _now_ms(self, event: QKeyEvent) -> float:
        # The window system's time of the key press when it gives one (a busy UI thread does
        # not make a person's keys look fast); synthesised events carry 0.
        stamp = event.timestamp()
        return float(stamp) if stamp else self.clock() * 1000.0

    def _fast(self, now: float) -> bool:
        return self.last_ms is not None and 0 <= now - self.last_ms <= SCAN_GAP_MS

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or not isinstance(event, QKeyEvent):
            return False
        focus = QApplication.focusWidget()
        target = focus if focus is not None else self.window
        if watched is not target:
            return False  # the same key on its way to a parent, or another object's event
        if target.window() is not self.window or not self.window.isActiveWindow() or is_editable(target):
            if kind == QEvent.Type.KeyPress:
                self.reset()
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key, text = event.key(), event.text()
        if kind == QEvent.Type.ShortcutOverride:
            # Enter closing a burst must reach us as a key press, not fire a shortcut.
            if key in _ENTER_KEYS and not modifiers and len(self.digits) >= SCAN_MIN_DIGITS:
                event.accept()
                return True
            return False
        now = self._now_ms(event)
        if not modifiers and not event.isAutoRepeat() and len(text) == 1 and "0" <= text <= "9":
            if self.digits and self._fast(now):
                self.digits.append(text)
                self.last_ms = now
                return True
            self.digits, self.last_ms = [text], now
            return False
        if key in _ENTER_KEYS and not modifiers and len(self.digits) >= SCAN_MIN_DIGITS and self._fast(now):
            code = "".join(self.digits)
            self.reset()
            log.info("scanner input of %d digits caught outside the search box", len(code))
            self.scanned.emit(code)
            return True
        self.reset()
        return False


def short_db_label(display_url: str, max_chars: int = 46) -> str:
    """``sqlite:///<data folder>/GridCounter/gridcounter.db`` → ``SQLite …/GridCounter/gridcounter.db``."""
    scheme, _, rest = display_url.partition("://")
    if scheme.startswith("sqlite"):
        path = rest[1:] if rest.startswith("/") else rest
        if not path:
            return "SQLite :memory:"
        pure = PureWindowsPath(path) if ("\\" in path or ":" in path[:3]) else PurePosixPath(path)
        shown = pure.name if len(pure.parts) < 3 else f"…/{pure.parent.name}/{pure.name}"
        text = f"SQLite {shown}"
    else:
        kind = "PostgreSQL" if scheme.startswith("postgres") else scheme
        text = f"{kind} {rest.rsplit('@', 1)[-1]}"
    if len(text) > max_chars:
        text = text[: max_chars // 2 - 1] + "…" + text[-(max_chars - max_chars // 2):]
    return text


class MainWindow(QMainWindow):
    """``logged_out(message)``: back to the log-in window (message shown there).
    ``quit_requested``: the clerk closed the program."""

    logged_out = Signal(str)
    quit_requested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None, "the main window needs a logged-in user"
        self.ctx = ctx
        self.modules: list[ModulePage] = []
        self.customer_features: CustomerFeatures | None = None
        self.badge_labels: dict[str, QLabel] = {}
        self.global_menu: QMenu | None = None
        self.lock: LockScreen | None = None
        self._ending = False
        self._quit_asking = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(fill(self.tr("GridCounter 电力营业厅柜台业务系统 — %1"), ctx.node.name))
        self.resize(1280, 800)
        self.setMinimumSize(960, 600)
        self._build_navigation()
        side = self._build_side_panel()
        self._build_central(side)
        self._build_system_menu()
        self.modules_menu = self.menuBar().addMenu(self.tr("模块(&M)"))
        self._build_modules()
        self._build_help_menu()
        self._build_status_bar()
        self._build_sync()
        self._build_customer_display()
        self._install_scanner()
        self.idle = IdleWatcher(ctx.settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock_screen)
        self._show_first_module()

    # ---- construction ---------------------------------------------------------------------------

    def _build_navigation(self) -> None:
        """The module list on the left and the stack of module pages it switches."""
        self.nav = QListWidget(self)
        self.nav.setObjectName("moduleNav")
        self.nav.setFixedWidth(180)
        self.nav.setFrameShape(QFrame.Shape.NoFrame)
        self.nav.currentRowChanged.connect(lambda row: self.show_module(row, focus=False))
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("moduleStack")

    def _build_side_panel(self) -> QFrame:
        """功能模块, the module list and the Ctrl+digit hint."""
        side = QFrame(self)
        side.setObjectName("sidePanel")
        # Colours in ui/palette.py; this sheet of its own keeps the title's contents margins as set.
        side.setStyleSheet("QFrame#sidePanel QLabel { background: transparent; }")
        side.setFixedWidth(180)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 12, 0, 8)
        side_layout.setSpacing(6)
        title = heading(self.tr("功能模块"), 14, parent=side)
        title.setContentsMargins(14, 0, 0, 0)
        side_layout.addWidget(title)
        side_layout.addWidget(self.nav, 1)
        self.side_hint = muted(self.tr("Ctrl+数字键 切换模块"), side)
        self.side_hint.setContentsMargins(14, 0, 8, 0)
        side_layout.addWidget(self.side_hint)
        return side

    def _build_central(self, side: QFrame) -> None:
        """The side panel, a one-pixel divider and the module stack."""
        divider = QFrame(self)
        divider.setObjectName("sideDivider")
        divider.setFixedWidth(1)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(divider)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _install_scanner(self) -> None:
        """A bar-code scanner's keystrokes go to the modules that can take a scan."""
        self.scanner: ScannerFilter | None = None
        if any(callable(getattr(page.widget, "scan", None)) for page in self.modules):
            self.scanner = ScannerFilter(self)
            self.scanner.scanned.connect(self.scan)
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self.scanner)

    def _show_first_module(self) -> None:
        if self.modules:
            self.show_module(0, focus=False)
        else:
            self.stack.addWidget(self._placeholder(self.tr("当前用户没有可用的功能模块，请联系系统管理员。")))

    def _action(self, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: Callable[[], object],
                menu: QMenu | None = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if name:
            action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_customer_display(self) -> None:
        """The customer display on a second screen and the satisfaction rating
        (ui/customer_display/): handed to the features through ``ctx.customer_display``."""
        from ui.customer_display.display import CustomerDisplay

        def report(text: str, _error: bool = False) -> None:
            self.statusBar().showMessage(text, 10000)

        self.customer_display = CustomerDisplay(self.ctx, self, report)
        self.ctx.customer_display = self.customer_display
        self.addAction(self.customer_display.skip_action)
        self.system_menu.insertAction(self.lock_action, self.customer_display.skip_action)

    def _build_sync(self) -> None:
        """Offline branches (ui/sync/): the branch's status-bar indicator and background sync,
        the supervisor's 同步冲突 module; nothing on a standalone or plain shared database."""
        from ui.sync.plug import SyncFeature

        self.sync_feature = SyncFeature(self.ctx, self, self)

    def _build_system_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("系统(&S)"))
        self.system_menu = menu
        self.lock_action = self._action(self.tr("锁定屏幕"), "Ctrl+L", self.lock_screen, menu, "lockAction")
        self.password_action = self._action(self.tr("修改密码…"), "Ctrl+Shift+P", self.change_password, menu,
                                            "passwordAction")
        self.printer_action = self._action(self.tr("打印机设置…"), "Ctrl+Shift+R", self.printer_settings, menu,
                                           "printerAction")
        if self.ctx.actor is not None and allowed(self.ctx.actor, "hall_rules.manage"):
            self.hall_rules_action = self._action(self.tr("营业厅业务规则…"), "Ctrl+Shift+G", self.hall_rules,
                                                  menu, "hallRulesAction")
            self.workorder_config_action = self._action(self.tr("工单时限与诉求分类…"), "Ctrl+Shift+J",
                                                        self.workorder_config, menu, "workOrderConfigAction")
        if self.ctx.actor is not None and allowed(self.ctx.actor, "audit.verify"):  # supervisors, administrators
            self.backup_action = self._action(self.tr("立即备份数据库"), "Ctrl+Shift+B", self.backup_now, menu,
                                              "backupAction")
        menu.addSeparator()
        self.logout_action = self._action(self.tr("注销（返回登录）"), "Ctrl+Q", self.logout, menu, "logoutAction")
        self.quit_action = self._action(self.tr("退出程序"), "Ctrl+Shift+Q", self.quit_app, menu, "quitAction")

    def _build_help_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.shortcuts_action = self._action(self.tr("快捷键一览"), "F1", self.show_shortcuts, menu)
        self._action(self.tr("关于 GridCounter"), "Shift+F1", self.show_about, menu)

    def _build_modules(self) -> None:
        customers = self._load_customers()
        if customers is not None:
            self.add_module("customers", self.tr("客户"), customers, self.tr("客户(&C)"))
        actor = self.ctx.actor
        if actor is not None:
            from ui.billing_admin.module import BillingAdminModule
            from ui.cashier.module import CashierModule

            if CashierModule.visible_for(actor):
                self.add_module("cashier", self.tr("收费班次"), CashierModule(self.ctx, self), self.tr("收费班次(&K)"))
            if BillingAdminModule.visible_for(actor):
                self.add_module("billing", self.tr("电费管理"), BillingAdminModule(self.ctx, self),
                                self.tr("电费(&B)"))
        if actor is not None and allowed(actor, "application.view"):
            from ui.applications.module import ApplicationsModule

            # completing a 新装 registers its customer through the customer view's host
            host = getattr(customers, "host", None)
            self.add_module("applications", self.tr("业务受理"),
                            ApplicationsModule(self.ctx, self, registration=host), self.tr("业务受理(&Y)"))
        if actor is not None and allowed(actor, "workorder.view"):
            from ui.workorders.module import WorkOrdersModule

            self.add_module("workorders", self.tr("诉求工单"), WorkOrdersModule(self.ctx, self), self.tr("工单(&W)"))
        if actor is not None and (allowed(actor, "report.view") or allowed(actor, "report.arrears")):
            from ui.reports.module import ReportsModule

            self.add_module("reports", self.tr("报表"), ReportsModule(self.ctx, self), self.tr("报表(&R)"))
        if actor is not None and allowed(actor, "dashboard.view"):  # the supervisor's 看板
            from ui.dashboard.module import DashboardModule

            self.add_module("dashboard", self.tr("看板"), DashboardModule(self.ctx, self), self.tr("看板(&D)"))
        if actor is not None and allowed(actor, "outage.manage"):  # the supervisor's 停电信息
            from ui.outages.module import OutagesModule

            self.add_module("outages", self.tr("停电信息"), OutagesModule(self.ctx, self), self.tr("停电(&O)"))
        if self.ctx.actor is not None and allowed(self.ctx.actor, "user.manage"):
            from ui.users.screen import UsersModule

            self.add_module("users", self.tr("用户管理"), UsersModule(self.ctx, self), self.tr("用户(&U)"))
        if self.ctx.actor is not None and allowed(self.ctx.actor, "catalogue.manage"):
            from ui.applications.catalogue_admin import CatalogueAdminModule

            self.add_module("catalogue", self.tr("业务类型目录"), CatalogueAdminModule(self.ctx, self), self.tr("业务目录(&T)"))
        if self.ctx.actor is not None and allowed(self.ctx.actor, "audit.view"):
            from ui.audit.module import AuditModule

            self.add_module("audit", self.tr("审计"), AuditModule(self.ctx, self), self.tr("审计(&A)"))

    def _load_customers(self) -> QWidget | None:
        try:
            from ui.customers.module import CustomersModule
        except ModuleNotFoundError as exc:
            if exc.name in ("ui.customers", "ui.customers.module"):
                log.warning("the customers module is not installed")
                return None
            log.exception("the customers module could not be loaded")
            return self._placeholder(fill(self.tr("客户模块加载失败，已记录到日志：%1"), str(exc)))
        module: CustomersModule | None = None
        try:
            module = CustomersModule(self.ctx, self)
            self.customer_features = plug_customer_features(self.ctx, module.host)
            return module
        except Exception as exc:  # a broken module must not keep the counter from opening
            log.exception("the customers module could not be started")
            if module is not None:  # built, then a feature failed: not left on the window
                module.hide()
                module.deleteLater()
            return self._placeholder(fill(self.tr("客户模块启动失败，已记录到日志：%1"), str(exc)))

    def _placeholder(self, text: str) -> QWidget:
        widget = QWidget(self)
        box = QVBoxLayout(widget)
        label = muted(text, widget)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(label)
        return widget

    def add_module(self, key: str, title: str, widget: QWidget, menu_title: str) -> ModulePage:
        if any(page.key == key for page in self.modules):
            # A second entry would show the clerk two identical navigation items and steal a Ctrl+N.
            raise ValueError(f"module {key!r} is already registered")
        index = len(self.modules)
        switch = self._action(title, f"Ctrl+{index + 1}" if index < 9 else None,
                              partial(self.show_module, index), self.modules_menu, f"switch_{key}")
        actions_fn = getattr(widget, "actions", None)
        actions = list(actions_fn()) if callable(actions_fn) else []
        global_fn = getattr(widget, "global_actions", None)
        global_actions = list(global_fn()) if callable(global_fn) else []
        actions = [action for action in actions if action not in global_actions]
        for action in global_actions:
            # Added to the main window too: Qt runs a window shortcut only while one of the
            # action's widgets is visible, and this module is hidden behind the others.
            self.addAction(action)
            self._global_menu().addAction(action)
        shown = getattr(widget, "showRequested", None)
        if shown is not None and hasattr(shown, "connect"):
            shown.connect(lambda i=index: self.show_module(i, focus=False))
        menu = None
        if actions:
            menu = QMenu(menu_title, self)
            anchor = self._help_anchor()
            if anchor is None:
                self.menuBar().addMenu(menu)
            else:
                self.menuBar().insertMenu(anchor, menu)
            for action in actions:
                menu.addAction(action)
        page = ModulePage(key, title, widget, actions, switch, menu, global_actions=global_actions)
        self.modules.append(page)
        self.stack.addWidget(widget)
        item = QListWidgetItem(title)
        item.setToolTip(switch.shortcut().toString(QKeySequence.SequenceFormat.NativeText))
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        message = getattr(widget, "statusMessage", None)
        if message is not None and hasattr(message, "connect"):
            message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        badge = getattr(widget, "badgeChanged", None)  # e.g. 诉求工单's overdue / due-soon counts
        if badge is not None and hasattr(badge, "connect"):
            badge.connect(lambda text, short, i=item, t=title, k=key: self._show_badge(i, t, k, text, short))
        return page

    def _show_badge(self, item: QListWidgetItem, title: str, key: str, text: str, short: str) -> None:
        """A module's badge on its navigation item (``short``) and, in full, as a permanent label in
        the status bar."""
        item.setText(fill(self.tr("%1 %2"), title, short) if short else title)
        item.setToolTip(text or item.toolTip())
        label = self.badge_labels.get(key)
        if label is None:
            label = QLabel(self)
            label.setObjectName(f"statusBadge_{key}")
            restyle(label, role="error", strong=True)
            self.badge_labels[key] = label
            self.statusBar().insertPermanentWidget(0, label)
        label.setText(fill(self.tr("%1：%2"), title, text) if text else "")
        label.setVisible(bool(text))

    def _global_menu(self) -> QMenu:
        """班次(&J): 开班 / 交班, whichever module is shown."""
        if self.global_menu is None:
            self.global_menu = QMenu(self.tr("班次(&J)"), self)
            self.global_menu.setObjectName("globalMenu")
            self.menuBar().insertMenu(self.modules_menu.menuAction(), self.global_menu)
        return self.global_menu

    def _help_anchor(self) -> QAction | None:
        # Module menus go before 帮助 (when it exists yet), after 模块.
        for action in self.menuBar().actions():
            if action.text() == self.tr("帮助(&H)"):
                return action
        return None

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("mainStatusBar")
        bar.setSizeGripEnabled(False)
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        self.node_label = QLabel(fill(self.tr("%1（节点 %2）"), ctx.node.name, ctx.node.code))
        self.node_label.setObjectName("statusNode")
        self.node_label.setToolTip(ctx.node.company)
        self.mode_label = QLabel(self.tr("联网模式") if ctx.settings.mode == "shared" else self.tr("单机模式"))
        self.mode_label.setObjectName("statusMode")
        self.db_label = QLabel(fill(self.tr("数据库 %1"), short_db_label(ctx.db.display_url)))
        self.db_label.setObjectName("statusDb")
        self.db_label.setToolTip(ctx.db.display_url)
        self.user_label = QLabel(fill(self.tr("%1（工号 %2 · %3）"), actor.display_name, actor.employee_no, role_label(actor.role)))
        self.user_label.setObjectName("statusUser")
        self.clock = StatusClock(self)
        for label in (self.node_label, self.mode_label, self.db_label, self.user_label, self.clock):
            bar.addPermanentWidget(label)
        bar.showMessage(fill(self.tr("欢迎，%1"), actor.display_name), 8000)

    # ---- modules --------------------------------------------------------------------------------

    def module_keys(self) -> list[str]:
        return [page.key for page in self.modules]

    def current_module(self) -> ModulePage | None:
        index = self.stack.currentIndex()
        return self.modules[index] if 0 <= index < len(self.modules) else None

    def show_module(self, index: int, focus: bool = True) -> None:
        if not 0 <= index < len(self.modules):
            return
        self.stack.setCurrentIndex(index)
        if self.nav.currentRow() != index:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(index)
            self.nav.blockSignals(False)
        for i, page in enumerate(self.modules):
            self._set_module_live(page, i == index)
        if focus:
            self.focus_module()

    def show_module_by_key(self, key: str) -> bool:
        keys = self.module_keys()
        if key not in keys:
            return False
        self.show_module(keys.index(key))
        return True

    def scan(self, code: str) -> None:
        """A scanned code (the scanner's burst outside the search box): to the customers module."""
        for index, page in enumerate(self.modules):
            scan = getattr(page.widget, "scan", None)
            if callable(scan):
                self.show_module(index, focus=False)
                scan(code)
                return

    def focus_module(self) -> None:
        page = self.current_module()
        if page is None:
            return
        focus = getattr(page.widget, "focus_search", None)
        if callable(focus):
            focus()
        else:
            page.widget.setFocus()

    def _set_module_live(self, page: ModulePage, live: bool) -> None:
        if page.menu is not None:
            page.menu.menuAction().setVisible(live)
        for action in page.actions:
            key = id(action)
            if live:
                if key in page.saved_shortcuts:
                    action.setShortcuts(page.saved_shortcuts.pop(key))
            elif key not in page.saved_shortcuts:
                page.saved_shortcuts[key] = action.shortcuts()
                action.setShortcuts([])

    # ---- system actions -------------------------------------------------------------------------

    def lock_screen(self) -> None:
        if self.lock is not None or self._ending:
            return
        self.idle.stop()
        log.info("screen locked for %s", self.ctx.actor.username if self.ctx.actor else "?")
        lock = LockScreen(self.ctx, self)
        lock.unlocked.connect(self._unlocked)
        lock.end_session.connect(self._lock_ended)
        self.lock = lock
        lock.open()
        lock.raise_()
        lock.activateWindow()

    def _unlocked(self) -> None:
        if self.lock is not None:
            self.lock.deleteLater()
            self.lock = None
        self.idle.start()
        self.statusBar().showMessage(self.tr("已解锁"), 4000)
        self.focus_module()

    def _lock_ended(self, message: str) -> None:
        if self.lock is not None:
            self.lock.deleteLater()
            self.lock = None
        self.logout(message, force=True)

    def printer_settings(self) -> None:
        """Receipt printer and paper for this counter (saved in this PC's settings file)."""
        from ui.settings.printer import PrinterSettingsDialog

        dialog = PrinterSettingsDialog(self.ctx, self)
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()

    def hall_rules(self) -> None:
        """Late fees, payment limits, lockout: one set for the whole hall, kept in the database."""
        from ui.settings.hall_rules import HallRulesDialog

        dialog = HallRulesDialog(self.ctx, self)
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()

    def backup_now(self) -> None:
        """A verified backup into the backup folder now (docs/backup.md); payments go on meanwhile."""
        from ui.backup import backup_runner

        backup_runner().start(self.ctx, self, automatic=False,
                              say=lambda text: self.statusBar().showMessage(text, 15000))

    def workorder_config(self) -> None:
        """Work-order deadline figures and category tree: one set for the whole hall, in the database."""
        from ui.settings.workorder_config import WorkOrderConfigDialog

        dialog = WorkOrderConfigDialog(self.ctx, self)
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()

    def change_password(self) -> None:
        dialog = ChangePasswordDialog(self.ctx, self)
        try:
            self.ctx.dialogs.run(dialog)
            blocked = dialog.blocked_message
        finally:
            dialog.deleteLater()
        if blocked:  # too many wrong current passwords: the account is locked now
            self.logout(blocked, force=True)

    def _modules_can_close(self) -> bool:
        for page in self.modules:
            can_close = getattr(page.widget, "can_close", None)
            if callable(can_close) and not can_close():
                self.show_module(self.modules.index(page))
                return False
        return True

    def _modules_allow_quit(self, then: Callable[[], None]) -> None:
        """Quitting (not logging out) with an open cashier session asks first. The modules
        answer through a callback (the cashier module asks the database off the UI thread);
        ``then`` runs when every module agrees."""
        if self._quit_asking:
            return  # a second 退出 while the first is being asked
        pages = [page.widget for page in self.modules if callable(getattr(page.widget, "confirm_quit", None))]
        self._quit_asking = True

        def step(index: int, agreed: bool = True) -> None:
            if not agreed or self._ending:
                self._quit_asking = False
                return
            if index == len(pages):
                self._quit_asking = False
                then()
                return
            pages[index].confirm_quit(lambda ok: step(index + 1, ok))  # type: ignore[attr-defined]

        step(0)

    def logout(self, message: str = "", force: bool = False) -> None:
        if self._ending or (not force and not self._modules_can_close()):
            return
        self._ending = True
        self.idle.stop()
        log.info("user %s logged out", self.ctx.actor.username if self.ctx.actor else "?")
        self._end_module_timers()
        self._close_dialogs()
        self.close()
        self.logged_out.emit(message)

    def _close_dialogs(self) -> None:
        """End any dialog of this window still open (a form under the lock screen, say)."""
        for widget in QApplication.topLevelWidgets():
            if not isinstance(widget, QDialog) or not widget.isVisible():
                continue
            parent = widget.parentWidget()
            while parent is not None and parent is not self:
                parent = parent.parentWidget()
            if parent is self:
                widget.done(QDialog.DialogCode.Rejected)
                if widget.isVisible():  # a busy dialog refuses done(): the session is over anyway
                    QDialog.done(widget, QDialog.DialogCode.Rejected)

    def quit_app(self) -> None:
        if self._ending or not self._modules_can_close():
            return
        self._modules_allow_quit(self._quit_now)

    def _quit_now(self) -> None:
        if self._ending:
            return
        self._ending = True
        self.idle.stop()
        self._end_module_timers()
        self._close_dialogs()
        self.close()
        self.quit_requested.emit()

    def _end_module_timers(self) -> None:
        """The session is over: a module's own timers (诉求工单's badge) stop now. The window is
        only hidden until the next log-in; left running they would read with the logged-out
        user every few minutes behind the log-in window."""
        for page in self.modules:
            end = getattr(page.widget, "end_session", None)
            if callable(end):
                end()
        self.sync_feature.end_session()

    def show_shortcuts(self) -> None:
        lines = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if not menu_action.isVisible() or menu is None:
                continue
            # The stub types QAction.menu() as QObject; at run time it is the QMenu.
            for action in menu.actions():  # type: ignore[attr-defined]
                keys = " / ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
                if keys:
                    lines.append(f"{keys}\t{action.text().replace('&', '')}")
        lines.append(self.tr("Enter\t下一项 / 确认"))
        lines.append(self.tr("Esc\t取消 / 关闭对话框"))
        self.ctx.dialogs.info(self, self.tr("快捷键一览"), "\n".join(lines))

    def show_about(self) -> None:
        from app.version import app_version, schema_head

        self.ctx.dialogs.info(self, self.tr("关于 GridCounter"), fill(self.tr(
            "GridCounter 电力营业厅柜台业务系统\n版本 %4（数据库结构 %5）\n%1 · %2\n数据库：%3"), self.ctx.node.name,
            self.ctx.node.company, self.ctx.db.display_url, app_version(), schema_head()))

    # ---- Qt events ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        if self.lock is None and not self._ending:
            self.idle.start()
        if self.focusWidget() is None:
            self.focus_module()

    def _remove_scanner(self) -> None:
        app = QApplication.instance()
        if self.scanner is not None and app is not None:
            app.removeEventFilter(self.scanner)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt override
        if not self._ending:
            # The window's close button: leave the program after the modules agree; they may
            # ask the database first, so the window closes from their answer (quit_app).
            event.ignore()
            self.quit_app()
            return
        self.idle.stop()
        self._remove_scanner()
        self.customer_display.close()
        if self.ctx.customer_display is self.customer_display:
            self.ctx.customer_display = None
        event.accept()
