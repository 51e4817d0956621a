"""UI fixtures: a UiContext over an initialised SQLite database with scripted dialogs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
