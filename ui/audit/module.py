"""The supervisor's audit view (审计, issue 10 item 8; docs/audit.md#the-audit-view).

操作日志 tab: the filter bar (Enter applies), the records newest first a page at a time
(Alt+PgDn / Alt+PgUp), the selected record's payload as stored, pretty-printed. 锚点 tab: the
stored anchors and whether the log agrees with each. 校验 (F9) runs what ``main.py verify-log``
runs — the hash chain of every node against every stored anchor, and the reconcile — on the
task runner, with a busy bar, and shows where the chain holds to or first breaks and every
reconcile finding.

Contract with the main window: ``AuditModule(ctx, parent)``, ``actions()``, ``focus_search()``,
``statusMessage`` and ``AuditModule.visible_for(actor)``. Permission ``audit.view`` is enforced
by app/services/audit_reads.py.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QFontDatabase, QKeySequence, QShowEvent, QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dto.audit import AnchorRow, AuditResult, OperationDetail, OperationFilter, OperationPage
from app.dto.common import Actor
from app.services import audit_reads
from app.services.permissions import allowed
from ui import palette
from ui.audit.filter_bar import AuditFilterBar
from ui.audit.labels import op_type_label
from ui.audit.models import AnchorsModel, OperationsModel, record_time
from ui.context import UiContext
from ui.i18n import fill
from ui.tables import ColumnFit, ForegroundDelegate, make_table
from ui.tasks import Failure
from ui.widgets import ErrorLabel, heading, muted


class AuditModule(QWidget):
    statusMessage = Signal(str)

    @staticmethod
    def visible_for(actor: Actor) -> bool:
        return allowed(actor, "audit.view")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.actor is not None
        self.ctx = ctx
        self.setObjectName("auditModule")
        self.filter = OperationFilter()
        self.page = 0
        self.page_size = audit_reads.PAGE_SIZE
        self.has_more = False
        self.verifying = False
        self.result: AuditResult | None = None
        self._list_gen = self._detail_gen = self._anchor_gen = 0
        self.loaded_once = False
        self._build_actions()
        self._build_verify_panel()
        self._build_log_tab()
        self._build_anchor_tab()
        self._layout()
        self._update_pager()

    # ---- construction ---------------------------------------------------------------------------

    def _action(self, text: str, keys: list[QKeySequence], slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.verify_action = self._action(self.tr("校验"), [QKeySequence(Qt.Key.Key_F9)], self.verify)
        self.refresh_action = self._action(self.tr("刷新"), [QKeySequence(Qt.Key.Key_F5)], self.refresh)
        self.next_action = self._action(self.tr("下一页"), [QKeySequence("Alt+PgDown")], self.next_page)
        self.prev_action = self._action(self.tr("上一页"), [QKeySequence("Alt+PgUp")], self.prev_page)
        self.filter_action = self._action(self.tr("筛选"), [QKeySequence("Ctrl+F")], self.focus_filter)

    def _button(self, action: QAction, name: str) -> QPushButton:
        keys = action.shortcuts()
        key = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        button = QPushButton(f"{action.text()} ({key})" if key else action.text(), self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "F9"
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        return button

    def _build_verify_panel(self) -> None:
        """校验: the button, a busy bar while it runs, the outcome and the findings."""
        self.verify_button = self._button(self.verify_action, "auditVerifyButton")
        self.busy = QProgressBar(self)
        self.busy.setObjectName("auditBusy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.setVisible(False)
        self.verdict = QLabel(self.tr("尚未校验：按 F9 校验哈希链、锚点并对账（与 verify-log 相同）"), self)
        self.verdict.setObjectName("auditVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setProperty("role", "muted")
        self.findings = QListWidget(self)
        self.findings.setObjectName("auditFindings")
        self.findings.setMaximumHeight(110)
        self.findings.setVisible(False)

    def _build_log_tab(self) -> None:
        self.bar = AuditFilterBar(self)
        self.bar.changed.connect(self.apply_filter)
        self.model = OperationsModel(self)
        self.table = make_table(self, "auditTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ForegroundDelegate(self.table))
        self.fit = ColumnFit(
            self.table, yielding=(OperationsModel.SUMMARY, OperationsModel.TIME), grow=OperationsModel.SUMMARY
        )
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_changed(cur.row()))
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("auditDetail")
        self.detail.setReadOnly(True)
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.detail.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.detail.setStyleSheet(f"font-family: '{mono.family()}', monospace; font-size: 12px;")
        self.detail.setPlaceholderText(self.tr("选中一条记录查看其内容"))
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("auditSplit")
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 3)
        split.setSizes([500, 300])
        split.setChildrenCollapsible(False)
        self.page_label = muted("", self)
        self.page_label.setObjectName("auditPage")
        self.prev_button = self._button(self.prev_action, "auditPrevButton")
        self.next_button = self._button(self.next_action, "auditNextButton")
        self.error = ErrorLabel(self)
        self.log_tab = QWidget(self)
        layout = QVBoxLayout(self.log_tab)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.bar)
        layout.addWidget(self.error)
        layout.addWidget(split, 1)
        pager = QHBoxLayout()
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.prev_button)
        pager.addWidget(self.next_button)
        layout.addLayout(pager)

    def _build_anchor_tab(self) -> None:
        self.anchors_model = AnchorsModel(self)
        self.anchors = make_table(self, "auditAnchors")
        self.anchors.setModel(self.anchors_model)
        self.anchors.setItemDelegate(ForegroundDelegate(self.anchors))
        self.anchor_fit = ColumnFit(self.anchors, yielding=(AnchorsModel.NOTE,), grow=AnchorsModel.NOTE)
        self.anchor_note = muted(
            self.tr(
                "锚点是某条记录的哈希，记在日志之外：日结报表上打印的链头在班次审核时存入（日结报表），"
                "审核时的链头（班次审核），或按纸质报表录入（手工录入）。记录被改动后重算整条链，锚点处就对不上。"
            ),
            self,
        )
        self.anchor_tab = QWidget(self)
        layout = QVBoxLayout(self.anchor_tab)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.anchors, 1)
        layout.addWidget(self.anchor_note)

    def _layout(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("auditTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.log_tab, self.tr("操作日志"))
        self.tabs.addTab(self.anchor_tab, self.tr("锚点"))
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(heading(self.tr("审计"), 20, parent=self))
        top.addSpacing(12)
        top.addWidget(self.verdict, 1)
        top.addWidget(self.busy)
        top.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.findings)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(
            muted(
                self.tr(
                    "F9 校验 · Enter 筛选 · Ctrl+F 筛选栏 · Alt+PgDn / Alt+PgUp 翻页 · F5 刷新 · Ctrl+Tab 切换标签"
                ),
                self,
            )
        )

    # ---- module API -----------------------------------------------------------------------------

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [
            self.verify_action,
            self.refresh_action,
            self.next_action,
            self.prev_action,
            self.filter_action,
        ]

    def focus_search(self) -> None:
        if self.tabs.currentWidget() is self.log_tab and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.focus_filter()

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self.log_tab)
        self.bar.first().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 — Qt override
        super().showEvent(event)
        if not self.loaded_once:
            self.loaded_once = True
            self.refresh()

    # ---- the list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """The users for the filter, this page again, and the anchors."""
        self.loaded_once = True
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: audit_reads.actors(db, actor),
            self.bar.set_actors,
            failure=Failure(what="reading the user names"),
        )
        self.load()
        self.load_anchors()

    def apply_filter(self) -> None:
        flt = self.bar.filters()
        if flt is None:
            return
        self.filter = flt
        self.page = 0
        self.load()

    def next_page(self) -> None:
        if self.has_more:
            self.page += 1
            self.load()

    def prev_page(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.load()

    def load(self) -> None:
        self._list_gen += 1
        gen = self._list_gen
        db, actor, flt, page, size = self.ctx.db, self.ctx.actor, self.filter, self.page, self.page_size
        assert actor is not None
        self.error.set_message("")
        self.page_label.setText(self.tr("正在读取…"))
        self.ctx.tasks.run(
            lambda: audit_reads.list_operations(db, actor, flt, page, size),
            self._loaded,
            failure=Failure(fields=self.bar.fields, label=self.error, what="reading the operation log"),
            always=self._update_pager,
            stale=lambda: gen != self._list_gen,
        )

    def _loaded(self, page: OperationPage) -> None:
        self.page, self.has_more = page.page, page.has_more
        self.model.set_rows(page.rows)
        # one node (a standalone hall): its code in every row says nothing; the detail names it
        self.table.setColumnHidden(OperationsModel.NODE, len({r.node_code for r in page.rows}) <= 1)
        self._update_pager()
        if page.rows:
            self.table.selectRow(0)
        else:
            self.detail.setPlainText("")

    def _update_pager(self) -> None:
        rows = self.model.rowCount()
        if rows:
            first = self.page * self.page_size + 1
            text = fill(self.tr("第 %1 页 · 第 %2–%3 条（新的在前）"), self.page + 1, first, first + rows - 1)
        else:
            text = self.tr("没有符合条件的记录")
        self.page_label.setText(text)
        self.prev_action.setEnabled(self.page > 0)
        self.next_action.setEnabled(self.has_more)

    def _row_changed(self, row: int) -> None:
        shown = self.model.row_at(row)
        if shown is None:
            return
        self._detail_gen += 1
        gen = self._detail_gen
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: audit_reads.operation_detail(db, actor, shown.op_id),
            self._show_detail,
            failure=Failure(label=self.error, what="reading an operation record"),
            stale=lambda: gen != self._detail_gen,
        )

    def _show_detail(self, detail: OperationDetail) -> None:
        r = detail.row
        head = [
            fill(
                self.tr("节点 %1 · 第 %2 条 · %3（%4）"),
                r.node_code,
                r.seq,
                op_type_label(r.op_type),
                r.op_type,
            ),
            fill(self.tr("操作人 %1 · %2"), r.actor, record_time(r.occurred_at)),
            fill(self.tr("对象 %1 %2"), r.entity_type or "—", r.entity_id or ""),
            fill(self.tr("本条哈希 %1"), detail.hash),
            fill(self.tr("前条哈希 %1"), detail.prev_hash or "—"),
            fill(self.tr("内容哈希 %1"), detail.payload_hash),
            "",
        ]
        self.detail.setPlainText("\n".join(head) + detail.payload_text)

    # ---- anchors --------------------------------------------------------------------------------

    def load_anchors(self) -> None:
        self._anchor_gen += 1
        gen = self._anchor_gen
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: audit_reads.list_anchors(db, actor),
            self._anchors_loaded,
            failure=Failure(label=self.error, what="reading the log anchors"),
            stale=lambda: gen != self._anchor_gen,
        )

    def _anchors_loaded(self, rows: list[AnchorRow]) -> None:
        self.anchors_model.set_rows(rows)
        bad = sum(1 for r in rows if not self.anchors_model.ok(r))
        label = (
            fill(self.tr("锚点 (%1)"), len(rows))
            if not bad
            else fill(self.tr("锚点 (%1，%2 处不符)"), len(rows), bad)
        )
        self.tabs.setTabText(self.tabs.indexOf(self.anchor_tab), label)

    # ---- verification ---------------------------------------------------------------------------

    def verify(self) -> None:
        if self.verifying:
            return
        self.verifying = True
        self.verify_action.setEnabled(False)
        self.busy.setVisible(True)
        self._set_verdict(self.tr("正在校验哈希链、锚点并对账…"), None)
        self.statusMessage.emit(self.tr("正在校验操作日志…"))
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: audit_reads.verify(db, actor),
            self._verified,
            failure=Failure(label=self.error, status=self._verify_failed, what="verifying the log"),
            always=self._verify_done,
        )

    def _verify_done(self) -> None:
        self.verifying = False
        self.verify_action.setEnabled(True)
        self.busy.setVisible(False)

    def _verify_failed(self, text: str) -> None:
        self._set_verdict(fill(self.tr("校验未完成：%1"), text), False)

    def _set_verdict(self, text: str, ok: bool | None) -> None:
        self.verdict.setText(text)
        colour = palette.MUTED if ok is None else palette.OK if ok else palette.ERROR
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: {'normal' if ok is None else 'bold'};")

    def _verified(self, result: AuditResult) -> None:
        self.result = result
        parts = []
        for c in result.chains:
            if c.ok:
                parts.append(
                    fill(
                        self.tr("节点 %1：哈希链完整，至第 %2 条（%3 个锚点一致）"),
                        c.node_code,
                        c.head_seq,
                        c.anchors_checked,
                    )
                )
            else:
                parts.append(fill(self.tr("节点 %1：第 %2 条起断链"), c.node_code, c.first_broken_seq))
        if not result.chains:
            parts.append(self.tr("没有操作日志"))
        if result.reconcile_ok:
            parts.append(fill(self.tr("对账一致（%1 笔收费、%2 张账单）"), result.payments, result.bills))
        else:
            parts.append(fill(self.tr("对账 %1 处不符"), len(result.findings)))
        self._set_verdict("；".join(parts), result.ok)
        self.findings.clear()
        for c in result.chains:
            if not c.ok:
                self._finding(
                    fill(self.tr("节点 %1 第 %2 条：%3"), c.node_code, c.first_broken_seq, c.problem), True
                )
        for text in result.findings:
            self._finding(text, True)
        for text in result.notes:
            self._finding(fill(self.tr("说明：%1"), text), False)
        self.findings.setVisible(self.findings.count() > 0)
        self.anchors_model.set_broken(
            {
                c.node_code: c.first_broken_seq
                for c in result.chains
                if not c.ok and c.first_broken_seq is not None
            }
        )
        self.statusMessage.emit(self.tr("校验完成：完整") if result.ok else self.tr("校验完成：发现不符"))
        self.load_anchors()

    def _finding(self, text: str, bad: bool) -> None:
        item = QListWidgetItem(text, self.findings)
        item.setForeground(QColor(palette.ERROR if bad else palette.MUTED))
        item.setToolTip(text)
