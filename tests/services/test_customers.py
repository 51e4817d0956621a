"""Customer registration and maintenance (客户建档 / 档案维护), docs/rules.md#customers.

Every test runs on SQLite and PostgreSQL (the ``db`` fixture) unless it says otherwise.
"""

from __future__ import annotations

import dataclasses
import threading
import uuid

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.domain.errors import (
    AuthenticationFailed,
    ConcurrentEdit,
    DuplicateSuspected,
    NotFound,
    OverrideRequired,
    PermissionDenied,
    ValidationErrors,
)
from app.domain.ids import make_credit_code
from app.services import auth
from app.services import customers as cs
from db.models import Customer, CustomerSearchKey, Node, Operation
from tests.conftest import CLERK_PASSWORD, SUPERVISOR_PASSWORD, _setup, valid_resident_id

# A well-formed 18-digit ID whose check digit is wrong (the right one is 5).
BAD_CHECK_DIGIT_ID = valid_resident_id(1)[:17] + ("0" if valid_resident_id(1)[17] != "0" else "1")


def _state(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(customers, operation records, account sequence): what a failed write must not change."""
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(Customer)) or 0,
                s.scalar(select(func.count()).select_from(Operation)) or 0,
                s.scalar(select(Node.account_seq)))


def _register(db, settings, actor, data, **kw):  # type: ignore[no-untyped-def]
    return cs.register_customer(db, actor, cs.RegisterCustomer(data, **kw))


def _update(db, settings, actor, view, data, **kw):  # type: ignore[no-untyped-def]
    return cs.update_customer(db, actor, cs.UpdateCustomer(view.id, view.version, data, **kw))


def _edit_form(view: cs.CustomerView, **changes) -> cs.CustomerInput:  # type: ignore[no-untyped-def]
    """The edit form as a clerk submits it: sensitive fields untouched (None = keep)."""
    base = cs.CustomerInput(
        party_type=view.party_type, kind=view.kind, name=view.name, id_type=view.id_type, id_number=None,
        area=view.area, voltage_level=view.voltage_level, capacity_kva=str(view.capacity_kva),
        tariff_code=view.tariff_code, low_income=view.low_income, vip=view.vip,
        customer_manager=view.customer_manager, contact_person=view.contact_person, phone=None, phone2=None,
        supply_address=view.supply_address, meter_no=view.meter_no, notes=view.notes,
    )
    return dataclasses.replace(base, **changes)


# ---- registration and account numbers -------------------------------------------------------


def test_account_number_is_node_code_plus_seven_sequential_digits(db, settings, clerk, customer_form):
    numbers = [_register(db, settings, clerk, customer_form()).account_no for _ in range(3)]
    assert numbers == ["33010000001", "33010000002", "33010000003"]


def test_register_stores_cleaned_values_and_returns_a_view(db, settings, supervisor, customer_form):
    view = _register(db, settings, supervisor, customer_form(
        name=" 张 三 ", phone="+86 138 1234 5678", id_number=valid_resident_id(7).lower(),
        tariff_code="", meter_no=" ab123 "))
    assert view.name == "张三"
    assert view.phone == "13812345678"
    assert view.id_number == valid_resident_id(7).upper()
    assert view.tariff_code == "RES-TIER"  # default tariff of the kind
    assert view.meter_no == "AB123"
    assert view.status == "normal" and view.version == 1
    assert cs.get_customer(db, supervisor, view.id) == view


# Each invalid field gets its own Chinese message on its own field, and nothing is written.
FIELD_RULES = [
    ("name", {"name": ""}, "姓名不能为空"),
    ("name", {"name": "张三3"}, "姓名中不能包含"),
    ("name", {"name": "张" * 31}, "不能超过30个字"),
    ("party_type", {"party_type": "robot"}, "请选择客户类型"),
    ("kind", {"kind": "space_station"}, "请选择用电类别"),
    ("area", {"area": "moon"}, "请选择城乡类别"),
    ("voltage_level", {"voltage_level": "500kV"}, "请选择电压等级"),
    ("low_income", {"low_income": "rich"}, "请选择低保/五保标记"),
    ("capacity_kva", {"capacity_kva": "八"}, "合同容量请填写整数"),
    ("capacity_kva", {"capacity_kva": "0"}, "合同容量应在1至"),
    ("capacity_kva", {"capacity_kva": "2000001"}, "合同容量应在1至"),
    ("id_type", {"id_type": "uscc"}, "请选择个人可用的证件类型"),
    ("id_number", {"id_number": ""}, "居民身份证号不能为空"),
    ("id_number", {"id_number": "12345"}, "应为18位"),
    ("phone", {"phone": ""}, "联系电话不能为空"),
    ("phone", {"phone": "23456"}, "电话号码格式不正确"),
    ("phone2", {"phone2": "138123"}, "手机号码应为11位"),
    ("supply_address", {"supply_address": ""}, "用电地址不能为空"),
    ("supply_address", {"supply_address": "杭州"}, "至少需要4个字"),
    ("meter_no", {"meter_no": "表号-1"}, "电能表号为字母和数字"),
    ("tariff_code", {"tariff_code": "电价一"}, "电价代码为字母"),
    ("notes", {"notes": "备" * 501}, "备注不能超过500个字"),
    ("customer_manager", {"customer_manager": "王" * 31}, "客户经理不能超过30个字"),
    ("contact_person", {"contact_person": "李\x07"}, "联系人不能包含控制字符"),
]


@pytest.mark.parametrize(("field", "overrides", "message"), FIELD_RULES,
                         ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(FIELD_RULES)])
def test_each_invalid_field_gets_its_own_chinese_message_and_nothing_is_written(
        db, settings, clerk, customer_form, field, overrides, message):
    before = _state(db)
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(**overrides))
    assert field in exc.value.by_field(), exc.value.by_field()
    assert message in exc.value.by_field()[field]
    assert _state(db) == before


def test_all_invalid_fields_are_reported_at_once(db, settings, clerk, customer_form):
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(name="", phone="", supply_address="", capacity_kva="x"))
    assert {"name", "phone", "supply_address", "capacity_kva"} <= set(exc.value.by_field())


def test_account_sequence_is_not_advanced_by_a_rejected_registration(db, settings, clerk, customer_form):
    with pytest.raises(ValidationErrors):
        _register(db, settings, clerk, customer_form(name=""))
    assert _register(db, settings, clerk, customer_form()).account_no == "33010000001"


# ---- kind rules -----------------------------------------------------------------------------

def _org(customer_form, n: int = 1, **kw):  # type: ignore[no-untyped-def]
    values = dict(party_type="organisation", kind="general_ci", name="杭州城东机械厂", id_type="uscc",
                  id_number=make_credit_code(f"91330100MA2{n:06d}"), contact_person="王经理",
                  voltage_level="380V", capacity_kva="100")
    values.update(kw)
    return customer_form(**values)


KIND_RULES = [
    ("large_industry_needs_at_least_315_kva", dict(kind="large_industry", capacity_kva="314",
                                                    voltage_level="10kV", customer_manager="周经理"),
     "capacity_kva", "不小于315kVA"),
    ("large_industry_needs_10kv_or_higher", dict(kind="large_industry", capacity_kva="315",
                                                 voltage_level="380V", customer_manager="周经理"),
     "voltage_level", "10kV及以上"),
    ("large_customer_needs_a_customer_manager", dict(capacity_kva="400", voltage_level="10kV"),
     "customer_manager", "大客户必须指定客户经理"),
    ("organisation_needs_a_contact_person", dict(contact_person=""), "contact_person", "必须填写联系人"),
    ("low_income_only_for_residential", dict(low_income="dibao"), "low_income", "只适用于居民生活用电"),
]


@pytest.mark.parametrize(("rule", "kw", "field", "message"), KIND_RULES, ids=[r[0] for r in KIND_RULES])
def test_kind_rules_for_organisations(db, settings, clerk, customer_form, rule, kw, field, message):
    before = _state(db)
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, _org(customer_form, **kw))
    assert message in exc.value.by_field()[field]
    assert _state(db) == before


def test_large_industry_at_315_kva_and_10kv_with_manager_is_a_large_customer(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, _org(customer_form, kind="large_industry", capacity_kva="315",
                                               voltage_level="10kV", customer_manager="周经理"))
    assert view.large_customer and "大客户" in view.flags
    assert view.tariff_code == "LI-TOU"


def test_residential_is_only_for_individuals(db, settings, clerk, customer_form):
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, _org(customer_form, kind="residential", voltage_level="220V", capacity_kva="8"))
    assert "只能由个人建档" in exc.value.by_field()["party_type"]


def test_residential_is_low_voltage_only(db, settings, clerk, customer_form):
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(voltage_level="10kV"))
    assert "220V或380V" in exc.value.by_field()["voltage_level"]


def test_low_income_residential_customer_is_flagged(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form(low_income="wubao"))
    assert view.low_income == "wubao" and "五保户" in view.flags


# ---- ID checks and the supervisor override --------------------------------------------------


def test_failed_id_check_requires_an_override_and_writes_nothing(db, settings, clerk, customer_form):
    before = _state(db)
    with pytest.raises(OverrideRequired) as exc:
        _register(db, settings, clerk, customer_form(id_number=BAD_CHECK_DIGIT_ID))
    assert exc.value.field == "id_number"
    assert "校验码错误" in exc.value.message and "值班长授权" in exc.value.message
    assert _state(db) == before


def test_supervisor_approval_saves_the_override_reason_and_approver(db, settings, clerk, customer_form):
    approval = cs.SupervisorApproval("super1", SUPERVISOR_PASSWORD, "证件原件核对无误，系统校验码表旧")
    view = _register(db, settings, clerk, customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=approval)
    assert view.id_overridden and "证件例外" in view.flags
    with db.read() as s:
        row = s.get(Customer, view.id)
        assert row.id_number == BAD_CHECK_DIGIT_ID
        assert row.id_override_reason == "证件原件核对无误，系统校验码表旧"
        assert row.id_override_by == "super1"


def test_a_clerk_cannot_approve_an_id_override(db, settings, clerk, customer_form):
    before = _state(db)
    approval = cs.SupervisorApproval("clerk2", CLERK_PASSWORD, "证件原件核对无误")
    with pytest.raises(PermissionDenied) as exc:
        _register(db, settings, clerk, customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=approval)
    assert "无此授权权限" in exc.value.message
    assert _state(db) == before


def test_wrong_supervisor_password_does_not_approve(db, settings, clerk, customer_form):
    before = _state(db)
    approval = cs.SupervisorApproval("super1", "Wrong2026", "证件原件核对无误")
    with pytest.raises(AuthenticationFailed) as exc:
        _register(db, settings, clerk, customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=approval)
    assert "还可尝试4次" in exc.value.message
    customers, ops, seq = _state(db)
    # No customer, no account number; the only record is the audited failed approval.
    assert (customers, seq) == (before[0], before[2])
    assert ops == before[1] + 1
    with db.read() as s:
        last = s.scalars(select(Operation).order_by(Operation.seq.desc())).first()
    assert last is not None and last.op_type == "AuthFailed" and '"purpose":"approve"' in last.payload


@pytest.mark.parametrize("reason", ["", "  核对 ", "核对😀无误"])
def test_override_reason_must_be_real_text_of_four_characters(db, settings, clerk, customer_form, reason):
    before = _state(db)
    approval = cs.SupervisorApproval("super1", SUPERVISOR_PASSWORD, reason)
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=approval)
    assert "override_reason" in exc.value.by_field()
    assert _state(db) == before


def test_fifteen_digit_old_id_is_accepted_without_override(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form(id_number="330106800101123"))
    assert not view.id_overridden
    assert view.id_masked == "330106******123"


def test_credit_code_starting_with_n2_is_accepted(db, settings, clerk, customer_form):
    code = make_credit_code("N2330106MF1234567")
    view = _register(db, settings, clerk, _org(customer_form, name="城东村股份经济合作社", id_number=code))
    assert not view.id_overridden
    with db.read() as s:
        assert s.get(Customer, view.id).id_number == code


def test_hopeless_id_number_is_a_validation_error_not_an_override(db, settings, clerk, customer_form):
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(id_number="11010519491231002Y"))
    assert "id_number" in exc.value.by_field()


# ---- duplicates -----------------------------------------------------------------------------


def test_same_id_number_is_a_suspected_duplicate_unless_confirmed(db, settings, clerk, customer_form):
    first = _register(db, settings, clerk, customer_form(id_number=valid_resident_id(42), name="张三"))
    before = _state(db)
    again = customer_form(id_number=valid_resident_id(42), name="张叁")
    with pytest.raises(DuplicateSuspected) as exc:
        _register(db, settings, clerk, again)
    assert [m.account_no for m in exc.value.matches] == [first.account_no]
    assert "*" in exc.value.matches[0].id_masked  # the match list is masked too
    assert _state(db) == before
    confirmed = _register(db, settings, clerk, again, confirm_duplicate=True)
    assert confirmed.account_no == "33010000002"


def test_same_name_and_phone_is_a_suspected_duplicate(db, settings, clerk, customer_form):
    _register(db, settings, clerk, customer_form(name="李四", phone="13900001111"))
    with pytest.raises(DuplicateSuspected):
        _register(db, settings, clerk, customer_form(name="李四", phone="139 0000 1111"))
    # Same name, other phone: a different person.
    _register(db, settings, clerk, customer_form(name="李四", phone="13900002222"))


# ---- updates and optimistic locking ---------------------------------------------------------


def test_update_writes_changes_and_bumps_the_version(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form())
    updated = _update(db, settings, clerk, view, _edit_form(view, supply_address="浙江省杭州市上城区解放路8号",
                                                            capacity_kva="12"))
    assert updated.version == view.version + 1
    assert updated.supply_address == "浙江省杭州市上城区解放路8号" and updated.capacity_kva == 12


def test_second_edit_of_the_same_version_is_a_concurrent_edit_and_the_first_edit_stays(
        db, settings, clerk, clerk2, customer_form):
    view = _register(db, settings, clerk, customer_form())
    # Both counters opened version 1.
    _update(db, settings, clerk, view, _edit_form(view, notes="第一位营业员的修改"))
    with pytest.raises(ConcurrentEdit) as exc:
        _update(db, settings, clerk2, view, _edit_form(view, notes="第二位营业员的修改"))
    assert "已被他人修改" in exc.value.message
    stored = cs.get_customer(db, clerk, view.id)
    assert stored.notes == "第一位营业员的修改" and stored.version == 2


@pytest.mark.pg
def test_racing_updates_on_postgresql_exactly_one_wins(pg_url, customer_form):
    """Two counters flush the same version at the same moment: the row lock lets one through and
    the other's ``UPDATE … WHERE version = 1`` matches nothing (StaleDataError → ConcurrentEdit)."""
    db, settings = _setup(pg_url)
    try:
        a = auth.login(db, "clerk1", CLERK_PASSWORD)
        b = auth.login(db, "clerk2", CLERK_PASSWORD)
        view = _register(db, settings, a, customer_form())
        barrier = threading.Barrier(2, timeout=20)
        waited = threading.local()

        @event.listens_for(Session, "before_flush")
        def both_past_the_version_check(session, _ctx, _instances):  # type: ignore[no-untyped-def]
            if threading.current_thread().name.startswith("racer") and not getattr(waited, "done", False):
                waited.done = True
                barrier.wait()

        results: dict[str, object] = {}

        def racer(actor, note):  # type: ignore[no-untyped-def]
            try:
                results[note] = _update(db, settings, actor, view, _edit_form(view, notes=note))
            except Exception as exc:  # noqa: BLE001 - recorded and asserted below
                results[note] = exc

        threads = [threading.Thread(target=racer, args=(actor, note), name=f"racer-{note}")
                   for actor, note in ((a, "甲柜台"), (b, "乙柜台"))]
        try:
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
        finally:
            event.remove(Session, "before_flush", both_past_the_version_check)
        wins = [k for k, v in results.items() if isinstance(v, cs.CustomerView)]
        losses = [v for v in results.values() if isinstance(v, ConcurrentEdit)]
        assert len(wins) == 1 and len(losses) == 1, results
        stored = cs.get_customer(db, a, view.id)
        assert stored.notes == wins[0] and stored.version == 2
        with db.read() as s:
            updates = s.scalar(select(func.count()).select_from(Operation)
                               .where(Operation.op_type == "UpdateCustomer"))
        assert updates == 1
    finally:
        db.dispose()


def test_edit_with_untouched_sensitive_fields_keeps_the_stored_values(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form(phone="13812345678", phone2="0571-88886666"))
    assert view.id_number == "" and view.phone == ""  # what the clerk saw: masked only
    updated = _update(db, settings, clerk, view, _edit_form(view, notes="改备注"))
    with db.read() as s:
        row = s.get(Customer, updated.id)
        assert (row.id_number, row.phone, row.phone2) == (valid_resident_id(1), "13812345678", "0571-88886666")


def test_edit_with_no_changes_writes_nothing(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form())
    before = _state(db)
    same = _update(db, settings, clerk, view, _edit_form(view))
    assert same.version == view.version
    assert _state(db) == before


def test_invalid_edit_is_rejected_per_field_and_nothing_changes(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form())
    before = _state(db)
    with pytest.raises(ValidationErrors) as exc:
        _update(db, settings, clerk, view, _edit_form(view, name="", phone=""))
    assert {"name", "phone"} <= set(exc.value.by_field())
    assert _state(db) == before
    assert cs.get_customer(db, clerk, view.id) == view


def test_party_type_cannot_be_changed_by_an_edit(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, _org(customer_form))
    before = _state(db)
    with pytest.raises(ValidationErrors) as exc:
        _update(db, settings, clerk, view, _edit_form(view, party_type="individual", name="王五",
                                                      id_type="ric", id_number=valid_resident_id(9)))
    assert "party_type" in exc.value.by_field()
    assert _state(db) == before


def test_correcting_an_overridden_id_clears_the_override(db, settings, clerk, supervisor, customer_form):
    approval = cs.SupervisorApproval("super1", SUPERVISOR_PASSWORD, "证件原件核对无误")
    view = _register(db, settings, clerk, customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=approval)
    fixed = _update(db, settings, clerk, view, _edit_form(view, id_number=valid_resident_id(1)))
    assert not fixed.id_overridden and "证件例外" not in fixed.flags
    with db.read() as s:
        row = s.get(Customer, view.id)
        assert row.id_override_reason is None and row.id_override_by is None


def test_edit_keeping_an_overridden_id_needs_no_new_approval(db, settings, clerk, customer_form):
    approval = cs.SupervisorApproval("super1", SUPERVISOR_PASSWORD, "证件原件核对无误")
    view = _register(db, settings, clerk, customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=approval)
    updated = _update(db, settings, clerk, view, _edit_form(view, id_number=BAD_CHECK_DIGIT_ID, notes="补充"))
    assert updated.id_overridden and updated.notes == "补充"


def test_changing_to_another_bad_id_needs_a_new_override(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form())
    with pytest.raises(OverrideRequired):
        _update(db, settings, clerk, view, _edit_form(view, id_number=BAD_CHECK_DIGIT_ID))


def test_updating_a_missing_customer_is_not_found(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form())
    ghost = dataclasses.replace(view, id=uuid.uuid4())
    with pytest.raises(NotFound):
        _update(db, settings, clerk, ghost, _edit_form(view))
    with pytest.raises(NotFound):
        cs.get_customer(db, clerk, ghost.id)


def test_search_keys_follow_edits(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form(name="王小明", phone="13812340000"))
    _update(db, settings, clerk, view, _edit_form(view, name="王晓明", phone="13955556666"))
    with db.read() as s:
        keys = set(s.scalars(select(CustomerSearchKey.key).where(CustomerSearchKey.customer_id == view.id)))
    assert "晓明" in keys and "13955556666" in keys and "6666" in keys
    assert "小明" not in keys and "13812340000" not in keys and "0000" not in keys


# ---- masking, view and history --------------------------------------------------------------


def test_clerk_sees_masked_id_and_phone_and_no_full_values(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form(phone="13812345678", phone2="0571-88886666"))
    for shown in (view, cs.get_customer(db, clerk, view.id), cs.get_customer_by_account(db, clerk, view.account_no)):
        assert shown is not None and not shown.sensitive_visible
        assert shown.id_number == "" and shown.phone == "" and shown.phone2 == ""
        assert shown.id_masked == valid_resident_id(1)[:6] + "********" + valid_resident_id(1)[-4:]
        assert shown.phone_masked == "138****5678" and shown.phone2_masked == "0571-****6666"


def test_supervisor_sees_full_id_and_phone(db, settings, clerk, supervisor, customer_form):
    view = _register(db, settings, clerk, customer_form(phone="13812345678"))
    full = cs.get_customer(db, supervisor, view.id)
    assert full.sensitive_visible
    assert full.id_number == valid_resident_id(1) and full.phone == "13812345678"


def test_lookup_by_account_number(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, customer_form())
    assert cs.get_customer_by_account(db, clerk, f" {view.account_no} ").id == view.id
    assert cs.get_customer_by_account(db, clerk, "33019999999") is None
    assert cs.get_customer_by_account(db, clerk, "3301\x00") is None


def test_history_shows_registration_and_each_edit_newest_first(db, settings, clerk, supervisor, customer_form):
    view = _register(db, settings, clerk, customer_form(phone="13812345678"))
    v2 = _update(db, settings, clerk, view, _edit_form(view, notes="第一次修改"))
    _update(db, settings, supervisor, v2, _edit_form(v2, phone="13999998888", capacity_kva="10"))
    history = cs.customer_history(db, supervisor, view.id)
    assert [h.op_type for h in history] == ["UpdateCustomer", "UpdateCustomer", "RegisterCustomer"]
    assert [h.actor for h in history] == ["super1", "clerk1", "clerk1"]
    assert history[0].seq > history[1].seq > history[2].seq
    latest = {label: (old, new) for label, old, new in history[0].changes}
    # The log keeps only the masked phone (issue 7 item 12, docs/privacy.md), for supervisors too.
    assert latest == {"联系电话": ("138****5678", "139****8888"), "合同容量": ("8", "10")}
    assert "联系电话" in history[0].summary
    assert dict((label, new) for label, _, new in history[1].changes) == {"备注": "第一次修改"}
    registered = {label: new for label, _, new in history[2].changes}
    assert registered["户名"] == "张三" and registered["用电类别"] == "居民生活"
    assert history[2].summary == f"建档，户号{view.account_no}"


def test_history_is_masked_for_clerks(db, settings, clerk, supervisor, customer_form):
    view = _register(db, settings, clerk, customer_form(phone="13812345678"))
    _update(db, settings, supervisor, view, _edit_form(view, phone="13999998888"))
    history = cs.customer_history(db, clerk, view.id)
    assert dict((label, (old, new)) for label, old, new in history[0].changes)["联系电话"] == \
        ("138****5678", "139****8888")
    registered = {label: new for label, _, new in history[1].changes}
    assert registered["证件号码"] == cs.mask_id(valid_resident_id(1))
    assert registered["联系电话"] == "138****5678"
    text = repr(history)
    assert valid_resident_id(1) not in text and "13812345678" not in text


def test_edit_to_another_customers_id_number_warns_of_a_duplicate(db, settings, clerk, customer_form):
    first = _register(db, settings, clerk, customer_form())
    second = _register(db, settings, clerk, customer_form())
    with db.read() as s:
        first_id = s.get(Customer, first.id).id_number
    with db.read() as s:
        second_row = s.get(Customer, second.id)
        base = dict(name=second_row.name, phone=second_row.phone)
    data = customer_form(id_number=first_id, **base)
    with pytest.raises(DuplicateSuspected) as exc:
        cs.update_customer(db, clerk, cs.UpdateCustomer(second.id, second.version, data))
    assert [m.account_no for m in exc.value.matches] == [first.account_no]
    updated = cs.update_customer(db, clerk,
                                 cs.UpdateCustomer(second.id, second.version, data, confirm_duplicate=True))
    assert updated.version == second.version + 1
