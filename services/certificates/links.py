"""Addresses the certificate API hands out, in one place so every response links alike."""

from uuid import UUID


def certificate_pdf_url(number: str) -> str:
    """The holder's download of an issued certificate (document_api.py serves it)."""
    return f"/api/v1/me/certificates/{number}/pdf"


def own_upload_url(upload_id: UUID | str) -> str:
    """An upload, to its owner (the uploads app serves it)."""
    return f"/api/v1/me/uploads/{upload_id}/"


def staff_attachment_url(number: str, upload_id: UUID | str) -> str:
    """A document handed in with an application, to staff who may see it (application_api.py)."""
    return f"/api/v1/staff/certificate-applications/{number}/attachments/{upload_id}/"
