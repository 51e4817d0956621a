"""SQLAlchemy 2 models. Alembic migrations (db/migrations) are the only schema path.

Conventions: UUIDv7 primary keys for everything that syncs; human numbers (户号 …)
are separate unique columns carrying the node prefix; money is integer fen;
editable rows carry ``version`` as SQLAlchemy's ``version_id_col`` (optimistic
locking); timestamps are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.keys import uuid7

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Search keys are compared as raw code points: range scans (key >= q AND key < q || U+10FFFF)
# must follow byte order on both databases, so PostgreSQL gets the "C" collation.
SearchKeyType = String(64).with_variant(String(64, collation="C"), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


#: The journal (账务流水): insert-only tables. Triggers refuse UPDATE and DELETE on them (migrations
#: 0004_guards; the stored log anchors, 0009; the applications' steps, 0010; the ratings, 0014) and the counters'
#: PostgreSQL role may only read and insert them (db/roles.py).
JOURNAL_TABLES = ("payment", "payment_tender", "payment_allocation", "operation_log", "print_record",
                  "log_anchor", "application_step", "application_attachment", "attachment_blob",
                  "application_catalogue", "work_order_step", "service_rating", "service_visit")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AppMeta(Base):
    """Key/value facts about this database (which node it belongs to, when it was set up)."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Node(Base):
    """A hall or branch (营业厅 / 供电所) that issues numbers and writes operations."""

    __tablename__ = "node"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    company: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    # Gap-free counters. They are bumped with UPDATE … RETURNING inside the business
    # transaction, so the row lock serialises writers and a rollback returns the number.
    op_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    op_last_hash: Mapped[str] = mapped_column(String(64), default="")
    account_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    """A person who logs in: 营业员 clerk, 值班长 supervisor or 管理员 admin."""

    __tablename__ = "app_user"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(30))
    # 工号, printed on receipts: unique, so a receipt names one person (issue 7 item 7e).
    employee_no: Mapped[str] = mapped_column(String(20), default="", unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: set when an administrator resets the password: the next log-in must choose a new one.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class UserSession(Base):
    """A log-in session (登录会话): the server-side row behind ``Actor.token``.

    Every write checks it in its own transaction (app.services.permissions.check_live): an
    unknown or ended token, a deactivated user or a changed role is refused."""

    __tablename__ = "user_session"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    purpose: Mapped[str] = mapped_column(String(16), default="login")  # login / service (CLI, setup, demo)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    ended_reason: Mapped[str] = mapped_column(String(20), default="")  # logout / idle (app.domain.codes.SessionEndReason)


class Customer(Base):
    """A customer record (客户档案)."""

    __tablename__ = "customer"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    account_no: Mapped[str] = mapped_column(String(20), unique=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    party_type: Mapped[str] = mapped_column(String(12))  # individual / organisation
    kind: Mapped[str] = mapped_column(String(20))  # residential, general_ci, large_industry, agricultural, public
    name: Mapped[str] = mapped_column(String(60))
    id_type: Mapped[str] = mapped_column(String(12))
    id_number: Mapped[str] = mapped_column(String(30))
    id_override_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    id_override_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    area: Mapped[str] = mapped_column(String(8))  # urban / rural
    voltage_level: Mapped[str] = mapped_column(String(8))
    capacity_kva: Mapped[int] = mapped_column(Integer)
    tariff_code: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="normal")  # normal / suspended / closed
    low_income: Mapped[str] = mapped_column(String(8), default="none")  # none / dibao / wubao
    vip: Mapped[bool] = mapped_column(Boolean, default=False)
    customer_manager: Mapped[str] = mapped_column(String(30), default="")
    contact_person: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(24))
    phone2: Mapped[str] = mapped_column(String(24), default="")
    supply_address: Mapped[str] = mapped_column(String(120))
    meter_no: Mapped[str] = mapped_column(String(24), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")
    #: The supply point (migration 0013, docs/rules.md#outages): 线路 and 台区 as the grid names
    #: them, and the 重要客户 flag (hospitals, water works, …: told in advance of a planned outage).
    supply_line: Mapped[str] = mapped_column(String(40), server_default=text("''"), default="")
    transformer_area: Mapped[str] = mapped_column(String(40), server_default=text("''"), default="")
    important: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: Prepaid balance (预存余额) = Σ payment.prepaid_fen, kept by the database itself: a trigger
    #: adds every inserted payment's prepaid_fen (migration 0003). Code never writes it; the
    #: CHECK makes a payment that would spend money no longer there fail (IntegrityError).
    prepaid_fen: Mapped[int] = mapped_column(BigInteger, nullable=False, server_default=text("0"), default=0)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_customer_id_number", "id_number"),
        # the dashboard's count of a hall's customers (complaints per 10,000), index only (0015)
        Index("ix_customer_node_status", "node_id", "status"),
        Index("ix_customer_name_phone", "name", "phone"),
        CheckConstraint("prepaid_fen >= 0", name="prepaid_not_negative"),
        # Only the ~1 % important customers: the advance-notice list of an outage reads them by
        # 台区 / 线路 without an index over every customer (migration 0013).
        Index("ix_customer_important", "transformer_area", "supply_line",
              sqlite_where=text("important"), postgresql_where=text("important")),
    )


