"""The 附件 panel of an application: add from a file, the scanner's folder and the clipboard,
preview images and PDFs, refusals shown next to the buttons
(docs/rules.md#application-attachments)."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen
from PySide6.QtWidgets import QDialog

from app.domain.codes import DocType
from app.services import application_attachments as attachments
from app.services import application_prints, applications, customers
from tests.ui.helpers import ScriptedDialogs, actor_of
from ui.applications.attachments import AttachmentColumn, AttachmentsPanel, ScannerPicker


def _png(path: Path, size: tuple[int, int] = (320, 200), colour: str = "#2a6fb0", text: str = "") -> Path:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    if text:  # something to recognise in the screenshot: a card with a title and lines
        painter = QPainter(image)
        painter.setPen(QPen(QColor("#34495e"), 6))
        painter.drawRect(20, 20, size[0] - 40, size[1] - 40)
        font = painter.font()
        font.setPixelSize(size[1] // 10)
        painter.setFont(font)
        painter.drawText(60, 40 + size[1] // 6, text)
        for i in range(4):
            y = size[1] // 3 + i * size[1] // 9
            painter.drawLine(60, y, size[0] - 80 - i * 60, y)
        painter.end()
    assert image.save(str(path), "PNG")
    return path


@pytest.fixture
def application(ui_ctx, customer_form):  # type: ignore[no-untyped-def]
    """A 计量装置校验 accepted for a registered customer."""
    actor = actor_of(ui_ctx)
    customer = customers.register_customer(ui_ctx.db, actor, customers.RegisterCustomer(customer_form()))
    documents = applications.shipped_catalogue().get("meter_test").documents
    return applications.accept_application(
        ui_ctx.db, actor, applications.AcceptApplication("meter_test", customer.id, {}, documents)
    )


@pytest.fixture
def panel(qtbot, ui_ctx, application):  # type: ignore[no-untyped-def]
    widget = AttachmentsPanel(ui_ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 520)
    widget.show()
    widget.set_application(application.id)
    qtbot.waitUntil(lambda: widget.document.count() > 1)
    return widget


def _rows(panel: AttachmentsPanel) -> list:  # type: ignore[type-arg]
    return panel.model.rows()


def test_add_from_a_file_through_the_dialog_seam_and_preview_it(
    qtbot, ui_ctx, panel, tmp_path, qtmodeltester
):  # type: ignore[no-untyped-def]
    dialogs: ScriptedDialogs = ui_ctx.dialogs  # type: ignore[assignment]
    path = _png(tmp_path / "身份证正面.png")
    dialogs.files.append(str(path))
    panel.document.setCurrentIndex(panel.document.findData("id_person_or_org"))
    with qtbot.waitSignal(panel.attachmentAdded, timeout=10000) as added:
        qtbot.mouseClick(panel.file_button, Qt.MouseButton.LeftButton)
    row = added.args[0]
    assert (row.file_name, row.media_type, row.source, row.document_code) == (
        "身份证正面.png",
        "image/png",
        "file",
        "id_person_or_org",
    )
    assert dialogs.asked[-1][0] == "open_file"
    qtbot.waitUntil(lambda: len(_rows(panel)) == 1)
    model = panel.model
    assert (
        model.index(0, AttachmentColumn.DOCUMENT).data()
        == "用电人有效身份证明（个人身份证件或单位主体资格证明）"
    )
    assert model.index(0, AttachmentColumn.TYPE).data() == "PNG"
    assert model.index(0, AttachmentColumn.ADDED_BY).data() == "clerk1"
    qtbot.waitUntil(lambda: panel.preview.showing() == "image")
    shown = panel.preview.image.pixmap()
    assert not shown.isNull() and shown.width() <= 320
    assert "共 1 个附件" in panel.summary.text()
    qtmodeltester.check(model)
    # Ctrl+O opens the file dialog too; cancelled, nothing happens
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert [q[0] for q in dialogs.asked].count("open_file") == 2
    ui_ctx.tasks.wait_idle()
    assert len(_rows(panel)) == 1


def test_add_the_newest_scans_from_the_scanner_folder(qtbot, ui_ctx, panel, tmp_path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "scans"
    folder.mkdir()
    now = time.time()
    for i, name in enumerate(("Scan_0001.png", "Scan_0002.png", "Scan_0003.png")):
        path = _png(folder / name, (100 + i, 80))
        os.utime(path, (now - 300 + i * 60, now - 300 + i * 60))
    (folder / "readme.txt").write_text("not a scan", encoding="utf-8")
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, scanner_folder=str(folder))
    seen: list[list[str]] = []

    def pick_two_newest(dialog: QDialog) -> int:
        assert isinstance(dialog, ScannerPicker)
        seen.append([dialog.list.item(i).text().split()[0] for i in range(dialog.list.count())])
        dialog.show()  # as exec() would; the newest is current and selected
        dialog.list.setFocus()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # and the next
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # 添加 is the default button
        return dialog.result()

    ui_ctx.dialogs.dialog_handlers.append(pick_two_newest)  # type: ignore[attr-defined]
    qtbot.mouseClick(panel.scanner_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_rows(panel)) == 2, timeout=10000)
    assert seen == [["Scan_0003.png", "Scan_0002.png", "Scan_0001.png"]]  # newest first, no .txt
    assert [(r.file_name, r.source) for r in _rows(panel)] == [
        ("Scan_0002.png", "scanner"),
        ("Scan_0003.png", "scanner"),
    ]


def test_scanner_folder_not_set_or_missing_is_said_next_to_the_buttons(qtbot, ui_ctx, panel, tmp_path):  # type: ignore[no-untyped-def]
    panel.scanner_button.click()
    assert "scanner_folder" in panel.error.text() and panel.error.isVisible()
    ui_ctx.settings = dataclasses.replace(ui_ctx.settings, scanner_folder=str(tmp_path / "gone"))
    panel.scanner_button.click()
    assert "不存在" in panel.error.text()


def test_paste_an_image_and_a_copied_file(qtbot, ui_ctx, panel, tmp_path):  # type: ignore[no-untyped-def]
    image = QImage(240, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    QGuiApplication.clipboard().setImage(image)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.attachmentAdded, timeout=10000) as added:
        qtbot.keyClick(panel.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    row = added.args[0]
    assert (row.media_type, row.source) == ("image/png", "clipboard")
    assert row.file_name.startswith("粘贴图片_") and row.file_name.endswith(".png")
    stored = attachments.attachment_content(ui_ctx.db, actor_of(ui_ctx), row.id).content
    back = QImage.fromData(stored)
    assert (back.width(), back.height(), back.pixelColor(5, 5).name()) == (240, 160, "#c0392b")

    copied = QMimeData()
    copied.setUrls([QUrl.fromLocalFile(str(_png(tmp_path / "复制的文件.png", (60, 40))))])
    QGuiApplication.clipboard().setMimeData(copied)
    with qtbot.waitSignal(panel.attachmentAdded, timeout=10000) as added:
        panel.paste_button.click()
    assert (added.args[0].file_name, added.args[0].source) == ("复制的文件.png", "clipboard")
    qtbot.waitUntil(lambda: len(_rows(panel)) == 2)

    QGuiApplication.clipboard().setText("只是一段文字")
    panel.paste_button.click()
    assert "剪贴板中没有图片或文件" in panel.error.text()


def test_a_pdf_from_the_print_path_is_previewed_with_its_pages(qtbot, ui_ctx, panel, application, tmp_path):  # type: ignore[no-untyped-def]
    receipt = application_prints.render_document(
        ui_ctx.db, actor_of(ui_ctx), application.id, DocType.APPLICATION_RECEIPT
    )
    path = tmp_path / "回执（客户签字）.pdf"
    path.write_bytes(receipt.pdf)
    ui_ctx.dialogs.files.append(str(path))  # type: ignore[attr-defined]
    panel.file_button.click()
    qtbot.waitUntil(lambda: panel.preview.showing() == "pdf", timeout=10000)
    assert panel.preview.pdf_pages() >= 1
    assert panel.model.index(0, AttachmentColumn.TYPE).data() == "PDF"


def test_refusals_show_the_services_message_beside_the_buttons(qtbot, ui_ctx, panel, tmp_path):  # type: ignore[no-untyped-def]
    big = tmp_path / "整本扫描.pdf"
    with big.open("wb") as fh:  # a sparse file: refused on its size, never read through
        fh.write(b"%PDF-1.4\n")
        fh.truncate(attachments.MAX_FILE_BYTES + 5 * 1024 * 1024 // 2)
    ui_ctx.dialogs.files.append(str(big))  # type: ignore[attr-defined]
    panel.file_button.click()
    qtbot.waitUntil(lambda: panel.error.isVisible(), timeout=10000)
    assert "“整本扫描.pdf”未添加：文件过大（12.5 MB），每个附件不能超过10.0 MB" in panel.error.text()
    assert panel.file_button.isEnabled()

    fake = tmp_path / "身份证.pdf"
    fake.write_bytes(b"PK\x03\x04 a zip file")
    ui_ctx.dialogs.files.append(str(fake))  # type: ignore[attr-defined]
    panel.file_button.click()
    qtbot.waitUntil(lambda: "身份证.pdf" in panel.error.text(), timeout=10000)
    assert "PDF、JPEG、PNG、TIFF" in panel.error.text()
    assert _rows(panel) == []


def test_a_closed_application_lists_but_takes_no_attachment(qtbot, ui_ctx, panel, application, tmp_path):  # type: ignore[no-untyped-def]
    attachments.attach_document(
        ui_ctx.db,
        actor_of(ui_ctx),
        attachments.AttachDocument(application.id, "a.png", _png(tmp_path / "a.png").read_bytes(), "file"),
    )
    panel.set_application(application.id, closed=True)
    qtbot.waitUntil(lambda: len(_rows(panel)) == 1)
    assert not any(b.isEnabled() for b in (panel.file_button, panel.scanner_button, panel.paste_button))
    assert "申请已关闭" in panel.summary.text()
    panel.paste()  # Ctrl+V does nothing either
    assert not ui_ctx.dialogs.asked  # type: ignore[attr-defined]


def test_the_panel_previews_an_image(qtbot, ui_ctx, panel, tmp_path):  # type: ignore[no-untyped-def]
    """The panel with an image previewed (grabbed for looking at)."""
    for name, size, colour in (
        ("身份证正面.png", (856, 540), "#dfe8f1"),
        ("房产证.png", (600, 840), "#f3ead7"),
    ):
        ui_ctx.dialogs.files.append(str(_png(tmp_path / name, size, colour, Path(name).stem)))  # type: ignore[attr-defined]
        with qtbot.waitSignal(panel.attachmentAdded, timeout=10000):
            panel.file_button.click()
    qtbot.waitUntil(lambda: len(_rows(panel)) == 2 and panel.preview.showing() == "image")
    panel.table.selectRow(0)
    qtbot.waitUntil(lambda: panel.preview.showing() == "image" and "身份证正面" in panel.caption.text())
    out = tmp_path / "attachments_panel.png"  # the README's is the themed 附件 tab (test_application_worklist)
    assert panel.grab().save(str(out))
