"""Upload purposes: what a file is for ("death_certificate", "holding_photo", "deed"...) and
which kinds of file it may be. An upload whose purpose is not registered is refused with
`upload_purpose_unknown`.

Services register theirs at import time, beside the code that uses them (a models module or
AppConfig.ready, so they exist in every process)::

    from backend.uploads.purposes import register_upload_purpose

    HOLDING_PHOTO = register_upload_purpose(
        "holding_photo",                                  # lower_snake_case, at most 40
        Text(en="Photo of a holding", bn="হোল্ডিংয়ের ছবি"),  # shown to citizens
        {"jpeg", "png"},                                  # kinds from backend.uploads.kinds
        max_bytes=2 * 1024 * 1024,                        # optional; only lowers UPLOAD_MAX_BYTES
    )

Registering the same definition again is harmless; a different one under a taken code raises
ValueError. The platform registers only "other" (PDF, JPEG or PNG). `GET /api/v1/uploads/purposes/`
lists them all for clients."""

from collections.abc import Iterable
from dataclasses import dataclass

from backend.common.errors import AppError
from backend.common.text import Text
from backend.uploads.kinds import KINDS

UNKNOWN_PURPOSE = Text(
    en="Unknown upload purpose.",
    bn="অজানা আপলোডের উদ্দেশ্য।",
)


@dataclass(frozen=True)
class UploadPurpose:
    code: str
    label: Text
    allowed: frozenset[str]  # kind codes from backend.uploads.kinds.KINDS
    max_bytes: int | None = None  # None: settings.UPLOAD_MAX_BYTES


_PURPOSES: dict[str, UploadPurpose] = {}


def register_upload_purpose(
    code: str, label: Text, allowed: Iterable[str], max_bytes: int | None = None
) -> UploadPurpose:
    """Declare a purpose. Registering the same definition twice is harmless (modules may be
    imported more than once in tests); a different definition under a taken code is a bug."""
    if not code or len(code) > 40 or not code.replace("_", "").isalnum() or code != code.lower():
        raise ValueError(f"upload purpose code must be lower_snake_case, at most 40: {code!r}")
    kinds = frozenset(allowed)
    if not kinds or not kinds <= KINDS.keys():
        raise ValueError(f"allowed kinds must be some of {sorted(KINDS)}: {sorted(kinds)}")
    if max_bytes is not None and max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    purpose = UploadPurpose(code=code, label=label, allowed=kinds, max_bytes=max_bytes)
    existing = _PURPOSES.get(code)
    if existing is not None and existing != purpose:
        raise ValueError(f"upload purpose {code!r} is already registered differently")
    _PURPOSES[code] = purpose
    return purpose


def get_upload_purpose(code: str) -> UploadPurpose:
    try:
        return _PURPOSES[code]
    except KeyError:
        raise AppError(
            "upload_purpose_unknown",
            UNKNOWN_PURPOSE,
            fields={"purpose": [UNKNOWN_PURPOSE.render()]},
        ) from None


def registered_upload_purposes() -> list[UploadPurpose]:
    return sorted(_PURPOSES.values(), key=lambda purpose: purpose.code)


OTHER = register_upload_purpose(
    "other", Text(en="Other document", bn="অন্যান্য কাগজ"), {"pdf", "jpeg", "png"}
)
