"""Cashier session arithmetic (收费班次): the drawer count and the close.

A session opens with a float (备用金) in the drawer. At close the cashier counts the drawer by
denomination (点钞); the system expects ``float + net cash taken`` (cash received minus change
given minus cash refunded by reversals in the session), and the difference is over (长款,
positive) or short (短款, negative). Non-cash tenders are reported per kind for reconciliation
with the bank / payment platform statements; they do not affect the drawer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.allocation import TENDER_KINDS
from app.domain.codes import TenderKind
from app.domain.errors import Message, ValidationError, term
from app.domain.money import ensure_fen, format_yuan

__all__ = ["DENOMINATIONS", "CloseResult", "Denomination", "close_session", "count_total"]


@dataclass(frozen=True)
class Denomination:
    label: str
    fen: int
    form: str  # "note" (纸币) or "coin" (硬币)


#: RMB in circulation at a counter, largest first (the order of the count form).
DENOMINATIONS: dict[str, Denomination] = {
    "note_100": Denomination(term("100元"), 10000, "note"),
    "note_50": Denomination(term("50元"), 5000, "note"),
    "note_20": Denomination(term("20元"), 2000, "note"),
    "note_10": Denomination(term("10元"), 1000, "note"),
    "note_5": Denomination(term("5元"), 500, "note"),
    "note_1": Denomination(term("1元"), 100, "note"),
    "coin_1": Denomination(term("1元硬币"), 100, "coin"),
    "coin_5_jiao": Denomination(term("5角硬币"), 50, "coin"),
    "coin_1_jiao": Denomination(term("1角硬币"), 10, "coin"),
    # 分 coins are still legal tender and a fen amount paid in cash lands in the drawer as them:
    # without these rows a day whose cash ends in fen could never balance.
    "coin_5_fen": Denomination(term("5分硬币"), 5, "coin"),
    "coin_2_fen": Denomination(term("2分硬币"), 2, "coin"),
    "coin_1_fen": Denomination(term("1分硬币"), 1, "coin"),
}

#: A drawer count beyond this many pieces of one denomination is a typing error, not cash.
MAX_PIECES = 100_000


def count_total(counts: Mapping[str, int]) -> int:
    """Total fen of a denomination count ``{"note_100": 12, "coin_1_jiao": 3, …}``.

    Missing denominations count as zero; unknown codes, negative or absurd counts are refused
    with a ValidationError on the denomination's code (the form marks that row).
    """
    total = 0
    for code, pieces in counts.items():
        if code not in DENOMINATIONS:
            raise ValidationError(code, "未知面额：{code}", code=code)
        if isinstance(pieces, bool) or not isinstance(pieces, int):
            raise TypeError(f"count of {code} must be an int, got {type(pieces).__name__}")
        label = DENOMINATIONS[code].label
        if pieces < 0:
            raise ValidationError(code, "{label}的张（枚）数不能为负数", label=label)
        if pieces > MAX_PIECES:
            raise ValidationError(code, "{label}的张（枚）数过大，请检查", label=label)
        total += pieces * DENOMINATIONS[code].fen
    return total


@dataclass(frozen=True)
class CloseResult:
    expected_cash_fen: int  # float + net cash taken
    counted_cash_fen: int
    over_short_fen: int  # counted − expected: > 0 长款 (over), < 0 短款 (short)
    by_tender: dict[str, int]  # every tender kind, net, in TENDER_KINDS order
    total_taken_fen: int  # sum of by_tender

    @property
    def status(self) -> str:
        if self.over_short_fen > 0:
            return Message("长款 {amount}", amount=format_yuan(self.over_short_fen))
        if self.over_short_fen < 0:
            return Message("短款 {amount}", amount=format_yuan(-self.over_short_fen))
        return Message("账实相符")


def close_session(float_fen: int, tender_totals: Mapping[str, int], counted_cash_fen: int) -> CloseResult:
    """Reconcile a session at close.

    ``tender_totals`` are the session's net takings per tender kind (``cash`` net of change
    and of cash reversals, see :func:`app.domain.allocation.net_by_tender`); a net total may be
    negative when refunds exceed takings. ``counted_cash_fen`` is the drawer count, float
    included (:func:`count_total`).
    """
    ensure_fen(float_fen, "float_fen")
    ensure_fen(counted_cash_fen, "counted_cash_fen")
    if float_fen < 0:
        raise ValidationError("float_fen", "备用金不能为负数")
    if counted_cash_fen < 0:
        raise ValidationError("counted_cash_fen", "清点现金不能为负数")
    by_tender = dict.fromkeys(TENDER_KINDS, 0)
    for kind, amount in tender_totals.items():
        if kind not in TENDER_KINDS:
            raise ValidationError("tender_totals", "未知收款方式：{kind}", kind=kind)
        by_tender[kind] = ensure_fen(amount, f"tender_totals[{kind}]")
    expected = float_fen + by_tender[TenderKind.CASH]
    return CloseResult(
        expected_cash_fen=expected,
        counted_cash_fen=counted_cash_fen,
        over_short_fen=counted_cash_fen - expected,
        by_tender=by_tender,
        total_taken_fen=sum(by_tender.values()),
    )
