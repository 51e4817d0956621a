"""Typing Chinese through Fcitx 5 with Qt's PyPI wheels (docs/packaging.md#input-methods).

UOS and Kylin sessions set ``QT_IM_MODULE=fcitx``. PySide6's wheels carry no Fcitx input-context
plugin (only ``ibus``, ``compose`` and the virtual keyboard), so Qt then loads no input method at
all: every key arrives as a Latin letter and a clerk cannot type a name. Fcitx 5's ``ibusfrontend``
addon (Debian: ``fcitx5-modules``, loaded by default) speaks the IBus protocol, so Qt's ``ibus``
plugin can type through Fcitx 5 — but only with ``IBUS_USE_PORTAL=1``: without it Qt's plugin gives
up unless an ``ibus-daemon`` executable is on PATH (a Fcitx-only desktop has none), and with it the
plugin talks to ``org.freedesktop.portal.IBus`` on the session bus, which the ibusfrontend owns.
Checked on Debian 12 (Fcitx 5.0.21, PySide6 6.11): ``zhangsan`` + space gives 张三
(tests/ui/test_input_method.py::test_pinyin_through_fcitx5).

Fcitx 4 has no IBus frontend: there this changes nothing that worked (no input method either way);
such PCs are switched to IBus (docs/packaging.md#input-methods), which the same fallback reaches.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Mapping

log = logging.getLogger(__name__)

FCITX_KEYS = ("fcitx", "fcitx5")


def _requested(environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """The variable Qt reads and the input methods it names, as Qt ≥ 6.8 does: QT_IM_MODULES (a
    ``;`` list, tried in order) when set, else QT_IM_MODULE."""
    listed = [key.strip() for key in environ.get("QT_IM_MODULES", "").split(";") if key.strip()]
    if listed:
        return "QT_IM_MODULES", listed
    single = environ.get("QT_IM_MODULE", "").strip()
    return "QT_IM_MODULE", [single] if single else []


def fcitx_fallback(environ: Mapping[str, str], plugin_files: Iterable[str]) -> dict[str, str]:
    """The variables to set before the QApplication exists so that a Fcitx session gets an input
    method: {} when the session asks for no Fcitx module or this Qt has a Fcitx plugin of its own
    (``plugin_files``: the file names in its platforminputcontexts folders)."""
    variable, keys = _requested(environ)
    if not any(key.lower() in FCITX_KEYS for key in keys):
        return {}
    if any("fcitx" in name.lower() for name in plugin_files):
        return {}  # e.g. a fcitx5-qt plugin built for this Qt, put in by the IT department
    replaced: list[str] = []
    for key in keys:
        key = "ibus" if key.lower() in FCITX_KEYS else key
        if key.lower() not in (k.lower() for k in replaced):
            replaced.append(key)
    changes = {variable: ";".join(replaced)}
    if "IBUS_USE_PORTAL" not in environ:
        changes["IBUS_USE_PORTAL"] = "1"
    return changes


def plugin_files(environ: Mapping[str, str] | None = None) -> list[str]:
    """The file names in the platforminputcontexts folders this Qt searches: its own plugin folder
    and those of QT_PLUGIN_PATH."""
    from PySide6.QtCore import QLibraryInfo

    environ = os.environ if environ is None else environ
    roots = [QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)]
    roots += [p for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    names: list[str] = []
    for root in roots:
        with contextlib.suppress(OSError):
            names += os.listdir(os.path.join(root, "platforminputcontexts"))
    return names


@contextlib.contextmanager
def fcitx_fallback_applied(
    environ: dict[str, str] | os._Environ[str] | None = None,
) -> Iterator[dict[str, str]]:
    """Create the QApplication inside this block. Qt reads these variables only while it starts its
    platform (the input context is made then), so they are put back afterwards: programs started
    from here (a PDF viewer) get the session's own."""
    environ = os.environ if environ is None else environ
    changes = fcitx_fallback(environ, plugin_files(environ)) if sys.platform.startswith("linux") else {}
    saved = {name: environ.get(name) for name in changes}
    if changes:
        log.info(
            "no Fcitx input-context plugin in this Qt: typing through the IBus protocol — Fcitx 5's IBus "
            "frontend, or IBus itself where it runs (%s)",
            ", ".join(f"{name}={value}" for name, value in changes.items()),
        )
        environ.update(changes)
    try:
        yield changes
    finally:
        for name, value in saved.items():
            if value is None:
                environ.pop(name, None)
            else:
                environ[name] = value
