"""Documents attached to applications, on SQLite and PostgreSQL
(docs/rules.md#application-attachments)."""

from __future__ import annotations

import io
import json
import uuid

import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from app.domain.codes import OpType
from app.domain.errors import NotFound, PermissionDenied, RuleViolation, ValidationError
from app.services import application_attachments as att
from app.services import application_reads as reads
from app.services import applications as svc
from app.services import customers
from app.write_path import oplog
from db.models import ApplicationAttachment, AttachmentBlob, Operation


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30), colour: str = "#3366cc") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def pdf_bytes(text: str = "scan") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, text)
    page.save()
    return out.getvalue()


def _application(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    """A 计量装置校验 for a registered customer."""
    customer = customers.register_customer(db, clerk, customers.RegisterCustomer(customer_form()))
    btype = svc.shipped_catalogue().get("meter_test")
    return svc.accept_application(
        db, clerk, svc.AcceptApplication("meter_test", customer.id, {}, btype.documents)
    )


def _attach(db, actor, app_id, content, name="scan.pdf", source="file", code=""):  # type: ignore[no-untyped-def]
    return att.attach_document(db, actor, att.AttachDocument(app_id, name, content, source, code))


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def accepted(db, clerk, customer_form):  # type: ignore[no-untyped-def]
    return _application(db, clerk, customer_form)


@pytest.mark.parametrize(
    ("fmt", "media"),
    [("PDF", "application/pdf"), ("JPEG", "image/jpeg"), ("PNG", "image/png"), ("TIFF", "image/tiff")],
)
def test_each_type_is_accepted_and_read_back_identical(db, clerk, accepted, fmt, media):  # type: ignore[no-untyped-def]
    content = pdf_bytes() if fmt == "PDF" else image_bytes(fmt)
    # the name's suffix does not matter: the bytes say what the file is
    row = _attach(
        db, clerk, accepted.id, content, name="扫描件.dat", source="scanner", code="id_person_or_org"
    )
    assert (row.seq, row.media_type, row.size, row.source) == (1, media, len(content), "scanner")
    assert row.document_name == "用电人有效身份证明（个人身份证件或单位主体资格证明）"
    assert (row.file_name, row.added_by) == ("扫描件.dat", "clerk1")
    back = att.attachment_content(db, clerk, row.id)
    assert (back.content, back.media_type, back.file_name) == (content, media, "扫描件.dat")
    assert att.list_attachments(db, clerk, accepted.id) == [row]
    assert reads.get_application(db, clerk, accepted.id).attachments == 1


def test_a_file_that_is_none_of_the_four_is_refused_whatever_its_name(db, clerk, accepted):  # type: ignore[no-untyped-def]
    for content in (
        b"PK\x03\x04 a zip, not a pdf",
        b"MZ\x90\x00 an exe",
        "申请表".encode(),
        image_bytes("GIF"),
    ):
        with pytest.raises(ValidationError) as exc:
            _attach(db, clerk, accepted.id, content, name="身份证.pdf")
        assert exc.value.field == "content"
        assert "PDF、JPEG、PNG、TIFF" in exc.value.message
    assert _count(db, ApplicationAttachment) == _count(db, AttachmentBlob) == 0


def test_empty_and_too_large_files_are_refused(db, clerk, accepted):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="文件是空的"):
        _attach(db, clerk, accepted.id, b"")
    big = b"%PDF-1.4\n" + b"0" * att.MAX_FILE_BYTES
    with pytest.raises(ValidationError) as exc:
        _attach(db, clerk, accepted.id, big)
    assert exc.value.message.template.startswith("文件过大")
    assert "10.0 MB" in exc.value.message
    _attach(db, clerk, accepted.id, big[: att.MAX_FILE_BYTES])  # the limit itself is allowed
    assert _count(db, ApplicationAttachment) == 1


