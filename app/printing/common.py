"""The building blocks of every printed document: wording, money text, CJK line breaking, bold
text, QR codes, and the platypus styles and page furniture of the A4 documents.

A new A4 form (day-end report, bill statement, and the forms that come next) is a story of these
blocks, in this order (see "How to add a document" in :mod:`app.printing`):

* page: :data:`A4_FRAME_WIDTH` (the width between the margins), :func:`build_a4` (margins, PDF
  title, numbered footer with the 补打 mark and the time);
* title block: :func:`title_row` (title centred, a :class:`ReprintStamp` / :class:`QRFlowable`
  beside it), :class:`BoldLabel`, the ``company`` style;
* key-value block: :func:`key_value_table` (shaded label columns: 户名 | 张三 | 户号 | …);
* money tables: :func:`grid_table` (header row, right-aligned amounts via ``extra``),
  :func:`bold_cell` for totals, :func:`money` / :func:`capital_text` for the amounts;
* sections: :func:`section` ("一、…" headings);
* signature row: :func:`signature_table`;
* footer: :func:`footer_text` for the footer line, :func:`reprint_mark` for 补打（第N次打印）.

The 80 mm and A5 receipts draw on a canvas instead (app/printing/receipt.py): :func:`draw_text`,
:func:`wrap`, :func:`draw_qr`.

Everything here is ReportLab and the standard library; nothing knows of Qt or the database.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from app.domain.allocation import TENDER_KINDS
from app.domain.codes import PaymentKind, TenderKind
from app.domain.money import chinese_capital, format_yuan
from app.printing.fonts import cjk_fonts

__all__ = [
    "A4_FRAME_WIDTH",
    "KIND_TITLES",
    "QRFlowable",
    "BoldLabel",
    "balance_text",
    "bold_cell",
    "build_a4",
    "capital_text",
    "draw_qr",
    "draw_text",
    "footer_text",
    "grid_table",
    "key_value_table",
    "mask_reference",
    "money",
    "over_short_text",
    "qr_modules",
    "section",
    "signature_table",
    "split_hall",
    "styles",
    "tender_label",
    "text_width",
    "title_row",
    "wrap",
]

#: Document titles by receipt kind (payment / reversal / refund).
KIND_TITLES: dict[str, str] = {PaymentKind.PAYMENT: "电费收费凭证", PaymentKind.REVERSAL: "电费冲正凭证",
                               PaymentKind.REFUND: "电费退费凭证"}
#: Short kind names for lists (day-end report).
KIND_SHORT: dict[str, str] = {PaymentKind.PAYMENT: "收费", PaymentKind.REVERSAL: "冲正", PaymentKind.REFUND: "退费",
                              PaymentKind.OFFSET: "预存抵扣", PaymentKind.TRANSFER: "预存转移"}

INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.93, 0.93, 0.93)
ALERT = colors.Color(0.55, 0.0, 0.0)  # reversed / reversal rows in lists
BRAND = colors.Color(0.0, 0.42, 0.40)  # State Grid's teal, for the A4 headings and the chart


# --- wording -----------------------------------------------------------------------------------


def money(fen: int, symbol: bool = True) -> str:
    """¥1,280.50 (the one money format of printed documents)."""
    return format_yuan(fen, symbol=symbol)


def capital_text(fen: int) -> str:
    """The 大写 of an amount as printed. A negative amount (冲正 / 退费) is written the way red-ink
    (红字) documents write it: "（负数）" before the capitals of its absolute value — never
    "人民币负…"."""
    if fen < 0:
        return "（负数）" + chinese_capital(-fen)
    return chinese_capital(fen)


def balance_text(fen: int) -> str:
    """A customer balance as printed: arrears + late fees − prepaid (negative = credit)."""
    if fen > 0:
        return f"欠费 {money(fen)}"
    if fen < 0:
        return f"预存 {money(-fen)}"
    return f"已结清 {money(0)}"


def over_short_text(fen: int) -> str:
    """Counted − expected cash: 长款 (over), 短款 (short) or 账实相符."""
    if fen > 0:
        return f"长款 {money(fen)}"
    if fen < 0:
        return f"短款 {money(-fen)}"
    return f"账实相符 {money(0)}"


def tender_label(kind: str, label: str = "") -> str:
    return label or TENDER_KINDS.get(kind, kind)


_PAN = re.compile(r"\d{13,19}")


def mask_reference(kind: str, reference: str) -> str:
    """A card number in a tender reference keeps its first 6 and last 4 digits (docs/rules.md#masking)."""
    if kind == TenderKind.CARD and _PAN.fullmatch(reference.replace(" ", "")):
        digits = reference.replace(" ", "")
        return digits[:6] + "*" * (len(digits) - 10) + digits[-4:]
    return reference


def split_hall(hall_name: str) -> tuple[str, str]:
    """"国网杭州供电公司城东营业厅" → ("国网杭州供电公司", "城东营业厅"); no company → ("", name)."""
    name = hall_name.strip()
    for mark in ("供电公司", "供电局", "公司"):
        at = name.rfind(mark)
        if at > 0:
            cut = at + len(mark)
            return name[:cut], name[cut:].strip()
    return "", name


# --- text on a canvas ----------------------------------------------------------------------------


def text_width(text: str, size: float, bold: bool = False) -> float:
    fonts = cjk_fonts()
    return stringWidth(text, fonts.bold if bold else fonts.regular, size)


# A "word" that must not be broken: Latin letters, digits and the punctuation inside numbers.
_TOKENS = re.compile(r"[A-Za-z0-9¥￥.,:/#@_+\-]+|\s+|.", re.S)
# Characters that may not start a line (避头点): they stay at the end of the previous one.
_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)%")


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points: anywhere between CJK characters,
    between Latin words, never before closing punctuation. Always at least one line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_w = "", 0.0
        for token in _TOKENS.findall(paragraph):
            w = text_width(token, size, bold)
            if current and current_w + w > width and token not in _NO_LINE_START:
                lines.append(current.rstrip())
                current, current_w = "", 0.0
                if token.isspace():
                    continue
            if w > width:  # a word wider than the line: break it by characters
                for ch in token:
                    cw = text_width(ch, size, bold)
                    if current and current_w + cw > width:
                        lines.append(current)
                        current, current_w = "", 0.0
                    current += ch
                    current_w += cw
                continue
            current += token
            current_w += w
        lines.append(current.rstrip())
    return lines or [""]


