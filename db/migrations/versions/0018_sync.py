"""offline branches and sync (issue 11, docs/sync.md)

Centre: sync_node (registered branches, credentials as hashes, incarnation, applied seq),
sync_received (the answer given per pushed envelope), sync_held (envelopes waiting for a gap),
sync_feed (the change feed, written by triggers), sync_conflict (the supervisor's queue).
Branch: sync_state (one row), sync_group / sync_change (the outbox: row images per local
transaction). The triggers are not created here: app/sync/triggers.py installs them where the
database plays that part (a standalone database never gets them).

Revision ID: 0018
Revises: 0017_wo_config
Create Date: 2026-12-06 12:06:09
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0018'
down_revision = '0017_wo_config'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_change',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('tbl', sa.String(length=40), nullable=False),
    sa.Column('row_key', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('group_seq', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_change'))
    )
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.create_index('ix_sync_change_group', ['group_seq'], unique=False)
        batch_op.create_index('ix_sync_change_row', ['tbl', 'row_key'], unique=False)

    op.create_table('sync_feed',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('txid', sa.BigInteger(), nullable=False),
    sa.Column('tbl', sa.String(length=40), nullable=False),
    sa.Column('row_key', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('image', sa.Text(), nullable=True),
    sa.Column('scope_node', sa.Uuid(), nullable=True),
    sa.Column('origin_node', sa.Uuid(), nullable=True),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_feed'))
    )
    op.create_table('sync_group',
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('first_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('last_seq', name=op.f('pk_sync_group'))
    )
    op.create_table('sync_conflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('op_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('tbl', sa.String(length=40), nullable=False),
    sa.Column('row_key', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolution', sa.String(length=20), nullable=False),
    sa.Column('resolved_by', sa.String(length=32), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_sync_conflict_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index('ix_sync_conflict_status', ['status', 'created_at'], unique=False)

    op.create_table('sync_held',
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('first_seq', sa.BigInteger(), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('envelope', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_sync_held_node_id_node')),
    sa.PrimaryKeyConstraint('node_id', 'first_seq', name=op.f('pk_sync_held'))
    )
    op.create_table('sync_node',
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('enrol_code_hash', sa.String(length=64), nullable=False),
    sa.Column('enrol_expires_at', sa.DateTime(), nullable=True),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('incarnation', sa.String(length=36), nullable=False),
    sa.Column('applied_seq', sa.BigInteger(), nullable=False),
    sa.Column('blocked_reason', sa.String(length=300), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(), nullable=True),
    sa.Column('last_seen_at', sa.DateTime(), nullable=True),
    sa.Column('clock_skew_seconds', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_sync_node_node_id_node')),
    sa.PrimaryKeyConstraint('node_id', name=op.f('pk_sync_node'))
    )
    op.create_table('sync_received',
    sa.Column('op_id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_sync_received_node_id_node')),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_sync_received')),
    sa.UniqueConstraint('node_id', 'seq', name=op.f('uq_sync_received_node_id_seq'))
    )
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('server_url', sa.String(length=200), nullable=False),
    sa.Column('incarnation', sa.String(length=36), nullable=False),
    sa.Column('pushed_seq', sa.BigInteger(), nullable=False),
    sa.Column('watermark', sa.BigInteger(), nullable=False),
    sa.Column('last_sync_at', sa.DateTime(), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=False),
    sa.Column('open_conflicts', sa.Integer(), nullable=False),
    sa.Column('clock_skew_seconds', sa.Integer(), nullable=False),
    sa.Column('applying', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_sync_state_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_state'))
    )


def downgrade() -> None:
    op.drop_table('sync_state')
    op.drop_table('sync_received')
    op.drop_table('sync_node')
    op.drop_table('sync_held')
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_conflict_status')

    op.drop_table('sync_conflict')
    op.drop_table('sync_group')
    op.drop_table('sync_feed')
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_change_row')
        batch_op.drop_index('ix_sync_change_group')

    op.drop_table('sync_change')
