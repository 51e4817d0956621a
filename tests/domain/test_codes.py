"""The stored codes (app/domain/codes.py): each enum's values are the strings the database holds.

The literals below are deliberate: they are the text already in every database, so a member's
value may never change. The columns' comments in db/models.py list the same codes, each member
fits its column and comes back from it as plain text, the rows a day at the counter writes hold
only members, and every label dict names every member.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text

from app.domain import codes
from app.domain.allocation import TENDER_KINDS
from app.domain.codes import (
    AnchorSource,
    ApplicationAction,
    ApplicationChannel,
    ApplicationStage,
    ApplicationStatus,
    Area,
    BillType,
    CustomerKind,
    CustomerStatus,
    DeadlineStatus,
    DocType,
    FieldKind,
    IdType,
    LowIncome,
    OpType,
    PartyType,
    PaymentKind,
    RatingKind,
    RatingVia,
    ReadingSource,
    Role,
    SessionEndReason,
    SessionPurpose,
    SessionStatus,
    TariffKind,
    TenderKind,
    WorkOrderAction,
    WorkOrderArea,
    WorkOrderChannel,
    WorkOrderResult,
    WorkOrderStage,
    WorkOrderStatus,
    WorkOrderType,
    WorkOrderUrgency,
)
from db import models

ROOT = Path(__file__).resolve().parents[2]

#: The stored text of every code, as written since the first migration.
STORED: dict[type[StrEnum], set[str]] = {
    Role: {"clerk", "supervisor", "admin"},
    PartyType: {"individual", "organisation"},
    CustomerKind: {"residential", "general_ci", "large_industry", "agricultural", "public"},
    Area: {"urban", "rural"},
    LowIncome: {"none", "dibao", "wubao"},
    IdType: {"ric", "uscc", "passport", "hkmo", "tw", "prc_foreign", "other"},
    CustomerStatus: {"normal", "suspended", "closed"},
    BillType: {"regular", "adjustment"},
    TariffKind: {"tiered", "tou", "flat"},
    ReadingSource: {"csv", "manual", "demo"},
    PaymentKind: {"payment", "reversal", "refund", "offset", "transfer"},
    TenderKind: {"cash", "card", "qr", "transfer"},
    SessionStatus: {"open", "closed", "approved", "returned"},
    DocType: {"receipt", "day_end", "bill_statement", "app_receipt", "app_form", "wo_receipt"},
    SessionPurpose: {"login", "service", "approve"},
    SessionEndReason: {"logout", "idle"},
    AnchorSource: {"day_end", "review", "manual"},
    ApplicationStatus: {"in_progress", "suspended", "cancelled", "archived"},
    ApplicationStage: {
        "accept",
        "survey",
        "supply_plan",
        "design_review",
        "midway_check",
        "completion_check",
        "connect",
        "handle",
        "meter_test",
        "reply",
        "archive",
    },
    ApplicationAction: {"advance", "suspend", "resume", "cancel", "complete"},
    ApplicationChannel: {"counter", "app", "hotline", "manager_visit"},
    DeadlineStatus: {"on_time", "due_soon", "overdue"},
    FieldKind: {
        "text",
        "kva",
        "date",
        "integer",
        "choice",
        "customer_kind",
        "voltage",
        "tariff",
        "account_no",
        "id_number",
    },
    OpType: {
        "Login",
        "Logout",
        "AuthFailed",
        "LockUser",
        "UnlockUser",
        "CreateUser",
        "UpdateUser",
        "ChangePassword",
        "InitializeNode",
        "ChangeHallRules",
        "LoadTariffCatalogue",
        "AddTariffVersion",
        "RegisterCustomer",
        "UpdateCustomer",
        "AcceptApplication",
        "AdvanceApplication",
        "SuspendApplication",
        "ResumeApplication",
        "CancelApplication",
        "CompleteApplication",
        "AttachDocument",
        "ImportApplicationCatalogue",
        "RecordWorkOrder",
        "DispatchWorkOrder",
        "ReassignWorkOrder",
        "StartWorkOrder",
        "ReplyWorkOrder",
        "CallbackWorkOrder",
        "ArchiveWorkOrder",
        "ChangeWorkOrderRules",
        "ChangeWorkOrderCategories",
        "ImportReadings",
        "ComputeBills",
        "ImportBills",
        "IssueAdjustment",
        "PostPayment",
        "ReversePayment",
        "RefundPayment",
        "PrintDocument",
        "OpenSession",
        "CloseSession",
        "ReturnSession",
        "ApproveSession",
        "RecordAnchor",
        "SeedDemoData",
        "SeedDemoPayments",
        "RecordRating",
        "SkipRating",
        "RecordOutage",
        "UpdateOutage",
        "EndOutage",
        "CancelOutage",
        "ImportOutages",
        "RegisterSyncNode",
        "IssueEnrolmentCode",
        "EnrolNode",
        "BlockSyncNode",
        "CorrectSyncedPayment",
        "ResolveSyncConflict",
        "CarryBranchWork",
    },
    WorkOrderType: {"complaint", "report", "suggestion", "praise", "enquiry", "repair"},
    WorkOrderChannel: {"counter", "hotline", "app", "phone", "letter"},
    WorkOrderUrgency: {"normal", "urgent", "critical"},
    RatingKind: {"payment", "application", "work_order"},
    RatingVia: {"pad", "dialog", "skipped"},
    WorkOrderArea: {"urban", "rural", "remote"},
    WorkOrderStage: {"accepted", "dispatched", "processing", "replied", "called_back", "archived"},
    WorkOrderStatus: {"open", "archived"},
    WorkOrderAction: {"dispatch", "reassign", "start", "reply", "callback", "archive"},
    WorkOrderResult: {"satisfied", "basically_satisfied", "dissatisfied"},
}

#: The column each code is stored in (those without a column — APPROVE, op types — are stored in
#: log payloads and ``operation_log.op_type``, listed separately).
COLUMNS: list[tuple[Column, type[StrEnum]]] = [
    (models.User.__table__.c.role, Role),
    (models.Customer.__table__.c.party_type, PartyType),
    (models.Customer.__table__.c.kind, CustomerKind),
    (models.Customer.__table__.c.area, Area),
    (models.Customer.__table__.c.low_income, LowIncome),
    (models.Customer.__table__.c.id_type, IdType),
    (models.Customer.__table__.c.status, CustomerStatus),
    (models.Bill.__table__.c.bill_type, BillType),
    (models.TariffVersion.__table__.c.kind, TariffKind),
    (models.MeterReading.__table__.c.source, ReadingSource),
    (models.Payment.__table__.c.kind, PaymentKind),
    (models.PaymentTender.__table__.c.kind, TenderKind),
    (models.CashierSession.__table__.c.status, SessionStatus),
    (models.PrintRecord.__table__.c.doc_type, DocType),
    (models.UserSession.__table__.c.purpose, SessionPurpose),
    (models.UserSession.__table__.c.ended_reason, SessionEndReason),
    (models.LogAnchor.__table__.c.source, AnchorSource),
    (models.Operation.__table__.c.op_type, OpType),
    (models.Application.__table__.c.status, ApplicationStatus),
    (models.Application.__table__.c.stage, ApplicationStage),
    (models.Application.__table__.c.channel, ApplicationChannel),
    (models.WorkOrder.__table__.c.order_type, WorkOrderType),
    (models.WorkOrder.__table__.c.channel, WorkOrderChannel),
    (models.WorkOrder.__table__.c.urgency, WorkOrderUrgency),
    (models.ServiceRating.__table__.c.kind, RatingKind),
    (models.ServiceRating.__table__.c.via, RatingVia),
    (models.WorkOrder.__table__.c.area, WorkOrderArea),
    (models.WorkOrder.__table__.c.stage, WorkOrderStage),
    (models.WorkOrder.__table__.c.status, WorkOrderStatus),
    (models.WorkOrder.__table__.c.callback_result, WorkOrderResult),
]

#: Members that are codes but never a value of their column.
NOT_IN_COLUMN = {SessionPurpose.APPROVE}  # an approval checks a password and opens no session
#: Coded columns whose comment lists no codes (too many, or named in the class docstring).
UNLISTED = {
    "app_user.role",
    "customer.id_type",
    "payment_tender.kind",
    "operation_log.op_type",
    "application.stage",
}


#: Codes of the service applications that are no column's values: the actions are stored in
#: application_step.action beside "accept"; the colours are computed; the field kinds live in the
#: catalogue file.
NO_COLUMN_YET = {
    ApplicationAction,
    WorkOrderAction,  # work_order_step.action, beside "record"
    DeadlineStatus,
    FieldKind,
}


def test_every_enum_is_checked() -> None:
    enums = {getattr(codes, name) for name in codes.__all__}
    assert enums == set(STORED)
    assert enums - NO_COLUMN_YET == {enum for _, enum in COLUMNS}


@pytest.mark.parametrize("enum", list(STORED), ids=lambda e: e.__name__)
def test_values_are_the_stored_text(enum: type[StrEnum]) -> None:
    assert {m.value for m in enum} == STORED[enum]
    for member in enum:
        assert member == member.value and str(member) == member.value and f"{member}" == member.value
        assert hash(member) == hash(member.value)  # a member finds the same dict entry as its text


def _comment_codes(column: Column) -> set[str] | None:
    """The codes listed in the column's trailing comment in db/models.py ("# open / closed")."""
    source = (ROOT / "db" / "models.py").read_text(encoding="utf-8")
    cls = next(
        n
        for n in ast.parse(source).body
        if isinstance(n, ast.ClassDef)
        and any(
            isinstance(s, ast.Assign)
            and ast.unparse(s.targets[0]) == "__tablename__"
            and ast.literal_eval(s.value) == column.table.name
            for s in n.body
        )
    )
    line = next(s for s in cls.body if isinstance(s, ast.AnnAssign) and ast.unparse(s.target) == column.name)
    comment = source.splitlines()[line.lineno - 1].partition("#")[2]
    if not comment.strip():
        return None
    return set(re.findall(r"[a-z_]+", comment.split("(")[0]))


