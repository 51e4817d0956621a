"""guards: the database keeps the prepaid balance and refuses edits of the journal (issue 7 #1, #9)

* ``customer.prepaid_fen``: the prepaid balance (预存余额), NOT NULL DEFAULT 0, CHECK >= 0,
  backfilled from Σ payment.prepaid_fen and from then on kept by an AFTER INSERT trigger on
  ``payment``. A payment (an offset of the bill run, a reversal …) that would take the balance
  below zero now fails with an integrity error instead of leaving a negative balance behind.
* The journal tables — payment, payment_tender, payment_allocation, operation_log,
  print_record — refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) by trigger, whoever
  the connected role is. Corrections are new rows (a reversal, an adjustment), never edits.

The SQL is written out here (not imported from the application) so this revision stays what it
was when it ran.

Revision ID: 0004
Revises: 0003_search
Create Date: 2026-12-06 04:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003_search'
branch_labels = None
depends_on = None

JOURNAL_TABLES = ("payment", "payment_tender", "payment_allocation", "operation_log", "print_record")

_NEGATIVE = sa.text(
    "SELECT c.account_no, SUM(p.prepaid_fen) FROM payment p JOIN customer c ON c.id = p.customer_id "
    "GROUP BY c.account_no HAVING SUM(p.prepaid_fen) < 0 ORDER BY c.account_no")
_BACKFILL = (
    "UPDATE customer SET prepaid_fen = (SELECT COALESCE(SUM(p.prepaid_fen), 0) FROM payment p "
    "WHERE p.customer_id = customer.id) "
    "WHERE id IN (SELECT customer_id FROM payment WHERE prepaid_fen <> 0)")


def _refuse_negative_balances() -> None:
    rows = op.get_bind().execute(_NEGATIVE).all()
    if rows:
        shown = "、".join(f"{acc}（{int(total) / 100:.2f} 元）" for acc, total in rows[:20])
        raise RuntimeError(
            f"{len(rows)} 户的预存余额为负数，无法加上“预存余额不得为负”的约束：{shown}。"
            "请先为这些户号补记更正（退补或预存），再升级数据库。"
            f" / {len(rows)} customers have a negative prepaid balance; correct them before upgrading.")


def upgrade() -> None:
    bind = op.get_bind()
    _refuse_negative_balances()
    if bind.dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def _upgrade_sqlite() -> None:
    # ADD COLUMN with a column CHECK: no table rebuild (a batch rebuild of customer would drop
    # the table under its foreign keys).
    op.execute("ALTER TABLE customer ADD COLUMN prepaid_fen BIGINT DEFAULT 0 NOT NULL "
               "CONSTRAINT ck_customer_prepaid_not_negative CHECK (prepaid_fen >= 0)")
    op.execute(_BACKFILL)
    op.execute(
        "CREATE TRIGGER trg_payment_prepaid AFTER INSERT ON payment WHEN NEW.prepaid_fen <> 0 "
        "BEGIN UPDATE customer SET prepaid_fen = prepaid_fen + NEW.prepaid_fen WHERE id = NEW.customer_id; END")
    for table in JOURNAL_TABLES:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {action} refused "
                f"(账务记录只能追加，不能修改或删除)'); END")


def _upgrade_postgresql() -> None:
    op.execute("ALTER TABLE customer ADD COLUMN prepaid_fen BIGINT DEFAULT 0 NOT NULL")
    op.execute(_BACKFILL)
    op.execute("ALTER TABLE customer ADD CONSTRAINT ck_customer_prepaid_not_negative CHECK (prepaid_fen >= 0)")
    op.execute("""
CREATE FUNCTION gridcounter_payment_prepaid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE customer SET prepaid_fen = prepaid_fen + NEW.prepaid_fen WHERE id = NEW.customer_id;
    RETURN NULL;
END $$""")
    op.execute("CREATE TRIGGER trg_payment_prepaid AFTER INSERT ON payment FOR EACH ROW "
               "WHEN (NEW.prepaid_fen <> 0) EXECUTE FUNCTION gridcounter_payment_prepaid()")
    # SQLSTATE 23000 (integrity_constraint_violation): drivers raise it as an IntegrityError.
    op.execute("""
CREATE FUNCTION gridcounter_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused (账务记录只能追加，不能修改或删除)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = '23000';
END $$""")
    for table in JOURNAL_TABLES:
        op.execute(f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION gridcounter_append_only()")
        op.execute(f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION gridcounter_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in JOURNAL_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_update")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_delete")
        op.execute("DROP TRIGGER IF EXISTS trg_payment_prepaid")
        op.execute("ALTER TABLE customer DROP COLUMN prepaid_fen")
        return
    for table in JOURNAL_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_no_truncate ON {table}")
    op.execute("DROP TRIGGER IF EXISTS trg_payment_prepaid ON payment")
    op.execute("DROP FUNCTION IF EXISTS gridcounter_append_only()")
    op.execute("DROP FUNCTION IF EXISTS gridcounter_payment_prepaid()")
    op.execute("ALTER TABLE customer DROP CONSTRAINT IF EXISTS ck_customer_prepaid_not_negative")
    op.execute("ALTER TABLE customer DROP COLUMN prepaid_fen")
