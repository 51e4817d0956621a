"""The words of the tariff data: kinds, ladder bases, time-of-use periods, tier names.

Every other module of the package speaks these codes (``"tou"``, ``"peak"`` …); the values are
terms the UI translates. Kept apart so the value types, the engine and the checks share one
vocabulary without importing each other.
"""

from __future__ import annotations

from app.domain.codes import TariffKind
from app.domain.messages import term

TARIFF_KINDS: dict[str, str] = {
    TariffKind.TIERED: term("阶梯电价"), TariffKind.TOU: term("峰谷分时电价"), TariffKind.FLAT: term("单一电价"),
}
BASES: dict[str, str] = {"monthly": term("月阶梯"), "annual": term("年阶梯")}
#: Time-of-use periods, most expensive first (the order of bill lines).
PERIODS: dict[str, str] = {
    "critical_peak": term("尖峰"),
    "peak": term("峰"),
    "flat": term("平"),
    "valley": term("谷"),
    "deep_valley": term("深谷"),
}
#: Names of the bands of a ladder (terms: the English UI shows "tier 1"…).
TIER_NAMES = (term("第一档"), term("第二档"), term("第三档"), term("第四档"), term("第五档"))
#: Units of bill lines (terms: kWh stays kWh, kVA·月 is kVA·month in English).
KWH = term("kWh")


#: Minutes of a day: a time band's end may be 24:00.


MINUTES_PER_DAY = 24 * 60
