"""The branch's side of the link (docs/sync.md): enrolment and one sync round, over httpx.

:func:`enrol` makes a new SQLite branch database from the centre's snapshot;
:func:`sync_round` pushes every unanswered group, records the answers, pulls the feed until
nothing more, and reloads a fresh snapshot when the centre says the branch is stale.
Timeouts are httpx's; retries with back-off are the background worker's (ui/sync), which simply
calls :func:`sync_round` again: every step here is safe to repeat (the centre answers a repeated
envelope ``duplicate``; the watermark moves only with the rows it covers).

The node's secret is kept in the OS keyring, or where there is none in a file readable by this
user only (0600) in the data folder — never in the database, a log or an error message.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import shutil
import ssl
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from app.config import private_dir, private_file, user_data_dir
from app.domain.errors import DomainError
from app.services.backup import RESTORED_KEY
from app.services.setup import LOCAL_NODE_KEY
from app.sync import carry, counters, feed, outbox, snapshot, triggers
from app.sync.carry import CarryReport
from app.sync.envelope import Answer, FeedPage, Outcome
from app.sync.tables import SYNC_TABLES
from db.engine import Database
from db.models import JOURNAL_TABLES, AppMeta, Node, SyncNode, SyncState, utcnow

__all__ = [
    "REFUSED_PREFIX",
    "BranchStatus",
    "EnrolOutcome",
    "RoundReport",
    "SyncError",
    "branch_status",
    "enrol",
    "is_branch",
    "load_secret",
    "prepare_branch",
    "remote_conflicts",
    "remote_repoint_target",
    "remote_resolve",
    "store_secret",
    "sync_role",
    "sync_round",
]

log = logging.getLogger(__name__)

#: envelopes per push request (docs/sync.md#push: at most 200)
PUSH_BATCH = 200
#: feed rows per pull request
PULL_LIMIT = 1000
#: seconds before a request is given up (the worker retries later)
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
#: a skew beyond this is shown as a warning (docs/sync.md#push, "Clock")
SKEW_WARNING_SECONDS = 300
KEYRING_SERVICE = "GridCounter-sync"


#: ``sync_state.last_error`` starts with this when the centre refused the node (HTTP 401/403)
REFUSED_PREFIX = "blocked:"


class SyncError(DomainError):
    """A round that could not finish (no link, refused, the centre failed): the message is
    Chinese and is also kept in ``sync_state.last_error``. ``status``: the HTTP status when the
    centre answered with an error (0 otherwise); ``field``: the input the centre refused, when
    it named one (a form shows the message under it)."""

    status = 0
    field = ""


@dataclass(frozen=True)
class RoundReport:
    """What one round did. ``sent``: envelopes the centre answered finally; ``held``: waiting
    for a gap to be filled; ``received``: feed rows applied here."""

    sent: int = 0
    applied: int = 0
    duplicate: int = 0
    conflicts: int = 0
    refused: int = 0
    held: int = 0
    received: int = 0
    reloaded: bool = False
    open_conflicts: int = 0
    clock_skew_seconds: int = 0
    pending: int = 0
    messages: tuple[str, ...] = ()
    #: what the centre answered for a refused PC's work carried after its re-enrolment
    #: (docs/sync.md#recovery); None: nothing was to be carried
    carry: CarryReport | None = None

    def summary(self) -> str:
        return (
            f"已发送 {self.sent} 组（成功 {self.applied}，重复 {self.duplicate}，冲突 {self.conflicts}，"
            f"拒收 {self.refused}），暂存 {self.held} 组，接收 {self.received} 条变更"
            + (f"，转交旧操作 {self.carry.carried} 组（中心已有 {self.carry.present} 组）" if self.carry else "")
            + ("，已重新加载中心数据" if self.reloaded else "")
            + f"；待处理冲突 {self.open_conflicts} 条，待发送 {self.pending} 条操作"
        )


@dataclass(frozen=True)
class EnrolOutcome:
    node_id: uuid.UUID
    node_code: str
    rows: int
    watermark: int


@dataclass(frozen=True)
class BranchStatus:
    """The branch's sync state without contacting the centre (``sync-status``, the status bar)."""

    node_code: str
    server_url: str
    pending: int
    pushed_seq: int
    watermark: int
    last_sync_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    last_error: str
    open_conflicts: int
    clock_skew_seconds: int

    @property
    def online(self) -> bool:
        """The last attempt reached the centre and went through."""
        return (
            self.last_sync_at is not None
            and not self.last_error
            and (self.last_attempt_at is None or self.last_attempt_at <= self.last_sync_at)
        )

    @property
    def refused(self) -> bool:
        """The last round was refused by the centre for who this node is (401/403: blocked,
        credentials revoked): retrying will not help, an administrator must act."""
        return self.last_error.startswith(REFUSED_PREFIX)

    @property
    def error_text(self) -> str:
        """``last_error`` as shown to a person (without :data:`REFUSED_PREFIX`)."""
        return self.last_error.removeprefix(REFUSED_PREFIX)

    @property
    def clock_warning(self) -> bool:
        return abs(self.clock_skew_seconds) > SKEW_WARNING_SECONDS


