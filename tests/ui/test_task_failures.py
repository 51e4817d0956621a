"""The task runner shows a failure by default (ui/tasks.py ``Failure``/``show_failure``, issue 8
item 6): a view names where its failures go and writes no handler.

* a ValidationError lands under the field registered for it, the error line stays empty;
* ValidationErrors: registered fields get theirs, the rest goes to the error line;
* a refusal without a field goes to the error line, the status line and a message box;
* an unexpected error shows the calm message with the reference of its log entry, never its text;
* a database error of the worker arrives as DatabaseFailure with its reference.
"""

from __future__ import annotations

import logging
import re
import sqlite3

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget

from app.domain.errors import ConcurrentEdit, RuleViolation, ValidationError, ValidationErrors
from app.services.permissions import SessionEnded
from tests.ui.helpers import ScriptedDialogs
from ui.tasks import Failure, TaskRunner
from ui.widgets import ErrorLabel, FormField

REFERENCE = re.compile(r"日志编号 (\d{8}-\d{4}-[0-9a-f]{4})")


class Form(QWidget):
    """A form as a view builds it: two fields and an error line, no failure handler."""

    def __init__(self) -> None:
        super().__init__()
        self.fields = {"amount": FormField(QLineEdit(), self), "reason": FormField(QLineEdit(), self)}
        self.error = ErrorLabel(self)
        self.done: list[object] = []


def run_failing(qtbot, tasks: TaskRunner, exc: BaseException, failure: Failure) -> list[object]:  # type: ignore[no-untyped-def]
    done: list[object] = []

    def work() -> None:
        raise exc

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(work, done.append, failure=failure)
    return done


