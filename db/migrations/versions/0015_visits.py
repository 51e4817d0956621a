"""visits: handling time for the supervisor's dashboard (看板, issue 10 item 6)

``service_visit`` holds one row per payment or accepted application that the clerk's screen
timed: from when the customer view first showed the customer (or the accept form opened, for a
new customer) to when the receipt / acceptance was written, in the same transaction
(docs/rules.md#supervisor-dashboard). Append-only like ``service_rating`` (0014): triggers
refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL); ``init-db`` grants the counters' role
only SELECT and INSERT on it (db/roles.py through db.models.JOURNAL_TABLES).

``ix_payment_posted`` and :data:`DASHBOARD_INDEXES` let the dashboard read a period's receipts,
acceptances, ratings and promises, and count the hall's customers, from indexes alone.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 11:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

GUARDED = "service_visit"
#: the dashboard's other reads, each from one index over the period's column
DASHBOARD_INDEXES = (
    ("ix_service_rating_dashboard", "service_rating", ["rated_at", "node_id", "clerk", "score"]),
    ("ix_customer_node_status", "customer", ["node_id", "status"]),
    ("ix_application_dashboard", "application", ["accepted_at", "node_id", "accepted_by"]),
    ("ix_application_due", "application", ["due_date", "node_id", "status", "closed_on"]),
    ("ix_work_order_answer_due", "work_order", ["answer_due_on", "node_id", "replied_at"]),
)


def upgrade() -> None:
    op.create_table('service_visit',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('clerk', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('transaction_id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=False),
    sa.Column('seconds', sa.Integer(), nullable=False),
    sa.CheckConstraint('seconds >= 0', name=op.f('ck_service_visit_seconds_not_negative')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_service_visit_customer_id_customer')),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_service_visit_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_visit')),
    sa.UniqueConstraint('kind', 'transaction_id', name=op.f('uq_service_visit_kind_transaction_id')),
    )
    op.create_index('ix_service_visit_ended', 'service_visit', ['ended_at', 'node_id', 'clerk', 'seconds'],
                    unique=False)
    op.create_index('ix_payment_posted', 'payment', ['posted_at', 'node_id', 'posted_by', 'kind'], unique=False)
    for name, table, columns in DASHBOARD_INDEXES:
        op.create_index(name, table, columns, unique=False)
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
    for name, table, _ in DASHBOARD_INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_index('ix_payment_posted', table_name='payment')
    op.drop_index('ix_service_visit_ended', table_name='service_visit')
    op.drop_table('service_visit')  # its triggers go with it
