"""The day-end report (收费日结报表): printed when a cashier session closes, signed by the clerk and
handed with the cash to the head cashier (收费班长). A4 portrait, platypus.

Sections: the session; totals per tender; the drawer count per denomination; expected against
counted cash with the over / short (长款 / 短款); every receipt of the session; signatures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import white
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.domain.allocation import TENDER_KINDS
from app.domain.cashier import DENOMINATIONS
from app.domain.codes import PaymentKind, SessionStatus, TenderKind
from app.domain.money import chinese_capital
from app.dto.cashier import DayEndReport
from app.dto.payments import PaymentRow
from app.printing.common import (
    A4_FRAME_WIDTH,
    ALERT,
    INK,
    KIND_SHORT,
    SHADE,
    BoldLabel,
    ReprintStamp,
    bold_cell,
    build_a4,
    footer_text,
    grid_table,
    key_value_table,
    money,
    over_short_text,
    reprint_mark,
    section,
    signature_table,
    split_hall,
    styles,
    title_row,
)
from app.printing.fonts import cjk_fonts

__all__ = ["render_day_end"]

_STATUS: dict[str, str] = {SessionStatus.OPEN: "未结班", SessionStatus.CLOSED: "已结班", SessionStatus.APPROVED: "已审核",
                           SessionStatus.RETURNED: "已退回"}


def _fmt(ts: Any) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S") if ts else "—"


@dataclass(frozen=True)
class _Words:
    """What the report says about its session, worded once."""

    company: str
    hall: str
    clerk_no: str
    time_label: str  # 打印时间 / 补打时间
    printed: str  # the time of this copy
    mark: str  # "" or 补打（第N次打印）


def _words(report: DayEndReport, reprint: bool, copy_no: int) -> _Words:
    extra = report.extra or {}
    company, hall = split_hall(report.hall_name)
    return _Words(company=str(extra.get("company") or company), hall=hall or report.hall_name,
                  clerk_no=str(extra.get("clerk_no") or ""), time_label="补打时间" if reprint else "打印时间",
                  printed=_fmt(report.printed_at), mark=reprint_mark(copy_no) if reprint else "")


def render_day_end(report: DayEndReport, reprint: bool = False, copy_no: int = 1) -> bytes:
    """The day-end report of ``report`` as A4 PDF bytes.

    ``reprint`` (copy 2 and later of the session's report, see ``payments.record_print``) puts
    a 补打 stamp next to the title, "补打（第N次打印）" with N = ``copy_no`` in every page's footer,
    and labels the time 补打时间; ``report.printed_at`` is the time of this copy."""
    w = _words(report, reprint, copy_no)
    row = report.summary.session
    story: list[Any] = [
        *_title(w, reprint, copy_no),
        _heading_line(report, w),
        Spacer(0, 2 * mm),
        *_session_block(report, w),  # 一、班次信息
        Spacer(0, 2 * mm),
        _totals_and_check(report),  # 二、收款汇总 | 三、账实核对
        *_drawer_count(report),  # 四、现金清点
        *_receipt_list(report),  # 五、收费明细
        *_note(report),
        _signatures(),  # 六、交接签字
    ]
    footer_right = footer_text(w.mark, f"{w.time_label} {w.printed}")
    return build_a4(story, title=f"收费日结报表 {row.session_no}", mark=w.mark, author=w.hall,
                    footer_left=f"收费日结报表　{row.session_no}　{row.clerk_name}", footer_right=footer_right)


def _title(w: _Words, reprint: bool, copy_no: int) -> list[Any]:
    """The company, then the title; a reprint's stamp in the right third (the title stays centred)."""
    story: list[Any] = [Paragraph(w.company, styles()["company"])] if w.company else []
    title = BoldLabel("收费日结报表", 17, align="center", space_after=2 * mm)
    if not reprint:
        return [*story, title]
    side = A4_FRAME_WIDTH * 0.3
    return [*story, title_row(["", title, ReprintStamp(copy_no, "right")], [side, A4_FRAME_WIDTH - 2 * side, side],
                              [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm)])]


