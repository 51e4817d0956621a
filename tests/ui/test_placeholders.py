"""One placeholder style for translated texts (issue 8 item 8): Qt's ``%1`` … ``%n`` filled by ``fill``.

Why ``%n`` and not ``{0}``: see ``ui/i18n.py``. The scan reads every tr() / translate() text of
``ui/`` from the syntax tree, so a text split over several lines is seen whole.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ui.i18n import fill

UI = Path(__file__).resolve().parents[2] / "ui"

#: ``{0}``, ``{}``, ``{1:,}``, ``{name}``, ``{0!r}``: a Python format field (``{ … }`` or a JSON
#: example such as ``{"from", "to"}`` in a message is plain text and passes).
FORMAT_FIELD = re.compile(r"\{(?:\d*|[A-Za-z_]\w*)(?:[:!][^{}]*)?\}")


def _translated_text(call: ast.Call) -> str | None:
    func = call.func
    if (
        isinstance(func, ast.Name)
        and func.id in ("tr", "_tr")
        or isinstance(func, ast.Attribute)
        and func.attr == "tr"
    ):
        index = 0
    elif isinstance(func, ast.Attribute) and func.attr == "translate":
        index = 1
    else:
        return None
    if (
        len(call.args) > index
        and isinstance(call.args[index], ast.Constant)
        and isinstance(call.args[index].value, str)
    ):
        return call.args[index].value
    return None


def _offences(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        text = _translated_text(node)
        if text is not None and FORMAT_FIELD.search(text):
            found.append(f"{name}:{node.lineno}: {{}}-placeholder in {text[:60]!r} (write %1 and fill())")
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("format", "replace")
            and node.args[:1]
            and isinstance(func.value, ast.Call)
            and _translated_text(func.value) is not None
        ):
            found.append(f"{name}:{node.lineno}: tr(...).{func.attr}(...) (use fill())")
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "replace"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and re.fullmatch(r"%\d+", node.args[0].value)
        ):
            found.append(f"{name}:{node.lineno}: .replace({node.args[0].value!r}, ...) (use fill())")
    return found


def test_translated_texts_of_ui_use_percent_placeholders_only() -> None:
    offences = []
    for path in sorted(UI.rglob("*.py")):
        offences += _offences(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent)))
    assert offences == []


def test_the_scan_sees_both_other_styles() -> None:
    source = (
        'a = self.tr("户号 {0}").format(no)\n'
        'b = tr("近{}个月"\n       "合计 {total:,}")\n'
        'c = self.tr("用户：%1").replace("%1", who)\n'
        'd = QCoreApplication.translate("Ctx", "第{0}页")\n'
        'e = fill(self.tr("户号 %1（{ … }）"), no)\n'
    )
    found = _offences(source, "x.py")
    # a: field and .format; b: auto and named fields; c: tr().replace and "%1"; d: translate(); e passes
    assert sorted(int(line.split(":")[1]) for line in found) == [1, 1, 2, 4, 4, 5]


def test_fill_replaces_each_placeholder_once() -> None:
    assert fill("户号 %1（版本 %2）", "0101", 3) == "户号 0101（版本 3）"
    assert fill("%2 before %1", "a", "b") == "b before a"  # a translation may reorder
    assert fill("%1 and %2", "50%2", "x") == "50%2 and x"  # a value is not filled again
    assert fill("%1 of %3", "a") == "a of %3"  # no value: left as it is
    assert fill("%1 %10", *range(1, 11)) == "1 10"
