"""The colours of the UI, named by what they mean, and the one application style sheet.

Every colour of ``ui/`` is defined here and nowhere else (``tests/ui/test_palette.py`` fails on a
colour literal in any other module). A widget that needs a look gets an object name or a dynamic
property and :data:`STYLE_SHEET` styles it::

    label.setProperty("role", "error")        # QLabel[role="error"] { color: … }
    frame.setProperty("panel", "change")      # QFrame[panel="change"] { background-color: … }

A property changed after the widget is shown needs a re-polish: use :func:`restyle`. Where a
colour must be set in code (a model's ``ForegroundRole``, a ``QPainter``, a badge whose colours
come from a status code) it comes from the constants below (``QColor(palette.ERROR)``).

:func:`ui.theme.apply_theme` appends the sheet to qt-material's (ours comes last, so it wins a tie);
the UI tests install it on their QApplication the same way.

Sizes and spacing (``font-size``, ``padding``) stay where they were unless a rule here already
names the widget: this module is about colour.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

# ---- text ----------------------------------------------------------------------------------------
INK = "#1f2d3d"  # names, titles, figures, body text that must read first
INK_SOFT = "#37474f"  # secondary text: captions, facts, details
MUTED = "#5f6b7a"  # hints, explanations, "nothing here yet"
FAINT = "#7a8593"  # the search panel's idle hint (lighter than muted)
ON_DARK = "#ffffff"  # text on the brand colour / on a dark backdrop
ON_LIGHT = "#212121"  # text on a light coloured bar (the flat period)

# ---- meanings --------------------------------------------------------------------------------------
ERROR = "#c62828"  # an error, money missing (短款), an overdue bill
ERROR_BG = "#fdecea"  # background of an error card / an overdue row
ERROR_BORDER = "#ef9a9a"
ERROR_CELL = "#ffcdd2"  # background of an invalid table cell
DANGER = "#b71c1c"  # a destructive action's heading (冲正), a closed / returned status
OK = "#2e7d32"  # success, settled, change to give back, 账实相符
OK_DARK = "#1b5e20"  # a current / new value (tariff in force, the new value in a change history)
REMOVED = "#9e2a2a"  # the old value in a change history
WARNING = "#8a5300"  # a warning that does not block (tariff checks)
WARNING_BG = "#fff5cc"
CAUTION = "#a04500"  # partly paid, suspended, an approval is needed
ALERT = "#e65100"  # a figure that looks like a typing error (a very large change)
UNPRINTED = "#b45309"  # a receipt that never went out (未打印)
VOID = "#9e9e9e"  # a reversed payment, an unknown period
INACTIVE = "#757575"  # a disabled user, an expired tariff
ACCENT = "#0d47a1"  # account numbers, section titles, the total
PRIMARY = "#1565c0"  # the brand blue: banner, selected module, highlighted month, 长款
ADJUST = "#6a1b9a"  # adjustment bills (退补)
ADJUST_BG = "#f3e5f5"
ADJUST_BORDER = "#ce93d8"
HOLIDAY = DANGER  # a holiday in the tariff day preview
INFO = "#0d3c78"  # an information banner
INFO_BG = "#e8f0fe"
INFO_BORDER = "#90b4f0"
CHANGE_BG = "#e8f5e9"  # the change (找零) box and notice
CHANGE_BORDER = "#81c784"

# ---- surfaces ------------------------------------------------------------------------------------
SURFACE = "#ffffff"  # white panels, the chart, the day strip
PANEL_BG = "#f4f7fb"  # background of panels and cards (customer header, figures, result cards)
PANEL_BORDER = "#d5dde8"
NEUTRAL_BG = "#eceff1"  # the side panel, table headers, a grey badge
DIVIDER = "#cfd8dc"  # the side panel's divider, a hovered module
STATUS_DIVIDER = "#b0bec5"  # between the status bar's fields
GRID_LINE = "#e0e5ea"  # chart grid, lines between table rows in rich text
STRIP_EMPTY = "#fafafa"  # an hour of the day strip with no period
BACKDROP = "#263238"  # behind the lock screen's card
PDF_BACKDROP = "#8a949e"  # behind the pages of a PDF preview

# ---- charts ----------------------------------------------------------------------------------------
CHART_BAR = "#90a4ae"  # the usage chart's bars, the day strip's ticks
CHART_HIGHLIGHT = PRIMARY
CHART_AXIS = "#455a64"

#: tariff period code -> colour of its band in the day strip
PERIOD_COLORS: dict[str, str] = {
    "critical_peak": DANGER,
    "peak": ALERT,
    "flat": "#f9a825",
    "valley": PRIMARY,
    "deep_valley": "#283593",
}

# ---- badges (text colour, background colour) ----------------------------------------------------------
TONE_GREEN = (OK_DARK, "#e3f4e4")
TONE_AMBER = (CAUTION, "#fff0dc")
TONE_RED = (DANGER, "#fde7e7")
TONE_BLUE = (ACCENT, "#e3edfc")
TONE_PURPLE = (ADJUST, ADJUST_BG)
TONE_GOLD = ("#8d6e00", WARNING_BG)
TONE_GREY = (INK_SOFT, NEUTRAL_BG)


def restyle(widget: QWidget, **properties: object) -> None:
    """Set dynamic properties the style sheet selects on and re-polish ``widget`` (and its size)."""
    changed = False
    for name, value in properties.items():
        if widget.property(name) != value:
            widget.setProperty(name, value)
            changed = True
    if changed:
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.updateGeometry()
        widget.update()


def _label_roles() -> str:
    """Roles of a label (``role``), and the warning and error boxes."""
    return f"""
