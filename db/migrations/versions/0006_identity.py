"""identity: log-in sessions, forced password change, unique 工号, session review comment

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 04:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


_DUPLICATE_EMPLOYEE_NOS = sa.text(
    "SELECT employee_no, username, display_name FROM app_user WHERE employee_no IN "
    "(SELECT employee_no FROM app_user GROUP BY employee_no HAVING COUNT(*) > 1) "
    "ORDER BY employee_no, username")


def _refuse_duplicate_employee_nos() -> None:
    """One 工号 names one person: say which accounts share one instead of a raw UNIQUE error."""
    rows = op.get_bind().execute(_DUPLICATE_EMPLOYEE_NOS).all()
    if not rows:
        return
    groups: dict[str, list[str]] = {}
    for employee_no, username, display_name in rows:
        groups.setdefault(employee_no, []).append(f"{display_name}（{username}）")
    shown = "；".join(f"工号{no}：{'、'.join(names)}" for no, names in list(groups.items())[:20])
    raise RuntimeError(
        f"{len(groups)} 个工号被多个用户共用，无法加上“工号不得重复”的约束：{shown}。"
        "请先由管理员修改这些用户的工号（每人一个），再升级数据库。"
        f" / {len(groups)} employee numbers are shared by several users; give each user their own"
        " before upgrading.")


def upgrade() -> None:
    _refuse_duplicate_employee_nos()
    op.create_table('user_session',
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('node_id', sa.Uuid(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('ended_reason', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['node_id'], ['node.id'], name=op.f('fk_user_session_node_id_node')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_user_session_user_id_app_user')),
    sa.PrimaryKeyConstraint('token', name=op.f('pk_user_session'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    # Existing rows get the value; the server default is dropped again (the models have none).
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_unique_constraint(batch_op.f('uq_app_user_employee_no'), ['employee_no'])
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.alter_column('must_change_password', server_default=None)

    with op.batch_alter_table('cashier_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('review_comment', sa.String(length=500), nullable=False, server_default=''))
    with op.batch_alter_table('cashier_session', schema=None) as batch_op:
        batch_op.alter_column('review_comment', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('cashier_session', schema=None) as batch_op:
        batch_op.drop_column('review_comment')
        batch_op.drop_column('reviewed_by')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_app_user_employee_no'), type_='unique')
        batch_op.drop_column('must_change_password')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
