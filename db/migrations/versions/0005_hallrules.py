"""hall rules: money and safety rules per node (issue 7 #8)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:45:00

No rows are written: a node without a row uses the defaults (app/domain/hall_rules.py), which are
the old settings.toml defaults; see docs/hall-rules.md for what happens to a PC's old values.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hall_rules',
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('late_fee_residential_rate', sa.String(length=12), nullable=False),
    sa.Column('late_fee_current_year_rate', sa.String(length=12), nullable=False),
    sa.Column('late_fee_earlier_year_rate', sa.String(length=12), nullable=False),
    sa.Column('late_fee_grace_days', sa.Integer(), nullable=False),
    sa.Column('late_fee_minimum', sa.Boolean(), nullable=False),
    sa.Column('late_fee_minimum_fen', sa.BigInteger(), nullable=False),
    sa.Column('late_fee_first', sa.Boolean(), nullable=False),
    sa.Column('bill_due_days', sa.Integer(), nullable=False),
    sa.Column('max_payment_fen', sa.BigInteger(), nullable=False),
    sa.Column('large_change_confirm_fen', sa.BigInteger(), nullable=False),
    sa.Column('max_failed_logins', sa.Integer(), nullable=False),
    sa.Column('lockout_minutes', sa.Integer(), nullable=False),
    sa.Column('allow_self_approval_single_supervisor', sa.Boolean(), nullable=False),
    sa.Column('adjustment_approval_fen', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_hall_rules_node_id_node')),
    sa.PrimaryKeyConstraint('node_id', name=op.f('pk_hall_rules'))
    )


def downgrade() -> None:
    op.drop_table('hall_rules')
