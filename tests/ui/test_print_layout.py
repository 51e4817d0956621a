"""The print job uses the page layout and resolution read back from the printer after the dialog.

A real QPrinter with Qt's PDF engine stands in for the system printer: what the clerk changed
in the print dialog (paper, margins, resolution, page range) is set on it the way QPrintDialog
would, and the PDF it writes shows what the printer would have received.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize

from app.printing.day_end import render_day_end
from app.printing.receipt import render_receipt
from app.printing.samples import sample_day_end, sample_receipt
from ui.printing.printer import make_printer, print_pdf

pypdf = pytest.importorskip("pypdf")

MM = 72 / 25.4  # points per millimetre


def _pages(path: Path) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def test_paper_margins_and_resolution_chosen_in_the_dialog_are_used(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "a4.pdf"
    printer = make_printer(f"pdf:{out}")
    # What the clerk did in the dialog: A4 instead of the roll, 10 mm margins, a 203 dpi printer.
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(10, 10, 10, 10), QPageLayout.Unit.Millimeter))
    printer.setResolution(203)
    result = print_pdf(render_receipt(sample_receipt(), paper="A5"), printer)
    assert (result.pages, result.dpi) == (1, 203)
    [(width, height)] = _pages(out)
    assert width == pytest.approx(210 * MM, abs=1) and height == pytest.approx(297 * MM, abs=1)


def test_a_direct_print_fits_the_paper_to_the_document(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "roll.pdf"
    data = render_receipt(sample_receipt(), paper="80mm")
    result = print_pdf(data, make_printer(f"pdf:{out}"), fit=True)  # no dialog: the roll's own size
    [(width, height)] = _pages(out)
    [(doc_w, doc_h)] = [(float(p.mediabox.width), float(p.mediabox.height))
                        for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    assert result.pages == 1
    assert width == pytest.approx(doc_w, abs=2) and height == pytest.approx(doc_h, abs=2)
    assert width == pytest.approx(80 * MM, abs=2)


def test_the_page_range_chosen_in_the_dialog_is_printed(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = render_day_end(sample_day_end())
    count = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    out = tmp_path / "range.pdf"
    printer = make_printer(f"pdf:{out}")
    printer.setFromTo(1, 1)
    assert print_pdf(data, printer).pages == 1 and len(_pages(out)) == 1
    if count > 1:
        everything = tmp_path / "all.pdf"
        assert print_pdf(data, make_printer(f"pdf:{everything}")).pages == count
