"""The centre applies a branch's pushed envelopes (docs/sync.md#push, #apply-rules).

:func:`apply_batch` decides on a request's envelopes in ONE transaction, a savepoint per
envelope (an envelope that fails rolls back alone; the answers leave after the commit). For
each: the checks of docs/sync.md#push in their order (authenticated node, incarnation, exactly
once, no gaps, chain, actor), then the branch's operation records go verbatim into the centre's
``operation_log`` and its row changes are merged by their table's class
(app/sync/tables.py): insert-only rows inserted when absent, editable rows merged field by
field against the branch's before-image, state rows queued whole when the centre moved their
status, centre-owned rows refused into the queue. Money is never decided by last writer:
a branch payment is always kept; one that over-pays a bill the centre already settled gets a
correcting ``offset`` row moving the excess to prepaid (``CorrectSyncedPayment``) and a
``paid_bill`` entry; one for a customer closed centrally a ``closed_customer`` entry; the
node's own payment for a customer the centre moved to another node meanwhile is stored anyway
(out of scope, but its money) with a ``moved_customer`` entry (docs/sync.md#trust). A closed
cashier session's totals are recomputed from the payments the centre holds (``day_end``).

An answer the branch treats as final always leaves the node's ``applied_seq`` past the
envelope, or the node blocked: an actor problem (rule 6) or a row the centre cannot store never
refuses: the records are logged, the money kept and the rest queued as one ``actor`` / ``apply``
entry; a problem with the stream itself (another incarnation, a reused seq, a broken chain, a
payload not matching its hash) refuses and blocks the node.

The node's ``sync_node`` row is locked first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
writers are serialised by ``BEGIN IMMEDIATE``), so two sync workers of one node apply one
envelope once: the second finds the answer the first stored (``sync_received``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.domain.allocation import TENDER_KINDS
from app.domain.codes import (
    CustomerStatus,
    OpType,
    PaymentKind,
    Role,
    SessionPurpose,
    SessionStatus,
    TenderKind,
)
from app.domain.messages import Message
from app.domain.search_keys import customer_keys
from app.dto.common import Actor
from app.services import audit, ledger, payments
from app.services.auth import open_session
from app.services.permissions import _GRANTS
from app.sync import nodes, rows
from app.sync.envelope import Answer, Envelope, OpRecord, Outcome, RowChange
from app.sync.nodes import SyncUnavailable
from app.sync.tables import SYNC_TABLES, Merge, spec
from app.write_path import oplog
from db.engine import Database
from db.keys import uuid7
from db.models import (
    AppMeta,
    Base,
    Bill,
    CashierSession,
    Customer,
    CustomerSearchKey,
    Node,
    Operation,
    Payment,
    PaymentAllocation,
    PaymentTender,
    SyncConflict,
    SyncFeed,
    SyncHeld,
    SyncNode,
    SyncReceived,
    User,
    utcnow,
)

__all__ = ["ACTOR_PERMISSIONS", "ANY_USER", "BRANCH_USER_COLUMNS", "CENTRE_APPROVAL", "CENTRE_ONLY", "NODE_ONLY",
           "OP_TABLES", "SKEW_WARNING_SECONDS", "MoneyNotStored", "apply_batch", "apply_envelope", "book_money",
           "centre_actor"]

log = logging.getLogger(__name__)

#: a branch clock further off than this is reported (docs/sync.md#push, "Clock")
SKEW_WARNING_SECONDS = 300

#: Rule 6 (actor), every operation type classified (tests/sync/test_apply.py fails on a new
#: type that is not): the permission of app/services/permissions.py its actor's role needs at
#: the centre, or one of
#: :data:`ANY_USER` — any active user of the node (log-in, prints, password);
#: :data:`NODE_ONLY` — the user name may not exist or not be able to log in (a wrong password,
#: a lock-out after failed attempts): only the node is checked;
#: :data:`CENTRE_ONLY` — work the centre does (set-up, tariffs and catalogues, the sync's own
#: operations, demo data): never applied from a branch without a supervisor;
#: :data:`CENTRE_APPROVAL` — the centre administers users and a hall's rules: a branch's
#: change of them (an administrator of the branch creating a user, editing the hall's rules
#: offline) is logged and waits for the centre's approval (an ``actor`` entry), whatever the
#: actor's role (docs/sync.md#trust).
#: An op that fails its check is not refused (the chain must go on): its record is logged, its
#: money rows kept, its other row changes queued as one ``actor`` entry (docs/sync.md#push).
#: Kept coarse: the service at the branch has already applied its finer rules (a clerk cancels
#: only what a clerk may cancel); the centre re-checks that the role may do that kind of work.
ANY_USER = "@any_user"
NODE_ONLY = "@node_only"
CENTRE_ONLY = "@centre_only"
CENTRE_APPROVAL = "@centre_approval"
ACTOR_PERMISSIONS: dict[str, str] = {
    OpType.LOGIN: ANY_USER, OpType.LOGOUT: ANY_USER, OpType.CHANGE_PASSWORD: ANY_USER,
    OpType.PRINT_DOCUMENT: ANY_USER,
    OpType.AUTH_FAILED: NODE_ONLY, OpType.LOCK_USER: NODE_ONLY,
    OpType.UNLOCK_USER: CENTRE_APPROVAL, OpType.CREATE_USER: CENTRE_APPROVAL, OpType.UPDATE_USER: CENTRE_APPROVAL,
    OpType.CHANGE_HALL_RULES: CENTRE_APPROVAL,
    OpType.CHANGE_WORK_ORDER_RULES: CENTRE_APPROVAL, OpType.CHANGE_WORK_ORDER_CATEGORIES: CENTRE_APPROVAL,
    OpType.REGISTER_CUSTOMER: "customer.register", OpType.UPDATE_CUSTOMER: "customer.edit",
    OpType.ACCEPT_APPLICATION: "application.accept", OpType.ADVANCE_APPLICATION: "application.process",
    OpType.SUSPEND_APPLICATION: "application.process", OpType.RESUME_APPLICATION: "application.process",
    OpType.CANCEL_APPLICATION: "application.process", OpType.COMPLETE_APPLICATION: "application.process",
    OpType.ATTACH_DOCUMENT: "application.process",
    OpType.RECORD_WORK_ORDER: "workorder.record", OpType.DISPATCH_WORK_ORDER: "workorder.process",
    OpType.REASSIGN_WORK_ORDER: "workorder.process", OpType.START_WORK_ORDER: "workorder.process",
    OpType.REPLY_WORK_ORDER: "workorder.process", OpType.CALLBACK_WORK_ORDER: "workorder.process",
    OpType.ARCHIVE_WORK_ORDER: "workorder.archive",
    OpType.IMPORT_READINGS: "bill.import", OpType.COMPUTE_BILLS: "bill.compute", OpType.IMPORT_BILLS: "bill.import",
    OpType.ISSUE_ADJUSTMENT: "bill.adjust",
    OpType.POST_PAYMENT: "payment.post", OpType.REVERSE_PAYMENT: "payment.post", OpType.REFUND_PAYMENT: "payment.post",
    OpType.OPEN_SESSION: "session.open", OpType.CLOSE_SESSION: "session.open",
    OpType.RETURN_SESSION: "session.approve", OpType.APPROVE_SESSION: "session.approve",
    OpType.RECORD_ANCHOR: "audit.verify",
    OpType.RECORD_RATING: "rating.record", OpType.SKIP_RATING: "rating.record",
    OpType.RECORD_OUTAGE: "outage.manage", OpType.UPDATE_OUTAGE: "outage.manage", OpType.END_OUTAGE: "outage.manage",
    OpType.CANCEL_OUTAGE: "outage.manage", OpType.IMPORT_OUTAGES: "outage.manage",
    OpType.INITIALIZE_NODE: CENTRE_ONLY, OpType.LOAD_TARIFF_CATALOGUE: CENTRE_ONLY,
    OpType.ADD_TARIFF_VERSION: CENTRE_ONLY, OpType.IMPORT_APPLICATION_CATALOGUE: CENTRE_ONLY,
    OpType.REGISTER_SYNC_NODE: CENTRE_ONLY, OpType.ISSUE_ENROLMENT_CODE: CENTRE_ONLY, OpType.ENROL_NODE: CENTRE_ONLY,
    OpType.BLOCK_SYNC_NODE: CENTRE_ONLY, OpType.CORRECT_SYNCED_PAYMENT: CENTRE_ONLY,
    OpType.RESOLVE_SYNC_CONFLICT: CENTRE_ONLY, OpType.CARRY_BRANCH_WORK: CENTRE_ONLY, OpType.SEED_DEMO_DATA: CENTRE_ONLY,
    OpType.SEED_DEMO_PAYMENTS: CENTRE_ONLY,
}
#: Defence in depth (docs/sync.md#trust): the synced tables each operation type's service
#: writes (app/services/*; tests/sync/test_apply.py runs every type a branch produces on a
#: branch and checks its envelope against this). A row change in a table none of its
#: envelope's operation types writes is not applied but queued (``scope``). Types absent here
#: (the centre's own work) write nothing a branch may push. (An approval stores the review
#: anchors of app/services/audit.py ``store_review_anchors`` beside the session.)
_USER = frozenset({"app_user"})
_PAY = frozenset({"payment", "payment_tender", "payment_allocation"})
_BILLS = frozenset({"bill", "meter_reading", "payment", "payment_allocation"})
_APP = frozenset({"application", "application_step", "application_suspension"})
_WO = frozenset({"work_order", "work_order_step"})
_OUTAGE = frozenset({"outage", "outage_scope"})
OP_TABLES: dict[str, frozenset[str]] = {
    OpType.LOGIN: _USER, OpType.LOGOUT: _USER, OpType.CHANGE_PASSWORD: _USER, OpType.AUTH_FAILED: _USER,
    OpType.LOCK_USER: _USER, OpType.UNLOCK_USER: _USER, OpType.CREATE_USER: _USER, OpType.UPDATE_USER: _USER,
    OpType.PRINT_DOCUMENT: frozenset({"print_record"}),
    OpType.CHANGE_HALL_RULES: frozenset({"hall_rules"}),
    OpType.CHANGE_WORK_ORDER_RULES: frozenset({"workorder_config"}),
    OpType.CHANGE_WORK_ORDER_CATEGORIES: frozenset({"workorder_config"}),
    OpType.REGISTER_CUSTOMER: frozenset({"customer"}), OpType.UPDATE_CUSTOMER: frozenset({"customer"}),
    OpType.ACCEPT_APPLICATION: _APP | {"service_visit"}, OpType.ADVANCE_APPLICATION: _APP,
    OpType.SUSPEND_APPLICATION: _APP, OpType.RESUME_APPLICATION: _APP, OpType.CANCEL_APPLICATION: _APP,
    OpType.COMPLETE_APPLICATION: _APP | {"customer"},
    OpType.ATTACH_DOCUMENT: frozenset({"attachment_blob", "application_attachment"}),
    OpType.RECORD_WORK_ORDER: _WO, OpType.DISPATCH_WORK_ORDER: _WO, OpType.REASSIGN_WORK_ORDER: _WO,
    OpType.START_WORK_ORDER: _WO, OpType.REPLY_WORK_ORDER: _WO, OpType.CALLBACK_WORK_ORDER: _WO,
    OpType.ARCHIVE_WORK_ORDER: _WO,
    OpType.IMPORT_READINGS: frozenset({"meter_reading"}), OpType.COMPUTE_BILLS: _BILLS,
    OpType.IMPORT_BILLS: _BILLS, OpType.ISSUE_ADJUSTMENT: _BILLS,
    OpType.POST_PAYMENT: _PAY | {"service_visit"}, OpType.REVERSE_PAYMENT: _PAY, OpType.REFUND_PAYMENT: _PAY,
    OpType.OPEN_SESSION: frozenset({"cashier_session"}), OpType.CLOSE_SESSION: frozenset({"cashier_session"}),
    OpType.RETURN_SESSION: frozenset({"cashier_session"}), OpType.APPROVE_SESSION: frozenset({"cashier_session", "log_anchor"}),
    OpType.RECORD_ANCHOR: frozenset({"log_anchor"}),
    OpType.RECORD_RATING: frozenset({"service_rating"}), OpType.SKIP_RATING: frozenset({"service_rating"}),
    OpType.RECORD_OUTAGE: _OUTAGE, OpType.UPDATE_OUTAGE: _OUTAGE, OpType.END_OUTAGE: _OUTAGE,
    OpType.CANCEL_OUTAGE: _OUTAGE, OpType.IMPORT_OUTAGES: _OUTAGE,
}

#: the columns of a user row a branch may change (docs/sync.md#trust): the log-in bookkeeping
#: and, for a user of its own node (the scope check sees to that), a password changed at the
#: branch. Role, node, user name, employee number, active: the centre's alone.
BRANCH_USER_COLUMNS = frozenset({"failed_attempts", "locked_until", "last_login_at", "password_hash",
                                 "must_change_password", "version", "updated_at"})

#: tables of global scope a branch may write without a node check: insert-only rows that harm
#: no one (attachment bytes, print records)
_ANYWHERE_TABLES = frozenset({"attachment_blob", "print_record"})
#: an owner of a row that every node may write
_ANYWHERE = uuid.UUID(int=0)
#: the image lacks the column that tells the owner (a partial image)
_UNSTATED = uuid.UUID(int=1)

#: in an envelope whose actor check failed, the rows still applied: the money journal (a
#: payment taken is never dropped) and the opening of the cashier session it belongs to
_KEPT_ON_ACTOR = frozenset({"payment", "payment_tender", "payment_allocation"})
_KEPT_INSERT_ON_ACTOR = frozenset({"cashier_session"})

#: the operations that take or hand back money at the node's counter, and the payment kinds
#: they write: a node's own such rows for a customer the centre has since moved to another node
#: are still the node's money (docs/sync.md#trust, "Money of a customer moved away")
_COUNTER_MONEY_OPS = frozenset({OpType.POST_PAYMENT, OpType.REVERSE_PAYMENT, OpType.REFUND_PAYMENT})
_COUNTER_KINDS = frozenset({PaymentKind.PAYMENT, PaymentKind.REVERSAL, PaymentKind.REFUND})

#: the columns that hold a state row's place in its state machine (applications and work
#: orders have a ``stage`` besides their ``status``): the centre moved either -> state conflict
_STATE_COLUMNS = ("status", "stage")

#: bookkeeping the branch writes where the user logs in (app/services/auth.py): the branch's
#: value is taken as it is, never a conflict, no version bump of its own
_LAST_WRITER: dict[str, frozenset[str]] = {"app_user": frozenset({"last_login_at", "failed_attempts", "locked_until"})}

_TABLE_OF = Base.metadata.tables

#: columns every editable row carries that are bookkeeping, not content: never a field conflict
_BOOKKEEPING = frozenset({"version", "updated_at"})


class _Refused(Exception):
    """An envelope refused; ``block``: the node is blocked too (restored or tampered PC)."""

    def __init__(self, message: Message, *, block: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.block = block


class _Retry(Exception):
    """An insert-only row did not fit in the fast path: apply the envelope again, carefully."""


class MoneyNotStored(Exception):
    """A money row the centre could not insert (other than a receipt number taken, which is
    re-numbered): the envelope gets no final answer, the branch keeps it and sends it again."""

    def __init__(self, tbl: str, error: str) -> None:
        super().__init__(f"{tbl}: {error}")
        self.tbl = tbl
        self.error = error


_MoneyNotStored = MoneyNotStored  # (the name app/sync/carry.py uses)

#: the money journal: a branch's row of these is never dropped (docs/sync.md#apply-rules)
_MONEY_TABLES = frozenset({"payment", "payment_tender", "payment_allocation"})
#: SQLSTATEs of a database that is busy or gone for a moment (serialization failure, deadlock,
#: lock not available, statement timeout / cancel); class 08 (connection) too
_TRANSIENT_STATES = frozenset({"40001", "40P01", "55P03", "57014"})


def is_transient(exc: BaseException) -> bool:
    """A database error that says nothing about the content (a deadlock, a lock or statement
    timeout, a serialization failure, a lost connection): the request is tried again later,
    never queued, never held against the node (docs/sync.md#push, "Errors")."""
    if not isinstance(exc, DBAPIError) or isinstance(exc, IntegrityError | DataError):
        return False
    if isinstance(exc, OperationalError) or exc.connection_invalidated:
        return True
    state = str(getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None) or "")
    return state in _TRANSIENT_STATES or state.startswith("08")


