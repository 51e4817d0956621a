"""Cashier sessions (收费班次): open with a float, close with a count, day-end report, approval.

The contract is docs/money-path.md ("Sessions"). A user has at most one open session; every
payment, reversal and refund lands in one. Closing counts the drawer per denomination
(:data:`app.domain.cashier.DENOMINATIONS`) against float + net cash and records the over/short;
it is refused while any receipt of the session was never printed. A supervisor then approves.
Session rows carry an optimistic-lock ``version``: a stale ``expected_version`` is a
:class:`ConcurrentEdit`.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain import cashier as rules
from app.domain.allocation import TENDER_KINDS
from app.domain.codes import OpType, PaymentKind, SessionStatus, TenderKind
from app.domain.errors import (
    ConcurrentEdit,
    Message,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
    ValidationErrors,
    term,
)
from app.domain.money import format_yuan
from app.domain.text import clean_text
from app.dto.cashier import DayEndReport, SessionRow, SessionSummary
from app.dto.common import Actor
from app.services import audit, hall_rules
from app.services.payments import DOC_RECEIPT, RECEIPT_KINDS, local_time, payment_rows
from app.services.permissions import allowed, require
from app.write_path import numbers, oplog
from db.engine import Database
from db.models import CashierSession, Node, Payment, PaymentTender, PrintRecord, User, utcnow

STATUS_LABELS: dict[str, str] = {SessionStatus.OPEN: "未结班", SessionStatus.CLOSED: "已结班",
                                  SessionStatus.APPROVED: "已审核", SessionStatus.RETURNED: "已退回"}


@dataclass(frozen=True)
class CloseSession:
    session_id: uuid.UUID
    expected_version: int
    counts: dict[str, int]  # app.domain.cashier.DENOMINATIONS code -> count
    note: str = ""


def _row(session: Session, cs: CashierSession) -> SessionRow:
    names = dict(session.execute(select(User.username, User.display_name).where(
        User.username.in_({cs.username, cs.approved_by, cs.reviewed_by} - {None}))).all())
    return _row_named(cs, names)


def _get(session: Session, session_id: uuid.UUID, lock: bool = False) -> CashierSession:
    stmt = select(CashierSession).where(CashierSession.id == session_id)
    if lock:
        stmt = stmt.with_for_update()
    cs = session.scalars(stmt.execution_options(populate_existing=True)).first()
    if cs is None:
        raise NotFound("收费班次不存在")
    return cs


def _may_view(actor: Actor, cs: CashierSession) -> None:
    if cs.user_id != actor.user_id and not allowed(actor, "session.view_all"):
        raise PermissionDenied("只能查看本人的收费班次")


def _unprinted_rows(session: Session, session_id: uuid.UUID) -> list[tuple[str, uuid.UUID]]:
    """(receipt no, payment id) of the session's receipts that never went out, by number."""
    printed = select(PrintRecord.id).where(PrintRecord.doc_type == DOC_RECEIPT, PrintRecord.doc_id == Payment.id)
    # receipt_no IS NOT NULL is part of the query, so every number is a str.
    return [(cast(str, no), pid) for no, pid in session.execute(
        select(Payment.receipt_no, Payment.id).where(Payment.session_id == session_id,
                                                     Payment.receipt_no.is_not(None), ~printed.exists())
        .order_by(Payment.receipt_no))]


def _unprinted(session: Session, session_id: uuid.UUID) -> tuple[str, ...]:
    return tuple(no for no, _ in _unprinted_rows(session, session_id))


