"""Search keys and query tokens (检索键 / 查询分词), docs/rules.md#search.

A clerk types what the bill prints: words of the address in a row (西湖区文三路), and
several things separated by spaces (张三 文三), each of which must match.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.search_keys import (
    ADDRESS,
    MAX_KEY,
    NAME,
    OTHER_READING,
    PHONE_LAST4,
    PINYIN,
    PINYIN_OTHER,
    customer_keys,
    key_haystack,
    kind_of_match,
    may_match,
    normalize_query,
    query_readings,
    query_tokens,
)

BILL = "浙江省杭州市西湖区文三路123号"


_ADDRESS_CHARS = st.sampled_from("省市区县镇村路街号幢单元室花园小区杭州西湖文三" + "0123456789AB" + "-#、，（）·/. ")


# ---- customer keys: what a clerk types finds the customer -------------------------------------


def _keys(address: str = BILL, name: str = "张三") -> dict[str, int]:
    return customer_keys(account_no="33010000001", name=name, phones=["13812345678"], id_number="330106199001011234",
                         meter_no="ZJ0012345678", address=address)


def _typed_finds(keys: dict[str, int], typed: str) -> bool:
    """Some reading of ``typed`` has every token start a key (what the search service does)."""
    return any(all(any(key.startswith(token) for key in keys) for token in reading)
               for reading in query_readings(typed))


@pytest.mark.parametrize("typed", ["西湖区文三路", "杭州市西湖区", "文三路123号", "浙江省杭州市西湖区文三路123号", "西湖",
                                   "文三", "123号", "杭州市西湖区文三", "杭州市文三路", "张三 文三", "文三路 张三",
                                   "zs 西湖区", "张 杭州市西湖区文三路", "文三路123 号", "杭州市张三"])
def test_what_the_bill_prints_finds_the_customer(typed: str) -> None:
    assert _typed_finds(_keys(), typed)


@pytest.mark.parametrize("typed", ["三路", "湖区", "西湖区三路", "23号", "张三 三路", "李四 文三", "文三路124号"])
def test_pieces_from_inside_a_word_do_not(typed: str) -> None:
    assert not _typed_finds(_keys(), typed)


def test_a_pasted_address_longer_than_a_key_is_read_word_by_word() -> None:
    address = "浙江省杭州市西湖区文三路123号某某花园5幢2单元301室"
    assert len(address) > MAX_KEY
    readings = query_readings(address)
    assert readings[0] == [address[:MAX_KEY]]
    assert readings[1] == ["浙江省", "杭州市", "西湖区", "文三路", "123号", "某某花园", "5幢", "2单元", "301室"]
    assert _typed_finds(_keys(address), address)
    assert not _typed_finds(_keys(address.replace("301室", "302室")), address)  # the end counts too


def test_address_keys_are_its_words() -> None:
    assert [k for k, kind in _keys().items() if kind == ADDRESS] == ["浙江省", "杭州市", "西湖区", "文三路", "123号"]


def test_kind_of_match_names_the_first_key_in_key_order() -> None:
    keys = _keys()
    assert kind_of_match(keys, "文三") == ADDRESS
    assert kind_of_match(keys, "三") == NAME
    assert kind_of_match(keys, "5678") == PHONE_LAST4
    assert kind_of_match(keys, "三路") is None


def test_initials_by_a_rare_reading_are_kept_apart_from_the_main_ones() -> None:
    # 张信: zx by the main readings; zs only by 信 read shēn. Its key sorts apart from "zs"
    # (no typed prefix reaches it), so a search lists the main readings first.
    keys = customer_keys(account_no="33010000001", name="张信", phones=[], id_number="", meter_no="",
                         address="")
    assert keys["zx"] == PINYIN
    assert keys[OTHER_READING + "zs"] == PINYIN_OTHER
    assert "zs" not in keys
    assert not (OTHER_READING + "zs").startswith("zs")
    assert normalize_query(OTHER_READING + "zs") == "zs"  # nobody can type the marker
    assert kind_of_match(keys, "zx") == PINYIN
    assert kind_of_match(keys, "zs") == PINYIN_OTHER
    assert kind_of_match(keys, "xs") is None


# ---- query tokens ----------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "tokens"), [
    ("张三 文三", ["张三", "文三"]),
    ("  张三　　文三路 ", ["张三", "文三路"]),  # ideographic space, repeated spaces
    ("西湖区文三路", ["西湖区文三路"]),  # no space: one token, a run of address words
    ("张 张三", ["张三"]),  # 张 is implied by 张三
    ("张三 张三", ["张三"]),
    ("ZS 西湖区", ["zs", "西湖区"]),
    ("张三 138-1234-5678", ["张三", "13812345678"]),
    ("张三 +86 13812345678", ["张三", "13812345678"]),
    ("+86 138 1234 5678", ["13812345678"]),  # a number typed in groups stays one number
    ("0571 8888 6666", ["057188886666"]),
    ("110105 19491231 002X", ["11010519491231002x"]),
    ("3301 张三", ["3301", "张三"]),
    ("1 张", ["1", "张"]),
    ("", []), (" \t", []), ("\x00 \x01", []),
])
def test_query_tokens(typed: str, tokens: list[str]) -> None:
    assert query_tokens(typed) == tokens


@pytest.mark.parametrize(("typed", "readings"), [
    ("张三", [["张三"]]),
    ("西湖区文三路", [["西湖区文三路"], ["西湖区", "文三路"]]),  # as typed (a name?), then as address words
    ("张三 文三", [["张三文三"], ["张三", "文三"]]),  # spaces taken out (the old reading), then tokens
    ("张三 西湖区文三路", [["张三西湖区文三路"], ["张三", "西湖区文三路"], ["张三", "西湖区", "文三路"],
                       ["张三西湖区", "文三路"]]),
    ("文三路123 号", [["文三路123号"], ["文三路123", "号"], ["文三路", "123", "号"], ["文三路", "123号"]]),
    ("13812345678", [["13812345678"]]),
    ("  ", []),
])
def test_query_readings(typed: str, readings: list[list[str]]) -> None:
    assert query_readings(typed) == readings


def test_normalize_query_still_reads_the_whole_query_without_spaces() -> None:
    assert normalize_query("ZJ 0012345678") == "zj0012345678"
    assert normalize_query("欧阳 娜娜") == "欧阳娜娜"
    assert normalize_query("+86 138 1234 5678") == "13812345678"


@given(st.text(max_size=40))
def test_query_tokens_and_readings_are_short_non_empty_and_blank_free(typed: str) -> None:
    tokens = query_tokens(typed)
    assert len(tokens) == len(set(tokens))
    readings = query_readings(typed)
    assert len(readings) == len({tuple(r) for r in readings}) <= 4
    assert (tokens in readings) == bool(tokens)
    for token in [*tokens, *(t for r in readings for t in r)]:
        assert 1 <= len(token) <= MAX_KEY and not any(ch.isspace() for ch in token)


# ---- the cheap test that rules a customer out ------------------------------------------------

_NAME = st.text(st.sampled_from("张三丰欧阳娜·单解 AbcJohnéÉ"), min_size=1, max_size=12)
_PHONE = st.text(st.sampled_from("0123456789-"), max_size=16)
_ASCII = st.text(st.sampled_from("0123456789ABCXzx"), max_size=20)


@given(_ASCII, _NAME, st.lists(_PHONE, max_size=2), _ASCII, _ASCII, st.text(_ADDRESS_CHARS, max_size=50))
def test_may_match_never_rules_out_a_token_that_starts_a_key(
    account: str, name: str, phones: list[str], id_number: str, meter: str, address: str,
) -> None:
    fields: dict[str, Any] = dict(account_no=account, name=name, phones=phones, id_number=id_number, meter_no=meter, address=address)
    haystack = key_haystack(**fields)
    for key in customer_keys(**fields):
        key = key.removeprefix(OTHER_READING)  # what is typed to reach initials by another reading
        for end in range(1, len(key) + 1):
            assert may_match(key[:end], haystack), (key, key[:end])


def test_may_match_rules_out_what_is_nowhere() -> None:
    haystack = key_haystack(account_no="33010000001", name="张三", phones=["13812345678"], id_number="", meter_no="",
                            address=BILL)
    assert not may_match("李", haystack) and not may_match("解放路", haystack) and not may_match("9999", haystack)
    assert may_match("三路", haystack)  # a piece of the text, not a key: the keys decide
    assert may_match("zs", haystack)  # pinyin initials are not in the text: the keys decide
