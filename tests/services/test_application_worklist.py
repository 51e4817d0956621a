"""The worklist's query shapes (app/services/application_reads.py): the open-only filter merges
the newest rows of each open status, pages stay in one order, suspended rows get the domain's
colour; on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.dto.applications import ApplicationFilter, PageRequest
from app.services import application_reads as reads
from app.services import applications as svc
from app.services import customers
from db.models import Application


@pytest.fixture
def worklist(db, clerk, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """Seven 计量装置校验 of seven customers: two suspended, two cancelled, three in progress."""
    docs = svc.shipped_catalogue().get("meter_test").documents
    made = []
    for i in range(7):
        form = customer_form(
            name="张三李四王五赵六孙七"[i : i + 2], supply_address=f"浙江省杭州市西湖区文三路{i + 1}号"
        )
        cid = customers.register_customer(db, clerk, customers.RegisterCustomer(form)).id
        made.append(
            svc.accept_application(
                db, clerk, svc.AcceptApplication("meter_test", cid, {"description": "快"}, docs)
            )
        )
    for a in made[1:3]:
        svc.suspend_application(db, clerk, svc.ApplicationCommand(a.id, a.version, "等待客户"))
    for a in made[4:6]:
        svc.cancel_application(db, supervisor, svc.ApplicationCommand(a.id, a.version, "客户撤回"))
    return made


def _expected(db, statuses):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(
            s.scalars(
                select(Application.id)
                .where(Application.status.in_(statuses))
                .order_by(Application.accepted_at.desc(), Application.id.desc())
            )
        )


def _pages(db, actor, f, size):  # type: ignore[no-untyped-def]
    ids, offset = [], 0
    while True:
        page = reads.list_applications(db, actor, f, PageRequest(offset, size))
        ids += [r.id for r in page.rows]
        if not page.more:
            return ids
        offset += size


def test_open_only_pages_through_both_open_statuses_in_order(db, clerk, worklist):  # type: ignore[no-untyped-def]
    expected = _expected(db, ("in_progress", "suspended"))
    assert len(expected) == 5
    for size in (1, 2, 3, 50):
        assert _pages(db, clerk, ApplicationFilter(open_only=True), size) == expected
    both = _pages(db, clerk, ApplicationFilter(open_only=True, type_code="meter_test", deadline="on_time"), 2)
    assert both == _expected(db, ("in_progress",))
    assert _pages(db, clerk, ApplicationFilter(open_only=True, type_code="rename"), 2) == []
    assert _pages(db, clerk, ApplicationFilter(status="cancelled"), 1) == _expected(db, ("cancelled",))


def test_a_suspended_row_has_the_colour_of_its_detail(db, clerk, worklist):  # type: ignore[no-untyped-def]
    rows = reads.list_applications(db, clerk, ApplicationFilter(status="suspended")).rows
    assert len(rows) == 2
    for row in rows:
        assert row.due_date is None
        assert row.deadline == reads.get_application(db, clerk, row.id).row.deadline
    customer_rows = reads.applications_of_customer(db, clerk, rows[0].customer_id)
    assert [(r.id, r.deadline) for r in customer_rows] == [(rows[0].id, rows[0].deadline)]
