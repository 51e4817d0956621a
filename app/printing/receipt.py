"""The payment receipt (电费收费凭证) and its reversal / refund forms (冲正凭证 / 退费凭证).

Two papers:

* ``"80mm"`` — a thermal roll. The page is 80 mm wide and exactly as tall as its content (the
  layout is computed first, then drawn), so the printer feeds no blank tail. 4 mm margins: the
  print head of an 80 mm printer covers 72 mm.
* ``"A5"`` — A5 landscape (210 × 148 mm), a ruled form like the receipts of a laser or dot-matrix
  printer at the counter. Payments that settle many bills continue on further pages ("续下页").

Both are drawn straight on a canvas (no platypus): one receipt costs a few milliseconds, well
inside the 15 ms budget (docs/rules.md#budgets). The text is the embedded CJK TrueType font (subset).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.colors import white as WHITE
from reportlab.lib.pagesizes import A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.domain.codes import PaymentKind, TenderKind
from app.dto.payments import Receipt
from app.printing.common import (
    GREY,
    INK,
    KIND_TITLES,
    RULE,
    SHADE,
    balance_text,
    capital_text,
    draw_qr,
    draw_text,
    mask_reference,
    money,
    reprint_mark,
    split_hall,
    tender_label,
    text_width,
    wrap,
)
from app.printing.fonts import cjk_fonts

__all__ = ["PAPERS", "render_receipt"]

PAPERS = ("80mm", "A5")
ROLL_WIDTH = 80 * mm

HOTLINE = "供电服务热线 95598"
WATERMARK = Color(0.88, 0.88, 0.88)
_TOTAL_LABEL: dict[str, str] = {PaymentKind.PAYMENT: "合计金额", PaymentKind.REVERSAL: "冲正金额（红字）",
                                PaymentKind.REFUND: "退款金额（红字）"}
# The words that differ between a payment and the documents that undo it: the time and the
# person of the act, the balance before / after it, and what the paper is to the customer.
_WORDS: dict[str, tuple[str, str, str, str, str, str]] = {
    PaymentKind.PAYMENT: ("收费时间", "收费员", "缴费前", "缴费后", "收款单位（盖章）：",
                          "本凭证是您的缴费凭据，请妥善保管。电费发票可在“网上国网”开具。"),
    PaymentKind.REVERSAL: ("冲正时间", "冲正人", "冲正前", "冲正后", "经办单位（盖章）：",
                           "本凭证为原收费凭证的冲正（红字）凭证，原收费凭证同时作废，请妥善保管。"),
    PaymentKind.REFUND: ("退款时间", "退款人", "退款前", "退款后", "经办单位（盖章）：",
                         "本凭证是您的退费凭据，请核对退款金额后签字，并妥善保管。"),
}
_VOID: dict[str, str] = {PaymentKind.REVERSAL: "本凭证已冲正", PaymentKind.REFUND: "本凭证已退费"}
_WATERMARK: dict[str, str] = {PaymentKind.REVERSAL: "已冲正", PaymentKind.REFUND: "已退费"}


@dataclass(frozen=True)
class _Facts:
    """What both layouts print, worded once."""

    company: str
    hall: str
    title: str
    reprint_mark: str  # "" or "补打（第2次打印）"
    reprint_time: str
    void_mark: str  # "本凭证已冲正" / "本凭证已退费" when a later reversal / refund exists
    watermark: str  # the word behind an A5 copy: 补打 / 已冲正 / 已退费, or ""
    time_label: str  # 收费时间 / 冲正时间 / 退款时间
    clerk_label: str  # 收费员 / 冲正人 / 退款人
    before_label: str  # 缴费前 / 冲正前 / 退款前
    after_label: str
    stamp_label: str  # 收款单位（盖章）：…
    note: str  # what the paper is to the customer
    capital: str  # the amount's 大写 (negative: "（负数）…")
    clerk: str
    tenders: list[tuple[str, str, str]]  # (label, reference, amount)
    cash_line: str  # "实收现金 ¥200.00  找零 ¥71.50" or ""
    lookup: str


def _facts(r: Receipt, reprint: bool, copy_no: int, company: str) -> _Facts:
    named_company, hall = split_hall(r.hall_name)
    company = company or named_company
    title = KIND_TITLES.get(r.kind, KIND_TITLES[PaymentKind.PAYMENT])
    mark = reprint_mark(copy_no) if reprint else ""
    tenders = [(tender_label(t.kind, t.label), mask_reference(t.kind, t.reference), money(t.amount_fen))
               for t in r.tenders]
    cash = sum(t.amount_fen for t in r.tenders if t.kind == TenderKind.CASH)
    cash_line = ""
    if cash and r.kind == PaymentKind.PAYMENT:
        # The cash handed over, not ``tendered_fen`` (every tender: with a QR part it is more).
        cash_line = f"实收现金 {money(cash)}　找零 {money(r.change_fen)}"
    undone = (r.undone_by or PaymentKind.REVERSAL) if r.reversed and r.kind == PaymentKind.PAYMENT else ""
    time_label, clerk_label, before, after, stamp, note = _WORDS.get(r.kind, _WORDS[PaymentKind.PAYMENT])
    return _Facts(
        company=company,
        hall=hall or r.hall_name,
        title=title,
        reprint_mark=mark,
        reprint_time=dt.datetime.now().strftime("%Y-%m-%d %H:%M") if reprint else "",
        void_mark=_VOID.get(undone, ""),
        watermark="补打" if mark else _WATERMARK.get(undone, ""),
        time_label=time_label,
        clerk_label=clerk_label,
        before_label=before,
        after_label=after,
        stamp_label=stamp,
        note=note,
        capital=capital_text(r.amount_fen),
        clerk=f"{r.clerk_name}（工号 {r.clerk_no}）" if r.clerk_no else r.clerk_name,
        tenders=tenders,
        cash_line=cash_line,
        lookup=r.lookup_code or f"{r.receipt_no}|{r.amount_fen}",
    )


def render_receipt(r: Receipt, paper: str = "80mm", reprint: bool = False, copy_no: int = 1, *,
                   company: str = "") -> bytes:
    """The receipt of ``r`` as PDF bytes on ``paper`` ("80mm" roll or "A5").

    ``reprint`` (copy 2 and later, see ``record_print``) prints "补打（第N次打印）" with
    N = ``copy_no``. Reversal and refund receipts carry their own title, the original receipt
    number, the reason and the approving supervisor. ``company`` (the node's 供电公司, e.g.
    国网杭州供电公司) heads the receipt; without it a company name inside ``r.hall_name`` is
    used, else the hall alone.
    """
    facts = _facts(r, reprint, copy_no, company)
    if paper.lower() in ("80mm", "80", "roll"):
        return _render_roll(r, facts)
    if paper.upper() == "A5":
        return _render_a5(r, facts)
    raise ValueError(f"unknown receipt paper {paper!r}; expected one of {PAPERS}")


def _canvas(buf: io.BytesIO, size: tuple[float, float], r: Receipt, facts: _Facts) -> Canvas:
    c = Canvas(buf, pagesize=size, pageCompression=1, invariant=1, initialFontName=cjk_fonts().regular)
    c.setTitle(f"{facts.title} {r.receipt_no}")
    c.setAuthor(facts.hall)
    c.setSubject(facts.lookup)
    c.setCreator("GridCounter")
    return c


# --- 80 mm roll ---------------------------------------------------------------------------------

_Op = Callable[[Canvas, float], None]


class _Roll:
    """A top-down layout: every call appends drawing operations at a y measured from the top
    and advances the cursor; :meth:`render` makes a page exactly as tall as the content."""

    margin = 4 * mm
    top_margin = 5 * mm
    bottom_margin = 6 * mm  # room to tear off above the cutter

    def __init__(self) -> None:
        self.left = self.margin
        self.right = ROLL_WIDTH - self.margin
        self.width = self.right - self.left
        self.y = self.top_margin
        self.ops: list[_Op] = []

    def put(self, x: float, base: float, s: str, size: float, *, bold: bool = False, align: str = "left",
            color: Color | None = None) -> None:
        """Draw ``s`` later at ``x`` with its baseline ``base`` below the top of the page."""

        def op(c: Canvas, h: float) -> None:
            draw_text(c, x, h - base, s, size, bold=bold, align=align, color=color)

        self.ops.append(op)

    # Each text line is size × 1.42 tall; the baseline sits at 1.08 × size below its top.
    def text(self, s: str, size: float = 8, *, bold: bool = False, align: str = "left",
             color: Color | None = None, lead: float = 1.42) -> None:
        x = {"left": self.left, "center": ROLL_WIDTH / 2, "right": self.right}[align]
        self.put(x, self.y + size * 1.08, s, size, bold=bold, align=align, color=color)
        self.y += size * lead

    def wrapped(self, s: str, size: float = 8, *, bold: bool = False, align: str = "left") -> None:
        for line in wrap(s, size, self.width, bold):
            self.text(line, size, bold=bold, align=align)

    def pair(self, left: str, right: str, size: float = 8, *, bold: bool = False) -> None:
        """Label on the left, value (an amount) flush right; the label wraps if it must."""
        room = self.width - text_width(right, size, bold) - 2 * mm
        self.put(self.right, self.y + size * 1.08, right, size, bold=bold, align="right")
        for line in wrap(left, size, room, bold):
            self.text(line, size, bold=bold)

    def field(self, label: str, value: str, size: float = 8, *, bold: bool = False,
              label_width: float = 14 * mm) -> None:
        """"户名  张三": the value wraps under itself, never under the label."""
        self.put(self.left, self.y + size * 1.08, label, size, color=GREY)
        for line in wrap(value, size, self.width - label_width, bold):
            self.put(self.left + label_width, self.y + size * 1.08, line, size, bold=bold)
            self.y += size * 1.42

    def columns(self, cells: list[tuple[float, str, str]], size: float = 7.5, *, bold: bool = False,
                color: Color | None = None) -> None:
        """Cells as (x offset from the left margin, text, align)."""
        base = self.y + size * 1.08
        for dx, s, align in cells:
            self.put(self.left + dx, base, s, size, bold=bold, align=align, color=color)
        self.y += size * 1.42

    def rule(self, style: str = "dash", space: float = 2.4 * mm) -> None:
        y = self.y + space / 2

        def op(c: Canvas, h: float) -> None:
            c.setStrokeColor(INK)
            if style == "double":
                c.setLineWidth(0.5)
                c.line(self.left, h - y + 0.8, self.right, h - y + 0.8)
                c.line(self.left, h - y - 0.8, self.right, h - y - 0.8)
                return
            c.setLineWidth(0.6 if style == "solid" else 0.5)
            if style == "dash":
                c.setDash(2, 1.5)
            c.line(self.left, h - y, self.right, h - y)
            c.setDash()

        self.ops.append(op)
        self.y += space

    def gap(self, height: float) -> None:
        self.y += height

    def banner(self, s: str, size: float = 10) -> None:
        """White text on a black band: impossible to miss on a thermal print (补打)."""
        band = size * 1.7
        top = self.y
        width = text_width(s, size, True) + 6 * mm

        def op(c: Canvas, h: float) -> None:
            c.setFillColor(INK)
            c.rect(ROLL_WIDTH / 2 - width / 2, h - top - band, width, band, stroke=0, fill=1)
            draw_text(c, ROLL_WIDTH / 2, h - top - band + size * 0.5, s, size, bold=True, align="center",
                      color=WHITE)
            c.setFillColor(INK)

        self.ops.append(op)
        self.y += band + 1.5 * mm

    def boxed(self, s: str, size: float = 10) -> None:
        """A framed line (a stamp-like mark, e.g. 本凭证已冲正)."""
        band = size * 1.7
        top = self.y
        width = text_width(s, size, True) + 6 * mm

        def op(c: Canvas, h: float) -> None:
            c.setLineWidth(1.2)
            c.setStrokeColor(INK)
            c.rect(ROLL_WIDTH / 2 - width / 2, h - top - band, width, band, stroke=1, fill=0)
            draw_text(c, ROLL_WIDTH / 2, h - top - band + size * 0.5, s, size, bold=True, align="center")

        self.ops.append(op)
        self.y += band + 1.5 * mm

    def qr(self, text: str, size: float) -> None:
        top = self.y
        self.ops.append(lambda c, h: draw_qr(c, text, ROLL_WIDTH / 2 - size / 2, h - top - size, size))
        self.y += size

    def render(self, r: Receipt, facts: _Facts) -> bytes:
        height = self.y + self.bottom_margin
        buf = io.BytesIO()
        c = _canvas(buf, (ROLL_WIDTH, height), r, facts)
        for op in self.ops:
            op(c, height)
        c.showPage()
        c.save()
        return buf.getvalue()


def _render_roll(r: Receipt, f: _Facts) -> bytes:
    """The 80 mm receipt, top to bottom; each section ends with its rule."""
    roll = _Roll()
    _roll_title(roll, f)  # company, title, hall, 补打 banner, 已冲正 box
    _roll_counter(roll, r, f)  # receipt number, time, hall, clerk, session
    _roll_customer(roll, r)
    if r.kind != PaymentKind.PAYMENT:
        _roll_original(roll, r)  # the receipt undone, the reason, the approver
    _roll_bills(roll, r)  # the bills settled, principal, late fee, prepaid
    _roll_tenders(roll, r, f)
    _roll_total(roll, r, f)  # the amount in figures and words, the balance before / after
    _roll_lookup(roll, f)  # QR code
    _roll_signatures(roll, f)  # stamp, customer's signature, note, hotline
    return roll.render(r, f)


def _roll_title(roll: _Roll, f: _Facts) -> None:
    if f.company:
        roll.text(f.company, 9, align="center")
    roll.text(f.title, 13.5, bold=True, align="center", lead=1.5)
    roll.text(f"{f.hall}", 8, align="center")
    if f.reprint_mark:
        roll.gap(1 * mm)
        roll.banner(f.reprint_mark)
    if f.void_mark:
        roll.gap(0.5 * mm)
        roll.boxed(f.void_mark)
    roll.rule("double")


def _roll_counter(roll: _Roll, r: Receipt, f: _Facts) -> None:
    roll.field("凭证号", r.receipt_no, 8.5, bold=True)
    roll.field(f.time_label, r.posted_at.strftime("%Y-%m-%d %H:%M:%S"))
    roll.field("营业厅", f"{f.hall}（{r.node_code}）")
    roll.field(f.clerk_label, f.clerk)
    roll.field("班次号", r.session_no)
    if f.reprint_time:
        roll.field("补打时间", f.reprint_time)
    roll.rule()


def _roll_customer(roll: _Roll, r: Receipt) -> None:
    roll.field("户号", r.account_no, 8.5, bold=True)
    roll.field("户名", r.customer_name)
    if r.address:
        roll.field("用电地址", r.address)
    roll.rule()


def _roll_original(roll: _Roll, r: Receipt) -> None:
    roll.field("原凭证号", r.reverses_receipt_no or "—", bold=True)
    roll.field("冲正原因" if r.kind == PaymentKind.REVERSAL else "退费原因", r.reason or "—")
    roll.field("批准人", r.approved_by or "—")
    roll.rule()


def _roll_bills(roll: _Roll, r: Receipt) -> None:
    if r.allocations:
        # 电费年月 | 账单号 | 本金 | 违约金 — 72 mm holds all four at 7.5 pt.
        w = roll.width
        cols = [(0, "电费年月", "left"), (12.5 * mm, "账单号", "left"), (w - 15 * mm, "本金", "right"),
                (w, "违约金", "right")]
        roll.columns(cols, 7.5, color=GREY)
        partial = False
        for a in r.allocations:
            mark = "" if a.settles_bill or r.kind != PaymentKind.PAYMENT else "*"
            partial = partial or bool(mark)
            roll.columns([(0, a.period + mark, "left"), (12.5 * mm, a.bill_no, "left"),
                          (w - 15 * mm, money(a.principal_fen, False), "right"),
                          (w, money(a.late_fee_fen, False), "right")], 7.5)
        if partial:
            roll.text("* 部分缴费，该账单尚有欠费", 6.5, color=GREY)
        roll.gap(0.8 * mm)
    roll.pair("电费本金", money(r.principal_fen))
    roll.pair("违约金", money(r.late_fee_fen))
    if r.prepaid_fen:
        roll.pair("转入预存" if r.prepaid_fen > 0 else "冲减预存", money(r.prepaid_fen))
    roll.rule()


def _roll_tenders(roll: _Roll, r: Receipt, f: _Facts) -> None:
    roll.text("收款方式" if r.kind == PaymentKind.PAYMENT else "退款方式", 8, color=GREY)
    for label, ref, amount in f.tenders:
        roll.pair(label, amount)
        if ref:
            roll.wrapped(f"　参考号 {ref}", 7)
    if f.cash_line:
        roll.text(f.cash_line, 8, align="right")
    roll.rule("solid")


def _roll_total(roll: _Roll, r: Receipt, f: _Facts) -> None:
    roll.pair(_TOTAL_LABEL.get(r.kind, "合计金额"), money(r.amount_fen), 11, bold=True)
    roll.gap(0.5 * mm)
    roll.field("大写", f.capital, 9.5, bold=True, label_width=9 * mm)
    roll.rule()
    roll.pair(f.before_label, balance_text(r.balance_before_fen))
    roll.pair(f.after_label, balance_text(r.balance_after_fen), bold=True)
    roll.rule()


def _roll_lookup(roll: _Roll, f: _Facts) -> None:
    roll.gap(1 * mm)
    roll.qr(f.lookup, 25 * mm)
    roll.text(f"扫码查询　{f.lookup}", 6.5, align="center", color=GREY)
    roll.rule()


def _roll_signatures(roll: _Roll, f: _Facts) -> None:
    roll.gap(1.5 * mm)
    roll.text(f.stamp_label, 8)
    roll.gap(6 * mm)
    roll.text("客户签字：________________", 8)
    roll.gap(1.5 * mm)
    roll.wrapped(f.note, 6.5)
    roll.text(f"{HOTLINE}", 6.5, align="center", color=GREY)


# --- A5 landscape form -------------------------------------------------------------------------------

_A5 = landscape(A5)
_M = 10 * mm  # left / right margin
_BODY = 9.0  # text size in the grid


def _cell(c: Canvas, x: float, top: float, w: float, h: float, text: str, *, label: bool = False,
          align: str = "left", bold: bool = False, size: float = _BODY) -> None:
    """One ruled cell; labels are shaded and centred. Text is wrapped and centred vertically."""
    if label:
        c.setFillColor(SHADE)
        c.rect(x, top - h, w, h, stroke=0, fill=1)
        c.setFillColor(INK)
        align = "center"
    pad = 1.6 * mm
    lines = wrap(text, size, w - 2 * pad, bold) if text else []
    lead = size * 1.3
    first = top - h / 2 + (len(lines) - 1) * lead / 2 - size * 0.36
    tx = {"left": x + pad, "center": x + w / 2, "right": x + w - pad}[align]
    for i, line in enumerate(lines):
        draw_text(c, tx, first - i * lead, line, size, bold=bold, align=align, color=GREY if label else None)


def _row_height(cells: list[tuple[float, str, str]], minimum: float, size: float = _BODY) -> float:
    """The height a row needs: its tallest wrapped cell, at least ``minimum``."""
    lines = max((len(wrap(t, size, w - 3.2 * mm)) for w, t, _ in cells if t), default=1)
    return max(minimum, lines * size * 1.3 + 2.4 * mm)


def _grid_row(c: Canvas, top: float, h: float, cells: list[tuple[float, str, str]], *,
              bold_values: bool = False) -> float:
    """A row of cells (width, text, kind: "label" / "text" / "num" / "center"); returns its bottom."""
    x = _M
    for w, text, kind in cells:
        _cell(c, x, top, w, h, text, label=kind == "label",
              align={"num": "right", "center": "center"}.get(kind, "left"),
              bold=bold_values and kind != "label")
        x += w
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    x = _M
    for w, _, _ in cells[:-1]:
        x += w
        c.line(x, top, x, top - h)
    c.line(_M, top - h, _A5[0] - _M, top - h)
    return top - h


_ALLOC_COLS = (12 * mm, 40 * mm, 24 * mm, 30 * mm, 26 * mm, 30 * mm, 28 * mm)  # 190 mm
_ROW = 5.6 * mm


_Row = list[tuple[float, str, str]]  # cells of a grid row: (width, text, kind), see _grid_row


@dataclass(frozen=True)
class _A5Layout:
    """The rows around the bills and how the bills are spread over the pages."""

    header_h: float
    customer_rows: list[_Row]
    customer_heights: list[float]
    closing_rows: list[_Row]  # under the totals of the last page
    closing_heights: list[float]
    pages: list[list[int]]  # the allocation indices on each page


def _render_a5(r: Receipt, f: _Facts) -> bytes:
    """The A5 form: one page, or more when the bills settled do not fit ("续下页")."""
    layout = _a5_layout(r, f)
    buf = io.BytesIO()
    c = _canvas(buf, _A5, r, f)
    for page_no, indices in enumerate(layout.pages, start=1):
        _a5_page(c, r, f, layout, page_no, indices)
        c.showPage()
    c.save()
    return buf.getvalue()


def _a5_layout(r: Receipt, f: _Facts) -> _A5Layout:
    header_h = 27 * mm + (6 * mm if f.reprint_mark or f.void_mark else 0)
    customer_rows = _a5_customer_rows(r, f)
    closing_rows = _a5_closing_rows(r, f)
    customer_heights = [_row_height(row, 6.4 * mm) for row in customer_rows]
    closing_heights = [_row_height(row, 7.6 * mm if i == 0 else 6.4 * mm) for i, row in enumerate(closing_rows)]
    summary_rows = 1 + (1 if r.prepaid_fen else 0)
    footer_h = 17 * mm
    top_fixed = 7 * mm + header_h + sum(customer_heights) + _ROW  # + the allocation header row
    bottom_limit = 7 * mm
    page_h = _A5[1]
    room_last = page_h - top_fixed - bottom_limit - summary_rows * _ROW - sum(closing_heights) - footer_h
    room_other = page_h - top_fixed - bottom_limit - 6 * mm
    pages = _a5_pages(len(r.allocations), max(1, int(room_last // _ROW)), max(1, int(room_other // _ROW)))
    return _A5Layout(header_h, customer_rows, customer_heights, closing_rows, closing_heights, pages)


def _a5_pages(count: int, per_last: int, per_other: int) -> list[list[int]]:
    """Allocation indices page by page: ``per_other`` rows on a page, ``per_last`` on the last
    (which also holds the totals and the closing rows)."""
    pages: list[list[int]] = []
    rest = list(range(count))
    while len(rest) > per_last:
        take = min(per_other, len(rest) - 1)  # the last page keeps at least one row above its totals
        pages.append(rest[:take])
        rest = rest[take:]
    pages.append(rest)
    return pages


def _a5_customer_rows(r: Receipt, f: _Facts) -> list[_Row]:
    return [
        [(22 * mm, "户号", "label"), (50 * mm, r.account_no, "text"), (22 * mm, "户名", "label"),
         (96 * mm, r.customer_name, "text")],
        [(22 * mm, "用电地址", "label"), (168 * mm, r.address or "—", "text")],
        [(22 * mm, "营业厅", "label"), (72 * mm, f"{f.hall}（{r.node_code}）", "text"),
         (22 * mm, f.clerk_label, "label"), (74 * mm, f.clerk, "text")],
    ]


def _a5_closing_rows(r: Receipt, f: _Facts) -> list[_Row]:
    """The amount in words and figures, the tenders, the balance before / after; for a reversal
    or refund the receipt it undoes, the reason and the approver."""
    tender_text = "；".join(f"{label} {amount}" + (f"（参考号 {ref}）" if ref else "")
                           for label, ref, amount in f.tenders) or "—"
    if f.cash_line:
        tender_text += "；" + f.cash_line
    rows: list[_Row] = [
        [(24 * mm, "金额（大写）", "label"),
         (96 * mm, f.capital if r.amount_fen < 0 else "人民币 " + f.capital, "text"),
         (22 * mm, "（小写）", "label"), (48 * mm, money(r.amount_fen), "num")],
        [(24 * mm, "收款方式" if r.kind == PaymentKind.PAYMENT else "退款方式", "label"),
         (166 * mm, tender_text, "text")],
        [(24 * mm, f"{f.before_label}余额", "label"), (71 * mm, balance_text(r.balance_before_fen), "text"),
         (24 * mm, f"{f.after_label}余额", "label"), (71 * mm, balance_text(r.balance_after_fen), "text")],
    ]
    if r.kind != PaymentKind.PAYMENT:
        rows.append([
            (24 * mm, "原凭证号", "label"), (40 * mm, r.reverses_receipt_no or "—", "text"),
            (18 * mm, "冲正原因" if r.kind == PaymentKind.REVERSAL else "退费原因", "label"),
            (68 * mm, r.reason or "—", "text"), (18 * mm, "批准人", "label"),
            (22 * mm, r.approved_by or "—", "text"),
        ])
    return rows


def _a5_page(c: Canvas, r: Receipt, f: _Facts, layout: _A5Layout, page_no: int, indices: list[int]) -> None:
    """One page: watermark, header, the framed grid (customer, bills, on the last page the totals
    and closing rows), then the signatures — or "（续下页）"."""
    last = page_no == len(layout.pages)
    if f.watermark:
        _watermark(c, f.watermark)
    top = _a5_header(c, r, f, _A5[1] - 7 * mm, layout.header_h, page_no, len(layout.pages))
    c.setStrokeColor(INK)
    c.setLineWidth(0.9)
    grid_top = top
    for row, h in zip(layout.customer_rows, layout.customer_heights, strict=True):
        top = _grid_row(c, top, h, row)
    top = _a5_allocations(c, r, top, indices)
    if last:
        top = _a5_totals(c, r, top)
        for i, (row, h) in enumerate(zip(layout.closing_rows, layout.closing_heights, strict=True)):
            top = _grid_row(c, top, h, row, bold_values=i == 0)
    c.setStrokeColor(INK)
    c.setLineWidth(1.0)
    c.rect(_M, top, _A5[0] - 2 * _M, grid_top - top, stroke=1, fill=0)
    if last:
        _a5_footer(c, r, f, top)
    else:
        draw_text(c, _A5[0] - _M, top - 4.5 * mm, "（续下页）", 8.5, align="right", color=GREY)


def _a5_allocations(c: Canvas, r: Receipt, top: float, indices: list[int]) -> float:
    """The bills of this page under their header row (序号 账单号 … 备注); returns the bottom."""
    head = ["序号", "账单号", "电费年月", "电费本金", "违约金", "小计", "备注"]
    top = _grid_row(c, top, _ROW, [(w, t, "label") for w, t in zip(_ALLOC_COLS, head, strict=True)])
    for i in indices:
        a = r.allocations[i]
        values = [str(i + 1), a.bill_no, a.period, money(a.principal_fen, False),
                  money(a.late_fee_fen, False), money(a.principal_fen + a.late_fee_fen, False),
                  _a5_remark(r, a.settles_bill)]
        kinds = ["center", "text", "center", "num", "num", "num", "center"]
        top = _grid_row(c, top, _ROW, list(zip(_ALLOC_COLS, values, kinds, strict=True)))
    if not r.allocations:
        top = _grid_row(c, top, _ROW, [(_A5[0] - 2 * _M, "（本次未结算账单）", "center")])
    return top


def _a5_remark(r: Receipt, settles: bool) -> str:
    if r.kind != PaymentKind.PAYMENT:
        return "冲回" if r.kind == PaymentKind.REVERSAL else "退回"
    return "结清" if settles else "部分缴费"


def _a5_totals(c: Canvas, r: Receipt, top: float) -> float:
    """合计 of the bills, and the prepaid change when there is one; returns the bottom."""
    c1 = sum(_ALLOC_COLS[:3])
    top = _grid_row(c, top, _ROW, [
        (c1, "合计", "label"), (_ALLOC_COLS[3], money(r.principal_fen, False), "num"),
        (_ALLOC_COLS[4], money(r.late_fee_fen, False), "num"),
        (_ALLOC_COLS[5], money(r.principal_fen + r.late_fee_fen, False), "num"),
        (_ALLOC_COLS[6], "", "text")], bold_values=True)
    if r.prepaid_fen:
        top = _grid_row(c, top, _ROW, [
            (c1, "转入预存" if r.prepaid_fen > 0 else "冲减预存", "label"),
            (sum(_ALLOC_COLS[3:6]), money(r.prepaid_fen), "num"), (_ALLOC_COLS[6], "", "text")])
    return top


def _a5_header(c: Canvas, r: Receipt, f: _Facts, top: float, height: float, page_no: int,
               pages: int) -> float:
    page_w = _A5[0]
    qr = 21 * mm
    draw_qr(c, f.lookup, _M - 1.2 * mm, top - qr, qr, quiet=1)
    draw_text(c, _M + qr + 0.5 * mm, top - qr + 1.5 * mm, "扫码验真", 6.5, color=GREY)
    draw_text(c, page_w / 2, top - 5 * mm, f.company or f.hall, 11, align="center")
    title_base = top - 13.5 * mm
    tw = draw_text(c, page_w / 2, title_base, f.title, 18, bold=True, align="center")
    c.setLineWidth(0.6)
    c.setStrokeColor(INK)
    for dy in (2.3 * mm, 3.1 * mm):
        c.line(page_w / 2 - tw / 2 - 2 * mm, title_base - dy, page_w / 2 + tw / 2 + 2 * mm, title_base - dy)
    right = page_w - _M
    draw_text(c, right, top - 5 * mm, f"凭证号：{r.receipt_no}", 10, bold=True, align="right")
    draw_text(c, right, top - 10 * mm, f"{f.time_label}：{r.posted_at:%Y-%m-%d %H:%M:%S}", 8.5, align="right")
    draw_text(c, right, top - 14.5 * mm, f"班次号：{r.session_no}", 8.5, align="right")
    info = f"第 {page_no} 页 / 共 {pages} 页" if pages > 1 else ""
    if f.reprint_time:
        info = f"补打时间：{f.reprint_time}" + (f"　{info}" if info else "")
    if info:
        draw_text(c, right, top - 19 * mm, info, 8.5, align="right")
    draw_text(c, _M + qr + 0.5 * mm, top - 5 * mm, "第一联　客户收执", 8, color=GREY)
    marks = [m for m in (f.reprint_mark, f.void_mark) if m]
    if marks:
        stamp = "　".join(marks)
        size = 11.5
        w = text_width(stamp, size, True) + 8 * mm
        y = top - height + 1.2 * mm
        c.setLineWidth(1.4)
        c.rect(page_w / 2 - w / 2, y, w, 6 * mm, stroke=1, fill=0)
        c.setLineWidth(0.5)
        c.rect(page_w / 2 - w / 2 + 0.8, y + 0.8, w - 1.6, 6 * mm - 1.6, stroke=1, fill=0)
        draw_text(c, page_w / 2, y + 1.8 * mm, stamp, size, bold=True, align="center")
    return top - height


def _watermark(c: Canvas, text: str) -> None:
    """A large, light, slanted word behind the form: a copy is recognisable at a glance."""
    page_w, page_h = _A5
    c.saveState()
    c.translate(page_w / 2, page_h / 2 - 12 * mm)
    c.rotate(18)
    c.setFillColor(WATERMARK)
    c.setFont(cjk_fonts().regular, 96)
    c.drawCentredString(0, -30, text)
    c.restoreState()


def _a5_footer(c: Canvas, r: Receipt, f: _Facts, top: float) -> None:
    page_w = _A5[0]
    y = top - 7 * mm
    draw_text(c, _M + 2 * mm, y, f.stamp_label, 9.5)
    draw_text(c, _M + 75 * mm, y, f"{f.clerk_label}：{r.clerk_name}", 9.5)
    draw_text(c, _M + 130 * mm, y, "客户签字：", 9.5)
    c.setLineWidth(0.5)
    c.setStrokeColor(GREY)
    c.line(_M + 148 * mm, y - 1.2 * mm, page_w - _M, y - 1.2 * mm)
    note = f"温馨提示：{f.note}{HOTLINE}。查询码 {f.lookup}"
    for i, line in enumerate(wrap(note, 7, page_w - 2 * _M)):
        draw_text(c, _M, y - 6 * mm - i * 9, line, 7, color=GREY)
