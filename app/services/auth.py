"""Log-in, lockout, screen unlock, supervisor approval and user management (用户与登录)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from typing import NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from app.domain.codes import OpType, Role, SessionEndReason, SessionPurpose
from app.domain.errors import (
    AuthenticationFailed,
    ConcurrentEdit,
    Message,
    NotFound,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from app.domain.text import clean_text
from app.dto.common import Actor, UserRow
from app.services import hall_rules
from app.services.permissions import ROLES, check_live, require
from app.write_path import oplog
from db.engine import Database
from db.models import Node, User, UserSession, utcnow

# Module-level so tests can swap in cheaper parameters; the defaults are argon2id's RFC 9106
# "low memory" profile, ~50 ms per check on the counter PCs we target.
hasher = PasswordHasher()

_USERNAME = re.compile(r"^[a-z][a-z0-9_.]{1,31}$")


def _secret(password: str) -> bytes:
    # Bytes, not str: argon2-cffi's own UTF-8 encoding raises on lone surrogates, and a
    # log-in form must answer "wrong password", never crash.
    return password.encode("utf-8", "surrogatepass")


def hash_password(password: str) -> str:
    return hasher.hash(_secret(password))


def password_problem(password: str) -> Message | None:
    if len(password) < 8:
        return Message("密码至少8位")
    if len(password) > 128:
        return Message("密码不能超过128位")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        return Message("密码必须同时包含字母和数字")
    if any("\ud800" <= ch <= "\udfff" for ch in password):
        return Message("密码中包含无法识别的字符")
    return None


def _actor(user: User, node: Node, token: str = "") -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role, user.employee_no, node.id, node.code,
                 token)


def open_session(session: Session, user: User, node: Node, purpose: str = SessionPurpose.LOGIN) -> Actor:
    """A server-side log-in session row for ``user``; the returned Actor carries its token.

    ``purpose`` ``service`` is for trusted in-process callers that act for a user without a
    password (first-run setup, the demo seeder, command-line tools)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(UserSession(token=token, user_id=user.id, node_id=node.id, purpose=purpose, created_at=now,
                            last_seen_at=now, ended_reason=""))
    session.flush()
    return _actor(user, node, token)


def service_actor(db: Database, user_id: uuid.UUID) -> Actor:
    """An Actor for ``user_id`` with its own service session (CLI, demo seeder): writes are
    still checked against the user's live active flag and role."""
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("用户不存在")
        node = session.get(Node, user.node_id)
        assert node is not None
        return open_session(session, user, node, SessionPurpose.SERVICE)


def logout(db: Database, actor: Actor, reason: str = SessionEndReason.LOGOUT) -> None:
    """End the actor's log-in session (注销, or the idle lock's time-out: ``reason`` ``idle``).

    Afterwards every write with that token is refused. Ending an unknown or already ended
    session does nothing."""
    if not actor.token:
        return
    with db.write() as session:
        ended = session.execute(
            update(UserSession).where(UserSession.token == actor.token, UserSession.user_id == actor.user_id,
                                      UserSession.ended_at.is_(None))
            .values(ended_at=utcnow(), ended_reason=reason[:20]).returning(UserSession.token)
            .execution_options(synchronize_session=False)).first()
        if ended is not None:
            oplog.append(session, actor, OpType.LOGOUT, {"username": actor.username, "reason": reason}, "user",
                         actor.user_id, identity_checked=True)


def password_change_required(db: Database, actor: Actor) -> bool:
    """True after an administrator reset the password: the log-in asks for a new one first."""
    with db.read() as session:
        return bool(session.scalar(select(User.must_change_password).where(User.id == actor.user_id)))


def _check_password(user: User, password: str) -> bool:
    try:
        return hasher.verify(user.password_hash, _secret(password))
    except (VerificationError, InvalidHashError):
        return False


def _set_login_state(session: Session, user: User, **values: object) -> None:
    """Write log-in bookkeeping with a plain UPDATE: it must not bump the optimistic-lock
    version, or an admin editing a user would collide with that user merely logging in."""
    session.execute(update(User).where(User.id == user.id).values(**values)
                    .execution_options(synchronize_session=False))
    for key, value in values.items():
        set_committed_value(user, key, value)


