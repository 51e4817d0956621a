"""The one seam for modal interaction (confirm, message, choice, custom dialogs, files).

Flows call ``ctx.dialogs.*`` instead of ``QMessageBox.exec()`` so tests can answer them
(see tests/ui/helpers.py ScriptedDialogs). Nothing in ui/ calls ``exec()`` directly.
A message from ``app/`` (``exc.message``) given as the text is shown in the UI language.

Esc closes every box shown here (F1 says so): a choice between action buttons answers -1.
The file dialogs are Qt's own (not the desktop's), so they speak the UI's language through
``qtbase_zh_CN`` whatever the system's language, look the same on Linux and Windows, and
start in the folder last used in this run, else the user's Documents folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir, QStandardPaths
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QSplitter, QWidget

from ui.i18n import localize


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


class _ChoiceBox(QMessageBox):
    """A message box whose buttons are all actions (none means "cancel"): Qt's QMessageBox
    then ignores Esc and the window's close button. Here both answer "none of them"."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        if event.matches(QKeySequence.StandardKey.Cancel):
            self.reject()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt override
        event.accept()
        self.reject()


class Dialogs:
    def __init__(self) -> None:
        #: the folder of the last file chosen (save or open); the next file dialog starts there
        self.last_dir = ""

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, localize(text),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return self._exec(box) == QMessageBox.StandardButton.Yes

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self._exec(QMessageBox(QMessageBox.Icon.Information, title, localize(text), QMessageBox.StandardButton.Ok,
                               parent))

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self._exec(QMessageBox(QMessageBox.Icon.Warning, title, localize(text), QMessageBox.StandardButton.Ok,
                               parent))

    def choose(
        self, parent: QWidget | None, title: str, text: str, buttons: list[str], default: int = 0
    ) -> int:
        """Buttons labelled by the caller; returns the index pressed, -1 for Esc/close."""
        box = _ChoiceBox(QMessageBox.Icon.Question, title, localize(text), QMessageBox.StandardButton.NoButton, parent)
        made = [box.addButton(label, QMessageBox.ButtonRole.ActionRole) for label in buttons]
        box.setDefaultButton(made[default])
        self._exec(box)
        clicked = box.clickedButton()
        return made.index(clicked) if clicked in made else -1

    def _exec(self, box: QMessageBox) -> int:
        """Every message box is shown here (the README's screenshots show the real boxes)."""
        return box.exec()

    def run(self, dialog: QDialog) -> int:
        """Show a custom dialog modally; returns QDialog.DialogCode."""
        return dialog.exec()

    # ---- files ----------------------------------------------------------------------------------

    def start_dir(self) -> str:
        """The folder a file dialog opens in: the last one used, else Documents, else home."""
        for candidate in (
            self.last_dir,
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
        ):
            if candidate and Path(candidate).is_dir():
                return candidate
        return QDir.homePath()

    def file_dialog(
        self, parent: QWidget | None, title: str, filters: str, *, save: bool, suggested: str = ""
    ) -> QFileDialog:
        """The file dialog ``save_file`` / ``open_file`` show (tests look at it without showing it)."""
        dialog = QFileDialog(parent, title, self.start_dir(), filters)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        # Qt's Chinese translation leaves two of these labels in English; say them all here.
        labels = {
            QFileDialog.DialogLabel.LookIn: _tr("查找范围："),
            QFileDialog.DialogLabel.FileName: _tr("文件名："),
            QFileDialog.DialogLabel.FileType: _tr("文件类型："),
            QFileDialog.DialogLabel.Accept: _tr("保存") if save else _tr("打开"),
            QFileDialog.DialogLabel.Reject: _tr("取消"),
        }
        for label, text in labels.items():
            dialog.setLabelText(label, text)
        dialog.resize(820, 520)
        sidebar = dialog.findChild(QSplitter, "splitter")
        if sidebar is not None:  # room for 我的电脑 beside the file list
            sidebar.setSizes([150, 650])
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setFileMode(QFileDialog.FileMode.AnyFile)
            suffix = re.search(r"\*\.(\w+)", filters)
            if suffix:
                dialog.setDefaultSuffix(suffix.group(1))  # "收据" saved as "收据.pdf"
            if suggested:
                where = Path(suggested)
                if where.is_absolute() and where.parent.is_dir():
                    dialog.setDirectory(str(where.parent))
                dialog.selectFile(where.name)
        else:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        return dialog

    def _choose_file(self, dialog: QFileDialog) -> str:
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return ""
            path = dialog.selectedFiles()[0]
        finally:
            dialog.deleteLater()
        self.last_dir = str(Path(path).parent)
        return path

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        return self._choose_file(self.file_dialog(parent, title, filters, save=True, suggested=suggested))

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str:
        return self._choose_file(self.file_dialog(parent, title, filters, save=False))
