"""Every sample of ``print-samples`` read back as text, and its arithmetic checked (issue 6 #1–#5).

The samples come from the real services (app/printing/samples.py), so what is checked here is
what the product prints: the rows add up to the totals, principal + late fee (+ prepaid) is the
amount, the tenders less the change are the amount, the capitals say the amount, the balance
after is the balance before less the amount, and the documents agree with each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.domain.money import chinese_capital
from app.printing.samples import SAMPLE_NAMES, render_samples
from tests.printing import pdfcheck

MONEY = r"-?¥?-?[\d,]+\.\d{2}"
_DIGITS = dict(zip("零壹贰叁肆伍陆柒捌玖", range(10), strict=True))
_UNITS = {"拾": 10, "佰": 100, "仟": 1000}


def fen(text: str) -> int:
    """ "¥1,280.50" / "-¥5.00" / "1,090.55" → fen."""
    negative = "-" in text
    digits = text.replace("-", "").replace("¥", "").replace(",", "")
    yuan, cents = digits.split(".")
    value = int(yuan) * 100 + int(cents)
    return -value if negative else value


def _integer(words: str) -> int:
    total = section = number = 0
    for ch in words:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _UNITS:
            section += number * _UNITS[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
        else:
            raise AssertionError(f"not a capital numeral: {ch!r} in {words!r}")
    return total + section + number


def capital_fen(words: str) -> int:
    """Read 大写 back (independently of app.domain.money): "（负数）壹佰零壹元陆角捌分" → -10168."""
    words = words.strip()
    assert "人民币负" not in words and not words.startswith("负"), f"red-ink amounts say （负数）: {words}"
    negative = words.startswith("（负数）")
    words = words.removeprefix("（负数）").removeprefix("人民币").strip().removesuffix("整")
    yuan, _, rest = words.rpartition("元") if "元" in words else ("", "", words)
    value = _integer(yuan) * 100 if yuan else 0
    for m in re.finditer(r"([壹贰叁肆伍陆柒捌玖])([角分])", rest):
        value += _DIGITS[m.group(1)] * (10 if m.group(2) == "角" else 1)
    assert re.fullmatch(r"零?(?:[壹贰叁肆伍陆柒捌玖]角)?(?:[壹贰叁肆伍陆柒捌玖]分)?", rest), words
    return -value if negative else value


def balance_fen(text: str) -> int:
    """A printed balance: 欠费 ¥X (owed) / 预存 ¥X (credit) / 已结清 ¥0.00."""
    kind, amount = text.split()
    return {"欠费": 1, "预存": -1, "已结清": 1}[kind] * fen(amount)


@dataclass
class Receipt:
    name: str
    receipt_no: str = ""
    original_no: str = ""
    rows: list[tuple[str, int, int]] = field(default_factory=list)  # bill no, principal, late fee
    principal: int | None = None
    late_fee: int | None = None
    prepaid: int = 0
    amount: int | None = None
    capital: str = ""
    tenders: list[tuple[str, int]] = field(default_factory=list)
    cash: int | None = None
    change: int = 0
    before: int | None = None
    after: int | None = None


def read_roll(name: str, pdf: bytes) -> Receipt:
    """The 80 mm receipt: one label / value pair per line."""
    r = Receipt(name)
    lines = pdfcheck.layout_lines(pdf)
    in_tenders = False
    for line in lines:
        if m := re.fullmatch(r"凭证号 (\d{4}R\d{8})", line):
            r.receipt_no = m.group(1)
        elif m := re.fullmatch(r"原凭证号 (\d{4}R\d{8})", line):
            r.original_no = m.group(1)
        elif m := re.fullmatch(rf"\d{{4}}-\d{{2}}\*? ?(\d{{4}}B\d{{8}}) ({MONEY}) ({MONEY})", line):
            r.rows.append((m.group(1), fen(m.group(2)), fen(m.group(3))))
        elif m := re.fullmatch(rf"电费本金 ({MONEY})", line):
            r.principal = fen(m.group(1))
        elif m := re.fullmatch(rf"违约金 ({MONEY})", line):
            r.late_fee = fen(m.group(1))
        elif m := re.fullmatch(rf"(?:转入预存|冲减预存) ({MONEY})", line):
            r.prepaid = fen(m.group(1))
        elif line in ("收款方式", "退款方式"):
            in_tenders = True
        elif m := re.fullmatch(rf"实收现金 ({MONEY}) 找零 ({MONEY})", line):
            r.cash, r.change = fen(m.group(1)), fen(m.group(2))
        elif m := re.fullmatch(rf"(?:合计金额|冲正金额（红字）|退款金额（红字）) ({MONEY})", line):
            r.amount = fen(m.group(1))
            in_tenders = False
        elif in_tenders and (m := re.fullmatch(rf"(现金|银行卡|扫码支付|转账) ({MONEY})", line)):
            r.tenders.append((m.group(1), fen(m.group(2))))
        elif m := re.fullmatch(r"大写 (\S+)", line):
            r.capital = m.group(1)
        elif m := re.fullmatch(r"(?:缴费|冲正|退款)前 (\S+ \S+)", line):
            r.before = balance_fen(m.group(1))
        elif m := re.fullmatch(r"(?:缴费|冲正|退款)后 (\S+ \S+)", line):
            r.after = balance_fen(m.group(1))
    return r


def read_a5(name: str, pdf: bytes) -> Receipt:
    """The A5 form, every page: the allocation grid, its 合计 row, the closing rows."""
    r = Receipt(name)
    lines = pdfcheck.layout_lines(pdf)
    subtotal = None
    tender_text: list[str] = []
    collecting = False
    for line in lines:
        if m := re.search(r"凭证号：(\d{4}R\d{8})", line):
            assert r.receipt_no in ("", m.group(1)), "every page carries the same receipt number"
            r.receipt_no = m.group(1)
        if m := re.fullmatch(
            rf"\d+ (\d{{4}}B\d{{8}}) \d{{4}}-\d{{2}} ({MONEY}) ({MONEY}) ({MONEY}) (?:结清|部分缴费|冲回|退回)",
            line,
        ):
            principal, late, row_total = fen(m.group(2)), fen(m.group(3)), fen(m.group(4))
            assert principal + late == row_total, f"{name}: row {line!r}: 本金 + 违约金 ≠ 小计"
            r.rows.append((m.group(1), principal, late))
        elif m := re.fullmatch(rf"合计 ({MONEY}) ({MONEY}) ({MONEY})", line):
            r.principal, r.late_fee, subtotal = fen(m.group(1)), fen(m.group(2)), fen(m.group(3))
        elif m := re.fullmatch(rf"(?:转入预存|冲减预存) ({MONEY})", line):
            r.prepaid = fen(m.group(1))
        elif m := re.fullmatch(rf"金额（大写） (?:人民币 )?(\S+) （小写） ({MONEY})", line):
            r.capital, r.amount = m.group(1), fen(m.group(2))
        elif line.startswith(("收款方式 ", "退款方式 ")):
            collecting = True
            tender_text.append(line.split(" ", 1)[1])
        elif m := re.fullmatch(
            r"(?:缴费|冲正|退款)前余额 (\S+ \S+) (?:缴费|冲正|退款)后余额 (\S+ \S+)", line
        ):
            collecting = False
            r.before, r.after = balance_fen(m.group(1)), balance_fen(m.group(2))
        elif m := re.fullmatch(r"原凭证号 (\d{4}R\d{8}) .*", line):
            r.original_no = m.group(1)
        elif collecting:
            tender_text.append(line)
    joined = " ".join(tender_text)
    r.tenders = [
        (m.group(1), fen(m.group(2)))
        for m in re.finditer(rf"(现金|银行卡|扫码支付|转账) ({MONEY})", joined.split("实收现金")[0])
    ]
    if m := re.search(rf"实收现金 ({MONEY}) 找零 ({MONEY})", joined):
        r.cash, r.change = fen(m.group(1)), fen(m.group(2))
    if subtotal is not None:
        assert r.principal is not None and r.late_fee is not None
        assert r.principal + r.late_fee == subtotal, f"{name}: 合计 row: 本金 + 违约金 ≠ 小计"
    return r


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    paths = render_samples(tmp_path_factory.mktemp("samples"))
    assert sorted(p.name for p in paths) == sorted(SAMPLE_NAMES)
    return {p.name: p.read_bytes() for p in paths}


RECEIPTS = [n for n in SAMPLE_NAMES if n.startswith("receipt_")]


def read_receipt(name: str, pdf: bytes) -> Receipt:
    return read_roll(name, pdf) if "80mm" in name else read_a5(name, pdf)


@pytest.mark.parametrize("name", RECEIPTS)
def test_every_receipt_adds_up(samples: dict[str, bytes], name: str) -> None:
    r = read_receipt(name, samples[name])
    assert r.receipt_no and r.amount is not None and r.rows, name
    assert r.principal is not None and r.late_fee is not None
    # the columns add up to the totals
    assert sum(p for _, p, _ in r.rows) == r.principal, f"{name}: 电费本金 is not the principal column's sum"
    assert sum(f for _, _, f in r.rows) == r.late_fee, f"{name}: 违约金 is not the late-fee column's sum"
    # principal + late fee (+ what went to / came from prepaid) is the amount
    assert r.principal + r.late_fee + r.prepaid == r.amount, name
    # the capitals say the amount, in the product's words
    assert capital_fen(r.capital) == r.amount, f"{name}: 大写 {r.capital} ≠ {r.amount}"
    assert r.capital.removeprefix("（负数）") == chinese_capital(abs(r.amount))
    # the tenders less the change are the amount; 实收现金 is the cash handed over
    assert r.tenders, name
    assert sum(a for _, a in r.tenders) - r.change == r.amount, name
    if r.cash is not None:
        assert r.cash == sum(a for k, a in r.tenders if k == "现金"), (
            f"{name}: 实收现金 is not the cash tendered"
        )
    # the balance after is the balance before less the amount
    assert r.before is not None and r.after is not None
    assert r.after == r.before - r.amount, f"{name}: {r.before} − {r.amount} ≠ {r.after}"
    if "reversal" in name or "refund" in name:
        assert r.amount < 0 and r.original_no and r.original_no != r.receipt_no
    else:
        assert r.amount > 0 and not r.original_no


def test_the_samples_agree_with_each_other(samples: dict[str, bytes]) -> None:
    receipts = {n: read_receipt(n, samples[n]) for n in RECEIPTS}
    first, reprint, a5_reprint = (
        receipts[n] for n in ("receipt_80mm.pdf", "receipt_80mm_reprint.pdf", "receipt_a5_reprint.pdf")
    )
    reversal, refund, a5 = (
        receipts[n] for n in ("receipt_80mm_reversal.pdf", "receipt_a5_refund.pdf", "receipt_a5.pdf")
    )
    # a reprint is the same receipt, on either paper
    for copy in (reprint, a5_reprint):
        assert (copy.receipt_no, copy.amount, copy.rows, copy.tenders, copy.before, copy.after) == (
            first.receipt_no,
            first.amount,
            first.rows,
            first.tenders,
            first.before,
            first.after,
        )
    # distinct receipts have distinct numbers; the refund undoes a payment nobody reversed
    numbers = [first.receipt_no, reversal.receipt_no, refund.receipt_no, a5.receipt_no]
    assert len(set(numbers)) == len(numbers), numbers
    assert refund.original_no != reversal.original_no
    assert refund.original_no not in (reversal.receipt_no, first.receipt_no)

    day_end = day_end_rows(samples["day_end.pdf"])
    reprinted = day_end_rows(samples["day_end_reprint.pdf"])
    # the day-end report lists each receipt of the session with the amount on the receipt
    for r in (first, reversal, a5):
        assert day_end[r.receipt_no][1] == r.amount, f"{r.name}: amount differs on the day-end report"
        assert reprinted[r.receipt_no][1] == r.amount
    assert day_end[reversal.original_no][1] == -reversal.amount
    assert day_end[reversal.original_no][2] == reprinted[reversal.original_no][2] == "已冲正"
    # the refunded payment was taken in that session; after the refund it reads 已退费
    assert day_end[refund.original_no][1] == -refund.amount
    assert day_end[refund.original_no][2] == "—" and reprinted[refund.original_no][2] == "已退费"
    assert refund.receipt_no not in day_end  # refunded from the next session's drawer

    # the statement printed before 王秀英 paid says what her receipt found owed
    statement = pdfcheck.layout_lines(samples["bill_statement.pdf"])
    due = next(fen(m.group(1)) for line in statement if (m := re.search(rf"应缴金额 ({MONEY})$", line)))
    assert due == a5.before


def day_end_rows(pdf: bytes) -> dict[str, tuple[str, int, str]]:
    """Receipt no → (kind, amount, state) of the report's 收费明细."""
    rows = {}
    for line in pdfcheck.layout_lines(pdf):
        m = re.fullmatch(
            rf"\d+ (\d{{4}}R\d{{8}}) \d\d:\d\d:\d\d (收费|冲正|退费) (.+?) ({MONEY})(?: (\S+))?", line
        )
        if m:
            rows[m.group(1)] = (m.group(2), fen(m.group(4)), m.group(5) or "")
    return rows


