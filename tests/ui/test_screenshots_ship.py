"""Screenshots of the real message boxes of issue 12 (ship it): a draft offered back after a
crash, 关于 with the version and schema, and the supervisor's backup report — each shown by
``Dialogs`` itself (the clerk sees exactly this box), grabbed, then answered with its default
button. Written to tests/shots.py's folder (``GRIDCOUNTER_SCREENSHOTS=1`` refreshes the README's).
"""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.test_backup_ui import _use_folder, _wait_backup
from tests.ui.test_customers_flow import make_module
from tests.ui.test_drafts import fill_registration, wait_draft
from tests.ui.test_screenshots_cashier import save, themed  # noqa: F401 — fixture
from tests.ui.test_shell import _main, press
from ui.context import UiContext
from ui.dialogs import Dialogs
from ui.drafts import REGISTRATION, offer_drafts, store_for


class ShotDialogs(Dialogs):
    """The real boxes, shown without a modal loop: each is grabbed under the next name, then
    its default button (or OK) is pressed."""

    def __init__(self, qtbot, names: list[str]) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.qtbot = qtbot
        self.names = deque(names)
        self.texts: list[str] = []

    def _exec(self, box: QMessageBox) -> int:
        box.setWindowModality(Qt.WindowModality.NonModal)
        with self.qtbot.waitExposed(box):
            box.show()
        self.texts.append(box.text())
        save(self.qtbot, box, self.names.popleft())
        button = box.defaultButton() or box.button(QMessageBox.StandardButton.Ok)
        assert button is not None
        button.click()
        return int(box.standardButton(button))


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("GRIDCOUNTER_DATA_DIR", str(folder))
    return folder


def test_screenshot_draft_offered_after_a_crash(qtbot, themed, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    module = make_module(qtbot, ui_ctx)
    fill_registration(qtbot, module)
    wait_draft(qtbot, store_for(ui_ctx), REGISTRATION)
    module._close_form(refocus=False)  # as if the program had stopped: the draft stays
    ui_ctx.dialogs = shots = ShotDialogs(qtbot, ["drafts_offer.png"])
    assert offer_drafts(ui_ctx, module, {REGISTRATION: module.restore_registration}) == [REGISTRATION]
    assert shots.texts[0].startswith("上次未保存的客户登记（不到 1 分钟前）：欧阳晓明")
    assert module.form is not None and module.form.value("name") == "欧阳晓明"


def test_screenshot_about_and_backup(qtbot, themed, ui_ctx: UiContext, login_as, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    login_as(ui_ctx, "super1")
    (tmp_path / "usb").mkdir()
    _use_folder(ui_ctx, tmp_path / "usb")
    ui_ctx.dialogs = shots = ShotDialogs(qtbot, ["about.png", "backup_done.png"])
    window = _main(qtbot, ui_ctx)
    press(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert "数据库结构" in shots.texts[0]
    window.backup_now()
    _wait_backup(qtbot)
    qtbot.waitUntil(lambda: len(shots.texts) == 2, timeout=10000)
    assert "已备份并核验" in shots.texts[1]
