"""Customer registration, maintenance and the customer view (客户建档 / 档案维护 / 客户视图)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from app.domain import customers as rules
from app.domain.codes import CustomerStatus, IdType, LowIncome, OpType, PartyType
from app.domain.errors import (
    ConcurrentEdit,
    DuplicateSuspected,
    Message,
    NotFound,
    OverrideRequired,
    RequestReused,
    ValidationError,
    ValidationErrors,
    term,
)
from app.domain.ids import ID_TYPES, check_id_document, resident_id_variants
from app.domain.masking import mask_id, mask_phone
from app.domain.outages import clean_supply_point
from app.domain.phones import normalize_phone
from app.domain.search_keys import customer_keys
from app.domain.text import clean_address, clean_org_name, clean_person_name, clean_text
from app.dto.common import Actor
from app.dto.customers import CustomerSummary, CustomerView, HistoryEntry
from app.services import audit, auth
from app.services.permissions import allowed, check_live, require
from app.services.tariffs import TariffBook, ensure_default_catalogue
from app.write_path import oplog
from db.engine import Database
from db.models import Customer, CustomerSearchKey, Node, Operation

FIELD_LABELS: dict[str, str] = {
    "party_type": "客户类型", "kind": "用电类别", "name": "户名", "id_type": "证件类型",
    "id_number": "证件号码", "area": "城乡类别", "voltage_level": "电压等级", "capacity_kva": "合同容量",
    "tariff_code": "电价代码", "status": "状态", "low_income": "低保/五保", "vip": "VIP",
    "customer_manager": "客户经理", "contact_person": "联系人", "phone": "联系电话", "phone2": "备用电话",
    "supply_address": "用电地址", "meter_no": "电能表号", "notes": "备注",
    "supply_line": "线路", "transformer_area": "台区", "important": "重要客户",
    "id_override_reason": "证件校验例外原因", "id_override_by": "授权人",
}
SENSITIVE = {"id_number", "phone", "phone2"}
EDITABLE = [f for f in FIELD_LABELS if f not in ("party_type", "status", "id_override_reason", "id_override_by")]


@dataclass(frozen=True)
class CustomerInput:
    """What the registration / edit form collected, as typed. ``None`` for a sensitive
    field on edit means "keep the stored value" (the clerk saw it masked)."""

    party_type: str
    kind: str
    name: str
    id_type: str
    id_number: str | None
    area: str
    voltage_level: str
    capacity_kva: str
    tariff_code: str = ""
    low_income: str = LowIncome.NONE
    vip: bool = False
    customer_manager: str = ""
    contact_person: str = ""
    phone: str | None = ""
    phone2: str | None = ""
    supply_address: str = ""
    meter_no: str = ""
    notes: str = ""
    #: the supply point (docs/rules.md#outages): 线路, 台区 and the 重要客户 flag
    supply_line: str = ""
    transformer_area: str = ""
    important: bool = False


@dataclass(frozen=True)
class SupervisorApproval:
    """A supervisor's on-screen approval (主管授权): credentials are checked by the service."""

    username: str
    password: str
    reason: str


@dataclass(frozen=True)
class RegisterCustomer:
    data: CustomerInput
    confirm_duplicate: bool = False
    approval: SupervisorApproval | None = None
    #: Generated once per registration form (and kept with its draft, ui/drafts.py): it becomes
    #: the customer's id, so the same request registers once. A second save with it (a retry, or
    #: a draft restored after a crash between the commit and the form closing) answers with the
    #: customer already registered (``CustomerView.repeated``) and writes nothing; the same id
    #: with another holder is refused (RequestReused). None: not guarded.
    request_id: uuid.UUID | None = None


@dataclass(frozen=True)
class UpdateCustomer:
    customer_id: uuid.UUID
    expected_version: int
    data: CustomerInput
    approval: SupervisorApproval | None = None
    confirm_duplicate: bool = False


