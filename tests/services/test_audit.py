"""The audit that proves the books (issue 7 items 10 and 12; docs/audit.md, docs/privacy.md).

verify-log = the hash chain against every anchor (stored at the session review, typed from a
printed day-end report, given on the command line) + the reconcile of payments, tenders,
allocations, prepaid balances and bills with the operation records. Every tamper here is done
by SQL, as a database owner would; the journal-guard triggers another change adds are dropped
first when present (:func:`_unguarded`), so the tests hold with and without them.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import delete, select, text, update

import main
from app.domain.errors import ValidationErrors
from app.dto.payments import TenderInput
from app.services import adjustments, audit, cashier, payments
from app.services import customers as cs
from app.services.bill_import import import_bills_csv
from app.services.customers import SupervisorApproval
from app.write_path import oplog
from db.models import Bill, LogAnchor, Node, Operation, Payment, PaymentAllocation, PaymentTender
from tests.conftest import SUPERVISOR_PASSWORD, valid_resident_id

JOURNAL_TABLES = ("payment", "payment_tender", "payment_allocation", "operation_log", "print_record", "bill",
                  "log_anchor", "node", "customer")


@contextmanager
def _unguarded(db) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A write session in which UPDATE/DELETE on the journal tables is possible: the guard
    triggers (issue 7 item 9) are dropped (SQLite) or disabled (PostgreSQL) when they exist."""
    with db.write() as s:
        if s.get_bind().dialect.name == "sqlite":
            for (name,) in s.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all():
                s.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
        else:
            for table in JOURNAL_TABLES:
                s.execute(text(f'ALTER TABLE "{table}" DISABLE TRIGGER USER'))
        yield s


def _audit(db, *anchors: str) -> audit.AuditReport:  # type: ignore[no-untyped-def]
    return audit.run_audit(db, [oplog.parse_anchor(a) for a in anchors])


