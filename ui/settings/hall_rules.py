"""The hall's money and safety rules (营业厅业务规则), for the administrator.

``HallRulesDialog(ctx)`` reads the rules of this PC's hall (every counter of the hall shares
them: they live in the database, docs/hall-rules.md), lets an administrator edit them with the
keyboard — Enter moves to the next field and saves on the last, Ctrl+S saves, Esc cancels — and
saves them as one ``ChangeHallRules`` operation. Bad values are refused with the message under
their field and nothing is saved; a change made meanwhile by another administrator is refused
with a message (optimistic locking), never overwritten.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ConcurrentEdit
from app.domain.hall_rules import FIELDS, HallRules
from app.services import hall_rules as hall_rules_service
from app.services.hall_rules import HallRulesView
from ui.context import UiContext
from ui.formatting import yuan
from ui.forms import ok_cancel_buttons
from ui.i18n import fill
from ui.tasks import Failure
from ui.widgets import EnterNavigator, ErrorLabel, FormField, alive, clear_errors, heading, muted

log = logging.getLogger(__name__)

_KINDS = {f.name: f.kind for f in FIELDS}


class HallRulesDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hallRulesDialog")
        self.ctx = ctx
        self.view: HallRulesView | None = None
        self.saved: HallRulesView | None = None
        self.busy = False
        self.setWindowTitle(self.tr("营业厅业务规则"))
        self.setModal(True)
        self.setMinimumWidth(620)
        form = self._build_form()
        self._build_status()
        buttons = self._build_buttons()
        self._layout(form, buttons)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.submit)
        self.navigator = EnterNavigator(list(self.editors.values()), self.submit, self)
        self._load()

    def _labels(self) -> dict[str, str]:
        return {
            "late_fee_residential_rate": self.tr("居民违约金日费率"),
            "late_fee_current_year_rate": self.tr("其他用户当年欠费日费率"),
            "late_fee_earlier_year_rate": self.tr("其他用户跨年度欠费日费率"),
            "late_fee_grace_days": self.tr("违约金宽限天数"),
            "late_fee_minimum": self.tr("最低违约金"),
            "late_fee_minimum_fen": self.tr("最低违约金金额（元）"),
            "late_fee_first": self.tr("收费顺序"),
            "bill_due_days": self.tr("缴费期限（出账后天数）"),
            "max_payment_fen": self.tr("单笔收费上限（元）"),
            "large_change_confirm_fen": self.tr("大额找零确认（元）"),
            "max_failed_logins": self.tr("连续登录失败次数上限"),
            "lockout_minutes": self.tr("账户锁定分钟数"),
            "allow_self_approval_single_supervisor": self.tr("本人审批"),
            "adjustment_approval_fen": self.tr("退补审批金额（元）"),
        }

    def _checks(self) -> dict[str, str]:
        """The text beside each check box."""
        return {
            "late_fee_minimum": self.tr("违约金不足最低金额时按最低金额收取"),
            "late_fee_first": self.tr("先收违约金，后收本金"),
            "allow_self_approval_single_supervisor": self.tr(
                "本厅只有一名值班长时，允许其审批本人的申请（记入日志）"
            ),
        }

    def _hints(self) -> dict[str, str]:
        return {
            "late_fee_residential_rate": self.tr("0.001 即每日千分之一"),
            "large_change_confirm_fen": self.tr("找零达到此金额先请收费员确认；0 表示不提示"),
            "lockout_minutes": self.tr("连续输错密码达到上限后锁定的时间"),
            "adjustment_approval_fen": self.tr("退补金额（正负均计）达到此数须另一位值班长或管理员授权；0 表示都要授权"),
        }

    def _groups(self) -> dict[str, str]:
        """The group heading shown above each of these fields."""
        return {
            "late_fee_residential_rate": self.tr("违约金"),
            "bill_due_days": self.tr("收费"),
            "max_failed_logins": self.tr("登录安全"),
            "allow_self_approval_single_supervisor": self.tr("审批"),
        }

    def _build_form(self) -> QFormLayout:
        """One row per rule, under its group heading; disabled until the rules are read."""
        labels, checks, hints, groups = self._labels(), self._checks(), self._hints(), self._groups()
        self.editors: dict[str, QLineEdit | QCheckBox] = {}
        self.fields: dict[str, FormField] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setVerticalSpacing(4)
        for spec in FIELDS:
            if spec.name in groups:
                group = QLabel(groups[spec.name], self)
                group.setObjectName("hallRulesGroup")
                group.setStyleSheet(
                    "QLabel#hallRulesGroup { font-weight: bold; padding-top: 6px; }"
                )
                form.addRow(group)
            editor = self._editor(spec.name, spec.kind, checks)
            shown: QWidget = editor
            if spec.name in hints:  # the hint beside the editor, the error under both
                shown = self._with_hint(editor, hints[spec.name])
            field = FormField(shown, self)
            self.fields[spec.name] = field
            form.addRow(labels[spec.name], field)
        return form

    def _editor(self, name: str, kind: str, checks: dict[str, str]) -> QLineEdit | QCheckBox:
        editor: QLineEdit | QCheckBox
        if kind == "bool":
            editor = QCheckBox(checks[name], self)
        else:
            editor = QLineEdit(self)
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
            editor.setMaximumWidth(200)
        editor.setObjectName(name)
        editor.setEnabled(False)  # until the rules are read
        self.editors[name] = editor
        return editor

    def _with_hint(self, editor: QWidget, hint: str) -> QWidget:
        shown = QWidget(self)
        line = QHBoxLayout(shown)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor)
        line.addWidget(muted(hint, shown), 1)
        shown.setFocusProxy(editor)
        return shown

    def _build_status(self) -> None:
        self.header = heading(self.tr("营业厅业务规则"), 18, parent=self)
        self.status = muted(self.tr("正在读取…"), self)
        self.status.setObjectName("hallRulesStatus")
        self.error = ErrorLabel(self)

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button, _cancel, buttons = ok_cancel_buttons(
            self, self.tr("保存"), self.submit, self.tr("取消"), name="hallRules")
        self.save_button.setEnabled(False)  # until the rules are read
        return buttons

    def _layout(self, form: QFormLayout, buttons: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(
            muted(
                self.tr(
                    "本厅所有柜台共用这些规则，保存后下一笔业务即按新规则办理；每次修改记入操作日志。"
                    "Enter 下一项，Ctrl+S 保存，Esc 取消。"
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # ---- reading -----------------------------------------------------------------------------

    def _load(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.ctx.tasks.run(lambda: hall_rules_service.get_rules(db, actor), self._loaded,
                           stale=lambda: not alive(self),  # the dialog closed before the answer came
                           always=lambda: self.status.setText(""),
                           failure=Failure(label=self.error, what="reading the hall rules"))

    def _loaded(self, view: HallRulesView) -> None:
        self.view = view
        self.header.setText(fill(self.tr("营业厅业务规则　%1（%2）"), self.ctx.node.name, view.node_code))
        self._fill(view.rules)
        if view.version:
            when = view.updated_at.strftime("%Y-%m-%d %H:%M") if view.updated_at else ""
            self.status.setText(
                fill(self.tr("第 %1 版，%2 由 %3 修改（时间为 UTC）"),
                    view.version, when, view.updated_by
                )
            )
        else:
            self.status.setText(self.tr("尚未修改过：以下为默认规则"))
        for editor in self.editors.values():
            editor.setEnabled(True)
        self.save_button.setEnabled(True)
        first = self.editors[FIELDS[0].name]
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(first, QLineEdit):
            first.selectAll()

    def _fill(self, rules: HallRules) -> None:
        for name, editor in self.editors.items():
            value = getattr(rules, name)
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif _KINDS[name] == "yuan":
                editor.setText(yuan(value, symbol=False))
            elif _KINDS[name] == "rate":
                editor.setText(format(value, "f"))
            else:
                editor.setText(str(value))

    # ---- saving ------------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """What the form holds, as typed (the service parses and checks every value)."""
        return {
            name: editor.isChecked() if isinstance(editor, QCheckBox) else editor.text()
            for name, editor in self.editors.items()
        }

    def submit(self) -> None:
        if self.busy or self.view is None:
            return
        clear_errors(self.fields, self.error)
        self._set_busy(True)
        db, actor, version, values = self.ctx.db, self.ctx.actor, self.view.version, self.values()
        assert actor is not None
        self.ctx.tasks.run(
            lambda: hall_rules_service.change_hall_rules(db, actor, version, values),
            self._saved,
            stale=lambda: not alive(self),
            always=lambda: self._set_busy(False),
            # a concurrent edit also gets a message box: the dialog holds the old version and
            # must be closed and opened again
            failure=Failure(self.fields, self.error, dialogs=self.ctx.dialogs, box_for=(ConcurrentEdit,),
                            parent=self, title=self.tr("保存失败"), what="saving the hall rules"),
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)
        self.save_button.setText(self.tr("正在保存…") if busy else self.tr("保存"))

    def _saved(self, view: HallRulesView) -> None:
        self.saved = self.view = view
        log.info("hall rules of node %s saved, version %s", view.node_code, view.version)
        self.accept()

    def reject(self) -> None:
        if not self.busy:
            super().reject()
