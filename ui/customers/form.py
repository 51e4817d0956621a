"""Registration and edit form (新建客户 / 编辑档案), every field of docs/rules.md#customers.

Keyboard: Enter moves to the next field, Enter on the last field or Ctrl+S saves, Esc cancels
(asks first when something was typed), Alt+A opens 主管授权 once it is offered. The tariff field
(电价代码) is an editable combo box of the catalogue's current tariffs that suit the chosen
customer kind: typing a code or part of its name filters the list, Enter takes the highlighted
(or first) match, the next Enter moves on. Saving runs on a worker thread; the save button stays
disabled meanwhile, so a double submit cannot happen. The service validates everything (the
tariff code against the catalogue too) and the form puts each Chinese message directly under
its field.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.codes import Area, CustomerKind, IdType, LowIncome, PartyType
from app.domain.customers import (
    AREAS,
    DEFAULT_TARIFF,
    INDIVIDUAL_ID_TYPES,
    KINDS,
    LARGE_CUSTOMER_KVA,
    LOW_INCOME,
    ORGANISATION_ID_TYPES,
    PARTY_TYPES,
    VOLTAGE_LEVELS,
)
from app.domain.errors import (
    AuthenticationFailed,
    ConcurrentEdit,
    DuplicateSuspected,
    Message,
    OverrideRequired,
    PermissionDenied,
    ValidationErrors,
)
from app.domain.ids import ID_TYPES
from app.dto.customers import CustomerView
from app.services.customers import (
    CustomerInput,
    RegisterCustomer,
    SupervisorApproval,
    TariffOption,
    UpdateCustomer,
    get_customer,
    register_customer,
    tariff_options,
    update_customer,
)
from app.write_path.oplog import uuid7
from ui import palette
from ui.approval_dialog import ApprovalDialog
from ui.context import UiContext
from ui.customers.common import domain_label
from ui.customers.duplicate_dialog import DuplicateChoice, DuplicateDialog
from ui.drafts import REGISTRATION, Draft, DraftKeeper, store_for
from ui.i18n import fill, localize
from ui.tasks import Failure, show_failure
from ui.widgets import error_label, muted_label, set_error

log = logging.getLogger(__name__)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
SENSITIVE_FIELDS = ("id_number", "phone", "phone2")

#: Enter / Tab order: down the left column, then down the right one.
LEFT_FIELDS = ("party_type", "name", "id_type", "id_number", "contact_person", "phone", "phone2",
               "low_income", "vip", "important")
RIGHT_FIELDS = ("kind", "supply_address", "area", "supply_line", "transformer_area", "voltage_level",
                "capacity_kva", "tariff_code", "meter_no", "customer_manager", "notes")
FIELD_ORDER = LEFT_FIELDS + RIGHT_FIELDS
ALWAYS_REQUIRED = {"party_type", "kind", "name", "id_type", "id_number", "area", "voltage_level", "capacity_kva",
                   "tariff_code", "phone", "supply_address"}


class CustomerForm(QWidget):
    """One registration (``view is None``) or one edit of ``view`` (the version the clerk saw)."""

    #: (CustomerView, created) after a successful save
    saved = Signal(object, bool)
    #: the clerk chose 打开已有档案 in the duplicate dialog: customer id
    openExisting = Signal(object)
    #: cancelled (after confirming when dirty)
    closed = Signal()

    def __init__(self, ctx: UiContext, view: CustomerView | None = None, *, prefill: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.is_new = view is None
        self.saving = False
        self._approval: SupervisorApproval | None = None
        self._approval_user = ""
        self._approval_reason = ""
        self._override_message = ""
        self._confirm_duplicate = False
        self._kind_prev = CustomerKind.RESIDENTIAL
        self._tariff_options: list[TariffOption] = []
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        self._label_texts: dict[str, str] = {}
        #: the draft on disk of a new registration (ui/drafts.py); None: not kept
        self.draft: DraftKeeper | None = None
        #: a new registration's request id, once per form and kept with its draft: saved again (a
        #: retry, the draft restored after a crash just after the save) it registers once
        self.request_id: uuid.UUID = uuid7()
        self._build()
        if view is not None:
            self.fill(view)
        else:
            self._defaults(prefill or {})
        self._snapshot = self._values()
        self._load_tariffs()

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.setObjectName("customerForm")
        self._build_heading()
        self._build_banner()
        self._make_fields()
        scroll = self._build_columns()
        bottom = self._build_buttons()
        self._layout(scroll, bottom)
        self._connect_keys()

    def _build_heading(self) -> None:
        """新建客户档案 / 编辑档案 and the subtitle beside it (account number, version)."""
        title = self.tr("新建客户档案") if self.is_new else self.tr("编辑档案")
        self.title = QLabel(title, self)
        self.title.setObjectName("formTitle")
        self.title.setStyleSheet("QLabel#formTitle { font-size: 18px; font-weight: bold; }")
        self.subtitle = muted_label("", self)

    def _build_banner(self) -> None:
        """The banner for a conflict (someone else saved first), with 重新载入; hidden until then."""
        self.banner = QFrame(self)
        self.banner.setObjectName("formBanner")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("formBannerText")
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton(self.tr("重新载入最新档案"), self.banner)
        self.reload_button.setAutoDefault(True)
        self.reload_button.clicked.connect(self.reload)
        self.reload_button.hide()
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(12, 8, 12, 8)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.reload_button)
        self.banner.hide()

    def _build_columns(self) -> QScrollArea:
        """The two groups of fields side by side (客户与证件, 用电信息), in a scroll area."""
        left = self._group(self.tr("客户与证件"), LEFT_FIELDS)
        right = self._group(self.tr("用电信息"), RIGHT_FIELDS)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        content = QWidget()
        content.setObjectName("formContent")
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(columns)
        content_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    def _build_buttons(self) -> QHBoxLayout:
        """The key legend, the progress line, 保存 and 取消."""
        legend = muted_label(fill(self.tr("<span style='color:%1'>*</span> 为必填项　·　回车：下一项　·　"
                                     "最后一项回车或 Ctrl+S：保存　·　Esc：取消"), palette.ERROR), self)
        legend.setTextFormat(Qt.TextFormat.RichText)
        self.progress = muted_label("", self)
        self.save_button = QPushButton(self.tr("保存 (Ctrl+S)"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button = QPushButton(self.tr("取消 (Esc)"), self)
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.clicked.connect(self.cancel)
        bottom = QHBoxLayout()
        bottom.addWidget(legend, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        return bottom

    def _layout(self, scroll: QScrollArea, bottom: QHBoxLayout) -> None:
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addSpacing(12)
        head.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def _connect_keys(self) -> None:
        """Ctrl+S saves; Enter and Tab walk the fields in ``FIELD_ORDER``."""
        QShortcut(QKeySequence("Ctrl+S"), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        previous: QWidget | None = None
        for name in FIELD_ORDER:
            widget = self.fields[name]
            widget.installEventFilter(self)
            if previous is not None:
                QWidget.setTabOrder(previous, widget)
            previous = widget

    def _make_fields(self) -> None:
        f = self.fields
        f["party_type"] = self._combo(PARTY_TYPES)
        f["kind"] = self._combo(KINDS)
        f["name"] = self._line(self.tr("个人填姓名，单位填全称"), 60)
        f["id_type"] = self._combo({code: ID_TYPES[code] for code in INDIVIDUAL_ID_TYPES})
        f["id_number"] = self._line(self.tr("居民身份证18位"), 40)
        f["area"] = self._combo(AREAS)
        f["voltage_level"] = self._combo(VOLTAGE_LEVELS)
        f["capacity_kva"] = self._line(self.tr("整数，单位 kVA，如 8"), 8)
        f["tariff_code"] = self._tariff_combo()
        f["low_income"] = self._combo(LOW_INCOME)
        vip = QCheckBox(self.tr("VIP客户"), self)
        f["vip"] = vip
        important = QCheckBox(self.tr("重要客户（计划停电须提前通知）"), self)
        f["important"] = important
        f["supply_line"] = self._line(self.tr("如 10kV文三线，可不填"), 40)
        f["transformer_area"] = self._line(self.tr("如 文三新村1号台区，可不填"), 40)
        f["customer_manager"] = self._line(self.tr("大客户必填"), 30)
        f["contact_person"] = self._line(self.tr("单位客户必填"), 30)
        f["phone"] = self._line(self.tr("手机11位或固话（区号-号码）"), 30)
        f["phone2"] = self._line(self.tr("可不填"), 30)
        f["supply_address"] = self._line(self.tr("省市区街道门牌，如 杭州市西湖区文三路100号"), 120)
        f["meter_no"] = self._line(self.tr("字母和数字，可不填"), 24)
        f["notes"] = self._line(self.tr("可不填"), 500)
        for name, widget in f.items():
            widget.setObjectName(f"field_{name}")

        # The 主管授权 button sits right of the ID number; shown once the service asks for it.
        self.approve_button = QPushButton(self.tr("主管授权(&A)…"), self)
        self.approve_button.setToolTip(self.tr("请值班长输入账号密码并填写原因（Alt+A）"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.setAutoDefault(True)
        self.approve_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.approve_button.clicked.connect(lambda: self.ask_approval())
        self.approve_button.hide()

        combo = f["party_type"]
        assert isinstance(combo, QComboBox)
        combo.currentIndexChanged.connect(self._party_changed)
        kind = f["kind"]
        assert isinstance(kind, QComboBox)
        kind.currentIndexChanged.connect(self._kind_changed)
        capacity = f["capacity_kva"]
        assert isinstance(capacity, QLineEdit)
        capacity.textChanged.connect(lambda _text: self._update_required())
        for name in ("id_number",):
            widget = f[name]
            assert isinstance(widget, QLineEdit)
            widget.textEdited.connect(lambda _text: self._forget_approval())
        id_type = f["id_type"]
        assert isinstance(id_type, QComboBox)
        id_type.activated.connect(lambda _i: self._forget_approval())
        id_type.currentIndexChanged.connect(lambda _i: self._id_type_changed())

    def _group(self, title: str, names: tuple[str, ...]) -> QGroupBox:
        labels = {
            "party_type": self.tr("客户类型"), "kind": self.tr("用电类别"), "name": self.tr("户名"),
            "id_type": self.tr("证件类型"), "id_number": self.tr("证件号码"), "area": self.tr("城乡类别"),
            "voltage_level": self.tr("电压等级"), "capacity_kva": self.tr("合同容量(kVA)"),
            "tariff_code": self.tr("电价代码"), "low_income": self.tr("低保/五保"), "vip": self.tr("VIP"),
            "customer_manager": self.tr("客户经理"), "contact_person": self.tr("联系人"),
            "phone": self.tr("联系电话"), "phone2": self.tr("备用电话"), "supply_address": self.tr("用电地址"),
            "meter_no": self.tr("电能表号"), "notes": self.tr("备注"),
            "supply_line": self.tr("线路"), "transformer_area": self.tr("台区"), "important": self.tr("重要客户"),
        }
        box = QGroupBox(title, self)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 92)
        for row, name in enumerate(names):
            label = QLabel(box)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setBuddy(self.fields[name])
            self._labels[name] = label
            self._label_texts[name] = labels[name]
            grid.addWidget(label, row * 2, 0)
            if name == "id_number":
                holder = QWidget(box)
                holder_layout = QHBoxLayout(holder)
                holder_layout.setContentsMargins(0, 0, 0, 0)
                holder_layout.setSpacing(6)
                holder_layout.addWidget(self.fields[name], 1)
                holder_layout.addWidget(self.approve_button)
                grid.addWidget(holder, row * 2, 1)
            else:
                grid.addWidget(self.fields[name], row * 2, 1)
            err = error_label(box)
            err.setObjectName("fieldError")
            self.errors[name] = err
            grid.addWidget(err, row * 2 + 1, 1)
        return box

    def _combo(self, options: dict[str, str]) -> QComboBox:
        combo = QComboBox(self)
        for code, text in options.items():
            combo.addItem(domain_label(text), code)
        return combo

    def _tariff_combo(self) -> QComboBox:
        """电价代码: the catalogue's current codes with their names; free typing filters them."""
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        combo.setMaxVisibleItems(12)
        line = combo.lineEdit()
        assert line is not None  # an editable combo always has its line edit
        line.setPlaceholderText(self.tr("按用电类别自动带出；输入代码或名称筛选"))
        combo.setToolTip(self.tr("输入电价代码或名称中的字筛选，回车选定；Alt+↓ 展开全部可选电价"))
        completer = QCompleter(combo.model(), combo)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        self.tariff_completer = completer
        # Installed after QCompleter's own filter, so it sees the popup's keys first.
        popup = completer.popup()
        assert popup is not None  # QCompleter creates its default popup on demand
        popup.installEventFilter(self)
        return combo

    def _tariff_text(self) -> str:
        combo = self.fields["tariff_code"]
        assert isinstance(combo, QComboBox)
        return combo.currentText()

    def _set_tariff(self, code: str) -> None:
        combo = self.fields["tariff_code"]
        assert isinstance(combo, QComboBox)
        index = combo.findData(code) if code else -1
        combo.setCurrentIndex(index)
        combo.setEditText(combo.itemText(index) if index >= 0 else code)

    def _fill_tariffs(self) -> None:
        """The tariffs that suit the selected kind; what the clerk typed or chose stays."""
        combo = self.fields["tariff_code"]
        assert isinstance(combo, QComboBox)
        kind = self.value("kind")
        typed, code = self._tariff_text(), self.value("tariff_code")
        kind_text = KINDS.get(kind, kind)
        combo.blockSignals(True)
        combo.clear()
        for option in self._tariff_options:
            if not option.suits(kind):
                continue
            combo.addItem(option.label, option.code)
            combo.setItemData(combo.count() - 1, fill(self.tr("%1，%2 起执行"), option.name, option.effective_from),
                              Qt.ItemDataRole.ToolTipRole)
        combo.blockSignals(False)
        if combo.hasFocus():
            combo.setCurrentIndex(-1)
            combo.setEditText(typed)  # mid-typing: leave the text alone
        else:
            self._set_tariff(code)
        if self._tariff_options and combo.count() == 0:
            line = combo.lineEdit()
            assert line is not None  # the tariff combo is editable
            line.setPlaceholderText(fill(self.tr("电价目录中没有适用于%1的电价"), domain_label(kind_text)))

    def _load_tariffs(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None

        def loaded(options: list[TariffOption]) -> None:
            if isValid(self):  # the form may have been closed meanwhile
                self._tariff_options = list(options)
                self._fill_tariffs()

        # Without the list the field still takes a typed code (the service checks it on save): a
        # failed read is logged, not shown.
        self.ctx.tasks.run(lambda: tariff_options(db, actor), loaded, failure=Failure(what="loading the tariff list"))

    def _line(self, placeholder: str, max_len: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(max_len)
        edit.setClearButtonEnabled(False)
        return edit

    # -- values ------------------------------------------------------------------------
    def _defaults(self, prefill: dict[str, str]) -> None:
        self.set_value("party_type", PartyType.INDIVIDUAL)
        self.set_value("kind", CustomerKind.RESIDENTIAL)
        self.set_value("id_type", IdType.RIC)
        self.set_value("area", Area.URBAN)
        self.set_value("voltage_level", "220V")
        self.set_value("low_income", LowIncome.NONE)
        self.set_value("tariff_code", DEFAULT_TARIFF[CustomerKind.RESIDENTIAL])
        for name, value in prefill.items():
            self.set_value(name, value)
        self._kind_prev = self.value("kind")
        self.subtitle.setText(self.tr("户号在保存时自动生成"))
        self._update_required()

    def fill(self, view: CustomerView) -> None:
        """Put a stored record into the form (edit, and reload after a conflict)."""
        self.view = view
        self.title.setText(fill(self.tr("编辑档案：%1"), view.name))
        self.subtitle.setText(fill(self.tr("户号 %1　·　档案版本 %2"), view.account_no, view.version))
        party = self.fields["party_type"]
        party.setEnabled(False)
        party.setToolTip(self.tr("客户类型不能在此修改，过户、更名请走业务受理"))
        for name in ("party_type", "kind", "id_type", "area", "voltage_level", "low_income", "name",
                     "tariff_code", "customer_manager", "contact_person", "supply_address", "meter_no", "notes",
                     "supply_line", "transformer_area"):
            self.set_value(name, getattr(view, name))
        self.set_value("capacity_kva", str(view.capacity_kva))
        self.set_value("vip", view.vip)
        self.set_value("important", view.important)
        masked = {"id_number": view.id_masked, "phone": view.phone_masked, "phone2": view.phone2_masked}
        for name in SENSITIVE_FIELDS:
            edit = self.fields[name]
            assert isinstance(edit, QLineEdit)
            if view.sensitive_visible:
                edit.setText(getattr(view, name))
            else:
                # The clerk never sees the full number: empty means "keep the stored one".
                edit.clear()
                shown = masked[name] or self.tr("未填")
                edit.setPlaceholderText(fill(self.tr("%1（不修改请留空）"), shown))
        self._kind_prev = view.kind
        self._update_required()
        self._snapshot = self._values()

    def value(self, name: str) -> Any:
        widget = self.fields[name]
        if name == "tariff_code":
            words = self._tariff_text().split()  # "RES-TIER　居民生活…" -> the code
            return words[0] if words else ""
        if isinstance(widget, QComboBox):
            return widget.currentData() or ""
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def set_value(self, name: str, value: Any) -> None:
        widget = self.fields[name]
        if name == "tariff_code":
            self._set_tariff("" if value is None else str(value).strip())
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index >= 0:
                widget.setCurrentIndex(index)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText("" if value is None else str(value))

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.value(name) for name in FIELD_ORDER)

    @property
    def dirty(self) -> bool:
        return self._values() != self._snapshot

    def collect(self) -> CustomerInput:
        v = {name: self.value(name) for name in FIELD_ORDER}
        keep_masked = self.view is not None and not self.view.sensitive_visible
        sensitive: dict[str, str | None] = {}
        for name in SENSITIVE_FIELDS:
            text = v[name].strip()
            sensitive[name] = None if keep_masked and not text else text
        return CustomerInput(
            party_type=v["party_type"], kind=v["kind"], name=v["name"], id_type=v["id_type"],
            id_number=sensitive["id_number"], area=v["area"], voltage_level=v["voltage_level"],
            capacity_kva=v["capacity_kva"], tariff_code=v["tariff_code"], low_income=v["low_income"],
            vip=bool(v["vip"]), customer_manager=v["customer_manager"], contact_person=v["contact_person"],
            phone=sensitive["phone"], phone2=sensitive["phone2"], supply_address=v["supply_address"],
            meter_no=v["meter_no"], notes=v["notes"], supply_line=v["supply_line"],
            transformer_area=v["transformer_area"], important=bool(v["important"]),
        )

    # -- dependent fields --------------------------------------------------------------
    def _party_changed(self, _index: int) -> None:
        party = self.value("party_type")
        id_type = self.fields["id_type"]
        assert isinstance(id_type, QComboBox)
        current = id_type.currentData()
        codes = ORGANISATION_ID_TYPES if party == PartyType.ORGANISATION else INDIVIDUAL_ID_TYPES
        id_type.blockSignals(True)
        id_type.clear()
        for code in codes:
            id_type.addItem(domain_label(ID_TYPES[code]), code)
        index = id_type.findData(current)
        id_type.setCurrentIndex(index if index >= 0 else 0)
        id_type.blockSignals(False)
        self._id_type_changed()
        if party == PartyType.ORGANISATION and self.value("kind") == CustomerKind.RESIDENTIAL:
            self.set_value("kind", CustomerKind.GENERAL_CI)  # 居民生活 is for individuals only
        self._update_required()

    def _kind_changed(self, _index: int) -> None:
        kind = self.value("kind")
        tariff = self.value("tariff_code").strip().upper()
        self._fill_tariffs()
        if not tariff or tariff == DEFAULT_TARIFF.get(self._kind_prev, ""):
            self.set_value("tariff_code", DEFAULT_TARIFF.get(kind, ""))
        self._kind_prev = kind
        self._update_required()

    def _id_type_changed(self) -> None:
        hints = {IdType.RIC: self.tr("居民身份证18位（旧证15位）"),
                 IdType.USCC: self.tr("统一社会信用代码18位"),
                 IdType.PASSPORT: self.tr("护照号码"), IdType.HKMO: self.tr("H或M开头加8位数字"),
                 IdType.TW: self.tr("8位数字"), IdType.PRC_FOREIGN: self.tr("9开头18位，或3位字母加12位数字"),
                 IdType.OTHER: self.tr("证件名称及号码")}
        edit = self.fields["id_number"]
        assert isinstance(edit, QLineEdit)
        if self.view is None or self.view.sensitive_visible:
            edit.setPlaceholderText(hints.get(self.value("id_type"), ""))

    def _update_required(self) -> None:
        capacity = self.value("capacity_kva").strip()
        large = self.value("kind") == CustomerKind.LARGE_INDUSTRY or (
            capacity.isdigit() and capacity.isascii() and int(capacity) >= LARGE_CUSTOMER_KVA)
        required = set(ALWAYS_REQUIRED)
        if self.value("party_type") == PartyType.ORGANISATION:
            required.add("contact_person")
        if large:
            required.add("customer_manager")
        for name, label in self._labels.items():
            star = f"<span style='color:{palette.ERROR}'>*</span> " if name in required else ""
            label.setText(star + self._label_texts[name])

    # -- keys --------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if obj is self.tariff_completer.popup():
                return self._tariff_popup_key(event)
            if key in _ENTER_KEYS and not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
                self._next_field(obj)
                return True
            if key == Qt.Key.Key_Escape:
                self.cancel()
                return True
        return super().eventFilter(obj, event)

    def _tariff_popup_key(self, event: QKeyEvent) -> bool:
        """Enter in the filtered list takes the highlighted match, or the first one if none is."""
        completer = self.tariff_completer
        popup = completer.popup()
        assert popup is not None  # QCompleter creates its default popup on demand
        if event.key() not in _ENTER_KEYS or popup.currentIndex().isValid() \
                or completer.completionCount() == 0:
            return False  # QCompleter's own handling
        completer.setCurrentRow(0)
        text = completer.currentCompletion()
        popup.hide()
        combo = self.fields["tariff_code"]
        assert isinstance(combo, QComboBox)
        index = combo.findText(text)
        combo.setCurrentIndex(index)
        combo.setEditText(text)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def _next_field(self, current: QObject) -> None:
        names = [n for n in FIELD_ORDER if self.fields[n].isEnabled()]
        name = next((n for n in names if self.fields[n] is current), None)
        if name is None or name == names[-1]:
            self.save()
            return
        self.fields[names[names.index(name) + 1]].setFocus(Qt.FocusReason.TabFocusReason)
        widget = self.fields[names[names.index(name) + 1]]
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        elif isinstance(widget, QComboBox) and widget.isEditable():
            line = widget.lineEdit()
            assert line is not None  # an editable combo always has its line edit
            line.selectAll()  # typing replaces the pre-filled tariff

    def focus_first(self) -> None:
        first = "name" if self.view is not None else "party_type"
        self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)

    # -- errors ------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for label in self.errors.values():
            set_error(label, "")
        self._show_banner("")

    def show_errors(self, by_field: dict[str, str]) -> None:
        others = []
        for name, message in by_field.items():
            if name in self.errors:
                set_error(self.errors[name], message)
            else:
                others.append(message)
        if others:
            self._show_banner(Message.join(others))
        first = next((n for n in FIELD_ORDER if n in by_field), None)
        if first is not None:
            self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    @property
    def banner_message(self) -> str:
        return self.banner_text.text() if not self.banner.isHidden() else ""

    def _show_banner(self, text: str, *, kind: str = "error", reload: bool = False) -> None:
        text = localize(text)
        self.banner.setProperty("banner", kind)  # "error" / "info": the style sheet below re-polishes
        self.banner.setStyleSheet(
            "QLabel#formBannerText { font-size: 14px; font-weight: bold; background: transparent; }")
        self.banner_text.setText(text)
        self.banner.setVisible(bool(text))
        self.reload_button.setVisible(bool(text) and reload)

    # -- saving ------------------------------------------------------------------------
    def save(self, approval: SupervisorApproval | None = None, confirm_duplicate: bool | None = None) -> None:
        if self.saving:
            return
        if approval is not None:
            self._approval = approval
        if confirm_duplicate is not None:
            self._confirm_duplicate = confirm_duplicate
        data = self.collect()
        approval = self._approval
        self._set_saving(True)
        self.clear_errors()
        db, actor = self.ctx.db, self.ctx.actor
        assert actor is not None
        if self.view is None:
            register = RegisterCustomer(data, confirm_duplicate=self._confirm_duplicate, approval=approval,
                                        request_id=self.request_id)
            if self.draft is not None:
                self.draft.flush()  # the draft as sent now: restored after a crash, it is this request

            def work() -> CustomerView:
                return register_customer(db, actor, register)
        else:
            update = UpdateCustomer(self.view.id, self.view.version, data, approval,
                                    confirm_duplicate=self._confirm_duplicate)

            def work() -> CustomerView:
                return update_customer(db, actor, update)

        self.ctx.tasks.run(work, self._on_saved, lambda exc: self._on_failed(exc, approval))

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.save_button.setEnabled(not saving)
        self.progress.setText(self.tr("正在保存…") if saving else "")

    def _on_saved(self, view: CustomerView) -> None:
        self._set_saving(False)
        self._drop_draft()
        self._approval = None
        self._snapshot = self._values()
        self.saved.emit(view, self.is_new)

    def _on_failed(self, exc: BaseException, approval: SupervisorApproval | None) -> None:
        # Not the runner's default: approval prompt, duplicate question, reload banner; the rest is shown by show_failure.
        self._set_saving(False)
        if isinstance(exc, ValidationErrors):
            by_field = exc.by_field()
            reason_error = by_field.pop("override_reason", None)
            self.show_errors(by_field)
            if reason_error:
                self._approval = None
                self.ask_approval(reason_error)
        elif isinstance(exc, OverrideRequired):
            self._override_message = exc.message
            field = exc.field if exc.field in self.errors else "id_number"
            set_error(self.errors[field], exc.message)
            self.approve_button.show()
            self.approve_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif isinstance(exc, DuplicateSuspected):
            self._duplicate(exc)
        elif isinstance(exc, AuthenticationFailed | PermissionDenied) and approval is not None:
            self._approval = None
            message = fill(self.tr("授权未通过：%1"), localize(exc.message))
            set_error(self.errors["id_number"], message)
            self.approve_button.show()
            self.ask_approval(exc.message)
        elif isinstance(exc, ConcurrentEdit):
            self._show_banner(exc.message, reload=True)
            self.reload_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            show_failure(exc, Failure(status=self._show_banner, what="saving a customer"))

    def ask_approval(self, error: str = "") -> None:
        """Open the 主管授权 dialog; on OK resubmit with the approval."""
        message = self._override_message or self.tr("证件号码校验未通过，需值班长授权")
        dialog = ApprovalDialog(localize(message), self, username=self._approval_user, reason=self._approval_reason,
                                error=error)
        try:
            code = self.ctx.dialogs.run(dialog)
            approval = dialog.approval() if code == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
        if approval is None:
            self.fields["id_number"].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._approval_user, self._approval_reason = approval.username, approval.reason
        self.save(approval=approval)

    def _forget_approval(self) -> None:
        # An approval belongs to the number the supervisor looked at.
        self._approval = None
        self._confirm_duplicate = False
        self.approve_button.hide()

    def _duplicate(self, exc: DuplicateSuspected) -> None:
        dialog = DuplicateDialog(localize(exc.message), exc.matches, self)
        try:
            self.ctx.dialogs.run(dialog)
            choice, selected = dialog.choice, dialog.selected()
        finally:
            dialog.deleteLater()
        if choice == DuplicateChoice.OPEN_EXISTING and selected is not None:
            self._snapshot = self._values()  # the clerk chose to drop this registration
            self._drop_draft()
            self.openExisting.emit(selected.id)
        elif choice == DuplicateChoice.CREATE_ANYWAY:
            self.save(confirm_duplicate=True)
        else:
            self._show_banner(fill(self.tr("未保存：%1"), localize(exc.message)))
            self.focus_first()

    # -- conflict reload / cancel ------------------------------------------------------
    def reload(self) -> None:
        """After 记录已被他人修改: load the current record; the clerk's edits are dropped, nothing is overwritten."""
        if self.view is None or self.saving:
            return
        db, actor, customer_id = self.ctx.db, self.ctx.actor, self.view.id
        assert actor is not None
        self.reload_button.setEnabled(False)
        self.progress.setText(self.tr("正在载入…"))

        def answered() -> None:
            self.reload_button.setEnabled(True)
            self.progress.setText("")

        def done(view: CustomerView) -> None:
            self.clear_errors()
            self.fill(view)
            self._show_banner(fill(self.tr("已载入他人保存后的最新档案（版本 %1）。您刚才的修改没有保存，"
                                      "请核对后重新修改。"), view.version), kind="info")
            self.focus_first()

        self.ctx.tasks.run(lambda: get_customer(db, actor, customer_id), done, always=answered,
                           failure=Failure(status=lambda text: self._show_banner(text, reload=True),
                                           what="reloading a customer"))

    def cancel(self) -> None:
        if self.saving:
            self.progress.setText(self.tr("正在保存，请稍候…"))
            return
        if self.dirty and not self.ctx.dialogs.confirm(
                self, self.tr("放弃录入"), self.tr("表单中有尚未保存的内容，确定放弃吗？")):
            return
        self._drop_draft()
        self.closed.emit()

    def confirm_leave(self) -> bool:
        """Ask before the module replaces this form (F2 / F3 elsewhere)."""
        if self.saving:
            return False
        leave = not self.dirty or self.ctx.dialogs.confirm(
            self, self.tr("放弃录入"), self.tr("表单中有尚未保存的内容，确定放弃吗？"))
        if leave:
            self._drop_draft()
        return leave

    # -- the draft on disk (ui/drafts.py) ----------------------------------------------
    def keep_draft(self) -> None:
        """Keep this new registration on disk as it is typed, until it is saved or dropped."""
        self.draft = DraftKeeper(store_for(self.ctx), REGISTRATION, self,
                                 lambda: {name: self.value(name) for name in FIELD_ORDER},
                                 context=lambda: {"request_id": str(self.request_id)},
                                 summary=lambda: self.value("name").strip())

    def restore_draft(self, draft: Draft) -> None:
        """The fields as the draft kept them; the ones others depend on first (the party type
        chooses the ID types, the kind the tariffs)."""
        first = ("party_type", "kind", "id_type")
        for name in (*first, *(n for n in FIELD_ORDER if n not in first and n != "tariff_code"), "tariff_code"):
            if name in draft.fields:
                self.set_value(name, draft.fields[name])
        self._kind_prev = self.value("kind")
        self._update_required()
        with contextlib.suppress(ValueError):  # a draft of an older version has none: a new one then
            self.request_id = uuid.UUID(draft.context.get("request_id", ""))
        self._show_banner(fill(self.tr("已恢复%1的草稿，请与客户核对后再保存。"), draft.age_text()), kind="info")

    def _drop_draft(self) -> None:
        if self.draft is not None:
            self.draft.discard()
