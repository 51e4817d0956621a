"""The application form (用电申请表), pre-filled from an accepted application for the customer's
signature (docs/rules.md#service-applications). A4 portrait, platypus.

Sections: the applicant (name, account, channel, hall); the type's own fields with the values
entered at the counter (labels from the catalogue's field declarations); the documents the type
asks for, each ticked received or missing; the customer's declaration; signature and date lines
for the customer and the clerk.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from app.printing.application_receipt import (
    ApplicationPrint,
    cell,
    date_text,
    field_rows,
    heading_line,
    spanned,
    title_block,
    words,
)
from app.printing.common import (
    A4_FRAME_WIDTH,
    build_a4,
    footer_text,
    grid_table,
    key_value_table,
    section,
    signature_table,
    styles,
)

__all__ = ["render_application_form"]

_KV_WIDTHS = [26 * mm, A4_FRAME_WIDTH / 2 - 26 * mm] * 2


def render_application_form(a: ApplicationPrint, reprint: bool = False, copy_no: int = 1) -> bytes:
    """The 用电申请表 of ``a`` as A4 PDF bytes, filled in for signing; ``reprint`` / ``copy_no`` as
    on the receipt (补打 stamp, footer mark, 补打时间)."""
    w = words(a, reprint, copy_no)
    story: list[Any] = [
        *title_block("用电申请表", w, reprint, copy_no),
        heading_line(a, w),
        Spacer(0, 2 * mm),
        *_applicant(a),  # 一、申请人信息
        *_request(a),  # 二、申请事项
        *_documents(a),  # 三、申请资料
        _declaration_and_signatures(a, w.clerk),  # 四、客户声明 + signatures
    ]
    return build_a4(
        story,
        title=f"用电申请表 {a.application_no}",
        author=w.hall,
        mark=w.mark,
        footer_left=f"用电申请表　{a.application_no}　{a.type_name}",
        footer_right=footer_text(w.mark, f"{w.time_label} {w.printed}"),
    )


def _applicant(a: ApplicationPrint) -> list[Any]:
    rows: list[list[Any]] = [
        ["申请人/户名", cell(a.customer_name), "户号", a.account_no or "（新装，立户后编号）"],
        ["申请业务", a.type_name, "受理渠道", a.channel],
        ["受理日期", date_text(a.accepted_at.date()), "承诺办结", f"{date_text(a.promised_date)}前"],
    ]
    return [section("一、申请人信息"), key_value_table(rows, _KV_WIDTHS)]


def _request(a: ApplicationPrint) -> list[Any]:
    rows = field_rows(a) or [["申请内容", cell(a.type_name), "", ""]]
    if a.remark:
        rows.append(["备注", cell(a.remark), "", ""])
    spans = [cmd for i, r in enumerate(rows) if r[2] == "" and r[3] == "" for cmd in spanned(i)]
    return [section("二、申请事项"), key_value_table(rows, _KV_WIDTHS, extra=spans)]


def _documents(a: ApplicationPrint) -> list[Any]:
    """Every document the type names (required first, then optional), ticked as received."""
    rows: list[list[Any]] = [["序号", "资料名称", "要求", "已收", "缺件"]]
    listed = [*a.required_documents, *(d for d in a.optional_documents if d not in a.required_documents)]
    listed += [d for d in (*a.received, *a.missing) if d not in listed]
    for name in listed:
        got = name in a.received
        rows.append(
            [
                str(len(rows)),
                cell(name),
                "必备" if name in a.required_documents else "视情况",
                "√" if got else "",
                "√" if name in a.missing else "",
            ]
        )
    table = grid_table(
        rows,
        [14 * mm, A4_FRAME_WIDTH - 74 * mm, 24 * mm, 18 * mm, 18 * mm],
        extra=[("ALIGN", (0, 1), (0, -1), "CENTER"), ("ALIGN", (2, 1), (-1, -1), "CENTER")],
    )
    story: list[Any] = [section("三、申请资料"), table]
    if a.missing and a.commitment_signed:
        story += [
            Spacer(0, 1.5 * mm),
            Paragraph("一证受理：本人已签署承诺书，承诺在办理过程中补齐缺件资料。", styles()["body"]),
        ]
    return story


def _declaration_and_signatures(a: ApplicationPrint, clerk: str) -> KeepTogether:
    text = (
        "本人（单位）申请办理上述用电业务，所填信息及提交资料真实、合法、有效，"
        "并同意供电企业按国家有关规定和供用电合同办理。如有不实，愿承担相应责任。"
    )
    sig = signature_table(
        [
            ["客户（申请人）签字（盖章）：", "", "日期：", "　　年　　月　　日"],
            ["经办人签字：", "", "日期：", "　　年　　月　　日"],
        ],
        [48 * mm, A4_FRAME_WIDTH - 48 * mm - 60 * mm, 14 * mm, 46 * mm],
        [12 * mm, 12 * mm],
    )
    return KeepTogether(
        [
            section("四、客户声明"),
            Paragraph(text, styles()["body"]),
            Spacer(0, 2 * mm),
            Paragraph(f"受理人：{clerk}", styles()["small"]),
            Spacer(0, 2 * mm),
            sig,
        ]
    )
