"""search: pinyin initials by a rare reading get keys of their own

Revision ID: 0003_search
Revises: 0002
Create Date: 2026-12-06 04:05:00

Initials that use another reading of a heteronym (张信 read zhāng shēn: zs) used to be stored
like the main ones (kind 3), so a search listed them among the common readings. They are now
keys of kind 9 starting with ``OTHER_READING`` (see app/domain/search_keys.py), read after the
main ones. The pinyin keys of every customer are rebuilt from ``customer_keys``, as
register_customer and the demo loader write them.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = '0003_search'
down_revision = '0002'
branch_labels = None
depends_on = None

_PINYIN, _PINYIN_OTHER = 3, 9
_BATCH = 5000


_customer = sa.table("customer", sa.column("id", sa.Uuid()), sa.column("account_no", sa.String()),
                     sa.column("name", sa.String()), sa.column("phone", sa.String()), sa.column("phone2", sa.String()),
                     sa.column("id_number", sa.String()), sa.column("meter_no", sa.String()),
                     sa.column("supply_address", sa.String()))
_key = sa.table("customer_search_key", sa.column("key", sa.String()), sa.column("customer_id", sa.Uuid()),
                sa.column("kind", sa.SmallInteger()))


def _customers(bind: sa.Connection) -> Iterator[list[Any]]:
    """Customers in id order, a batch at a time (keyset paging: no server-side cursor needed)."""
    c = _customer.c
    stmt = sa.select(c.id, c.account_no, c.name, c.phone, c.phone2, c.id_number, c.meter_no,
                     c.supply_address).order_by(c.id).limit(_BATCH)
    after = None
    while True:
        rows = bind.execute(stmt if after is None else stmt.where(c.id > after)).all()
        if not rows:
            return
        yield list(rows)
        after = rows[-1][0]


def upgrade() -> None:
    from app.domain.search_keys import customer_keys  # the same derivation the application writes

    bind = op.get_bind()
    bind.execute(sa.delete(_key).where(_key.c.kind.in_([_PINYIN, _PINYIN_OTHER])))
    for rows in _customers(bind):
        values = []
        for cid, account_no, name, phone, phone2, id_number, meter_no, address in rows:
            keys = customer_keys(account_no=account_no, name=name, phones=[phone, phone2], id_number=id_number,
                                 meter_no=meter_no, address=address)
            values += [{"key": k, "customer_id": cid, "kind": kind} for k, kind in keys.items()
                       if kind in (_PINYIN, _PINYIN_OTHER)]
        if values:
            bind.execute(sa.insert(_key), values)


def downgrade() -> None:
    # Back to one kind: the rare-reading keys lose their marker (unless the same key is there).
    bind = op.get_bind()
    bind.execute(sa.text("INSERT INTO customer_search_key (key, customer_id, kind) "
                         "SELECT substr(key, 2), customer_id, 3 FROM customer_search_key WHERE kind = 9 "
                         "ON CONFLICT DO NOTHING"))
    bind.execute(sa.text("DELETE FROM customer_search_key WHERE kind = 9"))
