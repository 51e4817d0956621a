"""Identity and approvals (issue 7 items 4, 5, 7; docs/identity.md), on SQLite and PostgreSQL.

Four eyes: approver ≠ requester. Live identity: every write re-reads the log-in session, the
active flag and the role. The approval dialog has its own throttle, 退补 above a limit needs a
second person, a session review can return a session, a reset password must be changed, and
one 工号 names one person.
"""

from __future__ import annotations

import dataclasses
import json
import secrets

import pytest
from sqlalchemy import select, update

from app.domain.errors import (
    AuthenticationFailed,
    OverrideRequired,
    PermissionDenied,
    RuleViolation,
    ValidationErrors,
)
from app.services import adjustments, auth, cashier, customers
from app.services.permissions import SessionEnded
from db.engine import Database
from db.models import Bill, Customer, Operation, User, UserSession
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, SUPERVISOR_PASSWORD, set_hall_rules
from tests.services.test_customers import BAD_CHECK_DIGIT_ID
from tests.services.test_payments import (
    _close,
    add_bill,
    approval,
    cash,
    count,
    money_state,
    new_customer,
    post,
    print_receipt,
    refund,
    reverse,
)

SUPER2_PASSWORD = "Super2-2026"


def _user(db, username):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(User).where(User.username == username))


def _row(db, admin, username):  # type: ignore[no-untyped-def]
    return next(r for r in auth.list_users(db, admin) if r.username == username)


def _edit(db, admin, username, **changes):  # type: ignore[no-untyped-def]
    row = _row(db, admin, username)
    data = auth.UserInput(row.username, row.display_name, row.employee_no, row.role, "", row.active)
    return auth.update_user(db, admin, row.id, row.version, dataclasses.replace(data, **changes))


def _closed(db, actor, shift, *receipts):  # type: ignore[no-untyped-def]
    """Print every receipt of the shift, then close it (结班 refuses unprinted receipts)."""
    for r in receipts:
        print_receipt(db, actor, r)
    return _close(db, actor, shift.id)


def _ops_of(db, op_type):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return len(s.scalars(select(Operation.seq).where(Operation.op_type == op_type)).all())


def _last_op(db, op_type):  # type: ignore[no-untyped-def]
    with db.read() as s:
        op = s.scalars(
            select(Operation).where(Operation.op_type == op_type).order_by(Operation.seq.desc())
        ).first()
        return json.loads(op.payload) if op else None


@pytest.fixture
def super2(db, settings, admin):  # type: ignore[no-untyped-def]
    auth.create_user(db, admin, auth.UserInput("super2", "钱班长", "2002", "supervisor", SUPER2_PASSWORD))
    return auth.login(db, "super2", SUPER2_PASSWORD)


@pytest.fixture
def cust(db, settings, clerk, customer_form):  # type: ignore[no-untyped-def]
    return new_customer(db, settings, clerk, customer_form)


# ---- item 4: four eyes ----------------------------------------------------------------------------


def test_a_supervisor_cannot_approve_his_own_reversal_or_refund(db, settings, supervisor, super2, cust):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, supervisor, 50000)
    add_bill(db, supervisor, cust, 10000)
    paid = post(db, settings, supervisor, cust, cash(10000))
    before = money_state(db)
    with pytest.raises(PermissionDenied) as exc:
        reverse(db, settings, supervisor, paid.payment_id)
    assert "不能由本人授权本人的业务" in exc.value.message
    assert money_state(db)[:3] == before[:3]
    # Another supervisor may approve it.
    undo = reverse(db, settings, supervisor, paid.payment_id, appr=approval("super2", SUPER2_PASSWORD))
    assert undo.approved_by == "钱班长"
    # A refund after the close: the same rule.
    paid2 = post(db, settings, supervisor, cust, cash(5000), amount=5000)
    _closed(db, supervisor, shift, paid, undo, paid2)
    cashier.open_session(db, supervisor, 10000)  # a float to pay the cash back from
    with pytest.raises(PermissionDenied):
        refund(db, settings, supervisor, paid2.payment_id)


