"""Each hall's work-order configuration: the deadline figures and the category tree.

One row per node (``workorder_config``), as the hall rules (app/services/hall_rules.py): the
work-order services read the figures and the tree of the node recording the order with
:func:`rules_for_node` / :func:`tree_for_node` inside their own unit of work, so a change
commits for every counter of the hall at once. Deadlines already recorded on an order are
stored on it and never recomputed from a later change.

:func:`change_workorder_config` is the only writer: admin only, optimistic locking on
``version``, one ``ChangeWorkOrderRules`` operation for changed figures (every old → new value)
and one ``ChangeWorkOrderCategories`` operation for a changed tree (what was added, renamed,
deactivated or reactivated, and the whole new tree).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import OpType
from app.domain.errors import ConcurrentEdit, NotFound, ValidationError, ValidationErrors
from app.domain.workorders import (
    CategoryTree,
    WorkOrderRules,
    category_changes,
    load_default_categories,
    parse_categories,
    parse_workorder_rules,
    rules_from_data,
    workorder_rules_diff,
)
from app.dto.common import Actor
from app.services.permissions import check_live, require
from app.write_path import oplog
from db.engine import Database
from db.models import Node, WorkOrderConfigRow

__all__ = [
    "WorkOrderConfigView",
    "change_workorder_config",
    "get_workorder_config",
    "rules_for_node",
    "tree_for_node",
]


@dataclass(frozen=True)
class WorkOrderConfigView:
    """The figures and the tree of the actor's hall, and the version to send back with a change
    (0: never changed, the defaults and the shipped tree apply)."""

    node_code: str
    rules: WorkOrderRules
    tree: CategoryTree
    version: int
    updated_by: str = ""
    updated_at: dt.datetime | None = None


def _rules(row: WorkOrderConfigRow | None) -> WorkOrderRules:
    if row is None or not row.rules:
        return WorkOrderRules()
    return rules_from_data(json.loads(row.rules))


def _tree(row: WorkOrderConfigRow | None) -> CategoryTree:
    if row is None or not row.categories:
        return load_default_categories()
    return parse_categories(json.loads(row.categories))


def rules_for_node(session: Session, node_id: uuid.UUID) -> WorkOrderRules:
    """The node's deadline figures, in the caller's unit of work (defaults when never changed)."""
    return _rules(session.get(WorkOrderConfigRow, node_id))


def tree_for_node(session: Session, node_id: uuid.UUID) -> CategoryTree:
    """The node's category tree, in the caller's unit of work (the shipped one when never changed)."""
    return _tree(session.get(WorkOrderConfigRow, node_id))


def _view(node: Node, row: WorkOrderConfigRow | None) -> WorkOrderConfigView:
    if row is None:
        return WorkOrderConfigView(node.code, WorkOrderRules(), load_default_categories(), 0)
    return WorkOrderConfigView(
        node.code, _rules(row), _tree(row), row.version, row.updated_by, row.updated_at
    )


def get_workorder_config(db: Database, actor: Actor) -> WorkOrderConfigView:
    """The figures and tree of the actor's hall (every role reads them: the intake form offers
    the tree and shows the deadlines)."""
    with db.read() as session:
        node = session.get(Node, actor.node_id)
        if node is None:
            raise NotFound("节点不存在")
        return _view(node, session.get(WorkOrderConfigRow, actor.node_id))


def change_workorder_config(
    db: Database,
    actor: Actor,
    expected_version: int,
    rules: Mapping[str, object] | None = None,
    tree: CategoryTree | None = None,
) -> WorkOrderConfigView:
    """Change the figures (``rules``: names to what was typed) and/or the category tree (the
    whole edited tree, :func:`app.domain.workorders.add_category` and friends) of the actor's
    hall. Bad figures raise ValidationErrors naming each field; a tree that drops or moves a
    category is refused (field ``categories``); nothing is saved then. ``expected_version`` is
    the version the admin saw (0 for the defaults)."""
    require(actor, "hall_rules.manage")
    with db.write() as session:
        # Lock order as change_hall_rules: the actor's user row, then the node row (which also
        # serialises two admins saving at once when no config row exists yet).
        check_live(session, actor)
        node = session.scalar(
            select(Node)
            .where(Node.id == actor.node_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if node is None:
            raise NotFound("节点不存在")
        row = session.scalar(
            select(WorkOrderConfigRow)
            .where(WorkOrderConfigRow.node_id == node.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if (row.version if row else 0) != expected_version:
            who = row.updated_by if row else ""
            raise ConcurrentEdit("工单时限与诉求分类已被{who}修改，请重新打开后再改", who=who)
        old_rules, old_tree = _rules(row), _tree(row)
        new_rules = parse_workorder_rules(rules, old_rules) if rules else old_rules
        rule_changes = workorder_rules_diff(old_rules, new_rules)
        tree_changes: dict[str, object] = {}
        new_tree = old_tree
        if tree is not None:
            try:
                tree_changes = dict(category_changes(old_tree, tree))
            except ValidationError as exc:
                raise ValidationErrors([exc]) from None
            if tree_changes:
                new_tree = CategoryTree(old_tree.version + 1, tree.source, tree.roots, tree.by_code)
        if not rule_changes and not tree_changes:
            return _view(node, row)
        if row is None:
            row = WorkOrderConfigRow(node_id=node.id, updated_by=actor.username)
            session.add(row)
        if rule_changes:
            row.rules = json.dumps(new_rules.to_data(), ensure_ascii=False, sort_keys=True)
        if tree_changes:
            row.categories = json.dumps(new_tree.to_data(), ensure_ascii=False)
        row.updated_by = actor.username
        session.flush()
        if rule_changes:
            oplog.append(
                session,
                actor,
                OpType.CHANGE_WORK_ORDER_RULES,
                {"node_code": node.code, "version": row.version, "changes": rule_changes},
                "node",
                node.id,
            )
        if tree_changes:
            oplog.append(
                session,
                actor,
                OpType.CHANGE_WORK_ORDER_CATEGORIES,
                {
                    "node_code": node.code,
                    "version": row.version,
                    "tree_version": new_tree.version,
                    "changes": tree_changes,
                    "categories": new_tree.to_data()["categories"],
                },
                "node",
                node.id,
            )
        return _view(node, row)
