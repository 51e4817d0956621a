"""Search as you type (客户检索), docs/rules.md#search: every query kind on SQLite and PostgreSQL.

The read-only tests share one populated database per backend (module scope), so the
whole matrix costs two database set-ups.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from app.domain.ids import make_resident_id
from app.dto.common import Actor
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

PEOPLE: dict[str, dict[str, Any]] = {
    "zhang_san": dict(name="张三", phone="13812345678", id_number=valid_resident_id(1),
                      supply_address="浙江省杭州市西湖区文三路123号", meter_no="ZJ0012345678"),
    "zhang_sanfeng": dict(name="张三丰", phone="13900001111", id_number=valid_resident_id(2),
                          supply_address="浙江省杭州市上城区解放路8号"),
    "ouyang": dict(name="欧阳娜娜", phone="0571-88886666", id_number=ID_WITH_X,
                   supply_address="浙江省杭州市滨江区江南大道1号"),
    "li_si": dict(name="李四海", phone="13700007777", id_number=valid_resident_id(4),
                  supply_address="浙江省宁波市海曙区中山西路5号"),
}

#: Customers outside PEOPLE, for the ranking of pinyin initials (see the populated fixture).
RARE_ZS = {"zhang_xin": "张信", "ding_sheng": "丁生"}
COMMON_ZS = {"zhang_sheng": "张生", "zhu_shu": "朱淑"}


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
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    ids, accounts = {}, {}
    for key, fields in PEOPLE.items():
        data = cs.CustomerInput("individual", "residential", area="urban", voltage_level="220V",
                                capacity_kva="8", id_type="ric", **fields)
        view = cs.register_customer(db, clerk, cs.RegisterCustomer(data))
        ids[key], accounts[key] = view.id, view.account_no
    # Names whose initials are zs: 张生 and 朱淑 by their main readings; 张信 (信 as shēn) and
    # 丁生 (丁 as zhēng) only by a rare reading. Registered first, so that customer id order
    # (how equal keys sort) would put the rare readings first.
    for key, name in [*RARE_ZS.items(), *COMMON_ZS.items()]:
        data = cs.CustomerInput("individual", "residential", name, "ric", valid_resident_id(200 + len(ids)), "urban",
                                "220V", "8", phone=f"1350000{len(ids):04d}", supply_address="浙江省绍兴市越城区胜利路2号")
        ids[key] = cs.register_customer(db, clerk, cs.RegisterCustomer(data)).id
    # Twelve more 王-surnamed customers for the limit / "more" tests.
    for i in range(12):
        data = cs.CustomerInput("individual", "residential", f"王{chr(0x4E00 + 0x100 + i)}", "ric",
                                valid_resident_id(100 + i), "urban", "220V", "8", phone=f"1360000{i:04d}",
                                supply_address="浙江省温州市鹿城区人民路1号")
        cs.register_customer(db, clerk, cs.RegisterCustomer(data))
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


def test_pinyin_initials_list_common_readings_before_rare_ones(populated):
    # zs: 张三, 张三丰, 张生, 朱淑 by their main readings, then 张信 and 丁生 by a rare reading
    # of 信 (shēn) and 丁 (zhēng) — still found, but after every main-reading match.
    result = search_customers(populated.db, populated.clerk, "zs")
    found = [r.id for r in result.rows]
    common = [populated.ids[k] for k in ("zhang_san", "zhang_sanfeng", *COMMON_ZS)]
    rare = [populated.ids[k] for k in RARE_ZS]
    assert sorted(found[:len(common)]) == sorted(common)
    assert sorted(found[len(common):]) == sorted(rare)
    assert {r.matched_by for r in result.rows} == {"拼音首字母"}


def test_pinyin_initials_by_a_rare_reading_come_after_within_a_short_page(populated):
    result = search_customers(populated.db, populated.clerk, "zs", limit=4)
    assert set(r.id for r in result.rows) == {populated.ids[k] for k in ("zhang_san", "zhang_sanfeng", *COMMON_ZS)}
    assert result.more


@pytest.mark.parametrize("text", ["zs 越城区", "越城区 zs", "zs 胜利路"])
def test_pinyin_initials_by_a_rare_reading_still_match_with_other_tokens(populated, text):
    found = set(_find(populated, text))
    assert found == {populated.ids[k] for k in (*RARE_ZS, *COMMON_ZS)}


def test_the_main_reading_of_a_heteronym_still_finds_the_name(populated):
    assert _find(populated, "zx") == [populated.ids["zhang_xin"]]
    assert _find(populated, "ds") == [populated.ids["ding_sheng"]]


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


# The bill prints 浙江省杭州市西湖区文三路123号; a clerk types a run of it without spaces.
@pytest.mark.parametrize("text", ["西湖区文三路", "杭州市西湖区", "文三路123号", "浙江省杭州市西湖区文三路123号",
                                  "杭州市西湖区文三", "西湖区文三路12", "浙江省杭州市西湖区文三路123号".replace("省", "省 ")])
def test_consecutive_address_words_typed_without_spaces(populated, text):
    result = search_customers(populated.db, populated.clerk, text)
    assert [r.id for r in result.rows] == [populated.ids["zhang_san"]]
    assert result.rows[0].matched_by == "地址" and not result.more


@pytest.mark.parametrize("text", ["杭州市文三路", "文三路西湖区", "浙江省文三路123号"])
def test_address_words_may_skip_a_word_or_come_in_another_order(populated, text):
    assert _find(populated, text) == [populated.ids["zhang_san"]]


@pytest.mark.parametrize("text", ["三路", "湖区文三路", "西湖区三路", "杭州市湖区", "文三路23号"])
def test_address_text_from_inside_a_word_finds_nothing(populated, text):
    # Decision (docs/design-notes.md): every word typed must be the start of an address
    # word; 三路 and 湖区 are inside 文三路 and 西湖区, 23号 inside 123号.
    assert _find(populated, text) == []


@pytest.mark.parametrize("text", ["杭州市", "浙江省杭州市"])
def test_a_shared_address_run_finds_everyone_on_it(populated, text):
    found = set(_find(populated, text))
    assert found == {populated.ids[k] for k in ("zhang_san", "zhang_sanfeng", "ouyang")}


@pytest.mark.parametrize(("text", "who", "matched_by"), [
    ("张三 文三", "zhang_san", "名称+地址"),
    ("文三 张三", "zhang_san", "地址+名称"),  # any order
    ("张 西湖区文三路", "zhang_san", "名称+地址"),
    ("三 解放路", "zhang_sanfeng", "名称+地址"),  # 三 inside 张三丰
    ("张三 解放路", "zhang_sanfeng", "名称+地址"),  # 张三 is in 张三丰 too
    ("zs 西湖区", "zhang_san", "拼音首字母+地址"),
    ("张三 5678", "zhang_san", "名称+电话后四位"),
    ("张三 138-1234-5678", "zhang_san", "名称+电话"),
    ("杭州市 滨江区 娜娜", "ouyang", "地址+名称"),
    ("  张三　　文三路  ", "zhang_san", "名称+地址"),  # ideographic and repeated spaces
])
def test_several_tokens_must_all_match_one_customer(populated, text, who, matched_by):
    result = search_customers(populated.db, populated.clerk, text)
    assert [r.id for r in result.rows] == [populated.ids[who]]
    assert result.rows[0].matched_by == matched_by and not result.more


@pytest.mark.parametrize("strategy", ["key range", "key seeks", "many keys", "customer row", "customer row only",
                                      "key set"])
def test_every_way_of_checking_a_token_agrees(populated, monkeypatch, strategy):
    # A non-driving token is checked by a scan of its keys (fewer than COUNT_CAP), by seeks
    # on its few distinct keys, by a scan of its many keys (fewer than BIG_CAP), or from the
    # customer's row (SQL narrowing by name and address first, or not): force each.
    from app.services import search

    queries = ["张三 文三", "文三 张三", "三 解放路", "zs 西湖区", "张三 5678", "杭州市 滨江区 娜娜", "西湖区文三路",
               "杭州市西湖区", "文三路123号", "杭州市文三路", "张三丰 文三", "李四海 杭州市", "zsf 西湖区", "王 人民路",
               "浙江省 杭州市", "浙江省杭州市西湖区文三路123号", "3301 王", "zs 越城区", "越城区 zs"]
    expected = {q: [(r.id, r.matched_by) for r in search_customers(populated.db, populated.clerk, q).rows]
                for q in queries}
    if strategy != "key range":
        monkeypatch.setattr(search, "COUNT_CAP", 1)
    if strategy in ("many keys", "customer row", "customer row only"):
        monkeypatch.setattr(search, "_FEW_KEYS", 0)
    if strategy in ("customer row", "customer row only"):
        monkeypatch.setattr(search, "BIG_CAP", 1)
    if strategy == "customer row only":
        monkeypatch.setattr(search, "_row_prefilter", lambda token: None)
    if strategy == "key set":  # common single keys ranked by sparseness, one read as a set (13幢 1单元 203室)
        monkeypatch.setattr(search, "_MARK", 1)
        monkeypatch.setattr(search, "_HASH_RATIO", 10**9)
    for q in queries:
        got = [(r.id, r.matched_by) for r in search_customers(populated.db, populated.clerk, q).rows]
        if strategy == "key range":
            assert got == expected[q], q
        else:  # another driver may be chosen: the same customers, in another order (3301 is an
            # account and an ID prefix: the kind named may differ too)
            assert sorted(cid for cid, _ in got) == sorted(cid for cid, _ in expected[q]), q
    assert len(expected["王 人民路"]) == 12 and len(expected["浙江省 杭州市"]) == 3


@pytest.mark.parametrize("text", ["张三丰 文三", "张三 滨江区", "李四海 杭州市", "文三 海曙", "zsf 西湖区", "张三 三路",
                                  "张三 不存在"])
def test_tokens_matching_different_customers_find_nobody(populated, text):
    assert _find(populated, text) == []


@pytest.mark.parametrize(("text", "who"), [("ZJ 0012345678", "zhang_san"), ("欧阳 娜娜", "ouyang"),
                                           ("文三路 123 号", "zhang_san")])
def test_a_query_that_matched_with_its_spaces_taken_out_still_does(populated, text, who):
    # Before tokens, spaces were dropped: "ZJ 0012345678" is the meter ZJ0012345678 though
    # 0012345678 starts no key. That reading is still searched, and comes first.
    assert _find(populated, text)[0] == populated.ids[who]


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


# ---- several tokens: paging through the driving token (own database: it writes) -----------------


def _register(db, settings, clerk, form, **fields) -> uuid.UUID:  # type: ignore[no-untyped-def]
    return cs.register_customer(db, clerk, cs.RegisterCustomer(form(**fields))).id


@pytest.fixture
def one_road(db, settings, clerk, customer_form):  # type: ignore[no-untyped-def]
    """Ten customers on 人民路, registered in order; only the last two are named 周…, and twelve
    more 周… live elsewhere, so 人民路 (10 keys) drives 人民路 周 and the matches come last."""
    road = [_register(db, settings, clerk, customer_form, name=f"赵{chr(0x4E00 + 0x200 + i)}",
                      supply_address="浙江省温州市鹿城区人民路1号") for i in range(8)]
    road += [_register(db, settings, clerk, customer_form, name=name, supply_address="浙江省温州市鹿城区人民路1号")
             for name in ("周一", "周二")]
    for i in range(12):
        _register(db, settings, clerk, customer_form, name=f"周{chr(0x4E00 + 0x300 + i)}",
                  supply_address="浙江省温州市瓯海区新桥路2号")
    return road


def test_several_tokens_page_through_the_driving_token(db, clerk, one_road):
    # limit 1 reads the 人民路 keys 3, then 6, then 12 at a time: the two matches are the 9th
    # and 10th customers, and every one of those keys is the same string, so the next page
    # starts after (key, customer_id).
    first = search_customers(db, clerk, "人民路 周", limit=1)
    assert [r.id for r in first.rows] == [one_road[8]] and first.more
    both = search_customers(db, clerk, "人民路 周", limit=2)
    assert [r.id for r in both.rows] == one_road[8:] and not both.more
    assert {r.matched_by for r in both.rows} == {"地址+名称"}


@pytest.mark.parametrize("cap", ["MAX_CANDIDATES", "MAX_ROWS_READ"])
def test_a_search_cut_short_says_more(db, clerk, one_road, monkeypatch, cap):
    from app.services import search

    monkeypatch.setattr(search, cap, 5)
    if cap == "MAX_ROWS_READ":  # check 周 from the rows, as for a token starting many keys
        monkeypatch.setattr(search, "COUNT_CAP", 1)
        monkeypatch.setattr(search, "BIG_CAP", 1)
        monkeypatch.setattr(search, "_FEW_KEYS", 0)
        # ... and one SQL cannot narrow by the customer's name (as for a token with letters)
        monkeypatch.setattr(search, "_row_prefilter", lambda token: None)
    result = search_customers(db, clerk, "人民路 周", limit=2)
    assert result.rows == [] and result.more  # "type more": the two matches were never reached


# ---- keys follow edits (own database: it writes) --------------------------------------------


def test_search_follows_a_rename(db, settings, clerk, customer_form):
    view = cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(name="周树人",
                                                                                       phone="13811112222")))
    edit = cs.CustomerInput(view.party_type, view.kind, "鲁迅", view.id_type, None, view.area, view.voltage_level,
                            str(view.capacity_kva), view.tariff_code, phone="13833334444", phone2=None,
                            supply_address=view.supply_address)
    cs.update_customer(db, clerk, cs.UpdateCustomer(view.id, view.version, edit))

    def found(text: str) -> bool:
        return view.id in [r.id for r in search_customers(db, clerk, text).rows]

    assert not found("周树人") and not found("树人") and not found("zsr")
    assert not found("13811112222") and not found("2222")
    assert found("鲁迅") and found("迅") and found("lx") and found("13833334444") and found("4444")
    assert found(view.account_no)


def test_search_follows_an_address_change(db, settings, clerk, customer_form):
    view = cs.register_customer(db, clerk, cs.RegisterCustomer(customer_form(name="周树人")))
    edit = cs.CustomerInput(view.party_type, view.kind, view.name, view.id_type, None, view.area, view.voltage_level,
                            str(view.capacity_kva), view.tariff_code, phone="13855556666", phone2=None,
                            supply_address="浙江省绍兴市越城区鲁迅中路179号")
    cs.update_customer(db, clerk, cs.UpdateCustomer(view.id, view.version, edit))

    def found(text: str) -> bool:
        return view.id in [r.id for r in search_customers(db, clerk, text).rows]

    assert not found("西湖区文三路") and not found("文三路123号") and not found("周树人 文三")
    assert found("绍兴市越城区") and found("鲁迅中路179号") and found("周树人 越城区") and found("越城")


# ---- several tokens on demo data: the same customers as a check of every customer's keys -----


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def demo(request, tmp_path_factory) -> Iterator[tuple[Database, Actor, list[Any]]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from app.demo import seed_demo
    from db.models import Customer

    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('search_demo') / 'demo.db'}", None
    else:
        server = request.getfixturevalue("pg_server")
        name = "t_search_demo_" + uuid.uuid4().hex[:8]
        url, drop = server.create_database(name), (server, name)
    db, settings = _setup(url)
    seed_demo(db, settings, customers=2000, seed=7)
    clerk = auth.login(db, "clerk1", CLERK_PASSWORD)
    with db.read() as session:
        rows = list(session.execute(select(Customer.id, Customer.account_no, Customer.name, Customer.phone,
                                           Customer.phone2, Customer.id_number, Customer.meter_no,
                                           Customer.supply_address).order_by(Customer.account_no)))
    yield db, clerk, [(r, _keys(r)) for r in rows]
    db.dispose()
    if drop:
        drop[0].drop_database(drop[1])


def _keys(r: Any) -> dict[str, int]:
    from app.domain.search_keys import customer_keys

    return customer_keys(account_no=r.account_no, name=r.name, phones=[r.phone, r.phone2], id_number=r.id_number,
                         meter_no=r.meter_no, address=r.supply_address)


def _matching(rows: list[Any], tokens: list[str]) -> set[uuid.UUID]:
    """Every customer whose keys each token starts, from every customer's keys."""
    from app.domain.search_keys import kind_of_match

    return {r.id for r, keys in rows if all(kind_of_match(keys, t) is not None for t in tokens)}