class CustomerSearchKey(Base):
    """Derived search index: every string a clerk may type, pointing at the customer.

    One row per (key, customer). Name keys are all suffixes of the name, so any substring
    — even the 1- and 2-character ones FTS5 trigram / pg_trgm cannot index — is a prefix
    of some key, and every query is one B-tree range scan on both databases.
    """

    __tablename__ = "customer_search_key"
    key: Mapped[str] = mapped_column(SearchKeyType, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("customer.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[int] = mapped_column(SmallInteger)

    # No (customer_id) index: keys are only ever deleted by their full primary key,
    # recomputed from the old values, which keeps the 1M-customer index ~40% smaller.
    __table_args__ = ({"sqlite_with_rowid": False},)


class Operation(Base):
    """The operation log (操作日志): audit trail, hash chain and sync outbox in one.

    Written in the same transaction as the rows the operation changes.
    """

    __tablename__ = "operation_log"
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    op_type: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(30), default="")
    entity_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    payload: Mapped[str] = mapped_column(Text)
    payload_hash: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(32))
    # Local wall-clock time with its UTC offset, as text, so the hash is recomputable byte for byte.
    occurred_at: Mapped[str] = mapped_column(String(40))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("node_id", "seq"),
        Index("ix_operation_log_entity", "entity_type", "entity_id"),
        # the audit view's clerk and type filters, newest first (migration 0011)
        Index("ix_operation_log_actor", "actor", "op_id"),
        Index("ix_operation_log_type", "op_type", "op_id"),
    )


# ---- money path (issue 3): tariffs, readings, bills, payments, cashier sessions ---------------


class NodeCounter(Base):
    """Further gap-free per-node counters (receipt, bill, session numbers), bumped like
    ``Node.op_seq`` with UPDATE … RETURNING inside the business transaction."""

    __tablename__ = "node_counter"
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class TariffVersion(Base):
    """One version of a tariff (电价), as data: app.domain.tariffs.tariff.Tariff.to_dict() in ``data``.

    A change is a new version with a later ``effective_from``; versions are never edited.
    """

    __tablename__ = "tariff_version"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10))  # tiered / tou / flat
    effective_from: Mapped[dt.date] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    data: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("code", "effective_from"),)


class MeterReading(Base):
    """A period's meter reading (抄表示数); kWh = (current − previous) × multiplier."""

    __tablename__ = "meter_reading"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    reading_date: Mapped[dt.date] = mapped_column(Date)
    previous: Mapped[int] = mapped_column(BigInteger)
    current: Mapped[int] = mapped_column(BigInteger)
    multiplier: Mapped[int] = mapped_column(Integer, default=1)
    kwh: Mapped[int] = mapped_column(BigInteger)
    tou_kwh: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON {period code: kWh}
    source: Mapped[str] = mapped_column(String(12))  # csv / manual / demo
    batch_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("customer_id", "period"),)


class Bill(Base):
    """An issued bill (电费账单). Immutable: corrections are adjustment bills (退补)."""

    __tablename__ = "bill"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    bill_no: Mapped[str] = mapped_column(String(24), unique=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    period: Mapped[str] = mapped_column(String(7))
    bill_type: Mapped[str] = mapped_column(String(12))  # regular / adjustment
    adjusts_bill_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bill.id"), nullable=True)
    reading_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("meter_reading.id"), nullable=True)
    tariff_code: Mapped[str] = mapped_column(String(20))
    tariff_version_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tariff_version.id"), nullable=True)
    kwh: Mapped[int] = mapped_column(BigInteger)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    due_date: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    lines: Mapped[str] = mapped_column(Text)  # JSON: the computation, line by line
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (Index("ix_bill_customer_period", "customer_id", "period"),)


