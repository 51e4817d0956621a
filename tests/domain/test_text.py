"""Free-text rules: clean_text, names, organisation names, addresses, address words."""

from __future__ import annotations

import unicodedata
from typing import Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.text import (
    address_words,
    clean_address,
    clean_org_name,
    clean_person_name,
    clean_text,
    is_cjk,
)


def _clean(value: str | None, **kwargs: object) -> str:
    options: dict = {"max_len": 20, **kwargs}
    return clean_text(value, "remark", "备注", **options)


def _message(func, *args: object, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as caught:
        func(*args, **kwargs)
    return caught.value.message


# --- clean_text ------------------------------------------------------------------------------


def test_clean_text_trims_and_collapses_whitespace_to_one_space() -> None:
    assert _clean("  张三   李四 \u3000 王五  ") == "张三 李四 王五"


def test_clean_text_full_width_letters_and_digits_become_half_width() -> None:
    assert _clean("ＡＢＣ１２３ａｂｃ") == "ABC123abc"


def test_clean_text_keeps_chinese_punctuation() -> None:
    assert _clean("你好，（一）：是！吗？；") == "你好，（一）：是！吗？；"
    assert _clean("阿沛·阿旺晋美、某某") == "阿沛·阿旺晋美、某某"


def test_clean_text_removes_invisible_zero_width_characters() -> None:
    assert _clean("张\u200b三\ufeff") == "张三"


def test_clean_text_single_line_turns_tabs_and_line_breaks_into_a_space() -> None:
    assert _clean("张三\t\r\n李四") == "张三 李四"


def test_clean_text_multiline_keeps_line_breaks_and_at_most_one_blank_line() -> None:
    text = "第一行  内容 \r\n\r\n\r\n\t第二行\n"
    assert _clean(text, multiline=True, max_len=50) == "第一行 内容\n\n第二行"


@pytest.mark.parametrize("value", ["a\x00b", "a\x07b", "a\x1bb", "abc\u202edef", "a\x7fb"])
def test_clean_text_rejects_control_characters(value: str) -> None:
    assert _message(_clean, value) == "备注不能包含控制字符"


def test_clean_text_rejects_control_characters_in_multiline_too() -> None:
    assert _message(_clean, "第一行\n\x00", multiline=True) == "备注不能包含控制字符"


@pytest.mark.parametrize("value", ["好😀", "👍", "❤️", "🇨🇳", "⭐", "☎"])
def test_clean_text_rejects_emoji(value: str) -> None:
    assert _message(_clean, value).startswith("备注不能包含表情符号或特殊符号")


@pytest.mark.parametrize("value", ["a\ue000b", "a\ud800b", "a\U000f0000b", "a\ufffeb"])
def test_clean_text_rejects_private_use_surrogates_and_noncharacters(value: str) -> None:
    assert _message(_clean, value) == "备注不能包含表情符号或特殊符号"


def test_clean_text_enforces_max_len_in_characters() -> None:
    assert _clean("张" * 20) == "张" * 20
    assert _message(_clean, "张" * 21) == "备注不能超过20个字"
    assert _clean("𠈌" * 20) == "𠈌" * 20  # one character each, though two UTF-16 units


def test_clean_text_required_empty_is_an_error() -> None:
    assert _message(_clean, "") == "备注不能为空"
    assert _message(_clean, None) == "备注不能为空"
    assert _message(_clean, " \u200b\t ") == "备注不能为空"


def test_clean_text_optional_empty_returns_empty_string() -> None:
    assert _clean(None, required=False) == ""
    assert _clean("   ", required=False) == ""


def test_clean_text_sql_fragment_is_just_text() -> None:
    assert _clean("'; DROP TABLE t;--", max_len=30) == "'; DROP TABLE t;--"


def test_clean_text_error_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_text("", "supply_address", "用电地址", max_len=10)
    assert caught.value.field == "supply_address"


_ALLOWED_CONTROLS_MULTILINE = {"\n", "\t"}


@given(st.text(max_size=60), st.integers(1, 40), st.booleans(), st.booleans())
def test_clean_text_on_any_text_returns_clean_bounded_text_or_raises_validation_error(
    value: str, max_len: int, multiline: bool, required: bool
) -> None:
    try:
        result = clean_text(value, "f", "备注", max_len=max_len, required=required, multiline=multiline)
    except ValidationError:
        return
    assert len(result) <= max_len
    assert result == result.strip()
    for ch in result:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            assert multiline and ch in _ALLOWED_CONTROLS_MULTILINE
    assert clean_text(result, "f", "备注", max_len=max_len, required=required, multiline=multiline) == result


# --- person names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三", "张三"),
        ("  欧阳娜娜 ", "欧阳娜娜"),
        ("张 三", "张三"),
        ("阿沛·阿旺晋美", "阿沛·阿旺晋美"),
        ("阿沛•阿旺晋美", "阿沛·阿旺晋美"),
        ("买买提・艾力", "买买提·艾力"),
        ("买买提．艾力", "买买提·艾力"),
        ("买买提.艾力", "买买提·艾力"),
        ("买买提 · 艾力", "买买提·艾力"),
        ("王㛃", "王㛃"),  # CJK extension A
        ("李𠈌", "李𠈌"),  # CJK extension B
        ("John Smith", "John Smith"),
        ("Ｊｏｈｎ  Ｓｍｉｔｈ", "John Smith"),
        ("John F. Kennedy", "John F. Kennedy"),
        ("Jean-Pierre O’Neil", "Jean-Pierre O'Neil"),
        ("José", "José"),
        ("约翰·史密斯", "约翰·史密斯"),
    ],
)
def test_person_name_accepts_chinese_minority_dot_and_latin(value: str, expected: str) -> None:
    assert clean_person_name(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("张3", "姓名中不能包含“3”"),
        ("张三2号", "姓名中不能包含“2”"),
        ("Иван", "姓名中不能包含“И”"),  # wrong script: Cyrillic
        ("さくら", "姓名中不能包含“さ”"),  # wrong script: kana
        ("'; DROP TABLE customers;--", "姓名中不能包含“;”"),
        ("张@三", "姓名中不能包含“@”"),
        ("张三😀", "姓名不能包含表情符号或特殊符号“😀”"),
        ("张\x00三", "姓名不能包含控制字符"),
        ("", "姓名不能为空"),
        ("张" * 31, "姓名不能超过30个字"),
        ("·张三", "姓名中的“·”只能用在两个字之间"),
        ("张三·", "姓名中的“·”只能用在两个字之间"),
        ("阿沛··阿旺", "姓名中的“·”只能用在两个字之间"),
        ("'-", "姓名中至少要有一个汉字或字母"),
    ],
)
def test_person_name_rejects_digits_symbols_and_other_scripts(value: str, message: str) -> None:
    assert _message(clean_person_name, value) == message


