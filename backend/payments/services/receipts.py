"""Receipt PDFs through backend.documents: the receipt is registered as a document kind, issued
(signed, with its QR token) on first print, and drawn by receipt_drawing.py. The integration is
here and only here.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.common.digits import to_bangla_digits
from backend.common.text import Text
from backend.documents.formatting import both_dates, taka
from backend.documents.kinds import Asserted, VerificationView, register_document_kind
from backend.documents.models import IssuedDocument
from backend.documents.pdf import render_document
from backend.documents.services import ensure_pdf, issue_document
from backend.payments.models import Receipt
from backend.payments.services.receipt_drawing import draw_receipt
from backend.payments.words import taka_in_words

DOCUMENT_KIND = "payment_receipt"
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
        template=None,
        public_fields=("total", "paid_on", "channel"),  # no names on the public page
        field_labels=FIELD_LABELS,
        extra_context=_document_extra_context,
        verification=_verification_view,
        draw=draw_receipt,
    )


# What the verification page shows: amount, payer and what was paid for (never an address).
VERIFY_LABELS = {
    "amount": Text(en="Amount paid", bn="পরিশোধিত পরিমাণ"),
    "payer": Text(en="Paid by", bn="পরিশোধকারী"),
    "paid_for": Text(en="Paid for", bn="যে বাবদ পরিশোধ"),
    "paid_on": Text(en="Paid on", bn="পরিশোধের তারিখ"),
}
QUARTER_BN = {1: "১ম", 2: "২য়", 3: "৩য়", 4: "৪র্থ"}


def _period(fiscal_year: str, quarter: int | None, month: int | None) -> tuple[str, str]:
    if quarter:
        return f"{to_bangla_digits(fiscal_year)}, {QUARTER_BN.get(quarter, quarter)} কিস্তি", (
            f"{fiscal_year}, instalment {quarter}"
        )
    if month:
        return f"{to_bangla_digits(fiscal_year)}, মাস {to_bangla_digits(month)}", (
            f"{fiscal_year}, month {month}"
        )
    return to_bangla_digits(fiscal_year), fiscal_year


def paid_for_rows(receipt: Receipt) -> list[dict]:
    """The receipt's lines as signed into its document: head, object, period and amount."""
    return [
        {
            "head_en": line.head.name_en,
            "head_bn": line.head.name_bn,
            "object": line.demand.object_label or line.demand.service_code,
            "fiscal_year": line.demand.fiscal_year,
            "quarter": line.demand.period_quarter,
            "month": line.demand.period_month,
            "amount": str(line.amount),
        }
        for line in receipt.lines.all()
    ]


def _verification_view(document) -> VerificationView:
    fields = document.fields or {}
    payer_bn, payer_en = fields.get("payer_name_bn"), fields.get("payer_name_en")
    rows = fields.get("paid_for")
    if rows is None:  # receipts signed before payer and lines were: read the (immutable) row
        receipt = _receipt_query().filter(number=document.number).first()
        if receipt is not None:
            payer_bn, payer_en = receipt.payer_name_bn, receipt.payer_name_en
            rows = paid_for_rows(receipt)
    asserts = [
        Asserted(
            VERIFY_LABELS["amount"],
            f"৳ {taka(Decimal(fields['total']), 'bn')}",
            f"Tk {taka(Decimal(fields['total']), 'en')}",
        )
    ]
    if payer_bn or payer_en:
        asserts.append(Asserted(VERIFY_LABELS["payer"], payer_bn or payer_en, payer_en or payer_bn))
    for row in rows or []:
        period_bn, period_en = _period(row["fiscal_year"], row.get("quarter"), row.get("month"))
        amount = Decimal(row["amount"])
        asserts.append(
            Asserted(
                VERIFY_LABELS["paid_for"],
                f"{row['head_bn']} — {to_bangla_digits(row['object'])} ({period_bn}): "
                f"৳ {taka(amount, 'bn')}",
                f"{row['head_en']} — {row['object']} ({period_en}): Tk {taka(amount, 'en')}",
            )
        )
    if fields.get("paid_on"):
        paid_on = date.fromisoformat(fields["paid_on"])
        asserts.append(
            Asserted(VERIFY_LABELS["paid_on"], both_dates(paid_on, "bn"), both_dates(paid_on, "en"))
        )
    return VerificationView(title_bn=TITLE.bn, title_en=TITLE.en, asserts=asserts)


def _document_extra_context(document) -> dict:
    receipt = _receipt_query().get(number=document.number)
    return receipt_context(receipt)


def _receipt_query():
    return Receipt.objects.select_related("pourashava", "payment", "citizen").prefetch_related(
        "lines__head", "lines__demand"
    )


def receipt_context(receipt: Receipt) -> dict:
    total = receipt.total
    return {
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
                    "payer_name_en": receipt.payer_name_en,
                    "payer_name_bn": receipt.payer_name_bn,
                    "paid_for": paid_for_rows(receipt),
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
    return render_document(document, language)