class CashierSession(Base):
    """A cashier session (收费班次): opened with a float, closed with a denomination count."""

    __tablename__ = "cashier_session"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    session_no: Mapped[str] = mapped_column(String(24), unique=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    username: Mapped[str] = mapped_column(String(32))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    float_fen: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10))  # open / closed / approved / returned
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    counted: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON {denomination: count}
    counted_cash_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    expected_cash_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    over_short_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    totals: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON {tender kind: fen}
    approved_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    approved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    #: the supervisor's review: who last approved or returned (退回) it, and the comment the clerk sees
    reviewed_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    review_comment: Mapped[str] = mapped_column(String(500), default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_cashier_session_user_status", "user_id", "status"),)


class Payment(Base):
    """A payment event (收费), or its reversal (冲正), refund (退费) or prepaid offset (预存抵扣).

    Insert-only. ``id`` is the client-generated request id, so a double click, a retry or a
    sync replay of the same command finds the row and returns the same receipt.
    """

    __tablename__ = "payment"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    receipt_no: Mapped[str | None] = mapped_column(String(24), unique=True, nullable=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customer.id"))
    session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cashier_session.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(10))  # payment / reversal / refund / offset / transfer
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payment.id"), unique=True, nullable=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)  # money kept (tendered − change); negative when returned
    tendered_fen: Mapped[int] = mapped_column(BigInteger)
    change_fen: Mapped[int] = mapped_column(BigInteger)
    applied_fen: Mapped[int] = mapped_column(BigInteger)  # to bills (principal + late fee)
    late_fee_fen: Mapped[int] = mapped_column(BigInteger)  # of which late fee
    prepaid_fen: Mapped[int] = mapped_column(BigInteger)  # change of the prepaid balance
    balance_before_fen: Mapped[int] = mapped_column(BigInteger)  # arrears − prepaid, before
    balance_after_fen: Mapped[int] = mapped_column(BigInteger)
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    posted_by: Mapped[str] = mapped_column(String(32))
    reason_code: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")
    approved_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: sha256 of the canonical command that created the row (app.services.payments): the same
    #: request id with other content is refused instead of answered with this receipt
    request_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (
        Index("ix_payment_customer_id", "customer_id"),
        Index("ix_payment_session_id", "session_id"),
        # the supervisor's dashboard counts a period's receipts per clerk and kind from it (0015)
        Index("ix_payment_posted", "posted_at", "node_id", "posted_by", "kind"),
    )


class PaymentTender(Base):
    """How the money came (or went back): 现金 / 银行卡 / 扫码 / 转账."""

    __tablename__ = "payment_tender"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payment.id"))
    kind: Mapped[str] = mapped_column(String(10))
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (Index("ix_payment_tender_payment_id", "payment_id"),)


class PaymentAllocation(Base):
    """What a payment settled on one bill; a reversal inserts the negated rows."""

    __tablename__ = "payment_allocation"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payment.id"))
    bill_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bill.id"))
    principal_fen: Mapped[int] = mapped_column(BigInteger)
    late_fee_fen: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_payment_allocation_bill_id", "bill_id"),
        Index("ix_payment_allocation_payment_id", "payment_id"),
    )


class PrintRecord(Base):
    """Every print of a document (打印记录); copies after the first are marked 补打."""

    __tablename__ = "print_record"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    doc_type: Mapped[str] = mapped_column(String(20))  # receipt / day_end / bill_statement / app_receipt / app_form / wo_receipt
    doc_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    doc_no: Mapped[str] = mapped_column(String(24))
    copy_no: Mapped[int] = mapped_column(Integer)
    reprint: Mapped[bool] = mapped_column(Boolean)
    printed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    printed_by: Mapped[str] = mapped_column(String(32))
    printer: Mapped[str] = mapped_column(String(80), default="")
    paper: Mapped[str] = mapped_column(String(10), default="")

    __table_args__ = (Index("ix_print_record_doc", "doc_type", "doc_id"),)


