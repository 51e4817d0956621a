"""Bad input (docs/rules.md#bad-input): a clear Chinese message on the field, or a normalised value;
nothing half-saved; nothing raised but the typed errors.

The explicit cases run on SQLite and PostgreSQL (PostgreSQL refuses NUL bytes and lone
surrogates outright, so they must never reach it). The hypothesis runs use SQLite only and
few examples, to keep the suite fast.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from app.domain.errors import (
    AuthenticationFailed,
    DomainError,
    DuplicateSuspected,
    OverrideRequired,
    ValidationErrors,
)
from app.domain.ids import make_credit_code
from app.services import auth
from app.services import customers as cs
from app.services.search import search_customers
from db.models import Customer, Node, Operation
from tests.conftest import ADMIN_PASSWORD, CLERK_PASSWORD, valid_resident_id

JUNK = {
    "NUL": "\x00",
    "control": "张\x07三",
    "lone_surrogate": "张\ud800",
    "emoji": "张三😀",
    "bidi_override": "\u202e张三",
    "over_long": "张" * 1000,
    "sql": "'; DROP TABLE customer; --",
}

# Fields of plain text (clean_text): an SQL-looking string is just text there, stored parameterised.
FREE_TEXT = {"notes", "customer_manager", "contact_person"}
TEXT_FIELDS = ["name", "id_number", "phone", "phone2", "supply_address", "customer_manager", "contact_person",
               "meter_no", "tariff_code", "capacity_kva", "notes"]


def _state(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return (s.scalar(select(func.count()).select_from(Customer)),
                s.scalar(select(func.count()).select_from(Operation)), s.scalar(select(Node.account_seq)))


def _stored(db, view):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.get(Customer, view.id)


def _register(db, settings_, actor, data):  # type: ignore[no-untyped-def]
    return cs.register_customer(db, actor, cs.RegisterCustomer(data))


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_junk_in_any_field_gets_a_field_message_and_nothing_is_saved(db, settings, clerk, customer_form, field):
    for label, junk in JUNK.items():
        if field in FREE_TEXT and label == "sql":
            continue  # free text: stored as typed, see below
        before = _state(db)
        with pytest.raises(ValidationErrors) as exc:
            _register(db, settings, clerk, customer_form(**{field: junk}))
        messages = exc.value.by_field()
        assert field in messages, (label, messages)
        assert messages[field] and all("\u4e00" <= ch <= "\u9fff" for ch in messages[field][:2]), messages
        assert _state(db) == before, label


def test_sql_in_free_text_is_stored_as_text(db, settings, clerk, customer_form):
    note = "'; DROP TABLE customer; -- \" OR 1=1 /* %_ \\"
    view = _register(db, settings, clerk, customer_form(notes=note, contact_person=JUNK["sql"]))
    assert _stored(db, view).notes == note
    assert _stored(db, view).contact_person == JUNK["sql"]
    with db.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM customer")).scalar() == 1


NORMALISED = [
    ("phone", "138 1234 5678", "phone", "13812345678"),
    ("phone", "+86 138-1234-5678", "phone", "13812345678"),
    ("phone", "0086 13812345678", "phone", "13812345678"),
    ("phone", "１３８１２３４５６７８", "phone", "13812345678"),
    ("phone", "(0571) 8888 6666", "phone", "0571-88886666"),
    ("phone", "0571-88886666转123", "phone", "0571-88886666-123"),
    ("name", " 张\u200b三 ", "name", "张三"),
    ("name", "ＺＨＡＮＧ　Ｓａｎ", "name", "ZHANG San"),
    ("name", "阿卜杜勒•艾尼", "name", "阿卜杜勒·艾尼"),
    ("id_number", "330106800101123", "id_number", "330106800101123"),  # 15-digit old ID
    ("id_number", "３３０１０６８００１０１１２３", "id_number", "330106800101123"),
    ("supply_address", "杭州市西湖区文三路1号(东门),3楼", "supply_address", "杭州市西湖区文三路1号（东门），3楼"),
    ("capacity_kva", " 16 ", "capacity_kva", 16),
    ("capacity_kva", "１６", "capacity_kva", 16),
    ("meter_no", "ｚｊ００１２", "meter_no", "ZJ0012"),
    ("tariff_code", " res-tier ", "tariff_code", "RES-TIER"),
    ("notes", "第一行\r\n\r\n\r\n第二行\t 完", "notes", "第一行\n\n第二行 完"),
]


@pytest.mark.parametrize(("field", "typed", "column", "stored"), NORMALISED,
                         ids=[f"{f}-{i}" for i, (f, *_) in enumerate(NORMALISED)])
def test_forgiving_input_is_normalised(db, settings, clerk, customer_form, field, typed, column, stored):
    view = _register(db, settings, clerk, customer_form(**{field: typed}))
    assert getattr(_stored(db, view), column) == stored


def test_id_with_a_lower_case_x_is_stored_upper_case(db, settings, clerk, customer_form):
    number = next(valid_resident_id(n) for n in range(1, 5000) if valid_resident_id(n).endswith("X"))
    view = _register(db, settings, clerk, customer_form(id_number=number.lower()))
    assert _stored(db, view).id_number == number


@pytest.mark.parametrize("body", ["N2330106MF1234567", "Y1330106MF1234567", "5133010650012345M"])
def test_credit_code_starting_with_a_letter_or_digit_is_accepted(db, settings, clerk, customer_form, body):
    code = make_credit_code(body)
    view = _register(db, settings, clerk, customer_form(
        party_type="organisation", kind="general_ci", name="城东村股份经济合作社", id_type="uscc",
        id_number=code.lower(), contact_person="王主任", voltage_level="380V", capacity_kva="50"))
    assert _stored(db, view).id_number == code


@pytest.mark.parametrize(("id_type", "number", "message"), [
    ("uscc", "91330100MA2ISOZV1X", "不使用字母I、O、Z、S、V"),
    ("uscc", "9133", "应为18位"),
    ("ric", "33010619800101123X5", "应为18位"),
    ("ric", "33010619800X011235", "X只能出现在最后一位"),
])
def test_malformed_id_numbers_get_a_clear_message(db, settings, clerk, customer_form, id_type, number, message):
    overrides = {"id_type": id_type, "id_number": number}
    if id_type == "uscc":
        overrides |= dict(party_type="organisation", kind="general_ci", name="某某公司", contact_person="王主任",
                          voltage_level="380V", capacity_kva="50")
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(**overrides))
    assert message in exc.value.by_field()["id_number"]


@pytest.mark.parametrize(("typed", "message"), [
    ("-5", "合同容量请填写整数"), ("1e3", "合同容量请填写整数"), ("12.5", "合同容量请填写整数"),
    ("9" * 40, "合同容量应在1至"), ("", "合同容量请填写整数"),
])
def test_capacity_must_be_a_whole_number_in_range(db, settings, clerk, customer_form, typed, message):
    with pytest.raises(ValidationErrors) as exc:
        _register(db, settings, clerk, customer_form(capacity_kva=typed))
    assert message in exc.value.by_field()["capacity_kva"]


def test_wrong_script_names_are_refused_with_the_character(db, settings, clerk, customer_form):
    for name in ("Иван", "محمد", "김철수", "たなか"):
        with pytest.raises(ValidationErrors) as exc:
            _register(db, settings, clerk, customer_form(name=name))
        assert name[0] in exc.value.by_field()["name"]


# ---- property-based: anything typed, on SQLite --------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=60)
TYPED = st.one_of(ANY_TEXT, st.sampled_from(list(JUNK.values())),
                  st.text(alphabet="0123456789 +-()xX转#", max_size=25))
HYPO = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
EXPECTED = (ValidationErrors, OverrideRequired, DuplicateSuspected)


@pytest.fixture
def sqlite_clerk(sqlite_db):  # type: ignore[no-untyped-def]
    database, settings_ = sqlite_db
    return database, settings_, auth.login(database, "clerk1", CLERK_PASSWORD)


@pytest.mark.parametrize("field", TEXT_FIELDS)
@HYPO
@given(typed=TYPED)
def test_anything_typed_into_a_field_is_saved_whole_or_refused_whole(sqlite_clerk, customer_form, field, typed):
    db, settings_, clerk = sqlite_clerk
    before = _state(db)
    try:
        view = _register(db, settings_, clerk, customer_form(**{field: typed}))
    except EXPECTED as exc:
        assert _state(db) == before
        if isinstance(exc, ValidationErrors):
            assert exc.errors and all(e.field and e.message for e in exc.errors)
        return
    row = _stored(db, view)
    assert row is not None and row.account_no == view.account_no
    after = _state(db)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1 and after[2] == before[2] + 1


@HYPO
@given(query=TYPED)
def test_any_search_text_answers_without_raising(sqlite_clerk, query):
    db, _, clerk = sqlite_clerk
    result = search_customers(db, clerk, query)
    assert result.query == query and isinstance(result.rows, list)


@HYPO
@given(username=TYPED, password=TYPED)
def test_any_login_text_is_refused_politely(sqlite_clerk, username, password):
    db, settings_, _ = sqlite_clerk
    try:
        auth.login(db, username, password)
    except AuthenticationFailed as exc:
        assert exc.message
    else:
        pytest.fail("logged in with random text")


@HYPO
@given(data=st.fixed_dictionaries({f: TYPED for f in ("username", "display_name", "employee_no", "password")}))
def test_any_user_form_is_saved_or_refused_with_field_messages(sqlite_clerk, data):
    db, _, _ = sqlite_clerk
    admin = auth.login(db, "admin", ADMIN_PASSWORD)
    try:
        auth.create_user(db, admin, auth.UserInput(role="clerk", **data))
    except ValidationErrors as exc:
        assert exc.errors
    except DomainError as exc:
        pytest.fail(f"unexpected {exc!r}")
