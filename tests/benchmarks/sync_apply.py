"""Benchmarks of the centre applying pushed envelopes (docs/sync.md#push, issue 11), PostgreSQL:

* ``sync.push_apply_10k`` — one branch's 10,000 queued operations pushed (requests of 200, as
  the client sends them: each request parsed from its JSON body and applied by
  :func:`app.sync.apply.apply_batch`) and applied: ≤ 30 s.
* ``sync.50_branches`` — 50 branches × 1,000 operations pushed at once into the real service
  (``main.py sync-server --workers N``, a worker process per core, in its own process on loopback
  HTTP; a thread per branch POSTing its requests of 200 as the client does): ≤ 60 s; every
  operation applied, none lost (operation_log, payments, sync_received and applied_seq counted
  per node afterwards).

The envelopes are real: a branch PC (tests/sync/_branch.py: its own SQLite database, the real
services) opens a shift, takes payments (cash, card, QR; partial payments of one large bill
per customer, as a branch's day mostly is) and edits customers; those envelopes are the
templates. Each benchmark node gets its own users, customers and bills at the centre, and the
templates are replayed for it with fresh ids, receipt and session numbers, its own node id,
actor and sequence numbers, and the hash chain recomputed, so the centre verifies every
record exactly as for a branch's own (nine payments to one customer edit). When the change-feed
triggers exist (app/sync/triggers.py) they are installed, so the figure includes their cost.

``BENCH_SYNC_TINY=1`` (the suite's smoke test): 200 operations, and 3 branches × 100.
``BENCH_SYNC_WORKERS=N``: the service's worker processes for ``sync.50_branches`` (default: one
per core of this machine).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from app.config import Settings
from app.sync.envelope import Envelope, OpRecord, Outcome
from db.engine import Database

NAMES = ("sync.push_apply_10k", "sync.50_branches")
BUDGET_10K_S = 30.0
BUDGET_50_S = 60.0
REQUEST = 200  # envelopes per push request (docs/sync.md#push)
TEMPLATE_CUSTOMERS = 4
PAYMENTS_PER_EDIT = 9


def tiny() -> bool:
    return os.environ.get("BENCH_SYNC_TINY") == "1"


def sizes() -> tuple[int, int, int]:
    """(operations of the one-branch run, branches, operations per branch)."""
    return (200, 3, 100) if tiny() else (10_000, 50, 1_000)


# ---- templates: a real branch's envelopes ---------------------------------------------------------


@dataclasses.dataclass
class Templates:
    branch_node: uuid.UUID
    open_shift: Envelope
    #: payments and customer edits, in the order a day brings them
    work: list[Envelope]
    customers: list[uuid.UUID]
    bills: list[uuid.UUID]
    users: dict[str, uuid.UUID]  # the template branch's usernames -> ids


def build_templates(centre: Database, settings: Settings, workdir: Path) -> Templates:
    from app.dto.payments import TenderInput
    from app.services import auth, bill_import, cashier, customers, payments
    from app.sync import apply
    from app.sync.tables import SYNC_TABLES
    from db.models import Bill, User
    from tests.conftest import valid_resident_id
    from tests.sync._branch import make_branch

    admin = _admin(centre)
    auth.create_user(
        centre, admin, auth.UserInput("benchsup", "基准值班长", "9002", "supervisor", "Bench2026")
    )
    auth.create_user(centre, admin, auth.UserInput("benchclk", "基准收费员", "9003", "clerk", "Bench2026"))
    sup = auth.login(centre, "benchsup", "Bench2026")
    clk = auth.login(centre, "benchclk", "Bench2026")
    ids: list[uuid.UUID] = []
    for i in range(TEMPLATE_CUSTOMERS):
        form = customers.CustomerInput(
            party_type="individual",
            kind="residential",
            name="同步测试" + "甲乙丙丁"[i],
            id_type="ric",
            id_number=valid_resident_id(900 + i),
            area="urban",
            voltage_level="220V",
            capacity_kva="8",
            phone=f"1390000{i:04d}",
            supply_address="浙江省杭州市西湖区文三路123号",
        )
        ids.append(customers.register_customer(centre, clk, customers.RegisterCustomer(form)).id)
    with centre.read() as s:
        accounts = [s.scalar(sa.text("SELECT account_no FROM customer WHERE id = :i"), {"i": c}) for c in ids]
    csv = "户号,账期,电量,金额\n" + "".join(f"{a},2026-10,100,900000.00\n" for a in accounts)
    report = bill_import.import_bills_csv(centre, sup, csv.encode(), settings=settings)
    assert not report.errors, report.errors
    with centre.read() as s:
        bills = [s.scalars(sa.select(Bill.id).where(Bill.customer_id == c)).one() for c in ids]
    branch = make_branch(centre, workdir / "template-branch.db", code="3399", customers=ids)
    try:
        clerk = branch.actor("bclerk")
        _, opening = branch.run(cashier.open_session, branch.db, clerk, 10000)
        work: list[Envelope] = []
        kinds = ("cash", "card", "qr", "cash")
        for n in range(PAYMENTS_PER_EDIT + 1):
            if n == PAYMENTS_PER_EDIT:
                view = customers.get_customer(branch.db, clerk, ids[0])
                form = _edit(view, notes="分支修改的备注")
                _, env = branch.run(
                    customers.update_customer,
                    branch.db,
                    clerk,
                    customers.UpdateCustomer(view.id, view.version, form),
                )
            else:
                fen = 1000 + 137 * n
                cmd = payments.PostPayment(
                    uuid.uuid4(), ids[n % len(ids)], (TenderInput(kinds[n % 4], fen),), fen
                )
                _, env = branch.run(payments.post_payment, branch.db, clerk, cmd)
            work.append(env)
        # the templates apply at the centre as they are (a check of the templates themselves)
        answers = apply.apply_batch(centre, branch.node_id, [opening, *work])
        assert all(a.outcome == Outcome.APPLIED for a in answers), answers
        with centre.read() as s:
            users = {
                u.username: u.id for u in s.scalars(sa.select(User).where(User.node_id == branch.node_id))
            }
        assert SYNC_TABLES
        return Templates(branch.node_id, opening, work, ids, bills, users)
    finally:
        branch.db.dispose()


def _admin(db: Database) -> Any:
    from app.services import auth
    from tests.benchmarks import cache

    return auth.login(db, "admin", cache.ADMIN_PASSWORD)


def _edit(view: Any, **changes: Any) -> Any:
    from app.services import customers

    base = customers.CustomerInput(
        party_type=view.party_type,
        kind=view.kind,
        name=view.name,
        id_type=view.id_type,
        id_number=None,
        area=view.area,
        voltage_level=view.voltage_level,
        capacity_kva=str(view.capacity_kva),
        tariff_code=view.tariff_code,
        low_income=view.low_income,
        vip=view.vip,
        customer_manager=view.customer_manager,
        contact_person=view.contact_person,
        phone=None,
        phone2=None,
        supply_address=view.supply_address,
        meter_no=view.meter_no,
        notes=view.notes,
    )
    return dataclasses.replace(base, **changes)


# ---- benchmark nodes: registered at the centre, with their own customers and bills ----------------


@dataclasses.dataclass
class BenchNode:
    node_id: uuid.UUID
    code: str
    incarnation: str
    users: dict[str, tuple[uuid.UUID, str]]  # template username -> (id, username)
    #: this node's customers and their bills (one each), the payments spread over them
    customers: list[uuid.UUID]
    bills: list[uuid.UUID]
    #: the node's secret (its hash at the centre), for pushes through the service
    secret: str = ""


def add_node(centre: Database, t: Templates, code: str, customers: int) -> BenchNode:
    """A branch node as enrolment leaves it (node, users, active sync_node) with ``customers``
    copies of a template customer as its own, each with one bill large enough for every
    payment it gets (a bill takes about ten payments: the benchmark is not about over-payment)."""
    from app.sync import nodes, rows
    from db.keys import uuid7
    from db.models import Node, SyncNode, User, utcnow

    incarnation = str(uuid.uuid4())
    secret = uuid.uuid4().hex
    with centre.write() as s:
        node = Node(
            code=code,
            name=f"基准供电所{code}",
            company="国网杭州供电公司",
            address="",
            phone="",
            op_seq=0,
            op_last_hash="",
            account_seq=0,
            created_at=utcnow(),
        )
        s.add(node)
        s.flush()
        users: dict[str, tuple[uuid.UUID, str]] = {}
        for username, template_id in t.users.items():
            src = s.get(User, template_id)
            assert src is not None
            name = f"{username[:20]}{code}"
            user = User(
                username=name,
                display_name=src.display_name,
                employee_no=f"{code}{src.employee_no}",
                role=src.role,
                password_hash=src.password_hash,
                node_id=node.id,
            )
            s.add(user)
            s.flush()
            users[username] = (user.id, name)
        s.add(
            SyncNode(
                node_id=node.id,
                status="active",
                incarnation=incarnation,
                secret_hash=nodes.secret_hash(secret),
                applied_seq=0,
                enrolled_at=utcnow(),
                created_by="admin",
            )
        )
        row = rows.read_image(s, "customer", {"id": t.customers[0]})
        bill = rows.read_image(s, "bill", {"id": t.bills[0]})
        assert row is not None and bill is not None
        ids = [uuid7() for _ in range(customers)]
        bill_ids = [uuid7() for _ in range(customers)]
        s.execute(
            rows.table("customer").insert(),
            [
                {**row, "id": c, "account_no": f"{code}{i + 1:07d}", "node_id": node.id, "notes": ""}
                for i, c in enumerate(ids)
            ],
        )
        s.execute(
            rows.table("bill").insert(),
            [
                {**bill, "id": b, "customer_id": c, "bill_no": f"B{code}{i + 1:06d}", "amount_fen": 10**10}
                for i, (c, b) in enumerate(zip(ids, bill_ids, strict=True))
            ],
        )
        node_id = node.id
    return BenchNode(node_id, code, incarnation, users, ids, bill_ids, secret)


# ---- replay: the templates as this node's own envelopes, chain recomputed ---------------------------


class Replayer:
    """Envelopes of one benchmark node: the template shift opening, then the template work over
    and over, each with fresh ids and this node's sequence numbers and hash chain."""

    def __init__(self, t: Templates, node: BenchNode) -> None:
        self.t = t
        self.node = node
        self.seq = 0
        self.prev = ""
        self.receipts = 0
        self.notes = 0
        self.last_notes: dict[str, Any] = {}
        self.session_map: dict[str, str] = {}
        self.turn = 0
        base = {str(t.branch_node): str(node.node_id)}
        base.update({str(t.users[u]): str(uid) for u, (uid, _) in node.users.items()})
        base.update({f'"{u}"': f'"{name}"' for u, (_, name) in node.users.items()})
        self.base = base

    def envelopes(self, total_ops: int) -> list[Envelope]:
        out = [self._copy(self.t.open_shift, first=True)]
        ops = len(out[0].ops)
        i = 0
        while ops < total_ops:
            env = self._copy(self.t.work[i % len(self.t.work)])
            out.append(env)
            ops += len(env.ops)
            i += 1
        return out

    def _copy(self, template: Envelope, *, first: bool = False) -> Envelope:
        text = template.to_json()
        fresh: dict[str, str] = dict(self.base)
        fresh.update(self.session_map)
        # the template customers (and bills) become this node's next customers, in turn
        pool = len(self.node.customers)
        for j, (c, b) in enumerate(zip(self.t.customers, self.t.bills, strict=True)):
            k = (self.turn + j) % pool
            fresh[str(c)], fresh[str(b)] = str(self.node.customers[k]), str(self.node.bills[k])
        self.turn += 1
        for op in template.ops:
            fresh[op.op_id] = str(uuid.uuid4())
        for ch in template.changes:
            if ch.action == "insert":
                for value in ch.row_key.values():
                    fresh.setdefault(str(value), str(uuid.uuid4()))
            after = ch.after or {}
            if ch.tbl == "payment" and after.get("receipt_no"):
                self.receipts += 1
                fresh[after["receipt_no"]] = f"{self.node.code}R{self.receipts:08d}"
            if ch.tbl == "cashier_session" and ch.action == "insert":
                fresh[after["session_no"]] = f"{self.node.code}S000001"
                # later payments name this node's session
                self.session_map[str(ch.row_key["id"])] = fresh[str(ch.row_key["id"])]
        for old, new in fresh.items():
            text = text.replace(old, new)
        data = json.loads(text)
        for ch in data["changes"]:
            if ch["tbl"] == "customer" and ch["action"] == "update":
                cid = ch["row_key"]["id"]
                self.notes += 1
                ch["before"]["notes"] = self.last_notes.get(cid, "")
                ch["after"]["notes"] = f"分支修改的备注 {self.notes}"
                self.last_notes[cid] = ch["after"]["notes"]
        env = Envelope.from_dict(data)
        ops = []
        for op in env.ops:
            self.seq += 1
            ops.append(self._rechain(op))
        return dataclasses.replace(
            env,
            ops=tuple(ops),
            incarnation=self.node.incarnation,
            sent_at=dt.datetime.now(dt.UTC).isoformat(),
        )

    def _rechain(self, op: OpRecord) -> OpRecord:
        from app.write_path import oplog

        payload_hash = hashlib.sha256(op.payload.encode("utf-8")).hexdigest()
        actor = next((name for u, (_, name) in self.node.users.items() if u == op.actor), op.actor)
        digest = oplog.record_hash(
            uuid.UUID(op.op_id),
            self.node.node_id,
            self.seq,
            op.op_type,
            op.entity_type,
            uuid.UUID(op.entity_id) if op.entity_id else None,
            payload_hash,
            actor,
            op.occurred_at,
            self.prev,
        )
        new = dataclasses.replace(
            op,
            node_id=str(self.node.node_id),
            seq=self.seq,
            payload_hash=payload_hash,
            actor=actor,
            prev_hash=self.prev,
            hash=digest,
        )
        self.prev = digest
        return new


