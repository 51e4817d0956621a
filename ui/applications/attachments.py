"""An application's attached documents (附件): the list, adding from a file, the scanner's
folder or the clipboard, and a preview (docs/rules.md#application-attachments).

``AttachmentsPanel(ctx, parent)`` is a tab of the application's detail;
``set_application(application_id, closed)`` loads it. Keys while the focus is in the panel:
Ctrl+O 从文件添加, Ctrl+Shift+O 从扫描文件夹添加, Ctrl+V 粘贴 (an image on the clipboard is
stored as PNG; files copied in the file manager are read as files). Reading files and the
service calls run on the task runner; a refusal (wrong type, too large, closed application …)
shows the service's message on the line under the buttons. ``attachmentAdded`` is emitted with
the new ``AttachmentRow`` for each document added.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QItemSelection, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.dto.applications import AttachmentContent, AttachmentRow
from app.services import application_attachments as attachments
from ui.context import UiContext
from ui.formatting import SHORT_TIME, local_time
from ui.i18n import fill, localize
from ui.printing.printer import PrintFailed, load_document
from ui.table_model import CENTER, RIGHT, RowRole, TableColumn, TableModel
from ui.tables import ColumnFit, make_table
from ui.tasks import Failure
from ui.widgets import ErrorLabel, alive, fit_combo_to_items, muted_label

#: files the scanner-folder list offers, newest first
SCANNER_LIST_MAX = 30
#: suffixes the scanner list and the file dialog show (the service decides by the bytes anyway)
SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")

_TYPE_LABELS = {media: label for media, (label, _suffix) in attachments.MEDIA_TYPES.items()}


# ---- the table ----------------------------------------------------------------------------------


class AttachmentColumn(IntEnum):
    SEQ = 0
    FILE_NAME = 1
    DOCUMENT = 2
    TYPE = 3
    SIZE = 4
    ADDED_BY = 5
    ADDED_AT = 6


class AttachmentRole(IntEnum):
    ATTACHMENT_ID = RowRole.SORT + 10


class AttachmentsModel(TableModel[AttachmentRow]):
    """An application's attachments as ``list_attachments`` reads them, in the order added."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("序号"), lambda r: str(r.seq), CENTER, sort=lambda r: r.seq),
            TableColumn(self.tr("文件名"), lambda r: r.file_name),
            TableColumn(self.tr("资料"), lambda r: r.document_name or self.tr("（未指定）")),
            TableColumn(self.tr("类型"), lambda r: _TYPE_LABELS.get(r.media_type, r.media_type), CENTER),
            TableColumn(
                self.tr("大小"), lambda r: attachments.format_size(r.size), RIGHT, sort=lambda r: r.size
            ),
            TableColumn(self.tr("添加人"), lambda r: r.added_by),
            TableColumn(
                self.tr("添加时间"),
                lambda r: local_time(r.added_at, SHORT_TIME),
                tooltip=lambda r: fill(
                    self.tr("%1（来源：%2）"), local_time(r.added_at), self.source_label(r.source)
                ),
                sort=lambda r: r.added_at.isoformat(),
            ),
        )

    def source_label(self, source: str) -> str:
        # spelt out so that lupdate sees each text
        labels = {"file": self.tr("文件"), "scanner": self.tr("扫描"), "clipboard": self.tr("粘贴")}
        return labels.get(source, source)

    def cell(self, row: AttachmentRow, column: int, role: int) -> Any:
        if role == AttachmentRole.ATTACHMENT_ID:
            return str(row.id)
        return None


# ---- the scanner folder -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScannedFile:
    path: str
    modified: dt.datetime  # local
    size: int


def newest_files(folder: str, limit: int = SCANNER_LIST_MAX) -> list[ScannedFile]:
    """The newest scans in ``folder`` (not its subfolders), newest first (a worker's call)."""
    found: list[ScannedFile] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_file() and Path(entry.name).suffix.lower() in SUFFIXES:
                info = entry.stat()
                found.append(ScannedFile(entry.path, dt.datetime.fromtimestamp(info.st_mtime), info.st_size))
    found.sort(key=lambda f: (f.modified, f.path), reverse=True)
    return found[:limit]


