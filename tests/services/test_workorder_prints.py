"""The work-order acknowledgement (诉求受理回执) from the print service: rendered from the stored
order, read back from the PDF; numbered copies, 补打 after the first logged copy."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.domain.codes import DocType
from app.printing.common import qr_modules
from app.services import customers, payments, workorder_prints
from app.services import workorders as svc
from tests.printing import pdfcheck

CST = dt.timezone(dt.timedelta(hours=8))


def test_complaint_acknowledgement_says_number_type_deadlines_and_how_to_follow_up(
    db, clerk, customer_form, monkeypatch
):  # type: ignore[no-untyped-def]
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form(name="周敏")))
    monkeypatch.setattr(svc, "_now", lambda: dt.datetime(2026, 3, 6, 16, 30, tzinfo=CST))
    done = svc.record_work_order(
        db,
        clerk,
        svc.RecordWorkOrder(
            "complaint",
            "attitude.counter",
            "营业厅排队一小时无人引导",
            customer_id=view.id,
            reporter_contact="13900001111",
        ),
    )
    first = workorder_prints.render_receipt(db, clerk, done.id)
    assert first.copy_no == 1 and not first.reprint
    pdf = first.pdf
    assert pdfcheck.sizes_mm(pdf) == [pytest.approx((210, 297), abs=0.5)]
    assert all(f.embedded for f in pdfcheck.fonts(pdf))
    text = pdfcheck.text(pdf)
    assert "诉求受理回执" in text and "补打" not in text
    assert f"工单编号{done.order_no}诉求类型投诉" in text
    assert "诉求分类服务态度›营业厅服务" in text and "紧急程度一般" in text and "受理渠道营业厅" in text
    assert "诉求人周敏" in text and "联系电话139****1111" in text and "13900001111" not in text
    assert "营业厅排队一小时无人引导" in text
    assert (
        f"24小时内与您联系（{(done.contact_due_at.replace(tzinfo=dt.UTC).astimezone()):%Y-%m-%d%H:%M}前）"
        in text
    )
    assert re.search(r"2026年3月12日前答复处理结果（4个工作日，自受理次日起计）", text)
    assert f"凭工单编号{done.order_no}查询处理进度" in text and "95598" in text and "网上国网" in text
    assert pdfcheck.drawn_qr_matrix(pdf) == [list(row) for row in qr_modules(f"GC|WO|{done.order_no}")]
    info = payments.record_print(db, clerk, DocType.WORKORDER_RECEIPT, done.id, "forged", "HP LaserJet", "A4")
    assert (info.copy_no, info.reprint) == (1, False)
    again = workorder_prints.render_receipt(db, clerk, done.id)
    assert again.copy_no == 2 and "补打" in pdfcheck.text(again.pdf)


def test_repair_and_anonymous_acknowledgements(db, clerk, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(svc, "_now", lambda: dt.datetime(2026, 3, 7, 23, 0, tzinfo=CST))
    repair = svc.record_work_order(
        db,
        clerk,
        svc.RecordWorkOrder(
            "repair",
            "outage.fault",
            "整栋楼停电",
            reporter_name="陈先生",
            reporter_contact="13900002222",
            area="rural",
            urgency="urgent",
        ),
    )
    text = pdfcheck.text(workorder_prints.render_receipt(db, clerk, repair.id).pdf)
    due = repair.arrival_due_at.replace(tzinfo=dt.UTC).astimezone()  # printed in the PC's local time
    assert f"抢修人员90分钟内到达现场（{due:%Y-%m-%d%H:%M}前）" in text
    assert "到达现场后4小时内恢复供电" in text and "紧急程度紧急" in text
    report = svc.record_work_order(
        db, clerk, svc.RecordWorkOrder("report", "conduct.theft", "邻居私拉电线", anonymous=True)
    )
    text = pdfcheck.text(workorder_prints.render_receipt(db, clerk, report.id).pdf)
    assert "诉求人匿名" in text and "诉求类型举报" in text and "9个工作日" in text
