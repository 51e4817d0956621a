"""anchor guard: stored log anchors are append-only too (issue 7 #10, found in review)

``log_anchor`` holds the chain heads printed on day-end reports and stored at the supervisor's
review. The counters' role could delete them, and ``verify-log`` would then silently check fewer
anchors; now the same triggers as the journal tables of 0004_guards refuse UPDATE and DELETE (and
TRUNCATE on PostgreSQL), and ``init-db`` grants the counters' role only SELECT and INSERT on it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 06:10:00
"""
from __future__ import annotations

from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLE = "log_anchor"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{TABLE}_no_{action.lower()} BEFORE {action} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only: {action} refused "
                f"(账务记录只能追加，不能修改或删除)'); END")
        return
    # gridcounter_append_only() comes from 0004_guards
    op.execute(f"CREATE TRIGGER trg_{TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
               "FOR EACH ROW EXECUTE FUNCTION gridcounter_append_only()")
    op.execute(f"CREATE TRIGGER trg_{TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
               "FOR EACH STATEMENT EXECUTE FUNCTION gridcounter_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_no_update")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_no_delete")
        return
    op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_append_only ON {TABLE}")
    op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_no_truncate ON {TABLE}")
