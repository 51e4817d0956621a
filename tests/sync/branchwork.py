"""Test helpers: a branch registered at a centre with a clerk of its own, and real work at the
branch (customers registered and paid through the real services)."""

from __future__ import annotations

import contextlib
import uuid

from app.domain.errors import DomainError
from app.services import auth, cashier, customers, payments
from app.sync import nodes
from db.engine import Database
from db.models import User
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, valid_resident_id

_NAMES = "甲乙丙丁戊己庚辛壬癸"


def register_branch(centre: Database, code: str = "3302") -> tuple[uuid.UUID, str]:
    """Branch ``code`` with its clerk ``clerk9`` (created at the centre for the branch's hall):
    (node id, enrolment code)."""
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        view, enrolment = nodes.register_node(centre, admin, code, "西湖供电所")
    finally:
        auth.logout(centre, admin)
    add_branch_user(centre, view.node_id)
    return view.node_id, enrolment


def add_branch_user(
    centre: Database,
    node_id: uuid.UUID,
    username: str = "clerk9",
    role: str = "clerk",
    password: str = CLERK_PASSWORD,
    employee_no: str = "1009",
) -> None:
    """A user of the branch's hall, created at the centre (it reaches the branch with the snapshot)."""
    admin = auth.login(centre, "admin", ADMIN_PASSWORD)
    try:
        auth.create_user(centre, admin, auth.UserInput(username, "周小青", employee_no, role, password))
    finally:
        auth.logout(centre, admin)
    with centre.write() as s:  # moved to the branch's node, as the branch's administrator would have it
        s.execute(User.__table__.update().where(User.username == username).values(node_id=node_id))


def take_payments(branch: Database, count: int, fen: int = 10_000, first: int = 0) -> list[str]:
    """``count`` customers registered and paid (prepayment) at the branch by clerk9: the receipt numbers."""
    clerk = auth.login(branch, "clerk9", CLERK_PASSWORD)
    with contextlib.suppress(DomainError):  # already open (a second call in one test)
        cashier.open_session(branch, clerk, 0)
    receipts = []
    for n in range(first, first + count):
        form = customers.CustomerInput(
            "individual",
            "residential",
            "分支客户" + _NAMES[n % 10],
            "ric",
            valid_resident_id(5000 + n),
            "urban",
            "220V",
            "8",
            phone=f"1390572{n:04d}",
            supply_address="杭州市西湖区转塘街道1号",
        )
        cid = customers.register_customer(
            branch, clerk, customers.RegisterCustomer(form, confirm_duplicate=True)
        ).id
        receipt = payments.post_payment(
            branch, clerk, payments.PostPayment(uuid.uuid4(), cid, (payments.TenderInput("cash", fen),), fen)
        )
        receipts.append(str(receipt.receipt_no))
    return receipts
