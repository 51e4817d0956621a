"""One typed settings object (配置).

Precedence, lowest first: built-in defaults < ``settings.toml`` in the user's config
dir < environment variables ``GRIDCOUNTER_*`` < command-line options. The database
URL defaults to a SQLite file in the user's data dir, so a fresh machine needs no
configuration at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "GridCounter"


def user_data_dir() -> Path:
    return Path(os.environ.get("GRIDCOUNTER_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, False))


def user_config_dir() -> Path:
    return Path(os.environ.get("GRIDCOUNTER_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME, False))


def user_log_dir() -> Path:
    return Path(os.environ.get("GRIDCOUNTER_LOG_DIR") or platformdirs.user_log_dir(APP_NAME, False))


@dataclass(frozen=True)
class Settings:
    db_url: str = ""
    #: node code used by this PC; empty means "the database's own node" (standalone,
    #: or every counter of a hall on one shared database).
    node_code: str = ""
    language: str = "zh_CN"
    theme: str = "light_blue.xml"
    font_family: str = ""
    density_scale: int = -1
    #: 5 wrong passwords lock the account for this many minutes (DESIGN §5).
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    #: idle minutes before the screen locks; 0 disables.
    idle_lock_minutes: int = 5
    #: minutes on the lock screen after which the log-in session ends (注销); 0 never.
    idle_lock_logout_minutes: int = 60
    search_limit: int = 50
    search_debounce_ms: int = 120
    echo_sql: bool = False
    # money path (docs/money-path.md)
    receipt_printer: str = ""
    receipt_paper: str = "80mm"  # 80mm roll or A5
    max_payment_fen: int = 10_000_000  # ¥100,000 per payment event
    #: cash change at or above this asks the clerk to confirm first (a missed decimal point:
    #: 5434 typed for ¥54.34); 0 never asks. ¥100: no customer needs a whole ¥100 note back.
    large_change_confirm_fen: int = 10_000
    late_fee_first: bool = True
    bill_due_days: int = 15
    late_fee_grace_days: int = 0
    late_fee_minimum: bool = False
    late_fee_minimum_fen: int = 100  # ¥1, charged only when late_fee_minimum is on
    # Daily rates as decimal text (0.001 = 1‰), never float: 供电营业规则 defaults.
    late_fee_residential_rate: str = "0.001"
    late_fee_current_year_rate: str = "0.002"
    late_fee_earlier_year_rate: str = "0.003"
    # identity and approvals (issue 7 items 4, 7; docs/identity.md). Node-level rules: they move
    # to the hall-wide settings table once it exists.
    #: a supervisor may approve their own reversal / refund / ID exception / 退补 only when this
    #: is on AND the hall (node) has exactly one active supervisor; receipts and the log say so.
    allow_self_approval_single_supervisor: bool = False
    #: 退补 whose amount (either sign) is at or above this needs a second person's approval; 0: always.
    adjustment_approval_fen: int = 50_000  # ¥500
    config_file: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def mode(self) -> str:
        """standalone (单机) or shared (联网) — decided by the database kind only."""
        return "shared" if self.db_url.startswith("postgresql") else "standalone"

    @property
    def resolved_db_url(self) -> str:
        if self.db_url:
            return self.db_url
        return f"sqlite:///{user_data_dir() / 'gridcounter.db'}"

    @property
    def display_db_url(self) -> str:
        """The database URL without its password: for logs, messages and the status bar."""
        from db.engine import url_without_password  # imported late: settings load before SQLAlchemy

        return url_without_password(self.resolved_db_url)


_ENV_FIELDS = {
    "GRIDCOUNTER_DB_URL": "db_url",
    "GRIDCOUNTER_NODE": "node_code",
    "GRIDCOUNTER_LANG": "language",
    "GRIDCOUNTER_IDLE_LOCK_MINUTES": "idle_lock_minutes",
    "GRIDCOUNTER_LOCKOUT_MINUTES": "lockout_minutes",
    "GRIDCOUNTER_FONT": "font_family",
}


class SettingsError(ValueError):
    """A setting the program cannot use. The message is Chinese and names the key, so the
    person who edited settings.toml (or the environment) knows what to fix."""


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}[name]
    if kind in ("int", int):
        if isinstance(value, bool | float):
            raise SettingsError(f"设置项 {name} 的值 {value!r} 无效：应为整数")
        try:
            return int(str(value).strip())
        except ValueError:
            raise SettingsError(f"设置项 {name} 的值 {value!r} 无效：应为整数") from None
    if kind in ("bool", bool):
        return str(value).strip().lower() in ("1", "true", "yes", "on")
    return str(value) if kind in ("str", str) and isinstance(value, int | float) else value


def late_fee_rate(settings: Settings, name: str) -> Decimal:
    """One of the late-fee daily rates as Decimal (checked by :func:`validate_settings`)."""
    return Decimal(str(getattr(settings, name)).strip())


def validate_settings(settings: Settings) -> Settings:
    """Refuse values that would only fail later, in the middle of a payment or a bill view."""
    for name in ("late_fee_residential_rate", "late_fee_current_year_rate", "late_fee_earlier_year_rate"):
        raw = getattr(settings, name)
        try:
            rate = late_fee_rate(settings, name)
        except InvalidOperation:
            raise SettingsError(f"设置项 {name} 的值 {raw!r} 无效：应为小数形式的日费率，如 0.001 表示千分之一") from None
        if not rate.is_finite() or not 0 <= rate < 1:
            raise SettingsError(f"设置项 {name} 的值 {raw!r} 无效：日费率应在 0 与 1 之间，如 0.001 表示千分之一")
    for name in ("late_fee_grace_days", "late_fee_minimum_fen", "idle_lock_minutes", "lockout_minutes",
                 "large_change_confirm_fen"):
        if getattr(settings, name) < 0:
            raise SettingsError(f"设置项 {name} 不能为负数")
    for name in ("max_payment_fen", "bill_due_days", "max_failed_logins", "search_limit"):
        if getattr(settings, name) <= 0:
            raise SettingsError(f"设置项 {name} 应为正整数")
    if settings.receipt_paper not in ("80mm", "A5"):
        raise SettingsError(f"设置项 receipt_paper 的值 {settings.receipt_paper!r} 无效：应为 80mm 或 A5")
    return settings


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build the settings from file, environment and explicit (command-line) overrides."""
    path = Path(config_file) if config_file else user_config_dir() / "settings.toml"
    values: dict[str, Any] = {}
    known = {f.name for f in dataclasses.fields(Settings)} - {"extra", "config_file"}
    extra: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for key, value in data.items():
            if key in known:
                values[key] = _coerce(key, value)
            else:
                extra[key] = value
    for env, name in _ENV_FIELDS.items():
        if os.environ.get(env):
            values[name] = _coerce(name, os.environ[env])
    for key, value in overrides.items():
        if value is not None and key in known:
            values[key] = _coerce(key, value)
    return validate_settings(Settings(**values, extra=extra, config_file=str(path)))


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_value(str(key))


def _toml_value(value: Any) -> str:
    """One TOML value. Tables the user added by hand (``[sync]``) come back as inline tables,
    so rewriting the file never turns them into strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    out = []
    for ch in str(value):
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def save_settings(settings: Settings, **changes: Any) -> Settings:
    """Write the chosen keys back to the settings file (used by first-start setup)."""
    path = Path(settings.config_file) if settings.config_file else user_config_dir() / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    data.update(changes)
    lines = [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in data.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dataclasses.replace(settings, **{k: v for k, v in changes.items() if k in {f.name for f in dataclasses.fields(Settings)}})
