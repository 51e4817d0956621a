"""The cashier module (收费班次): the clerk's session panel with 开班 / 交班·日结, and the
supervisor's 班次审核.

Contract with the main window: ``CashierModule(ctx, parent)``, ``actions()`` (F7 开班, F8 交班/日结,
F5 刷新, F10 审核通过, Ctrl+P 日结报表 — on a 交班 refused for unprinted receipts, Ctrl+P prints
those receipts), ``global_actions()`` (F7 / F8: live in every module, the main window keeps them
on), ``showRequested`` (F8 pressed in another module: show this one), ``can_close()``,
``confirm_quit(answer)``, ``focus_search()``, ``statusMessage`` and ``CashierModule.visible_for(actor)``.

The day-end report is printed like a receipt (ui/cashier/day_end_print.py): a copy is logged
(``PrintDocument``) only once it went out of the preview — printed, or saved as PDF — and the
second and later copies of a session's report say 补打.

Every service call runs on the task runner; roles are enforced by app/services/cashier.py, the
screen only hides what a role cannot use.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from app.domain.codes import SessionStatus
from app.domain.errors import ConcurrentEdit, RuleViolation, ValidationError, ValidationErrors
from app.dto.cashier import DayEndReport, SessionRow, SessionSummary
from app.dto.common import Actor
from app.services import cashier
from app.services.permissions import allowed
from ui.cashier import day_end_print
from ui.cashier.close_page import CloseSessionPage, DayEndPage
from ui.cashier.common import deliver_pdf, over_short_text
from ui.cashier.day_end_print import DayEndCopies, IssuedReport, ReportCopy
from ui.cashier.open_dialog import OpenSessionDialog
from ui.cashier.review import ReturnSessionDialog, SessionReviewPage
from ui.cashier.session_panel import SessionPanel
from ui.context import UiContext
from ui.formatting import yuan
from ui.i18n import fill, localize
from ui.printing.printer import printer_label
from ui.printing.receipts import ReceiptPrinter
from ui.tasks import Failure, show_failure
from ui.widgets import ErrorLabel, alive

log = logging.getLogger(__name__)


class CashierModule(QWidget):
    statusMessage = Signal(str)
    #: F8 pressed while another module is shown: the main window brings this module forward
    showRequested = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.ctx = ctx
        self.setObjectName("cashierModule")
        self._init_state(ctx.actor)
        self._build_actions()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("cashierTabs")
        self.tabs.setTabBarAutoHide(True)
        self.tabs.setDocumentMode(True)
        self._build_session_tab()
        self._build_review_tab()
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        self._layout()
        self._update_actions()

    def _init_state(self, actor: Actor) -> None:
        """What the actor may do, the loads in flight, the last report and the receipts to print."""
        self.can_take_money = allowed(actor, "session.open")
        self.can_review = allowed(actor, "session.view_all")
        self.can_approve = allowed(actor, "session.approve")
        self.summary: SessionSummary | None = None
        self.returned_notice = ""  # the last "your session was returned" message (退回, issue 7 item 7c)
        self.loading_session = False
        self.loading_sessions = False
        self.closing = False
        self._session_gen = 0
        self._sessions_gen = 0
        self.last_report: DayEndReport | None = None
        self.last_copy: ReportCopy | None = None  # the last rendered copy of last_report
        self.receipts = ReceiptPrinter(self.ctx, self, lambda text, _error: self._say(text))
        self.receipts.finished.connect(self._print_next_unprinted)
        self.print_queue: list[uuid.UUID] = []
        self.not_here: tuple[str, ...] = ()  # unprinted receipts this screen cannot print

    def _build_actions(self) -> None:
        self.open_action = self._action(self.tr("开班"), [QKeySequence(Qt.Key.Key_F7)], self.open_session)
        self.close_action = self._action(self.tr("交班/日结"), [QKeySequence(Qt.Key.Key_F8)], self.start_close)
        self.refresh_action = self._action(self.tr("刷新"), [QKeySequence(Qt.Key.Key_F5)], self.refresh)
        self.approve_action = self._action(self.tr("审核通过"), [QKeySequence(Qt.Key.Key_F10)], self.approve_selected)
        self.return_action = self._action(self.tr("退回"), [QKeySequence(Qt.Key.Key_F9)], self.return_selected)
        self.report_action = self._action(self.tr("日结报表"), [QKeySequence("Ctrl+P")], self.show_report)

    def _build_session_tab(self) -> None:
        """本班次: panel → close page → day-end page."""
        self.panel = SessionPanel(self)
        self.close_page = CloseSessionPage(self)
        self.day_end = DayEndPage(self)
        self.session_stack = QStackedWidget(self)
        self.session_stack.setObjectName("sessionStack")
        for page in (self.panel, self.close_page, self.day_end):
            self.session_stack.addWidget(page)
        self.close_page.closeRequested.connect(self.confirm_close)
        self.close_page.cancelled.connect(self.leave_close)
        self.close_page.printRequested.connect(self.print_unprinted)
        self.day_end.reportRequested.connect(self.show_report)
        self.day_end.doneRequested.connect(self.back_to_panel)
        if self.can_take_money:
            for key, action in (("open", self.open_action), ("close", self.close_action),
                                ("refresh", self.refresh_action)):
                self.panel.add_button(key, self._button(action, f"{key}SessionButton"))
            self.tabs.addTab(self.session_stack, self.tr("本班次"))

    def _build_review_tab(self) -> None:
        """班次审核."""
        self.review = SessionReviewPage(self)
        self.review.reportRequested.connect(self.show_report)
        self.review.filterChanged.connect(self.refresh_sessions)
        self.review.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        if self.can_review:
            for key, action in (("approve", self.approve_action), ("return", self.return_action),
                                ("report", self.report_action),
                                ("refresh", self.refresh_action)):
                self.review.add_button(key, self._button(action, f"{key}ReviewButton"))
            self.tabs.addTab(self.review, self.tr("班次审核"))

    def _layout(self) -> None:
        self.message = QLabel(self)
        self.message.setObjectName("cashierMessage")
        self.message.setStyleSheet("padding: 0 20px 6px 20px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

    # ---- contract with the main window ------------------------------------------------------

    @staticmethod
    def visible_for(actor: Actor) -> bool:
        """Clerks and supervisors take money; supervisors and administrators review sessions."""
        return allowed(actor, "session.open") or allowed(actor, "session.view_all")

    def actions(self) -> list[QAction]:  # type: ignore[override]
        result = []
        if self.can_take_money:
            result += [self.open_action, self.close_action]
        if self.can_review:
            result += [self.approve_action, self.return_action, self.report_action]
        return [*result, self.refresh_action]

    def global_actions(self) -> list[QAction]:
        """开班 / 交班 work from every module: a clerk with a customer open presses F7 there."""
        return [self.open_action, self.close_action] if self.can_take_money else []

    def confirm_quit(self, answer: Callable[[bool], None]) -> None:
        """Quitting the program with the session still open asks first (交班 is the clerk's job);
        ``answer(True)`` lets it quit, ``answer(False)`` keeps it open.

        Asked of the database at the moment of quitting, off the UI thread: a session opened
        from the payment dialog (F6) or by another log-in of this clerk is not in ``self.summary``.
        """
        if not self.can_take_money:
            answer(True)
            return
        db, actor = self.ctx.db, self._actor()
        known = self.summary.session.session_no if self.summary is not None else None

        def work() -> str | None:
            row = cashier.current_session(db, actor)
            return row.session_no if row is not None else None

        def ask(session_no: str | None) -> None:
            if session_no is None or not alive(self):
                answer(True)
                return
            answer(self.ctx.dialogs.confirm(self, self.tr("尚未交班"), fill(self.tr(
                "班次 %1 尚未交班。\n退出程序不会交班，下次登录后可继续收费。\n现在退出吗？要交班请选“否”，再按 F8。"), session_no)))

        def failed(exc: BaseException) -> None:
            # A database that cannot answer must not keep the program open.
            log.warning("checking for an open cashier session before quitting failed: %s", exc)
            ask(known)

        self.ctx.tasks.run(work, ask, failed)

    def can_close(self) -> bool:
        """An unfinished drawer count asks before it is thrown away; a close in flight waits."""
        if self.closing:
            self._say(self.tr("正在交班，请稍候…"))
            return False
        if self.session_stack.currentWidget() is self.close_page and self.close_page.is_dirty():
            if not self.ctx.dialogs.confirm(self, self.tr("放弃点钞"),
                                            self.tr("点钞尚未提交，离开将丢弃已录入的张数。确定离开吗？")):
                return False
            self.close_page.grid.clear()
            self.back_to_panel()
        return True

    def focus_search(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.review:
            self.review.focus_table()
        elif self.session_stack.currentWidget() is self.close_page:
            self.close_page.focus_first()
        elif self.session_stack.currentWidget() is self.day_end:
            self.day_end.report_button.setFocus()
        else:
            button = self.panel.buttons.get("close" if self.summary else "open")
            (button or self.tabs).setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ---- helpers ------------------------------------------------------------------------------

    def _action(self, text: str, shortcuts: list[QKeySequence], slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(shortcuts)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _button(self, action: QAction, name: str) -> QPushButton:
        keys = action.shortcuts()
        key = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        button = QPushButton(f"{action.text()} ({key})" if key else action.text(), self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "F7"
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setEnabled(action.isEnabled())
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda b=button, a=action: b.setEnabled(a.isEnabled()))
        return button

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.statusMessage.emit(text)

    def _failure(self, title: str, label: ErrorLabel | None = None) -> Failure:
        """A failure of this module shows on its status line and in a message box titled ``title``."""
        return Failure(label=label, status=self._say, dialogs=self.ctx.dialogs, parent=self, title=title, what="a cashier-session task")

    def _error(self, title: str, exc: BaseException) -> None:
        show_failure(exc, self._failure(title))

    def _actor(self) -> Actor:
        assert self.ctx.actor is not None
        return self.ctx.actor

    def _on_session_tab(self) -> bool:
        return self.tabs.currentWidget() is self.session_stack

    def _update_actions(self) -> None:
        on_panel = self.session_stack.currentWidget() is self.panel
        # F7 / F8 stay live whatever the state: pressed at the wrong time they say why.
        self.open_action.setEnabled(self.can_take_money and not self.closing)
        self.close_action.setEnabled(self.can_take_money and not self.closing)
        selected = self.review.selected() if self.can_review else None
        on_review = self.tabs.currentWidget() is self.review
        self.approve_action.setEnabled(self.can_approve and selected is not None
                                       and selected.status in (SessionStatus.CLOSED, SessionStatus.RETURNED))
        self.return_action.setEnabled(self.can_approve and selected is not None and selected.status == SessionStatus.CLOSED)
        self.report_action.setEnabled(
            (on_review and selected is not None and selected.status != SessionStatus.OPEN)
            or (not on_review and self.last_report is not None and not on_panel)
            or self._refused_for_unprinted())
        self.refresh_action.setEnabled(not self.closing)

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.review:
            self.refresh_sessions()
            self.review.focus_table()
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        self.refresh()

    # ---- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.can_take_money:
            self.refresh_session()
        if self.can_review and (self.tabs.currentWidget() is self.review or not self.can_take_money):
            self.refresh_sessions()

    def refresh_session(self, then: Callable[[SessionSummary | None], None] | None = None) -> None:
        if not self.can_take_money:
            return
        self._session_gen += 1
        gen = self._session_gen
        self.loading_session = True
        ctx, actor = self.ctx, self._actor()

        def work() -> SessionSummary | None:
            row = cashier.current_session(ctx.db, actor)
            return None if row is None else cashier.session_summary(ctx.db, actor, row.id)

        def answered() -> None:
            self.loading_session = False
            self._update_actions()

        def done(summary: SessionSummary | None) -> None:
            self.summary = summary
            self.panel.set_summary(summary)
            self._update_actions()
            self._show_returned()
            focus = self.focusWidget()
            if (self.isVisible() and self.session_stack.currentWidget() is self.panel and self._on_session_tab()
                    and (focus is None or not focus.isVisible() or focus in self.panel.buttons.values())):
                self.focus_search()  # the 开班 / 交班 button the clerk had may have just been hidden
            if then is not None:
                then(summary)

        ctx.tasks.run(work, done, stale=lambda: gen != self._session_gen, always=answered,
                      failure=self._failure(self.tr("读取本班次失败")))

    def _show_returned(self) -> None:
        """A session of mine the supervisor returned (退回): say so, with the comment."""
        ctx, actor = self.ctx, self._actor()

        def done(rows: list[SessionRow]) -> None:
            mine = [r for r in rows if r.username == actor.username]
            if mine:
                self.returned_notice = fill(self.tr("班次 %1 被 %2 退回：%3"), mine[0].session_no, mine[0].reviewed_by, mine[0].review_comment)
                self._say(self.returned_notice)

        # The notice is a courtesy: a failed read is logged, not shown.
        ctx.tasks.run(lambda: cashier.list_sessions(ctx.db, actor, SessionStatus.RETURNED, limit=20), done,
                      failure=Failure(what="reading the returned sessions"))

    def refresh_sessions(self, keep: uuid.UUID | None = None) -> None:
        if not self.can_review:
            return
        self._sessions_gen += 1
        gen = self._sessions_gen
        self.loading_sessions = True
        current = self.review.selected()
        keep = keep or (current.id if current else None)
        ctx, actor, status = self.ctx, self._actor(), self.review.status_value()

        def answered() -> None:
            self.loading_sessions = False

        def done(rows: list[SessionRow]) -> None:
            self.review.set_rows(rows, keep)
            self._update_actions()

        ctx.tasks.run(lambda: cashier.list_sessions(ctx.db, actor, status), done,
                      stale=lambda: gen != self._sessions_gen, always=answered,
                      failure=self._failure(self.tr("读取班次列表失败")))

    # ---- 开班 -----------------------------------------------------------------------------------

    def open_session(self) -> None:
        if not self.can_take_money:
            return
        if not self.isVisible():
            # F7 from another module: what this screen knows of the session may be stale (a
            # session opened through F6, or never read yet) — ask the database first.
            self.refresh_session(then=lambda _summary: self._open_session())
            return
        self._open_session()

    def _open_session(self) -> None:
        if self.summary is not None:
            self._say(fill(self.tr("已在班次 %1 中，无需再开班"), self.summary.session.session_no))
            return
        self.tabs.setCurrentWidget(self.session_stack)
        self.back_to_panel()
        dialog = OpenSessionDialog(self.ctx, self)
        try:
            result = self.ctx.dialogs.run(dialog)
            opened = dialog.opened
        finally:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and opened is not None:
            self._say(fill(self.tr("已开班：班次 %1，备用金 %2"), opened.session_no, yuan(opened.float_fen)))
            self.refresh_session()
        if self.isVisible():  # F7 from another module: the focus goes back where the clerk was
            self.focus_search()

    # ---- 交班 / 日结 ---------------------------------------------------------------------------

    def start_close(self) -> None:
        if not self.can_take_money or self.closing:
            return
        if not self.isVisible():
            self.showRequested.emit()  # the count is typed on this module's close page
        self.tabs.setCurrentWidget(self.session_stack)
        if self.session_stack.currentWidget() is self.close_page:
            self.close_page.focus_first()
            return

        def loaded(summary: SessionSummary | None) -> None:
            if summary is None:
                self._say(self.tr("当前没有进行中的班次，无需交班（按 F7 开班）"))
                self.back_to_panel()
                return
            self.close_page.start(summary)
            self.session_stack.setCurrentWidget(self.close_page)
            self._update_actions()
            if summary.unprinted_receipts:
                self._say(fill(self.tr("有 %1 张收据未打印，不能交班"), str(len(summary.unprinted_receipts))))
                self.close_page.print_button.setFocus()
            else:
                self._say(self.tr("请清点钱箱，录入各面额张（枚）数"))
                self.close_page.focus_first()

        self.refresh_session(then=loaded)

    def leave_close(self) -> None:
        if self.close_page.busy:
            return
        if self.close_page.is_dirty() and not self.ctx.dialogs.confirm(
                self, self.tr("放弃点钞"), self.tr("点钞尚未提交，返回将丢弃已录入的张数。确定返回吗？")):
            self.close_page.focus_first()
            return
        self.close_page.grid.clear()
        self.back_to_panel()

    def back_to_panel(self) -> None:
        self.session_stack.setCurrentWidget(self.panel)
        self._update_actions()
        if self.isVisible() and self._on_session_tab():
            self.focus_search()

    def confirm_close(self, counts: dict[str, int], note: str) -> None:
        summary = self.close_page.summary
        if summary is None or self.closing:
            return
        counted = self.close_page.counted_fen()
        diff = counted - summary.expected_cash_fen
        text = fill(self.tr("应有现金 %1，实点现金 %2，%3。\n交班后本班次不能再收费或冲正。确认交班吗？"), yuan(summary.expected_cash_fen), yuan(counted), over_short_text(diff))
        if not self.ctx.dialogs.confirm(self, self.tr("确认交班"), text):
            self.close_page.note.setFocus()
            return
        cmd = cashier.CloseSession(summary.session.id, summary.session.version, dict(counts), note)
        self.closing = True
        self.close_page.set_busy(True)
        self._update_actions()
        ctx, actor = self.ctx, self._actor()
        ctx.tasks.run(lambda: cashier.close_session(ctx.db, actor, cmd), self._closed, self._close_failed)

    def _closed(self, report: DayEndReport) -> None:
        self.closing = False
        self.close_page.set_busy(False)
        self.close_page.grid.clear()
        self.close_page.note.clear()
        self.last_report = report
        self.last_copy = None
        self.summary = None
        self.panel.set_summary(None)
        self.day_end.show_report(report)
        self.session_stack.setCurrentWidget(self.day_end)
        self._update_actions()
        self._say(fill(self.tr("班次 %1 已交班：%2"), report.summary.session.session_no, over_short_text(report.over_short_fen)))
        self.show_report()
        from ui.backup import backup_runner  # after every 交班 (docs/backup.md); never fails the close

        backup_runner().start(self.ctx, self, automatic=True, say=self.statusMessage.emit)  # the status bar

    def _close_failed(self, exc: BaseException) -> None:
        # Not the runner's default: a session changed meanwhile reloads the figures and keeps the counts.
        self.closing = False
        self.close_page.set_busy(False)
        self._update_actions()
        if isinstance(exc, ValidationErrors):
            for error in reversed(exc.errors):  # the first one ends with the focus
                self.close_page.show_error(error)
            return
        if isinstance(exc, ValidationError):
            self.close_page.show_error(exc)
            return
        if isinstance(exc, ConcurrentEdit | RuleViolation):
            # The session changed meanwhile (a payment, a print, another counter): reload the
            # figures, keep the typed counts, and say why.
            self._say(localize(exc.message))
            counts, note = self.close_page.grid.counts(), self.close_page.note.text()

            def reloaded(summary: SessionSummary | None) -> None:
                if summary is None:
                    self.back_to_panel()
                    self.ctx.dialogs.error(self, self.tr("交班失败"), exc.message)
                    return
                self.close_page.start(summary)
                for code, pieces in counts.items():
                    if pieces:
                        self.close_page.grid.edits[code].setText(str(pieces))
                self.close_page.note.setText(note)
                if not summary.unprinted_receipts:
                    self.close_page.set_unprinted((), localize(exc.message))
                self._update_actions()

            self.refresh_session(then=reloaded)
            return
        show_failure(exc, self._failure(self.tr("交班失败"), label=self.close_page.error))

    # ---- receipts never printed ----------------------------------------------------------------

    def _refused_for_unprinted(self) -> bool:
        return (self._on_session_tab() and self.session_stack.currentWidget() is self.close_page
                and bool(self.close_page.unprinted))

    def print_unprinted(self) -> None:
        """Ctrl+P on a refused 交班: print (or preview) each receipt of the refusal, one after the other."""
        if self.receipts.busy or self.print_queue:
            self._say(self.tr("正在打印收据，请稍候…"))
            return
        numbers = self.close_page.unprinted
        if not numbers or self.summary is None:
            return
        session_id = self.summary.session.id
        actor = self.ctx.actor
        assert actor is not None

        def found(known: dict[str, uuid.UUID]) -> None:
            if not known:  # printed meanwhile (another screen): the reload shows what is left
                self._print_next_unprinted()
                return
            self.print_queue = list(known.values())
            self.not_here = ()
            self._print_next_unprinted()

        # Asked of the database, not of this run's memory: receipts posted before a restart
        # of the program must be printable from here too.
        self.ctx.tasks.run(lambda: cashier.unprinted_receipts(self.ctx.db, actor, session_id), found,
                           failure=self._failure(self.tr("补打收据")))

    def _print_next_unprinted(self) -> None:
        if self.print_queue:
            self.receipts.issue(self.print_queue.pop(0))
            return
        if self.receipts.busy:
            return

        def reloaded(summary: SessionSummary | None) -> None:
            if summary is None or self.session_stack.currentWidget() is not self.close_page:
                return
            self.close_page.update_unprinted(summary)
            self._update_actions()
            if not summary.unprinted_receipts:
                self._say(self.tr("收据均已打印，请清点钱箱后交班"))
                self.close_page.focus_first()
                return
            left = "、".join(summary.unprinted_receipts)
            if set(summary.unprinted_receipts) <= set(self.not_here):
                self._say(fill(self.tr("收据 %1 请在 客户 → 缴费记录 中选中后按 Ctrl+P 打印"), left))
            else:
                self._say(fill(self.tr("仍有收据未打印：%1（按 Ctrl+P 继续打印）"), left))
            self.close_page.print_button.setFocus()

        if self.session_stack.currentWidget() is self.close_page:
            self.refresh_session(then=reloaded)

    # ---- the day-end report -------------------------------------------------------------------

    def show_report(self) -> None:
        """Ctrl+P: the report of the session just closed, or of the session selected in 班次审核;
        on a 交班 refused for unprinted receipts, those receipts."""
        if self._refused_for_unprinted():
            self.print_unprinted()
            return
        if self.tabs.currentWidget() is self.review:
            row = self.review.selected()
            if row is None:
                self._say(self.tr("请先在列表中选择一个班次"))
                return
            if row.status == SessionStatus.OPEN:
                self._say(fill(self.tr("班次 %1 尚未交班，还没有日结报表"), row.session_no))
                return
            ctx, actor = self.ctx, self._actor()
            self._say(self.tr("正在生成日结报表…"))
            ctx.tasks.run(lambda: day_end_print.render_copy(ctx, cashier.day_end_report(ctx.db, actor, row.id)),
                          self._deliver, self._report_failed)
            return
        report = self.last_report
        if report is None:
            return
        self.day_end.pdf_status.setText(self.tr("正在生成日结报表…"))
        ctx, shown = self.ctx, self.last_copy

        def rendered(copy: ReportCopy) -> None:
            self.last_copy = copy  # shown again as is while no copy went out since
            self._deliver(copy)

        # The copy number is peeked again: after a copy went out, the next one says 补打.
        ctx.tasks.run(lambda: day_end_print.current_copy(ctx, report, shown), rendered, self._report_failed)

    def _deliver(self, copy: ReportCopy) -> None:
        """The preview of ``copy``; each copy that goes out of it is logged (copy 2+ is 补打)."""
        session_no = copy.session_no
        copies = DayEndCopies(self.ctx, copy)
        issued: list[IssuedReport] = []

        def saved(path: str) -> None:
            self._say(fill(self.tr("日结报表已保存：%1"), path))

        how = deliver_pdf(self.ctx, self, copy.pdf, fill(self.tr("日结报表 %1"), session_no),
                          f"日结报表_{session_no}.pdf", saved, copies=copies, note=self._copy_note(copy.copy_no),
                          on_issued=issued.append, issued_note=lambda done: self._copy_note(0, done.info.copy_no))
        if self.last_copy is not None and self.last_copy.session_id == copies.shown.session_id:
            self.last_copy = copies.shown  # re-rendered for a later copy in the preview
        ours = self.last_report is not None and self.last_report.summary.session.id == copy.session_id
        if issued:
            text = self._issued_text(issued[-1])
            self._say(text)
        elif how == "preview":
            text = self.tr("日结报表未打印（关闭预览不算打印），可按 Ctrl+P 再次打开预览后打印或另存为 PDF。")
            self._say(text)
        else:
            text = self.message.text() if how == "saved" else self.tr("日结报表未保存，可按 Ctrl+P 再次打开。")
            if how == "":
                self._say(text)
        if ours:
            self.day_end.pdf_status.setText(text)

    def _copy_note(self, copy_no: int, printed: int = 0) -> str:
        """The preview's note: which copy this is, and that only a copy that went out counts."""
        if printed:
            return fill(self.tr("已打印第%1次；再次打印为补打（第%2次打印）"), str(printed), str(printed + 1))
        if copy_no > 1:
            return fill(self.tr("补打（第%1次打印）：打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 后记入打印记录，关闭预览不算打印"), str(copy_no))
        return self.tr("第1次打印：打印 (Ctrl+P) 或另存为PDF (Ctrl+S) 后记入打印记录，关闭预览不算打印")

    def _issued_text(self, done: IssuedReport) -> str:
        reprint = fill(self.tr("（补打，第%1次打印）"), str(done.info.copy_no)) if done.info.reprint else ""
        if done.saved_to:
            where = fill(self.tr("已另存为PDF %1"), done.saved_to)
        else:
            where = fill(self.tr("已送打印机 %1"), printer_label(done.where))
        text = fill(self.tr("日结报表 %1%2 %3"), done.session_no, reprint, where)
        if not done.honest:
            text += fill(self.tr("；该报表同时在别处打印，纸面次数（第%1次）有误，请收回后补打"), str(done.shown_copy_no))
        return text

    def _report_failed(self, exc: BaseException) -> None:
        # Not the runner's default: a printer component not installed is said apart (the data is saved).
        if isinstance(exc, ImportError | NotImplementedError):
            log.error("the day-end report printer is not installed", exc_info=exc)
            text = fill(self.tr("日结报表打印组件不可用（%1），班次数据已保存。"), str(exc))
            self.day_end.pdf_status.setText(text)
            self.ctx.dialogs.error(self, self.tr("日结报表"), text)
            return
        self.day_end.pdf_status.setText(self.tr("日结报表生成失败，可按 Ctrl+P 重试。"))
        self._error(self.tr("日结报表生成失败"), exc)

    # ---- 审核 ---------------------------------------------------------------------------------

    def approve_selected(self) -> None:
        if not self.can_approve:
            return
        if self.tabs.currentWidget() is not self.review:
            self.tabs.setCurrentWidget(self.review)
            return
        row = self.review.selected()
        if row is None:
            self._say(self.tr("请先在列表中选择一个班次"))
            return
        if row.status not in (SessionStatus.CLOSED, SessionStatus.RETURNED):
            self._say(fill(self.tr("班次 %1 %2，不能审核"), row.session_no, self.tr("尚未交班") if row.status == SessionStatus.OPEN else self.tr("已审核")))
            return
        text = fill(self.tr("班次 %1（%2）：应有现金 %3，实点现金 %4，%5。\n确认审核通过吗？"), row.session_no, row.clerk_name or row.username, yuan(row.expected_cash_fen), yuan(row.counted_cash_fen), over_short_text(row.over_short_fen))
        if not self.ctx.dialogs.confirm(self, self.tr("审核班次"), text):
            return
        ctx, actor = self.ctx, self._actor()

        def done(saved: SessionRow) -> None:
            self._say(fill(self.tr("班次 %1 已审核通过"), saved.session_no))

        # either way the list is read again (a refusal: someone else reviewed it meanwhile)
        ctx.tasks.run(lambda: cashier.approve_session(ctx.db, actor, row.id, row.version), done,
                      always=lambda: self.refresh_sessions(keep=row.id), failure=self._failure(self.tr("审核失败")))

    def return_selected(self) -> None:
        """F9 退回: send a closed session back with a comment the clerk sees (issue 7 item 7c)."""
        if not self.can_approve:
            return
        if self.tabs.currentWidget() is not self.review:
            self.tabs.setCurrentWidget(self.review)
            return
        row = self.review.selected()
        if row is None:
            self._say(self.tr("请先在列表中选择一个班次"))
            return
        if row.status != SessionStatus.CLOSED:
            self._say(self.tr("只能退回已交班、待审核的班次"))
            return
        dialog = ReturnSessionDialog(row, self)
        try:
            if self.ctx.dialogs.run(dialog) != QDialog.DialogCode.Accepted:
                return
            comment = dialog.comment
        finally:
            dialog.deleteLater()
        ctx, actor = self.ctx, self._actor()

        def done(saved: SessionRow) -> None:
            self._say(fill(self.tr("班次 %1 已退回"), saved.session_no))

        # either way the list is read again (a refusal: someone else reviewed it meanwhile)
        ctx.tasks.run(lambda: cashier.return_session(ctx.db, actor, row.id, row.version, comment), done,
                      always=lambda: self.refresh_sessions(keep=row.id), failure=self._failure(self.tr("退回失败")))
