"""work orders: the outage a 故障报修 is linked to, and the intake's request id (issue 10 item 10)

``work_order.outage_id`` names the known outage covering the customer that a 故障报修 was linked
to at the intake (docs/rules.md#outages: such a repair is not dispatched).
``work_order.request_id`` is the intake dialog's id, generated once per dialog: the same request
records once (docs/rules.md#work-order-services). Both nullable: older orders have neither.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 11:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('work_order') as batch:
        batch.add_column(sa.Column('outage_id', sa.Uuid(), nullable=True))
        batch.add_column(sa.Column('request_id', sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f('fk_work_order_outage_id_outage'), 'outage', ['outage_id'], ['id'])
        batch.create_unique_constraint(op.f('uq_work_order_request_id'), ['request_id'])
        batch.create_index(op.f('ix_work_order_outage_id'), ['outage_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('work_order') as batch:
        batch.drop_index(op.f('ix_work_order_outage_id'))
        batch.drop_constraint(op.f('uq_work_order_request_id'), type_='unique')
        batch.drop_constraint(op.f('fk_work_order_outage_id_outage'), type_='foreignkey')
        batch.drop_column('request_id')
        batch.drop_column('outage_id')
