"""Small shared widgets: form fields with their error line, Enter-to-next-field, the clock.

Every form in the app uses the same three pieces so errors look and behave the same
everywhere (docs/rules.md#bad-input: a clear Chinese message next to the field):

* ``FormField`` wraps an editor and a red ``ErrorLabel`` under it;
* ``show_errors(fields, exc)`` spreads ``ValidationErrors.by_field()`` over the fields and
  focuses the first one that is wrong;
* messages from ``app/`` (``exc.message``) are shown in the UI language: ``ErrorLabel`` and
  ``FormField`` translate them (``ui.i18n.localize``), so a service error given to them as is
  reaches an English UI in English;
* ``error_message(exc, what)`` is the one way a failure becomes text on a screen: a
  ``DomainError``'s message, or — for anything unexpected — a calm sentence with the reference
  of the log entry it wrote (redacted: never the exception's own text, which may carry SQL,
  a driver's DETAIL line or a value the clerk typed);
* ``EnterNavigator`` makes Enter move to the next field and run the form's action on the last.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.diagnostics import log_unexpected, presentable
from app.domain.errors import DomainError, Message, ValidationError, ValidationErrors
from ui.i18n import fill, localize


class ErrorLabel(QLabel):
    """A red, word-wrapped message that takes no room while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        # A property, not the object name: the rule styles this label whatever name a form gives it.
        self.setProperty("role", "error")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setVisible(False)

    def set_message(self, text: str) -> None:
        text = localize(text)
        self.setText(text)
        self.setVisible(bool(text))


class FormField(QWidget):
    """An editor with its error message underneath."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = ErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        self.setFocusProxy(editor)

    def set_error(self, message: str) -> None:
        message = localize(message)
        self.error.set_message(message)
        self.editor.setToolTip(message)

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisibleTo(self) else ""


def error_message(exc: BaseException, what: str) -> str:
    """The text to show for a failure ``what`` (English, for the log: "log-in").

    A ``DomainError`` shows its message in the UI language. A database error that did not come
    through the task runner becomes ``DatabaseBusy`` / ``DatabaseFailure`` here. Anything else is
    logged (redacted, with its traceback) under a new reference, and the clerk sees only that
    reference — the log entry the administrator looks up.
    """
    exc = presentable(exc, what)
    if isinstance(exc, DomainError):
        return localize(exc.message)
    reference = log_unexpected(exc, f"{what} failed unexpectedly")
    return fill(QCoreApplication.translate(
        "ErrorMessage", "发生意外错误（日志编号 %1）：刚才的操作可能没有完成，请核对后重试；"
        "如反复出现，请把日志编号告诉系统管理员"), reference)


def clear_errors(fields: Mapping[str, FormField], general: ErrorLabel | None = None) -> None:
    for field in fields.values():
        field.set_error("")
    if general is not None:
        general.set_message("")


def show_errors(fields: Mapping[str, FormField], errors: ValidationErrors | ValidationError,
                general: ErrorLabel | None = None, *, focus: bool = True) -> None:
    """Put each message under its field; messages for unknown fields go to ``general``.

    The first field (in the form's order) that has an error gets the focus, so the clerk
    can correct it straight away — unless ``focus`` is False: a check that answers in the
    background while the clerk types elsewhere must not pull the cursor away.
    """
    by_field = errors.by_field() if isinstance(errors, ValidationErrors) else {errors.field: errors.message}
    clear_errors(fields, general)
    leftovers = [message for name, message in by_field.items() if name not in fields]
    for name, field in fields.items():
        if name in by_field:
            field.set_error(by_field[name])
    if general is not None:
        general.set_message(Message.join(leftovers) if leftovers else "")
    if not focus:
        return
    for name, field in fields.items():
        if name in by_field:
            focus_editor(field.editor)
            break


def focus_editor(widget: QWidget) -> None:
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        widget.selectAll()


class EnterNavigator(QObject):
    """Enter moves to the next field; on the last field it runs ``on_last`` (save / log in).

    Installed as an event filter on each editor. Multi-line editors should not be given to it
    (Enter is a new line there). A combo box with its list open keeps Enter for itself, since
    the key then goes to the popup, not to the combo box.
    """

    def __init__(self, widgets: Sequence[QWidget], on_last: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.widgets = list(widgets)
        self.on_last = on_last
        for widget in self.widgets:
            widget.installEventFilter(self)

    def _usable(self, widget: QWidget) -> bool:
        return (widget.isEnabled() and widget.isVisibleTo(widget.window())
                and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
                and not (isinstance(widget, QLineEdit) and widget.isReadOnly()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if event.type() != QEvent.Type.KeyPress or watched not in self.widgets:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False
        index = self.widgets.index(watched)  # type: ignore[arg-type]
        for widget in self.widgets[index + 1:]:
            if self._usable(widget):
                focus_editor(widget)
                return True
        self.on_last()
        return True


class StatusClock(QLabel):
    """The status bar clock, updated every second."""

    FORMAT = "yyyy-MM-dd ddd HH:mm:ss"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusClock")
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        self.setText(QLocale().toString(QDateTime.currentDateTime(), self.FORMAT))


def heading(text: str, pixel_size: int = 20, bold: bool = True, parent: QWidget | None = None) -> QLabel:
    """A title label. Sized by style sheet: qt-material sets ``font-size`` on ``*``, which
    would override ``setFont``."""
    label = QLabel(text, parent)
    label.setStyleSheet(f"font-size: {pixel_size}px; font-weight: {'bold' if bold else 'normal'};")
    return label


def muted(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def hline(parent: QWidget | None = None) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


class ElidedLabel(QLabel):
    """A one-line label that gives up width gracefully: "…" at the end and the whole text as its
    tooltip when it does not fit (a long kind line beside the money figures at 1024 px)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMinimumWidth(40)  # below its text's width: the layout may shrink it, and it elides

    def _elided(self) -> str:
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 — Qt override
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self._elided(), self.foregroundRole())

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]  # noqa: N802 — Qt override
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.setToolTip(self.text() if self._elided() != self.text() else "")


