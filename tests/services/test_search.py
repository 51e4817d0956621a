"""Search as you type (客户检索), DESIGN.md §3.1: every query kind on SQLite and PostgreSQL.

The read-only tests share one populated database per backend (module scope), so the
whole matrix costs two database set-ups.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.domain.ids import make_resident_id
from app.dto import Actor
from app.services import auth
from app.services import customers as cs
from app.services.search import search_customers
from db.engine import Database
from tests.conftest import CLERK_PASSWORD, _setup, valid_resident_id


def _id_ending_in_x() -> str:
    import datetime as dt

    for seq in range(1000):
        number = make_resident_id("110105", dt.date(1949, 12, 31), f"{seq:03d}")
        if number.endswith("X"):
            return number
    raise AssertionError("no ID with check digit X")


ID_WITH_X = _id_ending_in_x()

PEOPLE = {
    "zhang_san": dict(name="张三", phone="13812345678", id_number=valid_resident_id(1),
                      supply_address="浙江省杭州市西湖区文三路123号", meter_no="ZJ0012345678"),
    "zhang_sanfeng": dict(name="张三丰", phone="13900001111", id_number=valid_resident_id(2),
                          supply_address="浙江省杭州市上城区解放路8号"),
    "ouyang": dict(name="欧阳娜娜", phone="0571-88886666", id_number=ID_WITH_X,
                   supply_address="浙江省杭州市滨江区江南大道1号"),
    "li_si": dict(name="李四海", phone="13700007777", id_number=valid_resident_id(4),
                  supply_address="浙江省宁波市海曙区中山西路5号"),
}


@dataclass
class Populated:
    db: Database
    clerk: Actor
    ids: dict[str, uuid.UUID]
    accounts: dict[str, str]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def populated(request, tmp_path_factory) -> Iterator[Populated]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('search') / 'search.db'}", None
    else:
        server = request.getfixturevalue("pg_server")
        name = "t_search_" + uuid.uuid4().hex[:8]
        url, drop = server.create_database(name), (server, name)
    db, settings = _setup(url)
    clerk = auth.login(db, settings, "clerk1", CLERK_PASSWORD)
    ids, accounts = {}, {}
    for key, fields in PEOPLE.items():
        data = cs.CustomerInput("individual", "residential", area="urban", voltage_level="220V",
                                capacity_kva="8", id_type="ric", **fields)
        view = cs.register_customer(db, settings, clerk, cs.RegisterCustomer(data))
        ids[key], accounts[key] = view.id, view.account_no
    # Twelve more 王-surnamed customers for the limit / "more" tests.
    for i in range(12):
        data = cs.CustomerInput("individual", "residential", f"王{chr(0x4E00 + 0x100 + i)}", "ric",
                                valid_resident_id(100 + i), "urban", "220V", "8", phone=f"1360000{i:04d}",
                                supply_address="浙江省温州市鹿城区人民路1号")
        cs.register_customer(db, settings, clerk, cs.RegisterCustomer(data))
    yield Populated(db, clerk, ids, accounts)
    db.dispose()
    if drop:
        drop[0].drop_database(drop[1])


def _find(p: Populated, text: str, limit: int = 50) -> list[uuid.UUID]:
    return [row.id for row in search_customers(p.db, p.clerk, text, limit).rows]


# ---- each query kind ------------------------------------------------------------------------


def test_account_number_prefix_finds_every_customer_with_it(populated):
    found = _find(populated, "3301000000")
    assert set(populated.ids.values()) <= set(found)


def test_scanned_account_number_puts_the_exact_match_first(populated):
    account = populated.accounts["li_si"]
    result = search_customers(populated.db, populated.clerk, account + "\n")
    assert result.rows[0].id == populated.ids["li_si"]
    assert result.rows[0].matched_by == "户号"


@pytest.mark.parametrize(("text", "who"), [
    ("张", {"zhang_san", "zhang_sanfeng"}),  # 1 character
    ("张三", {"zhang_san", "zhang_sanfeng"}),  # 2 characters
    ("张三丰", {"zhang_sanfeng"}),  # 3 characters
    ("三丰", {"zhang_sanfeng"}),  # from the middle
    ("阳娜", {"ouyang"}),  # middle of a 4-character name
    ("海", {"li_si"}),  # last character
])
def test_name_substring_of_one_two_or_three_characters(populated, text, who):
    found = set(_find(populated, text))
    assert {populated.ids[w] for w in who} <= found
    assert not ({populated.ids[k] for k in PEOPLE if k not in who} & found)


@pytest.mark.parametrize(("text", "who"), [("zs", "zhang_san"), ("ZS", "zhang_san"), ("zsf", "zhang_sanfeng"),
                                           ("oynn", "ouyang"), ("lsh", "li_si")])
def test_pinyin_initials_find_the_name(populated, text, who):
    result = search_customers(populated.db, populated.clerk, text)
    assert populated.ids[who] in [r.id for r in result.rows]


@pytest.mark.parametrize("text", ["13812345678", "+86 138 1234 5678", "138-1234-5678", "0086 13812345678",
                                  "１３８１２３４５６７８"])
def test_full_phone_in_any_typed_format(populated, text):
    assert _find(populated, text)[0] == populated.ids["zhang_san"]


def test_last_four_digits_of_a_phone(populated):
    result = search_customers(populated.db, populated.clerk, "5678")
    assert [r.id for r in result.rows] == [populated.ids["zhang_san"]]
    assert result.rows[0].matched_by == "电话后四位"


def test_landline_with_area_code(populated):
    assert _find(populated, "0571-88886666") == [populated.ids["ouyang"]]
    assert populated.ids["ouyang"] in _find(populated, "6666")


@pytest.mark.parametrize("text", [ID_WITH_X, ID_WITH_X.lower(), ID_WITH_X[:10]])
def test_id_number_including_a_lower_case_x(populated, text):
    assert _find(populated, text) == [populated.ids["ouyang"]]


@pytest.mark.parametrize(("text", "who"), [("文三", "zhang_san"), ("文三路", "zhang_san"), ("解放路", "zhang_sanfeng"),
                                           ("江南大道", "ouyang"), ("海曙", "li_si")])
def test_address_word_prefix(populated, text, who):
    assert populated.ids[who] in _find(populated, text)


@pytest.mark.parametrize("text", ["ZJ0012345678", "zj00123", "ZJ00"])
def test_meter_number(populated, text):
    assert _find(populated, text) == [populated.ids["zhang_san"]]


def test_results_are_masked_summaries(populated):
    (row,) = search_customers(populated.db, populated.clerk, "13812345678").rows
    assert row.phone_masked == "138****5678" and "*" in row.id_masked
    assert row.name == "张三" and row.address.startswith("浙江省")


# ---- limits ---------------------------------------------------------------------------------


def test_limit_caps_rows_and_sets_the_more_flag(populated):
    capped = search_customers(populated.db, populated.clerk, "王", limit=5)
    assert len(capped.rows) == 5 and capped.more
    everything = search_customers(populated.db, populated.clerk, "王", limit=50)
    assert len(everything.rows) == 12 and not everything.more


@pytest.mark.parametrize("limit", [0, -1])
def test_nonsense_limit_still_answers(populated, limit):
    result = search_customers(populated.db, populated.clerk, "王", limit=limit)
    assert len(result.rows) <= 1


# ---- what finds nothing, and never raises ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "", " ", "\t\n", "　", "😀", "张😀", "\x00", "\x00\x01", "\ud800", "'", "' OR 1=1 --", "%", "_", "%%%",
    "'; DROP TABLE customer; --", "\\", "a" * 10_000, "\U0010ffff", "ⅷ",
])
def test_junk_queries_return_nothing_and_never_raise(populated, text):
    result = search_customers(populated.db, populated.clerk, text)
    assert result.rows == [] and not result.more
    assert result.query == text
    # The data is still there.
    assert _find(populated, "zs")


def test_a_clerk_search_needs_no_special_role(populated):
    assert search_customers(populated.db, populated.clerk, "李").rows


# ---- keys follow edits (own database: it writes) --------------------------------------------


def test_search_follows_a_rename(db, settings, clerk, customer_form):
    view = cs.register_customer(db, settings, clerk, cs.RegisterCustomer(customer_form(name="周树人",
                                                                                       phone="13811112222")))
    edit = cs.CustomerInput(view.party_type, view.kind, "鲁迅", view.id_type, None, view.area, view.voltage_level,
                            str(view.capacity_kva), view.tariff_code, phone="13833334444", phone2=None,
                            supply_address=view.supply_address)
    cs.update_customer(db, settings, clerk, cs.UpdateCustomer(view.id, view.version, edit))

    def found(text: str) -> bool:
        return view.id in [r.id for r in search_customers(db, clerk, text).rows]

    assert not found("周树人") and not found("树人") and not found("zsr")
    assert not found("13811112222") and not found("2222")
    assert found("鲁迅") and found("迅") and found("lx") and found("13833334444") and found("4444")
    assert found(view.account_no)
