"""What completing an application changes on the customer (docs/rules.md#completion-effects).

The catalogue declares each type's :class:`~app.domain.applications.catalogue.CompletionEffect`;
:func:`completion_changes` turns it and the application's values into the concrete changes the
service applies in the completing transaction (and writes into the operation's payload, so a
branch can replay them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.domain.applications.catalogue import BusinessType
from app.domain.applications.preconditions import CustomerSnapshot
from app.domain.codes import CustomerStatus

__all__ = ["CustomerChanges", "completion_changes"]


@dataclass(frozen=True)
class CustomerChanges:
    """The changes of one completion.

    ``new_customer``: register a customer and account from ``values`` (新装, 临时用电);
    ``set``: (customer attribute, new value) pairs; ``holder_changed``: a 过户 — the old holder
    goes to the customer's history; ``status``: the new status; ``remember_capacity``: the
    capacity before this change, to restore at a 减容恢复; ``capacity_change``: the completion
    date starts the 2-year lock on 减容 / 暂停 (docs/rules.md#application-preconditions)."""

    new_customer: bool = False
    set: tuple[tuple[str, object], ...] = ()
    holder_changed: bool = False
    status: CustomerStatus | None = None
    remember_capacity: int | None = None
    capacity_change: bool = False
    values: tuple[tuple[str, object], ...] = ()  # a new customer's data (capacity, voltage, address…)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_customer or self.set or self.status or self.holder_changed)

    def to_data(self) -> dict[str, object]:
        """JSON-ready (dates as ISO text): for the operation log."""

        def data(v: object) -> object:
            return v if isinstance(v, int | str) or v is None else str(v)

        return {
            "new_customer": self.new_customer,
            "set": {k: data(v) for k, v in self.set},
            "holder_changed": self.holder_changed,
            "status": None if self.status is None else str(self.status),
            "remember_capacity": self.remember_capacity,
            "capacity_change": self.capacity_change,
            "values": {k: data(v) for k, v in self.values},
        }


def completion_changes(
    btype: BusinessType, values: Mapping[str, object], customer: CustomerSnapshot | None
) -> CustomerChanges:
    """The changes completing ``btype`` makes, from the application's typed ``values`` and the
    customer as it is now (None for a new customer). An optional field left empty changes
    nothing (改类 without a new customer kind keeps the kind)."""
    effect = btype.effect
    pairs = [(attr, values[source]) for attr, source in effect.set if values.get(source) not in (None, "")]
    if effect.restore_capacity and customer is not None and customer.reduced_from_kva is not None:
        pairs.append(("capacity_kva", customer.reduced_from_kva))
    new_values: tuple[tuple[str, object], ...] = ()
    if effect.new_customer:
        new_values = tuple(sorted(values.items()))
        if "customer_kind" not in values and len(btype.kinds) == 1:
            new_values = tuple(sorted((*new_values, ("customer_kind", btype.kinds[0]))))
    return CustomerChanges(
        new_customer=effect.new_customer,
        set=tuple(pairs),
        holder_changed=effect.holder,
        status=effect.status,
        remember_capacity=customer.capacity_kva
        if effect.remember_capacity and customer is not None
        else None,
        capacity_change=effect.capacity_change or effect.new_customer,
        values=new_values,
    )
