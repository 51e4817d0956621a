"""Issue 11 test 2 (docs/sync.md#push): a branch counter killed mid-payment — a real process,
SIGKILLed at random moments while it posts payments on a branch database. Afterwards, from the
tables: each payment and its operation record are both present or both absent (as on any
database, tests/reliability), and the outbox is whole — every record of the node belongs to
exactly one group, no captured row is left without its group, and the groups, sent as
envelopes, cover the sequence without a gap."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.sync import outbox
from app.write_path import oplog
from db.models import Node, Operation, Payment, SyncChange, SyncGroup
from tests.reliability.hall import (
    finish,
    open_hall,
    read_journal,
    start_worker,
    stderr_of,
    wait_for,
    write_plan,
)
from tests.reliability.invariants import check_invariants
from tests.reliability.test_reliability import (
    SEED,
    add_bills,
    check_posted_once,
    journal_outcomes,
    random_command,
)
from tests.sync.test_capture import make_branch

pytestmark = pytest.mark.slow


def test_issue_11_test_2_branch_killed_mid_payment_keeps_payment_and_outbox_whole(
    sqlite_url: str, tmp_path: Path, record_property: Any
) -> None:
    rng = random.Random(SEED)
    hall = open_hall(sqlite_url, ["clerk1"], n_customers=1)
    customer = hall.customers[0]
    add_bills(hall, customer)
    make_branch(hall.db)
    with hall.db.read() as s:
        start_seq = int(s.scalar(sa.select(Node.op_seq)) or 0)
    plan = write_plan(tmp_path / "plan.json", sqlite_url,
                      commands=[random_command(rng, "clerk1", customer) for _ in range(60)])
    journal = tmp_path / "victim.jsonl"
    kills = 0
    for k in range(4):
        sent_before = sum(1 for e in read_journal(journal) if e["ev"] == "send")
        kill_after = sent_before + rng.randint(1, 10)
        victim = start_worker("pay", plan, journal, *(["--resume"] if k else []))
        wait_for(lambda v=victim, n=kill_after: (
            sum(1 for e in read_journal(journal) if e["ev"] == "send") >= n or v.poll() is not None),
            60, "the branch counter posting", [], interval=0.003)
        time.sleep(rng.uniform(0.0, 0.02))
        assert victim.poll() is None, f"the worker ended before its kill:\n{stderr_of(journal)}"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        kills += 1
    finish([start_worker("pay", plan, journal, "--resume")], 120)

    receipts, refused, _, _ = journal_outcomes([journal])
    assert not refused, refused[:3]
    rids = {c["request_id"] for c in json.loads(plan.read_text())["commands"]}
    check_posted_once(hall, rids, receipts)
    problems = check_invariants(sqlite_url)
    assert not problems, "\n".join(problems)

    with hall.db.read() as s:
        last_seq = int(s.scalar(sa.select(Node.op_seq)) or 0)
        groups = s.execute(sa.select(SyncGroup.first_seq, SyncGroup.last_seq).order_by(SyncGroup.first_seq)).all()
        covered = [seq for first, last in groups for seq in range(first, last + 1)]
        assert covered == list(range(start_seq + 1, last_seq + 1)), "every record in exactly one group"
        assert s.scalar(sa.select(sa.func.count()).select_from(SyncChange).where(SyncChange.group_seq.is_(None))) == 0
        # each payment's rows travel in the group of its PostPayment record
        group_of = {seq: last for first, last in groups for seq in range(first, last + 1)}
        post = {eid: seq for eid, seq in s.execute(sa.select(Operation.entity_id, Operation.seq).where(Operation.op_type == "PostPayment"))}
        for pid in s.scalars(sa.select(Payment.id).where(Payment.kind == "payment")):
            key = json.dumps({"id": str(pid)}, sort_keys=True, separators=(",", ":"))
            in_group = s.scalar(sa.select(SyncChange.group_seq).where(
                SyncChange.tbl == "payment", SyncChange.row_key == key, SyncChange.action == "insert"))
            assert in_group == group_of[post[pid]], pid
        envelopes = outbox.pending_envelopes(s, limit=10_000)
    seqs = [op.seq for env in envelopes for op in env.ops]
    assert seqs == list(range(start_seq + 1, last_seq + 1))
    prev = envelopes[0].ops[0].prev_hash
    for op in (op for env in envelopes for op in env.ops):
        assert op.prev_hash == prev
        prev = op.hash
    with hall.db.read() as s:
        assert all(r.ok for r in oplog.verify(s))
    line = (f"reliability: branch_kill_9.sqlite {kills} kills, {len(rids)} payments, {len(envelopes)} envelopes "
            f"cover seq {start_seq + 1}..{last_seq} (seed {SEED})")
    print(line)
    record_property("reliability", line)
    hall.db.dispose()
