"""Pinyin initials for search (拼音首字母检索): typing ``zs`` finds 张三.

pypinyin gives every reading of a character (heteronyms, most common first) but has no
surname mode (mozillazg/python-pinyin issues #120, #297), so a small table below puts the
surname reading (姓氏读音) of the first character first: 曾 is zēng as a surname, 单 is shàn,
区 is ōu, 解 is xiè. The other readings still follow as variants, because clerks type what
they hear and people do mispronounce names.

Cost: characters are cached (``functools.lru_cache``), whole names are not, so memory stays
bounded while generating a million customers. Measured with ``python -m app.domain.pinyin``
(Python 3.11, 2-core test VM): a 3-character name with a warm character cache takes 2–4 µs
(张三丰 ≈ 2 µs; 单解区, three polyphonic characters, ≈ 6 µs), under the 10 µs target; a
character seen for the first time costs ≈ 50–70 µs in pypinyin; importing pypinyin costs
≈ 0.25 s, so it is imported on first use rather than at application start.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["SURNAME_INITIALS", "name_initials"]

# Surname readings (姓氏读音) of polyphonic characters, as initials. Listed: characters whose
# surname initial is not pypinyin's first reading, and characters with another reading of a
# different initial (pinned so that a pypinyin dictionary update cannot reorder them).
SURNAME_INITIALS: dict[str, str] = {
    "曾": "z",  # zēng, not céng
    "单": "s",  # shàn, not dān
    "区": "o",  # ōu, not qū
    "解": "x",  # xiè, not jiě
    "仇": "q",  # qiú, not chóu
    "查": "z",  # zhā, not chá
    "翟": "z",  # zhái, not dí
    "覃": "q",  # qín, not tán
    "沈": "s",  # shěn
    "重": "c",  # chóng, not zhòng
    "种": "c",  # chóng, not zhǒng
    "长": "c",  # cháng, not zhǎng
    "乐": "y",  # yuè (lè is also a surname and stays as a variant)
    "秘": "b",  # bì, not mì
    "繁": "p",  # pó, not fán
    "朝": "c",  # cháo, not zhāo
    "尉": "w",  # wèi (yù only in 尉迟)
    "句": "g",  # gōu, not jù
    "召": "s",  # shào, not zhào
    "祭": "z",  # zhài, not jì
    "盛": "s",  # shèng, not chéng
    "藏": "z",  # zàng, not cáng
    "折": "s",  # shé, not zhé
    "车": "c",  # chē, not jū
    "卜": "b",  # bǔ
    "贾": "j",  # jiǎ, not gǔ
    "叶": "y",  # yè, not xié
    "阿": "a",  # ā, not ē
    "万": "w",  # wàn, not mò (万俟 handled as a compound)
    "宿": "s",  # sù
    "莘": "s",  # shēn, not xīn
    "郇": "x",  # xún, not huán
    "隗": "w",  # wěi, not kuí
    "褚": "c",  # chǔ
    "粘": "n",  # niàn
    "佴": "n",  # nài
    "蕃": "p",  # pí
    "强": "q",  # qiáng, not jiàng
    "石": "s",  # shí, not dàn
}

# Compound surnames (复姓) whose readings differ from the characters' usual ones.
COMPOUND_SURNAME_INITIALS: dict[str, tuple[str, str]] = {
    "万俟": ("m", "q"),
    "尉迟": ("y", "c"),
    "单于": ("c", "y"),
    "长孙": ("z", "s"),
    "澹台": ("t", "t"),
    "令狐": ("l", "h"),
    "乐正": ("y", "z"),
}


@lru_cache(maxsize=65536)
def _char_initials(ch: str) -> tuple[str, ...]:
    """Distinct initials of one character's readings, most common reading first ("" when none)."""
    if ch.isascii():
        return (ch.lower(),) if ch.isalpha() else ()
    if unicodedata.name(ch, "").startswith("LATIN "):
        base = unicodedata.normalize("NFKD", ch)[0].lower()  # é -> e
        return (base,) if base.isascii() and base.isalpha() else ()
    from pypinyin import Style, pinyin  # lazy: the import costs ~0.25 s

    readings = pinyin(ch, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
    if not readings:
        return ()
    initials: list[str] = []
    for reading in readings[0]:
        letter = reading[:1].lower()
        if letter.isascii() and letter.isalpha() and letter not in initials:
            initials.append(letter)
    return tuple(initials)


@lru_cache(maxsize=4096)
def _surname_char_initials(ch: str) -> tuple[str, ...]:
    """Initials of the first character, its surname reading moved to the front."""
    usual = _char_initials(ch)
    preferred = SURNAME_INITIALS.get(ch)
    if preferred is None:
        return usual
    return (preferred, *(i for i in usual if i != preferred))


def _indexes_with_sum(sizes: tuple[int, ...], total: int) -> Iterator[tuple[int, ...]]:
    """Index vectors with the given sum, deviations at earlier characters first."""
    if len(sizes) == 1:
        if total < sizes[0]:
            yield (total,)
        return
    for first in range(min(total, sizes[0] - 1), -1, -1):
        for rest in _indexes_with_sum(sizes[1:], total - first):
            yield (first, *rest)


@lru_cache(maxsize=1024)
def _ranked_indexes(sizes: tuple[int, ...], limit: int) -> tuple[tuple[int, ...], ...]:
    """The ``limit`` best index vectors for these option counts (few distinct shapes: cached)."""
    ranked: list[tuple[int, ...]] = []
    for total in range(sum(sizes) - len(sizes) + 1):
        for idx in _indexes_with_sum(sizes, total):
            ranked.append(idx)
            if len(ranked) == limit:
                return tuple(ranked)
    return tuple(ranked)


def _combine(options: list[tuple[str, ...]], max_variants: int) -> list[str]:
    """Up to ``max_variants`` strings, ordered by how far they stray from the first readings.

    At equal distance a variant of an earlier character comes first: the surname is the
    character most often misread (区 read as qū), and it is what a clerk types first.
    """
    ambiguous = [k for k, opts in enumerate(options) if len(opts) > 1]
    if not ambiguous or max_variants <= 1:
        return ["".join(opts[0] for opts in options)]
    if len(ambiguous) == 1:
        k = ambiguous[0]
        head = "".join(opts[0] for opts in options[:k])
        tail = "".join(opts[0] for opts in options[k + 1 :])
        return [head + alt + tail for alt in options[k][:max_variants]]
    results: list[str] = []
    letters = [opts[0] for opts in options]
    for idx in _ranked_indexes(tuple(len(options[k]) for k in ambiguous), max_variants):
        for k, j in zip(ambiguous, idx, strict=True):
            letters[k] = options[k][j]
        results.append("".join(letters))
    return results


def name_initials(name: str, max_variants: int = 4) -> list[str]:
    """Lower-case pinyin initials of a name, most likely reading first (拼音首字母).

    ``"张三"`` -> ``["zs"]``; ``"曾小明"`` -> ``["zxm", "cxm"]``. Latin letters are kept
    (lower-case); ``·``, spaces, digits and characters without a reading are dropped. The
    first character gets its surname reading; compound surnames (尉迟, 万俟 …) are known.
    Returns ``[]`` when nothing is left.
    """
    options: list[tuple[str, ...]] = []
    start = 0
    compound = COMPOUND_SURNAME_INITIALS.get(name[:2])
    if compound is not None:
        options.extend((letter,) for letter in compound)
        start = 2
    elif name:
        first = _surname_char_initials(name[0])
        if first:
            options.append(first)
        start = 1
    for ch in name[start:]:
        initials = _char_initials(ch)
        if initials:
            options.append(initials)
    if not options:
        return []
    return _combine(options, max_variants)


def _measure() -> None:  # pragma: no cover - a benchmark, run by hand
    import timeit

    names = ["张三丰", "曾小明", "单解区", "欧阳娜娜", "王伟"]
    for n in names:
        name_initials(n)
    runs = 200_000
    for n in names:
        seconds = timeit.timeit(f"name_initials({n!r})", globals=globals(), number=runs)
        print(f"{n}: {seconds / runs * 1e6:.2f} µs per name (warm character cache)")
    _char_initials.cache_clear()
    _surname_char_initials.cache_clear()
    seconds = timeit.timeit("name_initials('李四海')", globals=globals(), number=1)
    print(f"李四海 with a cold character cache: {seconds * 1e6:.0f} µs")


if __name__ == "__main__":  # pragma: no cover
    _measure()
