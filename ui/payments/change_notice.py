"""找零 after a cash payment: big and clear in the customer view until the clerk moves on.

The payment dialog closes as soon as the payment is posted, and the receipt prints after that;
the clerk is still counting the change out of the drawer. So the change stays on the screen —
``找零 ¥45.66`` in large green figures, with what was taken and the receipt number — until Esc
(anywhere in the main window, when no dialog is open) or the next customer (or the next
payment) clears it. Esc is only watched, not eaten: the same key still does its usual job.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.codes import PaymentKind, TenderKind
from app.dto.payments import Receipt
from ui.formatting import yuan
from ui.i18n import fill


class ChangeNotice(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changeNotice")  # colours: ui/palette.py
        self.setStyleSheet("QFrame#changeNotice QLabel { background: transparent; border: none; }")
        self.caption = QLabel(self.tr("找零"), self)
        self.caption.setObjectName("changeNoticeCaption")
        self.caption.setStyleSheet("QLabel#changeNoticeCaption { font-size: 22px; font-weight: bold; }")
        self.amount = QLabel(self)
        self.amount.setObjectName("changeNoticeAmount")
        self.amount.setStyleSheet("QLabel#changeNoticeAmount { font-size: 40px; font-weight: bold; }")
        self.details = QLabel(self)
        self.details.setObjectName("changeNoticeDetails")
        self.details.setStyleSheet("QLabel#changeNoticeDetails { font-size: 14px; }")
        self.details.setWordWrap(True)
        hint = QLabel(self.tr("按 Esc 或打开下一位客户时清除"), self)
        hint.setObjectName("changeNoticeHint")
        hint.setStyleSheet("QLabel#changeNoticeHint { font-size: 12px; }")
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.details)
        text.addWidget(hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 6, 18, 6)
        layout.setSpacing(14)
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.amount, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addSpacing(12)
        layout.addLayout(text, 1)
        self.receipt_no = ""
        self.hide()

    def show_receipt(self, receipt: Receipt) -> bool:
        """Show the change of a posted payment that took cash; False (and hidden) otherwise."""
        cash = sum(t.amount_fen for t in receipt.tenders if t.kind == TenderKind.CASH)
        if receipt.kind != PaymentKind.PAYMENT or (cash <= 0 and receipt.change_fen <= 0):
            self.clear()
            return False
        self.receipt_no = receipt.receipt_no
        self.amount.setText(yuan(receipt.change_fen))
        self.details.setText(
            fill(self.tr("收现金 %1　实收合计 %2　应收 %3　收据 %4"),
                yuan(cash),
                yuan(receipt.tendered_fen),
                yuan(receipt.amount_fen),
                receipt.receipt_no,
            )
        )
        self.show()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.installEventFilter(self)
        return True

    def clear(self) -> None:
        self.receipt_no = ""
        self.hide()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def text(self) -> str:
        """What the clerk reads, for the status line and tests ("" while hidden)."""
        return f"{self.caption.text()} {self.amount.text()}" if not self.isHidden() else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not self.isHidden()
            and isinstance(watched, QWidget)
            and watched.window() is self.window()
            and QApplication.activeModalWidget() is None
        ):
            self.clear()
        return False
