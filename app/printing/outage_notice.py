"""The advance-notice list of a planned outage (重要客户停电提前告知清单, docs/rules.md#outages).

A4 portrait: the outage (number, kind, times, scope, reason), then every important customer it
covers with contact, phones (masked for clerks), address, 线路 / 台区 and a column to tick and
note when and how the customer was told; signatures of who told them and who checked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from app.domain.outages import KINDS, STATUSES
from app.dto.outages import ImportantCustomerList, OutageView
from app.printing.common import (
    A4_FRAME_WIDTH,
    BoldLabel,
    build_a4,
    footer_text,
    grid_table,
    key_value_table,
    section,
    signature_table,
    styles,
)
from app.printing.fonts import cjk_fonts

__all__ = ["render_outage_notice", "outage_period"]


def _local(utc: dt.datetime) -> dt.datetime:
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def outage_period(o: OutageView) -> str:
    """ "2026-12-08 08:00 至 17:00" (the end's date only when it is another day)."""
    start, end = _local(o.starts_at), _local(o.ends_at)
    end_text = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
    return f"{start:%Y-%m-%d %H:%M} 至 {end_text}"


def _scope(o: OutageView) -> str:
    parts = []
    if o.areas:
        parts.append("区域：" + "、".join(o.areas))
    if o.lines:
        parts.append("线路：" + "、".join(o.lines))
    if o.transformer_areas:
        parts.append("台区：" + "、".join(o.transformer_areas))
    return "；".join(parts)


def render_outage_notice(data: ImportantCustomerList) -> bytes:
    """The list as A4 PDF bytes."""
    o = data.outage
    story: list[Any] = [
        *([Paragraph(data.company, styles()["company"])] if data.company else []),
        BoldLabel("重要客户停电提前告知清单", 17, align="center", space_after=3 * mm),
        *_outage_block(data),
        *_customers(data),
        _signatures(),
    ]
    printed = f"{_local(data.printed_at):%Y-%m-%d %H:%M}"
    return build_a4(
        story,
        title=f"重要客户停电提前告知清单 {o.outage_no}",
        author=data.hall_name,
        footer_left=footer_text("重要客户停电提前告知清单", o.outage_no),
        footer_right=footer_text(f"打印 {data.printed_by}", printed),
    )


def _outage_block(data: ImportantCustomerList) -> list[Any]:
    """一、停电信息: number, kind, status, period, scope, reason."""
    o = data.outage
    body = styles()["cell"]
    w = A4_FRAME_WIDTH
    rows = [
        [
            "停电编号",
            o.outage_no,
            "停电类型",
            f"{KINDS.get(o.kind, o.kind)}（{STATUSES.get(o.status, o.status)}）",
        ],
        ["停电时间", outage_period(o), "营业厅", data.hall_name],
        ["停电范围", Paragraph(escape(_scope(o)), body), "", ""],
        ["停电原因", Paragraph(escape(o.reason + (f"（{o.note}）" if o.note else "")), body), "", ""],
    ]
    table = key_value_table(
        rows,
        [22 * mm, w / 2 - 22 * mm, 22 * mm, w / 2 - 22 * mm],
        extra=[
            ("SPAN", (1, 2), (3, 2)),
            ("SPAN", (1, 3), (3, 3)),
            ("FONT", (0, 0), (-1, -1), cjk_fonts().regular, 9.5),
        ],
    )
    return [section("一、停电信息"), table]


def _customers(data: ImportantCustomerList) -> list[Any]:
    """二、重要客户: one row each, a blank column for how and when they were told."""
    cell = styles()["cell"]
    rows: list[list[Any]] = [
        ["序号", "户号", "户名 / 联系人", "联系电话", "用电地址", "线路 / 台区", "告知情况"]
    ]
    for i, c in enumerate(data.rows, start=1):
        name = escape(c.name) + (f"<br/>联系人：{escape(c.contact_person)}" if c.contact_person else "")
        phones = escape(c.phone) + (f"<br/>{escape(c.phone2)}" if c.phone2 else "")
        rows.append(
            [
                str(i),
                c.account_no,
                Paragraph(name, cell),
                Paragraph(phones, cell),
                Paragraph(escape(c.supply_address), cell),
                Paragraph(f"{escape(c.supply_line)}<br/>{escape(c.transformer_area)}", cell),
                "",
            ]
        )
    if not data.rows:
        rows.append(["", "", "本次停电范围内没有重要客户", "", "", "", ""])
    widths = [10 * mm, 24 * mm, 34 * mm, 25 * mm, 0.0, 26 * mm, 22 * mm]
    widths[4] = A4_FRAME_WIDTH - sum(widths)
    extra: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (-1, -1), cjk_fonts().regular, 9),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
    ]
    if not data.rows:
        extra.append(("SPAN", (2, 1), (6, 1)))
    note = "联系电话已脱敏，请通过客户经理或值班长获取完整号码。" if data.phones_masked else ""
    title = section(f"二、重要客户（共 {len(data.rows)} 户）")
    out: list[Any] = [title, grid_table(rows, widths, repeat_rows=1, extra=extra)]
    if note:
        out += [Spacer(0, 1.5 * mm), Paragraph(note, styles()["small"])]
    return out


def _signatures() -> KeepTogether:
    width = A4_FRAME_WIDTH
    sign = signature_table(
        [["告知人（签字）：", "", "复核人（签字）：", ""], ["告知日期：", "", "复核日期：", ""]],
        [30 * mm, width / 2 - 30 * mm, 30 * mm, width / 2 - 30 * mm],
        [12 * mm, 8 * mm],
    )
    return KeepTogether(
        [
            Spacer(0, 6 * mm),
            section("三、告知确认"),
            sign,
            Spacer(0, 3 * mm),
            Paragraph(
                "计划停电应提前告知重要客户，逐户记录告知时间、方式（电话、短信、上门）和接收人。",
                styles()["small"],
            ),
        ]
    )
