"""One typed settings object (配置).

Precedence, lowest first: built-in defaults < ``settings.toml`` in the user's config
dir < environment variables ``GRIDCOUNTER_*`` < command-line options. The database
URL defaults to a SQLite file in the user's data dir, so a fresh machine needs no
configuration at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from app.domain.messages import Message

APP_NAME = "GridCounter"
_log = logging.getLogger(__name__)


def user_data_dir() -> Path:
    return Path(os.environ.get("GRIDCOUNTER_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, False))


def user_config_dir() -> Path:
    return Path(os.environ.get("GRIDCOUNTER_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME, False))


def user_log_dir() -> Path:
    return Path(os.environ.get("GRIDCOUNTER_LOG_DIR") or platformdirs.user_log_dir(APP_NAME, False))


#: Files and folders the program creates hold personal data and money (the SQLite database, its
#: -wal/-shm, the log, settings.toml): readable by this OS user only (issue 7 #13). No effect on
#: Windows, where the user's profile folders are private already.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def _posix() -> bool:
    return os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) for this user only (0700). Folders created here are
    0700; an existing one is tightened only when it is one of the program's own folders (data,
    config, log), never a folder the user pointed a database at."""
    path = Path(path)
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if _posix():
        own = {user_data_dir(), user_config_dir(), user_log_dir()}
        if not existed or path in own:
            os.chmod(path, PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask
    return path


def private_file(path: str | Path) -> Path:
    """Make sure ``path`` exists and is readable and writable by this user only (0600)."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
    os.close(fd)
    if _posix():
        os.chmod(path, PRIVATE_FILE_MODE)
    return path


def tighten_default_database() -> None:
    """The default SQLite database (data folder): folder 0700, the database and its -wal / -shm
    0600 — also when an earlier version created them readable by everyone."""
    folder = private_dir(user_data_dir())
    if _posix():
        for name in (DEFAULT_DB_NAME, DEFAULT_DB_NAME + "-wal", DEFAULT_DB_NAME + "-shm"):
            if (folder / name).is_file():
                os.chmod(folder / name, PRIVATE_FILE_MODE)


DEFAULT_DB_NAME = "gridcounter.db"


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
    #: idle minutes before the screen locks; 0 disables.
    idle_lock_minutes: int = 5
    #: minutes on the lock screen after which the log-in session ends (注销); 0 never.
    idle_lock_logout_minutes: int = 60
    search_limit: int = 50
    search_debounce_ms: int = 120
    echo_sql: bool = False
    #: seconds a write waits for another program's SQLite write lock before "数据库正忙".
    db_busy_timeout_seconds: int = 5
    #: CSV imports (readings, ready-made bills): files larger than this many MB, or with more
    #: data rows than this, are refused before they are read through.
    import_max_mb: int = 20
    import_max_rows: int = 200_000
    #: the folder a scanner saves its scans in (扫描文件夹): the application's 附件 panel lists
    #: its newest files to attach; empty: the button asks for the folder's setting.
    scanner_folder: str = ""
    #: the customer display (客户显示屏) on a second screen, when one is attached; off: the
    #: satisfaction rating is asked in a dialog on the clerk's screen (docs/rules.md#satisfaction-rating)
    customer_display: bool = True
    #: which screen shows it: 0 = the first screen that is not the clerk's (primary) one; N = the
    #: N-th screen as the system numbers them (1 = the first)
    customer_display_screen: int = 0
    #: seconds the rating pad waits for the customer before it returns to idle (nothing recorded)
    rating_timeout_seconds: int = 60
    #: customer insights (docs/rules.md#customer-insights): the newest month's kWh is flagged as
    #: abnormal at this % above / below last year's same month or the 12-month average, unless
    #: both are under usage_alert_min_kwh. Advisory only (nothing is charged or printed from it).
    usage_alert_rise_percent: int = 50
    usage_alert_drop_percent: int = 50
    usage_alert_min_kwh: int = 50
    #: offline branches (docs/sync.md): seconds between background sync rounds of a branch PC
    #: (the status bar's 立即同步 runs one at once); the centre keeps its change feed this many days
    sync_interval_seconds: int = 60
    sync_feed_retention_days: int = 14
    #: the sync service: pushes applied at once (0: two per CPU core of the server, at least 2);
    #: more pushes wait their turn (docs/sync.md#push)
    sync_apply_concurrency: int = 0
    #: a branch PC: the centre's CA (or self-signed certificate) as a PEM file, when the sync
    #: service's certificate is not from a public CA; "": the usual public roots
    sync_ca_file: str = ""
    #: a branch PC: allow plain http:// to a centre that is not this PC (loopback is always
    #: allowed); off: the link carries the node's secret and supervisors' passwords
    sync_allow_http: bool = False
    #: SQLite backups (docs/backup.md): the folder they go to ("" = ``backups`` in the data folder;
    #: a USB stick or a network share is fine), how many verified generations are kept there, and
    #: whether one is taken automatically after every 交班 (day-end close)
    backup_dir: str = ""
    backup_keep: int = 14
    backup_after_close: bool = True
    # money path (docs/money-path.md)
    receipt_printer: str = ""
    receipt_paper: str = "80mm"  # 80mm roll or A5
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
        return f"sqlite:///{user_data_dir() / DEFAULT_DB_NAME}"

    @property
    def display_db_url(self) -> str:
        """The database URL without its password: for logs, messages and the status bar."""
        from db.engine import url_without_password  # imported late: settings load before SQLAlchemy

        return url_without_password(self.resolved_db_url)

    @property
    def resolved_backup_dir(self) -> Path:
        """Where backups go: ``backup_dir``, else ``backups`` in the user's data folder."""
        return Path(self.backup_dir).expanduser() if self.backup_dir else user_data_dir() / "backups"


_ENV_FIELDS = {
    "GRIDCOUNTER_DB_URL": "db_url",
    "GRIDCOUNTER_NODE": "node_code",
    "GRIDCOUNTER_LANG": "language",
    "GRIDCOUNTER_IDLE_LOCK_MINUTES": "idle_lock_minutes",
    "GRIDCOUNTER_FONT": "font_family",
    "GRIDCOUNTER_SCANNER_FOLDER": "scanner_folder",
    "GRIDCOUNTER_BACKUP_DIR": "backup_dir",
}


#: Money and safety rules that moved from settings.toml to the database (营业厅业务规则,
#: app/domain/hall_rules.py, docs/hall-rules.md): every counter of a hall must apply the same ones.
#: Found in a PC's file they are not used; the first start after the upgrade copies them into the
#: database once when the hall has no rules row yet (app/services/hall_rules.seed_from_settings).
MOVED_TO_HALL_RULES = frozenset({
    "late_fee_residential_rate", "late_fee_current_year_rate", "late_fee_earlier_year_rate",
    "late_fee_grace_days", "late_fee_minimum", "late_fee_minimum_fen", "late_fee_first", "bill_due_days",
    "max_payment_fen", "large_change_confirm_fen", "max_failed_logins", "lockout_minutes",
    "allow_self_approval_single_supervisor", "adjustment_approval_fen",
})


def moved_rules(settings: Settings) -> dict[str, Any]:
    """The hall rules still written in this PC's settings.toml (to seed the database once)."""
    return {k: v for k, v in settings.extra.items() if k in MOVED_TO_HALL_RULES}


class SettingsError(ValueError):
    """A setting the program cannot use. The message is Chinese and names the key, so the
    person who edited settings.toml (or the environment) knows what to fix; like the domain's
    errors it is a template plus parameters (``message``), so the UI can translate it."""

    def __init__(self, message: str, /, **params: object) -> None:
        self.message = Message(message, **params)
        super().__init__(str(self.message))


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}[name]
    if kind in ("int", int):
        if isinstance(value, bool | float):
            raise SettingsError("设置项 {name} 的值 {value} 无效：应为整数", name=name, value=repr(value))
        try:
            return int(str(value).strip())
        except ValueError:
            raise SettingsError("设置项 {name} 的值 {value} 无效：应为整数", name=name, value=repr(value)) from None
    if kind in ("bool", bool):
        return str(value).strip().lower() in ("1", "true", "yes", "on")
    return str(value) if kind in ("str", str) and isinstance(value, int | float) else value


