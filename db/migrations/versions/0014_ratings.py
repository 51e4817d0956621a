"""ratings: the customers' satisfaction ratings (服务评价, issue 10 item 5)

``service_rating`` holds one row per rated transaction (a receipt, an accepted application,
later a work order): the clerk who did it, the score 1–5 from the customer display's rating pad
or the dialog, or NULL with the clerk's reason when skipped (docs/rules.md#satisfaction-rating).
Append-only like the journal tables of 0004_guards (triggers refuse UPDATE and DELETE, and
TRUNCATE on PostgreSQL; ``init-db`` grants the counters' role only SELECT and INSERT on it,
db/roles.py): a rating, once given, is not changed.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

GUARDED = "service_rating"


def upgrade() -> None:
    op.create_table('service_rating',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('clerk', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('transaction_id', sa.Uuid(), nullable=False),
    sa.Column('transaction_no', sa.String(length=24), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('score', sa.SmallInteger(), nullable=True),
    sa.Column('via', sa.String(length=10), nullable=False),
    sa.Column('skip_reason', sa.String(length=200), nullable=False),
    sa.Column('rated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('score IS NULL OR (score >= 1 AND score <= 5)', name=op.f('ck_service_rating_score_range')),
    sa.CheckConstraint("score IS NOT NULL OR skip_reason <> ''", name=op.f('ck_service_rating_skip_has_reason')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_service_rating_customer_id_customer')),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_service_rating_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_rating')),
    sa.UniqueConstraint('kind', 'transaction_id', name=op.f('uq_service_rating_kind_transaction_id')),
    )
    op.create_index('ix_service_rating_rated_at', 'service_rating', ['rated_at', 'clerk'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{GUARDED}_no_{action.lower()} BEFORE {action} ON {GUARDED} "
                f"BEGIN SELECT RAISE(ABORT, '{GUARDED} is append-only: {action} refused "
                f"(记录只能追加，不能修改或删除)'); END")
        return
    # gridcounter_append_only() comes from 0004_guards
    op.execute(f"CREATE TRIGGER trg_{GUARDED}_append_only BEFORE UPDATE OR DELETE ON {GUARDED} "
               "FOR EACH ROW EXECUTE FUNCTION gridcounter_append_only()")
    op.execute(f"CREATE TRIGGER trg_{GUARDED}_no_truncate BEFORE TRUNCATE ON {GUARDED} "
               "FOR EACH STATEMENT EXECUTE FUNCTION gridcounter_append_only()")


def downgrade() -> None:
    op.drop_index('ix_service_rating_rated_at', table_name='service_rating')
    op.drop_table('service_rating')  # its triggers go with it
