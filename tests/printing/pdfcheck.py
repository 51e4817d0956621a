"""Reading our PDFs back with pypdf: text, fonts, page sizes, drawn QR codes."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

MM = 72 / 25.4


def reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-"), "not a PDF"
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    """All text of all pages, whitespace removed (CJK text has no spaces to keep)."""
    r = reader(pdf)
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in r.pages))


def layout_lines(pdf: bytes) -> list[str]:
    """The text of every page as laid out (pypdf's layout mode), one printed line per item,
    runs of spaces folded to one: "电费本金 ¥347.01", "合计 1,090.55 109.45 1,200.00"."""
    out: list[str] = []
    for page in reader(pdf).pages:
        for line in (page.extract_text(extraction_mode="layout") or "").splitlines():
            folded = re.sub(r"\s+", " ", line).strip()
            if folded:
                out.append(folded)
    return out


def page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text() or "") for p in reader(pdf).pages]


def sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width) / MM, float(p.mediabox.height) / MM) for p in reader(pdf).pages]


@dataclass(frozen=True)
class FontInfo:
    name: str
    subtype: str
    embedded: bool
    file_key: str  # /FontFile2 (TrueType), /FontFile3, /FontFile or ""


def _resolve(obj):  # type: ignore[no-untyped-def]
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def fonts(pdf: bytes) -> list[FontInfo]:
    """Every font referenced by any page (Type0 fonts through their descendant)."""
    found: dict[str, FontInfo] = {}
    for page in reader(pdf).pages:
        resources = _resolve(page.get("/Resources")) or DictionaryObject()
        for _, ref in (_resolve(resources.get("/Font")) or {}).items():
            font = _resolve(ref)
            base = str(font.get("/BaseFont"))
            subtype = str(font.get("/Subtype"))
            target = font
            if subtype == "/Type0":
                target = _resolve(font["/DescendantFonts"][0])
            descriptor = _resolve(target.get("/FontDescriptor"))
            key = ""
            if descriptor is not None:
                for k in ("/FontFile2", "/FontFile3", "/FontFile"):
                    if k in descriptor:
                        key = k
            found[base] = FontInfo(base, subtype, bool(key), key)
    return list(found.values())


def content(pdf: bytes, page: int = 0) -> str:
    data = reader(pdf).pages[page].get_contents()
    assert data is not None
    return data.get_data().decode("latin-1")


_RUN = re.compile(r"(?<![\d.])(\d+) (\d+) (\d+) 1 re")


def drawn_qr_matrix(pdf: bytes, page: int = 0) -> list[list[bool]]:
    """The QR code as drawn: the integer "x y w 1 re" runs of the module-unit path, turned back
    into a module matrix (rows top to bottom)."""
    runs = [tuple(map(int, m.groups())) for m in _RUN.finditer(content(pdf, page))]
    assert runs, "no QR code path in the page"
    n = max(y for _, y, _ in runs) + 1
    width = max(x + w for x, _, w in runs)
    n = max(n, width)
    matrix = [[False] * n for _ in range(n)]
    for x, y, w in runs:
        for col in range(x, x + w):
            matrix[n - 1 - y][col] = True
    return matrix
