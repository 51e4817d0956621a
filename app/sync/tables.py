"""Which tables sync, and how each is merged (docs/sync.md#tables).

One list the triggers, the snapshot, the apply at the centre and the pull at the branch all
read, so a new table is classified once. Order: parents before children (foreign keys).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Merge", "SYNC_TABLES", "TableSpec", "spec", "synced_names"]


class Merge:
    """How the centre applies a branch's change to a row (docs/sync.md#apply-rules)."""

    #: insert-only (journal, bills, steps): inserted if absent; never updated. The same key with
    #: other content is a conflict, never an overwrite.
    INSERT_ONLY = "insert_only"
    #: editable record (customer, user, rules): merged field by field against the branch's
    #: before-image; a field both sides changed is a conflict, the rest applies.
    FIELDS = "fields"
    #: a record with a state machine (application, work order, cashier session, outage): as
    #: FIELDS, but when ``status`` conflicts nothing of the row applies and the whole change
    #: goes to the conflict queue (a half-applied state change means nothing).
    STATE = "state"
    #: centre-owned reference data (tariffs, catalogues, nodes): a branch change is refused
    #: into the conflict queue; the centre's feed is the only source.
    CENTRE = "centre"


@dataclass(frozen=True)
class TableSpec:
    name: str
    merge: str
    #: how the feed finds the node a row belongs to (the branch whose customers it concerns):
    #: None: every branch gets the row; "node_id": the row's own column; "customer": the
    #: row's customer's node (falling back to ``node_id`` when the row has no customer);
    #: "parent:<table>.<fk column>": the scope of the parent row.
    scope: str | None
    #: columns that never travel: derived by the receiving database itself (prepaid balance is
    #: a trigger's sum of payments; node counters are per database)
    local_columns: frozenset[str] = frozenset()
    #: False: pushed to the centre but not fed back to branches (prints, ratings, anchors …)
    fed: bool = True


_S = TableSpec
SYNC_TABLES: tuple[TableSpec, ...] = (
    _S("node", Merge.CENTRE, None, frozenset({"op_seq", "op_last_hash", "account_seq"})),
    _S("tariff_version", Merge.CENTRE, None),
    _S("application_catalogue", Merge.CENTRE, None),
    _S("app_user", Merge.FIELDS, "node_id"),
    _S("hall_rules", Merge.FIELDS, "node_id"),
    _S("workorder_config", Merge.FIELDS, "node_id"),
    _S("customer", Merge.FIELDS, "node_id", frozenset({"prepaid_fen"})),
    _S("outage", Merge.STATE, None),
    _S("outage_scope", Merge.INSERT_ONLY, None),
    _S("meter_reading", Merge.INSERT_ONLY, "customer"),
    _S("bill", Merge.INSERT_ONLY, "customer"),
    _S("cashier_session", Merge.STATE, "node_id"),
    _S("payment", Merge.INSERT_ONLY, "customer"),
    _S("payment_tender", Merge.INSERT_ONLY, "parent:payment.payment_id"),
    _S("payment_allocation", Merge.INSERT_ONLY, "parent:payment.payment_id"),
    _S("application", Merge.STATE, "customer"),
    _S("application_step", Merge.INSERT_ONLY, "parent:application.application_id"),
    _S("application_suspension", Merge.FIELDS, "parent:application.application_id"),
    _S("attachment_blob", Merge.INSERT_ONLY, None, fed=False),
    _S("application_attachment", Merge.INSERT_ONLY, "parent:application.application_id"),
    _S("work_order", Merge.STATE, "customer"),
    _S("work_order_step", Merge.INSERT_ONLY, "parent:work_order.work_order_id"),
    _S("print_record", Merge.INSERT_ONLY, None, fed=False),
    _S("log_anchor", Merge.INSERT_ONLY, "node_id", fed=False),
    _S("service_rating", Merge.INSERT_ONLY, "node_id", fed=False),
    _S("service_visit", Merge.INSERT_ONLY, "node_id", fed=False),
)

#: Never synced as rows: operation_log travels as the envelope's ops; search keys are rebuilt
#: from the customer by the receiving side; counters, sessions, app_meta and the sync tables
#: are the database's own.
LOCAL_TABLES = frozenset({"operation_log", "customer_search_key", "node_counter", "user_session", "app_meta",
                          "sync_node", "sync_received", "sync_held", "sync_feed", "sync_conflict",
                          "sync_state", "sync_group", "sync_change", "sync_seen"})

_BY_NAME = {s.name: s for s in SYNC_TABLES}


def spec(name: str) -> TableSpec:
    """The table's spec; KeyError for a table that does not sync."""
    return _BY_NAME[name]


def synced_names() -> tuple[str, ...]:
    return tuple(s.name for s in SYNC_TABLES)
