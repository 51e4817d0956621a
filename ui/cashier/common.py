"""Small helpers shared by the cashier screens: money text, times, colours, labels, PDF delivery."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSizePolicy,
    QWidget,
)

from app.domain.codes import SessionStatus
from ui import palette
from ui.formatting import yuan
from ui.i18n import fill

log = logging.getLogger(__name__)

OVER_COLOR = palette.PRIMARY  # 长款: money the drawer has beyond the books (blue: not a loss, still wrong)
SHORT_COLOR = palette.ERROR  # 短款: money missing
EVEN_COLOR = palette.OK  # 账实相符
MUTED_COLOR = palette.MUTED

#: session status -> (text colour, background colour) of its badge
STATUS_COLORS: dict[str, tuple[str, str]] = {
    SessionStatus.OPEN: palette.TONE_BLUE,
    SessionStatus.CLOSED: palette.TONE_AMBER,
    SessionStatus.APPROVED: palette.TONE_GREEN,
    SessionStatus.RETURNED: palette.TONE_RED,  # 退回 by the supervisor (issue 7 item 7c)
}


def tr(text: str) -> str:
    return QCoreApplication.translate("Cashier", text)


def over_short_text(fen: int | None) -> str:
    """长款 ¥12.00 / 短款 ¥3.50 / 账实相符 (the words the head cashier writes on the slip)."""
    if fen is None:
        return ""
    if fen > 0:
        return fill(tr("长款 %1"), yuan(fen))
    if fen < 0:
        return fill(tr("短款 %1"), yuan(-fen))
    return tr("账实相符")


def over_short_color(fen: int | None) -> str:
    if fen is None:
        return MUTED_COLOR
    return OVER_COLOR if fen > 0 else SHORT_COLOR if fen < 0 else EVEN_COLOR


def over_short_background(fen: int | None) -> str:
    if fen is None:
        return ""
    return palette.TONE_BLUE[1] if fen > 0 else palette.ERROR_BG if fen < 0 else palette.TONE_GREEN[1]


def badge(text: str, fg: str, bg: str, parent: QWidget | None = None, *, name: str = "chip") -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    set_badge(label, text, fg, bg)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def set_badge(label: QLabel, text: str, fg: str, bg: str) -> None:
    label.setText(text)
    label.setStyleSheet(
        f"QLabel#{label.objectName()} {{ color: {fg}; background-color: {bg}; border: none;"
        " border-radius: 9px; padding: 2px 10px; font-size: 13px; font-weight: bold; }")


def card(parent: QWidget | None = None, name: str = "card") -> QFrame:
    """A white panel with a thin border (the customer view's header look)."""
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setProperty("panel", "card")  # colours: ui/palette.py
    frame.setStyleSheet(f"QFrame#{name} QLabel {{ background: transparent; border: none; }}")
    return frame


def big_label(text: str, pixel_size: int, color: str = palette.INK, parent: QWidget | None = None,
              name: str = "") -> QLabel:
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    style_big(label, pixel_size, color)
    return label


def style_big(label: QLabel, pixel_size: int, color: str, background: str = "") -> None:
    box = f" background-color: {background}; border-radius: 8px; padding: 6px 18px;" if background else ""
    label.setStyleSheet(f"font-size: {pixel_size}px; font-weight: bold; color: {color};{box}")


# ---- PDF delivery ------------------------------------------------------------------------------


def deliver_pdf(ctx, parent: QWidget, pdf: bytes, title: str, suggested_name: str,  # type: ignore[no-untyped-def]
                on_saved: Callable[[str], None] | None = None,
                on_printed: Callable[[object], None] | None = None, *,
                copies=None, note: str = "",  # type: ignore[no-untyped-def]
                on_issued: Callable[[Any], None] | None = None,
                issued_note: Callable[[Any], str] | None = None) -> str:
    """Show a rendered PDF in the in-app preview (ui/printing: 打印 / 另存为PDF / 关闭), through the
    dialog seam. Without the preview (not installed, or the document cannot be read) offer to
    save the file instead, so the report is never lost. Returns "preview", "saved" or "".

    ``copies`` (a ``CopyLog``, see ui/printing/preview.py) logs every copy that goes out —
    printed, or saved as PDF — and ``on_issued`` gets what it logged (``issued_note`` of it
    replaces the preview's ``note``); closing the preview logs nothing."""
    dialog = _preview_dialog(ctx, parent, pdf, title, suggested_name, note, copies)
    if dialog is not None:
        _connect_preview(dialog, on_saved, on_printed, on_issued, issued_note)
        try:
            ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()
        return "preview"
    return _save_instead(ctx, parent, pdf, title, suggested_name, on_saved, copies, on_issued)


def _preview_dialog(ctx, parent: QWidget, pdf: bytes, title: str, suggested_name: str,  # type: ignore[no-untyped-def]
                    note: str, copies):  # type: ignore[no-untyped-def]
    """The in-app preview, or None when ui.printing is missing or cannot read the document."""
    try:
        from ui.printing.preview import PdfPreviewDialog  # noqa: PLC0415 — optional at run time
        from ui.printing.printer import PrintFailed  # noqa: PLC0415
    except ImportError:
        log.warning("ui.printing is not available; offering to save the PDF instead")
        return None
    try:
        return PdfPreviewDialog(ctx, pdf, title, suggested_name, parent, note=note, copies=copies)
    except PrintFailed as exc:
        log.error("the preview cannot show %s: %s", title, exc.message)
        return None


def _connect_preview(dialog, on_saved: Callable[[str], None] | None,  # type: ignore[no-untyped-def]
                     on_printed: Callable[[object], None] | None,
                     on_issued: Callable[[Any], None] | None,
                     issued_note: Callable[[Any], str] | None) -> None:
    if on_printed is not None:
        dialog.printed.connect(on_printed)
    if on_saved is not None:
        dialog.saved.connect(on_saved)
    if on_issued is not None:
        dialog.issued.connect(on_issued)
    if issued_note is not None:
        def renote(logged: object, label=dialog.note) -> None:  # type: ignore[no-untyped-def]
            label.setText(issued_note(logged))
            label.setVisible(True)

        dialog.issued.connect(renote)


def _save_instead(ctx, parent: QWidget, pdf: bytes, title: str, suggested_name: str,  # type: ignore[no-untyped-def]
                  on_saved: Callable[[str], None] | None, copies,  # type: ignore[no-untyped-def]
                  on_issued: Callable[[Any], None] | None) -> str:
    """No preview: ask where to save the PDF, write it, and log the copy as issued."""
    path = ctx.dialogs.save_file(parent, title, suggested_name, tr("PDF 文件 (*.pdf)"))
    if not path:
        return ""
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    try:
        data = copies.prepare() if copies is not None else pdf
    except Exception as exc:  # noqa: BLE001 — the next copy could not be rendered: nothing went out
        log.error("preparing %s failed", title, exc_info=exc)
        ctx.dialogs.error(parent, title, getattr(exc, "message", "") or str(exc))
        return ""
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        ctx.dialogs.error(parent, title, fill(tr("保存 PDF 失败：%1"), exc.strerror or str(exc)))
        return ""
    if on_saved is not None:
        on_saved(path)
    if copies is not None:  # saved as PDF counts as issued, as from the preview
        _log_saved_copy(ctx, parent, title, path, data, copies, on_issued)
    return "saved"


def _log_saved_copy(ctx, parent: QWidget, title: str, path: str, data: bytes,  # type: ignore[no-untyped-def]
                    copies, on_issued: Callable[[Any], None] | None) -> None:  # type: ignore[no-untyped-def]
    try:
        logged = copies.record(data, "saved:" + path)
    except Exception as exc:  # noqa: BLE001 — the file is written: say it was not logged
        log.error("%s was saved to %s but not logged", title, path, exc_info=exc)
        ctx.dialogs.error(parent, title, fill(tr("已保存，但打印记录未能保存（%1）"), getattr(exc, "message", "") or str(exc)))
    else:
        if on_issued is not None:
            on_issued(logged)


# ---- coloured cell text under qt-material ------------------------------------------------------