@pytest.mark.parametrize("strategy", ["default", "customer row", "key set"])
def test_several_tokens_find_exactly_the_customers_that_match(demo, monkeypatch, strategy):
    # Runs of address words as the bill prints them (79号荷花一区12幢), words apart, a name with an
    # address word, pinyin initials with a district: whatever token drives and however the others
    # are checked, the customers found are those whose keys every token starts.
    import random

    from app.domain.text import address_words
    from app.services import search

    db, clerk, rows = demo
    if strategy == "customer row":
        monkeypatch.setattr(search, "COUNT_CAP", 1)
        monkeypatch.setattr(search, "BIG_CAP", 1)
        monkeypatch.setattr(search, "_FEW_KEYS", 0)
    sets: list[str] = []
    if strategy == "key set":  # every token a common single key: ranked, the second-sparsest read as a set
        monkeypatch.setattr(search, "COUNT_CAP", 1)
        monkeypatch.setattr(search, "_MARK", 1)
        monkeypatch.setattr(search, "_HASH_RATIO", 10**9)
        token_filter = search._token_filter

        def spy(token, keys, tag, hashed=False):
            if hashed:
                sets.append(token)
            return token_filter(token, keys, tag, hashed)

        monkeypatch.setattr(search, "_token_filter", spy)
    rng = random.Random(16)
    queries: list[list[str]] = []
    for r, _ in rng.sample(rows, 40):
        words = address_words(r.supply_address)
        if len(words) >= 3:
            start = rng.randrange(len(words) - 1)
            queries.append(words[start:start + rng.randint(2, 3)])
            queries.append([words[-1], words[1]])
        queries.append([r.name[:1], words[-1]])
    queries += [["zs", "西湖区"], ["1单元", "2幢"], ["杭州市", "3单元", "101室"]]
    checked = 0
    with db.read() as session:
        for tokens in queries:
            found, cut = search._all_tokens_match(session, tokens, 5000)
            assert not cut, tokens
            assert set(found) == _matching(rows, tokens), tokens
            checked += bool(found)
    assert checked > 40
    assert (len(sets) > 10) == (strategy == "key set")