@pytest.mark.parametrize("name", ["day_end.pdf", "day_end_reprint.pdf"])
def test_the_day_end_report_adds_up(samples: dict[str, bytes], name: str) -> None:
    lines = pdfcheck.layout_lines(samples[name])
    value: dict[str, int] = {}
    tenders: dict[str, int] = {}
    pieces: list[tuple[int, int, int]] = []  # denomination fen, count, amount
    detail_total = None
    for line in lines:
        if m := re.match(rf"(现金|银行卡|扫码支付|转账) ({MONEY})", line):
            tenders[m.group(1)] = fen(m.group(2))
        if m := re.match(rf"合计 ({MONEY}) 长短款 (长款|短款|账实相符) ({MONEY})", line):
            value["合计"] = fen(m.group(1))
            value["长短款"] = {"长款": 1, "短款": -1, "账实相符": 1}[m.group(2)] * fen(m.group(3))
        elif m := re.fullmatch(rf"合计 ({MONEY})", line):
            detail_total = fen(m.group(1))
        for label in ("备用金", "现金净收", "应有现金", "实点现金"):
            if m := re.search(rf"{label} ({MONEY})$", line):
                value[label] = fen(m.group(1))
        for m in re.finditer(rf"(\d+)(元|角|分)(?:硬币)? (\d+) ({MONEY})", line):
            unit = {"元": 100, "角": 10, "分": 1}[m.group(2)]
            pieces.append((int(m.group(1)) * unit, int(m.group(3)), fen(m.group(4))))
        if m := re.fullmatch(rf"纸币小计 ({MONEY}) 硬币小计 ({MONEY})", line):
            value["纸币小计"], value["硬币小计"] = fen(m.group(1)), fen(m.group(2))
        if m := re.fullmatch(rf"实点现金合计 ({MONEY}) 大写：(\S+)", line):
            value["实点现金合计"], value["大写"] = fen(m.group(1)), capital_fen(m.group(2))
        if m := re.fullmatch(r"笔数 收费 (\d+) 笔 / 冲正 (\d+) 笔 / 退费 (\d+) 笔", line):
            value["收费笔数"], value["冲正笔数"], value["退费笔数"] = map(int, m.groups())
    details = list(day_end_rows(samples[name]).values())
    assert set(tenders) == {"现金", "银行卡", "扫码支付", "转账"}
    assert sum(tenders.values()) == value["合计"], "the tenders add up to 合计"
    assert detail_total == value["合计"] == sum(a for _, a, _ in details), "the receipts add up to 合计"
    assert value["现金净收"] == tenders["现金"]
    assert value["备用金"] + value["现金净收"] == value["应有现金"]
    assert value["实点现金"] - value["应有现金"] == value["长短款"]
    assert pieces and all(d * n == a for d, n, a in pieces), pieces
    assert (
        value["纸币小计"] + value["硬币小计"] == value["实点现金合计"] == value["实点现金"] == value["大写"]
    )
    assert sum(a for _, _, a in pieces) == value["实点现金合计"]
    kinds = [k for k, _, _ in details]
    assert (kinds.count("收费"), kinds.count("冲正"), kinds.count("退费")) == (
        value["收费笔数"],
        value["冲正笔数"],
        value["退费笔数"],
    )


