"""db.bulk.fast_insert / insert_ready with column and table names that are SQL keywords (the
application table's ``values``), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Column, Date, Integer, MetaData, Table, Text, Uuid, select

from db.bulk import fast_insert, new_ids
from db.engine import Database


class _Order:
    """A model-like holder of a table named ``order`` (a keyword too)."""

    __table__ = Table(
        "order",
        MetaData(),
        Column("id", Uuid, primary_key=True),
        Column("values", Text, nullable=False),
        Column("group", Integer, nullable=False),
        Column("on", Date),
    )


def test_fast_insert_quotes_keyword_names(db_url):  # type: ignore[no-untyped-def]
    db = Database(db_url)
    try:
        table = _Order.__table__
        table.create(db.engine)
        ids = new_ids(3)
        rows = [
            {"id": ids[i], "values": f'{{"n": {i}}}', "group": i, "on": dt.date(2026, 12, i + 1)}
            for i in range(3)
        ]
        with db.write() as s:
            fast_insert(s, _Order, rows)
        with db.read() as s:
            got = s.execute(select(table).order_by(table.c.group)).all()
        assert [(r.id, r.values, r.group, r.on) for r in got] == [
            (ids[i], f'{{"n": {i}}}', i, dt.date(2026, 12, i + 1)) for i in range(3)
        ]
        assert all(isinstance(r.id, uuid.UUID) for r in got)
    finally:
        db.dispose()


def test_fast_insert_into_the_application_table(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    """The real table: a copy of an accepted application, ``values`` and all."""
    from app.services import applications as svc
    from app.services import customers
    from db.models import Application

    cid = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form())).id
    svc.accept_application(
        db,
        clerk,
        svc.AcceptApplication(
            "meter_test",
            cid,
            {"description": "走字偏快"},
            svc.shipped_catalogue().get("meter_test").documents,
        ),
    )
    table = Application.__table__
    with db.read() as s:
        (template,) = [dict(r) for r in s.execute(select(table)).mappings()]
    copy = dict(template, id=new_ids(1)[0], application_no="3301B00000001")
    with db.write() as s:
        fast_insert(s, Application, [copy])
    with db.read() as s:
        stored = s.execute(
            select(table.c["values"]).where(table.c.application_no == "3301B00000001")
        ).scalar_one()
    assert stored == template["values"] == '{"description": "走字偏快"}'
