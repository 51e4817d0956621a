"""Meter readings import (抄表数据导入): one period's readings from a CSV file, all or nothing.

Every problem of the file is reported at once, with its line, column and a translatable
message; the rows are checked on their own first, then against the stored data (the account,
the period's reading, the register chain, the tariff's time-of-use periods). The bill run
(:mod:`app.services.bill_run`) prices what was imported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from app.config import Settings
from app.domain.codes import CustomerStatus, ReadingSource, TariffKind
from app.domain.errors import NotFound, ValidationError
from app.domain.messages import Message, term
from app.domain.periods import check_period, period_bounds
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.terms import PERIODS
from app.dto.common import Actor, ImportReport, RowError
from app.services.csv_files import CsvFile, CsvLimits, CsvSource, ImportTooLarge, Record, open_csv
from app.services.permissions import require
from app.services.tariffs import TariffBook
from app.write_path import oplog
from db.bulk import fast_insert, in_chunks, new_ids
from db.engine import Database
from db.keys import uuid7
from db.models import Customer, MeterReading, utcnow

__all__ = [
    "MAX_REPORTED_ERRORS",
    "REQUIRED_COLUMNS",
    "TOU_COLUMNS",
    "header_index",
    "import_readings_csv",
    "parse_date",
    "record_problem",
]

COL_ACCOUNT, COL_DATE, COL_PREVIOUS, COL_CURRENT, COL_MULTIPLIER = (
    "户号",
    "抄表日期",
    "上次示数",
    "本次示数",
    "倍率",
)
REQUIRED_COLUMNS = (COL_ACCOUNT, COL_DATE, COL_PREVIOUS, COL_CURRENT)
TOU_COLUMNS: dict[str, str] = {label: code for code, label in PERIODS.items()}  # 尖峰 → critical_peak …
MAX_REPORTED_ERRORS = 1000
MAX_MULTIPLIER = 1_000_000
_DATE_RE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def _parse_int(text: str) -> int | None:
    """A non-negative whole number (full-width digits fold; "1234.00" is 1234); else None."""
    t = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not t:
        return None
    try:
        value = Decimal(t)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        return None
    return int(value)


def parse_date(text: str) -> dt.date | None:
    """A date as written in a file (2026-03-25, 2026/3/25, 2026年3月25日, 20260325), or None."""
    t = unicodedata.normalize("NFKC", text).strip()
    m = _DATE_RE.fullmatch(t)
    if m is None and len(t) == 8 and t.isdigit():
        m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", t)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass
class _ParsedRow:
    line: int
    account_no: str
    reading_date: dt.date
    previous: int
    current: int
    multiplier: int
    kwh: int
    tou: dict[str, int] | None


@dataclass
class _RowFacts:
    """What a row says as far as it could be read: the database checks run on every row with an
    account, whatever else is wrong with it, so one pass reports every error of the file."""

    line: int
    account_no: str
    reading_date: dt.date | None
    previous: int | None
    kwh: int | None
    tou: dict[str, int] | None


_TOU_TERMS = {
    "尖峰": term("尖峰"),
    "峰": term("峰"),
    "平": term("平"),
    "谷": term("谷"),
    "深谷": term("深谷"),
}


def _tou_term(label: str) -> Message:
    """A time-of-use period's name (尖峰 …) as a translatable term."""
    return _TOU_TERMS.get(label) or term(label)


def import_readings_csv(
    db: Database, actor: Actor, content: CsvSource, period: str, *, settings: Settings
) -> ImportReport:
    """All-or-nothing import of one period's readings (UTF-8 with/without BOM, or GBK).

    Columns 户号, 抄表日期, 上次示数, 本次示数 are required; 倍率 and the TOU columns
    尖峰/峰/平/谷/深谷 are optional. Every problem is reported with its line (1 = the header),
    column and a Chinese message, and any problem imports nothing. ``content`` is the file's
    bytes or (streamed, never read whole) its path; a file over the size or row limits of
    ``settings`` is refused before it is read through. Op ImportReadings."""
    require(actor, "bill.import")
    period = check_period(period)
    first_day, last_day = period_bounds(period)
    errors: list[RowError] = []

    def fail(encoding: str, rows: int = 0) -> ImportReport:
        return ImportReport(False, rows, 0, tuple(errors[:MAX_REPORTED_ERRORS]), encoding)

    try:
        source = open_csv(content, CsvLimits.of(settings))
    except ValidationError as exc:
        errors.append(RowError(0 if isinstance(exc, ImportTooLarge) else 1, "", exc.message))
        return fail("")
    with source:
        encoding = source.encoding
        try:
            outcome = _read_readings(source, period, first_day, last_day, errors)
        except ValidationError as exc:  # too many rows: the rest of the file is not read
            errors[:] = [RowError(0, "", exc.message)]
            return fail(encoding)
    if outcome is None:
        return fail(encoding)
    parsed, facts, tou_cols, data_rows = outcome
    if data_rows == 0:
        errors.append(RowError(2, "", Message("文件中没有抄表数据")))
        return fail(encoding, data_rows)
    if errors:
        # Refused already; the rows are still checked against the stored data so that the
        # report lists every error of the file at once (issue 6 #22).
        with db.read() as session:
            errors.extend(_stored_data_errors(session, period, facts, tou_cols)[0])
        errors.sort(key=lambda e: e.line)  # stable: a row's own errors before its stored-data ones
        return fail(encoding, data_rows)

    try:
        return _write_readings(db, actor, source.sha256, period, parsed, facts, tou_cols, encoding, data_rows)
    except IntegrityError:
        # Another supervisor imported readings of the same customers and period meanwhile.
        return ImportReport(
            False,
            data_rows,
            0,
            (RowError(1, "", Message("其他用户刚刚导入了本期的抄表数据，请核对后重新导入")),),
            encoding,
        )


