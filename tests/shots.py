"""Where screenshot tests write their PNGs.

A plain ``pytest`` must leave the working tree as it found it, so the screenshots go to a
temporary folder unless ``GRIDCOUNTER_SCREENSHOTS=1`` is set; then they refresh the README's
``docs/screenshots/`` (see the README, "Screens")::

    GRIDCOUNTER_SCREENSHOTS=1 .venv/bin/python -m pytest tests/ui -k screenshot
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DOCS_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def _shots_dir() -> Path:
    if os.environ.get("GRIDCOUNTER_SCREENSHOTS") == "1":
        return DOCS_SHOTS
    return Path(tempfile.mkdtemp(prefix="gridcounter-shots-"))


SHOTS = _shots_dir()
