"""Customer insights in the customer view (客户用电提示), plugged in through its host interface
(ui/customers/host.py) by the main window (docs/rules.md#customer-insights).

``CustomerInsightsHint(ctx, host, offer_meter_test=…, offer_work_order=None)`` adds

* a header figure: this year's progress through the tiers ("2026 年阶梯 / 已用 2,600 / 2,760 kWh
  第一档"; hidden for tariffs without an annual ladder);
* a notice under the header: the abnormal-usage warning (the newest month against last year's
  same month and the 12-month average, thresholds from this PC's settings) with
  办理计量装置校验 — ``offer_meter_test(customer)``, the applications feature's accept form
  preselected on 计量装置校验, handed in by the main window — and 登记工单 when
  ``offer_work_order`` is given (None until work orders exist); and for TOU customers the peak
  share with what moving 10 % of it to the valley would save a month.

It loads when a customer opens and reloads when another screen announces ``Change.BILLS`` for
that customer (a bill run, an adjustment, an import).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.insights import AVERAGE, DROP, TierProgress, TouShift, UsageAlert, UsageComparison
from app.dto.customers import CustomerView
from app.dto.insights import CustomerInsights
from app.services.insights import alert_rules, insights_of_customer
from ui import palette
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customers.host import CustomerHost
from ui.formatting import yuan
from ui.i18n import fill, localize
from ui.money_band import FIGURE_STYLE, figure_label, set_figure
from ui.palette import restyle
from ui.tasks import Failure
from ui.widgets import alive

#: ``(customer) -> None``: open a form for the customer shown
Offer = Callable[[CustomerView], None]


def kwh_text(value: int | Decimal) -> str:
    """kWh with thousands separators: 2,760."""
    return format(Decimal(value).normalize(), ",f")


def percent_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


class TierFigure(QWidget):
    """The header figure: caption "2026 年阶梯", value "已用 2,600 / 2,760 kWh 第一档"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tierFigure")
        self.setStyleSheet(FIGURE_STYLE)
        self.caption = QLabel(self)
        self.caption.setObjectName("figureCaption")
        self.value = figure_label("figure_tier", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.value, 0, Qt.AlignmentFlag.AlignRight)
        self.hide()

    def set_progress(self, tier: TierProgress | None) -> None:
        if tier is None:
            self.hide()
            return
        self.caption.setText(fill(self.tr("%1 年阶梯"), tier.year))
        name = localize(tier.tier_name)
        if tier.upper is None:
            text = fill(self.tr("已用 %1 kWh %2"), kwh_text(tier.used_kwh), name)
            tip = fill(self.tr("本年已用 %1 kWh，已在最高档"), kwh_text(tier.used_kwh))
        else:
            text = fill(self.tr("已用 %1 / %2 kWh %3"), kwh_text(tier.used_kwh), kwh_text(tier.upper), name)
            tip = fill(self.tr("距下一档还有 %1 kWh"), kwh_text(tier.left_kwh or 0))
        bounds = " / ".join(kwh_text(b) for b in tier.bounds)
        tip += "\n" + fill(self.tr("本年各档上限：%1 kWh"), bounds)
        if tier.supply_months < 12:
            tip += "\n" + fill(self.tr("首年供电 %1 个月，各档按比例折算"), tier.supply_months)
        set_figure(self.value, text, palette.ERROR if tier.top else palette.INK)  # the top tier in red
        self.setToolTip(tip)
        self.show()


