"""The bill statement (电费账单): explanation lines, totals, due date, late fee, balance, usage chart."""

from __future__ import annotations

import dataclasses
import os
import uuid
from pathlib import Path

import pytest

from app.printing.bill_statement import render_bill_statement
from app.printing.samples import COMPANY, sample_bill_view
from tests.printing import pdfcheck


def test_bill_statement_explains_the_bill() -> None:
    view = sample_bill_view()
    bill = view.bills[0]
    assert bill.period == "2026-10"
    text = pdfcheck.text(render_bill_statement(view, bill.id, company=COMPANY))
    for expected in (
        "国网杭州供电公司", "电费账单", "陈建国", view.account_no, bill.bill_no, "2026-10",
        "第一档80kWh×0.5380=43.04", "第二档156kWh×0.5880=91.73",  # each tier: kWh × price = amount
        "本期电费合计", "134.77", "壹佰叁拾肆元柒角柒分",
        "缴费截止日2026-11-20", "违约金（截至2026-11-23）¥0.40",
        "应缴金额¥135.17", "壹佰叁拾伍元壹角柒分", "已逾期",
        "近24个月用电量", "ZJ-RES-TIER-2026",
    ):
        assert expected in text, expected
    assert view.due_fen == 13517


def test_usage_chart_has_24_months() -> None:
    view = sample_bill_view()
    assert len(view.usage) == 24
    text = pdfcheck.text(render_bill_statement(view, view.bills[0].id))
    # month labels: "24.11" … "26.10", January as the year
    for label in ("24.11", "24.12", "2025", "25.02", "26.09", "26.10"):
        assert label in text, label
    assert "深色柱为本期（2026-10）" in text


def test_any_bill_of_the_view_by_id_or_number() -> None:
    view = sample_bill_view()
    old = view.bills[5]
    by_id = pdfcheck.text(render_bill_statement(view, str(old.id)))
    by_no = pdfcheck.text(render_bill_statement(view, old.bill_no))
    for text in (by_id, by_no):
        assert old.bill_no in text and old.lines[0].explanation.replace(" ", "") in text
        assert "已结清" in text
    with pytest.raises(KeyError):
        render_bill_statement(view, uuid.uuid4())


def test_one_page_a4_with_embedded_font_and_qr() -> None:
    view = sample_bill_view()
    pdf = render_bill_statement(view, view.bills[0].id)
    sizes = pdfcheck.sizes_mm(pdf)
    assert len(sizes) == 1
    assert sizes[0] == (pytest.approx(210, abs=0.5), pytest.approx(297, abs=0.5))
    assert [f.file_key for f in pdfcheck.fonts(pdf)] == ["/FontFile2"]
    from app.printing.common import qr_modules

    bill = view.bills[0]
    assert pdfcheck.drawn_qr_matrix(pdf) == [list(r) for r in qr_modules(f"GC|{bill.bill_no}|{bill.amount_fen}")]


def test_new_customer_without_usage_history() -> None:
    view = sample_bill_view()
    bill = view.bills[0]
    fresh = dataclasses.replace(view, bills=(bill,), usage=())
    text = pdfcheck.text(render_bill_statement(fresh, bill.id))
    assert "暂无用电记录" in text and bill.bill_no in text


def test_first_copy_does_not_say_buda() -> None:
    view = sample_bill_view()
    default = pdfcheck.text(render_bill_statement(view, view.bills[0].id, company=COMPANY))
    explicit = pdfcheck.text(render_bill_statement(view, view.bills[0].id, company=COMPANY, reprint=False,
                                                   copy_no=1))
    assert "补打" not in default and default == explicit


@pytest.mark.parametrize("copy_no", [2, 4])
def test_reprint_says_buda_and_stays_one_page(copy_no: int) -> None:
    view = sample_bill_view()
    bill = view.bills[0]
    pdf = render_bill_statement(view, bill.id, company=COMPANY, reprint=True, copy_no=copy_no)
    pages = pdfcheck.page_texts(pdf)
    assert len(pages) == 1
    mark = f"补打（第{copy_no}次打印）"
    assert pages[0].count(mark) == 2  # the stamp left of the title and the footer
    assert f"{mark}查询日期2026-11-23" in pages[0]
    for expected in ("电费账单", bill.bill_no, "应缴金额¥135.17", "近24个月用电量"):
        assert expected in pages[0], expected
    assert [f.file_key for f in pdfcheck.fonts(pdf)] == ["/FontFile2"]
    from app.printing.common import qr_modules

    # the stamp is drawn with rectangles too: the QR code is still exactly the bill's
    assert pdfcheck.drawn_qr_matrix(pdf) == [list(r) for r in qr_modules(f"GC|{bill.bill_no}|{bill.amount_fen}")]


def test_rule_19_a_credit_adjustment_is_printed_as_such_not_as_paid() -> None:
    """Issue 6 item 19: a bill lowered by a credit 退补 prints 退补冲减 and what it leaves, so
    本期电费 − 退补冲减 − 已缴 = 本期未缴 on the page."""
    view = sample_bill_view()
    bill = dataclasses.replace(view.bills[0], credited_fen=2000, paid_fen=0,
                               outstanding_fen=view.bills[0].amount_fen - 2000)
    view = dataclasses.replace(view, bills=(bill, *view.bills[1:]))
    text = pdfcheck.text(render_bill_statement(view, bill.id))
    assert "退补冲减¥-20.00" in text or "退补冲减-¥20.00" in text
    assert "冲减后电费¥114.77" in text and "本期未缴¥114.77" in text and "已缴金额¥0.00" in text


