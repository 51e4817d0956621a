"""交班 / 日结: count the drawer by denomination, see expected vs counted and 长款/短款, close.

The page is filled from the session's ``SessionSummary``; the clerk types the number of notes
and coins of each denomination (Enter moves down the grid, the subtotal and the totals follow
as they type), may add a note, and confirms (Enter on the note, or Ctrl+Enter anywhere). A
session with receipts that were never printed cannot close: the page lists them and refuses, and
Ctrl+P (the module's action, or the refusal's button) prints them — a receipt counts as printed
only once it went to a printer or was saved as PDF (ui/printing/receipts.py).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.cashier import DENOMINATIONS, MAX_PIECES, count_total
from app.domain.errors import ValidationError
from app.dto.cashier import DayEndReport, SessionSummary
from ui.cashier.common import (
    big_label,
    card,
    over_short_background,
    over_short_color,
    over_short_text,
    style_big,
)
from ui.cashier.models import TenderTotalsModel
from ui.formatting import local_time, yuan
from ui.i18n import fill
from ui.palette import restyle
from ui.tables import ForegroundDelegate
from ui.widgets import EnterNavigator, ErrorLabel, focus_editor, heading, hline, muted

#: one denomination row of the count grid, in pixels
ROW_HEIGHT = 26
#: one row of the takings-per-tender table on the close page
TENDER_ROW_HEIGHT = 28


def _pieces(text: str) -> int | None:
    text = text.strip()
    if not text:
        return 0
    return int(text) if text.isascii() and text.isdigit() else None


class DenominationGrid(QWidget):
    """面额 · 张（枚）数 · 小计, one row per denomination, and the counted total underneath."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("denominationGrid")
        self.edits: dict[str, QLineEdit] = {}
        self.subtotals: dict[str, QLabel] = {}
        self.errors: dict[str, ErrorLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self._build_headers(grid)
        row = 1
        last_form = ""
        for code, denomination in DENOMINATIONS.items():
            if last_form and denomination.form != last_form:  # a line between notes and coins
                grid.addWidget(hline(self), row, 0, 1, 3)
                row += 1
            last_form = denomination.form
            self._add_row(grid, row, code, denomination.label)
            row += 2
        self._build_total(grid, row)

    def _build_headers(self, grid: QGridLayout) -> None:
        for column, text in enumerate((self.tr("面额"), self.tr("张（枚）数"), self.tr("小计"))):
            label = QLabel(text, self)
            label.setProperty("role", "muted")
            label.setStyleSheet("font-weight: bold;")
            if column:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, 0, column)

    def _add_row(self, grid: QGridLayout, row: int, code: str, label: str) -> None:
        """面额 · count · 小计 on ``row``, the row's error under them."""
        name = QLabel(label, self)
        name.setStyleSheet("font-size: 14px;")
        edit = QLineEdit(self)
        edit.setObjectName(f"count_{code}")
        edit.setValidator(QIntValidator(0, MAX_PIECES, edit))
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.setPlaceholderText("0")
        edit.setFixedWidth(110)
        # 12 rows (notes, 元/角/分 coins) must fit a 768-pixel screen beside the check card
        edit.setFixedHeight(ROW_HEIGHT)
        edit.setStyleSheet("font-size: 14px;")
        edit.textChanged.connect(self._edited)
        subtotal = QLabel(yuan(0), self)
        subtotal.setObjectName(f"subtotal_{code}")
        subtotal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        subtotal.setMinimumWidth(110)
        subtotal.setProperty("role", "muted")
        subtotal.setStyleSheet("font-size: 14px;")
        error = ErrorLabel(self)
        grid.addWidget(name, row, 0)
        grid.addWidget(edit, row, 1)
        grid.addWidget(subtotal, row, 2)
        grid.addWidget(error, row + 1, 0, 1, 3)
        self.edits[code], self.subtotals[code], self.errors[code] = edit, subtotal, error

    def _build_total(self, grid: QGridLayout, row: int) -> None:
        """实点现金合计 under a line."""
        grid.addWidget(hline(self), row, 0, 1, 3)
        self.total_label = big_label(yuan(0), 20, parent=self, name="countedTotal")
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption = QLabel(self.tr("实点现金合计"), self)
        caption.setStyleSheet("font-size: 15px; font-weight: bold;")
        grid.addWidget(caption, row + 1, 0, 1, 2)
        grid.addWidget(self.total_label, row + 1, 2)
        grid.setColumnStretch(0, 1)

    def counts(self) -> dict[str, int]:
        """Typed counts, every denomination present (empty = 0); a half-typed value ("+")
        is a ValidationError on its row."""
        counts: dict[str, int] = {}
        for code, edit in self.edits.items():
            pieces = _pieces(edit.text())
            if pieces is None:
                raise ValidationError(code, fill(self.tr("%1的张（枚）数请填写整数"), DENOMINATIONS[code].label))
            counts[code] = pieces
        return counts

    def total_fen(self) -> int:
        return count_total(self.counts())

    def is_dirty(self) -> bool:
        return any(edit.text().strip() for edit in self.edits.values())

    def clear(self) -> None:
        for code, edit in self.edits.items():
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
            self.errors[code].set_message("")
        self._edited()

    def set_error(self, code: str, message: str) -> None:
        if code in self.errors:
            self.errors[code].set_message(message)
            focus_editor(self.edits[code])

    def _edited(self) -> None:
        total = 0
        for code, edit in self.edits.items():
            self.errors[code].set_message("")
            pieces = _pieces(edit.text()) or 0
            amount = pieces * DENOMINATIONS[code].fen
            total += amount
            self.subtotals[code].setText(yuan(amount))
            restyle(self.subtotals[code], role="ink" if pieces else "muted")
        self.total_label.setText(yuan(total))
        self.changed.emit()


