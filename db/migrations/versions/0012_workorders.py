"""workorders: work orders (诉求工单, issue 10) and their steps

``work_order`` is editable (optimistic lock on ``version``); its deadline colours are two stored
instants (``due_soon_at``, ``overdue_at``) on one index with the status and the acceptance time,
as the application worklist's ``ix_application_deadline`` (migration 0011), so every filter's
first page walks an index newest first. ``work_order_step``, the history of who did what and
when, is append-only like the journal tables of 0004_guards (triggers refuse UPDATE and DELETE,
and TRUNCATE on PostgreSQL; ``init-db`` grants the counters' role only SELECT and INSERT on it,
db/roles.py through db.models.JOURNAL_TABLES).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

GUARDED = "work_order_step"
INDEXES = (
    ('ix_work_order_customer', ['customer_id', 'accepted_at']),
    ('ix_work_order_accepted', ['accepted_at']),
    ('ix_work_order_type', ['order_type', 'accepted_at']),
    ('ix_work_order_category', ['category_code', 'accepted_at']),
    ('ix_work_order_stage', ['stage', 'accepted_at', 'overdue_at', 'due_soon_at']),
    ('ix_work_order_clerk', ['accepted_by', 'accepted_at']),
    ('ix_work_order_assignee', ['assigned_to', 'accepted_at']),
    ('ix_work_order_dept', ['assigned_dept', 'accepted_at']),
    ('ix_work_order_deadline', ['status', 'accepted_at', 'overdue_at', 'due_soon_at']),
)


def upgrade() -> None:
    op.create_table('work_order',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('order_no', sa.String(length=24), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('order_type', sa.String(length=12), nullable=False),
    sa.Column('category_code', sa.String(length=30), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('area', sa.String(length=8), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('reporter_name', sa.String(length=60), nullable=False),
    sa.Column('reporter_contact', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('stage', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('assigned_dept', sa.String(length=60), nullable=False),
    sa.Column('assigned_to', sa.String(length=60), nullable=False),
    sa.Column('contact_due_at', sa.DateTime(), nullable=True),
    sa.Column('answer_due_on', sa.Date(), nullable=True),
    sa.Column('answer_days', sa.Integer(), nullable=True),
    sa.Column('arrival_due_at', sa.DateTime(), nullable=True),
    sa.Column('restore_due_at', sa.DateTime(), nullable=True),
    sa.Column('due_soon_at', sa.DateTime(), nullable=True),
    sa.Column('overdue_at', sa.DateTime(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('replied_at', sa.DateTime(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('callback_result', sa.String(length=20), nullable=False),
    sa.Column('reopened', sa.Integer(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_by', sa.String(length=32), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_work_order_customer_id_customer')),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_work_order_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order')),
    sa.UniqueConstraint('order_no', name=op.f('uq_work_order_order_no')),
    )
    for name, columns in INDEXES:
        op.create_index(name, 'work_order', columns, unique=False)
    op.create_table('work_order_step',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('work_order_id', sa.Uuid(), nullable=False),
    sa.Column('step_no', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('from_stage', sa.String(length=12), nullable=False),
    sa.Column('to_stage', sa.String(length=12), nullable=False),
    sa.Column('assigned_dept', sa.String(length=60), nullable=False),
    sa.Column('assigned_to', sa.String(length=60), nullable=False),
    sa.Column('result', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.Column('done_by', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'],
                            name=op.f('fk_work_order_step_work_order_id_work_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order_step')),
    sa.UniqueConstraint('work_order_id', 'step_no', name=op.f('uq_work_order_step_work_order_id_step_no')),
    )
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
    op.drop_table('work_order_step')  # its triggers go with it
    for name, _ in reversed(INDEXES):
        op.drop_index(name, table_name='work_order')
    op.drop_table('work_order')
