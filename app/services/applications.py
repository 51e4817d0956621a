"""Service applications (业务受理): accept, move through the stages, suspend, resume, cancel and
complete, in units of work with permissions and one operation record each
(docs/rules.md#what-the-services-enforce).

The rules are the pure ones of :mod:`app.domain.applications` and :mod:`app.domain.workdays`;
this module reads what they need (the customer snapshot: arrears from the ledger, the open
applications, the pauses, the last capacity change), applies their answers and writes. The
worklist and the detail are in :mod:`app.services.application_reads`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain.applications import (
    ApplicationCatalogue,
    ApplicationRules,
    ApplicationState,
    BusinessType,
    CustomerSnapshot,
    DateSpan,
    DocumentCheck,
    PreconditionsNotMet,
    apply_action,
    check_preconditions,
    completion_changes,
    document_check,
    id_number_checks,
    initial_state,
    parse_fields,
)
from app.domain.applications.machine import ACTIONS, CHANNELS, REASON_MAX
from app.domain.codes import (
    ApplicationAction,
    ApplicationChannel,
    ApplicationStage,
    ApplicationStatus,
    CustomerKind,
    CustomerStatus,
    FieldKind,
    OpType,
    RatingKind,
    SessionPurpose,
)
from app.domain.customers import is_large_customer
from app.domain.errors import (
    ConcurrentEdit,
    NotFound,
    OverrideRequired,
    PermissionDenied,
    RequestReused,
    ValidationError,
    ValidationErrors,
)
from app.domain.messages import Message, term
from app.domain.text import clean_text
from app.domain.workdays import DeadlineRules, SuspendedSpan, WorkingDayCalendar, load_default_calendar
from app.dto.common import Actor
from app.services import application_catalogue, audit, auth, customers, ledger, visits
from app.services.permissions import ROLES, check_live, require
from app.write_path import numbers, oplog
from app.write_path.oplog import uuid7
from db.engine import Database
from db.models import Application, ApplicationStep, ApplicationSuspension, Customer, UserSession, utcnow

__all__ = [
    "AcceptApplication",
    "AcceptedApplication",
    "ApplicationCommand",
    "CompleteApplication",
    "accept_application",
    "advance_application",
    "cancel_application",
    "Promise",
    "catalogue_in_force",
    "shipped_catalogue",
    "promise_for",
    "complete_application",
    "customer_snapshot",
    "resume_application",
    "suspend_application",
    "working_calendar",
]

#: Open = the clock may still run; a customer's open applications block some others.
OPEN_STATUSES = (ApplicationStatus.IN_PROGRESS, ApplicationStatus.SUSPENDED)
ACCEPT = "accept"  # the first step's action (not an ApplicationAction: nothing leads to it)
APPLICANT_MAX = 60


def shipped_catalogue() -> ApplicationCatalogue:
    """The shipped file (resources/applications/catalogue.json), which is version 1 of every
    database: for tests and tools. The services read the database's versions."""
    return application_catalogue.shipped_catalogue()


def catalogue_in_force(db: Database, version: int | None = None) -> ApplicationCatalogue:
    """The catalogue a screen or a document works with: ``version`` (an application's own, which
    its later steps and printouts follow), else the newest stored version, which a new
    application is accepted under (:mod:`app.services.application_catalogue`)."""
    if version is None:
        return application_catalogue.in_force(db)
    return application_catalogue.version(db, version)


@dataclass(frozen=True)
class Promise:
    """What the accept form shows while the clerk fills it in: the promised completion date."""

    promised_date: dt.date
    limit_days: int  # working days
    provisional: bool  # the promise crosses a year whose holidays are not entered yet


def promise_for(db: Database, actor: Actor, type_code: str, variant: str = "") -> Promise:
    """The date an application of ``type_code`` (and ``variant``, e.g. 高压 dual supply) accepted
    today would promise: the same computation ``accept_application`` stores."""
    require(actor, "application.view")
    btype = catalogue_in_force(db).get(type_code)
    limit = btype.limit_days(variant or None)
    today = _today()
    cal = working_calendar()
    due, _soon, _overdue = deadline_dates(cal, today, limit, ())
    assert due is not None
    return Promise(due, limit, bool(cal.uncovered_years(today, due)))


def working_calendar() -> WorkingDayCalendar:
    """The one working-day calendar (the TOU holiday table read as working days)."""
    return load_default_calendar()


def application_rules() -> ApplicationRules:
    """The figures of the preconditions (defaults: docs/rules.md#application-preconditions)."""
    return ApplicationRules()


def _today() -> dt.date:
    """The local date (the counter's day); tests move it."""
    return dt.datetime.now().astimezone().date()


