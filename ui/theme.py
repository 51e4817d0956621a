"""Look and feel: qt-material with a CJK font and a dense layout, then the app's own style sheet
(``ui/palette.py``: its colours by meaning), applied once at start."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import platformdirs
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.config import APP_NAME, Settings
from app.printing.fonts import BUNDLED
from ui.palette import STYLE_SHEET

log = logging.getLogger(__name__)


def register_fonts(settings: Settings) -> str:
    """Make sure a Chinese font exists for Qt and return the family to use.

    The bundled WenQuanYi Micro Hei is registered with Qt so text renders even when the
    OS has no Chinese font; a family the OS does have (微软雅黑 on Windows) wins when the
    settings name it or when it is the usual system choice.
    """
    families = set(QFontDatabase.families())
    if settings.font_family and settings.font_family in families:
        return settings.font_family
    for preferred in ("Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        if preferred in families:
            return preferred
    font_id = QFontDatabase.addApplicationFont(str(BUNDLED))
    loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not loaded:
        log.error("could not load the bundled CJK font %s", BUNDLED)
        return QApplication.font().family()
    return loaded[0]


def apply_theme(app: QApplication, settings: Settings) -> str:
    family = register_fonts(settings)
    font = QFont(family, 10)
    app.setFont(font)
    try:
        from qt_material import apply_stylesheet

        # qt-material writes its generated icons below this folder (default: ~/.qt_material).
        icons = os.environ.get("GRIDCOUNTER_QT_MATERIAL_DIR") or str(
            Path(platformdirs.user_cache_dir(APP_NAME, False)) / "qt-material")
        apply_stylesheet(app, theme=settings.theme, parent=icons, extra={
            "font_family": family, "font_size": "13px", "density_scale": str(settings.density_scale),
        })
    except Exception:  # a broken theme must never stop the counter from opening
        log.exception("qt-material theme could not be applied; using the plain Fusion style")
        app.setStyle("Fusion")
    install_style_sheet(app)
    return family


def install_style_sheet(app: QApplication) -> None:
    """Append the palette's style sheet to the application's (after qt-material's, so it wins a tie)."""
    sheet = app.styleSheet()
    if STYLE_SHEET not in sheet:
        app.setStyleSheet(sheet + STYLE_SHEET)