# ---- the figures ------------------------------------------------------------------------------------


def _requests(envs: list[Envelope]) -> list[str]:
    """The push bodies (JSON), as the client sends them."""
    return [
        json.dumps({"envelopes": [e.to_dict() for e in envs[i : i + REQUEST]]}, ensure_ascii=False)
        for i in range(0, len(envs), REQUEST)
    ]


def push_all(db: Database, node_id: uuid.UUID, bodies: list[str]) -> list[str]:
    """Every request parsed and applied, in order; the outcomes."""
    from app.sync import apply

    outcomes: list[str] = []
    for body in bodies:
        envs = [Envelope.from_dict(e) for e in json.loads(body)["envelopes"]]
        outcomes += [a.outcome for a in apply.apply_batch(db, node_id, envs)]
    return outcomes


def check_node(db: Database, node: BenchNode, envs: list[Envelope]) -> str:
    """'' when every operation of the node is in the centre's tables; else what is missing."""
    from db.models import Operation, Payment, SyncConflict, SyncHeld, SyncNode, SyncReceived

    ops = sum(len(e.ops) for e in envs)
    payments = sum(1 for e in envs for c in e.changes if c.tbl == "payment" and c.action == "insert")
    with db.read() as s:

        def n(model: Any, *where: Any) -> int:
            return int(s.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)

        got = {
            "operation_log": n(Operation, Operation.node_id == node.node_id),
            "sync_received": n(SyncReceived, SyncReceived.node_id == node.node_id),
            "payment": n(Payment, Payment.node_id == node.node_id),
            "applied_seq": s.scalar(sa.select(SyncNode.applied_seq).where(SyncNode.node_id == node.node_id)),
            "held": n(SyncHeld, SyncHeld.node_id == node.node_id),
            "conflicts": n(SyncConflict, SyncConflict.node_id == node.node_id),
        }
    want = {
        "operation_log": ops,
        "sync_received": ops,
        "payment": payments,
        "applied_seq": envs[-1].last_seq,
        "held": 0,
        "conflicts": 0,
    }
    bad = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    return (
        ""
        if not bad
        else f"node {node.code}: " + ", ".join(f"{k} {g} (want {w})" for k, (g, w) in bad.items())
    )


