"""Customer master-data rules (客户档案规则): kinds, enumerations, required fields.

The codes are stored in the database; the Chinese labels are what the clerk sees.
"""

from __future__ import annotations

from app.domain.codes import Area, CustomerKind, CustomerStatus, IdType, LowIncome, PartyType
from app.domain.messages import Message, term

PARTY_TYPES: dict[str, str] = {PartyType.INDIVIDUAL: "个人", PartyType.ORGANISATION: "单位"}

#: Terms (app/domain/messages.py) because messages name them: 电价 … 不适用于{kind}客户.
KINDS: dict[str, str] = {
    CustomerKind.RESIDENTIAL: term("居民生活"),
    CustomerKind.GENERAL_CI: term("一般工商业"),
    CustomerKind.LARGE_INDUSTRY: term("大工业"),
    CustomerKind.AGRICULTURAL: term("农业生产"),
    CustomerKind.PUBLIC: term("公用/机关"),
}

AREAS: dict[str, str] = {Area.URBAN: "城镇", Area.RURAL: "农村"}

STATUSES: dict[str, str] = {
    CustomerStatus.NORMAL: "正常", CustomerStatus.SUSPENDED: "暂停", CustomerStatus.CLOSED: "销户",
}

LOW_INCOME: dict[str, str] = {LowIncome.NONE: "否", LowIncome.DIBAO: "低保户", LowIncome.WUBAO: "五保户"}

#: Supply voltage levels, lowest first (供电电压等级).
VOLTAGE_LEVELS: dict[str, str] = {
    "220V": "交流220V",
    "380V": "交流380V",
    "10kV": "交流10kV",
    "20kV": "交流20kV",
    "35kV": "交流35kV",
    "110kV": "交流110kV",
    "220kV": "交流220kV",
}
HIGH_VOLTAGE = {"10kV", "20kV", "35kV", "110kV", "220kV"}

#: Default tariff per kind; the tariff catalogue (bills issue) refines these codes.
DEFAULT_TARIFF: dict[str, str] = {
    CustomerKind.RESIDENTIAL: "RES-TIER",
    CustomerKind.GENERAL_CI: "GCI-FLAT",
    CustomerKind.LARGE_INDUSTRY: "LI-TOU",
    CustomerKind.AGRICULTURAL: "AGR-FLAT",
    CustomerKind.PUBLIC: "GCI-FLAT",
}

#: 大工业 needs ≥ 315 kVA of transformer capacity (两部制电价 threshold).
LARGE_INDUSTRY_MIN_KVA = 315
#: A customer at or above this capacity is a large customer (大客户) with a customer manager.
LARGE_CUSTOMER_KVA = 315
MAX_CAPACITY_KVA = 2_000_000

# ID document types each party type may use.
INDIVIDUAL_ID_TYPES = (IdType.RIC, IdType.PASSPORT, IdType.HKMO, IdType.TW, IdType.PRC_FOREIGN, IdType.OTHER)
ORGANISATION_ID_TYPES = (IdType.USCC, IdType.OTHER)


def is_large_customer(kind: str, capacity_kva: int) -> bool:
    return kind == CustomerKind.LARGE_INDUSTRY or capacity_kva >= LARGE_CUSTOMER_KVA


def kind_rule_errors(
    party_type: str, kind: str, voltage_level: str, capacity_kva: int, customer_manager: str,
    contact_person: str, low_income: str,
) -> list[tuple[str, Message]]:
    """Cross-field rules per customer kind; returns (field, Chinese message) pairs."""
    errors: list[tuple[str, Message]] = []
    if kind == CustomerKind.RESIDENTIAL and party_type != PartyType.INDIVIDUAL:
        errors.append(("party_type", Message("居民生活用电只能由个人建档")))
    if kind == CustomerKind.LARGE_INDUSTRY:
        if capacity_kva < LARGE_INDUSTRY_MIN_KVA:
            errors.append(("capacity_kva", Message("大工业用户受电容量应不小于{min_kva}kVA", min_kva=LARGE_INDUSTRY_MIN_KVA)))
        if voltage_level not in HIGH_VOLTAGE:
            errors.append(("voltage_level", Message("大工业用户应为10kV及以上电压供电")))
    if kind == CustomerKind.RESIDENTIAL and voltage_level not in ("220V", "380V"):
        errors.append(("voltage_level", Message("居民生活用电应为220V或380V低压供电")))
    if is_large_customer(kind, capacity_kva) and not customer_manager:
        errors.append(("customer_manager", Message("大客户必须指定客户经理")))
    if party_type == PartyType.ORGANISATION and not contact_person:
        errors.append(("contact_person", Message("单位客户必须填写联系人")))
    if low_income != LowIncome.NONE and kind != CustomerKind.RESIDENTIAL:
        errors.append(("low_income", Message("低保户/五保户标记只适用于居民生活用电")))
    return errors
