"""applications: service applications (业务受理, issue 9), their steps and suspensions

``application`` is editable (optimistic lock on ``version``); ``application_step``, the history
of who did what and when, is append-only like the journal tables of 0004_guards (triggers refuse
UPDATE and DELETE, and TRUNCATE on PostgreSQL; ``init-db`` grants the counters' role only SELECT
and INSERT on it, db/roles.py); ``application_suspension`` holds the spans the deadline clock stops.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 08:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

GUARDED = "application_step"


def upgrade() -> None:
    op.create_table('application',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('application_no', sa.String(length=24), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('applicant_name', sa.String(length=60), nullable=False),
    sa.Column('type_code', sa.String(length=30), nullable=False),
    sa.Column('catalogue_version', sa.Integer(), nullable=False),
    sa.Column('variant', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_on', sa.Date(), nullable=False),
    sa.Column('accepted_by', sa.String(length=32), nullable=False),
    sa.Column('limit_days', sa.Integer(), nullable=False),
    sa.Column('promised_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('due_soon_from', sa.Date(), nullable=True),
    sa.Column('overdue_from', sa.Date(), nullable=True),
    sa.Column('values', sa.Text(), nullable=False),
    sa.Column('documents', sa.Text(), nullable=False),
    sa.Column('customer_manager', sa.String(length=30), nullable=False),
    sa.Column('remark', sa.String(length=200), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_by', sa.String(length=32), nullable=False),
    sa.Column('close_reason', sa.String(length=200), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_application_customer_id_customer')),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_application_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    sa.UniqueConstraint('application_no', name=op.f('uq_application_application_no')),
    )
    op.create_index('ix_application_customer', 'application', ['customer_id', 'accepted_at'], unique=False)
    op.create_index('ix_application_accepted', 'application', ['accepted_at'], unique=False)
    op.create_index('ix_application_type', 'application', ['type_code', 'accepted_at'], unique=False)
    op.create_index('ix_application_stage', 'application', ['stage', 'accepted_at'], unique=False)
    op.create_index('ix_application_clerk', 'application', ['accepted_by', 'accepted_at'], unique=False)
    op.create_index('ix_application_status', 'application', ['status', 'accepted_at'], unique=False)
    op.create_index('ix_application_status_soon', 'application', ['status', 'due_soon_from'], unique=False)
    op.create_index('ix_application_status_overdue', 'application', ['status', 'overdue_from'], unique=False)
    op.create_table('application_step',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('step_no', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('from_stage', sa.String(length=20), nullable=False),
    sa.Column('to_stage', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=12), nullable=False),
    sa.Column('to_status', sa.String(length=12), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=False),
    sa.Column('done_by', sa.String(length=32), nullable=False),
    sa.Column('remark', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                            name=op.f('fk_application_step_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_step')),
    sa.UniqueConstraint('application_id', 'step_no', name=op.f('uq_application_step_application_id_step_no')),
    )
    op.create_table('application_suspension',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                            name=op.f('fk_application_suspension_application_id_application')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_suspension')),
    )
    op.create_index('ix_application_suspension_application', 'application_suspension', ['application_id'],
                    unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{GUARDED}_no_{action.lower()} BEFORE {action} ON {GUARDED} "
                f"BEGIN SELECT RAISE(ABORT, '{GUARDED} is append-only: {action} refused "
                f"(账务记录只能追加，不能修改或删除)'); END")
        return
    # gridcounter_append_only() comes from 0004_guards
    op.execute(f"CREATE TRIGGER trg_{GUARDED}_append_only BEFORE UPDATE OR DELETE ON {GUARDED} "
               "FOR EACH ROW EXECUTE FUNCTION gridcounter_append_only()")
    op.execute(f"CREATE TRIGGER trg_{GUARDED}_no_truncate BEFORE TRUNCATE ON {GUARDED} "
               "FOR EACH STATEMENT EXECUTE FUNCTION gridcounter_append_only()")


def downgrade() -> None:
    op.drop_index('ix_application_suspension_application', table_name='application_suspension')
    op.drop_table('application_suspension')
    op.drop_table('application_step')  # its triggers go with it
    for name in ('ix_application_status_overdue', 'ix_application_status_soon', 'ix_application_status',
                 'ix_application_clerk', 'ix_application_stage', 'ix_application_type',
                 'ix_application_accepted', 'ix_application_customer'):
        op.drop_index(name, table_name='application')
    op.drop_table('application')
