"""Print preview (打印预览): the PDF as it will print, with 打印 / 另存为PDF / 关闭.

Keys: Enter or Ctrl+P 打印, Ctrl+S 另存为PDF, Esc 关闭, Ctrl+= / Ctrl+- zoom, Ctrl+0 fit width.

``copies`` (optional, a :class:`CopyLog`) is for documents whose every copy is logged (a
receipt): before each print or save, ``prepare()`` returns the document of the copy about to go
out (re-rendered when its copy number moved, so a second copy says 补打) and it replaces the
one shown; only after the copy really went out — the print job ran, or the PDF file was
written — ``record()`` logs it and ``issued`` is emitted. Closing the preview logs nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.context import UiContext
from ui.i18n import fill, localize
from ui.printing.printer import (
    SAVED_PREFIX,
    PrinterChooser,
    PrintFailed,
    PrintResult,
    fit_printer_to_document,
    load_document,
    make_printer,
    print_pdf,
    printer_chooser,
)

log = logging.getLogger(__name__)

#: pages narrower than this (points) are rolls: shown at a fixed, readable zoom
_ROLL_MAX_WIDTH_PT = 300
#: ``CopyLog.record``'s ``where`` for a copy saved as PDF: this + the file's path


class CopyLog(Protocol):
    """How the preview issues a logged document; both methods run on a worker thread, one call
    at a time (the preview is busy meanwhile)."""

    def prepare(self) -> bytes:
        """The document of the copy about to go out (may be the bytes shown)."""
        ...

    def record(self, data: bytes, where: str) -> object:
        """Log the copy ``data`` after it went out to ``where``: the printer's name, or
        :data:`SAVED_PREFIX` + the path of the file it was saved as (另存为PDF)."""
        ...


class NotLogged(Exception):
    """The copy went out but logging it failed (``cause``): it still counts as not printed."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.message = getattr(cause, "message", "") or str(cause)


def _issue(copies: CopyLog | None, data: bytes, where: str) -> object:
    if copies is None:
        return None
    try:
        return copies.record(data, where)
    except Exception as exc:  # noqa: BLE001 — the paper is out: say so rather than "print failed"
        log.error("a copy went to %s but was not logged", where, exc_info=exc)
        return NotLogged(exc)


