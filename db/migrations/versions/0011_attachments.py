"""attachments: documents attached to applications, the catalogue as versions, one deadline index

``application_attachment`` names each attached scan or PDF; ``attachment_blob`` holds the bytes
once per SHA-256; ``application_catalogue`` keeps every version of the business-type catalogue
(the shipped file is loaded as the first version by ``init-db``). All three are append-only like
the journal tables (triggers refuse UPDATE and DELETE, and TRUNCATE on PostgreSQL; the counters'
role gets SELECT and INSERT only, db/roles.py).

The worklist's status and deadline indexes become one ``(status, accepted_at, overdue_from,
due_soon_from)``: the status and colour filters walk it newest first without touching the table
(the overdue filter's first page took ~220 ms on 100,000 SQLite rows with the old pair, ~2 ms
now); the customer-manager and channel filters get their own ``(…, accepted_at)`` indexes (a
manager with no applications scanned the table: ~150 ms). The operation log gets ``(actor, op_id)``
and ``(op_type, op_id)`` for the supervisor's audit view (a rare clerk or type scanned 500,000
records: ~0.5 s on SQLite).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 09:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

GUARDED = ("attachment_blob", "application_attachment", "application_catalogue")


def _guard(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {action} refused "
                f"(记录只能追加，不能修改或删除)'); END")
        return
    # gridcounter_append_only() comes from 0004_guards
    op.execute(f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION gridcounter_append_only()")
    op.execute(f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
               "FOR EACH STATEMENT EXECUTE FUNCTION gridcounter_append_only()")


def upgrade() -> None:
    op.create_table('attachment_blob',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_attachment_blob')),
    )
    op.create_table('application_attachment',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('document_code', sa.String(length=30), nullable=False),
    sa.Column('file_name', sa.String(length=120), nullable=False),
    sa.Column('media_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                            name=op.f('fk_application_attachment_application_id_application')),
    sa.ForeignKeyConstraint(['sha256'], ['attachment_blob.sha256'],
                            name=op.f('fk_application_attachment_sha256_attachment_blob')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_attachment')),
    sa.UniqueConstraint('application_id', 'seq', name=op.f('uq_application_attachment_application_id_seq')),
    )
    op.create_table('application_catalogue',
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('loaded_by', sa.String(length=32), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_application_catalogue')),
    )
    for table in GUARDED:
        _guard(table)
    for name in ('ix_application_status', 'ix_application_status_soon', 'ix_application_status_overdue'):
        op.drop_index(name, table_name='application')
    op.create_index('ix_application_deadline', 'application',
                    ['status', 'accepted_at', 'overdue_from', 'due_soon_from'], unique=False)
    op.create_index('ix_application_manager', 'application', ['customer_manager', 'accepted_at'], unique=False)
    op.create_index('ix_application_channel', 'application', ['channel', 'accepted_at'], unique=False)
    op.create_index('ix_operation_log_actor', 'operation_log', ['actor', 'op_id'], unique=False)
    op.create_index('ix_operation_log_type', 'operation_log', ['op_type', 'op_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_operation_log_type', table_name='operation_log')
    op.drop_index('ix_operation_log_actor', table_name='operation_log')
    for name in ('ix_application_channel', 'ix_application_manager', 'ix_application_deadline'):
        op.drop_index(name, table_name='application')
    op.create_index('ix_application_status', 'application', ['status', 'accepted_at'], unique=False)
    op.create_index('ix_application_status_soon', 'application', ['status', 'due_soon_from'], unique=False)
    op.create_index('ix_application_status_overdue', 'application', ['status', 'overdue_from'], unique=False)
    op.drop_table('application_catalogue')  # triggers go with the tables
    op.drop_table('application_attachment')
    op.drop_table('attachment_blob')