def validate_settings(settings: Settings) -> Settings:
    """Refuse values that would only fail later, in the middle of a payment or a bill view."""
    if settings.idle_lock_minutes < 0:
        raise SettingsError("设置项 {name} 不能为负数", name="idle_lock_minutes")
    if settings.customer_display_screen < 0:
        raise SettingsError("设置项 {name} 不能为负数", name="customer_display_screen")
    for name in ("search_limit", "db_busy_timeout_seconds", "import_max_mb", "import_max_rows",
                 "rating_timeout_seconds", "sync_interval_seconds", "sync_feed_retention_days", "backup_keep"):
        if getattr(settings, name) <= 0:
            raise SettingsError("设置项 {name} 应为正整数", name=name)
    if not 1 <= settings.usage_alert_rise_percent <= 1000:
        raise SettingsError("设置项 {name} 应为 1 到 {high} 之间的整数", name="usage_alert_rise_percent", high=1000)
    if not 1 <= settings.usage_alert_drop_percent <= 100:
        raise SettingsError("设置项 {name} 应为 1 到 {high} 之间的整数", name="usage_alert_drop_percent", high=100)
    if settings.usage_alert_min_kwh < 0:
        raise SettingsError("设置项 {name} 不能为负数", name="usage_alert_min_kwh")
    if settings.sync_apply_concurrency < 0:
        raise SettingsError("设置项 {name} 不能为负数", name="sync_apply_concurrency")
    if settings.receipt_paper not in ("80mm", "A5"):
        raise SettingsError("设置项 receipt_paper 的值 {value} 无效：应为 80mm 或 A5", value=repr(settings.receipt_paper))
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
    moved = sorted(MOVED_TO_HALL_RULES & extra.keys())
    if moved:
        _log.warning("settings.toml: %s are hall rules kept in the database now (系统管理 → 营业厅业务规则); "
                     "the file's values are only used to seed a hall that has none yet", ", ".join(moved))
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
    private_dir(path.parent)
    data: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    data.update(changes)
    lines = [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in data.items()]
    private_file(path)  # 0600 before anything is written into it (it may hold the database URL)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dataclasses.replace(settings, **{k: v for k, v in changes.items() if k in {f.name for f in dataclasses.fields(Settings)}})
