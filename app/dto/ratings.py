"""Satisfaction ratings (服务评价) as they leave the services."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RatingRecord:
    """One stored rating (or skip) of a transaction."""

    id: uuid.UUID
    kind: str  # app.domain.codes.RatingKind
    transaction_id: uuid.UUID
    transaction_no: str  # the receipt / application number
    clerk: str  # username of the clerk who did the transaction
    customer_id: uuid.UUID | None
    score: int | None  # 5 非常满意 … 1 非常不满意; None: skipped
    via: str  # app.domain.codes.RatingVia
    skip_reason: str
    rated_at: dt.datetime  # naive UTC


@dataclass(frozen=True)
class ClerkRatings:
    """One clerk's ratings in a period: how many of each score, and the skips."""

    clerk: str
    display_name: str
    counts: dict[int, int] = field(default_factory=dict)  # score → number of ratings
    skipped: int = 0

    @property
    def rated(self) -> int:
        return sum(self.counts.values())
