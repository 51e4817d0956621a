"""Cashier sessions (收费班次, docs/rules.md#cashier-sessions; docs/money-path.md#sessions), on SQLite and PostgreSQL.

Open with a float, close with a denomination count: expected cash = float + cash taken − change
± reversals and refunds; over (长款) / short (短款) recorded; a supervisor approves.
"""

from __future__ import annotations

import uuid

import pytest

from app.domain.errors import (
    ConcurrentEdit,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
    ValidationErrors,
)
from app.domain.hall_rules import HallRules
from app.dto.payments import TenderInput
from app.services import cashier, payments
from db.models import CashierSession
from tests.services.test_payments import (
    add_bill,
    cash,
    count,
    new_customer,
    ops,
    post,
    print_receipt,
    reverse,
)


@pytest.fixture
def cust(db, settings, clerk, customer_form):  # type: ignore[no-untyped-def]
    return new_customer(db, settings, clerk, customer_form)


def _close(db, actor, session_id, counts, version=None, note=""):  # type: ignore[no-untyped-def]
    if version is None:
        version = cashier.session_summary(db, actor, session_id).session.version
    return cashier.close_session(db, actor, cashier.CloseSession(session_id, version, counts, note))


def _busy_session(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    """Float ¥500; ¥128.50 paid with ¥200 cash; ¥50 by card; ¥30 cash prepaid then reversed.

    Expected cash = 500 + (200 − 71.50) + 30 − 30 = ¥628.50."""
    shift = cashier.open_session(db, clerk, 50000)
    add_bill(db, clerk, cust, 12850)
    receipts = [post(db, settings, clerk, cust, cash(20000)),
                post(db, settings, clerk, cust, TenderInput("card", 5000, "6222")),
                post(db, settings, clerk, cust, cash(3000))]
    receipts.append(reverse(db, settings, clerk, receipts[2].payment_id))
    for r in receipts:
        print_receipt(db, clerk, r)
    return shift, receipts


EXACT = {"note_100": 6, "note_20": 1, "note_5": 1, "note_1": 3, "coin_5_jiao": 1}  # ¥628.50


@pytest.mark.parametrize(("extra", "over_short", "text"), [
    ({}, 0, "账实相符"),
    ({"coin_1": 1}, 100, "长款 ¥1.00"),
    ({"coin_5_jiao": 0}, -50, "短款 ¥0.50"),
])
def test_close_arithmetic(db, settings, clerk, cust, extra, over_short, text):  # type: ignore[no-untyped-def]
    shift, receipts = _busy_session(db, settings, clerk, cust)
    summary = cashier.session_summary(db, clerk, shift.id)
    assert summary.by_tender == {"cash": 12850, "card": 5000, "qr": 0, "transfer": 0}
    assert (summary.payments, summary.reversals, summary.refunds) == (3, 1, 0)
    assert summary.total_fen == 12850 + 5000 + 3000 - 3000
    assert summary.expected_cash_fen == 62850
    assert summary.unprinted_receipts == ()
    before = ops(db)
    report = _close(db, clerk, shift.id, {**EXACT, **extra}, note="交接正常")
    assert ops(db) == before + 1 and ops(db, "CloseSession") == 1
    assert (report.counted_cash_fen, report.over_short_fen) == (62850 + over_short, over_short)
    assert report.extra["over_short_text"] == text
    assert report.summary.session.status == "closed"
    assert report.summary.session.expected_cash_fen == 62850
    assert report.summary.session.over_short_fen == over_short
    assert report.counts == {k: v for k, v in {**EXACT, **extra}.items() if v}
    assert [r.receipt_no for r in report.receipts] == [r.receipt_no for r in receipts]
    assert (report.hall_name, report.node_code) == ("城东营业厅", "3301")
    assert cashier.day_end_report(db, clerk, shift.id).summary == report.summary
    assert cashier.current_session(db, clerk) is None
    with pytest.raises(RuleViolation, match="请先开班"):
        post(db, settings, clerk, cust, cash(100))


def test_a_day_with_fen_amounts_balances_with_fen_coins(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    """Issue 6 item 10: ¥54.37 taken in cash is counted as 50 + 4 元 + 3 角 + 5 分 + 2 分 → 账实相符,
    and the count is stored and reported with its 分 coins."""
    shift = cashier.open_session(db, clerk, 0)
    add_bill(db, clerk, cust, 5437)
    print_receipt(db, clerk, post(db, settings, clerk, cust, cash(5437)))
    counts = {"note_50": 1, "note_1": 4, "coin_1_jiao": 3, "coin_5_fen": 1, "coin_2_fen": 1}
    report = _close(db, clerk, shift.id, counts)
    assert (report.counted_cash_fen, report.over_short_fen) == (5437, 0)
    assert report.extra["over_short_text"] == "账实相符"
    assert cashier.day_end_report(db, clerk, shift.id).counts == counts


def test_open_session_rules(db, settings, clerk, clerk2, admin):  # type: ignore[no-untyped-def]
    assert cashier.current_session(db, clerk) is None
    with pytest.raises(ValidationError, match="不能为负数"):
        cashier.open_session(db, clerk, -1)
    with pytest.raises(ValidationError, match="格式不正确"):
        cashier.open_session(db, clerk, 10.5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="不能超过"):
        cashier.open_session(db, clerk, HallRules().max_payment_fen + 1)
    with pytest.raises(PermissionDenied):
        cashier.open_session(db, admin, 0)
    before = ops(db)
    row = cashier.open_session(db, clerk, 0)
    assert ops(db) == before + 1 and ops(db, "OpenSession") == 1
    assert (row.session_no, row.status, row.float_fen, row.clerk_name) == ("3301S000001", "open", 0, "王小丽")
    assert cashier.current_session(db, clerk) == row
    with pytest.raises(RuleViolation, match="3301S000001"):
        cashier.open_session(db, clerk, 100)
    assert cashier.open_session(db, clerk2, 100).session_no == "3301S000002"
    assert count(db, CashierSession) == 2


def test_closing_with_unprinted_receipts_is_refused(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 0)
    r1 = post(db, settings, clerk, cust, cash(1000))
    r2 = post(db, settings, clerk, cust, cash(2000))
    print_receipt(db, clerk, r1)
    assert cashier.session_summary(db, clerk, shift.id).unprinted_receipts == (r2.receipt_no,)
    before = ops(db)
    with pytest.raises(RuleViolation, match=f"1张收费凭证未打印（{r2.receipt_no}）"):
        _close(db, clerk, shift.id, {"note_10": 3})
    assert ops(db) == before
    assert cashier.current_session(db, clerk).status == "open"  # type: ignore[union-attr]
    print_receipt(db, clerk, r2)
    assert _close(db, clerk, shift.id, {"note_10": 3}).over_short_fen == 0


def test_unprinted_receipts_are_found_by_id_and_day_end_prints_only_after_close(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 0)
    r1 = post(db, settings, clerk, cust, cash(1000))
    assert cashier.unprinted_receipts(db, clerk, shift.id) == {r1.receipt_no: r1.payment_id}
    with pytest.raises(RuleViolation, match="交班后打印"):
        payments.record_print(db, clerk, payments.DOC_DAY_END, shift.id, "")
    print_receipt(db, clerk, r1)
    assert cashier.unprinted_receipts(db, clerk, shift.id) == {}
    _close(db, clerk, shift.id, {"note_10": 1})
    info = payments.record_print(db, clerk, payments.DOC_DAY_END, shift.id, "anything")
    assert (info.copy_no, payments.print_count(db, clerk, payments.DOC_DAY_END, shift.id)) == (1, 1)
    with pytest.raises(NotFound, match="收费班次不存在"):
        payments.record_print(db, clerk, payments.DOC_DAY_END, uuid.uuid4(), "")


def test_close_checks_version_status_and_counts(db, settings, clerk, clerk2):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 1000)
    with pytest.raises(ConcurrentEdit):
        _close(db, clerk, shift.id, {"note_10": 1}, version=shift.version + 1)
    with pytest.raises(ValidationErrors) as exc:
        _close(db, clerk, shift.id, {"note_10": -1, "note_3": 2, "note_5": "2"})
    assert set(exc.value.by_field()) == {"note_10", "note_3", "note_5"}
    with pytest.raises(PermissionDenied):
        _close(db, clerk2, shift.id, {"note_10": 1}, version=shift.version)
    with pytest.raises(NotFound):
        _close(db, clerk, uuid.uuid4(), {}, version=1)
    assert cashier.current_session(db, clerk).status == "open"  # type: ignore[union-attr]
    report = _close(db, clerk, shift.id, {"note_10": 1})
    with pytest.raises(RuleViolation, match="已结班"):
        _close(db, clerk, shift.id, {"note_10": 1}, version=report.summary.session.version)


def test_approval(db, settings, clerk, supervisor, cust):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 0)
    with pytest.raises(RuleViolation, match="尚未结班"):
        cashier.approve_session(db, supervisor, shift.id, shift.version)
    with pytest.raises(RuleViolation, match="尚未结班"):
        cashier.day_end_report(db, clerk, shift.id)
    closed = _close(db, clerk, shift.id, {}).summary.session
    with pytest.raises(PermissionDenied):
        cashier.approve_session(db, clerk, shift.id, closed.version)
    with pytest.raises(ConcurrentEdit):
        cashier.approve_session(db, supervisor, shift.id, closed.version - 1)
    before = ops(db)
    approved = cashier.approve_session(db, supervisor, shift.id, closed.version)
    assert ops(db) == before + 1 and ops(db, "ApproveSession") == 1
    assert (approved.status, approved.approved_by) == ("approved", "赵班长")
    assert approved.version > closed.version
    with pytest.raises(RuleViolation, match="已审核"):
        cashier.approve_session(db, supervisor, shift.id, approved.version)
    # A supervisor's own session needs another approver.
    own = cashier.open_session(db, supervisor, 0)
    own_closed = _close(db, supervisor, own.id, {}).summary.session
    with pytest.raises(RuleViolation, match="本人"):
        cashier.approve_session(db, supervisor, own.id, own_closed.version)


