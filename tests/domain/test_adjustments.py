"""退补 rules (app/domain/adjustments.py): the request's checks and the stored line."""

from __future__ import annotations

import json

import pytest

from app.domain.adjustments import adjustment_lines, check_adjustment
from app.domain.errors import ValidationErrors
from app.domain.messages import message_from_data


def _problems(amount: object, kwh: object, reason: str) -> list[tuple[str, str]]:
    with pytest.raises(ValidationErrors) as caught:
        check_adjustment(amount, kwh, reason)
    return [(e.field, e.message) for e in caught.value.errors]


def test_a_good_request_returns_the_cleaned_reason():
    assert check_adjustment(-1200, -30, "  抄表错误  ") == "抄表错误"
    assert check_adjustment(500, 0, "只退补金额") == "只退补金额"


def test_every_problem_is_reported_at_once():
    assert [f for f, _ in _problems(1.5, "x", "")] == ["amount_fen", "kwh", "reason"]
    assert _problems(0, 0, "原因")[0] == ("amount_fen", "退补金额不能为零")
    assert _problems(10**12 + 1, 0, "原因")[0] == ("amount_fen", "退补金额过大")
    assert _problems(True, 0, "原因")[0][0] == "amount_fen"


def test_kwh_follow_the_amount_direction():
    field, message = _problems(-100, 5, "原因")[0]
    assert field == "kwh" and "方向不一致" in message
    assert check_adjustment(100, 5, "原因") == "原因"


def test_the_stored_line_keeps_the_template():
    doc = json.loads(adjustment_lines("B1", "2025-03", 5380, -10, -538, "抄表错误"))
    assert doc["adjusts"] == {"bill_no": "B1", "period": "2025-03", "amount_fen": 5380}
    assert doc["total_fen"] == -538 and doc["reason"] == "抄表错误"
    code, label, kwh, unit, price, amount, explanation = doc["lines"][0]
    assert (code, kwh, unit, price, amount) == ("adjustment", "-10", "kWh", "", -538)
    assert str(message_from_data(label)) == "退补电费（退还）"
    assert "B1" in str(message_from_data(explanation)) and "5.38" in str(message_from_data(explanation))
