"""The CJK font of the documents: registered once, embedded, and a logged fallback (docs/rules.md#printing, docs/fonts.md)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from app.printing import common, fonts
from app.printing.fonts import BUNDLED, FontChoice
from app.printing.receipt import render_receipt
from app.printing.samples import sample_receipt
from tests.printing import pdfcheck


@pytest.fixture
def fresh_fonts() -> Iterator[None]:
    """Forget the registered choice before and after: the next call registers again."""
    fonts.reset_for_tests()
    common.styles.cache_clear()
    yield
    fonts.reset_for_tests()
    common.styles.cache_clear()


def test_registers_the_bundled_truetype_font_once() -> None:
    name = fonts.cjk_font_name()
    assert name == fonts.REGULAR_NAME
    assert fonts.cjk_font_name() is name  # cached, not registered again
    font = pdfmetrics.getFont(name)
    assert font.face.charToGlyph[ord("电")]  # a glyph for Chinese
    assert fonts.cjk_fonts().embedded


def test_registration_is_thread_safe(fresh_fonts: None) -> None:
    results: list[fonts.CJKFonts] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        results.append(fonts.cjk_fonts())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    assert all(r is results[0] for r in results)  # one registration, one answer


def test_fonts_without_digits_are_skipped(fresh_fonts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture) -> None:
    # A CJK-only face (like Droid Sans Fallback) would print receipts without their numbers.
    assert fonts.missing_chars({ord(c) for c in "电费"}).startswith("0123456789")
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font at all")
    monkeypatch.setattr(fonts, "candidates", lambda: [FontChoice(broken, 0, "Broken", "env"),
                                                      FontChoice(BUNDLED, 0, "WenQuanYi Micro Hei", "bundled")])
    with caplog.at_level(logging.WARNING, logger="app.printing.fonts"):
        chosen = fonts.cjk_fonts()
    assert chosen.embedded and "WenQuanYi" in chosen.source
    assert "broken.ttf" in caplog.text


def test_falls_back_to_stsong_with_a_warning(fresh_fonts: None, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(fonts, "candidates", lambda: [])
    with caplog.at_level(logging.WARNING, logger="app.printing.fonts"):
        assert fonts.cjk_font_name() == "STSong-Light"
    assert "STSong-Light" in caplog.text
    assert not fonts.cjk_fonts().embedded
    # Documents still render, with Chinese text (the viewer supplies the glyphs).
    pdf = render_receipt(sample_receipt())
    assert "电费收费凭证" in pdfcheck.text(pdf)
    assert not any(f.embedded for f in pdfcheck.fonts(pdf))


def test_receipt_embeds_only_the_truetype_subset() -> None:
    pdf = render_receipt(sample_receipt())
    found = pdfcheck.fonts(pdf)
    assert found, "no font in the receipt"
    for f in found:
        assert f.subtype == "/TrueType" and f.file_key == "/FontFile2", f  # embedded glyf outlines
        assert "+" in f.name  # a subset (AAAAAA+…): only the glyphs used
    assert b"STSong" not in pdf and b"Helvetica" not in pdf
    assert len(pdf) < 80_000  # a subset, not the 5 MB font
