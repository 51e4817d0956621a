"""A sync conflict as the 同步冲突 screen shows it, from either source: the centre's
``conflicts.list_conflicts`` (a dataclass) or a branch's ``GET /v1/conflicts`` (JSON)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.allocation import TENDER_KINDS
from app.domain.applications.machine import STATUSES as APPLICATION_STATUSES
from app.domain.outages import STATUSES as OUTAGE_STATUSES
from app.domain.workorders.machine import STATUSES as WORK_ORDER_STATUSES
from ui.formatting import customer_status_label, domain_label, session_status_label, tender_label, yuan
from ui.i18n import fill


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncConflicts", text)


#: what each kind of conflict means to a supervisor (docs/sync.md#apply-rules)
KIND_LABELS = {
    "field": QT_TRANSLATE_NOOP("SyncConflicts", "同一字段两边都改了"),
    "state": QT_TRANSLATE_NOOP("SyncConflicts", "状态已在中心变化"),
    "paid_bill": QT_TRANSLATE_NOOP("SyncConflicts", "账单已在中心缴清"),
    "closed_customer": QT_TRANSLATE_NOOP("SyncConflicts", "客户已在中心销户"),
    "day_end": QT_TRANSLATE_NOOP("SyncConflicts", "日结与缴费不符"),
    "centre": QT_TRANSLATE_NOOP("SyncConflicts", "中心数据不能在分支修改"),
    "row": QT_TRANSLATE_NOOP("SyncConflicts", "同一记录内容不同"),
    "actor": QT_TRANSLATE_NOOP("SyncConflicts", "操作待核准"),
    "apply": QT_TRANSLATE_NOOP("SyncConflicts", "中心未能应用"),
    "scope": QT_TRANSLATE_NOOP("SyncConflicts", "超出节点范围"),
    "receipt": QT_TRANSLATE_NOOP("SyncConflicts", "收据号已重编"),
    "held_money": QT_TRANSLATE_NOOP("SyncConflicts", "收费暂未入账"),
    "carried": QT_TRANSLATE_NOOP("SyncConflicts", "分支转交的操作"),
    "moved_customer": QT_TRANSLATE_NOOP("SyncConflicts", "客户已转至其他节点"),
    "repointed_undo": QT_TRANSLATE_NOOP("SyncConflicts", "已重新指向的收费被退还"),
    "double_undo": QT_TRANSLATE_NOOP("SyncConflicts", "同一笔收费被退还两次"),
}

#: every synced table (app/sync/tables.py SYNC_TABLES) as a supervisor knows it
TABLE_LABELS = {
    "operation_log": QT_TRANSLATE_NOOP("SyncConflicts", "操作日志"),
    "node": QT_TRANSLATE_NOOP("SyncConflicts", "营业厅节点"),
    "tariff_version": QT_TRANSLATE_NOOP("SyncConflicts", "电价版本"),
    "application_catalogue": QT_TRANSLATE_NOOP("SyncConflicts", "业务目录"),
    "app_user": QT_TRANSLATE_NOOP("SyncConflicts", "用户"),
    "hall_rules": QT_TRANSLATE_NOOP("SyncConflicts", "营业厅规则"),
    "workorder_config": QT_TRANSLATE_NOOP("SyncConflicts", "工单设置"),
    "customer": QT_TRANSLATE_NOOP("SyncConflicts", "客户档案"),
    "outage": QT_TRANSLATE_NOOP("SyncConflicts", "停电信息"),
    "outage_scope": QT_TRANSLATE_NOOP("SyncConflicts", "停电范围"),
    "meter_reading": QT_TRANSLATE_NOOP("SyncConflicts", "抄表读数"),
    "bill": QT_TRANSLATE_NOOP("SyncConflicts", "账单"),
    "cashier_session": QT_TRANSLATE_NOOP("SyncConflicts", "收费班次"),
    "payment": QT_TRANSLATE_NOOP("SyncConflicts", "缴费"),
    "payment_tender": QT_TRANSLATE_NOOP("SyncConflicts", "缴费方式明细"),
    "payment_allocation": QT_TRANSLATE_NOOP("SyncConflicts", "缴费销账明细"),
    "application": QT_TRANSLATE_NOOP("SyncConflicts", "业务申请"),
    "application_step": QT_TRANSLATE_NOOP("SyncConflicts", "业务办理环节"),
    "application_suspension": QT_TRANSLATE_NOOP("SyncConflicts", "业务中止记录"),
    "attachment_blob": QT_TRANSLATE_NOOP("SyncConflicts", "附件内容"),
    "application_attachment": QT_TRANSLATE_NOOP("SyncConflicts", "业务附件"),
    "work_order": QT_TRANSLATE_NOOP("SyncConflicts", "诉求工单"),
    "work_order_step": QT_TRANSLATE_NOOP("SyncConflicts", "工单处理环节"),
    "print_record": QT_TRANSLATE_NOOP("SyncConflicts", "打印记录"),
    "log_anchor": QT_TRANSLATE_NOOP("SyncConflicts", "日志锚点"),
    "service_rating": QT_TRANSLATE_NOOP("SyncConflicts", "服务评价"),
    "service_visit": QT_TRANSLATE_NOOP("SyncConflicts", "服务回访"),
}

#: the database's own error names a centre message may carry, in words
_DB_ERRORS = {
    "UniqueViolation": QT_TRANSLATE_NOOP("SyncConflicts", "记录重复"),
    "ForeignKeyViolation": QT_TRANSLATE_NOOP("SyncConflicts", "引用的记录不存在"),
    "NotNullViolation": QT_TRANSLATE_NOOP("SyncConflicts", "缺少必填内容"),
    "CheckViolation": QT_TRANSLATE_NOOP("SyncConflicts", "数值不符合规则"),
    "StringDataRightTruncation": QT_TRANSLATE_NOOP("SyncConflicts", "内容过长"),
    "NumericValueOutOfRange": QT_TRANSLATE_NOOP("SyncConflicts", "数值超出范围"),
    "InvalidTextRepresentation": QT_TRANSLATE_NOOP("SyncConflicts", "数据格式不符"),
    "InvalidDatetimeFormat": QT_TRANSLATE_NOOP("SyncConflicts", "日期格式不符"),
    "DataError": QT_TRANSLATE_NOOP("SyncConflicts", "数据格式不符"),
    "IntegrityError": QT_TRANSLATE_NOOP("SyncConflicts", "数据约束冲突"),
}

#: the few fields that name a row (in this order) when a whole row image is shown; never an ID
#: number or a phone (docs/privacy.md)
_NAMING_FIELDS = (
    ("account_no", QT_TRANSLATE_NOOP("SyncConflicts", "户号")),
    ("name", QT_TRANSLATE_NOOP("SyncConflicts", "户名")),
    ("receipt_no", QT_TRANSLATE_NOOP("SyncConflicts", "收据号")),
    ("bill_no", QT_TRANSLATE_NOOP("SyncConflicts", "账单号")),
    ("application_no", QT_TRANSLATE_NOOP("SyncConflicts", "受理号")),
    ("order_no", QT_TRANSLATE_NOOP("SyncConflicts", "工单号")),
    ("session_no", QT_TRANSLATE_NOOP("SyncConflicts", "班次")),
    ("outage_no", QT_TRANSLATE_NOOP("SyncConflicts", "停电编号")),
    ("username", QT_TRANSLATE_NOOP("SyncConflicts", "用户")),
    ("period", QT_TRANSLATE_NOOP("SyncConflicts", "账期")),
    ("amount_fen", QT_TRANSLATE_NOOP("SyncConflicts", "金额")),
    ("status", QT_TRANSLATE_NOOP("SyncConflicts", "状态")),
)
_SHOWN_FIELDS = 4


def kind_label(kind: str, given: str = "") -> str:
    return _tr(KIND_LABELS[kind]) if kind in KIND_LABELS else (given or kind)


def table_label(tbl: str, given: str = "") -> str:
    return _tr(TABLE_LABELS[tbl]) if tbl in TABLE_LABELS else (given or tbl)


def status_text(tbl: str, value: str) -> str:
    """A ``status`` value of ``tbl`` in words (挂起, 销户, 已结班 …), through the screens' own maps."""
    if tbl == "customer":
        return customer_status_label(value)
    if tbl == "cashier_session":
        return session_status_label(value)
    labels = {
        "application": APPLICATION_STATUSES,
        "work_order": WORK_ORDER_STATUSES,
        "outage": OUTAGE_STATUSES,
    }.get(tbl, {})
    return domain_label(labels[value]) if value in labels else value