def test_an_application_holds_at_most_so_many_files_and_bytes(db, clerk, accepted, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(att, "MAX_FILES_PER_APPLICATION", 3)
    for n in range(3):
        _attach(db, clerk, accepted.id, image_bytes("PNG", (10 + n, 10)))
    with pytest.raises(RuleViolation, match="最多3个附件"):
        _attach(db, clerk, accepted.id, image_bytes("PNG", (20, 10)))
    monkeypatch.setattr(att, "MAX_FILES_PER_APPLICATION", 20)
    used = sum(r.size for r in att.list_attachments(db, clerk, accepted.id))
    monkeypatch.setattr(att, "MAX_TOTAL_BYTES", used + 100)
    with pytest.raises(RuleViolation, match="附件合计不能超过"):
        _attach(db, clerk, accepted.id, b"%PDF-" + b"x" * 200)
    _attach(db, clerk, accepted.id, b"%PDF-" + b"x" * 95)  # exactly up to the limit
    assert _count(db, ApplicationAttachment) == 4


def test_closed_applications_take_no_attachments(db, clerk, supervisor, accepted):  # type: ignore[no-untyped-def]
    svc.cancel_application(
        db, supervisor, svc.ApplicationCommand(accepted.id, accepted.version, "客户撤回申请")
    )
    with pytest.raises(RuleViolation) as exc:
        _attach(db, clerk, accepted.id, pdf_bytes())
    assert exc.value.message == f"申请{accepted.application_no}已撤销，不能再添加附件"
    assert _count(db, ApplicationAttachment) == 0


def test_permission_and_unknown_application(db, admin, clerk, supervisor, accepted):  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):  # an administrator configures, he does not serve customers
        _attach(db, admin, accepted.id, pdf_bytes())
    row = _attach(db, supervisor, accepted.id, pdf_bytes())  # supervisors do
    assert row.added_by == "super1"
    with pytest.raises(NotFound):
        _attach(db, clerk, uuid.uuid4(), pdf_bytes())
    with pytest.raises(NotFound):
        att.attachment_content(db, clerk, uuid.uuid4())


def test_the_document_code_must_be_one_of_the_types_documents(db, clerk, accepted):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:  # in the catalogue, but not a 计量装置校验 document
        _attach(db, clerk, accepted.id, pdf_bytes(), code="transfer_proof")
    assert exc.value.field == "document_code"
    with pytest.raises(ValidationError):
        _attach(db, clerk, accepted.id, pdf_bytes(), code="no_such_document")
    optional = _attach(db, clerk, accepted.id, pdf_bytes(), code="agent_auth")  # an optional document
    assert optional.document_name == "经办人身份证明及授权委托书"


def test_the_same_bytes_are_stored_once(db, clerk, accepted, customer_form):  # type: ignore[no-untyped-def]
    content = image_bytes("JPEG")
    first = _attach(db, clerk, accepted.id, content, name="a.jpg", code="id_person_or_org")
    with pytest.raises(RuleViolation, match="已添加过（第1个附件）"):  # a double paste
        _attach(db, clerk, accepted.id, content, name="b.jpg", code="id_person_or_org")
    # one scan holding two documents may be attached as each of them
    second = _attach(db, clerk, accepted.id, content, name="b.jpg", code="agent_auth")
    other = svc.accept_application(  # a 新装: another application, no customer yet
        db,
        clerk,
        svc.AcceptApplication(
            "res_new",
            None,
            {"capacity_kva": "8", "voltage_level": "220V", "address": "杭州市西湖区文一路1号"},
            svc.shipped_catalogue().get("res_new").documents,
            applicant_name="陈新",
        ),
    )
    third = _attach(db, clerk, other.id, content, source="clipboard")
    assert first.sha256 == second.sha256 == third.sha256
    assert (_count(db, ApplicationAttachment), _count(db, AttachmentBlob)) == (3, 1)
    assert att.attachment_content(db, clerk, third.id).content == content
    payloads = [p["new_blob"] for p in _ops(db)]
    assert payloads == [True, False, False]


