"""``main.py print-samples DIR``: every document type with demo data, for checking templates and printers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import main
from app.printing.samples import render_samples
from tests.printing import pdfcheck

EXPECTED = {
    "receipt_80mm.pdf": "电费收费凭证",
    "receipt_80mm_reprint.pdf": "补打（第2次打印）",
    "receipt_80mm_reversal.pdf": "电费冲正凭证",
    "receipt_a5.pdf": "电费收费凭证",
    "receipt_a5_reprint.pdf": "补打（第3次打印）",
    "receipt_a5_refund.pdf": "电费退费凭证",
    "day_end.pdf": "收费日结报表",
    "day_end_reprint.pdf": "补打（第2次打印）",
    "bill_statement.pdf": "电费账单",
    "application_receipt.pdf": "业务受理回执",
    "application_form.pdf": "用电申请表",
    "report_collection.pdf": "营业厅收费汇总表",
}


def test_render_samples_writes_every_document(tmp_path: Path) -> None:
    paths = render_samples(tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(EXPECTED)
    for path in paths:
        pdf = path.read_bytes()
        text = pdfcheck.text(pdf)
        assert EXPECTED[path.name] in text, path.name
        assert ("补打" in text) == ("reprint" in path.name), path.name
        assert all(f.file_key == "/FontFile2" for f in pdfcheck.fonts(pdf)), path.name


def test_print_samples_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["print-samples", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == sorted(EXPECTED)
    for p in printed:
        assert Path(p).is_file() and Path(p).parent == tmp_path


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
def test_samples_rasterise(tmp_path: Path) -> None:
    # poppler renders every page without complaint (what a print preview or a printer would do).
    for path in render_samples(tmp_path):
        res = subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / path.stem)],
                             capture_output=True, text=True, timeout=60)
        assert res.returncode == 0 and not res.stderr.strip(), (path.name, res.stderr)
    assert len(list(tmp_path.glob("*.png"))) >= len(EXPECTED)