def test_a_supervisor_cannot_approve_his_own_id_exception(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    appr = customers.SupervisorApproval("super1", SUPERVISOR_PASSWORD, "证件原件核对无误")
    with pytest.raises(PermissionDenied):
        customers.register_customer(
            db,
            supervisor,
            customers.RegisterCustomer(customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=appr),
        )
    with db.read() as s:
        assert s.scalar(select(Customer).where(Customer.id_number == BAD_CHECK_DIGIT_ID)) is None


def test_self_approval_only_with_the_setting_in_a_hall_with_one_supervisor(
    db, settings, supervisor, admin, cust
):  # type: ignore[no-untyped-def]
    set_hall_rules(db, allow_self_approval_single_supervisor=True)
    lone = settings
    cashier.open_session(db, supervisor, 50000)
    paid = post(db, lone, supervisor, cust, cash(8000))
    # one supervisor in the hall (the administrator is no 值班长): he may approve his own
    undo = reverse(db, lone, supervisor, paid.payment_id)
    assert undo.approved_by == "赵班长自批（单值班长营业厅）"
    assert _last_op(db, "ReversePayment")["self_approval"] == "自批（单值班长营业厅）"
    # The stored receipt (reprint) says so too.
    from app.services import payments

    assert payments.get_receipt(db, supervisor, undo.payment_id).approved_by.endswith(
        "自批（单值班长营业厅）"
    )
    # A second supervisor joins the hall: self-approval is refused again, setting or not.
    auth.create_user(db, admin, auth.UserInput("super2", "钱班长", "2002", "supervisor", SUPER2_PASSWORD))
    paid2 = post(db, lone, supervisor, cust, cash(6000))
    with pytest.raises(PermissionDenied) as exc:
        reverse(db, lone, supervisor, paid2.payment_id)
    assert exc.value.params["count"] == 2 and "位值班长" in exc.value.code


def _set_active(db, username, active):  # type: ignore[no-untyped-def]
    with db.write() as s:
        s.execute(update(User).where(User.username == username).values(active=active))


def test_an_admin_never_approves_his_own_action(db, settings, supervisor, admin, cust):  # type: ignore[no-untyped-def]
    """Self-approval is for the lone supervisor: an admin (the reviewer's case: the only
    supervisor inactive or not, the admin typing his own password) is refused."""
    set_hall_rules(db, allow_self_approval_single_supervisor=True)
    bill_id = add_bill(db, supervisor, cust, 200000)
    cmd = adjustments.IssueAdjustment(
        bill_id, -60000, 0, "电价执行错误退还",
        approval=customers.SupervisorApproval(admin.username, ADMIN_PASSWORD, "x"),
    )
    with pytest.raises(PermissionDenied) as exc:
        adjustments.issue_adjustment(db, admin, cmd)
    assert exc.value.code == "不能由本人授权本人的业务，请由另一位值班长或管理员授权"
    # Also when he is the hall's only approver left.
    _set_active(db, "super1", False)
    with pytest.raises(PermissionDenied):
        adjustments.issue_adjustment(db, admin, cmd)
    with db.read() as s:
        assert s.scalar(select(Bill).where(Bill.bill_type == "adjustment")) is None


# ---- item 5: live identity ------------------------------------------------------------------------


def test_a_deactivated_user_is_refused_at_the_next_payment(db, settings, clerk, admin, cust):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 50000)
    post(db, settings, clerk, cust, cash(1000))
    # The administrator deactivates the clerk through another connection (another PC).
    other = Database(settings.db_url)
    try:
        _edit(other, admin, "clerk1", active=False)
    finally:
        other.dispose()
    before = money_state(db)
    with pytest.raises(SessionEnded) as exc:
        post(db, settings, clerk, cust, cash(1000))
    assert "停用" in exc.value.message
    assert money_state(db) == before