@pytest.mark.parametrize(("column", "enum"), COLUMNS, ids=lambda v: getattr(v, "__name__", str(v)))
def test_model_comment_lists_the_codes(column: Column, enum: type[StrEnum]) -> None:
    listed = _comment_codes(column)
    if str(column) in UNLISTED:
        assert listed is None
    else:
        assert listed == {m.value for m in enum if m not in NOT_IN_COLUMN}


def test_model_defaults_are_members() -> None:
    # db/ may not import app/ (tests/test_layers.py), so the defaults stay literals: pinned here.
    assert models.Customer.__table__.c.status.default.arg == CustomerStatus.NORMAL
    assert models.Customer.__table__.c.low_income.default.arg == LowIncome.NONE
    assert models.UserSession.__table__.c.purpose.default.arg == SessionPurpose.LOGIN


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator:
    from tests.conftest import _fresh_url

    gen = _fresh_url(request, request.param, tmp_path)
    url = next(gen)
    eng = create_engine(url)
    yield eng
    eng.dispose()
    next(gen, None)


def test_members_fit_their_columns_and_come_back_as_text(engine) -> None:  # type: ignore[no-untyped-def]
    """Each member written through its column's own type (length included: PostgreSQL refuses
    a longer value) reads back as the plain stored string."""
    md = MetaData()
    cols = [Column(f"c{i}", column.type, nullable=True) for i, (column, _) in enumerate(COLUMNS)]
    table = Table("codes_round_trip", md, Column("id", Integer, primary_key=True), *cols)
    md.create_all(engine)
    rows = [{f"c{i}": member} for i, (_, enum) in enumerate(COLUMNS) for member in enum]
    for n, row in enumerate(rows, start=1):
        row["id"] = n
    with engine.begin() as conn:
        for row in rows:
            conn.execute(insert(table).values(**row))
        back = {r.id: r for r in conn.execute(select(table))}
        for row in rows:
            ((name, member),) = ((k, v) for k, v in row.items() if k != "id")
            value = getattr(back[row["id"]], name)
            assert type(value) is str and value == member.value
        # and the stored text compares equal to the member in SQL as well
        for i, (_, enum) in enumerate(COLUMNS):
            for member in enum:
                found = conn.execute(select(table.c.id).where(table.c[f"c{i}"] == member)).all()
                assert len(found) == 1
        assert conn.execute(text("SELECT count(*) FROM codes_round_trip")).scalar() == len(rows)