# ---- migration 0003_search: keys stored before it are rebuilt (own database: it writes) ----------


def _stored_keys(db: Database) -> dict[uuid.UUID, dict[str, int]]:
    from sqlalchemy import select

    from db.models import CustomerSearchKey

    keys: dict[uuid.UUID, dict[str, int]] = {}
    with db.read() as session:
        for key, cid, kind in session.execute(select(CustomerSearchKey.key, CustomerSearchKey.customer_id,
                                                     CustomerSearchKey.kind)):
            keys.setdefault(cid, {})[key] = kind
    return keys


def test_migration_rebuilds_pinyin_keys_stored_the_old_way(db, settings, clerk, customer_form):
    from alembic import command
    from sqlalchemy import delete, insert, select

    from app.domain.search_keys import OTHER_READING, PINYIN, PINYIN_OTHER
    from app.services.search import rebuild_pending_keys
    from app.services.setup import open_database
    from db.migrate import alembic_config, migration_connection, upgrade_to_head
    from db.models import CustomerSearchKey

    ids = [_register(db, settings, clerk, customer_form, name=name) for name in ("张信", "丁生", "张生", "曾国藩")]
    expected = _stored_keys(db)
    assert any(kind == PINYIN_OTHER for keys in expected.values() for kind in keys.values())
    # What the application wrote before: every variant a plain key of kind PINYIN.
    with db.write() as session:
        old = session.execute(select(CustomerSearchKey.key, CustomerSearchKey.customer_id)
                              .where(CustomerSearchKey.kind == PINYIN_OTHER)).all()
        session.execute(delete(CustomerSearchKey).where(CustomerSearchKey.kind == PINYIN_OTHER))
        session.execute(insert(CustomerSearchKey), [{"key": key.removeprefix(OTHER_READING), "customer_id": cid,
                                                     "kind": PINYIN} for key, cid in old])
    assert _stored_keys(db) != expected
    cfg = alembic_config(db.engine)
    with migration_connection(db.engine) as conn:
        cfg.attributes["connection"] = conn
        # later revisions change the schema: step back over them, then pretend 0003_search
        # (data only) has not run yet
        command.downgrade(cfg, "0003_search")
        command.stamp(cfg, "0002")
    upgrade_to_head(db.engine)  # the migration leaves a note; opening the database rebuilds
    assert _stored_keys(db) != expected
    reopened = open_database(settings)
    reopened.dispose()
    assert _stored_keys(db) == expected
    assert rebuild_pending_keys(db) == 0  # the note is gone: nothing more to do
    assert [r.id for r in search_customers(db, clerk, "zs").rows][-2:] in ([ids[0], ids[1]], [ids[1], ids[0]])
    with migration_connection(db.engine) as conn:  # and back: the rare readings become plain keys again
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    downgraded = _stored_keys(db)
    assert all(kind != PINYIN_OTHER and not key.startswith(OTHER_READING)
               for keys in downgraded.values() for key, kind in keys.items())
    assert downgraded[ids[0]]["zs"] == PINYIN
