"""The clerk's session panel (本班次): open or not, the float, takings per tender, the drawer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.dto.cashier import SessionSummary
from ui import palette
from ui.cashier.close_page import _compact_table
from ui.cashier.common import (
    STATUS_COLORS,
    badge,
    big_label,
    card,
    set_badge,
)
from ui.cashier.models import TenderTotalsModel
from ui.formatting import local_time, session_status_label, yuan
from ui.i18n import fill
from ui.widgets import heading, muted


class SessionPanel(QWidget):
    """Shows ``SessionSummary`` of the open session, or that there is none. Buttons are the
    module's actions (F7 / F8 / F5), so they enable and disable with them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionPanel")
        self.summary: SessionSummary | None = None
        self.buttons: dict[str, QPushButton] = {}
        header = self._build_header()
        self._build_empty()
        figures = self._build_figures()
        self._build_tenders()
        self._build_body(figures)
        self._layout(header)
        self.set_summary(None)

    def _build_header(self) -> QFrame:
        """本班次, its status badge, the session line and the module's buttons."""
        self.title = heading(self.tr("本班次"), 20, parent=self)
        self.status = badge(self.tr("未开班"), *palette.TONE_GREY, self, name="sessionStatus")
        self.session_line = QLabel(self)
        self.session_line.setObjectName("sessionLine")
        self.session_line.setStyleSheet("font-size: 14px;")
        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(8)
        header = card(self, "sessionHeader")
        head = QVBoxLayout(header)
        head.setContentsMargins(18, 14, 18, 14)
        head.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addLayout(self.button_row)
        head.addLayout(top)
        head.addWidget(self.session_line)
        return header

    def _build_empty(self) -> None:
        """No session: one calm sentence telling what to do."""
        self.empty = muted(self.tr("当前没有进行中的班次。收费前请先按 F7 开班（清点并录入备用金）。"), self)
        self.empty.setObjectName("noSession")
        self.empty.setStyleSheet("font-size: 16px;")  # muted() gives the colour
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def _build_figures(self) -> QHBoxLayout:
        """Open session: four figures in cards."""
        self.total_value = big_label("", 26, palette.ACCENT, self, "totalValue")
        self.expected_value = big_label("", 26, palette.INK, self, "expectedCash")
        self.float_value = big_label("", 26, palette.INK_SOFT, self, "floatValue")
        self.counts = big_label("", 26, palette.INK_SOFT, self, "sessionCounts")
        self.counts_detail = muted("", self)
        self.counts_detail.setObjectName("sessionCountsDetail")
        figures = QHBoxLayout()
        figures.setSpacing(14)
        for name, caption, value, note in (
                ("totalCard", self.tr("本班次收款合计"), self.total_value, self.tr("各收款方式净额之和")),
                ("expectedCard", self.tr("钱箱应有现金"), self.expected_value, self.tr("备用金 + 现金净收")),
                ("floatCard", self.tr("备用金"), self.float_value, self.tr("开班时放入钱箱")),
                ("countCard", self.tr("收费笔数"), self.counts, "")):
            frame = card(self, name)
            box = QVBoxLayout(frame)
            box.setContentsMargins(16, 12, 16, 12)
            box.setSpacing(2)
            box.addWidget(muted(caption, frame))
            box.addWidget(value)
            box.addWidget(self.counts_detail if value is self.counts else muted(note, frame))
            figures.addWidget(frame, 1)
        return figures

    def _build_tenders(self) -> None:
        """The takings per tender, and what blocks the close."""
        self.tenders = TenderTotalsModel(self)
        self.tender_table = QTableView(self)
        self.tender_table.setObjectName("tenderTable")
        self.tender_table.setModel(self.tenders)
        _compact_table(self.tender_table)
        self.tender_table.setFixedSize(520, 34 * 6 + 4)
        self.unprinted = QLabel(self)
        self.unprinted.setObjectName("unprintedWarning")
        self.unprinted.setWordWrap(True)
        self.unprinted.setProperty("role", "errorBox")
        self.unprinted.hide()
        self.ready = muted(self.tr("交班前请确认本班次的收据都已打印。按 F8 开始点钞：逐项录入各面额张数，"
                                   "系统算出实点现金并与应有现金比对，显示长款或短款。"), self)
        self.ready.setObjectName("readyHint")

    def _build_body(self, figures: QHBoxLayout) -> None:
        """What an open session shows: the figures, then the tender table beside the warnings."""
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addLayout(figures)
        body.addWidget(heading(self.tr("按收款方式"), 15, parent=self.body))
        row = QHBoxLayout()
        row.setSpacing(24)
        row.addWidget(self.tender_table, 0, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.addWidget(self.unprinted)
        side.addWidget(self.ready)
        side.addStretch(1)
        row.addLayout(side, 1)
        body.addLayout(row)
        body.addStretch(1)

    def _layout(self, header: QFrame) -> None:
        self.hint = muted(self.tr("F7 开班 · F8 交班/日结（点钞、核对长短款、打印日结报表）· F5 刷新"), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(14)
        layout.addWidget(header)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.hint)

    def add_button(self, key: str, button: QPushButton) -> None:
        self.buttons[key] = button
        self.button_row.addWidget(button)
        self.set_summary(self.summary)

    def set_summary(self, summary: SessionSummary | None) -> None:
        self.summary = summary
        self.empty.setVisible(summary is None)
        self.body.setVisible(summary is not None)
        for key, visible in (("open", summary is None), ("close", summary is not None)):
            if key in self.buttons:
                self.buttons[key].setVisible(visible)
        if summary is None:
            set_badge(self.status, self.tr("未开班"), *palette.TONE_GREY)
            self.session_line.setText(self.tr("开班后才能收费。"))
            self.tenders.set_totals(None)
            return
        session = summary.session
        fg, bg = STATUS_COLORS.get(session.status, palette.TONE_GREY)
        set_badge(self.status, session_status_label(session.status), fg, bg)
        self.session_line.setText(
            fill(self.tr("班次 %1　营业员 %2　开班 %3"), session.session_no, session.clerk_name or session.username, local_time(session.opened_at)))
        self.total_value.setText(yuan(summary.total_fen))
        self.expected_value.setText(yuan(summary.expected_cash_fen))
        self.float_value.setText(yuan(session.float_fen))
        self.tenders.set_totals(summary.by_tender)
        self.counts.setText(str(summary.payments))
        self.counts_detail.setText(fill(self.tr("收费 %1 笔　冲正 %2 笔　退费 %3 笔"), str(summary.payments), str(summary.reversals), str(summary.refunds)))
        if summary.unprinted_receipts:
            self.unprinted.setText(fill(self.tr("有 %1 张收据尚未打印（交班前须打印）：%2"), str(len(summary.unprinted_receipts)), "、".join(summary.unprinted_receipts)))
            self.unprinted.show()
        else:
            self.unprinted.hide()
        self.ready.setVisible(not summary.unprinted_receipts)