def field_label(kind: str, tbl: str, name: str, given: str = "") -> str:
    """A field's label: the centre's (given) unless it is the bare code; a day-end's tender
    totals by the tender's name (现金, 银行卡 …)."""
    if given and given != name:
        return given
    if name in TENDER_KINDS:
        return tender_label(name)
    return given or name


def image_summary(tbl: str, image: dict[str, Any]) -> str:
    """A row image as a few named fields (户号 … · 金额 …), not its JSON."""
    parts = []
    for key, label in _NAMING_FIELDS:
        value = image.get(key)
        if value in (None, ""):
            continue
        if key == "amount_fen" and isinstance(value, int | float | str) and str(value).lstrip("-").isdigit():
            text = yuan(int(value))
        elif key == "status":
            text = status_text(tbl, str(value))
        else:
            text = str(value)
        parts.append(f"{_tr(label)} {text}")
        if len(parts) >= _SHOWN_FIELDS:
            break
    if parts:
        return " · ".join(parts)
    return fill(QCoreApplication.translate("SyncConflicts", "%1记录（%2项）"), table_label(tbl), str(len(image)))


def words(text: str) -> str:
    """A centre message with the database's error names and table names in words."""
    for code, label in _DB_ERRORS.items():
        text = text.replace(code, _tr(label))
    for name in sorted(TABLE_LABELS, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z0-9_]){name}(?![A-Za-z0-9_])", table_label(name), text)
    return text