class CloseSessionPage(QWidget):
    """``closeRequested(counts, note)`` when the clerk confirms; ``cancelled`` on Esc;
    ``printRequested`` for the unprinted receipts (the refusal's button)."""

    closeRequested = Signal(dict, str)
    cancelled = Signal()
    printRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeSessionPage")
        self.summary: SessionSummary | None = None
        self.busy = False
        self.unprinted: tuple[str, ...] = ()
        self._build_header()
        self._build_refusal()
        count_card = self._build_count_card()
        self._build_figures()
        self._build_note_and_buttons()
        check_card = self._build_check_card()
        self._build_scroll(count_card, check_card)
        self._layout()
        self._connect_keys()

    def _build_header(self) -> None:
        self.title = heading(self.tr("交班 / 日结"), 20, parent=self)
        self.subtitle = muted("", self)
        self.subtitle.setObjectName("closeSubtitle")

    def _build_refusal(self) -> None:
        """Receipts never printed (the service refuses too; this says which ones)."""
        self.refusal = card(self, "refusalCard")
        self.refusal.setProperty("panel", "refusal")
        self.refusal_text = QLabel(self.refusal)
        self.refusal_text.setObjectName("refusalText")
        self.refusal_text.setWordWrap(True)
        self.refusal_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_text.setProperty("role", "error")
        self.refusal_text.setStyleSheet("font-size: 14px;")
        self.print_button = QPushButton(self.tr("打印这些收据 (Ctrl+P)"), self.refusal)
        self.print_button.setObjectName("printUnprintedButton")
        self.print_button.setStyleSheet("text-transform: none;")
        self.print_button.setAutoDefault(False)
        self.print_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.print_button.clicked.connect(self.printRequested.emit)
        box = QHBoxLayout(self.refusal)
        box.setContentsMargins(14, 10, 14, 10)
        box.addWidget(self.refusal_text, 1)
        box.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.refusal.hide()

    def _build_count_card(self) -> QFrame:
        """Left: the count grid."""
        self.grid = DenominationGrid(self)
        self.grid.changed.connect(self._recompute)
        count_card = card(self, "countCard")
        count_box = QVBoxLayout(count_card)
        count_box.setContentsMargins(18, 12, 18, 12)
        count_box.setSpacing(6)
        count_box.addWidget(heading(self.tr("点钞（钱箱现金，含备用金）"), 16, parent=count_card))
        count_box.addWidget(self.grid)
        count_box.addStretch(1)
        self.hint = muted(self.tr("输入各面额张（枚）数，Enter 下移一行，最后到备注再按 Enter 确认交班"
                                  "（或随时按 Ctrl+Enter），Esc 返回。"
                                  "长款＝实点多于应有，短款＝实点少于应有；非现金收款不进钱箱，只核对笔数与金额。"),
                          count_card)
        self.hint.setWordWrap(True)
        count_box.addWidget(self.hint)
        return count_card

    def _build_figures(self) -> None:
        """Right: expected vs counted, over/short, takings per tender."""
        self.float_value = self._figure("floatValue")
        self.net_cash_value = self._figure("netCashValue")
        self.expected_value = self._figure("expectedValue")
        self.counted_value = self._figure("countedValue")
        self.over_short = big_label("", 26, parent=self, name="overShort")
        self.over_short.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.over_short.setMinimumHeight(46)
        self.tenders = TenderTotalsModel(self)
        self.tender_table = QTableView(self)
        self.tender_table.setObjectName("closeTenderTable")
        self.tender_table.setModel(self.tenders)
        _compact_table(self.tender_table, row_height=TENDER_ROW_HEIGHT)
        # the header and one row per tender kind and the total, nothing to scroll
        self.tender_table.setFixedHeight(TENDER_ROW_HEIGHT * 6 + 4)
        self.counts_label = muted("", self)
        self.counts_label.setObjectName("closeCounts")
        self.counts_label.setWordWrap(True)

    def _build_note_and_buttons(self) -> None:
        self.note = QLineEdit(self)
        self.note.setObjectName("closeNote")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("备注（可空），如：长款已登记待查"))
        self.error = ErrorLabel(self)
        self.error.setObjectName("closeError")
        self.confirm_button = self._button(self.tr("确认交班 (Ctrl+Enter)"), "confirmCloseButton", self.submit)
        self.cancel_button = self._button(self.tr("返回 (Esc)"), "cancelCloseButton", self.cancelled.emit)

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setStyleSheet("text-transform: none;")
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def _figures_grid(self) -> QGridLayout:
        """备用金 + 现金净收 = 应有现金, and 实点现金 under it."""
        figures = QGridLayout()
        figures.setHorizontalSpacing(18)
        figures.setVerticalSpacing(2)
        for row, (text, value) in enumerate((
                (self.tr("备用金"), self.float_value), (self.tr("+ 现金净收"), self.net_cash_value),
                (self.tr("= 应有现金"), self.expected_value), (self.tr("实点现金"), self.counted_value))):
            caption = QLabel(text, self)
            caption.setStyleSheet("font-size: 15px;")
            figures.addWidget(caption, row, 0)
            figures.addWidget(value, row, 1)
        figures.setColumnStretch(0, 1)
        return figures

    def _build_check_card(self) -> QFrame:
        """账实核对: the figures, over/short, the tenders, the note and the buttons."""
        figures = self._figures_grid()
        check_card = card(self, "checkCard")
        check_box = QVBoxLayout(check_card)
        check_box.setContentsMargins(18, 12, 18, 12)
        check_box.setSpacing(6)
        check_box.addWidget(heading(self.tr("账实核对"), 16, parent=check_card))
        check_box.addLayout(figures)
        check_box.addWidget(hline(check_card))
        check_box.addWidget(self.over_short)
        check_box.addWidget(hline(check_card))
        check_box.addWidget(heading(self.tr("本班次收款（按收款方式）"), 14, parent=check_card))
        check_box.addWidget(self.tender_table)
        check_box.addWidget(self.counts_label)
        check_box.addStretch(1)
        note_row = QHBoxLayout()
        note_row.setSpacing(10)
        self.note_caption = QLabel(self.tr("备注"), check_card)
        self.note_caption.setObjectName("closeNoteCaption")
        note_row.addWidget(self.note_caption)
        note_row.addWidget(self.note, 1)
        check_box.addLayout(note_row)
        check_box.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        check_box.addLayout(buttons)
        return check_card

    def _build_scroll(self, count_card: QFrame, check_card: QFrame) -> None:
        """The two cards scroll together when the window is too low for them, instead of being
        squeezed over each other (the 收费 N 笔 line landed on the 合计 row and 备注)."""
        self.cards = QWidget()
        self.cards.setObjectName("closeCards")
        columns = QHBoxLayout(self.cards)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(14)
        columns.addWidget(count_card, 5)
        columns.addWidget(check_card, 6)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("closeScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.cards)
        self.scroll.viewport().setAutoFillBackground(False)
        self.cards.setAutoFillBackground(False)

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(self.refusal)
        layout.addWidget(self.scroll, 1)

    def _connect_keys(self) -> None:
        """Enter down the grid to the note, Ctrl+Enter confirms, Esc goes back."""
        self.navigator = EnterNavigator([*self.grid.edits.values(), self.note], self.submit, self)
        for edit in (*self.grid.edits.values(), self.note):
            edit.installEventFilter(self)  # keep the field being typed in scrolled into view
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.cancelled.emit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            self.scroll.ensureWidgetVisible(watched, 0, 24)
        return super().eventFilter(watched, event)

    def _figure(self, name: str) -> QLabel:
        label = QLabel("", self)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setStyleSheet("font-size: 16px; font-weight: bold;")
        return label

    # ---- state ----------------------------------------------------------------------------------

    def start(self, summary: SessionSummary) -> None:
        """A fresh count for ``summary``'s session (the grid is cleared)."""
        self.summary = summary
        self.grid.clear()
        self.note.clear()
        self.error.set_message("")
        session = summary.session
        self.title.setText(fill(self.tr("交班 / 日结 — 班次 %1"), session.session_no))
        self.subtitle.setText(fill(self.tr("%1 · 开班 %2 · 收费 %3 笔"), session.clerk_name or session.username, local_time(session.opened_at), str(summary.payments)))
        self.float_value.setText(yuan(session.float_fen))
        self.net_cash_value.setText(yuan(summary.expected_cash_fen - session.float_fen))
        self.expected_value.setText(yuan(summary.expected_cash_fen))
        self.tenders.set_totals(summary.by_tender)
        self.counts_label.setText(fill(self.tr("收费 %1 笔 · 冲正 %2 笔 · 退费 %3 笔 · 合计 %4"), str(summary.payments), str(summary.reversals), str(summary.refunds), yuan(summary.total_fen)))
        self.set_unprinted(summary.unprinted_receipts)
        self._recompute()
        self.focus_first()

    def set_unprinted(self, receipts: tuple[str, ...] | list[str], message: str = "") -> None:
        """Refuse: list the receipts that were never printed (or the service's refusal)."""
        self.unprinted = tuple(receipts)
        if receipts or message:
            lines = [message or fill(self.tr("以下 %1 张收据尚未打印，不能交班："), str(len(receipts)))]
            if receipts:
                lines.append("、".join(receipts))
                lines.append(self.tr("按 Ctrl+P 打印这些收据（无收据打印机时在预览中打印或另存为PDF；"
                                     "仅关闭预览不算已打印），然后即可交班。"))
            self.refusal_text.setText("\n".join(lines))
            self.refusal.show()
        else:
            self.refusal_text.setText("")
            self.refusal.hide()
        self.print_button.setVisible(bool(receipts))
        self._update_enabled()

    def update_unprinted(self, summary: SessionSummary) -> None:
        """After printing: the same count goes on, only the refusal follows ``summary``."""
        self.summary = summary
        self.set_unprinted(summary.unprinted_receipts)

    def refused(self) -> bool:
        return not self.refusal.isHidden()

    def unprinted_text(self) -> str:
        return self.refusal_text.text() if self.refused() else ""

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.confirm_button.setText(self.tr("正在交班…") if busy else self.tr("确认交班 (Ctrl+Enter)"))
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.confirm_button.setEnabled(not self.busy and not self.refused() and self.summary is not None)
        self.print_button.setEnabled(not self.busy)

    def focus_first(self) -> None:
        focus_editor(next(iter(self.grid.edits.values())))

    def is_dirty(self) -> bool:
        return self.grid.is_dirty() or bool(self.note.text().strip())

    def counted_fen(self) -> int:
        try:
            return self.grid.total_fen()
        except ValidationError:
            return 0

    def over_short_fen(self) -> int | None:
        if self.summary is None:
            return None
        return self.counted_fen() - self.summary.expected_cash_fen

    def _recompute(self) -> None:
        counted = self.counted_fen()
        self.counted_value.setText(yuan(counted))
        diff = self.over_short_fen()
        if diff is None:
            self.over_short.setText("")
            return
        self.over_short.setText(over_short_text(diff))
        style_big(self.over_short, 28, over_short_color(diff), over_short_background(diff))

    def show_error(self, exc: ValidationError | str) -> None:
        if isinstance(exc, ValidationError) and exc.field in self.grid.edits:
            self.grid.set_error(exc.field, exc.message)
        else:
            self.error.set_message(exc.message if isinstance(exc, ValidationError) else exc)

    # ---- confirm --------------------------------------------------------------------------------

    def submit(self) -> None:
        if self.busy or self.summary is None:
            return
        if self.refused():
            self.error.set_message(self.tr("有未打印的收据，不能交班"))
            return
        self.error.set_message("")
        try:
            counts = self.grid.counts()
            count_total(counts)
        except ValidationError as exc:
            self.show_error(exc)
            return
        self.closeRequested.emit(counts, self.note.text().strip())


class DayEndPage(QWidget):
    """After the close: the day-end figures and the report (Ctrl+P shows it again)."""

    reportRequested = Signal()
    doneRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayEndPage")
        self.report: DayEndReport | None = None
        self._build_figures()
        self._build_buttons()
        panel = self._build_card()
        self._layout(panel)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.doneRequested.emit)

    def _build_figures(self) -> None:
        """日结完成, 长款/短款, the figures, the takings per tender and where the PDF went."""
        self.title = heading(self.tr("日结完成"), 20, parent=self)
        self.result = big_label("", 30, parent=self, name="dayEndOverShort")
        self.result.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel(self)
        self.details.setObjectName("dayEndDetails")
        self.details.setStyleSheet("font-size: 15px;")
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        self.tenders = TenderTotalsModel(self)
        self.tender_table = QTableView(self)
        self.tender_table.setModel(self.tenders)
        _compact_table(self.tender_table)
        self.tender_table.setFixedSize(360, 34 * 6 + 4)
        self.pdf_status = muted("", self)
        self.pdf_status.setObjectName("pdfStatus")
        self.pdf_status.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def _build_buttons(self) -> None:
        self.report_button = QPushButton(self.tr("日结报表 (Ctrl+P)"), self)
        self.report_button.setObjectName("dayEndReportButton")
        self.done_button = QPushButton(self.tr("返回本班次 (Esc)"), self)
        self.done_button.setObjectName("dayEndDoneButton")
        for button in (self.report_button, self.done_button):
            button.setStyleSheet("text-transform: none;")
            button.setAutoDefault(False)
        self.report_button.clicked.connect(self.reportRequested.emit)
        self.done_button.clicked.connect(self.doneRequested.emit)

    def _build_card(self) -> QFrame:
        panel = card(self, "dayEndCard")
        box = QVBoxLayout(panel)
        box.setContentsMargins(30, 24, 30, 24)
        box.setSpacing(12)
        box.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addWidget(self.result)
        box.addWidget(self.details)
        box.addWidget(self.tender_table, 0, Qt.AlignmentFlag.AlignHCenter)
        hand_over = muted(self.tr("请将日结报表与现金一并交收费班长；值班长在“班次审核”中审核本班次。"), panel)
        hand_over.setAlignment(Qt.AlignmentFlag.AlignCenter)  # no layout alignment: its wrapped height must count
        box.addWidget(hand_over)
        box.addWidget(self.pdf_status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.report_button)
        row.addWidget(self.done_button)
        row.addStretch(1)
        box.addLayout(row)
        return panel

    def _layout(self, panel: QFrame) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.addStretch(1)
        centred = QHBoxLayout()  # not an alignment flag: the card's wrapped lines get their height
        centred.addStretch(1)
        centred.addWidget(panel)
        centred.addStretch(1)
        layout.addLayout(centred)
        layout.addStretch(2)

    def show_report(self, report: DayEndReport) -> None:
        self.report = report
        session = report.summary.session
        self.title.setText(fill(self.tr("日结完成 — 班次 %1"), session.session_no))
        self.result.setText(over_short_text(report.over_short_fen))
        style_big(self.result, 30, over_short_color(report.over_short_fen),
                  over_short_background(report.over_short_fen))
        self.details.setText(fill(self.tr("应有现金 %1　　实点现金 %2\n收费 %3 笔 · 冲正 %4 笔 · 退费 %5 笔 · 合计 %6"), yuan(report.summary.expected_cash_fen), yuan(report.counted_cash_fen), str(report.summary.payments), str(report.summary.reversals), str(report.summary.refunds), yuan(report.summary.total_fen)))
        self.tenders.set_totals(report.summary.by_tender)
        self.pdf_status.setText("")
        self.report_button.setFocus()


def _compact_table(table: QTableView, row_height: int = 34) -> None:
    table.setItemDelegate(ForegroundDelegate(table))
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(row_height)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setFixedHeight(row_height)  # the table's fixed height counts on it
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