@dataclass(frozen=True)
class TariffOption:
    """A tariff a customer may be put on (电价代码 choice of the form): the version in force
    today, or the first future one of a tariff that has not started yet."""

    code: str
    name: str
    #: customer kinds (``rules.KINDS``) the tariff is meant for; empty means any kind
    customer_kinds: tuple[str, ...]
    effective_from: dt.date

    def suits(self, kind: str) -> bool:
        # The catalogue lists the customer kinds of each tariff (default_catalogue.json:
        # RES-* residential, GCI-* general C&I and public, LI-TOU large industry, AGR-FLAT
        # agricultural, PUB-FLAT public). The field is optional for an admin's own tariffs:
        # a tariff that names no kinds has not been restricted, so it suits every kind
        # rather than none (which would make it impossible to assign at all).
        return not self.customer_kinds or kind in self.customer_kinds

    @property
    def label(self) -> str:
        return f"{self.code}　{self.name}"


def _current_tariffs(book: TariffBook, today: dt.date) -> dict[str, TariffOption]:
    options: dict[str, TariffOption] = {}
    for code, versions in sorted(book.by_code.items()):
        try:
            tariff = book.on(code, today)
        except NotFound:
            upcoming = [t for t in versions if t.effective_from > today]
            if not upcoming:
                continue  # every version has ended: no new customer goes on it
            tariff = min(upcoming, key=lambda t: t.effective_from)
        options[code] = TariffOption(code, tariff.name, tuple(tariff.customer_kinds), tariff.effective_from)
    return options


def _tariff_catalogue(db: Database, actor: Actor) -> dict[str, TariffOption]:
    """Current tariffs by code; the shipped catalogue is loaded first on an older, empty table."""
    today = dt.date.today()
    with db.read() as session:
        book = TariffBook.load(session)
    if not book.tariffs:
        ensure_default_catalogue(db, actor)
        with db.read() as session:
            book = TariffBook.load(session)
    return _current_tariffs(book, today)


def tariff_options(db: Database, actor: Actor, kind: str | None = None) -> list[TariffOption]:
    """The tariffs the registration / edit form offers, by code; only those suiting ``kind`` if given."""
    require(actor, "customer.view")
    options = _tariff_catalogue(db, actor).values()
    return [o for o in options if kind is None or o.suits(kind)]


def _tariff_problem(code: str, kind: str, catalogue: dict[str, TariffOption]) -> Message | None:
    option = catalogue.get(code)
    kind_text = term(rules.KINDS.get(kind, kind))
    suitable = [o.code for o in catalogue.values() if o.suits(kind)]
    choices = Message.join(suitable, sep="、")
    if option is None:
        if suitable:
            return Message("电价目录中没有现行的电价代码“{code}”，可选：{choices}", code=code, choices=choices)
        return Message("电价目录中没有现行的电价代码“{code}”；电价目录中没有适用于{kind}的电价，请联系管理员",
                       code=code, kind=kind_text)
    if not option.suits(kind):
        if suitable:
            return Message("电价 {code}（{name}）不适用于{kind}客户，可选：{choices}",
                           code=code, name=option.name, kind=kind_text, choices=choices)
        return Message("电价 {code}（{name}）不适用于{kind}客户；电价目录中没有适用于{kind}的电价，请联系管理员",
                       code=code, name=option.name, kind=kind_text)
    return None


def _choice(errors: list[ValidationError], field: str, value: str, options: dict[str, str], label: str) -> str:
    if value not in options:
        errors.append(ValidationError(field, "请选择{label}", label=term(label)))
    return value


def _ascii(value: Any) -> str:
    """Codes and numbers typed with a Chinese IME in full-width mode (１６, ＡＢ１２) fold to ASCII."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()


class _Cleaned:
    """The clean values of a form so far, and every problem found (in the order of the form)."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []
        self.out: dict[str, Any] = {}

    def take(self, field: str, fn: Any, *args: Any, **kw: Any) -> None:
        try:
            self.out[field] = fn(*args, **kw)
        except ValidationError as exc:
            self.errors.append(exc)


