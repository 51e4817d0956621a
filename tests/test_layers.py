"""The import arrows between the layers, checked by walking every module's AST.

    main.py ──> ui/ ──> app/ ──> db/
                         └──> app/domain/  (pure rules: no Qt, no SQLAlchemy)

Every ``import`` counts, including those inside functions (lazy imports are still
dependencies). Imports under ``if TYPE_CHECKING:`` never run; the only typing-only arrow
allowed against the flow is ``ui`` naming ``db.engine.Database`` in annotations.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT = {"PySide6", "shiboken6", "qt_material", "PyQt5", "PyQt6", "PySide2"}
DOMAIN_THIRD_PARTY = {"stdnum", "pypinyin"}
UI_TYPING_ONLY_ALLOWED = {"db.engine"}


@dataclass(frozen=True)
class Import:
    path: str  # relative to the project root
    module: str  # absolute dotted name
    line: int
    typing_only: bool

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.module}{' (TYPE_CHECKING)' if self.typing_only else ''}"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _package_of(rel: Path) -> list[str]:
    """The package a relative import starts from: the folder, or the package itself for __init__."""
    parts = list(rel.with_suffix("").parts)
    return parts[:-1]


def imports_of(source: str, rel: Path) -> list[Import]:
    """Every import in ``source`` (a file at ``rel``), relative imports made absolute."""
    found: list[Import] = []
    package = _package_of(rel)

    def visit(node: ast.AST, typing_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for stmt in node.body:
                visit(stmt, True)
            for stmt in node.orelse:
                visit(stmt, typing_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(rel.as_posix(), alias.name, node.lineno, typing_only))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module != "__future__":
                found.append(Import(rel.as_posix(), module, node.lineno, typing_only))
                # "from app import oplog" depends on app.oplog: record submodules too.
                for alias in node.names:
                    found.append(Import(rel.as_posix(), f"{module}.{alias.name}", node.lineno, typing_only))
        for child in ast.iter_child_nodes(node):
            visit(child, typing_only)

    visit(ast.parse(source, filename=str(rel)), False)
    return found


def _imports(folder: str) -> list[Import]:
    out: list[Import] = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        rel = path.relative_to(ROOT)
        out += imports_of(path.read_text(encoding="utf-8"), rel)
    return out


def _violations(imports: list[Import], bad) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(i) for i in imports if bad(i)]


# ---- the walker itself ----------------------------------------------------------------------


def test_walker_sees_lazy_relative_and_typing_only_imports():
    source = (
        "from typing import TYPE_CHECKING\n"
        "import os, sqlalchemy.orm\n"
        "from . import sibling\n"
        "from ..db import engine\n"
        "if TYPE_CHECKING:\n"
        "    from db.engine import Database\n"
        "else:\n"
        "    import alembic\n"
        "def f():\n"
        "    from PySide6.QtCore import QObject\n"
    )
    found = {(i.module, i.typing_only) for i in imports_of(source, Path("ui/customers/form.py"))}
    assert ("sqlalchemy.orm", False) in found and ("os", False) in found
    assert ("ui.customers.sibling", False) in found
    assert ("ui.db.engine", False) in found
    assert ("db.engine", True) in found and ("db.engine.Database", True) in found
    assert ("alembic", False) in found
    assert ("PySide6.QtCore", False) in found


def test_every_layer_has_modules_to_check():
    for folder in ("ui", "app", "app/domain", "db"):
        assert list((ROOT / folder).rglob("*.py")), folder


# ---- the arrows -----------------------------------------------------------------------------


def test_ui_never_imports_sqlalchemy_alembic_or_db():
    def bad(i: Import) -> bool:
        if i.top in ("sqlalchemy", "alembic"):
            return True
        if i.top == "db":
            return not (i.typing_only and any(i.module == m or i.module.startswith(m + ".")
                                              for m in UI_TYPING_ONLY_ALLOWED))
        return False

    assert _violations(_imports("ui"), bad) == []


@pytest.mark.parametrize("folder", ["app", "db"])
def test_app_and_db_never_import_qt_or_ui(folder):
    assert _violations(_imports(folder), lambda i: i.top in QT or i.top == "ui") == []


def test_db_never_imports_app_or_ui():
    assert _violations(_imports("db"), lambda i: i.top in ("app", "ui")) == []


def test_domain_imports_only_stdlib_stdnum_pypinyin_and_itself():
    def bad(i: Import) -> bool:
        if i.top in sys.stdlib_module_names or i.top in DOMAIN_THIRD_PARTY:
            return False
        return not (i.module == "app.domain" or i.module.startswith("app.domain."))

    assert _violations(_imports("app/domain"), bad) == []

