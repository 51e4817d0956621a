"""The centre's change feed and the branch's pull (docs/sync.md#pull-watermark, #stale-nodes).

Centre (PostgreSQL): :func:`read_feed` returns the feed rows of a node's scope whose writing
transaction id lies in ``[after, X)``, X being the oldest transaction still running, read in the
same statement: every transaction below X has ended, so a row committed out of order (a smaller
feed id committed later) is never skipped. :func:`prune_feed` drops old rows and records the
horizon below which a watermark is stale.

Branch (SQLite): :func:`apply_page` writes a page's rows in feed-id order with the capture
triggers off (``sync_state.applying``), never over an unanswered local change of the same row,
never rolling a row back to a lower ``version``, and moves the watermark in the same transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.codes import SessionStatus
from app.domain.search_keys import customer_keys
from app.sync import rows
from app.sync.envelope import FeedPage, FeedRow
from app.sync.outbox import has_pending_change
from app.sync.tables import SYNC_TABLES, spec
from app.sync.triggers import movable
from db.models import (
    JOURNAL_TABLES,
    AppMeta,
    Base,
    CashierSession,
    Customer,
    CustomerSearchKey,
    Payment,
    SyncChange,
    SyncConflict,
    SyncFeed,
    SyncSeen,
    SyncState,
)

log = logging.getLogger(__name__)

__all__ = [
    "ENTER",
    "HORIZON_KEY",
    "LEAVE",
    "apply_page",
    "fit_references",
    "forget_waiting_leaves",
    "outside_references",
    "prune_feed",
    "read_feed",
    "rebuild_search_keys",
]

#: app_meta key: the feed's retention horizon (a transaction id); a watermark below it is stale.
HORIZON_KEY = "sync_feed_horizon"

#: feed actions of a scope move (docs/sync.md#scope-moves): the old node's copy of a row that
#: left its scope is removed ('leave', no image); the new node gets the current image of every
#: row that came with the moved one ('enter', applied like an update)
LEAVE = "leave"
ENTER = "enter"
#: app_meta keys ``leave:<root key hex>`` of a leave the branch waits to apply (its money is in a
#: cashier session still open here); the value: ``{"t": table, "g": the centre's txid}``
_WAITING = "leave:"

_FED = tuple(s.name for s in SYNC_TABLES if s.fed)
_ORDER = {s.name: i for i, s in enumerate(SYNC_TABLES)}

# One statement: the bound X and the rows below it come from the same snapshot. A transaction of
# the reader that has written (it should not have) bounds X too and its own rows are left out.
_READ = sa.text("""
WITH bound AS (
    SELECT LEAST(pg_snapshot_xmin(pg_current_snapshot()),
                 COALESCE(pg_current_xact_id_if_assigned(), pg_snapshot_xmin(pg_current_snapshot())))
           ::text::bigint AS x
)
SELECT bound.x, f.id, f.txid, f.tbl, f.row_key, f.action, f.image
FROM bound LEFT JOIN sync_feed f
  ON f.txid >= :after AND f.txid < bound.x
 AND (f.scope_node IS NULL OR f.scope_node = :node)
 AND f.tbl IN :tables
