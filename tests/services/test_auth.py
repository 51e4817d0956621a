"""Log-in, lockout, screen unlock and user management (用户与登录), docs/rules.md#passwords-and-lockout.

Every test runs on SQLite and PostgreSQL. Lock expiry is tested by moving ``locked_until``
in the database, never by sleeping.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select, update

from app.domain.errors import AuthenticationFailed, ConcurrentEdit, PermissionDenied, ValidationErrors
from app.domain.hall_rules import HallRules
from app.services import auth
from db.models import Operation, User, utcnow
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, SUPERVISOR_PASSWORD


def _user(db, username: str) -> User:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(User).where(User.username == username))


def _ops(db, op_type: str) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Operation).where(Operation.op_type == op_type)) or 0


def _expire_lock(db, username: str) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        s.execute(update(User).where(User.username == username)
                  .values(locked_until=utcnow() - dt.timedelta(seconds=1)))


def _fail_until_locked(db, settings, username: str) -> list[str]:  # type: ignore[no-untyped-def]
    messages = []
    for _ in range(HallRules().max_failed_logins):
        with pytest.raises(AuthenticationFailed) as exc:
            auth.login(db, username, "Wrong-pass1")
        messages.append(exc.value.message)
    return messages


# ---- log-in ---------------------------------------------------------------------------------


def test_login_returns_the_actor_with_role_and_node(db, settings):
    actor = auth.login(db, " Clerk1 ", CLERK_PASSWORD)
    assert (actor.username, actor.role, actor.display_name, actor.node_code) == ("clerk1", "clerk", "王小丽", "3301")
    assert _user(db, "clerk1").last_login_at is not None


def test_unknown_user_gets_the_same_message_as_a_wrong_password(db, settings):
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, "nobody", "Whatever1")
    assert exc.value.message == "用户名或密码错误"


def test_wrong_password_counts_down_the_remaining_attempts(db, settings):
    messages = _fail_until_locked(db, settings, "clerk1")
    assert messages[:4] == [f"用户名或密码错误，还可尝试{n}次" for n in (4, 3, 2, 1)]
    assert messages[4] == "密码连续错误5次，账户已锁定15分钟"


def test_five_failures_lock_the_account_even_for_the_right_password(db, settings):
    _fail_until_locked(db, settings, "clerk1")
    locked_until = _user(db, "clerk1").locked_until
    assert locked_until is not None
    assert dt.timedelta(minutes=14) < locked_until - utcnow() <= dt.timedelta(minutes=15)
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, "clerk1", CLERK_PASSWORD)
    assert "账户已锁定，请15分钟后再试" in exc.value.message


def test_a_burst_of_concurrent_wrong_passwords_is_counted_one_by_one(db, settings):
    """12 guesses at once from several counters: 5 are checked, the lock stops the rest."""
    import threading

    from db.engine import Database

    barrier = threading.Barrier(12)
    messages: list[str] = []

    def guess() -> None:
        other = Database(settings.db_url)  # its own pool: a counter of its own
        try:
            barrier.wait()
            auth.login(other, "clerk1", "Wrong-pass1")
        except AuthenticationFailed as exc:
            messages.append(exc.message)
        finally:
            other.dispose()

    before = _ops(db, "AuthFailed")
    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    countdown = sorted(m for m in messages if "还可尝试" in m)
    assert countdown == sorted(f"用户名或密码错误，还可尝试{n}次" for n in (4, 3, 2, 1)), messages
    assert messages.count("密码连续错误5次，账户已锁定15分钟") == 1
    assert len(messages) == 12 and all("锁定" in m for m in messages if "还可尝试" not in m)
    assert _ops(db, "AuthFailed") - before == 5 and _ops(db, "LockUser") == 1


def test_lock_lifts_when_lockout_minutes_have_passed(db, settings):
    _fail_until_locked(db, settings, "clerk1")
    _expire_lock(db, "clerk1")
    assert auth.login(db, "clerk1", CLERK_PASSWORD).username == "clerk1"
    row = _user(db, "clerk1")
    assert row.locked_until is None and row.failed_attempts == 0


def test_after_an_expired_lock_the_countdown_starts_again(db, settings):
    _fail_until_locked(db, settings, "clerk1")
    _expire_lock(db, "clerk1")
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, "clerk1", "Wrong-pass1")
    assert "还可尝试4次" in exc.value.message


def test_lockout_policy_comes_from_the_hall_rules_in_the_database(db, settings, admin):
    from app.services import hall_rules

    hall_rules.change_hall_rules(db, admin, 0, {"lockout_minutes": "3", "max_failed_logins": "2"})
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            auth.login(db, "clerk1", "Wrong-pass1")
    assert _user(db, "clerk1").locked_until - utcnow() <= dt.timedelta(minutes=3)


def test_a_lock_is_recorded_in_the_operation_log(db, settings):
    _fail_until_locked(db, settings, "clerk1")
    assert _ops(db, "LockUser") == 1


def _last_seq(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.max(Operation.seq))) or 0


def _ops_after(db, seq: int) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def]
    """(op_type, actor, payload) of every record after ``seq``, in order."""
    with db.read() as s:
        rows = s.execute(select(Operation.op_type, Operation.actor, Operation.payload)
                         .where(Operation.seq > seq).order_by(Operation.seq)).all()
    return [(t, a, json.loads(p)) for t, a, p in rows]


def test_a_successful_login_appends_one_login_record_and_keeps_the_version(db, settings):
    before = _user(db, "clerk1")
    seq = _last_seq(db)
    auth.login(db, "clerk1", CLERK_PASSWORD)
    assert _ops_after(db, seq) == [("Login", "clerk1", {"username": "clerk1"})]
    with db.read() as s:
        entity_id = s.scalar(select(Operation.entity_id).where(Operation.seq == seq + 1))
    assert entity_id == before.id
    after = _user(db, "clerk1")
    assert after.version == before.version  # log-in bookkeeping never collides with an admin's edit
    assert after.last_login_at is not None and after.last_login_at != before.last_login_at


def test_failed_logins_are_logged_with_the_count_and_a_lock_is_logged_too(db, settings):
    version = _user(db, "clerk1").version
    seq = _last_seq(db)
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, "clerk1", "Wrong-pass1")
    new = _ops_after(db, seq)
    assert new == [("AuthFailed", "clerk1", {"username": "clerk1", "purpose": "login", "failures": 1})]
    assert f"还可尝试{HallRules().max_failed_logins - new[0][2]['failures']}次" in exc.value.message
    for _ in range(HallRules().max_failed_logins - 1):
        with pytest.raises(AuthenticationFailed):
            auth.login(db, "clerk1", "Wrong-pass1")
    new = _ops_after(db, seq)
    assert [(t, p.get("failures")) for t, _, p in new] == [
        *(("AuthFailed", n) for n in range(1, HallRules().max_failed_logins + 1)), ("LockUser", None)]
    assert new[-1][1] == "clerk1" and new[-1][2]["username"] == "clerk1"
    assert _user(db, "clerk1").version == version


def test_a_successful_login_resets_the_failure_count(db, settings):
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            auth.login(db, "clerk1", "Wrong-pass1")
    auth.login(db, "clerk1", CLERK_PASSWORD)
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, "clerk1", "Wrong-pass1")
    assert "还可尝试4次" in exc.value.message


def test_admin_unlocks_a_locked_user(db, settings, admin):
    _fail_until_locked(db, settings, "clerk1")
    row = auth.unlock_user(db, admin, _user(db, "clerk1").id)
    assert row.locked_until is None
    assert auth.login(db, "clerk1", CLERK_PASSWORD).username == "clerk1"
    assert _ops(db, "UnlockUser") == 1


def test_disabled_user_cannot_log_in(db, settings, admin):
    row = _user(db, "clerk1")
    auth.update_user(db, admin, row.id, row.version, auth.UserInput("clerk1", "王小丽", "1001", "clerk", active=False))
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, "clerk1", CLERK_PASSWORD)
    assert "已停用" in exc.value.message


@pytest.mark.parametrize("username", ["clerk1\x00", "\x00", "clerk\ud800", "c" * 500, "", "   ", "'; DROP TABLE app_user; --"])
def test_malformed_user_names_fail_like_unknown_users(db, settings, username):
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, username, CLERK_PASSWORD)
    assert exc.value.message == "用户名或密码错误"


@pytest.mark.parametrize("password", ["Clerk2026\x00", "\ud800\udc00", "", "x" * 10_000])
def test_malformed_passwords_are_just_wrong_passwords(db, settings, password):
    with pytest.raises(AuthenticationFailed) as exc:
        auth.login(db, "clerk1", password)
    assert "还可尝试4次" in exc.value.message


# ---- roles are enforced in the services -----------------------------------------------------


@pytest.mark.parametrize("who", ["clerk", "supervisor"])
def test_only_admins_manage_users(db, settings, request, who):
    actor = request.getfixturevalue(who)
    target = _user(db, "clerk2")
    with pytest.raises(PermissionDenied):
        auth.create_user(db, actor, auth.UserInput("newbie", "新人", "1003", "clerk", "Newbie2026"))
    with pytest.raises(PermissionDenied):
        auth.list_users(db, actor)
    with pytest.raises(PermissionDenied):
        auth.unlock_user(db, actor, target.id)
    with pytest.raises(PermissionDenied):
        auth.update_user(db, actor, target.id, target.version,
                         auth.UserInput("clerk2", "李明", "1002", "admin"))
    assert _user(db, "newbie") is None and _user(db, "clerk2").role == "clerk"


def test_admin_creates_a_user_who_can_log_in(db, settings, admin):
    row = auth.create_user(db, admin, auth.UserInput(" Newbie ", "新人", "1003", "clerk", "Newbie2026"))
    assert row.username == "newbie" and row.role == "clerk" and row.active
    assert auth.login(db, "newbie", "Newbie2026").role == "clerk"
    assert [u.username for u in auth.list_users(db, admin)] == ["admin", "clerk1", "clerk2", "newbie", "super1"]


def test_user_names_are_unique(db, admin):
    with pytest.raises(ValidationErrors) as exc:
        auth.create_user(db, admin, auth.UserInput("clerk1", "重名", "1009", "clerk", "Another2026"))
    assert "已存在" in exc.value.by_field()["username"]


@pytest.mark.parametrize(("data", "field"), [
    (auth.UserInput("1abc", "新人", "1003", "clerk", "Newbie2026"), "username"),
    (auth.UserInput("a", "新人", "1003", "clerk", "Newbie2026"), "username"),
    (auth.UserInput("newbie", "", "1003", "clerk", "Newbie2026"), "display_name"),
    (auth.UserInput("newbie", "新人", "工号1", "clerk", "Newbie2026"), "employee_no"),
    (auth.UserInput("newbie", "新人", "1003", "root", "Newbie2026"), "role"),
])
def test_user_form_fields_are_validated(db, admin, data, field):
    with pytest.raises(ValidationErrors) as exc:
        auth.create_user(db, admin, data)
    assert field in exc.value.by_field()
    assert _user(db, "newbie") is None


# ---- password policy ------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "message"), [
    ("Ab1", "密码至少8位"),
    ("abcdefgh", "密码必须同时包含字母和数字"),
    ("12345678", "密码必须同时包含字母和数字"),
    ("A1" * 65, "密码不能超过128位"),
    ("Abcdefg1\ud800", "密码"),
])
def test_password_policy(db, admin, password, message):
    with pytest.raises(ValidationErrors) as exc:
        auth.create_user(db, admin, auth.UserInput("newbie", "新人", "1003", "clerk", password))
    assert message in exc.value.by_field()["password"]


def test_change_own_password(db, settings, clerk):
    auth.change_own_password(db, clerk, CLERK_PASSWORD, "Brand-new-2026")
    with pytest.raises(AuthenticationFailed):
        auth.login(db, "clerk1", CLERK_PASSWORD)
    assert auth.login(db, "clerk1", "Brand-new-2026").username == "clerk1"
    assert _ops(db, "ChangePassword") == 1


def test_change_own_password_needs_the_old_one_and_counts_failures(db, settings, clerk):
    with pytest.raises(AuthenticationFailed) as exc:
        auth.change_own_password(db, clerk, "Not-my-pass1", "Brand-new-2026")
    assert "还可尝试4次" in exc.value.message
    assert auth.login(db, "clerk1", CLERK_PASSWORD).username == "clerk1"
    assert _ops(db, "ChangePassword") == 0


def test_change_own_password_applies_the_policy(db, settings, clerk):
    with pytest.raises(ValidationErrors) as exc:
        auth.change_own_password(db, clerk, CLERK_PASSWORD, "short")
    assert "new_password" in exc.value.by_field()
    assert auth.login(db, "clerk1", CLERK_PASSWORD).username == "clerk1"


# ---- screen lock ----------------------------------------------------------------------------


def test_unlock_screen_with_the_right_password(db, settings, clerk):
    auth.unlock_screen(db, clerk, CLERK_PASSWORD)


def test_unlock_screen_counts_failures_and_locks_the_account(db, settings, clerk):
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthenticationFailed) as exc:
            auth.unlock_screen(db, clerk, "Wrong-pass1")
        assert f"还可尝试{left}次" in exc.value.message
    with pytest.raises(AuthenticationFailed):
        auth.unlock_screen(db, clerk, "Wrong-pass1")
    with pytest.raises(AuthenticationFailed) as exc:
        auth.unlock_screen(db, clerk, CLERK_PASSWORD)
    assert "已锁定" in exc.value.message


def test_supervisor_approval_checks_role_and_password(db, settings, clerk):
    approve = "customer.approve_id_override"
    assert auth.approve(db, "super1", SUPERVISOR_PASSWORD, approve, requester=clerk).role == "supervisor"
    with pytest.raises(PermissionDenied):
        auth.approve(db, "clerk2", CLERK_PASSWORD, approve, requester=clerk)
    with pytest.raises(AuthenticationFailed):
        auth.approve(db, "super1", "Wrong-pass1", approve, requester=clerk)


# ---- user updates ---------------------------------------------------------------------------


def test_update_user_with_a_stale_version_is_a_concurrent_edit(db, admin):
    row = _user(db, "clerk2")
    auth.update_user(db, admin, row.id, row.version, auth.UserInput("clerk2", "李明明", "1002", "clerk"))
    with pytest.raises(ConcurrentEdit):
        auth.update_user(db, admin, row.id, row.version, auth.UserInput("clerk2", "李小明", "1002", "supervisor"))
    stored = _user(db, "clerk2")
    assert (stored.display_name, stored.role, stored.version) == ("李明明", "clerk", row.version + 1)


@pytest.mark.parametrize("change", [dict(role="supervisor"), dict(active=False)], ids=["demote", "disable"])
def test_admin_cannot_demote_or_disable_themselves(db, settings, admin, change):
    row = _user(db, "admin")
    data = auth.UserInput("admin", "系统管理员", "0001", change.get("role", "admin"), active=change.get("active", True))
    with pytest.raises(ValidationErrors) as exc:
        auth.update_user(db, admin, row.id, row.version, data)
    assert "不能取消自己的管理员角色或停用自己" in exc.value.by_field()["role"]
    assert auth.login(db, "admin", ADMIN_PASSWORD).role == "admin"


def test_admin_password_reset_also_unlocks(db, settings, admin):
    _fail_until_locked(db, settings, "clerk1")
    row = _user(db, "clerk1")
    auth.update_user(db, admin, row.id, row.version, auth.UserInput("clerk1", "王小丽", "1001", "clerk", "Reset-2026"))
    assert auth.login(db, "clerk1", "Reset-2026").username == "clerk1"
    with db.read() as s:
        payload = s.scalar(select(Operation.payload).where(Operation.op_type == "UpdateUser"))
    assert "Reset-2026" not in payload  # the log never holds a password


def test_admin_promotes_a_clerk(db, settings, admin):
    row = _user(db, "clerk2")
    updated = auth.update_user(db, admin, row.id, row.version, auth.UserInput("clerk2", "李明", "1002", "supervisor"))
    assert updated.role == "supervisor"
    assert auth.login(db, "clerk2", CLERK_PASSWORD).role == "supervisor"
