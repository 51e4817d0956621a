"""Test doubles for the UI's dialog seam: answers are scripted, questions are recorded."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from app.dto.common import Actor
from ui.context import UiContext
from ui.dialogs import Dialogs


class ScriptedDialogs(Dialogs):
    """Answers modal questions from queues instead of showing them.

    ``confirms`` / ``choices`` are consumed in order; ``dialog_handlers`` are callables that
    receive the custom QDialog (already built, not shown), may fill and accept/reject it,
    and return the dialog code. Every question is appended to ``asked``.
    """

    def __init__(self) -> None:
        self.confirms: deque[bool] = deque()
        self.choices: deque[int] = deque()
        self.dialog_handlers: deque[Callable[[QDialog], int]] = deque()
        self.files: deque[str] = deque()
        self.asked: list[tuple[str, str, str]] = []

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.asked.append(("confirm", title, text))
        return self.confirms.popleft() if self.confirms else False

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.asked.append(("info", title, text))

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.asked.append(("error", title, text))

    def choose(self, parent: QWidget | None, title: str, text: str, buttons: list[str], default: int = 0) -> int:
        self.asked.append(("choose", title, text))
        return self.choices.popleft() if self.choices else -1

    def run(self, dialog: QDialog) -> int:
        self.asked.append(("dialog", dialog.windowTitle(), type(dialog).__name__))
        if not self.dialog_handlers:
            return QDialog.DialogCode.Rejected
        return self.dialog_handlers.popleft()(dialog)

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        self.asked.append(("save_file", title, suggested))
        return self.files.popleft() if self.files else ""

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str:
        self.asked.append(("open_file", title, ""))
        return self.files.popleft() if self.files else ""

    def texts(self) -> list[str]:
        return [text for _, _, text in self.asked]


def any_text(dialogs: ScriptedDialogs, fragment: str) -> bool:
    return any(fragment in t for t in dialogs.texts())


__all__: list[Any] = ["ScriptedDialogs", "any_text"]


def actor_of(ctx: UiContext) -> Actor:
    """The logged-in actor of ``ctx`` (the ``ui_ctx`` fixture always logs one in)."""
    assert ctx.actor is not None
    return ctx.actor
