"""One palette (issue 8 item 6): every colour of ``ui/`` is named in ``ui/palette.py``.

A colour written anywhere else — ``#c62828`` in a style sheet, ``rgb(…)``, ``color: white``,
``QColor("#757575")``, ``QColor(198, 40, 40)``, ``Qt.GlobalColor.red`` — fails here; give the
widget a role / panel property (the application style sheet colours it) or use a palette constant.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui import palette
from ui.widgets import ErrorLabel, muted

UI = Path(__file__).resolve().parents[2] / "ui"
PALETTE = UI / "palette.py"

HEX = re.compile(r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![\w-])")  # a link anchor (a .md file name, then "#bad-input") is not a colour
FUNCTION = re.compile(r"\b(?:rgba?|hsla?|hsva?)\s*\(", re.IGNORECASE)
#: A colour property of a style sheet or of rich text, and its value up to the end of the declaration.
PROPERTY = re.compile(
    r"(?:color|background(?:-color)?|border(?:-[a-z]+)*|outline|selection-[a-z-]+|gridline-color)"
    r"\s*[:=]\s*['\"]?([^;{}'\"<>]*)",
    re.IGNORECASE,
)
NAMES = {name.lower() for name in QColor.colorNames()} - {"transparent"}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal, f-strings' literal parts included."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _colour_in(text: str) -> str | None:
    if (match := HEX.search(text)) or (match := FUNCTION.search(text)):
        return match.group(0)
    for match in PROPERTY.finditer(text):
        words = set(re.findall(r"[a-z]+", match.group(1).lower()))
        if named := words & NAMES:
            return f"{match.group(0).strip()} ({', '.join(sorted(named))})"
    return None


def _offences(source: str, name: str) -> list[str]:
    tree = ast.parse(source)
    found = [f"{name}:{line}: {colour}" for line, text in _strings(tree) if (colour := _colour_in(text))]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
            func = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if func in ("QColor", "QBrush", "QPen") and node.args and isinstance(node.args[0], ast.Constant):
                found.append(f"{name}:{node.lineno}: {func}({node.args[0].value!r}, …)")
        if isinstance(node, ast.Attribute) and node.attr == "GlobalColor":
            found.append(f"{name}:{node.lineno}: Qt.GlobalColor")
    return found


def test_no_colour_literal_outside_the_palette() -> None:
    offences = []
    for path in sorted(UI.rglob("*.py")):
        if path != PALETTE:
            offences += _offences(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent)))
    assert offences == [], (
        "name the colour in ui/palette.py (or give the widget a role the style sheet colours)"
    )


def test_the_scan_finds_each_kind_of_literal() -> None:
    source = (
        'a = "QLabel#x { color: #c62828; }"\n'
        'b = f"color: {c}; background-color: #fff;"\n'
        'c = "border: 1px solid rgb(200, 0, 0);"\n'
        'd = "QFrame { background: white; }"\n'
        'e = QColor("#757575")\n'
        "f = QColor(198, 40, 40, 56)\n"
        "g = QBrush(Qt.GlobalColor.red)\n"
        "h = \"<span style='color:red'>\"\n"
        'ok = "QLabel { background: transparent; border: none; } 户号 #12 第3档 docs/rules.md#bad-input"\n'
        "ok2 = QColor(palette.ERROR)\n"
    )
    lines = sorted({int(line.split(":")[1]) for line in _offences(source, "x.py")})
    assert lines == [1, 2, 3, 4, 5, 6, 7, 8]


def test_the_style_sheet_parses_and_colours_by_role(qapp, qtbot) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []

    def handler(kind, _context, message) -> None:  # type: ignore[no-untyped-def]
        if kind != QtMsgType.QtDebugMsg:
            warnings.append(message)

    previous = qInstallMessageHandler(handler)
    try:
        qapp.setStyleSheet(qapp.styleSheet())  # installed by the conftest; re-parse it here
        host = QWidget()
        qtbot.addWidget(host)
        layout = QVBoxLayout(host)
        error, quiet, plain = ErrorLabel(host), muted("…", host), QLabel("…", host)
        card = QFrame(host)
        card.setProperty("panel", "change")
        card.setFixedSize(60, 30)
        for widget in (error, quiet, plain, card):
            layout.addWidget(widget)
        error.set_message("出错了")
        host.show()
        qtbot.waitExposed(host)
        for widget in (error, quiet, plain, card):
            widget.ensurePolished()
    finally:
        qInstallMessageHandler(previous)
    assert not [w for w in warnings if "style" in w.lower() or "parse" in w.lower()], warnings
    assert error.palette().color(QPalette.ColorRole.WindowText).name() == palette.ERROR
    assert quiet.palette().color(QPalette.ColorRole.WindowText).name() == palette.MUTED
    assert plain.palette().color(QPalette.ColorRole.WindowText).name() not in (palette.ERROR, palette.MUTED)
    grabbed = card.grab().toImage()
    assert grabbed.pixelColor(grabbed.width() // 2, grabbed.height() // 2).name() == palette.CHANGE_BG
