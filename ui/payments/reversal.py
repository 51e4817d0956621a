"""冲正 / 退费 of a payment: reason code and text, the supervisor authenticates on this screen.

The dialog itself calls the service (off the UI thread) and shows every refusal inside itself:
a wrong password under the password, a clerk who tries to approve under the user name, a rule
(reversed already, session closed, prepaid used since) above the buttons. When the original
session has closed, a reversal is refused by the service; the dialog then offers 退费 with the
same form. ``request_id`` is made once: a retry never undoes a payment twice.

A refund's money leaves the clerk's own open session, so a 退费 first checks that there is
one (off the UI thread) and, without it, says so in refund words and asks for nothing: no
reason, no supervisor password typed for a refund that must fail.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
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

from app.domain.codes import PaymentKind
from app.domain.errors import (
    AuthenticationFailed,
    DomainError,
    PermissionDenied,
    RuleViolation,
)
from app.dto.cashier import SessionRow
from app.dto.payments import PaymentRow, Receipt
from app.services import cashier as cashier_service
from app.services import payments as payment_service
from app.services.customers import SupervisorApproval
from app.write_path.oplog import uuid7
from ui.context import UiContext
from ui.formatting import yuan
from ui.i18n import fill, localize
from ui.tasks import Failure, show_failure
from ui.widgets import ErrorLabel, FormField, alive, fit_combo_to_items, focus_editor

log = logging.getLogger(__name__)

MIN_REASON = 2


class ReversalDialog(QDialog):
    def __init__(self, ctx: UiContext, payment: PaymentRow, parent: QWidget | None = None,
                 kind: str = PaymentKind.REVERSAL) -> None:
        super().__init__(parent)
        self.setObjectName("reversalDialog")
        self.ctx = ctx
        self.payment = payment
        self.kind = kind
        self.request_id: uuid.UUID = uuid7()
        self.receipt: Receipt | None = None
        self.busy = False
        self.attempts = 0
        self.session_checked = kind != PaymentKind.REFUND  # a refund first checks the clerk's open session
        self._focus_after_check: QWidget | None = None
        self.no_session = False
        self.setModal(True)
        self.setMinimumWidth(520)

        facts = self._build_heading()
        form = self._build_form()
        buttons = self._build_buttons()
        self._layout(facts, form, buttons)

        self._order: list[QWidget] = [self.reason_code, self.reason, self.username, self.password]
        for widget in self._order:
            widget.installEventFilter(self)
        self._show_kind()
        self.reason_code.setFocus()
        if self.kind == PaymentKind.REFUND:
            self._check_session()

    def _build_heading(self) -> QLabel:
        """冲正 / 退费 and the amount, the payment's receipt facts, and what happens (``explain``)."""
        payment = self.payment
        self.heading = QLabel(self)
        self.heading.setObjectName("reversalHeading")
        self.heading.setStyleSheet("QLabel#reversalHeading { font-size: 18px; font-weight: bold; }")
        facts = QLabel(fill(self.tr("收据 %1　%2　金额 %3\n收款方式：%4　收费员：%5"),
            payment.receipt_no, format(payment.posted_at, "%Y-%m-%d %H:%M"), yuan(payment.amount_fen), payment.tenders or "—",
            payment.posted_by), self)
        facts.setObjectName("reversalFacts")
        facts.setStyleSheet("QLabel#reversalFacts { font-size: 14px; }")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.explain.setProperty("role", "muted")
        return facts

    def _build_form(self) -> QFormLayout:
        """The reason (code and text) and the supervisor's user name and password."""
        self.reason_code = QComboBox(self)
        self.reason_code.setObjectName("reasonCode")
        for code, label in payment_service.REASON_CODES.items():
            self.reason_code.addItem(self.tr(label), code)
        fit_combo_to_items(self.reason_code)  # 金额错误, 重复收费, 客户要求 in full
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reasonText")
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("如：客户报错户号，钱款当面退回"))
        self.username = QLineEdit(self)
        self.username.setObjectName("supervisorUser")
        self.username.setPlaceholderText(self.tr("值班长用户名"))
        self.password = QLineEdit(self)
        self.password.setObjectName("supervisorPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("值班长密码"))
        self.fields = {"reason_code": FormField(self.reason_code, self), "reason": FormField(self.reason, self),
                       "username": FormField(self.username, self), "password": FormField(self.password, self)}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("原因"), self.fields["reason_code"])
        form.addRow(self.tr("原因说明"), self.fields["reason"])
        form.addRow(self.tr("授权人"), self.fields["username"])
        form.addRow(self.tr("授权密码"), self.fields["password"])
        return form

    def _build_buttons(self) -> QHBoxLayout:
        """The error line and 取消 / 确认冲正 (the confirm text follows the kind: ``_show_kind``).
        A row of its own kind (ui/forms.py): no default button, as in ``confirm_buttons``, but
        neither a status line nor Ctrl+Enter, as a form that commits money with an approver's
        password."""
        self.error = ErrorLabel(self)
        self.error.setObjectName("reversalError")
        self.ok_button = QPushButton(self)
        self.ok_button.setObjectName("reversalOk")
        self.ok_button.setAutoDefault(False)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("取消 (Esc)"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        return buttons

    def _layout(self, facts: QLabel, form: QFormLayout, buttons: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(facts)
        layout.addWidget(self.explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def _show_kind(self) -> None:
        refund = self.kind == PaymentKind.REFUND
        what = self.tr("退费") if refund else self.tr("冲正")
        self.setWindowTitle(fill(self.tr("%1 — 收据 %2"), what, self.payment.receipt_no))
        self.heading.setText(fill(self.tr("%1：%2"), what, yuan(self.payment.amount_fen)))
        self.ok_button.setText(fill(self.tr("确认%1"), what))
        if refund:
            self.explain.setText(self.tr("原收费所在班次已结班，办理退费：款项从本人当前班次的钱箱退出，"
                                         "并打印退费凭证。需值班长在本机输入账号和密码授权。"))
        else:
            self.explain.setText(self.tr("冲正将撤销这笔收费（账单恢复为未缴，预存退回），款项从原收费班次的钱箱退出，"
                                         "并打印冲正凭证。需值班长在本机输入账号和密码授权。"))

    # -- the refund's session --------------------------------------------------------
    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in self._order:
            widget.setEnabled(enabled)
        self.ok_button.setEnabled(enabled and not self.busy)

    def _check_session(self, then_focus: QWidget | None = None) -> None:
        """退费 pays out of the clerk's own open session: check it before asking for anything."""
        self._focus_after_check = then_focus or self.reason_code
        self.session_checked = False
        self._set_form_enabled(False)
        self.error.set_message("")
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        ctx.tasks.run(lambda: cashier_service.current_session(ctx.db, actor), self._session_answered,
                      self._session_check_failed)

    def _session_answered(self, session: SessionRow | None) -> None:
        if not alive(self):
            return
        self.session_checked = True
        self.no_session = session is None
        if session is None:
            self.error.set_message(self.tr(
                "您还没有开班，不能办理退费：退费的款项要从您本人当前收费班次的钱箱退给客户。"
                "请按 Esc 关闭，先开班（F7）并登记备用金，再办理退费。"))
            self.cancel_button.setFocus()
            return
        self._set_form_enabled(True)
        focus_editor(self._focus_after_check)

    def _session_check_failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        log.warning("checking the cashier session before a refund failed: %s", exc)
        self.session_checked = True  # the service checks again when the refund is posted
        self._set_form_enabled(True)
        focus_editor(self._focus_after_check)

    # -- keyboard ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and watched in self._order:
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False
            i = self._order.index(watched)  # type: ignore[arg-type]
            if i + 1 < len(self._order):
                focus_editor(self._order[i + 1])
            else:
                self.submit()
            return True
        return super().eventFilter(watched, event)

    # -- submit ------------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for field in self.fields.values():
            field.set_error("")
        self.error.set_message("")

    def _field_error(self, name: str, message: str) -> None:
        self.fields[name].set_error(message)
        focus_editor(self.fields[name].editor)

    def submit(self) -> None:
        if self.busy or self.receipt is not None or not self.session_checked or self.no_session:
            return
        self._clear_errors()
        reason = self.reason.text().strip()
        if len(reason) < MIN_REASON:
            self._field_error("reason", fill(self.tr("请填写至少%1个字的原因说明"), MIN_REASON))
            return
        if not self.username.text().strip():
            self._field_error("username", self.tr("请值班长输入用户名"))
            return
        if not self.password.text():
            self._field_error("password", self.tr("请值班长输入密码"))
            return
        approval = SupervisorApproval(self.username.text().strip(), self.password.text(), reason)
        code = str(self.reason_code.currentData())
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        if self.kind == PaymentKind.REFUND:
            refund = payment_service.RefundPayment(self.request_id, self.payment.payment_id, code, reason, approval)

            def work() -> Receipt:
                return payment_service.refund_payment(ctx.db, actor, refund)
        else:
            reverse = payment_service.ReversePayment(self.request_id, self.payment.payment_id, code, reason,
                                                     approval)

            def work() -> Receipt:
                return payment_service.reverse_payment(ctx.db, actor, reverse)

        self._set_busy(True)
        self.attempts += 1
        ctx.tasks.run(work, self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.ok_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)

    def _done(self, receipt: Receipt) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        self.receipt = receipt
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self._set_busy(False)
        self.password.clear()
        # Beyond the runner's display: the approver's refusals go under 用户名/密码, a reversal the
        # rules turn into a refund switches the dialog, and an unexpected error says the retry
        # is safe (the same request cannot be done twice).
        if isinstance(exc, AuthenticationFailed):
            self._field_error("password", exc.message)
        elif isinstance(exc, PermissionDenied):
            self._field_error("username", exc.message)
        elif isinstance(exc, RuleViolation) and self.kind == PaymentKind.REVERSAL and "请办理退费" in exc.message:
            self.kind = PaymentKind.REFUND
            self._show_kind()
            self._check_session(then_focus=self.password)
            self.error.set_message(fill(self.tr("%1。已改为退费，请值班长重新输入密码后确认。"),
                localize(exc.message)))
        elif not isinstance(exc, DomainError):
            log.error("reversal of %s failed", self.payment.receipt_no, exc_info=exc)
            self.error.set_message(fill(self.tr("操作未完成（%1），请重试；重试不会重复办理"), type(exc).__name__))
        else:
            show_failure(exc, Failure(self.fields, self.error, what="reversing a payment"))
            if self.error.text():  # not a field's error
                focus_editor(self.password if self.username.text() else self.username)

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def done(self, code: int) -> None:
        if not self.busy:
            super().done(code)
