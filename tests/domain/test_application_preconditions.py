"""Preconditions of a service application (app/domain/applications/preconditions.py,
docs/rules.md#application-preconditions): each reason on its own, and all of them at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from app.domain.applications import (
    ApplicationRules,
    CustomerSnapshot,
    DateSpan,
    PreconditionsNotMet,
    ReasonCode,
    check_preconditions,
    load_default_catalogue,
    parse_application_rules,
    require_preconditions,
)
from app.domain.applications.preconditions import add_months
from app.domain.codes import CustomerKind, CustomerStatus
from app.domain.errors import ValidationErrors

D = dt.date
R = ReasonCode
CATALOGUE = load_default_catalogue()
TODAY = D(2026, 3, 2)
SHOP = CustomerSnapshot(
    CustomerKind.GENERAL_CI, CustomerStatus.NORMAL, "10kV", 400, name="甲公司", tariff_code="GCI-FLAT"
)
HOME = CustomerSnapshot(
    CustomerKind.RESIDENTIAL, CustomerStatus.NORMAL, "220V", 8, name="张三", tariff_code="RES-TIER"
)
PAUSE = {"pause_from": D(2026, 3, 10), "pause_to": D(2026, 4, 10)}
REDUCE = {"new_capacity_kva": 200, "reduce_from": D(2026, 3, 10), "reduce_to": D(2026, 12, 10)}


def reasons(
    code: str,
    customer: CustomerSnapshot | None,
    values: dict[str, Any] | None = None,
    rules: ApplicationRules | None = None,
) -> list[tuple[ReasonCode, str]]:
    found = check_preconditions(CATALOGUE.get(code), CATALOGUE, customer, values or {}, TODAY, rules)
    return [(r.code, str(r.message)) for r in found]


def codes(
    code: str,
    customer: CustomerSnapshot | None,
    values: dict[str, Any] | None = None,
    rules: ApplicationRules | None = None,
) -> list[ReasonCode]:
    return [c for c, _ in reasons(code, customer, values, rules)]


def shop(**changes: Any) -> CustomerSnapshot:
    return dataclasses.replace(SHOP, **changes)


def test_a_clean_application_has_no_reasons() -> None:
    assert reasons("pause", SHOP, PAUSE) == []
    assert reasons("capacity_reduction", SHOP, REDUCE) == []
    assert reasons("transfer", SHOP, {"new_holder_name": "乙公司"}) == []
    assert reasons("res_new", None, {"capacity_kva": 8, "voltage_level": "220V"}) == []
    require_preconditions(CATALOGUE.get("rename"), CATALOGUE, SHOP, {"new_name": "乙公司"}, TODAY)


@pytest.mark.parametrize("code", ["transfer", "close", "split", "merge"])
def test_arrears_must_be_settled_and_the_amount_is_given(code: str) -> None:
    found = check_preconditions(CATALOGUE.get(code), CATALOGUE, shop(arrears_fen=12_850), {}, TODAY)
    arrears = [r for r in found if r.code == R.ARREARS]
    assert len(arrears) == 1 and arrears[0].amount_fen == 12_850
    assert str(arrears[0].message).startswith("客户尚欠电费 ¥128.50，结清后才能办理")
    assert R.ARREARS not in codes("rename", shop(arrears_fen=12_850), {"new_name": "乙"})


def test_a_type_not_for_the_customer_kind() -> None:
    assert reasons("pause", HOME, PAUSE) == [(R.KIND, "暂停不适用于居民生活客户")]
    found = reasons(
        "lv_new",
        None,
        {"customer_kind": CustomerKind.RESIDENTIAL, "capacity_kva": 8, "voltage_level": "220V"},
    )
    assert found == [(R.KIND, "低压非居民新装不适用于居民生活客户")]


def test_a_change_needs_a_customer_and_a_closed_one_takes_none() -> None:
    assert reasons("rename", None, {"new_name": "乙"}) == [(R.NO_CUSTOMER, "更名须先选择客户")]
    assert (R.CLOSED, "客户已销户，不能办理更名") in reasons(
        "rename", shop(status=CustomerStatus.CLOSED), {"new_name": "乙"}
    )


def test_a_customer_closing_his_account_cannot_start_another_change() -> None:
    closing = shop(open_applications=("close",))
    assert reasons("rename", closing, {"new_name": "乙"}) == [
        (R.CLOSING, "客户正在办理销户，不能再办理其他业务")
    ]
    assert codes("close", closing, {"close_date": TODAY}) == [R.CLOSING]
    # and a 销户 waits for the customer's other applications
    assert reasons("close", shop(open_applications=("meter_test",)), {"close_date": TODAY}) == [
        (R.CLOSING, "客户还有未办结的计量装置校验申请，须先办结或撤销")
    ]


def test_one_open_application_of_a_type_at_a_time() -> None:
    assert reasons("rename", shop(open_applications=("rename",)), {"new_name": "乙"}) == [
        (R.DUPLICATE, "客户已有一笔未办结的更名申请")
    ]


def test_dates_in_the_past_or_out_of_order() -> None:
    found = reasons("pause", SHOP, {"pause_from": D(2026, 3, 1), "pause_to": D(2026, 2, 1)})
    assert (R.DATE_PAST, "暂停开始日期不能早于今天（2026-03-02）") in found
    assert (R.DATE_ORDER, "暂停结束日期应晚于暂停开始日期") in found
    assert codes(
        "temporary",
        None,
        {
            "customer_kind": CustomerKind.GENERAL_CI,
            "capacity_kva": 50,
            "voltage_level": "380V",
            "use_from": D(2026, 4, 1),
            "use_to": D(2026, 4, 1),
        },
    ) == [R.DATE_ORDER]


@pytest.mark.parametrize(
    ("code", "values", "ok"),
    [
        ("res_new", {"capacity_kva": 10, "voltage_level": "220V"}, True),
        ("res_new", {"capacity_kva": 11, "voltage_level": "220V"}, False),
        (
            "lv_new",
            {"customer_kind": CustomerKind.GENERAL_CI, "capacity_kva": 100, "voltage_level": "380V"},
            True,
        ),
        (
            "lv_new",
            {"customer_kind": CustomerKind.GENERAL_CI, "capacity_kva": 160, "voltage_level": "380V"},
            False,
        ),
        (
            "hv_new",
            {"customer_kind": CustomerKind.GENERAL_CI, "capacity_kva": 30, "voltage_level": "10kV"},
            False,
        ),
        (
            "hv_new",
            {"customer_kind": CustomerKind.GENERAL_CI, "capacity_kva": 20_000, "voltage_level": "10kV"},
            False,
        ),
        (
            "hv_new",
            {"customer_kind": CustomerKind.GENERAL_CI, "capacity_kva": 20_000, "voltage_level": "35kV"},
            True,
        ),
    ],
)
def test_capacity_must_suit_the_voltage(code: str, values: dict[str, Any], ok: bool) -> None:
    assert (codes(code, None, values) == []) is ok
    if not ok:
        assert "供电的容量应在" in reasons(code, None, values)[0][1]


def test_capacity_range_of_an_increase_uses_the_customers_voltage_and_is_configurable() -> None:
    assert reasons(
        "capacity_increase", shop(voltage_level="380V", capacity_kva=80), {"new_capacity_kva": 120}
    ) == [(R.CAPACITY_RANGE, "交流380V供电的容量应在 1–100 kVA 之间")]
    rules = ApplicationRules(capacity_ranges={"380V": (1, 200)})
    assert (
        codes(
            "capacity_increase", shop(voltage_level="380V", capacity_kva=80), {"new_capacity_kva": 120}, rules
        )
        == []
    )


def test_an_increase_goes_up_and_a_reduction_goes_down() -> None:
    assert reasons("capacity_increase", SHOP, {"new_capacity_kva": 400}) == [
        (R.CAPACITY_UP, "增容后容量应大于现有容量 400 kVA")
    ]
    assert codes("capacity_reduction", SHOP, {**REDUCE, "new_capacity_kva": 500}) == [R.CAPACITY_DOWN]


@pytest.mark.parametrize(
    ("reduce_to", "ok"),
    [
        (D(2026, 9, 9), False),  # under 6 months
        (D(2026, 9, 10), True),  # exactly 6 months
        (D(2028, 3, 10), True),  # exactly 2 years
        (D(2028, 3, 11), False),  # over 2 years
    ],
)
def test_a_reduction_lasts_six_months_to_two_years(reduce_to: dt.date, ok: bool) -> None:
    found = reasons("capacity_reduction", SHOP, {**REDUCE, "reduce_to": reduce_to})
    assert (found == []) is ok
    if not ok:
        assert found == [
            (R.REDUCTION_TERM, "减容期限应为 6 个月到 24 个月（结束日期 2026-09-10–2028-03-10）")
        ]


@pytest.mark.parametrize("code", ["pause", "capacity_reduction"])
def test_no_reduction_or_pause_within_two_years_of_a_capacity_change(code: str) -> None:
    values = PAUSE if code == "pause" else REDUCE
    locked = shop(last_capacity_change=D(2024, 3, 11))
    found = reasons(code, locked, values)
    assert [c for c, _ in found] == [R.CAPACITY_LOCK]
    assert "24 个月内不能办理" in found[0][1] and "2026-03-11 起可以办理" in found[0][1]
    assert codes(code, shop(last_capacity_change=D(2024, 3, 10)), values) == []


def test_pause_needs_five_days_notice() -> None:
    assert reasons("pause", SHOP, {"pause_from": D(2026, 3, 6), "pause_to": D(2026, 4, 10)}) == [
        (R.PAUSE_NOTICE, "暂停应提前 5 天申请，最早从 2026-03-07 开始")
    ]
    assert codes("pause", SHOP, {"pause_from": D(2026, 3, 7), "pause_to": D(2026, 4, 10)}) == []


def test_each_pause_lasts_at_least_fifteen_days() -> None:
    assert reasons("pause", SHOP, {"pause_from": D(2026, 3, 10), "pause_to": D(2026, 3, 23)}) == [
        (R.PAUSE_SHORT, "每次暂停不得少于 15 天（本次 14 天）")
    ]
    assert codes("pause", SHOP, {"pause_from": D(2026, 3, 10), "pause_to": D(2026, 3, 24)}) == []


def test_at_most_two_pauses_a_calendar_year() -> None:
    two = shop(pauses=(DateSpan(D(2026, 1, 5), D(2026, 1, 25)), DateSpan(D(2025, 12, 1), D(2026, 1, 2))))
    assert reasons("pause", two, PAUSE) == [(R.PAUSE_COUNT, "2026 年已暂停 2 次，每年最多 2 次")]
    # a pause of last year only does not count
    assert codes("pause", shop(pauses=(DateSpan(D(2025, 1, 5), D(2025, 2, 25)),) * 2), PAUSE) == []


def test_at_most_six_months_of_pause_a_calendar_year() -> None:
    long = shop(pauses=(DateSpan(D(2026, 1, 1), D(2026, 2, 28)),))  # 59 days
    values = {"pause_from": D(2026, 3, 10), "pause_to": D(2026, 7, 10)}  # 123 days
    assert codes("pause", long, values) == []  # 182 days in all
    values["pause_to"] = D(2026, 7, 12)  # 125 days: 184 in all
    assert reasons("pause", long, values) == [
        (R.PAUSE_TOTAL, "2026 年暂停累计将达 184 天，超过每年 183 天（六个月）")
    ]


def test_pause_rules_are_configurable() -> None:
    rules = ApplicationRules(pause_notice_days=0, pause_min_days=30, pause_max_per_year=1)
    one = shop(pauses=(DateSpan(D(2026, 1, 5), D(2026, 1, 25)),))
    assert codes("pause", one, {"pause_from": TODAY, "pause_to": D(2026, 3, 20)}, rules) == [
        R.PAUSE_SHORT,
        R.PAUSE_COUNT,
    ]


def test_resumptions_need_something_to_resume() -> None:
    assert reasons("pause_resume", SHOP, {"resume_date": TODAY}) == [
        (R.NOT_PAUSED, "客户不在暂停状态，无需恢复")
    ]
    assert codes("pause_resume", shop(status=CustomerStatus.SUSPENDED), {"resume_date": TODAY}) == []
    assert reasons("reduction_resume", SHOP, {"resume_date": TODAY}) == [
        (R.NOT_REDUCED, "客户没有正在执行的减容，无需恢复")
    ]
    assert codes("reduction_resume", shop(reduced_from_kva=630), {"resume_date": TODAY}) == []
    assert reasons("pause", shop(status=CustomerStatus.SUSPENDED), PAUSE) == [
        (R.ALREADY_PAUSED, "客户已处于暂停状态")
    ]


def test_a_rename_or_tariff_change_must_change_something() -> None:
    assert reasons("rename", SHOP, {"new_name": " 甲公司 "}) == [(R.SAME_NAME, "新户名与现户名相同")]
    assert reasons("tariff_change", SHOP, {"new_tariff": "GCI-FLAT"}) == [
        (R.SAME_TARIFF, "新电价与现行电价相同")
    ]


def test_every_reason_comes_at_once() -> None:
    customer = shop(
        kind=CustomerKind.RESIDENTIAL,
        status=CustomerStatus.SUSPENDED,
        arrears_fen=100,
        open_applications=("close", "pause"),
        last_capacity_change=D(2025, 6, 1),
        pauses=(DateSpan(D(2026, 1, 1), D(2026, 1, 20)), DateSpan(D(2026, 2, 1), D(2026, 2, 20))),
    )
    found = codes("pause", customer, {"pause_from": D(2026, 3, 1), "pause_to": D(2026, 3, 5)})
    assert set(found) == {
        R.DATE_PAST,
        R.KIND,
        R.CLOSING,
        R.DUPLICATE,
        R.CAPACITY_LOCK,
        R.ALREADY_PAUSED,
        R.PAUSE_SHORT,
        R.PAUSE_COUNT,
    }
    with pytest.raises(PreconditionsNotMet) as err:
        require_preconditions(
            CATALOGUE.get("transfer"),
            CATALOGUE,
            shop(arrears_fen=100, status=CustomerStatus.CLOSED),
            {},
            TODAY,
        )
    assert [r.code for r in err.value.reasons] == [R.CLOSED, R.ARREARS]
    assert str(err.value) == "客户已销户，不能办理过户；客户尚欠电费 ¥1.00，结清后才能办理过户"
    assert [p.template for p in err.value.message.parts] == [  # type: ignore[attr-defined]
        "客户已销户，不能办理{type}",
        "客户尚欠电费 {amount}，结清后才能办理{type}",
    ]


def test_months_are_calendar_months() -> None:
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2024, 2, 29), 24) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_the_rules_are_configuration_typed_in_by_an_administrator() -> None:
    rules = parse_application_rules({"pause_notice_days": "3", "capacity_ranges": {"380V": [1, 160]}})
    assert rules.pause_notice_days == 3 and rules.capacity_ranges == {"380V": (1, 160)}
    assert rules.pause_min_days == ApplicationRules().pause_min_days
    assert parse_application_rules(ApplicationRules().to_data()) == ApplicationRules()
    with pytest.raises(ValidationErrors) as err:
        parse_application_rules(
            {"pause_max_per_year": "0", "reduction_min_months": "六", "capacity_ranges": {"380V": [100, 1]}}
        )
    assert err.value.by_field() == {
        "pause_max_per_year": "每年暂停最多次数应为 1 到 12 之间的整数",
        "reduction_min_months": "减容最短月数应为 1 到 120 之间的整数",
        "capacity_ranges": "交流380V的容量范围应为 1 到 2000000 kVA 之间、下限不大于上限的两个整数",
    }
    with pytest.raises(ValidationErrors) as err:
        parse_application_rules({"reduction_min_months": 30})
    assert err.value.by_field() == {"reduction_max_months": "减容最长月数不能少于最短月数"}
    with pytest.raises(KeyError):
        parse_application_rules({"pause_for_fun": 1})