def draw_text(c: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False,
              align: str = "left", color: colors.Color | None = None) -> float:
    """Draw one line at baseline ``y``; ``align`` left / center / right of ``x``. Bold is the
    font's bold face or, for faces without one, the outline stroked at 3.5 % of the size.
    Returns the text width."""
    fonts = cjk_fonts()
    name = fonts.bold if bold else fonts.regular
    width = stringWidth(text, name, size)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    if color is not None:
        c.setFillColor(color)
        c.setStrokeColor(color)
    if bold and fonts.fake_bold:
        t = c.beginText(x, y)
        t.setFont(name, size)
        t.setTextRenderMode(2)
        t.textOut(text)
        t.setTextRenderMode(0)
        c.setLineWidth(size * 0.035)
        c.drawText(t)
    else:
        c.setFont(name, size)
        c.drawString(x, y, text)
    if color is not None:
        c.setFillColor(INK)
        c.setStrokeColor(INK)
    return width


# --- QR codes ------------------------------------------------------------------------------------

# Mask pattern 2 (vertical stripes every third column) for every code. Any of the eight masks
# is a valid QR code and every reader decodes it from the format bits; ReportLab's search for
# the "best" mask evaluates all eight and costs ~5 ms, a third of a receipt's budget.
_QR_MASK = 2