ORDER BY f.txid, f.id
LIMIT :limit
""").bindparams(sa.bindparam("tables", expanding=True))

_ONE_TX = sa.text("""
SELECT NULL, f.id, f.txid, f.tbl, f.row_key, f.action, f.image FROM sync_feed f
WHERE f.txid = :txid AND (f.scope_node IS NULL OR f.scope_node = :node) AND f.tbl IN :tables
ORDER BY f.id
""").bindparams(sa.bindparam("tables", expanding=True))


def _horizon(session: Session) -> int:
    meta = session.get(AppMeta, HORIZON_KEY)
    return int(meta.value) if meta is not None else 0


def _feed_row(row: Any) -> FeedRow:
    return FeedRow(
        id=int(row.id),
        tbl=row.tbl,
        row_key=json.loads(row.row_key),
        action=row.action,
        image=json.loads(row.image) if row.image is not None else None,
        txid=int(row.txid),
    )


def read_feed(session: Session, node_id: uuid.UUID, after: int, limit: int = 1000) -> FeedPage:
    """The node's feed rows with ``after ≤ txid < X`` (X: the oldest transaction still running),
    in feed-id order. The new watermark is X; a full page ends at a transaction boundary (the
    watermark is then the first transaction left out, and ``more`` is set). ``stale`` when
    ``after`` is below the horizon :func:`prune_feed` recorded."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conflicts = int(
        session.scalar(
            sa.select(sa.func.count())
            .select_from(SyncConflict)
            .where(SyncConflict.node_id == node_id, SyncConflict.status == "open")
        )
        or 0
    )
    if after < _horizon(session):
        return FeedPage((), after, more=False, stale=True, server_time=now, open_conflicts=conflicts)
    params = {"after": after, "node": node_id, "tables": list(_FED)}
    got = session.execute(_READ, {**params, "limit": limit + 1}).all()
    bound = int(got[0][0])
    found = [r for r in got if r.id is not None]
    if len(found) <= limit:
        page, watermark = found, max(after, bound)
    else:
        cut = int(found[limit].txid)  # the first transaction not wholly in the page
        page = [r for r in found[:limit] if int(r.txid) < cut]
        watermark = cut
        if not page:  # one transaction larger than a page: it goes whole
            page = list(session.execute(_ONE_TX, {**params, "txid": cut}).all())
            watermark = cut + 1
    page.sort(key=lambda r: int(r.id))
    return FeedPage(
        tuple(_feed_row(r) for r in page),
        watermark,
        more=watermark < bound,
        stale=False,
        server_time=now,
        open_conflicts=conflicts,
    )


def prune_feed(session: Session, older_than: dt.datetime) -> int:
    """Delete the feed rows of every transaction up to the newest one that wrote a row before
    ``older_than`` (naive UTC); record the horizon (that transaction + 1) in app_meta. Returns
    the rows deleted. A node whose watermark is below the horizon is stale from then on."""
    cut = session.scalar(sa.select(sa.func.max(SyncFeed.txid)).where(SyncFeed.written_at < older_than))
    if cut is None:
        return 0
    result = session.execute(sa.delete(SyncFeed).where(SyncFeed.txid <= cut))
    deleted = cast("sa.CursorResult[Any]", result).rowcount or 0
    horizon = max(_horizon(session), int(cut) + 1)
    meta = session.get(AppMeta, HORIZON_KEY)
    if meta is None:
        session.add(AppMeta(key=HORIZON_KEY, value=str(horizon)))
    else:
        meta.value = str(horizon)
    session.flush()
    return int(deleted)


# ---- branch --------------------------------------------------------------------------------------


def _has_version(name: str) -> bool:
    return "version" in rows.table(name).columns and name != "application_catalogue"


def fit_references(
    session: Session, name: str, values: dict[str, Any], known: Mapping[str, set[Any]] | None = None
) -> dict[str, Any] | None:
    """A row from the centre as the branch can hold it. A branch holds only its scope, so a
    reference may point outside it: a payment of one of its customers taken at another hall
    names that hall's cashier session. Such a nullable reference to a node-scoped row the branch
    lacks becomes NULL; a row whose required reference is to a table never fed (an attachment's
    blob) is not kept at all (None). ``known``: keys already present per table (the snapshot's
    bookkeeping), else the database is asked."""
    for fk in outside_references(name):
        target = fk.column.table.name
        value = values.get(fk.parent.name)
        if value is None:
            continue
        if known is not None and target in known:
            present = value in known[target]
        else:
            present = session.execute(sa.select(sa.literal(1)).where(fk.column == value)).first() is not None
        if present:
            continue
        if not fk.parent.nullable:
            return None
        values = {**values, fk.parent.name: None}
    return values


@functools.cache
def outside_references(name: str) -> tuple[sa.ForeignKey, ...]:
    """The table's foreign keys that may point outside a branch's scope: to a table never fed,
    or from a row scoped by its customer to a row scoped by its node (a cashier session)."""
    own = spec(name)
    found = []
    for fk in rows.table(name).foreign_keys:
        target = fk.column.table.name
        if target == name or target not in _ORDER:
            continue
        tspec = spec(target)
        if not tspec.fed or (tspec.scope == "node_id" and own.scope != "node_id"):
            found.append(fk)
    return tuple(found)