# ---- the secret -----------------------------------------------------------------------------


def _entry(node_id: uuid.UUID, incarnation: str) -> str:
    return f"{node_id}:{incarnation}"


def _secret_file(node_id: uuid.UUID, incarnation: str) -> Path:
    return private_dir(private_dir(user_data_dir()) / "sync") / f"{node_id}-{incarnation}.secret"


def _keyring():  # type: ignore[no-untyped-def]
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or os.environ.get("GRIDCOUNTER_NO_KEYRING"):
        return None
    return keyring


def store_secret(node_id: uuid.UUID, incarnation: str, secret: str) -> str:
    """Keep the node's secret: the OS keyring, else a 0600 file. Returns where ("keyring"/"file")."""
    try:
        ring = _keyring()
        if ring is not None:
            ring.set_password(KEYRING_SERVICE, _entry(node_id, incarnation), secret)
            return "keyring"
    except Exception as exc:  # a locked or broken keyring: the file below
        log.info("sync secret not kept in the keyring: %s", type(exc).__name__)
    path = private_file(_secret_file(node_id, incarnation))
    path.write_text(secret, encoding="utf-8")
    return "file"


def load_secret(node_id: uuid.UUID, incarnation: str) -> str:
    try:
        ring = _keyring()
        if ring is not None:
            value = ring.get_password(KEYRING_SERVICE, _entry(node_id, incarnation))
            if value:
                return str(value)
    except Exception as exc:
        log.info("sync secret not read from the keyring: %s", type(exc).__name__)
    path = _secret_file(node_id, incarnation)
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    raise SyncError("本机没有保存同步凭据，请重新注册（main.py enrol）")


# ---- branch mode ----------------------------------------------------------------------------


def is_branch(db: Database) -> bool:
    """Is ``db`` an enrolled branch (a ``sync_state`` row)?"""
    with db.read() as session:
        return session.get(SyncState, 1) is not None


def sync_role(db: Database) -> str:
    """``branch`` (an enrolled branch PC), ``centre`` (a PostgreSQL database with registered
    branches) or ``""`` (standalone / shared mode without branches): which sync screens show."""
    with db.read() as session:
        if session.get(SyncState, 1) is not None:
            return "branch"
        if not db.is_sqlite and session.scalar(select(func.count()).select_from(SyncNode)):
            return "centre"
    return ""


def prepare_branch(db: Database) -> bool:
    """Right after opening a database: in branch mode, group the row changes of every write by
    its operation records (outbox.enable_group_capture), so each transaction becomes one
    envelope. Every process that writes to a branch database must call it before any write."""
    if db.is_sqlite and is_branch(db):
        outbox.enable_group_capture(db)
        return True
    return False


