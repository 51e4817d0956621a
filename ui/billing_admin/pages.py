"""The three pages of billing administration: 抄表导入, 电费核算, 电价管理 (widgets only; the
module runs the service calls)."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.dto.billing import BillRunReport, TariffVersionRow
from app.dto.common import ImportReport, RowError
from ui.billing_admin.models import (
    RowErrorColumn,
    RowErrorsModel,
    TariffColumn,
    TariffRoles,
    TariffVersionsModel,
)
from ui.billing_admin.tariff_view import tariff_html
from ui.formatting import yuan
from ui.i18n import fill, localize
from ui.tables import ColumnFit, ForegroundDelegate
from ui.widgets import EnterNavigator, FormField, focus_editor, heading, muted

PERIOD_RE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def previous_period(today: dt.date | None = None) -> str:
    """Readings are imported after the month ends: the default period is last month."""
    today = today or dt.date.today()
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def check_period(text: str) -> str:
    """"" when ``text`` is a YYYY-MM period, else the message shown under the field."""
    text = text.strip()
    if not text:
        return QCoreApplication.translate("BillingAdmin", "请输入抄表期间，如 2026-03")
    if PERIOD_RE.fullmatch(text) is None:
        return QCoreApplication.translate("BillingAdmin", "期间格式应为 YYYY-MM（年-月），如 2026-03")
    return ""


def _card(parent: QWidget, name: str) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setProperty("panel", "card")  # colours: ui/palette.py
    frame.setStyleSheet(f"QFrame#{name} QLabel {{ background: transparent; border: none; }}")
    return frame


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setItemDelegate(ForegroundDelegate(table))
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(32)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    return table


def _button(text: str, name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.setStyleSheet("text-transform: none;")
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


def _result_style(label: QLabel, ok: bool) -> None:
    label.setProperty("role", "ok" if ok else "error")  # the style sheet below re-polishes
    label.setStyleSheet("font-size: 17px; font-weight: bold;")


class PeriodField(FormField):
    def __init__(self, parent: QWidget, name: str) -> None:
        edit = QLineEdit(parent)
        edit.setObjectName(name)
        edit.setMaxLength(7)
        edit.setPlaceholderText("YYYY-MM")
        edit.setText(previous_period())
        edit.setFixedWidth(140)
        super().__init__(edit, parent)
        self.edit = edit

    def value(self) -> str:
        return self.edit.text().strip()

    def check(self) -> bool:
        message = check_period(self.edit.text())
        self.set_error(message)
        if message:
            focus_editor(self.edit)
        return not message


def _csv_tr(text: str) -> str:
    # Explicit context: PySide's self.tr() in a base class looks texts up under the subclass's
    # name, where lupdate never files them.
    return QCoreApplication.translate("CsvImportPage", text)


class CsvImportPage(QWidget):
    """What the CSV import pages share (抄表导入, 账单导入): the file row, the run button, the
    result card with the per-row error table, the busy state and the shared report lines.
    A subclass adds its own field row, texts, and its wording of a successful report."""

    chooseRequested = Signal()
    importRequested = Signal()

    def __init__(self, parent: QWidget | None, name: str, file_label: str, choose_key: str) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Page")
        self.path = QLineEdit(self)
        self.path.setObjectName(f"{name}CsvPath")
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(fill(_csv_tr("尚未选择文件（%1 或 Ctrl+O 选择）"), choose_key))
        self.path.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.choose_button = _button(_csv_tr("选择文件… (Ctrl+O)"), f"{name}ChooseButton", self)
        self.choose_button.clicked.connect(self.chooseRequested.emit)
        self.run_button = _button(_csv_tr("开始导入 (Enter)"), f"{name}RunButton", self)
        self.run_button.clicked.connect(self.importRequested.emit)

        self.result = QLabel(self)
        self.result.setObjectName(f"{name}Result")
        self.result.setWordWrap(True)
        self.result_detail = muted("", self)
        self.result_detail.setObjectName(f"{name}Detail")
        self.errors = RowErrorsModel(self)
        self.error_table = _table(self, f"{name}RowErrors")
        self.error_table.setModel(self.errors)
        self.error_table.setColumnWidth(RowErrorColumn.LINE, 110)
        self.error_table.setColumnWidth(RowErrorColumn.COLUMN, 130)
        self.result_card = _card(self, f"{name}ResultCard")
        box = QVBoxLayout(self.result_card)
        box.setContentsMargins(16, 12, 16, 12)
        box.addWidget(self.result)
        box.addWidget(self.result_detail)
        box.addWidget(self.error_table, 1)
        self.result_card.hide()

        self.file_row = QHBoxLayout()
        self.file_row.addWidget(QLabel(file_label, self))
        self.file_row.addWidget(self.path, 1)
        self.file_row.addWidget(self.choose_button)

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)
        self.run_button.setText(_csv_tr("正在导入…") if busy else _csv_tr("开始导入 (Enter)"))

    def _show_errors(self, ok: bool, errors: tuple[RowError, ...] | list[RowError], rows: int, encoding: str,
                     failed: str) -> None:
        """The card for a report: ``failed`` (with %1 = the error count) heads a refused file."""
        self.result_card.show()
        self.errors.set_errors(errors)
        if not ok:
            self.result.setText(fill(failed, str(len(errors))))
            self.result_detail.setText(fill(_csv_tr("共读取 %1 行 · 文件编码 %2 · 请按下表改正文件后重新导入"), str(rows), encoding or "—"))
        _result_style(self.result, ok)
        self.error_table.setVisible(bool(errors))
        if errors:
            self.error_table.selectRow(0)
            self.error_table.setFocus()

    def _show_failure(self, message: str, heading_text: str) -> None:
        self.result_card.show()
        self.errors.set_errors([])
        self.error_table.hide()
        self.result.setText(heading_text)
        _result_style(self.result, False)
        self.result_detail.setText(message)


# ---- 抄表导入 ----------------------------------------------------------------------------------


class ImportPage(CsvImportPage):
    """Choose a CSV (Ctrl+O / F9), the period, Enter: the report and its row errors below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "import", QCoreApplication.translate("ImportPage", "抄表文件"), "F9")
        self.period = PeriodField(self, "importPeriod")
        self.navigator = EnterNavigator([self.period.edit], self.importRequested.emit, self)
        period_row = QHBoxLayout()
        period_row.addWidget(QLabel(self.tr("抄表期间"), self))
        period_row.addWidget(self.period, 0, Qt.AlignmentFlag.AlignTop)
        period_row.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignTop)
        period_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("抄表导入"), 20, parent=self))
        layout.addWidget(muted(self.tr(
            "从抄表系统导出的 CSV：必需列 户号、抄表日期、上次示数、本次示数；可选 倍率 及 尖峰、峰、平、谷、深谷"
            "（分时电量之和须等于总电量）。UTF-8 或 GBK 编码均可。只要有一行出错，整批都不导入，"
            "改正后重新导入即可。"), self))
        layout.addLayout(self.file_row)
        layout.addLayout(period_row)
        layout.addWidget(self.result_card, 1)
        layout.addStretch(0)
        self.hint = muted(self.tr("F9 选择文件 · 在期间框按 Enter 导入 · 错误表中 ↑↓ 查看各行"), self)
        layout.addWidget(self.hint)

    def show_report(self, report: ImportReport) -> None:
        encoding = report.encoding.upper() if report.encoding else ""
        if report.ok:
            self.result.setText(fill(self.tr("✔ 已导入 %1 行抄表数据"), str(report.imported)))
            self.result_detail.setText(fill(self.tr("共读取 %1 行 · 文件编码 %2 · 批次 %3"), str(report.rows), encoding, str(report.batch_id or "")))
        self._show_errors(report.ok, report.errors, report.rows, encoding,
                          self.tr("✖ 发现 %1 处错误，未导入任何数据"))

    def show_failure(self, message: str) -> None:
        self._show_failure(message, self.tr("✖ 导入失败，未导入任何数据"))


