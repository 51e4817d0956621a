"""Satisfaction ratings (服务评价, docs/rules.md#satisfaction-rating): the five answers of the
rating pad and the rules of a clerk's skip. Pure: the service (app/services/ratings.py) stores
them."""

from __future__ import annotations

from app.domain.errors import ValidationError
from app.domain.messages import term

__all__ = ["SCORES", "SKIP_REASON_MAX", "SKIP_REASON_MIN", "check_score"]

#: score → the pad's label, best first (非常满意 … 非常不满意), as the 95598 return visits ask.
SCORES: dict[int, str] = {
    5: term("非常满意"),
    4: term("满意"),
    3: term("基本满意"),
    2: term("不满意"),
    1: term("非常不满意"),
}

#: a skip (the customer left, declined, could not use the pad) needs a reason of this length
SKIP_REASON_MIN = 2
SKIP_REASON_MAX = 200


def check_score(score: object) -> int:
    """``score`` as one of :data:`SCORES`, or a ValidationError on "score"."""
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
        raise ValidationError("score", "评价应为1到5分")
    return score
