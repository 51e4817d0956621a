"""The supervisor's dashboard (看板, docs/rules.md#supervisor-dashboard): the figures of one
hall for one period, as :func:`app.services.dashboard.dashboard` returns them and the screen,
the xlsx and the PDF show them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["ClerkFigures", "Dashboard", "PromiseFigures", "SCORE_LABELS"]

#: the rating pad's scores (the labels of app/domain/ratings.py SCORES), best first
SCORE_LABELS: dict[int, str] = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


@dataclass(frozen=True)
class ClerkFigures:
    """One clerk in the period (or the hall, on the totals row: ``clerk`` "")."""

    clerk: str  # username
    display_name: str
    payments: int = 0  # 收费 receipts
    reversals: int = 0  # 冲正
    refunds: int = 0  # 退费
    applications: int = 0  # 业务受理 accepted
    work_orders: int = 0  # 诉求工单 recorded
    timed: int = 0  # transactions with a handling time (service_visit rows)
    avg_seconds: float | None = None  # mean handling time of the timed ones
    median_seconds: float | None = None
    ratings: dict[int, int] = field(default_factory=dict)  # score → ratings
    skipped: int = 0  # ratings skipped with a reason

    @property
    def transactions(self) -> int:
        return self.payments + self.reversals + self.refunds + self.applications + self.work_orders

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def satisfied_rate(self) -> float | None:
        """满意率: ratings of 4 or 5 over all ratings (skips not counted), %; None: no ratings."""
        if not self.rated:
            return None
        return 100.0 * (self.ratings.get(5, 0) + self.ratings.get(4, 0)) / self.rated


@dataclass(frozen=True)
class PromiseFigures:
    """Promises that fell due in the period: kept (done by the date), late (done after it, or
    still open past it); ``pending`` fall due later in the period and are not counted yet."""

    kept: int = 0
    late: int = 0
    pending: int = 0

    @property
    def due(self) -> int:
        return self.kept + self.late

    @property
    def rate(self) -> float | None:
        """按时率 %, None when nothing fell due."""
        return 100.0 * self.kept / self.due if self.due else None


@dataclass(frozen=True)
class Dashboard:
    date_from: dt.date
    date_to: dt.date
    hall_name: str
    node_code: str
    company: str
    generated_at: dt.datetime  # local, aware
    generated_by: str  # display name
    clerks: tuple[ClerkFigures, ...]  # by username
    totals: ClerkFigures
    applications: PromiseFigures  # 业务办结承诺
    work_orders: PromiseFigures  # 工单答复时限
    complaints: int  # 投诉工单 recorded in the period
    customers: int  # the hall's customers not closed (销户), when read

    @property
    def period_text(self) -> str:
        if self.date_from == self.date_to:
            return self.date_from.isoformat()
        return f"{self.date_from.isoformat()} 至 {self.date_to.isoformat()}"

    @property
    def complaints_per_10k(self) -> float | None:
        """投诉率: complaints in the period per 10,000 customers; None when the hall has none."""
        return self.complaints * 10_000 / self.customers if self.customers else None
