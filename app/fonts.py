"""Finding a CJK font for the screen and for PDFs (中文字体).

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
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

BUNDLED = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"

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
