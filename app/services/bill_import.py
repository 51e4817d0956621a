"""Ready-made bills import (账单导入): bills computed elsewhere (the utility's central billing
system), issued here as they are.

See docs/money-path.md ("Ready-made bills CSV"). An imported bill is an ordinary ``regular``
bill — same table, same bill-number series, same ledger, late fees, payments and bill view —
whose explanation (``Bill.lines``) holds one line saying it was imported, with its kWh and
amount, and ``"source": "import"`` with the batch id: that is where the bill came from (no
reading, no tariff version). Its kWh counts toward the year-to-date of later computed bills.

All or nothing, like the readings import: every problem is reported with its line (1 = the
header), column and a Chinese message, and any problem imports nothing. One ``ImportBills``
operation per import.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain.codes import BillType, CustomerStatus, OpType
from app.domain.errors import Message, ValidationError, ValidationErrors
from app.domain.hall_rules import HallRules
from app.domain.money import format_yuan, parse_amount
from app.domain.periods import check_period, period_bounds, utc_at
from app.domain.text import clean_text
from app.dto.billing import BillImportReport
from app.dto.common import Actor, RowError
from app.services import audit, hall_rules
from app.services.csv_files import CsvFile, CsvLimits, CsvSource, ImportTooLarge, open_csv
from app.services.ledger import OffsetPayment, insert_offsets, load_open_ledgers, offset_payment
from app.services.permissions import require
from app.services.readings import MAX_REPORTED_ERRORS, header_index, parse_date, record_problem
from app.write_path import oplog
from app.write_path.numbers import format_number, next_seq
from db.bulk import fast_insert, in_chunks, new_ids
from db.engine import Database
from db.keys import uuid7
from db.models import Bill, Customer, Payment, utcnow

COL_ACCOUNT, COL_PERIOD, COL_KWH, COL_AMOUNT = "户号", "账期", "电量", "金额"
COL_ISSUE, COL_DUE, COL_NOTE = "出账日期", "缴费截止日", "备注"
REQUIRED_COLUMNS = (COL_ACCOUNT, COL_PERIOD, COL_KWH, COL_AMOUNT)
#: The header of the template (units in brackets are optional: "电量" and "电量(kWh)" both work).
TEMPLATE_HEADER = "户号,账期,电量(kWh),金额(元),出账日期,缴费截止日,备注"
MAX_ACCOUNT_LEN = 20  # Customer.account_no
MAX_NOTE_LEN = 100  # Bill.note holds "导入账单：" + the remark
MAX_KWH = 10**10
MAX_AMOUNT_FEN = 10**12  # ¥10 billion: far above any monthly bill, far below BIGINT
MAX_DUE_DAYS = 366
SOURCE = "import"
_UNIT = re.compile(r"\s*\((?:kwh|千瓦时|度|元|人民币元)\)\s*$", re.IGNORECASE)
_PERIOD = re.compile(r"(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?")


@dataclass(frozen=True)
class _Row:
    line: int
    account_no: str
    period: str
    kwh: int
    amount_fen: int
    issue_date: dt.date
    due_date: dt.date | None  # None: issue date + the hall rule bill_due_days
    remark: str


# ---- reading the file --------------------------------------------------------------------------


def _column_name(header: str) -> str:
    name = unicodedata.normalize("NFKC", header).strip().lstrip("\ufeff")
    return _UNIT.sub("", name)


def _period(raw: str) -> str | None:
    m = _PERIOD.fullmatch(unicodedata.normalize("NFKC", raw).strip())
    if m is None:
        return None
    try:
        return check_period(f"{m.group(1)}-{int(m.group(2)):02d}")
    except ValidationErrors:
        return None


def _kwh(raw: str) -> int | Message:
    """Whole kWh ≥ 0, or the message saying what is wrong."""
    t = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
    if not t:
        return Message("电量不能为空")
    try:
        value = Decimal(t)
    except InvalidOperation:
        return Message("电量“{value}”不是数字", value=raw)
    if not value.is_finite():
        return Message("电量“{value}”不是数字", value=raw)
    if value < 0:
        return Message("电量不能为负数")
    if value != value.to_integral_value():
        return Message("电量“{value}”应为整数 kWh", value=raw)
    if value > MAX_KWH:
        return Message("电量 {value} 过大", value=raw)
    return int(value)


def _parse_rows(source: CsvFile, default_issue: dt.date, today: dt.date,
                errors: list[RowError]) -> tuple[list[_Row], int]:
    """The rows of the file checked on their own (no database): (rows, data rows read)."""
    records = source.records()
    header = next(records, None)
    if header is None:
        errors.append(RowError(1, "", Message("文件为空，没有表头")))
        return [], 0
    names = [_column_name(h) for h in header.cells]
    found = header_index(header, names, REQUIRED_COLUMNS, source.encoding, errors)
    if found is None:
        return [], 0
    rows: list[_Row] = []
    seen: dict[tuple[str, str], int] = {}
    data_rows = 0
    for record in records:
        data_rows += 1
        if record.problem is not None:
            errors.append(record_problem(record, names))
            continue
        check = _RowCheck(record.line, record.cells, found, [])
        row = _check_row(check, seen, default_issue, today)
        errors.extend(check.bad)
        if row is not None:
            rows.append(row)
    if data_rows == 0:
        errors.append(RowError(2, "", Message("文件中没有账单数据")))
    return rows, data_rows


@dataclass(frozen=True)
class _RowCheck:
    """One data row being checked: its cells by column name, and its problems so far."""

    line: int
    cells: list[str]
    index: dict[str, int]
    bad: list[RowError]

    def cell(self, col: str) -> str:
        i = self.index.get(col)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def err(self, col: str, message: Message) -> None:
        self.bad.append(RowError(self.line, col, message))


def _check_row(check: _RowCheck, seen: dict[tuple[str, str], int], default_issue: dt.date,
               today: dt.date) -> _Row | None:
    """The row when it is good; else None, its problems in ``check.bad`` (column by column)."""
    account = _check_account(check)
    period = _check_period(check, account, seen)
    kwh = _kwh(check.cell(COL_KWH))
    if isinstance(kwh, Message):
        check.err(COL_KWH, kwh)
    amount = _check_amount(check, kwh)
    issue, raw_issue = _check_issue(check, default_issue, today)
    if period is not None and issue < period_bounds(period)[0]:
        _issue_before_period(check, period, issue, raw_issue, today)
    due = _check_due(check, issue)
    remark = ""
    try:
        remark = clean_text(check.cell(COL_NOTE), "note", COL_NOTE, max_len=MAX_NOTE_LEN, required=False)
    except ValidationError as exc:
        check.err(COL_NOTE, exc.message)
    if check.bad:
        return None
    assert period is not None and isinstance(kwh, int) and amount is not None
    return _Row(check.line, account, period, kwh, amount, issue, due, remark)


def _check_account(check: _RowCheck) -> str:
    account = unicodedata.normalize("NFKC", check.cell(COL_ACCOUNT)).strip()
    if not account:
        check.err(COL_ACCOUNT, Message("户号不能为空"))
    elif len(account) > MAX_ACCOUNT_LEN:
        check.err(COL_ACCOUNT, Message("户号过长（最多 {max_len} 位）", max_len=MAX_ACCOUNT_LEN))
    return account


def _check_period(check: _RowCheck, account: str, seen: dict[tuple[str, str], int]) -> str | None:
    """The row's period; an account's second row of one period is refused."""
    raw_period = check.cell(COL_PERIOD)
    period = _period(raw_period)
    if period is None:
        check.err(COL_PERIOD, Message("账期不能为空") if not raw_period
                  else Message("账期“{value}”无效，格式应为 YYYY-MM，如 2026-03", value=raw_period))
    elif account and len(account) <= MAX_ACCOUNT_LEN:
        if (account, period) in seen:
            check.err(COL_ACCOUNT, Message("户号 {account} 账期 {period} 与第 {line} 行重复",
                                           account=account, period=period, line=seen[(account, period)]))
        else:
            seen[(account, period)] = check.line
    return period


def _check_amount(check: _RowCheck, kwh: int | Message) -> int | None:
    amount: int | None = None
    try:
        amount = parse_amount(check.cell(COL_AMOUNT), "amount", COL_AMOUNT, max_fen=MAX_AMOUNT_FEN,
                              allow_zero=True)
    except ValidationError as exc:
        check.err(COL_AMOUNT, Message("{problem}（退费请开退补账单）", problem=exc.message) if "负数" in exc.message
                  else exc.message)
    if amount == 0 and isinstance(kwh, int) and kwh > 0:
        check.err(COL_AMOUNT, Message("电量为 {kwh} kWh 时金额不能为零", kwh=kwh))
    return amount


def _check_issue(check: _RowCheck, default_issue: dt.date, today: dt.date) -> tuple[dt.date, str]:
    """(出账日期, as typed): the file's default when the cell is empty or wrong."""
    issue = default_issue
    raw_issue = check.cell(COL_ISSUE)
    if raw_issue:
        parsed = parse_date(raw_issue)
        if parsed is None:
            check.err(COL_ISSUE, Message("出账日期“{value}”无效，格式应为 YYYY-MM-DD", value=raw_issue))
        elif parsed > today:
            check.err(COL_ISSUE, Message("出账日期 {date} 晚于今天", date=str(parsed)))
        issue = parsed or issue
    return issue, raw_issue


