"""The repository documents itself: every pointer into the docs resolves, none points outside.

* Comments, docstrings, tests and docs cite the rules as ``docs/<page>.md#<section>``; the page
  must exist in ``docs/`` and the section must be one of its headings (GitHub's anchor for it).
* Relative Markdown links in ``README.md`` and ``docs/*.md`` (pages, screenshots, ``#anchors``)
  must resolve.
* Nothing cites the team's private design or architecture briefs, which a clone does not have:
  the rules the code relies on are in ``docs/rules.md`` and the pages it links.
* No machine paths (a home or work folder of some PC) in the application's sources.

Only the standard library: this runs without Qt or a database.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

#: Folders and top-level files whose text is checked.
SCAN_DIRS = ("app", "ui", "db", "tests", "tools", "resources", "docs", ".ci")
SCAN_FILES = ("main.py", "pyproject.toml", "README.md", ".ci/run")
SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".txt", ".json", ".yml", ".yaml", ".sh"}
#: Not checked: generated translation sources (lupdate copies ``#:`` comments into them and
#: refreshes them from the code), screenshots, caches.
SKIP_PARTS = {"__pycache__", ".venv", ".bench-cache", "screenshots", ".pytest_cache", ".mypy_cache"}
SKIP_PREFIXES = ("resources/i18n/",)

#: Written in pieces so that this file does not match itself.
PRIVATE_BRIEFS = re.compile(r"\b(?:" + "DES" + "IGN|ARCHIT" + "ECTURE)\\b")
#: ``docs/rules.md#late-fees``, ``README.md#configuration``, ``../README.md``, ``money-path.md``.
DOC_REF = re.compile(r"(?<![\w/.-])((?:docs/|\.\./)?[A-Za-z0-9_-]+\.md)(?:#([\w-]+))?")
#: ``[text](target)`` in Markdown; the target up to a space or the closing parenthesis.
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
MACHINE_PATH = re.compile(r"/(?:work|home|tmp|root|Users)/")

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"""<a\s+(?:id|name)=["']([^"']+)["']""")
FENCE = re.compile(r"^\s*(```|~~~)")


def source_files() -> list[Path]:
    found: set[Path] = set()
    for name in SCAN_DIRS:
        base = ROOT / name
        if base.is_dir():
            found.update(p for p in base.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    found.update(ROOT / name for name in SCAN_FILES if (ROOT / name).is_file())
    out = []
    for path in sorted(found):
        rel = path.relative_to(ROOT).as_posix()
        if SKIP_PARTS.intersection(path.relative_to(ROOT).parts) or rel.startswith(SKIP_PREFIXES):
            continue
        out.append(path)
    return out


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading (github-slugger): link text kept, lower case,
    punctuation and symbols dropped (letters of every script, digits, ``-`` and ``_`` stay),
    each space a hyphen. 'Late fees' → 'late-fees'; Chinese stays as it is."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).strip().lower()
    out = []
    for ch in text:
        if ch == " ":
            out.append("-")
        elif ch in "-_" or unicodedata.category(ch)[0] in "LNM":
            out.append(ch)
    return "".join(out)


@cache
def anchors(path: Path) -> frozenset[str]:
    """Every anchor of a Markdown file: its headings' slugs (repeats get -1, -2 …) and explicit
    ``<a id=…>`` anchors; fenced code is not read."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    fenced = False
    for line in _text(path).splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        found.update(HTML_ANCHOR.findall(line))
        m = HEADING.match(line)
        if m:
            slug = github_slug(m.group(2))
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            found.add(slug if n == 0 else f"{slug}-{n}")
    return frozenset(found)


def _resolve(ref: str, source: Path) -> Path:
    if ref.startswith("../"):
        return (source.parent / ref).resolve()
    if ref.startswith("docs/"):
        return ROOT / ref
    if source.parent == DOCS and (DOCS / ref).exists():
        return DOCS / ref  # a docs page naming its neighbour
    return ROOT / ref


