"""Printer settings of this counter (打印机设置): the receipt printer and the receipt paper.

``PrinterSettingsDialog(ctx)`` lists the system's printers (CUPS queues / Windows printers),
shows the chosen one's details, prints a test receipt on it, and saves ``receipt_printer`` and
``receipt_paper`` to this PC's settings file (``app.config.save_settings``); ``ctx.settings`` is
replaced so the next receipt uses them. No printer chosen means every receipt opens in the
preview first.
"""

from __future__ import annotations

import logging

from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.config import Settings, save_settings
from ui.context import UiContext
from ui.forms import ok_cancel_buttons
from ui.i18n import fill, localize
from ui.printing.printer import (
    PrintFailed,
    PrintResult,
    available_printers,
    default_printer,
    make_printer,
    print_pdf,
)
from ui.widgets import ErrorLabel, alive, fit_combo_to_items, heading, muted

log = logging.getLogger(__name__)

PAPERS: dict[str, str] = {"80mm": "80 mm 热敏卷纸（小票打印机）", "A5": "A5 单页（针式/激光打印机）"}


def printer_test_pdf(ctx: UiContext, paper: str) -> bytes:
    """The test receipt on ``paper``: this hall (node name and code, its company) and the
    logged-in clerk, so the clerk checks the header the customers will get."""
    from app.printing.receipt import render_receipt  # ReportLab loads on first use, off the UI thread
    from app.printing.samples import printer_test_receipt

    actor = ctx.actor
    receipt = printer_test_receipt(ctx.node.name, ctx.node.code, actor.display_name if actor else "",
                                 actor.employee_no if actor else "")
    return render_receipt(receipt, paper, company=ctx.node.company)


class PrinterSettingsDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerSettings")
        self.ctx = ctx
        self.busy = False
        self.saved: Settings | None = None
        self._printer: QPrinter | None = None
        self.setWindowTitle(self.tr("打印机设置"))
        self.setModal(True)
        self.setMinimumWidth(560)
        self._build_printer_choice()
        papers = self._build_papers()
        form = self._build_form(papers)
        buttons = self._build_buttons()
        self._layout(form, buttons)
        self._describe()
        self.printer_combo.setFocus()

    def _build_printer_choice(self) -> None:
        """The printers of this PC (none = preview first), and what is known of the chosen one."""
        self.printer_combo = QComboBox(self)
        self.printer_combo.setObjectName("receiptPrinter")
        self.printer_combo.addItem(self.tr("（不指定：每张收据先预览，再选择打印机）"), "")
        default = default_printer()
        for name in available_printers():
            label = fill(self.tr("%1（系统默认）"), name) if name == default else name
            self.printer_combo.addItem(label, name)
        current = self.ctx.settings.receipt_printer
        if current and self.printer_combo.findData(current) < 0:
            self.printer_combo.addItem(fill(self.tr("%1（当前设置，系统中未找到）"), current), current)
        self.printer_combo.setCurrentIndex(max(0, self.printer_combo.findData(current)))
        fit_combo_to_items(self.printer_combo, extra=60)  # long printer names, 系统默认 / 未找到 marks
        self.printer_combo.currentIndexChanged.connect(self._describe)
        self.details = QLabel(self)
        self.details.setObjectName("printerDetails")
        self.details.setWordWrap(True)

    def _build_papers(self) -> QVBoxLayout:
        self.paper_group = QButtonGroup(self)
        self.paper_buttons: dict[str, QRadioButton] = {}
        papers = QVBoxLayout()
        papers.setSpacing(2)
        for code, label in PAPERS.items():
            button = QRadioButton(self.tr(label), self)
            button.setObjectName(f"paper_{code}")
            self.paper_group.addButton(button)
            self.paper_buttons[code] = button
            papers.addWidget(button)
        self.paper_buttons.get(self.ctx.settings.receipt_paper, self.paper_buttons["80mm"]).setChecked(True)
        return papers

    def _build_form(self, papers: QVBoxLayout) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setHorizontalSpacing(14)
        form.addRow(self.tr("收据打印机"), self.printer_combo)
        form.addRow("", self.details)
        form.addRow(self.tr("收据纸张"), papers)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        """The status lines, then 打印测试收据 … 取消 保存."""
        self.status = QLabel(self)
        self.status.setObjectName("printerStatus")
        self.status.setWordWrap(True)
        self.error = ErrorLabel(self)
        self.test_button = QPushButton(self.tr("打印测试收据"), self)
        self.test_button.setObjectName("testPrint")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.print_test)
        self.save_button, _cancel, buttons = ok_cancel_buttons(
            self, self.tr("保存"), self.save, self.tr("取消"), name="printer")
        buttons.insertWidget(0, self.test_button)
        return buttons

    def _layout(self, form: QFormLayout, buttons: QHBoxLayout) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("本机打印机设置"), 18, parent=self))
        layout.addWidget(muted(self.tr("收费后收据直接打印到这里选择的打印机；不指定时先打开打印预览。"
                                       "设置只对本机有效。"), self))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    # -- values ------------------------------------------------------------------------
    def printer_name(self) -> str:
        return str(self.printer_combo.currentData() or "")

    def paper(self) -> str:
        for code, button in self.paper_buttons.items():
            if button.isChecked():
                return code
        return "80mm"

    def select_printer(self, name: str) -> bool:
        index = self.printer_combo.findData(name)
        if index < 0:
            return False
        self.printer_combo.setCurrentIndex(index)
        return True

    def _describe(self) -> None:
        name = self.printer_name()
        self.test_button.setEnabled(bool(name))
        if not name:
            count = self.printer_combo.count() - 1
            self.details.setText(fill(self.tr("本机共有 %1 台打印机"), count) if count > 0
                                 else self.tr("本机没有安装打印机；收据可在预览中另存为PDF"))
            return
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            self.details.setText(self.tr("系统中找不到这台打印机（可能已删除或未连接）"))
            return
        states = {QPrinter.PrinterState.Idle: self.tr("空闲"), QPrinter.PrinterState.Active: self.tr("打印中"),
                  QPrinter.PrinterState.Aborted: self.tr("已中止"), QPrinter.PrinterState.Error: self.tr("出错")}
        parts = [info.makeAndModel() or info.description() or name]
        if info.location():
            parts.append(fill(self.tr("位置：%1"), info.location()))
        parts.append(fill(self.tr("状态：%1"), states.get(info.state(), self.tr("未知"))))
        resolutions = info.supportedResolutions()
        if resolutions:
            parts.append(fill(self.tr("分辨率：%1 dpi"), max(resolutions)))
        self.details.setText("　·　".join(parts))

    # -- test print --------------------------------------------------------------------
    def print_test(self) -> None:
        name, paper = self.printer_name(), self.paper()
        if self.busy or not name:
            return
        try:
            printer = make_printer(name)
        except PrintFailed as exc:
            self.error.set_message(exc.message)
            return
        self._printer = printer
        ctx = self.ctx

        def work() -> PrintResult:
            return print_pdf(printer_test_pdf(ctx, paper), printer, fit=True)

        self._set_busy(True, self.tr("正在打印测试收据…"))
        self.ctx.tasks.run(work, self._tested, self._test_failed)

    def _tested(self, result: PrintResult) -> None:
        if not alive(self):
            return
        self._set_busy(False, fill(self.tr("测试收据已送打印机 %1，请核对字迹、二维码和裁切位置"), result.printer))
        self._printer = None

    def _test_failed(self, exc: BaseException) -> None:
        # Not the runner's default: a test print reports the printer's own words.
        if not alive(self):
            return
        self._set_busy(False, "")
        self._printer = None
        message = localize(getattr(exc, "message", "")) or str(exc)
        log.warning("test print failed: %s", exc)
        self.error.set_message(fill(self.tr("测试打印失败：%1"), message))

    # -- save --------------------------------------------------------------------------
    def save(self) -> None:
        if self.busy:
            return
        settings, printer, paper = self.ctx.settings, self.printer_name(), self.paper()
        self._set_busy(True, self.tr("正在保存…"))
        self.ctx.tasks.run(lambda: save_settings(settings, receipt_printer=printer, receipt_paper=paper),
                           self._saved, self._save_failed)

    def _saved(self, settings: Settings) -> None:
        self.ctx.settings = settings  # saved even if the dialog was closed meanwhile
        if not alive(self):
            return
        self._set_busy(False, "")
        self.ctx.settings = settings
        self.saved = settings
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        # Not the runner's default: the settings file's OS error.
        if not alive(self):
            return
        self._set_busy(False, "")
        log.error("saving printer settings failed", exc_info=exc)
        self.error.set_message(fill(self.tr("保存失败：%1"), getattr(exc, "strerror", None) or exc))

    def _set_busy(self, busy: bool, text: str) -> None:
        self.busy = busy
        self.save_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy and bool(self.printer_name()))
        self.status.setText(text)
        if text:
            self.error.set_message("")

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def done(self, code: int) -> None:
        if not self.busy:
            super().done(code)

