"""Branch nodes at the centre: registration, enrolment codes, enrolment and per-node credentials
(docs/sync.md#enrolment).

An administrator registers a branch (a ``node`` row and a ``sync_node`` row, status ``pending``)
and gets a one-time enrolment code; the branch PC trades the code for a 256-bit secret, once.
Only SHA-256 hashes of the code and the secret are stored (both are random tokens, so a plain
hash is enough). Every later request is checked by :func:`authenticate`: constant-time compare,
pending and blocked nodes refused, and a request from another incarnation than the enrolled one
blocks the node (a PC restored from an old backup, docs/sync.md#incarnation).

Secrets and codes never reach a log or an error message.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.domain.codes import OpType, Role, SessionPurpose
from app.domain.errors import AuthenticationFailed, DomainError, NotFound, ValidationError, ValidationErrors
from app.dto.common import Actor
from app.services import auth
from app.services.permissions import require
from app.services.tariffs import system_actor
from app.sync import counters
from app.write_path import oplog
from db.engine import Database
from db.models import Node, SyncConflict, SyncHeld, SyncNode, User, utcnow

__all__ = [
    "ENROLMENT_DAYS",
    "EnrolResult",
    "NodeView",
    "SyncAuthError",
    "SyncNodeInfo",
    "authenticate",
    "block_in",
    "block_node",
    "enrol",
    "format_code",
    "issue_code",
    "list_nodes",
    "node_actor",
    "normalise_code",
    "register_node",
    "revoke_node",
    "secret_hash",
    "SyncNodeStatus",
]

log = logging.getLogger(__name__)

#: an enrolment code is valid this many days after it was issued
ENROLMENT_DAYS = 7
#: refresh last_seen_at / clock skew at most this often per node (one write, not one per request)
_SEEN_EVERY = dt.timedelta(seconds=30)


class SyncNodeStatus:
    """``sync_node.status``."""

    PENDING = "pending"  # registered, enrolment code issued, no PC enrolled yet
    ACTIVE = "active"
    BLOCKED = "blocked"  # refused until an administrator re-enrols it (docs/sync.md#incarnation)


class SyncAuthError(DomainError):
    """A request the centre refuses for who sent it. ``status``: 401 (no or wrong credentials) or
    403 (known node that may not sync now: pending, blocked, another incarnation)."""

    def __init__(self, status: int, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.status = status


class SyncUnavailable(SyncAuthError):
    """The centre could not decide on a request now (a transient database error: a deadlock, a
    lock or statement timeout, a lost connection): 503, nothing of it kept, the branch sends it
    again in its next round. Never held against the node."""


@dataclass(frozen=True)
class NodeView:
    """A branch node as the centre's administrator sees it (``sync-node list``)."""

    node_id: uuid.UUID
    code: str
    name: str
    status: str
    enrolled_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    applied_seq: int
    clock_skew_seconds: int
    open_conflicts: int
    blocked_reason: str
    code_expires_at: dt.datetime | None


@dataclass(frozen=True)
class EnrolResult:
    """What an enrolling PC gets, once. ``op_seq`` / ``op_last_hash``: where the node's operation
    stream stands at the centre (a re-enrolled PC continues the chain from there)."""

    node_id: uuid.UUID
    node_code: str
    secret: str
    op_seq: int = 0
    op_last_hash: str = ""
    server_time: str = ""
    #: the node's highest issued numbers at the centre (app/sync/counters.highest_numbers)
    numbers: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SyncNodeInfo:
    """An authenticated node."""

    node_id: uuid.UUID
    node_code: str
    status: str
    incarnation: str
    applied_seq: int
    clock_skew_seconds: int


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def secret_hash(secret: str) -> str:
    return _sha256(secret)


def normalise_code(code: str) -> str:
    """The code as typed (any case, spaces, dashes, full-width) -> its canonical form."""
    text = unicodedata.normalize("NFKC", str(code)).upper()
    return re.sub(r"[^A-Z2-7]", "", text)


def format_code(canonical: str) -> str:
    """``ABCDEFGHIJ…`` -> ``ABCDE-FGHIJ-…`` (groups of five, easy to read out and type)."""
    return "-".join(canonical[i : i + 5] for i in range(0, len(canonical), 5))


