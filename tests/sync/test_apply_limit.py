"""The sync service applies at most ``sync_apply_concurrency`` pushes at once (docs/sync.md#push)."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest

from app.config import Settings, SettingsError, validate_settings
from app.sync import apply


@pytest.mark.parametrize("limit", [1, 3])
def test_no_more_pushes_than_the_limit_are_applied_at_once(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    def slow_run(*_args: Any, **_kwargs: Any) -> list[Any]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return []

    monkeypatch.setattr(apply, "_run", slow_run)
    apply.set_concurrency(limit)
    try:
        threads = [threading.Thread(target=apply.apply_batch, args=(None, uuid.uuid4(), [])) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        apply.set_concurrency(0)
    assert most == limit


def test_the_default_is_two_per_core_and_at_least_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apply.os, "cpu_count", lambda: 8)
    assert apply.default_concurrency() == 16
    monkeypatch.setattr(apply.os, "cpu_count", lambda: None)
    assert apply.default_concurrency() == 2


def test_a_negative_setting_is_refused() -> None:
    with pytest.raises(SettingsError):
        validate_settings(Settings(sync_apply_concurrency=-1))
