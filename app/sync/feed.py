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

import datetime as dt
import functools
import json
import logging
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.domain.search_keys import customer_keys
from app.sync import rows
from app.sync.envelope import FeedPage, FeedRow
from app.sync.outbox import has_pending_change
from app.sync.tables import SYNC_TABLES, spec
from db.models import (
    JOURNAL_TABLES,
    AppMeta,
    Customer,
    CustomerSearchKey,
    SyncConflict,
    SyncFeed,
    SyncSeen,
    SyncState,
)

log = logging.getLogger(__name__)

__all__ = [
    "HORIZON_KEY",
    "apply_page",
    "fit_references",
    "outside_references",
    "prune_feed",
    "read_feed",
    "rebuild_search_keys",
]

#: app_meta key: the feed's retention horizon (a transaction id); a watermark below it is stale.
HORIZON_KEY = "sync_feed_horizon"

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
    seen = session.scalar(sa.select(SyncSeen.version).where(
        SyncSeen.tbl == name, SyncSeen.row_key == rows.key_json(name, key)))
    if seen is None:  # never edited here since the centre's last image: the local row is the centre's
        local = rows.read_image(session, name, key)
        seen = local.get("version") if local is not None else None
    return seen is not None and version < int(seen)


def _note_seen(session: Session, name: str, row_key: dict[str, Any], version: int) -> None:
    key = rows.key_json(name, rows.key_of(name, row_key))
    done = session.execute(sa.update(SyncSeen).where(SyncSeen.tbl == name, SyncSeen.row_key == key)
                           .values(version=version))
    if not done.rowcount:  # type: ignore[attr-defined]
        session.execute(sa.insert(SyncSeen).values(tbl=name, row_key=key, version=version))


def apply_page(session: Session, page: FeedPage) -> int:
    """Write a pulled page into the branch (in the caller's transaction) and move
    ``sync_state.watermark`` to the page's; the rows written (not captured as local changes)."""
    session.flush()
    session.execute(sa.text("PRAGMA defer_foreign_keys = ON"))  # a page's order is the centre's commit order
    _set_applying(session, 1)
    applied = 0
    customers: set[uuid.UUID] = set()
    hold: int | None = None
    for row in sorted(page.rows, key=lambda r: r.id):
        if row.tbl not in _ORDER:
            continue
        try:
            with session.begin_nested():  # one row that cannot be stored must not stop the pull
                done = _apply_row(session, row)
        except sa.exc.IntegrityError:
            # The branch holds another row under a unique key of this one (e.g. a work-order
            # step numbered at both ends while the order was in conflict): left out, named in
            # the log by table and key only, so the feed goes on (docs/sync.md#pull-watermark).
            log.warning("sync: pulled %s row %s clashes with a row of this branch; left out",
                        row.tbl, json.dumps(row.row_key, ensure_ascii=False))
            continue
        except _Pending:
            # Left for later — and so is the watermark: the centre may never write this row
            # again (its answer to the branch's change may be "keep the centre's"), so the row
            # is pulled once more after the push (docs/sync.md#pull-watermark).
            hold = row.txid if hold is None else min(hold, row.txid)
            continue
        if done:
            applied += 1
            if row.tbl == "customer" and row.action != "delete":
                customers.add(rows.key_of("customer", row.row_key)["id"])
    rebuild_search_keys(session, customers)
    _set_applying(session, 0)
    watermark = page.watermark if hold is None or not hold else min(page.watermark, hold)
    session.execute(sa.update(SyncState).where(SyncState.id == 1).values(watermark=watermark))
    return applied
