"""Enter or edit an outage (发布停电信息 / 修改停电信息): every field checked by the service, each
message under its field. Enter moves on, Enter on the last field or Ctrl+S saves, Esc cancels."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import OutageKind
from app.domain.outages import KINDS
from app.dto.outages import OutageView
from app.services.outages import OutageInput, UpdateOutage, record_outage, to_local, update_outage
from ui.context import UiContext
from ui.formatting import domain_label
from ui.forms import ok_cancel_buttons
from ui.i18n import fill
from ui.tasks import Failure
from ui.widgets import EnterNavigator, ErrorLabel, FormField, muted_label

FIELDS = ("kind", "starts_at", "expected_end", "transformer_areas", "lines", "areas", "reason", "note")


def _qt(value: dt.datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def _py(edit: QDateTimeEdit) -> dt.datetime:
    d, t = edit.date(), edit.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class OutageDialog(QDialog):
    """A new outage (``outage is None``) or an edit of ``outage`` (the version shown)."""

    #: the saved OutageView
    saved = Signal(object)

    def __init__(
        self, ctx: UiContext, outage: OutageView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outageDialog")
        self.ctx = ctx
        self.outage = outage
        self.result_view: OutageView | None = None
        self.busy = False
        self.setWindowTitle(
            self.tr("发布停电信息") if outage is None else fill(self.tr("修改停电信息 %1"), outage.outage_no)
        )
        self._build()
        if outage is not None:
            self._fill(outage)
        self.resize(620, self.sizeHint().height())

    def _build(self) -> None:
        kind = QComboBox(self)
        for code, text in KINDS.items():
            kind.addItem(domain_label(text), code)
        start, end = QDateTimeEdit(self), QDateTimeEdit(self)
        tomorrow = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(8, 0))
        for edit, value in ((start, tomorrow), (end, tomorrow.replace(hour=17))):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.setDateTime(_qt(value))
        start.dateTimeChanged.connect(self._start_moved)
        self._start_before = start.dateTime()

        def line(placeholder: str, max_len: int) -> QLineEdit:
            edit = QLineEdit(self)
            edit.setPlaceholderText(placeholder)
            edit.setMaxLength(max_len)
            return edit

        editors: dict[str, QWidget] = {
            "kind": kind,
            "starts_at": start,
            "expected_end": end,
            "transformer_areas": line(self.tr("如 文三1号台区、文三2号台区（多个用顿号或分号隔开）"), 600),
            "lines": line(self.tr("如 10kV文三线"), 600),
            "areas": line(self.tr("地址开头，如 浙江省杭州市西湖区古墩路"), 600),
            "reason": line(self.tr("如 线路检修、变压器故障"), 200),
            "note": line(self.tr("可不填"), 200),
        }
        labels = {
            "kind": self.tr("停电类型"),
            "starts_at": self.tr("开始时间"),
            "expected_end": self.tr("预计送电"),
            "transformer_areas": self.tr("台区"),
            "lines": self.tr("线路"),
            "areas": self.tr("区域"),
            "reason": self.tr("停电原因"),
            "note": self.tr("备注"),
        }
        self.fields: dict[str, FormField] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name in FIELDS:
            editors[name].setObjectName(f"outage_{name}")
            self.fields[name] = FormField(editors[name], self)
            form.addRow(labels[name], self.fields[name])
        self.kind, self.start, self.end = kind, start, end
        hint = muted_label(
            self.tr(
                "停电范围至少填写一项（台区、线路或区域）；覆盖该范围的客户在查询结果和客户视图中显示停电提示"
            ),
            self,
        )
        hint.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.ok, self.cancel, buttons = ok_cancel_buttons(
            self, self.tr("保存 (Ctrl+S)"), self.save, self.tr("取消 (Esc)"), name="outage"
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.navigator = EnterNavigator([self.fields[n].editor for n in FIELDS], self.save, self)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)

    def _start_moved(self, value: QDateTime) -> None:
        """The expected end moves with the start (the duration stays), as a person expects."""
        shift = self._start_before.secsTo(value)
        self._start_before = value
        self.end.setDateTime(self.end.dateTime().addSecs(shift))

    def _fill(self, o: OutageView) -> None:
        self.kind.setCurrentIndex(self.kind.findData(o.kind))
        self.start.setDateTime(_qt(to_local(o.starts_at)))
        self.end.setDateTime(_qt(to_local(o.expected_end)))
        for name, values in (
            ("transformer_areas", o.transformer_areas),
            ("lines", o.lines),
            ("areas", o.areas),
        ):
            self._line(name).setText("、".join(values))
        self._line("reason").setText(o.reason)
        self._line("note").setText(o.note)

    def _line(self, name: str) -> QLineEdit:
        editor = self.fields[name].editor
        assert isinstance(editor, QLineEdit)
        return editor

    def set_fault_now(self) -> None:
        """A fault outage entered as it happens: starts now, expected end in four hours."""
        self.kind.setCurrentIndex(self.kind.findData(OutageKind.FAULT))
        now = QDateTime.currentDateTime()
        now.setTime(QTime(now.time().hour(), now.time().minute()))
        self.start.setDateTime(now)
        self.end.setDateTime(now.addSecs(4 * 3600))

    def collect(self) -> OutageInput:
        return OutageInput(
            kind=self.kind.currentData() or "",
            starts_at=_py(self.start),
            expected_end=_py(self.end),
            reason=self._line("reason").text(),
            areas=self._line("areas").text(),
            lines=self._line("lines").text(),
            transformer_areas=self._line("transformer_areas").text(),
            note=self._line("note").text(),
        )

    def save(self) -> None:
        if self.busy:
            return
        data, outage = self.collect(), self.outage
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        self.busy = True
        self.ok.setEnabled(False)
        self.error.set_message("")
        for field in self.fields.values():
            field.set_error("")

        def work() -> OutageView:
            if outage is None:
                return record_outage(db, actor, data)
            return update_outage(db, actor, UpdateOutage(outage.id, outage.version, data))

        self.ctx.tasks.run(
            work,
            self._saved,
            always=self._idle,
            failure=Failure(fields=self.fields, label=self.error, what="saving an outage"),
        )

    def _idle(self) -> None:
        self.busy = False
        self.ok.setEnabled(True)

    def _saved(self, view: OutageView) -> None:
        self.result_view = view
        self.saved.emit(view)
        self.accept()