def header_index(
    header: Record, names: list[str], required: Sequence[str], encoding: str, errors: list[RowError]
) -> dict[str, int] | None:
    """Column name → index, or None (with the header's errors) when the header is unusable."""
    if header.problem is not None:
        errors.append(RowError(1, "", header.problem))
        return None
    if not any(h.strip() for h in header.cells):
        errors.append(RowError(1, "", Message("文件为空，没有表头")))
        return None
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in index and name:
            errors.append(RowError(1, name, Message("表头中“{name}”列出现了两次", name=name)))
        index.setdefault(name, i)
    for col in required:
        if col not in index:
            if encoding == "GBK":
                errors.append(
                    RowError(
                        1,
                        col,
                        Message(
                            "缺少必填列“{column}”（文件编码识别为 {encoding}）", column=col, encoding=encoding
                        ),
                    )
                )
            else:
                errors.append(RowError(1, col, Message("缺少必填列“{column}”", column=col)))
    return None if errors else index


def record_problem(record: Record, header: list[str]) -> RowError:
    """The row error of a row that could not be read (a cell too long, a NUL character)."""
    column = header[record.cell] if 0 <= record.cell < len(header) else ""
    assert record.problem is not None
    return RowError(record.line, column, record.problem)


@dataclass(frozen=True)
class _Columns:
    """Where the header put each column, and the TOU columns present ((label, period code))."""

    index: dict[str, int]
    tou_cols: list[tuple[str, str]]

    def cell(self, row: list[str], col: str) -> str:
        i = self.index.get(col)
        return row[i].strip() if i is not None and i < len(row) else ""


@dataclass(frozen=True)
class _Window:
    """The dates a reading of the period may carry."""

    period: str
    first_day: dt.date
    last_day: dt.date
    today: dt.date


def _read_readings(
    source: CsvFile,
    period: str,
    first_day: dt.date,
    last_day: dt.date,
    errors: list[RowError],
) -> tuple[list[_ParsedRow], list[_RowFacts], list[tuple[str, str]], int] | None:
    """The rows checked on their own (no database), or None when the header is unusable."""
    records = source.records()
    header = next(records, None)
    if header is None:
        errors.append(RowError(1, "", Message("文件为空，没有表头")))
        return None
    names = [unicodedata.normalize("NFKC", h).strip().lstrip("\ufeff") for h in header.cells]
    found = header_index(header, names, REQUIRED_COLUMNS, source.encoding, errors)
    if found is None:
        return None
    columns = _Columns(found, [(label, code) for label, code in TOU_COLUMNS.items() if label in found])
    window = _Window(period, first_day, last_day, dt.date.today())
    parsed: list[_ParsedRow] = []
    facts: list[_RowFacts] = []
    first_line: dict[str, int] = {}
    data_rows = 0
    for record in records:
        data_rows += 1
        if record.problem is not None:
            errors.append(record_problem(record, names))
            continue
        row = _check_row(record.line, record.cells, columns, window, first_line, facts, errors)
        if row is not None:
            parsed.append(row)
    return parsed, facts, columns.tou_cols, data_rows


