"""A tariff version as the administrator reads it (HTML for a QTextBrowser), and the JSON
paths of validation errors in words ("RES-TIER.tiers.bands[1].upto_kwh" → "阶梯·第2档·上限电量")."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.codes import TariffKind
from app.domain.customers import KINDS as CUSTOMER_KINDS
from app.domain.errors import Message, ValidationError
from app.domain.tariffs.ladder import TierSchedule
from app.domain.tariffs.policy import tariff_warnings
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.terms import BASES, PERIODS, TARIFF_KINDS, TIER_NAMES
from ui import palette
from ui.i18n import fill, localize


def tr(text: str) -> str:
    return QCoreApplication.translate("TariffView", text)


#: JSON keys of a tariff and what they are called on screen
KEY_LABELS: dict[str, str] = {
    "code": "编码", "name": "名称", "kind": "电价类型", "effective_from": "生效日期", "effective_to": "截止日期",
    "customer_kinds": "适用用户类别", "source": "价格依据", "price": "电价", "tiers": "阶梯",
    "tier_markups": "阶梯加价", "bands": "分档", "basis": "阶梯周期", "upto_kwh": "上限电量",
    "prices": "时段电价", "schedules": "时段表", "periods": "时段", "months": "月份", "from": "起始时间",
    "to": "结束时间", "period": "时段", "holiday_periods": "节假日时段", "low_income_free_kwh": "低保免费电量",
    "free_kwh_credit_price": "免费电量抵扣单价", "capacity_price": "基本电费单价",
}
_SEGMENT = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")


def _segment_label(name: str, index: int | None, parent: str) -> str:
    if index is not None:
        if name == "bands":
            return localize(TIER_NAMES[index]) if index < len(TIER_NAMES) else fill(tr("第%1档"), str(index + 1))
        if name == "tariffs":
            return fill(tr("第%1个电价"), str(index + 1))
        return f"{tr(KEY_LABELS.get(name, name))}{index + 1}"
    if parent == "prices" and name in PERIODS:
        return tr(PERIODS[name])
    return tr(KEY_LABELS.get(name, name))


def path_label(path: str, code: str = "") -> str:
    """Words for a validation error's JSON path; the tariff code at the front is dropped."""
    rest = path
    if code and (rest == code or rest.startswith(code + ".")):
        rest = rest[len(code) + 1:]
    parts: list[str] = []
    parent = ""
    for piece in rest.split("."):
        match = _SEGMENT.fullmatch(piece)
        if match is None:
            parts.append(piece)
            continue
        name, index = match.group(1), match.group(2)
        parts.append(_segment_label(name, int(index) if index is not None else None, parent))
        parent = name
    return "·".join(p for p in parts if p)


#: the template of the domain's messages about one value of a tariff (app.domain.tariffs.parsing.path_error)
PATH_TEMPLATE = "{path}：{problem}"


def _path_and_problem(message: Message) -> tuple[str, str] | None:
    """(JSON path, the problem in the UI language) of a "path：problem" message, else None."""
    if isinstance(message, Message) and message.template == PATH_TEMPLATE:
        problem = message.params["problem"]
        return str(message.params["path"]), localize(problem) if isinstance(problem, str) else str(problem)
    head, sep, tail = message.partition("：")  # text from elsewhere (no template): Chinese as it is
    if sep and head and head.isascii() and " " not in head:
        return head, tail
    return None


def friendly_message(exc: ValidationError, code: str = "") -> str:
    """The domain's message, in the UI language, with its leading JSON path put in words:
    "RES-TIER.tiers.bands[1]：各档上限应逐档递增" → "阶梯·分档·第二档：各档上限应逐档递增"."""
    found = _path_and_problem(exc.message)
    if found is None:
        return localize(exc.message)
    path, problem = found
    label = path_label(path, code)
    return fill(tr("%1：%2"), label, problem) if label else problem


def short_message(exc: ValidationError) -> str:
    """The message without its path, in the UI language (shown under the field the path names)."""
    found = _path_and_problem(exc.message)
    return localize(exc.message) if found is None else found[1]


# ---- HTML ----------------------------------------------------------------------------------------

