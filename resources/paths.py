"""Where the program's own files are: the source tree, or the folder PyInstaller built.

Every lookup of a file shipped with the program goes through here — the bundled font, the
translations, the Alembic migrations (``db/migrate.py``; the tariff, catalogue and category
JSON files are read with ``importlib.resources``, which PyInstaller's importer serves from the
same folder). The frozen build (``packaging/gridcounter.spec``) copies these files to the same
relative places below its ``_internal`` folder, so one rule covers both cases:

* from a clone or a pip install: the folder holding ``app/``, ``db/``, ``ui/`` and ``resources/``;
* frozen (``sys.frozen``): ``sys._MEIPASS``, PyInstaller's data folder (``_internal`` beside the
  ``gridcounter`` executable of the one-folder build).

Stdlib only: every layer (``db/`` included, which may not import ``app/``) can use it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def bundle_root() -> Path:
    """The folder the program's files are laid out below (``resources/``, ``db/migrations/``)."""
    if getattr(sys, "frozen", False):
        meipass = getattr(sys, "_MEIPASS", None)
        return Path(meipass) if meipass else Path(sys.executable).resolve().parent / "_internal"
    return Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """A file or folder below ``resources/``: ``resource("fonts", "wqy-microhei.ttc")``."""
    return bundle_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    """Alembic's script folder (``env.py``, ``versions/*.py``: read as source at run time)."""
    return bundle_root() / "db" / "migrations"