@dataclass(frozen=True)
class ConflictRow:
    id: str
    node: str
    kind: str
    tbl: str
    field: str
    branch: str
    centre: str
    status: str
    resolution: str
    created_at: dt.datetime | None
    version: int
    #: one line in Chinese from the centre (ConflictView.summary), "" when it gave none
    summary: str = ""
    kind_text: str = ""
    table_text: str = ""
    #: the decisions the centre accepts for this entry (empty: not said, all offered)
    choices: tuple[str, ...] = ()


def _text(value: Any, tbl: str = "", name: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return image_summary(tbl, value)
    if isinstance(value, list):
        return "；".join(_text(v, tbl) for v in value[:3]) + ("…" if len(value) > 3 else "")
    if isinstance(value, bool):
        return QCoreApplication.translate("SyncConflicts", "是") if value else QCoreApplication.translate("SyncConflicts", "否")
    if name == "status":
        return status_text(tbl, str(value))
    return words(str(value))


def _when(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def conflict_row(item: Any) -> ConflictRow:
    """A ConflictView (any dataclass) or its JSON as a row."""
    is_view = dataclasses.is_dataclass(item) and not isinstance(item, type)
    data: dict[str, Any] = dataclasses.asdict(item) if is_view else dict(item)  # type: ignore[arg-type]
    detail = data.get("detail") or {}
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            detail = {"text": detail}
    if not isinstance(detail, dict):
        detail = {}
    kind = str(data.get("kind", ""))
    tbl = str(data.get("tbl") or data.get("table") or "")
    fields = list(data.get("fields") or [])
    if not fields and isinstance(detail.get("fields"), list):  # the stored detail of a field conflict
        fields = [{"label": f.get("field", ""), **f} for f in detail["fields"] if isinstance(f, dict)]
    for f in fields:
        key = str(f.get("name") or f.get("field") or "")
        f["label"] = field_label(kind, tbl, key, str(f.get("label") or ""))
        f["key"] = key
    if fields:
        names = "、".join(str(f["label"]) for f in fields)
        many = len(fields) > 1
        branch = "；".join(
            (f"{f['label']}：" if many else "") + _text(f.get("branch"), tbl, f["key"]) for f in fields
        )
        centre = "；".join(
            (f"{f['label']}：" if many else "") + _text(f.get("centre"), tbl, f["key"]) for f in fields
        )
    else:
        names = str(detail.get("field") or data.get("field") or "")
        branch = (
            _text(detail.get("branch"), tbl) if "branch" in detail else words(str(data.get("summary") or "—"))
        )
        centre = _text(detail.get("centre"), tbl)
    summary = words(str(data.get("summary") or ""))
    before, centre_image = detail.get("before"), detail.get("centre")
    if kind == "state" and isinstance(before, dict) and isinstance(centre_image, dict):
        summary = fill(
            QCoreApplication.translate("SyncConflicts", "%1：中心已将状态改为 %2，分支在状态 %3 下做了修改"),
            table_label(tbl, str(data.get("table_label") or "")),
            status_text(tbl, str(centre_image.get("status") or "—")),
            status_text(tbl, str(before.get("status") or "—")),
        )
    return ConflictRow(
        id=str(data.get("id", "")),
        node=str(data.get("node_code") or data.get("node") or ""),
        kind=kind,
        tbl=tbl,
        field=names,
        branch=branch,
        centre=centre,
        status=str(data.get("status", "open")),
        resolution=str(data.get("resolution", "")),
        created_at=_when(data.get("created_at")),
        version=int(data.get("version") or 0),
        summary=summary,
        kind_text=str(data.get("kind_label") or ""),
        table_text=str(data.get("table_label") or ""),
        choices=tuple(str(c) for c in data.get("choices") or ()),
    )