# ---- commands -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceptApplication:
    """An application as the form collected it. ``values``: the type's own fields as typed (text)
    or typed values; ``documents``: the codes of the documents received; ``customer_id`` None for
    a 新装 / 临时用电, whose applicant is named in ``applicant_name``."""

    type_code: str
    customer_id: uuid.UUID | None
    values: Mapping[str, object] = field(default_factory=dict)
    documents: Sequence[str] = ()
    commitment_signed: bool = False
    channel: str = ApplicationChannel.COUNTER
    applicant_name: str = ""
    remark: str = ""
    #: Back-dated acceptance (受理日期) for demo data only: a service session (CLI / demo seeder,
    #: ``SessionPurpose.SERVICE``) may name a past day, from which the deadline is computed;
    #: a clerk's log-in session is refused. None: today.
    accepted_on: dt.date | None = None
    #: a supervisor's on-screen approval of an ID number (a new holder's) that fails its check
    #: but is well formed, as at registration (docs/rules.md#id-checks); checked only when one fails
    approval: customers.SupervisorApproval | None = None
    #: when the clerk's customer view first showed the customer, or the accept form opened for a
    #: new one (naive UTC): the start of the handling time written with the acceptance
    #: (app/services/visits.py); None: not timed
    served_since: dt.datetime | None = None
    #: Generated once per accept form (and kept with its draft, ui/drafts.py): it becomes the
    #: application's id, so the same request accepts once. A second submit with it (a retry, or
    #: a draft restored after a crash that came between the commit and the form closing) answers
    #: with the application already accepted (``repeated``) and writes nothing; the same id with
    #: other content is refused (RequestReused, as PostPayment.request_id). None: not guarded.
    request_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ApplicationCommand:
    """Advance, suspend, resume or cancel: the application and the version the clerk saw;
    ``remark`` the step's remark (the reason, for suspending and cancelling)."""

    application_id: uuid.UUID
    expected_version: int
    remark: str = ""


@dataclass(frozen=True)
class CompleteApplication:
    """Complete (办结归档) at the last stage. A 新装 / 临时用电 registers its customer now:
    ``registration`` is the registration form (holder, ID, phone, tariff…); kind, capacity,
    voltage and address come from the application."""

    application_id: uuid.UUID
    expected_version: int
    remark: str = ""
    registration: customers.RegisterCustomer | None = None
    #: Back-dated completion (办结日期) for demo data only, as ``AcceptApplication.accepted_on``:
    #: a service session may name a past day, not before the acceptance; a clerk's log-in
    #: session is refused. None: today.
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class AcceptedApplication:
    id: uuid.UUID
    application_no: str
    promised_date: dt.date
    provisional: bool  # the promise crosses a year whose holidays are not entered yet
    customer_manager: str
    version: int
    #: the request was accepted before (its id already named this application): nothing written now
    repeated: bool = False


# ---- helpers ------------------------------------------------------------------------------------


def _json_value(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | str) or value is None:
        return value
    return str(value)


def _stored_values(values: Mapping[str, object]) -> dict[str, object]:
    return {k: _json_value(v) for k, v in sorted(values.items())}


def _logged_values(session: Session, btype: BusinessType, values: Mapping[str, object]) -> dict[str, object]:
    """The values for the operation log: an ID number or a phone masked with its fingerprint
    (docs/privacy.md), like a registration's."""
    out: dict[str, object] = {}
    for spec in btype.fields:
        if spec.name not in values:
            continue
        value = _json_value(values[spec.name])
        if spec.kind == FieldKind.ID_NUMBER:
            value = audit.pii_value(session, "id_number", value)
        elif spec.name.endswith("phone"):
            value = audit.pii_value(session, "phone", value)
        out[spec.name] = value
    return out


def _remark(text: str, name: str = "remark") -> str:
    text = (text or "").strip()
    if len(text) > REASON_MAX:
        raise ValidationErrors([ValidationError(name, "备注不能超过{max_len}个字", max_len=REASON_MAX)])
    return text


def nth_counted_day(
    cal: WorkingDayCalendar, start: dt.date, n: int, spans: Sequence[SuspendedSpan] = ()
) -> dt.date:
    """The day the ``n``-th working day after ``start`` is used, suspended days not counted
    (``start`` itself for n <= 0), as app.domain.workdays.deadline_status counts."""
    day, count = start, 0
    while count < n:
        day += dt.timedelta(days=1)
        if cal.is_working_day(day) and not any(s.covers(day) for s in spans):
            count += 1
        if (day - start).days > 3660:
            raise ValueError("working-day span too long")
    return day