class HallRulesRow(Base):
    """One hall's money and safety rules (营业厅业务规则, app/domain/hall_rules.py), one typed row
    per node: every counter of the hall reads the same row in its own transaction. No row means
    the defaults. Changed only by ``ChangeHallRules`` (admin, optimistic lock on ``version``)."""

    __tablename__ = "hall_rules"
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"), primary_key=True)
    late_fee_residential_rate: Mapped[str] = mapped_column(String(12))  # decimal text, 0.001 = 1‰
    late_fee_current_year_rate: Mapped[str] = mapped_column(String(12))
    late_fee_earlier_year_rate: Mapped[str] = mapped_column(String(12))
    late_fee_grace_days: Mapped[int] = mapped_column(Integer)
    late_fee_minimum: Mapped[bool] = mapped_column(Boolean)
    late_fee_minimum_fen: Mapped[int] = mapped_column(BigInteger)
    late_fee_first: Mapped[bool] = mapped_column(Boolean)
    bill_due_days: Mapped[int] = mapped_column(Integer)
    max_payment_fen: Mapped[int] = mapped_column(BigInteger)
    large_change_confirm_fen: Mapped[int] = mapped_column(BigInteger)
    max_failed_logins: Mapped[int] = mapped_column(Integer)
    lockout_minutes: Mapped[int] = mapped_column(Integer)
    allow_self_approval_single_supervisor: Mapped[bool] = mapped_column(Boolean)
    adjustment_approval_fen: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class WorkOrderConfigRow(Base):
    """One hall's work-order configuration (issue 10 item 1–2), one row per node: the deadline
    figures (app/domain/workorders/rules.py, JSON ``{name: number}``) and the category tree
    (app/domain/workorders/categories.py, JSON in the categories file's format). NULL: the
    defaults / the shipped tree. Changed only by ``ChangeWorkOrderRules`` and
    ``ChangeWorkOrderCategories`` (admin, optimistic lock on ``version``)."""

    __tablename__ = "workorder_config"
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"), primary_key=True)
    rules: Mapped[str | None] = mapped_column(Text, nullable=True)
    categories: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class LogAnchor(Base):
    """A checkpoint of one node's operation-log chain (日志锚点): at ``seq`` the record hash was
    ``hash`` (or starts with it: an anchor typed from a printed report may be the short form).

    Written when a supervisor reviews a cashier session (``source`` 'day_end': the head printed on
    the day-end report at close; 'review': the head at the review) and by an admin from a printed
    report ('manual'). ``verify-log`` checks the chain against every one (docs/audit.md)."""

    __tablename__ = "log_anchor"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(10))  # day_end / review / manual
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_log_anchor_node_seq", "node_id", "seq"),)


# ---- service applications (issue 9): docs/rules.md#service-applications ---------------------------


class Application(Base):
    """A service application (业务申请): one business type of the catalogue, accepted at a counter
    or entered from another channel, moved through its stages by ``app/services/applications.py``.

    ``values`` (JSON) holds the type's own fields as typed values (dates as ISO text);
    ``documents`` (JSON) the checklist: received, missing, promised under 一证受理 and whether the
    commitment was signed. ``promised_date`` is the date printed on the receipt; ``due_date``,
    ``due_soon_from`` and ``overdue_from`` are the deadline's dates as they stand after the
    suspensions (NULL while suspended: the clock stops), stored so that the worklist can filter
    the colours with an index. ``customer_id`` is NULL for a 新装 until its completion registers
    the customer. Editable: ``version`` is the optimistic lock."""

    __tablename__ = "application"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    application_no: Mapped[str] = mapped_column(String(24), unique=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    applicant_name: Mapped[str] = mapped_column(String(60), default="")
    type_code: Mapped[str] = mapped_column(String(30))
    catalogue_version: Mapped[int] = mapped_column(Integer)
    variant: Mapped[str] = mapped_column(String(20), default="")
    channel: Mapped[str] = mapped_column(String(20))  # counter / app / hotline / manager_visit
    status: Mapped[str] = mapped_column(String(12))  # in_progress / suspended / cancelled / archived
    stage: Mapped[str] = mapped_column(String(20))
    accepted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    accepted_on: Mapped[dt.date] = mapped_column(Date)  # local date of acceptance (the clock's day 0)
    accepted_by: Mapped[str] = mapped_column(String(32))
    limit_days: Mapped[int] = mapped_column(Integer)
    promised_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    due_soon_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    overdue_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    values: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    documents: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    customer_manager: Mapped[str] = mapped_column(String(30), default="")  # a large customer's manager
    remark: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(32), default="")
    close_reason: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the completion's CustomerChanges
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_application_customer", "customer_id", "accepted_at"),
        Index("ix_application_accepted", "accepted_at"),
        Index("ix_application_type", "type_code", "accepted_at"),
        Index("ix_application_stage", "stage", "accepted_at"),
        Index("ix_application_clerk", "accepted_by", "accepted_at"),
        Index("ix_application_manager", "customer_manager", "accepted_at"),
        Index("ix_application_channel", "channel", "accepted_at"),
        # One index serves the status filter and the three deadline colours (migration 0011):
        # the worklist's first page walks it newest first and reads both dates from it.
        Index("ix_application_deadline", "status", "accepted_at", "overdue_from", "due_soon_from"),
        # the dashboard (0015): a period's acceptances per clerk, and the promises falling due in it
        Index("ix_application_dashboard", "accepted_at", "node_id", "accepted_by"),
        Index("ix_application_due", "due_date", "node_id", "status", "closed_on"),
    )


