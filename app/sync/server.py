"""The centre's sync service (docs/sync.md): a small HTTP API in front of the central PostgreSQL.

    POST /v1/enrol                      code -> the node's secret, once (no credentials yet)
    GET  /v1/snapshot                   gzip NDJSON of the node's scope, streamed (snapshot.iter_snapshot)
    POST /v1/push                       {envelopes: [...]} -> {answers: [...]} (apply.apply_batch)
    POST /v1/carry                      {envelopes: [...]} -> {answers: [...]}: a refused PC's unsent
                                        work, carried by its new enrolment (carry.carry_envelopes)
    GET  /v1/pull?after=W&limit=N       a feed page (feed.read_feed)
    GET  /v1/status                     server time, the node's status, applied seq, open conflicts
    GET  /v1/conflicts                  the node's conflicts (X-GridCounter-User: a supervisor of it)
    POST /v1/conflicts/{id}/repoint     {account_no, username, password}: the customer a payment of
                                        the node's open entry would be re-pointed to (a supervisor of it)
    POST /v1/conflicts/{id}/resolve     {choice, version, fields, username, password[, account_no, amount_fen]}
                                        (the supervisor's password checked at the centre;
                                        conflicts.resolve_conflict)

Every request but enrol carries ``Authorization: Bearer <node_id>:<secret>`` and
``X-GridCounter-Incarnation`` (optionally ``X-GridCounter-Client-Time`` for the skew warning).
Refusals are JSON ``{"error": …, "code": …}`` with 401 (who are you), 403 (not now), 400/404/409/413.
Nothing here logs a secret, a code, a header or a row image: only node codes and counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from sqlalchemy import select

from app.diagnostics import log_unexpected
from app.domain.errors import (
    ConcurrentEdit,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from app.services import auth
from app.sync import apply, carry, conflicts, feed, nodes, snapshot
from app.sync.envelope import Answer, Envelope
from db.engine import Database
from db.models import SyncConflict

__all__ = [
    "MAX_ENVELOPES",
    "MAX_PULL_LIMIT",
    "SKEW_WARNING_SECONDS",
    "create_app",
    "check_plain_http",
    "parse_listen",
    "prune_loop",
    "serve",
]

log = logging.getLogger(__name__)

#: at most this many envelopes in one push (docs/sync.md#push)
MAX_ENVELOPES = 200
#: a pull page is at most this many feed rows
MAX_PULL_LIMIT = 5000
#: a branch clock further off than this is reported (docs/sync.md#push, "Clock")
SKEW_WARNING_SECONDS = 300
#: request bodies larger than this are refused before they are read through (a push of 200
#: envelopes with attachment images stays well below it)
DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024
_ENROL_MAX_BYTES = 4096

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class _TooLarge(Exception):
    pass


class BadRequest(Exception):
    """A request body the service cannot read (400); ``what`` names the part, in English."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class BodyLimit:
    """ASGI middleware: a request whose body (declared or streamed) exceeds ``limit`` bytes gets
    413 and is not read further."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = _ENROL_MAX_BYTES if scope.get("path") == "/v1/enrol" else self.limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send)
            return
        seen = 0
        started = False

        async def limited_receive() -> MutableMapping[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(send)


async def _too_large(send: Send) -> None:
    body = b'{"error":"\\u8bf7\\u6c42\\u8fc7\\u5927","code":"too_large"}'  # 请求过大
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _error(status: int, exc: DomainError | str, code: str = "") -> JSONResponse:
    if isinstance(exc, DomainError):
        body = {"error": str(exc), "code": code or exc.code}
        if isinstance(exc, ValidationError):  # the branch's form shows it under that field
            body["field"] = exc.field
        return JSONResponse(body, status_code=status)
    return JSONResponse({"error": exc, "code": code or exc}, status_code=status)


def _status_of(exc: DomainError) -> int:
    if isinstance(exc, nodes.SyncAuthError):
        return exc.status
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, ConcurrentEdit):
        return 409
    if isinstance(exc, ValidationErrors):
        return 422
    return 400


def _warning(skew: int) -> str:
    if abs(skew) <= SKEW_WARNING_SECONDS:
        return ""
    return f"分支电脑时钟与中心相差约{abs(skew) // 60}分钟，请校准时间（仅影响显示，不影响同步顺序）"


def _node(
    request: Request,
    authorization: Annotated[str, Header()] = "",
    x_gridcounter_incarnation: Annotated[str, Header()] = "",
    x_gridcounter_client_time: Annotated[str, Header()] = "",
) -> nodes.SyncNodeInfo:
    """The authenticated node of a request (401 / 403 otherwise)."""
    scheme, _, token = authorization.partition(" ")
    node_id, sep, secret = token.strip().partition(":")
    if scheme.lower() != "bearer" or not sep or not secret:
        raise nodes.SyncAuthError(401, "缺少节点凭据")
    db: Database = request.app.state.db
    return nodes.authenticate(
        db, node_id, secret, x_gridcounter_incarnation, x_gridcounter_client_time or None
    )


Me = Annotated[nodes.SyncNodeInfo, Depends(_node)]
JsonBody = Annotated[dict[str, Any], Body()]
UserHeader = Annotated[str, Header()]


def create_app(db: Database, *, max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES) -> FastAPI:
    """The service's ASGI app over ``db`` (the central PostgreSQL)."""
    api = FastAPI(title="GridCounter sync", docs_url=None, redoc_url=None, openapi_url=None)
    api.state.db = db

    @api.exception_handler(DomainError)
    async def _domain(_request: Request, exc: DomainError) -> JSONResponse:
        return _error(_status_of(exc), exc)

    @api.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own 422 lists the input back: only the names of the parts, in the house shape
        where = sorted({str(e.get("loc", ("?",))[-1]) for e in exc.errors()})[:5]
        return _error(400, f"请求格式无效（{'、'.join(where) or '参数'}）", "bad_request")

    @api.exception_handler(BadRequest)
    async def _bad(_request: Request, exc: BadRequest) -> JSONResponse:
        return _error(400, f"请求格式无效（{exc.what}）", "bad_request")

    @api.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        reference = log_unexpected(exc, f"sync service {request.method} {request.url.path}")
        return _error(500, f"中心处理出错（日志编号 {reference}）", "internal")

    @api.post("/v1/enrol")
    def enrol_node(body: JsonBody) -> dict[str, Any]:
        result = nodes.enrol(
            db,
            str(body.get("code", "")),
            str(body.get("incarnation", "")),
            str(body.get("client_time") or "") or None,
        )
        return {
            "node_id": str(result.node_id),
            "node_code": result.node_code,
            "secret": result.secret,
            "op_seq": result.op_seq,
            "op_last_hash": result.op_last_hash,
            "server_time": result.server_time,
            "numbers": result.numbers,
        }

    @api.get("/v1/snapshot")
    def get_snapshot(me: Me) -> StreamingResponse:
        # streamed as the centre reads it, so the branch loads while the centre still reads; the
        # header piece is taken here, so a database failure before it is still an error status
        counted: list[int] = []
        started = time.perf_counter()
        pieces = snapshot.iter_snapshot(db, me.node_id, counted)
        first = next(pieces)

        def chunks() -> Iterator[bytes]:
            try:
                yield first
                yield from pieces
                log.info(
                    "snapshot for node %s: %d rows sent in %.1f s",
                    me.node_code,
                    counted[0],
                    time.perf_counter() - started,
                )
            finally:
                pieces.close()

        return StreamingResponse(chunks(), media_type="application/gzip")

    def _envelopes(body: dict[str, Any], me: nodes.SyncNodeInfo, what: str, too_many: str,
                   take: Callable[[Database, uuid.UUID, list[Envelope]], list[Answer]]) -> Any:
        """A push or a carry: the request's envelopes given to ``take``; its answers."""
        raw = body.get("envelopes")
        if not isinstance(raw, list):
            raise BadRequest("envelopes")
        if len(raw) > MAX_ENVELOPES:
            return _error(413, too_many, "too_many")
        try:
            envelopes = [Envelope.from_dict(e) for e in raw]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BadRequest("envelope") from exc
        answers = take(db, me.node_id, envelopes) if envelopes else []
        log.info(
            "%s from node %s: %d envelopes, %s",
            what,
            me.node_code,
            len(envelopes),
            ",".join(sorted({a.outcome for a in answers})) or "none",
        )
        return {
            "answers": [a.to_dict() for a in answers],
            "server_time": _now().isoformat(),
            "open_conflicts": conflicts.open_count(db, me.node_id),
        }

    @api.post("/v1/push")
    def push(body: JsonBody, me: Me) -> Any:
        return _envelopes(body, me, "push", f"一次最多推送{MAX_ENVELOPES}组操作", apply.apply_batch)

    @api.post("/v1/carry")
    def carry_work(body: JsonBody, me: Me) -> Any:
        # a refused PC's unsent work, carried by its new enrolment (docs/sync.md#recovery)
        return _envelopes(body, me, "carry", f"一次最多转交{MAX_ENVELOPES}组操作", carry.carry_envelopes)

    @api.get("/v1/pull")
    def pull(
        me: Me,
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 1000,
    ) -> dict[str, Any]:
        with db.read() as session:
            page = feed.read_feed(session, me.node_id, after, limit)
        page = dataclasses.replace(
            page,
            server_time=page.server_time or _now().isoformat(),
            open_conflicts=conflicts.open_count(db, me.node_id),
        )
        return page.to_dict()

    @api.get("/v1/status")
    def status(me: Me) -> dict[str, Any]:
        return {
            "server_time": _now().isoformat(),
            "node_id": str(me.node_id),
            "node_code": me.node_code,
            "status": me.status,
            "applied_seq": me.applied_seq,
            "clock_skew_seconds": me.clock_skew_seconds,
            "clock_warning": _warning(me.clock_skew_seconds),
            "open_conflicts": conflicts.open_count(db, me.node_id),
        }

    @api.get("/v1/conflicts")
    def list_conflicts(
        me: Me,
        state: Annotated[str, Query(alias="status", pattern="^(open|resolved|all)$")] = "open",
    ) -> dict[str, Any]:
        # the node's own entries: they concern rows the node holds already; deciding needs a
        # supervisor of the node (resolve below)
        views = conflicts.node_conflicts(db, me.node_id, status=None if state == "all" else state)
        return {"conflicts": jsonable_encoder(views)}

    @api.post("/v1/conflicts/{conflict_id}/repoint")
    def repoint_target(conflict_id: uuid.UUID, body: JsonBody, me: Me, x_gridcounter_user: UserHeader = "") -> Any:
        # who the money of the node's own open entry would go to (the supervisor confirms the
        # name): a customer's name and what they owe, so a supervisor of the node must sign in
        # (password in the body, as resolve's; failures count toward the lockout); re-pointing
        # itself is a resolve with choice "repoint"
        conflicts.check_node_entry(db, me.node_id, conflict_id)
        username = str(body.get("username") or x_gridcounter_user or "")
        password = body.get("password")
        if not isinstance(password, str) or not password:
            return _error(400, "请输入值班长密码", "password_required")
        actor = nodes.node_actor(db, me.node_id, username, password)
        try:
            target = conflicts.node_repoint_target(
                db, actor, me.node_id, conflict_id, str(body.get("account_no") or "")
            )
        finally:
            auth.logout(db, actor)
        return {"target": jsonable_encoder(target)}

    @api.post("/v1/conflicts/{conflict_id}/resolve")
    def resolve(conflict_id: uuid.UUID, body: JsonBody, me: Me, x_gridcounter_user: UserHeader = "") -> Any:
        with db.read() as session:
            owner = session.scalar(select(SyncConflict.node_id).where(SyncConflict.id == conflict_id))
        if owner != me.node_id:  # another node's conflict is none of this node's business
            raise NotFound("冲突记录不存在")
        fields = body.get("fields") or ()
        if not isinstance(fields, list | tuple):
            raise BadRequest("fields")
        # the supervisor's own password (body, over the node's authenticated link; never logged)
        username = str(body.get("username") or x_gridcounter_user or "")
        password = body.get("password")
        if not isinstance(password, str) or not password:
            return _error(400, "请输入值班长密码", "password_required")
        actor = nodes.node_actor(db, me.node_id, username, password)
        try:
            try:
                version = int(body.get("version", 0))
            except (TypeError, ValueError) as exc:
                raise BadRequest("version") from exc
            amount = body.get("amount_fen")  # repoint: None = all that is unspent
            if amount is not None and (not isinstance(amount, int) or isinstance(amount, bool)):
                raise BadRequest("amount_fen")
            view = conflicts.resolve_conflict(
                db,
                actor,
                conflict_id,
                str(body.get("choice", "")),
                version,
                tuple(str(f) for f in fields),
                account_no=str(body.get("account_no") or ""),
                amount_fen=amount,
            )
        finally:
            auth.logout(db, actor)
        return {"conflict": jsonable_encoder(view)}

    api.add_middleware(BodyLimit, limit=max_request_bytes)  # type: ignore[arg-type]
    return api


