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
    #: ``from module import a, b``: the names imported (each may be a submodule)
    names: tuple[str, ...] = ()

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
                names = tuple(alias.name for alias in node.names)
                found.append(Import(rel.as_posix(), module, node.lineno, typing_only, names))
                # "from app.write_path import oplog" depends on app.write_path.oplog: record submodules too.
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



# ---- no import cycles -----------------------------------------------------------------------

def module_name(rel: Path) -> str:
    parts = list(rel.with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(folders: tuple[str, ...] = ("app", "ui")) -> dict[str, dict[str, Import]]:
    """Module → {module it imports → the first such import}, for every module under ``folders``.
    Every import counts: at the top, inside functions (lazy) and under ``TYPE_CHECKING`` (a
    dependency for the reader and for mypy even when it does not run)."""
    found: dict[str, list[Import]] = {}
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT)
            found[module_name(rel)] = imports_of(path.read_text(encoding="utf-8"), rel)
    graph: dict[str, dict[str, Import]] = {}
    for name, imports in found.items():
        edges = graph.setdefault(name, {})
        for imp in imports:
            # "from app.demo import pools" depends on app.demo.pools, not on app/demo/__init__.py;
            # "from app.demo import seed_demo" on the package itself.
            targets = [f"{imp.module}.{n}" if f"{imp.module}.{n}" in found else imp.module for n in imp.names]
            for target in targets or [imp.module]:
                if target in found:
                    edges.setdefault(target, imp)
    return graph


def strongly_connected(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """Tarjan's components, iteratively (no recursion limit to worry about)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def cycles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """Every component with more than one module, and every module importing itself."""
    return [c for c in strongly_connected(graph) if len(c) > 1 or c[0] in graph[c[0]]]


def describe_cycle(graph: dict[str, dict[str, Import]], component: list[str]) -> str:
    """One closed path through the component, each step with the import that makes it."""
    members, start = set(component), component[0]
    came_from: dict[str, str] = {}
    queue = [start]
    while queue:  # breadth first, back to the start
        node = queue.pop(0)
        for child in sorted(graph[node]):
            if child in members and child not in came_from:
                came_from[child] = node
                queue.append(child)
        if start in came_from:
            break
    path = [start]
    while True:
        path.append(came_from[path[-1]])
        if path[-1] == start:
            break
    path.reverse()
    steps = [f"  {a} -> {b}   ({graph[a][b]})" for a, b in zip(path, path[1:], strict=False)]
    return f"cycle among {', '.join(component)}:\n" + "\n".join(steps)


def test_cycle_finder_sees_lazy_typing_only_and_self_imports():
    def edge(a: str, b: str) -> Import:
        return Import(a.replace(".", "/") + ".py", b, 1, False)

    graph = {"a": {"b": edge("a", "b")}, "b": {"a": edge("b", "a")}, "c": {"c": edge("c", "c")},
             "d": {"a": edge("d", "a")}}
    assert cycles(graph) == [["a", "b"], ["c"]]
    assert "a -> b" in describe_cycle(graph, ["a", "b"]) and "b -> a" in describe_cycle(graph, ["a", "b"])
    lazy = imports_of("def f():\n    from ui.b import x\n", Path("ui/a.py"))
    assert "ui.b" in {i.module for i in lazy}


def test_no_import_cycles_in_app_or_ui():
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles (move the shared part down, or plug in through the shell):\n" + "\n".join(
        describe_cycle(graph, c) for c in found)


def test_customers_does_not_import_the_modules_that_plug_into_it():
    """Billing, payments and cashier plug into the customer view through its host interface
    (ui/customers/host.py), wired by the main window: the customer view knows none of them."""
    plugged = ("ui.billing", "ui.payments", "ui.cashier")
    assert _violations(_imports("ui/customers"), lambda i: any(
        i.module == p or i.module.startswith(p + ".") for p in plugged)) == []


#: the feature packages of ui/ (one per module the main window registers or plugs in)
FEATURES = ("applications", "audit", "billing", "billing_admin", "cashier", "customer_display", "customers",
            "dashboard", "insights", "outages", "payments", "reports", "settings", "sync", "users", "workorders")


def test_features_import_no_other_features_ui_but_the_customer_host():
    """Modules plug into the shell, not into each other (docs/architecture.md): a feature uses the
    shared pieces of ui/ (widgets, tables, formatting, printing, approval dialog) and the customer
    view's host interface, never another feature's widgets. Only the main window and ui/app.py,
    which wire the features, import them all."""
    problems: list[str] = []
    for feature in FEATURES:
        others = [f"ui.{other}" for other in FEATURES if other != feature]
        problems += _violations(_imports(f"ui/{feature}"), lambda i, o=others: not i.module.startswith("ui.customers.host") and any(
            i.module == p or i.module.startswith(p + ".") for p in o))
    shared = [p for p in (ROOT / "ui").glob("*.py") if p.name not in ("main_window.py", "app.py")]
    for path in shared:
        rel = path.relative_to(ROOT)
        problems += _violations(imports_of(path.read_text(encoding="utf-8"), rel), lambda i: any(
            i.module == f"ui.{f}" or i.module.startswith(f"ui.{f}.") for f in FEATURES))
    assert problems == []


@pytest.mark.parametrize("package", ["app", "ui", "db"])
def test_every_module_imports(package: str) -> None:
    """A moved helper leaves no import of a name that is gone, even in a module no test opens."""
    import importlib
    import pkgutil

    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        if ".migrations." in info.name:
            continue  # Alembic scripts run inside Alembic's context
        importlib.import_module(info.name)
