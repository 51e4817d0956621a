"""The business-type catalogue (业务类型目录) as data: ``resources/applications/catalogue.json``.

Each type names the customer kinds it is for, its documents (with the 一证受理 rule), its stages
with a time limit each, its total limit in working days (per variant, e.g. single / dual supply),
its own fields with how they are checked, the named precondition checks that apply to it and
what completing it changes on the customer. The file carries a ``version`` so an administrator's
edits can be stored as versions. docs/rules.md#business-type-catalogue.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from app.domain.codes import ApplicationStage, CustomerKind, CustomerStatus, FieldKind
from app.domain.errors import NotFound, ValidationError
from app.domain.messages import Message
from app.domain.tariffs.parsing import as_mapping, as_sequence, parse_int, parse_text, path_error

__all__ = [
    "CATALOGUE_FORMAT",
    "CHECKS",
    "CUSTOMER_ATTRIBUTES",
    "ApplicationCatalogue",
    "BusinessType",
    "CompletionEffect",
    "DocumentSpec",
    "FieldSpec",
    "load_default_catalogue",
    "parse_catalogue",
]

CATALOGUE_FORMAT = "gridcounter.applications/1"
DEFAULT_PACKAGE = "resources.applications"
DEFAULT_FILE = "catalogue.json"
#: The one-variant key: a type whose limits do not depend on a field.
DEFAULT_VARIANT = ""

#: Named precondition checks a type may list (app/domain/applications/preconditions.py).
CHECKS = frozenset(
    {
        "arrears",
        "capacity_range",
        "capacity_up",
        "capacity_down",
        "reduction_term",
        "capacity_lockout",
        "not_paused",
        "pause_limits",
        "paused",
        "reduced",
        "name_differs",
        "tariff_differs",
    }
)
#: Customer attributes a completion may set (the later service maps them to columns).
CUSTOMER_ATTRIBUTES = frozenset(
    {"name", "id_type", "id_number", "phone", "capacity_kva", "tariff_code", "kind"}
)


@dataclass(frozen=True)
class DocumentSpec:
    code: str
    name: str
    #: an identity document: under 一证受理 it alone, with the signed commitment, is enough
    id_document: bool = False


@dataclass(frozen=True)
class FieldSpec:
    """A type's own field (申请信息项), e.g. 申请容量 or 暂停开始日期."""

    name: str
    label: str
    kind: FieldKind
    required: bool = True
    minimum: int | None = None
    maximum: int | None = None
    max_len: int = 200
    options: tuple[tuple[str, str], ...] = ()  # (code, label) of a choice
    not_past: bool = False  # a date that may not lie before the day of acceptance
    after: str | None = None  # a date field this date must come after
    id_type_field: str | None = None  # for an ID number: the choice field holding its document type


@dataclass(frozen=True)
class CompletionEffect:
    """What completing the type changes on the customer, as data (docs/rules.md#completion-effects).

    ``set`` maps a customer attribute to the application field that holds its new value;
    ``holder``: the holder changes (过户), the old one is kept in the history;
    ``status``: the customer's new status; ``restore_capacity``: back to the capacity before
    the 减容; ``remember_capacity``: keep today's capacity so a 减容恢复 can restore it;
    ``capacity_change``: the completion date starts the two-year lock on 减容 / 暂停."""

    new_customer: bool = False
    set: tuple[tuple[str, str], ...] = ()
    holder: bool = False
    status: CustomerStatus | None = None
    restore_capacity: bool = False
    remember_capacity: bool = False
    capacity_change: bool = False