def _issue_before_period(check: _RowCheck, period: str, issue: dt.date, raw_issue: str, today: dt.date) -> None:
    if raw_issue:
        check.err(COL_ISSUE, Message("出账日期 {date} 早于账期 {period}", date=str(issue), period=period))
    elif period > f"{today:%Y-%m}":
        check.err(COL_PERIOD, Message("账期 {period} 尚未开始，不能出账", period=period))
    else:
        check.err(COL_PERIOD, Message("账期 {period} 晚于出账日期 {date}", period=period, date=str(issue)))


def _check_due(check: _RowCheck, issue: dt.date) -> dt.date | None:
    due: dt.date | None = None
    raw_due = check.cell(COL_DUE)
    if raw_due:
        due = parse_date(raw_due)
        if due is None:
            check.err(COL_DUE, Message("缴费截止日“{value}”无效，格式应为 YYYY-MM-DD", value=raw_due))
        elif due < issue:
            check.err(COL_DUE, Message("缴费截止日 {due} 早于出账日期 {date}", due=str(due), date=str(issue)))
        elif (due - issue).days > MAX_DUE_DAYS:
            check.err(COL_DUE, Message("缴费截止日 {due} 距出账日期 {date} 超过一年", due=str(due),
                                       date=str(issue)))
    return due


