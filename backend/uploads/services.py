"""Storing uploads and finding a citizen's own. The only way files get into Upload."""

from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from backend.common.errors import AppError, NotFound
from backend.common.text import Text
from backend.identity.assisted import record_assisted_action
from backend.identity.models import Citizen, User
from backend.uploads.checks import check_file
from backend.uploads.models import Upload
from backend.uploads.purposes import get_upload_purpose
from backend.uploads.quota import check_quota, lock_quota

NOT_FOUND = Text(en="No such upload.", bn="এমন কোনো আপলোড নেই।")
PURPOSE_MISMATCH = Text(
    en="This upload was made for something else. Please upload the document for this purpose.",
    bn="এই আপলোডটি অন্য কাজের জন্য করা হয়েছিল। অনুগ্রহ করে এই কাজের কাগজটি আপলোড করুন।",
)


def store_upload(
    *,
    file: UploadedFile,
    uploaded_by: User,
    owner: Citizen | None,
    purpose: str,
    request=None,
) -> Upload:
    """Check size, extension, and that the content's magic bytes match the extension (images
    must also decode), then store the file and its row. Refusals raise AppError
    (`upload_purpose_unknown`, `upload_empty`, `upload_too_large`, `upload_type_not_allowed`,
    `upload_content_mismatch`, `upload_quota_exceeded`) and store nothing.

    With `request` given, an upload made in an assisted session is recorded as an assisted
    action in the same transaction as the row."""
    spec = get_upload_purpose(purpose)
    checked = check_file(file, spec)
    check_quota(owner=owner, uploaded_by=uploaded_by, size=checked.size)  # before any write

    upload = Upload(
        owner=owner,
        uploaded_by=uploaded_by,
        purpose=spec.code,
        original_name=checked.original_name,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    # The stored name comes from upload_to and the detected kind, never from the client.
    upload.file.save(f"upload{checked.kind.extension}", file, save=False)
    try:
        with transaction.atomic():
            lock_quota(owner=owner, uploaded_by=uploaded_by)
            check_quota(owner=owner, uploaded_by=uploaded_by, size=checked.size)
            upload.save()
            if request is not None:
                _record_assisted(request, upload)
    except BaseException:
        upload.file.storage.delete(upload.file.name)  # no file without its row
        raise
    return upload


def uploads_for(
    *, citizen: Citizen | None, public_ids: list[str] | list[UUID], purpose: str | None = None
) -> list[Upload]:
    """The citizen's own uploads with these ids, in the given order (an id given twice comes
    back once). Any id unknown or not theirs raises `upload_not_found` (404), the same for
    both, so nothing is revealed about other people's uploads. With `purpose`, an upload of
    theirs made for another purpose raises `upload_purpose_mismatch` (400). No citizen owns
    nothing (`owner=None` would match the staff-side files that have no owner)."""
    wanted: list[UUID] = []
    for value in public_ids:
        parsed = _uuid_or_none(value)
        if parsed is None:
            raise NotFound("upload_not_found", NOT_FOUND)
        if parsed not in wanted:
            wanted.append(parsed)
    if citizen is None and wanted:
        raise NotFound("upload_not_found", NOT_FOUND)
    found = {
        upload.public_id: upload
        for upload in Upload.objects.filter(owner=citizen, public_id__in=wanted)
    }
    if len(found) != len(wanted):
        raise NotFound("upload_not_found", NOT_FOUND)
    ordered = [found[public_id] for public_id in wanted]
    if purpose is not None and any(upload.purpose != purpose for upload in ordered):
        raise AppError("upload_purpose_mismatch", PURPOSE_MISMATCH)
    return ordered


def upload_of(*, citizen: Citizen | None, public_id: str | UUID) -> Upload:
    """One of the citizen's own uploads, or `upload_not_found`."""
    return uploads_for(citizen=citizen, public_ids=[public_id])[0]


def _record_assisted(request, upload: Upload) -> None:
    record_assisted_action(
        request,
        action=f"upload.{upload.purpose}",
        obj=upload,
        object_id=str(upload.public_id),
    )


def _uuid_or_none(value: str | UUID) -> UUID | None:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        return None
