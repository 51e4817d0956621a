"""Translations (界面语言): Simplified Chinese is the source text; English comes from a .qm file.

Qt's own ``qtbase_zh_CN.qm`` is loaded for Chinese so standard buttons (确定 / 取消) and
context menus match the rest of the UI. The app's translations live in
``resources/i18n/<name>_<lang>.qm``; every file for the language is loaded, so each part of
the UI may ship its own ``.ts`` source.

Regenerate after changing UI text, from the project folder (lupdate keeps existing translations;
new ones come in as ``type="unfinished"`` and must be translated before ``lrelease``;
``-no-obsolete`` drops texts the UI no longer has)::

    .venv/bin/pyside6-lupdate ui/*.py ui/*/*.py -no-obsolete -target-language en -ts resources/i18n/gridcounter_en.ts
    .venv/bin/pyside6-lrelease resources/i18n/gridcounter_en.ts
    .venv/bin/pyside6-lrelease resources/i18n/gridcounter_domain_en.ts

``tests/ui/test_translations.py`` fails while the .ts has an unfinished entry, a text of ``ui/``
is missing from it, or a .qm is older than its .ts.

``gridcounter_domain_en.ts`` is maintained by hand: it holds what lupdate cannot find, i.e. texts
translated through a variable (labels from ``app/`` such as customer kinds, tender kinds, tariff
kinds, bill statuses, reversal reasons; ``self.tr(label)`` over a dict) and the module-level
``tr`` / ``_tr`` helpers of ``billing_admin/tariff_view.py``, ``cashier/common.py`` and
``printing/printer.py`` (their contexts ``TariffView`` / ``Cashier`` / ``Printing`` are set at
run time; lupdate files the first two under an empty context and does not see ``_tr`` at all).
Add an entry there when such a label changes in ``app/``.

Placeholders: every translatable text of ``ui/`` numbers its placeholders the Qt Linguist way,
``%1`` … ``%n``, and is filled with :func:`fill` (``fill(self.tr("户号 %1（版本 %2）"), no, v)``).
Qt Linguist shows ``%1`` as a placeholder, checks that the translation keeps every one of them,
and lets the translator reorder them freely; lupdate and translators know the convention from
every other Qt program. Python's ``{0}`` / ``{0:,}`` is not recognised by Linguist, and a format
spec inside the text (``{1:%Y-%m-%d}``) is code the translator could break. So the value is
formatted in code (``format(kwh, ",")``) and the text carries only ``%n``.
``tests/ui/test_placeholders.py`` fails on a ``{0}`` in a tr() text or a hand-written
``.replace("%1", …)``. (Messages from ``app/`` keep their named ``{limit}`` templates: they are
Python format strings by design, see below.)

Messages raised by ``app/`` (errors, ID and phone checks, …) are :class:`app.domain.messages.Message`
objects: Chinese text plus the template and parameters it was made from. :func:`localize` shows
one in the UI language; their English lives in ``gridcounter_domain_en.ts`` under the context
``DomainError``. ``tools/extract_messages.py`` lists the templates that still need an English text
(``--add`` puts them into the .ts as unfinished), and ``tests/test_messages.py`` fails until they
have one.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.domain.messages import Message, MessageList
from resources.paths import resource

log = logging.getLogger(__name__)

I18N_DIR = resource("i18n")

# Translators must outlive the call that installs them (Qt keeps only a pointer).
_installed: list[QTranslator] = []


def _load(app: QCoreApplication, path: Path) -> bool:
    translator = QTranslator(app)
    if translator.load(str(path)):
        app.installTranslator(translator)
        _installed.append(translator)
        return True
    log.warning("translation file could not be loaded: %s", path)
    return False


def install_translators(app: QCoreApplication, language: str) -> list[str]:
    """Install Qt's and the app's translators for ``language`` ("zh_CN" or "en").

    Returns the files loaded (for the log and for tests).
    """
    uninstall_translators(app)
    loaded: list[str] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        for qm in sorted(I18N_DIR.glob("*_en.qm")):
            if _load(app, qm):
                loaded.append(str(qm))
        return loaded
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    qtbase = qt_dir / "qtbase_zh_CN.qm"
    if qtbase.is_file() and _load(app, qtbase):
        loaded.append(str(qtbase))
    return loaded


def uninstall_translators(app: QCoreApplication) -> None:
    """Remove what ``install_translators`` installed (language switch, tests)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale.system())


_PLACEHOLDER = re.compile(r"%(\d+)")


def fill(text: str, *values: object) -> str:
    """``text`` (already translated) with ``%1`` … ``%n`` replaced by ``values`` in one pass.

    Like Qt's ``QString::arg``: a value that itself contains ``%2`` is not filled again, and a
    placeholder without a value stays as it is. Values are shown with ``str()``; format numbers
    and dates before (``format(kwh, ",")``, ``format(when, "%Y-%m-%d %H:%M")``).
    """

    def value(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return str(values[number - 1]) if 1 <= number <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, text)


MESSAGE_CONTEXT = "DomainError"


def localize(text: str) -> str:
    """A message from ``app/`` in the UI language; plain text (already translated) passes through.

    The template is looked up under the context ``DomainError`` and its parameters filled in;
    parameters that are Messages themselves (field labels, statuses, a nested message) are
    localized first. Terms are translated in lower case ("{label} is required" / "Enter the
    {label}"), so the sentence gets its capital here. Without a translation the Chinese text
    comes back unchanged.
    """
    if not isinstance(text, Message):
        return text
    return _render(text, sentence=True)


def _render(text: Message, *, sentence: bool) -> str:
    if isinstance(text, MessageList):
        sep = QCoreApplication.translate(MESSAGE_CONTEXT, text.sep)
        return sep.join(_render(part, sentence=sentence) for part in text.parts)
    template = translated = QCoreApplication.translate(MESSAGE_CONTEXT, text.template)
    if text.params:
        params = {name: _render(value, sentence=False) if isinstance(value, Message) else value
                  for name, value in text.params.items()}
        try:
            translated = translated.format(**params)
        except (KeyError, IndexError, ValueError):
            log.warning("translation of message %r does not fit its parameters", text.template)
            return str(text)
        # led by data, not words (a JSON path such as types[5].limit_days): left as it is
        lead = template[1:template.find("}")] if template.startswith("{") else None
        if lead is not None and lead in text.params and not isinstance(text.params[lead], Message):
            sentence = False
    return translated[:1].upper() + translated[1:] if sentence else translated
