"""Printing the day-end report (日结报表): every copy that goes out is logged, copy 2+ says 补打.

The receipt's pattern (ui/printing/receipts.py): a copy counts as printed (``record_print``,
which numbers it) only when it left the program — the preview printed it or saved it as PDF.
Closing the preview logs nothing. The copy number is peeked before rendering (copies logged so
far + 1), so the report says 补打 exactly when it will be logged as copy 2+; right before a print
or save from the preview it is peeked again and the report re-rendered if another copy went out
meanwhile (another supervisor, or the clerk at the close).

Every function here (and :class:`DayEndCopies`' methods) runs on a worker thread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from app.dto.cashier import DayEndReport
from app.dto.payments import PrintInfo
from app.services import payments
from ui.context import UiContext
from ui.printing.printer import SAVED_PREFIX

log = logging.getLogger(__name__)

DOC_DAY_END = payments.DOC_DAY_END
PAPER = "A4"


def render_day_end_pdf(report: DayEndReport, reprint: bool = False, copy_no: int = 1) -> bytes:
    """The day-end report as PDF bytes (app/printing/day_end.py; imported when first needed)."""
    from app.printing.day_end import render_day_end

    return render_day_end(report, reprint=reprint, copy_no=copy_no)


@dataclass(frozen=True)
class ReportCopy:
    """The document of one copy of a session's report, rendered but not logged yet."""

    report: DayEndReport
    copy_no: int
    pdf: bytes

    @property
    def reprint(self) -> bool:
        return self.copy_no > 1

    @property
    def session_id(self) -> uuid.UUID:
        return self.report.summary.session.id

    @property
    def session_no(self) -> str:
        return self.report.summary.session.session_no


@dataclass(frozen=True)
class IssuedReport:
    """A copy that went out and was logged (``info`` is the log's answer)."""

    session_no: str
    info: PrintInfo
    where: str
    shown_copy_no: int  # the copy number the document shows

    @property
    def honest(self) -> bool:
        """The paper shows the copy number the log gave it."""
        return self.info.copy_no == self.shown_copy_no

    @property
    def saved_to(self) -> str:
        return self.where[len(SAVED_PREFIX):] if self.where.startswith(SAVED_PREFIX) else ""


def logged_copies(ctx: UiContext, session_id: uuid.UUID) -> int:
    """How many copies of the session's report were logged (the next copy is this + 1)."""
    assert ctx.actor is not None
    return payments.print_count(ctx.db, ctx.actor, DOC_DAY_END, session_id)


def render_copy(ctx: UiContext, report: DayEndReport, copy_no: int | None = None) -> ReportCopy:
    """The document of the report's next copy (补打 from copy 2 on); nothing is logged. A reprint
    carries its own time (补打时间)."""
    if copy_no is None:
        copy_no = logged_copies(ctx, report.summary.session.id) + 1
    if copy_no > 1:
        report = dataclasses.replace(report, printed_at=dt.datetime.now().astimezone())
    return ReportCopy(report, copy_no, render_day_end_pdf(report, reprint=copy_no > 1, copy_no=copy_no))


def current_copy(ctx: UiContext, report: DayEndReport, rendered: ReportCopy | None) -> ReportCopy:
    """``rendered`` when it is still the next copy, else the next copy rendered anew."""
    copy_no = logged_copies(ctx, report.summary.session.id) + 1
    if rendered is not None and rendered.session_id == report.summary.session.id and rendered.copy_no == copy_no:
        return rendered
    return render_copy(ctx, report, copy_no)


_PRINTER_MAX = 80  # print_record.printer


def _short(where: str) -> str:
    """``where`` in the log's 80 characters, keeping "saved:" and the file name (the service
    would keep only the end). ASCII "...": the service normalises text with NFKC."""
    if len(where) <= _PRINTER_MAX:
        return where
    head = SAVED_PREFIX if where.startswith(SAVED_PREFIX) else ""
    return head + "..." + where[-(_PRINTER_MAX - len(head) - 3):]


def record_copy(ctx: UiContext, copy: ReportCopy, where: str) -> IssuedReport:
    """Log ``copy`` after it went out to ``where`` (a printer's name, or SAVED_PREFIX + a file)."""
    assert ctx.actor is not None
    session = copy.report.summary.session
    info = payments.record_print(ctx.db, ctx.actor, DOC_DAY_END, session.id, session.session_no,
                                 printer=_short(where), paper=PAPER)
    if info.copy_no != copy.copy_no:
        # Another copy went out between our peek and our log: the paper shows the wrong number.
        log.error("day-end report %s went out as copy %d but was logged as copy %d", session.session_no,
                  copy.copy_no, info.copy_no)
    return IssuedReport(session.session_no, info, where, copy.copy_no)


class DayEndCopies:
    """The preview's CopyLog (ui/printing/preview.py) for one session's report: ``prepare``
    peeks the copy number again right before a print or save, ``record`` logs the copy that
    went out. Both run on a worker thread, one at a time."""

    def __init__(self, ctx: UiContext, shown: ReportCopy) -> None:
        self.ctx = ctx
        self.shown = shown

    def prepare(self) -> bytes:
        self.shown = current_copy(self.ctx, self.shown.report, self.shown)
        return self.shown.pdf

    def record(self, data: bytes, where: str) -> IssuedReport:
        assert data is self.shown.pdf
        return record_copy(self.ctx, self.shown, where)
