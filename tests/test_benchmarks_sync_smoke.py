"""The sync benchmarks (tests/benchmarks/sync_apply.py, sync_link.py) run through
``python -m tests.benchmarks`` and print their figure lines (PostgreSQL, the centre: 200
operations from one branch, 3 branches × 100 at once, every operation applied and counted; a
branch of 300 customers enrolled over loopback HTTP, and idle rounds)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<name>\S+)\s+(?P<measured>.+?)\s+(?P<budget>≤ .+?)\s+(?P<verdict>ok|over)$")


@pytest.mark.pg
def test_sync_benchmarks_print_their_figures() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDCOUNTER_")}
    env["BENCH_SYNC_TINY"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--quick", "--only", "sync.*"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "ERROR" not in done.stdout, done.stdout
    lines = {m["name"]: m for line in done.stdout.splitlines() if (m := LINE.match(line))}
    assert set(lines) == {"sync.push_apply_10k", "sync.50_branches", "sync.snapshot", "sync.round_idle"}
    assert re.search(r"\d+\.\d s for 300 customers \([\d,]+ rows\)", lines["sync.snapshot"]["measured"])
    assert re.search(r"p95 \d+\.\d ms", lines["sync.round_idle"]["measured"])
    assert re.search(r"\d+\.\d s for 200 ops \(\d+\.\d\d ms/op\)", lines["sync.push_apply_10k"]["measured"])
    assert re.search(r"\d+\.\d s for 3×100 ops", lines["sync.50_branches"]["measured"])
    # the checks behind the verdicts: every operation applied, counted from the tables
    assert "not applied: 0; all counted" in done.stdout
    assert "errors: 0; not applied: 0; all applied, none lost" in done.stdout
