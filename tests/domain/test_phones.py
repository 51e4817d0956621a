"""Phone numbers (联系电话): mobile 13812345678, landline 0571-88886666[-123]."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.phones import LANDLINE_RE, MOBILE_RE, last_four, normalize_phone, phone_digits


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("138.1234.5678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("(+86) 13812345678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("86 13812345678", "13812345678"),
        ("＋８６　１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_is_normalised_to_eleven_digits(value: str, expected: str) -> None:
    assert normalize_phone(value) == expected


def test_landline_seven_digit_number_with_one_digit_extension_follows_the_typed_grouping() -> None:
    assert normalize_phone("010-2345678-9") == "010-2345678-9"
    assert normalize_phone("010-2345-6789") == "010-23456789"


def test_mobile_dialled_with_a_leading_zero_is_accepted() -> None:
    assert normalize_phone("013812345678") == "13812345678"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0571-88886666", "0571-88886666"),
        ("057188886666", "0571-88886666"),
        ("(0571) 8888 6666", "0571-88886666"),
        ("（0571）88886666", "0571-88886666"),
        ("0571.8888.6666", "0571-88886666"),
        ("010-65123456", "010-65123456"),
        ("02087654321", "020-87654321"),
        ("0951-6012345", "0951-6012345"),
        ("+86 571 8888 6666", "0571-88886666"),
        ("+86-10-6512 3456", "010-65123456"),
        ("0086 0571 88886666", "0571-88886666"),
        ("0571—88886666", "0571-88886666"),
    ],
)
def test_landline_is_area_code_dash_local_number(value: str, expected: str) -> None:
    assert normalize_phone(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "0571-88886666-123",
        "0571-8888-6666-123",
        "0571 8888 6666 转 123",
        "0571-88886666转123",
        "0571-88886666 分机 123",
        "0571-88886666 ext. 123",
        "0571-88886666x123",
        "0571-88886666#123",
        "057188886666-123",
    ],
)
def test_landline_extension_is_kept_after_a_second_dash(value: str) -> None:
    assert normalize_phone(value) == "0571-88886666-123"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "电话号码不能为空"),
        ("   ", "电话号码不能为空"),
        ("abc", "不能包含“a”"),
        ("138abcd5678", "不能包含“a”"),
        ("😀", "不能包含“😀”"),
        ("13812345678😀", "不能包含“😀”"),
        ("'; DROP TABLE customers;--", "不能包含“'”"),
        ("12345", "手机号码应为11位数字，当前为5位"),
        ("138123456789", "手机号码应为11位数字，当前为12位"),
        ("12812345678", "手机号码第二位应为3到9"),
        ("88886666", "固定电话请加区号"),
        ("0571-888", "应为7或8位，当前为3位"),
        ("0571-012345678", "应为7或8位"),
        ("0571-08886666", "不能以0或1开头"),
        ("0012-88886666", "区号"),
        ("057188886666123", "如有分机号"),
        ("0571-88886666-1234567", "分机号应为1到6位数字"),
        ("13812345678转123", "手机号码不能带分机号"),
        ("138+12345678", "“+”只能用于开头"),
        ("---", "没有数字"),
        ("555", "电话号码格式不正确"),
    ],
)
def test_bad_phone_raises_validation_error_with_chinese_message(value: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)
    assert fragment in caught.value.message
    assert caught.value.field == "phone"


def test_validation_error_names_the_callers_field() -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone("abc", field="contact_phone2")
    assert caught.value.field == "contact_phone2"


def test_phone_digits_keeps_digits_only_for_search() -> None:
    assert phone_digits("0571-88886666-123") == "057188886666123"
    assert phone_digits("13812345678") == "13812345678"


def test_last_four_ignores_area_code_and_extension() -> None:
    assert last_four("13812345678") == "5678"
    assert last_four("0571-88886666") == "6666"
    assert last_four("0571-88886666-123") == "6666"


def _matches_documented_format(value: str) -> bool:
    return MOBILE_RE.fullmatch(value) is not None or LANDLINE_RE.fullmatch(value) is not None


@given(st.text(max_size=30))
def test_normalize_phone_returns_documented_format_or_raises_validation_error(value: str) -> None:
    try:
        result = normalize_phone(value)
    except ValidationError:
        return
    assert _matches_documented_format(result)


@given(st.text("0123456789 -()+.转#x", max_size=25))
def test_normalize_phone_on_phone_like_text_returns_documented_format_or_raises(value: str) -> None:
    try:
        result = normalize_phone(value)
    except ValidationError:
        return
    assert _matches_documented_format(result)
    assert normalize_phone(result) == result  # stored form is stable


_MOBILES = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
_SEPARATORS = st.sampled_from(["", " ", "-", ".", "  "])


@given(_MOBILES, _SEPARATORS, st.sampled_from(["", "+86", "+86 ", "0086", "86"]))
def test_mobile_with_any_separator_and_prefix_round_trips(mobile: str, sep: str, prefix: str) -> None:
    typed = prefix + mobile[:3] + sep + mobile[3:7] + sep + mobile[7:]
    assert normalize_phone(typed) == mobile


_LANDLINES = st.from_regex(r"\A0(10|2[0-9]|[3-9][0-9][0-9])-[2-9][0-9]{6,7}(-[0-9]{1,6})?\Z")


@given(_LANDLINES)
def test_stored_landline_is_a_fixed_point(landline: str) -> None:
    assert normalize_phone(landline) == landline
    assert last_four(landline) == landline.split("-")[1][-4:]
