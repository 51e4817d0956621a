"""The bill statement (电费账单): one bill explained line by line, the account's balance and the
usage of the last 24 months as a bar chart. A4 portrait, platypus + reportlab.graphics.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from app.domain.codes import BillType
from app.domain.money import chinese_capital
from app.domain.tariffs.terms import TIER_NAMES
from app.dto.billing import BillRow, BillView
from app.dto.insights import CustomerInsights
from app.printing.common import (
    A4_FRAME_WIDTH,
    ALERT,
    BRAND,
    GREY,
    SHADE,
    BoldLabel,
    QRFlowable,
    ReprintStamp,
    bold_cell,
    build_a4,
    footer_text,
    grid_table,
    key_value_table,
    money,
    reprint_mark,
    section,
    styles,
    title_row,
)
from app.printing.fonts import cjk_fonts

__all__ = ["render_bill_statement"]

_TYPES: dict[str, str] = {BillType.REGULAR: "正常电费", BillType.ADJUSTMENT: "退补电费"}
_LIGHT = colors.Color(0.62, 0.78, 0.77)


def _find(view: BillView, bill_id: uuid.UUID | str) -> BillRow:
    for bill in view.bills:
        if bill.id == bill_id or str(bill.id) == str(bill_id) or bill.bill_no == bill_id:
            return bill
    raise KeyError(f"bill {bill_id} is not in the bill view of {view.account_no}")


def render_bill_statement(view: BillView, bill_id: uuid.UUID | str, *, company: str = "",
                          address: str = "", reprint: bool = False, copy_no: int = 1,
                          insights: CustomerInsights | None = None) -> bytes:
    """The statement of the bill ``bill_id`` (its id, or its bill number) of ``view`` as A4 PDF
    bytes. ``company`` heads the page; ``address`` is the supply address when the caller has it.
    ``insights`` (app.services.insights, ``through`` the bill's period) add the year's tier
    progress and, for a TOU customer, the peak share under the usage chart.

    ``reprint`` (copy 2 and later of this bill's statement, see ``payments.record_print``) puts
    a 补打 stamp left of the title (opposite the QR code) and "补打（第N次打印）" with N =
    ``copy_no`` in the footer."""
    bill = _find(view, bill_id)
    notes = insight_texts(insights)
    story: list[Any] = [
        _heading(bill, company, reprint, copy_no),  # title, stamp, QR code
        Spacer(0, 3 * mm),
        _customer_block(view, bill, address),
        *_bill_lines(bill),  # 一、电费计算明细
        *_amount_due(view, bill),  # 二、缴费情况
        KeepTogether([section("三、近 24 个月用电量（kWh）"),
                      # each insight line takes its height from the chart: the statement stays one page
                      _usage_chart(view, bill.period, A4_FRAME_WIDTH, (52 - 4.5 * len(notes)) * mm),
                      *[Paragraph(text, styles()["small"]) for text in notes]]),
        *_recent_bills(view),  # 四、近期账单
        Spacer(0, 2.5 * mm),
        Paragraph(_HINTS, styles()["small"]),
    ]
    mark = reprint_mark(copy_no) if reprint else ""
    return build_a4(story, title=f"电费账单 {bill.bill_no}", mark=mark, author=company or "GridCounter",
                    footer_left=f"电费账单　{view.account_no}　{bill.period}",
                    footer_right=footer_text(mark, f"查询日期 {view.on_date:%Y-%m-%d}"))


_HINTS = ("温馨提示：1. 居民阶梯电价按年度累计用电量分档计价；2. 逾期未缴电费自截止日次日起按日加收电费违约金"
          "（居民用户每日千分之一，其他用户当年欠费每日千分之二、跨年欠费每日千分之三）；"
          "3. 可在营业厅、“网上国网”、银行及第三方支付渠道缴费；4. 供电服务热线 95598。")


def _heading(bill: BillRow, company: str, reprint: bool, copy_no: int) -> Table:
    """Company and title in the middle, the 补打 stamp (if any) left, the bill's QR code right."""
    st = styles()
    title = [Paragraph(company, st["company"])] if company else []
    title += [BoldLabel("电费账单", 18, align="center", color=BRAND, space_after=1 * mm),
              Paragraph(f"电费年月 {bill.period}　·　账单号 {bill.bill_no}", st["cell_c"])]
    qr = 22 * mm
    side = qr + 4 * mm
    stamp: Any = ReprintStamp(copy_no) if reprint else ""
    return title_row([stamp, title, QRFlowable(f"GC|{bill.bill_no}|{bill.amount_fen}", qr)],
                     [side, A4_FRAME_WIDTH - 2 * side, side])


def _customer_block(view: BillView, bill: BillRow, address: str) -> Table:
    """户名 / 户号, the bill's type and tariff, dates, kWh and status; the address on its own row."""
    kind = _TYPES.get(bill.bill_type, bill.bill_type)
    if bill.adjusts_bill_no:
        kind += f"（更正 {bill.adjusts_bill_no}）"
    info = [
        ["户名", view.name, "户号", view.account_no],
        ["账单类型", kind, "电价", bill.tariff_code],
        ["出账日期", bill.issued_at.strftime("%Y-%m-%d"), "缴费截止日", bill.due_date.strftime("%Y-%m-%d")],
        ["本期电量", f"{bill.kwh:,} kWh", "账单状态", bill.status],
    ]
    if address:
        info.insert(1, ["用电地址", address, "", ""])
    half = A4_FRAME_WIDTH / 2
    return key_value_table(info, [24 * mm, half - 24 * mm, 24 * mm, half - 24 * mm],
                           extra=[("SPAN", (1, 1), (3, 1))] if address else [])


def _bill_lines(bill: BillRow) -> list[Any]:
    """一、电费计算明细: each priced line with its explanation, then the total in figures and words."""
    st = styles()
    rows: list[list[Any]] = [["计费项目", "电量", "单价（元）", "金额（元）", "计算说明"]]
    for line in bill.lines:
        qty = f"{line.quantity} {line.unit}" if line.quantity else ""
        rows.append([line.label, qty, line.price, money(line.amount_fen, False),
                     Paragraph(line.explanation, st["cell"])])
    if not bill.lines:
        rows.append(["本期无计费项目", "", "", money(0, False), ""])
    rows.append([bold_cell("本期电费合计"), f"{bill.kwh:,} kWh", "", bold_cell(money(bill.amount_fen, False), "right"),
                 Paragraph(f"大写：{chinese_capital(bill.amount_fen)}", st["cell"])])
    lines = grid_table(rows, [28 * mm, 26 * mm, 22 * mm, 26 * mm, A4_FRAME_WIDTH - 102 * mm], repeat_rows=1, extra=[
        ("ALIGN", (1, 1), (3, -1), "RIGHT"),
        ("BACKGROUND", (0, -1), (-1, -1), SHADE),
    ])
    return [section("一、电费计算明细"), lines, *([Paragraph(f"说明：{bill.note}", st["small"])] if bill.note else [])]


def _amount_due(view: BillView, bill: BillRow) -> list[Any]:
    """二、缴费情况: this bill and the account — paid, credited, owed, late fees, prepaid, due."""
    pay: list[list[Any]] = [
        ["本期电费", money(bill.amount_fen), "已缴金额", money(bill.paid_fen)],
        # a credit adjustment (退补) lowers what this bill owes; it is not a payment (issue 6 #19)
        *([["退补冲减", money(-bill.credited_fen), "冲减后电费", money(bill.amount_fen - bill.credited_fen)]]
          if bill.credited_fen > 0 else []),
        ["本期未缴", money(bill.outstanding_fen), f"违约金（截至 {view.on_date:%Y-%m-%d}）", money(bill.late_fee_fen)],
        ["账户欠费合计", money(view.arrears_fen), "违约金合计", money(view.late_fee_fen)],
        ["预存余额", money(view.prepaid_fen), bold_cell("应缴金额", size=10), bold_cell(money(view.due_fen), "right", 10.5)],
    ]
    half = A4_FRAME_WIDTH / 2
    table = key_value_table(pay, [30 * mm, half - 30 * mm, 40 * mm, half - 40 * mm], center_labels=False,
                            extra=[("ALIGN", (1, 0), (1, -1), "RIGHT"), ("ALIGN", (3, 0), (3, -1), "RIGHT")])
    due_words = f"应缴金额大写：{chinese_capital(view.due_fen)}"
    if bill.outstanding_fen:
        due_words += f"。请于{bill.due_date:%Y年%m月%d日}前缴清本期电费"
        if bill.due_date < view.on_date:
            due_words += "（已逾期，违约金按日累计）"
    return [section("二、缴费情况"), table, Spacer(0, 1.5 * mm), Paragraph(due_words, styles()["body"])]


def _kwh(value: Any) -> str:
    return format(Decimal(value).normalize(), ",f")


def insight_texts(insights: CustomerInsights | None) -> list[str]:
    """The tier-progress line and the TOU line of the statement (docs/rules.md#customer-insights)."""
    if insights is None:
        return []
    out = []
    tier = insights.tier
    if tier is not None:
        as_of = f"，截至 {insights.through}" if insights.through else ""
        text = f"本年阶梯（{tier.year} 年{as_of}）：已用 "
        if tier.upper is None:
            text += f"{_kwh(tier.used_kwh)} kWh，{tier.tier_name}（最高档）"
        else:
            text += (f"{_kwh(tier.used_kwh)} / {_kwh(tier.upper)} kWh，{tier.tier_name}，距"
                     f"{TIER_NAMES[tier.tier]}还有 {_kwh(tier.left_kwh or 0)} kWh")
        if tier.supply_months < 12:
            text += f"（首年供电 {tier.supply_months} 个月，各档上限折算为 {' / '.join(_kwh(b) for b in tier.bounds)} kWh）"
        out.append(text)
    tou = insights.tou
    if tou is not None:
        out.append(f"分时用电（近 {tou.months} 个月）：峰时用电占 {_kwh(tou.share_percent)}%，"
                   f"移 10% 到谷时每月约省 ¥{tou.saving:,.2f}")
    return out


def _recent_bills(view: BillView) -> list[Any]:
    """四、近期账单: the last five bills, the status of an unpaid one in red (nothing without bills)."""
    recent = list(view.bills[:5])
    if not recent:
        return []
    rows: list[list[Any]] = [["电费年月", "账单号", "电量（kWh）", "电费", "已缴", "违约金", "状态"]]
    for b in recent:
        rows.append([b.period, b.bill_no, f"{b.kwh:,}", money(b.amount_fen, False), money(b.paid_fen, False),
                     money(b.late_fee_fen, False), b.status])
    widths = [22 * mm, 34 * mm, 24 * mm, 26 * mm, 26 * mm, 22 * mm, A4_FRAME_WIDTH - 154 * mm]
    table = grid_table(rows, widths, extra=[
        ("ALIGN", (2, 1), (5, -1), "RIGHT"), ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (6, 1), (6, -1), "CENTER"),
        *[("TEXTCOLOR", (6, i), (6, i), ALERT) for i, b in enumerate(recent, start=1) if b.outstanding_fen],
    ])
    return [KeepTogether([section("四、近期账单"), table])]


def _usage_chart(view: BillView, period: str, width: float, height: float = 52 * mm) -> Drawing:
    """Bars of the last 24 months (oldest left), this bill's month highlighted, the average dashed."""
    font = cjk_fonts().regular
    usage = list(view.usage)[-24:]
    d = Drawing(width, height)
    d.initialFontName = font  # the renderer would otherwise start with Helvetica
    if not usage:
        d.add(String(width / 2, height / 2, "暂无用电记录", fontName=font, fontSize=10, textAnchor="middle"))
        return d
    values = [max(0, kwh) for _, kwh in usage]
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 11 * mm
    chart.width, chart.height = width - 14 * mm, height - 15 * mm
    chart.data = [values]
    chart.barSpacing = 1
    chart.groupSpacing = 4
    chart.bars[0].fillColor = _LIGHT
    chart.bars[0].strokeColor = None
    for i, (p, _) in enumerate(usage):
        if p == period:
            chart.bars[(0, i)].fillColor = BRAND
    top = max(values) or 1
    step = _nice_step(top)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * (int(top // step) + 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.gridStrokeColor = SHADE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.strokeColor = GREY
    chart.categoryAxis.categoryNames = [p[2:].replace("-", ".") if p[5:] != "01" else p[:4] for p, _ in usage]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 0
    chart.categoryAxis.labels.dy = -2
    chart.categoryAxis.strokeColor = GREY
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 5.5
    chart.barLabels.nudge = 5
    chart.barLabels.boxFillColor = colors.white  # the average line passes behind the labels
    chart.barLabels.boxStrokeColor = None
    chart.barLabels.leftPadding = chart.barLabels.rightPadding = 0.5
    chart.barLabels.topPadding = chart.barLabels.bottomPadding = 0
    average = sum(values) / len(values)
    y = chart.y + chart.height * average / chart.valueAxis.valueMax
    # drawn before the chart: the bars and their labels sit on top of the dashed average
    d.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=ALERT, strokeWidth=0.6, strokeDashArray=[3, 2]))
    d.add(chart)
    total_12 = sum(values[-12:])
    d.add(String(chart.x, 1.5 * mm, f"深色柱为本期（{period}）；虚线为月均 {average:.0f} kWh；"
                 f"近 12 个月合计 {total_12:,} kWh", fontName=font, fontSize=7.5, fillColor=GREY))
    return d


def _nice_step(top: float) -> int:
    for step in (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000, 100000):
        if top / step <= 6:
            return step
    return int(top // 5) or 1
