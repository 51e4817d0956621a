"""The acceptance receipt of a service application (业务受理回执): handed to the customer when
the counter accepts an application (docs/rules.md#service-applications). A4 portrait, platypus.

A4 rather than A5: it is the house's paper for forms (app/printing: "A4 form (申请表, 回执,
工单)"), it comes out of the same printer as the 用电申请表 printed with it, and a long list
of documents or a type with many fields never has to be squeezed onto a half sheet.

Sections: the application (number, type, channel, accepted at / by, the promised date); the
customer (name and account as on the payment receipt, personal numbers masked); the type's own
fields; the documents received and missing (and the 一证受理 commitment); how to track it (the
hall's phone, 95598, 网上国网 with the number, the QR code); the signatures.

:class:`ApplicationPrint` is what both application documents print (this one and
:mod:`app.printing.application_form`); :func:`application_print` words it from the service's
``ApplicationDetail`` and the catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from app.domain.applications import ApplicationCatalogue
from app.domain.applications.machine import CHANNELS
from app.domain.codes import FieldKind
from app.domain.masking import mask_id, mask_phone
from app.dto.applications import ApplicationDetail
from app.printing.common import (
    A4_FRAME_WIDTH,
    BoldLabel,
    QRFlowable,
    ReprintStamp,
    build_a4,
    footer_text,
    grid_table,
    key_value_table,
    reprint_mark,
    section,
    signature_table,
    split_hall,
    styles,
    title_row,
)
from app.printing.fonts import cjk_fonts

__all__ = ["HOTLINE", "ApplicationPrint", "application_print", "render_application_receipt"]

HOTLINE = "95598"
_NONE = "—"


@dataclass(frozen=True)
class ApplicationPrint:
    """An accepted application as the printed documents say it (every value already text)."""

    application_no: str
    type_name: str
    channel: str  # 营业厅 / 网上国网 / 95598 / 客户经理上门
    customer_name: str  # the customer's, or the applicant's for a 新装
    account_no: str  # "" for a 新装
    accepted_at: dt.datetime  # local time
    clerk_name: str
    clerk_no: str
    promised_date: dt.date
    limit_days: int  # working days
    values: tuple[tuple[str, str], ...]  # (label, value) of the type's own fields, in catalogue order
    required_documents: tuple[str, ...]  # names, required by the type
    optional_documents: tuple[str, ...]
    received: tuple[str, ...]  # names
    missing: tuple[str, ...]  # names (promised under 一证受理 when commitment_signed)
    commitment_signed: bool
    hall_name: str
    node_code: str
    company: str = ""
    hall_phone: str = ""
    customer_manager: str = ""
    remark: str = ""
    printed_at: dt.datetime | None = None

    @property
    def lookup(self) -> str:
        """The QR code's text: the number the customer tracks the application by."""
        return f"GC|APP|{self.application_no}"


def _local(ts: dt.datetime) -> dt.datetime:
    """Stored times are naive UTC; printed in the counter's local time."""
    return (ts.replace(tzinfo=dt.UTC) if ts.tzinfo is None else ts).astimezone().replace(tzinfo=None)


def _value_text(kind: FieldKind, name: str, options: Mapping[str, str], value: object) -> str:
    if value is None or value == "":
        return _NONE
    text = str(value)
    if kind == FieldKind.CHOICE:
        return options.get(text, text)
    if kind == FieldKind.ID_NUMBER:
        return mask_id(text)
    if name.endswith("phone"):
        return mask_phone(text)
    return text