def _attempt(session: Session, username: str, password: str, purpose: str) -> User:
    """Verify one log-in attempt, counting failures and locking after the limit.

    An approval (``purpose`` ``approve``) is audited but never counts toward the log-in
    lockout: a clerk mistyping on the approval dialog must not lock the supervisor out; the
    approval has its own throttle (:func:`approve`)."""
    user = _lock_user(session, username)
    now = utcnow()
    if user is None:
        hasher.hash(_secret(password))  # same cost as a real check: no user-name probing by timing
        raise AuthenticationFailed("用户名或密码错误")
    _check_usable(user, now)
    node = session.get(Node, user.node_id)
    assert node is not None
    if not _check_password(user, password):
        _count_failure(session, user, node, purpose, now)  # always raises
    _record_success(session, user, node, password, purpose, now)
    return user


def _lock_user(session: Session, username: str) -> User | None:
    name = username.strip().lower()
    # A name that cannot exist is an unknown user; it never reaches the database, where
    # PostgreSQL would reject a NUL byte with an error instead of "no such user".
    # FOR UPDATE: concurrent wrong passwords for one account must count one after the other,
    # or a burst of guesses is all checked before the lock is written (PostgreSQL; SQLite
    # writers are serialised already).
    return (session.scalar(select(User).where(User.username == name).with_for_update()
                           .execution_options(populate_existing=True))
            if _USERNAME.fullmatch(name) else None)


