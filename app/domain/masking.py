"""Masking of personal data on screens and printouts (敏感信息脱敏), docs/rules.md#masking.

Masks keep the length of the value (one ``*`` per hidden character) so that a masked number
still looks like the kind of number it is.
"""

from __future__ import annotations

import re

__all__ = ["mask_id", "mask_name", "mask_phone"]

_LANDLINE = re.compile(r"(0\d{2,3})-(\d{7,8})(-\d{1,6})?")


def _keep(value: str, head: int, tail: int) -> str:
    hidden = len(value) - head - tail
    return value[:head] + "*" * hidden + value[len(value) - tail :]


def mask_id(value: str) -> str:
    """Mask a document number: 18 characters keep the first 6 and last 4
    (``110105********002X``), 15 keep the first 6 and last 3, anything else the first 2 and
    last 2; four characters or fewer are hidden entirely."""
    text = value.strip()
    n = len(text)
    if n == 18:
        return _keep(text, 6, 4)
    if n == 15:
        return _keep(text, 6, 3)
    if n <= 4:
        return "*" * n
    return _keep(text, 2, 2)


def mask_phone(value: str) -> str:
    """Mask a phone number: mobile ``138****5678``; landline ``0571-****6666`` (the area code
    and an extension stay visible, they do not identify a person); other text keeps its first
    3 and last 4 characters, or only its last 2 when short."""
    text = value.strip()
    landline = _LANDLINE.fullmatch(text)
    if landline is not None:
        area, local, extension = landline.groups()
        return f"{area}-{_keep(local, 0, 4)}{extension or ''}"
    n = len(text)
    if n >= 10:
        return _keep(text, 3, 4)
    if n <= 2:
        return "*" * n
    return _keep(text, 0, 2)


def mask_name(value: str) -> str:
    """Mask a person's or an organisation's name for a screen the customer's neighbours can see
    (the customer display, docs/rules.md#satisfaction-rating): two characters keep the first
    (``张*``), three to six the first and last (``张*明``, ``欧**锋``), longer names (an
    organisation) the first two and last two (``杭州*****公司``); one character stays."""
    text = value.strip()
    n = len(text)
    if n <= 1:
        return text
    if n == 2:
        return _keep(text, 1, 0)
    if n <= 6:
        return _keep(text, 1, 1)
    return _keep(text, 2, 2)
