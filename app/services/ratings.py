"""Satisfaction ratings (服务评价, docs/rules.md#satisfaction-rating): the customer's score of one
transaction (a receipt, an accepted application), given on the customer display's rating pad or
in the dialog on the clerk's screen, or the clerk's skip with a reason; and the figures per clerk
for the supervisor's dashboard.

A transaction is rated once. The same answer sent again (a retry after a lost answer) returns
the stored row and writes nothing; a different one is refused, the first answer stands. The row
names the clerk who did the transaction, and only that clerk records it: a rating is about the
person who served the customer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.codes import OpType, PaymentKind, RatingKind, RatingVia
from app.domain.errors import NotFound, RuleViolation, ValidationError, ValidationErrors
from app.domain.messages import term
from app.domain.periods import utc_at
from app.domain.ratings import SCORES, SKIP_REASON_MAX, SKIP_REASON_MIN, check_score
from app.domain.text import clean_text
from app.dto.common import Actor
from app.dto.ratings import ClerkRatings, RatingRecord
from app.services.permissions import require
from app.write_path import oplog
from db.engine import Database
from db.models import Application, Payment, ServiceRating, User

__all__ = ["RecordRating", "SkipRating", "rating_of", "ratings_between", "record_rating", "skip_rating"]


@dataclass(frozen=True)
class RecordRating:
    """The customer's answer: ``score`` 5 非常满意 … 1 非常不满意, given on the pad or in the dialog."""

    kind: str  # RatingKind
    transaction_id: uuid.UUID
    score: int
    via: str = RatingVia.PAD


@dataclass(frozen=True)
class SkipRating:
    """No rating: the clerk says why (the customer left, declined, could not use the pad)."""

    kind: str  # RatingKind
    transaction_id: uuid.UUID
    reason: str


@dataclass(frozen=True)
class _Transaction:
    number: str
    clerk: str
    customer_id: uuid.UUID | None


def _payment(session: Session, transaction_id: uuid.UUID) -> _Transaction | None:
    row = session.execute(
        select(Payment.receipt_no, Payment.posted_by, Payment.customer_id).where(
            Payment.id == transaction_id, Payment.kind == PaymentKind.PAYMENT
        )
    ).first()
    return _Transaction(row.receipt_no or "", row.posted_by, row.customer_id) if row else None


def _application(session: Session, transaction_id: uuid.UUID) -> _Transaction | None:
    row = session.execute(
        select(Application.application_no, Application.accepted_by, Application.customer_id).where(
            Application.id == transaction_id
        )
    ).first()
    return _Transaction(row.application_no, row.accepted_by, row.customer_id) if row else None


#: how each kind finds its transaction; work orders join when their table exists (issue 10 item 1)
_TRANSACTIONS: dict[str, Callable[[Session, uuid.UUID], _Transaction | None]] = {
    RatingKind.PAYMENT: _payment,
    RatingKind.APPLICATION: _application,
}


def _record(row: ServiceRating) -> RatingRecord:
    return RatingRecord(
        row.id,
        row.kind,
        row.transaction_id,
        row.transaction_no,
        row.clerk,
        row.customer_id,
        row.score,
        row.via,
        row.skip_reason,
        row.rated_at,
    )


def _check_kind(kind: str) -> None:
    if kind not in _TRANSACTIONS:
        raise ValidationErrors([ValidationError("kind", "不支持对该类业务评价")])


