"""The intake form (诉求登记): one dialog for every work-order type (docs/rules.md#at-the-counter).

``record_work_order_dialog(ctx, parent, customer, report)`` opens it — F11 in the customer view
(ui/workorders/customer_hook.py, the open customer linked) and F9 in the 诉求工单 module (no
customer: the reporter typed, or an anonymous 举报). The form reads the category tree, the
deadline figures and the working-day calendar first (on the task runner), then:

* 类型 (投诉 first), 大类 / 小类 (the configurable tree in two drop-downs, ↓ and Enter), 紧急程度,
  受理渠道 (营业厅 first), for a 故障报修 the 区域 (城区 / 农村 / 边远; empty takes the linked
  customer's), for a 举报 匿名 (then no customer, name and phone optional), 诉求人, 联系电话,
  诉求内容 (Shift+Enter a new line);
* the deadlines are shown live from the rules (``compute_deadlines``: contact within 24 h,
  answer in N working days, a repair's arrival / restoration by area) as the type, category and
  area change;
* Enter moves from field to field (类型 → 分类 → … → 联系电话 → 诉求内容 → 紧急程度 → 渠道, past the
  customer's prefilled name), Ctrl+Enter records from anywhere (the usual path: Ctrl+Enter in
  诉求内容, urgency and channel left at 一般 / 营业厅). Bad input comes back from the service
  (ValidationErrors) under each field, nothing saved.

On success the dialog closes, ``Change.WORK_ORDERS`` is announced, ``report`` tells the number
and the deadlines, and the 诉求受理回执 preview opens (Ctrl+P prints and logs the copy, Esc closes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import WorkOrderArea, WorkOrderType
from app.domain.workdays import WorkingDayCalendar
from app.domain.workorders import CategoryTree, WorkOrderRules, compute_deadlines
from app.domain.workorders.machine import AREAS, CHANNELS, TYPES, URGENCIES
from app.dto.customers import CustomerView
from app.services import workorders as service
from app.services.applications import working_calendar
from app.services.customers import get_customer
from app.services.workorder_config import get_workorder_config
from app.services.workorders import RecordedWorkOrder, RecordWorkOrder
from ui.changes import Change
from ui.context import UiContext
from ui.drafts import WORK_ORDER, Draft, DraftKeeper, store_for
from ui.formatting import local_time
from ui.forms import confirm_buttons
from ui.i18n import fill, localize
from ui.palette import restyle
from ui.tasks import Failure
from ui.widgets import EnterNavigator, ErrorLabel, FormField, alive, clear_errors, heading, muted_label
from ui.workorders.printing import ReceiptPrinter

log = logging.getLogger(__name__)

#: (text, error) -> None: where the outcome is told (the customer view's status line, the module's)
Report = Callable[[str, bool], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("WorkOrderIntake", text)


@dataclass(frozen=True)
class IntakeData:
    """What the form needs read before it opens (on the task runner)."""

    tree: CategoryTree
    rules: WorkOrderRules
    calendar: WorkingDayCalendar


def _load(ctx: UiContext) -> IntakeData:
    assert ctx.actor is not None
    config = get_workorder_config(ctx.db, ctx.actor)  # the hall's tree and figures
    return IntakeData(config.tree, config.rules, working_calendar())


class IntakeDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        data: IntakeData,
        customer: CustomerView | None,
        parent: QWidget | None = None,
        *,
        order_type: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workOrderIntake")
        self.setWindowTitle(self.tr("诉求登记"))
        self.setModal(True)
        self.setMinimumWidth(640)
        self.ctx = ctx
        self.tree = data.tree
        self.rules = data.rules
        self.calendar = data.calendar
        self.customer = customer
        self.recorded: RecordedWorkOrder | None = None
        self.busy = False
        #: once per dialog: a second Ctrl+Enter (or a retry) records the same order once
        self.request_id = uuid.uuid4()
        #: the covering outage the lookup found (id, number); linked while the box is checked
        self.outage: tuple[uuid.UUID, str] | None = None
        self.outage_end: dt.datetime | None = None  # its expected end (naive UTC)
        self.linked_outage_no = ""  # what the recorded order was linked to
        self._build()
        if order_type is not None and self.type_combo.findData(order_type) >= 0:
            self.type_combo.setCurrentIndex(self.type_combo.findData(order_type))
        self._type_chosen()
        self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        #: kept on disk as it is typed (ui/drafts.py), until recorded or cancelled
        self.draft = DraftKeeper(
            store_for(ctx),
            WORK_ORDER,
            self,
            self._draft_fields,
            context=self._draft_context,
            summary=self._draft_summary,
        )

    # -- building ----------------------------------------------------------------------
    def _combo(self, name: str, items: dict[str, Any] | list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        pairs = items.items() if isinstance(items, dict) else items
        for code, text in pairs:
            combo.addItem(localize(text), str(code))
        combo.setMaxVisibleItems(20)
        return combo

    def _customer_line(self) -> str:
        c = self.customer
        if c is None:
            return self.tr("未关联客户：请填写诉求人和联系电话（匿名举报可不填）")
        return fill(self.tr("关联客户：户号 %1　%2　%3"), c.account_no, c.name, c.supply_address)

    def _build(self) -> None:
        title = heading(self.tr("诉求登记"), 18, parent=self)
        self.customer_label = QLabel(self._customer_line(), self)
        self.customer_label.setObjectName("intakeCustomer")
        self.customer_label.setWordWrap(True)
        self.type_combo = self._combo("intakeType", TYPES)
        self.major_combo = QComboBox(self)
        self.major_combo.setObjectName("intakeCategory")
        self.major_combo.addItem(self.tr("请选择分类"), "")
        for code in self.tree.roots:
            if self.tree.offered(code):  # a deactivated category is not offered
                self.major_combo.addItem(self.tree.get(code).name, code)
        self.major_combo.setMaxVisibleItems(20)
        self.minor_combo = QComboBox(self)
        self.minor_combo.setObjectName("intakeSubcategory")
        self.urgency_combo = self._combo("intakeUrgency", URGENCIES)
        self.channel_combo = self._combo("intakeChannel", CHANNELS)
        area_items: list[tuple[str, str]] = [("", self._area_default_text())]
        area_items += [(str(k), localize(v)) for k, v in AREAS.items()]
        self.area_combo = self._combo("intakeArea", area_items)
        self.anonymous_box = QCheckBox(self.tr("匿名举报（不关联客户，诉求人、电话可不填）"), self)
        self.anonymous_box.setObjectName("intakeAnonymous")
        # shown with the notice when the lookup finds a covering outage for a 故障报修
        self.outage_box = QCheckBox(self)
        self.outage_box.setObjectName("intakeOutageLink")
        self.outage_box.hide()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("intakeReporter")
        self.name_edit.setMaxLength(service.NAME_MAX)
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setObjectName("intakeContact")
        self.contact_edit.setMaxLength(20)
        self.contact_edit.setPlaceholderText(self.tr("手机或固定电话"))
        self.description_edit = QPlainTextEdit(self)
        self.description_edit.setTabChangesFocus(True)  # Tab leaves it; Enter is the navigator's
        self.description_edit.setObjectName("intakeDescription")
        self.description_edit.setPlaceholderText(self.tr("诉求内容（Shift+Enter 换行，Ctrl+Enter 登记）"))
        self.description_edit.setFixedHeight(96)
        if self.customer is not None:
            self.name_edit.setText(self.customer.name)

        minor_row = QHBoxLayout()
        minor_row.setContentsMargins(0, 0, 0, 0)
        minor_row.addWidget(self.major_combo, 1)
        minor_row.addWidget(self.minor_combo, 1)
        category = QWidget(self)
        category.setLayout(minor_row)
        category.setFocusProxy(self.major_combo)

        self.fields: dict[str, FormField] = {
            "order_type": FormField(self.type_combo, self),
            "category_code": FormField(category, self),
            "urgency": FormField(self.urgency_combo, self),
            "channel": FormField(self.channel_combo, self),
            "area": FormField(self.area_combo, self),
            "anonymous": FormField(self.anonymous_box, self),
            "reporter_name": FormField(self.name_edit, self),
            "reporter_contact": FormField(self.contact_edit, self),
            "description": FormField(self.description_edit, self),
        }
        self.fields["customer_id"] = self.fields["anonymous"]  # 匿名举报不能关联客户: said there
        self.fields["outage_id"] = FormField(self.outage_box, self)
        self.fields["outage_id"].hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(4)
        # 类型, 紧急程度 and 渠道 on one line; Enter goes type → category → … → 诉求内容 (the usual
        # path), 紧急程度 and 渠道 keep their defaults unless the clerk goes on past 诉求内容
        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.fields["order_type"], 1)
        for caption, key in ((self.tr("紧急程度"), "urgency"), (self.tr("受理渠道"), "channel")):
            text = QLabel(caption, self)
            text.setBuddy(self.fields[key].editor)
            first.addSpacing(8)
            first.addWidget(text, 0, Qt.AlignmentFlag.AlignTop)
            first.addWidget(self.fields[key], 1)
        form.addRow(self.tr("诉求类型"), first)
        form.addRow(self.tr("诉求分类"), self.fields["category_code"])
        form.addRow(self.tr("所在区域"), self.fields["area"])
        form.addRow("", self.fields["anonymous"])
        form.addRow(self.tr("诉求人"), self.fields["reporter_name"])
        form.addRow(self.tr("联系电话"), self.fields["reporter_contact"])
        form.addRow(self.tr("诉求内容"), self.fields["description"])
        self.form = form

        self.deadline_label = QLabel(self)
        self.deadline_label.setObjectName("intakeDeadlines")
        self.deadline_label.setWordWrap(True)
        restyle(self.deadline_label, role="accent", strong=True)
        self.outage_label = muted_label("", self)  # a covering outage for a 故障报修 (when known)
        self.outage_label.setObjectName("intakeOutage")
        self.outage_label.setWordWrap(True)
        self.outage_label.hide()
        self.error_line = ErrorLabel(self)
        self.status = QLabel(self)
        self.status.setObjectName("intakeStatus")
        self.status.setWordWrap(True)
        self.accept_button, self.cancel_button, buttons = confirm_buttons(
            self,
            self.status,
            self.tr("取消"),
            self.tr("登记 (Ctrl+Enter)"),
            self.submit,
            name="intake",
            confirm_width=150,
        )
        self.accept_button.setStyleSheet("text-transform: none;")

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.customer_label)
        layout.addLayout(form)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.outage_label)
        layout.addWidget(self.fields["outage_id"])
        layout.addWidget(self.error_line)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.type_combo.currentIndexChanged.connect(lambda _i: self._type_chosen())
        self.major_combo.currentIndexChanged.connect(lambda _i: self._major_chosen())
        self.minor_combo.currentIndexChanged.connect(lambda _i: self._refresh_deadlines())
        self.area_combo.currentIndexChanged.connect(lambda _i: self._refresh_deadlines())
        self.anonymous_box.toggled.connect(lambda _on: self._anonymous_toggled())
        self.outage_box.toggled.connect(lambda _on: self._refresh_deadlines())
        self._major_chosen()
        self.navigator = EnterNavigator(
            [
                self.type_combo,
                self.major_combo,
                self.minor_combo,
                self.area_combo,
                self.outage_box,  # only while shown (a 故障报修 with a covering outage)
                self.anonymous_box,
                *([self.name_edit] if self.customer is None else []),  # prefilled: Tab reaches it
                self.contact_edit,
                self.description_edit,
                self.urgency_combo,
                self.channel_combo,
            ],
            self.submit,
            self,
        )

    def _area_default_text(self) -> str:
        c = self.customer
        if c is not None and c.area in AREAS:
            return fill(self.tr("按客户档案：%1"), localize(AREAS[c.area]))
        return self.tr("请选择区域")

    # -- following the choices ---------------------------------------------------------
    @property
    def order_type(self) -> str:
        return str(self.type_combo.currentData())

    def category_code(self) -> str:
        minor = self.minor_combo.currentData()
        return str(minor) if minor else str(self.major_combo.currentData() or "")

    def _type_chosen(self) -> None:
        repair = self.order_type == WorkOrderType.REPAIR
        report = self.order_type == WorkOrderType.REPORT
        self.form.setRowVisible(self.fields["area"], repair)
        self.form.setRowVisible(self.fields["anonymous"], report)
        if not report and self.anonymous_box.isChecked():
            self.anonymous_box.setChecked(False)
        self._show_outage_link()
        self._refresh_deadlines()

    def _major_chosen(self) -> None:
        code = str(self.major_combo.currentData() or "")
        self.minor_combo.blockSignals(True)
        self.minor_combo.clear()
        children = self.tree.get(code).children if code else ()
        self.minor_combo.addItem(self.tr("（不细分）") if code else "—", "")
        children = tuple(c for c in children if self.tree.offered(c))
        for child in children:
            self.minor_combo.addItem(self.tree.get(child).name, child)
        self.minor_combo.setEnabled(bool(children))
        self.minor_combo.blockSignals(False)
        self._refresh_deadlines()

    def _anonymous_toggled(self) -> None:
        anonymous = self.anonymous_box.isChecked()
        if anonymous:
            self.name_edit.clear()
        elif self.customer is not None and not self.name_edit.text():
            self.name_edit.setText(self.customer.name)
        self.customer_label.setText(
            self.tr("匿名举报：不关联客户，诉求人和联系电话可不填；联系方式只有登记人和值班长可见")
            if anonymous
            else self._customer_line()
        )
        self.name_edit.setPlaceholderText(self.tr("选填") if anonymous else "")

    def _area(self) -> str:
        area = str(self.area_combo.currentData() or "")
        if area:
            return area
        c = self.customer
        if c is not None and not self.anonymous_box.isChecked():
            return WorkOrderArea.RURAL if c.area == "rural" else WorkOrderArea.URBAN
        return ""

    def deadline_text(self, now: dt.datetime | None = None) -> str:
        """The deadlines this order would get if recorded now (the service computes them again)."""
        now = now or dt.datetime.now().astimezone()
        order_type = WorkOrderType(self.order_type)
        code = self.category_code()
        rule = self.tree.answer_rule(code) if code in self.tree else None
        area = self._area()
        if self._linking() and self.outage_end is not None:
            return fill(
                self.tr("已知停电，不派单：预计 %1 恢复供电"), local_time(self.outage_end, "%m-%d %H:%M")
            )
        if order_type == WorkOrderType.REPAIR:
            if not area:
                return self.tr("时限：请选择所在区域（城区 45 分钟、农村 90 分钟、边远 2 小时到达现场）")
            d = compute_deadlines(self.calendar, order_type, rule, now, self.rules, WorkOrderArea(area))
            assert d.arrival_due_at is not None and d.restore_due_at is not None
            return fill(
                self.tr("时限：%1（%2）前到达现场；到达后 %3 小时内恢复供电（暂按 %4）"),
                d.arrival_due_at.strftime("%m-%d %H:%M"),
                localize(AREAS[WorkOrderArea(area)]),
                int((d.restore_due_at - d.arrival_due_at).total_seconds() // 3600),
                d.restore_due_at.strftime("%m-%d %H:%M"),
            )
        d = compute_deadlines(self.calendar, order_type, rule, now, self.rules)
        parts = []
        if d.contact_due_at is not None:
            parts.append(
                fill(
                    self.tr("%1 前联系客户（%2 小时）"),
                    d.contact_due_at.strftime("%m-%d %H:%M"),
                    self.rules.complaint_contact_hours,
                )
            )
        if d.answer_due_on is not None:
            text = fill(self.tr("%1 前答复（%2 个工作日）"), d.answer_due_on.isoformat(), d.answer_days)
            if d.provisional:
                text += self.tr("（暂定：节假日未录入）")
            parts.append(text)
        if not parts:
            return self.tr("时限：表扬无办理时限")
        return self.tr("时限：") + "；".join(parts)

    def _refresh_deadlines(self) -> None:
        self.deadline_label.setText(self.deadline_text())

    # -- submitting --------------------------------------------------------------------
    def command(self) -> RecordWorkOrder:
        anonymous = self.anonymous_box.isChecked() and self.order_type == WorkOrderType.REPORT
        customer_id: uuid.UUID | None = None if anonymous or self.customer is None else self.customer.id
        return RecordWorkOrder(
            order_type=self.order_type,
            category_code=self.category_code(),
            description=self.description_edit.toPlainText(),
            channel=str(self.channel_combo.currentData()),
            urgency=str(self.urgency_combo.currentData()),
            customer_id=customer_id,
            anonymous=anonymous,
            reporter_name=self.name_edit.text().strip(),
            reporter_contact=self.contact_edit.text().strip(),
            area=str(self.area_combo.currentData() or "") if self.order_type == WorkOrderType.REPAIR else "",
            outage_id=self.outage[0] if self._linking() and customer_id is not None and self.outage else None,
            request_id=self.request_id,
        )

    def _linking(self) -> bool:
        """A 故障报修 with a covering outage found and 关联停电 checked."""
        return (
            self.outage is not None
            and self.order_type == WorkOrderType.REPAIR
            and self.outage_box.isChecked()
        )

    def _show_outage_link(self) -> None:
        shown = self.outage is not None and self.order_type == WorkOrderType.REPAIR
        self.outage_box.setVisible(shown)
        self.fields["outage_id"].setVisible(shown)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.accept_button.setEnabled(not busy)
        restyle(self.status, role="muted", strong=False)
        self.status.setText(self.tr("正在登记…") if busy else "")

    def submit(self) -> None:
        if self.busy:
            return
        clear_errors(self.fields, self.error_line)
        cmd = self.command()
        self._set_busy(True)
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: service.record_work_order(db, actor, cmd),
            self._recorded,
            always=lambda: self._set_busy(False),
            stale=lambda: not alive(self),
            failure=Failure(fields=self.fields, label=self.error_line, what="recording a work order"),
        )

    def _recorded(self, recorded: RecordedWorkOrder) -> None:
        self.recorded = recorded
        self.draft.discard()
        self.linked_outage_no = self.outage[1] if self._linking() and self.outage else ""
        self.accept()

    def reject(self) -> None:
        if self.busy:
            return  # the answer is on its way: wait for it
        self.draft.discard()  # Esc / 取消: dropped on purpose (a forced log-out keeps it: done())
        super().reject()

    # -- the draft on disk (ui/drafts.py) ------------------------------------------------------
    def _draft_fields(self) -> dict[str, Any]:
        return {
            "order_type": self.order_type,
            "major": str(self.major_combo.currentData() or ""),
            "minor": str(self.minor_combo.currentData() or ""),
            "urgency": str(self.urgency_combo.currentData()),
            "channel": str(self.channel_combo.currentData()),
            "area": str(self.area_combo.currentData() or ""),
            "anonymous": self.anonymous_box.isChecked(),
            "reporter_name": self.name_edit.text(),
            "reporter_contact": self.contact_edit.text(),
            "description": self.description_edit.toPlainText(),
        }

    def _draft_context(self) -> dict[str, str]:
        # the request id too: recording the restored form after a crash that came just after the
        # first recording returns that order instead of recording it twice
        return {
            "customer_id": str(self.customer.id) if self.customer is not None else "",
            "request_id": str(self.request_id),
        }

    def _draft_summary(self) -> str:
        who = self.customer.name if self.customer is not None else self.name_edit.text().strip()
        return "　".join(part for part in (label_of(self.order_type), who) if part)

    def restore_draft(self, draft: Draft) -> None:
        """The form as the draft kept it (the type and the category first: they decide the rest)."""
        values = draft.fields
        for combo, key in (
            (self.type_combo, "order_type"),
            (self.major_combo, "major"),
            (self.minor_combo, "minor"),
            (self.urgency_combo, "urgency"),
            (self.channel_combo, "channel"),
            (self.area_combo, "area"),
        ):
            index = combo.findData(str(values.get(key, "")))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.anonymous_box.setChecked(bool(values.get("anonymous")))
        self.name_edit.setText(str(values.get("reporter_name", self.name_edit.text())))
        self.contact_edit.setText(str(values.get("reporter_contact", "")))
        self.description_edit.setPlainText(str(values.get("description", "")))
        with contextlib.suppress(ValueError):
            self.request_id = uuid.UUID(draft.context.get("request_id", ""))
        restyle(self.status, role="ok", strong=True)
        self.status.setText(fill(self.tr("已恢复%1的草稿，请与客户核对后再登记。"), draft.age_text()))

    # -- a covering outage (another change provides it) ----------------------------------
    def look_for_outage(self) -> None:
        """For a 故障报修 of a linked customer, the outage covering the address, when the outage
        notices (app.services.outages, issue 10 item 10) are installed. GUARDED LAZY CALL: that
        module may not exist in this tree yet; then nothing is shown."""
        if self.customer is None:
            return
        try:
            from app.services import outages  # type: ignore[attr-defined,unused-ignore]
        except ImportError:
            return
        finder = getattr(outages, "outages_for_customer", None)
        if finder is None:
            return
        db, actor, customer_id = self.ctx.db, self.ctx.actor, self.customer.id
        self.ctx.tasks.run(
            lambda: finder(db, actor, customer_id),
            self._outages,
            stale=lambda: not alive(self),
            failure=Failure(what="reading the outages covering a customer"),
        )

    def _outages(self, found: object) -> None:
        rows = list(found) if isinstance(found, list | tuple) else []
        if not rows:
            return
        first = getattr(rows[0], "outage", rows[0])  # a CustomerOutage holds its OutageView
        reason = getattr(first, "reason", "")
        end = getattr(first, "expected_end", None) or getattr(first, "ends_at", None)
        self.outage_label.setText(
            fill(
                self.tr("该客户所在区域有停电：%1%2。故障报修请先向客户说明，避免重复派单"),
                str(reason),
                fill(self.tr("，预计 %1 恢复"), local_time(end)) if isinstance(end, dt.datetime) else "",
            )
        )
        restyle(self.outage_label, role="caution", strong=True)
        self.outage_label.show()
        outage_id, outage_no = getattr(first, "id", None), getattr(first, "outage_no", "")
        if isinstance(outage_id, uuid.UUID) and outage_no:
            self.outage = (outage_id, str(outage_no))
            self.outage_end = end if isinstance(end, dt.datetime) else None
            self.outage_box.setText(fill(self.tr("关联停电 %1（已知原因，不再派单）"), str(outage_no)))
            self.outage_box.setChecked(True)
            self._show_outage_link()
            self._refresh_deadlines()


# ---- opening it --------------------------------------------------------------------------------

_LOADING = "workOrderIntakeLoading"


def record_work_order_dialog(
    ctx: UiContext,
    parent: QWidget,
    customer: CustomerView | None,
    report: Report | None = None,
    order_type: str | None = None,
    restore: Draft | None = None,
) -> None:
    """Open the intake form over ``parent`` for ``customer`` (None: no customer linked). After a
    recording: announce ``Change.WORK_ORDERS``, report the number and the deadlines, preview the
    受理回执 (Ctrl+P prints and logs it)."""

    def ignore(_text: str, _error: bool = False) -> None:
        pass

    tell: Report = report or ignore
    if parent.property(_LOADING):  # F11 pressed twice before the form is read: one form
        return
    parent.setProperty(_LOADING, True)

    def loaded() -> None:
        if alive(parent):
            parent.setProperty(_LOADING, False)

    ctx.tasks.run(
        lambda: _load(ctx),
        lambda data: _run(ctx, parent, customer, data, tell, order_type, restore),
        always=loaded,
        stale=lambda: not alive(parent),
        failure=Failure(status=lambda text: tell(text, True), what="opening the work-order form"),
    )


def _run(
    ctx: UiContext,
    parent: QWidget,
    customer: CustomerView | None,
    data: IntakeData,
    report: Report,
    order_type: str | None,
    restore: Draft | None = None,
) -> None:
    dialog = IntakeDialog(ctx, data, customer, parent, order_type=order_type)
    if restore is not None:
        dialog.restore_draft(restore)
    dialog.look_for_outage()
    try:
        ctx.dialogs.run(dialog)
        recorded = dialog.recorded
        type_name = label_of(dialog.order_type)
        linked = dialog.command().customer_id
        outage_no = dialog.linked_outage_no
    finally:
        dialog.deleteLater()
    if recorded is None:
        return
    ctx.changes.announce(Change.WORK_ORDERS, customer_id=linked)
    done = recorded_text(recorded, type_name, outage_no)
    report(done, False)

    def after(text: str, error: bool = False) -> None:
        report(fill(_tr("%1；%2"), done, text), error)

    printer = ReceiptPrinter(ctx, parent, after)
    printer.finished.connect(printer.deleteLater)
    printer.show(recorded.id)


def restore_intake_draft(ctx: UiContext, parent: QWidget, draft: Draft, report: Report) -> None:
    """An intake form kept as a draft when the program stopped (offered after log-in): its
    customer read again, then the form opened over ``parent`` as the draft left it."""
    customer_id = draft.context.get("customer_id", "")
    if not customer_id:
        record_work_order_dialog(ctx, parent, None, report=report, restore=draft)
        return
    db, actor = ctx.db, ctx.actor
    assert actor is not None
    ctx.tasks.run(
        lambda: get_customer(db, actor, uuid.UUID(customer_id)),
        lambda customer: record_work_order_dialog(ctx, parent, customer, report=report, restore=draft),
        stale=lambda: not alive(parent),
        failure=Failure(status=lambda text: report(text, True), what="reopening a kept work order"),
    )


def label_of(order_type: str) -> str:
    return localize(TYPES[order_type]) if order_type in TYPES else order_type


def recorded_text(recorded: RecordedWorkOrder, type_name: str, outage_no: str = "") -> str:
    """已登记投诉，工单号 …；… 前联系客户；… 前答复. A repair linked to a known outage says so
    and when the power is expected back (it is not dispatched)."""
    parts = [fill(_tr("已登记%1，工单号 %2"), type_name, recorded.order_no)]
    if outage_no:
        parts.append(fill(_tr("已关联停电 %1，不派单"), outage_no))
        if recorded.restore_due_at is not None:
            parts.append(fill(_tr("预计 %1 恢复供电"), local_time(recorded.restore_due_at)))
    if recorded.contact_due_at is not None:
        parts.append(fill(_tr("%1 前联系客户"), local_time(recorded.contact_due_at)))
    if recorded.arrival_due_at is not None:
        parts.append(fill(_tr("%1 前到达现场"), local_time(recorded.arrival_due_at)))
    if recorded.answer_due_on is not None:
        text = fill(_tr("%1 前答复"), recorded.answer_due_on.isoformat())
        if recorded.provisional:
            text += _tr("（暂定）")
        parts.append(text)
    return "；".join(parts)
