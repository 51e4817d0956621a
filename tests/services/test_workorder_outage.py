"""A 故障报修 linked to a known outage, and the intake's request id (docs/rules.md#outages,
#work-order-services). On SQLite and PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select

from app.domain.codes import OpType, WorkOrderStage
from app.domain.errors import ValidationErrors
from app.services import customers as cs
from app.services import outages as outage_svc
from app.services import workorder_reads as reads
from app.services import workorders as svc
from app.services.outages import CancelOutage, OutageInput
from app.services.payments import RequestReused
from db.models import Operation, WorkOrder

NOW = dt.datetime.now().replace(second=0, microsecond=0)  # local wall-clock, as typed


def _outage(db, supervisor, **over):  # type: ignore[no-untyped-def]
    base = dict(
        kind="fault",
        starts_at=NOW - dt.timedelta(hours=1),
        expected_end=NOW + dt.timedelta(hours=3),
        reason="变压器故障",
        transformer_areas="文三1号台区",
    )
    base.update(over)
    return outage_svc.record_outage(db, supervisor, OutageInput(**base))  # type: ignore[arg-type]


def _customer(db, clerk, customer_form, **fields):  # type: ignore[no-untyped-def]
    return cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(**fields))).id


def _repair(db, actor, customer_id, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("description", "家中突然停电")
    return svc.record_work_order(
        db,
        actor,
        svc.RecordWorkOrder("repair", kw.pop("category", "outage.fault"), customer_id=customer_id, **kw),
    )


def _field_errors(caught) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.field for e in caught.value.errors}


def test_a_repair_linked_to_a_covering_outage_is_not_dispatched(db, clerk, supervisor, customer_form):
    cid = _customer(db, clerk, customer_form, transformer_area="文三1号台区")
    outage = _outage(db, supervisor)
    done = _repair(db, clerk, cid, outage_id=outage.id)
    assert done.arrival_due_at is None  # no crew goes out
    row = _order(db, done.id)
    assert row.outage_id == outage.id and row.stage == WorkOrderStage.PROCESSING
    assert row.restore_due_at == outage.ends_at  # answered with the outage's expected end
    detail = reads.get_work_order(db, clerk, done.id)
    assert detail.row.outage_no == outage.outage_no
    assert "dispatch" not in detail.allowed_actions and "reply" in detail.allowed_actions
    assert detail.steps[0].note == "已知停电 " + outage.outage_no
    assert detail.steps[0].to_stage == WorkOrderStage.PROCESSING
    listed = reads.work_orders_of_customer(db, clerk, cid)
    assert [r.outage_no for r in listed] == [outage.outage_no]
    with db.read() as s:
        payload = json.loads(
            s.scalars(select(Operation.payload).where(Operation.op_type == OpType.RECORD_WORK_ORDER)).all()[
                -1
            ]
        )
    assert payload["outage_id"] == str(outage.id) and payload["outage_no"] == outage.outage_no
    # an unlinked repair is still dispatched as before
    plain = _repair(db, clerk, cid)
    assert _order(db, plain.id).stage == WorkOrderStage.ACCEPTED and plain.arrival_due_at is not None
    assert reads.get_work_order(db, clerk, plain.id).row.outage_no == ""


def _order(db, order_id):  # type: ignore[no-untyped-def]
    with db.read() as s:
        o = s.get(WorkOrder, order_id)
        s.expunge(o)
        return o


def test_a_link_is_refused_for_a_non_repair_an_outage_elsewhere_and_a_cancelled_one(
    db, clerk, supervisor, customer_form
):
    cid = _customer(db, clerk, customer_form, transformer_area="文三1号台区")
    elsewhere = _customer(db, clerk, customer_form, transformer_area="文三2号台区", supply_line="10kV文二线")
    outage = _outage(db, supervisor)
    with pytest.raises(ValidationErrors) as caught:
        svc.record_work_order(
            db,
            clerk,
            svc.RecordWorkOrder(
                "complaint", "attitude.counter", "营业厅排队太久", customer_id=cid, outage_id=outage.id
            ),
        )
    assert _field_errors(caught) == {"outage_id"}
    with pytest.raises(ValidationErrors) as caught:
        _repair(db, clerk, elsewhere, outage_id=outage.id)
    assert _field_errors(caught) == {"outage_id"}
    planned = _outage(
        db,
        supervisor,
        kind="planned",
        starts_at=NOW + dt.timedelta(days=1),
        expected_end=NOW + dt.timedelta(days=1, hours=8),
        reason="线路检修",
    )
    outage_svc.cancel_outage(db, supervisor, CancelOutage(planned.id, planned.version, "施工改期"))
    with pytest.raises(ValidationErrors) as caught:
        _repair(db, clerk, cid, outage_id=planned.id)
    assert _field_errors(caught) == {"outage_id"}
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkOrder)) == 0  # nothing half-saved


def test_one_request_id_records_one_order(db, clerk, supervisor, customer_form):
    cid = _customer(db, clerk, customer_form, transformer_area="文三1号台区")
    request = uuid.uuid4()
    first = _repair(db, clerk, cid, request_id=request)
    again = _repair(db, clerk, cid, request_id=request)
    assert (again.id, again.order_no, again.version) == (first.id, first.order_no, first.version)
    assert again.arrival_due_at == first.arrival_due_at
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkOrder)) == 1
        assert (
            s.scalar(
                select(func.count())
                .select_from(Operation)
                .where(Operation.op_type == OpType.RECORD_WORK_ORDER)
            )
            == 1
        )
    with pytest.raises(RequestReused):
        _repair(db, clerk, cid, request_id=request, description="另一件事：电表烧了")
    other = _repair(db, clerk, cid, request_id=uuid.uuid4())
    assert other.id != first.id


def test_a_concurrent_duplicate_that_loses_the_unique_index_gets_the_same_order(
    db, clerk, customer_form, monkeypatch
):
    cid = _customer(db, clerk, customer_form, transformer_area="文三1号台区")
    request = uuid.uuid4()
    first = _repair(db, clerk, cid, request_id=request)
    real, calls = svc._by_request, []

    def racing(session, request_id):  # type: ignore[no-untyped-def]
        calls.append(request_id)
        return None if len(calls) == 1 else real(session, request_id)  # the first look misses it

    monkeypatch.setattr(svc, "_by_request", racing)
    again = _repair(db, clerk, cid, request_id=request)
    assert again.id == first.id and len(calls) == 2
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(WorkOrder)) == 1