# ---- the import --------------------------------------------------------------------------------


def import_bills_csv(db: Database, actor: Actor, content: CsvSource, issue_date: dt.date | None = None, *,
                     settings: Settings) -> BillImportReport:
    """All-or-nothing import of ready-made bills (UTF-8 with/without BOM, or GBK).

    Columns 户号, 账期 (YYYY-MM), 电量 (whole kWh), 金额 (yuan, at most two decimals) are
    required — "电量(kWh)" / "金额(元)" are the same columns; 出账日期 (default ``issue_date``,
    else today), 缴费截止日 (default 出账日期 + hall rule ``bill_due_days``) and 备注 are
    optional. Each bill is a ``regular`` bill numbered from the node's ``bill`` counter; a
    customer with prepaid balance has it settled at once (an ``offset`` payment, at import
    time). Op ImportBills."""
    require(actor, "bill.import")
    today = dt.date.today()
    if issue_date is not None and issue_date > today:
        raise ValidationErrors([ValidationError("issue_date", "出账日期不能晚于今天")])
    errors: list[RowError] = []

    def fail(encoding: str, rows: int = 0) -> BillImportReport:
        return BillImportReport(False, rows, 0, tuple(errors[:MAX_REPORTED_ERRORS]), encoding)

    try:
        source = open_csv(content, CsvLimits.of(settings))
    except ValidationError as exc:
        errors.append(RowError(0 if isinstance(exc, ImportTooLarge) else 1, "", exc.message))
        return fail("")
    with source:
        encoding, sha256 = source.encoding, source.sha256
        try:
            rows, data_rows = _parse_rows(source, issue_date or today, today, errors)
        except ImportTooLarge as exc:  # too many rows: the rest of the file is not read
            errors[:] = [RowError(0, "", exc.message)]
            return fail(encoding)
    if errors:
        errors.sort(key=lambda e: e.line)
        return fail(encoding, data_rows)
    with db.write() as session:
        report = _issue(session, actor, rows, errors, today)
        if report is None:
            errors.sort(key=lambda e: e.line)
            return fail(encoding, data_rows)
        batch_id, numbers, offsets, offset_fen, digest = report
        total, kwh = sum(r.amount_fen for r in rows), sum(r.kwh for r in rows)
        periods = tuple(sorted({r.period for r in rows}))
        oplog.append(session, actor, OpType.IMPORT_BILLS, {
            "batch_id": str(batch_id), "rows": data_rows, "count": len(rows), "total_fen": total, "kwh": kwh,
            "periods": list(periods), "first_bill_no": numbers[0], "last_bill_no": numbers[-1],
            "offsets": offsets, "offset_fen": offset_fen, "offset_digest": audit.digest_hex(digest),
            "encoding": encoding,
            "sha256": sha256,
        }, "bill_batch", batch_id)
    return BillImportReport(True, data_rows, len(rows), (), encoding, batch_id, total, kwh, numbers[0], numbers[-1],
                            periods, offsets, offset_fen)


