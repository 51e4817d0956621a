"""Customer checks against other records (docs/rules.md#duplicates): duplicate detection with old 15-digit
居民身份证 and the second phone, and the tariff code checked against the tariff catalogue.

Every test runs on SQLite and PostgreSQL (the ``db`` fixture).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from app.domain import customers as rules
from app.domain.errors import DuplicateSuspected, ValidationErrors
from app.domain.ids import make_credit_code, make_resident_id
from app.services import customers as cs
from app.services import tariffs
from db.models import Customer, Operation, TariffVersion

# Born 1980-05-01 in Hangzhou: the 18-digit card and the 15-digit card it replaced.
RID_18 = make_resident_id("330106", dt.date(1980, 5, 1), "123")
RID_15 = RID_18[:6] + RID_18[8:17]
CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "tariffs" / "default_catalogue.json"


def _register(db, settings, actor, data, **kw):  # type: ignore[no-untyped-def]
    return cs.register_customer(db, actor, cs.RegisterCustomer(data, **kw))


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Customer)) or 0


def _org(customer_form, n: int = 1, **kw):  # type: ignore[no-untyped-def]
    values = dict(party_type="organisation", kind="general_ci", name="杭州城东机械厂", id_type="uscc",
                  id_number=make_credit_code(f"91330100MA2{n:06d}"), contact_person="王经理",
                  voltage_level="380V", capacity_kva="100")
    values.update(kw)
    return customer_form(**values)


def _edit_form(view: cs.CustomerView, **changes) -> cs.CustomerInput:  # type: ignore[no-untyped-def]
    import dataclasses

    base = cs.CustomerInput(
        party_type=view.party_type, kind=view.kind, name=view.name, id_type=view.id_type, id_number=None,
        area=view.area, voltage_level=view.voltage_level, capacity_kva=str(view.capacity_kva),
        tariff_code=view.tariff_code, low_income=view.low_income, vip=view.vip,
        customer_manager=view.customer_manager, contact_person=view.contact_person, phone=None, phone2=None,
        supply_address=view.supply_address, meter_no=view.meter_no, notes=view.notes,
    )
    return dataclasses.replace(base, **changes)


# ---- duplicates: the 15-digit and the 18-digit card are one person ---------------------------


@pytest.mark.parametrize(("stored", "typed"), [(RID_15, RID_18), (RID_18, RID_15)], ids=["stored15", "stored18"])
def test_rule_3_1_duplicate_same_resident_id_in_its_other_form(db, settings, clerk, customer_form, stored, typed):
    first = _register(db, settings, clerk, customer_form(id_number=stored, name="张三"))
    with pytest.raises(DuplicateSuspected) as exc:
        _register(db, settings, clerk, customer_form(id_number=typed, name="张叁"))  # other name, other phone
    assert [m.account_no for m in exc.value.matches] == [first.account_no]
    assert exc.value.matches[0].matched_by == "证件号码（15/18位）"
    assert _count(db) == 1
    assert _register(db, settings, clerk, customer_form(id_number=typed, name="张叁"), confirm_duplicate=True)


def test_rule_3_1_duplicate_same_resident_id_with_another_check_digit(db, settings, clerk, customer_form):
    # Stored earlier with a mistyped check digit that a supervisor let through (for a clerk:
    # nobody approves his own exception).
    wrong = RID_18[:17] + ("0" if RID_18[17] != "0" else "1")
    approval = cs.SupervisorApproval("super1", "Super2026", "已核对身份证原件")
    first = _register(db, settings, clerk, customer_form(id_number=wrong), approval=approval)
    with pytest.raises(DuplicateSuspected) as exc:
        _register(db, settings, clerk, customer_form(id_number=RID_18))
    assert [m.account_no for m in exc.value.matches] == [first.account_no]
    assert exc.value.matches[0].matched_by == "证件号码（校验码不同）"


def test_rule_3_1_duplicate_exact_id_says_so(db, settings, clerk, customer_form):
    _register(db, settings, clerk, customer_form(id_number=RID_18))
    with pytest.raises(DuplicateSuspected) as exc:
        _register(db, settings, clerk, customer_form(id_number=RID_18))
    assert exc.value.matches[0].matched_by == "证件号码"


def test_a_15_digit_number_is_not_the_2000s_number_with_the_same_digits(db, settings, clerk, customer_form):
    # 330106010203456 is someone born 1901-02-03, not the person born 2001-02-03.
    _register(db, settings, clerk, customer_form(id_number=make_resident_id("330106", dt.date(2001, 2, 3), "456")))
    _register(db, settings, clerk, customer_form(id_number="330106010203456"))
    assert _count(db) == 2


def test_alternate_id_forms_only_match_resident_ids(db, settings, clerk, customer_form):
    # A passport whose characters happen to be the 15-digit form is not that 居民身份证.
    _register(db, settings, clerk, customer_form(id_type="passport", id_number=RID_15))
    _register(db, settings, clerk, customer_form(id_number=RID_18))
    assert _count(db) == 2


def test_edit_to_the_other_form_of_another_customers_id_warns(db, settings, clerk, customer_form):
    first = _register(db, settings, clerk, customer_form(id_number=RID_15))
    second = _register(db, settings, clerk, customer_form())
    with pytest.raises(DuplicateSuspected) as exc:
        cs.update_customer(db, clerk, cs.UpdateCustomer(
            second.id, second.version, _edit_form(second, id_number=RID_18)))
    assert [m.account_no for m in exc.value.matches] == [first.account_no]


# ---- duplicates: name + either phone --------------------------------------------------------

PHONE_CASES = [
    # (stored phone, stored phone2, new phone, new phone2)
    ("13900001111", "13700002222", "13700002222", ""),  # new phone = stored phone2
    ("13900001111", "", "13600003333", "13900001111"),  # new phone2 = stored phone
    ("13900001111", "13700002222", "13600003333", "13700002222"),  # new phone2 = stored phone2
    ("13900001111", "", "139 0000 1111", ""),  # new phone = stored phone (typed loosely)
]


@pytest.mark.parametrize(("p1", "p2", "n1", "n2"), PHONE_CASES, ids=["phone-vs-phone2", "phone2-vs-phone",
                                                                     "phone2-vs-phone2", "phone-vs-phone"])
def test_rule_3_1_duplicate_same_name_and_any_shared_phone(db, settings, clerk, customer_form, p1, p2, n1, n2):
    first = _register(db, settings, clerk, customer_form(name="李四", phone=p1, phone2=p2))
    with pytest.raises(DuplicateSuspected) as exc:
        _register(db, settings, clerk, customer_form(name="李四", phone=n1, phone2=n2))
    assert [m.account_no for m in exc.value.matches] == [first.account_no]
    assert exc.value.matches[0].matched_by == "户名+电话"


def test_no_shared_phone_or_another_name_is_no_duplicate(db, settings, clerk, customer_form):
    _register(db, settings, clerk, customer_form(name="李四", phone="13900001111", phone2=""))
    # Both without a second phone: the empty phone2 values must not match each other.
    _register(db, settings, clerk, customer_form(name="李四", phone="13900002222", phone2=""))
    # Shared second phone, but another name (a family's landline): not suspected.
    _register(db, settings, clerk, customer_form(name="李五", phone="13900003333", phone2="13900001111"))
    assert _count(db) == 3


def test_edit_of_the_second_phone_to_a_namesakes_phone_warns(db, settings, clerk, customer_form):
    first = _register(db, settings, clerk, customer_form(name="王五", phone="13900001111"))
    second = _register(db, settings, clerk, customer_form(name="王五", phone="13900002222"))
    with pytest.raises(DuplicateSuspected) as exc:
        cs.update_customer(db, clerk, cs.UpdateCustomer(
            second.id, second.version, _edit_form(second, phone2="13900001111")))
    assert [m.account_no for m in exc.value.matches] == [first.account_no]
    updated = cs.update_customer(db, clerk, cs.UpdateCustomer(
        second.id, second.version, _edit_form(second, phone2="13900001111"), confirm_duplicate=True))
    assert updated.phone2 == "" and updated.phone2_masked == "139****1111"


# ---- tariff code against the catalogue ------------------------------------------------------


def test_unknown_tariff_code_is_refused_on_its_field(db, settings, clerk, customer_form):
    with db.read() as s:
        ops = s.scalar(select(func.count()).select_from(Operation))
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(tariff_code="NOPE-123"))
    message = exc.value.by_field()["tariff_code"]
    assert "电价目录中没有现行的电价代码“NOPE-123”" in message
    assert "可选：RES-TIER、RES-TOU" in message
    assert _count(db) == 0
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Operation)) == ops


@pytest.mark.parametrize(("kind_kw", "code", "fragment"), [
    ({}, "GCI-FLAT", "不适用于居民生活客户"),
    ({}, "LI-TOU", "不适用于居民生活客户"),
    ({"org": True}, "RES-TIER", "不适用于一般工商业客户"),
    ({"org": True, "kind": "agricultural"}, "GCI-FLAT", "不适用于农业生产客户，可选：AGR-FLAT"),
    ({"org": True, "kind": "public"}, "LI-TOU", "不适用于公用/机关客户"),
])
def test_tariff_that_does_not_suit_the_customer_kind_is_refused(db, settings, clerk, customer_form, kind_kw, code,
                                                               fragment):
    kw = dict(kind_kw)
    data = _org(customer_form, kind=kw.get("kind", "general_ci"), tariff_code=code) if kw.pop("org", False) \
        else customer_form(tariff_code=code)
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, data)
    assert fragment in exc.value.by_field()["tariff_code"]


@pytest.mark.parametrize(("kind", "code"), [
    ("residential", "RES-TOU"), ("general_ci", "GCI-TOU"), ("public", "PUB-FLAT"), ("public", "GCI-FLAT"),
    ("agricultural", "AGR-FLAT"),
])
def test_tariff_that_suits_the_kind_is_accepted(db, settings, clerk, customer_form, kind, code):
    data = customer_form(tariff_code=code.lower()) if kind == "residential" \
        else _org(customer_form, kind=kind, tariff_code=code.lower())
    assert _register(db, settings, clerk, data).tariff_code == code


@pytest.mark.parametrize("kind", list(rules.KINDS))
def test_every_default_tariff_is_in_the_shipped_catalogue_and_suits_its_kind(kind):
    # The form pre-fills DEFAULT_TARIFF and the demo data uses it: it must pass the check.
    shipped = {t["code"]: t for t in json.loads(CATALOGUE.read_text(encoding="utf-8"))["tariffs"]}
    code = rules.DEFAULT_TARIFF[kind]
    assert code in shipped and kind in shipped[code]["customer_kinds"]


def test_tariff_options_list_current_tariffs_with_names(db, clerk):
    options = cs.tariff_options(db, clerk)
    assert [o.code for o in options] == sorted(o.code for o in options)
    assert {"RES-TIER", "RES-TOU", "GCI-FLAT", "GCI-TOU", "LI-TOU", "AGR-FLAT", "PUB-FLAT"} <= {o.code for o in options}
    residential = cs.tariff_options(db, clerk, "residential")
    assert [o.code for o in residential] == ["RES-TIER", "RES-TOU"]
    assert residential[0].label == "RES-TIER　居民生活用电阶梯电价（年阶梯）"
    assert [o.code for o in cs.tariff_options(db, clerk, "public")] == ["GCI-FLAT", "GCI-TOU", "PUB-FLAT"]


def _add_tariff(db, admin, code: str, start: dt.date, end: dt.date | None, kinds: list[str]) -> None:  # type: ignore[no-untyped-def]
    tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion({
        "code": code, "name": f"{code} 测试电价", "kind": "flat", "customer_kinds": kinds,
        "effective_from": start.isoformat(), "effective_to": end.isoformat() if end else None, "price": "0.6"}))


def test_retired_tariff_is_refused_and_upcoming_one_accepted(db, settings, admin, clerk, customer_form):
    today = dt.date.today()
    _add_tariff(db, admin, "OLD-FLAT", dt.date(2010, 1, 1), dt.date(2015, 12, 31), ["general_ci"])
    _add_tariff(db, admin, "NEW-FLAT", today + dt.timedelta(days=30), None, ["general_ci"])
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, _org(customer_form, tariff_code="OLD-FLAT"))
    assert "没有现行的电价代码“OLD-FLAT”" in exc.value.by_field()["tariff_code"]
    assert _register(db, settings, clerk, _org(customer_form, 2, tariff_code="NEW-FLAT")).tariff_code == "NEW-FLAT"
    assert "OLD-FLAT" not in {o.code for o in cs.tariff_options(db, clerk)}


def test_tariff_without_customer_kinds_suits_every_kind(db, settings, admin, clerk, customer_form):
    _add_tariff(db, admin, "ANY-FLAT", dt.date(2020, 1, 1), None, [])
    assert _register(db, settings, clerk, customer_form(tariff_code="ANY-FLAT")).tariff_code == "ANY-FLAT"
    assert _register(db, settings, clerk, _org(customer_form, tariff_code="ANY-FLAT")).tariff_code == "ANY-FLAT"


def test_edit_keeps_a_since_retired_tariff_but_a_kind_change_is_checked(db, settings, clerk, customer_form):
    view = _register(db, settings, clerk, _org(customer_form, tariff_code="GCI-TOU"))
    with db.write() as s:  # GCI-TOU retired after this customer was put on it
        s.execute(delete(TariffVersion).where(TariffVersion.code == "GCI-TOU"))
    updated = cs.update_customer(db, clerk, cs.UpdateCustomer(
        view.id, view.version, _edit_form(view, notes="电话核实")))
    assert updated.tariff_code == "GCI-TOU" and updated.notes == "电话核实"
    with pytest.raises(ValidationErrors) as exc:
        cs.update_customer(db, clerk, cs.UpdateCustomer(
            updated.id, updated.version, _edit_form(updated, kind="public")))
    assert "GCI-TOU" in exc.value.by_field()["tariff_code"]
    with pytest.raises(ValidationErrors) as exc:
        cs.update_customer(db, clerk, cs.UpdateCustomer(
            updated.id, updated.version, _edit_form(updated, tariff_code="RES-TIER")))
    assert "不适用于一般工商业客户" in exc.value.by_field()["tariff_code"]


def test_registration_loads_the_catalogue_into_an_older_empty_table(db, settings, clerk, customer_form):
    with db.write() as s:
        s.execute(delete(TariffVersion))
    assert _register(db, settings, clerk, customer_form()).tariff_code == "RES-TIER"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(TariffVersion)) == 7