def one_branch(db: Database, t: Templates, note: Callable[[str], None]) -> tuple[str, str, str, bool]:
    total, _, _ = sizes()
    node = add_node(db, t, "4000", max(TEMPLATE_CUSTOMERS, total // 10))
    envs = Replayer(t, node).envelopes(total)
    bodies = _requests(envs)
    t0 = time.perf_counter()
    outcomes = push_all(db, node.node_id, bodies)
    seconds = time.perf_counter() - t0
    problem = check_node(db, node, envs)
    wrong = [o for o in outcomes if o != Outcome.APPLIED]
    ops = sum(len(e.ops) for e in envs)
    note(
        f"# sync.push_apply_10k: {ops:,} ops in {len(envs):,} envelopes, {len(bodies)} requests; "
        f"{seconds / ops * 1000:.2f} ms/op; not applied: {len(wrong)}; {problem or 'all counted'}"
    )
    ok = seconds <= BUDGET_10K_S and not wrong and not problem
    return (
        "sync.push_apply_10k",
        f"{seconds:.1f} s for {ops:,} ops ({seconds / ops * 1000:.2f} ms/op)",
        f"≤ {BUDGET_10K_S:.0f} s",
        ok,
    )


def push_over_http(base: str, node: BenchNode, bodies: list[str]) -> list[str]:
    """Every request POSTed to the service as the branch's client sends it; the outcomes."""
    import httpx

    headers = {"Authorization": f"Bearer {node.node_id}:{node.secret}", "X-GridCounter-Incarnation": node.incarnation,
               "Content-Type": "application/json"}
    outcomes: list[str] = []
    with httpx.Client(timeout=600) as http:
        for body in bodies:
            response = http.post(base + "/v1/push", content=body.encode("utf-8"), headers=headers)
            response.raise_for_status()
            outcomes += [a["outcome"] for a in response.json()["answers"]]
    return outcomes


def many_branches(
    url: str, db: Database, t: Templates, note: Callable[[str], None]
) -> tuple[str, str, str, bool]:
    from tests.benchmarks.sync_link import service_process

    _, branches, per = sizes()
    nodes = [add_node(db, t, f"{5000 + i}", max(TEMPLATE_CUSTOMERS, per // 10)) for i in range(branches)]
    work = []
    for node in nodes:
        envs = Replayer(t, node).envelopes(per)
        work.append((node, envs, _requests(envs)))
    errors: list[BaseException] = []
    results: dict[str, list[str]] = {}
    start = threading.Barrier(len(work))

    def worker(base: str, node: BenchNode, bodies: list[str]) -> None:
        try:
            start.wait()
            results[node.code] = push_over_http(base, node, bodies)
        except BaseException as exc:  # reported below
            errors.append(exc)

    workers = int(os.environ.get("BENCH_SYNC_WORKERS") or max(1, os.cpu_count() or 1))
    with service_process(url, workers) as base:
        threads = [threading.Thread(target=worker, args=(base, node, bodies)) for node, _, bodies in work]
        t0 = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        seconds = time.perf_counter() - t0
    problems = [p for node, envs, _ in work if (p := check_node(db, node, envs))]
    wrong = sum(1 for outs in results.values() for o in outs if o != Outcome.APPLIED)
    ops = sum(len(e.ops) for _, envs, _ in work for e in envs)
    note(
        f"# sync.50_branches: through the service (main.py sync-server --workers {workers}, one per core) over "
        f"loopback HTTP; {branches} branches × {per:,} ops = {ops:,} ops, {seconds / ops * 1000:.2f} ms/op "
        f"overall; errors: {len(errors)}{' (' + repr(errors[0]) + ')' if errors else ''}; not applied: {wrong}; "
        + ("; ".join(problems[:3]) if problems else "all applied, none lost (counted per node)")
    )
    ok = seconds <= BUDGET_50_S and not errors and not wrong and not problems
    return ("sync.50_branches", f"{seconds:.1f} s for {branches}×{per:,} ops", f"≤ {BUDGET_50_S:.0f} s", ok)


def _install_feed(db: Database, note: Callable[[str], None]) -> None:
    try:
        from app.sync import triggers
    except ImportError:
        note("# sync: app/sync/triggers.py not on this branch: the centre's feed triggers are not installed")
        return
    with db.engine.begin() as conn:
        triggers.install_centre_feed(conn)
    note("# sync: the centre's feed triggers are installed")


def run(report: Any, mode: Any, cluster: Any) -> None:
    """The group for ``python -m tests.benchmarks``: a throwaway PostgreSQL database."""
    from app.services.setup import SetupInput, initialize, open_database
    from tests.benchmarks import cache

    if cluster is None:
        raise RuntimeError("the sync benchmarks need PostgreSQL (the centre)")
    name = "gridcounter_bench_sync"
    cluster.drop_database(name)
    url = cluster.create_database(name)
    settings = Settings(db_url=url)
    db = open_database(settings)
    try:
        initialize(
            db, SetupInput(*cache.NODE, "admin", "系统管理员", cache.ADMIN_PASSWORD, cache.ADMIN_PASSWORD)
        )
        _install_feed(db, report.note)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            templates = build_templates(db, settings, Path(tmp))
            report.note(
                f"# sync: {1 + len(templates.work)} template envelopes from a branch in "
                f"{time.perf_counter() - t0:.1f}s ({PAYMENTS_PER_EDIT} payments : 1 customer edit)"
            )
            if report.wanted("sync.push_apply_10k"):
                report.figure(*one_branch(db, templates, report.note))
            if report.wanted("sync.50_branches"):
                report.figure(*many_branches(url, db, templates, report.note))
    finally:
        db.dispose()
        cluster.drop_database(name)