def rebuild_search_keys(session: Session, customer_ids: Iterable[uuid.UUID]) -> None:
    """Replace the search keys of these customers with those of their current rows (the same
    keys a registration writes: app.domain.search_keys.customer_keys)."""
    ids = list(customer_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        session.execute(sa.delete(CustomerSearchKey).where(CustomerSearchKey.customer_id.in_(chunk)))
        found = session.execute(
            sa.select(
                Customer.id,
                Customer.account_no,
                Customer.name,
                Customer.phone,
                Customer.phone2,
                Customer.id_number,
                Customer.meter_no,
                Customer.supply_address,
            ).where(Customer.id.in_(chunk))
        ).all()
        values = [
            {"key": key, "customer_id": c.id, "kind": kind}
            for c in found
            for key, kind in customer_keys(
                account_no=c.account_no,
                name=c.name,
                phones=[c.phone, c.phone2],
                id_number=c.id_number,
                meter_no=c.meter_no,
                address=c.supply_address,
            ).items()
        ]
        if values:
            session.execute(sa.insert(CustomerSearchKey), values)


def _set_applying(session: Session, value: int) -> None:
    session.execute(sa.update(SyncState).where(SyncState.id == 1).values(applying=value))


def _apply_row(session: Session, row: FeedRow) -> bool:
    """One feed row on the branch; False when it was left alone."""
    name = row.tbl
    key = rows.key_of(name, row.row_key)
    if has_pending_change(session, name, rows.key_json(name, key)):
        raise _Pending  # the branch's own change goes up first; this row is pulled again after
    local = rows.read_image(session, name, key)
    by_feed_id = name in _BY_FEED_ID
    if by_feed_id and _older_than_seen_feed(session, name, row):
        return False  # an older image than one applied here (two transactions across a page cut)
    if row.action == "delete":
        if by_feed_id:
            _note_seen(session, name, row.row_key, row.id)  # an older image must not bring it back
        if local is None or name in JOURNAL_TABLES:
            return False
        if name == "customer":
            session.execute(sa.delete(CustomerSearchKey).where(CustomerSearchKey.customer_id == key["id"]))
        return rows.delete_row(session, name, key) > 0
    if row.image is None:
        return False
    values = rows.decode_row(name, row.image)
    if local is not None:
        if name == "payment":
            return _take_centre_receipt_no(session, key, local, values)
        if name in JOURNAL_TABLES:
            return False  # insert-only: the copy is already here, and may not be edited
        if _has_version(name) and _older_than_seen(session, name, row.row_key, int(values.get("version", 0))):
            return False  # an older image of the centre's (two transactions across a page cut)
    fitted = fit_references(session, name, values)
    if fitted is None:
        return False
    if local is None:
        rows.insert_row(session, name, fitted)
    else:
        rows.update_row(session, name, key, fitted)
    if _has_version(name):
        _note_seen(session, name, row.row_key, int(values.get("version", 0)))
    elif by_feed_id:
        _note_seen(session, name, row.row_key, row.id)
    return True


class _Pending(Exception):
    """The branch has an unanswered change of the row."""


#: Fed tables without a ``version`` whose copy the pull may replace or delete (journal rows are
#: never touched): their images are ordered by the centre's feed id, which for one row is the
#: order its writers committed in (docs/sync.md#pull-watermark). ``sync_seen.version`` holds the
#: feed id of the newest image applied (these tables have no version of their own to keep there).
_BY_FEED_ID = frozenset(s.name for s in SYNC_TABLES
                        if s.fed and s.name not in JOURNAL_TABLES and "version" not in rows.table(s.name).columns)


def _older_than_seen_feed(session: Session, name: str, row: FeedRow) -> bool:
    """Is this feed row older (a smaller feed id) than the image of the row last applied here?
    Pages come in transaction-id order, and a transaction that took its id first may write a
    row after one with a larger id has: across a page cut the newer image comes first."""
    key = rows.key_json(name, rows.key_of(name, row.row_key))
    seen = session.scalar(sa.select(SyncSeen.version).where(SyncSeen.tbl == name, SyncSeen.row_key == key))
    return seen is not None and row.id < int(seen)


# ---- the centre's receipt number (docs/sync.md#apply-rules, a ``receipt`` entry) ----------------

#: the payment's append-only guard on a branch (migration 0004_guards)
_PAYMENT_GUARD = "trg_payment_no_update"
_RECEIPT_ONLY = "trg_payment_centre_receipt_no"


def _receipt_only_guard() -> str:
    """While the pull takes the centre's receipt number, the payment's guard lets exactly that
    through: the pull writing (``sync_state.applying``), every other column unchanged, the new
    number the old one with the centre's ``-C<n>``."""
    same = " AND ".join(f'OLD."{c.name}" IS NEW."{c.name}"' for c in rows.table("payment").columns
                        if c.name != "receipt_no")
    allowed = (f"(SELECT applying FROM sync_state WHERE id = 1) IS 1 AND {same} AND OLD.receipt_no IS NOT NULL "
               "AND substr(NEW.receipt_no, 1, length(OLD.receipt_no) + 2) = OLD.receipt_no || '-C' "
               "AND length(NEW.receipt_no) > length(OLD.receipt_no) + 2 "
               "AND substr(NEW.receipt_no, length(OLD.receipt_no) + 3) NOT GLOB '*[^0-9]*'")
    return (f"CREATE TRIGGER {_RECEIPT_ONLY} BEFORE UPDATE ON payment WHEN NOT ({allowed}) BEGIN "
            "SELECT RAISE(ABORT, 'payment is append-only: only the centre''s receipt number may be taken "
            "(账务记录只能追加，只可改用中心重编的凭证号)'); END")


def _take_centre_receipt_no(session: Session, key: dict[str, Any], local: dict[str, Any],
                            values: dict[str, Any]) -> bool:
    """The centre's image of a payment this branch holds. Payments are insert-only here too; the
    one correction the pull applies is the centre's receipt number: the centre stored the
    branch's payment as ``<number>-C<n>`` because it held the number for another payment, and the
    branch's copy (its reprints, its lists) must show the number the centre's books have. Only
    ``receipt_no`` changes, only to ``<the local number>-C<n>``, only when every other column of
    the image equals the local row (an image that would change an amount is ignored), under a
    guard that refuses anything else; the change is logged as the centre's renumbering."""
    old, new = local.get("receipt_no"), values.get("receipt_no")
    if not old or not isinstance(new, str) or new == old:
        return False
    suffix = new[len(old):]
    if not new.startswith(old) or not suffix.startswith("-C") or not (suffix[2:].isascii() and suffix[2:].isdigit()):
        return False
    fitted = fit_references(session, "payment", values)
    if fitted is None or any(fitted.get(c) != v for c, v in local.items() if c != "receipt_no"):
        log.warning("sync: pulled payment %s differs from this branch's copy beyond its receipt number; left alone",
                    key.get("id"))
        return False
    conn = session.connection()
    guard = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                         {"n": _PAYMENT_GUARD}).scalar()
    if guard is not None:
        conn.execute(sa.text(f'DROP TRIGGER "{_PAYMENT_GUARD}"'))
    conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {_RECEIPT_ONLY}"))
    conn.execute(sa.text(_receipt_only_guard()))
    try:
        table = rows.table("payment")
        done = conn.execute(sa.update(table).where(table.c.id == key["id"], table.c.receipt_no == old)
                            .values(receipt_no=new)).rowcount
    finally:
        conn.execute(sa.text(f"DROP TRIGGER IF EXISTS {_RECEIPT_ONLY}"))
        if guard is not None:
            conn.execute(sa.text(guard))
    if done:
        log.warning("sync: the centre stored receipt %s as %s (the number was taken there): this branch's copy "
                    "now shows %s", old, new, new)
    return bool(done)


