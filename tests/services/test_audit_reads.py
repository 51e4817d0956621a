"""The supervisor's audit view reads (issue 10 item 8; docs/audit.md#the-audit-view): the filtered,
paged operation log, one record's detail, the verification as a DTO, the stored anchors.

Runs on SQLite and PostgreSQL (the ``db`` fixture). The books are those of tests/services/test_audit.py
(two customers, bills, payments, a reversal, a reviewed session, an adjustment); tampering is
done by SQL with the guard triggers out of the way, as there.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import select, update

from app.domain.errors import NotFound, PermissionDenied, ValidationErrors
from app.dto.audit import OperationFilter
from app.services import audit_reads
from app.services import customers as cs
from db.models import Customer, LogAnchor, Operation, Payment
from tests.services import test_audit
from tests.services.test_audit import Books, _cli, _unguarded

audit_books = test_audit.books  # the fixture, under a name of its own here

# ---- the list ------------------------------------------------------------------------------------


def _all(db, actor, flt: OperationFilter | None = None):  # type: ignore[no-untyped-def]
    page = audit_reads.list_operations(db, actor, flt, page_size=500)
    assert not page.has_more
    return page.rows


def test_the_list_is_newest_first_and_each_filter_narrows(audit_books: Books, supervisor, clerk) -> None:
    db = audit_books.db
    everything = _all(db, supervisor)
    with db.read() as s:
        total = s.query(Operation).count()
    assert len(everything) == total
    assert [r.op_id for r in everything] == sorted((r.op_id for r in everything), reverse=True)
    assert everything[0].seq == max(r.seq for r in everything)  # one node: newest = highest seq

    mine = _all(db, supervisor, OperationFilter(actor="clerk1"))
    assert mine and all(r.actor == "clerk1" for r in mine)
    assert len(mine) == sum(1 for r in everything if r.actor == "clerk1") < len(everything)

    posts = _all(db, supervisor, OperationFilter(op_type="PostPayment"))
    assert len(posts) == 3 and {r.op_type for r in posts} == {"PostPayment"}
    assert all(r.summary.startswith(r.summary.split(" · ")[0]) and "R" in r.summary for r in posts)

    with db.read() as s:
        a = s.scalar(
            select(Customer).where(
                Customer.id
                == select(Payment.customer_id)
                .where(Payment.id == audit_books.paid.payment_id)
                .scalar_subquery()
            )
        )
        account_a = a.account_no
    of_a = _all(db, supervisor, OperationFilter(account_no=account_a))
    types = {r.op_type for r in of_a}
    # A's registration, A's payment and its receipt print, the adjustment of A's bill
    assert {"RegisterCustomer", "PostPayment", "PrintDocument", "IssueAdjustment"} <= types
    assert "ReversePayment" not in types  # the reversal was B's
    assert len(of_a) < len(everything)
    both = _all(db, supervisor, OperationFilter(account_no=account_a, op_type="PostPayment"))
    assert [r.summary.split(" · ")[0] for r in both] == [audit_books.paid.receipt_no]

    today = dt.date.today()
    assert len(_all(db, supervisor, OperationFilter(date_from=today, date_to=today))) == total
    assert _all(db, supervisor, OperationFilter(date_from=today + dt.timedelta(days=1))) == []
    assert _all(db, supervisor, OperationFilter(date_to=today - dt.timedelta(days=1))) == []
    assert len(_all(db, supervisor, OperationFilter(node_code="3301"))) == total


def test_date_range_follows_the_records_time(audit_books: Books, supervisor) -> None:
    """The day boundary is local midnight: a record's op_id lies between the day's floors."""
    rows = _all(audit_books.db, supervisor)
    for r in rows[:5]:
        at = dt.datetime.fromisoformat(r.occurred_at)
        day = at.date()
        start = audit_reads.op_id_floor(dt.datetime.combine(day, dt.time()).astimezone())
        end = audit_reads.op_id_floor(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone())
        assert start <= r.op_id < end


def test_paging(audit_books: Books, supervisor) -> None:
    db = audit_books.db
    everything = _all(db, supervisor)
    seen = []
    page = 0
    while True:
        got = audit_reads.list_operations(db, supervisor, None, page=page, page_size=7)
        assert len(got.rows) <= 7 and got.page == page
        seen += got.rows
        if not got.has_more:
            break
        assert len(got.rows) == 7
        page += 1
    assert [r.op_id for r in seen] == [r.op_id for r in everything]
    assert page == (len(everything) - 1) // 7


def test_bad_filters_are_refused_on_their_fields(audit_books: Books, supervisor) -> None:
    with pytest.raises(ValidationErrors) as caught:
        audit_reads.list_operations(
            audit_books.db,
            supervisor,
            OperationFilter(
                account_no="999999999",
                op_type="NoSuchOp",
                date_from=dt.date(2026, 3, 2),
                date_to=dt.date(2026, 3, 1),
            ),
        )
    assert set(caught.value.by_field()) == {"account_no", "op_type", "date_to"}


def test_clerks_may_not_read_the_audit_view(audit_books: Books, clerk) -> None:
    for call in (
        lambda: audit_reads.list_operations(audit_books.db, clerk),
        lambda: audit_reads.verify(audit_books.db, clerk),
        lambda: audit_reads.list_anchors(audit_books.db, clerk),
    ):
        with pytest.raises(PermissionDenied):
            call()


# ---- one record ------------------------------------------------------------------------------------


def test_detail_shows_the_payload_as_stored_and_never_a_full_id(db, clerk, supervisor, customer_form) -> None:
    form = customer_form(name="王五")
    customer = cs.register_customer(db, clerk, cs.RegisterCustomer(form))
    (row,) = _all(db, supervisor, OperationFilter(account_no=customer.account_no, op_type="RegisterCustomer"))
    detail = audit_reads.operation_detail(db, supervisor, row.op_id)
    payload = json.loads(detail.payload_text)
    assert payload["account_no"] == customer.account_no
    assert set(payload["id_number"]) == {"masked", "hmac"}
    assert form.id_number not in detail.payload_text and form.phone not in detail.payload_text
    with db.read() as s:
        op = s.get(Operation, row.op_id)
        assert detail.hash == op.hash and detail.prev_hash == op.prev_hash
    with pytest.raises(NotFound):
        audit_reads.operation_detail(db, supervisor, uuid.uuid4())


def test_older_payloads_with_full_values_are_masked_for_display() -> None:
    older = {
        "account_no": "3301000001",
        "id_number": "330106199001011234",
        "phone": "13812345678",
        "changes": {"phone": ["13812345678", "13900001111"], "name": ["张三", "张四"]},
    }
    shown = audit_reads.masked_payload(older)
    text = json.dumps(shown, ensure_ascii=False)
    for full in ("330106199001011234", "13812345678", "13900001111"):
        assert full not in text
    assert shown["changes"]["name"] == ["张三", "张四"] and shown["account_no"] == "3301000001"
    fingerprinted = {"phone": {"masked": "138****5678", "hmac": "ab" * 16}}
    assert audit_reads.masked_payload(fingerprinted) == fingerprinted


# ---- verification and anchors ----------------------------------------------------------------------


def test_verify_clean_books(audit_books: Books, supervisor) -> None:
    result = audit_reads.verify(audit_books.db, supervisor)
    assert result.ok and result.reconcile_ok and not result.findings
    (chain,) = result.chains
    assert chain.ok and chain.anchors_checked == 2 and chain.head_seq == chain.records
    assert result.lines[-1] == "结论：完整"
    assert result.payments == 4


def test_the_view_shows_what_verify_log_prints(audit_books: Books, supervisor, capsys) -> None:
    result = audit_reads.verify(audit_books.db, supervisor)
    code, out = _cli(audit_books.url, capsys)
    assert code == 0 and out.splitlines() == result.lines


def test_a_tampered_record_is_reported_at_that_record(audit_books: Books, supervisor) -> None:
    with audit_books.db.read() as s:
        target = s.scalar(select(Operation).where(Operation.op_type == "PostPayment").order_by(Operation.seq))
        seq, payload = target.seq, json.loads(target.payload)
    payload["amount_fen"] = 1
    with _unguarded(audit_books.db) as s:
        s.execute(
            update(Operation)
            .where(Operation.op_id == target.op_id)
            .values(payload=json.dumps(payload, ensure_ascii=False))
        )
    result = audit_reads.verify(audit_books.db, supervisor)
    assert not result.ok
    (chain,) = result.chains
    assert not chain.ok and chain.first_broken_seq == seq and "内容与其哈希不符" in chain.problem
    assert not result.reconcile_ok and any("收款金额" in f for f in result.findings)
    assert result.lines[-1].startswith("结论：发现不符")


def test_anchors_listed_and_compared(audit_books: Books, supervisor) -> None:
    anchors = audit_reads.list_anchors(audit_books.db, supervisor)
    assert {a.source for a in anchors} == {"day_end", "review"}
    assert all(a.status == "ok" and a.recorded_by == "super1" and a.node_code == "3301" for a in anchors)
    day_end = next(a for a in anchors if a.source == "day_end")
    assert day_end.seq == audit_books.close_head.seq and day_end.hash == audit_books.close_head.hash
    with _unguarded(audit_books.db) as s:
        s.execute(update(LogAnchor).where(LogAnchor.id == day_end.id).values(hash="0" * 64))
        review = next(a for a in anchors if a.source == "review")
        s.execute(update(LogAnchor).where(LogAnchor.id == review.id).values(seq=10_000))
    status = {a.id: a.status for a in audit_reads.list_anchors(audit_books.db, supervisor)}
    assert status == {day_end.id: "mismatch", review.id: "missing"}


def test_the_customer_filter_finds_its_work_orders_ratings_and_outages(
    db, clerk, supervisor, customer_form
) -> None:
    """Filtering by a customer lists the records of its work orders (their steps and receipt
    prints), its ratings, and the outages concerning it (linked to its repair, or covering its
    supply point); another customer's order and an outage elsewhere are not listed."""
    from app.domain.codes import DocType, RatingKind
    from app.dto.payments import TenderInput
    from app.services import cashier, payments, ratings
    from app.services import workorders as wo
    from tests.services.test_payments import add_bill
    from tests.services.test_workorder_outage import _outage, _repair

    a = cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(transformer_area="文三1号台区")))
    b = cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(transformer_area="古墩2号台区")))
    covering = _outage(db, supervisor)  # 文三1号台区
    elsewhere = _outage(db, supervisor, transformer_areas="翠苑9号台区")
    repair = _repair(db, clerk, a.id, outage_id=covering.id)
    complaint = wo.record_work_order(
        db, clerk, wo.RecordWorkOrder("complaint", "attitude.counter", "排队无人引导", customer_id=a.id)
    )
    wo.dispatch_work_order(
        db, clerk, wo.WorkOrderCommand(complaint.id, complaint.version, department="营销班")
    )
    payments.record_print(db, clerk, DocType.WORKORDER_RECEIPT, complaint.id, complaint.order_no)
    # a rating names the customer, not the payment (a rating's record is about the rating row)
    add_bill(db, clerk, a.id, 12850)
    cashier.open_session(db, clerk, 50000)
    paid = payments.post_payment(
        db, clerk, payments.PostPayment(uuid.uuid4(), a.id, (TenderInput("cash", 20000),), None)
    )
    rating = ratings.record_rating(db, clerk, ratings.RecordRating(RatingKind.PAYMENT, paid.payment_id, 4))
    other = wo.record_work_order(
        db, clerk, wo.RecordWorkOrder("enquiry", "billing.tariff", "电价咨询", customer_id=b.id)
    )

    def entities(account_no: str) -> set[tuple[str, str]]:
        rows = _all(db, supervisor, OperationFilter(account_no=account_no))
        with db.read() as s:
            ops = [s.get(Operation, r.op_id) for r in rows]
        return {(op.op_type, str(op.entity_id)) for op in ops}

    of_a = entities(a.account_no)
    assert {
        ("RegisterCustomer", str(a.id)),
        ("RecordWorkOrder", str(repair.id)),
        ("RecordWorkOrder", str(complaint.id)),
        ("DispatchWorkOrder", str(complaint.id)),
        ("PrintDocument", str(complaint.id)),
        ("RecordOutage", str(covering.id)),
    } <= of_a
    assert ("RecordRating", str(rating.id)) in of_a
    assert ("RecordWorkOrder", str(other.id)) not in of_a
    assert ("RecordOutage", str(elsewhere.id)) not in of_a
    of_b = entities(b.account_no)
    assert ("RecordWorkOrder", str(other.id)) in of_b
    assert not {("RecordWorkOrder", str(complaint.id)), ("RecordOutage", str(covering.id))} & of_b
    # with a type: only the customer's ratings
    (rated,) = _all(db, supervisor, OperationFilter(account_no=a.account_no, op_type="RecordRating"))
    assert rated.actor == clerk.username
