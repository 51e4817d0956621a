"""Settings (配置): defaults < settings.toml < GRIDCOUNTER_* environment < command line.

No database needed; every test uses its own settings file under ``tmp_path``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.config import Settings, load_settings, save_settings, user_data_dir

ENV = ("GRIDCOUNTER_DB_URL", "GRIDCOUNTER_NODE", "GRIDCOUNTER_LANG", "GRIDCOUNTER_IDLE_LOCK_MINUTES",
       "GRIDCOUNTER_FONT", "GRIDCOUNTER_SCANNER_FOLDER")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):  # type: ignore[no-untyped-def]
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_settings_file(tmp_path):
    s = load_settings(tmp_path / "missing.toml")
    assert s.db_url == "" and s.node_code == "" and s.language == "zh_CN"
    assert s.idle_lock_minutes == 5
    assert s.config_file == str(tmp_path / "missing.toml")


def test_default_database_is_a_sqlite_file_in_the_user_data_dir(tmp_path):
    s = load_settings(tmp_path / "missing.toml")
    assert s.resolved_db_url == f"sqlite:///{user_data_dir() / 'gridcounter.db'}"
    assert s.mode == "standalone"


def test_settings_file_overrides_defaults(tmp_path):
    path = _write(tmp_path / "settings.toml", 'node_code = "3302"\nidle_lock_minutes = 10\necho_sql = true\n'
                                              'font_family = "WenQuanYi Micro Hei"\n')
    s = load_settings(path)
    assert (s.node_code, s.idle_lock_minutes, s.echo_sql, s.font_family) == ("3302", 10, True, "WenQuanYi Micro Hei")


def test_unknown_keys_in_the_file_are_kept_as_extra(tmp_path):
    path = _write(tmp_path / "settings.toml", 'printer = "EPSON TM-T82"\n[sync]\nurl = "https://centre"\n')
    s = load_settings(path)
    assert s.extra == {"printer": "EPSON TM-T82", "sync": {"url": "https://centre"}}


def test_environment_overrides_the_file(tmp_path, monkeypatch):
    path = _write(tmp_path / "settings.toml", 'node_code = "3302"\nidle_lock_minutes = 30\nlanguage = "en"\n')
    monkeypatch.setenv("GRIDCOUNTER_NODE", "3303")
    monkeypatch.setenv("GRIDCOUNTER_IDLE_LOCK_MINUTES", "45")
    s = load_settings(path)
    assert (s.node_code, s.idle_lock_minutes, s.language) == ("3303", 45, "en")


def test_command_line_overrides_the_environment(tmp_path, monkeypatch):
    path = _write(tmp_path / "settings.toml", 'db_url = "sqlite:///file.db"\n')
    monkeypatch.setenv("GRIDCOUNTER_DB_URL", "sqlite:///env.db")
    assert load_settings(path).db_url == "sqlite:///env.db"
    assert load_settings(path, db_url="postgresql+psycopg://u@h/db").db_url == "postgresql+psycopg://u@h/db"
    # An option that was not given (None) leaves the lower layers alone.
    assert load_settings(path, db_url=None, node_code=None).db_url == "sqlite:///env.db"


def test_precedence_all_layers_at_once(tmp_path, monkeypatch):
    path = _write(tmp_path / "settings.toml", 'node_code = "1111"\nlanguage = "en"\nidle_lock_minutes = 7\n'
                                              'search_limit = 20\n')
    monkeypatch.setenv("GRIDCOUNTER_NODE", "2222")
    monkeypatch.setenv("GRIDCOUNTER_LANG", "zh_CN")
    s = load_settings(path, node_code="3333")
    assert s.node_code == "3333"  # command line
    assert s.language == "zh_CN"  # environment
    assert s.idle_lock_minutes == 7  # file
    assert s.search_debounce_ms == 120  # default


def test_empty_environment_variable_is_ignored(tmp_path, monkeypatch):
    path = _write(tmp_path / "settings.toml", 'node_code = "3302"\n')
    monkeypatch.setenv("GRIDCOUNTER_NODE", "")
    assert load_settings(path).node_code == "3302"


def test_numbers_from_text_are_coerced(tmp_path):
    path = _write(tmp_path / "settings.toml", 'idle_lock_minutes = "3"\necho_sql = "yes"\n')
    s = load_settings(path, search_limit="9")
    assert (s.idle_lock_minutes, s.echo_sql, s.search_limit) == (3, True, 9)


@pytest.mark.parametrize(("url", "mode"), [
    ("", "standalone"), ("sqlite:///x.db", "standalone"), ("postgresql+psycopg://u:p@hall/gc", "shared"),
    ("postgresql://u@h/gc", "shared"),
])
def test_mode_is_decided_by_the_database_url(url, mode):
    assert Settings(db_url=url).mode == mode


def test_save_settings_round_trip(tmp_path):
    s = load_settings(tmp_path / "settings.toml")
    saved = save_settings(s, db_url='sqlite:///C:\\数据\\"gc".db', node_code="3301", idle_lock_minutes=8,
                          echo_sql=False)
    assert saved.node_code == "3301" and saved.idle_lock_minutes == 8
    again = load_settings(tmp_path / "settings.toml")
    assert again.db_url == 'sqlite:///C:\\数据\\"gc".db'
    assert (again.node_code, again.idle_lock_minutes, again.echo_sql) == ("3301", 8, False)


def test_save_settings_keeps_other_keys_and_tables(tmp_path):
    path = _write(tmp_path / "settings.toml", 'language = "en"\nratio = 1.5\nprinters = ["a", "b"]\n'
                                              '[sync]\nurl = "https://centre"\nretries = 3\n')
    save_settings(load_settings(path), node_code="3301")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"language": "en", "ratio": 1.5, "printers": ["a", "b"],
                    "sync": {"url": "https://centre", "retries": 3}, "node_code": "3301"}


def test_save_settings_writes_control_characters_as_valid_toml(tmp_path):
    s = load_settings(tmp_path / "settings.toml")
    save_settings(s, font_family="Noto\tSans\nCJK\x01")
    assert load_settings(tmp_path / "settings.toml").font_family == "Noto\tSans\nCJK\x01"


def test_save_settings_creates_the_config_dir(tmp_path):
    target = tmp_path / "deep" / "er" / "settings.toml"
    save_settings(Settings(config_file=str(target)), node_code="3301")
    assert load_settings(target).node_code == "3301"


def test_hall_rules_are_not_settings_of_one_pc(tmp_path, caplog):
    """Issue 7 #8: late fees, limits and the lockout are the hall's (database), not a PC's. Found in
    an old settings.toml they are not settings; they are kept aside to seed the database once,
    and the log says so."""
    import dataclasses
    import logging

    from app.config import MOVED_TO_HALL_RULES, moved_rules
    from app.domain.hall_rules import HallRules

    assert {f.name for f in dataclasses.fields(HallRules)} == MOVED_TO_HALL_RULES
    assert not MOVED_TO_HALL_RULES & {f.name for f in dataclasses.fields(Settings)}
    path = _write(tmp_path / "settings.toml", 'late_fee_residential_rate = "0.0015"\nlockout_minutes = 30\n'
                                              'receipt_paper = "A5"\n')
    with caplog.at_level(logging.WARNING, logger="app.config"):
        s = load_settings(path)
    assert s.receipt_paper == "A5"
    assert moved_rules(s) == {"late_fee_residential_rate": "0.0015", "lockout_minutes": 30}
    assert "late_fee_residential_rate, lockout_minutes" in caplog.text and "hall rules" in caplog.text


@pytest.mark.parametrize(("line", "message"), [
    ('receipt_paper = "A4"', "receipt_paper"),
    ("idle_lock_minutes = -1", "idle_lock_minutes 不能为负数"),
    ('search_limit = "lots"', "search_limit 的值 'lots' 无效：应为整数"),
    ("search_limit = 0", "search_limit 应为正整数"),
    ("rating_timeout_seconds = 0", "rating_timeout_seconds 应为正整数"),
    ("customer_display_screen = -1", "customer_display_screen 不能为负数"),
    ("usage_alert_rise_percent = 0", "usage_alert_rise_percent 应为 1 到 1000 之间的整数"),
    ("usage_alert_drop_percent = 101", "usage_alert_drop_percent 应为 1 到 100 之间的整数"),
    ("usage_alert_min_kwh = -5", "usage_alert_min_kwh 不能为负数"),
])
def test_unusable_settings_are_refused_at_load_with_the_key_named(tmp_path, line, message):
    from app.config import SettingsError

    path = tmp_path / "settings.toml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=message.replace("(", r"\(")):
        load_settings(path)


def test_the_displayed_database_url_never_shows_the_password():
    shared = Settings(db_url="postgresql+psycopg://hall:S3cretPW@db.example/gridcounter")
    assert "S3cretPW" not in shared.display_db_url and "hall:***@db.example" in shared.display_db_url
    assert Settings(db_url="not a url").display_db_url == "（无法解析的数据库地址）"


def test_scanner_folder_from_the_file_or_the_environment(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "settings.toml", 'scanner_folder = "D:\\\\扫描"\n')
    assert load_settings(path).scanner_folder == "D:\\扫描"
    monkeypatch.setenv("GRIDCOUNTER_SCANNER_FOLDER", str(tmp_path))
    assert load_settings(path).scanner_folder == str(tmp_path)
    assert Settings().scanner_folder == ""


def test_customer_display_settings_from_the_file(tmp_path):  # type: ignore[no-untyped-def]
    """docs/rules.md#satisfaction-rating: on, the first screen that is not the clerk's, 60 s."""
    default = load_settings(tmp_path / "none.toml")
    assert (default.customer_display, default.customer_display_screen, default.rating_timeout_seconds) == (True, 0, 60)
    path = tmp_path / "settings.toml"
    path.write_text("customer_display = false\ncustomer_display_screen = 2\nrating_timeout_seconds = 30\n",
                    encoding="utf-8")
    settings = load_settings(path)
    assert (settings.customer_display, settings.customer_display_screen, settings.rating_timeout_seconds) == (
        False, 2, 30)


def test_usage_alert_thresholds_are_settings_of_this_pc(tmp_path):  # type: ignore[no-untyped-def]
    """docs/rules.md#customer-insights: advisory thresholds, defaults +50 % / −50 % / 50 kWh."""
    from app.domain.insights import UsageAlertRules
    from app.services.insights import alert_rules

    assert alert_rules(load_settings(tmp_path / "none.toml")) == UsageAlertRules(50, 50, 50)
    path = _write(tmp_path / "settings.toml", "usage_alert_rise_percent = 80\nusage_alert_min_kwh = 100\n")
    assert alert_rules(load_settings(path)) == UsageAlertRules(80, 50, 100)
