"""Render a document off the UI thread, then show it in the preview (through the dialog seam)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.context import UiContext
from ui.i18n import fill
from ui.printing.preview import PdfPreviewDialog
from ui.printing.printer import PrintFailed
from ui.widgets import error_message

log = logging.getLogger(__name__)


def show_pdf(ctx: UiContext, parent: QWidget | None, data: bytes, title: str, suggested_name: str,
             **options: Any) -> PdfPreviewDialog | None:
    """Show ``data`` in a modal preview; returns the (closed) dialog for its outcome, or None
    when the document cannot even be read (the error is told through ``ctx.dialogs``)."""
    try:
        dialog = PdfPreviewDialog(ctx, data, title, suggested_name, parent, **options)
    except PrintFailed as exc:
        ctx.dialogs.error(parent, QCoreApplication.translate("Printing", "打印预览"), exc.message)
        return None
    try:
        ctx.dialogs.run(dialog)
    finally:
        dialog.deleteLater()
    return dialog


def render_error(exc: BaseException, what: str) -> str:
    """The message of a document that could not be made: the printer's own words, a template
    not installed, else what ui.widgets.error_message says (a refusal, or the calm message with
    the reference of the log entry)."""
    if isinstance(exc, PrintFailed):
        return exc.message
    if isinstance(exc, NotImplementedError | ImportError):
        return fill(QCoreApplication.translate("Printing", "%1的打印模板尚未启用"), what)
    return error_message(exc, "rendering a document")  # the log is in English; ``what`` is the screen title


def show_pdf_later(ctx: UiContext, parent: QWidget | None, render: Callable[[], bytes], title: str,
                   suggested_name: str, on_error: Callable[[str], None] | None = None,
                   on_closed: Callable[[PdfPreviewDialog | None], None] | None = None, **options: Any) -> None:
    def done(data: bytes) -> None:
        dialog = show_pdf(ctx, parent, data, title, suggested_name, **options)
        if on_closed is not None:
            on_closed(dialog)

    def failed(exc: BaseException) -> None:
        # Not the runner's default: render_error words a missing template, for the caller's display.
        message = render_error(exc, title)
        if on_error is not None:
            on_error(message)
        else:
            ctx.dialogs.error(parent, title, message)

    ctx.tasks.run(render, done, failed)
