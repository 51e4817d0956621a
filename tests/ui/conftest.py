"""UI fixtures: a UiContext over an initialised SQLite database with scripted dialogs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent

from app.services import auth
from app.services.setup import local_node
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, SUPERVISOR_PASSWORD
from tests.ui.helpers import ScriptedDialogs
from ui.context import UiContext
from ui.tasks import TaskRunner
from ui.theme import install_style_sheet


@pytest.fixture(autouse=True, scope="session")
def _palette_style_sheet(qapp) -> None:  # type: ignore[no-untyped-def]
    """The app's own style sheet (ui/palette.py: roles, panels, colours), as ``apply_theme`` installs it."""
    install_style_sheet(qapp)


@pytest.fixture(autouse=True)
def _no_leftover_windows(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Delete the top-level widgets a test left behind (a closed MainWindow held by a signal
    cycle, a menu, a dialog): otherwise they pile up in a worker's QApplication — a thousand
    widgets after a few main-window tests — and every later style-sheet change (the themed
    screenshot tests) re-polishes all of them, which made those tests ten times slower in the
    suite than alone. Runs last (autouse): after qtbot has closed what it was given."""
    before = {shiboken6.getCppPointer(w)[0] for w in qapp.topLevelWidgets()}
    yield
    # Deliver what is still queued (a finished task's result) while its widgets live, then
    # delete without closing: a close would start a window's quit questions all over again.
    # No gc.collect(): in a worker that has run a thousand tests a full collection takes over a
    # second, and deleteLater reaches a widget whether or not Python still holds it.
    QCoreApplication.processEvents()
    for widget in qapp.topLevelWidgets():
        if shiboken6.isValid(widget) and shiboken6.getCppPointer(widget)[0] not in before:
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def ui_ctx(qapp, sqlite_db) -> Iterator[UiContext]:  # type: ignore[no-untyped-def]
    """Logged in as clerk1 (营业员). Use ``login_as`` to switch."""
    db, settings = sqlite_db
    tasks = TaskRunner()
    ctx = UiContext(settings=settings, db=db, node=local_node(db), tasks=tasks, dialogs=ScriptedDialogs())
    ctx.actor = auth.login(db, "clerk1", CLERK_PASSWORD)
    yield ctx
    tasks.wait_idle(10000)


@pytest.fixture
def login_as():  # type: ignore[no-untyped-def]
    passwords = {"admin": ADMIN_PASSWORD, "clerk1": CLERK_PASSWORD, "clerk2": CLERK_PASSWORD,
                 "super1": SUPERVISOR_PASSWORD}

    def _login(ctx: UiContext, username: str) -> None:
        ctx.actor = auth.login(ctx.db, username, passwords[username])

    return _login