@functools.lru_cache(maxsize=256)
def qr_modules(text: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The module matrix (rows top to bottom, True = dark) of the QR code of ``text``."""
    code = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, _QR_MASK)
    return tuple(tuple(bool(m) for m in row) for row in code.modules)


def qr_runs(matrix: Sequence[Sequence[bool]]) -> list[tuple[int, int, int]]:
    """Dark runs of each row as (row, first column, length): one rectangle per run."""
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        start = -1
        for col, dark in enumerate(row):
            if dark and start < 0:
                start = col
            elif not dark and start >= 0:
                runs.append((r, start, col - start))
                start = -1
        if start >= 0:
            runs.append((r, start, len(row) - start))
    return runs


@functools.lru_cache(maxsize=256)
def _qr_runs_cached(text: str) -> tuple[tuple[int, int, int], ...]:
    return tuple(qr_runs(qr_modules(text)))


def draw_qr(c: Canvas, text: str, x: float, y: float, size: float, quiet: int = 2) -> None:
    """Draw the QR code of ``text`` as one filled path in the square (x, y, size) — lower left
    corner — with ``quiet`` light modules around it. Drawn in module units (integers) under a
    scale, so the path is short and exact at any printer resolution."""
    matrix = qr_modules(text)
    n = len(matrix)
    module = size / (n + 2 * quiet)
    c.saveState()
    c.translate(x + quiet * module, y + quiet * module)
    c.scale(module, module)
    c.setFillColor(INK)
    # One "re" per dark run, integers only, then one fill ("f"): written as literal operators,
    # ~4x faster than ReportLab's path object, which formats every number as a float.
    c.addLiteral(" ".join(f"{col} {n - 1 - r} {length} 1 re" for r, col, length in _qr_runs_cached(text))
                 + " f")
    c.restoreState()


class QRFlowable(Flowable):
    """A QR code in a platypus story or table cell."""

    def __init__(self, text: str, size: float = 24 * mm) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.width = self.height = size

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.text, 0, 0, self.size, quiet=1)


class BoldLabel(Flowable):
    """One line of bold CJK text (the regular face stroked when there is no bold face)."""

    def __init__(self, text: str, size: float, align: str = "left", color: colors.Color = INK,
                 space_after: float = 0) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.align = align
        self.color = color
        self.spaceAfter = space_after
        self._avail = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._avail = availWidth
        return availWidth, self.size * 1.3

    def draw(self) -> None:
        x = {"left": 0.0, "center": self._avail / 2, "right": self._avail}[self.align]
        draw_text(self.canv, x, self.size * 0.3, self.text, self.size, bold=True, align=self.align,
                  color=self.color)


# --- platypus styles -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles of the A4 documents (CJK line breaking on)."""
    fonts = cjk_fonts()
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=13.5, wordWrap="CJK",
                          textColor=INK)
    out = {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "cell_r": ParagraphStyle("cell_r", parent=base, fontSize=9, leading=12, alignment=TA_RIGHT),
        "cell_c": ParagraphStyle("cell_c", parent=base, fontSize=9, leading=12, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontName=fonts.bold, fontSize=9, leading=12,
                               alignment=TA_CENTER),
        "section": ParagraphStyle("section", parent=base, fontName=fonts.bold, fontSize=11, leading=15,
                                  spaceBefore=8, spaceAfter=4, textColor=BRAND, alignment=TA_LEFT),
        "company": ParagraphStyle("company", parent=base, fontSize=11, leading=15, alignment=TA_CENTER),
    }
    return out


def table_style(header_rows: int = 1, extra: Iterable[tuple[Any, ...]] = ()) -> list[tuple[Any, ...]]:
    """The grid of the A4 tables: thin grey lines, a shaded header row, cells padded."""
    fonts = cjk_fonts()
    cmds: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, 9),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.9, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),
            ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ]
    cmds.extend(extra)
    return cmds


def numbered_canvas_factory(footer_left: str, footer_right: str = "") -> type[Canvas]:
    """A canvas class that writes "第 x 页 / 共 y 页" and a footer line on every page
    (pages are kept until save, when the total is known)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("invariant", 1)
            if not kwargs.get("initialFontName"):  # platypus passes None: no Helvetica in our PDFs
                kwargs["initialFontName"] = cjk_fonts().regular
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._footer(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            y = 10 * mm
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(15 * mm, y + 4 * mm, width - 15 * mm, y + 4 * mm)
            draw_text(self, 15 * mm, y, footer_left, 7.5, color=GREY)
            draw_text(self, width / 2, y, f"第 {self._pageNumber} 页 / 共 {total} 页", 7.5, align="center",
                      color=GREY)
            if footer_right:
                draw_text(self, width - 15 * mm, y, footer_right, 7.5, align="right", color=GREY)

    return NumberedCanvas


def reprint_mark(copy_no: int) -> str:
    """"补打（第N次打印）" — the receipt's wording (app/printing/receipt.py); a reprint is copy 2+."""
    return f"补打（第{max(copy_no, 2)}次打印）"


class ReprintStamp(Flowable):
    """The 补打 mark of an A4 document: a double-framed box like a rubber stamp (the A5
    receipt's stamp), "补打" large and "（第N次打印）" under it, placed ``align`` (center / right)
    in the space it is given. It sits in a cell of the heading that is otherwise empty, so it
    covers no content."""

    _BIG = 15.0
    _SMALL = 7.5

    def __init__(self, copy_no: int, align: str = "center") -> None:
        super().__init__()
        self.align = align
        self.big = "补打"
        self.small = reprint_mark(copy_no)[2:]  # "（第N次打印）"
        self.box_w = max(text_width(self.big, self._BIG, True), text_width(self.small, self._SMALL)) + 5 * mm
        self.box_h = self._BIG + self._SMALL + 4.2 * mm
        self._avail = self.box_w

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._avail = max(availWidth, self.box_w)
        return self._avail, self.box_h

    def draw(self) -> None:
        c = self.canv
        x = self._avail - self.box_w if self.align == "right" else (self._avail - self.box_w) / 2
        c.saveState()
        c.setStrokeColor(INK)
        c.setLineWidth(1.4)
        c.rect(x, 0, self.box_w, self.box_h, stroke=1, fill=0)
        c.setLineWidth(0.5)
        c.rect(x + 1.1, 1.1, self.box_w - 2.2, self.box_h - 2.2, stroke=1, fill=0)
        c.restoreState()
        mid = x + self.box_w / 2
        draw_text(c, mid, self.box_h - 1.6 * mm - self._BIG * 0.86, self.big, self._BIG, bold=True, align="center")
        draw_text(c, mid, 1.9 * mm, self.small, self._SMALL, align="center")