def test_a_blob_inserted_meanwhile_by_another_counter_is_reused(db, clerk, accepted, monkeypatch):  # type: ignore[no-untyped-def]
    """Two counters attach the same scan at once: the look-up of the second saw no blob, the
    first committed it meanwhile, so the second's insert meets the key taken and uses that row
    (the savepoint keeps its unit of work going)."""
    content = pdf_bytes("race")
    sha = att.hashlib.sha256(content).hexdigest()
    with db.write() as other:  # the other counter's transaction, committed
        other.add(AttachmentBlob(sha256=sha, size=len(content), content=content))
    real_scalar = att.Session.scalar
    missed = []

    def scalar(self, statement, *args, **kwargs):  # type: ignore[no-untyped-def]
        sql = str(statement)
        if not missed and "attachment_blob.sha256" in sql and "application_attachment" not in sql:
            missed.append(True)
            return None  # looked before the other counter committed
        return real_scalar(self, statement, *args, **kwargs)

    monkeypatch.setattr(att.Session, "scalar", scalar)
    row = _attach(db, clerk, accepted.id, content)
    monkeypatch.undo()
    assert missed and row.sha256 == sha
    assert (_count(db, ApplicationAttachment), _count(db, AttachmentBlob)) == (1, 1)
    assert _ops(db)[0]["new_blob"] is False
    assert att.attachment_content(db, clerk, row.id).content == content


def _ops(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [
            json.loads(p)
            for p in s.scalars(
                select(Operation.payload)
                .where(Operation.op_type == OpType.ATTACH_DOCUMENT)
                .order_by(Operation.seq)
            )
        ]


def test_one_operation_record_names_the_bytes_by_hash(db, clerk, accepted):  # type: ignore[no-untyped-def]
    content = image_bytes("PNG")
    row = _attach(
        db,
        clerk,
        accepted.id,
        content,
        name="C:\\扫描\\330102199001011234\x00身份证\u202egnp.png",
        code="id_person_or_org",
    )
    # no path, no control or direction characters, the ID number masked
    assert row.file_name == "330102********1234身份证gnp.png"
    (op,) = _ops(db)
    assert op == {
        "id": str(row.id),
        "application_id": str(accepted.id),
        "application_no": accepted.application_no,
        "seq": 1,
        "file_name": row.file_name,
        "media_type": "image/png",
        "size": len(content),
        "sha256": row.sha256,
        "new_blob": True,
        "source": "file",
        "document_code": "id_person_or_org",
        "added_at": row.added_at.isoformat(),
    }
    with db.read() as s:
        body = s.scalar(select(Operation.payload).where(Operation.op_type == OpType.ATTACH_DOCUMENT))
        assert "330102199001011234" not in body
        assert all(r.ok for r in oplog.verify(s))


def test_file_names_are_cleaned():  # type: ignore[no-untyped-def]
    assert att.clean_file_name("/home/x/../scan 01.pdf", "application/pdf") == "scan 01.pdf"
    assert att.clean_file_name("  \t\n ", "image/png") == "附件.png"
    assert att.clean_file_name("..", "image/tiff") == "附件.tif"
    long = att.clean_file_name("长" * 300 + ".jpeg", "image/jpeg")
    assert len(long) == att.FILE_NAME_MAX and long.endswith(".jpeg")
    assert att.clean_file_name("联系人13812345678.jpg", "image/jpeg") == "联系人138****5678.jpg"
    # a scanner's timestamp is not an ID number
    assert (
        att.clean_file_name("Scan_20261206093015123.pdf", "application/pdf") == "Scan_20261206093015123.pdf"
    )


def test_magic_numbers():  # type: ignore[no-untyped-def]
    assert att.sniff_media_type(b"%PDF-1.7") == "application/pdf"
    assert att.sniff_media_type(b"II*\x00rest") == att.sniff_media_type(b"MM\x00*rest") == "image/tiff"
    assert att.sniff_media_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert att.sniff_media_type(b"GIF89a") is None and att.sniff_media_type(b"") is None