def _new_code() -> tuple[str, str]:
    """A new enrolment code: (shown, canonical). 20 base32 characters = 100 random bits."""
    canonical = base64.b32encode(secrets.token_bytes(15)).decode("ascii")[:20]
    return format_code(canonical), canonical


def _view(node: Node, sync: SyncNode, open_conflicts: int) -> NodeView:
    return NodeView(
        node.id,
        node.code,
        node.name,
        sync.status,
        sync.enrolled_at,
        sync.last_seen_at,
        int(sync.applied_seq or 0),
        int(sync.clock_skew_seconds or 0),
        open_conflicts,
        sync.blocked_reason or "",
        sync.enrol_expires_at,
    )


def _validated(code: str, name: str) -> tuple[str, str]:
    code = unicodedata.normalize("NFKC", str(code)).strip()
    name = unicodedata.normalize("NFKC", str(name)).strip()
    errors = []
    if not re.fullmatch(r"[0-9]{4}", code):
        errors.append(ValidationError("code", "节点编码为4位数字（户号前缀），如3302"))
    if not name:
        errors.append(ValidationError("name", "请填写节点名称"))
    elif len(name) > 60:
        errors.append(ValidationError("name", "节点名称不能超过{limit}个字", limit=60))
    if errors:
        raise ValidationErrors(errors)
    return code, name


def _set_code(session: Session, sync: SyncNode, now: dt.datetime) -> str:
    shown, canonical = _new_code()
    sync.enrol_code_hash = _sha256(canonical)
    sync.enrol_expires_at = now + dt.timedelta(days=ENROLMENT_DAYS)
    return shown


def register_node(
    db: Database, actor: Actor, code: str, name: str, *, company: str = ""
) -> tuple[NodeView, str]:
    """Register branch ``code`` at the centre (admin): its ``node`` row (unless the node exists
    and is not registered yet) and its ``sync_node`` row, pending; returns the one-time
    enrolment code (shown once, only its hash is kept)."""
    require(actor, "sync.manage")
    code, name = _validated(code, name)
    with db.write() as session:
        node = session.scalar(select(Node).where(Node.code == code))
        if node is not None and session.get(SyncNode, node.id) is not None:
            raise ValidationErrors(
                [
                    ValidationError(
                        "code", "节点{code}已登记为分支节点；如需新的注册码请用“重新发码”", code=code
                    )
                ]
            )
        if node is not None and node.id == actor.node_id:
            raise ValidationErrors(
                [ValidationError("code", "不能把中心自己的节点{code}登记为分支节点", code=code)]
            )
        if node is None:
            own = session.get(Node, actor.node_id)
            node = Node(
                code=code,
                name=name,
                company=company or (own.company if own else ""),
                op_seq=0,
                op_last_hash="",
                account_seq=0,
            )
            session.add(node)
            session.flush()
        now = utcnow()
        sync = SyncNode(
            node_id=node.id, status=SyncNodeStatus.PENDING, created_by=actor.username, created_at=now
        )
        shown = _set_code(session, sync, now)
        session.add(sync)
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.REGISTER_SYNC_NODE,
            {
                "code": code,
                "name": node.name,
                "code_expires_at": sync.enrol_expires_at.isoformat() if sync.enrol_expires_at else "",
            },
            "node",
            node.id,
        )
        return _view(node, sync, 0), shown


def issue_code(db: Database, actor: Actor, code: str) -> tuple[NodeView, str]:
    """A new one-time enrolment code for registered branch ``code`` (admin); the previous code
    stops working, and so does the secret of the PC enrolled so far (the node is ``pending``
    until the new enrolment: a code is issued for a replaced, lost or stolen PC). Re-enrolling a
    blocked node starts here."""
    require(actor, "sync.manage")
    with db.write() as session:
        node, sync = _registered(session, code)
        shown = _set_code(session, sync, utcnow())
        sync.secret_hash = ""  # the old PC's credentials stop working now
        clear_held(session, node.id)
        if sync.status == SyncNodeStatus.ACTIVE:
            sync.status = SyncNodeStatus.PENDING
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.ISSUE_ENROLMENT_CODE,
            {
                "code": node.code,
                "code_expires_at": sync.enrol_expires_at.isoformat() if sync.enrol_expires_at else "",
            },
            "node",
            node.id,
        )
        return _view(node, sync, _open_conflicts(session, node.id)), shown


