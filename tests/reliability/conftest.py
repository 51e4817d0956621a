"""Collect the scenarios' ``reliability: …`` lines (test property ``reliability``) and repeat them
in a terminal summary section, so counts and times show without ``-s`` too."""

from __future__ import annotations

from typing import Any

_LINES: list[str] = []


def pytest_runtest_logreport(report: Any) -> None:
    if report.when == "call":
        _LINES.extend(value for name, value in report.user_properties if name == "reliability")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _LINES:
        terminalreporter.section("reliability (issue 7)")
        for line in _LINES:
            terminalreporter.write_line(line)
