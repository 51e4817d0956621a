"""Documents attached to an application (受理资料附件): scans, photos and PDFs stored with it,
listed and read back for the preview (docs/rules.md#application-attachments).

An attachment is a row of ``application_attachment`` (append-only: what was attached stays
attached) naming a blob of ``attachment_blob``, the bytes under their SHA-256: the same scan
attached twice, to one application or to two, is stored once. The type is read from the bytes
(their magic number), never from the file name; the limits are the named constants below. The
operation record names the bytes by their hash and size and never carries them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.applications.machine import STATUSES
from app.domain.codes import ApplicationStatus, OpType
from app.domain.errors import NotFound, RuleViolation, ValidationError
from app.domain.masking import mask_id, mask_phone
from app.domain.messages import term
from app.dto.applications import AttachmentContent, AttachmentRow
from app.dto.common import Actor
from app.services.applications import catalogue_in_force
from app.services.permissions import check_live, require
from app.write_path import oplog
from db.engine import Database
from db.models import Application, ApplicationAttachment, AttachmentBlob, utcnow

__all__ = [
    "AttachDocument",
    "FILE_NAME_MAX",
    "MAX_FILE_BYTES",
    "MAX_FILES_PER_APPLICATION",
    "MAX_TOTAL_BYTES",
    "MEDIA_TYPES",
    "SOURCES",
    "attach_document",
    "attachment_content",
    "check_file_size",
    "clean_file_name",
    "document_choices",
    "format_size",
    "list_attachments",
    "sniff_media_type",
]

_MB = 1024 * 1024
#: One attached file at most (a 300 dpi colour A4 scan as JPEG is 1–3 MB, a multi-page PDF ~5 MB).
MAX_FILE_BYTES = 10 * _MB
#: One application at most: this many files …
MAX_FILES_PER_APPLICATION = 20
#: … and this many bytes together (the database, and the branch sync, carry them).
MAX_TOTAL_BYTES = 50 * _MB
#: The stored file name's length (``application_attachment.file_name``).
FILE_NAME_MAX = 120
#: Where the bytes came from (``application_attachment.source``).
SOURCES = ("file", "scanner", "clipboard")
#: The types accepted, by media type: (label shown, usual suffix).
MEDIA_TYPES: dict[str, tuple[str, str]] = {
    "application/pdf": ("PDF", ".pdf"),
    "image/jpeg": ("JPEG", ".jpg"),
    "image/png": ("PNG", ".png"),
    "image/tiff": ("TIFF", ".tif"),
}
_ALLOWED_TEXT = "PDF、JPEG、PNG、TIFF"
#: Closed applications take no new attachments.
_CLOSED = (ApplicationStatus.ARCHIVED, ApplicationStatus.CANCELLED)


@dataclass(frozen=True)
class AttachDocument:
    """One document to attach: the bytes as read, the name they had, where they came from
    (``file`` / ``scanner`` / ``clipboard``) and, optionally, which of the type's catalogue
    documents they are (``document_code``, e.g. ``id_card``)."""

    application_id: uuid.UUID
    file_name: str
    content: bytes
    source: str
    document_code: str = ""


# ---- the rules (pure) ---------------------------------------------------------------------------


def sniff_media_type(content: bytes) -> str | None:
    """The media type the bytes' magic number says (PDF, JPEG, PNG, TIFF), None for any other."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    return None