def validate(data: CustomerInput, current: Customer | None = None,
             tariffs: dict[str, TariffOption] | None = None) -> tuple[dict[str, Any], Any]:
    """Clean every field; collect all problems so the form can mark each of them.

    ``tariffs`` is the current catalogue (:func:`_tariff_catalogue`); without it only the
    tariff code's format is checked. Returns the clean values and the ID check result (which
    may need an override).
    """
    form = _Cleaned()
    _clean_choices(form, data)
    _clean_name(form, data)
    id_result = _clean_id(form, data, current)
    _clean_capacity(form, data)
    _clean_tariff(form, data, current, tariffs)
    form.take("customer_manager", clean_text, data.customer_manager, "customer_manager", label="客户经理",
              max_len=30, required=False)
    form.take("contact_person", clean_text, data.contact_person, "contact_person", label="联系人", max_len=30,
              required=False)
    _clean_phones(form, data, current)
    form.take("supply_address", clean_address, data.supply_address, "supply_address", label="用电地址")
    meter = _ascii(data.meter_no).upper()
    if meter and (len(meter) > 24 or not meter.isascii() or not meter.isalnum()):
        form.errors.append(ValidationError("meter_no", "电能表号为字母和数字，不超过24位"))
    form.out["meter_no"] = meter
    form.take("notes", clean_text, data.notes, "notes", label="备注", max_len=500, required=False,
              multiline=True)
    form.take("supply_line", clean_supply_point, data.supply_line, "supply_line", "线路")
    form.take("transformer_area", clean_supply_point, data.transformer_area, "transformer_area", "台区")
    form.out["important"] = bool(data.important)
    if not form.errors:
        out = form.out
        for field, message in rules.kind_rule_errors(
            out["party_type"], out["kind"], out["voltage_level"], out["capacity_kva"],
            out["customer_manager"], out["contact_person"], out["low_income"],
        ):
            form.errors.append(ValidationError(field, message))
    if form.errors:
        raise ValidationErrors(form.errors)
    return form.out, id_result


def _clean_choices(form: _Cleaned, data: CustomerInput) -> None:
    errors, out = form.errors, form.out
    out["party_type"] = _choice(errors, "party_type", data.party_type, rules.PARTY_TYPES, "客户类型")
    out["kind"] = _choice(errors, "kind", data.kind, rules.KINDS, "用电类别")
    out["area"] = _choice(errors, "area", data.area, rules.AREAS, "城乡类别")
    out["voltage_level"] = _choice(errors, "voltage_level", data.voltage_level, rules.VOLTAGE_LEVELS, "电压等级")
    out["low_income"] = _choice(errors, "low_income", data.low_income, rules.LOW_INCOME, "低保/五保标记")
    out["vip"] = bool(data.vip)


def _clean_name(form: _Cleaned, data: CustomerInput) -> None:
    if data.party_type == PartyType.ORGANISATION:
        form.take("name", clean_org_name, data.name, "name", label="单位名称")
    else:
        form.take("name", clean_person_name, data.name, "name", label="姓名")


def _clean_id(form: _Cleaned, data: CustomerInput, current: Customer | None) -> Any:
    """The ID type and number; returns the number's check result (None: the stored one kept)."""
    organisation = data.party_type == PartyType.ORGANISATION
    allowed_ids = rules.ORGANISATION_ID_TYPES if organisation else rules.INDIVIDUAL_ID_TYPES
    if data.id_type not in allowed_ids:
        form.errors.append(ValidationError("id_type", "请选择单位可用的证件类型" if organisation
                                           else "请选择个人可用的证件类型"))
    form.out["id_type"] = data.id_type
    id_result = None
    if data.id_number is None and current is not None:
        form.out["id_number"] = current.id_number
    else:
        id_result = check_id_document(data.id_type, data.id_number or "")
        form.out["id_number"] = id_result.normalized
        if not id_result.ok and not id_result.overridable:
            form.errors.append(ValidationError("id_number", id_result.message or Message("证件号码不正确")))
    return id_result


def _clean_capacity(form: _Cleaned, data: CustomerInput) -> None:
    capacity_text = _ascii(data.capacity_kva)
    if not capacity_text.isdigit() or not capacity_text.isascii():
        form.errors.append(ValidationError("capacity_kva", "合同容量请填写整数（kVA）"))
        form.out["capacity_kva"] = 0
        return
    cap = int(capacity_text)
    if not 1 <= cap <= rules.MAX_CAPACITY_KVA:
        form.errors.append(ValidationError("capacity_kva", "合同容量应在1至{max_kva}kVA之间",
                                           max_kva=rules.MAX_CAPACITY_KVA))
    form.out["capacity_kva"] = cap


