"""Shared by the money screens: dropping a background answer whose widget Qt already deleted.

(The read-only table model these screens used to share here is ``ui.table_model.TableModel``.)
"""

from __future__ import annotations

from shiboken6 import isValid


def alive(obj: object) -> bool:
    """False once Qt has deleted the widget: a background answer arriving after its dialog
    closed (or its customer view went away) is dropped instead of touching a dead object."""
    return isValid(obj)
