"""work orders: each hall's deadline figures and category tree (issue 10 items 1–2)

``workorder_config``: one row per node holding the work-order deadline figures
(app/domain/workorders/rules.py) and the category tree (app/domain/workorders/categories.py),
both JSON text; NULL means the defaults / the shipped tree. No rows are written: a node without a
row behaves as before this migration. The counters' role gets its grants from ``init-db``
(db/roles.py grants every model table).

Revision ID: 0017_wo_config
Revises: 0016
Create Date: 2026-12-06 12:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017_wo_config'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workorder_config',
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('rules', sa.Text(), nullable=True),
    sa.Column('categories', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_workorder_config_node_id_node')),
    sa.PrimaryKeyConstraint('node_id', name=op.f('pk_workorder_config'))
    )


def downgrade() -> None:
    op.drop_table('workorder_config')