def revoke_node(db: Database, actor: Actor, code: str, reason: str) -> NodeView:
    """Stop branch ``code`` (admin; a stolen or retired PC): status ``blocked`` with ``reason``,
    its secret and any unused enrolment code cleared, so every request of that PC is refused
    (401) from now on; an operation BLOCK_SYNC_NODE. Only a new code and a new enrolment start
    the node again (:func:`issue_code`)."""
    require(actor, "sync.manage")
    reason = " ".join(str(reason).split())
    if len(reason) < 2:
        raise ValidationErrors([ValidationError("reason", "请填写至少2个字的原因说明")])
    if len(reason) > 300:
        raise ValidationErrors(
            [ValidationError("reason", "{label}不能超过{max_len}个字", label="原因说明", max_len=300)]
        )
    with db.write() as session:
        node, sync = _registered(session, code)
        sync.status = SyncNodeStatus.BLOCKED
        sync.blocked_reason = reason
        sync.secret_hash = ""
        sync.enrol_code_hash = ""
        sync.enrol_expires_at = None
        clear_held(session, node.id)
        session.flush()
        oplog.append(
            session, actor, OpType.BLOCK_SYNC_NODE, {"code": node.code, "reason": reason}, "node", node.id
        )
        log.warning("branch node %s blocked by an administrator", node.code)
        return _view(node, sync, _open_conflicts(session, node.id))


def clear_held(session: Session, node_id: uuid.UUID) -> None:
    """Forget the node's held envelopes (``sync_held``): they were sent by the PC whose
    credentials stop now; a PC enrolled next starts from the centre's position and sends its
    own (docs/sync.md#incarnation)."""
    session.execute(
        delete(SyncHeld).where(SyncHeld.node_id == node_id).execution_options(synchronize_session=False)
    )


def _registered(session: Session, code: str) -> tuple[Node, SyncNode]:
    node = session.scalar(select(Node).where(Node.code == str(code).strip()))
    sync = session.get(SyncNode, node.id) if node is not None else None
    if node is None or sync is None:
        raise NotFound("分支节点{code}未登记", code=str(code).strip())
    return node, sync


def _open_conflicts(session: Session, node_id: uuid.UUID | None = None) -> int:
    query = select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")
    if node_id is not None:
        query = query.where(SyncConflict.node_id == node_id)
    return int(session.scalar(query) or 0)


def list_nodes(db: Database, actor: Actor) -> list[NodeView]:
    """Every registered branch, by code: status, last contact, applied seq, clock skew, open conflicts."""
    require(actor, "sync.manage")
    with db.read() as session:
        counts = dict(
            session.execute(
                select(SyncConflict.node_id, func.count())
                .where(SyncConflict.status == "open")
                .group_by(SyncConflict.node_id)
            ).all()
        )
        rows = session.execute(
            select(Node, SyncNode).join(SyncNode, SyncNode.node_id == Node.id).order_by(Node.code)
        ).all()
        return [_view(node, sync, int(counts.get(node.id, 0))) for node, sync in rows]


def _skew(client_time: str | None, now: dt.datetime) -> int | None:
    """Branch clock minus centre clock in seconds; None when the branch sent no (valid) time."""
    if not client_time:
        return None
    try:
        sent = dt.datetime.fromisoformat(str(client_time))
    except ValueError:
        return None
    if sent.tzinfo is None:  # a naive time is taken as UTC, as the centre's own
        sent = sent.replace(tzinfo=dt.UTC)
    return int((sent - now.replace(tzinfo=dt.UTC)).total_seconds())


