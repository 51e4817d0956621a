"""The demo staff (演示账号) and the administrator who signs the demo operations; used by
``seed_demo`` (app/demo/__init__.py) and the bill history (app/demo/bills.py)."""

from __future__ import annotations

from sqlalchemy import select

from app.config import Settings
from app.domain.codes import Role
from app.domain.errors import NotFound
from app.dto.common import Actor
from app.services import auth
from app.services.permissions import ROLES
from app.services.setup import local_node
from db.engine import Database
from db.models import User

DEMO_PASSWORD = "Demo1234"
#: (username, display name, employee number, role)
DEMO_STAFF = (
    ("demo01", "王晓燕", "1101", Role.CLERK),
    ("demo02", "陈志强", "1102", Role.CLERK),
    ("zhang.bz", "张建平", "2101", Role.SUPERVISOR),
)


def admin_actor(db: Database, settings: Settings) -> Actor:
    """The node's first active administrator, who signs the demo operations."""
    node = local_node(db, settings.node_code)
    with db.read() as session:
        user = session.scalar(
            select(User)
            .where(User.node_id == node.id, User.role == Role.ADMIN, User.active.is_(True))
            .order_by(User.created_at)
            .limit(1)
        )
        if user is None:
            raise NotFound("节点{node}没有可用的管理员账号", node=node.code)
        user_id = user.id
    return auth.service_actor(db, user_id)  # a service session: writes check it (issue 7 item 5)


def ensure_demo_staff(db: Database, actor: Actor) -> list[tuple[str, str, str, bool]]:
    """Create the demo clerk and supervisor accounts that are missing.

    Returns (username, display name, role label, created) per account; existing accounts are
    left alone (their password is not reset)."""
    with db.read() as session:
        existing = set(session.scalars(select(User.username)))
    out = []
    for username, display, employee_no, role in DEMO_STAFF:
        created = username not in existing
        if created:
            auth.create_user(db, actor, auth.UserInput(username, display, employee_no, role, DEMO_PASSWORD))
        out.append((username, display, ROLES[role], created))
    return out