class ApplicationStep(Base):
    """One step of an application's history (办理记录): who, when, what, from which stage to
    which, and the remark. Append-only like the journal (migration 0010)."""

    __tablename__ = "application_step"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("application.id"))
    step_no: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(12))  # accept / advance / suspend / resume / cancel / complete
    from_stage: Mapped[str] = mapped_column(String(20), default="")
    to_stage: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(12), default="")
    to_status: Mapped[str] = mapped_column(String(12))
    done_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    done_by: Mapped[str] = mapped_column(String(32))
    remark: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("application_id", "step_no"),)


class ApplicationSuspension(Base):
    """A suspension (挂起) of an application: the clock stops after ``start`` up to and including
    ``end`` (NULL: still suspended), app.domain.workdays.SuspendedSpan."""

    __tablename__ = "application_suspension"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("application.id"))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_application_suspension_application", "application_id"),)


class ApplicationAttachment(Base):
    """A document attached to an application (受理资料): a scan or PDF, named, typed and sized
    here; its bytes are in ``attachment_blob`` under their SHA-256, so the same scan attached twice
    is stored once and the branch sync can ship bytes by hash. Append-only (migration 0011)."""

    __tablename__ = "application_attachment"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    application_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("application.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the application
    document_code: Mapped[str] = mapped_column(String(30), default="")  # the catalogue document, if named
    file_name: Mapped[str] = mapped_column(String(120))
    media_type: Mapped[str] = mapped_column(String(40))  # application/pdf, image/png, image/jpeg, image/tiff
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_blob.sha256"))
    source: Mapped[str] = mapped_column(String(12))  # file / scanner / clipboard
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    added_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("application_id", "seq"),)


class AttachmentBlob(Base):
    """The bytes of attached documents, content-addressed (SHA-256 hex). Append-only."""

    __tablename__ = "attachment_blob"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ApplicationCatalogueRow(Base):
    """One version of the business-type catalogue (业务类型目录), as loaded: the JSON text the
    domain parser accepted (app/domain/applications/catalogue.py), who loaded it and when. The
    highest version is in force; applications record the version they were accepted under.
    Append-only (migration 0011): a change is a new version, never an edit."""

    __tablename__ = "application_catalogue"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    loaded_by: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(200), default="")


