"""Photos and documents of a holding. Citizens upload first (backend.uploads, purposes
`holding_photo` and `holding_document`), then attach their own uploads by id: to a holding they
hold now, or to a register application, whose attachments move to the resulting holding when it
is approved."""

from dataclasses import dataclass
from uuid import UUID

from django.db import transaction

from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.models import Citizen, User
from backend.uploads.models import Upload
from backend.uploads.purposes import register_upload_purpose
from backend.uploads.services import uploads_for
from services.property.models import (
    AttachmentKind,
    Holding,
    HoldingAttachment,
    PropertyApplication,
)

PHOTO_PURPOSE = register_upload_purpose(
    "holding_photo", Text(en="Photo of a holding", bn="হোল্ডিংয়ের ছবি"), {"jpeg", "png"}
).code
DOCUMENT_PURPOSE = register_upload_purpose(
    "holding_document",
    Text(en="Holding document (deed, khatian...)", bn="হোল্ডিংয়ের কাগজ (দলিল, খতিয়ান...)"),
    {"pdf", "jpeg", "png"},
).code
KIND_MISMATCH = Text(
    en="A photo is attached from a holding photo upload, a document from a holding document "
    "upload.",
    bn="ছবি সংযুক্ত হয় হোল্ডিংয়ের ছবি হিসেবে আপলোড থেকে, কাগজ হোল্ডিংয়ের কাগজ হিসেবে আপলোড থেকে।",
)


@dataclass(frozen=True)
class AttachmentInput:
    upload: str | UUID  # the upload's public id
    kind: str | None = None  # default: photo for a photo upload, "other" for a document
    caption: str = ""


def _kind_for(upload: Upload, asked: str | None) -> str:
    photo = upload.purpose == PHOTO_PURPOSE
    if upload.purpose not in (PHOTO_PURPOSE, DOCUMENT_PURPOSE) or (
        asked is not None and (asked == AttachmentKind.PHOTO) != photo
    ):
        raise AppError("attachment_kind_mismatch", KIND_MISMATCH)
    return asked or (AttachmentKind.PHOTO if photo else AttachmentKind.OTHER)


def _resolve(citizen: Citizen, items: list[AttachmentInput]) -> list[tuple[Upload, str, str]]:
    """Each item's upload (the citizen's own, else `upload_not_found`) and kind, before any
    write."""
    uploads = uploads_for(citizen=citizen, public_ids=[item.upload for item in items])
    by_id = {upload.public_id: upload for upload in uploads}
    resolved, seen = [], set()
    for item in items:
        upload = by_id[UUID(str(item.upload))]  # uploads_for has checked every id parses
        if upload.pk in seen:
            continue
        seen.add(upload.pk)
        resolved.append((upload, _kind_for(upload, item.kind), item.caption))
    return resolved


@transaction.atomic
def attach_to_holding(
    *, holding: Holding, citizen: Citizen, actor: User, items: list[AttachmentInput]
) -> list[HoldingAttachment]:
    """Attach the citizen's uploads to a holding they hold; one already attached is kept as
    it is."""
    resolved = _resolve(citizen, items)
    already = _attached_uploads(holding)
    HoldingAttachment.objects.bulk_create(
        HoldingAttachment(
            pourashava_id=holding.pourashava_id,
            holding=holding,
            upload=upload,
            kind=kind,
            caption=caption,
            added_by=actor,
        )
        for upload, kind, caption in resolved
        if upload.pk not in already
    )
    return list(attachments_of(holding))


def attach_to_application(
    *, detail: PropertyApplication, citizen: Citizen, actor: User, items: list[AttachmentInput]
) -> None:
    """Hand uploads in with an application (inside the application's transaction)."""
    HoldingAttachment.objects.bulk_create(
        HoldingAttachment(
            pourashava_id=detail.pourashava_id,
            application=detail,
            upload=upload,
            kind=kind,
            caption=caption,
            added_by=actor,
        )
        for upload, kind, caption in _resolve(citizen, items)
    )


def link_to_holding(detail: PropertyApplication, holding: Holding) -> None:
    """On approval: the application's attachments become the resulting holding's."""
    already = _attached_uploads(holding)
    HoldingAttachment.objects.filter(application=detail, holding__isnull=True).exclude(
        upload_id__in=already
    ).update(holding=holding)


def _attached_uploads(holding: Holding) -> set[int]:
    """The uploads already on the holding, read under the holding's row lock (inside the
    caller's transaction) so two attachments of one upload at once cannot both insert it."""
    Holding.objects.select_for_update().filter(pk=holding.pk).first()
    return set(
        HoldingAttachment.objects.filter(holding=holding).values_list("upload_id", flat=True)
    )


def attachments_of(holding: Holding):
    return (
        HoldingAttachment.objects.filter(holding=holding)
        .select_related("upload")
        .order_by("added_at", "id")
    )
