"""Satisfaction ratings (服务评价) through the services, on SQLite and PostgreSQL
(docs/rules.md#satisfaction-rating)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import func, select

from app.domain.codes import OpType, RatingKind, RatingVia
from app.domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationErrors
from app.dto.payments import TenderInput
from app.services import applications, cashier, customers, payments, ratings
from app.services.ratings import RecordRating, SkipRating
from db.models import Operation, ServiceRating
from tests.services.test_payments import add_bill

TODAY = dt.datetime.now().astimezone().date()


def _paid(db, clerk, customer_form, n: int = 1):  # type: ignore[no-untyped-def]
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    add_bill(db, clerk, view.id, 12850)
    if cashier.current_session(db, clerk) is None:
        cashier.open_session(db, clerk, 50000)
    return payments.post_payment(
        db, clerk, payments.PostPayment(uuid.uuid4(), view.id, (TenderInput("cash", 20000),), None)
    )


def _rows(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        rows = list(s.scalars(select(ServiceRating).order_by(ServiceRating.rated_at)))
        for r in rows:
            s.expunge(r)
        return rows


def _ops(db, op_type):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [
            json.loads(p) for p in s.scalars(select(Operation.payload).where(Operation.op_type == op_type))
        ]


def _op_count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Operation)) or 0)


def test_a_receipt_is_rated_once_against_its_clerk(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    receipt = _paid(db, clerk, customer_form)
    stored = ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, receipt.payment_id, 5))
    assert (stored.clerk, stored.transaction_no, stored.score, stored.via) == (
        clerk.username,
        receipt.receipt_no,
        5,
        RatingVia.PAD,
    )
    [row] = _rows(db)
    assert (row.clerk, row.kind, row.transaction_id, row.transaction_no, row.customer_id, row.score) == (
        clerk.username,
        "payment",
        receipt.payment_id,
        receipt.receipt_no,
        receipt.customer_id,
        5,
    )
    [op] = _ops(db, OpType.RECORD_RATING)
    assert op["transaction_no"] == receipt.receipt_no and op["score"] == 5 and op["clerk"] == clerk.username
    before = _op_count(db)
    # The same answer again (a retry after a lost answer): the stored row, nothing written.
    again = ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, receipt.payment_id, 5))
    assert again.id == stored.id and _op_count(db) == before
    # Another answer: refused, the first stands.
    with pytest.raises(RuleViolation, match="已评价（非常满意）"):
        ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, receipt.payment_id, 2))
    with pytest.raises(RuleViolation, match="不能重复评价"):
        ratings.skip_rating(db, clerk, SkipRating(RatingKind.PAYMENT, receipt.payment_id, "客户已离开"))
    assert len(_rows(db)) == 1 and _op_count(db) == before


def test_an_accepted_application_is_rated_in_the_dialog(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    btype = applications.shipped_catalogue().get("meter_test")
    accepted = applications.accept_application(
        db, clerk, applications.AcceptApplication("meter_test", view.id, {}, btype.documents)
    )
    stored = ratings.record_rating(
        db, clerk, RecordRating(RatingKind.APPLICATION, accepted.id, 3, via=RatingVia.DIALOG)
    )
    assert (stored.transaction_no, stored.customer_id, stored.score, stored.via) == (
        accepted.application_no,
        view.id,
        3,
        "dialog",
    )
    assert ratings.rating_of(db, clerk, RatingKind.APPLICATION, accepted.id) == stored


def test_skipping_needs_a_reason_of_two_to_two_hundred_characters(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    receipt = _paid(db, clerk, customer_form)
    before = _op_count(db)
    for reason in ("", "  ", "走", "很" * 201):
        with pytest.raises(ValidationErrors) as info:
            ratings.skip_rating(db, clerk, SkipRating(RatingKind.PAYMENT, receipt.payment_id, reason))
        assert info.value.errors[0].field == "reason"
    assert _rows(db) == [] and _op_count(db) == before
    stored = ratings.skip_rating(
        db, clerk, SkipRating(RatingKind.PAYMENT, receipt.payment_id, " 客户赶时间 ")
    )
    assert (stored.score, stored.skip_reason, stored.via) == (None, "客户赶时间", "skipped")
    [op] = _ops(db, OpType.SKIP_RATING)
    assert op["skip_reason"] == "客户赶时间" and op["score"] is None
    with pytest.raises(RuleViolation, match="已跳过评价"):
        ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, receipt.payment_id, 4))


def test_bad_scores_unknown_transactions_and_other_clerks_are_refused(db, clerk, clerk2, customer_form):  # type: ignore[no-untyped-def]
    receipt = _paid(db, clerk, customer_form)
    for score in (0, 6, -1, True):
        with pytest.raises(ValidationErrors) as info:
            ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, receipt.payment_id, score))
        assert info.value.errors[0].field == "score"
    with pytest.raises(NotFound):
        ratings.record_rating(db, clerk, RecordRating(RatingKind.PAYMENT, uuid.uuid4(), 5))
    with pytest.raises(NotFound):  # a receipt is not an application
        ratings.record_rating(db, clerk, RecordRating(RatingKind.APPLICATION, receipt.payment_id, 5))
    with pytest.raises(ValidationErrors):  # work orders: not until their table exists
        ratings.record_rating(db, clerk, RecordRating(RatingKind.WORK_ORDER, receipt.payment_id, 5))
    with pytest.raises(RuleViolation, match="本人办理"):  # a rating is about the clerk who served
        ratings.record_rating(db, clerk2, RecordRating(RatingKind.PAYMENT, receipt.payment_id, 1))
    assert _rows(db) == []


def test_permissions_clerks_and_supervisors_record_supervisors_read(
    db, admin, clerk, supervisor, customer_form
):  # type: ignore[no-untyped-def]
    receipt = _paid(db, clerk, customer_form)
    with pytest.raises(PermissionDenied):
        ratings.record_rating(db, admin, RecordRating(RatingKind.PAYMENT, receipt.payment_id, 5))
    with pytest.raises(PermissionDenied):
        ratings.ratings_between(db, clerk, TODAY, TODAY)
    ratings.ratings_between(db, supervisor, TODAY, TODAY)
    ratings.ratings_between(db, admin, TODAY, TODAY)


def test_ratings_between_counts_each_score_per_clerk(db, clerk, clerk2, supervisor, customer_form):  # type: ignore[no-untyped-def]
    given = [(clerk, 5), (clerk, 5), (clerk, 3), (clerk2, 1), (clerk2, None)]
    for n, (actor, score) in enumerate(given, start=1):
        receipt = _paid(db, actor, customer_form, n)
        if score is None:
            ratings.skip_rating(db, actor, SkipRating(RatingKind.PAYMENT, receipt.payment_id, "客户已离开"))
        else:
            ratings.record_rating(db, actor, RecordRating(RatingKind.PAYMENT, receipt.payment_id, score))
    figures = {r.clerk: r for r in ratings.ratings_between(db, supervisor, TODAY, TODAY)}
    assert figures[clerk.username].counts == {5: 2, 3: 1} and figures[clerk.username].skipped == 0
    assert figures[clerk.username].rated == 3 and figures[clerk.username].display_name == clerk.display_name
    assert figures[clerk2.username].counts == {1: 1} and figures[clerk2.username].skipped == 1
    assert (
        ratings.ratings_between(db, supervisor, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=7))
        == []
    )
    assert len(ratings.ratings_between(db, supervisor, TODAY - dt.timedelta(days=30), TODAY)) == 2
    with pytest.raises(ValidationErrors):
        ratings.ratings_between(db, supervisor, TODAY, TODAY - dt.timedelta(days=1))