def test_who_sees_which_sessions(db, settings, clerk, clerk2, supervisor, admin):  # type: ignore[no-untyped-def]
    mine = cashier.open_session(db, clerk, 0)
    theirs = cashier.open_session(db, clerk2, 0)
    _close(db, clerk2, theirs.id, {})
    assert [r.id for r in cashier.list_sessions(db, clerk)] == [mine.id]
    assert {r.id for r in cashier.list_sessions(db, supervisor)} == {mine.id, theirs.id}
    assert [r.id for r in cashier.list_sessions(db, admin, status="closed")] == [theirs.id]
    with pytest.raises(ValidationError):
        cashier.list_sessions(db, admin, status="bogus")
    with pytest.raises(PermissionDenied):
        cashier.session_summary(db, clerk, theirs.id)
    with pytest.raises(PermissionDenied):
        cashier.day_end_report(db, clerk, theirs.id)
    assert cashier.day_end_report(db, supervisor, theirs.id).summary.session.id == theirs.id


def test_a_refund_counts_against_the_drawer_it_leaves(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    first = cashier.open_session(db, clerk, 0)
    r = post(db, settings, clerk, cust, cash(5000))
    print_receipt(db, clerk, r)
    _close(db, clerk, first.id, {"note_50": 1})
    second = cashier.open_session(db, clerk, 10000)
    ref = payments.refund_payment(db, clerk, payments.RefundPayment(
        uuid.uuid4(), r.payment_id, "customer_request", "客户要求退预存", payments.SupervisorApproval(
            "super1", "Super2026", "")))
    print_receipt(db, clerk, ref)
    report = _close(db, clerk, second.id, {"note_50": 1})
    assert (report.summary.refunds, report.summary.expected_cash_fen, report.over_short_fen) == (1, 5000, 0)
