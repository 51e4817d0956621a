"""Suspected duplicate (疑似重复建档): show the matches, let the clerk decide."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dto.customers import CustomerSummary
from ui.customers.search_model import DUPLICATE_COLUMNS, CustomerSummaryModel, SummaryColumn


class DuplicateChoice(Enum):
    CANCEL = "cancel"
    OPEN_EXISTING = "open"
    CREATE_ANYWAY = "create"


class DuplicateDialog(QDialog):
    """打开已有档案 (default, Enter or Alt+O) / 仍然建档 (Alt+R) / 取消 (Esc or Alt+C).

    ``choice`` and ``selected()`` tell the caller. ↑↓ in the table pick the record to open.
    """

    def __init__(self, message: str, matches: list[CustomerSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("疑似重复建档"))
        self.setModal(True)
        self.resize(900, 380)
        self.choice = DuplicateChoice.CANCEL

        intro = QLabel(message + "\n" + self.tr("请核对下列已有档案。同一客户请打开已有档案办理；"
                                                "确属不同客户时才“仍然建档”。") + "\n"
                       + self.tr("↑↓ 选择档案　·　回车或 Alt+O 打开已有档案　·　Alt+R 仍然建档　·　Esc 或 Alt+C 取消"),
                       self)
        intro.setWordWrap(True)

        self.model = CustomerSummaryModel(DUPLICATE_COLUMNS, self)
        self.model.set_rows(matches)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((SummaryColumn.ACCOUNT, 120), (SummaryColumn.NAME, 110),
                              (SummaryColumn.PHONE, 110), (SummaryColumn.ID, 170), (SummaryColumn.MATCHED, 150)):
            self.table.setColumnWidth(self.model.column_of(column), width)
        header.setSectionResizeMode(self.model.column_of(SummaryColumn.ADDRESS), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self._choose(DuplicateChoice.OPEN_EXISTING))
        if matches:
            self.table.selectRow(0)

        buttons = QDialogButtonBox(self)
        self.open_button: QPushButton = buttons.addButton(self.tr("打开已有档案(&O)"),
                                                          QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button: QPushButton = buttons.addButton(self.tr("仍然建档(&R)"),
                                                            QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button: QPushButton = buttons.addButton(self.tr("取消(&C)"),
                                                            QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._choose(DuplicateChoice.OPEN_EXISTING))
        self.create_button.clicked.connect(lambda: self._choose(DuplicateChoice.CREATE_ANYWAY))
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.table.setFocus()

    def _choose(self, choice: DuplicateChoice) -> None:
        if choice == DuplicateChoice.OPEN_EXISTING and self.selected() is None:
            return
        self.choice = choice
        self.accept()

    def reject(self) -> None:
        self.choice = DuplicateChoice.CANCEL
        super().reject()

    def selected(self) -> CustomerSummary | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row() if index.isValid() else 0)
