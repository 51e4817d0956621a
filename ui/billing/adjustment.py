"""The adjustment dialog (退补, Ctrl+T on the bill tab; supervisors and admins: ``bill.adjust``).

The bill selected in the tab is the one corrected; it is never changed: ``issue_adjustment``
opens a new bill that references it. The supervisor types the amount in 元 (补收 positive,
退还 negative: text → int fen through ``parse_amount``, never a float), the kWh (0 when only the
price was wrong) and the reason, and sees what will happen before confirming.

Keys: the cursor starts in 退补金额; Enter moves to the next field (a wrong value keeps the
cursor where it is, with the message under it); Enter on 退补原因 confirms, Ctrl+Enter from
anywhere; Esc cancels. The service's refusals appear under the field they name.

The dialog sends one request at a time, all with the same request id (the new bill's id): when
an answer is lost (an unexpected error: the bill may or may not have been issued), Enter tries
again safely — the service returns the bill already issued instead of a second one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import unicodedata
import uuid

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import (
    AuthenticationFailed,
    DomainError,
    OverrideRequired,
    PermissionDenied,
    ValidationError,
    ValidationErrors,
)
from app.domain.hall_rules import HallRules
from app.domain.money import chinese_capital, parse_amount
from app.dto.billing import BillRow, BillView
from app.services import adjustments as adjustment_service
from app.services import hall_rules as hall_rules_service
from app.services.customers import SupervisorApproval
from app.services.hall_rules import HallRulesView
from app.services.permissions import SessionEnded
from ui.approval_dialog import ApprovalDialog
from ui.context import UiContext
from ui.formatting import yuan
from ui.forms import confirm_buttons
from ui.i18n import fill
from ui.palette import restyle
from ui.tasks import Failure, show_failure
from ui.widgets import ErrorLabel, FormField, alive, clear_errors, focus_editor, show_errors

log = logging.getLogger(__name__)

#: field names as the service's ValidationErrors name them
AMOUNT, KWH, REASON = "amount_fen", "kwh", "reason"
MIN_REASON = 2  # what issue_adjustment accepts
REASON_MAX = 200
_KWH = re.compile(r"[+-]?\d{1,9}")
_KWH_UNIT = re.compile(r"\s*(kwh|度)$", re.IGNORECASE)


def _fold(text: str) -> str:
    """Full-width digits and signs to ASCII, the typographic minus to '-', trimmed."""
    return unicodedata.normalize("NFKC", text or "").replace("\u2212", "-").strip()


def parse_signed_amount(text: str, label: str = "退补金额") -> int:
    """An adjustment typed in 元 → int fen: "12.5" 补收 1250, "-12.50" 退还 −1250.

    The sign may come before or after a currency sign ("¥-12", "-¥12"); the rest is
    ``parse_amount``'s (at most two decimals, thousands separators, no floats). Zero is refused.
    Raises :class:`ValidationError` on ``amount_fen``."""
    cleaned = _fold(text)
    if cleaned.startswith("¥"):
        cleaned = cleaned[1:].strip()
    sign = 1
    if cleaned.startswith(("+", "-")):
        sign = -1 if cleaned[0] == "-" else 1
        cleaned = cleaned[1:].strip()
    fen = parse_amount(cleaned, AMOUNT, label, allow_zero=True)
    if fen == 0:
        raise ValidationError(AMOUNT, f"{label}不能为零")
    return sign * fen


def kwh_sign_message(amount_fen: int, kwh: int) -> str:
    """Why ``kwh`` does not go with ``amount_fen`` (issue 6 item 19: 补收 adds kWh, 退还 takes
    them back; 0 kWh corrects only the money), or "" when it does. The service says the same."""
    if amount_fen > 0 and kwh < 0:
        return QCoreApplication.translate("AdjustmentDialog",
                                          "补收金额对应的退补电量应为正数或 0（退还电量请把金额也填为负数）")
    if amount_fen < 0 and kwh > 0:
        return QCoreApplication.translate("AdjustmentDialog",
                                          "退还金额对应的退补电量应为负数或 0，如 -20（补收电量请把金额填为正数）")
    return ""


def parse_kwh(text: str) -> int:
    """The kWh of an adjustment: a whole number, may be negative ("-20", "20 kWh", "20度")."""
    cleaned = _KWH_UNIT.sub("", _fold(text)).strip()
    if not cleaned:
        raise ValidationError(KWH, "请输入退补电量（只调电费、不调电量时填 0）")
    if not _KWH.fullmatch(cleaned):
        raise ValidationError(KWH, "退补电量应为整数 kWh，如 20 或 -20")
    return int(cleaned)


class AdjustmentDialog(QDialog):
    """``issued`` holds the new adjustment bill once the service accepted it."""

    def __init__(self, ctx: UiContext, view: BillView, bill: BillRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adjustmentDialog")
        self.ctx = ctx
        self.view = view
        self.bill = bill
        self.issued: BillRow | None = None
        self.busy = False
        self.request_id = uuid.uuid4()  # one per dialog: retries can never issue twice
        self.attempts = 0
        #: the second person's approval (退补 at or above the limit, issue 7 item 7b), kept for a retry
        self.approval: SupervisorApproval | None = None
        #: what the approval was given for (bill, amount, kWh, reason): an edited entry is not it
        self._approved_for: tuple[object, ...] | None = None
        self._sent_for: tuple[object, ...] | None = None
        self._approval_message = ""
        # What the bill totals now: the original and the adjustments issued against it so far.
        self.adjusted_fen = sum(b.amount_fen for b in view.bills if b.adjusts_bill_no == bill.bill_no)
        self.net_fen = bill.amount_fen + self.adjusted_fen
        self.setWindowTitle(fill(self.tr("退补 — 账单 %1（%2）"), bill.bill_no, bill.period))
        self.setModal(True)
        self.rules = HallRules()  # the hall's rules (due days) replace the defaults once read
        self._build()
        self.refresh()
        focus_editor(self.amount_edit)
        self._load_rules()

    def _load_rules(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None

        def loaded(view: HallRulesView) -> None:
            if alive(self):
                self.rules = view.rules
                self.refresh()

        # The hall rules only set a default here: a failed read is logged, not shown.
        self.ctx.tasks.run(lambda: hall_rules_service.get_rules(db, actor), loaded,
                           failure=Failure(what="reading the hall rules"))

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        header = self._build_header()
        self._build_fields()
        form = self._build_form()
        outcome = self._build_outcome()
        buttons = self._build_buttons()
        self._layout(header, form, outcome, buttons)

    def _build_header(self) -> list[QWidget]:
        """The heading, the customer, the facts of the bill being corrected and the sign hint."""
        view, bill = self.view, self.bill
        heading = QLabel(fill(self.tr("开具退补账单　更正 %1 电费"), bill.period), self)
        heading.setObjectName("adjustHeading")
        heading.setProperty("role", "adjust")  # the colour of adjustment bills in the bills table
        heading.setStyleSheet("QLabel#adjustHeading { font-size: 18px; font-weight: bold; }")
        customer = QLabel(fill(self.tr("%1　户号 %2"), view.name, view.account_no), self)
        customer.setObjectName("adjustCustomer")
        customer.setStyleSheet("QLabel#adjustCustomer { font-size: 15px; font-weight: bold; }")
        self.facts = QLabel("\n".join(self._fact_lines()), self)
        self.facts.setObjectName("adjustFacts")
        self.facts.setProperty("role", "ink")
        self.facts.setStyleSheet("QLabel#adjustFacts { font-size: 14px; }")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(self.tr("补收填正数，退还填负数（如 -12.50）。原账单不会被修改：退补另开一张新账单，"
                              "并记入操作日志。"), self)
        hint.setObjectName("adjustHint")
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        return [heading, customer, self.facts, hint]

    def _fact_lines(self) -> list[str]:
        """The original bill: number, period, kWh, amount, what is paid and owed, earlier 退补."""
        bill = self.bill
        facts = [fill(self.tr("原账单 %1　%2　%3 kWh　金额 %4"),
            bill.bill_no, bill.period, format(bill.kwh, ","), yuan(bill.amount_fen)),
            fill(self.tr("已缴 %1　欠费 %2　%3"), yuan(bill.paid_fen), yuan(bill.outstanding_fen),
                                                    bill.status)]
        if bill.credited_fen > 0:
            facts[-1] += fill(self.tr("　退补冲减 %1"), yuan(bill.credited_fen))
        if self.adjusted_fen:
            facts.append(fill(self.tr("已退补 %1，该账单现合计 %2"), yuan(self.adjusted_fen),
                                                                     yuan(self.net_fen)))
        return facts

    def _build_fields(self) -> None:
        """The three editors (amount, kWh, reason) and the amount in Chinese capitals."""
        self.amount_edit = self._edit("adjustAmount", 20, self.tr("补收为正，退还为负，如 -12.50"))
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.amount_edit.setStyleSheet("QLineEdit#adjustAmount { font-size: 16px; }")
        self.kwh_edit = self._edit("adjustKwh", 12, self.tr("整数，可为负；只调电费填 0"))
        self.kwh_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.kwh_edit.setText("0")
        self.reason_edit = self._edit("adjustReason", REASON_MAX, self.tr("如：抄表差错，本次示数多抄 20 kWh"))
        self.fields: dict[str, FormField] = {AMOUNT: FormField(self.amount_edit, self),
                                             KWH: FormField(self.kwh_edit, self),
                                             REASON: FormField(self.reason_edit, self)}
        self.capital_label = QLabel(self)
        self.capital_label.setObjectName("adjustCapital")
        self.capital_label.setWordWrap(True)
        self.capital_label.setProperty("role", "soft")
        # The whole field width (ExpandingFieldsGrow widens only Expanding fields): the English
        # "Extra charge RMB 叁拾伍元捌角整" must not break inside the capital amount.
        policy = self.capital_label.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
        self.capital_label.setSizePolicy(policy)

    def _build_form(self) -> QFormLayout:
        """The fields with their captions, each caption level with its field."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        form.addRow(self._caption(self.tr("退补金额（元）")), self.fields[AMOUNT])
        form.addRow(self._caption(self.tr("大写")), self.capital_label)
        form.addRow(self._caption(self.tr("退补电量（kWh）")), self.fields[KWH])
        form.addRow(self._caption(self.tr("退补原因")), self.fields[REASON])
        return form

    def _build_outcome(self) -> QFrame:
        """The box saying what confirming will do, and the limit when the bill would go below zero."""
        outcome = QFrame(self)
        outcome.setObjectName("adjustOutcomeBox")
        outcome.setProperty("panel", "adjust")  # colours: ui/palette.py
        outcome.setStyleSheet("QFrame#adjustOutcomeBox QLabel { background: transparent; }")
        outcome_title = QLabel(self.tr("确认后将："), outcome)
        outcome_title.setProperty("role", "adjust")
        outcome_title.setStyleSheet("font-weight: bold;")
        self.outcome = QLabel(outcome)
        self.outcome.setObjectName("adjustOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.limit = QLabel(outcome)  # the bill would total below zero
        self.limit.setObjectName("adjustLimit")
        self.limit.setWordWrap(True)
        self.limit.setProperty("role", "error")
        self.limit.setStyleSheet("QLabel#adjustLimit { font-weight: bold; }")
        self.limit.setVisible(False)
        outcome_layout = QVBoxLayout(outcome)
        outcome_layout.setContentsMargins(14, 8, 14, 8)
        outcome_layout.setSpacing(4)
        outcome_layout.addWidget(outcome_title)
        outcome_layout.addWidget(self.outcome)
        outcome_layout.addWidget(self.limit)
        return outcome

    def _build_buttons(self) -> QHBoxLayout:
        """The error line, the status and 取消 / 确认退补, with Ctrl+Enter to confirm."""
        self.error = ErrorLabel(self)
        self.error.setObjectName("adjustError")
        self.status = QLabel(self)
        self.status.setObjectName("adjustStatus")
        self.status.setProperty("role", "muted")
        self.confirm_button, self.cancel_button, buttons = confirm_buttons(
            self, self.status, self.tr("取消 (Esc)"), self.tr("确认退补 (Enter)"), self.submit, name="adjust",
            confirm_width=140)
        return buttons

    def _layout(self, header: list[QWidget], form: QFormLayout, outcome: QFrame, buttons: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(8)
        for widget in header:
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(outcome)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setMinimumWidth(620)
        self.resize(660, self.sizeHint().height())  # grows by itself when messages open

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text, self)
        # As tall as its field and at the top of the row: level with the field, also when a
        # message opens under the field.
        label.setFixedHeight(self.amount_edit.sizeHint().height())
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _edit(self, name: str, max_length: int, placeholder: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setMaxLength(max_length)
        edit.setPlaceholderText(placeholder)
        edit.installEventFilter(self)
        edit.textEdited.connect(lambda _text, e=edit: self._edited(e))
        return edit

    # -- live feedback -----------------------------------------------------------------
    def _field_of(self, edit: QLineEdit) -> str:
        return {self.amount_edit: AMOUNT, self.kwh_edit: KWH}.get(edit, REASON)

    def _edited(self, edit: QLineEdit) -> None:
        # A message under a field goes away as soon as it is corrected.
        self.fields[self._field_of(edit)].set_error("")
        self.error.set_message("")
        self.refresh()

    def amount_fen(self) -> int | None:
        try:
            return parse_signed_amount(self.amount_edit.text())
        except ValidationError:
            return None

    def refresh(self) -> None:
        """The capitals and what will happen, from what is typed now."""
        amount = self.amount_fen()
        if amount is None:
            self.capital_label.setText("—")
            self.outcome.setText(self.tr("输入退补金额后，这里显示新账单和对欠费、预存的影响。"))
            restyle(self.outcome, role="muted")
            self.limit.setVisible(False)
            return
        what = self.tr("补收") if amount > 0 else self.tr("退还")
        self.capital_label.setText(fill(self.tr("%1 人民币%2"), what, chinese_capital(abs(amount))))
        try:
            kwh = parse_kwh(self.kwh_edit.text())
            kwh_text = fill(self.tr("%1 kWh"), format(kwh, "+,")) if kwh else self.tr("电量不变")
        except ValidationError:
            kwh_text = self.tr("电量待填")
        due = dt.date.today() + dt.timedelta(days=self.rules.bill_due_days)
        view = self.view
        lines = [fill(self.tr("新开退补账单（%1）%2，%3，缴费截止 %4"),
            what, yuan(abs(amount)), kwh_text, due.isoformat())]
        if amount > 0:
            line = fill(self.tr("客户欠费增加 %1"), yuan(amount))
            if view.prepaid_fen > 0:
                line += fill(self.tr("；客户预存 %1，将先行抵扣"), yuan(view.prepaid_fen))
            lines.append(line)
        else:
            # issue 6 item 19: a credit lowers what is due on this bill; it is not a payment
            on_bill = min(-amount, max(self.bill.outstanding_fen, 0))
            rest = -amount - on_bill
            if on_bill:
                lines.append(fill(self.tr("冲减该账单欠费 %1（现欠 %2 → %3），不计为客户缴费"),
                    yuan(on_bill), yuan(self.bill.outstanding_fen),
                    yuan(self.bill.outstanding_fen - on_bill)))
            if rest:
                what_rest = fill(self.tr("其余 %1"), yuan(rest)) if on_bill else \
                    fill(self.tr("该账单已无欠费，退还的 %1"), yuan(rest))
                if view.arrears_fen - on_bill > 0:
                    lines.append(fill(self.tr("%1先冲抵该户其他未结清的账单，再转入预存"), what_rest))
                else:
                    lines.append(fill(self.tr("%1转入预存"), what_rest))
        after = self.net_fen + amount
        lines.append(fill(self.tr("账单 %1 合计：%2 → %3（原账单不变）"),
            self.bill.bill_no, yuan(self.net_fen), yuan(after)))
        self.outcome.setText("\n".join(lines))
        restyle(self.outcome, role="ok" if amount < 0 else "ink")
        # The service refuses this too (and says so under the amount); shown early here.
        self.limit.setText(fill(self.tr("退补后该账单金额为负：最多可退 %1"), yuan(self.net_fen)))
        self.limit.setVisible(after < 0)

    def error_text(self, name: str) -> str:
        if name == "general":
            return self.error.text() if not self.error.isHidden() else ""
        return self.fields[name].error_text()

    # -- keyboard ----------------------------------------------------------------------
    def _order(self) -> list[QLineEdit]:
        return [self.amount_edit, self.kwh_edit, self.reason_edit]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if event.type() != QEvent.Type.KeyPress or watched not in self._order():
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        self._enter(watched)  # type: ignore[arg-type]
        return True

    def _enter(self, edit: QLineEdit) -> None:
        if self.busy:
            return
        if edit is self.reason_edit:
            self.submit()
            return
        name = self._field_of(edit)
        try:
            parse_signed_amount(edit.text()) if name == AMOUNT else parse_kwh(edit.text())
        except ValidationError as exc:
            self.fields[name].set_error(exc.message)
            focus_editor(edit)
            return
        if name == KWH:
            message = self._sign_message()
            if message:
                self.fields[KWH].set_error(message)
                focus_editor(edit)
                return
        self.fields[name].set_error("")
        order = self._order()
        focus_editor(order[order.index(edit) + 1])

    def _sign_message(self) -> str:
        """The kWh sign against the amount, when both are typed (else "")."""
        amount = self.amount_fen()
        try:
            kwh = parse_kwh(self.kwh_edit.text())
        except ValidationError:
            return ""
        return "" if amount is None else kwh_sign_message(amount, kwh)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focusWidget() is self.confirm_button:
            self.submit()
            return
        super().keyPressEvent(event)

    # -- submit ------------------------------------------------------------------------
    def entry(self) -> adjustment_service.IssueAdjustment | ValidationErrors:
        """The command from the form, or every field's complaint."""
        errors: list[ValidationError] = []
        amount = kwh = 0
        try:
            amount = parse_signed_amount(self.amount_edit.text())
        except ValidationError as exc:
            errors.append(exc)
        try:
            kwh = parse_kwh(self.kwh_edit.text())
        except ValidationError as exc:
            errors.append(exc)
        else:
            if not any(e.field == AMOUNT for e in errors) and self._sign_message():
                errors.append(ValidationError(KWH, self._sign_message()))
        reason = " ".join(self.reason_edit.text().split())
        if len(reason) < MIN_REASON:
            errors.append(ValidationError(REASON, fill(self.tr("请填写退补原因（至少%1个字）"), MIN_REASON)))
        if errors:
            return ValidationErrors(errors)
        return adjustment_service.IssueAdjustment(bill_id=self.bill.id, amount_fen=amount, kwh=kwh, reason=reason,
                                               request_id=self.request_id)

    def submit(self) -> None:
        if self.busy or self.issued is not None:
            return  # a second Enter while the first is in flight issues nothing
        cmd = self.entry()
        if isinstance(cmd, ValidationErrors):
            show_errors(self.fields, cmd, self.error)
            return
        clear_errors(self.fields, self.error)
        entry = (cmd.bill_id, cmd.amount_fen, cmd.kwh, cmd.reason)
        if self.approval is not None and entry != self._approved_for:
            # The supervisor approved another entry (the clerk edited it since): four eyes
            # must see this one, so the service asks again.
            self.approval = None
            self._approved_for = None
        if self.approval is not None:
            cmd = dataclasses.replace(cmd, approval=self.approval)
        self._sent_for = entry
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self._set_busy(True)
        self.attempts += 1
        self.ctx.tasks.run(lambda: adjustment_service.issue_adjustment(db, actor, cmd),
                           self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.confirm_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.confirm_button.setText(self.tr("正在开具…") if busy else self.tr("确认退补 (Enter)"))
        for edit in self._order():
            edit.setReadOnly(busy)
        self.status.setText(self.tr("正在保存，请稍候…") if busy else "")

    def _done(self, row: BillRow) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        self.issued = row
        self.confirm_button.setEnabled(False)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            log.warning("adjustment of %s failed after its dialog closed: %s", self.bill.bill_no, exc)
            return
        self._set_busy(False)
        # Beyond the runner's display: a large 退补 reopens the approval prompt, and an
        # unexpected error leaves the outcome unknown, so the clerk is told to retry the same
        # request (it cannot be issued twice).
        if isinstance(exc, OverrideRequired):
            self._approval_message = exc.message
            self.ask_approval()
            return
        if (self.approval is not None and isinstance(exc, AuthenticationFailed | PermissionDenied)
                and not isinstance(exc, SessionEnded)):
            self.ask_approval(exc.message)  # a wrong password, or the approver may not approve: ask again
            return
        if not isinstance(exc, DomainError):
            log.error("issuing an adjustment of %s failed", self.bill.bill_no, exc_info=exc)
            self.error.set_message(fill(self.tr("退补结果未确认（%1）。请按 Enter 重试：同一笔退补不会重复开具。"),
                                   type(exc).__name__))
            self.confirm_button.setFocus()
            return
        show_failure(exc, Failure(self.fields, self.error, what="issuing an adjustment"))
        if self.error.text():  # not a field's error: Enter on 确认 tries again
            self.confirm_button.setFocus()

    def ask_approval(self, error: str = "") -> None:
        """主管授权 for a large 退补: another supervisor types their password here; on OK the
        same request (same id) is sent again with the approval."""
        previous = self.approval
        dialog = ApprovalDialog(self._approval_message, self, username=previous.username if previous else "",
                                reason=previous.reason if previous else " ".join(self.reason_edit.text().split()),
                                error=error)
        try:
            code = self.ctx.dialogs.run(dialog)
            approval = dialog.approval() if code == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
        if approval is None:
            self.approval = None
            self._approved_for = None
            self.error.set_message(self._approval_message)
            self.confirm_button.setFocus()
            return
        self.approval = approval
        self._approved_for = self._sent_for  # the entry the supervisor was asked about
        self.submit()

    # -- closing -----------------------------------------------------------------------
    def reject(self) -> None:
        if self.busy:
            self.status.setText(self.tr("正在保存，请稍候…"))
            return
        super().reject()

    def done(self, code: int) -> None:
        if self.busy:
            return
        super().done(code)
