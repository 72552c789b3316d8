"""What a citizen uploads for a certificate application (death certificate, NID copy...): one
upload purpose for all of them; which document an upload is stands on CertificateAttachment."""

from backend.common.text import Text
from backend.uploads.purposes import UploadPurpose, register_upload_purpose

DOCUMENT_PURPOSE = "certificate_document"
DOCUMENT_LABEL = Text(en="Document for a certificate application", bn="সনদের আবেদনের কাগজ")
DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png"})


def register() -> UploadPurpose:
    """Declare the purpose (harmless to repeat: the same definition registers once)."""
    return register_upload_purpose(DOCUMENT_PURPOSE, DOCUMENT_LABEL, DOCUMENT_KINDS)
