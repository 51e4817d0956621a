"""Hall rules (营业厅业务规则, issue 7 #8): the money and safety rules are the hall's, in the database.

Late-fee rates, due and grace days, the minimum, the payment limit, the large-change threshold and
the lockout used to be read from each PC's settings.toml, so two counters on one PostgreSQL
database could charge one customer different late fees. Both engines.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.config import load_settings, moved_rules
from app.domain.errors import ConcurrentEdit, PermissionDenied, ValidationError, ValidationErrors
from app.domain.hall_rules import HallRules, parse_rules
from app.services import hall_rules, ledger, payments
from db.models import HallRulesRow, Operation
from tests.services import test_payments
from tests.services.test_payments import add_bill, cash, ops, post, today

cust, shift = test_payments.cust, test_payments.shift  # fixtures: a residential customer, clerk1's session


def _late_fee(db, settings, customer_id) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return ledger.balance(s, customer_id, today())[1]


def test_two_counters_with_different_settings_files_charge_one_customer_the_same_late_fee(
    db, settings, clerk, admin, cust, tmp_path
):  # type: ignore[no-untyped-def]
    """Counter A's settings.toml says 1.5‰ a day, counter B's 1‰ (the old default): on one database
    both now quote the hall's rate. The first counter started after the upgrade seeds the hall's
    rules from its file (logged), the second one's file changes nothing."""
    add_bill(db, clerk, cust, 10000, due=today() - dt.timedelta(days=30))
    a = tmp_path / "a.toml"
    a.write_text(
        f'db_url = "{settings.db_url}"\nlate_fee_residential_rate = "0.0015"\nlate_fee_grace_days = 0\n',
        encoding="utf-8",
    )
    b = tmp_path / "b.toml"
    b.write_text(
        f'db_url = "{settings.db_url}"\nlate_fee_residential_rate = 0.001\nlate_fee_grace_days = 10\n',
        encoding="utf-8",
    )
    counter_a, counter_b = load_settings(a), load_settings(b)
    assert hall_rules.seed_from_settings(db, clerk.node_id, moved_rules(counter_a)) is True
    assert hall_rules.seed_from_settings(db, clerk.node_id, moved_rules(counter_b)) is False
    fee_a, fee_b = _late_fee(db, counter_a, cust), _late_fee(db, counter_b, cust)
    assert fee_a == fee_b == 450  # 30 days × 1.5‰ × ¥100, whichever counter asks
    quote_a = payments.quote_payment(db, counter_a, clerk, cust, 0)
    quote_b = payments.quote_payment(db, counter_b, clerk, cust, 0)
    assert quote_a.late_fee_fen == quote_b.late_fee_fen == 450
    with db.read() as s:
        (op,) = s.scalars(select(Operation).where(Operation.op_type == "ChangeHallRules")).all()
    payload = json.loads(op.payload)
    assert op.actor == "system" and payload["source"] == "settings.toml"
    assert payload["changes"] == {"late_fee_residential_rate": ["0.001", "0.0015"]}
    assert hall_rules.get_rules(db, admin).version == 1


def test_a_changed_rule_is_used_by_the_next_payment(db, settings, clerk, admin, cust, shift):  # type: ignore[no-untyped-def]
    add_bill(db, clerk, cust, 10000, due=today() - dt.timedelta(days=30))
    first = post(db, settings, clerk, cust, cash(100), amount=100)
    assert first.late_fee_fen == 100  # 30 × 1‰ × ¥100 = ¥3.00 owed, ¥1 paid
    view = hall_rules.change_hall_rules(
        db, admin, 0, {"late_fee_residential_rate": "0.002", "max_payment_fen": "500.00"}
    )
    assert view.version == 1 and view.rules.max_payment_fen == 50000
    assert view.rules.late_fee_residential_rate == Decimal("0.002")
    # 30 × 2‰ × ¥100 = ¥6.00 in all, ¥1 of it paid already.
    assert payments.quote_payment(db, clerk, cust, 0).late_fee_fen == 500
    with pytest.raises(ValidationError, match="单笔收费上限 ¥500.00"):
        post(db, settings, clerk, cust, cash(50001))
    second = post(db, settings, clerk, cust, cash(500), amount=500)
    assert second.late_fee_fen == 500


def test_the_change_is_one_operation_with_old_and_new_values(db, admin):  # type: ignore[no-untyped-def]
    before = ops(db)
    hall_rules.change_hall_rules(
        db,
        admin,
        0,
        {"bill_due_days": "20", "lockout_minutes": "30", "late_fee_first": False, "max_failed_logins": "5"},
    )
    assert ops(db) == before + 1
    with db.read() as s:
        op = s.scalars(select(Operation).where(Operation.op_type == "ChangeHallRules")).one()
    assert op.actor == "admin" and op.entity_type == "node" and op.entity_id == admin.node_id
    assert json.loads(op.payload) == {
        "node_code": "3301",
        "version": 1,
        "changes": {"bill_due_days": [15, 20], "lockout_minutes": [15, 30], "late_fee_first": [True, False]},
    }
    # Saving the same values again changes nothing and logs nothing.
    hall_rules.change_hall_rules(db, admin, 1, {"bill_due_days": "20"})
    assert ops(db) == before + 1 and hall_rules.get_rules(db, admin).version == 1


def test_only_an_admin_may_change_the_rules(db, clerk, supervisor, admin):  # type: ignore[no-untyped-def]
    before = ops(db)
    for actor in (clerk, supervisor):
        with pytest.raises(PermissionDenied):
            hall_rules.change_hall_rules(db, actor, 0, {"late_fee_residential_rate": "0"})
        assert hall_rules.get_rules(db, actor).rules == HallRules()  # reading is for everyone
    assert ops(db) == before
    with db.read() as s:
        assert s.scalar(select(HallRulesRow)) is None


