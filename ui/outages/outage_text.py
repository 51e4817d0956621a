"""How an outage reads on screen: labels of its codes, its period and the customer-view notice."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from app.domain.codes import OutageScopeKind
from app.domain.outages import KINDS, SCOPE_KINDS, STATUSES
from app.dto.outages import CustomerOutage, OutageView
from ui.formatting import domain_label
from ui.i18n import fill


def tr(text: str) -> str:
    return QCoreApplication.translate("Outages", text)


def kind_label(code: str) -> str:
    return domain_label(KINDS.get(code, code))


def status_label(code: str) -> str:
    return domain_label(STATUSES.get(code, code))


def scope_label(code: str) -> str:
    return domain_label(SCOPE_KINDS.get(code, code))


def _local(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def period(o: OutageView, *, year: bool = False) -> str:
    """ "12-08 08:00–17:00", or "12-08 08:00–12-09 06:00" across midnight (with the year if asked)."""
    start, end = _local(o.starts_at), _local(o.ends_at)
    day = "%Y-%m-%d %H:%M" if year else "%m-%d %H:%M"
    end_text = f"{end:%H:%M}" if end.date() == start.date() else format(end, day)
    return f"{format(start, day)}–{end_text}"


def scope_text(o: OutageView) -> str:
    """ "台区：文三1号台区、文三2号台区；线路：10kV文三线"."""
    parts = [
        (OutageScopeKind.TRANSFORMER_AREA, o.transformer_areas),
        (OutageScopeKind.LINE, o.lines),
        (OutageScopeKind.AREA, o.areas),
    ]
    return tr("；").join(
        fill(tr("%1：%2"), scope_label(kind), tr("、").join(values)) for kind, values in parts if values
    )


def notice_text(c: CustomerOutage) -> str:
    """The customer view's notice: "该户所在台区 文三1号台区 计划停电 12-08 08:00–17:00（线路检修）"."""
    o = c.outage
    wording: dict[str, str] = {
        OutageScopeKind.TRANSFORMER_AREA: tr("该户所在台区 %1"),
        OutageScopeKind.LINE: tr("该户所在线路 %1"),
        OutageScopeKind.AREA: tr("该户所在区域 %1"),
    }
    where = wording.get(c.matched_kind, "%1")
    state = tr("（停电中）") if o.status == "active" else ""
    return fill(
        tr("%1 %2%3 %4（%5）"), fill(where, c.matched_value), kind_label(o.kind), state, period(o), o.reason
    )