def _clean_tariff(form: _Cleaned, data: CustomerInput, current: Customer | None,
                  tariffs: dict[str, TariffOption] | None) -> None:
    tariff = _ascii(data.tariff_code).upper() or rules.DEFAULT_TARIFF.get(data.kind, "")
    if not tariff or len(tariff) > 20 or not all(c.isalnum() or c == "-" for c in tariff) or not tariff.isascii():
        form.errors.append(ValidationError("tariff_code", "电价代码为字母、数字或短横线，不超过20位"))
    elif tariffs is not None and data.kind in rules.KINDS and not (
            current is not None and tariff == current.tariff_code and data.kind == current.kind):
        # An edit that leaves kind and tariff alone is not re-checked: a tariff retired since
        # registration must not block fixing a phone number (moving the customer to a new
        # tariff is its own decision).
        problem = _tariff_problem(tariff, data.kind, tariffs)
        if problem:
            form.errors.append(ValidationError("tariff_code", problem))
    form.out["tariff_code"] = tariff


def _clean_phones(form: _Cleaned, data: CustomerInput, current: Customer | None) -> None:
    for field, label, required in (("phone", term("联系电话"), True), ("phone2", term("备用电话"), False)):
        value = getattr(data, field)
        if value is None and current is not None:
            form.out[field] = getattr(current, field)
        elif not (value or "").strip():
            if required:
                form.errors.append(ValidationError(field, "{label}不能为空", label=label))
            form.out[field] = ""
        else:
            form.take(field, normalize_phone, value, field)


def _check_override(db: Database, id_result: Any, approval: SupervisorApproval | None,
                    values: dict[str, Any], actor: Actor) -> None:
    """A failed but well-formed ID check passes only with a supervisor's approval and reason."""
    if id_result is None or id_result.ok:
        return
    if approval is None:
        raise OverrideRequired("id_number", "{problem}。如确认证件无误，需值班长授权并填写原因",
                               problem=id_result.message)
    # Clean first, then count: the form shows every reason problem as a field error.
    try:
        reason = clean_text(approval.reason, "override_reason", "授权原因", max_len=200, required=False)
    except ValidationError as exc:
        raise ValidationErrors([exc]) from exc
    if len(reason) < 4:
        raise ValidationErrors([ValidationError("override_reason", "请填写至少4个字的授权原因")])
    approver = auth.approve(db, approval.username, approval.password, "customer.approve_id_override",
                            requester=actor)
    if auth.self_approved(approver, actor):
        note = f"（{auth.SELF_APPROVAL_NOTE}）"
        reason = reason[:200 - len(note)] + note  # the note is never cut off
    values["id_override_reason"] = reason
    values["id_override_by"] = approver.username


def _summary(c: Customer, matched_by: str = "") -> CustomerSummary:
    return CustomerSummary(c.id, c.account_no, c.name, c.kind, c.status, mask_phone(c.phone) if c.phone else "",
                           c.supply_address, mask_id(c.id_number), matched_by)


def find_duplicates(session: Session, id_number: str, name: str, phone: str,
                    exclude: uuid.UUID | None = None, *, id_type: str = "", phone2: str = "") -> list[CustomerSummary]:
    """Suspected duplicates (docs/rules.md#duplicates): the same ID number, or the same name and a shared phone.

    A 居民身份证 matches its other form (15 ↔ 18 digits, or a mistyped check digit), see
    :func:`resident_id_variants`. Either of the new phones matches either stored phone.
    """
    variants = resident_id_variants(id_number) if id_type == IdType.RIC else ()
    conds = [Customer.id_number == id_number]
    if len(variants) > 1:
        conds.append((Customer.id_type == IdType.RIC) & Customer.id_number.in_(variants[1:]))
    phones = sorted({p for p in (phone, phone2) if p})
    if phones and name:
        conds.append((Customer.name == name) & or_(Customer.phone.in_(phones), Customer.phone2.in_(phones)))
    stmt = select(Customer).where(or_(*conds))
    if exclude is not None:
        stmt = stmt.where(Customer.id != exclude)
    found = session.scalars(stmt.order_by(Customer.account_no).limit(10))
    return [_summary(c, _matched_by(c, id_number, variants)) for c in found]


