"""A sync conflict as the 同步冲突 screen shows it, from either source: the centre's
``conflicts.list_conflicts`` (a dataclass) or a branch's ``GET /v1/conflicts`` (JSON)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncConflicts", text)


#: what each kind of conflict means to a supervisor (docs/sync.md#apply-rules)
KIND_LABELS = {
    "field": "同一字段两边都改了",
    "state": "状态已在中心变化",
    "paid_bill": "账单已在中心缴清",
    "closed_customer": "客户已在中心销户",
    "day_end": "日结与缴费不符",
    "centre": "中心数据不能在分支修改",
    "row": "同一记录内容不同",
}

TABLE_LABELS = {
    "customer": "客户档案",
    "payment": "缴费",
    "bill": "账单",
    "application": "业务申请",
    "work_order": "诉求工单",
    "cashier_session": "收费班次",
    "app_user": "用户",
    "hall_rules": "营业厅规则",
    "outage": "停电信息",
}


def kind_label(kind: str, given: str = "") -> str:
    return _tr(KIND_LABELS[kind]) if kind in KIND_LABELS else (given or kind)


def table_label(tbl: str, given: str = "") -> str:
    return _tr(TABLE_LABELS[tbl]) if tbl in TABLE_LABELS else (given or tbl)


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


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)[:200]
    return str(value)


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
    fields = list(data.get("fields") or [])
    if not fields and isinstance(detail.get("fields"), list):  # the stored detail of a field conflict
        fields = [{"label": f.get("field", ""), **f} for f in detail["fields"] if isinstance(f, dict)]
    if fields:
        names = "、".join(str(f.get("label") or f.get("name") or f.get("field") or "") for f in fields)
        many = len(fields) > 1
        branch = "；".join(
            (f"{f.get('label') or f.get('name')}：" if many else "") + _text(f.get("branch")) for f in fields
        )
        centre = "；".join(
            (f"{f.get('label') or f.get('name')}：" if many else "") + _text(f.get("centre")) for f in fields
        )
    else:
        names = str(detail.get("field") or data.get("field") or "")
        branch = _text(detail.get("branch")) if "branch" in detail else str(data.get("summary") or "—")
        centre = _text(detail.get("centre"))
    return ConflictRow(
        id=str(data.get("id", "")),
        node=str(data.get("node_code") or data.get("node") or ""),
        kind=str(data.get("kind", "")),
        tbl=str(data.get("tbl") or data.get("table") or ""),
        field=names,
        branch=branch,
        centre=centre,
        status=str(data.get("status", "open")),
        resolution=str(data.get("resolution", "")),
        created_at=_when(data.get("created_at")),
        version=int(data.get("version") or 0),
        summary=str(data.get("summary") or ""),
        kind_text=str(data.get("kind_label") or ""),
        table_text=str(data.get("table_label") or ""),
        choices=tuple(str(c) for c in data.get("choices") or ()),
    )