def parse_listen(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8443`` for IPv6) -> (host, port); ValueError in Chinese."""
    host, sep, port = str(text).strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("监听地址应为 主机:端口，如 0.0.0.0:8443")
    return host, int(port)


#: addresses the service may listen on in plain HTTP without saying why: this machine only
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def check_plain_http(host: str, tls: bool, behind_proxy: bool) -> None:
    """Plain HTTP on an address other machines reach would carry node secrets and supervisors'
    passwords in clear: refused (ValueError in Chinese) unless TLS is on or ``behind_proxy``
    (a TLS-terminating proxy in front of it)."""
    if tls or behind_proxy or host.strip("[]").lower() in LOOPBACK_HOSTS:
        return
    raise ValueError(
        "在非本机地址 {host} 上以明文 HTTP 提供同步服务已拒绝：请用 --cert 与 --key 启用 TLS，"
        "或在前面有 TLS 反向代理时加 --behind-proxy".replace("{host}", host)
    )


def prune_loop(db: Database, retention_days: int, stop: threading.Event, every: float = 3600.0) -> None:
    """Drop feed rows older than ``retention_days`` now and then every ``every`` seconds until
    ``stop`` (docs/sync.md#stale-nodes: a branch further behind reloads a snapshot)."""
    while not stop.is_set():
        try:
            with db.write() as session:
                older = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=retention_days)
                pruned = feed.prune_feed(session, older)
            if pruned:
                log.info("sync feed: %d rows older than %d days pruned", pruned, retention_days)
        except Exception as exc:  # never stops the service: tried again next time
            log_unexpected(exc, "pruning the sync feed")
        stop.wait(every)


