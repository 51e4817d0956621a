"""The work-order category tree (诉求分类) as data: ``resources/workorders/categories.json``
(docs/rules.md#work-order-categories).

Each category has a dotted code (``metering.data``), a Chinese name and optional children; a
category may name the answer rule it is held to (``answer_rule``: ``metering_objection`` for
电能表数据异议, answered within the metering-objection limit instead of its type's). A work order
is filed under any category of the tree, a leaf or a branch.

An administrator changes the tree of his hall in the app (stored per node in the database,
``workorder_config``; :mod:`app.services.workorder_config`): he may add categories, rename them
and deactivate (``"active": false``) or reactivate them, never delete one, so every order keeps
the category code it was filed under and still shows its name. A deactivated category, or one
under a deactivated branch, is not offered for new orders (:meth:`CategoryTree.offered`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from app.domain.errors import ValidationError

__all__ = [
    "ANSWER_RULES",
    "Category",
    "CategoryTree",
    "add_category",
    "category_changes",
    "load_default_categories",
    "parse_categories",
    "rename_category",
    "set_category_active",
]

FORMAT = "gridcounter.workorder_categories/1"
DEFAULT_PACKAGE = "resources.workorders"
DEFAULT_FILE = "categories.json"
#: The answer rules a category may name (app/domain/workorders/rules.py values).
ANSWER_RULES = frozenset({"metering_objection"})
_CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
NAME_MAX = 30
CODE_MAX = 30


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    parent: str | None  # the parent's code; None at the top
    answer_rule: str | None = None  # a rule of ANSWER_RULES, inherited by the children
    children: tuple[str, ...] = ()
    active: bool = True  # False: kept for the orders filed under it, not offered for new ones

    @property
    def leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True)
class CategoryTree:
    """The tree, by code, in the file's order (``roots`` first level)."""

    version: int
    source: str
    roots: tuple[str, ...]
    by_code: Mapping[str, Category]

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def get(self, code: str) -> Category:
        try:
            return self.by_code[code]
        except KeyError:
            raise ValidationError("category", "未知的诉求分类：{code}", code=code) from None

    def path(self, code: str) -> tuple[Category, ...]:
        """The category and its ancestors, top first (for 计量 › 电能表数据异议)."""
        out: list[Category] = []
        node: Category | None = self.get(code)
        while node is not None:
            out.append(node)
            node = self.by_code[node.parent] if node.parent else None
        return tuple(reversed(out))

    def label(self, code: str) -> str:
        """``计量 › 电能表数据异议``; the code itself when the tree does not know it (an order filed
        under a category a later tree dropped)."""
        if code not in self.by_code:
            return code
        return " › ".join(c.name for c in self.path(code))

    def answer_rule(self, code: str) -> str | None:
        """The answer rule the category or its nearest ancestor names, if any."""
        for node in reversed(self.path(code)):
            if node.answer_rule:
                return node.answer_rule
        return None

    def walk(self) -> Iterator[tuple[int, Category]]:
        """(depth, category), depth first in the file's order: a combo box's rows."""

        def visit(code: str, depth: int) -> Iterator[tuple[int, Category]]:
            node = self.by_code[code]
            yield depth, node
            for child in node.children:
                yield from visit(child, depth + 1)

        for root in self.roots:
            yield from visit(root, 0)

    def offered(self, code: str) -> bool:
        """A new order may be filed under the category: it is known and active, and so is every
        ancestor."""
        return code in self.by_code and all(node.active for node in self.path(code))

    def walk_offered(self) -> Iterator[tuple[int, Category]]:
        """:meth:`walk` without the deactivated categories and their subtrees."""
        for depth, node in self.walk():
            if self.offered(node.code):
                yield depth, node

    def to_data(self) -> dict[str, Any]:
        """The tree in the file's format (what :func:`parse_categories` reads back)."""

        def item(code: str) -> dict[str, Any]:
            node = self.by_code[code]
            out: dict[str, Any] = {"code": node.code, "name": node.name}
            if node.answer_rule:
                out["answer_rule"] = node.answer_rule
            if not node.active:
                out["active"] = False
            if node.children:
                out["children"] = [item(child) for child in node.children]
            return out

        return {
            "format": FORMAT,
            "version": self.version,
            "source": self.source,
            "categories": [item(code) for code in self.roots],
        }