def _heading_line(report: DayEndReport, w: _Words) -> Table:
    """营业厅 | 班次号 | 打印时间, left / centre / right under the title."""
    heading = Table([[f"营业厅：{w.hall}（{report.node_code}）", f"班次号：{report.summary.session.session_no}",
                      f"{w.time_label}：{w.printed}"]], colWidths=[A4_FRAME_WIDTH / 3] * 3)
    heading.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), cjk_fonts().regular, 9.5),
                                 ("ALIGN", (0, 0), (0, 0), "LEFT"), ("ALIGN", (1, 0), (1, 0), "CENTER"),
                                 ("ALIGN", (2, 0), (2, 0), "RIGHT"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return heading


def _session_block(report: DayEndReport, w: _Words) -> list[Any]:
    """一、班次信息: clerk, status, times, float, reviewer; the log's chain head when known."""
    row = report.summary.session
    extra = report.extra or {}
    clerk = f"{row.clerk_name}（{'工号 ' + w.clerk_no if w.clerk_no else row.username}）"
    status = str(extra.get("status_label") or _STATUS.get(row.status, row.status))
    info = [
        ["收费员", clerk, "班次状态", status],
        ["开班时间", _fmt(row.opened_at), "结班时间", _fmt(row.closed_at)],
        ["备用金", money(row.float_fen), "审核人", row.approved_by or "（待审核）"],
    ]
    head = extra.get("log_head")
    if isinstance(head, dict) and head.get("hash"):
        info.append(_log_head_row(head))
    width = A4_FRAME_WIDTH
    table = key_value_table(info, [25 * mm, width / 2 - 25 * mm] * 2)
    if len(info) > 3:
        table.setStyle(TableStyle([("SPAN", (1, 3), (3, 3)), ("BACKGROUND", (1, 3), (3, 3), white)]))
    return [section("一、班次信息"), table]


_HALF = (A4_FRAME_WIDTH - 6 * mm) / 2  # each of the two tables side by side


def _totals_and_check(report: DayEndReport) -> Table:
    """二、收款汇总 (per tender) and 三、账实核对 (expected against counted cash), side by side."""
    pair = Table([[section("二、收款汇总（按收款方式）"), "", section("三、账实核对")],
                  [_tender_totals(report), "", _cash_check(report)]], colWidths=[_HALF, 6 * mm, _HALF])
    pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), cjk_fonts().regular),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return pair


def _tender_totals(report: DayEndReport) -> Table:
    s = report.summary
    rows: list[list[Any]] = [["收款方式", "净收金额"]]
    for kind, label in TENDER_KINDS.items():
        rows.append([label, money(s.by_tender.get(kind, 0))])
    for kind, amount in s.by_tender.items():
        if kind not in TENDER_KINDS:
            rows.append([kind, money(amount)])
    rows.append([bold_cell("合计"), bold_cell(money(s.total_fen), "right")])
    rows.append(["笔数", f"收费 {s.payments} 笔 / 冲正 {s.reversals} 笔 / 退费 {s.refunds} 笔"])
    return grid_table(rows, [24 * mm, _HALF - 24 * mm], extra=[
        ("ALIGN", (1, 1), (1, -2), "RIGHT"),
        ("FONT", (0, -2), (-1, -2), cjk_fonts().bold, 9),
        ("BACKGROUND", (0, 1), (0, -1), SHADE),
        ("FONT", (1, -1), (1, -1), cjk_fonts().regular, 8),
    ])


def _cash_check(report: DayEndReport) -> Table:
    s = report.summary
    rows: list[list[Any]] = [
        ["项目", "金额"],
        ["备用金", money(s.session.float_fen)],
        ["现金净收", money(s.by_tender.get(TenderKind.CASH, 0))],
        ["应有现金", money(s.expected_cash_fen)],
        ["实点现金", money(report.counted_cash_fen)],
        [bold_cell("长短款"), bold_cell(over_short_text(report.over_short_fen), "right", 10)],
    ]
    return grid_table(rows, [24 * mm, _HALF - 24 * mm], extra=[
        ("ALIGN", (1, 1), (1, -1), "RIGHT"),
        ("BACKGROUND", (0, 1), (0, -1), SHADE),
        ("FONT", (0, -1), (-1, -1), cjk_fonts().bold, 10),
    ])


def _drawer_count(report: DayEndReport) -> list[Any]:
    """四、现金清点: notes on the left, coins (and unknown codes) on the right, subtotals, total."""
    notes = [(c, d) for c, d in DENOMINATIONS.items() if d.form == "note"]
    coins = [(c, d) for c, d in DENOMINATIONS.items() if d.form != "note"]
    unknown = [c for c in report.counts if c not in DENOMINATIONS]
    rows: list[list[Any]] = [["纸币面额", "张数", "金额", "硬币面额", "枚数", "金额"]]
    for i in range(max(len(notes), len(coins) + len(unknown))):
        rows.append(_count_cells(report, notes, i) + _coin_cells(report, coins, unknown, i))
    note_total = sum(int(report.counts.get(c, 0)) * d.fen for c, d in notes)
    coin_total = sum(int(report.counts.get(c, 0)) * d.fen for c, d in coins)
    rows.append(["纸币小计", "", money(note_total), "硬币小计", "", money(coin_total)])
    rows.append([bold_cell("实点现金合计", "center"), "", bold_cell(money(report.counted_cash_fen), "right"),
                 f"大写：{chinese_capital(report.counted_cash_fen)}", "", ""])
    counts = grid_table(rows, [A4_FRAME_WIDTH / 6] * 6, extra=[
        ("ALIGN", (1, 1), (2, -1), "RIGHT"),
        ("ALIGN", (4, 1), (5, -1), "RIGHT"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (3, 1), (3, -3), "CENTER"),
        ("SPAN", (0, -1), (1, -1)),
        ("SPAN", (3, -1), (5, -1)),
        ("ALIGN", (3, -1), (5, -1), "LEFT"),
        ("BACKGROUND", (0, -2), (-1, -1), SHADE),
        ("FONT", (0, -1), (-1, -1), cjk_fonts().bold, 9),
        ("LINEBEFORE", (3, 0), (3, -2), 0.9, INK),
    ])
    return [section("四、现金清点（按面额）"), counts]


