"""initial schema: nodes, users, customers, search keys, operation log

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 18:16:32.864086
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_meta',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_meta'))
    )
    op.create_table('node',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('company', sa.String(length=60), nullable=False),
    sa.Column('address', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('op_seq', sa.BigInteger(), nullable=False),
    sa.Column('op_last_hash', sa.String(length=64), nullable=False),
    sa.Column('account_seq', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_node')),
    sa.UniqueConstraint('code', name=op.f('uq_node_code'))
    )
    op.create_table('app_user',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('username', sa.String(length=32), nullable=False),
    sa.Column('display_name', sa.String(length=30), nullable=False),
    sa.Column('employee_no', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_app_user_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('customer',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('account_no', sa.String(length=20), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('party_type', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('id_type', sa.String(length=12), nullable=False),
    sa.Column('id_number', sa.String(length=30), nullable=False),
    sa.Column('id_override_reason', sa.String(length=200), nullable=True),
    sa.Column('id_override_by', sa.String(length=32), nullable=True),
    sa.Column('area', sa.String(length=8), nullable=False),
    sa.Column('voltage_level', sa.String(length=8), nullable=False),
    sa.Column('capacity_kva', sa.Integer(), nullable=False),
    sa.Column('tariff_code', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('low_income', sa.String(length=8), nullable=False),
    sa.Column('vip', sa.Boolean(), nullable=False),
    sa.Column('customer_manager', sa.String(length=30), nullable=False),
    sa.Column('contact_person', sa.String(length=30), nullable=False),
    sa.Column('phone', sa.String(length=24), nullable=False),
    sa.Column('phone2', sa.String(length=24), nullable=False),
    sa.Column('supply_address', sa.String(length=120), nullable=False),
    sa.Column('meter_no', sa.String(length=24), nullable=False),
    sa.Column('notes', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_customer_node_id_node')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer')),
    sa.UniqueConstraint('account_no', name=op.f('uq_customer_account_no'))
    )
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index('ix_customer_id_number', ['id_number'], unique=False)
        batch_op.create_index('ix_customer_name_phone', ['name', 'phone'], unique=False)

    op.create_table('operation_log',
    sa.Column('op_id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('op_type', sa.String(length=40), nullable=False),
    sa.Column('entity_type', sa.String(length=30), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('payload_hash', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', sa.String(length=40), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_operation_log_node_id_node')),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_operation_log')),
    sa.UniqueConstraint('node_id', 'seq', name=op.f('uq_operation_log_node_id_seq'))
    )
    with op.batch_alter_table('operation_log', schema=None) as batch_op:
        batch_op.create_index('ix_operation_log_entity', ['entity_type', 'entity_id'], unique=False)

    op.create_table('customer_search_key',
    sa.Column('key', sa.String(length=64).with_variant(sa.String(length=64, collation='C'), 'postgresql'), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_customer_search_key_customer_id_customer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', 'customer_id', name=op.f('pk_customer_search_key')),
    sqlite_with_rowid=False
    )


def downgrade() -> None:
    op.drop_table('customer_search_key')
    with op.batch_alter_table('operation_log', schema=None) as batch_op:
        batch_op.drop_index('ix_operation_log_entity')

    op.drop_table('operation_log')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_name_phone')
        batch_op.drop_index('ix_customer_id_number')

    op.drop_table('customer')
    op.drop_table('app_user')
    op.drop_table('node')
    op.drop_table('app_meta')