def enrol(db: Database, code: str, incarnation: str, client_time: str | None = None) -> EnrolResult:
    """Trade a valid enrolment code for the node's new secret (returned once; its hash stored),
    record ``incarnation`` and set the node active. The code is used up."""
    canonical = normalise_code(code)
    try:
        incarnation = str(uuid.UUID(str(incarnation)))
    except ValueError:
        raise SyncAuthError(400, "节点实例标识无效") from None
    if len(canonical) != 20:
        raise SyncAuthError(403, "注册码无效或已使用，请向中心管理员索取新的注册码")
    now = utcnow()
    secret = secrets.token_urlsafe(32)  # 256 bits
    with db.write() as session:
        sync = session.scalar(
            select(SyncNode).where(SyncNode.enrol_code_hash == _sha256(canonical)).with_for_update()
        )
        if sync is None:
            raise SyncAuthError(403, "注册码无效或已使用，请向中心管理员索取新的注册码")
        if sync.enrol_expires_at is None or sync.enrol_expires_at < now:
            raise SyncAuthError(403, "注册码已过期，请向中心管理员索取新的注册码")
        node = session.get(Node, sync.node_id)
        assert node is not None
        sync.secret_hash = _sha256(secret)
        sync.enrol_code_hash = ""
        sync.enrol_expires_at = None
        sync.incarnation = incarnation
        sync.status = SyncNodeStatus.ACTIVE
        clear_held(session, sync.node_id)  # an earlier PC's held envelopes never reach the new one
        sync.blocked_reason = ""
        sync.enrolled_at = now
        sync.last_seen_at = now
        skew = _skew(client_time, now)
        if skew is not None:
            sync.clock_skew_seconds = skew
        node_id, node_code = node.id, node.code
        op_seq, op_hash = int(node.op_seq or 0), node.op_last_hash or ""
        numbers = counters.highest_numbers(session, node_id)
    _record(db, OpType.ENROL_NODE, node_id, {"code": node_code, "incarnation": incarnation})
    log.info("branch node %s enrolled (incarnation %s)", node_code, incarnation)
    return EnrolResult(node_id, node_code, secret, op_seq, op_hash, now.replace(tzinfo=dt.UTC).isoformat(), numbers)


def _record(db: Database, op_type: str, node_id: uuid.UUID, payload: dict[str, object]) -> None:
    """An operation of the sync service itself, signed by the centre's first administrator
    through a service session of its own (no person is logged in to the service)."""
    actor = system_actor(db)
    try:
        with db.write() as session:
            oplog.append(session, actor, op_type, payload, "node", node_id)
    finally:
        auth.logout(db, actor)