def _check_row(
    line: int,
    row: list[str],
    columns: _Columns,
    window: _Window,
    first_line: dict[str, int],
    facts: list[_RowFacts],
    errors: list[RowError],
) -> _ParsedRow | None:
    """One data row checked on its own: the row, or None with its problems added to ``errors``.
    A row with an account (not repeated) also leaves its facts in ``facts``."""
    row_errors: list[RowError] = []
    account = unicodedata.normalize("NFKC", columns.cell(row, COL_ACCOUNT)).strip()
    _check_account(line, account, first_line, facts, row_errors)
    reading_date = _check_date(line, columns.cell(row, COL_DATE), window, row_errors)
    values = _check_registers(line, row, columns, row_errors)
    multiplier = _check_multiplier(line, columns.cell(row, COL_MULTIPLIER), row_errors)
    kwh = _check_kwh(line, values, multiplier, row_errors)
    tou = _check_tou(line, row, columns, kwh, row_errors)
    if facts and facts[-1].line == line:
        facts[-1] = _RowFacts(line, account, reading_date, values.get(COL_PREVIOUS), kwh, _nonzero(tou))
    if row_errors:
        errors.extend(row_errors)
        return None
    assert reading_date is not None and kwh is not None
    return _ParsedRow(
        line, account, reading_date, values[COL_PREVIOUS], values[COL_CURRENT], multiplier, kwh, _nonzero(tou)
    )


def _nonzero(tou: dict[str, int] | None) -> dict[str, int] | None:
    """The TOU periods with kWh (None: no TOU columns filled in)."""
    return {k: v for k, v in tou.items() if v} if tou else None


def _check_account(
    line: int, account: str, first_line: dict[str, int], facts: list[_RowFacts], row_errors: list[RowError]
) -> None:
    if not account:
        row_errors.append(RowError(line, COL_ACCOUNT, Message("户号不能为空")))
    elif account in first_line:
        row_errors.append(
            RowError(
                line,
                COL_ACCOUNT,
                Message("户号 {account} 与第 {line} 行重复", account=account, line=first_line[account]),
            )
        )
    else:
        first_line[account] = line
        facts.append(_RowFacts(line, account, None, None, None, None))


def _check_date(line: int, raw_date: str, window: _Window, row_errors: list[RowError]) -> dt.date | None:
    reading_date = parse_date(raw_date)
    if reading_date is None:
        row_errors.append(
            RowError(line, COL_DATE, Message("日期“{value}”无效，格式应为 YYYY-MM-DD", value=raw_date))
        )
    elif not window.first_day <= reading_date <= window.last_day:
        row_errors.append(
            RowError(
                line,
                COL_DATE,
                Message("抄表日期 {date} 不在账期 {period} 内", date=str(reading_date), period=window.period),
            )
        )
    elif reading_date > window.today:
        row_errors.append(
            RowError(line, COL_DATE, Message("抄表日期 {date} 晚于今天", date=str(reading_date)))
        )
    return reading_date


def _check_registers(
    line: int, row: list[str], columns: _Columns, row_errors: list[RowError]
) -> dict[str, int]:
    """上次示数 and 本次示数, those that are whole numbers."""
    values: dict[str, int] = {}
    for col in (COL_PREVIOUS, COL_CURRENT):
        raw = columns.cell(row, col)
        value = _parse_int(raw)
        if value is None:
            name = term("上次示数") if col == COL_PREVIOUS else term("本次示数")
            message = (
                Message("{label}不能为空", label=name)
                if not raw
                else Message("{label}“{value}”应为不小于零的整数", label=name, value=raw)
            )
            row_errors.append(RowError(line, col, message))
        else:
            values[col] = value
    return values


def _check_multiplier(line: int, raw_mult: str, row_errors: list[RowError]) -> int:
    if raw_mult:
        parsed_mult = _parse_int(raw_mult)
        if parsed_mult is None or not 1 <= parsed_mult <= MAX_MULTIPLIER:
            row_errors.append(
                RowError(line, COL_MULTIPLIER, Message("倍率“{value}”应为正整数", value=raw_mult))
            )
        else:
            return parsed_mult
    return 1


def _check_kwh(line: int, values: dict[str, int], multiplier: int, row_errors: list[RowError]) -> int | None:
    """(本次示数 − 上次示数) × 倍率, when both registers were read and the meter did not run back."""
    if len(values) != 2:
        return None
    if values[COL_CURRENT] < values[COL_PREVIOUS]:
        row_errors.append(
            RowError(
                line,
                COL_CURRENT,
                Message(
                    "本次示数 {current} 小于上次示数 {previous}（示数倒走）",
                    current=values[COL_CURRENT],
                    previous=values[COL_PREVIOUS],
                ),
            )
        )
        return None
    return (values[COL_CURRENT] - values[COL_PREVIOUS]) * multiplier