@dataclass
class _Conflict:
    kind: str
    tbl: str
    row_key: str
    detail: dict[str, Any]
    op_id: uuid.UUID


@dataclass
class _Work:
    """What one envelope's rows did, for the checks that run after all of them."""

    node_id: uuid.UUID
    ops: tuple[OpRecord, ...]
    #: per-row savepoints around inserts (the second attempt, after a fast one hit a constraint)
    careful: bool = False
    conflicts: list[_Conflict] = field(default_factory=list)
    #: inserted counter payments (payment, reversal, refund): their after-images
    payments: list[dict[str, Any]] = field(default_factory=list)
    closed_sessions: list[tuple[uuid.UUID, dict[str, Any]]] = field(default_factory=list)
    #: rows whose fields the merge wrote (version bumped: the feed sends them anyway)
    written: set[tuple[str, str]] = field(default_factory=set)
    #: customers whose search keys follow their row: the centre's values before the envelope
    #: (None: the row is new here) and after it
    customers: dict[uuid.UUID, tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]] = field(
        default_factory=dict)
    #: the centre's current rows, read ahead for the envelope (key text -> image or None)
    known: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)
    batch: _Batch | None = None
    #: outside a push (a supervisor booking queued money, :func:`book_money`): the actor of the
    #: centre's corrections and the operation its new entries name
    actor: Actor | None = None
    op_id: uuid.UUID | None = None
    #: a second undo of one payment stored without its link (:func:`_insert_money`): payment id
    #: -> its ``double_undo`` entry's detail (the allocations it sent are listed there, not stored)
    unlinked: dict[Any, dict[str, Any]] = field(default_factory=dict)

    def op_for(self, key: Mapping[str, Any]) -> uuid.UUID:
        """The operation a row belongs to: the one naming it, else the envelope's last."""
        ids = {str(v) for v in key.values()}
        for op in self.ops:
            if op.entity_id and str(uuid.UUID(op.entity_id)) in ids:
                return uuid.UUID(op.op_id)
        if not self.ops:
            assert self.op_id is not None
            return self.op_id
        return uuid.UUID(self.ops[-1].op_id)

    @property
    def centre(self) -> Actor:
        if self.actor is not None:
            return self.actor
        assert self.batch is not None
        return self.batch.centre_actor()

    @contextlib.contextmanager
    def as_centre(self) -> Iterator[None]:
        """The centre's own rows (a correction): not fed as the node's."""
        if self.batch is None:
            yield
            return
        with self.batch.as_centre():
            yield


# ---- entry points -------------------------------------------------------------------------------


def default_concurrency() -> int:
    """Pushes applied at once when the setting says 0: two per CPU core, at least 2."""
    return max(2, 2 * (os.cpu_count() or 1))


#: pushes this process applies at once (docs/sync.md#push). More at once only queue on the
#: interpreter lock and the database's CPUs: 50 branches pushing together on two cores took
#: 87–91 s with a thread each, 59 s two or four at a time (tests/benchmarks/sync_apply.py)
_APPLYING = threading.BoundedSemaphore(default_concurrency())


def set_concurrency(pushes: int) -> None:
    """The number of pushes applied at once from now on (the sync service's setting
    ``sync_apply_concurrency``; 0: :func:`default_concurrency`)."""
    global _APPLYING
    _APPLYING = threading.BoundedSemaphore(pushes if pushes > 0 else default_concurrency())


def apply_envelope(db: Database, node_id: uuid.UUID, envelope: Envelope, *, now: dt.datetime | None = None) -> Answer:
    """Decide on one envelope of ``node_id`` (the authenticated node); one transaction."""
    with _APPLYING:
        return _run(db, node_id, [envelope], now=now, drain=False)[0]


def apply_batch(db: Database, node_id: uuid.UUID, envelopes: list[Envelope], *,
                now: dt.datetime | None = None) -> list[Answer]:
    """Apply ``envelopes`` in order, then every held envelope of the node whose gap is now
    filled; one answer per given envelope (a held one that got applied meanwhile answers as
    applied). One transaction, a savepoint per envelope: an envelope that fails rolls back
    alone; the answers are returned only once everything is committed."""
    with _APPLYING:
        return _run(db, node_id, envelopes, now=now, drain=True)


def drain_held(db: Database, node_id: uuid.UUID) -> dict[int, Answer]:
    """Apply the node's held envelopes that are next in sequence, in order, until one is
    missing; their answers by first seq."""
    with db.write() as session:
        batch = _Batch.open(session, node_id, utcnow())
        done = batch.drain()
        batch.finish()
    return done


def _run(db: Database, node_id: uuid.UUID, envelopes: list[Envelope], *, now: dt.datetime | None,
         drain: bool) -> list[Answer]:
    now = now or utcnow()
    try:
        with db.write() as session:
            batch = _Batch.open(session, node_id, now)
            answers = batch.decide_all(envelopes)
            drained = batch.drain() if drain else {}
            batch.finish()
    except DBAPIError as exc:
        if is_transient(exc):  # nothing of the request is kept; the branch sends it again
            log.warning("sync: request of node %s not decided, the database was busy (%s): to be retried",
                        node_id, type(exc.orig).__name__ if exc.orig else type(exc).__name__)
            raise SyncUnavailable(503, "中心数据库暂时繁忙，本次同步未处理，将自动重试") from exc
        raise
    return [drained.get(a.first_seq, a) if a.outcome == Outcome.HELD else a for a in answers]


# ---- one request: the node's row locked, its position kept in memory ------------------------------