def branch_status(db: Database) -> BranchStatus:
    with db.read() as session:
        state = session.get(SyncState, 1)
        if state is None:
            raise SyncError("本机不是分支节点（尚未注册到中心）")
        code = session.scalar(select(Node.code).where(Node.id == state.node_id)) or ""
        return BranchStatus(
            code,
            state.server_url,
            outbox.pending_count(session),
            int(state.pushed_seq or 0),
            int(state.watermark or 0),
            state.last_sync_at,
            state.last_attempt_at,
            state.last_error or "",
            int(state.open_conflicts or 0),
            int(state.clock_skew_seconds or 0),
        )


# ---- HTTP -----------------------------------------------------------------------------------


@dataclass
class _Link:
    url: str
    node_id: uuid.UUID
    incarnation: str
    secret: str
    http: httpx.Client
    own: bool = False
    server_skew: list[int] = field(default_factory=list)

    def headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.node_id}:{self.secret}",
            "X-GridCounter-Incarnation": self.incarnation,
            "X-GridCounter-Client-Time": dt.datetime.now().astimezone().isoformat(),
        }

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        response = self.http.request(method, self.url + path, headers=headers, **kwargs)
        _raise_for(response)
        date = response.headers.get("date")
        if date:
            self._note_skew(date)
        return response

    def _note_skew(self, date: str) -> None:
        from email.utils import parsedate_to_datetime

        try:
            server = parsedate_to_datetime(date)
        except (TypeError, ValueError):
            return
        self.server_skew.append(int((dt.datetime.now(dt.UTC) - server).total_seconds()))

    def close(self) -> None:
        if self.own:
            self.http.close()


