"""The rating on the clerk's screen (no second screen, or the display switched off) and the
clerk's skip with a reason (docs/rules.md#satisfaction-rating).

:class:`RatingDialog` shows the transaction (the name masked: the screen is turned to the
customer) and the five big buttons; keys 5 … 1 answer too (5 非常满意 … 1 非常不满意). It closes only
with an answer or a skip: Esc and 跳过评价… open :class:`SkipDialog`, which needs a reason of
2–200 characters (three usual ones are a click away); cancelling it returns to the pad.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.domain.codes import RatingKind
from app.domain.masking import mask_name
from app.domain.ratings import SCORES, SKIP_REASON_MAX, SKIP_REASON_MIN
from ui.customer_display.window import make_pad, pad_style
from ui.customer_facing import DoneTransaction
from ui.dialogs import Dialogs
from ui.formatting import yuan
from ui.forms import confirm_buttons
from ui.i18n import fill
from ui.widgets import ErrorLabel, FormField, focus_editor

#: reasons a clerk picks most often (any other may be typed)
USUAL_REASONS = ("客户已离开", "客户不愿评价", "客户赶时间")

_DIGITS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3, Qt.Key.Key_4: 4, Qt.Key.Key_5: 5}


class SkipDialog(QDialog):
    """跳过评价: the reason, 2–200 characters; ``reason`` once accepted."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("skipRatingDialog")
        self.setWindowTitle(self.tr("跳过评价"))
        self.setModal(True)
        self.reason = ""
        intro = QLabel(
            fill(
                self.tr("业务 %1 不做评价。请填写原因（%2–%3个字）："),
                number,
                SKIP_REASON_MIN,
                SKIP_REASON_MAX,
            ),
            self,
        )
        intro.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("skipReason")
        self.edit.setMaxLength(SKIP_REASON_MAX)
        self.edit.setPlaceholderText(self.tr("如：客户已离开"))
        self.edit.returnPressed.connect(self.confirm)
        self.field = FormField(self.edit, self)
        usual = QHBoxLayout()
        for text in USUAL_REASONS:
            button = QPushButton(self.tr(text), self)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, t=text: self._use(t))
            usual.addWidget(button)
        usual.addStretch(1)
        self.error = ErrorLabel(self)
        status = QLabel(self)
        self.confirm_button, self.cancel_button, buttons = confirm_buttons(
            self,
            status,
            self.tr("返回评价 (Esc)"),
            self.tr("跳过评价 (Enter)"),
            self.confirm,
            name="skip",
            confirm_width=140,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.field)
        layout.addLayout(usual)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(520, 200)
        focus_editor(self.edit)

    def _use(self, text: str) -> None:
        self.edit.setText(self.tr(text))
        focus_editor(self.edit)

    def confirm(self) -> None:
        text = " ".join(self.edit.text().split())
        if len(text) < SKIP_REASON_MIN:
            self.field.set_error(fill(self.tr("请填写跳过原因（至少%1个字）"), SKIP_REASON_MIN))
            focus_editor(self.edit)
            return
        self.reason = text
        self.accept()


class RatingDialog(QDialog):
    """服务评价 on the clerk's screen: ``score`` or ``skip_reason`` once it closed."""

    def __init__(self, done: DoneTransaction, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingDialog")
        self.setWindowTitle(self.tr("服务评价"))
        self.setModal(True)
        self.done_transaction = done
        self.dialogs = dialogs
        self.score: int | None = None
        self.skip_reason = ""
        ask = QLabel(self.tr("请您对本次服务进行评价"), self)
        ask.setObjectName("ratingAsk")
        ask.setAlignment(Qt.AlignmentFlag.AlignCenter)
        about = QLabel(self._about(done), self)
        about.setObjectName("ratingAbout")
        about.setAlignment(Qt.AlignmentFlag.AlignCenter)
        about.setProperty("role", "muted")
        pad, self.pad = make_pad(self, self.rate, focus=True)
        hint = QLabel(self.tr("请客户点击按钮；键盘 5 非常满意 … 1 非常不满意"), self)
        hint.setProperty("role", "muted")
        self.skip_button = QPushButton(self.tr("跳过评价… (Esc)"), self)
        self.skip_button.setObjectName("ratingSkip")
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(self.skip)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(14)
        layout.addWidget(ask)
        layout.addWidget(about)
        layout.addLayout(pad)
        layout.addLayout(bottom)
        self.setStyleSheet(
            "QLabel#ratingAsk { font-size: 30px; font-weight: bold; }"
            "QLabel#ratingAbout { font-size: 18px; }" + pad_style(0.8)
        )
        self.resize(960, 360)

    def _about(self, done: DoneTransaction) -> str:
        name = mask_name(done.customer_name)
        if done.kind == RatingKind.PAYMENT:
            return fill(self.tr("%1　缴费 %2　收据 %3"), name, yuan(done.amount_fen or 0), done.number)
        promised = done.promised_date.isoformat() if done.promised_date else "—"
        return fill(self.tr("%1　%2　申请编号 %3　承诺办结日期 %4"), name, done.title, done.number, promised)

    def rate(self, score: int) -> None:
        if score in SCORES:
            self.score = score
            self.accept()

    def skip(self) -> None:
        """Only with a reason: the small dialog; cancelled, the pad stays."""
        dialog = SkipDialog(self.done_transaction.number, self)
        try:
            if self.dialogs.run(dialog) == QDialog.DialogCode.Accepted and dialog.reason:
                self.skip_reason = dialog.reason
                self.accept()
        finally:
            dialog.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        score = _DIGITS.get(Qt.Key(event.key()))
        if score is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.rate(score)
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc or the window's close button: a skip needs a reason, so ask for it."""
        self.skip()
