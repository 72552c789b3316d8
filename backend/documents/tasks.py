"""Background work for documents: render and store PDFs after the issuing transaction commits."""

from celery import shared_task

from backend.documents.models import IssuedDocument
from backend.documents.services import ensure_pdf


@shared_task(acks_late=True)
def render_document_pdf(document_id: int) -> None:
    document = IssuedDocument.objects.select_related("pourashava", "holder").get(pk=document_id)
    ensure_pdf(document=document)  # idempotent: a stored PDF is kept as it is