def _where(path: Path, text: str, pos: int) -> str:
    return f"{path.relative_to(ROOT).as_posix()}:{text.count(chr(10), 0, pos) + 1}"


def _check_target(target: Path, anchor: str | None, where: str, shown: str) -> str | None:
    if not target.exists():
        return f"{where}: {shown} — no such file"
    if anchor and target.suffix == ".md" and anchor not in anchors(target):
        return f"{where}: {shown} — {target.name} has no heading with the anchor #{anchor}"
    return None


def test_no_citation_of_the_private_briefs() -> None:
    hits = []
    for path in source_files():
        text = _text(path)
        hits += [f"{_where(path, text, m.start())}: {m.group(0)}" for m in PRIVATE_BRIEFS.finditer(text)]
    assert not hits, (
        "these cite a brief that is not in the repository; point to docs/rules.md#<section> "
        "(or the topic page) instead:\n" + "\n".join(hits)
    )


def test_every_doc_reference_names_an_existing_page_and_heading() -> None:
    problems = []
    for path in source_files():
        if path == Path(__file__).resolve():
            continue  # its examples are not references
        text = _text(path)
        for m in DOC_REF.finditer(text):
            ref, anchor = m.group(1), m.group(2)
            if PRIVATE_BRIEFS.match(ref):
                continue  # reported by the test above
            problem = _check_target(_resolve(ref, path), anchor, _where(path, text, m.start()), m.group(0))
            if problem:
                problems.append(problem)
    assert not problems, "\n".join(problems)


def test_markdown_links_resolve() -> None:
    problems = []
    pages = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    for page in pages:
        text = _text(page)
        for m in MD_LINK.finditer(text):
            target = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                continue  # http:, https:, mailto:
            file_part, _, anchor = target.partition("#")
            path = (page.parent / file_part).resolve() if file_part else page
            problem = _check_target(path, anchor or None, _where(page, text, m.start()), target)
            if problem:
                problems.append(problem)
    assert not problems, "\n".join(problems)


def test_no_machine_paths_in_the_application_sources() -> None:
    files = [
        p for p in source_files() if p.suffix == ".py" and p.relative_to(ROOT).parts[0] in ("app", "ui", "db")
    ]
    files.append(ROOT / "main.py")
    hits = []
    for path in files:
        text = _text(path)
        hits += [f"{_where(path, text, m.start())}" for m in MACHINE_PATH.finditer(text)]
    assert not hits, (
        "a path of somebody's machine in the sources (write <data folder> or the like):\n" + "\n".join(hits)
    )


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Late fees", "late-fees"),
        ("Passwords and lockout", "passwords-and-lockout"),
        ("1. The hash chain (per node)", "1-the-hash-chain-per-node"),
        (
            "Session review: approve or return (审核通过 / 退回)",
            "session-review-approve-or-return-审核通过--退回",
        ),
        ("Settings (`app/config.py`) and hall rules", "settings-appconfigpy-and-hall-rules"),
        ("What is [linked](x.md) — here", "what-is-linked--here"),
    ],
)
def test_github_slug(heading: str, slug: str) -> None:
    assert github_slug(heading) == slug


def test_the_rules_page_keeps_its_anchors() -> None:
    """Code points at these sections of docs/rules.md; renaming one is a change of every pointer."""
    expected = {
        "sources",
        "customers",
        "account-numbers",
        "id-checks",
        "duplicates",
        "masking",
        "search",
        "bills",
        "tariffs",
        "tiered-tariff",
        "time-of-use",
        "low-income-allowance",
        "late-fees",
        "money",
        "payments",
        "idempotent-posting",
        "receipts",
        "reversal-and-refund",
        "cashier-sessions",
        "printing",
        "all-or-nothing",
        "bad-input",
        "database-errors",
        "passwords-and-lockout",
        "personal-data",
        "budgets",
        "demo-data",
        "differences-from-the-brief",
        "not-built-yet",
    }
    assert expected <= anchors(DOCS / "rules.md")
