"""Roles and what they may do (权限). Checked in services, not only by hiding buttons."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.domain.codes import Role
from app.domain.errors import PermissionDenied, term
from app.dto.common import Actor
from db.models import User, UserSession, utcnow


class SessionEnded(PermissionDenied):
    """The actor's log-in is no longer valid (ended, unknown token, account deactivated or role
    changed): the UI shows the message and returns to the log-in window."""

ROLES: dict[str, str] = {
    Role.CLERK: term("营业员"), Role.SUPERVISOR: term("值班长"), Role.ADMIN: term("系统管理员"),
}

_GRANTS: dict[str, frozenset[str]] = {
    "customer.register": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "customer.edit": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "customer.view": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    # Full ID and phone numbers (未脱敏): the supervisor handles disputes; clerks see them masked.
    "customer.view_sensitive": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "customer.approve_id_override": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "user.manage": frozenset({Role.ADMIN}),
    "audit.verify": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # the audit view (审计): the operation log, its verification and the stored anchors
    "audit.view": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # money path (docs/money-path.md)
    "bill.view": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "bill.import": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "bill.compute": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "bill.adjust": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # 退补 above the hall rule adjustment_approval_fen needs a second person's approval (issue 7 item 7b)
    "bill.approve_adjustment": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "payment.post": frozenset({Role.CLERK, Role.SUPERVISOR}),
    "session.open": frozenset({Role.CLERK, Role.SUPERVISOR}),
    "payment.approve_reversal": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "session.approve": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "session.view_all": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "tariff.manage": frozenset({Role.ADMIN}),
    # 营业厅业务规则 (late fees, limits, lockout: app/domain/hall_rules.py)
    "hall_rules.manage": frozenset({Role.ADMIN}),
    # 业务受理 (docs/rules.md#what-the-services-enforce): the clerk who serves the customer accepts and
    # moves an application on, suspends and resumes it, and completes it (completion changes the
    # customer record, as customer.edit lets a clerk do); cancelling one that was accepted is
    # a supervisor's decision. Admins configure, they do not serve customers.
    "application.view": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "application.accept": frozenset({Role.CLERK, Role.SUPERVISOR}),
    "application.process": frozenset({Role.CLERK, Role.SUPERVISOR}),
    "application.cancel": frozenset({Role.SUPERVISOR}),
    # 诉求工单 (docs/rules.md#work-order-services): every clerk records, dispatches and works
    # an order, replies and calls back; reassigning an order someone is already on and
    # archiving (the close-out review) are the supervisor's. The reporter's full contact is
    # shown to the clerk who recorded it and to those who may view it (docs/rules.md#work-order-anonymity).
    "workorder.view": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "workorder.record": frozenset({Role.CLERK, Role.SUPERVISOR}),
    "workorder.process": frozenset({Role.CLERK, Role.SUPERVISOR}),
    "workorder.reassign": frozenset({Role.SUPERVISOR}),
    "workorder.archive": frozenset({Role.SUPERVISOR}),
    "workorder.view_contact": frozenset({Role.SUPERVISOR}),
    # 服务评价 (docs/rules.md#satisfaction-rating): the clerk who served the customer records the
    # customer's rating (or skips it with a reason); supervisors read the figures.
    "rating.record": frozenset({Role.CLERK, Role.SUPERVISOR}),
    "rating.view": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # 看板 (docs/rules.md#supervisor-dashboard): the hall's figures per clerk
    "dashboard.view": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    # the business-type catalogue's versions (docs/rules.md#business-type-catalogue)
    "catalogue.manage": frozenset({Role.ADMIN}),
    # 报表 (docs/reports.md): the hall's summaries and lists are the supervisor's; the arrears
    # list for 催费 is the clerks' too (phones masked unless customer.view_sensitive asks).
    "report.view": frozenset({Role.SUPERVISOR, Role.ADMIN}),
    "report.arrears": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    # 停电信息 (docs/rules.md#outages): every counter reads them (customer view, search results);
    # the supervisor on duty enters them (admins configure, they do not run the hall)
    "outage.view": frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
    "outage.manage": frozenset({Role.SUPERVISOR}),
    # 分支节点 (docs/sync.md#enrolment): registering branches and issuing their enrolment codes
    "sync.manage": frozenset({Role.ADMIN}),
}


def allowed(actor: Actor, permission: str) -> bool:
    return actor.role in _GRANTS[permission]


def require(actor: Actor, permission: str) -> None:
    if not allowed(actor, permission):
        raise PermissionDenied(
            "当前角色（{role}）无权执行此操作", role=term(ROLES.get(actor.role, actor.role))
        )


def check_live(session: Session, actor: Actor, *, changing_password: bool = False) -> None:
    """Is ``actor`` still who it claims to be? Runs inside the write's own transaction.

    Called by :func:`app.write_path.oplog.append`, which every write passes through, so no service can
    forget it. The actor's token must name a session row of that user on that node that has
    not ended; the user must still be active and still hold the role the actor carries (a
    demoted supervisor is refused at once, not at the next log-in). The user row is read
    FOR SHARE (PostgreSQL): an administrator's deactivation waits for this write, or this
    write sees it.
    """
    row = None
    if actor.token:
        row = session.execute(
            select(UserSession.user_id, UserSession.node_id, UserSession.ended_at)
            .where(UserSession.token == actor.token)).first()
    if row is None or row.user_id != actor.user_id or row.node_id != actor.node_id:
        raise SessionEnded("登录状态无效，请重新登录")
    if row.ended_at is not None:
        raise SessionEnded("本次登录已结束（已注销或锁屏超时），请重新登录")
    user = session.execute(select(User.active, User.role, User.must_change_password).where(User.id == actor.user_id)
                           .with_for_update(read=True)).first()
    if user is None or not user.active:
        raise SessionEnded("该账户已停用，请联系管理员")
    if user.role != actor.role:
        raise SessionEnded("您的角色已变更为{role}，请重新登录", role=term(ROLES.get(user.role, user.role)))
    if user.must_change_password and not changing_password:
        raise SessionEnded("管理员已重置您的密码，请先修改密码")
    # "Last seen" to the minute: writes of one session do not queue on its row for it.
    now = utcnow()
    session.execute(update(UserSession).where(UserSession.token == actor.token,
                                              UserSession.last_seen_at < now - dt.timedelta(minutes=1))
                    .values(last_seen_at=now).execution_options(synchronize_session=False))
