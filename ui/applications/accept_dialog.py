"""The accept form (业务受理): one dialog for every business type of the catalogue.

``accept_application_dialog(ctx, parent, customer, take_payment=None, report=None)`` opens it —
F9 in the customer view (ui/applications/customer_hook.py), and any screen that accepts an
application (the worklist). With a customer it offers the types allowed for the customer's
kind and the new-connection types (新装 / 临时用电: the applicant prefilled with the customer's
name); without one only the new-connection types, the applicant typed.

The form follows the chosen type (docs/rules.md#accepting-at-the-counter): the channel (营业厅 first); the
type's own fields generated from the catalogue's FieldSpecs (ui/applications/field_widgets.py);
its documents as a checklist with the 一证受理 commitment; a remark; the promised completion
date computed live (``applications.promise_for``, 暂定 while a year's holidays are not
entered). Enter moves from field to field, Ctrl+Enter accepts (Enter on the remark too).

On accept the service answers on the task runner:

* ValidationErrors: each message under its field, nothing saved;
* PreconditionsNotMet: every reason in the reasons box (those about a field under it too); an
  arrears reason offers 先收费 (F6), the ``take_payment`` of the payments feature; once a payment
  for the customer is announced (``Change.PAYMENTS``), Ctrl+Enter accepts again;
* OverrideRequired (a new holder's ID number that fails its check but is well formed, and nothing
  else wrong): 主管授权 opens the approval dialog (ui/approval_dialog.py); the form resubmits
  with it, and a refusal reopens it with the reason;
* success: the dialog closes, ``Change.APPLICATIONS`` is announced, ``report`` tells the number
  and the promised date (and the customer manager a large customer's application goes to),
  the 业务受理回执 preview opens (Ctrl+P prints and logs the copy, Esc closes), then the
  用电申请表 preview (Ctrl+P, or Esc when the customer needs none); with a customer display
  (``ctx.customer_display``) the number and the promised date show there at once, and the
  satisfaction rating is asked after the previews (docs/rules.md#satisfaction-rating).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.applications import (
    ApplicationCatalogue,
    BusinessType,
    PreconditionsNotMet,
    Reason,
    ReasonCode,
)
from app.domain.applications.machine import CHANNELS, REASON_MAX
from app.domain.codes import DocType, FieldKind, RatingKind
from app.domain.customers import HIGH_VOLTAGE, KINDS, VOLTAGE_LEVELS
from app.domain.errors import AuthenticationFailed, OverrideRequired, PermissionDenied, ValidationErrors
from app.domain.money import format_yuan
from app.dto.customers import CustomerView
from app.services import applications as application_service
from app.services import customers as customer_service
from app.services.applications import AcceptApplication, AcceptedApplication, Promise
from app.services.customers import SupervisorApproval, TariffOption
from app.write_path.oplog import uuid7
from ui.applications.field_widgets import DocumentChecklist, TypeField, make_field, tariff_choices
from ui.applications.printing import ApplicationDocuments
from ui.approval_dialog import ApprovalDialog
from ui.changes import Change, Changes
from ui.context import UiContext
from ui.customer_facing import DoneTransaction
from ui.drafts import APPLICATION, Draft, DraftKeeper, store_for
from ui.forms import confirm_buttons
from ui.i18n import fill, localize
from ui.palette import restyle
from ui.tasks import Failure, show_failure
from ui.widgets import (
    EnterNavigator,
    ErrorLabel,
    FormField,
    alive,
    clear_errors,
    fit_combo_to_items,
    heading,
    muted_label,
)

#: (text, error) -> None: where the outcome is told (the customer view's status line)
Report = Callable[[str, bool], None]
#: the payments feature's F6 (ui/payments/customer_hook.CustomerPayments.take_payment)
TakePayment = Callable[[], None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("AcceptDialog", text)


def types_for(catalogue: ApplicationCatalogue, customer: CustomerView | None) -> list[BusinessType]:
    """The types the form offers: with a customer, those allowed for his kind and the
    new-connection ones; without, only the new-connection ones. In catalogue order."""
    if customer is None:
        return [t for t in catalogue.types if t.new_customer]
    return [t for t in catalogue.types if t.new_customer or customer.kind in t.kinds]


@dataclass(frozen=True)
class FormData:
    """What the form needs read before it opens (on the task runner)."""

    catalogue: ApplicationCatalogue
    tariffs: tuple[TariffOption, ...]


class AcceptDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        data: FormData,
        customer: CustomerView | None,
        parent: QWidget | None = None,
        *,
        take_payment: TakePayment | None = None,
        type_code: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("acceptDialog")
        self.setWindowTitle(self.tr("业务受理"))
        self.setModal(True)
        self.setMinimumWidth(680)
        self.ctx = ctx
        self.catalogue = data.catalogue
        self.tariffs = data.tariffs
        self.customer = customer
        self.take_payment = take_payment
        self.types = types_for(self.catalogue, customer)
        self.accepted_application: AcceptedApplication | None = None
        #: once per form, and kept with its draft: a second Ctrl+Enter, a retry or the draft
        #: restored after a crash that came just after the acceptance accepts it once (the service
        #: answers with the application already accepted)
        self.request_id: uuid.UUID = uuid7()
        #: the handling time's start: when the customer view first showed the customer (set by
        #: the caller), else when this form opened (a new customer)
        self.served_since: dt.datetime = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.busy = False
        self.promise: Promise | None = None
        self.reasons: tuple[Reason, ...] = ()
        self._promise_generation = 0
        self._approval: SupervisorApproval | None = None
        self._approval_for: dict[str, str] = {}
        self._approval_user = ""
        self._approval_reason = ""
        self._override_message = ""
        self._navigator: EnterNavigator | None = None
        self.type_fields: dict[str, TypeField] = {}
        self.checklist: DocumentChecklist | None = None
        self._type_rows: list[QWidget] = []

        self._build()
        ctx.changes.changed.connect(self._data_changed)
        self.type_combo.currentIndexChanged.connect(lambda _i: self._type_chosen())
        if type_code is not None and self.type_combo.findData(type_code) >= 0:
            self.type_combo.setCurrentIndex(self.type_combo.findData(type_code))  # offered by another screen
        self._type_chosen()
        self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)
        #: kept on disk as it is typed (ui/drafts.py), until accepted or cancelled
        self.draft = DraftKeeper(store_for(ctx), APPLICATION, self, self._draft_fields,
                                 context=self._draft_context, summary=self._draft_summary)

    # -- building ----------------------------------------------------------------------
    def _customer_line(self) -> str:
        c = self.customer
        if c is None:
            return self.tr("新客户（未建档）：只可受理新装、临时用电")
        return fill(
            self.tr("户号 %1　%2　%3　%4 %5 kVA"),
            c.account_no,
            c.name,
            localize(KINDS.get(c.kind, c.kind)),
            VOLTAGE_LEVELS.get(c.voltage_level, c.voltage_level),
            c.capacity_kva,
        )

    def _build(self) -> None:
        title = heading(self.tr("业务受理"), 18, parent=self)
        self.customer_label = QLabel(self._customer_line(), self)
        self.customer_label.setObjectName("acceptCustomer")
        self.manager_label = QLabel(self)
        self.manager_label.setObjectName("acceptManager")
        self.manager_label.setWordWrap(True)
        restyle(self.manager_label, role="caution", strong=True)
        if self.customer is not None and self.customer.large_customer:
            manager = self.customer.customer_manager
            self.manager_label.setText(
                fill(self.tr("大客户：受理后转客户经理 %1 办理"), manager)
                if manager
                else self.tr("大客户：档案中尚未指定客户经理")
            )
        self.manager_label.setVisible(bool(self.manager_label.text()))

        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("acceptType")
        for t in self.types:
            self.type_combo.addItem(localize(t.name), t.code)
        self.type_combo.setMaxVisibleItems(20)
        fit_combo_to_items(self.type_combo, 60)
        self.channel_combo = QComboBox(self)
        self.channel_combo.setObjectName("acceptChannel")
        for code, label in CHANNELS.items():
            self.channel_combo.addItem(localize(label), code)
        self.applicant_edit = QLineEdit(self)
        self.applicant_edit.setObjectName("acceptApplicant")
        self.applicant_edit.setMaxLength(application_service.APPLICANT_MAX)
        self.applicant_edit.setPlaceholderText(self.tr("申请人姓名或单位名称"))
        if self.customer is not None:
            self.applicant_edit.setText(self.customer.name)
        self.remark_edit = QLineEdit(self)
        self.remark_edit.setObjectName("acceptRemark")
        self.remark_edit.setMaxLength(REASON_MAX)
        self.remark_edit.setPlaceholderText(self.tr("选填"))

        self.fields: dict[str, FormField] = {
            "channel": FormField(self.channel_combo, self),
            "applicant_name": FormField(self.applicant_edit, self),
        }
        self.documents_field = FormField(QWidget(self), self)  # the checklist comes with the type
        self.remark_field = FormField(self.remark_edit, self)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setVerticalSpacing(6)
        self.form.addRow(self.tr("业务类型"), self.type_combo)
        self.form.addRow(self.tr("受理渠道"), self.fields["channel"])
        self.form.addRow(self.tr("申请人"), self.fields["applicant_name"])
        self.documents_row_label = QLabel(self.tr("申请资料"), self)
        self.form.addRow(self.documents_row_label, self.documents_field)
        self.form.addRow(self.tr("备注"), self.remark_field)

        self.promise_label = QLabel(self)
        self.promise_label.setObjectName("acceptPromise")
        restyle(self.promise_label, role="accent", strong=True)
        self.promise_label.setStyleSheet("QLabel#acceptPromise { font-weight: bold; font-size: 14px; }")
        self.docs_hint = muted_label("", self)
        self.docs_hint.setObjectName("acceptDocsHint")
        self.docs_hint.setWordWrap(True)

        self.reasons_label = QLabel(self)
        self.reasons_label.setObjectName("acceptReasons")
        self.reasons_label.setProperty("role", "errorBox")
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setTextFormat(Qt.TextFormat.PlainText)
        self.reasons_label.hide()
        self.pay_button = QPushButton(self.tr("先收费 (F6)"), self)
        self.pay_button.setObjectName("acceptPay")
        self.pay_button.setAutoDefault(True)
        self.pay_button.clicked.connect(self.pay_first)
        self.pay_button.hide()
        self.approve_button = QPushButton(self.tr("主管授权…"), self)
        self.approve_button.setObjectName("acceptApprove")
        self.approve_button.setAutoDefault(True)
        self.approve_button.clicked.connect(lambda: self.ask_approval())
        self.approve_button.hide()
        self.error_line = ErrorLabel(self)

        self.status = QLabel(self)
        self.status.setObjectName("acceptStatus")
        self.status.setWordWrap(True)
        self.accept_button, self.cancel_button, buttons = confirm_buttons(
            self,
            self.status,
            self.tr("取消"),
            self.tr("受理 (Ctrl+Enter)"),
            self.submit,
            name="accept",
            confirm_width=150,
        )
        self.accept_button.setStyleSheet("text-transform: none;")  # qt-material capitalises; keep "Ctrl+Enter"
        buttons.insertWidget(1, self.approve_button)
        buttons.insertWidget(2, self.pay_button)
        QShortcut(QKeySequence(Qt.Key.Key_F6), self).activated.connect(self.pay_first)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.customer_label)
        layout.addWidget(self.manager_label)
        layout.addLayout(self.form)
        layout.addWidget(self.docs_hint)
        layout.addWidget(self.promise_label)
        layout.addWidget(self.reasons_label)
        layout.addWidget(self.error_line)
        layout.addStretch(1)
        layout.addLayout(buttons)

    # -- the type ----------------------------------------------------------------------
    @property
    def btype(self) -> BusinessType:
        return self.catalogue.get(str(self.type_combo.currentData()))

    def _type_chosen(self) -> None:
        btype = self.btype
        for widget in self._type_rows:
            self.form.removeRow(widget)  # deletes the row's label and editor
        self._type_rows = []
        self.type_fields = {}
        kind = self.customer.kind if self.customer is not None else ""
        voltage = self.customer.voltage_level if self.customer is not None else ""
        if "高压" in btype.name:  # 高压新装: the customer's low voltage would be refused
            voltage = min(HIGH_VOLTAGE, key=lambda v: list(VOLTAGE_LEVELS).index(v))
        row = 3  # after 业务类型, 受理渠道, 申请人
        for spec in btype.fields:
            field = make_field(spec, btype, self, tariffs=self.tariffs, kind=kind, voltage=voltage)
            label = (
                localize(spec.label) if spec.required else fill(self.tr("%1（选填）"), localize(spec.label))
            )
            self.form.insertRow(row, label, field)
            field.show()  # now, not when the layout gets round to it: Enter may come first
            row += 1
            self._type_rows.append(field)
            self.type_fields[spec.name] = field
        if btype.variant_field and btype.variant_field in self.type_fields:
            self.type_fields[btype.variant_field].changed.connect(self._refresh_promise)
        new_kind = next(
            (f for f in self.type_fields.values() if f.spec.kind == FieldKind.CUSTOMER_KIND), None
        )
        tariff = next((f for f in self.type_fields.values() if f.spec.kind == FieldKind.TARIFF), None)
        if new_kind is not None and tariff is not None:
            new_kind.changed.connect(
                lambda: tariff.set_choices(
                    tariff_choices(self.tariffs, new_kind.value() or kind), empty=self.tr("请选择电价")
                )
            )
        # the documents
        old = self.documents_field.editor
        self.checklist = DocumentChecklist(btype, self.catalogue, self.documents_field)
        holder = self.documents_field.layout()
        assert holder is not None
        holder.replaceWidget(old, self.checklist)
        old.hide()  # deleted only when the event loop it was replaced in gets back (a restored
        old.deleteLater()  # draft changes the type before the dialog's exec(): it would show till then)
        self.documents_field.editor = self.checklist
        self.checklist.show()
        boxes = self.checklist.checkboxes()
        if boxes:  # every type asks for a document; the focus goes to the first
            self.documents_field.setFocusProxy(boxes[0])
        self.checklist.changed.connect(self._documents_changed)
        self.fields = {
            "channel": self.fields["channel"],
            "applicant_name": self.fields["applicant_name"],
            **self.type_fields,
            "documents": self.documents_field,
            "remark": self.remark_field,
        }
        self.form.setRowVisible(self.fields["applicant_name"], btype.new_customer)
        self._navigate()
        self._clear_outcome()
        self._documents_changed()
        self._refresh_promise()
        self.adjustSize()
        draft: DraftKeeper | None = getattr(self, "draft", None)
        if draft is not None:
            draft.watch(self)  # the type's own editors are new

    def _navigate(self) -> None:
        """Enter from field to field in the form's order (past a prefilled applicant); on the
        remark it accepts."""
        if self._navigator is not None:
            for widget in self._navigator.widgets:
                if alive(widget):
                    widget.removeEventFilter(self._navigator)
            self._navigator.deleteLater()
        order: list[QWidget] = [self.type_combo, self.channel_combo]
        if self.customer is None:  # typed; with a customer it is prefilled (Tab reaches it)
            order.append(self.applicant_edit)
        order += [f.editor for f in self.type_fields.values()]
        order += self.checklist.checkboxes() if self.checklist is not None else []
        order.append(self.remark_edit)
        self._navigator = EnterNavigator(order, self.submit, self)

    def _documents_changed(self) -> None:
        if self.checklist is None:
            return
        missing = self.checklist.missing()
        if not missing:
            self.docs_hint.setText(self.tr("资料齐全"))
            return
        names = "、".join(localize(self.catalogue.documents[d].name) for d in missing)
        if self.btype.one_id_acceptance:
            self.docs_hint.setText(
                fill(self.tr("缺：%1　（收到身份证明并签署一证受理承诺书后可先受理）"), names)
            )
        else:
            self.docs_hint.setText(fill(self.tr("缺：%1　（资料齐全后方可受理）"), names))

    # -- the promise -------------------------------------------------------------------
    def _variant(self) -> str:
        name = self.btype.variant_field
        return self.type_fields[name].value() if name and name in self.type_fields else ""

    def _refresh_promise(self) -> None:
        self._promise_generation += 1
        generation = self._promise_generation
        code, variant = self.btype.code, self._variant()
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.promise_label.setText(self.tr("承诺办结日期：计算中…"))
        self.ctx.tasks.run(
            lambda: application_service.promise_for(db, actor, code, variant),
            self._promised,
            stale=lambda: not alive(self) or generation != self._promise_generation,
            failure=Failure(status=self.promise_label.setText, what="computing the promised date"),
        )

    def _promised(self, promise: Promise) -> None:
        self.promise = promise
        text = fill(
            self.tr("承诺办结日期：%1（%2个工作日）"), promise.promised_date.isoformat(), promise.limit_days
        )
        if promise.provisional:
            text += self.tr("　暂定：所跨年份的节假日尚未录入")
        self.promise_label.setText(text)

    # -- submitting --------------------------------------------------------------------
    def _id_values(self) -> dict[str, str]:
        return {
            name: f.value()
            for name, f in self.type_fields.items()
            if f.spec.kind == FieldKind.ID_NUMBER
            or (
                f.spec.kind == FieldKind.CHOICE
                and any(g.spec.id_type_field == name for g in self.type_fields.values())
            )
        }

    def command(self) -> AcceptApplication:
        btype = self.btype
        assert self.checklist is not None
        approval = self._approval if self._approval_for == self._id_values() else None
        return AcceptApplication(
            type_code=btype.code,
            customer_id=None if btype.new_customer or self.customer is None else self.customer.id,
            values={name: f.value() for name, f in self.type_fields.items()},
            documents=self.checklist.received(),
            commitment_signed=self.checklist.commitment_signed(),
            channel=str(self.channel_combo.currentData()),
            applicant_name=self.applicant_edit.text().strip() if btype.new_customer else "",
            remark=self.remark_edit.text().strip(),
            approval=approval,
            served_since=self.served_since,
            request_id=self.request_id,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.accept_button.setEnabled(not busy)
        self.type_combo.setEnabled(not busy)  # the answer must come back to the form it was sent from
        self.status.setText(self.tr("正在受理…") if busy else "")

    def _clear_outcome(self) -> None:
        clear_errors(self.fields, self.error_line)
        self.reasons = ()
        self.reasons_label.hide()
        self.pay_button.hide()
        self.approve_button.hide()
        restyle(self.status, role="muted", strong=False)
        self.status.setText("")

    def submit(self) -> None:
        if self.busy:
            return
        cmd = self.command()
        self._clear_outcome()
        self._set_busy(True)
        # the draft on disk as sent now: restored after a crash, it is this request again
        self.draft.flush()
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(
            lambda: application_service.accept_application(db, actor, cmd),
            self._accepted,
            lambda exc: self._failed(exc, cmd.approval),
            stale=lambda: not alive(self),
        )

    def _accepted(self, accepted: AcceptedApplication) -> None:
        self._set_busy(False)
        self.accepted_application = accepted
        self.draft.discard()
        self.accept()

    def _failed(self, exc: BaseException, approval: SupervisorApproval | None) -> None:
        # Not the runner's default: the reasons box with 先收费, the approval prompt (reopened
        # when the supervisor's credentials or reason are refused); the rest is show_failure's.
        self._set_busy(False)
        if isinstance(exc, PreconditionsNotMet):
            self._show_reasons(exc)
        elif isinstance(exc, OverrideRequired):
            self._override_message = exc.message
            field = self.fields.get(exc.field)
            if field is not None:
                field.set_error(exc.message)
            self.approve_button.show()
            self.approve_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(self.tr("证件号码校验未通过：核对原件无误后，请值班长授权（按 Enter）"), error=True)
        elif isinstance(exc, ValidationErrors) and "override_reason" in exc.by_field():
            rest = [e for e in exc.errors if e.field != "override_reason"]
            if rest:
                show_failure(ValidationErrors(rest), self._failure())
            self._approval = None
            self.ask_approval(exc.by_field()["override_reason"])
        elif isinstance(exc, AuthenticationFailed | PermissionDenied) and approval is not None:
            self._approval = None
            self.approve_button.show()
            self.ask_approval(fill(self.tr("授权未通过：%1"), localize(exc.message)))
        else:
            show_failure(exc, self._failure())

    def _failure(self) -> Failure:
        return Failure(fields=self.fields, label=self.error_line, what="accepting an application")

    def _say(self, text: str, error: bool = False) -> None:
        restyle(self.status, role="error" if error else "ok", strong=True)
        self.status.setText(text)

    def _show_reasons(self, exc: PreconditionsNotMet) -> None:
        self.reasons = exc.reasons
        self._list_reasons()
        for reason in exc.reasons:
            if reason.field and reason.field in self.fields:
                self.fields[reason.field].set_error(reason.message)
        arrears = next((r for r in exc.reasons if r.code == ReasonCode.ARREARS), None)
        if arrears is not None and self.take_payment is not None:
            self.pay_button.show()
            self.pay_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self._say(
                fill(
                    self.tr("客户尚欠电费 %1：按 F6 先收费，收费后再受理"),
                    format_yuan(arrears.amount_fen or 0),
                ),
                error=True,
            )
        elif arrears is not None:
            self._say(self.tr("请先在客户视图中按 F6 收清欠费，再受理"), error=True)
        else:
            first = next((r.field for r in exc.reasons if r.field and r.field in self.fields), None)
            if first is not None:
                self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def _list_reasons(self) -> None:
        lines = [self.tr("不能受理："), *("· " + localize(r.message) for r in self.reasons)]
        self.reasons_label.setText("\n".join(lines))
        self.reasons_label.setVisible(bool(self.reasons))

    # -- 先收费 --------------------------------------------------------------------------
    def pay_first(self) -> None:
        if self.take_payment is None or not self.pay_button.isVisible() or self.busy:
            return
        # The payment dialog comes after the cashier-session check (and 开班 if needed).
        self._say(self.tr("收费：收费完成后按 Ctrl+Enter 再次受理"))
        self.take_payment()

    def _data_changed(self, changes: Changes) -> None:
        if not alive(self) or self.customer is None or not changes.touches(Change.PAYMENTS, self.customer.id):
            return
        if not any(r.code == ReasonCode.ARREARS for r in self.reasons):
            return
        # A payment went through: the arrears reason goes (the service checks again on accepting,
        # and names what is still owed after a part payment).
        self.reasons = tuple(r for r in self.reasons if r.code != ReasonCode.ARREARS)
        self.pay_button.hide()
        self._list_reasons()
        self._say(self.tr("已收费。按 Ctrl+Enter 再次受理"))
        self.activateWindow()
        self.accept_button.setAutoDefault(True)
        self.accept_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- 主管授权 -----------------------------------------------------------------------
    def ask_approval(self, error: str = "") -> None:
        """The 主管授权 dialog; on OK the form resubmits with the approval."""
        message = self._override_message or self.tr("证件号码校验未通过，需值班长授权")
        dialog = ApprovalDialog(
            localize(message), self, username=self._approval_user, reason=self._approval_reason, error=error
        )
        try:
            code = self.ctx.dialogs.run(dialog)
            approval = dialog.approval() if code == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
        if approval is None:
            self.approve_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._approval_user, self._approval_reason = approval.username, approval.reason
        self._approval = approval
        self._approval_for = self._id_values()
        self.submit()

    def reject(self) -> None:
        if self.busy:
            return  # the answer is on its way: wait for it
        self.draft.discard()  # Esc / 取消: dropped on purpose (a forced log-out keeps it: done())
        super().reject()

    # -- the draft on disk (ui/drafts.py) ------------------------------------------------------
    def _draft_fields(self) -> dict[str, Any]:
        def raw(field: TypeField) -> str:
            editor = field.editor
            return editor.text() if isinstance(editor, QLineEdit) else field.value()

        checklist = self.checklist
        return {
            "type_code": self.btype.code,
            "channel": str(self.channel_combo.currentData()),
            "applicant_name": self.applicant_edit.text(),
            "values": {name: raw(f) for name, f in self.type_fields.items()},
            "documents": list(checklist.received()) if checklist is not None else [],
            "commitment": checklist.commitment_signed() if checklist is not None else False,
            "remark": self.remark_edit.text(),
        }

    def _draft_context(self) -> dict[str, str]:
        # the request id too: accepting the restored form after a crash that came just after the
        # first acceptance answers with that application instead of accepting it twice
        return {
            "customer_id": str(self.customer.id) if self.customer is not None else "",
            "request_id": str(self.request_id),
        }

    def _draft_summary(self) -> str:
        who = self.customer.name if self.customer is not None else self.applicant_edit.text().strip()
        return "　".join(part for part in (localize(self.btype.name), who) if part)

    def restore_draft(self, draft: Draft) -> None:
        """The form as the draft kept it: the type first (it brings its own fields), then the rest."""
        values = draft.fields
        index = self.type_combo.findData(values.get("type_code"))
        if index >= 0:
            self.type_combo.setCurrentIndex(index)
        channel = self.channel_combo.findData(values.get("channel"))
        if channel >= 0:
            self.channel_combo.setCurrentIndex(channel)
        self.applicant_edit.setText(str(values.get("applicant_name", self.applicant_edit.text())))
        for name, value in dict(values.get("values") or {}).items():
            if name in self.type_fields:
                self.type_fields[name].set_value(str(value))
        if self.checklist is not None:
            received = set(values.get("documents") or ())
            for code, box in self.checklist.boxes.items():
                box.setChecked(code in received)
            if self.checklist.commitment is not None:
                self.checklist.commitment.setChecked(bool(values.get("commitment")))
        self.remark_edit.setText(str(values.get("remark", "")))
        with contextlib.suppress(ValueError):
            self.request_id = uuid.UUID(draft.context.get("request_id", ""))
        self._say(fill(self.tr("已恢复%1的草稿，请与客户核对后再受理。"), draft.age_text()))


# ---- opening it --------------------------------------------------------------------------------


def _load(ctx: UiContext) -> FormData:
    actor = ctx.actor
    assert actor is not None
    catalogue = application_service.catalogue_in_force(ctx.db)
    tariffs = tuple(customer_service.tariff_options(ctx.db, actor))
    return FormData(catalogue, tariffs)


#: a dynamic property of the parent while its accept form is being read
_LOADING = "acceptFormLoading"


def accept_application_dialog(
    ctx: UiContext,
    parent: QWidget,
    customer: CustomerView | None,
    take_payment: TakePayment | None = None,
    report: Report | None = None,
    type_code: str | None = None,
    served_since: dt.datetime | None = None,
    restore: Draft | None = None,
) -> None:
    """Open the accept form for ``customer`` (None: a new customer) over ``parent``, on the type
    ``type_code`` when given and offered (the 计量装置校验 the usage insights offer): the
    catalogue and the tariffs are read first, off the UI thread. After an acceptance it
    announces ``Change.APPLICATIONS``, reports the number and the promised date, and shows the
    业务受理回执 then the 用电申请表 for printing."""

    def ignore(_text: str, _error: bool = False) -> None:
        pass

    tell: Report = report or ignore
    # F9 pressed again (key repeat, an impatient clerk) before the catalogue is read would open
    # a second form behind the first and could accept the application twice: one at a time.
    if parent.property(_LOADING):
        return
    parent.setProperty(_LOADING, True)

    def loaded() -> None:
        if alive(parent):
            parent.setProperty(_LOADING, False)

    ctx.tasks.run(
        lambda: _load(ctx),
        lambda data: _run(ctx, parent, customer, data, take_payment, tell, type_code, served_since, restore),
        always=loaded,
        stale=lambda: not alive(parent),
        failure=Failure(status=lambda text: tell(text, True), what="opening the accept form"),
    )


def _run(
    ctx: UiContext,
    parent: QWidget,
    customer: CustomerView | None,
    data: FormData,
    take_payment: TakePayment | None,
    report: Report,
    type_code: str | None = None,
    served_since: dt.datetime | None = None,
    restore: Draft | None = None,
) -> None:
    if not types_for(data.catalogue, customer):
        report(_tr("业务目录中没有可为该客户受理的业务类型"), True)
        return
    dialog = AcceptDialog(ctx, data, customer, parent, take_payment=take_payment, type_code=type_code)
    if served_since is not None:
        dialog.served_since = served_since
    if restore is not None:
        dialog.restore_draft(restore)
    try:
        ctx.dialogs.run(dialog)
        accepted = dialog.accepted_application
        type_name = localize(dialog.btype.name)
        applicant = customer.name if customer is not None else dialog.applicant_edit.text().strip()
    finally:
        dialog.deleteLater()
    if accepted is None:
        return
    ctx.changes.announce(Change.APPLICATIONS, customer_id=customer.id if customer else None)
    done = accepted_text(accepted, type_name)
    report(done, False)
    # what the previews report (printed, saved) follows the number and the date on the status line

    def after_done(text: str, error: bool = False) -> None:
        report(fill(_tr("%1；%2"), done, text), error)

    # The customer display shows the number and the promised date now; the rating is asked once
    # the documents are out (docs/rules.md#satisfaction-rating).
    display = ctx.customer_display
    rated: Callable[[], None] | None = None
    if display is not None:
        shown = DoneTransaction(RatingKind.APPLICATION, accepted.id, accepted.application_no, applicant,
                                title=type_name, promised_date=accepted.promised_date)
        display.show_done(shown)

        def rated() -> None:
            display.ask_rating(shown, parent)

    print_documents(ctx, parent, accepted.id, after_done, on_done=rated)


def restore_accept_draft(ctx: UiContext, parent: QWidget, draft: Draft, report: Report) -> None:
    """An accept form kept as a draft when the program stopped (offered after log-in): its
    customer read again, then the form opened over ``parent`` as the draft left it."""
    customer_id = draft.context.get("customer_id", "")
    if not customer_id:
        accept_application_dialog(ctx, parent, None, report=report, restore=draft)
        return
    db, actor = ctx.db, ctx.actor
    assert actor is not None
    ctx.tasks.run(
        lambda: customer_service.get_customer(db, actor, uuid.UUID(customer_id)),
        lambda customer: accept_application_dialog(ctx, parent, customer, report=report, restore=draft),
        stale=lambda: not alive(parent),
        failure=Failure(status=lambda text: report(text, True), what="reopening a kept application"),
    )


def accepted_text(accepted: AcceptedApplication, type_name: str) -> str:
    if accepted.repeated:  # the same form (a restored draft) was accepted before: nothing new
        text = fill(
            _tr("这份%1此前已受理（申请编号 %2），未重复受理；承诺办结日期 %3"),
            type_name,
            accepted.application_no,
            accepted.promised_date.isoformat(),
        )
        if accepted.provisional:
            text += _tr("（暂定）")
        return text
    text = fill(
        _tr("已受理%1，申请编号 %2，承诺办结日期 %3"),
        type_name,
        accepted.application_no,
        accepted.promised_date.isoformat(),
    )
    if accepted.provisional:
        text += _tr("（暂定）")
    if accepted.customer_manager:
        text += fill(_tr("；大客户，已转客户经理 %1"), accepted.customer_manager)
    return text


def print_documents(
    ctx: UiContext,
    parent: QWidget,
    application_id: uuid.UUID,
    report: Report,
    doc_types: Sequence[DocType] = (DocType.APPLICATION_RECEIPT, DocType.APPLICATION_FORM),
    on_done: Callable[[], None] | None = None,
) -> ApplicationDocuments:
    """Preview the documents one after the other (each: Ctrl+P prints and logs it, Esc goes on);
    ``on_done`` once the last one closed."""
    documents = ApplicationDocuments(ctx, parent, report)
    queue = list(doc_types)

    def next_document() -> None:
        if not queue or not alive(documents):
            if alive(documents):
                documents.deleteLater()
            if on_done is not None:
                on_done()
            return
        documents.show(application_id, queue.pop(0))

    documents.finished.connect(next_document)
    next_document()
    return documents
