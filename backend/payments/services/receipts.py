"""Receipt PDFs through backend.documents: the receipt is registered as a document kind, issued
(signed, with its QR token) on first print, and rendered by the documents renderer with our
template. The integration is here and only here.
"""

from django.db import transaction
from django.utils import timezone

from backend.common.text import Text
from backend.documents.kinds import register_document_kind
from backend.documents.models import IssuedDocument
from backend.documents.pdf import document_context
from backend.documents.rendering import render_pdf
from backend.documents.services import ensure_pdf, issue_document
from backend.payments.models import Receipt
from backend.payments.words import taka_in_words

DOCUMENT_KIND = "payment_receipt"
TEMPLATE = "payments/receipt.html"
TITLE = Text(en="Payment receipt", bn="পরিশোধের রসিদ")
FIELD_LABELS = {
    "total": Text(en="Amount (taka)", bn="পরিমাণ (টাকা)"),
    "paid_on": Text(en="Paid on", bn="পরিশোধের তারিখ"),
    "channel": Text(en="Paid through", bn="পরিশোধের মাধ্যম"),
}


def register_receipt_kind() -> None:
    register_document_kind(
        DOCUMENT_KIND,
        title=TITLE,
        template=TEMPLATE,
        public_fields=("total", "paid_on", "channel"),  # no names on the public page
        field_labels=FIELD_LABELS,
        extra_context=_document_extra_context,
    )


def _document_extra_context(document) -> dict:
    receipt = _receipt_query().get(number=document.number)
    return receipt_context(receipt, "documents/base_document.html")


def _receipt_query():
    return Receipt.objects.select_related("pourashava", "payment", "citizen").prefetch_related(
        "lines__head", "lines__demand"
    )


def receipt_context(receipt: Receipt, base_template: str) -> dict:
    total = receipt.total
    return {
        "base_template": base_template,
        "receipt": receipt,
        "lines": list(receipt.lines.all()),
        "total": total,
        "total_words_en": taka_in_words(total, "en"),
        "total_words_bn": taka_in_words(total, "bn"),
        "paid_at": timezone.localtime(receipt.paid_at),
        "issued_at": timezone.localtime(receipt.issued_at),
        "channel": receipt.payment.get_channel_display(),
        "payment_reference": receipt.payment.reference,
        "gateway_transaction_id": receipt.payment.gateway_transaction_id or "",
    }


def _issued_document(receipt: Receipt, language: str):
    """The receipt's IssuedDocument, issued (signed) once, on first print."""
    with transaction.atomic():
        locked = Receipt.objects.select_for_update().get(pk=receipt.pk)
        document = IssuedDocument.objects.filter(kind=DOCUMENT_KIND, number=receipt.number).first()
        if document is None:
            document = issue_document(
                kind=DOCUMENT_KIND,
                number=receipt.number,
                pourashava=receipt.pourashava,
                fields={
                    "total": str(receipt.total),
                    "paid_on": timezone.localdate(receipt.paid_at).isoformat(),
                    "channel": receipt.channel,
                },
                language=language,
                holder=receipt.citizen,
                render=False,
            )
            locked.document_token = document.token
            locked.save(update_fields=["document_token"])
    return document


def render_receipt_pdf(receipt: Receipt, *, language: str = "bn") -> bytes:
    receipt = _receipt_query().get(pk=receipt.pk)
    document = _issued_document(receipt, language)
    if document.language == language:
        return ensure_pdf(document=document)  # rendered once, then served from storage
    return render_pdf(TEMPLATE, document_context(document), language=language)
