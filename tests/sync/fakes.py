"""TEST-ONLY FAKES of the sync pieces other helpers build in parallel (syncfeed: triggers, outbox,
feed, snapshot; syncapply: apply, conflicts), so the HTTP layer, the client, the CLI and the UI
of synclink can be tested before those land on main.

``install()`` puts a fake in ``sys.modules`` ONLY for a module that does not exist yet; once
the real module is merged it is used and these fakes are dead code. The lead deletes this file
after the merge (and the tests marked ``uses_fakes`` switch to the real pieces; see the
end-to-end tests in tests/sync/test_http.py).
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import json
import sys
import types
import uuid
from typing import Any, BinaryIO

from sqlalchemy import func, select, update

from app.sync.envelope import Answer, Envelope, FeedPage, FeedRow, Outcome

MISSING: list[str] = []


def _missing(name: str) -> bool:
    return importlib.util.find_spec(name) is None


# ---- syncapply --------------------------------------------------------------------------------

def _fake_apply() -> types.ModuleType:
    mod = types.ModuleType("app.sync.apply")
    mod.RECEIVED = {}  # type: ignore[attr-defined]  # (node, op_id) -> Answer
    mod.CALLS = []  # type: ignore[attr-defined]

    def apply_batch(db: Any, node_id: uuid.UUID, envelopes: list[Envelope]) -> list[Answer]:
        mod.CALLS.append((node_id, list(envelopes)))  # type: ignore[attr-defined]
        out = []
        for e in envelopes:
            key = (node_id, e.ops[0].op_id)
            if key in mod.RECEIVED:  # type: ignore[attr-defined]
                out.append(dataclasses.replace(mod.RECEIVED[key], outcome=Outcome.DUPLICATE))  # type: ignore[attr-defined]
                continue
            answer = Answer(e.first_seq, e.last_seq, Outcome.APPLIED)
            mod.RECEIVED[key] = answer  # type: ignore[attr-defined]
            out.append(answer)
        return out

    mod.apply_batch = apply_batch  # type: ignore[attr-defined]
    return mod


@dataclasses.dataclass(frozen=True)
class FakeConflictView:
    id: uuid.UUID
    node_id: uuid.UUID
    kind: str
    tbl: str
    row_key: str
    detail: str
    status: str
    resolution: str
    version: int
    created_at: object = None


def _fake_conflicts() -> types.ModuleType:
    from app.domain.errors import ConcurrentEdit, NotFound
    from app.services.permissions import require
    from db.models import SyncConflict

    mod = types.ModuleType("app.sync.conflicts")

    def _view(c: SyncConflict) -> FakeConflictView:
        return FakeConflictView(c.id, c.node_id, c.kind, c.tbl, c.row_key, c.detail, c.status, c.resolution, c.version,
                                c.created_at)

    def list_conflicts(db: Any, actor: Any, *, status: str | None = "open",
                       node_id: uuid.UUID | None = None) -> list[Any]:
        require(actor, "session.approve")
        with db.read() as s:
            q = select(SyncConflict).order_by(SyncConflict.created_at)
            if status:
                q = q.where(SyncConflict.status == status)
            if node_id is not None:
                q = q.where(SyncConflict.node_id == node_id)
            return [_view(c) for c in s.scalars(q)]

    def node_conflicts(db: Any, node_id: uuid.UUID, *, status: str | None = "open") -> list[Any]:
        with db.read() as s:
            q = select(SyncConflict).where(SyncConflict.node_id == node_id).order_by(SyncConflict.created_at)
            if status:
                q = q.where(SyncConflict.status == status)
            return [_view(c) for c in s.scalars(q)]

    def resolve_conflict(db: Any, actor: Any, conflict_id: uuid.UUID, choice: str, version: int,
                         fields: tuple[str, ...] = ()) -> Any:
        require(actor, "session.approve")
        with db.write() as s:
            c = s.get(SyncConflict, conflict_id)
            if c is None:
                raise NotFound("冲突记录不存在")
            if c.version != version:
                raise ConcurrentEdit("该冲突已被他人处理，请刷新")
            c.status, c.resolution, c.resolved_by = "resolved", choice, actor.username
            s.flush()
            return _view(c)

    def open_count(db: Any, node_id: uuid.UUID | None = None) -> int:
        with db.read() as s:
            q = select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")
            if node_id is not None:
                q = q.where(SyncConflict.node_id == node_id)
            return int(s.scalar(q) or 0)

    mod.list_conflicts = list_conflicts  # type: ignore[attr-defined]
    mod.resolve_conflict = resolve_conflict  # type: ignore[attr-defined]
    mod.node_conflicts = node_conflicts  # type: ignore[attr-defined]
    mod.open_count = open_count  # type: ignore[attr-defined]
    mod.ConflictView = FakeConflictView  # type: ignore[attr-defined]
    return mod


# ---- syncfeed ---------------------------------------------------------------------------------

def _fake_feed() -> types.ModuleType:
    from db.models import SyncState

    mod = types.ModuleType("app.sync.feed")
    mod.ROWS = []  # type: ignore[attr-defined]  # FeedRow, ids ascending; watermark = id + 1
    mod.HORIZON = 0  # type: ignore[attr-defined]
    mod.APPLIED = []  # type: ignore[attr-defined]

    def read_feed(session: Any, node_id: uuid.UUID, after: int, limit: int = 1000) -> FeedPage:
        if after < mod.HORIZON:  # type: ignore[attr-defined]
            return FeedPage((), after, stale=True)
        rows = [r for r in mod.ROWS if r.id >= after]  # type: ignore[attr-defined]
        page = rows[:limit]
        watermark = (page[-1].id + 1) if page else max([after] + [r.id + 1 for r in mod.ROWS])  # type: ignore[attr-defined]
        return FeedPage(tuple(page), watermark, more=len(rows) > limit)

    def apply_page(session: Any, page: FeedPage) -> int:
        mod.APPLIED.extend(page.rows)  # type: ignore[attr-defined]
        session.execute(update(SyncState).where(SyncState.id == 1).values(watermark=page.watermark))
        return len(page.rows)

    mod.read_feed = read_feed  # type: ignore[attr-defined]
    mod.apply_page = apply_page  # type: ignore[attr-defined]
    mod.prune_feed = lambda session, older_than: 0  # type: ignore[attr-defined]
    mod.FeedRow = FeedRow  # type: ignore[attr-defined]
    return mod


def _fake_snapshot() -> types.ModuleType:
    from app.sync import rows as rowcodec
    from db.models import Node, User

    mod = types.ModuleType("app.sync.snapshot")
    mod.WATERMARK = 7  # type: ignore[attr-defined]

    def write_snapshot(db: Any, node_id: uuid.UUID, out: BinaryIO) -> int:
        n = 0
        with db.read() as s, gzip.GzipFile(fileobj=out, mode="wb") as gz:
            gz.write((json.dumps({"watermark": mod.WATERMARK}) + "\n").encode())  # type: ignore[attr-defined]
            for node in s.scalars(select(Node)):
                values = {c.name: getattr(node, c.key) for c in Node.__table__.columns}
                gz.write((json.dumps({"t": "node", "r": rowcodec.encode_row("node", values)}) + "\n").encode())
                n += 1
            for user in s.scalars(select(User).where(User.node_id == node_id)):
                values = {c.name: getattr(user, c.key) for c in User.__table__.columns}
                gz.write((json.dumps({"t": "app_user", "r": rowcodec.encode_row("app_user", values)}) + "\n").encode())
                n += 1
        return n

    def load_snapshot(db: Any, stream: BinaryIO) -> int:
        with gzip.GzipFile(fileobj=stream, mode="rb") as gz, db.write() as s:
            lines = gz.read().decode().splitlines()
            watermark = int(json.loads(lines[0])["watermark"])
            for line in lines[1:]:
                item = json.loads(line)
                rowcodec.upsert_row(s, item["t"], rowcodec.decode_row(item["t"], item["r"]))
        return watermark

    mod.write_snapshot = write_snapshot  # type: ignore[attr-defined]
    mod.load_snapshot = load_snapshot  # type: ignore[attr-defined]
    return mod


def _fake_triggers() -> types.ModuleType:
    mod = types.ModuleType("app.sync.triggers")
    mod.INSTALLED = []  # type: ignore[attr-defined]
    mod.install_branch_capture = lambda conn: mod.INSTALLED.append(("branch", conn.dialect.name))  # type: ignore[attr-defined]
    mod.install_centre_feed = lambda conn: mod.INSTALLED.append(("centre", conn.dialect.name))  # type: ignore[attr-defined]
    return mod


def _fake_outbox() -> types.ModuleType:
    from db.models import SyncState

    mod = types.ModuleType("app.sync.outbox")
    mod.PENDING = []  # type: ignore[attr-defined]  # Envelopes not answered finally, seq order
    mod.ENABLED = []  # type: ignore[attr-defined]

    def pending_envelopes(session: Any, limit: int = 200) -> list[Envelope]:
        pushed = session.scalar(select(SyncState.pushed_seq).where(SyncState.id == 1)) or 0
        return [e for e in mod.PENDING if e.first_seq > pushed][:limit]  # type: ignore[attr-defined]

    def record_answers(session: Any, answers: list[Answer]) -> None:
        done = {a.first_seq for a in answers if a.outcome in Outcome.FINAL}
        mod.PENDING[:] = [e for e in mod.PENDING if e.first_seq not in done]  # type: ignore[attr-defined]
        pushed = session.scalar(select(SyncState.pushed_seq).where(SyncState.id == 1)) or 0
        for a in sorted(answers, key=lambda a: a.first_seq):
            if a.outcome in Outcome.FINAL and a.first_seq == pushed + 1:
                pushed = a.last_seq
        session.execute(update(SyncState).where(SyncState.id == 1).values(pushed_seq=pushed))

    def pending_count(session: Any) -> int:
        return sum(len(e.ops) for e in mod.PENDING)  # type: ignore[attr-defined]

    mod.pending_envelopes = pending_envelopes  # type: ignore[attr-defined]
    mod.record_answers = record_answers  # type: ignore[attr-defined]
    mod.pending_count = pending_count  # type: ignore[attr-defined]
    mod.has_pending_change = lambda session, tbl, row_key: False  # type: ignore[attr-defined]
    mod.enable_group_capture = lambda db: mod.ENABLED.append(db)  # type: ignore[attr-defined]
    return mod


_FAKES = {"app.sync.apply": _fake_apply, "app.sync.conflicts": _fake_conflicts, "app.sync.feed": _fake_feed,
          "app.sync.snapshot": _fake_snapshot, "app.sync.triggers": _fake_triggers, "app.sync.outbox": _fake_outbox}


def install() -> list[str]:
    """Fake every sync piece that is not there yet; the names faked."""
    import app.sync

    for name, build in _FAKES.items():
        if name in sys.modules or not _missing(name):
            continue
        module = build()
        sys.modules[name] = module
        setattr(app.sync, name.rsplit(".", 1)[1], module)
        MISSING.append(name)
    return MISSING


def faked(name: str) -> bool:
    return f"app.sync.{name}" in MISSING


def reset() -> None:
    """Empty the fakes' state between tests."""
    for name in MISSING:
        mod = sys.modules[name]
        for attr in ("RECEIVED", "CALLS", "ROWS", "APPLIED", "INSTALLED", "PENDING", "ENABLED"):
            value = getattr(mod, attr, None)
            if isinstance(value, dict | list):
                value.clear()
        if hasattr(mod, "HORIZON"):
            mod.HORIZON = 0  # type: ignore[attr-defined]


def op_envelope(node_id: uuid.UUID, incarnation: str, seq: int) -> Envelope:
    """A one-op envelope (contents irrelevant to the fakes)."""
    from app.sync.envelope import OpRecord

    op = OpRecord(str(uuid.uuid4()), str(node_id), seq, "PostPayment", "payment", "", "{}", "0" * 64, "clerk1",
                  "2026-12-06T12:00:00+08:00", "", "0" * 64)
    return Envelope(str(node_id), incarnation, (op,), (), "2026-12-06T12:00:00+08:00")