def _check_usable(user: User, now: dt.datetime) -> None:
    """A disabled or locked-out account is refused before its password is looked at."""
    if not user.active:
        raise AuthenticationFailed("该账户已停用，请联系管理员", blocked=True)
    if user.locked_until and user.locked_until > now:
        remaining = (user.locked_until - now).total_seconds()
        minutes = max(1, int(remaining // 60) + (1 if remaining % 60 else 0))
        raise AuthenticationFailed("连续登录失败次数过多，账户已锁定，请{minutes}分钟后再试或联系管理员解锁",
                                   blocked=True, minutes=minutes)


def _count_failure(session: Session, user: User, node: Node, purpose: str, now: dt.datetime) -> NoReturn:
    """A wrong password: audited, counted (not for an approval) and the account locked at the limit."""
    failures = user.failed_attempts + 1
    policy = hall_rules.for_node(session, user.node_id)  # the hall's lockout policy, not this PC's
    left = policy.max_failed_logins - failures
    # Every failed attempt is audited (who, what for, how many left); the lock is its own record.
    if purpose == SessionPurpose.APPROVE:
        oplog.append(session, _actor(user, node), OpType.AUTH_FAILED,
                     {"username": user.username, "purpose": purpose},
                     "user", user.id, identity_checked=True)
        raise AuthenticationFailed("授权人用户名或密码错误")
    oplog.append(session, _actor(user, node), OpType.AUTH_FAILED,
                 {"username": user.username, "purpose": purpose, "failures": failures}, "user", user.id,
                 identity_checked=True)
    if left <= 0:
        _set_login_state(session, user, failed_attempts=0,
                         locked_until=now + dt.timedelta(minutes=policy.lockout_minutes))
        oplog.append(session, _actor(user, node), OpType.LOCK_USER,
                     {"username": user.username, "minutes": policy.lockout_minutes,
                      "reason": "failed_logins"}, "user", user.id, identity_checked=True)
        raise AuthenticationFailed("密码连续错误{failures}次，账户已锁定{minutes}分钟", blocked=True,
                                   failures=policy.max_failed_logins, minutes=policy.lockout_minutes)
    _set_login_state(session, user, failed_attempts=failures)
    raise AuthenticationFailed("用户名或密码错误，还可尝试{left}次", left=left)


def _record_success(session: Session, user: User, node: Node, password: str, purpose: str,
                    now: dt.datetime) -> None:
    """The failure count cleared (not by an approval), the hash renewed if due, a log-in logged."""
    state: dict[str, object] = {}
    if purpose != SessionPurpose.APPROVE:
        state.update(failed_attempts=0, locked_until=None)
    if hasher.check_needs_rehash(user.password_hash):
        state["password_hash"] = hash_password(password)
    if purpose == SessionPurpose.LOGIN:
        state["last_login_at"] = now
        oplog.append(session, _actor(user, node), OpType.LOGIN, {"username": user.username}, "user", user.id,
                     identity_checked=True)
    if state:
        _set_login_state(session, user, **state)


def _run_attempt(db: Database, username: str, password: str,
                 purpose: str = SessionPurpose.LOGIN) -> tuple[User, Node, str]:
    # The failure counter must persist even though the attempt fails, so the unit of work
    # commits first and the error is raised afterwards.
    error: AuthenticationFailed | None = None
    node: Node | None = None
    token = ""
    with db.write() as session:
        try:
            user = _attempt(session, username, password, purpose)
            node = session.get(Node, user.node_id)
            assert node is not None
            if purpose == SessionPurpose.LOGIN:
                token = open_session(session, user, node).token
        except AuthenticationFailed as exc:
            error = exc
    if error:
        raise error
    assert node is not None
    return user, node, token


def login(db: Database, username: str, password: str) -> Actor:
    """Check the password and open a server-side session; the Actor carries its token."""
    user, node, token = _run_attempt(db, username, password, SessionPurpose.LOGIN)
    return _actor(user, node, token)


def unlock_screen(db: Database, actor: Actor, password: str) -> None:
    """The idle lock (锁屏) is lifted only by the same user's password; failures count."""
    _run_attempt(db, actor.username, password, "unlock")
    with db.read() as session:
        ended = session.scalar(select(UserSession.ended_at).where(UserSession.token == actor.token))
    if actor.token and ended is not None:
        raise AuthenticationFailed("本次登录已结束，请重新登录", blocked=True)


#: The approval dialog's own throttle (issue 7 item 7a): this many wrong passwords for one
#: approver within the window refuse further approval attempts for that approver for
#: APPROVAL_PAUSE_SECONDS. It never touches the account's log-in lockout.
APPROVAL_MAX_FAILURES = 5
APPROVAL_PAUSE_SECONDS = 60
_approval_failures: dict[str, list[float]] = {}
_approval_lock = threading.Lock()
_clock = time.monotonic  # tests move time by swapping this


def _approval_throttle_check(name: str) -> None:
    with _approval_lock:
        now = _clock()
        recent = [t for t in _approval_failures.get(name, []) if now - t < APPROVAL_PAUSE_SECONDS]
        _approval_failures[name] = recent
        if len(recent) >= APPROVAL_MAX_FAILURES:
            wait = max(1, int(APPROVAL_PAUSE_SECONDS - (now - recent[-1])) + 1)
            raise AuthenticationFailed("授权密码连续错误{failures}次，请{seconds}秒后再试（不影响该账户登录）",
                                       failures=APPROVAL_MAX_FAILURES, seconds=min(wait, APPROVAL_PAUSE_SECONDS))


def _approval_failed(name: str) -> int:
    """Count one wrong approval password; returns how many attempts are left."""
    with _approval_lock:
        failures = _approval_failures.setdefault(name, [])
        failures.append(_clock())
        return APPROVAL_MAX_FAILURES - len(failures)


def reset_approval_throttle() -> None:
    with _approval_lock:
        _approval_failures.clear()


#: How a self-approval allowed by ``allow_self_approval_single_supervisor`` is shown on the
#: receipt and in the operation log.
SELF_APPROVAL_NOTE = "自批（单值班长营业厅）"


def self_approved(approver: Actor, requester: Actor) -> bool:
    return approver.user_id == requester.user_id


def approve(db: Database, username: str, password: str, permission: str, *,
            requester: Actor) -> Actor:
    """A supervisor authenticates on the clerk's screen (现场授权) to approve one action of
    ``requester``.

    Four eyes (issue 7 item 4): the approver must be another person, unless the setting
    ``allow_self_approval_single_supervisor`` is on, the approver is a supervisor and he is the
    hall's (node's) only active user who may approve (supervisors and admins); then
    :func:`self_approved` is true and callers print :data:`SELF_APPROVAL_NOTE`.
    Wrong passwords count toward the approval throttle, not the account lockout."""
    name = username.strip().lower()
    _approval_throttle_check(name)
    try:
        user, node, _ = _run_attempt(db, username, password, SessionPurpose.APPROVE)
    except AuthenticationFailed as exc:
        if exc.blocked:
            raise
        left = _approval_failed(name)
        if left <= 0:
            raise AuthenticationFailed("授权密码连续错误{failures}次，请{seconds}秒后再试（不影响该账户登录）",
                                       failures=APPROVAL_MAX_FAILURES, seconds=APPROVAL_PAUSE_SECONDS) from None
        raise AuthenticationFailed("授权人用户名或密码错误，还可尝试{left}次", left=left) from None
    approver = _actor(user, node)
    try:
        require(approver, permission)
    except PermissionDenied as exc:
        raise PermissionDenied("{name}无此授权权限，需值班长或管理员授权", name=user.display_name) from exc
    if user.id == requester.user_id:
        with db.read() as session:
            allowed = hall_rules.for_node(session, node.id).allow_self_approval_single_supervisor
        # Only the hall's one supervisor may (the rule is for a hall with one 值班长); an
        # administrator never approves his own action.
        if not allowed or user.role != Role.SUPERVISOR:
            raise PermissionDenied("不能由本人授权本人的业务，请由另一位值班长或管理员授权")
        with db.read() as session:
            approvers = session.scalar(select(func.count()).select_from(User).where(
                User.node_id == node.id, User.role == Role.SUPERVISOR, User.active.is_(True)))
        if approvers != 1:
            raise PermissionDenied("本营业厅有{count}位值班长，不能由本人授权本人的业务，请由另一位值班长授权",
                                   count=approvers)
    return approver


# ---- user management (admin) -------------------------------------------------------------


@dataclass(frozen=True)
class UserInput:
    username: str
    display_name: str
    employee_no: str
    role: str
    password: str = ""  # required on create; on update, a non-empty value resets it
    active: bool = True


def _validate_user(data: UserInput, creating: bool) -> tuple[str, str, str]:
    errors: list[ValidationError] = []
    username = data.username.strip().lower()
    if not _USERNAME.fullmatch(username):
        errors.append(ValidationError("username", "用户名为2-32位小写字母、数字、下划线或点，以字母开头"))
    display = ""
    try:
        display = clean_text(data.display_name, "display_name", "姓名", max_len=30)
    except ValidationError as exc:
        errors.append(exc)
    employee_no = data.employee_no.strip()
    if not re.fullmatch(r"[A-Za-z0-9-]{1,20}", employee_no):
        errors.append(ValidationError("employee_no", "工号为1-20位字母或数字"))
    if data.role not in ROLES:
        errors.append(ValidationError("role", "请选择角色"))
    if creating or data.password:
        problem = password_problem(data.password)
        if problem:
            errors.append(ValidationError("password", problem))
    if errors:
        raise ValidationErrors(errors)
    return username, display, employee_no


def _row(user: User) -> UserRow:
    return UserRow(user.id, user.username, user.display_name, user.employee_no, user.role, user.active,
                   user.locked_until, user.last_login_at, user.version)


def list_users(db: Database, actor: Actor) -> list[UserRow]:
    require(actor, "user.manage")
    with db.read() as session:
        return [_row(u) for u in session.scalars(select(User).order_by(User.username))]


def create_user(db: Database, actor: Actor, data: UserInput) -> UserRow:
    require(actor, "user.manage")
    username, display, employee_no = _validate_user(data, creating=True)
    with db.write() as session:
        if session.scalar(select(func.count()).select_from(User).where(User.username == username)):
            raise ValidationErrors([ValidationError("username", "用户名“{username}”已存在", username=username)])
        _check_employee_no(session, employee_no, None)
        user = User(username=username, display_name=display, employee_no=employee_no, role=data.role,
                    password_hash=hash_password(data.password), active=data.active, node_id=actor.node_id,
                    failed_attempts=0)
        session.add(user)
        _flush_user(session, employee_no)
        oplog.append(session, actor, OpType.CREATE_USER, {"username": username, "display_name": display,
                     "employee_no": employee_no, "role": data.role, "active": data.active}, "user", user.id)
        return _row(user)


def update_user(db: Database, actor: Actor, user_id: uuid.UUID, expected_version: int, data: UserInput) -> UserRow:
    require(actor, "user.manage")
    _, display, employee_no = _validate_user(data, creating=False)
    try:
        with db.write() as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound("用户不存在")
            if user.version != expected_version:
                raise ConcurrentEdit("该用户已被他人修改，请重新打开后再改")
            if user.id == actor.user_id and (data.role != Role.ADMIN or not data.active):
                raise ValidationErrors([ValidationError("role", "不能取消自己的管理员角色或停用自己")])
            if employee_no != user.employee_no:
                _check_employee_no(session, employee_no, user.id)
            changes = {}
            for attr, new in (("display_name", display), ("employee_no", employee_no), ("role", data.role),
                              ("active", data.active)):
                if getattr(user, attr) != new:
                    changes[attr] = [getattr(user, attr), new]
                    setattr(user, attr, new)
            if data.password:
                user.password_hash = hash_password(data.password)
                user.failed_attempts = 0
                user.locked_until = None
                # An administrator's reset is a temporary password: the user must choose their own.
                user.must_change_password = user.id != actor.user_id
                changes["password"] = ["***", "***"]
            if changes:
                _flush_user(session, employee_no)
                oplog.append(session, actor, OpType.UPDATE_USER, {"username": user.username, "changes": changes},
                             "user", user.id)
            return _row(user)
    except StaleDataError as exc:
        raise ConcurrentEdit("该用户已被他人修改，请重新打开后再改") from exc


def _check_employee_no(session: Session, employee_no: str, user_id: uuid.UUID | None) -> None:
    """工号 is printed on receipts: one number, one person (issue 7 item 7e)."""
    other = session.scalar(select(User).where(User.employee_no == employee_no, User.id != user_id)
                           if user_id is not None else select(User).where(User.employee_no == employee_no))
    if other is not None:
        raise ValidationErrors([ValidationError("employee_no", "工号“{employee_no}”已被{name}使用",
                                                employee_no=employee_no, name=other.display_name)])


def _flush_user(session: Session, employee_no: str) -> None:
    # The unique constraint decides a race between two administrators saving the same 工号;
    # the unit of work rolls back and the form shows the message next to the field.
    try:
        session.flush()
    except IntegrityError as exc:
        if "employee_no" not in str(exc.orig):
            raise
        raise ValidationErrors([ValidationError("employee_no", "工号“{employee_no}”已被他人使用",
                                                employee_no=employee_no)]) from exc


def unlock_user(db: Database, actor: Actor, user_id: uuid.UUID) -> UserRow:
    require(actor, "user.manage")
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("用户不存在")
        user.locked_until = None
        user.failed_attempts = 0
        session.flush()
        oplog.append(session, actor, OpType.UNLOCK_USER, {"username": user.username}, "user", user.id)
        return _row(user)


def change_own_password(db: Database, actor: Actor, old: str, new: str) -> None:
    problem = password_problem(new)
    if problem:
        raise ValidationErrors([ValidationError("new_password", problem)])
    if new == old:
        raise ValidationErrors([ValidationError("new_password", "新密码不能与原密码相同")])
    _run_attempt(db, actor.username, old, "password")
    with db.write() as session:
        check_live(session, actor, changing_password=True)
        user = session.get(User, actor.user_id)
        assert user is not None
        user.password_hash = hash_password(new)
        user.must_change_password = False
        session.flush()
        oplog.append(session, actor, OpType.CHANGE_PASSWORD, {"username": user.username}, "user", user.id,
                     identity_checked=True)
