"""Outage notices (停电信息): record, edit, end, cancel and import outages; which outages cover a
customer; the important customers to tell in advance (docs/rules.md#outages).

Supervisors (and admins) write outages, one operation record each (an import: one
``ImportOutages`` record holding every row); everyone reads them. Times in the commands are the
local wall-clock times a person typed; rows and DTOs hold naive UTC.

The work-order intake (故障报修) calls :func:`outages_for_customer` first: an outage already
covering the customer is shown and the order linked to it instead of dispatching a crew.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, false, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.config import Settings
from app.domain import outages as rules
from app.domain.codes import CustomerStatus, OpType, OutageKind, OutageScopeKind, OutageStatus
from app.domain.errors import (
    ConcurrentEdit,
    Message,
    NotFound,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    term,
)
from app.domain.masking import mask_phone
from app.domain.text import clean_text
from app.dto.common import Actor, RowError
from app.dto.outages import (
    CustomerOutage,
    ImportantCustomer,
    ImportantCustomerList,
    OutageImportReport,
    OutageView,
)
from app.services.csv_files import CsvFile, CsvLimits, CsvSource, ImportTooLarge, open_csv
from app.services.permissions import allowed, check_live, require
from app.services.readings import MAX_REPORTED_ERRORS, header_index, record_problem
from app.write_path import oplog
from app.write_path.numbers import next_number
from db.bulk import in_chunks
from db.engine import Database
from db.models import Customer, Node, Outage, OutageScope, utcnow

#: how many days an ended or cancelled outage stays in the module's list
LIST_PAST_DAYS = 30
LIST_LIMIT = 500
#: the advance-notice list is for people: a scope covering more important customers is refused
MAX_IMPORTANT = 2000

_FIELD_OF_SCOPE = {
    OutageScopeKind.AREA: "areas",
    OutageScopeKind.LINE: "lines",
    OutageScopeKind.TRANSFORMER_AREA: "transformer_areas",
}


# ---- commands ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutageInput:
    """What the form (or one CSV row) collected. Times are local wall-clock times; the scope
    fields are lists typed in one field each (separated by 、，; or line breaks)."""

    kind: str
    starts_at: dt.datetime | None
    expected_end: dt.datetime | None
    reason: str
    areas: str = ""
    lines: str = ""
    transformer_areas: str = ""
    note: str = ""


@dataclass(frozen=True)
class UpdateOutage:
    outage_id: uuid.UUID
    expected_version: int
    data: OutageInput


@dataclass(frozen=True)
class EndOutage:
    """送电: the power is back at ``actual_end`` (local time; None: now)."""

    outage_id: uuid.UUID
    expected_version: int
    actual_end: dt.datetime | None = None


@dataclass(frozen=True)
class CancelOutage:
    outage_id: uuid.UUID
    expected_version: int
    reason: str


@dataclass(frozen=True)
class _Clean:
    kind: str
    starts_at: dt.datetime  # UTC
    expected_end: dt.datetime  # UTC
    reason: str
    note: str
    scopes: tuple[tuple[str, str], ...]

    def payload(self) -> dict[str, object]:
        """The replayable values of the operation record."""
        return {
            "kind": self.kind,
            "starts_at": self.starts_at.isoformat(),
            "expected_end": self.expected_end.isoformat(),
            "reason": self.reason,
            "note": self.note,
            "scopes": [list(s) for s in self.scopes],
        }


def to_utc(local: dt.datetime) -> dt.datetime:
    """A local wall-clock time (naive) as stored: naive UTC, to the minute."""
    local = local.replace(second=0, microsecond=0)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def to_local(utc: dt.datetime) -> dt.datetime:
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def validate(data: OutageInput) -> _Clean:
    """Every field of the form; all problems at once (ValidationErrors), each under its field."""
    errors: list[ValidationError] = []
    if data.kind not in rules.KINDS:
        errors.append(ValidationError("kind", "请选择停电类型"))
    errors.extend(rules.check_times(data.starts_at, data.expected_end))
    reason = note = ""
    try:
        reason = clean_text(data.reason, "reason", "停电原因", max_len=rules.MAX_REASON)
    except ValidationError as exc:
        errors.append(exc)
    try:
        note = clean_text(data.note, "note", "备注", max_len=200, required=False)
    except ValidationError as exc:
        errors.append(exc)
    scopes: list[tuple[str, str]] = []
    for kind, text, clean in (
        (OutageScopeKind.AREA, data.areas, lambda v: rules.clean_area_prefix(v, "areas")),
        (OutageScopeKind.LINE, data.lines, lambda v: rules.clean_supply_point(v, "lines", "线路")),
        (
            OutageScopeKind.TRANSFORMER_AREA,
            data.transformer_areas,
            lambda v: rules.clean_supply_point(v, "transformer_areas", "台区"),
        ),
    ):
        try:
            scopes.extend(
                (kind, value) for value in dict.fromkeys(clean(v) for v in rules.split_list(text)) if value
            )
        except ValidationError as exc:
            errors.append(exc)
    if not scopes and not any(e.field in _FIELD_OF_SCOPE.values() for e in errors):
        errors.append(ValidationError("transformer_areas", "请至少填写一个停电范围：区域、线路或台区"))
    elif len(scopes) > rules.MAX_SCOPES:
        errors.append(
            ValidationError(
                "transformer_areas", "停电范围最多{limit}项，请分成几条发布", limit=rules.MAX_SCOPES
            )
        )
    if errors:
        raise ValidationErrors(errors)
    assert data.starts_at is not None and data.expected_end is not None
    return _Clean(data.kind, to_utc(data.starts_at), to_utc(data.expected_end), reason, note, tuple(scopes))


# ---- reading -------------------------------------------------------------------------------------


def _scopes_of(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[tuple[str, str]]]:
    found: dict[uuid.UUID, list[tuple[str, str]]] = {i: [] for i in ids}
    for part in in_chunks(list(ids)):
        for oid, kind, value in session.execute(
            select(OutageScope.outage_id, OutageScope.kind, OutageScope.value)
            .where(OutageScope.outage_id.in_(part))
            .order_by(OutageScope.kind, OutageScope.value)
        ):
            found[oid].append((kind, value))
    return found


def _view(o: Outage, scopes: Iterable[tuple[str, str]], now: dt.datetime | None = None) -> OutageView:
    scopes = list(scopes)

    def of(kind: str) -> tuple[str, ...]:
        return tuple(v for k, v in scopes if k == kind)

    return OutageView(
        id=o.id,
        outage_no=o.outage_no,
        kind=o.kind,
        status=rules.effective_status(o.status, o.starts_at, o.ends_at, now or utcnow()),
        stored_status=o.status,
        starts_at=o.starts_at,
        expected_end=o.expected_end,
        actual_end=o.actual_end,
        reason=o.reason,
        note=o.note,
        areas=of(OutageScopeKind.AREA),
        lines=of(OutageScopeKind.LINE),
        transformer_areas=of(OutageScopeKind.TRANSFORMER_AREA),
        entered_by=o.entered_by,
        entered_at=o.entered_at,
        updated_by=o.updated_by,
        version=o.version,
    )


def _views(session: Session, rows: Sequence[Outage], now: dt.datetime | None = None) -> list[OutageView]:
    scopes = _scopes_of(session, [o.id for o in rows])
    return [_view(o, scopes[o.id], now) for o in rows]


def get_outage(db: Database, actor: Actor, outage_id: uuid.UUID) -> OutageView:
    require(actor, "outage.view")
    with db.read() as session:
        o = session.get(Outage, outage_id)
        if o is None:
            raise NotFound("停电信息不存在")
        return _views(session, [o])[0]


def list_outages(db: Database, actor: Actor, *, past_days: int = LIST_PAST_DAYS) -> list[OutageView]:
    """The module's list: every outage not over yet, and those over within ``past_days``;
    the coming and current ones first (by start), then the past ones, newest first."""
    require(actor, "outage.view")
    now = utcnow()
    with db.read() as session:
        rows = session.scalars(
            select(Outage)
            .where(Outage.ends_at >= now - dt.timedelta(days=past_days))
            .order_by(Outage.starts_at.desc())
            .limit(LIST_LIMIT)
        ).all()
        views = _views(session, rows, now)
    live = sorted(
        (v for v in views if v.status in (OutageStatus.ANNOUNCED, OutageStatus.ACTIVE)),
        key=lambda v: v.starts_at,
    )
    return live + [v for v in views if v.status not in (OutageStatus.ANNOUNCED, OutageStatus.ACTIVE)]


def _present(value: Any) -> ColumnElement[bool]:
    """A 线路 / 台区 that is filled in (an empty one matches nothing)."""
    if isinstance(value, str):
        return true() if value else false()
    return value != ""  # type: ignore[no-any-return]


def _match_condition(line: Any, transformer_area: Any, address: Any) -> ColumnElement[bool]:
    """The scope rows that name this supply point (columns or bound values)."""
    return or_(
        and_(OutageScope.kind == OutageScopeKind.LINE, OutageScope.value == line, _present(line)),
        and_(
            OutageScope.kind == OutageScopeKind.TRANSFORMER_AREA,
            OutageScope.value == transformer_area,
            _present(transformer_area),
        ),
        and_(
            OutageScope.kind == OutageScopeKind.AREA,
            func.substr(address, 1, func.length(OutageScope.value)) == OutageScope.value,
        ),
    )


def covers_supply_point(line: str, transformer_area: str, address: str) -> ColumnElement[bool]:
    """The scope rows that cover a customer with this 线路, 台区 and supply address (any time):
    the audit view's customer filter finds the outages concerning the customer with it."""
    return _match_condition(line, transformer_area, rules.address_key(address or ""))