def test_a_demoted_supervisor_can_no_longer_approve(db, settings, clerk, supervisor, admin, cust):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 50000)
    closed = _closed(db, clerk, shift, post(db, settings, clerk, cust, cash(1000)))
    _edit(db, admin, "super1", role="clerk")
    # The supervisor's open window: the session review is refused...
    with pytest.raises(SessionEnded) as exc:
        cashier.approve_session(db, supervisor, shift.id, closed.summary.session.version)
    assert "角色已变更" in exc.value.message
    # ...and so is an on-screen approval with his password.
    cashier.open_session(db, clerk, 0)
    paid = post(db, settings, clerk, cust, cash(2000))
    with pytest.raises(PermissionDenied):
        reverse(db, settings, clerk, paid.payment_id)


def test_a_forged_actor_is_refused(db, settings, clerk, clerk2, cust):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 50000)
    cashier.open_session(db, clerk2, 50000)
    before = money_state(db)
    for forged in (
        dataclasses.replace(clerk, token=secrets.token_urlsafe(32)),  # random token
        dataclasses.replace(clerk, token=""),  # none at all
        dataclasses.replace(clerk, role="supervisor"),  # a role the clerk does not hold
        dataclasses.replace(clerk2, token=clerk.token),
    ):  # someone else's session
        with pytest.raises(PermissionDenied):
            post(db, settings, forged, cust, cash(1000))
    assert money_state(db) == before


def test_log_out_ends_the_session_row(db, settings, clerk, cust):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 50000)
    with db.read() as s:
        row = s.get(UserSession, clerk.token)
        assert (row.user_id, row.ended_at) == (clerk.user_id, None)
    auth.logout(db, clerk, "idle")
    with db.read() as s:
        row = s.get(UserSession, clerk.token)
        assert row.ended_at is not None and row.ended_reason == "idle"
    with pytest.raises(SessionEnded) as exc:
        post(db, settings, clerk, cust, cash(1000))
    assert "重新登录" in exc.value.message
    # The idle lock cannot bring an ended session back.
    with pytest.raises(AuthenticationFailed):
        auth.unlock_screen(db, clerk, CLERK_PASSWORD)
    # A new log-in is a new session.
    again = auth.login(db, "clerk1", CLERK_PASSWORD)
    assert again.token != clerk.token
    post(db, settings, again, cust, cash(1000))


# ---- item 7a: the approval throttle does not lock the account -------------------------------------


def test_wrong_approval_passwords_do_not_lock_the_supervisor_out(db, settings, clerk, cust, monkeypatch):  # type: ignore[no-untyped-def]
    cashier.open_session(db, clerk, 50000)
    paid = post(db, settings, clerk, cust, cash(1000))
    wrong = approval("super1", "Wrong-pass1")
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthenticationFailed) as exc:
            reverse(db, settings, clerk, paid.payment_id, appr=wrong)
        assert f"还可尝试{left}次" in exc.value.message
    with pytest.raises(AuthenticationFailed) as exc:
        reverse(db, settings, clerk, paid.payment_id, appr=wrong)
    assert "不影响该账户登录" in exc.value.message
    # The account is not locked: the supervisor logs in normally.
    assert _user(db, "super1").failed_attempts == 0 and _user(db, "super1").locked_until is None
    auth.login(db, "super1", SUPERVISOR_PASSWORD)
    # The approval dialog refuses for a minute, even with the right password...
    with pytest.raises(AuthenticationFailed) as exc:
        reverse(db, settings, clerk, paid.payment_id)
    assert "秒后再试" in exc.value.message
    # ...and then accepts it.
    now = auth._clock()
    monkeypatch.setattr(auth, "_clock", lambda: now + auth.APPROVAL_PAUSE_SECONDS + 1)
    assert reverse(db, settings, clerk, paid.payment_id).kind == "reversal"


# ---- item 7b: 退补 above the limit needs a second person ------------------------------------------