class ScannerPicker(QDialog):
    """The newest files of the scanner's folder, newest first and the newest selected: Enter
    adds it; Ctrl/Shift+click or Shift+arrows pick several."""

    def __init__(self, folder: str, files: Sequence[ScannedFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("从扫描文件夹添加"))
        self.list = QListWidget(self)
        self.list.setObjectName("scannerFiles")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for f in files:
            item = QListWidgetItem(
                fill(
                    self.tr("%1    %2    %3"),
                    Path(f.path).name,
                    f.modified.strftime("%Y-%m-%d %H:%M:%S"),
                    attachments.format_size(f.size),
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, f.path)
            self.list.addItem(item)
        if files:
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton(self.tr("添加"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label(fill(self.tr("扫描文件夹：%1（最新的在最上面）"), folder), self))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def chosen(self) -> list[str]:
        """The selected files in the order they were scanned (oldest first: the pages' order)."""
        rows = sorted((self.list.row(item) for item in self.list.selectedItems()), reverse=True)
        return [str(self.list.item(r).data(Qt.ItemDataRole.UserRole)) for r in rows]


# ---- the preview --------------------------------------------------------------------------------


class AttachmentPreview(QStackedWidget):
    """An image scaled to the width available, or a PDF's pages (QPdfView), or a short note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentPreview")
        self.note = QLabel(self)
        self.note.setObjectName("previewNote")
        self.note.setProperty("role", "muted")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.image = QLabel()
        self.image.setObjectName("previewImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area = QScrollArea(self)
        self.image_area.setWidget(self.image)
        self.image_area.setWidgetResizable(True)
        self.image_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pdf = QPdfView(self)
        self.pdf.setObjectName("previewPdf")
        self.pdf.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        for page in (self.note, self.image_area, self.pdf):
            self.addWidget(page)
        self._pixmap: QPixmap | None = None
        self._document: tuple[QPdfDocument, QBuffer] | None = None
        self.show_note(self.tr("选择一个附件查看"))

    def show_note(self, text: str) -> None:
        self._drop_document()
        self._pixmap = None
        self.note.setText(text)
        self.setCurrentWidget(self.note)

    def show_content(self, content: AttachmentContent, image: QImage | None) -> None:
        """``image``: the picture decoded on the worker (None for a PDF, or bytes Qt cannot read)."""
        if content.media_type == "application/pdf":
            try:
                document = load_document(content.content, self)
            except PrintFailed:
                self.show_note(fill(self.tr("无法预览“%1”：PDF 文件无法读取"), content.file_name))
                return
            self._drop_document()
            self._document = document
            self.pdf.setDocument(document[0])
            self.setCurrentWidget(self.pdf)
            return
        if image is None or image.isNull():
            self.show_note(fill(self.tr("无法预览“%1”：图片无法读取"), content.file_name))
            return
        self._drop_document()
        self._pixmap = QPixmap.fromImage(image)
        self.setCurrentWidget(self.image_area)
        self._scale()

    def showing(self) -> str:
        """What is shown: ``image``, ``pdf`` or ``note`` (tests, the screenshot)."""
        current = self.currentWidget()
        return "image" if current is self.image_area else "pdf" if current is self.pdf else "note"

    def pdf_pages(self) -> int:
        return self._document[0].pageCount() if self._document else 0

    def _drop_document(self) -> None:
        if self._document is not None:
            self.pdf.setDocument(None)  # type: ignore[arg-type]  # Qt takes a null document
            document, _buffer = self._document
            document.deleteLater()
            self._document = None

    def _scale(self) -> None:
        if self._pixmap is None:
            return
        room = self.image_area.viewport().size()
        pixmap = self._pixmap
        if pixmap.width() > room.width() or pixmap.height() > room.height():
            pixmap = pixmap.scaled(
                room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        self.image.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 — Qt override
        super().resizeEvent(event)
        self._scale()


# ---- the panel ----------------------------------------------------------------------------------


#: One document to add: a name for the messages and a function that returns (file name, bytes)
#: on the worker thread.
@dataclass(frozen=True)
class _Pending:
    name: str
    read: Callable[[], tuple[str, bytes]]
    source: str


def _read_file(path: str) -> tuple[str, bytes]:
    """A file's name and bytes; an empty or too large file is refused before it is read."""
    attachments.check_file_size(os.stat(path).st_size)
    with open(path, "rb") as fh:
        return Path(path).name, fh.read(attachments.MAX_FILE_BYTES + 1)


def _png_of(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stub wants bytes; PySide6 takes str only
    buffer.close()
    return bytes(data.data())


def _decoded(content: AttachmentContent) -> tuple[AttachmentContent, QImage | None]:
    """The attachment and, for an image, the picture decoded (QImage is safe off the UI thread)."""
    if content.media_type == "application/pdf":
        return content, None
    return content, QImage.fromData(content.content)


class AttachmentsPanel(QWidget):
    """The 附件 tab of an application (see the module docstring)."""

    attachmentAdded = Signal(object)  # noqa: N815 — Qt signal name; the new AttachmentRow

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentsPanel")
        self.ctx = ctx
        self.application_id: uuid.UUID | None = None
        self.closed = False
        self._generation = 0
        self._preview_generation = 0
        self.busy = False

        self.file_button = QPushButton(self.tr("从文件添加"), self)
        self.file_button.setObjectName("attachFromFile")
        self.file_button.setToolTip(self.tr("选择扫描件、照片或 PDF 文件（Ctrl+O）"))
        self.scanner_button = QPushButton(self.tr("从扫描文件夹添加"), self)
        self.scanner_button.setObjectName("attachFromScanner")
        self.scanner_button.setToolTip(self.tr("从扫描仪保存文件的文件夹中选择最新的扫描件（Ctrl+Shift+O）"))
        self.paste_button = QPushButton(self.tr("粘贴"), self)
        self.paste_button.setObjectName("attachFromClipboard")
        self.paste_button.setToolTip(self.tr("添加剪贴板中的图片或复制的文件（Ctrl+V）"))
        self.document = QComboBox(self)
        self.document.setObjectName("attachmentDocument")
        self.document.setToolTip(self.tr("新添加的附件是哪一项受理资料"))
        self.document.addItem(self.tr("（未指定资料）"), "")
        self.summary = muted_label("", self)
        self.summary.setObjectName("attachmentsSummary")
        self.error = ErrorLabel(self)
        self.error.setObjectName("attachmentsError")

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.file_button, self.scanner_button, self.paste_button):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(QLabel(self.tr("资料："), self))
        buttons.addWidget(self.document)
        buttons.addStretch(1)

        self.model = AttachmentsModel(self)
        self.table = make_table(self, "attachmentsTable")
        self.table.setModel(self.model)
        # a long catalogue name (用电人有效身份证明（个人身份证件或单位主体资格证明）) gives way first,
        # then the file name; the full text is the cell's tooltip
        self.column_fit = ColumnFit(
            self.table,
            yielding=(AttachmentColumn.DOCUMENT, AttachmentColumn.FILE_NAME),
            grow=AttachmentColumn.FILE_NAME,
            minimum=110,
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.preview = AttachmentPreview(self)
        self.caption = muted_label("", self)
        self.caption.setObjectName("previewCaption")
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(2)
        side_layout.addWidget(self.caption)
        side_layout.addWidget(self.preview, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)

        self.file_button.clicked.connect(self.add_from_file)
        self.scanner_button.clicked.connect(self.add_from_scanner)
        self.paste_button.clicked.connect(self.paste)
        for keys, slot in (
            (QKeySequence.StandardKey.Open, self.add_from_file),
            (QKeySequence("Ctrl+Shift+O"), self.add_from_scanner),
            (QKeySequence.StandardKey.Paste, self.paste),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    # -- loading -----------------------------------------------------------------------
    def set_application(self, application_id: uuid.UUID, closed: bool = False) -> None:
        """Show ``application_id``'s attachments; a ``closed`` one (archived, cancelled) takes none."""
        if application_id != self.application_id:
            self.model.set_rows([])
            self.preview.show_note(self.tr("选择一个附件查看"))
            self.caption.setText("")
            self.document.clear()
            self.document.addItem(self.tr("（未指定资料）"), "")
        self.application_id = application_id
        self.closed = closed
        self.error.set_message("")
        self._update_buttons()
        self.reload()

    def reload(self, select: uuid.UUID | None = None) -> None:
        if self.application_id is None:
            return
        self._generation += 1
        generation = self._generation
        db, actor, app_id = self.ctx.db, self.ctx.actor, self.application_id
        assert actor is not None

        def read() -> tuple[list[AttachmentRow], list[tuple[str, str]]]:
            return (
                attachments.list_attachments(db, actor, app_id),
                attachments.document_choices(db, actor, app_id),
            )

        self.ctx.tasks.run(
            read,
            lambda result: self._loaded(result, select),
            stale=lambda: not alive(self) or generation != self._generation,
            failure=Failure(label=self.error, what="reading an application's attachments"),
        )

    def _loaded(
        self, result: tuple[list[AttachmentRow], list[tuple[str, str]]], select: uuid.UUID | None
    ) -> None:
        rows, choices = result
        if self.document.count() != len(choices) + 1:
            current = self.document.currentData()
            self.document.clear()
            self.document.addItem(self.tr("（未指定资料）"), "")
            for code, name in choices:
                self.document.addItem(localize(name), code)
            self.document.setCurrentIndex(max(0, self.document.findData(current)))
            fit_combo_to_items(self.document, 40)
        self.model.set_rows(rows)
        self._update_summary()
        if select is not None:
            for i, row in enumerate(rows):
                if row.id == select:
                    self.table.selectRow(i)
                    break
        elif rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(len(rows) - 1)

    def _update_summary(self) -> None:
        rows = self.model.rows()
        total = sum(r.size for r in rows)
        text = fill(
            self.tr("共 %1 个附件，%2（每个申请最多 %3 个、合计 %4；单个文件不超过 %5）"),
            len(rows),
            attachments.format_size(total),
            attachments.MAX_FILES_PER_APPLICATION,
            attachments.format_size(attachments.MAX_TOTAL_BYTES),
            attachments.format_size(attachments.MAX_FILE_BYTES),
        )
        if self.closed:
            text = fill(self.tr("%1。申请已关闭，不能再添加附件"), text)
        self.summary.setText(text)

    def _update_buttons(self) -> None:
        enabled = self.application_id is not None and not self.closed and not self.busy
        for widget in (self.file_button, self.scanner_button, self.paste_button, self.document):
            widget.setEnabled(enabled)

    # -- adding ------------------------------------------------------------------------
    def add_from_file(self) -> None:
        if not self.file_button.isEnabled():
            return
        path = self.ctx.dialogs.open_file(
            self,
            self.tr("选择要添加的附件"),
            self.tr("扫描件或照片 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)"),
        )
        if path:
            self._add([_Pending(Path(path).name, partial(_read_file, path), "file")])

    def add_from_scanner(self) -> None:
        if not self.scanner_button.isEnabled():
            return
        folder = self.ctx.settings.scanner_folder
        if not folder:
            self.error.set_message(
                self.tr(
                    "未设置扫描文件夹：请在 settings.toml 中设置 scanner_folder（扫描仪保存文件的文件夹）"
                )
            )
            return
        if not Path(folder).is_dir():
            self.error.set_message(
                fill(self.tr("扫描文件夹“%1”不存在或无法访问，请检查扫描仪的保存位置"), folder)
            )
            return
        self.error.set_message("")
        self.ctx.tasks.run(
            lambda: newest_files(folder),
            lambda files: self._pick_scans(folder, files),
            stale=lambda: not alive(self),
            failure=Failure(label=self.error, what="listing the scanner folder"),
        )

    def _pick_scans(self, folder: str, files: list[ScannedFile]) -> None:
        if not files:
            self.error.set_message(
                fill(self.tr("扫描文件夹“%1”中没有扫描件（PDF、JPEG、PNG、TIFF）"), folder)
            )
            return
        picker = ScannerPicker(folder, files, self)
        try:
            if self.ctx.dialogs.run(picker) != QDialog.DialogCode.Accepted:
                return
            chosen = picker.chosen()
        finally:
            picker.deleteLater()
        self._add([_Pending(Path(p).name, partial(_read_file, p), "scanner") for p in chosen])

    def paste(self) -> None:
        """An image on the clipboard (a screenshot, a scanner app's copy) as PNG; files copied
        in the file manager (file URLs) read as files."""
        if not self.paste_button.isEnabled():
            return
        mime = QGuiApplication.clipboard().mimeData()
        files = (
            [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime and mime.hasUrls() else []
        )
        if files:
            self._add([_Pending(Path(p).name, partial(_read_file, p), "clipboard") for p in files])
            return
        if mime is not None and mime.hasImage():
            image = QGuiApplication.clipboard().image()
            if not image.isNull():
                name = fill(self.tr("粘贴图片_%1.png"), dt.datetime.now().strftime("%Y%m%d_%H%M%S"))
                copy = image.copy()
                self._add([_Pending(name, lambda: (name, _png_of(copy)), "clipboard")])
                return
        self.error.set_message(
            self.tr("剪贴板中没有图片或文件：请先在扫描软件中复制图片，或在文件夹中复制文件")
        )

    def _add(self, pending: list[_Pending]) -> None:
        """Attach each document in turn on the worker; a refused one does not stop the others,
        and every refusal is shown with its file's name."""
        if not pending or self.application_id is None:
            return
        db, actor, app_id = self.ctx.db, self.ctx.actor, self.application_id
        assert actor is not None
        code = str(self.document.currentData() or "")

        def work() -> tuple[list[AttachmentRow], list[tuple[str, str | None]]]:
            added: list[AttachmentRow] = []
            refused: list[tuple[str, str | None]] = []  # (file, the service's message; None: unreadable)
            for item in pending:
                try:
                    name, content = item.read()
                    added.append(
                        attachments.attach_document(
                            db, actor, attachments.AttachDocument(app_id, name, content, item.source, code)
                        )
                    )
                except DomainError as exc:
                    refused.append((item.name, exc.message))
                except OSError:
                    refused.append((item.name, None))
            return added, refused

        self.busy = True
        self._update_buttons()
        self.error.set_message("")
        self.ctx.tasks.run(
            work,
            self._added,
            stale=lambda: not alive(self),
            always=self._idle,
            failure=Failure(label=self.error, what="attaching a document"),
        )

    def _idle(self) -> None:
        self.busy = False
        self._update_buttons()

    def _added(self, result: tuple[list[AttachmentRow], list[tuple[str, str | None]]]) -> None:
        added, refused = result
        unreadable = self.tr("文件无法读取（可能已被移走、正被扫描程序占用或没有权限）")
        self.error.set_message(
            "\n".join(
                fill(self.tr("“%1”未添加：%2"), name, unreadable if message is None else localize(message))
                for name, message in refused
            )
        )
        for row in added:
            self.attachmentAdded.emit(row)
        if added:
            self.reload(select=added[-1].id)

    # -- preview -----------------------------------------------------------------------
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row_at(rows[0].row())
        if row is None:
            return
        self._preview_generation += 1
        generation = self._preview_generation
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.preview.show_note(fill(self.tr("正在打开“%1”…"), row.file_name))
        self.caption.setText(
            fill(
                self.tr("第 %1 个附件：%2（%3，%4）"),
                row.seq,
                row.file_name,
                _TYPE_LABELS.get(row.media_type, row.media_type),
                attachments.format_size(row.size),
            )
        )
        self.ctx.tasks.run(
            lambda: _decoded(attachments.attachment_content(db, actor, row.id)),
            lambda result: self.preview.show_content(*result),
            stale=lambda: not alive(self) or generation != self._preview_generation,
            failure=Failure(label=self.error, what="reading an attachment"),
        )