@dataclass(frozen=True)
class BusinessType:
    code: str
    name: str
    kinds: tuple[CustomerKind, ...]
    documents: tuple[str, ...]  # required
    optional_documents: tuple[str, ...]
    stages: tuple[ApplicationStage, ...]  # in order, the last is 归档
    #: {variant: {stage: working days}} and {variant: total working days}
    stage_days: Mapping[str, Mapping[ApplicationStage, int]]
    limits: Mapping[str, int]
    fields: tuple[FieldSpec, ...] = ()
    checks: tuple[str, ...] = ()
    effect: CompletionEffect = CompletionEffect()
    new_customer: bool = False  # the application is for a customer not registered yet
    exclusive: bool = False  # while open, no other application of the customer may start (销户)
    one_id_acceptance: bool = True  # 一证受理
    variant_field: str | None = None
    limit_source: str = ""

    @property
    def variants(self) -> tuple[str, ...]:
        return tuple(self.limits)

    def _variant(self, variant: str | None) -> str:
        if self.variant_field is None:
            return DEFAULT_VARIANT
        if variant is None or variant not in self.limits:
            raise KeyError(f"{self.code}: unknown variant {variant!r}")
        return variant

    def limit_days(self, variant: str | None = None) -> int:
        """The promised total in working days (for the variant the type's variant field chose)."""
        return self.limits[self._variant(variant)]

    def stage_limit(self, stage: ApplicationStage, variant: str | None = None) -> int:
        return self.stage_days[self._variant(variant)][stage]

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class ApplicationCatalogue:
    version: int
    documents: Mapping[str, DocumentSpec]
    types: tuple[BusinessType, ...]
    source: str = ""

    def get(self, code: str) -> BusinessType:
        for t in self.types:
            if t.code == code:
                return t
        raise NotFound("业务类型 {code} 不存在", code=code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.types)


# ---- parsing -------------------------------------------------------------------------------------


def _bool(data: Mapping[str, Any], key: str, path: str, default: bool = False) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise path_error(f"{path}.{key}", Message("应为 true 或 false"))
    return value


def _codes(value: object, path: str) -> tuple[str, ...]:
    items = as_sequence(value, path)
    if any(not isinstance(v, str) or not v for v in items):
        raise path_error(path, Message("应为代码列表"))
    return tuple(items)


