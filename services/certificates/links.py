"""Addresses the certificate API hands out, reversed from the routes so they cannot drift."""

from uuid import UUID

from django.urls import reverse


def certificate_pdf_url(number: str) -> str:
    """The holder's download of an issued certificate (document_api.py serves it)."""
    return reverse("my-certificate-pdf", args=[number])


def own_upload_url(upload_id: UUID | str) -> str:
    """An upload, to its owner (the uploads app serves it)."""
    return reverse("my-upload-file", args=[upload_id])


def staff_attachment_url(number: str, upload_id: UUID | str) -> str:
    """A document handed in with an application, to staff who may see it (application_api.py)."""
    return reverse("certificate-staff-attachment", args=[number, upload_id])