def _window(at: dt.datetime, horizon_days: int) -> list[ColumnElement[bool]]:
    """Outages not cancelled, not over at ``at``, and starting before ``at`` + the horizon."""
    return [
        Outage.status != OutageStatus.CANCELLED,
        Outage.ends_at > at,
        Outage.starts_at <= at + dt.timedelta(days=horizon_days),
    ]


def _address_key(column: Any) -> Any:
    """rules.address_key in SQL: the stored address without spaces (it is NFKC already)."""
    return func.replace(column, " ", "")


_SCOPE_RANK: dict[str, int] = {
    OutageScopeKind.TRANSFORMER_AREA: 0,
    OutageScopeKind.LINE: 1,
    OutageScopeKind.AREA: 2,
}


def _covering(
    session: Session, found: Iterable[tuple[uuid.UUID, Outage, str, str]], at: dt.datetime
) -> dict[uuid.UUID, list[CustomerOutage]]:
    """customer → its covering outages, soonest first, each once (the narrowest match named)."""
    best: dict[tuple[uuid.UUID, uuid.UUID], tuple[Outage, str, str]] = {}
    for cid, outage, kind, value in found:
        key = (cid, outage.id)
        if key not in best or _SCOPE_RANK[kind] < _SCOPE_RANK[best[key][1]]:
            best[key] = (outage, kind, value)
    scopes = _scopes_of(session, list({o.id for o, _k, _v in best.values()}))
    out: dict[uuid.UUID, list[CustomerOutage]] = {}
    for (cid, oid), (outage, kind, value) in best.items():
        out.setdefault(cid, []).append(CustomerOutage(_view(outage, scopes[oid], at), kind, value))
    for items in out.values():
        items.sort(key=lambda c: (c.outage.starts_at, c.outage.outage_no))
    return out


