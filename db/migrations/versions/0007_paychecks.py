"""payment request fingerprint (issue 7 item 3)

The sha256 of the canonical command that created a payment / reversal / refund: a request id
(the idempotency key) reused with other content is refused instead of answered with the first
receipt. NULL on rows written before this revision (compared by customer / kind / original).

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payment') as batch:
        batch.add_column(sa.Column('request_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('payment') as batch:
        batch.drop_column('request_hash')
