"""A branch PC restored from a verified backup (docs/backup.md#restore, docs/sync.md#recovery):
the restore lists the payments the copy lacks, the restored copy never contacts the centre (so
the node is not blocked for the PC that is still right), and re-enrolment carries the copy's
unsent work — each payment at the centre exactly once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from app.config import Settings
from app.domain.codes import PaymentKind
from app.services import auth, payments
from app.services.backup import RESTORED_KEY, backup_database, restore_backup
from app.services.setup import open_database
from app.sync import client, nodes, recovery, server
from db.engine import Database
from db.models import AppMeta, Customer, Payment, SyncNode
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD
from tests.sync.branchwork import register_branch, take_payments

pytestmark = pytest.mark.pg

URL = "http://127.0.0.1"


@pytest.fixture
def api(centre: Database) -> Iterator[TestClient]:
    with TestClient(server.create_app(centre), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRIDCOUNTER_DB_URL", raising=False)


def _payments(db: Database) -> dict[uuid.UUID, int]:
    with db.read() as s:
        return dict(
            s.execute(
                sa.select(Payment.id, Payment.amount_fen).where(Payment.kind == PaymentKind.PAYMENT)
            ).all()
        )


def _pay(branch: Database, fen: int) -> str:
    """A payment at the branch for the first customer it holds (no new account number: one the
    original PC gave after the backup would be reused, docs/sync.md#recovery "Not covered")."""
    with branch.read() as s:
        customer = s.scalar(sa.select(Customer.id).order_by(Customer.account_no).limit(1))
    clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
    try:
        receipt = payments.post_payment(
            branch,
            clerk,
            payments.PostPayment(uuid.uuid4(), customer, (payments.TenderInput("cash", fen),), fen),
        )
    finally:
        auth.logout(branch, clerk)
    return str(receipt.receipt_no)


def test_a_restored_branch_is_held_back_then_re_enrols_carrying_its_work(api, centre, branch, tmp_path):  # type: ignore[no-untyped-def]
    node_id, code = register_branch(centre)
    client.enrol(URL, code, branch, http=api)
    take_payments(branch, 1)
    client.sync_round(branch, http=api)
    take_payments(branch, 1, first=1)  # A: not sent yet when the PC is backed up
    (tmp_path / "usb").mkdir()
    done = backup_database(branch, tmp_path / "usb", settings=Settings(db_url=branch.url))  # verified
    client.sync_round(branch, http=api)  # the centre has A now
    later = take_payments(branch, 1, first=2)  # D: after the backup
    client.sync_round(branch, http=api)

    result = restore_backup(done.path, tmp_path / "restored.db", live=branch)
    assert result.branch
    assert result.gap is not None and [r for r, _, _ in result.gap.payments] == later
    branch.dispose()

    restored = open_database(Settings(db_url=f"sqlite:///{result.path}"))
    client.prepare_branch(restored)
    taken = [_pay(restored, 10_000)]  # B: the clerks work on the restored PC meanwhile (a customer it holds)
    with pytest.raises(client.SyncError, match="由备份恢复"):
        client.sync_round(restored, http=api)
    assert client.branch_status(restored).refused
    with centre.read() as s:  # it never reached the centre: the node is not blocked
        assert s.get(SyncNode, node_id).status == "active"  # type: ignore[union-attr]
    before = _payments(centre)
    with restored.read() as s:
        b_id = s.scalar(sa.select(Payment.id).where(Payment.receipt_no == taken[0]))
    assert b_id is not None and b_id not in before

    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        new_code = nodes.issue_code(centre, admin, "3302")[1]
    finally:
        auth.logout(centre, admin)
    outcome = recovery.reenrol(restored, URL, new_code, http=api)
    assert not outcome.error and outcome.report.done and outcome.report.refused == 0
    assert outcome.database == Path(result.path)
    fresh = open_database(Settings(db_url=f"sqlite:///{outcome.database}"))
    try:
        client.prepare_branch(fresh)
        with fresh.read() as s:
            assert s.get(AppMeta, RESTORED_KEY) is None  # the new incarnation syncs
        client.sync_round(fresh, http=api)
        assert not client.branch_status(fresh).refused
        with fresh.read() as s:
            assert s.get(Payment, b_id) is not None  # B came back with the branch's scope
    finally:
        fresh.dispose()
    after = _payments(centre)
    new = set(after) - set(before)
    assert new == {b_id} and after[b_id] == 10_000  # B, once; A and D were there already
