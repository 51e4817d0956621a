"""重新指向 (docs/sync.md#conflicts): the supervisor names the customer a branch payment's money
belongs to. The 户号 is looked up (Enter) and the customer's name, what they owe and the most
that can still move are shown for confirmation; the amount is prefilled with that most; Enter on
the amount (or the button) decides. The lookup and the decision run on the TaskRunner through
the callables the conflicts screen passes (the database at the centre, the centre's API at a
branch); a refusal shows under its field and the dialog stays open. At a branch the lookup
already needs the supervisor (主管授权 before the first lookup: the answer names a customer and
what they owe); the same sign-in decides, asked again only after a refusal that is not a field's
(a wrong password, a lost link).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import DomainError, ValidationError, ValidationErrors
from app.domain.money import fen_to_yuan, parse_amount
from ui.context import UiContext
from ui.formatting import yuan
from ui.forms import ok_cancel_buttons
from ui.i18n import fill
from ui.tasks import Failure
from ui.widgets import ErrorLabel, FormField, error_message, muted_label, show_errors

#: what a lookup answers: a RepointTarget (centre) or its JSON (branch)
Lookup = Callable[[str], Any]
#: the decision: (account_no, amount_fen) → the resolved row
Decide = Callable[[str, int], Any]


def target_dict(found: Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(found) and not isinstance(found, type):
        return dataclasses.asdict(found)
    return dict(found)


class RepointDialog(QDialog):
    """``lookup`` and ``decide`` run on the TaskRunner; ``authorise`` (a branch's 主管授权, on
    the UI thread, before the first lookup) may refuse to go on. ``decided`` holds the
    resolved row once accepted."""

    def __init__(
        self,
        ctx: UiContext,
        summary: str,
        lookup: Lookup,
        decide: Decide,
        authorise: Callable[[], bool] = lambda: True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncRepointDialog")
        self.setWindowTitle(self.tr("重新指向"))
        self.setModal(True)
        self.setMinimumWidth(520)
        self.ctx = ctx
        self._lookup, self._decide, self._authorise = lookup, decide, authorise
        self.target: dict[str, Any] | None = None
        self.decided: Any = None
        self.busy = False
        #: the supervisor signed in for this dialog (a branch asks before the first lookup)
        self.authorised = False

        intro = QLabel(summary, self)
        intro.setObjectName("repointSummary")
        intro.setWordWrap(True)
        explain = muted_label(
            self.tr(
                "输入这笔钱应归属客户的户号并回车核对姓名：同一户号则抵扣其未缴账单，"
                "其他户号则转入该户并抵扣其未缴账单（余下的留作预存）。不改动原收费记录，不影响当日收款合计。"
                "转出的是该户的预存：若分支离线时已用了这笔预存，分支那笔收费将暂不能入账（收费暂未入账），宜在分支同步后再重新指向。"
            ),
            self,
        )
        explain.setWordWrap(True)
        self.account = QLineEdit(self)
        self.account.setObjectName("repointAccount")
        self.account.setPlaceholderText(self.tr("户号，回车核对"))
        self.account.textEdited.connect(self._account_edited)
        self.account.returnPressed.connect(self.look_up)
        self.account_field = FormField(self.account, self)
        self.who = QLabel(self.tr("（尚未核对）"), self)
        self.who.setObjectName("repointTarget")
        self.who.setWordWrap(True)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("repointAmount")
        self.amount.setPlaceholderText(self.tr("金额（元）"))
        self.amount.returnPressed.connect(self.submit)
        self.amount_field = FormField(self.amount, self)
        self.fields = {"account_no": self.account_field, "amount_fen": self.amount_field}
        self.error = ErrorLabel(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("户号"), self.account_field)
        form.addRow(self.tr("客户"), self.who)
        form.addRow(self.tr("金额"), self.amount_field)
        self.ok, self.cancel, buttons = ok_cancel_buttons(
            self, self.tr("重新指向"), self.submit, self.tr("取消"), name="repoint"
        )
        self.ok.setDefault(False)  # Enter is routed by the fields: 户号 looks up, 金额 decides
        self.ok.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.account.setFocus()

    # ---- looking the customer up ---------------------------------------------------------

    def _account_edited(self) -> None:
        if self.target is not None:  # another account: confirm its name again
            self.target = None
            self.who.setText(self.tr("（尚未核对）"))

    def look_up(self) -> None:
        account_no = "".join(self.account.text().split())
        if self.busy:
            return
        if not account_no:
            self.account_field.set_error(self.tr("请输入户号"))
            return
        if not self._signed_in():
            return
        self._run(lambda: target_dict(self._lookup(account_no)), self._found)

    def _signed_in(self) -> bool:
        if not self.authorised:
            self.authorised = self._authorise()
        return self.authorised

    def _found(self, target: dict[str, Any]) -> None:
        self.target = target
        same, other = self.tr("本笔收费的客户：余款抵扣其未缴账单"), self.tr("转入该户")
        where = same if target.get("same") else other
        self.who.setText(
            fill(
                self.tr("%1（户号 %2）— %3；欠费 %4，最多可转 %5"),
                str(target.get("name", "")),
                str(target.get("account_no", "")),
                where,
                yuan(int(target.get("owed_fen", 0))),
                yuan(int(target.get("limit_fen", 0))),
            )
        )
        limit = int(target.get("limit_fen", 0))
        self.amount.setText(str(fen_to_yuan(limit)) if limit > 0 else "")
        self.amount.setFocus()
        self.amount.selectAll()

    # ---- deciding --------------------------------------------------------------------------

    def submit(self) -> None:
        if self.busy:
            return
        account_no = "".join(self.account.text().split())
        if self.target is None or self.target.get("account_no") != account_no:
            self.look_up()  # the name must be seen before the money moves
            return
        try:
            limit = int(self.target.get("limit_fen", 0))
            amount = parse_amount(
                self.amount.text(), "amount_fen", "金额", max_fen=limit if limit > 0 else None
            )
        except ValidationError as exc:
            show_errors(self.fields, exc, self.error)
            return
        if not self._signed_in():
            return
        self._run(lambda: self._decide(account_no, amount), self._decided)

    def _decided(self, row: Any) -> None:
        self.decided = row
        self.accept()

    # ---- plumbing --------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.busy = True
        for field in self.fields.values():
            field.set_error("")
        self.error.set_message("")
        self._enable(False)
        self.ctx.tasks.run(
            fn, done, self._failed, always=self._ended, failure=Failure(what="re-pointing a payment")
        )

    def _ended(self) -> None:
        self.busy = False
        self._enable(True)

    def _enable(self, on: bool) -> None:
        for widget in (self.account, self.amount, self.ok):
            widget.setEnabled(on)

    def _failed(self, exc: BaseException) -> None:
        """A refusal goes under its field; any other (the centre's answer at a branch, a lost
        link) under the 户号, where the supervisor is looking."""
        if isinstance(exc, ValidationError | ValidationErrors):
            show_errors(self.fields, exc, self.error)
            return
        message = error_message(exc, "re-pointing a payment")
        named = str(getattr(exc, "field", "") or "")
        if not named:  # a wrong password, a refused sign-in, a lost link: 主管授权 again next time
            self.authorised = False
        if named and isinstance(exc, DomainError) and exc.params.get("reason"):
            message = str(exc.params["reason"])  # the centre's own words for that field, without the prefix
        field = self.fields.get(named or "account_no", self.account_field)
        if field is self.account_field:
            self.target = None
        field.set_error(message)
        field.editor.setFocus()
        if isinstance(field.editor, QLineEdit):
            field.editor.selectAll()
