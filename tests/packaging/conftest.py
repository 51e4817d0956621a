"""The package test first: it spends most of its time in a PyInstaller build (1–2 minutes), so it
starts at the beginning of the run. pytest-xdist hands out tests in collection order, so one worker
builds while the others work through the rest of the suite, instead of the build starting last
and the whole run waiting for it."""

from __future__ import annotations

from typing import Any


def pytest_collection_modifyitems(items: list[Any]) -> None:
    first = [item for item in items if item.nodeid.startswith("tests/packaging/")]
    if first:
        rest = [item for item in items if not item.nodeid.startswith("tests/packaging/")]
        items[:] = first + rest
