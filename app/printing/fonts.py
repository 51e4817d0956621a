"""Fonts (字体): which CJK font the screen and the documents use, and its registration with ReportLab.

Finding the font
----------------
Fallback order (first that exists wins), documented in docs/fonts.md:

1. ``GRIDCOUNTER_FONT_FILE`` (a .ttf/.ttc path; ``path#index`` picks a face of a collection)
2. system TrueType fonts: Windows msyh.ttc / simsun.ttc / simhei.ttf; Linux
   wqy-microhei.ttc / wqy-zenhei.ttc; macOS Arial Unicode (Droid Sans Fallback is
   deliberately absent: it has no Latin letters or digits, so amounts would vanish)
3. the bundled WenQuanYi Micro Hei (resources/fonts/wqy-microhei.ttc, Apache-2.0) —
   always there, so Chinese renders on a machine with no Chinese fonts at all

ReportLab can embed only TrueType (glyf) outlines, so .otf / CFF fonts such as Noto
Sans CJK are deliberately not in the list. The screen may use any font the OS has, but
the bundled one is registered with Qt too so the UI never shows boxes.

Registering it for PDFs
-----------------------
:func:`cjk_font_name` registers the TrueType font chosen by :func:`cjk_font` (the
same fallback order as the screen: ``GRIDCOUNTER_FONT_FILE``, the system's 微软雅黑 / 宋体 /
WenQuanYi, then the bundled WenQuanYi Micro Hei) and returns the name to use with
``setFont`` / paragraph styles. ReportLab embeds a *subset* of a TrueType font (only the
glyphs a document uses), so a receipt with its ~150 distinct characters stays small.

If no candidate loads (a broken file, a CFF font renamed .ttf, a font whose licence forbids
embedding), PDFs fall back to ``STSong-Light`` (ReportLab's Adobe CID font): it needs no
file but is *not embedded*, so the viewer must have a Chinese font. That is logged as a
warning (and ``main.py selftest`` reports the font in use).

Bold: most CJK TrueType faces ship without a bold weight (WenQuanYi Micro Hei, SimSun). When a
real bold file sits beside the regular one (Windows ``msyhbd.ttc`` next to ``msyh.ttc``) it is
registered too; otherwise documents simulate bold by stroking the glyph outlines
(:attr:`CJKFonts.fake_bold`, text render mode 2), which costs nothing in file size.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resources.paths import resource

BUNDLED = resource("fonts", "wqy-microhei.ttc")

_SYSTEM_CANDIDATES: list[tuple[str, int, str]] = [
    (r"C:\Windows\Fonts\msyh.ttc", 0, "Microsoft YaHei"),
    (r"C:\Windows\Fonts\simsun.ttc", 0, "SimSun"),
    (r"C:\Windows\Fonts\simhei.ttf", 0, "SimHei"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei"),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0, "WenQuanYi Micro Hei"),
    ("/Library/Fonts/Arial Unicode.ttf", 0, "Arial Unicode MS"),
]


@dataclass(frozen=True)
class FontChoice:
    path: Path
    subfont_index: int
    family: str
    source: str  # "env", "system" or "bundled"


def candidates() -> list[FontChoice]:
    found: list[FontChoice] = []
    env = os.environ.get("GRIDCOUNTER_FONT_FILE", "")
    if env:
        file, _, face = env.partition("#")
        if Path(file).is_file():
            found.append(FontChoice(Path(file), int(face or 0), Path(file).stem, "env"))
    for path, idx, family in _SYSTEM_CANDIDATES:
        if Path(path).is_file():
            found.append(FontChoice(Path(path), idx, family, "system"))
    if BUNDLED.is_file():
        found.append(FontChoice(BUNDLED, 0, "WenQuanYi Micro Hei", "bundled"))
    return found


def cjk_font() -> FontChoice | None:
    """The first usable CJK TrueType font, or None (then PDFs fall back to STSong-Light)."""
    options = candidates()
    return options[0] if options else None


__all__ = [
    "BUNDLED",
    "CJKFonts",
    "FontChoice",
    "candidates",
    "cjk_font",
    "cjk_font_name",
    "cjk_fonts",
    "reset_for_tests",
]

log = logging.getLogger(__name__)

REGULAR_NAME = "GridCJK"
BOLD_NAME = "GridCJK-Bold"
FALLBACK_CID = "STSong-Light"

# Regular file -> its bold sibling, where the OS ships one (file names compared lower-case).
_BOLD_SIBLINGS = {"msyh.ttc": "msyhbd.ttc", "msyh.ttf": "msyhbd.ttf", "simsun.ttc": ""}


@dataclass(frozen=True)
class CJKFonts:
    """The fonts registered for documents."""

    regular: str  # a ReportLab font name
    bold: str  # equals ``regular`` when bold is simulated
    embedded: bool  # False only for the STSong-Light fallback
    fake_bold: bool  # draw "bold" text as fill + thin stroke
    source: str  # "GridCJK: WenQuanYi Micro Hei [bundled] /path#0" or the fallback's name


_lock = threading.Lock()
_fonts: CJKFonts | None = None


# Every document needs these: digits and Latin letters (numbers, amounts, bill numbers) as much
# as Chinese. A CJK-only "fallback" face such as Droid Sans Fallback has no digits at all: the
# numbers of a receipt would silently vanish, so such a face is skipped.
REQUIRED_CHARS = (
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,:;-+*/|()%#@¥×"
    "零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整电费收凭证补打冲正退户名号（）：，。、"
)


def missing_chars(face_chars: set[int] | dict[int, int]) -> str:
    return "".join(ch for ch in REQUIRED_CHARS if ord(ch) not in face_chars)


def _register_ttf(name: str, path: Path, index: int) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    # A font whose licence forbids embedding, or a CFF font with a .ttf name, raises here.
    font = TTFont(name, str(path), subfontIndex=index)
    missing = missing_chars(font.face.charToGlyph)
    if missing:
        raise ValueError(f"字体缺少必需字符 {missing[:20]!r}")
    _serialise_subsetting(font.face)
    pdfmetrics.registerFont(font)


def _serialise_subsetting(face: Any) -> None:
    """ReportLab builds a document's font subset by seeking and reading in the one shared font
    face, so two documents saved at the same time on two worker threads read each other's
    positions (KeyError / corrupt glyphs). One lock per face around the subsetting fixes that;
    the rest of a render runs in parallel as before."""
    lock = threading.Lock()
    make_subset = face.makeSubset

    def locked_make_subset(subset: Any) -> bytes:
        with lock:
            return make_subset(subset)  # type: ignore[no-any-return]

    face.makeSubset = locked_make_subset


def _bold_sibling(choice: FontChoice) -> Path | None:
    sibling = _BOLD_SIBLINGS.get(choice.path.name.lower())
    if sibling:
        path = choice.path.with_name(sibling)
        if path.is_file():
            return path
    return None


def _load() -> CJKFonts:
    from reportlab.pdfbase import pdfmetrics

    for choice in candidates():
        try:
            _register_ttf(REGULAR_NAME, choice.path, choice.subfont_index)
        except Exception as exc:  # noqa: BLE001 - any unreadable font: try the next one
            log.warning("PDF 字体 %s 无法加载（%s），尝试下一个", choice.path, exc)
            continue
        bold = REGULAR_NAME
        bold_path = _bold_sibling(choice)
        if bold_path is not None:
            try:
                _register_ttf(BOLD_NAME, bold_path, choice.subfont_index)
                bold = BOLD_NAME
            except Exception as exc:  # noqa: BLE001
                log.info("粗体字体 %s 无法加载（%s），以描边模拟粗体", bold_path, exc)
        from reportlab.lib.fonts import addMapping

        addMapping(REGULAR_NAME, 0, 0, REGULAR_NAME)
        addMapping(REGULAR_NAME, 1, 0, bold)
        addMapping(REGULAR_NAME, 0, 1, REGULAR_NAME)
        addMapping(REGULAR_NAME, 1, 1, bold)
        source = f"{choice.family} [{choice.source}] {choice.path}#{choice.subfont_index}"
        log.info("PDF 中文字体: %s（嵌入子集）", source)
        return CJKFonts(REGULAR_NAME, bold, True, bold == REGULAR_NAME, source)

    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
    log.warning("未找到可嵌入的中文 TrueType 字体：PDF 使用 %s（不嵌入，需阅读器自带中文字体）", FALLBACK_CID)
    return CJKFonts(FALLBACK_CID, FALLBACK_CID, False, True, f"{FALLBACK_CID} (CID, 不嵌入)")


def _configure_reportlab() -> None:
    """Process-wide ReportLab settings for our documents: binary (zlib only) streams instead of
    ASCII85 on top of zlib — a quarter smaller and ~1.5 ms faster per receipt; every PDF reader
    and printer driver takes binary streams."""
    from reportlab import rl_config

    rl_config.useA85 = 0


def cjk_fonts() -> CJKFonts:
    """Register the document fonts on first use (thread-safe) and return them."""
    global _fonts
    fonts = _fonts
    if fonts is not None:
        return fonts
    with _lock:
        if _fonts is None:
            _configure_reportlab()
            _fonts = _load()
        return _fonts


def cjk_font_name() -> str:
    """The ReportLab name of the embedded CJK TrueType font, or ``STSong-Light`` (logged)."""
    return cjk_fonts().regular


def reset_for_tests() -> None:
    """Forget the choice so a test can load again with another environment."""
    global _fonts
    with _lock:
        _fonts = None
