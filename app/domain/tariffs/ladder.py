"""Ladders (阶梯): the bands of cumulative kWh of a tiered tariff or of a TOU tariff's markups.

A ladder is monthly (the bill's own kWh, thresholds × the months billed) or annual (the
calendar year's cumulative kWh decide the band); :meth:`TierSchedule.split` says how many kWh
of a bill fall in each band, which is all the engine needs of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.domain.messages import Message
from app.domain.money import round_half_up
from app.domain.tariffs.parsing import as_mapping, as_sequence, parse_decimal, path_error
from app.domain.tariffs.terms import BASES, TIER_NAMES


def scaled(kwh: Decimal, scale: Decimal) -> Decimal:
    """``kwh`` × ``scale``; whole kWh (half-up) when the scale is a fraction."""
    value = kwh * scale
    return value if scale == scale.to_integral_value() else round_half_up(value, Decimal(1))


@dataclass(frozen=True)
class TierBand:
    """One band of a ladder: kWh up to ``upto_kwh`` (cumulative, inclusive) cost ``price``.

    ``upto_kwh`` None is the open top band. For a TOU tariff's markup ladder ``price`` is the
    markup (加价) on top of the period price.
    """

    upto_kwh: Decimal | None
    price: Decimal


@dataclass(frozen=True)
class TierSchedule:
    basis: str  # "monthly" | "annual"
    bands: tuple[TierBand, ...]

    @classmethod
    def from_dict(cls, data: object, path: str) -> TierSchedule:
        data = as_mapping(data, path)
        basis = data.get("basis")
        if basis not in BASES:
            raise path_error(f"{path}.basis", Message("阶梯周期应为 monthly（月）或 annual（年）"))
        raw_bands = as_sequence(data.get("bands"), f"{path}.bands")
        bands: list[TierBand] = []
        previous = Decimal(0)
        for i, raw in enumerate(raw_bands):
            bpath = f"{path}.bands[{i}]"
            band = as_mapping(raw, bpath)
            upto_raw = band.get("upto_kwh")
            last = i == len(raw_bands) - 1
            if last:
                if upto_raw is not None:
                    raise path_error(f"{bpath}.upto_kwh", Message("最高一档不应设上限（upto_kwh 为 null）"), bpath)
                upto = None
            else:
                if upto_raw is None:
                    raise path_error(f"{bpath}.upto_kwh", Message("只有最高一档可以不设上限"), bpath)
                upto = parse_decimal(upto_raw, f"{bpath}.upto_kwh")
                if upto <= previous:
                    raise path_error(f"{bpath}.upto_kwh", Message("各档上限应逐档递增"), bpath)
                previous = upto
            bands.append(TierBand(upto, parse_decimal(band.get("price"), f"{bpath}.price")))
        if not bands:
            raise path_error(f"{path}.bands", Message("至少需要一档"), path)
        if len(bands) > len(TIER_NAMES):
            raise path_error(f"{path}.bands", Message("最多 {count} 档", count=len(TIER_NAMES)), path)
        return cls(str(basis), tuple(bands))

    def to_dict(self) -> dict[str, Any]:
        return {
            "basis": self.basis,
            "bands": [
                {"upto_kwh": None if b.upto_kwh is None else str(b.upto_kwh), "price": str(b.price)}
                for b in self.bands
            ],
        }

    def ladder_start(self, year_to_date_kwh: Decimal) -> Decimal:
        """Where a bill starts on the ladder: the year's usage so far (annual) or 0 (monthly)."""
        return year_to_date_kwh if self.basis == "annual" else Decimal(0)

    def split(
        self, start_kwh: Decimal, kwh: Decimal, months: int | Decimal = 1, annual_share: Decimal = Decimal(1)
    ) -> list[Decimal]:
        """kWh of the range (start, start + kwh] falling in each band (one entry per band).

        Monthly thresholds are multiplied by ``months`` (a bill covering two months has twice
        the allowance of each band; a part of a reading period split at a price change, its
        share of the months); annual thresholds by ``annual_share`` (1, or the months of supply
        / 12 in a customer's first year when the version pro-rates it). A threshold scaled by a
        fraction is rounded half-up to whole kWh.
        """
        scale = Decimal(months) if self.basis == "monthly" else annual_share
        end = start_kwh + kwh
        lower = Decimal(0)
        out: list[Decimal] = []
        for band in self.bands:
            upper = None if band.upto_kwh is None else scaled(band.upto_kwh, scale)
            lo = max(start_kwh, lower)
            hi = end if upper is None else min(end, upper)
            out.append(max(hi - lo, Decimal(0)))
            if upper is not None:
                lower = upper
        return out
