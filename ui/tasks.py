"""Run work off the UI thread and get the answer back on it (Picard's run_task / to_main).

Every database call, search and PDF render goes through ``TaskRunner.run``. The callbacks
always run on the UI thread: the relay QObject lives there, so Qt queues the signal.

A database error never reaches a callback as the driver's exception (its text carries SQL and
the driver's details): ``app.diagnostics.presentable`` turns it, on the worker thread, into
``DatabaseBusy`` or a ``DatabaseFailure`` whose reference names the log entry written there.
Both are ``DomainError``s, so every screen shows their calm Chinese message as it shows any
other refusal.

Showing a failure is the runner's job, as in Anki's ``CollectionOp``: a view says *where* its
failures show (``Failure``: its field widgets, its error line, a status line, a message box)
and writes no handler. ``show_failure`` puts a ``ValidationError``/``ValidationErrors`` under
the fields registered for them (the rest on the error line), any other ``DomainError`` on the
error line / status line / message box, and an unexpected error the same way as the calm
message with the reference of its log entry. ``on_error`` replaces the default only where a
view does something different (reopen an approval prompt, keep an unanswered request); it may
still call ``show_failure`` for the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from app.diagnostics import log_unexpected, presentable
from app.domain.errors import DomainError, ValidationError, ValidationErrors
from app.services.permissions import SessionEnded
from ui.i18n import localize
from ui.widgets import ErrorLabel, FormField, error_message, show_errors

if TYPE_CHECKING:
    from ui.dialogs import Dialogs

log = logging.getLogger(__name__)


@dataclass
class Failure:
    """Where a task's failure shows when its view writes no handler (see ``show_failure``).

    A validation error goes under its registered field (the rest on ``label``); any other
    failure goes to every target given: a view with an error line and a status bar names both.
    With no target at all (``Failure(what="reading the hall rules")``: a read the screen can do
    without) the failure is only logged."""

    #: the form's field widgets by the service's field names: a ValidationError goes under its field
    fields: Mapping[str, FormField] = field(default_factory=dict)
    #: the form's own error line (ValidationErrors for fields not registered land here too)
    label: ErrorLabel | None = None
    #: a status line / the main window's status bar: gets the message in the UI language
    status: Callable[[str], None] | None = None
    #: a message box through the dialogs seam, titled ``title``, over ``parent``
    dialogs: Dialogs | None = None
    parent: QWidget | None = None
    title: str = ""
    #: only these failures get the message box (a form that holds an old version: a
    #: ``ConcurrentEdit`` must be seen, the form closed and opened again); empty: every failure
    box_for: tuple[type[BaseException], ...] = ()
    #: what failed, in English, for the log entry of an unexpected error ("saving a user")
    what: str = "a background task"
    #: move the cursor to the first field in error; False for checks that answer in the
    #: background while the clerk types in another field (the payment quote)
    focus: bool = True


def show_failure(exc: BaseException, where: Failure) -> None:
    """The runner's default display of a failed task (the module docstring says where to)."""
    exc = presentable(exc, where.what)
    if isinstance(exc, ValidationErrors) or (
            isinstance(exc, ValidationError) and exc.field in where.fields):
        show_errors(where.fields, exc, where.label, focus=where.focus)
        fields = exc.by_field() if isinstance(exc, ValidationErrors) else {exc.field: exc.message}
        if where.label is not None or all(name in where.fields for name in fields):
            return
    field_name = getattr(exc, "field", None)
    if isinstance(exc, DomainError) and isinstance(field_name, str) and field_name in where.fields:
        where.fields[field_name].set_error(exc.message)  # OverrideRequired and the like
        return
    text = error_message(exc, where.what)  # an unexpected error: logged, with its reference
    shown = False
    if where.label is not None:
        where.label.set_message(text)
        shown = True
    if where.status is not None:
        where.status(text)
        shown = True
    if where.dialogs is not None and (not where.box_for or isinstance(exc, where.box_for)):
        where.dialogs.error(where.parent, where.title, text)
        shown = True
    if not shown:  # a read the screen does without: logged only
        log.warning("%s failed (not shown): %s", where.what, text)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver)
        self.failed.connect(self._fail)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        try:
            self._on_done(result)
        finally:
            self.deleteLater()

    @Slot(object)
    def _fail(self, exc: BaseException) -> None:
        try:
            self._on_error(exc)
        finally:
            self.deleteLater()


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            try:
                result = self.fn()
            except BaseException as exc:  # noqa: BLE001 — every failure must reach the UI thread
                self.relay.failed.emit(presentable(exc, f"background task {getattr(self.fn, '__qualname__', '?')}"))
            else:
                self.relay.done.emit(result)
        except RuntimeError:
            # The application quit while this job ran and Qt already deleted the relay:
            # nobody is left to tell, and the unit of work has committed or rolled back.
            log.info("background task finished after its receiver was deleted")


