"""docs/sync.md#tables: every table is either synced (with a merge class) or local, and the
synced list puts parents before children, so a snapshot or a page can be inserted in order."""

from __future__ import annotations

from app.sync.tables import LOCAL_TABLES, SYNC_TABLES, Merge
from db.models import Base


def test_every_table_is_classified_once():
    synced = {s.name for s in SYNC_TABLES}
    tables = {t.name for t in Base.metadata.sorted_tables}
    assert not synced & LOCAL_TABLES
    assert tables - synced - LOCAL_TABLES == set(), "classify the new table in app/sync/tables.py"
    assert (synced | LOCAL_TABLES) - tables == set()


def test_parents_come_before_children():
    position = {s.name: i for i, s in enumerate(SYNC_TABLES)}
    for table in Base.metadata.sorted_tables:
        if table.name not in position:
            continue
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            if parent in position and parent != table.name:
                assert position[parent] < position[table.name], (table.name, parent)


def test_money_journal_is_insert_only():
    kinds = {s.name: s.merge for s in SYNC_TABLES}
    for name in ("payment", "payment_tender", "payment_allocation", "bill"):
        assert kinds[name] == Merge.INSERT_ONLY
    assert "prepaid_fen" in next(s for s in SYNC_TABLES if s.name == "customer").local_columns