def test_person_name_uses_the_callers_label_and_field() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_person_name("张3", field="contact_name", label="联系人")
    assert caught.value.field == "contact_name"
    assert caught.value.message == "联系人中不能包含“3”"


@given(st.text(max_size=40))
def test_person_name_result_has_only_name_characters(value: str) -> None:
    try:
        result = clean_person_name(value)
    except ValidationError:
        return
    assert 1 <= len(result) <= 30
    assert not any(ch.isdigit() for ch in result)
    assert all(is_cjk(ch) or ch.isalpha() or ch in " ·.-'" for ch in result)
    assert clean_person_name(result) == result  # stored form is stable


@given(st.text(max_size=80))
def test_org_name_and_address_results_are_stable(value: str) -> None:
    for clean in (clean_org_name, clean_address):
        try:
            result = clean(value)
        except ValidationError:
            continue
        assert clean(result) == result


# --- organisation names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("杭州某某科技有限公司", "杭州某某科技有限公司"),
        ("国网杭州供电公司(西湖分部)", "国网杭州供电公司（西湖分部）"),
        ("某某(杭州)有限公司", "某某（杭州）有限公司"),
        ("ＡＢＣ科技 有限公司", "ABC科技有限公司"),
        ("Procter & Gamble 中国", "Procter & Gamble中国"),
        ("上海宝钢集团、宝山钢铁", "上海宝钢集团、宝山钢铁"),
        ("3M中国有限公司", "3M中国有限公司"),
    ],
)
def test_org_name_accepts_and_uses_full_width_parentheses(value: str, expected: str) -> None:
    assert clean_org_name(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("A", "单位名称至少需要2个字"),
        ("某" * 61, "单位名称不能超过60个字"),
        ("某某公司；DROP TABLE", "单位名称中不能包含“；”"),
        ("某某公司@", "单位名称中不能包含“@”"),
        ("某某公司（筹", "单位名称中的括号不成对"),
        ("某某公司）（", "单位名称中的括号不成对"),
        ("", "单位名称不能为空"),
        ("某某公司🏭", "单位名称不能包含表情符号或特殊符号“🏭”"),
    ],
)
def test_org_name_rejects_bad_characters_length_and_unpaired_parentheses(value: str, message: str) -> None:
    assert _message(clean_org_name, value) == message


# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("浙江省杭州市西湖区文三路123号", "浙江省杭州市西湖区文三路123号"),
        ("文三路 123 号 5-2-301", "文三路123号5-2-301"),
        ("某某小区5#楼, 2单元(东)", "某某小区5#楼，2单元（东）"),
        ("Room 301, No.5 Road", "Room 301，No.5 Road"),
        ("新华路1号/3号", "新华路1号/3号"),
    ],
)
def test_address_accepts_ordinary_punctuation(value: str, expected: str) -> None:
    assert clean_address(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("杭州", "用电地址至少需要4个字"),
        ("杭" * 121, "用电地址不能超过120个字"),
        ("文三路123号@", "用电地址中不能包含“@”"),
        ("文三路123号; DROP TABLE", "用电地址中不能包含“;”"),
        ("", "用电地址不能为空"),
    ],
)
def test_address_rejects_short_long_and_odd_characters(value: str, message: str) -> None:
    assert _message(clean_address, value) == message


def test_address_optional_may_be_empty() -> None:
    assert clean_address("  ", field="mail_address", label="通信地址", required=False) == ""


# --- address words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "words"),
    [
        (
            "浙江省杭州市西湖区文三路123号5幢2单元301室",
            ["浙江省", "杭州市", "西湖区", "文三路", "123号", "5幢", "2单元", "301室"],
        ),
        ("内蒙古自治区锡林郭勒盟锡林浩特市", ["内蒙古自治区", "锡林郭勒盟", "锡林浩特市"]),
        (
            "广西壮族自治区南宁市青秀区民族大道100号",
            ["广西壮族自治区", "南宁市", "青秀区", "民族大道", "100号"],
        ),
        ("杭州市西湖区北山街道阳光小区3号楼", ["杭州市", "西湖区", "北山街道", "阳光小区", "3号楼"]),
        ("北京市东城区某某胡同5号院", ["北京市", "东城区", "某某胡同5号院"]),
        ("某县某镇某村3组", ["某县", "某镇", "某村", "3组"]),
        ("某某工业园区A座5层", ["某某工业园区", "A座", "5层"]),
    ],
)
def test_address_words_split_after_administrative_and_structural_suffixes(
    address: str, words: list[str]
) -> None:
    assert address_words(address) == words


def test_address_words_do_not_split_place_names_that_start_with_a_suffix() -> None:
    assert address_words("江苏省镇江市京口区花园路5号") == ["江苏省", "镇江市", "京口区", "花园路", "5号"]
    assert address_words("山东省青岛市市北区") == ["山东省", "青岛市", "市北区"]


def test_address_words_keep_a_road_named_after_an_estate_whole() -> None:
    assert address_words("杭州市锦绣花园路1号") == ["杭州市", "锦绣花园路", "1号"]


def test_address_words_do_not_split_inside_shichang() -> None:
    assert address_words("杭州市农贸市场3号") == ["杭州市", "农贸市场3号"]
    assert address_words("杭州市市民中心") == ["杭州市", "市民中心"]


def test_address_words_split_at_punctuation_and_spaces() -> None:
    assert address_words("文三路123号 5-2-301") == ["文三路", "123号", "5", "2", "301"]


def test_address_words_drop_duplicates_and_empties() -> None:
    assert address_words("") == []
    assert address_words("，，  ") == []
    assert address_words("某某路1号，某某路1号") == ["某某路", "1号"]


def test_address_words_are_at_most_20_characters() -> None:
    words = address_words("某" * 30 + "路")
    assert words == ["某" * 20]


_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)


@given(st.text(st.characters(codec="utf-8", exclude_categories=_SURROGATES), max_size=80))
def test_address_words_are_non_empty_bounded_unique_substrings(address: str) -> None:
    words = address_words(address)
    assert len(words) == len(set(words))
    for word in words:
        assert 1 <= len(word) <= 20
        assert word in address
