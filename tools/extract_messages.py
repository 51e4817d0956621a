"""List every message template and term that ``app/`` can show a person, and check the English file.

Messages raised by services reach the UI as a Chinese template plus parameters
(``app/domain/messages.py``); the UI translates the template under the context ``DomainError``
from ``resources/i18n/gridcounter_domain_en.ts``. lupdate cannot see these (they are not
``tr()`` calls), so this script finds them by reading ``app/`` with ``ast``:

* templates: the message argument of the error constructors (``ValidationError(field, "…")``,
  ``RuleViolation("…")``, …) and of ``Message("…")``;
* terms: ``term("…")``, and the Chinese labels handed to a function's ``label`` parameter
  (``clean_text(value, "notes", "备注", …)``, ``label="…"``, ``label: str = "姓名"``), which the
  rules put into their messages as translatable parameters;
* violations: a message built by the raise site itself (an f-string, ``+``, ``%``,
  ``.format()``, ``.join()``) — it cannot be looked up, so it could never be translated.

Usage::

    .venv/bin/python tools/extract_messages.py            # list what has no English translation
    .venv/bin/python tools/extract_messages.py --add      # add those to the .ts as unfinished
    .venv/bin/pyside6-lrelease resources/i18n/gridcounter_domain_en.ts       # after translating
"""

from __future__ import annotations

import argparse
import ast
import string
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "i18n" / "gridcounter_domain_en.ts"
CONTEXT = "DomainError"

#: constructor name -> position of its message argument
MESSAGE_CALLS: dict[str, int] = {
    "DomainError": 0,
    "RuleViolation": 0,
    "PermissionDenied": 0,
    "ConcurrentEdit": 0,
    "NotFound": 0,
    "AuthenticationFailed": 0,
    "ValidationError": 1,
    "OverrideRequired": 1,
    "Message": 0,
    "RowError": 2,  # app/dto/: one problem of an imported file (line, column, message)
    "SettingsError": 0,  # app/config.py: a setting the program cannot use
    "BackupError": 0,  # app/services/backup.py: a backup or restore that did not happen
    "BackupNotPossible": 0,
    "BackupCancelled": 0,
    "DatabaseTooNew": 0,  # app/services/setup.py: a database a newer program upgraded
}
TERM_CALLS = {"term"}
LABEL_PARAMETER = "label"


@dataclass(frozen=True)
class Site:
    path: str  # relative to the project root
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Extraction:
    templates: dict[str, list[Site]] = field(default_factory=dict)
    terms: dict[str, list[Site]] = field(default_factory=dict)
    violations: list[tuple[Site, str]] = field(default_factory=list)

    def sources(self) -> dict[str, list[Site]]:
        """Everything that needs a translation (templates and terms), with where it is used."""
        merged: dict[str, list[Site]] = {}
        for table in (self.templates, self.terms):
            for text, sites in table.items():
                merged.setdefault(text, []).extend(sites)
        return merged


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _has_text(node: ast.expr) -> bool:
    return any(_is_str(n) or isinstance(n, ast.JoinedStr) for n in ast.walk(node))


def _passes_label(node: ast.FunctionDef | ast.AsyncFunctionDef, label_functions: set[str]) -> bool:
    """Does the body put its ``label`` into a message (or hand it to a function that does)?"""
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        name = _name(call.func)
        uses = [a for a in call.args if isinstance(a, ast.Name) and a.id == LABEL_PARAMETER]
        uses += [
            k.value for k in call.keywords if isinstance(k.value, ast.Name) and k.value.id == LABEL_PARAMETER
        ]
        if uses and (name in TERM_CALLS or name in MESSAGE_CALLS or name in label_functions):
            return True
    return False


def _label_positions(trees: Iterable[ast.Module]) -> dict[str, int]:
    """Functions whose ``label`` parameter ends up in a message -> its position as callers pass it.

    A label is a Chinese term (字段名) the rule names in its message, e.g. ``{label}不能为空``.
    Found to a fixpoint, so ``clean_person_name`` counts because it hands ``label`` to ``clean_text``.
    """
    candidates: dict[str, tuple[ast.FunctionDef | ast.AsyncFunctionDef, int]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            params = [a.arg for a in (*node.args.posonlyargs, *node.args.args)]
            if params and params[0] in ("self", "cls"):
                params = params[1:]
            if LABEL_PARAMETER in params:
                candidates[node.name] = (node, params.index(LABEL_PARAMETER))
            elif LABEL_PARAMETER in (a.arg for a in node.args.kwonlyargs):
                candidates[node.name] = (node, -1)
    positions: dict[str, int] = {}
    changed = True
    while changed:
        changed = False
        for name, (node, position) in candidates.items():
            if name not in positions and _passes_label(node, set(positions)):
                positions[name] = position
                changed = True
    return positions


def _texts(node: ast.expr, site: Site, out: Extraction, what: str) -> Iterator[str]:
    """The constant texts an argument can take; records a violation for text built in place."""
    if _is_str(node):
        assert isinstance(node, ast.Constant)
        yield node.value
    elif isinstance(node, ast.JoinedStr):
        out.violations.append((site, f"{what} is an f-string; pass a template and its parameters"))
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod) and _has_text(node):
        out.violations.append((site, f"{what} is built with '+' or '%'; pass a template and its parameters"))
    elif (
        isinstance(node, ast.Call)
        and _name(node.func) in ("format", "join")
        and isinstance(node.func, ast.Attribute)
    ):
        out.violations.append(
            (
                site,
                f"{what} is built with .{_name(node.func)}(); pass a template "
                "and its parameters (Message.join for a list)",
            )
        )
    elif isinstance(node, ast.IfExp):
        yield from _texts(node.body, site, out, what)
        yield from _texts(node.orelse, site, out, what)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _texts(value, site, out, what)
    # Anything else (a variable, an attribute, a call) carries a Message made elsewhere.


