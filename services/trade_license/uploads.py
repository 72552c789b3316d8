"""What a citizen uploads for a trade licence: the rent agreement for rented premises and the
documents handed in with an application (NID copy, sector permits), one purpose for all."""

from backend.common.text import Text
from backend.uploads.purposes import UploadPurpose, register_upload_purpose

DOCUMENT_PURPOSE = "trade_licence_document"
DOCUMENT_LABEL = Text(
    en="Document for a trade licence (rent agreement, permit, NID copy)",
    bn="ট্রেড লাইসেন্সের কাগজ (ভাড়ার চুক্তিপত্র, অনুমতিপত্র, এনআইডির কপি)",
)
DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png"})


def register() -> UploadPurpose:
    return register_upload_purpose(DOCUMENT_PURPOSE, DOCUMENT_LABEL, DOCUMENT_KINDS)
