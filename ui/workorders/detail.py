"""One work order opened (诉求工单): what was asked, its deadlines, every step, and the actions its
stage allows (docs/rules.md#work-order-state-machine, docs/rules.md#at-the-counter).

``WorkOrderDetailDialog(ctx, parent, work_order_id)``. The header says number, type, category,
urgency, channel, the customer or the reporter (as the read gives it: an anonymous report's
reporter and contact are hidden from a clerk who did not record it — never more than the DTO
has), stage, who recorded it and when, the assignee, the running deadlines in their colour and
the callback result. Tabs: 诉求内容 (the description and the resolution) and 办理记录 (every
step). The buttons follow ``allowed_actions``:

* F2 派单 (处理部门 and/or 处理人), F3 开始处理, F4 回复 (the resolution), F6 回访 (满意 / 基本满意 /
  不满意 — 不满意 reopens it to 处理), F9 归档 (a supervisor's after a callback), F10 改派
  (a supervisor's);
* Ctrl+P 补打受理回执 (ui/workorders/printing.py, each copy logged).

Each action opens a small form (``StepDialog``): Enter from field to field, Enter on the last
(or Ctrl+Enter) writes it on the task runner with the version on screen; a field's error lands
under it and nothing is saved; a stale version (ConcurrentEdit) is said and the order read again.
Every write announces ``Change.WORK_ORDERS`` for the order's customer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import DeadlineStatus, WorkOrderAction, WorkOrderResult
from app.domain.errors import PermissionDenied
from app.domain.workdays import DEADLINE_LABELS
from app.domain.workorders.machine import AREAS, CHANNELS, RESULTS, STAGES, STATUSES, TYPES, URGENCIES
from app.dto.workorders import WorkOrderDetail
from app.services import workorders as service
from app.services.permissions import require
from app.services.workorder_reads import get_work_order
from ui.changes import Change
from ui.context import UiContext
from ui.formatting import local_time
from ui.forms import confirm_buttons
from ui.i18n import fill, localize
from ui.palette import restyle
from ui.tables import fit_columns, make_table
from ui.tasks import Failure
from ui.widgets import EnterNavigator, ErrorLabel, FormField, alive, clear_errors, muted
from ui.workorders.models import StepsModel, customer_text, label
from ui.workorders.printing import ReceiptPrinter

DEADLINE_ROLES: dict[str, str] = {
    DeadlineStatus.ON_TIME: "ok",
    DeadlineStatus.DUE_SOON: "caution",
    DeadlineStatus.OVERDUE: "error",
}

Write = Callable[[Any, Any, service.WorkOrderCommand], int]

#: action → (service function, the permission it needs, F-key)
ACTION_KEYS: dict[str, str] = {
    WorkOrderAction.DISPATCH: "F2",
    WorkOrderAction.START: "F3",
    WorkOrderAction.REPLY: "F4",
    WorkOrderAction.CALLBACK: "F6",
    WorkOrderAction.ARCHIVE: "F9",
    WorkOrderAction.REASSIGN: "F10",
}
WRITES: dict[str, Write] = {
    WorkOrderAction.DISPATCH: service.dispatch_work_order,
    WorkOrderAction.START: service.start_work_order,
    WorkOrderAction.REPLY: service.reply_work_order,
    WorkOrderAction.CALLBACK: service.call_back_work_order,
    WorkOrderAction.ARCHIVE: service.archive_work_order,
    WorkOrderAction.REASSIGN: service.reassign_work_order,
}
PERMISSIONS: dict[str, str] = {
    WorkOrderAction.REASSIGN: "workorder.reassign",
    WorkOrderAction.ARCHIVE: "workorder.archive",
}


class StepDialog(QDialog):
    """The form of one action: its fields, Enter through them, Ctrl+Enter (or Enter on the last)
    writes it; ``fresh`` the order read again after the write."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, detail: WorkOrderDetail, action: str) -> None:
        super().__init__(parent)
        self.setObjectName("workOrderStep")
        self.ctx = ctx
        self.detail = detail
        self.action = action
        self.busy = False
        self.fresh: WorkOrderDetail | None = None
        name = localize(service.ACTION_LABELS.get(action, action))
        self.setWindowTitle(fill(self.tr("%1 — 工单 %2"), name, detail.row.order_no))
        self.setMinimumWidth(460)
        self.fields: dict[str, FormField] = {}
        order: list[QWidget] = []
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.department_edit = QLineEdit(self)
        self.department_edit.setObjectName("stepDepartment")
        self.person_edit = QLineEdit(self)
        self.person_edit.setObjectName("stepPerson")
        self.resolution_edit = QPlainTextEdit(self)
        self.resolution_edit.setTabChangesFocus(True)
        self.resolution_edit.setFixedHeight(90)
        self.resolution_edit.setObjectName("stepResolution")
        self.result_combo = QComboBox(self)
        self.result_combo.setObjectName("stepResult")
        self.note_edit = QLineEdit(self)
        self.note_edit.setObjectName("stepNote")
        self.note_edit.setMaxLength(service.NOTE_MAX)
        self.note_edit.setPlaceholderText(self.tr("可不填"))
        if action in (WorkOrderAction.DISPATCH, WorkOrderAction.REASSIGN):
            self.department_edit.setText(detail.row.assigned_dept)
            self.person_edit.setText(detail.row.assigned_to)
            self.department_edit.setPlaceholderText(self.tr("如：城东供电所"))
            self.person_edit.setPlaceholderText(self.tr("用户名，部门和处理人至少填一项"))
            self.fields["department"] = FormField(self.department_edit, self)
            self.fields["person"] = FormField(self.person_edit, self)
            self.fields["assignee"] = self.fields["department"]
            form.addRow(self.tr("处理部门"), self.fields["department"])
            form.addRow(self.tr("处理人"), self.fields["person"])
            order += [self.department_edit, self.person_edit]
        if action == WorkOrderAction.REPLY:
            self.resolution_edit.setPlaceholderText(self.tr("处理结果，2–1000 个字（Shift+Enter 换行）"))
            self.fields["resolution"] = FormField(self.resolution_edit, self)
            form.addRow(self.tr("处理结果"), self.fields["resolution"])
            order.append(self.resolution_edit)
        if action == WorkOrderAction.CALLBACK:
            self.result_combo.addItem(self.tr("请选择回访结果"), "")
            for code, text in RESULTS.items():
                self.result_combo.addItem(localize(text), str(code))
            self.fields["result"] = FormField(self.result_combo, self)
            form.addRow(self.tr("回访结果"), self.fields["result"])
            order.append(self.result_combo)
        if action != WorkOrderAction.REPLY:
            self.fields["note"] = FormField(self.note_edit, self)
            form.addRow(self.tr("备注"), self.fields["note"])
            order.append(self.note_edit)
        for widget in (
            self.department_edit,
            self.person_edit,
            self.resolution_edit,
            self.result_combo,
            self.note_edit,
        ):
            if widget not in order:  # this action does not ask for it: not shown at (0, 0)
                widget.hide()
        self.hint = muted("", self)
        self.hint.setWordWrap(True)
        if action == WorkOrderAction.CALLBACK:
            self.hint.setText(self.tr("不满意：工单退回“处理”环节，答复时限重新计算"))
        self.error_line = ErrorLabel(self)
        self.status = QLabel(self)
        self.ok_button, self.cancel_button, buttons = confirm_buttons(
            self,
            self.status,
            self.tr("取消"),
            fill(self.tr("%1 (Ctrl+Enter)"), name),
            self.submit,
            name="step",
            confirm_width=140,
        )
        self.ok_button.setStyleSheet("text-transform: none;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error_line)
        layout.addLayout(buttons)
        self.navigator = EnterNavigator(order, self.submit, self)
        order[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def command(self) -> service.WorkOrderCommand:
        return service.WorkOrderCommand(
            self.detail.row.id,
            self.detail.row.version,
            note=self.note_edit.text().strip() if self.action != WorkOrderAction.REPLY else "",
            department=self.department_edit.text().strip(),
            person=self.person_edit.text().strip(),
            resolution=self.resolution_edit.toPlainText().strip(),
            result=str(self.result_combo.currentData() or ""),
        )

    def submit(self) -> None:
        if self.busy:
            return
        clear_errors(self.fields, self.error_line)
        cmd = self.command()
        fn = WRITES[self.action]
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.busy = True
        self.ok_button.setEnabled(False)

        def work() -> WorkOrderDetail:
            fn(db, actor, cmd)
            return get_work_order(db, actor, cmd.work_order_id)

        def answered() -> None:
            self.busy = False
            self.ok_button.setEnabled(True)

        self.ctx.tasks.run(
            work,
            self._written,
            always=answered,
            stale=lambda: not alive(self),
            failure=Failure(fields=self.fields, label=self.error_line, what="moving a work order on"),
        )

    def _written(self, fresh: WorkOrderDetail) -> None:
        self.fresh = fresh
        self.accept()

    def reject(self) -> None:
        if self.busy:
            return  # the write is on its way: its answer must reach the order
        super().reject()


class WorkOrderDetailDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None, work_order_id: uuid.UUID) -> None:
        super().__init__(parent)
        self.setObjectName("workOrderDetail")
        self.ctx = ctx
        self.work_order_id = work_order_id
        self.detail: WorkOrderDetail | None = None
        self.busy = False
        self.loading = False
        self.writes = 0
        self._generation = 0
        self.printer: ReceiptPrinter | None = None  # made on the first Ctrl+P
        self.setWindowTitle(self.tr("诉求工单"))
        self._build()
        self.resize(980, 640)  # inside a 1024×768 counter screen
        self.load()

    # ---- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = self._build_header()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("workOrderTabs")
        content = QWidget(self)
        box = QFormLayout(content)
        box.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.description = QLabel(content)
        self.description.setObjectName("woDescription")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.resolution = QLabel(content)
        self.resolution.setObjectName("woResolution")
        self.resolution.setWordWrap(True)
        self.resolution.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addRow(self.tr("诉求内容："), self.description)
        box.addRow(self.tr("处理结果："), self.resolution)
        self.tabs.addTab(content, self.tr("诉求内容"))
        self.steps_model = StepsModel(self)
        self.steps_table = make_table(self, "woStepsTable")
        self.steps_table.setModel(self.steps_model)
        self.steps_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.steps_table, self.tr("办理记录"))
        self.message = QLabel(self)
        self.message.setObjectName("woMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())

    def _build_header(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("workOrderHeader")
        frame.setProperty("panel", "header")
        grid = QGridLayout(frame)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.title = QLabel(frame)
        self.title.setObjectName("woTitle")
        self.title.setStyleSheet("QLabel#woTitle { font-size: 18px; font-weight: bold; }")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.title, 0, 0, 1, 6)
        self.facts: dict[str, QLabel] = {}
        cells = (
            ("customer", self.tr("客户 / 诉求人")),
            ("contact", self.tr("联系电话")),
            ("channel", self.tr("渠道")),
            ("stage", self.tr("环节")),
            ("accepted", self.tr("受理")),
            ("assignee", self.tr("处理部门 / 人")),
            ("first", self.tr("首次响应")),
            ("answer", self.tr("答复 / 恢复")),
            ("deadline", self.tr("时限")),
            ("callback", self.tr("回访")),
        )
        for i, (key, text) in enumerate(cells):
            row, col = divmod(i, 3)
            caption = muted(text + "：", frame)
            value = QLabel(frame)
            value.setObjectName(f"wo_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[key] = value
            grid.addWidget(caption, row + 1, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row + 1, col * 2 + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        return frame

    def _build_buttons(self) -> QHBoxLayout:
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(6)

        def acting(action: str) -> Callable[[], None]:
            return lambda: self.act(action)

        specs: list[tuple[str, str, str, Callable[[], None]]] = [
            (str(a), localize(service.ACTION_LABELS[a]), key, acting(str(a)))
            for a, key in ACTION_KEYS.items()
        ]
        specs.append(("receipt", self.tr("补打受理回执"), "Ctrl+P", self.print_receipt))
        for key, text, shortcut, slot in specs:
            button = QPushButton(f"{text} ({shortcut})", self)
            button.setObjectName(f"wo_{key}")
            button.setAutoDefault(False)
            button.setStyleSheet("text-transform: none;")
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            QShortcut(QKeySequence(shortcut), self).activated.connect(
                lambda b=button: b.click() if b.isEnabled() else None
            )
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.close_button = QPushButton(self.tr("关闭 (Esc)"), self)
        self.close_button.setObjectName("wo_close")
        self.close_button.setStyleSheet("text-transform: none;")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        return row

    # ---- loading --------------------------------------------------------------------------------
    def load(self) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, actor, order_id = self.ctx.db, self.ctx.actor, self.work_order_id
        assert actor is not None

        def answered() -> None:
            self.loading = False

        self.ctx.tasks.run(
            lambda: get_work_order(db, actor, order_id),
            self._show,
            always=answered,
            stale=lambda: not alive(self) or generation != self._generation,
            failure=Failure(
                status=lambda text: self.show_message(text, error=True), what="reading a work order"
            ),
        )

    def _show(self, detail: WorkOrderDetail) -> None:
        self.detail = detail
        row = detail.row
        self.setWindowTitle(fill(self.tr("诉求工单 %1"), row.order_no))
        self.title.setText(
            fill(
                self.tr("%1　%2 · %3　%4"),
                row.order_no,
                label(TYPES, row.order_type),
                row.category_label,
                label(URGENCIES, row.urgency),
            )
        )
        f = self.facts
        f["customer"].setText(customer_text(row))
        if detail.contact_hidden:
            f["contact"].setText(self.tr("（匿名，仅登记人和值班长可见）"))
        else:
            f["contact"].setText(detail.reporter_contact or "—")
        f["channel"].setText(label(CHANNELS, row.channel))
        stage = label(STAGES, row.stage)
        if detail.reopened:
            stage += fill(self.tr("（已重办 %1 次）"), detail.reopened)
        f["stage"].setText(fill(self.tr("%1 · %2"), stage, label(STATUSES, row.status)))
        f["accepted"].setText(fill(self.tr("%1　%2"), row.accepted_by, local_time(row.accepted_at)))
        assignee = " / ".join(p for p in (row.assigned_dept, row.assigned_to) if p)
        if row.outage_no and not assignee:  # a repair of a known outage is not dispatched
            assignee = fill(self.tr("关联停电 %1（不派单）"), row.outage_no)
        f["assignee"].setText(assignee or self.tr("（未派单）"))
        f["first"].setText(self._first_text(detail))
        f["answer"].setText(self._answer_text(detail))
        f["deadline"].setText(
            label(DEADLINE_LABELS, row.deadline) if row.deadline else self.tr("无进行中的时限")
        )
        restyle(f["deadline"], role=DEADLINE_ROLES.get(row.deadline, "ink"), strong=True)
        if row.callback_result:
            f["callback"].setText(label(RESULTS, row.callback_result))
        else:
            f["callback"].setText(self.tr("待回访") if detail.needs_callback else self.tr("无需回访"))
        self.description.setText(detail.description)
        self.resolution.setText(detail.resolution or "—")
        self.steps_model.set_rows(detail.steps)
        fit_columns(self.steps_table)
        self.tabs.setTabText(1, fill(self.tr("办理记录 (%1)"), len(detail.steps)))
        self._update_buttons()

    def _first_text(self, d: WorkOrderDetail) -> str:
        if d.contact_due_at is not None:
            text = fill(self.tr("%1 前联系客户"), local_time(d.contact_due_at))
        elif d.arrival_due_at is not None:
            area = label(AREAS, d.area) if d.area else ""
            text = fill(self.tr("%1 前到达现场（%2）"), local_time(d.arrival_due_at), area)
        else:
            return "—"
        if d.started_at is not None:
            text += fill(self.tr("；%1 已开始处理"), local_time(d.started_at))
        return text

    def _answer_text(self, d: WorkOrderDetail) -> str:
        parts = []
        if d.row.answer_due_on is not None or (d.answer_days and d.replied_at is None):
            due = d.row.answer_due_on
            parts.append(
                fill(
                    self.tr("%1 前答复（%2 个工作日）"),
                    f"{due:%Y-%m-%d}" if due else "—",
                    d.answer_days or "",
                )
            )
        if d.restore_due_at is not None and d.replied_at is None:
            parts.append(fill(self.tr("%1 前恢复供电"), local_time(d.restore_due_at)))
        if d.replied_at is not None:
            parts.append(fill(self.tr("%1 已回复"), local_time(d.replied_at)))
        if d.closed_at is not None:
            parts.append(fill(self.tr("%1 由 %2 归档"), local_time(d.closed_at), d.closed_by))
        return "；".join(parts) or "—"

    def _update_buttons(self) -> None:
        allowed = set(self.detail.allowed_actions) if self.detail is not None else set()
        for action in ACTION_KEYS:
            self.buttons[str(action)].setEnabled(not self.busy and str(action) in allowed)
        self.buttons["receipt"].setEnabled(self.detail is not None and not self.busy)

    # ---- actions --------------------------------------------------------------------------------
    def act(self, action: str) -> None:
        detail = self.detail
        if detail is None or self.busy or action not in detail.allowed_actions:
            return
        actor = self.ctx.actor
        assert actor is not None
        permission = PERMISSIONS.get(action)
        if permission is not None:
            try:
                require(actor, permission)  # the service's own check, said before the form opens
            except PermissionDenied as exc:
                self.show_message(
                    fill(
                        self.tr("%1须由值班长办理：%2"),
                        localize(service.ACTION_LABELS[action]),
                        localize(exc.message),
                    ),
                    error=True,
                )
                return
        dialog = StepDialog(self.ctx, self, detail, action)
        self.busy = True
        self._update_buttons()
        try:
            self.ctx.dialogs.run(dialog)
            fresh = dialog.fresh
            problem = dialog.error_line.text() if dialog.error_line.isVisibleTo(dialog) else ""
        finally:
            dialog.deleteLater()
            self.busy = False
        if fresh is None:
            self._update_buttons()
            if problem:  # e.g. a stale version: said here, the order read again
                self.show_message(problem, error=True)
                self.load()
            return
        self._written(fresh, action)

    def _written(self, fresh: WorkOrderDetail, action: str) -> None:
        self.writes += 1
        self._generation += 1  # a read still on its way is older than this answer
        self.loading = False
        self.ctx.changes.announce(Change.WORK_ORDERS, customer_id=fresh.row.customer_id, origin=self)
        self._show(fresh)
        if action == WorkOrderAction.CALLBACK and fresh.row.callback_result == WorkOrderResult.DISSATISFIED:
            text = self.tr("回访不满意：工单已退回“处理”环节，答复时限重新计算")
        else:
            text = fill(
                self.tr("已%1，当前环节：%2"),
                localize(service.ACTION_LABELS.get(action, action)),
                label(STAGES, fresh.row.stage),
            )
        self.show_message(text)
        focus = self.focusWidget()
        if focus is None or not focus.isEnabled() or not focus.isVisible():
            self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def print_receipt(self) -> None:
        if self.detail is None:
            return
        if self.printer is None:
            self.printer = ReceiptPrinter(self.ctx, self, self.show_message)
        if not self.printer.show(self.detail.row.id):
            self.show_message(self.tr("上一份回执仍在预览中"), error=True)

    def reject(self) -> None:
        if self.busy:
            self.show_message(self.tr("正在办理，请稍候…"))
            return
        super().reject()

    def show_message(self, text: str, error: bool = False) -> None:
        restyle(self.message, role="error" if error else "ok", strong=True)
        self.message.setText(localize(text))
