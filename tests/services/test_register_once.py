"""One registration request registers one customer (issue 12, the drafts' gap): the form's
request id becomes the customer's id; saving it again — a retry, or a draft restored after a
crash between the commit and the form closing — answers with that customer and writes nothing,
even when the clerk would have answered the duplicate question with 仍然建档; the same id with
another holder is refused."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from sqlalchemy import func, select

from app.domain.codes import OpType
from app.domain.errors import DuplicateSuspected
from app.services import customers
from app.services.payments import RequestReused
from db.models import Customer, Operation


def _counts(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        registered = (
            select(func.count()).select_from(Operation).where(Operation.op_type == OpType.REGISTER_CUSTOMER)
        )
        return s.scalar(select(func.count()).select_from(Customer)), s.scalar(registered)


def test_the_same_request_registers_once(db, clerk, customer_form):
    form = customer_form(name="欧阳晓明")
    request = uuid.uuid4()
    before = _counts(db)
    first = customers.register_customer(db, clerk, customers.RegisterCustomer(form, request_id=request))
    assert first.id == request and not first.repeated
    assert _counts(db) == (before[0] + 1, before[1] + 1)
    # the restored draft: the duplicate question would be asked (the same ID number), and a clerk
    # answering 仍然建档 would register the customer twice; the request id answers first
    for confirm in (False, True):
        again = customers.register_customer(
            db, clerk, customers.RegisterCustomer(form, confirm_duplicate=confirm, request_id=request)
        )
        assert again.repeated and (again.id, again.account_no) == (first.id, first.account_no)
    assert _counts(db) == (before[0] + 1, before[1] + 1)
    with pytest.raises(DuplicateSuspected):  # a new request for the same person: the usual question
        customers.register_customer(db, clerk, customers.RegisterCustomer(form, request_id=uuid.uuid4()))


def test_the_same_id_for_another_holder_is_refused(db, clerk, customer_form):
    form = customer_form(name="欧阳晓明")
    request = uuid.uuid4()
    first = customers.register_customer(db, clerk, customers.RegisterCustomer(form, request_id=request))
    before = _counts(db)
    other = dataclasses.replace(customer_form(), name="司马光")
    with pytest.raises(RequestReused) as exc:
        customers.register_customer(db, clerk, customers.RegisterCustomer(other, request_id=request))
    assert exc.value.message.params["account_no"] == first.account_no
    assert _counts(db) == before


def test_a_concurrent_duplicate_that_committed_first_is_answered(db, clerk, customer_form, monkeypatch):
    form = customer_form(name="欧阳晓明")
    request = uuid.uuid4()
    first = customers.register_customer(db, clerk, customers.RegisterCustomer(form, request_id=request))
    real = customers._registered_before
    calls: list[object] = []

    def racing(database, actor, cmd):  # type: ignore[no-untyped-def]
        calls.append(cmd.request_id)
        return None if len(calls) == 1 else real(database, actor, cmd)  # the first look misses it

    monkeypatch.setattr(customers, "_registered_before", racing)
    before = _counts(db)
    again = customers.register_customer(
        db, clerk, customers.RegisterCustomer(form, confirm_duplicate=True, request_id=request)
    )
    assert len(calls) == 2 and again.repeated and again.id == first.id
    assert _counts(db) == before


def test_a_holder_corrected_since_is_still_the_same_request(db, clerk, customer_form):
    """Registered, the program stopped before the form closed, and the name corrected since (修改,
    or a 更名 completed) before the draft is restored: the request is the one that registered the
    customer — compared with what it registered (its RegisterCustomer record), not with the row as
    it is now, which would refuse it as another holder and tell the clerk to register again (a
    second record for one person)."""
    form = customer_form(name="欧阳晓明")
    request = uuid.uuid4()
    first = customers.register_customer(db, clerk, customers.RegisterCustomer(form, request_id=request))
    fixed = dataclasses.replace(form, name="欧阳小明")
    customers.update_customer(db, clerk, customers.UpdateCustomer(first.id, first.version, fixed))
    before = _counts(db)
    again = customers.register_customer(db, clerk, customers.RegisterCustomer(form, request_id=request))
    assert again.repeated and (again.id, again.account_no) == (first.id, first.account_no)
    assert again.name == "欧阳小明"  # the customer as it is now
    assert _counts(db) == before
    # the corrected name is not what this request registered: still another holder
    with pytest.raises(RequestReused):
        customers.register_customer(db, clerk, customers.RegisterCustomer(fixed, request_id=request))
