"""The payment receipt (电费收费凭证) on an 80 mm roll and on A5, and its reversal / refund forms."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.domain.money import chinese_capital
from app.dto.payments import TenderRow
from app.printing.common import qr_modules
from app.printing.receipt import render_receipt
from app.printing.samples import COMPANY, sample_receipt
from tests.printing import pdfcheck

PAPERS = ["80mm", "A5"]


@pytest.mark.parametrize("paper", PAPERS)
def test_payment_receipt_text_is_complete_and_chinese_intact(paper: str) -> None:
    r = sample_receipt()
    assert r.amount_fen == 12850
    text = pdfcheck.text(render_receipt(r, paper, company=COMPANY))
    for expected in (
        "国网杭州供电公司", "电费收费凭证", "城东供电营业厅", "3301",  # company, title, hall + node
        "3301R00000042", "2026-11-2310:42:15",  # receipt no, time
        "王丽", "330107", "3301S000017",  # clerk, 工号, session
        "33010012345", "陈建国", "浙江省杭州市上城区望江街道清泰街128号",  # customer
        "3301B00001187", "2026-09", "63.40", "0.95", "3301B00001234", "2026-10", "64.15",  # allocations
        "现金", "¥200.00", "¥71.50",  # tender, tendered, change
        "¥128.50", "壹佰贰拾捌元伍角整",  # amount in figures and capitals
        "欠费¥128.50", "已结清¥0.00",  # balance before / after
        "收款单位（盖章）", "客户签字",
    ):
        assert expected in text, f"{expected!r} missing on the {paper} receipt"
    assert "补打" not in text
    assert "冲正" not in text and "退费凭证" not in text


@pytest.mark.parametrize("paper", PAPERS)
def test_reprint_says_buda_with_the_copy_number(paper: str) -> None:
    r = sample_receipt()
    original = pdfcheck.text(render_receipt(r, paper, reprint=False, copy_no=1))
    reprint = pdfcheck.text(render_receipt(r, paper, reprint=True, copy_no=3))
    assert "补打" not in original
    assert "补打（第3次打印）" in reprint
    assert "补打时间" in reprint
    assert "壹佰贰拾捌元伍角整" in reprint  # the same receipt otherwise


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind, title, reason_label", [("reversal", "电费冲正凭证", "冲正原因"),
                                                         ("refund", "电费退费凭证", "退费原因")])
def test_reversal_and_refund_receipts(paper: str, kind: str, title: str, reason_label: str) -> None:
    r = sample_receipt(kind)
    assert r.amount_fen == -12850
    text = pdfcheck.text(render_receipt(r, paper, company=COMPANY))
    assert title in text and "电费收费凭证" not in text
    assert "原凭证号" in text and "3301R00000042" in text  # the receipt it undoes
    assert reason_label in text and r.reason.replace(" ", "") in text
    assert "批准人" in text and "李强" in text
    # Red-ink wording: the figures carry the minus, the capitals say （负数）; never "人民币负…".
    assert "-¥128.50" in text and "（负数）" + chinese_capital(12850) in text
    assert "人民币负" not in text and "负壹" not in text
    assert "退款方式" in text
    assert "部分缴费" not in text


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind, words, wrong", [
    ("reversal", ("冲正时间", "冲正人", "冲正前", "冲正后"), ("收费时间", "收费员", "收款员", "缴费前", "缴费后")),
    ("refund", ("退款时间", "退款人", "退款前", "退款后"), ("收费时间", "收费员", "收款员", "缴费前", "缴费后")),
    ("payment", ("收费时间", "收费员", "缴费前", "缴费后"), ("冲正时间", "退款时间", "退款人", "冲正人")),
])
def test_labels_fit_the_act(paper: str, kind: str, words: tuple[str, ...], wrong: tuple[str, ...]) -> None:
    text = pdfcheck.text(render_receipt(sample_receipt(kind), paper, company=COMPANY))
    for word in words:
        assert word in text, (kind, paper, word)
    for word in wrong:
        assert word not in text, (kind, paper, word)


def test_a_reversed_payment_says_so_on_a_reprint() -> None:
    r = dataclasses.replace(sample_receipt(), reversed=True, undone_by="reversal")
    for paper in PAPERS:
        text = pdfcheck.text(render_receipt(r, paper, reprint=True, copy_no=2))
        assert "本凭证已冲正" in text and "已退费" not in text


def test_a_refunded_payment_says_refunded_not_reversed_on_a_reprint() -> None:
    r = dataclasses.replace(sample_receipt(), reversed=True, undone_by="refund")
    for paper in PAPERS:
        text = pdfcheck.text(render_receipt(r, paper, reprint=True, copy_no=2))
        assert "本凭证已退费" in text and "冲正" not in text, paper


@pytest.mark.parametrize("paper", PAPERS)
def test_principal_is_the_sum_of_the_principal_column(paper: str) -> None:
    # The payment: bill rows 38.74 + 39.27, late fee 0.70, amount 78.71 (applied_fen,
    # as the services store it, is principal + late fee).
    from app.dto.payments import AllocationRow

    r = sample_receipt()
    rows = (AllocationRow(r.allocations[0].bill_id, "3301B00000011", "2026-08", 70, 3874, True),
            AllocationRow(r.allocations[1].bill_id, "3301B00000012", "2026-09", 0, 3927, True))
    r = dataclasses.replace(r, allocations=rows, amount_fen=7871, amount_capital=chinese_capital(7871),
                            applied_fen=7871, late_fee_fen=70, tendered_fen=10000, change_fen=2129,
                            balance_before_fen=7871, balance_after_fen=0, lookup_code="")
    pdf = render_receipt(r, paper)
    lines = pdfcheck.layout_lines(pdf)
    if paper == "80mm":
        assert "电费本金 ¥78.01" in lines and "违约金 ¥0.70" in lines and "合计金额 ¥78.71" in lines
    else:
        assert "合计 78.01 0.70 78.71" in lines  # 本金 | 违约金 | 小计 of the 合计 row
        assert "79.41" not in pdfcheck.text(pdf)


def test_card_numbers_are_masked_and_references_printed() -> None:
    r = sample_receipt(allocations=4)
    for paper in PAPERS:
        text = pdfcheck.text(render_receipt(r, paper))
        assert "银行卡" in text and "扫码支付" in text
        assert "622202*********4567" in text
        assert "6222021202031234567" not in text
        assert "4200002071202611231234567890" in text  # a QR payment's transaction reference


def test_roll_is_80mm_wide_and_as_tall_as_its_content() -> None:
    heights = []
    for n in (1, 2, 5, 9):
        pdf = render_receipt(sample_receipt(allocations=n))
        [(w, h)] = pdfcheck.sizes_mm(pdf)
        assert w == pytest.approx(80.0, abs=0.01)
        heights.append(h)
    assert heights == sorted(heights) and len(set(heights)) == 4  # grows with the allocations
    # one more allocation row costs the same few millimetres each time
    per_row = (heights[3] - heights[2]) / 4
    assert 3.0 < per_row < 6.0
    assert 150 < heights[1] < 260


def test_roll_has_no_blank_tail() -> None:
    pdf = render_receipt(sample_receipt())
    page = pdfcheck.reader(pdf).pages[0]
    lowest: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            lowest.append(cm[5] + tm[5] * cm[3])

    page.extract_text(visitor_text=visit)
    assert min(lowest) < 12 * pdfcheck.MM  # the last line sits just above the bottom margin


def test_a5_is_landscape_and_continues_on_more_pages() -> None:
    one = render_receipt(sample_receipt(), "A5")
    assert [(round(w), round(h)) for w, h in pdfcheck.sizes_mm(one)] == [(210, 148)]

    r = sample_receipt(allocations=20)
    pdf = render_receipt(r, "A5")
    pages = pdfcheck.page_texts(pdf)
    assert len(pages) >= 2
    for no in (a.bill_no for a in r.allocations):  # every bill exactly once
        assert sum(p.count(no) for p in pages) == 1, no
    assert all("续下页" in p for p in pages[:-1]) and "续下页" not in pages[-1]
    assert all(f"共{len(pages)}页" in p for p in pages)
    assert chinese_capital(r.amount_fen) in pages[-1]
    assert all(chinese_capital(r.amount_fen) not in p for p in pages[:-1])
    assert all(r.receipt_no in p and r.account_no in p for p in pages)


@pytest.mark.parametrize("paper", PAPERS)
def test_qr_code_draws_the_lookup_code(paper: str) -> None:
    r = sample_receipt()
    assert r.lookup_code == "GC|3301R00000042|12850"
    drawn = pdfcheck.drawn_qr_matrix(render_receipt(r, paper))
    expected = [list(row) for row in qr_modules(r.lookup_code)]
    assert drawn == expected
    other = [list(row) for row in qr_modules("GC|3301R00000043|12850")]
    assert drawn != other


@pytest.mark.parametrize("paper", PAPERS)
def test_qr_code_scans_from_the_page_as_qtpdf_renders_it(qapp, paper: str) -> None:  # type: ignore[no-untyped-def]
    """What a phone camera sees on the printed receipt: the page rasterised at 203 dpi (a
    thermal roll printer) by QtPdf, as the print path does, then decoded by zxing-cpp."""
    import zxingcpp
    from PIL import Image
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage

    from ui.printing.printer import load_document

    r = sample_receipt()
    document, _buffer = load_document(render_receipt(r, paper))
    points = document.pagePointSize(0)
    image = document.render(0, QSize(round(points.width() * 203 / 72), round(points.height() * 203 / 72)))
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    page = Image.frombuffer("RGBA", (image.width(), image.height()), bytes(image.constBits()), "raw", "RGBA",
                            image.bytesPerLine(), 1)
    paper_white = Image.new("RGBA", page.size, "white")  # QtPdf leaves the page transparent
    decoded = zxingcpp.read_barcodes(Image.alpha_composite(paper_white, page).convert("L"))
    document.close()
    assert [b.text for b in decoded if b.format == zxingcpp.BarcodeFormat.QRCode] == [r.lookup_code]


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                    reason="pdftoppm (poppler-utils) and zbarimg (zbar-tools) are needed to scan the QR code")
@pytest.mark.parametrize("paper", PAPERS)
def test_qr_code_scans(paper: str, tmp_path: Path) -> None:
    r = sample_receipt()
    (tmp_path / "r.pdf").write_bytes(render_receipt(r, paper))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"),
                    str(tmp_path / "r")], check=True, timeout=60)
    [png] = tmp_path.glob("r*.png")
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, timeout=60)
    assert r.lookup_code in out.stdout.splitlines()


def test_amounts_are_exact_for_awkward_values() -> None:
    r = dataclasses.replace(sample_receipt(), amount_fen=100_000_005, amount_capital=chinese_capital(100_000_005),
                            tenders=(TenderRow("transfer", "转账", 100_000_005, "HZ20261123-0001"),))
    text = pdfcheck.text(render_receipt(r, "80mm"))
    assert "¥1,000,000.05" in text
    assert "壹佰万元零伍分" in text
    assert "HZ20261123-0001" in text


def test_long_names_and_addresses_wrap_instead_of_running_off_the_paper() -> None:
    long_name = "杭州市上城区望江街道清泰街社区居民委员会公共照明及二次供水设施专用户"
    r = dataclasses.replace(sample_receipt(), customer_name=long_name, address="浙江省" * 30)
    for paper in PAPERS:
        pdf = render_receipt(r, paper)
        assert long_name in pdfcheck.text(pdf)
        page = pdfcheck.reader(pdf).pages[0]
        width = float(page.mediabox.width)
        xs: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  xs: list[float] = xs) -> None:
            if text.strip():
                xs.append(cm[4] + tm[4])

        page.extract_text(visitor_text=visit)
        assert max(xs) < width  # no line starts beyond the paper


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render_receipt(sample_receipt(), "A4roll")


def test_renders_concurrently_on_worker_threads() -> None:
    # The UI renders on a QThreadPool: documents built at the same time stay intact.
    names = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
    receipts = [dataclasses.replace(sample_receipt(receipt_seq=100 + i), customer_name=names[i] + "先生")
                for i in range(32)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(lambda r: render_receipt(r, "A5" if r.receipt_no[-1] in "02468" else "80mm"),
                             receipts))
    for r, pdf in zip(receipts, pdfs, strict=True):
        text = pdfcheck.text(pdf)
        assert r.receipt_no in text and r.customer_name in text and "壹佰贰拾捌元伍角整" in text
        assert re.search(r"GC\|3301R\d{8}\|12850", text)
