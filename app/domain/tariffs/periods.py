"""Time-of-use periods of a day: time bands, a season's day schedule, and the cover check.

A :class:`TimeBand` is minutes [start, end) of one period (22:00–08:00 wraps past midnight); a
:class:`DaySchedule` is the bands of a day in a set of months, covering 00:00–24:00 exactly.
:func:`check_cover` and :func:`band_overlaps` are the rules a table of bands must keep, shared by
the tariff loader and the editor's table-by-table checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.messages import Message
from app.domain.tariffs.parsing import (
    as_mapping,
    as_sequence,
    hhmm,
    parse_int,
    parse_minutes,
    parse_text,
    path_error,
)
from app.domain.tariffs.terms import MINUTES_PER_DAY, PERIODS


@dataclass(frozen=True)
class TimeBand:
    """Minutes [start, end) of a day belong to ``period``.

    ``start`` is 0..1439, ``end`` 1..1440 (24:00). ``end <= start`` wraps past midnight, so
    22:00–08:00 is one band.
    """

    start: int
    end: int
    period: str

    def pieces(self) -> list[tuple[int, int]]:
        if self.end > self.start:
            return [(self.start, self.end)]
        return [(self.start, MINUTES_PER_DAY), (0, self.end)]

    def contains(self, minute: int) -> bool:
        return any(lo <= minute < hi for lo, hi in self.pieces())

    def describe(self) -> str:
        return f"{hhmm(self.start)}–{hhmm(self.end)}"

    @classmethod
    def from_dict(cls, data: object, path: str) -> TimeBand:
        data = as_mapping(data, path)
        start = parse_minutes(data.get("from"), f"{path}.from")
        end = parse_minutes(data.get("to"), f"{path}.to") or MINUTES_PER_DAY  # "00:00" as an end is 24:00
        if start == MINUTES_PER_DAY:
            raise path_error(f"{path}.from", Message("起始时间不能是 24:00"))
        if start == end:
            raise path_error(f"{path}.to", Message("起止时间相同"), path)
        period = data.get("period")
        if period not in PERIODS:
            raise path_error(f"{path}.period", Message("未知时段 {period}（应为 {periods}）", period=repr(period),
                                                periods="/".join(PERIODS)))
        return cls(start, end, str(period))

    def to_dict(self) -> dict[str, str]:
        return {"from": hhmm(self.start), "to": hhmm(self.end), "period": self.period}


def check_cover(bands: Sequence[TimeBand], path: str, *, whole_day: bool) -> None:
    pieces = sorted((lo, hi) for band in bands for lo, hi in band.pieces())
    cursor = 0
    for lo, hi in pieces:
        if lo < cursor:
            raise path_error(path, Message("时段在 {time} 处重叠", time=hhmm(lo)))
        if whole_day and lo > cursor:
            raise path_error(path, Message("{start}–{end} 没有划分时段", start=hhmm(cursor), end=hhmm(lo)))
        cursor = hi
    if whole_day and cursor != MINUTES_PER_DAY:
        raise path_error(path, Message("{start}–{end} 没有划分时段", start=hhmm(cursor), end="24:00"))


@dataclass(frozen=True)
class DaySchedule:
    """The periods of a day (they cover 00:00–24:00 exactly) in the listed months."""

    name: str
    months: tuple[int, ...]
    bands: tuple[TimeBand, ...]

    @classmethod
    def from_dict(cls, data: object, path: str) -> DaySchedule:
        data = as_mapping(data, path)
        name = parse_text(data, "name", path, required=False) or path
        months = tuple(parse_int(m, f"{path}.months") for m in as_sequence(data.get("months"), f"{path}.months"))
        if not months or any(not 1 <= m <= 12 for m in months) or len(set(months)) != len(months):
            raise path_error(f"{path}.months", Message("月份应为 1–12 且不重复"))
        raw_bands = as_sequence(data.get("periods"), f"{path}.periods")
        bands = tuple(TimeBand.from_dict(b, f"{path}.periods[{i}]") for i, b in enumerate(raw_bands))
        check_cover(bands, f"{path}.periods", whole_day=True)
        return cls(name, months, bands)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "months": list(self.months), "periods": [b.to_dict() for b in self.bands]}


def band_overlaps(bands: Sequence[TimeBand]) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of bands that share at least one minute (wrap-around bands
    included): which rows of a table :func:`check_cover` refused for overlapping."""
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(bands):
        for j in range(i + 1, len(bands)):
            if any(lo < hi2 and lo2 < hi for lo, hi in a.pieces() for lo2, hi2 in bands[j].pieces()):
                pairs.append((i, j))
    return pairs