def _lines(row: _Row, batch_id: uuid.UUID) -> str:
    """The stored explanation (app.domain.tariffs.pricing.LINE_FIELDS order): one line, the import."""
    text_ = f"外部核算系统出账，导入本系统：电量 {row.kwh} kWh，金额 {format_yuan(row.amount_fen, symbol=False)} 元"
    return json.dumps({
        "format": 1, "source": SOURCE, "batch_id": str(batch_id), "remark": row.remark,
        "lines": [["imported", "电费（导入）", str(row.kwh), "kWh", "", row.amount_fen, text_]],
        "total_fen": row.amount_fen,
    }, ensure_ascii=False, separators=(",", ":"))


_Customers = dict[str, tuple[uuid.UUID, str, str, str]]  # account → id, status, kind, tariff


def _issue(session: Session, actor: Actor, rows: list[_Row], errors: list[RowError],
           today: dt.date) -> tuple[uuid.UUID, list[str], int, int, int] | None:
    """Check the rows against the database and issue the bills; None (nothing written) when a
    row is refused. Returns (batch id, bill numbers, offsets, fen settled by them, their digest)."""
    _wait_for_bill_runs(session, rows)
    customers = _lock_customers(session, rows)
    existing, latest = _stored_bills(session, customers, rows)
    _refuse_rows(rows, customers, existing, latest, errors)
    if errors:
        return None
    batch_id = uuid7()
    hall = hall_rules.for_node(session, actor.node_id)  # the rules of the hall issuing the bills
    numbers, now = _insert_bills(session, actor, rows, customers, batch_id, hall.bill_due_days, today)
    offsets, offset_fen, digest = _settle_prepaid(session, actor, customers, hall, today, now)
    return batch_id, numbers, offsets, offset_fen, digest


def _wait_for_bill_runs(session: Session, rows: list[_Row]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        # The bill run's lock per period: an import and a run (or two imports) of one period
        # wait for each other, so neither bills a customer the other has just billed.
        for period in sorted({r.period for r in rows}):
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
                            {"key": f"gridcounter.bills.{period}"})


def _lock_customers(session: Session, rows: list[_Row]) -> _Customers:
    customers: _Customers = {}
    for part in in_chunks(sorted({r.account_no for r in rows})):
        # Locked in account order (PostgreSQL): a payment cannot spend the prepaid being offset.
        for cid, account_no, status, kind, code in session.execute(
                select(Customer.id, Customer.account_no, Customer.status, Customer.kind, Customer.tariff_code)
                .where(Customer.account_no.in_(part)).order_by(Customer.account_no).with_for_update()):
            customers[account_no] = (cid, status, kind, code)
    return customers


def _stored_bills(session: Session, customers: _Customers,
                  rows: list[_Row]) -> tuple[dict[tuple[uuid.UUID, str], str], dict[uuid.UUID, str]]:
    """(customer, period) → its regular bill's number, and customer → its latest billed period
    (from the file's first period on)."""
    existing: dict[tuple[uuid.UUID, str], str] = {}
    latest: dict[uuid.UUID, str] = {}
    first_period = min(r.period for r in rows)
    for part in in_chunks([c[0] for c in customers.values()]):
        for cid, period, bill_no in session.execute(
                select(Bill.customer_id, Bill.period, Bill.bill_no)
                .where(Bill.customer_id.in_(part), Bill.bill_type == BillType.REGULAR, Bill.period >= first_period)):
            existing.setdefault((cid, period), bill_no)
            latest[cid] = max(latest.get(cid, period), period)
    return existing, latest