_CSS = f"""
<style>
 body {{ font-size: 14px; }}
 h2 {{ margin: 0 0 4px 0; font-size: 19px; }}
 h3 {{ margin: 10px 0 4px 0; font-size: 15px; color: {palette.ACCENT}; }}
 table.grid {{ border-collapse: collapse; margin: 4px 0; }}
 table.grid th {{ background: {palette.NEUTRAL_BG}; padding: 3px 12px; text-align: left; font-weight: bold; white-space: nowrap; }}
 table.grid td {{ padding: 3px 12px; border-bottom: 1px solid {palette.GRID_LINE}; }}
 td.num {{ text-align: right; }}
 .muted {{ color: {palette.MUTED}; }}
 .warn {{ color: {palette.WARNING}; background: {palette.WARNING_BG}; padding: 6px 10px; }}
</style>
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _kwh_range(schedule: TierSchedule, index: int) -> str:
    unit = tr("kWh/年") if schedule.basis == "annual" else tr("kWh/月")
    band = schedule.bands[index]
    lower = schedule.bands[index - 1].upto_kwh if index else None
    if band.upto_kwh is None:
        return fill(tr("%1 %2 以上"), _e(lower), unit) if lower is not None else tr("全部电量")
    if lower is None:
        return f"≤ {_e(band.upto_kwh)} {unit}"
    return f"{_e(lower + 1)} – {_e(band.upto_kwh)} {unit}"


def _ladder(schedule: TierSchedule, price_header: str) -> str:
    rows = "".join(
        f"<tr><td>{_e(localize(TIER_NAMES[i]))}</td><td>{_kwh_range(schedule, i)}</td><td class='num'>{_e(b.price)}</td></tr>"
        for i, b in enumerate(schedule.bands))
    return (f"<p class='muted'>{_e(tr(BASES.get(schedule.basis, schedule.basis)))}</p>"
            f"<table class='grid'><tr><th>{tr('档次')}</th><th>{tr('电量范围')}</th><th>{price_header}</th></tr>"
            f"{rows}</table>")


def _tou_html(tariff: Tariff, unit: str) -> str:
    """A TOU version: the period prices (and markups) on the left, the period tables beside them."""
    rows = "".join(f"<tr><td>{_e(tr(PERIODS[p.period]))}</td><td class='num'>{_e(p.price)}</td></tr>"
                   for p in tariff.period_prices)
    left = [f"<h3>{tr('分时电价')}</h3><table class='grid'><tr><th>{tr('时段')}</th><th>{unit}</th></tr>"
            f"{rows}</table>"]
    if tariff.tier_markups is not None:
        left.append(f"<h3>{tr('阶梯加价')}</h3>{_ladder(tariff.tier_markups, tr('加价（元/kWh）'))}")
    right = [f"<h3>{tr('时段划分')}</h3><table class='grid' width='100%'><tr><th>{tr('适用月份')}</th>"
             f"<th>{tr('时段')}</th></tr>"]
    for schedule in tariff.schedules:
        months = fill(tr("%1 月"), tr("、").join(str(m) for m in schedule.months))
        bands = " · ".join(f"{b.describe()}&nbsp;<b>{tr(PERIODS[b.period])}</b>" for b in schedule.bands)
        right.append(f"<tr><td>{_e(schedule.name)}<br><span class='muted'>{_e(months)}</span></td>"
                     f"<td>{bands}</td></tr>")
    if tariff.holiday_bands:
        bands = " · ".join(f"{b.describe()}&nbsp;<b>{tr(PERIODS[b.period])}</b>" for b in tariff.holiday_bands)
        right.append(f"<tr><td>{tr('法定节假日')}<span class='muted'>{tr('（放假日）')}</span></td>"
                     f"<td>{bands}{tr('（覆盖当日时段）')}</td></tr>")
    right.append("</table>")
    # Prices on the left, the time table beside them: one screen shows the whole tariff.
    return ("<table width='100%'><tr><td valign='top' width='230'>" + "".join(left)
            + "</td><td valign='top'>" + "".join(right) + "</td></tr></table>")


def _extras(tariff: Tariff) -> list[str]:
    """The low-income allowance and the capacity charge, one sentence each."""
    extra = []
    if tariff.low_income_free_kwh:
        text = fill(tr("低保户、五保户每月免费 %1 kWh"), _e(tariff.low_income_free_kwh))
        if tariff.free_kwh_credit_price is not None:
            text += fill(tr("（按 %1 元/kWh 抵扣电费）"), _e(tariff.free_kwh_credit_price))
        extra.append(text)
    if tariff.capacity_price is not None:
        extra.append(fill(tr("基本电费 %1 元/千伏安·月"), _e(tariff.capacity_price)))
    return extra


def tariff_html(data: Mapping[str, Any], warnings: tuple[str, ...] | list[str] | None = None) -> str:
    """Pretty-print a tariff version: header, prices / tiers / periods, and policy warnings."""
    try:
        tariff = Tariff.from_dict(data)
    except (ValidationError, TypeError, ValueError) as exc:
        message = friendly_message(exc, str(data.get("code", ""))) if isinstance(exc, ValidationError) else str(exc)
        return (f"{_CSS}<h2>{_e(data.get('name', ''))}</h2><p class='warn'>{tr('电价数据有误：')}{_e(message)}</p>"
                f"<pre>{_e(data)}</pre>")
    if warnings is None:
        warnings = tariff_warnings(tariff)
    out = [_CSS, f"<h2>{_e(tariff.name)}</h2>"]
    until = tariff.effective_to.isoformat() if tariff.effective_to else tr("长期（直至新版本生效）")
    kinds = tr("、").join(tr(CUSTOMER_KINDS.get(k, k)) for k in tariff.customer_kinds) or tr("不限")
    out.append(
        "<table>"
        f"<tr><td class='muted'>{tr('编码')}</td><td><b>{_e(tariff.code)}</b>　"
        f"{_e(tr(TARIFF_KINDS.get(tariff.kind, tariff.kind)))}</td></tr>"
        f"<tr><td class='muted'>{tr('生效期间')}</td><td>{_e(fill(tr('%1 至 %2'), tariff.effective_from.isoformat(), until))}"
        f"　<span class='muted'>{tr('适用用户')}</span> {_e(kinds)}</td></tr>"
        + (f"<tr><td class='muted'>{tr('价格依据')}</td><td>{_e(tariff.source)}</td></tr>" if tariff.source else "")
        + "</table>")
    unit = tr("电价（元/kWh）")
    if tariff.kind == TariffKind.FLAT:
        out.append(f"<h3>{tr('电价')}</h3><p><b>{_e(tariff.price)}</b> {tr('元/kWh')}</p>")
    elif tariff.kind == TariffKind.TIERED and tariff.tiers is not None:
        out.append(f"<h3>{tr('阶梯电价')}</h3>{_ladder(tariff.tiers, unit)}")
    elif tariff.kind == "tou":
        out.append(_tou_html(tariff, unit))
    extra = _extras(tariff)
    if extra:
        out.append(f"<h3>{tr('其他')}</h3><p>" + "<br>".join(extra) + "</p>")
    if warnings:
        out.append(f"<h3>{tr('政策提示（不影响保存）')}</h3>")
        out.append("".join(f"<p class='warn'>⚠ {_e(localize(w))}</p>" for w in warnings))
    return "".join(out)
