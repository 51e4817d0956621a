"""Drafts (草稿): a form being filled is kept on disk as it is typed, so a crash or a power cut
loses nothing (issue 12 item 10, docs/reliability.md).

One mechanism for every form that takes a customer's details at the counter (客户登记, 业务受理,
诉求登记). A form plugs in with a few lines:

* ``DraftKeeper(store_for(ctx), kind, form, snapshot, context=…, summary=…)`` once the form is
  built: it watches the form's editors (``watch(root)`` again after the form adds some) and
  writes the draft 500 ms after the last change, and at once when the focus leaves a field;
  a form still as it opened (``snapshot()`` equal to the first one) has no draft;
* ``keeper.discard()`` after a successful save and on an explicit cancel (Esc / 取消 / 放弃):
  the draft file is deleted;
* a ``restore_draft(draft)`` of its own that puts ``draft.fields`` back into the editors.

After the next log-in :func:`offer_drafts` (called by the shell, ui/app.py) asks for every draft of
this user on this node: "上次未保存的客户登记（x 分钟前）— 恢复 / 丢弃"; Esc keeps it for the
next start. Drafts older than :data:`MAX_AGE_DAYS` are deleted at start (:func:`sweep`).

Personal data: a draft holds ID numbers and phones. It lives in the user's own data folder
(``<data>/drafts/<node>/<user>/<kind>.json``, folders 0700, the file 0600), is written atomically
(a temporary file in the same folder, fsync, rename, fsync of the folder), is deleted on save and
on discard, and its content is never logged (only the kind and an error's type).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from app.config import private_dir, user_data_dir
from ui.i18n import fill

if TYPE_CHECKING:
    from ui.context import UiContext

log = logging.getLogger(__name__)

#: the kinds of form kept as drafts (the file name of each)
REGISTRATION = "registration"
APPLICATION = "application"
WORK_ORDER = "work_order"

#: milliseconds after the last change before the draft is written
DEBOUNCE_MS = 500
#: drafts older than this are deleted at start (personal data is not kept for ever)
MAX_AGE_DAYS = 7
FORMAT = 1
_WATCHED = "draftWatched"


def kind_label(kind: str) -> str:
    labels = {
        REGISTRATION: QCoreApplication.translate("Drafts", "客户登记"),
        APPLICATION: QCoreApplication.translate("Drafts", "业务受理"),
        WORK_ORDER: QCoreApplication.translate("Drafts", "诉求登记"),
    }
    return labels.get(kind, kind)


def drafts_root() -> Path:
    return user_data_dir() / "drafts"


def _safe(part: str) -> str:
    """A user or node name as one folder name (no separator, no "..")."""
    return "n-" + urllib.parse.quote(part or "-", safe="")


@dataclass(frozen=True)
class Draft:
    kind: str
    saved_at: dt.datetime  # aware
    fields: dict[str, Any]
    context: dict[str, str] = field(default_factory=dict)
    #: a few words the offer shows (the customer's name): on this clerk's own screen only
    summary: str = ""

    def age_text(self, now: dt.datetime | None = None) -> str:
        """``12 分钟前`` / ``3 小时前`` / ``2 天前``."""
        now = now or dt.datetime.now(dt.UTC)
        minutes = max(0, int((now - self.saved_at).total_seconds() // 60))
        if minutes < 1:
            return QCoreApplication.translate("Drafts", "不到 1 分钟前")
        if minutes < 60:
            return fill(QCoreApplication.translate("Drafts", "%1 分钟前"), minutes)
        if minutes < 48 * 60:
            return fill(QCoreApplication.translate("Drafts", "%1 小时前"), minutes // 60)
        return fill(QCoreApplication.translate("Drafts", "%1 天前"), minutes // (24 * 60))


class DraftStore:
    """The drafts of one user on one node, one file per kind of form."""

    def __init__(self, node: str, user: str, root: Path | None = None) -> None:
        self.root = root if root is not None else drafts_root()
        self.folder = self.root / _safe(node) / _safe(user)

    def path(self, kind: str) -> Path:
        return self.folder / f"{kind}.json"

    def _make_folders(self) -> None:
        for folder in (self.root, self.folder.parent, self.folder):
            private_dir(folder)  # 0700 each: the parents too

    def write(
        self,
        kind: str,
        fields: Mapping[str, Any],
        context: Mapping[str, str] | None = None,
        summary: str = "",
    ) -> bool:
        """Write the draft atomically; False (logged without its content) when it could not be."""
        payload = {
            "format": FORMAT,
            "kind": kind,
            "saved_at": dt.datetime.now(dt.UTC).isoformat(),
            "summary": summary,
            "context": dict(context or {}),
            "fields": dict(fields),
        }
        data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
        try:
            self._make_folders()
            _atomic_write(self.path(kind), data)
        except OSError as exc:  # a full disk must not disturb the clerk; the form is still there
            log.warning("draft of a %s form not written: %s (errno %s)", kind, type(exc).__name__, exc.errno)
            return False
        return True

    def read(self, kind: str) -> Draft | None:
        path = self.path(kind)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT or raw.get("kind") != kind:
                raise ValueError("not a draft of this format")
            saved_at = dt.datetime.fromisoformat(raw["saved_at"])
            if saved_at.tzinfo is None:
                saved_at = saved_at.replace(tzinfo=dt.UTC)
            fields = raw["fields"]
            if not isinstance(fields, dict):
                raise ValueError("fields is not an object")
            context = {str(k): str(v) for k, v in dict(raw.get("context") or {}).items()}
            return Draft(kind, saved_at, fields, context, str(raw.get("summary") or ""))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # an unreadable draft (a half-written disk block) is of no use: removed, content not logged
            log.warning("draft of a %s form unreadable (%s): removed", kind, type(exc).__name__)
            self.delete(kind)
            return None

    def delete(self, kind: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            try:
                self.path(kind).unlink()
            except OSError as exc:
                log.warning("draft of a %s form not deleted: %s", kind, type(exc).__name__)

    def pending(self) -> list[Draft]:
        """This user's drafts on this node, oldest first."""
        if not self.folder.is_dir():
            return []
        found = [d for d in (self.read(p.stem) for p in sorted(self.folder.glob("*.json"))) if d is not None]
        return sorted(found, key=lambda d: d.saved_at)