@pytest.fixture
def form(qtbot) -> Form:  # type: ignore[no-untyped-def]
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_validation_error_goes_under_its_registered_field(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()
    form.error.set_message("上一次的错误")
    done = run_failing(
        qtbot,
        tasks,
        ValidationError("amount", "金额不能超过{limit}", limit="¥500.00"),
        Failure(form.fields, form.error),
    )
    assert done == []
    assert form.fields["amount"].error_text() == "金额不能超过¥500.00"
    assert form.fields["reason"].error_text() == ""
    assert form.error.text() == ""  # cleared: the message is next to the field
    assert form.fields["amount"].editor.hasFocus()


def test_a_background_check_marks_its_field_without_taking_the_cursor(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    """The payment quote answers while the clerk already types in 现金: the message goes under
    收款金额, the cursor stays where the clerk is (review of issue 8)."""
    form.fields["reason"].editor.setFocus()
    qtbot.waitUntil(form.fields["reason"].editor.hasFocus, timeout=2000)
    run_failing(
        qtbot,
        TaskRunner(),
        ValidationError("amount", "金额不能超过{limit}", limit="¥500.00"),
        Failure(form.fields, form.error, focus=False),
    )
    assert form.fields["amount"].error_text() == "金额不能超过¥500.00"
    assert form.fields["reason"].editor.hasFocus()


def test_validation_errors_for_unregistered_fields_go_to_the_error_line(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    exc = ValidationErrors(
        [ValidationError("reason", "请填写原因"), ValidationError("period", "账期格式不对")]
    )
    run_failing(qtbot, TaskRunner(), exc, Failure(form.fields, form.error))
    assert form.fields["reason"].error_text() == "请填写原因"
    assert form.error.text() == "账期格式不对"


def test_a_refusal_goes_to_every_place_the_view_named(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    dialogs, said = ScriptedDialogs(), []
    failure = Failure(
        form.fields, form.error, status=said.append, dialogs=dialogs, parent=form, title="审核失败"
    )
    run_failing(qtbot, TaskRunner(), RuleViolation("班次已审核，不能再次审核"), failure)
    assert form.error.text() == "班次已审核，不能再次审核"
    assert said == ["班次已审核，不能再次审核"]
    assert dialogs.asked == [("error", "审核失败", "班次已审核，不能再次审核")]
    assert all(field.error_text() == "" for field in form.fields.values())


def test_an_unexpected_error_shows_the_reference_of_its_log_entry(qtbot, form: Form, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.ERROR)
    run_failing(qtbot, TaskRunner(), KeyError("13912345678"), Failure(form.fields, form.error, what="saving"))
    shown = form.error.text()
    found = REFERENCE.search(shown)
    assert found is not None and "发生意外错误" in shown
    assert "KeyError" not in shown and "13912345678" not in shown  # details are in the log only
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert found.group(1) in logged and "saving failed unexpectedly" in logged


def test_a_database_error_shows_as_database_failure_with_its_reference(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    said: list[str] = []
    run_failing(
        qtbot,
        TaskRunner(),
        sqlite3.OperationalError("disk I/O error near 'INSERT'"),
        Failure(status=said.append),
    )
    assert len(said) == 1 and said[0].startswith("数据库错误（日志编号") and "INSERT" not in said[0]


def test_on_error_replaces_the_default_and_always_runs_first(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    tasks, calls = TaskRunner(), []

    def work() -> None:
        raise RuleViolation("不允许")

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(
            work,
            calls.append,
            lambda exc: calls.append(("handled", str(exc))),
            failure=Failure(label=form.error),
            always=lambda: calls.append("always"),
        )
    assert calls == ["always", ("handled", "不允许")]
    assert form.error.text() == ""  # the view's own handler decided


def test_always_runs_before_on_done(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks, calls = TaskRunner(), []
    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(lambda: 42, calls.append, always=lambda: calls.append("always"))
    assert calls == ["always", 42]


def test_a_stale_answer_is_dropped_whole(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    """``stale`` (a later search started, the dialog closed): neither ``always`` nor ``on_done``
    nor the failure's display runs, and the runner still counts the task as finished."""
    tasks, calls = TaskRunner(), []
    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(lambda: 42, calls.append, always=lambda: calls.append("always"), stale=lambda: True)

    def work() -> None:
        raise RuleViolation("不允许")

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(
            work,
            calls.append,
            failure=Failure(label=form.error),
            always=lambda: calls.append("always"),
            stale=lambda: True,
        )
    assert calls == []
    assert form.error.text() == ""
    assert tasks.pending == 0


def test_stale_is_asked_when_the_answer_arrives(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    """The generation counter is read on arrival, not when the task starts."""
    tasks, calls, generation = TaskRunner(), [], [1]
    mine = generation[0]

    def work() -> None:
        raise RuleViolation("不允许")

    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(work, calls.append, failure=Failure(label=form.error), stale=lambda: mine != generation[0])
    assert form.error.text() == "不允许"  # still current: shown
    form.error.set_message("")
    generation[0] += 1  # a later load
    with qtbot.waitSignal(tasks.idle, timeout=5000):
        tasks.run(work, calls.append, failure=Failure(label=form.error), stale=lambda: mine != generation[0])
    assert form.error.text() == ""


def test_a_stale_write_refused_for_an_ended_log_in_still_ends_the_session(qtbot) -> None:  # type: ignore[no-untyped-def]
    tasks = TaskRunner()

    def work() -> None:
        raise SessionEnded("登录已失效")

    with qtbot.waitSignal(tasks.session_ended, timeout=5000):
        tasks.run(work, lambda _r: None, stale=lambda: True)


def test_box_for_limits_the_message_box_to_those_failures(qtbot, form: Form) -> None:  # type: ignore[no-untyped-def]
    """A form that holds an old version: only a ConcurrentEdit also gets the message box."""
    dialogs = ScriptedDialogs()
    where = Failure(
        form.fields, form.error, dialogs=dialogs, parent=form, title="保存失败", box_for=(ConcurrentEdit,)
    )
    run_failing(qtbot, TaskRunner(), RuleViolation("不允许"), where)
    assert form.error.text() == "不允许"
    assert dialogs.asked == []
    run_failing(qtbot, TaskRunner(), ConcurrentEdit("记录已被他人修改"), where)
    assert dialogs.asked == [("error", "保存失败", "记录已被他人修改")]


def test_a_failure_with_no_target_is_only_logged(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    """A read the screen can do without (the hall rules' defaults): nothing shown, one log line."""
    with caplog.at_level(logging.WARNING, logger="ui.tasks"):
        done = run_failing(
            qtbot, TaskRunner(), RuleViolation("不允许"), Failure(what="reading the hall rules")
        )
    assert done == []
    assert "reading the hall rules failed (not shown): 不允许" in caplog.text
