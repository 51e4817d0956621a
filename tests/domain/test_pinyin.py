"""Pinyin initials for search (typing zs finds 张三)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.domain import pinyin as pinyin_module
from app.domain.pinyin import _char_initials, name_initials


def test_initials_of_a_plain_name() -> None:
    assert name_initials("张三") == ["zs"]
    assert name_initials("欧阳娜娜") == ["oynn"]


@pytest.mark.parametrize(
    ("name", "first", "other"),
    [
        ("曾国藩", "zgf", "cgf"),
        ("单田芳", "stf", "dtf"),
        ("区永红", "oyh", "qyh"),
        ("解缙", "xj", "jj"),
        ("仇英", "qy", "cy"),
        ("查良镛", "zly", "cly"),
        ("翟志刚", "zzg", "dzg"),
        ("覃明", "qm", "tm"),
    ],
)
def test_first_character_gets_its_surname_reading_first(name: str, first: str, other: str) -> None:
    variants = name_initials(name)
    assert variants[0] == first
    assert other in variants


def test_compound_surnames_use_their_own_readings() -> None:
    assert name_initials("尉迟恭") == ["ycg"]
    assert name_initials("万俟卨")[0] == "mqx"


def test_surname_reading_applies_only_to_the_first_character() -> None:
    # 曾 inside a given name keeps pypinyin's usual order (céng first).
    assert name_initials("王曾")[0] == "wc"


def test_latin_letters_are_kept_lower_case_and_other_characters_dropped() -> None:
    assert name_initials("John Smith") == ["johnsmith"]
    assert name_initials("阿沛·阿旺晋美")[0] == "apawjm"
    assert name_initials("José") == ["jose"]
    assert name_initials("张三3号")[0] == "zsh"


def test_characters_without_a_reading_are_dropped() -> None:
    assert name_initials("李𠈌") == ["l"]
    assert name_initials("") == []
    assert name_initials("·123") == []


def test_variants_are_limited_and_ordered_by_distance_from_usual_readings() -> None:
    variants = name_initials("单解区", max_variants=4)
    assert len(variants) == 4
    assert variants[0] == "sjq"
    # One change before two changes; at equal distance the surname changes first.
    assert variants[1] == "djq"
    assert name_initials("单解区", max_variants=1) == ["sjq"]
    assert len(name_initials("单解区", max_variants=50)) == 3 * 2 * 2


def test_characters_are_cached() -> None:
    name_initials("张三丰")
    before = pinyin_module._char_initials.cache_info().hits
    name_initials("张三丰")
    assert pinyin_module._char_initials.cache_info().hits > before


@given(st.text(max_size=12), st.integers(1, 6))
def test_initials_are_unique_lower_case_ascii_letters_within_the_limit(name: str, limit: int) -> None:
    variants = name_initials(name, max_variants=limit)
    assert len(variants) <= limit
    assert len(variants) == len(set(variants))
    for v in variants:
        assert v.isascii() and v.isalpha() and v == v.lower()
    lengths = {len(v) for v in variants}
    assert len(lengths) <= 1  # every variant has one letter per character


@given(st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=4))
def test_every_common_chinese_character_gives_one_letter(name: str) -> None:
    # a few characters of the block have no reading in the dictionary (兙, 兡, 瓧: old unit
    # characters); they are dropped, as the next test shows
    assume(all(_char_initials(ch) for ch in name))
    variants = name_initials(name)
    assert variants and all(len(v) == len(name) for v in variants)


def test_old_unit_characters_without_a_reading_are_dropped() -> None:
    assert name_initials("兙") == []
    assert name_initials("张兙三") == ["zs"]
