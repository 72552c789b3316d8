"""The water bill as a signed document: a kind registered with backend.documents, issued (signed,
with its QR token) the first time its PDF is asked for, rendered once and then served from
storage. The printed page is Bangla and English side by side with both calendars; what the
public verification page shows is the bill itself (connection, month, amount, dates), never the
consumer's name, mobile or address."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from backend.common.digits import to_bangla_digits
from backend.common.text import Text
from backend.documents.formatting import both_dates, taka
from backend.documents.kinds import Asserted, VerificationView, register_document_kind
from backend.documents.models import IssuedDocument
from backend.documents.pdf import render_document
from backend.documents.services import ensure_pdf, issue_document
from services.water_billing.models import Bill

DOCUMENT_KIND = "water_bill"
TEMPLATE = "water_billing/bill.html"
TITLE = Text(en="Water bill", bn="পানির বিল")

LABELS = {
    "connection": Text(en="Connection", bn="সংযোগ নম্বর"),
    "consumer": Text(en="Consumer", bn="গ্রাহক"),
    "holding": Text(en="Holding", bn="হোল্ডিং"),
    "ward": Text(en="Ward", bn="ওয়ার্ড"),
    "category": Text(en="Category", bn="শ্রেণি"),
    "period": Text(en="Bill for the month", bn="বিলের মাস"),
    "consumption": Text(en="Consumption (kL)", bn="ব্যবহার (কিলোলিটার)"),
    "estimated": Text(en="estimated", bn="আনুমানিক"),
    "days": Text(en="Days billed", bn="বিলকৃত দিন"),
    "issued": Text(en="Bill date", bn="বিলের তারিখ"),
    "due": Text(en="Pay by", bn="পরিশোধের শেষ তারিখ"),
    "head": Text(en="Head", bn="খাত"),
    "amount": Text(en="Taka", bn="টাকা"),
    "total": Text(en="Total payable", bn="মোট প্রদেয়"),
    "in_words": Text(en="In words", bn="কথায়"),
    "final": Text(en="FINAL BILL", bn="চূড়ান্ত বিল"),
    "surcharge_note": Text(
        en="Unpaid after the due date, a surcharge is added once.",
        bn="শেষ তারিখের পর অপরিশোধিত থাকলে একবার সারচার্জ যোগ হবে।",
    ),
}
LINE_NAMES = {
    "water_charge": Text(en="Water charge", bn="পানির চার্জ"),
    "sewerage": Text(en="Sewerage charge", bn="পয়ঃনিষ্কাশন চার্জ"),
    "roundoff": Text(en="Round-off to whole taka", bn="পূর্ণ টাকায় সমন্বয়"),
}
VERIFY_LABELS = {
    "connection": LABELS["connection"],
    "period": LABELS["period"],
    "amount": Text(en="Amount billed", bn="বিলের পরিমাণ"),
    "due": LABELS["due"],
}
MONTHS_BN = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)


def month_label(period: date, language: str) -> str:
    """ "May 2026" or "মে ২০২৬"."""
    if language == "bn":
        return f"{MONTHS_BN[period.month - 1]} {to_bangla_digits(period.year)}"
    return f"{period:%B %Y}"


def document_number(bill: Bill) -> str:
    return f"WB-{bill.connection.number}-{bill.period:%Y%m}"


def bill_fields(bill: Bill) -> dict:
    """What is signed into the bill's QR token (the PDF is drawn from these, not the live row)."""
    connection = bill.connection
    holding = connection.holding
    return {
        "connection": connection.number,
        "consumer_name": connection.consumer_name,
        "holding": holding.reference,
        "ward": connection.ward.number,
        "category": connection.category,
        "period": f"{bill.period:%Y-%m}",
        "consumption_kl": str(bill.consumption_kl) if bill.consumption_kl is not None else "",
        "estimated": bill.estimated,
        "days_billed": bill.days_billed,
        "days_in_month": bill.days_in_month,
        "lines": [{"code": line["code"], "amount": str(line["amount"])} for line in bill.lines],
        "total": str(bill.total),
        "issue_date": bill.issue_date.isoformat(),
        "due_date": bill.due_date.isoformat(),
        "is_final": bill.is_final,
    }


def _period(fields: dict) -> date:
    year, month = fields["period"].split("-")
    return date(int(year), int(month), 1)


def bill_verification(document: IssuedDocument) -> VerificationView:
    fields = document.fields or {}
    total, period = Decimal(fields["total"]), _period(fields)
    due = date.fromisoformat(fields["due_date"])
    return VerificationView(
        title_bn=TITLE.bn,
        title_en=TITLE.en,
        asserts=[
            Asserted(
                VERIFY_LABELS["connection"],
                to_bangla_digits(fields["connection"]),
                fields["connection"],
            ),
            Asserted(VERIFY_LABELS["period"], month_label(period, "bn"), month_label(period, "en")),
            Asserted(VERIFY_LABELS["amount"], f"৳ {taka(total, 'bn')}", f"Tk {taka(total, 'en')}"),
            Asserted(VERIFY_LABELS["due"], both_dates(due, "bn"), both_dates(due, "en")),
        ],
    )


def bill_context(document: IssuedDocument) -> dict:
    from backend.payments.words import taka_in_words

    fields = document.fields or {}
    total = Decimal(fields["total"])
    period = _period(fields)
    return {
        "t": LABELS,
        "f": fields,
        "period_bn": month_label(period, "bn"),
        "period_en": month_label(period, "en"),
        "lines": [
            {
                "name": LINE_NAMES.get(line["code"], Text(en=line["code"], bn=line["code"])),
                "amount": line["amount"],
            }
            for line in fields.get("lines", [])
        ],
        "total_words_bn": taka_in_words(total, "bn"),
        "total_words_en": taka_in_words(total, "en"),
    }


def register() -> None:
    register_document_kind(
        DOCUMENT_KIND,
        title=TITLE,
        template=TEMPLATE,
        # Shown to whoever scans the QR: the bill, not the consumer (no name, holding, mobile).
        public_fields=("connection", "period", "total", "due_date"),
        field_labels={},
        extra_context=bill_context,
        verification=bill_verification,
    )


register()  # at import too: the citizen API and the panel import this module


def issued_document(bill: Bill, language: str) -> IssuedDocument:
    """The bill's signed document, issued once (the first download names its language)."""
    number = document_number(bill)
    with transaction.atomic():
        locked = Bill.objects.select_for_update().get(pk=bill.pk)  # one issue per bill
        document = IssuedDocument.objects.filter(kind=DOCUMENT_KIND, number=number).first()
        if document is None:
            document = issue_document(
                kind=DOCUMENT_KIND,
                number=number,
                pourashava=bill.pourashava,
                fields=bill_fields(bill),
                language=language,
                holder=locked.citizen or bill.connection.citizen,
                render=False,
            )
    return document


def bill_pdf(bill: Bill, *, language: str) -> tuple[IssuedDocument, bytes]:
    """The bill's PDF in `language`: the stored one (rendered once) when the document was
    issued in that language, else rendered now from the same signed fields."""
    document = issued_document(bill, language)
    if document.language == language:
        return document, ensure_pdf(document=document)
    return document, render_document(document, language)
