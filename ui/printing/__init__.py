"""Print preview and printing of the PDF documents ``app.printing`` renders (打印预览、打印).

* :mod:`ui.printing.printer` — the printer seam (system print dialog, injectable for tests),
  printer lookup, and :func:`~ui.printing.printer.print_pdf`, which rasterises each page with
  QtPdf at the printer's resolution and paints it on a QPrinter.
* :mod:`ui.printing.preview` — :class:`~ui.printing.preview.PdfPreviewDialog`: QPdfView with
  打印 / 另存为PDF / 关闭.
"""
