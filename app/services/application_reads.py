"""Service applications read: the worklist (业务工单列表), one application opened, a customer's
applications (the customer view's 业务 tab). Writes are in :mod:`app.services.applications`.

The worklist filters on indexed columns only (type, stage, status, clerk, acceptance time,
customer manager, and the deadline colours through the stored ``due_soon_from`` /
``overdue_from`` dates), newest first, one page at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence

from sqlalchemy import Select, and_, func, select, union_all
from sqlalchemy.orm import Session

from app.domain.applications import ApplicationState, allowed_actions
from app.domain.codes import ApplicationStage, ApplicationStatus, DeadlineStatus, FieldKind
from app.domain.errors import NotFound, ValidationError, ValidationErrors
from app.domain.masking import mask_id, mask_phone
from app.domain.periods import utc_at
from app.domain.workdays import SuspendedSpan, WorkingDayCalendar, deadline_status
from app.dto.applications import (
    ApplicationDetail,
    ApplicationFilter,
    ApplicationPage,
    ApplicationRow,
    ApplicationStepRow,
    PageRequest,
    SuspensionRow,
)
from app.dto.common import Actor
from app.services import applications as _writes
from app.services.application_catalogue import Catalogues, catalogues
from app.services.applications import OPEN_STATUSES, working_calendar
from app.services.permissions import allowed, require
from db.bulk import in_chunks
from db.engine import Database
from db.models import Application, ApplicationAttachment, ApplicationStep, ApplicationSuspension, Customer

__all__ = ["applications_of_customer", "get_application", "list_applications"]

PAGE_MAX = 500
_COLUMNS = (Application, Customer.account_no, Customer.name)


def _colour(
    app: Application, today: dt.date, cal: WorkingDayCalendar | None, spans: list[SuspendedSpan]
) -> DeadlineStatus:
    if app.due_soon_from is None or app.overdue_from is None:  # suspended: ask the domain
        assert cal is not None
        return deadline_status(cal, app.accepted_on, app.limit_days, app.closed_on or today, spans).status
    day = app.closed_on or today
    if day >= app.overdue_from:
        return DeadlineStatus.OVERDUE
    if day >= app.due_soon_from:
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TIME


def _rows(
    session: Session,
    found: Sequence[tuple[Application, str | None, str | None]],
    today: dt.date,
    cats: Catalogues | None = None,
) -> tuple[ApplicationRow, ...]:
    """The rows of a page: the catalogue versions read once, and the suspension spans of the
    suspended ones (their colour is the domain's computation) in one query."""
    cats = cats or catalogues(session)
    stopped = [app.id for app, _, _ in found if app.due_soon_from is None or app.overdue_from is None]
    spans: dict[uuid.UUID, list[SuspendedSpan]] = {i: [] for i in stopped}
    cal = None
    if stopped:
        cal = working_calendar()
        for chunk in in_chunks(stopped):
            for app_id, start, end in session.execute(
                select(
                    ApplicationSuspension.application_id,
                    ApplicationSuspension.start,
                    ApplicationSuspension.end,
                ).where(ApplicationSuspension.application_id.in_(chunk))
            ):
                spans[app_id].append(SuspendedSpan(start, end))
    return tuple(
        _row(cats, app, no, name, _colour(app, today, cal, spans.get(app.id, []))) for app, no, name in found
    )


def _row(
    cats: Catalogues,
    app: Application,
    account_no: str | None,
    name: str | None,
    colour: DeadlineStatus,
) -> ApplicationRow:
    cat = cats.get(app.catalogue_version)  # the type's name as the application's own version has it
    type_name = cat.get(app.type_code).name if app.type_code in cat.codes else app.type_code
    return ApplicationRow(
        id=app.id,
        application_no=app.application_no,
        type_code=app.type_code,
        type_name=type_name,
        customer_id=app.customer_id,
        account_no=account_no or "",
        customer_name=name or app.applicant_name,
        channel=app.channel,
        status=app.status,
        stage=app.stage,
        accepted_at=app.accepted_at,
        accepted_by=app.accepted_by,
        promised_date=app.promised_date,
        due_date=app.due_date,
        deadline=colour,
        customer_manager=app.customer_manager,
        version=app.version,
    )


def _filtered(f: ApplicationFilter, today: dt.date, first: int) -> Select[Application, str, str]:
    """The worklist's query for ``f``, to be ordered newest first; ``first``: how many rows of
    that order the caller may read (offset + page + 1)."""
    stmt = select(*_COLUMNS).outerjoin(Customer, Customer.id == Application.customer_id)
    conditions = []
    statuses: tuple[str, ...] = ()
    if f.type_code:
        conditions.append(Application.type_code == f.type_code)
    if f.stage:
        conditions.append(Application.stage == f.stage)
    if f.status:
        conditions.append(Application.status == f.status)
    elif f.open_only:
        statuses = tuple(OPEN_STATUSES)
    if f.clerk:
        conditions.append(Application.accepted_by == f.clerk)
    if f.customer_manager:
        conditions.append(Application.customer_manager == f.customer_manager)
    if f.channel:
        conditions.append(Application.channel == f.channel)
    if f.accepted_from:
        conditions.append(Application.accepted_at >= utc_at(f.accepted_from, 0))
    if f.accepted_to:
        conditions.append(Application.accepted_at < utc_at(f.accepted_to + dt.timedelta(days=1), 0))
    if f.deadline:
        running = Application.status == ApplicationStatus.IN_PROGRESS
        if f.deadline == DeadlineStatus.OVERDUE:
            conditions += [running, Application.overdue_from <= today]
        elif f.deadline == DeadlineStatus.DUE_SOON:
            conditions += [running, Application.due_soon_from <= today, Application.overdue_from > today]
        else:
            conditions += [running, Application.due_soon_from > today]
    if statuses:
        # Several statuses: the newest ``first`` of each, walked on its (status, accepted_at)
        # index, then merged. ``status IN (…)`` made SQLite sort every open application
        # (~300 ms over 65,000 open rows) before it could return the first page.
        branches = [
            select(Application.id)
            .where(Application.status == status, *conditions)
            .order_by(Application.accepted_at.desc(), Application.id.desc())
            .limit(first)
            .subquery()
            for status in statuses
        ]
        newest = union_all(*(select(b.c.id) for b in branches))
        conditions = [Application.id.in_(newest)]
    return stmt.where(and_(*conditions)) if conditions else stmt


def _check_filter(f: ApplicationFilter, page: PageRequest) -> None:
    errors = []
    if f.deadline and f.deadline not in {d.value for d in DeadlineStatus}:
        errors.append(ValidationError("deadline", "未知的时限状态"))
    if f.stage and f.stage not in {s.value for s in ApplicationStage}:
        errors.append(ValidationError("stage", "未知的环节"))
    if f.status and f.status not in {s.value for s in ApplicationStatus}:
        errors.append(ValidationError("status", "未知的申请状态"))
    if f.accepted_from and f.accepted_to and f.accepted_from > f.accepted_to:
        errors.append(ValidationError("accepted_to", "结束日期不能早于开始日期"))
    if page.offset < 0 or not 1 <= page.limit <= PAGE_MAX:
        errors.append(ValidationError("page", "每页应为 1 到 {max} 条", max=PAGE_MAX))
    if errors:
        raise ValidationErrors(errors)


def list_applications(
    db: Database, actor: Actor, filters: ApplicationFilter | None = None, page: PageRequest | None = None
) -> ApplicationPage:
    """The worklist: applications matching ``filters``, newest accepted first, one page."""
    require(actor, "application.view")
    f, page = filters or ApplicationFilter(), page or PageRequest()
    _check_filter(f, page)
    today = _writes._today()
    with db.read() as session:
        rows = session.execute(
            _filtered(f, today, page.offset + page.limit + 1)
            .order_by(Application.accepted_at.desc(), Application.id.desc())
            .offset(page.offset)
            .limit(page.limit + 1)
        ).all()
        out = _rows(session, rows[: page.limit], today)
        return ApplicationPage(out, len(rows) > page.limit, page.offset)


def applications_of_customer(
    db: Database, actor: Actor, customer_id: uuid.UUID, limit: int = 200
) -> list[ApplicationRow]:
    """The customer's applications, newest first (the customer view's 业务 tab)."""
    require(actor, "application.view")
    today = _writes._today()
    with db.read() as session:
        rows = session.execute(
            select(*_COLUMNS)
            .outerjoin(Customer, Customer.id == Application.customer_id)
            .where(Application.customer_id == customer_id)
            .order_by(Application.accepted_at.desc(), Application.id.desc())
            .limit(limit)
        ).all()
        return list(_rows(session, rows, today))


def _shown_values(cats: Catalogues, app: Application, visible: bool) -> dict[str, object]:
    values: dict[str, object] = json.loads(app.values)
    cat = cats.get(app.catalogue_version)
    if visible or app.type_code not in cat.codes:
        return values
    for spec in cat.get(app.type_code).fields:
        value = values.get(spec.name)
        if isinstance(value, str) and value:
            if spec.kind == FieldKind.ID_NUMBER:
                values[spec.name] = mask_id(value)
            elif spec.name.endswith("phone"):
                values[spec.name] = mask_phone(value)
    return values


def get_application(db: Database, actor: Actor, application_id: uuid.UUID) -> ApplicationDetail:
    """One application with its steps, suspensions, what may be done now and its deadline."""
    require(actor, "application.view")
    today = _writes._today()
    with db.read() as session:
        found = session.execute(
            select(*_COLUMNS)
            .outerjoin(Customer, Customer.id == Application.customer_id)
            .where(Application.id == application_id)
        ).first()
        if found is None:
            raise NotFound("业务申请不存在")
        app, no, name = found
        steps = session.scalars(
            select(ApplicationStep)
            .where(ApplicationStep.application_id == app.id)
            .order_by(ApplicationStep.step_no)
        ).all()
        spans = session.scalars(
            select(ApplicationSuspension)
            .where(ApplicationSuspension.application_id == app.id)
            .order_by(ApplicationSuspension.start, ApplicationSuspension.id)
        ).all()
        cats = catalogues(session)
        cat = cats.get(app.catalogue_version)  # its later steps follow the version it was accepted under
        state = ApplicationState(ApplicationStatus(app.status), ApplicationStage(app.stage))
        actions = (
            tuple(str(a) for a in allowed_actions(cat.get(app.type_code), state))
            if app.type_code in cat.codes
            else ()
        )
        info = deadline_status(
            working_calendar(),
            app.accepted_on,
            app.limit_days,
            app.closed_on or today,
            [SuspendedSpan(s.start, s.end) for s in spans],
        )
        return ApplicationDetail(
            row=_rows(session, [(app, no, name)], today, cats)[0],
            catalogue_version=app.catalogue_version,
            variant=app.variant,
            limit_days=app.limit_days,
            values=_shown_values(cats, app, allowed(actor, "customer.view_sensitive")),
            documents=json.loads(app.documents),
            steps=tuple(
                ApplicationStepRow(
                    s.step_no,
                    s.action,
                    s.from_stage,
                    s.to_stage,
                    s.from_status,
                    s.to_status,
                    s.done_at,
                    s.done_by,
                    s.remark,
                )
                for s in steps
            ),
            suspensions=tuple(SuspensionRow(s.start, s.end, s.reason) for s in spans),
            allowed_actions=actions,
            used_days=info.used,
            left_days=info.left,
            remark=app.remark,
            close_reason=app.close_reason,
            closed_at=app.closed_at,
            closed_by=app.closed_by,
            result=json.loads(app.result or "{}"),
            attachments=session.scalar(
                select(func.count(ApplicationAttachment.id)).where(
                    ApplicationAttachment.application_id == app.id
                )
            )
            or 0,
        )