def outages_for_customer(
    db: Database,
    actor: Actor,
    customer_id: uuid.UUID,
    at: dt.datetime | None = None,
    horizon_days: int = rules.DEFAULT_HORIZON_DAYS,
) -> list[CustomerOutage]:
    """The outages covering the customer at ``at`` (naive UTC; default now) or starting within
    ``horizon_days`` after it, soonest first. The 故障报修 intake shows these first."""
    require(actor, "outage.view")
    at = at or utcnow()
    with db.read() as session:
        c = session.get(Customer, customer_id)
        if c is None:
            raise NotFound("客户档案不存在")
        found = session.execute(
            select(Outage, OutageScope.kind, OutageScope.value)
            .join(OutageScope, OutageScope.outage_id == Outage.id)
            .where(
                *_window(at, horizon_days),
                _match_condition(c.supply_line, c.transformer_area, rules.address_key(c.supply_address)),
            )
        ).all()
        return _covering(session, ((customer_id, o, k, v) for o, k, v in found), at).get(customer_id, [])


def outages_covering(
    db: Database,
    actor: Actor,
    customer_ids: Sequence[uuid.UUID],
    at: dt.datetime | None = None,
    horizon_days: int = rules.DEFAULT_HORIZON_DAYS,
) -> dict[uuid.UUID, list[CustomerOutage]]:
    """For a page of search results: customer id → the outages covering it (as
    :func:`outages_for_customer`), in one query; customers under none are left out."""
    require(actor, "outage.view")
    if not customer_ids:
        return {}
    at = at or utcnow()
    with db.read() as session:
        found = session.execute(
            select(Customer.id, Outage, OutageScope.kind, OutageScope.value)
            .join(
                OutageScope,
                _match_condition(
                    Customer.supply_line, Customer.transformer_area, _address_key(Customer.supply_address)
                ),
            )
            .join(Outage, Outage.id == OutageScope.outage_id)
            .where(Customer.id.in_(list(customer_ids)[:1000]), *_window(at, horizon_days))
        ).all()
        return _covering(session, ((cid, o, k, v) for cid, o, k, v in found), at)


