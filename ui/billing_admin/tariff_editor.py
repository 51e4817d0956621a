"""New tariff version (新建电价版本) from a copy of an existing one.

Views of the same data: 常用字段 (name, dates, source, prices and thresholds, the low-income
allowance), for a time-of-use version 时段表 (seasons — sets of months — with their time bands,
and the holiday bands, edited as tables: ``tariff_schedule.ScheduleEditor``), and 高级 (the
whole version as JSON, for changing structure: adding a tier or a priced period). The JSON
stays editable and round-trips: leaving a tab writes its edits into the version, entering one
reads the version (JSON that the form or the tables cannot show keeps you on the JSON tab with
the reason). Ctrl+1/2/3 switch tabs. Before anything is sent the version is checked by the
domain — ``tou_schedule_errors`` (every table and row at once) and ``Tariff.from_dict`` — and
errors appear in Chinese under the field, next to the offending table / row, or above the
JSON; policy warnings (``tariff_warnings``) are shown and confirmed, never blocking.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import re
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.codes import TariffKind
from app.domain.errors import ValidationError, ValidationErrors
from app.domain.tariffs.policy import tariff_warnings
from app.domain.tariffs.tariff import Tariff
from app.domain.tariffs.terms import BASES, PERIODS, TIER_NAMES
from app.domain.tariffs.tou_checks import tou_schedule_errors
from app.dto.billing import TariffVersionRow
from app.services import tariffs as tariff_service
from ui.billing_admin.tariff_schedule import ScheduleEditor
from ui.billing_admin.tariff_view import friendly_message, short_message
from ui.context import UiContext
from ui.formatting import tariff_kind_label
from ui.forms import ok_cancel_buttons
from ui.i18n import fill, localize
from ui.tasks import Failure, show_failure
from ui.widgets import EnterNavigator, ErrorLabel, FormField, focus_editor, muted

log = logging.getLogger(__name__)

_PATH_PIECE = re.compile(r"([A-Za-z_]+)(?:\[(\d+)\])?")
_TABLE_PATH = re.compile(r"(schedules|holiday_periods)(\[|\.|$)")


def get_path(data: Any, path: str) -> Any:
    for piece in path.split("."):
        match = _PATH_PIECE.fullmatch(piece)
        assert match is not None, path
        data = data.get(match.group(1)) if isinstance(data, dict) else None
        if match.group(2) is not None:
            data = data[int(match.group(2))] if isinstance(data, list) else None
    return data


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at "tiers.bands[1].price"; ``None`` removes an optional top-level key."""
    pieces = path.split(".")
    target: Any = data
    for piece in pieces[:-1]:
        match = _PATH_PIECE.fullmatch(piece)
        assert match is not None, path
        target = target.setdefault(match.group(1), {})
        if match.group(2) is not None:
            target = target[int(match.group(2))]
    match = _PATH_PIECE.fullmatch(pieces[-1])
    assert match is not None and match.group(2) is None, path
    if value is None and len(pieces) == 1 and match.group(1) not in ("effective_to",):
        target.pop(match.group(1), None)
    else:
        target[match.group(1)] = value


_PRICE_TEXT = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


def price_values(data: dict[str, Any]) -> set[Decimal]:
    """Every price of a version (yuan): flat, tier and period prices, markups, credit, capacity."""
    found: list[Any] = [data.get("price"), data.get("free_kwh_credit_price"), data.get("capacity_price")]
    for key in ("tiers", "tier_markups"):
        found += [band.get("price") for band in ((data.get(key) or {}).get("bands") or []) if isinstance(band, dict)]
    found += list((data.get("prices") or {}).values())
    out: set[Decimal] = set()
    for value in found:
        try:
            out.add(Decimal(str(value)).normalize())
        except (ArithmeticError, ValueError):
            continue
    return out


def stale_basis(base: dict[str, Any], data: dict[str, Any]) -> tuple[str, list[str]]:
    """The 价格依据 (``source``) of a new version against its prices (issue 6 item 21): when the
    prices changed, the basis must change too — ("unchanged", []) when it is the old text word
    for word, ("stale", figures) when it still quotes old prices the version no longer has;
    ("", []) when it is fine."""
    old, new = price_values(base), price_values(data)
    if old == new:
        return "", []
    source = str(data.get("source") or "").strip()
    if source == str(base.get("source") or "").strip():
        return "unchanged", []
    stale = [text for text in _PRICE_TEXT.findall(source)
             if Decimal(text).normalize() in old - new]
    return ("stale", stale) if stale else ("", [])


def next_month_start(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)


def _json_default(value: object) -> str:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    raise TypeError(type(value).__name__)