def _matched_by(c: Customer, id_number: str, variants: tuple[str, ...]) -> str:
    if c.id_number == id_number:
        return "证件号码"
    if c.id_number in variants:
        return "证件号码（15/18位）" if len(c.id_number) != len(id_number) else "证件号码（校验码不同）"
    return "户名+电话"


def _keys(values: dict[str, Any], account_no: str) -> dict[str, int]:
    return customer_keys(account_no=account_no, name=values["name"], phones=[values["phone"], values["phone2"]],
                         id_number=values["id_number"], meter_no=values["meter_no"],
                         address=values["supply_address"])


def _issue_account_no(session: Session, node_id: uuid.UUID) -> str:
    row = session.execute(update(Node).where(Node.id == node_id).values(account_seq=Node.account_seq + 1)
                          .returning(Node.code, Node.account_seq)).one()
    return f"{row[0]}{int(row[1]):07d}"


def register_customer(db: Database, actor: Actor, cmd: RegisterCustomer) -> CustomerView:
    if cmd.request_id is not None:
        require(actor, "customer.register")
        # Before the checks: the duplicate check would find this very customer, and a supervisor
        # is not asked again for an approval already given.
        done = _registered_before(db, actor, cmd)
        if done is not None:
            return done
    values = prepare_registration(db, actor, cmd)
    try:
        with db.write() as session:
            # Lock order: the actor's user row (check_live) before the node row (account_seq), as
            # oplog.append and log-in do; otherwise a failed log-in deadlocks with this write.
            check_live(session, actor)
            customer = insert_customer(
                session, actor, values, confirm_duplicate=cmd.confirm_duplicate, customer_id=cmd.request_id
            )
            return _view(customer, actor)
    except IntegrityError:
        if cmd.request_id is None:
            raise
        # A concurrent duplicate of this request committed first: answer with its customer.
        done = _registered_before(db, actor, cmd)
        if done is None:
            raise
        return done


def _registered_before(db: Database, actor: Actor, cmd: RegisterCustomer) -> CustomerView | None:
    """The customer ``cmd.request_id`` registered before (``repeated``); None when there is none;
    RequestReused when the id named another holder (name, ID type and number as the form
    would store them)."""
    if not isinstance(cmd.request_id, uuid.UUID):
        raise ValidationErrors([ValidationError("request_id", "请求编号格式不正确")])
    # Nearly every save is a first one: look the id up before validating the form against the
    # tariffs (prepare_registration does that again for a new customer).
    with db.read() as session:
        if session.get(Customer, cmd.request_id) is None:
            return None
    try:
        values, _ = validate(cmd.data, tariffs=_tariff_catalogue(db, actor))
    except ValidationErrors:
        values = None
    with db.read() as session:
        customer = session.get(Customer, cmd.request_id)
        if customer is None:
            return None
        view = _view(customer, actor)
        # What the request registered (its RegisterCustomer record: the ID number as a keyed
        # fingerprint), not the row as it is now — a name corrected since (修改, a 更名 or 过户
        # completed) is still this request, not another holder to register again.
        registered = session.scalar(
            select(Operation.payload).where(Operation.entity_type == "customer",
                                            Operation.entity_id == customer.id,
                                            Operation.op_type == OpType.REGISTER_CUSTOMER)
            .order_by(Operation.occurred_at, Operation.seq).limit(1))
        recorded = json.loads(registered) if registered else {
            f: getattr(customer, f) for f in ("name", "id_type", "id_number")}
        same = values is not None and all(
            audit.pii_matches(session, f, recorded.get(f), values[f]) if values[f] not in (None, "")
            else recorded.get(f) in (None, "") for f in ("name", "id_type", "id_number"))
    if not same:
        raise RequestReused(
            Message(
                "请求编号已用于另一户的登记（户号 {account_no}），本次未登记。请关闭后重新登记",
                account_no=view.account_no,
            )
        )
    return dataclasses.replace(view, repeated=True)