def important_customers_in(db: Database, actor: Actor, outage_id: uuid.UUID) -> ImportantCustomerList:
    """The 重要客户 under an outage, by 台区, 线路 and address, for the advance notice.
    Phones in full only for who may see them (supervisors); masked for clerks."""
    require(actor, "outage.view")
    visible = allowed(actor, "customer.view_sensitive")
    with db.read() as session:
        o = session.get(Outage, outage_id)
        if o is None:
            raise NotFound("停电信息不存在")
        view = _views(session, [o])[0]
        conds: list[ColumnElement[bool]] = []
        if view.transformer_areas:
            conds.append(Customer.transformer_area.in_(view.transformer_areas))
        if view.lines:
            conds.append(Customer.supply_line.in_(view.lines))
        for prefix in view.areas:
            conds.append(func.substr(_address_key(Customer.supply_address), 1, len(prefix)) == prefix)
        rows = session.scalars(
            select(Customer)
            .where(Customer.important.is_(True), Customer.status != CustomerStatus.CLOSED, or_(*conds))
            .order_by(Customer.transformer_area, Customer.supply_line, Customer.account_no)
            .limit(MAX_IMPORTANT + 1)
        ).all()
        if len(rows) > MAX_IMPORTANT:
            # a cut list would leave the last customers untold: refuse it, as the scope is too wide
            raise RuleViolation(
                "停电信息{number}覆盖的重要客户超过{limit}户，请按台区或线路分成几条发布",
                number=o.outage_no,
                limit=MAX_IMPORTANT,
            )
        node = session.get(Node, actor.node_id)

        def phone(p: str) -> str:
            return p if visible or not p else mask_phone(p)

        items = tuple(
            ImportantCustomer(
                c.id,
                c.account_no,
                c.name,
                c.contact_person,
                phone(c.phone),
                phone(c.phone2),
                c.supply_address,
                c.supply_line,
                c.transformer_area,
                c.customer_manager,
            )
            for c in rows
        )
        return ImportantCustomerList(
            view,
            items,
            node.name if node else "",
            node.company if node else "",
            actor.username,
            utcnow(),
            not visible,
        )


# ---- writing -------------------------------------------------------------------------------------


def _insert(session: Session, actor: Actor, clean: _Clean) -> Outage:
    number = next_number(session, actor.node_id, "outage")
    outage = Outage(
        outage_no=number,
        node_id=actor.node_id,
        kind=clean.kind,
        status=OutageStatus.ANNOUNCED,
        starts_at=clean.starts_at,
        expected_end=clean.expected_end,
        ends_at=clean.expected_end,
        reason=clean.reason,
        note=clean.note,
        entered_by=actor.username,
        updated_by=actor.username,
    )
    session.add(outage)
    session.flush()
    session.add_all(OutageScope(outage_id=outage.id, kind=k, value=v) for k, v in clean.scopes)
    session.flush()
    return outage


