"""Masking of personal data (docs/rules.md#masking: ID 110105********002X)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.masking import mask_id, mask_name, mask_phone


def test_mask_id_18_digits_keeps_first_6_and_last_4() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"


def test_mask_id_15_digits_keeps_first_6_and_last_3() -> None:
    assert mask_id("110105491231002") == "110105******002"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("E12345678", "E1*****78"),
        ("H1234567890", "H1*******90"),
        ("12345", "12*45"),
        ("ABCD", "****"),
        ("", ""),
    ],
)
def test_mask_id_other_documents_keep_first_2_and_last_2(value: str, masked: str) -> None:
    assert mask_id(value) == masked


def test_mask_phone_mobile_keeps_first_3_and_last_4() -> None:
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("0571-88886666", "0571-****6666"),
        ("010-6512345", "010-***2345"),
        ("0571-88886666-123", "0571-****6666-123"),
    ],
)
def test_mask_phone_landline_keeps_area_code_and_last_4(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


def test_mask_phone_unrecognised_text_is_still_masked() -> None:
    assert mask_phone("88886666") == "******66"
    assert mask_phone("12") == "**"


@given(st.text(max_size=30))
def test_masks_keep_length_and_hide_the_middle(value: str) -> None:
    for mask in (mask_id, mask_phone):
        masked = mask(value)
        assert len(masked) == len(value.strip())
        if len(value.strip()) >= 5:
            assert "*" in masked


def test_mask_name_for_the_customer_display() -> None:
    """docs/rules.md#satisfaction-rating: the display faces the queue."""
    assert mask_name("张三") == "张*"
    assert mask_name("张三明") == "张*明"
    assert mask_name("欧阳修") == "欧*修"
    assert mask_name(" 欧阳明锋 ") == "欧**锋"
    assert mask_name("杭州城东机械厂") == "杭州***械厂"
    assert mask_name("杭州城东精密机械有限公司") == "杭州********公司"
    assert mask_name("张") == "张" and mask_name("") == ""
