"""The work-order category tree (诉求分类) as data: ``resources/workorders/categories.json``
(docs/rules.md#work-order-categories).

Each category has a dotted code (``metering.data``), a Chinese name and optional children; a
category may name the answer rule it is held to (``answer_rule``: ``metering_objection`` for
电能表数据异议, answered within the metering-objection limit instead of its type's). A work order
is filed under any category of the tree, a leaf or a branch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources

from app.domain.errors import ValidationError

__all__ = [
    "ANSWER_RULES",
    "Category",
    "CategoryTree",
    "load_default_categories",
    "parse_categories",
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
        by_code[code] = Category(code, name.strip(), parent, rule)  # children filled below
        kids = item.get("children", [])
        if not isinstance(kids, list):
            raise ValidationError("categories", "诉求分类文件格式不正确")
        children = tuple(add(child, code) for child in kids)
        by_code[code] = Category(code, name.strip(), parent, rule, children)
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