def application_print(
    detail: ApplicationDetail,
    cat: ApplicationCatalogue,
    *,
    hall_name: str,
    node_code: str,
    clerk_name: str,
    clerk_no: str = "",
    company: str = "",
    hall_phone: str = "",
    printed_at: dt.datetime | None = None,
) -> ApplicationPrint:
    """Word ``detail`` for printing: field values with their catalogue labels (choices by their
    label, ID numbers and phones masked as on every printout, docs/rules.md#masking), documents by
    name. ``clerk_name`` / ``clerk_no``: the clerk who accepted it (``detail.row.accepted_by``)."""
    row = detail.row
    btype = cat.get(row.type_code)
    values = tuple(
        (f.label, _value_text(f.kind, f.name, dict(f.options), detail.values.get(f.name)))
        for f in btype.fields
    )

    def names(codes: object) -> tuple[str, ...]:
        listed = [str(c) for c in codes] if isinstance(codes, list | tuple) else []
        return tuple(cat.documents[c].name if c in cat.documents else c for c in listed)

    docs = detail.documents
    return ApplicationPrint(
        application_no=row.application_no,
        type_name=row.type_name,
        channel=CHANNELS.get(row.channel, row.channel),
        customer_name=row.customer_name,
        account_no=row.account_no,
        accepted_at=_local(row.accepted_at),
        clerk_name=clerk_name,
        clerk_no=clerk_no,
        promised_date=row.promised_date,
        limit_days=detail.limit_days,
        values=values,
        required_documents=names(btype.documents),
        optional_documents=names(btype.optional_documents),
        received=names(docs.get("received")),
        missing=names(docs.get("missing")),
        commitment_signed=bool(docs.get("commitment_signed")),
        hall_name=hall_name,
        node_code=node_code,
        company=company,
        hall_phone=hall_phone,
        customer_manager=row.customer_manager,
        remark=detail.remark,
        printed_at=printed_at,
    )


# ---- shared with the application form -----------------------------------------------------------


@dataclass(frozen=True)
class Words:
    company: str
    hall: str
    clerk: str  # 王丽（工号 330107）
    time_label: str  # 打印时间 / 补打时间
    printed: str
    mark: str  # "" or 补打（第N次打印）


def words(a: ApplicationPrint, reprint: bool, copy_no: int) -> Words:
    company, hall = split_hall(a.hall_name)
    printed = a.printed_at or dt.datetime.now()
    return Words(
        company=a.company or company,
        hall=hall or a.hall_name,
        clerk=f"{a.clerk_name}（工号 {a.clerk_no}）" if a.clerk_no else a.clerk_name,
        time_label="补打时间" if reprint else "打印时间",
        printed=printed.strftime("%Y-%m-%d %H:%M"),
        mark=reprint_mark(copy_no) if reprint else "",
    )


def title_block(title: str, w: Words, reprint: bool, copy_no: int, right: Any = "") -> list[Any]:
    """The company, then the title centred; the 补打 stamp on the left, ``right`` (a QR code) on the right."""
    story: list[Any] = [Paragraph(w.company, styles()["company"])] if w.company else []
    side = A4_FRAME_WIDTH * 0.25
    left: Any = ReprintStamp(copy_no, "center") if reprint else ""
    story.append(
        title_row(
            [left, BoldLabel(title, 17, align="center"), right],
            [side, A4_FRAME_WIDTH - 2 * side, side],
            [("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1 * mm)],
        )
    )
    return story


def heading_line(a: ApplicationPrint, w: Words) -> Table:
    """营业厅 | 申请编号 | 打印时间, left / centre / right under the title."""
    t = Table(
        [
            [
                f"营业厅：{w.hall}（{a.node_code}）",
                f"申请编号：{a.application_no}",
                f"{w.time_label}：{w.printed}",
            ]
        ],
        colWidths=[A4_FRAME_WIDTH / 3] * 3,
    )
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), cjk_fonts().regular, 9.5),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return t


def cell(text: str) -> Paragraph:
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;"), styles()["cell"])


_KV_WIDTHS = [26 * mm, A4_FRAME_WIDTH / 2 - 26 * mm] * 2


def field_rows(a: ApplicationPrint) -> list[list[Any]]:
    """The type's own fields two to a row (label | value | label | value)."""
    pairs = [[label, cell(value)] for label, value in a.values]
    if len(pairs) % 2:
        pairs.append(["", ""])
    return [pairs[i] + pairs[i + 1] for i in range(0, len(pairs), 2)]


def spanned(row: int) -> list[tuple[Any, ...]]:
    """Style commands for a value spanning the rest of ``row`` (the shaded label column under it cleared)."""
    return [("SPAN", (1, row), (3, row)), ("BACKGROUND", (1, row), (3, row), colors.white)]


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# ---- the receipt ---------------------------------------------------------------------------------