class WorkOrder(Base):
    """A work order (诉求工单): a complaint, report, suggestion, praise, enquiry or fault repair,
    recorded at a counter or entered from another channel, moved through its stages by
    ``app/services/workorders.py`` (docs/rules.md#work-orders).

    The deadlines are stored as computed at recording (and moved by the arrival and by a
    reopening): ``contact_due_at`` (投诉), ``answer_due_on`` (answered by the end of that local
    day), ``arrival_due_at`` / ``restore_due_at`` (故障报修), naive UTC like every timestamp.
    ``due_soon_at`` / ``overdue_at`` are the earliest yellow and red instants of the deadlines
    still running at the stage (NULL when none runs), so the worklist filters the colours on
    one index. ``reporter_contact`` is shown in full only to the clerk who recorded the order
    and to supervisors (docs/rules.md#work-order-anonymity). Editable: ``version`` is the
    optimistic lock."""

    __tablename__ = "work_order"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    order_no: Mapped[str] = mapped_column(String(24), unique=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    order_type: Mapped[str] = mapped_column(String(12))  # complaint / report / suggestion / praise / enquiry / repair
    category_code: Mapped[str] = mapped_column(String(30))
    urgency: Mapped[str] = mapped_column(String(10))  # normal / urgent / critical
    channel: Mapped[str] = mapped_column(String(10))  # counter / hotline / app / phone / letter
    area: Mapped[str] = mapped_column(String(8), default="")  # urban / rural / remote (故障报修)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    reporter_name: Mapped[str] = mapped_column(String(60), default="")
    reporter_contact: Mapped[str] = mapped_column(String(40), default="")
    description: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(12))  # accepted / dispatched / processing / replied / called_back / archived
    status: Mapped[str] = mapped_column(String(10))  # open / archived
    assigned_dept: Mapped[str] = mapped_column(String(60), default="")
    assigned_to: Mapped[str] = mapped_column(String(60), default="")
    contact_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    answer_due_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    answer_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    arrival_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    restore_due_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    due_soon_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    overdue_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)  # contacted / arrived
    replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    callback_result: Mapped[str] = mapped_column(String(20), default="")  # satisfied / basically_satisfied / dissatisfied
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    accepted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    accepted_by: Mapped[str] = mapped_column(String(32))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(32), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    #: a 故障报修 whose cause is a known outage covering the customer (0016)
    outage_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("outage.id"), nullable=True, index=True
    )
    #: the intake dialog's id: the same request records once (0016)
    request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, unique=True)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_work_order_customer", "customer_id", "accepted_at"),
        Index("ix_work_order_accepted", "accepted_at"),
        Index("ix_work_order_type", "order_type", "accepted_at"),
        Index("ix_work_order_category", "category_code", "accepted_at"),
        Index("ix_work_order_stage", "stage", "accepted_at", "overdue_at", "due_soon_at"),
        Index("ix_work_order_clerk", "accepted_by", "accepted_at"),
        Index("ix_work_order_assignee", "assigned_to", "accepted_at"),
        Index("ix_work_order_dept", "assigned_dept", "accepted_at"),
        # The status filter and the three colours on one index, newest first (as the
        # application worklist's ix_application_deadline).
        Index("ix_work_order_deadline", "status", "accepted_at", "overdue_at", "due_soon_at"),
        # the dashboard (0015): the answers falling due in a period
        Index("ix_work_order_answer_due", "answer_due_on", "node_id", "replied_at"),
    )


class WorkOrderStep(Base):
    """One step of a work order's history (处理记录): who, when, what, from which stage to which,
    the assignment, the callback result and the note (the resolution of a reply). Append-only
    like the journal (migration 0012)."""

    __tablename__ = "work_order_step"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    work_order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("work_order.id"))
    step_no: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(12))  # record / dispatch / reassign / start / reply / callback / archive
    from_stage: Mapped[str] = mapped_column(String(12), default="")
    to_stage: Mapped[str] = mapped_column(String(12))
    assigned_dept: Mapped[str] = mapped_column(String(60), default="")
    assigned_to: Mapped[str] = mapped_column(String(60), default="")
    result: Mapped[str] = mapped_column(String(20), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    done_by: Mapped[str] = mapped_column(String(32))

    __table_args__ = (UniqueConstraint("work_order_id", "step_no"),)


# ---- satisfaction (issue 10 item 5) --------------------------------------------------------------


class ServiceRating(Base):
    """A customer's satisfaction rating (服务评价) of one transaction, or the clerk's reasoned skip
    (docs/rules.md#satisfaction-rating). One row per transaction (``kind`` + ``transaction_id``
    unique); ``clerk`` is the username of the clerk who did the transaction; ``score`` 5 非常满意 …
    1 非常不满意, NULL when skipped (``skip_reason`` then says why). Append-only (migration 0014)."""

    __tablename__ = "service_rating"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    clerk: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(12))  # payment / application / work_order
    transaction_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    transaction_no: Mapped[str] = mapped_column(String(24))  # receipt / application number
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    score: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    via: Mapped[str] = mapped_column(String(10))  # pad / dialog / skipped
    skip_reason: Mapped[str] = mapped_column(String(200), default="")
    rated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("kind", "transaction_id"),
        CheckConstraint("score IS NULL OR (score >= 1 AND score <= 5)", name="score_range"),
        CheckConstraint("score IS NOT NULL OR skip_reason <> ''", name="skip_has_reason"),
        Index("ix_service_rating_rated_at", "rated_at", "clerk"),
        # the dashboard's satisfaction per clerk and score, from the index alone (0015)
        Index("ix_service_rating_dashboard", "rated_at", "node_id", "clerk", "score"),
    )