def test_a_large_adjustment_needs_another_persons_approval(db, settings, supervisor, super2, cust):  # type: ignore[no-untyped-def]
    bill_id = add_bill(db, supervisor, cust, 200000)
    cmd = adjustments.IssueAdjustment(bill_id, -60000, 0, "电价执行错误退还")
    before = count(db, Bill)
    with pytest.raises(OverrideRequired) as exc:
        adjustments.issue_adjustment(db, supervisor, cmd)
    assert exc.value.field == "amount_fen" and "500.00" in exc.value.message
    with pytest.raises(PermissionDenied):
        adjustments.issue_adjustment(
            db,
            supervisor,
            dataclasses.replace(
                cmd, approval=customers.SupervisorApproval("super1", SUPERVISOR_PASSWORD, "")
            ))
    assert count(db, Bill) == before
    row = adjustments.issue_adjustment(
        db,
        supervisor,
        dataclasses.replace(cmd, approval=customers.SupervisorApproval("super2", SUPER2_PASSWORD, "")))
    assert row.amount_fen == -60000
    assert _last_op(db, "IssueAdjustment")["approved_by"] == "super2"


def test_a_retried_large_adjustment_returns_its_bill_without_asking_for_a_password(
    db, settings, supervisor, super2, cust
):  # type: ignore[no-untyped-def]
    import uuid

    bill_id = add_bill(db, supervisor, cust, 200000)
    approved = customers.SupervisorApproval("super2", SUPER2_PASSWORD, "")
    cmd = adjustments.IssueAdjustment(bill_id, -60000, 0, "电价执行错误退还", request_id=uuid.uuid4(), approval=approved)
    first = adjustments.issue_adjustment(db, supervisor, cmd)
    bills, failed = count(db, Bill), _ops_of(db, "AuthFailed")
    # The reply was lost; the retry carries no approval, or a mistyped one: the bill already issued comes back.
    assert adjustments.issue_adjustment(db, supervisor, dataclasses.replace(cmd, approval=None)).id == first.id
    wrong = customers.SupervisorApproval("super2", "wrong-password-1", "")
    assert adjustments.issue_adjustment(db, supervisor, dataclasses.replace(cmd, approval=wrong)).id == first.id
    assert (count(db, Bill), _ops_of(db, "AuthFailed")) == (bills, failed)


def test_the_adjustment_limit_is_checked_again_in_the_write(db, settings, supervisor, cust, monkeypatch):  # type: ignore[no-untyped-def]
    """The limit read before the write may be stale: an admin lowers it meanwhile."""
    bill_id = add_bill(db, supervisor, cust, 200000)
    cmd = adjustments.IssueAdjustment(bill_id, -30000, 0, "电价执行错误退还")  # ¥300, below the ¥500 limit
    real = adjustments._adjustment_approver

    def then_lowered(*args, **kwargs):  # type: ignore[no-untyped-def]
        approver = real(*args, **kwargs)
        set_hall_rules(db, adjustment_approval_fen=20000)  # another PC: the admin saves ¥200
        return approver

    monkeypatch.setattr(adjustments, "_adjustment_approver", then_lowered)
    before = count(db, Bill)
    with pytest.raises(OverrideRequired) as exc:
        adjustments.issue_adjustment(db, supervisor, cmd)
    assert exc.value.field == "amount_fen" and exc.value.params["limit"] == "200.00"
    assert count(db, Bill) == before
    # Below the limit one person is enough.
    small = adjustments.issue_adjustment(
        db, supervisor, adjustments.IssueAdjustment(bill_id, 1000, 0, "补收差错"))
    assert small.amount_fen == 1000 and "approved_by" not in _last_op(db, "IssueAdjustment")


# ---- item 7c: a session review can return a session with a comment --------------------------------