def _cli(db_url: str, capsys, *anchors: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    args = ["--db-url", db_url, "verify-log"]
    for a in anchors:
        args += ["--anchor", a]
    code = main.main(args)
    return code, capsys.readouterr().out


# ---- the books: bills, payments, a reversal, a closed and reviewed session, an adjustment --------


@dataclasses.dataclass(frozen=True)
class Books:
    db: object
    url: str
    paid: payments.Receipt  # a payment settling customer A's bill
    prepaid: payments.Receipt  # customer B: part to the bill, the rest to prepaid
    reversed_: payments.Receipt  # the reversal of a further payment of B
    close_head: audit.ChainHead  # printed on the day-end report
    bill_a: uuid.UUID


def _approval() -> SupervisorApproval:
    return SupervisorApproval("super1", SUPERVISOR_PASSWORD, "")


@pytest.fixture
def books(db, settings, clerk, supervisor, customer_form) -> Books:  # type: ignore[no-untyped-def]
    a = cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(name="张三")))
    b = cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(name="李四")))
    content = f"户号,账期,电量,金额\n{a.account_no},2026-01,100,128.50\n{b.account_no},2026-01,50,60.00\n"
    report = import_bills_csv(db, supervisor, content.encode(), settings=settings)
    assert report.ok, report
    shift = cashier.open_session(db, clerk, 50000)
    paid = payments.post_payment(db, clerk, payments.PostPayment(
        uuid.uuid4(), a.id, (TenderInput("cash", 13000),)))
    prepaid = payments.post_payment(db, clerk, payments.PostPayment(
        uuid.uuid4(), b.id, (TenderInput("cash", 5000), TenderInput("qr", 5000, "WX123")), 10000))
    extra = payments.post_payment(db, clerk, payments.PostPayment(
        uuid.uuid4(), b.id, (TenderInput("cash", 2000),), 2000))
    reversed_ = payments.reverse_payment(db, clerk, payments.ReversePayment(
        uuid.uuid4(), extra.payment_id, "wrong_amount", "金额输错", _approval()))
    for r in (paid, prepaid, extra, reversed_):
        payments.record_print(db, clerk, payments.DOC_RECEIPT, r.payment_id, r.receipt_no, "POS-58", "80mm")
    summary = cashier.session_summary(db, clerk, shift.id)
    cash_fen = summary.expected_cash_fen
    day_end = cashier.close_session(db, clerk, cashier.CloseSession(
        shift.id, summary.session.version, {"note_1": cash_fen // 100, "coin_1_jiao": cash_fen % 100 // 10}))
    head = day_end.extra["log_head"]
    cashier.approve_session(db, supervisor, shift.id, cashier.session_summary(db, supervisor, shift.id).session.version)
    with db.read() as s:
        bill_a = s.scalar(select(Bill.id).where(Bill.customer_id == a.id))
    # 退补 of A's settled bill: the credit becomes prepaid through an offset.
    adjustments.issue_adjustment(db, supervisor, adjustments.IssueAdjustment(bill_a, -1000, -8, "抄表差错退还"))
    return Books(db, settings.db_url, paid, prepaid, reversed_,
                 audit.ChainHead(head["node"], head["seq"], head["hash"]), bill_a)


def test_clean_books_are_complete_and_verify_log_exits_0(books, capsys):
    report = _audit(books.db)
    assert report.ok, report.lines()
    (chain,) = report.chains
    assert chain.anchors_checked == 2  # the day-end head and the review head, stored at the review
    assert report.reconcile.payments == 4 and report.reconcile.bills == 3
    code, out = _cli(books.url, capsys, f"{books.close_head.seq}:{books.close_head.short}")
    assert code == 0 and "完整" in out and "不符" not in out
    assert "3 个锚点一致" in out


def test_day_end_report_prints_the_head_at_close_and_the_review_stores_it(books):
    with books.db.read() as s:
        close = s.scalar(select(Operation).where(Operation.op_type == "CloseSession"))
        approve = s.scalar(select(Operation).where(Operation.op_type == "ApproveSession"))
        anchors = {a.source: (a.seq, a.hash, a.recorded_by) for a in s.scalars(select(LogAnchor))}
    assert (books.close_head.seq, books.close_head.hash) == (close.seq, close.hash)
    assert anchors == {"day_end": (close.seq, close.hash, "super1"), "review": (approve.seq, approve.hash, "super1")}


def test_day_end_pdf_carries_the_head(books, clerk):
    from app.printing.day_end import render_day_end

    with books.db.read() as s:
        sid = s.scalar(select(Operation.entity_id).where(Operation.op_type == "CloseSession"))
    report = cashier.day_end_report(books.db, clerk, sid)
    assert report.extra["log_head"]["hash"] == books.close_head.hash  # the same on every reprint
    pdf = render_day_end(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


# ---- tampering by SQL -----------------------------------------------------------------------------


def _receipt_payment(books: Books) -> uuid.UUID:
    return books.prepaid.payment_id


TAMPERS = {
    "payment amount": (lambda b: update(Payment).where(Payment.id == _receipt_payment(b)).values(amount_fen=9000),
                       "收款金额"),
    "payment prepaid": (lambda b: update(Payment).where(Payment.id == _receipt_payment(b))
                        .values(prepaid_fen=Payment.prepaid_fen + 100), "预存"),
    "tender amount": (lambda b: update(PaymentTender).where(PaymentTender.payment_id == _receipt_payment(b),
                                                            PaymentTender.kind == "qr").values(amount_fen=4000),
                      "收款方式"),
    "allocation": (lambda b: update(PaymentAllocation).where(PaymentAllocation.payment_id == b.paid.payment_id)
                   .values(principal_fen=PaymentAllocation.principal_fen - 50), "销账"),
    "bill amount": (lambda b: update(Bill).where(Bill.id == b.bill_a).values(amount_fen=20000), "账单"),
    # the adjustment's offset moved onto another bill: amounts and counts unchanged, only the digest differs
    "offset allocation": (lambda b: update(PaymentAllocation).where(
        PaymentAllocation.payment_id.in_(select(Payment.id).where(Payment.kind == "offset")))
        .values(bill_id=b.bill_a), "摘要"),
    "deleted payment": (lambda b: delete(PaymentTender).where(PaymentTender.payment_id == b.reversed_.payment_id),
                        "收款方式"),
}


@pytest.mark.parametrize("tamper", list(TAMPERS))
def test_a_table_changed_behind_the_log_is_reported(books, capsys, tamper):
    stmt, words = TAMPERS[tamper]
    with _unguarded(books.db) as s:
        s.execute(stmt(books))
    report = _audit(books.db)
    assert all(c.ok for c in report.chains)  # the log itself is intact: only the reconcile sees it
    assert not report.reconcile.ok
    first = str(report.reconcile.findings[0])
    assert words in first, first
    code, out = _cli(books.url, capsys)
    assert code == 1 and "对账不符" in out and "结论：完整" not in out


def test_a_payment_inserted_outside_the_log_is_reported(books):
    with _unguarded(books.db) as s:
        original = s.get(Payment, books.paid.payment_id)
        forged = {c.name: getattr(original, c.key) for c in Payment.__table__.columns}
        forged.update(id=uuid.uuid4(), receipt_no="3301R99999999")
        s.execute(Payment.__table__.insert().values(**forged))
    report = _audit(books.db)
    assert "3301R99999999" in str(report.reconcile.findings[0]) and "日志" in str(report.reconcile.findings[0])


def test_negative_prepaid_is_reported(books):
    with _unguarded(books.db) as s:
        s.execute(update(Payment).where(Payment.id == books.prepaid.payment_id).values(prepaid_fen=-500))
    findings = [str(f) for f in _audit(books.db).reconcile.findings]
    assert any("预存余额为负" in f for f in findings), findings


def _truncate(db, from_seq: int) -> None:  # type: ignore[no-untyped-def]
    """Delete the log from ``from_seq`` on and rewind the node, so the chain itself is consistent."""
    with _unguarded(db) as s:
        node = s.scalar(select(Node))
        prev = s.scalar(select(Operation.hash).where(Operation.node_id == node.id, Operation.seq == from_seq - 1))
        s.execute(delete(Operation).where(Operation.seq >= from_seq))
        s.execute(update(Node).where(Node.id == node.id).values(op_seq=from_seq - 1, op_last_hash=prev))


def test_a_truncated_tail_is_reported_by_the_stored_anchors(books, capsys):
    _truncate(books.db, books.close_head.seq)
    report = _audit(books.db)
    (chain,) = report.chains
    assert not chain.ok and "截断" in chain.problem
    code, out = _cli(books.url, capsys)
    assert code == 1 and "截断" in out


def test_a_truncated_tail_with_the_anchor_rows_deleted_is_caught_by_the_printed_anchor(books, capsys):
    _truncate(books.db, books.close_head.seq)
    with _unguarded(books.db) as s:
        s.execute(delete(LogAnchor))
    with books.db.read() as s:
        (bare,) = oplog.verify(s)
    assert bare.ok  # without anchors the shortened chain looks whole: why the report prints the head
    code, out = _cli(books.url, capsys, f"{books.close_head.seq}:{books.close_head.short}")
    assert code == 1 and "截断" in out and f"第{books.close_head.seq}条" in out


def _rechain(db, edit_seq: int, edit) -> None:  # type: ignore[no-untyped-def]
    """An owner's forgery: edit one record's payload and recompute every hash after it."""
    with _unguarded(db) as s:
        ops = list(s.scalars(select(Operation).where(Operation.seq >= edit_seq - 1).order_by(Operation.seq)))
        prev = ops[0].hash
        for op in ops[1:]:
            if op.seq == edit_seq:
                op.payload = oplog.canonical_json(edit(json.loads(op.payload)))
                op.payload_hash = oplog._sha256(op.payload)
            op.prev_hash = prev
            op.hash = oplog.record_hash(op.op_id, op.node_id, op.seq, op.op_type, op.entity_type, op.entity_id,
                                        op.payload_hash, op.actor, op.occurred_at, op.prev_hash)
            prev = op.hash
        s.flush()
        s.execute(update(Node).values(op_last_hash=prev))


def _lower_payment(books: Books) -> None:
    """Payment row and its record changed together (amount, tenders), chain recomputed."""
    with books.db.read() as s:
        seq = s.scalar(select(Operation.seq).where(Operation.op_type == "PostPayment",
                                                   Operation.entity_id == books.paid.payment_id))

    def edit(p):  # type: ignore[no-untyped-def]
        return {**p, "amount_fen": 12000, "tendered_fen": 12000, "change_fen": 0}

    _rechain(books.db, seq, edit)
    with _unguarded(books.db) as s:
        s.execute(update(Payment).where(Payment.id == books.paid.payment_id)
                  .values(amount_fen=12000, tendered_fen=12000, change_fen=0))


def test_a_recomputed_chain_is_reported_at_the_anchor(books, capsys):
    _lower_payment(books)
    with books.db.read() as s:
        (bare,) = oplog.verify(s, stored_anchors=False)
    assert bare.ok  # the chain alone is consistent again
    report = _audit(books.db)
    (chain,) = report.chains
    assert not chain.ok and "锚点" in chain.problem and chain.first_broken_seq == books.close_head.seq
    code, out = _cli(books.url, capsys)
    assert code == 1 and "与锚点不符" in out


def test_a_recomputed_chain_with_the_anchor_rows_rewritten_is_caught_by_the_printed_anchor(books, capsys):
    _lower_payment(books)
    with _unguarded(books.db) as s:
        s.execute(delete(LogAnchor))
    code, out = _cli(books.url, capsys)
    assert code == 0  # a consistent forgery of chain, tables and anchors: only paper can tell
    code, out = _cli(books.url, capsys, f"{books.close_head.seq}:{books.close_head.short}")
    assert code == 1 and "与锚点不符" in out


# ---- anchors typed in ------------------------------------------------------------------------


def test_an_anchor_typed_from_the_printed_report_is_checked_and_kept(books, admin, clerk):
    good = audit.record_anchor(books.db, admin, books.close_head.seq, books.close_head.short.upper())
    assert good.ok
    bad = audit.record_anchor(books.db, admin, books.close_head.seq, "0" * 16, note="第二份报表")
    assert not bad.ok and "不符" in bad.message
    (chain,) = _audit(books.db).chains
    assert not chain.ok and "录入的锚点" in chain.problem
    with pytest.raises(ValidationErrors):
        audit.record_anchor(books.db, admin, books.close_head.seq, "abc")
    from app.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        audit.record_anchor(books.db, clerk, books.close_head.seq, books.close_head.short)


@pytest.mark.parametrize("bad", ["12", "x:abcdefabcdefabcd", "0:abcdefabcdefabcd", "5:abcdefabcdef", "5:zzzzzzzzzzzzzzzz"])
def test_anchor_syntax(bad):
    with pytest.raises(ValueError):
        oplog.parse_anchor(bad)
    assert oplog.parse_anchor("3301:12:ABCDEFABCDEFABCD") == oplog.Anchor(12, "abcdefabcdefabcd", "命令行", "3301")


def test_verify_log_rejects_a_malformed_anchor(db, settings, capsys):
    assert main.main(["--db-url", settings.db_url, "verify-log", "--anchor", "12"]) == 2


# ---- personal data in the log (item 12) ------------------------------------------------------------


def test_no_payload_holds_a_full_id_number_or_phone(db, settings, clerk, supervisor, customer_form):
    first_id, second_id = valid_resident_id(801), valid_resident_id(802)
    view = cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(
        id_number=first_id, phone="13812345678", phone2="057187654321")))
    edit = cs.CustomerInput(view.party_type, view.kind, view.name, view.id_type, second_id, view.area,
                            view.voltage_level, str(view.capacity_kva), view.tariff_code, phone="13999998888",
                            phone2="", supply_address=view.supply_address)
    cs.update_customer(db, supervisor, cs.UpdateCustomer(view.id, view.version, edit))
    with db.read() as s:
        payloads = [op.payload for op in s.scalars(select(Operation))]
        registered = json.loads(s.scalar(select(Operation.payload).where(Operation.op_type == "RegisterCustomer")))
        changed = json.loads(s.scalar(select(Operation.payload).where(Operation.op_type == "UpdateCustomer")))
        # What the log keeps is still checkable against a value by whoever holds the database.
        assert audit.pii_matches(s, "id_number", registered["id_number"], first_id)
        assert not audit.pii_matches(s, "id_number", registered["id_number"], second_id)
        assert audit.pii_matches(s, "phone", changed["changes"]["phone"][1], "13999998888")
    for secret in (first_id, second_id, "13812345678", "13999998888", "057187654321", "87654321"):
        assert not any(secret in p for p in payloads), secret
    assert registered["name"] == "张三"
    assert set(changed["changes"]) == {"id_number", "phone", "phone2"}
    history = cs.customer_history(db, supervisor, view.id)
    changes = {label: (old, new) for label, old, new in history[0].changes}
    assert changes["证件号码"] == (cs.mask_id(first_id), cs.mask_id(second_id))
    assert changes["联系电话"] == ("138****5678", "139****8888")
    assert changes["备用电话"][1] == ""
    registered_view = {label: new for label, _, new in history[1].changes}
    assert registered_view["证件号码"] == cs.mask_id(first_id) and registered_view["户名"] == "张三"
    assert _audit(db).ok


def _strip_payload(db, op_type: str, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Make the records of ``op_type`` look like those written before this change (the reconcile
    reads payloads only; the chain is not what these tests look at)."""
    with _unguarded(db) as s:
        for op in s.scalars(select(Operation).where(Operation.op_type == op_type)):
            payload = {k: v for k, v in json.loads(op.payload).items() if k not in keys}
            op.payload = oplog.canonical_json(payload)


def test_older_undo_records_are_checked_from_the_original_payment(books):
    _strip_payload(books.db, "ReversePayment", "allocations", "prepaid_fen")
    _strip_payload(books.db, "IssueAdjustment", "offsets", "offset_fen")
    with books.db.read() as s:
        clean = audit.reconcile(s)
    assert clean.ok, [str(f) for f in clean.findings]
    assert any("退补" in n for n in clean.notes)  # the offsets' global check is skipped, and said so
    with _unguarded(books.db) as s:
        s.execute(update(Payment).where(Payment.id == books.reversed_.payment_id).values(prepaid_fen=0))
    with books.db.read() as s:
        found = audit.reconcile(s)
    assert not found.ok and books.reversed_.receipt_no in str(found.findings[0])
    assert "预存" in str(found.findings[0])


def test_record_anchor_from_the_command_line(books, capsys, monkeypatch):
    import io

    from tests.conftest import ADMIN_PASSWORD

    typed = " ".join(books.close_head.short[i:i + 4] for i in range(0, 16, 4))  # as printed, in groups
    monkeypatch.setattr("sys.stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    open_before = _open_sessions(books)
    code = main.main(["--db-url", books.url, "record-anchor", f"{books.close_head.seq}:{typed.replace(' ', '')}",
                      "--user", "admin", "--note", "班次日结报表"])
    out = capsys.readouterr().out
    assert code == 0 and "一致" in out
    assert _open_sessions(books) == open_before  # the command logs out again
    with books.db.read() as s:
        assert s.scalar(select(LogAnchor.note).where(LogAnchor.source == "manual")) == "班次日结报表"
    assert audit.record_anchor(books.db, _login_admin(books), books.close_head.seq, typed).ok
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong\n"))
    assert main.main(["--db-url", books.url, "record-anchor", f"{books.close_head.seq}:{books.close_head.short}",
                      "--user", "admin"]) == 2


def _open_sessions(books):  # type: ignore[no-untyped-def]
    from db.models import UserSession

    with books.db.read() as s:
        return len(s.scalars(select(UserSession.token).where(UserSession.ended_at.is_(None))).all())


def _login_admin(books):  # type: ignore[no-untyped-def]
    from app.services import auth
    from tests.conftest import ADMIN_PASSWORD

    return auth.login(books.db, "admin", ADMIN_PASSWORD)
