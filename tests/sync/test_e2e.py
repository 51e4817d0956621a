"""End to end over loopback HTTP (issue 11, "Tests that must pass"): the real sync service in
front of a real PostgreSQL centre, a branch on its own SQLite file enrolled with it, payments
taken at the branch through the real services, and the branch's client.

- a payment taken at the branch is at the centre after one round, with its receipt number;
- issue test 1, lost acknowledgement: the centre commits, the reply is lost, the branch
  retries: one payment at the centre, the same receipt number;
- issue test 3, the service killed (kill -9, a real process) while it applies a large batch:
  after a restart the retry leaves no duplicate and skips nothing (checked from the tables);
- issue test 4, two sync workers of one node at once: every operation applied once.

These need the real triggers / outbox / feed / snapshot / apply / conflicts (merged from the
syncfeed and syncapply branches); they do not run on the fakes of tests/sync/fakes.py.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.sync import client
from db.engine import Database
from db.models import Customer, Operation, Payment, SyncNode
from tests.sync.branchwork import register_branch, take_payments
from tests.sync.loopback import serving

pytestmark = pytest.mark.pg
ROOT = Path(__file__).resolve().parents[2]


def _centre_payments(centre: Database, node_id: uuid.UUID) -> list[str]:
    with centre.read() as s:
        return list(
            s.scalars(
                select(Payment.receipt_no).where(Payment.node_id == node_id).order_by(Payment.receipt_no)
            )
        )


def _centre_chain(centre: Database, node_id: uuid.UUID) -> list[int]:
    with centre.read() as s:
        return list(
            s.scalars(select(Operation.seq).where(Operation.node_id == node_id).order_by(Operation.seq))
        )


def _branch_ops(branch: Database, node_id: uuid.UUID) -> int:
    with branch.read() as s:
        return int(
            s.scalar(select(func.count()).select_from(Operation).where(Operation.node_id == node_id)) or 0
        )


def test_a_branch_payment_reaches_the_centre(centre, branch):
    node_id, code = register_branch(centre)
    with serving(centre) as url:
        client.enrol(url, code, branch)
        [receipt] = take_payments(branch, 1)
        assert client.branch_status(branch).pending > 0
        report = client.sync_round(branch)
    assert report.sent >= 1 and report.refused == 0 and report.pending == 0
    assert _centre_payments(centre, node_id) == [receipt]
    assert _centre_chain(centre, node_id) == list(range(1, _branch_ops(branch, node_id) + 1))
    with centre.read() as s:
        assert s.scalar(select(func.count()).select_from(Customer).where(Customer.node_id == node_id)) == 1


class LoseFirstPushReply(httpx.BaseTransport):
    """Test-only transport: passes every request to the real one, but after the centre has
    answered the first push it raises as if the connection had dropped (the reply is lost)."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.url.path == "/v1/push" and not self.lost:
            response.read()  # the centre has committed and answered
            response.close()
            self.lost += 1
            raise httpx.ReadError("connection reset by peer", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


def test_issue_1_lost_acknowledgement_one_payment_same_receipt(centre, branch):
    node_id, code = register_branch(centre)
    with serving(centre) as url:
        client.enrol(url, code, branch)
        [receipt] = take_payments(branch, 1)
        pending = client.branch_status(branch).pending
        lossy = LoseFirstPushReply()
        with httpx.Client(transport=lossy) as http, pytest.raises(client.SyncError):
            client.sync_round(branch, http=http)
        assert lossy.lost == 1
        assert client.branch_status(branch).pending == pending  # no answer recorded: everything is resent
        assert _centre_payments(centre, node_id) == [receipt]  # ... but the centre has it already
        retry = client.sync_round(branch)  # the retry
    assert retry.duplicate >= 1 and retry.applied == 0 and retry.refused == 0 and retry.pending == 0
    assert _centre_payments(centre, node_id) == [receipt]  # one payment, the same receipt number
    assert _centre_chain(centre, node_id) == list(range(1, _branch_ops(branch, node_id) + 1))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_service(db_url: str, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "main.py", "--db-url", db_url, "sync-server", "--listen", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the sync service exited at start") from None
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the sync service did not start")


def _applied_seq(centre: Database, node_id: uuid.UUID) -> int:
    with centre.read() as s:
        return int(s.scalar(select(SyncNode.applied_seq).where(SyncNode.node_id == node_id)) or 0)


def test_issue_3_service_killed_mid_batch_no_duplicates_nothing_skipped(centre, branch, pg_url):
    node_id, code = register_branch(centre)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    service = _start_service(pg_url, port)
    try:
        client.enrol(url, code, branch)
        receipts = take_payments(branch, 120)
        total = _branch_ops(branch, node_id)
        failure: list[BaseException] = []

        def push() -> None:
            try:
                client.sync_round(branch)
            except BaseException as exc:  # the killed service: a SyncError is expected
                failure.append(exc)

        worker = threading.Thread(target=push)
        worker.start()
        deadline = time.monotonic() + 60
        while _applied_seq(centre, node_id) == 0 and time.monotonic() < deadline:
            time.sleep(0.005)
        killed_at = _applied_seq(centre, node_id)
        os.kill(service.pid, signal.SIGKILL)  # mid-batch: it is applying the envelopes one by one
        service.wait(10)
        worker.join(60)
        assert 0 < killed_at < total, "the kill did not land inside the batch"
        assert failure and isinstance(failure[0], client.SyncError)
        # nothing half-applied: every seq the centre has is contiguous from 1
        chain = _centre_chain(centre, node_id)
        assert chain == list(range(1, len(chain) + 1)) and len(chain) < total
        service = _start_service(pg_url, port)
        report = client.sync_round(branch)
        assert report.refused == 0 and report.pending == 0
    finally:
        service.kill()
        service.wait(10)
    assert _centre_chain(centre, node_id) == list(range(1, total + 1))  # nothing skipped, nothing twice
    assert _centre_payments(centre, node_id) == sorted(receipts)


def test_issue_4_two_sync_workers_of_one_node_apply_every_operation_once(centre, branch):
    node_id, code = register_branch(centre)
    with serving(centre) as url:
        client.enrol(url, code, branch)
        receipts = take_payments(branch, 40)
        total = _branch_ops(branch, node_id)
        errors: list[BaseException] = []
        reports: list[client.RoundReport] = []
        start = threading.Barrier(2)

        def worker() -> None:
            start.wait()
            try:
                reports.append(client.sync_round(branch))
            except BaseException as exc:  # a worker may lose a race on the branch's own write lock
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        final = client.sync_round(branch)  # whatever a loser left: the next round finishes it
    assert final.refused == 0 and final.pending == 0
    assert reports, errors
    assert _centre_chain(centre, node_id) == list(range(1, total + 1))  # every operation once
    assert _centre_payments(centre, node_id) == sorted(receipts)
    with centre.read() as s:
        assert s.scalar(select(func.count()).select_from(Payment).where(Payment.node_id == node_id)) == len(
            receipts
        )


def _self_signed(folder: Path) -> tuple[str, str]:
    """A certificate for 127.0.0.1 signed by itself (the centre's own, as a hall would make one)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gridcounter-sync-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "sync.crt", folder / "sync.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_tls_the_branch_verifies_the_centre_certificate(centre, branch, tmp_path):
    node_id, code = register_branch(centre)
    cert, key = _self_signed(tmp_path)
    with serving(centre, cert=cert, key=key) as url:
        assert url.startswith("https://")
        with pytest.raises(client.SyncError):  # not a public CA: refused without the centre's certificate
            client.enrol(url, code, branch)
        client.enrol(url, code, branch, ca_file=cert)
        [receipt] = take_payments(branch, 1)
        report = client.sync_round(branch, ca_file=cert)
    assert report.pending == 0 and _centre_payments(centre, node_id) == [receipt]
