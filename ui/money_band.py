"""The money figures of the customer view's header band: 欠费 / 违约金 / 预存 / 应缴.

They come from the same ``BillView`` as the bill tab (one service call per opened customer).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.dto.billing import BillView
from ui import palette
from ui.formatting import yuan
from ui.i18n import fill

# The band's tones (passed to set_figure).
RED = palette.ERROR
GREEN = palette.OK
INK = palette.INK
MUTED = palette.MUTED


TONES = {RED: "red", GREEN: "green", INK: "ink", MUTED: "muted"}

#: One style sheet, set once: changing a label's own style sheet after it is shown leaves its
#: size hint on the old font (the figure then paints clipped); a property switch does not.
#: The tones' colours belong here too, not in the application sheet: a figure re-polished by
#: a rule of the application sheet keeps the size of its old text (seen clipped, "¥41").
FIGURE_STYLE = (
    f"QLabel#figureCaption {{ color: {MUTED}; font-size: 12px; background: transparent; }}"
    f"QLabel[figure=\"true\"] {{ font-size: 16px; font-weight: bold; color: {INK}; background: transparent; }}"
    f"QLabel[figure=\"true\"][big=\"true\"] {{ font-size: 20px; }}"
    f"QLabel[tone=\"red\"] {{ color: {RED}; }}"
    f"QLabel[tone=\"green\"] {{ color: {GREEN}; }}"
    f"QLabel[tone=\"muted\"] {{ color: {MUTED}; }}"
)


def set_figure(label: QLabel, text: str, color: str) -> None:
    """Show a money figure in one of the band's tones (re-polished, so its size follows)."""
    tone = TONES.get(color, "ink")
    if label.property("tone") != tone:
        label.setProperty("tone", tone)
        label.style().unpolish(label)
        label.style().polish(label)
    label.setText(text)
    label.updateGeometry()


def figure_label(name: str, parent: QWidget, big: bool = False) -> QLabel:
    label = QLabel("—", parent)
    label.setObjectName(name)
    label.setProperty("figure", True)
    label.setProperty("big", big)
    label.setProperty("tone", "muted")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Figure(QWidget):
    def __init__(self, key: str, caption: str, parent: QWidget, big: bool = False) -> None:
        super().__init__(parent)
        self.caption = QLabel(caption, self)
        self.caption.setObjectName("figureCaption")
        self.value = figure_label(f"figure_{key}", self, big)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.value, 0, Qt.AlignmentFlag.AlignRight)

    def set_value(self, text: str, color: str) -> None:
        set_figure(self.value, text, color)


class MoneyBand(QWidget):
    """Four figures, right-aligned in the header; ``set_view(None)`` shows dashes (loading)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moneyBand")
        self.setStyleSheet(FIGURE_STYLE)
        self.view: BillView | None = None
        self.arrears = _Figure("arrears", self.tr("欠费"), self)
        self.late_fee = _Figure("late_fee", self.tr("违约金"), self)
        self.prepaid = _Figure("prepaid", self.tr("预存"), self)
        self.due = _Figure("due", self.tr("应缴"), self, big=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(22)
        for figure in (self.arrears, self.late_fee, self.prepaid, self.due):
            layout.addWidget(figure)

    def set_view(self, view: BillView | None, note: str = "") -> None:
        self.view = view
        if view is None:
            for figure in (self.arrears, self.late_fee, self.prepaid, self.due):
                figure.set_value("—", MUTED)
            self.setToolTip(note)
            return
        self.arrears.set_value(yuan(view.arrears_fen), RED if view.arrears_fen > 0 else INK)
        self.late_fee.set_value(yuan(view.late_fee_fen), RED if view.late_fee_fen > 0 else INK)
        self.prepaid.set_value(yuan(view.prepaid_fen), GREEN if view.prepaid_fen > 0 else INK)
        self.due.set_value(yuan(view.due_fen), RED if view.due_fen > 0 else GREEN)
        self.setToolTip(fill(self.tr("截至 %1：应缴 = 欠费 + 违约金 − 预存"), view.on_date.isoformat()))

    def texts(self) -> dict[str, str]:
        return {"arrears": self.arrears.value.text(), "late_fee": self.late_fee.value.text(),
                "prepaid": self.prepaid.value.text(), "due": self.due.value.text()}
