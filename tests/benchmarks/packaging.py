"""The installable program's budgets (issue 12): ``python -m tests.benchmarks --only 'package*'``.

Builds the one-folder program (``packaging/build.py``, PyInstaller; under ``.bench-cache/package``:
about a minute with a warm PyInstaller cache, two on a cold one) and prints

    package.startup.login_window   the frozen program's cold start to the log-in window: the median of
                                   five runs (ui/app.py's GRIDCOUNTER_EXIT_AT_LOGIN hook) on the cold-start
                                   figure's database, with a clean environment (no venv, no PYTHONPATH);
                                   the venv's figure (startup.login_window) is printed beside it
    package.folder_size            the size of the Linux folder as installed (/opt/gridcounter)
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.benchmarks import cache
from tests.benchmarks.figures import STARTUP_BUDGET_S, Figure

FOLDER_BUDGET_MB = 350.0
RUNS = 5


def build(note: Any) -> Path:
    out = cache.CACHE / "package"
    t0 = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            str(cache.ROOT / "packaging" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
        ],
        cwd=cache.ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError("packaging/build.py failed: " + (done.stderr or done.stdout).strip()[-600:])
    note(f"# package: one-folder build in {time.perf_counter() - t0:.0f} s → {out / 'dist' / 'gridcounter'}")
    return out / "dist" / "gridcounter"


def folder_figure(folder: Path) -> Figure:
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6
    return Figure(
        "package.folder_size", f"{size:.0f}MB", f"budget={FOLDER_BUDGET_MB:.0f}MB", size <= FOLDER_BUDGET_MB
    )


def _frozen_env() -> dict[str, str]:
    """The benchmark's isolated folders (cache.isolate_environment), and nothing of the venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["GRIDCOUNTER_EXIT_AT_LOGIN"] = "1"
    return env


def startup_figure(folder: Path, db_path: Path, note: Any) -> Figure:
    program = folder / ("gridcounter.exe" if os.name == "nt" else "gridcounter")
    values: list[float] = []
    for _ in range(RUNS):
        proc = subprocess.run(
            [str(program), "--db-url", f"sqlite:///{db_path}"],
            env=_frozen_env(),
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
        found = re.search(r"login-window-shown\s+([0-9.]+)", proc.stdout + proc.stderr)
        if not found:
            tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
            note(f"# package.startup.login_window: exit code {proc.returncode}; {tail}")
            return Figure("package.startup.login_window", "missing", f"budget={STARTUP_BUDGET_S:.0f}s", False)
        values.append(float(found.group(1)))
    median = statistics.median(values)
    note(f"# package.startup.login_window: runs {', '.join(f'{v:.2f}' for v in values)}s")
    return Figure(
        "package.startup.login_window",
        f"median={median:.2f}s",
        f"budget={STARTUP_BUDGET_S:.0f}s",
        median <= STARTUP_BUDGET_S,
    )


def run(report: Any) -> None:
    from tests.benchmarks import figures as fig

    # BENCH_PACKAGE_FOLDER: measure a folder built elsewhere (the compat build's /opt/gridcounter
    # unpacked from its .deb, docs/packaging.md) instead of building the host's
    given = os.environ.get("BENCH_PACKAGE_FOLDER")
    folder = Path(given) if given else build(report.note)
    if given:
        report.note(f"# package: the folder given by BENCH_PACKAGE_FOLDER: {folder}")
    if report.wanted("package.folder_size"):
        f = folder_figure(folder)
        report.figure(f.name, f.measured, f.budget, f.ok)
    if report.wanted("package.startup.login_window"):
        db_path = cache.ensure_startup_db(report.note)
        f = startup_figure(folder, db_path, report.note)
        report.figure(f.name, f.measured, f.budget, f.ok)
        # The same database, from the venv: the two figures side by side, under the same machine load.
        venv = fig.startup_figure(db_path, cache.ROOT, report.note, runs=RUNS)
        report.note(
            f"# package.startup.login_window beside the venv: frozen {f.measured}, venv {venv.measured} "
            f"(startup.login_window, measured just after)"
        )