def block_in(session: Session, node_id: uuid.UUID, reason: str, actor: Actor) -> bool:
    """Block branch ``node_id`` inside the caller's transaction: status ``blocked`` with the reason,
    its held envelopes forgotten (only a new enrolment starts it again, with its own), an
    operation BLOCK_SYNC_NODE by ``actor`` (the centre's). The one place a node is blocked, at
    authentication (:func:`block_node`) and while applying a push (app.sync.apply). False when it
    was blocked already (nothing written)."""
    reason = str(reason)[:300]
    result = session.execute(
        update(SyncNode)
        .where(SyncNode.node_id == node_id, SyncNode.status != SyncNodeStatus.BLOCKED)
        .values(status=SyncNodeStatus.BLOCKED, blocked_reason=reason, version=SyncNode.version + 1)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        return False
    clear_held(session, node_id)
    code = session.scalar(select(Node.code).where(Node.id == node_id)) or ""
    oplog.append(session, actor, OpType.BLOCK_SYNC_NODE,
                 {"node_id": str(node_id), "node_code": code, "reason": reason}, "sync_node", node_id)
    log.warning("branch node %s blocked: %s", code, reason)
    return True


def block_node(db: Database, node_id: uuid.UUID, reason: str) -> bool:
    """Block branch ``node_id`` (docs/sync.md#incarnation) in a transaction of its own: every
    request is refused until an administrator issues a new code and the PC re-enrols.
    ``reason`` is shown to the administrator and the branch (no personal data in it)."""
    actor = system_actor(db)
    try:
        with db.write() as session:
            return block_in(session, node_id, reason, actor)
    finally:
        auth.logout(db, actor)


def authenticate(
    db: Database, node_id: uuid.UUID | str, secret: str, incarnation: str, client_time: str | None = None
) -> SyncNodeInfo:
    """The node behind a request, or :class:`SyncAuthError`. Wrong id or secret: 401; pending
    or blocked: 403 with the reason; no or a malformed incarnation: 400 (nothing blocked); another
    well-formed incarnation than the enrolled one: the node is blocked (:func:`block_node`) and 403."""
    try:
        node_uuid = node_id if isinstance(node_id, uuid.UUID) else uuid.UUID(str(node_id))
    except ValueError:
        raise SyncAuthError(401, "节点凭据无效") from None
    given = _sha256(str(secret))
    with db.read() as session:
        row = session.execute(
            select(SyncNode, Node.code)
            .join(Node, Node.id == SyncNode.node_id)
            .where(SyncNode.node_id == node_uuid)
        ).first()
        if row is None:
            hmac.compare_digest(given, "0" * 64)  # the same time for an unknown node
            raise SyncAuthError(401, "节点凭据无效")
        sync, code = row
        stored = sync.secret_hash or ""
        ok = hmac.compare_digest(given, stored if len(stored) == 64 else "0" * 64) and bool(stored)
        info = SyncNodeInfo(
            sync.node_id,
            code,
            sync.status,
            sync.incarnation,
            int(sync.applied_seq or 0),
            int(sync.clock_skew_seconds or 0),
        )
        blocked_reason = sync.blocked_reason or ""
        last_seen = sync.last_seen_at
    if not ok:
        raise SyncAuthError(401, "节点凭据无效")
    if info.status == SyncNodeStatus.PENDING:
        raise SyncAuthError(403, "节点{code}尚未完成注册，请用注册码重新注册", code=code)
    if info.status == SyncNodeStatus.BLOCKED:
        raise SyncAuthError(
            403,
            "节点{code}已被中心停止同步：{reason}。请联系中心管理员重新发码并重新注册",
            code=code,
            reason=blocked_reason or "—",
        )
    try:  # a missing or malformed header is a faulty request, not another PC: never blocks
        given_incarnation = str(uuid.UUID(str(incarnation).strip()))
    except ValueError:
        raise SyncAuthError(400, "请求缺少有效的节点实例标识（X-GridCounter-Incarnation）") from None
    if given_incarnation != info.incarnation:
        reason = "实例标识与注册时不符（该电脑可能从旧备份恢复，或另一台电脑使用了同一凭据）"
        block_node(db, info.node_id, reason)
        raise SyncAuthError(
            403,
            "节点{code}已被中心停止同步：{reason}。请联系中心管理员重新发码并重新注册",
            code=code,
            reason=reason,
        )
    now = utcnow()
    skew = _skew(client_time, now)
    if (
        last_seen is None
        or now - last_seen >= _SEEN_EVERY
        or (skew is not None and skew != info.clock_skew_seconds)
    ):
        values: dict[str, object] = {"last_seen_at": now}
        if skew is not None:
            values["clock_skew_seconds"] = skew
        with db.write() as session:  # no version bump: a contact is not an edit of the row
            session.execute(
                update(SyncNode)
                .where(SyncNode.node_id == info.node_id)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        if skew is not None:
            info = SyncNodeInfo(
                info.node_id, info.node_code, info.status, info.incarnation, info.applied_seq, skew
            )
    return info


def node_actor(
    db: Database, node_id: uuid.UUID, username: str, password: str, *, role: str = Role.SUPERVISOR
) -> Actor:
    """An Actor for a supervisor of branch ``node_id`` acting through the sync service (the
    branch's 同步冲突 screen resolving its own conflicts): the user must be an active
    ``role`` (or admin) of that node AND give their password, checked here against the stored
    hash with the log-in's failure counting (app/services/auth.py: a locked or disabled account
    is refused, wrong passwords count toward the hall's lockout; the ``AuthFailed`` / ``LockUser``
    records go into the centre's chain, never the branch's, whose stream the centre only
    receives). The service session is opened on the centre's own node, so what the user does
    here goes into the centre's chain. End it with ``auth.logout``. The password is never
    logged nor echoed."""
    centre = system_actor(db)  # the centre's node (its first administrator's session, ended below)
    error: DomainError | None = None
    try:
        with db.write() as session:
            name = str(username).strip().lower()
            user = session.scalar(
                select(User)
                .where(User.username == name, User.node_id == node_id, User.active.is_(True))
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            if user is None or user.role not in (role, Role.ADMIN):
                raise SyncAuthError(403, "用户{username}不是本节点在岗的值班长", username=str(username)[:32])
            node = session.get(Node, centre.node_id)
            assert node is not None
            now = utcnow()
            try:
                auth._check_usable(user, now)
                if not password or not auth._check_password(user, str(password)):
                    auth._count_failure(session, user, node, "sync_resolve", now)  # raises
                auth._record_success(session, user, node, str(password), "sync_resolve", now)
            except AuthenticationFailed as exc:  # the count is committed, then refused
                error = exc
            else:
                return auth.open_session(session, user, node, SessionPurpose.SERVICE)
        assert error is not None
        raise error
    finally:
        auth.logout(db, centre)