def deadline_dates(
    cal: WorkingDayCalendar,
    accepted: dt.date,
    limit: int,
    spans: Sequence[SuspendedSpan],
    rules: DeadlineRules | None = None,
) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(due, turns yellow, turns red) as app.domain.workdays.deadline_status colours them, so the
    worklist filters by colour with an index; all None while a suspension is open (the clock
    has stopped). Yellow when left <= max(due_soon_days, ⌊limit × fraction⌋)."""
    if any(s.end is None for s in spans):
        return None, None, None
    rules = rules or DeadlineRules()
    soon = (Decimal(limit) * rules.due_soon_fraction).to_integral_value(rounding=ROUND_FLOOR)
    threshold = max(rules.due_soon_days, int(soon))
    return (
        nth_counted_day(cal, accepted, limit, spans),
        nth_counted_day(cal, accepted, limit - threshold, spans),
        nth_counted_day(cal, accepted, limit + 1, spans),
    )


def _spans(session: Session, application_id: uuid.UUID) -> list[SuspendedSpan]:
    rows = session.execute(
        select(ApplicationSuspension.start, ApplicationSuspension.end)
        .where(ApplicationSuspension.application_id == application_id)
        .order_by(ApplicationSuspension.start)
    ).all()
    return [SuspendedSpan(r.start, r.end) for r in rows]


def _archived_of(session: Session, customer_id: uuid.UUID) -> list[Application]:
    return list(
        session.scalars(
            select(Application)
            .where(Application.customer_id == customer_id, Application.status == ApplicationStatus.ARCHIVED)
            .order_by(Application.closed_at, Application.application_no)
        )
    )


def customer_snapshot(session: Session, customer: Customer, today: dt.date) -> CustomerSnapshot:
    """What the preconditions need about ``customer``, read in the caller's unit of work: the
    arrears today (late fees included, prepaid deducted), the types of the open applications,
    the pauses completed, the last capacity change and a 减容 in force (from the completed
    applications' results)."""
    owed = max(0, ledger.balance_fen(session, customer.id, today))
    open_types = tuple(
        session.scalars(
            select(Application.type_code).where(
                Application.customer_id == customer.id, Application.status.in_(OPEN_STATUSES)
            )
        )
    )
    pauses: list[DateSpan] = []
    last_change: dt.date | None = None
    reduced_from: int | None = None
    cats = application_catalogue.catalogues(session)
    for app in _archived_of(session, customer.id):
        values = json.loads(app.values)
        result = json.loads(app.result or "{}")
        cat = cats.get(app.catalogue_version)  # the version it was accepted (and completed) under
        if app.type_code in cat.codes and cat.get(app.type_code).effect.status == CustomerStatus.SUSPENDED:
            with contextlib.suppress(KeyError, ValueError):
                pauses.append(
                    DateSpan(
                        dt.date.fromisoformat(values["pause_from"]), dt.date.fromisoformat(values["pause_to"])
                    )
                )
        if result.get("remember_capacity") is not None:
            reduced_from = int(result["remember_capacity"])
            if values.get("reduce_to"):
                last_change = dt.date.fromisoformat(str(values["reduce_to"]))
        elif result.get("capacity_change"):
            last_change = app.closed_on
            reduced_from = None
    return CustomerSnapshot(
        kind=CustomerKind(customer.kind),
        status=CustomerStatus(customer.status),
        voltage_level=customer.voltage_level,
        capacity_kva=customer.capacity_kva,
        name=customer.name,
        tariff_code=customer.tariff_code,
        arrears_fen=owed,
        open_applications=open_types,
        pauses=tuple(pauses),
        last_capacity_change=last_change,
        reduced_from_kva=reduced_from,
    )


def _purpose(session: Session, actor: Actor) -> str | None:
    """The purpose of the actor's log-in session (login / service)."""
    return session.scalar(select(UserSession.purpose).where(UserSession.token == actor.token))


def _check_references(
    session: Session,
    tariffs: Mapping[str, customers.TariffOption],
    btype: BusinessType,
    values: Mapping[str, object],
    customer: Customer | None,
    id_approved: bool = False,
) -> OverrideRequired | None:
    """The fields the domain leaves as text: tariff codes against the tariffs in force, account
    numbers against the customers, and an ID number that fails its check but is well formed
    (parse_fields refused the hopeless ones). Such a number passes with a supervisor's approval
    (``id_approved``, checked before the transaction by :func:`_approved_id`), as at
    registration. Without one it is returned as the :class:`OverrideRequired` to raise once
    everything else is right, so that the form offers the approval only when nothing else is
    wrong; with other bad fields it is one of the ValidationErrors."""
    errors: list[ValidationError] = []
    for spec in btype.fields:
        value = values.get(spec.name)
        if value in (None, ""):
            continue
        if spec.kind == FieldKind.TARIFF:
            kind = str(
                values.get("new_kind") or (customer.kind if customer else values.get("customer_kind", ""))
            )
            option = tariffs.get(str(value))
            if option is None:
                errors.append(ValidationError(spec.name, "电价代码 {code} 不存在或未生效", code=str(value)))
            elif kind and not option.suits(kind):
                errors.append(ValidationError(spec.name, "电价 {code} 不适用于该用电类别", code=str(value)))
        elif spec.kind == FieldKind.ACCOUNT_NO:
            other = session.scalar(select(Customer).where(Customer.account_no == str(value)))
            if other is None:
                errors.append(ValidationError(spec.name, "户号 {account_no} 不存在", account_no=str(value)))
            elif customer is not None and other.id == customer.id:
                errors.append(ValidationError(spec.name, "不能与本户合并"))
            elif other.status == CustomerStatus.CLOSED:
                errors.append(ValidationError(spec.name, "户号 {account_no} 已销户", account_no=str(value)))
    override: OverrideRequired | None = None
    failing_ids = 0
    if not id_approved:
        for spec, check in id_number_checks(btype, values):
            if check.ok:
                continue
            failing_ids += 1
            problem = check.message or Message("{label}未通过校验，请核对证件", label=term(spec.label))
            errors.append(
                ValidationError(
                    spec.name, Message("{problem}。如确认证件无误，需值班长授权并填写原因", problem=problem)
                )
            )
            override = override or OverrideRequired(
                spec.name, "{problem}。如确认证件无误，需值班长授权并填写原因", problem=problem
            )
    # Only failing ID numbers (one or several: one approval covers them all, _approved_id):
    # the approval is what is missing. Anything else wrong: the field errors, those included.
    if len(errors) > failing_ids:
        raise ValidationErrors(errors)
    return override


@dataclass(frozen=True)
class _IdApproval:
    """A supervisor's approval of the failing ID numbers ``fields``: who and why."""

    fields: tuple[str, ...]
    approved_by: str
    reason: str

    def payload(self) -> dict[str, object]:
        return {"fields": list(self.fields), "approved_by": self.approved_by, "reason": self.reason}


def _approved_id(
    db: Database, actor: Actor, btype: BusinessType, values: Mapping[str, object], cmd: AcceptApplication
) -> _IdApproval | None:
    """Before the transaction (auth.approve signs the supervisor in on its own): when an ID
    number of the form fails its check and the form carries an approval, the supervisor's
    credentials and permission are checked and the reason cleaned, as a registration's
    ``_check_override`` does. None when no number fails or no approval came."""
    failing = tuple(spec.name for spec, check in id_number_checks(btype, values) if not check.ok)
    if not failing or cmd.approval is None:
        return None
    try:
        reason = clean_text(cmd.approval.reason, "override_reason", "授权原因", max_len=200, required=False)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from exc
    if len(reason) < 4:
        raise ValidationErrors([ValidationError("override_reason", "请填写至少4个字的授权原因")])
    approver = auth.approve(
        db, cmd.approval.username, cmd.approval.password, "customer.approve_id_override", requester=actor
    )
    if auth.self_approved(approver, actor):
        note = f"（{auth.SELF_APPROVAL_NOTE}）"
        reason = reason[: 200 - len(note)] + note  # the note is never cut off
    return _IdApproval(failing, approver.username, reason)


def _step_remark(remark: str, approval: _IdApproval | None) -> str:
    """The first step's remark: the clerk's, and the approval of a failing ID (who and why,
    never the number), cut to the column."""
    if approval is None:
        return remark
    note = f"证件号码校验未通过，经{approval.approved_by}授权：{approval.reason}"[:REASON_MAX]
    # The clerk's remark is kept whole on the application (remark) and in the record: it is the
    # one shortened here, never the approval, which the history shows nowhere else.
    room = REASON_MAX - len(note) - 1
    return f"{remark[:room]}；{note}" if remark and room > 0 else note


def _step(
    session: Session,
    app: Application,
    actor: Actor,
    action: str,
    before: ApplicationState | None,
    after: ApplicationState,
    remark: str,
) -> ApplicationStep:
    step_no = (
        session.scalar(
            select(func.max(ApplicationStep.step_no)).where(ApplicationStep.application_id == app.id)
        )
        or 0
    ) + 1
    step = ApplicationStep(
        application_id=app.id,
        step_no=step_no,
        action=action,
        from_stage=str(before.stage) if before else "",
        to_stage=str(after.stage),
        from_status=str(before.status) if before else "",
        to_status=str(after.status),
        done_at=utcnow(),
        done_by=actor.username,
        remark=remark,
    )
    session.add(step)
    return step


# ---- accept -------------------------------------------------------------------------------------


def accept_application(db: Database, actor: Actor, cmd: AcceptApplication) -> AcceptedApplication:
    """Accept (受理) an application: the form's fields, documents and channel are checked
    (ValidationErrors naming each field), then the preconditions against the customer as he is
    in this transaction (PreconditionsNotMet with every reason; an ARREARS reason carries the
    amount so the counter can take the payment and try again). On success: the numbered row,
    its first step and one AcceptApplication record holding everything to replay it."""
    require(actor, "application.accept")
    if cmd.request_id is not None:
        if not isinstance(cmd.request_id, uuid.UUID):
            raise ValidationErrors([ValidationError("request_id", "请求编号格式不正确")])
        # Before any check: the customer's open application (this one) would block a second one,
        # and a supervisor is not asked again for an approval already given.
        done = _accepted_before(db, cmd)
        if done is not None:
            return done
    cat = application_catalogue.in_force(db)  # the newest version; the application records it
    btype = cat.get(cmd.type_code)
    errors: list[ValidationError] = []
    if cmd.channel not in CHANNELS:
        errors.append(ValidationError("channel", "请选择受理渠道"))
    applicant = (cmd.applicant_name or "").strip()
    if btype.new_customer:
        if cmd.customer_id is not None:
            errors.append(
                ValidationError("customer_id", "{type}为新客户办理，不能选择已有客户", type=term(btype.name))
            )
        if not applicant:
            errors.append(ValidationError("applicant_name", "申请人不能为空"))
    if len(applicant) > APPLICANT_MAX:
        errors.append(ValidationError("applicant_name", "申请人不能超过{max_len}个字", max_len=APPLICANT_MAX))
    docs = document_check(btype, cat, set(cmd.documents), commitment_signed=cmd.commitment_signed)
    if not docs.acceptable:
        names = Message.join((term(cat.documents[d].name) for d in docs.missing), "、")
        errors.append(ValidationError("documents", Message("资料不全，缺少：{missing}", missing=names)))
    try:
        values = parse_fields(btype, cmd.values)
    except ValidationErrors as exc:
        errors = [*errors, *exc.errors]
        values = {}
    remark = (cmd.remark or "").strip()
    if len(remark) > REASON_MAX:
        errors.append(ValidationError("remark", "备注不能超过{max_len}个字", max_len=REASON_MAX))
    if errors:
        raise ValidationErrors(errors)
    id_approval = _approved_id(db, actor, btype, values, cmd)
    today = _today()
    accepted_on = today
    if cmd.accepted_on is not None:
        if cmd.accepted_on > today:  # no form sends it: a caller's mistake, not a clerk's input
            raise ValueError("accepted_on must not be after today")
        accepted_on = cmd.accepted_on
    # read before the write: the tariffs in force, for a type with a tariff field
    tariffs = (
        {t.code: t for t in customers.tariff_options(db, actor)}
        if any(f.kind == FieldKind.TARIFF for f in btype.fields)
        else {}
    )
    try:
        return _accept(
            db,
            actor,
            cmd,
            cat,
            btype,
            values,
            docs,
            applicant,
            remark,
            id_approval,
            accepted_on,
            today,
            tariffs,
        )
    except IntegrityError:
        if cmd.request_id is None:
            raise
        # A concurrent duplicate of this request committed first: answer with its application.
        done = _accepted_before(db, cmd)
        if done is None:
            raise
        return done


def _accept(
    db: Database,
    actor: Actor,
    cmd: AcceptApplication,
    cat: ApplicationCatalogue,
    btype: BusinessType,
    values: Mapping[str, object],
    docs: DocumentCheck,
    applicant: str,
    remark: str,
    id_approval: _IdApproval | None,
    accepted_on: dt.date,
    today: dt.date,
    tariffs: Mapping[str, customers.TariffOption],
) -> AcceptedApplication:
    cal = working_calendar()
    with db.write() as session:
        # Lock order as every write: the actor's user row (check_live) first, then the customer.
        check_live(session, actor)
        # The version checked above must still be in force: an administrator's import meanwhile
        # may have withdrawn the type or changed its rules (docs/rules.md#business-type-catalogue).
        application_catalogue.lock_versions(session, exclusive=False)
        newest = application_catalogue.newest_version(session)
        if newest is not None and newest != cat.version:
            raise ConcurrentEdit(
                "业务类型目录刚更新为第{version}版，本次受理未保存。请按新版本重新受理", version=newest
            )
        if accepted_on != today and _purpose(session, actor) != SessionPurpose.SERVICE:
            raise PermissionDenied(
                "当前角色（{role}）无权执行此操作", role=term(ROLES.get(actor.role, actor.role))
            )
        customer = ledger.lock_customer(session, cmd.customer_id) if cmd.customer_id else None
        snapshot = customer_snapshot(session, customer, today) if customer else None
        override = _check_references(session, tariffs, btype, values, customer, id_approval is not None)
        reasons = check_preconditions(btype, cat, snapshot, values, today, application_rules())
        if reasons:
            raise PreconditionsNotMet(reasons)
        if override is not None:  # the one thing left: a supervisor's approval of the ID number
            raise override
        variant = str(values[btype.variant_field]) if btype.variant_field else ""
        limit = btype.limit_days(variant or None)
        due, soon, overdue = deadline_dates(cal, accepted_on, limit, ())
        assert due is not None
        manager = ""
        if customer is not None and is_large_customer(customer.kind, customer.capacity_kva):
            manager = customer.customer_manager
        state = initial_state(btype)
        app = Application(
            id=cmd.request_id or uuid7(),
            application_no=numbers.next_number(session, actor.node_id, "application"),
            node_id=actor.node_id,
            customer_id=customer.id if customer else None,
            applicant_name=applicant or (customer.name if customer else ""),
            type_code=btype.code,
            catalogue_version=cat.version,
            variant=variant,
            channel=cmd.channel,
            status=state.status,
            stage=state.stage,
            accepted_at=utcnow(),
            accepted_on=accepted_on,
            accepted_by=actor.username,
            limit_days=limit,
            promised_date=due,
            due_date=due,
            due_soon_from=soon,
            overdue_from=overdue,
            values=json.dumps(_stored_values(values), ensure_ascii=False),
            documents=json.dumps(
                {
                    "received": list(docs.received),
                    "missing": list(docs.missing),
                    "promised": list(docs.promised),
                    "commitment_signed": cmd.commitment_signed,
                    # the completion copies it onto the customer record with the number
                    **({"id_approval": id_approval.payload()} if id_approval else {}),
                },
                ensure_ascii=False,
            ),
            customer_manager=manager,
            remark=remark,
        )
        session.add(app)
        session.flush()
        _step(session, app, actor, ACCEPT, None, state, _step_remark(remark, id_approval))
        oplog.append(
            session,
            actor,
            OpType.ACCEPT_APPLICATION,
            {
                "id": str(app.id),
                "application_no": app.application_no,
                "customer_id": str(customer.id) if customer else None,
                "account_no": customer.account_no if customer else "",
                "applicant_name": app.applicant_name,
                "type_code": btype.code,
                "catalogue_version": cat.version,
                "variant": variant,
                "channel": cmd.channel,
                "status": state.status,
                "stage": state.stage,
                "accepted_on": accepted_on.isoformat(),
                "limit_days": limit,
                "promised_date": due.isoformat(),
                "values": _logged_values(session, btype, values),
                "documents": json.loads(app.documents),
                "customer_manager": manager,
                "remark": remark,
                "id_approval": id_approval.payload() if id_approval else None,
            },
            "application",
            app.id,
        )
        visits.record_visit(
            session, actor, RatingKind.APPLICATION, app.id, app.customer_id, cmd.served_since, app.accepted_at
        )
        return AcceptedApplication(
            app.id, app.application_no, due, bool(cal.uncovered_years(accepted_on, due)), manager, app.version
        )


def _accepted_before(db: Database, cmd: AcceptApplication) -> AcceptedApplication | None:
    """The application ``cmd.request_id`` already accepted (``repeated``), when the request is
    the same; None when there is none; RequestReused when the id named other content."""
    assert cmd.request_id is not None
    with db.read() as session:
        app = session.get(Application, cmd.request_id)
        if app is None:
            return None
        kept = _Kept(
            app.id,
            app.application_no,
            app.promised_date,
            app.accepted_on,
            app.customer_manager,
            app.version,
            app.type_code,
            app.catalogue_version,
            app.customer_id,
            app.channel,
            app.applicant_name,
            app.remark,
            app.documents,
            app.values,
        )
    if not _same_request(db, kept, cmd):
        raise RequestReused(
            Message(
                "请求编号已用于另一笔内容不同的业务申请（{application_no}），本次未受理。请关闭窗口后重新受理",
                application_no=kept.application_no,
            )
        )
    provisional = bool(working_calendar().uncovered_years(kept.accepted_on, kept.promised_date))
    return AcceptedApplication(
        kept.id,
        kept.application_no,
        kept.promised_date,
        provisional,
        kept.customer_manager,
        kept.version,
        repeated=True,
    )


@dataclass(frozen=True)
class _Kept:
    """What a repeated request is compared with and answered from (read in one session)."""

    id: uuid.UUID
    application_no: str
    promised_date: dt.date
    accepted_on: dt.date
    customer_manager: str
    version: int
    type_code: str
    catalogue_version: int
    customer_id: uuid.UUID | None
    channel: str
    applicant_name: str
    remark: str
    documents: str
    values: str


def _same_request(db: Database, app: _Kept, cmd: AcceptApplication) -> bool:
    """Whether ``cmd`` is the request that accepted ``app``: type, customer, channel, applicant,
    remark, documents and the type's fields as they were stored (parsed under the application's
    own catalogue version)."""
    if (app.type_code, app.channel) != (cmd.type_code, cmd.channel):
        return False
    applicant = (cmd.applicant_name or "").strip()
    if (applicant and applicant != app.applicant_name) or (cmd.remark or "").strip() != app.remark:
        return False
    try:
        btype = catalogue_in_force(db, app.catalogue_version).get(app.type_code)
        values = parse_fields(btype, cmd.values)
    except (ValidationErrors, NotFound):
        return False
    # A 新装 is accepted for no customer; its completion names the customer it registered on
    # the application: the same request still (otherwise the clerk is told to accept it again).
    if app.customer_id != cmd.customer_id and not (cmd.customer_id is None and btype.effect.new_customer):
        return False
    known = {*btype.documents, *btype.optional_documents}
    received = set(json.loads(app.documents or "{}").get("received") or ())
    if received != {d for d in cmd.documents if d in known}:
        return False
    stored = json.loads(app.values or "{}")
    return bool(stored == json.loads(json.dumps(_stored_values(values), ensure_ascii=False)))


# ---- transitions --------------------------------------------------------------------------------

_OPS = {
    ApplicationAction.ADVANCE: OpType.ADVANCE_APPLICATION,
    ApplicationAction.SUSPEND: OpType.SUSPEND_APPLICATION,
    ApplicationAction.RESUME: OpType.RESUME_APPLICATION,
    ApplicationAction.CANCEL: OpType.CANCEL_APPLICATION,
    ApplicationAction.COMPLETE: OpType.COMPLETE_APPLICATION,
}
_PERMISSIONS = {
    ApplicationAction.ADVANCE: "application.process",
    ApplicationAction.SUSPEND: "application.process",
    ApplicationAction.RESUME: "application.process",
    ApplicationAction.CANCEL: "application.cancel",
    ApplicationAction.COMPLETE: "application.process",
}


def _load(session: Session, application_id: uuid.UUID, expected_version: int) -> Application:
    app = session.scalar(
        select(Application)
        .where(Application.id == application_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if app is None:
        raise NotFound("业务申请不存在")
    if app.version != expected_version:
        raise ConcurrentEdit(
            "申请{application_no}已被他人办理（当前版本{version}），您的操作未保存。请重新打开后再办理",
            application_no=app.application_no,
            version=app.version,
        )
    return app


def _transition(
    db: Database,
    actor: Actor,
    cmd: ApplicationCommand | CompleteApplication,
    action: ApplicationAction,
    registration: dict[str, Any] | None = None,
) -> int:
    require(actor, _PERMISSIONS[action])
    remark = _remark(
        cmd.remark, "reason" if action in (ApplicationAction.SUSPEND, ApplicationAction.CANCEL) else "remark"
    )
    today = _today()
    back_dated = isinstance(cmd, CompleteApplication) and cmd.completed_on is not None
    if isinstance(cmd, CompleteApplication) and cmd.completed_on is not None:
        if cmd.completed_on > today:  # no form sends it: a caller's mistake, not a clerk's input
            raise ValueError("completed_on must not be after today")
        today = cmd.completed_on
    try:
        with db.write() as session:
            check_live(session, actor)
            if back_dated and _purpose(session, actor) != SessionPurpose.SERVICE:
                raise PermissionDenied(
                    "当前角色（{role}）无权执行此操作", role=term(ROLES.get(actor.role, actor.role))
                )
            app = _load(session, cmd.application_id, cmd.expected_version)
            if back_dated and today < app.accepted_on:
                raise ValueError("completed_on must not be before the acceptance")
            btype = application_catalogue.catalogues(session).get(app.catalogue_version).get(app.type_code)
            before = ApplicationState(ApplicationStatus(app.status), ApplicationStage(app.stage))
            try:
                after = apply_action(btype, before, action, reason=remark)
            except ValidationError as exc:  # the reason: a form field, as every service reports them
                raise ValidationErrors([exc]) from None
            payload: dict[str, Any] = {
                "id": str(app.id),
                "application_no": app.application_no,
                "base_version": app.version,
                "action": str(action),
                "from_stage": before.stage,
                "to_stage": after.stage,
                "from_status": before.status,
                "to_status": after.status,
                "on": today.isoformat(),
                "remark": remark,
            }
            payload.update(_move_clock(session, actor, app, action, today, remark))
            if action == ApplicationAction.COMPLETE:
                payload.update(_complete(session, actor, app, btype, registration))
            app.status, app.stage = after.status, after.stage
            session.flush()  # version_id_col: a concurrent change fails here (StaleDataError)
            _step(session, app, actor, str(action), before, after, remark)
            oplog.append(session, actor, _OPS[action], payload, "application", app.id)
            session.flush()
            return app.version
    except StaleDataError as exc:
        raise ConcurrentEdit("该申请刚被他人办理，您的操作未保存。请重新打开后再办理") from exc


def _move_clock(
    session: Session, actor: Actor, app: Application, action: ApplicationAction, today: dt.date, remark: str
) -> dict[str, Any]:
    """The deadline clock and the closing of a transition (docs/rules.md#deadline-status): a
    suspension stops it (no due dates while it is open), a resumption ends the span and moves
    the dates by the working days suspended; cancelling and completing close the application.
    Returns what the operation's payload adds."""
    added: dict[str, Any] = {}
    if action == ApplicationAction.SUSPEND:
        session.add(ApplicationSuspension(application_id=app.id, start=today, reason=remark))
        app.due_date = app.due_soon_from = app.overdue_from = None
    elif action == ApplicationAction.RESUME:
        open_span = session.scalar(
            select(ApplicationSuspension).where(
                ApplicationSuspension.application_id == app.id, ApplicationSuspension.end.is_(None)
            )
        )
        if open_span is not None:
            open_span.end = today
        session.flush()
        app.due_date, app.due_soon_from, app.overdue_from = deadline_dates(
            working_calendar(), app.accepted_on, app.limit_days, _spans(session, app.id)
        )
        added["due_date"] = app.due_date.isoformat() if app.due_date else None
    elif action in (ApplicationAction.CANCEL, ApplicationAction.COMPLETE):
        app.closed_at, app.closed_on, app.closed_by = utcnow(), today, actor.username
        if action == ApplicationAction.CANCEL:
            app.close_reason = remark
    return added


def _complete(
    session: Session, actor: Actor, app: Application, btype: BusinessType, registration: dict[str, Any] | None
) -> dict[str, Any]:
    """Apply the completion's effects on the customer in this unit of work
    (docs/rules.md#completion-effects); returns the payload's part to replay them."""
    values = parse_fields(btype, json.loads(app.values))
    extra = {"application_no": app.application_no}
    if btype.effect.new_customer:
        assert registration is not None
        confirmed = bool(registration.pop("_confirm_duplicate", False))
        new = customers.insert_customer(
            session, actor, registration, confirm_duplicate=confirmed, extra=extra
        )
        app.customer_id = new.id
        changes = completion_changes(btype, values, None)
        app.result = json.dumps(changes.to_data(), ensure_ascii=False)
        return {
            "changes": changes.to_data(),
            "customer_id": str(new.id),
            "account_no": new.account_no,
            "values": _logged_values(session, btype, values),
        }
    if app.customer_id is None:
        raise NotFound("客户不存在")
    customer = ledger.lock_customer(session, app.customer_id)
    snapshot = customer_snapshot(session, customer, _today())
    changes = completion_changes(btype, values, snapshot)
    new_values: dict[str, Any] = {
        attr: str(v) if isinstance(v, CustomerKind) else v for attr, v in changes.set
    }
    if changes.holder_changed and "id_number" in new_values:
        approved = _id_approval_of(app, btype)
        new_values.update(
            id_override_reason=approved.get("reason") if approved else None,
            id_override_by=approved.get("approved_by") if approved else None,
        )
    if changes.status is not None:
        new_values["status"] = str(changes.status)
    if changes.holder_changed:
        new_values.setdefault("phone2", "")
    done = customers.change_in_session(session, actor, customer, new_values, extra)
    data = changes.to_data()
    app.result = json.dumps(data, ensure_ascii=False)
    logged = dict(data)
    logged["set"] = {k: audit.pii_value(session, k, v) for k, v in dict(data["set"]).items()}  # type: ignore[call-overload]
    return {
        "changes": logged,
        "customer_id": str(customer.id),
        "account_no": customer.account_no,
        "customer_changes": done,
    }


def _id_approval_of(app: Application, btype: BusinessType) -> dict[str, Any] | None:
    """The supervisor's approval stored at acceptance for the ID number the completion sets on
    the customer (a 过户's new holder's), as the record's id_override_reason / id_override_by."""
    approval = json.loads(app.documents or "{}").get("id_approval")
    source = dict(btype.effect.set).get("id_number")
    if isinstance(approval, dict) and source in approval.get("fields", ()):
        return approval
    return None


def advance_application(db: Database, actor: Actor, cmd: ApplicationCommand) -> int:
    """Move to the type's next stage (进入下一环节). Returns the new version."""
    return _transition(db, actor, cmd, ApplicationAction.ADVANCE)


def suspend_application(db: Database, actor: Actor, cmd: ApplicationCommand) -> int:
    """Suspend (挂起, the reason in ``remark``): the deadline clock stops from the day after."""
    return _transition(db, actor, cmd, ApplicationAction.SUSPEND)


def resume_application(db: Database, actor: Actor, cmd: ApplicationCommand) -> int:
    """Resume (恢复办理): the clock runs again from the working day after today; the due date
    moves by the working days suspended."""
    return _transition(db, actor, cmd, ApplicationAction.RESUME)


def cancel_application(db: Database, actor: Actor, cmd: ApplicationCommand) -> int:
    """Cancel (撤销, the reason in ``remark``): a supervisor's decision."""
    return _transition(db, actor, cmd, ApplicationAction.CANCEL)


def complete_application(db: Database, actor: Actor, cmd: CompleteApplication) -> int:
    """Complete (办结归档) at the last stage: the customer record changes in the same unit of
    work (a new customer and account for a 新装, from ``cmd.registration``), the old values kept
    in the customer's history (an UpdateCustomer / RegisterCustomer record beside the
    CompleteApplication one)."""
    require(actor, "application.process")
    registration: dict[str, Any] | None = None
    with db.read() as session:
        app = session.get(Application, cmd.application_id)
        if app is None:
            raise NotFound("业务申请不存在")
        btype = application_catalogue.catalogues(session).get(app.catalogue_version).get(app.type_code)
        stored = json.loads(app.values)
    if btype.effect.new_customer:
        if cmd.registration is None:
            raise ValidationErrors(
                [ValidationError("registration", "{type}办结时须填写新客户档案", type=term(btype.name))]
            )
        values = parse_fields(btype, stored)
        kind = values.get("customer_kind") or btype.kinds[0]
        data = dataclasses.replace(
            cmd.registration.data,
            kind=str(kind),
            capacity_kva=str(values["capacity_kva"]),
            voltage_level=str(values["voltage_level"]),
            supply_address=str(values.get("address", "")),
        )
        registration = customers.prepare_registration(
            db, actor, customers.RegisterCustomer(data, False, cmd.registration.approval)
        )
        # a possible duplicate is found in the completing transaction (DuplicateSuspected), as at
        # registration; the clerk confirms it with registration.confirm_duplicate
        registration["_confirm_duplicate"] = cmd.registration.confirm_duplicate
    return _transition(db, actor, cmd, ApplicationAction.COMPLETE, registration)


#: For the screens: what each action is called.
ACTION_LABELS = {ACCEPT: term("受理"), **ACTIONS}