def _store(
    db: Database, actor: Actor, kind: str, transaction_id: uuid.UUID, score: int | None, via: str, reason: str
) -> RatingRecord:
    with db.write() as session:
        found = _TRANSACTIONS[kind](session, transaction_id)
        if found is None:
            raise NotFound("要评价的业务不存在")
        if found.clerk != actor.username:
            raise RuleViolation("只能为本人办理的业务记录评价")
        existing = session.scalar(
            select(ServiceRating).where(
                ServiceRating.kind == kind, ServiceRating.transaction_id == transaction_id
            )
        )
        if existing is not None:
            if existing.score == score and existing.skip_reason == reason:
                return _record(existing)  # the same answer again (a retry): nothing more is written
            if existing.score is None:
                raise RuleViolation("业务 {number} 已跳过评价，不能再评价", number=found.number)
            raise RuleViolation(
                "业务 {number} 已评价（{label}），不能重复评价",
                number=found.number,
                label=term(SCORES[existing.score]),
            )
        row = ServiceRating(
            node_id=actor.node_id,
            clerk=found.clerk,
            kind=kind,
            transaction_id=transaction_id,
            transaction_no=found.number,
            customer_id=found.customer_id,
            score=score,
            via=via,
            skip_reason=reason,
        )
        session.add(row)
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.RECORD_RATING if score is not None else OpType.SKIP_RATING,
            {
                "id": str(row.id),
                "kind": kind,
                "transaction_id": str(transaction_id),
                "transaction_no": found.number,
                "clerk": found.clerk,
                "customer_id": str(found.customer_id) if found.customer_id else None,
                "score": score,
                "via": via,
                "skip_reason": reason,
            },
            "service_rating",
            row.id,
        )
        return _record(row)


def record_rating(db: Database, actor: Actor, cmd: RecordRating) -> RatingRecord:
    """Store the customer's score of the transaction (once; docs/rules.md#satisfaction-rating)."""
    require(actor, "rating.record")
    _check_kind(cmd.kind)
    try:
        score = check_score(cmd.score)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from exc
    if cmd.via not in (RatingVia.PAD, RatingVia.DIALOG):
        raise ValueError(f"unknown rating source {cmd.via!r}")  # a caller's mistake, not a clerk's input
    return _store(db, actor, cmd.kind, cmd.transaction_id, score, cmd.via, "")


def skip_rating(db: Database, actor: Actor, cmd: SkipRating) -> RatingRecord:
    """Record that the transaction was not rated, with the clerk's reason (2–200 characters)."""
    require(actor, "rating.record")
    _check_kind(cmd.kind)
    try:
        reason = clean_text(cmd.reason, "reason", "跳过原因", max_len=SKIP_REASON_MAX)
        if len(reason) < SKIP_REASON_MIN:
            raise ValidationError("reason", "请填写至少{min_len}个字的跳过原因", min_len=SKIP_REASON_MIN)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from exc
    return _store(db, actor, cmd.kind, cmd.transaction_id, None, RatingVia.SKIPPED, reason)


def rating_of(db: Database, actor: Actor, kind: str, transaction_id: uuid.UUID) -> RatingRecord | None:
    """The stored rating of one transaction, if any."""
    require(actor, "rating.record")
    with db.read() as session:
        row = session.scalar(
            select(ServiceRating).where(
                ServiceRating.kind == kind, ServiceRating.transaction_id == transaction_id
            )
        )
        return _record(row) if row is not None else None


def ratings_between(db: Database, actor: Actor, first: dt.date, last: dt.date) -> list[ClerkRatings]:
    """Per clerk, how many ratings of each score and how many skips between the local days
    ``first`` and ``last`` (both included), clerks by username (the dashboard's satisfaction)."""
    require(actor, "rating.view")
    if last < first:
        raise ValidationErrors([ValidationError("to", "结束日期不能早于开始日期")])
    start, end = utc_at(first, 0), utc_at(last + dt.timedelta(days=1), 0)
    with db.read() as session:
        rows = session.execute(
            select(ServiceRating.clerk, ServiceRating.score, func.count())
            .where(ServiceRating.rated_at >= start, ServiceRating.rated_at < end)
            .group_by(ServiceRating.clerk, ServiceRating.score)
        ).all()
        clerks = sorted({r[0] for r in rows})
        names: dict[str, str] = {}
        if clerks:
            found = session.execute(select(User.username, User.display_name).where(User.username.in_(clerks)))
            names = {username: name for username, name in found}
    counts: dict[str, dict[int, int]] = {c: {} for c in clerks}
    skipped: dict[str, int] = dict.fromkeys(clerks, 0)
    for clerk, score, n in rows:
        if score is None:
            skipped[clerk] += int(n)
        else:
            counts[clerk][int(score)] = int(n)
    return [ClerkRatings(c, names.get(c, c), counts[c], skipped[c]) for c in clerks]