def widen_to_headers(table: QWidget) -> None:
    """Make each column of ``table`` (a QTableView) at least as wide as its header title. The
    widths are chosen for the Chinese titles; qt-material draws headers in bold capitals, so an
    English title ("EFFECTIVE FROM") is clipped at both ends in them."""
    header = table.horizontalHeader()  # type: ignore[attr-defined]
    header.ensurePolished()
    metrics = header.fontMetrics()
    model = header.model()
    for column in range(header.count()):
        if header.isSectionHidden(column) or header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        # Qt's size hint measures the title as written; the theme paints it in capitals.
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model is not None else ""
        capitals = metrics.horizontalAdvance(title.upper()) - metrics.horizontalAdvance(title)
        need = header.sectionSizeHint(column) + max(0, capitals)
        if header.sectionSize(column) < need:
            header.resizeSection(column, need)


def keep_height_for_width(window: QWidget) -> None:
    """Grow ``window`` (a top-level dialog) to the height its word-wrapped labels need at its
    width. Qt sizes a window from its layout's minimum size, which ignores height-for-width:
    a paragraph that wraps to one more line than assumed squeezes the fields below it."""

    def fit() -> None:
        need = window.heightForWidth(window.width())
        if need > window.height():
            window.resize(window.width(), need)

    class _Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
            if event.type() in (QEvent.Type.Show, QEvent.Type.LayoutRequest, QEvent.Type.Resize):
                QTimer.singleShot(0, window, fit)
            return False

    watcher = _Watcher(window)
    window.installEventFilter(watcher)


def fit_combo_to_items(combo: QComboBox, extra: int = 80) -> None:
    """A drop-down as wide as its longest item, and its list too: the theme's padding clipped
    short Chinese items (金额错, 重复收) and long printer names alike."""
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    metrics = QFontMetrics(combo.font())
    longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    combo.setMinimumWidth(longest + extra)
    combo.view().setMinimumWidth(longest + extra)


def alive(obj: object) -> bool:
    """False once Qt has deleted the widget: a background answer arriving after its dialog
    closed (or its customer view went away) is dropped instead of touching a dead object."""
    return isValid(obj)


# ---- the small labels of the data forms (customer form, approval) -------------------------


def error_label(parent: QWidget | None = None) -> QLabel:
    """The red message line directly under a field; hidden while empty."""
    label = QLabel(parent)
    label.setObjectName("fieldError")
    label.setProperty("role", "error")
    label.setStyleSheet("QLabel#fieldError { font-size: 12px; padding: 0px; }")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def set_error(label: QLabel, message: str) -> None:
    """Show (or with "" hide) an error; a message from app/ is shown in the UI language."""
    message = localize(message)
    label.setText(message)
    label.setVisible(bool(message))


def muted_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("muted")
    label.setProperty("role", "muted")
    label.setStyleSheet("QLabel#muted { font-size: 12px; }")
    return label
