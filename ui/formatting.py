"""How values look on screen: money, local times, and the labels of stored codes.

One function per concept, for every screen of ``ui/``. Labels go through Qt's translator in the
same context they always used (the .ts files keep their entries); the Chinese source text of a
label that ``app/`` also defines is taken from ``app/`` so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from app.domain.allocation import TENDER_KINDS
from app.domain.codes import BillType, PaymentKind, Role, SessionStatus
from app.domain.customers import STATUSES as CUSTOMER_STATUSES
from app.domain.money import format_yuan
from app.domain.tariffs.terms import TARIFF_KINDS
from app.services.permissions import ROLES

#: the year-less time of a crowded table column (the tooltip has the year)
SHORT_TIME = "%m-%d %H:%M"
#: the default: minutes, with the year
MINUTES = "%Y-%m-%d %H:%M"
SECONDS = "%Y-%m-%d %H:%M:%S"


# ---- money and time ------------------------------------------------------------------------------


def yuan(fen: int | None, *, symbol: bool = True) -> str:
    """12850 → "¥128.50" ("128.50" with ``symbol=False``: a table whose header says 元);
    thousands separators, two decimals; None (not counted yet) → ""."""
    return "" if fen is None else format_yuan(fen, symbol=symbol)


def local_time(value: dt.datetime | None, fmt: str = MINUTES) -> str:
    """Stored times are naive UTC; the counter shows local time (aware values are converted)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime(fmt)


# ---- labels of stored codes ----------------------------------------------------------------------


def domain_label(text: str) -> str:
    """Chinese labels that come from app/ (customer kinds, statuses, …) through Qt's translator."""
    return QCoreApplication.translate("CustomerDomain", text)


def customer_status_label(code: str) -> str:
    """正常 / 暂停 / 销户."""
    return domain_label(CUSTOMER_STATUSES.get(code, code)) if code else ""


def payment_kind_label(kind: str) -> str:
    """收费 / 冲正 / 退费 / 预存抵扣."""
    labels: dict[str, str] = {
        PaymentKind.PAYMENT: "收费", PaymentKind.REVERSAL: "冲正", PaymentKind.REFUND: "退费", PaymentKind.OFFSET: "预存抵扣",
        PaymentKind.TRANSFER: "预存转移",
    }
    return QCoreApplication.translate("Payments", labels.get(kind, kind))


def tender_label(kind: str) -> str:
    """现金 / 银行卡 / … (a payment's tenders)."""
    return QCoreApplication.translate("Tender", TENDER_KINDS.get(kind, kind))


def tr(text: str) -> str:
    """The session statuses' context, "Cashier", as before they moved here: lupdate files a
    module-level tr() under no context, and tests/ui/test_translations.py maps this file to
    "Cashier" (gridcounter_domain_*.ts holds the translations). Only for those labels."""
    return QCoreApplication.translate("Cashier", text)


def session_status_label(status: str) -> str:
    """A cashier session's status: 进行中 / 已交班，待审核 / 已审核 / 已退回."""
    labels: dict[str, str] = {
        SessionStatus.OPEN: tr("进行中"),
        SessionStatus.CLOSED: tr("已交班，待审核"),
        SessionStatus.APPROVED: tr("已审核"),
        SessionStatus.RETURNED: tr("已退回"),
    }
    return labels.get(status, status)


def role_label(role: str) -> str:
    """The role's name on screen; translated here, the service's label as fallback."""
    labels: dict[str, str] = {
        Role.CLERK: QCoreApplication.translate("Roles", "营业员"),
        Role.SUPERVISOR: QCoreApplication.translate("Roles", "值班长"),
        Role.ADMIN: QCoreApplication.translate("Roles", "系统管理员"),
    }
    return labels.get(role) or ROLES.get(role, role)


def tariff_kind_label(kind: str) -> str:
    """居民 / 一般工商业 / … (a tariff version's kind)."""
    return QCoreApplication.translate("TariffKinds", TARIFF_KINDS.get(kind, kind))


def bill_type_label(code: str) -> str:
    """正常 / 退补."""
    labels: dict[str, str] = {
        BillType.REGULAR: QCoreApplication.translate("Billing", "正常"),
        BillType.ADJUSTMENT: QCoreApplication.translate("Billing", "退补"),
    }
    return labels.get(code, code)


def parse_day(text: str) -> dt.date | None:
    """A date typed in a filter: ``2026-12-01`` / ``2026/12/1`` / ``20261201``; None when empty,
    ValueError for anything else (the filter bars show their own message under the field)."""
    text = text.strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    if text.isdigit() and len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    year, month, day = (int(part) for part in text.split("-"))
    return dt.date(year, month, day)