def test_the_supervisor_returns_a_session_with_a_comment_the_clerk_sees(
    db, settings, clerk, supervisor, cust
):  # type: ignore[no-untyped-def]
    shift = cashier.open_session(db, clerk, 50000)
    closed = _closed(db, clerk, shift, post(db, settings, clerk, cust, cash(1000)))
    with pytest.raises(ValidationErrors) as exc:
        cashier.return_session(db, supervisor, shift.id, closed.summary.session.version, "  ")
    assert "comment" in exc.value.by_field()
    comment = "短款5元，由营业员当日补齐，已收现金"
    row = cashier.return_session(db, supervisor, shift.id, closed.summary.session.version, comment)
    assert (row.status, row.review_comment, row.reviewed_by) == ("returned", comment, "赵班长")
    assert _last_op(db, "ReturnSession")["comment"] == comment
    mine = next(r for r in cashier.list_sessions(db, clerk) if r.id == shift.id)
    assert (mine.status, mine.review_comment) == ("returned", comment)
    with pytest.raises(RuleViolation):  # returned once is enough
        cashier.return_session(db, supervisor, shift.id, row.version, comment)
    done = cashier.approve_session(db, supervisor, shift.id, row.version)
    assert done.status == "approved" and done.review_comment == comment


# ---- item 7d: a reset password must be changed at the next log-in --------------------------------


def test_an_admin_reset_forces_a_password_change(db, settings, clerk, admin, cust):  # type: ignore[no-untyped-def]
    assert not auth.password_change_required(db, clerk)
    _edit(db, admin, "clerk1", password="Temp2026x")
    fresh = auth.login(db, "clerk1", "Temp2026x")
    assert auth.password_change_required(db, fresh)
    # Until the change, writes are refused (the log-in dialog cannot be skipped).
    with pytest.raises(SessionEnded) as exc:
        cashier.open_session(db, fresh, 0)
    assert "先修改密码" in exc.value.message
    with pytest.raises(ValidationErrors):
        auth.change_own_password(db, fresh, "Temp2026x", "Temp2026x")
    auth.change_own_password(db, fresh, "Temp2026x", "Mine2026yy")
    assert not auth.password_change_required(db, fresh)
    cashier.open_session(db, fresh, 0)
    # An administrator changing their own password is not forced again.
    row = _row(db, admin, "admin")
    auth.update_user(
        db,
        admin,
        row.id,
        row.version,
        auth.UserInput("admin", row.display_name, row.employee_no, "admin", ADMIN_PASSWORD + "x"),
    )
    assert not auth.password_change_required(db, admin)


# ---- item 7e: 工号 is unique -----------------------------------------------------------------------


def test_a_duplicate_employee_no_is_refused_next_to_the_field(db, admin):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as exc:
        auth.create_user(db, admin, auth.UserInput("clerk9", "孙九", "1001", "clerk", CLERK_PASSWORD))
    assert exc.value.by_field()["employee_no"] == "工号“1001”已被王小丽使用"
    with pytest.raises(ValidationErrors) as exc:
        _edit(db, admin, "clerk2", employee_no="1001")
    assert "employee_no" in exc.value.by_field()
    assert _user(db, "clerk2").employee_no == "1002"


def test_the_database_refuses_a_duplicate_employee_no(db):  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.write() as s:
        s.execute(update(User).where(User.username == "clerk2").values(employee_no="1001"))


def test_a_self_approved_id_exception_says_so_in_the_record(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    set_hall_rules(db, allow_self_approval_single_supervisor=True)
    _set_active(db, "admin", False)  # super1 is the hall's only approver
    appr = customers.SupervisorApproval("super1", SUPERVISOR_PASSWORD, ("证件原件核对无误" * 30)[:200])
    view = customers.register_customer(
        db,
        supervisor,
        customers.RegisterCustomer(customer_form(id_number=BAD_CHECK_DIGIT_ID), approval=appr),
    )
    with db.read() as s:
        row = s.get(Customer, view.id)
        assert row.id_override_by == "super1" and len(row.id_override_reason) == 200
        assert row.id_override_reason.endswith("（自批（单值班长营业厅））")
