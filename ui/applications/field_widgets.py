"""Editors for a business type's own fields (申请信息项), generated from the catalogue's FieldSpecs
(app/domain/applications/catalogue.py), and the documents checklist of the accept form.

Each editor is a ``TypeField`` (a ``FormField``: the editor with its red error line under it,
so the service's ValidationError for ``spec.name`` lands there) that gives its value as the
text the service parses (``parse_fields``): a number or a date as typed (a date typed as
``20261210`` becomes ``2026-12-10``), a choice as its code. Empty means not given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QVBoxLayout, QWidget

from app.domain.applications import ApplicationCatalogue, BusinessType, FieldSpec
from app.domain.codes import FieldKind
from app.domain.customers import KINDS, VOLTAGE_LEVELS
from app.services.customers import TariffOption
from ui.i18n import fill, localize
from ui.widgets import FormField, fit_combo_to_items

_DIGITS = re.compile(r"^\d{8}$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("ApplicationFields", text)


class TypeField(FormField):
    """One field of the type: ``value()`` the text the service parses; ``changed`` when it changes."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(editor, parent)
        self.spec = spec
        self.setObjectName(f"field_{spec.name}")
        if isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(lambda _i: self.changed.emit())
        elif isinstance(editor, QLineEdit):
            editor.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> str:
        editor = self.editor
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return "" if data is None else str(data)
        assert isinstance(editor, QLineEdit)
        text = editor.text().strip()
        if self.spec.kind == FieldKind.DATE and _DIGITS.match(text):
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        return text

    def set_value(self, value: str) -> None:
        editor = self.editor
        if isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index >= 0:
                editor.setCurrentIndex(index)
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def set_choices(self, choices: Sequence[tuple[str, str]], *, empty: str | None = None) -> None:
        """A choice field's items (code, label); ``empty``: a first item meaning none."""
        combo = self.editor
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        if empty is not None:
            combo.addItem(empty, "")
        for code, label in choices:
            combo.addItem(label, code)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else 0)
        combo.blockSignals(False)
        fit_combo_to_items(combo, 60)
        self.changed.emit()


def tariff_choices(tariffs: Sequence[TariffOption], kind: str) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in tariffs if not kind or t.suits(kind)]


def _placeholder(spec: FieldSpec) -> str:
    if spec.kind in (FieldKind.KVA, FieldKind.INTEGER):
        low = spec.minimum if spec.minimum is not None else 1
        if spec.maximum is not None:
            return fill(_tr("%1–%2"), low, spec.maximum)
        return ""
    if spec.kind == FieldKind.DATE:
        return _tr("YYYY-MM-DD")
    if spec.kind == FieldKind.ACCOUNT_NO:
        return _tr("并入的户号")
    return "" if spec.required else _tr("选填")


def make_field(
    spec: FieldSpec,
    btype: BusinessType,
    parent: QWidget,
    *,
    tariffs: Sequence[TariffOption] = (),
    kind: str = "",
    voltage: str = "",
) -> TypeField:
    """The editor of ``spec``: a drop-down for choices, kinds, voltages and tariffs (``kind``:
    the customer kind the tariffs must suit; ``voltage``: the level preselected), else a line."""
    if spec.kind in (FieldKind.CHOICE, FieldKind.CUSTOMER_KIND, FieldKind.VOLTAGE, FieldKind.TARIFF):
        combo = QComboBox(parent)
        field = TypeField(spec, combo, parent)
        if spec.kind == FieldKind.CHOICE:
            field.set_choices(spec.options)
        elif spec.kind == FieldKind.CUSTOMER_KIND:
            kinds = [(str(k), localize(KINDS[k])) for k in btype.kinds]
            field.set_choices(kinds, empty=None if spec.required else _tr("（不变）"))
        elif spec.kind == FieldKind.VOLTAGE:
            field.set_choices(list(VOLTAGE_LEVELS.items()))
            if voltage:
                field.set_value(voltage)
        else:
            field.set_choices(tariff_choices(tariffs, kind), empty=_tr("请选择电价"))
        return field
    edit = QLineEdit(parent)
    if spec.kind in (FieldKind.KVA, FieldKind.INTEGER):
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,9}"), edit))
        edit.setMaxLength(9)
    elif spec.kind == FieldKind.DATE:
        edit.setMaxLength(10)
    elif spec.kind == FieldKind.ID_NUMBER:
        edit.setMaxLength(40)
    else:
        edit.setMaxLength(spec.max_len)
    edit.setPlaceholderText(_placeholder(spec))
    return TypeField(spec, edit, parent)


class DocumentChecklist(QWidget):
    """The type's documents as check boxes (required first, then the optional ones marked 选填)
    and, for a type under 一证受理, the signed commitment (承诺书) for the documents still missing."""

    changed = Signal()

    def __init__(
        self, btype: BusinessType, catalogue: ApplicationCatalogue, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentChecklist")
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for code in btype.documents:
            box = QCheckBox(localize(catalogue.documents[code].name), self)
            box.setObjectName(f"doc_{code}")
            self.boxes[code] = box
        for code in btype.optional_documents:
            box = QCheckBox(fill(_tr("%1（选填）"), localize(catalogue.documents[code].name)), self)
            box.setObjectName(f"doc_{code}")
            self.boxes[code] = box
        self.required = tuple(btype.documents)
        self.commitment: QCheckBox | None = None
        if btype.one_id_acceptance:
            self.commitment = QCheckBox(_tr("客户已签署一证受理承诺书（缺件后补）"), self)
            self.commitment.setObjectName("docCommitment")
        for box in self.checkboxes():
            layout.addWidget(box)
            box.toggled.connect(lambda _on: self.changed.emit())

    def checkboxes(self) -> list[QCheckBox]:
        return [*self.boxes.values(), *([self.commitment] if self.commitment is not None else [])]

    def received(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.boxes.items() if box.isChecked())

    def missing(self) -> tuple[str, ...]:
        return tuple(code for code in self.required if not self.boxes[code].isChecked())

    def commitment_signed(self) -> bool:
        return self.commitment is not None and self.commitment.isChecked()
