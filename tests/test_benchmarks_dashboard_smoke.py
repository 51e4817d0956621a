"""The dashboard benchmark (tests/benchmarks/dashboard.py) runs through
``python -m tests.benchmarks`` and prints its figure line (SQLite, ≈ 2,000 transactions in the month, a few rounds)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<name>\S+)\s+(?P<measured>.+?)\s+(?P<budget>p95 ≤ .+?)\s+(?P<verdict>ok|over)$")


def test_dashboard_benchmark_prints_its_figure() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDCOUNTER_")}
    env["BENCH_DASHBOARD_TINY"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks", "--quick", "--only", "dashboard.month.sqlite"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "ERROR" not in done.stdout, done.stdout
    lines = [m for line in done.stdout.splitlines() if (m := LINE.match(line))]
    assert [m["name"] for m in lines] == ["dashboard.month.sqlite"]
    assert re.search(
        r"p95 \d+\.\d ms, median \d+\.\d ms over 5 rounds \(\d,\d{3} transactions", lines[0]["measured"]
    )
    assert "# dashboard.sqlite: three months built" in done.stdout