class InsightsNotice(QFrame):
    """A strip under the header: the abnormal-usage warning with its offers, and the TOU hint."""

    meterTestClicked = Signal()
    workOrderClicked = Signal()

    def __init__(self, parent: QWidget | None = None, *, work_orders: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("insightsNotice")
        self.setProperty("panel", "card")
        self.alert_label = QLabel(self)
        self.alert_label.setObjectName("usageAlert")
        self.alert_label.setWordWrap(True)
        restyle(self.alert_label, role="caution", strong=True)
        self.meter_test_button = QPushButton(self.tr("办理计量装置校验"), self)
        self.meter_test_button.setObjectName("meterTestButton")
        self.meter_test_button.setToolTip(self.tr("为该客户受理计量装置校验申请"))
        self.meter_test_button.clicked.connect(self.meterTestClicked)
        self.work_order_button = QPushButton(self.tr("登记工单"), self)
        self.work_order_button.setObjectName("workOrderButton")
        self.work_order_button.clicked.connect(self.workOrderClicked)
        self.work_orders = work_orders
        self.tou_label = QLabel(self)
        self.tou_label.setObjectName("touHint")
        self.tou_label.setWordWrap(True)
        restyle(self.tou_label, role="soft")

        alert_row = QHBoxLayout()
        alert_row.setSpacing(8)
        alert_row.addWidget(self.alert_label, 1)
        alert_row.addWidget(self.meter_test_button, 0, Qt.AlignmentFlag.AlignVCenter)
        alert_row.addWidget(self.work_order_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 12, 4)
        layout.setSpacing(2)
        layout.addLayout(alert_row)
        layout.addWidget(self.tou_label)
        self.clear()

    def clear(self) -> None:
        self.show_insights(None, None)

    def show_insights(self, alert: UsageAlert | None, tou: TouShift | None) -> None:
        abnormal = alert is not None and alert.abnormal
        self.alert_label.setText(self._alert_text(alert) if abnormal and alert is not None else "")
        for w in (self.alert_label, self.meter_test_button):
            w.setVisible(abnormal)
        self.work_order_button.setVisible(abnormal and self.work_orders)
        self.tou_label.setText(self._tou_text(tou) if tou is not None else "")
        self.tou_label.setVisible(tou is not None)
        self.setVisible(abnormal or tou is not None)

    # -- the sentences -----------------------------------------------------------------
    def _comparison_text(self, c: UsageComparison) -> str:
        if c.basis == AVERAGE:
            base = fill(
                self.tr("近 %1 个月月均 %2 kWh"), c.months, kwh_text(c.baseline_kwh.quantize(Decimal(1)))
            )
        else:
            base = fill(self.tr("去年同月 %1 kWh"), kwh_text(c.baseline_kwh))
        if c.change_percent is None:
            return fill(self.tr("%1，本月明显增加"), base)
        if c.change_percent >= 0:
            return fill(self.tr("比%1 高 %2%"), base, percent_text(c.change_percent))
        return fill(self.tr("比%1 低 %2%"), base, percent_text(-c.change_percent))

    def _alert_text(self, alert: UsageAlert) -> str:
        head = self.tr("用电量异常下降") if alert.direction == DROP else self.tr("用电量异常增加")
        parts = "，".join(self._comparison_text(c) for c in alert.comparisons if c.flagged)
        return fill(
            self.tr("%1：%2 用电 %3 kWh，%4。可为客户办理计量装置校验"),
            head,
            alert.period,
            kwh_text(alert.kwh),
            parts,
        )

    def _tou_text(self, tou: TouShift) -> str:
        return fill(
            self.tr("峰时用电占 %1%，移 10% 到谷时每月约省 %2（近 %3 个月）"),
            percent_text(tou.share_percent),
            yuan(int(tou.saving * 100)),
            tou.months,
        )


class CustomerInsightsHint(QObject):
    #: the insights shown were loaded (CustomerInsights)
    loaded = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        host: CustomerHost,
        *,
        offer_meter_test: Offer | None = None,
        offer_work_order: Offer | None = None,
    ) -> None:
        super().__init__(host)  # lives as long as the host
        self.ctx = ctx
        self.host = host
        self.offer_meter_test = offer_meter_test
        self.offer_work_order = offer_work_order
        self.customer_id: uuid.UUID | None = None
        self.insights: CustomerInsights | None = None
        self.loading = False
        #: the day the insights are for (the tier year is its year); tests move it
        self.today: Callable[[], dt.date] = dt.date.today
        self._generation = 0
        self.figure = TierFigure(host.widget)
        host.add_header_widget(self.figure)
        self.notice = InsightsNotice(host.widget, work_orders=offer_work_order is not None)
        host.add_notice(self.notice)
        self.notice.meterTestClicked.connect(self.meter_test)
        self.notice.workOrderClicked.connect(self.work_order)
        if offer_meter_test is None:
            self.notice.meter_test_button.setEnabled(False)
        host.customerChanged.connect(self.customer_opened)
        ctx.changes.changed.connect(self._data_changed)

    # -- offers ------------------------------------------------------------------------
    def meter_test(self) -> None:
        customer = self.host.current_customer()
        if customer is not None and self.offer_meter_test is not None:
            self.offer_meter_test(customer)

    def work_order(self) -> None:
        customer = self.host.current_customer()
        if customer is not None and self.offer_work_order is not None:
            self.offer_work_order(customer)

    # -- loading -----------------------------------------------------------------------
    def customer_opened(self, view: CustomerView) -> None:
        if view.id != self.customer_id:
            self.insights = None
            self.figure.set_progress(None)
            self.notice.clear()
        self.load(view.id)

    def load(self, customer_id: uuid.UUID) -> None:
        self._generation += 1
        generation = self._generation
        self.customer_id = customer_id
        self.loading = True
        db, actor, rules, today = self.ctx.db, self.ctx.actor, alert_rules(self.ctx.settings), self.today()
        assert actor is not None
        self.ctx.tasks.run(
            lambda: insights_of_customer(db, actor, customer_id, today, rules=rules),
            lambda found: self._loaded(generation, found),
            stale=lambda: not alive(self.notice) or generation != self._generation,
            failure=Failure(status=self._failed, what="reading the customer's usage insights"),
        )

    def reload(self) -> None:
        if self.customer_id is not None:
            self.load(self.customer_id)

    def _data_changed(self, changes: Changes) -> None:
        if self.customer_id is not None and changes.touches(Change.BILLS, self.customer_id):
            self.reload()

    def _loaded(self, generation: int, found: CustomerInsights) -> None:
        if not alive(self.notice) or generation != self._generation:
            return
        self.loading = False
        self.insights = found
        self.figure.set_progress(found.tier)
        self.notice.show_insights(found.alert, found.tou)
        self.loaded.emit(found)

    def _failed(self, message: str) -> None:
        self.loading = False
        self.figure.set_progress(None)
        self.notice.clear()
        self.host.report(message, error=True)
