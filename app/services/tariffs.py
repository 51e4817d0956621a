"""Tariff catalogue (电价目录): versions as data, loaded from the packaged default, edited by admins.

See docs/money-path.md. A tariff change is a new version with a later ``effective_from``; stored
versions are never edited (issued bills point at the version they were priced with). The
version in force on a day is :func:`app.domain.tariffs.catalogue.select_tariff`'s choice: the latest
``effective_from`` on or before the day, so a new version supersedes the old one from its start.

A fresh database gets the shipped catalogue from :func:`app.services.setup.initialize`; an older
database gets it the first time a tariff is looked up (:func:`list_tariffs`, :func:`tariff_on`)
while the table is empty. Either way one ``LoadTariffCatalogue`` operation records it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.codes import OpType, Role
from app.domain.errors import Message, NotFound, ValidationError, ValidationErrors
from app.domain.tariffs.catalogue import load_default_catalogue, select_tariff
from app.domain.tariffs.holidays import HolidayCalendar, load_default_holidays
from app.domain.tariffs.periods import TimeBand
from app.domain.tariffs.policy import tariff_warnings
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.tou import day_bands
from app.dto.billing import TariffVersionRow
from app.dto.common import Actor
from app.services.permissions import require
from app.write_path import oplog
from db.engine import Database
from db.models import AppMeta, Bill, MeterReading, Node, TariffVersion, User

MAX_CODE_LEN = 20
MAX_NAME_LEN = 60
SYSTEM_USER = "system"


@dataclass(frozen=True)
class SaveTariffVersion:
    """A new version of a tariff (never an edit of an old one). ``data`` is Tariff.to_dict()."""

    data: dict[str, Any]


# ---- storage <-> domain ----------------------------------------------------------------------


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def parse_version(row: TariffVersion) -> Tariff:
    return Tariff.from_dict(json.loads(row.data, parse_float=Decimal))


def _row(v: TariffVersion, effective_to: dt.date | None, tariff: Tariff | None = None,
         extra_warnings: tuple[str, ...] = ()) -> TariffVersionRow:
    tariff = tariff or parse_version(v)
    return TariffVersionRow(
        id=v.id, code=v.code, name=v.name, kind=v.kind, effective_from=v.effective_from,
        effective_to=effective_to, created_by=v.created_by, created_at=v.created_at,
        data=tariff.to_dict(), warnings=tuple(tariff_warnings(tariff)) + extra_warnings,
    )


def _effective_to(versions: list[TariffVersion]) -> dict[uuid.UUID, dt.date | None]:
    """Last day of each version: its own ``effective_to``, else the day before the next version."""
    out: dict[uuid.UUID, dt.date | None] = {}
    by_code: dict[str, list[TariffVersion]] = {}
    for v in versions:
        by_code.setdefault(v.code, []).append(v)
    for rows in by_code.values():
        rows.sort(key=lambda v: v.effective_from)
        for i, v in enumerate(rows):
            end = v.effective_to
            if i + 1 < len(rows):
                superseded = rows[i + 1].effective_from - dt.timedelta(days=1)
                end = superseded if end is None else min(end, superseded)
            out[v.id] = end
    return out


class TariffBook:
    """Every stored version, parsed once: what a bill run needs to price thousands of bills."""

    def __init__(self, rows: list[TariffVersion]) -> None:
        self.tariffs: list[Tariff] = []
        self.ids: dict[tuple[str, dt.date], uuid.UUID] = {}
        self.by_code: dict[str, list[Tariff]] = {}
        for row in rows:
            tariff = parse_version(row)
            self.tariffs.append(tariff)
            self.ids[(tariff.code, tariff.effective_from)] = row.id
            self.by_code.setdefault(tariff.code, []).append(tariff)
        self._cache: dict[tuple[str, dt.date], Tariff] = {}

    @classmethod
    def load(cls, session: Session) -> TariffBook:
        return cls(list(session.scalars(select(TariffVersion))))

    def on(self, code: str, day: dt.date) -> Tariff:
        """The version of ``code`` in force on ``day`` (NotFound with a Chinese message)."""
        key = (code, day)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = select_tariff(self.by_code.get(code, ()), code, day)
        return found

    def version_id(self, tariff: Tariff) -> uuid.UUID:
        return self.ids[(tariff.code, tariff.effective_from)]


# ---- the default catalogue -----------------------------------------------------------------

_catalogue_lock = threading.Lock()


def _load_catalogue(session: Session, actor: Actor) -> int:
    """Insert the shipped catalogue when the table is empty (inside the caller's transaction)."""
    if session.scalar(select(func.count()).select_from(TariffVersion)):
        return 0
    tariffs = load_default_catalogue()
    for t in tariffs:
        session.add(TariffVersion(code=t.code, name=t.name, kind=t.kind, effective_from=t.effective_from,
                                  effective_to=t.effective_to, data=_dumps(t.to_dict()), created_by=actor.username))
    session.flush()
    oplog.append(session, actor, OpType.LOAD_TARIFF_CATALOGUE, {
        "source": "resources/tariffs/default_catalogue.json",
        "versions": [t.to_dict() for t in tariffs],
    }, "tariff_version", None)
    return len(tariffs)


def ensure_default_catalogue(db: Database, actor: Actor) -> int:
    """Load resources/tariffs/default_catalogue.json when the table is empty; returns rows added."""
    with _catalogue_lock:
        with db.read() as session:
            if session.scalar(select(func.count()).select_from(TariffVersion)):
                return 0
        try:
            with db.write() as session:
                return _load_catalogue(session, actor)
        except IntegrityError:
            # Another counter on the same PostgreSQL database loaded it at the same moment
            # (unique code + effective_from): theirs is the same catalogue.
            with db.read() as session:
                if session.scalar(select(func.count()).select_from(TariffVersion)):
                    return 0
            raise


def system_actor(db: Database) -> Actor:
    """Who signs a lazy catalogue load when no user is at hand: the local node's first admin."""
    with db.read() as session:
        meta = session.get(AppMeta, "local_node_code")
        node = session.scalar(select(Node).where(Node.code == meta.value)) if meta else None
        if node is None:
            node = session.scalar(select(Node).order_by(Node.created_at).limit(1))
        if node is None:
            raise NotFound("数据库尚未初始化，无法加载电价目录")
        user = session.scalar(select(User).where(User.node_id == node.id, User.role == Role.ADMIN)
                              .order_by(User.created_at).limit(1))
        if user is None:
            return Actor(uuid.UUID(int=0), SYSTEM_USER, "系统", Role.ADMIN, "", node.id, node.code)
        user_id = user.id
    from app.services.auth import service_actor  # a service session: writes check it (issue 7 item 5)

    return service_actor(db, user_id)


def ensure_catalogue_loaded(db: Database, actor: Actor | None) -> None:
    with db.read() as session:
        if session.scalar(select(func.count()).select_from(TariffVersion)):
            return
    if actor is not None:
        ensure_default_catalogue(db, actor)
        return
    from app.services.auth import logout

    system = system_actor(db)
    try:
        ensure_default_catalogue(db, system)
    finally:
        logout(db, system)  # the service session lasts this one load


# ---- queries ---------------------------------------------------------------------------------


def list_tariffs(db: Database, actor: Actor) -> list[TariffVersionRow]:
    """Every version of every tariff, by code and then newest first."""
    require(actor, "bill.view")
    ensure_catalogue_loaded(db, actor)
    with db.read() as session:
        versions = list(session.scalars(select(TariffVersion)))
        ends = _effective_to(versions)
        versions.sort(key=lambda v: (v.code, -v.effective_from.toordinal()))
        return [_row(v, ends[v.id]) for v in versions]


def get_tariff_version(db: Database, actor: Actor, version_id: uuid.UUID) -> TariffVersionRow:
    require(actor, "bill.view")
    with db.read() as session:
        v = session.get(TariffVersion, version_id)
        if v is None:
            raise NotFound("电价版本不存在")
        siblings = list(session.scalars(select(TariffVersion).where(TariffVersion.code == v.code)))
        return _row(v, _effective_to(siblings)[v.id])


def tariff_on(db: Database, code: str, on_date: dt.date) -> TariffVersionRow:
    """The version of ``code`` in force on ``on_date`` (NotFound when there is none)."""
    ensure_catalogue_loaded(db, None)
    with db.read() as session:
        versions = list(session.scalars(select(TariffVersion).where(TariffVersion.code == code)))
        parsed = {(v.code, v.effective_from): (v, parse_version(v)) for v in versions}
        chosen = select_tariff([t for _, t in parsed.values()], code, on_date)
        row, tariff = parsed[(chosen.code, chosen.effective_from)]
        return _row(row, _effective_to(versions)[row.id], tariff)


# ---- the admin's edit: a new version ---------------------------------------------------------


def _clean_code(value: Any) -> str:
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip().upper()


def validate_version(data: dict[str, Any]) -> Tariff:
    """Tariff.from_dict plus the storage limits; every problem is a ValidationErrors."""
    if not isinstance(data, dict):
        raise ValidationErrors([ValidationError("data", "电价数据格式不正确")])
    data = dict(data)
    data["code"] = _clean_code(data.get("code"))
    errors: list[ValidationError] = []
    code = data["code"]
    if not code:
        errors.append(ValidationError("code", "电价代码不能为空"))
    elif len(code) > MAX_CODE_LEN or not code.isascii() or not all(c.isalnum() or c == "-" for c in code):
        errors.append(ValidationError("code", "电价代码为字母、数字或短横线，不超过{max_len}位", max_len=MAX_CODE_LEN))
    name = data.get("name")
    if isinstance(name, str) and len(name.strip()) > MAX_NAME_LEN:
        errors.append(ValidationError("name", "电价名称不超过{max_len}个字", max_len=MAX_NAME_LEN))
    if errors:
        raise ValidationErrors(errors)
    try:
        return Tariff.from_dict(data)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from None
    except TypeError as exc:  # a float where a price belongs
        raise ValidationErrors([ValidationError("data", "数值请以文本给出（如 \"0.538\"）：{detail}", detail=str(exc))]) from None


def save_tariff_version(db: Database, actor: Actor, cmd: SaveTariffVersion) -> TariffVersionRow:
    """Admin only; validated by app.domain.tariffs.tariff.Tariff.from_dict; op AddTariffVersion.

    The new version must start after the latest stored version of the code (history is never
    rewritten). Warnings (policy checks, bills already issued on or after the start date) come
    back in ``warnings``; they do not block."""
    require(actor, "tariff.manage")
    tariff = validate_version(cmd.data)
    ensure_catalogue_loaded(db, actor)
    with db.write() as session:
        latest = session.scalar(select(func.max(TariffVersion.effective_from))
                                .where(TariffVersion.code == tariff.code))
        if latest is not None and tariff.effective_from <= latest:
            raise ValidationErrors([ValidationError(
                "effective_from",
                "电价 {code} 已有 {latest} 起生效的版本；已有版本不能修改，新版本的生效日期须晚于 {latest}",
                code=tariff.code, latest=latest.isoformat())])
        extra: list[str] = []
        billed = session.scalar(
            select(func.count()).select_from(Bill)
            .join(MeterReading, MeterReading.id == Bill.reading_id)
            .where(Bill.tariff_code == tariff.code, MeterReading.reading_date >= tariff.effective_from))
        if billed:
            extra.append(Message("已有 {count} 张账单的抄表日期在 {date} 及以后，"
                                 "它们按原版本计算，不会自动重算（如需更正请开退补账单）",
                                 count=billed, date=tariff.effective_from))
        data = tariff.to_dict()
        row = TariffVersion(code=tariff.code, name=tariff.name, kind=tariff.kind,
                            effective_from=tariff.effective_from, effective_to=tariff.effective_to,
                            data=_dumps(data), created_by=actor.username)
        session.add(row)
        session.flush()
        oplog.append(session, actor, OpType.ADD_TARIFF_VERSION, data, "tariff_version", row.id)
        siblings = list(session.scalars(select(TariffVersion).where(TariffVersion.code == tariff.code)))
        return _row(row, _effective_to(siblings)[row.id], tariff, tuple(extra))


# ---- the holiday calendar (法定节假日) and a day's periods ------------------------------------


@functools.cache
def holiday_calendar() -> HolidayCalendar:
    """The public holidays shipped in resources/tariffs/holidays.json (read once)."""
    return load_default_holidays()


def holiday_years() -> tuple[int, ...]:
    """The years the shipped calendar covers (a notice is published each November)."""
    return holiday_calendar().years


def holidays(years: int | Iterable[int], *, statutory_only: bool = False) -> frozenset[dt.date]:
    """The public-holiday days off (放假日, make-up working days excluded) of a year or of
    several (``holidays(2026)``, ``holidays(range(2025, 2027))``); ``statutory_only`` keeps
    just the statutory days (法定假日). A year the calendar does not cover is NotFound — an
    unknown year is not a year without holidays."""
    wanted = [years] if isinstance(years, int) else list(years)
    calendar = holiday_calendar()
    missing = [y for y in wanted if not calendar.covers(y)]
    if missing:
        known = Message.join([str(y) for y in calendar.years], "、")
        raise NotFound("{year} 年的法定节假日安排尚未收录（已收录：{known} 年）", year=missing[0], known=known)
    return calendar.days_off(wanted, statutory_only=statutory_only)


@dataclass(frozen=True)
class TariffDay:
    """A TOU version's periods on one day, and why: the season (the months' table) and the
    holiday whose bands were cut in."""

    day: dt.date
    bands: tuple[TimeBand, ...]
    season: str
    holiday: str  # the holiday's name when ``day`` is a day off, else ""
    statutory: bool  # a statutory holiday (法定假日) itself
    workday: bool  # a make-up working day (调休上班): an ordinary working day's table
    calendar_known: bool  # the shipped calendar covers the year (else no holiday is applied)
    in_effect: bool  # the version is in force on ``day``
    has_holiday_bands: bool


def tariff_day(tariff: Tariff | Mapping[str, Any], day: dt.date) -> TariffDay:
    """``day_bands(tariff, day, holidays)`` with the shipped holiday calendar, for showing an
    admin what a day looks like (a holiday shows the override, a summer day the summer table).
    ``tariff`` is a Tariff or its dict; a tariff that is not TOU is a RuleViolation."""
    if not isinstance(tariff, Tariff):
        tariff = Tariff.from_dict(tariff)
    calendar = holiday_calendar()
    known = calendar.covers(day.year)
    off = calendar.days_off([day.year]) if known else frozenset()
    holiday = calendar.holiday_on(day)
    return TariffDay(
        day=day,
        bands=tuple(day_bands(tariff, day, off)),
        season=tariff.schedule_for_month(day.month).name,
        holiday=holiday.name if holiday is not None else "",
        statutory=holiday is not None and day in holiday.statutory,
        workday=day in calendar.workdays([day.year]),
        calendar_known=known,
        in_effect=tariff.effective_on(day),
        has_holiday_bands=bool(tariff.holiday_bands),
    )
