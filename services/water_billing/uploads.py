"""The meter photo: a reader uploads it (purpose `water_meter_photo`, JPEG or PNG) and names it
on the reading. A reading accepts only a photo of that purpose uploaded by the same reader."""

from uuid import UUID

from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.models import User
from backend.uploads.models import Upload
from backend.uploads.purposes import UploadPurpose, register_upload_purpose

PHOTO_PURPOSE = "water_meter_photo"
PHOTO_LABEL = Text(en="Photo of a water meter's dial", bn="পানির মিটারের ডায়ালের ছবি")
PHOTO_KINDS = frozenset({"jpeg", "png"})

PHOTO_UNKNOWN = Text(
    en="No meter photo with this id was uploaded by you; upload the photo first.",
    bn="এই আইডির কোনো মিটারের ছবি আপনি আপলোড করেননি; আগে ছবিটি আপলোড করুন।",
)
PHOTO_WRONG_PURPOSE = Text(
    en="This upload is not a meter photo; upload it as a water meter photo.",
    bn="এই আপলোডটি মিটারের ছবি নয়; পানির মিটারের ছবি হিসেবে আপলোড করুন।",
)


def register() -> UploadPurpose:
    return register_upload_purpose(PHOTO_PURPOSE, PHOTO_LABEL, PHOTO_KINDS)


register()  # at import too: the readings service imports this module


def photo_for(actor: User, public_id: UUID | str | None) -> int | None:
    """The upload's row id, if it is a meter photo `actor` uploaded; a 400 otherwise."""
    if not public_id:
        return None
    upload = (
        Upload.objects.filter(public_id=public_id, uploaded_by=actor).only("pk", "purpose").first()
    )
    if upload is None:
        raise AppError("meter_photo_unknown", PHOTO_UNKNOWN, fields={"photo": ["unknown"]})
    if upload.purpose != PHOTO_PURPOSE:
        raise AppError(
            "meter_photo_wrong_purpose", PHOTO_WRONG_PURPOSE, fields={"photo": ["wrong_purpose"]}
        )
    return upload.pk