def _count_cells(report: DayEndReport, denominations: list[tuple[str, Any]], i: int) -> list[str]:
    """面额 | 张数 | 金额 of the ``i``-th of ``denominations``, or three blanks past the end."""
    if i >= len(denominations):
        return ["", "", ""]
    code, d = denominations[i]
    n = int(report.counts.get(code, 0))
    return [d.label, str(n), money(n * d.fen)]


def _coin_cells(report: DayEndReport, coins: list[tuple[str, Any]], unknown: list[str], i: int) -> list[str]:
    """The coin column: the coins, then counted codes that are no denomination (amount "—")."""
    if i < len(coins) or i - len(coins) >= len(unknown):
        return _count_cells(report, coins, i)
    code = unknown[i - len(coins)]
    return [code, str(report.counts[code]), "—"]


def _receipt_list(report: DayEndReport) -> list[Any]:
    """五、收费明细: every receipt of the session, reversed ones and undo receipts in red, a total."""
    rows: list[list[Any]] = [["序号", "凭证号", "时间", "类型", "收款方式", "金额", "状态"]]
    for i, p in enumerate(report.receipts, start=1):
        rows.append([str(i), p.receipt_no or "—", p.posted_at.strftime("%H:%M:%S"),
                     KIND_SHORT.get(p.kind, p.kind), p.tenders, money(p.amount_fen), _receipt_state(p)])
    rows.append(["", "", "", "", bold_cell("合计"),
                 bold_cell(money(sum(p.amount_fen for p in report.receipts)), "right"), ""])
    widths = [11 * mm, 31 * mm, 19 * mm, 14 * mm, A4_FRAME_WIDTH - 129 * mm, 30 * mm, 24 * mm]
    table = grid_table(rows, widths, repeat_rows=1, extra=[
        ("FONT", (0, 1), (-1, -1), cjk_fonts().regular, 8.5),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (2, 1), (3, -1), "CENTER"),
        ("ALIGN", (5, 1), (5, -1), "RIGHT"),
        ("ALIGN", (6, 1), (6, -1), "CENTER"),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 2.5),
        ("FONT", (0, -1), (-1, -1), cjk_fonts().bold, 9),
        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
        *[("TEXTCOLOR", (0, i), (-1, i), ALERT)
          for i, p in enumerate(report.receipts, start=1) if p.reversed or p.kind != PaymentKind.PAYMENT],
    ])
    return [section(f"五、收费明细（共 {len(report.receipts)} 笔）"), table]


def _receipt_state(p: PaymentRow) -> str:
    """已冲正 / 已退费 for an undone payment, "—" for a standing one, "" for an undo receipt."""
    if p.reversed:
        return "已退费" if p.undone_by == PaymentKind.REFUND else "已冲正"
    return "—" if p.kind == PaymentKind.PAYMENT else ""


def _note(report: DayEndReport) -> list[Any]:
    note = str((report.extra or {}).get("note") or "")
    return [Spacer(0, 2 * mm), Paragraph(f"备注：{note}", styles()["body"])] if note else []


def _signatures() -> KeepTogether:
    """六、交接签字: clerk and head cashier sign, kept on one page with the heading."""
    width = A4_FRAME_WIDTH
    sign = signature_table([["收费员（签字）：", "", "收费班长（签字）：", ""], ["日期：", "", "接收时间：", ""]],
                           [32 * mm, width / 2 - 32 * mm, 34 * mm, width / 2 - 34 * mm], [12 * mm, 8 * mm])
    return KeepTogether([Spacer(0, 6 * mm), section("六、交接签字"), sign, Spacer(0, 3 * mm),
                         Paragraph("收费员与收费班长当面清点现金、核对本表无误后签字；长短款按财务制度处理。",
                                   styles()["small"])])


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
