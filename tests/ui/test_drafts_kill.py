"""Never lose a form (issue 12 item 10), the hard way: a real GridCounter process (offscreen) logs
in, opens the registration form and types into it with key events; it is killed with SIGKILL;
the next start (the shell in this process) offers the draft back and restoring refills the fields.

The first start runs ``ui.app.run`` — the program's own start-up, log-in window, main window — from
a small driver script that only presses keys once each window is up (written to a temporary
folder: it is not part of the program)."""

from __future__ import annotations

import json
import os
import selectors
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services.setup import local_node
from tests.conftest import CLERK_PASSWORD, valid_resident_id
from tests.ui.helpers import ScriptedDialogs
from ui.app import Shell
from ui.customers.module import CustomersModule
from ui.drafts import REGISTRATION, DraftStore
from ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]
RID = valid_resident_id(4242)
PHONE = "13912345678"
TYPED = [
    ("name", "欧阳晓明"),
    ("id_number", RID),
    ("phone", PHONE),
    ("supply_address", "杭州市西湖区文三路100号3幢201室"),
    ("capacity_kva", "8"),
    ("notes", "kill -9 test"),
]

DRIVER = r'''
"""Start GridCounter as main.py does, then press keys like a clerk: log in, F3, type the fields."""
import json
import sys

sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import main as entry

entry._setup_logging()
from app.config import Settings
from ui import app as shell_app
from ui.login import LoginDialog
from ui.main_window import MainWindow

settings = Settings(db_url=sys.argv[2])
password = sys.argv[3]
typed = json.loads(sys.argv[4])
qapp = QApplication(sys.argv[:1])
state = {"step": "login", "field": 0}


def visible(kind):
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()), None)


def key(widget, k):
    QTest.keyClick(widget, k)


def type_text(widget, text):
    for chunk in (text,):
        if chunk.isascii():
            QTest.keyClicks(widget, chunk)
        else:  # Chinese arrives as an input method's commit string (拼音输入法)
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def tick():
    focus = QApplication.focusWidget()
    if state["step"] == "login":
        login = visible(LoginDialog)
        if login is None or QApplication.activeWindow() is not login or focus is None:
            return
        type_text(focus, "clerk1")
        key(focus, Qt.Key.Key_Return)
        type_text(QApplication.focusWidget(), password)
        key(QApplication.focusWidget(), Qt.Key.Key_Return)
        state["step"] = "main"
    elif state["step"] == "main":
        window = visible(MainWindow)
        if window is None or focus is None or QApplication.activeModalWidget() is not None:
            return
        key(focus, Qt.Key.Key_F3)
        state["window"] = window
        state["step"] = "form"
    elif state["step"] == "form":
        module = next(p.widget for p in state["window"].modules if p.key == "customers")
        form = module.form
        if form is None or focus is None:
            return
        if state["field"] == len(typed):
            print("typed " + json.dumps({n: form.value(n) for n in form.fields}, ensure_ascii=False), flush=True)
            state["step"] = "wait"
            return
        name, text = typed[state["field"]]
        if focus is not form.fields[name]:
            key(focus, Qt.Key.Key_Return)  # Enter: the next field
            return
        type_text(focus, text)
        state["field"] += 1


timer = QTimer()
timer.timeout.connect(tick)
timer.start(50)
sys.exit(shell_app.run(settings))
'''


def _read_line(proc: subprocess.Popen[str], prefix: str, timeout: float) -> str:
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"the program ended early ({proc.returncode}): {proc.stderr.read() if proc.stderr else ''}"
            )
        if selector.select(timeout=0.5):
            line = proc.stdout.readline()
            if line.startswith(prefix):
                return line[len(prefix) :]
    raise AssertionError(f"no {prefix!r} line within {timeout} s")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_registration_typed_before_a_sigkill_is_offered_and_restored(
    qtbot, sqlite_db, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    db, settings = sqlite_db
    data, logs = tmp_path / "data", tmp_path / "log"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "GRIDCOUNTER_DATA_DIR": str(data),
        "GRIDCOUNTER_LOG_DIR": str(logs),
        "GRIDCOUNTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(driver), str(ROOT), settings.resolved_db_url, CLERK_PASSWORD, json.dumps(TYPED)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        values = json.loads(_read_line(proc, "typed ", 120))
        assert values["name"] == "欧阳晓明" and values["id_number"] == RID and values["phone"] == PHONE
        store = DraftStore(local_node(db).code, "clerk1", root=data / "drafts")
        deadline = time.monotonic() + 10
        draft = store.read(REGISTRATION)
        while (draft is None or draft.fields != values) and time.monotonic() < deadline:
            time.sleep(0.1)  # 500 ms after the last keystroke
            draft = store.read(REGISTRATION)
        assert draft is not None and draft.fields == values, "the draft was not written as typed"
        assert proc.poll() is None, "the program must still be running when it is killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=20)
        if proc.stdout is not None:
            proc.stdout.close()
        if proc.stderr is not None:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    # on disk: this user's own folder, readable by nobody else; the log names none of it
    path = store.path(REGISTRATION)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "drafts").stat().st_mode) == 0o700
    assert not list(path.parent.glob("*.tmp"))
    logged = "".join(p.read_text(encoding="utf-8", errors="replace") for p in logs.rglob("*") if p.is_file())
    assert "logged in" in logged and RID not in logged and PHONE not in logged and "欧阳晓明" not in logged

    # the next start: log in, the draft is offered, 恢复 refills the form
    monkeypatch.setenv("GRIDCOUNTER_DATA_DIR", str(data))
    dialogs = ScriptedDialogs()
    dialogs.choices.append(0)  # 恢复
    tasks = TaskRunner()
    shell = Shell(settings, db, tasks, dialogs, node=local_node(db))
    shell.start()
    login = shell.login
    assert login is not None
    login.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=10000)
    qtbot.keyClicks(QApplication.focusWidget(), "clerk1")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(QApplication.focusWidget(), CLERK_PASSWORD)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.main is not None and shell.main.isVisible(), timeout=15000)
    main = shell.main
    assert main is not None
    main.idle.stop()
    qtbot.waitUntil(lambda: any(kind == "choose" for kind, _, _ in dialogs.asked), timeout=10000)
    kind, title, text = next(a for a in dialogs.asked if a[0] == "choose")
    assert title == "恢复未保存的录入"
    assert text.startswith("上次未保存的客户登记（") and "前）：欧阳晓明" in text
    module = next(p.widget for p in main.modules if p.key == "customers")
    assert isinstance(module, CustomersModule)
    form = module.form
    assert form is not None and module.stack.currentWidget() is form
    qtbot.waitUntil(lambda: form.value("tariff_code") == values["tariff_code"], timeout=5000)
    assert {n: form.value(n) for n in form.fields} == values  # exactly as typed before the kill
    assert form.dirty  # Esc still asks before dropping it

    # saved: the draft goes
    form.save()
    qtbot.waitUntil(lambda: module.current_customer() is not None, timeout=15000)
    current = module.current_customer()
    assert current is not None and current.name == "欧阳晓明"
    assert store.read(REGISTRATION) is None and not path.exists()
    main.logout(force=True)
    qtbot.waitUntil(lambda: shell.login is not None, timeout=10000)
    if shell.login is not None:
        shell.login.hide()
    tasks.wait_idle(10000)
