"""The tariff catalogue (电价目录): versions of every tariff, loaded from JSON, and the version
in force on a day.

The shipped catalogue is ``resources/tariffs/default_catalogue.json``; the database stores the
same dicts, one row per version.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from app.domain.errors import NotFound, ValidationError
from app.domain.tariffs.parsing import as_mapping, as_sequence
from app.domain.tariffs.tariff import Tariff

CATALOGUE_FORMAT = "gridcounter.tariffs/1"
DEFAULT_CATALOGUE_PACKAGE = "resources.tariffs"
DEFAULT_CATALOGUE_FILE = "default_catalogue.json"


def select_tariff(versions: Iterable[Tariff], code: str, on_date: dt.date) -> Tariff:
    """The version of ``code`` effective on ``on_date``.

    When several versions cover the date (an open-ended version and a newer one starting
    later), the one with the latest ``effective_from`` wins: a new version supersedes the
    old one from its start date without the admin having to close the old one first.
    """
    candidates = [t for t in versions if t.code == code and t.effective_on(on_date)]
    if not candidates:
        raise NotFound("电价 {code} 在 {date} 没有生效的版本", code=code, date=on_date.isoformat())
    return max(candidates, key=lambda t: t.effective_from)


def parse_catalogue(data: Mapping[str, Any]) -> list[Tariff]:
    """Tariffs of a catalogue document ``{"format": CATALOGUE_FORMAT, "tariffs": [...]}``."""
    data = as_mapping(data, "catalogue")
    if data.get("format") != CATALOGUE_FORMAT:
        raise ValidationError("format", "电价目录格式应为 {format}", format=CATALOGUE_FORMAT)
    tariffs = [
        Tariff.from_dict(as_mapping(t, f"tariffs[{i}]"))
        for i, t in enumerate(as_sequence(data.get("tariffs"), "tariffs"))
    ]
    seen: set[tuple[str, dt.date]] = set()
    for t in tariffs:
        if (t.code, t.effective_from) in seen:
            raise ValidationError(t.code, "电价 {code} 有两个版本同在 {date} 生效", code=t.code, date=t.effective_from)
        seen.add((t.code, t.effective_from))
    return tariffs


def load_catalogue(path: str | Path) -> list[Tariff]:
    """Read a JSON catalogue file (UTF-8); numbers are read as Decimal, never float."""
    with open(path, encoding="utf-8-sig") as fh:
        data = json.load(fh, parse_float=Decimal)
    return parse_catalogue(data)


def load_default_catalogue() -> list[Tariff]:
    """The catalogue shipped in ``resources/tariffs/default_catalogue.json``."""
    text = resources.files(DEFAULT_CATALOGUE_PACKAGE).joinpath(DEFAULT_CATALOGUE_FILE).read_text("utf-8")
    return parse_catalogue(json.loads(text, parse_float=Decimal))
