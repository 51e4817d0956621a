"""audit: log anchors (issue 7 item 10) and the personal-data key (item 12)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 04:40:00
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('log_anchor',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_log_anchor_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_anchor'))
    )
    with op.batch_alter_table('log_anchor', schema=None) as batch_op:
        batch_op.create_index('ix_log_anchor_node_seq', ['node_id', 'seq'], unique=False)
    # The key of the personal-data fingerprints in operation payloads (app/services/audit.py,
    # docs/privacy.md): one per database, random, never printed or synced.
    meta = sa.table('app_meta', sa.column('key', sa.String), sa.column('value', sa.String))
    op.bulk_insert(meta, [{'key': 'pii_hmac_key', 'value': secrets.token_hex(32)}])


def downgrade() -> None:
    op.execute("DELETE FROM app_meta WHERE key = 'pii_hmac_key'")
    with op.batch_alter_table('log_anchor', schema=None) as batch_op:
        batch_op.drop_index('ix_log_anchor_node_seq')
    op.drop_table('log_anchor')