@pytest.fixture(scope="module")
def counter_day(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """The database of a day at the counter (app/printing/samples.py): registrations, bills,
    payments, a reversal and a refund, prints, sessions closed and approved."""
    from app.printing.samples import _run_the_counter

    db_file = tmp_path_factory.mktemp("codes") / "counter.db"
    _run_the_counter(db_file)
    eng = create_engine(f"sqlite:///{db_file}")
    yield eng
    eng.dispose()


def test_rows_written_by_the_services_hold_only_members(counter_day) -> None:  # type: ignore[no-untyped-def]
    with counter_day.connect() as conn:
        seen: dict[str, set[str]] = {}
        for column, enum in COLUMNS:
            stored = {v for (v,) in conn.execute(select(column).distinct()) if v != ""}
            assert stored <= {m.value for m in enum}, f"{column}: {stored - {m.value for m in enum}}"
            seen[str(column)] = stored
    # the story writes most codes, so the check above is not vacuous
    assert seen["payment.kind"] >= {"payment", "reversal", "refund"}
    assert seen["payment_tender.kind"] >= {"cash", "card", "qr"}
    assert seen["print_record.doc_type"] == {"receipt", "day_end", "bill_statement"}
    assert seen["app_user.role"] == {"clerk", "supervisor", "admin"}
    assert seen["tariff_version.kind"] == {"tiered", "tou", "flat"}
    assert {"login", "service"} <= seen["user_session.purpose"]
    assert len(seen["operation_log.op_type"]) >= 8


def _covers(labels: object, enum: type[StrEnum]) -> None:
    assert isinstance(labels, dict)
    assert set(labels) == {m.value for m in enum}, enum.__name__
    assert all(type(k) is enum for k in labels), f"{enum.__name__}: keyed by literals, not members"


def test_label_dicts_cover_every_member() -> None:
    from app.domain import customers, ids
    from app.domain.tariffs import terms as tariffs
    from app.printing import bill_statement, common, day_end
    from app.services import cashier, permissions
    from app.write_path.oplog import _SOURCES

    _covers(customers.PARTY_TYPES, PartyType)
    _covers(customers.KINDS, CustomerKind)
    _covers(customers.DEFAULT_TARIFF, CustomerKind)
    _covers(customers.AREAS, Area)
    _covers(customers.STATUSES, CustomerStatus)
    _covers(customers.LOW_INCOME, LowIncome)
    _covers(ids.ID_TYPES, IdType)
    assert set(customers.INDIVIDUAL_ID_TYPES) | set(customers.ORGANISATION_ID_TYPES) == set(IdType)
    _covers(tariffs.TARIFF_KINDS, TariffKind)
    _covers(TENDER_KINDS, TenderKind)
    _covers(permissions.ROLES, Role)
    _covers(cashier.STATUS_LABELS, SessionStatus)
    _covers(day_end._STATUS, SessionStatus)
    _covers(_SOURCES, AnchorSource)
    _covers(bill_statement._TYPES, BillType)
    _covers(common.KIND_SHORT, PaymentKind)
    # receipts are printed for these three only (an offset moves no money over the counter)
    receipt_kinds = {PaymentKind.PAYMENT, PaymentKind.REVERSAL, PaymentKind.REFUND}
    assert set(common.KIND_TITLES) == receipt_kinds
    from app.domain.workorders import machine as workorders

    _covers(workorders.TYPES, WorkOrderType)
    _covers(workorders.CHANNELS, WorkOrderChannel)
    _covers(workorders.URGENCIES, WorkOrderUrgency)
    _covers(workorders.AREAS, WorkOrderArea)
    _covers(workorders.STAGES, WorkOrderStage)
    _covers(workorders.STATUSES, WorkOrderStatus)
    _covers(workorders.ACTIONS, WorkOrderAction)
    _covers(workorders.RESULTS, WorkOrderResult)
    for roles in permissions._GRANTS.values():
        assert roles <= set(Role) and all(type(r) is Role for r in roles)
