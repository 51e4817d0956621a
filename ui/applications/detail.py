"""One application opened (业务申请): where it stands, what was asked, every step, and the
actions its state allows (docs/rules.md#工作单与办理).

``ApplicationDetailDialog(ctx, parent, application_id, registration=host)`` — ``registration``
is the customer view's host (ui/customers/host.py): completing a 新装 / 临时用电 shows the
customers module's registration form through it, prefilled from the application.

The header says number, type, customer (or applicant), channel, status, stage, who accepted it
and when, the customer manager it is routed to, the promised and due dates and the working days
used / left in the deadline colour. Tabs: 申请内容 (the type's fields, labelled from the
application's catalogue version, and the documents), 办理记录 (every step: who, when, action,
from → to, remark), 挂起记录, 附件. The buttons follow ``allowed_actions``:

* F2 推进到下一环节 (a remark may be given), F9 办结归档 at the last stage;
* F3 挂起 (reason required), F4 恢复;
* F6 撤销 (a supervisor's; reason required) — a clerk is told the service's refusal at once;
* Ctrl+P 补打受理回执, Ctrl+Shift+P 打印申请表 (ui/applications/printing.py, each copy logged).

Each write sends the version on screen; a stale one is refused (ConcurrentEdit) and the
application is read again. Every write announces ``Change.APPLICATIONS`` (completion also
``Change.CUSTOMER``) for the customer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.applications import ApplicationCatalogue, BusinessType
from app.domain.applications.machine import CHANNELS, STAGES, STATUSES
from app.domain.codes import (
    ApplicationAction,
    ApplicationStatus,
    CustomerKind,
    DeadlineStatus,
    DocType,
    FieldKind,
    PartyType,
)
from app.domain.customers import KINDS, VOLTAGE_LEVELS
from app.domain.errors import DuplicateSuspected, PermissionDenied
from app.domain.workdays import DEADLINE_LABELS
from app.dto.applications import ApplicationDetail, ApplicationStepRow, SuspensionRow
from app.services import applications as service
from app.services.application_reads import get_application
from app.services.customers import CustomerInput, RegisterCustomer
from app.services.permissions import require
from ui.applications.models import _label
from ui.applications.printing import ApplicationDocuments
from ui.changes import Change
from ui.context import UiContext
from ui.formatting import domain_label, local_time
from ui.i18n import fill, localize
from ui.palette import restyle
from ui.reason_dialog import ReasonDialog
from ui.table_model import CENTER, TableColumn, TableModel
from ui.tables import fit_columns, make_table
from ui.tasks import Failure, show_failure
from ui.widgets import alive, muted

#: the deadline colour as a label's role (ui/palette.py)
DEADLINE_ROLES: dict[str, str] = {
    DeadlineStatus.ON_TIME: "ok",
    DeadlineStatus.DUE_SOON: "caution",
    DeadlineStatus.OVERDUE: "error",
}
#: the fields of a new customer the application decides (the registration shows them locked)
LOCKED_REGISTRATION = ("kind", "voltage_level", "capacity_kva", "supply_address")


class RegistrationHost(Protocol):
    """Who shows the registration form (the customer view's host, ui/customers/host.py)."""

    def collect_registration(
        self, parent: QWidget, prefill: CustomerInput, locked: Sequence[str] = ()
    ) -> RegisterCustomer | None: ...


# ---- tables -------------------------------------------------------------------------------------


def action_label(code: str) -> str:
    return localize(service.ACTION_LABELS.get(code, code))


def stage_move(step: ApplicationStepRow) -> str:
    """受理 → 现场勘查, or the status when the stage stays (挂起, 已撤销 …)."""
    if not step.from_stage:
        return _label(STAGES, step.to_stage)
    if step.from_stage != step.to_stage:
        return f"{_label(STAGES, step.from_stage)} → {_label(STAGES, step.to_stage)}"
    if step.from_status != step.to_status:
        return f"{_label(STAGES, step.to_stage)}（{_label(STATUSES, step.from_status)} → {_label(STATUSES, step.to_status)}）"
    return _label(STAGES, step.to_stage)


class StepsModel(TableModel[ApplicationStepRow]):
    """办理记录: every step, oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("序号"), lambda r: str(r.step_no), CENTER),
            TableColumn(self.tr("办理时间"), lambda r: local_time(r.done_at)),
            TableColumn(self.tr("办理人"), lambda r: r.done_by),
            TableColumn(self.tr("操作"), lambda r: action_label(r.action)),
            TableColumn(self.tr("环节"), stage_move),
            TableColumn(self.tr("备注 / 原因"), lambda r: r.remark),
        )


class SuspensionsModel(TableModel[SuspensionRow]):
    """挂起记录: each suspension, its days and reason."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            TableColumn(self.tr("挂起日期"), lambda r: f"{r.start:%Y-%m-%d}", CENTER),
            TableColumn(
                self.tr("恢复日期"), lambda r: f"{r.end:%Y-%m-%d}" if r.end else self.tr("挂起中"), CENTER
            ),
            TableColumn(self.tr("原因"), lambda r: r.reason),
        )