def _older_than_seen(session: Session, name: str, row_key: dict[str, Any], version: int) -> bool:
    """Is this image older than one of the centre's already applied here? The centre's versions
    are compared with each other only: the branch's own edits move the local ``version`` on
    their own count, so comparing with the local row would ignore the centre's answer to them.
    ``sync_seen`` holds the centre's version of a row the branch edited (the version its first
    unanswered edit started from, noted when the centre answered, app/sync/outbox.py) or pulled."""
    key = rows.key_of(name, row_key)
    seen = session.scalar(
        sa.select(SyncSeen.version).where(SyncSeen.tbl == name, SyncSeen.row_key == rows.key_json(name, key))
    )
    if seen is None:  # never edited here since the centre's last image: the local row is the centre's
        local = rows.read_image(session, name, key)
        seen = local.get("version") if local is not None else None
    return seen is not None and version < int(seen)


def _note_seen(session: Session, name: str, row_key: dict[str, Any], version: int) -> None:
    key = rows.key_json(name, rows.key_of(name, row_key))
    done = session.execute(
        sa.update(SyncSeen).where(SyncSeen.tbl == name, SyncSeen.row_key == key).values(version=version)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        session.execute(sa.insert(SyncSeen).values(tbl=name, row_key=key, version=version))


def apply_page(session: Session, page: FeedPage) -> int:
    """Write a pulled page into the branch (in the caller's transaction) and move
    ``sync_state.watermark`` to the page's; the rows written (not captured as local changes).
    A scope move's leaves (docs/sync.md#scope-moves) are applied per centre transaction, all
    or nothing: held with the watermark while a row they would remove has an unanswered local
    change, kept waiting here while its money is in a cashier session still open."""
    session.flush()
    session.execute(sa.text("PRAGMA defer_foreign_keys = ON"))  # a page's order is the centre's commit order
    _set_applying(session, 1)
    applied = 0
    customers: set[uuid.UUID] = set()
    hold: int | None = None
    moves = _Moves(session)
    leaves: dict[int, list[FeedRow]] = defaultdict(list)
    for row in page.rows:
        if row.action == LEAVE and row.tbl in _ORDER:
            leaves[row.txid].append(row)
    entering = any(r.action == ENTER and r.tbl == "payment" for r in page.rows)
    with _prepaid_trigger_lifted(session) if entering else contextlib.nullcontext():
        for row in sorted(page.rows, key=lambda r: r.id):
            if row.tbl not in _ORDER:
                continue
            if row.action == LEAVE:
                if row.txid not in moves.decided:
                    group = leaves[row.txid]
                    outcome = moves.leave(group, row.txid)
                    if outcome == _HOLD:
                        hold = row.txid if hold is None else min(hold, row.txid)
                    applied += moves.removed_now
                continue
            try:
                with session.begin_nested():  # one row that cannot be stored must not stop the pull
                    done = _apply_row(session, row)
            except sa.exc.IntegrityError:
                # The branch holds another row under a unique key of this one (e.g. a work-order
                # step numbered at both ends while the order was in conflict): left out, named in
                # the log by table and key only, so the feed goes on (docs/sync.md#pull-watermark).
                log.warning(
                    "sync: pulled %s row %s clashes with a row of this branch; left out",
                    row.tbl,
                    json.dumps(row.row_key, ensure_ascii=False),
                )
                continue
            except _Pending:
                # Left for later — and so is the watermark: the centre may never write this row
                # again (its answer to the branch's change may be "keep the centre's"), so the row
                # is pulled once more after the push (docs/sync.md#pull-watermark).
                hold = row.txid if hold is None else min(hold, row.txid)
                continue
            moves.arrived(row)
            if done:
                applied += 1
                if row.tbl == "customer":
                    customers.add(rows.key_of("customer", row.row_key)["id"])
                elif row.tbl == "payment" and row.image is not None and entering:
                    moves.prepaid.add(rows.decode_row("payment", row.image)["customer_id"])
        applied += moves.retry_waiting()
        moves.finish()
    rebuild_search_keys(session, customers - moves.gone)
    _set_applying(session, 0)
    watermark = page.watermark if hold is None or not hold else min(page.watermark, hold)
    session.execute(sa.update(SyncState).where(SyncState.id == 1).values(watermark=watermark))
    return applied


# ---- the branch: scope moves (docs/sync.md#scope-moves) -------------------------------------------

_HOLD, _WAIT, _DONE = "hold", "wait", "done"
#: rows that belong to a branch only through their customer: removed with it
_DEPENDENT = frozenset(s.name for s in SYNC_TABLES if movable(s))
_CHUNK = 500


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _pk(name: str) -> sa.Column[Any] | None:
    cols = list(rows.table(name).primary_key.columns)
    return cols[0] if len(cols) == 1 else None


def forget_waiting_leaves(session: Session) -> None:
    """Drop the leaves waiting on this branch (a reload replaces the copy with the centre's
    scope as it is now: a customer moved back meanwhile must not be removed afterwards)."""
    session.execute(sa.delete(AppMeta).where(AppMeta.key.like(_WAITING + "%")))


@functools.cache
def _referrers(name: str) -> tuple[sa.ForeignKey, ...]:
    """Every foreign key of any table of the database (local ones too) that points at ``name``."""
    return tuple(
        fk for t in Base.metadata.tables.values() for fk in t.foreign_keys if fk.column.table.name == name
    )


@dataclass
class _Closure:
    """What a leave removes from the branch: the rows (by table, primary-key values), and the
    nullable references from rows that stay (a visit the hall recorded for the customer) set to
    NULL — as a pull keeps a reference to a row outside the scope (:func:`fit_references`)."""

    remove: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))
    nullify: dict[tuple[str, str], set[Any]] = field(default_factory=lambda: defaultdict(set))
    kept: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))  # rows nullified

    def add(self, session: Session, name: str, values: set[Any]) -> None:
        """``values`` (primary keys of ``name``) and every row under them."""
        queue = [(name, values - self.remove[name])]
        self.remove[name] |= values
        while queue:
            parent, vals = queue.pop()
            if not vals:
                continue
            for fk in _referrers(parent):
                child = fk.parent.table
                if fk.column.primary_key:
                    targets = set(vals)
                else:
                    pkc = _pk(parent)
                    assert pkc is not None
                    targets = {
                        v
                        for part in _chunks(vals)
                        for v in session.scalars(sa.select(fk.column).where(pkc.in_(part)))
                    }
                cpk = _pk(child.name) if child.name in _ORDER else None
                if cpk is None:  # search keys: only the customer's own rows point at it
                    self.nullify[(child.name, "")] |= targets
                    continue
                found = {
                    v
                    for part in _chunks(targets)
                    for v in session.scalars(sa.select(cpk).where(fk.parent.in_(part)))
                }
                if not found:
                    continue
                if child.name in _DEPENDENT or not fk.parent.nullable:
                    new = found - self.remove[child.name]
                    self.remove[child.name] |= new
                    queue.append((child.name, new))
                else:
                    self.nullify[(child.name, fk.parent.name)] |= targets
                    self.kept[child.name] |= found

    def synced_keys(self) -> dict[str, list[str]]:
        """Key texts of the synced rows it removes or changes (the pending-change check)."""
        out: dict[str, list[str]] = defaultdict(list)
        for part in (self.remove, self.kept):
            for name, vals in part.items():
                pkc = _pk(name)
                if name in _ORDER and pkc is not None:
                    out[name] += [rows.key_json(name, {pkc.name: v}) for v in vals]
        return out


