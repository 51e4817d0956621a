"""The English translation files are complete (issue #6 item 27).

Every text of ``ui/`` is in ``resources/i18n/gridcounter_en.ts`` with an English translation, and
the compiled .qm files are not older than their .ts. Regenerate as ``ui/i18n.py`` says
(pyside6-lupdate, translate, pyside6-lrelease).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
EN_TS = I18N / "gridcounter_en.ts"
DOMAIN_TS = I18N / "gridcounter_domain_en.ts"

#: Files whose module-level ``tr`` translates under a context set at run time: lupdate files
#: their texts under an empty context, so gridcounter_domain_en.ts must have them under this one.
RUNTIME_CONTEXTS = {
    "tariff_view.py": "TariffView",
    "tariff_schedule.py": "TariffSchedule",
    "schedule_text.py": "TariffSchedule",
    "schedule_models.py": "TariffSchedule",
    "schedule_tables.py": "TariffSchedule",
    "schedule_messages.py": "TariffSchedule",
    "tariff_day.py": "TariffDay",
    "common.py": "Cashier",
    "formatting.py": "Cashier",  # the session statuses (ui/formatting.py session_status_label)
    "printer.py": "Printing",
    "outage_text.py": "Outages",  # ui/outages/outage_text.py: the outage notice's wording
}


def _messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")]


def _sources(ts: Path) -> set[tuple[str, str]]:
    return {(ctx, m.findtext("source") or "") for ctx, m in _messages(ts)}


def _not_done(ts: Path) -> list[str]:
    out = []
    for ctx, m in _messages(ts):
        translation = m.find("translation")
        kind = None if translation is None else translation.get("type")
        text = "" if translation is None else "".join(translation.itertext())
        if kind in ("unfinished", "obsolete", "vanished") or not text.strip():
            out.append(f"{ctx}: {m.findtext('source')!r} ({kind or 'empty'})")
    return out


@pytest.mark.parametrize("ts", [EN_TS, DOMAIN_TS], ids=lambda p: p.name)
def test_every_entry_is_translated(ts: Path) -> None:
    assert _not_done(ts) == [], "translate these (and drop obsolete ones: lupdate -no-obsolete)"


@pytest.mark.parametrize("ts", [EN_TS, DOMAIN_TS], ids=lambda p: p.name)
def test_the_compiled_file_is_not_older_than_its_source(ts: Path) -> None:
    qm = ts.with_suffix(".qm")
    assert qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime - 1, f"run pyside6-lrelease {ts.name}"


def test_texts_of_module_level_tr_are_under_their_runtime_context() -> None:
    domain = _sources(DOMAIN_TS)
    missing = []
    for ctx, m in _messages(EN_TS):
        if ctx:
            continue
        location = m.find("location")
        filename = Path(location.get("filename", "")).name if location is not None else ""
        runtime = RUNTIME_CONTEXTS.get(filename)
        source = m.findtext("source") or ""
        if runtime is None or (runtime, source) not in domain:
            missing.append(f"{filename} -> {runtime}: {source!r}")
    assert missing == [], "add these to gridcounter_domain_en.ts under the context their tr() uses"


def _lupdate() -> str | None:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    return str(exe) if exe.is_file() else shutil.which("pyside6-lupdate")


def test_every_ui_text_is_in_the_committed_file(tmp_path: Path) -> None:
    lupdate = _lupdate()
    if lupdate is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh_en.ts"
    shutil.copy(EN_TS, fresh)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [lupdate, *sources, "-no-obsolete", "-target-language", "en", "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    new = sorted(_sources(fresh) - _sources(EN_TS))
    assert new == [], "run pyside6-lupdate as ui/i18n.py says and translate the new texts"
    gone = sorted(_sources(EN_TS) - _sources(fresh))
    assert gone == [], "texts the UI no longer has: run pyside6-lupdate with -no-obsolete"