class ServiceVisit(Base):
    """How long one transaction took at the counter (办理时长, docs/rules.md#supervisor-dashboard):
    from ``started_at``, when the clerk's customer view first showed this customer (or the accept
    form opened, for a new customer), to ``ended_at``, when the receipt or the acceptance was
    written. Written in the same transaction as the payment / acceptance it times, never
    afterwards; ``seconds`` = ended − started. One row per transaction; append-only (0015)."""

    __tablename__ = "service_visit"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    clerk: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(12))  # payment / application (RatingKind)
    transaction_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer.id"), nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime] = mapped_column(DateTime)
    seconds: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("kind", "transaction_id"),
        CheckConstraint("seconds >= 0", name="seconds_not_negative"),
        Index("ix_service_visit_ended", "ended_at", "node_id", "clerk", "seconds"),
    )


# ---- outage notices (issue 10 item 10, docs/rules.md#outages) ---------------------------------


class Outage(Base):
    """A planned or fault outage (计划停电 / 故障停电) of some 区域 / 线路 / 台区.

    ``status`` keeps the decisions (announced, ended, cancelled); whether an announced outage
    is under way is read from the clock (app/domain/outages.py). ``ends_at`` is the actual end
    once recorded, else the expected end: the covering queries filter on it with an index.
    The scope is in :class:`OutageScope`. Editable: ``version`` is the optimistic lock."""

    __tablename__ = "outage"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    outage_no: Mapped[str] = mapped_column(String(24), unique=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    kind: Mapped[str] = mapped_column(String(8))  # planned / fault
    status: Mapped[str] = mapped_column(String(12))  # announced / ended / cancelled
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expected_end: Mapped[dt.datetime] = mapped_column(DateTime)
    actual_end: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_by: Mapped[str] = mapped_column(String(32))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(32), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_outage_window", "status", "ends_at", "starts_at"),
        Index("ix_outage_starts", "starts_at"),
    )


class OutageScope(Base):
    """One place an outage covers: ``kind`` area (an address prefix, 区域), line (线路) or
    transformer_area (台区), and its ``value``. "Does this outage cover this customer" is one
    indexed lookup of the customer's 线路, 台区 and address against ``(kind, value)``."""

    __tablename__ = "outage_scope"
    outage_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("outage.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(60), primary_key=True)

    __table_args__ = (Index("ix_outage_scope_value", "kind", "value"),)


# ---- offline branches and sync (issue 11, docs/sync.md) ----------------------------------------
# Centre side: sync_node, sync_received, sync_held, sync_feed, sync_conflict.
# Branch side: sync_state, sync_group, sync_change. The same migration creates all of them on
# either database (one schema, docs/sync.md#tables); the capture and feed triggers are installed
# only where they are used (app/sync/triggers.py), so a standalone database pays nothing.


class SyncNode(Base):
    """The centre's registration of a branch node (分支节点): its credentials and where its
    operation stream stands. The secret and the enrolment code are stored as SHA-256 hashes
    (both are 256-bit random tokens, so a plain hash is enough)."""

    __tablename__ = "sync_node"
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # pending (code issued) / active / blocked
    enrol_code_hash: Mapped[str] = mapped_column(String(64), default="")
    enrol_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    secret_hash: Mapped[str] = mapped_column(String(64), default="")
    #: the installation's identity, new at every enrolment (and every restore that re-enrols):
    #: a PC restored from an old backup pushes with an old incarnation (docs/sync.md#incarnation)
    incarnation: Mapped[str] = mapped_column(String(36), default="")
    #: highest seq of this node applied in order (every seq ≤ it is in operation_log)
    applied_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    blocked_reason: Mapped[str] = mapped_column(String(300), default="")
    enrolled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    #: branch clock minus centre clock at the last contact, seconds (display and warning only)
    clock_skew_seconds: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


class SyncReceived(Base):
    """One pushed envelope the centre has decided on, with the answer it gave: the same op_id
    and payload hash again gets the same answer (a lost acknowledgement is harmless)."""

    __tablename__ = "sync_received"
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    payload_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(12))  # applied / conflict / refused
    answer: Mapped[str] = mapped_column(Text)  # JSON of app.sync.envelope.Answer
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("node_id", "seq"),)


