"""check_invariants sees what it is there to see (so a clean result in the scenarios means something)."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update

from app.dto.payments import TenderInput
from app.services import auth, payments
from app.write_path import numbers
from db.models import CashierSession, NodeCounter, Payment
from tests.conftest import CLERK_PASSWORD
from tests.reliability.hall import open_hall
from tests.reliability.invariants import check_invariants
from tests.reliability.test_reliability import add_bills


def test_check_invariants_is_clean_after_payments_and_names_tampering(db_url: str) -> None:
    hall = open_hall(db_url, ["clerk1"], n_customers=1)
    customer = hall.customers[0]
    add_bills(hall, customer)
    clerk = auth.login(hall.db, "clerk1", CLERK_PASSWORD)
    for amount in (10_000, 90_000):  # the second settles everything and leaves prepaid
        payments.post_payment(
            hall.db,
            clerk,
            payments.PostPayment(uuid.uuid4(), customer, (TenderInput("cash", amount + 50),), amount),
        )
    assert check_invariants(db_url) == []

    # A payment row written behind the services: no tenders, no operation record.
    with hall.db.write() as s:
        session_id = s.scalar(select(CashierSession.id).where(CashierSession.username == "clerk1"))
        receipt_no = numbers.next_number(s, clerk.node_id, "receipt")
        s.add(
            Payment(
                id=uuid.uuid4(),
                receipt_no=receipt_no,
                node_id=clerk.node_id,
                customer_id=customer,
                session_id=session_id,
                kind="payment",
                reverses_id=None,
                amount_fen=100,
                tendered_fen=100,
                change_fen=0,
                applied_fen=0,
                late_fee_fen=0,
                prepaid_fen=100,
                balance_before_fen=0,
                balance_after_fen=-100,
                posted_by="clerk1",
                reason_code="",
                reason="",
                approved_by=None,
            )
        )
    problems = check_invariants(db_url)
    assert any(f"{receipt_no}: Σ tenders 0 ≠ tendered 100" in p for p in problems), problems
    assert any(f"{receipt_no}: 0 PostPayment records" in p for p in problems), problems

    # A receipt number skipped (the counter moved without a receipt).
    with hall.db.write() as s:
        s.execute(
            update(NodeCounter).where(NodeCounter.name == "receipt").values(value=NodeCounter.value + 1)
        )
    assert any("receipt numbers of node 3301 missing (holes): [4]" in p for p in check_invariants(db_url))
    hall.db.dispose()
