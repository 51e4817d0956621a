"""The acknowledgement of a work order (诉求受理回执): handed to the customer when the counter
records a complaint, report, suggestion, praise, enquiry or fault repair
(docs/rules.md#work-orders). A4 portrait, platypus, like the 业务受理回执.

Sections: the order (number, type, category, urgency, channel, recorded at / by); who raised it
(the customer, or the reporter — 匿名 for an anonymous report; the phone masked as on every
printout); what it is about; the deadlines the rules set (contact within 24 h, answered by a
date, arrival and restoration of a repair); how to follow it up (95598, 网上国网 or the counter
with the number, the QR code); the signatures.

:func:`workorder_print` words it from the service's ``WorkOrderDetail``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.domain.masking import mask_phone
from app.domain.workorders.machine import CHANNELS, TYPES, URGENCIES
from app.dto.workorders import WorkOrderDetail
from app.printing.application_receipt import HOTLINE, cell, date_text, spanned
from app.printing.common import (
    A4_FRAME_WIDTH,
    BoldLabel,
    QRFlowable,
    ReprintStamp,
    build_a4,
    footer_text,
    key_value_table,
    reprint_mark,
    section,
    signature_table,
    split_hall,
    styles,
    title_row,
)

__all__ = ["WorkOrderPrint", "render_workorder_receipt", "workorder_print"]

_NONE = "—"
_KV_WIDTHS = [26 * mm, A4_FRAME_WIDTH / 2 - 26 * mm] * 2


@dataclass(frozen=True)
class WorkOrderPrint:
    """A recorded work order as the acknowledgement says it (every value already text)."""

    order_no: str
    type_name: str
    category: str  # 计量 › 电能表数据异议
    urgency: str
    channel: str
    customer_name: str  # "" when no customer is linked
    account_no: str
    reporter: str  # the reporter's name, 匿名 for an anonymous report
    contact: str  # masked
    accepted_at: dt.datetime  # local time
    clerk_name: str
    clerk_no: str
    description: str
    deadlines: tuple[str, ...]  # each promise in words
    hall_name: str
    node_code: str
    company: str = ""
    hall_phone: str = ""
    printed_at: dt.datetime | None = None

    @property
    def lookup(self) -> str:
        """The QR code's text: the number the customer follows the order by."""
        return f"GC|WO|{self.order_no}"