class PdfPreviewDialog(QDialog):
    printed = Signal(object)  # PrintResult
    saved = Signal(str)
    issued = Signal(object)  # what ``copies.record`` returned, after a logged copy went out

    def __init__(self, ctx: UiContext, data: bytes, title: str, suggested_name: str,
                 parent: QWidget | None = None, *, printer_name: str = "", note: str = "", error: str = "",
                 copies: CopyLog | None = None, chooser: PrinterChooser | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.ctx = ctx
        self.data = data
        self.suggested_name = suggested_name
        self.printer_name = printer_name
        self.copies = copies
        self.chooser = chooser
        self.busy = False
        self.prints: list[PrintResult] = []
        self.saved_paths: list[str] = []
        self.issued_copies: list[object] = []
        self._printer: QPrinter | None = None
        self.setWindowTitle(fill(self.tr("打印预览 — %1"), title))
        self.setModal(True)

        self._build_view(data)
        heading = self._build_labels(title, note)
        self._build_buttons()
        self._connect_keys()
        self._layout(heading)

        self._show_pages()
        roll = self.document.pagePointSize(0).width() < _ROLL_MAX_WIDTH_PT
        self.resize(580 if roll else 820, 720)
        self.fit()
        if error:
            self.set_status(error, error=True)
        self.print_button.setFocus()

    def _build_view(self, data: bytes) -> None:
        """The document and its page view (all pages, one under the other)."""
        self.document, self._buffer = load_document(data, self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _build_labels(self, title: str, note: str) -> QLabel:
        """The title, the note (if any), the page count and size, and the status line."""
        heading = QLabel(title, self)
        heading.setObjectName("previewTitle")
        heading.setStyleSheet("QLabel#previewTitle { font-size: 16px; font-weight: bold; }")
        self.note = QLabel(note, self)
        self.note.setObjectName("previewNote")
        self.note.setProperty("role", "muted")
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        self.pages_label = QLabel(self)
        self.pages_label.setObjectName("previewPages")
        self.pages_label.setProperty("role", "muted")
        self.status = QLabel(self)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return heading

    def _build_buttons(self) -> None:
        """打印 (the default button), 另存为PDF and 关闭."""
        self.print_button = QPushButton(self.tr("打印 (Ctrl+P)"), self)
        self.print_button.setObjectName("previewPrint")
        self.print_button.setDefault(True)
        self.print_button.setAutoDefault(True)
        self.save_button = QPushButton(self.tr("另存为PDF (Ctrl+S)"), self)
        self.save_button.setObjectName("previewSave")
        self.save_button.setAutoDefault(False)
        self.close_button = QPushButton(self.tr("关闭 (Esc)"), self)
        self.close_button.setObjectName("previewClose")
        self.close_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)

    def _connect_keys(self) -> None:
        """Ctrl+P prints, Ctrl+S saves, Ctrl+= / Ctrl+- zoom and Ctrl+0 fits the page."""
        for key, slot in ((QKeySequence.StandardKey.Print, self.print_document),
                          (QKeySequence.StandardKey.Save, self.save_pdf),
                          (QKeySequence("Ctrl+="), lambda: self.zoom(1.25)),
                          (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom(1.25)),
                          (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom(0.8)),
                          (QKeySequence("Ctrl+0"), self.fit)):
            QShortcut(QKeySequence(key), self).activated.connect(slot)

    def _layout(self, heading: QLabel) -> None:
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.pages_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    # -- view --------------------------------------------------------------------------
    def _show_pages(self) -> None:
        count = self.document.pageCount()
        size = self.document.pagePointSize(0)
        self.pages_label.setText(fill(self.tr("共 %1 页　%2×%3 mm"),
            count, format(size.width() / 72 * 25.4, ".0f"), format(size.height() / 72 * 25.4, ".0f")))

    def fit(self) -> None:
        if self.document.pagePointSize(0).width() < _ROLL_MAX_WIDTH_PT:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(1.45)  # a roll receipt at about its printed size
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def zoom(self, factor: float) -> None:
        current = self.view.zoomFactor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(6.0, current * factor)))

    def text(self) -> str:
        """The document's text (every page): what the clerk reads, for checks and tests."""
        return "\n".join(self.document.getAllText(i).text() for i in range(self.document.pageCount()))

    def _replace_document(self, data: bytes) -> None:
        document, buffer = load_document(data, self)
        old, old_buffer = self.document, self._buffer
        self.data, self.document, self._buffer = data, document, buffer
        self.view.setDocument(document)
        self.view.pageNavigator().jump(0, QPointF(), 0)
        old.close()
        old.deleteLater()
        old_buffer.deleteLater()
        self._show_pages()

    def set_status(self, text: str, error: bool = False) -> None:
        self.status.setProperty("role", "error" if error else "ok")  # the style sheet below re-polishes
        self.status.setStyleSheet("QLabel#previewStatus { font-weight: bold; }")
        self.status.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.print_button, self.save_button, self.close_button):
            button.setEnabled(not busy)

    # -- print -------------------------------------------------------------------------
    def print_document(self) -> None:
        if self.busy:
            return
        try:
            printer = make_printer(self.printer_name)
        except PrintFailed as exc:
            self.set_status(localize(exc.message), error=True)
            printer = make_printer("")
        fit_printer_to_document(printer, self.document.pagePointSize(0))
        chooser = self.chooser or printer_chooser()
        if not chooser.choose(printer, self):
            self.set_status(self.tr("已取消打印"))
            return
        self._printer = printer  # the job paints on it from the worker thread
        copies, current = self.copies, self.data

        def work() -> tuple[bytes, PrintResult, object]:
            data = copies.prepare() if copies is not None else current
            result = print_pdf(data, printer)
            return data, result, _issue(copies, data, result.printer)

        self._set_busy(True)
        self.set_status(self.tr("正在打印…"))
        self.ctx.tasks.run(work, self._printed, self._print_failed)

    def _printed(self, result: tuple[bytes, PrintResult, object]) -> None:
        if not isValid(self):
            return
        data, outcome, logged = result
        self._set_busy(False)
        self._printer = None
        if data is not self.data:
            self._replace_document(data)
        self.prints.append(outcome)
        self.set_status(fill(self.tr("已发送到打印机 %1（%2 页）"), outcome.printer, outcome.pages))
        self.printed.emit(outcome)
        self._logged(logged)
        self.close_button.setFocus()

    def _logged(self, logged: object) -> None:
        if self.copies is None:
            return
        if isinstance(logged, NotLogged):
            self.set_status(fill(self.tr("已输出，但打印记录未能保存（%1），本联仍算未打印"), localize(logged.message)),
                            error=True)
            return
        self.issued_copies.append(logged)
        self.issued.emit(logged)

    def _print_failed(self, exc: BaseException) -> None:
        # Not the runner's default: the printer's own words on the preview's status line.
        if not isValid(self):
            return
        self._set_busy(False)
        self._printer = None
        message = localize(getattr(exc, "message", ""))
        if not message:
            log.error("printing failed", exc_info=exc)
            message = self.tr("打印失败，请检查打印机后重试（详情已记入日志）")
        self.set_status(message, error=True)

    # -- save --------------------------------------------------------------------------
    def save_pdf(self) -> None:
        if self.busy:
            return
        path = self.ctx.dialogs.save_file(self, self.tr("另存为PDF"), self.suggested_name,
                                          self.tr("PDF 文件 (*.pdf)"))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        copies, current = self.copies, self.data

        def work() -> tuple[bytes, str, object]:
            data = copies.prepare() if copies is not None else current
            target.write_bytes(data)
            return data, str(target), _issue(copies, data, SAVED_PREFIX + str(target))

        self._set_busy(True)
        self.ctx.tasks.run(work, self._saved, self._save_failed)

    def _saved(self, result: tuple[bytes, str, object]) -> None:
        if not isValid(self):
            return
        data, path, logged = result
        self._set_busy(False)
        if data is not self.data:
            self._replace_document(data)
        self.saved_paths.append(path)
        self.set_status(fill(self.tr("已保存：%1"), path))
        self.saved.emit(path)
        self._logged(logged)

    def _save_failed(self, exc: BaseException) -> None:
        # Not the runner's default: the OS error's words on the preview's status line.
        if not isValid(self):
            return
        self._set_busy(False)
        log.warning("saving a PDF failed: %s", exc)
        self.set_status(fill(self.tr("保存失败：%1"), getattr(exc, "strerror", None) or exc), error=True)

    # -- closing -----------------------------------------------------------------------
    def reject(self) -> None:
        if self.busy:
            self.set_status(self.tr("正在处理，请稍候再关闭"), error=True)
            return
        super().reject()

    def done(self, code: int) -> None:
        if self.busy:
            return
        super().done(code)

