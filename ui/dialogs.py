"""The one seam for modal interaction (confirm, message, choice, custom dialogs, files).

Flows call ``ctx.dialogs.*`` instead of ``QMessageBox.exec()`` so tests can answer them
(see tests/ui/helpers.py ScriptedDialogs). Nothing in ui/ calls ``exec()`` directly.
A message from ``app/`` (``exc.message``) given as the text is shown in the UI language.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from ui.i18n import localize


class Dialogs:
    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, localize(text),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox(QMessageBox.Icon.Information, title, localize(text), QMessageBox.StandardButton.Ok, parent).exec()

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox(QMessageBox.Icon.Warning, title, localize(text), QMessageBox.StandardButton.Ok, parent).exec()

    def choose(self, parent: QWidget | None, title: str, text: str, buttons: list[str], default: int = 0) -> int:
        """Buttons labelled by the caller; returns the index pressed, -1 for Esc/close."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
        made = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in buttons]
        box.setDefaultButton(made[default])
        box.setEscapeButton(QMessageBox.StandardButton.NoButton)
        box.exec()
        clicked = box.clickedButton()
        return made.index(clicked) if clicked in made else -1

    def run(self, dialog: QDialog) -> int:
        """Show a custom dialog modally; returns QDialog.DialogCode."""
        return dialog.exec()

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return path

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return path
