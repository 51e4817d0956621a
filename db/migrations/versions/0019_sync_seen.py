"""sync: the centre's version of each pulled row, on a branch (issue 11, docs/sync.md#pull-watermark)

A branch compared a pulled image's ``version`` with its local row's, but its own edits move that
on their own count: after two local edits the centre's answer looked "older" and was ignored.
The centre's versions are now compared with each other, in ``sync_seen``.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 13:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_seen',
    sa.Column('tbl', sa.String(length=40), nullable=False),
    sa.Column('row_key', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('tbl', 'row_key', name=op.f('pk_sync_seen'))
    )


def downgrade() -> None:
    op.drop_table('sync_seen')