class SyncHeld(Base):
    """An envelope that arrived before its predecessor (a gap in the node's sequence): kept
    until the gap is filled, then applied in order."""

    __tablename__ = "sync_held"
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"), primary_key=True)
    first_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    envelope: Mapped[str] = mapped_column(Text)  # JSON of app.sync.envelope.Envelope
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SyncFeed(Base):
    """The centre's change feed (变更流): one row per row written to a synced table, by a
    trigger. ``txid`` is the writing transaction's id, so a reader can stop before rows of
    transactions still in flight (docs/sync.md#pull-watermark). ``scope_node`` is the node
    whose customers the row belongs to (NULL: every branch needs it)."""

    __tablename__ = "sync_feed"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    txid: Mapped[int] = mapped_column(BigInteger)
    tbl: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(200))  # JSON of the primary key values
    action: Mapped[str] = mapped_column(String(8))  # insert / update / delete
    image: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON of the new row; NULL for delete
    scope_node: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    origin_node: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    written_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SyncConflict(Base):
    """Something a branch did that the centre could not simply apply (冲突 / 待复核): the same
    field changed on both sides, a state change no longer valid, a payment against a bill paid
    centrally or a customer closed centrally. ``status`` open until a supervisor resolves it;
    the resolution is itself an operation (docs/sync.md#conflicts)."""

    __tablename__ = "sync_conflict"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    op_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    kind: Mapped[str] = mapped_column(String(20))  # field / state / paid_bill / closed_customer / …
    tbl: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(200))
    #: JSON: {"field": …, "base": …, "branch": …, "centre": …} or the whole images for a state row
    detail: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open / resolved
    resolution: Mapped[str] = mapped_column(String(20), default="")  # keep_centre / keep_branch / merged / …
    resolved_by: Mapped[str] = mapped_column(String(32), default="")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_sync_conflict_status", "status", "created_at"),)


class SyncState(Base):
    """A branch PC's one row: which centre, who it is, how far it has pushed and pulled."""

    __tablename__ = "sync_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("node.id"))
    server_url: Mapped[str] = mapped_column(String(200))
    incarnation: Mapped[str] = mapped_column(String(36))
    #: highest local seq the centre has answered for (applied, duplicate, conflict or refused)
    pushed_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    #: the centre feed's position this branch has applied up to
    watermark: Mapped[int] = mapped_column(BigInteger, default=0)
    last_sync_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    open_conflicts: Mapped[int] = mapped_column(Integer, default=0)
    clock_skew_seconds: Mapped[int] = mapped_column(Integer, default=0)
    #: 1 while the sync itself writes rows pulled from the centre: the capture triggers skip them
    applying: Mapped[int] = mapped_column(Integer, default=0)


class SyncGroup(Base):
    """Branch: the op records one local transaction wrote (seq first..last); its row changes
    are in sync_change under the same ``last_seq``. One group = one pushed envelope."""

    __tablename__ = "sync_group"
    last_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    first_seq: Mapped[int] = mapped_column(BigInteger)


class SyncSeen(Base):
    """Branch: the newest version of the centre's a pulled row had (migration 0019): a redelivered
    older image is recognised by the centre's own count, not the branch's (docs/sync.md#pull-watermark)."""

    __tablename__ = "sync_seen"
    tbl: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class SyncChange(Base):
    """Branch: a row a local transaction wrote to a synced table, captured by a trigger with
    its images before and after, until the centre has answered for its group."""

    __tablename__ = "sync_change"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tbl: Mapped[str] = mapped_column(String(40))
    row_key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(8))
    before: Mapped[str | None] = mapped_column(Text, nullable=True)
    after: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: the group (local transaction) it belongs to: set at commit, NULL until then
    group_seq: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    __table_args__ = (Index("ix_sync_change_group", "group_seq"),
                      Index("ix_sync_change_row", "tbl", "row_key"))
