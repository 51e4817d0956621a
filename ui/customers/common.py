"""Small helpers shared by the customer screens (客户模块公用部件).

Kept inside ``ui/customers`` on purpose: the module must not depend on ``ui/widgets.py``,
which is written in parallel.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.domain.codes import CustomerStatus
from app.domain.customers import AREAS, KINDS, LOW_INCOME, PARTY_TYPES, VOLTAGE_LEVELS
from app.domain.ids import ID_TYPES
from ui import palette
from ui.formatting import domain_label

#: A scanned or typed 户号: node code (4 digits) + 7-digit sequence.
ACCOUNT_RE = re.compile(r"\d{11}")

#: status code -> (text colour, background colour) of its badge
STATUS_COLORS: dict[str, tuple[str, str]] = {
    CustomerStatus.NORMAL: palette.TONE_GREEN,
    CustomerStatus.SUSPENDED: palette.TONE_AMBER,
    CustomerStatus.CLOSED: palette.TONE_RED,
}

#: flag text (as the service words it) -> (text colour, background colour)
CHIP_COLORS: dict[str, tuple[str, str]] = {
    "低保户": palette.TONE_PURPLE,
    "五保户": palette.TONE_PURPLE,
    "VIP": palette.TONE_GOLD,
    "大客户": palette.TONE_BLUE,
    "重要客户": palette.TONE_RED,
    "证件例外": palette.TONE_RED,
}
DEFAULT_CHIP = palette.TONE_GREY


def looks_like_account(text: str) -> bool:
    return ACCOUNT_RE.fullmatch(text.strip()) is not None


def label_of(options: dict[str, str], code: str) -> str:
    return domain_label(options.get(code, code)) if code else ""


def kind_label(code: str) -> str:
    return label_of(KINDS, code)


def party_label(code: str) -> str:
    return label_of(PARTY_TYPES, code)


def area_label(code: str) -> str:
    return label_of(AREAS, code)


def voltage_label(code: str) -> str:
    return label_of(VOLTAGE_LEVELS, code)


def low_income_label(code: str) -> str:
    return label_of(LOW_INCOME, code)


def id_type_label(code: str) -> str:
    return label_of(ID_TYPES, code)


def status_color(code: str) -> QColor:
    return QColor(STATUS_COLORS.get(code, DEFAULT_CHIP)[0])


def badge(text: str, fg: str, bg: str, parent: QWidget | None = None, *, big: bool = False) -> QLabel:
    """A rounded coloured label (status badge, flag chip). Its own style sheet wins over the theme's."""
    label = QLabel(text, parent)
    label.setObjectName("chip")
    size = "14px" if big else "12px"
    label.setStyleSheet(
        f"QLabel#chip {{ color: {fg}; background-color: {bg}; border: none; border-radius: 9px;"
        f" padding: 1px 9px; font-size: {size}; font-weight: bold; }}"
    )
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def chip_for(flag: str, parent: QWidget | None = None) -> QLabel:
    fg, bg = CHIP_COLORS.get(flag, DEFAULT_CHIP)
    return badge(domain_label(flag), fg, bg, parent)


def clear_layout(layout) -> None:  # type: ignore[no-untyped-def]
    """Remove and delete every widget of a layout (chips are rebuilt per customer)."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
