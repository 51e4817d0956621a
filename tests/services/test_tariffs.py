"""Tariff catalogue service (电价目录), docs/rules.md#tariffs: tariffs are data, versioned with effective
dates; an admin adds versions, never edits old ones. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import delete, func, select

from app.domain.errors import NotFound, PermissionDenied, ValidationErrors
from app.services import tariffs
from db.models import Operation, TariffVersion

D = dt.date


def _ops(db, op_type: str) -> list[Operation]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.scalars(select(Operation).where(Operation.op_type == op_type).order_by(Operation.seq)))


def _op_count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Operation)) or 0


def _res_tier(admin, db) -> dict:  # type: ignore[no-untyped-def]
    row = tariffs.tariff_on(db, "RES-TIER", D(2025, 1, 1))
    return copy.deepcopy(row.data)


# ---- the shipped catalogue -------------------------------------------------------------------


def test_a_fresh_database_has_the_default_catalogue(db, admin):
    rows = tariffs.list_tariffs(db, admin)
    codes = {r.code for r in rows}
    assert {"RES-TIER", "RES-TOU", "GCI-FLAT", "GCI-TOU", "LI-TOU", "AGR-FLAT", "PUB-FLAT"} <= codes
    res = next(r for r in rows if r.code == "RES-TIER")
    # Zhejiang's published residential ladder (docs/rules.md#tiered-tariff): ≤2760 ¥0.538, ≤4800 ¥0.588, above ¥0.838.
    assert res.data["tiers"] == {"basis": "annual", "bands": [
        {"upto_kwh": "2760", "price": "0.538"}, {"upto_kwh": "4800", "price": "0.588"},
        {"upto_kwh": None, "price": "0.838"}]}
    assert res.kind == "tiered" and res.effective_to is None
    # One operation records the load (setup runs it in its own unit of work).
    (op,) = _ops(db, "LoadTariffCatalogue")
    assert len(json.loads(op.payload)["versions"]) == len(rows)


def test_an_older_database_gets_the_catalogue_lazily(db, admin, clerk):
    with db.write() as s:
        s.execute(delete(TariffVersion))
    assert tariffs.tariff_on(db, "GCI-FLAT", D(2025, 6, 1)).data["price"] == "0.6644"
    assert len(tariffs.list_tariffs(db, clerk)) == 7
    assert len(_ops(db, "LoadTariffCatalogue")) == 2
    assert tariffs.ensure_default_catalogue(db, admin) == 0  # not twice


def test_the_lazy_load_ends_the_service_session_it_opened(db):  # type: ignore[no-untyped-def]
    """tariff_on has no user at hand: it signs the load as the node's admin in a service
    session, which must not stay open after the load."""
    from db.models import UserSession

    def sessions() -> tuple[int, int]:
        with db.read() as s:
            rows = list(s.scalars(select(UserSession).where(UserSession.purpose == "service")))
        return len(rows), sum(r.ended_at is None for r in rows)

    with db.write() as s:
        s.execute(delete(TariffVersion))
    total, still_open = sessions()
    assert tariffs.tariff_on(db, "GCI-FLAT", D(2025, 6, 1)).data["price"] == "0.6644"
    assert sessions() == (total + 1, still_open)  # one more service session, already ended


def test_everyone_may_read_tariffs(db, clerk, supervisor):
    assert tariffs.list_tariffs(db, clerk)
    row = tariffs.list_tariffs(db, supervisor)[0]
    assert tariffs.get_tariff_version(db, clerk, row.id).code == row.code
    with pytest.raises(NotFound):
        tariffs.get_tariff_version(db, clerk, uuid.uuid4())


def test_no_version_in_force_is_a_clear_not_found(db):
    with pytest.raises(NotFound, match="没有生效的版本"):
        tariffs.tariff_on(db, "GCI-FLAT", D(2023, 12, 31))  # the catalogue's version starts 2024-01-01
    with pytest.raises(NotFound):
        tariffs.tariff_on(db, "NO-SUCH", D(2025, 1, 1))


# ---- versions --------------------------------------------------------------------------------


def test_a_new_version_supersedes_the_old_one_from_its_start_date(db, admin):
    data = _res_tier(admin, db)
    data["effective_from"] = "2026-01-01"
    data["tiers"]["bands"][0]["price"] = "0.548"
    data["tiers"]["bands"][1]["price"] = "0.598"
    data["tiers"]["bands"][2]["price"] = "0.848"
    saved = tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion(data))
    assert saved.effective_from == D(2026, 1, 1) and saved.created_by == "admin"
    assert tariffs.tariff_on(db, "RES-TIER", D(2025, 12, 31)).data["tiers"]["bands"][0]["price"] == "0.538"
    assert tariffs.tariff_on(db, "RES-TIER", D(2026, 1, 1)).data["tiers"]["bands"][0]["price"] == "0.548"
    versions = [r for r in tariffs.list_tariffs(db, admin) if r.code == "RES-TIER"]
    assert [v.effective_from for v in versions] == [D(2026, 1, 1), D(2012, 7, 1)]  # newest first
    # The old version is not edited; its end is shown as the day before its successor.
    assert versions[1].effective_to == D(2025, 12, 31)
    with db.read() as s:
        old = s.scalar(select(TariffVersion).where(TariffVersion.code == "RES-TIER",
                                                   TariffVersion.effective_from == D(2012, 7, 1)))
        assert old.effective_to is None and json.loads(old.data)["tiers"]["bands"][0]["price"] == "0.538"


def test_saving_writes_one_add_tariff_version_operation(db, admin):
    before = _op_count(db)
    data = _res_tier(admin, db)
    data["effective_from"] = "2027-01-01"
    saved = tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion(data))
    assert _op_count(db) == before + 1
    (op,) = _ops(db, "AddTariffVersion")
    assert op.entity_id == saved.id and json.loads(op.payload)["effective_from"] == "2027-01-01"


def test_a_brand_new_tariff_code(db, admin):
    data = {"code": "ev-charge", "name": "电动汽车充电设施单一制电价", "kind": "flat",
            "effective_from": "2025-01-01", "customer_kinds": ["general_ci"], "price": "0.6200"}
    saved = tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion(data))
    assert saved.code == "EV-CHARGE"  # codes are upper case, like customers' tariff codes
    assert tariffs.tariff_on(db, "EV-CHARGE", D(2025, 5, 1)).data["price"] == "0.6200"


@pytest.mark.parametrize("role", ["clerk", "supervisor"])
def test_only_an_admin_manages_tariffs(db, request, role):
    actor = request.getfixturevalue(role)
    data = _res_tier(actor, db)
    data["effective_from"] = "2026-01-01"
    before = _op_count(db)
    with pytest.raises(PermissionDenied):
        tariffs.save_tariff_version(db, actor, tariffs.SaveTariffVersion(data))
    assert _op_count(db) == before


def test_old_versions_are_never_edited(db, admin):
    data = _res_tier(admin, db)  # same code, same effective_from as the stored version
    data["tiers"]["bands"][0]["price"] = "0.500"
    with pytest.raises(ValidationErrors) as exc:
        tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion(data))
    assert "已有版本不能修改" in exc.value.by_field()["effective_from"]
    data["effective_from"] = "2011-01-01"  # back-dated before the latest version: history is not rewritten
    with pytest.raises(ValidationErrors) as exc:
        tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion(data))
    assert "须晚于 2012-07-01" in exc.value.by_field()["effective_from"]


BAD = [
    ("negative_price", lambda d: d["tiers"]["bands"][0].update(price="-0.1"), "不能为负数"),
    ("not_a_number", lambda d: d["tiers"]["bands"][1].update(price="abc"), "不是有效的数字"),
    ("float_price", lambda d: d["tiers"]["bands"][0].update(price=0.538), "数值请以文本给出"),
    ("unknown_kind", lambda d: d.update(kind="stepped"), "电价类型应为"),
    ("bands_not_rising", lambda d: d["tiers"]["bands"][1].update(upto_kwh="2000"), "逐档递增"),
    ("bad_date", lambda d: d.update(effective_from="2026/13/01"), "日期格式应为"),
    ("empty_code", lambda d: d.update(code=" "), "电价代码不能为空"),
    ("code_too_long", lambda d: d.update(code="X" * 21), "不超过20位"),
    ("unknown_field", lambda d: d.update(price="0.5"), "不支持字段"),
]


@pytest.mark.parametrize(("case", "change", "message"), BAD, ids=[b[0] for b in BAD])
def test_invalid_tariff_data_is_rejected_with_a_message(db, admin, case, change, message):
    data = _res_tier(admin, db)
    data["effective_from"] = "2026-01-01"
    change(data)
    before = _op_count(db)
    with pytest.raises(ValidationErrors) as exc:
        tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion(data))
    assert message in exc.value.message
    assert exc.value.errors[0].field  # the form can mark the field
    assert _op_count(db) == before


def test_policy_warnings_do_not_block(db, admin):
    # 2617号: tier 2 should be at least ¥0.05 above tier 1 — a warning, not an error.
    data = _res_tier(admin, db)
    data["effective_from"] = "2026-01-01"
    data["tiers"]["bands"][1]["price"] = "0.560"
    saved = tariffs.save_tariff_version(db, admin, tariffs.SaveTariffVersion(data))
    assert any("第二档" in w for w in saved.warnings)


# ---- the holiday calendar and a TOU day (法定节假日; docs/rules.md#time-of-use) -------


def test_holidays_of_a_year_and_of_a_range():
    off_2026 = tariffs.holidays(2026)
    assert D(2026, 10, 1) in off_2026 and D(2026, 10, 7) in off_2026
    assert D(2026, 10, 10) not in off_2026  # 调休上班 is a working day
    assert D(2025, 10, 8) not in off_2026  # another year
    both = tariffs.holidays(range(2025, 2027))
    assert both == tariffs.holidays(2025) | off_2026 and D(2025, 10, 8) in both
    assert tariffs.holidays(2026, statutory_only=True) < off_2026
    assert len(tariffs.holidays([2025], statutory_only=True)) == 13
    assert tariffs.holiday_years() == (2025, 2026)


def test_a_year_without_a_published_notice_is_not_found():
    with pytest.raises(NotFound, match="2027 年的法定节假日安排尚未收录"):
        tariffs.holidays(2027)
    with pytest.raises(NotFound):
        tariffs.holidays(range(2026, 2028))


def test_tariff_day_shows_the_holiday_override_and_the_seasons(db, admin):
    gci = tariffs.tariff_on(db, "GCI-TOU", D(2026, 10, 1))
    holiday = tariffs.tariff_day(gci.data, D(2026, 10, 1))
    assert (holiday.holiday, holiday.statutory, holiday.season) == ("国庆节", True, "其他月份")
    assert [(b.describe(), b.period) for b in holiday.bands][2] == ("11:00–15:00", "deep_valley")
    after = tariffs.tariff_day(gci.data, D(2026, 10, 5))  # a day off, not statutory
    assert after.holiday == "国庆节" and not after.statutory and after.bands == holiday.bands
    workday = tariffs.tariff_day(gci.data, D(2026, 10, 10))  # the make-up Saturday
    assert workday.workday and not workday.holiday
    assert "deep_valley" not in {b.period for b in workday.bands}
    summer = tariffs.tariff_day(gci.data, D(2026, 7, 15))
    assert summer.season == "夏季（7–8月）" and ("15:00–17:00", "critical_peak") in [
        (b.describe(), b.period) for b in summer.bands]
    assert tariffs.tariff_day(gci.data, D(2026, 12, 1)).season == "冬季（1月、12月）"
    unknown = tariffs.tariff_day(gci.data, D(2027, 10, 1))  # no notice yet: no override, and it says so
    assert not unknown.calendar_known and not unknown.holiday
    assert "deep_valley" not in {b.period for b in unknown.bands}
    assert not tariffs.tariff_day(gci.data, D(2023, 6, 1)).in_effect