class _Batch:
    """The envelopes of one request of one node, in one transaction: the ``sync_node`` row is
    locked once (``SELECT … FOR UPDATE``; SQLite writers are serialised by ``BEGIN
    IMMEDIATE``), so two sync workers of one node apply an envelope once: the second finds the
    answer the first stored. The node's position (applied seq, last hash), its users and the
    centre's actor are read once and kept here; the node rows are written once at the end."""

    def __init__(self, session: Session, node_id: uuid.UUID, now: dt.datetime, sn: SyncNode | None) -> None:
        self.session = session
        self.node_id = node_id
        self.now = now
        self.pg = session.get_bind().dialect.name == "postgresql"
        self.known = sn is not None
        self.status = sn.status if sn else ""
        self.blocked_reason = sn.blocked_reason if sn else ""
        self.incarnation = sn.incarnation if sn else ""
        self.applied_seq = int(sn.applied_seq) if sn else 0
        self.start_seq = self.applied_seq
        self.last_hash = ""
        if sn is not None:
            self.last_hash = session.scalar(sa.select(Node.op_last_hash).where(Node.id == node_id)) or ""
        self.skew: int | None = None
        self.users: dict[str, Any] = {}
        self._centre: Actor | None = None
        #: sync_received rows and queue entries of the envelopes applied so far, written once
        self.received: list[dict[str, Any]] = []
        self.entries: list[dict[str, Any]] = []
        #: answers of this request by op_id (a request naming an envelope twice)
        self.answered: dict[uuid.UUID, tuple[str, int, Answer]] = {}
        #: the node each customer / parent row belongs to at the centre, read once a request
        self.owners: dict[tuple[str, Any], uuid.UUID] = {}
        #: parents the centre did not have when the request began: not read again (a parent
        #: inserted since by this request passed this check itself)
        self.absent: set[tuple[str, Any]] = set()
        #: the answer of an envelope whose money the centre could not store: it and every later
        #: envelope of the request get a non-final answer, nothing of them is stored
        self.stalled: Answer | None = None
        #: the node's open ``held_money`` entries by first op id (read once a request, when needed)
        self._held_money: set[uuid.UUID] | None = None
        #: decoded after-images of the inserts the scope check saw (by id of the RowChange), so a
        #: run does not decode them twice; the centre's rows the last scope check read, so the
        #: envelope's merge does not read them again
        self.decoded: dict[int, dict[str, Any]] = {}
        self.seen: dict[tuple[str, str], dict[str, Any] | None] = {}
        #: per envelope (by id): the node's own payments for a customer moved away from it,
        #: applied although out of scope and flagged ``moved_customer`` (payment id -> image)
        self.moved: dict[int, dict[Any, dict[str, Any]]] = {}
        #: customers that once were this node's: the node's applied_seq when they left (their
        #: latest ``leave`` for it in the feed), None when they never did
        self._left: dict[Any, int | None] = {}
        if self.pg and sn is not None:  # the feed names the node as the origin of what it sends
            self._origin(str(node_id))

    def _origin(self, value: str) -> None:
        self.session.execute(sa.text("SELECT set_config('gridcounter.origin_node', :n, true)"), {"n": value})

    @contextlib.contextmanager
    def as_centre(self) -> Iterator[None]:
        """The centre's own rows (a correction, a block) are not the node's."""
        if self.pg:
            self._origin("")
        try:
            yield
        finally:
            if self.pg:
                self._origin(str(self.node_id))

    @classmethod
    def open(cls, session: Session, node_id: uuid.UUID, now: dt.datetime) -> _Batch:
        sn = session.scalar(sa.select(SyncNode).where(SyncNode.node_id == node_id).with_for_update())
        return cls(session, node_id, now, sn)

    def centre_actor(self) -> Actor:
        if self._centre is None:
            self._centre = centre_actor(self.session)
        return self._centre

    # -- a run of plain envelopes at once

    def decide_all(self, envs: list[Envelope]) -> list[Answer]:
        """The answers, in order. A run of consecutive *plain* envelopes (next in sequence,
        chain and actors fine, inserts only) is applied with one statement per table under one
        savepoint; when anything in it needs a decision (a key present, a closed customer, a
        bill over-paid, an error) the savepoint rolls back and its envelopes go one by one."""
        answers: list[Answer] = []
        self._prefetch_customers(envs)
        i = 0
        while i < len(envs):
            if self.stalled is not None:  # an earlier envelope's money is not stored: the rest waits
                answers += [_answer(env, Outcome.HELD, self.stalled.message) for env in envs[i:]]
                break
            run = self._plain_run(envs, i)
            if len(run) > 1 and self._apply_run(run):
                answers += run_answers(self, run)
                for env in run:
                    self._release_held_money(env)
            else:  # (a run that did not go through is not tried again in parts)
                run = run or envs[i:i + 1]
                answers += [self.decide(env) if self.stalled is None
                            else _answer(env, Outcome.HELD, self.stalled.message) for env in run]
            i += len(run)
        return answers

    def _plain_run(self, envs: list[Envelope], start: int) -> list[Envelope]:
        run: list[Envelope] = []
        seq, prev = self.applied_seq, self.last_hash
        local: dict[tuple[str, Any], dict[str, Any]] = {}  # the run's inserted rows, for the scope check
        for env in envs[start:]:
            if self.status != "active" or not env.ops or env.incarnation != self.incarnation:
                break
            if _uuid(env.node_id) != self.node_id or any(_uuid(op.node_id) != self.node_id for op in env.ops):
                break
            if [op.seq for op in env.ops] != list(range(seq + 1, seq + 1 + len(env.ops))):
                break
            if any(ch.action != "insert" or ch.after is None or ch.tbl not in _PLAIN_TABLES for ch in env.changes):
                break
            try:
                _verify_chain(self.node_id, env, prev)
            except _Refused:
                break
            if self._actor_problem(env.ops) is not None:
                break
            if self.untrusted(env, local) or self.moved.get(id(env)):
                break
            run.append(env)
            seq, prev = env.last_seq, env.ops[-1].hash
        return run

    def _apply_run(self, run: list[Envelope]) -> bool:
        session = self.session
        try:
            with session.begin_nested():
                session.execute(sa.insert(_TABLE_OF["operation_log"]), [_op_row(self.node_id, op)
                                                                         for env in run for op in env.ops])
                by_table: dict[str, list[dict[str, Any]]] = {}
                for env in run:
                    for ch in env.changes:
                        assert ch.after is not None
                        after = self.decoded.get(id(ch))
                        by_table.setdefault(ch.tbl, []).append(
                            after if after is not None else rows.decode_row(ch.tbl, ch.after))
                for name in _PLAIN_ORDER:
                    if name in by_table:
                        session.execute(rows.table(name).insert(), by_table[name])
                if not _payments_plain(session, by_table):
                    raise _Retry
                refresh_search_keys(session, {c["id"]: (None, c) for c in by_table.get("customer", ())})
        except (_Retry, SQLAlchemyError) as exc:
            if isinstance(exc, SQLAlchemyError) and is_transient(exc):
                raise
            log.debug("sync: a run of %s envelopes goes one by one (%s)", len(run), type(exc).__name__)
            return False
        return True

    # -- the decision on one envelope, rules in docs/sync.md order

    def decide(self, env: Envelope) -> Answer:
        if not self.known:
            return _answer(env, Outcome.REFUSED, Message("该节点未在中心登记"))
        warning = self._note_clock(env)
        try:
            stored = self._check(env)
        except _Refused as refused:
            if refused.block:
                self.block(refused.message)
            return _answer(env, Outcome.REFUSED, refused.message)
        if stored is not None:
            return stored
        if env.first_seq > self.applied_seq + 1:
            _hold(self.session, self.node_id, env)
            return _answer(env, Outcome.HELD, Message("缺少第{seq}条之前的操作，已暂存，补齐后按顺序应用",
                                                      seq=env.first_seq))
        try:
            self._check_chain(env)
        except _Refused as refused:  # tampered, or a PC restored from a backup: docs/sync.md#incarnation
            self.block(refused.message)
            return _answer(env, Outcome.REFUSED, refused.message)
        problem = self._actor_problem(env.ops)
        untrusted = self.untrusted(env, {})
        if untrusted:  # docs/sync.md#trust: queued, never applied silently; the node goes on
            log.warning("sync: node %s pushed %s row change(s) outside its scope (%s): queued for a supervisor",
                        self.node_id, len(untrusted),
                        ", ".join(sorted({env.changes[i].tbl for i in untrusted})))
        kind = "actor"
        answer: Answer | None = None
        for attempt in ("fast", "careful", "queued"):
            try:
                with self.session.begin_nested():
                    answer = self._apply(env, warning, problem, kind, untrusted, careful=attempt != "fast")
                break
            except _Retry:
                continue
            except MoneyNotStored as exc:  # never final while its money is not stored: sent again
                log.error("sync: envelope %s–%s of node %s: a %s row the centre cannot insert (%s); "
                          "not answered finally, the node waits until it can be stored",
                          env.first_seq, env.last_seq, self.node_id, exc.tbl, exc.error)
                self.stalled = _answer(env, Outcome.HELD, Message(
                    "中心无法记录该批收费（{error}），未应用，将在下次同步时重试；请联系中心管理员", error=exc.error))
                self._note_held_money(env, exc)
                return self.stalled
            except (IntegrityError, DataError) as exc:  # a row the centre cannot take: the work is queued whole
                log.warning("sync: envelope %s–%s of node %s not applied as sent (%s): queued",
                            env.first_seq, env.last_seq, self.node_id, type(exc).__name__)
                if attempt == "queued":
                    message = Message("中心无法记录该批操作（{error}），请联系管理员", error=type(exc).__name__)
                    self.block(message)
                    return _answer(env, Outcome.REFUSED, message)
                problem = Message("中心无法按原样应用（{error}），已转入待处理", error=type(exc).__name__)
                kind = "apply"
        assert answer is not None
        self.applied_seq = env.last_seq
        self.last_hash = env.ops[-1].hash
        self._release_held_money(env)
        return answer

    def _held_money_open(self) -> set[uuid.UUID]:
        if self._held_money is None:
            self._held_money = set(self.session.scalars(sa.select(SyncConflict.op_id).where(
                SyncConflict.node_id == self.node_id, SyncConflict.kind == "held_money",
                SyncConflict.status == "open")))
        return self._held_money

    def _note_held_money(self, env: Envelope, exc: MoneyNotStored) -> None:
        """A supervisor must see money the centre keeps sending back (docs/sync.md#apply-rules):
        one open ``held_money`` entry per envelope, written in the request's transaction outside
        the envelope's rolled-back savepoint; it closes itself when the envelope applies."""
        op_id = uuid.UUID(env.ops[0].op_id)
        if op_id in self._held_money_open():
            return
        self.session.add(SyncConflict(
            node_id=self.node_id, op_id=op_id, kind="held_money", tbl=exc.tbl, row_key="{}",
            detail=json.dumps({"first_seq": env.first_seq, "last_seq": env.last_seq, "error": exc.error},
                              ensure_ascii=False)))
        self.session.flush()
        self._held_money_open().add(op_id)

    def _release_held_money(self, env: Envelope) -> None:
        op_id = uuid.UUID(env.ops[0].op_id)
        if op_id not in self._held_money_open():
            return
        self.session.execute(sa.update(SyncConflict).where(
            SyncConflict.node_id == self.node_id, SyncConflict.kind == "held_money", SyncConflict.op_id == op_id,
            SyncConflict.status == "open").values(status="resolved", resolution="applied", resolved_by="sync",
                                                  resolved_at=self.now, version=SyncConflict.version + 1))
        self._held_money_open().discard(op_id)

    def drain(self) -> dict[int, Answer]:
        """The held envelopes next in sequence, in order, until one is missing."""
        done: dict[int, Answer] = {}
        while self.status == "active":
            held = self.session.scalar(sa.select(SyncHeld.envelope).where(
                SyncHeld.node_id == self.node_id, SyncHeld.first_seq == self.applied_seq + 1))
            if held is None:
                break
            env = Envelope.from_json(held)
            if env.incarnation != self.incarnation:  # sent by an earlier PC of the node: discarded
                log.warning("sync: held envelope %s–%s of node %s is of another incarnation: discarded",
                            env.first_seq, env.last_seq, self.node_id)
                self.session.execute(sa.delete(SyncHeld).where(SyncHeld.node_id == self.node_id,
                                                               SyncHeld.first_seq == env.first_seq))
                continue
            answer = self.decide(env)
            if self.stalled is not None:  # its money is not stored: it stays held
                break
            done[env.first_seq] = answer
            self.session.execute(sa.delete(SyncHeld).where(SyncHeld.node_id == self.node_id,
                                                           SyncHeld.first_seq == env.first_seq))
            if answer.outcome not in (Outcome.APPLIED, Outcome.CONFLICT, Outcome.DUPLICATE):
                break
        return done

    def finish(self) -> None:
        """Write the answers, the queue entries, the node's position and the clock once for
        the whole request."""
        if not self.known:
            return
        if self.entries:
            self.session.execute(sa.insert(_TABLE_OF["sync_conflict"]), self.entries)
        if self.received:
            self.session.execute(sa.insert(_TABLE_OF["sync_received"]), self.received)
        values: dict[str, Any] = {"last_seen_at": self.now}
        if self.skew is not None:
            values["clock_skew_seconds"] = self.skew
        if self.applied_seq != self.start_seq:
            values["applied_seq"] = self.applied_seq
            self.session.execute(sa.update(Node).where(Node.id == self.node_id)
                                 .values(op_seq=self.applied_seq, op_last_hash=self.last_hash))
            self.session.execute(sa.delete(SyncHeld).where(SyncHeld.node_id == self.node_id,
                                                           SyncHeld.first_seq <= self.applied_seq))
        self.session.execute(sa.update(SyncNode).where(SyncNode.node_id == self.node_id).values(**values)
                             .execution_options(synchronize_session=False))

    def block(self, reason: str) -> None:
        if self.status == "blocked":
            return
        with self.as_centre():
            block_node(self.session, self.node_id, reason, actor=self.centre_actor())
        self.status, self.blocked_reason = "blocked", str(reason)[:300]

    # -- the checks

    def _note_clock(self, env: Envelope) -> str:
        """The branch clock minus ours, kept; a warning over :data:`SKEW_WARNING_SECONDS`."""
        sent = _parse_time(env.sent_at)
        if sent is None:
            return ""
        skew = int((sent - self.now).total_seconds())
        self.skew = max(min(skew, 2**31 - 1), -(2**31))
        if abs(skew) > SKEW_WARNING_SECONDS:
            return Message("分支节点时钟与中心相差约{minutes}分钟，请校准该电脑的时间（不影响同步的顺序与去重）",
                           minutes=round(skew / 60))
        return ""

    def _check(self, env: Envelope) -> Answer | None:
        """Rules 1–3: the node, its incarnation, exactly once. The stored answer of a duplicate."""
        node_id = self.node_id
        if self.status == "blocked":
            raise _Refused(Message("该节点已被停止同步：{reason}。请管理员重新为其办理注册",
                                   reason=self.blocked_reason))
        if self.status != "active":
            raise _Refused(Message("该节点尚未完成注册"))
        if not env.ops:
            raise _Refused(Message("该批次没有操作记录"))
        for i, op in enumerate(env.ops):
            if _uuid(op.node_id) != node_id or _uuid(env.node_id) != node_id:
                raise _Refused(Message("操作记录{seq}不属于本节点", seq=op.seq), block=True)
            if op.seq != env.first_seq + i:
                raise _Refused(Message("该批次的操作序号不连续（第{seq}条）", seq=op.seq), block=True)
        if env.incarnation != self.incarnation:
            raise _Refused(Message("该电脑的安装标识与中心登记的不符（可能从旧备份恢复）"), block=True)
        if env.first_seq > self.applied_seq:
            # never received (every received op has a seq at or below applied_seq); an op_id or
            # seq taken anyway is caught by operation_log's keys, and the node blocked (decide)
            return None
        return self._check_once(env)

    def _check_once(self, env: Envelope) -> Answer | None:
        session, node_id = self.session, self.node_id
        ids = [_uuid(op.op_id) for op in env.ops]
        here = [self.answered.get(i) for i in ids]
        if any(here):
            if all(h is not None and h[0] == op.payload_hash and h[1] == op.seq for h, op in zip(here, env.ops, strict=True)):
                mine = here[0]
                assert mine is not None
                return Answer(env.first_seq, env.last_seq, Outcome.DUPLICATE, mine[2].message, mine[2].conflicts)
            raise _Refused(Message("操作{seq}已收到过，但内容不同（可能从旧备份恢复或被篡改）", seq=env.first_seq),
                           block=True)
        received = {r.op_id: r for r in session.scalars(sa.select(SyncReceived).where(SyncReceived.op_id.in_(ids)))}
        for op in env.ops:
            got = received.get(_uuid(op.op_id))
            if got is not None and (got.payload_hash != op.payload_hash or got.seq != op.seq
                                    or got.node_id != node_id):
                raise _Refused(Message("操作{seq}已收到过，但内容不同（可能从旧备份恢复或被篡改）", seq=op.seq),
                               block=True)
        if received:
            if len(received) != len(ids):
                raise _Refused(Message("该批次只有部分操作已收到过（第{seq}条起），与中心记录不符",
                                       seq=env.first_seq), block=True)
            first = received[ids[0]]
            stored = Answer.from_dict(json.loads(first.answer))
            return Answer(env.first_seq, env.last_seq, Outcome.DUPLICATE, stored.message, stored.conflicts)
        taken = session.execute(sa.select(Operation.seq).where(Operation.node_id == node_id,
                                                               Operation.seq.between(env.first_seq, env.last_seq))
                                .limit(1)).scalar()
        raise _Refused(Message("序号{seq}已被另一操作使用（可能从旧备份恢复）", seq=taken or env.first_seq),
                       block=True)

    def _check_chain(self, env: Envelope) -> None:
        """Rule 5: the first record continues the centre's chain of the node; every hash recomputes."""
        _verify_chain(self.node_id, env, self.last_hash)


    def _actor_problem(self, ops: Iterable[OpRecord]) -> Message | None:
        """Rule 6: each actor is an active user of the node whose role may do that kind of
        work; the first problem, or None."""
        for op in ops:
            permission = ACTOR_PERMISSIONS.get(op.op_type, CENTRE_ONLY)
            if permission == NODE_ONLY:
                continue
            if permission == CENTRE_ONLY:
                return Message("分支节点不能直接提交此类操作：{op_type}（由中心处理）", op_type=op.op_type)
            if permission == CENTRE_APPROVAL:
                return Message("分支提交的{op_type}由中心维护，须经中心核准后生效", op_type=op.op_type)
            if op.actor not in self.users:
                self.users[op.actor] = self.session.execute(sa.select(User.node_id, User.active, User.role)
                                                            .where(User.username == op.actor)).first()
            user = self.users[op.actor]
            if user is None or user.node_id != self.node_id:
                return Message("操作{seq}的操作员{username}不是本节点的用户", seq=op.seq, username=op.actor)
            if not user.active:
                return Message("操作{seq}的操作员{username}已停用", seq=op.seq, username=op.actor)
            if permission != ANY_USER and user.role not in _GRANTS[permission]:
                return Message("操作{seq}的操作员{username}无权执行{op_type}", seq=op.seq, username=op.actor,
                               op_type=op.op_type)
        return None

    # -- trust (docs/sync.md#trust)

    def _prefetch_customers(self, envs: list[Envelope]) -> None:
        """The node of every customer the request's rows name, one query (the scope check of
        a payment, a bill, an application needs it)."""
        ids: set[uuid.UUID] = set()
        for env in envs:
            for ch in env.changes:
                for image in (ch.after, ch.before):
                    if image and image.get("customer_id"):
                        with contextlib.suppress(ValueError, TypeError, AttributeError):
                            ids.add(_uuid(image["customer_id"]))
        ids -= {k[1] for k in self.owners if k[0] == "customer"}
        todo = sorted(ids)
        for start in range(0, len(todo), 1000):
            for cid, node in self.session.execute(sa.select(Customer.id, Customer.node_id)
                                                  .where(Customer.id.in_(todo[start:start + 1000]))):
                self.owners[("customer", cid)] = node
        # the parents child rows name (a payment's tenders, an application's steps), one query a table
        wanted: dict[str, set[uuid.UUID]] = {}
        for env in envs:
            for ch in env.changes:
                parent = _PARENT_OF.get(ch.tbl)
                if parent is None:
                    continue
                for image in (ch.after, ch.before):
                    if image and image.get(parent[1]):
                        with contextlib.suppress(ValueError, TypeError, AttributeError):
                            wanted.setdefault(parent[0], set()).add(_uuid(image[parent[1]]))
        for name in (t.name for t in SYNC_TABLES if t.name in wanted):  # parents before children
            tbl = rows.table(name)
            col = tbl.c[_SINGLE_KEY[name]]
            todo = sorted(i for i in wanted[name] if (name, i) not in self.owners)
            local = spec(name).local_columns
            for start in range(0, len(todo), 1000):
                part = todo[start:start + 1000]
                found = {row[col.name]: dict(row) for row in self.session.execute(
                    sa.select(*[c for c in tbl.columns if c.name not in local]).where(col.in_(part))).mappings()}
                for pid in part:
                    image = found.get(pid)
                    if image is None:
                        self.absent.add((name, pid))
                        continue
                    owner = self._owner(name, image, {})
                    if owner is not None and owner != _UNSTATED:
                        self.owners[(name, pid)] = owner

    def untrusted(self, env: Envelope, local: dict[tuple[str, Any], dict[str, Any]]) -> dict[int, Message]:
        """The envelope's row changes the node may not make, by index, with the reason: a
        table none of its operation types writes, a row outside the node's scope (the centre's
        row, the after- or the before-image), a centre-owned column of a user. ``local``: rows
        inserted earlier in the run (parents and customers not yet at the centre); the
        envelope's own inserts are added to it."""
        decoded: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = []
        self.seen = {}
        for ch in env.changes:
            if ch.tbl not in _SINGLE_KEY and ch.tbl not in _TABLE_OF:
                decoded.append((None, None))
                continue
            before = rows.decode_row(ch.tbl, ch.before) if ch.before is not None else None
            after = rows.decode_row(ch.tbl, ch.after) if ch.after is not None else None
            decoded.append((before, after))
            if ch.action == "insert" and after is not None:
                self.decoded[id(ch)] = after
            if ch.action == "insert" and after is not None and ch.tbl in _SINGLE_KEY:
                pk = _SINGLE_KEY[ch.tbl]
                if pk in after:
                    local[(ch.tbl, after[pk])] = after
        allowed: set[str] = set()
        for op in env.ops:
            allowed |= OP_TABLES.get(op.op_type, frozenset())
        out: dict[int, Message] = {}
        for i, ch in enumerate(env.changes):
            why = self._why_untrusted(ch, *decoded[i], allowed, local, env)
            if why is not None:
                out[i] = why
        kept, moved = self._moved_money(env, decoded, out, local)
        for i in kept:
            del out[i]
        self.moved[id(env)] = moved
        return out

    def _moved_money(self, env: Envelope, decoded: list[tuple[dict[str, Any] | None, dict[str, Any] | None]],
                     out: Mapping[int, Message], local: Mapping[tuple[str, Any], dict[str, Any]],
                     ) -> tuple[set[int], dict[Any, dict[str, Any]]]:
        """Of the out-of-scope changes, the node's own money for a customer the centre moved away
        from it (docs/sync.md#trust): a payment, reversal or refund inserted by the envelope's own
        counter operation, naming this node and a cashier session of this node, for a customer
        that was this node's (the feed holds his ``leave`` for it), with its tenders and
        allocations. Money is never dropped, so these are applied and flagged, not queued.
        Returns their indexes and the payments (id -> after-image)."""
        if not out or not any(op.op_type in _COUNTER_MONEY_OPS for op in env.ops):
            return set(), {}
        kept: set[int] = set()
        payments: dict[Any, dict[str, Any]] = {}
        for i in out:
            ch, (before, after) = env.changes[i], decoded[i]
            if ch.tbl == "payment" and ch.action == "insert" and before is None and after is not None \
                    and self._own_counter_money(after, local):
                payments[after["id"]] = after
                kept.add(i)
        for i in out:
            ch, (before, after) = env.changes[i], decoded[i]
            if ch.tbl in ("payment_tender", "payment_allocation") and ch.action == "insert" and before is None \
                    and after is not None and after.get("payment_id") in payments:
                kept.add(i)
        return kept, payments

    def _own_counter_money(self, pay: Mapping[str, Any], local: Mapping[tuple[str, Any], dict[str, Any]]) -> bool:
        """Is this out-of-scope payment the node's own counter money for a customer moved away
        from it (docs/sync.md#trust)? Bounded by what the node could have known: taken in a
        cashier session of the node whose opening the centre had applied when the customer
        left (its seq at most the ``applied_seq`` the move's ``leave`` recorded), and, for a
        reversal or refund, of the node's own earlier payment of that customer the centre holds."""
        if pay.get("kind") not in _COUNTER_KINDS or _opt_uuid(pay.get("node_id")) != self.node_id:
            return False
        session_id, customer_id = pay.get("session_id"), pay.get("customer_id")
        if session_id is None or customer_id is None or ("cashier_session", session_id) in local:
            return False  # a session opened in this very request was opened after the move
        if pay.get("kind") != PaymentKind.PAYMENT:
            original = self.session.execute(sa.select(Payment.node_id, Payment.customer_id, Payment.kind).where(
                Payment.id == pay.get("reverses_id"))).first() if pay.get("reverses_id") else None
            if original is None or original.node_id != self.node_id or original.customer_id != customer_id \
                    or original.kind != PaymentKind.PAYMENT:
                return False
        session_node = self.session.scalar(sa.select(CashierSession.node_id).where(CashierSession.id == session_id))
        if session_node is None or _opt_uuid(session_node) != self.node_id:
            return False
        opened = self.session.scalar(sa.select(sa.func.min(Operation.seq)).where(
            Operation.node_id == self.node_id, Operation.op_type == OpType.OPEN_SESSION,
            Operation.entity_id == _uuid(session_id)))
        bound = self._left_at(customer_id)
        return opened is not None and bound is not None and int(opened) <= bound

    def _left_at(self, customer_id: Any) -> int | None:
        """The node's ``applied_seq`` when the customer last left it (his latest ``leave`` for it
        in the feed); None when he never did (or the leave does not say)."""
        if customer_id not in self._left:
            image = self.session.scalar(sa.select(SyncFeed.image).where(
                SyncFeed.tbl == "customer", SyncFeed.action == "leave", SyncFeed.scope_node == self.node_id,
                SyncFeed.row_key == rows.key_json("customer", {"id": customer_id}))
                .order_by(SyncFeed.id.desc()).limit(1))
            bound: int | None = None
            with contextlib.suppress(TypeError, ValueError, AttributeError):
                bound = int(json.loads(image or "null")["applied_seq"])
            self._left[customer_id] = bound
        return self._left[customer_id]

    def _why_untrusted(self, ch: RowChange, before: dict[str, Any] | None, after: dict[str, Any] | None,
                       allowed: set[str], local: Mapping[tuple[str, Any], dict[str, Any]],
                       env: Envelope) -> Message | None:
        try:
            if spec(ch.tbl).merge == Merge.CENTRE:
                return None  # refused into the queue by the merge anyway
        except KeyError:
            return None  # not a synced table: refused into the queue by the merge
        images: list[tuple[str, dict[str, Any] | None]] = [("after", after), ("before", before)]
        if ch.action != "insert":
            key = rows.key_of(ch.tbl, ch.row_key)
            centre = rows.read_image(self.session, ch.tbl, key)
            self.seen[(ch.tbl, rows.key_json(ch.tbl, key))] = centre
            images.insert(0, ("centre", centre))
        for which, image in images:
            if image is None:
                continue
            owner = self._owner(ch.tbl, image, local)
            if owner is None or owner == _ANYWHERE:
                continue  # a parent the centre does not have: its foreign key refuses the row (``row``)
            if owner == _UNSTATED:
                if ch.action == "insert" and which == "after":
                    return Message("新增的{tbl}记录未写明所属节点", tbl=ch.tbl)
                continue  # a partial image: the merge writes only the columns it carries
            if owner != self.node_id:
                return Message("{tbl}的记录（{which}）不属于本节点", tbl=ch.tbl, which=_WHICH[which])
        if ch.tbl == "app_user":
            if ch.action != "update" or before is None or after is None:
                return Message("用户由中心新增和删除")
            owned = sorted(k for k, v in after.items() if k not in BRANCH_USER_COLUMNS and before.get(k) != v)
            if owned:
                return Message("用户的{columns}由中心维护", columns="、".join(owned))
        if ch.tbl not in allowed:
            return Message("该批操作（{op_types}）不会写{tbl}表的记录",
                           op_types="、".join(dict.fromkeys(op.op_type for op in env.ops)), tbl=ch.tbl)
        return None

    def _owner(self, tbl: str, image: Mapping[str, Any], local: Mapping[tuple[str, Any], dict[str, Any]],
               depth: int = 0) -> uuid.UUID | None:
        """The node a row belongs to by its table's scope (app/sync/tables.py); :data:`_ANYWHERE`
        for rows any node may write; :data:`_UNSTATED` when the image lacks the column that
        tells; None when a parent it names is nowhere (the row's foreign key refuses it)."""
        scope = spec(tbl).scope
        if scope is None:
            if tbl in _ANYWHERE_TABLES:
                return _ANYWHERE
            if tbl == "outage":
                scope = "node_id"
            elif tbl == "outage_scope":
                scope = "parent:outage.outage_id"
            else:
                return None
        if scope == "customer":
            if "customer_id" not in image:
                return _UNSTATED
            scope = "node_id" if image["customer_id"] is None else "parent:customer.customer_id"
        if scope == "node_id":
            return _opt_uuid(image["node_id"]) if "node_id" in image else _UNSTATED
        parent_tbl, col = scope.removeprefix("parent:").split(".")
        if col not in image:
            return _UNSTATED
        parent_id = image[col]
        if parent_id is None or depth > 3:
            return None
        cached = self.owners.get((parent_tbl, parent_id))
        if cached is not None:
            return cached
        parent = None if (parent_tbl, parent_id) in self.absent else rows.read_image(
            self.session, parent_tbl, {_SINGLE_KEY[parent_tbl]: parent_id})
        if parent is not None:  # the centre's row decides; kept for the request
            owner = self._owner(parent_tbl, parent, local, depth + 1)
            if owner is not None and owner != _UNSTATED:
                self.owners[(parent_tbl, parent_id)] = owner
            return owner
        created = local.get((parent_tbl, parent_id))  # created in the same envelope (or run)
        if created is None:
            return None
        owner = self._owner(parent_tbl, created, local, depth + 1)
        return None if owner == _UNSTATED else owner

    # -- applying

    def _apply(self, env: Envelope, warning: str, problem: Message | None, kind: str,
               untrusted: Mapping[int, Message], *, careful: bool) -> Answer:
        _insert_ops(self.session, self.node_id, env.ops)
        work = self.apply_rows(env, problem, kind, untrusted, careful=careful)
        outcome = Outcome.CONFLICT if work.conflicts else Outcome.APPLIED
        answer = _answer(env, outcome, warning, conflicts=len(work.conflicts))
        self._store(env, answer, work)
        return answer

    def apply_rows(self, env: Envelope, problem: Message | None, kind: str, untrusted: Mapping[int, Message], *,
                   careful: bool) -> _Work:
        """The envelope's row changes under the rules of docs/sync.md#apply-rules (actor, trust,
        merge, money), without its operation records or its answer: :meth:`_apply`, and a
        carried envelope recorded as the centre's own operation (app/sync/carry.py)."""
        session = self.session
        work = _Work(self.node_id, env.ops, careful=careful, batch=self)
        indexed = list(enumerate(env.changes))
        queued: list[RowChange] = []
        if problem is not None:  # the chain goes on, the money is kept, the rest waits for a supervisor
            keep = [(i, c) for i, c in indexed if c.tbl in _KEPT_ON_ACTOR
                    or (c.tbl in _KEPT_INSERT_ON_ACTOR and c.action == "insert")]
            kept = {i for i, _ in keep}
            queued = [c for i, c in indexed if i not in kept]
            indexed = keep
        changes: list[RowChange] = []
        for i, c in indexed:  # out of the node's scope: queued one by one, never applied unseen
            if i in untrusted:
                _queue_scope(session, work, env, c, untrusted[i])
            else:
                changes.append(c)
        _read_ahead(session, work, changes, self.seen)
        for change in changes:
            _apply_change(session, work, change)
        for payment in work.payments:
            _check_payment(session, work, payment)
        for payment in self.moved.get(id(env), {}).values():
            _flag_moved(session, work, payment)
        for session_id, totals in work.closed_sessions:
            _check_day_end(session, work, session_id, totals)
        refresh_search_keys(session, work.customers)
        if problem is not None:
            _queue_envelope(work, env, problem, queued, kind)
        if work.conflicts:
            with self.as_centre():
                _feed_back(session, work.conflicts, work.written)
        return work

    def _store(self, env: Envelope, answer: Answer, work: _Work) -> None:
        """The envelope's queue entries and its answer under each op_id (sync_received), kept
        for :meth:`finish`: they commit with the envelope's rows or not at all."""
        self.store_entries(work.conflicts)
        text = json.dumps(answer.to_dict(), ensure_ascii=False, sort_keys=True)
        for op in env.ops:
            op_id = _uuid(op.op_id)
            self.received.append({"op_id": op_id, "node_id": self.node_id, "seq": op.seq,
                                  "payload_hash": op.payload_hash, "outcome": answer.outcome, "answer": text,
                                  "received_at": self.now})
            self.answered[op_id] = (op.payload_hash, op.seq, answer)

    def store_entries(self, conflicts: Iterable[_Conflict]) -> None:
        """Queue entries kept for :meth:`finish` (written with the request's commit)."""
        self.entries += [{
            "id": uuid7(), "node_id": self.node_id, "op_id": c.op_id, "kind": c.kind, "tbl": c.tbl,
            "row_key": c.row_key, "detail": json.dumps(c.detail, ensure_ascii=False, sort_keys=True, default=str),
            "status": "open", "resolution": "", "resolved_by": "", "created_at": self.now, "version": 1}
            for c in conflicts]