def _add(table: dict[str, list[Site]], text: str, site: Site) -> None:
    table.setdefault(text, []).append(site)


def _message_argument(call: ast.Call, position: int) -> ast.expr | None:
    if len(call.args) > position and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    for keyword in call.keywords:
        if keyword.arg == "message":
            return keyword.value
    return None


def extract(paths: Iterable[Path], root: Path = ROOT) -> Extraction:
    files = sorted(paths)
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in files}
    label_positions = _label_positions(trees.values())
    out = Extraction()
    for path, tree in trees.items():
        rel = path.resolve().relative_to(root.resolve()).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in label_positions:
                _label_defaults(node, Site(rel, node.lineno), out)
            if not isinstance(node, ast.Call):
                continue
            site = Site(rel, node.lineno)
            name = _name(node.func)
            if name in MESSAGE_CALLS:
                argument = _message_argument(node, MESSAGE_CALLS[name])
                if argument is not None:
                    for text in _texts(argument, site, out, f"the message of {name}()"):
                        _add(out.templates, text, site)
            if name in TERM_CALLS and node.args:
                for text in _texts(node.args[0], site, out, "the term"):
                    _add(out.terms, text, site)
            label: ast.expr | None = None
            position = label_positions.get(name, -1)
            if 0 <= position < len(node.args) and not any(
                isinstance(a, ast.Starred) for a in node.args[: position + 1]
            ):
                label = node.args[position]
            # label="…" to a label function, or to a helper that is handed one (take(…, clean_text, …)).
            hands_over = name in label_positions or any(
                isinstance(a, ast.Name) and a.id in label_positions for a in node.args
            )
            for keyword in node.keywords:
                if keyword.arg == LABEL_PARAMETER and hands_over:
                    label = keyword.value
            if label is not None and _is_str(label):
                assert isinstance(label, ast.Constant)
                _add(out.terms, label.value, site)
    return out


def _label_defaults(node: ast.FunctionDef | ast.AsyncFunctionDef, site: Site, out: Extraction) -> None:
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
    pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
    for arg, default in pairs:
        if arg.arg == LABEL_PARAMETER and _is_str(default):
            assert isinstance(default, ast.Constant)
            _add(out.terms, default.value, site)


def app_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "app").rglob("*.py"))


# --- the .ts file ---------------------------------------------------------------------------


def translations(ts_file: Path = TS_FILE, context: str = CONTEXT) -> dict[str, str]:
    """Source -> English of the finished entries of ``context``."""
    found: dict[str, str] = {}
    for ctx in ET.parse(ts_file).getroot().iter("context"):
        if ctx.findtext("name") != context:
            continue
        for message in ctx.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            if translation.text:
                found[source] = translation.text
    return found


def placeholders(text: str) -> set[str]:
    """``{name}`` fields of a template (``{{`` and ``}}`` are literal braces)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def missing(extraction: Extraction, ts_file: Path = TS_FILE) -> dict[str, list[Site]]:
    done = translations(ts_file)
    return {text: sites for text, sites in extraction.sources().items() if text not in done}


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def add_unfinished(texts: Iterable[str], ts_file: Path = TS_FILE, context: str = CONTEXT) -> int:
    """Append entries for ``texts`` to ``context`` (created if needed) as ``type="unfinished"``.

    Edits the file as text so the existing layout and translations stay byte for byte.
    """
    known = set()
    for ctx in ET.parse(ts_file).getroot().iter("context"):
        if ctx.findtext("name") == context:
            known = {m.findtext("source") for m in ctx.iter("message")}
    new = [t for t in dict.fromkeys(texts) if t not in known]
    if not new:
        return 0
    entries = "".join(
        f"    <message>\n        <source>{_xml_escape(t)}</source>\n"
        f'        <translation type="unfinished"></translation>\n    </message>\n'
        for t in new
    )
    content = ts_file.read_text(encoding="utf-8")
    head = f"<context>\n    <name>{context}</name>\n"
    if head in content:
        start = content.index(head)
        end = content.index("</context>", start)
        content = content[:end] + entries + content[end:]
    else:
        end = content.rindex("</TS>")
        content = content[:end] + head + entries + "</context>\n" + content[end:]
    ts_file.write_text(content, encoding="utf-8")
    return len(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", action="store_true", help="add the missing texts to the .ts as unfinished")
    parser.add_argument("--all", action="store_true", help="list every text found, translated or not")
    args = parser.parse_args(argv)
    found = extract(app_files())
    for site, problem in found.violations:
        print(f"{site}: {problem}")
    table = found.sources() if args.all else missing(found)
    for text, sites in sorted(table.items(), key=lambda kv: str(kv[1][0])):
        print(f"{sites[0]}\t{text}")
    print(
        f"{len(found.templates)} templates, {len(found.terms)} terms, {len(found.violations)} built in place; "
        f"{len(missing(found))} without an English translation",
        file=sys.stderr,
    )
    if args.add:
        print(f"added {add_unfinished(missing(found))} unfinished entries to {TS_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
