"""The registration form in a dialog, for another module's transaction (``CustomerHost.collect_registration``).

Completing a 新装 / 临时用电 registers its customer in the completing unit of work
(app/services/applications.py): the clerk fills in this module's own registration form
(ui/customers/form.py), prefilled from the application, and 确定 checks it as a registration would
(every field, the ID number, a supervisor's approval of one that fails its check —
``customers.prepare_registration``) without saving anything. The dialog hands back the
``RegisterCustomer`` (with the approval) for the caller to submit. The fields the application
decides (用电类别, 电压, 容量, 地址) are shown but locked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from app.services.customers import CustomerInput, RegisterCustomer, SupervisorApproval, prepare_registration
from ui.context import UiContext
from ui.customers.form import FIELD_ORDER, CustomerForm


def prefill_of(data: CustomerInput) -> dict[str, str]:
    """A CustomerInput as the form's ``prefill`` (the fields given, as text)."""
    out: dict[str, str] = {}
    for name in FIELD_ORDER:
        value = getattr(data, name, None)
        if value not in (None, "", False):
            out[name] = value if isinstance(value, str) else str(value)
    return out


class CollectingForm(CustomerForm):
    """The registration form whose 确定 checks and hands the registration back instead of saving."""

    #: the checked registration (RegisterCustomer)
    collected = Signal(object)

    def __init__(
        self,
        ctx: UiContext,
        prefill: dict[str, str],
        locked: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, prefill=prefill, parent=parent)
        self.title.setText(self.tr("办结登记：新客户档案"))
        self.subtitle.setText(self.tr("户号在办结时生成"))
        self.save_button.setText(self.tr("确定 (Ctrl+S)"))
        for name in locked:
            widget = self.fields[name]
            widget.setEnabled(False)
            widget.setToolTip(self.tr("由申请带入，以申请为准"))

    def save(self, approval: SupervisorApproval | None = None, confirm_duplicate: bool | None = None) -> None:
        if self.saving:
            return
        if approval is not None:
            self._approval = approval
        if confirm_duplicate is not None:
            self._confirm_duplicate = confirm_duplicate
        approval = self._approval
        cmd = RegisterCustomer(self.collect(), confirm_duplicate=self._confirm_duplicate, approval=approval)
        self._set_saving(True)
        self.clear_errors()
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        # the form's own handler: field messages, the approval prompt (as at registration)
        self.ctx.tasks.run(
            lambda: prepare_registration(db, actor, cmd),
            lambda _values: self._checked(cmd),
            lambda exc: self._on_failed(exc, approval),
        )

    def _checked(self, cmd: RegisterCustomer) -> None:
        self._set_saving(False)
        self._snapshot = self._values()
        self.collected.emit(cmd)


class RegistrationDialog(QDialog):
    def __init__(
        self, ctx: UiContext, parent: QWidget | None, prefill: CustomerInput, locked: Sequence[str] = ()
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registrationDialog")
        self.setWindowTitle(self.tr("新客户档案"))
        self.registration: RegisterCustomer | None = None
        self._closing = False
        self.form = CollectingForm(ctx, prefill_of(prefill), locked, self)
        self.form.collected.connect(self._collected)
        self.form.closed.connect(self._closed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(self.form)
        self.resize(1000, 640)
        self.form.focus_first()

    def _collected(self, cmd: RegisterCustomer) -> None:
        self.registration = cmd
        self._closing = True
        self.accept()

    def _closed(self) -> None:
        self._closing = True
        super().reject()

    def reject(self) -> None:
        """Esc / the close button: the form asks first when something was typed."""
        if self._closing:
            super().reject()
        else:
            self.form.cancel()