def run_answers(batch: _Batch, run: list[Envelope]) -> list[Answer]:
    """The answers of a run applied at once, stored as :meth:`_Batch._apply` stores one."""
    out = []
    for env in run:
        answer = _answer(env, Outcome.APPLIED, batch._note_clock(env))
        batch._store(env, answer, _Work(batch.node_id, env.ops))
        batch.applied_seq, batch.last_hash = env.last_seq, env.ops[-1].hash
        out.append(answer)
    return out


#: tables whose inserts a run applies at once (insert-only and editable ones: a row present
#: fails the insert and sends the run one by one), parents first
_PLAIN_ORDER = tuple(t.name for t in SYNC_TABLES if t.merge != Merge.CENTRE)
_PLAIN_TABLES = frozenset(_PLAIN_ORDER)


def _payments_plain(session: Session, by_table: Mapping[str, list[dict[str, Any]]]) -> bool:
    """No payment of a run needs a decision: no customer closed, no bill over-paid, no
    reversal / refund of a payment the centre corrected — re-pointed, or its excess moved to
    prepaid, which goes back onto the bill (_check_undo; a re-point deciding meanwhile waits
    on the customer row these inserts reference, or is seen committed)."""
    customers = {p["customer_id"] for p in by_table.get("payment", ()) if p.get("kind") == PaymentKind.PAYMENT}
    bills = {a["bill_id"] for a in by_table.get("payment_allocation", ())}
    undone = {p["reverses_id"] for p in by_table.get("payment", ()) if p.get("reverses_id")}
    checks: list[sa.ScalarSelect[Any]] = []  # one round trip for all questions
    if undone:  # any correction of the payment (re-pointed, or its excess moved to prepaid)
        checks.append(sa.select(sa.func.count()).select_from(Operation).where(
            Operation.op_type == OpType.CORRECT_SYNCED_PAYMENT, Operation.entity_type == "payment",
            Operation.entity_id.in_(undone)).scalar_subquery())
    if customers:
        checks.append(sa.select(sa.func.count()).select_from(Customer)
                      .where(Customer.id.in_(customers), Customer.status == CustomerStatus.CLOSED).scalar_subquery())
    if bills:
        checks.append(sa.select(sa.func.count()).select_from(Bill).where(
            Bill.id.in_(bills), Bill.amount_fen >= 0, Bill.amount_fen < (
                sa.select(sa.func.coalesce(sa.func.sum(PaymentAllocation.principal_fen), 0))
                .where(PaymentAllocation.bill_id == Bill.id).scalar_subquery())).scalar_subquery())
    return not checks or not any(session.execute(sa.select(*checks)).one())