/* ---- roles of a label: setProperty("role", …) ---- */
QLabel[role="ink"] {{ color: {INK}; }}
QLabel[role="soft"] {{ color: {INK_SOFT}; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {ERROR}; }}
QLabel[role="ok"] {{ color: {OK}; }}
QLabel[role="warning"] {{ color: {WARNING}; }}
QLabel[role="caution"] {{ color: {CAUTION}; }}
QLabel[role="alert"] {{ color: {ALERT}; }}
QLabel[role="accent"] {{ color: {ACCENT}; }}
QLabel[role="adjust"] {{ color: {ADJUST}; }}
QLabel[role="error"][strong="true"], QLabel[role="ok"][strong="true"], QLabel[role="alert"][strong="true"],
QLabel[role="muted"][strong="true"], QLabel[role="caution"][strong="true"] {{ font-weight: bold; }}
QListWidget[role="error"] {{ color: {ERROR}; }}

/* a warning strip (tariff checks) */
QLabel[role="warningBox"] {{ color: {WARNING}; background-color: {WARNING_BG}; padding: 6px 10px; }}
/* an error card with a message inside (unprinted receipts) */
QLabel[role="errorBox"] {{ color: {ERROR}; background-color: {ERROR_BG}; border: 1px solid {ERROR_BORDER};
    border-radius: 6px; padding: 10px 14px; font-size: 14px; }}"""


def _panels() -> str:
    """Panels (``panel``) and banners: their labels stay transparent."""
    return f"""

/* ---- panels: setProperty("panel", …); labels inside stay transparent ---- */
QFrame[panel="card"], QFrame[panel="header"] {{ background-color: {PANEL_BG}; border: 1px solid {PANEL_BORDER};
    border-radius: 6px; }}
QFrame[panel="card"] QLabel, QFrame[panel="header"] QLabel {{ background: transparent; border: none; }}
QFrame[panel="change"] {{ background-color: {CHANGE_BG}; border: 1px solid {CHANGE_BORDER}; border-radius: 6px; }}
QFrame[panel="change"] QLabel {{ background: transparent; border: none; }}
QFrame[panel="refusal"] {{ background-color: {ERROR_BG}; border: 1px solid {ERROR_BORDER}; border-radius: 6px; }}
QFrame[panel="refusal"] QLabel {{ background: transparent; border: none; }}
QFrame[panel="adjust"] {{ background-color: {ADJUST_BG}; border: 1px solid {ADJUST_BORDER}; border-radius: 6px; }}
QFrame[panel="adjust"] QLabel {{ background: transparent; }}
QFrame[panel="white"] {{ background-color: {SURFACE}; border: 1px solid {PANEL_BORDER}; border-radius: 4px; }}
QFrame[panel="white"] QLabel {{ border: none; }}
QFrame[banner="error"] {{ background-color: {ERROR_BG}; border: 1px solid {ERROR_BORDER}; border-radius: 4px; }}
QFrame[banner="info"] {{ background-color: {INFO_BG}; border: 1px solid {INFO_BORDER}; border-radius: 4px; }}
QFrame[banner="error"] QLabel#formBannerText {{ color: {ERROR}; }}
QFrame[banner="info"] QLabel#formBannerText {{ color: {INFO}; }}"""


