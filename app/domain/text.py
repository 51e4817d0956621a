"""Free-text fields (文本字段): names, organisation names, addresses, remarks.

Every text a person types goes through :func:`clean_text` before it is stored, so that the
same name typed with full-width letters, doubled spaces or a stray zero-width space from a
chat app is stored once and found by search. Text is never "escaped" here: queries are
parameterised, so an SQL fragment is just text (it fails the name rules, which is fine).
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.errors import ValidationError, term

__all__ = [
    "address_words",
    "clean_address",
    "clean_org_name",
    "clean_person_name",
    "clean_text",
    "is_cjk",
]

# Chinese punctuation that NFKC would turn into ASCII; we keep it because it is the correct
# punctuation in Chinese text (clean_org_name / clean_address then pick their own forms).
_KEEP_FULL_WIDTH = "（），：；！？"
_KEEP_SPLIT = re.compile(f"([{_KEEP_FULL_WIDTH}])")

# Invisible debris from copy-and-paste (zero-width space/joiners, BOM, soft hyphen): removed
# silently because the person cannot see what to fix.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"))

# Emoji and pictographs (表情符号): whole blocks, plus the emoji scattered in older blocks.
_EMOJI_RANGES: tuple[tuple[int, int], ...] = (
    (0x1F000, 0x1FBFF),  # mahjong … symbols & pictographs ext-A, legacy computing
    (0x2600, 0x27BF),  # miscellaneous symbols, dingbats (☀ ✂ ✅ ❤)
    (0x2B00, 0x2BFF),  # miscellaneous symbols and arrows (⭐ ⬛)
    (0xFE00, 0xFE0F),  # variation selectors (emoji presentation)
    (0xE0000, 0xE007F),  # tags (flag sequences)
    (0x231A, 0x231B),
    (0x2328, 0x2328),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23FA),
    (0x20E3, 0x20E3),  # combining enclosing keycap
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
)

# CJK ideographs incl. extensions A–I and compatibility ideographs; planes 2 and 3 are taken
# whole so that characters newer than Python's Unicode tables (rare name characters) pass.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),  # extension A (㛃)
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3FFFF),  # extensions B–I (𠈌)
    (0x3007, 0x3007),  # 〇, used in names and addresses
)


def _in_ranges(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= code <= hi for lo, hi in ranges)


def is_cjk(ch: str) -> bool:
    """True for a Chinese character (汉字), including rare extension characters."""
    return _in_ranges(ord(ch), _CJK_RANGES)


def _nfkc_keeping_chinese_punctuation(text: str) -> str:
    pieces = _KEEP_SPLIT.split(text)
    # Odd indexes are the captured punctuation marks; normalise only the text between them.
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(pieces))


def _check_characters(text: str, field: str, label: str, multiline: bool) -> None:
    for ch in text:
        code = ord(ch)
        if ch in "\n\t" and multiline:
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf"):
            raise ValidationError(field, "{label}不能包含控制字符", label=term(label))
        if _in_ranges(code, _EMOJI_RANGES):
            raise ValidationError(field, "{label}不能包含表情符号或特殊符号“{ch}”", label=term(label), ch=ch)
        if category in ("Cs", "Co") or (category == "Cn" and not is_cjk(ch)):
            # Unpaired surrogates, private-use and unassigned code points cannot be shown.
            raise ValidationError(field, "{label}不能包含表情符号或特殊符号", label=term(label))


_LINE_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
_LINE_BREAKS_AND_TABS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_HSPACE_RUN = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _collapse_whitespace(text: str, multiline: bool) -> str:
    if not multiline:
        return " ".join(text.split())
    lines = [_HSPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(
    value: str | None,
    field: str,
    label: str,
    *,
    max_len: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Normalise one text field or raise :class:`ValidationError` with a Chinese message.

    NFKC (全角字母数字转半角) except Chinese punctuation （），：；！？; trim; whitespace runs become
    one space (single-line: tabs and line breaks too; multiline keeps line breaks and at most
    one blank line); control characters, emoji, private-use and unpaired surrogates rejected.
    """
    text = _nfkc_keeping_chinese_punctuation(value or "").translate(_INVISIBLE)
    if not multiline:
        # A pasted line break or tab in a one-line field is layout, not content.
        text = _LINE_BREAKS_AND_TABS.sub(" ", text)
    else:
        text = _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    _check_characters(text, field, label, multiline)
    text = _collapse_whitespace(text, multiline)
    if not text:
        if required:
            raise ValidationError(field, "{label}不能为空", label=term(label))
        return ""
    if len(text) > max_len:
        raise ValidationError(field, "{label}不能超过{max_len}个字", label=term(label), max_len=max_len)
    return text


