"""Writes for documents: issue (sign and register), revoke, supersede, store the PDF."""

import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.common.text import Text
from backend.documents.kinds import get_document_kind
from backend.documents.models import DocumentLanguage, DocumentStatus, IssuedDocument
from backend.documents.signing import fields_digest, make_short_token, normalise_fields
from backend.documents.verification import Verification, verify_token
from backend.identity.audit import record_audit

__all__ = ["Verification", "ensure_pdf", "issue_document", "revoke_document", "verify_token"]

NUMBER_TAKEN = Text(
    en="A document of this kind with this number has already been issued.",
    bn="এই ধরনের এই নম্বরের দলিল আগেই ইস্যু করা হয়েছে।",
)
BAD_NUMBER = Text(en="Enter a document number.", bn="দলিলের নম্বর লিখুন।")
BAD_LANGUAGE = Text(en="Documents are issued in Bangla or English.", bn="দলিল বাংলা বা ইংরেজিতে হয়।")
NOT_SUPERSEDABLE = Text(
    en="Only a document that is still valid can be replaced.",
    bn="শুধু বৈধ দলিলই প্রতিস্থাপন করা যায়।",
)
WRONG_SUPERSEDE = Text(
    en="A document can only be replaced by one of the same pourashava and kind.",
    bn="একই পৌরসভার একই ধরনের দলিল দিয়েই প্রতিস্থাপন করা যায়।",
)
ALREADY_REVOKED = Text(en="This document is already revoked.", bn="এই দলিল আগেই বাতিল করা হয়েছে।")
REASON_REQUIRED = Text(en="Give the reason for revoking.", bn="বাতিলের কারণ লিখুন।")
BAD_FIELDS = Text(
    en="The document's fields cannot be signed: {detail}",
    bn="দলিলের তথ্য স্বাক্ষর করা যাচ্ছে না: {detail}",
)


def _snapshot(document: IssuedDocument) -> dict:
    return {
        "kind": document.kind,
        "number": document.number,
        "status": document.status,
        "digest": document.digest,
        "kid": document.kid,
        "valid_until": document.valid_until.isoformat() if document.valid_until else None,
        "superseded_by": document.superseded_by_id,
    }


def issue_document(
    *,
    kind: str,
    number: str,
    pourashava,
    fields: dict,
    language: str,
    holder=None,
    valid_until: date | None = None,
    supersedes: IssuedDocument | None = None,
    actor=None,
    render: bool = True,
) -> IssuedDocument:
    """Sign and register a document. Superseding marks the old one superseded in the same
    transaction. The PDF is rendered after commit by a task (render=False skips it)."""
    get_document_kind(kind)
    number = (number or "").strip()
    if not number or len(number) > 64:
        raise AppError("invalid_document_number", BAD_NUMBER, fields={"number": ["invalid"]})
    if language not in DocumentLanguage.values:
        raise AppError("invalid_language", BAD_LANGUAGE, fields={"language": ["invalid_choice"]})
    try:
        normalised = normalise_fields(fields)
    except TypeError as exc:
        raise AppError("invalid_document_fields", BAD_FIELDS, params={"detail": str(exc)}) from exc

    with transaction.atomic():
        if supersedes is not None:
            supersedes = IssuedDocument.objects.select_for_update().get(pk=supersedes.pk)
            if supersedes.pourashava_id != pourashava.pk or supersedes.kind != kind:
                raise AppError("supersede_mismatch", WRONG_SUPERSEDE)
            if supersedes.status != DocumentStatus.VALID:
                raise Conflict("document_not_supersedable", NOT_SUPERSEDABLE)
        issued_at = timezone.now()
        try:
            with transaction.atomic():
                # The short token names the row, so the row comes first with a unique stand-in.
                document = IssuedDocument.objects.create(
                    pourashava=pourashava,
                    kind=kind,
                    number=number,
                    language=language,
                    fields=normalised,
                    digest=fields_digest(normalised).hex(),
                    kid="",
                    token=f"pending:{uuid.uuid4().hex}",
                    issued_at=issued_at,
                    issued_by=actor,
                    valid_until=valid_until,
                    holder=holder,
                )
        except IntegrityError:
            raise Conflict("document_number_taken", NUMBER_TAKEN) from None
        document.token, claims = make_short_token(document_id=document.pk, fields=normalised)
        document.kid = claims.kid
        document.save(update_fields=["token", "kid"])
        if supersedes is not None:
            before = _snapshot(supersedes)
            supersedes.status = DocumentStatus.SUPERSEDED
            supersedes.superseded_by = document
            supersedes.save(update_fields=["status", "superseded_by"])
            record_audit(
                actor=actor,
                action="document.superseded",
                obj=supersedes,
                pourashava=pourashava,
                before=before,
                after=_snapshot(supersedes),
            )
        record_audit(
            actor=actor,
            action="document.issued",
            obj=document,
            pourashava=pourashava,
            after=_snapshot(document),
        )
        if render:
            from backend.documents.tasks import render_document_pdf

            document_id = document.pk
            transaction.on_commit(lambda: render_document_pdf.delay(document_id))
    return document


def revoke_document(*, document: IssuedDocument, reason: str, actor) -> IssuedDocument:
    reason = (reason or "").strip()
    if not reason:
        raise AppError("revoke_reason_required", REASON_REQUIRED, fields={"reason": ["required"]})
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status == DocumentStatus.REVOKED:
            raise Conflict("document_already_revoked", ALREADY_REVOKED)
        before = _snapshot(locked)
        locked.status = DocumentStatus.REVOKED
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = actor
        locked.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
        record_audit(
            actor=actor,
            action="document.revoked",
            obj=locked,
            pourashava=locked.pourashava,
            before=before,
            after={**_snapshot(locked), "reason": reason},
        )
    return locked


def ensure_pdf(*, document: IssuedDocument) -> bytes:
    """The document's PDF: the stored one, or rendered now and stored (idempotent)."""
    from backend.documents.pdf import render_document

    if document.pdf:
        with document.pdf.open("rb") as handle:
            return handle.read()
    content = render_document(document)
    name = default_storage.save(
        document.pdf.field.generate_filename(document, f"{document.number}.pdf"),
        ContentFile(content),
    )
    # Only the first writer wins; a concurrent render leaves its copy unused and removes it.
    updated = IssuedDocument.objects.filter(pk=document.pk, pdf__in=["", None]).update(pdf=name)
    if not updated:
        default_storage.delete(name)
        document.refresh_from_db(fields=["pdf"])
        with document.pdf.open("rb") as handle:
            return handle.read()
    document.pdf.name = name
    return content
