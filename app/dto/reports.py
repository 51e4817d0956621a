"""The supervisor's daily reports (报表, docs/reports.md): what each report returns, and the one
table shape that printing, the xlsx / CSV export and the screen all lay out.

Money is integer fen everywhere; dates are ``datetime.date``, times aware local datetimes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportHeader:
    """What every report says about itself: the hall, the period, when and by whom."""

    title: str  # 营业厅收费汇总表 …
    hall_name: str
    node_code: str
    company: str
    period_text: str  # "2026-12-01 至 2026-12-06", "账期 2026-11 发行 …"
    printed_at: dt.datetime  # local, aware
    printed_by: str  # display name
    date_from: dt.date | None = None
    date_to: dt.date | None = None


# ---- 收费汇总 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollectionRow:
    """One day (or month) of one clerk: every receipt they issued on it, by kind and tender.

    ``net_fen`` = ``payments_fen`` + ``reversals_fen`` + ``refunds_fen`` (the latter two are
    negative) = Σ ``by_tender`` = ``principal_fen`` + ``late_fee_fen`` + ``prepaid_fen``."""

    bucket: str  # "2026-12-06" (by day) or "2026-12" (by month); "合计" on the totals row
    clerk: str  # username ("" on the totals row)
    clerk_name: str
    payments: int
    payments_fen: int
    reversals: int
    reversals_fen: int  # ≤ 0
    refunds: int
    refunds_fen: int  # ≤ 0
    by_tender: dict[str, int]  # cash / card / qr / transfer -> net fen (cash net of change)
    principal_fen: int  # 电费本金 (net of reversals and refunds)
    late_fee_fen: int  # 违约金
    prepaid_fen: int  # 预存 (change of the prepaid balances; negative when prepaid was used)
    net_fen: int


@dataclass(frozen=True)
class CollectionReport:
    header: ReportHeader
    group_by: str  # "day" / "month"
    rows: tuple[CollectionRow, ...]  # by bucket, then clerk
    totals: CollectionRow


# ---- 欠费清单 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArrearsRow:
    customer_id: uuid.UUID
    account_no: str
    name: str
    address: str
    phone: str  # masked unless the report says phones_masked=False
    arrears_fen: int  # outstanding principal
    late_fee_fen: int  # late fee to the report date
    prepaid_fen: int
    due_fen: int  # arrears + late fee − prepaid (what settles everything today)
    bills: int  # open bills
    oldest_period: str
    oldest_due: dt.date
    age_days: int  # days since the oldest open bill fell due (0 when not yet due)
    age_months: int  # open periods (months owed)


@dataclass(frozen=True)
class ArrearsReport:
    header: ReportHeader
    on_date: dt.date
    sort: str  # "amount" / "age"
    min_due_fen: int
    min_age_days: int
    phones_masked: bool
    rows: tuple[ArrearsRow, ...]
    arrears_fen: int  # the totals are of ``rows``
    late_fee_fen: int
    prepaid_fen: int
    due_fen: int
    matched: int = 0  # customers that met the filters; more than len(rows) when the list was cut at the limit


# ---- 退补 / 冲正 / 退费 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdjustmentItem:
    bill_id: uuid.UUID
    bill_no: str
    issued_at: dt.datetime  # local
    account_no: str
    name: str
    adjusts_bill_no: str
    adjusts_period: str
    kwh: int
    amount_fen: int  # negative: 退还, positive: 补收
    reason: str
    issued_by: str  # display name
    approved_by: str  # display name of the second person ("" below the approval limit)


@dataclass(frozen=True)
class AdjustmentReport:
    header: ReportHeader
    rows: tuple[AdjustmentItem, ...]
    kwh: int
    amount_fen: int
    charged_fen: int  # Σ positive (补收)
    credited_fen: int  # Σ negative (退还), ≤ 0


@dataclass(frozen=True)
class UndoItem:
    """A 冲正 or 退费 receipt with the payment it undid."""

    payment_id: uuid.UUID
    receipt_no: str
    kind: str  # reversal / refund
    posted_at: dt.datetime  # local
    original_receipt_no: str
    original_posted_at: dt.datetime | None
    account_no: str
    name: str
    amount_fen: int  # ≤ 0
    tenders: str  # "现金 -100.00"
    reason: str  # "金额错误：金额输错"
    clerk_name: str
    approved_by: str
    session_no: str


@dataclass(frozen=True)
class UndoReport:
    header: ReportHeader
    kind: str  # reversal / refund
    rows: tuple[UndoItem, ...]
    amount_fen: int
    by_tender: dict[str, int]


# ---- 发行账单 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BillRunInfo:
    """One bill run (电费发行, ``ComputeBills``) or bill import (``ImportBills``)."""

    op_id: uuid.UUID
    op_type: str  # ComputeBills / ImportBills
    occurred_at: dt.datetime  # local
    actor: str  # display name
    periods: str  # "2026-11" (an import may hold several)
    count: int
    total_fen: int
    first_bill_no: str
    last_bill_no: str


@dataclass(frozen=True)
class RunBillItem:
    bill_id: uuid.UUID
    bill_no: str
    account_no: str
    name: str
    period: str
    kwh: int
    amount_fen: int
    due_date: dt.date
    paid_fen: int  # principal paid so far (reversals netted)
    outstanding_fen: int  # amount − paid (credits from 退补 not counted)


@dataclass(frozen=True)
class RunBillsReport:
    header: ReportHeader
    run: BillRunInfo
    rows: tuple[RunBillItem, ...]
    kwh: int
    amount_fen: int
    paid_fen: int
    outstanding_fen: int


# ---- the one table every report is laid out as -------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a :class:`ReportTable`: ``kind`` says how its values are typed —
    ``text``, ``int``, ``money`` (int fen), ``date`` (datetime.date) or ``datetime``."""

    key: str
    label: str
    kind: str = "text"
    width: float = 1.0  # relative width on paper and screen


@dataclass(frozen=True)
class ReportTable:
    """A report as rows and a totals row (None in a column without a total): what printing,
    the xlsx / CSV export and the screen show. ``summary`` lines go under the title."""

    code: str  # collection / arrears / adjustments / reversals / refunds / bill_run
    header: ReportHeader
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...]
    summary: tuple[str, ...] = ()
    landscape: bool = True
