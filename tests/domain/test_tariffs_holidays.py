"""The holiday calendar (法定节假日, resources/tariffs/holidays.json) and the time-of-use day it
makes: ``day_bands(tariff, day, holidays)`` on a public holiday, a make-up working day and a
day of each season (docs/rules.md#time-of-use: periods by month and by holiday), and the period
tables checked table by table for the admin screen (``tou_schedule_errors``)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from app.domain.errors import ValidationError
from app.domain.tariffs.catalogue import load_default_catalogue
from app.domain.tariffs.holidays import load_default_holidays, parse_holiday_calendar
from app.domain.tariffs.periods import TimeBand, band_overlaps
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.tou import day_bands
from app.domain.tariffs.tou_checks import tou_schedule_errors

D = dt.date
CALENDAR = load_default_holidays()
GCI_TOU = {t.code: t for t in load_default_catalogue()}["GCI-TOU"]


def bands(day: dt.date) -> list[tuple[str, str]]:
    return [(b.describe(), b.period) for b in day_bands(GCI_TOU, day, CALENDAR.days_off([day.year]))]


# ---- the shipped calendar ----------------------------------------------------------------------


def test_calendar_covers_2025_and_2026_as_the_state_council_published_them() -> None:
    assert CALENDAR.years == (2025, 2026)
    assert "国办发明电〔2024〕12号" in CALENDAR.source and "2026年部分节假日安排" in CALENDAR.source
    # 国务院办公厅关于2026年部分节假日安排的通知: 国庆节 10月1日至7日放假调休，9月20日、10月10日上班.
    national_day = CALENDAR.holiday_on(D(2026, 10, 4))
    assert national_day is not None and national_day.name == "国庆节"
    assert national_day.days_off == tuple(D(2026, 10, d) for d in range(1, 8))
    assert national_day.workdays == (D(2026, 9, 20), D(2026, 10, 10))
    # 春节 2月15日（腊月二十八）至23日（正月初七）, 9 days; 2025: 1月28日（除夕）至2月4日, 8 days.
    spring = CALENDAR.holiday_on(D(2026, 2, 17))
    assert spring is not None and (spring.first, spring.last) == (D(2026, 2, 15), D(2026, 2, 23))
    assert CALENDAR.holiday_on(D(2025, 2, 4)) is not None and CALENDAR.holiday_on(D(2025, 2, 5)) is None
    assert {h.name for h in CALENDAR.holidays if h.first.year == 2026} == {
        "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}
    assert len(CALENDAR.days_off([2025])) == 1 + 8 + 3 + 5 + 3 + 8
    assert len(CALENDAR.days_off([2026])) == 3 + 9 + 3 + 5 + 3 + 3 + 7


def test_statutory_days_are_the_13_of_the_2024_holiday_rules() -> None:
    """《全国年节及纪念日放假办法》(2024 revision, from 2025): 元旦 1, 春节 4 (from 除夕),
    清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3 = 13 days a year."""
    for year in (2025, 2026):
        statutory = CALENDAR.days_off([year], statutory_only=True)
        assert len(statutory) == 13, year
        assert statutory <= CALENDAR.days_off([year])
    assert {D(2026, 2, 16), D(2026, 2, 19), D(2025, 10, 6)} <= CALENDAR.days_off(statutory_only=True)
    assert D(2026, 2, 15) not in CALENDAR.days_off(statutory_only=True)  # 腊月二十八: a day off, not statutory


def test_make_up_working_days_are_not_holidays() -> None:
    off = CALENDAR.days_off()
    for day in (D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11),
                D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)):
        assert day not in off and day in CALENDAR.workdays(), day
        assert day.weekday() >= 5  # 调休: a weekend day worked


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format="x"), "节假日日历格式"),
    (lambda d: d["years"][0]["holidays"][1].update({"from": "2025-01-01", "to": "2025-01-03"}), "放假日期重叠"),
    (lambda d: d["years"][0]["holidays"][1].update({"workdays": ["2025-01-29"]}), "同时是放假日"),
    (lambda d: d["years"][0]["holidays"][1].update({"statutory": ["2025-02-05"]}), "法定假日应在放假期间内"),
    (lambda d: d["years"][0]["holidays"][0].update({"to": "2024-12-31"}), "起止有序"),
    (lambda d: d["years"][1].update(year=2025), "出现了两次"),
])
def test_a_broken_calendar_is_refused(change: Any, message: str) -> None:
    data: dict[str, Any] = {"format": "gridcounter.holidays/1", "years": [
        {"year": 2025, "holidays": [
            {"name": "元旦", "from": "2025-01-01", "to": "2025-01-01", "statutory": ["2025-01-01"]},
            {"name": "春节", "from": "2025-01-28", "to": "2025-02-04", "workdays": ["2025-01-26"]}]},
        {"year": 2026, "holidays": []}]}
    parse_holiday_calendar(copy.deepcopy(data))
    change(data)
    with pytest.raises(ValidationError, match=message):
        parse_holiday_calendar(data)


# ---- day_bands with the calendar -----------------------------------------------------------------


def test_national_day_has_the_holiday_override() -> None:
    """2026-10-01 (国庆节): the other-months table with 11:00–15:00 cut in as 深谷."""
    assert bands(D(2026, 10, 1)) == [
        ("00:00–08:00", "valley"), ("08:00–11:00", "peak"), ("11:00–15:00", "deep_valley"),
        ("15:00–17:00", "flat"), ("17:00–22:00", "peak"), ("22:00–24:00", "valley")]


def test_a_working_day_has_its_months_table() -> None:
    other = [("00:00–08:00", "valley"), ("08:00–11:00", "peak"), ("11:00–13:00", "valley"),
             ("13:00–17:00", "flat"), ("17:00–22:00", "peak"), ("22:00–24:00", "valley")]
    assert bands(D(2026, 10, 9)) == other  # the Friday after the holiday
    assert bands(D(2026, 10, 10)) == other  # 调休上班 Saturday: a working day
    assert bands(D(2026, 10, 11)) == other  # an ordinary Sunday is not a public holiday


def test_each_season_has_its_table() -> None:
    summer = bands(D(2026, 7, 15))
    assert ("15:00–17:00", "critical_peak") in summer and ("19:00–21:00", "critical_peak") in summer
    winter = bands(D(2026, 12, 15))
    assert ("09:00–11:00", "critical_peak") in winter and ("18:00–20:00", "critical_peak") in winter
    assert bands(D(2026, 1, 5)) == winter  # January is winter too
    spring = bands(D(2026, 3, 16))
    assert not any(p == "critical_peak" for _, p in spring)
    assert len({tuple(summer), tuple(winter), tuple(spring)}) == 3


def test_a_winter_holiday_keeps_the_critical_peak_outside_the_override() -> None:
    """元旦 2026-01-01 is in the winter table: 09:00–11:00 尖峰 stays, 11:00–15:00 becomes 深谷."""
    day = bands(D(2026, 1, 1))
    assert ("09:00–11:00", "critical_peak") in day and ("11:00–15:00", "deep_valley") in day
    assert ("13:00–17:00", "flat") not in day and ("15:00–17:00", "flat") in day
    assert bands(D(2026, 1, 5)) != day  # the next Monday: no override


# ---- the period tables, table by table ------------------------------------------------------------


def _tou() -> dict[str, Any]:
    return copy.deepcopy(GCI_TOU.to_dict())


def test_the_shipped_tables_are_fine() -> None:
    for tariff in load_default_catalogue():
        if tariff.kind == "tou":
            assert tou_schedule_errors(tariff.to_dict()) == []


def test_an_overlap_is_reported_on_the_later_row() -> None:
    data = _tou()
    data["schedules"][0]["periods"][1]["to"] = "12:00"  # 08:00–12:00 峰 runs into 11:00–13:00 谷
    (error,) = tou_schedule_errors(data)
    assert error.field == "GCI-TOU.schedules[0].periods[2]"
    assert error.message == "GCI-TOU.schedules[0].periods[2]：11:00–13:00 与第 2 行（08:00–12:00）重叠"
    with pytest.raises(ValidationError, match="重叠"):  # the engine refuses the same data
        Tariff.from_dict(data)


def test_several_tables_are_reported_at_once() -> None:
    data = _tou()
    data["schedules"][0]["periods"][1]["to"] = "10:00"  # a gap in summer
    data["schedules"][1]["months"] = [1, 12, 7]  # July twice
    data["schedules"][2]["periods"][0]["period"] = "critical"  # not a period
    data["holiday_periods"].append({"from": "14:00", "to": "16:00", "period": "deep_valley"})
    data["prices"].pop("flat")
    errors = {e.field: e.message for e in tou_schedule_errors(data)}
    assert errors["GCI-TOU.schedules[0].periods"].endswith("10:00–11:00 没有划分时段")
    assert errors["GCI-TOU.schedules"].endswith("7 月在两个季节中重复")
    assert "未知时段" in errors["GCI-TOU.schedules[2].periods[0].period"]
    assert errors["GCI-TOU.holiday_periods[1]"].endswith("14:00–16:00 与第 1 行（11:00–15:00）重叠")
    assert errors["GCI-TOU.schedules[1].periods[4].period"].endswith("时段表用到了平，但没有它的电价")


def test_missing_months_and_bad_months() -> None:
    data = _tou()
    data["schedules"][2]["months"] = [2, 3, 4, 5, 6, 9, 10]
    assert [e.message for e in tou_schedule_errors(data)] == [
        "GCI-TOU.schedules：时段表应覆盖 1–12 月各一次，缺少 11 月"]
    data["schedules"][2]["months"] = [13]
    assert [e.field for e in tou_schedule_errors(data)] == ["GCI-TOU.schedules[2].months"]


@pytest.mark.parametrize("change", [
    lambda d: d["schedules"][0]["periods"].pop(),
    lambda d: d["schedules"][0]["periods"][0].update({"to": "25:00"}),
    lambda d: d["schedules"][1]["periods"][0].update({"from": "00:30"}),
    lambda d: d["schedules"].pop(),
    lambda d: d["schedules"][2]["months"].append(8),
    lambda d: d["holiday_periods"][0].update({"period": "shoulder"}),
    lambda d: d.update(holiday_periods=[{"from": "11:00", "to": "15:00", "period": "deep_valley"}] * 2),
    lambda d: d["prices"].pop("deep_valley"),
])
def test_the_table_checks_refuse_what_the_engine_refuses(change: Any) -> None:
    data = _tou()
    change(data)
    assert tou_schedule_errors(data)
    with pytest.raises(ValidationError):
        Tariff.from_dict(data)


def test_band_overlaps_include_wrapping_bands() -> None:
    tariff = Tariff.from_dict(_tou())
    assert band_overlaps(tariff.schedules[0].bands) == []
    night = Tariff.from_dict({**_tou(), "schedules": [{"name": "全年", "months": list(range(1, 13)), "periods": [
        {"from": "08:00", "to": "22:00", "period": "peak"}, {"from": "22:00", "to": "08:00", "period": "valley"}]}]})
    bands_ = list(night.schedules[0].bands)
    assert band_overlaps(bands_) == []
    # 07:00–09:00 overlaps the day band at 08:00 and the night band (22:00–08:00) before it.
    assert band_overlaps([*bands_, TimeBand(7 * 60, 9 * 60, "flat")]) == [(0, 2), (1, 2)]
