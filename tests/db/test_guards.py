"""The database guards the ledger (issue 7 item 9; docs/security.md).

* The journal tables (payments, tenders, allocations, operation log, print log) refuse UPDATE and
  DELETE by trigger on both engines, whoever is connected — the owner included.
* PostgreSQL: ``init-db --owner-role … --app-role …`` creates the two roles; the counters' role
  works the whole counter flow, may INSERT into the journal but not UPDATE or DELETE it, and
  cannot migrate (start-up says so in Chinese when the schema is behind).
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, ProgrammingError

import main
from app.config import Settings
from app.domain.errors import RuleViolation
from app.dto.common import Actor
from app.dto.payments import TenderInput
from app.services import (
    application_attachments,
    applications,
    audit,
    auth,
    cashier,
    customers,
    payments,
    ratings,
    workorders,
)
from app.services.setup import open_database
from app.version import SharedUpgradeNeedsBackup
from db.engine import Database
from db.migrate import alembic_config, current_revision, head_revision
from db.models import JOURNAL_TABLES
from tests.services.test_payments import add_bill

ADMIN_PASSWORD = "Admin2026"
CLERK_PASSWORD = "Clerk2026"

#: One harmless-looking edit per journal table (what a tamperer would try).
EDITS = {
    "payment": "UPDATE payment SET amount_fen = amount_fen + 100",
    "payment_tender": "UPDATE payment_tender SET amount_fen = amount_fen + 100",
    "payment_allocation": "UPDATE payment_allocation SET principal_fen = 0",
    "operation_log": "UPDATE operation_log SET actor = 'someone'",
    "print_record": "UPDATE print_record SET reprint = reprint",
    "log_anchor": "UPDATE log_anchor SET note = 'moved'",
    "application_step": "UPDATE application_step SET done_by = 'someone'",
    "application_attachment": "UPDATE application_attachment SET file_name = 'other.pdf'",
    "attachment_blob": "UPDATE attachment_blob SET size = size + 1",
    "application_catalogue": "UPDATE application_catalogue SET note = 'edited'",
    "work_order_step": "UPDATE work_order_step SET done_by = 'someone'",
    "service_rating": "UPDATE service_rating SET score = 5",
    "service_visit": "UPDATE service_visit SET seconds = 1",
}


def _counter_day(db: Database, settings: Settings, customer_form) -> payments.Receipt:  # type: ignore[no-untyped-def]
    """A clerk's morning through the services: a user, a customer, a session, a payment, a print.
    Leaves a row in every journal table."""
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    auth.create_user(db, admin, auth.UserInput("clerk9", "王小丽", "1009", "clerk", CLERK_PASSWORD))
    clerk = auth.login(db, "clerk9", CLERK_PASSWORD)
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    add_bill(db, clerk, view.id, 12850)
    cashier.open_session(db, clerk, 50000)
    receipt = payments.post_payment(
        db,
        clerk,
        payments.PostPayment(  # timed from the customer view: a service_visit row
            uuid.uuid4(), view.id, (TenderInput("cash", 20000),), None,
            served_since=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=3),
        ),
    )
    payments.record_print(
        db, clerk, payments.DOC_RECEIPT, receipt.payment_id, receipt.receipt_no, "POS-58", "80mm"
    )
    accepted = applications.accept_application(
        db,
        clerk,
        applications.AcceptApplication(  # an application_step row
            "meter_test", view.id, {}, applications.shipped_catalogue().get("meter_test").documents
        ),
    )
    _attach_and_version(db, clerk, accepted.id)
    workorders.record_work_order(  # a work_order_step row
        db, clerk, workorders.RecordWorkOrder("complaint", "attitude.counter", "排队时间过长", customer_id=view.id)
    )
    ratings.record_rating(  # a service_rating row
        db, clerk, ratings.RecordRating("payment", receipt.payment_id, 4)
    )
    with db.engine.connect() as conn:  # the chain head, as a day-end report prints it
        seq, head = conn.execute(text("SELECT op_seq, op_last_hash FROM node")).one()
    audit.record_anchor(db, admin, int(seq), head)  # a stored anchor (log_anchor)
    return receipt


def _attach_and_version(db: Database, clerk: Actor, application_id: uuid.UUID) -> None:
    """Rows in the attachment tables (through the service) and the catalogue table (raw: its
    admin service comes later)."""
    application_attachments.attach_document(
        db, clerk, application_attachments.AttachDocument(application_id, "a.pdf", b"%PDF-1.4 scan", "file")
    )
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO application_catalogue (version, content, sha256, loaded_at, loaded_by, "
                          "note) VALUES (99, '{}', :h, CURRENT_TIMESTAMP, 'admin', '')"), {"h": "b" * 64})


def _count(engine, table: str) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def test_journal_tables_refuse_update_and_delete(db, settings, customer_form):  # type: ignore[no-untyped-def]
    """Both engines, connected as the schema's owner (SQLite: the file's user): the triggers refuse."""
    receipt = _counter_day(db, settings, customer_form)
    before = {t: _count(db.engine, t) for t in JOURNAL_TABLES}
    for table in JOURNAL_TABLES:
        assert before[table] > 0, table
        for sql in (EDITS[table], f"DELETE FROM {table}"):
            with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(sql))
        if db.dialect == "postgresql":
            with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {table} CASCADE"))
    assert before == {t: _count(db.engine, t) for t in JOURNAL_TABLES}  # nothing deleted
    with db.engine.connect() as conn:  # nothing changed
        amount = conn.execute(
            text("SELECT amount_fen FROM payment WHERE receipt_no = :n"), {"n": receipt.receipt_no}
        )
        assert amount.scalar() == receipt.amount_fen
    # The services keep working beside the triggers: a reprint is a new print_record row.
    clerk = auth.login(db, "clerk9", CLERK_PASSWORD)
    payments.record_print(
        db, clerk, payments.DOC_RECEIPT, receipt.payment_id, receipt.receipt_no, "POS-58", "80mm"
    )
    assert _count(db.engine, "print_record") == before["print_record"] + 1


# ---- PostgreSQL roles ------------------------------------------------------------------------


@pytest.fixture
def roles(pg_url):  # type: ignore[no-untyped-def]
    """Fresh role names for this test (roles are cluster-wide); dropped afterwards."""
    tag = uuid.uuid4().hex[:8]
    names = (f"gc_owner_{tag}", f"gc_app_{tag}")
    yield names
    engine = create_engine(pg_url)
    try:
        with engine.begin() as conn:
            db_name = conn.execute(text("SELECT current_database()")).scalar()
            conn.execute(text(f'ALTER DATABASE "{db_name}" OWNER TO CURRENT_USER'))
            for name in names:
                if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
                    conn.execute(text(f'DROP OWNED BY "{name}" CASCADE'))
                    conn.execute(text(f'DROP ROLE "{name}"'))
    finally:
        engine.dispose()


def _as(url: str, user: str, password: str = "") -> str:
    return make_url(url).set(username=user, password=password or None).render_as_string(hide_password=False)


def _init_shared(url: str, owner: str, app: str) -> int:
    return main.main(
        [
            "--db-url",
            url,
            "init-db",
            "--owner-role",
            owner,
            "--owner-password",
            "Owner-2026",
            "--app-role",
            app,
            "--app-password",
            "Counter-2026",
            "--node-code",
            "3301",
            "--node-name",
            "城东营业厅",
            "--company",
            "国网杭州供电公司",
            "--admin-password",
            ADMIN_PASSWORD,
        ]
    )


@pytest.mark.pg
def test_init_db_creates_the_owner_and_the_counters_role(pg_url, roles, customer_form, capsys):  # type: ignore[no-untyped-def]
    owner, app = roles
    assert _init_shared(pg_url, owner, app) == 0, capsys.readouterr()
    assert _init_shared(pg_url, owner, app) == 0, capsys.readouterr()  # idempotent
    out = capsys.readouterr().out
    assert "已更新柜台账号" in out and "数据库已初始化，未做更改" in out
    admin_engine = create_engine(pg_url)
    try:
        with admin_engine.connect() as conn:
            owners = dict(
                conn.execute(
                    text("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'")
                ).all()
            )
            attrs = conn.execute(
                text("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = :n"),
                {"n": app},
            ).one()
        assert set(owners.values()) == {owner}, owners
        assert tuple(attrs) == (False, False, False)
    finally:
        admin_engine.dispose()

    # The counters work as the app role: log-in, users, customers, a session, a payment, a print.
    app_url = _as(pg_url, app, "Counter-2026")
    settings = Settings(db_url=app_url)
    db = open_database(settings)
    try:
        receipt = _counter_day(db, settings, customer_form)
        with db.engine.connect() as conn:
            amount = conn.execute(
                text("SELECT amount_fen FROM payment WHERE id = :i"), {"i": receipt.payment_id}
            ).scalar()
        assert amount == receipt.amount_fen == 12850
        # INSERT into the journal works (record_print above did); UPDATE / DELETE are refused by grants.
        for table in JOURNAL_TABLES:
            for sql in (EDITS[table], f"DELETE FROM {table}"):
                with pytest.raises(ProgrammingError, match="permission denied"), db.engine.begin() as conn:
                    conn.execute(text(sql))
        with pytest.raises(ProgrammingError, match="permission denied"), db.engine.begin() as conn:
            conn.execute(text("UPDATE payment SET amount_fen = 1"))
        with pytest.raises(ProgrammingError, match="permission denied"), db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE t_mine (x int)"))
        with (
            pytest.raises(ProgrammingError, match="permission denied|must be owner"),
            db.engine.begin() as conn,
        ):
            conn.execute(text("ALTER TABLE payment DISABLE TRIGGER USER"))
    finally:
        db.dispose()

    # The owner has the rights, and the trigger still refuses.
    owner_engine = create_engine(_as(pg_url, owner, "Owner-2026"))
    try:
        with pytest.raises(IntegrityError, match="append-only"), owner_engine.begin() as conn:
            conn.execute(text("UPDATE payment SET amount_fen = 1"))
        with pytest.raises(IntegrityError, match="append-only"), owner_engine.begin() as conn:
            conn.execute(text("DELETE FROM operation_log"))
        with owner_engine.connect() as conn:
            assert conn.execute(text("SELECT amount_fen FROM payment")).scalar() == 12850
    finally:
        owner_engine.dispose()


@pytest.mark.pg
def test_the_counters_role_cannot_migrate_and_start_up_says_so(pg_url, roles, capsys):  # type: ignore[no-untyped-def]
    from alembic import command

    owner, app = roles
    assert _init_shared(pg_url, owner, app) == 0, capsys.readouterr()
    owner_url = _as(pg_url, owner)
    owner_db = Database(owner_url)
    try:  # the program is newer than the database: its schema is one revision behind
        cfg = alembic_config(owner_db.engine)
        with owner_db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002")
        assert current_revision(owner_db.engine) == "0002"
    finally:
        owner_db.dispose()

    # A counter's start never migrates a shared database: it says to back it up and upgrade on
    # the server (docs/backup.md#upgrades)
    with pytest.raises(SharedUpgradeNeedsBackup) as refused:
        open_database(Settings(db_url=_as(pg_url, app)))
    assert "pg_dump" in str(refused.value) and "init-db --backup-taken" in str(refused.value)
    # the command it gives re-grants the counters' role (new tables of the upgrade get their
    # rights only through --app-role): without it the counters are refused on a new table
    assert "init-db --backup-taken --app-role" in str(refused.value)
    # and the counters' role cannot, even with the backup confirmed
    with pytest.raises(RuleViolation) as info:
        open_database(Settings(db_url=_as(pg_url, app)), backup_taken=True)
    message = str(info.value)
    assert "无权升级数据库结构" in message and app in message and "init-db" in message
    check = Database(owner_url)
    try:
        assert current_revision(check.engine) == "0002"  # nothing was changed
    finally:
        check.dispose()
    # The owner upgrades with init-db, once the backup is taken; then the counters start.
    assert main.main(["--db-url", owner_url, "init-db", "--app-role", app, "--backup-taken"]) == 0, (
        capsys.readouterr()
    )
    db = open_database(Settings(db_url=_as(pg_url, app)))
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


@pytest.mark.pg
def test_an_existing_single_role_database_is_handed_to_the_owner(pg_url, roles, capsys):  # type: ignore[no-untyped-def]
    """A hall that ran init-db as the superuser before: the second init-db with roles hands the
    tables and trigger functions to the owner, who can then migrate; the counters' role cannot."""
    owner, app = roles
    assert main.main(["--db-url", pg_url, "init-db"]) == 0
    assert _init_shared(pg_url, owner, app) == 0, capsys.readouterr()
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            tables = set(
                conn.execute(text("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")).scalars()
            )
            functions = set(
                conn.execute(
                    text(
                        "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname LIKE 'gridcounter%' "
                        "AND pronamespace = 'public'::regnamespace"
                    )
                ).scalars()
            )
        assert tables == {owner} and functions == {owner}
    finally:
        engine.dispose()
    from db.migrate import _may_migrate

    for user, allowed in ((app, False), (owner, True)):
        probe = Database(_as(pg_url, user))
        try:
            with probe.engine.connect() as conn:
                assert _may_migrate(conn) == (allowed, user)
        finally:
            probe.dispose()
