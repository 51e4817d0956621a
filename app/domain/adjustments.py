"""退补 (adjustment bills): the checks of a request and the stored explanation of the bill.

Pure rules of :func:`app.services.adjustments.issue_adjustment` (no database).
"""

from __future__ import annotations

import json

from app.domain.errors import ValidationError, ValidationErrors
from app.domain.messages import Message, message_to_data, term
from app.domain.money import format_yuan
from app.domain.text import clean_text

__all__ = ["adjustment_lines", "check_adjustment"]


def check_adjustment(amount: object, kwh: object, raw_reason: str) -> str:
    """The reason, cleaned, when the amount (whole fen, not zero, either sign), the kWh (whole,
    the amount's direction or 0) and the reason are acceptable; else ValidationErrors with
    every problem."""
    errors: list[ValidationError] = []
    if isinstance(amount, bool) or not isinstance(amount, int):
        errors.append(ValidationError("amount_fen", "退补金额应为整数分（不能是小数）"))
    elif amount == 0:
        errors.append(ValidationError("amount_fen", "退补金额不能为零"))
    elif abs(amount) > 10**12:
        errors.append(ValidationError("amount_fen", "退补金额过大"))
    if isinstance(kwh, bool) or not isinstance(kwh, int):
        errors.append(ValidationError("kwh", "退补电量应为整数 kWh"))
    elif isinstance(amount, int) and not isinstance(amount, bool) and amount * kwh < 0:
        # issue 6 item 19: 补收 adds kWh, 退还 takes them back (0 kWh: a money-only correction)
        errors.append(
            ValidationError("kwh", "退补电量与金额方向不一致：补收金额对应正电量，退还金额对应负电量（或 0）")
        )
    reason = ""
    try:
        reason = clean_text(raw_reason, "reason", "退补原因", max_len=200)
        if len(reason) < 2:
            errors.append(ValidationError("reason", "请填写退补原因"))
    except ValidationError as exc:
        errors.append(exc)
    if errors:
        raise ValidationErrors(errors)
    return reason


def adjustment_lines(
    original_bill_no: str, original_period: str, original_amount_fen: int, kwh: int, amount: int, reason: str
) -> str:
    """The adjustment bill's stored lines (Bill.lines, format 2): one line, the correction."""
    sign = "补收" if amount > 0 else "退还"
    explanation = Message(
        "退补（{sign}）账单 {bill_no}（{period}）{kwh} kWh，{amount} 元：{reason}",
        sign=term(sign),
        bill_no=original_bill_no,
        period=original_period,
        kwh=kwh,
        amount=format_yuan(amount, symbol=False),
        reason=reason,
    )
    return json.dumps(
        {
            "format": 2,
            "adjusts": {
                "bill_no": original_bill_no,
                "period": original_period,
                "amount_fen": original_amount_fen,
            },
            "reason": reason,
            "lines": [
                [
                    "adjustment",
                    message_to_data(Message("退补电费（{sign}）", sign=term(sign))),
                    str(kwh),
                    "kWh",
                    "",
                    amount,
                    message_to_data(explanation),
                ]
            ],
            "total_fen": amount,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
