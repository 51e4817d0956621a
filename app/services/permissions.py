"""Roles and what they may do (权限). Checked in services, not only by hiding buttons."""

from __future__ import annotations

from app.domain.errors import PermissionDenied, term
from app.dto import Actor

ROLES: dict[str, str] = {"clerk": term("营业员"), "supervisor": term("值班长"), "admin": term("系统管理员")}

_GRANTS: dict[str, frozenset[str]] = {
    "customer.register": frozenset({"clerk", "supervisor", "admin"}),
    "customer.edit": frozenset({"clerk", "supervisor", "admin"}),
    "customer.view": frozenset({"clerk", "supervisor", "admin"}),
    # Full ID and phone numbers (未脱敏): the supervisor handles disputes; clerks see them masked.
    "customer.view_sensitive": frozenset({"supervisor", "admin"}),
    "customer.approve_id_override": frozenset({"supervisor", "admin"}),
    "user.manage": frozenset({"admin"}),
    "audit.verify": frozenset({"supervisor", "admin"}),
    # money path (docs/money-path.md)
    "bill.view": frozenset({"clerk", "supervisor", "admin"}),
    "bill.import": frozenset({"supervisor", "admin"}),
    "bill.compute": frozenset({"supervisor", "admin"}),
    "bill.adjust": frozenset({"supervisor", "admin"}),
    "payment.post": frozenset({"clerk", "supervisor"}),
    "session.open": frozenset({"clerk", "supervisor"}),
    "payment.approve_reversal": frozenset({"supervisor", "admin"}),
    "session.approve": frozenset({"supervisor", "admin"}),
    "session.view_all": frozenset({"supervisor", "admin"}),
    "tariff.manage": frozenset({"admin"}),
    # 营业厅业务规则 (late fees, limits, lockout: app/domain/hall_rules.py)
    "hall_rules.manage": frozenset({"admin"}),
}


def allowed(actor: Actor, permission: str) -> bool:
    return actor.role in _GRANTS[permission]


def require(actor: Actor, permission: str) -> None:
    if not allowed(actor, permission):
        raise PermissionDenied(
            "当前角色（{role}）无权执行此操作", role=term(ROLES.get(actor.role, actor.role))
        )
