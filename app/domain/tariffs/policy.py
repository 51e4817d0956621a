"""The national price guidance a tariff version is checked against: warnings, never errors.

Published tariffs sometimes differ from the guidance (a province may use 4:1), so the admin
screen shows :func:`tariff_warnings` before saving and lets the administrator go on.
"""

from __future__ import annotations

from decimal import Decimal

from app.domain.codes import CustomerKind, TariffKind
from app.domain.messages import Message
from app.domain.money import round_half_up
from app.domain.tariffs.tariff import Tariff

#: 1093号: the peak:valley ratio should be at least 3:1 (4:1 where the load gap is large).
MIN_PEAK_VALLEY_RATIO = Decimal(3)
#: 1093号: the critical-peak price is at least 20% above the peak price.
MIN_CRITICAL_PEAK_FACTOR = Decimal("1.2")
#: 2617号: tier 2 at least ¥0.05/kWh above tier 1; tier 3 about ¥0.30 above tier 1.
MIN_TIER2_MARKUP = Decimal("0.05")
TIER3_MARKUP = Decimal("0.30")


def tariff_warnings(tariff: Tariff) -> list[str]:
    """Policy checks an admin should see before saving a version — warnings, not errors.

    Published tariffs sometimes differ from the national guidance (a province may use 4:1),
    so these never block: 2617号 tier markups (tier 2 ≥ tier 1 + ¥0.05, tier 3 ≈ tier 1 +
    ¥0.30), and for tariffs of commercial & industrial customers (the scope of 1093号)
    peak:valley ≥ 3:1 and critical peak ≥ peak × 1.2.
    """
    warnings: list[str] = []
    ladder = tariff.tiers if tariff.kind == TariffKind.TIERED else tariff.tier_markups
    if ladder is not None and len(ladder.bands) >= 2:
        base = ladder.bands[0].price
        tier2 = ladder.bands[1].price - base
        if tier2 < MIN_TIER2_MARKUP:
            warnings.append(
                Message("第二档比第一档只高 {markup} 元/kWh，低于 {minimum} 元（发改价格〔2011〕2617号）",
                        markup=tier2, minimum=MIN_TIER2_MARKUP)
            )
        if len(ladder.bands) >= 3:
            tier3 = ladder.bands[2].price - base
            if tier3 < tier2:
                warnings.append(Message("第三档电价低于第二档"))
            elif abs(tier3 - TIER3_MARKUP) > MIN_TIER2_MARKUP:
                warnings.append(Message("第三档比第一档高 {markup} 元/kWh，与约 {standard} 元的标准相差较大",
                                        markup=tier3, standard=TIER3_MARKUP))
    if tariff.kind == TariffKind.TOU:
        prices = tariff.prices
        commercial = not tariff.customer_kinds or any(k != CustomerKind.RESIDENTIAL for k in tariff.customer_kinds)
        peak, valley, critical = prices.get("peak"), prices.get("valley"), prices.get("critical_peak")
        if (
            commercial
            and peak is not None
            and valley is not None
            and valley > 0
            and peak / valley < MIN_PEAK_VALLEY_RATIO
        ):
            ratio = round_half_up(peak / valley, Decimal("0.01"))
            warnings.append(Message("峰谷价差比 {ratio}:1 低于 {minimum}:1（发改价格〔2021〕1093号）", ratio=ratio,
                                    minimum=MIN_PEAK_VALLEY_RATIO))
        if (
            commercial
            and critical is not None
            and peak is not None
            and critical < peak * MIN_CRITICAL_PEAK_FACTOR
        ):
            warnings.append(
                Message("尖峰电价 {critical} 低于峰段电价的 {factor} 倍（{minimum}）", critical=critical,
                        factor=MIN_CRITICAL_PEAK_FACTOR, minimum=peak * MIN_CRITICAL_PEAK_FACTOR)
            )
        if "deep_valley" in prices and valley is not None and prices["deep_valley"] > valley:
            warnings.append(Message("深谷电价高于谷段电价"))
    return warnings
