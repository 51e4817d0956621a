"""What a clerk may type to find a customer, as index keys (检索键).

Every key is lower-case and at most ``MAX_KEY`` characters; a query token is looked up as
a prefix of the keys. Names contribute *all their suffixes*, so a substring of any length
(张伟 in 张伟华, or 伟) is a prefix of some key; addresses contribute their words.

A query is read as one or more lists of tokens (:func:`query_readings`); a customer is
found by a reading when every one of its tokens starts one of the customer's keys, of any
kind. Spaces separate tokens (张三 文三: the name and an address word), and so do address
word boundaries (西湖区文三路 is 西湖区 and 文三路, as the bill prints it).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from app.domain.phones import last_four
from app.domain.pinyin import name_initials
from app.domain.text import address_words, is_cjk

MAX_KEY = 24

ACCOUNT, NAME, PINYIN, PHONE, PHONE_LAST4, ID_NUMBER, METER, ADDRESS = 1, 2, 3, 4, 5, 6, 7, 8
#: Pinyin initials by another reading of a heteronym (信 as shēn, 丁 as zhēng): still found, listed after.
PINYIN_OTHER = 9
KIND_LABELS = {
    ACCOUNT: "户号", NAME: "名称", PINYIN: "拼音首字母", PHONE: "电话", PHONE_LAST4: "电话后四位",
    ID_NUMBER: "证件号", METER: "表号", ADDRESS: "地址", PINYIN_OTHER: "拼音首字母",
}
#: Keys of initials by another reading start with this private-use character, which nobody can
#: type (queries drop it, see :func:`_fold`). They sort apart from every other key, so the range
#: scan of what was typed (``zs``) meets the main readings only (张生, 朱淑), and the other
#: readings (张信 read zhāng shēn) are a second range, ``OTHER_READING + "zs"``, read after it.
OTHER_READING = "\ue000"


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
    # The first variant reads every character by its main reading (pypinyin's first, the
    # surname reading for the first character); the others use a less common reading.
    for n, variant in enumerate(initials if initials is not None else name_initials(name)):
        if n == 0:
            add(variant, PINYIN)
        else:
            add(OTHER_READING + variant, PINYIN_OTHER)
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


def key_haystack(
    *, account_no: str, name: str, phones: Iterable[str], id_number: str, meter_no: str, address: str,
) -> str:
    """One lower-case text that every key of :func:`customer_keys` but the pinyin initials is a piece of.

    For :func:`may_match`: telling that a token starts none of a customer's keys costs a
    substring test instead of building the keys.
    """
    parts = [account_no, "".join(name.split()), *(_digits(p) for p in phones), id_number, meter_no, address]
    return "\n".join(parts).lower()


def may_match(token: str, haystack: str) -> bool:
    """False when ``token`` starts no key of the customer whose :func:`key_haystack` is given.

    True means "build the keys and see": pinyin initials are not in the haystack, so a token
    of letters only (no Chinese) always needs the keys.
    """
    return token in haystack or all(ch.isalpha() and not is_cjk(ch) for ch in token)


def kind_of_match(keys: dict[str, int], token: str) -> int | None:
    """The kind of the first key (in key order) that ``token`` is a prefix of, or None.

    Initials by another reading count when no key starts with ``token`` itself.
    """
    for prefix in key_prefixes(token):
        found = [key for key in keys if key.startswith(prefix)]
        if found:
            return keys[min(found)]
    return None


def may_be_initials(token: str) -> bool:
    """Whether ``token`` may be pinyin initials (lower-case ASCII letters only)."""
    return token.isascii() and token.isalpha() and token.islower()


def key_prefixes(token: str) -> list[str]:
    """The key prefixes a query token matches, best first: itself, then (for letters) the
    same initials by another reading (:data:`OTHER_READING`)."""
    if may_be_initials(token):
        return [token, (OTHER_READING + token)[:MAX_KEY]]
    return [token]


def normalize_query(text: str) -> str:
    """Turn what was typed (or scanned) into one key prefix, spaces taken out.

    Full-width forms fold to ASCII, case folds, and separators inside numbers vanish so
    "138 1234-5678" and "+86 13812345678" find the phone; Chinese text keeps its characters.
    """
    return _normalize(_fold(text))[0][:MAX_KEY]


def query_tokens(text: str) -> list[str]:
    """The key prefixes a customer must all match: one per space-separated word typed.

    A number typed with spaces (138 1234 5678, an ID in groups) stays one token, as
    :func:`normalize_query` reads it. Each token is normalised the same way; repeats, and a
    token that is the start of another one (张 in 张 张三: whoever matches 张三 matches 张),
    are dropped. The tokens come back in the order typed.
    """
    return _without_implied([t[:MAX_KEY] for t in _full_tokens(text)])


def query_readings(text: str) -> list[list[str]]:
    """The ways to read a query, each a list of tokens that must all match, best first.

    1. With spaces, the whole query with the spaces taken out, as one token — how every query
       was read before tokens existed (``ZJ 0012345678`` is the meter ZJ0012345678).
    2. The tokens of :func:`query_tokens`, as typed (张三 文三).
    3. The same, each token further split into address words (:func:`address_words`), so a run
       of words typed without spaces as the bill prints it (西湖区文三路, 杭州市西湖区,
       文三路123号) is a token per word. Its last word may be unfinished (西湖区文三); the
       words need not be next to each other (杭州市文三路 skips the district). Only a word
       *start* matches: 三路 is inside 文三路, and no word starts with it.
    4. With spaces, reading 1 split into address words: a space typed inside a word
       (文三路123 号) does not split it.

    A reading that repeats an earlier one is left out.
    """
    full = _full_tokens(text)
    joined = [_normalize(_fold(text))[0]] if len(full) > 1 else []
    readings = [[t[:MAX_KEY] for t in joined], query_tokens(text), _address_word_tokens(full),
                _address_word_tokens(joined)]
    unique: list[list[str]] = []
    for reading in readings:
        if reading and reading not in unique:
            unique.append(reading)
    return unique


def _full_tokens(text: str) -> list[str]:
    """query_tokens before they are cut to ``MAX_KEY`` (a pasted address is split into words first)."""
    q = _fold(text)
    whole, numeric = _normalize(q)
    if not whole:
        return []
    if numeric and (whole.isdigit() or whole[-1] == "x"):
        return [whole]
    parts: list[str] = []
    for part in q.split():
        if parts and parts[-1] in ("+86", "0086"):  # a country code belongs to the number after it
            parts[-1] += part
        else:
            parts.append(part)
    return list(dict.fromkeys(t for t, _ in map(_normalize, parts) if t))


def _address_word_tokens(tokens: list[str]) -> list[str]:
    words = [word for token in tokens for word in (address_words(token) or [token])]
    return _without_implied(list(dict.fromkeys(word[:MAX_KEY] for word in words)))


def _without_implied(tokens: list[str]) -> list[str]:
    """Drop repeats, and a token that starts another one: whoever matches 张三 matches 张."""
    tokens = list(dict.fromkeys(tokens))
    return [t for t in tokens if not any(o != t and o.startswith(t) for o in tokens)]


def _fold(text: str) -> str:
    q = unicodedata.normalize("NFKC", text).strip().lower()
    return "".join(ch for ch in q if ch.isprintable())


def _normalize(q: str) -> tuple[str, bool]:
    """One key prefix from folded text (not yet cut to ``MAX_KEY``), and whether it was read as a number."""
    compact = q.replace(" ", "").replace("-", "").replace("(", "").replace(")", "")
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    # A number typed with separators (or an ID ending in x) is searched without them.
    if compact and (compact.isdigit() or compact[:-1].isdigit()):
        return compact, True
    return "".join(q.split()), False