class _Moves:
    """The leaves of one page (and those waiting from earlier pages) on a branch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.decided: dict[int, str] = {}
        self.removed_now = 0
        self.prepaid: set[uuid.UUID] = set()  # customers whose payments changed: balances summed
        self.gone: set[uuid.UUID] = set()  # customers removed
        self._guards: list[tuple[str, str]] | None = None
        self._waiting_keys: set[str] | None = None  # app_meta keys of waiting leaves, read once

    # -- deciding ---------------------------------------------------------------------------------
    def _closure(self, group: list[tuple[str, dict[str, Any]]]) -> tuple[_Closure, list[tuple[str, Any]]]:
        """The union closure of the group's rows present here, and its roots (the rows not under
        another row of the group), parents first."""
        closure = _Closure()
        roots: list[tuple[str, Any]] = []
        for name, key in sorted(group, key=lambda g: _ORDER[g[0]]):
            pkc = _pk(name)
            if pkc is None:
                continue
            value = key[pkc.name]
            if value in closure.remove.get(name, ()):
                continue
            if self.session.execute(sa.select(sa.literal(1)).where(pkc == value)).first() is None:
                continue  # never here (or gone already)
            roots.append((name, value))
            closure.add(self.session, name, {value})
        return closure, roots

    def _blocked(self, closure: _Closure) -> str | None:
        """_HOLD: a row it would touch has an unanswered local change (pushed first); _WAIT: a
        payment it would remove is in a cashier session still open here (the drawer's close
        sums them); None: free to apply."""
        for name, keys in closure.synced_keys().items():
            for part in _chunks(keys):
                if (
                    self.session.scalar(
                        sa.select(sa.literal(1))
                        .where(SyncChange.tbl == name, SyncChange.row_key.in_(part))
                        .limit(1)
                    )
                    is not None
                ):
                    return _HOLD
        for part in _chunks(closure.remove.get("payment", ())):
            if (
                self.session.scalar(
                    sa.select(sa.literal(1))
                    .select_from(Payment)
                    .join(CashierSession, CashierSession.id == Payment.session_id)
                    .where(Payment.id.in_(part), CashierSession.status == SessionStatus.OPEN)
                    .limit(1)
                )
                is not None
            ):
                return _WAIT
        return None

    def leave(self, group: list[FeedRow], txid: int) -> str:
        """A centre transaction's leaves for this branch: applied, held or kept waiting."""
        self.removed_now = 0
        closure, roots = self._closure([(r.tbl, rows.key_of(r.tbl, r.row_key)) for r in group])
        blocked = self._blocked(closure)
        if blocked == _HOLD:
            outcome = _HOLD
        elif blocked == _WAIT:
            self._wait(roots, txid)
            outcome = _WAIT
        else:
            self.removed_now = self._remove(closure)
            outcome = _DONE
        self.decided[txid] = outcome
        return outcome

    # -- waiting leaves -----------------------------------------------------------------------------
    def _wait(self, roots: list[tuple[str, Any]], txid: int) -> None:
        for name, value in roots:
            key = _WAITING + uuid.UUID(str(value)).hex
            meta = self.session.get(AppMeta, key)
            text = json.dumps({"t": name, "g": txid})
            if meta is None:
                self.session.add(AppMeta(key=key, value=text))
            else:
                meta.value = text
            if self._waiting_keys is not None:
                self._waiting_keys.add(key)
        self.session.flush()

    def _waiting(self) -> dict[int, list[tuple[str, str, uuid.UUID]]]:
        groups: dict[int, list[tuple[str, str, uuid.UUID]]] = defaultdict(list)
        for meta in self.session.scalars(sa.select(AppMeta).where(AppMeta.key.like(_WAITING + "%"))):
            item = json.loads(meta.value)
            groups[int(item["g"])].append((meta.key, item["t"], uuid.UUID(hex=meta.key[len(_WAITING) :])))
        return groups

    def arrived(self, row: FeedRow) -> None:
        """A row of the centre's written here: a waiting leave of it is void (the row came back
        into this branch's scope: a move back), and so is the rest of its group."""
        if row.tbl not in _DEPENDENT:
            return
        pkc = _pk(row.tbl)
        if pkc is None:
            return
        if self._waiting_keys is None:
            self._waiting_keys = set(
                self.session.scalars(sa.select(AppMeta.key).where(AppMeta.key.like(_WAITING + "%")))
            )
        key = _WAITING + uuid.UUID(str(rows.key_of(row.tbl, row.row_key)[pkc.name])).hex
        if key not in self._waiting_keys:
            return
        meta = self.session.get(AppMeta, key)
        if meta is None:
            return
        group = json.loads(meta.value)["g"]
        for member, _name, _value in self._waiting().get(int(group), []):
            self.session.execute(sa.delete(AppMeta).where(AppMeta.key == member))
            self._waiting_keys.discard(member)

    def retry_waiting(self) -> int:
        """Apply the waiting leaves whose sessions have closed meanwhile; rows removed."""
        removed = 0
        for _txid, members in sorted(self._waiting().items()):
            group = [(name, {"id": value}) for _key, name, value in members]
            closure, roots = self._closure(group)
            if self._blocked(closure) is None:
                removed += self._remove(closure)
            elif roots:
                continue  # still waiting (its rows are here); otherwise nothing is left to remove
            for key, _name, _value in members:
                self.session.execute(sa.delete(AppMeta).where(AppMeta.key == key))
        return removed

    # -- removing -----------------------------------------------------------------------------------
    def _lift_guards(self, tables: Iterable[str]) -> None:
        """The append-only guards of these synced journal tables dropped until :meth:`finish`
        (SQLite DDL is part of the transaction; never the operation log's)."""
        if self._guards is None:
            self._guards = []
        conn = self.session.connection()
        lifted = {name for name, _sql in self._guards}
        for table in tables:
            if table not in JOURNAL_TABLES or table == "operation_log":
                continue
            for action in ("update", "delete"):
                name = f"trg_{table}_no_{action}"
                if name in lifted:
                    continue
                sql = conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
                ).scalar()
                if sql is not None:
                    conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
                    self._guards.append((name, sql))

    def _remove(self, closure: _Closure) -> int:
        """Delete the closure's rows, children first, and clear the references kept rows hold."""
        session = self.session
        self._lift_guards([*closure.remove, *(t for t, _c in closure.nullify)])
        for (name, column), targets in closure.nullify.items():
            tbl = rows.table(name)
            for part in _chunks(targets):
                if column:
                    session.execute(
                        sa.update(tbl).where(tbl.c[column].in_(part)).values(_untouched(tbl, {column: None}))
                    )
                else:  # a local table without a single key (search keys): its rows go
                    for fk in tbl.foreign_keys:
                        session.execute(sa.delete(tbl).where(fk.parent.in_(part)))
        pays = closure.remove.get("payment", set())
        for part in _chunks(pays):
            self.prepaid |= set(session.scalars(sa.select(Payment.customer_id).where(Payment.id.in_(part))))
        blobs: set[Any] = set()
        attached = closure.remove.get("application_attachment", set())
        if attached:
            att = rows.table("application_attachment")
            for part in _chunks(attached):
                blobs |= set(session.scalars(sa.select(att.c.sha256).where(att.c.id.in_(part))))
        removed = 0
        for s in reversed(SYNC_TABLES):
            vals = closure.remove.get(s.name)
            pkc = _pk(s.name)
            if not vals or pkc is None:
                continue
            for part in _chunks(vals):
                result = session.execute(sa.delete(rows.table(s.name)).where(pkc.in_(part)))
                removed += cast("sa.CursorResult[Any]", result).rowcount or 0
                keys = [rows.key_json(s.name, {pkc.name: v}) for v in part]
                session.execute(sa.delete(SyncSeen).where(SyncSeen.tbl == s.name, SyncSeen.row_key.in_(keys)))
        if blobs:  # the scans of an application that left: not kept where nothing shows them
            self._lift_guards(["attachment_blob"])
            att, blob = rows.table("application_attachment"), rows.table("attachment_blob")
            for part in _chunks(blobs):
                session.execute(
                    sa.delete(blob).where(
                        blob.c.sha256.in_(part), ~sa.exists().where(att.c.sha256 == blob.c.sha256)
                    )
                )
        self.gone |= set(closure.remove.get("customer", set()))
        return removed

    def finish(self) -> None:
        """Guards back; the prepaid balances of the customers whose payments came or went
        summed again from the payments held here (what the payment trigger keeps)."""
        conn = self.session.connection()
        for _name, sql in self._guards or []:
            conn.exec_driver_sql(sql)
        self._guards = None
        customer = rows.table("customer")
        payment = rows.table("payment")
        for part in _chunks(self.prepaid - self.gone):
            total = (
                sa.select(sa.func.coalesce(sa.func.sum(payment.c.prepaid_fen), 0))
                .where(payment.c.customer_id == customer.c.id)
                .scalar_subquery()
            )
            self.session.execute(
                sa.update(customer)
                .where(customer.c.id.in_(part))
                .values(_untouched(customer, {"prepaid_fen": total}))
            )


def _untouched(tbl: sa.Table, values: dict[str, Any]) -> dict[str, Any]:
    """UPDATE values that leave ``updated_at`` as it is (its ``onupdate`` would stamp the row:
    the copy would no longer be the centre's)."""
    return {**values, "updated_at": tbl.c.updated_at} if "updated_at" in tbl.c else values


@contextlib.contextmanager
def _prepaid_trigger_lifted(session: Session) -> Iterator[None]:
    """The trigger adding each inserted payment's prepaid change to its customer, dropped for a
    page that brings a moved customer's payments: they come in key order, not in the order they
    were taken, and could pass through a negative balance the CHECK refuses; the balances are
    summed at the end instead (:meth:`_Moves.finish`, as the snapshot's load does)."""
    conn = session.connection()
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'trg_payment_prepaid'"
    ).scalar()
    if sql is not None:
        conn.exec_driver_sql('DROP TRIGGER "trg_payment_prepaid"')
    try:
        yield
    finally:
        if sql is not None:
            conn.exec_driver_sql(sql)
