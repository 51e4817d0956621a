"""The backup benchmark (tests/benchmarks/backup.py) runs through ``python -m tests.benchmarks`` and
prints its two figure lines (quick mode: the 20,000-customer SQLite database)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(
    r"^(?P<name>backup\.\S+)\s+(?P<measured>.+?)\s+(?P<budget>(?:max )?≤ .+?)\s+(?P<verdict>ok|over)$"
)


@pytest.mark.slow
def test_backup_benchmark_prints_its_figures() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRIDCOUNTER_", "BENCH_BACKUP"))}
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--quick", "--only", "backup.*"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "ERROR" not in done.stdout, done.stdout
    lines = {m["name"]: m for line in done.stdout.splitlines() if (m := LINE.match(line))}
    assert set(lines) == {"backup.sqlite_1m", "backup.payment_during"}, done.stdout
    assert re.search(
        r"s \(copy \d+\.\d \+ verify \d+\.\d\), [\d,]+ MB, 20,000 customers",
        lines["backup.sqlite_1m"]["measured"],
    )
    assert re.search(
        r"\d+ payments, median \d+ ms, p95 \d+ ms, max \d+ ms, 0 failed",
        lines["backup.payment_during"]["measured"],
    )
