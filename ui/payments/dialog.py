"""The payment dialog (柜台收费, F6).

What the clerk sees: the customer, what is owed (欠费 + 违约金 − 预存 = 应缴), the amount to take
(收费金额, pre-filled with 应缴; more goes to 预存, less is a part payment), one row per tender
(现金 / 银行卡 / 扫码支付 / 转账, a reference for the non-cash ones), the change for cash, the
amount in Chinese capitals, and how the money will settle the bills (``quote_payment``).

Keys: the cursor starts in 现金. Enter moves to the next field that matters (a non-cash amount
leads to its reference); on an amount once the tenders cover the payment, Enter confirms.
Enter on an empty 现金 takes the exact amount still to pay in cash and confirms, so a customer
who hands over the exact money costs the clerk one key. Tab (or ↓) moves to 银行卡 / 扫码 / 转账.
Ctrl+Enter confirms from anywhere, Esc cancels.

A cash tender that leaves change of the hall rule ``large_change_confirm_fen`` or more (5434 typed
for ¥54.34) is confirmed first, the question naming the change.

Exactly-once: ``request_id`` (UUIDv7) is made when the dialog opens and sent with every
attempt, so a double click, a second Enter, or a retry after an error can only ever post one
payment; the confirm button is disabled while the post is in flight. When the answer was lost
(no receipt, no refusal: the payment may or may not be in), the form stays locked and Enter
re-sends exactly the same request — the service answers it with the first receipt; the clerk
cannot edit first (an edited payment is another request). After a refusal (nothing was posted)
the clerk may edit, and the next attempt is a new request with a new id.

The quote: the payment carries the 应缴 the clerk was shown. When it changed meanwhile
(another counter took a payment, a bill run, an adjustment), the service refuses and says what
changed; the clerk chooses: take what is due now (the amount is refilled, confirm again), take
the amount anyway (the excess goes to 预存 / a part payment), or cancel.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.allocation import TENDER_KINDS, Tender, tender_change
from app.domain.codes import TenderKind
from app.domain.errors import DatabaseBusy, DatabaseFailure, DomainError, ValidationError
from app.domain.hall_rules import HallRules
from app.domain.money import chinese_capital, parse_amount
from app.dto.billing import BillView
from app.dto.customers import CustomerView
from app.dto.payments import PaymentQuote, Receipt, TenderInput
from app.services import hall_rules as hall_rules_service
from app.services import payments as payment_service
from app.services.hall_rules import HallRulesView
from app.write_path.oplog import uuid7
from ui.context import UiContext
from ui.formatting import yuan
from ui.forms import confirm_buttons
from ui.i18n import fill, localize
from ui.money_band import FIGURE_STYLE, GREEN, INK, RED, figure_label, set_figure
from ui.palette import restyle
from ui.payments.models import AllocationColumn, AllocationModel
from ui.tables import make_table
from ui.tasks import Failure, show_failure
from ui.widgets import ErrorLabel, FormField, alive, focus_editor

log = logging.getLogger(__name__)

AMOUNT = "amount"
NON_CASH = (TenderKind.CARD, TenderKind.QR, TenderKind.TRANSFER)
REFERENCE_HINTS = {TenderKind.CARD: "POS凭证号/卡号后四位", TenderKind.QR: "支付单号（微信/支付宝）",
                   TenderKind.TRANSFER: "银行流水号"}


@dataclass(frozen=True)
class Entry:
    """What the form holds right now, parsed; ``errors`` maps a field to its message."""

    amount_fen: int | None
    tenders: tuple[TenderInput, ...]
    errors: dict[str, str]
    change_fen: int | None  # None until the tenders cover the amount
    short_fen: int  # still missing (0 when covered)

    @property
    def tendered_fen(self) -> int:
        return sum(t.amount_fen for t in self.tenders)


class PaymentDialog(QDialog):
    def __init__(self, ctx: UiContext, customer: CustomerView, bills: BillView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.ctx = ctx
        self.customer = customer
        self.request_id: uuid.UUID = uuid7()  # once per dialog: retries reuse it
        #: when the customer view first showed the customer (set by the caller): the handling time's start
        self.served_since: dt.datetime | None = None
        self.receipt: Receipt | None = None
        self.quote: PaymentQuote | None = None
        self.due_fen: int | None = bills.due_fen if bills is not None else None
        self.posting = False
        self.quoting = False
        self.post_attempts = 0
        #: the request sent last whose answer was lost: re-sent as it is, the form locked meanwhile
        self.unanswered: payment_service.PostPayment | None = None
        self._quote_generation = 0
        self._amount_touched = False
        self._change_confirmed: tuple[int, tuple[TenderInput, ...]] | None = None
        self.setWindowTitle(fill(self.tr("收费 — %1（户号 %2）"), customer.name, customer.account_no))
        self.setModal(True)
        #: the hall's rules (payment limit, large-change threshold): the defaults until read, at open
        self.rules = HallRules()
        self.rules_loaded = False

        self._build(customer)
        if bills is not None:
            self._show_figures(bills.arrears_fen, bills.late_fee_fen, bills.prepaid_fen, bills.due_fen)
            self._prefill_amount(bills.due_fen)
        self._quote_timer = QTimer(self)
        self._quote_timer.setSingleShot(True)
        self._quote_timer.setInterval(250)
        self._quote_timer.timeout.connect(self._request_quote)
        self._request_quote(initial=True)
        self._load_rules()
        self.refresh()

    def _load_rules(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None

        def loaded(view: HallRulesView) -> None:
            if alive(self):
                self.rules, self.rules_loaded = view.rules, True
                self.refresh()

        # The hall rules only set a default here: a failed read is logged, not shown.
        self.ctx.tasks.run(lambda: hall_rules_service.get_rules(db, actor), loaded,
                           failure=Failure(what="reading the hall rules"))
        focus_editor(self.tender_edits[TenderKind.CASH])

    # -- layout ------------------------------------------------------------------------
    def _build(self, customer: CustomerView) -> None:
        heading = self._build_heading(customer)
        band = self._build_figures()
        self._build_amount()
        left = self._build_tenders()
        change_box = self._build_change_box()
        self._build_allocation()
        buttons = self._build_buttons()
        self._layout(heading, band, left, change_box, buttons)

    def _build_heading(self, customer: CustomerView) -> QHBoxLayout:
        """The customer: name, account number and supply address on one line."""
        title = QLabel(fill(self.tr("收费　%1"), customer.name), self)
        title.setObjectName("payTitle")
        title.setStyleSheet("QLabel#payTitle { font-size: 20px; font-weight: bold; }")
        account = QLabel(fill(self.tr("户号 %1"), customer.account_no), self)
        account.setObjectName("payAccount")
        account.setStyleSheet("QLabel#payAccount { font-size: 16px; font-weight: bold; }")
        address = QLabel(customer.supply_address, self)
        address.setObjectName("payAddress")
        address.setProperty("role", "muted")
        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(title)
        heading.addWidget(account)
        heading.addWidget(address, 1)
        return heading

    def _build_figures(self) -> QFrame:
        """The band of what is owed: 欠费, 违约金, 预存, 应缴 and the date they are reckoned on."""
        band = QFrame(self)
        band.setObjectName("payFigures")
        band.setProperty("panel", "header")
        band.setStyleSheet(FIGURE_STYLE + 'QLabel[big="true"] { font-size: 24px; }')
        self.figures: dict[str, QLabel] = {}
        band_layout = QHBoxLayout(band)
        band_layout.setContentsMargins(16, 8, 16, 8)
        band_layout.setSpacing(28)
        for key, caption in (("arrears", self.tr("欠费")), ("late_fee", self.tr("违约金")),
                             ("prepaid", self.tr("预存")), ("due", self.tr("应缴"))):
            box = QVBoxLayout()
            box.setSpacing(0)
            cap = QLabel(caption, band)
            cap.setObjectName("figureCaption")
            value = figure_label(f"pay_{key}", band, big=key == "due")
            self.figures[key] = value
            box.addWidget(cap)
            box.addWidget(value)
            band_layout.addLayout(box)
        band_layout.addStretch(1)
        self.on_date_label = QLabel(band)
        self.on_date_label.setProperty("role", "muted")
        self.on_date_label.setStyleSheet("font-size: 12px;")
        band_layout.addWidget(self.on_date_label, 0, Qt.AlignmentFlag.AlignBottom)
        for key in self.figures:
            self._set_figure(key, "…", INK)
        return band

    def _build_amount(self) -> None:
        """The amount to take (收费金额) and the same in Chinese capitals."""
        self.amount_edit = self._money_edit(AMOUNT)
        self.amount_edit.setPlaceholderText(self.tr("本次收取的金额"))
        self.amount_field = FormField(self.amount_edit, self)
        self.capital_label = QLabel(self)
        self.capital_label.setObjectName("capitalLabel")
        self.capital_label.setWordWrap(True)
        self.capital_label.setStyleSheet("QLabel#capitalLabel { font-size: 14px; }")
        self.capital_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_tenders(self) -> QVBoxLayout:
        """The grid: the amount on the first row, then one row per tender with its reference."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnMinimumWidth(0, 84)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        row_height = self.amount_edit.sizeHint().height()
        amount_caption = QLabel(self.tr("收费金额（元）"), self)
        amount_caption.setStyleSheet("font-weight: bold;")
        amount_caption.setMinimumHeight(row_height)  # level with its field, also when a message opens below
        grid.addWidget(amount_caption, 0, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.amount_field, 0, 1)
        self.capital_label.setMinimumHeight(row_height)
        grid.addWidget(self.capital_label, 0, 2, Qt.AlignmentFlag.AlignTop)
        for column, text in ((0, self.tr("收款方式")), (1, self.tr("金额（元）")), (2, self.tr("交易参考号"))):
            head = QLabel(text, self)
            head.setProperty("role", "muted")
            head.setStyleSheet("font-size: 12px;")
            grid.addWidget(head, 1, column)
        self.tender_edits: dict[str, QLineEdit] = {}
        self.ref_edits: dict[str, QLineEdit] = {}
        self.fields: dict[str, FormField] = {AMOUNT: self.amount_field}
        for row, (kind, label) in enumerate(TENDER_KINDS.items(), start=2):
            self._build_tender_row(grid, row, kind, label, row_height)
        left = QVBoxLayout()
        left.addLayout(grid)
        left.addStretch(1)
        return left

    def _build_tender_row(self, grid: QGridLayout, row: int, kind: str, label: str, row_height: int) -> None:
        """One tender: its name, its amount and (not for cash) its transaction reference."""
        name = QLabel(self.tr(label), self)
        name.setStyleSheet("font-size: 14px;")
        name.setMinimumHeight(row_height)
        edit = self._money_edit(kind)
        edit.setPlaceholderText(self.tr("客户交来的现金") if kind == TenderKind.CASH else "")
        self.tender_edits[kind] = edit
        self.fields[kind] = FormField(edit, self)
        grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.fields[kind], row, 1)
        if kind != TenderKind.CASH:
            ref = QLineEdit(self)
            ref.setObjectName(f"ref_{kind}")
            ref.setMaxLength(40)
            ref.setPlaceholderText(self.tr(REFERENCE_HINTS[kind]))
            ref.installEventFilter(self)
            self.ref_edits[kind] = ref
            self.fields[f"{kind}_ref"] = FormField(ref, self)
            grid.addWidget(self.fields[f"{kind}_ref"], row, 2)

    def _build_change_box(self) -> QFrame:
        """The change (找零) in large figures, what was tendered and what is still short."""
        change_box = QFrame(self)
        change_box.setObjectName("changeBox")
        change_box.setProperty("panel", "change")  # colours: ui/palette.py
        change_box.setStyleSheet("QFrame#changeBox QLabel { background: transparent; }")
        change_box.setMinimumWidth(250)
        self.change_caption = QLabel(self.tr("找零"), change_box)
        self.change_caption.setProperty("role", "muted")
        self.change_caption.setStyleSheet("font-size: 13px;")
        self.change_label = QLabel("—", change_box)
        self.change_label.setObjectName("changeLabel")
        self.change_label.setProperty("role", "muted")
        self.change_label.setStyleSheet("QLabel#changeLabel { font-size: 30px; font-weight: bold; }")
        self.tendered_label = QLabel(change_box)
        self.tendered_label.setObjectName("tenderedLabel")
        self.tendered_label.setStyleSheet("QLabel#tenderedLabel { font-size: 13px; }")
        self.short_label = QLabel(change_box)
        self.short_label.setObjectName("shortLabel")
        self.short_label.setWordWrap(True)
        change_layout = QVBoxLayout(change_box)
        change_layout.setContentsMargins(16, 10, 16, 10)
        change_layout.setSpacing(4)
        change_layout.addWidget(self.change_caption)
        change_layout.addWidget(self.change_label)
        change_layout.addWidget(self.tendered_label)
        change_layout.addWidget(self.short_label)
        change_layout.addStretch(1)
        return change_box

    def _build_allocation(self) -> None:
        """The allocation preview (销账预览): which bills the payment settles, and the 预存 left."""
        self.allocation_model = AllocationModel(self)
        self.allocation_title = QLabel(self.tr("销账预览（先旧后新，先违约金后本金）"), self)
        self.allocation_title.setProperty("role", "soft")
        self.allocation_title.setStyleSheet("font-weight: bold;")
        self.allocation_table: QTableView = make_table(self, "allocationTable")
        self.allocation_table.setModel(self.allocation_model)
        self.allocation_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.allocation_table.setMinimumHeight(120)
        for column, width in ((AllocationColumn.PERIOD, 100), (AllocationColumn.BILL_NO, 160),
                              (AllocationColumn.LATE_FEE, 110), (AllocationColumn.PRINCIPAL, 120),
                              (AllocationColumn.TOTAL, 120)):
            self.allocation_table.setColumnWidth(column, width)
        self.allocation_table.horizontalHeader().setSectionResizeMode(AllocationColumn.RESULT,
                                                                      QHeaderView.ResizeMode.Stretch)
        self.prepaid_label = QLabel(self)
        self.prepaid_label.setObjectName("prepaidLabel")
        self.prepaid_label.setWordWrap(True)

    def _build_buttons(self) -> QHBoxLayout:
        """The error line, the status and 取消 / 确认收费, with Ctrl+Enter to confirm."""
        self.error = ErrorLabel(self)
        self.error.setObjectName("payError")
        self.status = QLabel(self)
        self.status.setObjectName("payStatus")
        self.status.setProperty("role", "muted")
        self.confirm_button, self.cancel_button, buttons = confirm_buttons(
            self, self.status, self.tr("取消 (Esc)"), self.tr("确认收费 (Enter)"), self.confirm, name="pay",
            confirm_width=150)
        return buttons

    def _layout(self, heading: QHBoxLayout, band: QFrame, left: QVBoxLayout, change_box: QFrame,
                buttons: QHBoxLayout) -> None:
        """Top to bottom: heading, figures, tenders beside the change, allocation, buttons."""
        middle = QHBoxLayout()
        middle.setSpacing(18)
        middle.addLayout(left, 1)
        middle.addWidget(change_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(band)
        layout.addLayout(middle)
        layout.addWidget(self.allocation_title)
        layout.addWidget(self.allocation_table, 1)
        layout.addWidget(self.prepaid_label)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(900, 640)

    def _money_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(f"money_{name}")
        edit.setMaxLength(20)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.setStyleSheet(f"QLineEdit#money_{name} {{ font-size: 16px; }}")
        edit.installEventFilter(self)
        edit.textEdited.connect(lambda _text, n=name: self._edited(n))
        edit.editingFinished.connect(lambda n=name: self._finished(n))
        return edit

    def _set_figure(self, key: str, text: str, color: str) -> None:
        set_figure(self.figures[key], text, color)

    def _show_figures(self, arrears: int, late_fee: int, prepaid: int, due: int) -> None:
        self._set_figure("arrears", yuan(arrears), RED if arrears > 0 else INK)
        self._set_figure("late_fee", yuan(late_fee), RED if late_fee > 0 else INK)
        self._set_figure("prepaid", yuan(prepaid), GREEN if prepaid > 0 else INK)
        self._set_figure("due", yuan(due), RED if due > 0 else GREEN)

    def _prefill_amount(self, due: int) -> None:
        if self._amount_touched:
            return
        self.amount_edit.setText(yuan(due, symbol=False).replace(",", "") if due > 0 else "")

    # -- parsing -----------------------------------------------------------------------
    def _label(self, name: str) -> str:
        return self.tr("收费金额") if name == AMOUNT else fill(self.tr("%1金额"), self.tr(TENDER_KINDS[name]))

    def _parse(self, name: str) -> tuple[int | None, str]:
        text = self.tender_edits[name].text() if name in self.tender_edits else self.amount_edit.text()
        if name != AMOUNT and not text.strip():
            return None, ""
        try:
            return parse_amount(text, name, self._label(name), max_fen=self.rules.max_payment_fen), ""
        except ValidationError as exc:
            return None, exc.message

    def entry(self) -> Entry:
        errors: dict[str, str] = {}
        tenders: list[TenderInput] = []
        for kind in TENDER_KINDS:
            value, message = self._parse(kind)
            if message:
                errors[kind] = message
            elif value is not None:
                reference = self.ref_edits[kind].text().strip() if kind in self.ref_edits else ""
                tenders.append(TenderInput(kind, value, reference))
        amount, message = self._parse(AMOUNT)
        if message and self.due_fen == 0 and tenders and not self.amount_edit.text().strip():
            # Nothing owed and no amount typed: everything tendered is prepayment (预存).
            amount, message = sum(t.amount_fen for t in tenders), ""
        if message:
            errors[AMOUNT] = message
        change: int | None = None
        short = 0
        if amount is not None and not errors:
            if not tenders:
                errors[TenderKind.CASH] = self.tr("请输入收款金额（现金、银行卡、扫码或转账）")
                short = amount
            else:
                non_cash = sum(t.amount_fen for t in tenders if t.kind != TenderKind.CASH)
                cash = sum(t.amount_fen for t in tenders if t.kind == TenderKind.CASH)
                short = max(0, amount - non_cash - cash)
                try:
                    change = tender_change(amount, [Tender(t.kind, t.amount_fen) for t in tenders])
                except ValidationError as exc:
                    if non_cash > amount:
                        first = next(t.kind for t in tenders if t.kind != TenderKind.CASH)
                        errors[first] = exc.message
                    else:
                        errors[TenderKind.CASH] = exc.message
        return Entry(amount, tuple(tenders), errors, change, short)

    # -- live feedback -----------------------------------------------------------------
    def _edited(self, name: str) -> None:
        if name == AMOUNT:
            self._amount_touched = True
            self._quote_timer.start()
        # A message under a field goes away as soon as the clerk corrects it.
        self.fields[name].set_error("")
        self.error.set_message("")
        self.refresh()

    def _finished(self, name: str) -> None:
        """Leaving a field: say what is wrong with its own text (not yet "cash short")."""
        value, message = self._parse(name)
        if message and not self.posting:
            self.fields[name].set_error(message)

    def refresh(self) -> None:
        entry = self.entry()
        amount = entry.amount_fen
        if amount is not None:
            self.capital_label.setText(fill(self.tr("大写：人民币%1"), chinese_capital(amount)))
        else:
            self.capital_label.setText(self.tr("大写：—"))
        self.tendered_label.setText(fill(self.tr("实收合计 %1　应收 %2"),
            yuan(entry.tendered_fen), yuan(amount) if amount is not None else "—"))
        threshold = self.rules.large_change_confirm_fen
        if entry.change_fen is not None and 0 < threshold <= entry.change_fen:
            # A missed decimal point shows before Enter, not only in the question after it.
            self.change_label.setText(yuan(entry.change_fen))
            restyle(self.change_label, role="alert")
            self.short_label.setText(self.tr("找零较大，请核对现金金额（是否漏输小数点）"))
            restyle(self.short_label, role="alert", strong=True)
        elif entry.change_fen is not None:
            self.change_label.setText(yuan(entry.change_fen))
            restyle(self.change_label, role="ok")
            self.short_label.setText(self.tr("收款已足额，Enter 确认收费"))
            restyle(self.short_label, role="ok", strong=False)
        else:
            self.change_label.setText("—")
            restyle(self.change_label, role="muted")
            if amount is not None and entry.short_fen > 0 and entry.tenders:
                self.short_label.setText(fill(self.tr("还差 %1"), yuan(entry.short_fen)))
                restyle(self.short_label, role="error", strong=True)
            else:
                self.short_label.setText("")
        if self.ctx.customer_display is not None:  # the customer display follows (ui/customer_facing.py)
            self.ctx.customer_display.follow_payment(self.customer.name, amount, entry.tendered_fen, entry.change_fen)

    @property
    def change_fen(self) -> int | None:
        return self.entry().change_fen

    def error_text(self, name: str) -> str:
        if name == "general":
            return self.error.text() if not self.error.isHidden() else ""
        return self.fields[name].error_text()

    # -- quote -------------------------------------------------------------------------
    def _request_quote(self, initial: bool = False) -> None:
        amount, message = self._parse(AMOUNT)
        if not initial and (amount is None or message):
            self._quote_generation += 1  # an older answer must not fill the table again
            self.quoting = False
            self.allocation_model.set_rows([])
            self.prepaid_label.setText("")
            return
        self._quote_generation += 1
        generation = self._quote_generation
        self.quoting = True
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        customer_id = self.customer.id
        wanted = amount or 0

        def work() -> PaymentQuote:
            return payment_service.quote_payment(db, actor, customer_id, wanted)

        # The quote answers ~250 ms after the amount was typed, usually while the clerk is already
        # in 现金: the message goes under 收款金额 but the cursor stays where the clerk is.
        self.ctx.tasks.run(work, lambda q: self._quoted(generation, q, initial),
                           stale=lambda: not alive(self) or generation != self._quote_generation,
                           always=self._quote_answered,
                           failure=Failure({"amount": self.amount_field}, self.error, what="quoting a payment",
                                           focus=False))

    def _quote_answered(self) -> None:
        self.quoting = False

    def _quoted(self, generation: int, quote: PaymentQuote, initial: bool) -> None:
        if not alive(self) or generation != self._quote_generation:
            return
        self.quoting = False
        self.quote = quote
        self.due_fen = quote.due_fen
        self._show_figures(quote.arrears_fen, quote.late_fee_fen, quote.prepaid_before_fen, quote.due_fen)
        self.on_date_label.setText(fill(self.tr("违约金计至 %1"), quote.on_date.isoformat()))
        if initial:
            self._prefill_amount(quote.due_fen)
            self.refresh()
            amount, _message = self._parse(AMOUNT)
            if amount is not None and amount != quote.amount_fen:
                self._request_quote()  # show how the amount now in the field settles the bills
                return
        self.allocation_model.set_rows(list(quote.allocations))
        parts = []
        if quote.to_prepaid_fen > 0:
            parts.append(fill(self.tr("转入预存 %1"), yuan(quote.to_prepaid_fen)))
        elif quote.to_prepaid_fen < 0:
            parts.append(fill(self.tr("使用预存 %1"), yuan(-quote.to_prepaid_fen)))
        if quote.allocations:
            parts.append(fill(self.tr("冲抵账单 %1 张，合计 %2"),
                len(quote.allocations), yuan(self.allocation_model.total_fen())))
        elif quote.amount_fen:
            parts.append(self.tr("没有未结清的账单，全部转入预存"))
        self.prepaid_label.setText("；".join(parts))

    # -- keyboard ----------------------------------------------------------------------
    def _order(self) -> list[QLineEdit]:
        order: list[QLineEdit] = [self.amount_edit]
        for kind in TENDER_KINDS:
            order.append(self.tender_edits[kind])
            if kind in self.ref_edits:
                order.append(self.ref_edits[kind])
        return order

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not event.modifiers() \
                and isinstance(watched, QLineEdit) and watched in self._order():
            order = self._order()
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            target = order.index(watched) + step
            if 0 <= target < len(order):
                focus_editor(order[target])
            return True
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(watched, QLineEdit) or watched not in self._order():
            return False
        self._enter(watched)
        return True

    def _enter(self, edit: QLineEdit) -> None:
        if self.posting:
            return
        name = edit.objectName()
        if name == f"money_{AMOUNT}":
            value, message = self._parse(AMOUNT)
            if message:
                self.amount_field.set_error(message)
                focus_editor(self.amount_edit)
                return
            self._quote_timer.stop()
            self._request_quote()
            focus_editor(self.tender_edits[TenderKind.CASH])
            return
        if name.startswith("money_"):
            kind = name.removeprefix("money_")
            if kind == TenderKind.CASH and not edit.text().strip():
                exact = self._exact_cash()
                if exact is not None:
                    # The customer handed over exactly what is owed: one key, no typing.
                    edit.setText(yuan(exact, symbol=False).replace(",", ""))
                    self._edited(TenderKind.CASH)
                    self.confirm()
                    return
            value, message = self._parse(kind)
            if message:
                self.fields[kind].set_error(message)
                focus_editor(edit)
                return
            entry = self.entry()
            if entry.change_fen is not None and not entry.errors:
                if kind in self.ref_edits and value is not None and not self.ref_edits[kind].text().strip():
                    focus_editor(self.ref_edits[kind])  # the reference of the tender just typed
                    return
                self.confirm()
                return
            if kind in self.ref_edits and value is not None:
                focus_editor(self.ref_edits[kind])
                return
            self._focus_next_amount(kind)
            return
        # a reference field
        kind = name.removeprefix("ref_")
        entry = self.entry()
        if entry.change_fen is not None and not entry.errors:
            self.confirm()
            return
        self._focus_next_amount(kind)

    def _exact_cash(self) -> int | None:
        """What is still to pay once the non-cash tenders are counted, if the form says it
        clearly (an amount to take, no bad tender); None otherwise."""
        amount, message = self._parse(AMOUNT)
        if amount is None or message:
            return None
        non_cash = 0
        for kind in NON_CASH:
            value, message = self._parse(kind)
            if message:
                return None
            non_cash += value or 0
        rest = amount - non_cash
        return rest if rest > 0 else None

    def _focus_next_amount(self, after: str) -> None:
        kinds = list(TENDER_KINDS)
        following = kinds[kinds.index(after) + 1:]
        if following:
            focus_editor(self.tender_edits[following[0]])
        else:
            self.confirm()  # the last field: try, and let the messages say what is missing

    # -- posting -----------------------------------------------------------------------
    def _show_entry_errors(self, entry: Entry) -> None:
        for name, field in self.fields.items():
            field.set_error(entry.errors.get(name, ""))
        for name in (AMOUNT, *TENDER_KINDS):
            if name in entry.errors:
                focus_editor(self.amount_edit if name == AMOUNT else self.tender_edits[name])
                break

    def confirm(self) -> None:
        if self.posting or self.receipt is not None:
            return  # a second Enter or click while the first is in flight posts nothing
        if self.unanswered is not None:
            self._send(self.unanswered)  # the same request again, never an edited one
            return
        entry = self.entry()
        self.error.set_message("")
        if entry.errors or entry.amount_fen is None:
            self._show_entry_errors(entry)
            return
        self._show_entry_errors(entry)  # clears old messages
        if not self._large_change_confirmed(entry):
            return
        quote = self.quote
        cmd = payment_service.PostPayment(request_id=self.request_id, customer_id=self.customer.id,
                                          tenders=entry.tenders, amount_fen=entry.amount_fen,
                                          quoted_due_fen=self.due_fen,
                                          quoted_at=quote.quoted_at if quote is not None else None,
                                          served_since=self.served_since)
        self._send(cmd)

    def _send(self, cmd: payment_service.PostPayment) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self._set_posting(True)
        self.post_attempts += 1
        self.ctx.tasks.run(lambda: payment_service.post_payment(db, actor, cmd), self._posted,
                           lambda exc: self._post_failed(exc, cmd))

    def _large_change_confirmed(self, entry: Entry) -> bool:
        """Change of ``large_change_confirm_fen`` or more is usually a missed decimal point
        (5434 for ¥54.34): ask, naming the change, before any money moves."""
        threshold = self.rules.large_change_confirm_fen
        change = entry.change_fen or 0
        key = (entry.amount_fen or 0, entry.tenders)
        if threshold <= 0 or change < threshold or self._change_confirmed == key:
            return True
        cash = sum(t.amount_fen for t in entry.tenders if t.kind == TenderKind.CASH)
        asked = self.ctx.dialogs.confirm(self, self.tr("请核对找零"), fill(self.tr(
            "要找零 %1，金额较大。\n\n收费金额 %2，收到现金 %3。\n"
            "请核对现金金额是否输错（如漏输小数点）。确认找零 %1 并收费吗？"),
            yuan(change), yuan(entry.amount_fen or 0), yuan(cash)))
        if not asked:
            self.fields[TenderKind.CASH].set_error(fill(self.tr("请核对现金金额：当前要找零 %1"), yuan(change)))
            focus_editor(self.tender_edits[TenderKind.CASH])
            self.tender_edits[TenderKind.CASH].selectAll()
            return False
        self._change_confirmed = key  # a retry after an error does not ask again
        return True

    def _set_posting(self, posting: bool) -> None:
        self.posting = posting
        locked = posting or self.unanswered is not None
        self.confirm_button.setEnabled(not posting)
        self.cancel_button.setEnabled(not posting)
        if posting:
            self.confirm_button.setText(self.tr("正在收费…"))
        elif self.unanswered is not None:
            self.confirm_button.setText(self.tr("原样重试 (Enter)"))
        else:
            self.confirm_button.setText(self.tr("确认收费 (Enter)"))
        for edit in self._order():
            edit.setReadOnly(locked)
            edit.setEnabled(self.unanswered is None)  # greyed: nothing to edit before the retry
        self.status.setText(self.tr("正在保存，请稍候…") if posting else "")

    def _posted(self, receipt: Receipt) -> None:
        if not alive(self):
            return
        self._set_posting(False)
        self.receipt = receipt
        self.confirm_button.setEnabled(False)
        self.accept()

    def _post_failed(self, exc: BaseException, cmd: payment_service.PostPayment) -> None:
        # Not the runner's default: an unanswered request is kept for the retry; the rest is shown by show_failure.
        if not alive(self):
            log.warning("payment request %s failed after its dialog closed: %s", cmd.request_id, exc)
            return
        # A DatabaseFailure is a database error of unknown outcome (the connection may have
        # dropped at COMMIT, after the payment went in): like any unexpected error, only the
        # same request may follow. DatabaseBusy and the other refusals wrote nothing.
        outcome_unknown = isinstance(exc, DatabaseFailure) or not isinstance(exc, DomainError)
        if isinstance(exc, DatabaseBusy):
            # The lock was never had, so nothing was written: the form opens again, and the
            # retry keeps this id (harmless when nothing is stored under it).
            self.unanswered = None
        elif not outcome_unknown:
            # Refused: nothing was posted under this id. Whatever the clerk sends next is a new
            # request (a new id), so an edited payment never meets the first one's key.
            self.unanswered = None
            self.request_id = uuid7()
        else:
            self.unanswered = cmd  # the payment may be in: only the same request may follow
        self._set_posting(False)
        if isinstance(exc, DatabaseFailure):
            self.error.set_message(exc.message)  # names the log reference; localized there
            self.confirm_button.setFocus()
            self.status.setText(self.tr("结果未知：不能修改，重试会原样重发同一笔收费"))
            return
        if isinstance(exc, payment_service.QuoteChanged):
            self._quote_changed(exc, cmd)
            return
        if outcome_unknown:
            log.error("posting a payment failed (request %s)", cmd.request_id, exc_info=exc)
            self.error.set_message(fill(self.tr("收费未确认：%1。请按 Enter 原样重试（不会重复收费）"),
                type(exc).__name__))
            self.confirm_button.setFocus()
            self.status.setText(self.tr("结果未知：不能修改，重试会原样重发同一笔收费"))
            return
        # The tenders are checked as a whole (找零, 合计): that message goes under 现金.
        show_failure(exc, Failure({**self.fields, "tenders": self.fields["cash"]}, self.error,
                                  what="posting a payment"))
        if self.error.text():  # not a field's error: Enter on 确认 tries again
            self.confirm_button.setFocus()
        self.status.setText(self.tr("未收费：可修改后重新确认"))

    def _quote_changed(self, exc: payment_service.QuoteChanged, cmd: payment_service.PostPayment) -> None:
        """应缴 changed since the clerk's quote: say what changed, and let the clerk choose."""
        now, amount = exc.due_fen, cmd.amount_fen or 0
        self.due_fen = now
        self.quote = None
        self._quote_generation += 1  # an older quote must not bring the old figures back
        buttons: list[str] = []
        actions: list[str] = []
        if now > 0:
            buttons.append(fill(self.tr("按当前应缴 %1 收费"), yuan(now)))
            actions.append("due")
        if amount > now:
            buttons.append(fill(self.tr("仍收 %1，%2 转入预存"), yuan(amount), yuan(amount - now)))
        else:
            buttons.append(fill(self.tr("仍收 %1（部分缴费）"), yuan(amount)))
        actions.append("keep")
        buttons.append(self.tr("取消收费"))
        actions.append("cancel")
        text = fill(self.tr("%1\n\n本次未收费。请选择："), localize(exc.message))
        choice = self.ctx.dialogs.choose(self, self.tr("应缴金额已变化"), text, buttons,
                                         default=0 if now > 0 else len(buttons) - 1)
        action = actions[choice] if 0 <= choice < len(actions) else "cancel"
        if action == "cancel":
            self.reject()
        elif action == "keep":
            self.confirm()  # the same money, now against what is due (a new request)
        else:
            self._amount_touched = True
            self.amount_edit.setText(yuan(now, symbol=False).replace(",", ""))
            self._change_confirmed = None
            self.refresh()
            self._request_quote()  # the band and the preview show what is due now
            self.error.set_message(exc.message)
            self.status.setText(self.tr("收费金额已改为当前应缴，请核对收款后按 Enter 确认"))
            cash = self.tender_edits[TenderKind.CASH]
            focus_editor(cash)
            cash.selectAll()

    # -- closing -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is self.confirm_button:
            self.confirm()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        if self.posting:
            self.status.setText(self.tr("正在收费，请稍候…"))
            return
        if self.unanswered is not None and not self.ctx.dialogs.confirm(
                self, self.tr("收费结果未知"),
                self.tr("上一次收费没有得到答复，可能已经收费成功。\n关闭后请在缴费记录中核对，不要重复收费。\n\n确定关闭吗？")):
            self.confirm_button.setFocus()
            return
        super().reject()

    def done(self, code: int) -> None:
        if self.posting:
            return
        self._quote_generation += 1  # a quote still in flight must not touch a closed dialog
        super().done(code)