# ---- 电费核算 ----------------------------------------------------------------------------------


class ComputePage(QWidget):
    computeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("computePage")
        self.period = PeriodField(self, "computePeriod")
        #: the supervisor typed a period: the default (latest period to bill) no longer replaces it
        self.period_edited = False
        self.period.edit.textEdited.connect(lambda _text: setattr(self, "period_edited", True))
        self.run_button = _button(self.tr("开始核算 (Enter)"), "runComputeButton", self)
        self.run_button.clicked.connect(self.computeRequested.emit)
        self.navigator = EnterNavigator([self.period.edit], self.computeRequested.emit, self)
        self.result = QLabel(self)
        self.result.setObjectName("computeResult")
        self.figures = QLabel(self)
        self.figures.setObjectName("computeFigures")
        self.figures.setStyleSheet("font-size: 15px;")
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.error_list = QListWidget(self)
        self.error_list.setObjectName("computeErrors")
        self.error_list.setProperty("role", "error")
        self.result_card = _card(self, "computeResultCard")
        box = QVBoxLayout(self.result_card)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(8)
        box.addWidget(self.result)
        box.addWidget(self.figures)
        box.addWidget(self.error_list, 1)
        box.addStretch(0)  # without errors the two lines stay at the top of the card
        self.result_card.hide()

        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("抄表期间"), self))
        row.addWidget(self.period, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addWidget(heading(self.tr("电费核算"), 20, parent=self))
        layout.addWidget(muted(self.tr(
            "为本期已抄表、尚未出账的客户，按抄表日生效的电价版本计算并发行电费账单；已出账的自动跳过，"
            "可重复执行。账单发行后不可修改，更正请开退补账单。"), self))
        layout.addLayout(row)
        layout.addWidget(self.result_card, 1)
        layout.addStretch(0)
        layout.addWidget(muted(self.tr("F10 电费核算 · 在期间框按 Enter 开始"), self))

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.run_button.setText(self.tr("正在核算…") if busy else self.tr("开始核算 (Enter)"))

    def show_report(self, report: BillRunReport) -> None:
        self.result_card.show()
        ok = not report.errors
        if report.bills:
            self.result.setText(fill(self.tr("✔ %1 期已发行 %2 张电费账单"), report.period, str(report.bills)))
        else:
            self.result.setText(fill(self.tr("%1 期没有需要出账的客户"), report.period))
        _result_style(self.result, ok)
        self.figures.setText(fill(self.tr("账单合计 <b>%1</b>　·　跳过 %2 户（无抄表或已出账）　·　用时 %3 秒"), yuan(report.total_fen), str(report.skipped), f"{report.elapsed_s:.1f}"))
        self.error_list.clear()
        self.error_list.addItems([localize(e) for e in report.errors])
        self.error_list.setVisible(bool(report.errors))

    def show_nothing_to_bill(self, period: str, already_billed: int) -> None:
        """The run was not started: no customer of ``period`` is waiting for a bill."""
        self.result_card.show()
        self.result.setText(fill(self.tr("%1 期没有需要出账的客户"), period))
        _result_style(self.result, True)
        if already_billed:
            self.figures.setText(fill(self.tr("已抄表的 %1 户均已出账，未执行核算"), str(already_billed)))
        else:
            self.figures.setText(self.tr("该期没有抄表数据：请先在“抄表导入”导入本期抄表文件，未执行核算"))
        self.error_list.clear()
        self.error_list.hide()

    def show_failure(self, message: str) -> None:
        self.result_card.show()
        self.result.setText(self.tr("✖ 核算未完成"))
        _result_style(self.result, False)
        self.figures.setText(message)
        self.error_list.hide()


# ---- 电价管理 ----------------------------------------------------------------------------------


class TariffsPage(QWidget):
    newRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tariffsPage")
        self.model = TariffVersionsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = _table(self, "tariffsTable")
        self.table.setModel(self.proxy)
        # The name takes the room left and gives way first (elided, full name as the tooltip and
        # in the detail below): 编码, 类型, the dates and 状态 stay in view at 1024×768.
        self.column_fit = ColumnFit(self.table, yielding=[TariffColumn.NAME, TariffColumn.CREATED_BY],
                                    grow=TariffColumn.NAME, minimum=120)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("tariffDetail")
        self.detail.setOpenLinks(False)
        # qt-material colours text edits with the primary colour: a document reads better dark
        # (QTextBrowser#tariffDetail in the application style sheet).
        self.count_label = muted("", self)
        self.bar = QHBoxLayout()
        self.bar.setSpacing(8)
        self.buttons: dict[str, QPushButton] = {}

        top = QHBoxLayout()
        top.addWidget(heading(self.tr("电价管理"), 20, parent=self))
        top.addSpacing(12)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
        top.addStretch(1)
        top.addLayout(self.bar)
        # The list above, the version below: a time-of-use table needs the full width.
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([322, 380])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(muted(self.tr("↑↓ 选择版本，下方显示明细 · Ins 以所选版本为底稿新建版本 · F5 刷新。"
                                       "旧版本从不修改：新版本按生效日期起用。"), self))

    def add_button(self, key: str, button: QPushButton) -> None:
        self.buttons[key] = button
        self.bar.addWidget(button)

    def set_rows(self, rows: list[TariffVersionRow], keep: object = None) -> None:
        had_focus = self.table.hasFocus()
        self.model.set_rows(rows)
        codes = {r.code for r in rows}
        self.count_label.setText(fill(self.tr("%1 种电价，%2 个版本"), str(len(codes)), str(len(rows))))
        row = self.model.row_of(keep) if keep is not None else -1  # type: ignore[arg-type]
        if row >= 0:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        if had_focus:
            self.table.setFocus()
        self._show_selected()

    def selected(self) -> TariffVersionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, TariffRoles.ROW)
        return row if isinstance(row, TariffVersionRow) else None

    def _show_selected(self) -> None:
        row = self.selected()
        self.detail.setHtml(tariff_html(row.data, row.warnings or None) if row is not None else "")

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount():
            self.table.selectRow(0)
