"""Printers and printing (打印机与打印).

Documents arrive as PDF bytes from ``app.printing`` (ReportLab). QtPdf only renders raster, so a
print job renders each page with :class:`QPdfDocument` at the printer's resolution (capped at
:data:`MAX_RENDER_DPI`) and paints the image on a :class:`QPrinter` — one document per job,
pages one after the other, never two renders on one document at once.

The system print dialog is reached through :class:`PrinterChooser`, an injectable seam kept in
this package (the app-wide dialog seam ``ui.dialogs`` has no print dialog): tests install a
chooser that answers without showing anything (:func:`set_printer_chooser`). The page layout is
read back from the printer after the dialog, so a paper size or margin the clerk changed there
is what the job uses.

A printer name starting with ``pdf:`` (``pdf:/path/receipt.pdf``) is a file printer: Qt's PDF
engine writes what the real printer would have got, which is how a counter without a printer
(or a test) checks the print path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QObject,
    QRect,
    QSize,
    QSizeF,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from ui.i18n import fill

log = logging.getLogger(__name__)

#: Prefix of a file printer's name: ``pdf:`` + the output path.
PDF_PREFIX = "pdf:"
#: Prefix of a print log's "where" for a copy saved as PDF from the preview (另存为PDF).
SAVED_PREFIX = "saved:"
#: Pages are rasterised at the printer's resolution, but never finer than this (a 1200 dpi laser
#: would need 130 MB per A5 page and prints no better from a 600 dpi raster of text).
MAX_RENDER_DPI = 600


def _tr(text: str) -> str:
    return QCoreApplication.translate("Printing", text)


class PrintFailed(Exception):
    """The print job could not run; ``message`` is for the clerk (Chinese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PrinterChooser:
    """The seam for the system print dialog (打印对话框). Returns False when cancelled."""

    def choose(self, printer: QPrinter, parent: QWidget | None) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(_tr("打印"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize, True)
        return dialog.exec() == QDialog.DialogCode.Accepted


_chooser: PrinterChooser = PrinterChooser()


def printer_chooser() -> PrinterChooser:
    return _chooser


def set_printer_chooser(chooser: PrinterChooser) -> PrinterChooser:
    """Install ``chooser`` (tests); returns the previous one so it can be put back."""
    global _chooser
    previous, _chooser = _chooser, chooser
    return previous


def available_printers() -> list[str]:
    """The system's printers (CUPS queues / Windows printers), default first."""
    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    if default in names:
        names.remove(default)
        names.insert(0, default)
    return names


def default_printer() -> str:
    return QPrinterInfo.defaultPrinterName()


def printer_exists(name: str) -> bool:
    if name.startswith(PDF_PREFIX):
        return len(name) > len(PDF_PREFIX)
    return bool(name) and not QPrinterInfo.printerInfo(name).isNull()


def printer_label(name: str) -> str:
    if not name:
        return _tr("未设置")
    if name.startswith(PDF_PREFIX):
        return fill(_tr("输出到文件 %1"), name[len(PDF_PREFIX):])
    return name


def make_printer(name: str = "") -> QPrinter:
    """A QPrinter for ``name`` (the system default when empty); :class:`PrintFailed` if unknown."""
    if name.startswith(PDF_PREFIX):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(name[len(PDF_PREFIX):])
        return printer
    if name:
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            raise PrintFailed(fill(_tr("找不到打印机“%1”，请在 系统 → 打印机设置 中重新选择"), name))
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def load_document(data: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over ``data``; keep the returned buffer alive as long as the document."""
    document = QPdfDocument(parent)  # type: ignore[arg-type]  # stub lacks None; Qt takes a null parent
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PrintFailed(fill(_tr("文档无法读取（%1）"), document.error().name))
    return document, buffer


def fit_printer_to_document(printer: QPrinter, page_points: QSizeF) -> None:
    """Paper = the document's page (80 mm roll with its computed height, or A5), no margins:
    the PDF carries its own. The clerk may still change it in the print dialog."""
    size = QPageSize(page_points, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = QPageLayout.Orientation.Portrait
    if page_points.width() > page_points.height():
        orientation = QPageLayout.Orientation.Landscape
        size = QPageSize(page_points.transposed(), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageLayout(QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    printer.setFullPage(True)


@dataclass(frozen=True)
class PrintResult:
    printer: str
    pages: int
    dpi: int


def print_pdf(data: bytes, printer: QPrinter, fit: bool = False) -> PrintResult:
    """Print every page (or the range chosen in the dialog) of ``data`` on ``printer``.

    Runs on a worker thread (QPainter may paint on a QPrinter outside the GUI thread); the
    document is private to this call. Each page keeps its real size unless it does not fit the
    printable area, where it is shrunk to fit; it is centred horizontally. ``fit`` first sets
    the paper to the document's page (direct printing, when no dialog was shown).
    """
    document, _buffer = load_document(data)
    try:
        if fit:
            fit_printer_to_document(printer, document.pagePointSize(0))
        count = document.pageCount()
        first = max(1, printer.fromPage() or 1)  # 0 means "all pages"
        last = min(count, printer.toPage() or count)
        if first > last:
            raise PrintFailed(_tr("所选页码范围内没有页面"))
        resolution = printer.resolution()
        render_dpi = min(resolution, MAX_RENDER_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed(fill(_tr("无法开始打印，请检查打印机“%1”是否在线"),
                printer.printerName() or printer.outputFileName()))
        try:
            area = QRect(0, 0, printer.width(), printer.height())  # read back after the dialog
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                points = document.pagePointSize(number - 1)
                natural_w = points.width() * resolution / 72.0
                natural_h = points.height() * resolution / 72.0
                scale = min(1.0, area.width() / natural_w, area.height() / natural_h)
                width, height = round(natural_w * scale), round(natural_h * scale)
                image = document.render(number - 1, QSize(max(1, round(width * render_dpi / resolution)),
                                                          max(1, round(height * render_dpi / resolution))))
                if image.isNull():
                    raise PrintFailed(fill(_tr("第%1页渲染失败"), number))
                target = QRect(area.left() + (area.width() - width) // 2, area.top(), width, height)
                painter.drawImage(target, image)
        finally:
            painter.end()
        name = printer.printerName() or printer.outputFileName()
        log.info("printed %d page(s) on %s at %d dpi (rendered at %d)", last - first + 1, name, resolution,
                 render_dpi)
        return PrintResult(name, last - first + 1, resolution)
    finally:
        document.close()
