"""Customer view (客户视图): header band with the state at a glance, and tabs.

Personal numbers are shown masked unless the role may see them (``sensitive_visible``).
Bills, payments, applications and work orders get their own tabs when those modules land.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dto.customers import CustomerView, HistoryEntry
from ui.customers.common import (
    DEFAULT_CHIP,
    STATUS_COLORS,
    area_label,
    badge,
    chip_for,
    clear_layout,
    id_type_label,
    kind_label,
    low_income_label,
    party_label,
    voltage_label,
)
from ui.customers.history_model import ChangesModel, HistoryColumn, HistoryModel
from ui.formatting import customer_status_label, local_time
from ui.i18n import fill
from ui.tables import make_table
from ui.widgets import ElidedLabel, muted_label

_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def _table(parent: QWidget) -> QTableView:
    """The house table (ui.tables.make_table) with left-aligned headers, as the history reads."""
    table = make_table(parent, "")
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return table


class CustomerViewWidget(QWidget):
    """Shows one customer; ``editRequested`` (F4 button) and ``closeRequested`` (Esc) go to the module."""

    editRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerView")
        self.customer: CustomerView | None = None
        self._build_header()
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("customerTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_basic(), self.tr("基本信息"))
        self.tabs.addTab(self._build_history(), self.tr("变更记录"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    # -- header ------------------------------------------------------------------------
    def _build_header(self) -> None:
        self.header = QFrame(self)
        self.header.setObjectName("customerHeader")
        self.header.setProperty("panel", "header")  # colours: ui/palette.py
        # A sheet of its own: the money band's figures size to their style-sheet font under it.
        self.header.setStyleSheet("QFrame#customerHeader QLabel { background: transparent; }")
        self._build_name_row()
        account_caption = self._build_facts()
        self._layout_header(account_caption)

    def _build_name_row(self) -> None:
        """The name, the places for the status badge and the flag chips, and 编辑档案 (F4)."""
        self.name_label = QLabel(self.header)
        self.name_label.setObjectName("customerName")
        self.name_label.setStyleSheet("QLabel#customerName { font-size: 22px; font-weight: bold; }")
        self.name_label.setTextInteractionFlags(_SELECTABLE)
        self.status_holder = QHBoxLayout()
        self.status_holder.setSpacing(6)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        self.edit_button = QPushButton(self.tr("编辑档案 (F4)"), self.header)
        self.edit_button.setAutoDefault(True)
        self.edit_button.clicked.connect(self.editRequested)

    def _build_facts(self) -> QLabel:
        """户号 in large figures, the kind line, and the ID, phone and address; returns the 户号 caption."""
        account_caption = muted_label(self.tr("户号"), self.header)
        self.account_label = QLabel(self.header)
        self.account_label.setObjectName("accountNo")
        self.account_label.setStyleSheet(
            "QLabel#accountNo { font-size: 22px; font-weight: bold; letter-spacing: 1px; }")
        self.account_label.setTextInteractionFlags(_SELECTABLE)
        self.account_label.setCursor(Qt.CursorShape.IBeamCursor)
        self.kind_label = ElidedLabel("", self.header)
        self.kind_label.setObjectName("headerKind")
        self.kind_label.setStyleSheet("QLabel#headerKind { font-size: 14px; }")
        self.id_label = QLabel(self.header)
        self.phone_label = QLabel(self.header)
        self.address_label = QLabel(self.header)
        for label in (self.id_label, self.phone_label, self.address_label):
            label.setTextInteractionFlags(_SELECTABLE)
            label.setObjectName("headerFact")
            label.setStyleSheet("QLabel#headerFact { font-size: 13px; }")
        return account_caption

    def _layout_header(self, account_caption: QLabel) -> None:
        """Three rows: name and badges; 户号 and kind (the money figures join it); ID, phone, address."""
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.name_label)
        top.addLayout(self.status_holder)
        top.addLayout(self.chips)
        top.addStretch(1)
        top.addWidget(self.edit_button)

        second = QHBoxLayout()
        second.setSpacing(8)
        second.addWidget(account_caption, 0, Qt.AlignmentFlag.AlignBottom)
        second.addWidget(self.account_label)
        second.addSpacing(18)
        second.addWidget(self.kind_label, 1, Qt.AlignmentFlag.AlignBottom)
        self.summary_row = second  # the money figures (ui/money_band.py) join it on the right

        third = QHBoxLayout()
        third.setSpacing(24)
        third.addWidget(self.id_label)
        third.addWidget(self.phone_label)
        third.addWidget(self.address_label, 1)

        layout = QVBoxLayout(self.header)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addLayout(third)

    # -- 基本信息 ----------------------------------------------------------------------
    def _build_basic(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page.setObjectName("basicPage")
        self.basic_grid = QGridLayout(page)
        self.basic_grid.setContentsMargins(12, 12, 12, 12)
        self.basic_grid.setHorizontalSpacing(14)
        self.basic_grid.setVerticalSpacing(8)
        self.basic_grid.setColumnStretch(1, 1)
        self.basic_grid.setColumnStretch(3, 1)
        self.basic_grid.setColumnMinimumWidth(0, 96)
        self.basic_grid.setColumnMinimumWidth(2, 96)
        self.values: dict[str, QLabel] = {}
        left = [("account_no", self.tr("户号")), ("name", self.tr("户名")), ("party_type", self.tr("客户类型")),
                ("id_type", self.tr("证件类型")), ("id_number", self.tr("证件号码")),
                ("contact_person", self.tr("联系人")), ("phone", self.tr("联系电话")),
                ("phone2", self.tr("备用电话")), ("low_income", self.tr("低保/五保")), ("vip", self.tr("VIP")),
                ("important", self.tr("重要客户"))]
        right = [("kind", self.tr("用电类别")), ("status", self.tr("状态")), ("area", self.tr("城乡类别")),
                 ("voltage_level", self.tr("电压等级")), ("capacity_kva", self.tr("合同容量")),
                 ("tariff_code", self.tr("电价代码")), ("meter_no", self.tr("电能表号")),
                 ("customer_manager", self.tr("客户经理")), ("supply_line", self.tr("线路")),
                 ("transformer_area", self.tr("台区")), ("created_at", self.tr("建档时间")),
                 ("updated_at", self.tr("最后修改"))]
        for column, pairs in ((0, left), (2, right)):
            for row, (key, text) in enumerate(pairs):
                self._add_value(row, column, key, text)
        row = max(len(left), len(right))
        self._add_value(row, 0, "supply_address", self.tr("用电地址"), span=3)
        self._add_value(row + 1, 0, "notes", self.tr("备注"), span=3)
        self.basic_grid.setRowStretch(row + 2, 1)
        scroll.setWidget(page)
        return scroll

    def _add_value(self, row: int, column: int, key: str, text: str, span: int = 1) -> None:
        caption = muted_label(text)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        caption.setStyleSheet("QLabel#muted { font-size: 13px; }")
        value = QLabel()
        value.setObjectName(f"value_{key}")
        value.setTextInteractionFlags(_SELECTABLE)
        value.setWordWrap(True)
        value.setProperty("role", "ink")
        value.setStyleSheet(f"QLabel#value_{key} {{ font-size: 14px; }}")
        self.values[key] = value
        self.basic_grid.addWidget(caption, row, column)
        self.basic_grid.addWidget(value, row, column + 1, 1, span)

    # -- 变更记录 ----------------------------------------------------------------------
    def _build_history(self) -> QWidget:
        page = QWidget(self)
        self.history_model = HistoryModel(self)
        self.changes_model = ChangesModel(self)
        self.history_table = _table(page)
        self.history_table.setObjectName("historyTable")
        self.history_table.setModel(self.history_model)
        header = self.history_table.horizontalHeader()
        self.history_table.setColumnWidth(HistoryColumn.TIME, 170)
        self.history_table.setColumnWidth(HistoryColumn.OPERATOR, 110)
        self.history_table.setColumnWidth(HistoryColumn.OPERATION, 100)
        header.setSectionResizeMode(HistoryColumn.SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.history_table.selectionModel().selectionChanged.connect(self._history_selected)

        self.changes_table = _table(page)
        self.changes_table.setObjectName("changesTable")
        self.changes_table.setModel(self.changes_model)
        self.changes_table.setColumnWidth(0, 140)
        self.changes_table.setColumnWidth(1, 300)
        self.changes_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        lower = QWidget(page)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.setSpacing(4)
        self.changes_caption = muted_label(self.tr("选中一条记录查看字段变更（原值 → 新值）"), lower)
        lower_layout.addWidget(self.changes_caption)
        lower_layout.addWidget(self.changes_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical, page)
        splitter.addWidget(self.history_table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)
        return page

    def _history_selected(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.history_table.currentIndex()
        rows = self.history_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else (index.row() if index.isValid() else -1)
        entry = self.history_model.entry_at(row)
        self.changes_model.set_changes(entry.changes if entry else ())
        if entry is not None:
            self.changes_caption.setText(fill(self.tr("%1　%2　%3：共%4项"),
                entry.occurred_at, entry.actor, entry.summary.split("：")[0], len(entry.changes)))

    # -- data --------------------------------------------------------------------------
    def set_customer(self, view: CustomerView, history: list[HistoryEntry]) -> None:
        self.customer = view
        self._show_header(view)
        self._show_basic(view)
        self._show_history(history)

    def _show_header(self, view: CustomerView) -> None:
        """Name, 户号, kind line, status badge, flag chips, ID, phone and address."""
        self.name_label.setText(view.name)
        self.account_label.setText(view.account_no)
        self.kind_label.setText("　·　".join(x for x in (
            kind_label(view.kind), party_label(view.party_type), area_label(view.area),
            fill(self.tr("%1 %2kVA"), voltage_label(view.voltage_level), view.capacity_kva),
            fill(self.tr("电价 %1"), view.tariff_code)) if x))
        clear_layout(self.status_holder)
        fg, bg = STATUS_COLORS.get(view.status, DEFAULT_CHIP)
        self.status_badge = badge(customer_status_label(view.status), fg, bg, self.header, big=True)
        self.status_holder.addWidget(self.status_badge)
        clear_layout(self.chips)
        status_text = customer_status_label(view.status)
        self.chip_texts = [flag for flag in view.flags if flag != status_text]
        for flag in self.chip_texts:
            self.chips.addWidget(chip_for(flag, self.header))
        id_text = view.id_number if view.sensitive_visible and view.id_number else view.id_masked
        phone_text = view.phone if view.sensitive_visible and view.phone else view.phone_masked
        self.id_label.setText(fill(self.tr("%1：%2"), id_type_label(view.id_type), id_text or "—"))
        self.phone_label.setText(fill(self.tr("电话：%1"), phone_text or "—"))
        self.address_label.setText(fill(self.tr("地址：%1"), view.supply_address))
        self.address_label.setToolTip(view.supply_address)

    def _show_basic(self, view: CustomerView) -> None:
        """Every field of 基本信息; ID numbers and phones in full only for who may see them."""

        def sens(full: str, masked: str) -> str:
            return full if view.sensitive_visible and full else masked

        yes, no = self.tr("是"), self.tr("否")
        values = {
            "account_no": view.account_no, "name": view.name, "party_type": party_label(view.party_type),
            "id_type": id_type_label(view.id_type),
            "id_number": sens(view.id_number, view.id_masked) + (self.tr("（主管授权例外）") if view.id_overridden else ""),
            "contact_person": view.contact_person, "phone": sens(view.phone, view.phone_masked),
            "phone2": sens(view.phone2, view.phone2_masked), "low_income": low_income_label(view.low_income),
            "vip": yes if view.vip else no, "important": yes if view.important else no,
            "supply_line": view.supply_line, "transformer_area": view.transformer_area, "kind": kind_label(view.kind),
            "status": customer_status_label(view.status), "area": area_label(view.area),
            "voltage_level": voltage_label(view.voltage_level), "capacity_kva": f"{view.capacity_kva} kVA",
            "tariff_code": view.tariff_code, "meter_no": view.meter_no,
            "customer_manager": view.customer_manager + (self.tr("（大客户）") if view.large_customer else ""),
            # stored in UTC; the counter reads local time (they were shown 8 hours behind)
            "created_at": local_time(view.created_at), "updated_at": fill(self.tr("%1（版本 %2）"),
            local_time(view.updated_at), view.version),
            "supply_address": view.supply_address, "notes": view.notes,
        }
        for key, label in self.values.items():
            label.setText(values.get(key) or "—")

    def _show_history(self, history: list[HistoryEntry]) -> None:
        """变更记录: the entries, the count in the tab title, the newest selected."""
        self.history_model.set_entries(history)
        self.tabs.setTabText(1, fill(self.tr("变更记录 (%1)"), len(history)))
        if history:
            self.history_table.selectRow(0)
        else:
            self.changes_model.set_changes(())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.closeRequested.emit()
            return
        super().keyPressEvent(event)
