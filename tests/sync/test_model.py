"""Issue 11 test 12: a randomized model of several branches and the centre (hypothesis stateful).

Branches enrol with a real PostgreSQL centre through the real service on loopback HTTP, take
payments and edit customers, the centre does the
same, and every sync round runs through a transport that injects faults: the reply lost after
the centre committed, the request never arriving, the request delivered twice, the envelopes of
a push reordered. When the model goes quiet, every branch syncs without faults until nothing is
pending, and the invariants of docs/sync.md are read from the tables:

- money: every payment taken anywhere is at the centre exactly once, and each branch holds the
  same payments (under the same receipt numbers: a number the centre stored renumbered reaches
  the branch) and prepaid balances for its customers as the centre;
- every operation has exactly one effect: the centre's log of each branch is that branch's log,
  seq 1..n without a gap or a duplicate, and its hash chain verifies;
- all copies converge: each branch's customers are the centre's, field for field.

CI runs 8 derandomized examples (the same every run); ``SYNC_MODEL_EXAMPLES=200`` runs that many
random ones (30 took about a minute here). The test also asserts that the runs met every fault
and at least one conflict, so a model that stopped exercising them fails.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from app.config import Settings
from app.domain.errors import DomainError
from app.services import auth, cashier, customers, payments
from app.services.setup import open_database
from app.sync import client, nodes, outbox
from app.sync.rows import read_image
from app.write_path import oplog
from app.write_path.numbers import format_number
from db.engine import Database
from db.models import Customer, NodeCounter, Operation, Payment, SyncConflict, SyncState
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, valid_resident_id
from tests.sync.branchwork import add_branch_user
from tests.sync.loopback import serving

pytestmark = [pytest.mark.pg, pytest.mark.slow]

_codes = itertools.count(4100)
_ids = itertools.count(1)
#: faults and actions the runs met (the test asserts the model exercised them)
MET: dict[str, int] = {}


class Faults(httpx.BaseTransport):
    """The network between a branch and the centre, with the faults the model asks for."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.fault = ""
        self.seen: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        fault, self.fault = self.fault, ""  # one fault per round: the first request meets it
        if fault:
            self.seen.append(fault)
            MET[fault] = MET.get(fault, 0) + 1
        if fault == "unsent":
            raise httpx.ConnectError("the link is down", request=request)
        if fault == "reorder" and request.url.path == "/v1/push":
            body = json.loads(request.read())
            body["envelopes"] = list(reversed(body["envelopes"]))
            request = httpx.Request(request.method, request.url, headers={
                k: v for k, v in request.headers.items() if k.lower() != "content-length"}, json=body)
        response = self.inner.handle_request(request)
        response.read()
        if fault == "duplicate":
            again = self.inner.handle_request(request)
            again.read()
            response = again
        if fault == "lost_reply":
            raise httpx.ReadError("the reply was lost", request=request)
        return response


@dataclass
class Branch:
    code: str
    node_id: uuid.UUID
    db: Database
    http: httpx.Client
    faults: Faults
    username: str
    forms: dict[uuid.UUID, customers.CustomerInput] = field(default_factory=dict)


