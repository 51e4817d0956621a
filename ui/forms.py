"""Small building blocks shared by the dialogs' builders (kept apart from ui/widgets.py's widgets).

``ok_cancel_buttons`` is the row every form dialog ends with: a stretch, then 取消 and the
default button. The texts come from the caller's ``self.tr()`` so they stay in its
translation context.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton


def ok_cancel_buttons(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], object], cancel_text: str, *, ok_name: str = ""
) -> tuple[QPushButton, QPushButton, QHBoxLayout]:
    """The default button (``ok_text``, Enter, calls ``on_ok``) and a cancel button that rejects
    ``dialog``, created in that order, laid out right-aligned as ``[stretch] cancel ok``."""
    ok = QPushButton(ok_text, dialog)
    if ok_name:
        ok.setObjectName(ok_name)
    ok.setDefault(True)
    ok.clicked.connect(on_ok)
    cancel = QPushButton(cancel_text, dialog)
    cancel.setAutoDefault(False)
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(ok)
    return ok, cancel, row
