"""Which screen the customer display goes on (settings ``customer_display``,
``customer_display_screen``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from app.config import Settings

S = TypeVar("S")


def pick_screen(screens: Sequence[S], primary: S | None, settings: Settings) -> S | None:
    """The customer's screen, or None (one screen, or the display switched off: the rating is
    then a dialog). ``customer_display_screen`` 0 takes the first screen that is not the
    primary (the clerk's); N takes the N-th, unless that is the clerk's own or does not exist."""
    if not settings.customer_display or len(screens) < 2:
        return None
    wanted = settings.customer_display_screen
    if wanted:
        if wanted > len(screens):
            return None
        chosen = screens[wanted - 1]
        return chosen if chosen is not primary else None
    return next((s for s in screens if s is not primary), None)