def _refuse_rows(rows: list[_Row], customers: _Customers, existing: dict[tuple[uuid.UUID, str], str],
                 latest: dict[uuid.UUID, str], errors: list[RowError]) -> None:
    for r in rows:
        found = customers.get(r.account_no)
        if found is None:
            errors.append(RowError(r.line, COL_ACCOUNT, Message("户号 {account} 不存在", account=r.account_no)))
        elif found[1] == CustomerStatus.CLOSED:
            errors.append(RowError(r.line, COL_ACCOUNT, Message("户号 {account} 已销户，不能导入账单",
                                                                account=r.account_no)))
        elif (found[0], r.period) in existing:
            errors.append(RowError(r.line, COL_PERIOD, Message(
                "户号 {account} 在 {period} 已有电费账单 {bill_no}；更正请办理退补",
                account=r.account_no, period=r.period, bill_no=existing[(found[0], r.period)])))
        elif latest.get(found[0], "") > r.period:
            # An earlier month slipped in under a later bill would change the year-to-date kWh
            # (annual tiers) that the later bill was priced with.
            errors.append(RowError(r.line, COL_PERIOD, Message(
                "户号 {account} 已有较晚账期（{latest}）的电费账单，不能补发 {period} 的账单；更正请办理退补",
                account=r.account_no, latest=latest[found[0]], period=r.period)))


def _insert_bills(session: Session, actor: Actor, rows: list[_Row], customers: _Customers, batch_id: uuid.UUID,
                  due_days: int, today: dt.date) -> tuple[list[str], dt.datetime]:
    """Number the bills (one counter bump) and insert them; (their numbers, the time issued)."""
    first = next_seq(session, actor.node_id, "bill", count=len(rows))
    numbers = [format_number("bill", actor.node_code, first + i) for i in range(len(rows))]
    now = utcnow()
    fast_insert(session, Bill, [{
        "id": bill_id, "bill_no": bill_no, "node_id": actor.node_id, "customer_id": customers[r.account_no][0],
        "period": r.period, "bill_type": BillType.REGULAR.value, "adjusts_bill_id": None, "reading_id": None,
        "tariff_code": customers[r.account_no][3], "tariff_version_id": None, "kwh": r.kwh,
        "amount_fen": r.amount_fen, "due_date": r.due_date or r.issue_date + dt.timedelta(days=due_days),
        "issued_at": now if r.issue_date == today else utc_at(r.issue_date), "lines": _lines(r, batch_id),
        "note": "导入账单" + (f"：{r.remark}" if r.remark else ""), "created_by": actor.username,
    } for r, bill_id, bill_no in zip(rows, new_ids(len(rows)), numbers, strict=True)])
    return numbers, now


def _settle_prepaid(session: Session, actor: Actor, customers: _Customers, hall: HallRules, today: dt.date,
                    now: dt.datetime) -> tuple[int, int, int]:
    """预存抵扣: customers with prepaid balance have the new bills settled from it now.
    Returns (offsets, fen settled by them, their digest)."""
    kinds = {c[0]: c[2] for c in customers.values()}
    prepaid: dict[uuid.UUID, int] = {}
    for part in in_chunks(list(kinds)):
        prepaid.update({cid: int(amount) for cid, amount in session.execute(
            select(Payment.customer_id, func.sum(Payment.prepaid_fen))
            .where(Payment.customer_id.in_(part), Payment.prepaid_fen != 0)
            .group_by(Payment.customer_id).having(func.sum(Payment.prepaid_fen) > 0))})
    offsets, offset_fen, digest = 0, 0, 0
    if prepaid:
        plans: list[OffsetPayment] = []
        ledgers = load_open_ledgers(session, {cid: kinds[cid] for cid in prepaid}, prepaid)
        # the offset pays late fees by the customer's own hall rules, as every counter does
        owners = hall_rules.for_customers(session, prepaid)
        for ledger in ledgers.values():
            owner = owners.get(ledger.customer_id, hall)
            plan = offset_payment(ledger, actor, today, owner.late_fee_first, owner.late_fee_rules(), now)
            if plan is not None:
                plans.append(plan)
                offsets += 1
                offset_fen += sum(p + f for _, p, f in plan.posted)
                digest += audit.offset_digest(ledger.customer_id, plan.posted)
        insert_offsets(session, plans)
    return offsets, offset_fen, digest


__all__ = ["COL_ACCOUNT", "COL_AMOUNT", "COL_DUE", "COL_ISSUE", "COL_KWH", "COL_NOTE", "COL_PERIOD",
           "REQUIRED_COLUMNS", "TEMPLATE_HEADER", "import_bills_csv"]
