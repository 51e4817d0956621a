"""Table views the house way: ``make_table`` (a read-only, row-selecting table), ``fit_columns``,
``ForegroundDelegate`` (model colours under qt-material) and columns that stay in view on a
small screen (1024×768 counter PCs), below.


qt-material pads every header section by 24 px a side and paints titles in capitals, so a
table of ten short columns is wider than a 1024 px window before any data: the last columns
(长短款, 状态, 违约金 …) were scrolled out of sight. :class:`ColumnFit` keeps a table's columns
inside its viewport instead:

* headers get a compact padding (the title still fits, in capitals too);
* each column is as wide as its header and its cells when everything fits; any room left goes
  to the ``grow`` column (else the last section stretches);
* when it does not fit, the ``yielding`` columns give way, in order, down to ``minimum``
  (their text is elided; models give the full text as a tooltip), so the key columns stay
  whole; only if that is not enough does the table scroll;
* it refits when the viewport is resized and when the model's rows change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

COMPACT_HEADER = "QHeaderView::section { padding: 0 6px; }"
HEADER_EXTRA = 22  # the compact padding, the section's frame and margins
SORT_ARROW = 18


def header_need(table: QTableView, column: int) -> int:
    """Width the header title of ``column`` needs with :data:`COMPACT_HEADER`: the title in the
    theme's capitals, the padding and frame, and the sort arrow where it is shown."""
    header = table.horizontalHeader()
    header.ensurePolished()
    model = table.model()
    title = str(model.headerData(column, Qt.Orientation.Horizontal) or "") if model is not None else ""
    need = max(header.fontMetrics().horizontalAdvance(title.upper()), header.fontMetrics().horizontalAdvance(title))
    sorted_here = header.isSortIndicatorShown() and header.sortIndicatorSection() == column
    return need + HEADER_EXTRA + (SORT_ARROW if sorted_here else 0)


class ColumnFit(QObject):
    """Fits ``table``'s columns to its viewport (see the module docstring). Keep a reference
    (the table is its parent, so it lives as long as the table)."""

    def __init__(self, table: QTableView, yielding: Sequence[int] = (), grow: int | None = None,
                 padding: int = 10, minimum: int = 56, wrap_rows: bool = False) -> None:
        super().__init__(table)
        self.table = table
        self.yielding = [int(c) for c in yielding]
        self.grow = None if grow is None else int(grow)
        self.padding = padding
        self.minimum = minimum
        self.wrap_rows = wrap_rows
        header = table.horizontalHeader()
        header.setStyleSheet(COMPACT_HEADER)
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(self.grow is None)
        table.setHorizontalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._viewport = table.viewport()
        self._viewport.installEventFilter(self)
        self._pending = False
        self._model = None
        self._watch_model()

    def _watch_model(self) -> None:
        model = self.table.model()
        if model is None or model is self._model:
            return
        self._model = model
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
                       model.dataChanged):
            signal.connect(self.schedule)

    def schedule(self, *_args: object) -> None:
        """Refit once the event loop is back (after a batch of model changes)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._refit_pending)  # cancelled if the table goes first

    def _refit_pending(self) -> None:
        self._pending = False
        with contextlib.suppress(RuntimeError):  # the table was deleted meanwhile
            self.refit()

    def widths(self, available: int) -> dict[int, int]:
        """The width of every visible column for a viewport ``available`` pixels wide."""
        table = self.table
        model = table.model()
        if model is None:
            return {}
        columns = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
        want = {c: max(table.sizeHintForColumn(c) + self.padding, header_need(table, c)) for c in columns}
        excess = sum(want.values()) - available
        for column in self.yielding:
            if excess <= 0:
                break
            if column in want:
                cut = min(excess, max(0, want[column] - self.minimum))
                want[column] -= cut
                excess -= cut
        if excess < 0 and self.grow in want:
            want[self.grow] -= excess  # the room left over
        return want

    def refit(self) -> None:
        self._watch_model()
        table = self.table
        header = table.horizontalHeader()
        available = table.viewport().width()
        if available <= 0:
            return
        for column, width in self.widths(available).items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        if self.wrap_rows:
            table.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.schedule()
        return super().eventFilter(watched, event)


def make_table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(28)
    table.horizontalHeader().setHighlightSections(False)
    return table


def fit_columns(table: QTableView, padding: int = 14) -> None:
    """Every column as wide as its header and cells (the theme's header font is bold and its
    Latin capitals wide: fixed widths clip), except the stretching last one."""
    header = table.horizontalHeader()
    model = table.model()
    for column in range(model.columnCount()):
        if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        table.resizeColumnToContents(column)
        table.setColumnWidth(column, table.columnWidth(column) + padding)


class ForegroundDelegate(QStyledItemDelegate):
    """Paints a cell's ``ForegroundRole`` colour even under qt-material, whose
    ``QTableView::item { color: … }`` rule otherwise wins over the model (長款 blue, 短款 red,
    status colours). A focused selected row keeps the theme's contrasting text colour."""

    PADDING = 4  # qt-material's ``QTableView::item { padding: 4px }``

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:  # type: ignore[no-untyped-def]
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        view = option.widget  # type: ignore[attr-defined]
        selected_focus = bool(option.state & QStyle.StateFlag.State_Selected) and view is not None \
            and view.hasFocus()  # type: ignore[attr-defined]
        if not isinstance(brush, QBrush | QColor) or selected_focus:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text  # type: ignore[attr-defined]
        opt.text = ""  # type: ignore[attr-defined]
        style = view.style() if view is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, view)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
        rect = rect.adjusted(self.PADDING, 0, -self.PADDING, 0)
        painter.save()
        painter.setFont(opt.font)  # type: ignore[attr-defined]
        painter.setPen(brush.color() if isinstance(brush, QBrush) else brush)
        elided = QFontMetrics(opt.font).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())  # type: ignore[attr-defined]
        painter.drawText(rect, int(opt.displayAlignment), elided)  # type: ignore[attr-defined]
        painter.restore()
