"""Hall rules (营业厅业务规则): read them inside a service's transaction, change them as an admin.

One typed row per node (``hall_rules``; docs/hall-rules.md says why a row and not key/value
pairs). Services that apply a rule read it with :func:`for_node` / :func:`for_customer` in their
own unit of work, so a change commits for every counter at once and a payment never mixes an old
limit with a new rate. :func:`change_hall_rules` is the only writer: admin only, optimistic
locking on ``version``, one ``ChangeHallRules`` operation with every old → new value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codes import OpType
from app.domain.errors import ConcurrentEdit, NotFound, ValidationErrors
from app.domain.hall_rules import FIELDS, HallRules, parse_rules, rules_diff
from app.dto.common import Actor
from app.services.permissions import check_live, require
from app.write_path import oplog
from db.engine import Database
from db.models import Customer, HallRulesRow, Node

__all__ = [
    "HallRulesView",
    "change_hall_rules",
    "for_customer",
    "for_node",
    "get_rules",
    "seed_from_settings",
]

_log = logging.getLogger(__name__)
_FEN = frozenset(f.name for f in FIELDS if f.kind == "yuan")
_RATES = ("late_fee_residential_rate", "late_fee_current_year_rate", "late_fee_earlier_year_rate")


@dataclass(frozen=True)
class HallRulesView:
    """The rules of the actor's hall and the version to send back with a change (0: never
    changed, the defaults apply)."""

    node_code: str
    rules: HallRules
    version: int
    updated_by: str = ""
    updated_at: dt.datetime | None = None


def _from_row(row: HallRulesRow | None) -> HallRules:
    if row is None:
        return HallRules()
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(HallRules)}
    for name in _RATES:
        values[name] = Decimal(values[name])
    return HallRules(**values)


def for_node(session: Session, node_id: uuid.UUID) -> HallRules:
    """The node's rules, in the caller's unit of work (defaults when never changed)."""
    return _from_row(session.get(HallRulesRow, node_id))


def for_customers(session: Session, customer_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, HallRules]:
    """:func:`for_customer` for many customers at once (the bill run's and the bills import's
    prepaid offsets): one query for their nodes, one rules row per node."""
    ids = list(customer_ids)
    nodes: dict[uuid.UUID, uuid.UUID] = {}
    for start in range(0, len(ids), 500):
        nodes.update(session.execute(
            select(Customer.id, Customer.node_id).where(Customer.id.in_(ids[start:start + 500]))).all())
    by_node = {node: for_node(session, node) for node in set(nodes.values())}
    return {cid: by_node[node] for cid, node in nodes.items()}


def for_customer(session: Session, customer_id: uuid.UUID) -> HallRules:
    """The rules of the hall that owns the customer's account: one customer is charged the same
    late fee whichever counter (or node) serves him."""
    row = session.scalar(
        select(HallRulesRow)
        .join(Customer, Customer.node_id == HallRulesRow.node_id)
        .where(Customer.id == customer_id)
    )
    return _from_row(row)


def _view(node: Node, row: HallRulesRow | None) -> HallRulesView:
    if row is None:
        return HallRulesView(node.code, HallRules(), 0)
    return HallRulesView(node.code, _from_row(row), row.version, row.updated_by, row.updated_at)


def get_rules(db: Database, actor: Actor) -> HallRulesView:
    """The rules of the actor's hall (every role may read them: the payment dialog needs the
    large-change threshold)."""
    with db.read() as session:
        node = session.get(Node, actor.node_id)
        if node is None:
            raise NotFound("节点不存在")
        return _view(node, session.get(HallRulesRow, actor.node_id))


def change_hall_rules(
    db: Database, actor: Actor, expected_version: int, values: Mapping[str, object]
) -> HallRulesView:
    """Change some rules of the actor's hall. ``values`` maps rule names to what was typed
    (text) or typed values; bad values raise ValidationErrors naming each field, and nothing is
    saved. ``expected_version`` is the version the admin saw (0 for the defaults)."""
    require(actor, "hall_rules.manage")
    with db.write() as session:
        # Lock order: the actor's user row (check_live) before the node row, as oplog.append and
        # log-in do; otherwise a failed log-in deadlocks with this write.
        check_live(session, actor)
        # The node row serialises two admins saving at once, also when no rules row exists yet.
        node = session.scalar(
            select(Node)
            .where(Node.id == actor.node_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if node is None:
            raise NotFound("节点不存在")
        row = session.scalar(
            select(HallRulesRow)
            .where(HallRulesRow.node_id == node.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if (row.version if row else 0) != expected_version:
            who = row.updated_by if row else ""
            raise ConcurrentEdit("营业厅业务规则已被{who}修改，请重新打开后再改", who=who)
        old = _from_row(row)
        new = parse_rules(values, old)
        changes = rules_diff(old, new)
        if not changes:
            return _view(node, row)
        data = new.to_data()
        if row is None:
            row = HallRulesRow(node_id=node.id, updated_by=actor.username, **data)
            session.add(row)
        else:
            for name, value in data.items():
                setattr(row, name, value)
            row.updated_by = actor.username
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.CHANGE_HALL_RULES,
            {"node_code": node.code, "version": row.version, "changes": changes},
            "node",
            node.id,
        )
        return _view(node, row)


def seed_from_settings(db: Database, node_id: uuid.UUID, legacy: Mapping[str, object]) -> bool:
    """First start after the upgrade: copy the hall rules still written in this PC's
    settings.toml (``app.config.moved_rules``) into the database, once, when the hall has no
    rules row yet. Logged as a ``ChangeHallRules`` operation by ``system`` with
    ``source: settings.toml``. Values the rules refuse are not copied (the defaults stay, and the
    log says why). Returns whether a row was written."""
    if not legacy:
        return False
    values: dict[str, object] = {}
    for name, raw in legacy.items():
        if isinstance(raw, float):  # a TOML number such as 0.0025: its text is what was meant
            raw = repr(raw)
        if name in _FEN and isinstance(raw, str) and raw.strip().isdigit():
            raw = int(raw)  # fen in the old file, not yuan
        values[name] = raw
    try:
        new = parse_rules(values)
    except ValidationErrors as exc:
        _log.warning("settings.toml hall rules not copied to the database (%s); the defaults apply", exc)
        return False
    with db.write() as session:
        node = session.scalar(
            select(Node).where(Node.id == node_id).with_for_update().execution_options(populate_existing=True)
        )
        if node is None or session.get(HallRulesRow, node_id) is not None:
            return False
        changes = rules_diff(HallRules(), new)
        session.add(HallRulesRow(node_id=node.id, updated_by="system", **new.to_data()))
        session.flush()
        system = Actor(uuid.UUID(int=0), "system", "系统", "system", "", node.id, node.code)
        oplog.append(
            session,
            system,
            OpType.CHANGE_HALL_RULES,
            {"node_code": node.code, "version": 1, "changes": changes, "source": "settings.toml"},
            "node",
            node.id,
            # before anyone logs in: the PC's own settings file is the authority here, and no
            # user session exists to check (docs/identity.md)
            identity_checked=True,
        )
    _log.info(
        "hall rules of node %s seeded from this PC's settings.toml: %s", node.code, ", ".join(sorted(changes))
    )
    return True