def _raise_for(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    field = ""
    try:
        body = response.json()
        message = str(body.get("error") or "")
        field = str(body.get("field") or "")  # a refused input: which field (a form shows it there)
    except (ValueError, AttributeError):
        message = ""
    if response.status_code in (401, 403):
        error = SyncError("中心拒绝了本节点：{reason}", reason=message or str(response.status_code))
    else:
        error = SyncError(
            "中心返回错误（{status}）：{reason}", status=response.status_code, reason=message or "—"
        )
    error.status = response.status_code
    error.field = field
    raise error


#: hosts plain HTTP may go to without ``sync_allow_http``: this PC itself
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def _base(url: str, allow_http: bool = False) -> str:
    """The centre's base URL; plain ``http://`` is refused (the link carries the node's secret,
    supervisors' passwords and customers' data) unless to this PC (loopback) or when the setting
    ``sync_allow_http`` says so (a TLS proxy on the LAN, a test bench)."""
    url = str(url).strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise SyncError("中心地址应以 https:// 开头，如 https://sync.example.cn:8443")
    if url.startswith("http://") and not allow_http:
        host = (httpx.URL(url).host or "").strip("[]").lower()
        if host not in LOOPBACK_HOSTS:
            raise SyncError(
                "中心地址使用未加密的 http://，已拒绝：请使用 https:// 地址"
                "（确需明文连接时由管理员在设置中开启 sync_allow_http）"
            )
    return url


def new_http(ca_file: str = "") -> httpx.Client:
    """An HTTP client for the centre: TLS verified against ``ca_file`` (the centre's own CA or
    certificate, PEM; setting ``sync_ca_file``) or else the usual public roots."""
    verify: ssl.SSLContext | bool = True
    if ca_file:
        if not Path(ca_file).is_file():
            raise SyncError("找不到中心证书文件：{path}", path=ca_file)
        verify = ssl.create_default_context(cafile=ca_file)
    return httpx.Client(timeout=TIMEOUT, verify=verify)


def _link(db: Database, http: httpx.Client | None, ca_file: str = "", allow_http: bool = False) -> _Link:
    with db.read() as session:
        state = session.get(SyncState, 1)
        if state is None:
            raise SyncError("本机不是分支节点（尚未注册到中心）")
        url, node_id, incarnation = state.server_url, state.node_id, state.incarnation
        restored = session.get(AppMeta, RESTORED_KEY)
    if restored is not None:  # a copy restored from a backup: its seqs may be the centre's already
        error = SyncError("本数据库由备份恢复（{source}），不能再以原身份同步：请向中心索取注册码后运行 "
                          "main.py enrol 中心地址 注册码 重新注册（未发送的操作会一并转交）", source=restored.value)
        error.status = 403  # kept as blocked: no retry mends it (docs/backup.md#restore)
        raise error
    base = _base(url, allow_http)  # before the secret is even read
    secret = load_secret(node_id, incarnation)
    return _Link(base, node_id, incarnation, secret, http or new_http(ca_file), own=http is None)


@contextmanager
def _network_errors() -> Iterator[None]:
    try:
        yield
    except httpx.TimeoutException:
        raise SyncError("连接中心超时，稍后自动重试") from None
    except httpx.TransportError as exc:
        raise SyncError("无法连接中心（{kind}），稍后自动重试", kind=type(exc).__name__) from None


# ---- enrolment ------------------------------------------------------------------------------


def enrol(
    url: str,
    code: str,
    db: Database,
    *,
    http: httpx.Client | None = None,
    ca_file: str = "",
    allow_http: bool = False,
) -> EnrolOutcome:
    """Enrol this PC with the centre at ``url`` using a one-time ``code`` (docs/sync.md#enrolment):
    ``db`` must be a new, migrated SQLite database (not set up as a hall of its own)."""
    base = _base(url, allow_http)
    if not db.is_sqlite:
        raise SyncError("分支节点使用本机 SQLite 数据库；联网模式（PostgreSQL）的柜台无需注册")
    with db.read() as session:
        if session.get(SyncState, 1) is not None:
            raise SyncError("本机已注册为分支节点；重新注册请使用新的空数据库")
        if session.scalar(select(func.count()).select_from(Node)):
            raise SyncError(
                "该数据库已初始化为独立营业厅：分支注册需要一个新的空数据库（--db-url 指定新文件）"
            )
    incarnation = str(uuid.uuid4())
    client = http or new_http(ca_file)
    try:
        with _network_errors():
            try:
                response = client.post(
                    base + "/v1/enrol",
                    json={
                        "code": code,
                        "incarnation": incarnation,
                        "client_time": dt.datetime.now().astimezone().isoformat(),
                    },
                )
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout):
                raise  # nothing reached the centre: the code is still good (_network_errors)
            except httpx.TransportError as exc:  # sent, but the answer was lost: the code is used up
                log.warning("enrolment request sent, answer lost: %s", type(exc).__name__)
                raise SyncError("未收到中心的答复：注册码可能已被使用，请向中心索取新的注册码") from None
            _raise_for(response)
            answer = response.json()
            node_id = uuid.UUID(answer["node_id"])
            secret = str(answer["secret"])
            store_secret(node_id, incarnation, secret)
            link = _Link(base, node_id, incarnation, secret, client)
            try:
                watermark, rows = _load_snapshot(
                    db,
                    link,
                    node_id,
                    str(answer["node_code"]),
                    int(answer.get("op_seq", 0)),
                    str(answer.get("op_last_hash", "")),
                    base,
                    incarnation,
                    numbers=dict(answer.get("numbers") or {}),
                )
            except (SyncError, httpx.TransportError) as exc:  # the code is used up at the centre now
                log.warning("enrolled, but the snapshot did not load: %s", type(exc).__name__)
                raise SyncError(
                    "已在中心注册，但未能载入中心数据（{reason}）：请向中心管理员索取新的注册码后重新注册",
                    reason=str(exc) if isinstance(exc, SyncError) else type(exc).__name__,
                ) from None
        outbox.enable_group_capture(db)
    finally:
        if http is None:
            client.close()
    log.info("enrolled as branch node %s", answer["node_code"])
    return EnrolOutcome(node_id, str(answer["node_code"]), rows, watermark)