def record_outage(db: Database, actor: Actor, data: OutageInput) -> OutageView:
    """A new outage notice (op RecordOutage), numbered from the node's ``outage`` series."""
    require(actor, "outage.manage")
    clean = validate(data)
    if clean.kind == OutageKind.PLANNED and clean.expected_end <= utcnow():
        raise ValidationErrors([ValidationError("expected_end", "计划停电的预计送电时间已过，请核对时间")])
    with db.write() as session:
        check_live(session, actor)  # the user row before the node counter (lock order)
        outage = _insert(session, actor, clean)
        oplog.append(
            session,
            actor,
            OpType.RECORD_OUTAGE,
            {"outage_no": outage.outage_no, **clean.payload()},
            "outage",
            outage.id,
        )
        return _view(outage, clean.scopes)


def _load(session: Session, outage_id: uuid.UUID, expected_version: int) -> Outage:
    outage = session.get(Outage, outage_id, with_for_update=True)
    if outage is None:
        raise NotFound("停电信息不存在")
    if outage.version != expected_version:
        raise ConcurrentEdit(
            "停电信息{number}已被他人修改，您的修改未保存。请重新打开后再改", number=outage.outage_no
        )
    return outage


def _stale_guard(fn):  # type: ignore[no-untyped-def]
    def run(db: Database, actor: Actor, cmd):  # type: ignore[no-untyped-def]
        try:
            return fn(db, actor, cmd)
        except StaleDataError as exc:
            raise ConcurrentEdit("该停电信息刚被他人修改，您的修改未保存。请重新打开后再改") from exc

    run.__doc__, run.__name__ = fn.__doc__, fn.__name__
    return run


@_stale_guard
def update_outage(db: Database, actor: Actor, cmd: UpdateOutage) -> OutageView:
    """Change an outage that has not ended or been cancelled (op UpdateOutage, old → new)."""
    require(actor, "outage.manage")
    clean = validate(cmd.data)
    with db.write() as session:
        outage = _load(session, cmd.outage_id, cmd.expected_version)
        if outage.status != OutageStatus.ANNOUNCED:
            raise RuleViolation(
                "停电信息{number}已{status}，不能再修改",
                number=outage.outage_no,
                status=term(rules.STATUSES[outage.status]),
            )
        old_scopes = tuple(_scopes_of(session, [outage.id])[outage.id])
        old = _Clean(
            outage.kind, outage.starts_at, outage.expected_end, outage.reason, outage.note, old_scopes
        )
        outage.kind, outage.starts_at, outage.expected_end = clean.kind, clean.starts_at, clean.expected_end
        outage.ends_at, outage.reason, outage.note = clean.expected_end, clean.reason, clean.note
        outage.updated_by = actor.username
        if set(old_scopes) != set(clean.scopes):
            session.execute(delete(OutageScope).where(OutageScope.outage_id == outage.id))
            session.add_all(OutageScope(outage_id=outage.id, kind=k, value=v) for k, v in clean.scopes)
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.UPDATE_OUTAGE,
            {
                "outage_no": outage.outage_no,
                "base_version": cmd.expected_version,
                "old": old.payload(),
                "new": clean.payload(),
            },
            "outage",
            outage.id,
        )
        return _view(outage, clean.scopes)


@_stale_guard
def end_outage(db: Database, actor: Actor, cmd: EndOutage) -> OutageView:
    """送电: record the actual end (op EndOutage). Not before the start, not in the future."""
    require(actor, "outage.manage")
    now = utcnow()
    actual = to_utc(cmd.actual_end) if cmd.actual_end is not None else now.replace(second=0, microsecond=0)
    with db.write() as session:
        outage = _load(session, cmd.outage_id, cmd.expected_version)
        if outage.status != OutageStatus.ANNOUNCED:
            raise RuleViolation(
                "停电信息{number}已{status}",
                number=outage.outage_no,
                status=term(rules.STATUSES[outage.status]),
            )
        if actual < outage.starts_at:
            raise ValidationErrors([ValidationError("actual_end", "送电时间不能早于停电开始时间")])
        if actual > now + dt.timedelta(minutes=1):
            raise ValidationErrors([ValidationError("actual_end", "送电时间不能晚于现在")])
        outage.status, outage.actual_end, outage.ends_at = OutageStatus.ENDED, actual, actual
        outage.updated_by = actor.username
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.END_OUTAGE,
            {
                "outage_no": outage.outage_no,
                "base_version": cmd.expected_version,
                "actual_end": actual.isoformat(),
            },
            "outage",
            outage.id,
        )
        return _views(session, [outage])[0]


