"""Outage notices (停电信息), docs/rules.md#outages: recording, coverage, the important customers,
the CSV import. Every test runs on SQLite and PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from app.domain.codes import OpType, OutageStatus
from app.domain.errors import ConcurrentEdit, PermissionDenied, RuleViolation, ValidationErrors
from app.services import customers as cs
from app.services import outages as svc
from app.services.outages import CancelOutage, EndOutage, OutageInput, UpdateOutage
from db.models import Operation, Outage

NOW = dt.datetime.now().replace(second=0, microsecond=0)  # local wall-clock, as typed


def _planned(**over) -> OutageInput:  # type: ignore[no-untyped-def]
    base = dict(
        kind="planned",
        starts_at=NOW + dt.timedelta(days=2),
        expected_end=NOW + dt.timedelta(days=2, hours=9),
        reason="线路检修",
        transformer_areas="文三1号台区",
    )
    base.update(over)
    return OutageInput(**base)  # type: ignore[arg-type]


def _customer(db, actor, customer_form, **fields):  # type: ignore[no-untyped-def]
    return cs.register_customer(db, actor, cs.RegisterCustomer(customer_form(**fields)))


def _ops(db, op_type):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(select(Operation).where(Operation.op_type == op_type).order_by(Operation.seq)).all()


def test_customer_supply_point_is_stored_checked_and_shown(db, clerk, supervisor, customer_form):
    view = _customer(
        db, clerk, customer_form, supply_line=" １０kV文三线 ", transformer_area="文三1号台区", important=True
    )
    assert (view.supply_line, view.transformer_area, view.important) == ("10kV文三线", "文三1号台区", True)
    assert "重要客户" in view.flags
    with pytest.raises(ValidationErrors) as bad:
        _customer(db, clerk, customer_form, supply_line="线路<script>", transformer_area="台" * 41)
    fields = bad.value.by_field()
    assert "只能包含" in str(fields["supply_line"]) and "40" in str(fields["transformer_area"])
    # an edit changes them, and the change history names them
    data = customer_form(supply_line="10kV文二线", transformer_area="文二3号台区", important=False)
    import dataclasses

    data = dataclasses.replace(data, id_number=None, phone=None, phone2=None, name=view.name)
    edited = cs.update_customer(
        db, clerk, cs.UpdateCustomer(view.id, view.version, dataclasses.replace(data, phone=None))
    )
    assert (edited.supply_line, edited.important) == ("10kV文二线", False)
    history = cs.customer_history(db, clerk, view.id)
    labels = {c[0] for c in history[0].changes}
    assert {"线路", "台区", "重要客户"} <= labels


def test_record_and_cover_by_transformer_area_line_and_address(db, clerk, supervisor, customer_form):
    by_area = _customer(db, clerk, customer_form, transformer_area="文三1号台区")
    by_line = _customer(db, clerk, customer_form, supply_line="10kV文三线")
    by_address = _customer(db, clerk, customer_form, supply_address="浙江省杭州市西湖区古墩路8号")
    outside = _customer(db, clerk, customer_form, transformer_area="文三2号台区", supply_line="10kV文二线")
    outage = svc.record_outage(db, supervisor, _planned(lines="10kV文三线", areas="浙江省杭州市西湖区古墩路"))
    assert outage.outage_no.startswith("3301T") and outage.status == OutageStatus.ANNOUNCED
    assert outage.transformer_areas == ("文三1号台区",) and outage.lines == ("10kV文三线",)

    found = svc.outages_for_customer(db, clerk, by_area.id)
    assert [(c.outage.outage_no, c.matched_kind, c.matched_value) for c in found] == [
        (outage.outage_no, "transformer_area", "文三1号台区")
    ]
    assert svc.outages_for_customer(db, clerk, by_line.id)[0].matched_kind == "line"
    assert svc.outages_for_customer(db, clerk, by_address.id)[0].matched_kind == "area"
    assert svc.outages_for_customer(db, clerk, outside.id) == []
    # beyond the horizon: not shown yet
    assert svc.outages_for_customer(db, clerk, by_area.id, horizon_days=1) == []

    covering = svc.outages_covering(db, clerk, [by_area.id, by_line.id, by_address.id, outside.id])
    assert set(covering) == {by_area.id, by_line.id, by_address.id}
    assert covering[by_line.id][0].outage.id == outage.id

    op = _ops(db, OpType.RECORD_OUTAGE)[-1]
    payload = json.loads(op.payload)
    assert payload["outage_no"] == outage.outage_no and payload["reason"] == "线路检修"
    assert ["transformer_area", "文三1号台区"] in payload["scopes"]


def test_status_follows_the_clock_and_the_decisions(db, clerk, supervisor, customer_form):
    c = _customer(db, clerk, customer_form, transformer_area="文三1号台区")
    fault = svc.record_outage(
        db,
        supervisor,
        _planned(
            kind="fault",
            starts_at=NOW - dt.timedelta(hours=1),
            expected_end=NOW + dt.timedelta(hours=3),
            reason="变压器故障",
        ),
    )
    assert fault.status == OutageStatus.ACTIVE
    assert svc.outages_for_customer(db, clerk, c.id)[0].outage.status == OutageStatus.ACTIVE
    with pytest.raises(RuleViolation):
        svc.cancel_outage(db, supervisor, CancelOutage(fault.id, fault.version, "误报"))
    ended = svc.end_outage(db, supervisor, EndOutage(fault.id, fault.version))
    assert ended.status == OutageStatus.ENDED and ended.actual_end is not None
    assert svc.outages_for_customer(db, clerk, c.id) == []
    with pytest.raises(RuleViolation):
        svc.update_outage(db, supervisor, UpdateOutage(fault.id, ended.version, _planned()))

    planned = svc.record_outage(db, supervisor, _planned())
    cancelled = svc.cancel_outage(db, supervisor, CancelOutage(planned.id, planned.version, "施工改期"))
    assert cancelled.status == OutageStatus.CANCELLED and "施工改期" in cancelled.note
    assert svc.outages_for_customer(db, clerk, c.id) == []
    assert [op.op_type for op in _ops(db, OpType.END_OUTAGE)] == ["EndOutage"]
    assert len(_ops(db, OpType.CANCEL_OUTAGE)) == 1


def test_update_logs_old_and_new_and_refuses_a_stale_version(db, clerk, supervisor, customer_form):
    c = _customer(db, clerk, customer_form, supply_line="10kV文二线")
    outage = svc.record_outage(db, supervisor, _planned())
    assert svc.outages_for_customer(db, clerk, c.id) == []
    changed = svc.update_outage(
        db,
        supervisor,
        UpdateOutage(
            outage.id, outage.version, _planned(transformer_areas="", lines="10kV文二线", reason="线路改造")
        ),
    )
    assert (
        changed.lines == ("10kV文二线",)
        and changed.transformer_areas == ()
        and changed.version > outage.version
    )
    assert svc.outages_for_customer(db, clerk, c.id)[0].matched_value == "10kV文二线"
    payload = json.loads(_ops(db, OpType.UPDATE_OUTAGE)[-1].payload)
    assert payload["old"]["reason"] == "线路检修" and payload["new"]["reason"] == "线路改造"
    with pytest.raises(ConcurrentEdit):
        svc.update_outage(db, supervisor, UpdateOutage(outage.id, outage.version, _planned()))


def test_validation_marks_every_field(db, supervisor):
    with pytest.raises(ValidationErrors) as bad:
        svc.record_outage(
            db,
            supervisor,
            OutageInput(
                kind="", starts_at=NOW, expected_end=NOW - dt.timedelta(hours=1), reason="", areas="杭州"
            ),
        )
    fields = bad.value.by_field()
    assert set(fields) >= {"kind", "expected_end", "reason", "areas"}
    assert "过短" in str(fields["areas"])
    with pytest.raises(ValidationErrors) as bad:
        svc.record_outage(db, supervisor, _planned(transformer_areas=""))
    assert "至少填写一个停电范围" in str(bad.value.by_field()["transformer_areas"])
    with pytest.raises(ValidationErrors) as bad:
        svc.record_outage(db, supervisor, _planned(expected_end=NOW + dt.timedelta(days=12)))
    assert "7天" in str(bad.value.by_field()["expected_end"])


def test_permissions(db, clerk, supervisor, customer_form):
    with pytest.raises(PermissionDenied):
        svc.record_outage(db, clerk, _planned())
    outage = svc.record_outage(db, supervisor, _planned())
    with pytest.raises(PermissionDenied):
        svc.end_outage(db, clerk, EndOutage(outage.id, outage.version))
    assert [o.id for o in svc.list_outages(db, clerk)] == [outage.id]


def test_important_customers_masked_for_clerks(db, clerk, supervisor, customer_form):
    vip = _customer(
        db,
        clerk,
        customer_form,
        name="杭州市第一医院",
        transformer_area="文三1号台区",
        important=True,
        phone="13900001111",
    )
    _customer(db, clerk, customer_form, transformer_area="文三1号台区")  # not important
    _customer(db, clerk, customer_form, transformer_area="文三9号台区", important=True)  # elsewhere
    outage = svc.record_outage(db, supervisor, _planned())
    for_clerk = svc.important_customers_in(db, clerk, outage.id)
    assert [r.account_no for r in for_clerk.rows] == [vip.account_no]
    assert (
        for_clerk.rows[0].phone != "13900001111"
        and "*" in for_clerk.rows[0].phone
        and for_clerk.phones_masked
    )
    for_supervisor = svc.important_customers_in(db, supervisor, outage.id)
    assert for_supervisor.rows[0].phone == "13900001111" and not for_supervisor.phones_masked


CSV_OK = (
    "\n".join(
        [
            svc.TEMPLATE_HEADER,
            f"计划,{(NOW + dt.timedelta(days=3)):%Y-%m-%d} 08:00,{(NOW + dt.timedelta(days=3)):%Y-%m-%d} 17:00,,"
            "10kV文三线,文三1号台区、文三2号台区,线路检修,",
            f"故障,{NOW:%Y/%m/%d %H:%M},{(NOW + dt.timedelta(hours=4)):%Y/%m/%d %H:%M},浙江省杭州市西湖区古墩路,,,电缆故障,抢修中",
        ]
    )
    + "\n"
)


def test_csv_import_all_or_nothing_with_line_numbers(db, clerk, supervisor, settings, customer_form):
    c = _customer(db, clerk, customer_form, transformer_area="文三2号台区")
    bad = CSV_OK + "停电,明天,后天,,,,,\n" + f"计划,{NOW:%Y-%m-%d %H:%M},{NOW:%Y-%m-%d %H:%M},,,,检修,\n"
    report = svc.import_outages_csv(db, supervisor, bad.encode("gbk"), settings=settings)
    assert not report.ok and report.imported == 0 and report.encoding == "GBK"
    where = {(e.line, e.column) for e in report.errors}
    assert {(4, "类型"), (4, "开始时间"), (4, "预计送电时间"), (5, "预计送电时间"), (5, "台区")} <= where
    with db.read() as s:
        assert s.scalars(select(Outage)).all() == []

    report = svc.import_outages_csv(db, supervisor, CSV_OK.encode("utf-8-sig"), settings=settings)
    assert report.ok and report.imported == 2 and len(report.numbers) == 2
    assert svc.outages_for_customer(db, clerk, c.id)[0].outage.outage_no == report.numbers[0]
    ops = _ops(db, OpType.IMPORT_OUTAGES)
    assert len(ops) == 1 and len(json.loads(ops[0].payload)["outages"]) == 2
    with pytest.raises(PermissionDenied):
        svc.import_outages_csv(db, clerk, CSV_OK.encode(), settings=settings)


def test_parse_local_datetime():
    assert svc.parse_local_datetime("2026-12-08 08:00") == dt.datetime(2026, 12, 8, 8, 0)
    assert svc.parse_local_datetime("2026/12/8 8:30") == dt.datetime(2026, 12, 8, 8, 30)
    assert svc.parse_local_datetime("2026年12月8日 8时05分") == dt.datetime(2026, 12, 8, 8, 5)
    assert svc.parse_local_datetime("2026-12-08T17:00") == dt.datetime(2026, 12, 8, 17, 0)
    assert svc.parse_local_datetime("2026-13-08 08:00") is None
    assert svc.parse_local_datetime("明天") is None


def test_an_area_with_brackets_covers_the_same_customers_everywhere(db, clerk, supervisor, customer_form):
    """A 区域 typed with brackets (文三路（东段）, ASCII or full-width) matches the stored address —
    which keeps full-width brackets (clean_address) — in the customer view, on the search
    results and in the important customers' advance-notice list alike."""
    hospital = _customer(
        db, clerk, customer_form, supply_address="浙江省杭州市西湖区文三路（东段）8号", important=True
    )
    for typed in ("浙江省杭州市西湖区文三路（东段）", "浙江省杭州市西湖区文三路(东段)"):
        outage = svc.record_outage(db, supervisor, _planned(transformer_areas="", areas=typed))
        assert outage.outage_no in [
            c.outage.outage_no for c in svc.outages_for_customer(db, clerk, hospital.id)
        ]
        marks = svc.outages_covering(db, clerk, [hospital.id])
        assert outage.outage_no in [c.outage.outage_no for c in marks.get(hospital.id, [])], typed
        listed = svc.important_customers_in(db, supervisor, outage.id)
        assert hospital.id in [c.customer_id for c in listed.rows], typed


def test_an_advance_notice_list_is_never_silently_cut(db, clerk, supervisor, customer_form, monkeypatch):
    """More important customers than one list holds (MAX_IMPORTANT) is refused with the count,
    not printed without the last ones: a customer left off would simply not be told."""
    for _ in range(3):
        _customer(db, clerk, customer_form, transformer_area="文三1号台区", important=True)
    outage = svc.record_outage(db, supervisor, _planned())
    monkeypatch.setattr(svc, "MAX_IMPORTANT", 3)
    assert len(svc.important_customers_in(db, supervisor, outage.id).rows) == 3
    monkeypatch.setattr(svc, "MAX_IMPORTANT", 2)
    with pytest.raises(RuleViolation):
        svc.important_customers_in(db, supervisor, outage.id)
