"""The application documents from the print service (issue 9 item 4): rendered from the stored
application, numbered copies, 补打 after the first logged copy, print records per document."""

from __future__ import annotations

import uuid

import pytest

from app.domain.codes import DocType
from app.domain.errors import NotFound, ValidationError
from app.services import application_prints, applications, customers, payments
from tests.printing import pdfcheck


def _accepted(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    view = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    cmd = applications.AcceptApplication(
        "meter_test", view.id, {}, applications.shipped_catalogue().get("meter_test").documents
    )
    return applications.accept_application(db, clerk, cmd)


def test_both_documents_render_and_count_their_copies(db, clerk, customer_form) -> None:  # type: ignore[no-untyped-def]
    accepted = _accepted(db, clerk, customer_form)
    for doc_type, title in ((DocType.APPLICATION_RECEIPT, "业务受理回执"), (DocType.APPLICATION_FORM, "用电申请表")):
        first = application_prints.render_document(db, clerk, accepted.id, doc_type)
        text = pdfcheck.text(first.pdf)
        assert title in text and accepted.application_no in text and "补打" not in text
        assert first.copy_no == 1 and not first.reprint
        info = payments.record_print(db, clerk, doc_type, accepted.id, "", "HP LaserJet", "A4")
        assert (info.copy_no, info.reprint) == (1, False)
        again = application_prints.render_document(db, clerk, accepted.id, doc_type)
        assert again.copy_no == 2 and "补打" in pdfcheck.text(again.pdf)
    # each document counts its own copies; the doc_no is the application's number, not the caller's
    info = payments.record_print(db, clerk, DocType.APPLICATION_FORM, accepted.id, "forged")
    assert info.copy_no == 2


def test_print_records_refuse_unknown_documents(db, clerk, customer_form) -> None:  # type: ignore[no-untyped-def]
    accepted = _accepted(db, clerk, customer_form)
    with pytest.raises(ValidationError):
        payments.record_print(db, clerk, "poster", accepted.id, "x")
    with pytest.raises(NotFound):
        payments.record_print(db, clerk, DocType.APPLICATION_RECEIPT, uuid.uuid4(), "x")
