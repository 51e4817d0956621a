"""The important customers under an outage (重要客户停电提前告知清单), with its print preview (Ctrl+P)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout, QWidget

from app.dto.outages import ImportantCustomerList
from app.printing.outage_notice import render_outage_notice
from ui.context import UiContext
from ui.i18n import fill
from ui.outages.models import ImportantModel
from ui.outages.outage_text import kind_label, period, scope_text
from ui.printing.show import show_pdf_later
from ui.tables import make_table
from ui.widgets import ErrorLabel, heading, muted_label


class ImportantDialog(QDialog):
    def __init__(self, ctx: UiContext, data: ImportantCustomerList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importantDialog")
        self.ctx = ctx
        self.data = data
        o = data.outage
        self.setWindowTitle(fill(self.tr("重要客户停电提前告知清单 — %1"), o.outage_no))
        title = heading(
            fill(self.tr("%1　%2　%3"), o.outage_no, kind_label(o.kind), period(o, year=True)), 16, True, self
        )
        facts = muted_label(fill(self.tr("%1　原因：%2"), scope_text(o), o.reason), self)
        facts.setWordWrap(True)
        self.model = ImportantModel(self)
        self.model.set_rows(data.rows)
        self.table = make_table(self, "importantTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(True)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        count = (
            fill(self.tr("共 %1 户重要客户"), len(data.rows))
            if data.rows
            else self.tr("本次停电范围内没有重要客户")
        )
        self.count = muted_label(count + (self.tr("；联系电话已脱敏") if data.phones_masked else ""), self)
        self.error = ErrorLabel(self)
        self.print_button = QPushButton(self.tr("打印预览 (Ctrl+P)"), self)
        self.print_button.setObjectName("importantPrint")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.preview)
        close = QPushButton(self.tr("关闭 (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        QShortcut(
            QKeySequence("Ctrl+P"), self, self.preview, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(facts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(920, 520)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if data.rows:
            self.table.selectRow(0)

    def preview(self) -> None:
        data = self.data
        show_pdf_later(
            self.ctx,
            self,
            lambda: render_outage_notice(data),
            self.tr("重要客户停电提前告知清单"),
            f"重要客户停电告知_{data.outage.outage_no}.pdf",
            on_error=self.error.set_message,
        )