# ---- customer insights on the statement (docs/rules.md#customer-insights) ----------------------


def _read_and_bill(db, actor, settings, account_no: str, period: str, reading: int, kwh: int, **tou: int) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from app.services import bill_run, readings

    read_on = dt.date(int(period[:4]), int(period[5:7]), 25)
    header, extra = "户号,抄表日期,上次示数,本次示数", ""
    if tou:
        header += "," + ",".join(tou)
        extra = "," + ",".join(str(v) for v in tou.values())
    csv = f"{header}\n{account_no},{read_on.isoformat()},{reading},{reading + kwh}{extra}\n".encode()
    assert readings.import_readings_csv(db, actor, csv, period, settings=settings).ok
    assert bill_run.compute_bills(db, actor, period, issue_date=read_on + dt.timedelta(days=3)).bills == 1


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_statement_prints_the_tier_progress_that_the_bills_add_up_to(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """The statement of the September bill: used = the engine's year-to-date before it + its kWh;
    the tier is the one of the bill's last line (第二档: it crossed 2,760 kWh)."""
    import datetime as dt
    import json
    from decimal import Decimal

    from sqlalchemy import select

    from app.services import bill_view, customers
    from app.services.insights import insights_of_customer
    from db.models import Bill

    c = customers.register_customer(db, supervisor, customers.RegisterCustomer(customer_form()))
    reading = 0
    for m, kwh in enumerate([310, 290, 250, 240, 260, 330, 420, 455, 380, 220], start=1):
        _read_and_bill(db, supervisor, settings, c.account_no, f"2026-{m:02d}", reading, kwh)
        reading += kwh
    view = bill_view.bill_view(db, supervisor, c.id, dt.date(2026, 11, 5))
    sept = next(b for b in view.bills if b.period == "2026-09")
    with db.read() as s:
        doc = json.loads(s.scalars(select(Bill.lines).where(Bill.id == sept.id)).one())
    used = int(Decimal(doc["ytd_before_kwh"])) + sept.kwh
    assert used == 310 + 290 + 250 + 240 + 260 + 330 + 420 + 455 + 380 == 2935
    assert sept.lines[-1].code == "tier2"
    found = insights_of_customer(db, supervisor, c.id, view.on_date, through=sept.period)
    text = pdfcheck.text(render_bill_statement(view, sept.id, insights=found))
    assert f"本年阶梯（2026年，截至2026-09）：已用{used:,}/4,800kWh，第二档，距第三档还有{4800 - used:,}kWh" in text
    assert "分时用电" not in text  # not a TOU customer
    # without insights the statement is as before
    assert "本年阶梯" not in pdfcheck.text(render_bill_statement(view, sept.id))
    with_lines = render_bill_statement(view, sept.id, company=COMPANY, address=c.supply_address, insights=found)
    assert len(pdfcheck.page_texts(with_lines)) == 1  # the chart gives the line its room
    if os.environ.get("GRIDCOUNTER_STATEMENT_PDF"):
        Path(os.environ["GRIDCOUNTER_STATEMENT_PDF"], "statement_insights.pdf").write_bytes(with_lines)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_statement_of_a_tou_customer_prints_the_peak_share(db, settings, supervisor, customer_form):  # type: ignore[no-untyped-def]
    """RES-TOU, 峰 190 / 谷 310 a month: 38 % peak; 19 kWh × (0.568 − 0.288) = ¥5.32 a month."""
    import datetime as dt

    from app.services import bill_view, customers
    from app.services.insights import insights_of_customer

    c = customers.register_customer(db, supervisor, customers.RegisterCustomer(customer_form(tariff_code="RES-TOU")))
    reading = 0
    for m in range(1, 7):
        _read_and_bill(db, supervisor, settings, c.account_no, f"2026-{m:02d}", reading, 500, 峰=190, 谷=310)
        reading += 500
    view = bill_view.bill_view(db, supervisor, c.id, dt.date(2026, 7, 5))
    newest = view.bills[0]
    found = insights_of_customer(db, supervisor, c.id, view.on_date, through=newest.period)
    pdf = render_bill_statement(view, newest.id, company=COMPANY, address=c.supply_address, insights=found)
    if os.environ.get("GRIDCOUNTER_STATEMENT_PDF"):  # to look at it: the folder to write it to
        Path(os.environ["GRIDCOUNTER_STATEMENT_PDF"], "statement_tou_insights.pdf").write_bytes(pdf)
    # the lines take their room from the chart: no more pages than without them (this bill with its
    # markup line and the address already spills the hints onto a second page)
    plain = render_bill_statement(view, newest.id, company=COMPANY, address=c.supply_address)
    assert len(pdfcheck.page_texts(pdf)) == len(pdfcheck.page_texts(plain))
    text = pdfcheck.text(pdf)
    assert "本年阶梯（2026年，截至2026-06）：已用3,000/4,800kWh，第二档，距第三档还有1,800kWh" in text
    assert "分时用电（近6个月）：峰时用电占38%，移10%到谷时每月约省¥5.32" in text