def _atomic_write(path: Path, data: bytes) -> None:
    """Temporary file (0600, same folder) + fsync + rename + fsync of the folder: after a power cut
    the file is the old draft or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name == "posix":
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def sweep(root: Path | None = None, max_age_days: int = MAX_AGE_DAYS, now: float | None = None) -> int:
    """Delete every user's drafts older than ``max_age_days`` (and temporary files left by a crash
    mid-write older than an hour). Returns how many files went."""
    root = root if root is not None else drafts_root()
    if not root.is_dir():
        return 0
    now = time.time() if now is None else now
    removed = 0
    for path in root.rglob("*"):
        try:
            if not path.is_file():
                continue
            age = now - path.stat().st_mtime
            old = age > max_age_days * 86400 if path.suffix == ".json" else age > 3600
            if old:
                path.unlink()
                removed += 1
        except OSError as exc:
            log.warning("old draft not removed: %s", type(exc).__name__)
    if removed:
        log.info("%d draft file(s) older than %d days removed", removed, max_age_days)
    return removed


def store_for(ctx: UiContext) -> DraftStore:
    """The logged-in user's drafts on this PC's node."""
    actor = ctx.actor
    assert actor is not None, "drafts belong to a logged-in user"
    return DraftStore(actor.node_code or ctx.node.code, actor.username)


class DraftKeeper(QObject):
    """Keeps one form's draft on disk while it is filled (see the module docstring)."""

    def __init__(
        self,
        store: DraftStore,
        kind: str,
        form: QWidget,
        snapshot: Callable[[], dict[str, Any]],
        *,
        context: Callable[[], dict[str, str]] | None = None,
        summary: Callable[[], str] | None = None,
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(form)
        self.store, self.kind, self.form = store, kind, form
        self._snapshot, self._context, self._summary = snapshot, context, summary
        self.active = True
        self._baseline = snapshot()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self.watch(form)

    def watch(self, root: QWidget) -> None:
        """Follow the editors under ``root`` (call again for editors the form adds later)."""
        for widget in [root, *root.findChildren(QWidget)]:
            if widget.property(_WATCHED):
                continue
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self.touched)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self.touched)
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                widget.toggled.connect(self.touched)
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                widget.textChanged.connect(self.touched)
            else:
                continue
            widget.setProperty(_WATCHED, True)

    def touched(self, *_args: object) -> None:
        if self.active:
            self.timer.start()  # restarts: 500 ms after the last keystroke

    def _focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        if not self.active or not self.timer.isActive() or old is None:
            return
        if isValid(self.form) and isValid(old) and self.form.isAncestorOf(old):
            self.flush()  # leaving a field: written now

    def flush(self) -> None:
        """Write the draft now (nothing typed yet: no draft)."""
        self.timer.stop()
        if not self.active or not isValid(self.form):
            return
        values = self._snapshot()
        if values == self._baseline:
            self.store.delete(self.kind)
            return
        self.store.write(
            self.kind,
            values,
            self._context() if self._context else {},
            self._summary() if self._summary else "",
        )

    def discard(self) -> None:
        """Saved, or dropped on purpose: the draft goes and nothing more is written."""
        self.active = False
        self.timer.stop()
        self.store.delete(self.kind)


#: restores one draft into its form (opens the form, fills it)
Restorer = Callable[[Draft], None]


def offer_drafts(
    ctx: UiContext, parent: QWidget | None, restorers: Mapping[str, Restorer], store: DraftStore | None = None
) -> list[str]:
    """After log-in: offer each of this user's drafts back (恢复 / 丢弃; Esc keeps it for the next
    start). A kind with no restorer (the form is not available to this user now) is kept until it
    ages out. Returns the kinds restored."""
    store = store or store_for(ctx)
    restored: list[str] = []
    for draft in store.pending():
        restore = restorers.get(draft.kind)
        if restore is None:
            continue
        text = fill(
            QCoreApplication.translate("Drafts", "上次未保存的%1（%2）"),
            kind_label(draft.kind),
            draft.age_text(),
        )
        if draft.summary:
            text += fill(QCoreApplication.translate("Drafts", "：%1"), draft.summary)
        text += "\n" + QCoreApplication.translate(
            "Drafts", "程序上次没有正常退出，这份录入尚未保存。恢复后可继续填写并保存；丢弃则删除这份草稿。"
        )
        answer = ctx.dialogs.choose(
            parent,
            QCoreApplication.translate("Drafts", "恢复未保存的录入"),
            text,
            [QCoreApplication.translate("Drafts", "恢复"), QCoreApplication.translate("Drafts", "丢弃")],
            default=0,
        )
        if answer == 0:
            restore(draft)
            restored.append(draft.kind)
        elif answer == 1:
            store.delete(draft.kind)
    return restored
