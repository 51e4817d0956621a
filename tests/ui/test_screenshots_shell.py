"""Screenshots of the shell for the README (docs/screenshots/*.png), with the real theme.

The PNGs are written every run; look at them after changing a layout (Chinese must render,
nothing clipped). The theme is applied for these tests only and removed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from app.config import Settings
from app.services.setup import open_database
from tests.shots import SHOTS
from tests.ui.helpers import ScriptedDialogs
from ui.context import UiContext
from ui.i18n import install_translators, uninstall_translators
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.setup_wizard import SetupWizard
from ui.tasks import TaskRunner
from ui.theme import apply_theme
from ui.users.screen import UsersModule


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    style_sheet, font, palette = qapp.styleSheet(), QFont(qapp.font()), qapp.palette()
    install_translators(qapp, "zh_CN")
    apply_theme(qapp, Settings())
    yield qapp
    uninstall_translators(qapp)
    qapp.setStyleSheet(style_sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)


def _save(qtbot, widget: QWidget, name: str) -> Path:  # type: ignore[no-untyped-def]
    with qtbot.waitExposed(widget):
        widget.show()
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 10_000
    return path


def test_screenshot_login(qtbot, themed, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    ui_ctx.actor = None
    dialog = LoginDialog(ui_ctx)
    qtbot.addWidget(dialog)
    dialog.resize(520, dialog.sizeHint().height())
    dialog.username.setText("clerk1")
    _save(qtbot, dialog, "login.png")


def test_screenshot_setup(qtbot, themed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'new.db'}")
    db = open_database(settings)
    tasks = TaskRunner()
    wizard = SetupWizard(settings, db, tasks, ScriptedDialogs())
    qtbot.addWidget(wizard)
    wizard.node_code.setText("3301")
    wizard.node_name.setText("城东营业厅")
    wizard.company.setText("国网杭州供电公司")
    wizard.admin_password.setText("Admin2026")
    wizard.admin_password_again.setText("Admin2025")
    wizard.fields["admin_password_again"].set_error("两次输入的密码不一致")
    wizard.resize(680, wizard.sizeHint().height())
    _save(qtbot, wizard, "setup.png")
    db.dispose()


def test_screenshot_main(qtbot, themed, ui_ctx: UiContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    window.resize(1280, 800)
    _save(qtbot, window, "main.png")
    ui_ctx.tasks.wait_idle()


def test_screenshot_users(qtbot, themed, ui_ctx: UiContext, login_as) -> None:  # type: ignore[no-untyped-def]
    login_as(ui_ctx, "admin")
    window = MainWindow(ui_ctx)
    qtbot.addWidget(window)
    window.idle.set_timeout_ms(0)
    window.resize(1280, 800)
    assert window.show_module_by_key("users")
    users = window.current_module().widget  # type: ignore[union-attr]
    assert isinstance(users, UsersModule)
    qtbot.waitUntil(lambda: users.model.rowCount() >= 4)
    _save(qtbot, window, "users.png")