def payload_ok(op: OpRecord) -> bool:
    """The record's payload hashes to its payload_hash."""
    return hashlib.sha256(op.payload.encode("utf-8")).hexdigest() == op.payload_hash


def record_ok(node_id: uuid.UUID, op: OpRecord) -> bool:
    """The record's hash recomputes (app/write_path/oplog.py) from its fields and prev_hash."""
    return oplog.record_hash(_uuid(op.op_id), node_id, op.seq, op.op_type, op.entity_type,
                             _uuid(op.entity_id) if op.entity_id else None, op.payload_hash, op.actor,
                             op.occurred_at, op.prev_hash) == op.hash


def _verify_chain(node_id: uuid.UUID, env: Envelope, prev: str) -> None:
    """Rule 5 from ``prev`` (the hash the node's chain ends with)."""
    for op in env.ops:
        if not payload_ok(op):
            raise _Refused(Message("操作{seq}的内容与其哈希不符", seq=op.seq))
        if op.prev_hash != prev:
            raise _Refused(Message("操作{seq}的前一记录哈希与中心记录不符（哈希链断开）", seq=op.seq))
        if not record_ok(node_id, op):
            raise _Refused(Message("操作{seq}的记录哈希不符", seq=op.seq))
        prev = op.hash


_SINGLE_KEY: dict[str, str] = {
    t.name: next(iter(_TABLE_OF[t.name].primary_key.columns)).name
    for t in SYNC_TABLES if len(_TABLE_OF[t.name].primary_key.columns) == 1}
#: child table -> (parent table, the column naming the parent), from the scopes of app/sync/tables.py
_PARENT_OF: dict[str, tuple[str, str]] = {
    **{t.name: (t.scope.removeprefix("parent:").split(".")[0], t.scope.split(".")[1])
       for t in SYNC_TABLES if t.scope and t.scope.startswith("parent:")},
    "outage_scope": ("outage", "outage_id"),
}
_WHICH = {"centre": "中心现有", "after": "修改后", "before": "修改前"}


def _opt_uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else _uuid(value)