class SyncModel(RuleBasedStateMachine):
    centre: Database
    url: str
    tmp: Path

    def __init__(self) -> None:
        super().__init__()
        self.branches: list[Branch] = []
        #: every payment taken anywhere: request id -> (customer, fen)
        self.taken: dict[uuid.UUID, tuple[uuid.UUID, int]] = {}
        #: a customer of the centre's own (out of every branch's scope), made when first needed
        self.own_customer: uuid.UUID | None = None
        self.clerk = auth.login(self.centre, "clerk1", CLERK_PASSWORD)
        with contextlib.suppress(DomainError):
            cashier.open_session(self.centre, self.clerk, 0)

    # ---- setting up -------------------------------------------------------------------------

    def _enrol(self) -> Branch:
        code = str(next(_codes))
        admin = auth.login(self.centre, "admin", ADMIN_PASSWORD)
        try:
            view, enrolment = nodes.register_node(self.centre, admin, code, f"第{code}供电所")
        finally:
            auth.logout(self.centre, admin)
        username = f"b{code}"
        add_branch_user(self.centre, view.node_id, username=username, employee_no=f"9{code}")
        db = open_database(Settings(db_url=f"sqlite:///{self.tmp / f'branch{code}_{next(_ids)}.db'}"))
        faults = Faults(httpx.HTTPTransport())
        http = httpx.Client(transport=faults, timeout=30)
        client.enrol(self.url, enrolment, db, http=http)
        branch = Branch(code, view.node_id, db, http, faults, username)
        clerk = auth.login(db, username, CLERK_PASSWORD)
        cashier.open_session(db, clerk, 0)
        for n in range(2):
            form = customers.CustomerInput(
                "individual", "residential", "模型客户" + "".join("零一二三四五六七八九"[int(d)] for d in code) + "甲乙"[n],
                "ric",
                valid_resident_id(7000 + int(code) * 3 + n), "urban", "220V", "8",
                phone=f"1370000{int(code):04d}"[:11], supply_address=f"模型路{code}号")
            view_c = customers.register_customer(db, clerk, customers.RegisterCustomer(form, confirm_duplicate=True))
            branch.forms[view_c.id] = form
        return branch

    @initialize()
    def two_branches(self) -> None:
        self.branches = [self._enrol(), self._enrol()]

    # ---- what people do ---------------------------------------------------------------------

    @rule(b=st.integers(0, 1), c=st.integers(0, 1), fen=st.integers(1, 50_000))
    def branch_takes_a_payment(self, b: int, c: int, fen: int) -> None:
        branch = self.branches[b]
        customer = list(branch.forms)[c]
        clerk = auth.login(branch.db, branch.username, CLERK_PASSWORD)
        rid = uuid.uuid4()
        payments.post_payment(branch.db, clerk, payments.PostPayment(
            rid, customer, (payments.TenderInput("cash", fen),), fen))
        self.taken[rid] = (customer, fen)

    @precondition(lambda self: any(self._at_centre(b) for b in self.branches))
    @rule(b=st.integers(0, 1), fen=st.integers(1, 50_000))
    def centre_takes_a_payment(self, b: int, fen: int) -> None:
        known = self._at_centre(self.branches[b]) or next(x for x in map(self._at_centre, self.branches) if x)
        rid = uuid.uuid4()
        payments.post_payment(self.centre, self.clerk, payments.PostPayment(
            rid, known[0], (payments.TenderInput("cash", fen),), fen))
        self.taken[rid] = (known[0], fen)

    @rule(b=st.integers(0, 1), c=st.integers(0, 1), where=st.sampled_from(["branch", "centre"]),
          what=st.sampled_from(["notes", "contact_person", "supply_line"]), text=st.sampled_from(["甲", "乙", "丙"]))
    def someone_edits_a_customer(self, b: int, c: int, where: str, what: str, text: str) -> None:
        branch = self.branches[b]
        customer = list(branch.forms)[c]
        db = branch.db if where == "branch" else self.centre
        if db is self.centre and customer not in self._at_centre(branch):
            return
        actor = auth.login(db, branch.username, CLERK_PASSWORD) if where == "branch" else self.clerk
        with db.read() as s:
            version = s.scalar(sa.select(Customer.version).where(Customer.id == customer))
        form = replace(branch.forms[customer], **{what: f"{where}{text}"}, id_number=None, phone=None, phone2=None)
        customers.update_customer(db, actor, customers.UpdateCustomer(customer, int(version), form,
                                                                      confirm_duplicate=True))

    @precondition(lambda self: any(self._at_centre(b) for b in self.branches))
    @rule(b=st.integers(0, 1), what=st.sampled_from(["notes", "contact_person"]))
    def both_sides_edit_the_same_field(self, b: int, what: str) -> None:
        """The same field changed at the branch and at the centre before they meet: a conflict."""
        branch = self.branches[b]
        if not self._at_centre(branch):
            return
        c = list(branch.forms).index(self._at_centre(branch)[0])
        self.someone_edits_a_customer(b, c, "branch", what, "丁")
        self.someone_edits_a_customer(b, c, "centre", what, "戊")

    @rule(b=st.integers(0, 1))
    def centre_holds_the_branchs_next_receipt_no(self, b: int) -> None:
        """The centre holds, for a payment of its own, the receipt number the branch will issue next
        (as a PC re-enrolled with counters fitted from a scope that lacked one of its receipts
        leaves it): the branch's payment is stored renumbered, and the number must reach it."""
        branch = self.branches[b]
        with branch.db.read() as s:
            issued = s.scalar(sa.select(NodeCounter.value).where(
                NodeCounter.node_id == branch.node_id, NodeCounter.name == "receipt")) or 0
        number = format_number("receipt", branch.code, int(issued) + 1)
        with self.centre.write() as s:
            if s.scalar(sa.select(Payment.id).where(Payment.receipt_no == number)) is not None:
                return
            if self.own_customer is None:
                self.own_customer = customers.register_customer(self.centre, self.clerk, customers.RegisterCustomer(
                    customers.CustomerInput("individual", "residential", "中心模型客户", "ric", valid_resident_id(6999),
                                            "urban", "220V", "8", phone="13700009999", supply_address="中心路1号"),
                    confirm_duplicate=True)).id
            s.add(Payment(id=uuid.uuid4(), receipt_no=number, node_id=self.clerk.node_id,
                          customer_id=self.own_customer, session_id=None, kind="payment", amount_fen=1,
                          tendered_fen=1, change_fen=0, applied_fen=0, late_fee_fen=0, prepaid_fen=0,
                          balance_before_fen=0, balance_after_fen=0, posted_by="clerk1"))
        MET["receipt_taken"] = MET.get("receipt_taken", 0) + 1

    @rule(b=st.integers(0, 1), fault=st.sampled_from(["", "", "lost_reply", "unsent", "duplicate", "reorder"]))
    def branch_syncs(self, b: int, fault: str) -> None:
        branch = self.branches[b]
        branch.faults.fault = fault
        with contextlib.suppress(client.SyncError, httpx.TransportError):
            client.sync_round(branch.db, http=branch.http)

    # ---- what must always hold --------------------------------------------------------------

    @invariant()
    def nothing_is_lost_locally(self) -> None:
        """At every step each branch's payments are either answered or still in its outbox."""
        for branch in self.branches:
            with branch.db.read() as s:
                state = s.get(SyncState, 1)
                last = int(s.scalar(sa.select(sa.func.max(Operation.seq)).where(
                    Operation.node_id == branch.node_id)) or 0)
                assert state is not None and state.pushed_seq + outbox.pending_count(s) >= last

    def _at_centre(self, branch: Branch) -> list[uuid.UUID]:
        with self.centre.read() as s:
            return list(s.scalars(sa.select(Customer.id).where(Customer.id.in_(list(branch.forms)))))

    # ---- when it goes quiet -----------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if self.branches:
                self._quiesce()
                self._check_converged()
        finally:
            for branch in self.branches:
                branch.http.close()
                branch.db.dispose()

    def _quiesce(self) -> None:
        for _ in range(4):
            for branch in self.branches:
                report = client.sync_round(branch.db, http=branch.http)
                assert report is not None
        for branch in self.branches:
            with branch.db.read() as s:
                assert outbox.pending_count(s) == 0, branch.code
        with self.centre.read() as s:
            if s.scalar(sa.select(sa.func.count()).select_from(SyncConflict)):
                MET["conflict"] = MET.get("conflict", 0) + 1
            if s.scalar(sa.select(sa.func.count()).select_from(SyncConflict).where(SyncConflict.kind == "receipt")):
                MET["renumbered"] = MET.get("renumbered", 0) + 1

    def _check_converged(self) -> None:
        with self.centre.read() as s:
            centre_pay = {pid: (cid, fen) for pid, cid, fen in s.execute(
                sa.select(Payment.id, Payment.customer_id, Payment.amount_fen).where(Payment.kind == "payment"))}
            centre_receipts = dict(s.execute(sa.select(Payment.id, Payment.receipt_no)
                                             .where(Payment.kind == "payment")).all())
            assert all(oplog_ok.ok for oplog_ok in oplog.verify(s))
        for rid, (customer, fen) in self.taken.items():
            assert centre_pay.get(rid) == (customer, fen), f"payment {rid} of {fen} fen"
        for branch in self.branches:
            mine = list(branch.forms)
            with self.centre.read() as s:
                centre_ops = list(s.scalars(sa.select(Operation.seq).where(
                    Operation.node_id == branch.node_id).order_by(Operation.seq)))
                centre_rows = {c: read_image(s, "customer", {"id": c}) for c in mine}
                centre_prepaid = dict(s.execute(sa.select(Customer.id, Customer.prepaid_fen).where(
                    Customer.id.in_(mine))).all())
                centre_theirs = {pid: centre_receipts[pid] for pid, (cid, _) in centre_pay.items() if cid in mine}
            with branch.db.read() as s:
                branch_ops = list(s.scalars(sa.select(Operation.seq).where(
                    Operation.node_id == branch.node_id).order_by(Operation.seq)))
                branch_rows = {c: read_image(s, "customer", {"id": c}) for c in mine}
                branch_prepaid = dict(s.execute(sa.select(Customer.id, Customer.prepaid_fen).where(
                    Customer.id.in_(mine))).all())
                branch_pay = dict(s.execute(sa.select(Payment.id, Payment.receipt_no).where(
                    Payment.kind == "payment", Payment.customer_id.in_(mine))).all())
            assert centre_ops == branch_ops == list(range(1, len(branch_ops) + 1)), branch.code
            assert branch_rows == centre_rows, branch.code
            assert branch_prepaid == centre_prepaid, branch.code
            assert branch_pay == centre_theirs, branch.code


def test_issue_11_test_12_model_with_faults(centre: Database, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDCOUNTER_NO_KEYRING", "1")
    monkeypatch.setenv("GRIDCOUNTER_SECRETS_DIR", str(tmp_path / "secrets"))
    SyncModel.centre = centre
    SyncModel.tmp = tmp_path
    with serving(centre) as url:
        SyncModel.url = url
        run: Any = SyncModel.TestCase
        run.settings = settings(max_examples=int(os.environ.get("SYNC_MODEL_EXAMPLES", "8")), stateful_step_count=14, deadline=None,
                                derandomize=not os.environ.get("SYNC_MODEL_EXAMPLES"),
                                suppress_health_check=list(HealthCheck))
        run().runTest()
    for what in ("lost_reply", "unsent", "duplicate", "reorder", "conflict", "renumbered"):
        assert MET.get(what), f"the model never met {what}: {MET}"