def prepare_registration(db: Database, actor: Actor, cmd: RegisterCustomer) -> dict[str, Any]:
    """The checks of a registration before its transaction: permission, the form
    (ValidationErrors), the supervisor's approval of an ID number that fails its check. Returns
    the column values for :func:`insert_customer`."""
    require(actor, "customer.register")
    values, id_result = validate(cmd.data, tariffs=_tariff_catalogue(db, actor))
    _check_override(db, id_result, cmd.approval, values, actor)
    return values


def insert_customer(session: Session, actor: Actor, values: dict[str, Any], *,
                    confirm_duplicate: bool = False, extra: dict[str, Any] | None = None,
                    customer_id: uuid.UUID | None = None) -> Customer:
    """Register a customer inside the caller's unit of work (the registration, and the
    completion of a 新装 application, app/services/applications.py): duplicate check, account
    number, row, search keys and one RegisterCustomer record (``extra`` added to its payload).
    ``customer_id``: the registration's request id, which becomes the customer's id."""
    if not confirm_duplicate:
        dups = find_duplicates(session, values["id_number"], values["name"], values["phone"],
                               id_type=values["id_type"], phone2=values["phone2"])
        if dups:
            raise DuplicateSuspected(dups)
    account_no = _issue_account_no(session, actor.node_id)
    customer = Customer(account_no=account_no, node_id=actor.node_id, status=CustomerStatus.NORMAL, **values)
    if customer_id is not None:
        customer.id = customer_id
    session.add(customer)
    session.flush()
    keys = _keys(values, account_no)
    session.execute(insert(CustomerSearchKey), [
        {"key": k, "customer_id": customer.id, "kind": kind} for k, kind in keys.items()])
    # ID number and phones: masked + keyed fingerprint only; the full value lives in the row (docs/privacy.md)
    payload = {"account_no": account_no, **{f: audit.pii_value(session, f, v) for f, v in values.items()},
               **(extra or {})}
    oplog.append(session, actor, OpType.REGISTER_CUSTOMER, payload, "customer", customer.id)
    return customer


_KEY_FIELDS = ("name", "phone", "phone2", "id_number", "meter_no", "supply_address")