def _load_snapshot(
    db: Database,
    link: _Link,
    node_id: uuid.UUID,
    node_code: str,
    op_seq: int,
    op_hash: str,
    base: str,
    incarnation: str,
    numbers: dict[str, int] | None = None,
) -> tuple[int, int]:
    """GET /v1/snapshot and load it as it arrives (the centre reads while the branch writes),
    continue the node's counters, write ``sync_state`` and install the capture triggers, all in
    ONE transaction: a PC killed half-way, or a stream that breaks or ends short, leaves an
    empty database it can enrol again (with a new code), never a half-enrolled one.
    (watermark, rows)."""
    with _snapshot_body(link) as body:  # noqa: SIM117 — the body is open while the load reads it
        with db.write() as session:
            watermark, rows = snapshot.load_snapshot_rows(session, body)
            _after_snapshot(session, node_id, node_code, op_seq, op_hash, numbers)
            now = utcnow()
            session.add(
                SyncState(
                    id=1,
                    node_id=node_id,
                    server_url=base,
                    incarnation=incarnation,
                    pushed_seq=op_seq,
                    watermark=watermark,
                    last_error="",
                    open_conflicts=0,
                    clock_skew_seconds=0,
                    applying=0,
                    last_sync_at=now,
                    last_attempt_at=now,
                )
            )
            session.flush()
            triggers.install_branch_capture(session.connection())  # SQLite DDL: in the transaction
    return int(watermark), rows


def _after_snapshot(session: Session, node_id: uuid.UUID, node_code: str, op_seq: int, op_hash: str,
                    numbers: dict[str, int] | None = None) -> None:
    """The node's own counters continue where the centre has its chain; this PC writes as it."""
    node = session.get(Node, node_id)
    if node is None:
        raise SyncError("中心的快照中没有本节点 {code}", code=node_code)
    if int(node.op_seq or 0) < op_seq:
        node.op_seq, node.op_last_hash = op_seq, op_hash
    # never reissue a number the node already gave: in the snapshot, or anywhere at the centre
    counters.fit_counters(session, node_id, numbers)
    meta = session.get(AppMeta, LOCAL_NODE_KEY)
    if meta is None:
        session.add(AppMeta(key=LOCAL_NODE_KEY, value=node_code))
    else:
        meta.value = node_code


# ---- one round ------------------------------------------------------------------------------


def _error_text(exc: SyncError) -> str:
    """What ``sync_state.last_error`` keeps of a failed round: the message, prefixed with
    :data:`REFUSED_PREFIX` when the centre refused the node itself (401/403: blocked, revoked,
    not enrolled), which no retry will mend (the status bar says so)."""
    prefix = REFUSED_PREFIX if exc.status in (401, 403) else ""
    return (prefix + str(exc))[:300]