def unprinted_receipts(db: Database, actor: Actor, session_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """Receipt number → payment id of the session's receipts that never went out (交班前补打),
    including those issued before a restart of the program."""
    with db.read() as session:
        _may_view(actor, _get(session, session_id))
        return dict(_unprinted_rows(session, session_id))


def _summary(session: Session, cs: CashierSession) -> SessionSummary:
    by_tender = dict.fromkeys(TENDER_KINDS, 0)
    for kind, amount in session.execute(
            select(PaymentTender.kind, func.sum(PaymentTender.amount_fen))
            .join(Payment, Payment.id == PaymentTender.payment_id)
            .where(Payment.session_id == cs.id).group_by(PaymentTender.kind)):
        by_tender[kind] = by_tender.get(kind, 0) + int(amount or 0)
    counts: dict[str, int] = dict.fromkeys(RECEIPT_KINDS, 0)
    total = change = 0
    for kind, n, amount, change_sum in session.execute(
            select(Payment.kind, func.count(), func.sum(Payment.amount_fen), func.sum(Payment.change_fen))
            .where(Payment.session_id == cs.id).group_by(Payment.kind)):
        counts[kind] = int(n)
        total += int(amount or 0)
        change += int(change_sum or 0)
    by_tender[TenderKind.CASH] -= change  # cash kept is cash received minus change handed back
    return SessionSummary(
        session=_row(session, cs), by_tender=by_tender, payments=counts[PaymentKind.PAYMENT],
        reversals=counts[PaymentKind.REVERSAL], refunds=counts[PaymentKind.REFUND], total_fen=total,
        expected_cash_fen=cs.float_fen + by_tender[TenderKind.CASH],
        unprinted_receipts=_unprinted(session, cs.id),
    )


def _report(session: Session, cs: CashierSession) -> DayEndReport:
    summary = _summary(session, cs)
    node = session.get(Node, cs.node_id)
    assert node is not None
    payments = list(session.scalars(select(Payment).where(Payment.session_id == cs.id)
                                    .order_by(Payment.posted_at, Payment.receipt_no)))
    counts = json.loads(cs.counted) if cs.counted else {}
    over_short = cs.over_short_fen or 0
    if over_short > 0:
        status = Message("长款 {amount}", amount=format_yuan(over_short))
    elif over_short < 0:
        status = Message("短款 {amount}", amount=format_yuan(-over_short))
    else:
        status = Message("账实相符")
    head = audit.close_head(session, cs.id)
    return DayEndReport(
        summary=summary, counts=counts, counted_cash_fen=cs.counted_cash_fen or 0, over_short_fen=over_short,
        receipts=tuple(payment_rows(session, payments)), hall_name=node.name, node_code=node.code,
        printed_at=dt.datetime.now().astimezone(),
        extra={"over_short_text": status, "note": cs.note, "status_label": STATUS_LABELS.get(cs.status, cs.status),
               "company": node.company,
               # the chain head at close (docs/audit.md): printed, so the log can be checked against paper
               **({"log_head": {"node": head.node_code, "seq": head.seq, "hash": head.hash}} if head else {})},
    )


# ---- service functions ----------------------------------------------------------------------


def current_session(db: Database, actor: Actor) -> SessionRow | None:
    """The actor's open session, or None (the payment dialog then asks to open one: 请先开班)."""
    with db.read() as session:
        cs = session.scalars(select(CashierSession).where(CashierSession.user_id == actor.user_id,
                                                          CashierSession.status == SessionStatus.OPEN)).first()
        return _row(session, cs) if cs else None


def open_session(db: Database, actor: Actor, float_fen: int) -> SessionRow:
    """开班 with a float (备用金, ≥ 0). One open session per user."""
    require(actor, "session.open")
    if isinstance(float_fen, bool) or not isinstance(float_fen, int):
        raise ValidationError("float_fen", "备用金格式不正确，请输入以元为单位、最多两位小数的金额")
    if float_fen < 0:
        raise ValidationError("float_fen", "备用金不能为负数")
    with db.write() as session:
        limit = hall_rules.for_node(session, actor.node_id).max_payment_fen
        if float_fen > limit:
            raise ValidationError("float_fen", "备用金不能超过 {limit}，请核对", limit=format_yuan(limit))
        # The user's row serialises two "open" clicks on two PCs (PostgreSQL; SQLite writers
        # are serialised anyway).
        session.execute(select(User.id).where(User.id == actor.user_id).with_for_update())
        existing = session.scalars(select(CashierSession).where(CashierSession.user_id == actor.user_id,
                                                                CashierSession.status == SessionStatus.OPEN)).first()
        if existing is not None:
            raise RuleViolation("您已有未结班的班次 {session_no}，请先结班", session_no=existing.session_no)
        session_no = numbers.next_number(session, actor.node_id, "session")
        cs = CashierSession(session_no=session_no, node_id=actor.node_id, user_id=actor.user_id,
                            username=actor.username, opened_at=utcnow(), float_fen=float_fen,
                            status=SessionStatus.OPEN)
        session.add(cs)
        session.flush()
        oplog.append(session, actor, OpType.OPEN_SESSION, {"session_no": session_no, "float_fen": float_fen},
                     "cashier_session", cs.id)
        return _row(session, cs)


def session_summary(db: Database, actor: Actor, session_id: uuid.UUID) -> SessionSummary:
    """Running totals: net per tender, counts, expected cash, receipts never printed."""
    with db.read() as session:
        cs = _get(session, session_id)
        _may_view(actor, cs)
        return _summary(session, cs)


def _clean_counts(counts: object) -> tuple[dict[str, int], int]:
    if not isinstance(counts, dict):
        raise ValidationErrors([ValidationError("counts", "请填写各面额的张（枚）数")])
    errors: list[ValidationError] = []
    clean: dict[str, int] = {}
    for code, pieces in counts.items():
        if code not in rules.DENOMINATIONS:
            errors.append(ValidationError(str(code)[:20], "未知面额：{code}", code=str(code)[:20]))
            continue
        label = rules.DENOMINATIONS[code].label
        if isinstance(pieces, bool) or not isinstance(pieces, int):
            errors.append(ValidationError(code, "{label}的张（枚）数请填写整数", label=label))
            continue
        try:
            rules.count_total({code: pieces})
        except ValidationError as exc:
            errors.append(exc)
            continue
        if pieces:
            clean[code] = pieces
    if errors:
        raise ValidationErrors(errors)
    return clean, rules.count_total(clean)


def close_session(db: Database, actor: Actor, cmd: CloseSession) -> DayEndReport:
    """结班: count the drawer, record over/short, status ``closed``; returns the day-end report.

    Refused while any receipt of the session was never printed (the message lists them)."""
    counts, counted = _clean_counts(cmd.counts)
    try:
        note = clean_text(cmd.note, "note", "备注", max_len=200, required=False)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from exc
    try:
        with db.write() as session:
            cs = _get(session, cmd.session_id, lock=True)
            if cs.user_id != actor.user_id and not allowed(actor, "session.approve"):
                raise PermissionDenied("只能结本人的收费班次")
            if cs.version != cmd.expected_version:
                raise ConcurrentEdit("该班次已被他人修改，请刷新后再结班")
            if cs.status != SessionStatus.OPEN:
                raise RuleViolation("班次 {session_no} 已结班", session_no=cs.session_no)
            unprinted = _unprinted(session, cs.id)
            if unprinted:
                shown = "、".join(unprinted[:10])
                if len(unprinted) > 10:
                    raise RuleViolation("还有{count}张收费凭证未打印（{shown}等），请先打印后再结班",
                                        count=len(unprinted), shown=shown)
                raise RuleViolation("还有{count}张收费凭证未打印（{shown}），请先打印后再结班",
                                    count=len(unprinted), shown=shown)
            summary = _summary(session, cs)
            result = rules.close_session(cs.float_fen, summary.by_tender, counted)
            cs.status = SessionStatus.CLOSED
            cs.closed_at = utcnow()
            cs.counted = json.dumps(counts, sort_keys=True)
            cs.counted_cash_fen = result.counted_cash_fen
            cs.expected_cash_fen = result.expected_cash_fen
            cs.over_short_fen = result.over_short_fen
            cs.totals = json.dumps(result.by_tender, sort_keys=True)
            cs.note = note
            session.flush()
            oplog.append(session, actor, OpType.CLOSE_SESSION, {
                "session_no": cs.session_no, "float_fen": cs.float_fen, "counts": counts,
                "counted_cash_fen": result.counted_cash_fen, "expected_cash_fen": result.expected_cash_fen,
                "over_short_fen": result.over_short_fen, "by_tender": result.by_tender,
                "payments": summary.payments, "reversals": summary.reversals, "refunds": summary.refunds,
                "total_fen": summary.total_fen, "note": note,
            }, "cashier_session", cs.id)
            return _report(session, cs)
    except StaleDataError as exc:
        raise ConcurrentEdit("该班次已被他人修改，请刷新后再结班") from exc


def _review_comment(comment: str, required: bool) -> str:
    try:
        text = clean_text(comment, "comment", "审核意见", max_len=500, required=required, multiline=True)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from exc
    if required and len(text) < 4:
        raise ValidationErrors([ValidationError("comment", "请填写至少4个字的退回意见（如短款如何处理）")])
    return text


def return_session(db: Database, actor: Actor, session_id: uuid.UUID, expected_version: int,
                   comment: str) -> SessionRow:
    """退回: the supervisor sends a closed session back with a comment (e.g. how a shortage is
    to be handled); the clerk sees the comment, and the session can be approved later."""
    require(actor, "session.approve")
    text = _review_comment(comment, required=True)
    try:
        with db.write() as session:
            cs = _get(session, session_id, lock=True)
            if cs.version != expected_version:
                raise ConcurrentEdit("该班次已被他人修改，请刷新后再审核")
            if cs.status != SessionStatus.CLOSED:
                raise RuleViolation("班次{session_no}{status}，不能退回", session_no=cs.session_no,
                                    status=term(STATUS_LABELS.get(cs.status, cs.status)))
            if cs.user_id == actor.user_id:
                raise RuleViolation("不能审核本人的收费班次，请由其他值班长审核")
            cs.status = SessionStatus.RETURNED
            cs.reviewed_by = actor.username
            cs.review_comment = text
            session.flush()
            oplog.append(session, actor, OpType.RETURN_SESSION, {
                "session_no": cs.session_no, "over_short_fen": cs.over_short_fen, "comment": text},
                "cashier_session", cs.id)
            return _row(session, cs)
    except StaleDataError as exc:
        raise ConcurrentEdit("该班次已被他人修改，请刷新后再审核") from exc


def approve_session(db: Database, actor: Actor, session_id: uuid.UUID, expected_version: int,
                    comment: str = "") -> SessionRow:
    """审核: a supervisor accepts a closed (or returned) session (not their own), with an
    optional comment."""
    require(actor, "session.approve")
    text = _review_comment(comment, required=False)
    try:
        with db.write() as session:
            cs = _get(session, session_id, lock=True)
            if cs.version != expected_version:
                raise ConcurrentEdit("该班次已被他人修改，请刷新后再审核")
            if cs.status == SessionStatus.OPEN:
                raise RuleViolation("班次 {session_no} 尚未结班，不能审核", session_no=cs.session_no)
            if cs.status == SessionStatus.APPROVED:
                raise RuleViolation("班次 {session_no} 已审核", session_no=cs.session_no)
            if cs.user_id == actor.user_id:
                raise RuleViolation("不能审核本人的收费班次，请由其他值班长审核")
            cs.status = SessionStatus.APPROVED
            cs.approved_by = actor.username
            cs.approved_at = utcnow()
            cs.reviewed_by = actor.username
            if text:
                cs.review_comment = text
            session.flush()
            oplog.append(session, actor, OpType.APPROVE_SESSION, {
                "session_no": cs.session_no, "over_short_fen": cs.over_short_fen,
                "counted_cash_fen": cs.counted_cash_fen, **({"comment": text} if text else {})},
                "cashier_session", cs.id)
            audit.store_review_anchors(session, actor, cs)
            return _row(session, cs)
    except StaleDataError as exc:
        raise ConcurrentEdit("该班次已被他人修改，请刷新后再审核") from exc


def list_sessions(db: Database, actor: Actor, status: str | None = None, limit: int = 200) -> list[SessionRow]:
    """Newest first: a clerk sees their own sessions, a supervisor / admin everyone's."""
    if status is not None and status not in STATUS_LABELS:
        raise ValidationError("status", "班次状态不正确")
    stmt = select(CashierSession).order_by(CashierSession.opened_at.desc(), CashierSession.session_no.desc())
    if not allowed(actor, "session.view_all"):
        stmt = stmt.where(CashierSession.user_id == actor.user_id)
    if status is not None:
        stmt = stmt.where(CashierSession.status == status)
    with db.read() as session:
        rows = list(session.scalars(stmt.limit(max(1, min(limit, 5000)))))
        names = dict(session.execute(select(User.username, User.display_name).where(
            User.username.in_({r.username for r in rows} | {r.approved_by for r in rows if r.approved_by}
                              | {r.reviewed_by for r in rows if r.reviewed_by}))).all())
        return [_row_named(cs, names) for cs in rows]


def _row_named(cs: CashierSession, names: dict[str, str]) -> SessionRow:
    return SessionRow(
        id=cs.id, session_no=cs.session_no, username=cs.username, clerk_name=names.get(cs.username, cs.username),
        opened_at=local_time(cs.opened_at), float_fen=cs.float_fen, status=cs.status,
        closed_at=local_time(cs.closed_at) if cs.closed_at else None, counted_cash_fen=cs.counted_cash_fen,
        expected_cash_fen=cs.expected_cash_fen, over_short_fen=cs.over_short_fen,
        approved_by=names.get(cs.approved_by, cs.approved_by) if cs.approved_by else None, version=cs.version,
        review_comment=cs.review_comment or "",
        reviewed_by=names.get(cs.reviewed_by, cs.reviewed_by) if cs.reviewed_by else "",
    )


def day_end_report(db: Database, actor: Actor, session_id: uuid.UUID) -> DayEndReport:
    """The day-end report (日结报表) of a closed or approved session, for (re)printing."""
    with db.read() as session:
        cs = _get(session, session_id)
        _may_view(actor, cs)
        if cs.status == SessionStatus.OPEN:
            raise RuleViolation("班次 {session_no} 尚未结班，结班后才能打印日结报表", session_no=cs.session_no)
        return _report(session, cs)
