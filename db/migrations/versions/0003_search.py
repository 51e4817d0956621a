"""search: pinyin initials by a rare reading get keys of their own

Revision ID: 0003_search
Revises: 0002
Create Date: 2026-12-06 04:05:00

Initials that use another reading of a heteronym (张信 read zhāng shēn: zs) used to be stored
like the main ones (kind 3), so a search listed them among the common readings. They are now
keys of kind 9 starting with ``OTHER_READING`` (see app/domain/search_keys.py), read after the
main ones. Telling the main variant from the others takes pypinyin, which db/ may not import:
this migration leaves a note in app_meta (``search_keys_rebuild``), and the application rebuilds
every customer's pinyin keys when it next opens the database
(app.services.search.rebuild_pending_keys, called by open_database), in one transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_search"
down_revision = "0002"
branch_labels = None
depends_on = None

REBUILD_KEY = "search_keys_rebuild"


def upgrade() -> None:
    # Only a database with customers has keys to rebuild.
    op.get_bind().execute(
        sa.text(
            "INSERT INTO app_meta (key, value) SELECT :key, 'pinyin' WHERE EXISTS (SELECT 1 FROM customer)"
        ),
        {"key": REBUILD_KEY},
    )


def downgrade() -> None:
    # Back to one kind: the rare-reading keys lose their marker (unless the same key is there).
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "INSERT INTO customer_search_key (key, customer_id, kind) "
            "SELECT substr(key, 2), customer_id, 3 FROM customer_search_key WHERE kind = 9 "
            "ON CONFLICT DO NOTHING"
        )
    )
    bind.execute(sa.text("DELETE FROM customer_search_key WHERE kind = 9"))
    bind.execute(sa.text("DELETE FROM app_meta WHERE key = :key"), {"key": REBUILD_KEY})