def _set_state(db: Database, **values: Any) -> None:
    with db.write() as session:
        session.execute(
            update(SyncState)
            .where(SyncState.id == 1)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def sync_round(
    db: Database,
    *,
    http: httpx.Client | None = None,
    progress: Callable[[str], None] | None = None,
    ca_file: str = "",
    allow_http: bool = False,
) -> RoundReport:
    """One round (docs/sync.md#push, #pull-watermark, #stale-nodes). Raises :class:`SyncError`
    (kept in ``sync_state.last_error``) when the centre cannot be reached or refuses."""
    try:
        link = _link(db, http, ca_file, allow_http)
    except SyncError as exc:
        _set_state(db, last_attempt_at=utcnow(), last_error=_error_text(exc))
        raise
    counts = {"sent": 0, "applied": 0, "duplicate": 0, "conflicts": 0, "refused": 0, "held": 0, "received": 0}
    messages: list[str] = []
    open_conflicts = 0
    reloaded = False
    _set_state(db, last_attempt_at=utcnow())
    carried: CarryReport | None = None
    try:
        with _network_errors():
            carried = _carry_pending(db, link, messages, progress)
            open_conflicts = _push_all(db, link, counts, messages, progress) or 0
            page_conflicts, stale = _pull_all(db, link, counts, progress)
            open_conflicts = page_conflicts if page_conflicts is not None else open_conflicts
            if stale:
                if progress:
                    progress("重新加载中心数据…")
                _push_all(db, link, counts, messages, progress)
                _reload(db, link)
                reloaded = True
                _, _stale = _pull_all(db, link, counts, progress)
    except SyncError as exc:
        _set_state(db, last_error=_error_text(exc))
        raise
    except Exception as exc:
        _set_state(db, last_error=f"同步失败：{type(exc).__name__}"[:300])
        raise
    finally:
        link.close()
    skew = link.server_skew[-1] if link.server_skew else 0
    _set_state(
        db, last_sync_at=utcnow(), last_error="", open_conflicts=open_conflicts, clock_skew_seconds=skew
    )
    with db.read() as session:
        pending = outbox.pending_count(session)
    return RoundReport(
        counts["sent"],
        counts["applied"],
        counts["duplicate"],
        counts["conflicts"],
        counts["refused"],
        counts["held"],
        counts["received"],
        reloaded,
        open_conflicts,
        skew,
        pending,
        tuple(messages),
        carried,
    )


def _carry_pending(
    db: Database, link: _Link, messages: list[str], progress: Callable[[str], None] | None
) -> CarryReport | None:
    """A re-enrolled PC's old unsent work, from the safety copy its database names, carried to
    the centre before anything else (docs/sync.md#recovery); None when there is none."""

    def post(envelopes: list[Any]) -> list[Answer]:
        if progress:
            progress(f"正在转交重新注册前未发送的 {len(envelopes)} 组操作…")
        body = {"envelopes": [e.to_dict() for e in envelopes]}
        answers = [Answer.from_dict(a) for a in link.request("POST", "/v1/carry", json=body).json()["answers"]]
        if len(answers) != len(envelopes):
            raise SyncError("中心的答复与转交的操作数不符")
        return answers

    report = carry.deliver(db, post)
    if report is not None:
        messages.extend(report.messages)
    return report


def _push_all(
    db: Database,
    link: _Link,
    counts: dict[str, int],
    messages: list[str],
    progress: Callable[[str], None] | None,
) -> int | None:
    """Push every unanswered group, ``PUSH_BATCH`` at a time, recording the answers, until none
    is left or the centre only holds them. The centre's open conflict count (None: nothing sent)."""
    open_conflicts: int | None = None
    batch = PUSH_BATCH
    while True:
        with db.read() as session:
            envelopes = outbox.pending_envelopes(session, batch)
        if not envelopes:
            return open_conflicts
        if progress:
            progress(f"正在发送 {len(envelopes)} 组操作…")
        body = {"envelopes": [e.to_dict() for e in envelopes]}
        try:
            answer = link.request("POST", "/v1/push", json=body).json()
        except SyncError as exc:
            if exc.status == 413 and len(envelopes) > 1:  # over the centre's request size limit: smaller
                batch = max(1, len(envelopes) // 2)
                continue
            raise
        answers = [Answer.from_dict(a) for a in answer.get("answers", ())]
        if len(answers) != len(envelopes):
            raise SyncError("中心的答复与发送的操作数不符")
        with db.write() as session:
            outbox.record_answers(session, answers)
        open_conflicts = int(answer.get("open_conflicts", 0))
        final = 0
        refused = False
        for a in answers:
            if a.outcome == Outcome.HELD:
                counts["held"] += 1
                if a.message and not a.message.startswith("缺少第"):  # not a mere gap: say why
                    messages.append(f"第{a.first_seq}–{a.last_seq}条暂存：{a.message}")
                continue
            if a.outcome == Outcome.REFUSED:  # kept here (not final); sending again now changes nothing
                refused = True
            else:
                final += 1
            counts["sent"] += 1
            key = {
                Outcome.APPLIED: "applied",
                Outcome.DUPLICATE: "duplicate",
                Outcome.CONFLICT: "conflicts",
                Outcome.REFUSED: "refused",
            }.get(a.outcome)
            if key:
                counts[key] += 1
            if a.outcome == Outcome.REFUSED and a.message:
                messages.append(f"第{a.first_seq}–{a.last_seq}条：{a.message}")
        if not final or refused:  # held (a gap) or refused: the rest waits for the next round
            return open_conflicts


def _pull_all(
    db: Database, link: _Link, counts: dict[str, int], progress: Callable[[str], None] | None
) -> tuple[int | None, bool]:
    """Pull pages until the centre has no more: (open conflicts, stale)."""
    open_conflicts: int | None = None
    while True:
        with db.read() as session:
            state = session.get(SyncState, 1)
            assert state is not None
            after = int(state.watermark or 0)
        page = FeedPage.from_dict(
            link.request("GET", "/v1/pull", params={"after": after, "limit": PULL_LIMIT}).json()
        )
        open_conflicts = page.open_conflicts
        if page.stale:
            return open_conflicts, True
        with db.write() as session:
            counts["received"] += int(feed.apply_page(session, page) or 0)
            held_back = int(session.get(SyncState, 1).watermark or 0) <= after  # type: ignore[union-attr]
        if held_back:  # a row left for after the next push holds the watermark: no further now
            return open_conflicts, False
        if progress and page.rows:
            progress(f"已接收 {counts['received']} 条变更…")
        if not page.more:
            return open_conflicts, False


#: rows a reload keeps (the node's counters, the log-in sessions point at them) and overwrites
#: in place with the snapshot's travelling columns, instead of deleting and inserting
_KEPT_ON_RELOAD = ("node", "app_user")


def _reload(db: Database, link: _Link) -> None:
    """A stale branch (docs/sync.md#stale-nodes): with nothing left unanswered, replace the
    business tables by a fresh snapshot, keeping the operation log, the node's counters, the
    sessions, app_meta and sync_state (incarnation, pushed_seq). The delete, the kept rows and the
    load are one write transaction (BEGIN IMMEDIATE): a failure or a kill half-way leaves the old
    copy and the old watermark, so the next round reloads again. A group written while the
    snapshot downloaded (a payment taken meanwhile) aborts the reload: it must reach the centre
    first, or the reload would erase it here."""
    with db.read() as session:
        if outbox.pending_count(session):
            raise SyncError(_RELOAD_PENDING)
    with tempfile.TemporaryFile() as raw:
        _download_snapshot(link, raw)  # all of it before the write lock: the clerk works on
        raw.seek(0)
        with _snapshot_errors(), db.write() as session:
            if outbox.pending_count(session):  # under the write lock: nothing can slip in now
                raise SyncError(_RELOAD_PENDING)
            session.execute(
                update(SyncState)
                .where(SyncState.id == 1)
                .values(applying=1)
                .execution_options(synchronize_session=False)
            )
            with _guards_lifted(session):
                session.execute(text("DELETE FROM customer_search_key"))  # points at customer
                session.execute(text("DELETE FROM sync_seen"))  # versions of rows about to be replaced
                feed.forget_waiting_leaves(session)  # the snapshot is the centre's scope as it is now
                for spec in reversed(SYNC_TABLES):  # children first
                    if spec.name not in _KEPT_ON_RELOAD:
                        session.execute(text(f'DELETE FROM "{spec.name}"'))
            # sets the watermark, applying back to 0; the kept rows are overwritten in place
            snapshot.load_snapshot_into(session, raw, keep=_KEPT_ON_RELOAD)
            state = session.get(SyncState, 1)
            if state is not None:
                counters.fit_counters(session, state.node_id)


_RELOAD_PENDING = "中心要求重新加载数据，但还有未被确认的操作；下一轮同步时重试"


class _Body(io.RawIOBase):
    """A response's body as a binary file, read as it arrives."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._left:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._left = memoryview(chunk)
        n = min(len(buffer), len(self._left))
        buffer[:n] = self._left[:n]
        self._left = self._left[n:]
        return n


@contextmanager
def _snapshot_body(link: _Link) -> Iterator[IO[bytes]]:
    """GET /v1/snapshot: its body as a file while it streams. A snapshot that breaks off or
    ends short is a SyncError (nothing of it is kept: the caller's transaction rolls back)."""
    with link.http.stream("GET", link.url + "/v1/snapshot", headers=link.headers()) as r:
        if r.status_code >= 400:
            r.read()
            _raise_for(r)
        with _snapshot_errors():
            yield io.BufferedReader(_Body(r.iter_bytes()), 1 << 20)


def _download_snapshot(link: _Link, out: IO[bytes]) -> None:
    with _snapshot_body(link) as body:
        shutil.copyfileobj(body, out, 1 << 20)


@contextmanager
def _snapshot_errors() -> Iterator[None]:
    try:
        yield
    except snapshot.SnapshotIncomplete as exc:
        log.warning("snapshot not loaded: %s", exc)
        raise SyncError("中心发来的数据不完整，未载入") from None


def _journal_guards() -> tuple[str, ...]:
    """The append-only guards a reload lifts: those of the synced journal tables (their rows are
    the centre's copy, replaced whole), never the operation log's (the branch's own history)."""
    return tuple(
        f"trg_{table}_no_{action}"
        for table in JOURNAL_TABLES
        if table != "operation_log"
        for action in ("update", "delete")
    )


@contextmanager
def _guards_lifted(session: Session) -> Iterator[None]:
    """The synced journal tables' append-only triggers (SQLite) dropped inside this transaction
    and always put back before it ends: the branch's copies of centre data are replaced whole on
    a reload. (SQLite DDL is transactional: a rollback restores them as well.)"""
    conn = session.connection()
    names = _journal_guards()
    guards = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ("
            + ", ".join(f"'{n}'" for n in names)
            + ")"
        )
    ).all()
    for name, _sql in guards:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    try:
        yield
    finally:
        for _name, sql in guards:
            conn.execute(text(sql))


# ---- conflicts at a branch, through the centre -----------------------------------------------


def remote_conflicts(
    db: Database,
    status: str = "open",
    *,
    http: httpx.Client | None = None,
    ca_file: str = "",
    allow_http: bool = False,
) -> list[dict[str, Any]]:
    """The branch's conflicts as the centre holds them (GET /v1/conflicts; the node's credentials)."""
    link = _link(db, http, ca_file, allow_http)
    try:
        with _network_errors():
            answer = link.request("GET", "/v1/conflicts", params={"status": status}).json()
    finally:
        link.close()
    return list(answer.get("conflicts", ()))


def remote_resolve(
    db: Database,
    username: str,
    password: str,
    conflict_id: uuid.UUID | str,
    choice: str,
    version: int,
    fields: tuple[str, ...] = (),
    *,
    account_no: str = "",
    amount_fen: int | None = None,
    http: httpx.Client | None = None,
    ca_file: str = "",
    allow_http: bool = False,
) -> dict[str, Any]:
    """Resolve one of the branch's conflicts at the centre (POST /v1/conflicts/{id}/resolve) as
    supervisor ``username``, whose ``password`` the centre checks (failures count toward the
    account's lockout, as a log-in's)."""
    link = _link(db, http, ca_file, allow_http)
    try:
        with _network_errors():
            answer = link.request(
                "POST",
                f"/v1/conflicts/{conflict_id}/resolve",
                json={
                    "choice": choice,
                    "version": version,
                    "fields": list(fields),
                    "username": username,
                    "password": password,  # checked at the centre against the stored hash
                    **({"account_no": account_no, "amount_fen": amount_fen} if account_no else {}),
                },
            ).json()
    finally:
        link.close()
    return dict(answer.get("conflict", {}))


def remote_repoint_target(
    db: Database,
    username: str,
    password: str,
    conflict_id: uuid.UUID | str,
    account_no: str,
    *,
    http: httpx.Client | None = None,
    ca_file: str = "",
    allow_http: bool = False,
) -> dict[str, Any]:
    """Who ``account_no`` is at the centre and how much of the open entry's payment can go there
    (POST /v1/conflicts/{id}/repoint), before a supervisor re-points: the answer names a
    customer, so supervisor ``username`` of the node signs in with ``password`` (checked at the
    centre, failures count toward the lockout, as :func:`remote_resolve`'s)."""
    link = _link(db, http, ca_file, allow_http)
    try:
        with _network_errors():
            answer = link.request(
                "POST",
                f"/v1/conflicts/{conflict_id}/repoint",
                json={"account_no": account_no, "username": username, "password": password},
            ).json()
    finally:
        link.close()
    return dict(answer.get("target", {}))