def test_bad_values_are_refused_with_a_message_for_each_field_and_nothing_is_saved(db, admin):  # type: ignore[no-untyped-def]
    before = ops(db)
    with pytest.raises(ValidationErrors) as exc:
        hall_rules.change_hall_rules(
            db,
            admin,
            0,
            {
                "late_fee_residential_rate": "1‰",
                "late_fee_current_year_rate": "0.5",
                "bill_due_days": "0",
                "max_payment_fen": "abc",
                "lockout_minutes": "-1",
                "large_change_confirm_fen": "100.00",
            },
        )
    fields = {e.field: str(e.message) for e in exc.value.errors}
    assert fields == {
        "late_fee_residential_rate": "居民违约金日费率应为小数形式的日费率，如 0.001 表示千分之一",
        "late_fee_current_year_rate": "其他用户当年欠费日费率应在 0 与 0.01 之间（0.001 表示千分之一）",
        "bill_due_days": "缴费期限天数应为 1 到 365 之间的整数",
        "max_payment_fen": fields["max_payment_fen"],
        "lockout_minutes": "账户锁定分钟数应为 1 到 1440 之间的整数",
    }
    assert "单笔收费上限" in fields["max_payment_fen"]
    # Templates with parameters (translatable), not formatted text.
    assert {e.code for e in exc.value.errors} >= {"{label}应为 {low} 到 {high} 之间的整数"}
    assert ops(db) == before and hall_rules.get_rules(db, admin).version == 0


def test_a_stale_version_is_refused_not_overwritten(db, admin):  # type: ignore[no-untyped-def]
    seen = hall_rules.get_rules(db, admin).version
    hall_rules.change_hall_rules(db, admin, seen, {"late_fee_grace_days": "3"})
    with pytest.raises(ConcurrentEdit, match="已被admin修改"):
        hall_rules.change_hall_rules(db, admin, seen, {"late_fee_grace_days": "5"})
    assert hall_rules.get_rules(db, admin).rules.late_fee_grace_days == 3


def test_lockout_and_float_limit_follow_the_hall_rules(db, settings, clerk2, admin):  # type: ignore[no-untyped-def]
    from app.services import cashier

    hall_rules.change_hall_rules(db, admin, 0, {"max_payment_fen": "100"})
    with pytest.raises(ValidationError, match="备用金不能超过 ¥100.00"):
        cashier.open_session(db, clerk2, 10001)
    assert cashier.open_session(db, clerk2, 10000).float_fen == 10000


def test_defaults_are_the_old_settings_defaults():
    rules = HallRules()
    assert (
        rules.late_fee_residential_rate,
        rules.late_fee_current_year_rate,
        rules.late_fee_earlier_year_rate,
    ) == (Decimal("0.001"), Decimal("0.002"), Decimal("0.003"))
    assert (
        rules.late_fee_grace_days,
        rules.late_fee_minimum,
        rules.late_fee_minimum_fen,
        rules.late_fee_first,
        rules.bill_due_days,
    ) == (0, False, 100, True, 15)
    assert (
        rules.max_payment_fen,
        rules.large_change_confirm_fen,
        rules.max_failed_logins,
        rules.lockout_minutes,
        rules.allow_self_approval_single_supervisor,
    ) == (10_000_000, 10_000, 5, 15, False)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"late_fee_residential_rate": "0.0010"}, {"late_fee_residential_rate": Decimal("0.001")}),
        ({"late_fee_residential_rate": " 0 "}, {"late_fee_residential_rate": Decimal(0)}),
        ({"max_payment_fen": "¥1,000.50"}, {"max_payment_fen": 100050}),
        ({"max_payment_fen": 5000}, {"max_payment_fen": 5000}),  # an int is fen already
        (
            {"late_fee_minimum": "是", "late_fee_first": "false"},
            {"late_fee_minimum": True, "late_fee_first": False},
        ),
        ({"large_change_confirm_fen": "0"}, {"large_change_confirm_fen": 0}),
    ],
)
def test_typed_text_is_parsed(values, expected):  # type: ignore[no-untyped-def]
    rules = parse_rules(values)
    assert {k: getattr(rules, k) for k in expected} == expected


def test_a_float_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_rules({"late_fee_residential_rate": 0.001})


def test_offsets_of_a_bill_run_use_the_rules_of_the_customers_own_hall(db, clerk, cust):  # type: ignore[no-untyped-def]
    """On a shared database hall A's bill run also bills hall B's customers; the prepaid offset
    (预存抵扣) pays their late fees by B's rules, as every counter computing B's ledger does."""
    from sqlalchemy import update

    from db.models import Customer, Node

    with db.write() as s:
        other = Node(code="3302", name="城西营业厅", company="", op_seq=0, op_last_hash="", account_seq=0)
        s.add(other)
        s.flush()
        s.add(HallRulesRow(node_id=other.id, updated_by="test", version=1,
                           **HallRules(late_fee_residential_rate=Decimal("0.002"), late_fee_first=False).to_data()))
        s.execute(update(Customer).where(Customer.id == cust).values(node_id=other.id))
        other_id = other.id
    with db.read() as s:
        rules = hall_rules.for_customers(s, [cust])
        assert rules[cust] == hall_rules.for_node(s, other_id) == hall_rules.for_customer(s, cust)
        assert rules[cust].late_fee_residential_rate == Decimal("0.002") and not rules[cust].late_fee_first
        assert hall_rules.for_node(s, clerk.node_id) == HallRules()  # the issuing hall: defaults
