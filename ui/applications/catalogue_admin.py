"""业务类型目录: the administrator's screen of the business-type catalogue's versions
(docs/rules.md#business-type-catalogue).

The versions, newest first (the newest is in force), and the types of the selected one: code,
name, customer kinds, limit in working days, stages with their days. 导出 saves a version's
file as stored; 导入新版本 takes an edited file and a note — the file's problems come back
with the JSON path of each bad value, in words, under the file field.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.applications import ApplicationCatalogue, BusinessType
from app.domain.applications.machine import STAGES
from app.domain.customers import KINDS
from app.dto.common import Actor
from app.services import application_catalogue
from app.services.application_catalogue import NOTE_MAX, CatalogueVersionRow, ImportedVersion
from app.services.permissions import allowed
from ui.changes import Change
from ui.context import UiContext
from ui.formatting import local_time
from ui.forms import ok_cancel_buttons
from ui.i18n import fill, localize
from ui.table_model import CENTER, TableColumn, TableModel
from ui.tables import ColumnFit, make_table
from ui.tasks import Failure
from ui.widgets import ErrorLabel, FormField, heading, muted


def _days(btype: BusinessType, days_of: Any) -> str:
    """A day count, or one per variant (高压 单电源 / 双电源) as ``22/32``."""
    values = [days_of(v) for v in btype.variants]
    return "/".join(str(d) for d in values) if len(set(values)) > 1 else str(values[0])


class VersionColumn(IntEnum):
    VERSION = 0
    STATE = 1
    LOADED_AT = 2
    LOADED_BY = 3
    TYPES = 4
    NOTE = 5


class VersionsModel(TableModel[CatalogueVersionRow]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(
                self.tr("版本"),
                lambda r: fill(self.tr("第%1版"), r.version),
                CENTER,
                sort=lambda r: r.version,
            ),
            TableColumn(
                self.tr("状态"), lambda r: self.tr("现行") if r.in_force else self.tr("历史"), CENTER
            ),
            TableColumn(self.tr("载入时间"), lambda r: local_time(r.loaded_at)),
            TableColumn(self.tr("载入人"), lambda r: r.loaded_by),
            TableColumn(self.tr("业务类型数"), lambda r: str(r.type_count), CENTER),
            TableColumn(self.tr("版本说明"), lambda r: r.note),
        )


class TypeColumn(IntEnum):
    CODE = 0
    NAME = 1
    KINDS = 2
    LIMIT = 3
    STAGES = 4


class TypesModel(TableModel[BusinessType]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("代码"), lambda t: t.code),
            TableColumn(self.tr("业务类型"), lambda t: t.name),
            TableColumn(
                self.tr("适用用电类别"), lambda t: "、".join(localize(KINDS.get(k, k)) for k in t.kinds)
            ),
            TableColumn(self.tr("时限(工作日)"), lambda t: _days(t, t.limit_days), CENTER),
            TableColumn(self.tr("环节(工作日)"), self._stages),
        )

    @staticmethod
    def _stages(t: BusinessType) -> str:
        return " → ".join(
            f"{localize(STAGES.get(s, s))} {_days(t, lambda v, s=s: t.stage_limit(s, v or None))}"
            for s in t.stages
        )


# ---- 导入新版本 ----------------------------------------------------------------------------------


def import_file(db, actor: Actor, path: str, note: str) -> ImportedVersion:  # type: ignore[no-untyped-def]
    """Worker side: the file is read off the UI thread too (it may be on a share)."""
    return application_catalogue.import_version(db, actor, application_catalogue.read_file(path), note)


class ImportDialog(QDialog):
    """The file (浏览… picks it through the dialogs seam), the note, and what was wrong."""

    imported = Signal(object)  # ImportedVersion

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("catalogueImportDialog")
        self.setWindowTitle(self.tr("导入业务类型目录新版本"))
        self.busy = False
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("catalogueImportPath")
        self.path_edit.setPlaceholderText(self.tr("导出的目录文件，修改后把 version 加一"))
        browse = QPushButton(self.tr("浏览…"), self)
        browse.setObjectName("catalogueImportBrowse")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.path_edit, 1)
        row_layout.addWidget(browse)
        self.file_field = FormField(row, self)
        self.file_field.editor = self.path_edit  # the error's focus goes to the path
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("catalogueImportNote")
        self.note_edit.setMaxLength(NOTE_MAX)
        self.note_edit.setPlaceholderText(self.tr("改了什么、依据什么，如：计量装置校验时限改为8个工作日"))
        self.note_field = FormField(self.note_edit, self)
        self.errors = ErrorLabel(self)
        self.errors.setObjectName("catalogueImportErrors")
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("目录文件"), self.file_field)
        form.addRow(self.tr("版本说明"), self.note_field)
        hint = muted(
            self.tr(
                "新版本自导入起用于新受理的申请；已受理的申请仍按受理时的版本办理。有在办申请的业务类型不能删去。"
            ),
            self,
        )
        hint.setWordWrap(True)
        self.ok, self.cancel, buttons = ok_cancel_buttons(
            self, self.tr("导入"), self.submit, self.tr("取消"), name="catalogueImport"
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)
        self.resize(640, 260)

    def browse(self) -> None:
        path = self.ctx.dialogs.open_file(self, self.tr("选择业务类型目录文件"), self.tr("业务类型目录 (*.json)"))
        if path:
            self.path_edit.setText(path)
            self.note_edit.setFocus()

    def submit(self) -> None:
        if self.busy:
            return
        path, note = self.path_edit.text().strip(), self.note_edit.text()
        self.file_field.set_error("")
        self.errors.set_message("")
        if not path:
            self.file_field.set_error(self.tr("请选择目录文件"))
            self.path_edit.setFocus()
            return
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.busy = True
        self.ok.setEnabled(False)

        def done(result: ImportedVersion) -> None:
            self.imported.emit(result)
            self.accept()

        def again() -> None:
            self.busy = False
            self.ok.setEnabled(True)

        self.ctx.tasks.run(
            lambda: import_file(db, actor, path, note),
            done,
            always=again,
            # the file's own problems, each led by its JSON path, on the error line
            failure=Failure(
                fields={"file": self.file_field, "note": self.note_field},
                label=self.errors,
                what="importing a business-type catalogue",
            ),
        )


# ---- the module ----------------------------------------------------------------------------------


class CatalogueAdminModule(QWidget):
    """业务类型目录 for administrators (catalogue.manage)."""

    statusMessage = Signal(str)

    @staticmethod
    def visible_for(actor: Actor) -> bool:
        return allowed(actor, "catalogue.manage")

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("catalogueAdminModule")
        self.loading = False
        self.shown_version: int | None = None
        self._load_serial = 0
        self.versions = VersionsModel(self)
        self.types = TypesModel(self)
        self.export_action = self._action(self.tr("导出"), "Ctrl+E", self.export_selected)
        self.import_action = self._action(self.tr("导入新版本"), "Ctrl+I", self.import_new)
        self.refresh_action = self._action(self.tr("刷新"), "F5", self.refresh)
        self._build()
        self.refresh()

    def _action(self, text: str, key: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build(self) -> None:
        self.count_label = muted("", self)
        self.count_label.setObjectName("catalogueCount")
        self.count_label.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("业务类型目录"), 20, parent=self))
        top.addSpacing(12)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for key, action in (
            ("export", self.export_action),
            ("import", self.import_action),
            ("refresh", self.refresh_action),
        ):
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            button = QPushButton(f"{action.text()} ({shortcut})", self)
            button.setObjectName(f"catalogue{key.title()}Button")
            button.setAutoDefault(False)
            button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "Ctrl+E"
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(action.trigger)
            self.buttons[key] = button
            top.addWidget(button)
        self.version_table = make_table(self, "catalogueVersions")
        self.version_table.setModel(self.versions)
        self.version_fit = ColumnFit(self.version_table, yielding=[VersionColumn.NOTE], minimum=160)
        self.version_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.type_title = QLabel("", self)
        self.type_title.setObjectName("catalogueTypesTitle")
        self.type_table = make_table(self, "catalogueTypes")
        self.type_table.setModel(self.types)
        self.type_table.setWordWrap(True)  # the stages in full, on two lines where the screen is narrow
        self.type_fit = ColumnFit(
            self.type_table, yielding=[TypeColumn.KINDS, TypeColumn.STAGES], minimum=150, wrap_rows=True
        )
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.type_title)
        lower_layout.addWidget(self.type_table, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.version_table)
        split.addWidget(lower)
        split.setSizes([160, 440])
        self.message = QLabel("", self)
        self.message.setObjectName("catalogueMessage")
        self.message.setWordWrap(True)
        hint = muted(self.tr("↑↓ 选择版本 · Ctrl+E 导出所选版本 · Ctrl+I 导入新版本 · F5 刷新"), self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(hint)

    # ---- module API ------------------------------------------------------------------------------

    def actions(self) -> list[QAction]:  # type: ignore[override]
        return [self.export_action, self.import_action, self.refresh_action]

    def focus_search(self) -> None:
        self.version_table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.statusMessage.emit(text)

    # ---- reads -----------------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.loading = True

        def done(rows: list[CatalogueVersionRow]) -> None:
            self.loading = False
            self.versions.set_rows(rows)
            newest = rows[0].version if rows else 0
            self.count_label.setText(fill(self.tr("共 %1 个版本，现行第 %2 版"), len(rows), newest))
            want = select if select is not None else self.shown_version
            row = next((i for i, r in enumerate(rows) if r.version == want), 0)
            if rows:
                self.version_table.selectRow(row)
                self._show_selected()

        def failed() -> None:
            self.loading = False

        self.ctx.tasks.run(
            lambda: application_catalogue.list_versions(db, actor),
            done,
            failure=Failure(status=self._say, what="reading the catalogue versions"),
            always=failed,
        )

    def selected(self) -> CatalogueVersionRow | None:
        index = self.version_table.currentIndex()
        return self.versions.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        row = self.selected()
        if row is None or row.version == self.shown_version and self.types.rowCount():
            return
        db = self.ctx.db
        self._load_serial += 1
        serial = self._load_serial

        def done(cat: ApplicationCatalogue) -> None:
            self.shown_version = cat.version
            self.types.set_rows(cat.types)
            self.type_title.setText(fill(self.tr("第%1版的业务类型（%2 种）"), cat.version, len(cat.types)))

        self.ctx.tasks.run(
            lambda: application_catalogue.version(db, row.version),
            done,
            failure=Failure(status=self._say, what="reading a catalogue version"),
            stale=lambda: serial != self._load_serial,
        )

    # ---- 导出 / 导入 -------------------------------------------------------------------------------

    def export_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        path = self.ctx.dialogs.save_file(
            self,
            self.tr("导出业务类型目录"),
            fill(self.tr("业务类型目录-第%1版.json"), row.version),
            self.tr("业务类型目录 (*.json)"),
        )
        if not path:
            return
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None

        def write() -> str:
            Path(path).write_text(
                application_catalogue.export_version(db, actor, row.version), encoding="utf-8"
            )
            return path

        self.ctx.tasks.run(
            write,
            lambda where: self._say(fill(self.tr("已导出第%1版到 %2"), row.version, where)),
            failure=Failure(
                status=self._say,
                dialogs=self.ctx.dialogs,
                parent=self,
                title=self.tr("导出失败"),
                what="exporting a catalogue version",
            ),
        )

    def import_new(self) -> None:
        dialog = ImportDialog(self.ctx, self)
        dialog.imported.connect(self._imported)
        try:
            self.ctx.dialogs.run(dialog)
        finally:
            dialog.deleteLater()

    def _imported(self, done: ImportedVersion) -> None:
        self.shown_version = None
        self._say(
            fill(
                self.tr("已导入第%1版（%2 种业务类型），此后受理的申请按此版本办理"),
                done.version,
                done.type_count,
            )
        )
        self.ctx.changes.announce(Change.APPLICATIONS, origin=self)
        self.refresh(select=done.version)


def types_text(types: Sequence[BusinessType]) -> list[str]:
    """The types as the table shows them, one line each (the tests read it)."""
    model = TypesModel()
    model.set_rows(types)
    return [" | ".join(model.text(t, c) for c in range(len(TypeColumn))) for t in types]
