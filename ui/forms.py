"""Small building blocks shared by the dialogs' builders (kept apart from ui/widgets.py's widgets).

The button row a dialog ends with, one of two kinds:

* ``ok_cancel_buttons`` — a settings or data form: a stretch, then 取消 and the default button
  (Enter saves);
* ``confirm_buttons`` — a form that commits money (收费, 退补): the status line, 取消 and the
  confirm button, no default button (Enter is routed by the fields), Ctrl+Enter confirms.

Both return ``(primary, cancel, row)`` and take ``name=``, the prefix of the buttons' object
names (``<name>Ok`` / ``<name>Confirm`` and ``<name>Cancel``). The texts come from the caller's
``self.tr()`` so they stay in its translation context.

A third kind stays in its dialog: ui/payments/reversal.py's 冲正/退费 row — a stretch, 取消 and a
confirm button whose text follows the kind (冲正 or 退费), with no default button (Enter is routed
by the fields, the approver's password last) and no status line nor Ctrl+Enter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton


def ok_cancel_buttons(
    dialog: QDialog, ok_text: str, on_ok: Callable[[], object], cancel_text: str, *, name: str = ""
) -> tuple[QPushButton, QPushButton, QHBoxLayout]:
    """The default button (``ok_text``, Enter, calls ``on_ok``) and a cancel button that rejects
    ``dialog``, created in that order, laid out right-aligned as ``[stretch] cancel ok``.
    Returns (ok, cancel, row); with ``name`` the buttons are named ``<name>Ok`` / ``<name>Cancel``."""
    ok = QPushButton(ok_text, dialog)
    ok.setDefault(True)
    ok.clicked.connect(on_ok)
    cancel = QPushButton(cancel_text, dialog)
    if name:
        ok.setObjectName(f"{name}Ok")
        cancel.setObjectName(f"{name}Cancel")
    cancel.setAutoDefault(False)
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(ok)
    return ok, cancel, row


def confirm_buttons(dialog: QDialog, status: QLabel, cancel_text: str, confirm_text: str,
                    on_confirm: Callable[[], object], *, name: str,
                    confirm_width: int) -> tuple[QPushButton, QPushButton, QHBoxLayout]:
    """The bottom row of a form that commits money: the status line, 取消 and the confirm button,
    with Ctrl+Enter confirming from anywhere. Neither button is an auto-default: Enter is routed
    by the fields (the last one confirms). Returns (confirm, cancel, row); the buttons are named
    ``<name>Cancel`` / ``<name>Confirm``."""
    cancel = QPushButton(cancel_text, dialog)
    cancel.setObjectName(f"{name}Cancel")
    cancel.setAutoDefault(False)
    cancel.clicked.connect(dialog.reject)
    confirm = QPushButton(confirm_text, dialog)
    confirm.setObjectName(f"{name}Confirm")
    confirm.setAutoDefault(False)
    confirm.setMinimumWidth(confirm_width)
    confirm.clicked.connect(on_confirm)
    row = QHBoxLayout()
    row.addWidget(status, 1)
    row.addWidget(cancel)
    row.addWidget(confirm)
    for key in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(key), dialog).activated.connect(on_confirm)
    return confirm, cancel, row
