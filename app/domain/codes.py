"""The codes stored in the database, as enums (代码表).

Each enum's values are exactly the strings in the database columns, so a member compares
equal to the stored text (``StrEnum``) and SQLAlchemy writes it as that text: switching a
literal to a member never changes a row. The Chinese labels a clerk sees stay beside the
rules that use them (``app/domain/customers.py``, ``allocation.TENDER_KINDS``), keyed by
these members.

Use a member wherever code names a code — ``PaymentKind.REVERSAL``, not ``"reversal"`` — so
a typo is an AttributeError at import time, not a silent mismatch in a query.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "BillType",
    "CustomerKind",
    "CustomerStatus",
    "DocType",
    "PartyType",
    "PaymentKind",
    "ReadingSource",
    "Role",
    "SessionStatus",
    "TariffKind",
    "TenderKind",
]


class Role(StrEnum):
    """A user's role (角色): what the services let them do (app/services/permissions.py)."""

    CLERK = "clerk"  # 营业员
    SUPERVISOR = "supervisor"  # 值班长
    ADMIN = "admin"  # 系统管理员


class PartyType(StrEnum):
    INDIVIDUAL = "individual"  # 个人
    ORGANISATION = "organisation"  # 单位


class CustomerKind(StrEnum):
    """Customer kind (用电类别), which decides tariffs and late-fee rates."""

    RESIDENTIAL = "residential"  # 居民生活
    GENERAL_CI = "general_ci"  # 一般工商业
    LARGE_INDUSTRY = "large_industry"  # 大工业
    AGRICULTURAL = "agricultural"  # 农业生产
    PUBLIC = "public"  # 公用/机关


class CustomerStatus(StrEnum):
    NORMAL = "normal"  # 正常
    SUSPENDED = "suspended"  # 暂停
    CLOSED = "closed"  # 销户


class BillType(StrEnum):
    REGULAR = "regular"  # 正常电费
    ADJUSTMENT = "adjustment"  # 退补


class TariffKind(StrEnum):
    TIERED = "tiered"  # 阶梯电价
    TOU = "tou"  # 峰谷分时
    FLAT = "flat"  # 单一电价


class ReadingSource(StrEnum):
    CSV = "csv"
    MANUAL = "manual"
    DEMO = "demo"


class PaymentKind(StrEnum):
    """A row of the payment journal (收费流水)."""

    PAYMENT = "payment"  # 收费
    REVERSAL = "reversal"  # 冲正 (same session, approved)
    REFUND = "refund"  # 退费 (a later session, approved)
    OFFSET = "offset"  # 预存冲抵: prepaid money applied to a new bill, no cash moves


class TenderKind(StrEnum):
    """How the money came (收款方式); WeChat / Alipay are references of QR, not kinds."""

    CASH = "cash"  # 现金
    CARD = "card"  # 银行卡
    QR = "qr"  # 扫码支付
    TRANSFER = "transfer"  # 转账


class SessionStatus(StrEnum):
    """A cashier session (收费班次): open → closed (counted) → approved (head cashier)."""

    OPEN = "open"
    CLOSED = "closed"
    APPROVED = "approved"


class DocType(StrEnum):
    """What a print record (打印记录) printed."""

    RECEIPT = "receipt"  # 收据
    DAY_END = "day_end"  # 日结报表
