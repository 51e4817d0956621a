"""One way to show a failure (issue 8 item 6): a view passes ``failure=Failure(...)`` to
``ctx.tasks.run`` and the runner shows it (ui/tasks.py ``show_failure``). An own ``on_error`` is
allowed only where the view does something really different; this test fails on any other, so
the count cannot creep back. Each entry says why it is not the runner's default.

Keys are (file under ui/, the ``on_error`` argument as written) with how many calls pass it.
A handler that becomes the default: delete its entry (the test also fails on stale entries).
Before issue 8 item 6, 53 of the 57 calls in ui/ had their own handler.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"

ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    # -- start-up: nothing is on screen yet, the program exits ---------------------------------
    ("ui/app.py", "startup.failed"): (1, "fatal: the database cannot be opened, the program exits"),
    ("ui/app.py", "self._fatal"): (1, "fatal: the node cannot be read, the program exits"),
    ("ui/setup_wizard.py", "self._demo_failed"): (
        1,
        "the setup succeeded: the message says the demo data is optional and the wizard closes",
    ),
    # -- checks that must not block: a failure does something other than show ----------------
    # (a read the screen can do without needs no handler: Failure(what=...) with no target logs it)
    ("ui/cashier/module.py", "failed"): (1, "the open-session check on quit must not keep the program open"),
    ("ui/payments/customer_hook.py", "lambda exc: self._session_check_failed(customer, exc)"): (
        1,
        "the open-session check is repeated by the service when posting",
    ),
    ("ui/payments/reversal.py", "self._session_check_failed"): (
        1,
        "the open-session check is repeated by the service when the refund is posted",
    ),
    ("ui/sync/repoint.py", "self._failed"): (
        1,
        "the centre's refusal at a branch names its field in the reply (SyncError.field), not in a "
        "ValidationError: it goes under that field with the centre's own words",
    ),
    # -- approvals, unanswered requests, blocked accounts ---------------------------------------
    ("ui/billing/adjustment.py", "self._failed"): (
        1,
        "a large 退补 reopens the approval prompt; an unknown outcome keeps the same request",
    ),
    ("ui/customers/form.py", "lambda exc: self._on_failed(exc, approval)"): (
        1,
        "reopens the approval prompt, the duplicate-customer question, the reload banner",
    ),
    ("ui/customers/registration_dialog.py", "lambda exc: self._on_failed(exc, approval)"): (
        1,
        "the registration form checked for a 新装's completion: the form's own handler, as at registration",
    ),
    ("ui/applications/detail.py", "lambda exc: self._complete_failed(exc, detail, remark, registration)"): (
        1,
        "completing a 新装: a possible duplicate customer is asked about and the completion sent again",
    ),
    ("ui/payments/dialog.py", "lambda exc: self._post_failed(exc, cmd)"): (
        1,
        "keeps an unanswered payment request for the retry (outcome unknown)",
    ),
    ("ui/payments/reversal.py", "self._failed"): (
        1,
        "the approver's refusals go under 用户名/密码; a reversal the rules refuse becomes a refund",
    ),
    ("ui/applications/accept_dialog.py", "lambda exc: self._failed(exc, cmd.approval)"): (
        1,
        "the reasons box with 先收费 (arrears); reopens the approval prompt for a failing ID number",
    ),
    ("ui/idle_lock.py", "self._failed"): (1, "a blocked account ends the session"),
    ("ui/login.py", "self._failed"): (
        1,
        "password change: a blocked account closes the dialog, a wrong current password is cleared",
    ),
    ("ui/cashier/module.py", "self._close_failed"): (
        1,
        "交班 refused because the session changed: reload the figures, keep the typed counts",
    ),
    # -- errors the runner cannot word: files, printers, document templates ----------------------
    ("ui/billing_admin/tariff_editor.py", "self._failed"): (
        1,
        "a field error may point into the JSON or a time-band table (seasons[0].periods)",
    ),
    ("ui/billing_admin/bill_import.py", "self._failed"): (
        1,
        "a file import: an OSError names the file's problem, the page and status line show it",
    ),
    ("ui/billing_admin/module.py", "self._import_failed"): (
        1,
        "a file import: an OSError names the file's problem, a period refusal goes under the period",
    ),
    ("ui/billing_admin/module.py", "self._compute_failed"): (
        2,
        "the progress dialog closes and a period refusal goes under the period; page and status line",
    ),
    ("ui/billing/tab.py", "self._render_failed"): (1, "a document: render_error words a missing template"),
    ("ui/printing/documents.py", "lambda exc: self._failed(exc, what)"): (
        1,
        "a logged document (application, work order): render_error words a missing template for the report line",
    ),
    ("ui/cashier/module.py", "self._report_failed"): (
        2,
        "the day-end report: a printer component not installed is said apart, the data is saved",
    ),
    ("ui/printing/receipts.py", "self._failed"): (1, "a receipt: render_error, then the print queue goes on"),
    ("ui/printing/receipts.py", "failed"): (
        1,
        "printed but not logged: the receipt still counts as unprinted; a printer error opens the preview",
    ),
    ("ui/printing/preview.py", "self._print_failed"): (1, "the printer's own words on the preview's status"),
    ("ui/printing/preview.py", "self._save_failed"): (1, "saving a PDF: the OS error's words"),
    ("ui/printing/show.py", "failed"): (1, "a document: render_error, to the caller's own display"),
    ("ui/backup.py", "failed"): (
        1,
        "a backup: shared mode answers with what to run (info, not an error); after a 交班 the close stands and "
        "the failure says so; a cancelled backup (the program quits) says nothing",
    ),
    ("ui/settings/printer.py", "self._test_failed"): (1, "a test print: the printer's own words"),
    ("ui/settings/printer.py", "self._save_failed"): (1, "the printer settings file: the OS error's words"),
}


def _is_task_run(node: ast.Call) -> bool:
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "run"):
        return False
    owner = func.value
    return (isinstance(owner, ast.Attribute) and owner.attr == "tasks") or (
        isinstance(owner, ast.Name) and owner.id == "tasks"
    )


def on_error_handlers() -> Counter[tuple[str, str]]:
    """(file, on_error as written) of every ``….tasks.run(fn, on_done, on_error)`` in ui/."""
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _is_task_run(node)):
                continue
            handler = (
                node.args[2]
                if len(node.args) >= 3
                else next((k.value for k in node.keywords if k.arg == "on_error"), None)
            )
            if handler is not None:
                found[(path.relative_to(UI.parent).as_posix(), ast.unparse(handler))] += 1
    return found


def test_every_on_error_in_a_view_is_on_the_allow_list() -> None:
    found = on_error_handlers()
    unexpected = {key: n for key, n in found.items() if n > ALLOWED.get(key, (0, ""))[0]}
    assert not unexpected, (
        "a view passes its own on_error: give the runner a failure=Failure(...) (and always= for a "
        f"busy state) instead, or add it to ALLOWED with the reason it is not the default: {unexpected}"
    )


def test_the_allow_list_has_no_stale_entries() -> None:
    found = on_error_handlers()
    stale = {key: n for key, (n, _why) in ALLOWED.items() if found.get(key, 0) < n}
    assert not stale, f"these handlers became the default or moved: shrink ALLOWED {stale}"


def test_the_finder_sees_an_on_error() -> None:
    """The finder itself: a positional and a keyword on_error are both seen, a failure= is not."""
    source = (
        "ctx.tasks.run(work, done, failed)\n"
        "self.ctx.tasks.run(work, done, on_error=self._failed)\n"
        "tasks.run(work, done, failure=Failure(label=error))\n"
    )
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and _is_task_run(n)]
    with_handler = [c for c in calls if len(c.args) >= 3 or any(k.arg == "on_error" for k in c.keywords)]
    assert len(calls) == 3 and len(with_handler) == 2