# ---- the dialog ---------------------------------------------------------------------------------


class ApplicationDetailDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None,
        application_id: uuid.UUID,
        *,
        registration: RegistrationHost | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applicationDetail")
        self.ctx = ctx
        self.application_id = application_id
        self.registration = registration
        self.detail: ApplicationDetail | None = None
        self.catalogue: ApplicationCatalogue | None = None
        self.busy = False
        self.loading = False
        self.writes = 0  # writes done while open (the worklist reloads on the announcement anyway)
        self._generation = 0
        self.attachments: Any = None  # the 附件 panel, when installed
        self.documents = ApplicationDocuments(ctx, self, self.show_message)
        self.setWindowTitle(self.tr("业务申请"))
        self._build()
        self.resize(1000, 660)  # inside a 1024×768 counter screen
        self.load()

    # ---- construction ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = self._build_header()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("applicationTabs")
        self.tabs.addTab(self._build_content(), self.tr("申请内容"))
        self.steps_model = StepsModel(self)
        self.steps_table = make_table(self, "stepsTable")
        self.steps_table.setModel(self.steps_model)
        self.steps_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.steps_table, self.tr("办理记录"))
        self.suspensions_model = SuspensionsModel(self)
        self.suspensions_table = make_table(self, "suspensionsTable")
        self.suspensions_table.setModel(self.suspensions_model)
        self.suspensions_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.suspensions_table, self.tr("挂起记录"))
        self.tabs.addTab(self._attachments_tab(), self.tr("附件"))
        self.message = QLabel(self)
        self.message.setObjectName("detailMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 10)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())

    def _build_header(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("applicationHeader")
        frame.setProperty("panel", "header")
        grid = QGridLayout(frame)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.title = QLabel(frame)
        self.title.setObjectName("applicationTitle")
        self.title.setStyleSheet("QLabel#applicationTitle { font-size: 18px; font-weight: bold; }")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.title, 0, 0, 1, 6)
        self.facts: dict[str, QLabel] = {}
        cells = (
            ("customer", self.tr("客户")),
            ("channel", self.tr("渠道")),
            ("status", self.tr("状态")),
            ("accepted", self.tr("受理")),
            ("manager", self.tr("客户经理")),
            ("stage", self.tr("当前环节")),
            ("promised", self.tr("承诺办结")),
            ("due", self.tr("应办结")),
            ("deadline", self.tr("时限")),
        )
        for i, (key, text) in enumerate(cells):
            row, col = divmod(i, 3)
            caption = muted(text + "：", frame)
            value = QLabel(frame)
            value.setObjectName(f"fact_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts[key] = value
            grid.addWidget(caption, row + 1, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(value, row + 1, col * 2 + 1)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        return frame

    def _build_content(self) -> QWidget:
        page = QWidget(self)
        self.values_form = QFormLayout()
        self.values_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values_form.setHorizontalSpacing(12)
        self.docs_form = QFormLayout()
        self.docs_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.docs_form.setHorizontalSpacing(12)
        left = QVBoxLayout()
        left.addWidget(muted(self.tr("业务信息"), page))
        left.addLayout(self.values_form)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(muted(self.tr("申请资料"), page))
        right.addLayout(self.docs_form)
        right.addStretch(1)
        row = QHBoxLayout(page)
        row.setContentsMargins(10, 10, 10, 10)
        row.setSpacing(24)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        return page

    def _attachments_tab(self) -> QWidget:
        # ---- 附件: the panel of ui/applications/attachments.py (another change), when installed --
        try:
            from ui.applications.attachments import AttachmentsPanel  # type: ignore[import-not-found]
        except ModuleNotFoundError as exc:
            if exc.name != "ui.applications.attachments":
                raise
            label = muted(self.tr("附件功能尚未安装"), self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            return label
        self.attachments = AttachmentsPanel(self.ctx, self)
        return self.attachments  # type: ignore[no-any-return]

    def _build_buttons(self) -> QHBoxLayout:
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(6)
        specs: tuple[tuple[str, str, str, Callable[[], None]], ...] = (
            (ApplicationAction.ADVANCE, self.tr("推进到下一环节"), "F2", self.advance),
            (ApplicationAction.COMPLETE, self.tr("办结归档"), "F9", self.complete),
            (ApplicationAction.SUSPEND, self.tr("挂起"), "F3", self.suspend),
            (ApplicationAction.RESUME, self.tr("恢复"), "F4", self.resume),
            (ApplicationAction.CANCEL, self.tr("撤销"), "F6", self.cancel_application),
            (
                "receipt",
                self.tr("补打受理回执"),
                "Ctrl+P",
                lambda: self.print_document(DocType.APPLICATION_RECEIPT),
            ),
            (
                "form",
                self.tr("打印申请表"),
                "Ctrl+Shift+P",
                lambda: self.print_document(DocType.APPLICATION_FORM),
            ),
        )
        for key, text, shortcut, slot in specs:
            button = QPushButton(f"{text} ({shortcut})", self)
            button.setObjectName(f"detail_{key}")
            button.setAutoDefault(False)
            button.setStyleSheet("text-transform: none;")
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            QShortcut(QKeySequence(shortcut), self).activated.connect(
                lambda b=button: b.click() if b.isEnabled() else None
            )
            self.buttons[str(key)] = button
            row.addWidget(button)
            if key == ApplicationAction.CANCEL:
                row.addStretch(1)
        self.close_button = QPushButton(self.tr("关闭 (Esc)"), self)
        self.close_button.setObjectName("detail_close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        return row

    # ---- loading --------------------------------------------------------------------------------
    def load(self) -> None:
        self._generation += 1
        generation = self._generation
        self.loading = True
        db, actor, app_id = self.ctx.db, self.ctx.actor, self.application_id
        assert actor is not None

        def work() -> tuple[ApplicationDetail, ApplicationCatalogue]:
            detail = get_application(db, actor, app_id)
            return detail, service.catalogue_in_force(db, detail.catalogue_version)

        def answered() -> None:
            self.loading = False

        self.ctx.tasks.run(
            work,
            self._loaded,
            always=answered,
            stale=lambda: not alive(self) or generation != self._generation,
            failure=Failure(
                status=lambda text: self.show_message(text, error=True), what="reading an application"
            ),
        )

    def _loaded(self, result: tuple[ApplicationDetail, ApplicationCatalogue]) -> None:
        self.detail, self.catalogue = result
        self._show(*result)

    def _show(self, detail: ApplicationDetail, cat: ApplicationCatalogue) -> None:
        row = detail.row
        btype = cat.get(row.type_code) if row.type_code in cat.codes else None
        type_name = localize(btype.name) if btype else row.type_name
        variant = self._variant_label(btype, detail.variant)
        self.setWindowTitle(fill(self.tr("业务申请 %1"), row.application_no))
        self.title.setText(
            fill(
                self.tr("%1　%2%3"),
                row.application_no,
                type_name,
                fill(self.tr("（%1）"), variant) if variant else "",
            )
        )
        f = self.facts
        if row.account_no:
            f["customer"].setText(fill(self.tr("%1　%2"), row.account_no, row.customer_name))
        else:
            f["customer"].setText(fill(self.tr("%1（申请人，尚未建档）"), row.customer_name))
        f["channel"].setText(_label(CHANNELS, row.channel))
        f["status"].setText(_label(STATUSES, row.status))
        f["stage"].setText(_label(STAGES, row.stage))
        f["accepted"].setText(fill(self.tr("%1　%2"), row.accepted_by, local_time(row.accepted_at)))
        f["manager"].setText(row.customer_manager or self.tr("（未分派）"))
        f["promised"].setText(f"{row.promised_date:%Y-%m-%d}")
        if row.status == ApplicationStatus.SUSPENDED:
            f["due"].setText(self.tr("挂起中，期限暂停计算"))
        elif row.due_date is not None and row.status == ApplicationStatus.IN_PROGRESS:
            f["due"].setText(f"{row.due_date:%Y-%m-%d}")
        elif detail.closed_at is not None:
            f["due"].setText(
                fill(
                    self.tr("%1 于 %2 %3"),
                    _label(STATUSES, row.status),
                    local_time(detail.closed_at),
                    detail.closed_by,
                )
            )
        else:
            f["due"].setText("—")
        f["deadline"].setText(self._deadline_text(detail))
        restyle(f["deadline"], role=DEADLINE_ROLES.get(row.deadline, "ink"), strong=True)
        self._show_values(detail, btype)
        self._show_documents(detail, cat)
        self.steps_model.set_rows(detail.steps)
        fit_columns(self.steps_table)
        self.suspensions_model.set_rows(detail.suspensions)
        fit_columns(self.suspensions_table)
        self.tabs.setTabText(1, fill(self.tr("办理记录 (%1)"), len(detail.steps)))
        self.tabs.setTabText(2, fill(self.tr("挂起记录 (%1)"), len(detail.suspensions)))
        if self.attachments is not None:
            closed = row.status in (ApplicationStatus.ARCHIVED, ApplicationStatus.CANCELLED)
            self.attachments.set_application(detail.row.id, closed)  # a closed one takes none
        self._update_buttons()

    def _variant_label(self, btype: BusinessType | None, variant: str) -> str:
        if not btype or not variant or not btype.variant_field:
            return ""
        spec = btype.field(btype.variant_field)
        options = dict(spec.options) if spec else {}
        return localize(options.get(variant, variant))

    def _deadline_text(self, detail: ApplicationDetail) -> str:
        colour = _label(DEADLINE_LABELS, detail.row.deadline)
        if detail.left_days < 0:
            left = fill(self.tr("超期 %1 个工作日"), -detail.left_days)
        else:
            left = fill(self.tr("剩余 %1 个工作日"), detail.left_days)
        return fill(
            self.tr("%1　已用 %2 / 时限 %3 个工作日，%4"), colour, detail.used_days, detail.limit_days, left
        )

    def _value_text(self, spec: Any, value: object) -> str:
        if value in (None, ""):
            return "—"
        text = str(value)
        if spec.kind == FieldKind.CHOICE:
            return localize(dict(spec.options).get(text, text))
        if spec.kind == FieldKind.CUSTOMER_KIND:
            return domain_label(KINDS.get(text, text))
        if spec.kind == FieldKind.VOLTAGE:
            return VOLTAGE_LEVELS.get(text, text)
        if spec.kind == FieldKind.KVA:
            return fill(self.tr("%1 kVA"), text)
        return text

    def _clear_form(self, form: QFormLayout) -> None:
        while form.rowCount():
            form.removeRow(0)

    def _show_values(self, detail: ApplicationDetail, btype: BusinessType | None) -> None:
        form = self.values_form
        self._clear_form(form)
        specs = btype.fields if btype else ()
        shown = set()
        for spec in specs:
            value = QLabel(self._value_text(spec, detail.values.get(spec.name)))
            value.setObjectName(f"value_{spec.name}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(localize(spec.label) + "：", value)
            shown.add(spec.name)
        for name, raw in detail.values.items():  # a field the catalogue no longer names
            if name not in shown:
                form.addRow(name + "：", QLabel(str(raw)))
        if detail.remark:
            form.addRow(self.tr("受理备注："), QLabel(detail.remark))
        if detail.close_reason:
            reason = QLabel(detail.close_reason)
            reason.setObjectName("value_close_reason")
            form.addRow(self.tr("撤销原因："), reason)
        if not form.rowCount():
            form.addRow(QLabel(self.tr("该业务无需填写业务信息")))

    def _show_documents(self, detail: ApplicationDetail, cat: ApplicationCatalogue) -> None:
        form = self.docs_form
        self._clear_form(form)
        docs = detail.documents

        def names(key: str) -> str:
            codes = docs.get(key) or []
            assert isinstance(codes, list)
            return "、".join(localize(cat.documents[c].name) if c in cat.documents else str(c) for c in codes)

        for key, caption in (
            ("received", self.tr("已收资料")),
            ("missing", self.tr("缺件")),
            ("promised", self.tr("承诺后补")),
        ):
            text = names(key)
            label = QLabel(text or "—")
            label.setObjectName(f"docs_{key}")
            label.setWordWrap(True)
            if key == "missing" and text:
                label.setProperty("role", "error")
            form.addRow(caption + "：", label)
        signed = self.tr("已签署") if docs.get("commitment_signed") else self.tr("未签署")
        form.addRow(self.tr("一证受理承诺书："), QLabel(signed))

    def _update_buttons(self) -> None:
        allowed = set(self.detail.allowed_actions) if self.detail is not None else set()
        for action in ApplicationAction:
            button = self.buttons.get(str(action))
            if button is not None:
                button.setEnabled(not self.busy and str(action) in allowed)
        # 推进 and 办结 share a place: only the one the stage allows is shown
        can_complete = str(ApplicationAction.COMPLETE) in allowed
        self.buttons[ApplicationAction.COMPLETE].setVisible(can_complete)
        self.buttons[ApplicationAction.ADVANCE].setVisible(not can_complete)
        printable = self.detail is not None and not self.busy
        self.buttons["receipt"].setEnabled(printable)
        self.buttons["form"].setEnabled(printable)

    # ---- actions --------------------------------------------------------------------------------
    def _ask(self, title: str, prompt: str, ok_text: str, *, required: bool) -> str | None:
        dialog = ReasonDialog(self, title, prompt, ok_text, required=required)
        try:
            if self.ctx.dialogs.run(dialog) != QDialog.DialogCode.Accepted:
                return None
            return dialog.text()
        finally:
            dialog.deleteLater()

    def _ready(self, action: ApplicationAction) -> ApplicationDetail | None:
        detail = self.detail
        if detail is None or self.busy or str(action) not in detail.allowed_actions:
            return None
        return detail

    def advance(self) -> None:
        detail = self._ready(ApplicationAction.ADVANCE)
        if detail is None:
            return
        btype = self._btype()
        stages: list[str] = [str(s) for s in btype.stages] if btype else []
        following = stages[stages.index(detail.row.stage) + 1] if detail.row.stage in stages[:-1] else ""
        prompt = (
            fill(self.tr("推进到「%1」。办理意见（可不填）："), _label(STAGES, following))
            if following
            else self.tr("办理意见（可不填）：")
        )
        remark = self._ask(self.tr("推进到下一环节"), prompt, self.tr("推进"), required=False)
        if remark is None:
            return
        self._write(
            service.advance_application,
            detail,
            remark,
            fill(self.tr("已推进到「%1」"), _label(STAGES, following)) if following else self.tr("已推进"),
        )

    def suspend(self) -> None:
        detail = self._ready(ApplicationAction.SUSPEND)
        if detail is None:
            return
        reason = self._ask(
            self.tr("挂起申请"), self.tr("挂起原因（挂起期间不计办理时限）："), self.tr("挂起"), required=True
        )
        if reason is not None:
            self._write(service.suspend_application, detail, reason, self.tr("已挂起，期限暂停计算"))

    def resume(self) -> None:
        detail = self._ready(ApplicationAction.RESUME)
        if detail is None:
            return
        remark = self._ask(
            self.tr("恢复办理"), self.tr("恢复说明（可不填）："), self.tr("恢复"), required=False
        )
        if remark is not None:
            self._write(service.resume_application, detail, remark, self.tr("已恢复办理，期限继续计算"))

    def cancel_application(self) -> None:
        detail = self._ready(ApplicationAction.CANCEL)
        if detail is None:
            return
        actor = self.ctx.actor
        assert actor is not None
        try:
            require(actor, "application.cancel")  # the service's own check, said before asking a reason
        except PermissionDenied as exc:
            self.show_message(fill(self.tr("撤销须由值班长办理：%1"), localize(exc.message)), error=True)
            return
        reason = self._ask(
            self.tr("撤销申请"), self.tr("撤销原因（撤销后不能恢复）："), self.tr("撤销"), required=True
        )
        if reason is not None:
            self._write(service.cancel_application, detail, reason, self.tr("申请已撤销"))

    def complete(self) -> None:
        detail = self._ready(ApplicationAction.COMPLETE)
        if detail is None:
            return
        btype = self._btype()
        registration: RegisterCustomer | None = None
        if btype is not None and btype.effect.new_customer:
            if self.registration is None:
                self.show_message(self.tr("客户模块未启用，无法为新装登记客户档案"), error=True)
                return
            registration = self.registration.collect_registration(
                self, self.prefill(detail, btype), LOCKED_REGISTRATION
            )
            if registration is None:
                self.show_message(self.tr("未填写新客户档案，申请未办结"), error=True)
                return
        remark = self._ask(
            self.tr("办结归档"), self.tr("办结意见（可不填）："), self.tr("办结"), required=False
        )
        if remark is None:
            return
        self._complete(detail, remark, registration)

    def prefill(self, detail: ApplicationDetail, btype: BusinessType) -> CustomerInput:
        """The new customer's record as the application knows it: the applicant, the kind,
        capacity, voltage and address asked for."""
        values = detail.values
        kind = str(values.get("customer_kind") or btype.kinds[0])
        party = PartyType.INDIVIDUAL if kind == CustomerKind.RESIDENTIAL else PartyType.ORGANISATION
        return CustomerInput(
            party_type=party,
            kind=kind,
            name=detail.row.customer_name,
            id_type="",
            id_number="",
            area="",
            voltage_level=str(values.get("voltage_level", "")),
            capacity_kva=str(values.get("capacity_kva", "")),
            supply_address=str(values.get("address", "")),
        )

    def _btype(self) -> BusinessType | None:
        if (
            self.detail is None
            or self.catalogue is None
            or self.detail.row.type_code not in self.catalogue.codes
        ):
            return None
        return self.catalogue.get(self.detail.row.type_code)

    # ---- writing --------------------------------------------------------------------------------
    def _failure(self) -> Failure:
        # A refusal (a stale version above all: ConcurrentEdit) is said and the application read
        # again, so the buttons follow what it is now.
        return Failure(status=self._refused, what="moving an application on")

    def _refused(self, text: str) -> None:
        self.show_message(text, error=True)
        self.load()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def _write(
        self,
        fn: Callable[[Any, Any, service.ApplicationCommand], int],
        detail: ApplicationDetail,
        remark: str,
        done_text: str,
    ) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        cmd = service.ApplicationCommand(detail.row.id, detail.row.version, remark)
        self._set_busy(True)

        def work() -> ApplicationDetail:
            fn(db, actor, cmd)
            return get_application(db, actor, cmd.application_id)

        self.ctx.tasks.run(
            work,
            lambda fresh: self._written(fresh, done_text, customer=False),
            always=lambda: self._set_busy(False),
            stale=lambda: not alive(self),
            failure=self._failure(),
        )

    def _complete(
        self, detail: ApplicationDetail, remark: str, registration: RegisterCustomer | None
    ) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        cmd = service.CompleteApplication(detail.row.id, detail.row.version, remark, registration)
        self._set_busy(True)

        def work() -> ApplicationDetail:
            service.complete_application(db, actor, cmd)
            return get_application(db, actor, cmd.application_id)

        def done(fresh: ApplicationDetail) -> None:
            text = (
                fill(self.tr("已办结归档，新客户户号 %1"), fresh.row.account_no)
                if registration is not None
                else self.tr("已办结归档，客户档案已按申请变更")
            )
            self._written(fresh, text, customer=True)

        self.ctx.tasks.run(
            work,
            done,
            lambda exc: self._complete_failed(exc, detail, remark, registration),
            always=lambda: self._set_busy(False),
            stale=lambda: not alive(self),
        )

    def _complete_failed(
        self,
        exc: BaseException,
        detail: ApplicationDetail,
        remark: str,
        registration: RegisterCustomer | None,
    ) -> None:
        # Not the runner's default: a possible duplicate of the new customer is asked about and
        # the completion sent again with the clerk's confirmation, as at registration.
        if isinstance(exc, DuplicateSuspected) and registration is not None:
            names = "、".join(f"{m.account_no} {m.name}" for m in exc.matches)
            if self.ctx.dialogs.confirm(
                self,
                self.tr("可能重复建档"),
                fill(self.tr("%1\n%2\n\n仍要为此申请新建客户档案吗？"), localize(exc.message), names),
            ):
                confirmed = RegisterCustomer(registration.data, True, registration.approval)
                self._complete(detail, remark, confirmed)
            else:
                self.show_message(self.tr("未办结：可能与已有客户重复"), error=True)
            return
        show_failure(exc, self._failure())

    def _written(self, fresh: ApplicationDetail, text: str, *, customer: bool) -> None:
        self.writes += 1
        # a read still on its way (started after a refusal) is older than this answer: dropped
        self._generation += 1
        self.loading = False
        self.detail = fresh
        kinds = (Change.APPLICATIONS, Change.CUSTOMER) if customer else (Change.APPLICATIONS,)
        self.ctx.changes.announce(*kinds, customer_id=fresh.row.customer_id, origin=self)
        if self.catalogue is not None:
            self._show(fresh, self.catalogue)
        self.show_message(text)
        focus = self.focusWidget()
        if focus is None or not focus.isEnabled() or not focus.isVisible():
            self.close_button.setFocus(
                Qt.FocusReason.OtherFocusReason
            )  # the key pressed is gone: Esc, Enter close

    # ---- printing -------------------------------------------------------------------------------
    def print_document(self, doc_type: DocType) -> None:
        if self.detail is None:
            return
        if not self.documents.show(self.detail.row.id, doc_type):
            self.show_message(self.tr("上一份单据仍在预览中"), error=True)

    def reject(self) -> None:
        # Esc / 关闭 while a step is being written: wait for it, else its answer is dropped with
        # the dialog and Change.APPLICATIONS never announced (the worklist and the customer view
        # would keep the old stage, the customer his old name).
        if self.busy:
            self.show_message(self.tr("正在办理，请稍候…"))
            return
        super().reject()

    # ---- messages -------------------------------------------------------------------------------
    def show_message(self, text: str, error: bool = False) -> None:
        restyle(self.message, role="error" if error else "ok", strong=True)
        self.message.setText(localize(text))
