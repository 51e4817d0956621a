"""Reading JSON-able tariff data: small parsers whose errors name the path of the bad value.

Every ``from_dict`` of the package and the catalogue / holiday loaders read through these, so a
bad value is reported the same way everywhere ("RES-TIER.tiers.bands[1].price：不能为负数"): a
ValidationError on the JSON path, with the problem as a Message of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from app.domain.errors import ValidationError
from app.domain.messages import Message
from app.domain.money import ensure_decimal
from app.domain.tariffs.terms import MINUTES_PER_DAY


def path_error(field: str, problem: Message, path: str | None = None) -> ValidationError:
    """A problem of the value at the JSON path ``field``: "RES-TIER.tiers.bands[1]：各档上限应逐档递增".

    The message is ``{path}：{problem}`` with the problem a Message of its own, so the admin
    screen can put the path in words and show the problem, translated, next to the field.
    """
    return ValidationError(field, "{path}：{problem}", path=field if path is None else path, problem=problem)


def parse_decimal(value: object, path: str, *, allow_negative: bool = False) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f'{path}: float is not allowed for money or kWh, use a string such as "0.538"')
    try:
        result = ensure_decimal(value, path)
    except (TypeError, ValueError):
        raise path_error(path, Message("不是有效的数字（{value}）", value=repr(value))) from None
    if result < 0 and not allow_negative:
        raise path_error(path, Message("不能为负数"))
    return result


def parse_int(value: object, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise path_error(path, Message("应为整数（{value}）", value=repr(value)))
    return value


def parse_text(data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise path_error(f"{path}.{key}", Message("应为文本"))
    if required and not value.strip():
        raise path_error(f"{path}.{key}", Message("不能为空"))
    return value.strip()


def parse_date(value: object, path: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise path_error(path, Message("日期格式应为 YYYY-MM-DD（{value}）", value=repr(value)))


def parse_minutes(value: object, path: str) -> int:
    if isinstance(value, str):
        hh, sep, mm = value.strip().partition(":")
        if sep and hh.isdigit() and mm.isdigit() and len(mm) == 2:
            minutes = int(hh) * 60 + int(mm)
            if int(mm) < 60 and 0 <= minutes <= MINUTES_PER_DAY:
                return minutes
    raise path_error(path, Message("时间格式应为 HH:MM，00:00–24:00（{value}）", value=repr(value)))


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def month_list(months: Iterable[int]) -> Message:
    """Month numbers as the messages list them: "1、2、3" (", " in English)."""
    return Message.join([str(m) for m in months], "、")


def as_mapping(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise path_error(path, Message("应为对象"))
    return value


def as_sequence(value: object, path: str) -> Sequence[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise path_error(path, Message("应为列表"))
    return value