@_stale_guard
def cancel_outage(db: Database, actor: Actor, cmd: CancelOutage) -> OutageView:
    """Cancel an outage that has not started (op CancelOutage); one under way is ended instead."""
    require(actor, "outage.manage")
    try:
        reason = clean_text(cmd.reason, "cancel_reason", "取消原因", max_len=200)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from exc
    with db.write() as session:
        outage = _load(session, cmd.outage_id, cmd.expected_version)
        if outage.status != OutageStatus.ANNOUNCED:
            raise RuleViolation(
                "停电信息{number}已{status}",
                number=outage.outage_no,
                status=term(rules.STATUSES[outage.status]),
            )
        if outage.starts_at <= utcnow():
            raise RuleViolation("停电信息{number}已开始，不能取消；请登记送电时间", number=outage.outage_no)
        outage.status, outage.updated_by = OutageStatus.CANCELLED, actor.username
        outage.note = (f"{outage.note}；" if outage.note else "")[:100] + f"取消：{reason}"[:100]
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.CANCEL_OUTAGE,
            {"outage_no": outage.outage_no, "base_version": cmd.expected_version, "reason": reason},
            "outage",
            outage.id,
        )
        return _views(session, [outage])[0]


# ---- CSV import ----------------------------------------------------------------------------------

COL_KIND, COL_START, COL_END, COL_REASON = "类型", "开始时间", "预计送电时间", "停电原因"
COL_AREAS, COL_LINES, COL_TAREAS, COL_NOTE = "区域", "线路", "台区", "备注"
REQUIRED_COLUMNS = (COL_KIND, COL_START, COL_END, COL_REASON)
TEMPLATE_HEADER = "类型,开始时间,预计送电时间,区域,线路,台区,停电原因,备注"
_COLUMN_OF_FIELD = {
    "kind": COL_KIND,
    "starts_at": COL_START,
    "expected_end": COL_END,
    "reason": COL_REASON,
    "areas": COL_AREAS,
    "lines": COL_LINES,
    "transformer_areas": COL_TAREAS,
    "note": COL_NOTE,
}
_KIND_WORDS = {
    "计划": OutageKind.PLANNED,
    "计划停电": OutageKind.PLANNED,
    "planned": OutageKind.PLANNED,
    "故障": OutageKind.FAULT,
    "故障停电": OutageKind.FAULT,
    "fault": OutageKind.FAULT,
}
_DATETIME = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+|\s*)(\d{1,2})[:：时](\d{2})分?")


def parse_local_datetime(text: str) -> dt.datetime | None:
    """2026-12-08 08:00, 2026/12/8 8:00, 2026-12-08T08:00, 2026年12月8日 8时00分; else None."""
    m = _DATETIME.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if m is None:
        return None
    try:
        year, month, day, hour, minute = (int(g) for g in m.groups())
        return dt.datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def _row_input(check: dict[str, str], line: int, errors: list[RowError]) -> OutageInput | None:
    bad = len(errors)
    kind_text = unicodedata.normalize("NFKC", check.get(COL_KIND, "")).strip().lower()
    kind = _KIND_WORDS.get(kind_text, "")
    if not kind:
        errors.append(
            RowError(
                line,
                COL_KIND,
                Message("类型“{value}”无效，应为 计划 或 故障", value=kind_text)
                if kind_text
                else Message("类型不能为空"),
            )
        )
    times: dict[str, dt.datetime | None] = {}
    for col in (COL_START, COL_END):
        raw = check.get(col, "").strip()
        times[col] = parse_local_datetime(raw) if raw else None
        if raw and times[col] is None:
            errors.append(
                RowError(
                    line,
                    col,
                    Message("{column}“{value}”无效，格式应为 YYYY-MM-DD HH:MM", column=col, value=raw),
                )
            )
    if len(errors) > bad:
        return None
    return OutageInput(
        kind,
        times[COL_START],
        times[COL_END],
        check.get(COL_REASON, ""),
        check.get(COL_AREAS, ""),
        check.get(COL_LINES, ""),
        check.get(COL_TAREAS, ""),
        check.get(COL_NOTE, ""),
    )


