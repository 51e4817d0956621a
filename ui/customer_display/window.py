"""The customer display's window (客户显示屏): frameless, full screen on the customer's screen,
never taking the keyboard from the clerk. Its pages: idle (the hall's name, 欢迎光临), the
payment being taken (masked name, amount due, tendered, change), the finished transaction (paid
and change, or the application's number and promised date), the rating pad and the thanks.

Type is large (a metre away, docs/rules.md#satisfaction-rating): the sizes scale with the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import RatingKind
from app.domain.masking import mask_name
from app.domain.ratings import SCORES
from app.dto.common import NodeInfo
from ui import palette
from ui.customer_facing import DoneTransaction
from ui.formatting import yuan
from ui.i18n import fill, localize

#: the pad's colours, best answer first (foreground, background)
SCORE_TONES: dict[int, tuple[str, str]] = {
    5: palette.TONE_GREEN,
    4: palette.TONE_GREEN,
    3: palette.TONE_BLUE,
    2: palette.TONE_AMBER,
    1: palette.TONE_RED,
}

IDLE, PAYMENT, DONE, RATING, THANKS = range(5)


def pad_style(scale: float) -> str:
    """The pad's buttons, for the display and the dialog alike."""
    size = round(34 * scale)
    rules = [
        f"QPushButton[score] {{ font-size: {size}px; font-weight: bold; padding: {round(18 * scale)}px; "
        f"min-height: {round(110 * scale)}px; border-radius: {round(14 * scale)}px; border: 2px solid {palette.PANEL_BORDER}; }}"
    ]
    for score, (fg, bg) in SCORE_TONES.items():
        rules.append(f'QPushButton[score="{score}"] {{ color: {fg}; background-color: {bg}; }}')
    return "\n".join(rules)


def make_pad(
    parent: QWidget, pressed: Callable[[int], None], focus: bool
) -> tuple[QHBoxLayout, dict[int, QPushButton]]:
    """Five big buttons, 非常满意 … 非常不满意, for a finger or a mouse."""
    row = QHBoxLayout()
    row.setSpacing(16)
    buttons: dict[int, QPushButton] = {}
    for score, label in SCORES.items():
        button = QPushButton(localize(label), parent)
        button.setObjectName(f"score{score}")
        button.setProperty("score", str(score))
        button.setAutoDefault(False)
        if not focus:
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        button.clicked.connect(lambda _checked=False, s=score: pressed(s))
        buttons[score] = button
        row.addWidget(button, 1)
    return row, buttons