class TariffEditorDialog(QDialog):
    """``saved`` holds the new version when accepted."""

    def __init__(self, ctx: UiContext, base: TariffVersionRow, parent: QWidget | None = None,
                 latest: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.base = base
        self.saved: TariffVersionRow | None = None
        self._table_message = ""
        self._busy = False
        self.data: dict[str, Any] = copy.deepcopy(dict(base.data))
        # A new version must start after the newest stored one of its code (history is kept).
        start = max(next_month_start(), (latest or base.effective_from) + dt.timedelta(days=1))
        self.data["effective_from"] = start.isoformat()
        self.data["effective_to"] = None
        self.setObjectName("tariffEditor")
        self.setWindowTitle(fill(self.tr("新建电价版本 — %1"), base.code))

        self._build_tabs()
        self._build_messages()
        self._build_layout(self._build_buttons())

        save = QShortcut(QKeySequence("Ctrl+S"), self)
        save.activated.connect(self.submit)
        self._load_form()
        self.navigator = EnterNavigator(list(self.editors.values()), self.submit, self)
        focus_editor(self.editors["effective_from"])

    # ---- building ------------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        """常用字段, 时段表 (time-of-use versions only) and JSON, each reached by Ctrl+1…3."""
        self.editors: dict[str, QLineEdit] = {}
        self.fields: dict[str, FormField] = {}
        self.flags: dict[str, QCheckBox] = {}  # prorate_first_year, split_by_days (issue 6 #18, #21)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("editorTabs")
        self.tabs.tabBar().setStyleSheet("text-transform: none;")  # "Ctrl+1", not qt-material's "CTRL+1"
        self.tabs.addTab(self._build_form(), self.tr("常用字段"))
        # Time-of-use versions get the period tables as tables (the JSON tab stays for experts).
        self.schedule: ScheduleEditor | None = None
        if self.data.get("kind") == TariffKind.TOU:
            self.schedule = ScheduleEditor(self)
            self.schedule.load(self.data)
            self.schedule.edited.connect(self._schedule_edited)
            self.tabs.addTab(self.schedule, self.tr("时段表"))
        self.tabs.addTab(self._build_json_page(), self.tr("高级（JSON）"))
        for i in range(self.tabs.count()):
            self.tabs.setTabText(i, f"{self.tabs.tabText(i)} (Ctrl+{i + 1})")
            tab_key = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            tab_key.activated.connect(lambda i=i: self.tabs.setCurrentIndex(i))
        self._tab = 0
        self.tabs.currentChanged.connect(self._switch_tab)

    def _build_json_page(self) -> QWidget:
        """The whole version as JSON, for what the form and the tables do not offer."""
        self.json_edit = QPlainTextEdit(self)
        self.json_edit.setObjectName("tariffJson")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.json_edit.setFont(mono)
        self.json_edit.setTabChangesFocus(True)
        self.json_error = ErrorLabel(self)
        self.json_error.setObjectName("jsonError")
        json_page = self.json_page = QWidget(self)
        json_page.setObjectName("jsonPage")
        json_box = QVBoxLayout(json_page)
        json_box.addWidget(muted(self.tr("整个版本的 JSON（金额、电量请写成带引号的文本，如 \"0.538\"）。"
                                         "可增删档次、调整时段；Ctrl+S 保存。"), json_page))
        json_box.addWidget(self.json_error)
        json_box.addWidget(self.json_edit, 1)
        return json_page

    def _build_messages(self) -> None:
        """The error line and the policy warnings above the buttons."""
        self.error = ErrorLabel(self)
        self.error.setObjectName("formError")
        self.warnings = QLabel(self)
        self.warnings.setObjectName("tariffWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setProperty("role", "warningBox")
        self.warnings.hide()

    def _build_buttons(self) -> QHBoxLayout:
        """Cancel (Esc) and save (Ctrl+S, the default button)."""
        self.save_button, cancel, buttons = ok_cancel_buttons(
            self, self.tr("保存为新版本 (Ctrl+S)"), self.submit, self.tr("取消 (Esc)"), name="saveTariff")
        for button in (self.save_button, cancel):
            button.setStyleSheet("text-transform: none;")
        return buttons

    def _build_layout(self, buttons: QHBoxLayout) -> None:
        """The hint naming the base version, the tabs, warnings, error and buttons; the size."""
        base = self.base
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(muted(fill(self.tr("以 %1（%2 起）为底稿。电价从不修改旧版本：保存后按生效日期起用新版本，"
                                       "此前的账单仍按旧版本计算。Enter 下一项，最后一项按 Enter 保存。"), base.name, base.effective_from.isoformat()), self))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        if self.schedule is not None:
            self.resize(980, 720)  # the seasons and a day's bands side by side
        else:
            self.resize(720, 640)

    # ---- the form ------------------------------------------------------------------------------

    def _edit(self, path: str, placeholder: str = "", width: int = 0) -> FormField:
        edit = QLineEdit(self)
        edit.setObjectName("f_" + re.sub(r"\W", "_", path))
        edit.setPlaceholderText(placeholder)
        if width:
            edit.setMaximumWidth(width)
        self.editors[path] = edit
        field = FormField(edit, self)
        self.fields[path] = field
        return field

    def _build_form(self) -> QWidget:
        data = self.data
        page = QWidget(self)
        form = QFormLayout(page)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(6)
        form.addRow(self.tr("编码"), QLabel(f"<b>{data.get('code', '')}</b>　{tariff_kind_label(str(data.get('kind')))}"))
        form.addRow(self.tr("生效日期"), self._edit("effective_from", "YYYY-MM-DD", 180))
        form.addRow(self.tr("截止日期"), self._edit("effective_to", self.tr("留空＝长期（直至新版本生效）"), 260))
        form.addRow(self.tr("名称"), self._edit("name"))
        form.addRow(self.tr("价格依据"), self._edit("source", self.tr("价格文件文号、公告")))
        kind = data.get("kind")
        price_unit = self.tr("元/kWh")
        if kind == TariffKind.FLAT:
            form.addRow(fill(self.tr("电价（%1）"), price_unit), self._edit("price", "0.6644", 160))
        elif kind == TariffKind.TIERED:
            self._ladder_rows(form, "tiers", self.tr("电价"))
        elif kind == TariffKind.TOU:
            for period in PERIODS:
                if period in (data.get("prices") or {}):
                    form.addRow(fill(self.tr("%1电价（%2）"), localize(PERIODS[period]), price_unit),
                                self._edit(f"prices.{period}", "", 160))
            if data.get("tier_markups"):
                self._ladder_rows(form, "tier_markups", self.tr("加价"))
        form.addRow(self.tr("低保免费电量（kWh/月）"), self._edit("low_income_free_kwh", self.tr("无则留空"), 160))
        if kind == TariffKind.TOU and "free_kwh_credit_price" in data:
            form.addRow(self.tr("免费电量抵扣单价"), self._edit("free_kwh_credit_price", "", 160))
        if "capacity_price" in data:
            form.addRow(self.tr("基本电费（元/kVA·月）"), self._edit("capacity_price", "", 160))
        # the two rules of docs/tariffs.md that are tariff data: Tab reaches them, Space ticks
        ladder = data.get("tiers") or data.get("tier_markups") or {}
        if isinstance(ladder, dict) and ladder.get("basis") == "annual":
            form.addRow("", self._flag("prorate_first_year",
                                       self.tr("年中新装户首年的年阶梯电量按供电月数折算（如 8 月新装：× 5/12）")))
        form.addRow("", self._flag("split_by_days",
                                   self.tr("本版本在抄表周期内生效时，按生效日前后的天数分摊电量，各按其版本计价")))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    def _flag(self, key: str, text: str) -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName("f_" + key)
        self.flags[key] = box
        return box

    def _ladder_rows(self, form: QFormLayout, key: str, price_word: str) -> None:
        ladder = self.data.get(key) or {}
        basis = localize(BASES.get(str(ladder.get("basis")), str(ladder.get("basis"))))
        unit = self.tr("kWh/年") if ladder.get("basis") == "annual" else self.tr("kWh/月")
        form.addRow(QLabel(fill(self.tr("<b>%1</b>（%2，档数在“高级”中增删）"), self.tr("阶梯") if key == "tiers" else self.tr("阶梯加价"), basis)))
        bands = ladder.get("bands") or []
        for i, band in enumerate(bands):
            name = localize(TIER_NAMES[i]) if i < len(TIER_NAMES) else str(i + 1)
            row = QWidget(self)
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            if band.get("upto_kwh") is not None:
                box.addWidget(QLabel(self.tr("上限"), row))
                box.addWidget(self._edit(f"{key}.bands[{i}].upto_kwh", unit, 140))
                box.addWidget(QLabel(unit, row))
            else:
                box.addWidget(QLabel(self.tr("以上全部电量"), row))
            box.addSpacing(16)
            box.addWidget(QLabel(price_word, row))
            box.addWidget(self._edit(f"{key}.bands[{i}].price", "", 120))
            box.addWidget(QLabel(self.tr("元/kWh"), row))
            box.addStretch(1)
            form.addRow(name, row)

    def _load_form(self) -> None:
        for path, edit in self.editors.items():
            value = get_path(self.data, path)
            edit.setText("" if value is None else str(value))
        for key, box in self.flags.items():
            box.setChecked(bool(self.data.get(key, key == "split_by_days")))

    def form_data(self) -> dict[str, Any]:
        """``self.data`` with the form's values written in (text as typed, empty = none)."""
        data = copy.deepcopy(self.data)
        for path, edit in self.editors.items():
            text = edit.text().strip()
            if path in ("name", "source"):
                set_path(data, path, text)
            else:
                set_path(data, path, text or None)
        for key, box in self.flags.items():
            data[key] = box.isChecked()
        return data

    def json_data(self) -> dict[str, Any]:
        """The JSON tab's text as a dict; numbers become Decimal (never float)."""
        try:
            data = json.loads(self.json_edit.toPlainText(), parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise ValidationError("json", fill(self.tr("JSON 格式错误：第 %1 行第 %2 列（%3）"), str(exc.lineno), str(exc.colno), exc.msg)) from None
        if not isinstance(data, dict):
            raise ValidationError("json", self.tr("JSON 应为一个对象 { … }"))
        return data

    def page_kind(self, index: int | None = None) -> str:
        """"form", "schedule" or "json": what the tab at ``index`` (default: the current) shows."""
        widget = self.tabs.widget(self.tabs.currentIndex() if index is None else index)
        if widget is self.json_page:
            return "json"
        if self.schedule is not None and widget is self.schedule:
            return "schedule"
        return "form"

    def _data_of(self, kind: str) -> dict[str, Any]:
        if kind == "json":
            return self.json_data()
        if kind == "schedule":
            assert self.schedule is not None
            self.schedule.commit_editing()
            return self.schedule.write(self.data)
        return self.form_data()

    def current_data(self) -> dict[str, Any]:
        return self._data_of(self.page_kind())

    def _switch_tab(self, index: int) -> None:
        if index == self._tab:
            return
        old, new = self.page_kind(self._tab), self.page_kind(index)
        self.json_error.set_message("")
        try:
            data = self._data_of(old)
            if new == "schedule":
                assert self.schedule is not None
                self.schedule.load(data)
        except ValidationError as exc:  # JSON the others cannot show: stay on the JSON tab
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(self._tab)
            self.tabs.blockSignals(False)
            (self.json_error if old == "json" else self.error).set_message(exc.message)
            return
        self.data = data
        self._tab = index
        if self.schedule is not None:
            self.tabs.setTabEnabled(self.tabs.indexOf(self.schedule), self.data.get("kind") == TariffKind.TOU)
        if new == "json":
            self.json_edit.setPlainText(json.dumps(self.data, ensure_ascii=False, indent=2, default=_json_default))
            self.json_edit.setFocus()
            return
        if new == "schedule":
            assert self.schedule is not None
            self.schedule.seasons_table.setFocus()
            return
        if old != "json":
            self._load_form()
            focus_editor(self.editors["effective_from"])
            return
        # JSON → form: the structure may have changed, so the form is rebuilt
        self.editors.clear()
        self.fields.clear()
        self.flags.clear()
        self.tabs.blockSignals(True)
        page = self.tabs.widget(0)
        self.tabs.removeTab(0)
        if page is not None:
            page.deleteLater()
        self.tabs.insertTab(0, self._build_form(), self.tr("常用字段") + " (Ctrl+1)")
        self.tabs.setCurrentIndex(0)
        self.tabs.blockSignals(False)
        self._load_form()
        self.navigator = EnterNavigator(list(self.editors.values()), self.submit, self)
        focus_editor(self.editors["effective_from"])

    # ---- errors --------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.set_error("")
        self.error.set_message("")
        self.json_error.set_message("")
        if self.schedule is not None:
            self.schedule.clear_errors()

    def field_error(self, path: str) -> str:
        field = self.fields.get(path)
        return field.error_text() if field is not None else ""

    def show_validation(self, exc: ValidationError) -> None:
        """Under the field the error's path names (form tab), else above the JSON / in the form."""
        code = str(self.base.code)
        path = exc.field
        if path.startswith(code + "."):
            path = path[len(code) + 1:]
        kind = self.page_kind()
        if kind != "json" and self.schedule is not None and _TABLE_PATH.match(path):
            self.show_table_errors([exc])
            return
        if kind == "schedule" and (path in self.fields or any(
                p.startswith(path + ".") or p.startswith(path + "[") for p in self.fields)):
            self.tabs.setCurrentIndex(0)  # the field is on the form: show it there
            kind = self.page_kind()
        if kind == "form":
            target = self.fields.get(path) or next(
                (f for p, f in self.fields.items() if p.startswith(path + ".") or p.startswith(path + "[")), None)
            if target is not None:
                target.set_error(short_message(exc) if target is self.fields.get(path) else friendly_message(exc, code))
                focus_editor(target.editor)
                return
            self.error.set_message(friendly_message(exc, code))
        else:
            self.json_error.set_message(friendly_message(exc, code))

    # ---- saving --------------------------------------------------------------------------------

    def show_table_errors(self, errors: list[ValidationError]) -> None:
        """Messages about the period tables: next to the table / row on the 时段表 tab (switching
        to it), or above the JSON when that is the tab in use."""
        code = str(self.base.code)
        if self.schedule is None or self.page_kind() == "json":
            self.json_error.set_message("\n".join(friendly_message(e, code) for e in errors))
            return
        if self.page_kind() != "schedule":
            self.tabs.setCurrentWidget(self.schedule)
            if self.page_kind() != "schedule":  # pragma: no cover - the form always leaves
                self.error.set_message("\n".join(friendly_message(e, code) for e in errors))
                return
        others = self.schedule.show_errors(errors)
        self._table_message = self.tr("时段表有误，未保存：请按表格下方的提示修改。")
        self.error.set_message("\n".join([self._table_message] + [friendly_message(e, code) for e in others]))

    def _schedule_edited(self) -> None:
        # The tables check themselves again after a refused save; once they are fine, so is this line.
        if self.schedule is not None and self._table_message and self.error.text() == self._table_message \
                and not self.schedule.has_errors():
            self.error.set_message("")

    def validate(self) -> dict[str, Any] | None:
        """Checked, normalised data (Tariff.to_dict), or None with the errors shown."""
        self.clear_errors()
        try:
            data = self.current_data()
            if data.get("kind") == TariffKind.TOU:
                table_errors = tou_schedule_errors(data)
                if table_errors:
                    self.show_table_errors(table_errors)
                    return None
            tariff = Tariff.from_dict(data)
        except ValidationError as exc:
            self.show_validation(exc)
            return None
        except (TypeError, ValueError) as exc:
            self.error.set_message(fill(self.tr("电价数据有误：%1"), str(exc)))
            return None
        problem, figures = stale_basis(dict(self.base.data), data)
        if problem:
            message = (self.tr("电价已修改，价格依据仍是原版本的文字：请写明新的价格文件文号及价格")
                       if problem == "unchanged" else
                       fill(self.tr("价格依据中的 %1 是原版本的电价，本版本已不用：请按新电价更新价格依据"), "、".join(figures)))
            self.show_validation(ValidationError("source", message))
            return None
        warnings = tariff_warnings(tariff)
        self.warnings.setText("\n".join(f"⚠ {localize(w)}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        if warnings and not self.ctx.dialogs.confirm(
                self, self.tr("电价提示"),
                fill(self.tr("这个版本有以下提示（不影响保存）：\n%1\n\n仍要保存吗？"), "\n".join(localize(w) for w in warnings))):
            return None
        return tariff.to_dict()

    def submit(self) -> None:
        if self._busy:
            return
        data = self.validate()
        if data is None:
            return
        self._busy = True
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("正在保存…"))
        ctx, actor = self.ctx, self.ctx.actor
        assert actor is not None
        cmd = tariff_service.SaveTariffVersion(data)
        ctx.tasks.run(lambda: tariff_service.save_tariff_version(ctx.db, actor, cmd), self._saved, self._failed)

    def _done_busy(self) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.save_button.setText(self.tr("保存为新版本 (Ctrl+S)"))

    def _saved(self, row: TariffVersionRow) -> None:
        self._done_busy()
        self.saved = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._done_busy()
        # Beyond the runner's display: a field error may point into the JSON or a time-band
        # table (paths such as "seasons[0].periods"), which show_validation finds.
        if isinstance(exc, ValidationErrors):
            for error in exc.errors:
                self.show_validation(error)
        elif isinstance(exc, ValidationError):
            self.show_validation(exc)
        else:
            show_failure(exc, Failure(label=self.error, what="saving a tariff version"))

    def reject(self) -> None:
        # Esc and 取消 both end here: changed time-band tables are not thrown away unasked. A
        # cell being edited takes its own Esc (back to the old value) before the dialog sees it.
        if self._busy or (self.schedule is not None and not self.schedule.may_discard()):
            return
        super().reject()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 — Qt override
        # Enter in the JSON box is a new line, never "save" (the default button).
        if self.page_kind() == "json" and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