def _enum(enum: Any, value: object, path: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise path_error(path, Message("未知的代码（{value}）", value=repr(value))) from None


def _field(raw: object, path: str) -> FieldSpec:
    data = as_mapping(raw, path)
    kind = _enum(FieldKind, data.get("kind"), f"{path}.kind")
    options: tuple[tuple[str, str], ...] = ()
    if kind == FieldKind.CHOICE:
        opts = as_mapping(data.get("options"), f"{path}.options")
        if not opts or any(not isinstance(v, str) for v in opts.values()):
            raise path_error(f"{path}.options", Message("选项不能为空"))
        options = tuple(opts.items())
    bounds = {
        k: parse_int(data[k], f"{path}.{k}") if data.get(k) is not None else None
        for k in ("minimum", "maximum")
    }
    if (
        bounds["minimum"] is not None
        and bounds["maximum"] is not None
        and bounds["minimum"] > bounds["maximum"]
    ):
        raise path_error(path, Message("下限不能大于上限"))
    after = data.get("after")
    if after is not None and (not isinstance(after, str) or kind != FieldKind.DATE):
        raise path_error(f"{path}.after", Message("只有日期项可以指定应晚于的日期项"))
    id_type_field = data.get("id_type_field")
    if id_type_field is not None and (not isinstance(id_type_field, str) or kind != FieldKind.ID_NUMBER):
        raise path_error(f"{path}.id_type_field", Message("只有证件号码项可以指定证件类型项"))
    return FieldSpec(
        name=parse_text(data, "name", path),
        label=parse_text(data, "label", path),
        kind=kind,
        required=_bool(data, "required", path, True),
        minimum=bounds["minimum"],
        maximum=bounds["maximum"],
        max_len=parse_int(data.get("max_len", 200), f"{path}.max_len"),
        options=options,
        not_past=_bool(data, "not_past", path),
        after=after,
        id_type_field=id_type_field,
    )


def _per_variant(value: object, path: str, variants: tuple[str, ...] | None) -> dict[str, int]:
    """A day count, or {variant: days} for a type with a variant field."""
    if isinstance(value, Mapping):
        if variants is None:
            raise path_error(path, Message("没有指定区分时限的项（variant_field），时限应为一个整数"))
        result = {str(k): parse_int(v, f"{path}.{k}") for k, v in value.items()}
        if set(result) != set(variants):
            raise path_error(
                path, Message("应为每个选项（{variants}）各给出时限", variants=Message.join(variants, "、"))
            )
    else:
        days = parse_int(value, path)
        result = {v: days for v in (variants or (DEFAULT_VARIANT,))}
    if any(d < 0 or d > 365 for d in result.values()):
        raise path_error(path, Message("工作日数应在 0 到 365 之间"))
    return result


def _effect(raw: object, path: str, field_names: set[str]) -> CompletionEffect:
    data = as_mapping(raw, path)
    pairs = []
    for attr, source in as_mapping(data.get("set", {}), f"{path}.set").items():
        if attr not in CUSTOMER_ATTRIBUTES:
            raise path_error(f"{path}.set", Message("不能修改客户的“{attr}”", attr=attr))
        if source not in field_names:
            raise path_error(f"{path}.set.{attr}", Message("没有名为“{name}”的申请信息项", name=source))
        pairs.append((attr, source))
    status = data.get("status")
    return CompletionEffect(
        new_customer=_bool(data, "new_customer", path),
        set=tuple(pairs),
        holder=_bool(data, "holder", path),
        status=None if status is None else _enum(CustomerStatus, status, f"{path}.status"),
        restore_capacity=_bool(data, "restore_capacity", path),
        remember_capacity=_bool(data, "remember_capacity", path),
        capacity_change=_bool(data, "capacity_change", path),
    )


def _type(raw: object, path: str, documents: Mapping[str, DocumentSpec]) -> BusinessType:
    data = as_mapping(raw, path)
    code = parse_text(data, "code", path)
    name = parse_text(data, "name", path)
    kinds = tuple(_enum(CustomerKind, k, f"{path}.kinds") for k in _codes(data.get("kinds"), f"{path}.kinds"))
    if not kinds:
        raise path_error(f"{path}.kinds", Message("至少应适用于一种用电类别"))
    required = _codes(data.get("documents"), f"{path}.documents")
    optional = _codes(data.get("optional_documents", []), f"{path}.optional_documents")
    for doc in (*required, *optional):
        if doc not in documents:
            raise path_error(f"{path}.documents", Message("资料“{doc}”不在资料目录中", doc=doc))
    one_id = _bool(data, "one_id_acceptance", path, True)
    if one_id and not any(documents[d].id_document for d in required):
        raise path_error(f"{path}.documents", Message("一证受理的业务应要求一种身份证明"))
    fields = tuple(
        _field(f, f"{path}.fields[{i}]")
        for i, f in enumerate(as_sequence(data.get("fields", []), f"{path}.fields"))
    )
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise path_error(f"{path}.fields", Message("申请信息项的名称重复"))
    for f in fields:
        if f.after is not None and (
            f.after not in names or fields[names.index(f.after)].kind != FieldKind.DATE
        ):
            raise path_error(f"{path}.fields", Message("“{label}”应晚于的日期项不存在", label=f.label))
    for f in fields:
        if f.id_type_field is not None and (
            f.id_type_field not in names or fields[names.index(f.id_type_field)].kind != FieldKind.CHOICE
        ):
            raise path_error(f"{path}.fields", Message("“{label}”的证件类型项不存在", label=f.label))
    variant_field = data.get("variant_field")
    variants: tuple[str, ...] | None = None
    if variant_field is not None:
        spec = next((f for f in fields if f.name == variant_field), None)
        if spec is None or spec.kind != FieldKind.CHOICE or not spec.required:
            raise path_error(f"{path}.variant_field", Message("区分时限的项应为本业务的必填选项"))
        variants = tuple(k for k, _ in spec.options)
    stages_raw = as_sequence(data.get("stages"), f"{path}.stages")
    stages: list[ApplicationStage] = []
    per_stage: list[dict[str, int]] = []
    for i, raw_stage in enumerate(stages_raw):
        spath = f"{path}.stages[{i}]"
        entry = as_mapping(raw_stage, spath)
        stage = _enum(ApplicationStage, entry.get("stage"), f"{spath}.stage")
        if stage in stages:
            raise path_error(spath, Message("环节重复"))
        stages.append(stage)
        per_stage.append(_per_variant(entry.get("days"), f"{spath}.days", variants))
    if len(stages) < 2 or stages[0] != ApplicationStage.ACCEPT or stages[-1] != ApplicationStage.ARCHIVE:
        raise path_error(f"{path}.stages", Message("环节应从“受理”开始、以“归档”结束"))
    limits = _per_variant(data.get("limit_days"), f"{path}.limit_days", variants)
    stage_days = {v: {s: d[v] for s, d in zip(stages, per_stage, strict=True)} for v in limits}
    for variant, days in stage_days.items():
        if sum(days.values()) > limits[variant]:
            raise path_error(
                f"{path}.stages",
                Message(
                    "各环节时限之和（{sum}）超过总时限（{limit}）",
                    sum=sum(days.values()),
                    limit=limits[variant],
                ),
            )
    checks = _codes(data.get("checks", []), f"{path}.checks")
    unknown = [c for c in checks if c not in CHECKS]
    if unknown:
        raise path_error(f"{path}.checks", Message("未知的前置条件“{check}”", check=unknown[0]))
    new_customer = _bool(data, "new_customer", path)
    effect = _effect(data.get("effect", {}), f"{path}.effect", set(names))
    if effect.new_customer != new_customer:
        raise path_error(f"{path}.effect", Message("新装类业务办结时应新建客户，其他业务不能新建客户"))
    if new_customer and not any(f.kind == FieldKind.KVA for f in fields):
        raise path_error(f"{path}.fields", Message("新装类业务应有申请容量项"))
    return BusinessType(
        code=code,
        name=name,
        kinds=kinds,
        documents=required,
        optional_documents=optional,
        stages=tuple(stages),
        stage_days=stage_days,
        limits=limits,
        fields=fields,
        checks=checks,
        effect=effect,
        new_customer=new_customer,
        exclusive=_bool(data, "exclusive", path),
        one_id_acceptance=one_id,
        variant_field=variant_field,
        limit_source=parse_text(data, "limit_source", path, required=False),
    )


#: The highest version number (``application_catalogue.version`` and
#: ``application.catalogue_version`` are INTEGER columns).
VERSION_MAX = 2**31 - 1


def parse_catalogue(data: Mapping[str, Any]) -> ApplicationCatalogue:
    """A catalogue document (format ``gridcounter.applications/1``). Errors are ValidationErrors
    naming the JSON path of the bad value, in Chinese (templates)."""
    data = as_mapping(data, "catalogue")
    if data.get("format") != CATALOGUE_FORMAT:
        raise ValidationError("format", "业务类型目录格式应为 {format}", format=CATALOGUE_FORMAT)
    version = parse_int(data.get("version"), "version")
    if version < 1:
        raise path_error("version", Message("版本号应为正整数"))
    if version > VERSION_MAX:  # the column is a 32-bit integer (PostgreSQL refuses more)
        raise path_error("version", Message("版本号不能超过{max}", max=VERSION_MAX))
    documents: dict[str, DocumentSpec] = {}
    for code, raw in as_mapping(data.get("documents"), "documents").items():
        dpath = f"documents.{code}"
        entry = as_mapping(raw, dpath)
        documents[code] = DocumentSpec(
            code, parse_text(entry, "name", dpath), _bool(entry, "id_document", dpath)
        )
    types: list[BusinessType] = []
    for i, raw in enumerate(as_sequence(data.get("types"), "types")):
        btype = _type(raw, f"types[{i}]", documents)
        if any(t.code == btype.code for t in types):
            raise path_error(f"types[{i}].code", Message("业务类型代码 {code} 重复", code=btype.code))
        if any(t.name == btype.name for t in types):
            raise path_error(f"types[{i}].name", Message("业务类型名称“{name}”重复", name=btype.name))
        types.append(btype)
    if not types:
        raise path_error("types", Message("至少应有一种业务类型"))
    source = data.get("source", "")
    return ApplicationCatalogue(version, documents, tuple(types), source if isinstance(source, str) else "")


def load_default_catalogue() -> ApplicationCatalogue:
    """The catalogue shipped in ``resources/applications/catalogue.json``."""
    text = resources.files(DEFAULT_PACKAGE).joinpath(DEFAULT_FILE).read_text("utf-8")
    return parse_catalogue(json.loads(text))