def test_the_bill_statement_adds_up(samples: dict[str, bytes]) -> None:
    lines = pdfcheck.layout_lines(samples["bill_statement.pdf"])
    items: list[int] = []
    value: dict[str, int] = {}
    for line in lines:
        if m := re.fullmatch(rf"第.档 .*? ({MONEY}) 第.档 .*= ({MONEY})", line):
            assert fen(m.group(1)) == fen(m.group(2))
            items.append(fen(m.group(1)))
        if m := re.fullmatch(rf"本期电费合计 [\d,]+ kWh ({MONEY}) 大写：(\S+)", line):
            value["合计"], value["合计大写"] = fen(m.group(1)), capital_fen(m.group(2))
        for label in (
            "本期电费",
            "已缴金额",
            "本期未缴",
            "账户欠费合计",
            "违约金合计",
            "预存余额",
            "应缴金额",
        ):
            if m := re.search(rf"(?:^| ){label} ({MONEY})", line):
                value[label] = fen(m.group(1))
        if m := re.search(rf"违约金（截至 [\d-]+） ({MONEY})", line):
            value["本期违约金"] = fen(m.group(1))
        if m := re.fullmatch(r"应缴金额大写：([^。]+)。?.*", line):
            value["应缴大写"] = capital_fen(m.group(1))
    assert items and sum(items) == value["合计"] == value["合计大写"] == value["本期电费"]
    assert value["已缴金额"] + value["本期未缴"] == value["本期电费"]
    assert (
        value["账户欠费合计"] + value["违约金合计"] - value["预存余额"]
        == value["应缴金额"]
        == value["应缴大写"]
    )
    assert value["本期违约金"] <= value["违约金合计"]


def test_capitals_reader() -> None:
    for amount in (1, 10, 50, 104, 10168, 35769, 120000, 100_000_005, 600714, 32504, 168032):
        assert capital_fen(chinese_capital(amount)) == amount
    assert capital_fen("（负数）壹佰零壹元陆角捌分") == -10168
    with pytest.raises(AssertionError):
        capital_fen("人民币负壹佰元整")


def test_samples_say_what_they_are(samples: dict[str, bytes], tmp_path: Path) -> None:
    texts = {n: pdfcheck.text(pdf) for n, pdf in samples.items()}
    assert "本凭证已冲正" not in texts["receipt_a5_reprint.pdf"]  # its payment was never undone
    assert "补打（第2次打印）" in texts["receipt_80mm_reprint.pdf"]
    assert "补打（第3次打印）" in texts["receipt_a5_reprint.pdf"]
    assert "补打" not in texts["receipt_80mm.pdf"] and "补打" not in texts["receipt_a5.pdf"]
    assert "退款时间" in texts["receipt_a5_refund.pdf"] and "退款人" in texts["receipt_a5_refund.pdf"]
    assert "冲正时间" in texts["receipt_80mm_reversal.pdf"] and "冲正人" in texts["receipt_80mm_reversal.pdf"]