def _check_tou(
    line: int, row: list[str], columns: _Columns, kwh: int | None, row_errors: list[RowError]
) -> dict[str, int] | None:
    """The TOU kWh by period code (None: no TOU cell filled in); they must add up to ``kwh``."""
    tou_cols = columns.tou_cols
    if not any(columns.cell(row, label) for label, _ in tou_cols):
        return None
    tou: dict[str, int] = {}
    for label, code in tou_cols:
        raw = columns.cell(row, label)
        value = _parse_int(raw) if raw else 0
        if value is None:
            row_errors.append(
                RowError(
                    line,
                    label,
                    Message("{period}电量“{value}”应为不小于零的整数", period=_tou_term(label), value=raw),
                )
            )
        else:
            tou[code] = value
    if kwh is not None and len(tou) == len(tou_cols) and sum(tou.values()) != kwh:
        row_errors.append(
            RowError(
                line,
                tou_cols[0][0],
                Message(
                    "各时段电量之和 {total} 与总电量 {kwh}（(本次示数−上次示数)×倍率）不一致",
                    total=sum(tou.values()),
                    kwh=kwh,
                ),
            )
        )
    return tou


@dataclass(frozen=True)
class _Stored:
    """What the database holds for the file's customers."""

    customers: dict[str, tuple[uuid.UUID, str, str]]  # account no → (id, status, tariff code)
    existing: set[uuid.UUID]  # customers with a reading of the period
    newer: dict[uuid.UUID, str]  # customer → its latest period after this one
    last: dict[uuid.UUID, tuple[str, int]]  # customer → (period, 本次示数) of its reading before


def _stored_data_errors(
    session: Session, period: str, rows: list[_RowFacts], tou_cols: list[tuple[str, str]]
) -> tuple[list[RowError], dict[str, uuid.UUID]]:
    """The checks of the rows against the stored data (the account, the period's reading, the
    register chain, the tariff's time-of-use periods), every applicable one for every row: a
    row's other problems do not hide these, nor one of these another. Also the customer id of
    each account found."""
    customers = _customers_by_account(session, rows)
    stored = _stored_readings(session, period, customers)
    book = TariffBook.load(session)
    _, last_day = period_bounds(period)
    errors: list[RowError] = []
    for p in rows:
        found = customers.get(p.account_no)
        refused = _account_refusal(p, found, stored, period)
        if refused is not None:
            errors.append(refused)
            continue
        assert found is not None
        cid, _, code = found
        chain = _register_chain_error(p, stored.last.get(cid))
        if chain is not None:
            errors.append(chain)
        try:
            tariff = book.on(code, p.reading_date or last_day)
        except NotFound:
            continue  # the bill run reports a missing tariff; the reading itself is fine
        errors.extend(_tou_errors(p, code, tariff, tou_cols))
    return errors, {account_no: found[0] for account_no, found in customers.items()}


def _customers_by_account(session: Session, rows: list[_RowFacts]) -> dict[str, tuple[uuid.UUID, str, str]]:
    customers: dict[str, tuple[uuid.UUID, str, str]] = {}
    for part in in_chunks([r.account_no for r in rows]):
        for cid, account_no, status, code in session.execute(
            select(Customer.id, Customer.account_no, Customer.status, Customer.tariff_code).where(
                Customer.account_no.in_(part)
            )
        ):
            customers[account_no] = (cid, status, code)
    return customers


def _stored_readings(
    session: Session, period: str, customers: dict[str, tuple[uuid.UUID, str, str]]
) -> _Stored:
    ids = [c[0] for c in customers.values()]
    existing: set[uuid.UUID] = set()
    last: dict[uuid.UUID, tuple[str, int]] = {}
    newer: dict[uuid.UUID, str] = {}
    later = aliased(MeterReading)
    for part in in_chunks(ids):
        existing.update(
            session.scalars(
                select(MeterReading.customer_id).where(
                    MeterReading.customer_id.in_(part), MeterReading.period == period
                )
            )
        )
        # A period slipped in before a later one would break the register chain (the later
        # reading's 上次示数 no longer follows) and the year-to-date kWh of bills already issued.
        for cid, newest_period in session.execute(
            select(MeterReading.customer_id, func.max(MeterReading.period))
            .where(MeterReading.customer_id.in_(part), MeterReading.period > period)
            .group_by(MeterReading.customer_id)
        ):
            newer[cid] = newest_period
        newest = (
            select(func.max(later.period))
            .where(later.customer_id == MeterReading.customer_id, later.period < period)
            .scalar_subquery()
        )
        for cid, last_period, cur in session.execute(
            select(MeterReading.customer_id, MeterReading.period, MeterReading.current).where(
                MeterReading.customer_id.in_(part), MeterReading.period == newest
            )
        ):
            last[cid] = (last_period, int(cur))
    return _Stored(customers, existing, newer, last)


