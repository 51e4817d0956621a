"""What a clerk may type to find a customer, as index keys (检索键).

Every key is lower-case and at most ``MAX_KEY`` characters; a query is looked up as a
prefix of the keys. Names contribute *all their suffixes*, so a substring of any length
(张伟 in 张伟华, or 伟) is a prefix of some key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from app.domain.phones import last_four
from app.domain.pinyin import name_initials
from app.domain.text import address_words

MAX_KEY = 24

ACCOUNT, NAME, PINYIN, PHONE, PHONE_LAST4, ID_NUMBER, METER, ADDRESS = 1, 2, 3, 4, 5, 6, 7, 8
KIND_LABELS = {
    ACCOUNT: "户号", NAME: "名称", PINYIN: "拼音首字母", PHONE: "电话", PHONE_LAST4: "电话后四位",
    ID_NUMBER: "证件号", METER: "表号", ADDRESS: "地址",
}


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def customer_keys(
    *, account_no: str, name: str, phones: Iterable[str], id_number: str, meter_no: str, address: str,
    initials: list[str] | None = None,
) -> dict[str, int]:
    """All keys of one customer, each mapped to the kind that produced it (first kind wins)."""
    keys: dict[str, int] = {}

    def add(key: str, kind: int) -> None:
        key = key.lower()[:MAX_KEY]
        if key and key not in keys:
            keys[key] = kind

    add(account_no, ACCOUNT)
    compact = "".join(name.split())
    for i in range(len(compact)):
        add(compact[i:], NAME)
    for variant in initials if initials is not None else name_initials(name):
        add(variant, PINYIN)
    for phone in phones:
        digits = _digits(phone)
        if digits:
            add(digits, PHONE)
            add(last_four(phone), PHONE_LAST4)
    add(id_number, ID_NUMBER)
    add(meter_no, METER)
    for word in address_words(address):
        add(word, ADDRESS)
    return keys


def normalize_query(text: str) -> str:
    """Turn what was typed (or scanned) into a key prefix.

    Full-width forms fold to ASCII, case folds, and separators inside numbers vanish so
    "138 1234-5678" and "+86 13812345678" find the phone; Chinese text keeps its characters.
    """
    q = unicodedata.normalize("NFKC", text).strip().lower()
    q = "".join(ch for ch in q if ch.isprintable())
    compact = q.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    # A number typed with separators (or an ID ending in x) is searched without them.
    looks_numeric = bool(compact) and (compact.isdigit() or compact[:-1].isdigit())
    q = compact if looks_numeric else "".join(q.split())
    return q[:MAX_KEY]