def _local(ts: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; printed in the counter's local time."""
    return (ts.replace(tzinfo=dt.UTC) if ts.tzinfo is None else ts).astimezone().replace(tzinfo=None)


def _hm(ts: dt.datetime) -> str:
    return _local(ts).strftime("%Y-%m-%d %H:%M")


def deadline_lines(d: WorkOrderDetail) -> tuple[str, ...]:
    """The promises of the order in words, from its stored deadlines."""
    lines: list[str] = []
    accepted = _local(d.row.accepted_at)
    if d.contact_due_at is not None:
        hours = round((_local(d.contact_due_at) - accepted).total_seconds() / 3600)
        lines.append(f"{hours}小时内与您联系（{_hm(d.contact_due_at)}前）")
    if d.row.answer_due_on is not None and d.answer_days:
        lines.append(
            f"{date_text(d.row.answer_due_on)}前答复处理结果（{d.answer_days}个工作日，自受理次日起计）"
        )
    if d.arrival_due_at is not None:
        minutes = round((_local(d.arrival_due_at) - accepted).total_seconds() / 60)
        lines.append(f"抢修人员{minutes}分钟内到达现场（{_hm(d.arrival_due_at)}前）")
    if d.restore_due_at is not None and d.arrival_due_at is not None:
        hours = round(
            (_local(d.restore_due_at) - _local(d.started_at or d.arrival_due_at)).total_seconds() / 3600
        )
        lines.append(f"到达现场后{hours}小时内恢复供电（非客户内部故障）")
    return tuple(lines)


def workorder_print(
    detail: WorkOrderDetail,
    *,
    hall_name: str,
    node_code: str,
    clerk_name: str,
    clerk_no: str = "",
    company: str = "",
    hall_phone: str = "",
    printed_at: dt.datetime | None = None,
) -> WorkOrderPrint:
    """Word ``detail`` for printing: labels for the codes, the phone masked whoever prints it,
    匿名 for an anonymous reporter, the deadlines in words."""
    row = detail.row
    return WorkOrderPrint(
        order_no=row.order_no,
        type_name=TYPES.get(row.order_type, row.order_type),
        category=row.category_label,
        urgency=URGENCIES.get(row.urgency, row.urgency),
        channel=CHANNELS.get(row.channel, row.channel),
        customer_name=row.customer_name,
        account_no=row.account_no,
        reporter="匿名" if row.anonymous else (row.reporter_name or row.customer_name),
        contact=mask_phone(detail.reporter_contact) if detail.reporter_contact else "",
        accepted_at=_local(row.accepted_at),
        clerk_name=clerk_name,
        clerk_no=clerk_no,
        description=detail.description,
        deadlines=deadline_lines(detail),
        hall_name=hall_name,
        node_code=node_code,
        company=company,
        hall_phone=hall_phone,
        printed_at=printed_at,
    )


def render_workorder_receipt(w: WorkOrderPrint, reprint: bool = False, copy_no: int = 1) -> bytes:
    """The 诉求受理回执 of ``w`` as A4 PDF bytes; copy 2 and later say 补打."""
    company, hall = split_hall(w.hall_name)
    company = w.company or company
    hall = hall or w.hall_name
    printed = (w.printed_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    time_label = "补打时间" if reprint else "打印时间"
    mark = reprint_mark(copy_no) if reprint else ""
    clerk = f"{w.clerk_name}（工号 {w.clerk_no}）" if w.clerk_no else w.clerk_name
    side = A4_FRAME_WIDTH * 0.25
    story: list[Any] = [Paragraph(company, styles()["company"])] if company else []
    story += [
        title_row(
            [
                ReprintStamp(copy_no, "center") if reprint else "",
                BoldLabel("诉求受理回执", 17, align="center"),
                QRFlowable(w.lookup, 24 * mm),
            ],
            [side, A4_FRAME_WIDTH - 2 * side, side],
            [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm)],
        ),
        Paragraph(
            f"营业厅：{hall}（{w.node_code}）　　工单编号：{w.order_no}　　{time_label}：{printed}",
            styles()["body"],
        ),
        Spacer(0, 2 * mm),
        section("一、受理信息"),
        key_value_table(
            [
                ["工单编号", w.order_no, "诉求类型", w.type_name],
                ["诉求分类", cell(w.category), "紧急程度", w.urgency],
                ["受理渠道", w.channel, "受理时间", w.accepted_at.strftime("%Y-%m-%d %H:%M")],
                ["诉求人", cell(w.reporter or _NONE), "联系电话", w.contact or _NONE],
                ["客户名称", cell(w.customer_name or _NONE), "户号", w.account_no or _NONE],
                ["受理人", clerk, "", ""],
            ],
            _KV_WIDTHS,
            extra=spanned(5),
        ),
        section("二、诉求内容"),
        Paragraph(
            w.description.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br/>"), styles()["body"]
        ),
        section("三、办理时限"),
    ]
    if w.deadlines:
        story += [Paragraph(f"{i}. {line}", styles()["body"]) for i, line in enumerate(w.deadlines, start=1)]
    else:
        story.append(Paragraph("本类诉求无办理时限，我们将及时处理。", styles()["body"]))
    phone = f"拨打{hall}电话 {w.hall_phone}，或" if w.hall_phone else "拨打"
    story += [
        section("四、查询与跟进"),
        Paragraph(
            f"凭工单编号 {w.order_no} 查询处理进度：{phone}供电服务热线 {HOTLINE}，登录“网上国网”APP，"
            f"或到{hall}（{w.node_code}）柜台查询；扫描右上角二维码可识别工单编号。",
            styles()["body"],
        ),
        Paragraph("处理完毕后我们将回复您，并进行回访，请对我们的服务作出评价。", styles()["body"]),
        Spacer(0, 6 * mm),
        signature_table(
            [["受理人签字：", "", "客户签字：", ""], ["受理单位（盖章）：", "", "日期：", ""]],
            [32 * mm, A4_FRAME_WIDTH / 2 - 32 * mm, 20 * mm, A4_FRAME_WIDTH / 2 - 20 * mm],
            [10 * mm, 10 * mm],
        ),
    ]
    return build_a4(
        story,
        title=f"诉求受理回执 {w.order_no}",
        author=hall,
        mark=mark,
        footer_left=f"诉求受理回执　{w.order_no}　{w.type_name}",
        footer_right=footer_text(mark, f"{time_label} {printed}"),
    )