def _is_latin_letter(ch: str) -> bool:
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN ")


def _drop_spaces_between_cjk(text: str, also: str = "") -> str:
    """Drop spaces next to Chinese characters (张 三 -> 张三): spaces only separate Latin words."""
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1:
            before, after = text[i - 1], text[i + 1]
            if (is_cjk(before) or before in also) or (is_cjk(after) or after in also):
                continue
        out.append(ch)
    return "".join(out)


_MIDDLE_DOT = "·"
# Dots people type for the 间隔号 in 少数民族 and transliterated foreign names.
_DOT_VARIANTS = "•・‧∙⋅●"
_PERSON_PUNCT = "-'"


def clean_person_name(value: str | None, field: str = "name", label: str = "姓名") -> str:
    """Clean a person's name (姓名): 1–30 characters.

    Chinese characters (incl. rare extension characters such as 㛃 𠈌), the 间隔号 · between
    parts (variants • ・ ． . next to Chinese characters become ·), and Latin letters with
    spaces, hyphens, apostrophes and dots for foreign names. No digits or other symbols.
    """
    text = clean_text(value, field, label, max_len=30)
    text = "".join(_MIDDLE_DOT if ch in _DOT_VARIANTS else ch for ch in text).replace("’", "'")
    text = _drop_spaces_between_cjk(text, also=_MIDDLE_DOT)
    # "." is an initial's dot in "John F. Kennedy" but a 间隔号 next to Chinese characters.
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch == "." and ((i > 0 and is_cjk(chars[i - 1])) or (i + 1 < len(chars) and is_cjk(chars[i + 1]))):
            chars[i] = _MIDDLE_DOT
    text = "".join(chars)

    for ch in text:
        if is_cjk(ch) or _is_latin_letter(ch) or ch in " ." or ch in _PERSON_PUNCT or ch == _MIDDLE_DOT:
            continue
        raise ValidationError(field, "{label}中不能包含“{ch}”", label=term(label), ch=ch)
    if not any(is_cjk(ch) or _is_latin_letter(ch) for ch in text):
        raise ValidationError(field, "{label}中至少要有一个汉字或字母", label=term(label))
    if text[0] == _MIDDLE_DOT or text[-1] == _MIDDLE_DOT or _MIDDLE_DOT * 2 in text:
        raise ValidationError(field, "{label}中的“·”只能用在两个字之间", label=term(label))
    return text


_ORG_PUNCT = "（）、&·.- "