def _account_refusal(
    p: _RowFacts, found: tuple[uuid.UUID, str, str] | None, stored: _Stored, period: str
) -> RowError | None:
    """Why the row's account takes no reading of the period (no other check of the row follows)."""
    if found is None:
        return RowError(p.line, COL_ACCOUNT, Message("户号 {account} 不存在", account=p.account_no))
    cid, status, _ = found
    if status == CustomerStatus.CLOSED:
        return RowError(
            p.line, COL_ACCOUNT, Message("户号 {account} 已销户，不能导入抄表数据", account=p.account_no)
        )
    if cid in stored.existing:
        return RowError(
            p.line,
            COL_ACCOUNT,
            Message("户号 {account} 在 {period} 已有抄表记录", account=p.account_no, period=period),
        )
    if cid in stored.newer:
        return RowError(
            p.line,
            COL_ACCOUNT,
            Message(
                "户号 {account} 已有较晚账期（{latest}）的抄表记录，不能补录 {period} 的抄表；更正已出账的电量请办理退补",
                account=p.account_no,
                latest=stored.newer[cid],
                period=period,
            ),
        )
    return None


def _register_chain_error(p: _RowFacts, last: tuple[str, int] | None) -> RowError | None:
    """上次示数 must be the 本次示数 of the customer's reading before."""
    if p.previous is not None and last is not None and last[1] != p.previous:
        return RowError(
            p.line,
            COL_PREVIOUS,
            Message(
                "上次示数 {previous} 与系统中上期（{last_period}）本次示数 {last_current} 不一致",
                previous=p.previous,
                last_period=last[0],
                last_current=last[1],
            ),
        )
    return None


def _tou_errors(p: _RowFacts, code: str, tariff: Tariff, tou_cols: list[tuple[str, str]]) -> list[RowError]:
    """A TOU tariff needs the kWh of each period, and only of periods it prices."""
    if tariff.kind != TariffKind.TOU or p.kwh == 0:
        return []
    if not p.tou:
        return [
            RowError(
                p.line,
                tou_cols[0][0] if tou_cols else COL_CURRENT,
                Message(
                    "户号 {account} 执行分时电价（{tariff}），须填写各时段电量（{periods}）",
                    account=p.account_no,
                    tariff=code,
                    periods=Message.join([_tou_term(PERIODS[c]) for c in tariff.prices], sep="/"),
                ),
            )
        ]
    unpriced = [c for c in p.tou if c not in tariff.prices]
    if unpriced:
        return [
            RowError(
                p.line,
                PERIODS[unpriced[0]],
                Message(
                    "户号 {account} 的电价 {tariff} 没有{period}时段",
                    account=p.account_no,
                    tariff=code,
                    period=_tou_term(PERIODS[unpriced[0]]),
                ),
            )
        ]
    return []


def _write_readings(
    db: Database,
    actor: Actor,
    sha256: str,
    period: str,
    parsed: list[_ParsedRow],
    facts: list[_RowFacts],
    tou_cols: list[tuple[str, str]],
    encoding: str,
    data_rows: int,
) -> ImportReport:
    with db.write() as session:
        errors, customers = _stored_data_errors(session, period, facts, tou_cols)
        if errors:
            errors.sort(key=lambda e: e.line)
            return ImportReport(False, data_rows, 0, tuple(errors[:MAX_REPORTED_ERRORS]), encoding)
        batch_id = uuid7()
        now = utcnow()
        fast_insert(
            session,
            MeterReading,
            [
                {
                    "id": rid,
                    "customer_id": customers[p.account_no],
                    "period": period,
                    "reading_date": p.reading_date,
                    "previous": p.previous,
                    "current": p.current,
                    "multiplier": p.multiplier,
                    "kwh": p.kwh,
                    "tou_kwh": json.dumps(p.tou, separators=(",", ":")) if p.tou else None,
                    "source": ReadingSource.CSV.value,
                    "batch_id": batch_id,
                    "created_by": actor.username,
                    "created_at": now,
                }
                for p, rid in zip(parsed, new_ids(len(parsed)), strict=True)
            ],
        )
        oplog.append(
            session,
            actor,
            "ImportReadings",
            {
                "batch_id": str(batch_id),
                "period": period,
                "rows": len(parsed),
                "kwh": sum(p.kwh for p in parsed),
                "encoding": encoding,
                "sha256": sha256,
            },
            "reading_batch",
            batch_id,
        )
    return ImportReport(True, data_rows, len(parsed), (), encoding, batch_id)