def _parse(source: CsvFile, errors: list[RowError]) -> tuple[list[tuple[int, _Clean]], int]:
    records = source.records()
    header = next(records, None)
    if header is None:
        errors.append(RowError(1, "", Message("文件为空，没有表头")))
        return [], 0
    names = [unicodedata.normalize("NFKC", h).strip().lstrip("\ufeff") for h in header.cells]
    index = header_index(header, names, REQUIRED_COLUMNS, source.encoding, errors)
    if index is None:
        return [], 0
    rows: list[tuple[int, _Clean]] = []
    data_rows = 0
    now = utcnow()
    for record in records:
        data_rows += 1
        if record.problem is not None:
            errors.append(record_problem(record, names))
            continue
        cells = {col: (record.cells[i] if i < len(record.cells) else "") for col, i in index.items()}
        data = _row_input(cells, record.line, errors)
        if data is None:
            continue
        try:
            clean = validate(data)
        except ValidationErrors as exc:
            errors.extend(
                RowError(record.line, _COLUMN_OF_FIELD.get(e.field, ""), e.message) for e in exc.errors
            )
            continue
        if clean.kind == OutageKind.PLANNED and clean.expected_end <= now:
            errors.append(RowError(record.line, COL_END, Message("计划停电的预计送电时间已过，请核对时间")))
            continue
        rows.append((record.line, clean))
    if data_rows == 0:
        errors.append(RowError(2, "", Message("文件中没有停电信息")))
    return rows, data_rows


def import_outages_csv(
    db: Database, actor: Actor, content: CsvSource, *, settings: Settings
) -> OutageImportReport:
    """All-or-nothing import of outage notices (UTF-8 with/without BOM, or GBK): columns 类型
    (计划 / 故障), 开始时间, 预计送电时间 (local, YYYY-MM-DD HH:MM), 停电原因 required; 区域, 线路,
    台区 (at least one; several separated by 、 or ;) and 备注 optional. Any problem imports
    nothing; every problem is reported with its line (1 = the header) and column. One
    ImportOutages operation holds every imported outage."""
    require(actor, "outage.manage")
    errors: list[RowError] = []

    def fail(encoding: str, rows: int = 0) -> OutageImportReport:
        errors.sort(key=lambda e: e.line)
        return OutageImportReport(False, rows, 0, tuple(errors[:MAX_REPORTED_ERRORS]), encoding)

    try:
        source = open_csv(content, CsvLimits.of(settings))
    except ValidationError as exc:
        errors.append(RowError(0 if isinstance(exc, ImportTooLarge) else 1, "", exc.message))
        return fail("")
    with source:
        encoding, sha256 = source.encoding, source.sha256
        try:
            rows, data_rows = _parse(source, errors)
        except ImportTooLarge as exc:
            errors[:] = [RowError(0, "", exc.message)]
            return fail(encoding)
    if errors:
        return fail(encoding, data_rows)
    with db.write() as session:
        check_live(session, actor)
        inserted = [(line, _insert(session, actor, clean), clean) for line, clean in rows]
        oplog.append(
            session,
            actor,
            OpType.IMPORT_OUTAGES,
            {
                "rows": data_rows,
                "encoding": encoding,
                "sha256": sha256,
                "outages": [
                    {"line": line, "id": str(o.id), "outage_no": o.outage_no, **clean.payload()}
                    for line, o, clean in inserted
                ],
            },
            "outage_batch",
            inserted[0][1].id,
        )
        numbers = tuple(o.outage_no for _line, o, _clean in inserted)
    return OutageImportReport(True, data_rows, len(numbers), (), encoding, numbers)


__all__ = [
    "COL_AREAS",
    "COL_END",
    "COL_KIND",
    "COL_LINES",
    "COL_NOTE",
    "COL_REASON",
    "COL_START",
    "COL_TAREAS",
    "CancelOutage",
    "EndOutage",
    "OutageInput",
    "TEMPLATE_HEADER",
    "UpdateOutage",
    "cancel_outage",
    "end_outage",
    "get_outage",
    "import_outages_csv",
    "important_customers_in",
    "list_outages",
    "outages_covering",
    "outages_for_customer",
    "parse_local_datetime",
    "record_outage",
    "to_local",
    "to_utc",
    "update_outage",
    "validate",
]