def parse_categories(data: object) -> CategoryTree:
    """The tree from its JSON data; ValidationError (field ``categories``) on the first fault:
    a wrong format, a malformed or repeated code, a child whose code does not extend its
    parent's, an empty or long name, an unknown answer rule."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("categories", "诉求分类文件格式不正确")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError("categories", "诉求分类文件的版本号应为正整数")
    by_code: dict[str, Category] = {}

    def add(item: object, parent: str | None) -> str:
        if not isinstance(item, dict):
            raise ValidationError("categories", "诉求分类文件格式不正确")
        code, name = item.get("code"), item.get("name")
        if not isinstance(code, str) or not _CODE.match(code) or len(code) > CODE_MAX:
            raise ValidationError("categories", "诉求分类代码不正确：{code}", code=str(code))
        if code in by_code:
            raise ValidationError("categories", "诉求分类代码重复：{code}", code=code)
        if parent is not None and not code.startswith(parent + "."):
            raise ValidationError(
                "categories", "诉求分类 {code} 的代码应以上级代码 {parent} 开头", code=code, parent=parent
            )
        if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
            raise ValidationError(
                "categories", "诉求分类 {code} 的名称应为 1 到 {max} 个字", code=code, max=NAME_MAX
            )
        rule = item.get("answer_rule")
        if rule is not None and rule not in ANSWER_RULES:
            raise ValidationError(
                "categories", "诉求分类 {code} 的时限规则未知：{rule}", code=code, rule=str(rule)
            )
        active = item.get("active", True)
        if not isinstance(active, bool):
            raise ValidationError("categories", "诉求分类文件格式不正确")
        by_code[code] = Category(code, name.strip(), parent, rule)  # children filled below
        kids = item.get("children", [])
        if not isinstance(kids, list):
            raise ValidationError("categories", "诉求分类文件格式不正确")
        children = tuple(add(child, code) for child in kids)
        by_code[code] = Category(code, name.strip(), parent, rule, children, active)
        return code

    items = data.get("categories")
    if not isinstance(items, list) or not items:
        raise ValidationError("categories", "诉求分类不能为空")
    roots = tuple(add(item, None) for item in items)
    return CategoryTree(version, str(data.get("source", "")), roots, by_code)


def load_default_categories() -> CategoryTree:
    """The tree shipped in ``resources/workorders/categories.json``."""
    text = resources.files(DEFAULT_PACKAGE).joinpath(DEFAULT_FILE).read_text("utf-8")
    return parse_categories(json.loads(text))


# ---- an administrator's changes -----------------------------------------------------------------


def _checked_name(tree: CategoryTree, parent: str | None, name: str, code: str | None = None) -> str:
    """The new name of a category under ``parent`` (``code``: the category renamed): 1 to
    NAME_MAX characters, not the name of a sibling."""
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise ValidationError("name", "分类名称应为 1 到 {max} 个字", max=NAME_MAX)
    siblings = tree.by_code[parent].children if parent else tree.roots
    if any(tree.by_code[s].name == name for s in siblings if s != code):
        raise ValidationError("name", "同一上级下已有名为“{name}”的分类", name=name)
    return name


def _with(
    tree: CategoryTree, by_code: dict[str, Category], roots: tuple[str, ...] | None = None
) -> CategoryTree:
    return CategoryTree(tree.version, tree.source, tree.roots if roots is None else roots, by_code)


def add_category(tree: CategoryTree, parent: str | None, name: str) -> tuple[CategoryTree, str]:
    """The tree with a new active category ``name`` at the end of ``parent``'s children (the top
    level when None), and its code: the parent's code and ``c1``, ``c2`` … (the first free one).
    ValidationError (field ``name``) for an empty, long or repeated name."""
    if parent is not None:
        tree.get(parent)
    name = _checked_name(tree, parent, name)
    number = 1
    while (code := f"{parent}.c{number}" if parent else f"c{number}") in tree.by_code:
        number += 1
    if len(code) > CODE_MAX:
        raise ValidationError("name", "分类层级过深，不能再添加下级分类")
    by_code = dict(tree.by_code)
    by_code[code] = Category(code, name, parent)
    if parent is None:
        return _with(tree, by_code, (*tree.roots, code)), code
    up = by_code[parent]
    by_code[parent] = replace(up, children=(*up.children, code))
    return _with(tree, by_code), code


def rename_category(tree: CategoryTree, code: str, name: str) -> CategoryTree:
    """The tree with the category renamed (orders filed under it show the new name)."""
    node = tree.get(code)
    name = _checked_name(tree, node.parent, name, code)
    by_code = dict(tree.by_code)
    by_code[code] = replace(node, name=name)
    return _with(tree, by_code)


def set_category_active(tree: CategoryTree, code: str, active: bool) -> CategoryTree:
    """The tree with the category deactivated (not offered for new orders, with its subtree) or
    active again."""
    by_code = dict(tree.by_code)
    by_code[code] = replace(tree.get(code), active=active)
    return _with(tree, by_code)


def category_changes(old: CategoryTree, new: CategoryTree) -> dict[str, list[dict[str, Any]]]:
    """What changed from ``old`` to ``new``, for the operation log: ``added`` (code, name),
    ``renamed`` (code, old → new name), ``deactivated`` / ``reactivated`` (code, name). Raises
    ValidationError when ``new`` drops a category of ``old`` or changes its place or answer
    rule (categories are deactivated, never deleted or moved: orders keep their codes)."""
    out: dict[str, list[dict[str, Any]]] = {"added": [], "renamed": [], "deactivated": [], "reactivated": []}
    for code, was in old.by_code.items():
        now = new.by_code.get(code)
        if now is None:
            raise ValidationError("categories", "诉求分类 {code} 不能删除，只能停用", code=code)
        if now.parent != was.parent or now.answer_rule != was.answer_rule:
            raise ValidationError("categories", "诉求分类 {code} 的上级和时限规则不能修改", code=code)
        if now.name != was.name:
            out["renamed"].append({"code": code, "old": was.name, "new": now.name})
        if now.active != was.active:
            out["reactivated" if now.active else "deactivated"].append({"code": code, "name": now.name})
    for code, now in new.by_code.items():
        if code not in old.by_code:
            out["added"].append({"code": code, "name": now.name, "parent": now.parent})
    return {kind: items for kind, items in out.items() if items}