def change_in_session(session: Session, actor: Actor, customer: Customer, values: dict[str, Any],
                      extra: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``values`` (column → new value) on ``customer`` inside the caller's unit of work, as
    a completed application does (app/services/applications.py): the search keys follow and
    one UpdateCustomer record keeps every old → new value (the change history), ``extra`` added
    to its payload. The caller has locked the row. Returns the changes (PII masked)."""
    base_version = customer.version
    old_keys = _keys({f: getattr(customer, f) for f in _KEY_FIELDS}, customer.account_no)
    changes: dict[str, list[Any]] = {}
    for field, value in values.items():
        if getattr(customer, field) != value:
            changes[field] = [audit.pii_value(session, field, getattr(customer, field)),
                              audit.pii_value(session, field, value)]
            setattr(customer, field, value)
    if not changes:
        return changes
    session.flush()
    new_keys = _keys({f: getattr(customer, f) for f in _KEY_FIELDS}, customer.account_no)
    _replace_search_keys(session, customer, old_keys, new_keys)
    oplog.append(session, actor, OpType.UPDATE_CUSTOMER,
                 {"account_no": customer.account_no, "base_version": base_version, "changes": changes, **extra},
                 "customer", customer.id)
    return changes


def update_customer(db: Database, actor: Actor, cmd: UpdateCustomer) -> CustomerView:
    require(actor, "customer.edit")
    try:
        return _update(db, actor, cmd)
    except StaleDataError as exc:
        raise ConcurrentEdit("该客户档案刚被他人修改，您的修改未保存。请重新打开档案核对后再改") from exc


def _update(db: Database, actor: Actor, cmd: UpdateCustomer) -> CustomerView:
    current = _read_current(db, cmd)
    values, id_result = validate(cmd.data, current, tariffs=_tariff_catalogue(db, actor))
    id_result = _edited_id_result(current, values, id_result)
    _check_override(db, id_result, cmd.approval, values, actor)
    with db.write() as session:
        customer = _customer_to_edit(session, cmd)
        identity_changed = any(values[f] != getattr(customer, f)
                               for f in ("id_type", "id_number", "name", "phone", "phone2"))
        if identity_changed and not cmd.confirm_duplicate:
            dups = find_duplicates(session, values["id_number"], values["name"], values["phone"],
                                   exclude=customer.id, id_type=values["id_type"], phone2=values["phone2"])
            if dups:
                raise DuplicateSuspected(dups)
        old_keys = _stored_keys(customer)
        changes = _apply_changes(session, customer, values)
        if not changes:
            return _view(customer, actor)
        # version_id_col puts "AND version = <read>" in the UPDATE, so a commit by another
        # counter between our read and our flush fails here (StaleDataError), never overwrites.
        session.flush()
        _replace_search_keys(session, customer, old_keys, _stored_keys(customer))
        oplog.append(session, actor, OpType.UPDATE_CUSTOMER,
                     {"account_no": customer.account_no, "base_version": cmd.expected_version, "changes": changes},
                     "customer", customer.id)
        return _view(customer, actor)


def _read_current(db: Database, cmd: UpdateCustomer) -> Customer:
    with db.read() as session:
        current = session.get(Customer, cmd.customer_id)
        if current is None:
            raise NotFound("客户档案不存在")
    if cmd.data.party_type != current.party_type:
        # party_type is not editable, and the form was validated with its rules (name, ID types):
        # dropping the change silently would store an individual with a credit code.
        raise ValidationErrors([ValidationError("party_type", "客户类型（个人/单位）不能修改，请办理过户或更名业务")])
    return current


def _edited_id_result(current: Customer, values: dict[str, Any], id_result: Any) -> Any:
    """The ID check that still needs an approval (None: none does)."""
    if id_result is not None and not id_result.ok and values["id_number"] == current.id_number \
            and current.id_override_reason:
        id_result = None  # the stored, already-approved number is unchanged
    if id_result is not None and id_result.ok and current.id_override_reason:
        # The number now passes its check: the old exception no longer applies.
        values["id_override_reason"] = None
        values["id_override_by"] = None
    return id_result


def _customer_to_edit(session: Session, cmd: UpdateCustomer) -> Customer:
    customer = session.get(Customer, cmd.customer_id)
    if customer is None:
        raise NotFound("客户档案不存在")
    if customer.version != cmd.expected_version:
        raise ConcurrentEdit("客户{account_no}的档案已被他人修改（当前版本{version}），"
                             "您的修改未保存。请重新打开档案核对后再改",
                             account_no=customer.account_no, version=customer.version)
    return customer


def _stored_keys(customer: Customer) -> dict[str, int]:
    return _keys({f: getattr(customer, f) for f in
                  ("name", "phone", "phone2", "id_number", "meter_no", "supply_address")},
                 customer.account_no)


def _apply_changes(session: Session, customer: Customer, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set the changed fields; returns field → [old, new] as logged (personal data masked)."""
    changes: dict[str, list[Any]] = {}
    for field in [*EDITABLE, "id_override_reason", "id_override_by"]:
        if field in values and getattr(customer, field) != values[field]:
            changes[field] = [audit.pii_value(session, field, getattr(customer, field)),
                              audit.pii_value(session, field, values[field])]
            setattr(customer, field, values[field])
    return changes


def _replace_search_keys(session: Session, customer: Customer, old_keys: dict[str, int],
                         new_keys: dict[str, int]) -> None:
    gone = [k for k in old_keys if k not in new_keys]
    if gone:
        session.execute(delete(CustomerSearchKey).where(CustomerSearchKey.customer_id == customer.id,
                                                        CustomerSearchKey.key.in_(gone)))
    added = [{"key": k, "customer_id": customer.id, "kind": kd} for k, kd in new_keys.items() if k not in old_keys]
    if added:
        session.execute(insert(CustomerSearchKey), added)


def _view(c: Customer, actor: Actor) -> CustomerView:
    visible = allowed(actor, "customer.view_sensitive")
    large = rules.is_large_customer(c.kind, c.capacity_kva)
    flags = []
    if c.status != CustomerStatus.NORMAL:
        flags.append(rules.STATUSES[c.status])
    if c.low_income != LowIncome.NONE:
        flags.append(rules.LOW_INCOME[c.low_income])
    if c.vip:
        flags.append("VIP")
    if c.important:
        flags.append("重要客户")
    if large:
        flags.append("大客户")
    if c.id_override_reason:
        flags.append("证件例外")
    return CustomerView(
        id=c.id, account_no=c.account_no, party_type=c.party_type, kind=c.kind, name=c.name, id_type=c.id_type,
        id_number=c.id_number if visible else "", id_masked=mask_id(c.id_number),
        id_overridden=bool(c.id_override_reason), area=c.area, voltage_level=c.voltage_level,
        capacity_kva=c.capacity_kva, tariff_code=c.tariff_code, status=c.status, low_income=c.low_income,
        vip=c.vip, large_customer=large, customer_manager=c.customer_manager, contact_person=c.contact_person,
        phone=c.phone if visible else "", phone_masked=mask_phone(c.phone) if c.phone else "",
        phone2=c.phone2 if visible else "", phone2_masked=mask_phone(c.phone2) if c.phone2 else "",
        supply_address=c.supply_address, meter_no=c.meter_no, notes=c.notes, created_at=c.created_at,
        updated_at=c.updated_at, version=c.version, sensitive_visible=visible, flags=tuple(flags),
        supply_line=c.supply_line, transformer_area=c.transformer_area, important=c.important,
    )


def get_customer(db: Database, actor: Actor, customer_id: uuid.UUID) -> CustomerView:
    require(actor, "customer.view")
    with db.read() as session:
        c = session.get(Customer, customer_id)
        if c is None:
            raise NotFound("客户档案不存在")
        return _view(c, actor)


def get_customer_by_account(db: Database, actor: Actor, account_no: str) -> CustomerView | None:
    require(actor, "customer.view")
    account_no = unicodedata.normalize("NFKC", account_no or "").strip()
    if not (account_no.isascii() and account_no.isalnum()):
        return None  # not an account number (and PostgreSQL rejects NUL and the like outright)
    with db.read() as session:
        c = session.scalar(select(Customer).where(Customer.account_no == account_no))
        return _view(c, actor) if c else None


def _display(field: str, value: Any, visible: bool) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dict) and "masked" in value:
        return str(value["masked"])  # the log keeps only the masked form (docs/privacy.md)
    if field in SENSITIVE and not visible:
        return mask_id(str(value)) if field == "id_number" else mask_phone(str(value))
    options = {"party_type": rules.PARTY_TYPES, "kind": rules.KINDS, "area": rules.AREAS,
               "status": rules.STATUSES, "low_income": rules.LOW_INCOME, "id_type": ID_TYPES}.get(field)
    if options:
        return options.get(str(value), str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def customer_history(db: Database, actor: Actor, customer_id: uuid.UUID, limit: int = 200) -> list[HistoryEntry]:
    """The change-history tab (变更记录), newest first, from the operation log."""
    require(actor, "customer.view")
    visible = allowed(actor, "customer.view_sensitive")
    with db.read() as session:
        ops = session.scalars(select(Operation).where(Operation.entity_type == "customer",
                                                      Operation.entity_id == customer_id)
                              .order_by(Operation.occurred_at.desc(), Operation.seq.desc()).limit(limit)).all()
        entries = []
        for op in ops:
            payload = json.loads(op.payload)
            if op.op_type == OpType.REGISTER_CUSTOMER:
                changes = tuple((FIELD_LABELS[f], "", _display(f, payload.get(f), visible))
                                for f in FIELD_LABELS if payload.get(f) not in (None, "", False))
                summary = f"建档，户号{payload.get('account_no', '')}"
            else:
                changes = tuple((FIELD_LABELS.get(f, f), _display(f, old, visible), _display(f, new, visible))
                                for f, (old, new) in payload.get("changes", {}).items())
                summary = "修改档案：" + "、".join(c[0] for c in changes)
                if payload.get("application_no"):  # a completed application (app/services/applications.py)
                    summary = f"业务办结（{payload['application_no']}）：" + "、".join(c[0] for c in changes)
            entries.append(HistoryEntry(op.seq, op.occurred_at[:19].replace("T", " "), op.actor, op.op_type,
                                        summary, changes))
        return entries