def render_application_receipt(a: ApplicationPrint, reprint: bool = False, copy_no: int = 1) -> bytes:
    """The 业务受理回执 of ``a`` as A4 PDF bytes. ``reprint`` (copy 2 and later) puts a 补打 stamp
    beside the title and "补打（第N次打印）" with N = ``copy_no`` in the footer, and labels the time 补打时间."""
    w = words(a, reprint, copy_no)
    story: list[Any] = [
        *title_block("业务受理回执", w, reprint, copy_no, QRFlowable(a.lookup, 24 * mm)),
        heading_line(a, w),
        Spacer(0, 2 * mm),
        *_application(a, w),  # 一、受理信息
        *_fields(a),  # 二、申请内容
        *_documents(a),  # 三、申请资料
        *_tracking(a, w),  # 四、办理进度查询
        Spacer(0, 6 * mm),
        signature_table(
            [["受理人签字：", "", "客户签字：", ""], ["受理单位（盖章）：", "", "日期：", ""]],
            [32 * mm, A4_FRAME_WIDTH / 2 - 32 * mm, 20 * mm, A4_FRAME_WIDTH / 2 - 20 * mm],
            [10 * mm, 10 * mm],
        ),
    ]
    return build_a4(
        story,
        title=f"业务受理回执 {a.application_no}",
        author=w.hall,
        mark=w.mark,
        footer_left=f"业务受理回执　{a.application_no}　{a.type_name}",
        footer_right=footer_text(w.mark, f"{w.time_label} {w.printed}"),
    )


def _application(a: ApplicationPrint, w: Words) -> list[Any]:
    """一、受理信息: number, type, customer, account, channel, accepted at / by, promised date."""
    rows: list[list[Any]] = [
        ["申请编号", a.application_no, "业务类型", a.type_name],
        ["客户名称", cell(a.customer_name), "户号", a.account_no or "（新装，立户后编号）"],
        ["受理渠道", a.channel, "受理时间", a.accepted_at.strftime("%Y-%m-%d %H:%M")],
        ["受理人", w.clerk, "客户经理", a.customer_manager or _NONE],
        [
            "承诺办结",
            cell(f"{date_text(a.promised_date)}前（{a.limit_days}个工作日，自受理之日起计）"),
            "",
            "",
        ],
    ]
    return [section("一、受理信息"), key_value_table(rows, _KV_WIDTHS, extra=spanned(4))]


def _fields(a: ApplicationPrint) -> list[Any]:
    """二、申请内容: the type's own fields with their values."""
    if not a.values:
        return []
    rows = field_rows(a)
    spans = [cmd for i, r in enumerate(rows) if r[2] == "" and r[3] == "" for cmd in spanned(i)]
    return [section("二、申请内容"), key_value_table(rows, _KV_WIDTHS, extra=spans)]


def _documents(a: ApplicationPrint) -> list[Any]:
    """三、申请资料: each document received or missing; the 一证受理 commitment."""
    rows: list[list[Any]] = [["序号", "资料名称", "状态"]]
    for name in a.received:
        rows.append([str(len(rows)), cell(name), "已收"])
    for name in a.missing:
        rows.append([str(len(rows)), cell(name), "缺件（承诺后补）" if a.commitment_signed else "缺件"])
    table = grid_table(
        rows,
        [14 * mm, A4_FRAME_WIDTH - 54 * mm, 40 * mm],
        extra=[("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (2, 1), (2, -1), "CENTER")],
    )
    if a.missing and a.commitment_signed:
        note = (
            f"一证受理：客户已签署承诺书，承诺在办理过程中补齐缺件资料（{'、'.join(a.missing)}）；"
            "未按承诺补齐的，供电企业可中止办理。"
        )
    elif a.missing:
        note = f"缺件资料：{'、'.join(a.missing)}。请尽快补齐，资料齐全后方可办结。"
    else:
        note = "申请资料已收齐。"
    return [section("三、申请资料"), table, Spacer(0, 1.5 * mm), Paragraph(note, styles()["body"])]


def _tracking(a: ApplicationPrint, w: Words) -> list[Any]:
    """四、办理进度查询: the hall's phone, 95598, 网上国网 with the number, the QR code."""
    phone = f"拨打{w.hall}电话 {a.hall_phone}，或" if a.hall_phone else "拨打"
    lines = [
        f"凭申请编号 {a.application_no} 查询办理进度：{phone}供电服务热线 {HOTLINE}，"
        f"登录“网上国网”APP，或到{w.hall}（{a.node_code}）柜台查询；扫描右上角二维码可识别申请编号。",
        "请妥善保管本回执。办理过程中如需补充资料或现场勘查，工作人员将与您联系。",
    ]
    if a.remark:
        lines.append("备注：" + a.remark.replace("&", "&amp;").replace("<", "&lt;"))
    return [section("四、办理进度查询"), *[Paragraph(t, styles()["body"]) for t in lines]]