class CustomerDisplayWindow(QWidget):
    """``on_score(score)`` is called when the customer presses a button of the pad."""

    def __init__(
        self, node: NodeInfo, on_score: Callable[[int], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("customerDisplay")
        self.setWindowTitle(self.tr("客户显示屏"))
        self.setWindowFlags(
            Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.node = node
        self.on_score = on_score
        self.scale = 1.0
        self.stack = QStackedWidget(self)
        self.hall = QLabel(node.name, self)
        self.hall.setObjectName("displayHall")
        self.company = QLabel(node.company, self)
        self.company.setObjectName("displayCompany")
        banner = QFrame(self)
        banner.setObjectName("displayBanner")
        top = QHBoxLayout(banner)
        top.addWidget(self.hall)
        top.addStretch(1)
        top.addWidget(self.company)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(banner)
        layout.addWidget(self.stack, 1)
        self._build_idle()
        self._build_payment()
        self._build_done()
        self._build_rating()
        self._build_thanks()
        self.restyle_for(None)
        self.show_idle()

    # -- pages ------------------------------------------------------------------------------
    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self.stack)
        box = QVBoxLayout(page)
        box.setContentsMargins(48, 24, 48, 24)
        box.setSpacing(12)
        self.stack.addWidget(page)
        return page, box

    def _label(self, name: str, parent: QWidget, text: str = "") -> QLabel:
        label = QLabel(text, parent)
        label.setObjectName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        return label

    def _build_idle(self) -> None:
        page, box = self._page()
        box.addStretch(1)
        box.addWidget(self._label("displayWelcome", page, self.tr("欢迎光临")))
        box.addWidget(self._label("displayHallBig", page, self.node.name))
        box.addWidget(
            self._label(
                "displayHint", page, self.tr("请将业务凭证交给营业员，办理完毕后请您对本次服务进行评价")
            )
        )
        box.addStretch(1)

    def _figure_row(self, grid: QGridLayout, row: int, caption: str, name: str, parent: QWidget) -> QLabel:
        cap = QLabel(caption, parent)
        cap.setObjectName("displayCaption")
        value = QLabel("—", parent)
        value.setObjectName(name)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(cap, row, 0)
        grid.addWidget(value, row, 1)
        return value

    def _build_payment(self) -> None:
        page, box = self._page()
        self.pay_customer = self._label("displayCustomer", page)
        box.addWidget(self.pay_customer)
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(8)
        self.pay_due = self._figure_row(grid, 0, self.tr("应缴金额"), "displayDue", page)
        self.pay_tendered = self._figure_row(grid, 1, self.tr("实收金额"), "displayTendered", page)
        self.pay_change = self._figure_row(grid, 2, self.tr("找零"), "displayChange", page)
        grid.setColumnMinimumWidth(1, 420)
        centre = QHBoxLayout()
        centre.addStretch(1)
        centre.addLayout(grid, 3)
        centre.addStretch(1)
        box.addStretch(1)
        box.addLayout(centre)
        box.addStretch(2)

    def _build_done(self) -> None:
        page, box = self._page()
        box.addStretch(1)
        self.done_title = self._label("displayDoneTitle", page)
        self.done_customer = self._label("displayCustomer", page)
        self.done_lines = self._label("displayDoneLines", page)
        self.done_promise = self._label("displayPromise", page)
        for label in (self.done_title, self.done_customer, self.done_lines, self.done_promise):
            box.addWidget(label)
        box.addStretch(1)

    def _build_rating(self) -> None:
        page, box = self._page()
        box.addWidget(self._label("displayAsk", page, self.tr("请您对本次服务进行评价")))
        self.rating_about = self._label("displayAbout", page)
        box.addWidget(self.rating_about)
        box.addStretch(1)
        row, self.pad = make_pad(page, self._pressed, focus=False)
        box.addLayout(row)
        box.addStretch(1)
        self.countdown = self._label("displayCountdown", page)
        box.addWidget(self.countdown)

    def _build_thanks(self) -> None:
        page, box = self._page()
        box.addStretch(1)
        box.addWidget(self._label("displayThanks", page, self.tr("感谢您的评价！")))
        box.addWidget(self._label("displayHint", page, self.tr("祝您生活愉快，欢迎再次光临")))
        box.addStretch(1)

    # -- style ------------------------------------------------------------------------------
    def restyle_for(self, screen: QScreen | None) -> None:
        """Sizes from the screen: 1 at 1280×720, never below 0.75 (a 1024×600 panel)."""
        if screen is not None:
            size = screen.geometry()
            self.scale = max(0.75, min(size.width() / 1280, size.height() / 720))
        s = self.scale

        def px(n: int) -> int:
            return round(n * s)

        self.setStyleSheet(
            f"QWidget#customerDisplay {{ background-color: {palette.SURFACE}; }}"
            f"QFrame#displayBanner {{ background-color: {palette.PRIMARY}; }}"
            f"QFrame#displayBanner QLabel {{ color: {palette.ON_DARK}; font-size: {px(28)}px; font-weight: bold; "
            f"padding: {px(10)}px {px(24)}px; }}"
            f"QLabel#displayWelcome {{ color: {palette.PRIMARY}; font-size: {px(84)}px; font-weight: bold; }}"
            f"QLabel#displayHallBig {{ color: {palette.INK}; font-size: {px(44)}px; }}"
            f"QLabel#displayHint {{ color: {palette.MUTED}; font-size: {px(26)}px; }}"
            f"QLabel#displayCustomer {{ color: {palette.INK}; font-size: {px(40)}px; font-weight: bold; }}"
            f"QLabel#displayCaption {{ color: {palette.INK_SOFT}; font-size: {px(40)}px; }}"
            f"QLabel#displayDue {{ color: {palette.ERROR}; font-size: {px(64)}px; font-weight: bold; }}"
            f"QLabel#displayTendered {{ color: {palette.INK}; font-size: {px(64)}px; font-weight: bold; }}"
            f"QLabel#displayChange {{ color: {palette.OK}; font-size: {px(72)}px; font-weight: bold; }}"
            f"QLabel#displayDoneTitle {{ color: {palette.OK}; font-size: {px(64)}px; font-weight: bold; }}"
            f"QLabel#displayDoneLines {{ color: {palette.INK}; font-size: {px(40)}px; }}"
            f"QLabel#displayPromise {{ color: {palette.ACCENT}; font-size: {px(48)}px; font-weight: bold; }}"
            f"QLabel#displayAsk {{ color: {palette.PRIMARY}; font-size: {px(52)}px; font-weight: bold; }}"
            f"QLabel#displayAbout {{ color: {palette.INK_SOFT}; font-size: {px(28)}px; }}"
            f"QLabel#displayCountdown {{ color: {palette.MUTED}; font-size: {px(22)}px; }}"
            f"QLabel#displayThanks {{ color: {palette.OK}; font-size: {px(80)}px; font-weight: bold; }}"
            + pad_style(s)
        )

    # -- what it shows ----------------------------------------------------------------------
    @property
    def page(self) -> int:
        return self.stack.currentIndex()

    def show_idle(self) -> None:
        self.stack.setCurrentIndex(IDLE)

    def show_payment(self, name: str, due_fen: int | None, tendered_fen: int, change_fen: int | None) -> None:
        self.pay_customer.setText(fill(self.tr("客户：%1"), mask_name(name)))
        self.pay_due.setText(yuan(due_fen) if due_fen is not None else "—")
        self.pay_tendered.setText(yuan(tendered_fen) if tendered_fen else "—")
        self.pay_change.setText(yuan(change_fen) if change_fen is not None else "—")
        self.stack.setCurrentIndex(PAYMENT)

    def _about(self, done: DoneTransaction) -> str:
        if done.kind == RatingKind.PAYMENT:
            return fill(
                self.tr("%1　缴费 %2　收据 %3"),
                mask_name(done.customer_name),
                yuan(done.amount_fen or 0),
                done.number,
            )
        return fill(self.tr("%1　%2　申请编号 %3"), mask_name(done.customer_name), done.title, done.number)

    def show_done(self, done: DoneTransaction) -> None:
        self.done_customer.setText(fill(self.tr("客户：%1"), mask_name(done.customer_name)))
        if done.kind == RatingKind.PAYMENT:
            self.done_title.setText(self.tr("缴费成功"))
            lines = [fill(self.tr("本次缴费 %1"), yuan(done.amount_fen or 0))]
            if done.tendered_fen:
                lines.append(
                    fill(self.tr("实收 %1　找零 %2"), yuan(done.tendered_fen), yuan(done.change_fen or 0))
                )
            lines.append(fill(self.tr("收据号 %1"), done.number))
            self.done_lines.setText("\n".join(lines))
            self.done_promise.setText("")
        else:
            self.done_title.setText(
                fill(self.tr("%1已受理"), done.title) if done.title else self.tr("业务已受理")
            )
            self.done_lines.setText(fill(self.tr("申请编号 %1"), done.number))
            promised = done.promised_date.isoformat() if done.promised_date else "—"
            self.done_promise.setText(fill(self.tr("承诺办结日期 %1"), promised))
        self.stack.setCurrentIndex(DONE)

    def show_rating(self, done: DoneTransaction, seconds: int) -> None:
        self.rating_about.setText(self._about(done))
        self.set_countdown(seconds)
        self.stack.setCurrentIndex(RATING)

    def set_countdown(self, seconds: int) -> None:
        self.countdown.setText(fill(self.tr("请点击上方按钮评价　%1 秒后自动返回"), max(0, seconds)))

    def show_thanks(self) -> None:
        self.stack.setCurrentIndex(THANKS)

    def _pressed(self, score: int) -> None:
        if self.page == RATING:
            self.on_score(score)
