"""The important customers' advance-notice list (docs/rules.md#outages), rendered from the real
service path and read back."""

from __future__ import annotations

import datetime as dt

from app.printing.outage_notice import render_outage_notice
from app.services import customers as cs
from app.services import outages as svc
from tests.printing import pdfcheck


def test_notice_lists_the_important_customers_of_the_outage(db, clerk, supervisor, customer_form):
    start = (dt.datetime.now() + dt.timedelta(days=2)).replace(hour=8, minute=0, second=0, microsecond=0)
    names = ["杭州市第一人民医院", "文三路自来水厂", "西湖区第七小学"]
    for i, name in enumerate(names):
        cs.register_customer(
            db,
            clerk,
            cs.RegisterCustomer(
                customer_form(
                    name=name,
                    transformer_area="文三1号台区",
                    supply_line="10kV文三线",
                    important=True,
                    phone=f"1390000{i:04d}",
                    supply_address=f"浙江省杭州市西湖区文三路{100 + i}号",
                )
            ),
        )
    cs.register_customer(
        db, clerk, cs.RegisterCustomer(customer_form(name="李四", transformer_area="文三1号台区"))
    )
    outage = svc.record_outage(
        db,
        supervisor,
        svc.OutageInput(
            "planned", start, start.replace(hour=17), "10kV文三线检修", transformer_areas="文三1号台区"
        ),
    )

    pdf = render_outage_notice(svc.important_customers_in(db, clerk, outage.id))
    text = pdfcheck.text(pdf)
    assert "重要客户停电提前告知清单" in text and outage.outage_no in text
    assert f"{start:%Y-%m-%d}08:00至17:00" in text and "10kV文三线检修" in text
    assert "二、重要客户（共3户）" in text
    for name in names:
        assert name in text
    assert "李四" not in text  # not important
    assert "13900000000" not in text and "139****0000" in text  # masked for the clerk
    assert "联系电话已脱敏" in text
    assert len(pdfcheck.reader(pdf).pages) == 1

    full = pdfcheck.text(render_outage_notice(svc.important_customers_in(db, supervisor, outage.id)))
    assert "13900000000" in full and "联系电话已脱敏" not in full