def _shell() -> str:
    """The shell: log-in banner, module navigation, status bar, lock screen, set-up."""
    return f"""

/* ---- the shell ---- */
QFrame#loginBanner {{ background-color: {PRIMARY}; }}
QFrame#loginBanner QLabel {{ color: {ON_DARK}; background: transparent; }}
QListWidget#moduleNav {{ background: transparent; border: none; }}
QListWidget#moduleNav::item {{ padding: 10px 14px; margin: 2px 8px; border-radius: 4px; color: {INK}; border: none; }}
QListWidget#moduleNav::item:selected, QListWidget#moduleNav::item:selected:focus {{
    background-color: {PRIMARY}; selection-background-color: {PRIMARY}; color: {ON_DARK}; selection-color: {ON_DARK}; }}
QListWidget#moduleNav::item:hover:!selected {{ background-color: {DIVIDER}; }}
QFrame#sidePanel {{ background-color: {NEUTRAL_BG}; border: none; border-radius: 0; }}
QFrame#sidePanel QLabel {{ background: transparent; }}
QFrame#sideDivider {{ background-color: {DIVIDER}; border: none; }}
QStatusBar#mainStatusBar::item {{ border: none; }}
QStatusBar#mainStatusBar QLabel {{ padding: 2px 10px; border-left: 1px solid {STATUS_DIVIDER}; }}
QDialog#lockScreen {{ background-color: {BACKDROP}; }}
QFrame#lockCard {{ background-color: {SURFACE}; border-radius: 6px; }}
QPdfView#pdfView {{ background-color: {PDF_BACKDROP}; }}
QGroupBox[setup="true"]::title {{ color: {INK_SOFT}; }}"""


def _screens() -> str:
    """Object names of the billing administration, the customer view and the money screens."""
    return f"""

/* ---- billing administration ---- */
QTextBrowser#tariffDetail {{ color: {INK}; background-color: {SURFACE}; border: 1px solid {PANEL_BORDER};
    border-radius: 4px; padding: 6px; }}

/* ---- the customer view ---- */
QLabel#customerName, QLabel#formTitle, QLabel#payTitle {{ color: {INK}; }}
QLabel#accountNo, QLabel#payAccount, QLabel#adjustCustomer, QLabel#hallRulesGroup {{ color: {ACCENT}; }}
QLabel#headerKind, QLabel#headerFact, QLabel#linesTitle, QLabel#chartTitle {{ color: {INK_SOFT}; }}
QLabel#resultsPlaceholder {{ color: {FAINT}; }}
QLabel#printerDetails {{ color: {MUTED}; }}

/* ---- money (the money band's figures: ui/money_band.py FIGURE_STYLE, from these constants) ---- */
QFrame#changeNotice {{ background-color: {CHANGE_BG}; border: 2px solid {CHANGE_BORDER}; border-radius: 6px; }}
QFrame#changeNotice QLabel {{ background: transparent; border: none; }}
QLabel#changeNoticeCaption, QLabel#changeNoticeAmount {{ color: {OK}; }}
QLabel#changeNoticeDetails {{ color: {INK_SOFT}; }}
QLabel#changeNoticeHint {{ color: {MUTED}; }}
QLabel#reversalHeading {{ color: {DANGER}; }}
QLabel#reversalFacts {{ color: {INK}; }}
"""


def _sheet() -> str:
    return _label_roles() + _panels() + _shell() + _screens()


#: The application style sheet: qt-material's comes first, this one last.
STYLE_SHEET = _sheet()