def _queue_scope(session: Session, work: _Work, env: Envelope, ch: RowChange, reason: Message) -> None:
    """A row change the node may not make (docs/sync.md#trust): one ``scope`` entry with the
    images, the centre's row and the reason; a supervisor applies it (keep_branch, as an
    ``actor`` entry's changes) or rejects it (keep_centre)."""
    key = rows.key_of(ch.tbl, ch.row_key)
    centre = rows.read_image(session, ch.tbl, key)
    detail = {
        "reason": str(reason), "reason_template": reason.template, "first_seq": env.first_seq,
        "last_seq": env.last_seq,
        "ops": [{"seq": op.seq, "op_type": op.op_type, "actor": op.actor} for op in env.ops],
        "changes": [{"tbl": ch.tbl, "row_key": ch.row_key, "action": ch.action, "before": ch.before,
                     "after": ch.after}],
        "centre": _enc(ch.tbl, centre) if centre is not None else None,
    }
    _queue(work, "scope", ch.tbl, key, detail)


#: entries that hold a branch change the centre did not write (docs/sync.md#conflicts)
_NOT_WRITTEN = frozenset({"field", "state", "row", "centre", "scope", "actor", "apply"})


def _feed_back(session: Session, entries: Iterable[_Conflict], written: set[tuple[str, str]]) -> None:
    """The centre's current rows of the changes it queued without writing go back to the
    branch: each such row of a versioned table gets ``version = version + 1``, so the feed
    trigger writes the centre's image and the branch's pull replaces the value it keeps
    (the centre's value stays until resolved). A row the centre does not hold writes nothing,
    nor one whose other fields the merge wrote (``written``: bumped already); insert-only rows
    carry no version (the branch keeps its copy of those, docs/sync.md)."""
    targets: dict[tuple[str, str], dict[str, Any]] = {}
    for c in entries:
        if c.kind not in _NOT_WRITTEN:
            continue
        if c.kind in ("actor", "apply", "scope"):
            pairs = [(ch.get("tbl", ""), ch.get("row_key")) for ch in c.detail.get("changes", [])]
        else:
            pairs = [(c.tbl, c.row_key)]
        for tbl, row_key in pairs:
            if tbl not in _TABLE_OF or "version" not in _TABLE_OF[tbl].c or tbl == "application_catalogue":
                continue
            try:
                key = rows.key_of(tbl, json.loads(row_key) if isinstance(row_key, str) else row_key)
            except (KeyError, TypeError, ValueError):
                continue
            targets[(tbl, rows.key_json(tbl, key))] = key
    for (tbl, text), key in targets.items():
        if (tbl, text) in written:
            continue
        table = _TABLE_OF[tbl]
        values: dict[str, Any] = {"version": table.c.version + 1}
        if "updated_at" in table.c:  # the content did not change: no new edit time
            values["updated_at"] = table.c.updated_at
        session.execute(sa.update(table).where(*[table.c[k] == v for k, v in key.items()]).values(**values))


def _queue_envelope(work: _Work, env: Envelope, reason: Message, queued: list[RowChange], kind: str) -> None:
    """One entry (``actor``: rule 6 failed; ``apply``: the centre could not store a row as
    sent) holding the envelope's row changes the centre did not apply, with the reason; a
    supervisor applies them (keep_branch) or rejects them (keep_centre)."""
    first = queued[0] if queued else None
    tbl = first.tbl if first is not None else "operation_log"
    if first is not None and first.tbl in Base.metadata.tables:
        row_key = rows.key_json(first.tbl, first.row_key)
    else:
        row_key = json.dumps({"node_id": str(work.node_id), "seq": env.first_seq}, sort_keys=True)
    detail = {
        "reason": str(reason), "reason_template": reason.template, "first_seq": env.first_seq,
        "last_seq": env.last_seq,
        "ops": [{"seq": op.seq, "op_type": op.op_type, "actor": op.actor} for op in env.ops],
        "changes": [{"tbl": c.tbl, "row_key": c.row_key, "action": c.action, "before": c.before, "after": c.after}
                    for c in queued],
    }
    work.conflicts.append(_Conflict(kind, tbl, row_key, detail, uuid.UUID(env.ops[0].op_id)))


def _answer(env: Envelope, outcome: str, message: str = "", conflicts: int = 0) -> Answer:
    return Answer(env.first_seq, env.last_seq, outcome, str(message), conflicts)


def _parse_time(text: str) -> dt.datetime | None:
    """``sent_at`` (ISO, with an offset or UTC) as naive UTC; None when missing or unreadable."""
    if not text:
        return None
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return t.astimezone(dt.UTC).replace(tzinfo=None) if t.tzinfo else t


def _hold(session: Session, node_id: uuid.UUID, env: Envelope) -> None:
    exists = session.scalar(sa.select(SyncHeld.last_seq).where(SyncHeld.node_id == node_id,
                                                               SyncHeld.first_seq == env.first_seq))
    if exists is None:
        session.execute(sa.insert(SyncHeld).values(node_id=node_id, first_seq=env.first_seq, last_seq=env.last_seq,
                                                   envelope=env.to_json(), received_at=utcnow()))
    else:
        session.execute(sa.update(SyncHeld).where(SyncHeld.node_id == node_id, SyncHeld.first_seq == env.first_seq)
                        .values(last_seq=env.last_seq, envelope=env.to_json()))


# ---- blocking and the centre's own actor --------------------------------------------------------


def centre_actor(session: Session) -> Actor:
    """The centre's actor for its own operations (blocking, corrections): a service session
    (user_session.purpose ``service``, as setup and the command line open) of the centre
    node's first active administrator."""
    code = session.get(AppMeta, "local_node_code")
    stmt = sa.select(Node)
    node = session.scalar(stmt.where(Node.code == code.value) if code is not None
                          else stmt.order_by(Node.created_at).limit(1))
    assert node is not None, "the centre database is not initialised"
    user = session.scalar(sa.select(User).where(User.node_id == node.id, User.active.is_(True),
                                                User.must_change_password.is_(False), User.role == Role.ADMIN)
                          .order_by(User.created_at).limit(1))
    assert user is not None, "the centre node has no active administrator"
    return open_session(session, user, node, SessionPurpose.SERVICE)


def block_node(session: Session, node_id: uuid.UUID, reason: str, *, actor: Actor | None = None) -> None:
    """Stop the node's sync until an administrator re-enrols it (app.sync.nodes.block_in)."""
    nodes.block_in(session, node_id, str(reason), actor or centre_actor(session))


# ---- applying ------------------------------------------------------------------------------------


def _op_row(node_id: uuid.UUID, op: OpRecord) -> dict[str, Any]:
    return {"op_id": _uuid(op.op_id), "node_id": node_id, "seq": op.seq, "op_type": op.op_type,
            "entity_type": op.entity_type, "entity_id": _uuid(op.entity_id) if op.entity_id else None,
            "payload": op.payload, "payload_hash": op.payload_hash, "actor": op.actor,
            "occurred_at": op.occurred_at, "prev_hash": op.prev_hash, "hash": op.hash}


def _insert_ops(session: Session, node_id: uuid.UUID, ops: tuple[OpRecord, ...]) -> None:
    session.execute(sa.insert(_TABLE_OF["operation_log"]), [_op_row(node_id, op) for op in ops])


def _read_ahead(session: Session, work: _Work, changes: list[RowChange],
                seen: Mapping[tuple[str, str], dict[str, Any] | None]) -> None:
    """The centre's rows the changes touch, one SELECT per table (single-column keys) for those
    the scope check did not just read (``seen``); a row the envelope changes twice is read when
    its change comes (the first change moved it)."""
    keyed: list[tuple[str, str, Any]] = []
    times: dict[tuple[str, str], int] = {}
    for ch in changes:
        if ch.tbl not in Base.metadata.tables or (ch.action == "insert" and not work.careful):
            continue  # the fast path inserts without looking: a row present fails, then carefully
        try:
            if spec(ch.tbl).merge == Merge.CENTRE:
                continue
        except KeyError:
            continue
        pk = list(rows.table(ch.tbl).primary_key.columns)
        if len(pk) != 1:
            continue
        text = rows.key_json(ch.tbl, ch.row_key)
        times[(ch.tbl, text)] = times.get((ch.tbl, text), 0) + 1
        keyed.append((ch.tbl, text, rows.decode_value(pk[0], ch.row_key[pk[0].name])))
    wanted: dict[str, list[tuple[str, Any]]] = {}
    for name, text, value in keyed:
        if times[(name, text)] != 1:
            continue
        if (name, text) in seen:
            image = seen[(name, text)]
            work.known[(name, text)] = dict(image) if image is not None else None
        else:
            wanted.setdefault(name, []).append((text, value))
    for name, items in wanted.items():
        tbl = rows.table(name)
        col = next(iter(tbl.primary_key.columns))
        local = spec(name).local_columns
        found = {row[col.name]: dict(row) for row in session.execute(
            sa.select(*[c for c in tbl.columns if c.name not in local])
            .where(col.in_([v for _, v in items]))).mappings()}
        for text, value in items:
            work.known[(name, text)] = found.get(value)


