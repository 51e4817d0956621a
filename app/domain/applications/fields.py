"""An application form's own fields and its documents (docs/rules.md#business-type-catalogue).

:func:`parse_fields` turns what a clerk typed into typed values (kVA and counts as int, dates
as ``datetime.date``), one Chinese message per bad field; :func:`document_check` applies the
一证受理 rule to the documents received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from app.domain.applications.catalogue import ApplicationCatalogue, BusinessType, FieldSpec
from app.domain.codes import CustomerKind, FieldKind
from app.domain.customers import VOLTAGE_LEVELS
from app.domain.errors import ValidationError, ValidationErrors
from app.domain.ids import IdCheckResult, check_id_document
from app.domain.messages import Message, term

__all__ = ["DocumentCheck", "document_check", "id_number_checks", "parse_fields"]


def _parse_one(spec: FieldSpec, raw: object) -> object:
    label = term(spec.label)
    if spec.kind in (FieldKind.KVA, FieldKind.INTEGER):
        if isinstance(raw, bool | float):
            raise ValidationError(spec.name, "{label}应为整数", label=label)
        try:
            number = raw if isinstance(raw, int) else int(str(raw).strip())
        except ValueError:
            raise ValidationError(spec.name, "{label}应为整数", label=label) from None
        low = spec.minimum if spec.minimum is not None else 1
        if number < low or (spec.maximum is not None and number > spec.maximum):
            raise ValidationError(
                spec.name, "{label}应为 {low} 到 {high} 之间的整数", label=label, low=low, high=spec.maximum
            )
        return number
    if spec.kind == FieldKind.DATE:
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValidationError(spec.name, "{label}应为日期，格式 YYYY-MM-DD", label=label) from None
    text = str(raw).strip()
    if spec.kind == FieldKind.CHOICE:
        if text not in dict(spec.options):
            raise ValidationError(spec.name, "请选择{label}", label=label)
        return text
    if spec.kind == FieldKind.CUSTOMER_KIND:
        if text not in {k.value for k in CustomerKind}:
            raise ValidationError(spec.name, "请选择{label}", label=label)
        return CustomerKind(text)
    if spec.kind == FieldKind.VOLTAGE:
        if text not in VOLTAGE_LEVELS:
            raise ValidationError(spec.name, "请选择{label}", label=label)
        return text
    if len(text) > spec.max_len:
        raise ValidationError(spec.name, "{label}不能超过{max_len}个字", label=label, max_len=spec.max_len)
    # TEXT, TARIFF, ACCOUNT_NO, ID_NUMBER: the service checks them against the tariff catalogue,
    # the customers and app/domain/ids.py; here they are text.
    return text


def parse_fields(btype: BusinessType, values: Mapping[str, object]) -> dict[str, object]:
    """The type's fields from ``values`` (text as typed, or already typed). Raises
    ValidationErrors naming every bad or missing required field; names the type does not
    declare are ignored. An optional field left empty is absent from the result.

    An ID number with a document-type field is normalised and checked (app/domain/ids.py,
    docs/rules.md#id-checks): a hopeless number is refused here; a suspicious one (check
    character, area, birth date) passes, and :func:`id_number_checks` tells the service which
    need a supervisor's approval, as for a registration."""
    result: dict[str, object] = {}
    errors: list[ValidationError] = []
    for spec in btype.fields:
        raw = values.get(spec.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if spec.required:
                errors.append(ValidationError(spec.name, "{label}不能为空", label=term(spec.label)))
            continue
        try:
            result[spec.name] = _parse_one(spec, raw)
        except ValidationError as exc:
            errors.append(exc)
    for spec, check in id_number_checks(btype, result):
        if check.ok or check.overridable:
            result[spec.name] = check.normalized
        elif spec.name not in {e.field for e in errors}:
            errors.append(
                ValidationError(
                    spec.name, check.message or Message("{label}格式错误", label=term(spec.label))
                )
            )
    if errors:
        raise ValidationErrors(errors)
    return result


def id_number_checks(
    btype: BusinessType, values: Mapping[str, object]
) -> list[tuple[FieldSpec, IdCheckResult]]:
    """The ID check of every ID-number field whose number and document type are in ``values``."""
    out = []
    for spec in btype.fields:
        if spec.kind != FieldKind.ID_NUMBER or spec.id_type_field is None:
            continue
        number, id_type = values.get(spec.name), values.get(spec.id_type_field)
        if isinstance(number, str) and isinstance(id_type, str):
            out.append((spec, check_id_document(id_type, number)))
    return out


@dataclass(frozen=True)
class DocumentCheck:
    """The documents of an application: ``missing`` the required ones not received;
    ``acceptable`` whether it may be accepted now — everything received, or under 一证受理 an
    identity document received and the commitment (承诺书) for the rest signed; ``promised``
    the documents the customer promised to bring (missing, covered by the commitment)."""

    received: tuple[str, ...]
    missing: tuple[str, ...]
    acceptable: bool
    promised: tuple[str, ...] = ()


def document_check(
    btype: BusinessType,
    catalogue: ApplicationCatalogue,
    received: Collection[str],
    *,
    commitment_signed: bool,
) -> DocumentCheck:
    """docs/rules.md#documents-and-one-id-acceptance."""
    got = tuple(d for d in (*btype.documents, *btype.optional_documents) if d in received)
    missing = tuple(d for d in btype.documents if d not in received)
    if not missing:
        return DocumentCheck(got, (), True)
    has_id = any(catalogue.documents[d].id_document for d in got if d in btype.documents)
    if btype.one_id_acceptance and has_id and commitment_signed:
        return DocumentCheck(got, missing, True, missing)
    return DocumentCheck(got, missing, False)
