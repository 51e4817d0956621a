"""Search as you type (客户检索): the search bar at the top and the results table below it.

Every keystroke restarts a short debounce timer; when it fires, ``search_customers`` runs on a
worker thread. Each request carries a generation number and only the newest generation's
answer is shown, so a slow answer to an older keystroke never overwrites a newer one.

A barcode scanner "types" the 11-digit 户号 and Enter faster than the debounce: Enter on
account-like text asks the module to open that account directly (one indexed lookup).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dto.customers import SearchResult
from app.services.search import search_customers
from ui.context import UiContext
from ui.customers.common import looks_like_account
from ui.customers.search_model import CustomerSummaryModel, SearchMark, SummaryColumn
from ui.i18n import fill
from ui.tasks import Failure
from ui.widgets import muted_label, widen_to_headers

log = logging.getLogger(__name__)

#: A feature's marks on the search results (ui/customers/host.py ``add_search_marks``): called on
#: the worker thread with the result's customer ids, after the search, in the same task.
MarkSource = Callable[[Sequence[uuid.UUID]], Mapping[uuid.UUID, SearchMark]]

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SearchPanel(QWidget):
    """The always-visible search bar. ``results`` is the table page the module places below."""

    #: open this customer (uuid.UUID) in the customer view
    openCustomer = Signal(object)
    #: Enter on an account-like text: open this 户号 directly (scanner path)
    openAccount = Signal(str)
    #: the clerk typed something: the module shows the results page
    userTyped = Signal()
    #: Esc in the search box or the table: the module shows the (empty) results page
    cleared = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.generation = 0
        self.last_result: SearchResult | None = None
        self.discarded = 0  # answers thrown away because a newer keystroke came (tests read it)
        self._inflight_text: str | None = None
        self._pending_open: str | None = None
        self.mark_sources: list[MarkSource] = []

        self.box = QLineEdit(self)
        self.box.setObjectName("customerSearchBox")
        self.box.setPlaceholderText(self.tr("户号 / 户名 / 拼音首字母 / 电话或后四位 / 证件号 / 表号 / 地址（F2），扫码枪可直接扫户号"))
        self.box.setClearButtonEnabled(True)
        self.box.setMinimumHeight(38)
        self.box.setStyleSheet("QLineEdit#customerSearchBox { font-size: 16px; }")
        self.box.setAccessibleName(self.tr("查询客户"))
        self.box.textEdited.connect(self._on_text_edited)
        self.box.installEventFilter(self)

        self.hint = muted_label("", self)
        self.hint.setObjectName("searchHint")
        self.elapsed = muted_label("", self)
        self.elapsed.setObjectName("searchElapsed")
        self.elapsed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.row = QHBoxLayout()
        self.row.setSpacing(8)
        self.row.addWidget(self.box, 1)
        self.info = QHBoxLayout()
        self.info.setContentsMargins(2, 0, 2, 0)
        self.info.setSpacing(12)
        self.info.addWidget(self.hint, 1)
        self.info.addWidget(self.elapsed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self.row)
        layout.addLayout(self.info)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, int(ctx.settings.search_debounce_ms)))
        self._timer.timeout.connect(self._on_timer)

        self.model = CustomerSummaryModel(parent=self)
        self.results = _ResultsPage(self.model)
        self.table = self.results.table
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self._show_idle_hint()

    # -- public ------------------------------------------------------------------------
    def focus(self, select_all: bool = True) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if select_all:
            self.box.selectAll()

    def text(self) -> str:
        return self.box.text()

    def clear(self) -> None:
        """Forget the query and its results (Esc)."""
        self._timer.stop()
        self.generation += 1
        self._inflight_text = None
        self._pending_open = None
        self.last_result = None
        self.box.clear()
        self.model.clear()
        self.results.show_placeholder(True)
        self._show_idle_hint()

    def search_now(self, text: str | None = None, *, open_first: bool = False) -> None:
        """Run the query at once (no debounce); optionally open the first hit when it arrives."""
        if text is not None and text != self.box.text():
            self.box.setText(text)
        self._timer.stop()
        current = self.box.text()
        if open_first:
            self._pending_open = current
        if self.last_result is not None and self.last_result.query == current:
            self._maybe_open_pending()
        elif self._inflight_text != current:
            self._run(current)

    def submit(self, text: str) -> None:
        """``text`` as if typed (or scanned) into the box and Enter pressed."""
        self.box.setText(text)
        self.userTyped.emit()
        self._enter()

    def show_message(self, text: str, error: bool = False) -> None:
        self._set_hint(text, error)

    def current_summary(self):  # type: ignore[no-untyped-def]
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def set_interval(self, msecs: int) -> None:
        self._timer.setInterval(msecs)

    # -- typing ------------------------------------------------------------------------
    def _on_text_edited(self, text: str) -> None:
        self._pending_open = None
        self.userTyped.emit()
        if not text.strip():
            self.clear()
            return
        self._set_hint(self.tr("正在查询…"))
        self._timer.start()

    def _on_timer(self) -> None:
        self._run(self.box.text())

    def _run(self, text: str) -> None:
        self.generation += 1
        gen = self.generation
        if not text.strip():
            self._inflight_text = None
            return
        self._inflight_text = text
        db, actor, limit = self.ctx.db, self.ctx.actor, self.ctx.settings.search_limit
        assert actor is not None
        sources = list(self.mark_sources)

        def work() -> tuple[SearchResult, dict[uuid.UUID, SearchMark]]:
            result = search_customers(db, actor, text, limit)
            return result, _marks(sources, [row.id for row in result.rows])

        self.ctx.tasks.run(work, lambda answer: self._on_result(gen, *answer),
                           stale=lambda: self._stale(gen),
                           failure=Failure(status=self._search_failed, what="customer search"))

    def _stale(self, gen: int) -> bool:
        """A newer keystroke came: this answer (or failure) is thrown away, and counted."""
        if gen == self.generation:
            return False
        self.discarded += 1
        return True

    def _search_failed(self, message: str) -> None:
        """Where a failed search shows: the hint line; nothing is opened."""
        self._inflight_text = None
        self._pending_open = None
        self._set_hint(message, error=True)

    def _on_result(self, gen: int, result: SearchResult, marks: Mapping[uuid.UUID, SearchMark] | None = None) -> None:
        if gen != self.generation:
            self.discarded += 1
            return
        self._inflight_text = None
        self.last_result = result
        self.model.set_rows(result.rows, marks)
        limit = self.ctx.settings.search_limit
        # "more" with fewer rows than the limit: a search of several common words stopped
        # looking (each word matches thousands, rarely together) — say so, never "超过N条" over
        # an empty table.
        stopped = result.more and len(result.rows) < limit
        empty_text = (self.tr("这些关键字各自匹配的客户很多，已查看的部分中没有同时符合的。"
                              "请输入更具体的内容，如门牌号、户号或电话后四位")
                      if stopped else self.tr("未找到匹配的客户。可换个关键字，或按 F3 新建客户"))
        self.results.show_placeholder(not result.rows, empty_text)
        if result.rows:
            self.table.selectRow(0)
        if stopped:
            self._set_hint(fill(self.tr("已列出%1条，可能还有，请输入更多内容"), len(result.rows)))
        elif result.more:
            self._set_hint(fill(self.tr("超过%1条，请输入更多内容"), limit))
        elif result.rows:
            self._set_hint(fill(self.tr("共%1条"), len(result.rows)))
        else:
            self._set_hint(self.tr("没有找到匹配的客户"))
        self.elapsed.setText(fill(self.tr("%1 毫秒"), format(result.elapsed_ms, ".1f")))
        self._maybe_open_pending()

    def _maybe_open_pending(self) -> None:
        result = self.last_result
        if self._pending_open is None or result is None or result.query != self._pending_open:
            return
        self._pending_open = None
        if result.rows:
            self.openCustomer.emit(result.rows[0].id)
        else:
            self._set_hint(fill(self.tr("没有找到“%1”，请核对后重新输入"), result.query.strip()), error=True)

    # -- keys --------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if obj is self.box:
                return self._box_key(event)
            if obj is self.table:
                return self._table_key(event)
        return super().eventFilter(obj, event)

    def _box_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _ENTER_KEYS:
            self._enter()
            return True
        if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
            self.userTyped.emit()  # show the results page if a customer view is up
            row = max(self.table.currentIndex().row(), 0)
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            self.table.selectRow(row)
            return True
        if key == Qt.Key.Key_Escape:
            self.clear()
            self.cleared.emit()
            self.focus()
            return True
        return False

    def _table_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in _ENTER_KEYS:
            self._open_row(self.table.currentIndex().row())
            return True
        if key == Qt.Key.Key_Escape:
            self.clear()
            self.cleared.emit()
            self.focus()
            return True
        if key == Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
            self.focus(select_all=False)
            return True
        return False

    def _enter(self) -> None:
        text = self.box.text()
        if not text.strip():
            return
        self._timer.stop()
        if looks_like_account(text):
            self._pending_open = None
            self._set_hint(fill(self.tr("按户号打开 %1…"), text.strip()))
            self.openAccount.emit(text.strip())
            return
        self.search_now(open_first=True)

    def _open_row(self, row: int) -> None:
        summary = self.model.row_at(row)
        if summary is not None:
            self.openCustomer.emit(summary.id)

    # -- hint --------------------------------------------------------------------------
    def _show_idle_hint(self) -> None:
        self._set_hint(self.tr("输入即查：↓ 进入结果列表，回车打开客户，Esc 清空"))
        self.elapsed.setText("")

    def _set_hint(self, text: str, error: bool = False) -> None:
        self.hint.setProperty("role", "error" if error else "muted")  # the style sheet below re-polishes
        self.hint.setStyleSheet("QLabel#searchHint { font-size: 12px; }")
        self.hint.setText(text)


def _marks(sources: Sequence[MarkSource], ids: list[uuid.UUID]) -> dict[uuid.UUID, SearchMark]:
    """Every feature's marks on these customers; a feature that fails is logged, not shown —
    the results matter more than a mark on them."""
    marks: dict[uuid.UUID, SearchMark] = {}
    if not ids:
        return marks
    for source in sources:
        try:
            for cid, mark in source(ids).items():
                marks.setdefault(cid, mark)
        except Exception:  # noqa: BLE001 — a mark is an extra; the search answer still shows
            log.exception("a search-result mark could not be read")
    return marks


class _ResultsPage(QWidget):
    """The results table, or a friendly placeholder while there is nothing to show."""

    def __init__(self, model: CustomerSummaryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableView(self)
        self.table.setObjectName("customerResults")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        widths = {SummaryColumn.ACCOUNT: 120, SummaryColumn.NAME: 170, SummaryColumn.KIND: 110,
                  SummaryColumn.STATUS: 70, SummaryColumn.PHONE: 120, SummaryColumn.MATCHED: 110}
        for column, width in widths.items():
            self.table.setColumnWidth(model.column_of(column), width)
        widen_to_headers(self.table)
        header.setSectionResizeMode(model.column_of(SummaryColumn.ADDRESS), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(model.column_of(SummaryColumn.MATCHED), QHeaderView.ResizeMode.Fixed)

        self.placeholder = QLabel(self)
        self.placeholder.setObjectName("resultsPlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("QLabel#resultsPlaceholder { font-size: 15px; }")
        self._idle_text = self.tr(
            "请输入户号、户名、拼音首字母（如 zs 查张三）、电话或后四位、证件号、表号或地址\n\n"
            "F2 查询客户　　F3 新建客户　　F4 编辑档案\n"
            "打开客户后：Alt+1…4 或 Ctrl+PgDown / Ctrl+PgUp 切换标签页")
        self.placeholder.setText(self._idle_text)

        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(self.table)

    def show_placeholder(self, show: bool, text: str | None = None) -> None:
        self.placeholder.setText(text if text is not None else self._idle_text)
        self._stack.setCurrentWidget(self.placeholder if show else self.table)


__all__ = ["SearchPanel"]
