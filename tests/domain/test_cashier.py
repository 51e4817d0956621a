"""Cashier session close (docs/rules.md#cashier-sessions): a count per denomination, totals per
tender, over (长款) or short (短款)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.cashier import DENOMINATIONS, close_session, count_total
from app.domain.errors import ValidationError


def test_rule_denominations_100_50_20_10_5_1_yuan_notes_and_coins() -> None:
    notes = [d.fen for d in DENOMINATIONS.values() if d.form == "note"]
    coins = [d.fen for d in DENOMINATIONS.values() if d.form == "coin"]
    assert notes == [10000, 5000, 2000, 1000, 500, 100]
    assert coins == [100, 50, 10, 5, 2, 1]  # 1元, 5角, 1角, 5分, 2分, 1分
    assert [d.label for d in DENOMINATIONS.values()] == [
        "100元", "50元", "20元", "10元", "5元", "1元", "1元硬币", "5角硬币", "1角硬币",
        "5分硬币", "2分硬币", "1分硬币",
    ]  # fmt: skip


def test_fen_coins_let_a_drawer_with_fen_amounts_balance() -> None:
    """Issue 6 item 10: cash of ¥54.34 taken exactly can only be counted with 分 coins."""
    expected = close_session(0, {"cash": 5434}, 0).expected_cash_fen
    counts = {"note_50": 1, "note_1": 4, "coin_1_jiao": 3, "coin_2_fen": 2}
    assert count_total(counts) == 5434
    result = close_session(0, {"cash": 5434}, count_total(counts))
    assert (result.expected_cash_fen, result.over_short_fen, result.status) == (expected, 0, "账实相符")
    assert count_total({"coin_5_fen": 1, "coin_2_fen": 1, "coin_1_fen": 1}) == 8


def test_count_total() -> None:
    counts = {
        "note_100": 12,  # 1200.00
        "note_50": 3,  # 150.00
        "note_20": 4,  # 80.00
        "note_10": 7,  # 70.00
        "note_5": 1,  # 5.00
        "note_1": 6,  # 6.00
        "coin_1": 2,  # 2.00
        "coin_5_jiao": 3,  # 1.50
        "coin_1_jiao": 4,  # 0.40
    }
    assert count_total(counts) == 151490
    assert count_total({}) == 0
    assert count_total({"coin_1_jiao": 0}) == 0


def test_count_total_refuses_bad_rows() -> None:
    with pytest.raises(ValidationError) as info:
        count_total({"note_100": -1})
    assert info.value.field == "note_100" and "负数" in info.value.message
    with pytest.raises(ValidationError, match="未知面额"):
        count_total({"note_200": 1})
    with pytest.raises(ValidationError, match="过大"):
        count_total({"note_1": 10**9})
    with pytest.raises(TypeError):
        count_total({"note_1": 1.0})  # type: ignore[dict-item]


def test_close_session_balanced() -> None:
    """Float 500.00 + net cash 1,014.90 = 1,514.90 expected; the drawer holds 1,514.90."""
    result = close_session(50000, {"cash": 101490, "card": 30000, "qr": 12850}, 151490)
    assert result.expected_cash_fen == 151490
    assert result.over_short_fen == 0
    assert result.status == "账实相符"
    assert result.by_tender == {"cash": 101490, "card": 30000, "qr": 12850, "transfer": 0}
    assert result.total_taken_fen == 144340


def test_rule_close_session_records_over_and_short() -> None:
    over = close_session(50000, {"cash": 101490}, 151500)
    assert (over.over_short_fen, over.status) == (10, "长款 ¥0.10")
    short = close_session(50000, {"cash": 101490}, 141490)
    assert (short.over_short_fen, short.status) == (-10000, "短款 ¥100.00")


def test_close_session_non_cash_does_not_touch_the_drawer() -> None:
    result = close_session(20000, {"card": 99900, "transfer": 100000}, 20000)
    assert result.expected_cash_fen == 20000 and result.over_short_fen == 0


def test_close_session_cash_refunds_can_make_net_cash_negative() -> None:
    result = close_session(50000, {"cash": -2000}, 48000)
    assert result.expected_cash_fen == 48000 and result.over_short_fen == 0


def test_close_session_refuses_bad_input() -> None:
    with pytest.raises(ValidationError):
        close_session(-1, {}, 0)
    with pytest.raises(ValidationError):
        close_session(0, {}, -1)
    with pytest.raises(ValidationError, match="未知收款方式"):
        close_session(0, {"cheque": 100}, 0)
    with pytest.raises(TypeError):
        close_session(0, {"cash": 1.5}, 0)  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        close_session(500.0, {}, 0)  # type: ignore[arg-type]


@given(
    float_fen=st.integers(min_value=0, max_value=10**6),
    cash=st.integers(min_value=-(10**6), max_value=10**8),
    counts=st.dictionaries(st.sampled_from(sorted(DENOMINATIONS)), st.integers(min_value=0, max_value=5000)),
)
def test_close_arithmetic(float_fen: int, cash: int, counts: dict[str, int]) -> None:
    counted = count_total(counts)
    result = close_session(float_fen, {"cash": cash}, counted)
    assert result.expected_cash_fen + result.over_short_fen == counted
    assert counted == sum(n * DENOMINATIONS[c].fen for c, n in counts.items())
