"""Tariff catalogue (电价目录): versions as data, loaded from the packaged default, edited by admins.

CONTRACT (bodies being written): see docs/money-path.md.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from app.dto import Actor
from app.dto_money import TariffVersionRow
from db.engine import Database


@dataclass(frozen=True)
class SaveTariffVersion:
    """A new version of a tariff (never an edit of an old one). ``data`` is Tariff.to_dict()."""

    data: dict[str, Any]


def ensure_default_catalogue(db: Database, actor: Actor) -> int:
    """Load resources/tariffs/default_catalogue.json when the table is empty; returns rows added."""
    raise NotImplementedError


def list_tariffs(db: Database, actor: Actor) -> list[TariffVersionRow]:
    raise NotImplementedError


def get_tariff_version(db: Database, actor: Actor, version_id: uuid.UUID) -> TariffVersionRow:
    raise NotImplementedError


def tariff_on(db: Database, code: str, on_date: dt.date) -> TariffVersionRow:
    raise NotImplementedError


def save_tariff_version(db: Database, actor: Actor, cmd: SaveTariffVersion) -> TariffVersionRow:
    """Admin only; validated by app.domain.tariffs.Tariff.from_dict; op TariffVersionAdded."""
    raise NotImplementedError
