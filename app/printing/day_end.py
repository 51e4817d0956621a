"""The day-end report (收费日结报表): printed when a cashier session closes, signed by the clerk and
handed with the cash to the head cashier (收费班长). A4 portrait, platypus.

Sections: the session; totals per tender; the drawer count per denomination; expected against
counted cash with the over / short (长款 / 短款); every receipt of the session; signatures.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.domain.allocation import TENDER_KINDS
from app.domain.cashier import DENOMINATIONS
from app.domain.codes import PaymentKind, SessionStatus, TenderKind
from app.domain.money import chinese_capital
from app.dto_money import DayEndReport
from app.printing.common import (
    ALERT,
    INK,
    KIND_SHORT,
    SHADE,
    BoldLabel,
    ReprintStamp,
    money,
    numbered_canvas_factory,
    over_short_text,
    reprint_mark,
    split_hall,
    styles,
    table_style,
)
from app.printing.fonts import cjk_fonts

__all__ = ["render_day_end"]

_STATUS: dict[str, str] = {SessionStatus.OPEN: "未结班", SessionStatus.CLOSED: "已结班", SessionStatus.APPROVED: "已审核",
                           SessionStatus.RETURNED: "已退回"}


def _fmt(ts: Any) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S") if ts else "—"


def render_day_end(report: DayEndReport, reprint: bool = False, copy_no: int = 1) -> bytes:
    """The day-end report of ``report`` as A4 PDF bytes.

    ``reprint`` (copy 2 and later of the session's report, see ``payments.record_print``) puts
    a 补打 stamp next to the title, "补打（第N次打印）" with N = ``copy_no`` in every page's footer,
    and labels the time 补打时间; ``report.printed_at`` is the time of this copy."""
    st = styles()
    bold = cjk_fonts().bold
    s = report.summary
    row = s.session
    extra = report.extra or {}
    company, hall = split_hall(report.hall_name)
    company = str(extra.get("company") or company)
    hall = hall or report.hall_name
    clerk_no = str(extra.get("clerk_no") or "")
    width = A4[0] - 30 * mm

    story: list[Any] = []
    if company:
        story.append(Paragraph(company, st["company"]))
    title = BoldLabel("收费日结报表", 17, align="center", space_after=2 * mm)
    if reprint:
        # The stamp in the right third of the title line: the title stays centred, nothing moves.
        side = width * 0.3
        titled = Table([["", title, ReprintStamp(copy_no, "right")]], colWidths=[side, width - 2 * side, side])
        titled.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                                    ("FONT", (0, 0), (-1, -1), cjk_fonts().regular),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm)]))
        story.append(titled)
    else:
        story.append(title)
    time_label = "补打时间" if reprint else "打印时间"
    heading = Table([[f"营业厅：{hall}（{report.node_code}）", f"班次号：{row.session_no}",
                      f"{time_label}：{_fmt(report.printed_at)}"]], colWidths=[width / 3] * 3)
    heading.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), cjk_fonts().regular, 9.5),
                                 ("ALIGN", (0, 0), (0, 0), "LEFT"), ("ALIGN", (1, 0), (1, 0), "CENTER"),
                                 ("ALIGN", (2, 0), (2, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(heading)
    story.append(Spacer(0, 2 * mm))

    # 1. the session
    clerk = f"{row.clerk_name}（{'工号 ' + clerk_no if clerk_no else row.username}）"
    status = str(extra.get("status_label") or _STATUS.get(row.status, row.status))
    info = [
        ["收费员", clerk, "班次状态", status],
        ["开班时间", _fmt(row.opened_at), "结班时间", _fmt(row.closed_at)],
        ["备用金", money(row.float_fen), "审核人", row.approved_by or "（待审核）"],
    ]
    head = extra.get("log_head")
    if isinstance(head, dict) and head.get("hash"):
        info.append(_log_head_row(head))
    story.append(Paragraph("一、班次信息", st["section"]))
    session_table = _table(info, [25 * mm, width / 2 - 25 * mm] * 2, header=False, label_cols=(0, 2))
    if len(info) > 3:
        session_table.setStyle(TableStyle([("SPAN", (1, 3), (3, 3)), ("BACKGROUND", (1, 3), (3, 3), white)]))
    story.append(session_table)

    # 2. per tender, 3. expected vs counted — side by side
    tender_rows: list[list[Any]] = [["收款方式", "净收金额"]]
    for kind, label in TENDER_KINDS.items():
        tender_rows.append([label, money(s.by_tender.get(kind, 0))])
    for kind, amount in s.by_tender.items():
        if kind not in TENDER_KINDS:
            tender_rows.append([kind, money(amount)])
    tender_rows.append([_bold("合计"), _bold(money(s.total_fen), "right")])
    tender_rows.append(["笔数", f"收费 {s.payments} 笔 / 冲正 {s.reversals} 笔 / 退费 {s.refunds} 笔"])
    half = (width - 6 * mm) / 2
    tenders = Table(tender_rows, colWidths=[24 * mm, half - 24 * mm])
    tenders.setStyle(TableStyle(table_style(extra=[
        ("ALIGN", (1, 1), (1, -2), "RIGHT"),
        ("FONT", (0, -2), (-1, -2), bold, 9),
        ("BACKGROUND", (0, 1), (0, -1), SHADE),
        ("FONT", (1, -1), (1, -1), cjk_fonts().regular, 8),
    ])))
    cash_net = s.by_tender.get(TenderKind.CASH, 0)
    expected = s.expected_cash_fen
    check_rows: list[list[Any]] = [
        ["项目", "金额"],
        ["备用金", money(row.float_fen)],
        ["现金净收", money(cash_net)],
        ["应有现金", money(expected)],
        ["实点现金", money(report.counted_cash_fen)],
        [_bold("长短款"), _bold(over_short_text(report.over_short_fen), "right", 10)],
    ]
    check = Table(check_rows, colWidths=[24 * mm, half - 24 * mm])
    check.setStyle(TableStyle(table_style(extra=[
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("BACKGROUND", (0, 1), (0, -1), SHADE),
        ("FONT", (0, -1), (-1, -1), bold, 10),
    ])))
    pair = Table([[Paragraph("二、收款汇总（按收款方式）", st["section"]), "",
                   Paragraph("三、账实核对", st["section"])], [tenders, "", check]],
                 colWidths=[half, 6 * mm, half])
    pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), cjk_fonts().regular), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    story.append(Spacer(0, 2 * mm))
    story.append(pair)

    # 4. drawer count: notes on the left, coins on the right
    story.append(Paragraph("四、现金清点（按面额）", st["section"]))
    notes = [(c, d) for c, d in DENOMINATIONS.items() if d.form == "note"]
    coins = [(c, d) for c, d in DENOMINATIONS.items() if d.form != "note"]
    unknown = [c for c in report.counts if c not in DENOMINATIONS]
    count_rows: list[list[Any]] = [["纸币面额", "张数", "金额", "硬币面额", "枚数", "金额"]]
    for i in range(max(len(notes), len(coins) + len(unknown))):
        cells: list[str] = []
        if i < len(notes):
            code, d = notes[i]
            n = int(report.counts.get(code, 0))
            cells += [d.label, str(n), money(n * d.fen)]
        else:
            cells += ["", "", ""]
        if i < len(coins):
            code, d = coins[i]
            n = int(report.counts.get(code, 0))
            cells += [d.label, str(n), money(n * d.fen)]
        elif i - len(coins) < len(unknown):
            code = unknown[i - len(coins)]
            cells += [code, str(report.counts[code]), "—"]
        else:
            cells += ["", "", ""]
        count_rows.append(cells)
    note_total = sum(int(report.counts.get(c, 0)) * d.fen for c, d in notes)
    coin_total = sum(int(report.counts.get(c, 0)) * d.fen for c, d in coins)
    count_rows.append(["纸币小计", "", money(note_total), "硬币小计", "", money(coin_total)])
    count_rows.append([_bold("实点现金合计", "center"), "", _bold(money(report.counted_cash_fen), "right"),
                       f"大写：{chinese_capital(report.counted_cash_fen)}", "", ""])
    cw = width / 6
    counts = Table(count_rows, colWidths=[cw] * 6)
    counts.setStyle(TableStyle(table_style(extra=[
        ("ALIGN", (1, 1), (2, -1), "RIGHT"),
        ("ALIGN", (4, 1), (5, -1), "RIGHT"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (3, 1), (3, -3), "CENTER"),
        ("SPAN", (0, -1), (1, -1)),
        ("SPAN", (3, -1), (5, -1)),
        ("ALIGN", (3, -1), (5, -1), "LEFT"),
        ("BACKGROUND", (0, -2), (-1, -1), SHADE),
        ("FONT", (0, -1), (-1, -1), bold, 9),
        ("LINEBEFORE", (3, 0), (3, -2), 0.9, INK),
    ])))
    story.append(counts)

    # 5. receipts
    story.append(Paragraph(f"五、收费明细（共 {len(report.receipts)} 笔）", st["section"]))
    detail: list[list[Any]] = [["序号", "凭证号", "时间", "类型", "收款方式", "金额", "状态"]]
    reversed_marks = 0
    for i, p in enumerate(report.receipts, start=1):
        state = (("已退费" if p.undone_by == PaymentKind.REFUND else "已冲正") if p.reversed
                 else ("—" if p.kind == PaymentKind.PAYMENT else ""))
        if p.reversed:
            reversed_marks += 1
        detail.append([str(i), p.receipt_no or "—", p.posted_at.strftime("%H:%M:%S"),
                       KIND_SHORT.get(p.kind, p.kind), p.tenders, money(p.amount_fen), state])
    detail.append(["", "", "", "", _bold("合计"), _bold(money(sum(p.amount_fen for p in report.receipts)), "right"),
                   ""])
    widths = [11 * mm, 31 * mm, 19 * mm, 14 * mm, width - 129 * mm, 30 * mm, 24 * mm]
    receipts = Table(detail, colWidths=widths, repeatRows=1)
    receipts.setStyle(TableStyle(table_style(extra=[
        ("FONT", (0, 1), (-1, -1), cjk_fonts().regular, 8.5),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (2, 1), (3, -1), "CENTER"),
        ("ALIGN", (5, 1), (5, -1), "RIGHT"),
        ("ALIGN", (6, 1), (6, -1), "CENTER"),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
        ("FONT", (0, -1), (-1, -1), bold, 9),
        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
        *[("TEXTCOLOR", (0, i), (-1, i), ALERT)
          for i, p in enumerate(report.receipts, start=1) if p.reversed or p.kind != PaymentKind.PAYMENT],
    ])))
    story.append(receipts)

    note = str(extra.get("note") or "")
    if note:
        story.append(Spacer(0, 2 * mm))
        story.append(Paragraph(f"备注：{note}", st["body"]))

    # 6. signatures
    sign = Table([
        ["收费员（签字）：", "", "收费班长（签字）：", ""],
        ["日期：", "", "接收时间：", ""],
    ], colWidths=[32 * mm, width / 2 - 32 * mm, 34 * mm, width / 2 - 34 * mm], rowHeights=[12 * mm, 8 * mm])
    sign.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), cjk_fonts().regular, 10),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, 1), 0.6, INK),
        ("LINEBELOW", (3, 0), (3, 1), 0.6, INK),
    ]))
    story.append(KeepTogether([Spacer(0, 6 * mm), Paragraph("六、交接签字", st["section"]), sign,
                               Spacer(0, 3 * mm),
                               Paragraph("收费员与收费班长当面清点现金、核对本表无误后签字；长短款按财务制度处理。",
                                         st["small"])]))

    buf = io.BytesIO()
    mark = reprint_mark(copy_no) if reprint else ""
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
                            bottomMargin=20 * mm, title=f"收费日结报表 {row.session_no}" + (f"（{mark}）" if mark else ""),
                            author=hall, creator="GridCounter")
    footer_right = f"{mark}　{time_label} {_fmt(report.printed_at)}" if mark else f"打印时间 {_fmt(report.printed_at)}"
    canvas_class = numbered_canvas_factory(f"收费日结报表　{row.session_no}　{row.clerk_name}", footer_right)
    doc.build(story, canvasmaker=canvas_class)
    return buf.getvalue()


def _log_head_row(head: dict[str, Any]) -> list[Any]:
    """The 日志校验码 row of the session table (spans the three value columns): the operation
    log's chain head at close (docs/audit.md). The short form is large and grouped for typing
    back (``verify-log --anchor SEQ:HASH``, or recording it as an anchor); the full hash follows
    in small print."""
    digest = str(head["hash"])
    bold = cjk_fonts().bold
    short = " ".join(digest[i:i + 4] for i in range(0, 16, 4))
    code = Paragraph(f"节点 {head.get('node', '')} 第 {int(head['seq'])} 条　<font name=\"{bold}\" size=11>{short}</font>"
                     f"　<font size=6.5 color=\"#666666\">{digest}</font>", ParagraphStyle(
                         "anchor", fontName=cjk_fonts().regular, fontSize=9.5, leading=14))
    return ["日志校验码", code, "", ""]


def _bold(text: str, align: str = "left", size: float = 9) -> BoldLabel:
    """A bold table cell (the regular face stroked when there is no bold face)."""
    return BoldLabel(text, size, align=align)


def _table(rows: list[list[str]], widths: list[float], header: bool, label_cols: tuple[int, ...]) -> Table:
    t = Table(rows, colWidths=widths)
    cmds = table_style(header_rows=1 if header else 0)
    for col in label_cols:
        cmds += [("BACKGROUND", (col, 0), (col, -1), SHADE), ("ALIGN", (col, 0), (col, -1), "CENTER")]
    t.setStyle(TableStyle(cmds))
    return t