def format_size(size: int) -> str:
    """A byte count for people: ``512 B``, ``12.5 KB``, ``3.2 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < _MB:
        return f"{size / 1024:.1f} KB"
    return f"{size / _MB:.1f} MB"


def check_file_size(size: int) -> None:
    """Refuse an empty file or one over :data:`MAX_FILE_BYTES` (the screens ask before reading
    a file through, with the same message)."""
    if size <= 0:
        raise ValidationError("content", "文件是空的（0 字节），请重新选择或重新扫描")
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            "content",
            "文件过大（{size}），每个附件不能超过{limit}；请降低扫描分辨率或分页扫描",
            size=format_size(size),
            limit=format_size(MAX_FILE_BYTES),
        )


#: A resident ID (18 characters) or a mobile number inside a file name: masked, since the name
#: goes into the operation log (docs/privacy.md). Digits only on either side count as part of it.
_RESIDENT_ID = re.compile(r"(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])\d{5}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def clean_file_name(name: str, media_type: str) -> str:
    """The name stored and shown: the last part of a path (``/`` or ``\\``), without control or
    format characters (a right-to-left override can disguise a suffix), ID and mobile numbers
    masked, at most :data:`FILE_NAME_MAX` characters with the suffix kept; ``附件.pdf`` (the
    type's suffix) when nothing is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    base = _RESIDENT_ID.sub(lambda m: mask_id(m.group()), base.strip())
    base = _MOBILE.sub(lambda m: mask_phone(m.group()), base)
    if base in ("", ".", ".."):
        base = "附件" + MEDIA_TYPES[media_type][1]
    if len(base) > FILE_NAME_MAX:
        stem, dot, suffix = base.rpartition(".")
        if dot and 0 < len(suffix) <= 10 and stem:
            base = stem[: FILE_NAME_MAX - len(suffix) - 1] + "." + suffix
        else:
            base = base[:FILE_NAME_MAX]
    return base


def _check_content(cmd: AttachDocument) -> str:
    if cmd.source not in SOURCES:
        raise ValueError(f"unknown attachment source {cmd.source!r}")  # a caller's mistake
    check_file_size(len(cmd.content))
    media = sniff_media_type(cmd.content)
    if media is None:
        raise ValidationError(
            "content",
            "只能添加 {types} 格式的扫描件或照片；该文件不是其中任何一种（按文件内容判断，与扩展名无关）",
            types=_ALLOWED_TEXT,
        )
    return media


# ---- the service --------------------------------------------------------------------------------


def _row(att: ApplicationAttachment, document_name: str) -> AttachmentRow:
    return AttachmentRow(
        id=att.id,
        application_id=att.application_id,
        seq=att.seq,
        document_code=att.document_code,
        document_name=document_name,
        file_name=att.file_name,
        media_type=att.media_type,
        size=att.size,
        sha256=att.sha256,
        source=att.source,
        added_at=att.added_at,
        added_by=att.added_by,
    )


def _document_names(db: Database, app: Application) -> dict[str, str]:
    """The type's documents (required and optional) by code, as its catalogue version names them."""
    cat = catalogue_in_force(db, app.catalogue_version)
    if app.type_code not in cat.codes:
        return {}
    btype = cat.get(app.type_code)
    return {
        code: cat.documents[code].name
        for code in (*btype.documents, *btype.optional_documents)
        if code in cat.documents
    }


def _store_blob(session: Session, sha256: str, content: bytes) -> bool:
    """The bytes under their hash; True when they were new. Another counter may insert the same
    bytes at the same moment: its row wins and ours is dropped (a savepoint keeps the unit of
    work alive)."""
    if session.scalar(select(AttachmentBlob.sha256).where(AttachmentBlob.sha256 == sha256)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(AttachmentBlob(sha256=sha256, size=len(content), content=content))
    except IntegrityError:
        return False  # inserted meanwhile by another transaction, now committed: reuse it
    return True


def attach_document(db: Database, actor: Actor, cmd: AttachDocument) -> AttachmentRow:
    """Attach one document to an open application (docs/rules.md#application-attachments):
    refused when the bytes are empty, too large or not a PDF / JPEG / PNG / TIFF, when the
    application is closed or holds its limit of files or bytes, or when ``document_code`` is
    not one of the type's documents. One ``AttachDocument`` operation record."""
    require(actor, "application.process")
    media = _check_content(cmd)
    sha256 = hashlib.sha256(cmd.content).hexdigest()
    code = (cmd.document_code or "").strip()
    with db.write() as session:
        check_live(session, actor)  # lock order as every write: the user row, then the application
        app = session.scalar(
            select(Application)
            .where(Application.id == cmd.application_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if app is None:
            raise NotFound("业务申请不存在")
        if app.status in _CLOSED:
            raise RuleViolation(
                "申请{application_no}{status}，不能再添加附件",
                application_no=app.application_no,
                status=term(STATUSES.get(app.status, app.status)),
            )
        names = _document_names(db, app)
        if code and code not in names:
            raise ValidationError("document_code", "“{code}”不是该业务类型的受理资料", code=code)
        count, total = session.execute(
            select(
                func.count(ApplicationAttachment.id), func.coalesce(func.sum(ApplicationAttachment.size), 0)
            ).where(ApplicationAttachment.application_id == app.id)
        ).one()
        same = session.scalar(
            select(ApplicationAttachment.seq)
            .where(
                ApplicationAttachment.application_id == app.id,
                ApplicationAttachment.sha256 == sha256,
                ApplicationAttachment.document_code == code,
            )
            .limit(1)
        )
        if same is not None:
            raise RuleViolation("该文件已添加过（第{seq}个附件），无需重复添加", seq=same)
        if count >= MAX_FILES_PER_APPLICATION:
            raise RuleViolation(
                "每个申请最多{limit}个附件，本申请已有{count}个", limit=MAX_FILES_PER_APPLICATION, count=count
            )
        if int(total) + len(cmd.content) > MAX_TOTAL_BYTES:
            raise RuleViolation(
                "本申请的附件合计不能超过{limit}（已有{total}，本文件{size}）",
                limit=format_size(MAX_TOTAL_BYTES),
                total=format_size(int(total)),
                size=format_size(len(cmd.content)),
            )
        new_blob = _store_blob(session, sha256, cmd.content)
        att = ApplicationAttachment(
            application_id=app.id,
            seq=count + 1,  # the application row is locked: no other attachment is numbered now
            document_code=code,
            file_name=clean_file_name(cmd.file_name, media),
            media_type=media,
            size=len(cmd.content),
            sha256=sha256,
            source=cmd.source,
            added_at=utcnow(),
            added_by=actor.username,
        )
        session.add(att)
        session.flush()
        oplog.append(
            session,
            actor,
            OpType.ATTACH_DOCUMENT,
            {
                "id": str(att.id),
                "application_id": str(app.id),
                "application_no": app.application_no,
                "seq": att.seq,
                "file_name": att.file_name,
                "media_type": media,
                "size": att.size,
                "sha256": sha256,
                "new_blob": new_blob,
                "source": cmd.source,
                "document_code": code,
                "added_at": att.added_at.isoformat(),
            },
            "application",
            app.id,
        )
        return _row(att, names.get(code, ""))


def list_attachments(db: Database, actor: Actor, application_id: uuid.UUID) -> list[AttachmentRow]:
    """The application's attachments in the order they were added (the bytes are not read)."""
    require(actor, "application.view")
    with db.read() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("业务申请不存在")
        names = _document_names(db, app)
        rows = session.scalars(
            select(ApplicationAttachment)
            .where(ApplicationAttachment.application_id == application_id)
            .order_by(ApplicationAttachment.seq)
        ).all()
        return [_row(r, names.get(r.document_code, "")) for r in rows]


def attachment_content(db: Database, actor: Actor, attachment_id: uuid.UUID) -> AttachmentContent:
    """One attachment's bytes and media type (the preview)."""
    require(actor, "application.view")
    with db.read() as session:
        found = session.execute(
            select(ApplicationAttachment.file_name, ApplicationAttachment.media_type, AttachmentBlob.content)
            .join(AttachmentBlob, AttachmentBlob.sha256 == ApplicationAttachment.sha256)
            .where(ApplicationAttachment.id == attachment_id)
        ).first()
        if found is None:
            raise NotFound("附件不存在")
        return AttachmentContent(found.file_name, found.media_type, bytes(found.content))


def document_choices(db: Database, actor: Actor, application_id: uuid.UUID) -> list[tuple[str, str]]:
    """The documents an attachment of this application may be named as: (code, name) of its
    type's required and optional documents, in the catalogue version it was accepted under."""
    require(actor, "application.view")
    with db.read() as session:
        app = session.get(Application, application_id)
        if app is None:
            raise NotFound("业务申请不存在")
        return list(_document_names(db, app).items())
