"""The benchmark command itself runs and prints its figure lines (the cheap, SQLite-only ones).

The full run builds million-customer databases and is not part of the suite; this only guards
the wiring, so a renamed function or a dropped group fails here rather than in a closing note.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<name>\S+)\s+(?P<measured>.+?)\s+(?P<budget>(?:budget=|≤ |p95 ≤ ).+?)\s+(?P<verdict>ok|over)$")


def _run(only: str) -> list[re.Match[str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDCOUNTER_")}
    env["BENCH_APPLICATIONS_TINY"] = "1"  # 2,000 applications, a few rounds
    done = subprocess.run([sys.executable, "-m", "tests.benchmarks", "--quick", "--only", only], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "ERROR" not in done.stdout, done.stdout
    return [m for line in done.stdout.splitlines() if (m := LINE.match(line))]


@pytest.mark.parametrize(("only", "names"), [
    ("billview.sqlite", {"billview.sqlite"}),
    ("bills.compute_100k", {"bills.compute_100k"}),
    ("receipt.pdf*", {"receipt.pdf.80mm", "receipt.pdf.A5"}),
    ("applications.*.sqlite", {"applications.worklist.sqlite", "applications.accept_and_receipt.sqlite"}),
])
def test_benchmark_prints_one_line_per_figure(only: str, names: set[str]) -> None:
    lines = _run(only)
    assert {m["name"] for m in lines} == names
    for m in lines:
        assert re.search(r"\d", m["measured"]), m.string  # a measured number, not a placeholder
