"""The day-end report (收费日结报表) handed to the head cashier at shift close."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain.allocation import TENDER_KINDS
from app.domain.cashier import DENOMINATIONS
from app.domain.money import chinese_capital, format_yuan
from app.printing.day_end import render_day_end
from app.printing.samples import sample_day_end
from tests.printing import pdfcheck


def test_day_end_report_contents() -> None:
    report = sample_day_end()
    pdf = render_day_end(report)
    text = pdfcheck.text(pdf)
    s = report.summary
    for expected in ("国网杭州供电公司", "收费日结报表", "城东供电营业厅（3301）", s.session.session_no, "王丽",
                     "330107", "2026-11-2308:25:04", "备用金", "¥500.00", "已结班"):
        assert expected in text, expected
    # per tender, and the total
    for kind, label in TENDER_KINDS.items():
        assert f"{label}{format_yuan(s.by_tender[kind])}" in text, label
    assert format_yuan(s.total_fen) in text
    assert f"收费{s.payments}笔/冲正1笔/退费0笔" in text
    # the count per denomination with subtotals
    for code, d in DENOMINATIONS.items():
        n = report.counts.get(code, 0)
        assert f"{d.label}{n}{format_yuan(n * d.fen)}" in text, code
    assert "纸币小计" in text and "硬币小计" in text
    assert format_yuan(report.counted_cash_fen) in text
    assert chinese_capital(report.counted_cash_fen) in text
    # expected against counted, and the difference in words
    assert f"应有现金{format_yuan(s.expected_cash_fen)}" in text
    assert f"实点现金{format_yuan(report.counted_cash_fen)}" in text
    assert report.over_short_fen == -50
    assert "短款¥0.50" in text
    # every receipt, the reversal and the reversed flag
    for row in report.receipts:
        assert row.receipt_no in text
    assert "已冲正" in text and "冲正" in text and "-¥128.50" in text
    # signatures
    assert "收费员（签字）" in text and "收费班长（签字）" in text
    assert "备注：短款0.50元为找零误差" in text


@pytest.mark.parametrize("over_short, words", [(1230, "长款¥12.30"), (0, "账实相符¥0.00"), (-5, "短款¥0.05")])
def test_over_and_short_wording(over_short: int, words: str) -> None:
    report = sample_day_end()
    report = dataclasses.replace(report, over_short_fen=over_short,
                                 counted_cash_fen=report.summary.expected_cash_fen + over_short)
    assert words in pdfcheck.text(render_day_end(report))


def test_day_end_is_a4_with_page_numbers_and_embedded_font() -> None:
    pdf = render_day_end(sample_day_end())
    sizes = pdfcheck.sizes_mm(pdf)
    assert all(w == pytest.approx(210, abs=0.5) and h == pytest.approx(297, abs=0.5) for w, h in sizes)
    pages = pdfcheck.page_texts(pdf)
    assert all(f"第{i}页/共{len(pages)}页" in p for i, p in enumerate(pages, start=1))
    assert [f.file_key for f in pdfcheck.fonts(pdf)] == ["/FontFile2"]


def test_an_empty_session_still_prints() -> None:
    report = sample_day_end()
    summary = dataclasses.replace(report.summary, by_tender={}, payments=0, reversals=0, total_fen=0)
    empty = dataclasses.replace(report, summary=summary, receipts=(), counts={}, counted_cash_fen=0, extra={})
    text = pdfcheck.text(render_day_end(empty))
    assert "收费日结报表" in text and "收费明细（共0笔）" in text


def test_a_first_copy_does_not_say_buda() -> None:
    text = pdfcheck.text(render_day_end(sample_day_end(), reprint=False, copy_no=1))
    assert "补打" not in text and "打印时间" in text


@pytest.mark.parametrize("copy_no", [2, 3, 11])
def test_a_reprint_says_buda_with_the_copy_number_on_every_page(copy_no: int) -> None:
    report = sample_day_end()
    first = render_day_end(report)
    pdf = render_day_end(report, reprint=True, copy_no=copy_no)
    pages = pdfcheck.page_texts(pdf)
    assert len(pages) == len(pdfcheck.page_texts(first)) == 2  # the stamp moves nothing onto a new page
    assert "补打（第" + str(copy_no) + "次打印）" in pages[0]  # the stamp by the title
    assert "补打时间" in pages[0] and "打印时间" not in pages[0].replace("补打时间", "")
    assert all(f"补打（第{copy_no}次打印）补打时间" in page for page in pages)  # every footer
    text = pdfcheck.text(pdf)
    for row in report.receipts:  # the same report otherwise
        assert row.receipt_no in text
    assert "短款¥0.50" in text and chinese_capital(report.counted_cash_fen) in text
    assert [f.file_key for f in pdfcheck.fonts(pdf)] == ["/FontFile2"]
    metadata = pdfcheck.reader(pdf).metadata
    assert metadata is not None
    assert metadata.title == f"收费日结报表 {report.summary.session.session_no}（补打（第{copy_no}次打印））"


def test_reprint_flag_decides_not_the_copy_number() -> None:
    # As with receipts: copy_no only numbers the mark; without ``reprint`` nothing says 补打.
    assert "补打" not in pdfcheck.text(render_day_end(sample_day_end(), copy_no=2))