def _centre_row(session: Session, work: _Work, tbl: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
    text = rows.key_json(tbl, key)
    if (tbl, text) in work.known:
        return work.known.pop((tbl, text))
    return rows.read_image(session, tbl, key)


def _apply_change(session: Session, work: _Work, ch: RowChange) -> None:
    try:
        merge = spec(ch.tbl).merge
    except KeyError:
        merge = Merge.CENTRE  # not a synced table: refused into the queue like reference data
    key = rows.key_of(ch.tbl, ch.row_key) if ch.tbl in Base.metadata.tables else dict(ch.row_key)
    before = rows.decode_row(ch.tbl, ch.before) if ch.before is not None and merge != Merge.CENTRE else None
    after = rows.decode_row(ch.tbl, ch.after) if ch.after is not None and merge != Merge.CENTRE else None
    if merge == Merge.CENTRE:
        _queue(work, "centre", ch.tbl, key, {"action": ch.action, "before": ch.before, "after": ch.after})
        return
    if ch.action == "insert" and after is not None and not work.careful:
        try:
            session.execute(rows.table(ch.tbl).insert(), after)
        except IntegrityError as exc:  # the envelope's savepoint rolls back: again, carefully
            raise _Retry from exc
        _note_insert(work, ch.tbl, after)
        return
    if ch.action == "insert" and after is not None and ch.tbl == "payment_allocation" \
            and after.get("payment_id") in work.unlinked:
        _drop_allocation(work, after)  # of a second undo stored unlinked (:func:`_insert_money`)
        return
    centre = _centre_row(session, work, ch.tbl, key)
    if ch.action == "insert" and after is not None:
        if centre is None:
            try:
                with session.begin_nested():  # a savepoint: a row that does not fit is queued, not lost
                    rows.insert_row(session, ch.tbl, after)
            except (IntegrityError, DataError) as exc:
                if ch.tbl in _MONEY_TABLES:  # money is never dropped: re-numbered, or no final answer
                    after = _insert_money(session, work, ch.tbl, key, after, exc)
                elif isinstance(exc, DataError):
                    raise
                else:
                    # e.g. a work-order step numbered like one the centre added meanwhile (unique
                    # order + step number), or a child of a row that was itself queued
                    _queue(work, "row", ch.tbl, key, {"action": "insert", "after": ch.after, "centre": None,
                                                     "error": type(exc.orig).__name__ if exc.orig else "IntegrityError"})
                    return
            _note_insert(work, ch.tbl, after)
        elif not _same(centre, after):
            _queue(work, "row", ch.tbl, key, {"action": "insert", "after": ch.after, "centre": _enc(ch.tbl, centre)})
        return
    if merge == Merge.INSERT_ONLY:
        _queue(work, "row", ch.tbl, key, {"action": ch.action, "before": ch.before, "after": ch.after,
                                         "centre": _enc(ch.tbl, centre) if centre else None})
        return
    if centre is None:
        _queue(work, "row", ch.tbl, key, {"action": ch.action, "before": ch.before, "after": ch.after,
                                         "centre": None, "missing": True})
        return
    if ch.action == "delete":
        if before is not None and _same(centre, before):
            rows.delete_row(session, ch.tbl, key)
        else:
            _queue(work, "row", ch.tbl, key, {"action": "delete", "before": ch.before,
                                             "centre": _enc(ch.tbl, centre)})
        return
    if before is None or after is None:
        return
    if merge == Merge.STATE and any(centre.get(c) != before.get(c) for c in _STATE_COLUMNS if c in before):
        _queue(work, "state", ch.tbl, key, {"before": ch.before, "after": ch.after, "centre": _enc(ch.tbl, centre)})
        return
    applied = _merge_fields(session, work, ch.tbl, key, before, after, centre)
    if ch.tbl == "customer" and applied:
        earlier = work.customers.get(key["id"], (centre, None))[0]
        work.customers[key["id"]] = (earlier, {**centre, **applied})
    if (ch.tbl == "cashier_session" and after.get("status") == SessionStatus.CLOSED
            and before.get("status") == SessionStatus.OPEN):
        work.closed_sessions.append((key["id"], json.loads(after.get("totals") or "{}")))
def _insert_money(session: Session, work: _Work, tbl: str, key: Mapping[str, Any], after: dict[str, Any],
                  exc: SQLAlchemyError) -> dict[str, Any]:
    """A branch's money row the centre could not insert as sent. A payment whose receipt number
    the centre already holds for another payment (a node re-enrolled with counters fitted from
    a scope that lacked some of its receipts) is stored under the first free
    ``<number>-C<n>`` and a ``receipt`` entry names both numbers. A reversal / refund of a
    payment undone already (at the centre or at another node before the rule that only the
    taking node undoes a branch payment reached the branch, or a forged PC): its cash really
    left the branch's drawer, so it is stored — without the link (``reverses_id`` is unique)
    and without its allocations (the first undo took the payment off its bills already) — and a
    ``double_undo`` entry asks a supervisor to settle it with the customer (:func:`_unlink`).
    Anything else raises :class:`MoneyNotStored` (the envelope is not answered finally).
    Returns the row as stored."""
    error = type(exc.orig).__name__ if isinstance(exc, DBAPIError) and exc.orig else type(exc).__name__
    receipt = after.get("receipt_no")
    if tbl != "payment" or not isinstance(exc, IntegrityError):
        raise MoneyNotStored(tbl, error) from exc
    holder = session.scalar(sa.select(Payment.id).where(Payment.receipt_no == receipt, Payment.id != after["id"])
                            ) if receipt else None
    first_undo = None
    if after.get("reverses_id") and after.get("kind") in (PaymentKind.REVERSAL, PaymentKind.REFUND):
        first_undo = session.execute(sa.select(Payment.id, Payment.receipt_no, Payment.kind, Payment.node_id).where(
            Payment.reverses_id == after["reverses_id"], Payment.id != after["id"])).first()
    if holder is None and first_undo is None:
        raise MoneyNotStored(tbl, error) from exc
    stored = dict(after)
    if holder is not None:
        taken = set(session.scalars(sa.select(Payment.receipt_no).where(Payment.receipt_no.like(f"{receipt}-C%"))))
        n = 1
        while f"{receipt}-C{n}" in taken:
            n += 1
        stored["receipt_no"] = f"{receipt}-C{n}"
    if first_undo is not None:
        stored.update(reverses_id=None, applied_fen=0, late_fee_fen=0, prepaid_fen=0)
    try:
        with session.begin_nested():
            rows.insert_row(session, tbl, stored)
    except (IntegrityError, DataError) as again:
        raise MoneyNotStored(tbl, type(again.orig).__name__ if again.orig else type(again).__name__) from again
    if first_undo is not None:
        _unlink(session, work, key, after, stored, first_undo)
    if holder is None:
        return stored
    log.warning("sync: node %s sent receipt %s, taken at the centre: stored as %s", work.node_id, receipt,
                stored["receipt_no"])
    with work.as_centre():  # the centre's record of the new number (the reconcile reads it)
        oplog.append(session, work.centre, OpType.CORRECT_SYNCED_PAYMENT, {
            "payment_id": str(after["id"]), "receipt_no": receipt, "renumbered_to": stored["receipt_no"],
            "holder_id": str(holder), "customer_id": str(after.get("customer_id")), "offsets": 0, "offset_fen": 0,
        }, "payment", after["id"])
    _queue(work, "receipt", tbl, key, {
        "payment_id": str(after["id"]), "receipt_no": receipt, "centre_receipt_no": stored["receipt_no"],
        "holder_id": str(holder), "customer_id": str(after.get("customer_id")),
        "amount_fen": after.get("amount_fen")})
    return stored


def _drop_allocation(work: _Work, after: Mapping[str, Any]) -> None:
    """An allocation of a second undo stored unlinked: not stored (the first undo already took
    the payment off its bills), listed in the undo's ``double_undo`` entry."""
    work.unlinked[after["payment_id"]]["allocations"].append({
        "bill_id": str(after.get("bill_id")), "principal_fen": after.get("principal_fen"),
        "late_fee_fen": after.get("late_fee_fen")})


def _unlink(session: Session, work: _Work, key: Mapping[str, Any], after: Mapping[str, Any],
            stored: Mapping[str, Any], first: Any) -> None:
    """A branch's second undo of one payment, stored unlinked (:func:`_insert_money`): the
    centre's record of what it stored differently from the branch's operation record (no link,
    no allocations, nothing off prepaid: the reconcile reads ``unlinked``), and a
    ``double_undo`` entry — the money went out twice, the customer holds it once too often."""
    original = session.execute(sa.select(Payment.receipt_no, Payment.amount_fen, Customer.account_no, Node.code)
                                .join(Customer, Customer.id == Payment.customer_id)
                                .join(Node, Node.id == Payment.node_id)
                                .where(Payment.id == after["reverses_id"])).first()
    first_node = session.scalar(sa.select(Node.code).where(Node.id == first.node_id)) or ""
    log.warning("sync: node %s undid payment %s, undone already: its cash stored unlinked, flagged",
                work.node_id, after["reverses_id"])
    with work.as_centre():
        oplog.append(session, work.centre, OpType.CORRECT_SYNCED_PAYMENT, {
            "payment_id": str(after["id"]), "receipt_no": stored.get("receipt_no"), "unlinked": True,
            "reverses_id": str(after["reverses_id"]), "first_undo_id": str(first.id),
            "customer_id": str(after.get("customer_id")), "amount_fen": after.get("amount_fen"),
            "dropped_prepaid_fen": after.get("prepaid_fen"), "dropped_applied_fen": after.get("applied_fen"),
            "offsets": 0, "offset_fen": 0,
        }, "payment", after["id"])
    detail: dict[str, Any] = {
        "payment_id": str(after["id"]), "receipt_no": stored.get("receipt_no"), "kind": after.get("kind"),
        "reverses_id": str(after["reverses_id"]), "reverses_receipt_no": original.receipt_no if original else "",
        "first_undo_id": str(first.id), "first_undo_receipt_no": first.receipt_no, "first_undo_kind": first.kind,
        "first_undo_node_code": first_node, "customer_id": str(after.get("customer_id")),
        "account_no": original.account_no if original else "", "amount_fen": after.get("amount_fen"),
        "prepaid_fen": after.get("prepaid_fen"), "allocations": []}
    work.unlinked[after["id"]] = detail
    _queue(work, "double_undo", "payment", key, detail)


def book_money(session: Session, actor: Actor, node_id: uuid.UUID, op_id: uuid.UUID,
               changes: Iterable[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """A supervisor books a branch's queued money (``keep_branch`` on a ``scope`` entry,
    docs/sync.md#conflicts) under the apply rules, the one way a push stores money: each row
    ``(table, after-image)`` inserted (a receipt number the centre holds: re-numbered, a
    ``receipt`` entry), then each payment checked (a bill over-paid: its excess to prepaid by a
    correcting ``offset`` and a ``paid_bill`` entry; a closed customer: ``closed_customer``).
    ``changes``: the payment before its tenders and allocations. Raises :class:`MoneyNotStored`
    when a row cannot be stored. Returns the new queue entries (``sync_conflict`` rows, not yet
    written) of node ``node_id``, naming ``op_id``."""
    work = _Work(node_id, (), careful=True, actor=actor, op_id=op_id)
    for tbl, after in changes:
        key = {c.name: after[c.name] for c in rows.table(tbl).primary_key.columns}
        if tbl == "payment_allocation" and after.get("payment_id") in work.unlinked:
            _drop_allocation(work, after)  # of a second undo stored unlinked
            continue
        try:
            with session.begin_nested():
                rows.insert_row(session, tbl, after)
        except (IntegrityError, DataError) as exc:
            after = _insert_money(session, work, tbl, key, after, exc)
        _note_insert(work, tbl, after)
    for payment in work.payments:
        _check_payment(session, work, payment)
    now = utcnow()
    return [{"id": uuid7(), "node_id": node_id, "op_id": c.op_id, "kind": c.kind, "tbl": c.tbl,
             "row_key": c.row_key, "detail": json.dumps(c.detail, ensure_ascii=False, sort_keys=True, default=str),
             "status": "open", "resolution": "", "resolved_by": "", "created_at": now, "version": 1}
            for c in work.conflicts]


def _merge_fields(session: Session, work: _Work, tbl: str, key: Mapping[str, Any], before: dict[str, Any],
                  after: dict[str, Any], centre: dict[str, Any]) -> dict[str, Any]:
    """Field by field against the branch's before-image: a field only the branch changed takes
    its value; one both changed differently is queued (the centre's value stays). The values
    written (empty: nothing, or log-in bookkeeping alone)."""
    pk = set(key)
    take: dict[str, Any] = {}
    quiet: dict[str, Any] = {}
    clashes: list[dict[str, Any]] = []
    for name, value in after.items():
        if name in pk or name in _BOOKKEEPING or name not in before or value == before[name]:
            continue
        if name in _LAST_WRITER.get(tbl, ()):
            quiet[name] = value
        elif centre.get(name) == before[name]:
            take[name] = value
        elif centre.get(name) != value:
            clashes.append({"field": name, "base": _enc1(tbl, name, before[name]),
                            "branch": _enc1(tbl, name, value), "centre": _enc1(tbl, name, centre.get(name))})
    if clashes:
        _queue(work, "field", tbl, key, {"fields": clashes})
    if quiet and not take:  # log-in bookkeeping alone: no version bump (as app/services/auth.py writes it)
        rows.update_row(session, tbl, key, quiet)
    if not take:
        return {}
    take.update(quiet)
    write_fields(session, tbl, key, take, centre, updated_at=after.get("updated_at"))
    work.written.add((tbl, rows.key_json(tbl, key)))
    return take


def write_fields(session: Session, tbl: str, key: Mapping[str, Any], values: Mapping[str, Any],
                 centre: Mapping[str, Any], *, updated_at: Any = None) -> None:
    """Set ``values`` on the row and bump its version (a concurrent editor at the centre gets
    its optimistic-lock refusal); shared with the conflict resolution."""
    values = dict(values)
    if "version" in centre:
        values["version"] = int(centre["version"] or 0) + 1
    if "updated_at" in centre:
        values["updated_at"] = updated_at if updated_at is not None else utcnow()
    rows.update_row(session, tbl, key, values)


def _note_insert(work: _Work, tbl: str, values: Mapping[str, Any]) -> None:
    if tbl == "payment" and values.get("kind") in _COUNTER_KINDS:  # reversals / refunds: _check_undo
        work.payments.append(dict(values))
    elif tbl == "customer":
        work.customers[values["id"]] = (None, values)


def _queue(work: _Work, kind: str, tbl: str, key: Mapping[str, Any], detail: dict[str, Any]) -> None:
    row_key = rows.key_json(tbl, key) if tbl in Base.metadata.tables else json.dumps(dict(key), default=str)
    work.conflicts.append(_Conflict(kind, tbl, row_key, detail, work.op_for(key)))


def _same(centre: Mapping[str, Any], image: Mapping[str, Any]) -> bool:
    return all(centre.get(k) == v for k, v in image.items() if k in centre)


def _enc(tbl: str, values: Mapping[str, Any]) -> dict[str, Any]:
    return rows.encode_row(tbl, values)


def _enc1(tbl: str, name: str, value: Any) -> Any:
    return rows.encode_value(rows.table(tbl).c[name], value)


def _uuid(text: Any) -> uuid.UUID:
    return text if isinstance(text, uuid.UUID) else uuid.UUID(str(text))


# ---- money and day-end ------------------------------------------------------------------------------


@functools.cache
def _payment_check() -> sa.Select[Any]:
    """The statement of :func:`_check_payment` (built once: its compiled form is cached)."""
    others = sa.orm.aliased(PaymentAllocation)
    paid_so_far = (sa.select(sa.func.coalesce(sa.func.sum(others.principal_fen), 0))
                   .where(others.bill_id == PaymentAllocation.bill_id).scalar_subquery())
    return (sa.select(Customer.status, Customer.account_no, Bill.id, Bill.bill_no, Bill.amount_fen,
                      PaymentAllocation.principal_fen, PaymentAllocation.late_fee_fen, paid_so_far)
            .select_from(Customer)
            .outerjoin(PaymentAllocation, PaymentAllocation.payment_id == sa.bindparam("payment_id"))
            .outerjoin(Bill, Bill.id == PaymentAllocation.bill_id)
            .where(Customer.id == sa.bindparam("customer_id")))


def _check_payment(session: Session, work: _Work, pay: Mapping[str, Any]) -> None:
    """A branch payment is kept; a closed customer or an over-paid bill is queued for review,
    and an over-payment's excess moved to the customer's prepaid balance. ``pay``: the
    payment's row as inserted (a reversal or refund: :func:`_check_undo`)."""
    if pay.get("kind") != PaymentKind.PAYMENT:
        _check_undo(session, work, pay)
        return
    payment_id = pay["id"]
    key = {"id": payment_id}
    # one round trip: the customer, and each allocation with its bill and all that bill has received
    found = session.execute(_payment_check(), {"customer_id": pay["customer_id"], "payment_id": payment_id}).all()
    if found and found[0].status == CustomerStatus.CLOSED:
        _queue(work, "closed_customer", "payment", key, {
            "payment_id": str(payment_id), "receipt_no": pay.get("receipt_no"), "customer_id": str(pay["customer_id"]),
            "account_no": found[0].account_no, "amount_fen": pay.get("amount_fen")})
    excess: list[tuple[uuid.UUID, str, int, int]] = []
    for _, _, bill_id, bill_no, amount, principal_fen, late_fee_fen, paid in found:
        if bill_id is None:
            continue
        paid = int(paid or 0)
        if amount < 0 or paid <= amount or principal_fen <= 0:
            continue
        principal = min(int(principal_fen), paid - amount)
        # the late fee the branch took on a bill the centre had already settled in full is excess too
        fee = int(late_fee_fen) if paid - int(principal_fen) >= amount else 0
        excess.append((bill_id, bill_no, principal, fee))
    if excess:
        with work.as_centre():
            correction = _correct_excess(session, work, pay, excess)
        _queue(work, "paid_bill", "payment", key, {
            "payment_id": str(payment_id), "receipt_no": pay.get("receipt_no"), "customer_id": str(pay["customer_id"]),
            "correction_id": str(correction), "excess_fen": sum(p + f for _, _, p, f in excess),
            "bills": [{"bill_id": str(b), "bill_no": no, "principal_fen": p, "late_fee_fen": f}
                      for b, no, p, f in excess]})


def _repoint_records() -> sa.Select[uuid.UUID | None, str]:
    """The centre's re-point records (CorrectSyncedPayment with ``repoint_fen``) of payments."""
    return sa.select(Operation.entity_id, Operation.payload).where(
        Operation.op_type == OpType.CORRECT_SYNCED_PAYMENT, Operation.entity_type == "payment",
        Operation.payload.like('%"repoint_fen"%'))


def _check_undo(session: Session, work: _Work, pay: Mapping[str, Any]) -> None:
    """A branch's reversal / refund of a payment whose money a supervisor re-pointed at the
    centre meanwhile (docs/sync.md#conflicts): booked as sent (money is never refused), and a
    ``repointed_undo`` entry for review — the money went back to the payer and to the other
    customer. The customer's row is locked first, as a re-point locks it: a re-point deciding
    at the same time either commits before this reads or waits and then sees this undo."""
    if not pay.get("reverses_id"):
        return
    original = _uuid(pay["reverses_id"])
    session.execute(sa.select(Customer.id).where(Customer.id == pay["customer_id"]).with_for_update())
    # the undo negated the payment's allocations, which the centre's correction (paid_bill) had
    # partly moved off the bill already: that part goes back onto the bill, out of prepaid
    with work.as_centre():
        restored = payments.restore_synced_excess(session, work.centre, original)
    if restored:
        log.info("sync: node %s undid a corrected payment: %s fen put back on its bills", work.node_id, restored)
    records = [json.loads(text) for _, text in session.execute(_repoint_records().where(
        Operation.entity_id == original))]
    moved = sum(int(r.get("repoint_fen") or 0) for r in records)
    if moved <= 0:
        return
    ids = {pay["customer_id"]} | {_uuid(r["to_customer_id"]) for r in records if r.get("to_customer_id")}
    accounts = dict(session.execute(sa.select(Customer.id, Customer.account_no).where(Customer.id.in_(ids))).all())
    log.warning("sync: node %s undid a payment the centre had re-pointed: booked, flagged", work.node_id)
    _queue(work, "repointed_undo", "payment", {"id": pay["id"]}, {
        "payment_id": str(pay["id"]), "receipt_no": pay.get("receipt_no"), "kind": pay.get("kind"),
        "reverses_id": str(original), "reverses_receipt_no": records[0].get("receipt_no"),
        "customer_id": str(pay["customer_id"]), "account_no": accounts.get(pay["customer_id"], ""),
        "amount_fen": pay.get("amount_fen"), "repoint_fen": moved,
        "to_account_nos": sorted({accounts.get(_uuid(r["to_customer_id"]), "") for r in records
                                  if r.get("to_customer_id") and int(r.get("repoint_fen") or 0) > 0})})


def _flag_moved(session: Session, work: _Work, pay: Mapping[str, Any]) -> None:
    """The node's own payment for a customer the centre moved to another node, applied although
    out of scope (docs/sync.md#trust): a ``moved_customer`` entry for a supervisor's review."""
    found = session.execute(sa.select(Customer.account_no, Node.code).join(Node, Node.id == Customer.node_id)
                            .where(Customer.id == pay["customer_id"])).first()
    log.warning("sync: node %s pushed money it took for a customer since moved to node %s: stored, flagged",
                work.node_id, found.code if found else "?")
    _queue(work, "moved_customer", "payment", {"id": pay["id"]}, {
        "payment_id": str(pay["id"]), "receipt_no": pay.get("receipt_no"), "kind": pay.get("kind"),
        "customer_id": str(pay["customer_id"]), "account_no": found.account_no if found else "",
        "node_code": found.code if found else "", "amount_fen": pay.get("amount_fen")})


def _correct_excess(session: Session, work: _Work, pay: Mapping[str, Any],
                    excess: list[tuple[uuid.UUID, str, int, int]]) -> uuid.UUID:
    """The correcting entry (insert-only): an ``offset`` row (no receipt, no session, no money
    moved) whose allocations take the excess off the bills (negative principal / late fee)
    and whose prepaid change adds it to the customer's prepaid balance. It is recorded like the
    offsets of a bill run (count, sum, digest), so the reconcile accounts for it
    (app/services/audit.py, OFFSET_OPS)."""
    actor = work.centre
    customer_id = pay["customer_id"]
    today = dt.date.today()
    before = ledger.balance_fen(session, customer_id, today)
    total = sum(p + f for _, _, p, f in excess)
    fee = sum(f for _, _, _, f in excess)
    cid = uuid7()
    session.add(Payment(id=cid, receipt_no=None, node_id=actor.node_id, customer_id=customer_id, session_id=None,
                        kind=PaymentKind.OFFSET, reverses_id=None, amount_fen=0, tendered_fen=0, change_fen=0,
                        applied_fen=-total, late_fee_fen=-fee, prepaid_fen=total, balance_before_fen=before,
                        balance_after_fen=before - total, posted_at=utcnow(), posted_by=actor.username,
                        reason_code="sync_excess", reason="分支收费时该账单已在中心缴清，超出部分转为预存"))
    session.flush()
    for bill_id, _, principal, late_fee in excess:
        session.add(PaymentAllocation(payment_id=cid, bill_id=bill_id, principal_fen=-principal, late_fee_fen=-late_fee))
    session.flush()
    posted = [(b, -p, -f) for b, _, p, f in excess]
    oplog.append(session, actor, OpType.CORRECT_SYNCED_PAYMENT, {
        "payment_id": str(pay["id"]), "receipt_no": pay.get("receipt_no"), "customer_id": str(customer_id),
        "correction_id": str(cid), "excess_fen": total,
        "bills": [{"bill_id": str(b), "bill_no": no, "principal_fen": p, "late_fee_fen": f}
                  for b, no, p, f in excess],
        "offsets": 1, "offset_fen": -total,
        "offset_digest": audit.digest_hex(audit.offset_digest(customer_id, posted)),
    }, "payment", pay["id"])
    return cid
def centre_totals(session: Session, session_id: uuid.UUID) -> dict[str, int]:
    """Net takings per tender of a cashier session from the payments the centre holds (as
    app/services/cashier.py sums them at the close: cash less change handed back)."""
    by_tender = dict.fromkeys(TENDER_KINDS, 0)
    for kind, amount in session.execute(
            sa.select(PaymentTender.kind, sa.func.sum(PaymentTender.amount_fen))
            .join(Payment, Payment.id == PaymentTender.payment_id)
            .where(Payment.session_id == session_id).group_by(PaymentTender.kind)):
        by_tender[kind] = by_tender.get(kind, 0) + int(amount or 0)
    change = session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Payment.change_fen), 0))
                            .where(Payment.session_id == session_id)) or 0
    by_tender[TenderKind.CASH] -= int(change)
    return by_tender