# --- building blocks of the A4 documents -------------------------------------------------------------

#: The A4 page of the platypus documents: 15 mm left and right, 14 mm on top, 20 mm below (the footer).
A4_MARGINS: dict[str, float] = {"leftMargin": 15 * mm, "rightMargin": 15 * mm, "topMargin": 14 * mm,
                                "bottomMargin": 20 * mm}
#: The width of a story between the margins.
A4_FRAME_WIDTH = A4[0] - 30 * mm


def section(text: str) -> Paragraph:
    """A numbered section heading ("一、班次信息"), in the brand colour."""
    return Paragraph(text, styles()["section"])


def bold_cell(text: str, align: str = "left", size: float = 9) -> BoldLabel:
    """A bold table cell (a total, 合计): the regular face stroked when there is no bold face."""
    return BoldLabel(text, size, align=align)


def grid_table(rows: list[list[Any]], widths: Sequence[float], *, header_rows: int = 1,
               extra: Iterable[tuple[Any, ...]] = (), repeat_rows: int = 0) -> Table:
    """A ruled table (:func:`table_style`): a shaded header row, ``extra`` style commands on top
    (right-aligned money columns, a shaded totals row …); ``repeat_rows`` repeat on every page."""
    t = Table(rows, colWidths=list(widths), repeatRows=repeat_rows)
    t.setStyle(TableStyle(table_style(header_rows=header_rows, extra=extra)))
    return t


def key_value_table(rows: list[list[Any]], widths: Sequence[float], *, label_cols: Sequence[int] = (0, 2),
                    center_labels: bool = True, extra: Iterable[tuple[Any, ...]] = ()) -> Table:
    """Label | value | label | value rows (户名 张三 户号 3301…) without a header: the label
    columns shaded (and centred unless ``center_labels`` is False)."""
    cmds: list[tuple[Any, ...]] = [("BACKGROUND", (col, 0), (col, -1), SHADE) for col in label_cols]
    if center_labels:
        cmds += [("ALIGN", (col, 0), (col, -1), "CENTER") for col in label_cols]
    return grid_table(rows, widths, header_rows=0, extra=[*cmds, *extra])


def title_row(cells: list[Any], widths: Sequence[float], extra: Iterable[tuple[Any, ...]] = ()) -> Table:
    """One borderless row of a heading: the title in the middle cell, a :class:`ReprintStamp`, a
    :class:`QRFlowable` or text in the side cells (the last one right-aligned), no side padding."""
    t = Table([cells], colWidths=list(widths))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONT", (0, 0), (-1, -1), cjk_fonts().regular),
                           ("ALIGN", (-1, 0), (-1, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0), *extra]))
    return t


def signature_table(rows: list[list[str]], widths: Sequence[float], heights: Sequence[float],
                    size: float = 10) -> Table:
    """The signature block: rows of "label, blank, label, blank", each blank ruled to sign on."""
    t = Table(rows, colWidths=list(widths), rowHeights=list(heights))
    t.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_fonts().regular, size),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        *[("LINEBELOW", (col, 0), (col, -1), 0.6, INK) for col in range(1, len(widths), 2)],
    ]))
    return t


def footer_text(*parts: str) -> str:
    """A footer line: its non-empty parts (document, number, 补打 mark, time) joined by a wide space."""
    return "　".join(p for p in parts if p)


def build_a4(story: list[Any], *, title: str, author: str, footer_left: str, footer_right: str,
             mark: str = "") -> bytes:
    """``story`` as A4 portrait PDF bytes: the margins of :data:`A4_MARGINS`, "第 x 页 / 共 y 页"
    and the two footer texts on every page; ``mark`` (补打（第N次打印）) follows the PDF title."""
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, **A4_MARGINS, title=title + (f"（{mark}）" if mark else ""),
                            author=author, creator="GridCounter")
    doc.build(story, canvasmaker=numbered_canvas_factory(footer_left, footer_right))
    return buf.getvalue()
