"""The keyboard tables of the 时段表 editor: the cell delegates (a time line edit, a period combo
box, Enter commits at once), the table with Ins / Del / Enter, and its small buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ui import palette
from ui.billing_admin.schedule_models import ScheduleRoles
from ui.billing_admin.schedule_text import tr
from ui.billing_admin.tariff_day import period_name
from ui.i18n import fill

_Index = QModelIndex | QPersistentModelIndex
_ERROR_WASH = QColor(palette.ERROR)
_ERROR_WASH.setAlpha(56)  # translucent over a cell qt-material painted


class CellDelegate(QStyledItemDelegate):
    """Enter confirms at once: Qt's own delegate commits on the next turn of the event loop, so
    Ctrl+S right after Enter (or a tab switch) would read the old value and then commit twice."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        if index.data(ScheduleRoles.ERROR):
            # qt-material paints item backgrounds itself, so the model's BackgroundRole is not
            # enough: a translucent red over the cell and a red underline mark the row.
            painter.save()
            painter.fillRect(option.rect, _ERROR_WASH)
            painter.setPen(QPen(QColor(palette.ERROR), 2))
            painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
            painter.restore()

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(editor, QWidget)
                and not (isinstance(editor, QComboBox) and editor.view().isVisible())):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)


class TimeDelegate(CellDelegate):
    """HH:MM in a line edit; "8", "800" and "8:00" are accepted and written as 08:00."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        edit = QLineEdit(parent)
        edit.setObjectName("bandTimeEditor")
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,2}[:：.]?\d{0,2}"), edit))
        edit.setMaxLength(5)
        return edit


class PeriodDelegate(CellDelegate):
    """A combo box of the periods that have a price (↑↓ to choose, Enter to confirm)."""

    def __init__(self, periods: Callable[[], list[str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.periods = periods

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.setObjectName("bandPeriodEditor")
        for key in self.periods():
            combo.addItem(period_name(key), key)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        key = index.data(ScheduleRoles.PERIOD)
        at = editor.findData(key)
        if at < 0 and key:
            editor.addItem(fill(tr("%1（无电价）"), period_name(str(key))), key)
            at = editor.count() - 1
        editor.setCurrentIndex(max(at, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class EditTable(QTableView):
    """A small editable table for the keyboard: Ins / Del ask for a row to be added / removed,
    Enter (or F2, or typing) edits the current cell."""

    insertRequested = Signal()
    removeRequested = Signal()

    def __init__(self, parent: QWidget | None = None, name: str = "") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setTabKeyNavigation(False)  # Tab leaves the table; ←→↑↓ move inside it
        self.verticalHeader().setDefaultSectionSize(30)
        self.verticalHeader().setMinimumWidth(28)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        key = event.key()
        if self.state() != QAbstractItemView.State.EditingState and not event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier):
            if key == Qt.Key.Key_Insert:
                self.insertRequested.emit()
                return
            if key == Qt.Key.Key_Delete:
                self.removeRequested.emit()
                return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
                self.edit(self.currentIndex())
                return
        super().keyPressEvent(event)

    def commit_editing(self) -> None:
        """Write an open cell editor into the model (Ctrl+S while typing in a cell)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        if editor is not None and self.viewport().isAncestorOf(editor):
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def go_to(self, row: int, column: int = 0) -> None:
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, column)
        self.setCurrentIndex(index)
        self.scrollTo(index)


def small_button(text: str, name: str, parent: QWidget, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys are Ins / Del in the table
    button.setStyleSheet("text-transform: none; padding: 2px 10px;")
    button.setToolTip(tip)
    return button
