"""outages: the customer's supply point (线路, 台区, 重要客户) and the outage notices (停电信息)

``customer`` gets ``supply_line``, ``transformer_area`` and ``important`` (empty / false for the
customers already stored) and a partial index over the important customers only, which the
advance-notice list reads by 台区 / 线路. ``outage`` holds a planned or fault outage with its
times and status; ``outage_scope`` the 区域 (address prefix), 线路 and 台区 it covers, indexed by
``(kind, value)`` so that the outages covering one customer — or a page of search results —
are one query (docs/rules.md#outages).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 10:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "customer",
        sa.Column("supply_line", sa.String(length=40), server_default=sa.text("''"), nullable=False),
    )
    op.add_column(
        "customer",
        sa.Column("transformer_area", sa.String(length=40), server_default=sa.text("''"), nullable=False),
    )
    op.add_column("customer", sa.Column("important", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_index(
        "ix_customer_important",
        "customer",
        ["transformer_area", "supply_line"],
        unique=False,
        sqlite_where=sa.text("important"),
        postgresql_where=sa.text("important"),
    )
    op.create_table(
        "outage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("outage_no", sa.String(length=24), nullable=False),
        sa.Column("node_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("expected_end", sa.DateTime(), nullable=False),
        sa.Column("actual_end", sa.DateTime(), nullable=True),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("entered_by", sa.String(length=32), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["node_id"], ["node.id"], name=op.f("fk_outage_node_id_node")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outage")),
        sa.UniqueConstraint("outage_no", name=op.f("uq_outage_outage_no")),
    )
    op.create_index("ix_outage_window", "outage", ["status", "ends_at", "starts_at"], unique=False)
    op.create_index("ix_outage_starts", "outage", ["starts_at"], unique=False)
    op.create_table(
        "outage_scope",
        sa.Column("outage_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["outage_id"], ["outage.id"], name=op.f("fk_outage_scope_outage_id_outage"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("outage_id", "kind", "value", name=op.f("pk_outage_scope")),
    )
    op.create_index("ix_outage_scope_value", "outage_scope", ["kind", "value"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outage_scope_value", table_name="outage_scope")
    op.drop_table("outage_scope")
    op.drop_index("ix_outage_starts", table_name="outage")
    op.drop_index("ix_outage_window", table_name="outage")
    op.drop_table("outage")
    op.drop_index("ix_customer_important", table_name="customer")
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy of the table would trip over the triggers
    # that name it (trg_payment_prepaid, 0003).
    for column in ("important", "transformer_area", "supply_line"):
        op.execute(f"ALTER TABLE customer DROP COLUMN {column}")
