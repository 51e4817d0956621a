"""Shared mode (联网模式): the same counter flows, driven by the keyboard, against PostgreSQL,
with two counters (two UI contexts, two clerks) on one database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import tests.ui.test_customers_flow as flow
from app.services import auth
from app.services.setup import local_node
from tests.conftest import CLERK_PASSWORD, _setup
from tests.ui.helpers import ScriptedDialogs
from ui.context import UiContext
from ui.tasks import TaskRunner

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_ctx(qapp, pg_url: str) -> Iterator[UiContext]:  # type: ignore[no-untyped-def]
    db, settings = _setup(pg_url)
    ctx = UiContext(settings=settings, db=db, node=local_node(db), tasks=TaskRunner(), dialogs=ScriptedDialogs())
    ctx.actor = auth.login(db, "clerk1", CLERK_PASSWORD)
    assert ctx.mode_label == "联网模式"
    yield ctx
    ctx.tasks.wait_idle(10000)
    db.dispose()


def test_register_by_keyboard_on_postgresql(qtbot, pg_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = flow.make_module(qtbot, pg_ctx)
    flow.test_register_individual_residential_by_keyboard(qtbot, module, pg_ctx)


def test_scanner_on_postgresql(qtbot, pg_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = flow.make_module(qtbot, pg_ctx)
    flow.test_scanner_types_account_and_enter_opens_it(qtbot, module, pg_ctx)


def test_pinyin_search_on_postgresql(qtbot, pg_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = flow.make_module(qtbot, pg_ctx)
    flow.test_search_by_pinyin_partial_name_and_last_four_digits(qtbot, module, pg_ctx)


def test_two_counters_edit_conflict_on_postgresql(qtbot, pg_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    flow.test_edit_conflict_second_save_is_refused(qtbot, pg_ctx)


def test_duplicate_warning_on_postgresql(qtbot, pg_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    module = flow.make_module(qtbot, pg_ctx)
    flow.test_duplicate_open_existing(qtbot, module, pg_ctx)