def clean_org_name(value: str | None, field: str = "name", label: str = "单位名称") -> str:
    """Clean an organisation name (单位名称): 2–60 characters.

    Chinese, Latin letters, digits, spaces and （）、&·.- ; ASCII parentheses become （）,
    and the parentheses must pair up.
    """
    text = clean_text(value, field, label, max_len=60)
    text = text.replace("(", "（").replace(")", "）")
    text = _drop_spaces_between_cjk(text, also="（）")
    for ch in text:
        if is_cjk(ch) or _is_latin_letter(ch) or (ch.isdecimal() and ch.isascii()) or ch in _ORG_PUNCT:
            continue
        raise ValidationError(field, "{label}中不能包含“{ch}”", label=term(label), ch=ch)
    if len(text) < 2:
        raise ValidationError(field, "{label}至少需要2个字", label=term(label))
    depth = 0
    for ch in text:
        depth += {"（": 1, "）": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth != 0:
        raise ValidationError(field, "{label}中的括号不成对", label=term(label))
    return text


_ADDRESS_PUNCT = "-—#、，（）·/. "


def clean_address(
    value: str | None, field: str = "supply_address", label: str = "用电地址", required: bool = True
) -> str:
    """Clean an address (地址): 4–120 characters when given.

    Chinese, Latin letters, digits, spaces and -—#、，（）·/. ; ASCII "," and "()" become
    the full-width forms so the same address is stored one way.
    """
    text = clean_text(value, field, label, max_len=120, required=required)
    if not text:
        return ""
    text = text.replace(",", "，").replace("(", "（").replace(")", "）")
    text = _drop_spaces_between_cjk(text, also="（），、")
    for ch in text:
        if is_cjk(ch) or _is_latin_letter(ch) or (ch.isdecimal() and ch.isascii()) or ch in _ADDRESS_PUNCT:
            continue
        raise ValidationError(field, "{label}中不能包含“{ch}”", label=term(label), ch=ch)
    if len(text) < 4:
        raise ValidationError(field, "{label}至少需要4个字", label=term(label))
    return text


# --- address words (地址分词) ---------------------------------------------------------------

# Administrative and structural suffixes that end a word. Longest match wins (自治区 before 区,
# 街道 before 街, 号楼 before 号).
_ADDRESS_SUFFIXES = (
    *("省", "市", "自治区", "自治州", "地区", "盟", "区", "县", "旗", "镇", "乡", "街道", "村", "社区", "组"),
    *("路", "街", "大道", "巷", "弄", "里", "号", "号楼", "号院", "栋", "幢", "座", "单元", "楼", "层", "室"),
    *("户", "小区", "花园", "苑", "大厦", "广场", "工业园", "工业园区", "园区"),
)
# Words that contain a suffix character but are not a boundary there (农贸市场, 5公里处 …).
_ADDRESS_NOT_BOUNDARY = ("市场", "市政", "市民", "城市", "公里", "里程", "村委会", "村委", "区域")

_ROAD_SUFFIXES = frozenset(("路", "街", "大道", "巷", "弄"))
_ADMINISTRATIVE = frozenset(
    ("省", "市", "自治区", "自治州", "地区", "盟", "区", "县", "旗", "镇", "乡", "街道")
)

_Entry = tuple[str, bool]  # (text, is_suffix)


def _build_address_table() -> dict[str, tuple[_Entry, ...]]:
    table: dict[str, list[_Entry]] = {}
    entries = [(s, True) for s in _ADDRESS_SUFFIXES] + [(w, False) for w in _ADDRESS_NOT_BOUNDARY]
    for text, is_suffix in entries:
        table.setdefault(text[0], []).append((text, is_suffix))
    # Longest first, so the first hit is the longest match.
    return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in table.items()}


_ADDRESS_TABLE = _build_address_table()
_ADDRESS_BREAK = frozenset(_ADDRESS_PUNCT + "，,()（）\t\n")
_MAX_WORD = 20


def _match_at(address: str, i: int) -> _Entry | None:
    for entry in _ADDRESS_TABLE.get(address[i], ()):
        if address.startswith(entry[0], i):
            return entry
    return None


def address_words(address: str) -> list[str]:
    """Split an address into search words (地址检索词), in order, without duplicates.

    ``浙江省杭州市西湖区文三路123号5幢2单元301室`` -> 浙江省 杭州市 西湖区 文三路 123号 5幢 2单元 301室.
    A word ends after a suffix (省 市 区 路 号 幢 单元 室 …, longest match) and at punctuation.
    Rules that keep place names whole: a suffix at the start of a word does not end it
    (镇江市, 市北区, 花园路), a non-administrative suffix directly followed by a road suffix
    does not end the word (锦绣花园路), nor does 市 right before 区 (沙市区), and a few compounds are not boundaries (农贸市场, 5公里处).
    Limitations: it knows no place names, so 地铁2号线 gives 地铁2号 + 线, and a word
    longer than 20 characters is cut to its first 20.
    """
    words: list[str] = []
    current = ""
    i, n = 0, len(address)

    def flush() -> None:
        nonlocal current
        word = current.strip()[:_MAX_WORD]
        if word and word not in words:
            words.append(word)
        current = ""

    while i < n:
        ch = address[i]
        if ch in _ADDRESS_BREAK:
            flush()
            i += 1
            continue
        entry = _match_at(address, i)
        if entry is None:
            current += ch
            i += 1
            continue
        text, is_suffix = entry
        ends_word = is_suffix and current != ""
        i += len(text)
        current += text
        if ends_word:
            following = _match_at(address, i) if i < n else None
            # 锦绣花园路, 幸福村路: a name ending in a suffix, then the road's own suffix.
            names_a_road = (
                following is not None and following[0] in _ROAD_SUFFIXES and text not in _ADMINISTRATIVE
            )
            # 沙市区: a district named after a former city.
            names_a_district = following is not None and text == "市" and following[0] == "区"
            if not (names_a_road or names_a_district):
                flush()
    flush()
    return words
