"""Work-order tables (诉求工单): the list's rows, a customer's orders and an order's steps.

期限 says where an order stands against its running deadlines (docs/rules.md#work-order-deadlines)
in words and in colour — 正常 green, 临期 yellow, 超期 red — so it reads without the colour too.
The reporter is shown as the read gives it: an anonymous report's reporter is "" for a clerk
who may not see it (docs/rules.md#work-order-anonymity); the model never shows more.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from app.domain import codes
from app.domain.codes import DeadlineStatus, WorkOrderStatus
from app.domain.workdays import DEADLINE_LABELS
from app.domain.workorders.machine import CHANNELS, RESULTS, STAGES, TYPES, URGENCIES
from app.dto.workorders import WorkOrderRow, WorkOrderStepRow
from app.services.workorders import ACTION_LABELS
from ui import palette
from ui.formatting import local_time
from ui.i18n import localize
from ui.table_model import CENTER, LEFT, TableColumn, TableModel

DEADLINE_TONES: dict[str, tuple[QColor, QColor]] = {
    DeadlineStatus.ON_TIME: (QColor(palette.TONE_GREEN[0]), QColor(palette.TONE_GREEN[1])),
    DeadlineStatus.DUE_SOON: (QColor(palette.TONE_AMBER[0]), QColor(palette.TONE_AMBER[1])),
    DeadlineStatus.OVERDUE: (QColor(palette.TONE_RED[0]), QColor(palette.TONE_RED[1])),
}
DEADLINE_ORDER: dict[str, int] = {status.value: i for i, status in enumerate(DeadlineStatus)}
GREY = QColor(palette.INACTIVE)  # an archived order

#: the list's columns, in order (the module's ColumnFit names them)
LIST_COLUMNS = (
    "order_no",
    "type",
    "category",
    "customer",
    "stage",
    "deadline",
    "due",
    "assignee",
    "accepted_by",
    "channel",
)


def label(labels: dict[str, Any], code: str) -> str:
    return localize(labels[code]) if code in labels else code


def customer_text(row: WorkOrderRow) -> str:
    """户号 户名, or the reporter (匿名 when anonymous and hidden)."""
    if row.account_no:
        return f"{row.account_no} {row.customer_name}"
    if row.anonymous:
        anonymous = QCoreApplication.translate("WorkOrdersModel", "匿名")
        return f"{anonymous}（{row.reporter_name}）" if row.reporter_name else anonymous
    return row.reporter_name or "—"


def due_text(row: WorkOrderRow) -> str:
    """The next running deadline: a clock one (contact, arrival, restoration) or the answer day."""
    parts = []
    if row.next_due_at is not None:
        parts.append(local_time(row.next_due_at))
    if row.answer_due_on is not None:
        parts.append(f"{row.answer_due_on:%Y-%m-%d}")
    return " / ".join(parts) if parts else "—"


def stage_text(row: WorkOrderRow) -> str:
    text = label(STAGES, row.stage)
    if row.callback_result and row.stage != codes.WorkOrderStage.ARCHIVED:
        text += f"（{label(RESULTS, row.callback_result)}）"
    return text


class WorkOrdersModel(TableModel[WorkOrderRow]):
    """Work orders as ``list_work_orders`` / ``work_orders_of_customer`` read them."""

    align_headers = True
    default_align = LEFT
    deadline_column = LIST_COLUMNS.index("deadline")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(
                self.tr("工单编号"),
                lambda r: r.order_no,
                tooltip=lambda r: f"{r.order_no}　{label(URGENCIES, r.urgency)}　{local_time(r.accepted_at)}",
            ),
            TableColumn(self.tr("类型"), lambda r: label(TYPES, r.order_type)),
            TableColumn(self.tr("分类"), lambda r: r.category_label, tooltip=lambda r: r.category_label),
            TableColumn(self.tr("客户 / 诉求人"), customer_text, tooltip=customer_text),
            TableColumn(self.tr("环节"), stage_text),
            TableColumn(
                self.tr("期限"),
                self.deadline_text,
                CENTER,
                sort=lambda r: DEADLINE_ORDER.get(r.deadline, -1),
            ),
            TableColumn(self.tr("应办时限"), due_text, CENTER),
            TableColumn(
                self.tr("处理部门 / 人"),
                lambda r: " / ".join(p for p in (r.assigned_dept, r.assigned_to) if p) or "—",
            ),
            TableColumn(self.tr("受理人"), lambda r: r.accepted_by),
            TableColumn(self.tr("渠道"), lambda r: label(CHANNELS, r.channel)),
        )

    def deadline_text(self, row: WorkOrderRow) -> str:
        if row.status == WorkOrderStatus.ARCHIVED:
            return self.tr("已归档")
        return label(DEADLINE_LABELS, row.deadline) if row.deadline else "—"

    def counts(self) -> dict[str, int]:
        """How many rows of this page are green, yellow, red (open ones only)."""
        out = {status.value: 0 for status in DeadlineStatus}
        for row in self.rows():
            if row.status == WorkOrderStatus.OPEN and row.deadline in out:
                out[row.deadline] += 1
        return out

    def cell(self, row: WorkOrderRow, column: int, role: int) -> Any:
        if column == self.deadline_column and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            tone = DEADLINE_TONES.get(row.deadline) if row.status == WorkOrderStatus.OPEN else None
            if tone is None:
                return None
            return tone[0] if role == Qt.ItemDataRole.ForegroundRole else tone[1]
        if role == Qt.ItemDataRole.ForegroundRole and row.status == WorkOrderStatus.ARCHIVED:
            return GREY
        return None


def action_label(code: str) -> str:
    return localize(ACTION_LABELS.get(code, code))


def step_stage(step: WorkOrderStepRow) -> str:
    if not step.from_stage or step.from_stage == step.to_stage:
        return label(STAGES, step.to_stage)
    return f"{label(STAGES, step.from_stage)} → {label(STAGES, step.to_stage)}"


def step_detail(step: WorkOrderStepRow) -> str:
    parts = []
    who = " / ".join(p for p in (step.assigned_dept, step.assigned_to) if p)
    if who:
        parts.append(who)
    if step.result:
        parts.append(label(RESULTS, step.result))
    if step.note:
        parts.append(step.note)
    return "；".join(parts)


class StepsModel(TableModel[WorkOrderStepRow]):
    """办理记录: every step, oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("序号"), lambda r: str(r.step_no), CENTER),
            TableColumn(self.tr("时间"), lambda r: local_time(r.done_at)),
            TableColumn(self.tr("办理人"), lambda r: r.done_by),
            TableColumn(self.tr("操作"), lambda r: action_label(r.action)),
            TableColumn(self.tr("环节"), step_stage),
            TableColumn(self.tr("派往 / 结果 / 说明"), step_detail, tooltip=step_detail),
        )
