"""What certificates share with agencies (backend/sharing): certificate validity by number, for
a bank or office handed a councillor certificate. The certificate type, ward, status and dates;
the holder's name only as a personal field (the scope "certificates:personal" and the holder's
consent). Never NIDs, heirs' details or addresses."""

from django.utils import timezone

from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.pdf import verify_url
from backend.sharing.registry import SharedDataset, SharedRecord, register_dataset
from services.certificates.services.issuing import KIND

CODE = "certificate.validity"
SCOPE = "certificates"


def _status(document: IssuedDocument) -> str:
    if document.status != DocumentStatus.VALID:
        return document.status  # revoked or superseded
    if document.valid_until and document.valid_until < timezone.localdate():
        return "expired"
    return "valid"


def validity_of(identifier: str, include_personal: bool = False) -> SharedRecord | None:
    """`identifier`: the number printed on the certificate, e.g. NAT-CC-2025-26-000012."""
    document = (
        IssuedDocument.objects.select_related("pourashava")
        .filter(kind=KIND, number=identifier.upper())
        .first()
    )
    if document is None:
        return None
    signed = document.fields or {}
    fields = {
        "number": document.number,
        "pourashava": document.pourashava.code,
        "type_code": signed.get("type_code", ""),
        "type_name_en": signed.get("type_name_en", ""),
        "type_name_bn": signed.get("type_name_bn", ""),
        "ward": signed.get("ward"),
        "status": _status(document),
        "issued_on": timezone.localdate(document.issued_at).isoformat(),
        "valid_until": document.valid_until.isoformat() if document.valid_until else None,
        "verification_url": verify_url(document.token),
    }
    if include_personal:
        fields["holder_name_en"] = signed.get("holder_name_en", "")
        fields["holder_name_bn"] = signed.get("holder_name_bn", "")
    return SharedRecord(fields=fields, citizen_id=document.holder_id)


def register() -> None:
    register_dataset(
        SharedDataset(
            code=CODE,
            scope=SCOPE,
            title_en="Certificate validity",
            title_bn="সনদের বৈধতা",
            subject_en="certificate number",
            subject_bn="সনদ নম্বর",
            fields=(
                "number",
                "pourashava",
                "type_code",
                "type_name_en",
                "type_name_bn",
                "ward",
                "status",
                "issued_on",
                "valid_until",
                "verification_url",
            ),
            personal_fields=("holder_name_en", "holder_name_bn"),
            lookup=validity_of,
        )
    )