def serve(
    db: Database,
    listen: str,
    *,
    cert: str | None = None,
    key: str | None = None,
    retention_days: int = 14,
    ready: Callable[[], None] | None = None,
    behind_proxy: bool = False,
    apply_concurrency: int = 0,
    workers: int = 1,
) -> None:
    """Run the service on ``listen`` until stopped (TLS when ``cert`` and ``key`` are given).
    Refuses SQLite (the centre is PostgreSQL) and installs the centre's feed triggers first;
    prunes the feed to ``retention_days`` in the background; applies at most
    ``apply_concurrency`` pushes at once (0: app.sync.apply.default_concurrency) in each of
    ``workers`` processes (uvicorn's supervisor starts them, restarts one that dies and stops them
    on SIGTERM; one process: the interpreter lock lets one push's Python run at a time)."""
    import uvicorn

    from app.sync import triggers

    if db.is_sqlite:
        raise ValueError("同步服务只能运行在中心的 PostgreSQL 数据库上（当前为 SQLite 单机数据库）")
    if bool(cert) != bool(key):
        raise ValueError("TLS 需要同时提供 --cert 和 --key")
    host, port = parse_listen(listen)
    check_plain_http(host, bool(cert), behind_proxy)
    with db.engine.begin() as conn:
        triggers.install_centre_feed(conn)
    apply.set_concurrency(apply_concurrency)
    options: dict[str, Any] = {"host": host, "port": port, "ssl_certfile": cert, "ssl_keyfile": key,
                               "log_config": None, "access_log": False, "server_header": False}
    if workers > 1:
        # each worker opens its own connections from the URL the parent hands down (spawned
        # processes share nothing); the variables stay in this service's own environment
        os.environ[WORKER_DB_ENV] = db.url
        os.environ[WORKER_CONCURRENCY_ENV] = str(apply_concurrency)
        config = uvicorn.Config(f"{__name__}:worker_app", factory=True, workers=workers, **options)
        sock = config.bind_socket()
        sock.listen(config.backlog)  # connections wait in the queue until a worker is up

        def run() -> None:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[sock]).run()
    else:
        run = uvicorn.Server(uvicorn.Config(create_app(db), **options)).run
    log.info(
        "sync service listening on %s:%d (%s, %d process%s)",
        host,
        port,
        "TLS" if cert else ("plain HTTP behind a TLS proxy" if behind_proxy else "plain HTTP, loopback"),
        workers,
        "es" if workers > 1 else "",
    )
    stop = threading.Event()
    pruner = threading.Thread(
        target=prune_loop, args=(db, retention_days, stop), name="sync-feed-prune", daemon=True
    )
    pruner.start()
    if ready is not None:
        ready()
    try:
        run()
    finally:
        stop.set()


#: what ``serve(workers=N)`` hands its worker processes: the database URL, pushes at once
WORKER_DB_ENV = "GRIDCOUNTER_SYNC_WORKER_DB_URL"
WORKER_CONCURRENCY_ENV = "GRIDCOUNTER_SYNC_WORKER_CONCURRENCY"


def worker_app() -> FastAPI:
    """The app of one worker process of ``sync-server --workers N`` (uvicorn's factory, in a
    spawned process): its own connections to the parent's database; its log lines on stderr
    (the service's journal), redacted like the log file."""
    from app.diagnostics import RedactingFormatter

    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    apply.set_concurrency(int(os.environ.get(WORKER_CONCURRENCY_ENV) or 0))
    return create_app(Database(os.environ[WORKER_DB_ENV]))
