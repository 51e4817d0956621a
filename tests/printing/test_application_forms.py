"""The 业务受理回执 and the 用电申请表 (issue 9 item 4), read back from the PDFs.

From the real path: ``print-samples`` accepts a 过户 for 陈建国 through
``applications.accept_application`` and prints both documents from the stored application
(app/printing/samples.py). A hand-made :class:`ApplicationPrint` covers the reprint and the
wording without a commitment.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from app.printing.application_form import render_application_form
from app.printing.application_receipt import ApplicationPrint, render_application_receipt
from app.printing.common import qr_modules
from app.printing.samples import render_samples
from tests.printing import pdfcheck

RECEIPT_DOCS = (
    ("用电人有效身份证明（个人身份证件或单位主体资格证明）", "已收"),
    ("新户主有效身份证明", "已收"),
    ("用电地址产权证明或使用证明", "缺件（承诺后补）"),
)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("samples")
    return {p.name: p.read_bytes() for p in render_samples(out) if p.name.startswith("application_")}


def _number(text: str) -> str:
    found = re.search(r"申请编号：?(3301A\d{8})", text)
    assert found, text
    return found.group(1)


def _hand_made(**changes: object) -> ApplicationPrint:
    base = ApplicationPrint(
        application_no="3301A00000042",
        type_name="增容",
        channel="营业厅",
        customer_name="李明华",
        account_no="33010000002",
        accepted_at=dt.datetime(2026, 12, 4, 10, 15),
        clerk_name="王丽",
        clerk_no="330107",
        promised_date=dt.date(2026, 12, 14),
        limit_days=6,
        values=(("增容后容量(kVA)", "12"), ("供电方式", "低压")),
        required_documents=("用电人有效身份证明",),
        optional_documents=("用电设备清单",),
        received=(),
        missing=("用电人有效身份证明",),
        commitment_signed=False,
        hall_name="国网杭州供电公司城东供电营业厅",
        node_code="3301",
        hall_phone="0571-86001234",
        printed_at=dt.datetime(2026, 12, 4, 10, 16),
    )
    return ApplicationPrint(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_samples_print_both_application_documents(samples: dict[str, bytes]) -> None:
    assert sorted(samples) == ["application_form.pdf", "application_receipt.pdf"]
    for name, pdf in samples.items():
        assert pdfcheck.sizes_mm(pdf) == [pytest.approx((210, 297), abs=0.5)], name
        assert len(pdfcheck.reader(pdf).pages) == 1, name
        fonts = pdfcheck.fonts(pdf)
        assert fonts and all(f.embedded and f.file_key == "/FontFile2" for f in fonts), name
        assert "补打" not in pdfcheck.text(pdf), name


def test_receipt_says_what_was_accepted(samples: dict[str, bytes]) -> None:
    text = pdfcheck.text(samples["application_receipt.pdf"])
    number = _number(text)
    assert "业务受理回执" in text and "国网杭州供电公司" in text and "城东供电营业厅（3301）" in text
    assert f"申请编号{number}业务类型过户" in text
    assert "客户名称陈建国" in text and "户号33010000001" in text
    assert "受理渠道营业厅" in text and "受理人王丽（工号330107）" in text
    # the promised date as the service computed it (5 working days for a 过户)
    assert re.search(r"承诺办结\d{4}年\d{1,2}月\d{1,2}日前（5个工作日，自受理之日起计）", text)
    for name, status in RECEIPT_DOCS:
        assert name + status in text
    assert "一证受理：客户已签署承诺书" in text
    # the type's fields, the new holder's ID and phone masked as on every printout
    assert "新户名陈静" in text and "新户主证件类型居民身份证" in text
    assert re.search(r"新户主证件号码330102\*{8}\d{3}[\dX]", text)
    assert "新户主联系电话138****9876" in text
    # how to track it, and the QR code of the number
    assert f"凭申请编号{number}查询办理进度" in text and "95598" in text and "网上国网" in text
    drawn = pdfcheck.drawn_qr_matrix(samples["application_receipt.pdf"])
    assert drawn == [list(row) for row in qr_modules(f"GC|APP|{number}")]
    assert "受理人签字" in text and "客户签字" in text and "打印时间" in text


def test_form_is_prefilled_for_signing(samples: dict[str, bytes]) -> None:
    text = pdfcheck.text(samples["application_form.pdf"])
    number = _number(text)
    receipt_text = pdfcheck.text(samples["application_receipt.pdf"])
    assert number == _number(receipt_text)
    assert "用电申请表" in text and "申请人/户名陈建国" in text and "户号33010000001" in text
    assert "申请业务过户" in text
    promised = re.search(r"承诺办结(\d{4}年\d{1,2}月\d{1,2}日)前", receipt_text)
    assert promised and f"承诺办结{promised.group(1)}前" in text
    assert "新户名陈静" in text and "新户主证件类型居民身份证" in text and "新户主联系电话138****9876" in text
    assert re.search(r"新户主证件号码330102\*{8}\d{3}[\dX]", text)
    assert "备注父女间过户，房产证原件办理中" in text
    # the tick stands in the 已收 column for the two ID documents, one column further for the
    # missing property certificate: the gap after 必备 tells them apart
    page = pdfcheck.reader(samples["application_form.pdf"]).pages[0].extract_text(extraction_mode="layout")
    gaps = {}
    for name, _ in RECEIPT_DOCS:
        line = next(line for line in page.splitlines() if name in line)
        found = re.search(r"必备( +)√", line)
        assert found, line
        gaps[name] = len(found.group(1))
    received, other, missing = (gaps[name] for name, _ in RECEIPT_DOCS)
    assert received == other and missing > received + 3, gaps
    assert "经办人身份证明及授权委托书视情况" in text  # the type's optional documents are listed too
    assert "一证受理：本人已签署承诺书" in text
    assert "客户（申请人）签字（盖章）" in text and "经办人签字" in text and text.count("年月日") == 2
    assert "受理人：王丽（工号330107）" in text


def test_reprint_says_buda() -> None:
    a = _hand_made()
    for render in (render_application_receipt, render_application_form):
        first = pdfcheck.text(render(a))
        again = pdfcheck.text(render(a, reprint=True, copy_no=3))
        assert "补打" not in first and "打印时间" in first
        assert "补打（第3次打印）" in again and "补打时间" in again


def test_missing_without_commitment_and_hall_phone() -> None:
    text = pdfcheck.text(render_application_receipt(_hand_made()))
    assert "用电人有效身份证明缺件" in text and "承诺后补" not in text
    assert "缺件资料：用电人有效身份证明。请尽快补齐" in text
    assert "拨打城东供电营业厅电话0571-86001234，或供电服务热线95598" in text
    assert "增容后容量(kVA)12" in text and "供电方式低压" in text
    form = pdfcheck.text(render_application_form(_hand_made()))
    assert "用电设备清单视情况" in form and "一证受理" not in form


def test_chinese_extracts_intact(samples: dict[str, bytes]) -> None:
    # every CJK character maps back to Unicode (no missing glyphs / ToUnicode gaps)
    for pdf in samples.values():
        raw = "".join(page.extract_text() or "" for page in pdfcheck.reader(pdf).pages)
        assert "\ufffd" not in raw and "□" not in raw


def test_long_values_wrap_on_one_page(tmp_path: Path) -> None:
    long_name = "杭州市上城区望江街道清泰街社区居民委员会物业管理服务中心" * 2
    a = _hand_made(customer_name=long_name, remark="客户要求" * 30, values=(("新户名", long_name),) * 3)
    for render in (render_application_receipt, render_application_form):
        pdf = render(a)
        assert long_name in pdfcheck.text(pdf)
        assert len(pdfcheck.reader(pdf).pages) == 1
