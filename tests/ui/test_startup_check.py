"""The first command of the README on a bare Debian / Ubuntu desktop: Qt's xcb platform needs
libxcb-cursor0, which such a desktop lacks. The program says so itself, in Chinese and
English with the command to run, and exits 1 — instead of Qt's abort and core dump.

Also a real ``python main.py`` in a subprocess, with the library's name made one that cannot
be found (a library cannot be taken away from this machine for one test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}


def missing(name: str) -> object:
    raise OSError(f"{name}: cannot open shared object file: No such file or directory")


def present(name: str) -> object:
    return object()


def test_a_missing_xcb_cursor_is_named_with_the_command_to_install_it() -> None:
    text = main.qt_platform_problem(DESKTOP, "linux", ["main.py"], missing)
    assert text is not None
    assert "sudo apt-get install libxcb-cursor0" in text
    assert "缺少系统库 libxcb-cursor0" in text and "is not installed" in text


@pytest.mark.parametrize(
    ("environ", "platform", "argv", "why"),
    [
        ({**DESKTOP, "QT_QPA_PLATFORM": "offscreen"}, "linux", ["main.py"], "another platform chosen"),
        ({**DESKTOP, "QT_QPA_PLATFORM": "wayland"}, "linux", ["main.py"], "Wayland chosen"),
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux", ["main.py"], "a Wayland session"),
        ({"XDG_SESSION_TYPE": "wayland"}, "linux", ["main.py"], "a Wayland session"),
        (DESKTOP, "win32", ["main.py"], "Windows has no xcb"),
        (DESKTOP, "linux", ["main.py", "-platform", "offscreen"], "-platform given"),
    ],
)
def test_no_check_where_xcb_is_not_used(environ, platform, argv, why) -> None:  # type: ignore[no-untyped-def]
    assert main.qt_platform_problem(environ, platform, argv, missing) is None, why


def test_xcb_chosen_explicitly_is_checked_and_a_present_library_passes() -> None:
    explicit = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}
    assert main.qt_platform_problem(explicit, "linux", ["main.py"], missing) is not None
    assert main.qt_platform_problem(DESKTOP, "linux", ["main.py"], present) is None


def test_the_gui_command_exits_1_with_the_message_before_qt_starts(monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(main, "qt_platform_problem", lambda: main.XCB_CURSOR_MESSAGE)
    import ui.app

    def no_gui(settings):  # type: ignore[no-untyped-def]
        raise AssertionError("the window must not be started")

    monkeypatch.setattr(ui.app, "run", no_gui)
    assert main.main(["--db-url", f"sqlite:///{tmp_path / 'x.db'}"]) == 1
    err = capsys.readouterr().err
    assert "sudo apt-get install libxcb-cursor0" in err


def test_a_real_start_without_the_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``python main.py`` on a desktop without libxcb-cursor (its name made unfindable)."""
    code = (
        "import sys, main\n"
        "main.XCB_CURSOR = 'libxcb-cursor-not-installed.so.0'\n"
        f"sys.exit(main.main(['--db-url', {('sqlite:///' + str(tmp_path / 'x.db'))!r}]))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DISPLAY": ":99", "XDG_SESSION_TYPE": "x11"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "sudo apt-get install libxcb-cursor0" in result.stderr
    assert "Aborted" not in result.stderr and "core dumped" not in result.stderr


def test_the_readme_names_the_library_the_demo_log_ins_and_the_counter_keys() -> None:
    from app.demo import DEMO_PASSWORD, DEMO_STAFF

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start") : readme.index("## Screens")]
    assert "sudo apt-get install python3-venv libxcb-cursor0" in quick_start
    assert f"`{DEMO_PASSWORD}`" in quick_start
    for username, display_name, _employee_no, _role in DEMO_STAFF:
        assert f"`{username}`" in quick_start and display_name in quick_start
    rows = [line.split("|")[1].replace("*", "") for line in quick_start.splitlines() if line.startswith("| ")]
    keys = {key.strip() for row in rows for key in row.split(",")}
    assert {"F6", "F7", "F8", "Ctrl+P", "F1", "Esc"} <= keys
