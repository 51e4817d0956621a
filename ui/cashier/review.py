"""班次审核 (supervisor / admin): every session of the hall, filter by status, approve closed ones
or return them (退回) with a comment the clerk sees."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import SessionStatus
from app.dto.cashier import SessionRow
from ui.cashier.common import over_short_color, over_short_text
from ui.cashier.models import SessionColumn, SessionRoles, SessionsModel
from ui.formatting import local_time, yuan
from ui.forms import ok_cancel_buttons
from ui.i18n import fill
from ui.tables import ColumnFit, ForegroundDelegate
from ui.widgets import ErrorLabel, heading, muted

#: filter value (the service's ``status`` argument) and its label
STATUS_FILTERS: tuple[tuple[str | None, str], ...] = (
    (SessionStatus.CLOSED, "待审核"), (None, "全部"), (SessionStatus.OPEN, "进行中"),
    (SessionStatus.RETURNED, "已退回"), (SessionStatus.APPROVED, "已审核"))


class ReturnSessionDialog(QDialog):
    """退回班次: the supervisor writes why (e.g. how a shortage is to be made good); the clerk
    sees it. Ctrl+Enter or 退回 confirms, Esc cancels. ``comment`` holds the text."""

    def __init__(self, row: SessionRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("退回班次"))
        self.comment = ""
        self.edit = QPlainTextEdit(self)
        self.edit.setObjectName("returnComment")
        self.edit.setPlaceholderText(self.tr("例如：短款5元，由营业员当日补齐"))
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(90)
        self.error = ErrorLabel(self)
        self.edit.textChanged.connect(lambda: self.error.set_message(""))
        _ok, _cancel, buttons = ok_cancel_buttons(self, self.tr("退回"), self.submit, self.tr("取消"), name="return")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(QLabel(fill(self.tr("班次 %1（%2）：%3"), row.session_no, row.clerk_name or row.username, over_short_text(row.over_short_fen)), self))
        layout.addWidget(QLabel(self.tr("退回意见（营业员可见，至少4个字）"), self))
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        self.edit.setFocus()

    def submit(self) -> None:
        text = self.edit.toPlainText().strip()
        if len(text) < 4:
            self.error.set_message(self.tr("请填写至少4个字的退回意见（如短款如何处理）"))
            self.edit.setFocus()
            return
        self.comment = text
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.submit()
            return
        super().keyPressEvent(event)


class SessionReviewPage(QWidget):
    """``approveRequested`` / ``reportRequested`` on Enter, F10, Ctrl+P (the module runs them)."""

    reportRequested = Signal()
    filterChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionReview")
        self.model = SessionsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SessionRoles.SORT)
        self.buttons: dict[str, QPushButton] = {}
        self._build_filter()
        self._build_table()
        self._build_detail()
        top = self._build_title()
        self._build_bar()
        self._layout(top)

    def _build_filter(self) -> None:
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        for value, label in STATUS_FILTERS:
            self.status_filter.addItem(self.tr(label), value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.filterChanged.emit())
        self.status_filter.setMinimumWidth(140)

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setObjectName("sessionsTable")
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(ForegroundDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(SessionColumn.OPENED, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setHighlightSections(False)
        # At 1024×768 the money and status columns stay in view; 审核人, 开班时间, 备用金 and
        # 营业员 give way first (elided, full text as the tooltip; the line below the table
        # repeats the selected session's figures).
        self.column_fit = ColumnFit(self.table, yielding=[SessionColumn.APPROVED_BY, SessionColumn.OPENED,
                                                          SessionColumn.FLOAT, SessionColumn.CLERK])
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _i: self.reportRequested.emit())

    def _build_detail(self) -> None:
        """The count of sessions, and the selected session's figures under the table."""
        self.count_label = muted("", self)
        self.count_label.setObjectName("sessionsCount")
        self.detail = QLabel(self)
        self.detail.setObjectName("sessionDetail")
        self.detail.setStyleSheet("font-size: 14px;")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())

    def _build_title(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("班次审核"), 20, parent=self))
        top.addSpacing(12)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        return top

    def _build_bar(self) -> None:
        """状态 filter; the module's buttons are added after it (``add_button``)."""
        self.bar = QHBoxLayout()
        self.bar.setSpacing(8)
        self.bar.addWidget(QLabel(self.tr("状态"), self))
        self.bar.addWidget(self.status_filter)
        self.bar.addStretch(1)

    def _layout(self, top: QHBoxLayout) -> None:
        self.hint = muted(self.tr("Enter/Ctrl+P 查看日结报表 · F10 审核通过 · F9 退回 · F5 刷新 · ↑↓ 选择班次"), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(self.bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.hint)

    def add_button(self, key: str, button: QPushButton) -> None:
        self.buttons[key] = button
        self.bar.addWidget(button)

    def status_value(self) -> str | None:
        value = self.status_filter.currentData()
        return str(value) if value else None

    def set_rows(self, rows: list[SessionRow], keep: uuid.UUID | None = None) -> None:
        had_focus = self.table.hasFocus()
        self.model.set_rows(rows)
        waiting = sum(1 for r in rows if r.status == SessionStatus.CLOSED)
        self.count_label.setText(fill(self.tr("共 %1 个班次，%2 个待审核"), str(len(rows)), str(waiting)))
        if keep is not None and self.model.row_of(keep) >= 0:
            self.select(keep)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        if had_focus:
            self.table.setFocus()
        self._show_detail()

    def select(self, session_id: uuid.UUID) -> None:
        row = self.model.row_of(session_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def selected(self) -> SessionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, SessionRoles.ROW)
        return row if isinstance(row, SessionRow) else None

    def _show_detail(self) -> None:
        row = self.selected()
        if row is None:
            self.detail.setText("")
            return
        if row.status == SessionStatus.OPEN:
            self.detail.setText(fill(self.tr("班次 %1 尚未交班（备用金 %2）。"), row.session_no, yuan(row.float_fen)))
            return
        color = over_short_color(row.over_short_fen)
        text = fill(self.tr("班次 <b>%1</b>　交班 %2　应有现金 %3　实点现金 %4　<b style='color:%5'>%6</b>"), row.session_no, local_time(row.closed_at), yuan(row.expected_cash_fen), yuan(row.counted_cash_fen), color, over_short_text(row.over_short_fen))
        if row.status == SessionStatus.APPROVED:
            text += fill(self.tr("　已由 %1 审核"), row.approved_by or "")
        elif row.status == SessionStatus.RETURNED:
            text += fill(self.tr("　已由 %1 退回"), row.reviewed_by or "")
        if row.review_comment:
            text += fill(self.tr("　审核意见：%1"), html.escape(row.review_comment))
        self.detail.setText(text)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~(
                    Qt.KeyboardModifier.KeypadModifier):
                self.reportRequested.emit()
                return True
        return super().eventFilter(watched, event)
