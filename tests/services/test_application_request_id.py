"""One request accepts one application (issue 12, the drafts' gap): the accept form's request id
becomes the application's id; a second submit with it — a retry, or a draft restored after a
crash between the commit and the form closing — answers with the application already accepted
and writes nothing (no second row, step, operation record or visit); other content under the
same id is refused."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from app.domain.applications import PreconditionsNotMet
from app.domain.codes import OpType
from app.services import applications as svc
from app.services import customers
from app.services.payments import RequestReused
from db.models import Application, ApplicationStep, Operation

NEW = {"capacity_kva": "8", "voltage_level": "220V", "address": "杭州市西湖区文一路1号"}


def _accept(db, actor, type_code, customer_id=None, values=None, **kw):  # type: ignore[no-untyped-def]
    btype = svc.shipped_catalogue().get(type_code)
    cmd = svc.AcceptApplication(type_code, customer_id, values or {}, btype.documents, **kw)
    return svc.accept_application(db, actor, cmd)


def _counts(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Application)),
            s.scalar(select(func.count()).select_from(ApplicationStep)),
            s.scalar(
                select(func.count())
                .select_from(Operation)
                .where(Operation.op_type == OpType.ACCEPT_APPLICATION)
            ),
        )


def test_the_same_request_accepts_one_new_connection(db, clerk):
    request = uuid.uuid4()
    first = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=request)
    assert first.id == request and not first.repeated
    counted = _counts(db)
    assert counted == (1, 1, 1)
    again = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=request)
    assert again.repeated
    assert (again.id, again.application_no, again.promised_date, again.version) == (
        first.id,
        first.application_no,
        first.promised_date,
        first.version,
    )
    assert _counts(db) == counted  # no second row, step or operation record
    # another request with the same content is another application (a customer may apply twice)
    other = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=uuid.uuid4())
    assert other.id != first.id and _counts(db) == (2, 2, 2)


def test_a_repeat_is_answered_before_the_customers_open_application_blocks_it(db, clerk, customer_form):
    cid = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form())).id
    request = uuid.uuid4()
    first = _accept(db, clerk, "rename", cid, {"new_name": "张三丰"}, request_id=request)
    with pytest.raises(PreconditionsNotMet):  # a second 更名 while one is open: refused
        _accept(db, clerk, "rename", cid, {"new_name": "张三丰"}, request_id=uuid.uuid4())
    again = _accept(db, clerk, "rename", cid, {"new_name": "张三丰"}, request_id=request)
    assert again.repeated and again.application_no == first.application_no
    assert _counts(db) == (1, 1, 1)


def test_the_same_id_with_other_content_is_refused_and_writes_nothing(db, clerk):
    request = uuid.uuid4()
    first = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=request)
    for changed in (
        {"applicant_name": "陈旧"},
        {"remark": "另一件事"},
        {"channel": "hotline"},
        {"values": {**NEW, "capacity_kva": "10"}},
    ):
        kw = {"applicant_name": "陈新", "values": NEW, **changed}
        values = kw.pop("values")
        with pytest.raises(RequestReused) as exc:
            _accept(db, clerk, "res_new", None, values, request_id=request, **kw)
        assert exc.value.message.params["application_no"] == first.application_no
    assert _counts(db) == (1, 1, 1)


def test_a_concurrent_duplicate_that_committed_first_is_answered(db, clerk, monkeypatch):
    request = uuid.uuid4()
    first = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=request)
    real = svc._accepted_before
    calls: list[uuid.UUID] = []

    def racing(database, cmd):  # type: ignore[no-untyped-def]
        calls.append(cmd.request_id)
        return None if len(calls) == 1 else real(database, cmd)  # the first look misses it

    monkeypatch.setattr(svc, "_accepted_before", racing)
    again = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=request)
    assert len(calls) == 2 and again.repeated and again.id == first.id
    assert _counts(db) == (1, 1, 1)


def test_a_new_connection_completed_since_is_still_the_same_request(db, clerk, customer_form):
    """A 新装 accepted (no customer yet), then completed — which registers the customer and
    names it on the application — before the draft of its form is restored: the request is the
    same one, answered as accepted before, not refused as other content (which tells the clerk
    to accept it again: a second application for one request)."""
    from app.services import application_reads as reads

    request = uuid.uuid4()
    first = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=request)
    detail = reads.get_application(db, clerk, first.id)
    btype = svc.shipped_catalogue().get("res_new")
    version = first.version
    for _ in btype.stages[btype.stages.index(detail.row.stage) + 1 :]:
        version = svc.advance_application(db, clerk, svc.ApplicationCommand(first.id, version, "现场已勘查"))
    form = customer_form(name="陈新", capacity_kva="1", supply_address="别处")
    svc.complete_application(
        db, clerk, svc.CompleteApplication(first.id, version, "已接电", customers.RegisterCustomer(form))
    )
    assert reads.get_application(db, clerk, first.id).row.customer_id is not None
    counted = _counts(db)
    again = _accept(db, clerk, "res_new", None, NEW, applicant_name="陈新", request_id=request)
    assert again.repeated and again.id == first.id and again.application_no == first.application_no
    assert _counts(db) == counted  # nothing written