class TaskRunner(QObject):
    """Counts jobs in flight so tests (and the close handler) can wait for them."""

    idle = Signal()
    #: a write was refused because the log-in is no longer valid (ended, account deactivated,
    #: role changed: issue 7 item 5); the main window returns to the log-in. The message, in the
    #: UI language, as argument; emitted after the task's on_error has run.
    session_ended = Signal(str)

    def __init__(self, pool: QThreadPool | None = None, on_unexpected: Callable[[BaseException], None] | None = None):
        super().__init__()
        self.pool = pool or QThreadPool.globalInstance()
        self.pending = 0
        self._relays: set[_Relay] = set()
        self._on_unexpected = on_unexpected

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None, *,
            failure: Failure | None = None, always: Callable[[], None] | None = None,
            stale: Callable[[], bool] | None = None) -> None:
        """Run ``fn`` on the pool; ``on_done(result)`` on the UI thread. A failure is shown by
        ``show_failure(exc, failure)`` unless the caller gave ``on_error``. ``always`` runs first
        either way (a busy dialog becomes editable again before the message is placed).

        ``stale`` is asked when the answer arrives: if it says True (a later search or load was
        started, the dialog closed) the answer is dropped: neither ``always`` nor ``on_done`` /
        the failure's display runs. A refused log-in still ends the session."""

        def finish() -> None:
            self._relays.discard(relay)
            self.pending -= 1
            if self.pending == 0:
                self.idle.emit()

        def done(result: Any) -> None:
            finish()
            if stale is not None and stale():
                return
            if always is not None:
                always()
            on_done(result)

        def error(exc: BaseException) -> None:
            finish()
            dropped = stale is not None and stale()
            if always is not None and not dropped:
                always()
            if isinstance(exc, SessionEnded):
                # After on_error, not before: the dialog that sent the write is still busy
                # until its on_error runs, and a busy dialog refuses to close, so it would stay
                # open over the log-in window. In the UI language: the signal flattens a Message.
                message = localize(exc.message)
                QTimer.singleShot(0, self, lambda: self.session_ended.emit(message))
            if dropped:  # nobody waits for this answer any more
                log.info("a stale task's failure dropped: %s", type(exc).__name__)
                return
            if on_error is not None:
                on_error(exc)
            elif failure is not None:
                show_failure(exc, failure)
            elif isinstance(exc, SessionEnded):
                log.info("background task refused: the log-in is no longer valid")  # the log-in says why
            elif self._on_unexpected is not None:
                self._on_unexpected(exc)
            elif not isinstance(exc, DomainError):
                log_unexpected(exc, "background task failed")  # redacted, under a reference
            else:
                log.warning("background task refused: %s", exc)

        relay = _Relay(done, error)
        self._relays.add(relay)  # keep the Python wrapper alive until it delivers
        self.pending += 1
        self.pool.start(_Job(fn, relay))

    def wait_idle(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)