def _check_day_end(session: Session, work: _Work, session_id: uuid.UUID, branch: dict[str, Any]) -> None:
    centre = centre_totals(session, session_id)
    claimed = {k: int(v) for k, v in branch.items()}
    kinds = sorted(set(centre) | set(claimed))
    if any(centre.get(k, 0) != claimed.get(k, 0) for k in kinds):
        session_no = session.scalar(sa.select(CashierSession.session_no).where(CashierSession.id == session_id))
        _queue(work, "day_end", "cashier_session", {"id": session_id}, {
            "session_no": session_no, "branch": {k: claimed.get(k, 0) for k in kinds},
            "centre": {k: centre.get(k, 0) for k in kinds}})


def _search_keys(values: Mapping[str, Any]) -> dict[str, int]:
    return customer_keys(account_no=values["account_no"], name=values["name"],
                         phones=[values["phone"], values["phone2"]], id_number=values["id_number"],
                         meter_no=values["meter_no"], address=values["supply_address"])


_KEYED = (Customer.id, Customer.account_no, Customer.name, Customer.phone, Customer.phone2,
          Customer.id_number, Customer.meter_no, Customer.supply_address)


def refresh_search_keys(session: Session,
                        changed: Mapping[uuid.UUID, tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]]) -> None:
    """The search keys of these customers follow their rows (app/domain/search_keys.py).
    ``changed``: each customer's values before the change (None: new here) and after it (None:
    read the row as the centre now holds it). The key table has no customer_id index (db/models.py CustomerSearchKey), so the keys
    that go are deleted by their full primary key, recomputed from the earlier values, as a
    clerk's edit does (app/services/customers.py); a delete by customer_id alone would scan every
    key of the centre's million customers for each edit a branch sends."""
    unknown = [customer_id for customer_id, (_, later) in changed.items() if later is None]
    now: dict[uuid.UUID, Mapping[str, Any]] = {}
    if unknown:
        now = {r.id: dict(r._mapping) for r in session.execute(sa.select(*_KEYED).where(Customer.id.in_(unknown)))}
    added: list[dict[str, Any]] = []
    for customer_id, (earlier, later) in changed.items():
        current = later if later is not None else now.get(customer_id)
        old = _search_keys(earlier) if earlier is not None else {}
        new = _search_keys(current) if current is not None else {}
        gone = [k for k in old if k not in new]
        if gone:
            session.execute(sa.delete(CustomerSearchKey).where(CustomerSearchKey.customer_id == customer_id,
                                                                CustomerSearchKey.key.in_(gone)))
        added += [{"key": k, "customer_id": customer_id, "kind": kind} for k, kind in new.items() if k not in old]
    if added:
        session.execute(sa.insert(CustomerSearchKey), added)


def rebuild_search_keys(session: Session, customer_id: uuid.UUID) -> None:
    """All the customer's search keys again, when its earlier values are not at hand (a conflict
    resolution, rare): the delete by customer_id scans the key table."""
    session.execute(sa.delete(CustomerSearchKey).where(CustomerSearchKey.customer_id == customer_id))
    refresh_search_keys(session, {customer_id: (None, None)})


# ---- storing the decision -----------------------------------------------------------------------------
